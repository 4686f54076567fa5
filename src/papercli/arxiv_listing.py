"""arXiv's announcements, fetch-or-cache: the latest announcement of some categories from
the library while fresh, from arXiv's RSS otherwise, and the cached copy when arXiv
cannot be reached.

One request for every category (`{ARXIV_RSS_ENDPOINT}/cs.CL+cs.CV`), paced by arXiv's
rules across every `papers` process (`sources.pacing`). The announcement is kept like a
listing: its papers in the library (merged with whatever the Hub said of them) and a
listing row `arxiv:cs.CL+cs.CV` dated by the announcement, with each paper's announce
type beside it (for `--new-only` offline). An error feed, or a feed that cannot be read
whole, stores nothing; the latter, like arXiv out of reach, shows the cached copy.

`--date`/`--since` ask the API instead (`get_submitted`): papers submitted in those days,
paged by `opensearch:totalResults`, kept as one listing per query asked
(`arxiv:cs.CL+cs.CV:2024-01-15`, or `…:2024-01-15..2024-01-20` for a range). One key per
query, not per day: a range is one paged result set, and splitting it into days would
cost a request per day at arXiv's 3 s or guess days from timestamps. `fetch_ids` is the
API's `id_list`, for one paper the Hub has no page for.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from papercli import clock
from papercli.errors import (
    ConfigError,
    NetworkNeeded,
    OfflineMiss,
    SourceError,
    UsageError,
    fitting,
    quoting_shorter,
)
from papercli.models import Paper, from_arxiv
from papercli.sanitize import quoted
from papercli.words import plural

if TYPE_CHECKING:
    from papercli.session import Session
    from papercli.sources.arxiv import ArxivEntry, ArxivFeed
    from papercli.sources.arxiv_client import ArxivClient

INTERVAL_ENV = "PAPERS_ARXIV_INTERVAL"
KIND = "arxiv"
EMPTY_NOTE = "no announcement: arXiv announces nothing on weekends and holidays"
EMPTY_BRIEFLY = "no announcement (weekend or holiday)"  # (where EMPTY_NOTE would not fit)

PAGE_SIZE = 500  # results per API page (arXiv allows up to 2000; smaller pages fail less)
SHORT_RETRIES = 3  # a short or empty page part-way through is asked again this often
SETTLED_DAYS = 7  # a range fetched this long after its end gains no more papers: final
# The most papers one `papers arxiv --since` lists: held whole in memory, and 20 pages at
# arXiv's 3 s. A week of all of cs fits; a year of cs.LG is `papers sync --arxiv`'s work.
MAX_LISTED = 10_000
# The most items arXiv's RSS sends in one feed ("Limit 2000 results", its RSS help): a
# feed that full was cut, and a busy archive (all of cs) can fill it on a busy day.
RSS_LIMIT = 2000


def none_submitted(categories: int, days: int) -> str:
    """An empty API listing's note, in the number it is of: "… in those categories on
    those days" was said of one category's one day too."""
    where = "that category" if categories == 1 else "those categories"
    return f"nothing submitted in {where} {'that day' if days == 1 else 'on those days'}"


