"""Trends: how many papers each model family, organization or AI keyword has per week or
month, counted exactly over the library (no network), and which periods it covers.

`compute(session, by=, since=, until=, top=, every=, filters=)` is the one entry point
(`papers trends`, and anything else that wants the series); `from_papers` builds the same
`Trends` from papers in hand (the HTML digest's chart). Counting rules (db/trends.py): a
paper counts on its Daily Papers day when the Hub listed it, else on its arXiv date (v1;
always with --source arxiv alone, the days arXiv's listings cover);
an AI keyword's spellings are merged (group_keywords: case, hyphens, a plural, an acronym
the library's abstracts define), each paper counted once per keyword.

Coverage: a day is cached when the library holds its Daily Papers listing, or an arXiv
listing names it (`papers arxiv --date/--since` ranges, an announcement's day, a day
`papers sync --arxiv` stored) for each category counted (--category's, else the followed
ones; any, following none: `arxiv_note` says which), or it is a weekend between two Daily
Papers days the library holds (`covered_days`). With --category, only the arXiv days
count, whatever --source: a Daily Papers day says nothing of a category (`_covering`). A period
is "complete" when every day of it in the range (up to today) is cached, "partial" when
some are (or it holds papers without a listing: e.g. ones opened with `show`), and "none"
(not cached) otherwise: its counts are unknown, not zero (None in `Series.counts`).

Core module: no Typer or Rich.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from papercli import clock
from papercli.errors import NOTE_ROOM, UsageError
from papercli.sanitize import quoted
from papercli.words import empty_library, singular

if TYPE_CHECKING:
    from papercli.filters import Filter, FilterOptions
    from papercli.models import Paper
    from papercli.session import Session

BY = ("family", "org", "keyword")  # --by's rows; "word": rows of words given (`words=`)
EVERY = ("day", "week", "month")
DEFAULT_TOP = 8
MAX_TOP = 100
DEFAULT_MONTHS = 6  # the default range: this month and the five before (26 weeks weekly)
DEFAULT_DAYS = 30  # ... or the last 30 days, daily
# Periods one chart counts: 54 years of days, more than arXiv's whole run. Time and memory
# grow with them (--since 0001-01-01 --every day: 740,000 days, half a minute, half a GB).
MAX_PERIODS = 20_000
State = Literal["complete", "partial", "none"]


@dataclass(frozen=True)
class Period:
    """One column of the chart: a week, month or day inside the range."""

    start: date
    end: date  # the last day counted (the range may end inside the period)
    name: str  # 2025-03, 2025-W10, 2025-03-04
    days: int  # days counted (in the range, up to today)
    cached_days: int  # of those, days the library has a listing for
    papers: int  # papers dated in it (each once), passing the filters
    # Of those, the papers that record what a row is (an organization, AI keywords); None
    # when every paper can name one (families, from its text).
    named: int | None = None
    # With --org: the papers the other filters pass (`named`: those of them that record
    # an organization); None without it.
    pool: int | None = None

    @property
    def recorded(self) -> bool:
        """Whether the series' counts are known: False when the period holds papers but
        not one records an organization (or AI keywords): the Hub did not record them
        then (before late 2025 for organizations), so a row's zero would be a guess.
        With --org, the papers are those the other filters pass: a month with none of
        the organization's papers is unknown when no paper of it records one."""
        held = self.papers if self.pool is None else self.pool
        return self.named is None or self.named > 0 or not held

    @property
    def state(self) -> State:
        if self.days and self.cached_days >= self.days:
            return "complete"
        if self.cached_days or self.papers:
            return "partial"
        return "none"

    @property
    def covered(self) -> bool:
        return self.state != "none"


