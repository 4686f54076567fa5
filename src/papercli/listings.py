"""Daily Papers listings, fetch-or-cache: a period's papers from the library while fresh,
from the Hub otherwise, and the cached copy when the Hub fails; `get_today` and freshness.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from papercli import clock, periods
from papercli.config import Config
from papercli.errors import HubError, OfflineMiss, PapersError, failed_then, fitting
from papercli.models import Paper, keep_later
from papercli.words import plural

if TYPE_CHECKING:
    from papercli.db.store import ListingInfo, Store, Tally
    from papercli.session import Session
    from papercli.sources.hub import HubClient

TODAY_LOOKBACK_DAYS = 7
PAGE_SIZE = 100
MAX_PAGES = 100

# -- freshness -------------------------------------------------------------------------


def ttl_for(period: periods.Period, config: Config, today: date) -> int:
    """Seconds a cached listing stays fresh: short while the period is still filling up,
    longer for a recent one (upvotes still move), long for an old one."""
    if period.end >= today:
        return int(config.get("cache.today_ttl"))
    if (today - period.end).days <= 7:
        return int(config.get("cache.recent_ttl"))
    return int(config.get("cache.archive_ttl"))


def is_fresh(info: ListingInfo, period: periods.Period, config: Config) -> bool:
    """Fetched within its period's time to live; a copy fetched while the period was
    still filling up lives no longer than a recent period's once it has ended (an old
    month fetched on its 21st is not final, whatever `cache.archive_ttl` says)."""
    fetched = clock.parse_iso(info.fetched_at)
    today = clock.today()
    ttl = ttl_for(period, config, today)
    if fetched.date() <= period.end < today:
        ttl = min(ttl, int(config.get("cache.recent_ttl")))
    return (clock.now() - fetched).total_seconds() < ttl


def is_fresh_search(info: ListingInfo, config: Config) -> bool:
    """A cached Hub search is reused as long as today's listing would be."""
    age = (clock.now() - clock.parse_iso(info.fetched_at)).total_seconds()
    return age < int(config.get("cache.today_ttl"))


def describe_age(fetched_at: str, dated: bool = True) -> str:
    """How old a cached copy is: "just now", "5 h ago", "3 days ago (2026-08-21)" (with
    `dated` False, without the date)."""
    from papercli.db.schema import IMPORTED_AT, REPAIRED_AT

    if fetched_at == IMPORTED_AT:
        return "from an import"
    if fetched_at == REPAIRED_AT:
        return "by an earlier papercli (fetched again when online)"
    seconds = int((clock.now() - clock.parse_iso(fetched_at)).total_seconds())
    if seconds < 90:
        return "just now"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 36 * 3600:
        return f"{seconds // 3600} h ago"
    ago = f"{plural(seconds // 86400, 'day')} ago"
    return f"{ago} ({fetched_at[:10]})" if dated else ago


def showing_cached(exc: PapersError, fetched_at: str, copy: str = "the copy") -> str:
    """The warning for a failure over which a cached copy (`copy`: "its hits", for a
    search's) is shown instead, and how old it is: "the Hub did not answer; showing the
    copy cached 3 days ago (2026-08-21)", the date left out where the line would pass
    80 columns (it made 88). The one wording of listings, arXiv's and a search's."""
    return fitting(*(failed_then(exc, f"showing {copy} cached {describe_age(fetched_at, dated)}")
                     for dated in (True, False)))


# -- listings --------------------------------------------------------------------------


