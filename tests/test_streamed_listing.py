"""An unlimited library listing (`papers search -n 0`, with or without a query, and
`papers export`) streams: papers are read from the library's cursor (or the index's
ranked pages) as the output is written, so memory stays flat however many match.
Measured here with tracemalloc (the Python objects a command holds; SQLite's own page
cache is bounded by its cache_size) on a generated library: ten times the papers must
not cost anything like ten times the memory."""

from __future__ import annotations

import copy
import json
import tracemalloc
from pathlib import Path
from typing import Any

from hubserver import seed_items

FAMILY_TITLE = "LLaMA scaling study number {n}: {words}"
WORDS = ["adapter", "attention", "benchmark", "corpus", "decoder", "encoder", "finetune",
         "gradient", "hallucination", "instruction"]


def items(n: int, start: int = 0) -> list[dict[str, Any]]:
    """n Hub-shaped items of papers naming LLaMA, each with a 2 KB abstract (so a
    listing held in memory shows: ~3 KB a paper)."""
    base = seed_items()[0]
    out = []
    for i in range(start, start + n):
        item = copy.deepcopy(base)
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00.000Z"
        words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(6))
        item["paper"].update(id=f"2401.{i:05d}", title=FAMILY_TITLE.format(n=i, words=words),
                             summary=f"{words} {i} " * 40, publishedAt=day,
                             submittedOnDailyAt=day)
        item["publishedAt"] = day
        item["title"] = item["paper"]["title"]
        out.append(item)
    return out