@dataclass(frozen=True)
class Series:
    """One row: a family, organization or keyword, its count per period (None where the
    period is not cached), its total over the range, and its change."""

    name: str
    label: str
    counts: tuple[int | None, ...]
    total: int
    change: float | None  # latest covered period against the one before, per cached day
    # (a latest period in progress: against the same days of the one before; Trends.compared)
    # or, for a row of organizations or AI keywords, per paper that records one
    new: bool = False  # nothing in the period before, something in the latest
    # An AI keyword's spellings counted as it, most used first (group_keywords); () else
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trends:
    by: str
    every: str
    since: date
    until: date
    periods: tuple[Period, ...]
    series: tuple[Series, ...]
    papers: int  # papers in the range (each once)
    undated: int = 0  # papers with no usable day, left out (by weeks or days: month_only too)
    filters: str = ""  # the filters' words ("from arxiv · category cs.CL"), "" for none
    source: str = "library"  # "library", or "digest" (from_papers: the papers given)
    cached_days: int = 0
    days: int = 0
    first_cached: date | None = None
    last_cached: date | None = None
    notes: tuple[str, ...] = field(default=())
    overall_change: tuple[float | None, bool] = (None, False)  # all_series' (change, new)
    sources: tuple[str, ...] = ()  # --source: the listings that count ("hf", "arxiv"); () all
    # --category given: only arXiv's days of it cover a day (`_covering`), whatever --source
    by_category: bool = False
    # The arXiv categories a day must be held for (--category's whole ones, else those
    # followed): what the hints' `papers sync --arxiv` names; () says CATEGORY
    arxiv_categories: tuple[str, ...] = ()
    # --has-model: the papers of the range left out as their linked models are not known
    # yet (pages never fetched), which the command counts in a warning, as a listing does
    models_unknown: int = 0
    # Of `papers`, those you hid: counted all the same (a trend is of what was listed, not
    # of what you look at; `orgs` counts them too, `families` not), and the caption says so.
    hidden: int = 0
    empty: bool = False  # the library holds no paper at all (`why_empty` says so)
    # The words given (`by` "word"), one per row, in the order asked (as -k tidies them)
    words: tuple[str, ...] = ()
    # Papers with no day of their own (an old import's: shown with its id's month) that
    # the range's months hold by their ids: by months each counts in its month (the
    # Counted by line says so), by weeks or days none can (among `undated`, said apart).
    month_only: int = 0

    def fetches(self, what: str, dated: bool = False) -> str:
        """Which command fetches `what` this chart counts: Daily Papers' days come from
        `papers sync`, arXiv's from `papers sync --arxiv` (never the one for the other);
        `dated`: from the range's first day (to its last, when that is past), else DATE."""
        hub, arxiv = self._syncs(dated)
        from_hub, from_arxiv = self._synced()
        if not from_hub and not from_arxiv:
            return self._began()
        if not from_hub:
            return f"{arxiv} fetches {what}"
        if from_arxiv:
            return f"{hub} fetches Daily Papers' listings, {arxiv} arXiv's"
        return f"{hub} fetches {what}"

    def _synced(self) -> tuple[bool, bool]:
        """Whether `papers sync` (Daily Papers) and `papers sync --arxiv` can fetch what
        this chart counts. Neither, for a range that ends before Daily Papers began unless
        `--source arxiv` asks for arXiv's: its `papers sync --since 2019-08-01 --until
        2020-01-31` is a usage error, and said with --until, arXiv's sync does not fit
        the line. With --category, arXiv's alone: only its days of a category cover it."""
        from papercli.sync import hub_opening

        if self.by_category:  # (only arXiv's days of a category cover it: `_covering`)
            return False, True
        hub = (not self.sources or "hf" in self.sources) and self.until >= hub_opening().day
        return hub, "arxiv" in self.sources

    def _began(self) -> str:
        """Why nothing fetches a range of Daily Papers before it began, as sync says it
        (`sync.Opening`, the one home of when a source began and how that is said)."""
        from papercli.sync import hub_opening

        return hub_opening().began()

    def _syncs(self, dated: bool) -> tuple[str, str]:
        """The commands that fetch Daily Papers' days and arXiv's (see `fetches`): Daily
        Papers' from its first day at the earliest (`sync.Opening`; "papers sync --since
        2019-08-01" named days sync skips with a note)."""
        # (the categories given or followed, by name: `--category cs.CL` was told to run
        # "papers sync --arxiv CATEGORY")
        cats = ",".join(self.arxiv_categories) or "CATEGORY"
        if not dated:
            return "papers sync --since DATE", f"papers sync --arxiv {cats} --since DATE"
        from papercli.sync import hub_opening

        until = f" --until {self.until}" if self.until < clock.today() else ""
        hub = max(self.since, hub_opening().day)
        return (f"papers sync --since {hub}{until}",
                f"papers sync --arxiv {cats} --since {self.since}{until}")

    def _sync(self) -> str:
        """The command alone that fetches the range (`fetches`, without what it fetches;
        both, for both sources)."""
        hub, arxiv = self._syncs(dated=True)
        from_hub, from_arxiv = self._synced()
        if not from_hub:
            return arxiv if from_arxiv else self._began()
        return f"{hub}; {arxiv}" if from_arxiv else hub

    def _sync_brief(self) -> str:
        """`_sync` in fewer columns, for the last way to say it: a range of whole months
        by its months (sync reads `--since 2019-08` from its first day, `--until 2020-01`
        to its last) and CAT for CATEGORY ("nothing is cached (papers sync --arxiv
        CATEGORY --since 2019-08-01 --until 2020-01-31)" was 94 columns)."""
        since, until = self.since, self.until
        whole = since.day == 1 and (until + timedelta(days=1)).day == 1
        sync = self._sync().replace("CATEGORY", "CAT")
        if whole:
            sync = sync.replace(f"--since {since}", f"--since {since:%Y-%m}").replace(
                f"--until {until}", f"--until {until:%Y-%m}")
        return sync

    def _not_cached(self) -> list[str]:
        """The briefest way to say an uncached range, when a command fetches it and it
        fits a note's line: else the way before it is said whole, wrapped (CATEGORY
        and the days said better than CAT and months)."""
        for named in (self, replace(self, arxiv_categories=())):  # (too many: CAT)
            brief = f"not cached: {named._sync_brief()}"
            if "papers sync" in brief and len(brief) <= NOTE_ROOM:
                return [brief]
        if all(self._synced()):  # both sources: one command line, run with and without
            # --arxiv (the two in full made 140 columns; sync starts Daily Papers' range
            # on its first day by itself, with a note)
            since, until = self.since, self.until
            whole = since.day == 1 and (until + timedelta(days=1)).day == 1
            span = (f"--since {since:%Y-%m}" if whole else f"--since {since}") + (
                "" if until >= clock.today() else
                f" --until {until:%Y-%m}" if whole else f" --until {until}")
            both = f"not cached: papers sync [--arxiv CAT] {span}"
            if len(both) <= NOTE_ROOM:
                return [both]
        return []

    def why_empty(self) -> str | None:
        """Why there is nothing to chart (no paper in the range passes), and what to do:
        said on stderr in place of a chart of zeros, as an empty listing says why; None
        when there are papers."""
        ways = self.why_empty_ways()
        return ways[0] if ways else None

    def why_empty_ways(self) -> list[str]:
        """`why_empty` and shorter ways to say it, best first ([] when there are papers):
        the command line says the first that fits its 80-column line ("no papers in the
        library from … to … (papers sync --since … fetches them)" was 108 columns, over
        a past range or both sources well past 120)."""
        if self.papers:
            return []
        if self.empty:  # (as every command says it: not a range to sync)
            return [empty_library("nothing is charted yet")]
        days = (f"on {self.since}" if self.since == self.until
                else f"from {self.since} to {self.until}")
        # a range up to today said by its first day ("since 2026-03-01")
        since = days if self.until < clock.today() or self.since == self.until \
            else f"since {self.since}"
        spans = (f"in the library {days}", days, since)
        # (the command alone, where what it fetches does not fit: never a shorter one
        # without --until, which for a range years back fetched every year since)
        fetch, sync = self.fetches("them", dated=True), self._sync()
        ways: list[str]
        if self.filters and self.cached_days:
            ways = [f"no paper {span} passes the filters{which}"
                    for which in (f" ({self.filters})", "") for span in spans]
            ways.append("no paper in the range passes the filters")
        elif self.filters:  # (shorter, what to do is kept over the filters' words)
            ways = [f"no paper {span} passes the filters ({self.filters}); nothing is cached "
                    f"({hint})" for hint in (fetch, sync) for span in spans]
            ways += [f"no paper {span} passes the filters; nothing is cached ({sync})"
                     for span in spans]
            ways += [f"nothing is cached {span} ({sync})" for span in spans]
            ways += [f"nothing is cached ({sync})", *self._not_cached()]
        elif not self.cached_days:
            ways = [f"no papers {span} ({hint})" for hint in (fetch, sync) for span in spans]
            ways += [f"no papers yet ({sync})", *self._not_cached()]
        elif self.cached_days < self.days:  # (the rest may have some)
            held = f"{self.cached_days:,} of {self.days:,} days"
            others = self.fetches("the others", dated=True)
            ways = [f"nothing was listed on the {held} {days} that the library holds "
                    f"({others})",
                    f"nothing was listed on the {held} the library holds ({others})",
                    f"nothing was listed on the {held} the library holds ({sync})",
                    f"the {held} held list nothing ({sync})", f"no papers yet ({sync})"]
        else:
            ways = [f"nothing was listed {days}"]
        return list(dict.fromkeys(ways))

    @property
    def counted_by(self) -> str:
        """Which day a paper counts on (COUNTED_BY, or its arXiv date for --source arxiv
        alone), and by months, where papers with neither were counted in their id's
        month, that too (COUNTED_BY_MONTH)."""
        said = COUNTED_BY_ARXIV if self.sources == ("arxiv",) else COUNTED_BY
        return said + (COUNTED_BY_MONTH if self.every == "month" and self.month_only else "")

    @property
    def in_progress(self) -> Period | None:
        """The last period when the range ends inside it (today): its bar counts only
        the days so far, and `change` sets them against the same days of the one before."""
        last = self.periods[-1] if self.periods else None
        return last if last and last.end < period_end(last.start, self.every) else None

    @property
    def compared(self) -> tuple[Period, Period, date, date] | None:
        """What `change` compares: (the period before, the latest, the days of the one
        before counted), or None when fewer than two periods are covered."""
        window = _window(self.periods, self.every)
        if window is None:
            return None
        i0, i1, first, last = window
        return self.periods[i0], self.periods[i1], first, last

    @property
    def all_series(self) -> Series:
        """Every paper as one series ("all papers"), for the chart's first row: with
        --org, the organization's papers, unknown where no paper records one."""
        counts = tuple(p.papers if p.covered and (p.pool is None or p.recorded) else None
                       for p in self.periods)
        return Series("", "all papers", counts, self.papers, *self.overall_change)

    def as_json(self) -> dict[str, Any]:
        """The series as data (`--format json`): periods with their coverage, and each
        series' counts in period order (null: not cached); "change" and "new" are the
        chart's "all papers" row's, as each series has its own."""
        change, new = self.overall_change
        return {
            "by": self.by, "every": self.every,
            "since": self.since.isoformat(), "until": self.until.isoformat(),
            "filters": self.filters or None,
            "counted_by": self.counted_by,
            "papers": self.papers, "undated": self.undated, "month_only": self.month_only,
            "hidden": self.hidden,
            "change": None if change is None else round(change, 4), "new": new,
            "compared": self._compared_json(),
            "coverage": {"cached_days": self.cached_days, "days": self.days,
                         "first": self.first_cached.isoformat() if self.first_cached else None,
                         "last": self.last_cached.isoformat() if self.last_cached else None},
            "periods": [{"period": p.name, "start": p.start.isoformat(),
                         "end": p.end.isoformat(), "days": p.days,
                         "cached_days": p.cached_days, "state": p.state,
                         "covered": p.covered, "in_progress": p is self.in_progress,
                         "recorded": p.recorded, "recording": p.named,
                         "papers": p.papers if p.covered and (p.pool is None or p.recorded)
                         else None} for p in self.periods],
            **({"words": list(self.words), "word_rule": WORD_RULE} if self.by == "word"
               else {}),
            "series": [{"name": s.name, "label": s.label, "counts": list(s.counts),
                        "total": s.total,
                        "change": None if s.change is None else round(s.change, 4),
                        "new": s.new,
                        **({"spellings": list(s.spellings)} if self.by == "keyword"
                           else {})} for s in self.series],
        }

    def _compared_json(self) -> dict[str, Any] | None:
        """The periods every "change" sets against each other, as the caption names them
        (the two latest cached, not always the last two), and the days of the one before
        counted (a latest period in progress: its same days); None with no change."""
        compared = self.compared
        if compared is None:
            return None
        before, latest, first, last = compared
        return {"latest": latest.name, "before": before.name,
                "before_days": {"first": first.isoformat(), "last": last.isoformat()}}


