"""The MCP tools that give an assistant what `papers` gives a person and no tool gave:
the user's watches, the families and organizations the filters take, and (with
--allow-writes) read marks. Each through a real MCP client over stdio, as
tests/test_mcp.py drives the server, checked against the command's --json."""

from __future__ import annotations

from typing import Any

from test_mcp import call, cli_json, error, notes, server


async def test_list_watches_names_the_watches_for_you_takes(library: Any) -> None:
    """list_watches answers as `papers watch list --json` does (each watch's criteria and
    how many papers it matches), so that an assistant learns the names for_you's watch
    takes (before: no tool listed them, and a guess was "no watch named 'x'"); none yet
    is said, with the user's command that adds one, and it takes no argument."""
    papers = library
    async with server() as session:
        assert await call(session, "list_watches") == []
        assert await notes(session, "list_watches") == (
            "no watches yet: the user has added none (the user's command "
            "`papers watch add NAME` adds one)")
    assert papers("watch", "add", "vision", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "add", "guard", "-k", "safeguard").exit_code == 0
    async with server() as session:
        listed = await call(session, "list_watches")
        said = await notes(session, "list_watches")
        assert await error(session, "list_watches", hidden=True) == (
            "list_watches takes no arguments, not 'hidden' — call it with {}")
        tool = next(t for t in (await session.list_tools()).tools
                    if t.name == "list_watches")
        # The name it gives is one for_you takes.
        ranked = await session.call_tool("for_you", {"watch": listed[0]["name"]})
        assert not ranked.is_error, ranked.content
    assert listed == cli_json(papers, "watch", "list")
    assert [(w["name"], w["family"], w["keyword"], w["papers_exact"]) for w in listed] == [
        ("vision", ["LLaVA"], [], True), ("guard", [], ["safeguard"], True)]
    assert listed[0]["papers"] > 1 and listed[1]["papers"] >= 1
    assert said == "2 watches"
    assert tool.annotations is not None and tool.annotations.read_only_hint
    assert not tool.annotations.open_world_hint
    assert tool.input_schema["properties"] == {}


async def test_a_watch_list_command_in_a_hint_is_the_tool(library: Any) -> None:
    """A hint that names `papers watch list` names list_watches, the tool that lists
    them, where the assistant can call it; one with an option no tool takes stays the
    user's command."""
    from papercli.mcpserver import _tool_terms

    assert _tool_terms("see papers watch list", ()) == "see `list_watches`"
    assert _tool_terms("see papers watch list --hidden", ()) == (
        "see the user's command `papers watch list --hidden`")
