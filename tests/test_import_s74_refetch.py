"""A reference file's papers that could not be fetched (the Hub rate limiting us) are
stored from the file's fields: the warning said only "could not fetch 250 papers: the Hub
is rate limiting us", and running the same import again said "250 already in the
library" and never fetched them. The warning is now followed by the command that fetches
them, and that command (the same import) does: a paper the library has from a file's
fields alone is fetched as one it lacks, and counted as updated."""

from __future__ import annotations

from pathlib import Path

from conftest import eprint_bib
from hubserver import HubServer, seed_items

IDS = [item["paper"]["id"] for item in seed_items()[:2]]
TITLES = {item["paper"]["id"]: item["paper"]["title"].strip() for item in seed_items()[:2]}


def _rate_limited_import(papers, hub: HubServer, *argv: str, input: str | None = None):  # type: ignore[no-untyped-def]
    """`papers import ARGV` with the Hub answering 429 to every paper page it is asked."""
    hub.fail("429", times=40, path="/api/papers/")
    try:
        return papers("import", *argv, input=input)
    finally:
        hub.state.faults.clear()


def test_a_rate_limited_import_says_how_to_fetch_and_the_same_import_fetches(
    papers, seeded_hub: HubServer,
) -> None:
    eprint_bib(Path("refs.bib"), IDS)
    first = _rate_limited_import(papers, seeded_hub, "refs.bib")
    assert first.exit_code == 0, first.stderr
    lines = first.stderr.splitlines()
    assert "refs.bib (BibTeX): 2 from the file's fields; 2 stars added" in lines[0], lines
    assert lines[1].startswith("papers: warning: could not fetch 2 papers: "), lines
    assert lines[2:] == ["papers: to fetch them later: papers import refs.bib"], lines
    assert all(len(line) <= 80 for line in lines), lines
    assert papers("show", IDS[0], "--offline", "--json").json["title"] == "Entry 0"

    # Still rate limited: asked again, and the same words.
    again = _rate_limited_import(papers, seeded_hub, "refs.bib", "--json")
    assert again.exit_code == 0, again.stderr
    refs = again.json["references"][0]
    assert (refs["in_library"], refs["updated"], refs["fetch_failed"]) == (2, 0, 2), refs

    # The Hub answers: the same command fetches them, counted as updated.
    seeded_hub.reset_log()
    fetched = papers("import", "refs.bib")
    assert fetched.exit_code == 0, fetched.stderr
    assert fetched.stderr == (
        "papers: refs.bib (BibTeX): 2 updated; 2 stars already there\n"), fetched.stderr
    assert seeded_hub.count("/api/papers/") == 2
    for pid in IDS:
        shown = papers("show", pid, "--offline", "--json").json
        assert shown["title"] == TITLES[pid], shown

    # Fetched now: a third import asks nothing.
    seeded_hub.reset_log()
    third = papers("import", "refs.bib", "--json")
    assert third.exit_code == 0, third.stderr
    totals = {k: third.json[k] for k in ("added", "updated", "unchanged")}
    assert totals == {"added": 0, "updated": 0, "unchanged": 2}, third.json
    assert third.json["references"][0]["in_library"] == 2
    assert seeded_hub.count("/api/papers/") == 0


def test_an_offline_import_is_fetched_by_the_next_online_one(
    papers, seeded_hub: HubServer,
) -> None:
    """--offline stores the file's fields; the same import online fetches the records."""
    eprint_bib(Path("refs.bib"), IDS)
    assert papers("import", "refs.bib", "--offline").exit_code == 0
    result = papers("import", "refs.bib", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["updated"] == 2, result.json
    assert papers("show", IDS[1], "--offline", "--json").json["title"] == TITLES[IDS[1]]


def test_read_from_standard_input_the_way_to_fetch_is_said_in_words(
    papers, seeded_hub: HubServer, tmp_path: Path,
) -> None:
    text = eprint_bib(tmp_path / "refs.bib", IDS).read_text(encoding="utf-8")
    result = _rate_limited_import(papers, seeded_hub, "-", input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "papers: import the same file again later to fetch them"), result.stderr


def test_a_name_is_quoted_for_the_shell(papers, seeded_hub: HubServer) -> None:
    eprint_bib(Path("my refs.bib"), IDS[:1])
    result = _rate_limited_import(papers, seeded_hub, "my refs.bib")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (  # (one paper: "it")
        "papers: to fetch it later: papers import 'my refs.bib'"), result.stderr
