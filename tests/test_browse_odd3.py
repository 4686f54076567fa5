"""papers browse as a demanding user drives it: the family chooser moved with the list's
keys, words given where a view's name goes, and a list narrowed to a few columns. Driven
through Textual's harness against a real library and the loopback Hub (as test_browse),
and through `main()` for the command line."""

from __future__ import annotations

import json

from textual.widgets import SelectionList

from conftest import Home, run
from hubserver import HubServer
from papercli.tui.widgets import FamilyScreen
from test_browse import family_choices, listed, make_app, settle


async def test_the_family_chooser_moves_with_j_k_g_g_and_q_closes_it(
        seeded_hub: HubServer, home: Home) -> None:
    """j k g G move through the families as through the papers (j then Space chose the
    first family, not the second: j did nothing), and q closes the chooser as it closes
    the help (it did nothing at all), the list as it was."""
    assert run("day", "yesterday").exit_code == 0  # (the library's families: 19 papers)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        everything = listed(app)
        await pilot.press("f")
        await settle(pilot)
        names = [line.partition(":")[0] for line in family_choices(app)]
        assert len(names) >= 3, names
        chooser = app.screen.query_one(SelectionList)
        await pilot.press("j", "j", "k")
        assert chooser.highlighted == 1
        await pilot.press("G")
        assert chooser.highlighted == len(names) - 1
        await pilot.press("g", "j", "space")
        assert chooser.selected == [names[1]]
        await pilot.press("q")  # closes the chooser, choosing nothing; the browser stays
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, FamilyScreen)
        assert listed(app) == everything and not app.view.filters.family
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("j", "space", "enter")
        await settle(pilot)
        assert app.view.filters.family == [names[1]]
        library = {f["name"]: f["papers"] for f in json.loads(run("families", "--json").stdout)}
        assert names[1] in library
        assert listed(app) and set(listed(app)) <= set(everything)
