"""Careless accidents, through the CLI: concurrent config writers, a damaged library met by
any command, numbers at the edges, read-only and full disks, raw escapes in a hand-edited
config, racing `-o` exports, SIGTERM and an early Ctrl-C, absurd config files and queries.

Read-only and full disks are real: the command runs in a private mount namespace
(`unshare --map-root-user --mount`) where the folder is a read-only bind mount or a tiny
tmpfs that is filled up. That works as root, whom permission bits would not stop, and for
an unprivileged user alike; nothing outside the test's temp dir is touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from conftest import Home, installed_papers, one_line, run_process, write_config
from hubserver import HubServer, seed_items
from papercli.terminal import cell_width
from systools import need_user_namespaces, user_namespaces

SEED = seed_items()
A, B = SEED[0]["paper"]["id"], SEED[1]["paper"]["id"]


NAMESPACES = user_namespaces()


def in_namespace(setup: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `papers ARGS` after `setup` (sh, with $D = folder) in a private
    mount namespace, so mounts made there vanish with the process."""
    need_user_namespaces(NAMESPACES)  # skipped without them (a failure in CI)
    script = f'D="$1"; shift; {setup} && exec "$@"'
    return subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script, "sh", str(folder),
         installed_papers(), *args],
        capture_output=True, text=True, timeout=60, env=os.environ.copy(),
    )


