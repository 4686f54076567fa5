"""The terminal around a listing, as a user's odd settings and sizes make it: a title too
long for the line, narrow terminals, FORCE_COLOR on a pipe. Through `main()` with argv;
"a terminal" is stdout reporting itself as one (as `terminal.is_terminal` tests a real
tty) with COLUMNS set, as a shell does."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Papers

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DAY = datetime(2024, 1, 15, 12, tzinfo=UTC)
CATEGORIES = ("cs.CL", "cs.LG", "cs.AI", "cs.CV", "stat.ML", "cs.RO", "cs.NE")


def on_terminal(papers: Papers, monkeypatch: pytest.MonkeyPatch, *args: str,
                cols: int) -> tuple[int, list[str], str]:
    """`papers ARGS` with stdout on a terminal `cols` wide and no pager: (exit code, the
    lines shown without their colour codes, stderr)."""
    from papercli import terminal

    with monkeypatch.context() as patch:
        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        patch.setenv("PAPERS_PAGER", "")
        patch.setenv("COLUMNS", str(cols))
        result = papers(*args)
    return result.exit_code, ANSI.sub("", result.stdout).splitlines(), result.stderr


@pytest.fixture
def announced(arx: ArxivServer) -> ArxivServer:
    arx.announce(*(Paper(f"2401.0{n + 9001}", f"An invented {category} paper", [category], DAY)
                   for n, category in enumerate(CATEGORIES)))
    return arx


@pytest.mark.parametrize("cols", [50, 80])
def test_many_categories_leave_the_announced_day_on_the_title_line(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, announced: ArxivServer,
        cols: int) -> None:
    """Seven categories made the title wider than 80 columns, and it was cut after
    them: "… cs.RO, cs.NE · announced 2024-01-…", the day and "new only" lost. The list
    is said shorter instead, its first categories and how many more."""
    args = ("arxiv", *CATEGORIES, "--new-only")
    code, shown, err = on_terminal(papers, monkeypatch, *args, cols=cols)
    assert code == 0, err
    title = shown[0]
    assert len(title) <= cols, title
    assert title.startswith("arXiv · cs.CL") and "…" not in title, title
    assert title.endswith("stat.ML +2 · announced 2024-01-16 · new only" if cols == 80
                          else "cs.CL +6 · announced 2024-01-16 · new only"), title
    whole = f"arXiv · {', '.join(CATEGORIES)} · announced 2024-01-16 · new only"
    piped = papers(*args)  # a pipe and a document keep the title whole
    assert piped.exit_code == 0 and piped.stdout.splitlines()[0] == whole
    assert papers(*args, "--format", "md").stdout.splitlines()[0] == f"# {whole}"


def test_a_title_with_no_list_in_it_is_cut_as_before() -> None:
    from papercli.terminal import fit_title

    assert fit_title("Search: a, b c · 3 papers", 12) == "Search: a, …"
    assert fit_title("arXiv · cs.CL, cs.LG", 20) == "arXiv · cs.CL, cs.LG"
    assert fit_title("arXiv · cs.CL, cs.LG · announced 2024-01-16", 30) == (
        "arXiv · cs.CL +1 · announced …")


def test_a_narrow_panel_cuts_a_link_in_its_middle_keeping_the_id(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, library: object) -> None:
    """`show` on a terminal 40 wide cut its links at the end, the paper's id with them:
    "https://arxiv.org/abs/2401.0…". Its middle goes now, as in the browser."""
    code, shown, err = on_terminal(papers, monkeypatch, "show", "2401.01055", "--offline",
                                   "--no-pager", cols=40)
    assert code == 0, err
    links = {line.strip("│ ").split()[0]: line.strip("│ ").split()[-1] for line in shown
             if line.strip("│ ").startswith(("HF ", "arXiv ", "PDF "))}
    assert set(links) == {"HF", "arXiv", "PDF"}, shown
    for url in links.values():
        assert url.endswith("…/2401.01055") and url.startswith("http"), links


@pytest.mark.parametrize("command", [("search", "--offline"), ("show", "2401.01055",
                                                                 "--offline")])
def test_force_color_colours_a_pipe_as_it_does_show(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, library: object,
        command: tuple[str, ...]) -> None:
    """FORCE_COLOR=1 on a pipe (`| less -R`) gave `show`'s panel its colours (Rich
    reads it) but left every table plain. Both are coloured now, the table still in whole
    lines; NO_COLOR still wins, and a document (`--json`) never has colour codes."""
    plain = papers(*command)
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = papers(*command)
    assert coloured.exit_code == 0, coloured.stderr
    assert "\x1b[" not in plain.stdout and "\x1b[" in coloured.stdout
    assert ANSI.sub("", coloured.stdout) == plain.stdout  # the same lines, whole
    assert "\x1b[" not in papers(*command, "--json").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    if command[0] == "search":  # (Rich's panel keeps bold and italic under NO_COLOR)
        assert papers(*command).stdout == plain.stdout


@pytest.mark.parametrize(("env", "said"), [
    ({"PAGER": "/nonexistent/pager -R"},
     "papers: warning: cannot run PAGER '/nonexistent/pager': not found — fix it"),
    ({"PAPERS_PAGER": "lss", "PAGER": "less"},
     "papers: warning: cannot run the pager 'lss': not found — fix PAPERS_PAGER"),
    ({"PATH": "/nonexistent"}, ""),  # the default, less, not installed: nothing to fix
])
def test_a_pager_that_cannot_start_is_said_once_and_the_table_printed(
        library: object, env: dict[str, str], said: str) -> None:
    """A pager named in PAGER that does not exist (a typo, not installed) left the table
    printed whole, unpaged, without a word of why: the variable to fix is said now."""
    from conftest import on_terminal as on_pty

    shown = on_pty(["search", "--offline", "-n", "0"], cols=100, rows=10,
                   env=env, stderr_on_pty=False)
    assert shown.code == 0, shown.err
    assert shown.err.splitlines() == ([said] if said else []), shown.err
    assert all(len(line) <= 80 for line in shown.err.splitlines())
    assert shown.screen.decode().count("2401.01055") == 1  # the table, printed
