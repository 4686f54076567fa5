"""`papers sync` against a Hub that misbehaves in one place while the rest answers."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hubserver import HubServer

SINCE = date(2026, 11, 1)
UNTIL = date(2026, 11, 20)  # Nov 1, Nov 2, W45, W46, Nov 17-20: eight periods


def test_one_request_timing_out_three_times_is_not_the_hub_down(
    papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One period's request that hangs, its retries timing out, said "the Hub looks down:
    3 timeouts in a row" and stopped the sync (under -j 1, every later period unasked):
    only timeouts of two requests or more are the Hub down, and its fourth attempt, which
    the Hub answers, stores the period."""
    hub.fill(SINCE, UNTIL, per_day=2)
    hub.fail("hang", hang=1, times=3)  # the first request's first three attempts
    monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
    result = papers("sync", "--since", SINCE.isoformat(), "--until", UNTIL.isoformat(),
                    "-j", "1", "--timeout", "0.5", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["fetched"] == summary["periods"] == 8
    assert summary["failed"] == summary["not_attempted"] == 0
    assert "looks down" not in result.stderr
