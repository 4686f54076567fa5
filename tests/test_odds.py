"""Small ends: `sync --since/--until/--date` complete the words a date takes, `--author @`
completes the authors' Hub accounts, an empty FORCE_COLOR leaves `show`'s panel its
colour on a terminal, `watch list` breaks a long criterion between words, and `papers
help` reads -h and --help anywhere and refuses any other option."""

from __future__ import annotations

import re

import pytest

from conftest import Home, Papers, on_terminal, one_line, store_papers
from papercli.models import Paper
from papercli.terminal import cell_width
from test_complete_odd import values
from test_completion import SHELLS
from test_watch import listed_on_a_terminal


@pytest.mark.parametrize("shell", SHELLS)
def test_sync_date_options_offer_the_words_they_take(home: Home, shell: str) -> None:
    """`sync --since la<Tab>` offered nothing (files, in bash), where every listing's
    --since offers the words; --date offers the two words `papers day` takes."""
    assert values(shell, "papers sync --since la") == ["last week", "last month",
                                                       "last year"]
    assert values(shell, "papers sync --until Y") == ["yesterday"]
    assert values(shell, "papers sync --since 3") == ["3d", "3w", "3mo", "3y"]
    assert values(shell, "papers sync --date ") == [
        "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday"]
    assert values(shell, "papers arxiv cs.CL --date y") == ["yesterday"]


def _linked(n: int, *accounts: tuple[str, str]) -> Paper:
    return Paper(id=f"2607.{n:05d}", title=f"An invented paper {n}",
                 authors=tuple(name for name, _ in accounts),
                 published_at=f"2026-07-{1 + n % 28:02d}T00:00:00Z",
                 author_accounts=tuple((name, user, "") for name, user in accounts))


@pytest.mark.parametrize("shell", SHELLS)
def test_author_at_offers_the_authors_accounts(home: Home, shell: str) -> None:
    """`--author @` (an account, as `--author @NAME` finds it) offered nothing: the
    library's accounts are offered, most papers first, any case."""
    store_papers(_linked(1, ("Ada Lovelace", "adalove"), ("Alan Turing", "aturing")),
                 _linked(2, ("Ada Lovelace", "adalove"), ("Adam Smith", "AdamS")),
                 _linked(3, ("Ada Lovelace", "adalove")), _linked(4, ("Bob Ross", "bob")))
    assert values(shell, "papers search --author @") == ["@adalove", "@AdamS", "@aturing",
                                                         "@bob"]
    assert values(shell, "papers search --author @ada") == ["@adalove", "@AdamS"]
    assert values(shell, "papers search --author @B") == ["@bob"]
    assert values(shell, "papers search --author @zz") == []
    assert values(shell, "papers search --author ada") == ["Ada Lovelace", "Adam Smith"]


def test_an_offered_account_finds_its_papers(papers: Papers, home: Home) -> None:
    store_papers(_linked(1, ("Ada Lovelace", "adalove")), _linked(2, ("Bob Ross", "bob")))
    account = values("zsh", "papers search --author @ada")[0]
    found = papers("search", "--author", account, "--offline", "-q", "-n", "0")
    assert found.exit_code == 0 and found.stdout.split() == ["2607.00001"]


def test_an_empty_force_color_leaves_shows_panel_its_colour(library: object) -> None:
    """FORCE_COLOR= (set, empty) counts as unset (force-color.org): the tables kept their
    colour on a terminal, but Rich took it for "not a terminal" and `show`'s panel was
    plain."""
    args = ["show", "2401.01055", "--offline", "--no-pager"]
    unset = on_terminal(args, cols=100, rows=200)
    empty = on_terminal(args, cols=100, rows=200, env={"FORCE_COLOR": ""})
    assert unset.code == empty.code == 0
    assert b"\x1b[" in unset.screen
    assert empty.screen == unset.screen


def test_watch_list_breaks_a_long_criterion_between_words(
        papers: Papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns a long name beside a long criterion cut the criterion mid-word
    ("keyword dexterous manipulation and tactile se…"): it goes on under itself, broken
    between words, and the next criterion starts a line of its own."""
    name = "robot-hands-for-the-lab-and-everything-around-them"
    keyword = "dexterous manipulation and tactile sensing for robot hands"
    assert papers("watch", "add", name, "-k", keyword, "--org", "google").exit_code == 0
    for cols in (80, 60):
        lines = listed_on_a_terminal(papers, monkeypatch, cols).splitlines()
        assert all(cell_width(line) <= cols for line in lines), lines
        start = lines[1].index("keyword")
        said = [line[start:].strip() for line in lines[1:]]
        assert "…" not in "".join(said[1:]), lines
        assert " ".join(said[:-1]) == f"keyword {keyword}", lines
        assert said[-1] == "· org google", lines


@pytest.mark.parametrize("argv", [("help", "-h", "today"), ("help", "--help", "today"),
                                  ("help", "today", "-h"), ("help", "-h", "help", "today")])
def test_help_reads_h_anywhere_as_the_help_it_is(papers: Papers, argv: tuple[str, ...]) -> None:
    """`papers help -h today` showed the list of commands, not today's help."""
    result = papers(*argv)
    assert result.exit_code == 0 and result.stdout == papers("today", "--help").stdout


@pytest.mark.parametrize(("argv", "said"), [
    (("help", "-h", "today", "extra"), "extra argument 'extra' — try papers help today"),
    (("help", "--json", "today"), "extra argument '--json' — try papers help today"),
    (("help", "--version"), "extra argument '--version' — try papers help"),
    (("help", "-x", "watch", "add"), "extra argument '-x' — try papers help watch add"),
    (("watch", "help", "-h", "add", "extra"),
     "extra argument 'extra' — try papers help watch add"),
])
def test_help_refuses_an_option_before_the_command(papers: Papers, argv: tuple[str, ...],
                                                   said: str) -> None:
    """An option before the command was "no such option: --json — see 'papers --help'"
    (`--version`: the version), where after it, it is an extra argument."""
    result = papers(*argv)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == f"papers: error: {said}"
    assert re.fullmatch(r"[^\n]{1,80}\n", result.stderr)
