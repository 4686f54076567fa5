"""The library's queries: one SQLite file of papers and the listings they appeared in.

Opening, recovery and the write discipline are in `connection.py`, the schema in
`schema.py`, row checking in `records.py`; this module is what the rest of papercli asks
the library (`Store`), and the only place its SQL is written.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from papercli import clock
from papercli.db import complete, records
from papercli.db.connection import (
    Database,
    ReadOnly,
    Unusable,
    check_read_only_schema,
    in_chunks,
    lenient,
    lenient_stream,
    move_aside,
    open_checked,
    open_read_only,
    saying,
    storage_error,
    unwritable,
)
from papercli.db.records import COLUMNS, row_to_paper, rows_to_papers
from papercli.db.schema import (
    IMPORTED_AT,
    PAPER_COLUMNS,
    REPAIRED_AT,
    migrations,
    words,
)
from papercli.db.search import LibraryReads
from papercli.errors import StoreError
from papercli.models import SOURCES, Account, Paper, listed_after, listed_later

if TYPE_CHECKING:
    from papercli.linked import Links

FamiliesFn = Callable[[Paper], list[str]]




_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _list(items: Sequence[str] | Sequence[Account]) -> str:
    """schema.list_json without json.dumps' per-call set-up (three lists per paper)."""
    return _ENCODE(list(items)) if items else "[]"


def _plain(text: str | None) -> str | None:
    return text


def _listing_info(row: Sequence[Any] | None) -> ListingInfo | None:
    """A listings row, checked: a bad key makes no listing; a bad fetch time makes it
    stale (fetched again when next needed), a bad count 0."""
    if row is None:
        return None
    key, kind, fetched_at, count, source = row
    if type(key) is not str or type(kind) is not str:
        records.note("library.db", f"listing {key!r}", skipped=True)
        return None
    when, ok_when = records.timestamp(fetched_at)
    number, ok_count = records.count(count)
    origin, ok_source = records.text_or_none(source)
    if not (ok_when and when is not None and ok_count and ok_source):
        records.note("library.db", f"listing {key}", skipped=False)
    return ListingInfo(key, kind, when or REPAIRED_AT, number, origin)


def _sources_union() -> str:
    """The sorted union of the stored and the incoming `sources` words, in SQL."""
    both = "(' ' || papers.sources || ' ' || excluded.sources || ' ')"
    parts = " || ".join(f"CASE WHEN instr({both}, ' {name} ') THEN ' {name}' ELSE '' END"
                        for name in SOURCES)
    return f"ltrim({parts})"


def _has_hf(sources: str) -> str:
    """Whether a `sources` column (space-separated words) holds "hf", in SQL."""
    return f"instr(' ' || {sources} || ' ', ' hf ')"


# A paper's authors: the Hub's once it has listed the paper, whichever source wrote last
# (an arXiv record after the Hub's kept the Hub's byline; arXiv's fill in until then, or
# when the Hub gave none). They go with the Hub's `author_accounts`, which name each
# author as its byline does, and every view reads this one value.
_AUTHORS = (f"CASE WHEN excluded.authors != '[]' AND ({_has_hf('excluded.sources')} "
            f"OR NOT {_has_hf('papers.sources')} OR papers.authors = '[]') "
            "THEN excluded.authors ELSE papers.authors END")


def _title_rank(row: str) -> str:
    """How well a record's source knows a title, in SQL: arXiv's own (3: the API, the
    RSS, the snapshot: the current version's, as the authors last set it) over the Hub's
    (2: as its submitter typed it) over a file's (1: a reference manager's, a citation
    style may have recased it)."""
    return (f"CASE WHEN instr(' ' || {row}.sources || ' ', ' arxiv ') THEN 3 "
            f"WHEN {_has_hf(f'{row}.sources')} THEN 2 ELSE 1 END")


def _imported(row: str) -> str:
    """Whether a record stands for an import (`papers import`, a star restored), not a
    fetch: its time is an import's or a repair's placeholder (`STAMP_FETCHED`)."""
    return f"{row}.fetched_at <= '{REPAIRED_AT}'"


# Which of two records of a paper is the one kept, when a paper is listed on two days
# (Daily Papers lists a few twice, each listing with its own upvotes and comments): the
# later listing's (its listing time, `submitted_at`), whichever was fetched or imported
# last; of two records of one listing (or one that says no listing time), the newer
# fetch's. The same rule as `models.listed_after`, which picks between two records of
# one answer or batch. The last writer had won: a sync's parallel periods left either
# listing's upvotes, and a --refresh said "updated" of papers nothing had changed.
_KEPT = ("CASE WHEN excluded.submitted_at IS NOT NULL AND papers.submitted_at IS NOT NULL "
         "AND excluded.submitted_at != papers.submitted_at "
         "THEN excluded.submitted_at > papers.submitted_at "
         "ELSE excluded.fetched_at >= papers.fetched_at END")
# The stored record is a later listing's than the one coming in (`_KEPT` false for
# that reason alone): what the Hub says of the paper beside its counts (its submitter,
# organization, AI summary, links…) is the stored record's, the incoming one only
# filling in what it lacks (`_stored_first`), so either order leaves the same record.
_EARLIER = ("(excluded.submitted_at IS NOT NULL AND papers.submitted_at IS NOT NULL "
            "AND excluded.submitted_at < papers.submitted_at)")
# The listing time that goes with it: the later one known.
_LISTED = ("CASE WHEN excluded.submitted_at IS NOT NULL AND (papers.submitted_at IS NULL "
           "OR excluded.submitted_at > papers.submitted_at) THEN excluded.submitted_at "
           "ELSE papers.submitted_at END")


