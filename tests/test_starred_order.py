"""`starred_order`, a star's place in `papers starred`: written by `papers starred --json`
as `papers export --format json` writes it, so that stars made in the same second come
back from either file in the order the list showed them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Home, Papers, isolate

# (id, arXiv date): the newest paper is starred last, so `--sort new` turns the list around
PAPERS = [("2403.50001", "2024-03-01"), ("2403.50002", "2024-03-02"),
          ("2403.50003", "2024-03-03"), ("2403.50004", "2024-03-04")]


def stocked(papers: Papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Four papers in the library; the first starred alone, a day before the other three
    (one `papers star`, one second); the second read. Their order in `papers starred`."""
    src = tmp_path / "papers.jsonl"
    src.write_text("".join(json.dumps({
        "id": pid, "title": f"Invented paper {n}", "published_at": f"{day}T00:00:00Z",
        "sources": ["hf"]}) + "\n" for n, (pid, day) in enumerate(PAPERS)), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    ids = [pid for pid, _ in PAPERS]
    for when, args in (("2026-02-06T10:30:00Z", ("star", ids[0])),
                       ("2026-02-07T10:30:00Z", ("star", *ids[1:])),
                       ("2026-02-08T10:30:00Z", ("read", ids[1]))):
        monkeypatch.setenv("PAPERS_NOW", when)
        result = papers(*args, "--offline")
        assert result.exit_code == 0, result.stderr
    order = papers("starred", "-f", "ids").stdout.split()
    assert order == [ids[1], ids[2], ids[3], ids[0]]  # one second: in the order given
    return order


def test_starred_json_gives_each_star_its_place_as_the_export_does(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers starred --json` had "starred_at" but not the export's "starred_order": its
    place in the list, whatever the sort or filter of the rows written."""
    order = stocked(papers, tmp_path, monkeypatch)
    exported = papers("export", "--format", "json").json
    places = {p["id"]: p["starred_order"] for p in exported}
    assert places == {pid: n for n, pid in enumerate(order, 1)}
    for args in ((), ("--sort", "new"), ("--unread",), ("-k", "paper", "-n", "2")):
        rows = papers("starred", "--json", *args).json
        assert rows, args
        assert {p["id"]: p["starred_order"] for p in rows} == {
            p["id"]: places[p["id"]] for p in rows}, args
        assert all(list(p).index("starred_order") == list(p).index("starred_at") + 1
                   for p in rows), args  # beside starred_at, as in the export


@pytest.mark.parametrize("sort", [(), ("--sort", "new")], ids=["listed", "new"])
def test_starred_json_imported_on_a_new_machine_keeps_the_order_of_one_second(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        sort: tuple[str, ...]) -> None:
    """Stars of one second came back from `papers starred --json` in the file's order,
    which is not the list's once sorted (`--sort new`: newest paper first): the three
    starred together came back turned around."""
    order = stocked(papers, tmp_path, monkeypatch)
    mine = tmp_path / "stars.json"
    assert papers("starred", "--json", *sort, "-o", str(mine)).exit_code == 0
    isolate(tmp_path / "new-machine", monkeypatch)

    result = papers("import", str(mine), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["restored"]["stars_restored"] == 4
    assert papers("starred", "-f", "ids").stdout.split() == order
    assert papers("starred", "--unread", "-f", "ids").stdout.split() == [
        pid for pid in order if pid != PAPERS[1][0]]
