"""Atom and RSS feeds (feedgen): one entry per paper, for feed readers.

Entry ids are the paper's Hugging Face page (a permalink per arXiv id), so a reader never
shows a paper twice however often the feed is rebuilt; an entry's `updated` is the day it
entered Daily Papers (else its arXiv date, else its id's month's first day: `_first_day`),
so rebuilding does not mark it changed. Content is HTML (AI summary, abstract, links)
escaped here; families are categories. The feed's id and self link are `ctx.feed_url`
(`--feed-url`, where the feed is published), else the file it is written to, else a
`urn:` from the title.

XML 1.0 cannot hold most control characters at all (lxml refuses them), so every string
goes through `xml_text` first. The feed streams like the other formats: feedgen writes the
head (an empty feed, cut before its closing tag) and then each entry in a feed of its own,
from which the entry is cut out, so a whole-library export is never one tree in memory.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from papercli.exporters import Context, Section, chain, excerpt, tags_and_note, untex
from papercli.exporters.markdown import page_url, safe_url
from papercli.models import Paper
from papercli.names import shown_name
from papercli.sanitize import clean_block, clean_line

# Characters XML 1.0 forbids (beyond the C0/C1 controls sanitize drops already).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_AUTHORS = 50
UNKNOWN_AUTHORS = "unknown authors"
MAX_SUMMARY = 500  # characters of the abstract in an entry's summary (no TL;DR)


# The scheme of your own tags' categories (`papers tag`), apart from the families'.
TAG_SCHEME = "urn:papercli:tags"


def xml_text(value: object, max_len: int = 2000) -> str:
    return _NOT_XML.sub("", clean_line(value, max_len))


def xml_block(value: object) -> str:
    return _NOT_XML.sub("", clean_block(value))


def _when(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _month(paper: Paper) -> str:
    """`YYYY-MM` when the paper is dated by its id's month alone (`Paper.shown_date`: no
    day of its own, as a replaced paper seen only in arXiv's RSS), else ""."""
    return paper.shown_date if len(paper.shown_date) == 7 else ""


def _first_day(month: str) -> datetime | None:
    """A month's first day, 00:00 UTC, for a paper dated by its month alone. Atom's
    published and updated must be full RFC 3339 date-times (RFC 4287 3.3), RSS's pubDate
    a full RFC 822 one: none can say "2024-03". The first day is never later than the
    paper's real one, and unlike the build time (which such an entry had before) it is
    the same at every rebuild, so a reader never takes the entry for changed; the entry's
    content says that the date is a month."""
    return _when(f"{month}-01") if month else None


# A title's closing note in brackets ("Daily Papers — 2026-08-21 (latest; nothing listed
# on weekends)"): why this run shows what it shows, not what the feed is.
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _slug(text: str) -> str:
    """The feed's name in the words of its title, without its digits (the day) or its
    closing note, so `today -f atom > feed.xml` keeps one id from day to day."""
    words = re.findall(r"[a-z]+", _NOTE.sub("", clean_line(text, 200)).lower())
    return "-".join(words)[:80] or "papers"


def feed_id(ctx: Context) -> str:
    return ctx.feed_url or f"urn:papercli:feed:{_slug(ctx.title)}"