# A paper's title when two sources give it differently (the Hub's and arXiv's listing,
# an imported file): the best source's (`_title_rank`), of two as good the kept
# record's (`_KEPT`: a later listing's, else the newer fetch's); a user's import never
# replaces a title a fetch gave (an old export imported again set back a title arXiv had
# since corrected). It had been the last writer's, so the title changed back and forth
# between a sync and `papers arxiv`.
_TITLE = (f"CASE WHEN {_imported('excluded')} AND NOT {_imported('papers')} "
          "THEN papers.title "
          f"WHEN {_title_rank('excluded')} > {_title_rank('papers')} THEN excluded.title "
          f"WHEN {_title_rank('excluded')} = {_title_rank('papers')} AND {_KEPT} "
          "THEN excluded.title ELSE papers.title END")


def _stored_first(merge: str) -> str:
    """A merge that prefers the incoming record's value (`COALESCE(excluded.x,
    papers.x)`, `CASE WHEN excluded.x != '' …`) made one that prefers the stored
    record's, the incoming one filling in where it has none: the two rows swapped."""
    return (merge.replace("excluded.", "\0").replace("papers.", "excluded.")
            .replace("\0", "papers."))


# The Hub's fields of a paper beside its counts, listing time and title (`_EARLIER`)
# (and the families found in them: `_write_rows` keeps the stored ones' rows too)
_HUB_FIELDS = ("summary", "authors", "published_at", "github_repo", "project_page",
               "ai_summary", "ai_keywords", "families", "submitter", "withdrawn_at",
               "thumbnail", "org_name", "org_fullname", "num_models", "num_datasets",
               "num_spaces", "author_accounts")


def _upsert_sql(with_comments: bool, from_hub: bool = True) -> str:
    """Insert or merge one paper. A source without a comment count (`/api/papers/{id}`)
    never turns a known count into 0: such rows keep the stored count. A record from arXiv
    (`from_hub` False) knows no upvotes, stars or Hub fields, so it keeps the stored ones,
    and its announcement day never replaces a known arXiv date; a Hub record knows no
    categories, version or DOI, so the stored ones stay (COALESCE). Of two dates arXiv
    gave for a paper the Hub has not seen, the earlier stays: the RSS knows only the day
    a paper was announced, the API and the snapshot v1's date, which is always before.
    Authors are the Hub's once it has listed the paper (`_AUTHORS`), the title the best
    source's (`_TITLE`). Of two Hub records, the counts and the listing time are the
    kept record's (`_KEPT`): a paper listed on two days has its later listing's."""
    newer = _KEPT
    comments = (f"CASE WHEN {newer} THEN excluded.comments ELSE papers.comments END"
                if with_comments else "papers.comments")
    upvotes = (f"CASE WHEN {newer} THEN excluded.upvotes ELSE papers.upvotes END"
               if from_hub else "papers.upvotes")
    published = ("COALESCE(excluded.published_at, papers.published_at)" if from_hub
                 else "CASE WHEN papers.sources = 'arxiv' AND excluded.published_at < "
                      "papers.published_at THEN excluded.published_at "
                      "ELSE COALESCE(papers.published_at, excluded.published_at) END")
    stars = (f"""CASE WHEN excluded.github_stars IS NOT NULL AND ({newer}
                       OR papers.github_stars IS NULL)
                     THEN excluded.github_stars ELSE papers.github_stars END"""
             if from_hub else "papers.github_stars")
    org = "excluded.org_name IS NOT NULL OR excluded.org_fullname IS NOT NULL"
    merged = {
        "title": _TITLE,
        "summary": "CASE WHEN excluded.summary != '' THEN excluded.summary ELSE papers.summary END",
        "authors": _AUTHORS,
        "published_at": published,
        "submitted_at": (_LISTED if from_hub
                         else "COALESCE(papers.submitted_at, excluded.submitted_at)"),
        "upvotes": upvotes,
        "comments": comments,
        "github_repo": "COALESCE(excluded.github_repo, papers.github_repo)",
        "project_page": "COALESCE(excluded.project_page, papers.project_page)",
        "ai_summary": "COALESCE(excluded.ai_summary, papers.ai_summary)",
        "ai_keywords": "CASE WHEN excluded.ai_keywords != '[]' THEN excluded.ai_keywords "
                       "ELSE papers.ai_keywords END",
        "families": "excluded.families",
        "github_stars": stars,
        "submitter": "COALESCE(excluded.submitter, papers.submitter)",
        "withdrawn_at": "COALESCE(excluded.withdrawn_at, papers.withdrawn_at)",
        "thumbnail": "COALESCE(excluded.thumbnail, papers.thumbnail)",
        "org_name": f"CASE WHEN {org} THEN excluded.org_name ELSE papers.org_name END",
        "org_fullname": f"CASE WHEN {org} THEN excluded.org_fullname "
                        "ELSE papers.org_fullname END",
        "categories": "CASE WHEN excluded.categories != '' THEN excluded.categories "
                      "ELSE papers.categories END",
        "primary_category": "COALESCE(excluded.primary_category, papers.primary_category)",
        "version": "COALESCE(excluded.version, papers.version)",
        "updated_at": "COALESCE(excluded.updated_at, papers.updated_at)",
        "comment": "COALESCE(excluded.comment, papers.comment)",
        "journal_ref": "COALESCE(excluded.journal_ref, papers.journal_ref)",
        "doi": "COALESCE(excluded.doi, papers.doi)",
        "sources": _sources_union(),
        "num_models": "COALESCE(excluded.num_models, papers.num_models)",
        "num_datasets": "COALESCE(excluded.num_datasets, papers.num_datasets)",
        "num_spaces": "COALESCE(excluded.num_spaces, papers.num_spaces)",
        # Only the Hub links authors to accounts: arXiv's record, or a re-import of an
        # exported file, knows none, and leaves the ones the Hub gave.
        "author_accounts": "CASE WHEN excluded.author_accounts != '[]' "
                           "THEN excluded.author_accounts ELSE papers.author_accounts END",
        "fetched_at": "MAX(excluded.fetched_at, papers.fetched_at)",
    }
    assert set(merged) == {*COLUMNS, "fetched_at"} - {"id"}, "every column is merged"
    if from_hub:
        for column in _HUB_FIELDS:
            merged[column] = (f"CASE WHEN {_EARLIER} THEN {_stored_first(merged[column])} "
                              f"ELSE {merged[column]} END")
    marks = ", ".join("?" for _ in range(len(COLUMNS) + 1))
    content = [column for column in merged if column != "fetched_at"]
    # The WHERE leaves a row whose content the merge would not change alone: no write, no
    # search queue entry to re-index, and the cursor's rowcount counts only real changes
    # (a later fetch time alone is none: a --refresh of a quiet range said every paper
    # was "updated"). A row only an import or a repair stood for takes a real fetch's
    # time all the same, by STAMP_FETCHED after it, without being counted.
    return f"""INSERT INTO papers ({PAPER_COLUMNS}, fetched_at)
    VALUES ({marks})
    ON CONFLICT(id) DO UPDATE SET
      {", ".join(f"{column} = {value}" for column, value in merged.items())}
    WHERE ({", ".join(f"papers.{column}" for column in content)})
      IS NOT ({", ".join(merged[column] for column in content)})"""


