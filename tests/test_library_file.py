"""The library file under stress: garbage, strangers' databases, newer schemas, damaged
pages, and several `papers` processes writing and reading it at once."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import threading
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import TODAY, Home, installed_papers, one_line, run_process
from hubserver import HubServer

CORRUPT_NAME = "library.db.corrupt-20261125T120000Z"  # PAPERS_NOW, compact UTC


def info(papers) -> dict:  # type: ignore[no-untyped-def]
    result = papers("cache", "info", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def moved_aside(home: Home) -> list[Path]:
    return sorted(p for p in home.library.parent.glob("library.db.corrupt-*")
                  if not p.name.endswith(("-wal", "-shm")))


def assert_rebuilt(result, home: Home, original: bytes) -> None:  # type: ignore[no-untyped-def]
    """Moved aside with a timestamped name (bytes kept), one warning, a fresh library."""
    assert result.exit_code == 0, result.stderr
    warning = result.stderr.strip()
    assert len(warning.splitlines()) == 1
    assert warning.startswith("papers: warning: the library file was unreadable; moved it to ")
    kept = moved_aside(home)
    assert [p.name for p in kept] == [CORRUPT_NAME]
    assert str(kept[0]) in warning
    assert kept[0].read_bytes() == original
    assert json.loads(result.stdout)["papers"] == 0


def test_garbage_file_is_moved_aside_and_the_library_rebuilt(papers, home: Home) -> None:
    home.library.parent.mkdir(parents=True)
    garbage = os.urandom(3000) + b"not a database at all" * 100
    home.library.write_bytes(garbage)
    assert_rebuilt(papers("cache", "info", "--json"), home, garbage)
    # The new library works, and the next command has nothing to warn about.
    again = papers("cache", "info", "--json")
    assert again.stderr == "" and json.loads(again.stdout)["schema_version"] >= 1


def test_truncated_library_is_moved_aside(papers, hub: HubServer, home: Home) -> None:
    hub.fill(date(2026, 9, 1), TODAY, per_day=10)
    assert papers("sync", "--since", "2026-09-01").exit_code == 0
    assert papers("cache", "info").exit_code == 0  # the last close folds the WAL in
    whole = home.library.read_bytes()
    half = whole[: len(whole) // 2]
    home.library.write_bytes(half)
    assert_rebuilt(papers("cache", "info", "--json"), home, half)
    # Rebuilding is one sync away.
    assert papers("sync", "--since", "2026-09-01").exit_code == 0
    assert info(papers)["papers"] == 860


@pytest.mark.parametrize("user_version", [0, 7])
def test_a_strangers_sqlite_database_is_moved_aside_intact(
    papers, home: Home, user_version: int
) -> None:
    home.library.parent.mkdir(parents=True)
    conn = sqlite3.connect(home.library)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('my precious notes')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    original = home.library.read_bytes()
    assert_rebuilt(papers("cache", "info", "--json"), home, original)
    kept = sqlite3.connect(moved_aside(home)[0])
    assert kept.execute("SELECT body FROM notes").fetchall() == [("my precious notes",)]
    kept.close()


def test_an_empty_file_is_simply_a_new_library(papers, home: Home) -> None:
    home.library.parent.mkdir(parents=True)
    home.library.write_bytes(b"")
    result = papers("cache", "info", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    assert moved_aside(home) == []


def test_a_library_from_a_newer_papercli_is_refused_untouched(
    papers, hub: HubServer, home: Home
) -> None:
    hub.fill(date(2026, 11, 20), TODAY)
    assert papers("sync", "--since", "2026-11-20").exit_code == 0
    conn = sqlite3.connect(home.library)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = home.library.read_bytes()
    for args in (("cache", "info"), ("sync", "--since", "2026-11-20"), ("today",)):
        result = papers(*args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1  # (in 80 columns: 177 with a usual home's path)
        assert line == ("papers: error: a newer papercli (schema 99) wrote the library — "
                        "upgrade papercli")
    with pytest.MonkeyPatch.context() as debug:  # the whole of it
        debug.setenv("PAPERS_DEBUG", "1")
        line = papers("today").stderr.strip()
        assert line.startswith(f"papers: error: the library {home.library} was written by a "
                               "newer papercli (schema 99, this version knows ")
        assert line.endswith("— upgrade papercli (pip install -U papercli)")
    assert home.library.read_bytes() == before
    assert moved_aside(home) == []


def test_a_damaged_page_is_a_clear_error(papers, hub: HubServer, home: Home) -> None:
    days = hub.fill(date(2026, 11, 1), TODAY, per_day=10)
    assert papers("sync", "--since", "2026-11-01").exit_code == 0
    assert papers("cache", "info").exit_code == 0
    kept = next(iter(days.values()))[0]
    assert papers("star", kept).exit_code == 0
    conn = sqlite3.connect(home.library)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = [r[0] for r in conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'papers' AND rootpage > 0")]
    conn.close()
    data = bytearray(home.library.read_bytes())
    for root in roots:  # the papers table's root page and those of its indexes
        start = (root - 1) * page_size
        data[start : start + page_size] = b"\xff" * page_size
    home.library.write_bytes(bytes(data))
    result = papers("cache", "info")
    assert result.exit_code == 1
    assert result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert line.startswith(f"papers: error: the library {home.library} is damaged (")
    assert line.endswith("it is only a cache: papers cache clear --yes moves it aside and "
                         "starts a new one")
    # What the line says works: clearing is the repair, so the damage cannot stop it.
    cleared = papers("cache", "clear", "--yes")
    assert cleared.exit_code == 0, cleared.stderr
    assert moved_aside(home) and moved_aside(home)[0].read_bytes() == bytes(data)
    assert one_line(cleared.stderr) == (
        f"papers: cleared the library: it was damaged, so it was moved to "
        f"{moved_aside(home)[0]} and a new one started")
    info = papers("cache", "info", "--json")
    assert info.exit_code == 0, info.stderr
    assert json.loads(info.stdout)["papers"] == 0
    assert papers("starred", "-q").stdout.split() == [kept]  # stars are untouched


def damage_tables(user: Path, *tables: str) -> bytes:
    """Overwrite the root pages of `tables` in `user` (SQLite then says "malformed");
    the file's new bytes."""
    conn = sqlite3.connect(user)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    marks = ",".join("?" * len(tables))
    roots = [r[0] for r in conn.execute(
        f"SELECT rootpage FROM sqlite_master WHERE tbl_name IN ({marks}) AND rootpage > 0",
        tables)]
    conn.close()
    data = bytearray(user.read_bytes())
    for root in roots:
        start = (root - 1) * page_size
        data[start : start + page_size] = b"\xff" * page_size
    user.write_bytes(bytes(data))
    return bytes(data)


