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


OLD = ["cond-mat/9901001", "cond-mat/9901002", "cond-mat/9901003"]  # (the longest ids)


@pytest.mark.parametrize("argv, line", [
    (("unstar", *OLD), "papers: unstarred 0 papers (3 were not starred)"),
    (("unhide", *OLD), "papers: unhid 0 papers (3 were not hidden)"),
    (("read", "--unread", *OLD), "papers: marked 0 papers unread (3 were not marked read)"),
])
def test_no_op_lines_of_three_old_style_ids_fit_80_columns(papers, argv: tuple[str, ...],  # type: ignore[no-untyped-def]
                                                           line: str) -> None:
    """`unstar`, `unhide` and `read --unread` named the three ids they left alone: 94 and
    106 columns; now counted, as `star` and `hide` count theirs when naming is too wide."""
    result = papers(*argv)
    assert result.exit_code == 0 and one_line(result.stderr) == line
    assert cell_width(line) <= 80


def test_read_of_three_old_style_ids_already_read_fits_80_columns(papers) -> None:  # type: ignore[no-untyped-def]
    assert papers("read", *OLD, "--offline").exit_code == 0
    again = papers("read", *OLD, "--offline")
    assert again.exit_code == 0
    assert one_line(again.stderr) == "papers: marked 0 papers read (3 already read)"  # (96)
    two = papers("read", *OLD[:2], "--offline")  # (named where they fit)
    assert one_line(two.stderr) == (
        "papers: marked 0 papers read (cond-mat/9901001, cond-mat/9901002 already read)")
