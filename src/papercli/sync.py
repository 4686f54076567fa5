"""`papers sync`: fill the library with every daily listing in a date range.

Planning. The range is covered by `periods.periods_between`: whole months, then whole ISO
weeks, then single days, so a year is twelve paginated month listings instead of 365 day
requests. A period is *complete*, and skipped unless `refresh`, when it ended before today
and every one of its days has a day listing fetched after that day was over (a UTC
timestamp on or after the next midnight). Week and month fetches file their papers under
each day, and a fetch that fails stores nothing, so an interrupted sync resumes where it
stopped; a listing fetched while its day was still running, or one that only came from
`papers import`, is fetched again.

Running. Periods are fetched by a few worker threads sharing one `HubClient` (its rate
limiter and 429 pauses are shared too); every write happens on the calling thread, one
transaction per period, so Ctrl-C keeps every period already stored and never half of
one. The workers are daemon threads rather than a `ThreadPoolExecutor`, whose workers are
joined at exit: a Ctrl-C would otherwise wait for requests still in flight.

Failures. A period that fails (5xx after retries, a timeout, a bad answer) is recorded and
the others go on. A failure that concerns the Hub as a whole (cannot connect, rate limited,
access refused) stops the sync: the remaining periods would only fail the same way.

Catching up. Given no start (`catch_up`), a sync begins the day after the last day the
library holds completely, or where a sync that failed or was stopped began (meta
`sync:unfinished-since`, kept until a sync from on or before it to today finishes): such a
sync may have stored later periods than one it missed.

The core reports progress through a callback and never prints.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import TYPE_CHECKING, Any, Literal

from papercli import clock
from papercli.config import MAX_CONCURRENCY
from papercli.errors import HubError, HubStatusError, HubUnreachable, UsageError
from papercli.periods import Period, future, periods_between

if TYPE_CHECKING:
    from papercli.db.store import Store, Tally
    from papercli.models import Paper
    from papercli.session import Session
    from papercli.sources.arxiv_client import ArxivClient
    from papercli.sources.hub import HubClient

# Timeouts in a row (no answer in between), of two requests at least, that mean the Hub
# is down
DOWN_AFTER = 3

Status = Literal["skipped", "done", "failed"]


@dataclass(frozen=True)
class SyncFailure:
    period: str
    message: str
    url: str | None = None
    hint: str | None = None
    # The error itself, for its shorter ways to say it (`SourceError.shorter`): the
    # command line's last line fits 80 columns with them.
    error: HubError | None = field(default=None, compare=False, repr=False)


@dataclass
class SyncResult:
    since: date
    until: date
    planned: int = 0  # periods covering the range
    done: int = 0  # fetched and stored
    skipped: int = 0  # already complete
    failed: int = 0
    # Each paper once, however many periods list it, as the first that stored it found it
    added: int = 0  # papers new to the library
    updated: int = 0  # papers already known, changed by this fetch
    unchanged: int = 0  # papers already known exactly as fetched
    bad_items: int = 0  # malformed items in the Hub's answers, skipped
    requests: int = 0
    seconds: float = 0.0
    failures: list[SyncFailure] = field(default_factory=list)
    stopped: str | None = None  # why the remaining periods were not tried
    interrupted: bool = False
    # What interrupted it (Ctrl-C, or the CLI's SIGTERM, which it says apart): kept for
    # the caller, which says which it was.
    interruption: KeyboardInterrupt | None = field(default=None, repr=False)
    # The periods asked for and not stored (failed or never tried), in date order: what a
    # rerun has to fetch, which the command line turns into one command to retry.
    missing: list[Period] = field(default_factory=list, repr=False)

    def retry_range(self) -> tuple[date, date] | None:
        """The first and last day of the periods not stored, if any: a sync of that range
        fetches them (the complete periods between them are skipped)."""
        if not self.missing:
            return None
        return self.missing[0].start, max(p.end for p in self.missing)

    @property
    def not_attempted(self) -> int:
        return self.planned - self.done - self.skipped - self.failed

    @property
    def ok(self) -> bool:
        return not self.failed and not self.not_attempted and not self.interrupted

    def to_dict(self) -> dict[str, Any]:
        from papercli.secrets import redact

        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "periods": self.planned,
            "fetched": self.done,
            "skipped": self.skipped,
            "failed": self.failed,
            "not_attempted": self.not_attempted,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad_items": self.bad_items,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "failures": [  # HubError redacts; this is stdout, so once more at the boundary
                {"period": f.period, "message": redact(f.message),
                 "url": redact(f.url) if f.url else None} for f in self.failures
            ],
        }


@dataclass(frozen=True)
class SyncEvent:
    """One period settled; `result` holds the running totals."""

    period: Period
    status: Status
    papers: int
    result: SyncResult


Callback = Callable[[SyncEvent], None]


# -- planning ----------------------------------------------------------------------------


def _midnight_after(day: date) -> str:
    return clock.iso(datetime.combine(day + timedelta(days=1), dtime(0, 0), tzinfo=UTC))


def _fetched_days(store: Store, since: date, until: date) -> dict[date, str]:
    """Day -> when its listing was last fetched, for the days in [since, until] that have
    one (a damaged row is none: fetched again)."""
    fetched: dict[date, str] = {}
    for start, fetched_at in store.complete_day_rows(since, until):
        try:
            fetched[date.fromisoformat(start)] = fetched_at
        except (TypeError, ValueError):
            continue
    return fetched


def _over_when_fetched(day: date, fetched_at: str) -> bool:
    """Whether a listing of `day` fetched at `fetched_at` holds the whole day."""
    # Both are normalised `YYYY-MM-DDTHH:MM:SSZ` strings: they compare as times.
    return fetched_at >= _midnight_after(day)


def complete_days(store: Store, since: date, until: date) -> set[date]:
    """Days in [since, until] whose listing was fetched after the day was over."""
    return {day for day, fetched_at in _fetched_days(store, since, until).items()
            if _over_when_fetched(day, fetched_at)}


def unfetched_days(store: Store, since: date, until: date,
                   today: date | None = None) -> list[date]:
    """The days of [since, until] (up to today) that a sync would fetch for papers the
    library may lack, in order: past days not complete (see `complete_days`, what
    `plan` skips as "already complete"), and today when it was never fetched. A weekend
    fetched after it was over, empty, is not one: telling `for-you` to sync it looped
    with sync's "nothing to fetch: … already complete"."""
    today = today or clock.today()
    last = min(until, today)
    fetched = _fetched_days(store, since, last)
    days = (since + timedelta(days=n) for n in range((last - since).days + 1))
    return [d for d in days if d not in fetched
            or (d < today and not _over_when_fetched(d, fetched[d]))]


