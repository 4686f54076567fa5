"""Listings as a daily habit: the lines an empty or partly known listing says."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import one_line
from hubserver import HubServer, seed_items


def test_a_month_of_a_few_empty_cached_days_does_not_say_nothing_was_listed(
        papers, hub: HubServer) -> None:
    """Offline, a month put together from the few days of it the library has, each
    empty (a holiday week synced), said "nothing was listed in 2026-10", of a month the
    library knew two days of: it says that those days had none, and what to do."""
    for day in ("2026-10-05", "2026-10-06"):  # a Monday and Tuesday with nothing listed
        hub.set_day(date.fromisoformat(day), [])
        assert papers("day", day).exit_code == 0
    month = papers("month", "2026-10", "--offline")
    assert month.exit_code == 0, month.stderr
    assert one_line(month.stderr) == (
        "papers: no papers in the 2 cached days of 31 in 2026-10 (run without --offline)")
    week = papers("week", "2026-W41", "--offline", "--json")
    assert week.stdout.strip() == "[]"
    assert one_line(week.stderr) == (
        "papers: no papers in the 2 cached days of 7 in 2026-W41 (run without --offline)")
    hub.fail("503", times=50)  # with the Hub down its warning says why: no --offline hint
    down = papers("week", "2026-W41")
    assert down.exit_code == 0, down.stderr
    assert "papers: no papers in the 2 cached days of 7 in 2026-W41\n" in down.stderr
    assert "showing the 2 cached days of 7" in down.stderr


def test_a_month_whose_every_day_is_cached_and_empty_says_nothing_was_listed(
        papers, hub: HubServer) -> None:
    """Every day of a week cached and empty: then nothing was listed in it, as before."""
    for n in range(5, 12):
        day = date(2026, 10, n)
        hub.set_day(day, [])
        assert papers("day", day.isoformat()).exit_code == 0
    week = papers("week", "2026-W41", "--offline")
    assert week.exit_code == 0, week.stderr
    assert one_line(week.stderr) == "papers: nothing was listed in 2026-W41"


@pytest.mark.parametrize(("said", "name"), [
    ("this friday", "friday"), ("next wednesday", "wednesday"), ("friday last", "friday"),
    ("last-fri", "friday")])
def test_a_weekday_said_another_way_names_the_ways_it_is_taken(papers, said: str,
                                                               name: str) -> None:
    """`papers day 'this friday'` said "use YYYY-MM-DD or today", which named neither of
    the weekday's forms the command takes: it names them."""
    done = papers("day", said)
    assert done.exit_code == 2
    assert one_line(done.stderr) == (
        f"papers: error: invalid day '{said}' — use {name} or 'last {name}'")
    since = papers("today", "--since", said, "--offline")
    assert since.exit_code == 2
    assert one_line(since.stderr) == (
        f"papers: error: --since '{said}' — use {name} or 'last {name}'")


def test_a_word_naming_no_one_weekday_keeps_the_forms_a_date_takes(papers) -> None:
    """Two weekdays, or none, name no one day to suggest: the forms a date takes, as
    before."""
    for said in ("monday friday", "someday"):
        done = papers("day", said)
        assert done.exit_code == 2 and "use YYYY-MM-DD" in done.stderr, done.stderr


def test_today_by_its_weekday_with_nothing_yet_names_the_one_before(
        papers, hub: HubServer) -> None:
    """`papers day wednesday` on a Wednesday morning is today, with nothing listed yet:
    it named `papers today` (which shows Tuesday's) in a line of 93 columns; it names the
    Wednesday before, within 80. `papers day today` names `papers today`, within 80."""
    for said in ("wednesday", "wed", " Wednesday "):
        done = papers("day", said)
        assert done.exit_code == 0 and done.stdout == ""
        assert one_line(done.stderr) == (
            "papers: nothing listed yet for 2026-11-25 (try papers day 'last wednesday')")
    for said in ("today", "2026-11-25", "0d"):
        done = papers("day", said)
        line = one_line(done.stderr)
        assert line == ("papers: nothing listed yet for 2026-11-25 (papers today shows the "
                        "latest day)"), line
        assert len(line) <= 80


def test_an_uncached_weekend_day_offline_names_its_friday_as_it_can_be_read(
        papers, hub: HubServer) -> None:
    """Offline, a Sunday not in the library named `papers day FRIDAY --offline` though the
    Friday was not cached either: that was the same error again. It says --offline only
    when the Friday is in the library."""
    hub.set_day(date(2026, 10, 2), seed_items()[:2])  # a Friday
    bare = papers("day", "2026-10-04", "--offline")
    assert bare.exit_code == 1
    assert one_line(bare.stderr) == (
        "papers: error: no listing on Sundays — try papers day 2026-10-02")
    assert papers("day", "2026-10-02").exit_code == 0
    cached = papers("day", "2026-10-04", "--offline")
    assert cached.exit_code == 1
    assert one_line(cached.stderr) == (
        "papers: error: no listing on Sundays — try papers day 2026-10-02 --offline")
    assert papers("day", "2026-10-02", "--offline").exit_code == 0
