"""papers browse as a demanding user drives it: the family chooser moved with the list's
keys, words given where a view's name goes, and a list narrowed to a few columns. Driven
through Textual's harness against a real library and the loopback Hub (as test_browse),
and through `main()` for the command line."""

from __future__ import annotations

import json

import pytest
from textual.widgets import SelectionList

from conftest import TODAY, Home, one_line, run
from hubserver import HubServer
from papercli.tui.source import View
from papercli.tui.widgets import FamilyScreen
from test_browse import (
    family_choices,
    listed,
    make_app,
    pane,
    screen_text,
    settle,
    table,
)


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


@pytest.mark.parametrize(("args", "said"), [
    # (each said "see papers browse --help", leaving the view to be found among ten)
    (("llava",), "cannot browse 'llava' — did you mean papers browse search llava?"),
    (("diffusion", "models"), "no view 'diffusion' — try papers browse search diffusion "
                              "models"),
    (("2401.01055",), "cannot browse '2401.01055' — try papers browse search 2401.01055"),
    (("yesterday",), "cannot browse 'yesterday' — try papers browse day yesterday"),
    (("2026-11-20",), "cannot browse '2026-11-20' — try papers browse day 2026-11-20"),
    (("2026-W47",), "cannot browse '2026-w47' — try papers browse week 2026-w47"),
    (("2026-10",), "cannot browse '2026-10' — try papers browse month 2026-10"),
    (("aug",), "cannot browse 'aug' — did you mean papers browse month aug?"),
    # (a close view's name first; anything else as it was)
    (("stared",), "cannot browse 'stared' — did you mean starred?"),
    (("[bold]",), "cannot browse '[bold]' — see papers browse --help"),
])
def test_a_word_given_for_the_view_says_the_view_it_reads_as(
        home: Home, args: tuple[str, ...], said: str) -> None:
    """`papers browse llava` (as `gh browse`, `git log WORD` are typed), a day, a week, a
    month or a paper id given where the view's name goes: the error names the command
    meant, in one line of 80 columns, before the screen is taken over (exit 2)."""
    result = run("browse", *args)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line == f"papers: error: {said}"
    assert len(line) <= 80
    meant = said.rpartition(" papers ")[2].rstrip("?")
    if meant.startswith("browse ") and "--help" not in meant:  # the command named is a
        # right one: only the lack of a terminal stops it here
        named = run(*meant.split(), "--offline")
        assert named.exit_code == 1, named.stderr
        assert one_line(named.stderr).startswith("papers: error: papers browse needs a "
                                                 "terminal")


async def test_a_weeks_day_column_gives_way_to_the_titles_in_a_narrow_list(
        seeded_hub: HubServer, home: Home) -> None:
    """A week's "Listed" column keeps its cells down to 43 columns; narrower, it goes
    before the titles are cut to nothing (at 30 columns it kept 7 cells to the title's 7,
    at 20 the rows had no title at all), as the arXiv date column gives way; the pane
    still says the day. Wide again, it comes back."""
    week = f"{TODAY.isocalendar().year}-W{TODAY.isocalendar().week:02d}"
    assert run("day", "yesterday").exit_code == 0 and run("today").exit_code == 0
    app = make_app(View("week", week))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        title = table(app).rows[0].title
        day = table(app).rows[0].day
        assert day and screen_text(app).splitlines()[1].split()[:3] == ["#", "▲", "Listed"]
        for width, cells in ((30, 12), (20, 4)):
            await pilot.resize_terminal(width, 16)
            await settle(pilot)
            lines = screen_text(app).splitlines()
            assert "Listed" not in lines[1] and day not in lines[2], lines[:3]
            assert lines[2].split(maxsplit=2)[2].startswith(title[:cells]), lines[:3]
        assert f"Daily Papers {TODAY.year}-{day}" in pane(app).replace("\n", " ")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert lines[1].split()[:3] == ["#", "▲", "Listed"] and day in lines[2]
