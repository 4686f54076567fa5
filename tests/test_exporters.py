"""Output formats, read back by real parsers: json, CommonMark, csv, BibTeX."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import bibtexparser  # type: ignore[import-untyped]
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import TODAY, Result
from hubserver import HubServer
from papercli.exporters import FORMATS, render
from papercli.exporters.bibtex import base_key, keys, latex_escape
from papercli.exporters.csvfmt import COLUMNS, defuse
from papercli.exporters.markdown import escape, safe_url
from papercli.models import Paper, parse_items
from papercli.sanitize import clean_block, clean_line

DATA = Path(__file__).parent / "data" / "search-llama.json"
SEED = parse_items(json.loads(DATA.read_text(encoding="utf-8"))).papers
ENDPOINT = "https://huggingface.co"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
Run = Callable[..., Result]  # the `papers` fixture: the CLI, in-process

HOSTILE_TITLES = [
    "[bold red]x[/] \x1b[2J\x07 *bold* _it_ [link](http://evil) #hash |pipe| <b>tag</b>",
    "`code` and ``double`` and a \\ backslash",
    "# Not a heading",
    "1. Not a list",
    "2) Not a list either",
    "- not a bullet",
    "+ not a bullet",
    "= not a setext line",
    "> not a quote",
    "*** not a rule",
    "<script>alert(1)</script>",
    "Braces { unbalanced and } } and % & $ # _ ^ ~ \\ specials",
    "Line\nbreak\r\ninside and\ttab",
    "![image](x.png) and &copy; entity",
    "[ref]: http://example.com",
    "@misc{evil, title={x}} @comment{ y",
    "Ends with a backslash \\",
    "\x9b31mC1 CSI\x7f and DEL \x1b]0;title\x07 OSC",
    "Müller's 王 model",
]
HOSTILE_ABSTRACT = (
    "Abstract with *stars* and _under_ and `ticks` and <div>html</div>\n\n"
    "= not a heading\n\n---\n\n> not a quote\n\n```fence\n\n    indented\n\n"
    "1) item\n\n[x]: /url\n\n~~~\n\n| a | b |\n\n\x1b[31mred\x1b[0m and \x07bell"
)
HOSTILE_AUTHORS = ["Müller, Lüder", "王 小明", "O'Brien {Jr}", "R and D Team", "*Star* [x]"]


def hostile_papers() -> list[Paper]:
    base = SEED[0]
    return [
        base._replace(
            id=f"2401.{n:05d}",
            title=title,
            summary=f"{title}\n\n{HOSTILE_ABSTRACT}",
            authors=HOSTILE_AUTHORS,
            families=["LLaMA", "`x`"],
            ai_summary=f"TL;DR for {title}",
            ai_keywords=["=cmd", "a;b"],
        )
        for n, title in enumerate(HOSTILE_TITLES)
    ]


def odd_papers() -> list[Paper]:
    """No authors, no dates, 300 authors, one lone surrogate."""
    base = SEED[0]
    return [
        base._replace(id="2401.90001", authors=[], published_at=None, submitted_at=None),
        base._replace(id="2401.90002", authors=[f"Person {i}" for i in range(300)]),
        base._replace(id="2401.90003", title="Broken \ud800 surrogate", authors=["A B"]),
    ]


def has_controls(text: str) -> bool:
    """Any C0 control but newline/CR/tab, DEL, or a C1 control (ESC and CSI included)."""
    return any((ord(c) < 32 and c not in "\n\r\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def inline_text(token: Token) -> str:
    """What a reader sees in one inline token: text, code, line breaks as newlines."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def md_tokens(text: str) -> list[Token]:
    return MarkdownIt("commonmark").parse(text)


