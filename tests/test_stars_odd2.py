"""The reading list's commands used as gh and git users use them: piped ids, no-ops,
odd input. Through `main()` with stdin piped, on the seeded library."""

from __future__ import annotations

import pytest

from conftest import one_line
from papercli.terminal import cell_width


@pytest.mark.parametrize("argv, pipe", [
    (("unstar", "-"), "papers starred -q | papers unstar -"),
    (("read", "-"), "papers starred --unread -q | papers read -"),
    (("read", "--unread", "-"), "papers starred --unread -q | papers read -"),
    (("star", "-"), "papers search WORDS -q | papers star -"),
])
def test_an_empty_pipe_names_the_reading_lists_own_pipe(library, argv: tuple[str, ...],  # type: ignore[no-untyped-def]
                                                        pipe: str) -> None:
    """`unstar -` and `read -` with nothing piped were told to pipe a search into them
    (`papers search WORDS -q | papers unstar -`): the ids they take come from the
    reading list, as their own examples show."""
    result = library(*argv, input="")
    line = one_line(result.stderr)
    assert result.exit_code == 2 and result.stdout == ""
    assert line == f"papers: error: no ids piped in — e.g. {pipe}" and cell_width(line) <= 80
