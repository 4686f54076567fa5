"""A replaced paper seen only in arXiv's RSS has no date of its own (the RSS gives only the
day its new version was announced): `show` online asks arXiv's API once and keeps the
date, and an export of it before then cites the month its id begins with, and every view
shows that month. Through `main()`, against the loopback arXiv and Hub."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Papers
from hubserver import HubServer
from papercli.tui.source import View
from test_browse import make_app, screen_text, settle
from test_feeds import ATOM_NS, atom_violations, parse

SUBMITTED = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
REPLACED = datetime(2024, 5, 20, 17, 0, tzinfo=UTC)


def replaced_in_rss(papers: Papers, arx: ArxivServer) -> None:
    """2403.02718 v3 announced as a replacement, read from the RSS alone: no date."""
    arx.announce(Paper("2403.02718", "Folding Maps of Estuaries", ["cs.LG"], SUBMITTED,
                       version=3, updated=REPLACED, authors=["Ana Lopez"]))
    listed = papers("arxiv", "cs.LG")
    assert listed.exit_code == 0, listed.stderr
    assert arx.count("/api") == 0
    stored = papers("show", "2403.02718", "--offline", "--json").json
    assert stored["published_at"] is None


def test_show_online_asks_arxiv_once_for_the_date(papers: Papers, hub: HubServer,
                                                   arx: ArxivServer) -> None:
    replaced_in_rss(papers, arx)
    shown = papers("show", "2403.02718")
    assert shown.exit_code == 0, shown.stderr
    assert "arXiv 2024-03-04   Version v3 2024-05-20" in shown.stdout
    assert [r.params.get("id_list") for r in arx.requests if r.path.startswith("/api")] == [
        "2403.02718"]
    # kept: the next look (online or not) has it without asking again
    assert papers("show", "2403.02718").exit_code == 0
    assert arx.count("/api") == 1
    stored = papers("show", "2403.02718", "--offline", "--json").json
    assert stored["published_at"] == "2024-03-04T09:30:00Z"


def test_show_with_arxiv_failing_shows_the_record_as_it_was(papers: Papers, hub: HubServer,
                                                            arx: ArxivServer) -> None:
    replaced_in_rss(papers, arx)
    arx.fail("status", status=503, times=20, path="/api")
    shown = papers("show", "2403.02718")
    assert shown.exit_code == 0, shown.stderr
    assert "Folding Maps of Estuaries" in shown.stdout
    assert arx.count("/api") >= 1  # asked, and its failure not the command's
    assert papers("show", "2403.02718", "--offline", "--json").json["published_at"] is None


def test_exports_of_an_undated_paper_give_its_ids_month(papers: Papers, hub: HubServer,
                                                        arx: ArxivServer) -> None:
    replaced_in_rss(papers, arx)
    bib = papers("export", "-f", "bibtex", "2403.02718")
    assert bib.exit_code == 0, bib.stderr
    assert bib.stdout.startswith("@misc{lopez2024folding,")  # not "lopezndfolding"
    assert "  year = {2024},\n  date = {2024-03},\n" in bib.stdout
    ris = papers("export", "-f", "ris", "2403.02718").stdout
    assert "PY  - 2024\nDA  - 2024/03//\n" in ris
    csl = json.loads(papers("export", "-f", "csljson", "2403.02718").stdout)
    assert csl[0]["issued"] == {"date-parts": [[2024, 3]]}
    assert arx.count("/api") == 0  # an export asks nobody


def test_an_old_style_ids_month_is_in_the_last_century(papers: Papers, hub: HubServer,
                                                        arx: ArxivServer) -> None:
    arx.announce(Paper("hep-th/9901001", "Branes Replaced", ["hep-th"], SUBMITTED,
                       version=2, updated=REPLACED, authors=["Old Author"]))
    assert papers("arxiv", "hep-th").exit_code == 0
    csl = json.loads(papers("export", "-f", "csljson", "hep-th/9901001").stdout)
    assert csl[0]["issued"] == {"date-parts": [[1999, 1]]}


def test_every_view_of_an_undated_paper_shows_its_ids_month(papers: Papers, hub: HubServer,
                                                            arx: ArxivServer,
                                                            tmp_path: Path) -> None:
    """`show`, the listing's arXiv column, Markdown (a digest and a --split note) and the
    HTML digest give the month as citations do (`YYYY-MM`, never a day it is not); they
    showed no date at all."""
    replaced_in_rss(papers, arx)
    shown = papers("show", "2403.02718", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "arXiv 2024-03   Version v3" in shown.stdout
    table = papers("search", "--offline", "Folding")
    assert table.exit_code == 0, table.stderr
    assert re.search(r"^#\s+arXiv\s+ID\b", table.stdout, re.M), table.stdout
    assert re.search(r"^1\s+2024-03\s+2403\.02718\s", table.stdout, re.M), table.stdout
    md = papers("export", "2403.02718")
    assert md.exit_code == 0, md.stderr
    assert "\nAna Lopez · arXiv 2024-03 · [arXiv]" in md.stdout
    page = papers("export", "-f", "html", "2403.02718").stdout
    assert ('<p class="byline"><bdi>Ana Lopez</bdi> · <span class="nw">arXiv 2024-03</span></p>'
            in page)
    vault = tmp_path / "vault"
    split = papers("export", "--split", str(vault), "2403.02718", "--front-matter")
    assert split.exit_code == 0, split.stderr
    [note] = vault.glob("*.md")
    # quoted: a note app reads a bare YYYY-MM-DD as a date, and this is no day
    assert '\ndate: "2024-03"\n' in note.read_text(encoding="utf-8")
    assert arx.count("/api") == 0


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_feed_dates_an_undated_paper_by_its_months_first_day(papers: Papers, hub: HubServer,
                                                               arx: ArxivServer,
                                                               fmt: str) -> None:
    """Atom's updated is a full RFC 3339 date-time and RSS's pubDate an RFC 822 one, so
    the entry is dated the month's first day (it was dated the build time, and RSS's item
    had no pubDate), and its content says that the date is a month."""
    replaced_in_rss(papers, arx)
    result = papers("export", "-f", fmt, "2403.02718")
    assert result.exit_code == 0, result.stderr
    [entry] = parse(result.stdout).entries
    assert entry.published_parsed[:6] == (2024, 3, 1, 0, 0, 0)
    assert "<p>arXiv 2024-03 (the month only: the entry is dated by its first day)</p>" in (
        entry.content[0].value)
    if fmt == "atom":
        import xml.etree.ElementTree as ET

        data = result.stdout.encode("utf-8")
        assert atom_violations(data) == []
        [updated] = ET.fromstring(data).findall(f"{ATOM_NS}entry/{ATOM_NS}updated")
        assert updated.text == "2024-03-01T00:00:00+00:00"  # RFC 3339: date, time, offset
    else:
        assert "<pubDate>Fri, 01 Mar 2024 00:00:00 +0000</pubDate>" in result.stdout


async def test_the_browser_shows_an_undated_papers_month(papers: Papers, hub: HubServer,
                                                         arx: ArxivServer) -> None:
    """The browser's list (its arXiv column) and reading pane, as `show`."""
    replaced_in_rss(papers, arx)
    assert papers("star", "2403.02718", "--offline").exit_code == 0  # (online: dated)
    app = make_app(View("starred"), offline=True)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        assert app.selected == "2403.02718"
        text = screen_text(app)
        assert re.search(r"2024-03 .*Folding Maps of Estuaries", text), text
        assert "arXiv 2024-03" in text, text  # (as show says it)
