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


async def test_list_families_names_what_the_family_argument_takes(library: Any) -> None:
    """list_families answers as `papers families --json` does (each family's aliases,
    whether built in, its papers), so that an assistant learns the names the family
    argument takes instead of guessing them; the name it gives lists that family's
    papers, and a hint naming `papers families` names the tool."""
    papers = library
    async with server() as session:
        listed = await call(session, "list_families")
        said = await notes(session, "list_families")
        assert await error(session, "list_families", name="llava") == (
            "list_families takes no arguments, not 'name' — call it with {}")
        llava = next(f for f in listed if f["name"] == "LLaVA")
        found = await call(session, "search", family=[llava["name"]], limit=50)
        unknown = await error(session, "search", family=["Llavaa"])
    assert listed == cli_json(papers, "families")
    assert llava["builtin"] is True and llava["papers"] == len(found) > 1
    assert said == f"{len(listed)} families"
    assert unknown == "unknown family 'Llavaa' — did you mean LLaVA?"
    from papercli.mcpserver import _tool_terms

    assert _tool_terms("see papers families", ()) == "see `list_families`"


async def test_list_families_of_an_empty_library_says_why(home: Any, papers: Any) -> None:
    """No paper yet: `[]`, as the command's --json, and the note says the library is
    empty (not a list of zeros read as families no paper names)."""
    async with server() as session:
        assert await call(session, "list_families") == []
        said = await notes(session, "list_families")
    assert said.startswith("the library is empty"), said
    assert cli_json(papers, "families") == []


async def test_list_orgs_names_what_the_org_argument_takes(home: Any, papers: Any,
                                                           tmp_path: Any) -> None:
    """list_orgs answers as `papers orgs --json` does (most papers first, the Hub name and
    display name), the papers the user hid not counted as the command does not count
    them; the name it gives is one the org argument takes; a hint naming `papers orgs`
    names the tool; it takes no argument."""
    import json

    from hubserver import seed_items

    items = seed_items()[:6]
    for n, org in ((0, "harbour-lab"), (1, "harbour-lab"), (2, "harbour-lab"),
                   (3, "quay-works")):
        items[n] = {**items[n], "organization": {"name": org, "fullname": org.title()}}
    src = tmp_path / "orgs.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    hid = items[0]["paper"]["id"]
    assert papers("hide", hid).exit_code == 0
    async with server() as session:
        listed = await call(session, "list_orgs")
        said = await notes(session, "list_orgs")
        found = await call(session, "search", org=[listed[0]["fullname"]])
        assert await error(session, "list_orgs", limit=5) == (
            "list_orgs takes no arguments, not 'limit' — call it with {}")
        nowhere = await notes(session, "search", org=["Nowhere Labs"])
    assert listed == cli_json(papers, "orgs") == [
        {"name": "harbour-lab", "fullname": "Harbour-Lab", "papers": 2},
        {"name": "quay-works", "fullname": "Quay-Works", "papers": 1}]
    assert said == "2 organizations"
    assert len(found) == 2 and hid not in {p["id"] for p in found}
    assert nowhere.startswith("no paper in the library is from 'Nowhere Labs' "
                              "(`list_orgs` lists them)"), nowhere


async def test_list_orgs_of_a_library_the_hub_named_none_in_says_so(library: Any) -> None:
    """Papers from before the Hub named organizations: `[]`, and the note says why, as
    `papers orgs` says it."""
    async with server() as session:
        assert await call(session, "list_orgs") == []
        assert await notes(session, "list_orgs") == (
            "no organizations in the library yet (the Hub names them since 2025-10)")


async def test_mark_read_marks_as_papers_read_does(library: Any) -> None:
    """With --allow-writes, mark_read marks papers read as `papers read ID...` does (and
    `unread` unmarks them, as --unread), saying which were so already; the command sees
    the marks it made. Offline, an id the library lacks is marked with the warning `papers
    read` gives; without --allow-writes it is no tool of the server."""
    papers = library
    async with server("--allow-writes") as session:
        assert await call(session, "mark_read", ids=["2401.01055", "2404.14047"]) == {
            "marked_read": ["2401.01055", "2404.14047"], "already_read": [], "failed": []}
        assert await call(session, "mark_read", ids=["arxiv:2401.01055"]) == {
            "marked_read": [], "already_read": ["2401.01055"], "failed": []}
        lacking = await session.call_tool("mark_read", {"ids": ["2501.99999"]})
        tool = next(t for t in (await session.list_tools()).tools if t.name == "mark_read")
    assert not lacking.is_error
    assert lacking.content[1].text == (  # type: ignore[union-attr]
        "warning: not in the library yet, marked read anyway: the user's command "
        "`papers show 2501.99999` fetches it")
    said = papers("read", "2401.01055", "--offline").stderr
    assert "2401.01055 already read" in said, said
    async with server("--allow-writes") as session:
        assert await call(session, "mark_read", ids=["2401.01055", "2412.15188"],
                          unread=True) == {"marked_unread": ["2401.01055"],
                                           "not_read": ["2412.15188"]}
    said = papers("read", "2401.01055", "--unread").stderr
    assert "2401.01055 was not marked read" in said, said
    assert tool.annotations is not None and not tool.annotations.read_only_hint
    assert tool.input_schema["required"] == ["ids"]
    assert set(tool.input_schema["properties"]) == {"ids", "unread"}


async def test_mark_read_refuses_a_bad_argument_in_one_line(library: Any) -> None:
    """No ids, an unread that is no boolean, a list in one string, an unknown argument:
    each refused in one line naming it, nothing marked; a read-only server offers no
    mark_read, and says the user can allow it."""
    from test_mcp import unknown

    async with server("--allow-writes") as session:
        assert await error(session, "mark_read", ids=[]) == "mark_read needs ids"
        assert await error(session, "mark_read", ids=["2401.01055"], unread="maybe") == (
            "unread must be true or false, not 'maybe'")
        assert await error(session, "mark_read", ids=["2401.01055 2404.14047"]) == (
            "ids: '2401.01055 2404.14047' holds 2 paper ids, not one — give each as an "
            'item of its own: ids ["2401.01055", "2404.14047"]')
        assert await error(session, "mark_read", ids=["2401.01055"], read=True) == (
            "mark_read takes no argument 'read' — it takes ids, unread")
        bad = await error(session, "mark_read", ids=["not-an-id"])
        assert "'not-an-id'" in bad and "paper id" in bad, bad
        assert await call(session, "mark_read", ids=["2401.01055"], unread=True) == {
            "marked_unread": [], "not_read": ["2401.01055"]}  # none marked above
    async with server() as session:
        assert await unknown(session, "mark_read", ids=["2401.01055"]) == (
            "'mark_read' is not a tool of this server — the user can start the server "
            "with `papers mcp --allow-writes` to allow it")
