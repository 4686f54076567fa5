"""An ISO week's number alone (`papers week W34`, `--since W30`), as a week's listing
titles it: the latest week of that number that has begun, as a month's name alone is.
It was "invalid week 'W34'". (The tests' today is 2026-11-25, in 2026-W48.)"""

from __future__ import annotations

import pytest

from conftest import Home, one_line, run


@pytest.mark.parametrize(("number", "week"), [
    ("W34", "2026-W34"), ("w48", "2026-W48"), ("W1", "2026-W01"),
    # (this year's is still to come: last year's)
    ("W50", "2025-W50"),
    # (2026 has a W53, still to come; 2025 has none: no such week begun)
])
def test_a_week_numbered_alone_is_the_latest_of_that_number(
        home: Home, number: str, week: str) -> None:
    result = run("week", number, "--offline")
    assert result.exit_code == 1
    assert one_line(result.stderr) == (f"papers: error: {week} is not in the local "
                                       "library — run without --offline")


@pytest.mark.parametrize("number", ["W53", "W00", "W54"])
def test_a_week_number_no_year_had_yet_is_refused(home: Home, number: str) -> None:
    result = run("week", number, "--offline")
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith(f"papers: error: invalid week '{number}' — ")


def test_a_week_numbered_alone_bounds_a_range_and_is_no_day(home: Home) -> None:
    since = run("search", "--offline", "--since", "W34", "--until", "W30")
    assert since.exit_code == 2
    assert "2026-08-17" in since.stderr and "2026-07-26" in since.stderr, since.stderr
    day = run("day", "W34")
    assert day.exit_code == 2
    assert one_line(day.stderr) == ("papers: error: invalid day 'W34' — a week, not a "
                                    "day: try 2026-08-17")
