"""Where the browser's papers and marks come from: papercli's modules, behind a small interface.

The app never touches a Session, the store or the user database itself; it asks a
`Source` to load a `View` (what to list, with which filters and order) and to star, mark,
open or copy. A load is the commands' own: the view layer gathers (`views.gather`) and the
pipeline sorts, cuts and captions (`views.shown`), so titles and captions are the ones
`papers today`, `search`, `starred`... print. Nothing here imports the command line.

Every call opens its own Session and user database and closes them before returning: the
app calls from background threads, and a Session is not shared between threads. Opening
costs a few milliseconds, far less than any fetch.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from papercli import views, words
from papercli.filters import NO_FILTERS, FilterOptions
from papercli.sanitize import quoted
from papercli.tui import KINDS

if TYPE_CHECKING:
    from papercli.db.userdb import UserDB  # lazy: off the start-up path of `papers browse`
    from papercli.errors import Unreachable  # lazy: off the start-up path of `papers browse`
    from papercli.models import Paper  # lazy: off the start-up path of `papers browse`
    from papercli.session import Session  # lazy: off the start-up path of `papers browse`

SEARCH_LIMIT = 200  # Hub and library hits shown for `browse search`
RELATED_LIMIT = 50  # the papers most like one shown for `browse related` and `l`
FILTER_LIMIT = 200  # library hits shown while filtering as you type
# Seconds a source found out of reach fetching a resting selection's page is left alone:
# then the next page asked for asks it again (once: out of reach still, another wait).
PAGE_RETRY = 30.0
# What a list cut at its limit says after its count, the way to the rest ("200 of 346
# papers" said no more, as the command's "(-n 0: all)" does): the command lists them all.
MORE = {"search": "(all: papers search -n 0)", "filter": "(type more to narrow)"}


class View(NamedTuple):
    """What the list shows: a kind (see KINDS), its argument, filters and order."""

    kind: str = "today"
    arg: str | None = None  # the day/week/month value, the query, arXiv categories or ids
    filters: FilterOptions = NO_FILTERS
    sort: str | None = None
    show_all: bool = False  # new: every new paper, not only those matching a watch
    peek: bool = False  # new: do not mark what is shown as seen
    hidden: bool = False  # --hidden: the papers the user hid stay, marked (and h unhides)

    @property
    def dated(self) -> bool:
        return self.kind in ("today", "day", "week", "month")


# (starred, read, hidden) of a list's papers: the first two paper id -> when.
Marks = tuple[Mapping[str, str], Mapping[str, str], frozenset[str]]


class Loaded(NamedTuple):
    """One load of a view: its papers, how to caption them, and what went wrong."""

    view: View  # `today` comes back as the day it showed, so [ and ] know where they are
    title: str
    papers: list[Paper]
    # The caption's count, which the heading keeps whole: "17 papers", related's "50 of
    # 665 papers like it", "nothing new"; `about` says the rest (`caption`).
    counted: str
    warnings: list[str]
    starred: Mapping[str, str]  # paper id -> when it was starred (as `show` says it)
    read: Mapping[str, str]  # paper id -> when it was marked read
    hidden: frozenset[str] = frozenset()
    new: Any = None  # `new`: the new.NewResult that `record_seen` records
    yours: Any = None  # paper id -> {"tags": [...], "note": "..."} (tags.yours)
    # `new`: paper id -> what listed it ("llava (family LLaVA)", a followed category), as
    # `papers new` heads its groups; a paper of --all that no watch matches has none.
    watches: Any = None
    # How many papers the view has in all, when it lists fewer (related's best 50 of
    # 665): a paper hidden there leaves room for the next (None: every one is listed).
    found: int | None = None
    # The view's words for an empty list (a holiday's "nothing was listed on 2026-11-23",
    # as the command says it on stderr); a search's after its warnings, else when nothing
    # else says why.
    none_found: str | None = None
    # The caption after the count: "cached just now", "170 in the library" (parts " · ").
    about: str = ""

    @property
    def caption(self) -> str:
        """"17 papers · cached just now", as the command's caption says it."""
        return " · ".join(part for part in (self.counted, self.about) if part)


class Page(NamedTuple):
    """A paper's page as `Source.detail` had it: its record (None: none to show), and
    whether to ask for it again (a source out of reach, or failing, kept it)."""

    paper: Paper | None
    again: bool


class FamilyCount(NamedTuple):
    """A family in the chooser: papers of the list on screen naming it, and of the library."""

    name: str
    here: int
    total: int


