"""Shell completion's reads of the library and the user database: one read-only query
each, importing sqlite3 alone (not `store` or `userdb`, whose imports cost a shell's Tab
tens of milliseconds). A file is opened read-only and nothing is created or migrated (a
Tab must never write or wait); no file yet offers nothing, and a locked, damaged or older
file raises sqlite3.Error."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def org_counts_sql(condition: str = "") -> str:
    """Every organization with its paper count, read from the papers_org index alone
    (ORG_COUNTS, also the library's `orgs` in store.py), with one more `condition` on the
    papers counted (`Store.org_counts`: "AND id NOT IN …", the hidden papers left out)."""
    return ("SELECT org_name, max(org_fullname), count(*) AS n FROM papers "
            f"WHERE (org_name IS NOT NULL OR org_fullname IS NOT NULL) {condition} "
            "GROUP BY coalesce(org_name, org_fullname) ORDER BY n DESC, 1")


ORG_COUNTS = org_counts_sql()


def _rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The rows of one query of the file at `path`, opened read-only; none without it."""
    if not path.is_file():
        return []
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=0.1)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def complete_ids(path: Path, prefix: str, limit: int) -> list[str]:
    """The library's paper ids starting with `prefix`, newest first."""
    from papercli.models import is_valid_id

    if prefix:  # the id index finds the few that match; they are sorted
        rows = _rows(path, "SELECT id FROM papers WHERE id >= ? AND id < ? "
                     "ORDER BY published_at DESC, id DESC LIMIT ?",
                     (prefix, prefix + "\U0010ffff", limit))
    else:  # the (published_at, id) index walks the newest first and stops
        rows = _rows(path, "SELECT id FROM papers ORDER BY published_at DESC, id DESC "
                     "LIMIT ?", (limit,))
    return [r[0] for r in rows if type(r[0]) is str and is_valid_id(r[0])]


def complete_orgs(path: Path) -> list[str]:
    """The library's organizations' Hub names, most papers first (ORG_COUNTS)."""
    return [r[0] for r in _rows(path, ORG_COUNTS) if isinstance(r[0], str)]


def complete_tags(path: Path, prefix: str, limit: int) -> list[str]:
    """Your tags in user.db starting with `prefix` (tags are stored case-folded: give it
    folded), most used first."""
    rows = _rows(path, "SELECT tag FROM tags WHERE tag >= ? AND tag < ? "
                 "GROUP BY tag ORDER BY count(*) DESC, tag LIMIT ?",
                 (prefix, prefix + "\U0010ffff", limit))
    return [r[0] for r in rows if isinstance(r[0], str)]


# The newest papers whose names `complete_authors` and `complete_submitters` count: a Tab
# stays fast whatever the library's size (every author of 10,000 papers counted took
# ~170 ms), and the names offered first are those of the papers read lately. At most
# NEWEST_READ papers are looked at for them: a prefix few names have scanned the whole
# table (about 7 ms for each 10,000 papers: most of a second at a million).
AUTHORS_SCANNED = 1_000
SUBMITTERS_SCANNED = 5_000
NEWEST_READ = 20_000


# The newest NEWEST_READ papers' column, newest first (the published_at index walked
# backwards: the table is never read whole).
_NEWEST = "(SELECT {0} FROM papers ORDER BY published_at DESC LIMIT ?)"


def _like(text: str) -> str:
    """`text` as a LIKE pattern matches it literally (ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def complete_authors(path: Path, prefix: str, limit: int) -> list[str]:
    """The authors' names starting with `prefix` (ASCII letters in any case, as LIKE
    takes them), the most papers first, counted in the newest AUTHORS_SCANNED papers
    naming one: the papers whose JSON list holds such a name, then their names."""
    import json

    stored = json.dumps(prefix, ensure_ascii=False)[1:-1]  # (as the list spells it)
    rows = _rows(path, "SELECT j.value, count(*) AS n FROM (SELECT authors FROM "
                 f"{_NEWEST.format('authors')} "
                 "WHERE authors LIKE ? ESCAPE '\\' AND json_valid(authors) "
                 "LIMIT ?) AS p, json_each(p.authors) AS j "
                 "WHERE j.type = 'text' AND j.value LIKE ? ESCAPE '\\' "
                 "GROUP BY j.value ORDER BY n DESC, j.value LIMIT ?",
                 (NEWEST_READ, f'%"{_like(stored)}%', AUTHORS_SCANNED, f"{_like(prefix)}%",
                  limit))
    return [r[0] for r in rows if isinstance(r[0], str)]


def complete_accounts(path: Path, prefix: str, limit: int) -> list[str]:
    """The authors' Hub accounts (`--author @NAME`, without the "@") starting with
    `prefix` (ASCII letters in any case), the most papers first, counted in the newest
    AUTHORS_SCANNED papers linking one: the papers whose JSON list holds such a name,
    then their accounts (`author_accounts` holds [name, account, display name] lists)."""
    import json

    stored = json.dumps(prefix, ensure_ascii=False)[1:-1]  # (as the list spells it)
    account = "json_extract(j.value, '$[1]')"
    rows = _rows(path, f"SELECT {account} AS a, count(*) AS n FROM (SELECT "
                 f"author_accounts FROM {_NEWEST.format('author_accounts')} "
                 "WHERE author_accounts LIKE ? ESCAPE '\\' AND json_valid(author_accounts) "
                 "LIMIT ?) AS p, json_each(p.author_accounts) AS j "
                 f"WHERE j.type = 'array' AND {account} LIKE ? ESCAPE '\\' "
                 "GROUP BY a ORDER BY n DESC, a LIMIT ?",
                 (NEWEST_READ, f'%"{_like(stored)}%', AUTHORS_SCANNED, f"{_like(prefix)}%",
                  limit))
    return [r[0] for r in rows if isinstance(r[0], str) and r[0]]


def complete_submitters(path: Path, prefix: str, limit: int) -> list[str]:
    """The Hub users who put papers on Daily Papers, starting with `prefix` (ASCII
    letters in any case), the most papers first, counted in the newest
    SUBMITTERS_SCANNED papers submitted by one."""
    rows = _rows(path, "SELECT submitter, count(*) AS n FROM (SELECT submitter FROM "
                 f"{_NEWEST.format('submitter')} "
                 "WHERE submitter LIKE ? ESCAPE '\\' LIMIT ?) "
                 "GROUP BY submitter ORDER BY n DESC, submitter LIMIT ?",
                 (NEWEST_READ, f"{_like(prefix)}%", SUBMITTERS_SCANNED, limit))
    return [r[0] for r in rows if isinstance(r[0], str)]
