"""`papers show` on terminals of several widths: the panel fits a narrow one and stops at a
readable width on a wide one."""

from __future__ import annotations

import re

import pytest

from conftest import on_terminal
from hubserver import seed_items
from papercli.terminal import cell_width

SEED = seed_items()[0]["paper"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def panel_lines(cols: int) -> list[str]:
    """The panel's lines as `papers show ID` drew them on a terminal `cols` wide."""
    shown = on_terminal(["show", SEED["id"], "--offline", "--no-pager"], cols=cols, rows=200)
    assert shown.code == 0, shown.screen
    text = ANSI.sub("", shown.screen.decode()).replace("\r\n", "\n")
    lines = [line for line in text.splitlines() if line[:1] in "╭│╰"]
    assert lines and lines[0].startswith("╭") and lines[-1].startswith("╰"), text
    return lines


@pytest.mark.parametrize(("cols", "drawn"), [(60, 60), (80, 80), (100, 100), (120, 100),
                                             (200, 100)])
def test_the_panel_fits_a_narrow_terminal_and_stops_at_100_columns_on_a_wide_one(
        library, cols: int, drawn: int) -> None:
    """A 200-column terminal drew the panel 200 wide, the abstract in lines of 196."""
    lines = panel_lines(cols)
    assert {cell_width(line) for line in lines} == {drawn}
    words = " ".join(line.strip("│ ") for line in lines[1:-1])
    assert SEED["summary"].split()[-1] in words.split()  # the abstract whole, wrapped
