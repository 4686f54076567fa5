"""The browser's list columns with odd counts: a paper with tens of thousands of upvotes
keeps its row's columns under the header's, as the command's table widens its ▲ column.
Driven through Textual's harness against a real library and the loopback Hub, as
test_browse does."""

from __future__ import annotations

import pytest

from conftest import TODAY, Home
from hubserver import HubServer, item_for_day, seed_items
from test_browse import make_app, screen_text, settle

COUNTS = (123456, 10000, 1234, 5)


@pytest.mark.parametrize("cols", [80, 200])
async def test_a_count_of_ten_thousand_upvotes_keeps_the_rows_titles_in_their_column(
        hub: HubServer, home: Home, cols: int) -> None:
    """The ▲ column is as wide as its widest count (4 cells at least): a count of 10000
    or more pushed its row's marks and title right of the other rows' and of "Title",
    and its row's last cells off the screen."""
    items = [item_for_day(item, TODAY, upvotes=n)
             for item, n in zip(seed_items()[:len(COUNTS)], COUNTS, strict=True)]
    hub.set_day(TODAY, items)
    app = make_app()
    async with app.run_test(size=(cols, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Title" in line)
        column = header.index("Title")
        assert header.index("▲") == column - 6  # (right-aligned over the counts, the marks)
        for n, paper in enumerate(app.papers, start=1):
            row = next(line for line in lines if line.lstrip().startswith(f"{n} "))
            assert row[:column].split() == [str(n), str(paper.upvotes)], (header, row)
            assert row[column:].startswith(paper.title[:20]), (header, row)
            shown = row[column:]  # the title whole, or cut with … (not at the edge)
            assert paper.title in shown or (
                "…" in shown and paper.title.startswith(shown.split("…")[0])), (header, row)