def plan(
    store: Store, since: date, until: date, *, refresh: bool = False, today: date | None = None
) -> tuple[list[Period], list[Period]]:
    """(to fetch, already complete) for the range, in date order."""
    today = today or clock.today()
    wanted = periods_between(since, until)
    if refresh:
        return wanted, []
    done = complete_days(store, since, until)
    todo: list[Period] = []
    skip: list[Period] = []
    for period in wanted:
        if period.end < today and all(d in done for d in period.days()):
            skip.append(period)
        else:
            todo.append(period)
    return todo, skip


CATCH_UP_DAYS = 30  # an empty library's first sync without --since: the last 30 days
UNFINISHED_KEY = "sync:unfinished-since"  # meta: the start of a sync that did not finish


@dataclass(frozen=True)
class CatchUp:
    """Where a sync without --since starts, and why (said before any request)."""

    since: date
    last_complete: date | None  # the last day the library holds completely, if any
    unfinished: bool = False  # `since` is where a sync that failed or was stopped began
    empty: bool = False  # the library holds no paper
    # The first of the run of complete days that ends at last_complete, when it began
    # within the last CATCH_UP_DAYS: the day before it is not complete.
    complete_from: date | None = None

    def describe(self) -> str:
        """The catch-up's line, in clauses as a sync's summary (`SUMMARY_CLAUSES`)."""
        if self.unfinished:
            # Not "syncing from D" alone: after a `--refresh` that failed, that read as
            # the refresh resumed, where this run skips what is complete as any does.
            return (f"a sync from {self.since} did not finish; syncing from {self.since}, "
                    "skipping periods already complete")
        if self.last_complete is None:
            return f"{self.none_complete()}: syncing the last {CATCH_UP_DAYS} days"
        if self.complete_from is not None:
            # A first sync that failed, then `sync --since` a later day: "complete through
            # D" said nothing of the days before that one, which no sync fetched.
            return (f"the library is complete from {self.complete_from} through "
                    f"{self.last_complete}; syncing from {self.since}")
        return f"the library is complete through {self.last_complete}: syncing from {self.since}"

    def none_complete(self) -> str:
        """Why the catch-up goes back CATCH_UP_DAYS: an empty library said as one ("no day
        in the library is complete" read as a library holding some)."""
        return "the library is empty" if self.empty else "no day in the library is complete"


