"""What the README says a command does, checked where a sibling command already did it."""

from __future__ import annotations

from typing import Any

from conftest import one_line


def test_export_noted_with_no_note_says_how_to_write_one_as_search_does(library: Any) -> None:
    """`export --noted` with no note at all said "no paper in the library has a note",
    where `search --noted` says how to write one; both now say the same."""
    searched = library("search", "--offline", "--noted")
    exported = library("export", "--noted", "-f", "md")
    assert exported.exit_code == 0, exported.stderr
    assert "_No papers._" in exported.stdout  # still a valid document
    said = "papers: no note written yet: papers note ID -m TEXT writes one"
    assert one_line(searched.stderr) == said
    assert one_line(exported.stderr) == said


def test_starred_filter_with_no_star_at_all_says_how_to_star_as_starred_does(
        library: Any) -> None:
    """`export --starred` and `search --starred` with no star yet said "no paper in the
    library is starred", as if the library lacked them; `papers starred` says how to star
    one, and now they all do."""
    said = one_line(library("starred").stderr)
    assert said == ("papers: no starred papers yet: papers star ID adds one (s in papers "
                    "browse)")
    exported = library("export", "--starred", "-f", "json")
    assert (exported.exit_code, exported.json) == (0, [])
    assert one_line(exported.stderr) == said
    searched = library("search", "--starred", "--offline")
    assert searched.exit_code == 0 and one_line(searched.stderr) == said
