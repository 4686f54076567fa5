"""The browser's state after going back and forth: Esc out of a filter or a related list,
a tag line typed wrong, a view that never came. Driven through Textual's harness against a
real library and the loopback Hub, as test_browse does."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest

from conftest import TODAY, Home, one_line, run
from hubserver import HubServer, seed_items
from papercli.tui.app import (
    ALL_NEW_ELSEWHERE,
    ALL_NEW_SHOWN,
    ENTER_KEYS,
    NO_PAPER,
    NOWHERE_BACK,
    BrowseApp,
)
from papercli.tui.source import Source, View
from test_browse import (
    A,
    B,
    Opener,
    keys_then_filter,
    listed,
    make_app,
    marks_of,
    pane,
    screen_text,
    settle,
    table,
    tag_counts,
    told,
)


async def test_escape_from_a_filter_over_a_view_not_available_goes_back_to_it(
        seeded_hub: HubServer, home: Home) -> None:
    """`/` over a view that failed (a day the library lacks, offline), then Esc: the view
    comes back, saying why it is not there (the filter's hits stayed, titled "Filter:",
    and no key left them)."""
    assert run("today").exit_code == 0
    app = make_app(View("day", "2020-01-06"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == [] and "not available" in str(app.title_bar.render())
        await keys_then_filter(pilot, "slash", *"llava")
        assert listed(app)  # the library's hits
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == []
        title = str(app.title_bar.render())
        assert title == "Daily Papers — 2020-01-06 · not available", title
        await pilot.press("escape")  # nothing further back: still the day
        await settle(pilot)
        assert str(app.title_bar.render()) == title


async def test_a_word_that_is_no_tag_is_said_under_the_line_which_stays_as_typed(
        seeded_hub: HubServer, home: Home) -> None:
    """T, then a line with one bad word: the line stays open with what was typed and says
    which word is wrong, so it is put right there (it closed, the whole line lost, and a
    notification said why); put right, Enter keeps the tags."""
    from textual.widgets import Input

    from papercli.tui.widgets import TagScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*"to-read rl bad!", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        assert app.screen.query_one(Input).value == "to-read rl bad!"
        said = str(app.screen.query_one("#tags-error").render())
        # What is wrong and what to do here (it ended "(no spaces)", though spaces are
        # what the line puts between tags).
        assert said == ("'bad!' is not a tag — a tag is letters, digits, '-', '_', '/' or "
                        "'.': change it or delete it, then Enter (Esc changes nothing)"), said
        assert tag_counts() == {}  # nothing put on yet
        await pilot.press(*["backspace"] * 5, "enter")
        await settle(pilot)
        assert len(app.screen_stack) == 1
    assert tag_counts() == {"to-read": 1, "rl": 1}


async def test_escape_back_to_a_list_whose_paper_was_hidden_selects_the_row_below_it(
        seeded_hub: HubServer, home: Home) -> None:
    """`h` on a listed paper, `l` from it, Esc: the listing comes back without the paper
    (it leaves every list), and the row it was on is selected (the selection went back to
    the first paper, far from where the user was)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j", "j", "j", "h")
        await settle(pilot)
        gone = today[3]
        assert app.selected == gone and gone in app.hidden
        await pilot.press("l")
        await settle(pilot)
        assert str(app.title_bar.render()).startswith(f"Related to {gone} ")
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == [p for p in today if p != gone]
        assert app.selected == today[4]
        await pilot.press("s")  # its keys are the row's shown
        await settle(pilot)
    starred = run("starred", "--json")
    assert [p["id"] for p in json.loads(starred.stdout)] == [today[4]]