# How a row of a word given counts (the caption's words, JSON's "word_rule")
WORD_RULE = ("a word counts the papers holding it as a whole word in the title, abstract "
             "or AI keywords, as -k reads it")
COUNTED_BY = ("Daily Papers day when the Hub listed the paper, else its arXiv date")
# --source arxiv alone: the day arXiv's listings cover (db/trends.py ARXIV_DAY).
COUNTED_BY_ARXIV = "arXiv date (from arXiv alone: the day its listings cover)"
# By months, of a paper with no day of its own (an old import's, shown as `2026-08`)
COUNTED_BY_MONTH = ", else the month its arXiv id begins with"


# -- periods ---------------------------------------------------------------------------


def period_start(day: date, every: str) -> date:
    if every == "week":
        return day - timedelta(days=day.weekday())
    if every == "month":
        return day.replace(day=1)
    return day


def _next(start: date, every: str) -> date:
    if every == "week":
        return start + timedelta(days=7)
    if every == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def period_name(start: date, every: str) -> str:
    if every == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if every == "month":
        return f"{start.year}-{start.month:02d}"
    return start.isoformat()


def default_since(until: date, every: str) -> date:
    if every == "day":
        return until - timedelta(days=DEFAULT_DAYS - 1)
    month = until.month - (DEFAULT_MONTHS - 1)
    year = until.year + (month - 1) // 12
    since = date(year, (month - 1) % 12 + 1, 1)
    return since if every == "month" else period_start(until, "week") - timedelta(weeks=25)


def span(since: date | None, until: date | None, every: str,
         today: date | None = None) -> tuple[date, date]:
    """The range counted: `since` back to its period's first day, `until` (default today)
    on to its period's last day but never past today (nothing after it is listed yet)."""
    if every not in EVERY:
        raise UsageError(f"unknown period {every!r}", hint="use " + ", ".join(EVERY))
    today = today or clock.today()
    end = until or today
    if end > today:
        end = today
    start = period_start(since or default_since(end, every), every)
    # (tomorrow's period starts today or before: checked on the day given, not its
    # period's start, or this month was drawn as if today had been given)
    if since is not None and since > today:
        from papercli.periods import future

        raise future(f"--since {since}")
    from papercli.criteria import dates_in_order

    dates_in_order(since, end)  # the day given, not its period's start
    last = _next(period_start(end, every), every) - timedelta(days=1)
    if every == "month":
        count = (last.year - start.year) * 12 + last.month - start.month + 1
    else:
        count = ((last - start).days + 1) // (7 if every == "week" else 1)
    if count > MAX_PERIODS:
        coarser = {"day": ", or --every week or month", "week": ", or --every month"}
        later = "give a later --since"
        error = UsageError(f"--since {since} to {end} is {count:,} {every}s; at most "
                           f"{MAX_PERIODS:,} are counted", hint=later + coarser.get(every, ""))
        # (in 80 columns: the whole was 115; the count and the way out are what matter)
        many = f"{count:,} {every}s"
        error.shorter = [(f"{many} from --since {since}; at most {MAX_PERIODS:,}",
                          error.hint),
                         (f"{many}: at most {MAX_PERIODS:,} are counted", error.hint),
                         (f"{many}: at most {MAX_PERIODS:,}", error.hint),
                         (f"{many}: at most {MAX_PERIODS:,} are counted", later)]
        raise error
    return start, min(last, today)


def starts(since: date, until: date, every: str) -> list[date]:
    out, start = [], period_start(since, every)
    while start <= until:
        out.append(start)
        start = _next(start, every)
    return out


# -- coverage --------------------------------------------------------------------------


# Days around the range whose Daily Papers listings can say a weekend in it is covered
# (the Friday before its first day, the Monday after its last: `covered_days`).
WEEKEND_REACH = 2


def covered_days(rows: Iterable[tuple[str, str, str, str]], since: date, until: date,
                 sources: Sequence[str] = (), today: date | None = None,
                 categories: Sequence[str] = ()) -> set[date]:
    """Days in [since, until] some cached listing covers (rows from db.trends.listed_days,
    read WEEKEND_REACH days beyond the range): Daily Papers day listings (source hf),
    arXiv submission ranges (`arxiv:CATS:D` or `…:D1..D2`, and the days `papers sync
    --arxiv` stored) and announcements (their day) for source arxiv; `sources` limits
    which. A day that had not begun when its listing was fetched is not covered by it.
    With `categories` (those counted: --category, else the followed ones), an arXiv day
    is covered only when it is held for each of them (`arxiv_held`): a day synced for
    cs.CL alone says nothing of cs.LG's papers; without, a listing of any category.

    A weekend with no listing of its own is covered for Daily Papers when the library
    holds the Friday before it and the Monday after (or that Monday is still to come):
    the Hub lists nothing on weekends (listings.weekend_line), so `papers sync` stores
    them empty, but an imported archive holds only the days that had papers; a weekend
    at the edge of what the library holds stays uncovered."""
    from papercli.db.store import before_its_day

    rows = list(rows)
    want_hf = not sources or "hf" in sources
    want_arxiv = not sources or "arxiv" in sources
    days: set[date] = set()
    hub: set[date] = set()  # Daily Papers days held, also the ones just outside the range
    for kind, _, start, fetched in rows:
        if kind == "day" and want_hf:
            parsed = _iso(start)
            if parsed and not before_its_day(parsed.isoformat(), fetched):
                hub.add(parsed)
                if since <= parsed <= until:
                    days.add(parsed)
    if want_arxiv:
        held = arxiv_held(rows, since, until)
        days |= _held_for(held, categories) if categories else set().union(*held.values())
    today = today or clock.today()
    for friday in (d for d in hub if d.weekday() == 4):  # (the held days, not the range's)
        monday = friday + timedelta(days=3)
        if monday in hub or monday > today:
            days.update(d for d in (friday + timedelta(days=1), friday + timedelta(days=2))
                        if since <= d <= until)
    return days


