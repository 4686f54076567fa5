"""papers browse: the reading list's counts ("3 starred · 3 unread") and the marks on the
rows after s, r and h, also when a list is made while a mark is being written."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from conftest import Home
from hubserver import HubServer
from papercli.tui.app import BrowseApp
from papercli.tui.source import Source, View
from test_browse import (
    Opener,
    listed,
    make_app,
    marks_of,
    settle,
    starred_ids,
    three_llava_stars,
)


def heading(app: BrowseApp) -> str:
    """The heading whole, its counts and notes (the screen's line drops the notes where
    the title would be cut)."""
    return f"{app.title_bar.head} · {app.title_bar.tail}"


async def until(pilot: Any, ready: Callable[[], bool]) -> None:
    """Let the app run until `ready()` (a worker is held, so `settle` would wait on it)."""
    for _ in range(3000):
        if ready():
            return
        await pilot.pause(0.01)
    raise AssertionError("never ready")


def stars_now(pid: str) -> bool:
    """Whether the user database has `pid` starred (read as the commands read it)."""
    return pid in Source(offline=True).marks([pid])[0]


async def test_hiding_a_starred_paper_counts_it_out_and_unhiding_back_in(
        seeded_hub: HubServer, home: Home) -> None:
    """`h` on a starred paper: the reading list's heading counts it out at once (as
    `papers starred` leaves hidden papers out), its row stays marked ★ ×, and `h` again
    counts it back in."""
    three_llava_stars()
    app = make_app(View("starred"), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        first = listed(app)[0]
        assert "3 starred · 3 unread" in heading(app)
        await pilot.press("h")
        await settle(pilot)
        assert "2 starred · 2 unread" in heading(app)
        assert first in listed(app) and marks_of(app, first) == "★ ×"
        await pilot.press("h")
        await settle(pilot)
        assert "3 starred · 3 unread" in heading(app)
        assert marks_of(app, first) == "★  "


class HeldSecondPass(Source):
    """A source whose second pass of a view (the fetch after the library's copy) has its
    list made, marks read, and is then held until `go`: what a key pressed under
    "updating…" meets when that pass read the marks just before it was written."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.go = threading.Event()

    def load(self, view: View, *, cached_only: bool = False, **kw: Any) -> Any:
        loaded = super().load(view, cached_only=cached_only, **kw)
        if not cached_only:
            assert self.go.wait(30)
        return loaded


async def test_a_star_taken_back_while_the_view_updates_stays_taken_back(
        seeded_hub: HubServer, home: Home) -> None:
    """`s` under "updating…" takes a star back; the view's second pass, which read the
    marks before, is shown after the write: the row and the count say no star (the
    star came back, ★ and "3 starred", until the list was loaded again)."""
    three_llava_stars()
    source = HeldSecondPass()
    app = BrowseApp(source, View("starred"), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: bool(listed(app)) and app.loading)
        first = app.selected
        assert first is not None and "3 starred" in heading(app)
        await pilot.press("s")
        await until(pilot, lambda: not stars_now(first))
        source.go.set()
        await settle(pilot)
        assert marks_of(app, first) == "   " and first not in app.starred
        assert "2 starred · 2 unread" in heading(app)
    assert first not in starred_ids()


class SlowStars(Source):
    """A source whose stars are written once `go` is set (a slow disk, a busy database)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.go = threading.Event()

    def set_star(self, paper_id: str, on: bool) -> bool:
        assert self.go.wait(30)
        return super().set_star(paper_id, on)


async def test_a_list_loaded_before_a_star_is_written_shows_it_once_written(
        seeded_hub: HubServer, home: Home) -> None:
    """`s` takes a star back, `l` and Esc load the reading list again before the write
    ends: once it ends, the row says no star, as the heading's count does (the row kept
    the ★ its load had read)."""
    three_llava_stars()
    source = SlowStars(offline=True)
    app = BrowseApp(source, View("starred"), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        first = app.selected
        assert first is not None
        await pilot.press("s", "l")
        await until(pilot, lambda: app.view.kind == "related" and not app.loading)
        await pilot.press("escape")
        await until(pilot, lambda: app.view.kind == "starred" and not app.loading)
        assert first in listed(app) and stars_now(first)  # (not written yet)
        source.go.set()
        await settle(pilot)
        assert marks_of(app, first) == "   " and first not in app.starred
        assert "2 starred · 2 unread" in heading(app)
    assert first not in starred_ids()


async def test_a_paper_hidden_in_for_you_while_it_updates_stays_out(
        seeded_hub: HubServer, home: Home) -> None:
    """`h` under "updating…" takes the row out of for-you; the second pass, which read
    the marks before the paper was hidden, does not bring it back (nor its count)."""
    three_llava_stars()
    source = HeldSecondPass()
    app = BrowseApp(source, View("for-you"), opener=Opener(), fetch_details=False)
    async with app.run_test(size=(120, 24)) as pilot:
        await until(pilot, lambda: bool(listed(app)) and app.loading)
        first, count = app.selected, len(listed(app))
        assert first is not None and f"· {count} papers ·" in heading(app)
        await pilot.press("h")
        await until(pilot, lambda: first in Source(offline=True).marks([first])[2])
        source.go.set()
        await settle(pilot)
        assert first not in listed(app) and len(listed(app)) == count - 1
        assert f"· {count - 1} papers ·" in heading(app)
