"""Empty states: a command with nothing to list prints nothing on stdout (as gh's lists do:
`papers starred | wc -l` is 0), and says why on stderr, once. A format asked for (JSON)
is still the document it is: `[]`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, one_line, store_papers
from hubserver import HubServer
from papercli.terminal import cell_width


@pytest.mark.parametrize(("args", "said"), [
    (("starred",), "no starred papers yet: papers star ID adds one (s in papers browse)"),
    (("for-you",), "the library is empty, so nothing is ranked yet (papers sync fills it)"),
    (("search", "llava", "--offline"),
     "the library is empty, so nothing is found yet (papers sync fills it)"),
    (("watch", "list"), "no watches yet: papers watch add llava --family LLaVA adds one"),
    (("orgs",), "the library is empty, so no organization is named (papers sync fills it)"),
    (("trends",), "the library is empty, so nothing is charted yet (papers sync fills it)"),
    (("families",), "the library is empty, so no family has papers yet (papers sync fills it)"),
    (("tags",), "no tags yet (papers tag ID TAG)"),
], ids=" ".join)
def test_an_empty_state_leaves_stdout_empty_and_says_why_on_stderr(
        papers, home: Home, args: tuple[str, ...], said: str) -> None:  # type: ignore[no-untyped-def]
    """Before: starred printed "Starred papers" and "No papers." on stdout, watch list and
    orgs their sentence there, while tags said its own on stderr."""
    done = papers(*args)
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    line = one_line(done.stderr)
    assert line == f"papers: {said}"
    assert cell_width(line) <= 80, line


def test_kept_copies_in_relevance_order_of_an_empty_library_say_their_order(
        papers, seeded_hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """After `cache clear`, `search --starred -s relevance` lists your starred papers'
    kept copies, most upvoted first, under "nothing is ranked yet" alone: the order is
    said as for-you says it with too few stars. for-you, with nothing to list, keeps
    its one line."""
    listed = json.loads(papers("today", "--json").stdout)
    ids = [p["id"] for p in listed[:3]]
    assert papers("star", *ids).exit_code == 0
    assert papers("cache", "clear", "--yes").exit_code == 0
    said = ("papers: the library is empty, so nothing is ranked yet (papers sync fills it)\n"
            "papers: most upvoted first for now\n")
    for args in (("search", "--starred", "-s", "relevance", "--offline"),
                 ("starred", "-s", "relevance")):
        done = papers(*args, "-q")
        assert done.exit_code == 0, done.stderr
        assert sorted(done.stdout.split()) == sorted(ids), args
        assert done.stderr == said, args
    fy = papers("for-you")
    assert fy.stdout == "" and one_line(fy.stderr) == (
        "papers: the library is empty, so nothing is ranked yet (papers sync fills it)")


def test_orgs_and_trends_of_an_empty_library_say_it_as_the_others_do(
        papers, home: Home) -> None:  # type: ignore[no-untyped-def]
    """orgs said "no organizations in the library yet (the Hub names them since
    2025-10)", read as the Hub's limit, and trends "no papers since 2026-06-01 (papers
    sync --since 2026-06-01 fetches them)", where search, for-you, export and families
    say the library is empty: they do too, in the same words. A library with papers
    keeps their own lines: none of its papers names an organization, none is in the
    range."""
    for args in (("orgs",), ("orgs", "bytedance"), ("trends",), ("trends", "--json"),
                 ("trends", "--since", "2019-08-01", "--until", "2020-01-31")):
        done = papers(*args)
        assert done.exit_code == 0, done.stderr
        assert one_line(done.stderr).startswith("papers: the library is empty, so "), args
    from papercli.models import Paper

    store_papers(Paper(id="1001.0001", title="No organization",
                       published_at="2010-01-04T00:00:00Z"))
    assert one_line(papers("orgs").stderr) == (
        "papers: no organizations in the library yet (the Hub names them since 2025-10)")
    assert one_line(papers("trends").stderr) == (
        "papers: no papers since 2026-06-01 (papers sync --since 2026-06-01 fetches them)")


def test_an_empty_listing_without_a_reason_says_none_on_stderr(
        papers, hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """A weekday the Hub listed nothing on: the title and "No papers." were the table on
    stdout; now stderr says it, and --json is still the empty list. Said as every other
    empty line is, a lower-case sentence: it was the title's "Daily Papers — 2026-08-04:
    no papers"."""
    hub.set_day("2026-08-04", [])
    done = papers("day", "2026-08-04")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    assert one_line(done.stderr) == "papers: nothing was listed on 2026-08-04"
    as_json = papers("day", "2026-08-04", "--json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []


@pytest.mark.parametrize("args", [("week", "2026-W30"), ("month", "2026-06")], ids=" ".join)
def test_a_past_week_or_month_with_nothing_listed_says_so_in_the_same_words(
        papers, hub: HubServer, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """It said "Weekly Papers — 2026-W30: no papers" (the table's title, capitalised)."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == f"papers: nothing was listed in {args[1]}"


@pytest.mark.parametrize("args", [("today",), ("week",), ("month",)], ids=" ".join)
def test_a_listing_the_filters_emptied_says_so_once(
        papers, seeded_hub: HubServer, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("table", "json"):
        done = papers(*args, "-k", "zzyzx", "-f", fmt)
        assert done.exit_code == 0, done.stderr
        assert done.stdout == ("" if fmt == "table" else "[]\n")
        line = one_line(done.stderr)
        assert line.startswith("papers: none of the ") and line.endswith(
            " listed papers contains the word zzyzx (try papers search)"), line


def test_a_search_that_finds_nothing_says_so_in_lower_case(
        papers, seeded_hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """It said "Search: zzyzx: no papers": the table's title, capital S and two colons,
    where every other empty line is a sentence. (Said after a warning on the query too,
    which never says whether anything matched. --json is `[]`, as it was.)"""
    papers("today")  # (a library that has papers: not "the library is empty")
    done = papers("search", "zzyzx")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == "papers: no paper on the Hub or in the library matches 'zzyzx'"
    as_json = papers("search", "zzyzx", "--json")
    assert (as_json.exit_code, as_json.stdout) == (0, "[]\n")
    warned = papers("search", "title:zzyzx")  # (the warning never says none matched)
    assert warned.stdout == "" and warned.stderr.splitlines() == [
        "papers: warning: 'title:' left out (search has no fields): all are searched",
        "papers: no paper on the Hub or in the library matches 'zzyzx'"]  # (what was searched)
    offline = papers("search", "zzyzx", "--offline", "-F", "LLaVA")
    assert offline.stdout == ""
    assert one_line(offline.stderr) == (
        "papers: no paper in the library matches 'zzyzx' and names family LLaVA")


def test_a_query_that_reads_like_a_reason_is_not_taken_for_one(
        papers, seeded_hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """The empty line was told from the title by its words: a title ending in " · no …"
    or " · nothing …" was said bare, as arXiv's "… · nothing submitted …" is, so this
    search said only "Search: zzyzx · no way", no word of there being no papers."""
    papers("today")
    done = papers("search", "zzyzx · no way")
    assert (done.exit_code, done.stdout) == (0, "")
    assert one_line(done.stderr) == (
        "papers: no paper on the Hub or in the library matches 'zzyzx · no way'")


@pytest.mark.parametrize("limit", ["20", "0"])
def test_the_library_through_filters_that_match_nothing_says_which(
        papers, seeded_hub: HubServer, limit: str) -> None:  # type: ignore[no-untyped-def]
    """`search -k WORD` (no query: the library) said "Library · keyword zzyzx: no papers";
    -n 0 streams the library, whose emptiness is known only once written."""
    papers("today")
    done = papers("search", "-k", "zzyzx", "-n", limit)
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == "papers: no paper in the library contains the word zzyzx"


def test_a_listing_whose_papers_are_all_hidden_says_so(
        papers, seeded_hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """Every paper of the day hidden: it said "Daily Papers — DAY: no papers", as if the
    day had none."""
    ids = papers("today", "--json").ids
    assert ids and papers("hide", *ids).exit_code == 0
    for args in (("today",), ("search", "-n", "0"), ("search", "-n", "5"),
                 ("search", "--json")):
        done = papers(*args)
        assert done.exit_code == 0, done.stderr
        assert done.stdout in ("", "[]\n")
        assert one_line(done.stderr) == (
            f"papers: all {len(ids)} papers to list are hidden (--hidden lists them)"), args
    shown = papers("today", "--hidden", "--json")
    assert sorted(shown.ids) == sorted(ids)
    # A search: the index leaves hidden papers out, so it said no paper matched.
    matching = len(papers("search", "llama", "--offline", "--hidden", "-n", "0", "--json").ids)
    assert matching > 1
    for args in (("search", "llama", "--offline"), ("search", "llama", "--offline", "-n", "0")):
        done = papers(*args)
        assert (done.exit_code, done.stdout) == (0, ""), done.stderr
        assert one_line(done.stderr) == (
            f"papers: all {matching} papers to list are hidden (--hidden lists them)")


def test_a_weekend_day_says_its_reason_once(papers, hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    hub.set_day("2026-08-01", [])
    done = papers("day", "2026-08-01")
    assert (done.exit_code, done.stdout) == (0, "")
    assert one_line(done.stderr) == (
        "papers: nothing is listed on Saturdays (papers day 2026-07-31 for the Friday)")


def test_an_empty_table_written_to_a_file_is_still_written(
        papers, hub: HubServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """-o FILE is the output asked for: the file holds the (empty) table."""
    hub.set_day("2026-08-04", [])
    target = tmp_path / "day.txt"
    done = papers("day", "2026-08-04", "-f", "table", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert "No papers." in target.read_text(encoding="utf-8")


def test_an_arxiv_announcement_the_filters_emptied_says_why(
        papers, arx: ArxivServer) -> None:  # type: ignore[no-untyped-def]
    """It said "arXiv · cs.CL · announced …: no papers"; --new-only with only a
    replacement announced left nothing either, and said the same."""
    day = datetime(2024, 1, 15, 12, tzinfo=UTC)
    arx.announce(Paper("2312.09004", "A cs.CL replacement", ["cs.CL"], day, version=3))
    replaced = papers("arxiv", "cs.CL", "--new-only", "--json")
    assert (replaced.exit_code, replaced.stdout) == (0, "[]\n"), replaced.stderr
    assert one_line(replaced.stderr) == (
        "papers: the one paper listed is a cross-list or a replacement (without --new-only "
        "it is listed)")
    arx.announce(Paper("2401.09001", "A new cs.CL paper", ["cs.CL"], day))
    done = papers("arxiv", "cs.CL", "-k", "zzyzx", "--refresh")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == (
        "papers: none of the 2 listed papers contains the word zzyzx (try papers search)")


def test_an_export_of_nothing_says_why(papers, seeded_hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """An export is the document asked for, empty or not ("_No papers._", `[]`), but it
    said nothing of why it held none: an empty library, filters that pass none, every
    paper hidden."""
    empty = papers("export")
    assert empty.exit_code == 0 and "_No papers._" in empty.stdout
    assert one_line(empty.stderr) == (
        "papers: the library is empty, so nothing is exported (papers sync fills it)")
    ids = papers("today", "--json").ids
    for args in (("-k", "zzyzx"), ("-k", "zzyzx", "-n", "5"), ("zzyzx",)):
        none = papers("export", *args, "-f", "json")
        assert (none.exit_code, none.stdout) == (0, "[]\n"), none.stderr
        said = "contains the word zzyzx" if args[0] == "-k" else "matches 'zzyzx'"
        assert one_line(none.stderr) == f"papers: no paper in the library {said}"
    tagged = papers("export", "--tag", "nosuchtag", "-f", "json")
    assert one_line(tagged.stderr) == "papers: no paper is tagged yet: papers tag ID TAG tags one"
    assert papers("hide", *ids).exit_code == 0
    hidden = papers("export", "-f", "json")
    assert (hidden.exit_code, hidden.stdout) == (0, "[]\n")
    assert one_line(hidden.stderr) == (
        f"papers: all {len(ids)} papers to export are hidden (--hidden includes them, marked)")


def test_a_filtered_reading_list_of_nothing_says_which(
        papers, seeded_hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """With a filter, no star at all (or every star hidden) said the table's title,
    "Starred papers · keyword zzyzx: no papers"."""
    ids = papers("today", "--json").ids[:2]
    none = papers("starred", "-k", "zzyzx")
    assert (none.exit_code, none.stdout) == (0, "")
    assert one_line(none.stderr) == "papers: no starred paper contains the word zzyzx"
    assert papers("star", *ids).exit_code == 0 and papers("hide", *ids).exit_code == 0
    hidden = papers("starred", "-k", "zzyzx")
    assert (hidden.exit_code, hidden.stdout) == (0, "")
    assert one_line(hidden.stderr) == (
        "papers: none of your 2 starred papers contains the word zzyzx")
    assert one_line(papers("starred").stderr) == (
        "papers: 2 starred papers are hidden (--hidden lists them)")


def test_one_paper_the_filters_leave_out_is_said_as_one(
        papers, hub: HubServer, arx: ArxivServer) -> None:  # type: ignore[no-untyped-def]
    """"none of the 1 listed paper matches": a listing, the reading list, for-you and an
    arXiv announcement of one paper say it in the singular."""
    from datetime import timedelta

    from conftest import TODAY
    from hubserver import seed_items

    hub.set_day(TODAY, seed_items()[:1])
    day = papers("today", "-k", "zzyzx")
    assert (day.exit_code, day.stdout) == (0, ""), day.stderr
    assert one_line(day.stderr) == ("papers: the only listed paper does not pass the filter (try "
                                    "papers search)")  # (the filter named: 81 columns)
    ranked = papers("for-you", "-k", "zzyzx")
    assert (ranked.exit_code, ranked.stdout) == (0, ""), ranked.stderr
    week = f"since {TODAY - timedelta(days=6)}"  # (its days in full: past 80 columns)
    assert f"papers: the only paper {week} does not contain the word zzyzx\n" in (
        ranked.stderr), ranked.stderr
    assert papers("star", seed_items()[0]["paper"]["id"]).exit_code == 0
    starred = papers("starred", "-k", "zzyzx")
    assert one_line(starred.stderr) == ("papers: your only starred paper does not contain "
                                        "the word zzyzx")
    arx.announce(Paper("2401.09001", "A new cs.CL paper", ["cs.CL"],
                       datetime(2024, 1, 15, 12, tzinfo=UTC)))
    announced = papers("arxiv", "cs.CL", "-k", "zzyzx")
    assert (announced.exit_code, announced.stdout) == (0, ""), announced.stderr
    assert one_line(announced.stderr) == ("papers: the only listed paper does not pass the "
                                          "filter (try papers search)")
