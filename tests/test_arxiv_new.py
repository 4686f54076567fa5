"""`papers new` over the followed arXiv categories, `--source`/`--category` as watch keys,
and `papers browse arxiv`: through `main()` against the loopback arXiv (and Hub)."""

from __future__ import annotations

import io
import json
import tomllib
from datetime import UTC, datetime
from typing import Any

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers, one_line, run, write_config
from hubserver import HubServer, seed_items
from papercli import arxiv_listing
from papercli.tui.app import BrowseApp
from papercli.tui.source import Source, View

DAY = datetime(2024, 1, 15, 12, tzinfo=UTC)
FOLLOW = '[sources]\narxiv = ["cs.CL", "cs.CV"]\n'


@pytest.fixture
def arx(arx: ArxivServer) -> ArxivServer:
    """The loopback arXiv (conftest's), announcing three papers and one of another field."""
    arx.announce(
        Paper("2401.09001", "A new cs.CL paper", ["cs.CL", "cs.AI"], DAY),
        Paper("2401.09002", "A new cs.CV paper", ["cs.CV"], DAY),
        Paper("2401.09003", "Robotics, cross-listed to cs.CV", ["cs.RO", "cs.CV"], DAY),
        Paper("2401.09007", "Not in these categories", ["math.AG"], DAY),
    )
    return arx


def new_json(papers: Papers, *args: str) -> list[dict[str, Any]]:
    result = papers("new", "--json", *args)
    assert result.exit_code == 0, result.stderr
    got: list[dict[str, Any]] = json.loads(result.stdout)
    return got


