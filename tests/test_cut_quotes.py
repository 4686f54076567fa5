"""A value an error line quotes is cut only when it cannot fit whole: the rest of the line
(its hint, its lead) is said in fewer words first. `papers day 2026-08-20x` said
"invalid day '2026-08-2…' — use YYYY-MM-DD, today, yesterday or 7d": the 80-column fit
cut the very character that was wrong, and kept every word of the hint."""

from __future__ import annotations

import pytest

from conftest import one_line
from papercli.terminal import cell_width

QUOTED_WHOLE = 30  # characters of a value that are never cut (errors.QUOTED_WHOLE)

# Where a date is typed: the listing's argument, a range's ends, arXiv's one day.
PLACES = [("day",), ("week",), ("month",), ("search", "x", "--since"),
          ("today", "--until"), ("arxiv", "cs.CL", "--date")]


def _typed(length: int, last: str) -> str:
    """A date with a wrong tail, `length` characters long, ending in `last`."""
    return ("2026-08-20" + "x" * length)[:length - 1] + last


@pytest.mark.parametrize("place", PLACES, ids=lambda p: " ".join(p))
@pytest.mark.parametrize("length", [11, 14, 17, 20, 24, QUOTED_WHOLE])
@pytest.mark.parametrize("last", ["x", "é"])
def test_a_short_bad_date_is_quoted_whole_with_a_hint(papers, place: tuple[str, ...],
                                                      length: int, last: str) -> None:
    typed = _typed(length, last)
    done = papers(*place, typed, "--offline")
    assert (done.exit_code, done.stdout) == (2, ""), done.stderr
    line = one_line(done.stderr)
    assert line.startswith("papers: error: "), line
    assert f"'{typed}'" in line, line  # (whole: not one character of it cut)
    assert " — use " in line, line  # (still saying what to type)
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize("place", PLACES, ids=lambda p: " ".join(p))
@pytest.mark.parametrize("length", [QUOTED_WHOLE + 5, 45, 200])
def test_a_long_bad_date_keeps_its_first_characters(papers, place: tuple[str, ...],
                                                     length: int) -> None:
    """Whole where it fits; cut where it cannot, but never below what a short value
    shows whole."""
    typed = _typed(length, "x")
    done = papers(*place, typed, "--offline")
    assert done.exit_code == 2
    line = one_line(done.stderr)
    assert f"'{typed[:QUOTED_WHOLE]}" in line, line
    assert f"'{typed}'" in line or "…'" in line, line
    assert length < 60 or "…'" in line, line  # (a pasted page: quoted short)
    assert " — use " in line and cell_width(line) <= 80, line


@pytest.mark.parametrize("length", [20, QUOTED_WHOLE])
def test_a_search_qualifiers_bad_date_is_quoted_whole(papers, length: int) -> None:
    typed = "since:" + _typed(length - len("since:"), "x")
    done = papers("search", f"graph {typed}", "--offline")
    assert done.exit_code == 2
    line = one_line(done.stderr)
    assert f"'{typed}'" in line and " — use " in line and cell_width(line) <= 80, line


def _word(length: int) -> str:
    """A lower-case word of `length` letters, none repeated in a row."""
    return ("abcdefghijklmnopqrstuvwxyz" * 3)[:length]


# Each place that quotes what was typed back, and the value typed there (of a length):
# a paper id that is none, a choice none matches, a number past its bound, a setting
# that is none or a value past its bound, a watch that is none, an extra argument, a
# command, a source, a model family or a view of browse that is none.
TYPED = {
    "id": (lambda v: ("show", v, "--offline"), lambda n: "2026-08-20" + _word(n - 10)),
    "id-meant": (lambda v: ("show", v, "--offline"),
                 lambda n: "arXiv:2401.01055" + _word(n - 16)),
    "format": (lambda v: ("export", "-f", v), _word),
    "sort": (lambda v: ("search", "x", "--sort", v, "--offline"), _word),
    "limit": (lambda v: ("search", "x", "--limit", v, "--offline"), lambda n: "9" * n),
    "setting": (lambda v: ("config", "get", v), lambda n: "display." + _word(n - 8)),
    "set-value": (lambda v: ("config", "set", "display.limit", v), lambda n: "9" * n),
    "watch": (lambda v: ("watch", "rm", v), _word),
    "extra": (lambda v: ("today", v, "--offline"), _word),
    "command": (lambda v: ("cache", v), _word),
    "source": (lambda v: ("search", "x", "--source", v, "--offline"), _word),
    "family": (lambda v: ("search", "x", "--family", v, "--offline"), _word),
    "view": (lambda v: ("browse", v), _word),
}


@pytest.mark.parametrize("place", list(TYPED))
@pytest.mark.parametrize("length", [18, 22, 26, 29])
def test_a_short_value_is_quoted_whole_wherever_it_is_typed(papers, place: str,
                                                            length: int) -> None:
    """Each cut a value of 18 to 29 characters (to 14-26) where the line was just over
    80 columns with it, to keep its hint's every word."""
    argv, value = TYPED[place]
    typed = value(length)
    done = papers(*argv(typed))
    assert done.exit_code == 2 and done.stdout == "", done.stderr
    line = one_line(done.stderr)
    assert f"'{typed}'" in line, line
    assert " — " in line or place == "set-value", line  # (a setting's bound says it)
    assert cell_width(line) <= 80, line
