"""The reading list's order: the most recently starred first, even among stars made in
the same second (the clock pinned by PAPERS_NOW, as in every test here, or commands run
one after another), and one command's stars in the order given."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import NOW, Home, Papers

A, B, C, D, E = "2401.01055", "2501.03895", "2404.14047", "2408.15881", "2405.18377"


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


def steps_before(name: str) -> list[Callable[[sqlite3.Connection], None]]:
    """The user database's schema steps before the one named (papercli as it was then)."""
    from papercli.db import userdb

    steps = userdb.migrations.steps
    return steps[:[step.__name__ for step in steps].index(name)]


def listed(papers: Papers, *args: str) -> list[str]:
    result = papers("starred", "-f", "ids", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


def test_a_later_command_s_star_of_the_same_second_is_listed_first(
        library: Papers, home: Home) -> None:
    """`papers star A`, then `papers star B` in the same second listed A above B: the
    newest star was at the bottom of a list said to be "most recently starred first"."""
    for ids in ((A,), (B,), (C, D)):
        result = library("star", *ids, "--offline")
        assert result.exit_code == 0, result.stderr
    assert listed(library) == [C, D, B, A]  # one command's stars: in the order given
    rows = library("starred", "--json").json
    assert [(p["id"], p["starred_order"]) for p in rows] == [(C, 1), (D, 2), (B, 3), (A, 4)]
    assert {p["starred_at"] for p in rows} == {NOW}
    # Unstarred and starred again: the newest star, at the top.
    assert library("unstar", B).exit_code == 0
    assert library("star", B, "--offline").exit_code == 0
    assert listed(library) == [B, C, D, A]


def test_stars_imported_in_one_second_go_above_the_list_in_their_order(
        library: Papers, home: Home, tmp_path: Path) -> None:
    """An import's stars of one second are listed as their file's `starred_order` says,
    as stars made after those already there."""
    assert library("star", A, "--offline").exit_code == 0
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps([
        {**paper, "starred_at": NOW, "starred_order": place}
        for paper, place in ((_record(library, D), 2), (_record(library, C), 1))]),
        encoding="utf-8")
    result = library("import", str(mine))
    assert result.exit_code == 0, result.stderr
    assert listed(library) == [C, D, A]


def _record(papers: Papers, pid: str) -> dict[str, object]:
    result = papers("show", pid, "--json", "--offline")
    assert result.exit_code == 0, result.stderr
    shown = result.json
    return dict(shown[0] if isinstance(shown, list) else shown)


def test_a_reading_list_from_an_earlier_papercli_keeps_its_order(
        library: Papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user.db an earlier papercli wrote, whose stars of one second were listed in the
    order they were added (lowest rowid first), lists them as it did once upgraded, and
    a star made after them goes above them."""
    from papercli.db import userdb

    with monkeypatch.context() as earlier:  # papercli as it was, a step behind
        earlier.setattr(userdb.migrations, "steps", steps_before("_m006_stars_newest_first"))
        assert library("star", E, "--offline").exit_code == 0  # (makes the file)
    with contextlib.closing(sqlite3.connect(user_db(home))) as conn:
        record = conn.execute("SELECT record FROM stars").fetchone()[0]
        conn.execute("DELETE FROM stars")
        # As it added them: one command's A B C, in the order given; D a second later.
        conn.executemany("INSERT INTO stars (paper_id, starred_at, record) VALUES (?, ?, ?)",
                         [(A, NOW, record), (B, NOW, record), (C, NOW, record),
                          (D, "2026-11-25T12:00:01Z", record)])
        conn.commit()
        before = int(conn.execute("PRAGMA user_version").fetchone()[0])
    assert before == len(steps_before("_m006_stars_newest_first"))
    assert listed(library) == [D, A, B, C]
    with contextlib.closing(sqlite3.connect(user_db(home))) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == userdb.migrations.latest
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                            "AND name = 'stars_when'").fetchone()[0] == 1
    assert library("star", E, "--offline").exit_code == 0
    assert listed(library) == [D, E, A, B, C]
