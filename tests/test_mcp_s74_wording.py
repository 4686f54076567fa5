"""How `papers mcp` says to an assistant what only the user can do (the tools' terms)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("line", "expected"), [
    # (`for-you --like` of a paper the library lacks: `reading.absent_warning`'s 80
    # columns' way)
    ("2501.99999 is not in the library — run papers show 2501.99999",
     "2501.99999 is not in the library — tell the user to run `papers show 2501.99999`"),
    ("Run papers show 2501.99999 first",
     "Tell the user to run `papers show 2501.99999` first"),
    # (a command the user runs, not told to run: said as before)
    ("papers show 2501.99999 fetches it",
     "the user's command `papers show 2501.99999` fetches it"),
])
def test_a_command_to_run_that_only_the_user_can_is_theirs_to_run(line: str,
                                                                   expected: str) -> None:
    """"run papers show ID", offline, said "run the user's command `papers show ID`":
    an assistant read it as its own to run, and has no shell; now the user is told to.
    Said in the tools' terms again, it reads the same."""
    from papercli.mcpserver import _tool_terms

    assert _tool_terms(line, (), offline=True) == expected
    assert _tool_terms(expected, (), offline=True) == expected
