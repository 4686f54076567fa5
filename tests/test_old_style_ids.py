"""Old-style arXiv ids (`hep-th/9901001`, `cs/0112017`) are ids like any other, through
every command that takes or shows one: arguments, storage, marks, exports, file names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Home

DATA = Path(__file__).parent / "data" / "arxiv"
OLD = ("cs/0112017", "hep-th/9901001")


@pytest.fixture
def old_library(papers, home: Home):  # type: ignore[no-untyped-def]
    """Our own snapshot-shaped lines, two of them with old-style ids, imported."""
    result = papers("import", str(DATA / "snapshot.jsonl"))
    assert result.exit_code == 0, result.stderr
    return papers


@pytest.mark.parametrize("pid", OLD)
def test_an_old_style_id_goes_through_every_command(old_library, pid: str,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    papers = old_library
    shown = papers("show", pid, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["id"] == pid
    assert papers("show", f"arxiv:{pid}v1", "--offline", "--json").json["id"] == pid
    assert papers("show", f"https://arxiv.org/abs/{pid}", "--offline", "--json").json["id"] == pid
    for verb in ("star", "read", "hide", "unhide", "unstar"):
        done = papers(verb, pid, "--offline") if verb in ("star", "read", "hide") \
            else papers(verb, pid)
        assert done.exit_code == 0, (verb, done.stderr)
    assert pid in papers("search", "--source", "arxiv", "--offline", "-q").stdout.split()
    for fmt, mark in (("bibtex", f"eprint = {{{pid}}}"), ("csv", pid), ("md", pid),
                      ("json", f'"id": "{pid}"'), ("ids", pid)):
        out = papers("export", "--source", "arxiv", "--format", fmt)
        assert out.exit_code == 0 and mark in out.stdout, (fmt, out.stderr)
    notes = tmp_path / "notes"
    split = papers("export", "--source", "arxiv", "--split", str(notes))
    assert split.exit_code == 0, split.stderr
    names = [p.name for p in notes.iterdir()]
    assert all("/" not in n and not n.startswith(".") for n in names)
    assert any(n.startswith(pid.replace("/", "_")) for n in names), names
    starred = papers("star", pid, "--offline")
    assert starred.exit_code == 0
    listed = papers("starred", "--json")
    assert [p["id"] for p in json.loads(listed.stdout)] == [pid]


@pytest.mark.parametrize("given, pid", [("HEP-TH/9901001", "hep-th/9901001"),
                                        ("CS/0112017v1", "cs/0112017"),
                                        ("10.48550/arXiv.hep-th/9901001", "hep-th/9901001")])
def test_an_old_style_id_in_other_capitals_is_the_paper(old_library, given: str,  # type: ignore[no-untyped-def]
                                                       pid: str) -> None:
    """`HEP-TH/9901001` (a reference list in capitals) was "not an arXiv id" and the hint
    sent it to `papers search`; now it is the paper, written as arXiv writes it."""
    papers = old_library
    shown = papers("show", given, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["id"] == pid
    starred = papers("star", given, "--offline")
    assert starred.exit_code == 0, starred.stderr
    assert [p["id"] for p in json.loads(papers("starred", "--json").stdout)] == [pid]


def test_open_gives_an_old_style_paper_its_arxiv_page(old_library) -> None:  # type: ignore[no-untyped-def]
    """The Hub has no page for an old-style id: `papers open hep-th/9901001` opened
    .../papers/hep-th/9901001, a page that cannot exist; now its arXiv page."""
    urls = old_library("open", "-n", "hep-th/9901001", "2404.14047")
    assert urls.exit_code == 0, urls.stderr
    first, second = urls.stdout.splitlines()
    assert first == "https://arxiv.org/abs/hep-th/9901001"
    assert second.endswith("/papers/2404.14047")  # (not in the library: the Hub's page)


def test_show_links_no_hub_page_for_an_old_style_id(old_library) -> None:  # type: ignore[no-untyped-def]
    """`papers show hep-th/9901001` listed a Hugging Face link, to a page no old-style id
    has; now its links are arXiv's."""
    shown = old_library("show", "hep-th/9901001", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "/papers/hep-th" not in shown.stdout
    assert "https://arxiv.org/abs/hep-th/9901001" in shown.stdout


def test_a_note_file_named_with_the_subject_class_is_the_papers_note(
        papers, home: Home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`export --split` named an old-style id's note after the id as it was stored, and a
    BibTeX import stored math.GT/0309136 so (`math.GT_0309136-….md`). The paper is
    math/0309136 now: a later `--split --force` writes your note into that file, keeping
    what you typed below its marker, rather than a second note beside it."""
    line = {"id": "math/0309136", "authors": "Ada Knot", "title": "Braided Fibrations",
            "categories": "math.GT", "abstract": "An invented abstract.",
            "versions": [{"version": "v1", "created": "Tue, 9 Sep 2003 12:00:00 GMT"}]}
    snapshot = tmp_path / "knots.jsonl"
    snapshot.write_text(json.dumps(line) + "\n", encoding="utf-8")
    for args in (("import", str(snapshot)),
                 ("note", "math/0309136", "-m", "Lemma 3.", "--offline")):
        assert papers(*args).exit_code == 0
    vault = tmp_path / "vault"
    assert papers("export", "--source", "arxiv", "--split", str(vault)).exit_code == 0
    [written] = vault.iterdir()
    assert written.name == "math_0309136-braided-fibrations.md"
    earlier = vault / "math.GT_0309136-braided-fibrations.md"  # as the earlier papercli named it
    written.rename(earlier)
    earlier.write_text(earlier.read_text(encoding="utf-8") + "\nMy own words.\n",
                       encoding="utf-8")
    again = papers("export", "--source", "arxiv", "--split", str(vault), "--force")
    assert again.exit_code == 0, again.stderr
    assert [p.name for p in vault.iterdir()] == [earlier.name]
    assert "My own words." in earlier.read_text(encoding="utf-8")
