"""The library's schema: its migration steps, the search index, and how list columns
are stored. The user database's steps are in `userdb.py`, beside the data they hold."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Sequence

from papercli.db.migrations import (
    Migrations,
    misshapen,
    readable_text,
    rename_marks,
    set_aside,
    subject_class_ids,
)
from papercli.db.records import COLUMNS

IMPORTED_AT = "1970-01-01T00:00:00Z"  # sorts before any real fetch
# A listing the schema-4 migration could not vouch for: older than any real fetch, so it
# is stale for freshness and incomplete for sync, and is fetched again when next needed.
REPAIRED_AT = "1970-01-02T00:00:00Z"
# The papers table's columns, in the order rows are checked (records.COLUMNS) and read.
PAPER_COLUMNS = ", ".join(COLUMNS)

migrations = Migrations()


@migrations
def _m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE papers (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',
            published_at TEXT,
            submitted_at TEXT,
            upvotes INTEGER NOT NULL DEFAULT 0,
            comments INTEGER NOT NULL DEFAULT 0,
            github_repo TEXT,
            project_page TEXT,
            ai_summary TEXT,
            ai_keywords TEXT NOT NULL DEFAULT '[]',
            families TEXT NOT NULL DEFAULT '[]',
            fetched_at TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX papers_published ON papers(published_at)")
    conn.execute(
        """CREATE TABLE listings (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            period_start TEXT,
            fetched_at TEXT NOT NULL,
            count INTEGER NOT NULL,
            source TEXT
        )"""
    )
    conn.execute(
        """CREATE TABLE listing_papers (
            listing TEXT NOT NULL,
            position INTEGER NOT NULL,
            paper_id TEXT NOT NULL,
            PRIMARY KEY (listing, position)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX listing_papers_paper ON listing_papers(paper_id)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


FTS_SCHEMA = (
    """CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, summary, ai_keywords, authors,
        content='papers', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, title, summary, ai_keywords, authors)
        VALUES (new.rowid, new.title, new.summary, new.ai_keywords, new.authors);
    END""",
    """CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, summary, ai_keywords, authors)
        VALUES ('delete', old.rowid, old.title, old.summary, old.ai_keywords, old.authors);
    END""",
    """CREATE TRIGGER papers_fts_update AFTER UPDATE ON papers
    WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary
      OR old.ai_keywords IS NOT new.ai_keywords OR old.authors IS NOT new.authors
    BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, summary, ai_keywords, authors)
        VALUES ('delete', old.rowid, old.title, old.summary, old.ai_keywords, old.authors);
        INSERT INTO papers_fts(rowid, title, summary, ai_keywords, authors)
        VALUES (new.rowid, new.title, new.summary, new.ai_keywords, new.authors);
    END""",
)


@migrations
def _m002_search(conn: sqlite3.Connection) -> None:
    """Full-text search (bm25 over title, abstract, AI keywords, authors) and a family index."""
    for statement in FTS_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")
    conn.execute(
        """CREATE TABLE paper_families (
            family TEXT NOT NULL,
            paper_id TEXT NOT NULL,
            PRIMARY KEY (family, paper_id)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX paper_families_paper ON paper_families(paper_id)")
    conn.execute(
        """INSERT OR IGNORE INTO paper_families (family, paper_id)
        SELECT j.value, p.id FROM papers p, json_each(p.families) j"""
    )



@migrations
def _m003_browse_in_order(conn: sqlite3.Connection) -> None:
    """(published_at, id) covers the default order, so browsing a common family can walk the
    newest papers and stop at a page instead of sorting every member (search.browse)."""
    conn.execute("CREATE INDEX papers_published_id ON papers(published_at, id)")
    conn.execute("DROP INDEX papers_published")


NEW_COLUMNS = (
    ("github_stars", "INTEGER"),
    ("submitter", "TEXT"),
    ("withdrawn_at", "TEXT"),
    ("thumbnail", "TEXT"),
    ("org_name", "TEXT"),
    ("org_fullname", "TEXT"),
)


@migrations
def _m004_real_days(conn: sqlite3.Connection) -> None:
    """Fields people filter by, and a repair of what earlier releases filed wrongly.

    Up to schema 3, `submitted_at` was the item's `publishedAt`, which since 2025-03 is
    the arXiv time minus 4-5 h rather than the listing time, and week, month and import
    listings filed papers under that wrong day (and paging could stop early). What can be
    re-derived is: a `submitted_at` earlier than the arXiv time is no listing time, so it
    becomes unknown (NULL; the next fetch of the paper fills it in); import-made day
    listings keep only the papers whose day is still known and right; day listings filed
    from a week or month are re-filed from it by the days still known. Every week and month
    listing, and every day listing filed from one, is then stamped REPAIRED_AT, so the next
    read online or `papers sync` fetches it again. Direct day fetches (`date=D`) were right
    and are left alone. Titles get their whitespace folded (arXiv hard line breaks).
    """
    for name, kind in NEW_COLUMNS:
        conn.execute(f"ALTER TABLE papers ADD COLUMN {name} {kind}")
    conn.execute(
        "UPDATE papers SET submitted_at = NULL WHERE submitted_at IS NOT NULL "
        "AND published_at IS NOT NULL AND submitted_at < published_at"
    )
    folded = [
        (" ".join(title.split()), pid)
        for pid, title in conn.execute("SELECT id, title FROM papers")
        if title != " ".join(title.split())
    ]
    conn.executemany("UPDATE papers SET title = ? WHERE id = ?", folded)
    day_of = "substr(p.submitted_at, 1, 10)"
    # Import-made day listings: only papers still known to belong to that day.
    conn.execute(
        f"""DELETE FROM listing_papers WHERE listing IN (
              SELECT key FROM listings WHERE kind = 'day' AND source = 'import')
            AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.id = listing_papers.paper_id
              AND {day_of} = substr(listing_papers.listing, 5))"""
    )
    # Day listings filed from a week or month: rebuilt from it, in its order.
    derived = conn.execute(
        "SELECT d.key, d.source FROM listings d JOIN listings s ON s.key = d.source "
        "WHERE d.kind = 'day' AND s.kind IN ('week', 'month')"
    ).fetchall()
    for key, source in derived:
        conn.execute("DELETE FROM listing_papers WHERE listing = ?", (key,))
        conn.execute(
            f"""INSERT INTO listing_papers (listing, position, paper_id)
            SELECT ?, row_number() OVER (ORDER BY lp.position) - 1, lp.paper_id
            FROM listing_papers lp JOIN papers p ON p.id = lp.paper_id
            WHERE lp.listing = ? AND {day_of} = ?""",
            (key, source, key[4:]),
        )
    conn.execute(
        "UPDATE listings SET fetched_at = ? WHERE kind IN ('week', 'month') "
        "OR (kind = 'day' AND source IS NOT NULL AND source != 'import')",
        (REPAIRED_AT,),
    )
    conn.execute(
        "UPDATE listings SET count = (SELECT count(*) FROM listing_papers lp "
        "WHERE lp.listing = listings.key) WHERE kind = 'day'"
    )


def list_json(items: Sequence[str]) -> str:
    """A list column as stored: JSON with the text itself, not \\u escapes, because the
    search index reads these columns as they are (`search josé` and `search 李明` must find
    the name; unicode61 with remove_diacritics then lets `jose` find José too)."""
    return json.dumps(list(items), ensure_ascii=False, allow_nan=False)


@migrations
def _m005_plain_text_search(conn: sqlite3.Connection) -> None:
    """Authors and AI keywords re-stored and re-indexed as plain text: up to schema 4 they
    were escaped JSON ("Jos\\u00e9"), so names and keywords outside ASCII were not
    searchable. The index is dropped and rebuilt once rather than updated row by row."""
    def plain(text: str) -> str:
        try:
            items = json.loads(text)
        except ValueError:  # not ours to judge here: left as it is
            return text
        return list_json(items) if isinstance(items, list) else text

    rewritten = [
        (plain(authors), plain(keywords), rowid)
        for rowid, authors, keywords in conn.execute(
            "SELECT rowid, authors, ai_keywords FROM papers")
        if "\\u" in authors or "\\u" in keywords
    ]
    for trigger in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER papers_fts_{trigger}")
    conn.execute("DROP TABLE papers_fts")
    conn.executemany("UPDATE papers SET authors = ?, ai_keywords = ? WHERE rowid = ?",
                     rewritten)
    for statement in FTS_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")


ARXIV_COLUMNS = (
    ("categories", "TEXT NOT NULL DEFAULT ''"),  # space-separated: `LIKE` can match one
    ("primary_category", "TEXT"),
    ("version", "INTEGER"),
    ("updated_at", "TEXT"),
    ("comment", "TEXT"),
    ("journal_ref", "TEXT"),
    ("doi", "TEXT"),
    ("sources", "TEXT NOT NULL DEFAULT ''"),  # space-separated, sorted: "arxiv hf"
)


@migrations
def _m006_arxiv(conn: sqlite3.Connection) -> None:
    """arXiv as a second source (issue 21): its fields, and which sources have seen each
    paper. Every paper stored until now came from the Hub. (A column already there is
    left: a library whose version was set back by hand still opens.)"""
    have = {row[1] for row in conn.execute("PRAGMA table_info(papers)")}
    for name, kind in ARXIV_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE papers ADD COLUMN {name} {kind}")
    conn.execute("UPDATE papers SET sources = 'hf' WHERE sources = ''")


def words(items: Sequence[str]) -> str:
    """A space-separated column (categories, sources): no item holds a space."""
    return " ".join(items)


LINK_COUNT_COLUMNS = ("num_models", "num_datasets", "num_spaces")


@migrations
def _m007_full_text_and_links(conn: sqlite3.Connection) -> None:
    """Issue 25: each paper's count of linked models, datasets and Spaces (NULL until the
    paper page has been fetched: not known is not zero), the top linked artefacts as the
    paper page listed them (JSON), and full texts from the Hub, zlib-compressed."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(papers)")}
    for name in LINK_COUNT_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE papers ADD COLUMN {name} INTEGER")
    conn.execute(
        """CREATE TABLE IF NOT EXISTS paper_links (
            paper_id TEXT PRIMARY KEY,
            items TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE IF NOT EXISTS full_texts (
            paper_id TEXT PRIMARY KEY,
            body BLOB NOT NULL,
            size INTEGER NOT NULL,
            fetched_at TEXT NOT NULL
        )"""
    )