def arxiv_held(rows: Iterable[tuple[str, str, str, str]], since: date, until: date
               ) -> dict[str, set[date]]:
    """The days in [since, until] the arXiv listings among `rows` (db.trends.listed_days)
    hold, per category they are of (`arxiv:cs.CL+cs.CV:…` holds both); only the days
    that had begun when they were fetched."""
    from papercli.db.store import before_its_day

    held: dict[str, set[date]] = {}
    for kind, key, start, fetched in rows:
        if kind != "arxiv":
            continue
        parts = key.split(":")
        tail = parts[2] if len(parts) >= 3 else ""
        first, _, last = tail.partition("..")
        a, b = _iso(first), _iso(last or first)
        if not (a and b and a <= b):
            if tail or not (a := _iso(start)):
                continue
            b = a
        day, got = max(a, since), set()
        while day <= min(b, until) and not before_its_day(day.isoformat(), fetched):
            got.add(day)
            day += timedelta(days=1)
        for category in (parts[1].split("+") if len(parts) >= 2 else ()):
            if category:
                held.setdefault(category, set()).update(got)
    return held


def _held_for(held: dict[str, set[date]], categories: Sequence[str]) -> set[date]:
    """The days held for every one of `categories`: a category's days are those of its
    own listings and of its archive's (`cs` holds cs.CL)."""
    out: set[date] | None = None
    for wanted in categories:
        mine = set().union(*(d for c, d in held.items()
                             if wanted == c or wanted.startswith(c + ".")))
        out = mine if out is None else out & mine
    return out or set()


def arxiv_note(rows: Iterable[tuple[str, str, str, str]], since: date, until: date,
               categories: Sequence[str], followed: bool, fetches: str) -> str | None:
    """What the arXiv days the caption calls covered are of, when that is not all that
    is counted: with `categories` (`followed`: the ones you follow, else --category),
    which of them lack days another holds (those days are not covered); without, the
    categories whose listings cover them (a paper of another may be missing). None when
    nothing needs saying."""
    from papercli.words import plural

    held = {c: d for c, d in arxiv_held(rows, since, until).items() if d}
    if not held:
        return None
    if not categories:
        names = sorted(held)
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5
                                          else "")
        return (f"Covered arXiv days are held for {shown} only: a paper of another "
                "category on them may be missing.")
    union = set().union(*(_held_for(held, (c,)) for c in categories))
    short = [(c, len(union - _held_for(held, (c,)))) for c in categories]
    short = [(c, n) for c, n in short if n]
    if not short:
        return None
    which = "you follow" if followed else "asked for (--category)"
    having = [c for c in categories if _held_for(held, (c,))]

    def others(c: str) -> str:
        rest = [o for o in having if o != c]
        return rest[0] if len(rest) == 1 else "the others"

    lacking = "; ".join(f"{c} lacks {plural(n, 'day')} held for {others(c)}"
                        for c, n in short)
    return (f"An arXiv day counts as covered when the library holds it for each category "
            f"{which}: {lacking} ({fetches}).")


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 and text.isascii() else None
    except ValueError:
        return None


# -- building --------------------------------------------------------------------------


def _window(periods: Sequence[Period], every: str
            ) -> tuple[int, int, date, date] | None:
    """The two periods `change` compares: (index of the covered one before, index of the
    latest covered, the days of the one before it counts). A latest period still in
    progress (cut by today) meets the same days of the one before (August 1-21 against
    July 1-21, Monday-Friday against Monday-Friday): whole periods would set a weekday
    week so far against a week with its empty weekend."""
    seen = [i for i, p in enumerate(periods) if p.covered]
    if len(seen) < 2:
        return None
    i0, i1 = seen[-2], seen[-1]
    p0, p1 = periods[i0], periods[i1]
    end = p0.end
    if p1.end < period_end(p1.start, every):
        elapsed = p1.end - period_start(p1.start, every)
        same = period_start(p0.start, every) + elapsed
        # (the one before cut short at its start, as a digest's first may be, and not
        # reaching that day: all of it)
        end = min(end, same) if same >= p0.start else end
    return i0, i1, p0.start, end


def _change(before: int, d0: int, latest: int, d1: int) -> tuple[float | None, bool]:
    """`latest` (over `d1` cached days) against `before` (over `d0`), each per cached day
    (so periods of different lengths or gaps compare fairly): (ratio - 1, or None; new)."""
    if not before or not d0 or not d1:
        return None, bool(latest)
    return (latest / d1) / (before / d0) - 1, False


def period_end(start: date, every: str) -> date:
    """The last day of the period `start` is in (the range may end before it)."""
    return _next(period_start(start, every), every) - timedelta(days=1)


