"""`papers export -n N` with papers hidden: the page is the first N papers that are not
hidden, counted "N of M" with M leaving out the hidden ones that pass, and the work does
not grow with how many are hidden (it looked each hidden paper up, one query each, and
read a page of N + every hidden paper: a second and more with 3,000 hidden)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from papercli.db import connection


def traced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements each run sends to library.db, as SQLite's trace reports them."""
    statements: list[str] = []
    real = connection.connect

    def connect(path: Path, **options: Any) -> Any:
        conn = real(path, **options)
        if path.name == "library.db":
            conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(connection, "connect", connect)
    return statements


def newest(library: Any, *args: str) -> list[str]:
    result = library("export", "-f", "json", "--hidden", *args)
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


@pytest.mark.parametrize("args", [(), ("--sort", "upvotes"), ("-k", "language"),
                                  ("--since", "2024-02-01")])
def test_a_page_leaves_the_hidden_papers_out_and_counts_without_them(
        library: Any, home: Home, tmp_path: Path, args: tuple[str, ...]) -> None:
    every = newest(library, *args)
    assert len(every) >= 5, every
    hide = every[:2] + every[3:4]  # on top of the page, and inside it
    assert library("hide", *hide, "--offline").exit_code == 0
    result = library("export", "-n", "2", "-f", "md", *args)
    assert result.exit_code == 0, result.stderr
    shown = re.findall(r"/papers/([0-9.]+)\)", result.stdout)
    assert shown == [i for i in every if i not in hide][:2]
    assert f"_2 of {len(every) - len(hide)} papers" in result.stdout


@pytest.mark.parametrize("command", [("export",), ("search", "--offline")])
def test_the_hidden_papers_cost_no_query_each(library: Any, home: Home,
                                              monkeypatch: pytest.MonkeyPatch,
                                              command: tuple[str, ...]) -> None:
    """`papers search` without words (the library's page) counted them the same way."""
    every = newest(library)
    statements = traced(monkeypatch)

    def export_page(hidden: list[str]) -> int:
        assert library("hide", *hidden, "--offline").exit_code == 0
        statements.clear()
        result = library(*command, "-n", "2", "-f", "ids")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.split() == every[:2]
        return len(statements)

    few = export_page(every[-2:])  # the oldest: never on the page
    many = export_page(every[-12:-2])  # 12 hidden now
    assert many == few, statements


def test_a_hidden_paper_in_a_digest_is_marked_as_the_table_marks_it(library: Any) -> None:
    """`--hidden` keeps the papers you hid "marked ×": JSON and the table marked them, but a
    Markdown or HTML digest showed a hidden paper like any other; now its line says
    `× hidden`, and only its line."""
    import html5lib  # type: ignore[import-untyped]

    hidden, shown = "2408.15881", "2401.01055"
    assert library("hide", hidden, "--offline").exit_code == 0
    md = library("export", hidden, shown, "--hidden", "-f", "md", "--no-abstract")
    assert md.exit_code == 0, md.stderr
    meta = {pid: line for pid in (hidden, shown) for line in md.stdout.splitlines()
            if f"arxiv.org/abs/{pid})" in line and not line.startswith("#")}
    assert "· × hidden ·" in meta[hidden] and "hidden" not in meta[shown]
    page = library("export", hidden, shown, "--hidden", "-f", "html")
    assert page.exit_code == 0, page.stderr
    doc = html5lib.parse(page.stdout, namespaceHTMLElements=False)
    bylines = {a.get("id"): "".join(a.find("p").itertext()) for a in doc.iter("article")}
    assert bylines[f"p-{hidden}"].endswith(" · × hidden")
    assert "hidden" not in bylines[f"p-{shown}"]
    plain = library("export", shown, "-f", "md", "--no-abstract")
    assert "× hidden" not in plain.stdout


def test_a_withdrawn_paper_is_marked_in_the_html_digest() -> None:
    """Withdrawn papers are marked in every view (Markdown says `**withdrawn** DATE`), but
    the HTML digest gave no sign of it; now its byline says "withdrawn DATE"."""
    import html5lib

    from papercli.exporters import render
    from test_exporters import SEED

    papers = [SEED[0]._replace(withdrawn_at="2024-05-02T00:00:00Z"), SEED[1]]
    doc = html5lib.parse(render(papers, "html", title="t"), namespaceHTMLElements=False)
    bylines = ["".join(a.find("p").itertext()) for a in doc.iter("article")]
    assert bylines[0].endswith(" · withdrawn 2024-05-02")
    assert "withdrawn" not in bylines[1]


@pytest.mark.parametrize("fmt, passes", [("ids", 1), ("jsonl", 1), ("bibtex", 2)])
def test_a_whole_library_export_reads_it_once_per_pass_it_needs(
        library: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str,
        passes: int) -> None:
    """With a paper hidden the count of what was written is not known up front: "wrote
    N papers" read the whole library again (BibTeX, which looks at every paper first for
    its keys, three times). The count is now learnt from the pass that writes."""
    every = newest(library)
    assert library("hide", every[0], "--offline").exit_code == 0
    from papercli.db.search import LibraryReads

    opened: list[str] = []
    real = LibraryReads.browse_all

    def browse_all(self: Any, *args: Any, **options: Any) -> Any:
        opened.append(fmt)
        return real(self, *args, **options)

    monkeypatch.setattr(LibraryReads, "browse_all", browse_all)
    out = tmp_path / f"all.{fmt}"
    result = library("export", "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {len(every) - 1} papers to " in result.stderr
    assert len(opened) == passes
