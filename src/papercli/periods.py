"""Listing periods (a day, an ISO week, a month): parsing, API params, freshness class."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from papercli.errors import UsageError, quoting_shorter
from papercli.sanitize import lookalike_digits, quoted

Kind = Literal["day", "week", "month"]
Bound = Literal["start", "end"]  # which day of a month or week a range's date option means

# ASCII digits only (`\d` and int() also take fullwidth, Arabic-Indic... digits); used
# with fullmatch, as `$` would also match before a trailing newline.
_WEEK = re.compile(r"([0-9]{4})-?[Ww]([0-9]{1,2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_YEAR = re.compile(r"[0-9]{4}")  # a range's end alone (`--since 2024`: from its 1 January)
_RELATIVE = {"this": 0, "last": 1}  # how many weeks or months back
# A day counted back from today, as `git log --since` and `find -mtime` let you say it:
# 7d, 2w, 3mo, 1y, or "7 days", "2 weeks ago" (months and years by the calendar).
_AGO = re.compile(r"([0-9]{1,5}) ?(d|days?|w|weeks?|mo|months?|y|years?)(?: ago)?")
# A day by its weekday, as `git log --since=friday` takes it: the latest such day, today
# included; `last friday` the one before today (Monday morning's `papers day friday`).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NAMES = {name: n for n, weekday in enumerate(WEEKDAYS)
                  for name in (weekday, weekday[:3])} | {"tues": 1, "thur": 3, "thurs": 3}
_WEEKDAY = re.compile(r"(last )?([a-z]{3,9})")
# A date's shape, not yet a date; 2026-8-1 is read as 2026-08-01, as `papers month 2026-8`
# is read as 2026-08.
_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# A date as other tools write it, read as its ISO form: 2026/08/01 and 2026/08 (year
# first, so never ambiguous as 08/01/2026 is), and a timestamp (`published_at` in
# `--json`: 2026-08-01T12:00:00Z) for its day.
_SLASHED = re.compile(r"[0-9]{4}/[0-9]{1,2}(?:/[0-9]{1,2})?")
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}\S*")
# A month by its name and year, as a person writes it: aug 2026, August 2026, Sept. 2026,
# 2026 aug.
_MONTH_NAMES = {name: n for n, month in enumerate((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december"), 1) for name in (month, month[:3])} | {"sept": 9}
_NAMED_MONTH = re.compile(r"([a-z]{3,9})\.? ?([0-9]{4})|([0-9]{4}) ([a-z]{3,9})\.?")
# An ISO week by its number alone, as the title of a week's listing names it (W34).
_WEEK_ALONE = re.compile(r"w([0-9]{1,2})")
# `last week`, `this month`, `last year`: the period as `papers week last` names it.
_THIS_OR_LAST = re.compile(r"(this|last) (week|month|year)")
# What a date takes, said the one way wherever it is given: one day (`papers day DATE`,
# `arxiv --date`), or an end of a range (--since, --until), which takes a whole month,
# year or ISO week too. Each kind named once, short enough that the error line fits 80
# columns with a date-long value (--help has the rest: 2w, 3mo, 1y, "7 days ago"): a
# year and a month as a day's shorter shapes ("YYYY-MM-DD, YYYY-MM, YYYY, …" took 84).
DAY_FORMS = "use YYYY-MM-DD, today, yesterday or 7d"
RANGE_FORMS = "use YYYY[-MM[-DD]], YYYY-Www or 7d"
WEEK_FORMS = "use 2024-W05, a day in it, this or last"
MONTH_FORMS = "use 2024-03, a day in it, this or last"
LOOKALIKE_HINT = "type it with the digits 0-9"


class Period(NamedTuple):
    """A listing period; ordered by (kind, start), like the tuple it is."""

    kind: Kind
    start: date

    @property
    def end(self) -> date:
        """Last day inside the period."""
        if self.kind == "day":
            return self.start
        if self.kind == "week":
            return self.start + timedelta(days=6)
        nxt = date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)
        return nxt - timedelta(days=1)

    @property
    def value(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year:04d}-W{week:02d}"  # (0999-W05, as a day is 0999-02-01)
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"

    @property
    def label(self) -> str:
        names = {"day": "Daily Papers", "week": "Weekly Papers", "month": "Monthly Papers"}
        return f"{names[self.kind]} — {self.value}"

    def params(self) -> dict[str, str]:
        """The /api/daily_papers query selecting this period."""
        return {{"day": "date"}.get(self.kind, self.kind): self.value}

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def day(value: date) -> Period:
    return Period("day", value)


def week_of(value: date) -> Period:
    return Period("week", value - timedelta(days=value.weekday()))


def month_of(value: date) -> Period:
    return Period("month", value.replace(day=1))


def parse_date(text: str, *, option: str = "day", bound: Bound | None = None) -> date:
    """YYYY-MM-DD (a month or day of one digit too; also ISO's 20260720 and 2026-W30-1),
    the words today / yesterday, or a span back from today (`_AGO`).

    With `bound` (a range's --since or --until), a month (2026-08), a year (2026) or an
    ISO week (2026-W30) stands for its first or last day, as "since August" and "until
    August" mean it; where one day is meant (`papers day`, `arxiv --date`) a week, month
    or year is refused, said with its first day, not read as it without a word."""
    from papercli import clock

    word = " ".join(text.strip().lower().split())
    if word == "today":
        return clock.today()
    if word == "yesterday":
        return clock.today() - timedelta(days=1)
    if (weekday := _weekday(word, clock.today())) is not None:
        return weekday
    _refuse_lookalike_digits(text, option)
    typed, text = text, _as_iso(text)
    whole = _whole_period(text, option, typed) if text.strip().isascii() else None
    if whole is not None:
        if bound is None:
            raise invalid(option, typed,
                          f"a {whole.kind}, not a day: try {whole.start}")
        return whole.start if bound == "start" else whole.end
    if (year := _year(text)) is not None or (year := _this_or_last_year(word)) is not None:
        if bound is None:
            raise invalid(option, typed, f"a year, not a day: try {year:04d}-01-01")
        return date(year, 1, 1) if bound == "start" else date(year, 12, 31)
    try:
        if not text.strip().isascii():
            raise ValueError(text)
        span = _AGO.fullmatch(word)
        if span:
            return ago(clock.today(), int(span[1]), span[2])
        if shape := _DAY.fullmatch(text.strip()):
            return date(int(shape[1]), int(shape[2]), int(shape[3]))
        return date.fromisoformat(text.strip())
    except (ValueError, OverflowError):
        forms = DAY_FORMS if bound is None else RANGE_FORMS
        raise invalid(option, typed,
                      _impossible_day(text) or _weekday_forms(word) or forms) from None


def _weekday(word: str, today: date) -> date | None:
    """The day a weekday's name (`_WEEKDAY_NAMES`) stands for, back from `today`: the
    latest such day, today included ("friday" on a Friday is today), or with "last" the
    latest before today; None for any other word."""
    shape = _WEEKDAY.fullmatch(word)
    if shape is None or (number := _WEEKDAY_NAMES.get(shape[2])) is None:
        return None
    back = (today.weekday() - number) % 7
    if shape[1] and back == 0:
        back = 7
    return today - timedelta(days=back)


def weekday_named(text: str) -> str | None:
    """The weekday `text` names by its name alone, as `papers day friday` takes it (the
    latest such day, today included), in full ("fri": "friday"); None for any other text,
    "last friday" too."""
    shape = _WEEKDAY.fullmatch(" ".join(text.strip().lower().split()))
    if shape is None or shape[1] or (number := _WEEKDAY_NAMES.get(shape[2])) is None:
        return None
    return WEEKDAYS[number]


def _weekday_forms(word: str) -> str | None:
    """For a weekday's name in a form not taken ("this friday", "next friday", "friday
    last", "last-friday"), the two that are: "use YYYY-MM-DD, today, yesterday or 7d"
    named neither, where the day was meant by its name. None for any other word."""
    names = {WEEKDAYS[_WEEKDAY_NAMES[w]] for w in re.findall(r"[a-z]+", word)
             if w in _WEEKDAY_NAMES}
    if len(names) != 1:
        return None
    name = names.pop()
    return f"use {name} or 'last {name}'"


def _as_iso(text: str) -> str:
    """`text` in its ISO form where it is a date written another way (`_SLASHED`,
    `_STAMP`): 2026/8/1 is 2026-8-1, a timestamp its day; any other text as it is."""
    stripped = text.strip()
    if _SLASHED.fullmatch(stripped):
        return stripped.replace("/", "-")
    if _STAMP.fullmatch(stripped):
        try:  # (a time that is none, 25:00, leaves it no date)
            return datetime.fromisoformat(stripped).date().isoformat()
        except ValueError:
            pass
    return text


def _month_named(text: str) -> Period | None:
    """The month `text` names in words (`_NAMED_MONTH`: aug 2026, August 2026), or
    `this month`, `last month`; a month's name alone (aug, August) the latest month of
    that name that has begun, as "since August" means it (this year's, or last year's
    when this year's is still to come: `papers month dec` in August is last December;
    it was "invalid month 'aug'", where `aug 2026` was taken); None for any other text."""
    from papercli import clock

    word = " ".join(text.strip().lower().split())
    if (this_or_last := _THIS_OR_LAST.fullmatch(word)) and this_or_last[2] == "month":
        this = month_of(clock.today())
        return this if this_or_last[1] == "this" else month_of(this.start - timedelta(days=1))
    if (alone := _MONTH_NAMES.get(word.removesuffix("."))) is not None:
        today = clock.today()
        return Period("month", date(today.year - (alone > today.month), alone, 1))
    shape = _NAMED_MONTH.fullmatch(word)
    if shape is None:
        return None
    name, year = (shape[1], shape[2]) if shape[1] else (shape[4], shape[3])
    month = _MONTH_NAMES.get(name)
    if month is None or int(year) < 1:
        return None
    return Period("month", date(int(year), month, 1))


def _week_named(text: str) -> Period | None:
    """`this week` or `last week` (the week before this one); a week's number alone
    (W34) the latest week of that number that has begun, as a month's name alone is
    (`_month_named`: this year's, or last year's when this year's is still to come; it
    was "invalid week 'W34'", the number `papers week`'s own title gives); else None."""
    from papercli import clock

    word = " ".join(text.strip().lower().split())
    if alone := _WEEK_ALONE.fullmatch(word):
        today = clock.today()
        for year in (today.isocalendar()[0], today.isocalendar()[0] - 1):
            try:
                start = date.fromisocalendar(year, int(alone[1]), 1)
            except ValueError:  # (W00, W54; W53 of a year that has 52)
                continue
            if start <= today:
                return Period("week", start)
        return None
    this_or_last = _THIS_OR_LAST.fullmatch(word)
    if this_or_last is None or this_or_last[2] != "week":
        return None
    return week_of(clock.today() - timedelta(weeks=_RELATIVE[this_or_last[1]]))


def _this_or_last_year(word: str) -> int | None:
    """The year `this year` or `last year` names, else None."""
    from papercli import clock

    this_or_last = _THIS_OR_LAST.fullmatch(word)
    if this_or_last is None or this_or_last[2] != "year":
        return None
    return clock.today().year - _RELATIVE[this_or_last[1]]


def _year(text: str) -> int | None:
    """The year `text` is alone (YYYY, 0001 on), else None."""
    shape = _YEAR.fullmatch(text.strip())
    return int(shape[0]) if shape and int(shape[0]) >= 1 else None


def invalid(what: str, text: str, hint: str) -> UsageError:
    """`text` given to `what` (an option, "--since"; a listing's argument, "day", "week")
    is no date, week or month: said the one way, an option's as a bad --limit or --sort
    is ("--since '2026/08/14'"), an argument's as "invalid day '…'", with the one hint of
    where it was given. A value too long for the line to fit 80 columns with its hint is
    said whole with the hint in fewer words (`_briefer`), then without "invalid", and
    only then cut short: "invalid day '2026-08-2…' — use YYYY-MM-DD, today, yesterday or
    7d" cut the very character that was wrong. A search qualifier's (`what` "since:") is
    said as typed, "'since:2' is no date", where "--since '2'" named an option the query
    never had; "is no date" goes first where it cannot fit."""
    briefer = _briefer(hint)  # (said before the value is cut: `errors.quoting_shorter`)
    if what.endswith(":"):
        typed = what + text

        def no_date(shown: str) -> str:
            return f"{shown} is no date"

        error = UsageError(no_date(quoted(typed)), hint=hint)
        error.shorter = quoting_shorter(no_date, typed, hint, [
            (lead, then) for then in (hint, *briefer) for lead in (no_date, str)][1:])
        return error

    def said(shown: str) -> str:
        return f"{what} {shown}" if what.startswith("-") else f"invalid {what} {shown}"

    def is_no(shown: str) -> str:  # (2 columns fewer than "invalid day …")
        return f"{shown} is no {what}"

    leads = [said] if what.startswith("-") else [said, is_no]
    error = UsageError(said(quoted(text)), hint=hint)
    error.shorter = quoting_shorter(said, text, hint, [
        *((said, brief) for brief in briefer),
        *((lead, then) for lead in leads[1:] for then in (hint, *briefer))])
    return error


# Each place's forms (DAY_FORMS …) in fewer words, for a line with a long value: the
# value is said whole before the hint is said whole (`errors.quoting_shorter`).
_BRIEFER = {DAY_FORMS: ("use YYYY-MM-DD or today", "use YYYY-MM-DD"),
            RANGE_FORMS: ("use YYYY[-MM[-DD]] or 7d", "use YYYY-MM-DD"),
            WEEK_FORMS: ("use 2024-W05 or this", "use 2024-W05"),
            MONTH_FORMS: ("use 2024-03 or this", "use 2024-03")}


def _briefer(hint: str) -> list[str]:
    """`hint` in fewer words, best first: a place's forms (`_BRIEFER`), a suggestion
    without why ("a week, not a day: try 2026-08-17": "try 2026-08-17")."""
    if hint in _BRIEFER:
        return list(_BRIEFER[hint])
    if (suggestion := re.fullmatch(r"[^:]+: (try \S+)", hint)) is not None:
        return [suggestion[1]]
    if hint == LOOKALIKE_HINT:
        return ["type digits 0-9"]
    if (weeks := re.fullmatch(r"\d+'s ISO (weeks are W01 to W\d+)", hint)) is not None:
        return [weeks[1]]
    return []


def future(what: str, kind: Kind = "day") -> UsageError:
    """`what` ("2030-01-01", "--since 2026-09-01", "2030-W01") names a `kind` of period
    that has not begun: said the one way by every command, with what can be given ("pick
    a past date" left out today, which is taken)."""
    now = "today" if kind == "day" else f"this {kind}"
    return UsageError(f"{what} is in the future", hint=f"pick {now} or earlier")


def _whole_period(text: str, option: str, typed: str | None = None) -> Period | None:
    """The month (YYYY-MM) or ISO week (YYYY-Www) `text` names, None for any other text;
    a week or month of the right shape that the calendar lacks (2026-W54, 2026-13) is
    its own usage error, saying which there are."""
    found = _iso_week(text) or _iso_month(text) or _week_named(text) or _month_named(text)
    if found is None and (_WEEK.fullmatch(text.strip()) or _MONTH.fullmatch(text.strip())):
        hint = _no_such_period(text).hint
        if hint and not hint.startswith("use "):  # (else the forms a date takes say it)
            raise invalid(option, text if typed is None else typed, hint)
    return found


def _no_such_period(text: str) -> UsageError:
    """The error for `text` shaped as a week or a month that is none (`parse_week`'s and
    `parse_month`'s hint, for a date option as for the listing)."""
    if shape := _WEEK.fullmatch(text.strip()):
        if 1 <= int(shape[1]) <= 9998:  # the shape is right: the number is not
            weeks = date(int(shape[1]), 12, 28).isocalendar()[1]  # (the 28th: last week)
            return invalid("week", text, f"{shape[1]}'s ISO weeks are W01 to W{weeks}")
        return invalid("week", text, WEEK_FORMS)
    shape = _MONTH.fullmatch(text.strip())
    return invalid("month", text, "a month is 01 to 12" if shape and int(shape[1]) >= 1
                   else MONTH_FORMS)


def _impossible_day(text: str) -> str | None:
    """For a date of the right shape that the calendar lacks (2026-02-30, 2026-13-01),
    what is wrong with it: the forms a date takes would not help."""
    shape = _DAY.fullmatch(text.strip())
    if shape is None or int(shape[1]) < 1:
        return None
    year, month = int(shape[1]), int(shape[2])
    if not 1 <= month <= 12:
        return "a month is 01 to 12"
    last = Period("month", date(year, month, 1)).end.day
    return f"{year:04d}-{month:02d} has {last} days"


def _refuse_lookalike_digits(text: str, what: str) -> None:
    """Fullwidth or Arabic-Indic digits (an input method left on) are not a date, a
    week or a month: say how to type it, as a number option does (config.typed_number)."""
    if lookalike_digits(text):
        raise invalid(what, text, LOOKALIKE_HINT)


def ago(today: date, count: int, unit: str) -> date:
    """`count` days, weeks, months or years (`unit`: d, w, mo, y or those words) before
    `today`; a month or year back from the 31st (or 29 February) lands on its month's
    last day."""
    if unit[0] == "d":
        return today - timedelta(days=count)
    if unit[0] == "w":
        return today - timedelta(weeks=count)
    months = count * 12 if unit[0] == "y" else count
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise ValueError(f"{count} {unit} before {today}")
    first = date(year, month + 1, 1)
    last = Period("month", first).end.day
    return first.replace(day=min(today.day, last))


def parse_week(text: str) -> Period:
    """YYYY-Www, a date in the week, or the words this / last (the week before this one)
    for a user who does not know today's week number."""
    from papercli import clock

    word = text.strip().lower()
    if word in _RELATIVE:
        return week_of(clock.today() - timedelta(weeks=_RELATIVE[word]))
    _refuse_lookalike_digits(text, "week")
    found = _iso_week(text) or _week_named(text)
    if found is None and (within := _date_in(text, "week")) is not None:
        return week_of(within)
    if found is None:
        if _WEEK.fullmatch(text.strip()):
            raise _no_such_period(text)
        raise invalid("week", text, _a_year(text, "week") or WEEK_FORMS)
    return found


def parse_month(text: str) -> Period:
    """YYYY-MM, a date in the month, or the words this / last."""
    from papercli import clock

    word = text.strip().lower()
    if word in _RELATIVE:
        this = month_of(clock.today())
        return this if not _RELATIVE[word] else month_of(this.start - timedelta(days=1))
    _refuse_lookalike_digits(text, "month")
    found = _iso_month(_as_iso(text)) or _month_named(text)
    if found is None and (within := _date_in(text, "month")) is not None:
        return month_of(within)
    if found is None:
        if _MONTH.fullmatch(text.strip()):
            raise _no_such_period(text)
        raise invalid("month", text, _a_year(text, "month") or MONTH_FORMS)
    return found


def _a_year(text: str, kind: str) -> str | None:
    """For a year given as a week or month (`papers month 2026`), the hint that says so
    with its first one, as a day's says a week given ("a week, not a day: try …")."""
    year = _year(text)
    if year is None:
        return None
    return f"a year, not a {kind}: try {year:04d}-{'01' if kind == 'month' else 'W01'}"


def _date_in(text: str, what: str) -> date | None:
    """A week or month named by a day in it (`papers week 2026-08-18`, `papers month 3mo`:
    what a user has at hand is a date, not its ISO week number), or None when `text` is
    no date; a date's shape that the calendar lacks is its own error."""
    try:
        return parse_date(text, option=what)
    except UsageError:
        if _DAY.fullmatch(text.strip()):
            raise
        return None


def named(kind: str, text: str | None) -> Period:
    """The period a listing command names (`papers day|week|month [ARG]`, `browse`):
    `text` read as the kind's value, or the current one when no argument was given
    (None). A blank argument (`papers week ""`) is read like any other, so it is the same
    usage error for every kind, never quietly this week."""
    from papercli import clock

    if kind == "day":
        return day(parse_date("today" if text is None else text))
    if text is None:
        return (week_of if kind == "week" else month_of)(clock.today())
    return parse_week(text) if kind == "week" else parse_month(text)


def _iso_week(text: str) -> Period | None:
    match = _WEEK.fullmatch(text.strip())
    if match:
        try:
            return Period("week", date.fromisocalendar(int(match[1]), int(match[2]), 1))
        except ValueError:
            pass
    return None


def _iso_month(text: str) -> Period | None:
    match = _MONTH.fullmatch(text.strip())
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1:
        return Period("month", date(int(match[1]), int(match[2]), 1))
    return None


def parse_key(key: str) -> Period | None:
    kind, _, value = key.partition(":")
    try:
        if kind == "day":
            return day(date.fromisoformat(value))
        if kind == "week":  # (a key is always ISO: never "last", whatever today is)
            return _iso_week(value)
        if kind == "month":
            return _iso_month(value)
    except ValueError:
        return None
    return None


def periods_between(start: date, end: date) -> list[Period]:
    """Cover [start, end] with whole months, then whole ISO weeks, then single days.

    Fewest requests for `papers sync`: a month is one paginated listing.
    """
    out: list[Period] = []
    cursor = start
    while cursor <= end:
        month = month_of(cursor)
        if cursor == month.start and month.end <= end:
            out.append(month)
            cursor = month.end + timedelta(days=1)
            continue
        week = week_of(cursor)
        if cursor == week.start and week.end <= end:
            out.append(week)
            cursor = week.end + timedelta(days=1)
            continue
        out.append(day(cursor))
        cursor += timedelta(days=1)
    return out
