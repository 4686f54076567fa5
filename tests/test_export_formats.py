"""BibTeX keys from transliterated names, CSV for Excel, `--format ids`, and exports that
stream (each format writes paper by paper, read back by real parsers)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import bibtexparser  # type: ignore[import-untyped]
import jsonschema
import pytest
import rispy

from conftest import Home, Papers, isolate, one_line, write_config
from papercli.exporters import FORMATS, Context, LazyPapers, Section, render, stream_sections
from papercli.exporters.bibtex import base_key
from papercli.exporters.csvfmt import COLUMNS
from papercli.models import Paper
from test_exporters import ENDPOINT, NOW, SEED, hostile_papers, odd_papers


def key(*authors: str) -> str:
    return base_key(SEED[0]._replace(id="2605.09388", authors=authors,
                                     title="Qwen3 Technical Report",
                                     published_at="2026-05-14T00:00:00Z"))


@pytest.mark.parametrize(("authors", "expected"), [
    (("Øyvind Ødegaard",), "odegaard2026qwen3"),
    (("Łukasz Nowak",), "nowak2026qwen3"),
    (("Lüder Müller",), "muller2026qwen3"),
    (("王小明",), "wang2026qwen3"),            # family name first, no space
    (("王 小明",), "wang2026qwen3"),
    (("欧阳 娜娜",), "ouyang2026qwen3"),       # a two-character family name, spaced
    (("山田太郎",), "shan2026qwen3"),          # kanji: its first character, romanised
    (("김민수",), "gim2026qwen3"),
    (("Xiaomiao Wang",), "wang2026qwen3"),     # the romanised name the record gives
    (("Алексей Иванов",), "ivanov2026qwen3"),
    (("Γιώργος Παπαδόπουλος",), "papadopoylos2026qwen3"),  # anyascii: ου → oy
    (("???", "Zoe Smith"), "smith2026qwen3"),  # no letters: the next author
    (("", "---"), "anon2026qwen3"),
])
def test_bibtex_keys_are_transliterated(authors: tuple[str, ...], expected: str) -> None:
    assert key(*authors) == expected


def test_bibtex_never_anon_when_a_name_has_letters() -> None:
    for name in ("王", "Ø", "김", "ß", "Ñandú", "İlker Çelik", "Đorđe"):
        assert not key(name).startswith("anon"), name


def test_bibtex_streams_and_parses_back_with_hostile_papers() -> None:
    papers = hostile_papers() + odd_papers() + SEED
    text = render(papers, "bibtex", title="t")
    db = bibtexparser.loads(text)
    assert [e["eprint"] for e in db.entries] == [p.id for p in papers]
    assert len({e["ID"] for e in db.entries}) == len(papers)
    assert all(e["ID"].isascii() and e["ID"].isalnum() for e in db.entries)


def arxiv_line(pid: str, title: str, **more: object) -> str:
    """One line of arXiv's metadata snapshot (invented)."""
    record: dict[str, object] = {
        "id": pid, "submitter": "A. Inventor", "authors": "A. Inventor and B. Maker",
        "title": title, "comments": "9 pages", "journal-ref": None, "doi": None,
        "categories": "hep-th gr-qc", "abstract": "Invented.",
        "versions": [{"version": "v1", "created": "Tue, 12 Jan 1999 10:00:00 GMT"}],
        "update_date": "1999-01-20", "authors_parsed": [["Inventor", "A.", ""]]}
    record.update(more)
    return json.dumps(record)