class Source:
    """The browser's data source over the real library, Hub and user database."""

    def __init__(self, *, offline: bool = False, refresh: bool = False,
                 timeout: float | None = None) -> None:
        self.offline = offline
        self.refresh = refresh
        self.timeout = timeout
        self.endpoint = ""
        # The sources found out of reach fetching a resting selection's page: not asked
        # again for the next paper (each waited its timeout, the pane never filled) until
        # a view is loaded from the network again (another view, [ or ]) or PAGE_RETRY
        # seconds have passed since (`lost_at`, time.monotonic's).
        self.unreachable: Unreachable | None = None
        self.lost_at: float | None = None
        self.setting: str | None = None  # the setting that keeps every command offline

    @property
    def offline_why(self) -> str | None:
        """Why the browser is offline, said plainly (its hints named a command to run,
        which meant quitting it), or None when it is not."""
        if self.offline:
            return STARTED_OFFLINE
        return f"{self.setting} keeps the browser offline" if self.setting else None

    @contextmanager
    def said_here(self) -> Iterator[None]:
        """An error raised inside, its hint as the browser says it (`in_the_browser`)."""
        from papercli.errors import PapersError  # lazy: off the start-up path

        try:
            yield
        except PapersError as exc:
            if exc.hint:
                exc.hint = in_the_browser(exc.hint, None, self.offline_why)
            raise

    # -- plumbing ----------------------------------------------------------------------

    @contextmanager
    def session(self, *, offline: bool | None = None, refresh: bool = False
                ) -> Iterator[Session]:
        from papercli.session import Session  # lazy: off the start-up path of `papers browse`

        s = Session.create(
            offline=self.offline if offline is None else offline,
            refresh=refresh, timeout=self.timeout,
        )
        self.endpoint = s.endpoint
        self.setting = s.offline_setting()
        try:
            yield s
        finally:
            s.close()

    @contextmanager
    def userdb(self) -> Iterator[UserDB]:
        with self.session(offline=True) as s, s.userdb() as udb:
            yield udb

    # -- loading -----------------------------------------------------------------------

    def load(self, view: View, *, cached_only: bool = False,
             stop: Callable[[], bool] | None = None) -> Loaded:
        """The view's papers. `cached_only` reads the library and never the network (the
        first paint); otherwise fetch-or-cache as the listing commands do. Raises
        PapersError (OfflineMiss when nothing is cached). `stop() -> bool`: the list is
        no longer wanted, a related list's ranking gives up (ranking.Stopped)."""
        from papercli.errors import OfflineMiss, UsageError  # lazy: off the start-up path

        offline = self.offline or cached_only
        refresh = self.refresh and not cached_only
        if not offline:
            self.unreachable = self.lost_at = None  # asked again: the network may be back
        with self.session(offline=offline, refresh=refresh) as s:
            try:
                got = views.gather(s, core_view(view, stop))
            except OfflineMiss as exc:
                miss = s.offline_miss(exc)  # network.offline's hint, if its doing
                if miss.hint:
                    miss.hint = in_the_browser(miss.hint, view, self.offline_why)
                raise miss from None
            except UsageError as exc:
                from papercli.new import OR_ALL

                if view.kind == "new" and exc.hint and exc.hint.endswith(OR_ALL):
                    exc.hint = new_keys(exc.hint)  # (no watches: --all is a key away here)
                raise
            found = None
            if view.kind == "new":
                tail = "peek: not marked as seen" if view.peek else (
                    "from the library" if cached_only else "marked as seen")
                title = got.title
                papers = got.papers
                # (A, as --all: said, or the list looked the same as the watches' one)
                count = words.count(len(papers), len(papers)) if papers else "nothing new"
                every = "all new · " if view.show_all else ""
                about = f"{every}{tail}" if papers else ""
                if got.new is not None:  # what `papers new` says (first run, nothing new…)
                    said = views.new_notes(got.new, len(papers), view.peek)
                    got.notes.extend(said.look if papers else said.lines)  # (the caption
                    # counts what is listed; "nothing new" is said, and the pane keeps it)
            else:
                shown = views.shown(s, got)
                title, papers, count = shown.title, list(shown.papers), shown.count or ""
                about = got.about  # (the caption is the count, then this: `pipeline.run`)
                found = shown.found if (shown.found or 0) > len(papers) else None
                if found is not None and view.kind in MORE:
                    count = f"{count} {MORE[view.kind]}"
            warnings = [*s.notices, *got.warnings, *got.told()]
        if isinstance(got.view, views.Listing) and view.kind == "today":
            view = view._replace(kind="day", arg=got.view.arg)
        warnings = [in_the_browser(w, view, self.offline_why) for w in warnings]
        named: list[str] = []
        if view.kind == "filter" and not view.hidden:  # (ids named, whose hiding is said)
            from papercli.search import ids_in  # lazy: off the start-up path

            named = ids_in(view.arg or "") or []
        # Why there is nothing, when said, in place of the plain no-match line, as the
        # commands say one or the other (`output.nothing_listed`).
        none_found = None if got.empty and got.none else got.none_found
        loaded = self._with_marks(view, title, papers, count, warnings, named)._replace(
            found=found, none_found=none_found, about=about)
        if got.new is not None:
            loaded = loaded._replace(watches=matched(got.new))
            if not (cached_only or view.peek):
                loaded = loaded._replace(new=got.new)
        return loaded

    def record_seen(self, loaded: Loaded) -> None:
        """After `browse new` has shown a list: the same rule as `papers new`, every paper
        it lists is now seen and the next check starts where this one left off."""
        from papercli import new  # lazy: off the start-up path of `papers browse`

        if loaded.new is not None:
            with self.userdb() as udb:
                new.record_new(udb, loaded.new, loaded.new.items)

    def _with_marks(self, view: View, title: str, papers: list[Paper], count: str,
                    warnings: list[str], named: Sequence[str] = ()) -> Loaded:
        """The list with its marks; `named`: ids a filter names, whose hiding is marked
        too when they are not listed (the app says them hidden, not to be looked up)."""
        starred, read, hidden = self.marks([*(p.id for p in papers), *named])
        return Loaded(view, title, papers, count, warnings, starred, read, hidden,
                      yours=self.yours())

    def with_fresh_marks(self, loaded: Loaded) -> Loaded:
        """The same list with the marks as the user database has them now (a list kept
        while a filter was shown must not bring back marks changed since)."""
        starred, read, hidden = self.marks([p.id for p in loaded.papers])
        return loaded._replace(starred=starred, read=read, hidden=hidden, yours=self.yours())

    def listing_day(self, paper_id: str) -> str | None:
        """The paper's Daily Papers day as `papers show` says it: the first day listing it
        in the library (`Store.listing_day_of`); None when none does, or it cannot be read
        (the pane says its record's day)."""
        from papercli.errors import PapersError

        try:
            with self.session(offline=True) as s:
                return s.store().listing_day_of(paper_id)
        except (PapersError, OSError):
            return None

    def yours(self) -> dict[str, dict[str, object]]:
        """Your tags and notes, by paper id (`tags.yours`)."""
        from papercli import tags  # lazy: off the start-up path of `papers browse`

        with self.session(offline=True) as s:
            return tags.yours(s)

    def note_of(self, paper_id: str) -> str | None:
        """The paper's note as stored now (an edit never overwrites one saved meanwhile,
        from another terminal: `notes.edit`'s `current`)."""
        with self.userdb() as udb:
            return udb.note_of(paper_id)

    def set_note(self, paper_id: str, text: str | None) -> str | None:
        """Store the paper's note (None or blank: remove it); returns it as stored."""
        from papercli import notes  # lazy: off the start-up path of `papers browse`

        tidy = notes.tidy(text or "")
        with self.userdb() as udb:
            udb.set_note(paper_id, tidy)
        return tidy

    def set_tags(self, paper_id: str, wanted: Sequence[str]) -> list[str]:
        """Make the paper's tags `wanted` (each checked: UsageError if one is not a tag),
        as `papers tag` and `untag` would; returns its tags as stored (sorted)."""
        from papercli import tags  # lazy: off the start-up path of `papers browse`

        chosen = tags.normalize_tags(wanted)
        with self.userdb() as udb:
            old = udb.tags_of([paper_id]).get(paper_id, [])
            udb.remove_tags([paper_id], [t for t in old if t not in chosen])
            added = [t for t in chosen if t not in old]
            if added:
                udb.add_tags([paper_id], added)
                with self.session(offline=True) as s:
                    tags.keep(s, udb, [paper_id])  # (its title outlives a cache clear)
            return udb.tags_of([paper_id]).get(paper_id, [])

    def marks(self, ids: Sequence[str]) -> Marks:
        """(starred, read, hidden) among `ids`, from the user database: the first two
        with when (the pane's "★ starred 2026-08-21", as `show` says it)."""
        wanted = set(ids)
        with self.userdb() as udb:
            stars = {pid: when for pid, when in udb.star_times().items() if pid in wanted}
            read = udb.read_marks(ids)
            hidden = udb.hidden()
        return stars, read, frozenset(hidden & wanted)

    def shifted(self, view: View, step: int) -> View | None:
        """The previous (-1) or next (+1) day, week or month; None for other views."""
        from papercli import periods  # lazy: off the start-up path of `papers browse`

        start = self.starts(view)
        if start is None:
            return None
        if view.kind in ("day", "today"):
            return view._replace(kind="day", arg=(start + timedelta(days=step)).isoformat())
        if view.kind == "week":
            return view._replace(arg=periods.week_of(start + timedelta(weeks=step)).value)
        month = start.month - 1 + step
        return view._replace(arg=f"{start.year + month // 12}-{month % 12 + 1:02d}")

    @staticmethod
    def starts(view: View) -> date | None:
        """The first day of a day, week or month view; None for the others. `today` whose
        listing never came (nothing in the library, the Hub out of reach) is the clock's
        day: [ said it moves through a day listing only, on the Daily Papers heading."""
        from papercli import clock, periods  # lazy: off the start-up path of `papers browse`

        if view.kind == "today" and view.arg is None:
            return clock.today()
        if not view.dated or view.arg is None:
            return None
        if view.kind == "day":
            return date.fromisoformat(view.arg)
        parse = periods.parse_week if view.kind == "week" else periods.parse_month
        return parse(view.arg).start

    # -- one paper ---------------------------------------------------------------------

    def detail(self, paper_id: str) -> Page:
        """The full record (AI summary, links): the library's, fetched once if thin; a
        source out of reach for an earlier paper (since the last load, and for less than
        PAGE_RETRY seconds) is not asked. `Page.again`: a source out of reach (or the
        Hub's error) kept the page, to be asked for again when the paper is selected
        again (its details stayed missing for the session, the Hub back or not)."""
        from papercli import library  # lazy: off the start-up path of `papers browse`
        from papercli.errors import SourceError, Unreachable

        unreachable = self.unreachable
        if unreachable is None or (self.lost_at is not None
                                   and time.monotonic() - self.lost_at >= PAGE_RETRY):
            unreachable = self.unreachable = Unreachable()
            self.lost_at = None
        try:
            with self.session() as s:
                got = library.get_paper(s, paper_id, unreachable)
        except SourceError:  # (not in the library, and the source failed)
            got = None
        lost = unreachable.hub is not None or unreachable.arxiv is not None
        if lost and self.lost_at is None:
            self.lost_at = time.monotonic()
        if got is None:
            return Page(None, True)
        return Page(got.paper, got.stale is not None or (lost and got.from_cache))

    def full_text(self, paper_id: str) -> str:
        """The paper's full text (Markdown): the library's, else fetched and kept there;
        offline and not kept is an OfflineMiss, none on the Hub a NotFoundError."""
        from papercli import library  # lazy: off the start-up path of `papers browse`

        with self.said_here(), self.session() as s:
            return library.full_text(s, paper_id)

    def set_star(self, paper_id: str, on: bool) -> bool:
        """Star (with a snapshot, as `papers star` does) or unstar; returns the new state."""
        from papercli import reading  # lazy: off the start-up path of `papers browse`

        with self.userdb() as udb:
            if on:
                with self.session() as s:
                    reading.star(s, udb, [paper_id])
            else:
                udb.unstar([paper_id])
        return on

    def why(self, paper: Paper) -> str | None:
        """`show`'s "For you" line of the paper (why it would rank where it does for the
        user), by the same view (`views.reasons`, `views.for_you_line`); None until there
        is a taste. From the library alone: no network. The pane wraps it, as `show`'s
        panel does: the closest paper's title whole (it was cut at 60 characters, as in a
        pipe, with lines to spare under it)."""
        with self.session(offline=True) as s:
            one = views.reasons(s, [paper]).get(paper.id)
        return None if one is None else views.for_you_line(one.why, wraps=True,
                                                           score=one.score)

    def set_read(self, paper_id: str, on: bool) -> bool:
        with self.userdb() as udb:
            if on:
                udb.mark_read([paper_id])
            else:
                udb.mark_unread([paper_id])
        return on

    def set_hidden(self, paper_id: str, on: bool) -> bool:
        """Hide (as `papers hide`: left out of every view but a --hidden one) or unhide."""
        with self.userdb() as udb:
            if on:
                udb.hide([paper_id])
            else:
                udb.unhide([paper_id])
        return on

    def url(self, paper_id: str, which: str) -> str:
        """hf, arxiv, pdf or code, as `papers open` finds them (code may fetch)."""
        from papercli import reading  # lazy: off the start-up path of `papers browse`

        with self.said_here(), self.session() as s:
            return reading.paper_url(s, paper_id, which)

    def bibtex(self, paper: Paper) -> str:
        from papercli.exporters import render  # lazy: off the start-up path of `papers browse`

        return render([paper], "bibtex", title="", endpoint=self.endpoint or "")

    def families(self, view: View, shown: Sequence[Paper]) -> list[FamilyCount]:
        """Every family with how many papers of the list name it and how many of the
        library do, the list's own families first (most papers first). The list is counted
        before its family filter, so a chosen family keeps its count and the others show
        what choosing them would add; `new` counts what it shows (its papers are seen).
        Both leave the papers you hid out, as the list chosen does (a listing's row hidden
        at h stays on screen, marked, until the next load), unless the view has them."""
        from papercli import library  # lazy: off the start-up path of `papers browse`

        if view.filters.family and view.kind != "new":
            unfiltered = view._replace(filters=view.filters._replace(family=[]))
            shown = self.load(unfiltered, cached_only=True).papers
        with self.session(offline=True) as s:
            every = library.family_counts(s, hidden=view.hidden)
        if not view.hidden:
            hidden = self.marks([p.id for p in shown])[2]
            shown = [p for p in shown if p.id not in hidden]
        here = Counter(family for paper in shown for family in paper.families)
        counts = [FamilyCount(str(r["name"]), here[str(r["name"])], int(r["papers"]))
                  for r in every]
        return sorted(counts, key=lambda c: -c.here)  # stable: the families' own order


