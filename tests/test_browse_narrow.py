"""papers browse at 80 columns, as a new user first meets it: what the heading keeps,
driven through Textual's own harness against a real library and the loopback Hub (as
tests/test_browse.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from arxivserver import ArxivServer
from conftest import TODAY, Home, run
from hubserver import HubServer
from papercli.filters import FilterOptions
from papercli.tui.source import View
from papercli.tui.widgets import DATE_W, TITLE_FIRST, Widest, column_widths
from test_arxiv_cli import _hub_item, announce
from test_browse import (
    B,
    Opener,
    keys_then_filter,
    make_app,
    pane,
    screen_text,
    settle,
    table,
    three_llava_stars,
)


@pytest.mark.parametrize("kind", ["today", "for-you"])
async def test_the_heading_at_80_columns_keeps_the_title_whole_before_the_notes(
        seeded_hub: HubServer, home: Home, kind: str) -> None:
    """Today with nothing listed yet, and for-you, have titles that end in the day they
    name ("(latest; nothing yet for 2026-11-25)", "listings of 2026-11-19 – 2026-11-25"):
    at 80 columns the title was cut mid-date ("for 20…", "– 2…") to keep the caption's
    notes ("fetched now", "by relevance to your stars"). The notes go first; the count
    stays."""
    if kind == "today":
        seeded_hub.set_day(TODAY, [])  # (a morning before the day's first paper)
    else:
        three_llava_stars()
    app = make_app(View(kind), offline=kind != "today")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        head, tail = app.title_bar.head, app.title_bar.tail
        count = tail.split(" · ")[0]
        assert len(f" {head} · {tail}") > 80 and len(f" {head} · {count}") <= 80, (head, tail)
        top = screen_text(app).splitlines()[0].strip()
        assert top == f"{head} · {count}", top
        assert top.endswith(("2026-11-25) · " + count, "2026-11-25 · " + count)), top
    app = make_app(View(kind), offline=kind != "today")
    async with app.run_test(size=(120, 24)) as pilot:  # room for it all: all of it
        await settle(pilot)
        assert app.title_bar.head == head  # (today's notes: "cached just now" now)
        top = screen_text(app).splitlines()[0].strip()
        assert top == f"{head} · {app.title_bar.tail}" and top.count(" · ") >= 2, top


async def test_a_title_too_long_even_so_is_cut_between_words_once_the_notes_went(
        seeded_hub: HubServer, home: Home) -> None:
    """A title that cannot be whole at 80 columns (a long search) is cut after a whole
    word, not inside one ("instruc…"), and only once the notes went: they were kept
    and the title cut for them ("Related to ID · LLaVA-Critic-R1… · 50 of 740 papers ·
    by similarity"). The count stays."""
    assert run("today").exit_code == 0
    query = "llava visual instruction tuning for large language and vision assistants"
    for width in (80, 82):  # (at 82 "vision" ends at the edge: it was cut all the same)
        app = make_app(View("search", query), offline=True)
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot)
            head, tail = app.title_bar.head, app.title_bar.tail
            count, notes = tail.split(" · ", 1)
            top = screen_text(app).splitlines()[0].strip()
            assert top.endswith(f"… · {count}") and notes not in top, top
            assert len(top) <= width - 2, top
            cut = top.removesuffix(f"… · {count}")
            assert head.startswith(cut) and head[len(cut)] == " ", (cut, head)
            after = head[len(cut):].split()[0]  # (the next word did not fit)
            assert len(f"{cut} {after}… · {count}") > width - 2, (cut, after)


