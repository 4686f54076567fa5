"""A month's name alone (`papers month aug`, `--since aug`): the latest month of that
name that has begun, as `aug 2026` names one with its year. It was "invalid month
'aug'". (The tests' today is 2026-11-25.)"""

from __future__ import annotations

import pytest

from conftest import Home, one_line, run


@pytest.mark.parametrize(("name", "month"), [
    ("aug", "2026-08"), ("November", "2026-11"), ("Sept.", "2026-09"),
    # (this year's is still to come: last year's)
    ("dec", "2025-12"), ("DECEMBER", "2025-12"),
])
def test_a_month_named_alone_is_the_latest_of_that_name(
        home: Home, name: str, month: str) -> None:
    result = run("month", name, "--offline")
    assert result.exit_code == 1
    assert one_line(result.stderr) == (f"papers: error: {month} is not in the local "
                                       "library — run without --offline")


def test_a_month_named_alone_bounds_a_range_and_is_no_day(home: Home) -> None:
    # (the day a range option reads: --until the month's last day, as for `aug 2026`)
    since = run("search", "--offline", "--since", "aug", "--until", "jan")
    assert since.exit_code == 2
    assert "2026-08-01" in since.stderr and "2026-01-31" in since.stderr, since.stderr
    day = run("day", "aug")
    assert day.exit_code == 2
    assert one_line(day.stderr) == ("papers: error: invalid day 'aug' — a month, not a "
                                    "day: try 2026-08-01")
