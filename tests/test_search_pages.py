"""`papers search QUERY --sort relevance` paged: an MCP client pages `search` by offset,
each call ranking offset + limit papers. The candidates of a search with words were one
pool grown with the page (`ranking.near_pool`), so pages past the first block (real: 500)
repeated or skipped papers that one long call shows once. A search with words is now
ranked in the blocks a listing without words is (`ranking.near_blocks`): every page is
the matching slice of one long ranking.

The library is test_ranking's four topics (48 papers); NEAR_POOL is made small so that
48 papers are many."""

from __future__ import annotations

import json

import pytest

from papercli import ranking
from test_ranking import ids_of, import_topics, star


@pytest.fixture
def lib(papers, tmp_path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def ranked(papers, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = papers("search", *args, "--sort", "relevance", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


@pytest.mark.parametrize("query", ["training", "training -market"])
def test_the_mcp_pages_of_a_long_ranked_search_agree(
        lib, monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    from papercli import mcpserver

    star(lib, *ids_of("robot", recent=False)[:4])
    matching = ranked(lib, query, "-n", "0")
    monkeypatch.setattr(ranking, "NEAR_POOL", 8)  # blocks end 4, 8, 16, 32: pools 8...64
    monkeypatch.setattr(ranking, "NEAR_PAGES", 2)
    assert len(matching) > 20

    def page(offset: int, limit: int) -> list[str]:
        answer = mcpserver.call("search", {"query": query, "sort": "relevance",
                                           "offset": offset, "limit": limit},
                                mcpserver.Settings())
        return [p["id"] for p in json.loads(answer.document)]

    whole = page(0, 21)
    assert len(whole) == 21 and len(set(whole)) == 21
    for size in (1, 3, 5):
        paged = [pid for start in range(0, 21, size) for pid in page(start, size)][:21]
        assert paged == whole, size
    assert ranked(lib, query, "-n", "21") == whole
    assert ranked(lib, query, "-n", "9") == whole[:9]


@pytest.mark.parametrize("query", [(), ("training",)])
def test_a_page_of_every_match_is_every_match(
        lib, monkeypatch: pytest.MonkeyPatch, query: tuple[str, ...]) -> None:
    """A block whose pool holds every match ranks them all: the page took no more of
    them than that block's end, so `-n` of as many as match showed a block's worth fewer
    (real: -n 5000 of the 9,877 papers showed 4,000)."""
    star(lib, *ids_of("robot", recent=False)[:4])
    matching = ranked(lib, *query, "-n", "0")
    monkeypatch.setattr(ranking, "NEAR_POOL", 8)  # blocks end 4, 8, 16, 32, 64
    monkeypatch.setattr(ranking, "NEAR_PAGES", 2)  # (the last pool of 64 holds them all)
    assert 32 < len(matching) < 64
    page = ranked(lib, *query, "-n", str(len(matching)))
    assert sorted(page) == sorted(matching)
    assert ranked(lib, *query, "-n", "40") == page[:40]
