"""The local library: one SQLite file of papers and the listings they appeared in.

Design notes
- WAL mode and a generous busy timeout, and every write is one `BEGIN IMMEDIATE`
  transaction, so a cron `papers sync` and an interactive `papers today` can share the file.
- The schema is versioned with `PRAGMA user_version` and a `Migrations` registry; each
  step runs in its own transaction. A library written by a newer papercli is refused.
- A file that is not a SQLite database, or a database that is not ours, is moved aside
  (kept, with a timestamped name) and a fresh library is created.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Self, TypeVar, cast

from papercli import clock, records
from papercli.errors import StoreError
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.filters import Filter

IMPORTED_AT = "1970-01-01T00:00:00Z"  # sorts before any real fetch
# A listing the schema-4 migration could not vouch for: older than any real fetch, so it
# is stale for freshness and incomplete for sync, and is fetched again when next needed.
REPAIRED_AT = "1970-01-02T00:00:00Z"
Step = Callable[[sqlite3.Connection], None]
FamiliesFn = Callable[[Paper], list[str]]


class Migrations:
    """An ordered registry of schema steps; step N leaves the database at user_version N."""

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def __call__(self, step: Step) -> Step:
        self.steps.append(step)
        return step

    @property
    def latest(self) -> int:
        return len(self.steps)

    def apply(self, conn: sqlite3.Connection, what: str) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > self.latest:
            raise StoreError(
                f"{what} was written by a newer papercli (schema {version}, "
                f"this version knows {self.latest})",
                hint="upgrade papercli (pip install -U papercli)",
            )
        while version < self.latest:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version < self.latest:
                    self.steps[version](conn)
                    version += 1
                    conn.execute(f"PRAGMA user_version = {version}")
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo what is left: SQLite may have rolled back already (a full disk or a file-size
    limit does), and a ROLLBACK then would only replace the real error with "cannot
    rollback - no transaction is active"."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


migrations = Migrations()


@migrations
def _m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE papers (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',
            published_at TEXT,
            submitted_at TEXT,
            upvotes INTEGER NOT NULL DEFAULT 0,
            comments INTEGER NOT NULL DEFAULT 0,
            github_repo TEXT,
            project_page TEXT,
            ai_summary TEXT,
            ai_keywords TEXT NOT NULL DEFAULT '[]',
            families TEXT NOT NULL DEFAULT '[]',
            fetched_at TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX papers_published ON papers(published_at)")
    conn.execute(
        """CREATE TABLE listings (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            period_start TEXT,
            fetched_at TEXT NOT NULL,
            count INTEGER NOT NULL,
            source TEXT
        )"""
    )
    conn.execute(
        """CREATE TABLE listing_papers (
            listing TEXT NOT NULL,
            position INTEGER NOT NULL,
            paper_id TEXT NOT NULL,
            PRIMARY KEY (listing, position)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX listing_papers_paper ON listing_papers(paper_id)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


FTS_SCHEMA = (
    """CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, summary, ai_keywords, authors,
        content='papers', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, title, summary, ai_keywords, authors)
        VALUES (new.rowid, new.title, new.summary, new.ai_keywords, new.authors);
    END""",
    """CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, summary, ai_keywords, authors)
        VALUES ('delete', old.rowid, old.title, old.summary, old.ai_keywords, old.authors);
    END""",
    """CREATE TRIGGER papers_fts_update AFTER UPDATE ON papers
    WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary
      OR old.ai_keywords IS NOT new.ai_keywords OR old.authors IS NOT new.authors
    BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, summary, ai_keywords, authors)
        VALUES ('delete', old.rowid, old.title, old.summary, old.ai_keywords, old.authors);
        INSERT INTO papers_fts(rowid, title, summary, ai_keywords, authors)
        VALUES (new.rowid, new.title, new.summary, new.ai_keywords, new.authors);
    END""",
)


@migrations
def _m002_search(conn: sqlite3.Connection) -> None:
    """Full-text search (bm25 over title, abstract, AI keywords, authors) and a family index."""
    for statement in FTS_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")
    conn.execute(
        """CREATE TABLE paper_families (
            family TEXT NOT NULL,
            paper_id TEXT NOT NULL,
            PRIMARY KEY (family, paper_id)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX paper_families_paper ON paper_families(paper_id)")
    conn.execute(
        """INSERT OR IGNORE INTO paper_families (family, paper_id)
        SELECT j.value, p.id FROM papers p, json_each(p.families) j"""
    )



@migrations
def _m003_browse_in_order(conn: sqlite3.Connection) -> None:
    """(published_at, id) covers the default order, so browsing a common family can walk the
    newest papers and stop at a page instead of sorting every member (search.browse)."""
    conn.execute("CREATE INDEX papers_published_id ON papers(published_at, id)")
    conn.execute("DROP INDEX papers_published")


NEW_COLUMNS = (
    ("github_stars", "INTEGER"),
    ("submitter", "TEXT"),
    ("withdrawn_at", "TEXT"),
    ("thumbnail", "TEXT"),
    ("org_name", "TEXT"),
    ("org_fullname", "TEXT"),
)


@migrations
def _m004_real_days(conn: sqlite3.Connection) -> None:
    """Fields people filter by, and a repair of what earlier releases filed wrongly.

    Up to schema 3, `submitted_at` was the item's `publishedAt`, which since 2025-03 is
    the arXiv time minus 4-5 h rather than the listing time, and week, month and import
    listings filed papers under that wrong day (and paging could stop early). What can be
    re-derived is: a `submitted_at` earlier than the arXiv time is no listing time, so it
    becomes unknown (NULL; the next fetch of the paper fills it in); import-made day
    listings keep only the papers whose day is still known and right; day listings filed
    from a week or month are re-filed from it by the days still known. Every week and month
    listing, and every day listing filed from one, is then stamped REPAIRED_AT, so the next
    read online or `papers sync` fetches it again. Direct day fetches (`date=D`) were right
    and are left alone. Titles get their whitespace folded (arXiv hard line breaks).
    """
    for name, kind in NEW_COLUMNS:
        conn.execute(f"ALTER TABLE papers ADD COLUMN {name} {kind}")
    conn.execute(
        "UPDATE papers SET submitted_at = NULL WHERE submitted_at IS NOT NULL "
        "AND published_at IS NOT NULL AND submitted_at < published_at"
    )
    folded = [
        (" ".join(title.split()), pid)
        for pid, title in conn.execute("SELECT id, title FROM papers")
        if title != " ".join(title.split())
    ]
    conn.executemany("UPDATE papers SET title = ? WHERE id = ?", folded)
    day_of = "substr(p.submitted_at, 1, 10)"
    # Import-made day listings: only papers still known to belong to that day.
    conn.execute(
        f"""DELETE FROM listing_papers WHERE listing IN (
              SELECT key FROM listings WHERE kind = 'day' AND source = 'import')
            AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.id = listing_papers.paper_id
              AND {day_of} = substr(listing_papers.listing, 5))"""
    )
    # Day listings filed from a week or month: rebuilt from it, in its order.
    derived = conn.execute(
        "SELECT d.key, d.source FROM listings d JOIN listings s ON s.key = d.source "
        "WHERE d.kind = 'day' AND s.kind IN ('week', 'month')"
    ).fetchall()
    for key, source in derived:
        conn.execute("DELETE FROM listing_papers WHERE listing = ?", (key,))
        conn.execute(
            f"""INSERT INTO listing_papers (listing, position, paper_id)
            SELECT ?, row_number() OVER (ORDER BY lp.position) - 1, lp.paper_id
            FROM listing_papers lp JOIN papers p ON p.id = lp.paper_id
            WHERE lp.listing = ? AND {day_of} = ?""",
            (key, source, key[4:]),
        )
    conn.execute(
        "UPDATE listings SET fetched_at = ? WHERE kind IN ('week', 'month') "
        "OR (kind = 'day' AND source IS NOT NULL AND source != 'import')",
        (REPAIRED_AT,),
    )
    conn.execute(
        "UPDATE listings SET count = (SELECT count(*) FROM listing_papers lp "
        "WHERE lp.listing = listings.key) WHERE kind = 'day'"
    )


def _list_json(items: Sequence[str]) -> str:
    """A list column as stored: JSON with the text itself, not \\u escapes, because the
    search index reads these columns as they are (`search josé` and `search 李明` must find
    the name; unicode61 with remove_diacritics then lets `jose` find José too)."""
    return json.dumps(list(items), ensure_ascii=False, allow_nan=False)


@migrations
def _m005_plain_text_search(conn: sqlite3.Connection) -> None:
    """Authors and AI keywords re-stored and re-indexed as plain text: up to schema 4 they
    were escaped JSON ("Jos\\u00e9"), so names and keywords outside ASCII were not
    searchable. The index is dropped and rebuilt once rather than updated row by row."""
    def plain(text: str) -> str:
        try:
            items = json.loads(text)
        except ValueError:  # not ours to judge here: left as it is
            return text
        return _list_json(items) if isinstance(items, list) else text

    rewritten = [
        (plain(authors), plain(keywords), rowid)
        for rowid, authors, keywords in conn.execute(
            "SELECT rowid, authors, ai_keywords FROM papers")
        if "\\u" in authors or "\\u" in keywords
    ]
    for trigger in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER papers_fts_{trigger}")
    conn.execute("DROP TABLE papers_fts")
    conn.executemany("UPDATE papers SET authors = ?, ai_keywords = ? WHERE rowid = ?",
                     rewritten)
    for statement in FTS_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")


PAPER_COLUMNS = (
    "id, title, summary, authors, published_at, submitted_at, upvotes, comments, "
    "github_repo, project_page, ai_summary, ai_keywords, families, "
    "github_stars, submitter, withdrawn_at, thumbnail, org_name, org_fullname"
)


def row_to_paper(row: Sequence[Any], where: str = "library.db") -> Paper | None:
    """A papers row as a Paper, checked (records.paper): a damaged field is dropped, a row
    that makes no paper is None; either way it is counted for the command's one warning."""
    paper, bad = records.paper(row)
    if bad:
        records.note(where, row[0], skipped=paper is None)
    return paper


def rows_to_papers(rows: Iterable[Sequence[Any]], where: str = "library.db") -> list[Paper]:
    """The papers of these rows, damaged ones left out (and counted)."""
    return [p for r in rows if (p := row_to_paper(r, where)) is not None]


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


def _upsert_sql(with_comments: bool) -> str:
    """Insert or merge one paper. A source without a comment count (`/api/papers/{id}`)
    never turns a known count into 0: such rows keep the stored count."""
    newer = "excluded.fetched_at >= papers.fetched_at"
    comments = (f"CASE WHEN {newer} THEN excluded.comments ELSE papers.comments END"
                if with_comments else "papers.comments")
    marks = ", ".join("?" for _ in range(len(PAPER_COLUMNS.split(",")) + 1))
    return f"""INSERT INTO papers ({PAPER_COLUMNS}, fetched_at)
    VALUES ({marks})
    ON CONFLICT(id) DO UPDATE SET
      title = excluded.title,
      summary = CASE WHEN excluded.summary != '' THEN excluded.summary ELSE papers.summary END,
      authors = CASE WHEN excluded.authors != '[]' THEN excluded.authors
                ELSE papers.authors END,
      published_at = COALESCE(excluded.published_at, papers.published_at),
      submitted_at = COALESCE(papers.submitted_at, excluded.submitted_at),
      upvotes = CASE WHEN {newer} THEN excluded.upvotes ELSE papers.upvotes END,
      comments = {comments},
      github_repo = COALESCE(excluded.github_repo, papers.github_repo),
      project_page = COALESCE(excluded.project_page, papers.project_page),
      ai_summary = COALESCE(excluded.ai_summary, papers.ai_summary),
      ai_keywords = CASE WHEN excluded.ai_keywords != '[]'
                    THEN excluded.ai_keywords ELSE papers.ai_keywords END,
      families = excluded.families,
      github_stars = CASE WHEN excluded.github_stars IS NOT NULL AND ({newer}
                       OR papers.github_stars IS NULL)
                     THEN excluded.github_stars ELSE papers.github_stars END,
      submitter = COALESCE(excluded.submitter, papers.submitter),
      withdrawn_at = COALESCE(excluded.withdrawn_at, papers.withdrawn_at),
      thumbnail = COALESCE(excluded.thumbnail, papers.thumbnail),
      org_name = CASE WHEN excluded.org_name IS NOT NULL OR excluded.org_fullname IS NOT NULL
                 THEN excluded.org_name ELSE papers.org_name END,
      org_fullname = CASE WHEN excluded.org_name IS NOT NULL
                       OR excluded.org_fullname IS NOT NULL
                     THEN excluded.org_fullname ELSE papers.org_fullname END,
      fetched_at = MAX(excluded.fetched_at, papers.fetched_at)"""


UPSERT = _upsert_sql(True)
UPSERT_KEEP_COMMENTS = _upsert_sql(False)


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


class WriteResult(NamedTuple):
    added: int = 0
    updated: int = 0


BUSY_TIMEOUT = 30.0  # seconds a write waits for another process before giving up


def connect(
    path: Path, *, timeout: float = BUSY_TIMEOUT, read_only: str | None = None
) -> sqlite3.Connection:
    """A connection with our settings; `read_only` is SQLite's URI mode for a file we may
    not write: "ro", or "immutable" when not even the -shm file can be created."""
    if read_only is None:
        target, uri = str(path), False
    else:
        query = "mode=ro" if read_only == "ro" else "immutable=1"
        target, uri = f"{path.absolute().as_uri()}?{query}", True
    conn = sqlite3.connect(
        target, timeout=timeout, isolation_level=None, check_same_thread=False, uri=uri
    )
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: FTS merges on import read a lot
    return conn


def writable(path: Path) -> bool:
    """Whether we may write the database file and create its -wal/-shm beside it (false on
    a read-only mount even for root, whom permission bits do not stop)."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return not folder.exists()  # a missing folder is created (or fails to be) later
    return not path.exists() or os.access(path, os.W_OK)


def complete_ids(path: Path, prefix: str, limit: int) -> list[str]:
    """Paper ids starting with `prefix`, newest first: shell completion's one query. The
    library is opened read-only and nothing is migrated or created (a shell's Tab must
    never write or wait)."""
    if not path.is_file():
        return []
    conn = connect(path, timeout=0.1, read_only="ro")
    try:
        if prefix:  # the id index finds the few that match; they are sorted
            rows = conn.execute(
                "SELECT id FROM papers WHERE id >= ? AND id < ? "
                "ORDER BY published_at DESC, id DESC LIMIT ?",
                (prefix, prefix + "\U0010ffff", limit),
            ).fetchall()
        else:  # the (published_at, id) index walks the newest first and stops
            rows = conn.execute(
                "SELECT id FROM papers ORDER BY published_at DESC, id DESC LIMIT ?", (limit,)
            ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows if records.paper_id(r[0])]


def open_read_only(path: Path, what: str) -> sqlite3.Connection:
    """Open a database we cannot write: "mode=ro" first (sees a -wal another process left),
    "immutable" when SQLite cannot even create the -shm it needs for that."""
    if not path.is_file():
        raise StoreError(
            f"{what} does not exist and {path.parent} is read-only",
            hint=f"make {path.parent} writable so papers can create it",
        )
    last: sqlite3.Error | None = None
    for mode in ("ro", "immutable"):
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(path, read_only=mode)
            conn.execute("PRAGMA user_version").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            if _errorname(exc).startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
                raise StoreError(
                    f"{what} is unreadable and {path.parent} is read-only, so it cannot be "
                    "replaced", hint=f"make {path.parent} writable",
                ) from None
            last = exc
    raise StoreError(f"cannot read {what}: {last}") from None


UNDONE = "this write was undone"


def storage_error(exc: sqlite3.Error, what: str, path: Path | None = None
                  ) -> StoreError | None:
    """SQLite's "disk full", "read-only" and I/O failures as one line saying what happened
    (never "move it aside": the file is fine, the disk is not); None for other errors.

    SQLite reports a file-size limit (`ulimit -f`), a quota and a full disk alike, as
    "disk is full" or "disk I/O error", and keeps the errno to itself: `write_cause` asks
    the system which one it was, in the folder of `path`."""
    name = _errorname(exc)
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        cause = write_cause(path.parent if path is not None else None)
        if cause is not None:
            problem, todo = cause
            return StoreError(f"{problem}: {what} could not be written",
                              hint=f"{todo}; {UNDONE}")
    if name.startswith("SQLITE_FULL"):
        return StoreError(f"the disk is full: {what} could not be written",
                          hint=f"free some space and try again; {UNDONE}")
    if name.startswith("SQLITE_READONLY"):
        return StoreError(f"{what} is read-only ({exc})",
                          hint="reading works (try --offline); make it writable to change it")
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"the disk failed while writing {what} ({exc})",
                          hint=f"check free space and the disk; {UNDONE}")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"cannot open {what} or a file beside it ({exc})",
                          hint="check that its folder exists and is writable")
    return None


F = TypeVar("F", bound=Callable[..., Any])
# Text that is not UTF-8 (a flipped byte on disk) makes SQLite's default decoding raise for
# the whole query; this one replaces the bad bytes (U+FFFD), at about 3x the cost, so it is
# only switched on for a connection once such text has been met.
_LENIENT = functools.partial(str, encoding="utf-8", errors="replace")


def _undecodable(exc: sqlite3.Error, conn: sqlite3.Connection) -> bool:
    return str(exc).startswith("Could not decode") and conn.text_factory is not _LENIENT


def lenient(method: F) -> F:
    """A read that survives text that is not UTF-8: run again with lenient decoding."""
    @functools.wraps(method)
    def read(self: Database, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not _undecodable(exc, self.conn):
                raise
            self.conn.text_factory = _LENIENT
            return method(self, *args, **kwargs)
    return cast(F, read)


def lenient_stream(method: F) -> F:
    """`lenient` for a generator: the second run skips what the first already yielded
    (the queries have a fixed order)."""
    @functools.wraps(method)
    def read(self: Database, *args: Any, **kwargs: Any) -> Iterator[Any]:
        done = 0
        try:
            for item in method(self, *args, **kwargs):
                yield item
                done += 1
            return
        except sqlite3.OperationalError as exc:
            if not _undecodable(exc, self.conn):
                raise
            self.conn.text_factory = _LENIENT
        yield from itertools.islice(method(self, *args, **kwargs), done, None)
    return cast(F, read)


FREE_MARGIN = 1 << 20  # bytes: less free than this, or this near a size limit, is "full"


def write_cause(folder: Path | None) -> tuple[str, str] | None:
    """(what stopped a write, what to do) for a write that failed for want of room: a
    file-size limit, a full disk, a used-up quota or a read-only disk; None when none of
    these is found (a real I/O error). Only ever called after a write failed."""
    import errno
    import resource

    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit != resource.RLIM_INFINITY and (folder is None or _largest_file(folder)
                                            + FREE_MARGIN >= limit):
        return size_limit(limit)
    if folder is None:
        return None
    try:
        fs = os.statvfs(folder)
        free = (fs.f_bfree if os.geteuid() == 0 else fs.f_bavail) * fs.f_frsize
    except OSError:
        free = FREE_MARGIN
    if free < FREE_MARGIN:
        return os_cause(errno.ENOSPC)
    # A quota or a read-only disk shows only to a write: try one, of the size that fails.
    probe = folder / f".papers-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            chunk = b"\0" * 65536
            for _ in range(FREE_MARGIN // len(chunk)):
                os.write(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return os_cause(exc.errno)
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return None


def _largest_file(folder: Path) -> int:
    try:
        return max((p.stat().st_size for p in folder.iterdir() if p.is_file()), default=0)
    except OSError:
        return 0


def size_limit(limit: int) -> tuple[str, str]:
    """What to say when the file-size limit (`ulimit -f`, RLIMIT_FSIZE) stopped a write."""
    human = f"{limit / 2**20:.1f} MiB" if limit >= 2**20 else f"{limit / 1024:.0f} KiB"
    return (f"the file-size limit ({human}, ulimit -f) was reached",
            "raise the limit (ulimit -f unlimited) and try again")


def os_cause(number: int | None) -> tuple[str, str] | None:
    """(what happened, what to do) for an errno that means "no room" or "read-only"."""
    import errno
    import resource

    if number == errno.EFBIG:
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if limit != resource.RLIM_INFINITY:
            return size_limit(limit)
        return "the file grew too large for its file system", "choose another place"
    if number == errno.EDQUOT:
        return ("the disk quota is used up",
                "free some space within your quota (or ask for more) and try again")
    if number == errno.ENOSPC:
        return "the disk is full", "free some space and try again"
    if number == errno.EROFS:
        return "the disk is read-only", "make it writable, or choose another place"
    return None


class Database:
    """One SQLite file with the write discipline both papercli databases share: every write
    is a `BEGIN IMMEDIATE` transaction, and a lock held too long is a clear error."""

    label = "the database"
    # Why the file was opened read-only (open_read_only), or None: reads work, writes are
    # refused by transaction() with this reason.
    read_only: str | None = None

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @staticmethod
    def make_parent(path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it. A full disk or a
        read-only file is one StoreError saying so, whichever statement met it."""
        what = f"{self.label} {self.path}"
        if self.read_only:
            raise StoreError(
                f"{what} cannot be written ({self.read_only}), so nothing can be stored",
                hint=f"reading works (try --offline); make {self.path.parent} writable, "
                "or free some space",
            )
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _errorname(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise StoreError(
                    f"{what} stayed locked by another papers process for {BUSY_TIMEOUT:g}s",
                    hint="try again when the other command (a long sync?) has finished",
                ) from None
            raise storage_error(exc, what, self.path) or exc from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            problem = storage_error(exc, what, self.path)
            if problem is None:
                raise
            raise problem from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        _rollback(self.conn)


class Store(Database):
    """The library. Open with `Store.open(path)`; use as a context manager."""

    label = "the library"

    def __init__(self, conn: sqlite3.Connection, path: Path, moved_aside: Path | None = None):
        super().__init__(conn, path)
        self.moved_aside = moved_aside
        self.families_fn: FamiliesFn | None = None
        # Python's case folding in SQL, so `--org` matches non-ASCII names in SQL exactly
        # as Filter.matches does in Python.
        conn.create_function("casefold", 1, _casefold, deterministic=True)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (or create) the library; an unreadable file is moved aside and replaced.
        On a read-only disk or folder it is opened read-only: reads work, writes say why."""
        what = f"the library {path}"
        if not writable(path):
            return cls._open_read_only(path, "its folder is read-only")
        cls.make_parent(path)
        moved: Path | None = None
        try:
            conn = _open_checked(path)
        except _Unusable as unusable:
            moved = _move_aside(path, unusable.inode)
            try:
                conn = _open_checked(path)
            except _Unusable:
                raise StoreError(
                    f"the library {path} keeps being replaced by something unreadable",
                    hint=f"check what else writes to {path.parent}",
                ) from None
        except _ReadOnly as reason:
            try:
                return cls._open_read_only(path, str(reason))
            except StoreError:
                # Not even readable as it is: say what stopped the write, if we know.
                if reason.problem is None:
                    raise
                raise reason.problem from None
        try:
            migrations.apply(conn, what)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise storage_error(exc, what, path) or StoreError(
                f"cannot prepare {what}: {exc}") from None
        return cls(conn, path, moved)

    @classmethod
    def _open_read_only(cls, path: Path, reason: str) -> Store:
        what = f"the library {path}"
        conn = open_read_only(path, what)
        try:
            _check_read_only_schema(conn, migrations, what)
        except BaseException:
            conn.close()
            raise
        store = cls(conn, path)
        store.read_only = reason
        return store

    # -- writes --------------------------------------------------------------------

    def _upsert(self, papers: Iterable[Paper], fetched_at: str) -> WriteResult:
        """Insert or merge papers; counts from the newer fetch win, empty fields never
        overwrite filled ones (a search hit has no AI summary, the paper page does)."""
        batch = list({p.id: p for p in papers}.values())
        known = self._existing_ids([p.id for p in batch])
        rows: list[tuple[Any, ...]] = []
        rows_keep: list[tuple[Any, ...]] = []
        family_rows: list[tuple[str, str]] = []
        for paper in batch:
            families = self.families_fn(paper) if self.families_fn else list(paper.families)
            (rows if paper.comments_known else rows_keep).append((
                paper.id, paper.title, paper.summary, _list_json(paper.authors),
                paper.published_at, paper.submitted_at, paper.upvotes, paper.comments,
                paper.github_repo, paper.project_page, paper.ai_summary,
                _list_json(paper.ai_keywords), json.dumps(families, allow_nan=False),
                paper.github_stars, paper.submitter, paper.withdrawn_at, paper.thumbnail,
                paper.org_name, paper.org_fullname, fetched_at,
            ))
            family_rows.extend((f, paper.id) for f in families)
        self.conn.executemany(UPSERT, rows)
        self.conn.executemany(UPSERT_KEEP_COMMENTS, rows_keep)
        self.conn.executemany(
            "DELETE FROM paper_families WHERE paper_id = ?", [(pid,) for pid in known]
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_families (family, paper_id) VALUES (?, ?)", family_rows
        )
        return WriteResult(added=len(batch) - len(known), updated=len(known))

    def _existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.execute(f"SELECT id FROM papers WHERE id IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def _set_families(self, paper_id: str, families: Sequence[str], *, replace: bool) -> None:
        if replace:
            self.conn.execute("DELETE FROM paper_families WHERE paper_id = ?", (paper_id,))
        if families:
            self.conn.executemany(
                "INSERT OR IGNORE INTO paper_families (family, paper_id) VALUES (?, ?)",
                [(f, paper_id) for f in families],
            )

    def set_families(self, updates: Iterable[tuple[str, list[str]]]) -> int:
        """Store recomputed families (caller holds the transaction)."""
        n = 0
        for paper_id, families in updates:
            self.conn.execute(
                "UPDATE papers SET families = ? WHERE id = ?",
                (json.dumps(families, allow_nan=False), paper_id)
            )
            self._set_families(paper_id, families, replace=True)
            n += 1
        return n

    def upsert_papers(
        self, papers: Iterable[Paper], fetched_at: str | None = None, *, detail: bool = False
    ) -> WriteResult:
        """Store papers in one transaction; `detail` records that each one's full record
        (AI summary, links) came from the paper page, so `show` need not fetch it again."""
        stamp = fetched_at or clock.iso(clock.now())
        batch = list(papers)
        with self.transaction():
            result = self._upsert(batch, stamp)
            if detail:
                for paper in batch:
                    self.set_meta(f"detail:{paper.id}", stamp)
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
    ) -> WriteResult:
        """Store a fetched listing and its papers in one transaction.

        For a week or month, `days` and `placements` ((paper id, listing day) per item, so
        a paper listed on two days is filed under both), or else `day_of`, also file each
        paper under its own day, so a synced month answers `papers day` offline.
        """
        stamp = fetched_at or clock.iso(clock.now())
        with self.transaction():
            result = self._upsert(papers, stamp)
            self._replace_listing(key, kind, period_start, stamp, [p.id for p in papers], None)
            if days and (placements is not None or day_of is not None):
                if placements is None:
                    assert day_of is not None
                    placements = [(p.id, day_of(p) or "") for p in papers]
                by_day: dict[str, list[str]] = {d.isoformat(): [] for d in days}
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
        self.conn.execute("DELETE FROM listing_papers WHERE listing = ?", (key,))
        self.conn.executemany(
            "INSERT INTO listing_papers (listing, position, paper_id) VALUES (?, ?, ?)",
            [(key, i, pid) for i, pid in enumerate(ids)],
        )
        self.conn.execute(
            """INSERT INTO listings (key, kind, period_start, fetched_at, count, source)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET fetched_at = excluded.fetched_at,
              count = excluded.count, source = excluded.source""",
            (key, kind, period_start.isoformat() if period_start else None, stamp, len(ids),
             source),
        )

    def import_papers(self, papers: Sequence[Paper], by_day: dict[str, list[str]]) -> WriteResult:
        """Papers from a file (or one batch of it): counts stamped as oldest (fresher
        fetches win). Day listings are created where none exists and merged into where an
        earlier import made them (so a big file imported in chunks files every chunk), but
        a listing fetched from the Hub is never touched: the Hub's answer is the truth."""
        with self.transaction():
            result = self._upsert(papers, IMPORTED_AT)
            for day_value, ids in by_day.items():
                key = f"day:{day_value}"
                info = self.listing(key)
                if info is None:
                    self._replace_listing(
                        key, "day", date.fromisoformat(day_value), IMPORTED_AT, ids, "import"
                    )
                elif info.source == "import" and info.fetched_at == IMPORTED_AT:
                    have = [r[0] for r in self.conn.execute(
                        "SELECT paper_id FROM listing_papers WHERE listing = ? "
                        "ORDER BY position", (key,)) if records.paper_id(r[0])]
                    known = set(have)
                    merged = have + [pid for pid in dict.fromkeys(ids) if pid not in known]
                    if len(merged) > len(have):
                        self._replace_listing(
                            key, "day", date.fromisoformat(day_value), IMPORTED_AT, merged,
                            "import",
                        )
            return result

    def clear(self) -> tuple[int, int]:
        """Forget everything fetched; returns (papers, listings) removed."""
        with self.transaction():
            papers = self.conn.execute("SELECT count(*) FROM papers").fetchone()[0]
            listings = self.conn.execute("SELECT count(*) FROM listings").fetchone()[0]
            # Dropping the index beats a per-row delete trigger on a big library.
            for trigger in ("insert", "delete", "update"):
                self.conn.execute(f"DROP TRIGGER papers_fts_{trigger}")
            self.conn.execute("DROP TABLE papers_fts")
            for table in ("listing_papers", "listings", "paper_families", "papers"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("DELETE FROM meta WHERE key LIKE 'detail:%'")
            for statement in FTS_SCHEMA:
                self.conn.execute(statement)
        self.conn.execute("VACUUM")
        return papers, listings

    # -- reads ---------------------------------------------------------------------

    @lenient
    def listing(self, key: str) -> ListingInfo | None:
        return _listing_info(self.conn.execute(
            "SELECT key, kind, fetched_at, count, source FROM listings WHERE key = ?", (key,)
        ).fetchone())

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

    @lenient
    def org_counts(self) -> list[tuple[str | None, str | None, int]]:
        """Each organization named in the library with its number of papers, most first."""
        rows = self.conn.execute(
            "SELECT org_name, max(org_fullname), count(*) AS n FROM papers "
            "WHERE org_name IS NOT NULL OR org_fullname IS NOT NULL "
            "GROUP BY coalesce(org_name, org_fullname) ORDER BY n DESC, 1"
        ).fetchall()
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
    def get_meta(self, key: str) -> str | None:
        """A stored setting; a value that is not text counts as absent (and damaged)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        if type(row[0]) is not str:
            records.note(self.path.name, f"meta {key}", skipped=True)
            return None
        return str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @lenient
    def damaged(self) -> records.Findings:
        """Every damaged record of the library, read in full (`papers cache info`): papers
        rows that make no paper or have a field of the wrong shape, listings whose key,
        time or count is unreadable, and settings that are not text."""
        found = records.Findings()
        for row in self.conn.execute(f"SELECT rowid, {PAPER_COLUMNS} FROM papers"):
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

    @lenient
    def family_counts(self) -> dict[str, int]:
        """Family -> number of papers naming it."""
        return {f: int(n) for f, n in self.conn.execute(
            "SELECT family, count(*) FROM paper_families GROUP BY family") if type(f) is str}

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

    @lenient
    def search_fts(self, match: str, limit: int) -> list[Paper]:
        """bm25-ranked hits of a safe FTS5 MATCH expression (`search.fts_query` builds it);
        limit -1: all of them. Ranks inside the index first, then reads only the winners."""
        rows = self.conn.execute(
            f"""SELECT {_P_COLUMNS} FROM (
                SELECT rowid, {BM25} AS score FROM papers_fts
                WHERE papers_fts MATCH ? ORDER BY score LIMIT ?
            ) hits JOIN papers p ON p.rowid = hits.rowid ORDER BY hits.score""",
            (match, limit),
        ).fetchall()
        return rows_to_papers(rows)

    def count_fts(self, match: str, among: Sequence[str] | None = None) -> int:
        """How many papers the MATCH expression finds (only those of `among`, if given)."""
        if among is None:
            row = self.conn.execute(
                "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (match,)).fetchone()
            return int(row[0])
        ids = list(among)[:500]
        marks = ", ".join("?" for _ in ids)
        row = self.conn.execute(
            "SELECT count(*) FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid "
            f"WHERE papers_fts MATCH ? AND p.id IN ({marks})", (match, *ids)).fetchone()
        return int(row[0])

    @lenient
    def browse(self, flt: Filter, *, limit: int | None = None, sort: str = "new"
               ) -> tuple[list[Paper], int]:
        """The library through a filter, in `sort` order (ORDER_SQL), and how many match in
        all. Everything but the word filters runs in SQL (families through their index), so
        a limited page reads only its own rows; word filters run in Python afterwards."""
        where, args = filter_sql(flt)
        marks = ", ".join("?" for _ in flt.families)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = ORDER_SQL.get(sort, ORDER_SQL["new"])
        sql = f"SELECT {_P_COLUMNS} FROM papers p{clause} ORDER BY {order}"
        if flt.in_python:
            papers = flt.apply(rows_to_papers(self.conn.execute(sql, args)))
            return (papers[:limit] if limit else papers), len(papers)
        only_families = len(where) == 1 and bool(flt.families)
        if only_families:  # the family index alone knows the count
            total = self.conn.execute(
                f"SELECT count(DISTINCT paper_id) FROM paper_families WHERE family IN ({marks})",
                flt.families).fetchone()[0]
        else:
            total = self.conn.execute(f"SELECT count(*) FROM papers p{clause}",
                                      args).fetchone()[0]
        if limit:
            # Pick the page by rowid first, then read only its (large) rows.
            page = f"SELECT p.rowid FROM papers p{clause} ORDER BY {order} LIMIT {int(limit)}"
            if only_families and sort == "new" and self._walk_in_order(total, limit):
                page = ("SELECT p.rowid FROM papers p INDEXED BY papers_published_id WHERE "
                        "EXISTS (SELECT 1 FROM paper_families f WHERE f.paper_id = p.id AND "
                        f"f.family IN ({marks})) ORDER BY {order} LIMIT {int(limit)}")
            sql = f"SELECT {_P_COLUMNS} FROM papers p WHERE p.rowid IN ({page}) ORDER BY {order}"
        return rows_to_papers(self.conn.execute(sql, args)), int(total)

    @lenient
    def count_within(self, flt: Filter, fts: str | None, authors: Sequence[str] = ()) -> int:
        """How many papers pass `flt` (as `browse` counts them), reading only the rows the
        full-text query `fts` and the folded `authors` (any of them in the authors column's
        text) let through: supersets of the word filters' matches, so Python confirms far
        fewer rows (`watches.watch_counts`)."""
        where, args = filter_sql(flt)
        if fts:
            where.append("p.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
            args.append(fts)
        if authors:
            self.conn.create_function("papercli_fold", 1, _fold, deterministic=True)
            where.append("(" + " OR ".join(
                "instr(papercli_fold(p.authors), ?) > 0" for _ in authors) + ")")
            args.extend(authors)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        rows = self.conn.execute(f"SELECT {_P_COLUMNS} FROM papers p{clause}", args)
        return sum(1 for p in rows_to_papers(rows) if flt.matches(p))

    def _walk_in_order(self, members: int, limit: int) -> bool:
        """Whether walking the newest papers (about limit * papers / members index steps)
        beats sorting every member (a row lookup each, several times dearer): true for
        common families. SQLite's planner cannot tell, and GPT (40% of a library) took
        116 ms its way against 0.1 ms walking, while a rare family is the other way round."""
        papers = self.conn.execute("SELECT max(rowid) FROM papers").fetchone()[0] or 0
        return 8 * members * members > limit * papers

    @lenient_stream
    def browse_all(self, flt: Filter, *, sort: str = "new") -> Iterator[Paper]:
        """Every paper through the filter in `browse` order, read from the cursor row by
        row, so an export of the whole library never holds it in memory."""
        where, args = filter_sql(flt)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = ORDER_SQL.get(sort, ORDER_SQL["new"])
        words = flt.in_python
        for row in self.conn.execute(
                f"SELECT {_P_COLUMNS} FROM papers p{clause} ORDER BY {order}", args):
            paper = row_to_paper(row)
            if paper is not None and (not words or flt.matches(paper)):
                yield paper

    # -- reads for ranking (ranking.py) --

    def max_rowid(self) -> int:
        """The highest rowid: grows with every paper added, drops when the library is
        cleared, and costs nothing to read (count(*) scans)."""
        return int(self.conn.execute("SELECT coalesce(max(rowid), 0) FROM papers").fetchone()[0])

    @lenient
    def texts(self, *, rowids: Sequence[int] = (), ids: Sequence[str] = ()
              ) -> list[tuple[str, str, str, str]]:
        """(id, title, summary, ai_keywords JSON) of the papers with these rowids (in
        rowid order) or ids, 500 per query; a row with a bad id or title is left out, a
        summary or keywords that are not text read as empty."""
        key, wanted = ("rowid", list(rowids)) if rowids else ("id", list(ids))
        out: list[tuple[str, str, str, str]] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            order = " ORDER BY rowid" if key == "rowid" else ""
            for pid, title, summary, keywords in self.conn.execute(
                    f"SELECT id, title, summary, ai_keywords FROM papers WHERE {key} IN ({marks})"
                    + order, chunk):
                if not records.paper_id(pid) or type(title) is not str:
                    records.note("library.db", pid, skipped=True)
                    continue
                if type(summary) is not str or type(keywords) is not str:
                    records.note("library.db", pid, skipped=False)
                out.append((pid, title, summary if type(summary) is str else "",
                            keywords if type(keywords) is str else "[]"))
        return out

    @lenient_stream
    def listed_papers(self, start: date, end: date) -> Iterator[Paper]:
        """The papers of the cached day listings from `end` back to `start`, each once (at
        its newest day), newest day first and in listing order within a day, read from
        the cursor row by row: `for-you` ranks years of listings without holding them."""
        # Keys are day:YYYY-MM-DD, so key order is day order. One query a day, in the
        # primary key's order (no sort); a paper also listed on a newer day in the range
        # (or earlier the same day) is left for that one.
        first, last = f"day:{start.isoformat()}", f"day:{end.isoformat()}"
        keys = [r[0] for r in self.conn.execute(
            "SELECT key FROM listings WHERE key BETWEEN ? AND ? ORDER BY key DESC",
            (first, last))]
        sql = f"""SELECT {_P_COLUMNS} FROM listing_papers lp JOIN papers p ON p.id = lp.paper_id
            WHERE lp.listing = ? AND NOT EXISTS (
                SELECT 1 FROM listing_papers o WHERE o.paper_id = lp.paper_id AND (
                    (o.listing > lp.listing AND o.listing <= ?)
                    OR (o.listing = lp.listing AND o.position < lp.position)))
            ORDER BY lp.position"""
        for key in keys:
            for row in self.conn.execute(sql, (key, last)):
                paper = row_to_paper(row)
                if paper is not None:
                    yield paper

    @lenient
    def fts_ids(self, match: str, limit: int) -> list[str]:
        """Ids the full-text index ranks best for a MATCH expression, weighing title,
        abstract and AI keywords (not authors); [] when SQLite rejects the expression."""
        try:
            rows = self.conn.execute(
                """SELECT p.id FROM (
                    SELECT rowid, bm25(papers_fts, 10.0, 1.0, 4.0, 0.0) AS score FROM papers_fts
                    WHERE papers_fts MATCH ? ORDER BY score LIMIT ?
                ) hits JOIN papers p ON p.rowid = hits.rowid ORDER BY hits.score""",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r[0] for r in rows if records.paper_id(r[0])]


# bm25 weights: title, abstract, AI keywords, authors.
BM25 = "bm25(papers_fts, 10.0, 1.0, 4.0, 2.0)"
_P_COLUMNS = ", ".join("p." + c.strip() for c in PAPER_COLUMNS.split(","))
# The library's orders, on plain columns so the published_at index can drive "new" (the
# library has no Hub order to keep: newest first is its natural one).
ORDER_SQL = {
    "new": "p.published_at DESC, p.id DESC",
    "upvotes": "p.upvotes DESC, p.published_at DESC, p.id DESC",
    "stars": "coalesce(p.github_stars, -1) DESC, p.published_at DESC, p.id DESC",
}


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def _fold(value: object) -> str:
    """criteria.fold in SQL (case and accents), for `count_within`'s author prefilter."""
    from papercli.criteria import fold

    return fold(value) if isinstance(value, str) else ""


def filter_sql(flt: Filter, alias: str = "p") -> tuple[list[str], list[object]]:
    """The SQL half of a Filter as WHERE terms and their arguments: each criterion's own
    term (criteria.CRITERIA); those without one (the word filters) stay in Python."""
    return flt.sql(alias)


class _Unusable(Exception):
    """The file is not a SQLite database, is damaged, or is someone else's database."""

    def __init__(self, inode: int | None) -> None:
        super().__init__()
        self.inode = inode  # which file we judged, in case another process replaces it


class _ReadOnly(Exception):
    """The file or its folder cannot be written after all (found on opening: a read-only
    file, or a full disk that cannot take even the -shm file); the message says which,
    and `problem` what stopped the write (a file-size limit, a full disk), if known."""

    def __init__(self, reason: str, problem: StoreError | None = None) -> None:
        super().__init__(reason)
        self.problem = problem


def _check_read_only_schema(conn: sqlite3.Connection, steps: Migrations, what: str) -> None:
    """A read-only database must already be at our schema: it cannot be migrated."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > steps.latest:
        steps.apply(conn, what)  # raises "written by a newer papercli"
    if version < steps.latest:
        raise StoreError(
            f"{what} is read-only and needs an upgrade this papercli cannot write",
            hint="make its folder writable once (any papers command upgrades it)",
        )


def _errorname(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _open_checked(path: Path) -> sqlite3.Connection:
    """Open and sniff the file: garbage or a stranger's database raises _Unusable.

    Only "not a database" and "corrupt" count as garbage. A busy file is another papers
    process creating or migrating the library (switching to WAL needs a moment alone):
    wait for it, never move a healthy library aside because it was locked.
    """
    if path.exists() and not path.is_file():
        raise StoreError(f"the library {path} is not a file", hint=f"remove {path}")
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(path)
            # Look before touching: a stranger's database must be moved aside unchanged.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if (version == 0 and tables) or (version > 0 and "papers" not in tables):
                conn.close()
                raise _Unusable(_inode(path))
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            name = _errorname(exc)
            if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                if time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                raise StoreError(
                    f"the library {path} stayed locked by another papers process "
                    f"for {BUSY_TIMEOUT:g}s",
                    hint="try again when the other command has finished",
                ) from None
            if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
                raise _Unusable(_inode(path)) from None
            if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")) and (
                path.is_file() and path.stat().st_size > 0
            ):
                if "READONLY" in name:
                    raise _ReadOnly("it is read-only") from None
                raise _ReadOnly(f"opening it failed: {exc}",
                                storage_error(exc, f"the library {path}", path)) from None
            raise storage_error(exc, f"the library {path}", path) or StoreError(
                f"cannot open the library {path}: {exc}") from None
        return conn


def _move_aside(path: Path, inode: int | None = None) -> Path | None:
    """Rename the unusable file (and its -wal/-shm) to a timestamped name; None when
    another process has already replaced it with a new library."""
    if inode is not None and _inode(path) != inode:
        return None
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            if side.exists():
                side.rename(Path(str(target) + suffix))
    except OSError as exc:
        raise StoreError(
            f"{path} is not a papercli library and cannot be moved aside: {exc.strerror}",
            hint=f"move or delete {path} by hand",
        ) from None
    return target