UPSERT = _upsert_sql(True)
# A paper the library does not have yet (looked up in the same write transaction): a
# plain insert, which with no trigger on the insert runs at about half an upsert's cost.
INSERT_NEW = (f"INSERT INTO papers ({PAPER_COLUMNS}, fetched_at) VALUES "
              f"({', '.join('?' for _ in range(len(COLUMNS) + 1))})")
UPSERT_KEEP_COMMENTS = _upsert_sql(False)
UPSERT_ARXIV = _upsert_sql(False, from_hub=False)
# Known papers only an import or a repair stood for (their placeholder times sort first)
# take a real fetch's time, so an older import never wins over it (`newer` above). Apart
# from the upsert, whose rowcount is what a sync says was "updated": a synced copy of an
# imported library said every paper it fetched again was updated, and none had changed.
STAMP_FETCHED = (f"UPDATE papers SET fetched_at = ? WHERE fetched_at <= '{REPAIRED_AT}' "
                 "AND id IN (SELECT value FROM json_each(?))")


class ListingInfo:
    """One cached listing's row. A plain class, not a NamedTuple: `count` would shadow
    tuple.count."""

    __slots__ = ("count", "fetched_at", "key", "kind", "source")

    def __init__(
        self, key: str, kind: str, fetched_at: str, count: int, source: str | None = None
    ) -> None:
        self.key = key
        self.kind = kind
        self.fetched_at = fetched_at
        self.count = count
        self.source = source

    @property
    def premature(self) -> bool:
        """A day listing fetched before its day began (filed empty from a week or month
        fetched part-way through it, as papercli once did): it says nothing of the day,
        so it is as good as not cached, never an empty day."""
        return self.kind == "day" and before_its_day(self.key[4:], self.fetched_at)


def before_its_day(day: str, fetched_at: str) -> bool:
    """Whether a listing of `day` (YYYY-MM-DD) was fetched before that day began (UTC);
    an import's or a repair's placeholder time is not a fetch."""
    return fetched_at not in (IMPORTED_AT, REPAIRED_AT) and day > fetched_at[:10]


# `papers sync --arxiv`'s marks in `meta`, one per category and day, each the time it was
# made (sync.py): SYNCED a day stored whole once settled (a rerun skips it), FETCHED one
# stored before it settled (asked again by the next sync). Trends reads both as the
# one-day listing of that category they amount to (db/trends.listed_days).
SYNCED_MARK = "arxiv-sync"
FETCHED_MARK = "arxiv-sync-fetched"


def sync_mark(kind: str, category: str, day: date) -> str:
    """The meta key of a sync mark: `arxiv-sync:cs.CL:2026-08-03`."""
    return f"{kind}:{category}:{day.isoformat()}"


