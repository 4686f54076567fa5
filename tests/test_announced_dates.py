"""A paper known only from arXiv's RSS is dated by the day arXiv announced it, which
`show` says as "Announced DATE": listings marked that day nowhere (under the head "arXiv",
as v1's date is), and Markdown, HTML and feeds wrote "arXiv DATE". Every view now says
it with the one word, `Paper.date_label`; a table marks the cell and says what the mark
means."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from arxivserver import ArxivServer
from arxivserver import Paper as ArxivPaper
from hubserver import HubServer
from papercli.terminal import cell_width

PID = "2401.07311"
SENT, ANNOUNCED = "2024-01-12", "2024-01-16"  # (a weekend between)
LEGEND = "* Announced: the day arXiv announced it, not v1's date; papers show ID finds it"


def announce(papers: Any, arx: ArxivServer) -> None:
    """PID, sent in on a Friday and announced on the Tuesday after, read from the RSS."""
    arx.announce(ArxivPaper(PID, "Sorting Socks at Scale", ["cs.CL"],
                            datetime(2024, 1, 12, 9, 0, tzinfo=UTC)))
    listed = papers("arxiv", "cs.CL", "-q")
    assert listed.exit_code == 0, listed.stderr


def row(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if PID in line)


def test_a_table_marks_the_announcement_day_and_says_what_the_mark_means(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    announce(papers, arx)
    for args in (("arxiv", "cs.CL", "--offline"), ("search", "socks", "--offline")):
        listed = papers(*args)
        assert listed.exit_code == 0, listed.stderr
        assert f"{ANNOUNCED}*" in row(listed.stdout), listed.stdout
        assert listed.stdout.splitlines()[-1] == LEGEND, listed.stdout
    # No date column shown, no legend: the mark is nowhere to explain.
    bare = papers("search", "socks", "--offline", "--columns", "id,title")
    assert bare.exit_code == 0, bare.stderr
    assert "*" not in bare.stdout and "Announced" not in bare.stdout, bare.stdout


def test_once_v1_s_date_is_known_the_table_shows_it_unmarked(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    """The legend's advice holds: `show` online learns v1's date, and the table then
    shows it as arXiv's, without mark or legend."""
    announce(papers, arx)
    assert papers("show", PID).exit_code == 0
    listed = papers("search", "socks", "--offline")
    assert listed.exit_code == 0, listed.stderr
    assert SENT in row(listed.stdout) and "*" not in listed.stdout, listed.stdout
    assert "Announced" not in listed.stdout


@pytest.mark.parametrize("width", [80, 60, 40])
def test_the_mark_and_its_legend_fit_a_terminal(papers: Any, hub: HubServer,
                                                arx: ArxivServer, width: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from papercli import terminal

    announce(papers, arx)
    monkeypatch.setattr(terminal, "width", lambda stream: width)
    listed = papers("arxiv", "cs.CL", "--offline")
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert all(cell_width(line) <= width for line in lines), lines
    marked = f"{ANNOUNCED}*" in row(listed.stdout)
    assert marked or width < 80  # (the date column kept at 80, given way below it)
    if marked:
        assert lines[-1].startswith("* Announced: ") and "…" not in lines[-1], lines
        assert (lines[-1] == LEGEND) == (width >= 80), lines
    else:
        assert "Announced" not in listed.stdout, lines


@pytest.mark.parametrize("fmt", ["md", "html", "atom", "rss"])
def test_documents_say_announced_not_arxiv(papers: Any, hub: HubServer, arx: ArxivServer,
                                          fmt: str) -> None:
    announce(papers, arx)
    written = papers("search", "socks", "--offline", "-f", fmt)
    assert written.exit_code == 0, written.stderr
    assert f"Announced {ANNOUNCED}" in written.stdout, written.stdout
    assert f"arXiv {ANNOUNCED}" not in written.stdout
    # A paper dated by v1's day is still "arXiv DATE".
    assert papers("show", PID).exit_code == 0
    known = papers("search", "socks", "--offline", "-f", fmt)
    assert known.exit_code == 0, known.stderr
    assert "Announced" not in known.stdout, known.stdout
    if fmt in ("md", "html"):
        assert f"arXiv {SENT}" in known.stdout, known.stdout
