"""The Hub account kept for each author (`show` names it: "Heming Lan (@heminglan)") is
data too: `author_accounts` in every `--json` listing, `show --json` and `export` as JSON
or JSON Lines, and read back by `papers import` of such an export."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Home, isolate
from hubserver import HubServer, seed_items

HEMING = {"name": "Heming Lan", "user": "heminglan", "fullname": "兰鹤鸣"}
ADA = {"name": "Ada Invented", "user": "ada", "fullname": None}


def _paper(hub: HubServer) -> str:
    """A paper by three authors, two linked to a Hub account (one whose display name is
    the byline itself, which is not kept twice)."""
    item = copy.deepcopy(seed_items()[0])
    item["paper"]["authors"] = [
        {"name": "Ada Invented", "hidden": False,
         "user": {"_id": "2", "user": "ada", "fullname": "Ada Invented", "type": "user"}},
        {"name": "No Account", "hidden": False},
        {"name": "Heming Lan", "hidden": False,
         "user": {"_id": "1", "user": "heminglan", "fullname": "兰鹤鸣", "type": "user"}},
    ]
    hub.set_day(TODAY, [item])
    return str(item["paper"]["id"])


def _one(text: str) -> dict[str, Any]:
    data = json.loads(text)
    [paper] = data if isinstance(data, list) else [data]
    assert isinstance(paper, dict)
    return paper


def test_every_json_output_gives_the_authors_accounts(papers, hub: HubServer,
                                                      tmp_path: Path) -> None:
    """Before, a paper's JSON had only `authors` (names): the accounts `show` prints were
    nowhere in it, so a script could not tell which Heming Lan wrote the paper."""
    pid = _paper(hub)
    for args in (("today", "--json"), ("search", "-a", "@heminglan", "--offline", "--json"),
                 ("show", pid, "--offline", "--json"), ("export", "--format", "json")):
        result = papers(*args)
        assert result.exit_code == 0, (args, result.stderr)
        paper = _one(result.stdout)
        assert paper["authors"] == ["Ada Invented", "No Account", "Heming Lan"], args
        assert paper["author_accounts"] == [ADA, HEMING], args
    lines = papers("export", "--format", "jsonl")
    assert lines.exit_code == 0, lines.stderr
    assert json.loads(lines.stdout)["author_accounts"] == [ADA, HEMING]


def test_a_paper_without_accounts_has_an_empty_list(papers, hub: HubServer) -> None:
    item = copy.deepcopy(seed_items()[0])
    item["paper"]["authors"] = [{"name": "No Account", "hidden": False}]
    hub.set_day(TODAY, [item])
    result = papers("today", "--json")
    assert result.exit_code == 0, result.stderr
    assert _one(result.stdout)["author_accounts"] == []


def test_an_export_brings_the_accounts_into_another_library(
        papers, hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export imported on another machine (a fresh library) keeps each author's
    account: `--author @heminglan` finds the paper there too."""
    pid = _paper(hub)
    assert papers("today", "-q").exit_code == 0
    out = tmp_path / "library.json"
    assert papers("export", "--format", "json", "-o", str(out)).exit_code == 0
    other: Home = isolate(tmp_path / "other", monkeypatch)
    assert not other.library.exists()
    done = papers("import", str(out))
    assert done.exit_code == 0, done.stderr
    found = papers("search", "--author", "@heminglan", "--offline", "--json")
    assert found.exit_code == 0, found.stderr
    assert [p["id"] for p in json.loads(found.stdout)] == [pid]
    assert _one(found.stdout)["author_accounts"] == [ADA, HEMING]


def test_damaged_accounts_in_an_export_are_dropped_and_named(
        papers, tmp_path: Path) -> None:
    """An account that is no Hub name, or an entry of the wrong shape, is not imported
    (nor shown, nor searched); the rest of the record is, and the field is named."""
    record = {"id": "2401.01055", "title": "A Paper", "authors": ["Heming Lan", "Ada"],
              "published_at": "2024-01-02T00:00:00Z", "sources": ["hf"],
              "author_accounts": [{"name": "Heming Lan", "user": "[red]x\u001b[2J",
                                   "fullname": None},
                                  "not an object", {"name": 7, "user": "seven"},
                                  {"name": "Ada", "user": "ada", "fullname": "Ada L."}]}
    path = tmp_path / "one.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    done = papers("import", str(path))
    assert done.exit_code == 0, done.stderr
    assert "author_accounts" in done.stderr
    shown = papers("show", "2401.01055", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert _one(shown.stdout)["author_accounts"] == [
        {"name": "Ada", "user": "ada", "fullname": "Ada L."}]
