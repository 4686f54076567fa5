"""`tags --rename` as a demanding user finds it: a rename onto a tag other papers carry,
long names said in 80 columns."""

from __future__ import annotations

from typing import Any

from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item
from papercli.terminal import cell_width

IDS = [parse_item(item).id for item in seed_items()]
A, B, C = IDS[0], IDS[1], IDS[2]


def test_rename_onto_a_tag_other_papers_carry_says_they_merged(library: Any) -> None:
    """git branch -m refuses a name taken; `tags -m ml video` merges, and said only
    "renamed ml to video on 1 paper", as if video were new."""
    assert library("tag", A, "ml").exit_code == 0
    assert library("tag", B, C, "video").exit_code == 0
    renamed = library("tags", "-m", "ml", "video")
    assert renamed.exit_code == 0, renamed.stderr
    assert one_line(renamed.stderr) == ("papers: renamed ml to video on 1 paper (merged into "
                                        "video: 3 papers now)")
    assert library("tags", "--json").json == [{"tag": "video", "papers": 3}]


def test_rename_of_a_branch_onto_existing_tags_says_they_merged(library: Any) -> None:
    assert library("tag", A, "ab/c").exit_code == 0
    assert library("tag", B, "ab", "cd/c").exit_code == 0
    renamed = library("tags", "-m", "ab", "cd")
    assert renamed.exit_code == 0, renamed.stderr
    line = one_line(renamed.stderr)
    assert line == "papers: renamed ab to cd and ab/c to cd/c on 2 papers (1 tag merged)", line
    assert cell_width(line) <= 80


def test_rename_to_a_long_tag_names_both_cut_short(library: Any) -> None:
    """A 64-character NEW made the line "renamed 1 tag on 1 paper", naming neither."""
    long = "deep-reinforcement-learning-for-robotic-manipulation-in-the-wild"
    assert library("tag", A, "rl").exit_code == 0
    renamed = library("tags", "-m", "rl", long)
    assert renamed.exit_code == 0, renamed.stderr
    line = one_line(renamed.stderr)
    assert line == "papers: renamed 'rl' to 'deep-reinforceme…' on 1 paper"
    assert cell_width(line) <= 80


def test_rename_of_a_branch_a_paper_had_both_of_still_says_it_merged(library: Any) -> None:
    """`-m cd video` where a paper had cd and video: "(1 merged into tags the papers had)"
    did not fit 80 columns, and the line dropped the merge."""
    assert library("tag", A, "cd", "video").exit_code == 0
    assert library("tag", B, "cd/c", "video").exit_code == 0
    renamed = library("tags", "-m", "cd", "video")
    assert renamed.exit_code == 0, renamed.stderr
    line = one_line(renamed.stderr)
    assert line == "papers: renamed cd to video and cd/c to video/c on 2 papers (1 tag merged)"
    assert cell_width(line) <= 80


def test_delete_of_a_long_tag_is_said_in_80_columns(library: Any) -> None:
    """`tags -d` of a 64-character tag made "papers: took … off 2 papers" 90 columns."""
    long = "deep-reinforcement-learning-for-robotic-manipulation-in-the-wild"
    assert library("tag", A, B, long).exit_code == 0
    deleted = library("tags", "-d", long)
    assert deleted.exit_code == 0, deleted.stderr
    assert one_line(deleted.stderr) == "papers: took 'deep-reinforcement-l…' off 2 papers"
    assert library("tags", "--json").json == []
