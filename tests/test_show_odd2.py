"""`papers show`'s panel with records at the edges of what the Hub sends: large counts,
links longer than the panel."""

from __future__ import annotations

import json
from typing import Any

from hubserver import seed_items


def _show(papers, tmp_path, monkeypatch, paper: dict[str, Any],  # type: ignore[no-untyped-def]
          cols: int = 80, **item: Any) -> list[str]:
    """The panel's lines of `papers show` of a paper imported with these fields."""
    seed = seed_items()[0]
    src = tmp_path / "odd.json"
    src.write_text(json.dumps([{**seed, **item, "paper": {**seed["paper"], **paper}}]),
                   encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    monkeypatch.setenv("COLUMNS", str(cols))
    shown = papers("show", paper["id"], "--offline")
    assert shown.exit_code == 0, shown.stderr
    return shown.stdout.splitlines()


def test_upvotes_and_comments_are_grouped_as_every_count(papers, tmp_path,
                                                         monkeypatch) -> None:
    """The line under the authors said "▲ 1234567   comments 45678" beside "GitHub stars
    98,765": the Hub's counts are grouped as every count the panel gives."""
    lines = _show(papers, tmp_path, monkeypatch,
                  {"id": "2402.00021", "upvotes": 1234567, "githubStars": 98765},
                  numComments=45678)
    text = "\n".join(lines)
    assert "▲ 1,234,567   comments 45,678" in text, text
    assert "GitHub stars 98,765" in text, text
