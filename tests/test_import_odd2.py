"""`papers import` of what people really have on disk: a reference manager's export that
broke part-way (a download that did not finish, gzipped or not). Its error line said
"x.bib.gz: its gzip data ends early — import the whole file" or "refs.json is cut off —
import it once it is whole", exit 1, as if nothing had come in, where the papers of
the batches before the break were starred; and a gzipped file under a megabyte, or the
entries of the batch being read, were lost with the error.

The files are written here after the formats' published shapes: Better BibTeX's
`eprint`/`archivePrefix`, Zotero's RIS (`TY`/`AU`/`UR`/`ER`) and its CSL-JSON
(`issued` date-parts, `URL`)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from conftest import Papers, eprint_bib
from hubserver import HubServer, seed_items

ENTRIES = 150  # fewer than a batch (bibimport.BATCH): each is kept or lost at the break


def _bibtex(count: int) -> str:
    return "".join(
        f"@misc{{tide{n},\n  title = {{Tides and {{Moons}} {n}}},\n"
        f"  author = {{Mondragón, Ana and Okafor, Chidi}},\n  year = {{2024}},\n"
        f"  eprint = {{2403.{n + 10:05d}}},\n  archivePrefix = {{arXiv}},\n"
        f"  primaryClass = {{physics.ao-ph}},\n"
        f"  abstract = {{{' '.join(f'w{n * 97 + k}' for k in range(40))}}},\n}}\n\n"
        for n in range(count))


def _ris(count: int) -> str:
    return "".join(
        f"TY  - JOUR\r\nAU  - Mondragón, Ana\r\nTI  - Tides {n}\r\n"
        f"UR  - http://arxiv.org/abs/2403.{n + 10:05d}\r\n"
        f"AB  - {' '.join(f'w{n * 97 + k}' for k in range(40))}\r\nER  - \r\n\r\n"
        for n in range(count))


def _csl(count: int) -> str:
    return json.dumps([
        {"id": f"tide{n}", "type": "article", "title": f"Tides {n}",
         "author": [{"family": "Mondragón", "given": "Ana"}],
         "issued": {"date-parts": [["2024", "3"]]},
         "URL": f"http://arxiv.org/abs/2403.{n + 10:05d}",
         "abstract": " ".join(f"w{n * 97 + k}" for k in range(40))}
        for n in range(count)], indent=2)


def _starred(papers: Papers) -> int:
    result = papers("starred", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    return len(result.json)


def _kept(stderr: str, name: str) -> int:
    """The count of papers the error line says were kept (in 80 columns, piped)."""
    said = re.fullmatch(rf"papers: error: {re.escape(name)}(?: is cut off at line [0-9,]+"
                        r"|: its gzip data ends early); ([0-9,]+) papers (?:before it )?"
                        r"kept\n", stderr)
    assert said, stderr
    assert len(stderr.rstrip("\n")) <= 80, stderr
    return int(said[1].replace(",", ""))


def test_a_gzipped_bibtex_export_cut_off_keeps_and_counts_its_entries(papers) -> None:
    whole = gzip.compress(_bibtex(ENTRIES).encode())
    Path("refs.bib.gz").write_bytes(whole[: len(whole) * 2 // 3])
    result = papers("import", "--offline", "--no-prepare", "refs.bib.gz")
    assert result.exit_code == 1
    kept = _kept(result.stderr, "refs.bib.gz")
    assert 0 < kept == _starred(papers) < ENTRIES
    # the whole file, downloaded again: the rest is starred
    Path("refs.bib.gz").write_bytes(whole)
    again = papers("import", "--offline", "--no-prepare", "refs.bib.gz")
    assert again.exit_code == 0, again.stderr
    assert f"{ENTRIES - kept} stars added ({kept} already there)" in again.stderr
    assert _starred(papers) == ENTRIES


def test_a_gzipped_ris_export_cut_off_keeps_and_counts_its_records(papers) -> None:
    whole = gzip.compress(_ris(ENTRIES).encode())
    Path("zotero.ris.gz").write_bytes(whole[: len(whole) // 2])
    result = papers("import", "--offline", "--no-prepare", "zotero.ris.gz")
    assert result.exit_code == 1
    assert 0 < _kept(result.stderr, "zotero.ris.gz") == _starred(papers) < ENTRIES


def test_a_csl_json_export_cut_off_keeps_and_counts_its_items(papers) -> None:
    text = _csl(ENTRIES)
    Path("zotero.json").write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    result = papers("import", "--offline", "--no-prepare", "zotero.json")
    assert result.exit_code == 1
    assert 0 < _kept(result.stderr, "zotero.json") == _starred(papers) < ENTRIES
    # gzipped, and shorter than a chunk read at once: its items were lost with the error
    whole = gzip.compress(text.encode())
    Path("zotero.json.gz").write_bytes(whole[: len(whole) * 3 // 4])
    gzipped = papers("import", "--offline", "--no-prepare", "zotero.json.gz")
    assert gzipped.exit_code == 1
    assert _kept(gzipped.stderr, "zotero.json.gz") > _starred(papers) * 2 // 3


def test_the_whole_error_says_the_papers_are_starred_and_what_to_do(papers) -> None:
    whole = gzip.compress(_bibtex(ENTRIES).encode())
    Path("refs.bib.gz").write_bytes(whole[: len(whole) // 2])
    result = papers("import", "--offline", "--no-prepare", "refs.bib.gz",
                    env={"PAPERS_DEBUG": "1"})
    assert result.exit_code == 1
    said = re.fullmatch(
        r"papers: error: cannot read refs\.bib\.gz: its gzip data ends early \(a download "
        r"that did not finish\?\); the ([0-9,]+) papers before it are starred — get the "
        r"whole file, then run the same command \(papers stored are not written twice\)\n",
        result.stderr)
    assert said, result.stderr
    assert 0 < int(said[1]) == _starred(papers)


def test_a_file_cut_in_its_first_entry_says_no_count(papers) -> None:
    whole = gzip.compress(_bibtex(ENTRIES).encode())
    Path("refs.bib.gz").write_bytes(whole[:200])
    result = papers("import", "--offline", "--no-prepare", "refs.bib.gz")
    assert result.exit_code == 1
    assert "kept" not in result.stderr, result.stderr
    assert "its gzip data ends early" in result.stderr, result.stderr


def _journal_articles(count: int) -> str:
    """A Zotero library's journal articles and books: no arXiv id among them."""
    return "".join(f"@article{{ocean{n},\n  title = {{Ocean Currents {n}}},\n"
                   f"  journal = {{Journal of Tides}},\n  year = {{2019}},\n}}\n\n"
                   for n in range(count))


