"""`papers hide` hides: hidden papers leave every listing (the view layer drops them once
for every command), `--hidden` brings them back marked, and an unknown id is an error."""

from __future__ import annotations

import csv
import io
import json

from conftest import Home, one_line
from hubserver import HubServer

A = "2501.03895"  # LLaVA-Mini, listed today by seeded_hub
B = "2401.01055"  # LLaMA Beyond English, listed today


def _row(stdout: str, pid: str) -> str:
    (line,) = [line for line in stdout.splitlines() if pid in line]
    return line


def test_a_hidden_paper_leaves_today_and_comes_back_marked_with_hidden(
        papers, seeded_hub: HubServer) -> None:
    before = papers("today", "--json")
    assert before.exit_code == 0, before.stderr
    assert A in [p["id"] for p in json.loads(before.stdout)]
    hid = papers("hide", A)
    assert hid.exit_code == 0, hid.stderr
    assert one_line(hid.stderr) == "papers: hid 1 paper"

    after = papers("today", "--json")
    assert after.exit_code == 0, after.stderr
    assert A not in [p["id"] for p in json.loads(after.stdout)]
    assert len(json.loads(after.stdout)) == len(json.loads(before.stdout)) - 1
    table = papers("today")
    assert A not in table.stdout and B in table.stdout
    # the caption counts what is shown
    assert f"{len(json.loads(before.stdout)) - 1} papers" in table.stdout

    shown = json.loads(papers("today", "--hidden", "--json").stdout)
    flags = {p["id"]: p.get("hidden") for p in shown}
    assert flags[A] is True and flags[B] is None  # only the hidden one says so
    piped = papers("today", "--hidden")
    assert "× " in _row(piped.stdout, A) and "×" not in _row(piped.stdout, B)


def test_a_listing_says_how_many_of_its_papers_are_hidden(
        papers, seeded_hub: HubServer) -> None:
    """A listing counted "22 papers" of a day the Hub listed 23 on, with nothing said of
    the one hidden: said as `starred` says its own, once, on stderr."""
    listed = len(json.loads(papers("today", "--json").stdout))
    assert papers("hide", A).exit_code == 0
    table = papers("today")
    assert f"{listed - 1} papers" in table.stdout
    assert one_line(table.stderr) == "papers: 1 listed paper is hidden (--hidden lists it)"
    assert papers("hide", B).exit_code == 0
    day = papers("day", "2026-11-25", "-q")
    assert len(day.stdout.split()) == listed - 2
    assert one_line(day.stderr) == "papers: 2 listed papers are hidden (--hidden lists them)"
    # --hidden lists them (marked): nothing is short, nothing said; nor where none passes
    # the filters but the hidden ones (that is the one paper to list, said as before).
    assert papers("today", "--hidden").stderr == ""
    only = papers("today", "-k", "beyond english", "--offline")
    assert one_line(only.stderr) == "papers: the one paper to list is hidden (--hidden lists it)"


def test_hidden_papers_leave_day_search_library_starred_and_export(
        papers, seeded_hub: HubServer) -> None:
    assert papers("today").exit_code == 0
    assert papers("star", A, B).exit_code == 0
    assert papers("hide", A).exit_code == 0
    for argv in (("day", "2026-11-25", "--json"), ("search", "--json"),
                 ("search", "LLaVA", "--json"), ("starred", "--json"),
                 ("export", "--format", "json"), ("export", "-n", "3", "--format", "json")):
        result = papers(*argv)
        assert result.exit_code == 0, (argv, result.stderr)
        got = [p["id"] for p in json.loads(result.stdout)]
        assert A not in got, argv
        assert got, argv
        back = json.loads(papers(*argv, "--hidden").stdout)
        if argv[0] != "export" or "-n" not in argv:
            assert any(p["id"] == A and p["hidden"] is True for p in back), argv
    # A page picked in SQL still fills its limit.
    assert len(json.loads(papers("search", "-n", "5", "--json").stdout)) == 5
    assert len(json.loads(papers("export", "-n", "5", "--format", "json").stdout)) == 5
    ids = csv.DictReader(io.StringIO(papers("export", "--format", "csv").stdout))
    assert A not in {row["id"] for row in ids}


