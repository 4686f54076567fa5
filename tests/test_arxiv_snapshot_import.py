"""`papers import` of arXiv's metadata snapshot: titles and authors the snapshot keeps in
TeX read as arXiv's pages show them, maths as typed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

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
