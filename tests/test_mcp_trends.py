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
        assert await error(session, "trends", words=["alpha", "*"]) == (
            "'*' has no letters or digits: it counts nothing — give a word")
        # A word given again, in any case, is one row, as on the command line (whose
        # other repeated operands, ids, are taken once too, unsaid).
        again = await call(session, "trends", words=["alpha", "Alpha", "alpha"])
        assert again["words"] == ["alpha"]
        assert [s["name"] for s in again["series"]] == ["alpha"]


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


async def test_an_answer_past_what_one_holds_is_refused_saying_what_narrows_it(
        home: Home) -> None:
    """Every day since 2000 was some 9,800 periods, 2.4 MB of JSON in one answer, where
    every list is cut to MAX_LISTING characters (the common clients take about 100 KB):
    refused in one line saying what narrows it; a range that fits is answered."""
    from papercli.mcpserver import MAX_LISTING

    build_library(home)
    async with server() as session:
        daily = await error(session, "trends", since="2000-01-01", every="day")
        weekly = await error(session, "trends", since="1970-01-01", every="week")
        monthly = await error(session, "trends", since="1900-01-01", by="keyword")
        fits = await call(session, "trends", since="2026-01-01", every="week")
    assert daily.startswith("9,"), daily
    assert f"days of counts are too long for one answer (at most {MAX_LISTING:,} " \
           "characters of JSON) — give a later since, or every week or month" in daily
    assert "weeks of counts are too long" in weekly and weekly.endswith(
        "— give a later since, or every month"), weekly
    assert monthly.endswith("months of counts are too long for one answer (at most "
                            f"{MAX_LISTING:,} characters of JSON) — give a later since")
    assert fits["every"] == "week" and len(fits["periods"]) > 40


async def test_the_since_description_says_each_every_s_default_range(home: Home) -> None:
    """A host's model reads the schema: since's default was said as "this month and the
    five before" whatever every, where a day's is the last 30 days and a week's 26 weeks
    (as `papers trends --help` says)."""
    async with server() as session:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        counted = {every: len((await call(session, "trends", every=every))["periods"])
                   for every in ("month", "week", "day")}
    said = tools["trends"].input_schema["properties"]["since"]["description"]
    assert counted == {"month": 6, "week": 26, "day": 30}
    assert ("Default: this month and the five before (every week: this week and the 25 "
            "before; every day: the last 30 days, today among them)") in said, said