def matched(result: Any) -> dict[str, list[str]]:
    """What listed each paper of `papers new`'s result (a `new.NewResult`): its watches,
    each with what it looks for, or the followed arXiv category it was announced in."""
    from papercli.new import OTHER  # lazy: off the start-up path of `papers browse`

    described = {w.name: f"{w.name} ({w.describe()})" for w in result.watches}
    found: dict[str, list[str]] = {}
    for name, group in result.groups:
        for item in group:
            said = [described.get(w, w) for w in item.watches]
            if not said and name != OTHER:
                said = [name]  # (a followed category's announcement: "arXiv cs.CL")
            if said:
                found.setdefault(item.paper.id, [])
                found[item.paper.id] += [w for w in said if w not in found[item.paper.id]]
    return found


def core_view(view: View, stop: Callable[[], bool] | None = None) -> views.View:
    """The view layer's view for the browser's: the browser shows every paper of a
    listing, the reading list, what is new, for-you and an arXiv announcement, the best
    200 of a search and the 50 papers most like one (or several); hidden papers only
    with --hidden, as the commands. `stop`: see `Source.load`."""
    f, order, hid = view.filters, view.sort, view.hidden
    if view.dated:
        return views.Listing(period=view.kind, arg=view.arg, filters=f, sort=order, limit=0,
                             hidden=hid)
    if view.kind == "search":
        return views.Search(query=view.arg or "", filters=f, sort=order, limit=SEARCH_LIMIT,
                            hidden=hid)
    if view.kind == "filter":
        return views.LibraryText(query=view.arg or "", filters=f, limit=FILTER_LIMIT,
                                 hidden=hid)
    if view.kind == "starred":
        return views.Starred(filters=f, sort=order, limit=0, hidden=hid)
    if view.kind == "new":
        return views.New(filters=f, sort=order, limit=0, show_all=view.show_all, hidden=hid)
    if view.kind == "for-you":
        return views.ForYou(filters=f, limit=0, hidden=hid)
    if view.kind == "related":
        ids = tuple((view.arg or "").split())
        return views.Related(paper_id=ids[0] if ids else "", paper_ids=ids, filters=f,
                             limit=RELATED_LIMIT, hidden=hid, stop=stop)
    if view.kind == "arxiv":  # the named categories, else the followed ones
        return views.ArxivAnnouncement(categories=tuple((view.arg or "").split()),
                                       filters=f, sort=order, limit=0, hidden=hid)
    raise ValueError(f"unknown view {view.kind!r}")


