"""The MCP `trends` tool answers as `papers trends --json` does (the same document, from
the same core call), through a real `papers mcp` process and the SDK's client, with the
chart's caption as its notes and the command line's checks."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Home
from test_mcp import call, error, notes, server
from test_trends import SINCE, build_library


@pytest.mark.parametrize(("arguments", "argv"), [
    ({"words": ["alpha", "video"], "since": SINCE.isoformat()},
     ("alpha", "video", "--since", SINCE.isoformat())),
    # (a word no paper holds asked first: most papers first put it last)
    ({"words": ["zebrafish", "video", "alpha"], "since": SINCE.isoformat()},
     ("zebrafish", "video", "alpha", "--since", SINCE.isoformat())),
    ({"by": "org", "every": "week", "top": 3, "since": SINCE.isoformat(),
      "family": ["Qwen", "GPT"]},
     ("--by", "org", "--every", "week", "-n", "3", "--since", SINCE.isoformat(),
      "-F", "Qwen", "-F", "GPT")),
    ({"by": "keyword", "until": "2026-07"}, ("--by", "keyword", "--until", "2026-07")),
])
async def test_the_tool_answers_as_the_command_does(papers: Any, home: Home,
                                                    arguments: dict[str, Any],
                                                    argv: tuple[str, ...]) -> None:
    build_library(home)
    done = papers("trends", *argv, "--json")
    assert done.exit_code == 0, done.stderr
    async with server() as session:
        got = await call(session, "trends", **arguments)
        said = await notes(session, "trends", **arguments)
    assert got == done.json
    assert got["series"]  # (the fixture has rows to compare)
    if "words" in arguments:  # (the rows in the order asked, not most papers first)
        assert [s["name"] for s in got["series"]] == arguments["words"]
    assert said.splitlines()[0].startswith("Papers per ")
    assert "The library covers " in said


async def test_its_arguments_are_checked_as_the_command_line_checks_them(
        papers: Any, home: Home) -> None:
    build_library(home)
    async with server() as session:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        assert tools["trends"].annotations.read_only_hint
        assert not tools["trends"].annotations.open_world_hint
        assert await error(session, "trends", words=["alpha"], by="org") == (
            "words given are the rows: leave out by or the words")
        assert "every must be one of day, week, month" in await error(
            session, "trends", every="year")
        assert "since" in await error(session, "trends", since="2026-13-40")
        assert await error(session, "trends", words=[" "]) == (
            "an empty word counts nothing: give a word, or a phrase in quotes")


async def test_an_empty_library_says_why_in_the_notes(papers: Any, home: Home) -> None:
    async with server() as session:
        got = await call(session, "trends")
        said = await notes(session, "trends")
    assert got["papers"] == 0 and got["series"] == []
    assert "the library is empty" in said


async def test_the_notes_hold_the_charts_own_notes(papers: Any, home: Home) -> None:
    """What the chart says under its caption (papers you hid counted, a word that is a
    family's name) is in the tool's notes too, as the chart's caption is."""
    built = build_library(home)
    since = SINCE.isoformat()
    hid = next(p.id for p in built if (p.submitted_at or p.published_at or "")[:10] >= since)
    assert papers("hide", hid).exit_code == 0
    chart = papers("trends", "qwen", "alpha", "--since", since, env={"COLUMNS": "300"})
    assert chart.exit_code == 0, chart.stderr
    async with server() as session:
        said = await notes(session, "trends", words=["qwen", "alpha"], since=since)
    for line in ("The counts include the 1 paper ",  # (you hid; the user hid, for MCP)
                 "qwen is also a model family"):
        assert line in chart.stdout
        assert line in said
