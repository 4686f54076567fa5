"""A tool given several ids of which none could be had, each failing its own way, says
each kind as `papers` does (one line each): star kept only the first kind, related_papers
only the last, and arXiv's refusal of one id among others found nowhere was lost."""

from __future__ import annotations

from typing import Any

import pytest

from arxivserver import ArxivServer
from hubserver import HubServer
from test_mcp import server

REFUSED, NOWHERE, DOWN = "2401.09997", "2401.09999", "2401.09998"


async def tool_error(session: Any, tool: str, **arguments: Any) -> list[str]:
    """A tool error's lines."""
    result = await session.call_tool(tool, arguments)
    assert result.is_error, result.content
    (block,) = result.content
    assert "Traceback" not in block.text
    return list(block.text.splitlines())


async def test_a_refusal_among_ids_found_nowhere_is_said(
        hub: HubServer, library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = library
    with ArxivServer() as arx:
        monkeypatch.setenv("ARXIV_API_ENDPOINT", arx.api_url)
        feed = f"incorrect id format for {REFUSED}"
        arx.fail("error_feed", message=feed)
        cli = papers("star", REFUSED, NOWHERE)
        assert cli.stderr == (f"papers: error: arXiv refused {REFUSED} and lacks {NOWHERE} "
                              "— check the ids\n")
        async with server("--allow-writes", "--online") as session:
            for tool, arguments in (("star", {"ids": [REFUSED, NOWHERE]}),
                                    ("related_papers", {"id": REFUSED, "with_ids": [NOWHERE]})):
                arx.fail("error_feed", message=feed)
                said = await tool_error(session, tool, **arguments)
                assert said == [f"not on the Hub: {REFUSED}, {NOWHERE}; arXiv refused {REFUSED} "
                                f"({feed}) and lacks {NOWHERE} — check the ids"], tool


@pytest.mark.parametrize(("tool", "arguments", "command", "done"), [
    ("star", {"ids": [NOWHERE, DOWN]}, ["star"], "starred"),
    ("related_papers", {"id": NOWHERE, "with_ids": [DOWN]}, ["related"], "used")])
async def test_each_kind_of_failure_is_a_line_of_the_tools_error(
        hub: HubServer, library: Any, monkeypatch: pytest.MonkeyPatch, tool: str,
        arguments: dict[str, Any], command: list[str], done: str) -> None:
    """One id found nowhere, the Hub failing the other: both said, as the command says
    them (before: star said only the first, related_papers only the second)."""
    papers = library
    monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
    with ArxivServer() as arx:
        monkeypatch.setenv("ARXIV_API_ENDPOINT", arx.api_url)
        hub.fail("500", times=50, path=f"/api/papers/{DOWN}")
        cli = papers(*command, NOWHERE, DOWN)
        assert cli.exit_code == 1
        lines = cli.stderr.splitlines()
        assert len(lines) == 2 and f"{NOWHERE} is on neither" in lines[0], lines
        assert lines[1].startswith(f"papers: error: not {done}: {DOWN} ("), lines
        async with server("--allow-writes", "--online") as session:
            said = await tool_error(session, tool, **arguments)
    assert said[0] == f"paper {NOWHERE} is on neither the Hub nor arXiv — check the id"
    assert said[1].startswith(f"not {done}: {DOWN} (the Hub answered HTTP 500) — "), said
    assert len(said) == 2, said
