"""Keeping up: watchlists (in the config file), "what's new since I last looked", stars,
read marks and the URLs `papers open` opens. No command line here: the CLI parses, calls
these, and hands the results to output.

Watches live in `[watch.NAME]` tables of config.toml so they can be edited by hand; they are
validated here, with errors naming the file, the line and `watch.NAME.key`. Seen marks,
stars and read marks live in the user database (`papercli.userdb`), never in the cache.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from papercli import clock, paths
from papercli import periods as P
from papercli.config import MAX_COUNT, Config, Update, update_file, where
from papercli.errors import (
    ConfigError,
    HubError,
    OfflineMiss,
    PapersError,
    UsageError,
)
from papercli.models import InvalidPaperId, Paper, normalize_id

if TYPE_CHECKING:
    from papercli.core import Session
    from papercli.filters import Filter
    from papercli.store import Store
    from papercli.userdb import UserDB

LIST_KEYS = ("keyword", "family", "author", "exclude", "org", "submitter")
COUNT_KEYS = ("min_upvotes", "min_stars")
WATCH_KEYS = (*LIST_KEYS, *COUNT_KEYS, "has_code")
# After a long break `papers new` looks back at most this far, day by day: a request per
# day, and a digest of three months is already more than anyone reads.
MAX_NEW_DAYS = 90
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_NAME = re.compile(r"^\w[\w+-]*$")


# -- watches -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Watch:
    name: str
    keyword: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_upvotes: int | None = None
    org: tuple[str, ...] = ()
    submitter: tuple[str, ...] = ()
    min_stars: int | None = None
    has_code: bool = False

    @property
    def has_criteria(self) -> bool:
        """Whether it narrows anything down (an exclude alone would match nearly all)."""
        return bool(self.keyword or self.family or self.author or self.min_upvotes
                    or self.org or self.submitter or self.min_stars is not None
                    or self.has_code)

    def table(self) -> dict[str, Any]:
        """The `[watch.NAME]` table written to the config file (empty keys left out)."""
        out: dict[str, Any] = {k: list(getattr(self, k)) for k in LIST_KEYS if getattr(self, k)}
        for key in COUNT_KEYS:
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.has_code:
            out["has_code"] = True
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, **{k: list(getattr(self, k)) for k in LIST_KEYS},
                "min_upvotes": self.min_upvotes, "min_stars": self.min_stars,
                "has_code": self.has_code}

    def describe(self) -> str:
        """'family LLaVA · keyword quantization' — the same words as a filter title."""
        parts: list[str] = []
        if self.family:
            parts.append("family " + " or ".join(self.family))
        if self.keyword:
            parts.append("keyword " + " and ".join(self.keyword))
        if self.author:
            parts.append("author " + " or ".join(self.author))
        if self.exclude:
            parts.append("excluding " + ", ".join(self.exclude))
        if self.min_upvotes:
            parts.append(f"≥{self.min_upvotes} upvotes")
        if self.org:
            parts.append("org " + " or ".join(self.org))
        if self.has_code:
            parts.append("with code")
        if self.min_stars is not None:
            parts.append(f"≥{self.min_stars} stars")
        if self.submitter:
            parts.append("submitted by " + " or ".join(self.submitter))
        return " · ".join(parts)


def key_path(name: str, key: str | None = None) -> str:
    """`watch.NAME.key`, quoting NAME the way TOML would."""
    part = name if _BARE_KEY.match(name) else '"' + name.replace('"', '\\"') + '"'
    return f"watch.{part}" + (f".{key}" if key else "")


def parse_watch(name: str, entry: Any, config: Config) -> Watch:
    """One `[watch.NAME]` table, type-checked; errors name the file, line and key."""

    def fail(key: str | None, problem: str) -> ConfigError:
        path = key_path(name, key)
        return ConfigError(
            f"{where(config.path, path)}: {path} {problem}",
            hint="fix it in the file, or remove it with `papers watch rm`",
        )

    if not isinstance(entry, Mapping):
        return_type = type(entry).__name__
        raise fail(None, f"must be a table like [{key_path(name)}], got {return_type}")
    for key in entry:
        if key not in WATCH_KEYS:
            raise fail(str(key), f"is not a watch key (expected {', '.join(WATCH_KEYS)})")
    lists: dict[str, tuple[str, ...]] = {}
    for key in LIST_KEYS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f'must be a list of strings, e.g. {key} = ["word"], got {value!r}')
        words = tuple(v.strip() for v in value if v.strip())
        if len(words) != len(value):
            raise fail(key, "must not contain empty strings")
        lists[key] = words
    counts: dict[str, int | None] = {}
    for key in COUNT_KEYS:
        minimum = entry.get(key)
        if minimum is not None and (
            isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0
            or minimum > MAX_COUNT
        ):
            raise fail(key, f"must be a whole number from 0 to {MAX_COUNT}, "
                            f"got {str(minimum)[:40]}")
        counts[key] = minimum
    has_code = entry.get("has_code", False)
    if not isinstance(has_code, bool):
        raise fail("has_code", f"must be true or false, got {str(has_code)[:40]}")
    watch = Watch(name=name, has_code=has_code, **counts, **lists)  # type: ignore[arg-type]
    if not watch.has_criteria:
        raise fail(None, "needs keyword, family, author, org, submitter, has_code, "
                         "min_upvotes or min_stars (it would match every paper; "
                         "`papers new --all` shows everything)")
    return watch


def watches(config: Config) -> list[Watch]:
    """Every watch in the config file, in file order."""
    return [parse_watch(str(name), entry, config) for name, entry in config.watch_table.items()]


def check_name(name: str) -> str:
    text = name.strip()
    if not _NAME.match(text) or len(text) > 64:
        raise UsageError(
            f"invalid watch name {name!r}",
            hint="use letters, digits, '_', '-' or '+' (e.g. llava-quant)",
        )
    return text


def watch_filter(session: Session, watch: Watch) -> Filter:
    """The watch as a listing filter; an unknown family is a config error naming the key."""
    from papercli import core

    try:
        return core.make_filter(
            session, families=watch.family, keywords=watch.keyword, excludes=watch.exclude,
            authors=watch.author, min_upvotes=watch.min_upvotes, orgs=watch.org,
            has_code=watch.has_code, min_stars=watch.min_stars, submitters=watch.submitter,
        )
    except UsageError as exc:
        path = key_path(watch.name, "family")
        raise ConfigError(
            f"{where(session.config.path, path)}: {path}: {exc.message}", hint=exc.hint
        ) from None


def add_watch(session: Session, watch: Watch, *, replace: bool = False
              ) -> tuple[Watch, Update]:
    """Validate (at least one criterion, families known) and write `[watch.NAME]`, with
    family aliases stored as their canonical names. Returns the watch as written."""
    from dataclasses import replace as with_

    from papercli import core

    if not watch.has_criteria:
        raise UsageError(
            "a watch needs at least one of --keyword, --family, --author, --org, "
            "--submitter, --has-code, --min-upvotes, --min-stars",
            hint=f"e.g. papers watch add {watch.name} --keyword {watch.name}",
        )
    # Unknown families are a usage error here, before anything is written.
    watch = with_(watch, family=core.make_filter(session, families=watch.family).families)
    existing = session.config.watch_table
    if watch.name in existing and not replace:
        raise UsageError(
            f"a watch named {watch.name!r} exists",
            hint="use --replace to redefine it, or `papers watch rm` first",
        )

    def change(data: dict[str, Any]) -> None:
        table = data.setdefault("watch", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{where(session.config.path, 'watch')}: [watch] must be a table")
        table[watch.name] = watch.table()

    return watch, update_file(session.config.path, change)


def remove_watches(config: Config, names: Sequence[str]) -> Update:
    """Remove `[watch.NAME]` tables; every name is checked before the file is touched."""
    for name in names:
        if name not in config.watch_table:
            known = ", ".join(config.watch_table) or "none defined"
            raise UsageError(f"no watch named {name!r}", hint=f"watches: {known}")

    def change(data: dict[str, Any]) -> None:
        table = data.get("watch")
        if isinstance(table, dict):
            for name in names:
                table.pop(name, None)
            if not table:
                del data["watch"]

    return update_file(config.path, change)


def watch_counts(session: Session) -> list[tuple[Watch, int]]:
    """Each watch with the number of library papers it matches (no network)."""
    from papercli.search import browse

    store = session.store()
    return [
        (w, browse(store, watch_filter(session, w), limit=1)[1]) for w in watches(session.config)
    ]


# -- the user database ---------------------------------------------------------------------


def open_userdb() -> UserDB:
    from papercli.userdb import UserDB

    return UserDB.open(paths.user_db_path())


def parse_ids(texts: Sequence[str]) -> list[str]:
    """Paper ids from the command line, normalised and de-duplicated (UsageError if bad)."""
    out: list[str] = []
    for text in texts:
        try:
            pid = normalize_id(text)
        except InvalidPaperId:
            raise UsageError(
                f"{text!r} is not an arXiv id or paper URL", hint="e.g. 2401.01055"
            ) from None
        if pid not in out:
            out.append(pid)
    return out


def restore_starred(store: Store, paper_id: str) -> Paper | None:
    """A starred paper missing from the library (after `cache clear`): put its snapshot
    back, stamped as old so any fetch wins. None when it is not starred."""
    from papercli.store import IMPORTED_AT
    from papercli.userdb import UserDB

    path = paths.user_db_path()
    if not path.is_file():
        return None
    try:
        with UserDB.open(path) as udb:
            star = udb.star_of(paper_id)
    except PapersError:
        return None  # the commands that own the user database report it
    if star is None:
        return None
    store.upsert_papers([star.paper], fetched_at=IMPORTED_AT)
    return store.get_paper(paper_id)


# -- stars and read marks ------------------------------------------------------------------


@dataclass
class StarResult:
    added: list[str]
    refreshed: list[str]


def star(session: Session, udb: UserDB, ids: Sequence[str]) -> StarResult:
    """Star papers with a snapshot of their full record. Every record is obtained first
    (library, else the Hub), so one unknown id stars nothing."""
    from papercli import core

    records = [core.get_paper(session, pid).paper for pid in ids]
    added = udb.star(records)
    return StarResult(added, [pid for pid in ids if pid not in added])


@dataclass
class Starred:
    paper: Paper
    starred_at: str
    read_at: str | None


def starred(session: Session, udb: UserDB, flt: Filter, *, unread: bool = False
            ) -> list[Starred]:
    """The reading list, most recently starred first. The library's record wins when it
    has one (fresher counts); otherwise the snapshot, with families recomputed."""
    stars = udb.stars()
    marks = udb.read_marks(s.paper.id for s in stars)
    store = session.store()
    matcher = session.matcher
    out: list[Starred] = []
    for item in stars:
        paper = store.get_paper(item.paper.id)
        if paper is None:
            snap = item.paper
            paper = snap.with_families(matcher.match(snap.title, snap.summary, snap.ai_keywords))
        read_at = marks.get(paper.id)
        if unread and read_at:
            continue
        if flt.matches(paper):
            out.append(Starred(paper, item.starred_at, read_at))
    return out


# -- papers open ---------------------------------------------------------------------------

LINKS = ("hf", "arxiv", "pdf", "code")


def paper_url(session: Session, paper_id: str, which: str = "hf") -> str:
    """The URL to open; only the code link needs the paper's record."""
    if which == "arxiv":
        return f"https://arxiv.org/abs/{paper_id}"
    if which == "pdf":
        return f"https://arxiv.org/pdf/{paper_id}"
    if which == "code":
        from papercli import core

        paper = core.get_paper(session, paper_id).paper
        if not paper.github_repo:
            raise PapersError(
                f"paper {paper_id} has no code link on the Hub",
                hint=f"try `papers open {paper_id}` for its page",
            )
        return paper.github_repo
    return f"{session.endpoint}/papers/{paper_id}"