def test_a_listing_over_a_damaged_user_database_says_so_once(papers, hub: HubServer,
                                                              home: Home) -> None:
    """Every table of yours unreadable: the papers, and one line for it (not one per
    table the listing reads)."""
    hub.fill(date(2026, 11, 20), TODAY, per_day=5)
    assert papers("sync", "--since", "2026-11-20").exit_code == 0
    shown = papers("search", "--offline", "-q").stdout.split()
    assert papers("star", shown[0]).exit_code == 0
    assert papers("hide", shown[1]).exit_code == 0
    assert papers("tag", shown[2], "mine").exit_code == 0
    user = home.data / "papercli" / "user.db"
    damage_tables(user, "stars", "hidden", "tags", "notes")
    listing = papers("search", "--offline", "-q")
    assert listing.exit_code == 0 and listing.stdout.split() == shown  # the hidden one too
    assert one_line(listing.stderr) == (  # (in 80 columns: 170 with the path)
        "papers: warning: hidden papers shown, stars and notes not: user.db is damaged")


def test_a_damaged_page_of_the_user_database_is_named_not_the_library(
        papers, hub: HubServer, home: Home) -> None:
    """The line names the file SQLite was reading: clearing the library would not mend
    user.db, and user.db is the user's to move aside, never papers' to replace."""
    days = hub.fill(date(2026, 11, 20), TODAY, per_day=10)
    assert papers("sync", "--since", "2026-11-20").exit_code == 0
    ids = [pid for day in days.values() for pid in day]
    assert papers("star", *ids).exit_code == 0
    user = home.data / "papercli" / "user.db"
    data = damage_tables(user, "stars")
    for args in (("starred",), ("star", ids[0])):
        result = papers(*args)
        assert result.exit_code == 1, args
        line = one_line(result.stderr)  # (in 80 columns: the path and the hint made 250)
        assert len(line) <= 80 and "user database" in line and "damaged" in line, line
        assert "move it aside" in line and "keep it" in line and "cache clear" not in line
        with pytest.MonkeyPatch.context() as debug:  # the whole of it
            debug.setenv("PAPERS_DEBUG", "1")
            line = one_line(papers(*args).stderr)
        assert line.startswith(f"papers: error: the user database {user} is damaged ("), line
        assert "move it aside by hand and keep it" in line and "cache clear" not in line
    # A listing needs none of it: its papers, without your marks, and one warning.
    listing = papers("search", "--offline", "--json", "-n", "0")
    assert listing.exit_code == 0, listing.stderr
    assert sorted(listing.ids) == sorted(ids)
    assert one_line(listing.stderr) == (  # (in 80 columns: the path made 170)
        "papers: warning: stars and notes not shown: user.db is damaged")
    assert user.read_bytes() == bytes(data)  # never replaced
    assert moved_aside(home) == []  # and the library is left alone


