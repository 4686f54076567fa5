"""`papers sync --arxiv`'s last line when arXiv fails: what failed and how to resume, in
80 columns where the words allow. It made 178 to 234 ("sync stopped: 2024-01-01 to
2024-01-07: arXiv is rate limiting us (HTTP 429) (gave up after 4 attempts) — arXiv asks
for one request every 3 seconds; wait a minute and run the same command again to fetch
what is missing"); PAPERS_DEBUG says it whole. Its short way to resume is "rerun it", not
"sync again": a plain `papers sync` fetches from the Hub."""

from __future__ import annotations

import socket

import pytest

from arxivserver import ArxivServer

WEEK = ("sync", "--arxiv", "cs.CL", "--since", "2024-01-01", "--until", "2024-01-07")


@pytest.mark.parametrize(("status", "line", "whole"), [
    (503, "sync stopped: arXiv answered HTTP 503 — rerun it later",
     "sync stopped: 2024-01-01 to 2024-01-07: arXiv answered HTTP 503 (gave up after 4 "
     "attempts) — arXiv may be down; run the same command later to fetch what is missing"),
    (429, "arXiv is rate limiting us (HTTP 429) — rerun it later",
     "sync stopped: 2024-01-01 to 2024-01-07: arXiv is rate limiting us (HTTP 429) (gave up "
     "after 4 attempts) — arXiv asks for one request every 3 seconds; wait a minute and run "
     "the same command again to fetch what is missing"),
], ids=["503", "429"])
def test_a_failed_arxiv_sync_ends_in_one_line(
    papers, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch, status: int, line: str,
    whole: str,
) -> None:
    arx.fail("status", status=status, times=4, path="/api")
    result = papers(*WEEK)
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error == f"papers: error: {line}", error
    assert len(error) <= 80, error
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    arx.fail("status", status=status, times=4, path="/api")
    error = papers(*WEEK).stderr.strip().splitlines()[-1]
    assert error == f"papers: error: {whole}", error


def test_an_arxiv_out_of_reach_is_said_as_any_command_says_it(
    papers, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        monkeypatch.setenv("ARXIV_API_ENDPOINT", f"http://127.0.0.1:{port}/api/query")
    result = papers(*WEEK)
    assert result.exit_code == 1
    # (with the host, or "; then rerun it", over 80 columns: PAPERS_DEBUG says the host)
    assert result.stderr.strip().splitlines()[-1] == (
        "papers: error: arXiv refused the connection — check ARXIV_API_ENDPOINT")


@pytest.mark.parametrize(("kind", "said", "whole"), [
    ("malformed", "arXiv's API answer is malformed", "is not well-formed XML (mismatched tag"),
    ("truncated", "arXiv's API answer was cut off", "was cut off: its XML stops part-way ("),
])
def test_an_answer_cut_off_every_time_ends_in_one_line(
    papers, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch, kind: str, said: str,
    whole: str,
) -> None:
    """An answer that is not whole XML, asked for again and again: 260 columns for the
    sync ("… (mismatched tag at line 1, column 82); it may have been cut off (asked 4
    times) — nothing was stored before it; …"), 174 for `arxiv --date`. The parser's
    place in the answer is PAPERS_DEBUG's. One cut off is told from one malformed."""
    for argv, line in ((WEEK, f"sync stopped: {said} — rerun it later"),
                       (("arxiv", "cs.CL", "--date", "2024-01-02"),
                        f"{said} — try again later")):
        arx.fail(kind, times=8, path="/api")
        result = papers(*argv)
        assert result.exit_code == 1 and result.stdout == ""
        error = result.stderr.strip().splitlines()[-1]
        assert error == f"papers: error: {line}", error
        monkeypatch.setenv("PAPERS_DEBUG", "1")
        arx.fail(kind, times=8, path="/api")
        told = papers(*argv).stderr.strip().splitlines()[-1]
        assert whole in told and "(asked 4 times)" in told, told
        monkeypatch.delenv("PAPERS_DEBUG")


@pytest.mark.parametrize("args", [WEEK, ("arxiv", "cs.CL", "--date", "2024-01-02")])
def test_an_api_endpoint_that_is_a_404_says_to_check_it(
    papers, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
) -> None:
    """ARXIV_API_ENDPOINT a path off: "sync stopped: arXiv's API was not found (HTTP 404)
    — rerun it", and `arxiv --date` the whole query URL (260 columns): a rerun meets the
    same 404."""
    monkeypatch.setenv("ARXIV_API_ENDPOINT", f"{arx.url}/nope")
    result = papers(*args)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "papers: error: arXiv answered HTTP 404 (not found) — check ARXIV_API_ENDPOINT")


def test_pages_that_stay_short_end_in_one_line(
    papers, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Short pages asked for again and again: "sync stopped: arXiv kept answering a short
    page (0 of 5 results at 0 of 5) — rerun it in a few minutes" (94 columns); the
    counts are PAPERS_DEBUG's."""
    from datetime import UTC, datetime

    from arxivserver import make_papers

    arx.add(*make_papers(5, "cs.CL", datetime(2024, 1, 2, 9, tzinfo=UTC)))
    arx.fail("short", count=0, times=8, path="/api")
    result = papers(*WEEK)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "papers: error: sync stopped: arXiv kept answering a short page — rerun it later")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    arx.fail("short", count=0, times=8, path="/api")
    whole = papers(*WEEK).stderr.strip().splitlines()[-1]
    assert "a short page (0 of 5 results at 0 of 5)" in whole, whole
