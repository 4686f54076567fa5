"""The MCP `trends` tool's notes say the chart's caption in the terms of the JSON beside
it: an assistant reads no chart."""

from __future__ import annotations

from typing import Any

from conftest import Home
from test_mcp import notes, server
from test_trends import SINCE, build_library


async def test_the_notes_say_the_charts_marks_as_the_json_holds_them(papers: Any,
                                                                     home: Home) -> None:
    """The chart's caption said "· not cached (…)", its mark for a count not known (null
    in the JSON), "its bar counts …" and, by AI keyword, "--format json or csv lists
    them" (an option no tool takes, of spellings each row of the answer holds): now each
    in the JSON's terms, the rest of the caption as the command line says it."""
    build_library(home)
    arguments = {"by": "keyword", "since": SINCE.isoformat()}
    chart = papers("trends", "--by", "keyword", "--since", SINCE.isoformat())
    assert chart.exit_code == 0, chart.stderr
    assert "· not cached (" in chart.stdout and "--format json or csv" in chart.stdout
    async with server() as session:
        said = await notes(session, "trends", **arguments)
    assert "null where not cached (no listing, so unknown, not zero): " in said, said
    assert "each row's \"spellings\" lists them" in said, said
    assert "is in progress: its count is of " in said, said
    assert "·" not in said.replace("AI keyword · ", ""), said  # (the title's own)
    assert "--format" not in said and "its bar" not in said, said
