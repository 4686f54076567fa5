"""`papers day|week|month` given a period the shell split into words (`papers month aug
2026`): said with what to do, quote them as one (as `papers browse week last week` says
it), in one line of 80 columns, before the network (exit 2); other words as any
command's extra argument is said."""

from __future__ import annotations

import pytest

from conftest import Home, one_line, run


@pytest.mark.parametrize(("args", "said"), [
    (("month", "aug", "2026"), "extra argument '2026' — quote it: papers month 'aug 2026'"),
    (("month", "last", "month"), "extra argument 'month' — quote it: papers month "
                                 "'last month'"),
    (("week", "last", "week"), "extra argument 'week' — quote it: papers week 'last week'"),
    (("day", "3", "days", "ago"), "extra arguments 'days ago' — quote it: papers day "
                                  "'3 days ago'"),
    # (words that name no period together: as before)
    (("day", "2024-01-02", "2024-01-03"), "extra argument '2024-01-03' — see 'papers day "
                                          "--help'"),
    # (words to look for: -k, as after any listing that takes no words)
    (("week", "2024-W05", "foo", "bar"), "extra arguments 'foo bar' — did you mean -k foo "
                                         "-k bar?"),
    (("day", "2024-01-02", "yesterday"), "extra argument 'yesterday' — see 'papers day "
                                         "--help'"),
    (("week", "2024-W05", ""), "papers week got an empty argument — a variable not set?"),
])
def test_a_period_split_into_words_is_told_to_be_quoted(
        home: Home, args: tuple[str, ...], said: str) -> None:
    result = run(*args, "-n", "1")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line == f"papers: error: {said}"
    assert len(line) <= 80
    assert result.stdout == ""
