"""The Paper record and the parsing of Hub-shaped JSON into it.

The Hub's shapes are data, not a contract we control: every field is optional until
proven present, every value may have the wrong type, and an item that lacks an id or a
title is skipped (and counted) rather than failing the whole listing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from papercli.sanitize import clean_block, clean_line

DEFAULT_ENDPOINT = "https://huggingface.co"

# New-style arXiv ids (2401.01055) and old-style ones (hep-th/9901001, math.GT/0309136).
_NEW_ID = re.compile(r"^\d{4}\.\d{4,5}$")
_OLD_ID = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}$")
_VERSION = re.compile(r"v\d+$")
_URL_ID = re.compile(
    r"^(?:https?://)?(?:www\.)?[^/\s]+/(?:papers|abs|pdf|html)/(?P<id>[^?#\s]+?)(?:\.pdf)?/?(?:[?#].*)?$"
)


class InvalidPaperId(ValueError):
    """The text given is not an arXiv id or a paper URL."""


def normalize_id(text: str) -> str:
    """Accept `2401.01055`, `2401.01055v2`, `arxiv:2401.01055` and HF/arXiv URLs."""
    raw = text.strip()
    if "://" in raw or raw.startswith(("huggingface.co/", "arxiv.org/", "www.")):
        match = _URL_ID.match(raw)
        if not match:
            raise InvalidPaperId(text)
        raw = match.group("id")
    if raw.lower().startswith("arxiv:"):
        raw = raw[len("arxiv:") :]
    raw = _VERSION.sub("", raw)
    if is_valid_id(raw):
        return raw
    raise InvalidPaperId(text)


def is_valid_id(text: str) -> bool:
    return bool(_NEW_ID.match(text) or _OLD_ID.match(text))


def normalize_timestamp(value: object) -> str | None:
    """Any ISO 8601 timestamp (or date) as UTC `YYYY-MM-DDTHH:MM:SSZ`; junk gives None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):  # junk, or a year 9999 date pushed past the range
        return None


MAX_COUNT = 2**62  # SQLite integers are 64-bit; a count beyond this is junk anyway


def _as_int(value: object) -> int:
    """A count: non-negative, finite, within SQLite's range; anything else is 0."""
    number: int
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value):
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip()[:20])
    else:
        return 0
    return min(max(number, 0), MAX_COUNT)


def _as_url(value: object) -> str | None:
    text = clean_line(value, max_len=2000) if isinstance(value, str) else ""
    if text.startswith(("https://", "http://")) and " " not in text:
        return text
    return None


def _authors(value: object) -> tuple[str, ...]:
    names: list[str] = []
    if not isinstance(value, list):
        return ()
    for author in value:
        if isinstance(author, Mapping):
            if author.get("hidden") is True and not author.get("name"):
                continue
            name = author.get("name")
            if name is None and isinstance(author.get("user"), Mapping):
                name = author["user"].get("fullname")
        else:
            name = author
        if isinstance(name, str):
            cleaned = clean_line(name, max_len=300)
            if cleaned:
                names.append(cleaned)
        if len(names) >= 5000:
            break
    return tuple(names)