def interval_for(endpoints: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    """Seconds between two arXiv requests: arXiv's 3 s. `PAPERS_ARXIV_INTERVAL` may only
    lower it, and only when no endpoint is arXiv's own (a local mirror, a test server):
    for arxiv.org it is ignored."""
    from papercli.sources.pacing import ARXIV_INTERVAL

    text = (os.environ if env is None else env).get(INTERVAL_ENV, "").strip()
    if not text:
        return ARXIV_INTERVAL
    try:
        value = float(text[:40])
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        # (as a setting's variable is said: "PAPERS_ARXIV_INTERVAL must be a number of
        # seconds, not 'abc' — unset it to keep arXiv's 3 seconds" made 115 columns)
        said = f"{INTERVAL_ENV} must be a number of seconds, got {{}}"
        error = ConfigError(said.format(quoted(text, 40)),
                            hint="unset it to keep arXiv's 3 seconds")
        brief = (f"{INTERVAL_ENV} must be 0 or more, got {{}}" if value < 0 else
                 f"{INTERVAL_ENV} must be a number, got {{}}")
        error.shorter = [(said.format(quoted(text, 40)), "fix or unset it"),
                         (brief.format(quoted(text, 40)), "unset it"),
                         *quoting_shorter(brief.format, text[:40], None)]
        raise error
    for endpoint in endpoints:
        host = (urlsplit(endpoint).hostname or "").lower()
        if host == "arxiv.org" or host.endswith(".arxiv.org"):
            return ARXIV_INTERVAL
    return min(value, ARXIV_INTERVAL)


def open_client(session: Session) -> ArxivClient:
    """An arXiv client with the session's network settings, paced through the cache dir."""
    from papercli import paths
    from papercli.sources import arxiv
    from papercli.sources.arxiv_client import ArxivClient

    if session.offline:
        raise NetworkNeeded()
    api, rss = arxiv.api_endpoint(), arxiv.rss_endpoint()
    cfg = session.config
    # The status line (on a terminal): what a slow request waits for, a retry's wait
    # counted down (by the transport). No hook (not a terminal): nothing is said.
    return ArxivClient(
        paths.cache_dir(), api=api, rss=rss, interval=interval_for([api, rss]),
        progress=session.progress,
        timeout=session.timeout or cfg.get("network.timeout"),
        retries=cfg.get("network.retries"), backoff=cfg.get("network.backoff"),
        max_retry_after=cfg.get("network.max_retry_after"), budget=cfg.get("network.budget"))


def listing_key(categories: Sequence[str]) -> str:
    """`arxiv:cs.CL+cs.CV`: one cached announcement per set of categories (sorted)."""
    return f"{KIND}:{'+'.join(sorted(categories))}"


def _types_key(key: str) -> str:
    return f"announce:{key}"


def _full_key(key: str) -> str:
    """Where a cached announcement says whether its feed was full (`true`/`false`): a
    copy cached before it was kept, or any other value, is taken for not full."""
    return f"announce-full:{key}"


def full_warning(categories: Sequence[str]) -> str:
    """The warning over an announcement whose feed was full (RSS_LIMIT items), fetched or
    cached: papers past the limit are nowhere in it. Fewer categories help only when
    there are several; the days submitted (`--since`, the API) always do. In a warning's
    80 columns where the whole does not fit (108 for cs.LG, 136 for two categories): the
    title over the table names the categories and its caption counts the papers."""
    limit = f"{RSS_LIMIT:,} papers"
    if len(categories) == 1:
        name = categories[0]
        return fitting(f"arXiv's feed of {name} was full ({limit}), so some are left out: "
                       "ask for the days submitted with --since",
                       f"arXiv's {name} feed was full: some papers left out; use --since",
                       "arXiv's feed was full: some papers are left out; use --since")
    named = ", ".join(categories)
    if len(named) > 30:
        named = f"{len(categories)} categories"
    return fitting(f"arXiv's feed of {named} was full ({limit}), so some are left out: ask "
                   "for fewer categories, or the days submitted with --since",
                   "arXiv's feed was full: some left out; ask for fewer, or --since")


class Announcement:
    """One announcement's papers (each once, arXiv's order) and where they came from."""

    __slots__ = ("announced", "categories", "fetched_at", "from_cache", "full", "papers",
                 "skipped", "stale", "submitted", "types")

    def __init__(self, categories: Sequence[str], papers: list[Paper], types: dict[str, str],
                 announced: str | None, fetched_at: str | None, from_cache: bool,
                 skipped: int = 0, stale: str | None = None) -> None:
        self.categories = list(categories)
        self.papers = papers
        self.types = types  # paper id -> announce type (new, cross, replace, replace-cross)
        self.announced = announced  # YYYY-MM-DD
        self.fetched_at = fetched_at
        self.from_cache = from_cache
        self.skipped = skipped
        self.stale = stale  # a warning to show: why this is an older copy, or a cut feed
        self.submitted = False  # the API's papers submitted in some days, not the RSS's
        self.full = False  # the feed held as many items as arXiv sends: some were left out

    def warnings(self) -> list[str]:
        """What to say over it: why this copy (`stale`), and that its feed was full, each
        time it is shown, fetched or cached."""
        return [*([self.stale] if self.stale else []),
                *([full_warning(self.categories)] if self.full else [])]

    def new_only(self) -> list[Paper]:
        """Without cross-lists and replacements: the papers first announced here."""
        return [p for p in self.papers if self.type_of(p) == "new"]

    def kinds(self, papers: Sequence[Paper]) -> str:
        """`papers` counted as arXiv's own listing groups them ("6 new, 5 cross-lists, 7
        replacements", a replace-cross among the replacements), for the caption: an
        announcement said none, and a cross-list read as a paper of the category asked
        for, told apart by --new-only alone. "" when all are new, and for the papers
        submitted in some days (the API's: no announcement groups them)."""
        if self.submitted:
            return ""
        counts: dict[str, int] = {}
        for paper in papers:
            kind = self.type_of(paper).split("-")[0]  # (replace-cross: a replacement)
            counts[kind] = counts.get(kind, 0) + 1
        if set(counts) <= {"new"}:
            return ""
        named = (("new", "new", "new"), ("cross", "cross-list", None),
                 ("replace", "replacement", None))
        return ", ".join(plural(counts[kind], one, many)
                         for kind, one, many in named if counts.get(kind))

    def type_of(self, paper: Paper) -> str:
        """The announce type kept with the listing; else what the record says (a v1 whose
        primary category was asked for is new; later versions are replacements). Papers
        submitted in the days asked were all first submitted then, whatever version they
        are at now: new in their primary category, cross-lists elsewhere."""
        known = self.types.get(paper.id)
        if known:
            return known
        from papercli.sources import arxiv_taxonomy

        home = bool(paper.primary_category) and arxiv_taxonomy.matches(
            ",".join(self.categories), [paper.primary_category or ""])
        if (paper.version or 1) > 1 and not self.submitted:
            return "replace" if home else "replace-cross"
        return "new" if home else "cross"


def _read_types(text: str | None) -> dict[str, str]:
    """The kept announce types, checked: anything unexpected is left out."""
    from papercli.sources.arxiv import ANNOUNCE_TYPES

    try:
        data = json.loads(text) if text else {}
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if isinstance(k, str) and isinstance(v, str) and v in ANNOUNCE_TYPES}


