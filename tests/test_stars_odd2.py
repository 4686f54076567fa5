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


def test_read_help_says_an_id_the_hub_lacks_is_not_marked_unasked(  # type: ignore[no-untyped-def]
        papers, hub) -> None:
    """`read --help` said ids arXiv gave no answer about were "marked with a warning":
    one the Hub lacks, arXiv out of reach, is an error and stays unmarked, as gh refuses
    what it cannot check; only the Hub's silence (or --offline) marks an id unchecked."""
    helped = papers("read", "--help")
    text = " ".join(helped.stdout.split())
    assert "without an answer they are marked" not in text
    assert ("offline, or with no answer from the Hub, an id is marked with a warning, but "
            "one the Hub lacks is not marked while arXiv cannot be asked") in text
    result = papers("read", "2509.99999")  # (the Hub has no page; arXiv at port 9)
    assert result.exit_code == 1 and "not on the Hub: 2509.99999" in result.stderr
    again = papers("read", "2509.99999", "--offline")  # (not marked: no "already read")
    assert again.stderr.splitlines()[-1] == "papers: marked 1 paper read"
