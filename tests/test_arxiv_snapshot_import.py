"""`papers import` of arXiv's metadata snapshot: titles and authors the snapshot keeps in
TeX read as arXiv's pages show them, maths as typed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import Home


def snapshot_line(pid: str, title: str, authors: str, parsed: list[list[str]] | None,
                  abstract: str = "An invented abstract.") -> str:
    """One line as arXiv documents its snapshot: the keys it has, TeX kept as submitted."""
    record: dict[str, Any] = {
        "id": pid, "submitter": "Invented Submitter", "authors": authors, "title": title,
        "comments": "4 pages", "journal-ref": None, "doi": None, "report-no": None,
        "categories": "hep-ph cs.CL", "license": None, "abstract": abstract,
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
        "update_date": "2008-11-13"}
    if parsed is not None:
        record["authors_parsed"] = parsed
    return json.dumps(record)


def stored(home: Home) -> dict[str, tuple[str, list[str], str]]:
    conn = sqlite3.connect(home.library)
    try:
        return {pid: (title, json.loads(authors), summary) for pid, title, authors, summary
                in conn.execute("SELECT id, title, authors, summary FROM papers")}
    finally:
        conn.close()


def test_tex_accents_in_titles_and_authors_read_as_arxiv_shows_them(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """`Jos\\'e Garc\\'ia`, `M{\\"u}ller`, `Fran\\c{c}ois`, `Gro\\ss e` were stored and shown
    as typed; arXiv's pages (and the Hub's record of the same paper) say "José García"."""
    lines = [
        snapshot_line("0704.0001", r"Nucle{\"o}n form factors \`a la Gro\ss e",
                      r"Jos\'e Garc\'ia, J. M{\"u}ller and Fran\c{c}ois Dvo\v{r}\'ak",
                      [[r"Garc\'ia", r"Jos\'e", ""], [r"M{\"u}ller", "J.", ""],
                       [r"Dvo\v{r}\'ak", r"Fran\c{c}ois", ""]]),
        # no authors_parsed: the free-text authors, decoded the same way
        snapshot_line("0704.0002", r"Caf\'e {\o}resund, \'{\i}ndice and \l\'od\'z",
                      r"S{\o}ren Kierkeg{\aa}rd and Paul Erd\H{o}s", None),
        # maths is left as typed, a TeX accent in it too; the abstract is not touched
        snapshot_line("0704.0003", r"The $\alpha$-decay of $\hat{e}$ and $\'e$ na\"ive",
                      "A. Author", [["Author", "A.", ""]], abstract=r"Keeps \'e as typed."),
    ]
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = papers("import", str(path))
    assert result.exit_code == 0, result.stderr
    got = stored(home)
    assert got["0704.0001"][:2] == ("Nucleön form factors à la Große",
                                    ["José García", "J. Müller", "François Dvořák"])
    assert got["0704.0002"][:2] == ("Café øresund, índice and łódź",
                                    ["Søren Kierkegård", "Paul Erdős"])
    title, authors, summary = got["0704.0003"]
    assert title == r"The $\alpha$-decay of $\hat{e}$ and $\'e$ naïve"
    assert authors == ["A. Author"] and summary == r"Keeps \'e as typed."
    shown = papers("show", "0704.0001", "--offline", "--json").json
    assert shown["authors"][0] == "José García"


def test_text_without_tex_is_kept_as_it_is(papers: Any, home: Home, tmp_path: Path) -> None:
    """Braces, escaped dollars and commands that are not accents stay as typed."""
    title = r"The {GALAH} survey: \emph{costs} of 5\$ and a \\ break"
    path = tmp_path / "snap.json"
    path.write_text(snapshot_line("0704.0004", title, "Ann Lee", [["Lee", "Ann", ""]]) + "\n",
                    encoding="utf-8")
    assert papers("import", str(path)).exit_code == 0
    assert stored(home)["0704.0004"][:2] == (title, ["Ann Lee"])


def test_a_first_line_longer_than_looked_at_is_still_a_snapshot(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """arXiv's keys put `versions` and `authors_parsed` after the abstract: a first line
    whose abstract ran past the 64 KiB looked at showed neither, and the file was read as
    Hub JSON, every paper stored without its authors, abstract or categories."""
    long_abstract = "An invented abstract that goes on. " * 3000  # ~105 KB
    lines = [snapshot_line("0704.0011", "Long one", "Ann Example", [["Example", "Ann", ""]],
                           long_abstract),
             snapshot_line("0704.0012", "Short one", "Bo Example", [["Example", "Bo", ""]])]
    src = tmp_path / "snapshot.json"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("papers: read 2 lines from snapshot.json: 2 new"), \
        result.stderr
    shown = papers("show", "0704.0011", "--offline", "--json").json
    assert shown["authors"] == ["Ann Example"] and shown["categories"] == ["hep-ph", "cs.CL"]
    assert shown["summary"].startswith("An invented abstract that goes on.")
    assert stored(home)["0704.0012"][1] == ["Bo Example"]


def test_a_snapshot_of_bad_lines_only_is_an_error(papers: Any, home: Home,
                                                 tmp_path: Path) -> None:
    """Every line bad said "read 2 lines from FILE: 0 new, 0 updated, 0 unchanged, skipped
    2 bad lines" and exit 0, as a Hub JSON file of no usable item did: one error line."""
    src = tmp_path / "snapshot.json"
    src.write_text(json.dumps({"id": "nope", "title": "t", "categories": "cs.CL",
                               "versions": []}) + "\n{broken\n", encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 1
    assert result.stderr == (
        f"papers: error: no papers in {src}: 2 lines skipped, first: line 1: id 'nope' is "
        "not an arXiv id — see papers import --help\n")


def test_a_snapshot_of_bad_lines_only_says_why_in_80_columns(
        papers: Any, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the whole line did not fit 80 columns, it was "no papers in bad.jsonl — see
    papers import --help": nothing of why. The first line's reason stays, cut short
    if it must be, before the hint goes."""
    monkeypatch.chdir(tmp_path)
    Path("bad.jsonl").write_text("\n".join(json.dumps(
        {"id": pid, "title": "t", "categories": "cs.CL", "versions": []})
        for pid in ("nonsense", "0704.001")) + "\n{broken\n", encoding="utf-8")
    result = papers("import", "bad.jsonl")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert len(line) <= 80, line
    assert line.startswith("papers: error: no papers in bad.jsonl (line 1: id 'nonsense'"), line
