"""`papers search WORDS -k|-x|-a ... --sort new|upvotes|stars -n N`: a filter Python checks
beside the words, in an order the index keeps. The matches are read in that order and
checked until the page is full and the papers tied with its last one are read best by
relevance first (`textquery._ordered_checked`); before, every match was read (57 s at a
million papers). The page must be the head of the whole sorted list, ties in relevance
order, and the count exact when every match was read, else "at least".

The library is test_ranking's four topics: 48 papers whose upvotes tie across topics."""

from __future__ import annotations

import json
import re

import pytest

from test_ranking import import_topics


@pytest.fixture
def lib(papers, tmp_path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def ids(papers, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = papers("search", *args, "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


FILTERS = [("-k", "learning"), ("-x", "speech"), ("-x", "robot", "-k", "network"),
           ("-a", "author 1*")]


@pytest.mark.parametrize("order", ["new", "upvotes", "stars"])
@pytest.mark.parametrize("flt", FILTERS)
def test_the_page_is_the_head_of_the_whole_sorted_list(lib, order: str,
                                                       flt: tuple[str, ...]) -> None:
    whole = ids(lib, "training", *flt, "--sort", order, "-n", "0")
    assert len(whole) >= 3, flt
    for limit in (1, 2, 3, 7, 12, len(whole), len(whole) + 5):
        assert ids(lib, "training", *flt, "--sort", order, "-n", str(limit)) == (
            whole[:limit]), (flt, order, limit)


def many(papers, tmp_path, n: int = 450):  # type: ignore[no-untyped-def]
    """`n` papers on one word ("training"), a third about speech, upvotes in 7 values
    (ties of about 60 papers each), GitHub stars on one in four."""
    from conftest import TODAY

    items = []
    for k in range(n):
        stamp = f"{TODAY.isoformat()}T{k % 24:02d}:00:00.000Z"
        words = ["training", "model", f"w{k}"] + (["speech", "audio"] if k % 3 == 0 else [])
        paper = {"id": f"2611.{k + 1:05d}", "title": " ".join(words).capitalize(),
                 "summary": " ".join(words * (1 + k % 5)) + ".",
                 "authors": [{"name": f"Author {k}"}], "publishedAt": stamp,
                 "upvotes": k % 7}
        if k % 4 == 0:
            paper["githubStars"] = k % 5
        items.append({"paper": paper, "publishedAt": stamp, "title": paper["title"],
                      "numComments": 0})
    src = tmp_path / "many.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    return papers


@pytest.mark.parametrize("order", ["upvotes", "stars", "new"])
def test_big_ties_and_the_count_past_the_page(papers, tmp_path, order: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Ties of about 60 papers at the cut are read best by relevance first; the count is
    exact when every match was read, "at least" when counting stopped past the page."""
    from papercli.db import textquery

    shell = many(papers, tmp_path)
    whole = ids(shell, "training", "-x", "speech", "--sort", order, "-n", "0")
    assert len(whole) == 300
    for limit in (1, 5, 61, 150):
        assert ids(shell, "training", "-x", "speech", "--sort", order, "-n", str(limit)) == (
            whole[:limit]), limit
    shown = shell("search", "training", "-x", "speech", "--sort", order, "-n", "3",
                  "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "3 of 300 papers" in shown.stdout
    monkeypatch.setattr(textquery, "COUNT_CHECKED", 1)  # count no further than read
    shown = shell("search", "training", "-x", "speech", "--sort", order, "-n", "3",
                  "--offline")
    assert "3 of at least " in shown.stdout and "of 300 " not in shown.stdout


@pytest.mark.parametrize("order", ["upvotes", "stars"])
@pytest.mark.parametrize("tied_most", [0, 5_000])
@pytest.mark.parametrize("flt", [("-x", "speech"), ("-k", "model"), ("-a", "author 1*")])
def test_a_word_filter_alone_by_upvotes_or_stars(papers, tmp_path, order: str,
                                                tied_most: int, flt: tuple[str, ...],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """No words: the library through a word filter, by upvotes or stars. The index
    gives the papers in that order, checked; the ties at the page's last value are read
    among their rows (a few) or walked newest first (TIED_MOST 0: a tie too big), and
    the page is the head of the whole list, ties newest first, as SQL orders it."""
    from papercli.db import textquery

    shell = many(papers, tmp_path)
    whole = ids(shell, *flt, "--sort", order, "-n", "0")
    assert len(whole) > 100, flt
    monkeypatch.setattr(textquery, "TIED_MOST", tied_most)
    for limit in (1, 5, 61, 150):
        assert ids(shell, *flt, "--sort", order, "-n", str(limit)) == whole[:limit], limit


def test_a_word_filter_alone_counts_on_then_says_at_least(
        papers, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papercli.db import search

    shell = many(papers, tmp_path)
    shown = shell("search", "-x", "speech", "--sort", "upvotes", "-n", "3", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "3 of 300 papers" in shown.stdout
    monkeypatch.setattr(search, "COUNT_CHECKED", 1)
    monkeypatch.setattr(search, "COUNT_AT_LEAST", 1)
    shown = shell("search", "-x", "speech", "--sort", "upvotes", "-n", "3", "--offline")
    assert "3 of at least " in shown.stdout and "of 300 " not in shown.stdout


def test_an_ordered_count_that_cannot_be_exact_reads_a_few_rows_for_its_bound(
        papers, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By upvotes with a word filter, past the page the count goes on for COUNT_CHECKED
    rows only when that reaches every paper the index lets through (here all 1,000: `-x`
    has no index term), and is exact; else for COUNT_AT_LEAST rows, "at least" (at a
    million papers 5,000 rows more cost 0.3 s for a bound hardly more telling)."""
    from papercli.db import search

    shell = many(papers, tmp_path, n=1000)
    args = ("search", "-x", "speech", "--sort", "upvotes", "-n", "3", "--offline")
    monkeypatch.setattr(search, "COUNT_AT_LEAST", 1)
    monkeypatch.setattr(search, "COUNT_CHECKED", 900)  # the page read 100 of 1,000 rows
    shown = shell(*args)
    assert shown.exit_code == 0, shown.stderr
    assert "3 of 666 papers" in shown.stdout
    monkeypatch.setattr(search, "COUNT_CHECKED", 899)
    shown = shell(*args)
    assert shown.exit_code == 0, shown.stderr
    bound = re.search(r"3 of at least ([\d,]+) papers", shown.stdout)
    assert bound is not None, shown.stdout
    assert int(bound.group(1).replace(",", "")) <= 200  # one more chunk of 100 rows

