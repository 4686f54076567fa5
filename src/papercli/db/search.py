"""The library's reads for search, browsing and ranking: the full-text index (bm25), the
filtered and ordered walks `browse` and exports take, and the texts ranking embeds.

`Store` (store.py) is these reads plus the library's writes and listings."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from papercli.db import records
from papercli.db.connection import Database, lenient, lenient_stream
from papercli.db.records import row_to_paper, rows_to_papers
from papercli.db.schema import PAPER_COLUMNS
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.filters import Filter

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
