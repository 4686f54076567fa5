"""A watch without words (an author, a count) stands in the taste for its newest library
papers; those are found once per library state and kept (`watch-seeds.json`), so `show`
and `for-you` over an unchanged library do not search the library for them again. What
is ranked is what finding them afresh ranks: after a library change, and when the kept
file is damaged or foreign.

The library is test_ranking's four topics (authors "Author 1" to "Author 48", upvotes
from 100 down)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from test_ranking import ITEMS, ids_of, import_topics, star


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def _kept(home: Home) -> Path:
    return home.cache / "papercli" / "watch-seeds.json"


def _scores(lib: Any) -> dict[str, float]:
    result = lib("for-you", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return {p["id"]: p["score"] for p in json.loads(result.stdout)}


def _browsed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The library browses made from here on (how a watch's papers are found)."""
    from papercli.db.search import LibraryReads

    calls: list[object] = []
    browse = LibraryReads.browse

    def spied(self: Any, flt: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(flt)
        return browse(self, flt, *args, **kwargs)

    monkeypatch.setattr(LibraryReads, "browse", spied)
    return calls


def _watches(lib: Any) -> None:
    star(lib, *ids_of("robot", recent=False)[:3])
    assert lib("watch", "add", "popular", "--min-upvotes", "95").exit_code == 0
    assert lib("watch", "add", "someone", "--author", "Author 3").exit_code == 0
    assert lib("watch", "add", "speech", "-k", "speech").exit_code == 0  # words: not kept


def test_an_unchanged_library_is_not_searched_again_for_a_watch_s_papers(
        lib: Any, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    _watches(lib)
    first = _scores(lib)
    assert _kept(home).is_file()
    browsed = _browsed(monkeypatch)
    assert _scores(lib) == first
    shown = lib("show", ids_of("robot", recent=True)[0], "--offline")
    assert shown.exit_code == 0 and "For you" in shown.stdout, shown.stderr
    assert not browsed  # the watches' papers were kept
    _kept(home).unlink()
    assert _scores(lib) == first and len(browsed) == 2  # found afresh: the same ranking


def test_a_library_change_finds_a_watch_s_papers_again(
        lib: Any, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _watches(lib)
    _scores(lib)
    # A new paper by Author 3 (a speech paper), popular: both watches now stand for it.
    item = json.loads(json.dumps(ITEMS["speech"][0]))
    item["paper"]["id"] = "2412.90003"
    item["paper"]["authors"] = [{"name": "Author 3"}]
    item["paper"]["upvotes"] = 99
    item["paper"]["title"] = item["title"] = "Zymurgy speech recognition"
    src = tmp_path / "one.json"
    src.write_text(json.dumps([item]), encoding="utf-8")
    assert lib("import", str(src)).exit_code == 0
    browsed = _browsed(monkeypatch)
    changed = _scores(lib)
    assert len(browsed) == 2
    assert "Zymurgy" in _kept(home).read_text(encoding="utf-8")
    _kept(home).unlink()
    assert _scores(lib) == changed


DAMAGE = {
    "not JSON": "{",
    "not an object": "[]",
    "another version": None,
    "another library": None,
    "a seed not text": None,
    "no seeds": None,
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_kept_file_is_not_believed(lib: Any, home: Home, kind: str) -> None:
    _watches(lib)
    first = _scores(lib)
    data = json.loads(_kept(home).read_text(encoding="utf-8"))
    # Other papers' words for the kept watches: believed, they rank otherwise.
    data["seeds"] = {key: "finance market stock portfolio trading volatility"
                     for key in data["seeds"]}
    _kept(home).write_text(json.dumps(data), encoding="utf-8")
    assert _scores(lib) != first
    if kind == "another version":
        data["version"] = 99
    elif kind == "another library":
        data["library"] = "elsewhere:1:"
    elif kind == "a seed not text":
        data["seeds"] = {key: 7 for key in data["seeds"]}
    elif kind == "no seeds":
        data["seeds"] = "none"
    text = DAMAGE[kind]
    _kept(home).write_text(json.dumps(data) if text is None else text, encoding="utf-8")
    assert _scores(lib) == first
    assert json.loads(_kept(home).read_text(encoding="utf-8"))["version"] == 1  # rewritten
