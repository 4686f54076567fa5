"""`papers config show` with a long value (many arXiv categories followed): the value is
said whole, on a terminal and piped, and the other lines keep within 80 columns. Through
`main()`, stdout piped or taken for a terminal."""

from __future__ import annotations

import re
import sys

import pytest

from conftest import Home, write_config
from papercli.terminal import cell_width

CATEGORIES = ["cs.CL", "cs.LG", "cs.CV", "cs.AI", "stat.ML", "cs.RO", "cs.IR", "cs.NE",
              "cs.SD", "eess.AS", "eess.IV"]
LONG = "sources.arxiv = " + ",".join(CATEGORIES)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("on_terminal", [False, True])
def test_a_long_value_is_shown_whole_and_the_rest_fit_80_columns(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch, on_terminal: bool) -> None:
    """On a terminal the grid cut it ("cs.RO,cs.IR,…": not the setting in effect), and
    piped every source was aligned after it, every line over 100 columns wide."""
    from papercli import terminal

    write_config(home, "[sources]\narxiv = [" + ", ".join(f'"{c}"' for c in CATEGORIES)
                 + "]\n")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    if on_terminal:
        monkeypatch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        monkeypatch.setenv("PAPERS_PAGER", "")
        monkeypatch.setenv("COLUMNS", "80")
    result = papers("config", "show")
    assert result.exit_code == 0, result.stderr
    lines = ANSI.sub("", result.stdout).splitlines()
    assert f"{LONG}  # file" in lines
    settings = [line for line in lines if " = " in line]
    assert len(settings) > 10
    rest = [line for line in settings if not line.startswith("sources.arxiv")]
    assert all(cell_width(line) <= 80 for line in rest), rest
    # the sources in one column, after the longest value that leaves them room
    at = {line.index("# ") for line in rest}
    assert len(at) == 1, rest
    assert any(line.startswith("hub.endpoint = http://127.0.0.1:9 ")
               and line.endswith("# env HF_ENDPOINT") for line in rest)