# Where the browser shows the papers you hid ("(--hidden lists it)" of the commands, as a
# filter says it): no key lists them, the browser started with --hidden does.
HIDDEN_HERE = "/ in papers browse --hidden"
# for-you's advice with too few stars (ranking.STAR_ADVICE), as the browser says it.
STAR_KEY = "with s (papers browse for-you ranks by them from its next start)"
# `papers starred` with nothing starred says how to star (views.Starred), as the browser
# says it: it said "(s in papers browse)" inside papers browse.
STAR_COMMAND = "papers star ID adds one (s in papers browse)"
STAR_HERE = "s stars the paper selected in any list (Ctrl-P: Go to today)"


def in_the_browser(text: str, view: View | None, offline: str | None = None) -> str:
    """A line of the commands' (a warning, an error's hint) as the browser says it, the
    one place where their words are put in the browser's terms: a command to run there,
    which meant quitting the browser, said as the key that does it here (`[` back to a
    weekend's Friday, `s` to star, `/` in the browser started --hidden, the box's
    `org:NAME`), or where nothing in the browser can, plainly. `view`: the view the line
    is about (None: an error of no view's); `offline`: why the browser is offline
    (`Source.offline_why`), None when it is not."""
    if view is not None:
        text = _in_the_view(text, view)
    if offline is not None:  # ("papers show ID fetches it" fetches nothing offline)
        text = OFFLINE_HINT.sub(offline, text)
        text = ABSENT.sub(lambda m: f"{m['said']}; {offline}", text)
    return text


