"""`papers sync` lines a user reads after it: the summary of `sync --arxiv` over many
categories, and where a plain `papers sync` says the library's whole days begin."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers
from hubserver import HubServer
from papercli.terminal import cell_width

CATEGORIES = ["cs.CL", "cs.CV", "cs.LG", "hep-th", "math.OC", "stat.ML"]
RANGE = ("--since", "2024-01-01", "--until", "2024-01-07")


def week_of_papers(server: ArxivServer) -> None:
    """A paper in each category every day of the first week of 2024."""
    for d in range(7):
        day = datetime(2024, 1, 1, 9, tzinfo=UTC) + timedelta(days=d)
        server.add(*(Paper(f"2401.{d * 100 + i:05d}", f"Paper {i} of day {d}", [c], day)
                     for i, c in enumerate(CATEGORIES)))


def test_many_arxiv_categories_are_counted_where_naming_them_would_not_fit(
        papers: Papers, arx: ArxivServer) -> None:
    """Six categories named made the summary's first clause 109 columns piped ("synced
    arXiv cs.CL, cs.CV, cs.LG, hep-th, math.OC, stat.ML, 2024-01-01 to 2024-01-07: 42
    papers added"), a clause no break fits in 80; a rerun's "nothing to fetch" 85."""
    week_of_papers(arx)
    first = papers("sync", "--arxiv", ",".join(CATEGORIES), *RANGE)
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith(
        "papers: synced 6 arXiv categories, 2024-01-01 to 2024-01-07: 42 papers added\n"
        "papers: 1 request in "), first.stderr
    again = papers("sync", "--arxiv", ",".join(CATEGORIES), *RANGE)
    assert again.exit_code == 0, again.stderr
    assert again.stderr == ("papers: nothing to fetch: 6 arXiv categories stored, "
                            "2024-01-01 to 2024-01-07\n")
    for line in first.stderr.splitlines() + again.stderr.splitlines():
        assert cell_width(line) <= 80, line


def test_arxiv_categories_that_fit_are_still_named(papers: Papers, arx: ArxivServer) -> None:
    week_of_papers(arx)
    result = papers("sync", "--arxiv", "cs.CL", "--arxiv", "cs.CV", *RANGE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "papers: synced arXiv cs.CL, cs.CV, 2024-01-01 to 2024-01-07: 14 papers added\n")


def test_a_stopped_sync_of_many_categories_says_its_clauses_in_80_columns(
        papers: Papers, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
    week_of_papers(arx)
    arx.fail("status", status=500, times=8, path="/api")
    result = papers("sync", "--arxiv", ",".join(CATEGORIES), *RANGE)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "papers: sync of 6 arXiv categories, 2024-01-01 to 2024-01-07 stopped\n"
        "papers: 0 of 7 days done; "), result.stderr
    for line in result.stderr.splitlines():
        assert cell_width(line) <= 80, line


def test_a_catch_up_after_a_failed_first_sync_says_where_the_whole_days_begin(
        papers: Papers, hub: HubServer, home: Home) -> None:
    """The first sync (the last 30 days) failed at once and left no library; `sync
    --since` a later day then did. A plain `papers sync` said "the library is complete
    through 2026-11-24", not a word of the days before --since, which no sync fetched."""
    hub.fill(date(2026, 10, 1), date(2026, 11, 25))
    hub.fail("500", times=200)
    failed = papers("sync")
    assert failed.exit_code == 1
    assert not home.library.exists()
    hub.state.faults.clear()
    assert papers("sync", "--since", "2026-11-16").exit_code == 0
    result = papers("sync")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[:2] == [  # (a clause to a line, piped)
        "papers: the library is complete from 2026-11-16 through 2026-11-24",
        "papers: syncing from 2026-11-25"]


def test_a_library_a_first_catch_up_filled_is_said_complete_through_its_last_day(
        papers: Papers, hub: HubServer) -> None:
    """Complete days as far back as a first sync goes: its first day is no news."""
    hub.fill(date(2026, 10, 1), date(2026, 11, 25))
    assert papers("sync").exit_code == 0
    result = papers("sync")
    assert result.stderr.splitlines()[0] == (
        "papers: the library is complete through 2026-11-24: syncing from 2026-11-25")


@pytest.mark.parametrize(("argv", "said"), [
    (("--since", ""), "--since ''"), (("--since", "  "), "--since ' '"),
    (("--until", ""), "--until ''"), (("--since", "2026-11-20", "--until", ""), "--until ''"),
    (("--arxiv", "cs.CL", "--since", ""), "--since ''")])
def test_a_date_option_that_holds_no_date_is_refused_not_dropped(
        papers: Papers, hub: HubServer, home: Home, argv: tuple[str, ...], said: str) -> None:
    """`papers sync --since "$START"` with the variable unset was a catch-up of the last
    30 days without a word (`--until ""`: to today), where a search's `--since ''` is
    refused."""
    hub.fill(date(2026, 11, 1), date(2026, 11, 25))
    result = papers("sync", *argv)
    assert result.exit_code == 2, result.stderr
    option = said.split()[0]
    assert result.stderr == (f"papers: error: {said} holds no DATE — give one, or leave "
                             f"{option} out\n")
    assert hub.count() == 0 and not home.library.exists()
