"""`papers trends --source arxiv` over what `papers sync --arxiv` stored: the days it
synced count as covered, for the categories synced (each one followed or asked for must
hold a day), and the caption says what the coverage is of; the filters' words say the
sources as what they keep ("from arXiv", "listed on Daily Papers"). Through `main()`,
against the loopback arXiv."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers
from hubserver import HubServer

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


def test_days_sync_arxiv_stored_are_covered(papers: Papers, arx: ArxivServer) -> None:
    """Before, only `papers arxiv` listings covered a day: three weeks synced read
    "no listing in this range" and every week `·`, not cached."""
    fill(arx, "cs.CL", 10000)
    synced(papers, "cs.CL")
    doc = papers(*TRENDS, "--json").json
    assert doc["coverage"]["cached_days"] == DAYS == doc["coverage"]["days"]
    assert [p["state"] for p in doc["periods"]] == ["complete"] * 3
    assert doc["papers"] == 2 * DAYS
    shown = papers(*TRENDS)
    assert shown.exit_code == 0, shown.stderr
    assert "The library covers 21 of 21 days (2024-01-01 to 2024-01-21)." in shown.stdout
    assert "not cached" not in shown.stdout
    # following none, the caption says whose days they are
    assert ("Covered arXiv days are held for cs.CL only: a paper of another category on "
            "them may be missing.") in shown.stdout


def test_days_not_settled_yet_are_covered_once_fetched(papers: Papers, arx: ArxivServer,
                                                     home: Home,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync a day after the range marks only the days a week old (settled) as stored;
    the later ones it fetched count as covered too, as a listing of them would, until a
    later sync marks them settled."""
    fill(arx, "cs.CL", 10000)
    monkeypatch.setenv("PAPERS_NOW", "2024-01-22T12:00:00Z")
    synced(papers, "cs.CL")
    doc = papers(*TRENDS, "--json").json
    assert doc["coverage"]["cached_days"] == DAYS
    monkeypatch.setenv("PAPERS_NOW", "2024-02-22T12:00:00Z")
    synced(papers, "cs.CL")  # (asks again for the days not settled before, marks them)
    assert papers(*TRENDS, "--json").json["coverage"]["cached_days"] == DAYS
    with sqlite3.connect(home.library) as conn:
        left = conn.execute("SELECT count(*) FROM meta WHERE key GLOB "
                            "'arxiv-sync-fetched:*'").fetchone()[0]
    assert left == 0


def test_every_followed_category_must_hold_a_day(papers: Papers, arx: ArxivServer) -> None:
    """Following cs.CL and cs.LG with cs.CL alone synced: its days are not the library's
    whole arXiv, so they are not covered, and the caption says which category lacks
    them and the command that fetches it."""
    fill(arx, "cs.CL", 10000)
    fill(arx, "cs.LG", 50000)
    assert papers("config", "set", "sources.arxiv", "cs.CL,cs.LG").exit_code == 0
    synced(papers, "cs.CL")
    doc = papers(*TRENDS, "--json").json
    assert doc["coverage"]["cached_days"] == 0
    shown = papers(*TRENDS).stdout
    assert ("An arXiv day counts as covered when the library holds it for each category "
            "you follow: cs.LG lacks 21 days held for cs.CL (papers sync --arxiv cs.LG "
            "--since 2024-01-01 --until 2024-01-21 fetches them).") in " ".join(shown.split())
    # --category cs.CL asks about cs.CL alone: its days are held
    alone = papers(*TRENDS, "--category", "cs.CL", "--json").json
    assert alone["coverage"]["cached_days"] == DAYS
    synced(papers, "cs.LG")
    both = papers(*TRENDS)
    assert "The library covers 21 of 21 days" in both.stdout
    assert "lacks" not in both.stdout and "held for" not in both.stdout


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
    # "from the Hub" read as where the papers came from: "Library · source:hf … · from
    # the Hub" over "from the local library", no Hub asked. It says what it keeps.
    hub = papers("search", "paper", "--source", "hf", "--offline")
    assert "listed on Daily Papers" in hub.stdout + hub.stderr
    assert "from the Hub" not in hub.stdout + hub.stderr
    both = papers("search", "paper", "--source", "hf", "--source", "arxiv", "--offline")
    assert "Search: paper · listed on Daily Papers or from arXiv" in both.stdout
    library = papers("search", "source:hf since:2024-01", "--offline", "-n", "2")
    assert library.stderr == ("papers: no library paper is dated 2024-01-01 or "
                              "later and listed on Daily Papers\n"), library.stderr


def test_category_is_covered_by_its_arxiv_days_not_the_hubs(papers: Papers,
                                                           arx: ArxivServer,
                                                           hub: HubServer) -> None:
    """Daily Papers listings say nothing of a category's papers: with every day of the
    Hub held and cs.CL synced for the first week only, `--category cs.CL` read "covers
    21 of 21 days", its later weeks known zeros and a change of -100%, where README
    says the days `sync --arxiv` stored are what is covered for that category."""
    fill(arx, "cs.CL", 10000)
    hub.fill(FIRST.date(), FIRST.date() + timedelta(days=DAYS - 1), per_day=1)
    assert papers("sync", *SYNC).exit_code == 0
    week = papers("sync", "--arxiv", "cs.CL", "--since", "2024-01-01", "--until",
                  "2024-01-07")
    assert week.exit_code == 0, week.stderr
    chart = TRENDS[:1] + TRENDS[3:]  # (both sources)
    # without --category, the Hub's days cover the range, as before
    assert papers(*chart, "--json").json["coverage"]["cached_days"] == DAYS
    for args in (chart, TRENDS):  # (any source)
        doc = papers(*args, "--category", "cs.CL", "--json").json
        assert doc["coverage"]["cached_days"] == 7, args
        assert [p["state"] for p in doc["periods"]] == ["complete", "none", "none"]
        assert doc["series"] == [] or all(s["counts"][1:] == [None, None]
                                          for s in doc["series"])
        assert [p["papers"] for p in doc["periods"]][1:] == [None, None]
        assert doc["change"] is None and doc["new"] is False
    shown = papers(*chart, "--category", "cs.CL")
    assert shown.exit_code == 0, shown.stderr
    assert "The library covers 7 of 21 days (2024-01-01 to 2024-01-07)." in shown.stdout
    assert "not cached (no listing, so unknown, not zero): 2024-W02, 2024-W03" \
        in " ".join(shown.stdout.split())
    assert "−100%" not in shown.stdout
    # a category nothing was synced for covers no day, whatever the Hub holds
    assert papers(*chart, "--category", "cs.CV", "--json").json["coverage"][
        "cached_days"] == 0
    empty = papers(*chart, "--category", "cs.CV")
    assert empty.exit_code == 0 and not empty.stdout
    assert "papers sync --arxiv" in empty.stderr and "Daily Papers" not in empty.stderr
