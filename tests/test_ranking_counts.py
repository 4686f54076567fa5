"""The cache of each paper's counted terms (ranking/counts.bin, `ranking.TermCounts`): a
ranking read from it is the ranking counted afresh, to the last digit, after a star, a
changed abstract or a damaged file."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Home, Shell
from test_ranking import ids_of
from test_ranking_bounds import ranked, ranking_dir, strict

__all__ = ["ranked"]  # the fixture, used by name

SINCE = (TODAY - timedelta(days=400)).isoformat()


def counts_file(home: Home) -> Path:
    return ranking_dir(home) / "counts.bin"


def ranking(shell: Shell, *argv: str) -> list[tuple[str, float]]:
    code, out, err = shell(*argv, "--json")
    assert code == 0, err
    return [(p["id"], p["score"]) for p in strict(out)]


def afresh(shell: Shell, home: Home, *argv: str) -> list[tuple[str, float]]:
    """The ranking with no counts cached (every paper counted), the cache then filled."""
    counts_file(home).unlink(missing_ok=True)
    return ranking(shell, *argv)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts `Vocabulary._count` counts (not read back from the cache)."""
    from papercli.ranking import Vocabulary

    counted: list[str] = []
    count = Vocabulary._count

    def spy(self: Vocabulary, text: str) -> Any:
        counted.append(text)
        return count(self, text)

    monkeypatch.setattr(Vocabulary, "_count", spy)
    return counted


COMMANDS = [("for-you", "--since", SINCE, "-n", "0"), ("for-you", "-n", "5"),
            ("search", "--offline", "--sort", "relevance", "-n", "0"),
            ("related", ids_of("robot", recent=False)[0], "-n", "0")]


@pytest.mark.parametrize("argv", COMMANDS, ids=[a[0] + str(len(a)) for a in COMMANDS])
def test_counts_read_back_rank_as_counting_afresh(ranked: Shell, home: Home,
                                                  counting: list[str],
                                                  argv: tuple[str, ...]) -> None:
    want = afresh(ranked, home, *argv)
    assert len(want) >= 5 and counts_file(home).is_file()
    counting.clear()
    assert ranking(ranked, *argv) == want
    # Read back, not counted again: at most the 4 starred papers a taste is trained on.
    assert len(counting) <= 4, len(counting)


def test_a_star_reranks_with_the_counts_cached(ranked: Shell, home: Home) -> None:
    before = ranking(ranked, "for-you", "--since", SINCE, "-n", "0")
    code, _, err = ranked("star", "--offline", *ids_of("finance")[:5])
    assert code == 0, err
    after = ranking(ranked, "for-you", "--since", SINCE, "-n", "0")
    assert after != before
    assert {pid for pid, _ in after[:5]} <= set(ids_of("finance"))
    assert after == afresh(ranked, home, "for-you", "--since", SINCE, "-n", "0")


def test_a_paper_whose_text_changed_is_counted_afresh(ranked: Shell, home: Home) -> None:
    """A paper's cached counts are those of its text: a speech paper whose abstract
    becomes a robot one (a later fetch, a sync) is ranked by the new abstract."""
    argv = ("for-you", "--since", SINCE, "-n", "0")
    speech = ids_of("speech", recent=True)[0]
    before = dict(ranking(ranked, *argv))
    held = counts_file(home).read_bytes()
    with sqlite3.connect(home.cache / "papercli" / "library.db") as conn:
        conn.execute("UPDATE papers SET title = ?, summary = ? WHERE id = ?",
                     ("Robot grasping policy", "robot manipulation grasping locomotion "
                      "policy embodied gripper actuator " * 3, speech))
    after = ranking(ranked, *argv)
    # One paper counted anew is not worth writing the whole file again for.
    assert counts_file(home).read_bytes() == held
    assert dict(after)[speech] > before[speech]
    assert after.index((speech, dict(after)[speech])) < 8
    assert after == afresh(ranked, home, *argv)


def _flip(data: bytes) -> bytes:
    """One byte of the last record changed: a term's count."""
    return data[:-2] + bytes([data[-2] ^ 0x01]) + data[-1:]


# Damage to one record: that paper is counted again. Damage to the whole file: every one.
RECORD_DAMAGES = {
    "truncated": lambda data: data[: len(data) - 3],
    "a byte flipped": _flip,
}
DAMAGES = {
    **RECORD_DAMAGES,
    "empty": lambda data: b"",
    "no header": lambda data: data[data.index(b"\n") + 1:],
    "another vocabulary": lambda data: data.replace(b'"vocabulary":"', b'"vocabulary":"0', 1),
    "another version": lambda data: data.replace(b'"version":', b'"version":1', 1),
    "not UTF-8": lambda data: b"\xff\xfe" + data,
    "garbage": lambda data: bytes(range(256)) * 40,
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_counts_file_is_not_believed(ranked: Shell, home: Home,
                                               counting: list[str], damage: str) -> None:
    argv = ("for-you", "--since", SINCE, "-n", "0")
    want = ranking(ranked, *argv)
    path = counts_file(home)
    path.write_bytes(DAMAGES[damage](path.read_bytes()))
    counting.clear()
    code, out, err = ranked(*argv, "--json")
    assert code == 0 and err.count("\n") <= 1, err  # (the caption alone)
    assert [(p["id"], p["score"]) for p in strict(out)] == want
    # Counted afresh: the damaged record's paper, or every paper.
    assert len(counting) >= 1 if damage in RECORD_DAMAGES else len(counting) >= len(want)
    counting.clear()
    assert ranking(ranked, *argv) == want  # and cached again
    assert len(counting) <= 4


def test_the_cache_keeps_the_latest_counted_papers_at_most(
        ranked: Shell, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    from papercli import ranking as rk

    argv = ("for-you", "--since", SINCE, "-n", "0")
    want = ranking(ranked, *argv)
    monkeypatch.setattr(rk, "COUNTS_MOST", 10)
    assert afresh(ranked, home, *argv) == want
    vocab = rk.Vocabulary.cached(0, refit=False)
    assert vocab is not None
    counts = rk.TermCounts.load(vocab)
    try:
        assert len(list(counts._held())) == 10
    finally:
        counts.close()
    assert ranking(ranked, *argv) == want


def test_counts_closed_by_another_ranking_are_counted_again(ranked: Shell, home: Home) -> None:
    """The browser ranks on worker threads, which may share a vocabulary: the one that
    lent it the cache closes the file when it ends, and a lookup still under way on
    another thread counts its paper instead of failing."""
    from papercli import ranking as rk

    ranking(ranked, "for-you", "--since", SINCE, "-n", "0")  # the cache filled
    vocab = rk.Vocabulary.cached(0, refit=False)
    assert vocab is not None
    code, out, err = ranked("search", "--offline", "-n", "1", "--json")
    assert code == 0, err
    (paper,) = [rk.Paper(p["id"], p["title"], p["summary"], ai_keywords=tuple(p["ai_keywords"]))
                for p in strict(out)]
    text = rk.paper_text(paper)
    counts = rk.TermCounts.load(vocab)
    want = vocab._count(text)
    assert counts._found(rk._digest(text.encode("utf-8"))) is not None
    assert counts.get(text) == (list(want), bytes(want.values()))
    counts._map.close()  # (as `close` on the other thread, between its two reads)
    assert counts._found(rk._digest(text.encode("utf-8"))) is None
    assert counts.get(text) == (list(want), list(want.values()))
    counts.close()
