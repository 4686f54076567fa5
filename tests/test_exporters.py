"""Output formats, read back by real parsers: json, CommonMark, csv, BibTeX."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import replace
from pathlib import Path

import bibtexparser
import pytest
from conftest import TODAY, Home
from hubserver import HubServer, seed_items
from markdown_it import MarkdownIt

from papercli.errors import OutputError
from papercli.exporters import render
from papercli.exporters.bibtex import keys
from papercli.models import Paper, parse_items
from papercli.outfile import write_output

SEED = parse_items(seed_items()).papers
ENDPOINT = "https://huggingface.co"
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n\r\t"} | {"\x7f", "\x9b"}

HOSTILE_TITLES = [
    "[bold red]x[/] \x1b[2J\x07 *bold* _it_ [link](http://evil) #hash |pipe| <b>tag</b>",
    "`code` and ``double`` and a \\ backslash",
    "# Not a heading",
    "1. Not a list",
    "- not a bullet",
    "<script>alert(1)</script>",
    "Braces { unbalanced and } } and % & $ # _ ^ ~ \\ specials",
    "Line\nbreak\r\ninside and\ttab",
    "![image](x.png) and &copy; entity",
]


def hostile_papers() -> list[Paper]:
    base = SEED[0]
    out = []
    for n, title in enumerate(HOSTILE_TITLES):
        out.append(replace(
            base, id=f"2401.{n:05d}", title=title,
            summary=f"Abstract for {title}\n\n= not a heading\n\n---\n\n> not a quote",
            authors=["Müller, Jürgen", "王 小明", "O'Brien {Jr}"],
            families=["LLaMA"],
        ))
    return out


def has_controls(text: str) -> bool:
    return any(c in CONTROL for c in text)


def md_headings(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == "h2"]


def md_heading_texts(text: str) -> list[str]:
    """Visible text of each h2 (link text, escapes resolved)."""
    tokens = MarkdownIt("commonmark").parse(text)
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            inline = tokens[i + 1]
            out.append("".join(c.content for c in inline.children or []
                               if c.type in ("text", "code_inline")))
    return out


# -- JSON ------------------------------------------------------------------------------------


def test_json_round_trip() -> None:
    data = json.loads(render(SEED, "json", title="t", endpoint=ENDPOINT))
    assert [d["id"] for d in data] == [p.id for p in SEED]
    assert data[0] == SEED[0].to_dict(ENDPOINT)


# -- Markdown ---------------------------------------------------------------------------------


def test_markdown_has_one_heading_per_paper_with_exact_titles() -> None:
    text = render(SEED, "md", title="Daily Papers — 2026-11-25", endpoint=ENDPOINT)
    assert text.startswith("# Daily Papers — 2026-11-25\n")
    assert md_heading_texts(text) == [p.title for p in SEED]
    tokens = MarkdownIt("commonmark").parse(text)
    links = [c.attrs["href"] for t in tokens if t.type == "inline"
             for c in t.children or [] if c.type == "link_open"]
    assert f"{ENDPOINT}/papers/{SEED[0].id}" in links
    assert SEED[0].arxiv_url in links and SEED[0].pdf_url in links


def test_markdown_metadata_line_and_abstract() -> None:
    paper = replace(SEED[1], github_repo="https://github.com/x/y", comments=2,
                    families=["LLaVA", "GPT"], ai_summary="Short summary.")
    text = render([paper], "md", title="t", endpoint=ENDPOINT)
    meta = next(line for line in text.splitlines() if line.startswith("Author 1"))
    for part in ("arXiv 2025-01-07", "▲ 4", "2 comments", "[Code](https://github.com/x/y)",
                 "`LLaVA` `GPT`"):
        assert part in meta
    assert "> **TL;DR** Short summary." in text
    assert paper.summary[:60] in text
    no_abstract = render([paper], "md", title="t", endpoint=ENDPOINT, abstract=False)
    assert paper.summary[:60] not in no_abstract


def test_markdown_shortens_long_author_lists() -> None:
    paper = replace(SEED[0], authors=[f"Person {i}" for i in range(300)])
    text = render([paper], "md", title="t", endpoint=ENDPOINT)
    assert "Person 0, Person 1, Person 2 et al. (300 authors)" in text
    assert "Person 299" not in text


def test_markdown_survives_hostile_text() -> None:
    papers = hostile_papers()
    text = render(papers, "md", title="Search: [x](y) *", endpoint=ENDPOINT)
    assert not has_controls(text)
    tokens = MarkdownIt("commonmark").parse(text)
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h2") == len(papers)
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1") == 1
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "bullet_list_open", "ordered_list_open", "hr",
                        "blockquote_open", "code_block", "fence"}
    inline = [c.type for t in tokens if t.type == "inline" for c in t.children or []]
    assert not set(inline) & {"html_inline", "strong_open", "image"}
    assert inline.count("em_open") == 1  # only our own "_9 papers_" line
    assert inline.count("link_open") == 3 * len(papers)  # heading, arXiv, PDF
    expected = [" ".join(t.replace("\x1b[2J", "").replace("\x07", "").split())
                for t in HOSTILE_TITLES]
    assert md_heading_texts(text) == expected


def test_markdown_empty_is_a_valid_document() -> None:
    text = render([], "md", title="Daily Papers — 2026-11-25", endpoint=ENDPOINT)
    assert "_No papers._" in text
    assert md_headings(text) == []


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_round_trip() -> None:
    text = render(SEED, "csv", title="t", endpoint=ENDPOINT)
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(SEED)
    for row, paper in zip(rows, SEED, strict=True):
        assert row["id"] == paper.id and row["title"] == paper.title
        assert row["authors"].split("; ") == paper.authors
        assert int(row["upvotes"]) == paper.upvotes
        assert row["summary"] == paper.summary
        assert row["url"] == paper.hf_url(ENDPOINT)


def test_csv_hostile_and_formula_injection() -> None:
    papers = hostile_papers() + [replace(SEED[0], id="2401.99998", title="=HYPERLINK(\"x\")"),
                                 replace(SEED[0], id="2401.99997", title="+1", authors=["@me"])]
    text = render(papers, "csv", title="t", endpoint=ENDPOINT)
    assert not has_controls(text.replace("\r\n", ""))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(papers)
    assert rows[-2]["title"] == "'=HYPERLINK(\"x\")"
    assert rows[-1]["title"] == "'+1" and rows[-1]["authors"] == "'@me"
    assert rows[0]["authors"] == "Müller, Jürgen; 王 小明; O'Brien {Jr}"


def test_csv_empty_has_header_only() -> None:
    rows = list(csv.reader(io.StringIO(render([], "csv", title="t", endpoint=ENDPOINT))))
    assert len(rows) == 1 and rows[0][0] == "id"


# -- BibTeX ------------------------------------------------------------------------------------


def _unbrace(value: str) -> str:
    return value.strip("{}")


def test_bibtex_round_trip() -> None:
    text = render(SEED, "bibtex", title="t")
    db = bibtexparser.loads(text)
    assert len(db.entries) == len(SEED)
    entries = {e["eprint"]: e for e in db.entries}
    for paper in SEED:
        entry = entries[paper.id]
        assert entry["ENTRYTYPE"] == "misc"
        assert _unbrace(entry["title"]) == paper.title
        assert entry["author"].split(" and ") == paper.authors
        assert entry["year"] == paper.published_at[:4]
        assert entry["archiveprefix"] == "arXiv"
        assert entry["url"] == paper.arxiv_url
    assert len({e["ID"] for e in db.entries}) == len(SEED)
    # Every seed author is "Author N": 2024 LLaMA papers collide and get suffixes.
    assert entries["2401.01055"]["ID"] == "author2024llamaa"


def test_bibtex_keys_collide_into_suffixes_stably() -> None:
    a = replace(SEED[0], id="2401.00002", authors=["Hugo Touvron"], title="LLaMA: Open models")
    b = replace(SEED[0], id="2401.00001", authors=["H. Touvron"], title="Llama 2: chat")
    c = replace(SEED[0], id="2401.00003", authors=["Zoe Smith"], title="The Study of Things")
    assert keys([a, b, c]) == ["touvron2024llamab", "touvron2024llamaa", "smith2024study"]
    assert keys([b, c, a]) == ["touvron2024llamaa", "smith2024study", "touvron2024llamab"]
    no_author = replace(SEED[0], authors=[], title="On the of", published_at=None,
                        submitted_at=None)
    assert keys([no_author]) == ["anonndpaper"]


def test_bibtex_escapes_latex_and_stays_balanced() -> None:
    papers = hostile_papers()
    text = render(papers, "bibtex", title="t")
    assert not has_controls(text)
    assert text.count("{") == text.count("}")
    db = bibtexparser.loads(text)
    assert len(db.entries) == len(papers)
    assert len({e["ID"] for e in db.entries}) == len(papers)
    specials = next(e for e in db.entries if "unbalanced" in e["title"])
    for escaped in (r"\%", r"\&", r"\$", r"\#", r"\_", r"\textbraceleft{}", r"\textbackslash{}"):
        assert escaped in specials["title"]
    assert all(e["author"].count(" and ") == 2 for e in db.entries)


def test_bibtex_empty() -> None:
    assert bibtexparser.loads(render([], "bibtex", title="t")).entries == []


# -- files ---------------------------------------------------------------------------------


def test_write_output_refuses_to_clobber_and_force_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_output(target, "first\n")
    with pytest.raises(OutputError, match="already exists"):
        write_output(target, "second\n")
    assert target.read_text() == "first\n"
    write_output(target, "second\n", force=True)
    assert target.read_text() == "second\n"


def test_write_output_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    target.write_text("original\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        write_output(target, "new content\n", force=True)
    assert target.read_text() == "original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


@pytest.mark.parametrize("where", ["missing/dir/out.md", "file.txt/out.md", "."])
def test_write_output_unwritable_paths(tmp_path: Path, where: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    target = tmp_path / where
    with pytest.raises(OutputError) as info:
        write_output(target, "x")
    assert str(target.name if where != "." else tmp_path) in str(info.value)


# -- through the CLI -------------------------------------------------------------------------


def test_listing_formats_on_stdout_are_clean(papers, seeded_hub: HubServer) -> None:
    for fmt in ("md", "csv", "bibtex", "json"):
        result = papers("today", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert result.stderr == ""
    md = papers("today", "-f", "md").stdout
    assert md.startswith("# Daily Papers — 2026-11-25\n")
    assert len(md_headings(md)) == len(seeded_hub.state.days[TODAY.isoformat()])


def test_output_file_no_clobber_force_and_note(papers, seeded_hub: HubServer, tmp_path) -> None:
    target = tmp_path / "today.md"
    first = papers("today", "--format", "md", "-o", str(target))
    assert first.exit_code == 0
    assert first.stdout == ""
    assert "wrote 10 papers" in first.stderr
    assert len(md_headings(target.read_text())) == 10
    again = papers("today", "--format", "md", "-o", str(target))
    assert again.exit_code == 1 and "--force" in again.stderr
    forced = papers("today", "--format", "csv", "-o", str(target), "--force")
    assert forced.exit_code == 0 and target.read_text().startswith("id,title")
    missing = papers("today", "-f", "md", "-o", str(tmp_path / "nope" / "x.md"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_show_in_every_format(papers, seeded_hub: HubServer) -> None:
    papers("today")
    bib = papers("show", "2401.01055", "--offline", "--format", "bibtex").stdout
    assert bibtexparser.loads(bib).entries[0]["eprint"] == "2401.01055"
    md = papers("show", "2401.01055", "--offline", "-f", "md").stdout
    assert md_heading_texts(md) == [SEED[0].title]


def test_export_filters_the_library_without_network(papers, home: Home, tmp_path) -> None:
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(seed_items()))
    papers("import", str(src))
    target = tmp_path / "llava.md"
    result = papers("export", "--family", "LLaVA", "--since", "2024-01-01", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text()
    expected = [p.title for p in SEED if p.title.startswith("LLaVA")
                and p.published_at >= "2024-01-01"]
    assert sorted(md_heading_texts(text)) == sorted(expected)
    assert text.startswith("# Papers · family LLaVA · since 2024-01-01")
    bib = papers("export", "instruction", "--format", "bibtex").stdout
    assert bibtexparser.loads(bib).entries
    empty = papers("export", "--family", "Whisper", "--format", "csv")
    assert empty.exit_code == 0 and len(empty.stdout.splitlines()) == 1
    empty_md = papers("export", "--family", "Whisper")
    assert "_No papers._" in empty_md.stdout
