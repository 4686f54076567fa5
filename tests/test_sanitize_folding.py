"""`clean_line` and `clean_block` skip folding whitespace, and `strip_controls` its
expression, where they would change nothing (`sanitize._folded`, printable ASCII): what
they give must be what the full work gives, for any text (ASCII or not, with every kind
of whitespace, escape and control character)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from papercli.sanitize import _ANSI, _CONTROL, clean_block, clean_line, strip_controls

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Whitespace str.split() knows (ASCII and not), controls, and ordinary letters.
ALPHABET = " \t\n\r\x0b\x0c\x1c\x1f\x7f\x85\x9b\xa0\u200e\u2003\u2028\u3000ab.é\x1b[]\x07~"
texts = st.text(alphabet=ALPHABET, max_size=30) | st.text(max_size=30)


def stripped(text: str) -> str:
    """Every escape sequence and control character removed, whatever the text."""
    return _CONTROL.sub("", _ANSI.sub("", text)) if _CONTROL.search(text) else text


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
def test_folding_is_skipped_only_where_it_changes_nothing(text: str) -> None:
    assert strip_controls(text) == stripped(text)
    assert clean_line(text) == folded_line(text)
    assert clean_block(text) == folded_block(text)
    assert clean_line(text, max_len=3) == folded_line(text, max_len=3)
