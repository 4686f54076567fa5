"""The HTML digest: parsed by a real HTML parser (html5lib, strict) and drawn by a real
browser (headless Chromium) at phone and desktop width."""

from __future__ import annotations

import json
import struct
import subprocess
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY
from hubserver import HubServer, seed_items
from papercli.exporters import render
from papercli.models import Paper
from papercli.sanitize import clean_line
from systools import chromium as find_chromium
from test_exporters import ENDPOINT, HOSTILE_TITLES, SEED, hostile_papers, odd_papers

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NS = "{http://www.w3.org/1999/xhtml}"


def parse(text: str) -> Element:
    """Strict: any parse error (a stray tag, a bad character) fails the test."""
    tree: Element = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)
    return tree


def find(tree: Element, tag: str, cls: str | None = None) -> list[Element]:
    found = tree.iter(NS + tag)
    return [e for e in found if cls is None or cls in (e.get("class") or "").split()]


def text_of(element: Element) -> str:
    return "".join(element.itertext())


def digest(papers: list[Paper], **kw: Any) -> str:
    return render(papers, "html", title=kw.pop("title", "Daily Papers — 2026-11-25"),
                  endpoint=ENDPOINT, generated_at=NOW, **kw)


def rich(paper: Paper) -> Paper:
    return paper._replace(ai_summary="LLaMA learns Chinese with 1% of the data.",
                          github_repo="https://github.com/x/y", comments=2)


def test_structure_of_the_digest() -> None:
    papers = [rich(SEED[0]), *SEED[1:]]
    tree = parse(digest(papers, subtitle="watches llava, quant · 2026-11-20 – 2026-11-25"))
    head = find(tree, "head")[0]
    metas = {m.get("name"): m.get("content") for m in find(head, "meta") if m.get("name")}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert metas["color-scheme"] == "light dark"
    style = text_of(find(head, "style")[0])
    assert "prefers-color-scheme: dark" in style and "max-width" in style
    assert text_of(find(tree, "title")[0]) == "Daily Papers — 2026-11-25"
    header = find(tree, "header", "digest")[0]
    assert text_of(find(header, "h1")[0]) == "Daily Papers — 2026-11-25"
    line = text_of(find(header, "p")[0])
    assert "watches llava, quant · 2026-11-20 – 2026-11-25" in line and "19 papers" in line
    articles = find(tree, "article")
    assert len(articles) == len(papers)
    for article, paper in zip(articles, papers, strict=True):
        link = find(find(article, "h3")[0], "a")[0]
        assert link.get("href") == paper.hf_url(ENDPOINT) and text_of(link) == paper.title
        assert [text_of(li) for li in find(article, "li")] == list(paper.families)
        details = find(article, "details")
        assert len(details) == 1 and text_of(find(details[0], "summary")[0]) == "Abstract"
        assert paper.summary in [text_of(p) for p in find(details[0], "p")]
        hrefs = [a.get("href") for a in find(article, "p", "links")[0]]
        assert paper.arxiv_url in hrefs and paper.pdf_url in hrefs
    first = articles[0]
    assert text_of(find(first, "p", "tldr")[0]) == "TL;DR LLaMA learns Chinese with 1% of the data."
    assert "https://github.com/x/y" in [a.get("href") for a in find(first, "a")]
    assert "2 comments" in text_of(find(first, "p", "byline")[0])
    assert not find(articles[1], "p", "tldr")  # no AI summary, no empty box


def test_no_external_resources_and_no_scripts() -> None:
    tree = parse(digest(hostile_papers() + odd_papers() + SEED))
    assert not find(tree, "script") and not find(tree, "img") and not find(tree, "iframe")
    assert not find(tree, "link")  # no stylesheet, no font, no icon
    for element in tree.iter():
        assert element.get("src") is None
        assert not (element.get("style") or "")  # styles live in the one <style>
        href = element.get("href")
        if href is not None:
            assert element.tag == NS + "a" and href.startswith(("https://", "http://"))
    style = text_of(find(tree, "style")[0])
    assert "url(" not in style and "@import" not in style


