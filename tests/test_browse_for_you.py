"""The browser's reading pane says "For you: …" (why the paper would rank where it does for
the user) once there is a taste, the line `papers show` prints, from the same view
(`views.reasons`, `views.for_you_line`); none before, and it follows the marks made in the
browser. Driven through Textual's harness over the ranking tests' invented topics."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from papercli.tui.source import View
from test_browse import make_app, pane, settle
from test_ranking import ITEMS, ids_of, import_topics, star


def show_line(papers: Any, pid: str) -> str | None:
    """`papers show`'s "For you" line, its words joined again (the panel wraps them)."""
    shown = papers("show", pid, "--offline")
    assert shown.exit_code == 0, shown.stderr
    lines = [line.strip("│ ") for line in shown.stdout.splitlines()]
    start = next((n for n, line in enumerate(lines) if line.startswith("For you: ")), None)
    if start is None:
        return None
    said = [lines[start]]
    for line in lines[start + 1:]:
        if not line or line.startswith(("TL;DR", "Keywords")):
            break
        said.append(line)
    return " ".join(said)


def pane_line(app: Any) -> str | None:
    lines = [line.strip() for line in pane(app).splitlines()]
    start = next((n for n, line in enumerate(lines) if line.startswith("For you: ")), None)
    if start is None:
        return None
    said = [lines[start]]
    for line in lines[start + 1:]:
        if not line:
            break
        said.append(line)
    return " ".join(said)


async def test_the_pane_says_for_you_as_show_does_once_there_is_a_taste(
        papers: Any, tmp_path: Any) -> None:
    lib = import_topics(papers, tmp_path)
    pid = ids_of("robot", recent=True)[0]
    star(lib, *ids_of("robot", recent=False)[:2])  # one short of a taste
    assert show_line(lib, pid) is None
    app = make_app(View("search", pid), offline=True)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert app.selected == pid
        assert "For you" not in pane(app)  # no taste: no reason invented
        await pilot.press("s")  # the third star, in the browser: now there is one
        await settle(pilot)
        said = show_line(lib, pid)
        assert said is not None and said.removeprefix("For you: ")
        assert pane_line(app) == said, pane(app)
        await pilot.press("s")  # taken back: the line goes with the taste
        await settle(pilot)
        assert show_line(lib, pid) is None
        assert pane_line(app) is None, pane(app)


# Longer than the 60 characters a line without room cuts a title at (`ranking.Why.line`).
SUBTITLE = " for grasping arms, a subtitle long enough to pass sixty characters"


async def test_the_pane_gives_the_closest_papers_long_title_whole_as_show_does(
        papers: Any, tmp_path: Path) -> None:
    """The pane wraps the line, as `show`'s panel does: the closest starred paper's
    title whole, not cut at 60 characters ("… a subtitle long…") with lines to spare."""
    items = copy.deepcopy(ITEMS)
    for item in items["robot"][6:]:  # the older robot papers, to be starred
        item["title"] = item["paper"]["title"] = item["paper"]["title"] + SUBTITLE
    src = tmp_path / "long.json"
    src.write_text(json.dumps([i for topic in items.values() for i in topic]),
                   encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    star(papers, *ids_of("robot", recent=False)[:4])
    pid = ids_of("robot", recent=True)[0]
    said = show_line(papers, pid)
    assert said is not None and SUBTITLE.strip() in said  # (show's panel: whole)
    app = make_app(View("search", pid), offline=True)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert app.selected == pid
        line = pane_line(app)
        assert line is not None and SUBTITLE.strip() in line, pane(app)
        assert line == said
