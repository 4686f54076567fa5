"""Search: the Hub's search merged with full-text search of the local library.

The user's words never reach FTS5 as syntax. `fts_query` rebuilds the query from words:
balanced "quoted phrases" stay phrases, `word*` is a prefix, everything else is a literal
term (implicit AND). Stray quotes, `AND`, `-`, `:` and friends therefore cannot make
SQLite raise a syntax error: they are plain text.

Remote and local results are merged by reciprocal rank fusion, so a paper both sources
rank highly comes first and nothing appears twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from papercli.errors import HubError
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.core import Session
    from papercli.filters import Filter
    from papercli.store import Store

_PIECE = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)
RRF_K = 60
REMOTE_LIMIT = 100
LOCAL_CANDIDATES = 2000  # ranking window when filters thin out the hits afterwards
# bm25 weights: title, abstract, AI keywords, authors.
BM25 = "bm25(papers_fts, 10.0, 1.0, 4.0, 2.0)"
# Words of a query used (the rest is a paste accident: FTS5 ANDs every word, and 8,000 of
# them took 13 s); `search` says when it dropped some.
MAX_QUERY_WORDS = 64


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression for what the user typed, or None if it has no words."""
    if text.count('"') % 2:
        # An unbalanced quote: drop the last one, keep the rest as typed.
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1 :]
    terms: list[str] = []
    room = MAX_QUERY_WORDS
    for phrase, word in _PIECE.findall(text):
        raw = phrase if phrase else word
        tokens = _WORD.findall(raw)[:room]
        if not tokens:
            continue
        room -= len(tokens)
        term = '"' + " ".join(tokens) + '"'
        if not phrase and word.endswith("*"):
            term += "*"
        terms.append(term)
    return " ".join(terms) if terms else None


def local_search(store: Store, query: str, limit: int = LOCAL_CANDIDATES) -> list[Paper]:
    """bm25-ranked full-text hits from the library."""
    from papercli.store import PAPER_COLUMNS, row_to_paper

    match = fts_query(query)
    if match is None:
        return []
    columns = ", ".join("p." + c.strip() for c in PAPER_COLUMNS.split(","))
    # Rank inside the index first, then read only the winners' rows.
    rows = store.conn.execute(
        f"""SELECT {columns} FROM (
            SELECT rowid, {BM25} AS score FROM papers_fts
            WHERE papers_fts MATCH ? ORDER BY score LIMIT ?
        ) hits JOIN papers p ON p.rowid = hits.rowid ORDER BY hits.score""",
        (match, limit),
    ).fetchall()
    return [row_to_paper(r) for r in rows]


def count_matches(store: Store, query: str) -> int:
    match = fts_query(query)
    if match is None:
        return 0
    row = store.conn.execute(
        "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (match,)
    ).fetchone()
    return int(row[0])


# Plain columns, so the published_at index can drive the default order.
ORDER_SQL = {
    "trending": "p.published_at DESC, p.id DESC",
    "new": "p.submitted_at DESC, p.published_at DESC, p.id DESC",
    "upvotes": "p.upvotes DESC, p.published_at DESC, p.id DESC",
    "stars": "coalesce(p.github_stars, -1) DESC, p.published_at DESC, p.id DESC",
}


def browse(
    store: Store, flt: Filter, *, limit: int | None = None, sort: str = "trending"
) -> tuple[list[Paper], int]:
    """The library through a filter (newest first by default) and how many match in all.

    Everything but the word filters runs in SQL (`store.filter_sql`; families through
    their index), so a limited page reads only its own rows; word filters run in Python
    over the SQL result.
    """
    from papercli.store import PAPER_COLUMNS, filter_sql, row_to_paper

    columns = ", ".join("p." + c.strip() for c in PAPER_COLUMNS.split(","))
    where, args = filter_sql(flt)
    marks = ", ".join("?" for _ in flt.families)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    order = ORDER_SQL.get(sort, ORDER_SQL["trending"])
    sql = f"SELECT {columns} FROM papers p{clause} ORDER BY {order}"
    if flt.keywords or flt.excludes or flt.authors:
        papers = flt.apply(row_to_paper(r) for r in store.conn.execute(sql, args))
        return (papers[:limit] if limit else papers), len(papers)
    only_families = len(where) == 1 and bool(flt.families)
    if only_families:  # the family index alone knows the count
        total = store.conn.execute(
            f"SELECT count(DISTINCT paper_id) FROM paper_families WHERE family IN ({marks})",
            flt.families).fetchone()[0]
    else:
        total = store.conn.execute(f"SELECT count(*) FROM papers p{clause}", args).fetchone()[0]
    if limit:
        # Pick the page by rowid first, then read only its (large) rows.
        page = f"SELECT p.rowid FROM papers p{clause} ORDER BY {order} LIMIT {int(limit)}"
        if only_families and sort == "trending" and _walk_in_order(store, total, limit):
            page = (f"SELECT p.rowid FROM papers p INDEXED BY papers_published_id WHERE EXISTS ("
                    "SELECT 1 FROM paper_families f WHERE f.paper_id = p.id AND f.family IN "
                    f"({marks})) ORDER BY {order} LIMIT {int(limit)}")
        sql = f"SELECT {columns} FROM papers p WHERE p.rowid IN ({page}) ORDER BY {order}"
    return [row_to_paper(r) for r in store.conn.execute(sql, args)], int(total)


