"""`papers mcp` driven as an assistant's client drives it, with odd calls: a note removed
that was never written, a query of no word, and the schemas' bounds and defaults."""

from __future__ import annotations

from typing import Any

from test_mcp import call, cli_json, error, server, unknown


async def test_removing_a_note_the_paper_lacks_says_so(library: Any) -> None:
    """note with text "" on a paper with no note warns "ID had no note", as `papers note
    --rm` does (before: the answer was the one a removal gives, and an assistant that
    mistyped the id told the user their note was gone)."""
    papers = library
    async with server("--allow-writes") as session:
        result = await session.call_tool("note", {"id": "2401.01055", "text": ""})
        assert not result.is_error
        assert [b.text for b in result.content][1:] == [  # type: ignore[union-attr]
            "warning: 2401.01055 had no note"]
        await call(session, "note", id="2401.01055", text="Keep me.")
        result = await session.call_tool("note", {"id": "2401.01055", "text": ""})
        assert len(result.content) == 1  # (a note there: removed, nothing to warn of)
    assert "had no note" in papers("note", "2401.01055", "--rm").stderr


async def test_a_query_of_no_word_is_told_in_the_tools_terms(library: Any) -> None:
    """search of "-" or "*" finds nothing and says why in the tool's terms: give a word in
    query, or leave query out (before: the command line's "type a word, or no query to
    browse the library", words for a person at a prompt), as `papers search` says it to
    a person still."""
    papers = library
    async with server() as session:
        for query in ("-", "*"):
            result = await session.call_tool("search", {"query": query})
            assert not result.is_error
            said = result.content[1].text  # type: ignore[union-attr]
            assert said.splitlines()[0] == (
                f"warning: '{query}' has no word to search for (letters or digits): give a "
                "word in query, or leave query out to browse the library")
    assert "; no query browses the library" in papers("search", "*", "--offline").stderr


async def test_list_tags_names_the_tags_the_tag_filter_takes(library: Any) -> None:
    """list_tags answers as `papers tags --json` does (most used first, how many papers
    each), so that an assistant learns the names the tag argument takes (before: no tool
    listed them, and it guessed); none yet is said, and it takes no argument."""
    papers = library
    async with server() as session:
        assert await call(session, "list_tags") == []
        result = await session.call_tool("list_tags", {})
        assert result.content[1].text == (  # type: ignore[union-attr]
            "no tags yet: the user has tagged no paper")
    assert papers("tag", "--ids", "2401.01055,2404.14047", "video/gen").exit_code == 0
    assert papers("tag", "--ids", "2401.01055", "agents").exit_code == 0
    async with server() as session:
        listed = await call(session, "list_tags")
        result = await session.call_tool("list_tags", {})
        said = result.content[1].text  # type: ignore[union-attr]
        assert await error(session, "list_tags", under="video") == (
            "list_tags takes no arguments, not 'under' — call it with {}")
        tool = next(t for t in (await session.list_tools()).tools if t.name == "list_tags")
    assert listed == cli_json(papers, "tags") == [{"tag": "video/gen", "papers": 2},
                                                 {"tag": "agents", "papers": 1}]
    assert said == "2 tags"
    assert tool.annotations is not None and tool.annotations.read_only_hint
    assert tool.input_schema["properties"] == {}


async def test_an_unknown_tool_named_as_a_command_is_told_the_tool(library: Any) -> None:
    """A tool called by its command's name (each description says "Like `papers show ID
    --json`") or a letter or two off is told the tool it meant (before: "see the tools
    list" alone, the list it had read); a name like none is told the list alone."""
    async with server() as session:
        for name, meant in (("show", "show_paper"), ("tags", "list_tags"),
                            ("for-you", "for_you"), ("related", "related_papers"),
                            ("today", "list_papers"), ("show_papers", "show_paper"),
                            ("fulltext", "full_text")):
            assert await unknown(session, name, id="2401.01055") == (
                f"'{name}' is not a tool of this server — did you mean {meant}? (see the "
                "tools list)")
        for name in ("get_paper", "drop_tables"):
            assert await unknown(session, name) == (
                f"'{name}' is not a tool of this server — see the tools list")
        # (a writing tool of a server started without writes: the option that offers it)
        assert "--allow-writes" in await unknown(session, "star", ids=["2401.01055"])


async def test_the_sort_says_its_default_the_users_for_a_listing(
        seeded_hub: Any, papers: Any, home: Any) -> None:
    """sort left out is trending, and for a day, week or month the user's display.sort, as
    for the command: the description says so (before: the five sorts, no default, and an
    assistant read a list sorted newest first as the Hub's trending order)."""
    from conftest import write_config

    write_config(home, '[display]\nsort = "new"\n')
    today = cli_json(papers, "today")
    async with server() as session:
        listed = await call(session, "list_papers", period="today", limit=50)
        trending = await call(session, "list_papers", period="today", limit=50,
                              sort="trending")
        tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
    assert [p["id"] for p in listed] == [p["id"] for p in today] != [
        p["id"] for p in trending]
    assert [p["date"] for p in listed] == sorted((p["date"] for p in listed), reverse=True)
    for name in ("search", "list_papers"):
        assert tools[name]["properties"]["sort"]["description"].endswith(
            "Default: trending; for a period of list_papers, the user's display.sort "
            "setting (trending unless they set it).")