def _in_the_view(text: str, view: View) -> str:
    """`in_the_browser`'s part that depends on the view (the day, the hidden papers…)."""
    if view.kind == "day" and view.arg:
        text = weekend_keys(date.fromisoformat(view.arg), text)
    if view.kind == "for-you":  # (too few stars: `s` stars here)
        from papercli.ranking import STAR_ADVICE

        text = text.replace(STAR_ADVICE, STAR_KEY)
    if view.kind in ("starred", "related", "day", "week", "month") and not view.hidden:
        # (an option of the command that started the browser: which one, since no key
        # lists hidden papers here; related's every paper hidden, at h or since; a
        # listing's hidden papers, today's said of its day)
        command = " ".join(filter(None, ("papers browse", view.kind, view.arg)))
        text = text.replace("(--hidden lists", f"({command} --hidden lists")
    if view.kind == "starred":  # (none yet: said from inside the browser it names)
        text = text.replace(STAR_COMMAND, STAR_HERE)
    if view.kind == "filter" and not view.hidden:  # (hits hidden, or ids named)
        text = text.replace("(--hidden ", f"({HIDDEN_HERE} ")
    if view.kind == "filter":  # (the box's `org:`, not the command line's --org)
        text = in_the_box(text, view.filters)
    return text


# Why the browser is offline, where its hints said to run a command without --offline
# (or `papers show ID`, which fetches nothing offline either): nothing in it fetches.
STARTED_OFFLINE = "the browser was started --offline"
# The commands' way back to the network: "run without --offline" (a miss; "… to fetch
# it again", a damaged record), "unset PAPERS_OFFLINE" (`Session.offline_miss`).
OFFLINE_HINT = re.compile(
    r"run without --offline(?: to fetch it again)?|unset (?:PAPERS_OFFLINE|network\.offline)")
