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
