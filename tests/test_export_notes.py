"""Your notes in papercli's own reference-manager exports (CSL-JSON `note`, RIS `N1`,
CSV's `note` column) and back through `papers import`: written whole, line breaks kept
where the format has lines, and restored where a paper has none, never over your own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import rispy

from conftest import isolate
from test_zotero import tag_some  # (the same three papers starred, tagged and noted)

REFS = Path(__file__).parent / "data" / "refs"
NOTE = ("Why it matters:\n\n- sparse attention, $O(n)$ \\alpha {braces}\n"
        "- Ødegaard & 王小明 — ünïcödé\n\n```\ncode  stays\n    indented\n```")


def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    isolate(tmp_path / name, monkeypatch)


@pytest.mark.parametrize(("fmt", "came_back"), [
    ("csljson", "Read section 3.\n\nThen the appendix."),
    ("ris", "Read section 3.\n\nThen the appendix."),
])
def test_round_trip_brings_the_notes_back(library: Any, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, fmt: str,
                                          came_back: str) -> None:
    """papercli's own CSL-JSON `note` and RIS `N1` come back as the paper's note, as
    from its JSON export: restored where the paper has none, never over a note of its
    own; another program's note field (Zotero's "arXiv:ID [cs]") is not a note."""
    tag_some(library)
    out = tmp_path / f"mine.{fmt}"
    assert library("starred", "--format", fmt, "-o", str(out)).exit_code == 0
    fresh_home(tmp_path, monkeypatch, "fresh")
    assert library("note", "2404.14047", "-m", "Mine, before the import.",
                   "--offline").exit_code == 0
    imported = library("import", str(out), "--offline")
    assert imported.exit_code == 0, imported.stderr
    assert imported.stderr.splitlines()[:2] == [
        f"papers: mine.{fmt} ({'RIS' if fmt == 'ris' else 'CSL-JSON'}): 3 from the file's "
        "fields", "papers: 3 stars added, 3 tags added, 1 note restored"], imported.stderr
    noted = {p["id"]: p.get("note") for p in library("starred", "--json").json}
    assert noted == {"2401.01055": came_back, "2501.03895": None,
                     "2404.14047": "Mine, before the import."}
    # Again, with the note changed since: yours is kept, and the summary says so.
    assert library("note", "2401.01055", "-m", "Changed.").exit_code == 0
    again = library("import", str(out), "--offline", "--json")
    assert again.exit_code == 0, again.stderr
    summary = again.json["references"][0]
    assert (summary["notes_restored"], summary["notes_not_restored"]) == (0, 1)
    assert summary["notes_not_restored_ids"] == ["2401.01055"]
    assert library("show", "2401.01055", "--offline", "--json").json["note"] == "Changed."
    # Zotero's own exports carry "arXiv:ID [cs]" there: not taken for a note.
    fresh_home(tmp_path, monkeypatch, "zotero")
    for name in ("zotero.json", "zotero.ris"):
        assert library("import", str(REFS / name), "--offline").exit_code == 0
    assert [p.get("note") for p in library("starred", "--json").json] == [None] * 5


def test_a_notes_lines_and_length_are_exported_whole(library: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A Markdown list or code block in a note is lines: CSL-JSON and CSV keep them, RIS
    too but for a line's indent (its readers trim lines), and a long note is written
    whole."""
    long = "word " * 10_000  # 50,000 characters, a quarter of what a note may hold
    assert library("star", "2401.01055", "2404.14047", "--offline").exit_code == 0
    assert library("note", "2401.01055", "-m", NOTE).exit_code == 0
    assert library("note", "2404.14047", "-m", long).exit_code == 0
    out = tmp_path / "mine.csljson"
    assert library("starred", "--format", "csljson", "-o", str(out)).exit_code == 0
    notes = {i["id"]: i["note"] for i in json.loads(out.read_text(encoding="utf-8"))}
    assert notes == {"2401.01055": NOTE, "2404.14047": long.strip()}
    table = library("starred", "--format", "csv")
    rows = {r["id"]: r["note"] for r in csv.DictReader(io.StringIO(table.stdout))}
    assert rows == {"2401.01055": NOTE, "2404.14047": long.strip()}
    ris_file = tmp_path / "mine.ris"
    assert library("starred", "--format", "ris", "-o", str(ris_file)).exit_code == 0
    ris = rispy.loads(ris_file.read_text(encoding="utf-8"))
    assert {r["id"]: "\n".join(r["notes"]) for r in ris} == {
        "2401.01055": "\n".join(line.strip() for line in NOTE.splitlines()),
        "2404.14047": long.strip()}
    fresh_home(tmp_path, monkeypatch, "from-ris")
    assert library("import", str(ris_file), "--offline").exit_code == 0
    back = {p["id"]: p["note"] for p in library("starred", "--json").json}
    assert back == {"2401.01055": NOTE.replace("    indented", "indented"),
                    "2404.14047": long.strip()}
    fresh_home(tmp_path, monkeypatch, "fresh")
    assert library("import", str(out), "--offline").exit_code == 0
    back = {p["id"]: p["note"] for p in library("starred", "--json").json}
    assert back == {"2401.01055": NOTE, "2404.14047": long.strip()}