# A search's papers the library lacks while offline (`reading.absent_warning`): "ID is
# not in the library (papers show ID fetches it)", "— run papers show ID", several
# "not in the library: A, B — papers show fetches them" (or without the hint).
ABSENT = re.compile(r"^(?P<said>\S+ is not in the library|not in the library: [^—]+?)"
                    r"(?: \(papers show(?: \S+)? fetches (?:it|them)\)"
                    r"| — (?:run )?papers show\b.*)?$")


# The commands' way to what a filter found nothing for: "did you mean --org acme-ai?"
# (`views._unknown_orgs`), "try --submitter alice" (`views._submitter_meant`), the value a
# shell word ('AI at Meta' quoted); by option, the filter that makes the line say it.
OPTION_MEANT = re.compile(r"(did you mean |try )--(org|submitter) (?:'([^']+)'|([^\s'?]+))")
SAID_OF = {"org": "org", "submitter": "author"}


def in_the_box(text: str, filters: FilterOptions) -> str:
    """The commands' "did you mean --org NAME?" and "try --submitter NAME" as the filter
    box takes them, `org:NAME`, `submitter:NAME` (a value of words in double quotes),
    where the box's query asked (not the browser's own --org or --author): typed in the
    box, "--org acme-ai" was searched as words, not as the organization."""
    def box(meant: re.Match[str]) -> str:
        if getattr(filters, SAID_OF[meant[2]]):
            return meant[0]  # (the command line's option: said as it is)
        value = meant[3] or meant[4]
        value = f'"{value}"' if " " in value else value
        return f"{meant[1]}{meant[2]}:{value}"

    return OPTION_MEANT.sub(box, text)


def weekend_keys(day: date, text: str) -> str:
    """The listings' weekend line ("papers day FRIDAY for the Friday before") in the
    browser's terms: the Friday is one or two presses of [ away."""
    from papercli.listings import weekend_line  # lazy: off the start-up path

    back = day.weekday() - 4
    if back < 1:
        return text
    friday = (day - timedelta(days=back)).isoformat()
    line = (f"{day.isoformat()} is a {day.strftime('%A')}: Daily Papers lists nothing on "
            f"weekends ([ {'twice ' if back > 1 else ''}goes back to Friday {friday})")
    for said in (weekend_line(day, " --offline"), weekend_line(day)):
        if said:
            text = text.replace(said, line)
    return text


def new_keys(hint: str) -> str:
    """`papers new`'s hint with no watches ("add one (papers watch add ...) or --all")
    in the browser's terms: --all is the `A` key, the watch a command to run after `q`."""
    from papercli.new import ADD_WATCH, OR_ALL

    return (hint.removesuffix(" " + OR_ALL).replace(f"({ADD_WATCH}", f"(q, then {ADD_WATCH}")
            + ", or press A for every new paper (papers browse new --all)")


