"""The browser's right edge and a period's days, at 80x24: the scrollbars are plain bars
(no stray eighth-block glyphs), and a week's list says where each day starts. Driven
through Textual's harness against a real library and the loopback Hub, as test_browse
does."""

from __future__ import annotations

from typing import Any

from conftest import TODAY, Home, one_line, run
from hubserver import HubServer
from papercli.tui.source import View
from test_browse import keys_then_filter, listed, make_app, screen_text, settle, table

EIGHTHS = set("▁▂▃▄▅▆▇")  # what a scrollbar's thumb ends were drawn with


async def test_the_scrollbars_at_80_columns_are_one_cell_bars_without_stray_glyphs(
        seeded_hub: HubServer, home: Home) -> None:
    """The pane scrolled a line at a time and the list a row at a time: the right edge
    shows no "▁▁"/"▆▆" (a two-cell thumb's ends, in a dim colour where the thumb itself
    hardly showed), and each bar takes one cell, not two, from the rows."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box, rows = app.pane, table(app)
        assert box.virtual_size.height > box.scrollable_content_region.height
        assert box.show_vertical_scrollbar
        assert box.vertical_scrollbar.size.width == 1
        assert box.scrollable_content_region.width == box.size.width - 1
        for _ in range(box.virtual_size.height - box.scrollable_content_region.height):
            await pilot.press("J")
            await pilot.pause()
            edge = {line[-1:] for line in screen_text(app).splitlines()}
            assert not edge & EIGHTHS, screen_text(app)
        await pilot.resize_terminal(80, 12)  # a list taller than its box: its bar shows
        await settle(pilot)
        assert rows.show_vertical_scrollbar and rows.vertical_scrollbar.size.width == 1
        for _ in range(rows.row_count):
            await pilot.press("j")
            await pilot.pause()
            assert not set(screen_text(app)) & EIGHTHS, screen_text(app)


async def test_a_weeks_list_says_each_papers_day_as_papers_week_columns_day_does(
        seeded_hub: HubServer, home: Home) -> None:
    """A week is the Hub's order day by day (upvotes fall, then jump at the next day):
    each row says its listing day under "Listed", as `papers week --columns day` does, so
    the jump shows where a day starts; j still moves a paper at a time. A filter's hits
    (from the whole library) and a day's list (all one day) have no such column."""
    week = f"{TODAY.isocalendar().year}-W{TODAY.isocalendar().week:02d}"
    assert TODAY.weekday() > 0  # yesterday is in the same week
    assert run("day", "yesterday").exit_code == 0 and run("today").exit_code == 0
    cli = run("week", week, "--offline", "--columns", "day,id")
    assert cli.exit_code == 0, cli.stderr
    days = {cells[2]: cells[1] for cells in (line.split() for line in cli.stdout.splitlines())
            if len(cells) == 3 and cells[0].isdigit()}  # (#, Listed, ID)
    app = make_app(View("week", week))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = listed(app)
        assert sorted(ids) == sorted(days) and len(set(days.values())) == 2
        assert [r.day for r in table(app).rows] == [days[i][5:] for i in ids]
        lines = screen_text(app).splitlines()
        assert lines[1].split()[:3] == ["#", "▲", "Listed"], lines[1]
        assert lines[2].split()[:3] == ["1", table(app).rows[0].upvotes, days[ids[0]][5:]]
        turn = next(n for n, i in enumerate(ids) if days[i] != days[ids[0]])
        await pilot.press(*["j"] * turn)
        assert app.selected == ids[turn]
        shown = [line.split()[:3] for line in screen_text(app).splitlines()[2:]]
        rows = table(app).rows
        for n in (turn - 1, turn):  # the last of the first day, the first of the next
            assert [str(n + 1), rows[n].upvotes, days[ids[n]][5:]] in shown, shown
        await keys_then_filter(pilot, "slash", *"llava")  # the library's hits: no day
        assert listed(app) and not any(r.day for r in table(app).rows)
        await pilot.press("escape")
        await settle(pilot)
        assert [r.day for r in table(app).rows] == [days[i][5:] for i in ids]
    app = make_app(View("day", TODAY.isoformat()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Listed" not in screen_text(app).splitlines()[1]
        assert not any(r.day for r in table(app).rows)


def test_browse_arxiv_with_no_category_followed_is_a_usage_error_before_the_screen(
        home: Home) -> None:
    """`papers arxiv` with no category named and none followed is a usage error; `browse
    arxiv` took the screen over to say so in it (and named `papers arxiv cs.CL`, which
    prints a table, as the way on). Both say how to follow one, in 80 columns."""
    listing = run("arxiv")
    assert listing.exit_code == 2 and one_line(listing.stderr) == (
        "papers: error: no category followed — papers config set sources.arxiv cs.CL")
    result = run("browse", "arxiv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == one_line(listing.stderr)  # (80 columns: 147 before)
    assert "needs a terminal" not in result.stderr


async def test_a_list_scrolled_down_paints_the_cursor_and_marks_where_they_are(
        seeded_hub: HubServer, home: Home) -> None:
    """At 80x24 a day of 10 papers shows 8 rows: at its end (scrolled down two), a star
    and the cursor's moves are painted on the rows they are on. They were painted two
    rows above (the scroll taken off twice): the last row showed no ★ and kept the
    cursor's colours after k, the pane showing the paper above it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = table(app)
        await pilot.press("G")
        await settle(pilot)
        assert rows.scroll_offset.y > 0 and rows.cursor == len(listed(app)) - 1
        await pilot.press("s")
        await settle(pilot)

        def line_of(rank: int) -> tuple[str, Any]:
            """The painted line of the row ranked `rank`, and its background colour."""
            for strip in app.screen._compositor.render_strips():
                if strip.text.startswith(f"{rank:>4} "):
                    return strip.text, next(iter(strip)).style.bgcolor
            raise AssertionError(f"row {rank} is not on screen:\n{screen_text(app)}")

        last = len(listed(app))
        text, cursor_colour = line_of(last)
        assert "★" in text, screen_text(app)
        await pilot.press("k")
        await settle(pilot)
        assert app.selected == listed(app)[-2]
        assert line_of(last - 1)[1] == cursor_colour
        assert line_of(last)[1] != cursor_colour and "★" in line_of(last)[0]


async def test_the_help_and_the_families_scroll_without_stray_glyphs(
        seeded_hub: HubServer, home: Home) -> None:
    """The help on a terminal too short for it, and the families (more than their box
    holds), scrolled to their ends: no "▆▆"/"▂▂" (Textual's bar's ends) beside the keys
    or the families, as the list's and the pane's bars show none."""
    from textual.containers import VerticalScroll
    from textual.widgets import SelectionList

    app = make_app()
    async with app.run_test(size=(80, 18)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = app.screen.query_one("#help", VerticalScroll)
        assert keys.max_scroll_y > 0
        for _ in range(keys.max_scroll_y + 1):
            assert not set(screen_text(app)) & EIGHTHS, screen_text(app)
            await pilot.press("j")
            await pilot.pause()
        await pilot.press("escape", "f")
        await settle(pilot)
        families = app.screen.query_one(SelectionList)
        assert families.max_scroll_y > 0
        for _ in range(families.option_count):
            assert not set(screen_text(app)) & EIGHTHS, screen_text(app)
            await pilot.press("down")
            await pilot.pause()
