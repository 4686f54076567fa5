"""`papers arxiv` as every other listing: what it says beside the table (the notes its
view gathers) and the options it shares with them (`--hidden`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers, one_line

DAY = datetime(2024, 1, 15, 12, tzinfo=UTC)


def announce(server: ArxivServer) -> None:
    server.announce(
        Paper("2401.09101", "Tidal attention in long contexts", ["cs.CL"], DAY),
        Paper("2401.09102", "A lighthouse for token routing", ["cs.CL", "cs.LG"], DAY),
        Paper("2401.09103", "Harbour maps of sparse experts", ["cs.CL"], DAY),
    )


def test_sorted_by_relevance_without_a_taste_it_says_so_as_today_does(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """`papers arxiv --sort relevance` with no star yet listed the papers in another
    order without a word, where `papers today` and `for-you` say why and what order it
    is instead: the view's notes were never said."""
    announce(arx)
    result = papers("arxiv", "cs.CL", "--sort", "relevance", "-q")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.split()) == 3
    assert result.stderr.splitlines()[:2] == [
        "papers: relevance needs 3 starred or read papers; you have none yet",
        "papers: most upvoted first for now; star papers you like with papers star ID"]
    assert "warning" not in result.stderr and "Traceback" not in result.stderr


def test_hidden_keeps_the_papers_you_hid_marked_as_in_every_listing(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """`papers arxiv --hidden` (in its --help: "Include the papers you hid") left them out
    all the same: the option never reached the view."""
    announce(arx)
    assert papers("arxiv", "cs.CL", "-q").stdout.split() == [
        "2401.09101", "2401.09102", "2401.09103"]
    hid = papers("hide", "2401.09102")
    assert hid.exit_code == 0, hid.stderr
    assert papers("arxiv", "cs.CL", "-q").stdout.split() == ["2401.09101", "2401.09103"]
    kept = papers("arxiv", "cs.CL", "--hidden", "-q")
    assert kept.exit_code == 0, kept.stderr
    assert kept.stdout.split() == ["2401.09101", "2401.09102", "2401.09103"]
    listed = json.loads(papers("arxiv", "cs.CL", "--hidden", "--json", "--offline").stdout)
    assert [p.get("hidden", False) for p in listed] == [False, True, False]
    table = papers("arxiv", "cs.CL", "--hidden", "--offline")
    assert table.exit_code == 0, table.stderr
    assert "× A lighthouse for token routing" in table.stdout


def test_a_full_feed_of_a_long_named_category_is_said_in_80_columns(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warning over a full feed made 120 columns and more piped: where the category's
    name leaves no room, it goes (the title over the table names it)."""
    from papercli import arxiv_listing

    monkeypatch.setattr(arxiv_listing, "RSS_LIMIT", 3)
    arx.announce(*(Paper(f"2401.{n:05d}", f"Cold atoms {n}", ["physics.atom-ph"], DAY)
                   for n in range(10001, 10004)))
    result = papers("arxiv", "physics.atom-ph")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "papers: warning: arXiv's feed was full: some papers are left out; use --since"]
    assert result.stdout.splitlines()[0] == "arXiv · physics.atom-ph · announced 2024-01-16"
    assert "3 papers" in result.stdout


@pytest.mark.parametrize("given", [("",), ("cs.CL", ""), (" , ",), ("+",)])
def test_a_category_argument_naming_none_is_refused_not_taken_for_the_followed(
        papers: Papers, home: Home, arx: ArxivServer, given: tuple[str, ...]) -> None:
    """`papers arxiv "$CAT"` with CAT empty listed the followed categories (and `papers
    arxiv cs.CL ''` cs.CL) without a word, where `sync --arxiv ''` refuses it: a usage
    error in 80 columns, before anything is asked."""
    announce(arx)
    assert papers("config", "set", "sources.arxiv", "cs.LG").exit_code == 0
    result = papers("arxiv", *given)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.endswith(" names no arXiv category — e.g. papers arxiv cs.CL"), line
    assert len(line) <= 80
    assert arx.count("/rss") == 0
