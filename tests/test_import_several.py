"""`papers import A B C`, where one of the files cannot be read: the others are read all
the same and summarised, each file refused gets its own error line, and the exit status
is 1, as `cp` says each path it could not copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Home, interrupt_when, one_line


def hub_item(pid: str, title: str) -> dict[str, Any]:
    return {"paper": {"id": pid, "title": title, "summary": "s",
                      "authors": [{"name": "Ann Example"}],
                      "publishedAt": "2024-03-04T08:00:00.000Z"},
            "publishedAt": "2024-03-04T08:00:00.000Z", "title": title}


def hub_file(path: Path, prefix: str, count: int) -> Path:
    path.write_text(json.dumps([hub_item(f"{prefix}.{n:05d}", f"Paper {prefix} {n}")
                                for n in range(count)]), encoding="utf-8")
    return path


def test_a_refused_file_among_several_keeps_the_others_summary(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """A file that is not JSON and one that does not exist, among two good ones: the two
    good ones were imported, yet all the user saw was the first error (no summary, and
    the file after the bad one was never read)."""
    first, last = hub_file(tmp_path / "a.json", "2403", 5), hub_file(tmp_path / "c.json",
                                                                   "2404", 3)
    bad = tmp_path / "b.json"
    bad.write_text("not json at all", encoding="utf-8")
    result = papers("import", str(first), str(bad), str(tmp_path / "gone.json"), str(last))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("papers: read 8 papers from 2 files: 8 new")
    assert lines[1].startswith(f"papers: error: {bad} is not valid JSON"), lines
    assert lines[2] == f"papers: error: {tmp_path / 'gone.json'}: no such file"
    assert len(lines) == 3, lines
    assert result.stdout == ""
    listed = papers("search", "--offline", "Paper", "-n", "0", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert len(listed.json) == 8


def test_json_lists_the_files_that_failed(papers: Any, home: Home, tmp_path: Path) -> None:
    """--json: the counts of what was read, and each refused file with its error."""
    good = hub_file(tmp_path / "a.json", "2403", 2)
    result = papers("import", str(good), str(tmp_path / "gone.json"), "--json")
    assert result.exit_code == 1
    assert result.json["files"] == 1 and result.json["added"] == 2
    assert result.json["failed"] == [{"file": str(tmp_path / "gone.json"),
                                      "error": f"{tmp_path / 'gone.json'}: no such file"}]
    assert result.stderr == f"papers: error: {tmp_path / 'gone.json'}: no such file\n"


def test_a_file_broken_part_way_is_summarised_with_the_others(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """The papers before the break are in the summary; the error says where it broke.
    A file that gave nothing (a list of ids) adds nothing to the counts."""
    good = hub_file(tmp_path / "a.json", "2403", 2)
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps([hub_item("2405.00001", "Kept")])[:-1] + ", {\"paper\":",
                   encoding="utf-8")
    ids = tmp_path / "ids.json"
    ids.write_text('["2401.01055", "2401.01056"]', encoding="utf-8")
    result = papers("import", str(good), str(ids), str(cut))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("papers: read 3 papers from 2 files: 3 new"), lines
    assert lines[1].startswith(f"papers: error: {ids} is a JSON list of arXiv ids"), lines
    assert lines[2].startswith(f"papers: error: {cut} is cut off"), lines  # (the gist)
    assert "; 1 paper before it kept" in lines[2]
    assert len(lines) == 3, lines


def test_a_file_cut_part_way_is_counted_alike_by_the_summary_and_json(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """`import a.json cut.json`: the summary said "from 2 files" and --json `"files": 1`.
    A file whose papers before its cut are kept and counted is one of the files read
    (and `failed` names it too), in both; so is a gzipped snapshot cut off."""
    import gzip

    good = hub_file(tmp_path / "a.json", "2403", 2)
    whole = json.dumps([hub_item(f"2405.{n:05d}", f"Kept {n}") for n in range(3)])
    cut = tmp_path / "cut.json"
    cut.write_text(whole[: len(whole) * 3 // 4], encoding="utf-8")
    said = papers("import", str(good), str(cut))
    assert said.exit_code == 1
    assert said.stderr.splitlines()[0] == "papers: read 4 papers from 2 files: 4 new"
    again = papers("import", str(good), str(cut), "--json")
    assert again.exit_code == 1
    assert (again.json["files"], again.json["read"]) == (2, 4), again.json
    assert [failed["file"] for failed in again.json["failed"]] == [str(cut)]

    lines = "".join(json.dumps({
        "id": f"2406.{n:05d}", "title": f"Tide {n}", "authors": "A. Inventor",
        "categories": "cs.CL", "abstract": "Invented.",
        "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}],
        "authors_parsed": [["Inventor", "A.", ""]]}) + "\n" for n in range(3000))
    packed = gzip.compress(lines.encode())
    snap = tmp_path / "snap.json.gz"
    snap.write_bytes(packed[: len(packed) // 2])
    both = papers("import", str(good), str(snap), "--json")
    assert both.exit_code == 1
    assert both.json["files"] == 2, both.json
    assert [s["file"] for s in both.json["snapshots"]] == [str(snap)]
    assert [failed["file"] for failed in both.json["failed"]] == [str(snap)]


def test_one_refused_file_alone_is_one_error_line(papers: Any, home: Home,
                                                  tmp_path: Path) -> None:
    """Nothing read: no summary of nothing, the error alone (with --json, no output)."""
    for args in ((), ("--json",)):
        result = papers("import", str(tmp_path / "gone.json"), *args)
        assert result.exit_code == 1
        assert result.stderr == f"papers: error: {tmp_path / 'gone.json'}: no such file\n"
        assert result.stdout == ""


def test_skipped_items_are_said_where_they_are(papers: Any, home: Home,
                                               tmp_path: Path) -> None:
    """"skipped 5 unusable items (not an object; not an object; not an object)": which
    items, of a file of thousands, was left to guess, and the two not named went unsaid.
    Each reason now says its item's place (and file, of several), then how many more: as
    many as fit 80 columns (three made 115)."""
    items: list[Any] = [hub_item("2403.00001", "Good"), 7, {"paper": {"id": "2403.00002"}},
                        "x", None, [], hub_item("2403.00003", "Also good")]
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps(items), encoding="utf-8")
    result = papers("import", str(mixed))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "papers: warning: skipped 5 unusable items (item 2: not an object; and 4 more)")
    other = hub_file(tmp_path / "other.json", "2404", 1)
    several = papers("import", str(other), str(mixed))
    assert several.exit_code == 0, several.stderr
    assert several.stderr.splitlines()[0] == (
        "papers: warning: skipped 5 unusable items (--json says why)")
    assert papers("import", str(other), str(mixed), "--json").json["skipped_reasons"][:2] == [
        "mixed.json item 2: not an object", "mixed.json item 3: 2403.00002: missing title"]


def test_a_file_of_no_papers_is_an_error_alone_and_among_several(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """A file each of whose items is skipped said "read 3 papers from 1 file: 0 new, 0
    updated, 0 unchanged, 3 skipped" and exit 0, as though it had been imported: it is
    one error line saying why its first item was skipped, exit 1; among several files,
    the error follows the others' summary."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"paper": {"id": "2403.00001"}}, 7, {"x": 1}]),
                   encoding="utf-8")
    for args in ((), ("--json",)):
        alone = papers("import", str(bad), *args)
        assert alone.exit_code == 1
        assert alone.stdout == ""
        assert len(alone.stderr.splitlines()) == 1
        assert alone.stderr.startswith(
            f"papers: error: no papers in {bad}: 3 items skipped, first: 2403.00001: "
            "missing title — "), alone.stderr
    piped = papers("import", "-", input="[7]")
    assert (piped.exit_code, piped.stderr) == (1, (  # (in 80 columns: 95 with the count;
        "papers: error: no papers in standard input (not an object)\n"))  # the reason kept)
    good = hub_file(tmp_path / "good.json", "2404", 2)
    several = papers("import", str(good), str(bad))
    assert several.exit_code == 1
    assert several.stderr.splitlines() == [
        "papers: read 2 papers from 1 file: 2 new",
        one_line(alone.stderr)]
    listed = papers("import", str(bad), str(good), "--json")
    assert listed.exit_code == 1
    assert (listed.json["read"], listed.json["skipped"]) == (2, 0)
    assert listed.json["failed"][0]["error"].startswith(f"no papers in {bad}: 3 items")


