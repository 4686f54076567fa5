"""The one listing pipeline: gather -> filter -> sort -> limit -> emit.

Every command that lists papers (today, day, week, month, search, starred, export, new,
for-you, related, and the browser's views) gathers its papers from a source (a listing, a
search, the library, the reading list, the new-paper scan, a ranking), filters them,
then hands them here: `sort` orders *all* of them, `cut` applies the limit, and `emit`
gives them to the output owner (`output.emit_papers`) with the caption ("3 of 243
papers") and any extra JSON fields as data.

"trending" means one thing: the order the source gives. For a Daily Papers listing that
is the Hub's order; for a search, the relevance order of the fused Hub and library hits;
for the library without a query (it has no ranking of its own), newest first. The
default --limit is decided by `limit_for`, here only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercli.filters import make_filter as make_filter  # moved to filters; kept importable
from papercli.models import Paper
from papercli.words import plural

if TYPE_CHECKING:
    from papercli.filters import Filter
    from papercli.session import Session

# --limit when neither -n nor display.limit says (0: all). Rankings show their top;
# search its best hits; everything else (listings, starred, new, export) all of it.
DEFAULT_LIMITS = {"search": 50, "for-you": 20, "related": 20}
# -o FILE's extension -> format, when --format is not given (anything else: a table).
EXTENSIONS = {
    ".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv", ".bib": "bibtex",
    ".bibtex": "bibtex", ".html": "html", ".htm": "html", ".atom": "atom", ".xml": "atom",
    ".rss": "rss", ".txt": "ids",
}
Extras = dict[str, dict[str, Any]]  # paper id -> extra JSON fields ("score", "watches", ...)


def format_for(path: Path | str | None) -> str | None:
    """The format a -o FILE's extension names, or None (a table, as without -o)."""
    if path is None:
        return None
    return EXTENSIONS.get(Path(str(path)).suffix.lower())


def limit_for(session: Session, asked: int | None, command: str = "") -> int:
    """The limit of a listing (0: none): -n, else display.limit, else the command's."""
    if asked is not None:
        return asked
    return int(session.config.get("display.limit") or DEFAULT_LIMITS.get(command, 0))


def _stable(papers: Sequence[Paper], how: str) -> list[Paper]:
    if how == "upvotes":
        return sorted(papers, key=lambda p: -p.upvotes)
    if how == "stars":
        return sorted(papers, key=lambda p: -1 if p.github_stars is None else -p.github_stars)
    if how == "new":
        return sorted(papers, key=lambda p: p.submitted_at or p.published_at or "", reverse=True)
    return list(papers)


def sort(papers: Iterable[Paper], how: str | None, session: Session | None = None,
         extras: Extras | None = None) -> list[Paper]:
    """Every paper in the order asked for, before any limit. trending (or None) keeps the
    source's order; upvotes, stars (papers without a count last) and new are stable
    re-sorts of it; relevance ranks by your taste model (ranking.py) and writes each
    paper's "score" into `extras` (null without a model: then most upvoted first)."""
    items = list(papers)
    if how != "relevance":
        return _stable(items, how or "trending")
    if session is None:
        raise ValueError("relevance needs a session")
    scored = relevance(session, items)
    if extras is not None:
        for s in scored:
            extras.setdefault(s.paper.id, {})["score"] = (
                None if s.score is None else round(s.score, 4))
    return [s.paper for s in scored]


def relevance(session: Session, papers: Sequence[Paper], *, explain: bool = False,
              seeds: Sequence[str] | None = None) -> list[Any]:
    """`ranking.Taste` scores of the papers, best first (`ranking.Scored`)."""
    from papercli import ranking
    from papercli.reading import open_userdb
    from papercli.watches import seeds as watch_seeds

    with open_userdb() as udb:
        taste = ranking.Taste.load(session.store(), udb,
                                   seeds=watch_seeds(session) if seeds is None else seeds)
    if taste.notice:
        session.notices.append(taste.notice)
    return taste.score(papers, explain=explain)


def cut(papers: Sequence[Paper], limit: int) -> list[Paper]:
    return list(papers[:limit]) if limit else list(papers)


def count(shown: int, total: int, noun: str = "paper") -> str:
    """"3 of 243 papers" when the limit cut, else "243 papers" ("1 paper"). A noun that
    does not take an s ("starred") stays as it is."""
    words = plural(total, noun) if noun == "paper" else f"{total} {noun}"
    return f"{shown} of {words}" if shown < total else words


@dataclass
class Shown:
    """What a listing command shows, ready for the output owner."""

    title: str
    papers: Any  # a list, or an exporters.LazyPapers (a streamed export)
    caption: str | None = None
    extras: Extras = field(default_factory=dict)
    # (title, caption, papers): one table each; sections of a Markdown or HTML document
    sections: Sequence[tuple[str, str | None, Sequence[Paper]]] | None = None
    ranked: bool = False  # a relevance column in the table
    options: dict[str, Any] = field(default_factory=dict)  # exporters' Context (subtitle...)


def run(
    session: Session,
    papers: Sequence[Paper],
    *,
    title: str,
    sort_by: str | None,
    limit: int,
    about: str = "",
    flt: Filter | None = None,
    extras: Extras | None = None,
    total: int | None = None,
    noun: str = "paper",
) -> Shown:
    """Sort every gathered (and filtered) paper, then cut to the limit, and caption it:
    "N of M papers · about". `total` is the count when the source already cut (a library
    page picked in SQL, sorted there too)."""
    extras = {} if extras is None else extras
    ordered = sort(papers, sort_by, session, extras)
    shown = cut(ordered, limit)
    if flt is not None and not flt.is_empty:
        title += f" · {flt.describe()}"
    caption = count(len(shown), len(ordered) if total is None else total, noun)
    if about:
        caption += f" · {about}"
    return Shown(title, shown, caption, extras, ranked=sort_by == "relevance")


def emit(shown: Shown, out: Any, endpoint: str, fmt: str | None = None) -> None:
    """Hand a listing to the output owner: every format, to stdout or -o (`out` is the
    command line's OutputOptions)."""
    from papercli import output

    output.emit_papers(
        shown.papers, fmt=fmt or out.format, title=shown.title, endpoint=endpoint,
        output_path=out.output, force=out.force, abstract=out.abstract,
        caption=shown.caption, extras=shown.extras, sections=shown.sections,
        ranked=shown.ranked, pager=getattr(out, "pager", True),
        **{**out.doc(), **shown.options},
    )

