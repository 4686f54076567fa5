"""`papers browse` given more words than its view takes: said as the commands say it, with
what to do, in one line of 80 columns at most, before the screen is taken over (exit 2)."""

from __future__ import annotations

import pytest

from conftest import Home, one_line, run


@pytest.mark.parametrize(("args", "said"), [
    # (a view that takes no argument: "browse starred takes one argument, got 2")
    # (said as `papers starred a b` says it, with what to do)
    (("starred", "a", "b"), "extra arguments 'a b' — did you mean -k a -k b?"),
    (("for-you", "a", "b"), "extra arguments 'a b' — did you mean -k a -k b?"),
    (("today", "2024-01-02"), "extra argument '2024-01-02' — try papers browse day "
                              "2024-01-02"),
    (("starred", "[x]"), "browse starred takes no argument (got '[x]')"),
    # (no view at all: "browse foo takes one argument, got 2")
    (("foo", "a", "b"), "cannot browse 'foo' — did you mean for-you?"),
    # (words that make a period together: "browse week takes one argument, got 2")
    (("week", "last", "week"), "extra argument 'week' — quote it: papers browse week "
                               "'last week'"),
    (("month", "last", "month"), "extra argument 'month' — quote the month as one "
                                 "argument"),
    (("day", "2024", "01", "02"), "extra arguments '01 02' — e.g. papers browse day "
                                  "2024-01-02"),
    (("week", "2024-W05", "and", "a", "great", "many", "words", "more"),
     "extra arguments 'and a great many wor…' — e.g. 2024-W05"),
])
def test_more_words_than_the_view_takes_are_said_with_what_to_do(
        home: Home, args: tuple[str, ...], said: str) -> None:
    result = run("browse", *args)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line == f"papers: error: {said}"
    assert len(line) <= 80
