"""Hostile text through every export format, read back by each format's own reader.

What each format's documentation says a value must not do, checked with a library
holding titles, abstracts, authors and a note written to break out of their fields:

- CSV (RFC 4180; OWASP's CSV injection advice): every row has the header's columns, and no
  cell starts with `= + - @`, a tab or a carriage return (a spreadsheet would run it).
- Markdown (CommonMark): one heading per paper, no raw HTML, no code span or link made of
  a title, no table, list or quote made of an abstract.
- HTML: parsed strictly (html5lib), no element or attribute came from the data, every
  link is http(s).
- BibTeX: every entry is read whole (bibtexparser), a title's braces balance, `%` is
  escaped (LaTeX would take the rest of the line for a comment).
- RIS: a line inside a value never starts a tag: one record per paper, all `UNPB`.
- Atom/RSS (XML 1.0): well formed, no character XML forbids.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import bibtexparser  # type: ignore[import-untyped]
import html5lib  # type: ignore[import-untyped]
import pytest
import rispy
from lxml import etree  # type: ignore[import-untyped]
from markdown_it import MarkdownIt

from conftest import one_line
from hubserver import seed_items

TITLES = [
    '=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
    "\t=tab first", "\r=carriage return first", "\u200b=hidden behind a zero-width space",
    "Evil](javascript:alert(1)) [x]: javascript:alert(2)", "`code` <script>alert(1)</script>",
    "a | b | c", "{unbalanced brace", "}x{ reversed", "@misc{injected, title={x}}",
    "50% of \\% and a # and ~", "back\\slash", "line\nTY  - BOOK", "ER  - ", "]]> <![CDATA[",
    '" onmouseover="alert(1)', "<a href=\"javascript:alert(1)\">x</a>", "x\x00y\x1b[2J\x7f",
]
ABSTRACT = ("First paragraph with *emphasis* and _under_ and <img src=x onerror=alert(1)>.\n\n"
            "ER  - \nTY  - BOOK\n\n# not a heading\n\n- not a list\n\n> not a quote\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n@misc{x,\n%comment\n")
NOTE = "=cmd\nER  - \nTY  - BOOK\n@article{x,\n<script>alert(1)</script>"
INDENTED_NOTE = '  =HYPERLINK("http://evil.example","x")'  # a note's first line indented


def hostile_items() -> list[dict[str, Any]]:
    items = []
    base = seed_items()[0]
    for n, title in enumerate(TITLES, 1):
        item = copy.deepcopy(base)
        item["paper"].update(id=f"2401.{90000 + n}", title=title, summary=ABSTRACT)
        item["paper"]["authors"] = [{"name": title[:40] or "x"}, {"name": "Ann {Lee} and Bo"}]
        item["title"] = title
        items.append(item)
    return items


@pytest.fixture
def hostile(papers: Any, tmp_path: Path) -> Any:
    src = tmp_path / "items.json"
    src.write_text(json.dumps(hostile_items()), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    assert papers("note", "2401.90001", "-m", NOTE).exit_code == 0
    assert papers("note", "2401.90002", "-m", INDENTED_NOTE).exit_code == 0
    return papers


def exported(papers: Any, fmt: str) -> str:
    result = papers("export", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u200b]",
                         result.stdout), fmt
    return str(result.stdout)


def test_csv_rows_and_no_formula(hostile: Any) -> None:
    rows = list(csv.reader(io.StringIO(exported(hostile, "csv"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(TITLES)
    assert {len(r) for r in body} == {len(header)}
    for row in body:
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "-", "@", "\t", "\r")), cell
    titles = {r[header.index("id")]: r[header.index("title")] for r in body}
    assert titles["2401.90001"] == "'" + TITLES[0]
    assert titles["2401.90007"] == "'=hidden behind a zero-width space"
    notes = {r[header.index("id")]: r[header.index("note")] for r in body}
    assert notes["2401.90001"].startswith("'=cmd")
    # Before: a cell with spaces before its `=` was written as it was, and a spreadsheet
    # that trims cells on import (LibreOffice's "Trim spaces") ran it.
    assert notes["2401.90002"] == "'" + INDENTED_NOTE


def _tokens(tokens: list[Any]) -> list[Any]:
    out = []
    for token in tokens:
        out.append(token)
        out += _tokens(token.children or [])
    return out


def test_markdown_parses_to_one_heading_per_paper(hostile: Any) -> None:
    text = exported(hostile, "md")
    tokens = _tokens(MarkdownIt("commonmark").enable("table").parse(text))
    kinds = [t.type for t in tokens]
    assert kinds.count("heading_open") == len(TITLES) + 1  # the document's, then each paper's
    for bad in ("html_inline", "html_block", "code_inline", "code_block", "fence",
                "table_open", "bullet_list_open", "ordered_list_open", "blockquote_open",
                "hr"):
        assert bad not in kinds, bad
    links = [t.attrs["href"] for t in tokens if t.type == "link_open"]
    assert links and all(str(h).startswith(("http://", "https://")) for h in links)


def test_html_holds_only_its_own_elements(hostile: Any) -> None:
    text = exported(hostile, "html")
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
    tags = {el.tag for el in tree.iter()}
    assert not tags & {"script", "img", "iframe", "object"}
    for el in tree.iter():
        assert not any(name.startswith("on") for name in el.attrib), el.attrib
        href = el.attrib.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "#")), href
    assert "<script>alert(1)</script>" in "".join(tree.itertext())


def test_bibtex_entries_are_whole(hostile: Any) -> None:
    text = exported(hostile, "bibtex")
    entries = bibtexparser.loads(text).entries
    assert len(entries) == len(TITLES)
    assert {e["eprint"] for e in entries} == {f"2401.{90000 + n}" for n in
                                              range(1, len(TITLES) + 1)}
    for entry in entries:
        for field in ("title", "author", "abstract"):
            value = entry[field]
            assert value.count("{") == value.count("}"), value
            assert not re.search(r"(?<!\\)%", value), value  # LaTeX: a comment to the end
    assert not any(line.startswith("@") for line in text.splitlines()
                   if not line.startswith(("@misc{", "@article{")))


def test_ris_values_start_no_tag(hostile: Any) -> None:
    text = exported(hostile, "ris")
    records = rispy.loads(text)
    assert len(records) == len(TITLES)
    assert {r["type_of_reference"] for r in records} == {"UNPB"}  # (no journal references)
    assert {r["id"] for r in records} == {f"2401.{90000 + n}" for n in range(1, len(TITLES) + 1)}
    first = next(r for r in records if r["id"] == "2401.90001")
    assert first["title"] == TITLES[0]
    assert "TY  - BOOK" in first["notes"]  # the note's line, as text
    assert len(re.findall(r"^ER  - ", text, re.MULTILINE)) == len(TITLES)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_feeds_are_well_formed_xml(hostile: Any, fmt: str) -> None:
    text = exported(hostile, fmt)
    root = etree.fromstring(text.encode("utf-8"),
                            parser=etree.XMLParser(resolve_entities=False, no_network=True))
    entries = root.findall("{http://www.w3.org/2005/Atom}entry") if fmt == "atom" \
        else root.findall("channel/item")
    assert len(entries) == len(TITLES)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text)


@pytest.mark.parametrize("url", [
    "https://example.org/\u202efeed.xml",  # a bidi override
    "https://example.org/\x9b31mfeed",  # an 8-bit CSI
    "https://example.org/feed\x7f",  # DEL
    "https://exa\u200bmple.org/feed",  # a zero-width space in the host
])
def test_a_feed_url_with_an_invisible_or_control_character_is_refused(
        hostile: Any, url: str) -> None:
    """Before: only C0 controls and spaces were refused, so a bidi override or an 8-bit CSI
    in --feed-url went raw into the feed's <id>, and to the terminal with it."""
    result = hostile("export", "-f", "atom", "-n", "1", "--feed-url", url)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert "--feed-url" in line and "http(s)" in line
    assert not re.search("[\x7f-\x9f\u202e\u200b]", line)


def test_what_a_format_forgot_to_clean_never_reaches_a_terminal(
        hostile: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A streamed export skipped the terminal filter every other output passes (a format
    that let an escape through wrote it raw); on a terminal it now passes it too."""
    from papercli import terminal
    from papercli.exporters import ids

    def careless(sections: Any, ctx: Any, fmt: str = "ids") -> Any:
        yield "2401.90001\x1b]52;c;ZXZpbA==\x07\u202e\x9b2J\n"

    monkeypatch.setattr(ids, "stream", careless)
    monkeypatch.setattr(terminal, "is_terminal", lambda stream: True)
    result = hostile("export", "-f", "ids")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2401.90001\n"