class WriteResult(NamedTuple):
    """Papers a write added, changed, and found already stored exactly as merged."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def known(self) -> int:
        """The papers the library had already, changed or not (what a sync refreshed)."""
        return self.updated + self.unchanged


class Tally:
    """Each paper once over several writes (a sync's periods): added when the first write
    of it found it new, updated when any write of it changed it, else unchanged. Counted
    by the write of it that settled it, so a paper listed in two periods, the first of
    which found it as stored and the second changed (its later listing's upvotes), is
    updated, not unchanged: a sync's summary undercounted its "updated" by such papers."""

    __slots__ = ("added", "unchanged", "updated")

    def __init__(self) -> None:
        self.added: set[str] = set()
        self.updated: set[str] = set()
        self.unchanged: set[str] = set()  # known, and no write of them changed them yet

    def settled(self, paper_id: str) -> bool:
        """Whether no later write can change how the paper is counted."""
        return paper_id in self.added or paper_id in self.updated

    def found(self, paper_id: str, *, new: bool, changed: bool) -> None:
        """One write of the paper: new to the library, or known and changed (or not)."""
        if self.settled(paper_id):
            return
        if paper_id in self.unchanged:  # (new again: gone from the library meanwhile and
            if changed:                 # stored again, counted as it was)
                self.unchanged.discard(paper_id)
                self.updated.add(paper_id)
        elif new:
            self.added.add(paper_id)
        else:
            (self.updated if changed else self.unchanged).add(paper_id)

    def counts(self) -> WriteResult:
        return WriteResult(len(self.added), len(self.updated), len(self.unchanged))



# For a bulk load: a bigger page cache (64 MiB: the id and date indexes of a million
# papers stay in memory; the search index's writer takes as much again) and fewer, larger
# WAL checkpoints (64 MiB). Neither weakens what a kill or a crash leaves: every batch is
# still one committed transaction (WAL, synchronous=NORMAL).
BULK_PRAGMAS = ("PRAGMA cache_size = -65536", "PRAGMA wal_autocheckpoint = 4096")


class Store(LibraryReads):
    """The library. Open with `Store.open(path)`; use as a context manager."""

    label = "the library"
    offline_reads = True
    _bulk = False  # tuned for a bulk load (`for_bulk_load`)

    def __init__(self, conn: sqlite3.Connection, path: Path, moved_aside: Path | None = None):
        super().__init__(conn, path)
        self.moved_aside = moved_aside
        self.families_fn: FamiliesFn | None = None
        # What a slow step says while it works (the session's status line; None: nothing)
        self.progress: Callable[[str | None], None] | None = None
        # What the library must tell the user, once (the session's notices; None: no one
        # to tell), as "the search index … is unreadable; rebuilding it from the library"
        self.notify: Callable[[str], None] | None = None
        # Long text is stored compressed (records.pack), except while an FTS5 index that
        # reads the columns as stored is still there.
        self.packed = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'papers_fts'").fetchone() is None

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> Store:
        """Open the library (a missing one is created by the first write, or now with
        `create`); an unreadable file is moved aside and replaced. On a read-only disk or
        folder it is opened read-only: reads work, writes say why."""
        what = f"the library {path}"
        blocked = unwritable(path)
        empty = cls.stand_in(path, blocked, migrations)
        if empty is not None:
            return empty
        if not create and not path.exists() and not path.is_symlink():
            # (made by the first write: `papers today --offline`, `show`, `starred` or a
            # fetch the Hub refused left an empty library.db in a fresh home)
            return cls.unborn(path, migrations, lambda: cls.open(path, create=True))
        if blocked is not None:
            return cls._open_read_only(path, *blocked)
        moved: Path | None = None
        try:
            conn = open_checked(path)
        except Unusable as unusable:
            moved = move_aside(path, unusable.inode)
            try:
                conn = open_checked(path)
            except Unusable:
                raise StoreError(
                    f"the library {path} keeps being replaced by something unreadable",
                    hint=f"check what else writes to {path.parent}",
                ) from None
        except ReadOnly as reason:
            try:
                return cls._open_read_only(path, str(reason))
            except StoreError:
                # Not even readable as it is: say what stopped the write, if we know.
                if reason.problem is None:
                    raise
                raise reason.problem from None
        try:
            migrations.apply(conn, what, cls.label)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise storage_error(exc, what, path) or StoreError(
                f"cannot prepare {what}: {exc}") from None
        return cls(conn, path, moved)

    def _adopt(self, born: Database) -> None:
        """The file opened in the stand-in's place: by another papers process meanwhile,
        it may hold papers of an earlier papercli (`packed`) or have been moved aside;
        a bulk load's tuning is the connection's, so it is given to the file's too."""
        super()._adopt(born)
        self.packed = getattr(born, "packed", self.packed)
        self.moved_aside = getattr(born, "moved_aside", None)
        if self.moved_aside is not None and self.notify is not None:
            self.notify(f"the library file was unreadable; moved it to {self.moved_aside} "
                        "and started a new one")
        if self._bulk:
            self.for_bulk_load()

    @classmethod
    def _open_read_only(cls, path: Path, reason: str, fix: Path | None = None) -> Store:
        what = f"the library {path}"
        conn = open_read_only(path, what)
        try:
            # (no `fix`: SQLite found the file itself read-only, or a full disk, which
            # `open` says instead)
            check_read_only_schema(conn, migrations, what, reason, fix or path,
                                   label=cls.label, path=path)
        except BaseException:
            conn.close()
            raise
        store = cls(conn, path)
        store.read_only = reason
        store.read_only_path = fix
        return store

    # -- writes --------------------------------------------------------------------

    def _upsert(self, papers: Iterable[Paper], fetched_at: str,
                fed: list[Paper] | None = None, *, bulk: bool = False,
                tally: Tally | None = None) -> WriteResult:
        """Insert or merge papers; counts from the newer fetch win, empty fields never
        overwrite filled ones (a search hit has no AI summary, the paper page does).
        `fed`: the new papers, as stored (families set), are appended to it. `bulk`: the
        new papers are queued for the search index in one statement (`_queued_in_bulk`).
        `tally`: each paper's count over the caller's writes (a sync's periods), kept up
        to date (the counts returned are this write's alone)."""
        # (a paper twice: the later listing's record, else the last, as the upsert keeps)
        chosen: dict[str, Paper] = {}
        for paper in papers:
            have = chosen.get(paper.id)
            if have is None or listed_after(paper, have) is not False:
                chosen[paper.id] = paper
        batch = list(chosen.values())
        listed = self._listed_at([p.id for p in batch])
        known = set(listed)
        # Hub records of an earlier listing than the stored one's (`_EARLIER`): the
        # stored record's families stay, as its fields do
        earlier = {p.id for p in batch if p.id in listed and "hf" in p.sources
                   and listed_later(p.submitted_at, listed[p.id]) is False}
        if bulk:
            with self._queued_in_bulk([p.id for p in batch if p.id not in known]):
                return self._write_rows(batch, known, fetched_at, fed, tally, earlier)
        return self._write_rows(batch, known, fetched_at, fed, tally, earlier)

    @contextlib.contextmanager
    def _queued_in_bulk(self, new_ids: Sequence[str]) -> Iterator[None]:
        """Inside a write transaction: the search queue's insert trigger is dropped while
        the rows are written, the new papers queued by one INSERT ... SELECT, and the
        trigger made again from its own stored SQL, all in the same transaction (nobody
        ever sees the library without it; a crash rolls all of it back). The trigger
        costs ~35 us a paper, about a tenth of an import; the one statement, under 1."""
        row = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND name = 'search_queue_insert'").fetchone()
        if row is None or type(row[0]) is not str:
            yield  # an older schema: the trigger (if any) does it
            return
        self.conn.execute("DROP TRIGGER search_queue_insert")
        yield
        self.conn.execute("INSERT INTO search_queue (paper_id) SELECT value FROM json_each(?)",
                          (_ENCODE(list(new_ids)),))
        self.conn.execute(row[0])

    def _write_rows(self, batch: Sequence[Paper], known: set[str], fetched_at: str,
                    fed: list[Paper] | None, tally: Tally | None = None,
                    earlier: Collection[str] = ()) -> WriteResult:
        rows_new: list[tuple[Any, ...]] = []
        merges: dict[str, list[tuple[Any, ...]]] = {}  # by statement
        # The merges whose outcome the tally needs paper by paper (a statement's rowcount
        # says how many changed, not which): each written alone
        singles: list[tuple[str, tuple[Any, ...]]] = []
        family_rows: list[tuple[str, str]] = []
        pack = records.pack if self.packed else _plain
        for paper in batch:
            families = self.families_fn(paper) if self.families_fn else list(paper.families)
            sql = (UPSERT_ARXIV if "hf" not in paper.sources
                   else UPSERT if paper.comments_known else UPSERT_KEEP_COMMENTS)
            row = (
                paper.id, paper.title, pack(paper.summary), _list(paper.authors),
                paper.published_at, paper.submitted_at, paper.upvotes, paper.comments,
                paper.github_repo, paper.project_page, pack(paper.ai_summary),
                _list(paper.ai_keywords), _list(families),
                paper.github_stars, paper.submitter, paper.withdrawn_at, paper.thumbnail,
                paper.org_name, paper.org_fullname, words(paper.categories),
                paper.primary_category, paper.version, paper.updated_at, paper.comment,
                paper.journal_ref, paper.doi, words(sorted(set(paper.sources))),
                paper.num_models, paper.num_datasets, paper.num_spaces,
                _list(paper.author_accounts), fetched_at,
            )
            if paper.id not in known:
                rows_new.append(row)
            elif tally is not None and not tally.settled(paper.id):
                singles.append((sql, row))
            else:
                merges.setdefault(sql, []).append(row)
            if paper.id not in earlier:
                family_rows.extend((f, paper.id) for f in families)
            if fed is not None and paper.id not in known:
                fed.append(paper._replace(families=tuple(families)))
        self.conn.executemany(INSERT_NEW, rows_new)
        changed = 0
        for sql, bucket_rows in merges.items():
            changed += self.conn.executemany(sql, bucket_rows).rowcount
        for sql, row in singles:
            one = self.conn.execute(sql, row).rowcount
            changed += one
            assert tally is not None
            tally.found(row[0], new=False, changed=one > 0)
        if known and fetched_at > REPAIRED_AT:  # (a real fetch: not an import's own time)
            self.conn.execute(STAMP_FETCHED, (fetched_at, _ENCODE(sorted(known))))
        self.conn.executemany(
            "DELETE FROM paper_families WHERE paper_id = ?",
            [(pid,) for pid in known if pid not in earlier]
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_families (family, paper_id) VALUES (?, ?)", family_rows
        )
        new = [p.id for p in batch if p.id not in known]
        if tally is not None:
            for paper_id in new:
                tally.found(paper_id, new=True, changed=False)
        return WriteResult(added=len(new), updated=changed, unchanged=len(known) - changed)

    def present(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` the library has (in chunks: `papers tags` asks of every tagged
        paper, to say those a count includes that no listing can show yet)."""
        return self._existing_ids(ids)

    def _listed_at(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Which of `ids` the library has, each with its listing time (`submitted_at`;
        None when it has none, or one that is not text)."""
        found: dict[str, str | None] = {}
        for chunk, marks in in_chunks(ids):
            rows = self.conn.execute(
                f"SELECT id, submitted_at FROM papers WHERE id IN ({marks})", chunk)
            found.update((r[0], r[1] if type(r[1]) is str else None) for r in rows)
        return found

    def _existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk, marks in in_chunks(ids):
            rows = self.conn.execute(f"SELECT id FROM papers WHERE id IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def set_families(self, updates: Iterable[tuple[str, list[str]]]) -> int:
        """Store recomputed families (caller holds the transaction), 5,000 papers per
        statement batch: a re-tag of a million papers is a few statements, not millions."""
        n = 0
        pending: list[tuple[str, list[str]]] = []
        for update in updates:
            pending.append(update)
            if len(pending) >= 5000:
                n += self._set_families_batch(pending)
                pending = []
        return n + self._set_families_batch(pending)

    def _set_families_batch(self, updates: Sequence[tuple[str, list[str]]]) -> int:
        self.conn.executemany("UPDATE papers SET families = ? WHERE id = ?",
                              [(_list(families), pid) for pid, families in updates])
        self.conn.executemany("DELETE FROM paper_families WHERE paper_id = ?",
                              [(pid,) for pid, _ in updates])
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_families (family, paper_id) VALUES (?, ?)",
            [(family, pid) for pid, families in updates for family in families])
        return len(updates)

    def upsert_papers(self, papers: Iterable[Paper], fetched_at: str | None = None, *,
                      tally: Tally | None = None) -> WriteResult:
        """Store papers in one transaction. `tally`: each paper's count over the caller's
        writes (an arXiv sync's pages), kept up to date (`_upsert`)."""
        stamp = fetched_at or clock.iso(clock.now())
        with self.transaction():
            return self._upsert(papers, stamp, tally=tally)

    def save_page(self, paper: Paper, links: Links) -> WriteResult:
        """Store a paper page: its record, the mark that its full record (AI summary,
        links) came from the page, so `show` need not fetch it again, and its linked
        artefacts, in one transaction. Written apart, a failure or Ctrl-C between them
        left the record marked as fetched without its links, never fetched again. (The
        links are read back by `fulltext.get_links`.)"""
        stamp = clock.iso(clock.now())
        with self.transaction():
            result = self._upsert([paper], stamp)
            self.set_meta(f"detail:{paper.id}", stamp)
            self.conn.execute(
                "INSERT OR REPLACE INTO paper_links (paper_id, items, fetched_at) "
                "VALUES (?, ?, ?)",
                (paper.id, json.dumps(links.stored(), allow_nan=False), stamp))
            return result

    def save_listing(
        self,
        key: str,
        kind: str,
        papers: Sequence[Paper],
        *,
        period_start: date | None = None,
        fetched_at: str | None = None,
        day_of: Callable[[Paper], str | None] | None = None,
        days: Sequence[date] = (),
        placements: Sequence[tuple[str, str]] | None = None,
        meta: Mapping[str, str] | None = None,
        tally: Tally | None = None,
    ) -> WriteResult:
        """Store a fetched listing and its papers in one transaction.

        For a week or month, `days` and `placements` ((paper id, listing day) per item, so
        a paper listed on two days is filed under both), or else `day_of`, also file each
        paper under its own day, so a synced month answers `papers day` offline. `meta`:
        what else the listing's answer said (an announcement's types), kept with it, in
        the same transaction: kept apart, a listing stored without it was fresh, so not
        fetched again, and read beside the previous answer's. `tally`: the caller's count
        of each paper over several writes, kept up to date (`_upsert`).
        """
        stamp = fetched_at or clock.iso(clock.now())
        with self.transaction():
            result = self._upsert(papers, stamp, tally=tally)
            self._replace_listing(key, kind, period_start, stamp, [p.id for p in papers], None)
            for meta_key, value in (meta or {}).items():
                self.set_meta(meta_key, value)
            if days and (placements is not None or day_of is not None):
                if placements is None:
                    assert day_of is not None
                    placements = [(p.id, day_of(p) or "") for p in papers]
                # A day that has not begun yet is not filed: its empty list would read as
                # a day without papers (offline, and in `trends`), not as one unknown.
                by_day: dict[str, list[str]] = {
                    d.isoformat(): [] for d in days if not before_its_day(d.isoformat(), stamp)}
                for paper_id, when in placements:
                    if when in by_day and paper_id not in by_day[when]:
                        by_day[when].append(paper_id)
                for day_value, ids in by_day.items():
                    day_key = f"day:{day_value}"
                    info = self.listing(day_key)
                    if info is None or info.fetched_at <= stamp:
                        self._replace_listing(
                            day_key, "day", date.fromisoformat(day_value), stamp, ids, key
                        )
            return result

    def _replace_listing(
        self,
        key: str,
        kind: str,
        period_start: date | None,
        stamp: str,
        ids: Sequence[str],
        source: str | None,
    ) -> None:
        """The listing's papers and row, replaced whole: its date too (an arXiv
        announcement's key holds the latest announcement, dated by it)."""
        self.conn.execute("DELETE FROM listing_papers WHERE listing = ?", (key,))
        self.conn.executemany(
            "INSERT INTO listing_papers (listing, position, paper_id) VALUES (?, ?, ?)",
            [(key, i, pid) for i, pid in enumerate(ids)],
        )
        self.conn.execute(
            """INSERT INTO listings (key, kind, period_start, fetched_at, count, source)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET fetched_at = excluded.fetched_at,
              count = excluded.count, source = excluded.source,
              period_start = excluded.period_start""",
            (key, kind, period_start.isoformat() if period_start else None, stamp, len(ids),
             source),
        )

    def import_papers(self, papers: Sequence[Paper], by_day: dict[str, list[str]]) -> WriteResult:
        """Papers from a file (or one batch of it): counts stamped as oldest (fresher
        fetches win). Day listings are created where none exists and appended to where an
        earlier import made them (so a big file imported in batches files every batch, in
        file order, each paper once), but a listing fetched from the Hub is never touched:
        the Hub's answer is the truth.

        In a bulk import (`textindex.deferred(build=True)`) the new papers go straight to
        the search index's writer once the batch is committed (the updated ones are read
        back: the library merged them), so the index is built alongside, not re-read."""
        feeder = getattr(self, "_index_feeder", None)
        if feeder is not None:
            self._be_born()  # (a first import: the index is built beside the new file)
        if feeder is not None and not feeder.ready():
            feeder = None
        fed: list[Paper] | None = [] if feeder is not None else None
        changed: list[str] = []
        with self.transaction():
            first = self._queue_top() if feeder is not None else 0
            result = self._upsert(papers, IMPORTED_AT, fed, bulk=True)
            self._append_to_days(by_day)
            last = self._queue_top() if feeder is not None else 0
            if feeder is not None and result.updated:
                changed = self._queued_between(first, last)
        if feeder is not None and fed is not None:
            new = {p.id for p in fed}
            feeder.feed(fed, [pid for pid in changed if pid not in new], first, last)
        return result

    def for_bulk_load(self) -> None:
        """Tune this connection for a bulk load (`BULK_PRAGMAS`)."""
        self._bulk = True
        for pragma in BULK_PRAGMAS:
            self.conn.execute(pragma)

    def arxiv_state(self, ids: Sequence[str]) -> dict[str, tuple[object, ...]]:
        """What the library holds of these papers that arXiv's snapshot also says:
        (version, sources, published_at, comment, journal_ref, doi) by id, as stored
        (unchecked: the caller compares it with what it brings)."""
        stored: dict[str, tuple[object, ...]] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ", ".join("?" for _ in chunk)
            for row in self.conn.execute(
                    "SELECT id, version, sources, published_at, comment, journal_ref, doi "
                    f"FROM papers WHERE id IN ({marks})", chunk):
                stored[row[0]] = tuple(row[1:])
        return stored

    def _queued_between(self, first: int, last: int) -> list[str]:
        """The papers queued for the search index by entries (first, last]: a batch's
        changed papers (an unchanged one is not written, so not queued)."""
        rows = self.conn.execute(
            "SELECT paper_id FROM search_queue WHERE seq > ? AND seq <= ?", (first, last))
        return [row[0] for row in rows if type(row[0]) is str]

    def _queue_top(self) -> int:
        """The last search-queue entry (inside a write transaction: nobody else adds)."""
        row = self.conn.execute("SELECT coalesce(max(seq), 0) FROM search_queue").fetchone()
        return int(row[0])

    def _append_to_days(self, by_day: dict[str, list[str]]) -> None:
        """File papers under import-made day listings by appending rows: what a listing
        holds already is looked up through the paper-id index, never read back whole, so
        a batch costs the same in a library of a million papers as in an empty one."""
        if not by_day:
            return
        keys = {f"day:{day}": day for day in by_day}
        known: dict[str, tuple[object, object]] = {}
        key_list = list(keys)
        for i in range(0, len(key_list), 500):
            chunk = key_list[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            for key, fetched_at, source in self.conn.execute(
                    f"SELECT key, fetched_at, source FROM listings WHERE key IN ({marks})",
                    chunk):
                known[key] = (fetched_at, source)
        ids = list({pid for day_ids in by_day.values() for pid in day_ids})
        filed: set[tuple[str, str]] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            filed.update(self.conn.execute(
                f"SELECT listing, paper_id FROM listing_papers WHERE paper_id IN ({marks})",
                chunk))
        rows: list[tuple[str, int, str]] = []
        new_listings: list[tuple[str, str, int]] = []
        grown: list[tuple[int, str]] = []
        for key, day in keys.items():
            have = known.get(key)
            if have is not None and have != (IMPORTED_AT, "import"):
                continue  # fetched from the Hub, or filed from a week or month
            fresh = [pid for pid in dict.fromkeys(by_day[day]) if (key, pid) not in filed]
            if not fresh:
                continue
            start = 0
            if have is not None:
                top = self.conn.execute(
                    "SELECT max(position) FROM listing_papers WHERE listing = ?", (key,)
                ).fetchone()[0]
                start = top + 1 if type(top) is int else 0
                grown.append((len(fresh), key))
            else:
                new_listings.append((key, day, len(fresh)))
            rows.extend((key, start + n, pid) for n, pid in enumerate(fresh))
        self.conn.executemany(
            "INSERT INTO listing_papers (listing, position, paper_id) VALUES (?, ?, ?)", rows)
        self.conn.executemany(
            "INSERT INTO listings (key, kind, period_start, fetched_at, count, source) "
            f"VALUES (?, 'day', ?, '{IMPORTED_AT}', ?, 'import')", new_listings)
        self.conn.executemany(
            "UPDATE listings SET count = count + ? WHERE key = ?", grown)

    def clear(self) -> tuple[int, int]:
        """Forget everything fetched; returns (papers, listings) removed."""
        with self.transaction():
            papers = self.conn.execute("SELECT count(*) FROM papers").fetchone()[0]
            listings = self.conn.execute("SELECT count(*) FROM listings").fetchone()[0]
            for table in ("listing_papers", "listings", "paper_families", "papers",
                          "full_texts", "paper_links", "search_queue"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("DELETE FROM meta WHERE key LIKE 'detail:%'")
            # a new library for the search index: it is rebuilt (empty), not caught up
            self.set_meta("search_library", uuid.uuid4().hex)
        self.conn.execute("VACUUM")
        return papers, listings

    # -- reads ---------------------------------------------------------------------

    @lenient
    def listing(self, key: str) -> ListingInfo | None:
        """A cached listing; None for one that is not, or that says nothing of its
        period (`ListingInfo.premature`)."""
        info = _listing_info(self.conn.execute(
            "SELECT key, kind, fetched_at, count, source FROM listings WHERE key = ?", (key,)
        ).fetchone())
        return None if info is None or info.premature else info

    @lenient
    def listing_period(self, key: str) -> str | None:
        """The day a cached listing's period starts (an arXiv announcement's day), if
        it is one (the library on disk is untrusted)."""
        row = self.conn.execute("SELECT period_start FROM listings WHERE key = ?",
                                (key,)).fetchone()
        day = row[0] if row else None
        return day if isinstance(day, str) and len(day) == 10 else None

    @lenient
    def listing_papers(self, key: str) -> list[Paper]:
        rows = self.conn.execute(
            f"""SELECT {", ".join("p." + c.strip() for c in PAPER_COLUMNS.split(","))}
            FROM listing_papers lp JOIN papers p ON p.id = lp.paper_id
            WHERE lp.listing = ? ORDER BY lp.position""",
            (key,),
        ).fetchall()
        return rows_to_papers(rows)

    @lenient
    def latest_day_with_papers(self, on_or_before: date) -> ListingInfo | None:
        row = self.conn.execute(
            """SELECT key, kind, fetched_at, count, source FROM listings
            WHERE kind = 'day' AND count > 0 AND period_start <= ?
            ORDER BY period_start DESC LIMIT 1""",
            (on_or_before.isoformat(),),
        ).fetchone()
        return _listing_info(row)

    def latest_listed_day(self, on_or_before: date) -> date | None:
        """The last day up to `on_or_before` whose Daily Papers listing has papers."""
        latest = self.latest_day_with_papers(on_or_before)
        day = records.day(latest.key[4:])[0] if latest and latest.key.startswith("day:") else None
        return date.fromisoformat(day) if day else None

    @lenient
    def get_paper(self, paper_id: str) -> Paper | None:
        row = self.conn.execute(
            f"SELECT {PAPER_COLUMNS} FROM papers WHERE id = ?", (paper_id,)
        ).fetchone()
        return row_to_paper(row) if row else None

    @lenient
    def listing_day_of(self, paper_id: str) -> str | None:
        """The earliest day listing a paper appeared in (its Daily Papers date)."""
        row = self.conn.execute(
            """SELECT min(l.period_start) FROM listing_papers lp
            JOIN listings l ON l.key = lp.listing
            WHERE lp.paper_id = ? AND l.kind = 'day'""",
            (paper_id,),
        ).fetchone()
        return records.day(row[0])[0] if row else None

    def has_categories(self) -> bool:
        """Whether any paper of the library has an arXiv category (the Hub gives none:
        a library of Daily Papers alone has none for `--category` to pass)."""
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM papers WHERE categories != '')").fetchone()
        return bool(row[0])

    @lenient
    def org_counts(self, leaving_out: Collection[str] = ()
                   ) -> list[tuple[str | None, str | None, int]]:
        """Each organization named in the library with its number of papers, most first
        (from the `papers_org` index alone: schema._m011_organization_index), the papers
        `leaving_out` not counted (the hidden ones, as a listing leaves them out)."""
        if not leaving_out:
            rows = self.conn.execute(complete.ORG_COUNTS).fetchall()
        else:
            rows = self.conn.execute(complete.org_counts_sql(
                "AND id NOT IN (SELECT value FROM json_each(?))"),
                (json.dumps(sorted(leaving_out)),)).fetchall()
        out: list[tuple[str | None, str | None, int]] = []
        for name, fullname, n in rows:
            name, ok_name = records.text_or_none(name)
            fullname, ok_full = records.text_or_none(fullname)
            if not (ok_name and ok_full):
                records.note("library.db", f"organization {name or fullname!r}", skipped=False)
            if name or fullname:
                out.append((name, fullname, int(n)))
        return out

    def count_papers(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    @lenient
    def listings(self) -> list[ListingInfo]:
        rows = self.conn.execute(
            "SELECT key, kind, fetched_at, count, source FROM listings "
            "ORDER BY period_start DESC, kind"
        ).fetchall()
        return [info for r in rows if (info := _listing_info(r)) is not None]

    @lenient
    def damaged(self) -> records.Findings:
        """Every damaged record of the library, read in full (`papers cache info --check`): papers
        rows that make no paper or have a field of the wrong shape, listings whose key,
        time or count is unreadable, and settings that are not text."""
        found = records.Findings()
        highest = self.max_rowid()
        with saying(self, "checking every record of the library…") as done:
            for row in self.conn.execute(f"SELECT rowid, {PAPER_COLUMNS} FROM papers"):
                if done is not None and type(row[0]) is int:
                    done(row[0], highest)
                paper, bad = records.paper(row[1:])
                if bad:
                    found.add("papers", row[1] if paper else f"rowid {row[0]}", bad,
                              skipped=paper is None)
        for key, kind, fetched_at, count, source in self.conn.execute(
                "SELECT key, kind, fetched_at, count, source FROM listings"):
            if type(key) is not str or type(kind) is not str:
                found.add("listings", key, ["key"], skipped=True)
                continue
            bad = [name for name, ok in (
                ("fetched_at", records.timestamp(fetched_at)[1] and fetched_at is not None),
                ("count", records.count(count)[1]), ("source", records.text_or_none(source)[1]),
            ) if not ok]
            if bad:
                found.add("listings", key, bad, skipped=False)
        found.meta(self.conn.execute("SELECT key, value FROM meta"))
        return found

    def size_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                total += p.stat().st_size
        return total


    # -- reads for search, browsing, counts and sync (all the library's SQL lives here) --

    @lenient_stream
    def iter_papers(self) -> Iterator[Paper]:
        """Every paper, read from the cursor row by row (a re-tag of the whole library)."""
        for row in self.conn.execute(f"SELECT {PAPER_COLUMNS} FROM papers"):
            paper = row_to_paper(row)
            if paper is not None:
                yield paper

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def set_aside(self) -> dict[str, int]:
        """{table: rows} an upgrade moved aside (ids that name no paper)."""
        from papercli.db.migrations import set_aside_counts

        return set_aside_counts(self.conn)

    @lenient
    def family_counts(self, leaving_out: Collection[str] = ()) -> dict[str, int]:
        """Family -> number of papers naming it, the papers `leaving_out` not counted (the
        hidden ones, as a listing leaves them out)."""
        if not leaving_out:
            rows = self.conn.execute(
                "SELECT family, count(*) FROM paper_families GROUP BY family")
        else:
            rows = self.conn.execute(
                "SELECT family, count(*) FROM paper_families WHERE paper_id NOT IN "
                "(SELECT value FROM json_each(?)) GROUP BY family",
                (json.dumps(sorted(leaving_out)),))
        return {f: int(n) for f, n in rows if type(f) is str}

    @lenient
    def complete_day_rows(self, since: date, until: date) -> list[tuple[str, str]]:
        """(period_start, fetched_at) of the day listings in [since, until]."""
        out: list[tuple[str, str]] = []
        for start, fetched_at in self.conn.execute(
            "SELECT period_start, fetched_at FROM listings "
            "WHERE kind = 'day' AND period_start BETWEEN ? AND ?",
            (since.isoformat(), until.isoformat()),
        ):
            day, ok_day = records.day(start)
            when, ok_when = records.timestamp(fetched_at)
            if day and when and ok_day and ok_when:
                out.append((day, when))
            else:  # not known to be complete: fetched again
                records.note("library.db", f"listing day:{start!r}", skipped=False)
        return out
