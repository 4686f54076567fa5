"""`papers open --project` and `--doi` (and `--hf`, the default said aloud): the links only
a paper's record holds, found as --code finds its code link, and the papers without one
named in one line of at most 80 columns, nothing opened."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import Home, one_line, run_process
from hubserver import HubServer
from papercli.sanitize import safe_url
from papercli.terminal import cell_width
from test_reading_list import with_details

A = "2501.03895"  # LLaVA-Mini, listed today by seeded_hub
B = "2401.01055"  # LLaMA Beyond English, listed today
C = "2304.15010"  # LLaMA-Adapter V2, listed yesterday
UNKNOWN = "2612.99999"


def error_line(stderr: str) -> str:
    """The one error line, checked to fit an 80-column terminal."""
    line = one_line(stderr)
    assert cell_width(line) <= 80, line
    return line


def test_open_project_opens_the_page_the_authors_gave(seeded_hub: HubServer, browser: Path,
                                                      papers) -> None:
    """`papers open ID --project` was "no such option", though `show` lists the page."""
    with_details(seeded_hub, A, projectPage="https://example.org/llava-mini")
    with_details(seeded_hub, C, projectPage="https://example.org/adapter")
    done = run_process("open", A, C, "--project")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert browser.read_text().splitlines() == ["https://example.org/llava-mini",
                                                "https://example.org/adapter"]
    printed = papers("open", A, "--project", "-n", "--offline")  # kept in the library
    assert (printed.exit_code, printed.stdout) == (0, "https://example.org/llava-mini\n")


def test_papers_without_a_project_page_are_named_after_the_others_open(
        seeded_hub: HubServer, browser: Path, papers) -> None:
    """`open A B C --project` with B and C lacking one opened nothing; now A opens, and
    B and C are named after it (exit 1), as gh does what it can."""
    with_details(seeded_hub, A, projectPage="https://example.org/llava-mini")
    one = papers("open", B, "--project")
    assert (one.exit_code, one.stdout) == (1, "")
    assert error_line(one.stderr) == (f"papers: error: {B} has no project page on the Hub — "
                                      "try without --project")
    assert not browser.exists()
    two = run_process("open", A, B, C, "--project")
    assert (two.returncode, two.stdout) == (1, "")
    assert two.stderr.splitlines() == [
        "papers: opened https://example.org/llava-mini",
        f"papers: error: no project page on the Hub for {B}, {C}"]
    assert browser.read_text() == "https://example.org/llava-mini\n"


def test_one_code_link_missing_is_said_in_80_columns(seeded_hub: HubServer, papers) -> None:
    """The line was "paper … has no code link on the Hub — try `papers open …` for its
    page", 103 columns wide."""
    done = papers("open", B, "--code")
    assert done.exit_code == 1
    assert error_line(done.stderr) == (f"papers: error: {B} has no code link on the Hub — "
                                       "try without --code")


@pytest.mark.parametrize("offline", [False, True])
def test_no_link_and_unknown_ids_are_said_each_in_a_line(
        seeded_hub: HubServer, papers, offline: bool) -> None:
    """A paper without the link and an id found nowhere: one line for each kind of
    failure, as every command given several ids says them, each in 80 columns (said in
    one line, both had to be cut short)."""
    assert papers("today").exit_code == 0  # B in the library, for --offline
    extra = ["--offline"] if offline else []
    done = papers("open", B, UNKNOWN, "--project", "-n", *extra)
    assert (done.exit_code, done.stdout) == (1, "")
    lacking, unknown = done.stderr.splitlines()
    assert lacking == (f"papers: error: {B} has no project page on the Hub — try without "
                       "--project")
    # (arXiv is out of reach here: the id is not on the Hub, and may yet be on arXiv)
    assert unknown == one_line(papers("open", UNKNOWN, "--project", "-n", *extra).stderr)
    assert UNKNOWN in unknown and ("is not in" in unknown or "not on the Hub" in unknown), (
        unknown)
    assert all(cell_width(line) <= 80 for line in (lacking, unknown))


