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
