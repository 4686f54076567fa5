"""Shell completion's reads of the user database: one read-only query each, importing
sqlite3 alone (not `userdb`, whose import costs a shell's Tab tens of milliseconds).

The library's (ids, organizations) are `store.complete_ids` and `store.complete_orgs`."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def complete_tags(path: Path, prefix: str, limit: int) -> list[str]:
    """The tags starting with `prefix` (tags are stored case-folded: give it folded), most
    used first. The file is opened read-only and nothing is created or migrated; no file
    yet is no tags, and a locked, damaged or older file raises sqlite3.Error."""
    if not path.is_file():
        return []
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.1)
    try:
        rows = conn.execute(
            "SELECT tag FROM tags WHERE tag >= ? AND tag < ? "
            "GROUP BY tag ORDER BY count(*) DESC, tag LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit)).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows if isinstance(r[0], str)]
