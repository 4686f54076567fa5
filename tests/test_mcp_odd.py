"""`papers mcp` driven as an assistant's client drives it, with odd calls: a note removed
that was never written, a query of no word, and the schemas' bounds and defaults."""

from __future__ import annotations

from typing import Any

from test_mcp import call, server


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