def submitted_key(categories: Sequence[str], first: date, last: date) -> str:
    """`arxiv:cs.CL+cs.CV:2024-01-15` for a day, `…:2024-01-15..2024-01-20` for a range."""
    days = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    return f"{listing_key(categories)}:{days}"


def _cached(session: Session, categories: Sequence[str], stale: str | None = None,
            key: str | None = None) -> Announcement:
    store = session.store()
    key = key or listing_key(categories)
    info = store.listing(key)
    assert info is not None
    got = Announcement(categories, store.listing_papers(key),
                       _read_types(store.get_meta(_types_key(key))),
                       store.listing_period(key),
                       info.fetched_at, True, stale=stale)
    got.full = store.get_meta(_full_key(key)) == "true"
    return got


def is_fresh(fetched_at: str, session: Session) -> bool:
    """Fresh like the current day's listing (`cache.today_ttl`)."""
    age = (clock.now() - clock.parse_iso(fetched_at)).total_seconds()
    return age < int(session.config.get("cache.today_ttl"))


def followed(session: Session, asked: Sequence[str]) -> list[str]:
    """The categories asked for (checked: an unknown one is a usage error naming the close
    ones), else the followed ones (`sources.arxiv`); none at all is a usage error saying
    how to follow one (`papers arxiv` and `papers browse arxiv` alike)."""
    from papercli.sources import arxiv_taxonomy

    names = arxiv_taxonomy.validate(asked) if asked else list(session.config.get(
        "sources.arxiv"))
    if not names:
        error = UsageError(
            "no arXiv category given and none followed",
            hint="name one (papers arxiv cs.CL), or follow some with "
                 "papers config set sources.arxiv cs.CL,cs.CV")
        # (the whole line made 147 columns; naming one is --help's usage line)
        error.shorter = [("no arXiv category followed",
                          "papers config set sources.arxiv cs.CL follows one"),
                         ("no category followed", "papers config set sources.arxiv cs.CL")]
        raise error
    return names


