"""`papers show` of a paper arXiv knows: its categories, version, journal reference, DOI
and comment in the panel, as `--json` gives them; through `main()`, against the loopback
arXiv and Hub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers
from hubserver import HubServer

SUBMITTED = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
REPLACED = datetime(2024, 5, 20, 17, 0, tzinfo=UTC)


@pytest.fixture
def arx(home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with ArxivServer() as server:
        monkeypatch.setenv("ARXIV_API_ENDPOINT", server.api_url)
        monkeypatch.setenv("ARXIV_RSS_ENDPOINT", server.rss_url)
        yield server


def panel_lines(stdout: str) -> list[str]:
    """The panel's lines without its borders and padding."""
    return [line.strip("│ ").rstrip() for line in stdout.splitlines()]


def replaced_paper() -> Paper:
    return Paper("2403.02718", "Folding Maps of Estuaries", ["physics.ao-ph", "cs.LG", "stat.ML"],
                 SUBMITTED, version=3, updated=REPLACED,
                 comment="14 pages, 6 figures; [red]v3 fixes Table 2[/red]",
                 journal_ref="Estuarine Notes 7 (2024) 101-118", doi="10.5555/estuary.2024.7")


def test_the_panel_shows_what_arxiv_says(papers: Papers, hub: HubServer,
                                         arx: ArxivServer) -> None:
    arx.add(replaced_paper())
    shown = papers("show", "2403.02718")
    assert shown.exit_code == 0, shown.stderr
    lines = panel_lines(shown.stdout)
    assert "arXiv 2024-03-04   Version v3 2024-05-20" in lines
    assert "Categories physics.ao-ph (primary), cs.LG, stat.ML" in lines
    assert "Journal ref Estuarine Notes 7 (2024) 101-118" in lines
    assert "DOI 10.5555/estuary.2024.7" in lines
    # Markup in the authors' comment is text, not obeyed.
    assert "arXiv comment 14 pages, 6 figures; [red]v3 fixes Table 2[/red]" in lines
    data = papers("show", "2403.02718", "--offline", "--json").json
    assert data["categories"] == ["physics.ao-ph", "cs.LG", "stat.ML"]
    assert data["primary_category"] == "physics.ao-ph"
    assert (data["version"], data["updated_at"]) == (3, "2024-05-20T17:00:00Z")
    assert data["journal_ref"] == "Estuarine Notes 7 (2024) 101-118"
    assert data["doi"] == "10.5555/estuary.2024.7"
    assert data["comment"] == "14 pages, 6 figures; [red]v3 fixes Table 2[/red]"


def test_a_first_version_in_one_category_says_only_that(papers: Papers, hub: HubServer,
                                                         arx: ArxivServer) -> None:
    arx.add(Paper("2403.03141", "A Single Category", ["math.CO"], SUBMITTED))
    lines = panel_lines(papers("show", "2403.03141").stdout)
    assert "arXiv 2024-03-04   Version v1" in lines  # no update day: it is the first
    assert "Categories math.CO" in lines
    assert not any(line.startswith(("Journal ref", "DOI", "arXiv comment")) for line in lines)


def test_a_hub_paper_has_no_arxiv_lines(papers: Papers, hub: HubServer) -> None:
    hub.add_paper({"id": "2403.05000", "title": "Only the Hub's", "summary": "Listed.",
                   "publishedAt": "2024-03-05T00:00:00.000Z", "upvotes": 7})
    shown = papers("show", "2403.05000")
    assert shown.exit_code == 0, shown.stderr
    assert not any(line.startswith(("Version", "Categories", "Journal ref", "DOI",
                                    "arXiv comment")) for line in panel_lines(shown.stdout))
    assert "Version" not in shown.stdout


def test_a_comment_count_the_hub_did_not_give_is_not_shown_as_zero(
        papers: Papers, hub: HubServer) -> None:
    # A paper's own page (`/api/papers/ID`) carries no comment count: shown first through
    # it, the paper has no count to show, not "comments 0".
    hub.add_paper({"id": "2403.06000", "title": "Counted Later", "summary": "Text.",
                   "publishedAt": "2024-03-05T00:00:00.000Z", "upvotes": 7})
    shown = papers("show", "2403.06000")
    assert shown.exit_code == 0, shown.stderr
    assert "▲ 7" in shown.stdout and "comments" not in shown.stdout
    hub.add_paper({"id": "2403.06001", "title": "Counted Now", "summary": "Text.",
                   "publishedAt": "2024-03-05T00:00:00.000Z", "upvotes": 7, "numComments": 4})
    assert "comments 4" in papers("show", "2403.06001").stdout


def test_a_paper_both_know_has_arxivs_facts_beside_the_hubs(papers: Papers, hub: HubServer,
                                                            tmp_path: Path) -> None:
    hub.add_paper({"id": "2403.07000", "title": "Known Twice", "summary": "Hub text.",
                   "publishedAt": "2024-03-04T00:00:00.000Z",
                   "submittedOnDailyAt": "2024-03-06T08:00:00.000Z", "upvotes": 31,
                   "numComments": 2})
    assert papers("show", "2403.07000").exit_code == 0
    snapshot = tmp_path / "arxiv.jsonl"
    snapshot.write_text(json.dumps({
        "id": "2403.07000", "title": "Known Twice", "authors": "Ana Lopez",
        "categories": "cs.CL cs.AI", "abstract": "arXiv text.", "comments": "9 pages",
        "versions": [{"version": "v1", "created": "Mon, 4 Mar 2024 10:00:00 GMT"},
                     {"version": "v2", "created": "Tue, 12 Mar 2024 10:00:00 GMT"}],
        "authors_parsed": [["Lopez", "Ana", ""]]}) + "\n", encoding="utf-8")
    assert papers("import", str(snapshot)).exit_code == 0
    lines = panel_lines(papers("show", "2403.07000", "--offline").stdout)
    # arXiv's dates together, then the Hub's listing day and counts
    assert ("arXiv 2024-03-04   Version v2 2024-03-12   Daily Papers 2024-03-06   ▲ 31   "
            "comments 2") in lines
    assert "Categories cs.CL (primary), cs.AI" in lines and "arXiv comment 9 pages" in lines