def nothing_found(loaded: Loaded) -> str:
    """What the reading pane says when a view lists nothing, in the browser's terms: why,
    as the command says it on stderr (no starred papers yet, a weekend, nothing new), so
    it stays once its notification has gone; a filter of `-words` only searches for
    nothing (the command line says to use --exclude; here a word to look for is what is
    missing)."""
    view = loaded.view
    if view.kind == "search" and (loaded.none_found or not loaded.warnings):
        # (it said "Nothing to show."; after a warning on the query, the warning alone,
        # which never says that nothing matched: `'title:' left out`). The command's
        # no-match line, where it looked said as `papers search` says it ("no paper on
        # the Hub or in the library matches 'x'"; it said "No paper matches 'x' (0 from
        # the Hub, 0 in the library)", the heading's counts).
        none = loaded.none_found or f"no paper matches {quoted((view.arg or '').strip(), 80)}"
        return "\n".join(_sentence(line) for line in [*loaded.warnings, none])
    if view.kind != "filter" or not (view.arg or "").strip():
        # (a day, week or month the Hub listed nothing in said "Nothing to show.")
        return "\n".join(loaded.warnings) or loaded.none_found or "Nothing to show."
    from papercli.search import qualifiers, split_excluded  # lazy: off the start-up path

    query = (view.arg or "").strip()
    kept, left_out = split_excluded(query)
    if left_out and not kept.strip():
        return (f"{quoted(query, 80)} only leaves papers out, so nothing was searched for: type "
                f"a word to look for as well (llava {query[:40]}), or Esc for the list.")
    fields = qualifiers(query)
    if fields:  # (as `papers search` warns; the browser has no --author to point to)
        named = ", ".join(f"'{word}:'" for word in dict.fromkeys(fields))
        return (f"No paper in the library matches {quoted(query, 80)}: the filter has no "
                f"fields, so {named} was left out (titles, abstracts, AI keywords and "
                f"authors are all searched). Esc: back to the list.")
    # The command's lines for it: why there is nothing (every hit hidden, a tag no paper
    # carries: `views.why_none`), else its no-match line ("no paper in the library is
    # from arXiv"); it said "No paper in the library matches 'X'" whatever the reason.
    plain = loaded.none_found or (
        None if loaded.warnings else f"no paper in the library matches {quoted(query, 80)}")
    said = [_sentence(line) for line in [*loaded.warnings, *filter(None, [plain])]]
    return "\n".join(said) + " Esc: back to the list."


def _sentence(line: str) -> str:
    """A line of the commands' (lower case, no stop) as the pane's sentence: a question
    ("did you mean --org acme-ai?") ends at its mark (it read "acme-ai?. Esc: back")."""
    return line[:1].upper() + line[1:] + ("" if line.endswith((".", "?", "!")) else ".")


def view_meant(word: str, rest: str | None) -> str | None:
    """The view a word given where the view's name goes reads as, said as a command:
    a date (`browse 2026-08-20`, `yesterday`) is `browse day`'s, a week (`2026-W34`)
    and a month (`2026-08`, `aug`) theirs, a paper id `browse search`'s (which finds
    it), plain words a search (`browse llava`); None for anything else. It said "see
    papers browse --help", leaving the user to find the view among ten."""
    import re
    import shlex

    from papercli import periods  # lazy: only on this error
    from papercli.errors import PapersError
    from papercli.models import InvalidPaperId, normalize_id
    from papercli.words import keyword_shaped

    if not rest:
        for kind in ("day", "week", "month"):
            if kind == "week" and not re.fullmatch(r"(\d{4}-?)?w\d{1,2}", word):
                continue  # (`last`, `7d` read as weeks too: a day's word is no week)
            if kind == "month" and word in ("last", "this", "next"):
                continue
            try:
                periods.named(kind, word)
            except PapersError:  # (no period of this kind: the next)
                continue
            return f"papers browse {kind} {word}"  # (as typed: `day yesterday`)
    words = [word, *(rest or "").split()]
    try:
        ids = [normalize_id(w) for w in words]
    except InvalidPaperId:  # (not ids: words, perhaps)
        ids = []
    if ids:
        return f"papers browse search {' '.join(ids)}"
    if len(words) <= 3 and all(keyword_shaped(w, letter=False) for w in words):
        return f"papers browse search {shlex.join(words)}"
    return None


def extra_words_meant(kind: str, words: str) -> str | None:
    """What to do with words given to a view that takes none, as the commands say it
    (`papers today llava`): a day after `today` is `browse day`'s, up to three plain
    words are -k's (`-k llava`); None for anything else. It said only
    "browse today takes no argument (got 'llava')"."""
    from papercli import periods  # lazy: only on this error
    from papercli.errors import PapersError
    from papercli.words import keyword_shaped

    typed = words.split()
    if kind == "today" and len(typed) == 1:
        try:
            periods.named("day", typed[0])
        except PapersError:  # (no day: words, perhaps)
            pass
        else:
            return f"papers browse day {typed[0]}"
    if 0 < len(typed) <= 3 and all(keyword_shaped(word) for word in typed):
        return " ".join(f"-k {word}" for word in typed)
    return None