def md_headings(text: str, tag: str = "h2") -> list[str]:
    tokens = md_tokens(text)
    return [
        inline_text(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == tag
    ]


def md_links(text: str) -> list[str]:
    return [
        str(c.attrs["href"])
        for t in md_tokens(text)
        if t.type == "inline"
        for c in t.children or []
        if c.type == "link_open"
    ]


def md_paragraphs(text: str) -> list[str]:
    tokens = md_tokens(text)
    return [
        inline_text(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "paragraph_open" and tokens[i - 1].type != "blockquote_open"
    ]


# -- the dispatcher ------------------------------------------------------------------------


def test_formats_and_unknown_format() -> None:
    assert FORMATS == ("json", "jsonl", "md", "csv", "bibtex", "ris", "csljson", "atom", "rss",
                       "html", "ids")
    with pytest.raises(ValueError, match="unknown format 'table'"):
        render(SEED, "table", title="t")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_ends_with_a_newline_and_is_encodable(fmt: str) -> None:
    for papers in (SEED, [], hostile_papers(), odd_papers()):
        text = render(papers, fmt, title="t", endpoint=ENDPOINT, generated_at=NOW)
        # (a paper a line: no papers, no lines)
        assert text.endswith("\n") or (fmt in ("ids", "jsonl") and not papers and text == "")
        text.encode("utf-8")  # the lone surrogate was dropped, so this cannot fail
        assert not has_controls(text)
    assert "\ud800" not in render(odd_papers(), fmt, title="t")


def test_exporters_import_lazily_and_without_typer_or_rich() -> None:
    code = (
        "import sys, papercli.exporters as e\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('papercli.exporters.'))\n"
        "assert loaded == [], loaded\n"
        "for fmt in e.FORMATS: e.render([], fmt, title='t')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]\n"
        "assert bad == [], bad\n"
    )
    src = Path(__file__).parent.parent / "src"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(src)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# -- JSON ----------------------------------------------------------------------------------


def test_json_round_trip() -> None:
    text = render(SEED, "json", title="t", endpoint=ENDPOINT)
    assert json.loads(text) == [p.to_dict(ENDPOINT) for p in SEED]
    assert text.startswith("[\n  {")  # indent=2, a top-level array
    other = json.loads(render(SEED[:1], "json", title="t", endpoint="http://localhost:9/"))
    assert other[0]["url"] == f"http://localhost:9/papers/{SEED[0].id}"


def test_json_strips_controls_and_keeps_unicode() -> None:
    papers = hostile_papers()
    text = render(papers, "json", title="t", endpoint=ENDPOINT)
    assert "Müller" in text and "王" in text  # ensure_ascii=False
    assert "\\u001b" not in text and "\\u0007" not in text
    data = json.loads(text)
    assert [d["id"] for d in data] == [p.id for p in papers]
    assert data[0]["title"].startswith("[bold red]x[/]  *bold*")
    assert set(data[0]) == set(SEED[0].to_dict())


def test_json_empty() -> None:
    assert render([], "json", title="t") == "[]\n"


# -- Markdown ------------------------------------------------------------------------------


def sample_papers() -> list[Paper]:
    return [
        Paper(
            id="2401.01055",
            title="LLaMA Beyond English: An Empirical Study on Language Capability Transfer",
            summary="We transfer *language generation* to a non-English language.\n\n"
            "1% of the pretraining data is enough.",
            authors=["Jun Zhao", "Zhiyao Zhang", "Luhui Gao", "Qi Zhang", "Tao Gui"],
            published_at="2024-01-02T18:53:13Z",
            submitted_at="2024-01-03T08:00:00Z",
            upvotes=56,
            comments=3,
            github_repo="https://github.com/x/y",
            families=["LLaMA"],
            ai_summary="LLaMA transfers to Chinese with <1% of the pretraining data.",
        ),
        Paper(
            id="2304.08485",
            title="Visual Instruction Tuning",
            summary="Instruction tuning [LLMs] using machine-generated data.",
            authors=["Haotang Liu", "Chunyan Li", "Qingbang Wu", "Yong Jae Seo"],
            published_at="2023-04-17T17:59:25Z",
            submitted_at="2023-04-17T17:59:25Z",
            upvotes=12,
            project_page="https://llava-vl.github.io",
            families=["LLaVA"],
        ),
    ]


SAMPLE_MD = """\
# Search: llava · family LLaVA

_2 papers · generated 2026-11-25T12:00:00Z by papercli_

## [LLaMA Beyond English: An Empirical Study on Language Capability Transfer](https://huggingface.co/papers/2401.01055)

Jun Zhao, Zhiyao Zhang, Luhui Gao et al. (5 authors) · arXiv 2024-01-02 · Daily Papers 2024-01-03 · ▲ 56 · 3 comments · [arXiv](https://arxiv.org/abs/2401.01055) · [PDF](https://arxiv.org/pdf/2401.01055) · [Code](https://github.com/x/y) · `LLaMA`

> **TL;DR** LLaMA transfers to Chinese with \\<1% of the pretraining data.

We transfer \\*language generation\\* to a non-English language.

1% of the pretraining data is enough.

## [Visual Instruction Tuning](https://huggingface.co/papers/2304.08485)

Haotang Liu, Chunyan Li, Qingbang Wu, Yong Jae Seo · arXiv 2023-04-17 · ▲ 12 · [arXiv](https://arxiv.org/abs/2304.08485) · [PDF](https://arxiv.org/pdf/2304.08485) · [Project page](https://llava-vl.github.io) · `LLaVA`

Instruction tuning \\[LLMs\\] using machine-generated data.
"""  # noqa: E501


def test_markdown_layout() -> None:
    text = render(sample_papers(), "md", title="Search: llava · family LLaVA", generated_at=NOW)
    assert text == SAMPLE_MD


def test_markdown_has_one_heading_per_paper_with_exact_titles() -> None:
    text = render(SEED, "md", title="Daily Papers — 2026-11-25", endpoint=ENDPOINT)
    assert text.startswith("# Daily Papers — 2026-11-25\n")
    assert md_headings(text, "h1") == ["Daily Papers — 2026-11-25"]
    assert md_headings(text) == [p.title for p in SEED]
    links = md_links(text)
    for paper in SEED:
        assert paper.hf_url(ENDPOINT) in links
        assert paper.arxiv_url in links and paper.pdf_url in links
    assert md_paragraphs(text)[0] == "19 papers"
    assert [p for p in md_paragraphs(text) if p in {s.summary for s in SEED}] == [
        p.summary for p in SEED
    ]


def test_markdown_metadata_line_and_abstract() -> None:
    paper = SEED[1]._replace(
        github_repo="https://github.com/x/y",
        project_page="https://x.y/",
        comments=2,
        families=["LLaVA", "GPT"],
        ai_summary="Short summary.",
        submitted_at="2025-01-09T00:00:00Z",
    )
    text = render([paper], "md", title="t", endpoint=ENDPOINT)
    meta = next(line for line in text.splitlines() if line.startswith("Author 1"))
    for part in (
        "arXiv 2025-01-07",
        "Daily Papers 2025-01-09",
        "▲ 4",
        "2 comments",
        "[Code](https://github.com/x/y)",
        "[Project page](https://x.y/)",
        "`LLaVA` `GPT`",
    ):
        assert part in meta
    assert "> **TL;DR** Short summary." in text
    assert paper.summary in md_paragraphs(text)
    no_abstract = render([paper], "md", title="t", endpoint=ENDPOINT, abstract=False)
    assert paper.summary not in md_paragraphs(no_abstract)
    assert "TL;DR" in no_abstract and len(md_headings(no_abstract)) == 1
    quiet = render([paper._replace(comments=0, families=[])], "md", title="t")
    assert "comment" not in quiet and "`" not in quiet
    assert "Daily Papers" not in render([SEED[1]], "md", title="t")  # same day: once


def test_markdown_author_lists() -> None:
    def meta(authors: list[str]) -> str:
        text = render([SEED[0]._replace(authors=authors)], "md", title="t")
        return next(line for line in text.splitlines() if " · arXiv " in line)

    many = meta([f"Person {i}" for i in range(300)])
    assert many.startswith("Person 0, Person 1, Person 2 et al. (300 authors) · ")
    assert "Person 3," not in many and "Person 299" not in many
    assert meta(["A", "B", "C", "D"]).startswith("A, B, C, D · ")
    assert meta([]).startswith("Unknown authors · ")
    assert meta(["- Dash", "*Star*"]).startswith("\\- Dash, \\*Star\\* · ")


def test_markdown_survives_hostile_text() -> None:
    papers = hostile_papers()
    text = render(papers, "md", title="Search: [x](y) * # \x1b[31m", endpoint=ENDPOINT)
    assert not has_controls(text)
    assert "[2J" not in text and "31m" not in text
    tokens = md_tokens(text)
    assert md_headings(text, "h1") == ["Search: [x](y) * #"]
    assert md_headings(text) == [clean_line(t) for t in HOSTILE_TITLES]
    kinds = {t.type for t in tokens}
    assert not kinds & {
        "html_block",
        "bullet_list_open",
        "ordered_list_open",
        "hr",
        "code_block",
        "fence",
        "table_open",
    }
    # Our own TL;DR quote, once per paper, and nothing else.
    assert sum(1 for t in tokens if t.type == "blockquote_open") == len(papers)
    inline = [c.type for t in tokens if t.type == "inline" for c in t.children or []]
    assert not set(inline) & {"html_inline", "image"}
    assert inline.count("em_open") == 1  # only our own "_N papers_" line
    assert inline.count("strong_open") == len(papers)  # only our own **TL;DR**
    assert inline.count("link_open") == 3 * len(papers)  # heading, arXiv, PDF
    assert inline.count("code_inline") == 2 * len(papers)  # the family tags
    # Every abstract paragraph reads back exactly as the cleaned text.
    paragraphs = md_paragraphs(text)
    for paper in papers:
        for para in clean_block(paper.summary).split("\n\n"):
            assert para in paragraphs
    # ("Müller, Lüder" read given name first, as `show` and every view name an author)
    meta = [p for p in paragraphs if p.startswith("Lüder Müller, ")]
    assert len(meta) == len(papers)
    assert meta[0].startswith("Lüder Müller, 王 小明, O'Brien {Jr} et al. (5 authors) · ")


def test_markdown_escape_and_urls() -> None:
    assert escape("1. x") == "1\\. x"
    assert escape("# x") == "\\# x"
    assert escape("a*b_c`d") == "a\\*b\\_c\\`d"
    assert escape("- x") == "\\- x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://x.y/a b(c)<d>\\") == "https://x.y/a%20b%28c%29%3Cd%3E%5C"
    paper = SEED[0]._replace(
        github_repo="javascript:alert(1)",
        project_page="https://x.y/a b(c)<d>",
        families=["``", "A`B"],
    )
    text = render([paper], "md", title="t", endpoint=ENDPOINT)
    links = md_links(text)
    assert not any("javascript" in link for link in links)
    assert "https://x.y/a%20b%28c%29%3Cd%3E" in links
    assert "Code" not in text
    assert text.count("`") == 2  # `AB` only: the empty tag is dropped


def test_markdown_generation_stamp() -> None:
    plus_two = timezone(timedelta(hours=2))
    text = render(
        SEED[:1], "md", title="t", generated_at=datetime(2026, 11, 25, 14, 0, 0, 0, plus_two)
    )
    assert "_1 paper · generated 2026-11-25T12:00:00Z by papercli_" in text
    naive = render(SEED[:1], "md", title="t", generated_at=datetime(2026, 11, 25, 12, 0))
    assert "generated 2026-11-25T12:00:00Z" in naive
    assert "generated" not in render(SEED[:1], "md", title="t")


def test_markdown_odd_papers() -> None:
    papers = odd_papers()
    text = render(papers, "md", title="t")
    assert len(md_headings(text)) == len(papers)
    # no dates of its own: the month its id begins with, as a citation gives it
    assert "Unknown authors · arXiv 2024-01 · ▲ 4" in text


def test_markdown_empty_is_a_valid_document() -> None:
    text = render([], "md", title="Daily Papers — 2026-11-25", endpoint=ENDPOINT, generated_at=NOW)
    assert text == "# Daily Papers — 2026-11-25\n\n_No papers._\n"
    assert md_headings(text) == [] and md_headings(text, "h1") == ["Daily Papers — 2026-11-25"]


# -- CSV -----------------------------------------------------------------------------------


def expected_row(paper: Paper) -> dict[str, str]:
    data = paper.to_dict(ENDPOINT)
    org = data["organization"] or {}
    data["organization"] = org.get("fullname") or org.get("name")  # one cell, not an object
    data["announced"] = "true" if data["announced"] else None  # as "hidden": "true" or empty
    out = {}
    for column in COLUMNS:
        value: Any = data.get(column)  # tags and note: none on these papers
        out[column] = (
            "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)
        )
    return out


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), strict=True))


