"""for-you, related and show's "For you" line at their odd ends: what a user reading them
side by side would find told differently. The library is test_ranking's four topics."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from test_ranking import ids_of, import_topics, star


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def test_show_says_the_score_for_you_gives_the_paper(lib) -> None:  # type: ignore[no-untyped-def]
    """`show`'s "For you" line gave the terms but no score, so a weak fit read as a
    strong one; it opens with the score `for-you`'s table gives (Rel), and JSON and JSON
    Lines carry it as "score", the number `for-you --json` gives."""
    star(lib, *ids_of("robot", recent=False)[:4])
    ranked = json.loads(lib("for-you", "--json", "-n", "0").stdout)
    score = {p["id"]: p["score"] for p in ranked}
    robot, speech = ids_of("robot", recent=True)[0], ids_of("speech", recent=True)[0]
    assert score[robot] > score[speech]
    for pid in (robot, speech):
        shown = lib("show", pid, "--offline")
        assert shown.exit_code == 0, shown.stderr
        flat = " ".join(re.sub(r"[│\s]+", " ", shown.stdout).split())
        assert f"For you: Rel {round(score[pid] * 100)} · " in flat, shown.stdout
        one = json.loads(lib("show", pid, "--offline", "--json").stdout)
        assert one["score"] == score[pid] and one["why"]["terms"], one
        line = json.loads(lib("show", pid, "--offline", "-f", "jsonl").stdout)
        assert line["score"] == score[pid] and line["why"] == one["why"]
    several = json.loads(lib("show", robot, speech, "--offline", "--json").stdout)
    assert [p["score"] for p in several] == [score[robot], score[speech]]


def test_show_has_no_score_before_there_is_a_taste(lib) -> None:  # type: ignore[no-untyped-def]
    pid = ids_of("robot", recent=True)[0]
    star(lib, *ids_of("robot", recent=False)[:2])  # one short of a taste
    one = json.loads(lib("show", pid, "--offline", "--json").stdout)
    assert "score" not in one and "why" not in one
    assert "For you" not in lib("show", pid, "--offline").stdout


def test_an_empty_related_list_names_the_filters_that_emptied_it(lib) -> None:  # type: ignore[no-untyped-def]
    """`related ID -k WORD` with no paper left said "none of the papers most like this one
    matches the filters" of filters just typed: it names them, as for-you and every
    listing's no-match line do, and fits 80 columns when they are many."""
    robot = ids_of("robot", recent=True)
    two = lib("related", *robot[:2], "-k", "zyzzyva", "--offline")
    assert two.exit_code == 0 and two.stdout == "", two.stderr
    assert two.stderr == "papers: none of the papers most like these contains the word zyzzyva\n"
    assert lib("tag", "--offline", robot[2], "robotics").exit_code == 0
    tagged = lib("related", robot[0], "-k", "zyzzyva", "--tag", "robotics", "--offline")
    assert tagged.stderr == ("papers: none most like this one contains the word zyzzyva and "
                             "is tagged robotics\n")
    many = lib("related", robot[0], "-k", "zyzzyva", "--tag", "robotics", "--has-code",
               "--author", "Maximilian Alexander Throckmorton", "--offline")
    assert many.stderr == "papers: none of the papers most like this one passes the filters\n"


@pytest.mark.parametrize(("tags", "said"), [
    (["arms/grippers"], "most upvoted first for now; papers tag ID arms/grippers tags one"),
    (["robots", "arms/grippers/soft"],
     "most upvoted first for now; papers tag ID robots arms/grippers/soft")])
def test_too_few_tagged_papers_give_the_tag_command_on_one_line(
        lib, tags: list[str], said: str) -> None:  # type: ignore[no-untyped-def]
    """With too few papers carrying --tag, the note's `papers tag ID TAG` ran past 80
    columns with a tag of 13 characters, or two tags, and was broken across two lines
    (copied from the first, it tagged with part of them): said shorter, it stays whole."""
    assert lib("tag", "--offline", ids_of("robot", recent=False)[0], *tags).exit_code == 0
    args = [a for t in tags for a in ("--tag", t)]
    result = lib("for-you", *args, "-n", "1")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"papers: {said}" in lines, result.stderr
    assert all(len(line) <= 80 for line in lines), result.stderr
