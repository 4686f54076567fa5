"""The browser's footer at narrow and wide terminals: whole keys only, the least important
dropped first, `? Help` and `q Quit` always shown. Read off the screen as Textual drew it."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from conftest import Home
from hubserver import HubServer
from papercli.tui.app import BrowseApp
from papercli.tui.widgets import KeyFooter
from test_browse import make_app, settle


def bottom_line(app: BrowseApp) -> str:
    """The last row of the screen, as the terminal shows it."""
    return app.screen._compositor.render_strips()[-1].text


def shown_keys(app: BrowseApp) -> list[tuple[str, str]]:
    """(key as displayed, description) of every binding the footer may show."""
    keys = [(app.get_key_display(b), b.description)
            for _, b, _, _ in app.screen.active_bindings.values() if b.show]
    return list(dict.fromkeys(keys))


def check_whole(app: BrowseApp, line: str) -> list[str]:
    """Every word on the footer belongs to a key shown whole; returns the shown labels."""
    keys = shown_keys(app)
    palette = app.screen.active_bindings[app.COMMAND_PALETTE_BINDING].binding
    keys.append((app.get_key_display(palette), palette.description))
    words = {w for key, description in keys for w in (key, *description.split())}
    for word in line.replace("▏", " ").split():
        assert word in words, f"{word!r} is not a whole key label: {line!r}"
    shown = [f"{key} {description}" for key, description in keys
             if f"{key} {description}" in line]
    for key, description in keys:  # a description appears only with its key, whole
        if description.split()[0] in line.replace("▏", " ").split():
            assert f"{key} {description}" in shown, line
    return shown


async def footer_at(width: int, pilot: Any) -> str:
    await pilot.resize_terminal(width, 24)
    await settle(pilot)
    await pilot.pause()
    return bottom_line(pilot.app)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
async def test_the_footer_keeps_help_and_quit_whole(seeded_hub: HubServer, home: Home,
                                                    width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        line = bottom_line(app)
        assert len(line) == width
        shown = check_whole(app, line)
        assert "? Help" in shown and "q Quit" in shown, line
        assert {"s Star", "r Read"} <= set(shown), line  # the marks come next
        everything = {f"{k} {d}" for k, d in shown_keys(app)}
        if width >= 80:  # room for all: nothing is dropped, the palette key too
            assert everything | {"^p palette"} == set(shown), line
        else:
            assert everything - set(shown), line  # some were dropped, none cut


async def test_the_footer_follows_a_resize(seeded_hub: HubServer, home: Home) -> None:
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        wide = check_whole(app, bottom_line(app))
        narrow = check_whole(app, await footer_at(60, pilot))
        assert set(narrow) < set(wide) and "q Quit" in narrow and "? Help" in narrow
        again = check_whole(app, await footer_at(120, pilot))
        assert again == wide


async def test_the_footer_says_how_to_leave_the_filter_while_typing_in_it(
        seeded_hub: HubServer, home: Home) -> None:
    """While the filter box has the focus the letter keys are the box's, so the footer
    showed only Ctrl-P, and the box's "Esc: back" went with the first letter typed; it
    says what Enter and Esc do, and each does it."""
    from test_browse import FILTER_DELAY, listed

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        everything = listed(app)
        await pilot.press("slash", *"llava")
        await pilot.pause(FILTER_DELAY * 2)
        await settle(pilot)
        line = bottom_line(app)
        assert "⏎ Go to the hits" in line and "esc Leave the filter" in line, line
        assert app.filter_box.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert app.paper_list.has_focus and len(listed(app)) < len(everything)
        assert "? Help" in bottom_line(app)
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert listed(app) == everything and "q Quit" in bottom_line(app)


async def test_the_footer_is_composed_once_per_change_of_its_keys(
        seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up refreshes the bindings 8 times (the focus, each list painted, each row
    highlighted); each recomposed the footer, re-styling a dozen keys (0.5 s of CPU).
    Now: empty before the bindings are ready, the keys without a paper, then with."""
    composed: list[list[str]] = []
    compose = KeyFooter.compose

    def counted(self: KeyFooter) -> Any:
        keys = list(compose(self))
        composed.append([key.key for key in keys if isinstance(key, FooterKey)])
        return iter(keys)

    monkeypatch.setattr(KeyFooter, "compose", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(composed) <= 3, composed
        assert "s" in composed[-1] and "q" in composed[-1], composed
        at_start = len(composed)
        await pilot.press("j", "j", "k")  # the same keys for every row: no new footer
        await settle(pilot)
        assert len(composed) == at_start, composed[at_start:]
        assert "s Star" in bottom_line(app)