def check_days(day: date | None, since: object, until: object) -> None:
    """The days of `papers arxiv` (and `browse arxiv`), before any I/O: `--date` or a
    range, not both; and `--until` only with `--since`: the latest announcement has no
    days to cut, and the days up to D would be all of arXiv."""
    if day is not None and (since or until):
        raise UsageError("--date is one day: give it or --since/--until, not both")
    if day is None and until and not since:
        # (why, and --date for that day alone, made 153 columns)
        raise UsageError("--until needs --since", hint=f"add --since DATE, or --date {until}")


def get_announcement(session: Session, categories: Sequence[str]) -> Announcement:
    """The latest announcement of `categories`: cached if fresh, else fetched; the cached
    copy (with a warning) when arXiv cannot be reached or its feed cannot be read."""
    from papercli.sources.arxiv import ArxivError, ArxivParseError

    store = session.store()
    key = listing_key(categories)
    info = store.listing(key)
    if session.offline:
        if info is None:
            miss = OfflineMiss(
                f"no arXiv announcement of {', '.join(categories)} in the local library",
                hint="run without --offline")
            # (90 columns for cs.CL alone)
            miss.shorter = [(f"arXiv {', '.join(categories)} is not in the local library",
                             miss.hint)]
            raise miss
        return _cached(session, categories)
    if info is not None and not session.refresh and is_fresh(info.fetched_at, session):
        return _cached(session, categories)
    client = open_client(session)
    try:
        feed = client.announcements(sorted(categories))
    except ArxivError:
        raise  # arXiv refused the query: a cached copy would hide that it always will
    except (SourceError, ArxivParseError) as exc:
        # (a feed cut off, malformed, with a DTD or no date is arXiv failing, like a 503:
        # it stores nothing, and the cached copy is shown, where it was an error)
        if info is None:
            raise
        from papercli.listings import showing_cached

        return _cached(session, categories, showing_cached(exc, info.fetched_at))
    finally:
        client.close()
    papers = [from_arxiv(e) for e in feed.entries]
    types = {e.id: e.announce_type for e in feed.entries if e.announce_type}
    announced = (feed.announced or "")[:10] or None
    stamp = clock.iso(clock.now())
    full = len(feed.entries) + feed.skipped + feed.duplicates >= RSS_LIMIT
    store.save_listing(key, KIND, papers, fetched_at=stamp,
                       period_start=date.fromisoformat(announced) if announced else None,
                       meta={_types_key(key): json.dumps(types, sort_keys=True),
                             _full_key(key): json.dumps(full)})
    result = _cached(session, categories)
    result.from_cache = False
    result.skipped = feed.skipped
    return result


def _settled(last: date, fetched_at: str, count: int) -> bool:
    """Whether a submitted-range listing is final: fetched once its last day was
    SETTLED_DAYS old (a copy fetched before then, or before the days began, is not), and
    not empty: arXiv's API answers a whole query with nothing for minutes at a time, and
    an empty copy kept as final would hide those days' papers for good."""
    if count == 0:
        return False
    try:
        fetched = clock.parse_iso(fetched_at).date()
    except ValueError:
        return False
    return last + timedelta(days=SETTLED_DAYS) < fetched


