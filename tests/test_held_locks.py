"""Another process holding the library or the user database past the wait (a long sync or
import writing it): one line that fits 80 columns piped, exit 1, never SQLite's own
"database is locked". The line named the file's path whole and made 150 to 190 columns
("the library /home/me/.cache/papercli/library.db stayed locked by another papers
process for 30s — try again when the other command (a long sync?) has finished")."""

import contextlib
import json
import os
import select
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, installed_papers, screen_lines, shell_status, store_papers
from hubserver import HubServer, seed_items
from papercli.db import connection
from papercli.models import Paper


@pytest.fixture(autouse=True)
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock waited for a fifth of a second, not 30."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)


@contextmanager
def held(path: Path) -> Iterator[None]:
    """`path`'s write lock, held as another process writing it holds it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


@pytest.fixture
def stored(papers: Any, home: Home) -> None:
    store_papers(Paper(id="2406.00042", title="A paper kept waiting",
                       published_at="2024-06-03T00:00:00Z"))


def test_a_library_held_by_another_process_is_one_short_line(
        stored: None, papers: Any, home: Home, tmp_path: Path) -> None:
    items = tmp_path / "items.json"
    items.write_text(json.dumps(seed_items()[:2]), encoding="utf-8")
    with held(home.library):
        result = papers("import", str(items))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("papers: error: the library is locked by another papers "
                             "command — try again later\n")
    again = papers("import", str(items))  # nothing stale left behind
    assert again.exit_code == 0, again.stderr


def test_a_user_database_held_by_another_process_is_one_short_line(
        stored: None, papers: Any, home: Home) -> None:
    assert papers("star", "2406.00042", "--offline").exit_code == 0  # (the file made)
    with held(home.data / "papercli" / "user.db"):
        result = papers("tag", "2406.00042", "waiting", "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("papers: error: the user database is locked by another papers "
                             "command — try again\n")
    assert len(result.stderr.rstrip("\n")) <= 80


def test_the_whole_line_names_the_file_under_papers_debug(
        stored: None, papers: Any, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    with held(home.library):
        result = papers("import", "-", input=json.dumps(seed_items()[:1]))
    assert result.exit_code == 1
    assert result.stderr == (f"papers: error: the library {home.library} stayed locked by "
                             "another papers process for 0.2s — try again when the other "
                             "command (a long sync?) has finished\n")


def test_a_config_file_held_by_another_process_is_one_short_line(
        papers: Any, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers config set` while another `papers` holds config.toml's lock past the wait:
    the whole made 170 columns, with the config file's path and its lock's."""
    from filelock import FileLock

    from papercli import config

    monkeypatch.setattr(config, "LOCK_TIMEOUT", 0.2)
    home.config_file.parent.mkdir(parents=True)
    with FileLock(config.lock_path(home.config_file)):
        result = papers("config", "set", "display.limit", "5")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("papers: error: config.toml is locked by another papers "
                             "command — try again later\n")
    assert papers("config", "set", "display.limit", "5").exit_code == 0  # none left stale


def test_a_wait_for_the_library_is_said_on_a_terminal(
        stored: None, seeded_hub: HubServer, home: Home) -> None:
    """A fetch whose write waits for another process (a long import) sat silent for up to
    30 s on a terminal: the status line says what it waits for, and is erased once the
    other process lets go. The lock is let go once the line shows (another process, so
    the whole wait, not this file's fifth of a second)."""
    with _waiting(home.library, os.environ.copy()) as (proc, master, holder, shown):
        holder.execute("ROLLBACK")
        out, _ = proc.communicate(timeout=60)
        shown += _drained(master)
    assert proc.returncode == 0
    assert len(out.split()) == 10  # today's ten papers, fetched and stored
    text = shown.decode()
    assert ("waiting for another papers command to finish writing the library…"
            in text)
    assert screen_lines(text) == []  # the line erased: nothing else was said


