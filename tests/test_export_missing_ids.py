"""`papers export ID...` (and `papers search ID...`) fail, exit 1, when an id named cannot
be had: the papers it has are written as before (a warning on each one missing), then an
error line. It exited 0, so `papers export ID -o x.bib && upload x.bib` went on with a
document that lacked them (named only missing ids: an empty one). With none to write,
nothing is: no file, nothing on stdout. A paper hidden or left out by a filter is left out
as asked, no failure; so are listings of no ids (--starred, --tag, words)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

HAD = "2404.14047"  # in the seed library
OTHER = "2401.01055"  # in it too (a LLaMA paper: --family Qwen leaves it out)
GONE = "2412.99001"  # in no library, and no Hub is reachable
GONE2 = "2412.99002"


def lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return stderr.strip().splitlines()


def test_an_id_the_library_lacks_fails_after_the_others_are_written(
        library: Any, tmp_path: Path) -> None:
    result = library("export", "-f", "bibtex", HAD, GONE, OTHER, "-o", "refs.bib")
    assert result.exit_code == 1, result.stderr
    written = (tmp_path / "cwd" / "refs.bib").read_text(encoding="utf-8")
    assert written.count("@misc{") == 2, written
    assert f"eprint = {{{HAD}}}" in written and f"eprint = {{{OTHER}}}" in written
    said = lines(result.stderr)
    # (in 80 columns: "… (papers show 2412.99001 fetches it)" made 85)
    assert said[0] == f"papers: warning: {GONE} is not in the library — run papers show {GONE}"
    assert all(len(line) <= 80 for line in said if "warning" in line), said
    assert any(line.startswith("papers: wrote 2 papers to ") and line.endswith("refs.bib")
               for line in said), said
    assert said[-1] == f"papers: error: {GONE} is not in refs.bib — the warning above says why"


@pytest.mark.parametrize("fmt", ["md", "json", "jsonl", "csv", "bibtex", "ids"])
def test_to_stdout_the_papers_it_has_then_the_error(library: Any, fmt: str) -> None:
    result = library("export", "-f", fmt, HAD, GONE, GONE2)
    assert result.exit_code == 1, result.stderr
    body = result.stdout.split("\n", 1)[1] if fmt == "md" else result.stdout  # (md: after
    assert HAD in body and GONE not in body  # the title)
    assert lines(result.stderr)[-1] == (
        "papers: error: 2 of 3 papers named were not exported — see the warning above")


def test_the_markdown_title_names_only_the_papers_written(library: Any,
                                                         tmp_path: Path) -> None:
    """The title named every id asked for, the one not exported too ("# Papers: HAD GONE
    OTHER" over two papers); now those the document holds, as the library spells them,
    in its order, with the filters after them; a hidden paper or one -n cut is not named
    either."""
    result = library("export", HAD, GONE, f"arxiv:{OTHER}v2", "-o", "out.md")
    assert result.exit_code == 1, result.stderr
    written = (tmp_path / "cwd" / "out.md").read_text(encoding="utf-8")
    assert written.splitlines()[0] == f"# Papers: {HAD} {OTHER}"
    assert GONE not in written
    to_stdout = library("export", "-f", "md", HAD, GONE, "--family", "LLaMA")
    assert to_stdout.exit_code == 1
    assert to_stdout.stdout.splitlines()[0] == f"# Papers: {HAD} · family LLaMA"
    cut = library("export", OTHER, HAD, "-n", "1")
    assert cut.exit_code == 0, cut.stderr
    assert cut.stdout.splitlines()[0] == f"# Papers: {OTHER}"
    assert library("hide", OTHER, "--offline").exit_code == 0
    hidden = library("export", HAD, OTHER, "-f", "html")
    assert hidden.exit_code == 0, hidden.stderr
    assert f"<title>Papers: {HAD}</title>" in hidden.stdout


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "bibtex", "ids"])
def test_with_no_id_to_be_had_nothing_is_written(library: Any, tmp_path: Path,
                                                 fmt: str) -> None:
    """No empty document (a JSON `[]`, a BibTeX comment, a Markdown "_No papers._") on
    stdout, and no file: one with -o was written with nothing in it."""
    result = library("export", "-f", fmt, GONE)
    assert result.exit_code == 1 and result.stdout == "", result.stdout
    assert lines(result.stderr) == [
        f"papers: warning: {GONE} is not in the library — run papers show {GONE}",
        f"papers: error: {GONE} is missing: nothing exported — see the warning above"]
    to_file = library("export", "-f", fmt, GONE, GONE2, "-o", "out.txt")
    assert to_file.exit_code == 1 and to_file.stdout == ""
    assert not (tmp_path / "cwd" / "out.txt").exists()
    assert lines(to_file.stderr)[-1] == (
        "papers: error: the 2 papers named are missing: out.txt not written — see above")


def test_a_file_there_already_is_left_as_it_was(library: Any, tmp_path: Path) -> None:
    """--force overwrites a file with the export: with nothing to export, it is kept."""
    kept = tmp_path / "cwd" / "refs.bib"
    kept.write_text("@misc{mine, title = {Mine}}\n", encoding="utf-8")
    result = library("export", "-f", "bibtex", GONE, "-o", "refs.bib", "--force")
    assert result.exit_code == 1
    assert kept.read_text(encoding="utf-8") == "@misc{mine, title = {Mine}}\n"
    assert lines(result.stderr)[-1].startswith(f"papers: error: {GONE} is missing: refs.bib "
                                               "not written")


def test_a_hidden_paper_or_one_a_filter_leaves_out_is_no_failure(library: Any) -> None:
    """Left out as asked (their warnings say how to have them), the export succeeds, an
    empty document too; a paper missing beside them still fails it, with no document."""
    qwen = library("export", "-f", "json", OTHER, "--family", "Qwen")
    assert qwen.exit_code == 0, qwen.stderr
    assert qwen.json == [] and f"{OTHER} is left out by the filters" in qwen.stderr
    assert library("hide", OTHER, "--offline").exit_code == 0
    hidden = library("export", "-f", "json", HAD, OTHER)
    assert hidden.exit_code == 0, hidden.stderr
    assert [p["id"] for p in hidden.json] == [HAD] and f"{OTHER} is hidden" in hidden.stderr
    alone = library("export", "-f", "json", OTHER)
    assert alone.exit_code == 0 and alone.json == [], alone.stderr
    both = library("export", "-f", "json", OTHER, GONE)
    assert both.exit_code == 1 and both.stdout == ""
    assert lines(both.stderr)[-1].startswith(f"papers: error: {GONE} is missing: nothing "
                                             "exported")
    shown = library("export", "-f", "json", OTHER, "--hidden")
    assert shown.exit_code == 0 and [p["id"] for p in shown.json] == [OTHER]


def test_split_notes_fail_alike(library: Any, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    some = library("export", HAD, GONE, "--split", str(vault))
    assert some.exit_code == 1, some.stderr
    assert [p.name.split("-")[0] for p in vault.iterdir()] == [HAD]
    assert lines(some.stderr)[-1] == (f"papers: error: {GONE} was not exported — the warning "
                                      "above says why")
    none = library("export", GONE, "--split", str(tmp_path / "empty"))
    assert none.exit_code == 1
    assert not (tmp_path / "empty").exists()


@pytest.mark.parametrize("args", [["--starred"], ["--tag", "reading"], ["--noted"],
                                  ["zzzqqq"], []])
def test_listings_of_no_ids_are_unchanged(library: Any, tmp_path: Path,
                                          args: list[str]) -> None:
    """Nothing named, nothing missing: no stars, an unused tag, a query that finds nothing
    are an empty document and exit 0 as before (the whole library too)."""
    result = library("export", *args, "-f", "json", "-o", "all.json")
    assert result.exit_code == 0, result.stderr
    written = json.loads((tmp_path / "cwd" / "all.json").read_text(encoding="utf-8"))
    assert len(written) == (19 if not args else 0)


def test_search_of_ids_fails_alike_but_not_a_search_of_words(library: Any) -> None:
    some = library("search", HAD, GONE, "--offline", "--json")
    assert some.exit_code == 1 and some.ids == [HAD]
    assert lines(some.stderr)[-1] == (f"papers: error: {GONE} was not listed — the warning "
                                      "above says why")
    table = library("search", HAD, GONE, "--offline")
    assert table.exit_code == 1 and HAD in table.stdout
    none = library("search", GONE, GONE2, "--offline", "--json")
    assert none.exit_code == 1 and none.stdout == ""
    assert lines(none.stderr)[-1] == ("papers: error: the 2 papers named are missing: "
                                      "nothing listed — see above")
    assert library("hide", HAD, "--offline").exit_code == 0
    hidden = library("search", HAD, "--offline", "--json")
    assert hidden.exit_code == 0 and hidden.ids == [], hidden.stderr
    words = library("search", "zzzqqq", "--offline", "--json")
    assert words.exit_code == 0 and words.ids == [], words.stderr