async def test_escape_back_to_a_list_whose_last_paper_was_hidden_selects_the_new_last(
        seeded_hub: HubServer, home: Home) -> None:
    """The same at the end of the list: the row above it, now the last."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("G", "h")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today[:-1] and app.selected == today[-2]


async def test_the_notes_of_one_list_are_one_notification_a_line_each(
        seeded_hub: HubServer, home: Home) -> None:
    """for-you with nothing starred: what `papers for-you` says on two lines (three with a
    starred paper hidden) is one notification of those lines (one each, stacked, covered
    two thirds of 80x24 and the list's first rows)."""
    assert run("today").exit_code == 0
    said = run("for-you")
    lines = [line.removeprefix("papers: ") for line in said.stderr.splitlines()]
    assert len(lines) == 2, lines
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        told = [n.message for n in app._notifications]
        assert len(told) == 1, told
        shown = told[0].split("\n")
        assert len(shown) == 2 and shown[0] == lines[0]
        assert shown[1].startswith("most upvoted first for now; star papers you like with s ")


async def test_a_list_come_back_to_shows_the_rows_above_its_selection(
        seeded_hub: HubServer, home: Home) -> None:
    """`j j`, `l`, `G` at the end of the related list, Esc: the day comes back from its
    top, its third paper selected (the related list's scroll was kept, the selected
    row at the top of the list and one above it out of view). A short terminal: the
    related list scrolls."""
    assert run("day", "yesterday").exit_code == 0
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j", "j", "l")
        await settle(pilot)
        height = table(app).scrollable_content_region.height
        assert len(listed(app)) > height  # it scrolls
        await pilot.press("G")
        await settle(pilot)
        assert table(app).scroll_offset.y > 0
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and app.selected == today[2]
        assert table(app).scroll_offset.y == 0
        first = screen_text(app).splitlines()[2]
        assert first.split()[0] == "1", first


class SlowFetch(Source):
    """A source whose fetch of a day (after the library's copy is shown) comes only once
    `done` is set: a slow Hub."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.done = threading.Event()

    def load(self, view: View, *, cached_only: bool = False, **kw: Any) -> Any:
        if not cached_only and view.kind in ("today", "day", "new"):
            assert self.done.wait(60)
        return super().load(view, cached_only=cached_only, **kw)


async def until(pilot: Any, ready: Callable[[], bool]) -> None:
    """Wait for `ready()` (not `settle`: a fetch is still held back)."""
    for _ in range(500):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError("never ready")


async def test_a_filter_typed_while_the_view_is_fetched_leaves_no_updating_behind(
        seeded_hub: HubServer, home: Home) -> None:
    """`/` while the day's fetch is still out: once it comes, the filter's heading stops
    saying "updating…" and its empty pane says nothing matches (both stayed, "updating…"
    and "Loading…", for as long as the browser ran: the fetch was dropped as a late
    answer); Esc comes back to the day, no longer updating."""
    assert run("today").exit_code == 0
    source = SlowFetch(refresh=True)
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.papers))
        today = listed(app)
        assert app.loading and "updating…" in str(app.title_bar.render())
        await pilot.press("slash", *"zzzqqq")
        await until(pilot, lambda: app.shown is not None and app.shown.view.kind == "filter")
        source.done.set()
        await settle(pilot)
        assert not app.loading and listed(app) == []
        assert "updating" not in str(app.title_bar.render())
        assert "No paper in the library matches 'zzzqqq*'" in pane(app)
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today
        title = str(app.title_bar.render())
        assert title.startswith("Daily Papers") and "updating" not in title, title


@pytest.mark.parametrize("escape_first", [False, True])
async def test_browse_new_marks_what_it_showed_as_seen_when_a_filter_was_typed_meanwhile(
        seeded_hub: HubServer, home: Home, escape_first: bool) -> None:
    """`browse new`, `/` while its fetch is out, Esc (before or after the fetch comes):
    the list shown again is the fetched one and its papers are seen, as without the
    filter (the fetched list was kept under the filter, shown on Esc, and nothing was
    marked: `papers new` listed them all again)."""
    assert run("today").exit_code == 0
    everything = [p["id"] for p in json.loads(run("new", "--all", "--peek", "--json").stdout)]
    assert everything
    source = SlowFetch()
    app = BrowseApp(source, View("new", show_all=True), opener=Opener(),
                    fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.papers))
        assert app.loading
        await pilot.press("slash", *"llava")
        await until(pilot, lambda: app.shown is not None and app.shown.view.kind == "filter")
        if escape_first:
            await pilot.press("escape")
        source.done.set()
        await until(pilot, lambda: not app.loading)
        if not escape_first:
            await pilot.press("escape")
        await settle(pilot)
        assert sorted(listed(app)) == sorted(everything)
        assert app.shown is not None and "marked as seen" in app.shown.caption
    after = run("new", "--all", "--json")
    assert after.exit_code == 0, after.stderr
    assert json.loads(after.stdout) == []


async def test_escape_with_nothing_to_go_back_to_says_how_to_quit_and_stays(
        seeded_hub: HubServer, home: Home) -> None:
    """Esc on a view's own list (no filter, no `l` to come back from) says that q quits,
    once however often it is pressed, and neither quits nor changes the list (it did
    nothing at all, so a user expecting Esc to quit or close was left guessing); Esc
    back from `l` says nothing of it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j", "l")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and NOWHERE_BACK not in told(app)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        assert told(app).count(NOWHERE_BACK) == 1
        assert NOWHERE_BACK == "nothing to go back to: q quits"
        assert app.is_running and listed(app) == today and app.selected == today[1]
        await pilot.press("q")
    assert app.return_code == 0


async def test_enter_on_the_list_says_which_keys_open_the_paper(
        seeded_hub: HubServer, home: Home) -> None:
    """Enter on a paper of the list says that o opens it and t shows its full text (it
    did nothing); the list stays, and Enter in the filter box still goes to the hits."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j", "enter", "enter")
        await settle(pilot)
        assert told(app).count(ENTER_KEYS) == 1
        assert ENTER_KEYS == "o opens the paper, t its full text"
        assert listed(app) == today and app.selected == today[1] and app.opener.urls == []
        app.clear_notifications()
        await keys_then_filter(pilot, "slash", *"llava")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is table(app) and ENTER_KEYS not in told(app)


async def test_notifications_stand_above_the_filter_box(
        seeded_hub: HubServer, home: Home) -> None:
    """A notification still showing when `/` opens the filter stands above the box, not
    over it (what was typed was half hidden under it), and comes back down after Esc;
    the box is drawn whole above the footer."""
    from textual.widgets._toast import Toast

    from papercli.tui.widgets import KeyFooter

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # (a note that stays a few seconds)
        await settle(pilot)
        low = app.screen.query_one(Toast).region
        assert NOWHERE_BACK in told(app)
        await keys_then_filter(pilot, "slash", *"llava")
        box = app.filter_box.region
        toast = app.screen.query_one(Toast).region
        footer = app.query_one(KeyFooter).region
        assert box.height == 3 and not toast.overlaps(box), (toast, box)
        assert box.bottom == footer.y  # whole: the footer covered its lower edge
        assert toast.bottom == box.y
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(Toast).region == low


class Held(Source):
    """A source whose lists (the library's too) come only once `done` is set."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.done = threading.Event()

    def load(self, view: View, *, cached_only: bool = False, **kw: Any) -> Any:
        assert self.done.wait(60)
        return super().load(view, cached_only=cached_only, **kw)


@pytest.mark.parametrize("view", [
    View(), View("day", TODAY.isoformat()), View("week"), View("month"), View("starred"),
    View("new", show_all=True, peek=True), View("for-you"), View("related", A),
    View("search", "llava")])
async def test_the_heading_while_a_view_loads_begins_as_its_title_will(
        seeded_hub: HubServer, home: Home, view: View) -> None:
    """The heading of a view still loading is the start of the title its list comes
    with, so it goes on rather than changes ("Day 2026-08-14 · loading…" became "Daily
    Papers — 2026-08-14" at each `[`, "Related ID" "Related to ID")."""
    from papercli.tui.source import check_view

    assert run("today").exit_code == 0 and run("star", A).exit_code == 0
    source = Held(offline=True)
    app = BrowseApp(source, check_view(view), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(120, 24)) as pilot:
        await until(pilot, lambda: "loading" in str(app.title_bar.render()))
        head = str(app.title_bar.render()).removesuffix(" · loading…")
        source.done.set()
        await settle(pilot)
        assert listed(app), view
        assert str(app.title_bar.render()).startswith(head + " "), (head, app.title_bar.render())


@pytest.mark.parametrize("offline", [False, True])
async def test_a_search_that_finds_nothing_says_so_in_the_pane(
        seeded_hub: HubServer, home: Home, offline: bool) -> None:
    """`browse search WORDS` that nothing matches: the pane names the words and where
    they were looked for, in the command's words (it said "Nothing to show.")."""
    assert run("today").exit_code == 0
    app = make_app(View("search", "zzqqxx"), offline=offline)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        caption = app.shown.caption if app.shown else ""
        where = "0 in the library" if offline else "0 from the Hub, 0 in the library"
        assert caption == f"0 papers · {where}", caption
        said = one_line(run("search", "zzqqxx", *(["--offline"] if offline else [])).stderr)
        # (the command's line, as the pane's sentence: it said "No paper matches 'zzqqxx'
        # (0 from the Hub, 0 in the library)", the heading's counts in other words)
        assert said == ("papers: no paper in the library matches 'zzqqxx'" if offline else
                        "papers: no paper on the Hub or in the library matches 'zzqqxx'"), said
        text = said.removeprefix("papers: ")
        assert " ".join(pane(app).split()) == text[:1].upper() + text[1:] + "."


async def test_a_warned_search_that_finds_nothing_says_so_in_the_pane_too(
        seeded_hub: HubServer, home: Home) -> None:
    """`browse search 'zzqqxx OR yyzzqq'`: the pane said the warning alone, which never
    says that nothing matched; now the warning, then the command's "No paper in the
    library matches …"."""
    assert run("today").exit_code == 0
    app = make_app(View("search", "zzqqxx OR yyzzqq"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        said = " ".join(pane(app).split())
        assert said.startswith("No OR: papers search 'zzqqxx'") and said.endswith(
            ". No paper in the library matches 'zzqqxx OR yyzzqq'."), said


async def test_a_hidden_star_is_said_with_the_command_that_lists_it(
        seeded_hub: HubServer, home: Home) -> None:
    """`browse starred` with a starred paper hidden says the command that lists it,
    `papers browse starred --hidden` (it said "--hidden lists it", an option of no key
    here)."""
    assert run("today").exit_code == 0
    pid = seed_items()[0]["paper"]["id"]
    assert run("star", pid).exit_code == 0 and run("hide", pid).exit_code == 0
    app = make_app(View("starred"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        said = " ".join(pane(app).split())
        assert "1 starred paper is hidden (papers browse starred --hidden lists it)" in said
    app = make_app(View("starred", hidden=True), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == [pid]


async def test_a_listings_hidden_papers_are_said_with_the_command_that_lists_them(
        seeded_hub: HubServer, home: Home) -> None:
    """`browse today` with a paper of the day hidden says so, as `papers today` does, with
    the command that lists it (no key here lists hidden papers): the day it shows."""
    assert run("today").exit_code == 0
    pid = seed_items()[0]["paper"]["id"]
    assert run("hide", pid).exit_code == 0
    app = make_app(View("today"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) and pid not in listed(app)
        told = " ".join(n.message for n in app._notifications)
        assert f"1 listed paper is hidden (papers browse day {TODAY} --hidden lists it)" \
            in told, told


async def test_a_paper_hidden_in_for_you_stays_out_after_escape_from_a_filter(
        seeded_hub: HubServer, home: Home) -> None:
    """h in for-you takes the row away; `/`, then Esc back: the list comes back without
    it, under its count (it came back, marked ×, the count one short of the rows). Hidden
    from the filter's hits, it is out of the list Esc comes back to as well."""
    from test_browse import three_llava_stars

    three_llava_stars()
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ranked = listed(app)
        assert len(ranked) >= 3
        await pilot.press("h")
        await settle(pilot)
        assert listed(app) == ranked[1:]
        await keys_then_filter(pilot, "slash", *"llava")
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == ranked[1:]
        title = str(app.title_bar.render())
        assert f"· {len(ranked) - 1} papers" in title, title
        # Hidden from the filter's hits: the row stays there (marked), not on Esc.
        second = app.papers[0]
        await keys_then_filter(pilot, "slash", *second.id)
        assert listed(app) == [second.id]
        await pilot.press("enter", "h")
        await settle(pilot)
        assert second.id in app.hidden and listed(app) == [second.id]
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == ranked[2:]
        title = str(app.title_bar.render())
        assert f"· {len(ranked) - 2} papers" in title, title


async def test_a_says_which_new_papers_are_listed_and_why_it_does_nothing_elsewhere(
        seeded_hub: HubServer, home: Home) -> None:
    """`browse new` with a watch, A: the heading says the list is every new paper ("all
    new": the watches' list and all of them read alike); A again, or A in another view,
    says why it lists nothing more (it did nothing at all, though the help lists it)."""
    assert run("day", "yesterday").exit_code == 0
    assert run("watch", "add", "llava", "--keyword", "llava").exit_code == 0
    app = make_app(View("new", peek=True))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        watched = listed(app)
        assert watched and "all new" not in str(app.title_bar.render())
        await pilot.press("A")
        await settle(pilot)
        assert len(listed(app)) > len(watched)
        title = str(app.title_bar.render())
        assert f"· {len(listed(app))} papers · all new · peek" in title, title
        await pilot.press("A")
        await settle(pilot)
        assert told(app)[-1] == ALL_NEW_SHOWN
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = listed(app)
        await pilot.press("A")
        await settle(pilot)
        assert app.view.kind == "day" and listed(app) == before
        assert told(app) == [ALL_NEW_ELSEWHERE]


async def test_the_pane_of_browse_new_says_which_watch_listed_the_paper(
        seeded_hub: HubServer, home: Home) -> None:
    """`papers new` heads its groups with the watch ("New · llava (keyword llava)"); the
    browser's list is one, so the reading pane says it of each paper (nothing said why
    a paper was listed); a paper A added, that no watch matches, says none."""
    assert run("day", "yesterday").exit_code == 0
    assert run("watch", "add", "llava", "--keyword", "llava").exit_code == 0
    assert run("watch", "add", "mini", "--keyword", "mini").exit_code == 0
    app = make_app(View("new", peek=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        both = [p for p in app.papers if "llava" in p.title.lower()
                and "mini" in p.title.lower()]
        assert both, [p.title for p in app.papers]
        await pilot.press(*["j"] * listed(app).index(both[0].id))
        await settle(pilot)
        assert "Watches: llava (keyword llava), mini (keyword mini)" in pane(app)
        await pilot.press("A")
        await settle(pilot)
        other = next(p for p in app.papers if "llava" not in p.title.lower()
                     and "mini" not in p.title.lower() and "llava" not in p.summary.lower()
                     and "mini" not in p.summary.lower())
        await pilot.press(*["j"] * listed(app).index(other.id))
        await settle(pilot)
        assert app.selected == other.id and "Watch" not in pane(app)


async def test_the_column_header_is_drawn_with_the_rows_it_heads(
        seeded_hub: HubServer, home: Home) -> None:
    """A week's rows say each paper's day under "Listed": the header above them says so
    in the same frame (it followed a message passed up the screen, so the first rows of
    a week stood under a header without "Listed", "Title" over the days, a moment later
    on a slow machine)."""
    from test_browse import screen_text

    assert run("week").exit_code == 0
    frames: list[str] = []
    app = make_app(View("week"), offline=True, on_ready=lambda a: frames.append(
        screen_text(a)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert frames
        lines = frames[0].splitlines()
        header = next(line for line in lines if "Title" in line)
        row = next(line for line in lines if line.lstrip().startswith("1 "))
        assert "Listed" in header, (header, row)
        assert header.index("Title") == row.index(app.papers[0].title[:10]), (header, row)


async def test_a_paper_hidden_in_related_is_counted_out_of_its_heading(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """h in related takes the row away and the heading counts one fewer in all ("50 of
    665 papers" stayed as it was over 49 rows); the next paper fills its place, so the
    list stays as long (tests/test_browse_hidden_lists.py). (The best 3 here: the
    library is small.)"""
    import re

    monkeypatch.setattr("papercli.tui.source.RELATED_LIMIT", 3)
    assert run("today").exit_code == 0 and run("day", "yesterday").exit_code == 0
    app = make_app(View("related", A), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        title = f"{app.title_bar.head} · {app.title_bar.tail}"  # (whole)
        shown, total = (int(n) for n in re.findall(r"· (\d+) of (\d+) papers ·", title)[0])
        assert shown == len(listed(app)) and total > shown, title
        await pilot.press("h")
        await settle(pilot)
        title = f"{app.title_bar.head} · {app.title_bar.tail}"  # (whole)
        assert len(listed(app)) == shown
        assert f"· {shown} of {total - 1} papers ·" in title, title


async def test_a_mark_keeps_the_reading_pane_where_it_was_read(
        seeded_hub: HubServer, home: Home) -> None:
    """Space scrolls the pane down the abstract; r, s or the tags then keep it there (the
    pane went back to its top at each mark); another paper, or the full text and back,
    starts at the top."""
    from papercli.tui.widgets import ReadingPane

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reading = app.query_one(ReadingPane)
        await pilot.press("space")
        await settle(pilot)
        where = reading.scroll_offset.y
        assert where > 0
        await pilot.press("r")
        await settle(pilot)
        assert app.selected in app.read and reading.scroll_offset.y == where
        await pilot.press("s", "T", *"rl", "enter")
        await settle(pilot)
        assert app.selected in app.starred and "Tags: rl" in pane(app)
        assert reading.scroll_offset.y == where
        await pilot.press("j")
        await settle(pilot)
        assert reading.scroll_offset.y == 0


async def test_loading_the_full_text_is_said_until_it_is_shown_or_fails(
        seeded_hub: HubServer, home: Home) -> None:
    """`t`: "loading the full text…" is said while it loads and taken down once the text
    is shown, or once its failure is said (it stayed two seconds whatever came, over the
    text or beside the error; and went while a slow Hub still had not answered)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first, second = app.selected, app.papers[1].id
        assert first is not None
        seeded_hub.set_full_text(first, b"# A full text\n\nIts first paragraph.\n")
        await pilot.press("t")
        await settle(pilot)
        assert "Its first paragraph." in pane(app)
        assert not [line for line in told(app) if line.startswith("loading")], told(app)
        await pilot.press("j", "t")  # none on the Hub: the failure alone is said
        await settle(pilot)
        assert app.selected == second
        lines = told(app)
        assert any("has no full text on the Hub" in line for line in lines), lines
        assert not [line for line in lines if line.startswith("loading")], lines


async def test_no_full_text_is_taken_down_once_its_paper_is_not_shown(
        seeded_hub: HubServer, home: Home) -> None:
    """`t` on a paper the Hub has no full text of says so while that paper is shown; on
    to another paper, it goes (it stayed its 8 s over the next paper, naming one no longer
    shown). Another paper's notifications stay."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.selected
        assert first is not None
        await pilot.press("t")
        await settle(pilot)
        assert app.selected == first
        assert any(f"{first} has no full text on the Hub" in line
                   for line in told(app)), told(app)
        await pilot.press("s")  # said about this paper too: it is not the failure
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert app.selected != first
        assert not [line for line in told(app) if "no full text" in line], told(app)
        assert f"starred {first}" in told(app), told(app)


async def test_marks_made_one_after_another_are_said_in_one_notification(
        seeded_hub: HubServer, home: Home) -> None:
    """r j r j r: each mark is said in place of the one before (a notification each
    stacked over half an 80x24 screen, the heading's counts under them); every mark is
    made."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = listed(app)[:3]
        for key in ("r", "j", "r", "j", "r", "s"):
            await pilot.press(key)
            await settle(pilot)
        assert set(first) <= app.read and app.starred == {first[2]}
        assert told(app) == [f"starred {first[2]}"], told(app)
    starred = json.loads(run("starred", "--json").stdout)
    assert [p["id"] for p in starred] == [first[2]]


class SlowMarks(Source):
    """A source whose stars wait for `go` (a slow disk, a busy database), and whose
    first list waits for `shown` (keys typed meanwhile are replayed in one burst)."""

    def __init__(self, *, fail: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.go = threading.Event()
        self.shown = threading.Event()
        self.fail = fail

    def load(self, view: View, *, cached_only: bool = False, **kw: Any) -> Any:
        assert self.shown.wait(30)
        return super().load(view, cached_only=cached_only, **kw)

    def set_star(self, paper_id: str, on: bool) -> bool:
        from papercli.errors import PapersError

        assert self.go.wait(30)
        if self.fail:
            raise PapersError("the user database is locked", hint="try again")
        return super().set_star(paper_id, on)


async def test_s_twice_before_the_star_is_written_stars_then_unstars(
        seeded_hub: HubServer, home: Home) -> None:
    """`s s` faster than the star is written: a star, then no star (both read the mark
    before either was written, so both starred); each said in turn at its key."""
    assert run("today").exit_code == 0
    source = SlowMarks(offline=True)
    source.shown.set()
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pid = app.selected
        await pilot.press("s")
        assert pid in app.starred and told(app) == [f"starred {pid}"]  # at the key
        await pilot.press("s")
        source.go.set()
        await settle(pilot)
        assert pid not in app.starred and told(app) == [f"unstarred {pid}"]
    assert json.loads(run("starred", "--json").stdout) == []


async def test_marks_typed_in_a_burst_are_said_in_one_notification_the_last(
        seeded_hub: HubServer, home: Home) -> None:
    """s r h typed before the list came (replayed at once): every mark made, and one
    notification, the last key's (the three stood stacked, in the order their writes
    happened to end)."""
    assert run("today").exit_code == 0
    source = SlowMarks(offline=True)
    source.go.set()
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("s", "r", "h")
        source.shown.set()
        await settle(pilot)
        pid = app.selected
        assert pid is not None
        assert pid in app.starred and pid in app.read and pid in app.hidden
        assert told(app) == [f"hid {pid}: it leaves every list from now on (h again "
                             "unhides it)"]
    assert "1 already starred); it is hidden" in run("star", pid).stderr
    assert f"{pid} already read" in run("read", pid).stderr
    assert f"{pid} already hidden" in run("hide", pid).stderr


async def test_a_star_that_cannot_be_written_is_said_and_taken_back(
        seeded_hub: HubServer, home: Home) -> None:
    assert run("today").exit_code == 0
    source = SlowMarks(offline=True, fail=True)
    source.shown.set()
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        pid = app.selected
        await pilot.press("s")
        assert pid in app.starred
        source.go.set()
        await settle(pilot)
        assert pid is not None and pid not in app.starred and marks_of(app, pid) == "   "
        assert "the user database is locked — try again" in told(app)


async def test_escape_back_from_l_on_a_filters_hit_comes_back_to_the_hits(
        seeded_hub: HubServer, home: Home) -> None:
    """`/llava`, Enter, `j`, `l`, Esc: the filter's hits come back, the paper `l` was
    pressed on selected (Esc went back to the list under the filter: the hits, and the
    place in them, lost); Esc again, the list under them, its paper selected."""
    assert run("day", "yesterday").exit_code == 0
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today, first = listed(app), app.selected
        await keys_then_filter(pilot, "slash", *"llava")
        await pilot.press("enter", "j")
        await settle(pilot)
        hits, chosen = listed(app), app.selected
        assert len(hits) > 2 and chosen == hits[1]
        await pilot.press("l")
        await settle(pilot)
        assert app.view.kind == "related"
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == hits and app.selected == chosen
        assert str(app.title_bar.render()).startswith("Filter: llava* · ")
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and app.selected == first
        assert app.view.kind == "day"


async def test_brackets_move_from_a_today_whose_listing_never_came(home: Home) -> None:
    """Nothing in the library, offline: the Daily Papers heading says "not available",
    and [ goes to the day before (it said "[ and ] move through a day, week or month
    listing", on a day's listing), ] says that day has not happened yet."""
    from datetime import timedelta

    app = make_app(View(), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert str(app.title_bar.render()) == "Daily Papers · not available"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert told(app)[-1] == f"{TODAY + timedelta(days=1)} has not happened yet"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.view == View("day", (TODAY - timedelta(days=1)).isoformat())
        assert str(app.title_bar.render()) == (
            f"Daily Papers — {TODAY - timedelta(days=1)} · not available")
        assert not [line for line in told(app) if line.startswith("[ and ]")], told(app)


async def test_enter_on_an_empty_filter_closes_the_box(
        seeded_hub: HubServer, home: Home) -> None:
    """`/` then Enter with nothing typed (or the text typed all deleted): the box goes, as
    with Esc, and the list is as it was, its keys working (the box stayed open and empty
    over the pane's last three lines until Esc)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = listed(app)
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert not app.filter_box.has_class("shown")
        assert app.focused is table(app) and listed(app) == before
        await keys_then_filter(pilot, "slash", *"llava", *["backspace"] * 5)
        await pilot.press("enter", "j")
        await settle(pilot)
        assert not app.filter_box.has_class("shown")
        assert listed(app) == before and app.selected == before[1]
        assert "filter the library" not in screen_text(app)


async def test_a_papers_key_with_no_paper_listed_says_so(
        seeded_hub: HubServer, home: Home) -> None:
    """s, o, t, l... over a filter that found nothing: what is missing is said, once
    however often pressed (the keys did nothing at all, though the help lists them),
    and the list's own keys (j, Esc) say nothing of it; with papers back, s stars."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"zzqxv", "enter")
        assert listed(app) == []
        await pilot.press("s", "s", "j")
        await settle(pilot)
        assert told(app) == [NO_PAPER.format(key="s")]
        app.clear_notifications()
        await pilot.press("Y", "l")
        await settle(pilot)
        assert told(app) == [NO_PAPER.format(key="Y"), NO_PAPER.format(key="l")]
        await pilot.press("escape")
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("s")
        await settle(pilot)
        assert marks_of(app, app.papers[0].id).startswith("★")
        assert not [m for m in told(app) if m.startswith("no paper")], told(app)


async def test_enter_on_the_tags_as_they_were_says_they_are_unchanged(
        seeded_hub: HubServer, home: Home) -> None:
    """T then Enter with the line as it came: said, as an unchanged note is (the line
    went and nothing said whether the tags were kept); Esc says nothing."""
    pid = B  # (selected first)
    assert run("tag", pid, "keep").exit_code == 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.selected == pid
        await pilot.press("T", "escape")
        await settle(pilot)
        assert told(app) == [] and len(app.screen_stack) == 1
        await pilot.press("T", "enter")
        await settle(pilot)
        assert told(app) == [f"the tags on {pid} are unchanged"]
        assert tag_counts() == {"keep": 1}


async def test_a_filter_whose_org_no_paper_is_from_says_the_one_meant_as_one_sentence(
        hub: HubServer, home: Home) -> None:
    """`/ org:tide` where the library knows tide-lab: the pane gives the command's "did
    you mean" as a sentence of its own, its question mark its end (it said "…did you
    mean --org tide-lab?. Esc: back to the list.")."""
    item = json.loads(json.dumps(seed_items()[0]))
    item["paper"]["organization"] = {"name": "tide-lab", "fullname": "Tide Lab"}
    hub.set_day(TODAY, [item])
    assert run("today").exit_code == 0
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"org:tide ")
        assert listed(app) == []
        said = " ".join(pane(app).split())
        assert "did you mean" in said and "tide-lab?" in said, said
        assert "?." not in said and said.endswith("? Esc: back to the list."), said


async def palette_titles(pilot: Any, words: str) -> list[str]:
    """Ctrl-P, `words` typed: the titles of every hit, then Esc closes the palette."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    titles: list[str] = []
    for _ in range(20):  # (the palette gathers its hits in a worker)
        await pilot.pause(0.05)
        hits = pilot.app.screen.query_one(CommandList)
        prompts = [hits.get_option_at_index(n).prompt for n in range(hits.option_count)]
        titles = [str(getattr(p, "plain", p)).split("\n")[0] for p in prompts]
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def test_the_palette_offers_no_way_to_the_week_on_screen(
        seeded_hub: HubServer, home: Home) -> None:
    """On this week's list the palette offered "Go to this week", which did nothing at
    all (the view was already this week's); it offers it from another week, and goes."""
    from papercli.tui.source import check_view

    assert run("week").exit_code == 0
    app = make_app(check_view(View("week")), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Go to this week" not in await palette_titles(pilot, "go to this")
        assert "Go to this month" in await palette_titles(pilot, "go to this")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        before = app.view
        assert before.arg != check_view(View("week")).arg
        assert "Go to this week" in await palette_titles(pilot, "go to this")


async def box_says(pilot: Any, app: Any, typed: str, *, first: bool = False) -> str:
    """The reading pane's words once `typed` is put in the filter box: opened with `/`
    (`first`), else emptied with ctrl+u first (apart: typed in one burst, Textual reads
    the characters before the key that empties the box)."""
    await keys_then_filter(pilot, "slash" if first else "ctrl+u")
    await keys_then_filter(pilot, *typed)
    return " ".join(pane(app).split())


async def test_a_filters_org_no_paper_is_from_is_put_right_as_the_box_takes_it(
        hub: HubServer, home: Home) -> None:
    """`/ org:tide`: the one meant is said as the box takes it, `org:tide-lab` (it said
    "did you mean --org tide-lab?", which typed in the box leaves out the papers holding
    the word "org"); a name of words is quoted as the box reads it. Started with --org,
    the browser's own list says the command line's option, as before."""
    items = [json.loads(json.dumps(item)) for item in seed_items()[:2]]
    items[0]["paper"]["organization"] = {"name": "tide-lab", "fullname": "Tide Lab"}
    items[1]["paper"]["organization"] = {"name": "Marsh And Reed", "fullname": "Marsh"}
    hub.set_day(TODAY, items)
    assert run("today").exit_code == 0
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = await box_says(pilot, app, "org:tide ", first=True)
        assert "did you mean org:tide-lab?" in said and "--org" not in said, said
        said = await box_says(pilot, app, "org:reed ")
        assert "did you mean org:\"Marsh And Reed\"?" in said, said
        await box_says(pilot, app, 'org:"Marsh And Reed" ')  # (as said: it finds it)
        assert listed(app) == [items[1]["paper"]["id"]]
    from papercli.filters import FilterOptions

    app = make_app(View(filters=FilterOptions(org=["tide"])), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "did you mean --org tide-lab?" in " ".join(pane(app).split())


async def test_c_on_a_paper_without_code_says_the_key_that_opens_its_page(
        seeded_hub: HubServer, home: Home) -> None:
    """`c` on a paper with no code link: said with the browser's key for its page, `o`
    (it said "try papers open ID for its page", a command to quit for)."""
    opener = Opener()
    app = make_app(opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert opener.urls == []
        assert told(app) == [f"paper {B} has no code link on the Hub — o opens its page"]
        await pilot.press("o")
        await settle(pilot)
        assert opener.urls == [f"{seeded_hub.url}/papers/{B}"]


async def test_a_filters_author_who_only_submits_is_put_right_as_the_box_takes_it(
        hub: HubServer, home: Home) -> None:
    """`/ author:@marsh-warden`, who put a paper on Daily Papers but wrote none: the way
    to their papers is said as the box takes it, `submitter:marsh-warden` (it said "try
    --submitter marsh-warden", which typed in the box was searched as words)."""
    item = json.loads(json.dumps(seed_items()[0]))
    item["submittedBy"] = {"name": "marsh-warden", "fullname": "Marsh Warden"}
    hub.set_day(TODAY, [item])
    assert run("today").exit_code == 0
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = await box_says(pilot, app, "author:@marsh-warden ", first=True)
        assert "submitter:marsh-warden" in said and "--submitter" not in said, said
        await box_says(pilot, app, "submitter:marsh-warden ")  # (as said: it finds it)
        assert listed(app) == [item["paper"]["id"]]