def test_new_lists_the_followed_categories_labelled_by_source_once(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    write_config(home, FOLLOW)
    table = papers("new", "--peek")
    assert table.exit_code == 0, table.stderr
    assert "arXiv cs.CL" in table.stdout and "arXiv cs.CV" in table.stdout
    assert "A new cs.CL paper" in table.stdout and "Robotics" in table.stdout
    assert "Not in these categories" not in table.stdout
    got = new_json(papers)
    assert sorted(p["id"] for p in got) == ["2401.09001", "2401.09002", "2401.09003"]
    assert {p["found_in"] for p in got} == {"arxiv"}
    assert all("arxiv" in p["sources"] for p in got)
    # Hub papers match no watch and --all was not given: the Hub side shows nothing.
    assert new_json(papers) == []  # seen now: nothing new the second time
    assert arx.count("/rss") == 1  # the announcement is cached like a listing


def test_hidden_papers_stay_out_and_the_seen_rule_applies(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    write_config(home, FOLLOW)
    assert papers("hide", "2401.09002").exit_code == 0
    assert papers("read", "2401.09003").exit_code == 0  # read is not seen
    assert sorted(p["id"] for p in new_json(papers, "--peek")) == ["2401.09001",
                                                                 "2401.09003"]
    shown = new_json(papers, "-n", "1")
    assert len(shown) == 1
    before = len(seeded_hub.requests)
    rest = new_json(papers)
    # The paper held back is read again from the announcement, not by going back to its
    # announcement day in the Hub's listings: one day (today) at most is asked again.
    assert len(seeded_hub.requests) - before <= 2
    assert [p["id"] for p in rest] != [p["id"] for p in shown] and len(rest) == 1
    hidden = new_json(papers, "--hidden", "--peek")  # only --hidden brings it back
    assert [p["id"] for p in hidden] == ["2401.09002"]


def test_offline_uses_the_cached_announcement(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    write_config(home, FOLLOW)
    online = new_json(papers, "--peek")
    before = arx.count("/rss")
    offline = new_json(papers, "--offline")
    assert [p["id"] for p in offline] == [p["id"] for p in online] and offline
    assert arx.count("/rss") == before
    assert new_json(papers, "--offline") == []
    # (no Daily Papers day is read for followed categories alone: no note counts them,
    # where "offline: used the cached listings of 0 of 0 days" did)
    assert "cached listing" not in papers("new", "--offline", "--peek").stderr


def test_offline_with_nothing_cached_says_so_and_shows_the_hub_side(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    assert papers("new", "--all", "--peek", "--json").exit_code == 0  # Hub days cached
    write_config(home, FOLLOW)
    result = papers("new", "--all", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    # (in 80 columns: "of cs.CL, cs.CV in the local library; run papers new without
    # --offline to fetch it" made 111)
    assert ("papers: warning: no arXiv announcement cached; run without --offline to fetch "
            "it\n") in result.stderr
    assert {p["found_in"] for p in json.loads(result.stdout)} == {"hf"}
    assert arx.count("/rss") == 0


def test_a_watch_claims_an_announced_paper_before_its_category(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    write_config(home, FOLLOW + '[watch.robots]\nkeyword = ["robotics"]\n')
    got = {p["id"]: p for p in new_json(papers, "--peek")}
    assert got["2401.09003"]["watches"] == ["robots"]
    table = papers("new", "--peek").stdout
    assert table.index("robots") < table.index("arXiv cs.CL")


def test_a_paper_only_arxiv_announced_is_shown_under_the_watch_it_matches(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    """The announcement's papers that a watch matches are under the watch, in the table
    as in the JSON's order, found in arXiv all the same."""
    write_config(home, FOLLOW + '[watch.vision]\ncategory = ["cs.CV"]\nsource = ["arxiv"]\n')
    table = papers("new", "--peek")
    assert table.exit_code == 0, table.stderr
    sections = {part.splitlines()[0]: part for part in table.stdout.split("New · ")[1:]}
    watched = next(text for title, text in sections.items() if title.startswith("vision"))
    assert "A new cs.CV paper" in watched and "Robotics" in watched
    assert not any("cs.CV" in text for title, text in sections.items()
                   if title.startswith("arXiv"))
    got = new_json(papers, "--peek")
    assert [p["id"] for p in got][:2] == ["2401.09002", "2401.09003"]
    assert [p["found_in"] for p in got] == ["arxiv"] * 3
    assert [p["watches"] for p in got] == [["vision"], ["vision"], []]


def test_without_followed_categories_new_reads_no_arxiv(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    got = new_json(papers, "--all", "--peek")
    assert got and all("found_in" not in p for p in got)  # the JSON of before
    assert arx.count("/rss") == 0
    result = papers("new")
    assert result.exit_code == 2 and "no watches" in one_line(result.stderr)


def test_source_and_category_are_watch_keys(papers: Papers, home: Home,
                                             seeded_hub: HubServer, arx: ArxivServer) -> None:
    added = papers("watch", "add", "nlp", "--category", "cs.cl", "--source", "ARXIV")
    assert added.exit_code == 0, added.stderr
    data = tomllib.loads(home.config_file.read_text(encoding="utf-8"))
    assert data["watch"]["nlp"] == {"category": ["cs.CL"], "source": ["arxiv"]}
    listed = json.loads(papers("watch", "list", "--json").stdout)
    assert listed[0]["category"] == ["cs.CL"] and listed[0]["source"] == ["arxiv"]
    bad = papers("watch", "add", "oops", "--category", "cs.CLL")
    assert bad.exit_code == 2 and "cs.CLL" in one_line(bad.stderr)
    assert "oops" not in home.config_file.read_text(encoding="utf-8")
    # The watch picks the announced cs.CL paper out of the followed categories.
    write_config(home, FOLLOW + home.config_file.read_text(encoding="utf-8"))
    got = {p["id"]: p["watches"] for p in new_json(papers, "--peek")}
    assert got["2401.09001"] == ["nlp"] and got["2401.09002"] == []


# -- papers browse arxiv --------------------------------------------------------------------

async def settle(pilot: Any) -> None:
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not pilot.app.workers._workers and not pilot.app.loading:
            return
    raise AssertionError("the app never settled")


def make_app(view: View) -> BrowseApp:
    return BrowseApp(Source(), view, opener=lambda url: True, fetch_details=False)


async def test_browse_arxiv_shows_the_announcement_with_the_commands_title(
        home: Home, arx: ArxivServer) -> None:
    write_config(home, FOLLOW)
    command = run("arxiv", "--format", "md")
    assert command.exit_code == 0, command.stderr
    app = make_app(View("arxiv"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.shown is not None
        assert sorted(p.id for p in app.papers) == ["2401.09001", "2401.09002", "2401.09003"]
        assert app.shown.title.startswith("arXiv · cs.CL, cs.CV")
        assert app.shown.title in command.stdout
        # No upvotes yet (the Hub has not listed them): no ▲ column in the list but the
        # day arXiv announced them, marked as `papers arxiv` marks it, none in the pane.
        from papercli.tui.widgets import PaperList

        rows = app.query_one(PaperList).rows
        assert [(row.upvotes, row.date) for row in rows] == [("", "2024-01-16*")] * 3, rows
        from rich.console import Console

        console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
        console.print(app.pane_content)
        shown = console.export_text()
        # (the RSS gives the day of the announcement alone, and it is said as that)
        assert "2401.0900" in shown and "Announced 2024-01-16" in shown and "▲" not in shown
    app = make_app(View("arxiv", "cs.CV"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert sorted(p.id for p in app.papers) == ["2401.09002", "2401.09003"]
        assert app.shown is not None and app.shown.title.startswith("arXiv · cs.CV")


def test_browse_arxiv_checks_its_categories_before_taking_the_screen(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    result = papers("browse", "arxiv", "cs.CL", "cs.CVV")
    assert result.exit_code == 2 and "cs.CVV" in one_line(result.stderr)
    # As `papers arxiv`: --until is the end of a --since range, not a filter on the
    # latest announcement.
    for args in (("cs.CL",), ()):
        write_config(home, FOLLOW)
        until = papers("browse", "arxiv", *args, "--until", "2024-01-12")
        assert until.exit_code == 2 and "--until needs --since" in one_line(until.stderr)
    assert arx.count("/rss") == 0


# -- announcements missed between two runs --------------------------------------------------

def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setenv("PAPERS_NOW", moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def announced(day: int, hour: int = 5) -> datetime:
    """An announcement (RSS pubDate) or a submission in November 2026."""
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_a_skipped_announcement_is_caught_up_from_the_api(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Run on Monday, skip Tuesday, run on Wednesday: Tuesday's announcement (no longer in
    the RSS) comes from the API, each paper once; a run the next day asks nothing more."""
    write_config(home, FOLLOW)
    monday = Paper("2611.10001", "Announced on Monday", ["cs.CL"], announced(20, 15))
    tuesday = Paper("2611.10002", "Announced on Tuesday", ["cs.CV"], announced(23, 10))
    crossed = Paper("2611.10003", "Cross-listed on Tuesday", ["cs.RO", "cs.CL"],
                    announced(23, 11))
    wednesday = Paper("2611.10004", "Announced on Wednesday", ["cs.CL"], announced(24, 10))
    arx.next_announcement(announced(23), monday)
    at(monkeypatch, announced(23, 12))
    assert [p["id"] for p in new_json(papers)] == ["2611.10001"]
    arx.next_announcement(announced(24), tuesday, crossed)
    arx.next_announcement(announced(25), wednesday)
    at(monkeypatch, announced(25, 12))
    monkeypatch.setattr(arxiv_listing, "MAX_LISTED", 1)  # `papers arxiv`'s bound, not new's
    got = new_json(papers)
    assert sorted(p["id"] for p in got) == ["2611.10002", "2611.10003", "2611.10004"]
    assert {p["found_in"] for p in got} == {"arxiv"}
    assert arx.count("/api") >= 1
    # The next day's run starts from Wednesday's announcement: no gap, no API.
    before = arx.count("/api")
    arx.next_announcement(announced(26))
    at(monkeypatch, announced(26, 12))
    assert new_json(papers) == []
    assert arx.count("/api") == before


def test_a_paper_announced_and_caught_up_has_the_apis_date(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A catch-up's API answer also holds today's announced paper: its date is the
    API's (submitted), as the caught-up papers beside it have, not the RSS's
    announcement day."""
    write_config(home, FOLLOW)
    arx.next_announcement(announced(23), Paper("2611.10001", "Monday's", ["cs.CL"],
                                               announced(20, 15)))
    at(monkeypatch, announced(23, 12))
    assert [p["id"] for p in new_json(papers)] == ["2611.10001"]
    missed = Paper("2611.10002", "Tuesday's", ["cs.CL"], announced(23, 10))
    arx.next_announcement(announced(24), missed)
    arx.next_announcement(announced(25), Paper("2611.10004", "Wednesday's", ["cs.CL"],
                                               announced(24, 10)))
    at(monkeypatch, announced(25, 12))
    got = {p["id"]: p["published_at"] for p in new_json(papers)}
    assert arx.count("/api") == 1
    assert got == {"2611.10002": "2026-11-23T10:00:00Z",
                   "2611.10004": "2026-11-24T10:00:00Z"}  # not the 25th, its announcement


def test_no_catch_up_over_a_weekend_or_on_first_use(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Friday's announcement, then Monday's: nothing was missed, so the API is not asked;
    nor is it on the first run (the latest announcement is where `new` starts)."""
    write_config(home, FOLLOW)
    arx.next_announcement(announced(20), Paper("2611.10001", "Friday's", ["cs.CL"],
                                               announced(19, 10)))
    at(monkeypatch, announced(20, 12))
    assert [p["id"] for p in new_json(papers)] == ["2611.10001"]
    arx.next_announcement(announced(23), Paper("2611.10002", "Monday's", ["cs.CL"],
                                               announced(20, 10)))
    at(monkeypatch, announced(23, 12))
    assert [p["id"] for p in new_json(papers)] == ["2611.10002"]
    assert arx.count("/api") == 0


def test_papers_the_limit_held_back_come_back_after_the_next_announcement(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, FOLLOW)
    first = [Paper(f"2611.1000{i}", f"Monday paper {i}", ["cs.CL"], announced(20, 15 + i))
             for i in range(3)]
    arx.next_announcement(announced(23), *first)
    at(monkeypatch, announced(23, 12))
    shown = [p["id"] for p in new_json(papers, "-n", "1")]
    assert len(shown) == 1
    arx.next_announcement(announced(24), Paper("2611.10009", "Tuesday paper", ["cs.CL"],
                                               announced(23, 10)))
    at(monkeypatch, announced(24, 12))
    rest = sorted(p["id"] for p in new_json(papers))
    assert rest == sorted({p.id for p in first} - set(shown) | {"2611.10009"})


def test_a_catch_up_that_fails_is_tried_again_next_time(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, FOLLOW)
    arx.next_announcement(announced(23), Paper("2611.10001", "Monday's", ["cs.CL"],
                                               announced(20, 15)))
    at(monkeypatch, announced(23, 12))
    assert len(new_json(papers)) == 1
    missed = Paper("2611.10002", "Tuesday's", ["cs.CL"], announced(23, 15))
    arx.next_announcement(announced(24), missed)
    arx.next_announcement(announced(25), Paper("2611.10003", "Wednesday's", ["cs.CL"],
                                               announced(24, 15)))
    at(monkeypatch, announced(25, 12))
    arx.fail("status", status=500, path="/api", times=10)
    result = papers("new", "--json")
    assert result.exit_code == 0, result.stderr
    assert "announcements since 2026-11-23 are left out this time" in result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["2611.10003"]
    arx.state.faults.clear()
    assert [p["id"] for p in new_json(papers)] == ["2611.10002"]
    # Back after two weeks: a week is caught up, and the warning says from when.
    arx.next_announcement(announced(25) + (announced(23) - announced(9)))
    at(monkeypatch, announced(25, 12) + (announced(23) - announced(9)))
    result = papers("new", "--json")
    assert result.exit_code == 0, result.stderr
    assert "catching up on the papers submitted since 2026-12-03 only" in result.stderr


def test_following_categories_alone_needs_no_hub(papers: Papers, home: Home,
                                                 arx: ArxivServer) -> None:
    """No watch and no --all: nothing from Daily Papers would be shown, so the Hub (here
    unreachable) is not asked; arXiv is the one source, and its failure is the error."""
    write_config(home, FOLLOW)
    arx.fail("status", status=503, path="/rss", times=10)
    failed = papers("new")
    assert failed.exit_code == 1 and failed.stdout == ""
    assert "503" in one_line(failed.stderr)
    arx.state.faults.clear()
    result = papers("new", "--json")
    assert result.exit_code == 0, result.stderr
    assert sorted(p["id"] for p in json.loads(result.stdout)) == [
        "2401.09001", "2401.09002", "2401.09003"]
    assert "Hub" not in result.stderr and "HF_ENDPOINT" not in result.stderr
    assert "first run" not in result.stderr


def test_a_first_watch_after_following_categories_alone_looks_back_first_days(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    """A run over the followed categories alone reads no Daily Papers listing, so it is no
    first run of the Hub's side: the first run with a watch still looks back
    `new.first_days` and shows what the watch matches from the days before today (here
    yesterday's papers), as a first run does, not only today's. It is said to be the
    watch's first look: "first run" said `papers new` had never run."""
    write_config(home, FOLLOW)
    assert sorted(p["id"] for p in new_json(papers)) == ["2401.09001", "2401.09002",
                                                         "2401.09003"]
    yesterday = {item["paper"]["id"] for item in seed_items()[10:]}
    assert papers("watch", "add", "hub", "--source", "hf").exit_code == 0
    result = papers("new", "--json")
    assert result.exit_code == 0, result.stderr
    assert "first run" not in result.stderr
    assert "papers: first look for watch hub: looked at the last 14 days\n" in result.stderr
    assert yesterday <= {p["id"] for p in json.loads(result.stdout)}


def test_several_first_watches_after_following_categories_alone_are_counted(
        papers: Papers, home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    """Watches added after runs over the followed categories alone: their first look,
    named while they fit, counted past three (`papers new` had run: no "first run")."""
    write_config(home, FOLLOW)
    assert new_json(papers)
    for name in ("hub", "vision"):
        assert papers("watch", "add", name, "--source", "hf").exit_code == 0
    two = papers("new", "--peek", "-q")
    assert two.exit_code == 0, two.stderr
    assert "papers: first look for watches hub and vision: looked at the last 14 days\n" in (
        two.stderr), two.stderr
    for name in ("text", "audio"):
        assert papers("watch", "add", name, "--source", "hf").exit_code == 0
    four = papers("new", "-q")
    assert four.exit_code == 0, four.stderr
    assert "papers: first look for 4 watches: looked at the last 14 days\n" in four.stderr
    assert "first run" not in two.stderr + four.stderr


async def test_the_browsers_footer_says_what_o_opens_for_the_row_highlighted(
        home: Home, seeded_hub: HubServer, arx: ArxivServer) -> None:
    """The footer said `o HF` over a row only arXiv knows, whose `o` opens its arXiv page
    (as README says): it follows the row highlighted, `o arXiv` there, `o HF` for a paper
    the Hub has listed."""
    from test_browse_footer import bottom_line

    hub_paper = seed_items()[0]["paper"]["id"]
    arx.announce(Paper(hub_paper, "On the Hub too", ["cs.CL"], DAY))
    assert run("today").exit_code == 0  # (the Hub lists it: its HF page is worth opening)
    write_config(home, FOLLOW)
    opened: list[str] = []
    app = BrowseApp(Source(), View("arxiv"), opener=lambda url: opened.append(url) or True,
                    fetch_details=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        ids = [p.id for p in app.papers]
        assert hub_paper in ids and "2401.09001" in ids, ids
        said = {}
        for row, pid in enumerate(ids):
            if row:
                await pilot.press("down")
                await settle(pilot)
            assert app.current is not None and app.current.id == pid
            await pilot.pause()  # (the footer drawn again for the row, after settling)
            line = bottom_line(app)
            said[pid] = ("o HF" in line, "o arXiv" in line)
            if pid in (hub_paper, "2401.09001"):
                await pilot.press("o")
                await settle(pilot)
        assert said[hub_paper] == (True, False), said
        assert said["2401.09001"] == (False, True), said
        # (what each opened, in the order they were pressed: the Hub's page, arXiv's)
        expected = {hub_paper: f"{seeded_hub.url}/papers/{hub_paper}",
                    "2401.09001": "https://arxiv.org/abs/2401.09001"}
        assert opened == [expected[pid] for pid in ids if pid in expected], opened