async def test_the_filters_in_a_heading_give_way_after_the_notes(
        seeded_hub: HubServer, home: Home) -> None:
    """A search with filters at 80 columns: the filters in its title were cut to keep
    the caption's notes ("Search: model · family… · 175 papers · 0 from the Hub, 175 in
    the library"), the opposite of what the README says."""
    assert run("today").exit_code == 0
    flt = FilterOptions(family=["LLaVA", "LLaMA"], since="2020-01", until="2026-12",
                        min_upvotes=1)
    app = make_app(View("search", "language", flt), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        head, tail = app.title_bar.head, app.title_bar.tail
        count, notes = tail.split(" · ", 1)
        assert len(f" {head} · {count}") > 80, head  # (cut all the same)
        top = screen_text(app).splitlines()[0].strip()
        assert top.endswith(f"… · {count}") and notes not in top and len(top) <= 78, top
        assert "since 2020-01-01" in top and head.startswith(top[:-len(count) - 4]), top


@pytest.mark.parametrize("width", [60, 50])
async def test_a_qualifier_being_typed_keeps_the_count_in_a_narrow_heading(
        seeded_hub: HubServer, home: Home, width: int) -> None:
    """At 60 columns `/` then `since:` said the forms a date takes before the count, and
    the line was cut at its end, the count with it ("Daily Papers — 2026-11-25 · since:
    give one, or leave it …"). The count stays: the title, then what is said, give way."""
    assert run("today").exit_code == 0
    app = make_app(offline=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"since:")
        tail = app.title_bar.tail
        said, count = tail.split(" · ")[:2]
        assert said.startswith("since: ") and count[0].isdigit(), tail
        top = screen_text(app).splitlines()[0].strip()
        assert top.endswith(f" · {count}") and "since: " in top and "…" in top, top
        assert top.startswith(app.title_bar.head[:8]) and len(top) <= width - 2, top


@pytest.mark.parametrize(("kind", "arg", "said"), [
    ("day", "2026-11-23", "nothing was listed on 2026-11-23"),
    ("week", "2026-W40", "nothing was listed in 2026-W40")])
async def test_a_period_listed_empty_says_so_as_the_command_does(
        seeded_hub: HubServer, home: Home, kind: str, arg: str, said: str) -> None:
    """A weekday (a week) the Hub listed nothing on: the pane said "Nothing to show.",
    where `papers day` says on stderr that nothing was listed that day."""
    seeded_hub.set_day(arg if kind == "day" else "2026-09-28", [])
    command = run(kind, arg)
    assert command.exit_code == 0 and said in command.stderr, command.stderr
    app = make_app(View(kind, arg))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.papers == [] and "0 papers" in app.title_bar.tail
        assert said in pane(app) and "Nothing to show" not in screen_text(app)


async def test_the_family_chooser_marks_only_the_families_chosen(
        seeded_hub: HubServer, home: Home) -> None:
    """Each family's box shows an X only when it is chosen: every box showed one, chosen
    or not, the state told by the X's colour alone (NO_COLOR: two greys)."""
    from textual.widgets import SelectionList

    assert run("day", "yesterday").exit_code == 0
    app = make_app(View(filters=FilterOptions(family=["LLaVA"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

        def boxes() -> dict[str, str]:
            found = {}
            for line in screen_text(app).splitlines():
                box = re.search(r"▐(.)▌ ([^:]+):", line)
                if box:
                    found[box.group(2)] = box.group(1)
            return found

        shown = boxes()
        assert len(shown) > 3 and shown.pop("LLaVA") == "X", shown
        assert set(shown.values()) == {" "}, shown
        await pilot.press("down", "space")  # (the first is LLaVA: the list's own first)
        await settle(pilot)
        chosen = app.screen.query_one(SelectionList).selected
        assert len(chosen) == 2 and "LLaVA" in chosen
        assert sorted(f for f, box in boxes().items() if box == "X") == sorted(chosen)


@pytest.mark.parametrize(("key", "footer"), [
    ("f", "⏎ Apply  esc Cancel"), ("question_mark", "esc Close"), ("T", "esc Cancel")])
async def test_a_dialog_shows_its_own_keys_in_the_footer(
        seeded_hub: HubServer, home: Home, key: str, footer: str) -> None:
    """The families, the help and the tags: the footer under them offered the list's
    keys ("s Star  r Read  o HF…"), which do nothing while they are open."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert len(app.screen_stack) == 2
        bottom = screen_text(app).splitlines()[-1]
        assert bottom.strip() == footer, bottom
        await pilot.press("s")  # (typed in the tags' line; nothing elsewhere)
        await settle(pilot)
        assert not app.starred


def _columns(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """A table's header words and each row's second cell by its rank (the lines after
    the header that start with a rank, not the command's "2 papers" under them)."""
    at = next(n for n, line in enumerate(lines) if line.split()[:1] == ["#"])
    rows = {cells[0]: cells[1] for line in lines[at + 1:]
            if len(cells := line.split()) > 1 and cells[0].isdigit()
            and cells[1] not in ("paper", "papers")}
    return lines[at].split(), rows


@pytest.mark.parametrize("size", [(80, 24), (160, 40)])
async def test_an_announcement_lists_the_arxiv_date_where_the_command_does_not_upvotes(
        hub: HubServer, home: Home, arx: ArxivServer, size: tuple[int, int]) -> None:
    """`browse arxiv` headed a ▲ column of — (the Hub has listed none of an announcement
    alone) where `papers arxiv` has none and shows each paper's arXiv date: the list
    has the command's columns, by the command's rule; once the Hub lists one of them,
    both have ▲ (its cells "—" for the others) and no date."""
    announce(arx)
    for hub_listed in (False, True):
        if hub_listed:
            hub.set_day(TODAY, [_hub_item("2312.09004")])
            assert run("today", "-q").exit_code == 0
        listing = run("arxiv", "cs.CL")
        assert listing.exit_code == 0, listing.stderr
        head, cells = _columns(listing.stdout.splitlines())
        assert head[:2] == (["#", "▲"] if hub_listed else ["#", "arXiv"]), head
        app = make_app(View("arxiv", "cs.CL"))
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            shown = [line.split("│")[0] for line in screen_text(app).splitlines()[1:]]
        got_head, got = _columns(shown)
        assert got_head[:2] == head[:2] and "Title" in got_head, shown
        # (the two in cs.CL; the day arXiv announced one marked as the command marks it)
        assert got == cells and len(got) == 2, (got, cells)
        dates = {v for v in got.values() if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\*?", v)}
        assert (set(got.values()) == {"42", "—"}) if hub_listed else bool(dates), got


async def test_a_narrow_list_gives_the_arxiv_date_up_before_the_title(
        home: Home, arx: ArxivServer) -> None:
    """At 44 columns the date left a title 22 cells ("A new cs.CL paper" fit, most
    titles were cut to a few words): it gives way, as in the command's narrow table,
    and the titles have the row."""
    announce(arx)
    app = make_app(View("arxiv", "cs.CL"))
    async with app.run_test(size=(44, 24)) as pilot:
        await settle(pilot)
        head, rows = _columns(screen_text(app).splitlines()[1:])
        width = table(app).scrollable_content_region.width
    assert head == ["#", "Title"] and rows == {"1": "A", "2": "A"}, (head, rows)
    assert column_widths(width, Widest(upvotes=False))[0] >= TITLE_FIRST > column_widths(
        width, Widest(upvotes=False, date=DATE_W))[0], width


def toast_lines(app: Any) -> list[str]:
    """Each line of the notifications as painted (their boxes cut out of the screen)."""
    from textual.widgets._toast import Toast

    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(box.x, box.right).text.rstrip()
            for toast in app.screen.query(Toast)
            for box in [toast.content_region] for y in range(box.y, box.bottom)]


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("works", [True, False])
async def test_a_link_said_on_opening_is_never_split_inside_its_id(
        seeded_hub: HubServer, home: Home, width: int, works: bool) -> None:
    """`o` said "opened URL" wrapped at the toast's edge, the id split over two lines
    ("http://127.0.0.1:45033/papers/2608.1" over "9880") at 80 columns; so did `a`
    at 60, and "no browser here: URL ...". The link has a line of its own: whole where
    it fits, else its middle elided ("…"), its id whole at its end."""
    app = make_app(opener=Opener(works=works))
    async with app.run_test(size=(width, 24), notifications=True) as pilot:
        await settle(pilot)
        elided = []
        for key, url in (("o", f"{seeded_hub.url}/papers/{B}"),
                         ("a", f"https://arxiv.org/abs/{B}")):
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            lines = toast_lines(app)
            assert any(("opened" if works else "no browser here") in line
                       for line in lines), lines
            line = next((line.strip() for line in lines if B in line), None)
            assert line is not None, lines  # (the id whole on one line)
            start, cut, end = line.partition("…")
            assert line == url or (cut and url.startswith(start) and end == f"/{B}"), line
            elided.append(bool(cut))
            assert works or app.clipboard == url  # (the whole link, elided or not)
        assert elided == [True, width < 80]  # (a link that fits is whole)


@pytest.mark.parametrize("width", [60, 80])
async def test_a_heading_whose_words_start_with_digits_keeps_its_count_whole(
        seeded_hub: HubServer, home: Home, width: int) -> None:
    """The heading found its count as the first part of its counts to start with a
    digit: a title, filters or words said before the count that start with one ("3d",
    a tag named 2025, 2024 typed in the filter box) must not be taken for it. Now the
    count is a part of its own; shortened at 60 columns it ends the line, whole."""
    from papercli.words import count

    assert run("today").exit_code == 0
    llava = [p.id for p in make_app().source.load(View("search", "llava")).papers]
    assert run("tag", *llava[:2], "2025").exit_code == 0
    flt = FilterOptions(tag=["2025"], since="2020-01")
    app = make_app(View("search", "llava", flt), offline=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for keys in ((), ("slash", *"3d 2024 llava"), ("slash", *"llava since:2")):
            if keys:
                await keys_then_filter(pilot, "escape", *keys)
            top = screen_text(app).splitlines()[0].strip()
            said = count(len(app.papers), len(app.papers))
            assert f" · {said} · " in f"{top} · " and len(top) <= width - 2, top
            assert app.title_bar.counts.counted == said, app.title_bar.counts
        assert "since: " in top and said == "2 papers", top


async def test_nothing_new_stays_whole_after_a_qualifiers_forms_at_60_columns(
        seeded_hub: HubServer, home: Home) -> None:
    """`browse new` with nothing new, then `/` and `since:2`: the count ("nothing new"),
    found as the first part to start with a digit, was not found, so it was taken for
    words said before it and cut away ("New pape… · since: use YYYY[-MM[-DD]], YYYY-Www…").
    It is the count, whole at the end of the line."""
    assert run("today").exit_code == 0 and run("new", "--all").exit_code == 0
    app = make_app(View("new", show_all=True))
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        assert app.shown is not None and app.shown.caption == "nothing new"
        await keys_then_filter(pilot, "slash", *"since:2")
        top = screen_text(app).splitlines()[0].strip()
        assert top.endswith(" · nothing new") and " · since: " in top, top
        assert len(top) <= 58 and app.title_bar.counts.counted == "nothing new", top
