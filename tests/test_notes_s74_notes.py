"""papercuts of `papers note`, `papers tag` and Zotero's notes found using them: the
same note given again with -m, a tag refused for a character the error cut off, and a
Zotero note's superscripts and subscripts."""

from __future__ import annotations

from typing import Any

from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item

A = parse_item(seed_items()[0]).id


def test_the_same_note_given_again_with_m_is_said_unchanged(library: Any) -> None:
    """`-m` with the text the note already has said "saved the note", where the editor
    saving it as it was says "unchanged": a script setting notes could not tell."""
    assert library("note", A, "-m", "Read section 3.").exit_code == 0
    for text in ("Read section 3.", "Read section 3.  \n"):  # (trailing blanks are tidied)
        again = library("note", A, "-m", text)
        assert again.exit_code == 0, again.stderr
        assert one_line(again.stderr) == f"papers: the note on {A} is unchanged"
    changed = library("note", A, "-m", "Read section 4.")
    assert changed.exit_code == 0
    assert f"replaced the note on {A}" in changed.stderr

