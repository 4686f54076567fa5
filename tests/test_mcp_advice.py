"""An optional text argument given empty is refused as an empty filter is, not taken for
left out, through a real `papers mcp` process and the SDK's client."""

from __future__ import annotations

from typing import Any

import pytest

from test_mcp import call, error, server


@pytest.mark.parametrize(("tool", "arguments", "expected"), [
    ("list_papers", {"period": "week", "date": ""},
     "date: '' holds no date: give one, or leave date out"),
    ("list_papers", {"period": "day", "date": "  "},
     "date: ' ' holds no date: give one, or leave date out"),
    ("search", {"query": ""}, "query: '' holds no words: give some, or leave query out"),
    ("trends", {"since": ""}, "since: '' holds no date: give one, or leave since out"),
    ("for_you", {"watch": " "},
     "watch: ' ' names no watch: give one's name, or leave watch out"),
    ("search", {"sort": ""}, "sort: '' holds no value: give one of trending, upvotes, "
     "new, stars, relevance, or leave sort out"),
    ("search", {"tag": ""}, "tag: '' holds no tag: give one, or leave tag out"),
])
async def test_an_empty_text_argument_is_refused_as_an_empty_filter_is(
        library: Any, tool: str, arguments: dict[str, Any], expected: str) -> None:
    """"" is no value: taken for left out, list_papers' date "" was this week (`papers
    week ''` is refused) and search's query "" the whole library, where an empty filter
    or choice was refused."""
    async with server() as session:
        assert await error(session, tool, **arguments) == expected
        # (left out, each is what the tool does without it)
        left_out = {k: v for k, v in arguments.items() if v.strip()}
        if tool == "search":
            await call(session, tool, **left_out)


async def test_an_empty_note_still_says_something(library: Any) -> None:
    """note's text "" is no refusal: it is an empty note, as `papers note ID -m ''`."""
    async with server("--allow-writes") as session:
        done = await call(session, "note", id="2401.01055", text="")
    assert done["chars"] == 0
