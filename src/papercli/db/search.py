"""The library's reads for search, browsing and ranking: full-text search (through the
index beside the library: db/textquery.py over db/textindex.py), the filtered and
ordered walks `browse` and exports take, and the texts ranking embeds.

`Store` (store.py) is these reads plus the library's writes and listings."""

from __future__ import annotations

import itertools
import json
import math
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from papercli.db import records
from papercli.db.connection import Budget, Database, lenient, lenient_stream, saying
from papercli.db.records import row_to_paper, rows_to_papers
from papercli.db.schema import FROM_ARXIV, PAPER_COLUMNS, newest
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.db.textquery import Hits, Narrowed, Stream
    from papercli.filters import Filter

_P_COLUMNS = ", ".join("p." + c.strip() for c in PAPER_COLUMNS.split(","))
_WORD_COLUMNS = ", ".join("p." + c for c in records.WORD_COLUMNS)
# Rows one command's counts keep between them (`count_within`'s `seen`: `watch list` reads
# a row its watches share once): about 20 MB of titles and abstracts at most.
SEEN_MOST = 10_000
# Rows read past a full page to count the matches of a filter Python checks (-k, -x, -a):
# a library of 10,000 papers counts `-k diffusion` exactly (1,574), and a page at a
# million costs 0.15 s more at most; beyond, the count is "at least".
COUNT_CHECKED = 5_000
# Rows read past a full page when the count cannot come out exact within COUNT_CHECKED
# (the index's candidates, or the library, are more than that: `-k WORD` with a word in
# half a million papers): a few rows give its "at least", where 5,000 cost 0.3 s for a
# bound hardly more telling.
COUNT_AT_LEAST = 500
# The most papers a filter's index terms let through (`-k WORD`, `--author`, a category,
# a tag, ...) for the library to read just their rows; past that, walking in order is the
# quicker way to a page (over 2% of a million papers: a page of 50 is then found within
# about 2,500 rows).
CANDIDATES = 20_000
# The library's orders, newest by `schema.newest` (the arXiv date, else the id's month),
# whose index (`papers_newest`) can drive "new" (the library has no Hub order to keep:
# newest first is its natural one).
_NEWEST = newest("p")
ORDER_SQL = {
    "new": f"{_NEWEST} DESC, p.id DESC",
    "upvotes": f"p.upvotes DESC, {_NEWEST} DESC, p.id DESC",
    "stars": f"coalesce(p.github_stars, -1) DESC, {_NEWEST} DESC, p.id DESC",
}
# What the orders whose page the search index finds sort by first (`_ordered_page`): in
# SQL, and a paper's own value (no stars: -1, as ORDER_SQL has it).
ORDER_VALUE = {"upvotes": "p.upvotes", "stars": "coalesce(p.github_stars, -1)"}


def _counted_past(left: int) -> int:
    """Rows to read past a full page to count a checked filter's matches: COUNT_CHECKED
    when that reaches every row `left` to read (the index's candidates when it handed
    them over or counted them, else every row of the library), so the count is exact;
    else COUNT_AT_LEAST, for an honest "at least"."""
    return COUNT_CHECKED if left <= COUNT_CHECKED else COUNT_AT_LEAST


def _value(paper: Paper, sort: str) -> int:
    if sort == "upvotes":
        return paper.upvotes
    return -1 if paper.github_stars is None else paper.github_stars


def _in_order_sql(papers: Iterable[Paper], sort: str) -> list[Paper]:
    """Papers in ORDER_SQL's order for upvotes or stars (ties newest first, then by id)."""
    return sorted(papers, key=lambda p: (_value(p, sort), p.newest_key, p.id),
                  reverse=True)


def casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def _fold(value: object) -> str:
    """criteria.fold_held in SQL (case, accents, umlauts), for the `--author` prefilter."""
    from papercli.criteria import fold_held

    return fold_held(value) if isinstance(value, str) else ""


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
        conn.create_function("papercli_fold", 1, _fold, deterministic=True)

    # Inside `index_deferred`: the index is caught up once, on the way out (and only if
    # `_index_behind`, something was written meanwhile), not after each transaction.
    _index_deferred = False
    _index_behind = False

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, then the search index caught up on what it wrote (the
        papers it touched were queued in it: schema._m007_search_index)."""
        with super().transaction() as conn:
            yield conn
        if self._index_deferred:
            self._index_behind = True
        else:
            self._index_after_write()

    def _index_after_write(self) -> None:
        # tantivy is loaded only when there is an index to keep (the first search builds it)
        if (self.path.with_name(self.path.stem + ".index") / "state.json").exists():
            from papercli.db import textindex

            textindex.after_write(self)

    @contextmanager
    def index_deferred(self, *, build: bool = False) -> Iterator[None]:
        """Writes in a row (an import's batches, the papers one command fetches): the
        search index catches up once, on the way out (one writer, one commit), instead of
        after each transaction, where each commit and its merges cost ~0.1 s; `build`:
        made then if missing (`textindex.deferred`). Inside another, it adds nothing:
        the outer one catches up. Each transaction still lands whole on its own, so an
        error on the way keeps what was written before it, and the index catches up on
        that too; Ctrl-C leaves it to the next search (the queue holds every write)."""
        if self._index_deferred:
            yield
            return
        if build:
            from papercli.db import textindex

            with textindex.deferred(self, build=True):
                yield
            return
        self._index_deferred, self._index_behind = True, False
        try:
            yield
        except Exception:
            self._index_deferred = False
            if self._index_behind:
                with suppress(Exception):  # (the error is what the command reports)
                    self._index_after_write()
            raise
        finally:
            self._index_deferred = False
        if self._index_behind:
            self._index_after_write()

    def search_text(self, text: str, flt: Filter | None = None, limit: int | None = 50, *,
                    without: Iterable[str] = ()) -> Hits:
        """Full-text hits for what the user typed, best first, through `flt` (exact:
        every filter is in the index query or checked page by page), at most `limit`
        (None: all), leaving out the ids `without`; and how many match."""
        from papercli.db import textquery

        return textquery.search(self, text, flt, limit, without=without)

    def search_ordered(self, text: str, flt: Filter | None, order: str, limit: int, *,
                       without: Iterable[str] = ()) -> Hits | None:
        """The full-text hits that can be the best `limit` in `order` (new, upvotes,
        stars), in relevance order, and how many match (exact, or at least that many
        when a filter checked in Python stopped counting); None for another order
        (`textquery.ordered`)."""
        from papercli.db import textquery

        return textquery.ordered(self, text, flt, order, limit, without=without)

    def nearest(self, text: str, flt: Filter | None, words: Sequence[tuple[str, float]],
                limit: int, *, page: int = 0, without: Iterable[str] = ()) -> Hits | None:
        """The `limit` full-text hits (text "": every paper) through `flt` that hold the
        most of `words` (word, weight): a taste's candidates; and how many match
        (`textquery.nearest`: with a filter checked in Python, at least those; None when
        a `page` is better ranked among every match)."""
        from papercli.db import textquery

        return textquery.nearest(self, text, flt, words, limit, page=page, without=without)

    def stream_text(self, text: str, flt: Filter | None = None, *,
                    without: Iterable[str] = (), find: Sequence[str] = ()) -> Stream:
        """Every full-text hit, best first, as a way to read them a page at a time (for
        `search -n 0`: memory flat in the matches), how many (None: unknown), and the
        places among them of the papers `find`."""
        from papercli.db import textquery

        return textquery.stream(self, text, flt, without=without, find=find)

    def respelled(self, text: str) -> dict[str, str]:
        """Each word of the text no paper holds, and the library's word nearest it, as
        its papers write it (`textquery.respelled`): a "did you mean"."""
        from papercli.db import textquery

        return textquery.respelled(self, text)

    def count_text(self, text: str, among: Sequence[str]) -> int:
        """How many of the papers `among` match the text."""
        from papercli.db import textquery

        return textquery.count(self, text, within=among) if among else 0

    def browse(self, flt: Filter, *, limit: int | None = None, sort: str = "new") -> Browsed:
        """The library through a filter, in `sort` order (ORDER_SQL), and how many match in
        all. Everything but the word filters runs in SQL (families through their index), so
        a limited page reads only its own rows; with a word filter (`-k`, `-x`, `-a`), the
        rows are walked in order and checked in Python until the page is full, then
        counted up to COUNT_CHECKED rows more (`exact` False: at least that many)."""
        if flt.in_python:
            return self._browse_checked(flt, limit, sort)
        return self._browse_sql(flt, limit, sort)

    @lenient
    def _browse_sql(self, flt: Filter, limit: int | None, sort: str) -> Browsed:
        if limit and sort in ORDER_VALUE:
            ordered = self._ordered_page(flt, limit, sort)
            if ordered is not None:
                return ordered
        where, args = filter_sql(flt)
        marks = ", ".join("?" for _ in flt.families)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        sort = sort if sort in ORDER_SQL else "new"
        order = ORDER_SQL[sort]
        cut = f" LIMIT {int(limit)}" if limit else ""
        narrow = self._narrowed(flt, limit)
        source = "papers p"
        if narrow is not None and narrow.rows is not None:
            # Few pass (a rare category, a tag, a count no paper reaches): SQL sorts just
            # their rows, where a walk of the date index would read every row to learn so.
            source = "json_each(?) j CROSS JOIN papers p ON p.rowid = j.value"
            args = [json.dumps(narrow.rows), *args]
        only_families = len(where) == 1 and bool(flt.families) and source == "papers p"
        if narrow is not None and narrow.total is not None:  # the index counts them
            total = narrow.total
        elif only_families:  # the family index alone knows the count
            total = self.conn.execute(
                f"SELECT count(DISTINCT paper_id) FROM paper_families WHERE family IN ({marks})",
                flt.families).fetchone()[0]
        else:
            total = self.conn.execute(f"SELECT count(*) FROM {source}{clause}",
                                      args).fetchone()[0]
        # Pick the page by rowid first, then read only its (large) rows.
        page = f"SELECT p.rowid FROM {source}{clause} ORDER BY {order}{cut}"
        if limit and only_families and sort == "new" and self._walk_in_order(total, limit):
            page = ("SELECT p.rowid FROM papers p INDEXED BY papers_newest WHERE "
                    "EXISTS (SELECT 1 FROM paper_families f WHERE f.paper_id = p.id AND "
                    f"f.family IN ({marks})) ORDER BY {order}{cut}")
        sql = f"SELECT {_P_COLUMNS} FROM papers p WHERE p.rowid IN ({page}) ORDER BY {order}"
        return Browsed(rows_to_papers(self.conn.execute(sql, args)), int(total), True)

    def _ordered_page(self, flt: Filter, limit: int, sort: str) -> Browsed | None:
        """A page by upvotes or stars without sorting the library: the search index
        orders every paper by that column and hands back the rows above the page's cut
        and those tied with it (`textquery.ordered_rows`); SQL sorts those few in
        ORDER_SQL's order (ties newest first). A tie too big to hand back is walked
        newest first here, through the filter, to the page's end. None when the index
        cannot tell the page alone (a filter checked in Python)."""
        from papercli.db import textquery

        found = textquery.ordered_rows(self, flt, sort, limit)
        if found is None:
            return None
        rows = list(found.rows)
        if not found.tied:
            where, args = filter_sql(flt)
            where.append(f"{ORDER_VALUE[sort]} = ?")  # (no value: -1, as for ORDER_SQL)
            args.append(-1 if found.cut is None else found.cut)
            rows += [r[0] for r in self.conn.execute(
                "SELECT p.rowid FROM papers p INDEXED BY papers_newest WHERE "
                f"{' AND '.join(where)} ORDER BY {ORDER_SQL['new']} LIMIT {int(limit)}",
                args)]
        sql = (f"SELECT {_P_COLUMNS} FROM papers p WHERE p.rowid IN "
               f"(SELECT value FROM json_each(?)) ORDER BY {ORDER_SQL[sort]} "
               f"LIMIT {int(limit)}")
        papers = rows_to_papers(self.conn.execute(sql, (json.dumps(rows),)))
        return Browsed(papers, found.total, True)

    def _checked_in_order(self, flt: Filter, limit: int, sort: str) -> Browsed | None:
        """A page by upvotes or stars with a word filter, without SQL's sort of every
        row: the search index's papers in that order, checked, until `limit` pass
        (`textquery.in_order`); the papers tied with the last of them walked newest first
        here, checked, to the page's end; then counted on (`_counted_past`)."""
        from papercli.db import textquery

        budget = Budget()
        found = textquery.in_order(self, flt, sort, budget)
        if found is None:
            return None
        walk = found.papers
        got = list(itertools.islice(walk, limit))
        if len(got) < limit:
            return Browsed(_in_order_sql(got, sort), len(got), True)
        budget.most = budget.read + _counted_past(found.candidates - budget.read)
        total = len(got) + sum(1 for _ in walk)
        cut = _value(got[-1], sort)
        above = [p for p in got if _value(p, sort) > cut]
        # The ties newest first: among their rows when the index has few, else walked
        # in date order (a tie that big is most of the library: quickly found).
        among = textquery.tied_rows(self, flt, sort, cut)
        tied = self._walk(flt, "new", Budget(), also=(f"{ORDER_VALUE[sort]} = ?", [cut]),
                          among=among)
        page = [*above, *itertools.islice(tied, limit - len(above))]
        return Browsed(_in_order_sql(page, sort), total, not budget.cut)

    def _browse_checked(self, flt: Filter, limit: int | None, sort: str) -> Browsed:
        """`browse` with a word filter: a page of the checked walk, then a bounded count."""
        if limit and sort in ORDER_VALUE:
            ordered = self._checked_in_order(flt, limit, sort)
            if ordered is not None:
                return ordered
        budget, narrow = Budget(), self._narrowed(flt)
        papers = self._walk(flt, sort, budget, among=None if narrow is None else narrow.rows,
                            asked=True)
        out: list[Paper] = []
        for paper in papers:
            out.append(paper)
            if limit and len(out) >= limit:
                if narrow is not None and narrow.total is not None:
                    return Browsed(out, narrow.total, True)  # the index holds the filter
                rows = narrow.rows if narrow is not None else None
                left = (len(rows) if rows is not None else self.max_rowid()) - budget.read
                budget.most = budget.read + _counted_past(left)
                budget.counting = True  # the rest is counted: ids alone
                more = sum(1 for _ in papers)
                return Browsed(out, len(out) + more, not budget.cut)
        return Browsed(out, len(out), True)

    def count_within(self, flt: Filter, most: int | None = None, *,
                     seen: dict[int, Paper | None] | None = None,
                     leaving_out: Collection[str] = ()) -> tuple[int, bool]:
        """How many papers pass `flt`, and whether that is all of them: in SQL alone, or
        by the search index when it holds the whole filter, or (a filter with words to
        check) reading only the rows its SQL terms and prefilters let through, or with
        `-k` the papers the search index finds the words in (when that is the narrower
        way), up to about `most` rows (None: all; past it, at least that many). `seen`:
        rows read by the other counts of one command (`watch list`), each read once.
        The papers `leaving_out` that pass are not counted (the hidden ones, as a listing
        leaves them out; of a count cut short, still a lower bound)."""
        count, exact = self._count_within(flt, most, seen)
        if leaving_out and count:
            count = max(count - self.count_among(flt, leaving_out), 0)
        return count, exact

    def _count_within(self, flt: Filter, most: int | None,
                      seen: dict[int, Paper | None] | None) -> tuple[int, bool]:
        """`count_within`, the papers `leaving_out` counted too."""
        if not flt.in_python:
            return self._browse_sql(flt, 1, "new").total, True
        if all(c.index_term is not None and c.exact(v) for c, v in flt.active()):
            from papercli.db import textquery  # lazy: tantivy

            # The index may hold the whole filter: then its count is the count (as
            # `browse` trusts it), without the rows (`most` 0).
            whole = textquery.narrowed(self, flt, 0)
            if whole is not None and whole.total is not None:
                return whole.total, True
        narrow = self._narrowed(flt)
        budget = Budget(most, counting=True)
        found = sum(1 for _ in self._walk(flt, "new", budget, among=None if narrow is None
                                          else narrow.rows, asked=True, seen=seen))
        return found, not budget.cut

    @lenient
    def listed_days(self) -> dict[str, list[str]]:
        """Each paper filed under more than one Daily Papers day, with those days, oldest
        first: what a JSON export adds as "listed_on", so that an import files it under
        every one (its record's `submitted_at` names only the last). Days read from the
        file that are not dates are left out (the library on disk is data too)."""
        out: dict[str, list[str]] = {}
        for pid, days in self.conn.execute(
                "SELECT paper_id, group_concat(substr(listing, 5), ' ') FROM listing_papers "
                "WHERE listing GLOB 'day:*' GROUP BY paper_id HAVING count(*) > 1"):
            kept = sorted({d for d in str(days).split() if _is_day(d)})
            if isinstance(pid, str) and len(kept) > 1:
                out[pid] = kept
        return out

    @lenient
    def count_among(self, flt: Filter, ids: Collection[str]) -> int:
        """How many of the papers `ids` (the hidden ones) the library has that pass `flt`:
        one query, where a lookup of each (3,000 hidden papers: a second) cost more than
        the page it corrects the count of. A word filter reads just the rows SQL lets
        through, 100 at a time, with only what it checks (`records.words_paper`)."""
        if not ids:
            return 0
        term, wanted = "p.id IN (SELECT value FROM json_each(?))", json.dumps(sorted(ids))
        if not flt.in_python:
            where, args = filter_sql(flt)
            return int(self.conn.execute(
                f"SELECT count(*) FROM papers p WHERE {' AND '.join([*where, term])}",
                [*args, wanted]).fetchone()[0])
        walk = self._walk(flt, "", Budget(counting=True), also=(term, [wanted]), asked=True)
        return sum(1 for _ in walk)

    def _walk_in_order(self, members: int, limit: int) -> bool:
        """Whether walking the newest papers (about limit * papers / members index steps)
        beats sorting every member (a row lookup each, several times dearer): true for
        common families. SQLite's planner cannot tell, and GPT (40% of a library) took
        116 ms its way against 0.1 ms walking, while a rare family is the other way round."""
        return members > self._sortable(limit)

    def _few(self, limit: int | None) -> int:
        """The most papers through a filter whose rows the index should hand over, for a
        page of `limit`: as many as sorting beats walking for (`_sortable`: 2,500 at a
        million papers for 50; LLaMA's 14,520 took 0.35 s as rows, 0.11 s walked), at
        most CANDIDATES; that many without a limit."""
        return min(CANDIDATES, self._sortable(limit)) if limit else CANDIDATES

    def _sortable(self, limit: int) -> int:
        """The most members of a filter that sorting beats walking the newest papers for,
        for a page of `limit`: walking costs about limit * papers / members steps, and
        sorting a row lookup each, several times dearer (`8 * members² > limit * papers`
        means walk)."""
        return math.isqrt(self.max_rowid() * limit // 8)

    def browse_all(self, flt: Filter, *, sort: str = "new") -> Iterator[Paper]:
        """Every paper through the filter in `browse` order, read from the cursor row by
        row, so an export of the whole library never holds it in memory (`_walk`)."""
        return self._walk(flt, sort, Budget())

    @lenient_stream
    def _walk(self, flt: Filter, sort: str, budget: Budget,
              also: tuple[str, list[object]] | None = None,
              among: list[int] | None = None, asked: bool = False,
              done: Callable[[int, int], None] | None = None,
              seen: dict[int, Paper | None] | None = None) -> Iterator[Paper]:
        """The papers through a filter in `sort` order ("": any, nothing sorted), read 100
        rows at a time from a cursor over the rowids (SQLite's sorter would otherwise hold
        every matching row, abstracts and all), each checked in Python when a word filter
        needs it. Rows go through the filter's SQL terms and prefilters (`-a`:
        `criteria._authors_prefilter`), and only the rows its index terms let through
        when they are few (CANDIDATES: `-k`, `--author`, a rare category). It stops
        before a chunk once `budget` is spent.
        `also`: one more SQL term and its arguments; `among`: only these rows (`asked`:
        the caller asked the index already; None then means every row). Once
        `budget.counting`, each chunk's rows are read with just what the word filters
        check (`records.words_paper`: about half the time a whole paper takes), and only
        they are checked, SQL having put each row through the others: the papers then
        yielded hold those fields alone. `done(read, of)` after each chunk, when given
        (the share of a long walk on the status line: the rows are counted first).
        `seen` (while counting): rows already read, by rowid, and where those read now
        are kept, up to SEEN_MOST of them."""
        checked = flt.in_python
        where, args = flt.sql("p", prefilters=True)
        if also is not None:
            where.append(also[0])
            args.extend(also[1])
        source = "papers p"
        proposed = among
        if proposed is None and not asked:
            narrow = self._narrowed(flt)
            proposed = None if narrow is None else narrow.rows
        if proposed is not None:
            # CROSS JOIN: SQLite takes the candidates first, then sorts their few rowids.
            source = "json_each(?) j CROSS JOIN papers p ON p.rowid = j.value"
            args = [json.dumps(proposed), *args]
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        # ("": any order, the index's own: nothing to sort)
        order = f" ORDER BY {ORDER_SQL.get(sort, ORDER_SQL['new'])}" if sort else ""
        whole = 0 if done is None else int(self.conn.execute(
            f"SELECT count(*) FROM {source}{clause}", args).fetchone()[0])
        keys = self.conn.execute(f"SELECT p.rowid FROM {source}{clause}{order}", args)
        while chunk := [r[0] for r in keys.fetchmany(100)]:
            if budget.spent():
                return
            budget.read += len(chunk)
            if done is not None:
                done(budget.read, whole)
            columns, make, passes = (
                (_WORD_COLUMNS, records.words_paper, flt.matches_words) if budget.counting
                else (_P_COLUMNS, records.paper, flt.matches))
            memo = seen if seen is not None and budget.counting else None
            wanted = chunk if memo is None else [r for r in chunk if r not in memo]
            rows = {r[0]: r[1:] for r in self.conn.execute(
                f"SELECT p.rowid, {columns} FROM papers p WHERE p.rowid IN "
                f"({', '.join('?' for _ in wanted)})", wanted)} if wanted else {}
            for rowid in chunk:
                if memo is not None and rowid in memo:
                    paper = memo[rowid]
                else:
                    paper = row_to_paper(rows[rowid], read=make) if rowid in rows else None
                    if memo is not None and len(memo) < SEEN_MOST:
                        memo[rowid] = paper
                if paper is not None and (not checked or passes(paper)):
                    yield paper

    def passing_ids(self, flt: Filter, where: tuple[str, list[object]], *,
                    saying_all: str | None = None,
                    seen: dict[int, Paper | None] | None = None) -> list[str]:
        """Ids of the papers through `flt` that meet one more SQL term `where` (`trends`:
        a range of days), each checked in Python as the walk checks them: only the rows
        the search index lets through when they are few, else every row `where` and the
        filter's SQL select, under the status line `saying_all` (a long read). `seen`:
        rows read already (`_walk`), for several filters over the same papers."""
        narrow = self._narrowed(flt)
        rows = None if narrow is None else narrow.rows
        with saying(self, saying_all) if rows is None and saying_all else nullcontext() as done:
            return [p.id for p in self._walk(flt, "", Budget(counting=True), also=where,
                                             among=rows, asked=True, done=done, seen=seen)]

    def _narrowed(self, flt: Filter, limit: int | None = None) -> Narrowed | None:
        """What the search index knows of the filter alone (`textquery.narrowed`): its
        count, and the rows of its papers when few pass (`_few`: for a page of `limit`,
        or CANDIDATES). None when no criterion of it is in the index (then the index is
        not even opened)."""
        if not any(criterion.index_term for criterion, _ in flt.active()):
            return None
        from papercli.db import textquery  # lazy: tantivy

        return textquery.narrowed(self, flt, self._few(limit))

    def written_stamp(self) -> str | None:
        """A stamp that changes whenever a paper is added or rewritten (its families too)
        or the library is replaced, for what is kept against the library's contents (a
        watch's count): its identity, the last number the search queue gave (every insert
        and update of a paper queues one in its own transaction: schema.SEARCH_QUEUE), and
        the family definitions it was tagged with. None when the library cannot say (an
        older, read-only one has no queue, or none yet): then nothing may be kept."""
        conn = self.conn
        if self.birth is not None:
            return None  # no file yet: a stand-in's identity lasts one command
        try:
            ident = conn.execute(
                "SELECT value FROM meta WHERE key = 'search_library'").fetchone()
            given = conn.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'").fetchone()
            last = conn.execute("SELECT coalesce(max(seq), 0) FROM search_queue").fetchone()
            families = conn.execute(
                "SELECT value FROM meta WHERE key = 'families_source'").fetchone()
        except sqlite3.Error:
            return None
        if not (ident and type(ident[0]) is str and ident[0]):
            return None
        seq = max(given[0] if given and type(given[0]) is int else 0,
                  last[0] if type(last[0]) is int else 0)
        kinds = families[0] if families and type(families[0]) is str else ""
        return f"{ident[0]}:{seq}:{kinds}"

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
    def listed_papers(self, start: date, end: date, *, brief: bool = False
                      ) -> Iterator[Paper]:
        """The papers of the cached day listings from `end` back to `start`, each once (at
        its newest day), newest day first and in listing order within a day, read from
        the cursor row by row: `for-you` ranks years of listings without holding them.
        `brief`: each read with its words alone (`records.words_paper`), all a ranking
        reads, at about half the cost of a whole record."""
        # Keys are day:YYYY-MM-DD, so key order is day order. One query a day, in the
        # primary key's order (no sort); a paper also listed on a newer day in the range
        # (or earlier the same day) is left for that one.
        first, last = f"day:{start.isoformat()}", f"day:{end.isoformat()}"
        keys = [r[0] for r in self.conn.execute(
            "SELECT key FROM listings WHERE key BETWEEN ? AND ? ORDER BY key DESC",
            (first, last))]
        columns, read = (_WORD_COLUMNS, records.words_paper) if brief else (_P_COLUMNS, None)
        sql = f"""SELECT {columns} FROM listing_papers lp JOIN papers p ON p.id = lp.paper_id
            WHERE lp.listing = ? AND NOT EXISTS (
                SELECT 1 FROM listing_papers o WHERE o.paper_id = lp.paper_id AND (
                    (o.listing > lp.listing AND o.listing <= ?)
                    OR (o.listing = lp.listing AND o.position < lp.position)))
            ORDER BY lp.position"""
        for key in keys:
            for row in self.conn.execute(sql, (key, last)):
                paper = row_to_paper(row, read=read)
                if paper is not None:
                    yield paper

    @lenient_stream
    def announced_papers(self, start: date, end: date, *, brief: bool = False
                         ) -> Iterator[Paper]:
        """The papers arXiv gave from `end` back to `start` by their arXiv date (an
        announcement's new papers, the API's, a snapshot's), newest first, except those a
        Daily Papers listing of those days holds (`listed_papers` gives them): `for-you`'s
        second source, read from the published-date index row by row. `brief`: as for
        `listed_papers`."""
        first, last = f"day:{start.isoformat()}", f"day:{end.isoformat()}"
        columns, read = (_WORD_COLUMNS, records.words_paper) if brief else (_P_COLUMNS, None)
        sql = f"""SELECT {columns} FROM papers p
            WHERE {FROM_ARXIV} AND p.published_at >= ? AND p.published_at < ?
              AND NOT EXISTS (SELECT 1 FROM listing_papers o
                              WHERE o.paper_id = p.id AND o.listing BETWEEN ? AND ?)
            ORDER BY p.published_at DESC, p.id DESC"""
        after = (end + timedelta(days=1)).isoformat()
        for row in self.conn.execute(sql, (start.isoformat(), after, first, last)):
            paper = row_to_paper(row, read=read)
            if paper is not None:
                yield paper

    @lenient
    def latest_announced_day(self, on_or_before: date) -> date | None:
        """The newest arXiv date of a paper arXiv gave, on or before the day (None: no
        such paper, or a date that is not one): where `for-you` falls back to when its
        window is empty, as it does to the newest Daily Papers listing."""
        after = (on_or_before + timedelta(days=1)).isoformat()
        row = self.conn.execute(
            f"SELECT published_at FROM papers WHERE {FROM_ARXIV} AND published_at < ? "
            "ORDER BY published_at DESC LIMIT 1", (after,)).fetchone()
        try:
            return date.fromisoformat(row[0][:10]) if row and type(row[0]) is str else None
        except ValueError:  # a damaged row: no date to fall back to
            return None

    def ranked_ids(self, words: Sequence[str], limit: int) -> list[str]:
        """Ids the search index ranks best for any of `words` (plain word tokens), in
        title, abstract and AI keywords (not authors): ranking's candidates."""
        from papercli.db import textquery

        return textquery.any_word_ids(self, words, limit)


class Browsed(NamedTuple):
    """A page of the library through a filter, how many match in all, and whether that
    count is exact (False: at least that many; the rest were not checked)."""

    papers: list[Paper]
    total: int
    exact: bool


def _is_day(text: str) -> bool:
    """Whether `text` is a date as listings are keyed by (`YYYY-MM-DD`)."""
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