def test_bibtex_carries_arxivs_doi_journal_and_category_and_reads_back(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What arXiv knows of a published paper (journal reference, the publisher's DOI, the
    primary category) goes into its entry as biblatex and Zotero read them, and `papers
    import` of the file finds the same papers, the publisher's DOI kept."""
    snap = tmp_path / "snap.jsonl"
    snap.write_text("\n".join([
        arxiv_line("hep-th/9901001", "Strings on a Wet Beach",
                   **{"journal-ref": "J. Invented Phys. 12 (1999) 3-9",
                      "doi": "10.5555/invented_1999.{3}"}),  # braces: left out
        arxiv_line("2403.10003", "Rip Currents in Gradient Descent", categories="cs.LG",
                   **{"journal-ref": "Proc. R&D 4 (2024) 1_9",
                      "doi": "10.5555/invented_2024.3"}),
        arxiv_line("2403.10004", "Undertow", categories="stat.ML cs.LG"),
    ]) + "\n", encoding="utf-8")
    assert papers("import", str(snap)).exit_code == 0
    result = papers("export", "-f", "bibtex")
    assert result.exit_code == 0, result.stderr
    entries = {e["eprint"]: e for e in bibtexparser.loads(result.stdout).entries}
    old, new, plain = entries["hep-th/9901001"], entries["2403.10003"], entries["2403.10004"]
    assert old["ENTRYTYPE"] == "article" and old["journal"] == "J. Invented Phys. 12 (1999) 3-9"
    assert old["primaryclass"] == "hep-th" and old["archiveprefix"] == "arXiv"
    assert old["doi"] == "10.48550/arXiv.hep-th/9901001"  # the publisher's cannot be written
    assert new["ENTRYTYPE"] == "article" and new["journal"] == r"Proc. R\&D 4 (2024) 1\_9"
    assert new["doi"] == "10.5555/invented_2024.3" and new["primaryclass"] == "cs.LG"
    assert plain["ENTRYTYPE"] == "misc" and "journal" not in plain
    assert plain["doi"] == "10.48550/arXiv.2403.10004" and plain["primaryclass"] == "stat.ML"

    bib = tmp_path / "out.bib"
    bib.write_text(result.stdout, encoding="utf-8")
    isolate(tmp_path / "elsewhere", monkeypatch)
    back = papers("import", str(bib), "--offline")
    assert back.exit_code == 0, back.stderr
    assert "3 stars added" in back.stderr
    shown = papers("show", "2403.10003", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["doi"] == "10.5555/invented_2024.3"
    assert papers("show", "2403.10004", "--offline", "--json").json["doi"] is None


def published_papers(papers: Papers, tmp_path: Path) -> None:
    """Two papers arXiv has a journal reference for and one it has none for."""
    snap = tmp_path / "snap.jsonl"
    snap.write_text("\n".join([
        arxiv_line("hep-th/9901001", "Strings on a Wet Beach",
                   **{"journal-ref": "J. Invented Phys. 12 (1999) 3-9 [red]x[/red]"}),
        arxiv_line("2403.10003", "Rip Currents in Gradient Descent", categories="cs.LG",
                   **{"journal-ref": "Proc. R&D <i>4</i> (2024) 1_9",
                      "doi": "10.5555/invented_2024.3"}),
        arxiv_line("2403.10004", "Undertow", categories="stat.ML cs.LG"),
    ]) + "\n", encoding="utf-8")
    assert papers("import", str(snap)).exit_code == 0


def reads_back_offline(papers: Papers, text: str, name: str, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers import` of the export in a new home finds the same three papers, the
    publisher's DOI kept, and arXiv's journal reference, which the export wrote as the
    journal, as it was written."""
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    isolate(tmp_path / "elsewhere", monkeypatch)
    back = papers("import", str(out), "--offline")
    assert back.exit_code == 0, back.stderr
    assert "3 stars added" in back.stderr
    shown = papers("show", "2403.10003", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["doi"] == "10.5555/invented_2024.3"
    assert shown.json["journal_ref"] == "Proc. R&D <i>4</i> (2024) 1_9"
    assert papers("show", "hep-th/9901001", "--offline", "--json").exit_code == 0


def test_csljson_has_a_journal_article_for_a_journal_reference(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper arXiv has a journal reference for goes out as CSL's article-journal with the
    reference as its container-title (Zotero's Journal Article and its Publication), the
    arXiv id, URL and DOI kept; a paper without one stays an arXiv preprint."""
    from test_zotero import CSL_SCHEMA

    published_papers(papers, tmp_path)
    result = papers("export", "-f", "csljson")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    jsonschema.validate(items, CSL_SCHEMA)
    by_id = {i["id"]: i for i in items}
    old, new, plain = by_id["hep-th/9901001"], by_id["2403.10003"], by_id["2403.10004"]
    assert old["type"] == new["type"] == "article-journal"
    assert old["container-title"] == "J. Invented Phys. 12 (1999) 3-9 [red]x[/red]"
    assert new["container-title"] == "Proc. R&D <i>4</i> (2024) 1_9"
    assert old["DOI"] == "10.48550/arXiv.hep-th/9901001"
    # Zotero's Journal Article has no field CSL's `number` maps to: the id is in `note`
    # (its Extra), as Zotero's own arXiv translator keeps it
    assert old["note"] == "arXiv: hep-th/9901001" and "number" not in old
    assert new["DOI"] == "10.5555/invented_2024.3"
    assert new["URL"] == "https://arxiv.org/abs/2403.10003"
    assert "publisher" not in old and "publisher" not in new  # it would be the journal's
    assert plain["type"] == "article" and plain["publisher"] == "arXiv"
    assert plain["number"] == "arXiv:2403.10004" and "note" not in plain
    assert "container-title" not in plain
    reads_back_offline(papers, result.stdout, "out.json", tmp_path, monkeypatch)


def test_csljson_journal_article_keeps_the_arxiv_line_out_of_the_note_read_back(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal article's note is the "arXiv: ID" line, then the user's note; `papers
    import` of the file restores the user's note alone."""
    published_papers(papers, tmp_path)
    assert papers("star", "2403.10003", "2403.10004", "hep-th/9901001",
                  "--offline").exit_code == 0
    for pid in ("2403.10003", "2403.10004"):
        assert papers("note", pid, "-m", "Check eq. 3.\n\n- then B").exit_code == 0
    result = papers("starred", "-f", "csljson")
    assert result.exit_code == 0, result.stderr
    by_id = {i["id"]: i for i in json.loads(result.stdout)}
    assert by_id["2403.10003"]["note"] == "arXiv: 2403.10003\n\nCheck eq. 3.\n\n- then B"
    assert by_id["2403.10004"]["note"] == "Check eq. 3.\n\n- then B"
    out = tmp_path / "mine.json"
    out.write_text(result.stdout, encoding="utf-8")
    isolate(tmp_path / "elsewhere", monkeypatch)
    assert papers("import", str(out), "--offline").exit_code == 0
    for pid in ("2403.10003", "2403.10004"):
        shown = papers("show", pid, "--offline", "--json")
        assert shown.exit_code == 0, shown.stderr
        assert shown.json["note"] == "Check eq. 3.\n\n- then B", pid
    # a journal article without a note of yours: its arXiv line is no note
    shown = papers("show", "hep-th/9901001", "--offline", "--json")
    assert shown.exit_code == 0 and "note" not in shown.json, shown.json.get("note")


def test_ris_has_the_journal_reference_where_zotero_reads_a_journal(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper arXiv has a journal reference for is a JOUR with it in T2 (Zotero's
    Publication) and JO (rispy's journal); a paper without one keeps `T2  - arXiv` and is
    an unpublished work (UNPB), where every preprint was a journal article (JOUR)."""
    published_papers(papers, tmp_path)
    result = papers("export", "-f", "ris")
    assert result.exit_code == 0, result.stderr
    records = {r["id"]: r for r in rispy.loads(result.stdout)}
    old, new, plain = records["hep-th/9901001"], records["2403.10003"], records["2403.10004"]
    assert old["type_of_reference"] == new["type_of_reference"] == "JOUR"
    # Zotero's RIS translator (zotero/translators, RIS.js) has no TY for its Preprint
    # item: it imports a TY it has no mapping of, UNPB among them, as a Journal Article
    # (its default import type), with DO as the DOI and T2 as the Publication, as it
    # does JOUR. Readers of the RIS spec's types read UNPB as an unpublished work.
    assert plain["type_of_reference"] == "UNPB"
    assert rispy.TYPE_OF_REFERENCE_MAPPING["UNPB"] == "Unpublished work"
    assert re.search(r"^TY  - UNPB\nID  - 2403\.10004\n", result.stdout, re.M)
    assert old["secondary_title"] == old["journal_name"] \
        == "J. Invented Phys. 12 (1999) 3-9 [red]x[/red]"
    assert new["secondary_title"] == new["journal_name"] == "Proc. R&D <i>4</i> (2024) 1_9"
    assert new["doi"] == "10.5555/invented_2024.3"
    assert new["accession_number"] == "arXiv:2403.10003"
    assert new["urls"] == ["https://arxiv.org/abs/2403.10003"]
    assert plain["secondary_title"] == "arXiv" and "journal_name" not in plain
    assert plain["doi"] == "10.48550/arXiv.2403.10004"
    reads_back_offline(papers, result.stdout, "out.ris", tmp_path, monkeypatch)


# -- CSV for Excel ---------------------------------------------------------------------------


def test_csv_file_has_a_bom_and_stdout_has_none(library, tmp_path: Path) -> None:
    target = tmp_path / "papers.csv"
    result = library("export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,title,")  # UTF-8 BOM: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 19 and list(rows[0]) == list(COLUMNS)
    piped = library("export", "--format", "csv")
    assert piped.stdout.startswith("id,title,")
    assert piped.stdout.replace("\r\n", "\n") == raw.decode("utf-8-sig").replace("\r\n", "\n")


def test_csv_carries_your_tags_and_note(library, tmp_path: Path) -> None:
    """A spreadsheet of a tagged reading list shows the tags and the note, as JSON does;
    a paper without them has empty cells."""
    assert library("tag", "2401.01055", "to-read", "llm").exit_code == 0
    assert library("note", "2401.01055", "-m", "=cmd| see section 3\n\nThen 4.").exit_code == 0
    result = library("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout, newline=""))}
    assert rows["2401.01055"]["tags"] == "llm; to-read"
    assert rows["2401.01055"]["note"] == "'=cmd| see section 3\n\nThen 4."
    assert all(r["tags"] == r["note"] == "" for i, r in rows.items() if i != "2401.01055")
    tagged = library("export", "--tag", "llm", "--format", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(tagged.stdout))] == ["2401.01055"]


def test_csv_bom_keeps_non_ascii_names_readable() -> None:
    paper = SEED[0]._replace(authors=("Øyvind Ødegaard", "王小明"), title="Über 大模型")
    text = render([paper], "csv", title="t", bom=True)
    assert text.startswith("\ufeff")
    data = text.encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0]["authors"] == "Øyvind Ødegaard; 王小明" and rows[0]["title"] == "Über 大模型"


# -- ids ---------------------------------------------------------------------------------------


def test_ids_one_per_line(library) -> None:
    result = library("export", "--format", "ids", "--family", "LLaVA")
    assert result.exit_code == 0, result.stderr
    ids = result.stdout.splitlines()
    listed = [p["id"] for p in json.loads(library("export", "--json", "--family",
                                                  "LLaVA").stdout)]
    assert ids == listed and ids and result.stdout.endswith("\n")
    assert all(i == i.strip() and " " not in i for i in ids)
    none = library("export", "--format", "ids", "--min-upvotes", "100000")
    assert none.exit_code == 0 and none.stdout == ""


def test_ids_of_hostile_papers() -> None:
    text = render(hostile_papers() + odd_papers(), "ids", title="t")
    assert text.splitlines() == [p.id for p in hostile_papers() + odd_papers()]


# -- streaming -------------------------------------------------------------------------------


class Counting:
    """Papers handed out one at a time, counting how many have been read so far."""

    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers
        self.read = 0

    def __call__(self) -> Iterator[Paper]:
        self.read = 0
        for paper in self.papers:
            self.read += 1
            yield paper


@pytest.mark.parametrize("fmt", FORMATS)
def test_documents_are_written_paper_by_paper(fmt: str) -> None:
    """The first paper's text comes out before the last paper is read: nothing waits for
    the whole library."""
    papers = SEED * 5
    source = Counting(papers)
    lazy = LazyPapers(source, len(papers))
    ctx = Context(title="t", endpoint=ENDPOINT, generated_at=NOW)
    chunks = stream_sections([Section(None, lazy)], fmt, ctx)
    seen_at: list[int] = []
    out = []
    for chunk in chunks:
        seen_at.append(source.read)
        out.append(chunk)
    assert len(out) >= len(papers)  # a chunk per paper at least
    assert min(n for n, c in zip(seen_at, out, strict=True) if SEED[0].id in c) < len(papers)
    assert "".join(out) == render(papers, fmt, title="t", endpoint=ENDPOINT, generated_at=NOW)


def test_streamed_json_is_exactly_the_json_document() -> None:
    for papers in (SEED, [], hostile_papers(), odd_papers()):
        text = render(papers, "json", title="t", endpoint=ENDPOINT)
        data = json.loads(text)
        assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        assert [d["id"] for d in data] == [p.id for p in papers]


def test_json_lines_are_the_json_documents_objects_a_line_each() -> None:
    """`--format jsonl`: each line one whole object, the very objects of the JSON
    document in its order (controls stripped, non-finite numbers null alike); no papers,
    no lines."""
    for papers in (SEED, [], hostile_papers(), odd_papers()):
        lines = render(papers, "jsonl", title="t", endpoint=ENDPOINT).splitlines(keepends=True)
        assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
        assert [json.loads(line) for line in lines] == json.loads(
            render(papers, "json", title="t", endpoint=ENDPOINT))
    assert render([], "jsonl", title="t") == ""


def test_json_lines_through_the_cli(library, tmp_path: Path) -> None:
    """`-f jsonl` to stdout, and `-o FILE.jsonl` / `.ndjson` choose it by extension; the
    listing's own fields (a ranked score, your tags) ride along as in JSON."""
    listed = library("search", "--offline", "-n", "5", "--json").json
    done = library("search", "--offline", "-n", "5", "-f", "jsonl")
    assert done.exit_code == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == listed
    for name in ("all.jsonl", "all.ndjson"):
        written = library("export", "-o", str(tmp_path / name))
        assert written.exit_code == 0 and "wrote 19 papers" in written.stderr, written.stderr
        rows = [json.loads(line) for line in (tmp_path / name).read_text().splitlines()]
        assert len(rows) == 19 and all(isinstance(r, dict) and r["id"] for r in rows)
    mixed = library("search", "--offline", "--json", "-f", "jsonl")
    assert mixed.exit_code == 2 and "--json conflicts with --format jsonl" in mixed.stderr


@pytest.mark.parametrize(("alias", "fmt"), [
    ("markdown", "md"), ("Markdown", "md"), ("csl-json", "csljson"), ("ndjson", "jsonl"),
    ("bib", "bibtex")])
def test_a_format_goes_by_its_other_names(library, alias: str, fmt: str) -> None:
    """`-f markdown` was "not one of 'table', 'json', … 'md'": the other names a format
    goes by are taken as its own; a name that is no format is still a usage error."""
    got = library("export", "-n", "3", "-f", alias)
    assert got.exit_code == 0, got.stderr
    assert got.stdout == library("export", "-n", "3", "-f", fmt).stdout
    assert library("search", "--offline", "-n", "2", "--format", alias).stdout == library(
        "search", "--offline", "-n", "2", "--format", fmt).stdout
    bad = library("export", "-f", "markdown2")
    assert bad.exit_code == 2 and "--format 'markdown2' — use table, " in bad.stderr


def test_whole_library_export_streams_through_the_cli(library, tmp_path: Path) -> None:
    """`papers export` without a limit reads the library through a cursor (LazyPapers)
    and writes every format in full."""
    reference = json.loads(library("search", "--offline", "-n", "0", "--json").stdout)
    for fmt in ("json", "md", "csv", "bibtex", "html", "ids", "atom"):
        target = tmp_path / f"all.{fmt}"
        result = library("export", "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, result.stderr
        assert "wrote 19 papers" in result.stderr
    assert [p["id"] for p in json.loads((tmp_path / "all.json").read_text())] == [
        p["id"] for p in reference]
    assert (tmp_path / "all.ids").read_text().split() == [p["id"] for p in reference]
    keyword = library("export", "--json", "--keyword", "llava")
    ids = [p["id"] for p in json.loads(keyword.stdout)]
    assert ids and len(ids) < 19


def test_an_extension_that_names_no_format_is_a_usage_error(library, tmp_path: Path) -> None:
    """`-o papers.yaml` (or a typo of .bib) wrote Markdown, or a table, under that name with
    a note on stderr, and `-o today` did so with no word at all: now a usage error naming
    the common extensions and where the rest are (all 17 made 230 columns), and nothing is
    written. With --format, any name is written; a device (`-o /dev/null`) is written as
    stdout is."""
    for args, why in ((("export", "-o", str(tmp_path / "papers.yaml")), ".yaml names no format"),
                      (("search", "--offline", "-n", "3", "-o", str(tmp_path / "top.log")),
                       ".log names no format"),
                      (("export", "-o", str(tmp_path / "plain")), "plain has no extension"),
                      (("today", "--offline", "-o", str(tmp_path / "today")),
                       "today has no extension")):
        odd = library(*args)
        name = Path(args[-1]).name
        assert odd.exit_code == 2, odd.stderr
        assert odd.stderr == (
            f"papers: error: {why} — name it .md .json .csv …, or see --help\n")
        assert odd.stdout == "" and not (tmp_path / name).exists()
    for args, head in ((("-o", str(tmp_path / "a.bib")), "@misc{"),
                       (("-f", "ris", "-o", str(tmp_path / "a.x")), "TY  - "),
                       (("-f", "md", "-o", str(tmp_path / "plain")), "# "),
                       (("-f", "md", "-o", str(tmp_path / "b.yaml")), "# ")):
        done = library("export", *args)
        assert done.exit_code == 0, done.stderr
        assert Path(args[-1]).read_text(encoding="utf-8-sig").startswith(head)
    device = library("export", "-o", "/dev/null")
    assert (device.exit_code, device.stderr) == (0, "papers: wrote 19 papers to /dev/null\n")


@pytest.mark.parametrize("name", ["refs.csl.json", "refs.CSLJSON", "refs.csljson"])
def test_a_csl_json_name_writes_csl_json(library, tmp_path: Path, name: str) -> None:
    """`-o refs.csl.json` wrote papercli's own JSON (".json"), which a citation manager
    cannot read: the name says CSL-JSON, as .bib says BibTeX. Plain .json stays papercli's."""
    done = library("export", "-n", "2", "-o", str(tmp_path / name))
    assert done.exit_code == 0, done.stderr
    items = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert len(items) == 2 and all(item["type"] and item["title"] for item in items)
    assert all("upvotes" not in item and "author" in item for item in items)
    own = library("export", "-n", "2", "-o", str(tmp_path / "refs.json"))
    assert own.exit_code == 0, own.stderr
    assert all("upvotes" in p for p in json.loads((tmp_path / "refs.json").read_text()))


@pytest.mark.parametrize(("args", "said"), [
    (("--split", "vault", "--feed-url", "https://example.org/feed.xml"),
     # (95 columns before: every fuller way is over 80)
     "--feed-url is not for --split's Markdown notes — drop it"),
    (("-f", "ris", "--md-tags"),
     "--md-tags is not for ris output — drop it, or give --format md"),
    (("-o", "refs.bib", "--front-matter"),
     "--front-matter is not for bibtex output — drop it"),
    (("-f", "md", "--feed-url", "https://example.org/feed.xml"),
     "--feed-url is not for md output — drop it, or give --format atom"),
    (("-f", "csv", "--no-abstract"),
     # (whole: "--no-abstract applies to md, html, atom, rss, ris, csljson and bibtex
     # output, not csv — drop --no-abstract", 113 columns; --help lists the formats)
     "--no-abstract is not for csv output — drop it"),
    (("--json", "--columns", "id,title"),
     "--columns is not for json output — drop it"),  # (with "or give --format table": 81)
    # (an address no feed takes is refused for a feed: for another format the option is
    # said first, which was said only once the address was mended)
    (("-f", "bibtex", "--feed-url", "x"),
     "--feed-url is not for bibtex output — drop it"),
    (("--split", "vault", "--feed-url", "x"),
     "--feed-url is not for --split's Markdown notes — drop it"),
    (("-f", "rss", "--feed-url", "x"), "--feed-url 'x' — use an http(s) URL, the feed's own "
                                      "address"),
])
def test_an_option_the_format_does_not_use_is_a_usage_error(
        library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
        said: str) -> None:
    """`export --split DIR --feed-url URL`, `-f ris --md-tags`: the option was dropped
    without a word; now a usage error, nothing written. Said one way ("--md-tags is for
    md, not ris — drop it, …" beside "… is not for csv output — drop --no-abstract")."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = library("export", *args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr == f"papers: error: {said}\n"
    assert result.stdout == "" and list(work.iterdir()) == []


FEED = "https://example.org/feed.xml"


@pytest.mark.parametrize(("args", "said"), [
    (("today", "--md-tags", "-f", "csv"),
     "--md-tags is not for csv output — drop it, or give --format md"),
    (("search", "llava", "-f", "csv", "--no-abstract"),
     # (whole: "--no-abstract applies to md, html, atom, rss, ris, csljson and bibtex
     # output, not csv — drop --no-abstract", 113 columns; --help lists the formats)
     "--no-abstract is not for csv output — drop it"),
    (("week", "last", "--feed-url", FEED, "-o", "week.md"),
     "--feed-url is not for md output — drop it, or give --format atom"),
    (("starred", "--feed-url", FEED),  # a listing's default: the table
     "--feed-url is not for table output — drop it"),
    (("new", "--all", "-f", "md", "--columns", "id,title"),
     "--columns is not for md output — drop it, or give --format table"),
    (("for-you", "-q", "--front-matter"),
     "--front-matter is not for ids output — drop it"),
    (("related", "2401.01055", "--json", "--md-tags"),
     "--md-tags is not for json output — drop it, or give --format md"),
    (("arxiv", "cs.CL", "--md-tags"),
     "--md-tags is not for table output — drop it, or give --format md"),
    (("show", "2401.01055", "--no-abstract"),  # the panels show the whole abstract
     "--no-abstract is not for table output — drop it"),
    (("show", "2401.01055", "--full", "-f", "md", "--front-matter"),
     "--front-matter is not for --full's full text — drop it"),
])
def test_every_listing_refuses_an_option_its_format_does_not_use(
        library, tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    """`papers today --md-tags -f csv` wrote the CSV and dropped --md-tags without a word,
    as export no longer does: now every command with the output options refuses it with
    the format it would write, before any request (no Hub is reachable here: a request
    would have been a network failure, exit 1), and writes nothing."""
    result = library(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr == f"papers: error: {said}\n"
    assert result.stdout == "" and not (tmp_path / "cwd" / "week.md").exists()


def test_a_listing_takes_the_options_its_format_uses(library, tmp_path: Path) -> None:
    for args, head in ((("search", "--offline", "-f", "md", "--md-tags", "--front-matter",
                         "--no-abstract"), "---"),
                       (("search", "--offline", "--columns", "id,title", "-n", "1"), ""),
                       (("starred", "-f", "atom", "--feed-url", FEED), "<?xml"),
                       (("show", "2401.01055", "-f", "ris", "--no-abstract"), "TY  - ")):
        result = library(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stdout.startswith(head), (args, result.stdout[:200])


def test_an_option_the_format_uses_is_taken(library, tmp_path: Path) -> None:
    for args in (("--split", str(tmp_path / "vault"), "--md-tags", "--front-matter"),
                 ("-o", str(tmp_path / "feed.atom"), "--feed-url", "https://example.org/f"),
                 ("-f", "bibtex", "--no-abstract"), ("-f", "table", "--columns", "id,title"),
                 ("--md-tags", "--front-matter", "--no-abstract")):
        result = library("export", *args)
        assert result.exit_code == 0, (args, result.stderr)


@pytest.mark.parametrize("args", [("export", "-o", ""), ("starred", "--output=", " "),
                                  ("trends", "-o", "")])
def test_an_empty_output_file_is_a_usage_error(library, args: tuple[str, ...]) -> None:
    """`-o "$OUT"` with OUT unset said ". is a directory — give a file name for --output"
    (exit 1): the empty value had become the current folder. Now it is a usage error that
    says the value is empty, as `--split ""` does; nothing is written."""
    result = library(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("papers: error: --output is empty — "
                                    "give a file name (- for stdout)")
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


@pytest.mark.parametrize("args", [("export", "-o", "a\x00b.md"), ("today", "-o", "\x00")])
def test_an_output_file_holding_a_nul_is_a_usage_error(library, args: tuple[str, ...]) -> None:
    """A file name no system takes (a NUL in it): "embedded null byte" from deep in the
    parser, a traceback; now a usage error naming the option, and nothing is written."""
    result = library(*args)
    assert result.exit_code == 2, result.stderr
    line = one_line(result.stderr)
    assert line.startswith("papers: error: --output '"), line
    assert line.endswith("' holds a NUL character — give a file name without one"), line
    assert result.stdout == ""


@pytest.mark.parametrize("command", [("search", "--offline"), ("export",), ("starred",)])
def test_a_markdown_listing_cut_by_the_limit_says_of_how_many(library, command) -> None:
    """`papers today -n 3 -f md` said "_3 papers_" where the table says "3 of 17 papers":
    the document hid that the limit cut it. Now it says "3 of N papers" too, and a whole
    listing its count alone."""
    if command == ("starred",):
        listed = json.loads(library("search", "--offline", "-n", "0", "--json").stdout)
        assert library("star", *[p["id"] for p in listed[:5]]).exit_code == 0
        total = 5
    else:
        total = len(json.loads(library("search", "--offline", "-n", "0", "--json").stdout))
    cut = library(*command, "-n", "2", "-f", "md")
    assert cut.exit_code == 0, cut.stderr
    assert cut.stdout.splitlines()[2].startswith(f"_2 of {total} papers · generated ")
    whole = library(*command, "-n", "0", "-f", "md")
    assert whole.stdout.splitlines()[2].startswith(f"_{total} papers · generated ")


def test_an_html_digest_cut_by_the_limit_says_of_how_many(library) -> None:
    """The HTML digest's header said "2 papers" of a listing the limit cut; now "2 of N
    papers", as the table and the Markdown say it."""
    total = len(json.loads(library("search", "--offline", "-n", "0", "--json").stdout))
    cut = library("search", "--offline", "-n", "2", "-f", "html")
    assert cut.exit_code == 0, cut.stderr
    assert f"<p>2 of {total} papers · generated " in cut.stdout
    whole = library("search", "--offline", "-n", "0", "-f", "html")
    assert f"<p>{total} papers · generated " in whole.stdout


HUB_ITEM = {"paper": {"id": "2403.10001", "title": "Harbour Lights", "summary": "Invented.",
                      "authors": [{"name": "Ilse Varga"}], "upvotes": 7,
                      "publishedAt": "2024-03-14T17:59:01.000Z",
                      "submittedOnDailyAt": "2024-03-15T06:12:00.000Z"},
            "publishedAt": "2024-03-15T06:12:00.000Z", "title": "Harbour Lights"}


def test_only_a_paper_the_hub_lists_links_to_its_hugging_face_page(
        papers: Papers, home: Home, tmp_path: Path) -> None:
    """A paper only arXiv knows (here an old-style id) may have no Hub page: `show` and
    every export link it to arXiv, and the Hub's page only for a paper the Hub listed."""
    hub = tmp_path / "hub.json"
    hub.write_text(json.dumps([HUB_ITEM]), encoding="utf-8")
    snap = tmp_path / "snap.jsonl"
    snap.write_text(arxiv_line("hep-th/9901001", "Strings on a Wet Beach") + "\n",
                    encoding="utf-8")
    for path in (hub, snap):
        assert papers("import", str(path)).exit_code == 0
    old_hf = "/papers/hep-th/9901001"
    old_arxiv = "https://arxiv.org/abs/hep-th/9901001"

    shown = papers("show", "hep-th/9901001", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert old_hf not in shown.stdout and "HF " not in shown.stdout
    assert old_arxiv in shown.stdout
    assert "/papers/2403.10001" in papers("show", "2403.10001", "--offline").stdout

    md = papers("export", "-f", "md").stdout
    assert old_hf not in md and f"## [Strings on a Wet Beach]({old_arxiv})" in md
    assert "## [Harbour Lights](" in md and "/papers/2403.10001)" in md
    split = tmp_path / "notes"
    assert papers("export", "--split", str(split), "--front-matter").exit_code == 0
    note = next(split.glob("*9901001*")).read_text(encoding="utf-8")
    assert old_hf not in note and f'url: "{old_arxiv}"' in note
    page = papers("export", "-f", "html").stdout
    assert old_hf not in page and f'href="{old_arxiv}"' in page
    assert "/papers/2403.10001" in page
    for fmt in ("atom", "rss"):
        feed = papers("export", "-f", fmt).stdout
        entries = feed.split("<entry" if fmt == "atom" else "<item")[1:]
        old = next(e for e in entries if "9901001" in e)
        assert "Hugging Face</a>" not in html.unescape(old)
        hub_entry = next(e for e in entries if "2403.10001" in e)
        assert "Hugging Face</a>" in html.unescape(hub_entry)
        if fmt == "atom":
            assert f'<link href="{old_arxiv}" rel="alternate"' in old
        else:
            assert f"<link>{old_arxiv}</link>" in old
            assert 'isPermaLink="false"' in old and 'isPermaLink="true"' in hub_entry


# -- group authors -----------------------------------------------------------------------


GROUP_AUTHORS = ["Kimi Team", "Ann Lee", "The Varo-Team", "ATLAS Collaboration"]


def group_paper(papers: Papers, tmp_path: Path) -> None:
    """A Hub paper whose authors are groups and a person, as Daily Papers lists them."""
    hub = tmp_path / "hub.json"
    hub.write_text(json.dumps([{"paper": {
        "id": "2607.99653", "title": "Kimi K9: An Invented Agentic Model",
        "summary": "Invented.", "authors": [{"name": n} for n in GROUP_AUTHORS],
        "publishedAt": "2026-07-27T17:00:00.000Z", "upvotes": 3}}]), encoding="utf-8")
    assert papers("import", str(hub)).exit_code == 0
    assert papers("star", "2607.99653", "--offline").exit_code == 0


@pytest.mark.parametrize(("fmt", "name"), [("csljson", "out.json"), ("bibtex", "out.bib"),
                                           ("ris", "out.ris")])
def test_group_authors_stay_whole_and_read_back(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fmt: str, name: str) -> None:
    """A group author ("Kimi Team") is one name (CSL `literal`, a braced BibTeX name, RIS
    without a comma), not a person "Team, Kimi" whom a citation calls "Team, K."; the
    names come back as they were."""
    group_paper(papers, tmp_path)
    result = papers("starred", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "csljson":
        assert json.loads(result.stdout)[0]["author"] == [
            {"literal": "Kimi Team"}, {"family": "Lee", "given": "Ann"},
            {"literal": "The Varo-Team"}, {"literal": "ATLAS Collaboration"}]
    elif fmt == "bibtex":
        entry = bibtexparser.loads(result.stdout).entries[0]
        assert entry["author"] == \
            "{Kimi Team} and Ann Lee and {The Varo-Team} and {ATLAS Collaboration}"
    else:
        assert rispy.loads(result.stdout)[0]["authors"] == [
            "Kimi Team", "Lee, Ann", "The Varo-Team", "ATLAS Collaboration"]
    out = tmp_path / name
    out.write_text(result.stdout, encoding="utf-8")
    isolate(tmp_path / "elsewhere", monkeypatch)
    assert papers("import", str(out), "--offline").exit_code == 0
    shown = papers("show", "2607.99653", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["authors"] == GROUP_AUTHORS


def test_bibtex_keeps_latexs_own_escapes_in_arxivs_text(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv's text is LaTeX: "97.3\\%" was written "97.3\\textbackslash{}\\%", which a
    bibliography prints as "97.3\\%" and a reference manager stores so; now the escape is
    kept and the entry reads back as "97.3%". A lone backslash or percent sign is still
    escaped."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{
        "id": "2403.10011", "title": r"Prefill \& Decode for \$60 under 50% load",
        "summary": r"Covers 97.3\% of R\&D at \$400K via a\_b and \#tag; C:\Users.",
        "authors": ["Ilse Varga"], "published_at": "2024-03-14T00:00:00Z",
        "sources": ["arxiv"]}]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    out = tmp_path / "out.bib"
    result = papers("export", "--format", "bibtex", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    (entry,) = bibtexparser.loads(out.read_text(encoding="utf-8")).entries
    assert entry["title"] == r"{Prefill \& Decode for \$60 under 50\% load}"
    assert entry["abstract"] == (r"Covers 97.3\% of R\&D at \$400K via a\_b and \#tag; "
                                 r"C:\textbackslash{}Users.")
    isolate(tmp_path / "elsewhere", monkeypatch)
    assert papers("import", str(out), "--offline").exit_code == 0
    shown = papers("show", "2403.10011", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["title"] == "Prefill & Decode for $60 under 50% load"
    assert shown.json["summary"] == "Covers 97.3% of R&D at $400K via a_b and #tag; C:\\Users."


def one_exported(papers: Papers, tmp_path: Path, fmt: str, pid: str, title: str,
                 summary: str) -> str:
    """The library of one arXiv paper (`pid`, `title`, `summary`, imported as papercli's
    own JSON has it) exported as `fmt`: the document's text."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{
        "id": pid, "title": title, "summary": summary, "authors": ["Ilse Varga"],
        "published_at": "2024-03-14T00:00:00Z", "sources": ["arxiv"]}]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    result = papers("export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def title_and_abstract(text: str, fmt: str) -> tuple[str, str]:
    """The one paper's title and abstract in an export, as its format's reader gets them
    (md, html, atom, rss, ris, or CSL-JSON)."""
    import feedparser  # type: ignore[import-untyped]
    import html5lib
    from markdown_it import MarkdownIt

    if fmt == "md":
        tokens = MarkdownIt("commonmark").parse(text)
        inline = [t for t in tokens if t.type == "inline"]
        return ("".join(c.content for c in inline[2].children or [] if c.type == "text"),
                "".join(c.content for t in inline[3:] for c in t.children or []))
    if fmt == "html":
        doc = html5lib.parse(text, namespaceHTMLElements=False)
        return ("".join(doc.find(".//h3").itertext()),
                " ".join("".join(p.itertext()) for p in doc.iter("p")))
    if fmt in ("atom", "rss"):
        (item,) = feedparser.parse(text).entries
        return item.title, html.unescape(re.sub("<[^>]+>", "", item.content[0].value
                                                if fmt == "atom" else item.description))
    if fmt == "ris":
        (record,) = rispy.loads(text)
        return record["title"], record["abstract"]
    (item,) = json.loads(text)
    return item["title"], item["abstract"]


@pytest.mark.parametrize("fmt", ["md", "html", "atom", "rss", "ris", "csljson"])
def test_arxivs_latex_escapes_read_as_the_characters_they_stand_for(
        papers: Papers, home: Home, tmp_path: Path, fmt: str) -> None:
    """A title or abstract with LaTeX's escapes ("97.3\\%", "R\\&D") showed the backslash
    in every reader of a digest, a feed or a reference manager's record; now the text
    says "97.3%". JSON keeps the text as the library holds it."""
    text = one_exported(papers, tmp_path, fmt, "2403.10012", r"Prefill \& Decode for \$60",
                        r"Covers 97.3\% of R\&D via a\_b, \#tag and $x \% y$; C:\Users\\%.")
    title, abstract = title_and_abstract(text, fmt)
    assert title == "Prefill & Decode for $60"
    assert "Covers 97.3% of R&D via a_b, #tag and" in abstract
    # inside maths, TeX is TeX (Markdown's maths is verbatim for a renderer with maths)
    assert r"$x \% y$" in (text if fmt == "md" else abstract)
    assert "C:\\Users\\\\%" in abstract  # an escaped backslash, not an escaped %
    raw = papers("export", "--format", "json").json[0]
    assert raw["summary"].startswith(r"Covers 97.3\% of R\&D")


# arXiv's LaTeX outside maths, as abstracts on the Hub carry it (shapes seen there).
MARKUP_TITLE = r"Denoising Network\ for \emph{Tidal} Data"
MARKUP_ABSTRACT = (r"As in (\"Ust\"un et al.) the query\'s \textbf{coupling bias} on 300\,k"
                   r" na\"{\i}ve {\em and} {\it vs.} samples, \textbf{50\%} at \url{https://x.example/y};"
                   r" $\textbf{x} \in \{0,1\}$ and \cite{k} stay.")


@pytest.mark.parametrize("fmt", ["md", "html", "atom", "ris", "csljson", "bibtex"])
def test_arxivs_latex_markup_reads_as_the_text_it_prints(
        papers: Papers, home: Home, tmp_path: Path, fmt: str) -> None:
    """Accents, spacing and styles in arXiv's text (`(\\"Ust\\"un et al.)`, `Network\\ for`,
    `\\textbf{x}`) reached every reader as the commands: Zotero's abstract of a RIS or
    CSL-JSON record read `\\textbf{coupling bias}`, a BibTeX entry printed
    `\\textbackslash{}"Ust…`. Now they are the text LaTeX prints ("(Üstün et al.)"), with
    maths and a command papercli does not know left as they are."""
    text = one_exported(papers, tmp_path, fmt, "2403.10013", MARKUP_TITLE, MARKUP_ABSTRACT)
    if fmt != "bibtex":
        title, abstract = title_and_abstract(text, fmt)
    else:
        (entry,) = bibtexparser.loads(text).entries
        assert "textbackslash" not in entry["title"] + entry["abstract"].split("$")[0]
        assert entry["title"] == "{Denoising Network for Tidal Data}"
        assert entry["abstract"].startswith(
            "As in (Üstün et al.) the query's coupling bias on 300 k naïve and vs. samples,"
            r" 50\% at https://x.example/y;")
        return
    assert title == "Denoising Network for Tidal Data"
    assert ("As in (Üstün et al.) the query's coupling bias on 300 k naïve and vs. samples,"
            " 50% at https://x.example/y;") in abstract
    assert r"$\textbf{x} \in \{0,1\}$" in (text if fmt == "md" else abstract)
    assert r"\cite{k} stay." in abstract


@pytest.mark.parametrize("fmt", ["ris", "csljson", "atom", "rss"])
def test_an_accent_ending_a_paragraph_takes_no_letter_from_the_next(
        papers: Papers, home: Home, tmp_path: Path, fmt: str) -> None:
    """An accent command at a paragraph's end (`the baselines\\'`, a blank line, `We
    release …`) took the next paragraph's first letter: RIS, CSL-JSON and the feeds read
    "the baselinesẂe release code", two paragraphs run into one. A blank line ends
    TeX's paragraph, and an accent's argument with it: the command is kept as typed (as
    in md and html) and the next paragraph starts with its own letter."""
    abstract = "Results hold across the baselines\\'\n\nWe release code."
    text = one_exported(papers, tmp_path, fmt, "2403.10014", "Paragraph Ends", abstract)
    _, got = title_and_abstract(text, fmt)
    assert "Ẃ" not in got and "We release code." in got
    assert "baselines\\'" in got
    if fmt in ("ris", "csljson"):  # (the paragraphs apart: rispy joins an AB's lines)
        assert "baselines\\'\n\nWe release code." in (text if fmt == "ris" else got)


@pytest.mark.parametrize("args", [(), ("-n", "5"), ("Harbour",)])
def test_export_has_model_says_how_many_it_could_not_tell(
        papers: Papers, home: Home, tmp_path: Path, args: tuple[str, ...]) -> None:
    """`papers export --has-model` wrote nothing and said nothing when the library did not
    know the papers' linked models yet; it now warns as `papers search` does."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps([
        {"id": f"2403.1002{n}", "title": f"Harbour Lights {n}", "summary": "Invented.",
         "authors": ["Ilse Varga"], "published_at": "2024-03-14T00:00:00Z",
         "sources": ["arxiv"], **({"num_models": 3} if n == 0 else {})}
        for n in range(3)]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    result = papers("export", *args, "--has-model", "--format", "ids")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == ["2403.10020"]
    assert "warning: 2 papers left out" in one_line(result.stderr)
    assert "not known yet" in one_line(result.stderr)


@pytest.mark.parametrize(("args", "said"), [
    (("--org", "Nowhere Labs"), "no paper in the library is from 'Nowhere Labs'"),
    (("--tag", "toread"), "papers: no paper is tagged yet"),  # (a note, as search's)
    (("--tag", "toread", "-n", "5", "-o", "refs.bib"), "papers: no paper is tagged yet"),
])
def test_an_empty_export_says_why_as_search_does(
        library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, ...], said: str) -> None:
    """An export filtered by an organization no paper names, or a tag no paper carries (a
    typo), wrote an empty file and said nothing; it says why, as `papers search` does."""
    monkeypatch.chdir(tmp_path)
    result = library("export", *args, "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    assert said in result.stderr.splitlines()[0]


def test_a_file_name_with_a_control_character_is_named_escaped(library, tmp_path: Path) -> None:
    """`-o $'bad\\x1bname.md'` said "wrote … to …/badname.md": the message line drops the
    control character, naming a file that does not exist. Now the name is quoted with its
    escape, as other messages quote what was given; an error names it so too."""
    import os

    target = tmp_path / "bad\x1bname.md"
    result = library("export", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.is_file()
    real = os.path.realpath(target)
    assert result.stderr.endswith(f" to {real!r}\n"), result.stderr
    again = library("export", "-o", str(target))
    assert again.exit_code == 1
    assert again.stderr.startswith(f"papers: error: {str(target)!r} already exists"), (
        again.stderr)


@pytest.mark.parametrize("args", [("--since", "2031-01-01"), ("nothingmatchesthisword",),
                                  ("-n", "5", "--since", "2031-01-01")])
def test_split_with_no_paper_makes_no_folder(library, tmp_path: Path,
                                             args: tuple[str, ...]) -> None:
    """`papers export --split DIR` with a filter that matched nothing left an empty DIR
    behind; now nothing is made, and a note says so, after why there are none, as an
    export to a file says it ("no paper matched" said none of it)."""
    folder = tmp_path / "vault" / "papers"
    result = library("export", *args, "--split", str(folder))
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "vault").exists()
    to_file = library("export", *args, "-o", str(tmp_path / "none.md"))
    why = to_file.stderr.splitlines()[0]
    assert why.startswith("papers: no paper in the library "), to_file.stderr
    assert result.stderr.endswith(
        f"{why}\npapers: no notes written, and {folder} was not created\n"), result.stderr
    folder.mkdir(parents=True)
    again = library("export", *args, "--split", str(folder))
    assert again.exit_code == 0 and list(folder.iterdir()) == []
    assert again.stderr.endswith(f"{why}\npapers: no notes written\n"), again.stderr
    whole = library("export", "--split", str(folder))
    assert whole.exit_code == 0 and len(list(folder.iterdir())) == 19, whole.stderr
    # A file at the path is said as it is when papers match, not "was not created"
    held = tmp_path / "notes.txt"
    held.write_text("mine\n")
    for given in (args, ()):
        refused = library("export", *given, "--split", str(held))
        assert (refused.exit_code, refused.stdout) == (1, ""), refused.stderr
        assert refused.stderr == f"papers: error: {held} is not a folder — choose another path\n"
    assert held.read_text() == "mine\n"


@pytest.mark.parametrize("command", [("export",), ("export", "--sort", "upvotes"),
                                     ("search", "--offline")])
def test_the_wrote_note_says_of_how_many_when_the_limit_cut(library, tmp_path: Path,
                                                              command) -> None:
    """`papers export -n 2 -o x.bib` said "wrote 2 papers", hiding that more matched; now
    "wrote 2 of 19 papers … (-n 2)", as the document's count line says it, and a whole
    listing its count alone."""
    import os

    target = tmp_path / "x.bib"
    real = os.path.realpath(target)
    cut = library(*command, "-n", "2", "-o", str(target))
    assert cut.exit_code == 0, cut.stderr
    assert cut.stderr.endswith(f"papers: wrote 2 of 19 papers to {real} (-n 2)\n"), cut.stderr
    whole = library(*command, "-n", "0", "-o", str(target), "--force")
    assert whole.stderr.endswith(f"papers: wrote 19 papers to {real}\n"), whole.stderr


@pytest.mark.parametrize("command", [("export",), ("export", "--sort", "upvotes"),
                                     ("export", "llama")])
def test_split_says_of_how_many_notes_when_the_limit_cut(library, tmp_path: Path,
                                                          command) -> None:
    """`papers export --split DIR -n 2` said "wrote 2 notes", hiding that more matched, where
    `-o` says "wrote 2 of 19 papers … (-n 2)"; now "wrote 2 of N notes … (-n 2)", beside
    what was already up to date, and a whole export its count alone."""
    folder = tmp_path / "vault"
    every = len(library(*command, "-n", "0", "-f", "ids").stdout.split())
    assert every > 3
    cut = library(*command, "-n", "2", "--split", str(folder))
    assert cut.exit_code == 0, cut.stderr
    assert cut.stderr.endswith(f"papers: wrote 2 of {every} notes to {folder} (-n 2)\n"), (
        cut.stderr)
    more = library(*command, "-n", "3", "--split", str(folder), "--force")
    assert more.stderr.endswith(f"papers: wrote 1 of {every} notes to {folder} "
                                "(2 already up to date; -n 3)\n"), more.stderr
    whole = library(*command, "-n", "0", "--split", str(folder), "--force")
    assert whole.stderr.endswith(f"papers: wrote {every - 3} notes to {folder} "
                                 "(3 already up to date)\n"), whole.stderr


def test_split_errors_name_a_folder_with_an_escape_as_it_is(
        library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--split $'v\\x1b[31m[b]ault'` a second time said "…/v[31m[b]ault/….md already
    exists": the message line drops the control character, naming a folder that does not
    exist. Now the note's path is quoted with its escape (as `-o` names a file), and its
    markup shown as typed; a symbolic link and a folder at a note's name are named so too."""
    folder = tmp_path / "v\x1b[31m[b]ault"
    first = library("export", "2401.01055", "--split", str(folder))
    assert first.exit_code == 0, first.stderr
    [note] = list(folder.iterdir())
    again = library("export", "2401.01055", "--split", str(folder))
    assert again.exit_code == 1  # (in 80 columns: "the note exists there — use --force …")
    assert "\x1b" not in again.stderr and "[b]ault" not in again.stderr
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # the whole of it
    again = library("export", "2401.01055", "--split", str(folder))
    assert again.stderr.startswith(f"papers: error: {str(note)!r} already exists — "), (
        again.stderr)
    assert "\x1b" not in again.stderr and "\\x1b[31m[b]ault" in again.stderr
    monkeypatch.delenv("PAPERS_DEBUG")
    note.unlink()
    note.symlink_to(tmp_path / "elsewhere.md")
    link = library("export", "2401.01055", "--split", str(folder), "--force")
    assert (link.exit_code, link.stderr) == (  # (in 80 columns: by its paper)
        1, "papers: error: the note for 2401.01055 is a symbolic link — remove it\n")
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # the whole of it, the path quoted
    link = library("export", "2401.01055", "--split", str(folder), "--force")
    assert (link.exit_code, link.stderr) == (
        1, f"papers: error: {str(note)!r} is a symbolic link — remove it: notes are never "
        "written through links\n")
    note.unlink()
    note.mkdir()
    inside = library("export", "2401.01055", "--split", str(folder), "--force")
    assert (inside.exit_code, inside.stderr) == (
        1, f"papers: error: {str(note)!r} exists and is not a file — remove it first\n")
    monkeypatch.delenv("PAPERS_DEBUG")
    inside = library("export", "2401.01055", "--split", str(folder), "--force")
    assert (inside.exit_code, inside.stderr) == (
        1, "papers: error: the note for 2401.01055 is not a file — remove it first\n")


def test_a_papers_bibtex_key_stays_as_newer_papers_join_the_export(library) -> None:
    """Papers sharing a key (every seed author is "Author 1": five 2024 LLaVA papers) each
    got a suffix, so `author2024llava` of a one-paper refs.bib became `author2024llavaa`
    once its namesake was exported with it, and a `\\cite` broke. Now the oldest arXiv id
    keeps the plain key and the others take b, c … in id order: a paper's key does not
    change as newer papers join the export, nor with the listing's order."""
    def keys(*args: str) -> dict[str, str]:
        result = library("export", *args, "-f", "bibtex")
        assert result.exit_code == 0, result.stderr
        return {e["eprint"]: e["ID"] for e in bibtexparser.loads(result.stdout).entries}

    alone = keys("2401.16160")
    assert alone == {"2401.16160": "author2024llava"}
    spring = keys("--family", "LLaVA", "--since", "2024-01-01", "--until", "2024-04-30")
    assert spring == {"2401.16160": "author2024llava", "2403.11703": "author2024llavab"}
    whole = keys()
    assert {pid: whole[pid] for pid in spring} == spring
    assert [whole[pid] for pid in ("2408.15881", "2410.04749", "2410.16236")] == [
        "author2024llavac", "author2024llavad", "author2024llavae"]
    assert keys("--sort", "upvotes") == whole and len(set(whole.values())) == 19


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_withdrawn_paper_is_marked_in_a_feed(fmt: str) -> None:
    """Withdrawn papers are marked in every view, but a feed's entry gave no sign of it;
    now its content (RSS: content:encoded) starts "Withdrawn from arXiv DATE"."""
    import feedparser  # type: ignore[import-untyped]

    papers = [SEED[0]._replace(withdrawn_at="2024-05-02T00:00:00Z"), SEED[1]]
    entries = feedparser.parse(render(papers, fmt, title="t")).entries
    texts = [html.unescape(re.sub("<[^>]+>", "", e.content[0].value)) for e in entries]
    assert texts[0].startswith("Withdrawn from arXiv 2024-05-02")
    assert "Withdrawn" not in texts[1]


@pytest.mark.parametrize("command", [("export",), ("export", "--sort", "upvotes"),
                                     ("export", "llama")])
def test_display_limit_never_cuts_an_export(library, home: Home, tmp_path: Path,
                                            command) -> None:
    """With display.limit = 2 (a setting for tables), `papers export -o lib.jsonl` said
    "wrote 2 of 19 papers … (-n 0: all)", `--split` wrote 2 notes and `-f json` printed 2:
    README's way to move a library lost all but 2. Now an export writes every paper in
    each format whatever display.limit says; -n still cuts it, and listings still obey it."""
    import os

    every = library(*command, "-n", "0", "-f", "ids").stdout.split()
    assert len(every) > 3
    write_config(home, "[display]\nlimit = 2\n")
    for fmt in FORMATS:
        target = tmp_path / f"all-{fmt}"
        done = library(*command, "-f", fmt, "-o", str(target))
        assert done.exit_code == 0, done.stderr
        assert done.stderr.endswith(
            f"papers: wrote {len(every)} papers to {os.path.realpath(target)}\n"), (fmt, done)
    assert library(*command, "-f", "ids").stdout.split() == every
    printed = library(*command, "-f", "json")
    assert [p["id"] for p in json.loads(printed.stdout)] == every
    assert "default limit" not in printed.stderr, printed.stderr
    assert len(library(*command, "-f", "jsonl").stdout.splitlines()) == len(every)
    vault = tmp_path / "vault"
    split = library(*command, "--split", str(vault))
    assert split.stderr.endswith(f"papers: wrote {len(every)} notes to {vault}\n"), split.stderr
    assert len(list(vault.iterdir())) == len(every)
    cut = library(*command, "-n", "3", "-f", "ids")
    assert cut.stdout.split() == every[:3]
    target = tmp_path / "three.json"
    cut = library(*command, "-n", "3", "-o", str(target))
    assert cut.stderr.endswith(f"papers: wrote 3 of {len(every)} papers to "
                               f"{os.path.realpath(target)} (-n 3)\n"), cut.stderr
    table = library("search", "--offline").stdout  # a listing's table
    assert re.search(r"\b2 of \d+ papers \(-n 0: all\)", table), table
    said = " ".join(library("export", "--help").stdout.split())  # (it said both)
    assert "no default limit" in said and "display.limit if set" not in said
    assert "(0: all; default all, whatever display.limit says)" in said


def test_display_limit_never_cuts_moving_a_library_with_hidden_papers(
        library, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """README's recipe, `export --hidden -o library.jsonl` then `import` elsewhere, moved
    2 papers with display.limit = 2, and `export` without --hidden read a page of 2 past
    the hidden ones. Now every paper goes, the hidden ones marked (or left out, said)."""
    every = library("export", "-f", "ids").stdout.split()
    assert library("hide", every[0], every[4], "--offline").exit_code == 0
    write_config(home, "[display]\nlimit = 2\n")
    moved = tmp_path / "library.jsonl"
    done = library("export", "--hidden", "-o", str(moved))
    assert done.exit_code == 0, done.stderr
    rows = [json.loads(line) for line in moved.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == every
    assert [row["id"] for row in rows if row.get("hidden")] == [every[0], every[4]]
    kept = library("export", "-f", "jsonl")
    assert [json.loads(line)["id"] for line in kept.stdout.splitlines()] == [
        i for i in every if i not in (every[0], every[4])]
    assert "2 hidden papers left out" in kept.stderr, kept.stderr
    isolate(tmp_path / "elsewhere", monkeypatch)  # the other machine
    assert library("import", str(moved)).exit_code == 0
    assert library("export", "--hidden", "-f", "ids").stdout.split() == every


@pytest.mark.parametrize(("args", "drop"), [
    (("-q",), "-q"), (("--json",), "--json"), (("-f", "csv"), "--format")])
def test_split_names_the_option_that_chose_another_format(
        library, tmp_path: Path, args: tuple[str, ...], drop: str) -> None:
    """`export ID --split v3 -q` said "drop --format", which was never typed: the line
    names the option given."""
    result = library("export", "2401.01055", "--split", str(tmp_path / "v3"), *args)
    assert result.exit_code == 2, result.stderr
    fmt = {"-q": "ids", "--json": "json", "--format": "csv"}[drop]
    assert result.stderr == (f"papers: error: --split writes Markdown, not {fmt} — "
                             f"drop {drop} or --split\n")
    assert not (tmp_path / "v3").exists()
