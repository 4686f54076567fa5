"""A library and a user database written before old-style ids lost their subject class.

Until then `math.GT/0309136` (as a BibTeX entry cites it) was stored as it was written;
now every command reads it as arXiv's `math/0309136`. The files are built here as the
earlier papercli left them: through the command line with the earlier migrations only,
then holding the long id where that papercli put it. Opening them with this papercli
must bring every paper, listing entry, mark, tag and note to arXiv's id, keep one record
of a paper stored under both, and leave the search index agreeing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from conftest import Home, Papers
from papercli.db import schema
from papercli.db.migrations import Step

LONG, SHORT = "math.GT/0309136", "math/0309136"
LINES = [
    {"id": SHORT, "submitter": "Invented Knotter", "authors": "Ada Knot, Bo Link",
     "title": "Braided Invented Fibrations", "categories": "math.GT math.SG",
     "abstract": "An invented abstract about zeppelinoid surfaces.",
     "versions": [{"version": "v1", "created": "Tue, 9 Sep 2003 12:00:00 GMT"}]},
    {"id": "2402.00079", "submitter": "Someone", "authors": "Cy New",
     "title": "A New Style Paper", "categories": "cs.AI",
     "abstract": "Nothing about knots.",
     "versions": [{"version": "v1", "created": "Wed, 31 Jan 2024 12:00:00 GMT"}]},
]
LIBRARY_TABLES = ("papers", "listing_papers", "paper_families", "paper_links", "full_texts")
USER_TABLES = ("stars", "read_marks", "seen", "hidden", "tags", "notes", "kept")


@contextmanager
def earlier_papercli(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """papercli as it was before: the migrations up to the one under test."""
    from papercli.db import userdb

    def before(steps: list[Step], name: str) -> list[Step]:
        names = [step.__name__ for step in steps]
        return steps[:names.index(name)] if name in names else steps

    def with_later_columns(step: Step) -> Step:
        """`step`, then the later steps that only add a column today's code reads and
        writes (each leaves a column already there as it is)."""
        def both(conn: sqlite3.Connection) -> None:
            step(conn)
            schema._m015_author_accounts(conn)
        both.__name__ = step.__name__
        return both

    library_steps = before(schema.migrations.steps, "_m014_ids_without_subject_class")
    with monkeypatch.context() as patch:
        patch.setattr(schema.migrations, "steps",
                      [*library_steps[:-1], with_later_columns(library_steps[-1])])
        patch.setattr(userdb.migrations, "steps", before(
            userdb.migrations.steps, "_m004_ids_without_subject_class"))
        yield


def userdb_latest() -> int:
    from papercli.db import userdb

    return userdb.migrations.latest


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


def rename(path: Path, tables: tuple[str, ...], old: str, new: str) -> None:
    """What the earlier papercli stored for `old` put under `new`, in every table."""
    with closing(sqlite3.connect(path)) as conn, conn:
        for table in tables:
            column = "id" if table == "papers" else "paper_id"
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old))


def ids_in(path: Path, tables: tuple[str, ...]) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {pid for table in tables for (pid,) in conn.execute(
            f"SELECT {'id' if table == 'papers' else 'paper_id'} FROM {table}")}


def indexed(home: Home) -> dict[str, int]:
    """{id: row} of every document in the library's search index, which must be those of
    the library itself (checked here)."""
    import tantivy

    from papercli.db import textindex
    from papercli.db.store import Store

    with Store.open(home.library) as store:
        searcher = textindex.open_index(store).searcher()  # type: ignore[union-attr]
        hits = searcher.search(tantivy.Query.all_query(), 100, count=True).hits
        addresses = [address for _, address in hits]
        held = dict(zip([searcher.doc(a)["id"][0] for a in addresses],
                        searcher.fast_field_values("row", addresses), strict=True))
        truth = dict(store.conn.execute("SELECT id, rowid FROM papers").fetchall())
    assert held == truth
    return held


def version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


@pytest.fixture
def earlier(papers: Papers, home: Home, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Papers]:
    """A library and marks the earlier papercli made, the knot paper under arXiv's id
    (renamed to the long one by each test); the runner, still the earlier papercli."""
    snapshot = tmp_path / "snapshot.jsonl"
    snapshot.write_text("".join(json.dumps(line) + "\n" for line in LINES), encoding="utf-8")
    with earlier_papercli(monkeypatch):
        for args in (("import", str(snapshot)), ("star", SHORT, "--offline"),
                     ("read", SHORT, "--offline"), ("tag", SHORT, "knots", "--offline"),
                     ("note", SHORT, "-m", "Lemma 3 is the key.", "--offline"),
                     ("hide", "2402.00079", "--offline")):
            done = papers(*args)
            assert done.exit_code == 0, (args, done.stderr)
    yield papers


def test_a_paper_and_its_marks_under_the_long_id_move_to_arxivs_id(
        earlier: Papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = earlier
    rename(home.library, LIBRARY_TABLES, SHORT, LONG)
    rename(user_db(home), USER_TABLES, SHORT, LONG)
    with earlier_papercli(monkeypatch):  # its search index holds the long id
        assert papers("search", "zeppelinoid", "--offline", "-q").stdout.split() == [LONG]
    before = version(home.library), version(user_db(home))

    shown = papers("show", LONG, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["id"] == SHORT
    assert shown.json["title"] == "Braided Invented Fibrations"
    assert shown.json["tags"] == ["knots"] and shown.json["note"] == "Lemma 3 is the key."
    assert [p["id"] for p in papers("starred", "--json").json] == [SHORT]
    assert papers("search", "zeppelinoid", "--offline", "-q").stdout.split() == [SHORT]
    assert papers("search", "lemma", "--offline", "-q").stdout.split() == [SHORT]  # the note
    assert papers("search", "--tag", "knots", "--offline", "-q").stdout.split() == [SHORT]
    assert version(home.library) == schema.migrations.latest > before[0]
    assert version(user_db(home)) == userdb_latest() > before[1]
    assert SHORT in indexed(home)
    assert LONG not in ids_in(home.library, LIBRARY_TABLES)
    assert LONG not in ids_in(user_db(home), USER_TABLES)
    with closing(sqlite3.connect(user_db(home))) as conn:
        assert conn.execute("SELECT count(*) FROM read_marks WHERE paper_id = ?",
                            (SHORT,)).fetchone()[0] == 1


def _copy_paper(conn: sqlite3.Connection, pid: str, as_id: str) -> None:
    """The library's record of `pid` stored again under `as_id`, every column as it is."""
    columns = [row[1] for row in conn.execute("PRAGMA table_info(papers)") if row[1] != "id"]
    conn.execute(f"INSERT INTO papers (id, {', '.join(columns)}) SELECT ?, "
                 f"{', '.join(columns)} FROM papers WHERE id = ?", (as_id, pid))


