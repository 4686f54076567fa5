"""A search reads only what its answer needs: no user database is made or opened when
there is none (no hidden papers, tags or notes to look up), and an offline search never
loads the Hub listing code. Notes still find their papers once a user database exists."""

from __future__ import annotations

import json
from typing import Any

from conftest import Home, modules_loaded


def user_db(home: Home) -> Any:
    return home.data / "papercli" / "user.db"


def loaded(*argv: str) -> tuple[int, set[str], str]:
    """`modules_loaded`, its modules those of papercli."""
    code, modules, out = modules_loaded(*argv)
    return code, {m for m in modules if m.startswith("papercli.")}, out


def test_search_without_user_database_creates_none(library: Any, home: Home) -> None:
    for argv in (["search", "language", "--offline", "--json"],
                 ["search", "language", "--family", "LLaMA", "--offline", "--json"],
                 ["search", "--offline", "--json"]):
        result = library(*argv)
        assert result.exit_code == 0, result.stderr
    assert not user_db(home).exists()


def test_offline_search_loads_neither_notes_nor_listings(library: Any, home: Home) -> None:
    code, modules, out = loaded("search", "language", "--offline", "--json")
    assert code == 0 and json.loads(out), out
    assert "papercli.db.textindex" in modules  # it did search
    assert "papercli.notes" not in modules and "papercli.listings" not in modules


def test_notes_are_searched_once_a_user_database_exists(library: Any, home: Home) -> None:
    before = library("search", "quixotic", "--offline", "--json")
    assert before.exit_code == 0 and before.ids == []
    pid = library("search", "--offline", "--json").ids[0]
    assert library("note", pid, "-m", "a quixotic idea").exit_code == 0
    assert user_db(home).exists()
    code, modules, out = loaded("search", "quixotic", "--offline", "--json")
    assert code == 0 and [p["id"] for p in json.loads(out)] == [pid]
    assert "papercli.notes" in modules


# Modules an offline search with JSON output has no use for: the dataclass machinery (the
# views and the pipeline are plain classes), platformdirs (paths works the folders out on
# Linux), the exporters (--json has its own writer), the tag module without a user
# database, Rich (no table), the Hub's client and listings, and the secrets (an endpoint
# without credentials has none to strip).
NOT_FOR_A_JSON_SEARCH = {"dataclasses", "platformdirs", "papercli.exporters",
                         "papercli.exporters.jsonfmt", "papercli.tags", "rich",
                         "papercli.listings", "papercli.sources.hub", "httpx",
                         "papercli.secrets", "papercli.redaction"}


def test_a_json_search_loads_only_what_it_uses(library: Any, home: Home) -> None:
    for argv in (["search", "language", "--offline", "--json"],
                 ["search", "language", "--family", "LLaMA", "--offline", "--json"],
                 ["search", "--family", "LLaMA", "--offline", "--json"]):
        code, modules, out = modules_loaded(*argv)
        assert code == 0 and json.loads(out), (argv, out)
        assert "papercli.db.store" in modules  # it did read the library
        assert not modules & NOT_FOR_A_JSON_SEARCH, (argv, modules & NOT_FOR_A_JSON_SEARCH)
