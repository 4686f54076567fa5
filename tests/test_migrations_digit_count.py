"""A library and a user database written before ids with the wrong digit count were refused.

Until then an imported item with `2608.1988` (a digit lost: ids since 2015 have five
after the dot) was stored under it, and it could be starred, tagged and noted. Read now,
each such row was "a damaged record" on every command, with a repair (clear the library,
star again) that could not remove it. The files are made here as that papercli left them:
through the command line with the earlier migrations, then holding the short id where it
put it. Opening them with this papercli sets those rows aside, kept, and counted by
`cache info`; every other paper, mark and listing stays as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, Papers
from papercli.db import schema, userdb
from papercli.db.migrations import Step
from test_migrations_ids import ids_in, indexed, rename, user_db, version

GOOD, TYPED = "2608.01988", "2608.02000"
LIBRARY_TABLES = ("papers", "listing_papers", "paper_families", "paper_links", "full_texts")
USER_TABLES = ("stars", "read_marks", "seen", "hidden", "tags", "notes", "kept")


def item(pid: str, title: str) -> dict[str, Any]:
    """An invented Daily Papers item of 4 August 2026."""
    return {"paper": {"id": pid, "title": title, "summary": "Zeppelinoid invented text.",
                      "authors": [{"name": "Ann Invented"}], "upvotes": 3,
                      "publishedAt": "2026-08-04T00:00:00.000Z"},
            "publishedAt": "2026-08-04T10:00:00.000Z", "title": title}


@contextmanager
def earlier_papercli(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """papercli as it was before: the migrations up to the ones under test."""
    def before(steps: list[Step], name: str) -> list[Step]:
        names = [step.__name__ for step in steps]
        return steps[:names.index(name)] if name in names else steps

    with monkeypatch.context() as patch:
        patch.setattr(schema.migrations, "steps", before(
            schema.migrations.steps, "_m016_misshapen_ids_set_aside"))
        patch.setattr(userdb.migrations, "steps", before(
            userdb.migrations.steps, "_m005_misshapen_ids_set_aside"))
        yield


# a digit short; no month 13; the new form before it began (0704)
MISSHAPEN = ["2608.1988", "2613.00001", "0612.0001"]


@pytest.fixture(params=MISSHAPEN)
def short(request: pytest.FixtureRequest) -> str:
    """An id the earlier papercli stored and this one refuses."""
    return str(request.param)


@pytest.fixture
def earlier(papers: Papers, home: Home, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch, short: str) -> Papers:
    """A library of two papers and marks on one, made by the earlier papercli, the
    marked paper then put under the short id as that papercli stored it."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps([item(GOOD, "Right Count"), item(TYPED, "Short Count")]),
                     encoding="utf-8")
    with earlier_papercli(monkeypatch):
        for args in (("import", str(items)), ("star", TYPED, GOOD, "--offline"),
                     ("read", TYPED, "--offline"), ("tag", TYPED, "typo", "--offline"),
                     ("note", TYPED, "-m", "Mine, on the short id.", "--offline")):
            done = papers(*args)
            assert done.exit_code == 0, (args, done.stderr)
    rename(home.library, LIBRARY_TABLES, TYPED, short)
    rename(user_db(home), USER_TABLES, TYPED, short)
    with closing(sqlite3.connect(home.library)) as conn, conn:
        conn.execute("INSERT INTO meta VALUES (?, '2026-08-05T00:00:00Z')", (f"detail:{short}",))
        conn.executemany("INSERT INTO search_queue (paper_id) VALUES (?)", [(TYPED,), (short,)])
    return papers


def test_rows_under_an_id_that_names_no_paper_are_set_aside_not_damaged(
        earlier: Papers, home: Home, short: str) -> None:
    papers = earlier
    before = version(home.library), version(user_db(home))
    found = papers("search", "zeppelinoid", "--offline", "--json")
    assert (found.exit_code, found.stderr) == (0, "")  # (it warned of a damaged record)
    assert [p["id"] for p in found.json] == [GOOD]
    starred = papers("starred", "--json")
    assert (starred.exit_code, starred.stderr) == (0, "")
    assert [p["id"] for p in starred.json] == [GOOD]
    day = papers("day", "2026-08-04", "--offline", "--json")
    assert (day.exit_code, day.stderr) == (0, "")
    assert [p["id"] for p in day.json] == [GOOD]
    assert version(home.library) == schema.migrations.latest > before[0]
    assert version(user_db(home)) == userdb.migrations.latest > before[1]

    info = papers("cache", "info", "--json")
    assert info.json["papers"] == 1
    assert [e["count"] for e in info.json["entries"]] == [1]  # the listing's count follows
    assert info.json["set_aside"] == {
        "library.db": {"papers": 1},
        "user.db": {"kept": 1, "notes": 1, "read_marks": 1, "stars": 1, "tags": 1}}
    shown = papers("cache", "info", "--check")
    assert shown.exit_code == 0 and shown.stderr == ""
    assert ("Set aside  1 paper under ids that name no paper (library.db, "
            "set_aside_*)\n") in shown.stdout
    assert ("Set aside  5 marks under ids that name no paper (user.db, "
            "set_aside_*)\n") in shown.stdout
    assert "Damaged  none" in shown.stdout

    assert short not in indexed(home)
    assert short not in ids_in(home.library, LIBRARY_TABLES)
    assert short not in ids_in(user_db(home), USER_TABLES)
    with closing(sqlite3.connect(home.library)) as conn:
        assert conn.execute("SELECT id, title FROM set_aside_papers").fetchall() == [
            (short, "Short Count")]
        assert conn.execute("SELECT count(*) FROM meta WHERE key GLOB 'detail:*'"
                            ).fetchone()[0] == 0
    with closing(sqlite3.connect(user_db(home))) as conn:  # the user's own words are kept
        assert conn.execute("SELECT paper_id, text FROM set_aside_notes").fetchall() == [
            (short, "Mine, on the short id.")]


def test_a_library_without_such_ids_gets_no_set_aside_table(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = tmp_path / "items.json"
    items.write_text(json.dumps([item(GOOD, "Right Count"), item("1412.1234", "Four")]),
                     encoding="utf-8")
    with earlier_papercli(monkeypatch):
        assert papers("import", str(items)).exit_code == 0
        assert papers("star", GOOD, "1412.1234", "--offline").exit_code == 0
    info = papers("cache", "info", "--json")
    assert (info.exit_code, info.stderr) == (0, "")
    assert info.json["set_aside"] == {} and info.json["papers"] == 2
    assert "Set aside" not in papers("cache", "info").stdout
    with closing(sqlite3.connect(home.library)) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name GLOB "
                            "'set_aside*'").fetchone()[0] == 0
