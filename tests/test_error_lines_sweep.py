"""Every error and warning line fits 80 columns piped, the `papers: error: ` prefix
counted, in a home laid out as a user's is (~/.cache, ~/.local/share, ~/.config; the
test's folder said as /home/alice): a sweep over the lines papercli says when its files
are not what it expects, a lock is held, an install cannot write, a category is not
cached offline, a sync sums up, and the everyday mistakes. They made up to 219 columns
("written by a newer papercli", "is not a file — move PATH aside", the locks, the
schema upgrade, `export --split`'s clashes, `--install-completion`, `new --offline`,
the sync summary); PAPERS_DEBUG still says each whole."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import Home, Papers, run_process, write_config
from hubserver import HubServer
from papercli.terminal import cell_width

ALICE = "/home/alice"


@pytest.fixture
def alice(home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """The test's home (`home`: isolated) with its folders where a user's are (~/.cache,
    ~/.local/share, ~/.config)."""
    root = tmp_path / "alice"
    root.mkdir()
    h = Home(root, root / ".cache", root / ".local" / "share", root / ".config")
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.setenv("XDG_CACHE_HOME", str(h.cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(h.data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(h.config))
    return h


def said(stderr: str, root: Path, lead: str = "papers: ") -> list[str]:
    """The lines papercli said on stderr (those that begin with `lead`), its home said as
    a user's (/home/alice)."""
    return [line.replace(str(root), ALICE) for line in stderr.splitlines()
            if line.startswith(lead)]


def check(result: tuple[int, str, str], root: Path, code: int | None = None,
          lead: str = "papers: ") -> list[str]:
    """Each line of stderr (that begins with `lead`) checked to fit 80 columns; the exit
    code, when given."""
    exit_code, _, stderr = result
    lines = said(stderr, root, lead)
    assert lines, stderr
    assert all(cell_width(line) <= 80 for line in lines), lines
    if code is not None:
        assert exit_code == code, lines
    return lines


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


