"""papers browse: the Textual app driven through Textual's own harness (key presses against a
real library, the real user database and the loopback Hub), plus snapshots of its screens.

State changes are checked through the commands (`papers starred`, `papers new`) run as a
shell would, so the browser and the commands are shown to share one set of marks."""

from __future__ import annotations

import asyncio
import copy
import io
import json
import re
import stat
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import SelectionList

from conftest import TODAY, Home, on_terminal, one_line, run
from hubserver import HubServer, seed_items
from papercli.models import Paper
from papercli.tui.app import DETAIL_DELAY, FILTER_DELAY, WAIT_DIM_DELAY, BrowseApp
from papercli.tui.source import Source, View
from papercli.tui.styles import PANE_MAX
from papercli.tui.widgets import (
    KEYS,
    MARKS_W,
    RANK_W,
    UP_W,
    HelpScreen,
    PaperList,
    marks_text,
)

A = "2501.03895"  # LLaVA-Mini, first in today's listing of seeded_hub
B = "2401.01055"  # LLaMA Beyond English, second today


class Opener:
    """Stands in for the browser: records the URLs it was asked to open."""

    def __init__(self, works: bool = True) -> None:
        self.urls: list[str] = []
        self.works = works

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        return self.works


def make_app(view: View | None = None, *, offline: bool = False, opener: Opener | None = None,
             **kw: Any) -> BrowseApp:
    return BrowseApp(Source(offline=offline), view or View(), opener=opener or Opener(),
                     fetch_details=False, **kw)


async def settle(pilot: Any) -> None:
    """Let every background load and action finish and the screen catch up: settled
    twice in a row, with no typed keys held, so that keys a list released (posted as it
    was shown, handled after) have run too (under load `s` in "/llava⏎js" came after)."""
    calm = 0
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        busy = (pilot.app.workers._workers or pilot.app.loading
                or getattr(pilot.app, "_held", None))
        calm = 0 if busy else calm + 1
        if calm == 2:
            return
    raise AssertionError("the app never settled")


async def keys_then_filter(pilot: Any, *keys: str) -> None:
    """Press `keys` (typing into the filter box, when open), then wait out the filter's
    delay and the search it starts."""
    await pilot.press(*keys)
    await pilot.pause(FILTER_DELAY * 2)
    await settle(pilot)


@pytest.fixture
def yesterday_too(seeded_hub: HubServer, home: Home) -> HubServer:
    """The seeded Hub, with yesterday's listing already in the library: a view of today
    then has the whole library (19 papers) behind it."""
    assert run("day", "yesterday").exit_code == 0
    return seeded_hub


def table(app: BrowseApp) -> PaperList:
    return app.query_one(PaperList)


def pane(app: BrowseApp) -> str:
    """The reading pane's text, as a terminal 100 columns wide would show it."""
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(app.pane_content)
    return console.export_text()


def listed(app: BrowseApp) -> list[str]:
    return [p.id for p in app.papers]


def told(app: BrowseApp) -> list[str]:
    """The lines of every notification shown (the notes of one list are one, a line each)."""
    return [line for n in app._notifications for line in n.message.split("\n")]