def read_only(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return in_namespace('mount --bind "$D" "$D" && mount -o remount,bind,ro "$D"',
                        folder, *args)


def disk_full(folder: Path, snapshot: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`folder` replaced by a 2 MiB tmpfs holding a copy of `snapshot`, then filled up."""
    return in_namespace(
        f'mount -t tmpfs -o size=2m none "$D" && cp -a "{snapshot}/." "$D/" && '
        '(head -c 100000000 /dev/zero > "$D/filler" 2>/dev/null; true)',
        folder, *args,
    )


def library_rows(home: Home) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(home.library)
    try:
        return conn.execute("SELECT * FROM papers ORDER BY id").fetchall()
    finally:
        conn.close()


def starred_ids(papers) -> list[str]:  # type: ignore[no-untyped-def]
    result = papers("starred", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


# -- 1. config writes under a lock ----------------------------------------------------------


def _at_once(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    results: list[subprocess.CompletedProcess[str]] = []
    threads = [threading.Thread(target=lambda c=c: results.append(run_process(*c)))
               for c in commands]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_eight_concurrent_watch_adds_all_survive(home: Home) -> None:
    results = _at_once([["watch", "add", f"w{i}", "--keyword", f"word{i}"] for i in range(8)])
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    watches = tomllib.loads(home.config_file.read_text(encoding="utf-8"))["watch"]
    assert watches == {f"w{i}": {"keyword": [f"word{i}"]} for i in range(8)}


def test_eight_concurrent_config_sets_all_survive(home: Home) -> None:
    keys = ["network.timeout", "network.retries", "network.backoff", "network.concurrency",
            "cache.today_ttl", "cache.recent_ttl", "display.limit", "new.first_days"]
    results = _at_once([["config", "set", key, str(n + 2)] for n, key in enumerate(keys)])
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    data = tomllib.loads(home.config_file.read_text(encoding="utf-8"))
    flat = {f"{t}.{k}": v for t, table in data.items() for k, v in table.items()}
    assert flat == {key: type(flat[key])(n + 2) for n, key in enumerate(keys)}
    assert [p.name for p in home.config_file.parent.iterdir() if p.suffix == ".toml"] == [
        "config.toml"]  # no temp file left


# -- 2. a damaged library: every command says so once ---------------------------------------


COMMANDS = [
    ("today", "--offline"),
    ("week", "--offline"),
    ("month", "--offline"),
    ("search", "llama", "--offline"),
    ("search",),
    ("families",),
    ("show", A, "--offline"),
    ("export", "-o", "{tmp}/out.json", "--format", "json"),
    ("new", "--offline", "--all"),
    ("starred",),
    ("watch", "list"),
    ("cache", "info"),
    ("import", "{tmp}/seed.json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_command_says_once_that_the_library_was_rebuilt(
    papers, home: Home, tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "seed.json").write_text(json.dumps(SEED), encoding="utf-8")
    home.library.parent.mkdir(parents=True)
    garbage = os.urandom(4096)
    home.library.write_bytes(garbage)
    result = papers(*(a.format(tmp=tmp_path) for a in args))
    notices = [line for line in result.stderr.splitlines() if "moved it to" in line]
    assert len(notices) == 1, result.stderr
    kept = [p for p in home.library.parent.glob("library.db.corrupt-*")]
    assert len(kept) == 1 and str(kept[0]) in notices[0]
    assert kept[0].read_bytes() == garbage
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr


# -- 3. numbers at the edges --------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("today", "-n", "1e23", "--offline"),
    ("today", "-n", "99999999999999999999999", "--offline"),
    ("search", "llama", "--min-upvotes", "1e23", "--offline"),
    ("search", "llama", "--min-upvotes", "9" * 5000, "--offline"),
    ("today", "--timeout", "nan"),
    ("today", "--timeout", "inf"),
    ("today", "--timeout", "-1"),
    ("today", "--timeout", "1e400"),
    ("sync", "--since", "2026-11-20", "--timeout", "nan"),
    ("watch", "add", "big", "--min-upvotes", "99999999999999999999999"),
])
def test_absurd_numbers_on_the_command_line_are_usage_errors(
    library, home: Home, args: tuple[str, ...]
) -> None:
    before = library_rows(home)
    result = library(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    line = one_line(result.stderr)  # one line, in papercli's style
    assert line.startswith("papers: error: --") and "unexpected" not in line
    assert not home.config_file.exists()  # no watch saved
    assert library_rows(home) == before


@pytest.mark.parametrize(("args", "line"), [
    (("today", "--offline", "--refresh"),
     "--refresh conflicts with --offline — see 'papers today --help'"),
    (("search", "llama", "--refresh", "--offline"),
     "--refresh conflicts with --offline — see 'papers search --help'"),
    (("today", "--json", "-f", "csv"),
     "--json conflicts with --format csv — see 'papers today --help'"),
    (("search", "--author"),
     "--author needs a value — give --author NAME"),
    (("today", "--family"),
     "--family needs a value — give --family NAME"),
    (("for-you", "--offline"),  # Click offered "Possible options: --like, --since"
     "papers for-you never uses the network — leave --offline out"),
    (("watch", "list", "--offline"),
     "papers watch list never uses the network — leave --offline out"),
    (("sync", "--offline"),
     "papers sync fetches from the Hub — leave --offline out"),
    (("sync", "--arxiv", "cs.RO", "--offline"),  # it said "fetching from the Hub"
     "papers sync fetches from arXiv — leave --offline out"),
    (("sync", "--offline", "--arxiv=cs.RO"),
     "papers sync fetches from arXiv — leave --offline out"),
    (("--offline", "sync"),  # it said "papers has no --offline: it never uses the network"
     "papers has no --offline of its own — put it after a command that reads (papers today "
     "--offline)"),
    (("mcp", "--offline"),
     "papers mcp is offline unless --online — leave --offline out"),
    (("watch", "add", "bad", "--keyword"),  # the subcommand, not its group
     "--keyword needs a value — give --keyword WORD"),
    (("arxiv", "cs.CL", "--since"),  # a command word and an operand
     "--since needs a value — give --since DATE"),
    (("for-you", "--sort", "upvotes"),  # Click offered "Possible options: --format, --org"
     "for-you has no --sort: it ranks by your taste — leave --sort out"),
    (("related", "2401.01055", "-s", "new"),
     "related has no --sort: it ranks by likeness — leave --sort out"),
    # an unset variable in a script: Click's "(" ")" showed nothing of what was given
    (("today", ""),
     "papers today got an empty argument — a variable not set?"),
    (("starred", " ", ""),
     "papers starred got 2 empty arguments — a variable not set?"),
    (("today", "foo"),
     "extra argument 'foo' — did you mean -k foo?"),
])
def test_usage_errors_name_the_command_and_no_option_wins_quietly(
    library, hub: HubServer, args: tuple[str, ...], line: str
) -> None:
    """`--offline --refresh` was taken (the refresh ignored); an option missing its value
    pointed at `papers --help`; a conflict read "invalid value for --json: --json …"."""
    hub.reset_log()
    result = library(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == f"papers: error: {line}"
    assert hub.count() == 0


def test_huge_numbers_are_one_usage_line_in_a_real_process(home: Home) -> None:
    for args in (("today", "-n", "99999999999999999999999"), ("today", "--timeout", "3601")):
        result = run_process(*args, "--offline")
        assert result.returncode == 2, result.stderr
        line = one_line(result.stderr)  # (said in 80 columns: "use at most 1,000,000,000")
        assert " — use " in line and len(line) <= 80, result.stderr


@pytest.mark.parametrize("text, problem", [
    ("[network]\ntimeout = inf\n", "network.timeout must be a finite number"),
    ("[network]\ntimeout = nan\n", "network.timeout must be a finite number"),
    ("[network]\nretries = 99999999999999999999\n", "network.retries must be at most 20"),
    ("[new]\nfirst_days = 999999999\n", "new.first_days must be at most"),
    ("[display]\nlimit = 1_000_000_000_000\n", "display.limit must be at most"),
    ("[watch.big]\nmin_upvotes = 99999999999999999999\n", "watch.big.min_upvotes must be"),
])
def test_absurd_numbers_in_the_config_file_are_config_errors(
    library, home: Home, text: str, problem: str
) -> None:
    write_config(home, text)
    commands = [("watch", "list"), ("new", "--offline", "--all"), ("config", "show")]
    if not text.startswith("[watch"):  # watches are read by the commands that use them
        commands.append(("today", "--offline"))
    for args in commands:
        result = library(*args)
        assert result.exit_code == 1, (args, result.stderr)
        line = one_line(result.stderr)
        if text.startswith("[watch"):  # (the key as its table spells it, with the line;
            # in 80 columns, without the 20-digit value)
            assert problem.rsplit(".", 1)[1] in line and "line 2" in line, line
            assert cell_width(line) <= 80, line
        else:  # a setting: its key and a fix, in 80 columns
            assert problem in line and " — papers config " in line, line
        assert "unexpected" not in line


def test_absurd_numbers_in_the_environment(library, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("PAPERS_TIMEOUT", "inf"), ("PAPERS_RETRIES", "10000000")):
        monkeypatch.setenv(name, value)
        result = library("today")
        assert result.exit_code == 1
        assert one_line(result.stderr).startswith(f"papers: error: {name} must be ")
        monkeypatch.delenv(name)


def test_config_set_refuses_what_the_file_would_refuse(papers, home: Home) -> None:
    for key, value in (("network.timeout", "inf"), ("network.retries", "1e9"),
                       ("new.first_days", "99999999999999999999"),
                       ("cache.today_ttl", "9" * 5000)):
        result = papers("config", "set", key, value)
        assert result.exit_code == 2, (key, result.stderr)
        assert key in one_line(result.stderr)
    assert not home.config_file.exists()


# -- 4. read-only and full disks -----------------------------------------------------------


def test_reads_work_on_a_read_only_cache(library, home: Home, tmp_path: Path) -> None:
    before = home.library.read_bytes()
    for args in (("today", "--offline", "--json"), ("search", "llama", "--offline", "--json"),
                 ("search", "--json"), ("show", A, "--offline"), ("cache", "info", "--json")):
        result = read_only(home.cache, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout and "Traceback" not in result.stderr
    exported = read_only(home.cache, "export", "-o", str(tmp_path / "all.json"), "--json")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))) == len(SEED)
    write = read_only(home.cache, "import", str(tmp_path / "all.json"))
    assert write.returncode == 1
    # (234 columns under /tmp with both paths whole: they are PAPERS_DEBUG's to say)
    assert one_line(write.stderr) == (
        "papers: error: the library's folder is read-only — make it writable")
    assert home.library.read_bytes() == before


@pytest.mark.parametrize("args", [("sync", "--since", "3d"), ("import", "items.json"),
                                  ("import", "items.json", "--offline")])
def test_a_read_only_library_tells_a_sync_or_import_to_make_it_writable(
        library, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, ...]) -> None:
    """A sync or an import is storing into the library: --offline is no way round a
    library that cannot be written (`sync --offline` is refused, an import with it
    stores as much), yet their one line was "reading works: try --offline". They say
    what to make writable: the folder, or the one file that is read-only (the -shm SQLite
    made as read-only as the library was, left so when the library was made writable
    again)."""
    (tmp_path / "items.json").write_text(json.dumps(SEED[:2]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = home.library.read_bytes()
    folder = read_only(home.cache, *args)
    assert folder.returncode == 1 and "Traceback" not in folder.stderr
    assert one_line(folder.stderr) == (
        "papers: error: the library's folder is read-only — make it writable")
    shm = home.library.with_name("library.db-shm")
    shm.touch()
    mount = f'mount --bind "{shm}" "{shm}" && mount -o remount,bind,ro "{shm}"'
    file = in_namespace(mount, home.library.parent, *args)
    assert file.returncode == 1
    assert one_line(file.stderr) == (
        "papers: error: the library: library.db-shm is read-only — make it writable")
    assert home.library.read_bytes() == before


@pytest.mark.parametrize("args", [("sync",), ("sync", "--since", "2000-01-01"),
                                  ("sync", "--arxiv", "cs.CL", "--since", "1970-01-01")])
def test_a_sync_into_a_read_only_library_says_only_that_it_cannot_store(
        library, home: Home, args: tuple[str, ...]) -> None:
    """The refusal alone: a sync's plan ("no day in the library is complete: syncing the
    last 30 days", or from the day its source began) was said first, then the error
    that nothing of it could be stored."""
    result = read_only(home.cache, *args)
    assert result.returncode == 1, result.stderr
    assert one_line(result.stderr) == (
        "papers: error: the library's folder is read-only — make it writable")


def test_a_search_index_on_a_read_only_cache_is_searched_as_it_is(library, home: Home
                                                                   ) -> None:
    """The index built, then its folder read-only (a read-only mount): tantivy opens no
    index it cannot lock, and each search said "the search index in FOLDER is unreadable
    (failed to acquire Lockfile: Io); rebuilding it from the library" (168 columns; twice
    for related), tried to remove it, and rebuilt nothing on disk. Sound, it is not
    touched, and an index in memory answers, as where none can be created."""
    assert library("search", "llama", "--offline", "-q").exit_code == 0  # (builds it)
    index = home.cache / "papercli" / "library.index"
    files = sorted(p.name for p in index.iterdir())
    found = read_only(home.cache, "search", "llama", "--offline", "--json")
    assert found.returncode == 0, found.stderr
    assert found.stderr == ""
    assert json.loads(found.stdout) == library("search", "llama", "--offline", "--json").json
    assert sorted(p.name for p in index.iterdir()) == files


def test_stars_read_on_a_read_only_data_dir(library, home: Home) -> None:
    assert library("star", A, "--offline").exit_code == 0
    shown = read_only(home.data, "starred", "--json")
    assert shown.returncode == 0, shown.stderr
    assert [p["id"] for p in json.loads(shown.stdout)] == [A]
    star = read_only(home.data, "star", B, "--offline")
    assert star.returncode == 1
    # (not "reading works (try --offline)": a star has nothing to read instead; what to
    # make writable, as a sync's line says it of the library)
    assert one_line(star.stderr) == (
        "papers: error: the user database's folder is read-only — make it writable")
    assert starred_ids(library) == [A]


@pytest.mark.parametrize("part", ["", "-shm"])
@pytest.mark.parametrize("db", ["library", "user"])
def test_a_read_only_file_in_a_writable_folder_is_the_one_named(
        library, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: str,
        part: str) -> None:
    """A read-only library.db or user.db (or the -shm SQLite made as read-only as the file
    was) in a writable folder: the error says to make that file writable, not the folder,
    which already is (in 80 columns, what is read-only; PAPERS_DEBUG=1 says all of it)."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps(SEED[:2]), encoding="utf-8")
    path = home.library if db == "library" else home.data / "papercli" / "user.db"
    assert library("star", A, "--offline").exit_code == 0
    target = path.with_name(path.name + part)
    target.touch()
    args = ("import", str(items)) if db == "library" else ("star", B, "--offline")
    mount = f'mount --bind "{target}" "{target}" && mount -o remount,bind,ro "{target}"'
    result = in_namespace(mount, path.parent, *args)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert len(line) <= 80 and (f"{target.name} is read-only" if part
                                else "user database is read-only" if db == "user"
                                else "library is read-only") in line, line
    assert line.endswith("make it writable"), line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(in_namespace(mount, path.parent, *args).stderr)
    assert f"({target.name if part else 'it'} is read-only)" in line
    assert line.endswith(f"make {target} writable")
    assert starred_ids(library) == [A]


def version(path: Path) -> int:
    """The schema version a database file is at."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


@pytest.mark.parametrize("part", ["folder", "file"])
@pytest.mark.parametrize("db", ["library", "user"])
def test_a_read_only_database_at_an_older_schema_names_what_to_make_writable(
        papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        db: str, part: str) -> None:
    """A library or user database an earlier papercli wrote, now read-only (its folder,
    or the file itself): it cannot be upgraded. The library's commands say so in one
    line naming what to make writable, the file when that is the read-only one (the hint
    said "make its folder writable" of a folder that already was). The user database is
    small: it is read from an upgraded copy in memory, so `starred` and `export` work (they
    failed), and a write says what to make writable. Once writable, any command upgrades
    the file and reads it."""
    from papercli.db import schema, userdb

    items = tmp_path / "items.json"
    items.write_text(json.dumps(SEED[:3]), encoding="utf-8")
    with monkeypatch.context() as earlier:  # papercli as it was, one step of each behind
        earlier.setattr(userdb.migrations, "steps", userdb.migrations.steps[:-1])
        for args in (("import", str(items)), ("star", A, "--offline")):
            assert papers(*args).exit_code == 0, args
    # The library's last step adds a column today's code writes: the file is made with
    # it, then set one step back (the step leaves a column already there as it is).
    with contextlib.closing(sqlite3.connect(home.library)) as conn:
        conn.execute(f"PRAGMA user_version = {schema.migrations.latest - 1}")
    path = home.library if db == "library" else home.data / "papercli" / "user.db"
    fix = path if part == "file" else path.parent
    reason = "it is read-only" if part == "file" else "its folder is read-only"
    mount = f'mount --bind "{fix}" "{fix}" && mount -o remount,bind,ro "{fix}"'
    for args in (("starred", "--json"), ("export", "--json")):
        result = in_namespace(mount, path.parent, *args)
        if db == "user":
            assert result.returncode == 0 and result.stderr == "", (args, result.stderr)
            assert A in [p["id"] for p in json.loads(result.stdout)]
            continue
        assert result.returncode == 1 and result.stdout == "", (args, result.stderr)
        assert one_line(result.stderr) == (  # (in 80 columns: both paths made 170)
            f"papers: error: the library needs an upgrade ({reason}) — make it writable"
            if part == "file" else
            "papers: error: the library needs an upgrade — make its folder writable")
    if db == "user":
        with monkeypatch.context() as whole:  # (in 80 columns: what is read-only)
            whole.setenv("PAPERS_DEBUG", "1")
            star = in_namespace(mount, path.parent, "star", B, "--offline")
        assert star.returncode == 1
        line = one_line(star.stderr)
        assert f"cannot be written ({reason})" in line and line.endswith(f"make {fix} writable")
        assert version(path) == len(userdb.migrations.steps) - 1  # (not upgraded)
    assert starred_ids(papers) == [A]  # writable again: upgraded, and read
    assert version(path) == len((schema if db == "library" else userdb).migrations.steps)


def test_a_read_only_config_folder_says_to_make_it_writable(home: Home) -> None:
    write_config(home, "[display]\nlimit = 5\n")
    folder = home.config_file.parent
    for args in (("config", "set", "display.limit", "3"), ("watch", "add", "x", "-k", "y")):
        result = read_only(folder, *args)
        assert result.returncode == 1, args
        line = one_line(result.stderr)
        assert line.startswith(f"papers: error: cannot write config file {home.config_file}")
        assert line.endswith(f"make {folder} writable")
    assert home.config_file.read_text(encoding="utf-8") == "[display]\nlimit = 5\n"


def test_a_first_run_under_a_read_only_home_says_what_to_do(home: Home) -> None:
    """No folder of papercli's exists yet and HOME cannot be written (a read-only
    container): each command that must write names the folder to make writable and the
    variable that moves it, one line, exit 1."""
    cases = [
        (("sync", "--since", "2026-11-20"), home.cache, "XDG_CACHE_HOME"),
        (("unhide", A), home.data, "XDG_DATA_HOME"),
        (("config", "set", "display.limit", "3"), home.config, "XDG_CONFIG_HOME"),
    ]
    for args, folder, variable in cases:
        result = read_only(home.root, *args)
        assert result.returncode == 1, (args, result.stderr)
        line = one_line(result.stderr)
        # (in 80 columns, piped: the whole made 150 to 230; the folder with ~)
        assert line.startswith(f"papers: error: cannot create ~/{folder.name}/papercli"), line
        assert variable in line and cell_width(line) <= 80, line
        assert not folder.exists()
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setenv("PAPERS_DEBUG", "1")
            line = one_line(read_only(home.root, *args).stderr)
        assert str(folder / "papercli") in line, line
        assert line.endswith(f" — make {home.root} writable, or set {variable} to a "
                             "folder you can write"), line


def test_a_first_run_under_a_read_only_home_reads_an_empty_library(home: Home) -> None:
    """Reading commands under a read-only HOME with no library yet work on an empty one,
    and say once, after their output, why it is empty and what to do, in 80 columns (the
    whole made 170 to 250)."""
    library = ("library", "XDG_CACHE_HOME")
    userdb = ("user database", "XDG_DATA_HOME")
    cases = [
        (("search", "llama", "--offline", "--json"), [library]),
        (("export", "--json"), [library]),
        (("starred", "--json"), [library, userdb]),
    ]
    for args, labels in cases:
        result = read_only(home.root, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert json.loads(result.stdout) == [], result.stdout
        notes = [line for line in result.stderr.splitlines() if " empty" in line
                 and line.startswith("papers: cannot ")]
        assert len(notes) == len(labels), result.stderr
        for note, (label, variable) in zip(sorted(notes), labels, strict=True):
            assert f"{label} " in note and f"set {variable} elsewhere" in note, note
            assert cell_width(note) <= 80, note
            assert "Traceback" not in result.stderr
        assert not (home.root / "cache").exists() and not (home.root / "data").exists()


@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"])
def test_an_xdg_variable_naming_a_file_says_so(papers, home: Home, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               variable: str) -> None:
    """XDG_*_HOME pointing at a file (/dev/null, a typo): what cannot be made says to point
    the variable at a folder; a config file that cannot exist there is no config file, so
    the defaults apply (XDG_CONFIG_HOME=/dev/null is a way to run without one)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(variable, str(blocker))
    hint = f" — {blocker} is not a folder: set {variable} to one you can write"
    if variable == "XDG_CONFIG_HOME":
        shown = papers("config", "get", "display.limit")
        assert shown.exit_code == 0, shown.stderr
        assert shown.stdout.strip() == "0"
        assert papers("search", "--offline").exit_code == 0
        args: tuple[str, ...] = ("config", "set", "display.limit", "3")
    else:
        # reading works (on an empty library), writing says what to do
        read = papers("search", "--offline") if variable == "XDG_CACHE_HOME" else papers(
            "starred")
        assert read.exit_code == 0, read.stderr
        # (in 80 columns, the variable as what is wrong: the whole made 180 to 190)
        note = read.stderr.strip().splitlines()[-1]
        assert note.startswith(f"papers: {variable} is not a folder"), read.stderr
        assert note.endswith(" empty — set it to a folder") and cell_width(note) <= 80, note
        with pytest.MonkeyPatch.context() as debug:
            debug.setenv("PAPERS_DEBUG", "1")
            again = papers("search", "--offline") if variable == "XDG_CACHE_HOME" else (
                papers("starred"))
        assert again.stderr.strip().splitlines()[-1].endswith(hint), again.stderr
        args = (("sync", "--since", "2026-11-20") if variable == "XDG_CACHE_HOME"
                else ("unhide", A))
    result = papers(*args)
    assert result.exit_code == 1, result.stderr
    # (in 80 columns, the variable as what is wrong: 133 to 157 with both paths whole)
    assert one_line(result.stderr) == (
        f"papers: error: {variable} is not a folder — set it to one you can write")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(papers(*args).stderr)
    assert str(blocker / "papercli") in line and line.endswith(hint), line


