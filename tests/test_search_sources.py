"""`papers search` of paper ids fetches those the library lacks as `papers show` does: the
Hub's paper page, else arXiv. The caption said "N from the Hub" of papers arXiv gave (the
Hub had no page for them); it names each source for what it gave."""

from __future__ import annotations

from datetime import UTC, datetime

from arxivserver import ArxivServer, Paper
from conftest import Papers
from hubserver import HubServer, seed_items

SUBMITTED = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)


def caption(stdout: str) -> str:
    return stdout.strip().splitlines()[-1]


def test_papers_arxiv_gave_are_counted_as_from_arxiv(papers: Papers, hub: HubServer,
                                                     arx: ArxivServer) -> None:
    arx.add(Paper("2403.02718", "Folding Maps of Estuaries", ["physics.ao-ph"], SUBMITTED),
            Paper("2403.03141", "A Single Category", ["math.CO"], SUBMITTED))
    alone = papers("search", "2403.02718 2403.03141")
    assert alone.exit_code == 0, alone.stderr
    assert "Folding Maps of Estuaries" in alone.stdout
    assert caption(alone.stdout) == "2 papers · 2 from arXiv, 0 in the library"
    assert "from the Hub" not in alone.stdout
    hub.add_paper({**seed_items()[0]["paper"], "id": "2612.00001"})
    mixed = papers("search", "2612.00001 2403.02718 2403.03141 2612.00002")
    assert mixed.exit_code == 1, mixed.stderr  # (one id it could not have: listed, then failed)
    assert caption(mixed.stdout) == "3 papers · 1 from the Hub, 2 in the library"
    assert "2612.00002 is on neither the Hub nor arXiv" in " ".join(mixed.stderr.split())
    arx.add(Paper("2612.00003", "Only on arXiv", ["cs.CL"], SUBMITTED))
    hub.add_paper({**seed_items()[0]["paper"], "id": "2612.00004"})
    both = papers("search", "2612.00003 2612.00004")
    assert caption(both.stdout) == "2 papers · 1 from the Hub, 1 from arXiv, 0 in the library"
