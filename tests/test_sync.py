"""`papers sync`: planning, pagination, resume, failures, concurrency, progress, Ctrl-C."""

from __future__ import annotations

import json
import signal
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import (
    TODAY,
    Home,
    installed_papers,
    interrupt_when,
    one_line,
    run_process,
    screen_lines,
    screens,
    shell_status,
    stderr_on_terminal,
)
from hubserver import HubServer, Request, item_for_day, seed_items

SINCE = date(2026, 9, 1)  # 2026-11-25 is a Wednesday: Sep, Oct, Nov 1, W45-W47, Nov 23-25
PLAN = [
    ("month", "2026-09"), ("month", "2026-10"), ("date", "2026-11-01"), ("week", "2026-W45"),
    ("week", "2026-W46"), ("week", "2026-W47"), ("date", "2026-11-23"),
    ("date", "2026-11-24"), ("date", "2026-11-25"),
]


@pytest.fixture
def stocked(hub: HubServer) -> dict[str, list[str]]:
    """Five papers a day from SINCE to today: 430 papers, Sep and Oct take two pages."""
    return hub.fill(SINCE, TODAY, per_day=5)


def info(papers) -> dict:  # type: ignore[no-untyped-def]
    result = papers("cache", "info", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def entries(papers) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {e["key"]: e["count"] for e in info(papers)["entries"]}


def asked(hub: HubServer, *, probes: bool = False) -> list[tuple[str, str, str]]:
    """(kind, value, page) of every daily_papers request, in order. Paging asks until a
    page comes back empty (a short page may be the Hub's cap); those empty-page probes are
    left out unless `probes`."""
    out = []
    for r in hub.requests:
        if r.path == "/api/daily_papers":
            kind = next(k for k in ("month", "week", "date") if k in r.params)
            page = int(r.params.get("p", "0"))
            if not probes and page and page * int(r.params["limit"]) >= _stocked(hub, r):
                continue
            out.append((kind, r.params[kind], str(page)))
    return out


def _stocked(hub: HubServer, request: Request) -> int:
    """How many items the hub holds for the period a request asks for."""
    params = request.params
    if "date" in params:
        return len(hub.state.days.get(params["date"], []))
    if "week" in params:
        year, week = params["week"].split("-W")
        start = date.fromisocalendar(int(year), int(week), 1)
        return sum(len(hub.state.days.get((start + timedelta(days=i)).isoformat(), []))
                   for i in range(7))
    return sum(len(v) for k, v in hub.state.days.items() if k.startswith(params["month"]))


def test_sync_covers_the_range_with_months_weeks_days_and_pages(
    papers, hub: HubServer, stocked: dict[str, list[str]]
) -> None:
    result = papers("sync", "--since", SINCE.isoformat(), "--concurrency", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    line = result.stderr.strip()
    # (a line a clause or two, each in 80 columns: the one line made 113)
    assert line.splitlines()[:2] == ["papers: synced 2026-09-01 to 2026-11-25: 430 papers added",
                                     line.splitlines()[1]]
    assert line.splitlines()[1].startswith(
        "papers: 9 periods (9 fetched, 0 already complete); ")
    assert len(line.splitlines()) == 2 and all(len(x) <= 80 for x in line.splitlines())
    requests = asked(hub)
    # Sep and Oct have 150 and 155 papers: two pages of 100 each; everything else one.
    assert requests == [
        ("month", "2026-09", "0"), ("month", "2026-09", "1"),
        ("month", "2026-10", "0"), ("month", "2026-10", "1"),
        *[(kind, value, "0") for kind, value in PLAN[2:]],
    ]
    assert all(r.params["limit"] == "100" for r in hub.requests)
    assert f"{len(requests)} requests" in line
    held = entries(papers)
    assert info(papers)["papers"] == sum(len(v) for v in stocked.values()) == 430
    # Every day is filed on its own, so a synced month answers `papers day` offline.
    for day, ids in stocked.items():
        assert held[f"day:{day}"] == len(ids)
    assert held["month:2026-09"] == 150 and held["week:2026-W46"] == 35
    hub.reset_log()
    day = papers("day", "2026-09-17", "--offline")
    assert day.exit_code == 0
    assert all(pid in day.stdout for pid in stocked["2026-09-17"])
    assert hub.count() == 0


def test_json_summary(papers, hub: HubServer, stocked: dict[str, list[str]]) -> None:
    result = papers("sync", "--since", "2026-11-16", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "since": "2026-11-16", "until": "2026-11-25", "periods": 4, "fetched": 4,
        "skipped": 0, "failed": 0, "not_attempted": 0, "added": 50, "updated": 0,
        "unchanged": 0, "bad_items": 0, "requests": 8, "seconds": data["seconds"],
        "interrupted": False, "failures": [],
    }
    assert isinstance(data["seconds"], float)


def test_second_sync_skips_complete_periods(papers, hub: HubServer, stocked) -> None:
    assert papers("sync", "--since", SINCE.isoformat()).exit_code == 0
    hub.reset_log()
    again = papers("sync", "--since", SINCE.isoformat(), "--json")
    assert again.exit_code == 0, again.stderr
    data = json.loads(again.stdout)
    assert (data["periods"], data["skipped"], data["fetched"]) == (9, 8, 1)
    # Only today, which is still running, is fetched again.
    assert asked(hub) == [("date", "2026-11-25", "0")]
    assert "8 already complete" in again.stderr
    # A range complete to its last day asks nothing, and says so rather than "synced
    # 2026-09-28 to 2026-11-24: no papers; 8 periods (0 fetched, 8 already complete);
    # 0 requests in 0.0s", which read as a range with no papers.
    hub.reset_log()
    whole = papers("sync", "--since", SINCE.isoformat(), "--until", "2026-11-24", "--json")
    assert whole.exit_code == 0 and hub.count() == 0
    assert whole.stderr == (f"papers: nothing to fetch: {SINCE} to 2026-11-24 already "
                            "complete\n")
    assert json.loads(whole.stdout)["skipped"] == json.loads(whole.stdout)["periods"]


def test_refresh_fetches_complete_periods_again(papers, hub: HubServer, stocked,
                                                monkeypatch) -> None:
    papers("sync", "--since", "2026-11-01")
    hub.reset_log()
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T12:30:00Z")  # a later fetch, same papers
    result = papers("sync", "--since", "2026-11-01", "--refresh", "--json")
    data = json.loads(result.stdout)
    # the same papers again: unchanged, not "updated" (it said 125 updated)
    assert (data["fetched"], data["skipped"], data["added"], data["updated"],
            data["unchanged"]) == (7, 0, 0, 0, 125)
    assert ": 125 papers unchanged\n" in result.stderr  # (counts of none left out)
    assert len(asked(hub)) == 7


def test_an_imported_paper_fetched_as_it_was_is_unchanged_a_real_change_updated(
    papers, hub: HubServer, stocked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = "2026-11-20"
    source = tmp_path / "day.json"
    source.write_text(json.dumps(hub.state.days[day]))
    assert papers("import", str(source)).exit_code == 0
    result = papers("sync", "--since", day, "--until", day, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # Only the fetch time moved (from the import's placeholder): no change to see. It
    # said "5 papers updated".
    assert (data["added"], data["updated"], data["unchanged"]) == (0, 0, 5)
    assert f"synced {day}: 5 papers unchanged\n" in result.stderr
    # Yet the fetch time is taken: an import of older counts does not win over it.
    first = stocked[day][0]
    stale = [dict(i, paper=dict(i["paper"], upvotes=1)) for i in hub.state.days[day]]
    source.write_text(json.dumps(stale))
    assert papers("import", str(source)).exit_code == 0
    hub_upvotes = hub.state.days[day][0]["paper"]["upvotes"]
    assert hub_upvotes != 1
    assert json.loads(papers("show", first, "--offline", "--json").stdout)["upvotes"] == (
        hub_upvotes)
    # A change the record shows is one: new upvotes, a new title.
    hub.state.days[day][0]["paper"]["upvotes"] = hub_upvotes + 7
    hub.state.days[day][1]["paper"]["title"] = "A title the authors changed"
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T12:30:00Z")
    again = papers("sync", "--since", day, "--until", day, "--refresh", "--json")
    assert again.exit_code == 0, again.stderr
    data = json.loads(again.stdout)
    assert (data["added"], data["updated"], data["unchanged"]) == (0, 2, 3)
    shown = json.loads(papers("show", first, "--offline", "--json").stdout)
    assert shown["upvotes"] == hub_upvotes + 7


def test_a_paper_listed_on_days_of_two_periods_is_counted_once(
    papers, hub: HubServer
) -> None:
    """A paper Daily Papers listed on two days that two periods of one sync cover is
    written by each: the first write added it, the second counted it again, "updated"
    (its upvotes had moved between the listings) or "unchanged". A first sync into an
    empty library said "492 papers added, 2 updated" of a library that had no paper."""
    items = seed_items()
    moved, same, alone = items[0], items[1], items[2]
    # 2026-11-01 is a day alone, W45 and W46 weeks (from --since 2026-11-01 to today)
    hub.set_day("2026-11-01", [item_for_day(moved, date(2026, 11, 1), upvotes=3), alone])
    hub.set_day("2026-11-04", [item_for_day(moved, date(2026, 11, 4), upvotes=9), same])
    hub.set_day("2026-11-11", [same])
    result = papers("sync", "--since", "2026-11-01", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["added"], data["updated"], data["unchanged"]) == (3, 0, 0), data
    assert "synced 2026-11-01 to 2026-11-25: 3 papers added\n" in result.stderr
    # Known before the sync, each is counted once too (as the first period found it).
    again = papers("sync", "--since", "2026-11-01", "--refresh", "--json")
    data = json.loads(again.stdout)
    assert (data["added"], data["updated"] + data["unchanged"]) == (0, 3), data


def test_a_day_fetched_while_it_was_running_is_fetched_again(
    papers, hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers("sync", "--since", "2026-11-20")
    hub.fill(date(2026, 11, 26), date(2026, 11, 26))
    monkeypatch.setenv("PAPERS_NOW", "2026-11-26T09:00:00Z")
    hub.reset_log()
    result = papers("sync", "--since", "2026-11-20", "--json")
    assert result.exit_code == 0, result.stderr
    # The 25th was fetched at noon on the 25th (incomplete); the 26th is today.
    assert sorted(asked(hub)) == [("date", "2026-11-25", "0"), ("date", "2026-11-26", "0")]
    assert json.loads(result.stdout)["skipped"] == 5


def test_listings_from_other_commands_count_but_imports_do_not(
    papers, hub: HubServer, stocked, tmp_path: Path
) -> None:
    assert papers("day", "2026-11-20").exit_code == 0  # fetched after the day was over
    source = tmp_path / "day.json"
    source.write_text(json.dumps([dict(i, publishedAt="2026-11-19T08:00:00.000Z")
                                  for i in seed_items()[:2]]))
    assert papers("import", str(source)).exit_code == 0
    hub.reset_log()
    result = papers("sync", "--since", "2026-11-19", "--until", "2026-11-20", "--json")
    assert json.loads(result.stdout)["skipped"] == 1
    assert asked(hub) == [("date", "2026-11-19", "0")]
    assert entries(papers)["day:2026-11-19"] == 5


def test_a_failed_period_is_reported_others_are_kept_and_a_rerun_resumes(
    papers, hub: HubServer, stocked
) -> None:
    hub.fail("500", times=4)  # the first period, September, fails all four attempts
    result = papers("sync", "--since", SINCE.isoformat(), "--concurrency", "1")
    assert result.exit_code == 1
    assert result.stdout == ""
    *said, retry, error = result.stderr.strip().splitlines()
    lines = ["\n".join(said), retry, error]
    assert len(said) == 2 and "Traceback" not in result.stderr
    assert lines[0].startswith("papers: synced") and "8 fetched" in lines[0]
    assert "1 failed" in lines[0]
    # The period as it is given, and the one command that fetches it again (the URL and
    # "gave up after 4 attempts": --json's, PAPERS_DEBUG's).
    assert lines[1] == "papers: to retry: papers sync --since 2026-09-01 --until 2026-09-30"
    assert lines[2] == "papers: error: 2026-09 failed: the Hub answered HTTP 500 — sync again "\
                       "later", lines[2]
    held = entries(papers)
    assert "month:2026-09" not in held
    assert not any(k.startswith("day:2026-09-") for k in held)
    assert info(papers)["papers"] == 430 - 150
    hub.reset_log()
    again = papers("sync", "--since", SINCE.isoformat(), "--json")
    assert again.exit_code == 0, again.stderr
    assert sorted(asked(hub)) == [("date", "2026-11-25", "0"), ("month", "2026-09", "0"),
                                  ("month", "2026-09", "1")]
    assert info(papers)["papers"] == 430


@pytest.mark.parametrize(("fault", "times", "line", "hint"), [
    ("500", 4, "2026-11-25 failed: the Hub answered HTTP 500 — sync again later",
     "the Hub may be down; run the same command later to fetch what is missing"),
    ("429", 4, "the Hub is rate limiting us (HTTP 429) — sync again later",
     "wait a few minutes and run the same command again to fetch what is missing, "
     "or set HF_TOKEN for higher limits"),
    ("html", 4, "the Hub sent HTML, not JSON (maintenance?) — sync again later",
     "run the same command later to fetch what is missing, or check HF_ENDPOINT"),
    ("403", 1, "sync stopped: the Hub refused access (HTTP 403) — check HF_TOKEN",
     "check that HF_TOKEN is a valid token, or unset it; then run the same command "
     "again to fetch what is missing"),
], ids=["500", "429", "html", "403"])
def test_a_failed_sync_ends_in_one_way_to_resume(
    papers, hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch, fault: str, times: int,
    line: str, hint: str,
) -> None:
    """A 500 ended "the Hub may be down; try again later; run the same command again to
    fetch what is missing", a 429 "wait a few minutes and try again, or set HF_TOKEN …;
    run the same command again …": two ways to resume glued. Each ends in one, and the
    line fits 80 columns (it made 167 to 208, the period's name and "gave up after 4
    attempts" in it): PAPERS_DEBUG says it whole, with the URL."""
    hub.fail(fault, times=times)
    result = papers("sync", "--since", "2026-11-25", "--until", "2026-11-25")
    assert result.exit_code == 1
    *said, retry, error = result.stderr.strip().splitlines()
    summary = "\n".join(said)  # (its clauses, a line each as fit 80 columns)
    assert retry == "papers: to retry: papers sync --since 2026-11-25"  # (today: no --until)
    assert error == f"papers: error: {line}", error
    assert len(error) <= 80 and "try again" not in error, error
    # (the one period failed or was never reached: no "synced …: no papers" above it;
    # the one day said once, not "2026-11-25 to 2026-11-25")
    assert summary.startswith("papers: sync of 2026-11-25 "
                              f"{'stopped' if fault in ('403', '429') else 'failed'}: no papers "
                              "stored\npapers: 1 period (0 fetched, "), summary
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    hub.fail(fault, times=times)
    result = papers("sync", "--since", "2026-11-25", "--until", "2026-11-25")
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.endswith(f" — {hint}"), error
    assert "try again" not in error and error.count("the same command") == 1, error
    assert f"{hub.url}/api/daily_papers?" in error, error


@pytest.mark.parametrize(("fault", "times"), [("401", 1), ("403", 1), ("404", 1), ("500", 4)])
def test_a_first_sync_the_hub_refuses_leaves_no_library(
    papers, hub: HubServer, stocked, home: Home, fault: str, times: int,
) -> None:
    """On a machine with no library yet, a sync whose every request failed created the
    library file all the same (to record where to resume), as if `git clone` of a bad
    address left an empty folder. Nothing was stored, so nothing is left; the next sync
    starts as the first one did."""
    hub.fail(fault, times=times)
    result = papers("sync", "--since", "2026-11-25")  # (today: one period, one page)
    assert result.exit_code == 1
    assert result.stderr.startswith("papers: sync of 2026-11-25 "), result.stderr
    assert "no papers stored" in result.stderr
    assert len(hub.requests) == times  # (the first page, and its retries, if any)
    assert not home.library.exists()
    folder = home.library.parent  # (nothing beside it either: no journal, no index)
    assert not folder.exists() or not any(folder.iterdir())
    again = papers("sync", "--json")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines()[0] == (
        "papers: the library is empty: syncing the last 30 days")
    assert json.loads(again.stdout)["added"] > 0
    assert home.library.exists()


RETRY = "papers: to retry: papers sync --since 2026-11-09 --until 2026-11-20"


def test_several_failed_periods_end_in_why_and_one_command_that_fetches_them(
    papers, hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six periods failing said how many and why, but neither which nor the dates to give
    again ("6 periods failed: the Hub answered HTTP 500 — sync again later"): a line now
    gives the command that fetches them, and PAPERS_DEBUG says each, in date order."""
    week = ("sync", "--since", "2026-11-09", "--until", "2026-11-20", "--concurrency", "1")
    hub.fail("500", times=4 * 6)  # W46, then 16 to 20 November: every attempt of each
    result = papers(*week)
    assert result.exit_code == 1
    *said, retry, error = result.stderr.strip().splitlines()
    summary = "\n".join(said)  # (its clauses, a line each as fit 80 columns)
    assert "6 failed" in summary
    assert retry == RETRY
    assert error == "papers: error: 6 periods failed: the Hub answered HTTP 500 — sync again "\
                    "later", error
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    hub.fail("500", times=4 * 6)
    lines = papers(*week).stderr.strip().splitlines()
    ladder = lines[2:8]  # (after the summary's two lines)
    assert [line.partition(" failed: ")[0] for line in ladder] == [
        "papers: 2026-W46", "papers: 2026-11-16", "papers: 2026-11-17", "papers: 2026-11-18",
        "papers: 2026-11-19", "papers: 2026-11-20"], lines
    assert all("HTTP 500 (gave up after 4 attempts) [" + f"{hub.url}/api/daily_papers?" in line
               for line in ladder), ladder
    assert lines[8] == RETRY
    monkeypatch.delenv("PAPERS_DEBUG")
    hub.reset_log()
    again = papers(*RETRY.removeprefix("papers: to retry: papers ").split())
    assert again.exit_code == 0, again.stderr
    assert len(asked(hub)) == 6
    held = entries(papers)
    assert all(f"day:2026-11-{day:02d}" in held for day in range(9, 21)), held


def test_periods_failing_for_different_reasons_are_not_all_blamed_on_the_first(
    papers, hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 500 for one period and a malformed answer for another said "2 periods failed:
    the Hub answered HTTP 500"."""
    hub.fail("500", times=4)  # W46
    hub.fail("malformed")  # 16 November
    result = papers("sync", "--since", "2026-11-09", "--until", "2026-11-20", "-j", "1")
    assert result.exit_code == 1
    *said, retry, error = result.stderr.strip().splitlines()
    summary = "\n".join(said)  # (its clauses, a line each as fit 80 columns)
    assert "2 failed" in summary and retry == "papers: to retry: papers sync --since "\
        "2026-11-09 --until 2026-11-16"
    assert error.startswith("papers: error: the Hub answered HTTP 500 — "), error
    monkeypatch.setattr("papercli.cli.failures.ERROR_LINE", 120)  # (room for all of it)
    hub.fail("500", times=4)
    hub.fail("malformed")
    result = papers("sync", "--since", "2026-11-09", "--until", "2026-11-20", "-j", "1")
    assert result.stderr.strip().splitlines()[-1] == (
        "papers: error: 2 periods failed, the first (2026-W46): the Hub answered HTTP 500 "
        "— the Hub may be down; sync again later")


def test_a_stopped_sync_gives_the_command_for_what_it_never_asked_too(
    papers, hub: HubServer, stocked
) -> None:
    hub.fail("429", times=4)  # the first period: the Hub is rate limiting, nothing else tried
    result = papers("sync", "--since", "2026-11-09", "--until", "2026-11-20", "-j", "1")
    assert result.exit_code == 1
    *said, retry, error = result.stderr.strip().splitlines()
    summary = "\n".join(said)  # (its clauses, a line each as fit 80 columns)
    assert "stopped" in summary and "5 not attempted" in summary
    assert retry == RETRY
    assert error.startswith("papers: error: the Hub is rate limiting us (HTTP 429)"), error


def test_a_failed_sync_up_to_today_retries_without_until(
    papers, hub: HubServer, stocked
) -> None:
    hub.fail("500", times=4)
    result = papers("sync", "--since", "2026-11-25")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2] == "papers: to retry: papers sync --since 2026-11-25"
    # A --refresh that failed is retried as one: without it, a period complete before
    # the refresh would be skipped.
    hub.fail("500", times=4)
    result = papers("sync", "--date", "2026-11-24", "--refresh")
    assert result.stderr.splitlines()[-2] == (
        "papers: to retry: papers sync --date 2026-11-24 --refresh")
    # (and the line under it says to run that one: "sync again later", a sync without
    # --refresh, skipped the periods complete before the refresh)
    assert result.stderr.splitlines()[-1] == (
        "papers: error: the Hub answered HTTP 500 — retry as above later")


def test_a_period_failing_on_its_second_page_stores_nothing(
    papers, hub: HubServer, stocked
) -> None:
    papers("sync", "--since", "2026-11-20", "--until", "2026-11-20")
    before = info(papers)
    hub.fail("ok")
    hub.fail("malformed")
    result = papers("sync", "--since", "2026-09-01", "--until", "2026-09-30")
    assert result.exit_code == 1
    assert "the Hub sent malformed JSON" in result.stderr
    after = info(papers)
    assert after == before


def test_unreachable_hub_stops_the_sync(papers, home: Home) -> None:
    result = papers("sync", "--since", "2026-01-01", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["fetched"] == 0 and data["not_attempted"] > 0
    *said, retry, error = result.stderr.strip().splitlines()
    summary = "\n".join(said)  # (its clauses, a line each as fit 80 columns)
    assert retry == "papers: to retry: papers sync --since 2026-01-01"
    # (the 164 columns of "sync stopped: 127.0.0.1:9 refused the connection — check your
    # network, or set HF_ENDPOINT; then run the same command again to fetch what is
    # missing" in what fits 80; HF_ENDPOINT set: it is what to check, as `today` says)
    assert error == ("papers: error: sync stopped: the Hub refused the connection — check "
                     "HF_ENDPOINT")
    assert info(papers)["listings"] == 0
    # It said "synced 2026-01-01 to 2026-11-25: no papers; …" above that error.
    assert summary.startswith(f"papers: sync of 2026-01-01 to {TODAY} stopped: no papers "
                              "stored\n"), summary


def test_rate_limited_sync_waits_and_finishes(papers, hub: HubServer, stocked) -> None:
    hub.fail("429", retry_after="1")
    result = papers("sync", "--since", "2026-11-16", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # Each of the 4 periods: its page and the empty page after it, plus the 429.
    assert data["fetched"] == 4 and data["requests"] == 9 == hub.count()


def test_concurrency_is_real_and_bounded(papers, hub: HubServer, stocked) -> None:
    hub.gather(3)  # the first three requests are answered only once all three are in
    result = papers("sync", "--since", SINCE.isoformat(), "--concurrency", "3", "--json")
    assert result.exit_code == 0, result.stderr
    assert hub.state.broken_barriers == 0
    assert hub.state.max_inflight == 3
    assert json.loads(result.stdout)["added"] == 430


def test_default_concurrency_comes_from_config(papers, hub: HubServer, stocked,
                                               home: Home) -> None:
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text("[network]\nconcurrency = 2\n")
    hub.gather(2)
    assert papers("sync", "--since", SINCE.isoformat()).exit_code == 0
    assert hub.state.broken_barriers == 0
    assert hub.state.max_inflight == 2


def test_malformed_items_are_skipped_and_counted(papers, hub: HubServer) -> None:
    items = [*seed_items()[:3], {"paper": {"title": "no id"}}, "not an object"]
    hub.set_day(date(2026, 11, 20), seed_items()[:3])
    hub.fail("raw", body=json.dumps(items).encode())
    result = papers("sync", "--since", "2026-11-20", "--until", "2026-11-20", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["added"], data["bad_items"]) == (3, 2)
    assert "2 malformed items skipped" in result.stderr


def test_concurrency_takes_what_the_setting_takes(papers, hub: HubServer, stocked) -> None:
    # `config set network.concurrency 32` was accepted where `--concurrency 32` was refused
    # ("not in the range 1<=x<=16"): one bound for both. Then both took 32 and a sync ran
    # 16 at most (its pool's size), without a word: the bound is the pool's.
    assert papers("config", "set", "network.concurrency", "16").exit_code == 0
    result = papers("sync", "--since", SINCE.isoformat(), "--concurrency", "16", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["failed"] == 0
    over = papers("sync", "--since", SINCE.isoformat(), "--concurrency", "17")
    assert over.exit_code == 2 and "from 1 to 16" in over.stderr
    assert papers("config", "set", "network.concurrency", "17").exit_code == 2


@pytest.mark.parametrize(
    "args,message",
    [
        # (in 80 columns: they took 98 and 117)
        (("--arxiv", "cs.CL"), "papers: error: --arxiv needs --since — e.g. --arxiv cs.CL "
         "--since 30d\n"),
        (("--refresh",), "papers: error: --refresh needs --since — e.g. papers sync --since "
         "30d --refresh\n"),
        (("--since", "2026-13-01"), "--since '2026-13-01'"),
        (("--since", "2026-12-01"), "in the future"),
        (("--since", "2026-11-20", "--until", "2026-11-10"),
         "--since 2026-11-20 is after --until 2026-11-10 — swap the dates"),
        (("--since", "2026-11-20", "--concurrency", "0"), "--concurrency"),
        (("--since", "2026-11-20", "--timeout", "0"), "--timeout"),
    ],
)
def test_bad_arguments_are_usage_errors(papers, hub: HubServer, args, message: str) -> None:
    result = papers("sync", *args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert message in result.stderr
    assert all(len(line) <= 80 for line in result.stderr.splitlines())
    assert "Traceback" not in result.stderr
    assert hub.count() == 0


def test_until_after_today_stops_at_today(papers, hub: HubServer, stocked) -> None:
    result = papers("sync", "--since", "2026-11-24", "--until", "2027-03-01", "--json")
    assert json.loads(result.stdout)["until"] == "2026-11-25"
    assert sorted(asked(hub)) == [("date", "2026-11-24", "0"), ("date", "2026-11-25", "0")]


def test_sync_without_since_catches_up_after_the_last_complete_day(
    papers, hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch, home: Home
) -> None:
    # An empty library: the last 30 days, said before the summary (as README says it: it
    # was "no day in the library is complete", read as a library holding some).
    first = papers("sync", "--json")
    assert first.exit_code == 0, first.stderr
    lines = first.stderr.splitlines()
    assert lines[0] == "papers: the library is empty: syncing the last 30 days"
    assert lines[1].startswith("papers: synced 2026-10-26 to 2026-11-25:")
    assert json.loads(first.stdout)["since"] == "2026-10-26"
    assert all(len(line) <= 80 for line in lines[:1])
    # Two mornings later: from the 25th (fetched while it ran) on, nothing before.
    hub.fill(date(2026, 11, 26), date(2026, 11, 27))
    monkeypatch.setenv("PAPERS_NOW", "2026-11-27T09:00:00Z")
    hub.reset_log()
    later = papers("sync")
    assert later.exit_code == 0, later.stderr
    assert later.stderr.splitlines()[0] == (
        "papers: the library is complete through 2026-11-24: syncing from 2026-11-25")
    assert "synced 2026-11-25 to 2026-11-27: " in later.stderr
    assert "\npapers: 3 periods (3 fetched" in later.stderr
    assert sorted(asked(hub)) == [("date", f"2026-11-2{d}", "0") for d in (5, 6, 7)]
    # --until before that day: the catch-up ends there, so it is empty, said in one line
    # (it was "complete through 2026-11-26" over "nothing to fetch: 2026-11-10 already
    # complete", a sync of --until's day alone, fetched when it was not complete).
    conn = sqlite3.connect(home.library)
    with conn:  # (a day the library lacks, before the last complete one)
        conn.execute("DELETE FROM listings WHERE key = 'day:2026-11-10'")
    conn.close()
    hub.reset_log()
    bounded = papers("sync", "--until", "2026-11-10", "--json")
    assert bounded.exit_code == 0, bounded.stderr
    assert bounded.stderr.splitlines() == [  # (a clause to a line: 101 columns in one)
        "papers: nothing to fetch: complete through 2026-11-26, past --until 2026-11-10",
        "papers: give --since to refetch"]
    assert all(len(line) <= 80 for line in bounded.stderr.splitlines())
    data = json.loads(bounded.stdout)
    assert (data["since"], data["until"], data["periods"], data["fetched"]) == (
        "2026-11-27", "2026-11-10", 0, 0)
    assert hub.count() == 0


def test_sync_without_since_goes_back_for_what_an_unfinished_sync_missed(
    papers, hub: HubServer, stocked, home: Home
) -> None:
    hub.fail("500", times=4)  # the first period fails; the later ones are stored
    failed = papers("sync", "--concurrency", "1", "--json")
    assert failed.exit_code == 1
    missed = [f["period"] for f in json.loads(failed.stdout)["failures"]]
    assert len(missed) == 1
    hub.reset_log()
    # The days after the missed period are complete, yet it is not skipped for good.
    again = papers("sync")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines()[:2] == [
        "papers: a sync from 2026-10-26 did not finish",
        "papers: syncing from 2026-10-26, skipping periods already complete"]
    assert len(asked(hub)) == 2  # the missed period and today
    hub.reset_log()
    third = papers("sync")
    assert third.stderr.splitlines()[0] == (
        "papers: the library is complete through 2026-11-24: syncing from 2026-11-25")
    assert asked(hub) == [("date", "2026-11-25", "0")]
    # A damaged record of it is no record: the last complete day decides.
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('sync:unfinished-since', ?)",
                     (b"2026-01-01",))
    conn.close()
    fourth = papers("sync")
    assert fourth.exit_code == 0, fourth.stderr
    assert "complete through 2026-11-24: syncing from 2026-11-25" in fourth.stderr


def test_sync_without_since_into_an_empty_library_ends_at_until(
    papers, hub: HubServer, stocked
) -> None:
    result = papers("sync", "--until", "2026-09-10", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "papers: the library is empty: syncing the 30 days up to 2026-09-10")
    data = json.loads(result.stdout)
    assert (data["since"], data["until"]) == ("2026-08-11", "2026-09-10")


def test_sync_without_since_into_papers_without_a_complete_day_says_so(
    papers, hub: HubServer, stocked, tmp_path: Path, home: Home
) -> None:
    """Papers an import brought, and no listing fetched after its day: not empty, but no
    day is complete, said as before (only an empty library is said to be empty)."""
    source = tmp_path / "day.json"
    source.write_text(json.dumps(hub.state.days["2026-11-20"]))
    assert papers("import", str(source)).exit_code == 0
    for args, said in ((["--until", "2026-09-10"], "the 30 days up to 2026-09-10"),
                       ([], "the last 30 days")):
        result = papers("sync", *args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines()[0] == (
            f"papers: no day in the library is complete: syncing {said}")
        conn = sqlite3.connect(home.library)
        with conn:  # (the papers stay; no day is complete again)
            conn.execute("DELETE FROM listings")
        conn.close()


def test_sync_without_since_does_not_trust_damaged_listing_records(
    papers, hub: HubServer, stocked, home: Home
) -> None:
    assert papers("sync", "--since", "2026-11-20").exit_code == 0
    conn = sqlite3.connect(home.library)
    with conn:
        # the 24th's fetch time is damaged: not known complete, so fetched again
        conn.execute("UPDATE listings SET fetched_at = 'yesterday' "
                     "WHERE kind = 'day' AND period_start = '2026-11-24'")
        # a day that does not exist and one after today, both "fetched" long after
        for key, start in (("day:x", "2026-13-45"), ("day:y", "2027-01-01")):
            conn.execute("INSERT INTO listings (key, kind, period_start, fetched_at, count) "
                         "VALUES (?, 'day', ?, '2099-01-01T00:00:00Z', 0)", (key, start))
        conn.execute("INSERT INTO listings (key, kind, period_start, fetched_at, count) "
                     "VALUES ('day:z', 'day', X'00ff', '2099-01-01T00:00:00Z', 0)")
    conn.close()
    hub.reset_log()
    result = papers("sync")
    assert result.exit_code == 0, result.stderr
    assert ("complete from 2026-11-20 through 2026-11-23\npapers: syncing from 2026-11-24"
            in result.stderr)
    assert sorted(asked(hub)) == [("date", "2026-11-24", "0"), ("date", "2026-11-25", "0")]
    assert "Traceback" not in result.stderr


def test_progress_bar_on_a_terminal_and_one_line_otherwise(hub: HubServer, stocked) -> None:
    code, stdout, text = stderr_on_terminal([installed_papers(), "sync", "--since",
                                              "2026-11-01"])
    assert code == 0
    assert stdout == b""
    assert "syncing" in text and "7/7" in text and "━" in text
    assert "papers: synced 2026-11-01 to 2026-11-25" in text
    piped = run_process("sync", "--since", "2026-11-01")
    assert piped.returncode == 0
    assert "━" not in piped.stderr and "\x1b" not in piped.stderr
    assert all(line.startswith("papers: ") and len(line) <= 80  # (whole clauses)
               for line in piped.stderr.strip().splitlines())


def test_the_bar_counts_one_paper_in_the_singular(hub: HubServer) -> None:
    """The bar said "1/1 periods · 1 papers" where the summary says "1 paper added"."""
    hub.fill(date(2026, 11, 24), date(2026, 11, 24), per_day=1)
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-11-24",
                                        "--until", "2026-11-24"])
    assert code == 0, text
    shown = [line for screen in screens(text) for line in screen]
    assert any("1/1 periods · 1 paper " in line for line in shown), text
    assert not any("1 papers" in line for line in shown), text


def test_a_rate_limit_wait_is_said_under_the_bar(hub: HubServer, stocked) -> None:
    """A sync switched the client's status messages off while its bar ran (its requests
    run in threads), so a sync waiting out a 429 stood still without a word: the wait is
    now said on a line under the bar, and erased with it."""

    from conftest import lines_under

    hub.fail("429", retry_after="1")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-11-16"])
    assert code == 0, text
    assert any(below.startswith("rate limited; retrying in 1 s, 1 of ")
               for below in lines_under(text, "syncing")), text
    shown = screen_lines(text)
    assert len(shown) == 1 and shown[0].startswith("papers: synced 2026-11-16 to "), shown


def test_one_workers_finished_fetch_leaves_anothers_wait_said() -> None:
    """The workers share one status line: a fetch ending on one thread (its `None`) must
    not blank the rate-limit wait another is in, nor a "fetching …" hide it."""
    import threading

    from papercli.sync import _SharedStatus

    seen: list[str | None] = []
    status = _SharedStatus(seen.append)

    def on_a_thread(*messages: str | None) -> None:
        thread = threading.Thread(target=lambda: [status(m) for m in messages])
        thread.start()
        thread.join()

    said, done = threading.Event(), threading.Event()

    def wait() -> None:  # alive meanwhile, as a pool's worker is (a finished thread's
        status("rate limited; retrying in 30 s, 1 of 3")  # id may be given to the next)
        said.set()
        done.wait(10)

    waiting = threading.Thread(target=wait)
    waiting.start()
    said.wait(10)
    on_a_thread("fetching https://hub/api/daily_papers?week=2026-W47…", None)
    done.set()
    waiting.join()
    assert seen == ["rate limited; retrying in 30 s, 1 of 3"]
    status.close()
    on_a_thread("rate limited; retrying in 4 s, 2 of 3")
    assert seen == ["rate limited; retrying in 30 s, 1 of 3", None]


def test_a_finished_bar_is_erased_so_only_the_summary_stays(hub: HubServer, stocked) -> None:
    """The bar's last frame stayed on the screen above the summary, which says the same
    periods and papers again; like cargo's or uv's, the bar now goes when the work ends."""
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-11-01"])
    assert code == 0
    assert "7/7" in text  # it was drawn
    shown = screen_lines(text)
    assert len(shown) == 1 and shown[0].startswith("papers: synced 2026-11-01 to "), shown


def test_progress_bar_leaves_the_last_columns_free_for_an_echoed_ctrl_c(
    hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frame filling all 80 columns left the cursor waiting to wrap: the ^C the terminal
    echoes started a new line, and the last frame was drawn under a stale one."""
    import re

    monkeypatch.setenv("COLUMNS", "80")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-09-01"])
    assert code == 0
    frames = [f for f in re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text))
              if "periods ·" in f]
    assert frames, text
    assert max(len(f) for f in frames) == 78, frames


def test_a_narrow_terminal_keeps_the_bars_count_whole(
    hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 50 columns the row was squeezed until its count was cut ("7…" for 7/7); the
    period being fetched and the time elapsed now go first, the count stays whole."""
    import re

    monkeypatch.setenv("COLUMNS", "50")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-11-01"])
    assert code == 0
    frames = [f for f in re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text))
              if f.startswith("syncing")]
    assert frames, text
    assert all(re.match(r"syncing [━╸╺]+ +\d/7 periods · [\d,]+ papers", f) and "…" not in f
               for f in frames), "\n".join(frames)
    assert "7/7 periods · 125 papers" in frames[-1], frames


def test_a_narrow_terminal_still_says_how_many_periods_failed(
    hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bar's last detail is left out first on a narrow terminal: the failures are no
    longer in it (they took the place of the period done), so 50 columns still show them;
    and no separator dangles before the first period is done ("0 papers ·  0:00:00")."""
    import re

    hub.fail("500", times=4)  # the first period, September, fails all four attempts
    monkeypatch.setenv("COLUMNS", "50")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-09-01",
                                        "--concurrency", "1"])
    assert code == 1
    frames = [f for f in re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text))
              if f.startswith("syncing")]
    assert re.search(r"9/9 periods · [\d,]+ papers · 1 failed", frames[-1]), frames
    assert not any("·  " in f or f.rstrip().endswith("·") for f in frames), frames


INTERRUPTED_SYNC = """
import os, signal, sys
from papercli import listings
from papercli.cli.main import main

real = listings.save_period
calls = [0]

def save_period(store, period, papers, *rest):
    result = real(store, period, papers, *rest)
    calls[0] += 1
    if calls[0] == 2:  # Ctrl-C while the second period is being stored
        os.kill(os.getpid(), signal.SIGINT)
    return result

listings.save_period = save_period
sys.argv = ["papers", "sync", "--since", "2026-11-01", "-j", "1"]
sys.exit(main())
"""


def test_ctrl_c_leaves_the_bar_agreeing_with_the_summary(hub: HubServer, stocked) -> None:
    """Ctrl-C while a period is stored: that period is kept and counted, and the bar's
    last frame counts it too (it said one period and its papers fewer than the summary)."""
    import re
    import sys

    code, _, text = stderr_on_terminal([sys.executable, "-c", INTERRUPTED_SYNC])
    assert code == 130
    summary = re.search(r"([\d,]+) papers added; \d+ periods \((\d+) fetched", text)
    assert summary, text
    bar = re.findall(r"(\d+)/7\S* periods · ([\d,]+) papers", re.sub(r"\x1b\[[0-9;]*m", "", text))
    assert bar, text
    assert summary.group(2) == "2" and bar[-1] == (summary.group(2), summary.group(1)), text


# A request still in flight when Ctrl-C stops the sync says something afterwards (a retry
# note: the session closed under it drops its connection), through the client's hook as
# it is then, as the transport reads it (`say = self.progress`). It speaks once the sync
# has stopped and said so, just before the error line.
LATE_NOTE_SYNC = """
import datetime, os, signal, sys, threading
from papercli import listings, output
from papercli.cli.main import main

stored, ended, spoken = threading.Event(), threading.Event(), threading.Event()
real_fetch, real_save, real_error = listings.fetch_period, listings.save_period, output.error

def fetch_period(client, period):
    if period.start == datetime.date(2026, 11, 24):
        return real_fetch(client, period)
    stored.wait(30)
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while this request is in flight
    ended.wait(30)
    say = client.progress
    if say is not None:
        say("connection dropped; retrying in 0.7 s, 1 of 3")
    spoken.set()
    raise OSError("never answered")

def save_period(*args):
    result = real_save(*args)
    stored.set()
    return result

def error(message, hint=None):
    ended.set()
    spoken.wait(30)
    real_error(message, hint)

listings.fetch_period, listings.save_period, output.error = fetch_period, save_period, error
sys.argv = ["papers", "sync", "--since", "2026-11-24", "-j", "2"]
sys.exit(main())
"""


def test_a_request_in_flight_at_ctrl_c_says_nothing_after_the_sync_stopped(
    hub: HubServer, home: Home
) -> None:
    """Ctrl-C during a sync on a terminal: a worker still waiting on the Hub printed its
    retry note ("connection dropped; retrying in 0.7 s, 1 of 3") after the error line,
    with no newline, so the shell's prompt followed it: the client's status hook was
    handed back while the worker still used it."""
    import sys

    code, out, text = stderr_on_terminal([sys.executable, "-c", LATE_NOTE_SYNC])
    assert code == 130, text
    assert out == b""
    assert "retrying" not in text, text
    assert text.rstrip().endswith("interrupted — periods fetched so far are kept; rerun it "
                                  "to resume"), text


def _listing_keys(library: Path) -> set[str]:
    if not library.exists():
        return set()
    conn = sqlite3.connect(f"file:{library}?mode=ro", uri=True, timeout=30)
    try:
        return {r[0] for r in conn.execute("SELECT key FROM listings")}
    except sqlite3.OperationalError:  # not created yet
        return set()
    finally:
        conn.close()


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated"),
    (signal.SIGHUP, 129, "hung up")], ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_ctrl_c_exits_130_keeps_finished_periods_and_the_rerun_resumes(
    papers, hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch, signum: int,
    code: int, said: str,
) -> None:
    """SIGTERM (`kill`, a service manager stopping a timer's sync) said "interrupted" and
    exited 130, as for Ctrl-C: it says "terminated" and exits 143, as every command does
    (SIGHUP, its terminal closed: "hung up", 129; it was killed without a word). Either
    way the summary says the sync stopped, and what it kept."""
    hub.fill(SINCE, TODAY, per_day=3)  # September fits in one page
    hub.fail("ok", times=2)  # September is answered (its page, the empty one after)...
    hub.fail("hang", hang=60)  # ...and October never is
    monkeypatch.setenv("PAPERS_TIMEOUT", "60")
    exit_code, out, err = interrupt_when(
        lambda: "month:2026-09" in _listing_keys(home.library) and hub.count() >= 2,
        "sync", "--since", SINCE.isoformat(), "--concurrency", "1", signum=signum,
    )
    assert exit_code == code, err
    assert out == ""
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last == f"papers: error: {said} — periods fetched so far are kept; rerun it to resume"
    assert len(last) <= 80
    assert "1 fetched" in err
    # What was kept, said as a stop, not as a success: "synced 2026-09-01 to …: 90 papers
    # added" came before "interrupted".
    assert err.startswith(f"papers: sync of {SINCE} to {TODAY} stopped: 90 papers added\n"), err
    assert "synced" not in err
    keys = _listing_keys(home.library)
    assert "month:2026-09" in keys and "month:2026-10" not in keys
    hub.reset_log()
    again = papers("sync", "--since", SINCE.isoformat(), "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["skipped"] == 1
    assert ("month", "2026-09", "0") not in asked(hub)
    assert info(papers)["papers"] == 86 * 3


# Ctrl-C once the second period of the sync given on the command line is stored.
INTERRUPTED_AT_THE_SECOND = INTERRUPTED_SYNC.replace(
    'sys.argv = ["papers", "sync", "--since", "2026-11-01", "-j", "1"]',
    'sys.argv = ["papers", *sys.argv[1:]]')


def test_a_refresh_cut_short_says_the_command_that_resumes_it(
    papers, hub: HubServer, stocked
) -> None:
    """`sync --refresh` fetches every period again, so "rerun it to resume" started it
    over: the periods it had already fetched again were fetched a third time. It names the
    command that fetches what is left (as a failed sync's "to retry:"), and that one
    fetches only the periods not fetched again yet."""
    import os
    import subprocess
    import sys

    assert papers("sync", "--since", "2026-11-01").exit_code == 0  # all complete
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_AT_THE_SECOND, "sync",
                           "--since", "2026-11-01", "--refresh", "-j", "1"],
                          capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert shell_status(done.returncode) == 130, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    # 2026-11-01 and W45 fetched again; W46 (from 2026-11-09) onwards left
    assert lines[-2] == "papers: to resume: papers sync --since 2026-11-09 --refresh", lines
    assert lines[-1] == ("papers: error: interrupted — periods fetched so far are kept; "
                         "resume as above")
    assert all(len(line) <= 80 for line in lines), lines
    hub.reset_log()
    resumed = papers("sync", "--since", "2026-11-09", "--refresh", "--json")
    assert resumed.exit_code == 0, resumed.stderr
    assert json.loads(resumed.stdout)["fetched"] == 5  # W46, W47, 11-23, 11-24, 11-25
    assert not any(value in ("2026-11-01", "2026-W45") for _, value, _ in asked(hub))


@pytest.mark.parametrize(("args", "line"), [
    # The help's first line said "from DATE to today": it was "got unexpected extra
    # argument(s) (2026-11-01)".
    (("2026-11-01",), "papers: error: a date goes after --since — papers sync --since "
                      "2026-11-01"),
    (("30d",), "papers: error: a date goes after --since — papers sync --since 30d"),
    (("2026-11-01", "2026-11-10"),
     "papers: error: dates go after --since and --until — see 'papers sync --help'"),
    (("cs.CL",),
     "papers: error: extra argument 'cs.CL' — see 'papers sync --help'"),
    (("cs.CL", "cs.LG"),
     "papers: error: extra arguments 'cs.CL cs.LG' — see 'papers sync --help'"),
])
def test_a_date_typed_after_sync_points_at_since(papers, hub: HubServer, home: Home,
                                                  args: tuple[str, ...], line: str) -> None:
    result = papers("sync", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == line
    assert hub.count() == 0 and not home.library.exists()


DAILY_PAPERS_BEGAN = date(2023, 5, 4)


def _first_day_asked(kind: str, value: str) -> date:
    """The first day a daily_papers request asks for (`asked`'s kind and value)."""
    if kind == "month":
        return date.fromisoformat(f"{value}-01")
    if kind == "week":
        year, week = value.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    return date.fromisoformat(value)


@pytest.mark.parametrize("since", ["2000-01", "2000-01-01", "10y", "2023-05-01"])
def test_days_before_daily_papers_began_are_not_asked(papers, hub: HubServer,
                                                      since: str) -> None:
    """`--since 2000-01` asked the Hub for every empty month back to 2000 (some 280 requests
    for nothing): the sync starts on Daily Papers' first day, and says so in one note."""
    hub.fill(date(2023, 4, 24), date(2023, 5, 20), per_day=2)  # (a Hub that had more)
    result = papers("sync", "--since", since, "--until", "2023-05-20", "--json")
    assert result.exit_code == 0, result.stderr
    requests = asked(hub, probes=True)
    assert requests and min(_first_day_asked(k, v) for k, v, _ in requests) == \
        DAILY_PAPERS_BEGAN, requests
    lines = result.stderr.splitlines()
    assert lines[0] == "papers: Daily Papers began on 2023-05-04: syncing from there"
    assert len(lines) == 3 and lines[1] == (
        "papers: synced 2023-05-04 to 2023-05-20: 34 papers added"), lines
    assert lines[2].startswith("papers: 11 periods "), lines
    data = json.loads(result.stdout)  # stdout is the summary alone, of the days synced
    assert (data["since"], data["until"], data["periods"], data["added"]) == (
        "2023-05-04", "2023-05-20", 11, 34)
    assert data["requests"] == len(requests)
    # from the first day on, nothing is said
    hub.reset_log()
    again = papers("sync", "--since", "2023-05-04", "--until", "2023-05-20", "--refresh")
    assert again.exit_code == 0, again.stderr
    assert "began on" not in again.stderr
    assert len(asked(hub, probes=True)) == len(requests)


def test_a_range_before_daily_papers_began_asks_nothing(papers, hub: HubServer,
                                                       home: Home) -> None:
    """Said in 80 columns: "… began on 2023-05-04, after 2022-12-31 — …" took 83."""
    hub.fill(date(2022, 12, 1), date(2022, 12, 31))
    result = papers("sync", "--since", "2000-01", "--until", "2022-12-31", "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("papers: error: Daily Papers began 2023-05-04, after "
                             "2022-12-31 — pick later days\n"), result.stderr
    assert hub.count() == 0


@pytest.mark.parametrize("json_flag", [(), ("--json",)], ids=["plain", "json"])
def test_until_before_daily_papers_began_is_one_error_without_since(
        papers, hub: HubServer, json_flag: tuple[str, ...]) -> None:
    """`papers sync --until 2023-01-01` caught up first, saying "no day in the library is
    complete: syncing the 30 days up to 2023-01-01", then that Daily Papers began later:
    a note for a sync that never ran. It is the error alone, as with --since."""
    hub.fill(date(2022, 12, 1), date(2022, 12, 31))
    result = papers("sync", "--until", "2023-01-01", *json_flag)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("papers: error: Daily Papers began 2023-05-04, after "
                             "2023-01-01 — pick later days\n"), result.stderr
    assert hub.count() == 0
