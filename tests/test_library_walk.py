"""`papers search` with a word filter (`-k`, `-x`, `-a`) or a sort other than relevance
reads the library in bounded steps: the page is found by walking the rows in order (or
among the rows the search index proposes for `-k` and `-a`), then counted up to a budget
("of at least N" past it), and an ordered search keeps a top N as its hits stream by.
Before, each of these read and held every paper of the library (3 GB and a minute at a
million papers). Checked through `main()` against the same filter applied by hand to
every paper, on both routes to the page."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from hubserver import item_for_day, seed_items
from papercli.db import search as library_search

N = 250  # more than one chunk of rows (100) read at a time
ZEBRAS = len(range(0, N, 3))
# Made-up people: accents, a German ß, a nickname in quotes (escaped in JSON).
PEOPLE = ["José Núñez", "Zoë Straße", 'Dan "DJ" Lee', "Ada Lovelace", "Alan Turing"]


def items(n: int = N, people: Sequence[str] = PEOPLE, first: date = date(2025, 2, 1),
          days: int = 20) -> list[dict[str, Any]]:
    """n papers over `days` days from `first`: every third about zebras, every fifth
    about models, each by one of `people` and a helper of its own."""
    base = seed_items()[0]
    out = []
    for i in range(n):
        item = copy.deepcopy(base)
        paper = item["paper"]
        topic = "zebra crossings" if i % 3 == 0 else "graph colouring"
        extra = " with language models" if i % 5 == 0 else ""
        paper.update(id=f"2502.{i:05d}", title=f"Study {i} of {topic}",
                     summary=f"We look at {topic}{extra} in case {i}.", ai_keywords=[],
                     authors=[{"name": people[i % len(people)]}, {"name": f"Helper {i}"}])
        if i % 7 == 0:  # a few with a repository's stars, many of them tied
            paper["githubStars"] = i % 4
        item["title"] = paper["title"]
        out.append(item_for_day(item, first + timedelta(days=i % days), upvotes=i))
    return out


@pytest.fixture
def library(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    src = tmp_path / "items.json"
    src.write_text(json.dumps(items()), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    assert papers("search", "zebra", "--offline", "-n", "1").exit_code == 0  # the index
    return papers


def every_paper(papers) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    result = papers("export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids(papers, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = papers("search", *args, "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


def caption(papers, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = papers("search", *args, "--offline")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, how many library rows are read: every read is one `records.paper`,
    or one `records.words_paper` (a row a count reads with its word columns alone)."""
    from papercli.db import records

    read = [0]
    for name in ("paper", "words_paper"):
        real = getattr(records, name)

        def counted(values: Any, real: Any = real) -> Any:
            read[0] += 1
            return real(values)

        monkeypatch.setattr(records, name, counted)
    return read


def newest_first(found: list[dict[str, Any]]) -> list[str]:
    return [p["id"] for p in sorted(found, key=lambda p: (p["published_at"], p["id"]),
                                    reverse=True)]