def _content(paper: Paper, ctx: Context) -> str:
    parts: list[str] = []
    if month := _month(paper):  # a reader shows the entry's date as a day: say it is not
        parts.append(f"<p>arXiv {html.escape(month)} (the month only: the entry is dated"
                     " by its first day)</p>")
    elif paper.dated_by_announcement:  # dated by the day arXiv announced it: said, as `show`
        day = html.escape(xml_text(paper.shown_date, 10))
        parts.append(f"<p>{paper.date_label} {day} on arXiv (the entry is dated by its"
                     " announcement: v1's date is not known yet)</p>")
    if paper.withdrawn_at:  # marked in every view: a reader would else cite it
        day = html.escape(xml_text(paper.withdrawn_at, 10))
        parts.append(f"<p><strong>Withdrawn</strong> from arXiv {day}</p>")
    if paper.ai_summary:
        parts.append(f"<p><strong>TL;DR</strong> {html.escape(xml_block(paper.ai_summary))}</p>")
    if ctx.abstract:
        for para in untex(xml_block(paper.summary)).split("\n\n"):
            if para.strip():
                parts.append(f"<p>{html.escape(para)}</p>")
    links = []
    hub = paper.hf_url(ctx.endpoint) if paper.has_hub_page else None  # none: not the Hub's
    for label, url in (("Hugging Face", hub), ("arXiv", paper.arxiv_url),
                       ("PDF", paper.pdf_url), ("Code", paper.github_repo),
                       ("Project page", paper.project_page)):
        safe = safe_url(url)
        if safe:
            links.append(f'<a href="{html.escape(safe)}">{label}</a>')
    if links:
        parts.append("<p>" + " · ".join(links) + "</p>")
    if paper.families:
        names = ", ".join(html.escape(xml_text(f, 60)) for f in paper.families)
        parts.append(f"<p>Families: {names}</p>")
    return "\n".join(parts)


def _entry(fg: Any, paper: Paper, ctx: Context, fallback: datetime,
           fmt: str = "atom") -> list[dict[str, str]]:
    """Add the paper's entry (for `fmt`, atom or rss); return its links' attributes (see
    `_fix_links`)."""
    entry = fg.add_entry(order="append")
    page = page_url(paper, ctx.endpoint) or paper.arxiv_url
    # The id is the paper's, whatever the endpoint (a mirror, a proxy): a feed reader that
    # saw the entry once never sees it as new again because HF_ENDPOINT changed. It stays
    # the Hub's address when the Hub has not listed the paper (so the entry keeps its id
    # when it does), but is then no link: RSS's isPermaLink is false.
    canonical = safe_url(paper.hf_url()) or paper.arxiv_url
    entry.id(canonical)
    entry.guid(canonical, permalink=paper.on_hub)
    entry.title(untex(xml_text(paper.title, 1000)) or xml_text(paper.id, 64))
    links = [{"href": page, "rel": "alternate", "type": "text/html"}]
    arxiv = paper.arxiv_url if paper.on_hub else None  # else the alternate link already
    for title, url, kind in (("arXiv", arxiv, "text/html"),
                             ("PDF", paper.pdf_url, "application/pdf"),
                             ("Code", paper.github_repo, "text/html"),
                             ("Project page", paper.project_page, "text/html")):
        safe = safe_url(url)
        if safe:
            links.append({"href": safe, "rel": "related", "type": kind, "title": title})
    for link in links:
        entry.link(**link)
    # RFC 4287 4.1.1: with no author on the feed, every entry needs one (`show`'s words
    # for a paper that lists nobody).
    names = [n for n in (xml_text(shown_name(a), 300) for a in paper.authors[:MAX_AUTHORS])
             if n]
    for name in names or [UNKNOWN_AUTHORS]:
        entry.author(name=name)
    if fmt == "rss":
        # RSS 2.0's <author> must be an e-mail address (feedgen writes none without one):
        # readers take an item's byline from Dublin Core's dc:creator, one element naming
        # every author as arXiv's own RSS has it (of several, a reader shows one, the last).
        entry.dc.dc_creator(", ".join(names) or UNKNOWN_AUTHORS)
    published = _when(paper.published_at) or _first_day(_month(paper))
    updated = _when(paper.submitted_at) or published or fallback
    if published is not None:
        entry.published(published)
    entry.updated(updated)
    entry.content(_content(paper, ctx), type="html")
    summary = xml_block(paper.ai_summary) or (
        excerpt(untex(xml_block(paper.summary)), MAX_SUMMARY) if ctx.abstract else "")
    if summary and fmt == "rss":
        # RSS's <description> is HTML, Atom's <summary> text: `k<n` or `<b>` in a TL;DR
        # must reach the reader as those characters, never as markup.
        entry.description(html.escape(summary, quote=False))
    elif summary:
        entry.summary(summary)
    for family in paper.families:
        term = xml_text(family, 60)
        if term:
            entry.category(term=term, label=term)
    for tag in tags_and_note(ctx, paper.id)[0]:  # your tags, under a scheme of their own
        term = xml_text(tag, 64)
        if term:
            entry.category(term=term, label=term, scheme=TAG_SCHEME)
    return links