def test_a_full_disk_says_so_and_keeps_the_stars(library, home: Home, tmp_path: Path) -> None:
    assert library("star", A, "--offline").exit_code == 0
    snapshot = tmp_path / "data-snapshot"
    shutil.copytree(home.data, snapshot)
    star = disk_full(home.data, snapshot, "star", B, "--offline")
    assert star.returncode == 1
    line = one_line(star.stderr)
    assert "disk" in line and "user database" in line
    assert "move" not in line and "rollback" not in line
    shown = disk_full(home.data, snapshot, "starred", "--json")
    assert shown.returncode == 0, shown.stderr
    assert [p["id"] for p in json.loads(shown.stdout)] == [A]
    assert starred_ids(library) == [A]


def test_a_full_disk_under_the_library(library, home: Home, tmp_path: Path) -> None:
    snapshot = tmp_path / "cache-snapshot"
    shutil.copytree(home.cache, snapshot)
    source = tmp_path / "more.json"
    more = [json.loads(json.dumps(item)) for item in SEED]
    for n, item in enumerate(more):
        item["paper"]["id"] = f"2412.{n + 50000:05d}"
        item["paper"]["summary"] = "padding " * 2000
    source.write_text(json.dumps(more), encoding="utf-8")
    write = disk_full(home.cache, snapshot, "import", str(source))
    assert write.returncode == 1
    line = one_line(write.stderr)
    assert "disk" in line and "library" in line
    assert "move" not in line and "rollback" not in line and "unexpected" not in line
    read = disk_full(home.cache, snapshot, "search", "llama", "--offline", "--json")
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)