def test_a_keyword_page_is_the_newest_matches_by_either_route(
        library, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = every_paper(library)
    zebras = newest_first([p for p in everything if "zebra" in p["title"]])
    assert len(zebras) == ZEBRAS
    by_index = ids(library, "-k", "zebra", "-n", "7")
    monkeypatch.setattr(library_search, "CANDIDATES", 5)  # too many: walk the library
    by_walk = ids(library, "-k", "zebra", "-n", "7")
    assert by_index == by_walk == zebras[:7]
    assert ids(library, "-k", "zebra", "-n", "0") == zebras
    assert caption(library, "-k", "zebra", "-n", "7").startswith(f"7 of {ZEBRAS} papers")


def test_past_the_budget_the_count_is_a_lower_bound(
        library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_search, "COUNT_CHECKED", 10)
    monkeypatch.setattr(library_search, "COUNT_AT_LEAST", 10)
    line = caption(library, "-x", "zebra", "-n", "3")
    assert line.startswith("3 of at least ") and f"{N - ZEBRAS}" not in line
    # Fewer rows than the budget left: exact again.
    monkeypatch.setattr(library_search, "COUNT_CHECKED", 1000)
    assert caption(library, "-x", "zebra", "-n", "3").startswith(f"3 of {N - ZEBRAS} papers")


@pytest.mark.parametrize("args", [("-x", "zebra"), ("-k", "study")])
def test_a_count_that_cannot_be_exact_reads_a_few_rows_for_its_bound(
        library, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    """Past a full page, a checked filter's matches are counted on for COUNT_CHECKED rows
    when that reaches all that is left to walk (the count is exact), and for only
    COUNT_AT_LEAST when it cannot ("at least"): at a million papers, 5,000 rows cost 0.3 s
    for a bound hardly more telling. `-x` walks every row;
    `-k study` (every paper) has more candidates than the index hands over (CANDIDATES),
    so the library is walked."""
    monkeypatch.setattr(library_search, "CANDIDATES", 5)
    monkeypatch.setattr(library_search, "COUNT_AT_LEAST", 10)
    everything = every_paper(library)
    passing = [p for p in everything if args[0] == "-k" or "zebra" not in p["title"]]
    # A page in the first chunk of 100 rows; 150 rows left: beyond 120, within 150.
    monkeypatch.setattr(library_search, "COUNT_CHECKED", 120)
    read = rows_read(monkeypatch)
    line = caption(library, *args, "-n", "3")
    assert line.startswith("3 of at least "), line
    assert read[0] == 200 < N  # the page's chunk, and one more for a bound of 10 rows
    monkeypatch.setattr(library_search, "COUNT_CHECKED", 150)
    read[0] = 0
    assert caption(library, *args, "-n", "3").startswith(f"3 of {len(passing)} papers")
    assert read[0] == N


@pytest.mark.parametrize("name,person", [
    ("jose", "José Núñez"), ("NUNEZ", "José Núñez"), ("núñez", "José Núñez"),
    ("strasse", "Zoë Straße"), ("ZOE", "Zoë Straße"), ("dj", 'Dan "DJ" Lee'),
    ('"DJ" Lee', 'Dan "DJ" Lee'), ("lovelace", "Ada Lovelace")])
def test_the_author_prefilter_leaves_out_no_author(library, name: str, person: str) -> None:
    everything = every_paper(library)
    theirs = newest_first([p for p in everything if person in p["authors"]])
    assert len(theirs) == N // len(PEOPLE)
    assert ids(library, "-a", name, "-n", "0") == theirs
    assert ids(library, "-a", name, "-n", "4") == theirs[:4]
    # and with words: the name is a term of the index's query
    assert set(ids(library, "zebra", "-a", name, "-n", "0")) == {
        p["id"] for p in everything if person in p["authors"] and "zebra" in p["title"]}


def test_names_a_foreign_writer_escaped_in_json_are_still_found(
        library, home: Home) -> None:
    """Another tool may store the authors' JSON with every accent escaped (\\u00e9):
    SQLite's `lower` sees only ASCII there, so such rows always pass the prefilter."""
    with sqlite3.connect(home.library) as conn:
        for rowid, authors in conn.execute("SELECT rowid, authors FROM papers").fetchall():
            conn.execute("UPDATE papers SET authors = ? WHERE rowid = ?",
                         (json.dumps(json.loads(authors), ensure_ascii=True), rowid))
        assert conn.execute("SELECT count(*) FROM papers WHERE authors LIKE '%\\u00e9%'"
                            ).fetchone()[0] > 0
    assert len(ids(library, "-a", "jose", "-n", "0")) == N // len(PEOPLE)


@pytest.mark.parametrize("sort,key", [
    ("upvotes", lambda p: p["upvotes"]),
    ("new", lambda p: p["published_at"] or p["submitted_at"]),  # the papers tie
    ("stars", lambda p: -1 if p["github_stars"] is None else p["github_stars"]),
])
@pytest.mark.parametrize("n", [1, 5, 12, 40])
def test_an_ordered_search_page_is_the_whole_sort_cut(
        library, sort: str, key: Any, n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's ordered page (the matches above its cut, then the best tied with it
    or, for stars, without a count) is exactly what sorting every match would give, ties
    in relevance order; and it reads a page's rows, not every match's."""
    everything = every_paper(library)
    matches = [p for p in everything if "zebra" in p["title"]]
    relevance = ids(library, "zebra", "-n", "0")
    place = {pid: i for i, pid in enumerate(relevance)}
    expected = [p["id"] for p in sorted(matches, key=lambda p: (-_rank(key(p)), place[p["id"]]))]
    read = rows_read(monkeypatch)
    assert ids(library, "zebra", "--sort", sort, "-n", str(n)) == expected[:n]
    assert read[0] == n < len(matches), read[0]  # the page's rows alone
    assert caption(library, "zebra", "--sort", sort, "-n", str(n)).startswith(
        f"{n} of {ZEBRAS} papers")


@pytest.mark.parametrize("sort,key", [
    ("upvotes", lambda p: p["upvotes"]),
    ("new", lambda p: p["published_at"] or p["submitted_at"]),
])
def test_an_ordered_search_keeps_the_top_as_hits_stream_by(
        library, sort: str, key: Any) -> None:
    """With a filter Python checks (`-x`), the index cannot order the page alone: the
    hits stream by and a top N is kept."""
    everything = every_paper(library)
    matches = [p for p in everything if "zebra" in p["title"] and "models" not in p["summary"]]
    relevance = ids(library, "zebra", "-x", "models", "-n", "0")
    assert sorted(relevance) == sorted(p["id"] for p in matches)
    place = {pid: n for n, pid in enumerate(relevance)}
    # highest first; ties in the search's own (relevance) order
    expected = [p["id"] for p in sorted(matches, key=lambda p: (-_rank(key(p)), place[p["id"]]))]
    assert ids(library, "zebra", "-x", "models", "--sort", sort, "-n", "5") == expected[:5]


def _rank(value: Any) -> float:
    """A sort value as a number, so that "highest first" reads the same for both keys."""
    return float(value) if isinstance(value, int) else date.fromisoformat(
        value[:10]).toordinal() * 86_400 + _seconds(value)


def _seconds(stamp: str) -> int:
    hh, mm, ss = stamp[11:19].split(":")
    return int(hh) * 3600 + int(mm) * 60 + int(ss)


def test_the_library_by_relevance_ranks_as_it_streams(library) -> None:
    """`--sort relevance` without words ranks the whole library with the taste model, a
    top N kept as the papers go by: the same papers as scoring them all at once."""
    assert library("star", "2502.00000", "2502.00003", "2502.00006").exit_code == 0
    result = library("search", "--sort", "relevance", "-n", "5", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    top = json.loads(result.stdout)
    assert len(top) == 5 and all(p["score"] is not None for p in top)
    assert [p["score"] for p in top] == sorted((p["score"] for p in top), reverse=True)
    whole = json.loads(library("search", "--sort", "relevance", "-n", str(N), "--offline",
                               "--json").stdout)
    assert [p["id"] for p in whole[:5]] == [p["id"] for p in top]
    assert "zebra" in top[0]["title"]  # the stars are about zebras


@pytest.mark.parametrize("args,most", [
    (("search", "-k", "zebra", "-n", "3"), ZEBRAS),  # the index's candidates, no other row
    (("search", "-a", "Ada Lovelace", "-n", "3"), N // len(PEOPLE)),  # the index's
    (("search", "-x", "zebra", "-n", "3"), 100),  # a chunk of rows, then the count's budget
    (("export", "zebra", "-n", "3"), 3),  # the index's top 3, as `search zebra -n 3`
])
def test_a_page_reads_only_the_rows_it_needs(library, monkeypatch: pytest.MonkeyPatch,
                                             args: tuple[str, ...], most: int) -> None:
    monkeypatch.setattr(library_search, "COUNT_CHECKED", 0)
    monkeypatch.setattr(library_search, "COUNT_AT_LEAST", 0)
    read = rows_read(monkeypatch)
    as_json = ("--format", "json") if args[0] == "export" else ("--offline", "--json")
    result = library(*args, *as_json)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
    assert 3 <= read[0] <= most < N, read[0]


def test_a_watch_count_stops_at_its_budget(library, monkeypatch: pytest.MonkeyPatch) -> None:
    """`watch add` and `watch list` count a watch with words by reading rows: at a
    million papers that was a minute a watch; past the budget the count is a bound."""
    from papercli import watches

    added = library("watch", "add", "graphs", "-k", "graph")
    assert added.exit_code == 0, added.stderr
    assert f"({N - ZEBRAS} papers in your library match)" in added.stderr
    listed = json.loads(library("watch", "list", "--json").stdout)
    assert (listed[0]["papers"], listed[0]["papers_exact"]) == (N - ZEBRAS, True)
    monkeypatch.setattr(library_search, "CANDIDATES", 5)  # the walk, not the index
    monkeypatch.setattr(watches, "COUNT_CHECKED", 100)
    listed = json.loads(library("watch", "list", "--json").stdout)
    assert listed[0]["papers_exact"] is False and 0 < listed[0]["papers"] < N - ZEBRAS
    table = library("watch", "list").stdout
    assert f"{listed[0]['papers']}+" in table


@pytest.mark.parametrize("sort,key", [
    ("upvotes", lambda p: p["upvotes"]),
    ("new", lambda p: p["published_at"] or p["submitted_at"]),
])
def test_an_ordered_page_with_the_hubs_hits_sorted_in(library, hub, sort: str, key: Any
                                                       ) -> None:
    """Online, the Hub's hits sort among the library's: the page is the sort of every
    fused hit (`search -n 0`'s order, ties kept), cut. The Hub answers with library
    papers (some far down the library's own ranking) and papers of its own that tie with
    them in upvotes and time."""
    mine = {i["paper"]["id"]: i for i in items()}
    theirs = []
    for n, i in enumerate((249, 246, 243, 3, 6)):
        item = copy.deepcopy(mine[f"2502.{i:05d}"])
        hub.add_paper(item["paper"])  # the library's own paper, as the Hub has it
        twin = copy.deepcopy(item)  # and one of the Hub's own, tied with it
        twin["paper"]["id"] = f"2503.{n:05d}"
        twin["paper"]["title"] = f"Remote {n} on zebra crossings"
        hub.add_paper(twin["paper"])
        theirs.append(twin)
    whole = json.loads(library("search", "zebra", "-n", "0", "--json").stdout)
    assert {p["id"] for p in whole} >= {t["paper"]["id"] for t in theirs}
    assert hub.count("/api/papers/search") == 1
    expected = [p["id"] for p in sorted(whole, key=lambda p: -_rank(key(p)))]  # stable
    for n in (1, 3, 8, 20):
        page = library("search", "zebra", "--sort", sort, "-n", str(n), "--json")
        assert page.exit_code == 0, page.stderr
        assert [p["id"] for p in json.loads(page.stdout)] == expected[:n], n


@pytest.mark.parametrize("sort", ["upvotes", "new"])
def test_a_hub_hit_far_down_the_librarys_ranking_is_placed_exactly(library, hub, sort: str
                                                                   ) -> None:
    """A Hub hit that the library also finds, far down its ranking, tied in `sort` with
    the library's best hit: its place there adds to its fused score and puts it first,
    as the sort of every fused hit does."""
    local = json.loads(library("search", "zebra", "-n", "0", "--offline", "--json").stdout)
    best = local[0]
    # the last of the library's hits dated when the best was (the fixture's papers share
    # an arXiv date); upvotes are the Hub's to change, so any far hit can tie in those
    far = [p for p in local if sort == "upvotes" or p["published_at"] == best["published_at"]
           ][-1]
    assert local.index(far) > 20
    mine = {i["paper"]["id"]: i for i in items()}
    for n in range(9):  # nine Hub-only hits first, then the far one, tenth
        other = copy.deepcopy(mine[best["id"]])
        other["paper"].update(id=f"2503.{n:05d}", title=f"Remote {n} on zebra crossings",
                              upvotes=0, submittedOnDailyAt="2020-01-01T00:00:00.000Z",
                              publishedAt="2020-01-01T00:00:00.000Z")
        hub.add_paper(other["paper"])
    tied = copy.deepcopy(mine[far["id"]])["paper"]
    tied.update(upvotes=best["upvotes"])
    hub.add_paper(tied)
    whole = json.loads(library("search", "zebra", "-n", "0", "--json").stdout)
    key = {"upvotes": lambda p: p["upvotes"],
           "new": lambda p: p["published_at"] or p["submitted_at"]}[sort]
    expected = [p["id"] for p in sorted(whole, key=lambda p: -_rank(key(p)))]
    at = expected.index(best["id"])
    assert expected.index(far["id"]) < at  # the far hit first: its two places add up
    for n in (expected.index(far["id"]) + 1, at, at + 1, at + 3):
        page = library("search", "zebra", "--sort", sort, "-n", str(n), "--json")
        assert page.exit_code == 0, page.stderr
        assert [p["id"] for p in json.loads(page.stdout)] == expected[:n], n
