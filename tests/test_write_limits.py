"""A write stopped by the system says what stopped it, in one line, and harms nothing.

The limits are real: the installed `papers` runs as a separate process under a file-size
limit (`ulimit -f`, RLIMIT_FSIZE set before it starts), and under a read-only bind mount
of its folder in a private mount namespace where user namespaces are available. SQLite
itself says only "disk I/O error", "database or disk is full" or, from a ROLLBACK after
it already rolled back, "cannot rollback - no transaction is active"; the user must read
what happened and what to do instead.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Home, installed_papers, one_line
from hubserver import seed_items

SEED = seed_items()


def big_import(path: Path, papers: int = 12000) -> Path:
    """A Hub-shaped file whose papers take well over a few MiB in the library (abstracts
    of varied words: the library stores long text compressed)."""
    items = [{"paper": {"id": f"2402.{n:05d}", "title": f"Paper {n} about limits",
                        "summary": " ".join(f"w{(n * 7919 + i * 104729) % 100003}"
                                            for i in range(150)),
                        "authors": [{"name": f"Author {n}"}],
                        "publishedAt": "2024-01-02T00:00:00Z"},
              "publishedAt": "2024-01-03T00:00:00Z"} for n in range(papers)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def limited(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    return apply


def run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `papers ARGS` with a file-size limit of `limit` bytes."""
    return subprocess.run([installed_papers(), *args], capture_output=True, text=True,
                          timeout=120, env=os.environ.copy(), preexec_fn=limited(limit))


def rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT id, title, authors, upvotes FROM papers ORDER BY id"
                            ).fetchall()
    finally:
        conn.close()


def check_limit_line(stderr: str, limit: int) -> str:
    line = one_line(stderr)
    assert "file-size limit" in line and "ulimit -f" in line, line
    assert f"{limit // 1024} KiB" in line or f"{limit / 2**20:.1f} MiB" in line, line
    for wrong in ("rollback", "disk failed", "disk is full", "unexpected", "move"):
        assert wrong not in line, line
    return line


@pytest.mark.parametrize("limit", [2 * 2**20, 6 * 2**20])
def test_a_file_size_limit_is_named_and_the_library_survives(
        library, home: Home, tmp_path: Path, limit: int) -> None:
    before = rows(home.library)
    assert len(before) == len(SEED)
    source = big_import(tmp_path / "big.json")
    result = run_limited(limit, "import", str(source))
    assert result.returncode == 1, result.stderr  # not killed by SIGXFSZ
    line = check_limit_line(result.stderr, limit)
    assert "library" in line and "raise the limit" in line
    after = rows(home.library)
    # Whatever batches landed before the limit, the papers that were there are unchanged.
    assert set(before) <= set(after)
    searched = subprocess.run([installed_papers(), "search", "--json", "-n", "0"],
                              capture_output=True, text=True, timeout=60)
    assert searched.returncode == 0, searched.stderr
    assert {p["id"] for p in json.loads(searched.stdout)} >= {r[0] for r in before}


def test_a_tiny_limit_while_creating_the_library(home: Home, tmp_path: Path) -> None:
    """The limit met by the first migration (it used to say "cannot rollback")."""
    source = tmp_path / "seed.json"
    source.write_text(json.dumps(SEED), encoding="utf-8")
    result = run_limited(8192, "import", str(source))
    assert result.returncode == 1
    check_limit_line(result.stderr, 8192)
    assert run_limited(2**40, "import", str(source)).returncode == 0  # then it works


def test_a_file_size_limit_on_stdout_is_named(library, tmp_path: Path) -> None:
    """`papers export > file` under the limit: the redirect is a file too."""
    limit = 4096
    target = tmp_path / "out.json"
    with target.open("w") as out:
        result = subprocess.run([installed_papers(), "export", "--json"], stdout=out,
                                stderr=subprocess.PIPE, text=True, timeout=60,
                                env=os.environ.copy(), preexec_fn=limited(limit))
    assert result.returncode == 1
    check_limit_line(result.stderr, limit)


def _namespaces() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "--map-root-user", "--mount", "true"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _namespaces(), reason="needs `unshare --map-root-user --mount`: "
                    "a read-only bind mount is the only read-only disk root cannot write")
def test_a_read_only_disk_is_named(library, home: Home, tmp_path: Path) -> None:
    source = big_import(tmp_path / "more.json", papers=50)
    before = rows(home.library)
    script = ('D="$1"; shift; mount --bind "$D" "$D" && mount -o remount,bind,ro "$D" '
              '&& exec "$@"')
    result = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script, "sh",
         str(home.cache), installed_papers(), "import", str(source)],
        capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "read-only" in line and "rollback" not in line and "unexpected" not in line
    assert rows(home.library) == before


@pytest.mark.parametrize("limit", [1024, 16384])
def test_a_file_size_limit_while_creating_the_user_database(
        library, home: Home, limit: int) -> None:
    """It used to fall back to reading and say the file "needs an upgrade"."""
    paper = SEED[0]["paper"]["id"]
    result = run_limited(limit, "star", paper, "--offline")
    assert result.returncode == 1
    line = check_limit_line(result.stderr, limit)
    assert "user.db" in line and "upgrade" not in line  # (named as the file, in 80 columns)
    assert library("star", paper, "--offline").exit_code == 0  # without the limit: fine
