"""`papers trends --source arxiv` and the filters' words: they say the sources as every
other line does ("from arXiv", "from the Hub"). Through `main()`, against the loopback
arXiv."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers

FIRST = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)  # a Monday
DAYS = 21  # 2024-01-01 .. 2024-01-21: three whole ISO weeks
SYNC = ("--since", "2024-01-01", "--until", "2024-01-21")
TRENDS = ("trends", "--source", "arxiv", "--every", "week", "--since", "2024-01-01",
          "--until", "2024-01-21")


def fill(server: ArxivServer, category: str, prefix: int) -> None:
    """Two papers of `category` every day of the range."""
    for d in range(DAYS):
        day = FIRST + timedelta(days=d)
        server.add(*(Paper(f"2401.{prefix + d * 10 + i:05d}", f"{category} paper {i} of "
                           f"day {d}", [category], day + timedelta(minutes=i))
                     for i in range(2)))


def synced(papers: Papers, category: str) -> None:
    result = papers("sync", "--arxiv", category, *SYNC)
    assert result.exit_code == 0, result.stderr


def test_filters_say_arxiv_and_the_hub(papers: Papers, arx: ArxivServer) -> None:
    """The filters' words said "from arxiv" and "from hf" where every other line says
    arXiv and the Hub; the JSON's `filters` is those words, its values stay hf/arxiv."""
    fill(arx, "cs.CL", 10000)
    synced(papers, "cs.CL")
    found = papers("search", "paper", "--source", "arxiv", "--offline")
    assert found.exit_code == 0, found.stderr
    assert "Search: paper · from arXiv" in found.stdout
    doc = papers(*TRENDS, "--category", "cs.CL", "--json").json
    assert doc["filters"] == "from arXiv · category cs.CL"
    assert "· from arXiv" in papers(*TRENDS).stdout.splitlines()[0]
    hub = papers("search", "paper", "--source", "hf", "--offline")
    assert "from the Hub" in hub.stdout + hub.stderr
    both = papers("search", "paper", "--source", "hf", "--source", "arxiv", "--offline")
    assert "Search: paper · from the Hub or arXiv" in both.stdout
