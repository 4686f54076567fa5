"""The loopback arXiv answers what the parser reads: RSS per category combination, the
API's search, ids, paging and sorting, error feeds, and each fault on cue."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from arxivserver import ArxivServer, Paper, make_papers
from papercli.sources import arxiv
from papercli.sources.arxiv import ArxivError, ArxivParseError


@pytest.fixture
def server() -> Iterator[ArxivServer]:
    with ArxivServer() as srv:
        yield srv


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10)


def announce_sample(server: ArxivServer) -> None:
    day = datetime(2024, 1, 15, 12, tzinfo=UTC)
    server.announce(
        Paper("2401.09001", "A new cs.CL paper", ["cs.CL", "cs.AI"], day),
        Paper("2401.09002", "A new cs.CV paper", ["cs.CV"], day),
        Paper("2401.09003", "Robotics, cross-listed to cs.CV", ["cs.RO", "cs.CV"], day),
        Paper("2312.09004", "A cs.CL replacement", ["cs.CL"], day, version=3,
              doi="10.5555/x.1", journal_ref="Invented J. 1 (2024)"),
        Paper("2312.09005", "A replacement cross-listed to cs.CL", ["stat.ML", "cs.CL"], day,
              version=2),
        Paper("2401.09006", "In both asked categories", ["cs.CV", "cs.CL"], day),
        Paper("2401.09007", "Not announced for these categories", ["math.AG"], day),
    )
    server.add(Paper("2401.09008", "Submitted, not announced", ["cs.CL"], day))


def test_rss_per_category_combination(server: ArxivServer) -> None:
    announce_sample(server)
    url = arxiv.rss_url(server.rss_url, ["cs.CL", "cs.CV"])
    feed = arxiv.parse_rss(get(url).content)
    types = {e.id: e.announce_type for e in feed.entries}
    assert types == {
        "2401.09001": "new", "2401.09002": "new", "2401.09003": "cross",
        "2312.09004": "replace", "2312.09005": "replace-cross", "2401.09006": "new",
    }
    assert len(feed.entries) == len(types)  # each paper once
    replaced = next(e for e in feed.entries if e.id == "2312.09004")
    assert (replaced.version, replaced.doi, replaced.journal_ref) == (
        3, "10.5555/x.1", "Invented J. 1 (2024)")
    only_cv = arxiv.parse_rss(get(arxiv.rss_url(server.rss_url, ["cs.CV"])).content)
    assert {e.id: e.announce_type for e in only_cv.entries} == {
        "2401.09002": "new", "2401.09003": "cross", "2401.09006": "new"}
    archive = arxiv.parse_rss(get(arxiv.rss_url(server.rss_url, ["math"])).content)
    assert [e.id for e in archive.entries] == ["2401.09007"]
    assert server.requests[0].path == "/rss/cs.CL+cs.CV"


def test_rss_weekend_is_empty(server: ArxivServer) -> None:
    announce_sample(server)
    server.state.weekend = True
    feed = arxiv.parse_rss(get(arxiv.rss_url(server.rss_url, ["cs.CL"])).content)
    assert feed.entries == () and feed.skip_days == ("Saturday", "Sunday")


def test_api_pages_by_total_sorted_by_submission(server: ArxivServer) -> None:
    server.add(*make_papers(25, "cs.CL"), *make_papers(5, "cs.CV", prefix="2402"))
    server.add(*make_papers(4, "cs.CL", day=datetime(2024, 1, 20, tzinfo=UTC), prefix="2403"))
    seen: list[str] = []
    start, total = 0, None
    while total is None or start < total:
        url = arxiv.api_query_url(
            server.api_url, categories=["cs.CL"], start=start, max_results=10,
            submitted=(date(2024, 1, 15), date(2024, 1, 15)),
        )
        feed = arxiv.parse_api(get(url).content)
        total = feed.total_results
        assert feed.start_index == start and feed.items_per_page == 10
        seen += [e.id for e in feed.entries]
        start += 10
    assert total == 25 and len(seen) == 25 and len(set(seen)) == 25
    assert seen == sorted(seen, reverse=True)  # numbered in submission order
    params = server.requests[0].params
    assert params["search_query"] == (
        "cat:cs.CL AND submittedDate:[202401150000 TO 202401152359]")
    assert params["sortBy"] == "submittedDate"


def test_api_short_page_part_way(server: ArxivServer) -> None:
    server.add(*make_papers(30, "cs.LG"))
    server.fail("short", count=3, path="/api/")
    url = arxiv.api_query_url(server.api_url, categories=["cs.LG"], max_results=10)
    short = arxiv.parse_api(get(url).content)
    assert len(short.entries) == 3 and short.total_results == 30
    again = arxiv.parse_api(get(url).content)
    assert len(again.entries) == 10
    server.fail("short", count=0, path="/api/")
    empty = arxiv.parse_api(get(url).content)
    assert empty.entries == () and empty.total_results == 30


def test_api_sort_order(server: ArxivServer) -> None:
    server.add(*make_papers(6, "cs.LG"))
    ids = {}
    for order in ("ascending", "descending"):
        url = arxiv.api_query_url(server.api_url, categories=["cs.LG"], sort_order=order)
        ids[order] = [e.id for e in arxiv.parse_api(get(url).content).entries]
    assert ids["ascending"] == sorted(ids["ascending"]) and len(ids["ascending"]) == 6
    assert ids["descending"] == ids["ascending"][::-1]


def test_api_id_list_with_versions_and_old_style_ids(server: ArxivServer) -> None:
    day = datetime(1999, 1, 4, 17, tzinfo=UTC)
    server.add(
        Paper("hep-th/9901001", "Branes on a Toy Orbifold and the Folded Moduli Space of "
              "Everything Invented So Far", ["hep-th"], day, pdf_link="old", scheme="http"),
        Paper("2401.01055", "Tide Tables", ["cs.CL", "cs.LG"],
              datetime(2024, 1, 2, 18, 59, 59, tzinfo=UTC), version=2,
              updated=datetime(2024, 1, 12, tzinfo=UTC)),
    )
    url = arxiv.api_query_url(server.api_url, id_list=["2401.01055v2", "hep-th/9901001"],
                              sort_by=None)
    feed = arxiv.parse_api(get(url).content)
    old, new = sorted(feed.entries, key=lambda e: e.id, reverse=True)
    assert (old.id, old.version) == ("hep-th/9901001", 1)
    assert old.title.endswith("Everything Invented So Far")  # hard-wrapped, rejoined
    assert old.pdf_url == "http://arxiv.org/pdf/hep-th/9901001v1"
    assert (new.version, new.published, new.updated_at) == (
        2, "2024-01-02T18:59:59Z", "2024-01-12T00:00:00Z")
    assert new.pdf_url == "https://arxiv.org/pdf/2401.01055v2"


def test_api_error_feed(server: ArxivServer) -> None:
    answer = get(f"{server.api_url}?id_list=1234.12345x")
    assert answer.status_code == 400
    with pytest.raises(ArxivError, match=r"incorrect id format for 1234\.12345x"):
        arxiv.parse_api(answer.content)
    server.fail("error_feed", message="max_results must be less than 30000")
    with pytest.raises(ArxivError, match="max_results must be less than 30000"):
        arxiv.parse_api(get(f"{server.api_url}?search_query=cat:cs.CL").content)


def test_faults_on_cue(server: ArxivServer, tmp_path: Path) -> None:
    server.add(*make_papers(5, "cs.CL"))
    api = f"{server.api_url}?search_query=cat:cs.CL"
    server.fail("status", status=503, retry_after="7")
    busy = get(api)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "7"
    server.fail("truncated")
    with pytest.raises(ArxivParseError, match="cut off"):
        arxiv.parse_api(get(api).content)
    server.fail("malformed")
    with pytest.raises(ArxivParseError, match="not well-formed"):
        arxiv.parse_api(get(api).content)
    server.fail("laughs")
    with pytest.raises(ArxivParseError, match="refused"):
        arxiv.parse_api(get(api).content)
    secret = tmp_path / "secret"
    secret.write_text("TOP-SECRET")
    server.fail("xxe", target=str(secret))
    with pytest.raises(ArxivParseError, match="refused") as info:
        arxiv.parse_api(get(api).content)
    assert "TOP-SECRET" not in str(info.value)
    server.fail("huge", size=3 * 2**20)
    with httpx.stream("GET", api, timeout=10) as answer:
        assert int(answer.headers["Content-Length"]) == 3 * 2**20
        assert sum(len(chunk) for chunk in answer.iter_bytes()) == 3 * 2**20
    server.fail("slow", delay=0.2)
    assert len(arxiv.parse_api(get(api).content).entries) == 5
    assert server.count("/api/query") == 7
    # The handler notes the end after the last byte is sent: the client may be first.
    deadline = time.monotonic() + 10
    while any(r.ended is None for r in server.requests) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert all(r.ended is not None and r.ended >= r.arrived for r in server.requests)
