"""`clean_line` and `clean_block` skip folding whitespace, and `strip_controls` its
expression, where they would change nothing (`sanitize._folded`, printable ASCII): what
they give must be what the full work gives, for any text (ASCII or not, with every kind
of whitespace, escape and control character)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from papercli.sanitize import (
    _ANSI,
    _CONTROL,
    clean_block,
    clean_line,
    for_terminal,
    strip_controls,
)

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
BREAKS = "\x85\u2028\u2029"  # NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: between two words
# Whitespace str.split() knows (ASCII and not), controls, and ordinary letters.
ALPHABET = " \t\n\r\x0b\x0c\x1c\x1f\x7f\x85\x9b\xa0\u200e\u2003\u2028\u3000ab.é\x1b[]\x07~"
texts = st.text(alphabet=ALPHABET, max_size=30) | st.text(max_size=30)


def stripped(text: str) -> str:
    """Every escape sequence and control character removed, whatever the text; a line
    break that is not a newline made a space."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", re.sub(f"[{BREAKS}]", " ", _ANSI.sub("", text)))


def folded_line(value: str, max_len: int = 2000) -> str:
    return " ".join(stripped(value).split())[:max_len]


def folded_block(value: str, max_len: int = 20000) -> str:
    text = stripped(value)
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())[:max_len]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = PARAGRAPH_BREAK.split(text)
    return "\n\n".join(" ".join(p.split()) for p in parts).strip()[:max_len]


@settings(max_examples=3000, deadline=None)
@given(texts)
@example("a\u00a0b")  # no-break space: whitespace to split(), not ASCII
@example("a\x0bb")  # a vertical tab: a control, gone before folding
@example(" a b")
@example("a\tb")
@example("a\x85b\u2028c\u2029d")
def test_folding_is_skipped_only_where_it_changes_nothing(text: str) -> None:
    assert strip_controls(text) == stripped(text)
    assert clean_line(text) == folded_line(text)
    assert clean_block(text) == folded_block(text)
    assert clean_line(text, max_len=3) == folded_line(text, max_len=3)


def test_a_line_break_that_is_not_a_newline_is_a_space(papers: Any, tmp_path: Path) -> None:
    """NEL (U+0085) was dropped as a control character, gluing the words on either side
    ("word\x85next" became "wordnext"); it, LINE SEPARATOR and PARAGRAPH SEPARATOR are a
    space in the library, and on the way to the terminal."""
    record = {"id": "2401.09901", "title": "Alpha\x85Beta\u2028Gamma\u2029Delta",
              "summary": "One word\x85next.\n\nTwo\u2028words\u2029here.",
              "authors": ["Ann\x85Lee"], "published_at": "2024-01-02T00:00:00Z",
              "sources": ["arxiv"]}
    src = tmp_path / "in.json"
    src.write_text(json.dumps([record]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    result = papers("export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    [paper] = json.loads(result.stdout)
    assert paper["title"] == "Alpha Beta Gamma Delta"
    assert paper["summary"] == "One word next.\n\nTwo words here."
    assert paper["authors"] == ["Ann Lee"]
    assert strip_controls("a\x85b") == "a b"
    assert for_terminal("a\x85b\u2028c\r\nd") == "a b c\r\nd"