def test_csv_round_trip() -> None:
    papers = [
        SEED[0]._replace(
            github_repo="https://github.com/x/y",
            families=["LLaMA", "GPT"],
            ai_keywords=["k1", "k2"],
            comments=3,
            summary='Para one, "quoted".\n\nTwo.',
        ),
        *SEED[1:],
    ]
    text = render(papers, "csv", title="t", endpoint=ENDPOINT)
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.endswith("\r\n")
    assert list(COLUMNS) == [
        "id",
        "title",
        "authors",
        "published_at",
        "submitted_at",
        "upvotes",
        "comments",
        "families",
        "url",
        "arxiv_url",
        "pdf_url",
        "github_repo",
        "project_page",
        "ai_keywords",
        "summary",
        "ai_summary",
        "github_stars",
        "organization",
        "submitter",
        "tags",
        "note",
        "withdrawn_at",
        "thumbnail",
        "categories",
        "primary_category",
        "version",
        "updated_at",
        "comment",
        "journal_ref",
        "doi",
        "sources",
        "num_models",
        "num_datasets",
        "num_spaces",
        "author_accounts",
        "starred_at",
        "starred_order",
        "read_at",
        "hidden",
        "announced",
    ]
    rows = read_csv(text)
    assert [row for row in rows] == [expected_row(p) for p in papers]
    assert rows[0]["summary"] == 'Para one, "quoted".\n\nTwo.'
    assert rows[0]["families"] == "LLaMA; GPT" and rows[0]["comments"] == "3"
    # Rows end in CRLF; the only bare newlines are inside the quoted abstract.
    assert text.replace("\r\n", "").count("\n") == 2