def _walk_in_order(store: Store, members: int, limit: int) -> bool:
    """Whether walking the newest papers (about limit * papers / members index steps) beats
    sorting every member (a row lookup each, several times dearer): true for common
    families. SQLite's planner cannot tell, and GPT (40% of a library) took 116 ms its way
    against 0.1 ms walking, while a rare family is the other way round."""
    papers = store.conn.execute("SELECT max(rowid) FROM papers").fetchone()[0] or 0
    return 8 * members * members > limit * papers


def fuse(rankings: Sequence[Sequence[Paper]]) -> list[Paper]:
    """Reciprocal rank fusion of several ranked lists; first-seen record wins."""
    scores: dict[str, float] = {}
    records: dict[str, Paper] = {}
    for ranking in rankings:
        for rank, paper in enumerate(ranking):
            scores[paper.id] = scores.get(paper.id, 0.0) + 1.0 / (RRF_K + rank + 1)
            records.setdefault(paper.id, paper)
    return [records[pid] for pid in sorted(scores, key=lambda pid: -scores[pid])]


class SearchResult:
    """Fused hits and where they came from; `search` fills it in as it goes."""

    __slots__ = ("from_cache", "local", "papers", "remote", "skipped", "stale")

    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers
        self.remote = 0  # hits the Hub returned (0 when offline or failed)
        self.local = 0  # hits in the library's full-text index
        self.from_cache = False
        self.stale: str | None = None
        self.skipped = 0


def search(session: Session, query: str, flt: Filter, limit: int | None = None) -> SearchResult:
    """Hub search (cached like a listing) fused with local full-text search, then filtered.

    `limit` bounds how many local hits are ranked and read (None: every hit)."""
    from papercli import core

    words = query.split()
    if len(words) > MAX_QUERY_WORDS:
        session.notices.append(f"searching for the first {MAX_QUERY_WORDS} of the "
                               f"{len(words)} words given")
        query = " ".join(words[:MAX_QUERY_WORDS])
    store = session.store()
    result = SearchResult(papers=[])
    remote: list[Paper] = []
    if fts_query(query) is not None and not session.offline:
        key = "search:" + " ".join(query.lower().split())
        info = store.listing(key)
        fresh = info is not None and not session.refresh and core.is_fresh_search(
            info, session.config
        )
        if fresh:
            remote = store.listing_papers(key)
            result.from_cache = True
        else:
            try:
                parsed = session.client().search(query, limit=REMOTE_LIMIT)
            except HubError as exc:
                result.stale = f"{exc.message}; searching the local library only"
                if info is not None:
                    remote = store.listing_papers(key)
            else:
                result.skipped = parsed.skipped
                store.save_listing(key, "search", parsed.papers)
                remote = store.listing_papers(key)  # stored records carry families
    result.remote = len(remote)
    if limit is None:
        wanted = -1  # SQLite: no limit
    elif flt.is_empty:
        wanted = limit + len(remote)
    else:
        wanted = max(LOCAL_CANDIDATES, limit)
    local = local_search(store, query, wanted)
    result.local = count_matches(store, query)
    result.papers = flt.apply(fuse([remote, local]))
    return result


def browse_all(store: Store, flt: Filter, *, sort: str = "trending") -> Iterator[Paper]:
    """Every paper through the filter in `browse` order, read from the cursor row by row,
    so an export of the whole library never holds it in memory."""
    from papercli.store import PAPER_COLUMNS, filter_sql, row_to_paper

    columns = ", ".join("p." + c.strip() for c in PAPER_COLUMNS.split(","))
    where, args = filter_sql(flt)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    order = ORDER_SQL.get(sort, ORDER_SQL["trending"])
    words = bool(flt.keywords or flt.excludes or flt.authors)
    for row in store.conn.execute(f"SELECT {columns} FROM papers p{clause} ORDER BY {order}",
                                  args):
        paper = row_to_paper(row)
        if not words or flt.matches(paper):
            yield paper
