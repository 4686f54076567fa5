"""`papers today/day/week/month` end to end against the loopback Hub and a real library."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import TODAY, Home, one_line, write_config
from hubserver import HubServer, item_for_day, seed_items

CONTRACT = {
    "id", "title", "summary", "authors", "published_at", "submitted_at", "upvotes", "comments",
    "families", "url", "arxiv_url", "pdf_url", "github_repo", "project_page", "ai_summary",
    "ai_keywords", "organization", "github_stars", "submitter", "withdrawn_at", "thumbnail",
    "categories", "primary_category", "version", "updated_at", "comment", "journal_ref",
    "doi", "sources", "num_models", "num_datasets", "num_spaces", "author_accounts",
    "announced",
}


def test_first_fetch_shows_today_and_fills_the_library(papers, seeded_hub: HubServer,
                                                       home: Home) -> None:
    result = papers("today", "--json")
    assert result.exit_code == 0, result.stderr
    expected = [i["paper"]["id"] for i in seeded_hub.state.days[TODAY.isoformat()]]
    assert result.ids == expected
    daily = [r for r in seeded_hub.requests if r.path == "/api/daily_papers"]
    # The page, then the empty page after it: a short page may be the Hub's cap.
    assert [r.params["p"] for r in daily] == ["0", "1"]
    assert daily[0].params["date"] == TODAY.isoformat()
    assert home.library.exists()


def test_cached_listing_makes_no_request(papers, seeded_hub: HubServer) -> None:
    first = papers("today", "--json")
    seeded_hub.reset_log()
    second = papers("today", "--json")
    assert second.exit_code == 0
    assert seeded_hub.count() == 0
    assert second.stdout == first.stdout


def test_ttl_expiry_refetches(papers, seeded_hub: HubServer, monkeypatch) -> None:
    papers("today", "--json")
    seeded_hub.reset_log()
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T12:09:00Z")
    papers("today", "--json")
    assert seeded_hub.count() == 0, "within the 10 minute TTL"
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T12:11:00Z")
    papers("today", "--json")
    assert seeded_hub.count("/api/daily_papers") == 2  # the page and the empty one after


def test_ttl_is_configurable_by_env(papers, seeded_hub: HubServer, monkeypatch) -> None:
    papers("today", "--json")
    seeded_hub.reset_log()
    monkeypatch.setenv("PAPERS_TODAY_TTL", "60")
    monkeypatch.setenv("PAPERS_NOW", "2026-11-25T12:02:00Z")
    papers("today", "--json")
    assert seeded_hub.count("/api/daily_papers") == 2  # the page and the empty one after


def test_refresh_fetches_even_when_fresh(papers, seeded_hub: HubServer) -> None:
    papers("today")
    seeded_hub.reset_log()
    assert papers("today", "--refresh", "--json").exit_code == 0
    assert seeded_hub.count("/api/daily_papers") == 2  # the page and the empty one after


def test_newer_upvotes_win_on_refetch(papers, seeded_hub: HubServer) -> None:
    papers("today")
    first_id = seeded_hub.state.days[TODAY.isoformat()][0]["paper"]["id"]
    seeded_hub.state.days[TODAY.isoformat()][0]["paper"]["upvotes"] = 999
    data = json.loads(papers("today", "--refresh", "--json").stdout)
    assert next(p for p in data if p["id"] == first_id)["upvotes"] == 999


def test_offline_uses_cache_and_never_the_network(papers, seeded_hub: HubServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    papers("today")
    seeded_hub.reset_log()
    result = papers("today", "--offline", "--json")
    assert result.exit_code == 0
    assert len(result.ids) == 10
    # Both flags on one line contradict each other: a usage error, not one quietly lost.
    assert papers("today", "--offline", "--refresh", "--json").exit_code == 2
    # The standing setting (a script's environment) wins over a --refresh, quietly.
    monkeypatch.setenv("PAPERS_OFFLINE", "1")
    assert len(papers("today", "--refresh", "--json").ids) == 10
    assert seeded_hub.count() == 0


def test_offline_without_cache_is_a_clear_error(papers, seeded_hub: HubServer) -> None:
    result = papers("day", "2026-11-20", "--offline")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "not in the local library" in result.stderr
    assert seeded_hub.count() == 0
    assert len(result.stderr.strip().splitlines()) == 1


def test_hub_down_with_cache_shows_cached_copy(papers, seeded_hub: HubServer,
                                               monkeypatch) -> None:
    papers("today")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens on port 9
    result = papers("today", "--refresh", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.ids) == 10
    assert "the Hub refused" in result.stderr and "cached" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_hub_down_without_cache_names_endpoint_and_remedies(papers, home: Home) -> None:
    result = papers("today")
    assert result.exit_code == 1
    assert result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    # (", or set HF_ENDPOINT" too made 90 columns: PAPERS_DEBUG says the whole hint)
    assert line == ("papers: error: the Hub at 127.0.0.1:9 refused the connection — check "
                    "HF_ENDPOINT")
    assert "Traceback" not in line
    # Not "use --offline": with a copy, the command shows it by itself; without one,
    # --offline only fails again.
    assert "--offline" not in line
    assert papers("today", "--offline").exit_code == 1


def test_hub_5xx_with_cache_falls_back(papers, seeded_hub: HubServer) -> None:
    papers("today")
    seeded_hub.fail("503", times=10)
    result = papers("today", "--refresh", "--json")
    assert result.exit_code == 0
    assert "HTTP 503" in result.stderr
    assert len(result.ids) == 10


def test_empty_today_shows_latest_day_and_says_which(papers, hub: HubServer) -> None:
    yesterday = TODAY - timedelta(days=1)
    hub.set_day(yesterday, seed_items()[:3])
    result = papers("today")
    assert result.exit_code == 0
    assert yesterday.isoformat() in result.stdout
    assert "nothing yet for 2026-11-25" in result.stdout
    as_json = papers("today", "--json")
    assert len(as_json.ids) == 3
    # Both days are cached now: no more requests.
    hub.reset_log()
    papers("today", "--json")
    assert hub.count() == 0


def test_today_on_a_weekend_says_weekends_not_yet(papers, hub: HubServer,
                                                  monkeypatch) -> None:
    """On a Saturday the title says Daily Papers lists nothing on weekends: "nothing yet"
    promised papers later that day."""
    friday = TODAY + timedelta(days=2)
    saturday = friday + timedelta(days=1)
    assert (friday.weekday(), saturday.weekday()) == (4, 5)
    hub.set_day(friday, seed_items()[:3])
    monkeypatch.setenv("PAPERS_NOW", f"{saturday.isoformat()}T08:00:00Z")
    for args in [(), ("--offline",)]:
        title = papers("today", *args).stdout.splitlines()[0]
        assert friday.isoformat() in title and "nothing listed on weekends" in title
        assert "yet" not in title and saturday.isoformat() not in title


def test_today_as_json_on_a_weekend_says_which_day_it_shows(papers, hub: HubServer,
                                                             monkeypatch) -> None:
    """JSON, ids and CSV carry no title: a cron line `papers today --json > $(date +%F).json`
    filed Friday's papers under Saturday with nothing said. The title's reason goes to
    stderr for them; a table (whose title says it) gets no second line."""
    friday = TODAY + timedelta(days=2)
    saturday = friday + timedelta(days=1)
    hub.set_day(friday, seed_items()[:3])
    monkeypatch.setenv("PAPERS_NOW", f"{saturday.isoformat()}T08:00:00Z")
    for args in [("--json",), ("-q",), ("--format", "csv"), ("--offline", "--json")]:
        result = papers("today", *args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines() == [
            f"papers: {friday.isoformat()} shown (latest"
            + (" cached" if "--offline" in args else "") + "; nothing listed on weekends)"]
    table = papers("today")
    assert table.exit_code == 0 and table.stderr == ""
    monkeypatch.setenv("PAPERS_NOW", f"{friday.isoformat()}T20:00:00Z")  # its own day
    assert papers("today", "--json").stderr == ""


def test_today_offline_says_today_is_not_cached_rather_than_empty(papers, hub: HubServer,
                                                                   monkeypatch) -> None:
    """Offline (or with the Hub down), an earlier day is shown because today is not in the
    library: the title says so, not that today has nothing."""
    yesterday = TODAY - timedelta(days=1)
    hub.set_day(yesterday, seed_items()[:3])
    monkeypatch.setenv("PAPERS_NOW", f"{yesterday.isoformat()}T20:00:00Z")
    assert papers("today").exit_code == 0
    monkeypatch.setenv("PAPERS_NOW", f"{TODAY.isoformat()}T08:00:00Z")
    hub.set_day(TODAY, seed_items()[3:6])
    result = papers("today", "--offline")
    assert result.exit_code == 0, result.stderr
    title = result.stdout.splitlines()[0]
    assert f"nothing cached for {TODAY.isoformat()}" in title
    assert "latest cached" in title and yesterday.isoformat() in title


def test_an_empty_running_period_names_the_one_before(papers, hub: HubServer) -> None:
    """A Monday morning's `papers week` (or today's `papers day today`) with nothing listed
    yet says so and names what to read instead; "No papers." alone read as if the week had
    none. An empty past period says nothing of the kind."""
    hub.set_day(TODAY - timedelta(days=30), seed_items()[:3])  # last month
    week = papers("week")
    assert week.exit_code == 0 and week.stdout == ""
    assert "nothing listed yet this week (papers week last for the week before)" in week.stderr
    day = papers("day", "today")
    assert day.exit_code == 0 and day.stdout == ""
    assert one_line(day.stderr) == (
        f"papers: nothing listed yet for {TODAY} (papers today shows the latest day)")
    month = papers("month", "--json")
    assert month.stdout.strip() == "[]" and "papers month last" in month.stderr
    for past in (("day", (TODAY - timedelta(days=1)).isoformat()), ("week", "last")):
        assert "nothing listed yet" not in papers(*past).stderr


def test_a_day_the_filters_emptied_says_so(papers, hub: HubServer) -> None:
    """Filters that leave none of a listed day's papers say so on stderr, and where to look
    instead: "No papers." alone read as if the day had none (the quick start's `papers
    today --family LLaVA` on a day without one gave nowhere to go). A day that lists
    nothing says nothing of the kind, and stdout stays the document."""
    day = TODAY - timedelta(days=1)
    hub.set_day(day, seed_items()[:3])
    table = papers("day", day.isoformat(), "--family", "Gemma", "--keyword", "zzyzx")
    assert table.exit_code == 0 and table.stdout == ""
    assert one_line(table.stderr) == (
        "papers: none of the 3 listed papers passes the filters (try papers search)")
    listed = papers("day", day.isoformat(), "--keyword", "zzyzx", "--json")
    assert listed.stdout.strip() == "[]" and "none of the 3 listed papers" in listed.stderr
    before = day - timedelta(days=1)
    hub.set_day(before, [])
    assert one_line(papers("day", before.isoformat(), "--keyword", "zzyzx").stderr) == (
        f"papers: nothing was listed on {before}")  # (no "none of the … listed papers")


def test_nothing_anywhere_is_an_empty_result_not_an_error(papers, hub: HubServer) -> None:
    table = papers("today")
    assert table.exit_code == 0
    assert table.stdout == ""
    assert papers("today", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ("day", "2024-13-45"),
        ("day", "yesterdayish"),
        ("week", "2024-W60"),
        ("week", "24-W1x"),
        ("month", "2024-13"),
        ("day", "2099-01-01"),
        ("today", "--sort", "best"),
        ("today", "--limit", "-1"),
        ("today", "--json", "--format", "csv"),
    ],
)
def test_bad_arguments_are_usage_errors(papers, home: Home, args: tuple[str, ...]) -> None:
    result = papers(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_day_week_month_use_the_right_params(papers, hub: HubServer) -> None:
    day = date(2026, 11, 3)
    hub.set_day(day, seed_items()[:4])
    hub.set_day(date(2026, 11, 4), seed_items()[4:6])
    assert len(papers("day", "2026-11-03", "--json").ids) == 4
    assert len(papers("week", "2026-W45", "--json").ids) == 6
    assert len(papers("month", "2026-11", "--json").ids) == 6
    params = [r.params for r in hub.requests
              if r.path == "/api/daily_papers" and r.params["p"] == "0"]
    assert {"date": "2026-11-03"}.items() <= params[0].items()
    assert params[1]["week"] == "2026-W45"
    assert params[2]["month"] == "2026-11"


def test_month_paginates_and_files_papers_under_their_days(papers, hub: HubServer) -> None:
    base = seed_items()[0]
    for offset in range(10):
        items = []
        for n in range(25):
            item = json.loads(json.dumps(base))
            item["paper"]["id"] = f"2611.{offset:02d}{n:03d}"
            items.append(item)
        hub.set_day(date(2026, 11, 1 + offset), items)
    result = papers("month", "2026-11", "--json")
    assert len(result.ids) == 250
    pages = [r.params.get("p") for r in hub.requests if r.path == "/api/daily_papers"]
    assert pages == ["0", "1", "2"]
    hub.reset_log()
    day = papers("day", "2026-11-04", "--offline", "--json")
    assert day.exit_code == 0
    assert len(day.ids) == 25
    assert hub.count() == 0


def test_default_week_and_month_are_current(papers, hub: HubServer) -> None:
    hub.set_day(TODAY, seed_items()[:2])
    assert len(papers("week", "--json").ids) == 2
    assert len(papers("month", "--json").ids) == 2
    params = [r.params for r in hub.requests if r.params.get("p") == "0"]
    assert params[0]["week"] == "2026-W48"
    assert params[1]["month"] == "2026-11"


def test_this_and_last_name_weeks_and_months_back_from_today(papers, hub: HubServer,
                                                             monkeypatch) -> None:
    hub.set_day(TODAY, seed_items()[:2])
    for argv in (["week", "this"], ["week", "LAST"], ["month", "this"], ["month", "last"]):
        assert papers(*argv, "--json").exit_code == 0
    monkeypatch.setenv("PAPERS_NOW", "2027-01-04T12:00:00Z")  # a Monday: both roll back a year
    assert papers("week", "last", "--json").exit_code == 0
    assert papers("month", "last", "--json").exit_code == 0
    asked = [r.params.get("week") or r.params.get("month") for r in hub.requests
             if r.params.get("p") == "0"]
    assert asked == ["2026-W48", "2026-W47", "2026-11", "2026-10", "2026-W53", "2026-12"]
    wrong = papers("week", "lastt")
    assert wrong.exit_code == 2
    assert "use 2024-W05, a day in it, this or last" in wrong.stderr


def test_a_date_names_the_week_or_month_it_is_in(papers, hub: HubServer) -> None:
    """`papers week 2026-11-24` was "invalid week — use YYYY-Www": a user has a date at
    hand, not its ISO week number. A date (or a span back, 1w) names the week or month it
    falls in; a date the calendar lacks says what is wrong with it."""
    hub.set_day(TODAY, seed_items()[:2])
    for argv in (["week", "2026-11-24"], ["week", "1d"], ["month", "2026-11-3"],
                 ["month", "yesterday"]):
        assert papers(*argv, "--json").exit_code == 0, argv
    asked = [r.params.get("week") or r.params.get("month") for r in hub.requests
             if r.params.get("p") == "0"]
    assert asked == ["2026-W48", "2026-11"]  # then cached: the same week and month
    assert papers("week", "2w", "--json").exit_code == 0
    assert hub.requests[-1].params.get("week") == "2026-W46"
    title = papers("month", "2026-11-30", "--offline").stdout.splitlines()[0]
    assert title == "Monthly Papers — 2026-11"
    bad = papers("week", "2026-02-30")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr == "papers: error: invalid week '2026-02-30' — 2026-02 has 28 days\n"


def test_a_date_may_leave_out_leading_zeros(papers, hub: HubServer) -> None:
    """`papers month 2026-8` was read, `papers day 2026-8-1` refused."""
    early = date(2026, 11, 2)
    hub.set_day(early, [item_for_day(seed_items()[0], early)])
    result = papers("day", "2026-11-2", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.ids == [seed_items()[0]["paper"]["id"]]
    assert papers("day", "2026-11-2", "--offline").stdout.startswith(
        "Daily Papers — 2026-11-02\n")
    since = papers("day", "2026-11-2", "--since", "2023-1-5", "--json")
    assert since.exit_code == 0 and since.ids == result.ids


def test_limit_and_sort(papers, seeded_hub: HubServer) -> None:
    data = json.loads(papers("today", "--sort", "upvotes", "--json").stdout)
    votes = [p["upvotes"] for p in data]
    assert votes == sorted(votes, reverse=True)
    limited = json.loads(papers("today", "--sort", "upvotes", "-n", "3", "--json").stdout)
    assert [p["id"] for p in limited] == [p["id"] for p in data[:3]]


def test_json_contract(papers, seeded_hub: HubServer) -> None:
    data = json.loads(papers("today", "--json").stdout)
    assert data and all(set(p) == CONTRACT for p in data)
    first = data[0]
    assert first["id"] == "2401.01055"
    assert first["authors"] == [f"Author {i}" for i in range(1, 6)]
    assert first["published_at"] == "2024-01-02T00:00:00Z"
    assert first["submitted_at"] == "2026-11-25T08:00:00Z"
    assert first["url"] == f"{seeded_hub.url}/papers/2401.01055"
    assert first["arxiv_url"] == "https://arxiv.org/abs/2401.01055"
    assert first["pdf_url"] == "https://arxiv.org/pdf/2401.01055"
    assert isinstance(first["upvotes"], int) and isinstance(first["families"], list)


def test_table_output_has_no_escape_codes_when_piped(papers, seeded_hub: HubServer) -> None:
    result = papers("today")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "LLaMA Beyond English" in result.stdout
    assert "2401.01055" in result.stdout
    assert "Author 1 +4" in result.stdout
    assert "Daily Papers — 2026-11-25" in result.stdout


HOSTILE_TITLE = "[bold red]Pwned[/] \x1b[2J\x1b]0;owned\x07 Title\x00\x7f with [link=http://x]y[/link]"


def test_markup_and_escapes_are_shown_literally_and_stripped(papers, hub: HubServer) -> None:
    item = seed_items()[0]
    item["paper"]["title"] = HOSTILE_TITLE
    item["paper"]["summary"] = "Abstract [italic]markup[/italic] \x1b[31mred\x1b[0m \x9b2J end"
    item["paper"]["authors"] = [{"name": "[blink]Mallory\x1b[5m"}]
    hub.set_day(TODAY, [item])
    table = papers("today")
    assert "[bold red]Pwned[/]" in table.stdout
    assert "[link=http://x]y[/link]" in table.stdout
    assert "[blink]Mallory" in table.stdout
    data = json.loads(papers("today", "--json").stdout)
    assert data[0]["title"] == "[bold red]Pwned[/] Title with [link=http://x]y[/link]"
    assert data[0]["summary"] == "Abstract [italic]markup[/italic] red end"
    shown = papers("show", item["paper"]["id"], "--offline")
    for out in (table.stdout, shown.stdout, papers("today", "--json").stdout):
        assert not any(c in out for c in "\x1b\x07\x00\x7f\x9b")
    assert "[italic]markup[/italic]" in shown.stdout


def test_offline_week_and_month_are_put_together_from_cached_days(papers, hub: HubServer,
                                                                  monkeypatch) -> None:
    """Offline, a week or month never fetched as such comes from its cached days (an
    imported archive, a daily sync): day by day in each day's order, a paper listed on two
    days once, and the caption says how many days it had; with none cached, the error."""
    items = seed_items()
    hub.set_day(date(2026, 11, 3), items[:4])
    hub.set_day(date(2026, 11, 5), [items[3], *items[4:7]])  # items[3] listed twice
    hub.set_day(date(2026, 11, 10), items[7:9])  # the next week
    for day in ("2026-11-03", "2026-11-05", "2026-11-10"):
        assert papers("day", day).exit_code == 0
    hub.reset_log()
    want = [i["paper"]["id"] for i in (*items[:4], *items[4:7])]
    week = papers("week", "2026-W45", "--offline", "--json")
    assert week.exit_code == 0, week.stderr
    assert week.ids == want
    month = papers("month", "2026-11", "--offline", "--json")
    assert month.ids == want + [i["paper"]["id"] for i in items[7:9]]
    monkeypatch.setenv("COLUMNS", "120")
    table = papers("week", "2026-W45", "--offline")
    assert "7 papers · from 2 cached days (of 7)" in table.stdout
    assert hub.count() == 0
    missing = papers("week", "2026-W44", "--offline")
    assert missing.exit_code == 1 and "not in the local library" in missing.stderr
    fetched = papers("week", "2026-W45", "--json")  # online: the Hub's own week, as before
    assert fetched.exit_code == 0 and hub.count() > 0


def test_a_week_the_hub_fails_on_is_put_together_from_cached_days(papers, hub: HubServer,
                                                                   monkeypatch) -> None:
    """Online, when the Hub fails on a week or month never fetched as such, the library's
    days of it are shown (as offline) with a warning that says so, not an error: on a
    train, `papers week` shows the week you synced."""
    items = seed_items()
    hub.set_day(date(2026, 11, 3), items[:4])
    hub.set_day(date(2026, 11, 5), items[4:7])
    for day in ("2026-11-03", "2026-11-05"):
        assert papers("day", day).exit_code == 0
    hub.fail("503", times=50)
    monkeypatch.setenv("COLUMNS", "120")
    week = papers("week", "2026-W45")
    assert week.exit_code == 0, week.stderr
    assert "7 papers · from 2 cached days (of 7)" in week.stdout
    assert "showing the 2 cached days of 7" in week.stderr
    assert len(week.stderr.strip().splitlines()) == 1
    month = papers("month", "2026-11", "--json")
    assert month.exit_code == 0 and len(json.loads(month.stdout)) == 7
    assert "showing the 2 cached days of 25" in month.stderr  # to today, the 25th
    none_cached = papers("week", "2026-W44")  # nothing of it in the library: the error
    assert none_cached.exit_code == 1 and "503" in none_cached.stderr


def test_an_empty_weekend_day_says_why(papers, hub: HubServer) -> None:
    """Daily Papers lists nothing on Saturdays and Sundays (not once in 580 days of the
    Hub's listings): an empty weekend day says so on stderr and names the Friday; an
    empty weekday says nothing more, and stdout stays the document."""
    sunday = date(2026, 8, 2)
    assert sunday.weekday() == 6
    for day in (sunday, sunday - timedelta(days=1), sunday + timedelta(days=2)):
        hub.set_day(day, [])
    for day, name in ((sunday, "Sunday"), (sunday - timedelta(days=1), "Saturday")):
        table = papers("day", day.isoformat())
        assert table.exit_code == 0, table.stderr
        assert table.stdout == ""
        line = (f"papers: nothing is listed on {name}s "
                "(papers day 2026-07-31 for the Friday)")
        assert line in table.stderr.splitlines() and len(line) <= 80
        assert json.loads(papers("day", day.isoformat(), "--json").stdout) == []
    tuesday = papers("day", (sunday + timedelta(days=2)).isoformat())
    assert tuesday.exit_code == 0 and "weekend" not in tuesday.stderr


def test_an_uncached_weekend_day_offline_points_to_the_friday(papers, hub: HubServer) -> None:
    """Offline, a Saturday or Sunday not in the library is the usual miss (exit 1), but its
    hint names the Friday to read instead of sending the user online for an empty day
    (with --offline only when the Friday is cached: `test_listings_odd2`)."""
    sunday = date(2026, 8, 2)
    for day, name in ((sunday, "Sunday"), (sunday - timedelta(days=1), "Saturday")):
        done = papers("day", day.isoformat(), "--offline")
        assert done.exit_code == 1
        # (in 80 columns: "… is not in the local library — 2026-08-02 is a Sunday: …"
        # made 176)
        assert one_line(done.stderr) == (
            f"papers: error: no listing on {name}s — try papers day 2026-07-31")
    monday = papers("day", (sunday + timedelta(days=1)).isoformat(), "--offline")
    assert monday.exit_code == 1 and one_line(monday.stderr) == (
        "papers: error: 2026-08-03 is not in the local library — run without --offline")
    assert hub.count() == 0


def test_a_month_fetched_part_way_leaves_its_coming_days_unknown(
        papers, hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month fetched on its 25th files its papers under their days, but not the days
    that have not begun: an empty list filed for them read as days without papers
    (offline, and in `trends`), where they are unknown until fetched."""
    items = seed_items()
    hub.set_day(TODAY - timedelta(days=1), items[:2])
    hub.set_day(TODAY, items[2:3])
    assert papers("month", "2026-11").exit_code == 0
    keys = {e["key"] for e in papers("cache", "info", "--json").json["entries"]}
    assert {"day:2026-11-24", "day:2026-11-25"} <= keys
    assert not {k for k in keys if k.startswith("day:") and k > "day:2026-11-25"}
    monkeypatch.setenv("PAPERS_NOW", "2026-11-28T12:00:00Z")
    later = papers("day", "2026-11-27", "--offline")
    assert later.exit_code == 1 and "not in the local library" in later.stderr
    assert len(papers("day", "2026-11-24", "--offline", "--json").ids) == 2
    doc = papers("trends", "--every", "day", "--since", "2026-11-24", "--until", "2026-11-27",
                 "--json").json
    assert {p["period"]: p["state"] for p in doc["periods"]} == {
        "2026-11-24": "complete", "2026-11-25": "complete", "2026-11-26": "none",
        "2026-11-27": "none"}


def test_a_day_filed_before_it_began_by_an_earlier_papercli_is_not_cached(
        papers, hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library written before that fix holds such empty days: they read as not cached
    (offline, `trends`), and online the day is fetched."""
    import sqlite3

    hub.set_day(TODAY, seed_items()[:1])
    assert papers("day", "2026-11-25").exit_code == 0
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute("INSERT INTO listings (key, kind, period_start, fetched_at, count, source) "
                     "VALUES ('day:2026-11-27', 'day', '2026-11-27', '2026-11-25T12:00:00Z', "
                     "0, 'month:2026-11')")
    conn.close()
    monkeypatch.setenv("PAPERS_NOW", "2026-11-30T12:00:00Z")
    offline = papers("day", "2026-11-27", "--offline")
    assert offline.exit_code == 1 and "not in the local library" in offline.stderr
    doc = papers("trends", "--every", "day", "--since", "2026-11-25", "--until", "2026-11-27",
                 "--json").json
    assert [p["state"] for p in doc["periods"]] == ["complete", "none", "none"]
    hub.set_day(date(2026, 11, 27), seed_items()[1:3])
    hub.reset_log()
    assert len(papers("day", "2026-11-27", "--json").ids) == 2
    assert hub.count() >= 1


def test_an_old_month_fetched_part_way_is_fetched_again_whatever_the_archive_ttl(
        papers, hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A period fetched while it was still filling up is not final once it has ended:
    it lives no longer than a recent period's copy (`cache.recent_ttl`)."""
    hub.set_day(TODAY, seed_items()[:1])
    assert papers("config", "set", "cache.archive_ttl", "31536000").exit_code == 0
    assert papers("month", "2026-11").exit_code == 0
    hub.set_day(date(2026, 11, 28), seed_items()[1:2])
    monkeypatch.setenv("PAPERS_NOW", "2026-12-20T12:00:00Z")
    hub.reset_log()
    assert len(papers("month", "2026-11", "--json").ids) == 2
    assert hub.count() >= 1
    hub.reset_log()  # fetched after November ended: final for the archive's time to live
    assert len(papers("month", "2026-11", "--json").ids) == 2
    assert hub.count() == 0


def test_a_listing_cut_by_display_limit_says_how_to_see_all(papers, seeded_hub: HubServer,
                                                            home: Home, monkeypatch) -> None:
    """With display.limit = 2 in the config file, `papers today` said "2 of N papers" and
    nothing of why or how to see the rest. Now "(-n 0: all)" follows the count; a limit
    typed (-n 2) needs no word."""
    every = len(seeded_hub.state.days[TODAY.isoformat()])
    assert every > 2
    write_config(home, "[display]\nlimit = 2\n")
    monkeypatch.setenv("COLUMNS", "200")
    cut = papers("today")
    assert cut.exit_code == 0, cut.stderr
    assert f"2 of {every} papers (-n 0: all) · " in cut.stdout, cut.stdout
    asked = papers("today", "-n", "2")
    assert f"2 of {every} papers · " in asked.stdout and "-n 0" not in asked.stdout
    whole = papers("today", "-n", "0")
    assert f"{every} papers · " in whole.stdout and "-n 0" not in whole.stdout


def test_display_limit_cuts_tables_alone(papers, seeded_hub: HubServer, home: Home,
                                         tmp_path) -> None:
    """display.limit is a setting for tables. With it 2, `papers today --json` held 2
    papers (with a note), and `papers starred -q | papers export -` exported 2 of 3
    starred: ids (-q), JSON and every other format are cut by -n alone, as an export is
    (`-o` and `--split` write all 19); the tables still obey it and say "(-n 0: all)"."""
    import os

    every = len(seeded_hub.state.days[TODAY.isoformat()])
    assert papers("today").exit_code == 0
    assert papers("day", "yesterday").exit_code == 0
    assert papers("star", "--offline", *papers("today", "-q").stdout.split()[:3]).exit_code == 0
    write_config(home, "[display]\nlimit = 2\n")
    listed = papers("today", "--json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == every > 2
    assert listed.stderr == ""
    assert len(papers("today", "--json", "-n", "2").ids) == 2  # -n still cuts
    assert len(papers("today", "-f", "jsonl").stdout.splitlines()) == every
    starred = papers("starred")
    assert "2 of 3 starred (-n 0: all)" in starred.stdout, starred.stdout
    piped = papers("starred", "-q")
    assert (len(piped.stdout.split()), piped.stderr) == (3, "")
    assert papers("starred", "-q", "-n", "1").stdout.count("\n") == 1
    exported = papers("export", "-", "--json", input=piped.stdout)
    assert exported.exit_code == 0 and len(exported.ids) == 3, exported.stderr
    searched = papers("search", "-q", "--offline")  # (the library: newest first)
    assert len(searched.stdout.split()) == len(papers("search", "-q", "-n", "0").stdout.split())
    assert len(searched.stdout.split()) > 2
    target = tmp_path / "x.bib"
    exported = papers("export", "-o", str(target))
    assert one_line(exported.stderr) == (
        f"papers: wrote 19 papers to {os.path.realpath(target)}")
    split = papers("export", "--split", str(tmp_path / "vault"))
    assert one_line(split.stderr) == f"papers: wrote 19 notes to {tmp_path / 'vault'}"