def starred_ids() -> list[str]:
    result = run("starred", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


# -- the list, the pane, moving -----------------------------------------------------------


async def test_today_lists_the_days_papers_and_the_pane_follows_the_selection(
        seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hub_order = [i["paper"]["id"] for i in seed_items()[:10]]
        assert listed(app) == hub_order
        assert table(app).row_count == 10
        assert seed_items()[0]["paper"]["title"] in pane(app)
        await pilot.press("j", "j")
        assert app.selected == hub_order[2]
        assert seed_items()[2]["paper"]["title"] in pane(app)
        await pilot.press("k")
        assert app.selected == hub_order[1]
        await pilot.press("G")
        assert app.selected == hub_order[-1]
        await pilot.press("g")
        assert app.selected == hub_order[0]
        await pilot.press("down")
        assert app.selected == hub_order[1]
    # The listing was fetched from the Hub and is now cached like `papers today` would.
    offline = run("today", "--offline", "--json")
    assert [p["id"] for p in json.loads(offline.stdout)] == hub_order


def marks_of(app: BrowseApp, pid: str) -> str:
    """The marks of a paper's row, as the list paints them."""
    row = table(app).rows[listed(app).index(pid)]
    return marks_text(row.starred, row.read, row.hidden).plain


def screen_text(app: BrowseApp) -> str:
    """Every line of the screen as painted."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_layout_stacks_at_80_columns_and_stands_side_by_side_when_wide(
        seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.query_one("#body")
        pane_box = app.query_one("#pane")
        assert not body.has_class("wide")
        assert pane_box.region.y > table(app).region.y  # below the list
        narrow = table(app).size.width
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert body.has_class("wide")
        assert pane_box.region.x > table(app).region.x  # beside the list
        assert table(app).size.width > narrow
        assert listed(app) and table(app).row_count == len(listed(app))


async def test_a_wide_terminal_gives_its_width_to_the_titles(
        seeded_hub: HubServer, home: Home) -> None:
    """Past a readable line the reading pane grows no wider: the columns beyond go to the
    list's titles (at 200 columns they were cut at 79 cells beside a pane of 90)."""
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.query_one("#pane").outer_size.width == PANE_MAX
        assert app.query_one("#listbox").outer_size.width == 200 - PANE_MAX
        longest = max(app.papers, key=lambda p: len(p.title))
        row = next(line for line in screen_text(app).splitlines()
                   if line.lstrip().startswith(f"{app.papers.index(longest) + 1} "))
        assert len(longest.title) > 80 and longest.title in row, row  # whole


@pytest.mark.parametrize("cols", [40, 50, 60, 80, 120])
async def test_a_narrow_list_gives_the_title_room_before_the_families(
        seeded_hub: HubServer, home: Home, cols: int) -> None:
    """In a narrow list (a 40-column split, 80 columns, the list beside the pane at 120)
    the families column goes before a title that needs the room is cut: it once left a
    title 8 cells beside an empty families column, and at 80 columns it kept 16 cells,
    the titles cut at 48 beside it (the families are in the reading pane)."""
    app = make_app()
    async with app.run_test(size=(cols, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Title" in line)
        assert "Families" not in header
        first = app.papers[0]
        assert first.families and len(first.title) > 60
        row = next(line for line in lines if line.lstrip().startswith("1 "))
        start = RANK_W + UP_W + MARKS_W + 3  # after the rank, upvotes and marks
        title = row[start:].split("…")[0]
        assert first.title.startswith(title) and len(title) >= 20, row
        room = table(app).scrollable_content_region.width - start - 2  # (… and a space)
        assert len(title) == room, row  # the whole rest of the row
        assert not any(family in row[start + len(title):] for family in first.families)


@pytest.mark.parametrize("cols", [80, 120])
async def test_families_are_shown_beside_titles_that_leave_room(
        hub: HubServer, home: Home, cols: int) -> None:
    """Titles that fit leave the rest of the row to the families: at 80 columns whole,
    in a column no wider than they need (it took 16 cells, cutting a longer cell
    however short the titles); beside the pane at 120 as much of them as fits."""
    items = copy.deepcopy(seed_items()[:3])
    for n, item in enumerate(items):
        item["title"] = item["paper"]["title"] = ("Comparing Gemini, GPT and DeepSeek",
                                                  "A short title", "LLaVA made small")[n]
    hub.set_day(TODAY, items)
    app = make_app()
    async with app.run_test(size=(cols, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Title" in line)
        families = " ".join(app.papers[0].families)
        assert len(families) > 16 and "GPT" in families, families
        width = table(app).scrollable_content_region.width
        row = next(line for line in lines if line.lstrip().startswith("1 "))[:width]
        title = app.papers[0].title
        assert f" {title} " in row, row  # whole
        at = header.find("Families")
        assert at == row.find(families[:12]) > row.find(title) + len(title), (header, row)
        if cols == 80:  # whole, and ending at the list's edge: no wider than it needs
            assert row.endswith(f" {families}") and "…" not in row, row
        else:
            assert row.endswith("…") and len(row) == width, row


async def test_a_wide_list_shows_families_that_fit_whole(hub: HubServer,
                                                          home: Home) -> None:
    """At 200 columns the families column stayed 16 cells: "Gemini GPT Deep…" beside a
    title of 80 cells; it grows with the list, and still gives way first when narrow."""
    item = copy.deepcopy(seed_items()[0])
    item["title"] = item["paper"]["title"] = "Comparing Gemini, GPT and DeepSeek"
    hub.set_day(TODAY, [item])
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        families = " ".join(app.papers[0].families)
        assert len(families) > 16, families
        row = next(line for line in screen_text(app).splitlines()
                   if line.lstrip().startswith("1 "))
        assert f" {families}" in row and "…" not in row, row


async def test_a_short_list_keeps_a_gutter_between_its_families_and_the_pane(
        hub: HubServer, home: Home) -> None:
    """A list too short to scroll has no scrollbar: at 200 columns its families column,
    as wide as its widest cell, ran into the pane's divider ("Gemini GPT Claude│ Your
    note"). The scrollbar's column stays, blank, as the gutter."""
    item = copy.deepcopy(seed_items()[0])
    item["title"] = item["paper"]["title"] = (
        "Comparing Gemini, GPT and DeepSeek " + "on a long road of many benchmarks " * 4)
    hub.set_day(TODAY, [item])
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        families = " ".join(app.papers[0].families)
        assert len(families) > 16 and not table(app).show_vertical_scrollbar, families
        row = next(line for line in screen_text(app).splitlines()
                   if line.lstrip().startswith("1 "))
        edge = app.query_one("#listbox").outer_size.width
        assert row[:edge].rstrip().endswith(f" {families}") and row[edge - 1] == " ", row
        assert row[edge] == "│" and "Families" in screen_text(app), row


async def test_the_pane_gives_what_arxiv_says_as_show_does(hub: HubServer, home: Home,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Categories, journal reference, DOI and the authors' comment were in `show`'s panel
    only: the reading pane gives them too, markup in them as text."""
    from datetime import UTC, datetime

    from arxivserver import ArxivServer
    from arxivserver import Paper as ArxivPaper

    with ArxivServer() as arx:
        monkeypatch.setenv("ARXIV_API_ENDPOINT", arx.api_url)
        arx.add(ArxivPaper("2403.02718", "Folding Maps", ["physics.ao-ph", "cs.LG"],
                           datetime(2024, 3, 4, 9, 30, tzinfo=UTC),
                           comment="14 pages; [red]v3[/red]", journal_ref="Notes 7 (2024)",
                           doi="10.5555/estuary.7"))
        assert run("star", "2403.02718").exit_code == 0
    app = make_app(View("starred"), offline=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = pane(app)
    for line in ("Categories: physics.ao-ph (primary), cs.LG", "Journal ref: Notes 7 (2024)",
                 "DOI: 10.5555/estuary.7", "arXiv comment: 14 pages; [red]v3[/red]"):
        assert line in text, text


@pytest.mark.parametrize("cols", [80, 160])
async def test_the_pane_gives_the_organization_submitter_and_stars_as_show_does(
        hub: HubServer, home: Home, cols: int) -> None:
    """The organization, who put the paper on Daily Papers and its repository's GitHub
    stars were in `show`'s panel only: the pane gives them too, in its width, markup as
    text."""
    item = copy.deepcopy(seed_items()[0])
    item["paper"]["organization"] = {"name": "tide-lab", "fullname": "Tide [b]Lab[/b]"}
    item["submittedBy"] = {"name": "marsh-warden", "fullname": "Marsh Warden"}
    item["paper"]["githubStars"] = 4321
    hub.set_day(TODAY, [item])
    assert run("today").exit_code == 0  # (the listing's record: the submitter is its own)
    shown = run("show", item["paper"]["id"])
    assert shown.exit_code == 0, shown.stderr
    app = make_app()
    async with app.run_test(size=(cols, 40)) as pilot:
        await settle(pilot)
        text = pane(app)
        lines = [line.split("│")[-1].strip() for line in screen_text(app).splitlines()]
    for label, value in (("Organization", "Tide [b]Lab[/b] (tide-lab)"),
                         ("Submitted by", "marsh-warden"), ("GitHub stars", "4,321")):
        assert f"{label} {value}" in shown.stdout, shown.stdout  # (the same facts as show)
        assert f"{label}: {value}" in text, text
        assert f"{label}: {value}" in lines, lines  # whole, within the pane


async def test_space_and_b_page_the_reading_pane_and_J_K_scroll_it_from_the_list(
        seeded_hub: HubServer, home: Home) -> None:
    """At 80x24 the pane shows a few lines of a paper: Space and b page it (as less does),
    J and K a line at a time, while the list keeps the focus and its keys."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.pane
        height = box.scrollable_content_region.height
        assert box.virtual_size.height > height  # more than the pane shows
        last = box.virtual_size.height - height
        await pilot.press("space")
        assert box.scroll_offset.y == min(height - 1, last)
        assert app.focused is table(app) and app.selected == B
        await pilot.press("b")
        assert box.scroll_offset.y == 0
        await pilot.press("J", "J")
        assert box.scroll_offset.y == 2
        await pilot.press("K")
        assert box.scroll_offset.y == 1
        await pilot.press(*["space"] * 20)
        assert box.scroll_offset.y == last
        assert app.current is not None
        words = " ".join(app.current.summary.split()[-3:])
        assert words in " ".join(screen_text(app).split()), screen_text(app)
        await pilot.press("j")  # the list's keys still move the list; the pane starts over
        assert app.selected == listed(app)[1] and box.scroll_offset.y == 0


async def test_the_column_header_follows_a_resize(seeded_hub: HubServer, home: Home) -> None:
    """After 100x30 -> 60x15 -> 100x30 the header's columns sit over the rows' (it was
    drawn for the old width, or lost "Families", until a restart)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def columns() -> tuple[int, int]:
            """Where "Families" starts in the header, and the first row's families (-1:
            not shown)."""
            lines = screen_text(app).splitlines()
            header = next(line for line in lines if "Title" in line)
            first = app.papers[0]
            row = next(line for line in lines if line.lstrip().startswith("1 "))
            row = row[:table(app).size.width]  # (not the pane beside it)
            header = header[:table(app).size.width]
            at = row.find(first.title[:20])
            after = at + len(first.title) if first.title in row else row.index("…", at)
            return header.find("Families"), row.find(" ".join(first.families)[:6], after)

        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        at_100 = columns()
        assert at_100[0] == at_100[1] > 0
        for size in ((60, 15), (100, 30), (200, 40), (80, 24), (100, 30)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.pause()
            header, row = columns()
            if size[0] in (60, 80):  # (the titles need the room: the families go)
                assert header == row == -1, (size, screen_text(app))
            else:
                assert header == row > 0, (size, screen_text(app))
        assert columns() == at_100


async def test_a_heading_too_long_for_the_width_ends_in_an_ellipsis(
        seeded_hub: HubServer, home: Home) -> None:
    """At 80 columns a long heading ("Related to ID · TITLE · 50 papers · by similarity")
    cuts the paper's title with …, not in the middle of a word as if it were whole, and
    shows the count whole (it was cut off: how many papers was never said), the note
    gone first; a wider terminal shows it all."""
    assert run("today").exit_code == 0 and run("day", "yesterday").exit_code == 0
    app = make_app(View("related", A), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        whole = f"{app.title_bar.head} · {app.title_bar.tail}"
        assert len(whole) > 78 and whole.endswith(" papers · by similarity"), whole
        top = screen_text(app).splitlines()[0].strip()
        assert top.startswith(f"Related to {A} · ") and len(top) <= 78, top
        assert top.endswith("… · " + app.title_bar.tail.removesuffix(" · by similarity")), top
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        assert screen_text(app).splitlines()[0].strip() == whole


# -- marks: the same database as the commands ---------------------------------------------


async def test_a_star_made_in_the_browser_is_in_papers_starred_and_unstarring_removes_it(
        seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.selected == B  # the Hub's first paper today
        await pilot.press("s")
        await settle(pilot)
        assert marks_of(app, B).startswith("★")
        assert "★ starred" in pane(app)
        await pilot.press("j", "s")
        await settle(pilot)
        second = listed(app)[1]
        assert starred_ids() == [second, B] or starred_ids() == [B, second]
        # Starring kept a full record: the reading list works offline after a cache clear.
        assert run("cache", "clear", "--yes").exit_code == 0
        assert set(starred_ids()) == {B, second}
        await pilot.press("s")  # unstar the second again
        await settle(pilot)
        assert starred_ids() == [B]
        assert marks_of(app, second).strip() == ""


def tag_counts() -> dict[str, int]:
    result = run("tags", "--json")
    assert result.exit_code == 0, result.stderr
    return {t["tag"]: t["papers"] for t in json.loads(result.stdout)}


async def test_T_edits_the_papers_tags_as_papers_tag_and_untag_do(
        seeded_hub: HubServer, home: Home) -> None:
    """Tags could be seen in the pane but not put on or taken off in the browser (quit,
    `papers tag`, start again); T edits them in a line: Enter keeps the line's tags,
    a bad one is said under the line and changes nothing, Esc changes nothing."""
    from textual.widgets import Input

    assert run("tag", B, "old", "keep").exit_code == 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.selected == B and "Tags: keep old" in pane(app)
        await pilot.press("T")
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box.value == "keep old "
        await pilot.press(*["backspace"] * 4, *"RL", "enter")  # (case-folded, as tag)
        await settle(pilot)
        assert tag_counts() == {"keep": 1, "rl": 1}
        assert "Tags: keep rl" in pane(app)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*"no,good!", "enter")
        await settle(pilot)
        assert tag_counts() == {"keep": 1, "rl": 1}  # nothing changed
        assert "not a tag" in str(app.screen.query_one("#tags-error").render())
        await pilot.press("escape", "T", "x", "escape")
        await settle(pilot)
        assert tag_counts() == {"keep": 1, "rl": 1} and len(app.screen_stack) == 1
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("T", *"rl", "enter")
        await settle(pilot)
    assert tag_counts() == {"keep": 1, "rl": 2}


@pytest.mark.parametrize("key", ["T", "f"])
async def test_a_dialog_is_not_covered_by_the_notifications_said_before_it(
        seeded_hub: HubServer, home: Home, key: str) -> None:
    """T's tag line and f's families, opened while marks were still said: the dialog is
    on top, whole (at 80 columns the notifications stood over the box typed in)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", "r", "y")
        await settle(pilot)
        assert app._notifications
        await pilot.press(key)
        await settle(pilot)
        assert len(app.screen_stack) == 2 and not app._notifications
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen_stack) == 1


async def test_read_marks_toggle_and_marks_made_by_commands_show_in_the_list(
        seeded_hub: HubServer, home: Home) -> None:
    assert run("today").exit_code == 0
    assert run("star", A).exit_code == 0
    assert run("read", A).exit_code == 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert marks_of(app, A) == "★✓ "
        assert marks_of(app, B) == "   "
        await pilot.press("r")  # B, the first row
        await settle(pilot)
        assert marks_of(app, B) == " ✓ "
        assert "✓ read" in pane(app)
    first = run("read", B)
    assert f"({B} already read)" in first.stderr  # the browser's mark is the command's mark
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert marks_of(app, B) == "   "
    again = run("read", B)
    assert "marked 1 paper read" in again.stderr


async def test_browse_new_marks_what_it_lists_as_seen_like_papers_new(
        seeded_hub: HubServer, home: Home) -> None:
    # Browsing today marks nothing as seen: `papers new` still has everything.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    peek = run("new", "--all", "--peek", "--json")
    assert peek.exit_code == 0, peek.stderr
    everything = [p["id"] for p in json.loads(peek.stdout)]
    assert len(everything) == 19
    # --peek in the browser marks nothing either.
    app = make_app(View("new", show_all=True, peek=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert sorted(listed(app)) == sorted(everything)
    assert len(json.loads(run("new", "--all", "--peek", "--json").stdout)) == 19
    # browse new: what it lists is seen, so `papers new` has nothing new afterwards.
    app = make_app(View("new", show_all=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert sorted(listed(app)) == sorted(everything)
        assert "marked as seen" in app.shown.caption if app.shown else False
    after = run("new", "--all", "--json")
    assert after.exit_code == 0, after.stderr
    assert json.loads(after.stdout) == []


async def test_browse_new_without_watches_offers_A_for_every_new_paper(
        yesterday_too: HubServer, home: Home) -> None:
    """No watches: the pane says to press A (it said "use --all", an option of a command
    line already run), and A lists what `papers new --all` lists, in the browser."""
    said = run("new", "--peek")
    assert said.exit_code == 2 and "no watches" in said.stderr
    everything = [p["id"] for p in json.loads(run("new", "--all", "--peek", "--json").stdout)]
    app = make_app(View("new", peek=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        text = " ".join(pane(app).split())
        assert text.startswith("no watches — add one (q, then papers watch add"), text
        assert "--all" not in text.replace("papers browse new --all", "")
        assert "press A for every new paper" in text and "q, then papers watch add" in text
        assert "All new" in footer_keys(app)
        assert any("press A" in line for line in told(app))
        await pilot.press("A")
        await settle(pilot)
        assert app.view.show_all and sorted(listed(app)) == sorted(everything)
        assert "All new" not in footer_keys(app)  # (done: the key goes)
        # (and its advice with it: "no watches … press A" stood over the new list)
        assert not any("no watches" in line for line in told(app))
    app = make_app()  # not a key of any other view
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "All new" not in footer_keys(app)
        before = listed(app)
        await pilot.press("A")
        await settle(pilot)
        assert app.view.kind == "day" and listed(app) == before


async def test_browse_new_says_how_it_looked_and_leaves_the_count_to_its_caption(
        seeded_hub: HubServer, home: Home) -> None:
    """A first run: the browser says what `papers new` says of the look ("first run:
    looked at the last N days"), but not its count line, which the caption gives."""
    app = make_app(View("new", show_all=True, peek=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        messages = told(app)
        caption = app.shown.caption if app.shown else ""
    command = run("new", "--all", "--peek")
    assert command.exit_code == 0, command.stderr
    lines = [line.removeprefix("papers: ") for line in command.stderr.splitlines()]
    at = next(i for i, line in enumerate(lines) if " new papers from " in line)
    look, count = lines[:at], lines[at]  # (then what --peek did, a line of its own)
    assert look and look[0].startswith("first run: ")
    assert [m for m in messages if m in look] == look
    assert count not in messages and count.startswith("19 new papers from ")
    assert caption.startswith("19 papers · ")


async def test_an_empty_list_says_why_in_the_pane_as_the_command_does(
        seeded_hub: HubServer, home: Home) -> None:
    """Nothing starred, nothing new: the pane keeps saying why (what the command says on
    stderr, in the browser's keys), once the notification saying it has gone; it said
    "Nothing to show.", then "(s in papers browse)" inside papers browse."""
    app = make_app(View("starred"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        starred = run("starred")
        assert starred.exit_code == 0
        said = one_line(starred.stderr).removeprefix("papers: ")
        assert said == "no starred papers yet: papers star ID adds one (s in papers browse)"
        assert one_line(pane(app)) == ("no starred papers yet: s stars the paper selected in "
                                       "any list (Ctrl-P: Go to today)")
    assert run("new", "--all").exit_code == 0  # everything seen
    said = one_line(run("new", "--all").stderr).removeprefix("papers: ")
    assert said.startswith("nothing new in the listings of ")
    app = make_app(View("new", show_all=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        assert one_line(pane(app)) == said
        assert app.shown is not None and app.shown.caption == "nothing new"


def footer_keys(app: BrowseApp) -> list[str]:
    """The footer's keys as shown ("Star", "Help"...), the disabled ones left out."""
    from textual.widgets._footer import FooterKey

    return [str(key.description) for key in app.screen.query(FooterKey) if not key.disabled]


async def test_the_papers_keys_leave_the_footer_while_no_paper_is_listed(
        seeded_hub: HubServer, home: Home) -> None:
    """An empty list offers no `s Star` or `o HF` (they did nothing); a filter that finds
    nothing takes them away, Esc back to the papers brings them back."""
    app = make_app(View("starred"))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        shown = footer_keys(app)
        assert "Help" in shown and "Quit" in shown and "Filter" in shown
        assert not {"Star", "Read", "HF", "PDF"} & set(shown)
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert {"Star", "Read", "HF", "PDF"} <= set(footer_keys(app))
        first = app.selected
        await keys_then_filter(pilot, "slash", *"zzqxv")
        assert listed(app) == []
        assert "Star" not in footer_keys(app)
        await keys_then_filter(pilot, "escape")
        assert listed(app) and "Star" in footer_keys(app)
        await pilot.press("s")  # (the key works again)
        await settle(pilot)
    assert starred_ids() == [first]


@pytest.mark.parametrize(("view", "heading"), [
    (View("arxiv"), "arXiv · not available"),
    (View("arxiv", "cs.CL"), "arXiv · cs.CL · not available"),
    (View("for-you"), "For you · not available")])
async def test_a_view_not_available_is_named_as_its_title_spells_it(
        home: Home, monkeypatch: pytest.MonkeyPatch, view: View, heading: str) -> None:
    """The heading while a view loads or when it fails names it as the loaded one does
    ("arXiv", "For you"), not "Arxiv" and "For-You"."""
    from papercli.errors import PapersError

    def load(self: Source, view: View, **_: Any) -> Any:
        raise PapersError("down")

    monkeypatch.setattr(Source, "load", load)
    app = make_app(view, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert str(app.title_bar.render()) == heading


async def test_what_the_browser_said_is_still_told_however_long_settling_took(
        home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """(The harness, `notes_stay`.) A loaded machine, as a clock a minute ahead: what was
    said is still there to read. A 10 s error, an 8 s warning ran out while `settle` waited
    on such a machine, and `told` said [] in three tests."""
    import textual.notifications

    from papercli.errors import PapersError

    def load(self: Source, view: View, **_: Any) -> Any:
        raise PapersError("the Hub is down")

    monkeypatch.setattr(Source, "load", load)
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert told(app) == ["the Hub is down"]
        later = textual.notifications.time() + 60
        monkeypatch.setattr(textual.notifications, "time", lambda: later)
        assert told(app) == ["the Hub is down"]


# -- fetching in the background -----------------------------------------------------------


async def test_a_failed_fetch_is_a_notification_and_the_cached_copy_stays(
        seeded_hub: HubServer, home: Home) -> None:
    assert run("today").exit_code == 0
    seeded_hub.fail("503", times=50)
    seeded_hub.reset_log()
    app = BrowseApp(Source(refresh=True), View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert seeded_hub.count() >= 1  # it did try
        assert listed(app) == [i["paper"]["id"] for i in seed_items()[:10]]
        messages = [n.message for n in app._notifications]
        assert any("showing the copy cached" in m for m in messages), messages
        assert all(n.severity != "error" for n in app._notifications)


async def test_nothing_cached_and_the_hub_down_is_an_error_notification_not_a_crash(
        hub: HubServer, home: Home) -> None:
    hub.fail("500", times=50)
    app = make_app(View("day", "2026-11-20"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == []
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "500" in errors[0], errors
        assert errors[0] in " ".join(pane(app).split())
        await pilot.press("s", "o", "y", "j", "G")  # keys on an empty list do nothing
        await settle(pilot)
    assert app.return_code in (None, 0)


async def test_offline_works_over_the_library_without_a_request(
        seeded_hub: HubServer, home: Home) -> None:
    assert run("today").exit_code == 0
    assert run("day", "yesterday").exit_code == 0
    seeded_hub.reset_log()
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == [i["paper"]["id"] for i in seed_items()[:10]]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert listed(app) == [i["paper"]["id"] for i in seed_items()[10:]]
        await pilot.press("s")
        await settle(pilot)
    assert seeded_hub.count() == 0
    assert starred_ids() == [seed_items()[10]["paper"]["id"]]


async def test_papers_offline_keeps_the_browser_off_the_network(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """network.offline (PAPERS_OFFLINE=1) is --offline for the browser too: the cached
    day is shown, and neither the listing nor a resting selection's page is fetched."""
    assert run("today").exit_code == 0
    asked = seeded_hub.count()
    monkeypatch.setenv("PAPERS_OFFLINE", "1")
    app = BrowseApp(Source(), View(), opener=Opener(), fetch_details=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(listed(app)) == 10
        await pilot.press("j")
        await _rested(pilot)
        # A day never fetched: the error names the setting, not "without --offline",
        # and says it plainly: unsetting it is not done in the browser.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app._last_error is not None
        assert "PAPERS_OFFLINE keeps the browser offline" in app._last_error
        assert "without --offline" not in app._last_error
    assert seeded_hub.count() == asked


async def test_an_id_the_offline_browser_lacks_is_said_plainly_not_as_a_command(
        seeded_hub: HubServer, home: Home) -> None:
    """`/ ID` Enter in a browser started --offline, the id not in the library: the pane
    says so and why nothing fetches it (it said "run papers show ID", a command to quit
    the browser for); and `t` on a paper with no full text kept says so, where it said
    "run without --offline"."""
    assert run("today").exit_code == 0
    app = make_app(offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"2612.00001")
        await pilot.press("enter")
        await settle(pilot)
        assert app.shown is not None and app.shown.view.kind == "search"
        said = " ".join(pane(app).split())
        assert "2612.00001 is not in the library; the browser was started --offline" in said
        assert "papers show" not in said, said
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        lines = [line for line in told(app) if "no full text" in line]
        assert lines and all(line.endswith("the browser was started --offline")
                             for line in lines), told(app)
    assert seeded_hub.count("/api/papers/2612.00001") == 0


async def test_fetching_a_page_in_the_background_brings_the_ai_summary(
        seeded_hub: HubServer, home: Home) -> None:
    paper = copy.deepcopy(seeded_hub.state.papers[B])
    paper["ai_summary"] = "A summary written by the Hub."
    seeded_hub.add_paper(paper)
    app = BrowseApp(Source(), View(), opener=Opener())  # details fetched when resting
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _rested(pilot)
        assert "A summary written by the Hub." in pane(app)
        assert any(r.path == f"/api/papers/{B}" for r in seeded_hub.requests)


async def test_a_hub_out_of_reach_is_asked_once_for_the_pages_of_resting_selections(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the Hub not answering, each paper the selection rested on asked for its page
    again and waited its timeout; now the first is asked, the rest are not, until a view
    is loaded from the network again, which asks once more."""
    from test_hub_faults import Silent

    assert run("today").exit_code == 0  # listing records: each page is fetched on resting
    hole = Silent()
    try:
        monkeypatch.setenv("HF_ENDPOINT", hole.url)
        # (0.2 s: on a loaded machine the connection itself timed out, never made, CI)
        monkeypatch.setenv("PAPERS_TIMEOUT", "1.5")
        monkeypatch.setenv("PAPERS_RETRIES", "0")
        app = BrowseApp(Source(), View(), opener=Opener(), fetch_details=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert len(listed(app)) == 10
            await _rested(pilot)  # the first paper's page: asked
            await _asked_more_than(pilot, hole, 0)  # (a busy machine may take longer)
            asked = hole.connections()
            for _ in range(4):  # four more papers rested on: not asked
                await pilot.press("j")
                await _rested(pilot)
            assert hole.connections() == asked
            # Another view loaded (yesterday's, asked of the Hub), then today again (from
            # the library): the next paper rested on is asked for once more.
            await pilot.press("left_square_bracket")
            await settle(pilot)
            asked = hole.connections()  # (yesterday's load among them)
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert len(listed(app)) == 10
            # (the paper the list comes back on may rest long enough to be the one asked,
            # its page having failed: let it, so that it is not still asking as the next
            # paper comes to rest, CI)
            await pilot.pause(DETAIL_DELAY * 2)
            await settle(pilot)
            await pilot.press(*"jjjjj")  # onto a paper not rested on yet
            await _rested(pilot)
            await _asked_more_than(pilot, hole, asked)
            await pilot.pause(DETAIL_DELAY * 2)
            assert hole.connections() == asked + 1
    finally:
        hole.close()


class Clock:
    """Stands in for time.monotonic in the browser's source: moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


class PagesCounted(Source):
    """The real source, counting the pages asked of it (`detail`: a selection rested)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def detail(self, paper_id: str) -> Any:
        try:
            return super().detail(paper_id)
        finally:
            self.asked += 1


async def test_a_page_the_hub_out_of_reach_kept_is_asked_again_when_selected_again(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper whose page could not be fetched (the Hub out of reach) kept its listing's
    record all session, the Hub back or not. Now selecting it again asks again, but not
    the network while the Hub was just found out of reach (each would wait its timeout):
    once PAGE_RETRY seconds have passed."""
    from papercli.tui import source as source_module

    assert run("today").exit_code == 0  # listing records: each page is fetched on resting
    clock = Clock()
    monkeypatch.setattr(source_module, "time", clock)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # (refused: out of reach)
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    source = PagesCounted()
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = listed(app)[0]
        paper = copy.deepcopy(seeded_hub.state.papers[first])
        paper["ai_summary"] = "A summary written by the Hub."
        seeded_hub.add_paper(paper)
        await _asked_of(pilot, source, 1)  # the first paper's page: the Hub out of reach
        assert "A summary written by the Hub." not in pane(app)
        monkeypatch.setenv("HF_ENDPOINT", seeded_hub.url)  # the Hub is back
        page = f"/api/papers/{first}"
        pages = seeded_hub.count(page)
        await pilot.press("j")
        await _asked_of(pilot, source, 2)
        await pilot.press("k")  # the first again, at once: the Hub not asked yet
        await _asked_of(pilot, source, 3)
        assert seeded_hub.count(page) == pages
        assert "A summary written by the Hub." not in pane(app)
        clock.now += source_module.PAGE_RETRY
        await pilot.press("j", "k")  # (the first rested on, not the second)
        await _asked_of(pilot, source, 4)
        assert seeded_hub.count(page) == pages + 1
        assert "A summary written by the Hub." in pane(app)
        await pilot.press("j", "k")  # fetched: not asked again
        await pilot.pause(DETAIL_DELAY * 2)
        await settle(pilot)
        assert source.asked == 4 and seeded_hub.count(page) == pages + 1


async def _asked_of(pilot: Any, source: PagesCounted, count: int, seconds: float = 15.0) -> None:
    """Wait until `source` has been asked for `count` pages, then settle (the timer of a
    resting selection fires later than any fixed pause on a loaded machine)."""
    for _ in range(int(seconds * 10)):
        if source.asked >= count:
            break
        await pilot.pause(0.1)
    await settle(pilot)
    assert source.asked == count


async def _rested(pilot: Any, seconds: float = 15.0) -> None:
    """Wait until the selection's rest timer has fired (its paper is among those whose
    page was looked for), then settle: a loaded machine fires a timer later than any
    fixed pause, and a late one fired after the next view's load had started (CI)."""
    app = pilot.app
    for _ in range(int(seconds * 10)):
        await pilot.pause(0.1)
        if app.current is not None and app.current.id in app.detailed:
            break
    await settle(pilot)


async def _asked_more_than(pilot: Any, hole: Any, count: int, seconds: float = 15.0) -> None:
    """Wait, a tenth of a second at a time, until `hole` has had more than `count`
    connections (at most `seconds`): on a loaded machine a page is asked later than the
    pauses above allow, and read too soon the count said 1 where 2 came."""
    for _ in range(int(seconds * 10)):
        if hole.connections() > count:
            return
        await pilot.pause(0.1)


# -- moving between views: [ ] / f ---------------------------------------------------------


async def test_brackets_move_to_the_previous_and_next_day(seeded_hub: HubServer,
                                                          home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        assert app.view == View("day", TODAY.isoformat())
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.view.arg == (TODAY - timedelta(days=1)).isoformat()
        assert listed(app) == [i["paper"]["id"] for i in seed_items()[10:]]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert listed(app) == today
        await pilot.press("right_square_bracket")  # tomorrow has not happened
        await settle(pilot)
        assert listed(app) == today
        assert any("not happened yet" in n.message for n in app._notifications)


@pytest.mark.parametrize("offline", [True, False])
async def test_a_weekend_day_says_to_press_bracket_for_the_friday(
        seeded_hub: HubServer, home: Home, offline: bool) -> None:
    """[ onto a weekend: the note (or, offline, the error) in the pane names the key, not
    `papers day DATE` (the command's). The note is said there only: it stood in a
    notification beside the pane too (an error is notified as well)."""
    saturday = TODAY - timedelta(days=(TODAY.weekday() - 5) % 7)
    friday = saturday - timedelta(days=1)
    app = make_app(View("day", (saturday + timedelta(days=2)).isoformat()), offline=offline)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")  # a Sunday
        await settle(pilot)
        said = " ".join(pane(app).split())
        twice = f"([ twice goes back to Friday {friday})"
        assert said.endswith(twice), said
        assert any(m.endswith(twice) for m in told(app)) == offline, told(app)
        await pilot.press("left_square_bracket")  # the Saturday
        await settle(pilot)
        said = " ".join(pane(app).split())
        assert said.endswith(f"([ goes back to Friday {friday})"), said
        assert "papers day" not in said and not any("papers day" in m for m in told(app))


async def test_brackets_move_weeks_and_do_nothing_for_a_search(seeded_hub: HubServer,
                                                               home: Home) -> None:
    source = Source()
    week = View("week", "2026-W48")
    assert source.shifted(week, -1) == week._replace(arg="2026-W47")
    assert source.shifted(View("month", "2026-01"), -1) == View("month", "2025-12")
    assert source.shifted(View("month", "2025-12"), 1) == View("month", "2026-01")
    app = make_app(View("search", "llava"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = listed(app)
        assert shown
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert listed(app) == shown
        assert any("move through" in n.message for n in app._notifications)


@pytest.mark.parametrize(("view", "future"), [
    (View("week", "2026-W48"), "2026-W49 has not begun yet"),
    (View("month", "2026-11"), "2026-12 has not begun yet")])
async def test_bracket_into_a_week_or_month_to_come_keeps_the_list(
        seeded_hub: HubServer, home: Home, view: View, future: str) -> None:
    """] from this week or month says the next has not begun, and the list stays with its
    selection, as from today (it emptied the screen: "· not available")."""
    app = make_app(view)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        shown, chosen = listed(app), app.selected
        assert len(shown) > 1
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.view == view and listed(app) == shown and app.selected == chosen
        assert future in [n.message for n in app._notifications]


async def test_slash_filters_the_library_as_you_type_and_escape_goes_back(
        yesterday_too: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await keys_then_filter(pilot, "slash", *"adapter")
        hits = listed(app)
        # The library's full-text hits, as `papers search --offline` finds them (the word
        # being typed a prefix).
        same = run("search", "adapter*", "--offline", "--json")
        assert hits == [p["id"] for p in json.loads(same.stdout)]
        assert len(hits) < 19
        assert "2304.15010" in hits  # LLaMA-Adapter V2, listed yesterday: the whole library
        assert app.query_one("#title").render()  # still painted
        await pilot.press("s")  # typed into the box, not a star
        assert starred_ids() == []
        await pilot.press("enter", "s")  # back in the list: s stars the selected hit
        await settle(pilot)
        assert starred_ids() == [hits[0]]
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today


async def test_the_filter_finds_the_word_being_typed_as_a_prefix(
        yesterday_too: HubServer, home: Home) -> None:
    """Half a word typed finds the papers with words it begins (the list emptied at each
    letter until the word was whole); a space after it ends the word: searched as it is."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"llav")
        same = run("search", "llav*", "--offline", "--json")
        assert listed(app) == [p["id"] for p in json.loads(same.stdout)]
        assert A in listed(app)  # LLaVA-Mini
        assert str(app.title_bar.render()).startswith("Filter: llav* · ")
        await keys_then_filter(pilot, "space")
        assert listed(app) == [] and "matches 'llav'" in pane(app)


async def test_escape_from_the_filter_selects_the_paper_selected_before_it(
        yesterday_too: HubServer, home: Home) -> None:
    """Esc from `/` comes back to the paper that was selected (it went back to row 1),
    whether typed over or moved through the hits, as Esc from `l` does."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j", "j", "j")
        await keys_then_filter(pilot, "slash", *"llava")
        assert listed(app) != today
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and app.selected == today[3]
        await keys_then_filter(pilot, "slash", *"llava")
        await pilot.press("enter", "j", "j")
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and app.selected == today[3]


async def test_the_filter_says_how_many_match_beyond_those_it_shows(
        yesterday_too: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """The filter shows the best FILTER_LIMIT hits; its title counts every match ("2 of
    N papers"), as `papers search` does, not only those shown (a million-paper library
    said "200 papers" where 482,220 matched)."""
    from papercli.tui import source

    monkeypatch.setattr(source, "FILTER_LIMIT", 2)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)  # (today's listing is in the library now too)
        await keys_then_filter(pilot, "slash", *"language")
        every = run("search", "language*", "--offline", "--json", "-n", "0").stdout
        assert len(json.loads(every)) > 2
        page = run("search", "language*", "--offline", "--json", "-n", "2").stdout
        assert listed(app) == [p["id"] for p in json.loads(page)]
        title = str(app.query_one("#title").render())
        assert f"2 of {len(json.loads(every))} papers (type more to narrow)" in title, title


async def test_a_search_cut_at_its_limit_says_how_to_see_the_rest(
        yesterday_too: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """`browse search` shows the best SEARCH_LIMIT hits: "200 of 346 papers" said no
    more, with no way to the rest; it says the command that lists them all, as the
    command's own "(-n 0: all)" does. A search that shows every hit says nothing more."""
    from papercli.tui import source

    every = json.loads(run("search", "language", "--offline", "--json", "-n", "0").stdout)
    assert len(every) > 2
    monkeypatch.setattr(source, "SEARCH_LIMIT", 2)
    app = make_app(View("search", "language"), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        top = screen_text(app).splitlines()[0].strip()
        assert f"· 2 of {len(every)} papers (all: papers search -n 0)" in top, top
    monkeypatch.setattr(source, "SEARCH_LIMIT", len(every))
    app = make_app(View("search", "language"), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert app.title_bar.tail.startswith(f"{len(every)} papers · "), app.title_bar.tail


async def test_a_hidden_hit_leaves_the_filter_before_its_limit_as_in_search(
        yesterday_too: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hidden paper among the filter's best hits is left out before the FILTER_LIMIT
    cut, as `papers search` leaves it out: the page is still full and its count is
    search's (the page was one short: "1 of N" where search said "2 of N")."""
    from papercli.tui import source

    monkeypatch.setattr(source, "FILTER_LIMIT", 2)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)  # (today's listing is in the library now too)
    best = json.loads(run("search", "language*", "--offline", "--json", "-n", "3").stdout)
    assert len(best) == 3
    assert run("hide", best[0]["id"], "--offline").exit_code == 0
    page = json.loads(run("search", "language*", "--offline", "--json", "-n", "2").stdout)
    every = json.loads(run("search", "language*", "--offline", "--json", "-n", "0").stdout)
    assert [p["id"] for p in page] == [best[1]["id"], best[2]["id"]]
    app = make_app(offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"language")
        assert listed(app) == [p["id"] for p in page]
        title = str(app.query_one("#title").render())
        assert f"2 of {len(every)} papers" in title, title


async def test_a_field_in_the_filter_is_left_out_as_in_search(
        yesterday_too: HubServer, home: Home) -> None:
    """`ti:llava` in the filter box was searched as the words "ti llava" and found
    nothing, the pane saying 'ti:' was looked for as a word. It is left out, as `papers
    search` leaves it out (and warns): the filter finds llava's papers; when nothing
    matches, the pane says the field was left out, in the browser's terms. A qualifier
    that is a filter (`family:qwen`, `au:`) filters, as in `papers search` (it was left
    out, its value searched as a word), and one whose value is bad says so as the
    command does."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"ti:llava")
        command = run("search", "llava", "--offline", "--json", "-n", "0")
        assert listed(app) and set(listed(app)) == {p["id"] for p in json.loads(command.stdout)}
        warned = run("search", "ti:llava", "--offline")
        assert "'ti:' left out (search has no fields)" in warned.stderr
        await keys_then_filter(pilot, *"zzqq")
        assert app.filter_box.value == "ti:llavazzqq" and listed(app) == []
        said = " ".join(pane(app).split())
        assert "the filter has no fields, so 'ti:' was left out" in said, said
        assert "--author" not in said
        for _ in "ti:llavazzqq":
            await pilot.press("backspace")
        await keys_then_filter(pilot, *"llava family:llava au:author until:2024-05-01")
        every = json.loads(command.stdout)
        command = run("search", "llava", "-F", "llava", "-a", "author", "--until",
                      "2024-05-01", "--offline", "--json", "-n", "0")
        found = [p["id"] for p in json.loads(command.stdout)]
        assert listed(app) == found and 0 < len(found) < len(every)
        await keys_then_filter(pilot, *" since:soon")  # (as typed: on Enter)
        await _enter_says(pilot, app, "llava family:llava au:author until:2024-05-01 "
                          "since:soon", "'since:soon' is no date — use YYYY[-MM[-DD]], "
                          "YYYY-Www or 7d")
        assert listed(app) == found  # (the hits so far stay, to put the date right)


@pytest.mark.parametrize("query", ["tag:robotix", "source:arxiv", "llava source:arxiv"])
async def test_a_filter_that_finds_nothing_says_why_in_searchs_words(
        yesterday_too: HubServer, home: Home, query: str) -> None:
    """`/tag:robotix` said "No paper in the library matches 'tag:robotix'" where `papers
    search tag:robotix` offers the close tag ("did you mean robotics?"), and
    `/source:arxiv` with no arXiv paper the same where search says "no paper in the
    library is from arXiv": the pane says what the command says, as a sentence."""
    assert run("tag", A, "robotics", "--offline").exit_code == 0
    said = run("search", query, "--offline", "-n", "0")
    assert (said.exit_code, said.stdout) == (0, "")
    line = one_line(said.stderr).removeprefix("papers: ")
    assert line.startswith("no ") and ("robotics?" in line or "tag" not in query), line
    app = make_app(offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *f"{query} ")
        assert listed(app) == []
        assert " ".join(pane(app).split()) == f"N{line[1:]}. Esc: back to the list."


async def test_a_qualifier_being_typed_says_no_error_until_enter(
        yesterday_too: HubServer, home: Home) -> None:
    """Before, each key of `since:2024-05-01` typed in the filter box flashed an error
    for ten seconds ("--since '2' — use YYYY-MM-DD, ...", then '20', '202', ...: an
    option the box never had) and emptied the list while the date was still coming.
    Now a qualifier still being typed whose value is none yet is left out, the heading
    saying the forms it takes; Enter says the error, one line naming the qualifier."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"llava ")
        llava = listed(app)
        for key in "since:2024-05-01":
            await keys_then_filter(pilot, key)
            typed = app.filter_box.value
            assert not [n for n in app._notifications if n.severity == "error"], typed
            if typed.endswith(("since:2", "since:2024-")):
                heading = str(app.title_bar.render())
                assert listed(app) == llava, typed
                assert heading == (f"Filter: llava · since: use YYYY[-MM[-DD]], "
                                   f"YYYY-Www or 7d · {len(llava)} papers"), heading
        since = run("search", "llava", "--since", "2024-05-01", "--offline", "--json",
                    "-n", "0")
        assert listed(app) == [p["id"] for p in json.loads(since.stdout)]
        assert 0 < len(listed(app)) < len(llava)
        for _ in "024-05-01":
            await pilot.press("backspace")
        await _enter_says(pilot, app, "llava since:2",
                          "'since:2' is no date — use YYYY[-MM[-DD]], YYYY-Www or 7d")


async def test_enter_on_a_bad_qualifier_keeps_the_box_and_the_list_to_put_it_right(
        yesterday_too: HubServer, home: Home) -> None:
    """`llava since:2024-13`, Enter: the heading became "Daily Papers — … · not
    available", the list emptied, the pane said the error and the focus left the box,
    so the date could not be put right (only Esc brought anything back). Now the error
    is said, the hits so far stay under the heading saying what the date needs, and the
    box keeps the query and the focus: put right, it filters."""
    from papercli.tui.widgets import FilterBox

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"llava ")
        llava = listed(app)
        await keys_then_filter(pilot, *"since:2024-13")
        heading = str(app.title_bar.render())
        assert heading == (f"Filter: llava · since: a month is 01 to 12 · {len(llava)} "
                           "papers · library full-text"), heading
        await _enter_says(pilot, app, "llava since:2024-13",
                          "'since:2024-13' is no date — a month is 01 to 12")
        assert str(app.title_bar.render()) == f"Filter: llava · {len(llava)} papers · " \
            "library full-text"
        assert listed(app) == llava and "not available" not in screen_text(app)
        assert isinstance(app.focused, FilterBox)
        assert app.filter_box.value == "llava since:2024-13"
        await keys_then_filter(pilot, "backspace", "backspace", *"05")
        since = run("search", "llava", "--since", "2024-05", "--offline", "--json",
                    "-n", "0")
        assert listed(app) == [p["id"] for p in json.loads(since.stdout)]
        assert 0 < len(listed(app)) < len(llava)


async def test_a_bad_qualifier_before_the_words_keeps_the_listing_under_the_box(
        yesterday_too: HubServer, home: Home) -> None:
    """A bad qualifier that is not the word being typed (`since:2024-13 llava`) is said
    as soon as the filter runs, over the day's list, which stays (it was "not
    available", the list empty); Enter says it again and the box keeps the focus; Esc
    is the day."""
    from papercli.tui.widgets import FilterBox

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today, heading = listed(app), str(app.title_bar.render())
        await pilot.press("slash")
        app.filter_box.value = "since:2024-13 llava"  # (pasted: typed, a word before
        await keys_then_filter(pilot)  # the date was whole would find its hits)
        line = "'since:2024-13' is no date — a month is 01 to 12"
        assert [n.message for n in app._notifications if n.severity == "error"] == [line]
        assert listed(app) == today and str(app.title_bar.render()) == heading
        await _enter_says(pilot, app, "since:2024-13 llava", line)
        assert listed(app) == today and isinstance(app.focused, FilterBox)
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and str(app.title_bar.render()) == heading


async def _enter_says(pilot: Any, app: Any, query: str, line: str) -> None:
    """Enter in the filter box says `line`, once, as `papers search QUERY` says it."""
    await keys_then_filter(pilot, "enter")
    assert [n.message for n in app._notifications if n.severity == "error"] == [line]
    assert one_line(run("search", query, "--offline").stderr) == f"papers: error: {line}"


async def test_a_paper_id_as_the_category_qualifier_is_told_to_be_typed_alone(
        yesterday_too: HubServer, home: Home) -> None:
    """`category:2401.01055` in the filter box said "no arXiv category '2401.01055'" (for
    an old-style id "did you mean hep-th?"): now that it is a paper's id, and, in the
    browser, to type it alone, which the box finds (the command line says papers show)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *f"llava category:{B}", "enter")
        assert [n.message for n in app._notifications if n.severity == "error"] == [
            f"{B} is a paper id, not a category — type the id alone to find it"]
        said = one_line(run("search", f"llava category:{B}", "--offline").stderr)
        assert said == f"papers: error: {B} is a paper id, not a category — papers show {B}"
        await pilot.press("slash", "ctrl+u")
        await keys_then_filter(pilot, *B, "enter")
        assert listed(app) == [B]


async def test_a_qualifier_with_nothing_after_its_colon_is_left_out_while_typed(
        yesterday_too: HubServer, home: Home) -> None:
    """`since:` typed, its date not yet begun, was searched as the word "since": the list
    briefly showed the papers that say it. Now it is left out as a half-typed date is,
    the heading saying what it needs; Enter says the error, as `papers search` does."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"llava ")
        llava = listed(app)
        assert llava
        await keys_then_filter(pilot, *"since:")
        assert not [n for n in app._notifications if n.severity == "error"]
        assert listed(app) == llava
        heading = str(app.title_bar.render())
        assert heading == (f"Filter: llava · since: give one, or leave it out · "
                           f"{len(llava)} papers"), heading
        await _enter_says(pilot, app, "llava since:",
                          "'since:' holds no DATE — give one, or leave it out")


async def test_the_filter_takes_a_minus_word_as_you_type_it(
        yesterday_too: HubServer, home: Home) -> None:
    """`llava -mini` in the filter box leaves LLaVA-Mini out, as `papers search` does;
    half typed (`-` then `-m`: nothing left to search for) it shows no hits and no
    error, never a search for the word, and the pane says why in the browser's terms."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"-m")
        assert listed(app) == []
        assert not [n for n in app._notifications if n.severity == "error"]
        # The pane says why, in the browser's terms (the command line's says --exclude).
        said = " ".join(pane(app).split())
        assert "'-m' only leaves papers out, so nothing was searched for" in said, said
        assert "type a word to look for as well" in said and "--exclude" not in said
        await keys_then_filter(pilot, "backspace", "backspace", *"zzyzx")
        assert "No paper in the library matches 'zzyzx*'" in pane(app)
        await keys_then_filter(pilot, *["backspace"] * 5, *"-m")
        await keys_then_filter(pilot, *"ini", "home", *"llava ")
        same = run("search", "llava -mini", "--offline", "--json")
        assert listed(app) == [p["id"] for p in json.loads(same.stdout)]
        assert listed(app) and "2501.03895" not in listed(app)  # LLaVA-Mini


async def test_the_filter_finds_a_paper_by_its_id_or_url(
        yesterday_too: HubServer, home: Home) -> None:
    """A pasted id or arXiv URL in the filter box finds that paper (an id is no word the
    index holds), as `papers search ID` does."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"https://arxiv.org/abs/2304.15010v1 2401.01055")
        assert listed(app) == ["2304.15010", "2401.01055"]
        same = run("search", "https://arxiv.org/abs/2304.15010v1 2401.01055", "--offline",
                   "--json")
        assert listed(app) == [p["id"] for p in json.loads(same.stdout)]


async def test_enter_looks_up_an_id_the_filter_does_not_find(
        yesterday_too: HubServer, home: Home) -> None:
    """An id the library lacks: the filter's heading says so and that Enter looks it up;
    Enter fetches it as `papers search ID` does, and Esc comes back to the day's list."""
    paper = next(i["paper"] for i in seed_items() if i["paper"]["id"] == A)
    yesterday_too.add_paper({**paper, "id": "2612.00001", "title": "Kiwano sampling"})
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        today, chosen = listed(app), app.selected
        await keys_then_filter(pilot, "slash", *f"2612.00001 {B}")
        assert listed(app) == [B]
        heading = str(app.title_bar.render())
        assert "not shown: 2612.00001 (Enter looks it up)" in heading, heading
        await pilot.resize_terminal(80, 24)  # the classic size: what to do is not cut off
        await pilot.pause()
        assert "(Enter looks it up)" in screen_text(app).splitlines()[0]
        assert not [r for r in yesterday_too.requests if "2612.00001" in r.path]
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == ["2612.00001", B]
        assert app.shown is not None and app.shown.view.kind == "search"
        assert [r.path for r in yesterday_too.requests if "2612" in r.path] == [
            "/api/papers/2612.00001"]
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and app.selected == chosen
    assert run("search", "kiwano", "--offline", "--json").exit_code == 0


async def test_escape_from_an_id_looked_up_selects_the_paper_selected_before_the_filter(
        yesterday_too: HubServer, home: Home) -> None:
    """j j j, / an id the library lacks, Enter (it is looked up), Esc: back on the day's
    list at the paper left (it came back at the top)."""
    paper = next(i["paper"] for i in seed_items() if i["paper"]["id"] == A)
    yesterday_too.add_paper({**paper, "id": "2612.00001", "title": "Kiwano sampling"})
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        today, chosen = listed(app), app.selected
        assert chosen == today[3]
        await keys_then_filter(pilot, "slash", *"2612.00001")
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == ["2612.00001"]
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today
        assert app.selected == chosen


async def test_enter_in_a_filter_of_found_ids_goes_to_the_list(
        yesterday_too: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *B)
        assert listed(app) == [B] and "Enter" not in str(app.title_bar.render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.shown is not None and app.shown.view.kind == "filter"
        assert app.focused is table(app)


async def test_stars_made_before_and_during_a_filter_stay_when_the_filter_ends(
        seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        assert app.selected == B and A in today
        await pilot.press("s")  # B, in the day's list
        await settle(pilot)
        assert marks_of(app, B).startswith("★")
        await keys_then_filter(pilot, "slash", *"llava")
        hits = listed(app)
        assert A in hits and hits != today
        await pilot.press("enter", *"j" * hits.index(A), "s")  # A, in the filtered list
        await settle(pilot)
        assert marks_of(app, A).startswith("★")
        await pilot.press("escape")
        await settle(pilot)
        # The day's list again, with both stars: its marks are read afresh, not the
        # ones it had when the filter began.
        assert listed(app) == today
        assert marks_of(app, B).startswith("★") and marks_of(app, A).startswith("★")
    assert sorted(starred_ids()) == sorted([A, B])


def family_choices(app: BrowseApp) -> list[str]:
    """The family chooser's lines, top to bottom, as written."""
    chooser = app.screen.query_one(SelectionList)
    return [str(chooser.get_option_at_index(i).prompt) for i in range(chooser.option_count)]


def expected_choices(papers: list[Paper], library: dict[str, int]) -> list[str]:
    """What the chooser should say: the list's families first, most papers first."""
    here = {name: sum(name in p.families for p in papers) for name in library}
    ordered = sorted(library, key=lambda name: -here[name])
    return [f"{name}: {here[name]} here, {library[name]} in the library" if here[name]
            else f"{name}: {library[name]} in the library" for name in ordered]


async def test_f_chooses_families_for_the_list(yesterday_too: HubServer) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        everything = list(app.papers)
        library = {f["name"]: f["papers"] for f in json.loads(run("families", "--json").stdout)}
        await pilot.press("f")
        await settle(pilot)
        # How many of the list name each family, beside the library's count.
        counted = family_choices(app)
        assert counted == expected_choices(everything, library)
        assert sum(library.values()) > sum(f in p.families for p in everything for f in library)
        assert " here, " in counted[0] and " here, " not in counted[-1], counted
        chooser = app.screen.query_one(SelectionList)
        chooser.select("LLaVA")
        await pilot.press("enter")
        await settle(pilot)
        assert app.view.filters.family == ["LLaVA"]
        expected = [p.id for p in everything if "LLaVA" in p.families]
        assert expected and listed(app) == expected
        assert "family LLaVA" in str(app.query_one("#title").render())
        await pilot.press("f")
        await settle(pilot)
        assert family_choices(app) == counted  # counted on the list before its family filter
        await pilot.press("escape")  # cancel keeps the choice
        await settle(pilot)
        assert listed(app) == expected


# -- opening, copying, help, quitting -----------------------------------------------------


async def test_open_keys_go_through_papers_open_urls(seeded_hub: HubServer,
                                                     home: Home) -> None:
    opener = Opener()
    app = make_app(opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("o", "a", "p"):
            await pilot.press(key)
            await settle(pilot)
        assert opener.urls == [f"{seeded_hub.url}/papers/{B}", f"https://arxiv.org/abs/{B}",
                               f"https://arxiv.org/pdf/{B}"]
        await pilot.press("c")  # no code link on the Hub: said, nothing opened
        await settle(pilot)
        assert len(opener.urls) == 3
        assert any("no code link" in n.message and n.severity == "error"
                   for n in app._notifications)


async def test_o_opens_the_arxiv_page_of_a_paper_only_arxiv_knows(
        seeded_hub: HubServer, home: Home, tmp_path: Path) -> None:
    """`o` (footer "HF") opened the Hub's page, a 404, for a paper the library has from
    arXiv alone: its arXiv page opens, and the message says why."""
    only = "2403.10009"
    snap = tmp_path / "snap.jsonl"  # one line of arXiv's metadata snapshot (invented)
    snap.write_text(json.dumps({
        "id": only, "submitter": "A. Inventor", "authors": "A. Inventor",
        "title": "Undertow Currents", "comments": None, "journal-ref": None, "doi": None,
        "categories": "cs.LG", "abstract": "Invented.", "update_date": "2024-03-16",
        "versions": [{"version": "v1", "created": "Tue, 12 Mar 2024 10:00:00 GMT"}],
        "authors_parsed": [["Inventor", "A.", ""]]}) + "\n", encoding="utf-8")
    assert run("import", str(snap)).exit_code == 0
    opener = Opener()
    app = make_app(View("search", "undertow"), offline=True, opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current is not None and app.current.id == only
        await pilot.press("o")
        await settle(pilot)
        assert opener.urls == [f"https://arxiv.org/abs/{only}"]
        said = [n.message for n in app._notifications][-1]
        assert said == f"opened\nhttps://arxiv.org/abs/{only}\nno Hugging Face page, only arXiv's"


async def test_without_a_browser_the_url_is_copied(seeded_hub: HubServer, home: Home) -> None:
    app = make_app(opener=Opener(works=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.clipboard == f"https://arxiv.org/abs/{B}"
        said = [n.message for n in app._notifications][-1]
        assert said.startswith("no browser here: the link ")
        assert said.endswith(f":\nhttps://arxiv.org/abs/{B}")  # (on a line of its own)
        assert "copied" not in said and "terminal's clipboard" in said


async def test_a_browser_named_that_fails_is_said_so_and_the_url_copied(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """BROWSER=false (a browser named, failing): said as `papers open` says it, not
    "no browser here" (there was one, and the user named it)."""
    monkeypatch.setenv("BROWSER", "false")
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    app = BrowseApp(Source(), View(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.clipboard == f"https://arxiv.org/abs/{B}"
        said = [n.message for n in app._notifications][-1]
        assert said.startswith("the browser did not start: the link ")
        assert said.endswith(f":\nhttps://arxiv.org/abs/{B}")
        assert len(app.screen_stack) == 1 and app.is_running


async def test_y_copies_the_id_and_Y_the_bibtex(seeded_hub: HubServer, home: Home) -> None:
    """The terminal never says whether it took the text (OSC 52, which many ignore):
    the message says where it was sent, not that it was copied, and Y names the command
    that prints the entry."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == B
        said = [n.message for n in app._notifications][-1]
        assert said.startswith(f"{B} sent to the terminal's clipboard")
        await pilot.press("Y")
        assert app.clipboard.lstrip().startswith("@")
        assert B in app.clipboard and "LLaMA Beyond English" in app.clipboard
        said = [n.message for n in app._notifications][-1]
        assert "copied" not in said and "terminal's clipboard" in said
        command = said.rsplit("; ", 1)[-1].removesuffix(" prints it").split()
        assert command[0] == "papers"
        printed = run(*command[1:])
        assert printed.exit_code == 0 and printed.stdout.strip() == app.clipboard.strip()


async def test_copies_one_after_another_are_said_in_one_notification(
        seeded_hub: HubServer, home: Home) -> None:
    """y y y, then Y, then o with no browser: one note, the last copy's (they stood
    stacked, four and five of them, over the list and the pane)."""
    app = make_app(opener=Opener(works=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("y", "y", "y")
        assert told(app) == [f"{B} sent to the terminal's clipboard (if it takes OSC 52)"]
        await pilot.press("Y")
        assert len(told(app)) == 1 and told(app)[0].startswith(f"the BibTeX entry of {B}")
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert len(app._notifications) == 1 and told(app)[0].startswith("no browser here: ")


async def test_mouse_click_selects_a_row(seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click(PaperList, offset=(10, 2))  # the third row
        await settle(pilot)
        assert app.selected == listed(app)[2]
        assert app.papers[2].title in pane(app)


async def test_help_opens_and_closes_and_q_quits_with_0(seeded_hub: HubServer,
                                                        home: Home) -> None:
    """`?` opens the help at once, while the listing still loads behind it (the Hub holds
    its answer until the help is seen; it waited for the list, as other keys do); the
    pane says "Loading…" meanwhile (it was blank)."""
    from hubserver import Fault

    answer = threading.Barrier(2, timeout=30)
    seeded_hub.state.faults.append(Fault("gather", barrier=answer))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert pane(app).strip() == "Loading…"  # (it was blank until the list came)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and app.loading
        await asyncio.to_thread(answer.wait)  # the Hub answers now
        await settle(pilot)
        assert "star or unstar" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert len(listed(app)) == 10  # the load behind the help screen arrived
        await pilot.press("q")
    assert app.return_code == 0


def help_lines(app: BrowseApp) -> list[str]:
    """The help's key lines as painted on the screen (key and description, spaced as drawn)."""
    painted = screen_text(app)
    return [f"{key:<12}{what}" for key, what in KEYS if f"{key:<12}{what}" in painted]


async def test_the_help_fits_80_by_24_and_scrolls_when_shorter(seeded_hub: HubServer,
                                                               home: Home) -> None:
    everything = [f"{key:<12}{what}" for key, what in KEYS]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.say("starred 2401.01055", timeout=30)
        await pilot.pause(0.2)
        assert "starred 2401.01055" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert help_lines(app) == everything  # every key, whole, at the classic size
        assert "starred 2401.01055" not in screen_text(app)  # no toast over the keys
        assert "Marks are the same as papers star / read / new make." in screen_text(app)
        await pilot.resize_terminal(80, 14)
        await pilot.pause()
        first = help_lines(app)
        assert first and first == everything[:len(first)] and len(first) < len(everything)
        for _ in range(len(everything)):
            await pilot.press("j")  # as in the list
        await pilot.pause()
        last = help_lines(app)
        assert last[-1] == everything[-1] and last[0] != everything[0]
        await pilot.press("k")
        await pilot.pause()
        assert help_lines(app)[0] == everything[everything.index(last[0]) - 1]
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_help_says_o_opens_arxivs_page_for_a_paper_only_arxiv_knows(
        seeded_hub: HubServer, home: Home) -> None:
    """`?` said o opens "the Hugging Face page", though over a paper only arXiv knows it
    opens arXiv's page (as README's key table and the footer say)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        line = next(line for line in screen_text(app).splitlines() if "│ o " in line)
        assert "open the HF page (arXiv's, if only arXiv knows it)" in line, line
        assert "Hugging Face" not in screen_text(app)


async def test_the_help_at_60_columns_wraps_a_description_under_itself(
        seeded_hub: HubServer, home: Home) -> None:
    """A description too long for a narrow help goes on in its own column, not back
    under the keys at the box's edge."""
    app = make_app()
    async with app.run_test(size=(60, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        start = next(n for n, line in enumerate(lines) if "│ /" in line)
        column = lines[start].index("filter as you type")
        assert "fetches ids" not in lines[start]  # the description does not fit: it wraps
        cont = lines[start + 1]
        edge = cont.index("│") + 2  # the box's border, then its padding
        assert cont[edge:column].strip() == "" and cont[column] != " ", lines[start:start + 2]


def test_every_key_of_the_help_is_in_the_readme_and_browse_help(home: Home) -> None:
    """The README's key table and `papers browse --help` name every key the ? help
    lists (t and n were missing from both)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("| `/` | filter as you type")
    table = readme[readme.rindex("| key | does |", 0, start):readme.index("\n\n", start)]
    usage = " ".join(run("browse", "--help").stdout.translate(str.maketrans("/(),", "    "))
                     .split())
    for key, _what in KEYS:
        for one in key.replace("↑ ↓", "").replace("PgUp PgDn", "").split():
            if len(one) == 1 and one.isalpha():
                assert f"`{one}`" in table, (one, table)
                assert f" {one} " in f" {usage} ", (one, usage)


async def palette(pilot: Any, words: str) -> str:
    """Ctrl-P, `words` typed into the command palette: the title of its first hit."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    for _ in range(50):  # (the palette gathers its hits in a worker)
        await pilot.pause(0.05)
        hits = pilot.app.screen.query_one(CommandList)
        if hits.option_count:
            break
    first = hits.get_option_at_index(0).prompt
    return str(first.plain if hasattr(first, "plain") else first).split("\n")[0]


async def test_the_command_palette_offers_the_browsers_keys_and_views(
        seeded_hub: HubServer, home: Home) -> None:
    """Ctrl-P (in the footer) finds the browser's own keys and views by name, each saying
    its key; it offered only Textual's Theme, Keys, Maximize, Quit and Screenshot, so "star"
    found nothing."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.selected == B
        assert await palette(pilot, "star or") == "Star or unstar (s)"
        await pilot.press("enter")
        await settle(pilot)
        assert starred_ids() == [B] and marks_of(app, B).startswith("★")
        assert await palette(pilot, "go to starred") == "Go to starred"
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == [B] and "Starred papers" in str(app.title_bar.render())
        await pilot.press("escape")  # back to the view the palette left, as from `l`
        await settle(pilot)
        assert len(listed(app)) == 10 and app.selected == B
        assert await palette(pilot, "week") == "Go to this week"  # (not "Next listing")
        await pilot.press("escape")
        assert await palette(pilot, "keys") == "Keys (?)"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_ctrl_c_quits_with_130(seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
    assert app.return_code == 130


@pytest.mark.parametrize(("key", "code"), [(b"q", 0), (b"\x03", 130)])
def test_quitting_while_the_hub_does_not_answer_is_at_once(
        seeded_hub: HubServer, home: Home, key: bytes, code: int) -> None:
    """On a real terminal, q (0) or Ctrl-C (130) while the first list is still fetched from
    a Hub that does not answer: the process ends at once (it left a blank terminal until
    the fetch timed out: the threads reading were waited for). The Hub answers only once
    the process is over; the terminal's deadline is the failure."""
    from hubserver import Fault

    answer = threading.Barrier(2, timeout=120)
    seeded_hub.state.faults.append(Fault("gather", barrier=answer))
    sent: list[bytes] = []

    def reply(screen: bytes) -> bytes | None:
        if not sent and b"loading" in screen:
            sent.append(key)
            return key
        return None

    try:
        ran = on_terminal(["browse", "--timeout", "600"], reply=reply, deadline=30)
    finally:
        answer.abort()
    assert sent and ran.code == code, ran.screen[-2000:]


def test_a_star_made_just_before_q_is_kept(seeded_hub: HubServer, home: Home) -> None:
    """On a real terminal, `j s q` typed at once: the star is in the reading list after the
    browser quits (it was lost: quitting cancelled the star's worker before it ran)."""
    assert run("today").exit_code == 0
    second = [i["paper"]["id"] for i in seed_items()][1]
    sent: list[bytes] = []

    def reply(screen: bytes) -> bytes | None:
        if not sent and b"LLaVA-Mini" in screen:  # (the first list is shown)
            sent.append(b"jsq")
            return b"jsq"
        return None

    ran = on_terminal(["browse", "--offline"], reply=reply, deadline=30)
    assert sent and ran.code == 0, ran.screen[-2000:]
    assert starred_ids() == [second]


# -- untrusted text -----------------------------------------------------------------------


async def test_markup_and_control_characters_in_papers_are_shown_literally(
        hub: HubServer, home: Home) -> None:
    item = copy.deepcopy(seed_items()[0])
    item["paper"]["title"] = "[bold red]Loud[/bold red] \x1b[2J title\x07"
    item["paper"]["summary"] = "An [link=http://evil]abstract[/link]\x1b]0;pwned\x07."
    item["paper"]["authors"] = [{"name": "[i]Ann[/i]\x1b[31m"}]
    hub.set_day(TODAY, [item])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = pane(app)
        assert "[bold red]Loud[/bold red]" in text
        assert "[link=http://evil]abstract[/link]" in text
        assert "[i]Ann[/i]" in text
        assert "\x1b" not in text and "\x07" not in text
        assert table(app).rows[0].title.startswith("[bold red]Loud[/bold red]")
        screen = screen_text(app)
        assert "[bold red]Loud" in screen and "\x1b" not in screen and "\x07" not in screen


# -- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("args, expected", [
    (["browse", "week", "bad"], "invalid week 'bad'"),
    (["browse", "day"], "browse day needs a DATE"),
    (["browse", "search"], "browse search needs a QUERY"),
    (["browse", "starred", "x"], "extra argument 'x' — did you mean -k x?"),
    (["browse", "yesterday"], "cannot browse 'yesterday'"),
    (["browse", "related"], "browse related needs an ID"),
    (["browse", "related", "2501.03895", "nonsense"], "not an id: 'nonsense'"),
    (["browse", "related", "2501.03895", "--sort", "new"], "related has no --sort"),
    (["browse", "--family", "NoSuchFamily"], "unknown family 'NoSuchFamily'"),
])
def test_bad_command_lines_are_usage_errors_before_the_screen(home: Home, args: list[str],
                                                              expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert expected in one_line(result.stderr)
    assert result.stdout == ""


_NEXT_WEEK = (TODAY + timedelta(days=7)).isocalendar()


@pytest.mark.parametrize("args", [
    ["day", (TODAY + timedelta(days=1)).isoformat()],
    ["week", f"{_NEXT_WEEK.year}-W{_NEXT_WEEK.week:02d}"],
    ["month", f"{TODAY.year + TODAY.month // 12}-{TODAY.month % 12 + 1:02d}"],
])
def test_a_period_in_the_future_is_a_usage_error_before_the_screen_as_the_listing(
        home: Home, args: list[str]) -> None:
    """`papers day TOMORROW` is a usage error; `browse day TOMORROW` took over the screen
    to say "not available" there."""
    listing = run(*args)
    assert listing.exit_code == 2 and "is in the future" in listing.stderr
    result = run("browse", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == one_line(listing.stderr)


@pytest.mark.parametrize("args", [["week", ""], ["month", " "], ["day", ""]])
def test_a_blank_period_is_the_listings_usage_error(home: Home, args: list[str]) -> None:
    """`browse week ""` was this week (and `browse day ""` said it needs a DATE) where
    `papers week ""` is a usage error naming the blank value: they agree now."""
    listing = run(*args)
    assert listing.exit_code == 2 and f"invalid {args[0]} {args[1]!r}" in one_line(
        listing.stderr).replace("DATE", "day")  # (`day` names its argument DATE)
    result = run("browse", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == one_line(listing.stderr)


@pytest.mark.parametrize("query", ["llava family:nosuch", "llava since:2025-13",
                                   "llava is:open", "since:2025-01 until:2024-01"])
def test_a_bad_qualifier_in_browse_search_is_searchs_usage_error_before_the_screen(
        home: Home, query: str) -> None:
    """`browse search "llava family:nosuch"` opened the screen saying "not available"
    and exited 0 after q, where `papers search` says the error, exit 2 (and `browse
    search llava --family nosuch` was a usage error already): the query's qualifiers are
    checked as the options are, before the screen, in search's words."""
    search = run("search", query, "--offline")
    assert search.exit_code == 2 and search.stderr.startswith("papers: error: ")
    result = run("browse", "search", query)
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == one_line(search.stderr)


def test_browse_outside_a_terminal_is_one_clear_error(home: Home) -> None:
    """In 80 columns, naming the command that prints the same list ("… — for a listing
    in a pipe or a file use papers today (or day, search, starred, new)" made 129), with
    its words when they fit."""
    result = run("browse")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line == "papers: error: papers browse needs a terminal — in a pipe, use papers today"
    assert result.stdout == ""
    line = one_line(run("browse", "search", "moe").stderr)
    assert line.endswith(" — in a pipe, use papers search moe") and len(line) <= 80, line
    line = one_line(run("browse", "related", "2401.01055", "2402.00077").stderr)
    assert line.endswith(" — in a pipe, use papers related") and len(line) <= 80, line


def test_browse_on_a_dumb_terminal_is_one_clear_error(home: Home) -> None:
    """TERM=dumb (an editor's shell buffer) cannot draw the app: it got a screenful of
    escapes it could not show; it is one line saying what to use instead."""
    from conftest import on_terminal

    run = on_terminal(["browse", "--offline"], env={"TERM": "dumb"}, deadline=20)
    shown = run.screen.decode().strip()
    assert run.code == 1, shown[-500:]
    assert "\x1b" not in shown
    assert "\n" not in shown  # one line of the 80 (it took three)
    assert shown == "papers: error: papers browse cannot draw with TERM=dumb — use papers today"


# -- snapshots ----------------------------------------------------------------------------


def snapshot_app(view: View | None = None) -> BrowseApp:
    return BrowseApp(Source(offline=True), view or View(), opener=Opener(),
                     fetch_details=False)


async def _settled(pilot: Any) -> None:
    await settle(pilot)


@pytest.fixture
def cached_days(seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today and yesterday in the library, one paper starred and read, for the snapshots;
    then the Hub's usual address (never reached: the snapshots run offline), so the links
    shown do not carry the loopback Hub's port."""
    for args in (("today",), ("day", "yesterday"), ("star", A), ("read", A)):
        assert run(*args).exit_code == 0
    monkeypatch.setenv("HF_ENDPOINT", "https://huggingface.co")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_main_screen(cached_days: None, snap_compare: Any,
                              size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=_settled,
                        press=["j", "j", "j"])


def test_snapshot_help_screen(cached_days: None, snap_compare: Any) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=_settled,
                        press=["question_mark"])


def test_snapshot_starred_wide(cached_days: None, snap_compare: Any) -> None:
    assert snap_compare(snapshot_app(View("starred")), terminal_size=(160, 48),
                        run_before=_settled)


# -- other views, colours -----------------------------------------------------------------


class SlowHub(Source):
    """The Hub's answer puts the library's first two papers last, once `go` is set:
    the list is painted twice, as `browse search` is when the Hub's results merge in."""

    def __init__(self, **kw: Any) -> None:
        import threading

        super().__init__(**kw)
        self.go = threading.Event()

    def load(self, view: View, *, cached_only: bool = False, **kw: Any) -> Any:
        loaded = super().load(view, cached_only=True, **kw)
        if cached_only:
            return loaded
        assert self.go.wait(10)
        return loaded._replace(papers=loaded.papers[2:] + loaded.papers[:2])


@pytest.mark.parametrize("moved", [False, True])
async def test_a_list_painted_again_keeps_the_top_unless_the_user_moved(
        yesterday_too: HubServer, moved: bool) -> None:
    """A view the user has not touched stays on its first paper when the fetched list
    replaces the library's (`browse search` jumped to #11); one they moved in keeps
    their paper, wherever it now is."""
    source = SlowHub()
    app = BrowseApp(source, View("search", "llava"), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.papers:
                break
        first = listed(app)
        assert len(first) >= 3 and app.loading and app.selected == first[0]
        if moved:
            await pilot.press("j")
        chosen = app.selected
        source.go.set()
        await settle(pilot)
        final = listed(app)
        assert chosen in final and final.index(chosen) != first.index(chosen)
        if moved:
            assert app.selected == chosen and table(app).cursor == final.index(chosen)
        else:
            assert table(app).cursor == 0 and app.selected == final[0]


async def test_search_and_starred_views_list_what_the_commands_list(
        seeded_hub: HubServer, home: Home) -> None:
    app = make_app(View("search", "llava"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = listed(app)
        assert "Search: llava" in str(app.title_bar.render())
    expected = run("search", "llava", "--json")
    assert shown and shown == [p["id"] for p in json.loads(expected.stdout)]
    assert run("star", A, B).exit_code == 0
    app = make_app(View("starred", sort="upvotes"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = listed(app)
    expected = run("starred", "--sort", "upvotes", "--json")
    assert shown == [p["id"] for p in json.loads(expected.stdout)] and sorted(shown) == [B, A]


async def test_no_color_and_a_light_background_are_respected(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    assert not app.no_color and app.theme != "textual-light"
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLORFGBG", "0;15")  # black on white
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        assert app.theme == "textual-light"
        # Textual paints through a monochrome filter: what reaches the terminal is grey.
        from textual.filter import Monochrome, NoColor

        assert any(isinstance(f, Monochrome | NoColor) for f in app._filters)


# -- for-you and hiding (papercli.ranking) ------------------------------------------------


async def test_for_you_ranks_like_papers_for_you_and_h_hides_as_papers_hide(
        seeded_hub: HubServer, home: Home) -> None:
    assert run("today").exit_code == 0
    assert run("day", "yesterday").exit_code == 0
    llava = [i["paper"]["id"] for i in seed_items() if "LLaVA" in i["paper"]["title"]]
    assert run("star", *llava[:3]).exit_code == 0  # enough positives for a model
    expected = run("for-you", "-n", "0", "--json")
    assert expected.exit_code == 0, expected.stderr
    ranked = [p["id"] for p in json.loads(expected.stdout)]
    assert len(ranked) >= 3
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == ranked
        assert "by relevance to your stars" in app.title_bar.tail  # (the title's, at 80)
        await pilot.press("h")  # hide the best: for-you leaves it out at once
        await settle(pilot)
        assert listed(app) == ranked[1:]
        assert app.selected == ranked[1]
    after = run("for-you", "-n", "0", "--json")
    assert ranked[0] not in [p["id"] for p in json.loads(after.stdout)]
    assert "unhid 1 paper" in run("unhide", ranked[0]).stderr


async def test_for_you_with_too_few_stars_says_to_press_s(
        seeded_hub: HubServer, home: Home) -> None:
    """for-you with nothing starred says what the command says, in the browser's terms:
    star with `s` (it said to run `papers star ID`)."""
    assert run("today").exit_code == 0
    said = run("for-you")
    assert said.exit_code == 0 and "with papers star ID" in said.stderr
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app)
        lines = told(app)
        assert sum(m.startswith("relevance needs 3") for m in lines) == 1, lines
        advice = [m for m in lines if "star papers you like" in m]
        assert len(advice) == 1, lines
        assert "papers star" not in advice[0] and "star papers you like with s " in advice[0]


def three_llava_stars() -> None:
    """Two days in the library and three LLaVA papers starred: a reading list, and a
    taste for-you can rank by."""
    assert run("today").exit_code == 0 and run("day", "yesterday").exit_code == 0
    llava = [i["paper"]["id"] for i in seed_items() if "LLaVA" in i["paper"]["title"]]
    assert run("star", *llava[:3]).exit_code == 0


async def test_a_paper_hidden_in_for_you_comes_back_with_browse_hidden(
        seeded_hub: HubServer, home: Home) -> None:
    """h in for-you takes the row away, so the message says how to undo it (`u`); `browse
    --hidden` (the listings' option) lists it again, marked ×, and h there unhides it."""
    three_llava_stars()
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ranked = listed(app)
        await pilot.press("h")
        await settle(pilot)
        assert listed(app) == ranked[1:]
        said = [n.message for n in app._notifications]
        assert said[-1] == f"hid {ranked[0]}: u brings it back", said
    browse = run("browse", "for-you", "--hidden")
    assert "no such option" not in browse.stderr and "needs a terminal" in browse.stderr
    app = make_app(View("for-you", hidden=True), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert ranked[0] in listed(app) and marks_of(app, ranked[0]) == "  ×"
        await pilot.press(*["j"] * listed(app).index(ranked[0]), "h")
        await settle(pilot)
        assert marks_of(app, ranked[0]) == "   "
        await pilot.press("h")  # hidden again: under --hidden the row stays, h undoes
        await settle(pilot)
        assert ranked[0] in listed(app) and marks_of(app, ranked[0]) == "  ×"
        assert "h again unhides it" in [n.message for n in app._notifications][-1]
    assert "unhid 1 paper" in run("unhide", ranked[0]).stderr


async def test_the_headings_counts_follow_the_marks(seeded_hub: HubServer,
                                                     home: Home) -> None:
    """The reading list's heading counts stars and unread papers, for-you's its papers:
    s, r and h change them at once (they stayed as first painted)."""
    three_llava_stars()
    app = make_app(View("starred"), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert "3 starred · 3 unread" in str(app.title_bar.render())
        first = listed(app)[0]
        await pilot.press("r")
        await settle(pilot)
        assert "3 starred · 2 unread" in str(app.title_bar.render())
        await pilot.press("s")  # unstar the paper just read
        await settle(pilot)
        assert "2 starred · 2 unread" in str(app.title_bar.render())
        assert len(listed(app)) == 3  # its row stays, to star it again
        await keys_then_filter(pilot, "slash", *first)  # a star given back meanwhile
        await pilot.press("enter", "s", "escape")
        await settle(pilot)
        assert "3 starred" in str(app.title_bar.render())
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        count = len(listed(app))
        assert f"{count} papers · " in str(app.title_bar.render())
        await pilot.press("h")
        await settle(pilot)
        heading = str(app.title_bar.render())
        assert f"{count - 1} papers · " in heading and f"{count} papers" not in heading


async def test_h_marks_a_listed_paper_hidden_and_again_unhides_it(
        seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert marks_of(app, B) == "  ×" and "× hidden" in pane(app)
        assert listed(app)[0] == B  # a listing still lists it, as `papers today` does
        assert "already hidden" in run("hide", B).stderr
        await pilot.press("h")
        await settle(pilot)
        assert marks_of(app, B) == "   "
    assert "was not hidden" in run("unhide", B).stderr


async def test_l_lists_the_papers_most_like_the_selected_one_and_escape_comes_back(
        yesterday_too: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j")  # the second paper of the day
        chosen = today[1]
        await pilot.press("l")
        await settle(pilot)
        # The list `papers related` gives, in its order, under its title and caption.
        same = run("related", chosen, "-n", "50", "--json")
        assert same.exit_code == 0, same.stderr
        alike = [p["id"] for p in json.loads(same.stdout)]
        assert listed(app) == alike and len(alike) >= 2 and chosen not in alike
        heading = f"{app.title_bar.head} · {app.title_bar.tail}"
        assert heading.startswith(f"Related to {chosen} · ") and "by similarity" in heading
        # From there, `l` again: papers like one of those; Esc walks back the same way,
        # each list with the paper that was selected on it.
        await pilot.press("j", "l")
        await settle(pilot)
        assert str(app.title_bar.render()).startswith(f"Related to {alike[1]} · ")
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == alike and app.selected == alike[1]
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and app.selected == chosen
        await pilot.press("escape")  # nothing left to go back to: the list stays
        await settle(pilot)
        assert listed(app) == today


class Counted(Source):
    """A source that counts the loads of each kind of view (cached_only or not)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.loads: list[tuple[str, bool]] = []

    def load(self, view: View, *, cached_only: bool = False, **kw: Any) -> Any:
        self.loads.append((view.kind, cached_only))
        return super().load(view, cached_only=cached_only, **kw)


async def test_l_ranks_the_library_once_when_the_paper_is_in_it(
        yesterday_too: HubServer, home: Home) -> None:
    """`l` online: the related list from the library is the list (ranked again for the
    network pass, it took as long again under "updating…" for the same papers)."""
    source = Counted()
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        assert app.view.kind == "related" and len(listed(app)) >= 2
        assert [k for k in source.loads if k[0] == "related"] == [("related", True)]
        assert "updating" not in str(app.title_bar.render())


async def test_escape_back_to_a_related_list_shows_it_again_without_ranking(
        yesterday_too: HubServer, home: Home) -> None:
    """Esc from the papers like a related paper back to the related list: the list as it
    was, at once (it was ranked again, as long as its `l` took), its paper selected, and
    with the marks as they are now (a paper hidden meanwhile is left out, as `l` does)."""
    source = Counted(offline=True)
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        alike = listed(app)
        assert len(alike) >= 3
        await pilot.press("j", "l")
        await settle(pilot)
        assert str(app.title_bar.render()).startswith(f"Related to {alike[1]} · ")
        assert run("hide", alike[2]).exit_code == 0  # (from a shell, meanwhile)
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == [alike[0], alike[1], *alike[3:]]
        assert app.selected == alike[1]
        assert [k for k, _ in source.loads].count("related") == 2


class StuckRelated(Source):
    """A source whose `related` lists come only once `done` is set (a first `l` over a
    large library)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.done = threading.Event()

    def load(self, view: View, *, cached_only: bool = False, **kw: Any) -> Any:
        if view.kind == "related":
            assert self.done.wait(60)
        return super().load(view, cached_only=cached_only, **kw)


async def test_escape_backs_out_of_a_view_that_does_not_come(
        seeded_hub: HubServer, home: Home) -> None:
    """`l` then Esc while the related list is still being made: back to the list at once,
    its paper selected, and its keys work (Esc waited with the other keys for the
    related list)."""
    assert run("today").exit_code == 0
    source = StuckRelated(offline=True)
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j", "l")
        assert app.loading and app.view.kind == "related"
        await pilot.press("escape", "j", "s")
        for _ in range(250):  # (not settle: the related list is still being made)
            if app.view.kind == "day" and not app.loading and today[2] in app.starred:
                break
            await pilot.pause(0.02)
        assert app.view.kind == "day" and listed(app) == today
        assert app.selected == today[2] and starred_ids() == [today[2]]
        source.done.set()  # the related list comes now, too late to be shown
        await settle(pilot)
        assert app.view.kind == "day" and listed(app) == today
        await pilot.press("q")
    assert app.return_code == 0


async def test_l_again_while_the_related_list_is_made_is_the_same_list(
        seeded_hub: HubServer, home: Home) -> None:
    """`l l` (the list slow to come on a large library): the papers like the selected one,
    once, and Esc back to the list `l` was pressed on (the second `l` waited as type-ahead
    and ranked the papers like the first of the related list)."""
    assert run("today").exit_code == 0
    source = StuckRelated(offline=True)
    app = BrowseApp(source, View(), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("j", "l")
        assert app.loading and app.view.kind == "related"
        await pilot.press("l")
        source.done.set()
        await settle(pilot)
        assert str(app.title_bar.render()).startswith(f"Related to {today[1]} · ")
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == today and app.selected == today[1]
        await pilot.press("q")
    assert app.return_code == 0


class WatchedRanking:
    """Stands in for `ranking.related`, around the real one: its first look at `stop`
    waits until the test has left the view (`left`), then every look is counted."""

    def __init__(self) -> None:
        from papercli import ranking

        self.real = ranking.related
        self.asked = threading.Event()  # the ranking has begun (its first look)
        self.left = threading.Event()  # the test has left the view
        self.ended = threading.Event()
        self.looks: list[bool] = []
        self.stopped = False

    def __call__(self, *args: Any, stop: Callable[[], bool] | None = None, **kw: Any) -> Any:
        from papercli import ranking

        def look() -> bool:
            self.asked.set()
            assert self.left.wait(60)
            self.looks.append(stop is not None and stop())
            return self.looks[-1]

        try:
            return self.real(*args, stop=look, **kw)
        except ranking.Stopped:
            self.stopped = True
            raise
        finally:
            self.ended.set()


@pytest.mark.parametrize("leave", ["escape", "q", "ctrl+c"])
async def test_leaving_a_related_list_being_ranked_stops_its_ranking(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch,
        leave: str) -> None:
    """`l`, then Esc (or q, Ctrl-C) before the list has come: the ranking gives up at its
    next look (it ran on to its end in a thread left behind, a core busy for a list
    that was to be dropped)."""
    from papercli import ranking

    assert run("today").exit_code == 0 and run("day", "yesterday").exit_code == 0
    watched = WatchedRanking()
    monkeypatch.setattr(ranking, "related", watched)
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        await pilot.press("l")
        for _ in range(500):  # (not settle: the ranking waits for the test)
            if watched.asked.is_set():
                break
            await pilot.pause(0.02)
        assert watched.asked.is_set() and app.loading
        await pilot.press(leave)
        if leave == "escape":  # back at once (the ranking is still waiting: not settle)
            for _ in range(500):
                if app.view.kind == "day" and not app.loading:
                    break
                await pilot.pause(0.02)
            assert app.view.kind == "day" and listed(app) == today
        watched.left.set()
        assert watched.ended.wait(60)
    assert watched.stopped and watched.looks == [True]  # stopped at its first look


async def test_related_leaves_a_paper_hidden_there_out_at_once(
        seeded_hub: HubServer, home: Home) -> None:
    assert run("today").exit_code == 0 and run("day", "yesterday").exit_code == 0
    llava = [i["paper"]["id"] for i in seed_items() if "LLaVA" in i["paper"]["title"]]
    given = llava[:2]
    app = make_app(View("related", " ".join(given)), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        both = json.loads(run("related", *given, "-n", "50", "--json").stdout)
        alike = [p["id"] for p in both]
        assert listed(app) == alike and len(alike) >= 2
        await pilot.press("h")
        await settle(pilot)
        assert listed(app) == alike[1:]  # as `papers related` leaves hidden papers out
    assert alike[0] not in [p["id"] for p in json.loads(
        run("related", *given, "-n", "50", "--json").stdout)]


def test_browse_related_takes_ids_as_papers_related_does() -> None:
    from papercli.tui.source import check_view

    view = check_view(View("related", f"arxiv:{A} https://arxiv.org/abs/{B} {A}"))
    assert view.arg == f"{A} {B}"


@pytest.mark.parametrize("kind", [("for-you",), ("related", "2501.03895")])
def test_for_you_takes_no_sort(home: Home, kind: tuple[str, ...]) -> None:
    """Said as the command line says it: "for-you is ordered by relevance; --sort does
    not apply — drop --sort" beside "for-you has no --sort: it ranks by your taste —
    leave --sort out" for the same mistake."""
    result = run("browse", *kind, "--sort", "upvotes")
    assert result.exit_code == 2
    assert one_line(result.stderr) == one_line(run(*kind, "--sort", "upvotes").stderr)
    assert one_line(result.stderr).endswith("has no --sort: it ranks by " + (
        "your taste" if kind[0] == "for-you" else "likeness") + " — leave --sort out")


async def test_a_new_view_ends_the_filter(seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"llava", "enter")
        assert app.filter_box.has_class("shown")
        await pilot.press("left_square_bracket")  # yesterday, unfiltered
        await settle(pilot)
        assert not app.filter_box.has_class("shown") and app.filter_box.value == ""
        assert listed(app) == [i["paper"]["id"] for i in seed_items()[10:]]


def _on_a_terminal(args: list[str], until: bytes, keys: bytes) -> tuple[int, bytes]:
    """Run the installed `papers ARGS` on an 80x24 terminal (stdin, stdout and stderr,
    where Textual draws), wait until the screen shows `until`, type `keys`; returns (exit
    code, everything written to the terminal)."""
    import re

    from conftest import on_terminal

    sent = False

    def reply(screen: bytes) -> bytes | None:
        nonlocal sent
        plain = re.sub(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]", b"", screen)
        if sent or until not in plain:
            return None
        sent = True
        return keys

    run = on_terminal(args, reply=reply)
    assert sent, run.screen[-2000:]
    return run.code, run.screen


def shown(screen: bytes) -> bytes:
    """What a terminal shows of `screen`, near enough: its escape sequences taken out."""
    return re.sub(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b[()][A-Z0-9]", b"", screen)


def words(screen: bytes) -> bytes:
    """The words a terminal showed, in order, one space apart: a notification wrapped over
    lines reads as one sentence."""
    return b" ".join(re.sub(rb"[^\x20-\x7e]+", b" ", shown(screen)).split())


def typing(*steps: tuple[bytes, bytes]) -> Callable[[bytes], bytes | None]:
    """A reply for `on_terminal` that types each step's keys once the terminal has shown
    its text (escapes left out) since the keys before were typed."""
    todo, start = list(steps), 0

    def reply(screen: bytes) -> bytes | None:
        nonlocal start
        plain = shown(screen[start:])
        if not todo or todo[0][0] not in plain:
            return None
        start = len(screen)
        return todo.pop(0)[1]

    reply.todo = todo  # type: ignore[attr-defined]
    return reply


def test_a_text_browser_is_handed_the_terminal_and_gives_it_back(
        seeded_hub: HubServer, home: Home, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """o with a browser that draws in the terminal (w3m, lynx: what a server without a
    display has): the app hands it the screen, as to the editor, and takes it back when
    it ends; both drew on the screen at once and the keys meant for it ran the app's
    (h hid a paper, l opened related)."""
    assert run("today").exit_code == 0
    log = tmp_path / "w3m.log"
    w3m = tmp_path / "w3m"
    w3m.write_text(f'#!/bin/sh\nprintf "W3M SHOWING %s\\n" "$1"\nread line\n'
                   f'printf "%s %s\\n" "$1" "$line" >> "{log}"\n', encoding="utf-8")
    w3m.chmod(w3m.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("BROWSER", str(w3m))
    reply = typing((b"LLaMA Beyond English", b"o"), (b"W3M SHOWING", b"hello\r"),
                   (b"opened", b"q"))
    ran = on_terminal(["browse", "--offline"], reply=reply, deadline=30)
    assert not reply.todo, ran.screen[-2000:]  # type: ignore[attr-defined]
    assert ran.code == 0
    handed, _, back = ran.screen.partition(b"W3M SHOWING")
    assert handed.rfind(b"\x1b[?1049l") > handed.rfind(b"\x1b[?1049h")  # off the app's screen
    assert b"\x1b[?1049h" in back  # and back on it
    listing = [p["id"] for p in json.loads(run("today", "--offline", "--json").stdout)]
    assert log.read_text(encoding="utf-8") == f"{seeded_hub.url}/papers/{listing[0]} hello\n"
    assert len(listing) == 10  # the keys typed into the browser hid nothing


def _after_the_app(screen: bytes) -> bytes:
    """What was written once the app had left the alternate screen."""
    return screen.rpartition(b"\x1b[?1049l")[2]


def test_the_command_on_a_terminal_survives_an_empty_library_and_q_quits(home: Home) -> None:
    code, screen = _on_a_terminal(["browse", "--offline"], b"not available", b"q")
    assert code == 0, screen[-2000:]
    assert b"papers:" not in _after_the_app(screen)


def test_the_command_on_a_terminal_quits_with_130_on_ctrl_c(seeded_hub: HubServer,
                                                             home: Home) -> None:
    """Ctrl-C is a way to quit the browser (README): it said "papers: error:
    interrupted" under the shell's prompt; now exit 130 alone."""
    code, screen = _on_a_terminal(["browse"], b"LLaMA Beyond English", b"\x03")
    assert code == 130
    assert b"papers:" not in _after_the_app(screen), _after_the_app(screen)
    assert b"Traceback" not in screen


def test_a_sigint_from_outside_quits_with_130_as_ctrl_c_does(seeded_hub: HubServer,
                                                             home: Home) -> None:
    """`kill -INT` (not a key: the terminal is raw) ended the browser with 0, as if q had
    been typed; now it is Ctrl-C's 130, with no error line either."""
    import os
    import signal

    pids: list[int] = []
    sent: list[bool] = []

    def reply(screen: bytes) -> bytes | None:
        if not sent and b"LLaMA Beyond English" in shown(screen):
            sent.append(True)
            os.kill(pids[0], signal.SIGINT)
        return None

    ran = on_terminal(["browse"], reply=reply, started=pids.append, deadline=30)
    assert sent, ran.screen[-2000:]
    assert ran.code == 130, ran.screen[-2000:]
    assert b"papers:" not in _after_the_app(ran.screen), _after_the_app(ran.screen)
    assert b"Traceback" not in ran.screen


async def test_a_bug_in_the_app_is_kept_for_the_command_line(seeded_hub: HubServer,
                                                             home: Home) -> None:
    class Broken(Source):
        def bibtex(self, paper: Any) -> str:
            raise RuntimeError("a bug")

    app = BrowseApp(Broken(), View(), opener=Opener(), fetch_details=False)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("Y")
    assert isinstance(app.failure, RuntimeError)
    assert app.return_code == 1


async def test_a_panic_below_is_an_error_notification_not_a_list_loading_forever(
        library: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """pyo3 raises a panic of the index library as a BaseException: the load worker shows
    it as it shows any failure (it used to leave the list loading, said nowhere)."""
    from test_show_import_cache import tantivy_panic

    panic = type(tantivy_panic(tmp_path))

    def load(self: Source, view: View, **_: Any) -> Any:
        raise panic("index out of bounds")

    monkeypatch.setattr(Source, "load", load)
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == ["unexpected PanicException: index out of bounds"], errors
        assert not app.loading
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("width", [104, 112, 120, 128, 140])
async def test_the_pane_never_breaks_a_fact_from_its_value(seeded_hub: HubServer, home: Home,
                                                          width: int) -> None:
    """The pane's facts line ("arXiv 2025-01-07 · Daily Papers 2026-11-25 · ▲ 4"), at any
    width: a fact that does not fit starts the next line whole (at 120 columns "listed"
    ended one line and its date began the next)."""
    assert run("today").exit_code == 0
    assert run("star", A).exit_code == 0  # (a read paper is not where the list starts)
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * listed(app).index(A))
        await settle(pilot)
        assert app.selected == A
        lines = [line.split("│")[-1].strip() for line in screen_text(app).splitlines()]
        text = "\n".join(lines)
        paper = next(i["paper"] for i in seed_items() if i["paper"]["id"] == A)
        for fact in (A, f"arXiv {paper['publishedAt'][:10]}", "Daily Papers 2026-11-25",
                     f"▲ {paper['upvotes']}", f"★ starred {TODAY}"):
            assert fact in text, (width, fact, text)


def panel_line(stdout: str, starts: str) -> list[str]:
    """The facts of `show`'s panel line that starts with `starts`, as it spaces them."""
    for line in stdout.splitlines():
        inside = line.strip("│ ")
        if inside.startswith(starts):
            return inside.split("   ")
    raise AssertionError(f"no line starting {starts!r} in\n{stdout}")


async def test_the_pane_says_dates_counts_and_marks_in_shows_words(hub: HubServer,
                                                                   home: Home) -> None:
    """The pane's line of dates and counts and its line of your marks are `papers show`'s,
    laid out as the pane lays them ("arXiv 2026-08-20 · Daily Papers 2026-08-21 · ▲ 163 ·
    comments 1" under the id; "★ starred 2026-08-21 · ✓ read 2026-08-21"): it said
    "published … · listed … · 1 comment" and "★ starred · ✓ read", without their days. A
    mark made in the browser shows its day once written, as show then says it. A paper
    withdrawn from arXiv is said so, as show says it (the pane did not say it)."""
    item = copy.deepcopy(seed_items()[0])
    pid = item["paper"]["id"]
    item["numComments"] = 3
    item["paper"]["submittedOnDailyAt"] = f"{TODAY}T08:00:00.000Z"  # (listed after arXiv)
    item["paper"]["withdrawnAt"] = "2026-11-24T10:00:00.000Z"
    hub.set_day(TODAY, [item])
    assert run("today").exit_code == 0
    assert run("star", pid).exit_code == 0
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.selected == pid
        await pilot.press("r")
        await settle(pilot)
        lines = pane(app).splitlines()
    shown = run("show", pid, "--offline")
    assert shown.exit_code == 0, shown.stderr
    dates = panel_line(shown.stdout, "arXiv ")
    assert dates == [f"arXiv {item['paper']['publishedAt'][:10]}", f"Daily Papers {TODAY}",
                     f"▲ {item['paper']['upvotes']}", "comments 3"], dates
    marks = panel_line(shown.stdout, "★ starred")
    assert marks == [f"★ starred {TODAY}", f"✓ read {TODAY}"], marks
    assert " · ".join([pid, *dates]) in lines, lines
    assert " · ".join(marks) in lines, lines
    assert "Withdrawn from arXiv on 2026-11-24" in shown.stdout, shown.stdout
    assert "Withdrawn: from arXiv on 2026-11-24" in lines, lines


# -- type-ahead ---------------------------------------------------------------------------


async def test_keys_typed_before_the_first_list_is_shown_act_on_it(seeded_hub: HubServer,
                                                                   home: Home) -> None:
    """`papers browse`, then at once `j j s`: the keys wait for the list (the Hub holds its
    answer until the keys are in) and star the third paper, as a shell's type-ahead."""
    from hubserver import Fault

    answer = threading.Barrier(2, timeout=30)
    seeded_hub.state.faults.append(Fault("gather", barrier=answer))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "s")
        assert app.papers == []  # typed before anything was shown
        await asyncio.to_thread(answer.wait)  # the Hub answers now
        await settle(pilot)
        third = [i["paper"]["id"] for i in seed_items()][2]
        assert app.selected == third
        assert starred_ids() == [third]



async def test_keys_typed_while_a_later_view_loads_wait_for_it_and_act_on_it(
        seeded_hub: HubServer, home: Home) -> None:
    """`[` to a day the library lacks, then at once `j j s`: the keys wait for that day's
    list (the old one stays on screen, dimmed, under the new day's "loading…") and star
    its third paper (before: they moved in the old list and starred its third paper, a
    paper of the day the user had just left, then the new list came at its top); a `/`
    typed then filters once the day is shown; q still quits at once."""
    from hubserver import Fault

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = listed(app)
        answer = threading.Barrier(2, timeout=30)
        seeded_hub.state.faults.append(Fault("gather", barrier=answer))
        await pilot.press("left_square_bracket", "j", "j", "s")
        assert app.loading and listed(app) == today and app.selected == today[0]
        for _ in range(100):  # dimmed once a cached list would have come
            if table(app).has_class("-waiting"):
                break
            await pilot.pause(WAIT_DIM_DELAY / 5)
        assert table(app).has_class("-waiting")  # (not live: its rows are the old day's)
        await asyncio.to_thread(answer.wait)  # the Hub answers now
        await settle(pilot)
        yesterday = listed(app)
        assert yesterday and not set(yesterday) & set(today)
        assert app.selected == yesterday[2] and starred_ids() == [yesterday[2]]
        assert not table(app).has_class("-waiting")
        answer = threading.Barrier(2, timeout=30)
        seeded_hub.state.faults.append(Fault("gather", barrier=answer))
        await pilot.press("left_square_bracket", "slash", *"llava")
        assert not app.filter_box.has_class("shown")  # waiting with the rest
        await asyncio.to_thread(answer.wait)
        await settle(pilot)  # the day is shown: the keys held for it are handled now
        await keys_then_filter(pilot)
        assert app.filter_box.value == "llava" and app.shown and app.shown.view.kind == "filter"
        assert app.base is not None and app.base.view.arg == (TODAY - timedelta(days=2)).isoformat()
        assert not app.loading  # (the day's load finished before the filter began)
        answer = threading.Barrier(2, timeout=30)
        seeded_hub.state.faults.append(Fault("gather", barrier=answer))
        await pilot.press("escape", "left_square_bracket", "j", "q")
        answer.abort()  # (the Hub's answer never comes: q did not wait for it)
    assert app.return_code == 0


async def burst(pilot: Any, text: str) -> None:
    """`text` typed in one burst, as a terminal delivers a fast typist's keys or tmux's
    send-keys: all queued before the app handles the first (`pilot.press` waits between
    keys)."""
    from textual import events

    names = {"/": "slash", "\r": "enter", "\x1b": "escape", " ": "space"}
    for char in text:
        pilot.app.post_message(events.Key(names.get(char, char),
                                          char if char.isprintable() else None))
    await pilot.pause(FILTER_DELAY * 2)
    await settle(pilot)


async def test_slash_and_a_word_in_one_burst_filter_for_the_word(
        yesterday_too: HubServer, home: Home) -> None:
    """"/llava" typed at once: the box has the focus before `l` is routed (it ran `l`,
    the papers like this one, and `a`, open arXiv, and filtered for "va"); a `/` typed
    in the box is a character (a URL), not the filter key again."""
    opener = Opener()
    app = make_app(opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "/llava")
        await settle(pilot)  # (the filter's search, run once the burst is typed)
        assert app.filter_box.value == "llava" and app.shown and app.shown.view.kind == "filter"
        assert opener.urls == [] and not app.trail
        hits = run("search", "llava", "--offline", "--json", "-n", "0")
        assert sorted(listed(app)) == sorted(p["id"] for p in json.loads(hits.stdout))
        await burst(pilot, " a/b")
        assert app.filter_box.value == "llava a/b"


async def test_enter_or_esc_then_keys_in_one_burst_are_the_lists(
        yesterday_too: HubServer, home: Home) -> None:
    """"/llava⏎js": Enter gives the list the focus before `j` and `s` are routed (they
    were typed into the box: a filter for "llavajs"), and they wait for the filter's
    list (Enter came before the filter ran); Esc likewise gives the list its keys."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "/llava\rjs")
        assert app.filter_box.value == "llava" and app.focused is table(app)
        hits = run("search", "llava", "--offline", "--json", "-n", "0")
        assert sorted(listed(app)) == sorted(p["id"] for p in json.loads(hits.stdout))
        assert len(listed(app)) > 1 and starred_ids() == [listed(app)[1]]
        await burst(pilot, "/\x1bj")
        assert app.focused is table(app) and not app.filter_box.has_class("shown")
        assert app.filter_box.value == "" and app.selected == listed(app)[1]


async def test_a_burst_typed_before_the_first_list_reaches_the_filter_box(
        seeded_hub: HubServer, home: Home) -> None:
    """`papers browse`, then at once "/llava": held until the list is shown, then the
    whole word is the filter's."""
    from hubserver import Fault

    answer = threading.Barrier(2, timeout=30)
    seeded_hub.state.faults.append(Fault("gather", barrier=answer))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"llava")
        await asyncio.to_thread(answer.wait)
        await settle(pilot)
        await pilot.pause(FILTER_DELAY * 2)
        await settle(pilot)
        assert app.filter_box.value == "llava" and app.shown and app.shown.view.kind == "filter"


def process_state(pid: int) -> str:
    """A process's state letter from /proc ("T": stopped, as by Ctrl-Z)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat_file:
        return stat_file.read().rpartition(")")[2].split()[0]


def test_ctrl_z_suspends_to_the_shell_and_fg_draws_the_whole_screen_again(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-Z (a key: the terminal is raw) did nothing, where every terminal program stops
    and gives the shell back its screen; now the app leaves its screen, the terminal is
    cooked again while it is stopped, and `fg` (SIGCONT) draws all of it again, not only
    what changed meanwhile (the shell's lines stayed under a blank screen)."""
    import functools
    import os
    import pty
    import signal
    import subprocess
    import termios
    import time

    masters: list[int] = []
    opened = os.openpty

    def openpty() -> tuple[int, int]:  # the terminal's end, to read its modes
        pair = opened()
        masters.append(pair[0])
        return pair

    monkeypatch.setattr(pty, "openpty", openpty)
    # A job of its own, as a shell with job control starts it (the test is the shell).
    monkeypatch.setattr(subprocess, "Popen", functools.partial(subprocess.Popen,
                                                               process_group=0))
    pids: list[int] = []
    cooked: list[bool] = []
    steps: list[str] = []

    def reply(screen: bytes) -> bytes | None:
        if not steps and b"LLaMA Beyond English" in shown(screen):
            steps.append("typed")
            return b"\x1a"
        if steps == ["typed"] and b"\x1b[?1049l" in screen:
            deadline = time.monotonic() + 20  # (a safety net, not a measurement)
            while process_state(pids[0]) != "T" and time.monotonic() < deadline:
                time.sleep(0.01)
            lflag = termios.tcgetattr(masters[0])[3]
            cooked.append(process_state(pids[0]) == "T" and bool(lflag & termios.ICANON)
                          and bool(lflag & termios.ECHO))
            steps.append("stopped")
            os.kill(pids[0], signal.SIGCONT)  # what `fg` sends
            return None
        if steps == ["typed", "stopped"]:
            back = shown(screen.rpartition(b"\x1b[?1049h")[2])
            if b"Daily Papers" in back and b"Quit" in back and b"LLaMA Beyond" in back:
                steps.append("back")
                return b"q"
        return None

    ran = on_terminal(["browse"], reply=reply, started=pids.append, deadline=40)
    assert steps == ["typed", "stopped", "back"], (steps, ran.screen[-2000:])
    assert cooked == [True]
    assert ran.code == 0
    assert b"Traceback" not in ran.screen


def test_ctrl_z_run_from_a_script_stops_the_script_too_and_fg_brings_both_back(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers browse` run by a script that does not `exec` it (a wrapper, an alias
    script): Ctrl-Z stopped the browser alone, the script went on waiting for it, so the
    shell never got the terminal back (a blank screen, no prompt). Now the whole job stops,
    and `fg` (SIGCONT to the job) brings the browser back drawn whole."""
    import os
    import signal
    import subprocess
    import time

    popen = subprocess.Popen

    def in_a_script(argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        # (`; :` after it: the shell runs papers as its child, not in its own place)
        return popen(["/bin/sh", "-c", '"$0" "$@"; :', *argv], process_group=0, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", in_a_script)
    pids: list[int] = []
    steps: list[str] = []

    def reply(screen: bytes) -> bytes | None:
        if not steps and b"LLaMA Beyond English" in shown(screen):
            steps.append("typed")
            return b"\x1a"
        if steps == ["typed"] and b"\x1b[?1049l" in screen:
            deadline = time.monotonic() + 10  # (a safety net, not a measurement)
            while process_state(pids[0]) != "T" and time.monotonic() < deadline:
                time.sleep(0.01)
            steps.append(f"script {process_state(pids[0])}")
            os.killpg(pids[0], signal.SIGCONT)  # what `fg` sends: to the whole job
            return None
        if len(steps) == 2:
            back = shown(screen.rpartition(b"\x1b[?1049h")[2])
            if b"Daily Papers" in back and b"Quit" in back and b"LLaMA Beyond" in back:
                steps.append("back")
                return b"q"
        return None

    ran = on_terminal(["browse"], reply=reply, started=pids.append, deadline=40)
    assert steps == ["typed", "script T", "back"], (steps, ran.screen[-2000:])
    assert ran.code == 0
    assert b"Traceback" not in ran.screen


def test_ctrl_z_with_no_shell_to_come_back_to_says_so_and_goes_on(
        seeded_hub: HubServer, home: Home) -> None:
    """Run as the session's own command (a terminal's -e, a tmux window's, ssh host
    papers browse), nothing would ever continue a stopped browser: Ctrl-Z froze it for
    good. It says why instead, and the keys go on working."""
    steps = typing((b"LLaMA Beyond English", b"\x1a"), (b"no shell started", b"q"))
    ran = on_terminal(["browse"], reply=steps, controlling=True, deadline=40)
    assert not steps.todo, ran.screen[-2000:]  # type: ignore[attr-defined]
    assert ran.code == 0
    assert b"Traceback" not in ran.screen
