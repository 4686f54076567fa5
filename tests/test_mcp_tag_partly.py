"""The MCP `tag` tool follows the one policy of every command that marks papers, as
`papers tag` does: the known ids are tagged, an id found nowhere is named after them
("failed" and an "error: …" line), and only when none is known is the call an error.
Before, one unknown id among several tagged none of them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hubserver import HubServer
from test_mcp import error, server


async def test_tag_tags_the_known_ids_and_names_the_unknown_one(
        hub: HubServer, library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from arxivserver import ArxivServer

    papers = library
    with ArxivServer() as arx:  # (neither the Hub nor arXiv knows 2412.99999)
        monkeypatch.setenv("ARXIV_API_ENDPOINT", arx.api_url)
        cli = papers("tag", "2401.01055", "2412.99999", "later")
        assert cli.exit_code == 1, cli.stderr
        said = cli.stderr.splitlines()[-1]
        assert said.startswith("papers: error: ") and "2412.99999" in said
        async with server("--allow-writes", "--online") as session:
            result = await session.call_tool(
                "tag", {"ids": ["2404.14047", "2412.99999"], "tags": ["later"]})
            assert not result.is_error, result.content
            assert json.loads(result.content[0].text) == {  # type: ignore[union-attr]
                "ids": ["2404.14047"], "tags": ["later"], "added": 1,
                "failed": ["2412.99999"]}
            notes = result.content[1].text.splitlines()  # type: ignore[union-attr]
            assert notes == [f"error: {said.removeprefix('papers: error: ')}"], notes
            # none known: the failure alone, as before
            alone = await error(session, "tag", ids=["2412.99999"], tags=["later"])
            assert "2412.99999" in alone
    tagged = json.loads(papers("tags", "--json").stdout)
    assert tagged == [{"tag": "later", "papers": 2}]


async def test_tag_again_of_a_paper_tagged_while_the_hub_was_down_is_a_no_op(
        hub: HubServer, library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper tagged while the Hub was out of reach, tagged again once it answered
    (arXiv out of reach), failed the call with "not on the Hub", as `papers tag` did,
    though the paper carried the tag: one carrying every tag given is not looked up."""
    papers = library
    unknown = "2608.19001"  # (on neither the Hub nor arXiv as this test serves them)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    assert papers("tag", unknown, "later").exit_code == 0
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("ARXIV_API_ENDPOINT", "http://127.0.0.1:9")
    async with server("--allow-writes", "--online") as session:
        result = await session.call_tool("tag", {"ids": [unknown], "tags": ["later"]})
        assert not result.is_error, result.content
        assert json.loads(result.content[0].text) == {  # type: ignore[union-attr]
            "ids": [unknown], "tags": ["later"], "added": 0, "failed": []}
        # a tag it lacks is still checked: the failure alone
        assert unknown in await error(session, "tag", ids=[unknown], tags=["other"])
