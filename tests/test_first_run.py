"""A new user's first commands, in a fresh home: what a read or a failure leaves on disk,
and a failure's line saying what to do next."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Home
from hubserver import HubServer

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