def test_csv_hostile_and_formula_injection() -> None:
    extra = [
        SEED[0]._replace(id="2401.99998", title='=HYPERLINK("x")'),
        SEED[0]._replace(id="2401.99997", title="+1", authors=["@me", "-minus"]),
        SEED[0]._replace(id="2401.99996", title="-2", summary="=SUM(A1)", authors=[]),
    ]
    papers = hostile_papers() + extra + odd_papers()
    text = render(papers, "csv", title="t", endpoint=ENDPOINT)
    assert not has_controls(text)
    rows = read_csv(text)
    assert len(rows) == len(papers)
    assert [r["id"] for r in rows] == [p.id for p in papers]
    by_id = {r["id"]: r for r in rows}
    assert by_id["2401.99998"]["title"] == '\'=HYPERLINK("x")'
    assert by_id["2401.99997"]["title"] == "'+1"
    assert by_id["2401.99997"]["authors"] == "'@me; -minus"
    assert by_id["2401.99996"]["title"] == "'-2"
    assert by_id["2401.99996"]["summary"] == "'=SUM(A1)"
    assert by_id["2401.99996"]["authors"] == ""
    first = rows[0]
    assert first["authors"] == "; ".join(HOSTILE_AUTHORS)
    assert first["ai_keywords"] == "'=cmd; a;b"
    for row, paper in zip(rows, papers, strict=True):
        title = clean_line(paper.title).replace("\ud800", "\ufffd")
        assert row["title"] in (title, "'" + title)
    long = next(r for r in rows if r["id"] == "2401.90002")
    assert len(long["authors"].split("; ")) == 300
    none = next(r for r in rows if r["id"] == "2401.90001")
    assert none["published_at"] == none["submitted_at"] == ""


