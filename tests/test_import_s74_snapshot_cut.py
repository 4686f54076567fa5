"""arXiv's snapshot, gzipped and cut off part-way (a download that did not finish), alone:
its error is all the import says, and in 80 columns it said "snap.json.gz: its gzip data
ends early — download it again", never that the papers before the cut were imported (a
Hub JSON file cut off says "1 paper before it kept"). Now it counts them where that fits."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path


def _snapshot(count: int) -> bytes:
    return "".join(json.dumps({
        "id": f"2403.{n:05d}", "title": f"Paper {n} on tides", "authors": "A. B",
        "categories": "cs.CL", "abstract": "Tides. " * 40,
        "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}]}) + "\n"
        for n in range(1, count + 1)).encode()


def test_a_cut_snapshot_alone_says_how_many_papers_it_kept(papers) -> None:
    whole = gzip.compress(_snapshot(3000))
    Path("snap.json.gz").write_bytes(whole[: len(whole) * 2 // 3])
    result = papers("import", "snap.json.gz")
    assert result.exit_code == 1
    said = re.fullmatch(r"papers: error: snap\.json\.gz: its gzip data ends early; "
                        r"([0-9,]+) papers (?:before it )?kept\n", result.stderr)
    assert said, result.stderr
    assert len(result.stderr.rstrip("\n")) <= 80, result.stderr
    info = papers("cache", "info", "--json")
    assert 0 < info.json["papers"] == int(said[1].replace(",", "")) < 3000


def test_nothing_kept_says_only_what_to_do(papers) -> None:
    """Cut inside its first line: no count of nothing. (The lines before a cut are
    read, however near the start it is: 400 bytes hold 19 papers, which are kept.)"""
    whole = gzip.compress(_snapshot(3000))
    Path("snap.json.gz").write_bytes(whole[:200])
    result = papers("import", "snap.json.gz")
    assert result.exit_code == 1
    assert "kept" not in result.stderr, result.stderr
    assert "its gzip data ends early" in result.stderr, result.stderr
