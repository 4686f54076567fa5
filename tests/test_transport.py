"""The hardened transport, the same fault suite for every source: a source built on
`Transport` gets every protection by construction, so each fault runs against the Hub's
configuration and arXiv's (a cross-process pacer with a short interval, one connection)
over a loopback server. What each source adds on top (its endpoints, its error feed, the
pacing between processes) follows at the end."""

from __future__ import annotations

import itertools
import json
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from arxivserver import ArxivServer, make_papers
from hubserver import BlackHole, HubServer, encode
from papercli import __version__
from papercli.errors import HubError, SourceError, SourceStatusError, SourceUnreachable
from papercli.sources.arxiv import ArxivError
from papercli.sources.arxiv_client import ArxivClient
from papercli.sources.hub import HubClient
from papercli.sources.transport import Transport

FAST = 0.05  # arXiv's pacing interval in these tests (3 s for real)
PAYLOAD = json.dumps([{"paper": {"id": f"2611.{n:05d}", "title": "x" * 40}}
                      for n in range(40)]).encode()


@dataclass(frozen=True)
class Source:
    """One way to build a transport, and what its errors must look like."""

    key: str
    name: str  # the profile's display name
    path: str  # appended to the server's address: the endpoint, then the request's path
    request: str
    build: Callable[..., Transport]
    hub_errors: bool  # raises the Hub's error classes (HubError …)


def _hub(endpoint: str, cache: Path, **options: Any) -> Transport:
    return HubClient(endpoint, **options).transport


def _arxiv(endpoint: str, cache: Path, **options: Any) -> Transport:
    return ArxivClient(cache, api=endpoint, rss=endpoint, interval=FAST, **options).api


SOURCES = [
    Source("hub", "the Hub", "", "/api/daily_papers", _hub, True),
    Source("arxiv", "arXiv", "/api/query", "", _arxiv, False),
]


@pytest.fixture(params=SOURCES, ids=[s.key for s in SOURCES])
def source(request: pytest.FixtureRequest) -> Source:
    return request.param  # type: ignore[no-any-return]


class Sleeps:
    """A real sleep that remembers what it was asked for."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(seconds)


def make(source: Source, base: str, tmp_path: Path, **options: Any) -> Transport:
    options.setdefault("backoff", 0.01)
    return source.build(base + source.path, tmp_path / "cache", **options)


def failing(source: Source, call: Callable[[], object], kind: type[SourceError]) -> SourceError:
    """Run `call`, which must fail with `kind`, in the source's own error classes."""
    with pytest.raises(kind) as caught:
        call()
    err = caught.value
    assert isinstance(err, HubError) == source.hub_errors, type(err)
    assert err.hint and "Traceback" not in err.message
    return err


# -- the fault suite, for every source ---------------------------------------------------


def test_an_answer_comes_back_whole_with_papercli_named(source: Source, hub: HubServer,
                                                        tmp_path: Path) -> None:
    hub.fail("raw", body=PAYLOAD)
    transport = make(source, hub.url, tmp_path)
    assert transport.get_bytes(source.request, {"date": "2026-11-20"}) == PAYLOAD
    sent = hub.requests[-1]
    assert sent.headers["User-Agent"].startswith(f"papercli/{__version__} ")
    assert "gzip" in sent.headers["Accept-Encoding"]
    assert transport.requests_made == 1


@pytest.mark.parametrize("kind", ["trickle", "trickle_headers"])
def test_a_trickled_answer_ends_at_the_attempt_deadline(source: Source, hub: HubServer,
                                                        tmp_path: Path, kind: str) -> None:
    # A byte every 0.1 s: every read succeeds, so only the attempt's deadline ends it.
    hub.fail(kind, interval=0.1)
    transport = make(source, hub.url, tmp_path, timeout=0.5, retries=0)
    err = failing(source, lambda: transport.get_bytes(source.request), SourceUnreachable)
    assert isinstance(err, SourceUnreachable) and err.kind == "timeout"
    assert "timed out after 0.5s" in err.message


@pytest.mark.parametrize("encoding", ["gzip, gzip", "deflate, gzip", "gzip"])
def test_layered_compression_is_undone(source: Source, hub: HubServer, tmp_path: Path,
                                       encoding: str) -> None:
    hub.fail("raw", body=encode(PAYLOAD, encoding), headers={"Content-Encoding": encoding})
    transport = make(source, hub.url, tmp_path)
    assert transport.get_json(source.request) == json.loads(PAYLOAD)