def _keywords(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    words = [clean_line(v, max_len=200) for v in value if isinstance(v, str)]
    return tuple([w for w in words if w][:100])


# Value types on the start-up path are NamedTuples, not dataclasses: importing
# `dataclasses` (which imports `inspect`, `ast`, `dis`...) costs ~25 ms per command start.
class Paper(NamedTuple):
    """One paper record, immutable: list-like fields are tuples (JSON arrays in to_dict)."""

    id: str
    title: str
    summary: str = ""
    authors: tuple[str, ...] = ()
    published_at: str | None = None
    submitted_at: str | None = None
    upvotes: int = 0
    comments: int = 0
    github_repo: str | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    families: tuple[str, ...] = ()

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.id}"

    def hf_url(self, endpoint: str = DEFAULT_ENDPOINT) -> str:
        return f"{endpoint.rstrip('/')}/papers/{self.id}"

    @property
    def date(self) -> str:
        """The day a person would file this paper under: arXiv date, else listing date."""
        return (self.published_at or self.submitted_at or "")[:10]

    def with_families(self, families: Iterable[str]) -> Paper:
        return self._replace(families=tuple(families))

    def to_dict(self, endpoint: str = DEFAULT_ENDPOINT) -> dict[str, Any]:
        """The stable JSON contract (see README, "JSON output")."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "authors": list(self.authors),
            "published_at": self.published_at,
            "submitted_at": self.submitted_at,
            "upvotes": self.upvotes,
            "comments": self.comments,
            "families": list(self.families),
            "url": self.hf_url(endpoint),
            "arxiv_url": self.arxiv_url,
            "pdf_url": self.pdf_url,
            "github_repo": self.github_repo,
            "project_page": self.project_page,
            "ai_summary": self.ai_summary,
            "ai_keywords": list(self.ai_keywords),
        }


class SkippedItem(ValueError):
    """An item that cannot become a Paper (no id, no title, not an object)."""


def parse_item(raw: object) -> Paper:
    """One daily-papers item (wrapping `paper`) or one bare paper object."""
    if not isinstance(raw, Mapping):
        raise SkippedItem("not an object")
    inner = raw.get("paper")
    item: Mapping[str, Any] = raw
    paper: Mapping[str, Any] = inner if isinstance(inner, Mapping) else raw
    wrapped = isinstance(inner, Mapping)

    raw_id = paper.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise SkippedItem("missing id")
    try:
        paper_id = normalize_id(clean_line(raw_id, max_len=64))
    except InvalidPaperId:
        raise SkippedItem(f"bad id {raw_id[:64]!r}") from None
    title = clean_line(paper.get("title") or (item.get("title") if wrapped else None), 1000)
    if not title:
        raise SkippedItem(f"{paper_id}: missing title")

    summary = clean_block(paper.get("summary") or (item.get("summary") if wrapped else ""))
    published = normalize_timestamp(paper.get("publishedAt"))
    submitted = normalize_timestamp(
        (item.get("publishedAt") if wrapped else None) or paper.get("submittedOnDailyAt")
    )
    comments = item.get("numComments") if wrapped else None
    if comments is None:
        comments = paper.get("numComments")
    ai_summary = clean_block(paper.get("ai_summary"), max_len=5000) or None
    return Paper(
        id=paper_id,
        title=title,
        summary=summary,
        authors=_authors(paper.get("authors")),
        published_at=published or submitted,
        submitted_at=submitted,
        upvotes=_as_int(paper.get("upvotes")),
        comments=_as_int(comments),
        github_repo=_as_url(paper.get("githubRepo")),
        project_page=_as_url(paper.get("projectPage")),
        ai_summary=ai_summary,
        ai_keywords=_keywords(paper.get("ai_keywords")),
    )


class Parsed(NamedTuple):
    papers: list[Paper]
    skipped: int = 0
    reasons: tuple[str, ...] = ()  # the first few, for a warning


def parse_items(items: Iterable[object]) -> Parsed:
    """Parse a list, keeping order, dropping duplicates and bad items (counted)."""
    papers: list[Paper] = []
    skipped = 0
    reasons: list[str] = []
    seen: set[str] = set()
    for raw in items:
        try:
            paper = parse_item(raw)
        except SkippedItem as exc:
            reason = str(exc)
        except (ArithmeticError, ValueError, TypeError, AttributeError, KeyError) as exc:
            # A field parser tripped in a way nobody foresaw: one bad item, not a bad list.
            reason = f"unreadable item ({exc})"[:200]
        else:
            reason = ""
        if reason:
            skipped += 1
            if len(reasons) < 20:
                reasons.append(reason)
            continue
        if paper.id in seen:
            continue
        seen.add(paper.id)
        papers.append(paper)
    return Parsed(papers, skipped, tuple(reasons))