def build(*, by: str, every: str, since: date, until: date, covered: set[date],
          rows: Iterable[tuple[str, str, str, int]], totals: dict[str, int],
          undated: int = 0, filters: str = "", source: str = "library",
          notes: Sequence[str] = (), named: dict[str, int] | None = None,
          sources: Sequence[str] = (), pool: dict[str, int] | None = None,
          ordered: bool = False, month_only: int = 0) -> Trends:
    """A Trends from counts per day: `rows` (name, label, day ISO, count) for the chosen
    series, `totals` papers per day ISO, `covered` the cached days, `named` the papers
    per day ISO that record what a row is (None: all of them can); with --org, `pool`
    the papers per day the other filters pass (`named` then: those recording one).
    The series come most papers first, or with `ordered` in the order `rows` first name
    them (words given: the order asked, as "words" keeps it). `month_only`: the papers
    with no day of their own the range's months hold (`Trends.month_only`)."""
    firsts = starts(since, until, every)
    # Cached days per period in one pass (each period scanning every cached day took
    # seconds for years of days: periods times days).
    cached_in = Counter(period_start(d, every) for d in covered if since <= d <= until)
    periods: list[Period] = []
    for start in firsts:
        end = min(_next(start, every) - timedelta(days=1), until)
        first = max(start, since)
        days = (end - first).days + 1
        periods.append(Period(first, end, period_name(start, every), days,
                              cached_in[start], 0))
    index = {s: i for i, s in enumerate(firsts)}

    def per_period(per_day: dict[str, int]) -> list[int]:
        out = [0] * len(firsts)
        for day_iso, count in per_day.items():
            day = _iso(day_iso)
            i = index.get(period_start(day, every)) if day and since <= day <= until else None
            if i is not None:
                out[i] += count
        return out

    papers = per_period(totals)
    naming = per_period(named) if named is not None else [None] * len(firsts)
    pools = per_period(pool) if pool is not None else [None] * len(firsts)
    periods = [replace(p, papers=n, named=k, pool=o)
               for p, n, k, o in zip(periods, papers, naming, pools, strict=True)]
    grid: dict[str, list[int]] = {}
    per_day: dict[str, Counter[date]] = {}
    labels: dict[str, str] = {}
    for name, label, day_iso, count in rows:
        day = _iso(day_iso)
        i = index.get(period_start(day, every)) if day and since <= day <= until else None
        if i is None or day is None:
            continue
        grid.setdefault(name, [0] * len(firsts))[i] += count
        per_day.setdefault(name, Counter())[day] += count
        labels.setdefault(name, label)
    window = _window(periods, every)

    naming_days: Counter[date] = Counter()
    for day_iso, count in (named or {}).items():
        if (day := _iso(day_iso)) is not None:
            naming_days[day] += count

    def change_of(days: Counter[date], values: Sequence[int], *, series: bool = True,
                  shared: bool = False) -> tuple[float | None, bool]:
        """`shared`: a row of organizations or AI keywords, per paper that records one
        (not per cached day): where the Hub recorded them for a third of the papers, a
        month drew a fall of 60% that was the Hub's, not the keyword's."""
        if window is None:
            return None, False
        i0, i1, first, last = window
        p1 = periods[i1]
        if series and not (periods[i0].recorded and p1.recorded):
            return None, False  # (against an unknown count: no change to say)
        before = sum(n for d, n in days.items() if first <= d <= last)
        if shared:
            return _change(before, sum(n for d, n in naming_days.items()
                                       if first <= d <= last), values[i1], p1.named or 0)
        cached = sum(1 for d in covered if first <= d <= last)
        return _change(before, cached or (last - first).days + 1,
                       values[i1], p1.cached_days or p1.days)

    all_days: Counter[date] = Counter()
    for day_iso, count in totals.items():
        if (day := _iso(day_iso)) is not None:
            all_days[day] += count
    series = []
    for name, values in grid.items():
        counts = tuple(v if p.covered and p.recorded else None
                       for v, p in zip(values, periods, strict=True))
        change, new = change_of(per_day[name], values, shared=named is not None)
        series.append(Series(name, labels[name], counts, sum(values), change, new))
    if not ordered:  # (rows chosen by --by/--top: the most papers first)
        series.sort(key=lambda s: (-s.total, s.name))
    in_range = sorted(d for d in covered if since <= d <= until)
    return Trends(by, every, since, until, tuple(periods), tuple(series),
                  sum(p.papers for p in periods), undated, filters, source,
                  len(in_range), (until - since).days + 1,
                  in_range[0] if in_range else None, in_range[-1] if in_range else None,
                  tuple(notes), change_of(all_days, [p.papers for p in periods],
                                          series=pool is not None), tuple(sources),
                  month_only=month_only)


def _check(by: str, every: str, top: int) -> None:
    if by not in BY and by != "word":
        raise UsageError(f"unknown series {by!r}", hint="use " + ", ".join(BY))
    if every not in EVERY:
        raise UsageError(f"unknown period {every!r}", hint="use " + ", ".join(EVERY))
    if not 1 <= top <= MAX_TOP:
        hint = (f"at most {MAX_TOP} rows are counted: give --top {MAX_TOP} or less"
                if top > MAX_TOP else "give --top 1 or more")
        raise UsageError(f"--top must be 1 to {MAX_TOP}, not {top}", hint=hint)


def compute(session: Session, *, by: str | None = None, since: date | None = None,
            until: date | None = None, top: int | None = None, every: str = "month",
            filters: FilterOptions | Filter | None = None, words: Sequence[str] = ()
            ) -> Trends:
    """Papers per period for the `top` families, organizations or AI keywords (`by`) with
    the most papers in the range, over the whole library (exact, offline), and which
    periods it covers; or, given `words`, one row per word: the papers holding it as -k
    reads a word (`by` is then "word", and neither `by` nor `top` may be given). `by`
    defaults to "family", `top` to DEFAULT_TOP. `filters` (the listing filters; their
    --since/--until are not used: the range is `since`..`until`) narrow what is
    counted."""
    from papercli.db import trends as sql
    from papercli.filters import Filter, make_filter

    if words and (by is not None or top is not None):
        raise UsageError("words given are the rows: leave out "
                         f"{'--by' if by is not None else '--top'} or the words")
    by = "word" if words else by or "family"
    top = DEFAULT_TOP if top is None else top
    _check(by, every, top)
    flt = filters if isinstance(filters, Filter) else make_filter(session, filters)
    flt = flt._replace(since=None, until=None)
    rows = _word_rows(session, flt, words)
    first, last = span(since, until, every)
    store = session.store()
    merged: KeywordGroups | None = None
    ids: list[str] | None = None
    hits: AbstractContextManager[None] = nullcontext()
    # By months, a paper with no date of its own counts in its id's month: read so when
    # the range's months hold any (`months`), else as before (the same counts, faster)
    months = every == "month" and sql.dateless_in(store, flt, first, last)
    if by == "keyword":
        ids = (sql.matching_ids(store, flt, first, last, months=months) if flt.in_python
               else None)
        hits = sql.keyword_hits(store, since=first, until=last, flt=flt, ids=ids,
                                months=months)
    with hits:
        if by == "keyword":
            merged = group_keywords(sql.keyword_spellings(store),
                                    sql.acronym_abstracts(store))
            wanted = {s: n for n in merged.top(top) for s in merged.spellings[n]}
            counts = sql.counts(store, by=by, since=first, until=last, top=top, flt=flt,
                                groups=wanted, ids=ids, months=months)
            counts = counts._replace(series=_top_rows(counts.series, top))
        elif rows:
            counts = sql.word_counts(store, words=rows, since=first, until=last, flt=flt,
                                     months=months)
        else:
            counts = sql.counts(store, by=by, since=first, until=last, top=top, flt=flt,
                                months=months)
        reach = timedelta(days=WEEKEND_REACH)
        listed = sql.listed_days(store, first - reach, last + reach)
        cats, followed = _arxiv_categories(session, flt)
        covering = _covering(flt)
        covered = covered_days(listed, first, last, covering, categories=cats)
        notes = []
        if covering == ("arxiv",):  # (with Daily Papers', its days cover all)
            note = arxiv_note(listed, first, last, cats, followed,
                              _sync_lacking(listed, first, last, cats))
            notes = [note] if note else []
        built = build(by=by, every=every, since=first, until=last, covered=covered,
                      rows=counts.series, totals=counts.totals, undated=counts.undated,
                      filters=flt.describe(), named=counts.named, notes=notes,
                      sources=tuple(flt.sources), pool=counts.pool, ordered=bool(rows),
                      month_only=counts.month_only)
        built = replace(built, by_category=bool(flt.categories), arxiv_categories=cats)
        if merged is not None:
            shown = sql.keyword_labels(store, [s.name for s in built.series])
            built = replace(built, series=tuple(replace(
                s, label=shown.get(s.name, s.label),
                spellings=merged.spellings.get(s.name, (s.name,))) for s in built.series))
    if rows:
        said = _family_words(session, [name for name, _ in rows])
        built = replace(built, words=tuple(name for name, _ in rows),
                        notes=(*built.notes, *said))
    built = _with_hidden(session, built, flt)
    if not built.papers and not built.cached_days and not store.max_rowid():
        built = replace(built, empty=True)  # (days it holds empty: said as nothing listed)
    if not flt.has_model:
        return built
    from papercli.criteria import MODELS_UNKNOWN

    unknown = sql.passing(store, flt._replace(has_model=MODELS_UNKNOWN), first, last,
                          months=months)
    return replace(built, models_unknown=unknown)


