"""What the commands do, without any of the command line: fetch-or-cache, import, info.

`Session` bundles the settings with lazily opened resources (the library, the Hub client),
so a command that never touches the network never imports httpx.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from papercli import clock, paths
from papercli import periods as P
from papercli.config import Config
from papercli.errors import (
    HubError,
    NotFoundError,
    OfflineMiss,
    PapersError,
    UsageError,
)
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.families import FamilyMatcher
    from papercli.filters import Filter
    from papercli.hub import HubClient
    from papercli.store import ListingInfo, Store

TODAY_LOOKBACK_DAYS = 7
PAGE_SIZE = 100
MAX_PAGES = 100


# `--timeout` from the command line, for the duration of one command (see cli/_common.py).
TIMEOUT_OVERRIDE: ContextVar[float | None] = ContextVar("papers_timeout", default=None)
# Where a session's notices go the moment they arise, for the duration of one command (the
# command line sets it, see cli/running.py); without one they wait in `Session.notices`.
NOTIFY: ContextVar[Callable[[str], None] | None] = ContextVar("papers_notify", default=None)


class Notices(list[str]):
    """A session's messages for the user. With a NOTIFY sink each is said once, when it
    arises: a command that printed its notices before opening the library (or never
    printed them) still tells the user that the library was rebuilt."""

    def append(self, message: str) -> None:
        sink = NOTIFY.get()
        if sink is None:
            super().append(message)
        else:
            sink(message)

    def extend(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.append(message)


class Session:
    """Settings plus the resources a command opens on first use; `notices` collects
    messages for the command line to print."""

    __slots__ = (
        "_client", "_matcher", "_store", "config", "notices", "offline", "refresh", "timeout"
    )

    def __init__(
        self,
        config: Config,
        offline: bool = False,
        refresh: bool = False,
        timeout: float | None = None,  # overrides network.timeout
    ) -> None:
        self.config = config
        self.offline = offline
        self.refresh = refresh
        self.timeout = timeout
        self._store: Store | None = None
        self._client: HubClient | None = None
        self._matcher: FamilyMatcher | None = None
        self.notices: list[str] = Notices()

    @classmethod
    def create(
        cls, *, offline: bool = False, refresh: bool = False, timeout: float | None = None
    ) -> Session:
        from papercli import config as config_mod

        cfg = config_mod.load(paths.config_path())
        if timeout is None:
            timeout = TIMEOUT_OVERRIDE.get()
        session = cls(cfg, offline=offline, refresh=refresh, timeout=timeout)
        session.notices.extend(cfg.warnings)
        return session

    @property
    def endpoint(self) -> str:
        return self.config.endpoint

    @property
    def matcher(self) -> FamilyMatcher:
        if self._matcher is None:
            from papercli.families import FamilyConfigError, build_matcher

            try:
                self._matcher = build_matcher(self.config.families_table)
            except FamilyConfigError as exc:
                from papercli.errors import ConfigError

                raise ConfigError(f"config file {self.config.path}: {exc}") from None
        return self._matcher

    def store(self) -> Store:
        if self._store is None:
            from papercli.store import Store

            store = Store.open(paths.library_path())
            if store.moved_aside:
                self.notices.append(
                    f"the library file was unreadable; moved it to {store.moved_aside} "
                    "and started a new one"
                )
            store.families_fn = lambda p: self.matcher.match(p.title, p.summary, p.ai_keywords)
            source = self._families_source()
            # Read-only (a read-only cache dir): families stay as stored, reads still work.
            if not store.read_only and store.get_meta("families_source") != source:
                # Definitions may have changed: only now is the matcher worth building.
                refresh_families(store, self.matcher)
                with store.transaction():
                    store.set_meta("families_source", source)
            self._store = store
        return self._store

    def _families_source(self) -> str:
        """What family definitions depend on, cheap to compute: this papercli's built-in
        rules (the families module's version and file) and the user's [families] table."""
        import json

        from papercli import __version__

        rules = Path(__file__).with_name("families.py")
        try:
            stamp = f"{rules.stat().st_mtime_ns}:{rules.stat().st_size}"
        except OSError:
            stamp = "?"
        user = json.dumps(self.config.families_table, sort_keys=True, default=str)
        return f"{__version__}|{stamp}|{user}"

    def client(self) -> HubClient:
        if self.offline:
            raise OfflineMiss("internal: network use in --offline mode")
        if self._client is None:
            from papercli.hub import COMMAND_BUDGET, HubClient

            cfg = self.config
            # The raw endpoint: HubClient takes `user:pass@` out of it for httpx auth and
            # checks the token (a bad one is a ConfigError that never shows it).
            self._client = HubClient(
                str(cfg.get("hub.endpoint")),
                token=os.environ.get("HF_TOKEN"),
                timeout=self.timeout or cfg.get("network.timeout"),
                retries=cfg.get("network.retries"),
                backoff=cfg.get("network.backoff"),
                max_retry_after=cfg.get("network.max_retry_after"),
                # All requests of one command (one sync period) share this many seconds.
                budget=cfg.values.get("network.budget") or COMMAND_BUDGET,
            )
        return self._client

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._client is not None:
            self._client.close()
            self._client = None


def refresh_families(store: Store, matcher: FamilyMatcher) -> int:
    """Recompute every paper's families when the definitions changed; returns rows touched."""
    if store.get_meta("families_fingerprint") == matcher.fingerprint:
        return 0
    from papercli.store import PAPER_COLUMNS, row_to_paper

    with store.transaction() as conn:
        updates = []
        for row in conn.execute(f"SELECT {PAPER_COLUMNS} FROM papers"):
            paper = row_to_paper(row)
            fams = matcher.match(paper.title, paper.summary, paper.ai_keywords)
            if tuple(fams) != paper.families:
                updates.append((paper.id, fams))
        store.set_families(updates)
        store.set_meta("families_fingerprint", matcher.fingerprint)
    return len(updates)


# -- freshness -------------------------------------------------------------------------


def ttl_for(period: P.Period, config: Config, today: date) -> int:
    """Seconds a cached listing stays fresh: short while the period is still filling up,
    longer for a recent one (upvotes still move), long for an old one."""
    if period.end >= today:
        return int(config.get("cache.today_ttl"))
    if (today - period.end).days <= 7:
        return int(config.get("cache.recent_ttl"))
    return int(config.get("cache.archive_ttl"))


def is_fresh(info: ListingInfo, period: P.Period, config: Config) -> bool:
    age = (clock.now() - clock.parse_iso(info.fetched_at)).total_seconds()
    return age < ttl_for(period, config, clock.today())


def is_fresh_search(info: ListingInfo, config: Config) -> bool:
    """A cached Hub search is reused as long as today's listing would be."""
    age = (clock.now() - clock.parse_iso(info.fetched_at)).total_seconds()
    return age < int(config.get("cache.today_ttl"))


def describe_age(fetched_at: str) -> str:
    from papercli.store import IMPORTED_AT, REPAIRED_AT

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
    return f"{seconds // 86400} days ago ({fetched_at[:10]})"


# -- listings --------------------------------------------------------------------------


class ListingResult:
    """A period's papers and where they came from; get_listing/get_today adjust it."""

    __slots__ = (
        "fetched_at", "from_cache", "papers", "period", "requests", "skipped", "stale", "title"
    )

    def __init__(
        self,
        period: P.Period,
        papers: list[Paper],
        fetched_at: str | None,
        from_cache: bool,
        title: str,
        requests: int = 0,
        skipped: int = 0,
        stale: str | None = None,  # why a cached copy is shown instead of a fresh one
    ) -> None:
        self.period = period
        self.papers = papers
        self.fetched_at = fetched_at
        self.from_cache = from_cache
        self.title = title
        self.requests = requests
        self.skipped = skipped
        self.stale = stale


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


def fetch_period(client: HubClient, period: P.Period) -> tuple[PeriodPapers, int]:
    """All pages of one period. Pages are read until one is empty or brings nothing new
    (or MAX_PAGES): a page shorter than the limit asked for does not end it, since the Hub
    may cap pages below the limit (a cap of 100 with a limit of 1000 must still get all),
    unless it is shorter than a page this Hub has already been seen to continue after."""
    papers = PeriodPapers()
    seen: set[str] = set()
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
        fresh = [p for p in parsed.papers if p.id not in seen]
        seen.update(p.id for p in fresh)
        papers.extend(fresh)
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


def save_period(store: Store, period: P.Period, papers: Sequence[Paper]) -> Any:
    """Store a fetched period; a week or month also files each paper under its day."""
    if period.kind == "day":
        return store.save_listing(period.key, period.kind, papers, period_start=period.start)
    placements = getattr(papers, "placements", None)
    return store.save_listing(
        period.key,
        period.kind,
        papers,
        period_start=period.start,
        day_of=day_of,
        days=period.days(),
        placements=placements,
    )


def _cached(store: Store, period: P.Period, title: str, stale: str | None) -> ListingResult:
    info = store.listing(period.key)
    assert info is not None
    return ListingResult(
        period, store.listing_papers(period.key), info.fetched_at, True, title, stale=stale
    )


def get_listing(session: Session, period: P.Period, *, title: str | None = None) -> ListingResult:
    """The listing for a period: cached if fresh, else fetched; cached if the Hub fails."""
    if period.start > clock.today():
        raise UsageError(f"{period.value} is in the future", hint="pick a past date")
    store = session.store()
    title = title or period.label
    info = store.listing(period.key)
    if session.offline:
        if info is None:
            raise OfflineMiss(
                f"{period.label} is not in the local library",
                hint="run the same command without --offline to fetch it",
            )
        return _cached(store, period, title, None)
    if info is not None and not session.refresh and is_fresh(info, period, session.config):
        return _cached(store, period, title, None)
    client = session.client()
    before = client.requests_made
    try:
        papers, skipped = fetch_period(client, period)
    except HubError as exc:
        if info is None:
            raise
        stale = f"{exc.message}; showing the copy cached {describe_age(info.fetched_at)}"
        return _cached(store, period, title, stale)
    save_period(store, period, papers)
    result = _cached(store, period, title, None)
    result.from_cache = False
    result.skipped = skipped
    result.requests = client.requests_made - before
    return result


def get_today(session: Session) -> ListingResult:
    """Today's listing, or the most recent day that has papers (weekends, early morning)."""
    today = clock.today()
    store = session.store()
    first_error: HubError | None = None
    for back in range(TODAY_LOOKBACK_DAYS + 1):
        period = P.day(today - timedelta(days=back))
        info = store.listing(period.key)
        if session.offline or first_error is not None:
            break
        try:
            result = get_listing(session, period)
        except HubError as exc:
            first_error = exc
            break
        if result.papers:
            if back:
                result.title = (
                    f"{period.label} (latest; nothing yet for {today.isoformat()})"
                )
            return result
    # Offline, or the Hub failed: the newest cached day with papers.
    info = store.latest_day_with_papers(today)
    if info is None:
        if first_error is not None:
            raise first_error
        if session.offline:
            raise OfflineMiss(
                "no daily listing in the local library yet",
                hint="run `papers today` without --offline to fetch one",
            )
        return ListingResult(P.day(today), [], None, False, P.day(today).label)
    period = P.day(date.fromisoformat(info.key.split(":", 1)[1]))
    title = period.label
    if period.start != today:
        title += f" (latest cached; nothing for {today.isoformat()})"
    stale = None
    if first_error is not None:
        stale = f"{first_error.message}; showing the copy cached {describe_age(info.fetched_at)}"
    return _cached(store, period, title, stale)


# -- single paper ----------------------------------------------------------------------


class PaperResult(NamedTuple):
    paper: Paper
    listing_day: str | None
    from_cache: bool
    stale: str | None = None


def get_paper(session: Session, paper_id: str) -> PaperResult:
    """A paper from the library, fetched from the Hub when missing, thin or --refresh."""
    store = session.store()
    cached = store.get_paper(paper_id)
    if cached is None:
        # A starred paper survives `cache clear` as a snapshot in the user database.
        from papercli.tracking import restore_starred

        cached = restore_starred(store, paper_id)
    # A listing record lacks the AI summary and links the paper page has; fetch once.
    complete = cached is not None and (store.get_meta(f"detail:{paper_id}") is not None)
    if session.offline or (cached is not None and complete and not session.refresh):
        if cached is None:
            raise OfflineMiss(
                f"paper {paper_id} is not in the local library",
                hint="run without --offline to fetch it from the Hub",
            )
        return PaperResult(cached, store.listing_day_of(paper_id), True)
    try:
        fetched = session.client().paper(paper_id)
    except NotFoundError:
        if cached is not None:
            return PaperResult(cached, store.listing_day_of(paper_id), True)
        raise
    except HubError as exc:
        if cached is None:
            raise
        return PaperResult(cached, store.listing_day_of(paper_id), True, stale=exc.message)
    store.upsert_papers([fetched], detail=True)
    paper = store.get_paper(paper_id)
    assert paper is not None
    return PaperResult(paper, store.listing_day_of(paper_id), False)


# -- import ----------------------------------------------------------------------------


class ImportResult:
    """Counts for `papers import`, filled in as the files are read and written."""

    __slots__ = ("added", "files", "read", "reasons", "skipped", "updated")

    def __init__(self) -> None:
        self.files = 0
        self.read = 0
        self.added = 0
        self.updated = 0
        self.skipped = 0
        self.reasons: list[str] = []


IMPORT_BATCH = 2000  # papers per transaction: memory stays flat, a crash loses one batch


def import_sources(
    session: Session, sources: Iterable[str], *, stdin: BinaryIO | None = None
) -> ImportResult:
    """Stream every file into the library, IMPORT_BATCH papers per transaction.

    Memory is bounded by one batch and one item whatever the file's size. Each file is
    checked to start like JSON before anything of it is written; a file that turns out
    to be broken part-way keeps the batches before the break, and the error says so.
    """
    from papercli import jsonstream
    from papercli.models import parse_one

    result = ImportResult()
    store = session.store()
    for source in sources:
        name = "standard input" if source == "-" else source
        batch: list[Paper] = []
        by_day: dict[str, list[str]] = {}
        written_before = result.added + result.updated
        with jsonstream.open_source(source, stdin=stdin) as stream:
            try:
                for raw in jsonstream.items(stream, name):
                    result.read += 1
                    paper, reason = parse_one(raw)
                    if paper is None:
                        result.skipped += 1
                        if len(result.reasons) < 20:
                            result.reasons.append(reason)
                        continue
                    batch.append(paper)
                    day = day_of(paper)
                    if day:
                        by_day.setdefault(day, []).append(paper.id)
                    if len(batch) >= IMPORT_BATCH:
                        _write_batch(store, batch, by_day, result)
            except PapersError as exc:
                kept = result.added + result.updated - written_before
                if kept:
                    exc.message += f" (the {kept} papers before it were imported)"
                raise
        _write_batch(store, batch, by_day, result)
        result.files += 1
    return result


def _write_batch(
    store: Store, batch: list[Paper], by_day: dict[str, list[str]], result: ImportResult
) -> None:
    """One transaction of an import; empties the batch for the next one."""
    if not batch:
        return
    written = store.import_papers(batch, by_day)
    result.added += written.added
    result.updated += written.updated
    batch.clear()
    by_day.clear()


# -- cache info ------------------------------------------------------------------------


def cache_info(session: Session) -> dict[str, Any]:
    store = session.store()
    listings = store.listings()
    return {
        "path": str(store.path),
        "size_bytes": store.size_bytes(),
        "papers": store.count_papers(),
        "listings": len(listings),
        "schema_version": store.conn.execute("PRAGMA user_version").fetchone()[0],
        "entries": [
            {"key": i.key, "count": i.count, "fetched_at": i.fetched_at, "source": i.source}
            for i in listings
        ],
    }


# -- filters and ordering ---------------------------------------------------------------


def make_filter(
    session: Session,
    *,
    families: Sequence[str] = (),
    keywords: Sequence[str] = (),
    excludes: Sequence[str] = (),
    authors: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    min_upvotes: int | None = None,
    orgs: Sequence[str] = (),
    has_code: bool = False,
    min_stars: int | None = None,
    submitters: Sequence[str] = (),
) -> Filter:
    """A Filter from user words: family aliases resolved, dates parsed (UsageError if bad)."""
    from papercli.filters import Filter

    canonical: list[str] = []
    if families:
        from papercli.families import UnknownFamily

        for name in families:
            try:
                resolved = session.matcher.resolve(name)
            except UnknownFamily as exc:
                raise UsageError(
                    f"unknown family {name!r}", hint="known families: " + ", ".join(exc.known)
                ) from None
            if resolved not in canonical:
                canonical.append(resolved)
    start = P.parse_date(since, option="--since") if since else None
    end = P.parse_date(until, option="--until") if until else None
    if start and end and start > end:
        raise UsageError(f"--since {start} is after --until {end}")
    return Filter(
        families=tuple(canonical),
        keywords=tuple(k for k in keywords if k.strip()),
        excludes=tuple(x for x in excludes if x.strip()),
        authors=tuple(a for a in authors if a.strip()),
        since=start,
        until=end,
        min_upvotes=min_upvotes,
        orgs=tuple(dict.fromkeys(o.strip() for o in orgs if o.strip())),
        has_code=has_code,
        min_stars=min_stars,
        submitters=tuple(dict.fromkeys(x.strip().lstrip("@") for x in submitters
                                       if x.strip().lstrip("@"))),
    )


def order(papers: Sequence[Paper], sort: str) -> list[Paper]:
    """trending keeps the Hub's order; upvotes, stars and new are stable re-sorts of it
    (papers without a star count go last)."""
    if sort == "upvotes":
        return sorted(papers, key=lambda p: -p.upvotes)
    if sort == "stars":
        return sorted(papers, key=lambda p: -1 if p.github_stars is None else -p.github_stars)
    if sort == "new":
        return sorted(papers, key=lambda p: p.submitted_at or p.published_at or "", reverse=True)
    return list(papers)


def org_counts(session: Session) -> list[dict[str, Any]]:
    """Each organization in the library (Hub name, display name) and its paper count."""
    return [
        {"name": name, "fullname": fullname, "papers": n}
        for name, fullname, n in session.store().org_counts()
    ]


def clear_cache(session: Session) -> tuple[int, int]:
    return session.store().clear()


def family_counts(session: Session) -> list[dict[str, Any]]:
    """Each family with its aliases, origin and number of papers in the library."""
    store = session.store()
    counts = dict(
        store.conn.execute("SELECT family, count(*) FROM paper_families GROUP BY family")
    )
    return [
        {
            "name": fam.name,
            "aliases": list(fam.aliases),
            "builtin": fam.builtin,
            "papers": int(counts.get(fam.name, 0)),
        }
        for fam in session.matcher.families
    ]
