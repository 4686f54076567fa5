"""Taste per tag: `for-you --tag TAG` ranks by the papers carrying the tag (it seeds the
taste instead of narrowing the candidates), and tagged papers count as positives for the
plain `for-you` too.

The library is test_ranking's four topics (own vocabularies over shared filler), so which
papers a taste must put first is known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_ranking import ids_of, import_topics, star


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def tag(papers, tag_name: str, *pids: str) -> None:  # type: ignore[no-untyped-def]
    result = papers("tag", "--ids", ",".join(pids), tag_name)
    assert result.exit_code == 0, result.stderr


def scores(result) -> dict[str, float]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return {p["id"]: p["score"] for p in json.loads(result.stdout)}


def test_two_tags_give_two_lists_ranked_by_their_papers(lib) -> None:
    # Stars on a third topic: --tag ranks by the tag's papers, not by the stars.
    star(lib, *ids_of("finance", recent=False)[:4])
    robots, voice = ids_of("robot", recent=False)[:3], ids_of("speech", recent=False)[:3]
    tag(lib, "robots", *robots)
    tag(lib, "voice", *voice)
    by_robots = lib("for-you", "--tag", "robots", "--json", "-n", "6")
    by_voice = lib("for-you", "--tag", "Voice", "--json", "-n", "6")  # case-folded
    assert by_robots.exit_code == 0 and by_voice.exit_code == 0, (
        by_robots.stderr + by_voice.stderr)
    assert set(by_robots.ids) == set(ids_of("robot", recent=True))
    assert set(by_voice.ids) == set(ids_of("speech", recent=True))
    # It seeds, it does not narrow: the tagged papers themselves are not what is shown.
    assert not set(by_robots.ids) & set(robots)
    table = lib("for-you", "--tag", "robots", "-n", "3")
    assert "tagged robots" in table.stdout
    explained = lib("for-you", "--tag", "voice", "--explain", "-n", "2")
    assert explained.exit_code == 0, explained.stderr
    assert any(f"closest tagged: {pid}" in explained.stdout for pid in voice)


def test_a_tagged_paper_counts_as_a_positive_for_plain_for_you(lib) -> None:
    star(lib, *ids_of("finance", recent=False)[:3])
    protein = ids_of("protein", recent=True)
    before = scores(lib("for-you", "--json", "-n", "0"))
    tagged = ids_of("protein", recent=False)[:2]
    tag(lib, "later", *tagged)  # tagged, never starred
    after = scores(lib("for-you", "--json", "-n", "0"))
    assert all(after[pid] > before[pid] for pid in protein)
    assert not set(after) & set(tagged)  # like a starred paper, not recommended back
    top = lib("for-you", "--json", "-n", "12").ids
    assert set(protein) <= set(top)
    explained = lib("for-you", "--explain", "-n", "12")
    assert any(f"closest tagged: {pid}" in explained.stdout for pid in tagged)


def test_an_unknown_or_bad_tag_is_a_clear_usage_error(lib) -> None:
    star(lib, *ids_of("finance", recent=False)[:3])
    tag(lib, "robots", *ids_of("robot", recent=False)[:3])
    unknown = lib("for-you", "--tag", "nope")
    assert unknown.exit_code == 2
    assert "no paper is tagged 'nope'" in unknown.stderr and "robots" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    bad = lib("for-you", "--tag", "two words")
    assert bad.exit_code == 2 and "is not a tag" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_too_few_tagged_papers_say_so_and_fall_back(lib) -> None:
    tag(lib, "one", ids_of("robot", recent=False)[0])
    result = lib("for-you", "--tag", "one", "-n", "3")
    assert result.exit_code == 0, result.stderr
    assert "tagged one" in result.stderr and "most upvoted first" in result.stderr


def test_too_few_papers_of_a_tag_and_a_watch_says_both(lib) -> None:
    """--tag with --watch ranks by the tagged papers the watch matches; with too few,
    the note named the tag alone ("tagged robots (you have 1…)"), though the tag had 3."""
    robots = ids_of("robot", recent=False)[:3]
    tag(lib, "robots", *robots)
    assert lib("watch", "add", "voice", "-k", "speech").exit_code == 0
    alone = lib("for-you", "--tag", "robots", "-n", "2")
    assert alone.exit_code == 0 and "relevance needs" not in alone.stderr
    both = lib("for-you", "--tag", "robots", "--watch", "voice", "-n", "2")
    assert both.exit_code == 0, both.stderr
    assert ("relevance by the watch voice needs 3 papers tagged robots it matches\n"
            "papers: you have") in both.stderr


def test_too_few_papers_say_what_would_add_one(lib) -> None:
    """The note suggested `papers star ID` whatever chose the papers: under --tag only a
    paper carrying the tag counts (a star adds nothing), so it says to tag one; under
    --watch, to star one the watch matches (named as stored, whatever case was typed)."""
    tag(lib, "one", ids_of("robot", recent=False)[0])
    assert lib("watch", "add", "Voice", "-k", "speech").exit_code == 0
    tagged = lib("for-you", "--tag", "one", "-n", "2")
    assert tagged.exit_code == 0, tagged.stderr
    assert "tag papers you like with papers tag ID one" in tagged.stderr
    assert "papers star ID" not in tagged.stderr
    assert "relevance needs 3 papers tagged one; you have 1" in tagged.stderr
    watched = lib("for-you", "--watch", "voice", "-n", "2")
    assert watched.exit_code == 0, watched.stderr
    assert "by the watch Voice needs 3 starred or read papers it matches\npapers: you have 0" \
        in watched.stderr
    assert "star those you like with papers star ID" in watched.stderr
    both = lib("for-you", "--tag", "one", "--watch", "voice", "-n", "2")
    assert both.exit_code == 0, both.stderr
    assert "by the watch Voice needs 3 papers tagged one it matches\npapers: you have" \
        in both.stderr
    assert "tag those you like with papers tag ID one" in both.stderr


def test_a_tag_and_a_watch_name_the_watch_as_stored(lib) -> None:
    """`--tag T --watch w` spelt the watch as typed in the caption ("matching the watch
    voice") where `--watch w` alone says its stored name ("Voice")."""
    tag(lib, "talk", *ids_of("speech", recent=False)[:3])
    assert lib("watch", "add", "Voice", "-k", "speech").exit_code == 0
    alone = lib("for-you", "--watch", "voice", "-n", "2")
    both = lib("for-you", "--tag", "talk", "--watch", "voice", "-n", "2")
    assert alone.exit_code == 0 and both.exit_code == 0, alone.stderr + both.stderr
    assert "· watch Voice" in alone.stdout
    assert "tag talk · watch Voice" in both.stdout
    assert "watch voice" not in both.stdout + both.stderr


def test_for_you_help_says_tag_chooses_the_taste(papers) -> None:  # type: ignore[no-untyped-def]
    """`for-you --help` listed --tag as "Only papers you tagged TAG", the opposite of what
    it does there (the command's own text: it chooses the taste, it does not narrow);
    --since and --until named fewer of the forms they take than every listing's; --watch
    left out the tagged papers it learns from."""
    shown = " ".join(papers("for-you", "--help").stdout.split())
    assert "Only papers you tagged TAG" not in shown
    assert "Rank by the papers you tagged TAG or a tag under it, instead of your stars" in shown
    assert "aug 2026" in shown and "last week" in shown and "its last day" in shown
    # --watch counts the tagged papers it matches too (the command's text said so, the
    # option's did not)
    assert "starred, read and tagged papers this watch matches only" in shown
    listing = " ".join(papers("week", "--help").stdout.split())
    assert "Only papers you tagged TAG" in listing
