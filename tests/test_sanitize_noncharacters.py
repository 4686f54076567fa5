"""Unicode's noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF and the last two code points of
every plane) are never text: the feeds and the HTML export dropped them, the CSV, BibTeX,
RIS and Markdown exports wrote them, and inside a word they hid it from search. They are
dropped where text enters and again where it leaves, as the invisible characters are."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conftest import Home
from papercli.sanitize import clean_block, clean_line, for_terminal, strip_controls
from test_sanitize_invisible import imported, item

NONCHARACTERS = ("\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff")
NEAR = "\ufdcf\ufdf0\ufffd\U0001fffd"  # the characters beside them are text, and stay


def test_a_noncharacter_inside_a_word_is_gone_and_search_finds_it(
        papers: Any, tmp_path: Path) -> None:
    """Before: `Trans\\uffffformers` was stored as sent, `papers search transformers`
    found nothing, and the CSV, BibTeX, RIS and Markdown exports carried it."""
    imported(papers, tmp_path, item(
        "2401.09011", f"Trans\uffffformers for \ufdd0Every\U0010ffffone {NEAR}",
        "An ab\ufffestract of \U0001fffetext.", "Nora \ufdefNonchar"))
    found = papers("search", "--offline", "transformers", "--json")
    assert found.exit_code == 0, found.stderr
    assert found.ids == ["2401.09011"]
    assert found.json[0]["title"] == f"Transformers for Everyone {NEAR}"
    for fmt in ("csv", "bibtex", "ris", "md"):
        result = papers("export", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert not any(c in result.stdout for c in NONCHARACTERS), fmt
        assert NEAR in result.stdout or fmt == "bibtex", fmt


def test_an_old_row_is_cleaned_on_the_way_out_and_a_query_of_them_is_cleaned(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """A library written before keeps them: each export cleans again. A query pasted
    with one (`dis\\ufffetillation`) finds what the word does."""
    imported(papers, tmp_path, item("2401.09012", "Plain distillation", "Plain.", "Ann Lee"))
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE papers SET title = ? WHERE id = ?",
                     ("Old\ufffe row of distillation\uffff", "2401.09012"))
    for fmt in ("csv", "ris", "md", "bibtex"):
        result = papers("export", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "Old row of distillation" in result.stdout.replace("{", "").replace("}", "")
        assert not any(c in result.stdout for c in NONCHARACTERS), fmt
    pasted = papers("search", "--offline", "dis\ufffetillation", "--json")
    assert pasted.exit_code == 0, pasted.stderr
    assert pasted.ids == ["2401.09012"]


@given(st.text(alphabet=st.sampled_from([*NONCHARACTERS, *NEAR, "a", " ", "\u200b"]),
               max_size=20))
def test_no_cleaning_leaves_a_noncharacter(text: str) -> None:
    for clean in (strip_controls, clean_line, clean_block, for_terminal):
        once = clean(text)
        assert not any(c in once for c in NONCHARACTERS)
        assert clean(once) == once
        assert [c for c in once if c in NEAR] == [c for c in text if c in NEAR]