class ListingResult:
    """A period's papers and where they came from; get_listing/get_today adjust it."""

    __slots__ = (
        "earlier", "failure", "fetched_at", "from_cache", "from_days", "papers", "period",
        "requests", "skipped", "stale", "title",
    )

    def __init__(
        self,
        period: periods.Period,
        papers: list[Paper],
        fetched_at: str | None,
        from_cache: bool,
        title: str,
        requests: int = 0,
        skipped: int = 0,
        stale: str | None = None,  # why a cached copy is shown instead of a fresh one
        from_days: tuple[int, int] | None = None,  # (cached, of): put together offline
    ) -> None:
        self.period = period
        self.papers = papers
        self.fetched_at = fetched_at
        self.from_cache = from_cache
        self.title = title
        self.requests = requests
        self.skipped = skipped
        self.stale = stale
        self.failure: HubError | None = None  # the Hub's failure `stale` is about
        self.from_days = from_days
        # `today` showing an earlier day: why, as its title's note says ("nothing listed on
        # weekends"), for the formats that carry no title (JSON, ids, CSV)
        self.earlier: str | None = None


def provenance(result: ListingResult) -> str:
    """Where a listing came from, for its caption: "fetched now", "cached 3 min ago"."""
    if result.from_days is not None:
        have, of = result.from_days
        return f"from {plural(have, 'cached day')} (of {of})"
    if not result.fetched_at:
        return ""
    if not result.from_cache:
        return "fetched now"
    return f"cached {describe_age(result.fetched_at)}"


def day_of(paper: Paper) -> str | None:
    """The Daily Papers day a listing item belongs to: its listing time's UTC date
    (`models.listing_time`); None when the item does not say (then it is filed under no
    day: a guess from the arXiv date would put it on the wrong one)."""
    return (paper.submitted_at or "")[:10] or None


class PeriodPapers(list[Paper]):
    """A period's papers (each once), plus where each item was listed: a paper the Hub
    lists on two days of a month is one record filed under both days."""

    placements: list[tuple[str, str]]

    def __init__(self) -> None:
        super().__init__()
        self.placements = []


# The biggest page size each Hub (by endpoint) was seen to cap pages at, in this process:
# a page of that size was followed by another non-empty page. A page shorter than it is the
# last one, which saves the extra request for an empty page once the cap is known.
_FULL_PAGE: dict[str, int] = {}


def fetch_period(client: HubClient, period: periods.Period) -> tuple[PeriodPapers, int]:
    """All pages of one period. Pages are read until one is empty or brings nothing new
    (or MAX_PAGES): a page shorter than the limit asked for does not end it, since the Hub
    may cap pages below the limit (a cap of 100 with a limit of 1000 must still get all),
    unless it is shorter than a page this Hub has already been seen to continue after."""
    papers = PeriodPapers()
    at: dict[str, int] = {}  # each paper's index in `papers`
    placed: set[tuple[str, str]] = set()
    skipped = 0
    params = period.params()
    endpoint = str(getattr(client, "endpoint", ""))
    previous = 0
    for page in range(MAX_PAGES):
        parsed = client.daily_papers(**params, limit=PAGE_SIZE, page=page)
        skipped += parsed.skipped
        got = len(parsed.papers) + parsed.skipped
        if page and got and previous:
            _FULL_PAGE[endpoint] = max(_FULL_PAGE.get(endpoint, 0), previous)
        # (a paper listed again on a later page: the later listing's record, in place)
        fresh = [p for p in parsed.papers if keep_later(papers, at, p)]
        new_places = [pl for pl in parsed.placements if pl not in placed]
        placed.update(new_places)
        papers.placements.extend(new_places)
        if not got or not (fresh or new_places):
            break
        full = _FULL_PAGE.get(endpoint)
        if full is not None and got < min(PAGE_SIZE, full):
            break  # shorter than a page this Hub fills: the last one
        previous = got
    return papers, skipped


def save_period(store: Store, period: periods.Period, papers: Sequence[Paper],
                tally: Tally | None = None) -> Any:
    """Store a fetched period; a week or month also files each paper under its day.
    `tally`: each paper's count over a sync's periods, kept up to date (`Store._upsert`)."""
    if period.kind == "day":
        return store.save_listing(period.key, period.kind, papers, period_start=period.start,
                                  tally=tally)
    placements = getattr(papers, "placements", None)
    return store.save_listing(
        period.key,
        period.kind,
        papers,
        period_start=period.start,
        day_of=day_of,
        days=period.days(),
        placements=placements,
        tally=tally,
    )


