"""The library on a disk that misbehaves: a full disk said as one, never "make it writable".

The disk is real: a tmpfs of a few MiB, mounted in a private mount namespace (`unshare
--map-root-user --mount`), holding a copy of the library and filled to the last byte.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path

from conftest import Home, one_line
from hubserver import seed_items


def on_a_full_disk(home: Home, copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed papers with ARGS, its cache folder a tmpfs of 4 MiB holding a copy of
    the library, the rest filled (`test_accidents.in_namespace`: skipped without user
    namespaces, a failure in CI)."""
    from test_accidents import in_namespace

    setup = ('mount -t tmpfs -o size=4m tmpfs "$D" && mkdir "$D/papercli" '
             f'&& cp {shlex.quote(str(copy))} "$D/papercli/library.db" '
             '&& { cat /dev/zero > "$D/fill" 2>/dev/null; true; }')
    return in_namespace(setup, home.cache, *args)


def library_copy(home: Home, tmp_path: Path) -> Path:
    conn = sqlite3.connect(home.library)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    copy = tmp_path / "copy.db"
    shutil.copyfile(home.library, copy)
    return copy


def test_a_full_disk_on_opening_the_library_says_so(library, home: Home,
                                                     tmp_path: Path) -> None:
    copy = library_copy(home, tmp_path)
    source = tmp_path / "more.json"
    source.write_text(json.dumps(seed_items()[:2]), encoding="utf-8")
    result = on_a_full_disk(home, copy, "import", str(source))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "the disk is full" in line and "free some space" in line, line
    for wrong in ("writable", "opening it failed", "I/O error"):
        assert wrong not in line, line
    # reads still work from the full disk, and say what they read
    info = on_a_full_disk(home, copy, "cache", "info", "--json")
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["papers"] == 19


def test_the_cache_clear_question_fits_the_terminal(papers, seeded_hub) -> None:
    """The question made 100 columns and wrapped mid-word at 80 ("and not|es are kept"):
    it now says as much as the terminal allows, in one line."""
    from conftest import on_terminal

    assert papers("today").exit_code == 0
    for cols, question in (
            (80, b"Delete 10 cached papers and 1 listing (stars, tags, notes stay)? [y/N] "),
            (120, b"Delete the 10 cached papers and 1 listing (stars, read marks, tags and "
                  b"notes are kept)? [y/N] ")):
        run = on_terminal(["cache", "clear"], cols=cols, stdout_on_pty=False, deadline=30,
                          reply=lambda screen, q=question: b"n\r" if q in screen else None)
        assert run.code == 1, run.screen
        assert question in run.screen, run.screen


def test_a_library_linked_into_a_missing_folder_says_which(home: Home, tmp_path: Path
                                                           ) -> None:
    """A library.db that is a symbolic link into a folder not there (a disk not mounted)
    said "cannot open the library … (unable to open database file) — check that its folder
    exists and is writable", of a folder that was both: it now names the missing one."""
    from conftest import run

    home.library.parent.mkdir(parents=True)
    gone = tmp_path / "unmounted" / "papers"
    home.library.symlink_to(gone / "library.db")
    for args in (["cache", "info"], ["today", "--offline"], ["cache", "info", "--json"]):
        result = run(*args)
        assert result.exit_code == 1, result.stderr
        line = one_line(result.stderr)
        assert line == ("papers: error: the library links to a missing folder — create it "
                        "or unlink it"), line
        assert not gone.exists() and result.stdout == ""
    # the whole of it, with PAPERS_DEBUG: which folder
    line = one_line(run("cache", "info", env={"PAPERS_DEBUG": "1"}).stderr)
    assert f"is a link to {gone / 'library.db'}, whose folder does not exist" in line, line
    assert f"create {gone}, or remove the link" in line, line
    # a link to a file not there yet in a folder that is: the library is made there
    gone.mkdir(parents=True)
    assert run("cache", "info").exit_code == 0
    assert (gone / "library.db").is_file() and home.library.is_symlink()