@pytest.mark.parametrize(("signum", "code", "word"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_while_waiting_for_the_library_ends_at_once(
        stored: None, seeded_hub: HubServer, home: Home, tmp_path: Path, signum: int,
        code: int, word: str) -> None:
    """SQLite's own wait for a lock sleeps in C, where Python sees no signal: Ctrl-C
    pressed while `today` waited behind a long import took effect only once the 30 s
    were up. The wait is 600 s here (a sitecustomize sets it): the command ends while
    the lock is still held, or the 60 s safety net fails the test."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import papercli.db.connection as c\nc.BUSY_TIMEOUT = 600.0\n", encoding="utf-8")
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    with _waiting(home.library, env) as (proc, master, _, shown):
        proc.send_signal(signum)  # (the lock still held)
        out, _ = proc.communicate(timeout=60)
        shown += _drained(master)
    assert (shell_status(proc.returncode), out) == (code, b"")
    assert screen_lines(shown.decode()) == [f"papers: error: {word}"]


def _drained(master: int) -> bytes:
    """What is left to read on the terminal's side once the process has ended (an EIO
    says it is all read)."""
    shown = b""
    with contextlib.suppress(OSError):
        while select.select([master], [], [], 0.2)[0]:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            shown += chunk
    return shown


@contextmanager
def _waiting(library: Path, env: dict[str, str],
             args: tuple[str, ...] = ("today", "--refresh", "-q"),
             ) -> Iterator[tuple[subprocess.Popen[bytes], int, sqlite3.Connection, bytes]]:
    """`papers ARGS` on a terminal (its stderr), started while another connection holds
    the library's write lock: handed over once its status line says it waits, with the
    terminal's side, the holder and what the terminal showed so far."""
    holder = sqlite3.connect(library, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    master, slave = os.openpty()
    proc = subprocess.Popen([installed_papers(), *args],
                            stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    try:
        deadline = time.monotonic() + 60  # (a safety net, not a measurement)
        while b"waiting for another papers command" not in shown:
            assert time.monotonic() < deadline and proc.poll() is None, shown
            if select.select([master], [], [], 0.1)[0]:
                shown += os.read(master, 65536)
        yield proc, master, holder, shown
    finally:
        holder.close()
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_ctrl_c_held_while_an_import_stores_its_batch_is_said_at_once(
        stored: None, home: Home, tmp_path: Path) -> None:
    """An import holds Ctrl-C until the batch it is storing is stored and counted, which
    takes seconds on a loaded machine (here: the library held by another process), and
    nothing on the terminal acknowledged the key: a user pressed it again or took the
    command as hung. It is said at once, while the batch still waits (the lock is let go
    only once the line shows, or the 60 s safety net fails the test), under the progress
    bar, and the command then ends with its one line of what it kept."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import papercli.db.connection as c\nc.BUSY_TIMEOUT = 600.0\n", encoding="utf-8")
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    items = tmp_path / "items.json"
    items.write_text(json.dumps(seed_items()[:3]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": path, "TERM": "xterm"}
    with _waiting(home.library, env, ("import", str(items), "--no-prepare")) as (
            proc, master, holder, shown):
        proc.send_signal(signal.SIGINT)  # (the lock still held)
        deadline = time.monotonic() + 60  # (a safety net, not a measurement)
        while b"stopping once" not in shown:
            assert time.monotonic() < deadline and proc.poll() is None, shown
            if select.select([master], [], [], 0.1)[0]:
                shown += os.read(master, 65536)
        holder.execute("ROLLBACK")
        out, _ = proc.communicate(timeout=60)
        shown += _drained(master)
    assert (shell_status(proc.returncode), out) == (130, b"")
    # (said under the progress bar, erased with it: the line of what was kept stays)
    assert "papers: stopping once the papers read so far are stored…" in shown.decode()
    assert screen_lines(shown.decode()) == [
        "papers: error: interrupted — 3 papers kept; run the same command to resume"]
