"""`papers show`'s author line: the first names, and how many more."""

from __future__ import annotations

import json

import pytest

from hubserver import seed_items


@pytest.mark.parametrize(("count", "named", "more"), [(12, 12, ""), (13, 13, ""),
                                                       (14, 12, " and 2 more"),
                                                       (1212, 12, " and 1,200 more")])
def test_one_author_past_the_twelve_shown_is_named_not_counted(
        papers, tmp_path, monkeypatch, count: int, named: int, more: str) -> None:
    """A paper of 13 authors showed twelve names "and 1 more": the words took the room of
    the name they hid. Now the 13th is named; from 14 on, the rest are counted (thousands
    separated, as every count: a report of 1,212 authors said "and 1200 more")."""
    item = seed_items()[0]
    paper = {**item["paper"], "id": "2402.00013",
             "authors": [{"name": f"Author {n}"} for n in range(1, count + 1)]}
    src = tmp_path / "one.json"
    src.write_text(json.dumps([{**item, "paper": paper}]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    monkeypatch.setenv("COLUMNS", "100")
    shown = papers("show", "2402.00013", "--offline")
    assert shown.exit_code == 0, shown.stderr
    text = " ".join(line.strip("│ ") for line in shown.stdout.splitlines()[1:])
    names = " ".join(text.split(" arXiv ")[0].split())  # the author line, unwrapped
    assert names == ", ".join(f"Author {n}" for n in range(1, named + 1)) + more, names