def check_view(view: View) -> View:
    """The view with its argument checked and normalised (UsageError if bad), so that a
    typo fails on the command line, before the screen is taken over."""
    from papercli import periods  # lazy: off the start-up path of `papers browse`
    from papercli.errors import UsageError  # lazy: off the start-up path of `papers browse`

    if view.kind not in KINDS or view.kind == "filter":
        from papercli.redaction import redact  # (a token cut short is not one to hide)
        from papercli.words import closest  # lazy: only on this error

        error = UsageError(f"cannot browse {quoted(view.kind)}",
                           hint="choose today, day, week, month, search, starred, new, "
                                "for-you, related or arxiv")
        # (the list made 119 columns: the close one, else where the list is)
        close = closest(view.kind, [k for k in KINDS if k != "filter"])
        meant = None if close else view_meant(view.kind, view.arg)
        from papercli.errors import QUOTED_WHOLE, quoting_shorter

        def said(shown: str) -> str:
            return f"cannot browse {shown}"

        # (a view of 21 letters was cut to 20: the hint is said briefer first)
        error.shorter = quoting_shorter(said, redact(view.kind), f"did you mean {close}?"
                                        if close else f"did you mean {meant}?" if meant
                                        else "papers browse --help lists what it "
                                        "browses", [*([(said, f"try {meant}"), (
                                                        lambda shown: f"no view {shown}",
                                                        f"try {meant}")] if meant else []),
                                                    (said, "see papers browse --help"), *(
            (lambda shown: f"no view {shown}", then)  # (the command just typed: --help,
            for then in ("see papers browse --help", *(  # for a view then said whole)
                ["see --help"] if len(view.kind) <= QUOTED_WHOLE else [])))])
        raise error
    if view.kind in ("day", "week", "month"):
        from papercli.listings import check_started  # lazy: off the start-up path

        if view.kind == "day" and view.arg is None:
            raise UsageError("browse day needs a DATE",
                             hint="e.g. papers browse day 2024-01-02")
        period = periods.named(view.kind, view.arg)
        check_started(period)  # (as `papers day` does, before the screen is taken over)
        return view._replace(arg=period.value)
    if view.kind == "search" and not (view.arg or "").strip():
        raise UsageError("browse search needs a QUERY", hint='e.g. papers browse search llava')
    if view.kind in ("for-you", "related") and view.sort:
        from papercli.views import no_sort  # lazy: only on this error

        raise no_sort(view.kind)  # (as `papers for-you --sort` says it)
    if view.kind == "related":
        from papercli.reading import parse_ids  # lazy: off the start-up path

        given = (view.arg or "").split()
        if not given:
            error = UsageError("browse related needs an ID",
                               hint="e.g. papers browse related 2401.01055")
            error.shorter = [(error.message, "papers browse related 2401.01055")]  # (81)
            raise error
        return view._replace(arg=" ".join(parse_ids(given)))
    if view.kind == "arxiv":
        from papercli import arxiv_listing  # lazy: off the start-up path
        from papercli.sources import arxiv_taxonomy  # lazy: likewise

        arxiv_listing.check_days(None, view.filters.since, view.filters.until)
        if view.arg:
            return view._replace(arg=" ".join(arxiv_taxonomy.validate(view.arg.split())))
    if view.kind in ("today", "starred", "new", "for-you") and view.arg:
        from papercli import watches  # lazy: only on this error

        watch = (watches.typed_as_argument(view.arg) if view.kind in ("new", "for-you")
                 else None)
        if watch is not None:  # (as `papers new llava` says it)
            raise watches.given_as_argument(watch, f"papers {view.kind}")
        # Words to do something with: said as the command says them ("extra argument
        # 'llava' — did you mean -k llava?"), else that the view takes none.
        meant = extra_words_meant(view.kind, view.arg)
        head = "extra arguments" if len(view.arg.split()) > 1 else "extra argument"
        error = (UsageError(f"{head} {quoted(view.arg)}", hint=f"did you mean {meant}?")
                 if meant else UsageError(f"browse {view.kind} takes no argument (got "
                                          f"{quoted(view.arg)})"))
        from papercli.redaction import redact  # (a token cut short is not one to hide)

        error.shorter = [*([(error.message, f"try {meant}")] if meant else []),
                         (f"browse {view.kind} takes no argument (got "
                          f"{quoted(redact(view.arg), 20)})", None)]
        raise error
    return view
