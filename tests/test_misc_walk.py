"""Small things a walk through the real archive found: each test is what a user typed and
what they saw before it was fixed."""

from __future__ import annotations

import pytest

from conftest import one_line

A = "2501.03895"  # in the seed library


@pytest.mark.parametrize("mark, unmark, did, undid, already, was_not", [
    (("hide",), ("unhide",), "hid", "unhid", "already hidden", "was not hidden"),
    (("star", "--offline"), ("unstar",), "starred", "unstarred",
     "already starred, record refreshed", "was not starred"),
    (("read",), ("read", "--unread"), "marked", "marked", "already read",
     "was not marked read"),
])
def test_doing_a_mark_twice_is_said_the_same_way_for_every_mark(
        library, mark: tuple[str, ...], unmark: tuple[str, ...], did: str, undid: str,
        already: str, was_not: str) -> None:
    """`papers hide ID` twice said "hid 0 papers (1 already hidden)" but `papers unhide ID`
    twice warned "ID was not hidden" and then said "unhid 0 papers" (unstar the same, star
    "starred 0 papers; 1 already starred"): a no-op is not a warning, and now all six say
    it in one line, counting what was already so."""
    read = " read" if mark == ("read",) else ""
    unread = " unread" if unmark == ("read", "--unread") else ""
    lines = []
    for args in (mark, mark, unmark, unmark):
        result = library(*args, A)
        assert result.exit_code == 0, result.stderr
        lines.append(one_line(result.stderr))
    assert lines == [f"papers: {did} 1 paper{read}",
                     f"papers: {did} 0 papers{read} (1 {already})",
                     f"papers: {undid} 1 paper{unread}",
                     f"papers: {undid} 0 papers{unread} (1 {was_not})"]
