"""A paper Daily Papers lists on two days keeps one record, the same whichever order the
listings are fetched or imported in: the one of the later listing (its upvotes had moved
on since the first), while each day's listing keeps the paper."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hubserver import HubServer, item_for_day, seed_items

TWICE = "2611.90001"
FIRST, LATER = date(2026, 11, 1), date(2026, 11, 4)  # a Sunday alone, then W45's Wednesday
# (what `papers sync --since 2026-11-01` fetches as two periods: day 11-01 and week W45)


def invented(pid: str, title: str, upvotes: int, comments: int,
             submitter: str = "invented-submitter") -> dict[str, Any]:
    item = copy.deepcopy(seed_items()[0])
    item["paper"].update(id=pid, title=title, upvotes=upvotes,
                         publishedAt="2026-10-30T00:00:00.000Z")
    item["title"] = title
    item["numComments"] = comments
    item["submittedBy"] = {"name": submitter, "fullname": submitter.title()}
    return item


def record(day: date, upvotes: int, comments: int, submitter: str) -> dict[str, Any]:
    """The paper listed twice, as one of its listings has it (each listing its own
    upvotes, comments and submitter, as the Hub's do)."""
    return item_for_day(invented(TWICE, "Invented paper listed twice", upvotes, comments,
                                 submitter), day)


def list_twice(hub: HubServer, first: date = FIRST, later: date = LATER) -> None:
    """One invented paper listed on `first` (3 upvotes) and again on `later` (41
    upvotes), beside one paper of its own on each day."""
    hub.set_day(first, [record(first, 3, 1, "first-submitter"),
                        invented("2611.90002", "Invented paper of the first day", 7, 0)])
    hub.set_day(later, [invented("2611.90003", "Invented paper of the later day", 5, 0),
                        record(later, 41, 4, "later-submitter")])


@pytest.fixture
def twice(hub: HubServer) -> HubServer:
    list_twice(hub)
    return hub


def stored(papers, days: tuple[date, date] = (FIRST, LATER)  # type: ignore[no-untyped-def]
           ) -> list[tuple[str, int, int, str]]:
    """(day, upvotes, comments, submitter) of the paper in each day's listing, read
    offline."""
    out = []
    for day in days:
        result = papers("day", day.isoformat(), "--offline", "--json")
        assert result.exit_code == 0, result.stderr
        [paper] = [p for p in json.loads(result.stdout) if p["id"] == TWICE]
        out.append((day.isoformat(), paper["upvotes"], paper["comments"],
                    paper["submitter"]))
    return out


LATER_RECORD = [("2026-11-01", 41, 4, "later-submitter"),
                ("2026-11-04", 41, 4, "later-submitter")]


@pytest.mark.parametrize("commands", [
    [["day", "2026-11-01"], ["day", "2026-11-04"]],
    [["day", "2026-11-04"], ["day", "2026-11-01", "--refresh"]],
    [["month", "2026-11"]],
    [["month", "2026-11"], ["day", "2026-11-01", "--refresh"]],
    [["day", "2026-11-04"], ["month", "2026-11", "--refresh"]],
    [["sync", "--since", "2026-11-01", "--concurrency", "1"]],
    [["sync", "--since", "2026-11-01", "--concurrency", "1"],
     ["day", "2026-11-01", "--refresh"]],
], ids=["first-then-later", "later-then-first", "month", "month-then-first",
        "later-then-month", "sync", "sync-then-first"])
def test_the_later_listing_record_is_kept_in_every_order(
        papers, twice: HubServer, commands: list[list[str]]) -> None:
    for argv in commands:
        result = papers(*argv, "--json")
        assert result.exit_code == 0, result.stderr
    assert stored(papers) == LATER_RECORD


@pytest.mark.parametrize("commands", [
    [["week", "2026-W45"]],
    [["week", "2026-W45"], ["day", "2026-11-02", "--refresh"]],
    [["day", "2026-11-04"], ["week", "2026-W45", "--refresh"]],
], ids=["week", "week-then-first", "later-then-week"])
def test_a_week_listing_a_paper_on_two_of_its_days_keeps_the_later_record(
        papers, hub: HubServer, commands: list[list[str]]) -> None:
    first = date(2026, 11, 2)  # W45's Monday
    list_twice(hub, first, LATER)
    for argv in commands:
        result = papers(*argv, "--json")
        assert result.exit_code == 0, result.stderr
    assert stored(papers, (first, LATER)) == [("2026-11-02", 41, 4, "later-submitter"),
                                              ("2026-11-04", 41, 4, "later-submitter")]


@pytest.mark.parametrize("workers", ["1", "4"])
def test_a_refresh_of_an_unchanged_range_updates_nothing(
        papers, twice: HubServer, workers: str) -> None:
    """The two listings in two periods of one sync: a --refresh said "1 paper updated"
    every time (the first listing's record written over the later one's, then back)."""
    first = papers("sync", "--since", "2026-11-01", "--concurrency", workers, "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 3
    for _ in range(2):
        again = papers("sync", "--since", "2026-11-01", "--refresh", "--concurrency", workers,
                       "--json")
        assert again.exit_code == 0, again.stderr
        data = json.loads(again.stdout)
        assert (data["added"], data["updated"], data["unchanged"]) == (0, 0, 3), data
        assert "updated" not in again.stderr
    assert stored(papers) == LATER_RECORD


@pytest.mark.parametrize("order", ["file-order", "reversed"])
def test_an_import_keeps_the_later_listing_record_in_either_order(
        papers, home, tmp_path: Path, order: str) -> None:  # type: ignore[no-untyped-def]
    items = [record(FIRST, 3, 1, "first-submitter"), record(LATER, 41, 4, "later-submitter")]
    if order == "reversed":
        items.reverse()
    source = tmp_path / "items.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    result = papers("import", str(source))
    assert result.exit_code == 0, result.stderr
    assert stored(papers) == LATER_RECORD


@pytest.mark.parametrize("workers", ["1", "4"])
def test_a_paper_changed_by_its_second_listing_is_counted_updated(
        papers, twice: HubServer, workers: str) -> None:
    """The library has the paper as its first listing had it; a sync of both periods
    finds it as stored in the first and changes it in the second (41 upvotes, not 3):
    the summary said "1 added, 2 unchanged", the change counted nowhere."""
    first = papers("sync", "--since", "2026-11-01", "--until", "2026-11-01", "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 2
    again = papers("sync", "--since", "2026-11-01", "--refresh", "--concurrency", workers,
                   "--json")
    assert again.exit_code == 0, again.stderr
    data = json.loads(again.stdout)
    assert (data["added"], data["updated"], data["unchanged"]) == (1, 1, 1), data
    assert stored(papers) == LATER_RECORD
    said = papers("sync", "--since", "2026-11-01", "--refresh", "--concurrency", workers)
    assert said.exit_code == 0, said.stderr
    assert "3 papers unchanged" in said.stderr  # (and changed by no later listing)


def test_a_paper_twice_in_one_answer_is_counted_once(papers, hub: HubServer) -> None:
    """One week's answer listing the paper on two of its days, the library holding the
    first day's record: one paper, changed once (whichever entry comes first)."""
    monday = date(2026, 11, 2)  # W45's
    list_twice(hub, monday, LATER)
    first = papers("day", monday.isoformat(), "--json")
    assert first.exit_code == 0, first.stderr
    again = papers("sync", "--since", "2026-11-02", "--until", "2026-11-08", "--json")
    assert again.exit_code == 0, again.stderr
    data = json.loads(again.stdout)
    assert (data["added"], data["updated"], data["unchanged"]) == (1, 1, 1), data
