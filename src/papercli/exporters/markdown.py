"""Markdown digests: a title line, then per paper a linked heading, a metadata line, and
the abstract. Every piece of text is escaped so that no title can open a link, a code
span, an HTML tag, a list or a heading: the document parses as CommonMark with exactly one
heading per paper.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from papercli.models import Paper
from papercli.sanitize import clean_block, clean_line

# ASCII punctuation with a meaning somewhere in CommonMark inline or block syntax.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
# What would start a block (list item, setext underline, thematic break) at a line start.
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d{1,9}(?=[.)]))")
MAX_AUTHORS = 3


def escape(text: str) -> str:
    """Backslash-escape Markdown punctuation in one line of text."""
    escaped = _INLINE.sub(r"\\\1", text)
    match = _LINE_START.match(escaped)
    if match:
        lead, marker = match.groups()
        if marker[0].isdigit():  # "1. " or "1) " starts an ordered list
            pos = match.end()
            escaped = escaped[:pos] + "\\" + escaped[pos:]
        else:
            escaped = f"{lead}\\{escaped[len(lead):]}"
    return escaped


def safe_url(url: str) -> str:
    """Percent-encode what would end or confuse a link destination."""
    return quote(clean_line(url), safe=":/?#@!$&'*+,;=%~-._")


def _authors(names: Sequence[str]) -> str:
    cleaned = [clean_line(n, 200) for n in names]
    if not cleaned:
        return "Unknown authors"
    if len(cleaned) <= MAX_AUTHORS + 1:
        return ", ".join(escape(n) for n in cleaned)
    shown = ", ".join(escape(n) for n in cleaned[:MAX_AUTHORS])
    return f"{shown} et al. ({len(cleaned)} authors)"


def _meta_line(paper: Paper, endpoint: str) -> str:
    parts = [_authors(paper.authors)]
    if paper.published_at:
        parts.append(f"arXiv {paper.published_at[:10]}")
    listed = (paper.submitted_at or "")[:10]
    if listed and listed != (paper.published_at or "")[:10]:
        parts.append(f"Daily Papers {listed}")
    parts.append(f"▲ {paper.upvotes}")
    if paper.comments:
        parts.append(f"{paper.comments} comment{'s' if paper.comments != 1 else ''}")
    links = [("arXiv", paper.arxiv_url), ("PDF", paper.pdf_url), ("Code", paper.github_repo),
             ("Project page", paper.project_page)]
    parts.extend(f"[{label}]({safe_url(url)})" for label, url in links if url)
    if paper.families:
        parts.append(" ".join(f"`{clean_line(f, 60).replace('`', '')}`" for f in paper.families))
    return " · ".join(parts)


def _paragraphs(text: str) -> list[str]:
    return [escape(p) for p in clean_block(text).split("\n\n") if p.strip()]


def render(
    papers: Sequence[Paper],
    *,
    title: str,
    endpoint: str,
    abstract: bool = True,
    generated_at: datetime | None = None,
) -> str:
    lines = [f"# {escape(clean_line(title)) or 'Papers'}", ""]
    count = f"{len(papers)} paper{'s' if len(papers) != 1 else ''}"
    if generated_at is not None:
        stamp = generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines += [f"_{count} · generated {stamp} by papercli_", ""]
    else:
        lines += [f"_{count}_", ""]
    if not papers:
        lines += ["_No papers._", ""]
    for paper in papers:
        heading = escape(clean_line(paper.title)) or escape(paper.id)
        lines += [f"## [{heading}]({safe_url(paper.hf_url(endpoint))})", ""]
        lines += [_meta_line(paper, endpoint), ""]
        if paper.ai_summary:
            summary = " ".join(_paragraphs(paper.ai_summary))
            lines += [f"> **TL;DR** {summary}", ""]
        if abstract:
            for paragraph in _paragraphs(paper.summary):
                lines += [paragraph, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
