"""papercli's BibTeX, RIS and CSL-JSON exports read by the field's readers (bibtexparser's
name splitting, rispy) and imported into a fresh library: the date, the authors as the
format's readers split them, and arXiv's LaTeX escapes come back as they went out.

The papers are invented in the shapes the Hub gives: a paper sent in after the last
deadline of a month, whose arXiv id names the month after (2406.x dated May 31st); names
with a suffix ("King Jr.", "Baumé III"), groups written "Team X", and a name that starts
with "and".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bibtexparser  # type: ignore[import-untyped]
import pytest
import rispy
from bibtexparser.customization import splitname  # type: ignore[import-untyped]

from conftest import Home, Papers, isolate

FORMATS = [("bibtex", "refs.bib"), ("ris", "refs.ris"), ("csljson", "refs.csl.json")]


def add_papers(papers: Papers, tmp_path: Path, *records: dict[str, Any]) -> None:
    """The records (paper objects) in the library, starred: the export's papers."""
    src = tmp_path / "papers.json"
    src.write_text(
        json.dumps([{"summary": "Invented.", "sources": ["hf"], **r} for r in records]),
        encoding="utf-8",
    )
    assert papers("import", str(src)).exit_code == 0
    starred = papers("star", *(r["id"] for r in records), "--offline")
    assert starred.exit_code == 0, starred.stderr


