"""A listing's period as the command line names it: `papers day|week|month [ARG]`."""

from __future__ import annotations

import re

import pytest

from conftest import HubServer, one_line


@pytest.mark.parametrize("kind", ["week", "month", "day"])
@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_period_is_a_usage_error_for_every_kind(papers, seeded_hub: HubServer,
                                                        kind: str, blank: str) -> None:
    """`papers week ""` listed this week while `papers week " "` was a usage error (the
    same for month, and `day ""` listed today): an empty argument, as a script's unset
    variable gives, is read like any other value and refused the same way."""
    done = papers(kind, blank)
    assert (done.exit_code, done.stdout) == (2, ""), (done.stdout, done.stderr)
    what = kind
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
    (("day", "２０２６-08-20"), "invalid day '２０２６-08-20' — type it with the digits 0-9"),
    (("today", "--since", "٢٠٢٦-08-01"),
     "--since '٢٠٢٦-08-01' — type it with the digits 0-9"),
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


@pytest.mark.parametrize("args", [("month", "août 2026"), ("month", "2026年8月"),
                                  ("today", "--since", "3dé")])
def test_a_period_with_other_letters_beside_0_to_9_is_not_told_to_use_0_to_9(
        papers, args: tuple[str, ...]) -> None:
    """A French month name or a CJK date holds the digits 0-9 and letters that are not
    ASCII: it was told to "type it with the digits 0-9", which it was; now the forms a
    period takes, as any other text that is no period is told."""
    done = papers(*args, "--offline")
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert "digits 0-9" not in line and " — use " in line, line


@pytest.mark.parametrize("args,said", [
    (("day", "2026-02-30"), "invalid day '2026-02-30' — 2026-02 has 28 days"),
    (("today", "--since", "2024-02-30"), "--since '2024-02-30' — 2024-02 has 29 days"),
    (("day", "2026-13-01"), "invalid day '2026-13-01' — a month is 01 to 12"),
    (("month", "2026-13"), "invalid month '2026-13' — a month is 01 to 12")])
def test_a_date_the_calendar_lacks_says_what_is_wrong(papers, args: tuple[str, ...],
                                                      said: str) -> None:
    """`papers day 2026-02-30` was told the forms a date takes, which it had: it now
    hears that February has 28 days."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"papers: error: {said}\n"


@pytest.mark.parametrize("args,said", [
    (("week", "0001-W01"), "0001-W01"),
    (("month", "0999-05"), "0999-05"),
    (("day", "0999-05-01"), "0999-05-01"),
])
def test_a_period_before_the_year_1000_keeps_its_zeros(papers, args: tuple[str, ...],
                                                       said: str) -> None:
    """`papers week 0001-W01` said "nothing was listed in 1-W01" and `month 0999-05`
    "999-05", while a day kept its zeros: a period is said as it is typed."""
    done = papers(*args, "--offline")
    assert done.exit_code == 1, done.stderr
    assert done.stderr.startswith(f"papers: error: {said} is not in the local library")


# The one hint of each place a date is given, whatever was typed and however long: one
# day (the day listing, arxiv --date), or an end of a range (--since, --until), which
# takes a month, a year or an ISO week too.
DAY_HINT = "use YYYY-MM-DD, today, yesterday or 7d"
RANGE_HINT = "use YYYY[-MM[-DD]], YYYY-Www or 7d"


@pytest.mark.parametrize("args,said", [
    (("day", "14/08/2026"), f"invalid day '14/08/2026' — {DAY_HINT}"),
    (("day", "nextweek"), f"invalid day 'nextweek' — {DAY_HINT}"),
    # (too long for the hint to fit whole: the hint is said briefer, the value whole)
    (("day", "14-08-2026T00:00"), "invalid day '14-08-2026T00:00' — use YYYY-MM-DD or today"),
    (("arxiv", "cs.CL", "--date", "14/08/2026"), f"--date '14/08/2026' — {DAY_HINT}"),
    (("search", "--since", "14/08/2026"), f"--since '14/08/2026' — {RANGE_HINT}"),
    (("search", "--since", "nextweek"), f"--since 'nextweek' — {RANGE_HINT}"),
    (("today", "--until", "14-08-2026T00:00:00Z"),
     "--until '14-08-2026T00:00:00Z' — use YYYY[-MM[-DD]] or 7d"),
    (("trends", "--since", "nextweek"), f"--since 'nextweek' — {RANGE_HINT}"),
    (("sync", "--since", "14/08/2026"), f"--since '14/08/2026' — {RANGE_HINT}"),
    (("week", "2026/W05"), "invalid week '2026/W05' — use 2024-W05, a day in it, this or last"),
    (("week", "2026/W05/x"), "invalid week '2026/W05/x' — use 2024-W05 or this"),
    (("month", "05/2026"), "invalid month '05/2026' — use 2024-03, a day in it, this or last"),
])
def test_a_bad_date_gets_the_one_hint_of_where_it_was_given(
        papers, args: tuple[str, ...], said: str) -> None:
    """`papers day 2026/08/14` was told "today or 7d, 2w, 3mo" (not yesterday, which
    works), `day 2026-08-14T00:00` and `--since 2026/08/14` a hint without "today" (their
    lines were longer), and no --since hint named the months and weeks it takes; `week
    2026/W05` made 81 columns. Now one hint per place, on an 80-column line, said in
    fewer words where the value would not fit whole with it ('2026/W0…' was cut)."""
    done = papers(*args, *(("--offline",) if args[0] not in ("trends", "sync") else ()))
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"papers: error: {said}\n"
    assert len(done.stderr) - 1 <= 80


def _forms(hint: str) -> list[str]:
    """The forms a hint names, as values: YYYY-MM-DD as a day, and so on."""
    examples = {"YYYY-MM-DD": ["2026-08-14"], "YYYY-Www": ["2026-W30"],
                "YYYY[-MM[-DD]]": ["2026", "2026-08", "2026-08-14"]}
    return [value for form in re.split(r", | or ", hint[len("use "):])
            for value in examples.get(form, [form])]


@pytest.mark.parametrize("args", [
    *(("search", "x", "--since", form) for form in _forms(RANGE_HINT)),
    *(("day", form) for form in _forms(DAY_HINT)),
])
def test_every_form_a_date_hint_names_is_taken(papers, args: tuple[str, ...]) -> None:
    """What a hint offers works where it is offered (a missing listing is no usage
    error)."""
    done = papers(*args, "--offline")
    assert done.exit_code != 2, done.stderr


@pytest.mark.parametrize("args,said", [
    (("day", "2030-01-01"), "2030-01-01 is in the future — pick today or earlier"),
    (("week", "2030-W01"), "2030-W01 is in the future — pick this week or earlier"),
    (("month", "2030-01"), "2030-01 is in the future — pick this month or earlier"),
    (("trends", "--since", "2026-12"),
     "--since 2026-12-01 is in the future — pick today or earlier"),
    (("sync", "--since", "2026-12-01"),
     "--since 2026-12-01 is in the future — pick today or earlier"),
    (("for-you", "--since", "2026-12-01"),
     "--since 2026-12-01 is in the future — pick today or earlier"),
])
def test_a_date_in_the_future_is_said_one_way(papers, args: tuple[str, ...],
                                              said: str) -> None:
    """`papers day 2030-01-01` said "pick a past date" (today is taken too) and `trends
    --since 2026-09` "(today is …) — pick a --since on or before today" (100 columns):
    one wording, naming what may be picked."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"papers: error: {said}\n"

