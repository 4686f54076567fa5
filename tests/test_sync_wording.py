"""Sync and import lines that said less than the run did, or more than fits.

A sync after a failed `sync --refresh` said "a sync from D did not finish: syncing from
D", which read as the refresh resumed, though it skips the periods already complete."""

from __future__ import annotations

import json

from conftest import TODAY
from hubserver import HubServer


def _asked(hub: HubServer) -> list[str]:
    """The period each first page of a daily_papers request asked for, in order."""
    return [next(r.params[k] for k in ("month", "week", "date") if k in r.params)
            for r in hub.requests
            if r.path == "/api/daily_papers" and r.params.get("p", "0") == "0"]


def test_a_sync_after_a_failed_refresh_says_it_skips_what_is_complete(
        papers, hub: HubServer) -> None:
    hub.fill(TODAY.replace(day=1), TODAY, per_day=2)
    since = TODAY.replace(day=1).isoformat()
    assert papers("sync", "--since", since).exit_code == 0  # every past period complete
    hub.fail("500", times=4)  # the first period fetched again fails; the others are
    failed = papers("sync", "--since", since, "--refresh", "-j", "1", "--json")
    assert failed.exit_code == 1, failed.stderr
    assert len(json.loads(failed.stdout)["failures"]) == 1
    hub.reset_log()
    again = papers("sync")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines()[:2] == [  # (piped: a clause to a line, in 80)
        f"papers: a sync from {since} did not finish",
        f"papers: syncing from {since}, skipping periods already complete"]
    assert _asked(hub) == [TODAY.isoformat()]  # (no refresh: today alone is not complete)
