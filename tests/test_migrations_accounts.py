"""A library written before authors' Hub accounts were kept (schema 14).

The file is made here as that papercli made it: its migration steps, then a paper row
with the columns it wrote. Opening it with this papercli adds the accounts, keeps every
paper as it was (searchable by its byline as before), and the next time the Hub gives a
paper, its authors' accounts find it.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from contextlib import closing

from conftest import TODAY, Home
from hubserver import HubServer, seed_items
from papercli.db import schema
from papercli.db.migrations import Migrations

OLD = "2402.00079"


def old_library(home: Home) -> int:
    """A library as the papercli before accounts left it; its schema version."""
    steps = schema.migrations.steps
    earlier = Migrations()
    earlier.steps = steps[:steps.index(schema._m015_author_accounts)]
    home.library.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(home.library, isolation_level=None)) as conn:
        earlier.apply(conn, "the library")
        conn.execute(
            "INSERT INTO papers (id, title, summary, authors, published_at, upvotes, "
            "sources, fetched_at) VALUES (?, ?, ?, ?, ?, 3, 'hf', ?)",
            (OLD, "An Invented Old Paper", "About zeppelinoid knots.",
             json.dumps(["Ada Invented", "Heming Lan"]), "2024-02-01T00:00:00Z",
             "2024-02-02T00:00:00Z"))
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def version(home: Home) -> int:
    with closing(sqlite3.connect(home.library)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def found(papers, *args: str) -> list[str]:
    result = papers("search", *args, "--offline", "--json")
    assert result.exit_code == 0, (args, result.stderr)
    return sorted(p["id"] for p in json.loads(result.stdout))


def test_an_old_library_opens_and_the_next_hub_record_brings_the_accounts(
        papers, hub: HubServer, home: Home) -> None:
    before = old_library(home)
    assert before == schema.migrations.steps.index(schema._m015_author_accounts)
    assert found(papers, "--author", "heming lan") == [OLD]
    assert found(papers, "zeppelinoid") == [OLD]
    assert version(home) == schema.migrations.latest
    with closing(sqlite3.connect(home.library)) as conn:
        assert conn.execute("SELECT author_accounts FROM papers").fetchall() == [("[]",)]
    assert found(papers, "--author", "@heminglan") == []  # the old record has none yet
    shown = papers("show", OLD, "--offline")
    assert shown.exit_code == 0 and shown.stderr == "", shown.stderr
    assert "Ada Invented, Heming Lan" in shown.stdout

    item = copy.deepcopy(seed_items()[0])
    item["paper"]["id"] = OLD
    item["paper"]["authors"] = [
        {"name": "Ada Invented", "hidden": False},
        {"name": "Heming Lan", "hidden": False,
         "user": {"user": "heminglan", "fullname": "兰鹤鸣"}}]
    hub.set_day(TODAY, [item])
    assert papers("today", "-q").exit_code == 0
    assert found(papers, "--author", "@heminglan") == [OLD]
    assert found(papers, "--author", "兰鹤鸣") == [OLD]