def test_an_empty_library_folder_on_a_full_disk(home: Home, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    home.cache.mkdir()
    source = tmp_path / "seed.json"
    source.write_text(json.dumps(SEED), encoding="utf-8")
    result = disk_full(home.cache, empty, "import", str(source))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "disk" in line and "move" not in line and "unexpected" not in line


# -- 5. terminal sanitising ------------------------------------------------------------------

OSC52 = "\x1b]52;c;SGVsbG8=\x07"
BIDI = "\u200e\u200f\u061c\u202e\u2066"


def test_config_show_refuses_an_osc52_watch_name_harmlessly(papers, home: Home) -> None:
    """Refused as `watch add` refuses it (it was shown, stripped), its escapes and bidi
    controls written out in the error line, never sent to the terminal."""
    name = "evil" + OSC52 + BIDI
    escaped = json.dumps(name)  # TOML basic strings take the same \\u escapes
    write_config(home, f"[watch.{escaped}]\nkeyword = [\"llama\"]\n")
    for args in (("config", "show"), ("watch", "list"), ("config", "show", "--json")):
        result = papers(*args)
        assert result.exit_code == 1 and result.stdout == "", args
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
        assert not set(BIDI) & set(result.stderr), args
        assert "config.toml, line 1: bad name 'evil" in result.stderr
    assert papers("watch", "rm", name).exit_code == 0


def test_bidi_marks_are_stripped_from_a_tampered_library(library, home: Home) -> None:
    conn = sqlite3.connect(home.library)
    conn.execute("UPDATE papers SET title = ? WHERE id = ?",
                 (f"Tampered{BIDI}{OSC52} title", A))
    conn.commit()
    conn.close()
    for args in (("search", "--offline"), ("search", "tampered", "--json", "--offline"),
                 ("show", A, "--offline"), ("search", "-f", "md", "--offline")):
        result = library(*args)
        assert result.exit_code == 0, result.stderr
        assert "Tampered" in result.stdout
        assert not set(BIDI) & set(result.stdout) and "\x1b]52" not in result.stdout, args


# -- 6. -o races, SIGTERM, an early Ctrl-C ----------------------------------------------------


def test_six_racing_exports_to_one_new_path(library, tmp_path: Path) -> None:
    target = tmp_path / "out" / "race.json"
    target.parent.mkdir()
    results = _at_once([["export", "-o", str(target), "--json"] for _ in range(6)])
    wrote = [r for r in results if r.returncode == 0]
    assert len(wrote) == 1, [r.stderr for r in results]
    assert "wrote 19 papers" in wrote[0].stderr
    for r in results:
        if r.returncode != 0:
            assert r.returncode == 1
            assert one_line(r.stderr) == (f"papers: error: {target} already exists — "
                                          "use --force to overwrite")
    assert len(json.loads(target.read_text(encoding="utf-8"))) == len(SEED)
    assert [p.name for p in target.parent.iterdir()] == ["race.json"]


def test_sigterm_during_export_leaves_no_temp_file(papers, home: Home, tmp_path: Path) -> None:
    big = []
    for n in range(1500):
        item = json.loads(json.dumps(SEED[n % len(SEED)]))
        item["paper"]["id"] = f"2411.{n + 50000:05d}"
        item["paper"]["summary"] = "a long abstract " * 1200
        big.append(item)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(big), encoding="utf-8")
    assert papers("import", str(source)).exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([installed_papers(), "export", "-o", str(out / "all.md"), "-f",
                             "md"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".tmp") for p in out.iterdir()):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143
    assert err == "papers: error: terminated\n"
    assert list(out.iterdir()) == []