def version(path: Path, number: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {number}")
    conn.close()


def first_run(papers: Papers, home: Home) -> None:
    """The library and the user database made, as a first fetch and a star make them
    (a read makes neither)."""
    from papercli.db.store import Store
    from papercli.db.userdb import UserDB

    assert papers("today", "--offline").exit_code in (0, 1)
    Store.open(home.library, create=True).close()
    UserDB.open(user_db(home), create=True).close()


# (what to do to the home first, the command, the exit code, a words the line must hold)
Setup = Callable[[Home], None]


def _newer_library(home: Home) -> None:
    version(home.library, 99)


def _newer_user_db(home: Home) -> None:
    version(user_db(home), 99)


def _folder_at(path: Callable[[Home], Path]) -> Setup:
    def made(home: Home) -> None:
        target = path(home)
        if target.exists():
            target.unlink()
        target.mkdir(parents=True)
    return made


def _not_papercli_s(home: Home) -> None:
    version(user_db(home), 0)


def _lock(home: Home, how: str) -> None:
    lock = home.config / "papercli" / ".config.toml.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    if lock.exists() or lock.is_symlink():
        lock.unlink()
    if how == "folder":
        lock.mkdir()
    else:
        lock.symlink_to(home.root / "elsewhere")


FILES: list[tuple[str, Setup, tuple[str, ...], int, str]] = [
    ("newer-library", _newer_library, ("today", "--offline"), 1,
     "a newer papercli (schema 99) wrote the library — upgrade papercli"),
    ("newer-user-db", _newer_user_db, ("starred",), 1,
     "a newer papercli wrote the user database — upgrade papercli"),
    ("library-folder", _folder_at(lambda h: h.library), ("today", "--offline"), 1,
     "~/.cache/papercli/library.db is not a file — remove it"),
    ("user-db-folder", _folder_at(user_db), ("starred",), 1,
     "~/.local/share/papercli/user.db is not a file — move it aside"),
    ("not-papercli-s", _not_papercli_s, ("starred",), 1, "is not papercli's"),
    ("not-papercli-s-search", _not_papercli_s, ("search", "llava", "--offline"), 0,
     "user.db is not papercli's; "),
    ("config-lock-folder", lambda h: _lock(h, "folder"),
     ("config", "set", "display.limit", "5"), 1,
     "~/.config/papercli/.config.toml.lock is not a file — remove it"),
    ("config-lock-link", lambda h: _lock(h, "link"),
     ("config", "set", "display.limit", "5"), 1,
     "config.toml's lock is a symbolic link — remove .config.toml.lock"),
]


@pytest.mark.parametrize(("setup", "args", "code", "words"),
                         [f[1:] for f in FILES], ids=[f[0] for f in FILES])
def test_a_file_not_as_expected_is_said_in_80_columns(
        papers: Papers, alice: Home, monkeypatch: pytest.MonkeyPatch, setup: Setup,
        args: tuple[str, ...], code: int, words: str) -> None:
    first_run(papers, alice)
    setup(alice)
    lines = check(papers(*args), alice.root, code)
    assert any(words in line for line in lines), lines
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # the whole of it: the paths, the numbers
    whole = said(papers(*args).stderr, alice.root)
    assert any(ALICE in line for line in whole) or args[0] == "today", whole


def test_the_config_lock_held_is_said_in_80_columns(
        papers: Papers, alice: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """"config file /home/…/config.toml stayed locked by another papers process for 30s —
    try again; if no papers process is running, remove /home/…/.config.toml.lock": 190."""
    from filelock import FileLock

    from papercli import config

    assert papers("config", "set", "display.limit", "5").exit_code == 0
    monkeypatch.setattr(config, "LOCK_TIMEOUT", 0.1)
    with FileLock(alice.config / "papercli" / ".config.toml.lock"):
        lines = check(papers("config", "set", "display.limit", "6"), alice.root, 1)
    assert lines == ["papers: error: config.toml is locked by another papers command — "
                     "try again later"], lines


@pytest.mark.parametrize("label", ["the library", "the user database"])
def test_a_database_lock_held_is_said_in_80_columns(
        alice: Home, label: str, capsys: pytest.CaptureFixture[str]) -> None:
    """"the user database /home/…/user.db stayed locked by another papers process for 30s
    — try again when the other command (a long sync?) has finished": 140 (a wait of 30s
    is too long for a test to sit through: the error, as the command line says it)."""
    from papercli.cli.failures import report
    from papercli.db.connection import locked

    path = alice.data / "papercli" / "user.db"
    assert report(locked(label, path)) == 1
    [line] = said(capsys.readouterr().err, alice.root)
    assert cell_width(line) <= 80, line
    assert line.startswith(f"papers: error: {label} is locked by another papers command"), line


def test_an_upgrade_of_a_read_only_library_is_said_in_80_columns(
        papers: Papers, alice: Home, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """"the library /home/…/library.db needs an upgrade this papercli cannot write (it is
    read-only) — make /home/…/library.db writable, then run any papers command once to
    upgrade it": 170 (a read-only file root writes anyway: the check, as the command
    line says it)."""
    from papercli.cli.failures import report
    from papercli.db import schema
    from papercli.db.connection import check_read_only_schema
    from papercli.errors import StoreError

    first_run(papers, alice)
    version(alice.library, schema.migrations.latest - 1)
    conn = sqlite3.connect(alice.library)
    for fix, reason in ((alice.library, "it is read-only"),
                        (alice.library.parent, "its folder is read-only")):
        with pytest.raises(StoreError) as raised:
            check_read_only_schema(conn, schema.migrations, f"the library {alice.library}",
                                   reason, fix, label="the library", path=alice.library)
        assert report(raised.value) == 1
        [line] = said(capsys.readouterr().err, alice.root)
        assert cell_width(line) <= 80, line
        assert line.startswith("papers: error: the library needs an upgrade"), line
        assert line.endswith("writable"), line
    conn.close()


def test_split_clashes_are_said_in_80_columns(library: Papers, home: Home,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A note's place taken by a folder or a link, and a note kept for want of a marker
    line: 158 to 219 columns with a vault under a usual home."""
    vault = home.root / "Documents" / "vault" / "papers"
    assert library("export", "--split", str(vault), "2401.01055").exit_code == 0
    [note] = list(vault.iterdir())
    text = note.read_text(encoding="utf-8")
    note.write_text("\n".join(x for x in text.splitlines() if "papercli:note" not in x),
                    encoding="utf-8")
    kept = check(library("export", "--split", str(vault), "2401.01055", "--force"),
                 home.root, 0, lead="papers: warning: ")
    assert kept[0].startswith("papers: warning: kept 2401.01055's note"), kept
    note.unlink()
    note.mkdir()
    assert check(library("export", "--split", str(vault), "2401.01055"), home.root, 1) == [
        "papers: error: the note for 2401.01055 is not a file — remove it first"]
    note.rmdir()
    note.symlink_to(home.root / "elsewhere.md")
    assert check(library("export", "--split", str(vault), "2401.01055"), home.root, 1) == [
        "papers: error: the note for 2401.01055 is a symbolic link — remove it"]


def test_an_install_of_completion_that_cannot_write_is_said_in_80_columns(
        papers: Papers, alice: Home) -> None:
    (alice.root / ".bash_completions").write_text("mine", encoding="utf-8")
    done = run_process("--install-completion", "bash",
                       env_extra={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert check((done.returncode, done.stdout, done.stderr), alice.root, 1) == [
        "papers: error: cannot write ~/.bash_completions: File exists — move it aside"]


@pytest.mark.parametrize("followed", ["cs.CL", "cs.CL, cs.LG, cs.CV, stat.ML"])
def test_new_offline_without_a_cached_announcement_is_said_in_80_columns(
        papers: Papers, alice: Home, seeded_hub: HubServer, followed: str) -> None:
    """137 columns with four categories followed."""
    assert papers("new", "--all", "--peek", "--json").exit_code == 0  # Hub days cached
    categories = ", ".join(f'"{c}"' for c in followed.split(", "))
    write_config(alice, f"[sources]\narxiv = [{categories}]\n")
    lines = check(papers("new", "--offline", "--all"), alice.root)
    assert any(line.startswith("papers: warning: no arXiv announcement ") for line in lines)


def test_the_sync_summary_is_said_in_80_columns(papers: Papers, hub: HubServer) -> None:
    """What changed, then the periods and requests: 110 to 140 columns in one line."""
    hub.fill(date(2026, 11, 1), date(2026, 11, 25), per_day=40)
    root = Path(os.environ["HOME"])
    lines = check(papers("sync", "--since", "2026-11-01"), root, 0)
    assert lines[0] == "papers: synced 2026-11-01 to 2026-11-25: 1,000 papers added", lines
    assert lines[1].startswith("papers: 7 periods (7 fetched, 0 already complete); "), lines


# The everyday mistakes, offline or with the Hub out of reach: each error or warning line.
EVERYDAY = [
    ("today", "--limit", "x"), ("today", "--bogus"), ("bogus",), ("day", "2026-13-45"),
    ("day", "not-a-day"), ("week", "2026-W99"), ("month", "2026-13"),
    ("show", "2406.00042", "--offline"), ("show", "not-an-id"), ("star", "2406.00042", "--offline"),
    ("related", "2406.00042", "--offline"), ("note", "2406.00042", "--offline"),
    ("config", "set", "nope", "1"), ("config", "set", "display.limit", "x"),
    ("config", "get", "display.nope"), ("watch", "rm", "nope"), ("watch", "add", "x"),
    ("export", "-o", "exists.md"), ("export", "-f", "nope"), ("import", "missing.json"),
    ("search",), ("new", "--offline"), ("sync", "--offline"), ("today",),
    ("for-you", "--offline"), ("tag", "2406.00042", "x", "--offline"), ("trends", "-o", "x.xyz"),
    ("day", "2026-08-20", "--offline"), ("search", "llava", "--since", "tomorrow"),
    ("--install-completion", "tcsh"), ("today", "--sort", "nope"), ("cache", "clear"),
]


@pytest.mark.parametrize("args", EVERYDAY, ids=[" ".join(a) for a in EVERYDAY])
def test_everyday_mistakes_are_said_in_80_columns(papers: Papers, alice: Home,
                                                  args: tuple[str, ...]) -> None:
    first_run(papers, alice)
    Path("exists.md").write_text("mine", encoding="utf-8")
    exit_code, _, err = papers(*args)
    lines = said(err, alice.root)
    assert all(cell_width(line) <= 80 for line in lines), lines
    assert exit_code == 0 or lines, (exit_code, err)