def _word_rows(session: Session, flt: Filter, words: Sequence[str]
               ) -> list[tuple[str, Filter]]:
    """Each word given as a row: its name as typed (tidied as -k tidies a word) and the
    filter with it added to the -k words, one row per word whatever its case. Too many,
    or one that is no word, is a usage error."""
    from papercli.criteria import CRITERIA, fold
    from papercli.filters import make_filter

    if len(words) > MAX_TOP:
        raise UsageError(f"{len(words)} words: a chart holds at most {MAX_TOP} rows",
                         hint="give fewer words")
    keyword = next(c for c in CRITERIA if c.key == "keyword")
    rows: dict[str, tuple[str, Filter]] = {}
    for given in words:
        tidied = make_filter(session, keywords=[given]).keywords
        if not tidied:
            raise UsageError("an empty word counts nothing: give a word, or a phrase in "
                             "quotes")
        # (`*` alone too: no word, as -k refuses it; a row of it counted every paper. Not
        # empty to whoever typed it: said as what it is, and as given. Punctuation alone
        # neither: `papers trends -- -` charted the papers with a dash between spaces as
        # the word "-", `'"'` those with a quote, `'#'` none)
        if keyword.blank(tidied) is not None or not any(c.isalnum() for c in tidied[0]):
            raise _no_word(given)
        word = tidied[0]
        rows.setdefault(fold(word), (word, flt._replace(keywords=(*flt.keywords, word))))
    return list(rows.values())


def _no_word(given: str) -> UsageError:
    """The error for a word of `*` or punctuation alone (`** `, `-`), quoted as given:
    with what to do, and without it, its quote cut shorter, where 80 columns cannot hold
    it."""
    said = "has no letters or digits: it counts nothing"
    error = UsageError(f"{quoted(given)} {said}", hint="give a word")
    error.shorter = [(f"{quoted(given)} {said}", None), (f"{quoted(given, 10)} {said}", None)]
    return error


def _family_words(session: Session, words: Sequence[str]) -> list[str]:
    """A note when words given are also model families' names (`papers trends llava`):
    its row counts the word as -k reads it, where `-F LLaVA` counts the family, by every
    name it goes by (TinyLLaVA, LLaVA_Next in a link): the two differ, and said nowhere
    else, a row short of the family's count read as a miscount."""
    from papercli.families import UnknownFamily

    named: dict[str, str] = {}
    for word in words:
        try:
            named[word] = session.matcher.resolve(word)
        except UnknownFamily:
            continue
    if not named:
        return []
    one = len(named) == 1
    flags = ", ".join(f"-F {family}" for family in dict.fromkeys(named.values()))
    return [f"{', '.join(named)} {'is also a model family' if one else 'are also model families'}"
            f": {'its row counts the word' if one else 'their rows count the words'} as -k "
            f"reads {'it' if one else 'them'}, where {flags} "
            f"{'counts the family' if one else 'count the families'} by every name "
            f"{'it goes' if one else 'they go'} by."]


def _covering(flt: Filter) -> tuple[str, ...]:
    """The listings whose days say a day is covered: --source's, but arXiv's alone with
    --category (whatever --source), as a Daily Papers day says nothing of a category's
    papers: days held for it are those `papers sync --arxiv` or a listing of it stored."""
    return ("arxiv",) if flt.categories else tuple(flt.sources)


def _arxiv_categories(session: Session, flt: Filter) -> tuple[tuple[str, ...], bool]:
    """The categories an arXiv day must be held for to count as covered, and whether
    they are the followed ones: --category's (a prefix such as cs.* names none: any
    listing then), else those you follow (`sources.arxiv`), else none."""
    if flt.categories:
        return tuple(c for c in flt.categories if not c.endswith("*")), False
    return tuple(session.config.get("sources.arxiv") or ()), True


def _sync_lacking(rows: Sequence[tuple[str, str, str, str]], since: date, until: date,
                  categories: Sequence[str]) -> str:
    """The command that fetches the days `categories` lack (arxiv_note), as
    Trends._syncs says a range: `papers sync --arxiv cs.LG --since D [--until D]`."""
    held = arxiv_held(rows, since, until)
    union = set().union(*(_held_for(held, (c,)) for c in categories))
    lacking = [c for c in categories if union - _held_for(held, (c,))]
    end = f" --until {until}" if until < clock.today() else ""
    return f"papers sync --arxiv {','.join(lacking) or 'CATEGORY'} --since {since}{end} " \
        "fetches them"


def _with_hidden(session: Session, built: Trends, flt: Filter) -> Trends:
    """`built` with the papers of its range you hid counted (`Trends.hidden`) and said
    in a note: listings leave them out, so a count above a listing's read as a mistake.
    A user database that is absent, or cannot be read, hides nothing (the commands
    that own it say what is wrong with it)."""
    from papercli.db import trends as sql
    from papercli.errors import PapersError
    from papercli.words import plural

    if not built.papers or not session.has_userdb():
        return built
    try:
        with session.userdb() as udb:
            hidden = udb.hidden()
    except PapersError:
        return built
    if not hidden:
        return built
    n = sql.passing(session.store(), flt, built.since, built.until, among=sorted(hidden),
                    months=built.every == "month")
    if not n:
        return built
    said = (f"The counts include the {plural(n, 'paper')} you hid: hiding takes a paper "
            "out of listings, not out of what was listed.")
    return replace(built, hidden=n, notes=(*built.notes, said))


def _top_rows(rows: Sequence[Any], top: int) -> list[Any]:
    """The rows (name, label, day, papers) of the `top` names with the most papers, then
    by name (as `build` orders its series)."""
    total: Counter[str] = Counter()
    for row in rows:
        total[row[0]] += row[3]
    keep = set(sorted(total, key=lambda n: (-total[n], n))[:top])
    return [row for row in rows if row[0] in keep]


# -- AI keywords: the spellings of one keyword -----------------------------------------

# The Hub's AI keywords name one idea many ways: "LLMs", "large language model",
# "Large Language Models (LLMs)", "vision-language models", "Vision-Language Models".
# Spellings that differ in case, hyphens or a plural (of the last word: the head noun) are
# one keyword; an acronym joins its expansion only where the library shows it: a keyword
# or an abstract spells "expansion (ACRONYM)" (or "ACRONYM (expansion)"), and the
# acronym's letters start the expansion's words in order ("RL": reinforcement learning,
# "LoRA": low-rank adaptation). No list of names: "RL" stays apart from "representation
# learning" unless some abstract defines it so (the most often defined expansion wins).
_DASHES = str.maketrans({c: " " for c in "-\u2010\u2011\u2012\u2013\u2014\u2212_"})
_STOP = frozenset({"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to",
                   "via", "with"})
