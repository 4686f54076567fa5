"""Versioned schema steps, applied in order under `PRAGMA user_version`.

A `Migrations` is a list filled by a decorator: step N leaves the database at version N,
each step in its own `BEGIN IMMEDIATE` transaction, so two processes opening an old file
at once migrate it once. A file written by a newer papercli is refused, never downgraded.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator

from papercli.errors import StoreError

Step = Callable[[sqlite3.Connection], None]


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

    def applied(self, conn: sqlite3.Connection) -> list[str]:
        """The names of the steps this file has had, oldest first. The version is the
        record (`PRAGMA user_version`), so files stay as earlier papercli wrote them."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return [step.__name__ for step in self.steps[:version]]

    def apply(self, conn: sqlite3.Connection, what: str, label: str | None = None) -> None:
        """Bring the file (`what`: its label and path; `label`: the label alone, for a
        line without the path) up to the latest step; a newer one's is refused."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > self.latest:
            error = StoreError(
                f"{what} was written by a newer papercli (schema {version}, "
                f"this version knows {self.latest})",
                hint="upgrade papercli (pip install -U papercli)",
            )
            # The path and both numbers made 177 (the library) to 185 (the user database)
            # columns with a usual home: said without them (PAPERS_DEBUG says all).
            said = label or what
            error.shorter = [(f"a newer papercli (schema {version}) wrote {said}",
                              "upgrade papercli"),
                             (f"a newer papercli wrote {said}", "pip install -U papercli"),
                             (f"a newer papercli wrote {said}", "upgrade papercli")]
            raise error
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
                rollback(conn)
                raise


def rollback(conn: sqlite3.Connection) -> None:
    """Undo what is left: SQLite may have rolled back already (a full disk or a file-size
    limit does), and a ROLLBACK then would only replace the real error with "cannot
    rollback - no transaction is active"."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


# An old-style arXiv id cited with its subject class (math.GT/0309136): arXiv's own id
# has none (math/0309136). Written here, not taken from models.normalize_id, so the steps
# that use it rename exactly what they renamed when they were written.
_SUBJECT_CLASS = re.compile(r"([a-z][a-z\-]*)\.[A-Z]{2}(/[0-9]{7})")


class Undecodable(bytes):
    """A text value that is not UTF-8, as `readable_text` reads it: a damaged value a
    step leaves where it is rather than failing the whole open on it."""


def _text(raw: bytes) -> str | Undecodable:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Undecodable(raw)


@contextlib.contextmanager
def readable_text(conn: sqlite3.Connection) -> Iterator[None]:
    """Text read as str, or as `Undecodable` when it is not UTF-8 (sqlite3 would raise)."""
    before = conn.text_factory
    conn.text_factory = _text
    try:
        yield
    finally:
        conn.text_factory = before


def subject_class_ids(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, str]:
    """{id with a subject class: arXiv's id} of every such `paper_id` in `tables`. Read as
    bytes: a damaged value (not UTF-8, not text) is no such id and is left as it is."""
    renames: dict[str, str] = {}
    for table in tables:
        column = "id" if table == "papers" else "paper_id"
        for (raw,) in conn.execute(
                f"SELECT DISTINCT CAST({column} AS BLOB) FROM {table} "
                f"WHERE typeof({column}) = 'text' AND {column} GLOB '*.[A-Z][A-Z]/*'"):
            try:
                text = bytes(raw).decode("utf-8")
            except (TypeError, UnicodeDecodeError):
                continue
            if match := _SUBJECT_CLASS.fullmatch(text):
                renames[text] = match[1] + match[2]
    return renames


def rename_marks(conn: sqlite3.Connection, table: str, old: str, new: str,
                 when: str | None, keep: str = "min") -> None:
    """Move one paper's row of a table keyed by paper id from `old` to `new`. When `new`
    has one already, it stays, taking the earlier (`keep` "min") or later time of the two:
    a star, read mark or hide is never lost, and never dated later than it was made."""
    if when is not None:
        both = conn.execute(f"SELECT {when} FROM {table} WHERE paper_id IN (?, ?)",
                            (old, new)).fetchall()
        times = [t for (t,) in both if isinstance(t, str)]  # a damaged time loses
        if len(both) == 2 and times:
            chosen = min(times) if keep == "min" else max(times)
            conn.execute(f"UPDATE {table} SET {when} = ? WHERE paper_id = ?", (chosen, new))
    conn.execute(f"UPDATE OR IGNORE {table} SET paper_id = ? WHERE paper_id = ?", (new, old))
    conn.execute(f"DELETE FROM {table} WHERE paper_id = ?", (old,))


# A new-style id that names no paper: the wrong number of digits after the dot for its
# month (arXiv gave four until 1412 and five from 1501 on: `2608.1988`), a month that is
# none (`2613.00001`), or a month before the form began (0704). models checks these where
# ids enter since then. Written out here, not taken from models, so the steps set aside
# exactly what they set aside when they were written.
_FOUR = "[0-9][0-9][0-9][0-9]"


def misshapen(column: str) -> str:
    """An SQL condition: `column` holds a new-style id that names no paper."""
    new_style = f"({column} GLOB '{_FOUR}.{_FOUR}' OR {column} GLOB '{_FOUR}.{_FOUR}[0-9]')"
    yymm, mm = f"substr({column}, 1, 4)", f"substr({column}, 3, 2)"
    return (f"(typeof({column}) = 'text' AND {new_style} AND ("
            f"({column} GLOB '{_FOUR}.{_FOUR}' AND {yymm} >= '1501') OR "
            f"({column} GLOB '{_FOUR}.{_FOUR}[0-9]' AND {yymm} < '1501') OR "
            f"{mm} NOT BETWEEN '01' AND '12' OR {yymm} < '0704'))")


SET_ASIDE = "set_aside_"  # the prefix of a table a step moved rows of `table` into


def set_aside(conn: sqlite3.Connection, table: str, where: str) -> int:
    """Move the rows of `table` where `where` holds into `set_aside_<table>` (made, with
    the columns `table` has now, when there is a first row to move); how many moved.
    Kept, not deleted: what a user wrote on a mistyped id (a note) is theirs."""
    moved = conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
    if not moved:
        return 0
    aside = SET_ASIDE + table
    conn.execute(f"CREATE TABLE IF NOT EXISTS {aside} AS SELECT * FROM {table} WHERE 0")
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({aside})")}
    columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})")
                        if row[1] in have)
    conn.execute(f"INSERT INTO {aside} ({columns}) SELECT {columns} FROM {table} "
                 f"WHERE {where}")
    conn.execute(f"DELETE FROM {table} WHERE {where}")
    return int(moved)


def set_aside_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """{table: rows set aside from it} of a database, for `papers cache info`."""
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ? ORDER BY name",
        (SET_ASIDE + "*",))]
    found = {name.removeprefix(SET_ASIDE): conn.execute(
        f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
    return {table: n for table, n in found.items() if n}
