"""`papers for-you` over days the library has no papers of: the warning says which days
are missing and the exact `papers sync` that fetches them, in one 80-column line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import TODAY, one_line
from hubserver import HubServer
from papercli.terminal import cell_width
from test_ranking import ITEMS, ids_of, import_topics, star


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    library = import_topics(papers, tmp_path)
    star(library, *ids_of("robot", recent=False)[:4])
    return library


def _warning(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("papers: warning: ")]
    assert len(lines) == 1, stderr
    assert cell_width(lines[0]) <= 80, lines[0]
    return lines[0]


def test_days_up_to_today_the_library_lacks_are_named_with_the_sync(
        lib, monkeypatch: pytest.MonkeyPatch) -> None:
    later = TODAY + timedelta(days=40)
    monkeypatch.setenv("PAPERS_NOW", f"{later.isoformat()}T12:00:00Z")
    start = later - timedelta(days=10)
    done = lib("for-you", "--since", "10d")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert _warning(done.stderr) == (
        f"papers: warning: no papers since {start}: papers sync --since {start}")


def test_past_days_the_library_lacks_are_said_missing_with_the_sync(lib) -> None:
    start, end = TODAY - timedelta(days=30), TODAY - timedelta(days=20)
    done = lib("for-you", "--since", start.isoformat(), "--until", end.isoformat(), "--json")
    assert (done.exit_code, done.json) == (0, []), done.stderr
    assert _warning(done.stderr) == (
        f"papers: warning: days missing: papers sync --since {start} --until {end}")


@pytest.mark.parametrize("since,until,said", [
    ("2022-01-01", "2023-06-30", "days missing: papers sync --since 2023-05-04 --until "
                                 "2023-06-30"),
    ("2000-01", "2023-05-04", "days missing: papers sync --since 2023-05-04 --until "
                              "2023-05-04"),
    ("2022-01-01", "2022-12-31", "no papers: Daily Papers began on 2023-05-04, after "
                                 "2022-12-31"),
])
def test_the_sync_named_for_missing_days_starts_no_earlier_than_daily_papers(
        lib, since: str, until: str, said: str) -> None:
    """`for-you --since 2022-01-01 --until 2023-06-30` said "days missing: papers sync
    --since 2022-01-01 --until 2023-06-30", days before Daily Papers began (2023-05-04),
    which a sync skips, and for a window that ends before then, a sync it refuses: the
    range named starts on the first day, and a window before it says so instead."""
    done = lib("for-you", "--since", since, "--until", until)
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert _warning(done.stderr) == f"papers: warning: {said}"


def test_a_library_a_month_behind_ranks_its_last_week_and_says_so_in_80_columns(
        lib, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_NOW", f"{(TODAY + timedelta(days=30)).isoformat()}T12:00:00Z")
    done = lib("for-you", "--json", "-n", "6")
    assert done.exit_code == 0, done.stderr
    assert set(done.ids) == set(ids_of("robot", recent=True))
    assert _warning(done.stderr) == (
        f"papers: warning: none after {TODAY}: ranking the 7 days to it (papers sync)")


@pytest.mark.parametrize("args", [
    ("-k", "nosuchwordanywhere"),
    ("-k", "nosuchwordanywhere", "--author", "Someone Withaverylongname", "-F", "Qwen"),
    ("--since", TODAY.isoformat()),
], ids=["keyword", "filters", "marks"])
def test_why_a_window_of_papers_ranks_none_fits_80_columns(
        lib, args: tuple[str, ...]) -> None:
    for pid in [ids_of(t, recent=True)[0] for t in ("speech", "protein", "finance", "robot")]:
        assert lib("hide", "--offline", pid).exit_code == 0  # today's four
    done = lib("for-you", *args)
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    line = one_line(done.stderr)
    assert cell_width(line) <= 80, line
    assert ("starred, read, tagged or hid" in line) == (args[0] == "--since"), line


def test_a_window_of_nothing_but_the_liked_paper_says_so(papers, tmp_path: Path) -> None:
    """`for-you --like ID` over days whose only paper is ID said "you starred, read,
    tagged or hid the one paper": it was given to --like, which leaves it out too."""
    only = ITEMS["robot"][0]  # today's one paper; older ones give the library its words
    src = tmp_path / "one-today.json"
    src.write_text(json.dumps([only, *ITEMS["speech"][6:]]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    done = papers("for-you", "--like", only["paper"]["id"], "--since", TODAY.isoformat())
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    line = one_line(done.stderr)
    assert line == ("papers: nothing to rank but the --like paper; try an earlier --since")
    assert cell_width(line) <= 80, line


def test_a_window_of_liked_and_marked_papers_names_the_like_too(lib) -> None:
    """Today's papers, one given to --like and the others hidden: "liked" among what
    for-you leaves out, where it said only "starred, read, tagged or hid"."""
    today = [ids_of(t, recent=True)[0] for t in ("speech", "protein", "finance", "robot")]
    assert lib("hide", "--offline", *today[:3]).exit_code == 0
    done = lib("for-you", "--like", today[3], "--since", TODAY.isoformat())
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    line = one_line(done.stderr)
    assert "liked, starred, read, tagged or" in line and cell_width(line) <= 80, line


# A Monday morning after a week of papers: the weekend was fetched whole and listed none.
MONDAY = date(2026, 11, 30)
THANKSGIVING = date(2026, 11, 26)  # a Thursday Daily Papers listed nothing on


@pytest.fixture
def weekend_synced(papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The week before MONDAY synced at 07:00 on it: papers Monday to Friday but on
    THANKSGIVING, none on the weekend nor yet on MONDAY."""
    hub.fill(MONDAY - timedelta(days=7), MONDAY - timedelta(days=3))
    hub.set_day(THANKSGIVING, [])
    monkeypatch.setenv("PAPERS_NOW", f"{MONDAY}T07:00:00Z")
    done = papers("sync", "--since", str(MONDAY - timedelta(days=7)))
    assert done.exit_code == 0, done.stderr
    return papers


def _said(stderr: str) -> list[str]:
    """The lines for-you said, but the ones on why it is not ranked (no stars here)."""
    lines = [line for line in stderr.splitlines()
             if "relevance" not in line and "upvoted" not in line]
    assert all(cell_width(line) <= 80 for line in lines), lines
    return lines


@pytest.mark.parametrize("since,until,said", [
    ("2026-11-28", "2026-11-29", "nothing is listed on weekends; the latest listed day is "
                                 "2026-11-27"),
    ("yesterday", None, "nothing on Sundays, nor yet today; the latest listed day is "
                        "2026-11-27"),
    ("today", None, "nothing listed yet for 2026-11-30; the latest listed day is 2026-11-27"),
    ("2026-11-26", "2026-11-26", "nothing was listed on 2026-11-26; the latest listed day "
                                 "is 2026-11-25"),
])
def test_days_fetched_that_listed_nothing_are_said_so_not_sent_to_sync(
        weekend_synced, since: str, until: str | None, said: str) -> None:
    """`for-you --since 2026-08-22 --until 2026-08-23` (a weekend) after a sync said "days
    missing: papers sync --since 2026-08-22 --until 2026-08-23", and that sync "nothing
    to fetch: … already complete"; on a Monday morning `--since yesterday` said "no papers
    since …: papers sync …" too. Days fetched whole (and today's, fetched) are not
    missing: it says what they are, as `papers day` does, and the latest listed day."""
    done = weekend_synced("for-you", "--since", since, *(["--until", until] if until else []))
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert _said(done.stderr) == [f"papers: {said}"]
    again = weekend_synced("sync", "--since", "2026-11-28", "--until", "2026-11-29")
    assert "nothing to fetch" in again.stderr, again.stderr  # what the old line led to


def test_only_the_days_never_fetched_are_named_with_the_sync(
        weekend_synced, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two days later, the weekend (complete) is not in the sync named: Monday's listing,
    fetched before Monday was over, and the days never fetched since are."""
    monkeypatch.setenv("PAPERS_NOW", f"{MONDAY + timedelta(days=2)}T07:00:00Z")
    done = weekend_synced("for-you", "--since", "2026-11-28", "--json")
    assert (done.exit_code, done.json) == (0, []), done.stderr
    assert _said(done.stderr) == [
        f"papers: warning: no papers since {MONDAY}: papers sync --since {MONDAY}"]
