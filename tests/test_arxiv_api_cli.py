"""`papers arxiv --date/--since` (arXiv's API, paged) and `papers show` of a paper only
arXiv knows: through `main()`, against the loopback arXiv (and Hub)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import arxivserver
from arxivserver import ArxivServer, Paper, make_papers
from conftest import NOW, Home, Papers, one_line
from hubserver import HubServer
from papercli import arxiv_listing

DAY = datetime(2024, 1, 15, tzinfo=UTC)


def api_requests(server: ArxivServer) -> list[dict[str, str]]:
    return [r.params for r in server.requests if r.path.startswith("/api")]


def listing_keys(home: Home) -> list[str]:
    if not home.library.exists():
        return []
    with sqlite3.connect(home.library) as conn:
        return [k for (k,) in conn.execute("SELECT key FROM listings ORDER BY key")]


def stored_ids(home: Home) -> set[str]:
    if not home.library.exists():
        return set()
    with sqlite3.connect(home.library) as conn:
        return {i for (i,) in conn.execute("SELECT id FROM papers")}


def a_few_days(server: ArxivServer) -> None:
    """Four days of cs.CL (and one cs.CV paper a day), authors telling them apart."""
    for n in range(4):
        day = DAY + timedelta(days=n - 1, hours=10)
        server.add(
            Paper(f"2401.2{n}001", f"Parsing day {n}", ["cs.CL"], day,
                  authors=["Grace Parser"]),
            Paper(f"2401.2{n}002", f"Translating day {n}", ["cs.CL", "cs.AI"],
                  day + timedelta(minutes=5), authors=["Alan Translator"]),
            Paper(f"2401.2{n}003", f"Seeing day {n}", ["cs.CV"], day + timedelta(minutes=9)),
        )


# -- one day, paged ----------------------------------------------------------------------


def test_a_busy_day_is_paged_by_the_total_each_paper_once(papers: Papers, home: Home,
                                                         arx: ArxivServer) -> None:
    day = make_papers(1100, "cs.CL", DAY)  # three pages of 500
    arx.add(*day, *make_papers(7, "cs.CL", DAY + timedelta(days=1), prefix="2402"),
            *make_papers(5, "cs.CV", DAY, prefix="2403"))
    result = papers("arxiv", "cs.CL", "--date", "2024-01-15", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert sorted(result.ids) == sorted(p.id for p in day)
    asked = api_requests(arx)
    assert len(asked) == 3
    assert [a["start"] for a in asked] == ["0", "500", "1000"]
    assert {a["max_results"] for a in asked} == {str(arxiv_listing.PAGE_SIZE)}
    assert all("submittedDate:[202401150000 TO 202401152359]" in a["search_query"]
               and "cat:cs.CL" in a["search_query"] for a in asked)
    assert listing_keys(home) == ["arxiv:cs.CL:2024-01-15"]
    assert stored_ids(home) == {p.id for p in day}


def test_more_papers_than_a_listing_holds_is_refused_after_one_page(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A year of a busy category would be held whole and paged for minutes: the first
    page's total refuses it, saying how to have them all."""
    monkeypatch.setattr(arxiv_listing, "MAX_LISTED", 1000)
    arx.add(*make_papers(1001, "cs.LG", DAY))
    result = papers("arxiv", "cs.LG", "--since", "2024-01-10", "--until", "2024-01-20")
    assert result.exit_code == 2
    assert one_line(result.stderr) == (  # (in 80 columns; PAPERS_DEBUG: the commands)
        "papers: error: 1,001 papers in cs.LG, more than 1,000 at once — narrow the days")
    assert result.stdout == ""
    assert len(api_requests(arx)) == 1
    assert listing_keys(home) == [] and stored_ids(home) == set()
    whole = papers("arxiv", "cs.LG", "--since", "2024-01-10", "--until", "2024-01-20",
                   env={"PAPERS_DEBUG": "1"})
    assert one_line(whole.stderr) == (
        "papers: error: 1,001 papers in cs.LG were submitted from 2024-01-10 to 2024-01-20, "
        "more than papers arxiv lists at once (1,000) — narrow the days, or store them all "
        "with papers sync --arxiv cs.LG --since 2024-01-10 --until 2024-01-20 and list "
        "them with papers search --source arxiv --category cs.LG --since 2024-01-10 "
        "--until 2024-01-20")
    arx.add(*make_papers(999, "cs.LG", DAY + timedelta(days=1), prefix="2402"))
    day = papers("arxiv", "cs.LG", "--date", "2024-01-16", "-q", "-n", "0")  # 999: listed
    assert day.exit_code == 0, day.stderr
    assert len(day.stdout.split()) == 999


