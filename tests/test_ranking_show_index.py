"""`papers show`'s "For you" line reads the IDF of the shown paper's terms from the
vocabulary's index (`ranking.VocabularyIndex`) instead of parsing the whole vocabulary,
and says exactly what it said from the whole vocabulary. A damaged, hostile or stale
index (or cached lengths) is never believed: the line comes from the vocabulary as
before, and the index is written again.

The library is test_ranking's four topics, so the taste (four robot papers starred, one
robot paper hidden) is known."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from test_ranking import ids_of, import_topics, ranking_dir, star


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def _whole_vocabulary_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here, reading the whole vocabulary fails the command: what it shows came
    from the index."""
    from papercli import ranking

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the whole vocabulary was read")

    monkeypatch.setattr(ranking.Vocabulary, "load", refuse)


def _taste(lib, home: Home) -> tuple[list[str], dict[str, str]]:  # type: ignore[no-untyped-def]
    """Four robot papers starred and a new robot paper hidden, for-you run (the taste is
    cached); the panels of the recent robot papers and a speech paper as `show` printed
    them from the whole vocabulary (the index removed first)."""
    star(lib, *ids_of("robot", recent=False)[:4])
    shown = [*ids_of("robot", recent=True)[:3], ids_of("speech", recent=True)[0]]
    assert lib("hide", "--offline", ids_of("robot", recent=True)[3]).exit_code == 0
    assert lib("for-you", "-n", "3").exit_code == 0
    index = ranking_dir(home) / "vocabulary.index"
    assert index.is_file()  # written with the vocabulary
    index.unlink()
    panels = {pid: _panel(lib, pid) for pid in shown}
    assert index.is_file()  # written again by the vocabulary's load
    return shown, panels


def _panel(lib, pid: str) -> str:  # type: ignore[no-untyped-def]
    result = lib("show", pid, "--offline")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_show_explains_from_the_index_with_the_same_line(lib, home: Home,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    shown, panels = _taste(lib, home)
    assert all("For you" in panel for panel in panels.values())
    assert any("hidden paper" in panel for panel in panels.values())  # hidden ones count
    assert any("closest starred" in panel for panel in panels.values())
    _whole_vocabulary_refused(monkeypatch)
    for pid in shown:
        assert _panel(lib, pid) == panels[pid]


def _bucket_line(text: str, change: Callable[[str], str]) -> str:
    """The index with the line of the term "robot" (every shown robot paper has it)
    changed, to a line of the same length: the offsets still point where they did."""
    head, table, body = text.split("\n", 2)
    lines = body.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("robot\t"))
    changed = change(lines[at])
    assert len(changed) == len(lines[at])
    lines[at] = changed
    return f"{head}\n{table}\n" + "\n".join(lines)


def _idf(value: str) -> Callable[[str], str]:
    """The index with the IDF of "robot" replaced by `value` (spaces before it, which
    `float` allows, keep the length)."""
    return lambda text: _bucket_line(text, lambda line: line[:6] + value.rjust(len(line) - 6))


def _header(text: str, **fields: Any) -> str:
    head, rest = text.split("\n", 1)
    return json.dumps({**json.loads(head), **fields}) + "\n" + rest


DAMAGE: dict[str, Callable[[str], str]] = {
    "empty": lambda text: "",
    "not text": lambda text: "\udcff",  # written with surrogateescape: invalid UTF-8
    "no header": lambda text: text.split("\n", 1)[1],
    "another version": lambda text: _header(text, version=999),
    "stale": lambda text: _header(text, source=[1, 2]),
    "buckets past the end": lambda text: _header(text, buckets=10**9),
    "buckets not a count": lambda text: _header(text, buckets=1.5),
    "offsets past the end": lambda text: text.replace(
        text.split("\n")[1], "ffffffff" * (len(text.split("\n")[1]) // 8)),
    "offsets not hex": lambda text: text.replace(
        text.split("\n")[1], "zzzzzzzz" * (len(text.split("\n")[1]) // 8)),
    "an idf not a number": _idf("nan"),
    "an infinite idf": _idf("1e999"),
    "an idf out of range": _idf("-3.0"),
    "an idf too large": _idf("1e300"),
    "an idf not a float": _idf("0x1p1"),
    "a term in another bucket": lambda text: _bucket_line(text, lambda line: "z" + line[1:]),
    "a line without its idf": lambda text: _bucket_line(text, lambda line: line.replace(
        "\t", "x")),
    "truncated": lambda text: text[: len(text) // 2],
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_index_is_not_believed_and_is_written_again(
        lib, home: Home, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    shown, panels = _taste(lib, home)
    index = ranking_dir(home) / "vocabulary.index"
    damaged = DAMAGE[kind](index.read_text(encoding="utf-8"))
    index.write_bytes(damaged.encode("utf-8", "surrogateescape"))
    # The damage is in the header, the offsets, or the bucket of a term the papers have.
    for pid in shown:
        assert _panel(lib, pid) == panels[pid], kind
    # Written again: the whole vocabulary is not needed any more.
    _whole_vocabulary_refused(monkeypatch)
    for pid in shown:
        assert _panel(lib, pid) == panels[pid], kind


@pytest.mark.parametrize("norms", [None, "lengths", {"x": float("nan")}, {"x": "1.0"}, {}])
def test_cached_lengths_missing_or_damaged_are_made_again(
        lib, home: Home, monkeypatch: pytest.MonkeyPatch, norms: Any) -> None:
    """The lengths of the marked papers' vectors cached with the taste (a taste cached by
    an older papercli has none; `{}` lacks the papers'): the line comes from the whole
    vocabulary, the lengths are written, and the next `show` reads the index."""
    shown, panels = _taste(lib, home)
    path = ranking_dir(home) / "taste.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["norms"]) >= set(ids_of("robot", recent=False)[:4])
    if norms is None:
        del data["norms"]
    else:
        data["norms"] = norms
    path.write_text(json.dumps(data), encoding="utf-8")  # NaN written as NaN: not JSON
    assert _panel(lib, shown[0]) == panels[shown[0]]
    _whole_vocabulary_refused(monkeypatch)
    for pid in shown:
        assert _panel(lib, pid) == panels[pid]


def test_a_refitted_vocabulary_makes_the_index_stale(lib, home: Home, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The vocabulary refitted (the library grew): an index of the old one is never read
    with it, and the line is the new vocabulary's."""
    shown, _ = _taste(lib, home)
    index = ranking_dir(home) / "vocabulary.index"
    old = index.read_bytes()
    extra = tmp_path / "more.json"
    item = json.loads(json.dumps(import_item()))
    extra.write_text(json.dumps([item]), encoding="utf-8")
    assert lib("import", str(extra)).exit_code == 0
    assert lib("for-you", "-n", "3").exit_code == 0  # refits: a small library changed
    fresh = {pid: _panel(lib, pid) for pid in shown}
    index.write_bytes(old)  # the old index back beside the new vocabulary
    for pid in shown:
        assert _panel(lib, pid) == fresh[pid]
    _whole_vocabulary_refused(monkeypatch)  # and it was written again
    for pid in shown:
        assert _panel(lib, pid) == fresh[pid]


def import_item() -> dict[str, Any]:
    """One more robot paper, as the Hub lists it."""
    from test_ranking import ITEMS

    item = json.loads(json.dumps(ITEMS["robot"][0]))
    item["paper"]["id"] = "2412.90001"
    item["paper"]["title"] = "Gripper actuator policies for embodied locomotion"
    return item
