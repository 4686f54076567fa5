"""A hand-written `[watch.NAME]` table's mistakes said in 80 columns, with what to do."""

from __future__ import annotations

import pytest

from conftest import Home, Papers, one_line, write_config
from papercli.terminal import cell_width

LONG = "a-rather-long-watch-name-for-robotics-papers"


def _error_line(papers: Papers, *args: str) -> str:
    """The one error line `papers ARGS` says (exit 1, nothing on stdout), checked to fit
    80 columns."""
    result = papers(*args)
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    line = one_line(result.stderr)
    assert cell_width(line) <= 80, line
    return line


@pytest.mark.parametrize(("text", "line"), [
    ('[watch.robots]\norg = []\n', "line 1: watch needs a filter — add one, e.g. keyword"),
    ('[watch.x]\nexclude = ["survey"]\n',
     "line 1: watch needs a filter — add one, e.g. keyword"),
    (f'[watch.llava]\nfamily = ["LLaVA"]\n\n[watch.{LONG}]\nexclude = ["survey"]\n'
     '\n\n\n\n\n\n[watch.z]\nkeyword = ["z"]\n',
     "line 4: watch needs a filter — add one, e.g. keyword"),
    ('\n' * 9 + f'[watch.{LONG}]\nexclude = ["survey"]\n',
     "line 10: watch needs a filter — e.g. add a keyword"),
])
def test_a_watch_without_a_filter_says_to_add_one(papers: Papers, home: Home, text: str,
                                                  line: str) -> None:
    """A watch of an exclude alone (or an empty list) would match every paper: its line
    was 285 columns for a watch named robots (the path and the shorter way did not fit
    80 columns), every key a watch takes and no line break. Now the line names the file
    and line and says to add a filter."""
    write_config(home, text)
    for args in (("watch", "list"), ("new", "--peek", "--offline")):
        assert _error_line(papers, *args) == f"papers: error: config.toml, {line}"
