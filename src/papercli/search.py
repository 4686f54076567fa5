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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from papercli.errors import HubError
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.db.store import Store
    from papercli.filters import Filter
    from papercli.session import Session

_PIECE = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)
RRF_K = 60
REMOTE_LIMIT = 100
LOCAL_CANDIDATES = 2000  # ranking window when filters thin out the hits afterwards
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
    """bm25-ranked full-text hits from the library (limit -1: all)."""
    match = fts_query(query)
    return [] if match is None else store.search_fts(match, limit)


def count_matches(store: Store, query: str) -> int:
    match = fts_query(query)
    return 0 if match is None else store.count_fts(match)


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

    __slots__ = ("from_cache", "local", "papers", "remote", "skipped", "stale", "total")

    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers
        self.remote = 0  # hits the Hub returned (0 when offline or failed)
        self.local = 0  # hits in the library's full-text index
        self.from_cache = False
        self.stale: str | None = None
        self.skipped = 0
        self.total = 0  # hits in all, also those a limit kept from being read


def search(session: Session, query: str, flt: Filter, limit: int | None = None) -> SearchResult:
    """Hub search (cached like a listing) fused with local full-text search, then filtered.

    `limit` bounds how many local hits are ranked and read (None: every hit)."""
    from papercli.listings import is_fresh_search

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
        fresh = info is not None and not session.refresh and is_fresh_search(
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
    from papercli.notes import note_hits  # your notes' words find their papers too

    result.papers = flt.apply(fuse([remote, local, note_hits(session, store, query)]))
    result.total = len(result.papers)
    if limit is not None and flt.is_empty and len(local) < result.local:
        # Not every local hit was read: the union is the local count plus the Hub's hits
        # that the library does not match.
        match = fts_query(query)
        also_local = store.count_fts(match, [p.id for p in remote]) if match else 0
        result.total = max(result.total, result.local + len(remote) - also_local)
    return result
