"""The browser's state after going back and forth: Esc out of a filter or a related list,
a tag line typed wrong, a view that never came. Driven through Textual's harness against a
real library and the loopback Hub, as test_browse does."""

from __future__ import annotations

from conftest import Home, run
from hubserver import HubServer
from papercli.tui.source import View
from test_browse import keys_then_filter, listed, make_app, settle


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
        assert title.startswith("Day 2020-01-06") and "not available" in title, title
        await pilot.press("escape")  # nothing further back: still the day
        await settle(pilot)
        assert str(app.title_bar.render()) == title
