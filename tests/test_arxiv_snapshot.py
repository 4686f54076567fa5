"""`papers import` of arXiv's metadata snapshot: field shapes, --category, recognition by
content, bad lines, merging with Hub records both ways, resume after a real Ctrl-C."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, interrupt_when, meta_stored
from papercli import arxiv_listing

FIXTURE = Path(__file__).parent / "data" / "arxiv" / "snapshot.jsonl"

HUB_PAPER = {
    "id": "2401.01055",
    "title": "Tide Tables for Tokens",
    "summary": "Hub abstract.",
    "authors": [{"name": "Mirela Okonkwo-Hart"}],
    "publishedAt": "2024-01-03T00:00:00.000Z",
    "upvotes": 42,
    "ai_summary": "Attention drifts; tide tables predict it.",
    "githubRepo": "https://github.com/example/tide-tables",
}


def rows(home: Home) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(home.library)
    conn.row_factory = sqlite3.Row
    try:
        return {r["id"]: dict(r) for r in conn.execute("SELECT * FROM papers")}
    finally:
        conn.close()


def line(pid: str, title: str, categories: str = "cs.CL", version: int = 1) -> str:
    versions = [{"version": f"v{v}", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}
                for v in range(1, version + 1)]
    return json.dumps({"id": pid, "title": title, "authors": "A. Inventor",
                       "categories": categories, "abstract": "Invented.",
                       "versions": versions, "authors_parsed": [["Inventor", "A.", ""]]})


def test_every_field_shape_of_the_fixture(papers, home: Home) -> None:
    result = papers("import", str(FIXTURE))
    assert result.exit_code == 0, result.stderr
    assert "read 9 lines from snapshot.jsonl: 5 new" in result.stderr
    assert "skipped 4 bad lines" in result.stderr
    got = rows(home)
    assert set(got) == {"0704.0001", "hep-th/9901001", "cs/0112017", "2401.01055", "2402.00077"}
    first = got["0704.0001"]
    assert first["version"] == 2
    assert first["published_at"].startswith("2007-04-02")
    assert first["updated_at"].startswith("2007-07-24")
    assert first["title"] == "Calculation of imaginary cross sections at invented colliders"
    assert first["doi"] == "10.5555/invented.76.013009"
    assert first["journal_ref"] == "Phys.Rev.D76:013009,2007"
    assert first["comment"] == "37 pages, 15 figures"
    assert first["sources"] == "arxiv"
    old = got["hep-th/9901001"]
    assert old["doi"] is None and old["comment"] is None
    assert json.loads(old["authors"]) == ["Q. Example", "R. Sample Jr"]  # suffix kept
    assert old["categories"].split() == ["hep-th", "math.AG"]
    assert old["primary_category"] == "hep-th"
    cs = got["cs/0112017"]  # authors_parsed junk: the free-text authors instead
    assert cs["version"] == 3
    assert json.loads(cs["authors"]) == ["Dana Old", "Eli Older"]
    unordered = got["2401.01055"]  # versions listed out of order
    assert unordered["version"] == 2
    assert unordered["published_at"].startswith("2024-01-02")
    minimal = got["2402.00077"]
    assert minimal["version"] is None and minimal["categories"] == "stat.ML"


@pytest.mark.parametrize(("pattern", "expected"), [
    (["cs.*"], {"cs/0112017", "2401.01055"}),
    (["hep-th"], {"hep-th/9901001"}),
    (["math"], {"hep-th/9901001"}),  # an archive covers its categories, any-of categories
    (["stat.ML", "hep-ph"], {"2402.00077", "0704.0001"}),
])
def test_category_patterns_and_archives(papers, home: Home, pattern: list[str],
                                         expected: set[str]) -> None:
    args = [a for p in pattern for a in ("--category", p)]
    result = papers("import", str(FIXTURE), *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert set(rows(home)) == expected
    snap = json.loads(result.stdout)["snapshots"][0]
    assert snap["added"] == len(expected)
    assert snap["not_in_categories"] == 5 - len(expected)
    assert snap["bad_lines"] == 4


@pytest.mark.parametrize("bad", ["cs.XX", "quantum.*"])
def test_unknown_category_is_a_usage_error(papers, home: Home, bad: str) -> None:
    result = papers("import", str(FIXTURE), "--category", bad)
    assert result.exit_code == 2
    assert "unknown arXiv category" in result.stderr
    assert not home.library.exists() or not rows(home)


def test_recognised_by_content_not_name(papers, home: Home, tmp_path: Path) -> None:
    renamed = tmp_path / "notes.txt"
    shutil.copy(FIXTURE, renamed)
    result = papers("import", str(renamed))
    assert result.exit_code == 0, result.stderr
    assert "read 9 lines from notes.txt: 5 new" in result.stderr
    hub_file = tmp_path / "hub.jsonl"  # a Hub object on one line is still a Hub import
    hub_file.write_text(json.dumps(HUB_PAPER) + "\n", encoding="utf-8")
    result = papers("import", str(hub_file))
    assert result.exit_code == 0, result.stderr
    assert "read 1 paper from 1 file: 1 updated\n" in result.stderr


def test_gzip_by_magic_bytes(papers, home: Home, tmp_path: Path) -> None:
    zipped = tmp_path / "snap.json.gz"
    zipped.write_bytes(gzip.compress(FIXTURE.read_bytes()))
    result = papers("import", str(zipped), "--category", "cs")
    assert result.exit_code == 0, result.stderr
    assert set(rows(home)) == {"cs/0112017", "2401.01055"}


def test_a_gzipped_snapshots_bar_knows_how_much_is_left(home: Home, tmp_path: Path) -> None:
    """A gzipped snapshot's bar counted what it unpacked to, of no total ("46.8/? MB" for
    minutes, no telling how much was left): it counts the file's bytes read, of its size."""
    import re

    from test_terminal import on_pty

    zipped = tmp_path / "snap.json.gz"
    zipped.write_bytes(gzip.compress("".join(
        line(f"2403.{n:05d}", f"Paper {n}") + "\n" for n in range(1, 20001)).encode()))
    code, text, _ = on_pty("import", str(zipped), cols=100, stderr_on_pty=True)
    assert code == 0, text
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    assert "importing snap.json.gz" in plain, plain
    assert "/?" not in plain, plain
    assert re.search(r"(\d+(?:\.\d+)?)/\1 (?:bytes|kB|MB)", plain), plain  # to its end
    assert "read 20,000 lines from snap.json.gz: 20,000 new" in plain, plain


