"""Where the browser's papers and marks come from: papercli's modules, behind a small interface.

The app never touches a Session, the store or the user database itself; it asks a
`Source` to load a `View` (what to list, with which filters and order) and to star, mark,
open or copy. The listing pipeline can then change (one listing function, rankings) without
touching the screens.

Every call opens its own Session and user database and closes them before returning: the
app calls from background threads, and a Session is not shared between threads. Opening
costs a few milliseconds, far less than any fetch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from papercli.cli.options import FilterOptions
from papercli.words import plural

if TYPE_CHECKING:
    from papercli.models import Paper
    from papercli.session import Session
    from papercli.userdb import UserDB

KINDS = ("today", "day", "week", "month", "search", "starred", "new", "for-you", "filter")
SEARCH_LIMIT = 200  # Hub and library hits shown for `browse search`
FILTER_LIMIT = 200  # library hits shown while filtering as you type
NO_FILTERS = FilterOptions([], [], [], [], None, None, None)


class View(NamedTuple):
    """What the list shows: a kind (see KINDS), its argument, filters and order."""

    kind: str = "today"
    arg: str | None = None  # the day/week/month value or the query
    filters: FilterOptions = NO_FILTERS
    sort: str | None = None
    show_all: bool = False  # new: every new paper, not only those matching a watch
    peek: bool = False  # new: do not mark what is shown as seen

    @property
    def dated(self) -> bool:
        return self.kind in ("today", "day", "week", "month")


class Loaded(NamedTuple):
    """One load of a view: its papers, how to caption them, and what went wrong."""

    view: View  # `today` comes back as the day it showed, so [ and ] know where they are
    title: str
    papers: list[Paper]
    caption: str
    warnings: list[str]
    starred: frozenset[str]
    read: frozenset[str]
    hidden: frozenset[str] = frozenset()
    new: Any = None  # `new`: the new.NewResult that `record_seen` records


class Source:
    """The browser's data source over the real library, Hub and user database."""

    def __init__(self, *, offline: bool = False, refresh: bool = False,
                 timeout: float | None = None) -> None:
        self.offline = offline
        self.refresh = refresh
        self.timeout = timeout
        self.endpoint = ""

    # -- plumbing ----------------------------------------------------------------------

    @contextmanager
    def session(self, *, offline: bool | None = None, refresh: bool = False
                ) -> Iterator[Session]:
        from papercli.session import Session

        s = Session.create(
            offline=self.offline if offline is None else offline,
            refresh=refresh, timeout=self.timeout,
        )
        self.endpoint = s.endpoint
        try:
            yield s
        finally:
            s.close()

    @contextmanager
    def userdb(self) -> Iterator[UserDB]:
        from papercli.reading import open_userdb

        with open_userdb() as udb:
            yield udb

    # -- loading -----------------------------------------------------------------------

    def load(self, view: View, *, cached_only: bool = False) -> Loaded:
        """The view's papers. `cached_only` reads the library and never the network (the
        first paint); otherwise fetch-or-cache as the listing commands do. Raises
        PapersError (OfflineMiss when nothing is cached)."""
        from papercli import listings, pipeline
        from papercli.cli.options import make_filter

        offline = self.offline or cached_only
        refresh = self.refresh and not cached_only
        with self.session(offline=offline, refresh=refresh) as s:
            flt = make_filter(s, view.filters)
            warnings = list(s.notices)
            if view.kind == "new":
                return self._load_new(s, view, flt, warnings, cached_only=cached_only)
            if view.kind == "for-you":
                return self._load_for_you(s, view, flt, warnings)
            caption = ""
            if view.dated:
                result = _listing(s, view)
                if result.stale:
                    warnings.append(result.stale)
                if result.skipped:
                    warnings.append(f"skipped {plural(result.skipped, 'malformed item')} "
                                    "in the Hub's answer")
                papers = pipeline.sort(flt.apply(result.papers),
                                       view.sort or s.config.get("display.sort"), s)
                title = result.title
                caption = listings.provenance(result)
                if view.kind == "today":
                    view = view._replace(kind="day", arg=result.period.value)
            elif view.kind == "search":
                from papercli import search as searching

                sort_by = view.sort if view.sort != "trending" else None
                found = searching.search(s, view.arg or "", flt,
                                         None if sort_by else SEARCH_LIMIT)
                if found.stale:
                    warnings.append(found.stale)
                # Sorted before the cut, as `papers search` does.
                papers = pipeline.cut(pipeline.sort(found.papers, sort_by, s), SEARCH_LIMIT)
                title = f"Search: {view.arg}"
                caption = f"{found.remote} from the Hub, {found.local} in the library"
            elif view.kind == "filter":
                papers = self._filter(s, view, flt)
                title = f"Filter: {view.arg}"
                caption = "library full-text"
            elif view.kind == "starred":
                from papercli import reading

                with self.userdb() as udb:
                    items = reading.starred(s, udb, flt)
                papers = pipeline.sort([i.paper for i in items], view.sort, s)
                title = "Starred papers"
                caption = "your reading list"
            else:
                raise ValueError(f"unknown view {view.kind!r}")
            if not flt.is_empty:
                title += f" · {flt.describe()}"
            return self._with_marks(view, title, papers, caption, warnings)

    def _filter(self, s: Session, view: View, flt: object) -> list[Paper]:
        from papercli import search as searching
        from papercli.filters import Filter

        assert isinstance(flt, Filter)
        hits = searching.local_search(s.store(), view.arg or "", FILTER_LIMIT * 4)
        return flt.apply(hits)[:FILTER_LIMIT]

    def _load_new(self, s: Session, view: View, flt: object, warnings: list[str], *,
                  cached_only: bool) -> Loaded:
        from papercli import new
        from papercli.filters import Filter

        assert isinstance(flt, Filter)
        with self.userdb() as udb:
            result = new.find_new(s, udb, flt=flt, show_all=view.show_all, sort=view.sort)
        warnings.extend(result.warnings)
        span = (str(result.start) if result.start == result.end
                else f"{result.start} – {result.end}")
        tail = "peek: not marked as seen" if view.peek else (
            "from the library" if cached_only else "marked as seen")
        loaded = self._with_marks(view, f"New papers · {span}",
                                  [i.paper for i in result.items], tail, warnings)
        return loaded._replace(new=None if cached_only or view.peek else result)

    def record_seen(self, loaded: Loaded) -> None:
        """After `browse new` has shown a list: the same rule as `papers new`, every paper
        it lists is now seen and the next check starts where this one left off."""
        from papercli import new

        if loaded.new is not None:
            with self.userdb() as udb:
                new.record_new(udb, loaded.new, loaded.new.items)

    def _load_for_you(self, s: Session, view: View, flt: object, warnings: list[str]
                      ) -> Loaded:
        """`papers for-you`: the listings of the last 7 days (or --since/--until) ranked
        by the taste model, without what is starred, read or hidden; the library only."""
        from papercli import ranking, reading, watches
        from papercli.filters import Filter

        assert isinstance(flt, Filter)
        store = s.store()
        keep = flt._replace(since=None, until=None)
        with self.userdb() as udb:
            left_out = reading.marked(udb)
            taste = ranking.Taste.load(store, udb, seeds=watches.seeds(s))
        if taste.notice:
            warnings.append(taste.notice)
        found = ranking.for_you(store, taste, flt.since, flt.until,
                                keep=lambda p: p.id not in left_out and keep.matches(p))
        start, end = found.start, found.end
        papers = [scored.paper for scored in found.scored]
        span = str(start) if start == end else f"{start} – {end}"
        title = f"For you · listings of {span}" + (
            f" · {keep.describe()}" if not keep.is_empty else "")
        how = "by relevance to your stars" if taste.ready else "most upvoted first"
        return self._with_marks(view, title, papers, how, warnings)

    def _with_marks(self, view: View, title: str, papers: list[Paper], caption: str,
                    warnings: list[str]) -> Loaded:
        starred, read, hidden = self.marks([p.id for p in papers])
        count = f"{len(papers)} paper{'' if len(papers) == 1 else 's'}"
        caption = f"{count} · {caption}" if caption else count
        return Loaded(view, title, papers, caption, warnings, starred, read, hidden)

    def marks(self, ids: Sequence[str]
              ) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """(starred, read, hidden) among `ids`, from the user database."""
        with self.userdb() as udb:
            stars = {s.paper.id for s in udb.stars()}
            read = udb.read_marks(ids)
            hidden = udb.hidden()
        wanted = set(ids)
        return frozenset(stars & wanted), frozenset(read), frozenset(hidden & wanted)

    def shifted(self, view: View, step: int) -> View | None:
        """The previous (-1) or next (+1) day, week or month; None for other views."""
        from papercli import periods

        if not view.dated or view.arg is None:
            return None
        if view.kind == "day":
            return view._replace(arg=(date.fromisoformat(view.arg)
                                      + timedelta(days=step)).isoformat())
        if view.kind == "week":
            start = periods.parse_week(view.arg).start + timedelta(weeks=step)
            return view._replace(arg=periods.week_of(start).value)
        start = periods.parse_month(view.arg).start
        month = start.month - 1 + step
        return view._replace(arg=f"{start.year + month // 12}-{month % 12 + 1:02d}")

    # -- one paper ---------------------------------------------------------------------

    def detail(self, paper_id: str) -> Paper:
        """The full record (AI summary, links): the library's, fetched once if thin."""
        from papercli import library

        with self.session() as s:
            return library.get_paper(s, paper_id).paper

    def set_star(self, paper_id: str, on: bool) -> bool:
        """Star (with a snapshot, as `papers star` does) or unstar; returns the new state."""
        from papercli import reading

        with self.userdb() as udb:
            if on:
                with self.session() as s:
                    reading.star(s, udb, [paper_id])
            else:
                udb.unstar([paper_id])
        return on

    def set_read(self, paper_id: str, on: bool) -> bool:
        with self.userdb() as udb:
            if on:
                udb.mark_read([paper_id])
            else:
                udb.mark_unread([paper_id])
        return on

    def set_hidden(self, paper_id: str, on: bool) -> bool:
        """Hide (as `papers hide`: left out of for-you and related) or unhide."""
        with self.userdb() as udb:
            if on:
                udb.hide([paper_id])
            else:
                udb.unhide([paper_id])
        return on

    def url(self, paper_id: str, which: str) -> str:
        """hf, arxiv, pdf or code, as `papers open` finds them (code may fetch)."""
        from papercli import reading

        with self.session() as s:
            return reading.paper_url(s, paper_id, which)

    def bibtex(self, paper: Paper) -> str:
        from papercli.exporters import render

        return render([paper], "bibtex", title="", endpoint=self.endpoint or "")

    def families(self) -> list[tuple[str, int]]:
        """Every family with its number of papers in the library."""
        from papercli import library

        with self.session(offline=True) as s:
            return [(str(r["name"]), int(r["papers"])) for r in library.family_counts(s)]