# A paper's day for `papers trends` (db/trends.py DAY, which must match it exactly): its
# Daily Papers day, else its arXiv date; NULL when neither is a date.
TREND_DAY = "date(substr(coalesce(submitted_at, published_at), 1, 10))"


@migrations
def _m008_trend_day_index(conn: sqlite3.Connection) -> None:
    """Papers by their trend day (with the id, for the family join): `papers trends`
    reads only the range's entries of this index instead of every row of the library."""
    conn.execute(f"CREATE INDEX IF NOT EXISTS papers_trend_day ON papers({TREND_DAY}, id)")


SEARCH_QUEUE = (
    # (IF NOT EXISTS: a library whose version was set back by hand still opens)
    # AUTOINCREMENT: numbers never reused once the index's catch-up has deleted entries
    "CREATE TABLE IF NOT EXISTS search_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "paper_id TEXT NOT NULL)",
    """CREATE TRIGGER IF NOT EXISTS search_queue_insert AFTER INSERT ON papers BEGIN
        INSERT INTO search_queue (paper_id) VALUES (new.id);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_queue_update AFTER UPDATE ON papers BEGIN
        INSERT INTO search_queue (paper_id) VALUES (new.id);
    END""",
)


@migrations
def _m009_search_index(conn: sqlite3.Connection) -> None:
    """Search moves from FTS5 to an index beside the library (db/textindex.py): FTS5
    scored every match before taking the top 50. Every paper written from now on is
    queued, in its write's transaction, for that index to catch up on; the library gets
    an identity the index checks it was built from (renewed when it is cleared)."""
    import uuid

    for trigger in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER IF EXISTS papers_fts_{trigger}")
    conn.execute("DROP TABLE IF EXISTS papers_fts")
    for statement in SEARCH_QUEUE:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('search_library', ?)",
                 (uuid.uuid4().hex,))