def test_a_slow_page_says_how_far_the_paging_is_on_a_terminal(home: Home,
                                                             arx: ArxivServer) -> None:
    """Pages at arXiv's 3 s each, and a slow one on top: the status line says how many
    papers are in, not nothing at all."""
    from test_terminal import on_pty

    arx.add(*make_papers(1100, "cs.CL", DAY))
    arx.fail("slow", path="/api", delay=0.0)
    arx.fail("slow", path="/api", delay=1.5)
    code, text, _ = on_pty("arxiv", "cs.CL", "--date", "2024-01-15", "-q", cols=100,
                           stderr_on_pty=True)
    assert code == 0
    assert "fetching arXiv's papers: 500 of 1,100 in (paced 0.01 s)…" in text
    assert len([line for line in text.splitlines() if "2401.1" in line]) == 1100


def test_a_retry_wait_counts_down_on_the_status_line(papers: Papers, home: Home,
                                                     arx: ArxivServer) -> None:
    """"retrying in 2 s" stood still for the whole wait on the status line: it counts
    down, without asking arXiv anything more; piped, nothing is said of it."""
    from conftest import installed_papers, screens, stderr_on_terminal

    a_few_days(arx)
    arx.fail("status", path="/api", status=503, retry_after="2")
    code, out, text = stderr_on_terminal([installed_papers(), "arxiv", "cs.CL", "--date",
                                          "2024-01-15", "-q"])
    assert code == 0, text
    said = {line for shown in screens(text) for line in shown if "retrying" in line}
    assert said == {f"arXiv answered 503; retrying in {n} s, 1 of 3" for n in (2, 1)}, said
    assert len(api_requests(arx)) == 2 and out.decode().split() == ["2401.21001",
                                                                    "2401.21002"]
    arx.fail("status", path="/api", status=503, retry_after="1")
    piped = papers("arxiv", "cs.CL", "--date", "2024-01-15", "-q", "--refresh")
    assert piped.exit_code == 0 and piped.stderr == "", piped.stderr