def _fix_links(entry: Any, wanted: list[dict[str, str]]) -> None:
    """feedgen 1.0 drops every attribute but href from an entry's Atom links (it reads
    them from the element it has just made), so an entry would have five alternate links.
    Put rel, type and title back, in the order they were added."""
    for link, attrs in zip(entry.iter(f"{ATOM}link"), wanted, strict=True):
        for key, value in attrs.items():
            link.set(key, value)


ATOM = "{http://www.w3.org/2005/Atom}"


def _channel(ctx: Context, now: datetime, fmt: str = "atom") -> Any:
    from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

    fg = FeedGenerator()
    if fmt == "rss":  # the items' dc:creator (`_entry`), its namespace declared once here
        fg.load_extension("dc", atom=False, rss=True)
    fg.id(feed_id(ctx))
    title = xml_text(ctx.title, 1000) or "Papers"
    fg.title(title)
    fg.subtitle(xml_text(ctx.subtitle, 1000) or title)  # RSS needs a description
    fg.generator("papercli")
    self_url = safe_url(ctx.feed_url) if ctx.feed_url else None
    if ctx.feed_url and ctx.feed_url.startswith("file://"):
        self_url = ctx.feed_url
    if self_url:
        fg.link(href=self_url, rel="self")
    # Last: feedgen makes the last link RSS's channel <link>, the website (not the feed).
    fg.link(href=_home(ctx), rel="alternate")
    fg.updated(now)
    fg.lastBuildDate(now)
    return fg


def _home(ctx: Context) -> str:
    return safe_url(f"{ctx.endpoint.rstrip('/')}/papers") or "https://huggingface.co/papers"


def _one_entry(paper: Paper, ctx: Context, now: datetime, fmt: str) -> str:
    """One entry (or RSS item) as XML text: feedgen builds it in a feed of its own, which is
    then cut out, so the whole feed is never one tree in memory."""
    from feedgen.feed import FeedGenerator
    from lxml import etree  # type: ignore[import-untyped]

    fg = FeedGenerator()
    if fmt == "rss":
        fg.load_extension("dc", atom=False, rss=True)
    fg.id("urn:papercli:entry")
    fg.title("entry")
    fg.link(href=_home(ctx), rel="alternate")
    fg.description("entry")
    fg.updated(now)
    links = _entry(fg, paper, ctx, now, fmt)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    if fmt == "rss":
        root = etree.fromstring(fg.rss_str(), parser=parser)
        element = root.find("channel/item")
    else:
        root = etree.fromstring(fg.atom_str(), parser=parser)
        element = root.find(f"{ATOM}entry")
        _fix_links(element, links)
    text: str = etree.tostring(element, encoding="unicode", pretty_print=True)
    return text


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "atom") -> Iterator[str]:
    """The feed's head (an empty feed, cut before its closing tag), then one entry at a
    time, then the closing tags."""
    now = ctx.generated_at or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    fg = _channel(ctx, now, fmt)
    if fmt == "rss":
        whole, close = fg.rss_str(pretty=True).decode("utf-8"), "</channel>"
    else:
        whole, close = fg.atom_str(pretty=True).decode("utf-8"), "</feed>"
    head, found, tail = whole.rpartition(close)
    if not found:  # an empty channel written as <channel/>: no room for items
        raise ValueError(f"feedgen wrote no {close}")
    yield head.rstrip(" ")
    for paper in chain(sections):
        yield _one_entry(paper, ctx, now, fmt)
    yield close + tail
