"""`papers today` when the Hub has nothing recent (a holiday week): its empty answers are
cached like full ones, with the same freshness, against the loopback Hub."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from conftest import TODAY
from hubserver import HubServer, item_for_day, seed_items


def asked_days(hub: HubServer) -> list[str]:
    return sorted(str(r.params.get("date")) for r in hub.requests
                  if r.path == "/api/daily_papers")


def test_an_empty_week_is_not_asked_for_again_while_fresh(
        papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run asked the Hub for the 7 empty days before today again (8 requests a run);
    their empty answers are now cached: today's for cache.today_ttl (10 minutes), the
    earlier days' for cache.recent_ttl (6 hours), as a full day's would be."""
    week = [(TODAY - timedelta(days=n)).isoformat() for n in range(8)]
    first = papers("today", "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout) == []
    assert asked_days(hub) == sorted(week)

    hub.reset_log()
    again = papers("today", "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout) == [] and asked_days(hub) == []

    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T12:11:00Z")  # today's copy is stale
    papers("today", "--json")
    assert asked_days(hub) == [TODAY.isoformat()]

    # Papers listed meanwhile on an earlier day are found once its copy is stale.
    back = TODAY - timedelta(days=3)
    hub.set_day(back, [item_for_day(seed_items()[0], back)])
    hub.reset_log()
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T18:01:00Z")
    later = papers("today", "--json")
    assert later.exit_code == 0, later.stderr
    assert [p["id"] for p in json.loads(later.stdout)] == [seed_items()[0]["paper"]["id"]]
    assert sorted(set(asked_days(hub))) == sorted(week[:4])  # (the full day: two pages)


def test_an_empty_week_offline_says_which_days_are_empty(papers, hub: HubServer) -> None:
    """The cached empty days are no listing with papers, and fetching them again would find
    them empty again: --offline names the days it has and how to reach earlier ones ("no
    daily listing — run without --offline" after a sync read as if the sync had been lost,
    and online only said "none listed yet" again)."""
    online = papers("today")
    assert online.exit_code == 0
    assert online.stderr == ("papers: nothing listed in the last 8 days (papers sync --since "
                             "DATE fetches earlier ones)\n")
    offline = papers("today", "--offline")
    assert offline.exit_code == 1 and offline.stdout == ""
    line = offline.stderr.strip()
    assert len(line.splitlines()) == 1
    start = (TODAY - timedelta(days=7)).isoformat()
    assert line == (f"papers: error: the cached days ({start} to {TODAY}) have no papers — "
                    "papers sync --since DATE fetches earlier ones")


def test_an_empty_library_offline_says_to_go_online(papers, hub: HubServer) -> None:
    result = papers("today", "--offline")
    assert result.exit_code == 1
    assert "no daily listing in the local library — run without --offline" in result.stderr
    assert hub.count() == 0


def test_a_fortnight_with_nothing_is_not_called_a_weekend(
        papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a Saturday with nothing listed for two weeks, the title said "nothing listed on
    weekends": it names the days the Hub had nothing for (or, offline, since when the
    library has nothing) instead."""
    old = TODAY - timedelta(days=1)  # a Tuesday
    hub.set_day(old, [item_for_day(seed_items()[0], old)])
    assert papers("day", old.isoformat()).exit_code == 0
    saturday = TODAY + timedelta(days=10)
    assert saturday.weekday() == 5
    monkeypatch.setenv("PAPERS_NOW", f"{saturday.isoformat()}T08:00:00Z")
    online = papers("today").stdout.splitlines()[0]
    start = (saturday - timedelta(days=7)).isoformat()
    assert online == (f"Daily Papers — {old} (latest cached; none listed {start} to "
                      f"{saturday})")
    offline = papers("today", "--offline").stdout.splitlines()[0]
    assert offline == f"Daily Papers — {old} (latest cached; no papers cached after {old})"


def test_weekdays_with_nothing_say_since_when(papers, hub: HubServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A Thursday's `papers today` that finds the Monday: "nothing yet for Thursday" hid
    that Tuesday and Wednesday had nothing either."""
    monday = TODAY - timedelta(days=2)
    assert monday.weekday() == 0
    hub.set_day(monday, [item_for_day(seed_items()[0], monday)])
    thursday = TODAY + timedelta(days=1)
    monkeypatch.setenv("PAPERS_NOW", f"{thursday.isoformat()}T08:00:00Z")
    title = papers("today").stdout.splitlines()[0]
    assert title == f"Daily Papers — {monday} (latest; nothing listed after {monday})"
