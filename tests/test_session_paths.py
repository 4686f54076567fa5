"""The Session owns where the library and the user database are: from `paths` (so the
XDG variables apply) unless given, and everything below it uses the paths it hands down."""

from __future__ import annotations

from pathlib import Path

from conftest import Home
from hubserver import seed_items
from papercli.models import parse_item
from papercli.session import Session

SEED = [parse_item(item) for item in seed_items()[:3]]


def test_a_session_given_paths_keeps_both_databases_there(home: Home, tmp_path: Path) -> None:
    library, userdb = tmp_path / "elsewhere" / "lib.db", tmp_path / "mine" / "u.db"
    session = Session.create(offline=True, library=library, userdb=userdb)
    try:
        session.store().upsert_papers(SEED)
        with session.userdb() as udb:
            udb.star(SEED[:1])
        assert session.store().count_papers() == len(SEED)
    finally:
        session.close()

    again = Session.create(offline=True, library=library, userdb=userdb)
    try:
        with again.userdb() as udb:
            assert [s.paper.id for s in udb.stars()] == [SEED[0].id]
        assert again.store().get_paper(SEED[1].id) is not None
    finally:
        again.close()
    # Nothing was written where the XDG variables point.
    assert not home.library.exists()
    assert not (home.data / "papercli" / "user.db").exists()


def test_a_session_without_paths_uses_the_xdg_places(home: Home) -> None:
    session = Session.create(offline=True)
    try:
        assert session.library_path == home.library
        assert session.userdb_path == home.data / "papercli" / "user.db"
        session.store().upsert_papers(SEED)
        with session.userdb() as udb:
            udb.hide([SEED[2].id])
    finally:
        session.close()
    assert home.library.is_file()
    assert (home.data / "papercli" / "user.db").is_file()


def test_a_star_restored_after_cache_clear_comes_from_the_sessions_userdb(
    home: Home, tmp_path: Path
) -> None:
    """`show` of a starred paper missing from the library puts its snapshot back: read
    from the user database the session names, not the default one."""
    from papercli import library

    userdb = tmp_path / "u.db"
    session = Session.create(offline=True, library=tmp_path / "lib.db", userdb=userdb)
    try:
        with session.userdb() as udb:
            udb.star(SEED[:1])
        result = library.get_paper(session, SEED[0].id)
        assert result.paper.title == SEED[0].title and result.from_cache
    finally:
        session.close()
    assert not (home.data / "papercli" / "user.db").exists()


def test_migrations_name_the_steps_a_file_has_had(tmp_path: Path) -> None:
    """Steps are recorded by version: an old file names only the steps it has had, and
    opening it applies the rest in order."""
    import sqlite3

    from papercli.db.schema import migrations
    from papercli.db.store import Store

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version, step in enumerate(migrations.steps[:2], start=1):
        step(conn)
        conn.execute(f"PRAGMA user_version = {version}")
    assert migrations.applied(conn) == [s.__name__ for s in migrations.steps[:2]]
    conn.close()

    with Store.open(path) as store:
        names = migrations.applied(store.conn)
        assert names == [s.__name__ for s in migrations.steps]
        assert len(names) == migrations.latest > 2
        assert store.schema_version() == migrations.latest
        assert store.moved_aside is None