HOOK = """
import os, signal, sys
TARGET = sys.argv[1]
class Hook:
    def find_spec(self, name, path=None, target=None):
        if name == TARGET:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Hook())
sys.argv = ["papers", *sys.argv[2:]]
from papercli.cli.main import main
main()
"""


@pytest.mark.parametrize("module, args", [
    ("typer", ("watch", "list")),  # the heavy import before a Typer command
    ("papercli.cli.listings", ("today", "--offline")),  # the command module main() builds
    ("papercli.listings", ("today", "--offline")),  # inside a command body
])
def test_ctrl_c_while_starting_up_is_one_line(home: Home, module: str,
                                               args: tuple[str, ...]) -> None:
    """A real SIGINT, delivered exactly while `module` is being imported."""
    result = subprocess.run([sys.executable, "-c", HOOK, module, *args], capture_output=True,
                            text=True, timeout=60)
    # (ended by SIGINT after its line, as a shell's loop needs: its $? is 130)
    assert result.returncode == -signal.SIGINT, result.stderr
    assert result.stderr == "papers: error: interrupted\n"
    assert result.stdout == ""


# -- 7. absurd config files and queries -------------------------------------------------------


def test_thousands_of_unknown_keys_are_summed_up(library, home: Home) -> None:
    write_config(home, "[network]\n" + "".join(f"k{i} = {i}\n" for i in range(4000)))
    result = library("today", "--offline")
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 11
    assert "line 2: 'k0' ignored" in warnings[0]
    assert "line 11: 'k9' ignored" in warnings[9]
    assert warnings[10].endswith("3,990 more unknown keys ignored")