_PARENS = re.compile(r"\s*\(([^()]{1,80})\)")
# The same, found without the spaces before it: a pattern opening with \s* is tried at
# every character of an abstract (88 ms for 4,163 abstracts, 3.5 ms so).
_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = re.compile(r"[^\W_][\w'\u2010\u2011-]*")
_NUMERAL = {"to": "2", "for": "4"}  # a small word an acronym may write as a digit
MAX_ACRONYM = 10  # letters of an acronym (after its plural s)


def keyword_key(text: str) -> str:
    """What spellings of one keyword share: case-folded, hyphens and dashes as spaces,
    spaces collapsed, an acronym's definition in parentheses left out ("chain-of-thought
    (CoT) reasoning" is chain of thought reasoning; "LLMs (large language models)" is
    llm), the last word singular. "" for no words."""
    if "(" in text:
        kept, at = [], 0
        for m in _PARENS.finditer(text):
            if _defines(_WORD.findall(text[max(0, m.start() - 200):m.start()]), m.group(1)):
                kept.append(text[at:m.start()])
                at = m.end()
        text = (" ".join([*kept, text[at:]]).strip() or text) if kept else text
    folded = text.casefold().replace("-", " ").replace("_", " ")
    words = (folded if folded.isascii() else folded.translate(_DASHES)).split()
    if words and words[-1][-1] == "s":  # (singular changes only a word ending in s)
        words[-1] = singular(words[-1])
    return " ".join(words)


def _defines(before: Sequence[str], inside: str, keys: set[str] | None = None, *,
             inner: str | None = None, lasts: set[str] | None = None,
             acronyms: set[str] | None = None) -> tuple[str, str] | None:
    """(acronym key, expansion key) when `inside` (a parenthesized part after the words
    `before`) defines an acronym: "expansion (ACRONYM)", the fewest words before it that
    the acronym abbreviates, or "ACRONYM (expansion)"; with `keys`, only an expansion
    among them, and with `acronyms` only an acronym among them. `inner`:
    keyword_key(inside), known already; `lasts`: the last words of `keys` (an
    expansion's key ends in one, so a last word not among them ends the search before
    a key is built)."""
    inner = keyword_key(inside) if inner is None else inner
    if not inner:
        return None
    before = " ".join(before[-2 * MAX_ACRONYM:]).translate(_DASHES).split()
    if " " not in inner:
        most = min(len(before), 2 * len(inner))
        if most < 2:
            return None
        # The key of the last n words, as keyword_key makes it (the words hold no dash
        # nor parenthesis: folded one by one, the last singular), each n from one list.
        folded = [w.casefold() for w in before[-most:]]
        folded[-1] = singular(folded[-1])
        if lasts is not None and folded[-1] not in lasts:
            return None
        whole = _capital_s(inside)
        for letters in (inner, whole) if whole else (inner,):
            for n in range(2, most + 1):
                key = " ".join(folded[-n:])
                if (keys is None or key in keys) and abbreviates(letters, key):
                    return inner, key
        return None
    acr = keyword_key(before[-1]) if before else ""
    if acr and (acronyms is None or acr in acronyms) and (keys is None or inner in keys) \
            and (abbreviates(acr, inner) or bool(
                (whole := _capital_s(before[-1])) and abbreviates(whole, inner))):
        return acr, inner
    return None


def _capital_s(acronym: str) -> str | None:
    """An acronym as written whose last letter is a capital S after a capital or a digit
    ("3DGS": 3D Gaussian Splatting; "LPIPS"), folded with that S: its key drops it as a
    plural's ("3dg"), and without it the acronym abbreviates nothing. None for any other
    ("LLMs": a plural, its key is the acronym)."""
    word = acronym.strip()
    if len(word) < 3 or word[-1] != "S" or not (word[-2].isupper() or word[-2].isdigit()):
        return None
    return word.casefold()


