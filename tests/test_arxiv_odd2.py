"""`papers arxiv` as its users see it, odd cases: what an announcement is made of (new,
cross-lists, replacements, as arXiv's own listing groups them) and what the status line
says while the API's pages are paced; through `main()` against the loopback arXiv."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from arxivserver import ArxivServer, Paper, make_papers
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


def test_the_status_line_says_the_pace_and_the_retry_while_pages_are_asked(
        home: Home, arx: ArxivServer) -> None:
    """The API's pages come at arXiv's pace: "fetching arXiv's papers: 500 of 1,100 in…"
    stood still for each page's wait as if stuck, and dropped a retry's "(retry 1 of 3)";
    the first page said "asking arXiv…" of no days. Said as `sync --arxiv` says it: the
    days asked for, then the count, with the retry and the pace."""
    from conftest import installed_papers, screens, stderr_on_terminal

    arx.add(*make_papers(1100, "cs.CL", DAY.replace(hour=0)))
    arx.fail("slow", path="/api", delay=1.5)  # the first page: slow enough to be said
    arx.fail("status", path="/api", status=503, retry_after="1")  # the second: once
    arx.fail("slow", path="/api", delay=1.5)  # and slow when asked again
    code, out, text = stderr_on_terminal([installed_papers(), "arxiv", "cs.CL", "--date",
                                          "2024-01-15", "-q"])
    assert code == 0, text
    said = {line.strip() for shown in screens(text) for line in shown}
    assert "asking arXiv for 2024-01-15 (paced 0.01 s)…" in said, said
    assert ("fetching arXiv's papers: 500 of 1,100 in (retry 1 of 3, paced 0.01 s)…"
            in said), said
    assert len(out.decode().split()) == 1100


@pytest.mark.parametrize(("given", "said"), [
    # (the "cs." every cs name shares made any two letters close: "did you mean cs.SY,
    # cs.SI?", a guess)
    ("cs.XX", "unknown arXiv category 'cs.XX' — see arxiv.org/category_taxonomy"),
    ("math.XY", "no arXiv category 'math.XY' — see arxiv.org/category_taxonomy"),
    # (the names people use for arXiv's: "did you mean cs.PL, cs.MS, cs.MM?")
    ("cs.ML", "unknown arXiv category 'cs.ML' — did you mean cs.LG, stat.ML?"),
    ("cs.NLP", "unknown arXiv category 'cs.NLP' — did you mean cs.CL?"),
    # (an archive merged before 2007, as old-style ids name it: where it went, where
    # "cmp-lg" named no category at all)
    ("cmp-lg", "unknown arXiv category 'cmp-lg' — did you mean cs.CL?"),
    ("Solv-Int", "unknown arXiv category 'Solv-Int' — did you mean nlin.SI?"),
    # (a typo: its archive's own names alone, "cs.CL, cs.SC" was said)
    ("cs.CLL", "unknown arXiv category 'cs.CLL' — did you mean cs.CL?"),
])
def test_an_unknown_category_names_only_names_that_are_close(
        papers: Papers, arx: ArxivServer, given: str, said: str) -> None:
    result = papers("arxiv", given)
    assert result.exit_code == 2
    assert result.stderr == f"papers: error: {said}\n"
    assert arx.count("/rss") == 0