def test_a_paper_under_both_ids_keeps_one_record_and_every_mark(
        earlier: Papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A BibTeX import made the long id's record beside the snapshot's: one record stays,
    given the repository only the long one knew, with both tags, both notes, one star
    dated when the first was made, and one entry in a listing that held both."""
    papers = earlier
    with closing(sqlite3.connect(home.library)) as conn, conn:
        _copy_paper(conn, SHORT, LONG)
        conn.execute("UPDATE papers SET github_repo = 'https://github.com/invented/knots', "
                     "sources = 'bibtex' WHERE id = ?", (LONG,))
        listing = "day:2003-09-09"
        conn.execute("INSERT INTO listings (key, kind, period_start, fetched_at, count, "
                     "source) VALUES (?, 'day', '2003-09-09', '2026-11-25T12:00:00Z', 3, "
                     "NULL)", (listing,))
        conn.executemany("INSERT INTO listing_papers (listing, position, paper_id) "
                         "VALUES (?, ?, ?)",
                         [(listing, 0, SHORT), (listing, 1, "2402.00079"), (listing, 2, LONG)])
    with closing(sqlite3.connect(user_db(home))) as conn, conn:
        conn.execute("INSERT INTO stars SELECT ?, '2020-01-01T00:00:00Z', record FROM stars "
                      "WHERE paper_id = ?", (LONG, SHORT))
        conn.execute("INSERT INTO tags VALUES (?, 'topology', '2020-01-01T00:00:00Z')",
                     (LONG,))
        conn.execute("INSERT INTO notes VALUES (?, 'Compare with Gabai.', "
                     "'2020-01-01T00:00:00Z')", (LONG,))
        conn.execute("INSERT INTO kept SELECT ?, record FROM kept WHERE paper_id = ?",
                     (LONG, SHORT))
    with earlier_papercli(monkeypatch):
        assert sorted(papers("search", "zeppelinoid", "--offline", "-q").stdout.split()) \
            == sorted([LONG, SHORT])

    shown = papers("show", LONG, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    paper = shown.json
    assert paper["id"] == SHORT
    assert paper["github_repo"] == "https://github.com/invented/knots"
    assert sorted(paper["tags"]) == ["knots", "topology"]
    assert paper["note"] == "Lemma 3 is the key.\n\nCompare with Gabai."
    starred = papers("starred", "--json").json
    assert [p["id"] for p in starred] == [SHORT]
    assert papers("search", "zeppelinoid", "--offline", "-q").stdout.split() == [SHORT]
    assert papers("search", "gabai", "--offline", "-q").stdout.split() == [SHORT]
    assert SHORT in indexed(home)
    assert LONG not in ids_in(home.library, LIBRARY_TABLES)
    assert LONG not in ids_in(user_db(home), USER_TABLES)
    with closing(sqlite3.connect(home.library)) as conn:
        assert conn.execute("SELECT sources FROM papers WHERE id = ?",
                            (SHORT,)).fetchone()[0] == "arxiv bibtex"
        assert conn.execute("SELECT paper_id FROM listing_papers WHERE listing = ? "
                            "ORDER BY position", (listing,)).fetchall() == [
            (SHORT,), ("2402.00079",)]
        assert conn.execute("SELECT count FROM listings WHERE key = ?",
                            (listing,)).fetchone()[0] == 2
    with closing(sqlite3.connect(user_db(home))) as conn:
        assert conn.execute("SELECT starred_at FROM stars").fetchall() == [
            ("2020-01-01T00:00:00Z",)]


def test_damaged_values_under_either_id_do_not_stop_the_move(
        earlier: Papers, home: Home) -> None:
    """What a crashed tool may leave: a time that is a number or a BLOB, a count that is
    text, text that is not UTF-8 (in an id: left as it is). The files still open, the
    marks move, the kept record takes the other's field as it was stored, and a note is
    merged as it is read (the bytes that are not UTF-8 shown as U+FFFD)."""
    papers = earlier
    with closing(sqlite3.connect(home.library)) as conn, conn:
        _copy_paper(conn, SHORT, LONG)
        conn.execute("UPDATE papers SET comment = CAST(? AS TEXT), upvotes = 'many' "
                     "WHERE id = ?", (b"12 pages\xff", LONG))
        conn.executemany("INSERT INTO meta VALUES (?, ?)",
                         [(f"detail:{SHORT}", "2026-01-01T00:00:00Z"),
                          (f"detail:{LONG}", "2026-02-01T00:00:00Z")])
        conn.executemany("INSERT INTO paper_links VALUES (?, '[]', ?)",
                         [(SHORT, b"\xff"), (LONG, 7)])
    with closing(sqlite3.connect(user_db(home))) as conn, conn:
        conn.execute("INSERT INTO stars SELECT ?, 5, record FROM stars WHERE paper_id = ?",
                     (LONG, SHORT))
        conn.execute("INSERT INTO notes VALUES (?, CAST(? AS TEXT), 7)",
                     (LONG, b"Gabai \xff"))
        conn.execute("INSERT INTO read_marks VALUES (CAST(? AS TEXT), 'x')",
                     (b"math.GT/030913\xff",))
        conn.execute("INSERT INTO tags VALUES (?, 'topology', 3)", (LONG,))

    starred = papers("starred", "--json")
    assert starred.exit_code == 0, starred.stderr
    assert [p["id"] for p in starred.json] == [SHORT]
    shown = papers("show", LONG, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["note"] == "Lemma 3 is the key.\n\nGabai \ufffd"
    assert sorted(shown.json["tags"]) == ["knots", "topology"]
    assert shown.json["upvotes"] is None  # (the Hub never listed it: not known)
    with closing(sqlite3.connect(home.library)) as conn:
        conn.text_factory = bytes
        assert conn.execute("SELECT comment FROM papers WHERE id = ?",
                            (SHORT,)).fetchall() == [(b"12 pages\xff",)]
    assert LONG.encode() not in ids_in(home.library, LIBRARY_TABLES)
    with closing(sqlite3.connect(home.library)) as conn:
        assert conn.execute("SELECT key, value FROM meta WHERE key LIKE 'detail:%'"
                            ).fetchall() == [(f"detail:{SHORT}", "2026-02-01T00:00:00Z")]
    with closing(sqlite3.connect(user_db(home))) as conn:
        conn.text_factory = bytes
        assert sorted(conn.execute("SELECT paper_id FROM read_marks").fetchall()) == [
            (b"math.GT/030913\xff",), (SHORT.encode(),)]
        assert conn.execute("SELECT count(*) FROM stars").fetchone()[0] == 1