def test_csv_defuse() -> None:
    for cell in ("=1", "+1", "-1", "@x", "\tx", "\rx"):
        assert defuse(cell) == "'" + cell
    for cell in ("1", "a=b", "", "'quoted"):
        assert defuse(cell) == cell


def test_csv_empty_has_header_only() -> None:
    text = render([], "csv", title="t", endpoint=ENDPOINT)
    assert text == ",".join(COLUMNS) + "\r\n"
    assert read_csv(text) == []


# -- BibTeX --------------------------------------------------------------------------------

_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\textbar{}": "|",
    r"\$": "$",
    r"\&": "&",
    r"\%": "%",
    r"\#": "#",
    r"\_": "_",
}
_UNESCAPE_RE = re.compile("|".join(re.escape(k) for k in _UNESCAPE))


def unlatex(value: str) -> str:
    return _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group(0)], value)


def split_authors(value: str) -> list[str]:
    """Split on " and " at brace depth 0, like BibTeX; drop a name's protecting braces."""
    names, depth, start = [], 0, 0
    i = 0
    while i < len(value):
        ch = value[i]
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and value[i : i + 5].lower() == " and ":
            names.append(value[start:i])
            start = i = i + 5
            continue
        i += 1
    names.append(value[start:])
    return [n[1:-1] if n.startswith("{") and n.endswith("}") else n for n in names]


def balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_round_trip() -> None:
    text = render(SEED, "bibtex", title="t")
    db = bibtexparser.loads(text)
    assert len(db.entries) == len(SEED)
    assert [e["eprint"] for e in db.entries] == [p.id for p in SEED]
    for entry, paper in zip(db.entries, SEED, strict=True):
        assert entry["ENTRYTYPE"] == "misc"
        assert entry["title"] == "{" + paper.title + "}"  # double-braced in the file
        assert entry["author"].split(" and ") == list(paper.authors)
        assert paper.published_at and entry["year"] == paper.published_at[:4]
        assert entry["archiveprefix"] == "arXiv"
        assert entry["url"] == paper.arxiv_url
        assert "primaryclass" not in entry and "note" not in entry
    assert len({e["ID"] for e in db.entries}) == len(SEED)
    # Every seed author is "Author N": 2024 LLaMA papers collide; the older keeps the key.
    ids = {e["eprint"]: e["ID"] for e in db.entries}
    assert ids["2401.01055"] == "author2024llama"
    assert ids["2405.18377"] == "author2024llamab"
    assert ids["2306.00890"] == "author2023llava"  # "LLaVA-Med": the first word only
    assert render(SEED, "bibtex", title="t") == text


def test_bibtex_keys() -> None:
    def key(authors: list[str], title: str, date: str | None = "2023-02-27T00:00:00Z") -> str:
        return base_key(SEED[0]._replace(id="2302.13971", authors=authors, title=title,
                                         published_at=date))

    assert key(["Hugo Touvrel", "X"], "LLaMA: Open and Efficient Foundation Models") == (
        "touvrel2023llama"
    )
    assert key(["Touvrel, Hugo"], "The LLaMA") == "touvrel2023llama"
    assert key(["Lüder Müller"], "On the Öffnung") == "muller2023offnung"
    assert key(["Martin Luther King Jr."], "A 3D World") == "king20233d"
    assert key(["王 小明"], "Of a") == "wang2023paper"  # family name first, romanised
    undated = SEED[0]._replace(
        authors=[], title="An Analysis", published_at=None, submitted_at=None
    )
    # no date of its own: the month its id begins with (2401: 2024), as a citation gives it
    assert base_key(undated) == "anon2024analysis"
    assert base_key(undated._replace(id="no-id-month")) == "anonndanalysis"
    no_dates = SEED[0]._replace(id="2205.01068", published_at=None,
                                submitted_at="2022-05-01T00:00:00Z")
    assert base_key(no_dates).startswith("author2022")


