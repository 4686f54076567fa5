"""The view layer (`papercli.views`): one `gather` for the commands and the browser.

Each kind of view is gathered against a real library (filled from the loopback Hub by the
commands themselves) and run through the pipeline; its papers, title and caption must be
the ones the matching command prints, run through `main()` as a shell would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from conftest import TODAY, Home, Shell
from hubserver import HubServer, seed_items
from papercli import views
from papercli.session import Session
from papercli.views import NO_FILTERS

A = "2501.03895"  # LLaVA-Mini, listed today
B = "2401.01055"  # LLaMA Beyond English, listed today
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()


@pytest.fixture
def filled(seeded_hub: HubServer, shell: Shell) -> Shell:
    """Today, yesterday, this week and this month fetched into the library by the
    commands; every view below then reads the library alone, as the commands do
    offline."""
    for args in (("today",), ("day", YESTERDAY), ("week",), ("month",)):
        code, _, err = shell(*args)
        assert code == 0, err
    return shell


@pytest.fixture
def session(home: Home) -> Iterator[Session]:
    s = Session.create(offline=True)
    try:
        yield s
    finally:
        s.close()


def command(shell: Shell, *args: str) -> tuple[list[str], str]:
    """(ids printed by `papers ARGS --json`, the table `papers ARGS` prints)."""
    code, out, err = shell(*args, "--json")
    assert code == 0, err
    ids = [p["id"] for p in json.loads(out)]
    code, table, err = shell(*args)
    assert code == 0, err
    return ids, table


def same_as_the_command(session: Session, view: views.View, shell: Shell,
                        *args: str) -> views.Gathered:
    got = views.gather(session, view)
    shown = views.shown(session, got)
    ids, table = command(shell, *args)
    assert [p.id for p in shown.papers] == ids
    assert shown.title in table
    assert shown.caption and shown.caption in table, (shown.caption, table[:400])
    return got


def family(name: str) -> Any:
    return NO_FILTERS._replace(family=[name])


@pytest.mark.parametrize("period, arg", [
    ("today", None), ("day", YESTERDAY), ("week", None), ("month", None),
])
def test_a_listing_gathers_what_the_listing_commands_print(
        filled: Shell, session: Session, period: str, arg: str | None) -> None:
    view = views.Listing(period=period, arg=arg)
    got = same_as_the_command(session, view, filled, period, *([arg] if arg else []),
                              "--offline")
    assert got.papers
    if period == "today":  # today comes back as the day it showed
        assert got.view == views.Listing(period="day", arg=TODAY.isoformat())


def test_a_listing_with_filters_and_a_sort_and_a_limit(filled: Shell, session: Session) -> None:
    view = views.Listing(period="week", filters=family("LLaMA"), sort="upvotes", limit=2)
    got = same_as_the_command(session, view, filled, "week", "--family", "LLaMA",
                              "--sort", "upvotes", "-n", "2", "--offline")
    assert len(got.papers) > 2  # gathered in full, cut by the pipeline


def test_a_search_and_the_library_gather_what_search_prints(
        filled: Shell, session: Session) -> None:
    same_as_the_command(session, views.Search(query="llava"), filled,
                        "search", "llava", "--offline")
    same_as_the_command(session, views.Search(query="llama", limit=3, sort="upvotes"),
                        filled, "search", "llama", "-n", "3", "--sort", "upvotes",
                        "--offline")
    got = same_as_the_command(session, views.Library(filters=family("LLaVA")), filled,
                              "search", "--family", "LLaVA", "--offline")
    assert got.total == len(got.papers) > 0


def test_the_browsers_search_title_and_caption_are_the_commands(
        filled: Shell, session: Session) -> None:
    from papercli.tui.source import Source, View

    got = views.gather(session, views.Search(query="llava", limit=200))
    shown = views.shown(session, got)
    loaded = Source(offline=True).load(View("search", "llava"))
    assert (loaded.title, loaded.caption) == (shown.title, shown.caption)
    assert [p.id for p in loaded.papers] == [p.id for p in shown.papers]


def test_starred_gathers_the_reading_list(filled: Shell, session: Session) -> None:
    for args in (("star", A, B), ("read", A)):
        assert filled(*args)[0] == 0
    got = same_as_the_command(session, views.Starred(), filled, "starred")
    assert sorted(p.id for p in got.papers) == sorted([A, B])
    assert got.extras[A]["read_at"] and got.extras[B]["read_at"] is None
    got = same_as_the_command(session, views.Starred(unread=True), filled,
                              "starred", "--unread")
    assert [p.id for p in got.papers] == [B]


def test_for_you_and_related_gather_the_rankings(filled: Shell, session: Session) -> None:
    llava = [i["paper"]["id"] for i in seed_items() if "LLaVA" in i["paper"]["title"]]
    assert filled("star", *llava[:3])[0] == 0
    got = same_as_the_command(session, views.ForYou(), filled, "for-you")
    assert got.ranked and not set(llava[:3]) & {p.id for p in got.papers}
    assert all("score" in got.extras[p.id] for p in got.papers)
    got = same_as_the_command(session, views.Related(paper_id=A), filled,
                              "related", A, "--offline")
    assert got.papers and A not in [p.id for p in got.papers]


def test_new_gathers_without_recording(filled: Shell, session: Session) -> None:
    got = views.gather(session, views.New(show_all=True))
    assert got.new is not None
    ids, _ = command(filled, "new", "--all", "--peek", "--offline")
    assert sorted(p.id for p in got.papers) == sorted(ids) and len(ids) == 19
    again = views.gather(session, views.New(show_all=True))  # nothing was marked seen
    assert [p.id for p in again.papers] == [p.id for p in got.papers]


def test_new_notes_keep_the_count_apart_from_how_the_look_went(filled: Shell,
                                                               session: Session) -> None:
    """What `papers new` says after its list, in two parts: how the look went (first
    run, offline) and the count line, which a list captioned with its own count (the
    browser's) leaves out by what it is."""
    got = views.gather(session, views.New(show_all=True))
    assert got.new is not None
    notes = views.new_notes(got.new, len(got.papers), peek=True)
    code, _, err = filled("new", "--all", "--peek", "--offline")
    assert code == 0, err
    said = [line.removeprefix("papers: ") for line in err.splitlines()]
    assert notes.lines == said
    assert notes.count_line == said[-1] and notes.count_line.startswith("19 new papers from ")
    assert notes.count_line.endswith("; not marked as seen") and notes.rest == ()
    assert notes.look == said[:-1] and notes.look[0].startswith("first run: ")


def test_the_library_text_is_what_an_offline_search_finds(
        filled: Shell, session: Session) -> None:
    got = views.gather(session, views.LibraryText(query="adapter", limit=200))
    ids, _ = command(filled, "search", "adapter", "--offline")
    assert [p.id for p in got.papers] == ids and ids
    assert views.shown(session, got).caption == f"{len(ids)} papers · library full-text"