def get_submitted(session: Session, categories: Sequence[str], first: date, last: date,
                  *, most: int | None = None) -> Announcement:
    """Papers submitted from `first` to `last` (whole UTC days) in `categories`, from the
    API: cached if fresh (a settled period always is), else fetched page by page; the
    cached copy (with a warning) when arXiv cannot be reached. More than `most` papers
    (`papers arxiv` lists MAX_LISTED at most) is a usage error after the first page."""
    from papercli.sources.arxiv import ArxivError, ArxivParseError, submitted_term

    today = clock.today()
    if first > today:  # before the range check: a range to today ends before it starts
        from papercli.periods import future

        raise future(str(first))
    submitted_term(first, last)  # a range that ends before it starts: usage, before I/O
    last = min(last, today)  # days not begun: nothing to ask, and nothing to keep as final
    store = session.store()
    key = submitted_key(categories, first, last)
    info = store.listing(key)
    if session.offline:
        if info is None:
            return _submitted(_held(session, categories, first, last))
        return _submitted(_cached(session, categories, key=key))
    if info is not None and not session.refresh and (
            _settled(last, info.fetched_at, info.count) or is_fresh(info.fetched_at, session)):
        return _submitted(_cached(session, categories, key=key))
    client = open_client(session)
    try:
        papers, skipped = _page_through(client, categories, first, last, most)
    except ArxivError:
        raise  # arXiv refused the query: a cached copy would hide that it always will
    except (SourceError, ArxivParseError) as exc:
        # (a page cut off or malformed after its retries is arXiv failing, as for the
        # feed: the cached copy is shown, where it was an error)
        if info is None:
            raise
        from papercli.listings import showing_cached

        return _submitted(_cached(session, categories, showing_cached(exc, info.fetched_at),
                                  key=key))
    finally:
        client.close()
    store.save_listing(key, KIND, papers, fetched_at=clock.iso(clock.now()),
                       period_start=first)
    result = _submitted(_cached(session, categories, key=key))
    result.announced = None
    result.from_cache = False
    result.skipped = skipped
    return result


def _held(session: Session, categories: Sequence[str], first: date, last: date
          ) -> Announcement:
    """Offline, days never listed: the papers the library holds from them (what
    `papers sync --arxiv` stored, or other listings brought), said to be that and not
    arXiv's listing. A user who synced a week and asked for a day of it offline was
    told only to go online. None held: the miss, as before."""
    from papercli.filters import make_filter

    where = ", ".join(categories)
    flt = make_filter(session, categories=list(categories), since=first.isoformat(),
                      until=last.isoformat())
    held = session.store().browse(flt, limit=MAX_LISTED, sort="new").papers
    if not held:
        miss = OfflineMiss(f"no arXiv listing of {where} submitted {_days(first, last)} in "
                           "the local library", hint="run without --offline")
        # (109 columns for a day, 125 for a range: a day as `papers day` says it, a range
        # as the days just typed)
        miss.shorter = [(f"{first} is not in the local library", miss.hint)] * (
            first == last) + [("those days are not in the local library", miss.hint)]
        raise miss
    held.reverse()  # oldest first, as the API's listing is
    # ("the 1 papers of cs.CV on 2026-08-20 the library holds" was said. A range of days
    # and a few categories make the line long: the categories, which were asked for,
    # are left out first.)
    count, days = plural(len(held), "paper"), _days(first, last)
    return Announcement(
        categories, held, {}, None, None, True,
        stale=fitting(f"offline: showing the library's {count} of {where} {days}",
                      f"offline: the library's {count} of {where} {days}",
                      f"offline: the library's {count} {days}"))


def _submitted(listing: Announcement) -> Announcement:
    """`listing` marked as the API's papers submitted in some days (see `type_of`)."""
    listing.submitted = True
    return listing


def _days(first: date, last: date) -> str:
    return f"on {first}" if first == last else f"from {first} to {last}"


class PagingError(SourceError):
    """Pages that do not add up to the result set their count promised (short ones, a
    count that changed): asked again already, so the query is given up. `gist` says it
    without the counts, for a line of 80 columns (PAPERS_DEBUG: with them): "arXiv kept
    answering a short page (3 of 60 results at 0 of 60); nothing was stored — try again
    later" made 115."""

    gist: str

    def __init__(self, message: str, *, hint: str | None, gist: str) -> None:
        super().__init__(message, hint=hint)
        self.gist = gist
        self.shorter = [(message, "try again later"), (gist, hint), (gist, "try again later")]


