"""Warnings built on a failure, "what failed; what was done instead" (a cached copy shown,
the local library searched alone), fit one 80-column line: the failure is said as it was
made, without the retries it took ("(gave up after 4 attempts)"), or in a few words ("the
Hub answered 429") when even that would not fit. They made 85 to 116 columns. The URL,
the retries and the OS's words are PAPERS_DEBUG's."""

from __future__ import annotations

from pathlib import Path

import pytest

from arxivserver import ArxivServer
from conftest import TODAY, Home, eprint_bib, write_config
from hubserver import HubServer, seed_items

DAY = TODAY.isoformat()

# (fault, attempts it fails, the failure as made, and in a few words)
FAULTS = [
    ("429", 4, "the Hub is rate limiting us (HTTP 429)", "the Hub answered 429"),
    ("500", 4, "the Hub answered HTTP 500", "the Hub answered 500"),
    ("html", 1, "the Hub sent HTML, not JSON (maintenance?)", "the Hub sent HTML"),
]
# (what was cached first, the command that fetches again, what the warning goes on to say)
COMMANDS = [
    (("day", DAY), ("day", DAY, "--refresh"), "showing the copy cached just now"),
    (("show", "2401.01055"), ("show", "2401.01055", "--refresh"), "showing the cached copy"),
    ((), ("search", "llava"), "searching the local library only"),
]


def _warning(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("papers: warning: ")]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize(("fault", "times", "failure", "briefly"), FAULTS,
                         ids=[f[0] for f in FAULTS])
@pytest.mark.parametrize(("first", "command", "then"), COMMANDS,
                         ids=[c[1][0] for c in COMMANDS])
def test_a_warning_built_on_a_failure_fits_80_columns(
    papers, seeded_hub: HubServer, monkeypatch: pytest.MonkeyPatch, fault: str, times: int,
    failure: str, briefly: str, first: tuple[str, ...], command: tuple[str, ...], then: str,
) -> None:
    if first:
        assert papers(*first).exit_code == 0
    seeded_hub.fail(fault, times=times)
    result = papers(*command)
    assert result.exit_code == 0, result.stderr
    line = _warning(result.stderr)
    said = failure if len(f"papers: warning: {failure}; {then}") <= 80 else briefly
    assert line == f"papers: warning: {said}; {then}", line
    assert len(line) <= 80, line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    seeded_hub.fail(fault, times=times)
    line = _warning(papers(*command).stderr)
    assert line.startswith(f"papers: warning: {failure}"), line
    assert f"{seeded_hub.url}/api/" in line, line
    assert ("(gave up after 4 attempts)" in line) == (times == 4), line


def test_a_refused_connection_is_said_briefly_with_the_host_under_debug(
    papers, seeded_hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"127.0.0.1:9 refused the connection; showing the copy cached just now": 85; then
    "the Hub did not answer", as if it had been silent: "refused", as `week` and the
    error line say it."""
    assert papers("day", DAY).exit_code == 0
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    result = papers("day", DAY, "--refresh")
    assert result.exit_code == 0, result.stderr
    assert _warning(result.stderr) == (
        "papers: warning: the Hub refused; showing the copy cached just now")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = _warning(papers("day", DAY, "--refresh").stderr)
    assert line.startswith("papers: warning: the Hub at 127.0.0.1:9 refused the connection "
                           "[http://"), line
    assert "Connection refused" in line, line


@pytest.mark.parametrize("command", [("today", "--refresh"), ("search", "visual")],
                         ids=" ".join)
def test_a_refused_hub_and_a_silent_one_are_told_apart(
    papers, seeded_hub: HubServer, monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
) -> None:
    """`today --refresh` and `search` said "the Hub did not answer" of a refused
    connection, which reads as a timeout, while `week` and the error line said
    "refused": refused now, and a Hub that never answers is still said to time out."""
    from test_hub_faults import Silent

    assert papers("today").exit_code == 0  # (a search not made before: asked of the Hub)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    refused = _warning(papers(*command).stderr)
    assert refused.startswith("papers: warning: the Hub refused; "), refused
    assert len(refused) <= 80, refused
    hole = Silent()
    try:
        monkeypatch.setenv("HF_ENDPOINT", hole.url)
        monkeypatch.setenv("PAPERS_TIMEOUT", "1")
        monkeypatch.setenv("PAPERS_RETRIES", "0")
        silent = _warning(papers(*command).stderr)
    finally:
        hole.close()
    assert silent.startswith("papers: warning: the Hub timed out"), silent
    assert "refused" not in silent and len(silent) <= 80, silent


def test_new_says_arxiv_left_out_in_one_line(
    papers, home: Home, seeded_hub: HubServer, arx: ArxivServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`papers new` with followed categories and arXiv failing: "arXiv is rate limiting us
    (HTTP 429) (gave up after 4 attempts); arXiv left out this time" made 105 columns, and
    said arXiv twice: what failed, then what is shown instead."""
    write_config(home, '[sources]\narxiv = ["cs.CL"]\n')
    papers("watch", "add", "llava", "--family", "LLaVA")
    arx.fail("status", status=429, path="/rss", times=4)
    result = papers("new", "--peek")
    assert result.exit_code == 0, result.stderr
    assert _warning(result.stderr) == (
        "papers: warning: arXiv is rate limiting us (HTTP 429); showing Hub papers only")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    arx.fail("status", status=429, path="/rss", times=4)
    line = _warning(papers("new", "--peek").stderr)
    assert "(gave up after 4 attempts)" in line and f"{arx.rss_url}" in line, line


def test_an_import_that_could_not_fetch_says_why_in_one_line(
    papers, seeded_hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A .bib import with the Hub answering 429: "could not fetch 1 paper (the Hub is
    rate limiting us (HTTP 429) (gave up after 4 attempts)); it was stored from the
    file's fields" made 123 columns (the summary above says it came from the file)."""
    ids = [item["paper"]["id"] for item in seed_items()[:2]]
    seeded_hub.fail("429", times=4)
    result = papers("import", str(eprint_bib(tmp_path / "one.bib", ids[:1])))
    assert result.exit_code == 0, result.stderr
    assert "1 from the file's fields" in result.stderr
    assert _warning(result.stderr) == (
        "papers: warning: could not fetch 1 paper: the Hub is rate limiting us (HTTP 429)")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    seeded_hub.fail("429", times=4)
    line = _warning(papers("import", str(eprint_bib(tmp_path / "two.bib", ids[1:]))).stderr)
    assert line.startswith("papers: warning: could not fetch 1 paper (the Hub is rate limiting "
                           f"us (HTTP 429) (gave up after 4 attempts) [{seeded_hub.url}/"), line
    assert line.endswith("); it was stored from the file's fields"), line
