"""`papers for-you` without a taste over arXiv's papers alone (`papers arxiv`): none has
an upvote, so the upvotes order is newest first, and it is said so; "most upvoted first"
was said of a list of no upvotes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from arxivserver import ArxivServer, Paper
from conftest import TODAY, Home, Papers


def test_for_you_over_arxiv_papers_alone_says_newest_first(papers: Papers, home: Home,
                                                           arx: ArxivServer) -> None:
    day = datetime(TODAY.year, TODAY.month, TODAY.day, 5, tzinfo=UTC) - timedelta(days=1)
    arx.next_announcement(day, *(
        Paper(f"2611.0900{n}", f"Invented paper {n}", ["cs.LG"], day - timedelta(days=n))
        for n in range(1, 4)))
    fetched = papers("arxiv", "cs.LG", "-q")
    assert fetched.exit_code == 0, fetched.stderr
    result = papers("for-you")
    assert result.exit_code == 0, result.stderr
    assert "Invented paper 1" in result.stdout
    assert "most upvoted" not in result.stdout + result.stderr
    assert "\n3 papers · newest first\n" in result.stdout, result.stdout
    assert ("papers: newest first for now; star papers you like with papers star ID"
            in result.stderr.splitlines()), result.stderr
    listed = papers("for-you", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert {p["upvotes"] for p in listed.json} <= {0, None}
    explained = papers("for-you", "--explain")
    assert ("papers: --explain has nothing to explain: no taste yet, so the newest come "
            "first" in explained.stderr.splitlines()), explained.stderr


def test_a_watch_over_arxiv_papers_alone_says_its_papers_newest_first(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    # The watch's note is said for the order the list came out in, fitted for it: the
    # taste is loaded before the list says whether any paper has an upvote.
    day = datetime(TODAY.year, TODAY.month, TODAY.day, 5, tzinfo=UTC) - timedelta(days=1)
    arx.next_announcement(day, *(
        Paper(f"2611.0910{n}", f"Invented paper {n}", ["cs.LG"], day - timedelta(days=n))
        for n in range(1, 4)))
    assert papers("arxiv", "cs.LG", "-q").exit_code == 0
    assert papers("watch", "add", "inv", "-k", "invented").exit_code == 0
    result = papers("for-you", "--watch", "inv")
    assert result.exit_code == 0, result.stderr
    assert "Invented paper 1" in result.stdout
    notes = result.stderr.splitlines()
    said = [line for line in notes if "for now" in line]
    assert said and said[0].startswith("papers: its papers newest first for now; "), notes
    assert "upvote" not in result.stderr, notes
    assert all(len(line) <= 80 for line in notes), notes
