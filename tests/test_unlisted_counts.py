"""Upvotes and comments of a paper the Hub never listed are not known, and say so.

A paper from a BibTeX import or arXiv's snapshot has no Hub counts: the table shows "—",
and JSON (exports, `--json`, the MCP tools) says null and CSV leaves the cell empty,
where they said 0 before, a count the Hub never gave. A Hub paper's 0 stays 0; an export
read back keeps the unknown unknown; `--sort upvotes` orders them as before."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Papers, eprint_bib, isolate
from test_mcp import call, server

FROM_BIB, FROM_SNAPSHOT = "2412.90001", "2412.90002"
UNLISTED = (FROM_BIB, FROM_SNAPSHOT)
HUB_ZERO = "2304.15010"  # a seed paper the Hub lists with 0 upvotes and 0 comments
HUB_SOME = "2404.14047"  # ... and one with 12 upvotes


@pytest.fixture
def mixed(library: Papers, tmp_path: Path) -> Papers:
    """The 19 Hub seed papers, one paper imported from a .bib file (no network) and one
    from arXiv's snapshot, both starred."""
    papers = library
    bib = eprint_bib(tmp_path / "refs.bib", [FROM_BIB])
    assert papers("import", str(bib), "--offline").exit_code == 0
    snapshot = tmp_path / "arxiv.jsonl"
    snapshot.write_text(json.dumps({
        "id": FROM_SNAPSHOT, "title": "Only On The Preprint Server", "authors": "A. Writer",
        "categories": "cs.CL", "abstract": "Nobody upvoted this yet.",
        "versions": [{"version": "v1", "created": "Mon, 16 Dec 2024 10:00:00 GMT"}],
        "authors_parsed": [["Writer", "A.", ""]]}) + "\n", encoding="utf-8")
    assert papers("import", str(snapshot)).exit_code == 0
    assert papers("star", *UNLISTED, "--offline").exit_code == 0
    return papers


def counts(listing: list[dict[str, Any]]) -> dict[str, tuple[Any, Any]]:
    """Each paper's (upvotes, comments), by id."""
    return {p["id"]: (p["upvotes"], p["comments"]) for p in listing}


def test_json_and_jsonl_say_null_for_a_paper_the_hub_never_listed(mixed: Papers) -> None:
    for fmt in ("json", "jsonl"):
        result = mixed("export", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        listing = (json.loads(result.stdout) if fmt == "json"
                   else [json.loads(line) for line in result.stdout.splitlines()])
        got = counts(listing)
        assert got[FROM_BIB] == got[FROM_SNAPSHOT] == (None, None), fmt
        assert got[HUB_ZERO] == (0, 0) and got[HUB_SOME] == (12, 0), fmt


def test_csv_leaves_the_cells_empty_and_a_hubs_zero_stays_zero(mixed: Papers) -> None:
    result = mixed("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: (row["upvotes"], row["comments"])
            for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[FROM_BIB] == rows[FROM_SNAPSHOT] == ("", "")
    assert rows[HUB_ZERO] == ("0", "0") and rows[HUB_SOME] == ("12", "0")


def test_every_json_listing_and_show_say_null(mixed: Papers) -> None:
    for args in (("search", "--offline", "-n", "0"), ("starred",),
                 ("search", "--offline", "--starred")):
        result = mixed(*args, "--json")
        assert result.exit_code == 0, result.stderr
        got = counts(result.json)
        assert {pid: got[pid] for pid in UNLISTED} == {
            FROM_BIB: (None, None), FROM_SNAPSHOT: (None, None)}, args
    for pid in UNLISTED:
        shown = mixed("show", pid, "--offline", "--json")
        assert shown.exit_code == 0, shown.stderr
        assert (shown.json["upvotes"], shown.json["comments"]) == (None, None)
    hub = mixed("show", HUB_ZERO, "--offline", "--json").json
    assert (hub["upvotes"], hub["comments"]) == (0, 0)


def test_sorting_by_upvotes_places_them_as_a_zero_as_before(mixed: Papers) -> None:
    """Not known sorts where 0 did: among the Hub's 0s, newest first (the snapshot's
    paper of 2024-12 before the Hub's 0 of 2024-10; the .bib entry gives no day, so it
    has its id's month alone, and sorts among that month, after its dated papers)."""
    result = mixed("search", "--offline", "-n", "0", "--sort", "upvotes", "--json")
    assert result.exit_code == 0, result.stderr
    order = result.ids
    snapshot = order.index(FROM_SNAPSHOT)
    assert order[snapshot:snapshot + 3] == [FROM_SNAPSHOT, FROM_BIB, "2410.16236"], order
    votes = [p["upvotes"] for p in result.json]
    known = [v for v in votes[:snapshot] if v is not None]
    assert known == sorted(known, reverse=True) and known[-1] == 0
    assert all(v in (0, None) for v in votes[snapshot:]), votes


def test_an_export_read_back_keeps_the_counts_unknown(mixed: Papers, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Into a fresh home: the table shows "—" for them again (and the Hub's 0 as 0), and
    the library exports the same JSON it was read from."""
    exported = mixed("export", "--format", "json", "-o", str(tmp_path / "all.json"))
    assert exported.exit_code == 0, exported.stderr
    first = (tmp_path / "all.json").read_text(encoding="utf-8")
    isolate(tmp_path / "again", monkeypatch)
    imported = mixed("import", str(tmp_path / "all.json"))
    assert imported.exit_code == 0 and "warning" not in imported.stderr, imported.stderr
    table = mixed("search", "--offline", "-n", "0", "--columns", "upvotes,comments,id")
    assert table.exit_code == 0, table.stderr
    cells = {line.split()[-1]: line.split()[1:3] for line in table.stdout.splitlines()[2:]
             if len(line.split()) == 4}
    assert cells[FROM_BIB] == cells[FROM_SNAPSHOT] == ["—", "—"], table.stdout
    assert cells[HUB_ZERO] == ["0", "0"] and cells[HUB_SOME] == ["12", "0"], table.stdout
    again = mixed("export", "--format", "json")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first


def test_documents_do_not_claim_zero_upvotes(mixed: Papers) -> None:
    """Markdown and the HTML digest print no "▲ 0" for them, and a Hub paper's 0 as 0."""
    for fmt in ("md", "html"):
        doc = mixed("search", "--offline", "--starred", "--format", fmt)
        assert doc.exit_code == 0, doc.stderr
        assert "Only On The Preprint Server" in doc.stdout and "▲" not in doc.stdout, fmt
    whole = mixed("export", "--format", "md")
    assert whole.exit_code == 0, whole.stderr
    sections = {pid: part for part in whole.stdout.split("\n## ")[1:]
                for pid in (*UNLISTED, HUB_ZERO) if f"arxiv.org/abs/{pid})" in part}
    assert "▲" not in sections[FROM_BIB] and "▲" not in sections[FROM_SNAPSHOT]
    assert "▲ 0" in sections[HUB_ZERO], sections[HUB_ZERO]


async def test_the_mcp_tools_say_null(mixed: Papers) -> None:
    async with server() as session:
        shown = await call(session, "show_paper", id=FROM_SNAPSHOT)
        assert (shown["upvotes"], shown["comments"]) == (None, None)
        found = counts(await call(session, "search", query="preprint server",
                                  detail="full"))
        assert found[FROM_SNAPSHOT] == (None, None)
        hub = await call(session, "show_paper", id=HUB_ZERO)
        assert (hub["upvotes"], hub["comments"]) == (0, 0)