def _cached(store: Store, period: periods.Period, title: str, stale: str | None) -> ListingResult:
    info = store.listing(period.key)
    assert info is not None
    return ListingResult(
        period, store.listing_papers(period.key), info.fetched_at, True, title, stale=stale
    )


def check_started(period: periods.Period) -> None:
    """A period that has not begun is a usage error: the Hub has no listing for it yet."""
    if period.start > clock.today():
        raise periods.future(period.value, period.kind)


def get_listing(
    session: Session, period: periods.Period, *, title: str | None = None
) -> ListingResult:
    """The listing for a period: cached if fresh, else fetched; cached if the Hub fails.
    A period with no papers is stored like any other, with the same freshness: the Hub's
    answer is the same until then (an empty holiday week is not asked for again on every
    `papers today`)."""
    check_started(period)
    store = session.store()
    title = title or period.label
    info = store.listing(period.key)
    if session.offline:
        if info is not None:
            return _cached(store, period, title, None)
        days = _from_days(store, period, title)
        if days is None:
            # The Friday a weekend day names, with --offline only when it is cached: the
            # library without it, `papers day FRIDAY --offline` was the same error again.
            friday = period.start - timedelta(days=period.start.weekday() - 4)
            flags = " --offline" if store.listing(periods.day(friday).key) else ""
            weekend = weekend_line(period.start, flags) if period.kind == "day" else None
            miss = OfflineMiss(  # (by its value: the label's own "—" read as the hint's)
                f"{period.value} is not in the local library",
                hint=weekend or "run without --offline",
            )
            if weekend:  # (the whole of it made 176 columns)
                miss.shorter = [(f"no listing on {period.start.strftime('%A')}s",
                                 f"try papers day {friday.isoformat()}{flags}")]
            raise miss
        return days
    if info is not None and not session.refresh and is_fresh(info, period, session.config):
        return _cached(store, period, title, None)
    client = session.client()
    before = client.requests_made
    try:
        papers, skipped = fetch_period(client, period)
    except HubError as exc:
        if info is not None:
            got = _cached(store, period, title, showing_cached(exc, info.fetched_at))
            got.failure = exc
            return got
        # a week or month never fetched as such: the days of it the library has
        days = _from_days(store, period, title)
        if days is None or days.from_days is None:
            raise
        have, of = days.from_days
        days.stale = failed_then(exc, f"showing the {plural(have, 'cached day')} of {of}")
        days.failure = exc
        return days
    save_period(store, period, papers)
    result = _cached(store, period, title, None)
    result.from_cache = False
    result.skipped = skipped
    result.requests = client.requests_made - before
    return result


# Why a Saturday or Sunday shows nothing, said by `today` (its title) and `new`.
WEEKENDS = "nothing listed on weekends"


def weekend_line(day: date, flags: str = "") -> str | None:
    """Why a Saturday or Sunday has no listing (580 days of the Hub's listings: not one
    paper on a weekend), naming the Friday to read instead (with `flags`, as
    " --offline"); None on a weekday. Within 80 columns as a note: "2026-08-22 is a
    Saturday: Daily Papers lists nothing on weekends (papers day 2026-08-21 for the
    Friday before)" made 118."""
    if day.weekday() < 5:
        return None
    friday = day - timedelta(days=day.weekday() - 4)
    return f"{nothing_on_weekends([day])} (papers day {friday.isoformat()}{flags} for the Friday)"


def nothing_on_weekends(days: Collection[date]) -> str:
    """Why weekend `days` have no listing, by their weekday: "nothing is listed on
    Saturdays" (or Sundays), "nothing is listed on weekends" for both; a day's note
    (`weekend_line`) and for-you's over a weekend (`views`) say it alike."""
    names = {day.strftime("%A") for day in days}
    return f"nothing is listed on {names.pop()}s" if len(names) == 1 else (
        "nothing is listed on weekends")


