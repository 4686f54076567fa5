"""Author names as the Hub gives them: each author's `name` (the paper's byline) and, for
one with a Hub account, `user.fullname` (the account's display name, often the same name
in another script, or a nickname). The byline is kept and shown; the display name stands
in only when the byline is missing or blank, and is cleaned like any name."""

from __future__ import annotations

import copy
import json
import sqlite3
from contextlib import closing
from typing import Any

from conftest import TODAY, Home
from hubserver import HubServer, seed_items


def _item(authors: list[Any]) -> dict[str, Any]:
    item = copy.deepcopy(seed_items()[0])
    item["paper"]["authors"] = authors
    return item


def test_the_byline_is_kept_and_a_blank_one_falls_back_to_the_account_name(
        papers, hub: HubServer) -> None:
    authors = [
        {"name": "Heming Lan", "user": {"fullname": "兰鹤鸣", "user": "hml"}},
        {"name": "", "user": {"fullname": "李琳", "user": "linli"}},
        {"name": "   ", "user": {"fullname": "Jiayao\u0007 Rao", "user": "jr"}},
        {"name": 7, "user": {"fullname": "Peiran Han"}},
        {"user": {"fullname": ["not", "a", "name"]}},
        {"name": "", "user": "not an account"},
        {"name": "Hidden One", "hidden": True, "user": {"fullname": "Hidden"}},
    ]
    hub.set_day(TODAY, [_item(authors)])
    result = papers("today", "--json")
    assert result.exit_code == 0, result.stderr
    [paper] = json.loads(result.stdout)
    # Before, a blank byline was dropped with its author: "李琳" and the rest were lost.
    assert paper["authors"] == ["Heming Lan", "李琳", "Jiayao Rao", "Peiran Han"]
    shown = papers("show", paper["id"], "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "Heming Lan (@hml), 李琳 (@linli), Jiayao Rao (@jr)" in shown.stdout
    assert "兰鹤鸣" not in shown.stdout
    found = papers("search", "--author", "李琳", "--offline", "--json")
    assert found.exit_code == 0, found.stderr
    assert [p["id"] for p in json.loads(found.stdout)] == [paper["id"]]


def _found(papers, *args: str) -> list[str]:
    result = papers(*args, "--json")
    assert result.exit_code == 0, (args, result.stderr)
    return sorted(p["id"] for p in json.loads(result.stdout))


def _two_papers(hub: HubServer) -> tuple[str, str]:
    """A paper by "Heming Lan", whose Hub account is heminglan (display name 兰鹤鸣), and
    one by a "Heminglan Chen" without an account."""
    first, second = (copy.deepcopy(item) for item in seed_items()[:2])
    first["paper"]["authors"] = [
        {"name": "Ada Invented", "hidden": False},
        {"name": "Heming Lan", "hidden": False,
         "user": {"_id": "1", "user": "heminglan", "fullname": "兰鹤鸣", "type": "user"}},
    ]
    second["paper"]["authors"] = [{"name": "Heminglan Chen", "hidden": False}]
    hub.set_day(TODAY, [first, second])
    return first["paper"]["id"], second["paper"]["id"]


def test_an_author_is_found_by_the_hub_account_name_and_its_display_name(
        papers, hub: HubServer) -> None:
    """The Hub romanizes many a byline and links it to an account under another name:
    `--author heminglan` (the account, as huggingface.co/heminglan has it) or `--author
    兰鹤鸣` (its display name) found nothing. Now both find the paper, in the library and
    in a listing; `@name` asks for accounts alone, any case; `show` names the account."""
    mine, other = _two_papers(hub)
    assert papers("today", "--json").exit_code == 0
    assert _found(papers, "search", "--author", "heminglan", "--offline") == sorted(
        [mine, other])
    assert _found(papers, "search", "--author", "@HemingLan", "--offline") == [mine]
    assert _found(papers, "search", "-a", "@heming", "--offline") == [mine]
    assert _found(papers, "search", "--author", "兰鹤鸣", "--offline") == [mine]
    assert _found(papers, "search", "-k", "llama", "-a", "@heminglan", "--offline") == [mine]
    assert _found(papers, "today", "--author", "@heminglan", "--offline") == [mine]
    assert _found(papers, "today", "--author", "兰鹤鸣", "--offline") == [mine]
    shown = papers("show", mine, "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "Ada Invented, Heming Lan (@heminglan)" in shown.stdout


def test_a_record_without_accounts_leaves_the_ones_the_hub_gave(
        papers, hub: HubServer, tmp_path) -> None:
    """Re-importing the library's own JSON export (which lists names alone) keeps each
    author's account: `--author @heminglan` still finds the paper."""
    mine, _ = _two_papers(hub)
    assert papers("today", "--json").exit_code == 0
    out = tmp_path / "library.json"
    exported = papers("export", "--json", "-o", str(out))
    assert exported.exit_code == 0, exported.stderr
    done = papers("import", str(out))
    assert done.exit_code == 0, done.stderr
    assert _found(papers, "search", "--author", "@heminglan", "--offline") == [mine]


def test_damaged_accounts_in_the_library_are_dropped_with_one_warning(
        papers, hub: HubServer, home: Home) -> None:
    """An account that is no Hub name (a hand edit, another tool) is not shown or
    searched; the record is shown without it and counted once."""
    mine, _ = _two_papers(hub)
    assert papers("today", "--json").exit_code == 0
    with closing(sqlite3.connect(home.library)) as conn, conn:
        conn.execute("UPDATE papers SET author_accounts = ? WHERE id = ?",
                     (json.dumps([["Heming Lan", "[red]x[/red] \u001b[2J", ""],
                                  ["Ada Invented", "ada", ""]]), mine))
    shown = papers("show", mine, "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "Ada Invented (@ada), Heming Lan" in shown.stdout
    assert "Heming Lan (@" not in shown.stdout
    assert "[red]" not in shown.stdout and "\x1b[2J" not in shown.stdout
    assert "damaged record" in shown.stderr
    assert _found(papers, "search", "--author", "@ada", "--offline") == [mine]


def test_a_search_finds_the_authors_accounts_too(papers, hub: HubServer) -> None:
    """`papers search heminglan` (or 兰鹤鸣, the account's display name) found nothing,
    though the paper's author has that account: the searched text now holds it."""
    mine, other = _two_papers(hub)  # the other's byline is "Heminglan Chen"
    assert papers("today", "--json").exit_code == 0
    for words, wanted in (("heminglan", [mine, other]), ("兰鹤鸣", [mine])):
        found = papers("search", words, "--offline", "-q")
        assert found.exit_code == 0, found.stderr
        assert sorted(found.stdout.split()) == sorted(wanted), words