@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip"])
def test_a_compression_bomb_is_refused_in_bounded_memory(source: Source, hub: HubServer,
                                                         tmp_path: Path, encoding: str) -> None:
    size = 256 * 2**20  # a few hundred bytes on the wire in two layers
    hub.fail("bomb", encoding=encoding, size=size)
    transport = make(source, hub.url, tmp_path, retries=0)
    transport.max_body = 2**20
    tracemalloc.start()
    try:
        err = failing(source, lambda: transport.get_bytes(source.request), SourceError)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.message.endswith("sent more than 1 MiB decoded")
    assert peak < 32 * 2**20, f"peak {peak / 2**20:.0f} MiB"  # expanding it costs 256
    assert hub.count() == 1  # a broken answer is not retried


def test_three_layers_of_compression_are_refused(source: Source, hub: HubServer,
                                                 tmp_path: Path) -> None:
    layers = "gzip, gzip, gzip"
    hub.fail("raw", body=encode(PAYLOAD, layers), headers={"Content-Encoding": layers})
    transport = make(source, hub.url, tmp_path)
    err = failing(source, lambda: transport.get_bytes(source.request), SourceError)
    assert "compressed 3 times over; refusing it" in err.message


def test_a_body_over_the_cap_is_refused_and_the_cap_is_per_request(
    source: Source, hub: HubServer, tmp_path: Path
) -> None:
    assert 2048 < len(PAYLOAD) < 2**20
    hub.fail("raw", body=PAYLOAD, times=2)
    transport = make(source, hub.url, tmp_path)
    err = failing(source, lambda: transport.get_bytes(source.request, max_body=2048),
                  SourceError)
    assert err.message.endswith("sent more than 2 KiB")
    assert transport.get_bytes(source.request) == PAYLOAD  # the transport's own cap
    hub.fail("endless")
    transport.max_body = 2**20
    err = failing(source, lambda: transport.get_bytes(source.request), SourceError)
    assert err.message.endswith("sent more than 1 MiB")


def test_a_retry_after_within_the_budget_is_honoured(source: Source, hub: HubServer,
                                                    tmp_path: Path) -> None:
    hub.fail("503", retry_after="1")
    hub.fail("raw", body=PAYLOAD)
    sleeps = Sleeps()
    transport = make(source, hub.url, tmp_path, budget=30.0, sleep=sleeps)
    assert transport.get_bytes(source.request) == PAYLOAD
    assert sleeps.waits[0] == 1.0
    assert hub.count() == 2


def test_a_spent_budget_fails_at_once_with_no_negative_time(source: Source, hub: HubServer,
                                                             tmp_path: Path) -> None:
    """A request made after its sync period's budget ran out went out with a negative
    socket timeout and read "timed out after -0.083s: this command's time budget ran
    out": now it is not sent, and the message says why without an absurd duration."""
    transport = make(source, hub.url, tmp_path, budget=30.0)
    with transport.budgeted(0.0):
        err = failing(source, lambda: transport.get_bytes(source.request), SourceUnreachable)
    assert isinstance(err, SourceUnreachable) and err.kind == "timeout"
    assert err.message.endswith(" was not asked: this command's time budget had run out")
    assert "timed out after" not in err.message and hub.count() == 0


def test_a_retry_after_beyond_the_budget_fails_at_once(source: Source, hub: HubServer,
                                                      tmp_path: Path) -> None:
    hub.fail("503", retry_after="1000000000", times=4)
    sleeps = Sleeps()
    transport = make(source, hub.url, tmp_path, budget=30.0, sleep=sleeps)
    err = failing(source, lambda: transport.get_bytes(source.request), SourceStatusError)
    assert isinstance(err, SourceStatusError) and err.status == 503
    assert "answered HTTP 503 and asks us to wait 32 years, more than the" in err.message
    assert "of this command's time budget" in err.message
    assert f"{source.name} may be down" in (err.hint or "")
    assert sleeps.waits == [] and hub.count() == 1  # no sleeping, no second try


