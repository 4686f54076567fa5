"""`papers for-you` over days the library has no papers of: the warning says which days
are missing and the exact `papers sync` that fetches them, in one 80-column line."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import TODAY, one_line
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
