"""`papers watch list` counting every watch after the library changed: a row the watches
share is read once for all of them, and a watch the search index holds whole (an author
and a count) is counted by the index without reading a row; the counts are what `search`
finds, as before."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hubserver import seed_items

WATCHES = {
    "models": ["-k", "model"],
    "models-but-llava": ["-k", "model", "-x", "llava"],
    "efficient": ["-k", "efficient"],
    "efficient-models": ["-k", "efficient", "-k", "models"],
    "popular-author": ["--author", "Author 1", "--min-upvotes", "3"],
}


def _read_rows(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each paper's row is read to check a word filter, from here on."""
    from papercli.db import records

    reads: Counter[str] = Counter()
    words_paper = records.words_paper

    def spied(values: Any) -> Any:
        reads[str(values[0])] += 1
        return words_paper(values)

    monkeypatch.setattr(records, "words_paper", spied)
    return reads


def _library_changes(papers: Any, tmp_path: Path) -> None:
    """`watch list` once (its counts kept), then a paper added, as a sync adds them."""
    assert papers("watch", "list").exit_code == 0
    item = json.loads(json.dumps(seed_items()[1]))
    item["paper"]["id"] = "2501.99999"
    src = tmp_path / "one.json"
    src.write_text(json.dumps([item]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0


def _search(papers: Any, *args: str) -> int:
    result = papers("search", *args, "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    return len(json.loads(result.stdout))


def test_watch_list_reads_each_row_once_and_counts_as_search_does(
        papers: Any, library: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, args in WATCHES.items():
        assert papers("watch", "add", name, *args).exit_code == 0
    _library_changes(papers, tmp_path)
    found = {name: (_search(papers, *args), True) for name, args in WATCHES.items()}
    reads = _read_rows(monkeypatch)
    result = papers("watch", "list", "--json")
    assert result.exit_code == 0, result.stderr
    counts = {w["name"]: (w["papers"], w["papers_exact"]) for w in json.loads(result.stdout)}
    assert counts == found
    assert counts["models"][0] > counts["models-but-llava"][0] > 0
    assert counts["efficient-models"][0] > 0 and counts["popular-author"][0] > 0
    # Four keyword watches over the same papers: each row read once for all of them.
    assert reads and max(reads.values()) == 1, reads


def test_a_watch_the_index_holds_whole_reads_no_row(
        papers: Any, library: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One word: a name of several words may match them apart ("Lan Heming" is Heming
    # Lan), which the index's term only narrows and each row read confirms.
    args = ["--author", "author", "--min-upvotes", "3"]
    assert papers("watch", "add", "popular-author", *args).exit_code == 0
    _library_changes(papers, tmp_path)
    found = _search(papers, *args)
    reads = _read_rows(monkeypatch)
    result = papers("watch", "list", "--json")
    assert result.exit_code == 0, result.stderr
    [watch] = json.loads(result.stdout)
    assert (watch["papers"], watch["papers_exact"]) == (found, True) and found > 0
    assert not reads  # counted by the index: no row read to check it
