"""papercli's own JSON and JSON Lines export imported back: every field the library keeps
(dates, links, counts, arXiv's fields, the sources), the day a paper was listed, a
JSON Lines export not taken for arXiv's snapshot, hostile records cleaned and counted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import NOW, Home, Papers, isolate

HUB_ID, BOTH_ID, ARXIV_ID = "2403.10001", "2403.10002", "2403.10003"

HUB_ITEMS: list[dict[str, Any]] = [
    {
        "paper": {
            "id": HUB_ID,
            "title": "Harbour Lights for Sparse Attention",
            "summary": "An invented abstract.\n\nIts second paragraph.",
            "authors": [{"name": "Ilse Varga"}, {"name": "Tomás Okafor"}],
            "publishedAt": "2024-03-14T17:59:01.000Z",
            "submittedOnDailyAt": "2024-03-15T06:12:00.000Z",
            "submittedOnDailyBy": {"user": "harbourmaster"},
            "upvotes": 37,
            "ai_summary": "Sparse attention, lit like a harbour.",
            "ai_keywords": ["sparse attention", "lighthouses"],
            "githubRepo": "https://github.com/example/harbour-lights",
            "projectPage": "https://example.org/harbour",
            "githubStars": 412,
            "numTotalModels": 3,
            "numTotalDatasets": 1,
            "numTotalSpaces": 0,
            "organization": {"name": "harbour-lab", "fullname": "Harbour Lab"},
        },
        "publishedAt": "2024-03-15T06:12:00.000Z",
        "title": "Harbour Lights for Sparse Attention",
        "thumbnail": "https://cdn.example.org/thumbs/2403.10001.png",
        "numComments": 5,
        "submittedBy": {"name": "harbourmaster"},
    },
    {
        "paper": {
            "id": BOTH_ID,
            "title": "Tidal Schedules for Mixture-of-Experts",
            "summary": "Another invented abstract.",
            "authors": [{"name": "Ada Pemberton"}],
            "publishedAt": "2024-03-13T09:00:00.000Z",
            "submittedOnDailyAt": "2024-03-14T07:00:00.000Z",
            "upvotes": 12,
        },
        "publishedAt": "2024-03-14T07:00:00.000Z",
        "title": "Tidal Schedules for Mixture-of-Experts",
        "numComments": 1,
    },
]


def snapshot_line(pid: str, title: str, **more: Any) -> str:
    """One line of arXiv's metadata snapshot (invented)."""
    record = {"id": pid, "submitter": "A. Inventor", "authors": "A. Inventor and B. Maker",
              "title": title, "comments": "9 pages, 2 figures", "journal-ref": None,
              "doi": None, "categories": "cs.LG stat.ML", "abstract": "Invented.",
              "versions": [{"version": "v1", "created": "Tue, 12 Mar 2024 10:00:00 GMT"},
                           {"version": "v2", "created": "Fri, 15 Mar 2024 11:30:00 GMT"}],
              "update_date": "2024-03-16",
              "authors_parsed": [["Inventor", "A.", ""], ["Maker", "B.", ""]]}
    record.update(more)
    return json.dumps(record)


def build(papers: Papers, tmp_path: Path) -> None:
    """A library with a Hub paper, a paper from both sources and an arXiv-only one."""
    hub = tmp_path / "hub.json"
    hub.write_text(json.dumps(HUB_ITEMS), encoding="utf-8")
    snap = tmp_path / "snap.jsonl"
    snap.write_text("\n".join([
        snapshot_line(BOTH_ID, "Tidal Schedules for Mixture-of-Experts"),
        snapshot_line(ARXIV_ID, "Rip Currents in Gradient Descent",
                      **{"journal-ref": "J. Invented Res. 4 (2024) 1-9",
                         "doi": "10.5555/invented.2024.3"}),
    ]) + "\n", encoding="utf-8")
    for path in (hub, snap):
        result = papers("import", str(path))
        assert result.exit_code == 0, result.stderr


FIELDS = ("id", "title", "summary", "authors", "published_at", "submitted_at", "upvotes",
          "comments", "families", "github_repo", "project_page", "ai_summary", "ai_keywords",
          "organization", "github_stars", "submitter", "withdrawn_at", "thumbnail",
          "categories", "primary_category", "version", "updated_at", "comment", "journal_ref",
          "doi", "sources", "num_models", "num_datasets", "num_spaces", "author_accounts",
          "announced")