@pytest.mark.parametrize("text", [
    "x = " + "[" * 3000 + "]" * 3000 + "\n",
    "x = " + "{a = " * 600 + "1" + "}" * 600 + "\n",
    "[" + ".".join(["a"] * 5000) + "]\n",
    "[" + ".".join(["watch"] * 40) + "]\n",
])
def test_a_deeply_nested_config_is_one_config_error(papers, home: Home, text: str) -> None:
    write_config(home, text)
    for args in (("config", "show"), ("today", "--offline"), ("config", "set",
                                                              "display.limit", "5")):
        result = papers(*args)
        assert result.exit_code == 1, result.stderr
        line = one_line(result.stderr)
        assert "nests tables or arrays more than 32 levels deep" in line
    assert home.config_file.read_text(encoding="utf-8") == text  # never rewritten


def test_a_5000_digit_number_in_the_config(papers, home: Home) -> None:
    write_config(home, "[network]\nretries = " + "9" * 5000 + "\n")
    result = papers("config", "show")
    assert result.exit_code == 1
    assert "is not a usable TOML file" in one_line(result.stderr)


def test_an_8000_word_search_uses_the_first_64_words(library) -> None:
    words = ["llava", *(f"filler{i}" for i in range(8000))]
    result = library("search", *words, "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "papers: warning: searching for the first 64 of the 8001 words given",
        "papers: no paper in the library matches 'llava filler0 filler1 filler2 …'"]
    assert json.loads(result.stdout) == []  # all 64 words must match: none does
