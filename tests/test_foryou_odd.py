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