class Page:
    """One page of a paged query: its entries, bad entries skipped, requests it took."""

    __slots__ = ("entries", "last", "requests", "skipped", "total")

    def __init__(self, entries: list[ArxivEntry], skipped: int, requests: int,
                 last: bool, total: int = 0) -> None:
        self.entries = entries
        self.skipped = skipped
        self.requests = requests
        self.last = last
        self.total = total  # the query's opensearch:totalResults


def iter_submitted_pages(client: ArxivClient, categories: Sequence[str], first: date,
                         last: date) -> Iterator[Page]:
    """Every page of the query, in order, as it arrives (so a caller can store each one).
    A page shorter than the total says it should be is asked again (up to SHORT_RETRIES
    times): the API answers short or empty pages part-way through a result set.

    The total (`opensearch:totalResults`) may change from page to page. A larger one is
    papers submitted meanwhile: paged to its end, but never more than a page past the
    first count (a count that kept growing would page for ever). A smaller one is asked
    again like a short page: taken as it was, it ended the set early, and a sync marked
    its days stored without the rest; one that stays smaller is an error (the next run
    starts from the new count)."""
    start, total, most = 0, None, 0
    while total is None or start < total:
        tries = asked = 0
        while True:
            feed, times = _read_page(client, categories=sorted(categories),
                                     submitted=(first, last), start=start,
                                     max_results=PAGE_SIZE, sort_by="submittedDate",
                                     sort_order="ascending")
            asked += times
            counted = feed.total_results
            if counted is None:
                from papercli.sources.arxiv import ArxivParseError

                raise ArxivParseError("arXiv's API answer has no opensearch:totalResults")
            got = len(feed.entries) + feed.skipped + feed.duplicates
            if total is None:
                total, most = counted, counted + PAGE_SIZE
            elif counted > total:
                total = counted
            # (An answer of nothing at all, no entry and a total of 0, which the API gives
            # for minutes at a time, is a smaller count too: a short page, said as one.)
            expected = min(PAGE_SIZE, total - start)
            if (got >= expected and counted >= total) or tries >= SHORT_RETRIES:
                break
            tries += 1
        if got < expected:
            raise PagingError(
                f"arXiv kept answering a short page ({got} of {expected} results at {start} "
                f"of {total})", hint="try again in a few minutes",
                gist="arXiv kept answering a short page")
        if counted < total:
            raise PagingError(f"arXiv counted {total:,} results, then {counted:,} (asked "
                              f"{tries + 1} times)", hint="try again in a few minutes",
                              gist="arXiv's count of results kept shrinking")
        if total > most:
            raise PagingError(f"arXiv's count of results kept growing while its pages were "
                              f"asked for ({most - PAGE_SIZE:,} at first, then {total:,})",
                              hint="try again in a few minutes",
                              gist="arXiv's count of results kept growing")
        start += max(got, 1)
        yield Page(list(feed.entries), feed.skipped, asked, start >= total, total)


def _read_page(client: ArxivClient, **query: Any) -> tuple[ArxivFeed, int]:
    """One page and how many requests it took. A page that is empty or not well-formed
    XML (cut off on the way, which happens now and then part-way through a result set)
    is asked for again, as often as a failed request is retried (`network.retries`),
    each time paced and within the time budget like any request: it stopped a backfill
    at once, for a rerun to ask again what a retry would have had. An error feed, a web
    page or a DTD is that server's answer, not a slip, and is not asked again."""
    from papercli.sources.arxiv import ArxivParseError

    retries = max(client.api.retries, 0)
    for attempt in range(retries + 1):
        try:
            return client.search(**query), attempt + 1
        except ArxivParseError as exc:
            if exc.broken and attempt < retries:
                continue
            if attempt:
                ways = exc.shorter  # (said without the count: it is the long way's)
                exc.message += f" (asked {attempt + 1} times)"
                exc.shorter = ways
            raise
    raise AssertionError("unreachable")  # (the loop returns or raises)