@pytest.mark.parametrize("header", [("Retry-After", "1e309"), ("Retry-After", "inf"),
                                    ("RateLimit", '"api";r=0;t=nan'),
                                    ("RateLimit", '"api";r=0;t=inf')],
                         ids=["1e309", "inf", "reset-nan", "reset-inf"])
def test_a_wait_that_is_not_a_number_of_seconds_is_junk(
        source: Source, hub: HubServer, tmp_path: Path, header: tuple[str, str]) -> None:
    """A Retry-After of 1e309 ended "try again in inf years" (and a reset of nan was
    waited out as nan): neither is a number of seconds, so each is as if unsent."""
    hub.fail("429", headers=dict([header]))
    hub.fail("raw", body=PAYLOAD)
    sleeps = Sleeps()
    transport = make(source, hub.url, tmp_path, sleep=sleeps)
    assert transport.get_bytes(source.request) == PAYLOAD
    assert all(0 <= wait < 5 for wait in sleeps.waits), sleeps.waits
    assert hub.count() == 2


def test_an_absurd_retry_after_is_said_in_few_words(source: Source, hub: HubServer,
                                                    tmp_path: Path) -> None:
    """A Retry-After of 1e300 was said as 300 digits of years."""
    hub.fail("503", retry_after="1e300", times=4)
    transport = make(source, hub.url, tmp_path, budget=30.0, sleep=Sleeps())
    err = failing(source, lambda: transport.get_bytes(source.request), SourceStatusError)
    assert "asks us to wait over 1,000 years, more than the" in err.message, err.message


def test_a_rate_limit_reset_is_waited_out(source: Source, hub: HubServer,
                                          tmp_path: Path) -> None:
    hub.fail("429", headers={"RateLimit": '"api";r=0;t=1'})
    hub.fail("raw", body=PAYLOAD)
    sleeps = Sleeps()
    transport = make(source, hub.url, tmp_path, sleep=sleeps)
    assert transport.get_bytes(source.request) == PAYLOAD
    assert sleeps.waits[0] == 1.0 and hub.count() == 2
    # A success that says the allowance is spent: the next request waits, unasked.
    hub.fail("raw", body=PAYLOAD, headers={"RateLimit": '"api";r=0;t=1'})
    hub.fail("raw", body=PAYLOAD)
    transport.get_bytes(source.request)
    sleeps.waits.clear()
    transport.get_bytes(source.request)
    assert sleeps.waits and sum(sleeps.waits) > 0


def test_three_timeouts_in_a_row_mean_down(source: Source, tmp_path: Path) -> None:
    hole = BlackHole()
    try:
        transport = make(source, hole.url, tmp_path, timeout=0.3, retries=0, down_after=3)
        for _ in range(3):
            err = failing(source, lambda: transport.get_bytes(source.request),
                          SourceUnreachable)
            assert isinstance(err, SourceUnreachable) and err.kind == "timeout"
        err = failing(source, lambda: transport.get_bytes(source.request), SourceUnreachable)
        assert isinstance(err, SourceUnreachable) and err.kind == "down"
        assert err.message == f"{source.name} looks down (3 timeouts in a row, 0.3s each)"
        assert transport.requests_made == 3  # the fourth was never sent
    finally:
        hole.close()


def test_secrets_never_reach_an_error(source: Source, hub: HubServer, tmp_path: Path) -> None:
    password = f"pw-{source.key}-Zq81xV"
    base = hub.url.replace("http://", f"http://reader:{password}@")
    hub.fail("401")
    transport = make(source, base, tmp_path, retries=0)
    # The password is in the query, so in the URL every message quotes.
    err = failing(source, lambda: transport.get_bytes(source.request, {"q": password}),
                  SourceStatusError)
    assert hub.requests[-1].headers["Authorization"].startswith("Basic ")
    assert "refused access (HTTP 401)" in err.message and "***" in (err.url or "")
    for text in (err.message, err.hint or "", err.url or "", repr(transport),
                 transport.endpoint):
        assert password not in text and "reader:" not in text, text
    # No answer at all: the HTTP library's own words are redacted too.
    closed = make(source, f"http://reader:{password}@127.0.0.1:9", tmp_path, retries=0)
    err = failing(source, lambda: closed.get_bytes(source.request, {"q": password}),
                  SourceUnreachable)
    assert password not in err.message and password not in (err.url or "")