def test_a_gzipped_snapshot_cut_off_keeps_the_papers_before_the_cut(
        papers, home: Home, tmp_path: Path) -> None:
    """A download that did not finish read as "unexpected EOFError: Compressed file ended
    before the end-of-stream marker was reached … please report it", and kept none of the
    papers before the cut (they were fewer than a batch)."""
    import re

    whole = gzip.compress("".join(line(f"2403.{n:05d}", f"Paper {n} on tides") + "\n"
                                  for n in range(1, 3001)).encode())
    cut = tmp_path / "snap.json.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    result = papers("import", str(cut), env={"PAPERS_DEBUG": "1"})  # (all of it, kept)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    said = re.fullmatch(
        r"papers: error: cannot read \S*/snap\.json\.gz after line ([0-9,]+): its gzip data ends "
        r"early \(a download that did not finish\?\); the ([0-9,]+) papers before it are "
        r"in the library — download it again and run the same command \(papers already "
        r"stored are not written again\)\n", result.stderr)
    assert said, result.stderr
    kept = len(rows(home))
    assert 0 < kept == int(said[2].replace(",", "")) <= int(said[1].replace(",", "")) < 3000
    # the whole file, downloaded again: the rest is added, the papers kept left alone
    cut.write_bytes(whole)
    again = papers("import", str(cut))
    assert again.exit_code == 0, again.stderr
    assert f"{3000 - kept:,} new, {kept:,} unchanged" in again.stderr
    # a damaged one, and Hub JSON cut off, say what happened too
    damaged = bytearray(whole)
    damaged[-6] ^= 0xFF  # its CRC
    cut.write_bytes(bytes(damaged))
    broken = papers("import", str(cut))
    assert broken.exit_code == 1
    assert "snap.json.gz: its gzip data is damaged after line " in broken.stderr, broken.stderr
    assert "(CRC check failed" in papers("import", str(cut), env={"PAPERS_DEBUG": "1"}).stderr
    hub = tmp_path / "hub.json.gz"
    hub.write_bytes(gzip.compress(json.dumps([HUB_PAPER] * 50).encode())[:200])
    cut_hub = papers("import", str(hub))
    assert cut_hub.exit_code == 1
    assert cut_hub.stderr.endswith("hub.json.gz: its gzip data ends early\n"), cut_hub.stderr
    assert len(cut_hub.stderr.splitlines()) == 1


