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


def test_a_retry_under_the_bar_names_the_period_it_is_for(hub: HubServer) -> None:
    """The bar names the period last done; the retry note under it ("Hub answered 500;
    retrying in 1 s, 1 of 3") named none, and read as that period's. It says its own."""
    from conftest import installed_papers, lines_under, screen_lines, stderr_on_terminal

    hub.fill(date(2026, 11, 16), date(2026, 11, 25), per_day=2)
    hub.fail("503", retry_after="1")  # the first request: W47's, under -j 1
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-11-16",
                                        "-j", "1"])
    assert code == 0, text
    below = lines_under(text, "syncing")
    assert any(line.startswith("Hub answered 503 for 2026-W47; retrying in ")
               for line in below), sorted(set(below))
    assert len(screen_lines(text)) == 1  # (erased with the bar)