def catch_up(store: Store, today: date | None = None) -> CatchUp:
    """The start of a sync given no --since: the day after the last day the library holds
    completely, so a daily `papers sync` tops it up as `git fetch` does. Rows that are
    damaged, or dated after today (a clock or record gone wrong), do not count: at worst
    a day is fetched again, never skipped."""
    today = today or clock.today()
    done = complete_days(store, date(1, 1, 1), today)
    last = max(done) if done else None
    since = (min(last + timedelta(days=1), today) if last
             else today - timedelta(days=CATCH_UP_DAYS))
    # A sync that failed or was stopped may have stored later periods than ones it missed
    # (they run a few at a time): the last complete day alone would skip those for good.
    unfinished = _unfinished_since(store, today)
    if unfinished and unfinished < since:
        return CatchUp(unfinished, last, unfinished=True)
    return CatchUp(since, last, empty=last is None and not store.max_rowid(),
                   complete_from=_recent_run_start(done, last, today))


def _recent_run_start(done: set[date], last: date | None, today: date) -> date | None:
    """The first day of the run of complete days that ends at `last`, when it is within
    the last CATCH_UP_DAYS (the days a first sync without --since fetches): earlier, a
    library's first days are no news in a daily catch-up's line."""
    if last is None:
        return None
    first, floor = last, today - timedelta(days=CATCH_UP_DAYS)
    while first > floor and first - timedelta(days=1) in done:
        first -= timedelta(days=1)
    return first if first > floor else None


def _unfinished_since(store: Store, today: date) -> date | None:
    """The recorded start of an unfinished sync; a damaged or future one counts as none."""
    value = store.get_meta(UNFINISHED_KEY)
    try:
        day = date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None
    return day if day and day <= today else None


def _remember(store: Store, result: SyncResult, today: date) -> None:
    """Record where an unfinished sync began (the earliest such start), or forget it once
    a sync from on or before it to today has finished."""
    from papercli.outfile import held_signals

    if store.birth is not None:
        # No library yet, and this sync stored nothing in it (its first write creates the
        # file): nothing to record, and a sync the Hub refused from the first request
        # leaves no library behind, as `git clone` of a bad address leaves no folder.
        # The next sync starts afresh ("the library is empty"); the failure's line says
        # how to retry this one.
        return
    pending = _unfinished_since(store, today)
    with held_signals(), store.transaction():
        if not result.ok:
            if pending is None or result.since < pending:
                store.set_meta(UNFINISHED_KEY, result.since.isoformat())
        elif (pending is None or result.since <= pending) and result.until >= today:
            store.delete_meta(UNFINISHED_KEY)


def check_range(since: date, until: date | None, today: date) -> date:
    """The effective end of the range; a range that cannot be synced is a usage error."""
    if since > today:
        raise future(f"--since {since}")
    from papercli.criteria import dates_in_order

    end = min(until or today, today)  # nothing after today exists yet
    dates_in_order(since, end)
    return end


@dataclass(frozen=True)
class Opening:
    """When a source began: its days before hold nothing to ask for, so a range reaching
    back further starts there (`--since 2000` asked the Hub about 280 empty months, and
    `--since 1970-01-01` arXiv about 1,100 empty weeks)."""

    name: str  # "Daily Papers"
    listed: str  # what a paper of its days was: "listed on Daily Papers"
    day: date

    def start(self, since: date, end: date) -> date:
        """The first day of [since, end] worth asking for; a range that ends before the
        source began is a usage error (it would ask for nothing)."""
        if since >= self.day:
            return since
        self.check_end(end, since)
        return self.day

    def check_end(self, end: date, since: date | None = None) -> None:
        """A range that ends before the source began is a usage error, whatever its first
        day (None: a catch-up's, not known yet): it would ask for nothing."""
        if end >= self.day:
            return
        days = f"from {since} to {end}" if since is not None else f"up to {end}"
        error = UsageError(f"nothing was {self.listed} {days}: it began on {self.day}",
                           hint=f"pick days from {self.day} on")
        # (133 columns whole; the Hub's first shorter way 83, "on" left out: 80)
        error.shorter = [(f"{self.began()}, after {end}", "pick later days"),
                         (f"{self.name} began {self.day}, after {end}", "pick later days")]
        raise error

    def began(self) -> str:
        """When it began, as every line that says so puts it ("Daily Papers began on
        2023-05-04")."""
        return f"{self.name} began on {self.day}"

    def describe(self) -> str:
        """The note a command clamped to it says, before any request."""
        return f"{self.began()}: syncing from there"


