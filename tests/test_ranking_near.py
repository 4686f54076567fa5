"""`papers search --sort relevance -n N` over a big library: the page is ranked among the
papers the search index finds holding the most of the taste's words (`ranking.NEAR_POOL`
of them), so its cost follows the page and not the library (a million papers: 218 s
before, under a second after). It must be the page scoring every paper gives, honour the
filters and hidden papers, and say what it did. Without a model it is the most upvoted
page, and the model's notice says why.

The library is test_ranking's four topics (48 papers); NEAR_POOL is made small so that
48 papers are "many"."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from conftest import TODAY
from papercli import ranking
from test_ranking import ITEMS, ids_of, import_topics, star

ROBOT = set(ids_of("robot"))


def pool(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Candidates: `size`, or twice the page when that is more."""
    monkeypatch.setattr(ranking, "NEAR_POOL", size)
    monkeypatch.setattr(ranking, "NEAR_PAGES", 2)


@pytest.fixture
def lib(papers, tmp_path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def ranked(papers, *args: str) -> tuple[list[dict[str, Any]], str]:  # type: ignore[no-untyped-def]
    result = papers("search", *args, "--sort", "relevance", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def ids(page: list[dict[str, Any]]) -> list[str]:
    return [p["id"] for p in page]


@pytest.mark.parametrize("words", [(), ("training",)])
def test_the_nearest_papers_give_the_page_scoring_every_paper_gives(
        lib, monkeypatch: pytest.MonkeyPatch, words: tuple[str, ...]) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    exact, quiet = ranked(lib, *words, "-n", "6")
    assert "ranked the" not in quiet  # 48 papers are few for the real pool
    pool(monkeypatch, 12)
    near, said = ranked(lib, *words, "-n", "6")
    assert ids(near) == ids(exact)
    assert [p["score"] for p in near] == [p["score"] for p in exact]
    assert set(ids(near)) <= ROBOT
    matching = len(ITEMS) * 12 if not words else len(json.loads(lib(
        "search", *words, "-n", "0", "--offline", "--json").stdout))
    assert matching > 12
    assert f"ranked the 12 of {matching} papers nearest your taste" in said


def test_the_caption_counts_every_match_not_the_pool(lib, monkeypatch) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    pool(monkeypatch, 12)
    result = lib("search", "--sort", "relevance", "-n", "3", "--offline")
    assert result.exit_code == 0, result.stderr
    assert "3 of 48 papers" in result.stdout


def test_filters_and_hidden_papers_hold_among_the_nearest(lib, monkeypatch) -> None:
    old = ids_of("robot", recent=False)
    star(lib, *old[:4])
    recent = ids_of("robot", recent=True)
    hidden = recent[0]
    assert lib("hide", hidden).exit_code == 0
    pool(monkeypatch, 8)
    since = (TODAY - timedelta(days=7)).isoformat()
    # The library's page asks for one more (the hidden paper, left out after it) and counts
    # it; a search leaves it out in the index's query.
    # (the library's page of 5 is past its first block of 4: its last block's pool is 16)
    for words, note in (((), "ranked the 16 of 24 papers "),
                        (("training",), "ranked the 8 of 22 papers ")):
        page, said = ranked(lib, *words, "--since", since, "-n", "4")
        assert ids(page) and set(ids(page)) <= set(recent) - {hidden}, words
        assert note in said
    # --hidden shows it again (a hide lowers its own paper too), as scoring every one does
    page, _ = ranked(lib, "--since", since, "-n", "5", "--hidden")
    pool(monkeypatch, 2_000)
    assert ids(ranked(lib, "--since", since, "-n", "5", "--hidden")[0]) == ids(page)
    assert hidden in ids(ranked(lib, "--since", since, "-n", "24", "--hidden")[0])


def test_a_long_page_is_chosen_among_more_candidates(lib, monkeypatch) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    exact, _ = ranked(lib, "-n", "20")
    pool(monkeypatch, 12)  # a page of 20 in blocks ending 6, 12, 24: the 2nd among 24
    page, said = ranked(lib, "-n", "20")  # (the 3rd among all 48: few enough to score)
    assert "ranked the 24 of 48 papers" in said
    assert len(page) == 20 and ids(page)[:12] == ids(exact)[:12]


@pytest.mark.parametrize("words", [(), ("training",)])
def test_a_filter_python_checks_is_checked_on_the_candidates(
        lib, monkeypatch, words: tuple[str, ...]) -> None:
    """-k is checked in Python, beyond the index's query: the candidates its index term
    lets through are checked, and the page is ranked among those that pass (6 of the 12
    papers with the word, here: close to the taste's, not always its exact top). When
    too few pass (-x a word of the taste's own topic), every match is scored instead."""
    star(lib, *ids_of("robot", recent=False)[:4])
    with_word = {p["id"] for items in ITEMS.values() for p in (i["paper"] for i in items)
                 if "gripper" in (p["title"] + " " + p["summary"]).lower().split()}
    # (a page of 3 is in blocks ending 1, 2, 4: the last among 8)
    pool(monkeypatch, 2)
    page, said = ranked(lib, *words, "-k", "gripper", "-n", "3")
    assert len(page) == 3 and set(ids(page)) <= ROBOT & with_word
    assert "of the 8 papers nearest your taste that pass the filters" in said
    pool(monkeypatch, 2_000)
    exact, _ = ranked(lib, *words, "-x", "gripper", "-n", "3")
    pool(monkeypatch, 2)
    page, said = ranked(lib, *words, "-x", "gripper", "-n", "3")
    assert ids(page) == ids(exact) and "ranked the" not in said


def test_without_a_model_the_page_is_the_most_upvoted_and_says_why(lib) -> None:
    every = [i["paper"] for items in ITEMS.values() for i in items]
    best = sorted((p["upvotes"] for p in every), reverse=True)[:5]
    for words in ((), ("training",)):
        page, said = ranked(lib, *words, "-n", "5")
        if words:
            best = sorted((p["upvotes"] for p in every if "training" in
                           (p["title"] + " " + p["summary"]).lower()), reverse=True)[:5]
        assert [p["upvotes"] for p in page] == best, words
        assert all(p["score"] is None for p in page)
        assert "relevance needs 3 starred or read papers" in said, words


def test_the_mcp_pages_of_a_long_ranked_listing_agree(lib, monkeypatch) -> None:
    """An MCP client pages `search` by offset, each call ranking offset + limit papers:
    the pool grew with the page, so pages past the first 500 (real: 400 to 800) repeated
    or skipped papers. Every page is now the matching slice of one long ranking."""
    from papercli import mcpserver

    star(lib, *ids_of("robot", recent=False)[:4])
    pool(monkeypatch, 8)  # blocks of 4, 4, 8...: pages from offset 6 are past the first

    def page(offset: int, limit: int) -> list[str]:
        answer = mcpserver.call("search", {"sort": "relevance", "offset": offset,
                                           "limit": limit}, mcpserver.Settings())
        return [p["id"] for p in json.loads(answer.document)]

    whole = page(0, 21)
    assert len(whole) == 21
    paged = [pid for start in range(0, 21, 3) for pid in page(start, 3)]
    assert len(set(paged)) == len(paged)
    assert paged == whole
    long, _ = ranked(lib, "-n", "21")
    assert ids(long) == whole