def abbreviates(acronym: str, expansion: str) -> bool:
    """Whether `acronym` (a key: one word) can stand for `expansion` (a key): each of its
    letters in order, every word of the expansion but a small word ("of", "with")
    giving its first letter and maybe more of its own ("LoRA": LOw Rank Adaptation)."""
    acr = "".join(c for c in acronym if c.isalnum())
    words = expansion.split()
    if not 2 <= len(acr) <= MAX_ACRONYM or len(words) < 2 or len(words) > 2 * len(acr) \
            or words[0] == acronym:  # ("FusioN": Fusion of N names a method, not fusion)
        return False
    seen: dict[tuple[int, int], bool] = {}

    def fits(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(acr)
        if (i, j) in seen:
            return seen[(i, j)]
        word, ok = words[j], False
        if word in _STOP and (fits(i, j + 1) or (  # ("T2I": text-to-image)
                i < len(acr) and _NUMERAL.get(word) == acr[i] and fits(i + 1, j + 1))):
            ok = True
        elif i < len(acr) and word[0] == acr[i]:
            k, t = 1, 1  # the word's first letter is acr[i]; more of acr from its rest
            ok = fits(i + 1, j + 1)
            while not ok and i + t < len(acr):
                at = word.find(acr[i + t], k)
                if at < 0:
                    break
                k, t = at + 1, t + 1
                ok = fits(i + t, j + 1)
        seen[(i, j)] = ok
        return ok

    return fits(0, 0)


# Parenthesized parts whose keys definitions() keeps for the next abstract ("(LLMs)" is
# in thousands of them): at most this many, so memory stays bounded at a million papers.
MAX_REMEMBERED = 50_000


def definitions(text: str, acronyms: set[str], keys: set[str],
                known: dict[str, str] | None = None, lasts: set[str] | None = None,
                found: Counter[tuple[str, str]] | None = None) -> Counter[tuple[str, str]]:
    """(acronym key, expansion key) pairs `text` defines (_defines), the acronym one of
    `acronyms` and the expansion one of the keyword `keys`, counted into `found` (a
    new Counter when None). `known` keeps the keys of the parenthesized parts met (and
    reads them back), `lasts` is the last words of `keys` (_defines)."""
    found = Counter() if found is None else found
    for m in _PAREN.finditer(text):
        part = m.group(1)
        inner = None if known is None else known.get(part)
        if inner is None:
            inner = keyword_key(part)
            if known is not None and len(known) < MAX_REMEMBERED:
                known[part] = inner
        if inner not in (acronyms if " " not in inner else keys):
            continue  # (most parentheses: no acronym, nor a keyword; read no further)
        start = m.start()  # (where _PARENS's match starts: the spaces before it, too)
        while start and text[start - 1].isspace():
            start -= 1
        before = _WORD.findall(text[max(0, start - 200):start])
        pair = _defines(before, part, keys, inner=inner, lasts=lasts, acronyms=acronyms)
        if pair:
            found[pair] += 1
    return found


@dataclass(frozen=True)
class KeywordGroups:
    """AI keyword spellings (case-folded, as the library reads them) merged: `of` maps a
    spelling to its keyword's name (the spelling most papers use, of its form most papers
    use), `spellings` lists a name's spellings, most used first; `papers` adds up their
    papers (at least the keyword's: a paper may use two spellings), `most` is its
    name's own."""

    of: dict[str, str]
    spellings: dict[str, tuple[str, ...]]
    papers: dict[str, int]
    most: dict[str, int]

    def top(self, top: int) -> list[str]:
        """The names that may be among the `top` with the most papers: every one whose
        spellings add up to at least the top-th largest name's own count (a keyword has
        at least its name's papers, and at most the sum of its spellings')."""
        floor = sorted(self.most.values(), reverse=True)
        least = floor[top - 1] if len(floor) >= top else 1
        return [n for n in self.spellings if self.papers[n] >= least]


def group_keywords(spellings: Iterable[tuple[str, int]], texts: Iterable[str] = ()
                   ) -> KeywordGroups:
    """Merge spellings (each with its papers) into keywords: by keyword_key, and an
    acronym into its expansion where `texts` (abstracts, and the spellings themselves)
    define it, to the expansion defined most often."""
    count: dict[str, int] = {}
    for spelling, n in spellings:
        if spelling:
            count[spelling] = count.get(spelling, 0) + n
    key = {s: keyword_key(s) for s in count}
    keys = set(key.values())
    acronyms = {k for k in keys
                if " " not in k and len(k) <= MAX_ACRONYM and any(c.isalpha() for c in k)}
    defined: Counter[tuple[str, str]] = Counter()
    known: dict[str, str] = {}
    lasts = {k[k.rindex(" ") + 1:] for k in keys if " " in k}  # (an expansion: 2+ words)
    for spelling in count:
        if "(" in spelling:
            definitions(spelling, acronyms, keys, known, lasts, defined)
    for text in texts:
        definitions(text, acronyms, keys, known, lasts, defined)
    # Defined as often, an expansion the acronym's key abbreviates comes first: one that
    # needs a capital S back (_capital_s: "ACES", whose key is ACE's) is ACE's no more.
    best: dict[str, tuple[int, bool, str]] = {}
    for (acr, expansion), n in defined.items():
        rank = (n, abbreviates(acr, expansion), expansion)
        if acr != expansion and rank > best.get(acr, (0, False, "")):
            best[acr] = rank
    root = {acr: expansion for acr, (_, _, expansion) in best.items()}

    def final(k: str) -> str:
        seen = {k}
        while k in root and root[k] not in seen:  # (an acronym of an acronym: followed)
            k = root[k]
            seen.add(k)
        return k

    # (Each step below is one pass over the spellings: the Hub's archive holds 40,000 in
    # a year and a half, most of them one paper's, and a pass costs milliseconds.)
    members: dict[str, list[str]] = {}
    for spelling, k in key.items():
        members.setdefault(final(k) if k in root else k, []).append(spelling)
    of: dict[str, str] = {}
    names: dict[str, tuple[str, ...]] = {}
    papers: dict[str, int] = {}
    most: dict[str, int] = {}
    # The name: of the forms that differ only in case, hyphens or a plural, the one with
    # the most papers together ("reinforcement learning" and "Reinforcement-Learning"
    # against "RL"); of those, the spelling most papers use. (A key's spellings are all
    # in one group: its papers added up there.)
    for group in members.values():
        if len(group) == 1:  # (most keywords: one spelling; no sort to run)
            name = group[0]
            names[name] = (name,)
            papers[name] = most[name] = count[name]
            of[name] = name
            continue
        per_key: dict[str, int] = {}
        for spelling in group:
            per_key[key[spelling]] = per_key.get(key[spelling], 0) + count[spelling]
        ordered = tuple(sorted(group, key=lambda s: (-per_key[key[s]], key[s], -count[s],
                                                     len(s), s)))
        name = ordered[0]
        names[name] = ordered
        papers[name] = sum(count[s] for s in ordered)
        most[name] = count[name]
        of.update(dict.fromkeys(ordered, name))
    return KeywordGroups(of, names, papers, most)


# -- from papers in hand (the digest) --------------------------------------------------


def day_of(paper: Paper) -> date | None:
    """A paper's day as db/trends.py counts it: Daily Papers day, else arXiv date."""
    return _iso((paper.submitted_at or paper.published_at or "")[:10])


def names_of(paper: Paper, by: str) -> list[str]:
    """The series a paper counts in, as db/trends.py names them."""
    if by == "family":
        return list(dict.fromkeys(paper.families))
    if by == "org":
        org = paper.org_name or paper.org_fullname
        return [org] if org else []
    return list(dict.fromkeys(k.strip().casefold() for k in paper.ai_keywords if k.strip()))


def every_for(since: date, until: date) -> str:
    """Days for a span up to a month, weeks up to half a year, months beyond."""
    days = (until - since).days + 1
    return "day" if days <= 31 else "week" if days <= 183 else "month"


def from_papers(papers: Iterable[Paper], *, by: str = "family", top: int = DEFAULT_TOP,
                every: str | None = None) -> Trends | None:
    """The chart of a set of papers (a digest's): its range is theirs (first to last
    day), every day of it is covered by them, and counts are theirs. None when no paper
    has a day or none names a series."""
    _check(by, every or "month", top)
    per_name: Counter[tuple[str, date]] = Counter()
    per_day: Counter[date] = Counter()
    labels: dict[str, str] = {}
    papers = list(papers)
    merged = _merged_keywords(papers) if by == "keyword" else None
    for paper in papers:
        day = day_of(paper)
        if day is None:
            continue
        per_day[day] += 1
        names = names_of(paper, by)
        if merged is not None:
            names = list(dict.fromkeys(merged.of.get(n, n) for n in names))
        for name in names:
            per_name[(name, day)] += 1
            labels.setdefault(name, (paper.org_fullname or name) if by == "org" else name)
    if not per_day or not per_name:
        return None
    since, until = min(per_day), max(per_day)
    every = every or every_for(since, until)
    totals_by_name: Counter[str] = Counter()
    for (name, _), n in per_name.items():
        totals_by_name[name] += n
    wanted = set(sorted(totals_by_name, key=lambda n: (-totals_by_name[n], n))[:top])
    covered = {since + timedelta(days=i) for i in range((until - since).days + 1)}
    built = build(by=by, every=every, since=since, until=until, covered=covered,
                  rows=[(name, labels[name], day.isoformat(), n)
                        for (name, day), n in per_name.items() if name in wanted],
                  totals={day.isoformat(): n for day, n in per_day.items()},
                  source="digest")
    if merged is None:
        return built
    return replace(built, series=tuple(
        replace(s, spellings=merged.spellings.get(s.name, (s.name,))) for s in built.series))


def _merged_keywords(papers: Sequence[Paper]) -> KeywordGroups:
    """The AI keyword spellings of papers in hand merged (group_keywords), from their
    abstracts as the library's are read (db.trends.keyword_spellings)."""
    spellings: Counter[str] = Counter()
    texts = []
    for paper in papers:
        spellings.update(names_of(paper, "keyword"))
        if any(sum("A" <= c <= "Z" for c in k) >= 2 and " " not in k.strip()
               for k in paper.ai_keywords):
            texts.append(paper.summary)
    return group_keywords(spellings.items(), texts)
