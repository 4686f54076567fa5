"""Paper filters shared by every listing, search, export and watchlist.

Semantics (documented in the README): families are any-of, keywords are all-of and
whole-word over title, abstract and AI keywords, excludes drop a paper if any word
matches, authors are any-of substrings (case and accents folded), dates bound the arXiv
date (inclusive), organizations are any-of (Hub name or display name, whole, any case),
submitters any-of (Hub username, any case), `has_code` needs a code link and
`min_stars` a known star count.
The same meaning runs in SQL for browsing (`store.filter_sql`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from papercli.models import Paper


def word_pattern(word: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive; a trailing `*` makes it a prefix."""
    text = word.strip()
    prefix = text.endswith("*")
    core = re.escape(text.rstrip("*").strip())
    core = re.sub(r"\\?\s+", r"[\\s\\-]+", core)  # "vision language" ~ "vision-language"
    tail = "" if prefix else r"(?!\w)"
    return re.compile(rf"(?<!\w){core}{tail}", re.IGNORECASE)


def fold(text: str) -> str:
    """Case and accents folded, so `-a jose` finds José and `-a muller` Müller (as search
    does: the index folds diacritics too)."""
    if text.isascii():
        return text.casefold()
    import unicodedata

    parts = unicodedata.normalize("NFKD", text)
    return "".join(c for c in parts if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=64)
def _patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Compiled once per word list: a NamedTuple Filter has nowhere to cache them."""
    return tuple(word_pattern(w) for w in words if w.strip().rstrip("*"))


class Filter(NamedTuple):
    families: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    min_upvotes: int | None = None
    orgs: tuple[str, ...] = ()
    has_code: bool = False
    min_stars: int | None = None
    submitters: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.families or self.keywords or self.excludes or self.authors
            or self.since or self.until or self.min_upvotes
            or self.orgs or self.has_code or self.min_stars is not None or self.submitters
        )

    def matches(self, paper: Paper) -> bool:
        if self.orgs:
            orgs = {(paper.org_name or "").casefold(), (paper.org_fullname or "").casefold()}
            if not any(o.casefold() in orgs for o in self.orgs):
                return False
        if self.has_code and not paper.github_repo:
            return False
        if self.min_stars is not None and (
            paper.github_stars is None or paper.github_stars < self.min_stars
        ):
            return False
        if self.submitters:
            who = (paper.submitter or "").casefold()
            if not who or not any(s.casefold() == who for s in self.submitters):
                return False
        if self.families:
            wanted = {f.lower() for f in self.families}
            if not any(f.lower() in wanted for f in paper.families):
                return False
        if self.min_upvotes is not None and paper.upvotes < self.min_upvotes:
            return False
        if self.since or self.until:
            day = paper.date
            if not day:
                return False
            if self.since and day < self.since.isoformat():
                return False
            if self.until and day > self.until.isoformat():
                return False
        if self.authors:
            names = [fold(a) for a in paper.authors]
            if not any(fold(q) in n for q in self.authors for n in names):
                return False
        wanted_res, unwanted_res = _patterns(self.keywords), _patterns(self.excludes)
        if wanted_res or unwanted_res:
            text = "\n".join([paper.title, paper.summary, *paper.ai_keywords])
            if not all(r.search(text) for r in wanted_res):
                return False
            if any(r.search(text) for r in unwanted_res):
                return False
        return True

    def apply(self, papers: Iterable[Paper]) -> list[Paper]:
        return [p for p in papers if self.matches(p)]

    def describe(self) -> str:
        """Words for a title line: 'family LLaVA · keyword quantization'."""
        parts: list[str] = []
        if self.families:
            parts.append("family " + " or ".join(self.families))
        if self.keywords:
            parts.append("keyword " + " and ".join(self.keywords))
        if self.excludes:
            parts.append("excluding " + ", ".join(self.excludes))
        if self.authors:
            parts.append("author " + " or ".join(self.authors))
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.min_upvotes:
            parts.append(f"≥{self.min_upvotes} upvotes")
        if self.orgs:
            parts.append("org " + " or ".join(self.orgs))
        if self.has_code:
            parts.append("with code")
        if self.min_stars is not None:
            parts.append(f"≥{self.min_stars} stars")
        if self.submitters:
            parts.append("submitted by " + " or ".join(self.submitters))
        return " · ".join(parts)