def test_a_user_database_that_is_a_folder_is_moved_aside_not_removed(papers,
                                                                      home: Home) -> None:
    """A folder where user.db belongs may hold the user's things: "remove" it was the
    hint, which a shell's `rm -r` takes literally."""
    user = home.data / "papercli" / "user.db"
    user.mkdir(parents=True)
    (user / "keep.txt").write_text("mine", encoding="utf-8")
    result = papers("starred")
    assert result.exit_code == 1 and result.stdout == ""
    assert one_line(result.stderr) == (  # (in 80 columns: the path twice made 203)
        "papers: error: ~/data/papercli/user.db is not a file — move it aside")
    with pytest.MonkeyPatch.context() as debug:  # the whole of it
        debug.setenv("PAPERS_DEBUG", "1")
        assert one_line(papers("starred").stderr) == (
            f"papers: error: the user database {user} is not a file — move {user} aside by "
            "hand (papers keeps your stars and marks in a file there)")
    assert (user / "keep.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("args", [("export", "--starred"), ("search", "--noted", "--offline"),
                                  ("search", "--tag", "mine", "--offline")])
def test_a_user_database_that_is_no_file_filters_nothing_out_as_none(library, home: Home,
                                                                    args: tuple[str, ...]
                                                                    ) -> None:
    """--starred, --noted and --tag read a user.db that is a folder (or a named pipe) as no
    user database yet: `export --starred` wrote an empty file, said "no paper in the
    library is starred" and succeeded, while `papers starred` said what is wrong."""
    user = home.data / "papercli" / "user.db"
    user.mkdir(parents=True)
    result = library(*args)
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    assert one_line(result.stderr) == one_line(library("starred").stderr) == (
        "papers: error: ~/data/papercli/user.db is not a file — move it aside")