def _listing(s: Session, view: View):  # type: ignore[no-untyped-def]
    from papercli import clock, listings, periods

    if view.kind == "today":
        return listings.get_today(s)
    if view.kind == "day":
        return listings.get_listing(s, periods.day(periods.parse_date(view.arg or "today")))
    if view.kind == "week":
        return listings.get_listing(s, periods.parse_week(view.arg) if view.arg
                                else periods.week_of(clock.today()))
    return listings.get_listing(s, periods.parse_month(view.arg) if view.arg
                            else periods.month_of(clock.today()))


def check_view(view: View) -> View:
    """The view with its argument checked and normalised (UsageError if bad), so that a
    typo fails on the command line, before the screen is taken over."""
    from papercli import clock, periods
    from papercli.errors import UsageError

    if view.kind not in KINDS or view.kind == "filter":
        raise UsageError(f"cannot browse {view.kind!r}",
                         hint="choose today, day, week, month, search, starred, new or for-you")
    if view.kind == "day":
        if not view.arg:
            raise UsageError("browse day needs a DATE", hint="e.g. papers browse day 2024-01-02")
        return view._replace(arg=periods.parse_date(view.arg).isoformat())
    if view.kind == "week":
        return view._replace(arg=(periods.parse_week(view.arg) if view.arg
                                  else periods.week_of(clock.today())).value)
    if view.kind == "month":
        return view._replace(arg=(periods.parse_month(view.arg) if view.arg
                                  else periods.month_of(clock.today())).value)
    if view.kind == "search" and not (view.arg or "").strip():
        raise UsageError("browse search needs a QUERY", hint='e.g. papers browse search llava')
    if view.kind == "for-you" and view.sort:
        raise UsageError("for-you is ordered by relevance; --sort does not apply",
                         hint="drop --sort")
    if view.kind in ("today", "starred", "new", "for-you") and view.arg:
        raise UsageError(f"browse {view.kind} takes no argument (got {view.arg!r})")
    return view
