"""`--explain` on a terminal names the closest starred paper with as much of its title as
the line has room for: a title longer than the room gave the id alone, where a wide
terminal had dozens of columns to spare (at 200 columns, "closest starred: 2608.99011
(0.12)" beside 50 empty columns)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Papers
from test_ranking import import_topics
from test_ranking_taste import star_long_titled

REASON = re.compile(r"\d+\. \d{4}\.\d{5}: ")
CLOSEST = re.compile(r"(closest starred: \d{4}\.\d{5}) (.+)( \(\d\.\d\d\))$")


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def closest_titles(lib: Papers, room: int) -> tuple[list[str], list[str]]:
    """`for-you --explain -n 3` on a terminal wide enough for its longest line with `room`
    columns of the closest paper's title (measured from the piped lines, cut at 60): each
    line's title, and the lines, checked to fit the width and to name the paper."""
    from test_terminal import on_pty

    piped = lib("for-you", "--explain", "-n", "3")
    assert piped.exit_code == 0, piped.stderr
    reasons = [line for line in piped.stdout.splitlines() if REASON.match(line)]
    matched = [m for line in reasons if (m := CLOSEST.search(line))]
    assert len(reasons) == len(matched) == 3, piped.stdout
    bare = max(len(line) - len(m.group(2)) - 1 for line, m in zip(reasons, matched, strict=True))
    cols = bare + room
    code, shown, err = on_pty("for-you", "--explain", "-n", "3", "--no-pager", cols=cols,
                              env={"NO_COLOR": "1", "TERM": "xterm"})
    assert code == 0, err
    lines = [line for line in shown.splitlines() if REASON.match(line)]
    assert len(lines) == 3 and all(len(line) <= cols for line in shown.splitlines()), shown
    titles = []
    for line in lines:
        found = CLOSEST.search(line)
        assert found, line  # the paper is named with a title, not by its id alone
        titles.append(found.group(2))
    return titles, lines


def test_a_title_longer_than_the_room_is_cut_to_it_not_dropped(
        lib: Papers, tmp_path: Path) -> None:
    long_title = star_long_titled(lib, tmp_path)
    # A terminal with room for the line and 30 columns of title: less than the 60 a pipe
    # gives it, more than enough to name the paper.
    titles, lines = closest_titles(lib, 30)
    for title, line in zip(titles, lines, strict=True):
        assert title.endswith("…") and long_title.startswith(title[:-1]), line
        assert len(title) >= 20, line


# Many short words: a cut between words lands within a few characters of any room.
SHORT_WORDS = ("Robot grasping with a gripper and an arm: we do it by hand, so to say, "
               "as it is in the lab of an old team, to be or not to be, and so on to the end")


def test_a_wide_terminal_gives_the_title_more_than_a_pipes_60(
        lib: Papers, tmp_path: Path) -> None:
    """With room for more than 60 characters of a title but not all of it, the line cut
    it at 60, a pipe's cut, leaving the rest of the room empty: it fills the room."""
    star_long_titled(lib, tmp_path, SHORT_WORDS)
    # (room for 100 of the title: more than 60, less than all of it)
    titles, lines = closest_titles(lib, 100)
    for title, line in zip(titles, lines, strict=True):
        assert title.endswith("…") and SHORT_WORDS.startswith(title[:-1]), line
        assert len(title) > 90, line  # (a pipe's cut: at most 60 and the ellipsis)