def test_bad_and_overlong_lines_are_counted(papers, home: Home, tmp_path: Path) -> None:
    big = json.dumps({"id": "2403.00001", "title": "x", "abstract": "y" * (5 << 20),
                      "categories": "cs.CL", "versions": []})
    src = tmp_path / "snap.json"
    src.write_text("\n".join([line("2403.00002", "First"), big, "{broken",
                              line("2403.00003", "Last")]) + "\n", encoding="utf-8")
    result = papers("import", str(src), "--json")
    assert result.exit_code == 0, result.stderr
    snap = json.loads(result.stdout)["snapshots"][0]
    assert (snap["added"], snap["bad_lines"]) == (2, 2)
    assert "longer than" in snap["bad_line_reasons"][0], snap
    assert set(rows(home)) == {"2403.00002", "2403.00003"}


def test_bad_lines_say_why_in_words_and_how_many_more(papers, home: Home,
                                                       tmp_path: Path) -> None:
    """A line that was not JSON said "not JSON (JSONDecodeError)", a Python class name,
    and "skipped 5 bad lines" named three of them without a word of the other two. In 80
    columns (it made 230) where the lines are and --json, why: the first 20 reasons."""
    src = tmp_path / "snap.json"
    src.write_bytes(b"\n".join([
        line("2403.00001", "First").encode(), b"{broken", b'{"id": "\xff"}', b"[]",
        b'{"id": "2403.00002",}', b'{"id": "no id here"}', line("2403.00003", "Last").encode(),
    ]) + b"\n")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    warning, summary = result.stderr.splitlines()
    # (the first reason without its parenthesis, the others counted; --json says each)
    assert warning == ("papers: warning: snap.json: skipped 5 bad lines (line 2: not JSON; "
                       "and 4 more)")
    assert "read 7 lines from snap.json: 2 new, skipped 5 bad " \
        "lines" in summary, summary
    said = papers("import", str(src), "--json")
    [snap] = json.loads(said.stdout)["snapshots"]
    assert snap["bad_line_reasons"] == [
        "line 2: not JSON (expecting property name enclosed in double quotes at column 2)",
        "line 3: not UTF-8 text", "line 4: not a JSON object",
        "line 5: not JSON (expecting property name enclosed in double quotes at column 21)",
        "line 6: id 'no id here' is not an arXiv id"], snap


