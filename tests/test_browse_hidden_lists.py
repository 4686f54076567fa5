"""papers browse: the lists after `h`. Related's best N stays N while more papers are
like the paper (it lost a row at each hide: "3 of 5" became "0 of 2"), a for-you or
related list emptied by hiding says why as one loaded empty does (it said "Nothing to
show."), and the families chooser (`f`) counts what choosing a family lists, without
the papers you hid (its library counts had them)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from textual.widgets import SelectionList

from conftest import Home, one_line, run
from hubserver import HubServer
from papercli.tui.app import BrowseApp
from papercli.tui.source import View
from test_browse import (
    A,
    B,
    keys_then_filter,
    listed,
    make_app,
    pane,
    screen_text,
    settle,
    three_llava_stars,
)


def heading(app: BrowseApp) -> str:
    """The heading whole, its counts and notes (the screen's line drops the notes where
    the title would be cut)."""
    return f"{app.title_bar.head} · {app.title_bar.tail}"


def related_ids(pid: str, n: int) -> list[str]:
    """`papers related ID -n N`: what the browser's related list should be (hidden papers
    left out, as there)."""
    done = run("related", pid, "-n", str(n), "--offline", "--json")
    assert done.exit_code == 0, done.stderr
    return [p["id"] for p in json.loads(done.stdout)]


def counts(app: BrowseApp) -> tuple[int, int] | None:
    """Related's heading "N of M papers": (N, M); None when it lists all ("N papers")."""
    found = re.findall(r"· (\d+) of (\d+) papers ·", heading(app))
    return (int(found[0][0]), int(found[0][1])) if found else None


@pytest.fixture
def two_days(seeded_hub: HubServer, home: Home) -> HubServer:
    """Today's and yesterday's listings in the library: five papers are like A."""
    assert run("today").exit_code == 0 and run("day", "yesterday").exit_code == 0
    return seeded_hub


