"""`papers sync --arxiv`: backfilling categories from arXiv's API, paged and resumable,
through `main()` (and the installed process for Ctrl-C), against the loopback arXiv."""

from __future__ import annotations

import json
import re
import signal
import socket
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

import arxivserver
from arxivserver import ArxivServer, Paper
from conftest import Home, Papers, Result, interrupt_when, meta_stored
from papercli import arxiv_listing
from papercli.terminal import cell_width

FIRST = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
DAYS = 20  # 2024-01-01 .. 2024-01-20: chunks of 7, 7 and 6 days
PER_DAY = 12
RANGE = ("--since", "2024-01-01", "--until", "2024-01-20")


def days_of_papers(server: ArxivServer) -> set[str]:
    """PER_DAY cs.CL papers every day of the range (and a cs.CV one not asked for)."""
    wanted: set[str] = set()
    for d in range(DAYS):
        day = FIRST + timedelta(days=d)
        batch = [Paper(f"2401.{(d + 1) * 1000 + i:05d}", f"Paper {i} of day {d}", ["cs.CL"],
                       day + timedelta(minutes=i)) for i in range(PER_DAY)]
        server.add(*batch, Paper(f"2401.{(d + 1) * 1000 + 999:05d}", "Seeing", ["cs.CV"],
                                 day))
        wanted.update(p.id for p in batch)
    return wanted


def api_requests(server: ArxivServer) -> list[dict[str, str]]:
    return [r.params for r in server.requests if r.path.startswith("/api")]


def stored_ids(home: Home) -> set[str]:
    if not home.library.exists():
        return set()
    with sqlite3.connect(home.library) as conn:
        return {i for (i,) in conn.execute("SELECT id FROM papers")}


def asked_days(server: ArxivServer) -> list[str]:
    """The submittedDate term of each API request."""
    out = []
    for params in api_requests(server):
        query = params["search_query"]
        out.append(query[query.index("submittedDate:"):])
    return out