def round_trip(
    papers: Papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> tuple[str, dict[str, dict[str, Any]]]:
    """The starred papers exported as `fmt`, imported (offline) into a new home: the
    document, and each paper as `show --json` has it there."""
    out = tmp_path / name
    result = papers("starred", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    isolate(tmp_path / f"elsewhere-{fmt}", monkeypatch)
    imported = papers("import", str(out), "--offline")
    assert imported.exit_code == 0, imported.stderr
    listed = papers("starred", "--json", "-n", "0")
    assert listed.exit_code == 0, listed.stderr
    return text, {p["id"]: p for p in listed.json}


# -- the day a paper was sent in, in the month before its id's ---------------------------


LATE = {
    "id": "2406.00042",
    "title": "Sent In After the Deadline",
    "authors": ["Ann Lee"],
    "published_at": "2024-05-31T18:00:00Z",
}
ON_TIME = {
    "id": "2406.00999",
    "title": "Sent In on Time",
    "authors": ["Ann Lee"],
    "published_at": "2024-06-03T09:00:00Z",
}


@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_a_paper_sent_in_the_month_before_its_id_keeps_its_day(
    papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """A paper sent in after the last deadline of May gets a June id (2406.00042, sent in
    on May 31st: 2% of the Hub's papers are such). Its export says 2024-05-31; imported
    back it was dated June 1st, the id's month (the rule that keeps a journal's later
    date out), and every export after that said 2024 became June 1st, and a paper of
    December 31st moved to the next year."""
    add_papers(papers, tmp_path, LATE, ON_TIME)
    text, back = round_trip(papers, tmp_path, monkeypatch, fmt, name)
    if fmt == "csljson":
        late = next(i for i in json.loads(text) if i["id"] == LATE["id"])
        assert late["issued"] == {"date-parts": [[2024, 5, 31]]}
    else:
        assert {"bibtex": "date = {2024-05-31}", "ris": "DA  - 2024/05/31/"}[fmt] in text
    assert back[LATE["id"]]["published_at"] == "2024-05-31T00:00:00Z"
    assert back[ON_TIME["id"]]["published_at"] == "2024-06-03T00:00:00Z"


def test_a_reference_managers_day_the_month_before_the_id_is_kept(
    papers: Papers, home: Home, tmp_path: Path
) -> None:
    """Zotero's arXiv items are dated the day the first version was sent in, which for a
    paper sent in after a month's last deadline is in the month before its id's; a day
    in a later month (a journal's) still gives the id's month, and no day."""
    bib = tmp_path / "zotero.bib"
    bib.write_text(
        "@misc{lee2024late,\n  title = {Late},\n  date = {2024-05-31},\n"
        "  eprint = {2406.00042},\n  archivePrefix = {arXiv},\n}\n"
        "@article{lee2024venue,\n  title = {Venue},\n  date = {2024-07-02},\n"
        "  eprint = {2406.00999},\n  archivePrefix = {arXiv},\n}\n"
        "@misc{lee2024early,\n  title = {Early},\n  date = {2024-04-30},\n"
        "  eprint = {2406.00777},\n  archivePrefix = {arXiv},\n}\n",
        encoding="utf-8",
    )
    assert papers("import", str(bib), "--offline").exit_code == 0
    listed = {p["id"]: p["published_at"] for p in papers("starred", "--json").json}
    assert listed == {
        "2406.00042": "2024-05-31T00:00:00Z",
        "2406.00999": None,  # the id's month, 2024-06, no day
        "2406.00777": None,
    }


LISTED_LATE = {
    "id": "2405.10009",
    "title": "Listed Two Years On",
    "authors": ["Ann Lee"],
    "published_at": "2026-03-17T00:00:00Z",
}


@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_a_date_the_id_rules_out_is_not_cited(
    papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """The Hub dates a paper it lists long after arXiv by the listing's day (2405.10009,
    of May 2024, "published" 2026-03-17: 41 of the archive's papers): a citation said
    2026, two years off, and the key `lee2026...`; imported back it was May 2024. A
    day the id rules out (after its month, or before the month before) is not cited:
    the id's month is, as for a paper with no date, and it reads back the same."""
    add_papers(papers, tmp_path, LISTED_LATE)
    text, back = round_trip(papers, tmp_path, monkeypatch, fmt, name)
    assert "2026" not in text
    if fmt == "bibtex":
        (entry,) = bibtexparser.loads(text).entries
        assert (entry["ID"], entry["year"], entry["date"]) == (
            "lee2024listed",
            "2024",
            "2024-05",
        )
    elif fmt == "ris":
        (record,) = rispy.loads(text)
        assert (record["year"], record["date"]) == ("2024", "2024/05//")
    else:
        (item,) = json.loads(text)
        assert item["issued"] == {"date-parts": [[2024, 5]]}
    assert back[LISTED_LATE["id"]]["published_at"] is None  # (2024-05: the id's month)
    again = papers("starred", "--format", fmt)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == text  # a month, not the 1st of it


# -- names as BibTeX, rispy and CSL read them ---------------------------------------------


NAMED = {
    "id": "2405.10001",
    "title": "Names",
    "published_at": "2024-05-14T00:00:00Z",
    "authors": [
        "Martin Luther King Jr.",
        "Hal Baumé III",
        "Team Yunhai3D",
        "and Lei Bao",
        "Quillet Contributors",
        "Ludwig van der Waals",
        "Plato",
    ],
}


def test_bibtex_writes_names_as_bibtex_splits_them(
    papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BibTeX takes the last word of "First Last" for the surname: "Martin Luther King
    Jr." was cited as "Jr., M. L. K." and "Team Yunhai3D" as "Yunhai3D, T.", and
    "and Lei Bao" made an empty name of "and and". A suffix is now written BibTeX's
    way ("King, Jr., Martin Luther"), a group braced whole, as is a name BibTeX would
    split; all come back as they were."""
    add_papers(papers, tmp_path, NAMED)
    text, back = round_trip(papers, tmp_path, monkeypatch, "bibtex", "refs.bib")
    (entry,) = bibtexparser.loads(text).entries
    names = [n.strip() for n in entry["author"].split(" and ") if n.strip()]
    assert len(names) == len(NAMED["authors"])
    parts = [splitname(n, strict_mode=False) for n in names]
    assert (parts[0]["last"], parts[0]["jr"], parts[0]["first"]) == (
        ["King"],
        ["Jr."],
        ["Martin", "Luther"],
    )
    assert (parts[1]["last"], parts[1]["jr"]) == (["Baumé"], ["III"])
    assert names[2:5] == ["{Team Yunhai3D}", "{and Lei Bao}", "{Quillet Contributors}"]
    assert (parts[5]["von"], parts[5]["last"]) == (["van", "der"], ["Waals"])
    assert parts[6]["last"] == ["Plato"]
    assert back[NAMED["id"]]["authors"] == NAMED["authors"]


@pytest.mark.parametrize(("fmt", "name"), FORMATS[1:])
def test_a_group_written_team_first_is_one_name(
    papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """ "Team Yunhai3D" and "Quillet Contributors" went out as persons ("Yunhai3D,
    Team", CSL {family: Yunhai3D, given: Team}), cited "Yunhai3D, T."; now as groups
    are (RIS without a comma, which Zotero keeps in one field; CSL `literal`)."""
    add_papers(papers, tmp_path, NAMED)
    text, back = round_trip(papers, tmp_path, monkeypatch, fmt, name)
    if fmt == "ris":
        (record,) = rispy.loads(text)
        assert record["authors"] == [
            "King, Martin Luther, Jr.",
            "Baumé, Hal, III",
            "Team Yunhai3D",
            "Bao, and Lei",
            "Quillet Contributors",
            "van der Waals, Ludwig",
            "Plato",
        ]
    else:
        (item,) = json.loads(text)
        assert item["author"][2:5] == [
            {"literal": "Team Yunhai3D"},
            {"family": "Bao", "given": "and Lei"},
            {"literal": "Quillet Contributors"},
        ]
    assert back[NAMED["id"]]["authors"] == NAMED["authors"]


# -- arXiv's LaTeX escapes ---------------------------------------------------------------


ESCAPED = {
    "id": "2405.10002",
    "title": r"50\% of R\&D at \$5: $O(n^2)$",
    "authors": ["Ann Lee"],
    "published_at": "2024-05-14T00:00:00Z",
    "summary": r"We cut 50\% of the cost; 100% raw, a\_b, $x \% y$.",
}


@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_latex_escapes_come_back_as_the_text_they_print(
    papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """arXiv's "50\\%" is LaTeX for "50%": every reference format carries what it prints
    (BibTeX as LaTeX, `50\\%`; RIS and CSL-JSON as text), so a library filled from one
    holds "50%" (maths as typed), and each document it writes is the one it was filled
    from: the escape is not kept as typed, since a Zotero file's `50\\%` is the same
    "50%" and both must read alike."""
    add_papers(papers, tmp_path, ESCAPED)
    text, back = round_trip(papers, tmp_path, monkeypatch, fmt, name)
    paper = back[ESCAPED["id"]]
    assert paper["title"] == "50% of R&D at $5: $O(n^2)$"
    assert paper["summary"] == r"We cut 50% of the cost; 100% raw, a_b, $x \% y$."
    again = papers("starred", "--format", fmt)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == text


# -- arXiv's journal reference and primary category ---------------------------------------


PUBLISHED = {
    "id": "2406.00321",
    "title": "Folding Maps of Estuaries",
    "authors": ["Ann Lee"],
    "published_at": "2024-06-03T00:00:00Z",
    "sources": ["arxiv"],
    "primary_category": "physics.ao-ph",
    "categories": ["physics.ao-ph", "cs.LG"],
    "journal_ref": "Estuarine Notes 7 (2024) 101-118",
}


@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_the_journal_reference_and_primary_category_come_back(
    papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """Each format carries arXiv's journal reference (BibTeX `journal`, RIS `JO`/`T2`, CSL
    `container-title`) and BibTeX the primary category (`primaryClass`), but an import
    read neither back: the paper's panel lost its "Journal ref" and "Categories" lines,
    and its next export was a preprint's."""
    add_papers(papers, tmp_path, PUBLISHED)
    text, back = round_trip(papers, tmp_path, monkeypatch, fmt, name)
    journal = PUBLISHED["journal_ref"]
    if fmt == "bibtex":
        (entry,) = bibtexparser.loads(text).entries
        assert (entry["journal"], entry["primaryclass"]) == (journal, "physics.ao-ph")
    elif fmt == "ris":
        (record,) = rispy.loads(text)
        assert (record["journal_name"], record["secondary_title"]) == (journal, journal)
    else:
        (item,) = json.loads(text)
        assert item["container-title"] == journal
    paper = back[PUBLISHED["id"]]
    assert paper["journal_ref"] == journal
    if fmt == "bibtex":  # (only BibTeX has a field for it)
        assert (paper["primary_category"], paper["categories"]) == (
            "physics.ao-ph", ["physics.ao-ph"])
    again = papers("starred", "--format", fmt)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == text
    shown = papers("show", PUBLISHED["id"], "--offline")
    assert f"Journal ref {journal}" in shown.stdout


def test_a_journal_that_names_arxiv_is_no_journal_reference(
    papers: Papers, home: Home, tmp_path: Path
) -> None:
    """Google Scholar's `journal = {arXiv preprint arXiv:ID}`, DBLP's `CoRR` and RIS's
    `T2  - arXiv` name the preprint's server, not where it was published; a reference
    manager's journal is read as papercli's is, and a `primaryClass` that is no arXiv
    category, or an archive (Zotero's "[cs]"), is none."""
    bib = tmp_path / "others.bib"
    bib.write_text(
        "@article{lee2024a,\n  title = {A},\n  journal = {arXiv preprint arXiv:2406.00331},\n"
        "  eprint = {2406.00331},\n  archivePrefix = {arXiv},\n  primaryClass = {cs},\n}\n"
        "@article{lee2024b,\n  title = {B},\n  journal = {CoRR},\n  volume = {abs/2406.00332},\n"
        "  primaryClass = {not.AClass},\n}\n"
        "@article{lee2024c,\n  title = {C},\n  journal = {Estuarine Notes},\n"
        "  eprint = {2406.00333},\n  archivePrefix = {arXiv},\n  primaryClass = {CS.cl},\n}\n",
        encoding="utf-8",
    )
    assert papers("import", str(bib), "--offline").exit_code == 0
    listed = {p["id"]: (p["journal_ref"], p["primary_category"])
              for p in papers("starred", "--json").json}
    assert listed == {
        "2406.00331": (None, None),
        "2406.00332": (None, None),
        "2406.00333": ("Estuarine Notes", "cs.CL"),
    }


# -- names a family name first, or of two words --------------------------------------------


CJK_NAMED = {
    "id": "2406.00401",
    "title": "Names Family First",
    "published_at": "2024-06-04T00:00:00Z",
    "authors": ["李 华", "陈小红", "Ann Lee"],
}


@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_a_name_in_cjk_script_is_family_name_first(
    papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """A name in CJK script is written family name first: "李 华" went out as family 华,
    given 李 (RIS `AU  - 华, 李`, BibTeX's reading of "李 华"), the last word taken for the
    family name as in "Ann Lee". Now its first word is; one written without a space is
    one family name; and each comes back as it was."""
    add_papers(papers, tmp_path, CJK_NAMED)
    text, back = round_trip(papers, tmp_path, monkeypatch, fmt, name)
    if fmt == "bibtex":
        (entry,) = bibtexparser.loads(text).entries
        names = [n.strip() for n in entry["author"].split(" and ")]
        parts = [splitname(n, strict_mode=False) for n in names]
        assert [(p["last"], p.get("first", [])) for p in parts] == [
            (["李"], ["华"]), (["陈小红"], []), (["Lee"], ["Ann"])]
    elif fmt == "ris":
        (record,) = rispy.loads(text)
        assert record["authors"] == ["李, 华", "陈小红", "Lee, Ann"]
    else:
        (item,) = json.loads(text)
        assert item["author"] == [{"family": "李", "given": "华"}, {"family": "陈小红"},
                                  {"family": "Lee", "given": "Ann"}]
    assert back[CJK_NAMED["id"]]["authors"] == CJK_NAMED["authors"]
    again = papers("starred", "--format", fmt)
    assert again.stdout == text


def test_a_reference_managers_family_names_are_exported_as_it_wrote_them(
    papers: Papers, home: Home, tmp_path: Path
) -> None:
    """A name a file gives in parts (CSL `family`/`given`, RIS and BibTeX `Last, First`)
    was stored "First Last" and split again on its last word: Zotero's {family: "Pérez
    Ortega", given: "Lucía"} went back as family "Ortega", and {family: 李, given: 华} was
    stored "华 李". Each is now stored so that its parts come back as the file gave them
    (a family name of two words as "Pérez Ortega, Lucía")."""
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([{
        "id": "http://zotero.org/users/1/items/ABCD1234", "type": "article", "title": "C",
        "number": "arXiv:2406.00402",
        "author": [{"family": "Pérez Ortega", "given": "Lucía"}, {"family": "李", "given": "华"},
                   {"family": "Waals", "non-dropping-particle": "van der", "given": "Jo"},
                   {"family": "Lee", "given": "Ann"}]}]), encoding="utf-8")
    ris = tmp_path / "zotero.ris"
    ris.write_text("TY  - JOUR\nTI  - R\nAU  - Pérez Ortega, Lucía\nAU  - 李, 华\n"
                   "AU  - King, Martin Luther, Jr.\nAU  - Lee, Ann\n"
                   "UR  - https://arxiv.org/abs/2406.00403\nER  - \n", encoding="utf-8")
    bib = tmp_path / "zotero.bib"
    bib.write_text("@misc{perez2024b,\n  title = {B},\n  author = {Pérez Ortega, Lucía and"
                   " 李, 华 and Lee, Ann},\n  eprint = {2406.00404},\n  archivePrefix = {arXiv},"
                   "\n}\n", encoding="utf-8")
    for path in (csl, ris, bib):
        assert papers("import", str(path), "--offline").exit_code == 0
    listed = {p["id"]: p["authors"] for p in papers("starred", "--json").json}
    assert listed == {
        "2406.00402": ["Pérez Ortega, Lucía", "李 华", "Jo van der Waals", "Ann Lee"],
        "2406.00403": ["Pérez Ortega, Lucía", "李 华", "Martin Luther King Jr.", "Ann Lee"],
        "2406.00404": ["Pérez Ortega, Lucía", "李 华", "Ann Lee"],
    }
    items = {i["id"]: i["author"] for i in json.loads(papers("starred", "-f", "csljson").stdout)}
    assert items["2406.00402"] == [
        {"family": "Pérez Ortega", "given": "Lucía"}, {"family": "李", "given": "华"},
        {"family": "van der Waals", "given": "Jo"}, {"family": "Lee", "given": "Ann"}]
    records = {r["id"]: r["authors"] for r in rispy.loads(papers("starred", "-f", "ris").stdout)}
    assert records["2406.00403"] == [
        "Pérez Ortega, Lucía", "李, 华", "King, Martin Luther, Jr.", "Lee, Ann"]
    entries = bibtexparser.loads(papers("starred", "-f", "bibtex").stdout).entries
    (entry,) = [e for e in entries if e["eprint"] == "2406.00404"]
    assert entry["author"] == "Pérez Ortega, Lucía and 李, 华 and Ann Lee"


def test_a_name_stored_family_name_first_is_found_as_a_byline_writes_it(
    papers: Papers, home: Home, tmp_path: Path
) -> None:
    """"Pérez Ortega, Lucía" (a file's family name of two words, kept apart) is found by
    `--author "Lucía Pérez Ortega"`, as the name was before it was stored so."""
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([{
        "id": "ITEM1", "type": "article", "title": "C", "number": "arXiv:2406.00402",
        "author": [{"family": "Pérez Ortega", "given": "Lucía"}]}]), encoding="utf-8")
    assert papers("import", str(csl), "--offline").exit_code == 0
    for asked in ("Lucía Pérez Ortega", "Lucia Perez Ortega", "L. Pérez Ortega", "Ortega"):
        assert papers("starred", "--author", asked, "--json").ids == ["2406.00402"], asked
        found = papers("search", "--author", asked, "--json", "--offline")
        assert found.ids == ["2406.00402"], (asked, found.stderr)