def test_entries_without_an_arxiv_id_beyond_what_json_keeps_are_said_so(
        papers, monkeypatch) -> None:
    """--json keeps the first MAX_TITLES titles (1,000): "… and 49,980 more (--json lists
    them)" of 50,000 sent the user to look there for titles it does not hold."""
    from papercli import bibimport

    monkeypatch.setattr(bibimport, "MAX_TITLES", 30)
    Path("library.bib").write_text(_bibtex(1) + _journal_articles(40), encoding="utf-8")
    result = papers("import", "--offline", "--no-prepare", "library.bib")
    assert result.exit_code == 0, result.stderr
    assert "papers: 40 entries without an arXiv id (not imported):\n" in result.stderr
    assert result.stderr.count("papers: - Ocean Currents") == 20
    assert "papers: … and 20 more (--json lists the first 30)\n" in result.stderr, \
        result.stderr
    summary = papers("import", "--offline", "--no-prepare", "--json", "library.bib").json
    assert len(summary["references"][0]["titles_without_arxiv_id"]) == 30
    # all of them kept: "lists them", as it does
    Path("few.bib").write_text(_journal_articles(25), encoding="utf-8")
    few = papers("import", "--offline", "--no-prepare", "few.bib")
    assert "papers: … and 5 more (--json lists them)\n" in few.stderr, few.stderr


def test_several_files_to_import_again_are_said_to_be_files(
        papers, seeded_hub: HubServer, tmp_path: Path) -> None:
    """Standard input beside a file, neither's papers fetched (the Hub rate limiting us):
    the way to fetch them is said in words, of the files: "import the same file again"
    left the user to guess which."""
    ids = [item["paper"]["id"] for item in seed_items()[:2]]
    text = eprint_bib(tmp_path / "piped.bib", ids[:1]).read_text(encoding="utf-8")
    eprint_bib(Path("refs.bib"), ids[1:])
    seeded_hub.fail("429", times=40, path="/api/papers/")
    try:
        result = papers("import", "-", "refs.bib", input=text)
    finally:
        seeded_hub.state.faults.clear()
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "papers: import the same files again later to fetch them"), result.stderr


def test_a_ris_record_naming_its_authors_by_a1_and_au_keeps_their_order(papers) -> None:
    """RIS names a primary author by AU or by A1, the two alike (EndNote and Mendeley
    write either, Zotero reads both as authors): a record of both listed its AU authors
    first, so a byline of three came back in another order."""
    Path("mendeley.ris").write_bytes(
        b"TY  - JOUR\r\nA1  - Mondragon, Ana\r\nAU  - Okafor, Chidi\r\n"
        b"A1  - Lindqvist, Sara\r\nTI  - Tides in three hands\r\n"
        b"UR  - http://arxiv.org/abs/2403.00042\r\nER  - \r\n")
    result = papers("import", "--offline", "--no-prepare", "mendeley.ris")
    assert result.exit_code == 0, result.stderr
    shown = papers("show", "2403.00042", "--offline", "--json").json
    assert shown["authors"] == ["Ana Mondragon", "Chidi Okafor", "Sara Lindqvist"], shown
