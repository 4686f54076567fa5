"""The browser's list row and reading pane agree once a paper's page is fetched: the page's
fresher count of upvotes (and title) goes to the row too. Driven through Textual's harness
against a real library and the loopback Hub, as test_browse does."""

from __future__ import annotations

import copy

from conftest import Home
from hubserver import HubServer
from papercli.tui.app import BrowseApp
from papercli.tui.source import Source, View
from test_browse import B, Opener, _rested, pane, screen_text, settle


async def test_a_fetched_pages_upvotes_reach_the_row_as_well_as_the_pane(
        seeded_hub: HubServer, home: Home) -> None:
    """The listing said 11 upvotes, the paper's page (fetched once the selection rests)
    says more: the pane said the page's count while the row kept the listing's."""
    page = copy.deepcopy(seeded_hub.state.papers[B])
    listed = page["upvotes"]
    page["upvotes"] = listed + 4321
    page["ai_summary"] = "A summary written by the Hub."
    seeded_hub.add_paper(page)
    app = BrowseApp(Source(), View(), opener=Opener())  # details fetched when resting
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.selected == B
        await _rested(pilot)
        await settle(pilot)
        assert "A summary written by the Hub." in pane(app)
        assert f"▲ {listed + 4321:,}" in pane(app)  # (grouped, as show says it)
        row = next(line for line in screen_text(app).splitlines()
                   if line.lstrip().startswith(f"{app.paper_list.cursor + 1} "))
        assert row.split()[1] == str(listed + 4321), row
