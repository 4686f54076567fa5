"""papercuts of `papers note`, `papers tag` and Zotero's notes found using them: the
same note given again with -m, a tag refused for a character the error cut off, and a
Zotero note's superscripts and subscripts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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


@pytest.mark.parametrize(("tag", "said"), [
    ("state-of-the-art:review",
     "papers: error: 'state-of-the-art:review' is not a tag — ':' cannot be in a tag"),
    ("x" * 40 + ":y", "papers: error: '" + "x" * 24 + "…' is not a tag — ':' cannot be in "
     "a tag"),
    ("review (2024)", "papers: error: 'review (202…' is not a tag — ' ', '(' and ')' cannot "
     "be in a tag"),
    ("C++", "papers: error: 'C++' is not a tag — use letters, digits and - _ / . only")])
def test_a_refused_tag_names_the_characters_it_cannot_hold(library: Any, tag: str,
                                                           said: str) -> None:
    """A tag too long to quote whole with the rule in 80 columns was cut, and the cut hid
    the very character that was wrong ("'state-of-t…' is not a tag — use letters, digits
    and - _ / . only", of a Zotero-style `state-of-the-art:review`): the characters are
    named instead, the rule kept where the whole line fits."""
    for argv in (("tag", A, tag), ("search", "--offline", "--tag", tag)):
        result = library(*argv)
        assert result.exit_code == 2
        assert one_line(result.stderr) == said
        assert len(said) <= 80


def test_a_zotero_notes_superscripts_and_subscripts_are_kept_as_a_title_writes_them(
        papers: Any, tmp_path: Path) -> None:
    """Zotero's note editor writes x<sup>2</sup> and CO<sub>2</sub>: their text alone
    came in, so "p < 10<sup>-3</sup>" read "p < 10-3" (another number) and R² read R2.
    They come in as a title's scripts are written (`^2`, `_{ij}`), in code as they are."""
    html = ('<div data-schema-version="9"><p>R<sup>2</sup> = 0.9, p &lt; 10<sup>-3</sup>, '
            "CO<sub>2</sub>, x<sub>ij</sub>, a<sup> </sup>b</p>"
            "<pre>y<sub>1</sub></pre></div>")
    ris = tmp_path / "zotero.ris"
    ris.write_text("TY  - GEN\r\nTI  - A preprint\r\nAU  - Zhao, Jun\r\n"
                   "UR  - http://arxiv.org/abs/2401.01055\r\n"
                   f"N1  - {html}\r\nER  - \r\n\r\n", encoding="utf-8")
    result = papers("import", str(ris), "--offline")
    assert result.exit_code == 0, result.stderr
    [paper] = papers("starred", "--json", "-n", "0").json
    assert paper["note"] == ("R^2 = 0.9, p < 10^{-3}, CO_2, x_{ij}, a b\n\n"
                             "```\ny1\n```")
