"""The browser's right edge and a period's days, at 80x24: the scrollbars are plain bars
(no stray eighth-block glyphs), and a week's list says where each day starts. Driven
through Textual's harness against a real library and the loopback Hub, as test_browse
does."""

from __future__ import annotations

from conftest import Home
from hubserver import HubServer
from test_browse import make_app, screen_text, settle, table

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
