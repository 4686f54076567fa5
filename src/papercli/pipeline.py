"""The one listing pipeline: filter -> sort -> cut -> caption.

Every command that lists papers (today, day, week, month, search, starred, export, new,
for-you, related, and the browser's views) gathers its papers from a source through the
view layer (`views.gather`: a listing, a search, the library, the reading list, the
new-paper scan, a ranking), filters them, then hands them here: `sort` orders *all* of
them, `cut` applies the limit and `run` captions them ("3 of 243 papers"); the command
line hands the result to the output owner.

"trending" means one thing: the order the source gives. For a Daily Papers listing that
is the Hub's order; for a search, the relevance order of the fused Hub and library hits;
for the library without a query (it has no ranking of its own), newest first. Relevance
is a `Ranker` handed in (`views.ranker`: your taste model): this module imports no source.
(`make_filter`, the filter words' checks, lives in `filters`; importable here too.)
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from papercli.filters import make_filter as make_filter  # moved to filters; kept importable
from papercli.models import Paper
from papercli.words import count

if TYPE_CHECKING:
    from papercli.exporters import LazyPapers
    from papercli.filters import Filter

Extras = dict[str, dict[str, Any]]  # paper id -> extra JSON fields ("score", "watches", ...)
# Papers best first with their relevance score (None: no model, the order is upvotes').
Ranker = Callable[[Sequence[Paper]], list[tuple[Paper, float | None]]]


def _upvotes(p: Paper) -> int:
    return p.upvotes


def _stars(p: Paper) -> int:
    return -1 if p.github_stars is None else p.github_stars  # without a count: last


def _newest(p: Paper) -> str:
    """`--sort new`'s key: the arXiv date (the column the table pins for it), as the
    library's own order (db/search.ORDER_SQL) and the search index (textindex.newest)
    have it (`Paper.newest_key`: its id's month for a paper without one)."""
    return p.newest_key


# Each order's key, highest first (ties keep the source's order).
_KEYS: dict[str, Callable[[Paper], Any]] = {"upvotes": _upvotes, "stars": _stars,
                                            "new": _newest}


def sort_key(how: str) -> Callable[[Paper], Any] | None:
    """What an order sorts by, highest first (None: the source's order)."""
    return _KEYS.get(how)


def _stable(papers: Sequence[Paper], how: str) -> list[Paper]:
    key = _KEYS.get(how)
    return list(papers) if key is None else sorted(papers, key=key, reverse=True)


def top(papers: Iterable[Paper], how: str, limit: int) -> list[Paper]:
    """`cut(sort(papers, how), limit)` without holding them all: a heap of `limit` as
    they stream by (a search's every hit, sorted by date, upvotes or stars)."""
    key = _KEYS.get(how)
    if key is None:
        return list(itertools.islice(papers, limit))
    best = heapq.nlargest(limit, ((key(p), -n, p) for n, p in enumerate(papers)),
                          key=lambda t: (t[0], t[1]))
    return [p for _, _, p in best]


def sort(papers: Iterable[Paper], how: str | None, *, rank: Ranker | None = None,
         extras: Extras | None = None) -> list[Paper]:
    """Every paper in the order asked for, before any limit. trending (or None) keeps the
    source's order; upvotes, stars (papers without a count last) and new are stable
    re-sorts of it; relevance orders by `rank` and writes each paper's "score" into
    `extras` (null without a model: then most upvoted first)."""
    items = list(papers)
    if how != "relevance":
        return _stable(items, how or "trending")
    if rank is None:
        raise ValueError("relevance needs a ranker")
    scored = rank(items)
    if extras is not None:
        for paper, score in scored:
            extras.setdefault(paper.id, {})["score"] = (
                None if score is None else round(score, 4))
    return [paper for paper, _ in scored]


def cut(papers: Sequence[Paper], limit: int) -> list[Paper]:
    return list(papers[:limit]) if limit else list(papers)


class Shown:
    """What a listing command shows, ready for the output owner. (A plain class: a
    dataclass costs a millisecond and more of every listing's start-up to make.)"""

    __slots__ = ("caption", "count", "default_cut", "empty", "extras", "found",
                 "none_found", "options", "papers", "ranked", "sections", "title")

    def __init__(
        self,
        title: str,
        papers: Any,  # a list, or an exporters.LazyPapers (a streamed listing or export)
        caption: str | None = None,
        extras: Extras | None = None,
        # (title, caption, papers[, found before a limit]): one table each; sections of a
        # Markdown or HTML document
        sections: Sequence[tuple[Any, ...]] | None = None,
        ranked: bool = False,  # a relevance column in the table
        options: dict[str, Any] | None = None,  # exporters' Context (subtitle...)
        found: int | None = None,  # the papers before the limit cut (a document's "of N")
        count: str | None = None,  # the caption's count ("3 of 243 papers"), its first part
    ) -> None:
        self.title = title
        self.papers = papers
        self.caption = caption
        self.count = count
        self.extras: Extras = {} if extras is None else extras
        self.sections = sections
        self.ranked = ranked
        self.options: dict[str, Any] = {} if options is None else options
        self.found = found
        # Why there is nothing, when nothing is shown (`views.Gathered.empty`): the output
        # owner says it on stderr; else `none_found` (else, when nothing else was said,
        # "TITLE: no papers").
        self.empty: str | None = None
        self.none_found: str | None = None
        # (the count shown, how to see all) when the command's own limit cut the list, not
        # -n (`views.hinted`): said beside a document, which has no caption to say it.
        self.default_cut: tuple[str, str] | None = None


def run(
    papers: Sequence[Paper] | LazyPapers,
    *,
    title: str,
    sort_by: str | None,
    limit: int,
    about: str = "",
    flt: Filter | None = None,
    extras: Extras | None = None,
    total: int | None = None,
    noun: str = "paper",
    rank: Ranker | None = None,
    at_least: bool = False,
) -> Shown:
    """Sort every gathered (and filtered) paper, then cut to the limit, and caption it:
    "N of M papers · about". `total` is the count when the source already cut (a library
    page picked in SQL, sorted there too; `at_least`: the source counted no further than
    that). `rank` is the relevance order, if asked for.
    A streamed listing (`papers`, a LazyPapers: `search -n 0` of the whole library) is
    passed through unread: it is already in order and nothing is cut."""
    extras = {} if extras is None else extras
    if flt is not None and not flt.is_empty:
        title += f" · {flt.describe()}"
    shown: Sequence[Paper] | LazyPapers
    found: int | None = None
    if not isinstance(papers, Sequence):
        # Streamed (an exporters.LazyPapers): every paper, in the source's order, read as
        # it is written; counted without holding it.
        if limit or sort_by not in (None, "trending"):
            raise ValueError("a streamed listing is shown whole, in its source's order")
        shown = papers
        caption = count(len(papers), len(papers) if total is None else total, noun)
    else:
        ordered = sort(papers, sort_by, rank=rank, extras=extras)
        shown = cut(ordered, limit)
        found = len(ordered) if total is None else total
        caption = count(len(shown), found, noun, at_least)
    counted = caption
    if about:
        caption += f" · {about}"
    # A document says "3 of 17 papers" as the caption does (not "of at least": the count
    # line says only what is known).
    return Shown(title, shown, caption, extras, ranked=sort_by == "relevance",
                 found=None if at_least else found, count=counted)
