"""A listing's period as the command line names it: `papers day|week|month [ARG]`."""

from __future__ import annotations

import pytest

from conftest import HubServer


@pytest.mark.parametrize("kind", ["week", "month", "day"])
@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_period_is_a_usage_error_for_every_kind(papers, seeded_hub: HubServer,
                                                        kind: str, blank: str) -> None:
    """`papers week ""` listed this week while `papers week " "` was a usage error (the
    same for month, and `day ""` listed today): an empty argument, as a script's unset
    variable gives, is read like any other value and refused the same way."""
    done = papers(kind, blank)
    assert (done.exit_code, done.stdout) == (2, ""), (done.stdout, done.stderr)
    what = "DATE" if kind == "day" else kind
    [line] = done.stderr.splitlines()
    assert line.startswith(f"papers: error: invalid {what} {blank!r} — use "), line
    assert seeded_hub.count() == 0  # refused before anything was asked


@pytest.mark.parametrize("kind", ["week", "month"])
def test_no_argument_is_still_the_current_period(papers, seeded_hub: HubServer,
                                                 kind: str) -> None:
    done = papers(kind, "--format", "ids")
    assert done.exit_code == 0, done.stderr
    assert len(done.stdout.split()) == 19  # today's and yesterday's seed papers


@pytest.mark.parametrize("week,said", [
    ("2025-W53", "invalid week '2025-W53' — 2025's ISO weeks are W01 to W52"),
    ("2026-W54", "invalid week '2026-W54' — 2026's ISO weeks are W01 to W53"),
    ("2025-W00", "invalid week '2025-W00' — 2025's ISO weeks are W01 to W52")])
def test_a_week_the_year_does_not_have_says_which_it_has(papers, week: str,
                                                         said: str) -> None:
    """`papers week 2025-W53` said "invalid week — use YYYY-Www", the shape it was
    given: some ISO years have 53 weeks, most 52, and the message now says which."""
    done = papers("week", week)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"papers: error: {said}\n"


@pytest.mark.parametrize("args,said", [
    (("day", "２０２６-08-20"), "invalid DATE '２０２６-08-20' — type it with the digits 0-9"),
    (("today", "--since", "٢٠٢٦-08-01"),
     "invalid --since '٢٠٢٦-08-01' — type it with the digits 0-9"),
    (("week", "２０２６-W05"), "invalid week '２０２６-W05' — type it with the digits 0-9"),
    (("month", "２０２６-05"), "invalid month '２０２６-05' — type it with the digits 0-9")])
def test_a_period_typed_with_other_digits_says_to_use_0_to_9(papers, args: tuple[str, ...],
                                                             said: str) -> None:
    """A date typed with an input method left on (fullwidth digits) got the generic
    "invalid DATE — use YYYY-MM-DD", the very shape it seemed to have: it now says what
    a number option says of such digits."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"papers: error: {said}\n"


@pytest.mark.parametrize("args,said", [
    (("day", "2026-02-30"), "invalid DATE '2026-02-30' — 2026-02 has 28 days"),
    (("today", "--since", "2024-02-30"), "invalid --since '2024-02-30' — 2024-02 has 29 days"),
    (("day", "2026-13-01"), "invalid DATE '2026-13-01' — a month is 01 to 12"),
    (("month", "2026-13"), "invalid month '2026-13' — a month is 01 to 12")])
def test_a_date_the_calendar_lacks_says_what_is_wrong(papers, args: tuple[str, ...],
                                                      said: str) -> None:
    """`papers day 2026-02-30` was told the forms a date takes, which it had: it now
    hears that February has 28 days."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"papers: error: {said}\n"