# -- papers new ----------------------------------------------------------------------------

OTHER = "other"  # the group of --all papers that match no watch


@dataclass
class NewItem:
    paper: Paper
    day: str
    position: int  # in the Hub's listing of that day
    watches: list[str]


@dataclass
class NewResult:
    groups: list[tuple[str, list[NewItem]]]
    watches: list[Watch]
    start: date
    end: date
    first_use: bool
    next_start: date  # where the next run starts: the first day not read in full
    days: int
    missing: list[date] = field(default_factory=list)  # days neither fetched nor cached
    cached_only: bool = False  # offline, or the Hub failed part-way
    capped: bool = False
    warnings: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def items(self) -> list[NewItem]:
        return [item for _, items in self.groups for item in items]


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


def find_new(
    session: Session,
    udb: UserDB,
    *,
    flt: Filter,
    show_all: bool = False,
    sort: str | None = None,
    withdrawn: bool = False,
) -> NewResult:
    """Read each day's listing from the checkpoint to today (fetch-or-cache), keep papers
    matching a watch (or all) and the filter that `papers new` has not shown before,
    grouped by their first matching watch, newest day first. Withdrawn papers are left
    out unless `withdrawn` (there is nothing new to read in them). Records nothing."""
    from papercli import core

    wl = watches(session.config)
    if not wl and not show_all:
        raise UsageError(
            "no watches defined, so nothing to look for",
            hint="add one (papers watch add llava --family LLaVA) or use --all",
        )
    wfilters = [(w, watch_filter(session, w)) for w in wl]
    start, first, capped = new_window(udb, int(session.config.get("new.first_days")))
    today = clock.today()
    days = [start + timedelta(days=i) for i in range((today - start).days + 1)]
    result = NewResult(
        groups=[], watches=wl, start=start, end=today, first_use=first,
        next_start=today, days=len(days),
        capped=capped, cached_only=session.offline,
    )
    first_error: HubError | None = None
    found: dict[str, NewItem] = {}
    for day in days:  # oldest first: a paper listed twice belongs to its first day
        try:
            try:
                listing = core.get_listing(session, P.day(day))
            except HubError as exc:
                # The Hub is down: no more retries per day, read what is cached.
                first_error = first_error or exc
                session.offline = result.cached_only = True
                listing = core.get_listing(session, P.day(day))
        except OfflineMiss:
            result.missing.append(day)
            result.next_start = min(result.next_start, day)
            continue
        result.requests += listing.requests
        if listing.fetched_at is None or clock.parse_iso(listing.fetched_at).date() <= day:
            # Fetched before the day was over: it may still grow, so read it again.
            result.next_start = min(result.next_start, day)
        if listing.stale:
            if not result.cached_only:
                result.warnings.append(listing.stale)
            session.offline = result.cached_only = True
        for position, paper in enumerate(listing.papers):
            # A paper listed again later stays under the day it first appeared.
            found.setdefault(paper.id, NewItem(paper, day.isoformat(), position, []))
    if len(result.missing) == len(days):
        if first_error is not None:
            raise first_error
        raise OfflineMiss(
            f"no daily listing from {start} to {today} in the local library",
            hint="run `papers new` without --offline to fetch them",
        )
    if first_error is not None:
        result.warnings.append(f"{first_error.message}; showing what is cached")
    seen = udb.seen(found)
    groups: dict[str, list[NewItem]] = {w.name: [] for w in wl}
    if show_all:
        groups[OTHER] = []
    for pid, item in found.items():
        if pid in seen or not flt.matches(item.paper):
            continue
        if item.paper.withdrawn and not withdrawn:
            continue
        item.watches = [w.name for w, f in wfilters if f.matches(item.paper)]
        if item.watches:
            groups[item.watches[0]].append(item)
        elif show_all:
            groups[OTHER].append(item)
    for items in groups.values():
        items.sort(key=lambda i: (i.day, -i.position), reverse=True)
        if sort in ("upvotes", "new", "stars"):
            ordered = core.order([i.paper for i in items], sort)
            rank = {p.id: n for n, p in enumerate(ordered)}
            items.sort(key=lambda i: rank[i.paper.id])
    result.groups = [(name, items) for name, items in groups.items() if items]
    return result


def record_new(udb: UserDB, result: NewResult, shown: Sequence[NewItem]) -> None:
    """After a successful `papers new`: the papers shown are seen, and the next run starts
    at the first day not read, or the oldest day of a paper --limit held back, or today."""
    shown_ids = {i.paper.id for i in shown}
    start = min([result.next_start, *(date.fromisoformat(i.day) for i in result.items
                                      if i.paper.id not in shown_ids)])
    udb.record_check(list(shown_ids), start.isoformat())