def test_hostile_titles_are_text() -> None:
    papers = hostile_papers()
    tree = parse(digest(papers, title="<script>alert('t')</script> & \x1b[31m"))
    assert text_of(find(tree, "h1")[0]) == "<script>alert('t')</script> &"
    titles = [text_of(find(a, "h3")[0]) for a in find(tree, "article")]
    assert titles == [clean_line(t, 1000) for t in HOSTILE_TITLES]
    assert not find(tree, "script") and not find(tree, "b")
    for article in find(tree, "article"):
        assert not find(article, "div") and not find(article, "img")
    javascript = [p._replace(github_repo="javascript:alert(1)", project_page="file:///etc")
                  for p in SEED[:1]]
    hrefs = [a.get("href") for a in find(parse(digest(javascript)), "a")]
    assert not any(h and h.startswith(("javascript", "file")) for h in hrefs)


def test_abstracts_can_be_left_out_and_empty_digest() -> None:
    tree = parse(digest(SEED[:3], abstract=False))
    assert len(find(tree, "article")) == 3 and not find(tree, "details")
    empty = parse(digest([]))
    assert not find(empty, "article") and text_of(find(empty, "p", "empty")[0]) == "No papers."
    assert "0 papers" in text_of(find(empty, "header")[0])


def test_counts_are_written_as_the_command_line_writes_them() -> None:
    """"1,386 papers", as stderr says it, not "1386 papers"."""
    many = [SEED[0]._replace(id=f"2611.{n:05d}") for n in range(1234)]
    tree = parse(digest(many, abstract=False))
    assert "\n1,234 papers · generated" in text_of(find(tree, "header")[0])


def test_new_digest_has_a_section_per_watch(papers, hub: HubServer, tmp_path: Path) -> None:
    hub.set_day(TODAY, seed_items()[:10])
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "add", "quant", "--keyword", "quantized").exit_code == 0
    result = papers("new", "--peek", "--format", "html")
    assert result.exit_code == 0, result.stderr
    tree = parse(result.stdout)
    sections = [text_of(h) for h in find(tree, "h2", "section")]
    assert len(sections) == 2
    assert sections[0].startswith("New · llava (family LLaVA) · ")
    assert sections[1].startswith("New · quant (keyword quantized) · ")
    assert "New papers" in text_of(find(tree, "h1")[0])
    listed = json.loads(papers("new", "--peek", "--json").stdout)
    shown = [a.get("id") for a in find(tree, "article")]
    assert shown == [f"p-{p['id']}" for p in listed]


# -- in a real browser -------------------------------------------------------------------------


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and how many distinct byte values the (filtered) pixel data holds:
    a blank page compresses to a handful."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    pixels = zlib.decompress(idat)
    return width, height, len(set(pixels))


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={profile}", "--hide-scrollbars", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.parametrize(("name", "size"), [("phone", (390, 844)), ("desktop", (1280, 900))])
def test_renders_in_headless_chromium(name: str, size: tuple[int, int], tmp_path: Path) -> None:
    find_chromium()  # skipped when no Chromium is on PATH (a failure in CI)
    page = tmp_path / "digest.html"
    papers = [rich(SEED[0]), *SEED[1:], *hostile_papers()[:3]]
    page.write_text(digest(papers), encoding="utf-8")
    shot = tmp_path / f"{name}.png"
    done = chromium(page, tmp_path / "profile", f"--window-size={size[0]},{size[1]}",
                    f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr[-2000:]
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == size
    assert colours > 40  # text, tags and links were drawn, not a blank page
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    tree = parse(dom.stdout)
    assert len(find(tree, "article")) == len(papers)
    titles = [text_of(find(a, "h3")[0]) for a in find(tree, "article")]
    assert titles == [clean_line(p.title, 1000) for p in papers]
    assert not find(tree, "script")  # the hostile <script> title stayed text in the browser


# -- any text at all ---------------------------------------------------------------------------


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=200) | st.sampled_from(
    ["]]>", "<![CDATA[", "$", "$$", "\\(", "{", "}", "<script>", "&amp;", "\x00", "\ufffe"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, summary=ANY_TEXT, author=ANY_TEXT, family=ANY_TEXT)
def test_any_text_makes_a_valid_digest(title: str, summary: str, author: str,
                                            family: str) -> None:
    paper = SEED[0]._replace(title=title or "x", summary=summary, authors=(author,),
                             families=(family,), ai_summary=summary or None)
    tree = parse(digest([paper, SEED[1]], title=title))
    assert len(find(tree, "article")) == 2 and not find(tree, "script")