def test_a_short_page_part_way_is_asked_again(papers: Papers, home: Home,
                                              arx: ArxivServer) -> None:
    day = make_papers(1100, "cs.CL", DAY)
    arx.add(*day)
    arx.fail("slow", delay=0)  # taken by the first page: answered whole
    arx.fail("short", count=40)  # the second page: 40 of 500
    result = papers("arxiv", "cs.CL", "--date", "2024-01-15", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert len(result.ids) == len(set(result.ids)) == 1100
    assert [a["start"] for a in api_requests(arx)] == ["0", "500", "500", "1000"]


def test_pages_that_stay_short_store_nothing(papers: Papers, home: Home,
                                            arx: ArxivServer) -> None:
    arx.add(*make_papers(700, "cs.CL", DAY))
    arx.fail("slow", delay=0)
    arx.fail("short", count=0, times=arxiv_listing.SHORT_RETRIES + 1)
    result = papers("arxiv", "cs.CL", "--date", "2024-01-15")
    assert result.exit_code == 1
    # (in 80 columns: "… a short page (0 of 200 results at 500 of 700); nothing was stored
    # — try again later" made 117; PAPERS_DEBUG says the counts)
    assert one_line(result.stderr) == (
        "papers: error: arXiv kept answering a short page — try again in a few minutes")
    assert len(api_requests(arx)) == arxiv_listing.SHORT_RETRIES + 2
    assert listing_keys(home) == [] and stored_ids(home) == set()


# -- a range, the listing options, offline -------------------------------------------------


def test_a_range_with_filters_json_and_offline_afterwards(
        papers: Papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    with ArxivServer() as server:
        monkeypatch.setenv("ARXIV_API_ENDPOINT", server.api_url)
        monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.01")
        a_few_days(server)
        assert papers("config", "set", "sources.arxiv", "cs.CL").exit_code == 0
        table = papers("arxiv", "--since", "2024-01-15", "--until", "2024-01-16")
        assert table.exit_code == 0, table.stderr
        assert "submitted 2024-01-15 to 2024-01-16" in table.stdout
        assert "Parsing day 1" in table.stdout and "Translating day 2" in table.stdout
        assert "day 0" not in table.stdout and "day 3" not in table.stdout
        assert "Seeing" not in table.stdout
        online = papers("arxiv", "--since", "2024-01-15", "--until", "2024-01-16",
                        "--author", "Translator", "--json", "--sort", "new")
        assert online.exit_code == 0, online.stderr
        assert online.ids == ["2401.22002", "2401.21002"]
        assert online.json[0]["categories"] == ["cs.CL", "cs.AI"]
        assert len(api_requests(server)) == 1  # the second run read the cached listing
    assert listing_keys(home) == ["arxiv:cs.CL:2024-01-15..2024-01-16"]
    offline = papers("arxiv", "--since", "2024-01-15", "--until", "2024-01-16",
                     "--author", "Translator", "--json", "--sort", "new", "--offline")
    assert offline.exit_code == 0, offline.stderr
    assert offline.json == online.json
    md = papers("arxiv", "--since", "2024-01-15", "--until", "2024-01-16", "--offline",
                "-n", "1", "--sort", "new", "--format", "md", "-o", "range.md")
    assert md.exit_code == 0, md.stderr
    written = Path("range.md").read_text(encoding="utf-8")
    assert "Translating day 2" in written and "Parsing day 1" not in written
    missing = papers("arxiv", "--date", "2024-01-17", "--offline")
    assert missing.exit_code == 1 and "2024-01-17" in one_line(missing.stderr)


def test_new_only_on_submitted_days_leaves_out_cross_lists_not_later_versions(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """Every paper submitted that day was first submitted then: one replaced since (v3)
    is still that day's new paper in its own category; a cross-list is not."""
    arx.add(Paper("2401.31001", "Submitted that day, replaced twice since", ["cs.CL"],
                  DAY + timedelta(hours=9), version=3, updated=DAY + timedelta(days=3)),
            Paper("2401.31002", "Submitted that day, once", ["cs.CL", "cs.LG"],
                  DAY + timedelta(hours=10)),
            Paper("2401.31003", "A cs.LG paper cross-listed to cs.CL", ["cs.LG", "cs.CL"],
                  DAY + timedelta(hours=11), version=2))
    for extra in ((), ("--offline",)):
        result = papers("arxiv", "cs.CL", "--date", "2024-01-15", "--new-only", "-q", *extra)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.split() == ["2401.31001", "2401.31002"]


def test_date_options_are_checked_before_any_request(papers: Papers, home: Home,
                                                     arx: ArxivServer) -> None:
    both = papers("arxiv", "cs.CL", "--date", "2024-01-15", "--since", "2024-01-14")
    assert both.exit_code == 2 and "--date" in one_line(both.stderr)
    bad = papers("arxiv", "cs.CL", "--date", "15/01/2024")
    assert bad.exit_code == 2 and "15/01/2024" in one_line(bad.stderr)
    backwards = papers("arxiv", "cs.CL", "--since", "2024-01-16", "--until", "2024-01-15")
    assert backwards.exit_code == 2
    # A start after today is in the future, not a range "ending today" before it starts.
    tomorrow = (datetime.fromisoformat(NOW) + timedelta(days=1)).date().isoformat()
    future = papers("arxiv", "cs.CL", "--since", tomorrow)
    assert future.exit_code == 2
    assert one_line(future.stderr).startswith(f"papers: error: {tomorrow} is in the future")
    assert api_requests(arx) == [] and listing_keys(home) == []


def test_until_alone_is_a_usage_error_not_a_filter_on_the_announcement(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """`--until D` without `--since` is not "the days up to D" (all of arXiv) nor a filter
    on today's announcement: it says what to give instead, before any request."""
    a_few_days(arx)
    arx.announce(*make_papers(2, "cs.CL", DAY, prefix="2402"))
    for until in ("2024-01-16", "yesterday"):
        result = papers("arxiv", "cs.CL", "--until", until)
        assert result.exit_code == 2, result.stdout
        assert "--until needs --since" in one_line(result.stderr)
        assert "--date" in result.stderr and result.stdout == ""
    assert arx.requests == [] and listing_keys(home) == []
    ranged = papers("arxiv", "cs.CL", "--since", "2024-01-15", "--until", "2024-01-16", "--json")
    assert ranged.exit_code == 0, ranged.stderr


def test_days_that_have_not_begun_are_not_asked_for_or_kept(
        papers: Papers, home: Home, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A future --date or --since is a usage error (as `papers day` has it); a range
    reaching past today ends today. Before, arXiv was asked, and the empty answer was
    kept as final ("settled") once the days were a week old."""
    future = papers("arxiv", "cs.CL", "--date", "2026-12-01")
    assert future.exit_code == 2
    assert one_line(future.stderr) == ("papers: error: 2026-12-01 is in the future — pick "
                                       "today or earlier")
    assert papers("arxiv", "cs.CL", "--since", "2026-11-26").exit_code == 2
    assert api_requests(arx) == [] and listing_keys(home) == []
    ranged = papers("arxiv", "cs.CL", "--since", "2026-11-24", "--until", "2026-12-31")
    assert ranged.exit_code == 0, ranged.stderr
    assert ranged.stdout == "" and "2026-11-24 to 2026-11-25 · nothing submitted" in (
        ranged.stderr)
    assert listing_keys(home) == ["arxiv:cs.CL:2026-11-24..2026-11-25"]
    # Fetched on its last day, the range is not final a month later: asked again, once.
    arx.add(Paper("2611.30001", "Parsing late", ["cs.CL"],
                  datetime(2026, 11, 25, 20, tzinfo=UTC)))
    monkeypatch.setenv("PAPERS_NOW", "2026-12-28T12:00:00Z")
    asked = len(api_requests(arx))
    late = papers("arxiv", "cs.CL", "--since", "2026-11-24", "--until", "2026-11-25", "--json")
    assert late.ids == ["2611.30001"] and len(api_requests(arx)) > asked
    asked = len(api_requests(arx))
    assert papers("arxiv", "cs.CL", "--since", "2026-11-24", "--until", "2026-11-25",
                  "--json").ids == ["2611.30001"]
    assert len(api_requests(arx)) == asked  # settled now


def test_cache_info_says_an_arxiv_listing_came_from_arxiv(papers: Papers, home: Home,
                                                         arx: ArxivServer) -> None:
    a_few_days(arx)
    assert papers("arxiv", "cs.CL", "--date", "2024-01-15").exit_code == 0
    entries = papers("cache", "info", "--json").json["entries"]
    assert [(e["key"], e["source"]) for e in entries] == [("arxiv:cs.CL:2024-01-15", "arxiv")]
    table = papers("cache", "info").stdout.splitlines()
    assert table[-1].split()[-1] == "arXiv", table


def test_a_day_with_nothing_submitted_is_an_empty_listing(papers: Papers, home: Home,
                                                          arx: ArxivServer) -> None:
    a_few_days(arx)
    result = papers("arxiv", "math.AG", "--date", "2024-01-15")
    assert result.exit_code == 0, result.stderr
    # (one category's one day was said "in those categories on those days")
    # (on stderr, said once, nothing on stdout: an empty listing, as every one; in 80
    # columns: "… · submitted 2024-01-15 · nothing submitted in that category that day"
    # made 92, and a range of two categories 122)
    assert result.stdout == "" and one_line(result.stderr) == (
        "papers: arXiv · math.AG · 2024-01-15 · nothing submitted")
    more = papers("arxiv", "math.AG", "math.GT", "--since", "2024-01-14", "--until",
                  "2024-01-15")
    assert more.exit_code == 0, more.stderr
    assert one_line(more.stderr) == (
        "papers: arXiv · math.AG, math.GT · 2024-01-14 to 2024-01-15 · nothing submitted")
    many = papers("arxiv", "math.AG", "math.GT", "math.NT", "math.CO", "math.PR",
                  "--since", "2024-01-14", "--until", "2024-01-15")
    assert one_line(many.stderr) == (
        "papers: arXiv · 5 categories · 2024-01-14 to 2024-01-15 · nothing submitted")
    # (the listing's own title, in a document, says it whole)
    md = papers("arxiv", "math.AG", "--date", "2024-01-15", "-f", "md")
    assert md.stdout.startswith("# arXiv · math.AG · submitted 2024-01-15 · nothing "
                                "submitted in that category that day\n"), md.stdout


def test_an_empty_answer_for_days_long_past_is_asked_again_later(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv's API answers a query with nothing for minutes at a time. Days two years old
    are final once fetched, but an empty copy of them is not: asked again once stale."""
    arx.fail("raw", path="/api", body=arxivserver.atom_feed([], 0, 0, 500, "flaky"))
    a_few_days(arx)
    flaky = papers("arxiv", "cs.CL", "--date", "2024-01-15", "-q")
    assert flaky.exit_code == 0 and flaky.stdout == ""
    assert papers("arxiv", "cs.CL", "--date", "2024-01-15", "-q").stdout == ""  # still fresh
    assert len(api_requests(arx)) == 1
    monkeypatch.setenv("PAPERS_NOW", "2026-11-26T12:00:00Z")
    later = papers("arxiv", "cs.CL", "--date", "2024-01-15", "-q")
    assert later.exit_code == 0, later.stderr
    assert later.stdout.split() == ["2401.21001", "2401.21002"]
    monkeypatch.setenv("PAPERS_NOW", "2026-11-28T12:00:00Z")
    assert papers("arxiv", "cs.CL", "--date", "2024-01-15", "-q").stdout.split() == [
        "2401.21001", "2401.21002"]
    assert len(api_requests(arx)) == 2  # the papers' copy is final


def test_the_apis_date_replaces_the_announcement_day_of_a_paper_only_arxiv_knows(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """The RSS announcement gives only the day a paper was announced, a day or more after
    it was submitted; the API (asked later) knows v1's date, and that is its arXiv date,
    whichever came first. A later announcement does not take it back."""
    a_few_days(arx)
    arx.announce(*(p for p in arx.state.papers.values() if p.id.startswith("2401.21")))
    announced = papers("arxiv", "cs.CL", "--json")
    assert announced.exit_code == 0, announced.stderr
    day_of = {p["id"]: p["published_at"][:10] for p in announced.json}
    assert day_of["2401.21001"] != "2024-01-15"  # the announcement's day, not v1's
    for _ in range(2):
        listed = papers("arxiv", "cs.CL", "--date", "2024-01-15", "--json")
        assert listed.exit_code == 0, listed.stderr
        by_id = {p["id"]: p["published_at"] for p in listed.json}
        assert by_id["2401.21001"] == "2024-01-15T10:00:00Z"
        assert by_id["2401.21002"] == "2024-01-15T10:05:00Z"
        assert papers("arxiv", "cs.CL", "--refresh", "-q").exit_code == 0
    shown = papers("show", "2401.21001", "--offline", "--json")
    assert shown.json["published_at"] == "2024-01-15T10:00:00Z"


def test_an_error_feed_is_one_line_and_stores_nothing(papers: Papers, home: Home,
                                                      arx: ArxivServer) -> None:
    a_few_days(arx)
    arx.fail("error_feed", message="malformed submittedDate expression")
    result = papers("arxiv", "cs.CL", "--date", "2024-01-15")
    assert result.exit_code == 1
    assert one_line(result.stderr) == ("papers: error: arXiv refused: malformed "
                                       "submittedDate expression — check the categories "
                                       "and dates")
    assert listing_keys(home) == [] and stored_ids(home) == set()


# -- show: a paper only arXiv knows ----------------------------------------------------------


def test_show_a_paper_the_hub_lacks_from_arxiv_then_offline(
        papers: Papers, home: Home, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with ArxivServer() as server:
        monkeypatch.setenv("ARXIV_API_ENDPOINT", server.api_url)
        server.add(Paper("2401.05555", "Only on arXiv, wrapped\n  over two lines",
                         ["cs.LG", "stat.ML"], DAY, version=2, doi="10.5555/only.1"))
        shown = papers("show", "2401.05555", "--json")
        assert shown.exit_code == 0, shown.stderr
        assert shown.json["title"] == "Only on arXiv, wrapped over two lines"
        assert shown.json["categories"] == ["cs.LG", "stat.ML"]
        assert shown.json["doi"] == "10.5555/only.1"
        assert [r["id_list"] for r in api_requests(server)] == ["2401.05555"]
    assert "2401.05555" in stored_ids(home)
    offline = papers("show", "2401.05555", "--offline")
    assert offline.exit_code == 0, offline.stderr
    assert "Only on arXiv" in offline.stdout


def test_show_an_old_style_id(papers: Papers, home: Home, hub: HubServer,
                             arx: ArxivServer) -> None:
    arx.add(Paper("hep-th/9901001", "Strings, old style", ["hep-th"],
                  datetime(1999, 1, 4, tzinfo=UTC)))
    shown = papers("show", "hep-th/9901001v1", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["id"] == "hep-th/9901001"
    assert shown.json["title"] == "Strings, old style"
    assert [r["id_list"] for r in api_requests(arx)] == ["hep-th/9901001"]
    table = papers("show", "hep-th/9901001", "--offline")
    assert table.exit_code == 0 and "Strings, old style" in table.stdout


def test_an_old_style_id_with_its_subject_class_is_the_same_paper(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer) -> None:
    """`math.GT/0309136`, as papers cite it, is arXiv's `math/0309136` (the subject class
    is no part of the id): arXiv answers with that id, and the library keeps it so."""
    arx.add(Paper("math/0309136", "Knots, old style", ["math.GT"],
                  datetime(2003, 9, 10, tzinfo=UTC)))
    shown = papers("show", "math.GT/0309136v1", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["id"] == "math/0309136"
    assert [r["id_list"] for r in api_requests(arx)] == ["math/0309136"]
    assert stored_ids(home) == {"math/0309136"}
    starred = papers("star", "math.GT/0309136", "--offline")
    assert starred.exit_code == 0, starred.stderr
    assert papers("starred", "--json").ids == ["math/0309136"]
    table = papers("show", "https://arxiv.org/abs/math.GT/0309136", "--offline")
    assert table.exit_code == 0 and "Knots, old style" in table.stdout


def test_show_an_id_neither_knows(papers: Papers, home: Home, hub: HubServer,
                                  arx: ArxivServer) -> None:
    result = papers("show", "2401.07777")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line == ("papers: error: paper 2401.07777 is on neither the Hub nor arXiv — "
                    "check the id")
    assert "2401.07777" not in stored_ids(home)
    # Several are said alike (they read "not in the library or on the Hub", as if arXiv
    # had not been asked); nothing is starred.
    for command in ("show", "star"):
        several = papers(command, "2401.07777", "2401.07778")
        assert several.exit_code == 1 and one_line(several.stderr) == (
            "papers: error: not on the Hub or arXiv: 2401.07777, 2401.07778 — check the "
            "ids")
    assert papers("starred", "--json").ids == []


# -- for-you ranks the days' arXiv papers beside their Daily Papers listings ---------------


def test_for_you_ranks_the_windows_arxiv_papers_beside_its_listings(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    from conftest import TODAY

    def at(days_ago: int) -> datetime:
        return datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC) - timedelta(
            days=days_ago)

    spec = "Speculative decoding with a draft model verifying tokens in parallel"
    liked = [Paper(f"2610.0000{i}", f"{spec}, part {i}", ["cs.CL"], at(40),
                   abstract=f"{spec}: draft tokens, verification, acceptance rate {i}.")
             for i in range(1, 4)]
    fresh = [Paper("2611.00011", "Faster speculative decoding: draft tokens verified in one "
                   "pass", ["cs.CL"], at(1), abstract=f"{spec}; a higher acceptance rate."),
             Paper("2611.00012", "Speculative decoding for long contexts", ["cs.CL"], at(3),
                   abstract=f"{spec}, with draft tokens and verification.")]
    other = Paper("2611.00013", "A survey of protein folding", ["cs.CL"], at(2),
                  abstract="Proteins fold; we survey how.")
    stale = Paper("2611.00014", "Speculative decoding, revisited", ["cs.CL"], at(20),
                  abstract=f"{spec}: draft tokens and verification again.")
    arx.add(*liked, *fresh, other, stale)
    assert papers("today", "-q").exit_code == 0  # the Daily Papers listing of the window
    since, until = (TODAY - timedelta(days=45)).isoformat(), TODAY.isoformat()
    fetched = papers("arxiv", "cs.CL", "--since", since, "--until", until, "-q", "-n", "0")
    assert fetched.exit_code == 0, fetched.stderr
    assert papers("star", *[p.id for p in liked]).exit_code == 0

    ranked = papers("for-you", "--json", "-n", "0")
    assert ranked.exit_code == 0, ranked.stderr
    ids = ranked.ids
    assert set(ids[:2]) == {"2611.00011", "2611.00012"}, ids  # arXiv's, like the stars
    assert "2611.00013" in ids and "2611.00014" not in ids  # 20 days ago: not this week
    listed = papers("today", "--json", "-n", "0").ids
    assert set(listed) <= set(ids) and len(ids) == len(listed) + 3
    table = papers("for-you", "-n", "3")
    assert table.stdout.startswith("For you · listings and arXiv of "), table.stdout
    hub_only = papers("for-you", "--json", "-n", "0", "--source", "hf")
    assert hub_only.ids and not {p.id for p in [*fresh, other]} & set(hub_only.ids)
    weeks = papers("for-you", "--json", "-n", "0", "--since", since)
    assert "2611.00014" in weeks.ids and not {p.id for p in liked} & set(weeks.ids)


def test_for_you_on_arxiv_alone_falls_back_to_its_newest_week(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    from conftest import TODAY

    def at(days_ago: int) -> datetime:
        return datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC) - timedelta(
            days=days_ago)

    # No Daily Papers at all; the last arXiv fetch was three weeks ago.
    arx.add(*[Paper(f"2610.0010{i}", f"Paper {i} on speculative decoding", ["cs.CL"],
                    at(20 + i)) for i in range(4)],
            Paper("2610.00200", "An older paper", ["cs.CL"], at(40)))
    since = (TODAY - timedelta(days=45)).isoformat()
    assert papers("arxiv", "cs.CL", "--since", since, "--until", TODAY.isoformat(),
                  "-q").exit_code == 0
    ranked = papers("for-you", "--json", "-n", "0")
    assert ranked.exit_code == 0, ranked.stderr
    assert sorted(ranked.ids) == [f"2610.0010{i}" for i in range(4)]  # days 20-23 back
    newest = (TODAY - timedelta(days=20)).isoformat()
    assert f"none after {newest}: ranking the 7 days to it (papers arxiv)" in ranked.stderr


@pytest.mark.parametrize("endpoint", ["http://[x", "http://[::1/api/query", "https://a]b/q"])
def test_an_endpoint_with_a_broken_bracketed_host_is_refused_as_any_other(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    """ARXIV_API_ENDPOINT with a bracket left open (an IPv6 host half typed) was
    "unexpected ValueError: Invalid IPv6 URL"; now it is refused as any other value that
    is not an http(s) URL, naming the variable, as HF_ENDPOINT's is (exit 1, in 80
    columns: it was a usage error, of 126 columns with arXiv's own address)."""
    monkeypatch.setenv("ARXIV_API_ENDPOINT", endpoint)
    result = papers("arxiv", "cs.CL", "--date", "2024-01-02")
    assert result.exit_code == 1 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: ARXIV_API_ENDPOINT must be an http(s) URL, got "
                           f"{endpoint[:7]!r}"[:-1]) and len(line) <= 80, line


@pytest.mark.parametrize(("name", "value", "said"), [
    ("ARXIV_RSS_ENDPOINT", "ftp://me:s3cret-pass@m.ex",
     "ARXIV_RSS_ENDPOINT must be an http(s) URL, got 'ftp://m.ex'"),
    ("PAPERS_ARXIV_INTERVAL", "abc", "PAPERS_ARXIV_INTERVAL must be a number, got 'abc' — "
     "unset it"),
    ("PAPERS_ARXIV_INTERVAL", "-1", "PAPERS_ARXIV_INTERVAL must be 0 or more, got '-1' — "
     "unset it"),
])
def test_arxivs_variables_are_said_as_every_setting_is(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, name: str, value: str,
        said: str) -> None:
    """A bad arXiv endpoint or interval in 80 columns (115 to 126 before), exit 1 as any
    bad variable's, an endpoint's password never shown, not even cut short."""
    monkeypatch.setenv(name, value)
    result = papers("arxiv", "cs.CL", "--date", "2024-01-02")
    assert result.exit_code == 1 and result.stdout == ""
    assert one_line(result.stderr) == f"papers: error: {said}"
    assert "s3cret" not in result.stderr


def test_offline_days_never_listed_are_the_papers_a_sync_stored_said_as_such(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """`sync --arxiv` stored a range's papers, but no `arxiv --date` listing of a day
    was ever asked: offline, the day lists what the library holds from it (with a
    warning that it is that, not arXiv's listing), oldest first like the API's; a day
    the library holds nothing from is still a miss."""
    a_few_days(arx)
    synced = papers("sync", "--arxiv", "cs.CL", "--since", "2024-01-15", "--until",
                    "2024-01-16")
    assert synced.exit_code == 0, synced.stderr
    asked = len(api_requests(arx))
    day = papers("arxiv", "cs.CL", "--date", "2024-01-16", "--offline", "--json")
    assert day.exit_code == 0, day.stderr
    assert day.ids == ["2401.22001", "2401.22002"]
    assert one_line(day.stderr) == ("papers: warning: offline: showing the library's 2 "
                                    "papers of cs.CL on 2024-01-16")
    table = papers("arxiv", "cs.CL", "--since", "2024-01-15", "--until", "2024-01-16",
                   "--offline", "--new-only")
    assert table.exit_code == 0, table.stderr
    assert "Parsing day 1" in table.stdout and "Translating day 2" in table.stdout
    assert "from 2024-01-15 to 2024-01-16" in table.stderr
    assert len(api_requests(arx)) == asked
    missing = papers("arxiv", "cs.CL", "--date", "2024-01-17", "--offline")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert one_line(missing.stderr) == (  # (in 80 columns: 109 with "no arXiv listing …")
        "papers: error: 2024-01-17 is not in the local library — run without --offline")
    # one paper is one ("the 1 papers of cs.CV on 2024-01-16 the library holds")
    assert papers("sync", "--arxiv", "cs.CV", "--since", "2024-01-16", "--until",
                  "2024-01-16").exit_code == 0
    one = papers("arxiv", "cs.CV", "--date", "2024-01-16", "--offline", "-q")
    assert one.exit_code == 0 and one.stdout == "2401.22003\n", one.stderr
    assert one_line(one.stderr) == ("papers: warning: offline: showing the library's 1 "
                                    "paper of cs.CV on 2024-01-16")


def test_a_page_still_cut_off_after_its_retries_shows_the_cached_copy(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """`papers arxiv --date D --refresh` ended in an error when arXiv's API kept answering
    a page cut off, though a copy of the day was cached: the cached copy is shown with a
    warning, as for the feed (and as a 503 already was); with none cached, an error."""
    a_few_days(arx)
    args = ("arxiv", "cs.CL", "--date", "2024-01-15", "-q")
    listed = papers(*args)
    assert listed.exit_code == 0 and listed.stdout.split() == ["2401.21001", "2401.21002"]
    arx.fail("truncated", path="/api", times=20)
    result = papers(*args, "--refresh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == listed.stdout
    line = one_line(result.stderr)
    assert line.startswith("papers: warning: ") and "showing the copy cached" in line, line
    assert len(line) <= 80
    other = papers("arxiv", "cs.CL", "--date", "2024-01-16", "-q")  # never cached
    assert other.exit_code == 1 and other.stdout == ""


def test_a_link_planted_at_arxivs_pacing_lock_is_named_not_followed(
        papers: Papers, home: Home, arx: ArxivServer, tmp_path: Path) -> None:
    """The lock every process paces arXiv with is opened without following a link: one
    planted there was "unexpected OSError: [Errno 40] Too many levels of symbolic links:
    '…/arxiv-pacing.lock' … please report it" (203 columns). Said as config.toml's lock
    is, and the file it leads to is left alone."""
    a_few_days(arx)
    target = tmp_path / "elsewhere"
    target.write_text("mine\n", encoding="utf-8")
    lock = home.cache / "papercli" / "arxiv-pacing.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.symlink_to(target)
    result = papers("arxiv", "cs.CL", "--date", "2024-01-02")
    assert result.exit_code == 1 and result.stdout == ""
    assert one_line(result.stderr) == ("papers: error: arxiv-pacing.lock in the cache is a "
                                       "symbolic link — remove it")
    assert target.read_text(encoding="utf-8") == "mine\n" and not api_requests(arx)
    lock.unlink()
    assert papers("arxiv", "cs.CL", "--date", "2024-01-02").exit_code == 0


@pytest.mark.parametrize("message,said", [
    # arXiv's words name the id: the id is what to check
    ("incorrect id format for 2401.07777",
     "papers: error: 2401.07777 is not on the Hub; arXiv refused the id — check the id"),
    # they name none: the query as a whole was refused, arXiv's to answer
    ("internal query error",
     "papers: error: 2401.07777 is not on the Hub; arXiv refused it — try again later"),
])
def test_show_an_id_arxiv_answers_with_an_error_feed(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer, message: str,
        said: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv's error feed (an entry titled "Error") is a refusal, not its word that it has
    no such paper (an id it lacks is an empty feed: `test_show_an_id_neither_knows`):
    it was said "on neither the Hub nor arXiv (arXiv: …)", and as that in 80 columns."""
    arx.fail("error_feed", message=message)
    result = papers("show", "2401.07777")
    assert result.exit_code == 1
    assert one_line(result.stderr) == said
    assert "neither" not in result.stderr
    assert "2401.07777" not in stored_ids(home)
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # arXiv's own words
    arx.fail("error_feed", message=message)
    debug = papers("show", "2401.07777")
    assert f"arXiv refused the {'id' if 'for' in message else 'query'}: {message}" in (
        " ".join(debug.stderr.split())), debug.stderr
    monkeypatch.delenv("PAPERS_DEBUG")
    again = papers("show", "2401.07777")  # (arXiv answers as it does now: no such paper)
    assert "neither the Hub nor arXiv" in again.stderr, again.stderr
