"""A day by its weekday's name (`papers day friday`, `--since monday`), as `git log
--since=friday` takes it: the latest such day, today included; `last friday` the one
before today."""

from __future__ import annotations

from datetime import date

import pytest

from hubserver import HubServer, seed_items


def asked_days(hub: HubServer) -> list[str]:
    return [r.params["date"] for r in hub.requests
            if r.path == "/api/daily_papers" and "date" in r.params and r.params.get("p") == "0"]


@pytest.mark.parametrize(("now", "typed", "meant"), [
    ("2026-11-30T08:00:00Z", "friday", "2026-11-27"),       # a Monday: three days back
    ("2026-11-30T08:00:00Z", "FRI", "2026-11-27"),
    ("2026-11-30T08:00:00Z", "last friday", "2026-11-27"),
    ("2026-11-27T20:00:00Z", "friday", "2026-11-27"),       # a Friday: today
    ("2026-11-27T20:00:00Z", "last friday", "2026-11-20"),  # ... and the one before
    ("2026-11-25T12:00:00Z", "thurs", "2026-11-19"),        # a Wednesday: last week's
    ("2026-11-25T12:00:00Z", "tues", "2026-11-24"),
])
def test_day_takes_a_weekday(papers, hub: HubServer, monkeypatch, now: str, typed: str,
                             meant: str) -> None:
    monkeypatch.setenv("PAPERS_NOW", now)
    hub.set_day(date.fromisoformat(meant), seed_items()[:2])
    result = papers("day", typed, "--json")
    assert result.exit_code == 0, result.stderr
    assert asked_days(hub) == [meant]
    assert len(result.ids) == 2


def test_since_takes_a_weekday(papers, hub: HubServer, monkeypatch) -> None:
    """`--since monday` filters from this week's Monday (`search` here, offline)."""
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T12:00:00Z")  # a Wednesday
    hub.set_day(date(2026, 11, 25), seed_items()[:2])
    assert papers("today").exit_code == 0
    result = papers("search", "--offline", "--since", "monday", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert "2026-11-23" in result.stdout + result.stderr  # (this week's Monday)


def test_a_weekday_split_by_the_shell_says_to_quote_it(papers) -> None:
    result = papers("day", "last", "friday")
    assert result.exit_code == 2
    assert "quote it: papers day 'last friday'" in result.stderr, result.stderr


@pytest.mark.parametrize("typed", ["fridays", "frid", "next friday", "last may"])
def test_words_like_a_weekday_stay_errors(papers, typed: str) -> None:
    result = papers("day", typed)
    assert result.exit_code == 2, result.stdout
    assert "invalid day" in result.stderr or "is no day" in result.stderr, result.stderr


def test_a_weekday_in_today_points_to_day(papers) -> None:
    result = papers("today", "friday")
    assert result.exit_code == 2
    assert "papers day friday lists that day" in result.stderr, result.stderr
