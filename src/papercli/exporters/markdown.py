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

# ASCII punctuation with a meaning somewhere in CommonMark inline or block syntax (or in
# common extensions: `|` tables, `~` strikethrough). CommonMark lets any of these be
# backslash-escaped, so over-escaping is harmless.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# What would start a block (list item, setext underline, thematic break) at a line start.
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d{1,9}(?=[.)]))")
MAX_AUTHORS = 3
SEP = " · "


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
            escaped = f"{lead}\\{escaped[len(lead) :]}"
    return escaped


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a link destination, or None (no `javascript:` links).

    Spaces, parentheses, angle brackets, backslashes and quotes are percent-encoded so
    the destination cannot end early or be read as something else.
    """
    text = clean_line(url or "", 2000)
    if not text.lower().startswith(("https://", "http://")):
        return None
    return quote(text, safe=":/?#@!$&'*+,;=%~-._")


def _link(label: str, url: str | None) -> str | None:
    dest = safe_url(url)
    return f"[{label}]({dest})" if dest else None


def _authors(names: Sequence[str]) -> str:
    cleaned = [n for n in (clean_line(n, 300) for n in names) if n]
    if not cleaned:
        return "Unknown authors"
    if len(cleaned) <= MAX_AUTHORS + 1:  # "A, B, C et al. (4 authors)" saves nothing
        return ", ".join(escape(n) for n in cleaned)
    shown = ", ".join(escape(n) for n in cleaned[:MAX_AUTHORS])
    return f"{shown} et al. ({len(cleaned)} authors)"


def _tags(families: Sequence[str]) -> str:
    """Family tags as code spans: literal inside, and never a heading at line start."""
    names = [clean_line(f, 60).replace("`", "").strip() for f in families]
    return " ".join(f"`{n}`" for n in names if n)


def _meta_line(paper: Paper) -> str:
    parts = [_authors(paper.authors)]
    published = (paper.published_at or "")[:10]
    listed = (paper.submitted_at or "")[:10]
    if published:
        parts.append(f"arXiv {escape(published)}")
    if listed and listed != published:
        parts.append(f"Daily Papers {escape(listed)}")
    parts.append(f"▲ {paper.upvotes}")
    if paper.comments > 0:
        parts.append(f"{paper.comments} comment{'s' if paper.comments != 1 else ''}")
    links = (
        _link("arXiv", paper.arxiv_url),
        _link("PDF", paper.pdf_url),
        _link("Code", paper.github_repo),
        _link("Project page", paper.project_page),
    )
    parts.extend(link for link in links if link)
    tags = _tags(paper.families)
    if tags:
        parts.append(tags)
    return SEP.join(parts)


def _paragraphs(text: str | None) -> list[str]:
    return [escape(p) for p in clean_block(text).split("\n\n") if p.strip()]


def _stamp(when: datetime) -> str:
    if when.tzinfo is None:  # naive: taken as UTC, like every timestamp in the library
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _section(paper: Paper, endpoint: str, abstract: bool) -> list[str]:
    heading = escape(clean_line(paper.title, 1000)) or escape(clean_line(paper.id, 64))
    dest = safe_url(paper.hf_url(endpoint))
    lines = [f"## [{heading}]({dest})" if dest else f"## {heading}", ""]
    lines += [_meta_line(paper), ""]
    if paper.ai_summary:
        tldr = " ".join(_paragraphs(paper.ai_summary))
        if tldr:
            lines += [f"> **TL;DR** {tldr}", ""]
    if abstract:
        for paragraph in _paragraphs(paper.summary):
            lines += [paragraph, ""]
    return lines


def render(
    papers: Sequence[Paper],
    *,
    title: str,
    endpoint: str,
    abstract: bool = True,
    generated_at: datetime | None = None,
) -> str:
    lines = [f"# {escape(clean_line(title, 1000)) or 'Papers'}", ""]
    if not papers:
        return "\n".join([*lines, "_No papers._"]) + "\n"
    info = f"{len(papers)} paper{'s' if len(papers) != 1 else ''}"
    if generated_at is not None:
        info += f"{SEP}generated {_stamp(generated_at)} by papercli"
    lines += [f"_{info}_", ""]
    for paper in papers:
        lines += _section(paper, endpoint, abstract)
    return "\n".join(lines).rstrip("\n") + "\n"
