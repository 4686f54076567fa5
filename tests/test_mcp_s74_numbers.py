"""A number argument given a value of another type says what was given, as a flag does."""

from __future__ import annotations

from typing import Any

import pytest

from test_mcp import error, server


@pytest.mark.parametrize(("arguments", "expected"), [
    ({"limit": 2.5}, "limit must be a whole number, not the number 2.5"),
    ({"limit": True}, "limit must be a whole number, not true"),
    ({"offset": [1]}, "offset must be a whole number, not a list"),
    ({"min_upvotes": {"at_least": 5}}, "min_upvotes must be a whole number, not an object"),
])
async def test_a_number_of_another_type_is_refused_saying_what_was_given(
        library: Any, arguments: dict[str, Any], expected: str) -> None:
    """"limit must be a whole number", given 2.5 or true, did not say which value it
    was; a flag said it ("has_code must be true or false, not the number 1")."""
    async with server() as session:
        assert await error(session, "search", query="llava", **arguments) == expected


def test_a_number_too_big_for_a_float_is_said_as_a_number() -> None:
    """JSON's 1e400 is read as infinity (the SDK's client sends it as null): no number
    to say."""
    from papercli.mcpserver import _said

    assert _said(float("inf")) == "a number"
    assert _said(1.5) == "the number 1.5"
    assert _said(10**30) == "a number"