def test_bibtex_keys_collide_into_suffixes_stably() -> None:
    a = SEED[0]._replace(id="2401.00002", authors=["Hugo Touvrel"], title="LLaMA: Open models")
    b = SEED[0]._replace(id="2401.00001", authors=["H. Touvrel"], title="Llama 2: chat")
    c = SEED[0]._replace(id="2401.00003", authors=["Zoe Smith"], title="The Study of Things")
    d = SEED[0]._replace(id="2401.00004", authors=["Ann Touvrel"], title="LLaMA 3")
    assert keys([a, b, c]) == ["touvrel2024llamab", "touvrel2024llama", "smith2024study"]
    assert keys([b, c, a]) == ["touvrel2024llama", "smith2024study", "touvrel2024llamab"]
    assert keys([d, a, b]) == ["touvrel2024llamac", "touvrel2024llamab", "touvrel2024llama"]
    assert keys([a, b, c]) == keys([a, b, c])
    # A paper's key does not change as newer papers sharing it are exported with it.
    assert keys([b]) == ["touvrel2024llama"] and keys([b, a])[0] == "touvrel2024llama"
    assert keys([a, b, d])[:2] == keys([a, b])
    # A suffixed key never takes another paper's plain key.
    e = SEED[0]._replace(id="2401.00005", authors=["Zed Touvrel"], title="Llamab")
    got = keys([a, b, e])
    assert got == ["touvrel2024llamabx", "touvrel2024llama", "touvrel2024llamab"]
    # The same paper twice still gets two keys.
    assert keys([a, a]) == ["touvrel2024llama", "touvrel2024llamab"]
    many = [a._replace(id=f"2401.{i:05d}") for i in range(30)]
    assert len(set(keys(many))) == 30 and keys(many)[26] == "touvrel2024llamaaa"
    # Old-style ids are older than new-style ones, and ordered by their date, not archive.
    old = [a._replace(id=i) for i in ("0704.0001", "math/0703001", "hep-th/0701001")]
    assert keys(old) == ["touvrel2007llamac", "touvrel2007llamab", "touvrel2007llama"]


def test_bibtex_escapes_latex_and_stays_balanced() -> None:
    assert latex_escape("\\{}$&%#_^~<>|") == (
        r"\textbackslash{}\textbraceleft{}\textbraceright{}\$\&\%\#\_"
        r"\textasciicircum{}\textasciitilde{}\textless{}\textgreater{}\textbar{}"
    )
    papers = hostile_papers()
    text = render(papers, "bibtex", title="t")
    assert not has_controls(text)
    chunks = text.split("\n\n@")  # a blank line in an entry is an abstract's paragraph break
    assert len(chunks) == len(papers)
    assert all(balanced(chunk) for chunk in chunks)
    db = bibtexparser.loads(text)
    assert len(db.entries) == len(papers)
    assert [e["eprint"] for e in db.entries] == [p.id for p in papers]
    assert len({e["ID"] for e in db.entries}) == len(papers)
    assert all(re.fullmatch(r"[a-z0-9]+", e["ID"]) for e in db.entries)
    for entry, paper in zip(db.entries, papers, strict=True):
        # Nothing truncated: the whole cleaned title comes back after un-escaping.
        assert unlatex(entry["title"]) == "{" + clean_line(paper.title) + "}"
        # (a name in CJK script in BibTeX's "Last, First": its family name is its first word)
        assert [unlatex(n) for n in split_authors(entry["author"])] == [
            "王, 小明" if n == "王 小明" else n for n in HOSTILE_AUTHORS]
        assert entry["url"] == paper.arxiv_url and entry["year"] == "2024"
    assert "{R and D Team}" in text


