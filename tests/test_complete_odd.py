"""Completion of names and dates, and two usage papercuts beside it: `--author` and
`--submitter` offer the library's names (most papers first, any case, hostile names never
offered raw), `--since`/`--until` the words a date takes; `papers help COMMAND extra` is a
usage error naming the extra word; `untag -` with nothing piped says its example as the
sibling commands do ("e.g. papers search …")."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from conftest import Home, one_line, store_papers
from papercli.models import Paper
from papercli.periods import parse_date
from papercli.terminal import cell_width
from test_completion import SHELLS, offered
from test_completion_hostile import clean_answer
from test_completion_shells import Prompt


def values(shell: str, line: str) -> list[str]:
    """The values offered, as the shell puts them on the line (bash's backslashes read)."""
    got = offered(shell, line)
    return [re.sub(r"\\(.)", r"\1", v) for v in got] if shell == "bash" else got


def made_up(n: int, *authors: str, submitter: str | None = None) -> Paper:
    return Paper(id=f"2607.{n:05d}", title=f"An invented paper {n}", authors=authors,
                 published_at=f"2026-07-{1 + n % 28:02d}T00:00:00Z", submitter=submitter)


@pytest.fixture
def names(home: Home) -> None:
    """A library of made-up papers: Ada Lovelace on three, Alan Turing on two, Adam Smith
    and Bob Ross on one; submitted by adalove (twice) and adabot (once)."""
    store_papers(made_up(1, "Ada Lovelace", "Alan Turing", submitter="adalove"),
                 made_up(2, "Ada Lovelace", "Adam Smith", submitter="adalove"),
                 made_up(3, "Ada Lovelace", "Alan Turing", submitter="adabot"),
                 made_up(4, "Bob Ross"))


@pytest.mark.parametrize("shell", SHELLS)
def test_author_names_complete_most_papers_first(names: None, shell: str) -> None:
    assert values(shell, "papers search --author Ad") == ["Ada Lovelace", "Adam Smith"]
    assert values(shell, "papers today --author al") == ["Alan Turing"]  # any case
    assert values(shell, "papers search --author ")[:2] == ["Ada Lovelace", "Alan Turing"]
    assert values(shell, "papers search -a bo") == ["Bob Ross"]
    assert values(shell, "papers search --author zz") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_submitters_complete_with_or_without_an_at(names: None, shell: str) -> None:
    assert values(shell, "papers search --submitter ada") == ["adalove", "adabot"]
    assert values(shell, "papers search --submitter @ada") == ["@adalove", "@adabot"]


@pytest.mark.parametrize("shell", SHELLS)
def test_no_library_offers_no_names_and_says_nothing(home: Home, shell: str) -> None:
    assert values(shell, "papers search --author a") == []
    assert values(shell, "papers search --submitter a") == []


HOSTILE = ["Ad\x1b]52;c;aGVsbG8=\x07x", "Ad\x1b[2Jred", "Ad\u202eevil", "Ad\nra"]
# name -> what is typed before the Tab: each starts its own way, so it is the one offered
ODD = {"Q [bold]Markup[/bold]": "Q", "O'Brien \"Q\"": "O", "Z $(rm -rf ~) & `x`;": "Z",
       "W  two  spaces": "W", "K \\ back": "K", "Ada Lovelace": "ada"}


@pytest.mark.parametrize("shell", SHELLS)
def test_hostile_author_names_are_never_offered(home: Home, shell: str) -> None:
    """A name with a control character or an escape is never offered (nothing of it
    reaches the terminal); the others are."""
    store_papers(made_up(1, *HOSTILE, *ODD, submitter="ad\x1b[31mred"),
                 made_up(2, "Ada Lovelace", submitter="adalove"))
    assert len(clean_answer(shell, "papers search --author Ad")) == 1  # Ada Lovelace
    assert len(clean_answer(shell, "papers search --author ")) == len(ODD)
    assert clean_answer(shell, "papers search --submitter ad") == ["adalove"]


@pytest.fixture
def prompt(home: Home, request: pytest.FixtureRequest) -> Iterator[Prompt]:
    """An interactive shell with papers' completion loaded (test_completion_shells)."""
    session = Prompt(request.param, home)
    yield session
    session.close()


@pytest.mark.parametrize("prompt", SHELLS, indirect=True)
def test_odd_author_names_come_back_as_themselves(home: Home, prompt: Prompt) -> None:
    """Markup, quotes, shell syntax and runs of spaces in a name, completed by a real
    shell, reach papers as the name itself."""
    store_papers(made_up(1, *HOSTILE, *ODD))
    got = {name: prompt.type_line(f"papers search --author {typed}\t") for name, typed
           in ODD.items()}
    assert got == {name: ["search", "--author", name] for name in ODD}
    assert prompt.type_line("papers search --until yes\t") == ["search", "--until",
                                                               "yesterday"]


def test_the_offered_names_find_their_papers(names: None, papers) -> None:  # type: ignore[no-untyped-def]
    found = papers("search", "--author", values("zsh", "papers search --author ada")[0],
                   "--offline", "-q", "-n", "0")
    assert found.exit_code == 0 and len(found.stdout.split()) == 3


@pytest.mark.parametrize("shell", SHELLS)
def test_date_options_offer_the_words_they_take(home: Home, shell: str) -> None:
    words = values(shell, "papers search --since ")
    assert words[:4] == ["today", "yesterday", "this week", "last week"]
    assert {"this month", "last year", "7d", "3mo"} <= set(words)
    for word in words:  # every word offered is one the option takes
        parse_date(word, option="--since", bound="start")
    assert values(shell, "papers today --until la") == ["last week", "last month",
                                                        "last year"]
    assert values(shell, "papers search --until Y") == ["yesterday"]  # any case
    assert values(shell, "papers search --since 12") == ["12d", "12w", "12mo", "12y"]
    assert values(shell, "papers search --since 2026") == []  # a date is typed


@pytest.mark.parametrize("argv", [("help", "today", "extra"), ("help", "watch", "add", "extra"),
                                  ("watch", "help", "add", "extra"),
                                  ("help", "help", "today", "extra")])
def test_help_refuses_a_word_past_the_command(papers, argv: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = papers(*argv)
    named = "watch add" if "watch" in argv else "today"
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == (
        f"papers: error: extra argument 'extra' — try papers help {named}")


def test_help_still_shows_a_command_and_a_group_command(papers) -> None:  # type: ignore[no-untyped-def]
    for argv in (("help", "today", "-h"), ("help", "watch", "add"), ("watch", "help", "add"),
                 ("help", "watch"), ("help", "watch", "help", "add")):
        result = papers(*argv)
        assert result.exit_code == 0 and result.stdout.startswith("Usage: papers"), argv
    # a command that is not one is named as the parser names it, whatever follows it
    unknown = papers("help", "watch", "bogus", "extra")
    assert unknown.exit_code == 2 and "unknown command 'bogus'" in unknown.stderr


def test_help_with_a_long_extra_word_fits_80_columns(papers) -> None:  # type: ignore[no-untyped-def]
    result = papers("help", "today", "x" * 300, "--json")
    line = one_line(result.stderr)
    assert result.exit_code == 2 and line.startswith("papers: error: extra argument 'xxx")
    assert cell_width(line) <= 80 and line.endswith("— try papers help today")
    option = papers("help", "watch", "--json")  # (an option a group's help cannot take)
    assert option.exit_code == 2 and one_line(option.stderr) == (
        "papers: error: extra argument '--json' — try papers help watch")


@pytest.mark.parametrize("verb", ["tag", "untag"])
def test_nothing_piped_into_tag_or_untag_gives_an_example(papers, verb: str) -> None:  # type: ignore[no-untyped-def]
    result = papers(verb, "-", "to-read", input="")
    line = one_line(result.stderr)
    assert result.exit_code == 2 and cell_width(line) <= 80
    assert line == (f"papers: error: no ids piped in — e.g. papers search WORD -q | "
                    f"papers {verb} - TAG")