def hub_opening() -> Opening:
    """Daily Papers' first day (`sources.hub.FIRST_DAY`, imported only when asked for)."""
    from papercli.sources.hub import FIRST_DAY

    return Opening("Daily Papers", "listed on Daily Papers", FIRST_DAY)


# -- running -----------------------------------------------------------------------------


_Outcome = tuple[Period, "list[Paper] | None", int, BaseException | None]


class _Workers:
    """Daemon threads fetching periods from a queue; results come back on another."""

    def __init__(self, client: HubClient, periods: Sequence[Period], count: int,
                 asking: dict[int, Period] | None = None) -> None:
        from papercli.listings import fetch_period

        self._fetch = fetch_period
        self.client = client
        self.jobs: queue.SimpleQueue[Period] = queue.SimpleQueue()
        for period in periods:
            self.jobs.put(period)
        self.results: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
        self.stop = threading.Event()
        # thread id -> the period that worker is fetching, for the status line to name
        self.asking: dict[int, Period] = {} if asking is None else asking
        self.threads = [
            threading.Thread(target=self._work, name=f"papers-sync-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        while not self.stop.is_set():
            try:
                period = self.jobs.get_nowait()
            except queue.Empty:
                return
            self.asking[threading.get_ident()] = period
            try:
                with self.client.budgeted():  # each period its own time budget
                    papers, skipped = self._fetch(self.client, period)
            except BaseException as exc:  # handed to the main thread, which decides
                if isinstance(exc, HubError) and _hub_wide(exc):
                    self.stop.set()  # the others take no new period meanwhile
                self.results.put((period, None, 0, exc))
            else:
                self.results.put((period, papers, skipped, None))

    def busy(self) -> bool:
        """Whether a worker is still running (a request in flight after a stop)."""
        return any(t.is_alive() for t in self.threads)

    def outcomes(self) -> Any:
        """Yield outcomes until every worker has finished and nothing is left."""
        while True:
            try:
                yield self.results.get(timeout=0.2)
            except queue.Empty:
                if not self.busy():
                    try:
                        yield self.results.get_nowait()
                    except queue.Empty:
                        return


def _hub_wide(exc: HubError) -> bool:
    """A failure no other period would escape: stop instead of repeating it. A Hub that
    accepts connections and never answers counts: after DOWN_AFTER timeouts in a row the
    client fails the rest at once ("down"), instead of each period waiting out its
    timeouts (about six minutes at default settings)."""
    if isinstance(exc, HubStatusError):
        return exc.status in (401, 403, 429)
    if isinstance(exc, HubUnreachable):
        return exc.kind in ("connect", "down")
    return False


def run_sync(
    session: Session,
    since: date,
    until: date | None = None,
    *,
    refresh: bool = False,
    concurrency: int | None = None,
    on_event: Callback | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> SyncResult:
    """Fetch and store every incomplete period of [since, until]; never raises HubError.

    Ctrl-C (or SIGTERM, as the CLI raises it) returns the result so far with `interrupted`
    set and the exception in `interruption` (the caller exits 130, or 143).
    """
    started = time.monotonic()
    today = clock.today()
    end = check_range(since, until, today)
    since = hub_opening().start(since, end)  # (the command line said so: `Opening.describe`)
    store = session.store()
    store.storing()
    store.check_writable()  # before any request: what it fetches could not be kept
    todo, skip = plan(store, since, end, refresh=refresh, today=today)
    result = SyncResult(since, end, planned=len(todo) + len(skip), skipped=len(skip))
    if on_plan:
        on_plan(result.planned)
    emit = on_event or (lambda event: None)
    for period in skip:
        emit(SyncEvent(period, "skipped", 0, result))
    if not todo:
        result.seconds = time.monotonic() - started
        _remember(store, result, today)
        return result

    from papercli.db.store import Tally
    from papercli.listings import save_period
    from papercli.outfile import FETCHED_SO_FAR, held_signals

    client = session.client()
    client.down_after = DOWN_AFTER
    # Of two requests at least: one period that hangs (its own retries timing out, the
    # other periods done or not yet asked, as under -j 1) failed as "the Hub looks down"
    # and stopped the sync, every later period left unasked.
    client.down_requests = 2
    hook = client.progress
    # The workers' status messages ("rate limited; retrying in 30 s"), merged into one
    # line: the caller's bar shows it (it was switched off, so a sync waiting out a 429
    # stood still without a word).
    asking: dict[int, Period] = {}
    status = _SharedStatus(hook, asking) if hook is not None else None
    client.progress = status
    before = client.requests_made
    workers_wanted = concurrency or int(session.config.get("network.concurrency"))
    count = max(1, min(workers_wanted, MAX_CONCURRENCY, len(todo)))
    workers = _Workers(client, todo, count, asking)
    stored: set[Period] = set()
    # Each paper stored so far, counted once however many periods list it: a paper
    # listed on days of two periods was "added" by one, then "updated" by the other; or
    # "unchanged" by the first, and changed by the second (its later listing) uncounted.
    tally = Tally()
    try:
        for period, papers, bad, exc in workers.outcomes():
            if exc is not None:
                if not isinstance(exc, HubError):
                    workers.stop.set()
                    raise exc
                result.failed += 1
                result.failures.append(SyncFailure(period.key, exc.message, exc.url, exc.hint,
                                                   exc))
                if _hub_wide(exc) and result.stopped is None:
                    result.stopped = exc.message
                    workers.stop.set()
                emit(SyncEvent(period, "failed", 0, result))
                continue
            assert papers is not None
            # Ctrl-C waits until the period is stored, counted *and* shown: between the
            # first two, the summary said "0 fetched" of a period it had kept; before the
            # last, the progress bar's last frame counted a period fewer than the summary.
            with held_signals(FETCHED_SO_FAR):
                save_period(store, period, papers, tally)
                result.done += 1
                result.added, result.updated, result.unchanged = tally.counts()
                result.bad_items += bad
                stored.add(period)
                emit(SyncEvent(period, "done", len(papers), result))
    except KeyboardInterrupt as exc:
        workers.stop.set()
        result.interrupted, result.interruption = True, exc
    finally:
        if status is not None:
            status.close()  # a worker still in flight after Ctrl-C says nothing more
        if not workers.busy():
            # Handed back only once no worker can use it: one still in flight after Ctrl-C
            # (or a stop) read the hook back and drew its retry note ("connection dropped;
            # retrying in 0.7 s") on the terminal after the error line.
            client.progress = hook
        result.requests = client.requests_made - before
        result.seconds = time.monotonic() - started
        result.missing = [p for p in todo if p not in stored]
        # In date order, not the order the workers gave up in: the first failure said is
        # the earliest, and --json lists them as the range runs.
        order = {p.key: at for at, p in enumerate(todo)}
        result.failures.sort(key=lambda f: order.get(f.period, len(order)))
    _remember(store, result, today)
    return result


class _SharedStatus:
    """One status hook for the worker threads: each thread's last message is kept until
    that thread clears it, and the line shows the newest of them, a note ("rate limited;
    retrying in 30 s") before any "fetching …" wait. One thread's `None` (its fetch done)
    no longer blanks another's note, and messages reach `hook` one at a time, in order.
    A thread's "asking the Hub (retry 1 of 3)…" and "Hub answered 500; retrying in 2 s"
    name the period it asks for (`asking`: thread id -> period): under a bar naming the
    period last done, a retry read as that period's."""

    def __init__(self, hook: Callable[[str | None], None],
                 asking: dict[int, Period] | None = None) -> None:
        self._hook: Callable[[str | None], None] | None = hook
        self._asking = {} if asking is None else asking
        self._lock = threading.Lock()
        self._said: dict[int, str] = {}  # thread id -> its message, oldest first
        self._shown: str | None = None

    def __call__(self, message: str | None) -> None:
        with self._lock:
            if self._hook is None:
                return
            me = threading.get_ident()
            self._said.pop(me, None)
            period = self._asking.get(me)
            if period is not None and message is not None:
                message = _naming(message, period.value)
            if message is not None:
                self._said[me] = message
            said = list(self._said.values())
            notes = [m for m in said if not m.endswith("…")]
            shown = (notes or said)[-1] if said else None
            if shown != self._shown:
                self._shown = shown
                self._hook(shown)

    def close(self) -> None:
        """Clear the line and drop whatever the workers say from now on."""
        with self._lock:
            if self._hook is not None and self._shown is not None:
                self._hook(None)
            self._hook = None


def _naming(message: str, period: str) -> str:
    """A worker's status message with the period it is about: "asking the Hub for 2026-03
    (retry 1 of 3)…", "Hub answered 500 for 2026-03; retrying in 2 s, 1 of 3". A 429's
    wait is the whole Hub's (every worker waits it out), and is left as it is."""
    from papercli.sources.transport import is_asking

    if is_asking(message):
        head, sep, tail = message[:-1].partition(" (")
        return f"{head} for {period}{sep}{tail}…"
    why, sep, rest = message.partition("; retrying in ")
    if sep and why != "rate limited":
        return f"{why} for {period}{sep}{rest}"
    return message


# -- arXiv backfill ----------------------------------------------------------------------
#
# `papers sync --arxiv cs.CL --since D` asks arXiv's API for the papers submitted in the
# range, ARXIV_CHUNK_DAYS days per query. A week of a busy category (~110 papers a day) is
# two pages of 500, so a year is about a hundred requests at arXiv's 3 s: a query per day
# would cost 365 (one short page each), a month per query barely fewer than a week while
# a failure or Ctrl-C would lose up to a month of progress. Each page is stored as it
# arrives; a chunk whose pages have all been stored marks each of its days complete
# (meta `arxiv-sync:CATEGORY:DAY` = when), so a rerun asks only for the days not marked,
# regrouped into chunks. A day is marked only once it is settled (SETTLED_DAYS behind the
# fetch): papers submitted on it may still be announced until then.
#
# A chunk arXiv answers with nothing is not marked: its API does that for minutes at a
# time. The time of that answer is kept per day (`arxiv-sync-empty:CATEGORY:DAY`), and a
# second answer of nothing, EMPTY_CONFIRMED or more after the first, marks the days:
# before, every rerun of a backfill reaching back before a category existed (or of a
# sparse one) asked each of its empty weeks again, forever, at 3 s a week.

ARXIV_CHUNK_DAYS = 7
# arXiv opened in August 1991: no paper is submitted before
ARXIV_OPENING = Opening("arXiv", "submitted to arXiv", date(1991, 8, 1))
EMPTY_CONFIRMED = timedelta(hours=1)


def _day_key(category: str, day: date) -> str:
    from papercli.db.store import SYNCED_MARK, sync_mark

    return sync_mark(SYNCED_MARK, category, day)


def _fetched_key(category: str, day: date) -> str:
    from papercli.db.store import FETCHED_MARK, sync_mark

    return sync_mark(FETCHED_MARK, category, day)


def _empty_key(category: str, day: date) -> str:
    return f"arxiv-sync-empty:{category}:{day.isoformat()}"


@dataclass
class ArxivSyncResult:
    categories: list[str]
    since: date
    until: date
    days: int = 0
    skipped: int = 0  # days already stored completely
    fetched: int = 0  # days fetched completely now
    papers: int = 0  # papers stored (each once per run)
    added: int = 0
    updated: int = 0  # already known, changed
    unchanged: int = 0  # already known exactly as fetched
    bad_items: int = 0
    requests: int = 0
    seconds: float = 0.0
    failure: str | None = None
    hint: str | None = None
    url: str | None = None  # the request that failed, if one did
    # The error that stopped it, for its shorter ways to say it (as `SyncFailure.error`)
    error: Exception | None = field(default=None, compare=False, repr=False)
    interrupted: bool = False
    interruption: KeyboardInterrupt | None = field(default=None, repr=False)  # (as above)

    @property
    def ok(self) -> bool:
        return self.failure is None and not self.interrupted

    def to_dict(self) -> dict[str, Any]:
        from papercli.secrets import redact

        return {
            "source": "arxiv", "categories": self.categories,
            "since": self.since.isoformat(), "until": self.until.isoformat(),
            "days": self.days, "skipped": self.skipped, "fetched": self.fetched,
            "papers": self.papers, "added": self.added, "updated": self.updated,
            "unchanged": self.unchanged, "bad_items": self.bad_items, "requests": self.requests,
            "seconds": round(self.seconds, 3), "interrupted": self.interrupted,
            "failure": redact(self.failure) if self.failure else None,
            "url": redact(self.url) if self.url else None,
        }


def arxiv_chunks(days: Sequence[date], size: int = ARXIV_CHUNK_DAYS
                 ) -> list[tuple[date, date]]:
    """Runs of consecutive days, at most `size` long: one paged query each."""
    chunks: list[tuple[date, date]] = []
    for day in days:
        if chunks and day == chunks[-1][1] + timedelta(days=1) and (
                (day - chunks[-1][0]).days < size):
            chunks[-1] = (chunks[-1][0], day)
        else:
            chunks.append((day, day))
    return chunks


def arxiv_done_days(store: Store, categories: Sequence[str], since: date, until: date
                    ) -> set[date]:
    """Days of the range stored completely for every one of `categories`. A mark is the
    time it was made: one that is not a time, or not after its day was over (a damaged
    record), does not count, so the day is asked again rather than skipped for good."""
    done: set[date] = set()
    day = since
    while day <= until:
        over = _midnight_after(day)
        if all(_marked_after(store.get_meta(_day_key(c, day)), over)
               for c in categories):
            done.add(day)
        day += timedelta(days=1)
    return done


def _marked_after(value: str | None, over: str) -> bool:
    from papercli.db import records

    stamp, ok = records.timestamp(value)
    return bool(ok and stamp and stamp >= over)


def run_arxiv_sync(
    session: Session,
    categories: Sequence[str],
    since: date,
    until: date | None = None,
    *,
    refresh: bool = False,
    on_plan: Callable[[int], None] | None = None,
    on_progress: Callable[[int, ArxivSyncResult], None] | None = None,
) -> ArxivSyncResult:
    """Backfill `categories` over [since, until] from arXiv's API, page by page; never
    raises SourceError (the result says what failed). `on_progress(days, result)` after
    each page (days: how many days that page completed). Ctrl-C (or SIGTERM) returns the
    result so far with `interrupted` set, as `run_sync` does."""
    from papercli.arxiv_listing import open_client
    from papercli.db.store import Tally
    from papercli.errors import SourceError
    from papercli.outfile import held_signals
    from papercli.sources.arxiv import ArxivError, ArxivParseError

    started = time.monotonic()
    today = clock.today()
    end = check_range(since, until, today)
    since = ARXIV_OPENING.start(since, end)
    names = sorted(categories)
    store = session.store()
    store.storing()
    store.check_writable()
    result = ArxivSyncResult(names, since, end, days=(end - since).days + 1)
    done = set() if refresh else arxiv_done_days(store, names, since, end)
    result.skipped = len(done)
    todo = [since + timedelta(days=n) for n in range(result.days)
            if since + timedelta(days=n) not in done]
    if on_plan:
        on_plan(result.days)
    if on_progress and result.skipped:
        on_progress(result.skipped, result)
    if not todo:
        result.seconds = time.monotonic() - started
        return result
    client = open_client(session)
    # Each paper counted once over the pages, as run_sync counts it over its periods: a
    # paper on two pages (the API's pages overlap now and then) was added, then unchanged
    tally = Tally()
    first = last = since
    asking: list[tuple[date, date]] = [(first, last)]
    if client.api.progress is not None:
        pacer = client.api.pacer
        client.api.progress = _arxiv_status(client.api.progress, asking,
                                            pacer.interval if pacer else 0.0)
    try:
        for first, last in arxiv_chunks(todo):
            asking[0] = (first, last)
            with client.api.budgeted():  # each chunk its own time budget, like a period
                found = _store_chunk(store, client, names, first, last, result, tally,
                                     on_progress)
            with held_signals(), store.transaction():  # marked and counted, or neither
                _mark_chunk(store, names, first, last, bool(found))
                result.fetched += (last - first).days + 1
            if on_progress:
                on_progress((last - first).days + 1, result)
    except (SourceError, ArxivError, ArxivParseError) as exc:
        result.failure, result.hint = _chunk_failure(exc, first, last), exc.hint
        if isinstance(exc, ArxivParseError):  # its "nothing was stored" is of that one
            result.hint = f"{_kept(result.papers)}; try again later"  # answer alone
        result.url, result.error = getattr(exc, "url", None), exc
    except KeyboardInterrupt as exc:
        result.interrupted, result.interruption = True, exc
    finally:
        client.close()
        # every attempt, a failed one too (a page counted only those answered: a sync
        # that gave up after four 503s said "0 requests")
        result.requests = client.api.requests_made
        result.seconds = time.monotonic() - started
    return result


def _kept(papers: int) -> str:
    """What a backfill that stopped on a broken answer kept: the pages stored before it."""
    from papercli.words import plural

    if not papers:
        return "nothing was stored before it"
    return (f"the {plural(papers, 'paper')} stored before it {'is' if papers == 1 else 'are'}"
            " kept")


def _mark_chunk(store: Store, names: Sequence[str], first: date, last: date,
                found: bool) -> None:
    """Mark the chunk's settled days stored: when arXiv answered with papers, or with
    nothing for the second time, EMPTY_CONFIRMED or more after the first (whose time is
    kept until then); its days not yet settled fetched, when arXiv answered with papers
    (trends counts them covered, as a listing of them; a rerun still asks for them).
    Inside the caller's transaction."""
    from papercli.arxiv_listing import SETTLED_DAYS

    now = clock.now()
    stamp = clock.iso(now)
    confirmed = clock.iso(now - EMPTY_CONFIRMED)
    settled = now.date() - timedelta(days=SETTLED_DAYS)
    day = first
    while day <= min(last, settled - timedelta(days=1)):
        for name in names:
            empty = _empty_key(name, day)
            before = store.get_meta(empty)
            if not found and not _answered_before(before, confirmed):
                if before is None or not _answered_before(before, stamp):
                    store.set_meta(empty, stamp)  # (the first answer of nothing, kept)
                continue
            store.set_meta(_day_key(name, day), stamp)
            if before is not None:
                store.delete_meta(empty)
            store.delete_meta(_fetched_key(name, day))  # (the mark above says more)
        day += timedelta(days=1)
    while found and day <= last:
        for name in names:
            store.set_meta(_fetched_key(name, day), stamp)
        day += timedelta(days=1)


def _answered_before(value: str | None, moment: str) -> bool:
    """Whether a kept time is a time, on or before `moment`; a damaged one is not."""
    from papercli.db import records

    when, ok = records.timestamp(value)
    return bool(ok and when and when <= moment)


def _arxiv_status(hook: Callable[[str | None], None], asking: list[tuple[date, date]],
                  interval: float) -> Callable[[str | None], None]:
    """The client's status hook, its "asking arXiv…" (shown for the whole of arXiv's
    pacing wait) said as what it is: the days asked for and the pace arXiv allows.
    Other messages (a retry's wait) pass as they are."""
    from papercli.sources.transport import is_asking

    def say(message: str | None) -> None:
        if message is not None and is_asking(message):
            first, last = asking[0]
            days = str(first) if first == last else f"{first} to {last}"
            notes = [message[message.rfind(" (") + 2:-2]] if message.endswith(")…") else []
            if interval:  # (short: the line fits 60 columns)
                notes.append(f"paced {interval:g} s")
            message = f"asking arXiv for {days}" + (f" ({', '.join(notes)})" if notes else "")
            message += "…"
        hook(message)

    return say


def _chunk_failure(exc: Exception, first: date, last: date) -> str:
    """The failure, naming the days asked for rather than quoting the query URL: the
    URL (some 150 characters of search query) took four lines of 80 columns. --json
    keeps it (`url`)."""
    message = str(getattr(exc, "message", exc))
    url = getattr(exc, "url", None)
    if url and url in message:
        message = message.replace(url, "arXiv's API")
    days = str(first) if first == last else f"{first} to {last}"
    return f"{days}: {message}"


def _store_chunk(store: Store, client: ArxivClient, names: Sequence[str], first: date,
                 last: date, result: ArxivSyncResult, tally: Tally,
                 on_progress: Callable[[int, ArxivSyncResult], None] | None) -> int:
    """Every page of one chunk's query, each stored (one transaction) as it arrives; how
    many papers it had (none: its days are not marked stored, and asked again next time)."""
    from papercli.arxiv_listing import iter_submitted_pages
    from papercli.models import from_arxiv
    from papercli.outfile import FETCHED_SO_FAR, held_signals

    found = 0
    for page in iter_submitted_pages(client, names, first, last):
        result.requests = client.api.requests_made  # (the client is this sync's alone)
        papers = [from_arxiv(e) for e in page.entries]
        found += len(papers) + page.skipped
        with held_signals(FETCHED_SO_FAR):  # stored and counted, or neither (see run_sync)
            store.upsert_papers(papers, tally=tally)
            result.added, result.updated, result.unchanged = tally.counts()
            result.bad_items += page.skipped
        result.papers = sum(tally.counts())
        if on_progress and not page.last:
            on_progress(0, result)
    return found
