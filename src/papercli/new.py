"""`papers new`: what is new since you last looked, and which papers count as seen.

The whole rule lives here: `find_new` scans the daily listings from the checkpoint to
today (and the latest announcement of the followed arXiv categories, with the papers of
any announcement missed since the last run from arXiv's API) and groups the unseen papers
by their first matching watch (or followed category); `take` applies the limit across the
groups (in group order); `record_new` marks exactly the papers shown as seen and moves the
checkpoints so that anything held back (a day or an announcement not read, or a paper the
limit cut) is looked at again next time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from papercli import clock, periods
from papercli.errors import HubError, OfflineMiss, PapersError, UsageError, briefly, failed_then
from papercli.models import Paper
from papercli.pipeline import Ranker
from papercli.pipeline import sort as sort_papers
from papercli.session import StatusCount
from papercli.watches import Watch, canonical, watch_filter, watches

if TYPE_CHECKING:
    from papercli.db.userdb import UserDB
    from papercli.filters import Filter
    from papercli.session import Session

# After a long break `papers new` looks back at most this far, day by day: a request per
# day, and a digest of three months is already more than anyone reads.
MAX_NEW_DAYS = 90
# Announcements missed since the last run come from arXiv's API, at most this far back:
# a busy category brings hundreds of papers a day, a page of the API at 3 s per 500.
MAX_ARXIV_CATCHUP_DAYS = 7

# The group of --all papers that match no watch: a key no watch's name can be (a name
# starts with a letter or digit), where a watch named "other" had its papers merged
# with them under "other papers".
OTHER = "(other)"
# The hint with no watches, in parts the browser words in its keys.
ADD_WATCH = "papers watch add llava -F LLaVA"  # (the line fits 80 columns)
OR_ALL = "or --all"


@dataclass
class NewItem:
    paper: Paper
    day: str
    position: int  # in the Hub's listing of that day (or the arXiv announcement)
    watches: list[str]
    source: str = "hf"  # where `new` found it: hf (Daily Papers) or arxiv (announcement)


@dataclass
class NewResult:
    groups: list[tuple[str, list[NewItem]]]
    watches: list[Watch]
    start: date
    end: date
    first_use: bool
    next_start: date  # where the next run starts: the first day not read in full
    days: int
    # False when the followed categories alone were read: no Daily Papers day was, so the
    # Hub's checkpoint stays as it was (the first run with a watch is still a first run).
    hub_read: bool = True
    # `papers new` ran before, for the followed categories alone: a first use of the
    # Hub's side is the watches' first look, not the command's first run.
    ran_before: bool = False
    missing: list[date] = field(default_factory=list)  # days neither fetched nor cached
    cached_only: bool = False  # offline, or the Hub failed part-way
    # Why only cached listings were read when not offline: the Hub's failure in a few
    # words ("the Hub did not answer"), where "offline:" was said of it.
    hub_failed: str | None = None
    capped: bool = False
    # The latest listing days of the new papers the command's own filters left out.
    filtered_out: list[date] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: int = 0
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)  # e.g. "score"
    categories: list[str] = field(default_factory=list)  # followed arXiv categories read
    sources: dict[str, str] = field(default_factory=dict)  # group name -> source (arxiv)
    # The followed categories' checkpoint: the announcement read last time, and the one
    # read now (None: not read, or a catch-up failed; the checkpoint stays).
    arxiv_since: date | None = None
    arxiv_read: date | None = None
    # Watches new since the last run (added, or redefined), by name: the day they were
    # looked for from, before `start` (`new.first_days` back, once), and each one's
    # criteria as `record_new` remembers them (`watch_key`).
    looked_back: dict[str, date] = field(default_factory=dict)
    watch_keys: dict[str, str] = field(default_factory=dict)
    # looked-back days neither fetched nor cached: the watches are looked back for again
    lookback_missing: list[date] = field(default_factory=list)
    # `--watch NAME`: that watch's papers alone (its stored name), whichever watch comes
    # first for them; the days stay new for the others (`record_new` moves no checkpoint)
    only: str | None = None
    # How many papers the listings read held (seen or not): none on a weekend is why
    # nothing is new, not a listing of that day (`views.nothing_listed`).
    listed: int = 0
    # A first use of the Hub's days after `papers new` ran (`ran_before`): the watches
    # whose first look it is, by name; a `--watch` run had the others' (`record_new`).
    first_looks: list[str] = field(default_factory=list)
    # New papers no watch matches, left out without --all: how many `--all` would show
    # besides ("--all: every new paper" sent a user to a run with nothing more to show).
    others: int = 0

    @property
    def first_day(self) -> date:
        """The first day any paper shown can come from (a new watch's look-back)."""
        return min([self.start, *self.looked_back.values()])

    @property
    def days_read(self) -> list[date]:
        """The days whose listing was read (fetched or cached), oldest first: the look-back's
        and the window's, less those neither fetched nor cached (the Hub down, offline),
        which "nothing new since …" must not speak for; none when no Daily Papers day was
        read (the followed categories alone)."""
        if not self.hub_read:
            return []
        unread = {*self.missing, *self.lookback_missing}
        days = (self.first_day + timedelta(days=n)
                for n in range((self.end - self.first_day).days + 1))
        return [day for day in days if day not in unread]

    @property
    def items(self) -> list[NewItem]:
        return [item for _, items in self.groups for item in items]


# The meta key of the watches `papers new` has looked for (names and criteria): a watch
# not among them, added or redefined since, is looked for `new.first_days` back once.
WATCHES_KEY = "new.watches"
# ... and of the new watches whose look-back is not done (the limit held back some of its
# papers, or a day was not in the library offline), with the day it started from: the
# next run looks back from there again, not from its own `new.first_days` back.
PENDING_KEY = "new.watches.pending"


def watch_key(watch: Watch) -> str:
    """A watch's criteria, as compared from one run to the next (`WATCHES_KEY`)."""
    import json

    return json.dumps(watch.table(), sort_keys=True, ensure_ascii=False)


def _pending(udb: UserDB) -> dict[str, tuple[str, date]]:
    """The look-backs a run left unfinished (`PENDING_KEY`): name -> (key, first day)."""
    import json

    try:
        raw = json.loads(udb.get_meta(PENDING_KEY) or "{}")
    except ValueError:
        return {}
    found: dict[str, tuple[str, date]] = {}
    for name, entry in raw.items() if isinstance(raw, dict) else ():
        try:
            key, day = entry
            found[str(name)] = (str(key), date.fromisoformat(day))
        except (TypeError, ValueError):
            continue  # a damaged entry: that watch looks back `new.first_days` again
    return found


def _known_watches(udb: UserDB) -> dict[str, str] | None:
    """The watches the last run looked for, by name (`WATCHES_KEY`); None when none was
    recorded (a library from before this was kept: every watch counts as known)."""
    import json

    raw = udb.get_meta(WATCHES_KEY)
    if raw is None:
        return None
    try:
        known = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(known, dict):
        return None
    return {str(k): str(v) for k, v in known.items()}


def rename_watch(udb: UserDB, old: str, new: str) -> None:
    """What `papers new` keeps of watch OLD (known since, a look-back under way) kept
    under NEW: renamed, it is the same watch, not one added since (which is looked back
    for `new.first_days`, days already read asked for again)."""
    import json

    known = _known_watches(udb)
    pending = _pending(udb)
    with udb.transaction():
        if known is not None and old in known:
            known[new] = known.pop(old)
            udb.set_meta(WATCHES_KEY, json.dumps(known, sort_keys=True, ensure_ascii=False))
        if old in pending:
            pending[new] = pending.pop(old)
            udb.set_meta(PENDING_KEY, json.dumps(
                {name: [key, day.isoformat()] for name, (key, day) in sorted(pending.items())},
                ensure_ascii=False))


def new_window(udb: UserDB, first_days: int) -> tuple[date, bool, bool]:
    """(first day to read, first use?, capped?): where the last run said to start (the
    first day it could not read, or whose listing was fetched before the day was over
    and may have grown since: usually the day it ran), or `new.first_days` back on first
    use."""
    today = clock.today()
    recorded = udb.get_meta("new.next_start")
    first = recorded is None
    start = today - timedelta(days=first_days - 1)
    if recorded is not None:
        try:
            start = min(date.fromisoformat(recorded), today)
        except ValueError:
            first = True
    capped = (today - start).days + 1 > MAX_NEW_DAYS
    if capped:
        start = today - timedelta(days=MAX_NEW_DAYS - 1)
    return start, first, capped


class _Days(StatusCount):
    """How far along `papers new` is in reading its days (`StatusCount`): a first run
    reads 14 days, one after a long break up to MAX_NEW_DAYS, a request each, and a new
    user waited that long with not a word on the screen. Days already cached are read at
    once and say nothing. What a request waits for (the Hub client's own message) is said
    after the count; once closed, the hook has the client's messages again as they come."""

    def __init__(self, session: Session, total: int) -> None:
        super().__init__(session, total)
        self.waiting: str | None = None  # the client's message, None when its request ended
        self.closed = False

    def line(self) -> str:
        return f"reading the daily listings: {self.done:,} of {self.total:,} days"

    def advance(self) -> None:
        """One more day read."""
        self.done += 1
        self._say()

    def each(self, days: Sequence[date]) -> Iterator[date]:
        """The days, one more counted as read when the loop asks for the next."""
        for day in days:
            yield day
            self.advance()

    def _say(self) -> None:
        if self.hook is None or self.closed or not self.due():
            return
        self.shown = True
        self.hook(self.line())  # now: a request's wait would put it off
        if self.waiting is not None:
            self.hook(f"{self.line()} · {self.waiting}")  # (a wait: shown if it lasts)

    def __call__(self, message: str | None) -> None:
        """A client's message (None: its request is done)."""
        self.waiting = message
        if self.hook is None:
            return
        if self.closed or not self.due():
            self.hook(message)  # as without a count: a first request that hangs says so
        else:
            self._say()

    def close(self) -> None:
        """Every day read (or a failure): the line is cleared and the hook given back."""
        if self.closed or self.hook is None:
            return
        self.closed = True
        if self.shown:
            self.hook(None)
        if self.session.progress is self:
            self.session.progress = self.hook


def find_new(
    session: Session,
    udb: UserDB,
    *,
    flt: Filter,
    show_all: bool = False,
    sort: str | None = None,
    withdrawn: bool = False,
    rank: Ranker | None = None,
    hidden: bool = False,
    only: str | None = None,
) -> NewResult:
    """Read each day's listing from the checkpoint to today (fetch-or-cache), keep papers
    matching a watch (or all) and the filter that `papers new` has not shown before,
    grouped by their first matching watch, newest day first. Hidden papers are left out
    (unless `hidden`),
    and so are withdrawn ones unless `withdrawn` (there is nothing new to read in them).
    `only` (a watch's stored name) keeps that watch's papers alone, in one group: the
    other watches' are not shown, nor left out for good (`NewResult.only`).
    Records nothing. `rank` is the relevance order, for `sort` relevance."""
    from papercli.listings import get_listing  # lazy: the Hub client behind it

    wl = watches(session.config)
    followed = list(session.config.get("sources.arxiv") or [])
    if only is not None:
        only = _only_watch(wl, only, show_all)
    if not wl and not show_all and not followed:
        raise UsageError(
            "no watches",
            hint=f"add one ({ADD_WATCH}) {OR_ALL}",
        )
    wfilters = [(w, watch_filter(session, w)) for w in wl]
    first_days = int(session.config.get("new.first_days"))
    start, first, capped = new_window(udb, first_days)
    today = clock.today()
    days = [start + timedelta(days=i) for i in range((today - start).days + 1)]
    hub = bool(wl) or show_all
    keys = {w.name: watch_key(canonical(w, f)) for w, f in wfilters}
    known = _known_watches(udb)
    # A watch added (or redefined) since the last run has not been looked for in the
    # days before the checkpoint: it is, once, as far back as a first run looks.
    oldest = today - timedelta(days=MAX_NEW_DAYS - 1)
    back_to = max(today - timedelta(days=first_days - 1), oldest)
    pending = _pending(udb)
    looked_back: dict[str, date] = {}  # the new watches: the day each one looks back to
    if not first and known is not None and hub:
        for w, _ in wfilters:
            if known.get(w.name) != keys[w.name]:
                was = pending.get(w.name)
                back = max(was[1], oldest) if was and was[0] == keys[w.name] else back_to
                if back < start and only in (None, w.name):  # (--watch: its own alone)
                    looked_back[w.name] = back
    fresh = [(w, f) for w, f in wfilters if w.name in looked_back]
    if not hub:
        # Followed categories alone: no Daily Papers paper would be shown, so the Hub is
        # not asked (nor needed: arXiv is the one source, its failure the error).
        start, capped, days = today, False, []
    result = NewResult(
        groups=[], watches=wl, start=start, end=today, first_use=first,
        next_start=today, days=len(days),
        capped=capped, cached_only=session.offline, watch_keys=keys,
        looked_back=looked_back, hub_read=hub, only=only,
        ran_before=first and udb.get_meta("new.checked_at") is not None,
    )
    if result.ran_before:
        # (a `--watch` run of the first use had its watch's look: `record_new`)
        result.first_looks = [w.name for w in wl if only in (None, w.name)
                              and (known or {}).get(w.name) != keys[w.name]]
    first_error: HubError | None = None
    found: dict[str, NewItem] = {}
    last_listed: dict[str, date] = {}  # a paper's latest day in the window
    counter = _Days(session, len(days) + ((start - result.first_day).days if fresh else 0))
    try:
        # Oldest first: a paper listed twice belongs to its first day.
        for day in counter.each(days):
            try:
                try:
                    listing = get_listing(session, periods.day(day))
                except HubError as exc:
                    # The Hub is down: no more retries per day, read what is cached.
                    first_error = first_error or exc
                    _fell_back(session, result, exc)
                    listing = get_listing(session, periods.day(day))
            except OfflineMiss:
                result.missing.append(day)
                result.next_start = min(result.next_start, day)
                continue
            result.requests += listing.requests
            result.listed += len(listing.papers)
            if listing.fetched_at is None or clock.parse_iso(listing.fetched_at).date() <= day:
                # Fetched before the day was over: it may still grow, so read it again.
                result.next_start = min(result.next_start, day)
            if listing.stale:
                # (not the listing's own "showing the copy cached 24 h ago": new shows
                # no copy, and its note says the Hub's failure and the days read)
                _fell_back(session, result, listing.failure)
            for position, paper in enumerate(listing.papers):
                last_listed[paper.id] = day
                # A paper listed again later stays under the day it first appeared, but is
                # judged by its later record (more upvotes since: a watch's min_upvotes), as
                # the next run, reading the library's latest record, would judge it.
                if paper.id in found:
                    found[paper.id].paper = paper
                else:
                    found[paper.id] = NewItem(paper, day.isoformat(), position, [])
        early = _look_back(session, result, fresh, found, counter) if fresh else {}
    finally:
        counter.close()
    arxiv_items = _announced(session, udb, result, followed, found, alone=not hub)
    if len(result.missing) == len(days) and arxiv_items is None:
        if first_error is not None:
            raise first_error
        miss = OfflineMiss(
            f"no daily listing from {start} to {today} in the local library",
            hint="run papers new without --offline to fetch them",
        )
        # (the line was 139 columns: the days up to today, said by their first)
        miss.shorter = [(f"no listing since {start} in the library", "run without --offline"),
                        (f"no listing since {start}", "run without --offline")]
        raise miss
    seen = udb.seen([*found, *(arxiv_items or {}), *early])
    # `papers hide`: never new again, in any format (digests too), unless --hidden
    left_out = set() if hidden else udb.hidden()
    groups: dict[str, list[NewItem]] = {w.name: [] for w in wl}
    if show_all:
        groups[OTHER] = []
    for name in result.sources:
        groups[name] = []
    announced = arxiv_items or {}
    for pid, item in [*found.items(),
                      *((k, v) for k, v in announced.items() if k not in found)]:
        if pid in seen or pid in left_out:
            continue
        if item.paper.withdrawn and not withdrawn:
            continue
        if not flt.matches(item.paper):
            if only is None and (show_all or pid in announced
                                 or any(f.matches(item.paper) for _, f in wfilters)):
                # New, but if the next run starts after its last day, it is gone: say so.
                result.filtered_out.append(last_listed.get(pid, date.fromisoformat(item.day)))
            continue
        item.watches = [w.name for w, f in wfilters if f.matches(item.paper)]
        if only is not None:  # its papers, whichever watch comes first for them
            if only in item.watches:
                groups[only].append(item)
            continue
        if pid in announced and not item.watches and (item.source == "arxiv"
                                                      or not show_all):
            # In a followed category's announcement: under it, unless a watch claims it
            # (or --all's other papers do: one a Hub listing had too).
            item.source = "arxiv"
            groups[_group_of(item.paper, followed)].append(item)
        elif item.watches:
            groups[item.watches[0]].append(item)
        elif show_all:
            groups[OTHER].append(item)
        else:
            result.others += 1
    for pid, item in early.items():
        # Listed before the checkpoint only: new to the new watches it matches, if any.
        if pid in found or pid in seen or pid in left_out or pid in announced:
            continue
        if item.paper.withdrawn and not withdrawn:
            continue
        claims = [w.name for w, f in fresh if looked_back[w.name].isoformat() <= item.day
                  and f.matches(item.paper)]
        if not claims:
            continue
        if not flt.matches(item.paper):
            if only is None:
                result.filtered_out.append(date.fromisoformat(item.day))  # gone: said
            continue
        item.watches = [w.name for w, f in wfilters if f.matches(item.paper)]
        groups[only or claims[0]].append(item)
    for items in groups.values():
        items.sort(key=lambda i: (i.day, -i.position), reverse=True)
        if sort and sort != "trending":  # the same sort step as every listing
            ordered = sort_papers([i.paper for i in items], sort, rank=rank,
                                  extras=result.extras)
            place = {p.id: n for n, p in enumerate(ordered)}
            items.sort(key=lambda i: place[i.paper.id])
    result.groups = [(name, items) for name, items in groups.items() if items]
    return result


def _fell_back(session: Session, result: NewResult, failure: PapersError | None) -> None:
    """The Hub failed (`failure`): the rest is read from the library alone, and the
    note on it says why in a few words (`briefly`), unless the command was offline
    anyway."""
    if not result.cached_only and failure is not None:
        result.hub_failed = briefly(failure)[-1]
    session.offline = result.cached_only = True


def _only_watch(wl: list[Watch], name: str, show_all: bool) -> str:
    """The stored name of the watch `--watch NAME` means (as written, else in any case,
    as `for-you --watch` takes it), or the usage error: none of that name, or --all,
    which asks for every new paper."""
    from papercli.watches import no_such_watch, stored_name

    if show_all:
        raise UsageError("--watch and --all cannot be combined", hint="give one of them")
    found = stored_name([w.name for w in wl], name)
    if found is None:
        raise no_such_watch([w.name for w in wl], name)
    return found


def _look_back(session: Session, result: NewResult, fresh: list[tuple[Watch, Filter]],
               found: dict[str, NewItem], counter: _Days | None = None) -> dict[str, NewItem]:
    """The papers of the days from the first new watch's look-back to the day before the
    checkpoint (`result.looked_back`), fetch-or-cache like the window's days; a day
    neither fetched nor cached goes in `result.lookback_missing` (the watches look back
    again next time, the checkpoint stays where it is)."""
    from papercli.listings import get_listing  # lazy: the Hub client behind it

    early: dict[str, NewItem] = {}
    day = result.first_day
    while day < result.start:
        try:
            try:
                listing = get_listing(session, periods.day(day))
            except HubError as exc:  # what is cached; said once, here: the window's
                # days were read before (the note on the Hub's failure says those)
                if not result.cached_only:
                    result.warnings.append(failed_then(exc, "showing what is cached"))
                _fell_back(session, result, exc)
                listing = get_listing(session, periods.day(day))
        except OfflineMiss:
            result.lookback_missing.append(day)
            day += timedelta(days=1)
            if counter is not None:
                counter.advance()
            continue
        result.requests += listing.requests
        result.listed += len(listing.papers)
        for position, paper in enumerate(listing.papers):
            if paper.id in early:
                early[paper.id].paper = paper
            elif any(f.matches(paper) for _, f in fresh):
                early[paper.id] = NewItem(paper, day.isoformat(), position, [])
        day += timedelta(days=1)
        if counter is not None:
            counter.advance()
    return early


def arxiv_group(category: str) -> str:
    """The group (and label) of the papers `new` found in a followed category's
    announcement: "arXiv cs.CL"."""
    return f"arXiv {category}"


def _group_of(paper: Paper, followed: list[str]) -> str:
    """The followed category a paper is announced under: its primary one when followed,
    else the first followed one it is in (an archive such as `math` covers `math.AG`)."""
    cats = [c for c in [paper.primary_category, *paper.categories] if c]
    for cat in cats:
        for name in followed:
            if cat == name or cat.startswith(name + "."):
                return arxiv_group(name)
    return arxiv_group(followed[0])


def arxiv_checkpoint(categories: Sequence[str]) -> str:
    """The meta key of the last announcement `papers new` read for these categories (a
    changed set starts afresh, at its latest announcement)."""
    return f"new.arxiv:{'+'.join(sorted(categories))}"


def _previous_weekday(day: date) -> date:
    """The weekday before `day`: arXiv announces Monday to Friday (RSS dates)."""
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _not_cached(followed: list[str], miss: OfflineMiss) -> str:
    """The warning for no announcement of the `followed` categories in the library, as
    `miss` says it, in 80 columns: "cached" for "in the local library", what to do in
    fewer words, the categories as many as fit: four made 137 columns."""
    from papercli.errors import fitting
    from papercli.words import first_few

    then = [miss.hint] if miss.hint and "without --offline" not in miss.hint else [
        "run without --offline to fetch it", "run without --offline"]
    said = [f"of {first_few(followed, shown)} " for shown in range(len(followed), 0, -1)
            if shown != len(followed) - 1]  # ("A and 1 more": naming B takes a cell more)
    return fitting(f"{miss.message}; {miss.hint}",
                   *(f"no arXiv announcement {of}cached; {hint}"
                     for of in [*said, ""] for hint in then))


def _announced(session: Session, udb: UserDB, result: NewResult, followed: list[str],
               found: dict[str, NewItem], alone: bool = False) -> dict[str, NewItem] | None:
    """The latest announcement of the followed categories (fetch-or-cache, like
    `papers arxiv`), as items (a paper also in a Hub listing keeps that listing's item),
    plus, when announcements were missed since the last run, the papers submitted since
    the one read then (arXiv's API, cached like `papers arxiv --since`); None when there
    is none to read (nothing followed, or none cached offline: said in a warning, or
    raised when arXiv is the only source, `alone`)."""
    if not followed:
        return None
    from papercli import arxiv_listing  # lazy: the arXiv client behind it
    from papercli.errors import PapersError

    result.categories = list(followed)
    for name in followed:
        result.sources[arxiv_group(name)] = "arxiv"
    try:
        got = arxiv_listing.get_announcement(session, followed)
    except PapersError as exc:
        if alone:
            raise  # arXiv is the only source: its failure is the command's
        if isinstance(exc, OfflineMiss):
            # Worded as the Hub's miss is: network.offline (not a typed --offline) is
            # what the user has to change.
            miss = session.offline_miss(OfflineMiss(
                f"no arXiv announcement of {', '.join(followed)} in the local library",
                hint="run papers new without --offline to fetch it"))
            result.warnings.append(_not_cached(followed, miss))
        else:
            # (what is shown instead: "arXiv refused the connection; arXiv left out this
            # time" said arXiv twice, and not what the list holds)
            result.warnings.append(failed_then(exc, "showing Hub papers only"))
        return None
    result.warnings.extend(got.warnings())
    day = got.announced or clock.today().isoformat()
    items: dict[str, NewItem] = {}
    for position, paper in enumerate(got.papers):
        items.setdefault(paper.id, found.get(paper.id)
                         or NewItem(paper, day, position, [], "arxiv"))
    try:
        since = date.fromisoformat(udb.get_meta(arxiv_checkpoint(followed)) or "")
    except ValueError:
        since = None  # first use: the latest announcement is where `new` starts
    latest = date.fromisoformat(got.announced) if got.announced else None
    # An older copy (arXiv down, the cached one shown) never moves the checkpoint back.
    result.arxiv_since = since
    result.arxiv_read = max(latest, since) if latest and since else latest
    if since is None or latest is None or _previous_weekday(latest) <= since:
        return items  # no announcement day between the last one read and this one
    # Missed: each announcement brings what was submitted up to the weekday before it,
    # so what was submitted from the weekday before the last one read on is asked for.
    today = clock.today()
    first = max(_previous_weekday(since), today - timedelta(days=MAX_ARXIV_CATCHUP_DAYS - 1))
    if first > _previous_weekday(since):
        result.warnings.append(
            f"arXiv: the last announcement read was {since}; catching up on the papers "
            f"submitted since {first} only")
    try:
        back = arxiv_listing.get_submitted(session, followed, first, today)
    except PapersError as exc:
        result.warnings.append(failed_then(
            exc, f"arXiv's announcements since {since} are left out this time"))
        result.arxiv_read = None  # read them next time
        return items
    if back.stale:
        result.warnings.append(back.stale)
    for position, paper in enumerate(back.papers):
        item = items.get(paper.id)
        if item is None:
            items[paper.id] = found.get(paper.id) or NewItem(
                paper, paper.date or day, position, [], "arxiv")
        elif paper.id not in found and paper.published_at:
            # Announced and submitted since: the RSS's record is dated by its announcement
            # day, the API's by its submission (v1), the date every other row shows.
            item.paper = paper
    return items


def record_new(udb: UserDB, result: NewResult, shown: Sequence[NewItem]) -> None:
    """After a successful `papers new`: the papers shown are seen, and the next run starts
    at the first day not read, or the oldest day of a paper --limit held back, or today;
    for arXiv, after the announcement read (before it, when --limit held one back)."""
    shown_ids = {i.paper.id for i in shown}
    if result.only is not None:
        # One watch's papers: they are seen, and every checkpoint stays where it was, so
        # that the next run still reads these days for the other watches. Before the
        # first run without --watch, this watch is known, so that run says the first
        # look is the others' ("first look for watches a and b" named this one too).
        looked: dict[str, str] = {}
        if result.first_use and result.only in result.watch_keys:
            import json

            known = {**(_known_watches(udb) or {}),
                     result.only: result.watch_keys[result.only]}
            looked[WATCHES_KEY] = json.dumps(known, sort_keys=True, ensure_ascii=False)
        udb.record_check(list(shown_ids), None, looked)
        return
    start = next_start(result, shown_ids).isoformat() if result.hub_read else None
    meta: dict[str, str] = {}
    read = result.arxiv_read
    if read is not None:
        if any(i.source == "arxiv" and i.paper.id not in shown_ids for i in result.items):
            # Held back: the checkpoint stays before this announcement, so that once it
            # is no longer the latest, the next run asks the API for its papers.
            read = min(result.arxiv_since or read, _previous_weekday(read))
        meta[arxiv_checkpoint(result.categories)] = read.isoformat()
    if result.watch_keys:
        import json

        # A new watch whose look-back was not all shown (a day missing, the limit) is
        # looked back for again next time; the papers shown are seen by then.
        held = {w for i in result.items if i.paper.id not in shown_ids
                and date.fromisoformat(i.day) < result.start for w in i.watches}
        unfinished = {name for name in result.looked_back
                      if result.lookback_missing or name in held}
        keys = {name: key for name, key in result.watch_keys.items() if name not in unfinished}
        meta[WATCHES_KEY] = json.dumps(keys, sort_keys=True, ensure_ascii=False)
        meta[PENDING_KEY] = json.dumps(
            {name: [result.watch_keys[name], result.looked_back[name].isoformat()]
             for name in sorted(unfinished)}, ensure_ascii=False)
    udb.record_check(list(shown_ids), start, meta)


def next_start(result: NewResult, shown_ids: set[str]) -> date:
    """The first day the next run reads: the first day not read in full, or the oldest
    day of a paper the limit held back. A held-back arXiv paper is in the announcement
    again next time (while it is the latest); its day says nothing of the Hub's days."""
    return min([result.next_start, *(day for i in result.items
                                     if i.paper.id not in shown_ids and i.source == "hf"
                                     and (day := date.fromisoformat(i.day)) >= result.start)])


def take(result: NewResult, limit: int) -> list[tuple[str, list[NewItem]]]:
    """The groups as shown under a limit (0: all): the first `limit` papers in group
    order; `record_new` marks exactly these as seen."""
    budget = limit or len(result.items)
    groups: list[tuple[str, list[NewItem]]] = []
    for name, items in result.groups:
        if budget <= 0:
            break
        groups.append((name, items[:budget]))
        budget -= len(groups[-1][1])
    return groups
