"""A new user's first commands, in a fresh home: what a read or a failure leaves on disk,
and a failure's line saying what to do next."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import Home
from hubserver import HubServer, seed_items

A = "2501.03895"  # listed today by seeded_hub
B = "2401.01055"


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


@pytest.mark.parametrize(("argv", "code"), [
    (("starred",), 0),
    (("starred", "--unread"), 0),
    (("for-you",), 0),
    (("new",), 2),  # no watches yet: a usage error
], ids=["starred", "starred --unread", "for-you", "new"])
def test_a_first_read_or_a_refused_command_creates_no_user_database(
        papers, seeded_hub: HubServer, home: Home, argv: tuple[str, ...], code: int) -> None:
    """`papers starred`, `for-you` and `new` before any star made an empty user.db (the
    file papercli keeps your stars in), as a failed `new` did: a read creates none, as
    `tags`, `show` and `--starred` already did."""
    result = papers(*argv)
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr
    assert not user_db(home).exists()


def test_a_star_the_hub_refused_creates_no_user_database(
        papers, seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers star ID` with the Hub out of reach starred nothing, failed, and left an
    empty user.db behind; the next star that works creates it, and keeps the star."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    refused = papers("star", A)
    assert refused.exit_code == 1 and refused.stderr.startswith("papers: error: ")
    assert not user_db(home).exists()
    monkeypatch.setenv("HF_ENDPOINT", seeded_hub.url)
    assert papers("star", A).exit_code == 0
    assert user_db(home).is_file()
    assert papers("starred", "-q").stdout == f"{A}\n"


def library_files(home: Home) -> list[str]:
    """What of the library is on disk: library.db and its search index."""
    folder = home.library.parent
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(("library.db", "library.index"))) if folder.exists() else []


@pytest.mark.parametrize(("argv", "code", "reachable"), [
    (("today", "--offline"), 1, True),
    (("show", A, "--offline"), 1, True),
    (("related", A), 1, True),
    (("starred",), 0, True),
    (("search", "llama", "--offline"), 0, True),
    (("search", "llama", "--json", "--offline"), 0, True),
    (("watch", "list"), 0, True),
    (("cache", "info"), 0, True),
    (("today",), 1, False),  # the Hub out of reach
    (("show", A), 1, False),
], ids=["today --offline", "show --offline", "related", "starred", "search --offline",
        "search --json", "watch list", "cache info", "today refused", "show refused"])
def test_a_first_read_or_a_refused_fetch_creates_no_library(
        papers, seeded_hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch,
        argv: tuple[str, ...], code: int, reachable: bool) -> None:
    """In a fresh home, `today --offline`, `show --offline`, `related`, `starred` and a
    fetch the Hub refused each left an empty library.db behind (and a search made its
    index, library.index, of nothing): a command that stores nothing creates neither."""
    if not reachable:
        monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    result = papers(*argv)
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr
    assert library_files(home) == []


def test_the_first_fetch_creates_the_library_and_the_next_command_reads_it(
        papers, seeded_hub: HubServer, home: Home) -> None:
    """A read made no library; `papers today` online creates it, with the family
    definitions it tagged the papers by recorded (else the next command tags them all
    again), and the next commands read it offline."""
    assert papers("today", "--offline").exit_code == 1
    assert library_files(home) == []
    fetched = papers("today", "-q")
    assert fetched.exit_code == 0, fetched.stderr
    assert A in fetched.stdout.split()
    assert home.library.is_file()
    with sqlite3.connect(home.library) as conn:
        kept = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'families_%'"))
    assert set(kept) == {"families_source", "families_fingerprint"}
    again = papers("today", "-q", "--offline")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == fetched.stdout
    found = papers("search", "llama", "-q", "--offline")
    assert found.exit_code == 0, found.stderr
    assert set(found.stdout.split()) & set(fetched.stdout.split())
    assert "library.index" in library_files(home)


def test_a_first_import_creates_the_library_and_its_index(
        papers, home: Home, tmp_path: Path) -> None:
    """An import of a file that is not there stores nothing and creates no library; the
    one that stores papers creates library.db, and its search index alongside."""
    items = tmp_path / "items.json"
    missing = papers("import", str(items))
    assert missing.exit_code != 0
    assert library_files(home) == []
    items.write_text(json.dumps(seed_items()), encoding="utf-8")
    imported = papers("import", str(items))
    assert imported.exit_code == 0, imported.stderr
    assert {"library.db", "library.index"} <= set(library_files(home))
    found = papers("search", "llava", "-q", "--offline")
    assert found.exit_code == 0 and found.stdout.strip(), found.stderr


@pytest.mark.parametrize("ids", [(A,), (A, B)], ids=["one", "two"])
def test_a_star_the_hub_answered_with_html_says_what_to_do(
        papers, seeded_hub: HubServer, ids: tuple[str, ...]) -> None:
    """A Hub sending HTML (a captive portal, a wrong HF_ENDPOINT) when starring said
    "papers: error: not starred: 2501.03895 (the Hub sent a bad answer)": nothing to do
    next, where a refused Hub said "— check HF_ENDPOINT". Said in fewer words now ("the
    Hub sent HTML"), the hint fits the 80 columns with the ids."""
    seeded_hub.fail("html", times=4)
    result = papers("star", *ids)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 80, result.stderr
    assert lines[0].startswith("papers: error: not starred: "), lines[0]
    assert "the Hub sent HTML" in lines[0] and " — try again later" in lines[0], lines[0]


FIRST_COMMANDS = [
    ("today",), ("today", "--offline"), ("week",), ("search", "llava"), ("show", A),
    ("for-you",), ("for-you", "--explain"), ("for-you", "--explain", "--json"),
    ("related", A), ("starred",), ("export", "-f", "bibtex"), ("new",), ("tags",),
    ("watch", "list"), ("config", "show"),
]


def test_a_new_users_first_commands_say_everything_in_80_columns(
        papers, seeded_hub: HubServer) -> None:
    """A fresh home's first ten minutes, each command once: every line on stderr fits 80
    columns with its `papers: ` prefix, and none is a traceback. `for-you --explain`
    before any star said "--explain has nothing to explain: without a taste the papers
    are in upvotes order" in 89."""
    for argv in FIRST_COMMANDS:
        result = papers(*argv)
        assert result.exit_code in (0, 2), (argv, result.stderr)
        assert "Traceback" not in result.stderr, argv
        for line in result.stderr.splitlines():
            assert line.startswith("papers: ") and len(line) <= 80, (argv, line)
    explained = papers("for-you", "--explain").stderr
    assert "--explain has nothing to explain" in explained, explained