def test_a_library_locked_while_being_created_is_waited_for_not_moved(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Switching a new file to WAL needs a moment alone: a locked file is not garbage."""
    from papercli.db import connection
    from papercli.db import store as store_mod

    home.library.parent.mkdir(parents=True)
    home.library.write_bytes(b"")
    blocker = sqlite3.connect(home.library, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # what another papers process creating it holds
    waiting = threading.Event()

    def sleep(seconds: float) -> None:  # the store waits for the lock: let it go now
        waiting.set()
        time.sleep(seconds)

    monkeypatch.setattr(connection, "time", SimpleNamespace(monotonic=time.monotonic,
                                                           sleep=sleep))
    opened: list[object] = []
    opener = threading.Thread(target=lambda: opened.append(_open(store_mod, home.library)))
    opener.start()
    try:
        assert waiting.wait(timeout=30), "the store did not wait for the lock"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        opener.join(timeout=60)
    assert len(opened) == 1 and not isinstance(opened[0], BaseException), opened
    assert moved_aside(home) == []


def _open(store_mod, path: Path) -> object:  # type: ignore[no-untyped-def]
    try:
        with store_mod.Store.open(path) as store:
            return store.moved_aside or store.count_papers()
    except BaseException as exc:  # reported by the test, on its own thread
        return exc


def test_four_concurrent_syncs_lose_nothing_and_never_see_a_lock(
    hub: HubServer, home: Home
) -> None:
    by_day = hub.fill(date(2026, 8, 1), TODAY, per_day=12)
    ranges = [("2026-08-01", "2026-09-30"), ("2026-10-01", "2026-10-31"),
              ("2026-11-01", "2026-11-25"), ("2026-08-01", "2026-11-25")]
    procs = [
        subprocess.Popen([installed_papers(), "sync", "--since", a, "--until", b, "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=os.environ.copy())
        for a, b in ranges
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        assert json.loads(out)["failed"] == 0
    result = run_process("cache", "info", "--json")
    data = json.loads(result.stdout)
    assert data["papers"] == sum(len(ids) for ids in by_day.values())
    held = {e["key"]: e["count"] for e in data["entries"]}
    for day, ids in by_day.items():
        assert held[f"day:{day}"] == len(ids), day
    assert moved_aside(home) == []
    conn = sqlite3.connect(home.library)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT id FROM papers")}
    conn.close()
    assert stored == {pid for ids in by_day.values() for pid in ids}


def test_a_shm_file_removed_while_it_is_looked_at_is_not_called_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync starting as `papers today` ended stopped with "library.db-shm is read-only":
    the reader's last connection closing removed the -shm between the check that it
    exists and the check that it can be written (which is False for no file at all). The
    race, made certain: the file goes as its access is asked."""
    from papercli.db import connection

    path = tmp_path / "library.db"
    path.write_bytes(b"")
    shm = tmp_path / "library.db-shm"
    shm.write_bytes(b"")
    real = os.access

    def access(name: object, mode: int) -> bool:
        if Path(str(name)) == shm:
            shm.unlink(missing_ok=True)  # (another process's last close, just now)
        return real(name, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(connection.os, "access", access)
    assert connection.unwritable(path) is None
    shm.write_bytes(b"")
    shm.chmod(0o444)
    monkeypatch.setattr(connection.os, "access", real)
    if real(shm, os.W_OK):  # (root writes through permission bits)
        return
    assert connection.unwritable(path) == ("library.db-shm is read-only", shm)


def test_reading_while_a_sync_writes(papers, hub: HubServer, home: Home) -> None:
    hub.fill(date(2026, 5, 1), TODAY, per_day=30)
    assert papers("sync", "--since", "2026-11-25").exit_code == 0  # today, for the reader
    hub.state.latency = 0.01
    proc = subprocess.Popen(
        [installed_papers(), "sync", "--since", "2026-05-01", "--until", "2026-10-31",
         "--json", "--no-prepare"],  # (reads during the writes are what is tested)
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )
    reads_during = 0
    try:
        while proc.poll() is None:
            result = papers("today")
            assert result.exit_code == 0, result.stderr
            assert result.stderr == ""
            assert "Daily Papers — 2026-11-25" in result.stdout
            reads_during += proc.poll() is None
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "locked" not in err
    assert reads_during >= 1
    assert json.loads(out)["added"] == 184 * 30


def test_a_user_database_that_is_a_folder_is_said_once_where_stars_are_shown(
        library, home: Home) -> None:
    """`papers today` and `show` over a folder where user.db belongs dropped every ★ and
    tag without a word (the filters said what is wrong); now one warning says that
    stars and notes are not shown, and what to do, in 80 columns."""
    assert library("star", "2401.01055", "--offline").exit_code == 0
    user = home.data / "papercli" / "user.db"
    user.rename(user.with_name("user.db.bak"))
    user.mkdir()
    said = ("papers: warning: stars and notes not shown: user.db is a folder — move it "
            "aside")
    for args in (("show", "2401.01055"), ("search", "--offline", "-n", "3"),
                 ("search", "--offline", "--json")):
        result = library(*args, "--offline") if args[0] == "show" else library(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines() == [said], (args, result.stderr)
        assert "★" not in result.stdout and '"starred_at"' not in result.stdout
