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


def test_an_empty_week_offline_says_there_is_no_listing(papers, hub: HubServer) -> None:
    """The cached empty days are no listing with papers: --offline still says to fetch."""
    assert papers("today").exit_code == 0
    offline = papers("today", "--offline")
    assert offline.exit_code == 1
    assert "no daily listing" in offline.stderr