def shown(papers: Papers, pid: str) -> dict[str, Any]:
    """Every field the library keeps of a paper, as `show --json` gives it."""
    result = papers("show", pid, "--json", "--offline")
    assert result.exit_code == 0, result.stderr
    data = result.json
    return {key: data[key] for key in FIELDS}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_imports_back_with_every_field(papers: Papers, home: Home, tmp_path: Path,
                                               fmt: str) -> None:
    build(papers, tmp_path)
    before = {pid: shown(papers, pid) for pid in (HUB_ID, BOTH_ID, ARXIV_ID)}
    assert before[HUB_ID]["sources"] == ["hf"] and before[ARXIV_ID]["sources"] == ["arxiv"]
    assert before[BOTH_ID]["sources"] == ["arxiv", "hf"]
    assert before[HUB_ID]["github_stars"] == 412 and before[ARXIV_ID]["version"] == 2
    exported = tmp_path / f"library.{fmt}"
    assert papers("export", "-f", fmt, "-o", str(exported)).exit_code == 0
    assert papers("cache", "clear", "--yes").exit_code == 0

    result = papers("import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("papers: read 3 papers from 1 file: 3 new\n")
    for pid, fields in before.items():
        assert shown(papers, pid) == fields, pid
    again = tmp_path / f"again.{fmt}"
    assert papers("export", "-f", fmt, "-o", str(again)).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()

    twice = papers("import", str(exported))  # the same export again: nothing to write
    assert twice.exit_code == 0, twice.stderr
    assert twice.stderr == ("papers: read 3 papers from 1 file: 3 unchanged\n")


def test_one_paper_jsonl_stays_a_hub_paper(papers: Papers, home: Home, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers export ID -f jsonl`'s line has a "categories" list: not arXiv's snapshot,
    whose line has a string and `versions` (which still goes the snapshot's way)."""
    build(papers, tmp_path)
    before = shown(papers, HUB_ID)
    one = papers("export", HUB_ID, "-f", "jsonl")
    assert one.exit_code == 0 and one.stdout.count("\n") == 1
    isolate(tmp_path / "new-machine", monkeypatch)

    result = papers("import", "-", input=one.stdout)
    assert result.exit_code == 0, result.stderr
    assert "read 1 paper from standard input: 1 new" in result.stderr
    assert shown(papers, HUB_ID) == before
    assert shown(papers, HUB_ID)["upvotes"] == 37
    arxiv = papers("search", "--source", "arxiv", "--offline", "-f", "ids")
    assert arxiv.exit_code == 0 and arxiv.stdout == ""
    assert papers("search", "--source", "hf", "--offline", "-f", "ids").stdout == f"{HUB_ID}\n"

    snap = tmp_path / "snap-again.jsonl"  # a real snapshot line: the snapshot's summary
    snap.write_text(snapshot_line("2403.10009", "Undertow") + "\n", encoding="utf-8")
    result = papers("import", str(snap))
    assert result.exit_code == 0, result.stderr
    assert "read 1 line from snap-again.jsonl: 1 new" in result.stderr
    assert shown(papers, "2403.10009")["sources"] == ["arxiv"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_imported_export_is_filed_under_its_days(papers: Papers, home: Home, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 fmt: str) -> None:
    build(papers, tmp_path)
    exported = tmp_path / f"all.{fmt}"
    assert papers("export", "-f", fmt, "-o", str(exported)).exit_code == 0
    isolate(tmp_path / "new-machine", monkeypatch)
    assert papers("import", str(exported)).exit_code == 0

    day = papers("day", "2024-03-15", "--offline", "--json")
    assert day.exit_code == 0, day.stderr
    assert day.ids == [HUB_ID]
    assert papers("day", "2024-03-14", "--offline", "--json").ids == [BOTH_ID]
    since = papers("search", "--since", "2024-03-13", "--offline", "-f", "ids")
    assert since.exit_code == 0, since.stderr
    assert sorted(since.stdout.split()) == [HUB_ID, BOTH_ID]
    shown_hub = papers("show", HUB_ID, "--offline")
    assert "arXiv 2024-03-14" in shown_hub.stdout and "arXiv —" not in shown_hub.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_paper_listed_on_two_days_comes_back_on_both(papers: Papers, home: Home,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       fmt: str) -> None:
    """A paper the Hub lists on two days is one record whose `submitted_at` names the
    last: moved by `export -f jsonl` and `import`, the first day's listing lost it (a day
    of 23 papers came back with 22). The export now says every day ("listed_on")."""
    relisted = json.loads(json.dumps(HUB_ITEMS[0]))
    relisted["paper"]["submittedOnDailyAt"] = relisted["publishedAt"] = "2024-03-18T06:00:00Z"
    hub = tmp_path / "relisted.json"
    hub.write_text(json.dumps([*HUB_ITEMS, relisted]), encoding="utf-8")
    assert papers("import", str(hub)).exit_code == 0
    for day in ("2024-03-15", "2024-03-18"):
        assert papers("day", day, "--offline", "--json").ids == [HUB_ID]
    exported = tmp_path / f"all.{fmt}"
    assert papers("export", "-f", fmt, "-o", str(exported)).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    records = (json.loads(text) if fmt == "json"
               else [json.loads(line) for line in text.splitlines()])
    listed = {r["id"]: r.get("listed_on") for r in records}
    assert listed == {HUB_ID: ["2024-03-15", "2024-03-18"], BOTH_ID: None}

    isolate(tmp_path / "new-machine", monkeypatch)
    assert papers("import", str(exported)).exit_code == 0
    for day in ("2024-03-15", "2024-03-18"):
        assert papers("day", day, "--offline", "--json").ids == [HUB_ID], day
    assert papers("day", "2024-03-14", "--offline", "--json").ids == [BOTH_ID]

    bad = tmp_path / f"bad.{fmt}"  # not a list of dates: dropped and named, paper kept
    record = {**records[0], "id": "2403.10009", "listed_on": ["2024-02-30", "x"]}
    bad.write_text(json.dumps([record]) if fmt == "json" else json.dumps(record) + "\n",
                   encoding="utf-8")
    result = papers("import", str(bad))
    assert result.exit_code == 0, result.stderr
    assert "papers: - 2403.10009: listed_on\n" in result.stderr


HOSTILE: list[Any] = [
    {"id": "2403.20001", "title": "\x1b[31mRed\x1b[0m title\u202e with controls",
     "summary": "ok\x07 text", "published_at": 20240101, "submitted_at": "not a time",
     "upvotes": "many", "comments": -3, "github_repo": "javascript:alert(1)",
     "project_page": 12, "github_stars": 1.5, "organization": "google",
     "categories": "cs.CL", "primary_category": "not a category!", "version": 0,
     "sources": "hf", "authors": "Someone", "ai_keywords": [1, "kept"], "tags": "nope",
     "note": 7, "arxiv_url": "https://arxiv.org/abs/2403.20001"},
    {"id": "2403.20002", "title": "T" * 100_000, "summary": "S" * 1_000_000,
     "authors": ["N" * 10_000] * 3, "ai_summary": "A" * 100_000, "comment": "C" * 50_000,
     "published_at": "2024-03-01T00:00:00Z", "sources": ["hf", "bogus"],
     "categories": ["cs.CL", "no such thing!"], "submitter": "s\u2028u\u0000b"},
    {"id": "2403.20003", "published_at": "2024-03-01T00:00:00Z", "sources": ["hf"]},
    {"id": "not an id", "title": "Bad id", "sources": ["hf"]},
    {"title": "No id", "published_at": "2024-03-01T00:00:00Z"},
    {"id": ["2403.20004"], "title": "A list for an id", "sources": []},
    {"id": "2403.20005", "title": {"nested": True}, "arxiv_url": "x"},
]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_hostile_records_are_cleaned_skipped_and_counted(papers: Papers, home: Home,
                                                         tmp_path: Path, fmt: str) -> None:
    src = tmp_path / f"hostile.{fmt}"
    text = (json.dumps(HOSTILE) if fmt == "json"
            else "".join(json.dumps(r) + "\n" for r in HOSTILE))
    src.write_text(text, encoding="utf-8")
    result = papers("import", str(src), "--json")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    counts = result.json
    assert (counts["read"], counts["added"], counts["skipped"]) == (7, 2, 5)
    assert counts["papers_with_bad_fields"] == 2
    assert "skipped 5 unusable items" in result.stderr
    # A paper a line, each cut to 80 columns (one line of them made 152 to 250): --json
    # has them whole
    assert ("papers: warning: imported 2 papers without fields of the wrong type or shape:\n"
            "papers: - 2403.20001: authors, published_at, submitted_at, upvotes, comments…\n"
            "papers: - 2403.20002: categories, sources\n") in result.stderr
    assert counts["bad_fields"] == [
        "2403.20001: authors, published_at, submitted_at, upvotes, comments, github_repo, "
        "project_page, ai_keywords, organization, github_stars, categories, "
        "primary_category, version, sources, tags, note", "2403.20002: categories, sources"]

    first = shown(papers, "2403.20001")
    assert first["title"] == "Red title with controls"
    assert first["summary"] == "ok text"
    assert (first["published_at"], first["submitted_at"]) == (None, None)
    assert (first["upvotes"], first["comments"], first["github_stars"]) == (0, 0, None)
    assert (first["github_repo"], first["project_page"], first["organization"]) == (
        None, None, None)
    assert (first["categories"], first["primary_category"], first["version"]) == ([], None,
                                                                                  None)
    assert first["sources"] == ["hf"] and first["authors"] == []
    assert first["ai_keywords"] == ["kept"]
    big = shown(papers, "2403.20002")
    assert len(big["title"]) == 2000 and len(big["summary"]) == 20000
    assert len(big["ai_summary"]) == 5000 and len(big["comment"]) == 2000
    assert [len(a) for a in big["authors"]] == [300, 300, 300]
    assert big["sources"] == ["hf"] and big["categories"] == ["cs.CL"]
    assert big["submitter"] == "s ub"
    check = papers("cache", "info", "--check", "--json")  # nothing stored reads as damaged
    assert check.exit_code == 0, check.stderr
    assert "damaged" not in check.stderr


def test_a_long_first_line_of_an_export_is_not_a_snapshot(papers: Papers, home: Home,
                                                          tmp_path: Path) -> None:
    """A first line longer than what is looked at is told by its keys: an author (or a
    keyword) called "versions" is a value, not arXiv's key."""
    record = {"id": "2403.30001", "title": "Many Hands", "arxiv_url": "x",
              "authors": ["versions", *(f"Author {n} " + "x" * 280 for n in range(300))],
              "published_at": "2024-03-20T00:00:00Z", "upvotes": 8, "sources": ["hf"]}
    src = tmp_path / "long.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert src.stat().st_size > 64 * 1024
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("papers: read 1 paper from 1 file: 1 new\n")
    got = shown(papers, "2403.30001")
    assert got["sources"] == ["hf"] and got["upvotes"] == 8 and len(got["authors"]) == 301


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_tags_and_notes_come_back_and_no_note_is_overwritten(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    build(papers, tmp_path)
    for args in (("tag", HUB_ID, "reading-group", "sparse"), ("tag", ARXIV_ID, "sparse"),
                 ("note", HUB_ID, "-m", "Read §3 again.\n\nThen the appendix."),
                 ("note", ARXIV_ID, "-m", "Cite in chapter 2.")):
        assert papers(*args, "--offline").exit_code == 0, args
    exported = tmp_path / f"mine.{fmt}"
    assert papers("export", "-f", fmt, "-o", str(exported)).exit_code == 0
    isolate(tmp_path / "new-machine", monkeypatch)  # where some are yours already
    assert papers("tag", HUB_ID, "mine", "--offline").exit_code == 0
    assert papers("note", ARXIV_ID, "-m", "My own words.", "--offline").exit_code == 0

    result = papers("import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [  # the summary first, as for BibTeX or RIS
        "papers: read 3 papers from 1 file: 3 new",  # (the whole made 92 columns)
        "papers: 3 tags added, 1 note restored, 1 note not restored",
        f"papers: kept your own note on {ARXIV_ID}: the file's differs (not restored)"]
    hub = papers("show", HUB_ID, "--json", "--offline").json
    assert hub["tags"] == ["mine", "reading-group", "sparse"]
    assert hub["note"] == "Read §3 again.\n\nThen the appendix."
    arxiv = papers("show", ARXIV_ID, "--json", "--offline").json
    assert arxiv["tags"] == ["sparse"] and arxiv["note"] == "My own words."
    assert papers("search", "--tag", "sparse", "--offline", "-f", "ids").stdout.split() == [
        HUB_ID, ARXIV_ID]

    again = papers("import", str(exported), "--json")
    assert again.exit_code == 0, again.stderr
    assert again.json["restored"] == {
        "papers": 2, "stars_restored": 0, "stars_already_there": 0,
        "read_marks_restored": 0, "read_marks_already_there": 0, "hidden_restored": 0,
        "hidden_already_there": 0, "tags_added": 0, "tags_skipped": 0, "tags_cut": 0,
        "notes_restored": 0, "notes_already_there": 1, "notes_not_restored": 1,
        "notes_not_restored_ids": [ARXIV_ID]}
    assert papers("show", ARXIV_ID, "--json", "--offline").json["note"] == "My own words."
    assert papers("cache", "clear", "--yes").exit_code == 0  # noted: its record is kept
    kept = papers("search", "appendix", "--offline", "--json")
    assert kept.exit_code == 0, kept.stderr
    assert [p["title"] for p in kept.json] == ["Harbour Lights for Sparse Attention"]


@pytest.mark.parametrize("batch", [5000, 1], ids=["one-batch", "batches-apart"])
def test_a_paper_twice_in_an_export_takes_both_its_notes(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        batch: int) -> None:
    """Two exports put together, naming a paper twice with two notes: the second record's
    note was "not restored" ("kept your own note on …"), though the note kept was the
    file's own first record's, not yours. Both are the paper's note, as a reference
    file's two entries' are, whether the records are written in one batch or two."""
    monkeypatch.setattr("papercli.library.IMPORT_BATCH", batch)
    build(papers, tmp_path)
    assert papers("star", HUB_ID, "--offline").exit_code == 0
    assert papers("note", HUB_ID, "-m", "Read §3.", "--offline").exit_code == 0
    one = tmp_path / "one.json"
    assert papers("export", "--starred", "-f", "json", "-o", str(one)).exit_code == 0
    [record] = json.loads(one.read_text(encoding="utf-8"))
    both = tmp_path / "both.json"
    both.write_text(json.dumps([record, {**record, "note": "Code released."}]),
                    encoding="utf-8")
    isolate(tmp_path / "new-machine", monkeypatch)
    result = papers("import", str(both))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "papers: read 2 papers from 1 file: 1 new, 1 repeated in the file",
        "papers: 1 star restored, 1 note restored"], result.stderr
    assert papers("show", HUB_ID, "--json", "--offline").json["note"] == (
        "Read §3.\n\nCode released.")
    again = papers("import", str(both), "--json")
    assert again.exit_code == 0, again.stderr
    restored = again.json["restored"]
    assert (restored["notes_restored"], restored["notes_already_there"],
            restored["notes_not_restored"]) == (0, 1, 0), restored


def test_bibtex_keeps_an_abstract_s_paragraphs(papers: Papers, home: Home,
                                               tmp_path: Path) -> None:
    """BibTeX's `abstract` had every paragraph run together on one line; a blank line
    now separates them (LaTeX's paragraph break), and the import gives them back. A
    paragraph that starts with `@` (an entry's start, to a reader scanning lines) is not
    read as an entry of its own."""
    abstract = ("First paragraph, with 50% of {braces}.\n\n"
                '@misc(planted, title = "Not a paper", eprint = "2403.19999")\n\n'
                "Last paragraph.")
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"id": "2403.10009", "title": "Paragraphs",
                                "summary": abstract, "authors": ["Ilse Varga"],
                                "published_at": "2024-03-14T00:00:00Z",
                                "sources": ["arxiv"]}]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    out = tmp_path / "out.bib"
    result = papers("export", "--format", "bibtex", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "50\\% of \\textbraceleft{}braces\\textbraceright{}.\n\n{@}misc(" in text
    assert papers("cache", "clear", "--yes").exit_code == 0
    assert papers("export", "--format", "ids").stdout == ""
    imported = papers("import", str(out), "--offline")
    assert imported.exit_code == 0, imported.stderr
    assert "malformed" not in imported.stderr
    assert [p["id"] for p in papers("export", "--format", "json").json] == ["2403.10009"]
    assert shown(papers, "2403.10009")["summary"] == abstract


def yours(papers: Papers) -> dict[str, Any]:
    """Everything of your own the user database holds of the three papers: the reading
    list (order, times, read marks), tags, notes, hidden marks."""
    starred = papers("starred", "--json")
    assert starred.exit_code == 0, starred.stderr
    out: dict[str, Any] = {"starred": [(p["id"], p["starred_at"], p["read_at"])
                                       for p in starred.json]}
    for pid in (HUB_ID, BOTH_ID, ARXIV_ID):
        data = papers("show", pid, "--json", "--offline").json
        out[pid] = {key: data.get(key) for key in ("starred_at", "read_at", "hidden", "tags",
                                                   "note")}
    return out


def mark(papers: Papers, monkeypatch: pytest.MonkeyPatch, when: str, *args: str) -> None:
    """`papers ARGS` at the time `when` (each mark keeps its own)."""
    monkeypatch.setenv("PAPERS_NOW", when)
    result = papers(*args)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_stars_read_marks_and_hidden_papers_come_back_on_a_new_machine(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    build(papers, tmp_path)
    mark(papers, monkeypatch, "2026-01-05T09:00:00Z", "star", ARXIV_ID)
    mark(papers, monkeypatch, "2026-02-07T10:30:00Z", "star", HUB_ID)
    mark(papers, monkeypatch, "2026-03-01T08:00:00Z", "read", ARXIV_ID)
    mark(papers, monkeypatch, "2026-03-02T08:00:00Z", "hide", BOTH_ID)
    mark(papers, monkeypatch, "2026-03-03T08:00:00Z", "tag", HUB_ID, "sparse", "--offline")
    mark(papers, monkeypatch, "2026-03-04T08:00:00Z", "note", ARXIV_ID, "-m", "Cite it.")
    before = yours(papers)
    assert before["starred"] == [(HUB_ID, "2026-02-07T10:30:00Z", None),
                                 (ARXIV_ID, "2026-01-05T09:00:00Z", "2026-03-01T08:00:00Z")]
    assert before[BOTH_ID]["hidden"] is True
    exported = tmp_path / f"mine.{fmt}"
    assert papers("export", "--hidden", "-f", fmt, "-o", str(exported)).exit_code == 0
    isolate(tmp_path / "new-machine", monkeypatch)

    result = papers("import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (  # (as many as 80 columns hold: the whole made 134)
        "papers: read 3 papers from 1 file: 3 new\n"
        "papers: 2 stars restored, 1 read mark restored, 1 hidden paper restored\n"
        "papers: 1 tag added, 1 note restored\n")
    assert yours(papers) == before
    table = papers("export", "-f", "table").stdout  # marked as every listing's rows are
    assert "★✓ Rip Currents" in table and "★ Harbour Lights" in table
    again = tmp_path / f"again.{fmt}"  # the new machine's export is the old one's
    assert papers("export", "--hidden", "-f", fmt, "-o", str(again)).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()

    twice = papers("import", str(exported), "--json")  # nothing to restore twice
    assert twice.exit_code == 0, twice.stderr
    assert twice.json["restored"] == {
        "papers": 3, "stars_restored": 0, "stars_already_there": 2,
        "read_marks_restored": 0, "read_marks_already_there": 1, "hidden_restored": 0,
        "hidden_already_there": 1, "tags_added": 0, "tags_skipped": 0, "tags_cut": 0,
        "notes_restored": 0, "notes_already_there": 1, "notes_not_restored": 0,
        "notes_not_restored_ids": []}
    assert yours(papers) == before


def test_your_own_stars_and_read_marks_are_kept_over_the_files(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper starred or read on both machines keeps this machine's time; the file's
    marks are added where this machine has none, the summary says which were there."""
    build(papers, tmp_path)
    mark(papers, monkeypatch, "2026-01-05T09:00:00Z", "star", HUB_ID, ARXIV_ID)
    mark(papers, monkeypatch, "2026-01-06T09:00:00Z", "read", HUB_ID, ARXIV_ID)
    exported = tmp_path / "mine.json"
    assert papers("export", "-f", "json", "-o", str(exported)).exit_code == 0
    isolate(tmp_path / "new-machine", monkeypatch)
    build(papers, tmp_path)
    mark(papers, monkeypatch, "2026-04-01T12:00:00Z", "star", HUB_ID)
    mark(papers, monkeypatch, "2026-04-02T12:00:00Z", "read", ARXIV_ID)

    result = papers("import", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    restored = result.json["restored"]
    assert (restored["stars_restored"], restored["stars_already_there"]) == (1, 1)
    assert (restored["read_marks_restored"], restored["read_marks_already_there"]) == (1, 1)
    assert yours(papers)["starred"] == [
        (HUB_ID, "2026-04-01T12:00:00Z", "2026-01-06T09:00:00Z"),
        (ARXIV_ID, "2026-01-05T09:00:00Z", "2026-04-02T12:00:00Z")]
    told = papers("import", str(exported))
    assert told.stderr == (  # (none restored: not said)
        "papers: read 3 papers from 1 file: 3 unchanged\n"
        "papers: 2 stars already there, 2 read marks already there\n")


def test_an_imports_summary_says_no_counts_of_none_and_breaks_at_its_clauses(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"read 3 papers from 1 file: 3 new, 0 updated, 0 unchanged, 0 skipped; 1 star
    restored, 0 tags added" said mostly zeros, and a terminal too narrow for it broke it
    between any two words: now the counts of none are left out and the line breaks at
    its "; " as `papers sync`'s summary does."""
    from conftest import installed_papers, screen_lines, stderr_on_terminal

    build(papers, tmp_path)
    mark(papers, monkeypatch, "2026-01-05T09:00:00Z", "star", ARXIV_ID)
    exported = tmp_path / "mine.json"
    assert papers("export", "-f", "json", "-o", str(exported)).exit_code == 0
    isolate(tmp_path / "new-machine", monkeypatch)
    monkeypatch.setenv("COLUMNS", "50")

    code, _, text = stderr_on_terminal([installed_papers(), "import", str(exported)])
    assert code == 0, text
    assert screen_lines(text) == ["papers: read 3 papers from 1 file: 3 new;",
                                  "  1 star restored"]


def test_hostile_marks_are_dropped_named_and_never_in_the_future(
        papers: Papers, home: Home, tmp_path: Path) -> None:
    def record(pid: str, **mine: Any) -> dict[str, Any]:
        return {"id": pid, "title": f"Paper {pid}", "published_at": "2024-03-01T00:00:00Z",
                "sources": ["hf"], **mine}

    src = tmp_path / "hostile.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [
        record("2403.40001", starred_at=20260101, read_at="\x1b[2J2026-01-01", hidden="yes",
               tags=["\x1b[31mred\x1b[0m", "!!!"], note="x" * 1_000_000),
        record("2403.40002", starred_at="9999-12-31T23:59:59Z", read_at="2026-02-30",
               note="Safe\x1b]8;;https://example.org\x07 link\x1b]8;;\x07"),
        record("2403.40003", starred_at="2026-01-01T10:00:00+02:00", hidden=False,
               read_at=None),
        record("2403.40003", starred_at="2025-01-01T00:00:00Z"),  # twice: the first wins
    ]), encoding="utf-8")
    result = papers("import", str(src), "--json")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    assert ("imported 2 papers without fields of the wrong type or shape:\n"
            "papers: - 2403.40001: starred_at, read_at, hidden, note\n"
            "papers: - 2403.40002: read_at\n") in result.stderr
    restored = result.json["restored"]
    assert restored["papers"] == 4  # records carrying something of yours
    assert (restored["stars_restored"], restored["read_marks_restored"],
            restored["hidden_restored"], restored["tags_added"], restored["tags_skipped"],
            restored["notes_restored"]) == (2, 0, 0, 1, 1, 1)
    first = papers("show", "2403.40001", "--json", "--offline").json
    assert first["tags"] == ["red"] and "note" not in first
    assert papers("show", "2403.40002", "--json", "--offline").json["note"] == "Safe link"
    starred = papers("starred", "--json").json
    assert [(p["id"], p["starred_at"], p["read_at"]) for p in starred] == [
        ("2403.40002", NOW, None), ("2403.40003", "2026-01-01T08:00:00Z", None)]
    assert "hidden" not in first


def test_a_cleared_librarys_reading_list_moves_through_starred_json(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After `cache clear` an export holds no papers, but `papers starred --json` still
    lists the reading list from its own copies, and imports back the same way."""
    build(papers, tmp_path)
    mark(papers, monkeypatch, "2026-01-05T09:00:00Z", "star", ARXIV_ID)
    mark(papers, monkeypatch, "2026-02-07T10:30:00Z", "star", HUB_ID)
    mark(papers, monkeypatch, "2026-03-01T08:00:00Z", "read", HUB_ID)
    assert papers("cache", "clear", "--yes").exit_code == 0
    before = papers("starred", "--json").json
    assert papers("starred", "--json", "-o", str(tmp_path / "stars.json")).exit_code == 0
    isolate(tmp_path / "new-machine", monkeypatch)

    result = papers("import", str(tmp_path / "stars.json"))
    assert result.exit_code == 0, result.stderr
    assert "; 2 stars restored, 1 read mark restored\n" in result.stderr
    assert papers("starred", "--json").json == before


@pytest.mark.parametrize(("source", "batch"), [
    (("export", "-f", "json"), 5000), (("export", "-f", "jsonl"), 5000),
    (("export", "-f", "json"), 1), (("starred", "--json"), 5000), (("starred", "--json"), 1)])
def test_stars_of_one_second_come_back_in_their_order(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        source: tuple[str, ...], batch: int) -> None:
    """`papers star A B C` stars three papers in one second, and `papers starred` lists
    them in that order; imported from an export (newest paper first) or from `papers
    starred --json` they came back in another (the file's order turned around). Now an
    export carries each star's `starred_order` and the stars of one second are restored
    in it (else in the file's order), however the import's batches cut the file."""
    build(papers, tmp_path)
    mark(papers, monkeypatch, "2026-02-07T10:30:00Z", "star", BOTH_ID, HUB_ID)
    mark(papers, monkeypatch, "2026-02-07T10:30:00Z", "star", ARXIV_ID, HUB_ID)
    before = yours(papers)["starred"]
    # (the later command's new star first, then the first command's two in their order)
    assert [pid for pid, _, _ in before] == [ARXIV_ID, BOTH_ID, HUB_ID]
    exported = tmp_path / "mine.json"
    assert papers(*source, "-o", str(exported)).exit_code == 0
    monkeypatch.setattr("papercli.library.IMPORT_BATCH", batch)
    isolate(tmp_path / "new-machine", monkeypatch)

    result = papers("import", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["restored"]["stars_restored"] == 3
    assert yours(papers)["starred"] == before
    again = papers("import", str(exported), "--json")  # all there: nothing moves
    assert again.json["restored"]["stars_already_there"] == 3
    assert yours(papers)["starred"] == before


def test_a_bad_starred_order_is_dropped_and_named(papers: Papers, home: Home,
                                                  tmp_path: Path) -> None:
    def record(pid: str, order: Any) -> dict[str, Any]:
        return {"id": pid, "title": f"Paper {pid}", "published_at": "2024-03-01T00:00:00Z",
                "sources": ["hf"], "starred_at": "2026-01-01T00:00:00Z",
                "starred_order": order}

    src = tmp_path / "orders.jsonl"
    src.write_text("".join(json.dumps(record(pid, order)) + "\n" for pid, order in [
        ("2403.40001", "1"), ("2403.40002", 0), ("2403.40003", 2), ("2403.40004", 1),
        ("2403.40005", True)]), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    assert ("papers: - 2403.40001: starred_order\npapers: - 2403.40002: starred_order\n"
            "papers: - 2403.40005: starred_order\n") in result.stderr
    assert papers("starred", "-f", "ids").stdout.split() == [
        "2403.40004", "2403.40003", "2403.40001", "2403.40002", "2403.40005"]


@pytest.mark.parametrize("args", [
    ("-o", "mine.json"),  # the whole library, streamed
    ("-f", "jsonl"),  # to standard output
    ("-f", "bibtex", "-o", "mine.bib"),  # read twice (its keys): one paper still
    ("--sort", "relevance", "-o", "mine.json"),  # ranked, not streamed
])
def test_an_export_says_the_hidden_papers_it_leaves_out(
        papers: Papers, home: Home, tmp_path: Path, args: tuple[str, ...]) -> None:
    """Hidden papers leave an export unless --hidden: said once, as `papers starred` says
    it, since an export that moves the library to another machine loses them (and their
    hide marks) there."""
    build(papers, tmp_path)
    assert papers("hide", BOTH_ID).exit_code == 0
    result = papers("export", *args)
    assert result.exit_code == 0, result.stderr
    assert BOTH_ID not in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "papers: 1 hidden paper left out (--hidden includes it, marked)")
    assert result.stderr.count("hidden paper") == 1

    again = (*args, "--force") if "-o" in args else args
    kept = papers("export", "--hidden", *again)  # nothing left out: nothing said
    assert kept.exit_code == 0 and "hidden paper" not in kept.stderr
    cut = papers("export", "-n", "1", *again)  # a page: the hidden one may not have made it
    assert cut.exit_code == 0 and "hidden paper" not in cut.stderr
    other = papers("export", "--since", "2024-03-14", *again)
    assert other.exit_code == 0 and "hidden paper" not in other.stderr  # (not one it filtered)
    digest = papers("export", "-f", "html")  # a digest leaves them out as every listing does
    assert digest.exit_code == 0 and "hidden paper" not in digest.stderr


@pytest.mark.parametrize("sort", ["new", "relevance"])
def test_a_page_of_an_export_counts_the_papers_it_could_show(
        papers: Papers, home: Home, tmp_path: Path, sort: str) -> None:
    """-n N says "N of M papers" where M leaves out the hidden papers, on the page or not,
    as `papers search` counts them (it said "1 of 3" of a library showing 2)."""
    build(papers, tmp_path)
    assert papers("hide", ARXIV_ID).exit_code == 0  # the oldest: never on a page of one
    result = papers("export", "-n", "1", "--sort", sort, "-o", "one.md")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("papers: wrote 1 of 2 papers to ")
    assert "_1 of 2 papers · " in (tmp_path / "cwd" / "one.md").read_text(encoding="utf-8")
    assert "1 of 2 papers" in papers("search", "-n", "1", "--sort", sort).stdout
    shown = papers("export", "-n", "1", "--sort", sort, "--hidden")
    assert "_1 of 3 papers · " in shown.stdout


@pytest.mark.parametrize(("fmt", "name", "said"), [
    ("bibtex", "mine.bib", "not in BibTeX: 1 note, 1 read mark, 1 hidden mark"),
    ("ris", "mine.ris", "not in RIS: 1 read mark, 1 hidden mark"),
    ("csljson", "mine.csl.json", "not in CSL-JSON: 1 read mark, 1 hidden mark"),
])
def test_a_reference_export_says_once_what_of_yours_it_leaves_out(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fmt: str, name: str, said: str) -> None:
    """A reference manager's format has no field for a read or hidden mark (BibTeX leaves
    the note out too): an export in it says so once, and the import on another machine
    gives back what it carries (stars, tags, the note) and not those."""
    build(papers, tmp_path)
    for args in (("star", HUB_ID, ARXIV_ID), ("read", ARXIV_ID), ("hide", BOTH_ID),
                 ("tag", HUB_ID, "sparse", "--offline"), ("note", ARXIV_ID, "-m", "Cite it.")):
        assert papers(*args).exit_code == 0
    result = papers("export", "--hidden", "-o", name)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        f"papers: {said} (-f json keeps them)"]
    assert len(result.stderr.splitlines()[1]) <= 80
    assert papers("export", "--hidden", "-f", fmt).stderr.count("not in ") == 1  # stdout
    alone = papers("export", "--since", "2024-03-14", "-f", fmt)  # no mark among them
    assert alone.exit_code == 0 and alone.stderr == ""
    assert "not in " not in papers("export", "--hidden", "-f", "json").stderr

    isolate(tmp_path / "new-machine", monkeypatch)
    back = papers("import", str(tmp_path / "cwd" / name), "--offline")
    assert back.exit_code == 0, back.stderr
    data = {pid: papers("show", pid, "--json", "--offline").json for pid in (HUB_ID, ARXIV_ID)}
    assert data[HUB_ID]["tags"] == ["sparse"] and data[ARXIV_ID]["starred_at"]
    assert data[ARXIV_ID].get("read_at") is None  # as said
    assert data[ARXIV_ID].get("note") == (None if fmt == "bibtex" else "Cite it.")


@pytest.mark.parametrize(("fmt", "name", "said"), [
    ("bibtex", "starred.bib", "not in BibTeX: 1 note, 1 read mark"),
    ("ris", "starred.ris", "not in RIS: 1 read mark"),
])
def test_starred_in_a_reference_format_says_what_of_yours_it_leaves_out(
        papers: Papers, tmp_path: Path, fmt: str, name: str, said: str) -> None:
    """`papers starred -f bibtex -o FILE` left the note and the read mark out without a
    word where `papers export` of the same papers said it: both say it, the same line,
    to a file or to stdout."""
    build(papers, tmp_path)
    for args in (("star", HUB_ID, ARXIV_ID), ("read", ARXIV_ID),
                 ("note", ARXIV_ID, "-m", "Cite it.")):
        assert papers(*args).exit_code == 0
    line = f"papers: {said} (-f json keeps them)"
    for command in (("starred",), ("export", "--starred")):
        to_file = papers(*command, "-f", fmt, "-o", name, "--force")
        assert to_file.exit_code == 0, to_file.stderr
        assert to_file.stderr.splitlines()[-1] == line, (command, to_file.stderr)
        assert to_file.stderr.count("not in ") == 1
        piped = papers(*command, "-f", fmt)
        assert piped.exit_code == 0 and piped.stderr.splitlines() == [line], piped.stderr
    other = papers("starred", "--unread", "-f", fmt)  # no note nor read mark among them
    assert other.exit_code == 0 and "not in " not in other.stderr


def test_a_note_kept_is_named_once_after_the_summary_whatever_the_format(
        papers: Papers, home: Home, tmp_path: Path) -> None:
    """`import out.jsonl out.jsonl` named each kept note twice ("kept your own note on A,
    B, A, B"), and said it before the summary, where RIS and CSL-JSON say it after; a RIS
    file whose papers were all starred said "starred 3 papers (0 new)"."""
    build(papers, tmp_path)
    for pid in (HUB_ID, ARXIV_ID):
        assert papers("note", pid, "-m", f"On {pid}.", "--offline").exit_code == 0
        assert papers("star", pid, "--offline").exit_code == 0
    for fmt in ("jsonl", "ris"):
        assert papers("export", "--starred", "-o", str(tmp_path / f"out.{fmt}")).exit_code == 0
    for pid in (HUB_ID, ARXIV_ID):
        assert papers("note", pid, "-m", "Changed since.", "--offline").exit_code == 0
    # (in 80 columns, where the two ids made it 98: --json names them)
    kept = "papers: kept your own notes on 2 papers: the file's differ (not restored)"
    twice = papers("import", str(tmp_path / "out.jsonl"), str(tmp_path / "out.jsonl"))
    assert twice.exit_code == 0, twice.stderr
    assert twice.stderr.splitlines()[2:] == [kept]
    assert twice.stderr.startswith("papers: read 4 papers from 2 files: ")
    assert twice.stderr.splitlines()[1] == "papers: 4 stars already there, 4 notes not restored"
    ris = papers("import", str(tmp_path / "out.ris"), "--offline")
    assert ris.exit_code == 0, ris.stderr
    assert ris.stderr.splitlines() == [  # (the marks as the JSON file's: one wording)
        "papers: out.ris (RIS): 2 already in the library",
        "papers: 2 stars already there, 2 notes not restored", kept]


def test_an_imports_marks_are_said_one_way_in_80_columns_whatever_the_format(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """papercli's JSON said "0 stars restored (3 already there)" where its CSL-JSON said
    "31 papers were starred already, 31 tags added, 0 notes restored (1 already there);
    31 already in the library" (144 columns piped): each says its marks one way, a
    count of none left out, and what does not fit 80 columns goes on a line of its own."""
    build(papers, tmp_path)
    ids = (HUB_ID, BOTH_ID, ARXIV_ID)
    assert papers("star", *ids, "--offline").exit_code == 0
    assert papers("tag", *ids, "reading-group", "--offline").exit_code == 0
    assert papers("note", HUB_ID, "-m", "Read §3 again.", "--offline").exit_code == 0
    for fmt in ("json", "csl-json"):
        out = tmp_path / f"mine.{fmt}"
        assert papers("export", "--starred", "-f", fmt, "-o", str(out)).exit_code == 0
    said = {}
    for fmt in ("json", "csl-json"):
        done = papers("import", str(tmp_path / f"mine.{fmt}"), "--offline")
        assert done.exit_code == 0, done.stderr
        said[fmt] = done.stderr.splitlines()
        assert all(len(line) <= 80 for line in said[fmt]), said[fmt]
    assert said["json"] == [
        "papers: read 3 papers from 1 file: 3 unchanged",
        "papers: 3 stars already there, 1 note already there"]
    assert said["csl-json"] == [
        "papers: mine.csl-json (CSL-JSON): 3 already in the library",
        "papers: 3 stars already there, 1 note already there"]
    isolate(tmp_path / "new-machine", monkeypatch)
    build(papers, tmp_path)
    first = papers("import", str(tmp_path / "mine.csl-json"), "--offline")
    assert first.stderr.splitlines() == [
        "papers: mine.csl-json (CSL-JSON): 3 already in the library",
        "papers: 3 stars added, 3 tags added, 1 note restored"], first.stderr
