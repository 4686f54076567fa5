"""The library's full texts (zlib-compressed Markdown, as the Hub served it) and linked
artefacts (the top few models, datasets and Spaces of a paper page, JSON).

Both are read back as untrusted as they were fetched: a body that does not inflate, is
larger than any full text we accept, or is not UTF-8 is treated as missing (and counted
for the command's one warning), so the next `show --full` fetches it again.
"""

from __future__ import annotations

import json
import zlib
from typing import TYPE_CHECKING

from papercli import clock
from papercli.db import records

if TYPE_CHECKING:
    from papercli.db.store import Store
    from papercli.linked import Links

MAX_TEXT = 16 * 2**20  # the largest full text fetched or kept (sources.hub.MAX_FULL_TEXT)


def put_text(store: Store, paper_id: str, text: str) -> None:
    """Keep a full text (replacing any earlier one), compressed."""
    data = text.encode("utf-8")
    with store.transaction():
        store.conn.execute(
            "INSERT OR REPLACE INTO full_texts (paper_id, body, size, fetched_at) "
            "VALUES (?, ?, ?, ?)",
            (paper_id, zlib.compress(data, 6), len(data), clock.iso(clock.now())))


def get_text(store: Store, paper_id: str) -> str | None:
    """The kept full text, or None when there is none (or it is damaged: counted, or
    blank)."""
    row = store.conn.execute(
        "SELECT body FROM full_texts WHERE paper_id = ?", (paper_id,)).fetchone()
    if row is None:
        return None
    body = row[0]
    try:
        if type(body) is not bytes:
            raise ValueError("not a blob")
        inflater = zlib.decompressobj()
        data = inflater.decompress(body, MAX_TEXT + 1)
        if len(data) > MAX_TEXT or not inflater.eof:
            raise ValueError("too large or cut short")
        text = data.decode("utf-8")
    except (ValueError, zlib.error):  # UnicodeDecodeError is a ValueError
        records.note("library.db", f"full text {paper_id}", skipped=True)
        return None
    # Blank: what an older papercli kept of an empty answer; not a text, so asked again.
    return text if text.strip() else None


def get_links(store: Store, paper_id: str) -> Links | None:
    """A paper's links as kept, or None when its counts are not known yet."""
    from papercli.linked import from_stored

    paper = store.get_paper(paper_id)
    if paper is None:
        return None
    row = store.conn.execute(
        "SELECT items FROM paper_links WHERE paper_id = ?", (paper_id,)).fetchone()
    items: object = []
    if row is not None:
        try:
            items = json.loads(row[0]) if type(row[0]) is str else None
        except (ValueError, RecursionError):
            items = None
        if not isinstance(items, list):
            records.note("library.db", f"links {paper_id}", skipped=False)
            items = []
    links = from_stored(items, paper.num_models, paper.num_datasets, paper.num_spaces)
    if links is not None and links.skipped:
        records.note("library.db", f"links {paper_id}", skipped=False)
    return links


def unknown_counts(store: Store, paper_ids: list[str]) -> int:
    """How many of these papers' linked-model counts are not known yet."""
    unknown = 0
    for i in range(0, len(paper_ids), 500):
        chunk = paper_ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        unknown += store.conn.execute(
            f"SELECT count(*) FROM papers WHERE id IN ({marks}) AND num_models IS NULL",
            chunk).fetchone()[0]
    return unknown
