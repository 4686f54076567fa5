"""The listing's Authors cell: the first author and how many more, whatever is cut."""

from __future__ import annotations

import json
import re
import sys

import pytest

from hubserver import seed_items

ANSI = re.compile(r"\x1b\[[0-9;]*m")
FIRST = "Cristina N. Albuquerque"  # 23 letters: with " +23" past the cell's 22


@pytest.mark.parametrize("cols", [None, 60, 80])
def test_a_long_first_name_is_cut_never_the_count_of_the_others(
        papers, tmp_path, monkeypatch, cols: int | None) -> None:
    """The cell was "First Author +23" cut at its end: a first name of 19 letters or more
    left "Cristina N. Vasconcel…", hiding that 23 others wrote the paper (216 papers of a
    real archive's 9,881), and a narrow terminal cut most names that way. Now the name is
    cut and the count kept, piped and on a terminal."""
    from papercli import terminal

    item = seed_items()[0]
    names = [FIRST] + [f"Author {n}" for n in range(23)]
    paper = {**item["paper"], "id": "2402.00024", "authors": [{"name": a} for a in names]}
    src = tmp_path / "one.json"
    src.write_text(json.dumps([{**item, "paper": paper}]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    if cols is not None:
        monkeypatch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        monkeypatch.setenv("PAPERS_PAGER", "")
        monkeypatch.setenv("COLUMNS", str(cols))
    shown = papers("search", "--offline", "--columns", "id,authors,title")
    assert shown.exit_code == 0, shown.stderr
    row = next(line for line in ANSI.sub("", shown.stdout).splitlines()
               if "2402.00024" in line)
    cell = re.split(r"\s{2,}", row.split("2402.00024", 1)[1].strip())[0]
    assert cell.endswith("… +23") and FIRST.startswith(cell[:-len("… +23")]), row
    assert len(cell) <= 22, cell
