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
from papercli.sources import arxiv

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
INDENTED_BREAK = re.compile(r"\n\s*\n|\n[ \t]{2,}(?=\S)")  # arXiv's: an indented line
BREAKS = "\x85\u2028\u2029"  # NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: between two words
# Whitespace str.split() knows (ASCII and not), controls, and ordinary letters.
ALPHABET = (" \t\n\r\x0b\x0c\x1c\x1f\x7f\x85\x9b\xa0\u200e\u2003\u2028\u3000ab.é\x1b[]\x07~"
            "\u200b\u200c\u200d\ufeff\U0001f3f4\U000e0067\U000e007f")  # invisible, joiners
texts = st.text(alphabet=ALPHABET, max_size=30) | st.text(max_size=30)


def stripped(text: str) -> str:
    """Every escape sequence and control character removed, whatever the text; a line
    break that is not a newline made a space."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(r"\1", re.sub(f"[{BREAKS}]", " ", _ANSI.sub("", text)))


def folded_line(value: str, max_len: int = 2000) -> str:
    return " ".join(stripped(value).split())[:max_len]


def folded_block(value: str, max_len: int = 20000, indents: bool = False) -> str:
    text = stripped(value)
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())[:max_len]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = (INDENTED_BREAK if indents else PARAGRAPH_BREAK).split(text)
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
    assert clean_block(text, indents=True) == folded_block(text, indents=True)
    assert clean_line(text, max_len=3) == folded_line(text, max_len=3)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=150, max_value=3000), texts, st.integers(0, 30),
       st.booleans())
@example("\x1b[31m" + "a " * 40 + "\n\n", 200, " \t\n" * 5000 + "b", 0, True)  # shrinks
def test_a_long_text_cut_first_is_cut_as_the_whole_was(
        chunk: str, times: int, tail: str, max_len: int, indents: bool) -> None:
    """`clean_block` cleans only a prefix of a long text (`sanitize.RAW_PER_KEPT`): what
    it keeps must be what cleaning the whole text and cutting it gave, whatever the
    whitespace, escapes and paragraph breaks at the prefix's end."""
    text = chunk * times + tail
    assert (clean_block(text, max_len, indents=indents)
            == folded_block(text, max_len, indents=indents))


def test_a_huge_abstract_is_cut_before_it_is_cleaned(papers: Any, tmp_path: Path,
                                                     monkeypatch: Any) -> None:
    """An item with a 5 MB abstract took ~1 s to import: the whole text was cleaned of
    controls and its whitespace folded before all but its first 20,000 characters were
    dropped. Now a prefix is cleaned, and the abstract kept is the same."""
    from papercli import sanitize

    seen: list[int] = []
    whole = sanitize.strip_controls

    def counted(text: str) -> str:
        seen.append(len(text))
        return whole(text)

    monkeypatch.setattr(sanitize, "strip_controls", counted)
    summary = ("  Tides\u200b in token streams,\x1b[1m wrapped\n  and indented. " * 80_000)
    record = {"id": "2401.09902", "title": "Long", "summary": summary,
              "authors": ["Ann Lee"], "published_at": "2024-01-02T00:00:00Z",
              "sources": ["arxiv"]}
    src = tmp_path / "in.json"
    src.write_text(json.dumps([record]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    assert seen and max(seen) < len(summary) // 10
    result = papers("export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    [paper] = json.loads(result.stdout)
    assert paper["summary"] == folded_block(summary)
    assert len(paper["summary"]) == 20_000


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


# Invented abstracts in arXiv's shape: hard-wrapped, a new paragraph's line indented (the
# snapshot and the API start the first one indented too; the Hub's copy does not).
WRAPPED = ("  We study tides in token streams and\nfind them regular.\n  Then we "
           "predict\nthem. TideNet\n is fast.\n")  # one space: not a new paragraph
PARAGRAPHS = ("We study tides in token streams and find them regular.\n\n"
              "Then we predict them. TideNet is fast.")


def test_arxivs_indented_paragraphs_are_kept(papers: Any, tmp_path: Path) -> None:
    """arXiv marks a new paragraph of an abstract by indenting its first line; the Hub
    copies the abstract as it is. The paragraphs were merged into one; now they are kept,
    from the Hub, arXiv's snapshot and its API alike, while a .bib file's value lined up
    under its first line is still one paragraph."""
    hub = tmp_path / "hub.json"
    hub.write_text(json.dumps([{
        "paper": {"id": "2403.10001", "title": "Tide Tables", "summary": WRAPPED.lstrip(),
                  "authors": [{"name": "Ilse Varga"}],
                  "publishedAt": "2024-03-14T17:59:01.000Z"},
        "publishedAt": "2024-03-15T06:12:00.000Z", "title": "Tide Tables"}]),
        encoding="utf-8")
    snap = tmp_path / "snap.jsonl"
    snap.write_text(json.dumps({
        "id": "hep-th/9901001", "title": "Strings", "authors": "A. Inventor",
        "abstract": WRAPPED, "categories": "hep-th",
        "versions": [{"version": "v1", "created": "Tue, 12 Jan 1999 10:00:00 GMT"}],
        "authors_parsed": [["Inventor", "A.", ""]]}) + "\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{inventor2024,\n  title = {Lined Up},\n  eprint = {2403.10002},\n"
                   "  archivePrefix = {arXiv},\n  abstract = {One paragraph, wrapped\n"
                   "               and lined up under its first line.},\n}\n",
                   encoding="utf-8")
    for path in (hub, snap, bib):
        result = papers("import", str(path), "--offline")
        assert result.exit_code == 0, result.stderr
    result = papers("export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    summaries = {p["id"]: p["summary"] for p in json.loads(result.stdout)}
    assert summaries["2403.10001"] == PARAGRAPHS
    assert summaries["hep-th/9901001"] == PARAGRAPHS
    assert summaries["2403.10002"] == (
        "One paragraph, wrapped and lined up under its first line.")

    from xml.sax.saxutils import escape

    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        "<id>http://arxiv.org/abs/2403.10003v1</id><title>Tide Tables</title>"
        f"<summary>{escape(WRAPPED)}</summary>"
        "<published>2024-03-14T17:59:01Z</published><updated>2024-03-14T17:59:01Z</updated>"
        "<author><name>Ilse Varga</name></author></entry></feed>")
    [entry] = arxiv.parse_api(feed).entries
    assert entry.abstract == PARAGRAPHS
