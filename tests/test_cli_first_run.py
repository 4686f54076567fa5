"""A new user's first commands, as typed: what they print reads as English and says what
it means."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import TODAY
from hubserver import HubServer, seed_items


def test_new_with_a_limit_of_one_says_the_one_shown_is_seen(papers, hub: HubServer) -> None:
    """`papers new --all -n 1` said "the 1 shown are seen"."""
    hub.set_day(TODAY, seed_items()[:3])
    result = papers("new", "--all", "-n", "1", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.ids) == 1
    assert "; the 1 shown is seen\npapers: 2 left for the next papers new --all\n" in (
        result.stderr)


def test_today_says_whose_today_it_is(papers, hub: HubServer,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Friday evening in California is Saturday in UTC: `papers today` showed Friday's
    listing "(latest; nothing listed on weekends)" and its help never said today is the
    UTC day. The help says so; the listing is the same whatever TZ says."""
    assert "Today is the UTC day" in " ".join(papers("today", "--help").stdout.split())
    friday = TODAY + timedelta(days=2)
    hub.set_day(friday, seed_items()[:2])
    monkeypatch.setenv("PAPERS_NOW", "2026-11-28T01:30:00Z")  # Friday 17:30 in California
    titles = set()
    for tz in ("America/Los_Angeles", "Asia/Tokyo", "UTC"):
        monkeypatch.setenv("TZ", tz)
        titles.add(papers("today").stdout.splitlines()[0])
    assert titles == {f"Daily Papers — {friday} (latest; nothing listed on weekends)"}


@pytest.mark.parametrize(("given", "same"), [
    (("watch", "help"), ("watch", "--help")),
    (("watch", "help", "add"), ("watch", "add", "--help")),
    (("config", "help", "set"), ("config", "set", "--help")),
    (("cache", "help", "info"), ("cache", "info", "--help")),
])
def test_help_after_a_command_group_is_the_help_of_what_follows(
        papers, given: tuple[str, ...], same: tuple[str, ...]) -> None:
    """`papers help watch add` was help and `papers watch help add` "unknown command
    'help'": after a group, help is that group's, as at the top."""
    asked, expected = papers(*given), papers(*same)
    assert asked.exit_code == expected.exit_code == 0, asked.stderr
    assert asked.stdout == expected.stdout and asked.stdout.startswith("Usage: papers")
    assert asked.stderr == ""


def test_a_first_search_with_the_hub_out_of_reach_says_nothing_is_found(papers) -> None:
    """A new user's first search, the Hub out of reach: it said "the library is empty, so
    only the Hub's hits show" just under "searching the local library only", and showed
    none. (The tests' Hub address answers nothing.)"""
    result = papers("search", "llava")
    assert result.exit_code == 0
    assert result.stdout == ""  # (the warning said why there is nothing)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("papers: warning: the Hub refused")
    assert lines[0].endswith("; searching the local library only")
    assert lines[1:] == [
        "papers: the library is empty, so nothing is found yet (papers sync fills it)"]


def test_a_first_search_the_hub_has_nothing_for_says_nothing_is_found(papers,
                                                                        hub: HubServer) -> None:
    """A new user's first search, for words the Hub has no paper for: it said "the library
    is empty, so only the Hub's hits show" over no hits, and nothing else."""
    result = papers("search", "zzqqxx")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "papers: the library is empty, so nothing is found yet (papers sync fills it)"]
    hub.add_paper(seed_items()[0]["paper"])  # LLaMA Beyond English: shown, as said
    found = papers("search", "beyond english", "-q")
    assert found.exit_code == 0 and found.stdout == "2401.01055\n"
    assert "only the Hub's hits show" in found.stderr


@pytest.mark.parametrize("day", ["2026-08-20", "yesterday", "3d"])
def test_today_given_a_date_names_the_command_for_that_day(papers, day: str) -> None:
    """`papers today 2026-08-20` said "got unexpected extra argument(s) (2026-08-20) — see
    --help"; another day's listing is `papers day`, and the line says so."""
    result = papers("today", day)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"papers: error: papers today takes no date — papers day {day} "
                             "lists that day\n")