def test_bibtex_odd_papers() -> None:
    papers = odd_papers()
    db = bibtexparser.loads(render(papers, "bibtex", title="t"))
    assert [e["eprint"] for e in db.entries] == [p.id for p in papers]
    no_author = db.entries[0]
    assert no_author["ID"] == "anon2024llama"  # the id's month: 2401.90001
    assert "author" not in no_author
    assert (no_author["year"], no_author["date"]) == ("2024", "2024-01")
    assert len(db.entries[1]["author"].split(" and ")) == 300


def test_bibtex_empty() -> None:
    text = render([], "bibtex", title="t")
    db = bibtexparser.loads(text)
    assert db.entries == [] and db.comments == ["papercli: no papers"]
    assert text == "@comment{papercli: no papers}\n"  # what papers import reads as none


# -- through the CLI -----------------------------------------------------------------------


def test_listing_formats_on_stdout_are_clean(papers: Run, seeded_hub: HubServer) -> None:
    for fmt in ("md", "csv", "bibtex", "json"):
        result = papers("today", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert result.stderr == ""
    md = papers("today", "-f", "md").stdout
    assert md.startswith("# Daily Papers — 2026-11-25\n")
    assert len(md_headings(md)) == len(seeded_hub.state.days[TODAY.isoformat()])


def test_output_file_no_clobber_force_and_note(
    papers: Run, seeded_hub: HubServer, tmp_path: Path
) -> None:
    target = tmp_path / "today.md"
    first = papers("today", "--format", "md", "-o", str(target))
    assert first.exit_code == 0
    assert first.stdout == ""
    assert "wrote 10 papers" in first.stderr
    assert len(md_headings(target.read_text())) == 10
    again = papers("today", "--format", "md", "-o", str(target))
    assert again.exit_code == 1 and "--force" in again.stderr
    forced = papers("today", "--format", "csv", "-o", str(target), "--force")
    assert forced.exit_code == 0 and target.read_text().startswith("\ufeffid,title")  # BOM
    missing = papers("today", "-f", "md", "-o", str(tmp_path / "nope" / "x.md"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_show_in_every_format(papers: Run, seeded_hub: HubServer) -> None:
    papers("today")
    bib = papers("show", "2401.01055", "--offline", "--format", "bibtex").stdout
    assert bibtexparser.loads(bib).entries[0]["eprint"] == "2401.01055"
    md = papers("show", "2401.01055", "--offline", "-f", "md").stdout
    assert md_headings(md) == [SEED[0].title]


def test_export_filters_the_library_without_network(library: Run, tmp_path: Path) -> None:
    papers = library
    target = tmp_path / "llava.md"
    result = papers("export", "--family", "LLaVA", "--since", "2024-01-01", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text()
    expected = [
        p.title
        for p in SEED
        if p.title.startswith("LLaVA") and (p.published_at or "") >= "2024-01-01"
    ]
    assert sorted(md_headings(text)) == sorted(expected)
    assert text.startswith("# Papers · family LLaVA · since 2024-01-01")
    bib = papers("export", "instruction", "--format", "bibtex").stdout
    assert bibtexparser.loads(bib).entries
    empty = papers("export", "--family", "Whisper", "--format", "csv")
    assert empty.exit_code == 0 and len(empty.stdout.splitlines()) == 1
    empty_md = papers("export", "--family", "Whisper")
    assert "_No papers._" in empty_md.stdout


def test_csv_writes_an_id_as_it_is_and_whole_in_its_links() -> None:
    """Excel reads `2401.10000` as the number 2401.1; the CSV keeps the id as it is (a
    cell dressed as text for Excel would be wrong for every other reader) and the README
    points at the `url` and `arxiv_url` columns, which carry it whole."""
    paper = SEED[0]._replace(id="2401.10000")
    [row] = list(csv.DictReader(io.StringIO(render([paper], "csv", title="t"))))
    assert row["id"] == "2401.10000"
    assert row["url"] == f"{ENDPOINT}/papers/2401.10000"
    assert row["arxiv_url"] == "https://arxiv.org/abs/2401.10000"