def test_an_empty_list_reads_no_papers_without_a_row_of_zeros(papers: Any, home: Home,
                                                               tmp_path: Path) -> None:
    """A day with no papers (`[]`) said "read 0 papers from 1 file: 0 new, 0 updated, 0
    unchanged, 0 skipped": the counts of none are left out, as `papers sync` leaves them."""
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    result = papers("import", str(empty))
    assert (result.exit_code, result.stderr) == (0, "papers: read 0 papers from 1 file\n")


def test_standard_input_twice_is_a_usage_error(papers: Any, home: Home,
                                               tmp_path: Path) -> None:
    """`papers import - -` read the input once, then said "standard input is empty"."""
    data = json.dumps([hub_item("2403.00001", "Good")])
    result = papers("import", "-", "-", input=data)
    assert result.exit_code == 2
    assert result.stderr == ("papers: error: - is given more than once — standard input can "
                             "be read only once\n")  # (in 80 columns: it made 92)
    assert papers("import", "-", input=data).exit_code == 0


def test_ctrl_c_in_a_later_file_keeps_the_earlier_ones_and_the_library_whole(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """Ctrl-C while the third of three files is read (the second refused): exit 130, the
    refused file's error and then one line saying how many papers are kept (the first
    file's, and the third's stored batch), a library `cache info --check` finds whole,
    whose papers `search` finds; the same command again brings in the rest."""

    from papercli import library
    from papercli.db.store import Store

    first = hub_file(tmp_path / "a.json", "2401", 3)
    gone = tmp_path / "gone.json"
    piped = [hub_item(f"2403.{n:05d}", f"Quince study {n}")
             for n in range(2 * library.IMPORT_BATCH - 1)]
    kept = 3 + library.IMPORT_BATCH

    def stored() -> int:
        if not home.library.exists():
            return 0
        with Store.open(home.library) as store:
            return int(store.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    args = ["import", str(first), str(gone), "-"]
    code, out, err = interrupt_when(lambda: stored() >= kept, *args,
                                    stdin="".join(json.dumps(i) + "\n" for i in piped))
    assert (code, out) == (130, ""), err
    assert err.splitlines() == [
        f"papers: error: {gone}: no such file",
        f"papers: error: interrupted — {kept:,} papers kept; pipe it in again to resume"]
    assert stored() == kept
    check = papers("cache", "info", "--check", "--json")
    assert check.exit_code == 0, check.stderr
    assert all(found["count"] == 0 for found in check.json["damaged"].values()), check.json
    found = papers("search", "--offline", "quince", "-n", "0", "--json")
    assert found.exit_code == 0, found.stderr
    assert len(found.json) == library.IMPORT_BATCH

    gone.write_text("[]", encoding="utf-8")
    again = papers(*args, "--json", input="".join(json.dumps(i) + "\n" for i in piped))
    assert again.exit_code == 0, again.stderr
    assert (again.json["added"], again.json["unchanged"]) == (
        len(piped) - library.IMPORT_BATCH, kept)
    assert stored() == 3 + len(piped)


def test_tag_on_a_hub_file_warns_in_80_columns(papers: Any, home: Home, tmp_path: Path) -> None:
    """`import hub.json --tag x`: the papers of Hub JSON are not tagged, said in one line
    of 80 columns (127 before, naming the formats that are)."""
    from papercli.terminal import cell_width

    result = papers("import", str(hub_file(tmp_path / "a.json", "2403", 2)), "--tag", "x")
    assert result.exit_code == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning == ["papers: warning: --tag tags BibTeX, CSL-JSON and RIS papers only, "
                       "not JSON's"]
    assert cell_width(warning[0]) <= 80


def test_tag_says_which_files_it_tags_whatever_json_they_are(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """`--tag` on papercli's own JSON export warned "papers from Hub JSON and arXiv
    snapshots were not tagged", naming two formats the file was not: now it says what
    --tag tags, and that a JSON file's papers are not among them."""
    hub = hub_file(tmp_path / "hub.json", "2403", 2)
    assert papers("import", str(hub)).exit_code == 0
    assert papers("star", "2403.00000").exit_code == 0
    own = tmp_path / "starred.json"
    exported = papers("starred", "-f", "json", "-o", str(own))
    assert exported.exit_code == 0, exported.stderr
    for path in (hub, own):
        result = papers("import", str(path), "--offline", "--tag", "later")
        assert result.exit_code == 0, result.stderr
        warning = "papers: warning: --tag tags BibTeX, CSL-JSON and RIS papers only, not " \
            "JSON's"
        assert result.stderr.splitlines()[0] == warning, result.stderr
        assert len(warning) <= 80
    tagged = papers("search", "--offline", "--tag", "later", "-f", "ids")
    assert tagged.stdout == ""


def test_category_on_files_no_snapshot_warns_they_came_in_whole(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """`import hub.json refs.bib --category cs.CL` imported every paper without a word,
    as if they had been picked by their categories: --category picks a snapshot's papers
    alone, and the line says the others came in whole (a snapshot beside them, no word)."""
    hub = hub_file(tmp_path / "hub.json", "2403", 2)
    bib = Path(__file__).parent / "data" / "refs" / "zotero.bib"
    warning = "papers: warning: --category is for snapshots: other files were imported whole"
    assert len(warning) <= 80
    for files in ((hub,), (bib,)):
        result = papers("import", *map(str, files), "--offline", "--category", "cs.CL")
        assert result.exit_code == 0, result.stderr
        assert warning in result.stderr.splitlines(), result.stderr
    listed = papers("search", "--offline", "-f", "ids", "-n", "0")
    assert {"2403.00000", "2403.00001"} <= set(listed.stdout.split())
    snapshot = Path(__file__).parent / "data" / "arxiv" / "snapshot.jsonl"
    alone = papers("import", str(snapshot), "--category", "cs.CL")
    assert alone.exit_code == 0 and "--category is" not in alone.stderr, alone.stderr