def empty_line(period: periods.Period, got: ListingResult | None = None,
               typed: str | None = None) -> str | None:
    """Why a listing the Hub answered with no papers is empty, naming what to read
    instead: a weekend day (`weekend_line`), or a day, week or month still running that
    has nothing listed yet (a Monday morning's `papers week`; today by its weekday's name,
    `typed` as in `papers day friday` on a Friday morning, the Friday before, where
    `papers today` would show Thursday's); a week or month put together from some of its
    days (`got`'s `from_days`), that those had none (`_partly_cached`); None when nothing
    explains it (`none_listed` then says it)."""
    if got is not None and (partly := _partly_cached(got)):
        return partly
    if period.kind == "day" and (line := weekend_line(period.start)):
        return line
    today = clock.today()
    if not period.start <= today <= period.end:
        return None
    if period.kind == "day":  # (80 columns: "… the latest day that has papers" made 93)
        yet = f"nothing listed yet for {today.isoformat()}"
        if (name := periods.weekday_named(typed or "")) is not None:
            return f"{yet} (try papers day 'last {name}')"
        return f"{yet} (papers today shows the latest day)"
    return (f"nothing listed yet this {period.kind} "
            f"(papers {period.kind} last for the {period.kind} before)")


def none_listed(period: periods.Period, got: ListingResult | None = None) -> str:
    """A period over that the Hub listed nothing in (a holiday), in the words of every
    other empty line: "Daily Papers — 2026-08-04: no papers" said the table's title. A
    week or month put together from some of its days says so (`_partly_cached`)."""
    if got is not None and (partly := _partly_cached(got)):
        return partly
    return f"nothing was listed {'on' if period.kind == 'day' else 'in'} {period.value}"


def _partly_cached(got: ListingResult) -> str | None:
    """Why a week or month put together from some of its days (`_from_days`: offline, or
    with the Hub down) is empty: those days had no papers, which says nothing of the
    others. "nothing was listed in 2026-12" said it of a month of which the library had
    one week. Offline, what to do; with the Hub down its warning says what happened. None
    when every day of it is cached (then nothing was listed) or it was fetched whole."""
    if got.from_days is None or got.papers:
        return None
    have, of = got.from_days
    if have >= of:
        return None
    line = f"no papers in the {plural(have, 'cached day')} of {of} in {got.period.value}"
    return line if got.failure is not None else f"{line} (run without --offline)"


def _from_days(store: Store, period: periods.Period, title: str) -> ListingResult | None:
    """A week or month never fetched as such (offline, or when the Hub fails), put
    together from the cached listings of its days (an imported archive, a daily sync):
    day by day, each in its own order, a paper listed twice shown once. None for a day,
    or when none of its days is cached (past days only: the rest of a current week is
    not missing)."""
    if period.kind == "day":
        return None
    days = [periods.day(d) for d in period.days() if d <= clock.today()]
    cached = [d for d in days if store.listing(d.key) is not None]
    if not cached:
        return None
    papers: list[Paper] = []
    seen: set[str] = set()
    for day in cached:
        for paper in store.listing_papers(day.key):
            if paper.id not in seen:
                seen.add(paper.id)
                papers.append(paper)
    return ListingResult(period, papers, None, True, title, from_days=(len(cached), len(days)))


