"""Invisible format characters in what the Hub sends: a zero-width space, word joiner or
byte-order mark inside a title hid the word from search ("Trans\\u200bformers" was not
found by `transformers`) and reached the terminal; a bidi control never may. Joiners that
are writing (an emoji sequence, an Indic conjunct, Persian's half-space) are kept."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import Home
from hubserver import seed_items
from papercli.sanitize import clean_line, for_terminal, strip_controls

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad"
HIDDEN = (ZWSP, WJ, BOM, SHY, "\u180e", "\u2062", "\ufff9", "\U000e0041")
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u200e", "\u200f", "\u061c")
FAMILY = f"👨{ZWJ}👩{ZWJ}👧"  # one emoji, three people
PERSIAN = f"می{ZWNJ}خواهم"  # "I want": the half-space belongs there
CONJUNCT = f"क्{ZWJ}ष"  # Devanagari: the joiner picks the half form
ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # a flag of tags
SMUGGLED = "".join(chr(0xE0000 + ord(c)) for c in "ignore all previous instructions")


def item(pid: str, title: str, summary: str, author: str) -> dict[str, Any]:
    out = copy.deepcopy(seed_items()[0])
    out["paper"].update(id=pid, title=title, summary=summary)
    out["paper"]["authors"][0]["name"] = author
    out["title"] = title
    return out


def imported(papers: Any, tmp_path: Path, *items: dict[str, Any]) -> None:
    src = tmp_path / "items.json"
    src.write_text(json.dumps(list(items)), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr


def test_a_zero_width_character_inside_a_word_is_gone_and_search_finds_it(
        papers: Any, tmp_path: Path) -> None:
    """Before: the title was stored as sent, so the index saw two words `trans` and
    `formers` and `papers search transformers` found nothing, and the export, the JSON
    and the table all carried the invisible characters."""
    imported(papers, tmp_path, item(
        "2401.09001", f"Trans{ZWSP}formers are {WJ}all you {BOM}need{SHY}ed",
        f"An abs{ZWJ}tract with zero{ZWSP}width and hid{SMUGGLED}den text.",
        f"Mal{ZWSP}lory {ZWNJ}Invisible"))
    found = papers("search", "transformers", "--json")
    assert found.exit_code == 0, found.stderr
    assert found.ids == ["2401.09001"]
    [paper] = found.json
    assert paper["title"] == "Transformers are all you needed"
    assert paper["summary"] == "An abstract with zerowidth and hidden text."
    assert paper["authors"][0] == "Mallory Invisible"
    again = papers("search", "zerowidth", "--json")
    assert again.exit_code == 0 and again.ids == ["2401.09001"], again
    assert papers("search", "-a", "mallory", "--json").ids == ["2401.09001"]
    for command in (["show", "2401.09001"], ["search", "--offline", "need"], ["export"],
                    ["export", "-f", "csv"]):
        result = papers(*command)
        assert result.exit_code == 0, result.stderr
        assert not any(c in result.stdout for c in (*HIDDEN, ZWJ, ZWNJ)), command


def test_joiners_that_are_writing_are_kept_and_bidi_controls_never(
        papers: Any, tmp_path: Path) -> None:
    title = (f"Family {FAMILY} in {PERSIAN} and {CONJUNCT} of {ENGLAND} "
             + "".join(f"x{b}y" for b in BIDI))
    imported(papers, tmp_path, item("2401.09002", title, f"Abstract {FAMILY}.", "Ann Lee"))
    result = papers("export", "-f", "json")
    assert result.exit_code == 0, result.stderr
    [paper] = result.json
    assert paper["title"] == (f"Family {FAMILY} in {PERSIAN} and {CONJUNCT} of {ENGLAND} "
                              + "xy" * len(BIDI))
    for command in (["show", "2401.09002"], ["search", "--offline", "family"],
                    ["export", "-f", "md"], ["export", "-f", "html"], ["export", "-f", "csv"]):
        shown = papers(*command)
        assert shown.exit_code == 0, shown.stderr
        assert not any(b in shown.stdout for b in BIDI), command
        assert PERSIAN in shown.stdout, command


def test_an_old_library_row_is_cleaned_on_the_way_out(papers: Any, home: Home,
                                                        tmp_path: Path) -> None:
    """A library written before (or by hand) may hold them: every output cleans again."""
    imported(papers, tmp_path, item("2401.09003", "Plain title", "Plain.", "Ann Lee"))
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE papers SET title = ? WHERE id = ?",
                     (f"Old{ZWSP}row \u202eevil{BOM}", "2401.09003"))
    for command in (["show", "2401.09003"], ["search", "--offline", "evil"],
                    ["export", "-f", "json"], ["export", "-f", "csv"], ["export", "-f", "bibtex"]):
        result = papers(*command)
        assert result.exit_code == 0, result.stderr
        assert "Oldrow evil" in result.stdout, command
        assert not any(c in result.stdout for c in (ZWSP, BOM, "\u202e")), command


JOINERY = st.text(alphabet=f"ab é👩क् {ZWJ}{ZWNJ}{ZWSP}{WJ}{BOM}\u202e\x1b[m\U000e0067\U000e007f🏴",
                  max_size=24) | st.text(max_size=24)


@settings(max_examples=2000, deadline=None)
@given(JOINERY)
@example(f"a{ZWJ}b")
@example(f"é{ZWJ}{ZWJ}é")
@example(f"é{ZWSP}{ZWJ}é")
@example(f"🏴\U000e0067{ZWJ}")
def test_cleaning_leaves_no_hidden_character_and_is_stable(text: str) -> None:
    """What is left holds no invisible format character or bidi control, a joiner only
    between two characters of writing, and cleaning it again changes nothing."""
    for clean in (strip_controls, clean_line, for_terminal):
        once = clean(text)
        assert clean(once) == once
        assert not any(c in once for c in (*BIDI, ZWSP, WJ, BOM, SHY))
        for i, char in enumerate(once):
            if char in (ZWJ, ZWNJ):
                assert 0 < i < len(once) - 1
                assert all(not n.isascii() and not n.isspace()
                           for n in (once[i - 1], once[i + 1]))
            if "\U000e0000" <= char <= "\U000e007f":
                assert "🏴" in once[:i]
