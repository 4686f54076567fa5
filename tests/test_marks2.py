"""Tags and seen marks in the order they were made (as stars are: a later command's of
the same second first), a tag made while the Hub was out of reach made again once it
answers, the next step for several papers marked unchecked, and what `star --offline`
says of a paper already starred."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from conftest import NOW, Home, Papers, one_line
from hubserver import HubServer

A, B, C, D = "2401.01055", "2501.03895", "2404.14047", "2408.15881"
X = "2608.19001"  # on neither the Hub nor arXiv as these tests serve them


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


def tagged(home: Home, tag: str) -> list[str]:
    from papercli.db.userdb import UserDB

    with UserDB.open(user_db(home)) as udb:
        return udb.tagged(tag)


def test_a_later_command_s_tag_of_the_same_second_is_listed_first(
        library: Papers, home: Home) -> None:
    """`papers tag C x`, then `papers tag A x` in the same second listed A above C (by
    paper id), though C was tagged first: "most recently tagged first"."""
    for ids in ((C,), (A,), (D, B)):
        result = library("tag", *ids, "x", "--offline")
        assert result.exit_code == 0, result.stderr
    assert tagged(home, "x") == [D, B, A, C]  # one command's papers: in the order given
    # A renamed tag keeps its order.
    assert library("tags", "-m", "x", "y").exit_code == 0
    assert tagged(home, "y") == [D, B, A, C]


def test_a_later_check_s_seen_marks_of_the_same_second_come_first(home: Home) -> None:
    """`recent_seen` (what the taste model reads of `papers new`) kept the lowest paper
    ids of a second, not the papers of the last run."""
    from papercli.db.userdb import UserDB

    with UserDB.open(user_db(home), create=True) as udb:
        udb.record_check([C, D], None, at=NOW)
        udb.record_check([B, A], None, at=NOW)
        assert udb.recent_seen(2) in ([B, A], [A, B])
        assert set(udb.recent_seen(4)[2:]) == {C, D}


def test_tags_and_seen_marks_from_an_earlier_papercli_keep_their_order(
        library: Papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user.db an earlier papercli wrote (tags and seen marks without a rowid, listed by
    paper id within a second) lists them as it did once upgraded, and a tag made after
    them goes above them."""
    from papercli.db import userdb

    with monkeypatch.context() as earlier:  # papercli as it was, a step behind
        steps = userdb.migrations.steps
        names = [step.__name__ for step in steps]
        earlier.setattr(userdb.migrations, "steps",
                        steps[:names.index("_m007_tags_and_seen_newest_first")])
        assert library("tag", D, "x", "--offline").exit_code == 0  # (makes the file)
    with contextlib.closing(sqlite3.connect(user_db(home))) as conn:
        assert "WITHOUT ROWID" in conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'tags'").fetchone()[0]
        conn.execute("DELETE FROM tags")
        conn.executemany("INSERT INTO tags (paper_id, tag, tagged_at) VALUES (?, 'x', ?)",
                         [(C, NOW), (A, NOW), (B, NOW), (D, "2026-11-25T12:00:01Z")])
        conn.executemany("INSERT INTO seen (paper_id, seen_at) VALUES (?, ?)",
                         [(C, NOW), (A, NOW), (B, NOW)])
        conn.commit()
    assert library("tag", X, "y", "--offline").exit_code == 0  # (upgrades the file)
    with contextlib.closing(sqlite3.connect(user_db(home))) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == userdb.migrations.latest
        assert {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")} >= {
            "tags_by_tag", "seen_when"}
    assert tagged(home, "x") == [D, A, C, B]  # (by paper id, as it was)
    with userdb.UserDB.open(user_db(home)) as udb:
        assert udb.recent_seen(3) == [A, C, B]
    assert library("tag", X, "x", "--offline").exit_code == 0
    assert tagged(home, "x") == [D, X, A, C, B]


def test_a_paper_tagged_while_the_hub_was_down_is_tagged_again_once_it_answers(
        papers: Papers, home: Home, seeded_hub: HubServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers tag X later` with the Hub out of reach tagged X with a warning; once the
    Hub was back (arXiv out of reach), `papers tag X later` asked it, was told 404 and
    failed, exit 1, though X carried the tag. A tag X lacks is still checked."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    first = papers("tag", X, "later")
    assert first.exit_code == 0, first.stderr
    assert "tagged anyway" in first.stderr
    monkeypatch.setenv("HF_ENDPOINT", seeded_hub.url)
    monkeypatch.setenv("ARXIV_API_ENDPOINT", "http://127.0.0.1:9")
    seeded_hub.reset_log()

    again = papers("tag", X, "later")
    assert again.exit_code == 0, again.stderr
    assert again.stderr == f"papers: tagged 0 papers ({X} already tagged later)\n"
    assert not seeded_hub.requests  # (a no-op: nothing to look up)
    other = papers("tag", X, "later", "other")
    assert other.exit_code == 1
    assert X in other.stderr and "not on the Hub" in other.stderr
    assert tagged(home, "other") == []


@pytest.mark.parametrize(("command", "done"), [
    (("tag", "--ids", ",".join(f"2612.{n:05d}" for n in range(1, 9)), "later"), "tagged"),
    (("read", *(f"2612.{n:05d}" for n in range(1, 9))), "marked"),
    (("hide", *(f"2612.{n:05d}" for n in range(1, 9))), "hidden")])
def test_several_papers_marked_unchecked_are_given_the_next_step(
        library: Papers, command: tuple[str, ...], done: str) -> None:
    """"2612.00001 and 7 more not in the library yet, tagged anyway" said nothing to do
    where one paper's warning names `papers show ID`."""
    result = library(*command, "--offline")
    assert result.exit_code == 0, result.stderr
    warning = result.stderr.splitlines()[0]
    assert warning == (f"papers: warning: 8 papers not in the library yet, {done} anyway: "
                       "papers show ID")
    assert len(warning) <= 80


def test_starring_again_offline_does_not_say_a_snapshot_was_refreshed(
        papers: Papers, home: Home, seeded_hub: HubServer) -> None:
    """`papers star B --offline` of a paper starred, the library cleared: its record was
    only copied again from its own star, yet said "record refreshed"."""
    assert papers("star", B).exit_code == 0
    assert papers("cache", "clear", "--yes").exit_code == 0
    again = papers("star", B, "--offline")
    assert again.exit_code == 0, again.stderr
    assert one_line(again.stderr) == f"papers: starred 0 papers ({B} already starred)"
    twice = papers("star", B, "--offline")
    assert one_line(twice.stderr) == f"papers: starred 0 papers ({B} already starred)"
