"""`papers arxiv` as its users see it, odd cases: what an announcement is made of (new,
cross-lists, replacements, as arXiv's own listing groups them) and what the status line
says while the API's pages are paced; through `main()` against the loopback arXiv."""

from __future__ import annotations

from datetime import UTC, datetime

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers

DAY = datetime(2024, 1, 15, 12, tzinfo=UTC)


def mixed(server: ArxivServer) -> None:
    """Two new papers of cs.CL, a cross-list to it, a replacement and a replace-cross."""
    server.announce(
        Paper("2401.09101", "First new paper", ["cs.CL"], DAY),
        Paper("2401.09102", "Second new paper", ["cs.CL", "cs.AI"], DAY),
        Paper("2401.09103", "Cross-listed from robotics", ["cs.RO", "cs.CL"], DAY),
        Paper("2312.09104", "A replaced paper", ["cs.CL"], DAY, version=2),
        Paper("2312.09105", "A replaced cross-list", ["stat.ML", "cs.CL"], DAY, version=3),
    )


def test_the_caption_counts_new_cross_lists_and_replacements_as_arxiv_does(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """The caption said "5 papers · fetched now": a cross-list or a replacement read as a
    new paper of the category, told apart by --new-only alone. It counts them as arXiv's
    listing groups them (a replace-cross among the replacements), of what is listed."""
    mixed(arx)
    table = papers("arxiv", "cs.CL")
    assert table.exit_code == 0, table.stderr
    assert "5 papers · 2 new, 1 cross-list, 2 replacements · fetched now" in table.stdout
    cut = papers("arxiv", "cs.CL", "-n", "1")
    assert "1 of 5 papers · 2 new, 1 cross-list, 2 replacements · cached" in cut.stdout
    word = papers("arxiv", "cs.CL", "-k", "replaced")
    assert "2 papers · 2 replacements · cached" in word.stdout, word.stdout
    new = papers("arxiv", "cs.CL", "--new-only")  # all new: nothing to count apart
    assert "2 papers · cached" in new.stdout, new.stdout
    offline = papers("arxiv", "cs.CL", "--offline")  # the kept announce types
    assert "2 new, 1 cross-list, 2 replacements" in offline.stdout


def test_papers_submitted_in_some_days_are_not_counted_as_an_announcement(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """The API's papers of some days were announced in no one listing: no new/cross
    count is made up for them."""
    mixed(arx)
    listed = papers("arxiv", "cs.CL", "--date", "2024-01-15")
    assert listed.exit_code == 0, listed.stderr
    assert "papers · fetched now" in listed.stdout and " new," not in listed.stdout