def _one_starred(papers: Any, tmp_path: Path, abstract: str, note: str) -> None:
    """2401.01055 imported with `abstract`, starred, and noted with `note`."""
    hub = tmp_path / "hub.json"
    hub.write_text(json.dumps([{"id": "2401.01055", "title": "T", "summary": abstract,
                                "authors": [{"name": "Ann Lee"}],
                                "publishedAt": "2024-01-02T00:00:00.000Z"}]),
                   encoding="utf-8")
    assert papers("import", str(hub)).exit_code == 0
    assert papers("star", "2401.01055", "--offline").exit_code == 0
    assert papers("note", "2401.01055", "-m", note).exit_code == 0


def test_ris_keeps_an_abstracts_paragraphs_and_a_notes_lines(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RIS's AB and N1 go on over lines, as Zotero writes and reads them: the first on the
    tag's line, the next ones below it, a blank line between paragraphs. A line that
    reads like a tag (even "ER  - ", which ends a record) is written after a space, so
    every reader keeps the record whole; `papers import` gives back what was written."""
    abstract = ("We study one thing.\n\nER - TY - a paragraph that starts like a tag."
                "\n\nThe end.")
    note = "Plan:\n- read\nTY  - JOUR\nER  - \n\nDone."
    _one_starred(papers, tmp_path, abstract, note)
    out = tmp_path / "mine.ris"
    assert papers("starred", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert ("AB  - We study one thing.\n\n ER - TY - a paragraph that starts like a tag."
            "\n\nThe end.\n") in text
    assert "N1  - Plan:\n- read\n TY  - JOUR\n ER  -\n\nDone.\n" in text
    (record,) = rispy.loads(text)  # one record, its fields all there
    assert record["id"] == "2401.01055" and record["title"] == "T"
    assert " ".join(record["abstract"].split()) == " ".join(abstract.split())
    fresh_home(tmp_path, monkeypatch, "fresh")
    imported = papers("import", str(out), "--offline")
    assert imported.exit_code == 0, imported.stderr
    shown = papers("show", "2401.01055", "--offline", "--json").json
    assert (shown["summary"], shown["note"]) == (abstract, note.replace("ER  - ", "ER  -"))


def test_bibtex_carries_the_abstract_there_and_back_and_never_the_note(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BibTeX's `abstract`: an export imported into a fresh library gives back the
    abstract; --no-abstract leaves it out. The note stays private (a .bib file goes out
    with a paper's sources)."""
    abstract = "We bound $x^2_i$ by \\cite{a}: 100% of {b} & ~c, in O(n)."
    _one_starred(papers, tmp_path, abstract, NOTE)
    out = tmp_path / "mine.bib"
    assert papers("starred", "--format", "bibtex", "-o", str(out)).exit_code == 0
    bare = papers("starred", "--format", "bibtex", "--no-abstract")
    assert "abstract" not in bare.stdout and "annote" not in out.read_text(encoding="utf-8")
    assert NOTE.splitlines()[0] not in out.read_text(encoding="utf-8")
    fresh_home(tmp_path, monkeypatch, "fresh")
    imported = papers("import", str(out), "--offline")
    assert imported.exit_code == 0, imported.stderr
    assert "note" not in imported.stderr
    shown = papers("show", "2401.01055", "--offline", "--json").json
    assert (shown["summary"], shown.get("note")) == (abstract, None)


def test_another_programs_bibtex_annote_is_your_note(papers: Any, tmp_path: Path) -> None:
    """Zotero and Better BibTeX write your notes as `annote` (biblatex `annotation`):
    they come back as notes; their `note` field ("arXiv:ID [cs]") does not."""
    bib = tmp_path / "zotero.bib"
    bib.write_text("@misc{lee_2024,\n\ttitle = {A},\n\turl = {http://arxiv.org/abs/2401.01055},"
                   "\n\tnote = {arXiv:2401.01055 [cs]},\n\tannote = {Compare with\n\n"
                   "section 3.}\n}\n\n@article{kim_2024,\n\ttitle = {B},\n\tjournal = "
                   "{arXiv:2404.14047},\n\tannotation = {Cited in chapter 2.},\n}\n"
                   "\n@misc{park,\n\ttitle = {C},\n\teprint = {2501.03895},\n\tnote = {Ideas},"
                   "\n\tarchivePrefix = {arXiv},\n}\n", encoding="utf-8")
    result = papers("import", str(bib), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["references"][0]["notes_restored"] == 2
    noted = {p["id"]: p.get("note") for p in papers("starred", "--json").json}
    assert noted == {"2401.01055": "Compare with\n\nsection 3.",
                     "2404.14047": "Cited in chapter 2.", "2501.03895": None}


def test_ris_read_back_into_its_own_library_finds_the_same_notes(
        library: Any, tmp_path: Path) -> None:
    """A note whose lines are indented (a nested list, a code block) comes back from RIS
    without the indent, as every RIS reader trims lines; read back into the library it
    came from it is the note already there, not "your own note kept: the file's note
    differs"."""
    tag_some(library)
    assert library("note", "2501.03895", "-m", NOTE).exit_code == 0
    out = tmp_path / "mine.ris"
    assert library("starred", "--format", "ris", "-o", str(out)).exit_code == 0
    again = library("import", str(out), "--offline", "--json")
    assert again.exit_code == 0, again.stderr
    summary = again.json["references"][0]
    assert (summary["notes_restored"], summary["notes_already_there"],
            summary["notes_not_restored"]) == (0, 2, 0)
    assert "kept your own note" not in again.stderr
    assert library("show", "2501.03895", "--offline", "--json").json["note"] == NOTE