@migrations
def _m010_compressed_text(conn: sqlite3.Connection) -> None:
    """Abstracts and AI summaries stored compressed (records.pack): they are most of a
    paper's bytes, and a million-paper library drops from about 3.4 KB a paper to under
    1.5 KB. Converted in place, one statement; the file keeps its size until SQLite
    reuses the freed pages (new papers fill them). Left as it is while an FTS5 index,
    which reads the columns as stored, is still there (the store then writes plain text)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers_fts'").fetchone():
        return
    from papercli.db.records import PACK_MIN, pack

    conn.create_function("papercli_pack", 1, pack, deterministic=True)
    try:
        for column in ("summary", "ai_summary"):
            conn.execute(
                f"UPDATE papers SET {column} = papercli_pack({column}) "
                f"WHERE typeof({column}) = 'text' AND length({column}) >= ?", (PACK_MIN,))
    finally:
        conn.create_function("papercli_pack", 1, None)


@migrations
def _m011_organization_index(conn: sqlite3.Connection) -> None:
    """The papers that name an organization, by it (a partial, covering index): `papers
    orgs` counts from this index alone instead of reading every row of the library (its
    query took 0.44 s against 0.03 on a copy of the bench's million-paper library with
    30% of the papers given one, warm cache). Papers without one, such as all of an
    arXiv snapshot import, cost it nothing."""
    conn.execute(
        "CREATE INDEX IF NOT EXISTS papers_org ON papers("
        "coalesce(org_name, org_fullname), org_name, org_fullname) "
        "WHERE org_name IS NOT NULL OR org_fullname IS NOT NULL")


# The rows `papers trends --by keyword` and `--by org` read (db/trends.py _SERIES: each
# query names its index's condition, so SQLite can choose it).
HAS_KEYWORDS = "ai_keywords != '[]'"
HAS_ORG = "(org_name IS NOT NULL OR org_fullname IS NOT NULL)"


@migrations
def _m012_trend_series_indexes(conn: sqlite3.Connection) -> None:
    """The papers with AI keywords, and those naming an organization, by trend day
    (partial indexes): `papers trends --by keyword|org` reads only their rows, not every
    paper of the range. An arXiv snapshot's papers have neither: at a million of them,
    a six-month `trends --by keyword` read 251,430 rows (1.6 s warm, 8.6 s cold) to
    count none. Papers without either cost these indexes nothing."""
    conn.execute("CREATE INDEX IF NOT EXISTS papers_trend_keywords "
                 f"ON papers({TREND_DAY}) WHERE {HAS_KEYWORDS}")
    conn.execute("CREATE INDEX IF NOT EXISTS papers_trend_org "
                 f"ON papers({TREND_DAY}) WHERE {HAS_ORG}")


# The papers arXiv has given (an announcement, the API, a snapshot): `for-you`'s second
# source (db/search.py announced_papers names this condition, so SQLite can choose it).
FROM_ARXIV = "instr(' ' || sources || ' ', ' arxiv ') > 0"


@migrations
def _m013_arxiv_by_date(conn: sqlite3.Connection) -> None:
    """The papers arXiv gave, by their arXiv date (a partial index): `for-you` ranks the
    days' arXiv papers beside their Daily Papers listings by reading only those rows; a
    library of the Hub's papers alone costs it nothing, and `for-you --since` a year back
    reads no Hub paper to find none."""
    conn.execute("CREATE INDEX IF NOT EXISTS papers_arxiv_published "
                 f"ON papers(published_at, id) WHERE {FROM_ARXIV}")


# The tables of the library that name a paper by its id (migration 14).
_ID_TABLES = ("papers", "listing_papers", "paper_families", "paper_links", "full_texts")
# Columns of two records of one paper merged by more than "the first unless empty".
_COUNTS = {"upvotes", "comments", "github_stars", "num_models", "num_datasets", "num_spaces"}


_OTHER = object()  # a merged column takes the other record's value, as stored


def _merged(column: str, kept: object, other: object) -> object:
    """One column of two records of one paper: the kept one's (None), unless it is empty
    (`_OTHER`); the larger count; every source and category of either; both records'
    families; the later fetch."""
    if column in _COUNTS and isinstance(kept, int) and isinstance(other, int):
        return max(kept, other) if other > kept else None
    if column == "sources" and isinstance(kept, str) and isinstance(other, str):
        return words(sorted({*kept.split(), *other.split()}))
    if column == "categories" and isinstance(kept, str) and isinstance(other, str):
        first = kept.split()
        return words([*first, *(word for word in other.split() if word not in first)])
    if column == "families" and isinstance(kept, str) and isinstance(other, str):
        with contextlib.suppress(ValueError, RecursionError):
            mine, theirs = json.loads(kept), json.loads(other)
            if isinstance(mine, list) and isinstance(theirs, list):
                return list_json([*mine, *(f for f in theirs if f not in mine)])
        return None
    if column == "fetched_at" and isinstance(kept, str) and isinstance(other, str):
        return other if other > kept else None
    empty = kept is None or (type(kept) in (str, bytes) and kept in ("", "[]", b""))
    return _OTHER if empty and other is not None else None


@migrations
def _m014_ids_without_subject_class(conn: sqlite3.Connection) -> None:
    """Old-style ids cited with their subject class (math.GT/0309136, as a BibTeX import
    kept them) become arXiv's id (math/0309136): papercli reads every id that way now, so
    a paper, its listings, families, links and full text stored under the long id could
    no longer be reached. Where the library holds the paper under both, one record stays
    (arXiv's id), given what only the other had; both ids are queued for the search
    index, so it drops the long one and holds the paper under the short."""
    with readable_text(conn):
        _to_arxiv_ids(conn, subject_class_ids(conn, _ID_TABLES))


def _to_arxiv_ids(conn: sqlite3.Connection, renames: dict[str, str]) -> None:
    columns = [row[1] for row in conn.execute("PRAGMA table_info(papers)")]
    listed = ", ".join(columns)
    for old, new in renames.items():
        rows = {row[0]: row for row in conn.execute(
            f"SELECT {listed} FROM papers WHERE id IN (?, ?)", (old, new))}
        if old in rows and new in rows:
            merged = {name: _merged(name, kept, other)
                      for name, kept, other in zip(columns, rows[new], rows[old], strict=True)
                      if name != "id"}
            # The other record's values copied in SQL, as stored (damaged or not).
            changed = {name: value for name, value in merged.items() if value is not None}
            sets = ", ".join(f"{name} = (SELECT {name} FROM papers WHERE id = :old)"
                             if value is _OTHER else f"{name} = :{name}"
                             for name, value in changed.items())
            if sets:
                conn.execute(f"UPDATE papers SET {sets} WHERE id = :new", {
                    "old": old, "new": new,
                    **{k: v for k, v in changed.items() if v is not _OTHER}})
            conn.execute("DELETE FROM papers WHERE id = ?", (old,))
        elif old in rows:
            conn.execute("UPDATE papers SET id = ? WHERE id = ?", (new, old))
        # A listing that holds both keeps the paper once, where arXiv's id stands.
        for (listing,) in conn.execute(
                "DELETE FROM listing_papers WHERE paper_id = ? AND listing IN (SELECT "
                "listing FROM listing_papers WHERE paper_id = ?) RETURNING listing",
                (old, new)).fetchall():
            conn.execute("UPDATE listings SET count = count - 1 WHERE key = ? "
                         "AND typeof(count) = 'integer' AND count > 0", (listing,))
        conn.execute("UPDATE listing_papers SET paper_id = ? WHERE paper_id = ?", (new, old))
        rename_marks(conn, "paper_families", old, new, None)
        for table in ("paper_links", "full_texts"):  # the later fetch stays
            times = dict(conn.execute(f"SELECT paper_id, fetched_at FROM {table} "
                                      "WHERE paper_id IN (?, ?)", (old, new)).fetchall())
            if len(times) == 2 and str(times[old]) > str(times[new]):
                conn.execute(f"DELETE FROM {table} WHERE paper_id = ?", (new,))
            rename_marks(conn, table, old, new, None)
        # When the Hub's page of the paper was last read in full (library.py): the later.
        conn.execute("INSERT INTO meta (key, value) SELECT ?, value FROM meta WHERE key = ? "
                     "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                     (f"detail:{new}", f"detail:{old}"))
        conn.execute("DELETE FROM meta WHERE key = ?", (f"detail:{old}",))
        conn.executemany("INSERT INTO search_queue (paper_id) VALUES (?)", ((old,), (new,)))


@migrations
def _m015_author_accounts(conn: sqlite3.Connection) -> None:
    """The Hub account of each author linked to one (models.Account, a JSON array):
    `--author heminglan` or `--author 兰鹤鸣` finds "Heming Lan"'s papers, and `show`
    names the account. Papers stored until now have none until the Hub gives the paper
    again (a sync, `show`). (A column already there is left: a library whose version was
    set back by hand still opens.)"""
    have = {row[1] for row in conn.execute("PRAGMA table_info(papers)")}
    if "author_accounts" not in have:
        conn.execute("ALTER TABLE papers ADD COLUMN author_accounts TEXT NOT NULL DEFAULT '[]'")


@migrations
def _m016_misshapen_ids_set_aside(conn: sqlite3.Connection) -> None:
    """Papers stored under an id that names no paper (`migrations.misshapen`: the wrong
    digit count for its month, `2608.1988`, or no such month, `2613.00001`; taken from an
    imported file until such ids were refused) move to set_aside_papers:
    no command can name them, and read, each was "a damaged record" on every listing,
    with a repair (clear, sync) that never removed it. Their listing entries, families,
    links and full texts go (listings count one fewer); the search index drops them."""
    gone = [pid for (pid,) in conn.execute(f"SELECT id FROM papers WHERE {misshapen('id')}")]
    set_aside(conn, "papers", misshapen("id"))
    for listing, entries in conn.execute(
            "SELECT listing, count(*) FROM listing_papers WHERE "
            f"{misshapen('paper_id')} GROUP BY listing").fetchall():
        conn.execute("UPDATE listings SET count = max(count - ?, 0) WHERE key = ? "
                     "AND typeof(count) = 'integer'", (entries, listing))
    for table in _ID_TABLES[1:]:
        conn.execute(f"DELETE FROM {table} WHERE {misshapen('paper_id')}")
    conn.execute(f"DELETE FROM meta WHERE key GLOB 'detail:*' AND {misshapen('substr(key, 8)')}")
    conn.executemany("INSERT INTO search_queue (paper_id) VALUES (?)", ((pid,) for pid in gone))


def newest(alias: str = "") -> str:
    """`Paper.newest_key` in SQL, what newest-first orders sort by: the arXiv date, else
    the month the id begins with (`criteria.id_month_sql`: 2406.07001 is "2024-06",
    below June's days), else the Hub's listing day. `alias` is the papers table's in the
    query ("p"); the index `papers_newest` holds it without one, and SQLite uses that
    index only for the same expression: one that changes needs a migration that makes
    the index again."""
    from papercli.criteria import id_month_sql

    column = f"{alias}." if alias else ""
    return f"coalesce({column}published_at, {id_month_sql(alias)}, {column}submitted_at)"


@migrations
def _m017_newest_order(conn: sqlite3.Connection) -> None:
    """The library's newest-first order is by `newest` (a paper a file dated only to its
    month sorts among that month; it had sorted below every dated paper, its date empty):
    an index of it, so browsing walks it to a page as it walked the arXiv date's."""
    conn.execute(f"CREATE INDEX IF NOT EXISTS papers_newest ON papers({newest()}, id)")