def _page_through(client: ArxivClient, categories: Sequence[str], first: date, last: date,
                  most: int | None) -> tuple[list[Paper], int]:
    """Every page of the query, each paper once (arXiv's order); nothing is stored until
    the whole result set is in. More than `most` papers is refused after the first page
    (its total says so), before the other pages are asked for."""
    from papercli.sources.transport import is_asking

    seen: dict[str, Paper] = {}
    skipped = 0
    hook = client.api.progress
    counts = [0, 0]  # papers in so far, of the total: what the status line says past page 1
    pacer = client.api.pacer
    interval = pacer.interval if pacer is not None else 0.0
    asked = str(first) if first == last else f"{first} to {last}"

    def counted(message: str | None) -> None:
        # "asking arXiv…" stands for arXiv's pacing wait too: said as that, as `sync
        # --arxiv` says it ("… in (paced 3 s)…"), a retry's count kept. The count alone
        # stood still 3 s a page, as if stuck, and "(retry 1 of 3)" was lost.
        if message is not None and is_asking(message):
            notes = [message[message.rfind(" (") + 2:-2]] if message.endswith(")…") else []
            if interval:
                notes.append(f"paced {interval:g} s")
            message = (f"fetching arXiv's papers: {counts[0]:,} of {counts[1]:,} in"
                       if counts[1] else f"asking arXiv for {asked}")
            message += (f" ({', '.join(notes)})" if notes else "") + "…"
        if hook is not None:
            hook(message)

    client.api.progress = counted if hook is not None else None
    try:
        for page in iter_submitted_pages(client, categories, first, last):
            if most is not None and page.total > most:
                raise _too_many(page.total, most, categories, first, last)
            skipped += page.skipped
            for entry in page.entries:
                seen.setdefault(entry.id, from_arxiv(entry))
            counts[:] = [len(seen) + skipped, page.total]
    except PagingError as exc:
        raise PagingError(f"{exc.message}; nothing was stored", hint=exc.hint,
                          gist=exc.gist) from None
    finally:
        client.api.progress = hook
    return list(seen.values()), skipped


def _too_many(total: int, most: int, categories: Sequence[str], first: date, last: date
              ) -> UsageError:
    """More papers than one listing holds: say how many, and how to have them all (the
    library keeps what `sync --arxiv` fetches, listed by `search` without words)."""
    until = f" --until {last}" if last < clock.today() else ""
    cats = " ".join(f"--category {c}" for c in categories)
    named, listed = ", ".join(categories), ",".join(categories)
    error = UsageError(
        f"{total:,} papers in {named} were submitted {_days(first, last)}, "
        f"more than papers arxiv lists at once ({most:,})",
        hint=f"narrow the days, or store them all with papers sync --arxiv "
             f"{listed} --since {first}{until} and list them with "
             f"papers search --source arxiv {cats} --since {first}{until}")
    # (the whole, with both commands, made 300 columns: in 80, the count and what to do)
    error.shorter = [
        (f"{total:,} papers in {named}, more than papers arxiv lists ({most:,})",
         f"narrow the days, or papers sync --arxiv {listed}"),
        (f"{total:,} papers in {named}, more than papers arxiv lists",
         "narrow the days, or use papers sync --arxiv"),
        (f"{total:,} papers in {named}, more than {most:,} at once", "narrow the days"),
        (f"{total:,} papers, more than {most:,} at once", "narrow the days")]
    return error


def fetch_ids(session: Session, ids: Sequence[str]) -> list[Paper]:
    """Papers by id through the API's `id_list` (in the order given), stored in the
    library beside whatever the Hub said of them; ids arXiv does not know are left out.
    A timeout is asked again once (the transport's DOWN_AFTER), not `network.retries`
    times: a lookup is waited on (`papers show ID`)."""
    client = open_client(session)
    try:
        feed = client.search(id_list=list(ids), max_results=max(1, len(ids)), sort_by=None)
    finally:
        client.close()
    papers = [from_arxiv(e) for e in feed.entries if e.id in set(ids)]
    if papers:
        session.store().upsert_papers(papers)
    return papers