def fill(papers: Any, tmp_path: Path, n: int, start: int = 0) -> None:
    src = tmp_path / f"items-{start}.json"
    src.write_text(json.dumps(items(n, start)), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr


def peak_bytes(papers: Any, *argv: str) -> int:
    """The most Python memory a command held at once (its output goes to a file)."""
    tracemalloc.start()
    try:
        result = papers(*argv)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0, result.stderr
    return peak


def test_an_unlimited_family_listing_holds_one_page(papers: Any, tmp_path: Path) -> None:
    fill(papers, tmp_path, 300)
    out = tmp_path / "out.json"
    listing = ("search", "--family", "LLaMA", "-n", "0", "--offline", "--format", "json",
               "--force", "-o", str(out))
    export = ("export", "--family", "LLaMA", "--format", "json", "--force", "-o", str(out))
    peak_listing = peak_bytes(papers, *listing)  # (a first run: the modules load)
    small = [peak_bytes(papers, *listing), peak_bytes(papers, *export)]
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 300
    fill(papers, tmp_path, 1500, start=300)
    big = [peak_bytes(papers, *listing), peak_bytes(papers, *export)]
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 1800
    # Held whole, 1,500 more papers of ~3 KB would add ~4.5 MB; streamed, nothing
    # (a page of 100 rows at most, already full with the first 300).
    for before, after in zip(small, big, strict=True):
        assert after - before < 1_000_000, (small, big, peak_listing)


def test_the_stream_is_the_listing(papers: Any, tmp_path: Path) -> None:
    """Streamed (-n 0) or picked as a page (-n 1000): the same papers in the same order,
    the hidden one left out of both, and the caption counts without it."""
    fill(papers, tmp_path, 40)
    hidden = "2401.00007"
    assert papers("hide", hidden).exit_code == 0
    streamed = papers("search", "--family", "LLaMA", "-n", "0", "--offline", "--json")
    paged = papers("search", "--family", "LLaMA", "-n", "1000", "--offline", "--json")
    assert streamed.exit_code == 0 and paged.exit_code == 0, streamed.stderr
    assert streamed.ids == paged.ids and len(streamed.ids) == 39 and hidden not in streamed.ids
    assert streamed.stdout == paged.stdout
    table = papers("search", "--family", "LLaMA", "-n", "0", "--offline", "--no-pager")
    assert "39 papers" in table.stdout
    marked = papers("search", "--family", "LLaMA", "-n", "0", "--offline", "--json",
                    "--hidden")
    assert len(marked.ids) == 40
    assert [p["id"] for p in marked.json if p.get("hidden")] == [hidden]
    tagged = "2401.00003"
    assert papers("tag", tagged, "mine").exit_code == 0
    with_tags = papers("search", "--family", "LLaMA", "-n", "0", "--offline", "--json")
    assert {p["id"]: p.get("tags") for p in with_tags.json if p.get("tags")} == {
        tagged: ["mine"]}


def test_an_unlimited_search_holds_one_page(papers: Any, tmp_path: Path) -> None:
    """`search WORDS -n 0`: the index ranks a page at a time and the rows are read a
    hundred at a time, so 1,500 more matches cost next to nothing (held whole: ~4.5 MB)."""
    fill(papers, tmp_path, 300)
    out = tmp_path / "out.json"
    argv = ("search", "scaling", "-n", "0", "--offline", "--format", "json", "--force",
            "-o", str(out))
    peak_bytes(papers, *argv)  # (a first run: the modules load)
    small = peak_bytes(papers, *argv)
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 300
    fill(papers, tmp_path, 1500, start=300)
    big = peak_bytes(papers, *argv)
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 1800
    assert big - small < 1_000_000, (small, big)


def test_the_streamed_search_is_the_search(papers: Any, tmp_path: Path, monkeypatch: Any
                                           ) -> None:
    """Streamed (-n 0, read in pages of 7 here) or ranked as one page (-n 1000): the same
    papers in the same order and the same caption, with a hidden paper left out, a filter
    only Python checks (--exclude), and --hidden marking instead."""
    from papercli.db import textquery

    monkeypatch.setattr(textquery, "STREAM_PAGE", 7)
    fill(papers, tmp_path, 40)
    hidden = "2401.00007"
    assert papers("hide", hidden).exit_code == 0
    for extra in ((), ("--exclude", "decoder"), ("--family", "LLaMA")):
        streamed = papers("search", "attention", *extra, "-n", "0", "--offline", "--json")
        paged = papers("search", "attention", *extra, "-n", "1000", "--offline", "--json")
        assert streamed.exit_code == 0 and paged.exit_code == 0, streamed.stderr
        assert streamed.ids == paged.ids and hidden not in streamed.ids, extra
        assert streamed.stdout == paged.stdout
        assert 7 < len(streamed.ids) < 40, extra  # more than one page, fewer than all
        tables = [papers("search", "attention", *extra, "-n", n, "--offline", "--no-pager")
                  for n in ("0", "1000")]
        assert tables[0].stdout == tables[1].stdout
        assert f"{len(streamed.ids)} papers" in tables[0].stdout, tables[0].stdout
    marked = papers("search", "attention", "-n", "0", "--offline", "--json", "--hidden")
    assert [p["id"] for p in marked.json if p.get("hidden")] == [hidden]


def test_a_streamed_search_fuses_the_hubs_and_the_notes_hits_as_the_search_does(
        papers: Any, hub: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """Online `search -n 0`: the Hub's hits (and a note's) are placed among the streamed
    local hits where fusing whole lists puts them (-n 1000), the local list never held:
    Hub hits that the library ranks first, deep (pages of 7 here), or not at all (another
    family, under --family), one hidden, and a paper found by its note."""
    from papercli.db import textquery

    monkeypatch.setattr(textquery, "STREAM_PAGE", 7)
    fill(papers, tmp_path, 40)
    library = items(40)
    for i in (0, 3, 17, 31, 38):  # some the library ranks high, some deep
        hub.add_paper(library[i]["paper"])
    other = items(3, start=100)
    for item in other:  # on the Hub only, and not LLaMA papers
        item["paper"]["title"] = item["paper"]["title"].replace("LLaMA", "Mamba")
        hub.add_paper(item["paper"])
    hidden = library[17]["paper"]["id"]
    assert papers("hide", hidden).exit_code == 0
    assert papers("note", library[22]["paper"]["id"], "-m", "attention sinks",
                  "--offline").exit_code == 0
    shown = {}
    for extra in ((), ("--family", "LLaMA")):
        streamed = papers("search", "attention", *extra, "-n", "0", "--json")
        whole = papers("search", "attention", *extra, "-n", "1000", "--json")
        shown[extra] = streamed.ids
        assert streamed.exit_code == 0 and whole.exit_code == 0, streamed.stderr
        assert streamed.stdout == whole.stdout, extra
        assert hidden not in streamed.ids
        assert (other[0]["paper"]["id"] in streamed.ids) == (not extra)
        tables = [papers("search", "attention", *extra, "-n", n, "--no-pager")
                  for n in ("0", "1000")]
        assert tables[0].stdout == tables[1].stdout
    # and the fused stream really came from the stream, never a held list
    from papercli import search as searching

    monkeypatch.setattr(searching, "fuse", None)
    assert papers("search", "attention", "-n", "0", "--json").ids == shown[()]
