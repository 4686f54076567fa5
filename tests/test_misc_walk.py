"""Small things a walk through the real archive found: each test is what a user typed and
what they saw before it was fixed."""

from __future__ import annotations

import re
import sys

import pytest

from conftest import Home, one_line, write_config

A = "2501.03895"  # in the seed library


@pytest.mark.parametrize("mark, unmark, did, undid, already, was_not", [
    (("hide",), ("unhide",), "hid", "unhid", "already hidden", "was not hidden"),
    (("star", "--offline"), ("unstar",), "starred", "unstarred",
     "already starred", "was not starred"),  # (its record the same: none refreshed)
    (("read",), ("read", "--unread"), "marked", "marked", "already read",
     "was not marked read"),
])
def test_doing_a_mark_twice_is_said_the_same_way_for_every_mark(
        library, mark: tuple[str, ...], unmark: tuple[str, ...], did: str, undid: str,
        already: str, was_not: str) -> None:
    """`papers hide ID` twice said "hid 0 papers (1 already hidden)" but `papers unhide ID`
    twice warned "ID was not hidden" and then said "unhid 0 papers" (unstar the same, star
    "starred 0 papers; 1 already starred"): a no-op is not a warning, and now all six say
    it in one line, naming the papers that were already so (a mistyped id among them)."""
    read = " read" if mark == ("read",) else ""
    unread = " unread" if unmark == ("read", "--unread") else ""
    lines = []
    for args in (mark, mark, unmark, unmark):
        result = library(*args, A)
        assert result.exit_code == 0, result.stderr
        lines.append(one_line(result.stderr))
    assert lines == [f"papers: {did} 1 paper{read}",
                     f"papers: {did} 0 papers{read} ({A} {already})",
                     f"papers: {undid} 1 paper{unread}",
                     f"papers: {undid} 0 papers{unread} ({A} {was_not})"]


ANSI = re.compile(r"\x1b\[[0-9;]*m")
ALIASES = ["orca-2", "orca 2 13b", "orca-math", "microsoft orca", "orca-agentinstruct"]


def test_one_family_is_shown_plainly_with_every_alias(library, home: Home,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers families sam` at 80 columns drew a full-width bar for its one row (a bar
    says nothing with nothing to compare) and cut the aliases to make room ("sam-2,
    segmen…"): one family is now its name, its count and every alias, wrapped whole."""
    from papercli import terminal

    write_config(home, "[families.Orca]\nwords = [\"Orca\"]\naliases = [\""
                 + "\", \"".join(ALIASES) + "\"]\n")
    piped = library("families", "orca")
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout.splitlines() == [
        "Orca: 0 papers",
        "Aliases: " + ", ".join(ALIASES),
        "defined in your config file"]
    assert piped.stderr == "papers: to list its papers: papers search --family Orca\n"
    with monkeypatch.context() as patch:
        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        patch.setenv("PAPERS_PAGER", "")
        patch.setenv("COLUMNS", "40")
        shown = library("families", "orca")
    assert shown.exit_code == 0, shown.stderr
    lines = ANSI.sub("", shown.stdout).splitlines()
    assert "█" not in shown.stdout and "…" not in shown.stdout
    assert all(len(line) <= 40 for line in lines), lines
    assert lines == ["Orca: 0 papers",
                     "Aliases: orca-2, orca 2 13b, orca-math,",
                     "         microsoft orca,",
                     "         orca-agentinstruct",
                     "defined in your config file"]
    table = library("families")  # more than one: the table as before
    assert table.stdout.splitlines()[:2] == ["Model families", table.stdout.splitlines()[1]]
    assert re.match(r"^Family\s+Papers\s+Aliases$", table.stdout.splitlines()[1])


def test_cache_clear_says_how_much_it_deletes_and_what_it_keeps(papers, seeded_hub) -> None:
    """`papers cache clear` asked "Delete every cached paper and listing? [y/N]" without
    saying how much that was, or that the user's own marks stay: now it says both."""
    from test_config_edit import answering

    assert papers("today").exit_code == 0
    question = b"Delete 10 cached papers and 1 listing (stars, tags, notes stay)? [y/N]"
    code, shown, out = answering(["cache", "clear"], {}, question, ["n"], stdout_piped=True)
    assert code == 1 and out == "" and "not cleared" in shown
    assert question.decode() in " ".join(shown.split())


def test_a_no_op_names_a_few_papers_and_counts_more(library) -> None:
    """Which ids were already so matters (a mistyped id among them) while they are few;
    past TALLY_NAMED they are counted, so a piped list keeps the line short."""
    few = ["2401.99991", "2401.99992"]
    many = [f"2401.9999{n}" for n in range(1, 6)]
    assert one_line(library("unstar", *few).stderr) == (
        f"papers: unstarred 0 papers ({', '.join(few)} were not starred)")
    assert one_line(library("unhide", *many).stderr) == (
        "papers: unhid 0 papers (5 were not hidden)")
