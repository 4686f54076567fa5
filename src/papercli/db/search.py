"""The library's reads for search, browsing and ranking: full-text search (through the
index beside the library, db/textindex.py), the filtered and ordered walks `browse` and
exports take, and the texts ranking embeds.

`Store` (store.py) is these reads plus the library's writes and listings."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from papercli.db import records
from papercli.db.connection import Database, lenient, lenient_stream
from papercli.db.records import row_to_paper, rows_to_papers
from papercli.db.schema import PAPER_COLUMNS
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.db.textindex import Hits, Stream
    from papercli.filters import Filter

_P_COLUMNS = ", ".join("p." + c.strip() for c in PAPER_COLUMNS.split(","))
# The library's orders, on plain columns so the published_at index can drive "new" (the
# library has no Hub order to keep: newest first is its natural one).
ORDER_SQL = {
    "new": "p.published_at DESC, p.id DESC",
    "upvotes": "p.upvotes DESC, p.published_at DESC, p.id DESC",
    "stars": "coalesce(p.github_stars, -1) DESC, p.published_at DESC, p.id DESC",
}


def casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def _fold(value: object) -> str:
    """criteria.fold in SQL (case and accents), for `count_within`'s author prefilter."""
    from papercli.criteria import fold

    return fold(value) if isinstance(value, str) else ""


def filter_sql(flt: Filter, alias: str = "p") -> tuple[list[str], list[object]]:
    """The SQL half of a Filter as WHERE terms and their arguments: each criterion's own
    term (criteria.CRITERIA); those without one (the word filters) stay in Python."""
    return flt.sql(alias)


class LibraryReads(Database):
    """Search, browse and ranking reads over the library's connection."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(conn, path)
        # Python's case folding in SQL, so `--org` matches non-ASCII names in SQL exactly
        # as Filter.matches does in Python.
        conn.create_function("casefold", 1, casefold, deterministic=True)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, then the search index caught up on what it wrote (the
        papers it touched were queued in it: schema._m007_search_index)."""
        with super().transaction() as conn:
            yield conn
        self._index_after_write()

    def _index_after_write(self) -> None:
        # tantivy is loaded only when there is an index to keep (the first search builds it)
        if (self.path.with_name(self.path.stem + ".index") / "state.json").exists():
            from papercli.db import textindex

            textindex.after_write(self)

    @contextmanager
    def index_deferred(self, *, build: bool = False) -> Iterator[None]:
        """Bulk writes: the search index catches up once, on the way out (one writer,
        one commit), instead of after each transaction; `build`: made then if missing
        (`textindex.deferred`)."""
        from papercli.db import textindex

        with textindex.deferred(self, build=build):
            yield

    def search_text(self, text: str, flt: Filter | None = None, limit: int | None = 50, *,
                    without: Iterable[str] = ()) -> Hits:
        """Full-text hits for what the user typed, best first, through `flt` (exact:
        every filter is in the index query or checked page by page), at most `limit`
        (None: all), leaving out the ids `without`; and how many match."""
        from papercli.db import textindex

        return textindex.search(self, text, flt, limit, without=without)

    def stream_text(self, text: str, flt: Filter | None = None, *,
                    without: Iterable[str] = (), find: Sequence[str] = ()) -> Stream:
        """Every full-text hit, best first, as a way to read them a page at a time (for
        `search -n 0`: memory flat in the matches), how many (None: unknown), and the
        places among them of the papers `find`."""
        from papercli.db import textindex

        return textindex.stream(self, text, flt, without=without, find=find)

    def count_text(self, text: str, among: Sequence[str]) -> int:
        """How many of the papers `among` match the text."""
        from papercli.db import textindex

        return textindex.count(self, text, within=among) if among else 0

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
    def count_within(self, flt: Filter, authors: Sequence[str] = ()) -> int:
        """How many papers pass `flt` (as `browse` counts them). With keywords, only the
        papers the search index finds them in are read (a superset: its stems and
        separators only widen it); otherwise the rows the folded `authors` (any of them
        in the authors column's text) let through. Python confirms each."""
        if flt.keywords:
            from papercli.db import textindex

            return textindex.count(self, "", flt)
        where, args = filter_sql(flt)
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
        row, so an export of the whole library never holds it in memory. The order is
        taken on the rowids alone (SQLite's sorter would otherwise hold every matching
        row, abstracts and all: 12 MB for 14,500 papers), then the rows 100 at a time."""
        where, args = filter_sql(flt)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = ORDER_SQL.get(sort, ORDER_SQL["new"])
        words = flt.in_python
        keys = self.conn.execute(f"SELECT p.rowid FROM papers p{clause} ORDER BY {order}", args)
        while chunk := [r[0] for r in keys.fetchmany(100)]:
            marks = ", ".join("?" for _ in chunk)
            rows = {r[0]: r[1:] for r in self.conn.execute(
                f"SELECT p.rowid, {_P_COLUMNS} FROM papers p WHERE p.rowid IN ({marks})", chunk)}
            for rowid in chunk:
                paper = row_to_paper(rows[rowid]) if rowid in rows else None
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
                summary = records.unpack(summary)
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

    def ranked_ids(self, words: Sequence[str], limit: int) -> list[str]:
        """Ids the search index ranks best for any of `words` (plain word tokens), in
        title, abstract and AI keywords (not authors): ranking's candidates."""
        from papercli.db import textindex

        return textindex.any_word_ids(self, words, limit)