def test_an_id_written_as_a_number_is_refused_as_a_number(papers, home: Home,
                                                          tmp_path: Path) -> None:
    """A dump re-written by a tool that read the ids as numbers has `"id": 704.001` for
    0704.0010 (the zero is gone for good): such a line was "no id", and a file whose first
    line it was was not read as a snapshot at all ("item 1: missing id")."""
    def numbered(number: float, title: str) -> str:
        record = json.loads(line("0704.0000", title))
        record["id"] = number
        return json.dumps(record)

    src = tmp_path / "s.json"
    src.write_text("\n".join([numbered(704.001, "Numbered first"),
                              line("0704.0002", "Kept as text"),
                              numbered(1402, "Numbered too")]) + "\n", encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    warning = result.stderr.splitlines()[0]
    assert warning == ("papers: warning: s.json: skipped 2 bad lines (line 1, line 3; "
                       "--json says why)"), result.stderr
    assert set(rows(home)) == {"0704.0002"}
    [snap] = json.loads(papers("import", str(src), "--json").stdout)["snapshots"]
    assert snap["bad_line_reasons"] == [
        "line 1: id is a number, not text (704.001: an id read as a number loses its "
        "zeros)",
        "line 3: id is a number, not text (1402: an id read as a number loses its zeros)"]


def test_a_piece_of_a_snapshot_split_by_size_is_one(papers, home: Home,
                                                    tmp_path: Path) -> None:
    """`split -b 1G` cuts a snapshot inside a line: the second piece, whose first line is
    the tail of one, was refused whole ("not valid JSON"); its cut line is a bad line."""
    whole = "".join(line(f"2403.{n:05d}", f"Paper {n}") + "\n" for n in range(1, 101))
    piece = tmp_path / "part-ab"
    piece.write_text(whole[40:], encoding="utf-8")
    result = papers("import", str(piece))
    assert result.exit_code == 0, result.stderr
    assert "part-ab: skipped 1 bad line (line 1: not JSON)" in result.stderr, \
        result.stderr
    assert "read 100 lines from part-ab: 99 new" in result.stderr, result.stderr
    assert len(rows(home)) == 99
    # a line that is no JSON at all, cut where a control character is in a string
    (tmp_path / "part-ac").write_text('{"id": "24\t03.1"}\n' + whole, encoding="utf-8")
    again = papers("import", str(tmp_path / "part-ac"), "--json")
    [snap] = json.loads(again.stdout)["snapshots"]
    assert snap["bad_line_reasons"][0].startswith(
        "line 1: not JSON (invalid control character at column "), snap


def test_merge_with_hub_record_both_ways(papers, home: Home, tmp_path: Path) -> None:
    hub_file = tmp_path / "hub.json"
    hub_file.write_text(json.dumps([HUB_PAPER]), encoding="utf-8")
    # Hub first, then the snapshot: the Hub's fields stay.
    assert papers("import", str(hub_file)).exit_code == 0
    assert papers("import", str(FIXTURE)).exit_code == 0
    merged = rows(home)["2401.01055"]
    assert merged["upvotes"] == 42
    assert merged["ai_summary"] == HUB_PAPER["ai_summary"]
    assert merged["github_repo"] == HUB_PAPER["githubRepo"]
    assert merged["version"] == 2 and merged["categories"] == "cs.CL cs.LG"
    assert merged["sources"] == "arxiv hf"
    # The snapshot first (a fresh library), then the Hub: arXiv's fields stay.
    home.library.unlink()
    assert papers("import", str(FIXTURE)).exit_code == 0
    assert papers("import", str(hub_file)).exit_code == 0
    merged = rows(home)["2401.01055"]
    assert merged["version"] == 2 and merged["categories"] == "cs.CL cs.LG"
    assert merged["upvotes"] == 42 and merged["sources"] == "arxiv hf"


def test_rerun_leaves_stored_versions_alone(papers, home: Home, tmp_path: Path) -> None:
    src = tmp_path / "snap.json"
    src.write_text(line("2404.00001", "One") + "\n" + line("2404.00002", "Two") + "\n",
                   encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    src.write_text(line("2404.00001", "One") + "\n" + line("2404.00002", "Two v2", version=2)
                   + "\n", encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    assert ": 1 updated, 1 unchanged" in result.stderr
    assert rows(home)["2404.00002"]["title"] == "Two v2"


def test_a_paper_first_seen_in_an_announcement_gets_the_snapshots_fields(
        papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The announcement knows neither v1's date of a replacement nor any comment; the
    snapshot line of the same version is not skipped as already stored."""
    with ArxivServer() as arx:
        monkeypatch.setenv("ARXIV_RSS_ENDPOINT", arx.rss_url)
        monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.01")
        arx.announce(Paper("2404.00003", "Three", ["cs.CL"], datetime(2024, 4, 1, tzinfo=UTC),
                           version=2))
        assert papers("arxiv", "cs.CL").exit_code == 0
    before = rows(home)["2404.00003"]
    assert before["version"] == 2 and before["published_at"] is None
    record = json.loads(line("2404.00003", "Three", version=2))
    record |= {"comments": "12 pages", "doi": "10.5555/three"}
    src = tmp_path / "snap.json"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    assert ": 1 updated\n" in result.stderr
    after = rows(home)["2404.00003"]
    assert after["published_at"].startswith("2024-01-01")
    assert (after["comment"], after["doi"]) == ("12 pages", "10.5555/three")
    again = papers("import", str(src))  # now it is all there: left alone
    assert ": 1 unchanged\n" in again.stderr


def test_resume_after_ctrl_c(papers, home: Home, tmp_path: Path) -> None:
    total = 40_000
    src = tmp_path / "arxiv-metadata-oai-snapshot.json"
    with src.open("w", encoding="utf-8") as out:
        for i in range(total):
            out.write(line(f"2405.{i:05d}", f"Invented paper {i}") + "\n")

    def one_batch_committed() -> bool:
        return meta_stored(home.library, "snapshot:")

    code, out, err = interrupt_when(one_batch_committed, "import", str(src))
    assert code == 130, err
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err
    kept = len(rows(home))
    assert 0 < kept < total
    result = papers("import", str(src), "--json")
    assert result.exit_code == 0, result.stderr
    snap = json.loads(result.stdout)["snapshots"][0]
    assert snap["resumed_after_line"] > 0
    assert snap["added"] == total - kept  # nothing stored twice, nothing missed
    assert len(rows(home)) == total
    again = papers("import", str(src))  # finished: a third run reads it all, writes nothing
    assert again.exit_code == 0
    assert f": {total:,} unchanged\n" in again.stderr
