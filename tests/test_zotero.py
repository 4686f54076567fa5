"""A reference manager's library in and out: BibTeX, CSL-JSON and RIS imports, RIS and
CSL-JSON exports, and the round trips between them (issue 24, items 3 and 4).

The files in tests/data/refs are written in the shapes Zotero's own exports (BibTeX with
tabs, `url`/`doi`/`note`; CSL-JSON with string years and `number` "arXiv:ID"; RIS with
CRLF lines, "Last, First" authors, `DA  - YYYY/MM/DD/`, `N1  - arXiv:ID [cs]`), EndNote's
RIS (`T1`, `A1`, `JO`) and Better BibTeX's (`eprint`/`archiveprefix`/`primaryclass`,
biblatex `eprinttype`) have, after the RIS format's specification and rispy's tag table.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import bibtexparser  # type: ignore[import-untyped]
import jsonschema
import pytest
import rispy

from conftest import Home, isolate, shown_after_import
from hubserver import HubServer, seed_items
from papercli import bibimport
from papercli.exporters import render
from papercli.models import Paper

REFS = Path(__file__).parent / "data" / "refs"
SEED = {i["paper"]["id"]: i["paper"] for i in seed_items()}

# CSL-JSON items as the CSL 1.0.2 data schema describes them: the fields papercli writes,
# with their types; names {family, given} or {literal}; dates as date-parts.
NAME = {"type": "object", "properties": {
    "family": {"type": "string"}, "given": {"type": "string"}, "suffix": {"type": "string"},
    "literal": {"type": "string"}, "non-dropping-particle": {"type": "string"}},
    "additionalProperties": False, "minProperties": 1}
DATE = {"type": "object", "properties": {"date-parts": {
    "type": "array", "minItems": 1, "maxItems": 2, "items": {
        "type": "array", "minItems": 1, "maxItems": 3,
        "items": {"type": "integer"}}}}, "required": ["date-parts"]}
CSL_TYPES = ["article", "article-journal", "paper-conference", "report", "book", "chapter",
             "thesis", "manuscript", "webpage", "dataset", "software"]
CSL_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type", "title"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "type": {"enum": CSL_TYPES},
            "title": {"type": "string"},
            "author": {"type": "array", "items": NAME},
            "issued": DATE,
            "URL": {"type": "string", "pattern": "^https://arxiv\\.org/abs/"},
            "DOI": {"type": "string", "pattern": "^10\\.[0-9]{4,}/"},
            "number": {"type": "string"},
            "publisher": {"type": "string"},
            "container-title": {"type": "string"},
            "keyword": {"type": "string"},
            "abstract": {"type": "string"},
            "note": {"type": "string"},
        },
    },
}


def tags_and_stars(papers: Any) -> dict[str, list[str]]:
    """Starred paper id -> its tags, as `papers starred --json` says."""
    result = papers("starred", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    return {p["id"]: p.get("tags") or [] for p in result.json}


def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Home:
    return isolate(tmp_path / name, monkeypatch)


# -- export: RIS and CSL-JSON ----------------------------------------------------------


def tag_some(library: Any) -> list[str]:
    ids = ["2401.01055", "2501.03895", "2404.14047"]
    assert library("star", *ids, "--offline").exit_code == 0
    assert library("tag", "2401.01055", "llm", "multilingual").exit_code == 0
    assert library("tag", "2404.14047", "quantization").exit_code == 0
    assert library("note", "2401.01055", "-m", "Read section 3.\n\nThen the appendix."
                   ).exit_code == 0
    return ids


def test_ris_export_parses_with_rispy(library: Any) -> None:
    ids = tag_some(library)
    result = library("starred", "--format", "ris")
    assert result.exit_code == 0, result.stderr
    entries = rispy.loads(result.stdout)
    assert [e["id"] for e in entries] == list(reversed(ids)) or \
        sorted(e["id"] for e in entries) == sorted(ids)
    by_id = {e["id"]: e for e in entries}
    first = by_id["2401.01055"]
    assert first["type_of_reference"] == "UNPB"  # a preprint (a journal article is JOUR)
    assert first["title"] == SEED["2401.01055"]["title"].strip()
    assert first["authors"][0] == "1, Author"  # "Author 1": family name last
    assert first["doi"] == "10.48550/arXiv.2401.01055"
    assert first["urls"] == ["https://arxiv.org/abs/2401.01055"]
    assert first["year"] == "2024" and first["date"] == "2024/01/02/"
    assert first["keywords"] == ["llm", "multilingual"]
    # The note's paragraphs are lines (rispy makes each a note, the blank one too).
    assert first["notes"] == ["Read section 3.", "", "Then the appendix."]
    assert first["abstract"].startswith(SEED["2401.01055"]["summary"].split()[0])
    assert "keywords" not in by_id["2501.03895"]
    assert by_id["2404.14047"]["keywords"] == ["quantization"]


def test_csljson_export_validates_and_says_what_zotero_reads(library: Any) -> None:
    tag_some(library)
    result = library("starred", "--format", "csljson")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    jsonschema.validate(items, CSL_SCHEMA)
    first = {i["id"]: i for i in items}["2401.01055"]
    assert first["type"] == "article"
    assert first["number"] == "arXiv:2401.01055"  # Archive ID, as Zotero writes it
    assert first["DOI"] == "10.48550/arXiv.2401.01055"
    assert first["URL"] == "https://arxiv.org/abs/2401.01055"
    assert first["issued"] == {"date-parts": [[2024, 1, 2]]}
    assert first["author"][0] == {"family": "1", "given": "Author"}
    assert first["keyword"] == "llm, multilingual"
    assert first["note"] == "Read section 3.\n\nThen the appendix."
    # every listing takes the formats, and `export` too
    whole = library("export", "--format", "csljson")
    assert whole.exit_code == 0, whole.stderr
    jsonschema.validate(json.loads(whole.stdout), CSL_SCHEMA)
    assert len(json.loads(whole.stdout)) == 19
    ris = library("search", "llava", "--offline", "--format", "ris")
    assert ris.exit_code == 0 and rispy.loads(ris.stdout)


def test_hostile_papers_export_cleanly() -> None:
    hostile = Paper(
        id="2401.00001", title="Evil\x1b[31m title\r\nER  - \nTY  - GEN",
        authors=("Ann \x07Lee", "Solo", "Ludwig van Beethoven", "Martin Luther King Jr."),
        summary="line one\nKW  - injected\n\x1b]0;x\x07", published_at="2024-02-30T00:00:00Z")
    extras = {"2401.00001": {"tags": ["a", "b/c"], "note": "note\nN1  - more\x1b[0m"}}
    ris = render([hostile], "ris", title="t", extras=extras)
    assert "\x1b" not in ris and "\x07" not in ris and "\r" not in ris
    entries = rispy.loads(ris)
    assert len(entries) == 1 and entries[0]["keywords"] == ["a", "b/c"]
    assert entries[0]["type_of_reference"] == "UNPB"
    assert entries[0]["authors"][2:] == ["van Beethoven, Ludwig", "King, Martin Luther, Jr."]
    csl = json.loads(render([hostile], "csljson", title="t", extras=extras))
    jsonschema.validate(csl, CSL_SCHEMA)
    assert "\x1b" not in json.dumps(csl, ensure_ascii=False)
    assert csl[0]["author"][1] == {"family": "Solo"}
    assert render([], "ris", title="t") == "\n"
    assert json.loads(render([], "csljson", title="t")) == []


def test_extension_ris_picks_the_format(library: Any, tmp_path: Path) -> None:
    target = tmp_path / "refs.ris"
    result = library("export", "-n", "3", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert len(rispy.loads(target.read_text(encoding="utf-8"))) == 3


# -- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csljson", "bibtex", "ris"])
def test_round_trip_into_a_fresh_library(library: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """Export the starred papers, import the file into a new home: the same papers are
    starred with the same tags (offline: from the file's own fields)."""
    tag_some(library)
    assert library("tag", "2501.03895", "under_score", "a.b/c-d").exit_code == 0
    before = tags_and_stars(library)
    day = library("show", "2401.01055", "--offline", "--json").json["published_at"][:10]
    out = tmp_path / f"mine.{fmt}"
    result = library("starred", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    if fmt == "bibtex":  # the BibTeX parser reads what we wrote
        parsed = bibtexparser.loads(out.read_text(encoding="utf-8"))
        assert sorted(e["eprint"] for e in parsed.entries) == sorted(before)
    if fmt == "ris":  # and so does rispy
        records = rispy.loads(out.read_text(encoding="utf-8"))
        assert sorted(r["id"] for r in records) == sorted(before)
    fresh_home(tmp_path, monkeypatch, "fresh")
    imported = library("import", str(out), "--offline", "--json")
    assert imported.exit_code == 0, imported.stderr
    summary = imported.json["references"][0]
    assert summary["format"] == fmt and summary["starred"] == len(before)
    assert summary["from_file"] == len(before) and summary["without_arxiv_id"] == 0
    after = tags_and_stars(library)
    assert after == before
    shown = library("show", "2401.01055", "--offline", "--json").json
    assert shown["title"] == SEED["2401.01055"]["title"].strip()
    assert shown["authors"][:2] == ["Author 1", "Author 2"]
    assert shown["published_at"][:10] == day  # the day, not January 1st of its year


# -- import: Zotero's and Better BibTeX's shapes ------------------------------------------


def test_better_bibtex_offline_stores_the_files_fields(papers: Any) -> None:
    result = papers("import", str(REFS / "better-bibtex.bib"), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json["references"][0]
    assert summary["format"] == "bibtex"
    assert summary["entries"] == 6 and summary["malformed"] == 0
    assert summary["starred"] == 4 and summary["from_file"] == 4
    assert summary["without_arxiv_id"] == 2
    assert summary["titles_without_arxiv_id"] == [
        "Deep Residual Learning for Image Recognition", "Größe über alles"]
    stars = tags_and_stars(papers)
    assert set(stars) == {"2401.01055", "2403.11703", "2404.14047", "hep-th/9711200"}
    assert stars["2401.01055"] == ["computer-science-computation-and-language", "llm",
                                  "multilingual"]
    assert stars["2403.11703"] == ["llava", "vision"]
    assert stars["hep-th/9711200"] == ["physics"]
    shown = papers("show", "2401.01055", "--offline", "--json").json
    assert shown["title"] == ("LLaMA beyond English: an empirical study on language "
                              "capability transfer")
    assert shown["authors"] == ["Jun Zhao", "Zhiyao Zhang", "Jörg Müller", "Tao Gui"]
    assert shown["published_at"] is None  # `month = jan`, no day: the id's month, 2024-01
    assert shown["summary"].startswith("In recent times")
    assert papers("show", "2403.11703", "--offline", "--json").json[
        "published_at"].startswith("2024-03-18")


def test_zotero_and_endnote_ris_offline(papers: Any) -> None:
    """RIS as Zotero writes it (CRLF, `DO`/`UR`/`N1`, `DA  - 2024/08/28/`) and EndNote
    (`T1`, `A1`, `JO`): arXiv papers starred with their keywords as tags, the record from
    the file's fields; a record without `ER  -` before the next is one malformed entry."""
    result = papers("import", str(REFS / "zotero.ris"), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json["references"][0]
    assert summary["format"] == "ris"
    assert summary["entries"] == 4 and summary["malformed"] == 1
    assert summary["malformed_reasons"] == ["line 37: no ER before the next TY"]
    assert summary["starred"] == 3 and summary["from_file"] == 3
    assert summary["titles_without_arxiv_id"] == ["Attention is all you need"]
    stars = tags_and_stars(papers)
    assert stars == {
        "2408.15881": ["computer-science-computer-vision-and-pattern-recognition", "llava"],
        "2405.18377": [],
        "hep-th/9711200": ["physics", "strings"]}
    shown = papers("show", "2408.15881", "--offline", "--json").json
    assert shown["title"] == "LLaVA-MoD: Making LLaVA Tiny via MoE Knowledge Distillation"
    assert shown["authors"] == ["Fangxin Shu", "Yue Liao", "Le Zhuo"]
    assert shown["published_at"].startswith("2024-08-28")
    assert shown["summary"].startswith("We present LLaVA-MoD")
    # `PY  - 2024///`, the year alone: the month is the id's (2405), not January, and
    # no day is made up for it
    assert papers("show", "2405.18377", "--offline", "--json").json["published_at"] is None
    assert "arXiv 2024-05 " in papers("show", "2405.18377", "--offline").stdout
    text = papers("import", str(REFS / "zotero.ris"), "--offline")
    assert "zotero.ris (RIS): 3 already in the library; 3 stars already there\n" in text.stderr


def test_summary_on_stderr_lists_entries_without_an_id(papers: Any) -> None:
    result = papers("import", str(REFS / "zotero.bib"), "--offline")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:2] == ["papers: zotero.bib (BibTeX): 2 from the file's fields",
                         "papers: 2 stars added, 1 tag added"], result.stderr
    assert "papers: 1 entry without an arXiv id (not imported):" in lines
    assert "papers: - Attention is all you need" in lines
    # (one: not "tags"; its tag, computer-science-computer-vision-and-pattern-recognition,
    # leaves no room in 80 columns to name it)
    assert "papers: 1 keyword made into a tag\n" in result.stderr
    assert result.stdout == ""


def test_a_keyword_on_many_papers_is_one_keyword_made_into_a_tag(papers: Any,
                                                                  tmp_path: Path) -> None:
    """Three papers with the keyword "Robot Learning" read "3 keywords made into tags
    ('Robot Learning' → robot-learning, 'Robot Learning' → robot-learning, …)": one
    keyword, said once."""
    bib = tmp_path / "robots.bib"
    bib.write_text("".join(
        f"@misc{{r{n}, title = {{Robots {n}}}, eprint = {{2401.0105{n}}},\n"
        f"  archivePrefix = {{arXiv}}, keywords = {{Robot Learning, !!!, {kw}}}}}\n\n"
        for n, kw in enumerate(["Deep RL", "robotics", "Robot Learning"])), encoding="utf-8")
    result = papers("import", str(bib), "--offline")
    assert result.exit_code == 0, result.stderr
    assert "papers: 2 keywords made into tags ('Robot Learning' → robot-learning, …)\n" \
        "papers: 1 keyword that cannot be a tag skipped\n" in result.stderr
    assert tags_and_stars(papers)["2401.01052"] == ["robot-learning"]
    again = papers("import", str(bib), "--offline", "--json").json["references"][0]
    assert (again["keywords_slugged"], again["keywords_skipped"]) == (2, 1)


# A keyword longer than a tag may be (64 characters): a paper's whole subject line.
LONG_KEYWORD = "Planning under uncertainty for long-horizon robot manipulation tasks"
LONG_TAG = "planning-under-uncertainty-for-long-horizon-robot-manipulation-t"


@pytest.mark.parametrize("kind", ["bib", "ris", "json"])
def test_a_keyword_cut_to_a_tags_length_is_said(papers: Any, tmp_path: Path,
                                                kind: str) -> None:
    """A keyword longer than 64 characters became a tag cut to 64 with no word of it
    ("1 keyword made into a tag", as any keyword changed): the summary and --json say it
    now, once for a keyword on two papers."""
    ids = ("2401.01051", "2401.01052")
    src = tmp_path / f"refs.{kind}"
    if kind == "bib":
        src.write_text("".join(
            f"@misc{{r{n}, title = {{Robots {n}}}, eprint = {{{pid}}},\n"
            f"  archivePrefix = {{arXiv}}, keywords = {{{LONG_KEYWORD}, robotics}}}}\n\n"
            for n, pid in enumerate(ids)), encoding="utf-8")
    elif kind == "ris":
        src.write_text("".join(
            f"TY  - JOUR\nTI  - Robots {n}\nUR  - https://arxiv.org/abs/{pid}\n"
            f"KW  - {LONG_KEYWORD}\nKW  - robotics\nER  - \n\n"
            for n, pid in enumerate(ids)), encoding="utf-8")
    else:
        src.write_text(json.dumps([
            {"id": f"r{n}", "type": "article", "title": f"Robots {n}", "number": f"arXiv:{pid}",
             "keyword": f"{LONG_KEYWORD}, robotics"} for n, pid in enumerate(ids)]),
            encoding="utf-8")
    result = papers("import", str(src), "--offline")
    assert result.exit_code == 0, result.stderr
    assert "papers: 1 keyword cut to 64 characters as a tag\n" in result.stderr, result.stderr
    assert tags_and_stars(papers)[ids[1]] == sorted([LONG_TAG, "robotics"])
    again = papers("import", str(src), "--offline", "--json").json["references"][0]
    assert again["keywords_cut"] == 1, again
    short = papers("import", str(REFS / "zotero.bib"), "--offline", "--json")
    assert short.json["references"][0]["keywords_cut"] == 0
    assert "cut to" not in papers("import", str(REFS / "zotero.bib"), "--offline").stderr


def test_a_tag_too_long_in_an_export_is_said_cut(library: Any, tmp_path: Path) -> None:
    """papercli's own export, its tags edited by hand past 64 characters: cut to 64 as
    a keyword is, and said (a warning, and `tags_cut` in --json)."""
    records = json.loads(library("export", "-f", "json", "-n", "1").stdout)
    records[0]["tags"] = [LONG_KEYWORD.lower().replace(" ", "-"), "robotics"]
    src = tmp_path / "mine.json"
    src.write_text(json.dumps(records), encoding="utf-8")
    result = library("import", str(src))
    assert result.exit_code == 0, result.stderr
    assert "papers: warning: cut 1 tag to 64 characters\n" in result.stderr, result.stderr
    assert library("import", str(src), "--json").json["restored"]["tags_cut"] == 1
    tagged = library("search", "--offline", "--tag", LONG_TAG, "--json").ids
    assert tagged == [records[0]["id"]]


def test_an_import_of_zoteros_keywords_says_each_line_in_80_columns(papers: Any,
                                                                    tmp_path: Path) -> None:
    """Zotero files an arXiv paper under keywords such as "Computer Science - Machine
    Learning": the line naming them ran to 183 columns piped, and a long title left out
    to 150 (a malformed BibTeX entry's line to 96: test_hostile_entries_are_data). Each is
    now said in 80: as many named as fit, then their tags alone; a title cut (--json has
    it whole); the keywords skipped on a line of their own."""
    from papercli.terminal import cell_width

    long_title = "A Journal Article Whose Title Runs On " * 4
    ris = tmp_path / "My Library.ris"
    ris.write_text(
        "TY  - PREP\nTI  - Attention\nDO  - 10.48550/arXiv.2401.01055\n"
        "KW  - Computer Science - Computation and Language\n"
        "KW  - Computer Science - Machine Learning\nKW  - C++\nER  - \n\n"
        f"TY  - JOUR\nTI  - {long_title}\nJO  - Nature\nER  - \n\n"
        "TY  - JOUR\nTI  - Never ended, and so it runs on into the record after it\n"
        "TY  - PREP\nTI  - After\nDO  - 10.48550/arXiv.2404.14047\nER  - \n",
        encoding="utf-8")
    result = papers("import", str(ris), "--offline")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert all(cell_width(line) <= 80 for line in lines), lines
    assert "papers: 2 keywords made into tags (computer-science-computation-and-language, …)" \
        in lines
    assert "papers: 1 keyword that cannot be a tag skipped" in lines
    assert "papers: warning: skipped 1 malformed entry (line 14: no ER before the next TY)" \
        in lines
    assert "papers: - A Journal Article Whose Title Runs On A Journal Article Whose " \
        "Title…" in lines
    summary = papers("import", str(ris), "--offline", "--json").json["references"][0]
    assert summary["titles_without_arxiv_id"] == [long_title.strip()]


def test_a_keyword_whose_symbols_carry_its_meaning_is_no_tag(papers: Any,
                                                              tmp_path: Path) -> None:
    """"c++" was made into the tag "c", the tag a "C" keyword gets (and "C#" too): a
    keyword whose `+` or `#` would be dropped is counted and left out, as the README says of
    a keyword that cannot be a tag. One keyword made into a tag is "a tag"."""
    bib = tmp_path / "langs.bib"
    bib.write_text("@misc{q, title = {Q}, eprint = {2401.01055}, archivePrefix = {arXiv},\n"
                   "  keywords = {quantization, Vision Language, c++, C#, C}}\n",
                   encoding="utf-8")
    result = papers("import", str(bib), "--offline")
    assert result.exit_code == 0, result.stderr
    assert "papers: 1 keyword made into a tag ('Vision Language' → vision-language)\n" \
        "papers: 2 keywords that cannot be a tag skipped\n" in result.stderr
    assert tags_and_stars(papers)["2401.01055"] == ["c", "quantization", "vision-language"]


def test_every_note_zotero_writes_comes_back_not_only_the_first(papers: Any,
                                                                 tmp_path: Path) -> None:
    """Zotero writes one `annote` per note, and an arXiv item's first is the "Comment:"
    its arXiv import made: only that one was read, and the note you wrote was lost. Now
    each comes back, in the file's order, a blank line between them."""
    bib = tmp_path / "zotero.bib"
    bib.write_text("@misc{lee_2024,\n\ttitle = {A},\n\turl = {http://arxiv.org/abs/2401.01055},"
                   "\n\tannote = {Comment: 12 pages},\n\tannote = {Compare with\nsection 3.},"
                   "\n\tANNOTE = {Third.},\n}\n\n@misc{kim_2024,\n\ttitle = {B},\n\teprint = "
                   "{2404.14047},\n\tarchivePrefix = {arXiv},\n\tannote = {Only one.},\n}\n",
                   encoding="utf-8")
    result = papers("import", str(bib), "--offline")
    assert result.exit_code == 0, result.stderr
    noted = {p["id"]: p.get("note") for p in papers("starred", "--json").json}
    assert noted == {"2401.01055": "Compare with\nsection 3.\n\nThird.",
                     "2404.14047": "Only one."}


def test_an_items_extra_field_is_no_note_and_latex_breaks_are_line_ends(
        papers: Any, tmp_path: Path) -> None:
    """Better BibTeX writes a Zotero item's Extra field into `annotation` ("Comment: 10
    pages, 4 figures\\\\" then "arXiv:2206.07690 [cs]"): it was restored as the
    user's note, its `\\\\` shown as typed, and went back to Zotero as a note of RIS's or
    CSL's. Extra is left, as the RIS reader leaves it (and the "Comment:" note Zotero's
    arXiv import makes); a note's LaTeX line breaks are line ends."""
    bib = tmp_path / "bbt.bib"
    bib.write_text(
        "@misc{ranganath2022,\n  title = {{{ELUDE}}: Explanations},\n  author = {"
        "Ranganath, Vikram V. and others},\n  eprint = {2206.07690},\n  archiveprefix = "
        "{arxiv},\n  annotation = {Comment: 10 pages, 4 figures\\\\\narXiv:2206.07690 "
        "[cs]\\\\\nRead\\_Status: Not Reading}\n}\n"
        "@misc{kim2024,\n  title = {B},\n  author = {He, Kaiming and Others},\n  eprint = "
        "{2404.14047},\n  archiveprefix = {arxiv},\n  annotation = {Compare with\\\\\n"
        "section 3.\\\\ Then 4.}\n}\n", encoding="utf-8")
    result = papers("import", str(bib), "--offline")
    assert result.exit_code == 0, result.stderr
    assert "restored" not in result.stderr.replace("1 note restored", "")
    starred = {p["id"]: p for p in papers("starred", "--json").json}
    assert starred["2206.07690"].get("note") is None
    assert starred["2404.14047"]["note"] == "Compare with\nsection 3.\nThen 4."
    # "and others" is BibTeX's "et al.": no author named "others", in or out
    assert starred["2206.07690"]["authors"] == ["Vikram V. Ranganath"]
    assert starred["2404.14047"]["authors"] == ["Kaiming He"]
    bibtex = papers("starred", "-f", "bibtex")
    assert bibtex.exit_code == 0 and "others" not in bibtex.stdout.lower()


def test_more_keywords_made_into_tags_than_named_say_so(papers: Any, tmp_path: Path) -> None:
    """"4 keywords made into tags (a → x, b → y, c → z)" named three and said nothing of
    the fourth: the list now ends with "…"."""
    ris = tmp_path / "zotero.ris"
    ris.write_text("TY  - JOUR\nTI  - Four\nAN  - arXiv:2401.01055\nKW  - Deep Learning\n"
                   "KW  - Computer Vision\nKW  - #todo\nKW  - Self Supervised\nER  - \n",
                   encoding="utf-8")
    result = papers("import", str(ris), "--offline")
    assert result.exit_code == 0, result.stderr
    assert ("papers: 4 keywords made into tags ('Deep Learning' → deep-learning, …)\n"
            in result.stderr)  # (the three named made 114 columns)
    assert tags_and_stars(papers) == {"2401.01055": ["computer-vision", "deep-learning",
                                                     "self-supervised", "todo"]}


def test_keywords_nested_with_spaced_or_stray_slashes_become_nested_tags(
        papers: Any, tmp_path: Path) -> None:
    """A reference manager's nested keyword written with spaces ("ML / Vision") became
    the tag `ml-/-vision`, and one with a slash at an end or doubled (`ml/`, `/ml//nlp/`)
    a tag apart from `ml`: now they are `ml/vision`, `ml` and `ml/nlp`, which `--tag ml`
    finds and `tags -m ml ai` moves."""
    ris = tmp_path / "nested.ris"
    ris.write_text("TY  - JOUR\nTI  - Nested\nAN  - arXiv:2401.01055\n"
                   "KW  - ML / Vision\nKW  - ml/\nKW  - /ml//nlp/\nER  - \n", encoding="utf-8")
    result = papers("import", str(ris), "--offline")
    assert result.exit_code == 0, result.stderr
    assert tags_and_stars(papers) == {"2401.01055": ["ml", "ml/nlp", "ml/vision"]}
    moved = papers("tags", "-m", "ml", "ai")
    assert moved.exit_code == 0, moved.stderr
    assert tags_and_stars(papers) == {"2401.01055": ["ai", "ai/nlp", "ai/vision"]}


def test_zotero_csl_json_with_tag(papers: Any) -> None:
    result = papers("import", str(REFS / "zotero.json"), "--offline", "--tag", "From-Zotero",
                    "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json["references"][0]
    assert summary["format"] == "csljson"
    assert summary["titles_without_arxiv_id"] == ["Deep learning"]
    stars = tags_and_stars(papers)
    assert stars == {"2501.03895": ["from-zotero"],
                     "2404.14047": ["from-zotero", "low-bit-llms", "quantization"]}
    shown = papers("show", "2501.03895", "--offline", "--json").json
    assert shown["authors"] == ["Shaoran Zhang", "Qingmei Fang", "LLaVA Team"]
    assert shown["published_at"].startswith("2025-01-07")
    bad = papers("import", str(REFS / "zotero.json"), "--offline", "--tag", "no spaces")
    assert bad.exit_code == 2 and "is not a tag" in bad.stderr


def test_csl_rich_text_in_a_title_is_read_as_text(papers: Any, tmp_path: Path) -> None:
    """Zotero and citeproc-js write a title's italics, bold, small caps, super- and
    subscripts and case-keeping spans as CSL's HTML-like markup: the title is its text (a
    script as the library's titles write one, ^2), and a "<...>" CSL does not know stays.
    Zotero's RIS export writes the same markup in TI."""
    items = [
        {"id": "a", "type": "article", "URL": "https://arxiv.org/abs/2401.01055",
         "title": '<i>Drosophila</i> and <span class="nocase">iPhone</span> at '
                  '<span style="font-variant:small-caps;">scale</span>: '
                  "CO<sub>2</sub>, x<sup>10</sup>, <b>Bold</b>, <sc>LLM</sc>"},
        {"id": "b", "type": "article", "number": "arXiv:2404.14047",
         "title": "Let's <think> about a </span>"},
        {"id": "c", "type": "article", "title": "<i>No</i> arXiv id"},
    ]
    file = tmp_path / "rich.json"
    file.write_text(json.dumps(items), encoding="utf-8")
    result = papers("import", str(file), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["references"][0]["titles_without_arxiv_id"] == ["No arXiv id"]
    titles = {p["id"]: p["title"] for p in papers("starred", "--json").json}
    assert titles == {
        "2401.01055": "Drosophila and iPhone at scale: CO_2, x^{10}, Bold, LLM",
        "2404.14047": "Let's <think> about a </span>"}
    # Zotero's RIS export writes a title's markup as Zotero keeps it, the same tags.
    ris = tmp_path / "rich.ris"
    ris.write_text("TY  - JOUR\r\nTI  - <i>Drosophila</i> and CO<sub>2</sub>\r\n"
                   "UR  - http://arxiv.org/abs/2501.03895\r\nER  - \r\n", encoding="utf-8")
    assert papers("import", str(ris), "--offline").exit_code == 0
    shown = papers("show", "2501.03895", "--offline", "--json").json
    assert shown["title"] == "Drosophila and CO_2"


def test_online_import_takes_the_hubs_record(seeded_hub: HubServer, papers: Any) -> None:
    """A paper the library lacks comes from the Hub; one the Hub does not have (an
    old-style id) falls back to the file when arXiv cannot be asked either."""
    result = papers("import", str(REFS / "better-bibtex.bib"), "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json["references"][0]
    assert summary["fetched"] == 3 and summary["from_file"] == 1, summary
    shown = papers("show", "2401.01055", "--offline", "--json").json
    assert shown["title"] == SEED["2401.01055"]["title"].strip()
    assert shown["authors"][0] == "Author 1"
    old = papers("show", "hep-th/9711200", "--offline", "--json").json
    assert old["title"] == "The Large $N$ Limit of Superconformal Field Theories"
    # a second import finds them in the library (the one stored from the file's fields
    # is asked about again: arXiv, out of reach here, leaves it as it was)
    again = papers("import", str(REFS / "better-bibtex.bib"), "--json")
    assert again.json["references"][0]["in_library"] == 4
    assert again.json["references"][0]["newly_starred"] == 0


def test_hub_down_stores_from_the_file(hub: HubServer, papers: Any) -> None:
    hub.stop()
    result = papers("import", str(REFS / "zotero.bib"))
    assert result.exit_code == 0, result.stderr
    assert "could not fetch 2 papers: the Hub refused (1 not asked)" in result.stderr
    assert sorted(tags_and_stars(papers)) == ["2405.18377", "2408.15881"]


# -- by content, hostile and broken files --------------------------------------------------


def test_detected_by_content_not_by_name(papers: Any, tmp_path: Path) -> None:
    txt = tmp_path / "exported.txt"
    txt.write_text("Exported from my reference manager.\n\n"
                   + (REFS / "zotero.bib").read_text(encoding="utf-8"), encoding="utf-8")
    result = papers("import", str(txt), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["references"][0]["format"] == "bibtex"
    assert result.json["references"][0]["starred"] == 2
    csl = tmp_path / "library.dat"
    csl.write_bytes((REFS / "zotero.json").read_bytes())
    assert papers("import", str(csl), "--offline", "--json").json[
        "references"][0]["format"] == "csljson"
    hub_json = tmp_path / "hub.json"
    hub_json.write_text(json.dumps(seed_items()), encoding="utf-8")
    hub = papers("import", str(hub_json), "--json")
    assert hub.exit_code == 0 and "references" not in hub.json
    assert hub.json["added"] + hub.json["updated"] == 19


@pytest.mark.parametrize("head, kind", [
    (b'[{"id": "x", "type": "article", "title": "t"}]', "csljson"),
    (b'[\n  {"id": "x", "title": "t", "author": [{"family": "F"}]}]', "csljson"),
    (b'[{"paper": {"id": "2401.01055", "title": "t", "authors": []}}]', None),
    (b'{"id": "2401.01055", "title": "x", "upvotes": 3, "type": "article"}', None),
    (b'[{"title": "quoting \\"issued\\": {} in text", "id": "2401.01055"}]', None),
    (b"\xef\xbb\xbf% comment\n@Article{k, title={t}}", "bibtex"),
    (b"some prose @misc{inline} not at a line start", None),
    (b"\x00\x01\x02", None),
    (b"TY  - JOUR\r\nTI  - t\r\nER  - \r\n", "ris"),
    (b"\xef\xbb\xbf\r\nTY  - UNPB\nER  -\n", "ris"),
    (b"TY - JOUR\nER - \n", "ris"),  # one space, as some exporters write (Zotero reads it)
    (b"TYPE - JOUR\n", None),
])
def test_detect(head: bytes, kind: str | None) -> None:
    assert bibimport.detect(head) == kind


def test_hostile_entries_are_data(papers: Any, tmp_path: Path) -> None:
    bib = tmp_path / "hostile.bib"
    bib.write_text(
        "@misc{evil,\n  title = {Evil\x1b[2J{\\\"u}ber \x07Title},\n"
        "  author = {Doe\x1b]0;pwn\x07, Jane},\n  eprint = {2401.01055v3},\n"
        "  archivePrefix = {arXiv},\n"
        "  keywords = {C++, !!!, Über Cool, " + "x" * 100 + ", ../../etc}\n}\n\n"
        "@misc{broken,\n  title = {Never {closed},\n  eprint = {2501.03895}\n\n"
        "@misc{look_alike, title = {Fullwidth}, eprint = {２４０１.０１０５５}}\n\n"
        "@misc{path, title = {Path}, eprint = {../../../etc/passwd}, archivePrefix={arXiv}}\n\n"
        "@misc{other_archive, title = {PubMed}, eprint = {2404.14047}, eprinttype = {pubmed}}\n\n"
        "@article{dblp, title = {DBLP}, journal = {CoRR}, volume = {abs/2408.15881}}\n",
        encoding="utf-8")
    result = papers("import", str(bib), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json["references"][0]
    assert summary["malformed"] == 1 and "line 9" in summary["malformed_reasons"][0]
    assert summary["starred"] == 2
    assert summary["titles_without_arxiv_id"] == ["Fullwidth", "Path", "PubMed"]
    assert summary["keywords_skipped"] == 2 and summary["keywords_slugged"] >= 2  # C++, !!!
    stars = tags_and_stars(papers)
    assert set(stars) == {"2401.01055", "2408.15881"}
    assert stars["2401.01055"] == sorted(["über-cool", "x" * 64, "../../etc"])  # no C++
    shown = papers("show", "2401.01055", "--offline", "--json").json
    assert shown["title"].startswith("Evil") and shown["title"].endswith("über Title")
    assert len(shown["authors"]) == 1 and shown["authors"][0].startswith("Jane Doe")
    assert not any(c in shown["title"] + "".join(shown["authors"]) for c in "\x1b\x07")
    text = papers("import", str(bib), "--offline")
    assert "\x1b" not in text.stderr and "\x07" not in text.stderr
    # (why, "it is not closed before the next entry", is in --json: with it, 90 columns)
    assert "papers: warning: skipped 1 malformed entry (line 9; --json says why)\n" \
        in text.stderr


def test_malformed_files_are_one_line(papers: Any, tmp_path: Path) -> None:
    truncated = tmp_path / "cut.json"
    truncated.write_text((REFS / "zotero.json").read_text(encoding="utf-8")[:700])
    result = papers("import", str(truncated), "--offline")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is cut off at line" in result.stderr and "Traceback" not in result.stderr
    items = tmp_path / "odd.json"
    items.write_text('[{"type": "article", "title": "ok", "URL": "https://arxiv.org/abs/'
                     '2401.01055"}, "a string", 3, {"type": "article", "issued": {}}]')
    odd = papers("import", str(items), "--offline", "--json")
    assert odd.exit_code == 0, odd.stderr
    assert odd.json["references"][0]["malformed"] == 2
    assert odd.json["references"][0]["starred"] == 1
    assert odd.json["references"][0]["titles_without_arxiv_id"] == ["(untitled)"]


def test_ids_found_where_exports_put_them() -> None:
    assert bibimport.bibtex_arxiv_id({"url": "https://arxiv.org/pdf/2403.11703v2.pdf"}) \
        == "2403.11703"
    assert bibimport.bibtex_arxiv_id({"doi": "10.48550/ARXIV.2401.01055"}) == "2401.01055"
    assert bibimport.bibtex_arxiv_id({"journal": "arXiv preprint arXiv:1706.03762"}) \
        == "1706.03762"
    assert bibimport.bibtex_arxiv_id({"eprint": "math.GT/0309136v1",
                                      "archiveprefix": "arXiv"}) == "math/0309136"
    assert bibimport.bibtex_arxiv_id({"url": "https://example.org/abs/2401.01055"}) is None
    assert bibimport.bibtex_arxiv_id({"eprint": "2401.01055", "eprinttype": "hal"}) is None
    assert bibimport.csl_arxiv_id({"number": "2401.01055", "publisher": "arXiv"}) \
        == "2401.01055"
    assert bibimport.csl_arxiv_id({"number": "2401.01055"}) is None
    assert bibimport.csl_arxiv_id({"note": "arXiv: hep-th/9901001"}) == "hep-th/9901001"


class _Endless(io.RawIOBase):
    """A BibTeX file of `count` entries, made as it is read (never whole in memory)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.made = 0
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self.pending) < len(buffer) and self.made < self.count:
            n = self.made
            self.pending += (
                f"@misc{{k{n},\n  title = {{Paper {n} about {{Things}}}},\n"
                f"  author = {{Doe, Jane and Roe, Rick}},\n  year = {{2024}},\n"
                f"  abstract = {{{'words ' * 150}}},\n  note = {{x}}\n}}\n\n").encode()
            self.made += 1
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def test_big_bibtex_reads_in_bounded_memory() -> None:
    """60,000 entries (~60 MB) are cut into blocks with a small window: memory does not
    grow with the file."""
    stream = io.BufferedReader(_Endless(60_000))
    tracemalloc.start()
    try:
        count = 0
        for block in bibimport.bibtex_blocks(stream, "big.bib"):  # type: ignore[arg-type]
            assert block.kind == "misc", block
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 60_000
    assert peak < 16 << 20, peak


def test_ris_ids_and_records_read_in_bounded_memory() -> None:
    """Where RIS exports put an arXiv id; and 50,000 records (~40 MB) are cut one at a
    time: memory does not grow with the file."""
    assert bibimport.ris_arxiv_id({"doi": "10.48550/arXiv.2401.01055"}) == "2401.01055"
    assert bibimport.ris_arxiv_id({"urls": ["https://example.org/x",
                                            "https://arxiv.org/abs/2403.11703v2"]}) \
        == "2403.11703"
    assert bibimport.ris_arxiv_id({"notes": ["Comment: 9 pages", "arXiv:2404.14047 [cs]"]}) \
        == "2404.14047"
    assert bibimport.ris_arxiv_id({"accession_number": "arXiv:hep-th/9901001"}) \
        == "hep-th/9901001"
    assert bibimport.ris_arxiv_id({"urls": ["https://example.org/abs/2401.01055"]}) is None
    one_space = io.BufferedReader(io.BytesIO(  # type: ignore[arg-type]
        b"TY - JOUR\nTI - Tight\nDO - 10.48550/arXiv.2401.01055\nER -\n"))
    (ref,) = bibimport.ris_references(one_space, "tight.ris",  # type: ignore[arg-type]
                                      bibimport.Counts("tight.ris", bibimport.RIS))
    assert (ref.arxiv_id, ref.title) == ("2401.01055", "Tight")

    class Records(io.RawIOBase):
        def __init__(self, count: int) -> None:
            self.count, self.made, self.pending = count, 0, b""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            while len(self.pending) < len(buffer) and self.made < self.count:
                self.pending += (f"TY  - JOUR\r\nTI  - Paper {self.made}\r\n"
                                 f"AU  - Doe, Jane\r\nAB  - {'words ' * 120}\r\n"
                                 "ER  - \r\n\r\n").encode()
                self.made += 1
            n = min(len(buffer), len(self.pending))
            buffer[:n] = self.pending[:n]
            self.pending = self.pending[n:]
            return n

    # A line with no end (20 MB) is passed over, its record counted, and reading goes on.
    endless = io.BufferedReader(io.BytesIO(  # type: ignore[arg-type]
        b"TY  - JOUR\nAB  - " + b"x" * (20 << 20) + b"\nER  - \n"
        b"TY  - JOUR\nTI  - After\nM1  - arXiv:2401.01055\nER  - \n"))
    counts = bibimport.Counts("long.ris", bibimport.RIS)
    tracemalloc.start()
    try:
        after = list(bibimport.ris_references(endless, "long.ris",  # type: ignore[arg-type]
                                              counts))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.title for r in after] == ["After"]
    assert counts.reasons == ["line 1: longer than 1 MiB"]
    assert peak < 16 << 20, peak

    counts = bibimport.Counts("big.ris", bibimport.RIS)
    stream = io.BufferedReader(Records(50_000))
    tracemalloc.start()
    try:
        seen = sum(1 for _ in bibimport.ris_records(stream, "big.ris",  # type: ignore[arg-type]
                                                    counts))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == 50_000 and counts.bad == 0
    assert peak < 8 << 20, peak


def test_every_listing_offers_the_formats(library: Any) -> None:
    assert library("star", "2401.01055", "--offline").exit_code == 0
    for args in (("today", "--offline"), ("starred",), ("export", "-n", "2"),
                 ("search", "llama", "--offline")):
        for fmt in ("ris", "csljson"):
            result = library(*args, "--format", fmt)
            assert result.exit_code == 0, (args, fmt, result.stderr)
            assert "2401.01055" in result.stdout or args[0] in ("today", "export")


def test_better_bibtex_to_csl_and_ris_and_back(papers: Any, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Better BibTeX in, CSL-JSON and RIS out (an old-style id too), CSL-JSON into a new
    home: the same stars and tags."""
    assert papers("import", str(REFS / "better-bibtex.bib"), "--offline").exit_code == 0
    before = tags_and_stars(papers)
    out = tmp_path / "out.json"
    assert papers("starred", "--format", "csljson", "-o", str(out)).exit_code == 0
    items = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(items, CSL_SCHEMA)
    old = {i["id"]: i for i in items}["hep-th/9711200"]
    assert old["DOI"] == "10.48550/arXiv.hep-th/9711200"
    assert old["URL"] == "https://arxiv.org/abs/hep-th/9711200"
    ris = papers("starred", "--format", "ris")
    parsed = {e["id"]: e for e in rispy.loads(ris.stdout)}
    assert parsed["hep-th/9711200"]["keywords"] == ["physics"]
    assert parsed["2401.01055"]["authors"][2] == "Müller, Jörg"
    fresh_home(tmp_path, monkeypatch, "again")
    assert papers("import", str(out), "--offline").exit_code == 0
    assert tags_and_stars(papers) == before


def test_latex_in_bibtex_is_decoded_as_latex(papers: Any, tmp_path: Path) -> None:
    """What Better BibTeX and JabRef write for accents, braces and logos reads as the text
    it stands for: an accent on a dotless i is í (not "ı" and a combining mark, nor a stray
    backslash when a value has two), \\LaTeX is not Ł, \\{ is a brace, ~ a space."""
    bib = tmp_path / "jabref.bib"
    bib.write_text(
        "@misc{k,\n"
        "  title = {{\\LaTeX} and the {\\TeX}book: 50\\% of \\{braces\\}, Fig.~1 and "
        "An{\\'a}lisis num{\\'e}rico de la f{\\'\\i}sica cu{\\'a}ntica en el l{\\'\\i}mite},\n"
        "  author = {Garc{\\'\\i}a, Jos{\\'e} and Ji{\\v r}{\\'\\i} {\\v{S}}koda and "
        "D{\\'\\i}az D{\\'\\i}az, Mar{\\'\\i}a and Na{\\\"\\i}ve, Zo{\\\"e}},\n"
        "  eprint = {2401.01055}, archivePrefix = {arXiv}, year = {2024},\n}\n",
        encoding="utf-8")
    shown = shown_after_import(papers, bib, "2401.01055")
    assert shown["title"] == ("LaTeX and the TeXbook: 50% of {braces}, Fig. 1 and Análisis "
                              "numérico de la física cuántica en el límite")
    # (a family name of two words kept apart: "María Díaz Díaz" would export "Díaz, María Díaz")
    assert shown["authors"] == ["José García", "Jiří Škoda", "Díaz Díaz, María",
                                "Zoë Naïve"]


def test_zoteros_braced_maths_symbol_reads_as_the_character(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Zotero's own BibTeX export writes a Greek letter or maths sign of a title as braced
    maths of one command (`{$\\pi$}`, `{$\\leq$}`): it came back as "$\\pi$", and now as
    the character. Maths that is more than a symbol stays as typed, and so does the
    unbraced maths papercli's own export writes (`$\\alpha$-Bench`)."""
    bib = tmp_path / "zotero.bib"
    bib.write_text(
        "\n@misc{smith_pi-net_2024,\n"
        "\ttitle = {The {$\\pi$}-{Net}: {Learning} with {$\\leq$} 3 {$\\Sigma$}-{Layers} "
        "over {$\\mathbb{R}$}},\n"
        "\turl = {http://arxiv.org/abs/2401.01055},\n"
        "\tdoi = {10.48550/arXiv.2401.01055},\n"
        "\tpublisher = {arXiv},\n"
        "\tauthor = {Smith, Jane},\n"
        "\tmonth = jan,\n\tyear = {2024},\n"
        "\tnote = {arXiv:2401.01055 [cs]},\n}\n",
        encoding="utf-8")
    shown = shown_after_import(papers, bib, "2401.01055")
    assert shown["title"] == "The π-Net: Learning with ≤ 3 Σ-Layers over $\\mathbb{R}$"
    fresh_home(tmp_path, monkeypatch, "own")
    title = "$\\alpha$-Bench: π-Nets with $\\beta \\leq 1$"
    _, back = there_and_back(papers, tmp_path, monkeypatch, "bibtex", title, ["Jane Smith"])
    assert back["title"] == title


def there_and_back(papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str,
                   title: str, authors: list[str]) -> tuple[str, dict[str, Any]]:
    """One starred paper (2401.01055) exported as `fmt`, imported offline into a fresh
    home: the file written, and `show --json` of the paper read back."""
    hub = tmp_path / "hub.json"
    hub.write_text(json.dumps([{"id": "2401.01055", "title": title, "summary": "s",
                                "authors": [{"name": n} for n in authors],
                                "publishedAt": "2024-01-02T00:00:00.000Z"}]),
                   encoding="utf-8")
    assert papers("import", str(hub)).exit_code == 0
    assert papers("star", "2401.01055", "--offline").exit_code == 0
    out = tmp_path / f"mine.{fmt}"
    assert papers("starred", "--format", fmt, "-o", str(out)).exit_code == 0
    fresh_home(tmp_path, monkeypatch, "fresh")
    assert papers("import", str(out), "--offline").exit_code == 0
    shown: dict[str, Any] = papers("show", "2401.01055", "--offline", "--json").json
    return out.read_text(encoding="utf-8"), shown


def test_own_bibtex_escapes_come_back_as_written(papers: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A title with every character the BibTeX export escapes comes back from that export
    as it was (offline: from the file's own fields). < > | are escaped too: pdfLaTeX's
    default fonts print them as ¡ ¿ and — ("Let's ¡think¿ about LLM Reasoning")."""
    title = ("Braces {in} titles & 50% of $x_1$ #hash ~tilde ^caret \\backslash, "
             "Let's <think> | LMK > CLS")
    written, shown = there_and_back(papers, tmp_path, monkeypatch, "bibtex", title,
                                    ["Jörg Müller", "José García"])
    assert "\\textbraceleft{}" in written
    assert ("\\textless{}think\\textgreater{} \\textbar{} LMK \\textgreater{} CLS"
            in written)
    assert shown["title"] == title
    assert shown["authors"] == ["Jörg Müller", "José García"]


def test_own_bibtex_gives_back_quotes_and_names_after_a_dotted_capital_i(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two real papers' shapes: an abstract with "50% of our 'normal' tasks" came back
    "ŉormal'" (bibtexparser's table has 'n for ŉ, and := for ≔), and the author after
    "İpek Çetinok" was joined to her ("İ" lowered is two characters, which moved every
    "and" after it)."""
    hub = tmp_path / "hub.json"
    abstract = "We solve 50% of our 'normal' tasks, where x := y and a,,b stay as typed."
    names = ["Rumeysa Göllüce", "İpek Çetinok", "Ömer Can Dağbaş"]
    hub.write_text(json.dumps([{"id": "2401.01055", "title": "T", "summary": abstract,
                                "authors": [{"name": n} for n in names],
                                "publishedAt": "2024-01-02T00:00:00.000Z"}]),
                   encoding="utf-8")
    assert papers("import", str(hub)).exit_code == 0
    assert papers("star", "2401.01055", "--offline").exit_code == 0
    out = tmp_path / "mine.bib"
    assert papers("starred", "-o", str(out)).exit_code == 0
    fresh_home(tmp_path, monkeypatch, "fresh")
    assert papers("import", str(out), "--offline").exit_code == 0
    shown = papers("show", "2401.01055", "--offline", "--json").json
    assert (shown["summary"], shown["authors"]) == (abstract, names)


@pytest.mark.parametrize("name, text, says", [
    ("page.html", "<html><head><style>\nbody { margin: 0 }\n@media (max-width: 30rem) {\n"
     "  body { font-size: 1rem }\n}\n</style></head><body>@misc</body></html>\n",
     "is an HTML page: papers import cannot read it"),
    ("cut.bib", "@misc{k,\n  title = {Cut short},\n  eprint = {2401.01055},\n  archivePr",
     "has no BibTeX entry that can be read (line 1: it is not closed before the "
     "end of the file)"),
    ("cut.ris", "TY  - JOUR\nTI  - Cut short\nUR  - https://arxiv.org/abs/2401.01055\n",
     "has no RIS entry that can be read (line 1: no ER before the end of the file)"),
])
def test_a_file_with_no_readable_entry_is_an_error(papers: Any, tmp_path: Path, name: str,
                                                    text: str, says: str) -> None:
    """A file that only looks like BibTeX or RIS (an HTML page, whose CSS has `@media (...) {`
    at a line's start) or is cut off in its first entry is one error line and exit 1, not 'starred 0
    papers' and exit 0; nothing is starred."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = papers("import", str(path), "--offline")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"papers: error: {path} {says}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert papers("starred", "--json").json == []


@pytest.mark.parametrize("name, text, hint", [
    ("cut.bib", "@misc{k,\n  title = {Cut short},\n  eprint = {2401.01055},\n",
     "was it cut off?"),
    ("page.bib", "<style>\n@media (max-width: 30rem) {\n  body { margin: 0 }\n}\n</style>\n",
     "is it BibTeX?"),
    ("two.ris", "TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\n", "is it RIS?"),
    ("long.ris", "TY  - JOUR\nAB  - " + "a" * (bibimport.MAX_ENTRY + 10) + "\n",
     "is it RIS?"),
], ids=["cut-off", "web-page", "never-closed", "long-line"])
def test_no_readable_entry_is_said_in_80_columns(papers: Any, name: str, text: str,
                                                  hint: str) -> None:
    """A file of a short name with no entry that can be read: its error line was 148
    to 196 columns piped (every reason, and "a RIS file is records, each from its TY
    line to its ER line"); it fits 80, says where the first entry broke and what to
    check."""
    from papercli.terminal import cell_width

    Path(name).write_text(text, encoding="utf-8")  # (in the run's working directory)
    result = papers("import", name, "--offline")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and cell_width(lines[0]) <= 80, lines
    assert lines[0].startswith(f"papers: error: {name}: no "), lines
    assert "(line " in lines[0] and lines[0].endswith(f" — {hint}"), lines
    assert papers("starred", "--json").json == []


def test_an_export_of_no_papers_imports_back_as_none(papers: Any, tmp_path: Path) -> None:
    """`papers export --tag T -o T.bib` with no paper tagged T, imported on another machine,
    is a BibTeX file of no entries (it was refused as 'not a JSON document'), as a JSON
    or CSL-JSON export of none is a list of none."""
    for name in ("none.bib", "none.csl.json", "none.json"):
        made = papers("export", "--tag", "nothing-tagged", "-o", str(tmp_path / name))
        assert made.exit_code == 0, made.stderr
    bib = papers("import", str(tmp_path / "none.bib"), "--offline", "--json")
    assert bib.exit_code == 0, bib.stderr
    summary = bib.json["references"][0]
    assert (summary["format"], summary["entries"], summary["malformed"]) == ("bibtex", 0, 0)
    for name in ("none.csl.json", "none.json"):
        result = papers("import", str(tmp_path / name), "--offline")
        assert result.exit_code == 0, result.stderr
    assert papers("starred", "--json").json == []


def test_ris_names_with_a_suffix(papers: Any, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """RIS writes a suffix last ("King, Martin Luther, Jr.", as the specification has
    it): the RIS export of such a name reads back as the name, not "Jr. King Martin
    Luther"."""
    names = ["Martin Luther King Jr.", "Jörg Müller", "Jean-Luc van der Berg"]
    written, shown = there_and_back(papers, tmp_path, monkeypatch, "ris", "t", names)
    assert "AU  - King, Martin Luther, Jr." in written
    assert shown["authors"] == names


def test_latin1_and_windows_1252_files(papers: Any, tmp_path: Path) -> None:
    """A BibTeX or RIS file in Latin-1 or Windows-1252 (JabRef's and EndNote's on
    Windows) reads with its accents, and a warning says it was not UTF-8, where every
    accented letter was U+FFFD: in 80 columns ("(Western European, Latin-1)" after it
    made 89 piped, a longer name more)."""
    bib = tmp_path / "jabref.bib"
    bib.write_bytes("% Encoding: ISO8859_1\n\n@article{k,\n  author = {Müller, Jörg and "
                    "Ødegaard, Åsa},\n  title = {Café über alles},\n  eprint = {2401.01055},"
                    "\n  archivePrefix = {arXiv}\n}\n".encode("latin-1"))
    result = papers("import", str(bib), "--offline")
    assert result.exit_code == 0, result.stderr
    assert ("papers: warning: jabref.bib is not UTF-8: read as Windows-1252 (Latin-1)\n"
            in result.stderr)
    shown = papers("show", "2401.01055", "--offline", "--json").json
    assert shown["title"] == "Café über alles"
    assert shown["authors"] == ["Jörg Müller", "Åsa Ødegaard"]
    ris = tmp_path / "endnote.ris"
    ris.write_bytes("TY  - JOUR\r\nT1  - Quotes “curly” – and dashes\r\nA1  - Gaël, Zoë\r\n"
                    "UR  - https://arxiv.org/abs/2404.14047\r\nER  - \r\n".encode("cp1252"))
    summary = papers("import", str(ris), "--offline", "--json").json["references"][0]
    assert summary["encoding"] == "windows-1252" and summary["starred"] == 1
    shown = papers("show", "2404.14047", "--offline", "--json").json
    assert shown["title"] == "Quotes “curly” – and dashes"
    assert shown["authors"] == ["Zoë Gaël"]
    utf8 = papers("import", str(REFS / "zotero.ris"), "--offline", "--json")
    assert utf8.json["references"][0]["encoding"] == "utf-8"
    assert "UTF-8" not in papers("import", str(REFS / "zotero.ris"), "--offline").stderr
