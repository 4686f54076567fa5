"""Tagged papers the library lacks (tagged offline, no copy kept): a `--tag` listing or
export that leaves them out says how many and the command that fetches them, as
`--noted` does, once, in 80 columns. A mistyped id is not made a tag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item

A, B = (parse_item(item).id for item in seed_items()[:2])
GONE, LOST = "2611.99981", "2611.99982"  # never in the library: tagged offline


def _run(library: Any, *argv: str) -> Any:
    result = library(*argv)
    assert result.exit_code == 0, result.stderr
    return result


def test_tagged_papers_the_library_lacks_are_said_not_dropped(library: Any,
                                                              tmp_path: Path) -> None:
    """`search --tag robotics` listed 2 of 4 tagged papers and `export --tag robotics
    --split` wrote 2 notes, the two tagged offline left out without a word."""
    _run(library, "tag", A, B, "robotics")
    _run(library, "tag", "--offline", GONE, "robotics")
    vault = tmp_path / "vault"
    one = _run(library, "export", "--tag", "robotics", "--split", str(vault))
    assert one.stderr.splitlines() == [
        f"papers: left out tagged {GONE}, not in the library: papers show {GONE}",
        f"papers: wrote 2 notes to {vault}"]
    assert len(list(vault.iterdir())) == 2
    _run(library, "tag", "--offline", LOST, "robotics")
    both = "papers: left out 2 tagged papers not in the library: papers show ID fetches each"
    listed = _run(library, "search", "--tag", "robotics", "--offline", "-q")
    assert sorted(listed.stdout.split()) == sorted([A, B])
    assert one_line(listed.stderr) == both
    moved = _run(library, "export", "--tag", "robotics", "-f", "json")
    assert sorted(p["id"] for p in moved.json) == sorted([A, B])
    assert one_line(moved.stderr) == both
    page = _run(library, "export", "--tag", "robotics", "-n", "1", "-f", "ids")
    assert page.stderr == both + "\n"  # (said once: the page's view says it too)
    assert all(len(line) <= 80 for line in (listed.stderr + moved.stderr).splitlines())


def test_every_tagged_paper_lacking_is_said_once(library: Any) -> None:
    """None of the tag's papers in the library: the empty listing's reason says it, and
    no second line counts them again (`--noted` with it too)."""
    _run(library, "tag", "--offline", GONE, "later")
    _run(library, "note", "--offline", GONE, "-m", "On the train.")
    for argv in (("search", "--tag", "later", "--offline"),
                 ("search", "--tag", "later", "--noted", "--offline"),
                 ("export", "--tag", "later", "-f", "ids")):
        result = _run(library, *argv)
        assert result.stderr == (f"papers: the tagged paper is not in the library yet: "
                                 f"papers show {GONE}\n"), argv


def test_with_every_tagged_paper_had_nothing_is_said(library: Any, tmp_path: Path) -> None:
    """Every tagged paper in the library: no such line."""
    _run(library, "tag", A, "robotics")
    result = _run(library, "export", "--tag", "robotics", "--split", str(tmp_path / "v"))
    assert result.stderr == f"papers: wrote 1 note to {tmp_path / 'v'}\n"
    assert "left out" not in _run(library, "search", "--tag", "robotics", "--offline").stderr


def test_a_mistyped_second_id_is_not_made_a_tag(library: Any) -> None:
    """`papers tag A 2404.1404 ml` (the second id a digit short) put a tag `2404.1404`
    on A without a word; it is said as a first id's typo is, and nothing is tagged. After
    --ids, a tag named like an id is still a tag."""
    for verb in ("tag", "untag"):
        for typo, why in (("2404.1404", "ids since 2015 have five digits after the dot"),
                          ("2499.99999", "there is no month 99 (an id begins YYMM)")):
            result = library(verb, A, typo, "ml")
            assert result.exit_code == 2, result.stderr
            assert one_line(result.stderr) == f"papers: error: '{typo}': {why}"
    assert library("tags", "--json").json == []
    _run(library, "tag", "--ids", A, "2404.1404")
    assert library("tags", "--json").json == [{"tag": "2404.1404", "papers": 1}]
    # (words that are not shaped as ids are tags, as before)
    assert _run(library, "tag", A, "3d", "gpt-4.5").stderr == (
        "papers: tagged 1 paper: 3d, gpt-4.5\n")
