"""Every filter is a term of the search index's query: `--author` (each name kept whole
and folded, looked for as a substring, as whole words if several), `--has-model` (the
linked models' count) and `--tag` (the tagged ids), like families, dates and categories
before them. So a search with one of them ranks among its papers only, and a listing
through a filter few papers pass reads just their rows: before, at a million papers,
`search WORD --tag T` took 25 s, `search WORD --has-model` 23 s, `search -a NAME` 1.5 s
and `search --category RARE` 6 s, each reading every row to learn that few pass.

Checked through `main()` against the same filter applied by hand to every paper, and the
index's route against the SQL walk it replaces, page and count."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from papercli import criteria
from papercli.db import search as library_search
from test_library_walk import every_paper, rows_read
from test_library_walk import items as walk_items

N = 150
# Made-up people, with what a regular expression or a case fold could get wrong: regex
# syntax, a quote JSON escapes, accents (composed and not), ß, a dotted capital I, a
# titlecase digraph, a letter with no decomposition (Ł), a non-Latin script.
PEOPLE = ["José Núñez", "Zoë Straße", 'Dan "DJ" Lee', "A.B. (Jr.) O'Brien+?*",
          "İlker Şahin", "ǅemal Łukasz", "Jose\u0301 Decomposed", "[x]{2}|^$ \\d Regex",
          "Мария Иванова", "Ada Lovelace"]
CATEGORIES = ["cs.CL", "cs.LG", "math.AG"]


def items() -> list[dict[str, Any]]:
    """N papers over 30 days (test_library_walk's: every third about zebras, each by one
    of PEOPLE), every 11th with a repository and stars, every 37th put on Daily Papers by
    a rare submitter, each dated (arXiv) the day it is listed."""
    out = walk_items(N, PEOPLE, date(2025, 3, 1), 30)
    for i, item in enumerate(out):
        paper = item["paper"]
        paper.pop("githubStars", None)
        if i % 11 == 0:
            paper["githubRepo"] = f"https://github.com/someone/repo{i}"
            paper["githubStars"] = i
        item["submittedBy"] = {"user": "rare_submitter" if i % 37 == 0 else "someone"}
        paper["publishedAt"] = paper["submittedOnDailyAt"][:10] + "T00:00:00.000Z"
    return out


@pytest.fixture
def library(papers, home: Home, tmp_path: Path):  # type: ignore[no-untyped-def]
    src = tmp_path / "items.json"
    src.write_text(json.dumps(items()), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    with sqlite3.connect(home.library) as conn:  # categories, as an arXiv import sets them
        for i in range(N):
            conn.execute("UPDATE papers SET categories = ? WHERE id = ?",
                         (CATEGORIES[i % 2 if i % 13 else 2], f"2502.{i:05d}"))
    assert papers("search", "zebra", "--offline", "-n", "1").exit_code == 0  # the index
    return papers


def listing(papers, *args: str) -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    """The ids of a search's JSON, and the last line of its table (the caption), or of
    stderr when there is no table (an empty listing says so there)."""
    found = papers("search", *args, "--offline", "--json")
    assert found.exit_code == 0, found.stderr
    table = papers("search", *args, "--offline")
    said = table.stdout if found.stdout.strip() != "[]" else table.stderr
    return [p["id"] for p in json.loads(found.stdout)], said.strip().splitlines()[-1]


def by_author(everything: list[dict[str, Any]], name: str) -> set[str]:
    """The papers with an author holding the name: anywhere if one word, but several
    words only as whole words ("wei zhang" is not in Fenwei Zhang, "jun li" not in Jun
    Liu), the last cut short when the name ends in `*` ("ada lovelac*")."""
    cut = name.endswith("*") and name.rstrip("*").strip() != ""
    folded = criteria.fold(name.rstrip("*").rstrip() if cut else name)
    several = re.search(r"\w[^\w']+\w", folded) is not None
    held = re.compile(("(?<!\\w)" if several else "") + re.escape(folded)
                      + ("(?!\\w)" if several and not cut else ""))
    return {p["id"] for p in everything
            if any(held.search(criteria.fold(a)) for a in p["authors"])}


def queries() -> list[str]:
    """Pieces of every made-up name as a user may type them: whole, a word, a piece
    (inside a word, or the name cut short with a `*`), in other cases, unfolded and
    folded."""
    out = set()
    for person in PEOPLE:
        out |= {person, person.upper(), person[:-1] + "*", person.split()[0][1:],
                criteria.fold(person)}
        out |= {word for word in person.split() if word}
    return sorted(out)


@pytest.mark.parametrize("name", queries())
def test_the_author_term_finds_what_the_filter_keeps(library, name: str) -> None:
    everything = every_paper(library)
    expected = by_author(everything, name)
    assert expected  # every piece is somebody's
    found, line = listing(library, "-a", name, "-n", "0")
    assert set(found) == expected
    # with words: exact, and counted by the index ("N papers", never "at least")
    zebras = {p["id"] for p in everything if "zebra" in p["title"]} & expected
    found, line = listing(library, "zebra", "-a", name, "-n", "0")
    assert set(found) == zebras
    assert line.startswith(f"{len(zebras):,} paper") and "at least" not in line, line


def test_a_name_matching_nobody_reads_no_row(library, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    read = rows_read(monkeypatch)
    assert listing(library, "zebra", "-a", "Nobody At All")[0] == []
    assert read[0] == 0


FILTERS = [
    ("--category", "math.AG"),
    ("--category", "math.*"),
    ("--min-upvotes", "140"),
    ("--min-stars", "100"),
    ("--submitter", "rare_submitter"),
    ("--since", "2025-03-29"),
    ("--until", "2025-03-01"),
    ("--category", "math.AG", "--min-upvotes", "60"),
    ("-a", "Lovelace"),
    ("-a", "Lovelace", "--min-upvotes", "60"),
    ("-k", "zebra", "--category", "math.AG"),
]


@pytest.mark.parametrize("flags", FILTERS, ids=lambda f: " ".join(f))
@pytest.mark.parametrize("sort", ["new", "upvotes"])
def test_a_rare_filter_reads_its_rows_only_and_pages_as_the_walk_did(
        library, monkeypatch: pytest.MonkeyPatch, flags: tuple[str, ...], sort: str) -> None:
    """Few papers pass: their rows come from the index and SQL sorts just them. The
    page and its count are those of the walk through the library it replaces."""
    args = (*flags, "--sort", sort)
    page, line = listing(library, *args, "-n", "4")
    whole, _ = listing(library, *args, "-n", "0")
    assert 0 < len(whole) <= 15
    with monkeypatch.context() as walk:
        walk.setattr(library_search.LibraryReads, "_narrowed", lambda *_: None,
                     raising=False)
        assert listing(library, *args, "-n", "4") == (page, line)
        assert listing(library, *args, "-n", "0")[0] == whole


@pytest.mark.parametrize("flags", FILTERS, ids=lambda f: " ".join(f))
def test_sqlite_reads_about_the_rows_that_pass(
        library, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        flags: tuple[str, ...]) -> None:
    """With 1,000 more papers that pass none of the filters, the walk through the date
    index reads them all; the index's route reads the few rows that pass."""
    filler = []
    for n, item in enumerate(items()[:10] * 100):
        item = copy.deepcopy(item)
        item["paper"].update(id=f"2503.{n:05d}", upvotes=0, title=f"Filler {n}",
                             authors=[{"name": "Filler Person"}])
        item["paper"].pop("githubRepo", None)
        item["paper"].pop("githubStars", None)
        item["paper"]["publishedAt"] = "2025-03-15T00:00:00.000Z"
        item["submittedBy"] = {"user": "someone"}
        filler.append(item)
    more = tmp_path / "filler.json"
    more.write_text(json.dumps(filler), encoding="utf-8")
    assert library("import", str(more)).exit_code == 0
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE papers SET categories = 'cs.CV' WHERE id LIKE '2503.%'")
    assert library("search", "filler", "--offline", "-n", "1").exit_code == 0  # caught up
    args = (*flags, "-n", "4")
    steps = _sql_steps(library, monkeypatch, *args)
    with monkeypatch.context() as walk:
        walk.setattr(library_search.LibraryReads, "_narrowed", lambda *_: None,
                     raising=False)
        walked = _sql_steps(library, monkeypatch, *args)
    assert 0 < steps * 5 < walked, (steps, walked)