def test_hiding_a_starred_paper_says_it_leaves_the_reading_list(
        papers, seeded_hub: HubServer) -> None:
    """The reading list is the user's own: a starred paper that a hide takes off it is
    said, by `hide` and by `starred` (whose unread count leaves it out too)."""
    assert papers("today").exit_code == 0
    assert papers("star", A, B).exit_code == 0
    hid = papers("hide", A)
    assert one_line(hid.stderr) == (
        f"papers: hid 1 paper; {A} is starred: papers starred --hidden lists it")
    listed = papers("starred")
    assert one_line(listed.stderr) == "papers: 1 starred paper is hidden (--hidden lists it)"
    assert "1 starred · 1 unread" in listed.stdout and A not in listed.stdout
    everything = papers("starred", "--hidden")
    assert everything.stderr == "" and "2 starred · 2 unread" in everything.stdout
    # A hidden already is said, as `star` says a starred one: the line dropped it for the
    # aside on B (in 80 columns: 96 with both whole; the ids counted, as `star` counts)
    assert one_line(papers("hide", A, B).stderr) == (
        "papers: hid 1 paper (1 already hidden); it is starred (papers starred --hidden)")
    assert one_line(papers("starred").stderr) == (
        "papers: 2 starred papers are hidden (--hidden lists them)")
    assert one_line(papers("hide", B).stderr) == f"papers: hid 0 papers ({B} already hidden)"


def test_unhide_brings_a_paper_back(papers, seeded_hub: HubServer) -> None:
    assert papers("today").exit_code == 0
    assert papers("hide", A).exit_code == 0
    assert papers("unhide", A).exit_code == 0
    assert A in papers("today").stdout


def test_hiding_an_unknown_id_is_an_error_naming_it(papers, seeded_hub: HubServer,
                                                   home: Home) -> None:
    result = papers("hide", "2412.99995")
    assert result.exit_code == 1
    assert "2412.99995" in one_line(result.stderr)
    assert result.stdout == ""
    assert "hid" not in result.stderr
    # The known id given alongside is hidden all the same (as `tag`, `read` and `star`
    # act on what they can), and the unknown one named after it, exit 1.
    assert A in papers("today").stdout
    mixed = papers("hide", A, "2412.99995")
    assert mixed.exit_code == 1
    said, error = mixed.stderr.splitlines()
    assert said == "papers: hid 1 paper" and "2412.99995" in error and A not in error
    assert A not in papers("today").stdout


def test_listings_without_a_user_database_create_none(papers, seeded_hub: HubServer,
                                                      home: Home) -> None:
    assert papers("today").exit_code == 0
    assert not (home.data / "papercli" / "user.db").exists()


def test_the_librarys_count_leaves_every_hidden_paper_out_at_any_limit(library) -> None:
    """`papers search` without words counts in SQL, hidden papers too: the count lost a
    hidden paper only when it fell on the page, so `-n 1` said one more than `-n 19`."""
    everything = library("search", "--offline", "-n", "0", "-q").stdout.split()
    assert len(everything) == 19
    assert library("hide", everything[-1]).exit_code == 0  # the oldest: never on a page
    for limit in ("1", "5", "17"):
        caption = library("search", "--offline", "-n", limit).stdout.splitlines()[-1]
        assert caption.startswith(f"{limit} of 18 papers"), caption
    for sort in ("upvotes", "relevance"):
        caption = library("search", "--offline", "-n", "2", "--sort", sort).stdout
        assert "2 of 18 papers" in caption.splitlines()[-1], caption
    assert len(library("search", "--offline", "-n", "0", "-q").stdout.split()) == 18
    shown = library("search", "--offline", "-n", "1", "--hidden").stdout.splitlines()[-1]
    assert shown.startswith("1 of 19 papers"), shown