def get_today(session: Session) -> ListingResult:
    """Today's listing, or the most recent day that has papers (weekends, early morning),
    looking back TODAY_LOOKBACK_DAYS days, one request per day not cached (or no longer
    fresh); the empty days met on the way are cached like full ones (a day before today is
    over: its answer is final until the Hub changes it). With none, an empty listing
    whose title says which days were looked at."""
    today = clock.today()
    store = session.store()
    first_error: HubError | None = None
    for back in range(TODAY_LOOKBACK_DAYS + 1):
        period = periods.day(today - timedelta(days=back))
        if session.offline or first_error is not None:
            break
        try:
            result = get_listing(session, period)
        except HubError as exc:
            first_error = exc
            break
        if result.papers:
            if back:
                result.earlier = f"latest; {_nothing_after(today, period.start)}"
                result.title = f"{period.label} ({result.earlier})"
            return result
    # Offline, or the Hub failed: the newest cached day with papers.
    info = store.latest_day_with_papers(today)
    if info is None:
        if first_error is not None:
            raise first_error
        if session.offline:
            raise _no_cached_papers(store, today)
        start = today - timedelta(days=TODAY_LOOKBACK_DAYS)
        return ListingResult(
            periods.day(today), [], None, False,
            f"Daily Papers — {start.isoformat()} to {today.isoformat()}: none listed yet")
    period = periods.day(date.fromisoformat(info.key.split(":", 1)[1]))
    title = period.label
    if period.start != today:
        if session.offline or first_error is not None:
            # Not "nothing for today": offline, or with the Hub down, today may well have
            # papers that are simply not here yet.
            why = _nothing_after(today, period.start, cached=True)
        else:  # the Hub answered every day looked at, with none
            start = today - timedelta(days=TODAY_LOOKBACK_DAYS)
            why = f"none listed {start.isoformat()} to {today.isoformat()}"
        earlier: str | None = f"latest cached; {why}"
        title += f" ({earlier})"
    else:
        earlier = None
    stale = None
    if first_error is not None:
        stale = showing_cached(first_error, info.fetched_at)
    got = _cached(store, period, title, stale)
    got.failure = first_error
    got.earlier = earlier
    return got


def _nothing_after(today: date, shown: date, cached: bool = False) -> str:
    """Why `today` shows the earlier day `shown`: when only a weekend lies between, that
    Daily Papers lists nothing then (not "nothing yet", which promises papers later in the
    day); when only today (after a weekend) has none, that today has nothing yet, or
    (`cached`: offline, the Hub down) nothing in the library, which says nothing of what
    the Hub has; when weekdays before today have none too (a holiday, a Hub that stopped
    listing, a library last synced weeks ago), since when ("weekends" hid a fortnight)."""
    between = [shown + timedelta(days=n) for n in range(1, (today - shown).days + 1)]
    weekdays = [d for d in between if d.weekday() < 5]
    if not weekdays:
        return WEEKENDS
    if weekdays == [today]:
        return f"nothing {'cached' if cached else 'yet'} for {today.isoformat()}"
    return f"{'no papers cached' if cached else 'nothing listed'} after {shown.isoformat()}"


def _no_cached_papers(store: Store, today: date) -> OfflineMiss:
    """`papers today --offline` with no cached day that has papers: "run without
    --offline" when the library has no day at all; when every cached day was empty (a
    sync of days the Hub listed nothing on), which days, and how to reach earlier ones:
    fetching them again online would only find them empty again."""
    days = sorted(day for day, _ in store.complete_day_rows(date.min, today))
    if not days:
        return OfflineMiss("no daily listing in the local library",
                           hint="run without --offline")
    span = days[0] if len(days) == 1 else f"{days[0]} to {days[-1]}"
    one = len(days) == 1
    return OfflineMiss(f"the cached {'day' if one else 'days'} ({span}) "
                       f"{'has' if one else 'have'} no papers",
                       hint="papers sync --since DATE fetches earlier ones")


def empty_today_line() -> str:
    """What to do when `papers today` found no papers in the days it looked at, nor any
    earlier cached day: fetch earlier days (then `today` shows the latest of them)."""
    return (f"nothing listed in the last {TODAY_LOOKBACK_DAYS + 1} days "
            "(papers sync --since DATE fetches earlier ones)")


# -- recent listings (for-you) --------------------------------------------------------------

RECENT_DAYS = 7


def listed_between(store: Store, start: date, end: date) -> list[Paper]:
    """The papers of the cached day listings from `end` back to `start`, each once, newest
    day first (ties in a ranking keep that order)."""
    papers: dict[str, Paper] = {}
    day = end
    while day >= start:
        for paper in store.listing_papers(f"day:{day.isoformat()}"):
            papers.setdefault(paper.id, paper)
        day -= timedelta(days=1)
    return list(papers.values())
