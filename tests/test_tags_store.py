"""user.db's tags and notes: the storage API other commands (import, export) build on,
and its read boundary (a damaged row is skipped and counted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.db import records
from papercli.db.userdb import UserDB
from papercli.errors import UsageError
from papercli.models import Paper
from papercli.tags import normalize_tag

A, B, C = "2511.00001", "2511.00002", "2511.00003"


@pytest.fixture
def db(tmp_path: Path) -> UserDB:
    return UserDB.open(tmp_path / "user.db")


def test_normalize_tag_folds_case_and_keeps_the_allowed_marks() -> None:
    assert normalize_tag(" Robotics ") == "robotics"
    assert normalize_tag("cs.LG/RL_x-1") == "cs.lg/rl_x-1"
    assert normalize_tag("Ünïcode") == "ünïcode"
    assert normalize_tag("हिंदी") == "हिंदी" and normalize_tag("İ") == "i\u0307"
    assert records.is_tag("हिंदी") and not records.is_tag("\u0301x")


@pytest.mark.parametrize("bad", ["two words", "x\x1b[31m", "", "  ", "#x", "a,b", "..",
                                 "\u202eevil", "a" * 65, "tag\n"])
def test_normalize_tag_refuses_anything_else(bad: str) -> None:
    with pytest.raises(UsageError):
        normalize_tag(bad if bad != "tag\n" else "ta\ng")


def test_tags_add_remove_and_count(db: UserDB) -> None:
    assert db.add_tags([A, B], ["rl", "robotics"]) == 4
    assert db.add_tags([A], ["rl"]) == 0
    assert db.tags_of([A, B, C]) == {A: ["rl", "robotics"], B: ["rl", "robotics"]}
    assert db.remove_tags([B], ["rl", "nope"]) == 1
    assert db.tag_counts() == [("robotics", 2), ("rl", 1)]
    assert sorted(db.tagged("robotics")) == [A, B]
    assert db.tagged("nope") == []


def test_tagged_under_finds_the_nested_tags_only(db: UserDB) -> None:
    """`--tag video` reads `tagged` and `tagged_under` (the index's range `video/` to
    `video0`): `video/gen` and `video/` are under it, `video-gen`, `videos`, `video0`
    and `video` itself are not."""
    from papercli.config import Config
    from papercli.session import Session
    from papercli.tags import nested_in, tagged

    db.add_tags([A], ["video/gen"])
    db.add_tags([B], ["video/"])
    db.add_tags([C], ["video-gen", "videos", "video0", "video"])
    assert sorted(db.tagged_under("video")) == [A, B]
    assert sorted(db.tagged_under("video/")) == [A, B]
    assert db.tagged_under("video/gen") == [] and db.tagged_under("vid") == []
    assert [nested_in(t, "video") for t in ("video/gen", "video/", "video", "videos")] == [
        True, True, True, False]
    session = Session(Config(db.path.with_name("config.toml"), {}), userdb=db.path)
    assert sorted(tagged(session, ("Video",))[1]) == [A, B, C]
    assert sorted(tagged(session, ("video/",))[1]) == [A, B, C]
    assert sorted(tagged(session, ("video/gen",))[1]) == [A]


def test_notes_set_replace_and_remove(db: UserDB) -> None:
    assert db.note_of(A) is None
    db.set_note(A, "first")
    db.set_note(A, "second\n\nmore")
    db.set_note(B, "other")
    assert db.note_of(A) == "second\n\nmore"
    assert db.notes_of([A, B, C]) == {A: "second\n\nmore", B: "other"}
    db.set_note(A, None)
    db.set_note(B, "   ")
    assert db.notes_of([A, B]) == {}


def test_kept_snapshot_survives_without_the_library(db: UserDB) -> None:
    db.keep([Paper(id=A, title="Kept title")])
    assert db.kept([A, B])[A].title == "Kept title"


def test_damaged_rows_are_skipped_and_counted(db: UserDB) -> None:
    db.add_tags([A], ["good"])
    db.set_note(A, "fine")
    db.conn.execute("INSERT INTO tags VALUES (?, ?, ?)", (B, "Bad Tag", "2026-01-01T00:00:00Z"))
    db.conn.execute("INSERT INTO tags VALUES (?, ?, ?)", ("not an id", "x", "2026"))
    db.conn.execute("INSERT INTO notes VALUES (?, ?, ?)", (B, b"\x00blob", "2026"))
    records.begin()
    assert db.tags_of([A, B]) == {A: ["good"]}
    assert db.tag_counts() == [("good", 1)]
    assert db.notes_of([A, B]) == {A: "fine"}
    skipped, partial = records.take()["user.db"]
    assert (skipped, partial) == (3, 0)  # two tag rows and a note
    assert db.damaged().count == 3
