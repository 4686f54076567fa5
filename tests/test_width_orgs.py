"""`papers orgs` on a narrow terminal: the display names keep their room."""

from __future__ import annotations

import json
import re
import sys

import pytest

from hubserver import seed_items

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LONG = "nanyang-technological-university-singapore"  # a Hub name as long as the Hub has
ORGS = [(LONG, "Nanyang Technological University"), ("UCBerkeley", "University of "
        "California, Berkeley"), ("UCLA", "University of California, Los Angeles"),
        ("Oxford", "University of Oxford")]


@pytest.mark.parametrize("cols", [60, 80])
def test_one_long_hub_name_leaves_the_display_names_readable(
        papers, tmp_path, monkeypatch, cols: int) -> None:
    """The Hub names were never cut, so one of 42 letters left the display names 7 cells
    at 60 columns: "Univers…" on every university. Now both may be cut, and every
    display name keeps 20 cells at least."""
    from papercli import terminal

    items = []
    for item, (name, full) in zip(seed_items(), ORGS, strict=False):
        items.append({**item, "organization": {"name": name, "fullname": full}})
    assert len(items) == len(ORGS)
    src = tmp_path / "orgs.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    monkeypatch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
    monkeypatch.setenv("PAPERS_PAGER", "")
    monkeypatch.setenv("COLUMNS", str(cols))
    shown = papers("orgs")
    assert shown.exit_code == 0, shown.stderr
    lines = ANSI.sub("", shown.stdout).splitlines()
    assert lines[0] == "Organizations" and len(lines) == 2 + len(ORGS), lines
    for name, full in ORGS:
        line = next(line for line in lines if line.startswith(name[:10]))
        assert len(line) <= cols, line
        cell = re.split(r"\s{2,}", line)[-1]
        assert cell == full or (cell.endswith("…") and full.startswith(cell[:-1])
                                and len(cell) >= 20), line