async def test_a_paper_hidden_in_related_makes_room_for_the_next(
        two_days: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """h in related (its best 3 here, of 5): the row goes and the next paper comes, the
    list what `papers related -n 3` now lists, "3 of 4"; the selection stays on the row.
    Once no more are left to come, the list shrinks and says how many it has."""
    monkeypatch.setattr("papercli.tui.source.RELATED_LIMIT", 3)
    app = make_app(View("related", A), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        first = related_ids(A, 0)
        assert len(first) == 5 and counts(app) == (3, 5)
        assert listed(app) == first[:3]
        await pilot.press("j", "h")  # the second row
        await settle(pilot)
        assert listed(app) == related_ids(A, 3) == [first[0], *first[2:4]]
        assert counts(app) == (3, 4)
        assert app.selected == first[2]  # the row below, where the hidden one was
        await pilot.press("h", "h")
        await settle(pilot)
        assert listed(app) == related_ids(A, 3) == [first[0], first[4]]
        assert counts(app) is None and "· 2 papers ·" in heading(app)


async def test_a_related_list_emptied_by_hiding_says_every_paper_is_hidden(
        two_days: HubServer) -> None:
    """Every paper of a related list hidden: the pane says they are hidden and how to
    list them, as a related list loaded with all of them hidden does, and as `papers
    related` says (it said no paper shares enough words with this one)."""
    app = make_app(View("related", A), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        n = len(listed(app))
        assert n == 5
        await pilot.press(*"h" * n)
        await settle(pilot)
        assert listed(app) == [] and "· 0 papers ·" in heading(app)
        emptied = pane(app)
    said = (f"all {n} papers to list are hidden (papers browse related {A} --hidden lists "
            "them)")
    assert " ".join(emptied.split()) == said
    fresh = make_app(View("related", A), offline=True)
    async with fresh.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert pane(fresh) == emptied
    done = run("related", A, "--offline")
    assert (done.exit_code, done.stdout) == (0, "")
    assert one_line(done.stderr) == (f"papers: all {n} papers to list are hidden "
                                     "(--hidden lists them)")


async def test_related_left_for_a_filter_comes_back_full_after_a_hide(
        two_days: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper of a related list hidden from a filter's hits over it: Esc back, the list
    has the next paper in its place (it came back a row short, "2 of 4")."""
    from test_browse import keys_then_filter

    monkeypatch.setattr("papercli.tui.source.RELATED_LIMIT", 3)
    app = make_app(View("related", A), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        first = listed(app)
        await keys_then_filter(pilot, "slash", *first[0], "enter")
        assert listed(app) == [first[0]]
        await pilot.press("h")
        await settle(pilot)
        assert listed(app) == [first[0]] and first[0] in app.hidden  # (the hit stays)
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == related_ids(A, 3) == [*first[1:], related_ids(A, 0)[2]]
        assert counts(app) == (3, 4)


async def test_for_you_emptied_by_hiding_says_why_as_a_fresh_load_does(
        seeded_hub: HubServer, home: Home) -> None:
    """Every paper of for-you hidden with h: the pane says what for-you loaded with none
    left says (why, and what to try), not a bare "Nothing to show."."""
    three_llava_stars()
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        n = len(listed(app))
        assert n > 1
        await pilot.press(*"h" * n)
        await settle(pilot)
        assert listed(app) == [] and "· 0 papers ·" in heading(app)
        emptied = pane(app)
    assert "Nothing to show" not in emptied and "hid all" in emptied, emptied
    fresh = make_app(View("for-you"), offline=True)
    async with fresh.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert listed(fresh) == []
        assert pane(fresh) == emptied


def chooser_counts(app: BrowseApp) -> dict[str, tuple[int, int]]:
    """The family chooser's lines as {family: (here, in the library)}."""
    chooser = app.screen.query_one(SelectionList)
    out = {}
    for i in range(chooser.option_count):
        line = str(chooser.get_option_at_index(i).prompt)
        found = re.fullmatch(r"(.+): (?:(\d+) here, )?(\d+) in the library", line)
        assert found, line
        out[found[1]] = (int(found[2] or 0), int(found[3]))
    return out


def family_listed(family: str, *more: str) -> int:
    """How many papers `papers search --family F` lists in all (what choosing it shows)."""
    done = run("search", "--family", family, "-n", "0", "--offline", "--json", *more)
    assert done.exit_code == 0, done.stderr
    return len(json.loads(done.stdout))


async def press_f(pilot: Any) -> None:
    await pilot.press("f")
    await settle(pilot)


async def test_the_family_chooser_counts_what_choosing_a_family_lists(
        two_days: HubServer) -> None:
    """A LLaVA paper hidden with h in a day's list: `f` counts it out of the list's
    LLaVA papers (its row stays, marked ×) and out of the library's, as `papers search
    --family LLaVA` and `papers families` leave it out (`families --hidden` counts it)."""
    every = {f["name"]: f["papers"] for f in json.loads(run("families", "--json").stdout)}
    app = make_app(offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        llava = [p for p in app.papers if "LLaVA" in p.families]
        assert llava
        await press_f(pilot)
        before = chooser_counts(app)
        assert before["LLaVA"] == (len(llava), every["LLaVA"])
        assert every["LLaVA"] == family_listed("LLaVA")  # (nothing hidden yet)
        await pilot.press("escape")
        while app.selected != llava[0].id:
            await pilot.press("j")
        await pilot.press("h")
        await press_f(pilot)  # at once: counted once the hiding is written
        after = chooser_counts(app)
        assert llava[0].id in listed(app)  # (the listing keeps the row, marked)
        assert after["LLaVA"] == (len(llava) - 1, family_listed("LLaVA"))
        assert after["LLaVA"][1] == every["LLaVA"] - 1
        for family in llava[0].families:
            assert after[family][1] == before[family][1] - 1
        # The others as they were: the hidden paper named none of them.
        assert {f: c for f, c in after.items() if f not in llava[0].families} == {
            f: c for f, c in before.items() if f not in llava[0].families}
    families = {f["name"]: f["papers"] for f in json.loads(run("families", "--json").stdout)}
    assert families == {f: library for f, (_, library) in after.items()}
    assert families["LLaVA"] == every["LLaVA"] - 1
    counted = json.loads(run("families", "--hidden", "--json").stdout)
    assert {f["name"]: f["papers"] for f in counted} == every


async def test_the_family_chooser_of_a_hidden_view_counts_hidden_papers(
        two_days: HubServer) -> None:
    """`browse --hidden` lists the hidden papers, so its chooser counts them, here and in
    the library (what `papers search --family F --hidden` lists)."""
    app = make_app(offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        paper = next(p for p in app.papers if "LLaVA" in p.families)
    assert run("hide", paper.id).exit_code == 0
    app = make_app(View("today", hidden=True), offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        here = sum("LLaVA" in p.families for p in app.papers)
        assert paper.id in listed(app)
        await press_f(pilot)
        assert chooser_counts(app)["LLaVA"] == (
            here, family_listed("LLaVA", "--hidden"))
        assert family_listed("LLaVA", "--hidden") == family_listed("LLaVA") + 1


async def test_a_filter_whose_every_hit_is_hidden_says_so_as_search_does(
        two_days: HubServer) -> None:
    """`/llava` with every llava paper hidden said "No paper in the library matches
    'llava'" where `papers search llava` says they are all hidden (and how to list them):
    the pane says search's line, with where the browser shows hidden papers."""
    every = json.loads(run("search", "llava", "--offline", "--json", "-n", "0").stdout)
    assert len(every) > 1
    assert run("hide", *(p["id"] for p in every), "--offline").exit_code == 0
    said = one_line(run("search", "llava", "--offline").stderr)
    assert said == (f"papers: all {len(every)} papers to list are hidden (--hidden lists "
                    "them)")
    app = make_app(offline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"llava ")
        assert listed(app) == []
        assert " ".join(pane(app).split()) == (
            f"All {len(every)} papers to list are hidden (/ in papers browse --hidden "
            "lists them). Esc: back to the list.")
    app = make_app(View(hidden=True), offline=True)  # (where it says they show)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *"llava ")
        assert sorted(listed(app)) == sorted(p["id"] for p in every)


async def test_a_filter_naming_a_hidden_id_says_it_is_hidden_and_never_looks_it_up(
        two_days: HubServer) -> None:
    """`/A B` with B hidden said "not shown: B (Enter looks it up)", and Enter asked the
    Hub for it: the heading says it is hidden and where hidden papers show, Enter goes
    to the list; B alone, the pane says what `papers search B` says of it."""
    other = B
    assert run("hide", other, "--offline").exit_code == 0
    said = one_line(run("search", other, "--offline").stderr)
    assert said == (  # (in 80 columns: 98 whole)
        f"papers: warning: {other} is hidden (--hidden or papers unhide {other})")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        asked = len(two_days.requests)
        await keys_then_filter(pilot, "slash", *f"{A} {other}")
        assert listed(app) == [A]
        said = f"Filter: {A} {other} · hidden: {other} (browse --hidden shows it)"
        assert heading(app).startswith(said), heading(app)
        top = screen_text(app).splitlines()[0].strip()  # (what it says whole at 80
        # columns, and the count: the title gives way)
        assert top.startswith(f"Filter: {A}") and top.endswith(
            f"· hidden: {other} (browse --hidden shows it) · 1 paper"), top
        await keys_then_filter(pilot, "enter")
        assert listed(app) == [A] and app.shown is not None
        assert app.shown.view.kind == "filter"
        await pilot.press("escape")
        await settle(pilot)
        await keys_then_filter(pilot, "slash", *other)
        assert listed(app) == []
        assert " ".join(pane(app).split()) == (
            f"{other.capitalize()} is hidden (/ in papers browse --hidden shows it; papers "
            f"unhide {other} brings it back). Esc: back to the list.")
    assert len(two_days.requests) == asked  # (the Hub never asked for it)


async def test_u_brings_back_the_paper_h_took_off_for_you(
        seeded_hub: HubServer, home: Home) -> None:
    """`h` in for-you takes the row out at once, leaving no row to press `h` on again:
    `u` unhides it, and it comes back in its place, selected (the way back had been to
    quit for `papers unhide ID`). Nothing left to undo is said so."""
    from test_browse import told

    three_llava_stars()
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = listed(app)
        assert len(before) > 2
        await pilot.press("down")
        await settle(pilot)
        taken = app.selected
        assert taken == before[1]
        await pilot.press("h")
        await settle(pilot)
        assert taken not in listed(app)
        assert f"hid {taken}: u brings it back" in told(app)
        assert taken not in for_you_ids()  # hidden in the library, as papers hide does
        await pilot.press("u")
        await settle(pilot)
        assert listed(app) == before and app.selected == taken
        assert taken not in app.hidden
        await pilot.press("u")
        await settle(pilot)
        assert told(app)[-1] == "nothing to undo: u unhides the paper h last hid"
    assert taken in for_you_ids()  # unhidden in the library, as papers unhide does


def for_you_ids() -> list[str]:
    result = run("for-you", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


async def test_u_takes_down_the_note_that_offered_it(seeded_hub: HubServer, home: Home) -> None:
    """Once `u` has brought the paper back, "hid ID: u brings it back" goes with it: it
    stayed its 8 seconds beside "unhid ID", offering a `u` with nothing left to undo."""
    from test_browse import told

    three_llava_stars()
    app = make_app(View("for-you"), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        taken = app.selected
        await pilot.press("h")
        await settle(pilot)
        assert f"hid {taken}: u brings it back" in told(app)
        await pilot.press("u")
        await settle(pilot)
        assert app.selected == taken
        assert f"unhid {taken}" in told(app)
        assert f"hid {taken}: u brings it back" not in told(app), told(app)