def _sql_steps(papers, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
               *args: str) -> int:
    """How much SQLite works to list the library for `papers search ARGS`: its virtual
    machine's steps in tens, while the library's `browse` runs (reading every row is the
    cost the index spares)."""
    steps = [0]
    real = library_search.LibraryReads.browse

    def counted(self: library_search.LibraryReads, *a: Any, **k: Any) -> Any:
        def tick() -> int:
            steps[0] += 1
            return 0

        self.conn.set_progress_handler(tick, 10)
        try:
            return real(self, *a, **k)
        finally:
            self.conn.set_progress_handler(None, 0)

    with monkeypatch.context() as patch:
        patch.setattr(library_search.LibraryReads, "browse", counted)
        assert papers("search", *args, "--offline", "--json").exit_code == 0
    return steps[0]


def test_has_model_is_in_the_index_once_the_count_is_known(
        library, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper's linked models become known when `papers show` fetches its page: that
    write queues the paper, so the index's term follows it."""
    found, _ = listing(library, "zebra", "--has-model")
    assert found == []
    with sqlite3.connect(home.library) as conn:  # as `show` stores what the Hub said
        conn.execute("UPDATE papers SET num_models = 3 WHERE id = '2502.00003'")
        conn.execute("UPDATE papers SET num_models = 0 WHERE id = '2502.00006'")
        conn.execute("UPDATE papers SET num_models = 2 WHERE id = '2502.00004'")
    found, line = listing(library, "zebra", "--has-model")
    assert found == ["2502.00003"] and line.startswith("1 paper"), line
    read = rows_read(monkeypatch)
    shown = library("search", "--has-model", "--offline", "--json")
    assert [p["id"] for p in json.loads(shown.stdout)] == ["2502.00004", "2502.00003"]
    # its two rows, and a page of the papers whose models are not known, counted
    assert read[0] <= 2 + 50 < N, read[0]
    # every paper whose count is not known, not a page's worth (it said 50 here)
    assert f"warning: {N - 3} papers left out: their linked models" in shown.stderr
    zebras = len(range(0, N, 3))
    with_words = library("search", "zebra", "--has-model", "--offline", "-n", "1")
    assert f"warning: {zebras - 2} papers left out" in with_words.stderr  # 3 and 6 known


def test_a_tag_is_in_the_index(library, monkeypatch: pytest.MonkeyPatch) -> None:
    assert library("tag", "2502.00009", "2502.00010", "2502.00012", "to-read"
                   ).exit_code == 0
    found, line = listing(library, "zebra", "--tag", "to-read")
    assert sorted(found) == ["2502.00009", "2502.00012"]
    assert line.startswith("2 papers"), line
    read = rows_read(monkeypatch)
    assert listing(library, "zebra", "--tag", "other", "-n", "5")[0] == []
    assert read[0] == 0


def test_a_name_longer_than_papercli_keeps_is_cut_where_it_is_read(
        library, home: Home) -> None:
    """Names are at most MAX_NAME characters (the index holds each whole): a longer one,
    written by another program, is read cut to that, flagged as a damaged record, and
    found by its head as everywhere else."""
    from papercli.models import MAX_NAME

    long_name = "Verylong " + "x" * 100_000
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE papers SET authors = ? WHERE id = '2502.00001'",
                     (json.dumps([long_name, "Helper 1"]),))
    shown = library("search", "-a", "verylong", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    found = json.loads(shown.stdout)
    assert [p["id"] for p in found] == ["2502.00001"]
    assert found[0]["authors"][0] == long_name[:MAX_NAME]
    assert "damaged record" in shown.stderr
    with_words = library("search", "graph", "-a", "verylong", "--offline", "--json")
    assert [p["id"] for p in json.loads(with_words.stdout)] == ["2502.00001"]


def test_a_name_too_long_for_the_index_is_checked_in_python(library, home: Home) -> None:
    """A regular expression of over ~480 bytes is more than tantivy compiles: a longer
    name (a 300-letter Cyrillic one is 600 bytes) is looked for by the SQL prefilter and
    Python, not taken for a damaged index."""
    name = "Ж" * 300
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE papers SET authors = ? WHERE id = '2502.00002'",
                     (json.dumps([name, "Helper 2"]),))
    for words in ((), ("graph",)):
        shown = library("search", *words, "-a", name.lower(), "--offline", "--json")
        assert shown.exit_code == 0 and shown.stderr == "", shown.stderr
        assert [p["id"] for p in json.loads(shown.stdout)] == ["2502.00002"]