def test_a_token_header_is_redacted_like_the_hubs(hub: HubServer, tmp_path: Path) -> None:
    token = "tok-Hq7e2LmW9"  # not shaped like an hf_ token: only remembering hides it
    transport = Transport(hub.url, _hub(hub.url, tmp_path).profile,
                          headers={"Authorization": f"Bearer {token}"}, retries=0)
    hub.fail("403")
    err = failing(SOURCES[0], lambda: transport.get_bytes("/api/x", {"echo": token}),
                  SourceStatusError)
    assert hub.requests[-1].headers["Authorization"] == f"Bearer {token}"
    assert token not in err.message and token not in (err.url or "")


# -- arXiv on top: its own server, its error feed, its pacing ---------------------------


@pytest.fixture
def arxiv_server() -> Any:
    with ArxivServer() as server:
        yield server


def test_the_arxiv_client_reads_pages_and_announcements(arxiv_server: ArxivServer,
                                                        tmp_path: Path) -> None:
    papers = make_papers(7)
    arxiv_server.add(*papers)
    arxiv_server.announce(papers[0])
    client = ArxivClient(tmp_path, api=arxiv_server.api_url, rss=arxiv_server.rss_url,
                         interval=FAST, backoff=0.01)
    page = client.query({"search_query": "cat:cs.CL", "start": 0, "max_results": 5})
    assert page.total_results == 7 and len(page.entries) == 5
    feed = client.announcements(["cs.CL"])
    assert [e.id for e in feed.entries] == [papers[0].id]
    assert arxiv_server.requests[-1].path == "/rss/cs.CL"
    assert "atom+xml" in arxiv_server.requests[0].headers["Accept"]


def test_an_arxiv_error_feed_is_its_message(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    client = ArxivClient(tmp_path, api=arxiv_server.api_url, interval=FAST, backoff=0.01)
    with pytest.raises(ArxivError) as caught:
        client.query({"id_list": "not-an-id"})
    assert "incorrect id format for not-an-id" in caught.value.message
    assert arxiv_server.count() == 1  # a refusal is not retried


def test_a_503_from_arxiv_is_retried_after_its_wait(arxiv_server: ArxivServer,
                                                    tmp_path: Path) -> None:
    arxiv_server.add(*make_papers(2))
    arxiv_server.fail("status", status=503, retry_after="1")
    sleeps = Sleeps()
    client = ArxivClient(tmp_path, api=arxiv_server.api_url, interval=FAST, sleep=sleeps,
                         backoff=0.01)
    assert len(client.query({"search_query": "cat:cs.CL"}).entries) == 2
    assert sleeps.waits[0] == 1.0 and arxiv_server.count() == 2


def test_two_clients_on_one_cache_take_turns_an_interval_apart(arxiv_server: ArxivServer,
                                                               tmp_path: Path) -> None:
    interval = 0.2
    arxiv_server.add(*make_papers(3, day=datetime(2024, 1, 15, tzinfo=UTC)))
    failures: list[BaseException] = []

    def fetch() -> None:
        client = ArxivClient(tmp_path, api=arxiv_server.api_url, interval=interval)
        try:
            for _ in range(3):
                client.query({"search_query": "cat:cs.CL"})
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    log = sorted(arxiv_server.requests, key=lambda r: r.arrived)
    assert len(log) == 6 and arxiv_server.state.max_inflight == 1
    for before, after in itertools.pairwise(log):
        assert before.ended is not None
        # 1 ms allows for the timestamp file's rounding, not for timing
        assert after.arrived - before.ended >= interval - 1e-3


def test_a_silent_source_is_asked_twice_whatever_the_retries(source: Source,
                                                              tmp_path: Path) -> None:
    """Four attempts of `network.timeout` made 45 s of silence before a listing fell back
    to its cached copy; a second attempt still gets past one slow answer."""
    hole = BlackHole()
    try:
        transport = make(source, hole.url, tmp_path, timeout=0.3, retries=3)
        err = failing(source, lambda: transport.get_bytes(source.request), SourceUnreachable)
        assert isinstance(err, SourceUnreachable) and err.kind == "down"
        assert err.message == f"{source.name} looks down (2 timeouts in a row, 0.3s each)"
        assert transport.requests_made == 2
    finally:
        hole.close()