def import_arxiv(papers, tmp_path: Path, records: dict[str, str | None]) -> None:
    """Papers the library has from arXiv's metadata snapshot (invented), id -> its DOI."""
    snap = tmp_path / "snap.jsonl"
    snap.write_text("".join(json.dumps({
        "id": pid, "submitter": "A. Inventor", "authors": "A. Inventor", "title": f"On {pid}",
        "comments": None, "journal-ref": None, "doi": doi, "categories": "cs.LG",
        "abstract": "Invented.", "update_date": "2024-03-16",
        "versions": [{"version": "v1", "created": "Tue, 12 Mar 2024 10:00:00 GMT"}],
        "authors_parsed": [["Inventor", "A.", ""]]}) + "\n" for pid, doi in records.items()),
        encoding="utf-8")
    assert papers("import", str(snap)).exit_code == 0


def test_open_doi_opens_the_journal_version(papers, tmp_path: Path, browser: Path) -> None:
    """arXiv's DOI field may hold two DOIs (the first is opened) or characters a URL must
    escape; a paper without one is named."""
    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"
    import_arxiv(papers, tmp_path, {"2403.10001": "10.1103/PhysRevD.76.044016 10.1000/xyz",
                                    "2403.10002": sici, "2403.10003": None})
    done = run_process("open", "2403.10001", "2403.10002", "--doi", "--offline")
    assert done.returncode == 0, done.stderr
    first, second = browser.read_text().splitlines()
    assert first == "https://doi.org/10.1103/PhysRevD.76.044016"
    assert second == ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::"
                      "AID-ASI4%3E3.0.CO;2-O")
    assert safe_url(second) == second
    none = papers("open", "2403.10003", "--doi", "--offline")
    assert none.exit_code == 1
    assert error_line(none.stderr) == ("papers: error: 2403.10003 has no journal DOI known — "
                                       "try without --doi")


def test_hf_says_the_default_aloud(library) -> None:
    said = library("open", B, "--hf", "-n", "--offline")
    assert said.exit_code == 0, said.stderr
    assert said.stdout == library("open", B, "-n", "--offline").stdout
    assert said.stdout.endswith(f"/papers/{B}\n")
    both = library("open", B, "--hf", "--project")
    assert (both.exit_code, both.stdout) == (2, "")
    assert error_line(both.stderr) == "papers: error: choose one of --hf, --project"


def test_arxiv_and_pdf_open_the_version_typed(library) -> None:
    """`papers open 2401.01055v2 --pdf` opened the latest version (the id's version was
    dropped where ids are read): arXiv's page and PDF are of the version typed, however it
    was given, and an id typed bare still opens the latest; the Hub's page has none."""
    done = library("open", f"{B}v2", f"arXiv:{A}V3", C, "--pdf", "-n", "--offline")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines() == [f"https://arxiv.org/pdf/{B}v2",
                                        f"https://arxiv.org/pdf/{A}v3",
                                        f"https://arxiv.org/pdf/{C}"]
    page = library("open", f"https://arxiv.org/abs/{B}v4", "--arxiv", "-n", "--offline")
    assert page.stdout == f"https://arxiv.org/abs/{B}v4\n", page.stderr
    hub = library("open", f"{B}v2", "-n", "--offline")
    assert hub.exit_code == 0 and hub.stdout.endswith(f"/papers/{B}\n"), hub.stderr


def test_a_tampered_project_page_is_never_launched(library, home: Home, browser: Path) -> None:
    with sqlite3.connect(home.library) as conn:
        assert conn.execute("UPDATE papers SET project_page = ? WHERE id = ?",
                            ("javascript:alert(1)", B)).rowcount == 1
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (f"detail:{B}", "2026-11-25T12:00:00Z"))
    done = run_process("open", B, "--project")
    assert (done.returncode, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert B in line and ("not an http(s) link" in line or "has no project page" in line)
    assert not browser.exists()


def test_the_command_list_says_open_in_one_line(papers, monkeypatch) -> None:
    """`papers --help` at 80 columns wrapped open's line ("…(or arXiv, PDF," / "code).")."""
    monkeypatch.setenv("COLUMNS", "80")
    shown = papers("--help")
    assert shown.exit_code == 0
    (line,) = [row for row in shown.stdout.splitlines() if row.startswith("  open ")]
    assert line.split(None, 1)[1] == ("Open papers in the browser: HF, arXiv, PDF, code or "
                                      "project page.")
    assert cell_width(line) <= 80
