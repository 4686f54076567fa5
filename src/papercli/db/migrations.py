"""Versioned schema steps, applied in order under `PRAGMA user_version`.

A `Migrations` is a list filled by a decorator: step N leaves the database at version N,
each step in its own `BEGIN IMMEDIATE` transaction, so two processes opening an old file
at once migrate it once. A file written by a newer papercli is refused, never downgraded.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable

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

