"""The HTML digest on paper and in right-to-left scripts: `papers export --format html`
printed to PDF by a real browser (headless Chromium), the PDF's link areas telling where
each paper landed; and text direction left to the text (`dir="auto"`)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import html5lib  # type: ignore[import-untyped]

from conftest import Papers
from systools import chromium

NS = "{http://www.w3.org/1999/xhtml}"
URI = re.compile(rb"/URI\s*\(([^)]*)\)")
RECT = re.compile(rb"/Rect\s*\[([^\]]*)\]")


def printed(page: Path, tmp_path: Path) -> bytes:
    """The page as Chromium prints it (its print stylesheet, A4-sized paper), as PDF."""
    pdf = tmp_path / "printed.pdf"
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    return pdf.read_bytes()


def links_by_page(pdf: bytes) -> tuple[list[list[tuple[str, list[float]]]], float]:
    """Each page's links as (URL, rectangle), and the pages' width: read from the page
    objects' annotation lists (Chromium writes them uncompressed)."""
    objects = {int(m.group(1)): m.group(2)
               for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)}
    pages: list[list[tuple[str, list[float]]]] = []
    width = 0.0
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page\b(?!s)", body):
            continue
        box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", body)
        if box:
            width = float(box.group(1).split()[2])
        annots = re.search(rb"/Annots\s*\[([^\]]*)\]", body)
        links = []
        for ref in re.findall(rb"(\d+) 0 R", annots.group(1) if annots else b""):
            annot = objects.get(int(ref), b"")
            uri, rect = URI.search(annot), RECT.search(annot)
            if uri and rect:
                links.append((uri.group(1).decode(), [float(v) for v in rect.group(1).split()]))
        pages.append(links)
    return pages, width


def test_a_printed_digest_never_splits_a_paper_between_pages(library: Papers,
                                                             tmp_path: Path) -> None:
    chromium()  # skipped when no Chromium is on PATH (a failure in CI)
    page = tmp_path / "digest.html"
    done = library("export", "--format", "html", "-o", str(page))
    assert done.exit_code == 0, done.stderr
    pages, _ = links_by_page(printed(page, tmp_path))
    assert len(pages) > 1  # several pages: a paper could be split
    on: dict[str, set[int]] = {}
    for n, links in enumerate(pages):
        for url, _ in links:
            if found := re.search(r"/(?:papers|abs)/([0-9]{4}\.[0-9]{4,5})$", url):
                on.setdefault(found.group(1), set()).add(n)
    assert len(on) == 19  # every paper's title and arXiv link were printed
    split = sorted(pid for pid, where in on.items() if len(where) > 1)
    assert split == []


def rtl_library(papers: Papers, tmp_path: Path) -> None:
    """An Arabic paper with a Hebrew abstract beside an English one, imported as Hub JSON."""
    items = [
        {"paper": {"id": "2501.40001", "title": "نماذج اللغة الكبيرة للنصوص القديمة",
                   "summary": "תקציר בעברית על מודלים של שפה.",
                   "ai_summary": "ملخص قصير بالعربية.",
                   "authors": [{"name": "ليلى حداد"}, {"name": "Omar Said"}],
                   "publishedAt": "2025-01-06T00:00:00.000Z",
                   "submittedOnDailyAt": "2025-01-07T08:00:00.000Z", "upvotes": 12}},
        {"paper": {"id": "2501.40002", "title": "Language Models for Old Texts",
                   "summary": "An English abstract.",
                   "authors": [{"name": "Ana Lopez"}],
                   "publishedAt": "2025-01-06T00:00:00.000Z",
                   "submittedOnDailyAt": "2025-01-07T08:00:00.000Z", "upvotes": 3}},
    ]
    source = tmp_path / "rtl.json"
    source.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    assert papers("import", str(source)).exit_code == 0


def test_right_to_left_text_is_marked_auto(papers: Papers, tmp_path: Path) -> None:
    rtl_library(papers, tmp_path)
    page = tmp_path / "digest.html"
    assert papers("export", "--format", "html", "-o", str(page)).exit_code == 0
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(
        page.read_text(encoding="utf-8"))
    article = next(a for a in tree.iter(NS + "article") if a.get("id") == "p-2501.40001")
    marked = {e.tag.removeprefix(NS) + "." + (e.get("class") or "")
              for e in article.iter() if e.get("dir") == "auto"}
    assert {"h3.", "p.tldr", "p."} <= marked  # title, TL;DR and abstract
    # The authors are isolated from the dates and counts after them.
    byline = next(e for e in article.iter(NS + "p") if e.get("class") == "byline")
    assert "".join(byline.find(NS + "bdi").itertext()) == "ليلى حداد, Omar Said"


def test_a_right_to_left_title_is_set_from_the_right(papers: Papers, tmp_path: Path) -> None:
    chromium()
    rtl_library(papers, tmp_path)
    page = tmp_path / "digest.html"
    assert papers("export", "--format", "html", "-o", str(page)).exit_code == 0
    pages, width = links_by_page(printed(page, tmp_path))
    links = [link for on_page in pages for link in on_page]
    left = min(rect[0] for _, rect in links)  # where every left-to-right line starts
    right = width - left  # the margins are alike
    arabic = [rect for url, rect in links if url.endswith("/papers/2501.40001")]
    english = [rect for url, rect in links if url.endswith("/papers/2501.40002")]
    assert arabic and english
    assert abs(max(r[2] for r in arabic) - right) < 3  # it ends at the right margin
    assert min(r[0] for r in arabic) > left + 20  # and does not start at the left one
    assert abs(min(r[0] for r in english) - left) < 3