def test_a_range_is_paged_week_by_week_each_paper_once(papers: Papers, home: Home,
                                                      arx: ArxivServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    wanted = days_of_papers(arx)
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    # 7 days x 12 = 84 papers: 4 pages; 84: 4 pages; 6 x 12 = 72: 3 pages
    assert len(api_requests(arx)) == 11 == summary["requests"]
    assert summary["papers"] == len(wanted) == summary["added"]
    assert (summary["days"], summary["skipped"], summary["fetched"]) == (20, 0, 20)
    assert stored_ids(home) == wanted
    assert all("cat:cs.CL" in p["search_query"] for p in api_requests(arx))
    # counts of none left out: the line fits 80 columns where its wording allows
    assert ("papers: synced arXiv cs.CL, 2024-01-01 to 2024-01-20: 240 papers added\n"
            "papers: 11 requests in ") in result.stderr  # (a clause to a line, in 80)
    # --refresh asks again, later: the same papers are unchanged, not "updated" (240)
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T13:00:00Z")
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--refresh", "--json")
    assert again.exit_code == 0, again.stderr
    counts = json.loads(again.stdout)
    assert (counts["added"], counts["updated"], counts["unchanged"]) == (0, 0, 240)
    assert "2024-01-20: 240 papers unchanged\npapers: 11 requests in " in again.stderr
    assert "syncing" not in result.stderr  # no progress bar when not a terminal


def test_a_rerun_fetches_nothing_already_stored(papers: Papers, home: Home,
                                                arx: ArxivServer) -> None:
    wanted = days_of_papers(arx)
    assert papers("sync", "--arxiv", "cs.CL", *RANGE).exit_code == 0
    before = len(api_requests(arx))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert again.exit_code == 0, again.stderr
    assert len(api_requests(arx)) == before
    summary = json.loads(again.stdout)
    assert (summary["skipped"], summary["requests"], summary["papers"]) == (20, 0, 0)
    # said in one line of 80 columns, where every count of none took three
    assert again.stderr == ("papers: nothing to fetch: arXiv cs.CL, 2024-01-01 to "
                            "2024-01-20 already stored\n")
    # a longer range asks only for the new days
    longer = papers("sync", "--arxiv", "cs.CL", "--since", "2024-01-01", "--until",
                    "2024-01-22")
    assert longer.exit_code == 0, longer.stderr
    assert asked_days(arx)[before:] == ["submittedDate:[202401210000 TO 202401222359]"]
    assert ("synced arXiv cs.CL, 2024-01-01 to 2024-01-22: 0 papers\n"
            "papers: 20 of 22 days already stored; 1 request in ") in longer.stderr
    assert stored_ids(home) == wanted


def test_a_damaged_mark_of_a_stored_day_is_asked_again(papers: Papers, home: Home,
                                                       arx: ArxivServer) -> None:
    """A mark that is not a time, or is dated before its day was over, counted as stored:
    that day was skipped for good."""
    wanted = days_of_papers(arx)
    assert papers("sync", "--arxiv", "cs.CL", *RANGE).exit_code == 0
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE meta SET value = 'junk' WHERE key = 'arxiv-sync:cs.CL:2024-01-03'")
        conn.execute("UPDATE meta SET value = '2023-12-31T00:00:00Z' "
                     "WHERE key = 'arxiv-sync:cs.CL:2024-01-10'")
    conn.close()
    before = len(api_requests(arx))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert again.exit_code == 0, again.stderr
    assert asked_days(arx)[before:] == ["submittedDate:[202401030000 TO 202401032359]",
                                        "submittedDate:[202401100000 TO 202401102359]"]
    assert json.loads(again.stdout)["skipped"] == 18
    assert stored_ids(home) == wanted


def test_a_week_arxiv_answered_with_nothing_is_asked_again_by_the_rerun(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """arXiv's API answers a query with nothing for minutes at a time: the week it did is
    not marked stored (its days long past would never be asked again), the others are."""
    wanted = days_of_papers(arx)
    arx.fail("raw", path="/api", body=arxivserver.atom_feed([], 0, 0, 500, "flaky"))
    first = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["papers"] == len(wanted) - 7 * PER_DAY
    before = len(api_requests(arx))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert again.exit_code == 0, again.stderr
    assert asked_days(arx)[before:] == ["submittedDate:[202401010000 TO 202401072359]"]
    assert json.loads(again.stdout)["skipped"] == 13
    assert stored_ids(home) == wanted


def test_an_empty_answer_part_way_through_a_week_is_asked_again(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv's API answers nothing (no entries, a total of 0) for minutes at a time: on a
    week's second page, that ended the week as if it had no more papers, and its days
    were marked stored: the papers of its later pages were never asked for again."""
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (the whole line: days, hint; 80 columns without)
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    wanted = days_of_papers(arx)
    arx.fail("slow", path="/api")  # the first page of week one answers
    arx.fail("raw", path="/api", body=arxivserver.atom_feed([], 0, 25, 25, "flaky"))
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert result.exit_code == 0, result.stderr
    assert stored_ids(home) == wanted
    summary = json.loads(result.stdout)
    assert summary["papers"] == len(wanted) and summary["requests"] == 12  # 11 and 1 again
    # an answer of nothing that lasts is an error, never the end of the week
    arx.fail("slow", path="/api")
    arx.fail("raw", times=4, path="/api",
             body=arxivserver.atom_feed([], 0, 25, 25, "flaky"))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--refresh")
    assert again.exit_code == 1
    assert ("2024-01-01 to 2024-01-07: arXiv kept answering a short page (0 of 25 results at "
            "25 of 84)") in again.stderr, again.stderr


def test_weeks_with_nothing_are_stored_once_a_second_answer_an_hour_later_agrees(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A backfill reaching back before the category had papers asked each empty week
    again on every rerun, forever (a year of them: 53 requests, some three minutes): a
    second answer of nothing, an hour or more after the first, now marks them stored."""
    wanted = days_of_papers(arx)
    since = ("--since", "2023-12-04", "--until", "2024-01-07")  # 4 empty weeks, 1 not
    first = papers("sync", "--arxiv", "cs.CL", *since, "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["requests"] == 5
    # at once: arXiv may be answering nothing for a while, so the empty weeks are asked
    soon = papers("sync", "--arxiv", "cs.CL", *since, "--json")
    assert (json.loads(soon.stdout)["requests"], json.loads(soon.stdout)["skipped"]) == (4, 7)
    # later, nothing again: that is their answer
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T14:30:00Z")
    later = papers("sync", "--arxiv", "cs.CL", *since, "--json")
    assert json.loads(later.stdout)["requests"] == 4
    done = papers("sync", "--arxiv", "cs.CL", *since)
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ("papers: nothing to fetch: arXiv cs.CL, 2023-12-04 to 2024-01-07 "
                           "already stored\n")
    assert stored_ids(home) == {p for p in wanted if p < "2401.08000"}
    # a week that answered nothing once and papers later is stored with its papers
    arx.fail("raw", path="/api", body=arxivserver.atom_feed([], 0, 0, 500, "flaky"))
    week = ("--since", "2024-01-08", "--until", "2024-01-14")
    assert papers("sync", "--arxiv", "cs.CL", *week).exit_code == 0
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T16:00:00Z")
    assert papers("sync", "--arxiv", "cs.CL", *week).exit_code == 0
    assert {p for p in wanted if "2401.08000" < p < "2401.15000"} <= stored_ids(home)
    assert not meta_stored(home.library, "arxiv-sync-empty:cs.CL:2024-01-08")


def test_days_before_arxiv_began_are_not_asked(papers: Papers, home: Home,
                                               arx: ArxivServer) -> None:
    """`--since 1970-01-01` for "all of it" asked arXiv about every week from 1970 on:
    1,100 empty weeks, about an hour at 3 s each, before its first paper of August 1991."""
    old = Paper("hep-th/9108001", "The first one", ["hep-th"],
                datetime(1991, 8, 14, 12, tzinfo=UTC))
    arx.add(old)
    result = papers("sync", "--arxiv", "hep-th", "--since", "1970-01-01", "--until",
                    "1991-08-20", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["since"], summary["requests"], summary["added"]) == ("1991-08-01", 3, 1)
    # said first, as a sync from before Daily Papers says it (it began there without a word)
    assert result.stderr.startswith(
        "papers: arXiv began on 1991-08-01: syncing from there\npapers: synced arXiv hep-th, "
        "1991-08-01 to 1991-08-20: 1 paper added"), result.stderr
    before = papers("sync", "--arxiv", "hep-th", "--since", "1980-01-01", "--until",
                    "1990-12-31")
    assert before.exit_code == 2
    # (in 80 columns: "nothing was submitted to arXiv from 1980-01-01 to 1990-12-31: it
    # began on 1991-08-01 — pick days from 1991-08-01 on" made 133)
    assert before.stderr == (
        "papers: error: arXiv began on 1991-08-01, after 1990-12-31 — pick later days\n"
    ), before.stderr
    assert len(api_requests(arx)) == 3


@pytest.mark.parametrize("given", ["", ", "])
def test_an_arxiv_option_naming_no_category_is_a_usage_error(
        papers: Papers, arx: ArxivServer, given: str) -> None:
    """`--arxiv ""` (a variable left empty) said "nothing to fetch: arXiv , 2024-01-01 to
    2024-01-20 already stored", exit 0, having asked nothing."""
    result = papers("sync", "--arxiv", given, *RANGE)
    assert (result.exit_code, result.stdout) == (2, "")
    # (in 80 columns: "… — e.g. papers sync --arxiv cs.CL --since 30d" took 85)
    assert result.stderr == ("papers: error: --arxiv names no category — e.g. --arxiv cs.CL "
                             "--since 30d\n")


def test_a_failure_midway_keeps_what_was_stored_and_a_rerun_completes(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (the whole line: days, hint; 80 columns without)
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    wanted = days_of_papers(arx)
    arx.fail("slow", times=5, path="/api")  # the first week and a page of the second
    arx.fail("status", times=10, path="/api", status=503)
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert result.exit_code == 1
    err = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(err) == 1 and "503" in err[0], result.stderr
    # the days asked for, not the query URL (four lines of 80 columns); --json keeps it
    assert ("error: sync stopped: 2024-01-08 to 2024-01-14: arXiv answered HTTP 503 "
            "(gave up after 4 attempts)") in err[0], err
    assert "search_query" not in result.stderr, result.stderr
    stopped = json.loads(result.stdout)
    assert "search_query=" in stopped["url"]
    # every attempt counted, the four refused too (it counted the pages answered)
    assert stopped["requests"] == len(api_requests(arx)) == 9
    kept = stored_ids(home)
    assert 7 * PER_DAY < len(kept) < len(wanted)  # week one and a page of week two
    arx.state.faults.clear()
    done = len(api_requests(arx))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert again.exit_code == 0, again.stderr
    assert stored_ids(home) == wanted
    assert "202401010000" not in " ".join(asked_days(arx)[done:])  # week one not again
    summary = json.loads(again.stdout)
    assert summary["skipped"] == 7 and summary["fetched"] == 13
    assert summary["requests"] == 7  # weeks two and three, whole


def test_a_stopped_sync_says_how_far_it_got_and_not_that_nothing_was_stored(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync that failed in its second week said "synced arXiv cs.CL, 2024-01-01 to
    2024-01-20: 84 papers added", as if the range was done, then that "nothing was stored"
    (of the broken answer), and "try again later; run the same command again". It says it
    stopped, as the Hub's sync does, in clauses that fit 80 columns ("synced 14 of 20
    days of arXiv cs.CL, 2024-01-01 to 2024-01-20 (7 already stored): 84 papers added"
    had no break point: 105)."""
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (the whole line: days, hint; 80 columns without)
    days_of_papers(arx)
    arx.fail("slow", path="/api")  # the first week answers
    arx.fail("truncated", times=4, path="/api")  # asked again three times
    result = papers("sync", "--arxiv", "cs.CL", *RANGE)
    assert result.exit_code == 1
    *said, error = result.stderr.strip().splitlines()
    summary = "\n".join(said)  # (a clause to a line, in 80 columns)
    assert summary.startswith("papers: sync of arXiv cs.CL, 2024-01-01 to 2024-01-20 "
                              "stopped; 7 of 20 days done\npapers: 84 papers added; 5 "
                              "requests in "), summary
    assert error.startswith("papers: error: sync stopped: 2024-01-08 to 2024-01-14: arXiv's "
                            "API answer was cut off: its XML stops part-way"), error
    assert "nothing was stored" not in error and "try again" not in error, error
    assert error.endswith("— the 84 papers stored before it are kept; run the same command "
                          "later to fetch what is missing"), error
    # the rerun stops in the third week: the days stored before are said apart
    arx.fail("slow", path="/api")
    arx.fail("status", times=4, path="/api", status=503)
    again = papers("sync", "--arxiv", "cs.CL", *RANGE)
    assert again.exit_code == 1
    *said, error = again.stderr.strip().splitlines()
    summary = "\n".join(said)  # (a clause to a line, in 80 columns)
    assert summary.startswith("papers: sync of arXiv cs.CL, 2024-01-01 to 2024-01-20 "
                              "stopped\npapers: 14 of 20 days done (7 already stored); 84 "
                              "papers added\n"), summary
    assert all(cell_width(line) <= 80 for line in said), said
    assert error.endswith("— arXiv may be down; run the same command later to fetch what "
                          "is missing"), error


def test_a_malformed_page_part_way_is_asked_again(papers: Papers, home: Home,
                                                 arx: ArxivServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that was not a whole feed (bad XML) part-way through a backfill stopped it
    there, for the rerun to resume: it is asked for again first, paced as any request."""
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    wanted = days_of_papers(arx)
    arx.fail("slow", times=5, path="/api")  # the first week and a page of the second
    arx.fail("malformed", path="/api")
    arx.fail("truncated", path="/api")
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert result.exit_code == 0, result.stderr
    assert stored_ids(home) == wanted
    assert json.loads(result.stdout)["requests"] == len(api_requests(arx)) == 13  # 11 + 2
    starts = [p["start"] for p in api_requests(arx)]
    assert starts[4:8] == ["0", "25", "25", "25"], starts  # the same page, not the week


def test_a_page_that_stays_malformed_stops_saying_what_was_kept(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked as often as a failed request is retried, then one line: what is kept, and
    to run the command again (whole with PAPERS_DEBUG; in 80 columns without it, which
    tests/test_sync_lines.py tests)."""
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    wanted = days_of_papers(arx)
    arx.fail("slow", times=5, path="/api")
    arx.fail("truncated", times=4, path="/api")  # network.retries is 3
    result = papers("sync", "--arxiv", "cs.CL", *RANGE)
    assert result.exit_code == 1
    assert len(api_requests(arx)) == 9
    *said, error = result.stderr.strip().splitlines()
    summary = "\n".join(said)  # (a clause to a line, in 80 columns)
    assert summary.startswith("papers: sync of arXiv cs.CL, 2024-01-01 to 2024-01-20 "
                              "stopped; 7 of 20 days done\n"), summary
    assert error.startswith("papers: error: sync stopped: 2024-01-08 to 2024-01-14: arXiv's "
                            "API answer was cut off: its XML stops part-way"), error
    assert "(asked 4 times)" in error, error
    assert error.endswith("— the 109 papers stored before it are kept; run the same command "
                          "later to fetch what is missing"), error
    assert len(stored_ids(home)) == 7 * PER_DAY + 25
    arx.state.faults.clear()
    again = papers("sync", "--arxiv", "cs.CL", *RANGE)
    assert again.exit_code == 0, again.stderr
    assert stored_ids(home) == wanted


def week_one_page(server: ArxivServer, start: int, size: int, total: int) -> bytes:
    """The page of week one's papers from `start`, as arXiv sends it, but counting
    `total` results for the query."""
    week = sorted((p for p in server.state.papers.values()
                   if "cs.CL" in p.categories and p.submitted < FIRST + timedelta(days=7)),
                  key=lambda p: (p.submitted, p.id))
    return arxivserver.atom_feed([arxivserver.atom_entry(p) for p in week[start:start + size]],
                                 total, start, size, "shrunk")


def test_a_total_that_shrinks_part_way_does_not_end_the_week_early(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The API's opensearch:totalResults changes from one page to the next now and then:
    a smaller one on the second page ended the week there (50 of its 84 papers) and
    marked its days stored, so a rerun never asked for the rest."""
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (the whole line: days, hint; 80 columns without)
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    wanted = days_of_papers(arx)
    arx.fail("slow", path="/api")  # the first page counts 84
    arx.fail("raw", path="/api", body=week_one_page(arx, 25, 25, 50))
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert result.exit_code == 0, result.stderr
    assert stored_ids(home) == wanted
    starts = [p["start"] for p in api_requests(arx)]
    assert starts[:5] == ["0", "25", "25", "50", "75"], starts  # asked again, then on
    # a count that stays smaller stops the sync, its week not marked stored
    arx.fail("slow", path="/api")
    arx.fail("raw", times=4, path="/api", body=week_one_page(arx, 25, 25, 50))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--refresh", "--json")
    assert again.exit_code == 1
    assert json.loads(again.stdout)["fetched"] == 0
    error = again.stderr.strip().splitlines()[-1]
    assert error.startswith("papers: error: sync stopped: 2024-01-01 to 2024-01-07: arXiv "
                            "counted 84 results, then 50 (asked 4 times)"), error
    # not "try again in a few minutes; run the …", nor the same command, which under
    # --refresh starts over: the one that starts at the first day not fetched
    assert error.endswith("— run the command above in a few minutes to fetch what is "
                          "missing"), error
    assert again.stderr.strip().splitlines()[-3:-1] == [
        "papers: to retry:",
        "  papers sync --arxiv cs.CL --since 2024-01-01 --until 2024-01-20 --refresh"]


def test_a_paper_on_two_pages_is_counted_once(papers: Papers, home: Home, arx: ArxivServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of the API overlap now and then (a paper at the foot of one page heads the
    next): each paper is counted once, as the Hub sync counts it. The summary added them
    up page by page: 5 papers both "added" and "unchanged", 240 counts of 235 papers."""
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    days_of_papers(arx)
    arx.fail("slow", path="/api")  # the first page as it is, then one that repeats 5
    arx.fail("raw", path="/api", body=week_one_page(arx, 20, 25, 84))
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["papers"] == len(stored_ids(home)) == 235
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (235, 0, 0)
    assert ": 235 papers added\n" in result.stderr


def test_a_total_that_grows_part_way_is_paged_to_its_end(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Papers submitted while a query is paged through raise its total: paged to the new
    end, but a count that kept growing would be paged for ever: a page past the first
    count is an error."""
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (the whole line: days, hint; 80 columns without)
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    wanted = days_of_papers(arx)
    arx.fail("raw", path="/api", body=week_one_page(arx, 0, 25, 70))
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert result.exit_code == 0, result.stderr
    assert stored_ids(home) == wanted
    assert [p["start"] for p in api_requests(arx)][:4] == ["0", "25", "50", "75"]
    arx.fail("raw", path="/api", body=week_one_page(arx, 0, 25, 30))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--refresh")
    assert again.exit_code == 1
    assert ("error: sync stopped: 2024-01-01 to 2024-01-07: arXiv's count of results kept "
            "growing while its pages were asked for (30 at first, then 84)") in again.stderr
    assert again.stderr.strip().endswith("— run the command above in a few minutes to "
                                         "fetch what is missing"), again.stderr


ENDPOINT_HINT = "check ARXIV_API_ENDPOINT points at arXiv"


@pytest.mark.parametrize(("fault", "hint"), [
    ({"kind": "short", "count": 3, "times": 4},
     "run the same command in a few minutes to fetch what is missing"),
    ({"kind": "status", "status": 429, "times": 4},
     "arXiv asks for one request every 3 seconds; wait a minute and run the same command "
     "again to fetch what is missing"),
    ({"kind": "status", "status": 503, "times": 4},
     "arXiv may be down; run the same command later to fetch what is missing"),
    ({"kind": "status", "status": 403},
     f"{ENDPOINT_HINT}; then run the same command again to fetch what is missing"),
    ({"kind": "status", "status": 404},
     f"{ENDPOINT_HINT}; then run the same command again to fetch what is missing"),
    ({"kind": "error_feed", "message": "bad query"},
     "check the categories and dates given; then run the same command again to fetch "
     "what is missing"),
    ({"kind": "huge", "size": 65 * 2**20},
     "a page of results is a few MB: check ARXIV_API_ENDPOINT, or run the same command "
     "later to fetch what is missing"),
    ({"kind": "unreachable"},  # (ARXIV_API_ENDPOINT is set: what to check, not the network)
     "check ARXIV_API_ENDPOINT; then run the same command again to "
     "fetch what is missing"),
], ids=["short-page", "429", "503", "403", "404", "error-feed", "too-big", "unreachable"])
def test_a_stopped_sync_ends_in_one_way_to_resume(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch,
        fault: dict[str, object], hint: str) -> None:
    """A short page said "try again in a few minutes; run the same command again to fetch
    what is missing", a 429 "wait a minute and try again; run the same command again": two
    ways to resume glued. Each reason a sync stops ends in one."""
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (the whole line: days, hint; 80 columns without)
    monkeypatch.setattr(arxiv_listing, "PAGE_SIZE", 25)
    days_of_papers(arx)
    if fault["kind"] == "unreachable":
        with socket.socket() as closed:  # a port nothing listens on
            closed.bind(("127.0.0.1", 0))
            monkeypatch.setenv("ARXIV_API_ENDPOINT",
                               f"http://127.0.0.1:{closed.getsockname()[1]}/api/query")
    else:
        kw = dict(fault)
        arx.fail("slow", times=4, path="/api")  # the first week's four pages answer
        arx.fail(str(kw.pop("kind")), path="/api", **kw)  # type: ignore[arg-type]
    result = papers("sync", "--arxiv", "cs.CL", *RANGE)
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("papers: error: sync stopped: "), error
    assert error.endswith(f" — {hint}"), error
    assert "try again" not in error and error.count("the same command") == 1, error


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_keeps_stored_pages_and_a_rerun_completes(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch,
        signum: int, code: int, said: str) -> None:
    """SIGTERM said "interrupted" and exited 130, as Ctrl-C does: "terminated", 143."""
    wanted = days_of_papers(arx)
    monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.5")

    def a_week_stored() -> bool:
        return meta_stored(home.library, "arxiv-sync:")

    exit_code, _out, err = interrupt_when(a_week_stored, "sync", "--arxiv", "cs.CL", *RANGE,
                                          signum=signum)
    assert exit_code == code, err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert errors == [f"papers: error: {said} — pages stored so far are kept; rerun it to "
                      "resume"], err
    assert len(errors[0]) <= 80
    assert "Traceback" not in err
    # how far it got, started as the Hub's interrupted sync is: "synced 7 of 20 days of
    # arXiv …" (and "synced arXiv cs.CL, 2024-01-01 to 2024-01-20" before it) read as done
    assert re.search(r"papers: sync of arXiv cs\.CL, 2024-01-01 to 2024-01-20 stopped"
                     r"(; |\npapers: )[0-9]+ of 20 days done(; |\npapers: )[0-9,]+ papers",
                     err), err
    assert all(cell_width(line) <= 80 for line in err.splitlines()), err
    kept = stored_ids(home)
    assert 7 * PER_DAY <= len(kept) < len(wanted)
    monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.01")
    done = len(api_requests(arx))
    again = papers("sync", "--arxiv", "cs.CL", *RANGE, "--json")
    assert again.exit_code == 0, again.stderr
    assert stored_ids(home) == wanted
    assert "202401010000" not in " ".join(asked_days(arx)[done:])
    assert json.loads(again.stdout)["skipped"] >= 7


def test_a_refresh_cut_short_says_the_command_that_resumes_it(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--refresh` asks for every day again, so "rerun it to resume" started it over: the
    weeks already asked again were asked a third time, at arXiv's 3 s a request. It names
    the command that asks for the days left, which skips the weeks done."""
    days_of_papers(arx)
    monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.5")

    def a_week_stored() -> bool:
        return meta_stored(home.library, "arxiv-sync:")

    exit_code, _out, err = interrupt_when(a_week_stored, "sync", "--arxiv", "cs.CL", *RANGE,
                                          "--refresh")
    assert exit_code == 130, err
    lines = err.strip().splitlines()
    assert lines[-1] == ("papers: error: interrupted — pages stored so far are kept; resume "
                         "as above"), err
    # (the command whole, to copy, on a line of its own: after "to resume:" it made 92)
    assert lines[-3] == "papers: to resume:", err
    resume = re.fullmatch(r"  (papers sync --arxiv cs\.CL --since "
                          r"(2024-01-(?:08|15)) --until 2024-01-20 --refresh)", lines[-2])
    assert resume, err
    assert all(cell_width(line) <= 80 for line in lines), err
    monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.01")
    done = len(api_requests(arx))
    again = papers(*resume[1].split()[1:], "--json")
    assert again.exit_code == 0, again.stderr
    assert "202401010000" not in " ".join(asked_days(arx)[done:])  # the first week: done
    assert json.loads(again.stdout)["since"] == resume[2]


def _refresh_failing_after_a_week(papers: Papers, arx: ArxivServer, categories: str
                                  ) -> Result:
    """`sync --arxiv CATEGORIES --refresh` over RANGE, arXiv answering its first week
    and then 503 past the retries."""
    days_of_papers(arx)
    arx.fail("slow", path="/api")  # the first week answers
    arx.fail("status", times=4, path="/api", status=503)
    return papers("sync", "--arxiv", categories, *RANGE, "--refresh")


def test_a_refresh_that_fails_names_the_command_that_resumes_it(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """A --refresh arXiv stopped (a 503 past its retries) said "run the same command
    again", which asks for every day again from --since: the week fetched was fetched
    again. As a refresh cut short by Ctrl-C does, it names the command that starts at
    the first day not fetched."""
    result = _refresh_failing_after_a_week(papers, arx, "cs.CL")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-3:-1] == [
        "papers: to retry:",
        "  papers sync --arxiv cs.CL --since 2024-01-08 --until 2024-01-20 --refresh"], lines
    assert lines[-1].startswith("papers: error: sync stopped: "), lines
    assert lines[-1].endswith(" retry as above later"), lines  # (not "rerun it later")
    assert all(cell_width(line) <= 80 for line in lines), lines
    done = len(api_requests(arx))
    again = papers(*lines[-2].split()[1:], "--json")
    assert again.exit_code == 0, again.stderr
    assert "202401010000" not in " ".join(asked_days(arx)[done:])  # the first week: done
    assert json.loads(again.stdout)["since"] == "2024-01-08"


def test_a_resume_command_too_wide_goes_on_lines_of_its_own(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """Several categories made "papers: to retry: papers sync --arxiv …" 100 columns and
    more: the command goes after "to retry:", on lines within 80 columns, broken as a
    shell takes it (a backslash at the end of a line)."""
    result = _refresh_failing_after_a_week(papers, arx, "cs.CL,cs.CV,cs.LG")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert all(cell_width(line) <= 80 for line in lines), lines
    at = lines.index("papers: to retry:")
    command = lines[at + 1:-1]
    assert len(command) == 2 and command[0].endswith(" \\"), lines
    assert [line[:4] for line in command] == ["  pa", "    "], lines
    words = " ".join(command).replace(" \\", "").split()
    assert words == ["papers", "sync", "--arxiv", "cs.CL,cs.CV,cs.LG", "--since",
                     "2024-01-08", "--until", "2024-01-20", "--refresh"], lines
    again = papers(*words[1:], "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["since"] == "2024-01-08"


def test_an_unknown_category_is_a_usage_error_without_a_request(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    result = papers("sync", "--arxiv", "cs.CX", *RANGE)
    assert result.exit_code == 2
    assert "cs.CX" in result.stderr
    assert arx.requests == []
    assert stored_ids(home) == set()


def test_offline_is_a_usage_error(papers: Papers, arx: ArxivServer) -> None:
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "--offline")
    assert result.exit_code == 2
    assert arx.requests == []


def test_progress_shows_on_a_terminal(home: Home, arx: ArxivServer) -> None:
    """With stderr on a terminal the progress bar is drawn (and not when piped, above)."""
    from test_terminal import on_pty

    days_of_papers(arx)
    code, text, _ = on_pty("sync", "--arxiv", "cs.CL", *RANGE, cols=80, stderr_on_pty=True)
    assert code == 0
    assert "syncing arXiv" in text and "20/20" in text


def test_each_week_has_its_own_time_budget(papers: Papers, home: Home, arx: ArxivServer,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Six weeks at 0.5 s pacing outlast a 1 s budget; each week alone does not."""
    wanted = days_of_papers(arx)
    monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.5")
    monkeypatch.setenv("PAPERS_BUDGET", "1")
    result = papers("sync", "--arxiv", "cs.CL", "--since", "2024-01-01", "--until",
                    "2024-02-11", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["requests"] == 6 == len(api_requests(arx))
    assert stored_ids(home) == wanted


def test_a_503_wait_is_said_under_the_bar(home: Home, arx: ArxivServer) -> None:
    """The backfill's bar stood still without a word while arXiv's 503 was waited out (its
    client had no status hook): the wait is now said on a line under the bar, and erased
    with it."""

    from conftest import installed_papers, lines_under, screen_lines, stderr_on_terminal

    days_of_papers(arx)
    arx.fail("status", status=503, retry_after="1")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--arxiv", "cs.CL",
                                        *RANGE])
    assert code == 0, text
    assert any(below.startswith("arXiv answered 503; retrying in 1 s, 1 of ")
               for below in lines_under(text, "syncing arXiv")), text
    shown = screen_lines(text)
    assert len(shown) == 1 and shown[0].startswith("papers: synced "), shown


def test_a_retry_wait_counts_down_under_the_bar(home: Home, arx: ArxivServer) -> None:
    """"retrying in 3 s" stood still for the whole wait: it counts down, each second,
    without asking arXiv anything more."""
    from conftest import installed_papers, lines_under, stderr_on_terminal

    days_of_papers(arx)
    arx.fail("status", status=503, retry_after="3")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--arxiv", "cs.CL",
                                        *RANGE])
    assert code == 0, text
    said = [below for below in lines_under(text, "syncing arXiv") if "retrying" in below]
    assert [f"arXiv answered 503; retrying in {n} s, 1 of 3" for n in (3, 2, 1)] == sorted(
        set(said), reverse=True), said
    assert len(api_requests(arx)) == 4  # the week refused once, then its three weeks


def test_the_bar_counts_one_paper_and_one_request_in_the_singular(home: Home,
                                                                  arx: ArxivServer) -> None:
    """The bar said "1 papers · 1 requests" where the summary says "1 paper"."""
    from test_terminal import on_pty

    arx.add(Paper("2401.00001", "Alone", ["cs.CL"], FIRST))
    code, text, _ = on_pty("sync", "--arxiv", "cs.CL", "--since", "2024-01-01", "--until",
                           "2024-01-01", cols=100, stderr_on_pty=True)
    assert code == 0, text
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    assert "1/1 days · 1 paper · 1 request " in plain, plain
    assert "1 papers" not in plain and "1 requests" not in plain, plain


def test_the_bar_says_it_is_asking_until_the_first_answer(home: Home,
                                                          arx: ArxivServer) -> None:
    """While the first request was in flight (seconds, at arXiv's pace) the bar said
    "0 requests", as if none had been made: it says "asking arXiv…" until one is answered."""
    from test_terminal import on_pty

    days_of_papers(arx)
    arx.fail("slow", path="/api", delay=1.0)
    code, text, _ = on_pty("sync", "--arxiv", "cs.CL", *RANGE, cols=100, stderr_on_pty=True)
    assert code == 0, text
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    assert "0/20 days · 0 papers · asking arXiv…" in plain, plain
    assert "0 requests" not in plain, plain
    assert re.search(r"[0-9]+/20 days · [0-9]+ papers · [0-9]+ requests? ", plain), plain


def test_the_bar_counts_days_thousands_separated(home: Home, arx: ArxivServer) -> None:
    """A backfill of years counted "1095/1095 days" beside "1,340 papers"."""
    from test_terminal import on_pty

    code, text, _ = on_pty("sync", "--arxiv", "cs.CL", "--since", "2021-01-01", "--until",
                           "2023-12-31", cols=100, stderr_on_pty=True)
    assert code == 0, text
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    assert "1,095/1,095 days" in plain, plain
    assert "1095" not in plain, plain


def test_the_pacing_wait_says_which_days_are_asked_for(home: Home, arx: ArxivServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the bar, arXiv's pacing wait said only "fetching http://…/api/query…": it
    now says the days asked for and the pace arXiv allows."""

    from conftest import installed_papers, lines_under, stderr_on_terminal

    days_of_papers(arx)
    monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "1")  # the second week waits 1 s
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--arxiv", "cs.CL",
                                        "--since", "2024-01-01", "--until", "2024-01-10"])
    assert code == 0, text
    assert ("asking arXiv for 2024-01-08 to 2024-01-10 (paced 1 s)…"
            in lines_under(text, "syncing arXiv")), text
    assert "/api/query" not in text, text


def test_concurrency_with_arxiv_is_said_to_do_nothing(papers: Papers, home: Home,
                                                      arx: ArxivServer) -> None:
    """`sync --arxiv … -j 4` took -j and ignored it without a word: arXiv is paced."""
    days_of_papers(arx)
    result = papers("sync", "--arxiv", "cs.CL", *RANGE, "-j", "4")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "papers: warning: --concurrency is for the Hub: arXiv is asked once every 3 s")
    assert "warning" not in papers("sync", "--arxiv", "cs.CL", *RANGE).stderr



def test_a_summary_too_wide_is_broken_between_words_never_inside_a_count(
        home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A summary whose first clause alone was wider than the terminal was broken after
    "0" and its "papers;" left alone on a line, the next clause on a third: a count stays
    with its word, and the clauses after go on from where the long one ends."""
    from conftest import installed_papers, screen_lines, stderr_on_terminal

    arx.fail("status", status=400, path="/api", body=b"<html>Bad Request</html>")
    head = "papers: sync of arXiv cs.CL, 2024-01-01 to 2024-01-20"
    monkeypatch.setenv("COLUMNS", str(len(f"{head} stopped;") - 2))  # "stopped;" is over
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--arxiv", "cs.CL",
                                        *RANGE])
    assert code == 1, text
    shown = screen_lines(text)
    assert shown[0] == head and shown[1].startswith(
        "  stopped; 0 of 20 days done; 0 papers; 1 request in "), shown
