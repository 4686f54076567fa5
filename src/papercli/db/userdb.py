"""The user's own data: stars, read marks, what `papers new` has shown, when it last looked.

It lives in its own SQLite file under the platformdirs *data* dir, not next to the library
in the cache dir, because it cannot be re-fetched: `papers cache clear` (or deleting the
cache dir) must never lose it. A star keeps a JSON snapshot of the paper record, so the
reading list still shows titles, authors and links after the library is cleared.

Same discipline as the library: WAL, a busy timeout, one `BEGIN IMMEDIATE` per write,
versioned migrations. Unlike the library, a file that is not ours is never moved aside and
replaced: it may be the user's only copy of their reading list, so we stop and say so.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercli import clock
from papercli.db import records
from papercli.db.connection import (
    Database,
    check_read_only_schema,
    connect,
    damaged,
    errorname,
    lenient,
    not_a_file,
    open_read_only,
    storage_error,
    unwritable,
    upgraded_copy,
)
from papercli.db.migrations import (
    Migrations,
    Undecodable,
    misshapen,
    readable_text,
    rename_marks,
    set_aside,
    set_aside_counts,
    subject_class_ids,
)
from papercli.errors import StoreError
from papercli.models import Paper
from papercli.paths import tilde

if TYPE_CHECKING:
    from papercli.paths import Place

migrations = Migrations()


@migrations
def _m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE stars (
            paper_id TEXT PRIMARY KEY,
            starred_at TEXT NOT NULL,
            record TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX stars_when ON stars(starred_at)")
    conn.execute(
        "CREATE TABLE read_marks (paper_id TEXT PRIMARY KEY, read_at TEXT NOT NULL)"
    )
    conn.execute(
        """CREATE TABLE seen (
            paper_id TEXT PRIMARY KEY,
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations
def _m002_hidden(conn: sqlite3.Connection) -> None:
    """`papers hide`: papers the user never wants to see again (a strong negative for the
    taste model, and kept out of `papers new`)."""
    conn.execute(
        """CREATE TABLE hidden (
            paper_id TEXT PRIMARY KEY,
            hidden_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX seen_when ON seen(seen_at)")


@migrations
def _m003_tags_and_notes(conn: sqlite3.Connection) -> None:
    """`papers tag` and `papers note`: labels and a Markdown note per paper. A tagged or
    noted paper also keeps a snapshot of its record (`kept`), as a star does, so its
    tags and note still show a title after `papers cache clear`. IF NOT EXISTS: a file
    set back to an older version by hand (its version lowered) still migrates."""
    conn.execute(
        """CREATE TABLE IF NOT EXISTS tags (
            paper_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            tagged_at TEXT NOT NULL,
            PRIMARY KEY (paper_id, tag)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX IF NOT EXISTS tags_by_tag ON tags(tag, paper_id)")
    conn.execute(
        """CREATE TABLE IF NOT EXISTS notes (
            paper_id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    conn.execute(
        """CREATE TABLE IF NOT EXISTS kept (
            paper_id TEXT PRIMARY KEY,
            record TEXT NOT NULL
        ) WITHOUT ROWID"""
    )


# The user database's tables by paper id, with the time of each mark (migration 4).
_MARKS = (("stars", "starred_at"), ("read_marks", "read_at"), ("seen", "seen_at"),
          ("hidden", "hidden_at"), ("tags", None), ("kept", None))


@migrations
def _m004_ids_without_subject_class(conn: sqlite3.Connection) -> None:
    """Marks made on an old-style id cited with its subject class (math.GT/0309136, as a
    BibTeX import kept it) move to arXiv's id (math/0309136), the only one papercli reads
    now. A paper marked under both keeps every mark: a star, read mark, hide or seen mark
    its earlier time, every tag of either, both notes (arXiv's id's first), and one
    record (arXiv's id's)."""
    with readable_text(conn):
        _marks_to_arxiv_ids(conn, subject_class_ids(conn, [*(t for t, _ in _MARKS), "notes"]))


def _marks_to_arxiv_ids(conn: sqlite3.Connection, renames: dict[str, str]) -> None:
    for old, new in renames.items():
        both = dict(conn.execute("SELECT paper_id, text FROM notes WHERE paper_id IN (?, ?)",
                                 (old, new)).fetchall())
        if len(both) == 2:
            mine, theirs = both[new], both[old]
            if isinstance(theirs, Undecodable):  # read as any note is (connection._LENIENT)
                theirs = theirs.decode("utf-8", errors="replace")
            if isinstance(theirs, str) and not (isinstance(mine, str)
                                                and theirs.strip() in mine):
                text = f"{mine.rstrip()}\n\n{theirs.lstrip()}" if isinstance(mine, str) \
                    else theirs  # a damaged note of arXiv's id gives way to a readable one
                conn.execute("UPDATE notes SET text = ? WHERE paper_id = ?", (text, new))
        rename_marks(conn, "notes", old, new, "updated_at", keep="max")
        for table, when in _MARKS:
            rename_marks(conn, table, old, new, when)


@migrations
def _m005_misshapen_ids_set_aside(conn: sqlite3.Connection) -> None:
    """Marks, tags and notes on an id that names no paper (`migrations.misshapen`: the
    wrong digit count for its month, `2608.1988`, or no such month; starred so until such
    ids were refused) move to set_aside_<table>: kept, but no
    longer "a damaged record" on every command, with no way to mark them again."""
    for table in (*(t for t, _ in _MARKS), "notes"):
        set_aside(conn, table, misshapen("paper_id"))


@migrations
def _m006_stars_newest_first(conn: sqlite3.Connection) -> None:
    """Stars of one second are listed newest first (`STAR_ORDER`: by rowid, highest
    first), where they were listed by rowid, lowest first: a star made a moment after
    another, by its own command, was listed below it. The stars are numbered again so
    that every list keeps the order it had (one command's, given in order, first to
    last)."""
    conn.execute("ALTER TABLE stars RENAME TO stars_before_6")
    conn.execute("DROP INDEX IF EXISTS stars_when")
    conn.execute(
        """CREATE TABLE stars (
            paper_id TEXT PRIMARY KEY,
            starred_at TEXT NOT NULL,
            record TEXT NOT NULL
        )"""
    )
    conn.execute("INSERT INTO stars (paper_id, starred_at, record) SELECT paper_id, "
                 "starred_at, record FROM stars_before_6 ORDER BY starred_at, rowid DESC")
    conn.execute("DROP TABLE stars_before_6")
    conn.execute("CREATE INDEX stars_when ON stars(starred_at)")


@migrations
def _m007_tags_and_seen_newest_first(conn: sqlite3.Connection) -> None:
    """Tags and seen marks of one second are listed newest first (`TAG_ORDER`,
    `SEEN_ORDER`: by rowid, highest first), as stars are (`_m006`): they were listed by
    paper id, so a paper tagged a moment after another, by its own command, could be
    listed below it. Both tables had no rowid (WITHOUT ROWID): they are made again with
    one, their rows numbered so that every list keeps the order it had (by paper id)."""
    for table, made, index in (
            ("tags", """CREATE TABLE tags (
                paper_id TEXT NOT NULL,
                tag TEXT NOT NULL,
                tagged_at TEXT NOT NULL,
                PRIMARY KEY (paper_id, tag)
            )""", ("tags_by_tag", "tag, paper_id", "tagged_at")),
            ("seen", """CREATE TABLE seen (
                paper_id TEXT PRIMARY KEY,
                seen_at TEXT NOT NULL
            )""", ("seen_when", "seen_at", "seen_at"))):
        name, on, when = index
        columns = "paper_id, tag, tagged_at" if table == "tags" else "paper_id, seen_at"
        conn.execute(f"ALTER TABLE {table} RENAME TO {table}_before_7")
        conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute(made)
        conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM "
                     f"{table}_before_7 ORDER BY {when}, paper_id DESC")
        conn.execute(f"DROP TABLE {table}_before_7")
        conn.execute(f"CREATE INDEX {name} ON {table}({on})")


# The reading list's order: the most recently starred first, and within one second (a
# clock pinned by PAPERS_NOW, or quick commands) the star made last; `star` adds one
# command's papers last to first, so that they are listed in the order given.
STAR_ORDER = "starred_at DESC, rowid DESC"
# A tag's papers and `new`'s seen marks alike: the most recent first, within one second
# the later command's (`add_tags` adds one command's papers last to first, so that they
# are listed in the order given).
TAG_ORDER = "tagged_at DESC, rowid DESC"
SEEN_ORDER = "seen_at DESC, rowid DESC"

WHERE = "user.db"  # how the one warning about damaged records names this file


def snapshot(paper: Paper) -> str:
    """A paper record as JSON, enough to rebuild the Paper without the library."""
    return json.dumps(paper._asdict(), ensure_ascii=False, sort_keys=True, allow_nan=False)


def from_snapshot(text: object, paper_id: str) -> Paper:
    """Rebuild a Paper from a snapshot, every field checked as a library row's is
    (records.paper): a damaged field is dropped, and a snapshot that makes no paper still
    yields a usable (bare) record; either way the star is counted as damaged."""
    paper, bad = _read_snapshot(text, paper_id)
    if bad:
        records.note(WHERE, f"star {paper_id}", skipped=False)
    return paper or Paper(id=paper_id, title=f"(record of {paper_id} unavailable)")


def _read_snapshot(text: object, paper_id: str) -> tuple[Paper | None, list[str]]:
    """(paper or None, names of the damaged fields) of a star's snapshot."""
    data: Any = None
    if type(text) is str:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
    if not isinstance(data, dict):
        return None, ["record"]
    return records.paper([paper_id, *(data.get(name) for name in records.COLUMNS[1:])])


def _checked(rows: Iterable[Sequence[Any]], table: str) -> Iterator[tuple[str, str]]:
    """(paper id, time) rows of a marks table, a row with a bad id left out and a bad time
    read as the epoch (both counted)."""
    for pid, when in rows:
        if not records.paper_id(pid):
            records.note(WHERE, f"{table} {pid!r}", skipped=True)
            continue
        stamp, ok = records.timestamp(when)
        if not ok or stamp is None:
            records.note(WHERE, f"{table} {pid}", skipped=False)
        yield pid, stamp or EPOCH


EPOCH = "1970-01-01T00:00:00Z"  # when a mark's time is unreadable


class _CannotWrite(Exception):
    """Opening for writing met a full or read-only disk; the message says which, and
    `problem` is the whole error, said when reading it fails too."""

    def __init__(self, problem: StoreError) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _open_failure(
    exc: sqlite3.Error, path: Path, what: str, read_only: str | None
) -> Exception | None:
    """A disk problem met while opening: _CannotWrite (try again read-only: reading may
    still work) for an existing file opened for writing, else the StoreError saying it."""
    problem = storage_error(exc, what, path)
    if problem is not None and read_only is None and path.is_file() and path.stat().st_size:
        return _CannotWrite(problem)
    return problem


def _unusable(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """The file SQLite cannot read as a database (other bytes written over it: "not a
    database"; a damaged page: "malformed"), or one whose tables are not the shape its
    schema version promises ("no such column"), as the error to raise: one line that says
    to move it aside and keep it, never that papers replaces it (it may be the user's
    only copy of their stars). None for any other error."""
    if damaged(exc):
        state = "is unreadable" if errorname(exc).startswith("SQLITE_NOTADB") \
            else "is damaged"
    elif isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(
            ("no such column", "no such table", "table ")):
        state = "is damaged"
    else:
        return None
    return unusable_file(path, state, str(exc))


def unusable_file(path: Path, state: str, detail: str) -> StoreError:
    """The error for a user database papers cannot use as it is (`state`: "is damaged",
    "is unreadable"; `detail`: what SQLite or the check found), said in 80 columns
    by its name, and for a listing's warning as a folder there is (`reading.not_shown`:
    "stars and notes not shown: user.db is damaged — move it aside")."""
    error = StoreError(f"{UserDB.label} {path} {state} ({detail})", hint=UserDB.DAMAGE_HINT)
    error.shorter = [(f"{tilde(path)} {state}", "move it aside and keep it"),
                     (f"{path.name} {state}", "move it aside and keep it"),
                     (f"{path.name} {state}", "move it aside")]
    error.gist = f"{path.name} {state} — move it aside"
    return error


_SHAPE: dict[str, set[str]] = {}  # table -> its columns, as our migrations make them


def _check_shape(conn: sqlite3.Connection, path: Path) -> None:
    """Every table our migrations make is there with its columns: a table of another
    shape (made by hand, or by a build that numbered its steps otherwise) failed every
    listing with "no such column" once read, and `tag` with a traceback."""
    if not _SHAPE:
        model = sqlite3.connect(":memory:", isolation_level=None)
        try:
            migrations.apply(model, "a model user database")
            _SHAPE.update(_shape(model))
        finally:
            model.close()
    found = _shape(conn)
    for table, columns in _SHAPE.items():
        if table not in found:
            raise unusable_file(path, "is damaged", f"it has no table {table}")
        if missing := sorted(columns - found[table]):
            raise unusable_file(path, "is damaged",
                                f"its table {table} has no column {missing[0]}")


def _shape(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """table -> its columns, for the tables of `conn` (set-aside ones left out)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'set_aside_%'")]
    return {name: {str(r[1]) for r in conn.execute(f'PRAGMA table_info("{name}")')}
            for name in names}


def _by_name(error: StoreError, path: Path) -> StoreError:
    """`error` given shorter ways to say it where it has none: the whole path as ~/…, then
    as the file's name (a read-only folder, a full disk, a file SQLite cannot open made
    lines of 120 to 200 columns with a usual home)."""
    whole = str(path)
    if error.shorter or whole not in f"{error.message} {error.hint or ''}":
        return error
    hint = error.hint

    def said(text: str | None, name: str) -> str | None:
        return text.replace(f"{UserDB.label} {whole}", name).replace(whole, name) \
            if text else text

    error.shorter = [(said(error.message, tilde(path)) or "", said(hint, tilde(path))),
                     (said(error.message, path.name) or "", said(hint, path.name)),
                     (said(error.message, path.name) or "", None)]
    return error


@dataclass(frozen=True)
class Star:
    paper: Paper
    starred_at: str


class UserDB(Database):
    """Stars, read marks, seen marks, hides, tags and notes. Open with `UserDB.open(path)`."""

    label = "the user database"
    place: Place = "data"
    DAMAGE_HINT = ("move it aside by hand and keep it (your stars, read marks, tags and notes "
                   "are in it), and papers starts a new one")

    def damage(self, exc: sqlite3.DatabaseError) -> StoreError | None:
        """A damaged page of user.db is a StoreError: a listing shows its papers without
        your marks and says why, rather than failing as a whole."""
        if not damaged(exc):
            return None
        error = StoreError(f"{self.label} {self.path} is damaged ({exc})",
                           hint=self.DAMAGE_HINT)
        # (the path and the hint made 250 columns; a warning built on it 170)
        error.shorter = [(f"{tilde(self.path)} is damaged ({exc})", "move it aside and keep it"),
                         (f"{self.label} is damaged ({exc})", "move it aside and keep it"),
                         (f"{self.label} is damaged", "move it aside and keep it")]
        error.gist = f"{self.path.name} is damaged"
        return error

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> UserDB:
        """Open the user database (a missing one is created by the first write, or now
        with `create`). Only a file that is not ours or is damaged
        gets "move it aside"; a full disk or a read-only file says so instead (the file is
        fine, and it holds the user's stars). One that cannot be written (a read-only
        folder, a disk too full for its -shm file) is opened read-only: reads work. A
        symbolic link there is never written through (a star wrote through it, and created
        the file it pointed at when that was missing): a link to a file is read through,
        as config.toml is, every write refused; a link to nothing is refused. Every error
        fits 80 columns said by the file's name (`_by_name`): the whole path made 140 to
        270."""
        try:
            return cls._checked_open(path, create)
        except StoreError as error:
            raise _by_name(error, path) from None

    @classmethod
    def _checked_open(cls, path: Path, create: bool) -> UserDB:
        if path.is_symlink():
            error = StoreError(
                f"{cls.label} {path} is a symbolic link (papers never writes through one)",
                hint=f"move {path} aside by hand and put the file itself there")
            error.shorter = [(f"{tilde(path)} is a symbolic link", "put the file itself there"),
                             (f"{path.name} is a symbolic link", "put the file itself there")]
            error.gist = f"{path.name} is a link — move it aside"
            if not path.is_file():
                raise error
            db = cls._open(path, "it is a symbolic link")
            db.refused = error
            return db
        if path.exists() and not path.is_file():
            error = not_a_file(cls.label, path, f"move {path} aside by hand (papers keeps "
                               "your stars and marks in a file there)", "move it aside")
            # (by its name alone, for a warning that says what is not shown too:
            # `reading.not_shown`)
            error.gist = (f"{path.name} is {'a folder' if path.is_dir() else 'not a file'} "
                          "— move it aside")
            raise error
        blocked = unwritable(path)
        empty = cls.stand_in(path, blocked, migrations)
        if empty is not None:
            return empty
        if not create and not path.exists():  # (made by the first write: a read makes none)
            return cls.unborn(path, migrations, lambda: cls.open(path, create=True))
        if blocked is not None:
            return cls._open(path, *blocked)
        try:
            return cls._open(path, None)
        except _CannotWrite as exc:
            try:
                return cls._open(path, str(exc))
            except StoreError:
                # Not readable as it is either (half created, not yet migrated): say what
                # stopped the write, not that it "needs an upgrade".
                raise exc.problem from None

    @classmethod
    def _open(cls, path: Path, read_only: str | None, fix: Path | None = None) -> UserDB:
        what = f"the user database {path}"
        hint = f"move {path} aside by hand (stars, read and seen marks live there)"
        version = 0
        try:
            conn = open_read_only(path, what) if read_only else connect(path)
        except sqlite3.Error as exc:
            raise _unusable(exc, path) or _open_failure(exc, path, what, read_only) or StoreError(
                f"cannot open {what}: {exc}", hint=hint) from None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if (version == 0 and tables) or (version > 0 and "stars" not in tables):
                error = StoreError(f"{what} is not a papercli user database", hint=hint)
                # (the whole path twice made 200 columns; a warning built on it 173)
                error.shorter = [(f"{tilde(path)} is not a papercli user database",
                                  "move it aside by hand"),
                                 (f"{tilde(path)} is not papercli's", "move it aside"),
                                 (f"{path.name} is not papercli's", "move it aside")]
                error.gist = f"{path.name} is not papercli's — move it aside"
                raise error
            older = read_only and 0 < version < migrations.latest  # (0: half created)
            if older and (copy := upgraded_copy(conn, migrations, what, path)) is not None:
                # An earlier papercli's file we cannot upgrade: read from an upgraded copy
                # (stars, tags and notes show; a write still says what to make writable).
                conn.close()
                conn = copy
            elif read_only:
                check_read_only_schema(conn, migrations, what, read_only, fix or path,
                                       label=cls.label, path=path)
            else:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                migrations.apply(conn, what, cls.label)
            _check_shape(conn, path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _unusable(exc, path) or _open_failure(exc, path, what, read_only) or StoreError(
                f"{what} is unreadable ({exc})", hint=hint) from None
        except StoreError as error:
            conn.close()
            if version > migrations.latest and not error.gist:
                # (a listing's warning built on it made 215 columns with the path)
                error.gist = f"a newer papercli wrote {path.name}"
            raise
        db = cls(conn, path)
        db.read_only = read_only
        db.read_only_path = fix
        return db

    # -- stars -----------------------------------------------------------------------

    def star(self, papers: Sequence[Paper], at: str | None = None) -> list[str]:
        """Star papers (refreshing the snapshot of ones already starred, keeping when they
        were first starred); returns the ids that were not starred before. Listed above
        every earlier star, in the order given (`STAR_ORDER`: added last to first)."""
        stamp = at or clock.iso(clock.now())
        with self.transaction() as conn:
            before = self._present("stars", [p.id for p in papers])
            conn.executemany(
                """INSERT INTO stars (paper_id, starred_at, record) VALUES (?, ?, ?)
                ON CONFLICT(paper_id) DO UPDATE SET record = excluded.record""",
                [(p.id, stamp, snapshot(p)) for p in reversed(papers)],
            )
        return [p.id for p in papers if p.id not in before]

    def restore_stars(self, stars: Sequence[tuple[Paper, str]]) -> list[str]:
        """Stars given back by an import, each at the time it was made (paper, starred_at);
        a paper already starred keeps its own star, time and snapshot. Those of one second
        are listed in the order given (`star`'s), above the stars already there. Returns
        the ids that were not starred before."""
        with self.transaction() as conn:
            before = self._present("stars", [p.id for p, _ in stars])
            conn.executemany(
                "INSERT OR IGNORE INTO stars (paper_id, starred_at, record) VALUES (?, ?, ?)",
                [(p.id, when, snapshot(p)) for p, when in reversed(stars)],
            )
        return [p.id for p, _ in stars if p.id not in before]

    def unstar(self, ids: Sequence[str]) -> list[str]:
        """Remove stars; returns the ids that were starred."""
        with self.transaction() as conn:
            present = self._present("stars", ids)
            conn.executemany("DELETE FROM stars WHERE paper_id = ?", [(i,) for i in present])
        return [i for i in ids if i in present]

    @lenient
    def stars(self) -> list[Star]:
        """Every star, most recently starred first (`STAR_ORDER`)."""
        rows = self.conn.execute(
            "SELECT paper_id, starred_at, record FROM stars ORDER BY " + STAR_ORDER
        ).fetchall()
        return [self._star(pid, when, rec) for pid, when, rec in rows
                if self._star_id(pid)]

    @lenient
    def stars_among(self, paper_ids: Sequence[str]) -> list[Star]:
        """The stars of those of `paper_ids` that are starred, in `stars`' order: the few
        a caller asks about (`reading.kept_copies`) in one query, not every star read."""
        rows = self.conn.execute(
            "SELECT paper_id, starred_at, record FROM stars WHERE paper_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY " + STAR_ORDER,
            (json.dumps(list(paper_ids)),)).fetchall()
        return [self._star(pid, when, rec) for pid, when, rec in rows
                if self._star_id(pid)]

    @lenient
    def star_ids(self) -> set[str]:
        """The ids of every starred paper (no records read: `--starred`'s filter)."""
        return set(self.star_times())

    @lenient
    def star_times(self) -> dict[str, str]:
        """paper id -> when it was starred, for every star, in `stars`' order (no records
        read: the ★ of a listing's rows, an export's starred_order)."""
        out: dict[str, str] = {}
        for pid, when in self.conn.execute(
                "SELECT paper_id, starred_at FROM stars ORDER BY " + STAR_ORDER):
            if self._star_id(pid):
                stamp, _ = records.timestamp(when)
                out[pid] = stamp or EPOCH
        return out

    @lenient
    def star_of(self, paper_id: str) -> Star | None:
        row = self.conn.execute(
            "SELECT starred_at, record FROM stars WHERE paper_id = ?", (paper_id,)
        ).fetchone()
        return self._star(paper_id, row[0], row[1]) if row else None

    @staticmethod
    def _star_id(pid: object) -> bool:
        if records.paper_id(pid):
            return True
        records.note(WHERE, f"star {pid!r}", skipped=True)
        return False

    @staticmethod
    def _star(paper_id: str, when: object, record: object) -> Star:
        stamp, ok = records.timestamp(when)
        if not ok or stamp is None:
            records.note(WHERE, f"star {paper_id}", skipped=False)
        return Star(from_snapshot(record, paper_id), stamp or EPOCH)

    # -- read marks ------------------------------------------------------------------

    def mark_read(self, ids: Sequence[str], at: str | None = None) -> list[str]:
        """Mark papers read; returns the ids that were unread."""
        stamp = at or clock.iso(clock.now())
        with self.transaction() as conn:
            before = self._present("read_marks", ids)
            conn.executemany(
                "INSERT OR IGNORE INTO read_marks (paper_id, read_at) VALUES (?, ?)",
                [(i, stamp) for i in ids],
            )
        return [i for i in ids if i not in before]

    def restore_read(self, marks: Sequence[tuple[str, str]]) -> list[str]:
        """Read marks given back by an import, each at its own time (paper id, read_at); a
        paper already marked read keeps its mark. Returns the ids that were unread."""
        with self.transaction() as conn:
            before = self._present("read_marks", [pid for pid, _ in marks])
            conn.executemany(
                "INSERT OR IGNORE INTO read_marks (paper_id, read_at) VALUES (?, ?)", marks)
        return [pid for pid, _ in marks if pid not in before]

    def mark_unread(self, ids: Sequence[str]) -> list[str]:
        """Remove read marks; returns the ids that were marked read."""
        with self.transaction() as conn:
            present = self._present("read_marks", ids)
            conn.executemany("DELETE FROM read_marks WHERE paper_id = ?", [(i,) for i in present])
        return [i for i in ids if i in present]

    @lenient
    def read_marks(self, ids: Iterable[str]) -> dict[str, str]:
        """paper id -> when it was marked read, for those of `ids` that are."""
        out: dict[str, str] = {}
        wanted = list(dict.fromkeys(ids))
        for chunk in _chunks(wanted):
            marks = ", ".join("?" for _ in chunk)
            out.update(_checked(self.conn.execute(
                f"SELECT paper_id, read_at FROM read_marks WHERE paper_id IN ({marks})", chunk
            ), "read mark"))
        return out

    # -- seen marks and the last check (papers new) -----------------------------------

    @lenient
    def seen(self, ids: Iterable[str]) -> set[str]:
        return self._present("seen", list(dict.fromkeys(ids)))

    def record_check(self, ids: Sequence[str], next_start: str | None,
                     checkpoints: Mapping[str, str] | None = None, at: str | None = None
                     ) -> None:
        """Mark papers as shown and say where the next `papers new` starts (None: where it
        did, for a run that read no Daily Papers day), and the other `checkpoints`, meta
        keys such as arXiv's, atomically."""
        stamp = at or clock.iso(clock.now())
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO seen (paper_id, seen_at) VALUES (?, ?)",
                [(i, stamp) for i in ids],
            )
            if next_start is not None:
                self.set_meta("new.next_start", next_start)
            self.set_meta("new.checked_at", stamp)
            for key, value in (checkpoints or {}).items():
                self.set_meta(key, value)

    def set_aside(self) -> dict[str, int]:
        """{table: rows} an upgrade moved aside (ids that name no paper)."""
        return set_aside_counts(self.conn)

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("stars", "read_marks", "seen")
        }

    # -- hidden papers and what the taste model reads (papercli.ranking) -------------

    def hide(self, ids: Sequence[str], at: str | None = None) -> list[str]:
        """Hide papers; returns the ids that were not hidden before."""
        stamp = at or clock.iso(clock.now())
        with self.transaction() as conn:
            before = self._present("hidden", ids)
            conn.executemany(
                "INSERT OR IGNORE INTO hidden (paper_id, hidden_at) VALUES (?, ?)",
                [(i, stamp) for i in ids],
            )
        return [i for i in ids if i not in before]

    def unhide(self, ids: Sequence[str]) -> list[str]:
        """Show papers again; returns the ids that were hidden."""
        with self.transaction() as conn:
            present = self._present("hidden", ids)
            conn.executemany("DELETE FROM hidden WHERE paper_id = ?", [(i,) for i in present])
        return [i for i in ids if i in present]

    @lenient
    def hidden(self) -> set[str]:
        """Every hidden paper's id (for `new`, digests and the taste model)."""
        return {pid for pid, _ in _checked(
            self.conn.execute("SELECT paper_id, hidden_at FROM hidden"), "hidden")}

    @lenient
    def all_read(self) -> dict[str, str]:
        """Every read mark: paper id -> when."""
        return dict(_checked(self.conn.execute("SELECT paper_id, read_at FROM read_marks"),
                             "read mark"))

    @lenient
    def recent_seen(self, limit: int) -> list[str]:
        """The ids `papers new` showed most recently, at most `limit`."""
        return [r[0] for r in self.conn.execute(
            "SELECT paper_id FROM seen ORDER BY " + SEEN_ORDER + " LIMIT ?", (limit,))
            if records.paper_id(r[0])]

    @lenient
    def seen_state(self) -> tuple[int, str | None]:
        """(how many seen marks, the latest): changes whenever `papers new` marks some."""
        row = self.conn.execute("SELECT count(*), max(seen_at) FROM seen").fetchone()
        return int(row[0]), row[1] if type(row[1]) is str else None

    # -- tags and notes (papercli.tags, papercli.notes) -------------------------------

    def add_tags(self, paper_ids: Sequence[str], tags: Sequence[str],
                 at: str | None = None) -> int:
        """Put each tag (already normalised: tags.normalize_tag) on each paper; returns
        how many (paper, tag) pairs are new. Listed above every earlier paper of the tag,
        in the order given (`TAG_ORDER`: added last to first)."""
        stamp = at or clock.iso(clock.now())
        pairs = [(pid, tag) for pid in dict.fromkeys(paper_ids) for tag in dict.fromkeys(tags)]
        with self.transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, tag, tagged_at) VALUES (?, ?, ?)",
                [(pid, tag, stamp) for pid, tag in reversed(pairs)])
            return conn.total_changes - before

    def remove_tags(self, paper_ids: Sequence[str], tags: Sequence[str]) -> int:
        """Take tags off papers; returns how many (paper, tag) pairs were there."""
        pairs = [(pid, tag) for pid in dict.fromkeys(paper_ids) for tag in dict.fromkeys(tags)]
        with self.transaction() as conn:
            before = conn.total_changes
            conn.executemany("DELETE FROM tags WHERE paper_id = ? AND tag = ?", pairs)
            return conn.total_changes - before

    def rename_tags(self, renames: Mapping[str, str]) -> tuple[int, int]:
        """Each tag of `renames` becomes its new name (normalised) on every paper carrying
        it, all in one transaction (`tags --rename` of a tag and those nested under it).
        The pairs are read before any changes, so `ml` -> `ml/old` beside `ml/old` ->
        `ml/old/old` moves each paper once: renamed one after the other, the second
        carried the first's papers on. A paper that already had a new name keeps it as it
        was (its time). Returns (papers that carried one of the tags, pairs that merged
        into a tag the paper already had)."""
        olds = list(dict.fromkeys(renames))
        with self.transaction() as conn:
            rows: list[tuple[int, str, str, str]] = []
            for chunk in _chunks(olds):
                marks = ", ".join("?" for _ in chunk)
                rows += conn.execute(
                    "SELECT rowid, paper_id, tag, tagged_at FROM tags "
                    f"WHERE tag IN ({marks})", chunk).fetchall()
            # (added again in the order they were, so a renamed tag's list keeps its order)
            pairs = [(pid, tag, at) for _, pid, tag, at in sorted(rows)]
            conn.executemany("DELETE FROM tags WHERE tag = ?", [(t,) for t in olds])
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, tag, tagged_at) VALUES (?, ?, ?)",
                [(pid, renames[tag], at) for pid, tag, at in pairs])
            merged = len(pairs) - (conn.total_changes - before)
            return len({pid for pid, _, _ in pairs}), merged

    def delete_tags(self, tags: Sequence[str]) -> tuple[int, int]:
        """Take these tags off every paper; returns (how many (paper, tag) pairs went,
        from how many papers)."""
        names = list(dict.fromkeys(tags))
        with self.transaction() as conn:
            papers: set[str] = set()
            for chunk in _chunks(names):
                marks = ", ".join("?" for _ in chunk)
                papers.update(pid for (pid,) in conn.execute(
                    f"SELECT paper_id FROM tags WHERE tag IN ({marks})", chunk))
            before = conn.total_changes
            conn.executemany("DELETE FROM tags WHERE tag = ?", [(t,) for t in names])
            return conn.total_changes - before, len(papers)

    @lenient
    def tags_of(self, paper_ids: Sequence[str]) -> dict[str, list[str]]:
        """paper id -> its tags (sorted), for those of `paper_ids` that have any."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(list(dict.fromkeys(paper_ids))):
            marks = ", ".join("?" for _ in chunk)
            for pid, tag in _tag_rows(self.conn.execute(
                    f"SELECT paper_id, tag FROM tags WHERE paper_id IN ({marks}) "
                    "ORDER BY paper_id, tag", chunk)):
                out.setdefault(pid, []).append(tag)
        return out

    @lenient
    def all_tags(self) -> dict[str, list[str]]:
        """Every tagged paper's id -> its tags (sorted)."""
        out: dict[str, list[str]] = {}
        for pid, tag in _tag_rows(self.conn.execute(
                "SELECT paper_id, tag FROM tags ORDER BY paper_id, tag")):
            out.setdefault(pid, []).append(tag)
        return out

    @lenient
    def tag_counts(self) -> list[tuple[str, int]]:
        """(tag, how many papers carry it), most used first, then by name."""
        counts: dict[str, int] = {}
        for _, tag in _tag_rows(self.conn.execute("SELECT paper_id, tag FROM tags")):
            counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @lenient
    def tagged(self, tag: str) -> list[str]:
        """The ids of the papers carrying `tag` (normalised), most recently tagged first."""
        return [pid for pid, _ in _tag_rows(self.conn.execute(
            "SELECT paper_id, tag FROM tags WHERE tag = ? ORDER BY " + TAG_ORDER, (tag,)))]

    @lenient
    def tagged_under(self, tag: str) -> list[str]:
        """The ids of the papers carrying a tag nested under `tag` (normalised): `tag/…`,
        by the tag index (the range from `tag/` up to `tag0`, '0' following '/')."""
        base = tag.rstrip("/")
        return [pid for pid, _ in _tag_rows(self.conn.execute(
            "SELECT paper_id, tag FROM tags WHERE tag >= ? AND tag < ?",
            (base + "/", base + "0")))]

    @lenient
    def note_of(self, paper_id: str) -> str | None:
        """The paper's note, or None."""
        return self.notes_of([paper_id]).get(paper_id)

    @lenient
    def notes_of(self, paper_ids: Sequence[str]) -> dict[str, str]:
        """paper id -> its note, for those of `paper_ids` that have one."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(paper_ids))):
            marks = ", ".join("?" for _ in chunk)
            out.update(_note_rows(self.conn.execute(
                f"SELECT paper_id, text FROM notes WHERE paper_id IN ({marks})", chunk)))
        return out

    @lenient
    def all_notes(self) -> dict[str, str]:
        """Every note: paper id -> text (notes are few: `search` reads them all)."""
        return dict(_note_rows(self.conn.execute("SELECT paper_id, text FROM notes")))

    @lenient
    def noted_ids(self) -> set[str]:
        """The ids of the papers with a note (no text read: `--noted`'s filter)."""
        out: set[str] = set()
        for (pid,) in self.conn.execute("SELECT paper_id FROM notes"):
            if records.paper_id(pid):
                out.add(pid)
            else:
                records.note(WHERE, f"note {pid!r}", skipped=True)
        return out

    def set_note(self, paper_id: str, text: str | None, at: str | None = None) -> None:
        """Replace the paper's note; None or blank text removes it."""
        stamp = at or clock.iso(clock.now())
        with self.transaction() as conn:
            if text is None or not text.strip():
                conn.execute("DELETE FROM notes WHERE paper_id = ?", (paper_id,))
            else:
                conn.execute(
                    """INSERT INTO notes (paper_id, text, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(paper_id) DO UPDATE SET text = excluded.text,
                    updated_at = excluded.updated_at""", (paper_id, text, stamp))

    def keep(self, papers: Sequence[Paper]) -> None:
        """Keep a snapshot of these papers' records (a tagged or noted paper's title
        survives `papers cache clear`, as a starred one's does)."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO kept (paper_id, record) VALUES (?, ?) "
                "ON CONFLICT(paper_id) DO UPDATE SET record = excluded.record",
                [(p.id, snapshot(p)) for p in papers])

    @lenient
    def kept(self, paper_ids: Sequence[str]) -> dict[str, Paper]:
        """paper id -> its kept record, for those of `paper_ids` that have one (a damaged
        snapshot is left out and counted)."""
        out: dict[str, Paper] = {}
        for chunk in _chunks(list(dict.fromkeys(paper_ids))):
            marks = ", ".join("?" for _ in chunk)
            for pid, record in self.conn.execute(
                    f"SELECT paper_id, record FROM kept WHERE paper_id IN ({marks})", chunk):
                paper, bad = _read_snapshot(record, pid) if records.paper_id(pid) else (
                    None, ["paper_id"])
                if bad:
                    records.note(WHERE, f"kept {pid!r}", skipped=paper is None)
                if paper is not None:
                    out[pid] = paper
        return out

    @lenient
    def damaged(self) -> records.Findings:
        """Every damaged record, read in full (`papers cache info --check`): stars whose id, time
        or snapshot is unreadable, marks whose id or time is, settings that are not text."""
        found = records.Findings()
        for pid, when, record in self.conn.execute(
                "SELECT paper_id, starred_at, record FROM stars"):
            if not records.paper_id(pid):
                found.add("stars", pid, ["paper_id"], skipped=True)
                continue
            bad = [] if records.timestamp(when)[1] and when is not None else ["starred_at"]
            bad += _read_snapshot(record, pid)[1]
            if bad:
                found.add("stars", pid, bad, skipped=False)
        for table, column in (("read_marks", "read_at"), ("hidden", "hidden_at"),
                              ("seen", "seen_at")):
            found.marks(table, self.conn.execute(f"SELECT paper_id, {column} FROM {table}"))
        found.meta(self.conn.execute("SELECT key, value FROM meta"))
        for pid, tag in self.conn.execute("SELECT paper_id, tag FROM tags"):
            bad = [name for name, ok in (("paper_id", records.paper_id(pid)),
                                         ("tag", records.is_tag(tag))) if not ok]
            if bad:
                found.add("tags", pid, bad, skipped=True)
        for pid, text in self.conn.execute("SELECT paper_id, text FROM notes"):
            if not records.paper_id(pid) or type(text) is not str:
                found.add("notes", pid, ["paper_id" if not records.paper_id(pid) else "text"],
                          skipped=True)
        return found

    @lenient
    def _present(self, table: str, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids)):
            marks = ", ".join("?" for _ in chunk)
            found.update(r[0] for r in self.conn.execute(
                f"SELECT paper_id FROM {table} WHERE paper_id IN ({marks})", chunk
            ))
        return found


def _tag_rows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[str, str]]:
    """(paper id, tag) rows of the tags table, a row whose id or tag is unsound left out
    (and counted)."""
    for pid, tag in rows:
        if records.paper_id(pid) and records.is_tag(tag):
            yield pid, tag
        else:
            records.note(WHERE, f"tag {pid!r} {tag!r}"[:100], skipped=True)


def _note_rows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[str, str]]:
    """(paper id, text) rows of the notes table, a row whose id or text is unsound left
    out (and counted)."""
    for pid, text in rows:
        if records.paper_id(pid) and type(text) is str:
            yield pid, text
        else:
            records.note(WHERE, f"note {pid!r}", skipped=True)


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
