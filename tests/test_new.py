"""`papers new` across simulated days served by the loopback Hub, with a real user database."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from markdown_it import MarkdownIt

from conftest import Home, ids, one_line, run_process
from hubserver import HubServer, item_for_day, seed_items
from papercli.terminal import cell_width

ITEMS = seed_items()
CONTRACT = {
    "id", "title", "summary", "authors", "published_at", "submitted_at", "upvotes", "comments",
    "families", "url", "arxiv_url", "pdf_url", "github_repo", "project_page", "ai_summary",
    "ai_keywords", "organization", "github_stars", "submitter", "withdrawn_at", "thumbnail",
    "categories", "primary_category", "version", "updated_at", "comment", "journal_ref",
    "doi", "sources", "num_models", "num_datasets", "num_spaces", "author_accounts",
    "announced",
}
FRI, SAT, SUN, MON, TUE = (date(2026, 11, 20) + timedelta(days=i) for i in range(5))
LLAVA_DAY1 = [ITEMS[i]["paper"]["id"] for i in (1, 3, 5, 6)]  # LLaVA papers listed on Friday
QUANT_DAY1 = [ITEMS[2]["paper"]["id"]]  # "How Good Are Low-bit Quantized LLaMA3 Models?"
LLAVA_DAY2 = [ITEMS[7]["paper"]["id"]]  # LLaVAR, listed on Monday
LLAVA_DAY3 = [ITEMS[i]["paper"]["id"] for i in (13, 14, 17)]


def at(monkeypatch: pytest.MonkeyPatch, day: date, time: str = "12:00:00") -> None:
    monkeypatch.setenv("PAPERS_NOW", f"{day.isoformat()}T{time}Z")


def daily_dates(hub: HubServer) -> list[str]:
    """The days asked for (first pages; paging asks on until an empty page)."""
    return [r.params["date"] for r in hub.requests
            if r.path == "/api/daily_papers" and r.params.get("p", "0") == "0"]


@pytest.fixture
def week(hub: HubServer, papers) -> HubServer:
    """Friday, an empty weekend, Monday (with one of Friday's papers listed again), Tuesday;
    two watches."""
    hub.set_day(FRI, ITEMS[0:7])
    hub.set_day(MON, [*ITEMS[7:13], ITEMS[1]])
    hub.set_day(TUE, ITEMS[13:19])
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "add", "quant", "--keyword", "quantized").exit_code == 0
    return hub


def test_three_days_show_each_match_once(papers, week: HubServer, monkeypatch,
                                         home: Home) -> None:
    at(monkeypatch, FRI)
    first = papers("new", "--json")
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout)
    assert [p["id"] for p in data] == LLAVA_DAY1 + QUANT_DAY1  # grouped by watch
    assert {p["id"]: p["watches"] for p in data}[QUANT_DAY1[0]] == ["quant"]
    assert all(p["listing_day"] == FRI.isoformat() for p in data)
    assert all(set(p) == CONTRACT | {"watches", "listing_day"} for p in data)
    assert "first run" in first.stderr and "marked as seen" in first.stderr
    # First use looks back new.first_days (14) days, one listing each.
    assert daily_dates(week) == [(FRI - timedelta(days=13 - i)).isoformat() for i in range(14)]
    assert (home.data / "papercli" / "user.db").is_file()

    week.reset_log()
    second = papers("new", "--json")
    assert second.exit_code == 0
    assert json.loads(second.stdout) == []
    assert "nothing new" in second.stderr
    assert week.count() == 0, "the checkpoint's listing is still fresh"

    at(monkeypatch, MON)
    week.reset_log()
    third = papers("new", "--json")
    assert third.ids == LLAVA_DAY2  # Friday's LLaVA-Mini, listed again, is not
    assert daily_dates(week) == [d.isoformat() for d in (FRI, SAT, SUN, MON)]

    at(monkeypatch, TUE)
    fourth = papers("new", "--json")
    assert fourth.ids == LLAVA_DAY3
    assert json.loads(papers("new", "--json").stdout) == []


def test_nothing_new_for_the_watches_says_what_all_would_show(papers, week: HubServer,
                                                               monkeypatch) -> None:
    """"nothing new in the listings of DAY" left the next step unsaid when the day had
    papers that no watch matched: it says so for the watches, and how many --all lists."""
    at(monkeypatch, FRI)
    assert papers("new", "--json").ids == LLAVA_DAY1 + QUANT_DAY1
    again = papers("new")
    assert again.exit_code == 0 and again.stdout == ""
    assert one_line(again.stderr) == (
        f"papers: nothing new for your 2 watches on {FRI} (--all: 2 other new papers)")
    others = [ITEMS[i]["paper"]["id"] for i in (0, 4)]  # Friday's, matching no watch
    assert sorted(papers("new", "--all", "--json").ids) == sorted(others)
    assert one_line(papers("new", "--all").stderr) == (
        f"papers: nothing new in the listings of {FRI}")  # --all: nothing left to suggest
    papers("watch", "rm", "quant")
    at(monkeypatch, MON)
    assert papers("new", "--json").ids == LLAVA_DAY2
    assert one_line(papers("new").stderr) == (
        f"papers: nothing new for your 1 watch on {MON} (--all: 5 other new papers)")


def test_peek_shows_without_recording(papers, week: HubServer, monkeypatch) -> None:
    at(monkeypatch, FRI)
    peek = papers("new", "--peek", "--json")
    assert peek.ids == LLAVA_DAY1 + QUANT_DAY1
    assert peek.stderr.rstrip().endswith("; not marked as seen")
    assert papers("new", "--peek", "--json").ids == LLAVA_DAY1 + QUANT_DAY1
    assert papers("new", "--json").ids == LLAVA_DAY1 + QUANT_DAY1
    assert papers("new", "--peek", "--json").stdout.strip() == "[]"


def test_a_paper_listed_twice_is_judged_by_its_later_listing(papers, hub: HubServer,
                                                             monkeypatch) -> None:
    """Listed on Friday with 2 upvotes and again on Monday with 27: a watch of 20 upvotes
    takes it in the first run, as the next run (reading the library's latest record)
    would; under Friday, once."""
    pid = ITEMS[4]["paper"]["id"]
    hub.set_day(FRI, [item_for_day(ITEMS[4], FRI, upvotes=2)])
    hub.set_day(MON, [item_for_day(ITEMS[4], MON, upvotes=27)])
    papers("watch", "add", "pop", "--min-upvotes", "20")
    at(monkeypatch, MON)
    first = papers("new", "--peek", "--json")
    assert first.exit_code == 0, first.stderr
    assert [(p["id"], p["upvotes"], p["listing_day"]) for p in json.loads(first.stdout)] \
        == [(pid, 27, FRI.isoformat())]
    assert papers("new", "--json").ids == [pid]
    assert papers("new", "--json").ids == []


def meta_and_quant_on_friday(papers, hub: HubServer,  # type: ignore[no-untyped-def]
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Friday's listing, watched by `meta` (LLaMA) and then `quant` (quantized): one paper
    matches both."""
    hub.set_day(FRI, ITEMS[0:3])
    papers("watch", "add", "meta", "--family", "LLaMA")
    papers("watch", "add", "quant", "--keyword", "quantized")
    at(monkeypatch, FRI)


def test_a_paper_matching_two_watches_is_shown_once_under_the_first(papers, hub: HubServer,
                                                                    monkeypatch) -> None:
    meta_and_quant_on_friday(papers, hub, monkeypatch)
    table = papers("new", "--peek").stdout
    assert table.count(QUANT_DAY1[0]) == 1
    assert "New · meta (family LLaMA)" in table and "New · quant" not in table
    data = json.loads(papers("new", "--json").stdout)
    both = next(p for p in data if p["id"] == QUANT_DAY1[0])
    assert both["watches"] == ["meta", "quant"]
    assert [p["id"] for p in data].count(QUANT_DAY1[0]) == 1


def test_all_shows_everything_grouped_and_tables_per_watch(papers, week: HubServer,
                                                           monkeypatch) -> None:
    at(monkeypatch, FRI)
    table = papers("new", "--all", "--peek")
    assert table.exit_code == 0
    out = table.stdout
    assert out.index("New · llava (family LLaVA)") < out.index("New · quant (keyword quantized)")
    assert out.index("New · quant") < out.index("New · other papers")
    data = json.loads(papers("new", "--all", "--json").stdout)
    assert sorted(p["id"] for p in data) == sorted(i["paper"]["id"] for i in ITEMS[0:7])
    assert [p["id"] for p in data][:5] == LLAVA_DAY1 + QUANT_DAY1
    assert all(p["watches"] == [] for p in data[5:])
    assert papers("new", "--all", "--json").stdout.strip() == "[]"


def test_newest_day_first_and_limit_leaves_the_rest_for_later(papers, week: HubServer,
                                                              monkeypatch) -> None:
    at(monkeypatch, TUE)
    result = papers("new", "--json", "-n", "3")
    assert result.ids == LLAVA_DAY3  # Tuesday's before Monday's and Friday's
    assert "3 of 9 new papers" in result.stderr
    # It says that only the papers shown are now seen, and how many wait.
    assert "; the 3 shown are seen\npapers: 6 left for the next papers new\n" in result.stderr
    rest = papers("new", "--json")
    assert rest.ids == LLAVA_DAY2 + LLAVA_DAY1 + QUANT_DAY1
    assert "; marked as seen" in rest.stderr and "left for" not in rest.stderr


def test_peek_with_a_limit_says_it_in_lines_that_fit_80_columns(papers, week: HubServer,
                                                                  monkeypatch) -> None:
    """"3 of 9 new papers from … to …; not marked as seen (--peek)" ran past 80 columns
    with a real span; a second line "--peek looks without moving on" said again what
    "not marked as seen" says: the count's line says it once, within 80 columns."""
    at(monkeypatch, TUE)
    result = papers("new", "--json", "--peek", "-n", "3")
    assert result.ids == LLAVA_DAY3
    lines = result.stderr.splitlines()
    assert lines[-1] == (
        "papers: 3 of 9 new papers from 2026-11-11 to 2026-11-24; not marked as seen"), lines
    assert "moving on" not in result.stderr and "left for" not in result.stderr
    assert max(len(line) for line in lines) <= 80, lines
    assert papers("new", "--json", "-n", "3").ids == LLAVA_DAY3  # nothing moved on


def test_a_group_cut_by_the_limit_says_of_how_many(papers, week: HubServer,
                                                   monkeypatch) -> None:
    """A watch's table cut by --limit says "3 of 8 papers", as any listing's caption does
    when the limit cut; a whole group says only its count."""
    at(monkeypatch, TUE)
    llava = len(LLAVA_DAY3 + LLAVA_DAY2 + LLAVA_DAY1)
    cut = papers("new", "--peek", "-n", "3")
    assert cut.exit_code == 0, cut.stderr
    assert f"3 of {llava} papers · 2026-11-" in cut.stdout
    whole = papers("new", "--peek", "-n", str(llava + 1))
    assert f"\n{llava} papers · 2026-11-" in whole.stdout
    assert "\n1 paper · 2026-11-" in whole.stdout  # quant's one paper


def test_a_limit_under_all_says_which_run_shows_the_rest(papers, week: HubServer,
                                                         monkeypatch) -> None:
    """Papers that match no watch wait for `papers new --all`: a run without --all reads
    past them, so the note does not promise them to it."""
    at(monkeypatch, FRI)  # 5 watch papers and 2 others
    some = papers("new", "--all", "--json", "-n", "3")
    assert "4 left for the next papers new (2 of them with --all)" in some.stderr
    rest = papers("new", "--all", "--json", "-n", "2")
    assert "2 left for the next papers new --all" in rest.stderr
    assert papers("new", "--all", "--json").ids == [i["paper"]["id"] for i in ITEMS[0:7]
                                                    if i["paper"]["id"] not in some.ids
                                                    + rest.ids]


def test_filters_narrow_and_sort_reorders_within_groups(papers, week: HubServer,
                                                        monkeypatch) -> None:
    at(monkeypatch, TUE)
    only_mini = papers("new", "--peek", "--json", "--keyword", "tiny")
    assert only_mini.ids == [ITEMS[3]["paper"]["id"]]  # LLaVA-MoD: "Tiny"
    by_votes = json.loads(papers("new", "--peek", "--json", "--sort", "upvotes").stdout)
    llava = [p["upvotes"] for p in by_votes if p["watches"][0] == "llava"]
    assert llava == sorted(llava, reverse=True)
    assert papers("new", "--peek", "--family", "Nope").exit_code == 2


def test_new_papers_the_filters_leave_out_for_good_are_counted(papers, week: HubServer,
                                                               monkeypatch) -> None:
    """An extra filter's left-out papers are not marked seen, but the next run starts
    after their days: the note says how many will not come back. Monday's and the one
    Friday paper listed again on Monday are read again, so they are not counted."""
    at(monkeypatch, MON)
    peek = papers("new", "--peek", "-k", "quantized", "--json")
    assert peek.ids == QUANT_DAY1 and "left out by the filters" not in peek.stderr
    some = papers("new", "-k", "quantized", "--json")
    assert some.ids == QUANT_DAY1
    gone = len(set(LLAVA_DAY1) - {ITEMS[1]["paper"]["id"]})
    assert (f"papers: {gone} more left out by the filters: not shown again (--peek keeps "
            "them)") in some.stderr.splitlines()  # (within 80 columns: it was 123)
    assert papers("new", "--json").ids == [*LLAVA_DAY2, ITEMS[1]["paper"]["id"]]


def test_no_watches_is_a_usage_error_but_all_works(papers, hub: HubServer, monkeypatch) -> None:
    hub.set_day(FRI, ITEMS[0:2])
    at(monkeypatch, FRI)
    result = papers("new")
    assert result.exit_code == 2
    assert "no watches" in result.stderr and "--all" in result.stderr
    assert hub.count() == 0
    assert len(papers("new", "--all", "--json").ids) == 2


def test_first_days_is_configurable(papers, week: HubServer, monkeypatch) -> None:
    papers("config", "set", "new.first_days", "3")
    at(monkeypatch, MON)
    result = papers("new", "--json")
    assert daily_dates(week) == [SAT.isoformat(), SUN.isoformat(), MON.isoformat()]
    assert result.ids == [ITEMS[7]["paper"]["id"], ITEMS[1]["paper"]["id"]]


def test_a_first_use_past_the_cap_is_not_called_a_long_break(papers, week: HubServer,
                                                              monkeypatch) -> None:
    """new.first_days over 90 on first use: it reads 90 days and says new.first_days asked
    for more; "the last check was long ago" spoke of a check that never happened."""
    assert papers("config", "set", "new.first_days", "120").exit_code == 0
    at(monkeypatch, MON)
    result = papers("new", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(daily_dates(week)) == 90
    assert "first run: looked at the last 90 days" in result.stderr
    assert "the most (new.first_days is more)" in result.stderr
    assert "long ago" not in result.stderr


def test_config_set_says_new_first_days_past_the_cap_acts_as_90(papers) -> None:
    """`config set new.first_days 500` was taken without a word; the 90-day cap was first
    said by `papers new`'s first run, in a note of 141 columns. It is said when set."""
    over = papers("config", "set", "new.first_days", "500")
    assert over.exit_code == 0, over.stderr
    lines = over.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("papers: set new.first_days = 500 in ")
    assert lines[1] == "papers: warning: papers new looks back 90 days at most: 500 acts as 90"
    assert papers("config", "get", "new.first_days").stdout == "500\n"  # kept as set
    within = papers("config", "set", "new.first_days", "90")
    assert within.exit_code == 0 and "warning" not in within.stderr


def test_refresh_refetches_fresh_listings(papers, week: HubServer, monkeypatch) -> None:
    at(monkeypatch, FRI)
    papers("new", "--json")
    week.reset_log()
    papers("new", "--json", "--refresh")
    assert daily_dates(week) == [FRI.isoformat()]


def test_offline_uses_the_cache_and_catches_up_later(papers, week: HubServer,
                                                     monkeypatch) -> None:
    at(monkeypatch, FRI)
    papers("new", "--json")
    at(monkeypatch, MON)
    week.reset_log()
    offline = papers("new", "--offline", "--json")
    assert offline.exit_code == 0, offline.stderr
    assert json.loads(offline.stdout) == []
    assert week.count() == 0
    assert "offline" in offline.stderr and "2026-11-21" in offline.stderr
    # The days it could not read are read next time.
    online = papers("new", "--json")
    assert online.ids == LLAVA_DAY2
    assert daily_dates(week) == [d.isoformat() for d in (FRI, SAT, SUN, MON)]


def test_the_hub_down_is_said_as_such_not_offline(papers, week: HubServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The Hub out of reach: "offline: used the cached listings of 1 of 1 days" said an
    offline nobody asked for, in a count of one. The Hub's failure is said (as in the
    warning), and the days read are named; --offline still says offline."""
    at(monkeypatch, FRI)
    assert papers("new").exit_code == 0
    at(monkeypatch, FRI, "13:00:00")  # (today's listing due again)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    down = papers("new", "--peek")
    assert down.exit_code == 0, down.stderr
    lines = down.stderr.splitlines()
    assert "papers: the Hub refused: used the cached listing of 2026-11-20" in lines
    assert not any(line.startswith("papers: offline") for line in lines), lines
    offline = papers("new", "--peek", "--offline").stderr.splitlines()
    assert "papers: offline: used the cached listing of 2026-11-20" in offline
    # Several days, all cached: named, or counted where the line would pass 80 columns
    monkeypatch.setenv("HF_ENDPOINT", week.url)
    at(monkeypatch, MON)
    assert papers("new", "--peek").exit_code == 0  # (caches Friday to Monday)
    at(monkeypatch, MON, "13:00:00")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    down = papers("new", "--peek")
    # (the days named: "refused" leaves room for them, where "did not answer" did not)
    assert "papers: the Hub refused: used the cached listings of 2026-11-20 to 2026-11-23" in (
        down.stderr.splitlines()), down.stderr
    offline = papers("new", "--peek", "--offline").stderr.splitlines()
    assert ("papers: offline: used the cached listings of 2026-11-20 to 2026-11-23"
            in offline), offline


def test_offline_with_nothing_cached_is_a_clear_error(papers, week: HubServer,
                                                      monkeypatch) -> None:
    at(monkeypatch, FRI)
    result = papers("new", "--offline")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert one_line(result.stderr).startswith("papers: error: no listing since ")
    assert cell_width(one_line(result.stderr)) <= 80  # (it was 139 columns)
    assert "without --offline" in result.stderr
    assert week.count() == 0


def test_network_offline_setting_names_itself_when_arxiv_is_not_cached(
        papers, week: HubServer, monkeypatch) -> None:
    """With network.offline on (no --offline typed), the warning for a followed category's
    missing announcement names the setting to change, as the Hub's miss does; "run papers
    new without --offline" pointed at nothing the user typed."""
    at(monkeypatch, FRI)
    assert papers("new", "--peek").exit_code == 0  # the listings, cached
    assert papers("config", "set", "sources.arxiv", "cs.CL").exit_code == 0
    assert papers("config", "set", "network.offline", "true").exit_code == 0
    result = papers("new", "--peek")
    assert result.exit_code == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if "no arXiv announcement of cs.CL" in x)
    assert "without --offline" not in line
    assert line.endswith("; unset network.offline"), line
    assert papers("config", "set", "network.offline", "false").exit_code == 0
    typed = papers("new", "--peek", "--offline")
    assert ("papers: warning: no arXiv announcement of cs.CL cached; run without "
            "--offline\n") in typed.stderr  # (in 80 columns: it made 114)


def test_hub_down_shows_what_is_cached(papers, week: HubServer, monkeypatch) -> None:
    at(monkeypatch, FRI)
    papers("new", "--json")
    at(monkeypatch, MON)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    down = papers("new", "--json")
    assert down.exit_code == 0, down.stderr
    assert json.loads(down.stdout) == []
    assert "the Hub refused" in down.stderr
    monkeypatch.setenv("HF_ENDPOINT", week.url)
    assert papers("new", "--json").ids == LLAVA_DAY2


def test_hub_down_says_it_once_and_nothing_new_of_the_days_read_only(
        papers, week: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Monday's listing cached, Tuesday's not, the Hub down: "warning: the Hub did not
    answer; showing the copy cached 24 h ago" (a listing's fallback; new shows no copy)
    came over new's own line on it, and "nothing new … since 2026-11-23" spoke for
    Tuesday, never read. The Hub's failure is said once, nothing new of Monday alone."""
    at(monkeypatch, MON, "07:00:00")
    assert papers("new", "--all").exit_code == 0  # (every paper to Monday seen)
    at(monkeypatch, TUE, "07:00:00")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    down = "papers: the Hub refused: 1 of 2 days cached; the rest read next time"
    said = f"papers: nothing new for your 2 watches on {MON}"  # (--all: none more)
    for args in ((), ("--json",)):
        result = papers("new", "--peek", *args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ("[]\n" if args else "")
        assert result.stderr.splitlines() == [down, said]
    every = papers("new", "--peek", "--all")
    assert every.stderr.splitlines() == [down, f"papers: nothing new in the listings of {MON}"]
    one = papers("new", "--peek", "--watch", "llava").stderr.splitlines()
    assert one == [down, f"papers: nothing new for the watch llava on {MON}"]
    monkeypatch.setenv("HF_ENDPOINT", week.url)
    assert papers("new", "--json").ids == LLAVA_DAY3  # Tuesday, read when the Hub is back


def test_nothing_new_with_days_between_not_read_counts_the_days_read(
        papers, week: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline, Friday and Monday cached, the weekend between not: "since 2026-11-20"
    spoke for the weekend too; the days read are counted."""
    at(monkeypatch, FRI)
    assert papers("new", "--all").exit_code == 0
    at(monkeypatch, MON)
    assert papers("day", MON.isoformat()).exit_code == 0  # (Monday cached, the weekend not)
    seen = papers("new", "--watch", "llava", "--json", "--offline")  # (its new one seen)
    assert seen.ids == LLAVA_DAY2
    result = papers("new", "--peek", "--offline")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == (
        "papers: nothing new for 2 watches in the 2 days read (--all: 5 other new papers)")
    assert all(cell_width(line) <= 80 for line in lines), lines
    every = papers("new", "--peek", "--offline", "--all", "-k", "zzzz")
    assert every.stderr.splitlines()[-1] == "papers: nothing new in the 2 days read"


def test_a_weekend_with_nothing_listed_says_so(papers, week: HubServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """On a Saturday after a run: "nothing new in the listings of 2026-11-21" named a
    listing that never was (and "--all: every new paper" pointed at nothing more); it is
    said as `papers today` says it."""
    at(monkeypatch, SAT, "09:00:00")
    assert papers("new").exit_code == 0
    weekend = f"papers: nothing new on {SAT}: nothing listed on weekends"
    assert one_line(papers("new", "--peek", "--all").stderr) == weekend
    assert one_line(papers("new", "--peek").stderr) == weekend
    at(monkeypatch, SUN, "09:00:00")
    both = one_line(papers("new", "--all", "--peek").stderr)
    assert both == f"papers: nothing new from {SAT} to {SUN}: nothing listed on weekends"
    assert cell_width(both) <= 80
    # A weekday with nothing new for the watches still says the day, and --all
    at(monkeypatch, SAT, "09:00:00")
    week.set_day(SAT, [ITEMS[0]])  # (a Saturday that listed one: not "nothing listed")
    assert one_line(papers("new", "--peek", "--refresh").stderr) == (
        f"papers: nothing new for your 2 watches on {SAT} (--all: 1 other new paper)")


def test_a_first_look_names_the_watches_a_watch_run_did_not_look_for(
        papers, week: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a first-ever `papers new --watch quant`, the next plain run said "first look
    for watches llava and quant": quant had its look. The watches still without one are
    named, and a run with none left says whose run it is."""
    at(monkeypatch, FRI)
    first = papers("new", "--watch", "quant")
    assert first.exit_code == 0, first.stderr
    assert "papers: first run: looked at the last 14 days" in first.stderr.splitlines()
    again = papers("new", "--watch", "quant", "--peek").stderr.splitlines()
    assert "papers: no run without --watch yet: looked at the last 14 days" in again, again
    peeked = papers("new", "--watch", "llava", "--peek").stderr.splitlines()
    assert "papers: first look for watch llava: looked at the last 14 days" in peeked
    plain = papers("new", "--peek", "--json")
    assert plain.ids == LLAVA_DAY1  # (quant's paper seen by its own run)
    assert "papers: first look for watch llava: looked at the last 14 days" in (
        plain.stderr.splitlines()), plain.stderr
    assert papers("new", "--watch", "llava", "--json").ids == LLAVA_DAY1
    both = papers("new", "--peek").stderr.splitlines()
    assert "papers: first run without --watch: looked at the last 14 days" in both, both


def test_hub_down_and_nothing_cached_fails(papers, home: Home, monkeypatch) -> None:
    papers("watch", "add", "llava", "--family", "LLaVA")
    result = papers("new")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "127.0.0.1:9 refused the connection" in result.stderr
    assert "Traceback" not in result.stderr


def test_markdown_digest_to_a_file(papers, week: HubServer, monkeypatch, home: Home) -> None:
    at(monkeypatch, FRI)
    digest = home.root / "notes" / "2026-11-20.md"
    digest.parent.mkdir()
    result = papers("new", "--format", "md", "-o", str(digest))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote 5 papers to {digest}" in result.stderr
    tokens = MarkdownIt().parse(digest.read_text(encoding="utf-8"))
    headings = [(tokens[i].tag, tokens[i + 1].content) for i, t in enumerate(tokens)
                if t.type == "heading_open"]
    # One section per watch, one heading per paper under it, newest first.
    span = "2026-11-07 – 2026-11-20"
    assert [tag for tag, _ in headings] == ["h1", "h2", "h2", "h2", "h2", "h1", "h2"]
    assert headings[0][1] == f"New · llava (family LLaVA) · {span}"
    assert headings[5][1] == f"New · quant (keyword quantized) · {span}"
    titles = [text for tag, text in headings if tag == "h2"]
    expected = {i["paper"]["id"]: i["paper"]["title"] for i in ITEMS}
    for pid, title in zip(LLAVA_DAY1 + QUANT_DAY1, titles, strict=True):
        assert title.startswith("[" + expected[pid].split(":")[0])
        assert f"/papers/{pid})" in title
    # Recorded as seen: the next digest is empty.
    assert json.loads(papers("new", "--json").stdout) == []


def test_a_failed_write_marks_nothing_seen(papers, week: HubServer, monkeypatch,
                                          home: Home) -> None:
    at(monkeypatch, FRI)
    target = home.root / "digest.md"
    target.write_text("keep me\n", encoding="utf-8")
    result = papers("new", "--format", "md", "-o", str(target))
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert papers("new", "--json").ids == LLAVA_DAY1 + QUANT_DAY1


@pytest.mark.parametrize("fmt", ["csv", "bibtex", "table"])
def test_every_format_works(papers, week: HubServer, monkeypatch, fmt: str) -> None:
    at(monkeypatch, FRI)
    result = papers("new", "--peek", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    for pid in LLAVA_DAY1 + QUANT_DAY1:
        assert pid in result.stdout


def test_installed_entry_point(week: HubServer, monkeypatch, papers) -> None:
    at(monkeypatch, FRI)
    done = run_process("new", "--json")
    assert done.returncode == 0, done.stderr
    assert ids(done.stdout) == LLAVA_DAY1 + QUANT_DAY1
    again = run_process("new", "--json")
    assert (again.returncode, json.loads(again.stdout)) == (0, [])


def test_every_count_of_the_last_line_is_separated_by_thousands(papers, hub: HubServer,
                                                                monkeypatch) -> None:
    """"2 of 1,005 new papers", as "1,003 left" and every other count says it."""
    hub.fill(FRI, FRI, per_day=1005)
    at(monkeypatch, FRI)
    result = papers("new", "--all", "--json", "-n", "2")
    assert result.exit_code == 0, result.stderr
    assert "2 of 1,005 new papers, " in result.stderr  # ("from": 81 columns)
    assert "1,003 left for the next" in result.stderr
    rest = papers("new", "--all", "--json", "-n", "0", "--peek")
    assert "1,003 new papers from" in rest.stderr


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_digest_section_cut_by_the_limit_says_of_how_many(papers, week: HubServer,
                                                            monkeypatch, fmt: str) -> None:
    """A Markdown or HTML digest's section cut by --limit said "_3 papers_", as if the
    watch had found no more; now "3 of 8 papers", as the table says it. A whole section
    says only its count."""
    at(monkeypatch, TUE)
    llava = len(LLAVA_DAY3 + LLAVA_DAY2 + LLAVA_DAY1)
    cut = papers("new", "--peek", "-f", fmt, "-n", "3")
    assert cut.exit_code == 0, cut.stderr
    assert f"3 of {llava} papers" in cut.stdout
    whole = papers("new", "--peek", "-f", fmt, "-n", "0")
    assert f"of {llava} papers" not in whole.stdout
    counts = [line for line in whole.stdout.splitlines() if f"{llava} papers" in line]
    assert counts and ("_" if fmt == "md" else "class=\"count\"") in counts[0]


def test_a_watch_added_since_the_last_run_looks_back_once(papers, hub: HubServer,
                                                          monkeypatch) -> None:
    """A watch added on Tuesday, after Monday's run: Friday's paper it matches was before
    the checkpoint, so it would never have been new. It is looked for as far back as a
    first run looks (new.first_days), once, and the run says so; the older watch is not
    looked back for, and a later run does not look back again."""
    hub.set_day(FRI, ITEMS[0:7])
    hub.set_day(MON, [*ITEMS[7:13], ITEMS[1]])
    hub.set_day(TUE, ITEMS[13:19])
    papers("watch", "add", "llava", "--family", "LLaVA")
    at(monkeypatch, FRI)
    assert papers("new", "--json").ids == LLAVA_DAY1
    at(monkeypatch, MON)
    assert papers("new", "--json").ids == LLAVA_DAY2
    at(monkeypatch, TUE)
    assert papers("watch", "add", "quant", "--keyword", "quantized").exit_code == 0
    result = papers("new", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(p["id"], p["watches"], p["listing_day"]) for p in data] == [
        *((pid, ["llava"], TUE.isoformat()) for pid in LLAVA_DAY3),
        (QUANT_DAY1[0], ["quant"], FRI.isoformat())]
    back_to = TUE - timedelta(days=13)
    assert f"new watch quant: also looked back to {back_to}, this once" in result.stderr
    assert f"new papers from {back_to} to {TUE}" in result.stderr
    again = papers("new", "--json")
    assert again.ids == [] and "looked back" not in again.stderr


def _quant_seen_on_monday(papers, hub: HubServer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Friday's and Monday's papers served, the watch quant's seen on Monday at noon, and
    the clock at Monday evening: the moment a second watch is added."""
    hub.set_day(FRI, ITEMS[0:7])
    hub.set_day(MON, ITEMS[7:13])
    papers("watch", "add", "quant", "--keyword", "quantized")
    at(monkeypatch, MON)
    assert papers("new", "--json").ids == QUANT_DAY1
    at(monkeypatch, MON, "18:00:00")


def test_a_look_back_cut_by_the_limit_is_finished_next_time(papers, hub: HubServer,
                                                            monkeypatch) -> None:
    """-n 1 shows one paper of a new watch's finds (the newest, Monday's): the ones its
    look-back found come next time, looked back for again; then nothing."""
    _quant_seen_on_monday(papers, hub, monkeypatch)
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    first = papers("new", "-n", "1")
    assert first.exit_code == 0, first.stderr
    back_to = MON - timedelta(days=13)
    assert f"1 of {len(LLAVA_DAY1) + 1} papers · {back_to} – {MON}" in first.stdout
    assert f"new watch llava: also looked back to {back_to}; the rest next time" \
        in first.stderr
    rest = papers("new", "--json")
    assert rest.ids == LLAVA_DAY1
    assert "new watch llava: also looked back" in rest.stderr
    last = papers("new", "--json")
    assert last.ids == [] and "looked back" not in last.stderr


def test_a_library_from_before_watches_were_recorded_looks_back_for_none(
        papers, hub: HubServer, monkeypatch, home: Home) -> None:
    """A user database written before `papers new` recorded its watches has no record of
    them: none counts as new (an upgrade would otherwise look back for every watch), and
    from then on they are recorded."""
    import sqlite3

    hub.set_day(FRI, ITEMS[0:7])
    hub.set_day(MON, ITEMS[7:13])
    papers("watch", "add", "llava", "--family", "LLaVA")
    at(monkeypatch, SAT)
    assert papers("new", "--json").ids == LLAVA_DAY1
    conn = sqlite3.connect(home.data / "papercli" / "user.db")
    with conn:
        conn.execute("DELETE FROM meta WHERE key = 'new.watches'")
    conn.close()
    papers("watch", "add", "quant", "--keyword", "quantized")
    at(monkeypatch, MON)
    result = papers("new", "--json")
    assert result.ids == LLAVA_DAY2 and "looked back" not in result.stderr
    papers("watch", "add", "quant2", "--keyword", "low-bit")
    later = papers("new", "--json")
    assert later.ids == QUANT_DAY1 and "new watch quant2: also looked back" in later.stderr


def test_a_look_back_offline_over_days_not_cached_is_done_again(papers, hub: HubServer,
                                                                 monkeypatch) -> None:
    """Offline, the days a new watch looks back over are not in the library: it says so,
    and the next run online looks back again (and finds Friday's paper)."""
    hub.set_day(FRI, ITEMS[0:7])
    hub.set_day(MON, ITEMS[7:13])
    papers("config", "set", "new.first_days", "3")
    papers("watch", "add", "llava", "--family", "LLaVA")
    at(monkeypatch, MON)
    assert papers("new", "--json").ids == LLAVA_DAY2  # Saturday to Monday: Friday unread
    papers("config", "set", "new.first_days", "14")
    papers("watch", "add", "quant", "--keyword", "quantized")
    at(monkeypatch, MON, "18:00:00")
    offline = papers("new", "--offline", "--json")
    assert offline.exit_code == 0, offline.stderr
    assert offline.ids == []
    # (within 80 columns: "new watch quant: also looked back to DAY; 11 days not in the
    # library: again next time" was 95)
    assert ("papers: new watch quant: 11 look-back days not cached: again next time"
            in offline.stderr.splitlines())
    online = papers("new", "--json")
    assert online.ids == QUANT_DAY1 and "also looked back" in online.stderr


def test_a_look_back_find_lists_every_watch_it_matches(papers, hub: HubServer,
                                                       monkeypatch) -> None:
    """A paper the older watch let go (left out by `-k` on its run) and a new watch finds
    looking back: under the new watch, and its JSON "watches" names both, as for any
    paper matching several."""
    hub.set_day(FRI, ITEMS[0:7])
    papers("watch", "add", "llava", "--family", "LLaVA")
    at(monkeypatch, SAT)
    assert papers("new", "-k", "biomedical", "--json").ids == [ITEMS[6]["paper"]["id"]]
    at(monkeypatch, MON)
    papers("watch", "add", "mini", "--keyword", "mini")
    result = papers("new", "--json")
    assert [(p["id"], p["watches"]) for p in json.loads(result.stdout)] \
        == [(ITEMS[1]["paper"]["id"], ["llava", "mini"])]


def test_a_look_back_find_left_out_by_the_filters_is_counted(papers, hub: HubServer,
                                                             monkeypatch) -> None:
    """A new watch's first run with `-k`: what its look-back found and the filter left
    out will not come back (it is not looked back for again), and the note counts it."""
    _quant_seen_on_monday(papers, hub, monkeypatch)
    papers("watch", "add", "llava", "--family", "LLaVA")
    some = papers("new", "-k", "biomedical", "--json")
    assert some.ids == [ITEMS[6]["paper"]["id"]]
    gone = len(LLAVA_DAY1) - 1
    assert (f"papers: {gone} more left out by the filters: not shown again (--peek keeps "
            "them)") in some.stderr.splitlines()  # (within 80 columns: it was 123)
    assert papers("new", "--json").ids == LLAVA_DAY2


def test_a_look_back_held_by_the_limit_resumes_from_its_first_day(papers, hub: HubServer,
                                                                  monkeypatch) -> None:
    """A new watch's look-back the limit cut on Monday goes on on Tuesday from where it
    started (13 days before Monday), not 13 days before Tuesday: the paper listed on
    that first day is not lost."""
    first = MON - timedelta(days=13)
    hub.set_day(first, [ITEMS[3]])
    hub.set_day(FRI, [ITEMS[1]])
    hub.set_day(MON, [ITEMS[7]])
    papers("watch", "add", "quant", "--keyword", "quantized")
    at(monkeypatch, MON)
    assert papers("new", "--json").ids == []
    at(monkeypatch, MON, "18:00:00")
    papers("watch", "add", "llava", "--family", "LLaVA")
    assert papers("new", "--json", "-n", "1").ids == [ITEMS[7]["paper"]["id"]]
    at(monkeypatch, TUE)
    rest = papers("new", "--json")
    assert rest.ids == [ITEMS[1]["paper"]["id"], ITEMS[3]["paper"]["id"]]
    assert f"new watch llava: also looked back to {first}, this once" in rest.stderr
    assert "looked back" not in papers("new", "--json").stderr


def test_a_first_run_counts_the_days_it_reads_on_the_status_line(
        papers, week: HubServer, monkeypatch) -> None:
    """A first run reads 14 days, a request each (90 after a long break): on a terminal the
    status line counts them, where it said nothing for seconds on end. Each day's request
    says what it waits for after the count; the line is cleared before the table, and a
    second run, whose days are cached, says nothing."""
    from papercli import new as news
    from papercli import terminal

    said: list[str | None] = []
    monkeypatch.setattr(terminal, "hub_progress", lambda stream=None: said.append)
    monkeypatch.setattr(news._Days, "QUIET", 0.0)  # (counted from the first day on)
    at(monkeypatch, FRI)
    first = papers("new", "--json")
    assert first.ids == LLAVA_DAY1 + QUANT_DAY1
    counts = list(dict.fromkeys(m for m in said if m is not None and "·" not in m))
    assert counts == [f"reading the daily listings: {n} of 14 days" for n in range(15)]
    assert any(m is not None and m.startswith("reading the daily listings: 0 of 14 days · "
                                              "asking the Hub…") for m in said)
    assert said[-1] is None  # cleared before the table
    said.clear()
    assert papers("new", "--json").exit_code == 0
    assert not [m for m in said if m is not None and m.startswith("reading")]


def test_watch_shows_that_watch_alone_and_leaves_the_others_new(papers, week: HubServer,
                                                                  monkeypatch) -> None:
    """`papers new` reported every watch's papers, with no way to narrow them to one
    (`for-you` takes --watch): `--watch NAME` shows that watch's, marks them seen, and the
    days stay new for the other watches, whose papers the next run still shows."""
    at(monkeypatch, FRI)
    quant = papers("new", "--watch", "QUANT", "--json")  # (any case, as for-you takes it)
    assert quant.exit_code == 0, quant.stderr
    assert quant.ids == QUANT_DAY1
    assert quant.stderr.rstrip().endswith("1 new paper from "
                                          f"{FRI - timedelta(days=13)} to {FRI}; marked as seen")
    again = papers("new", "--watch", "quant")
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr.splitlines()[-1] == (  # (after "first run": no run moved on yet)
        f"papers: nothing new for the watch quant from {FRI - timedelta(days=13)} to {FRI}")
    assert papers("new", "--json").ids == LLAVA_DAY1  # the others' papers: still new
    at(monkeypatch, MON)
    assert papers("new", "--watch", "llava", "--json").ids == LLAVA_DAY2
    assert papers("new", "--json").ids == []


def test_watch_takes_its_papers_another_watch_comes_first_for(papers, hub: HubServer,
                                                               monkeypatch) -> None:
    meta_and_quant_on_friday(papers, hub, monkeypatch)
    data = json.loads(papers("new", "--watch", "quant", "--json").stdout)
    assert [(p["id"], p["watches"]) for p in data] == [(QUANT_DAY1[0], ["meta", "quant"])]
    table = papers("new", "--peek").stdout  # meta's other papers, still new
    assert "New · meta (family LLaMA)" in table and QUANT_DAY1[0] not in table


@pytest.mark.parametrize("args,said", [
    (("--watch", "nope"), "no watch named 'nope' — watches: llava, quant"),
    (("--watch", "llava", "--all"), "--watch and --all cannot be combined — give one of them"),
])
def test_a_watch_that_is_none_is_a_usage_error_before_the_network(
        papers, week: HubServer, monkeypatch, args: tuple[str, ...], said: str) -> None:
    at(monkeypatch, FRI)
    week.reset_log()
    done = papers("new", *args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert one_line(done.stderr) == f"papers: error: {said}"
    assert week.count() == 0


def llava_seen_friday_now_monday(papers, hub: HubServer,  # type: ignore[no-untyped-def]
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A `llava` watch whose Friday run saw its papers; now Monday, with Monday's listing
    (one of Friday's papers listed again)."""
    hub.set_day(FRI, ITEMS[0:7])
    hub.set_day(MON, [*ITEMS[7:13], ITEMS[1]])
    papers("watch", "add", "llava", "--family", "LLaVA")
    at(monkeypatch, FRI)
    assert papers("new", "--json").ids == LLAVA_DAY1
    at(monkeypatch, MON)


def test_watch_looks_back_for_itself_alone_and_the_new_watch_still_looks_back(
        papers, hub: HubServer, monkeypatch) -> None:
    """A watch added since the last run is looked back for once: `--watch` with another
    watch neither does that look-back nor uses it up, and `--watch` with the new one
    does its own."""
    llava_seen_friday_now_monday(papers, hub, monkeypatch)
    assert papers("watch", "add", "quant", "--keyword", "quantized").exit_code == 0
    llava = papers("new", "--watch", "llava", "--json")
    assert llava.ids == LLAVA_DAY2 and "looked back" not in llava.stderr
    quant = papers("new", "--watch", "quant", "--json")
    assert quant.ids == QUANT_DAY1
    assert f"new watch quant: also looked back to {MON - timedelta(days=13)}" in quant.stderr
    rest = papers("new", "--json")  # the look-back not used up: quant's papers are seen
    assert rest.exit_code == 0 and rest.ids == []
    assert "new watch quant: also looked back" in rest.stderr
    assert "looked back" not in papers("new", "--json").stderr


def test_a_renamed_watch_is_the_same_watch_not_one_added_since(papers, hub: HubServer,
                                                                 monkeypatch) -> None:
    """Renamed after a run, a watch is not looked back for as a watch added since (days
    read again, papers missed before shown as if new)."""
    llava_seen_friday_now_monday(papers, hub, monkeypatch)
    assert papers("watch", "rename", "llava", "vision").exit_code == 0
    asked = len(daily_dates(hub))
    result = papers("new", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.ids == LLAVA_DAY2 and "looked back" not in result.stderr
    assert json.loads(result.stdout)[0]["watches"] == ["vision"]
    assert daily_dates(hub)[asked:] == [d.isoformat() for d in (FRI, SAT, SUN, MON)]


def test_a_look_back_under_way_goes_on_under_the_new_name(papers, hub: HubServer,
                                                         monkeypatch) -> None:
    """A new watch's look-back cut by the limit, then the watch renamed: the next run
    finishes it under the new name, and then it is done."""
    _quant_seen_on_monday(papers, hub, monkeypatch)
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    first = papers("new", "-n", "1")
    assert "new watch llava: also looked back" in first.stderr
    assert papers("watch", "rename", "llava", "vision").exit_code == 0
    rest = papers("new", "--json")
    assert rest.ids == LLAVA_DAY1
    assert "new watch vision: also looked back" in rest.stderr
    last = papers("new", "--json")
    assert last.ids == [] and "looked back" not in last.stderr
