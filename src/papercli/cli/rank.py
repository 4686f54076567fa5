"""for-you, related, hide, unhide: the command line of `papercli.ranking` (thin glue).

Both rankings go through the listing pipeline: the score decides the order before the
limit, the caption says "N of M", and the output owner shows the score (a relevance
column in the table, "score" in JSON)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papercli.cli._common import (
    FETCH,
    FILTERS,
    OUTPUT,
    FetchOptions,
    FilterOptions,
    OutputOptions,
    command,
    make_filter,
    open_session,
)
from papercli.cli.completion import paper_ids

if TYPE_CHECKING:
    from papercli.ranking import Scored

app = typer.Typer()


Explain = Annotated[bool, typer.Option(
    "--explain", help="Say why each paper ranks where it does: the terms that weigh most "
    "and the starred paper it is closest to.")]
Ids = Annotated[list[str], typer.Argument(
    metavar="ID...", help="arXiv ids (2401.01055, arxiv:…) or HF/arXiv URLs.",
    autocompletion=paper_ids)]


def _no_sort(out: OutputOptions, name: str) -> None:
    from papercli.errors import UsageError

    if out.sort:
        raise UsageError(f"{name} is ordered by relevance; --sort does not apply",
                         hint="drop --sort")


@command(
    app, "for-you", FILTERS, OUTPUT,
    example="papers for-you\npapers for-you --since 2024-06-01 --family LLaVA -n 10\n"
    "papers for-you --explain\npapers for-you --format md -o ~/notes/for-you.md",
)
def for_you(*, explain: Explain = False, filters: FilterOptions, out: OutputOptions) -> None:
    """The papers in your library you are most likely to want, best first (no network).

    Ranks the papers listed in the last 7 days (--since/--until choose the listing days)
    by a model of your taste learned from your stars, read marks, watches and hidden
    papers, and shows the top 20 (-n 0: all). Papers you starred, read or hid are left
    out. With fewer than 3 starred or read papers it says so and shows the most upvoted
    first.
    """
    from papercli import listings, output, pipeline, ranking, reading, watches

    _no_sort(out, "for-you")
    with open_session(offline=True) as session:
        flt = make_filter(session, filters)
        store = session.store()
        with reading.open_userdb() as udb:
            left_out = reading.marked(udb)
            keep = flt._replace(since=None, until=None)
            taste = ranking.Taste.load(store, udb, seeds=watches.seeds(session))
        limit = pipeline.limit_for(session, out.limit, "for-you")
        # Streamed and cut while ranking: the cost follows -n, not the range.
        found = ranking.for_you(store, taste, flt.since, flt.until, limit=limit,
                                keep=lambda p: p.id not in left_out and keep.matches(p),
                                explain=explain)
        start, end = found.start, found.end
        if found.fell_back:
            output.warn(
                f"no listings in the last {listings.RECENT_DAYS} days; ranking the "
                f"{listings.RECENT_DAYS} days up to {end} (papers sync or papers today "
                "fetches newer ones)")
        if taste.notice:
            output.note(taste.notice)
        span = str(start) if start == end else f"{start} – {end}"
        _emit(session, found.scored, out, f"For you · listings of {span}", keep,
              "by relevance to your stars" if taste.ready else "most upvoted first",
              limit, explain, total=found.total)


@command(
    app, "related", FILTERS, OUTPUT, FETCH,
    example="papers related 2401.01055\npapers related 2401.01055 --since 2024-06-01 -n 5\n"
    "papers related 2401.01055 --explain --json",
)
def related(
    paper_id: Annotated[str, typer.Argument(
        metavar="ID", help="arXiv id (2401.01055, arxiv:…) or an HF/arXiv URL.",
        autocompletion=paper_ids)],
    *,
    explain: Explain = False,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """The library's papers most like one paper, best first.

    The paper may be in the library or not (then it is fetched once, like `papers show`).
    Similarity is TF-IDF cosine over titles, abstracts and AI keywords; papers you hid are
    left out.
    """
    from papercli import library, output, pipeline, ranking, reading, watches
    from papercli.errors import PapersError

    _no_sort(out, "related")
    (pid,) = reading.parse_ids([paper_id])
    with open_session(net) as session:
        flt = make_filter(session, filters)
        store = session.store()
        if ranking.library_state(store) == 0:
            raise PapersError("the library is empty, so nothing can be related",
                              hint="fill it with papers sync --since DATE, or papers today")
        # Its text is all `related` needs: a paper in the library is never fetched again.
        paper = store.get_paper(pid) or library.restore_starred(store, pid)
        if paper is None:
            result = library.get_paper(session, pid)
            if result.stale:
                output.warn(f"{result.stale}; using the cached copy")
            paper = result.paper
        with reading.open_userdb() as udb:
            hidden = udb.hidden()
            taste = (ranking.Taste.load(store, udb, seeds=watches.seeds(session))
                     if explain else None)
        limit = pipeline.limit_for(session, out.limit, "related")
        scored = ranking.related(
            store, paper, limit or None,
            keep=lambda p: p.id not in hidden and flt.matches(p),
            pool=ranking.RELATED_POOL * (1 if flt.is_empty else 5),
            taste=taste if taste is not None and taste.ready else None, explain=explain)
        if not scored:
            output.note("no paper in the library shares enough words with this one")
        _emit(session, scored, out, f"Related to {paper.id} · {paper.title}", flt,
              "by similarity", limit, explain)


def _emit(session: Any, scored: Sequence["Scored"], out: OutputOptions, title: str,
          flt: Any, about: str, limit: int, explain: bool, total: int | None = None
          ) -> None:
    """Ranked papers through the pipeline (already in score order: the source's order):
    JSON adds "score" (and "why"), the table a relevance column; with --explain the
    table is followed by the reasons, and documents stay clean (reasons on stderr)."""
    from papercli import output, pipeline
    from papercli.sanitize import clean_line

    extras: dict[str, dict[str, Any]] = {}
    for s in scored:
        extra: dict[str, Any] = {"score": None if s.score is None else round(s.score, 4)}
        if explain:
            extra["why"] = s.why.to_dict() if s.why else None
        extras[s.paper.id] = extra
    shown = pipeline.run(session, [s.paper for s in scored], title=title, flt=flt,
                         sort_by=None, limit=limit, about=about, extras=extras, total=total)
    shown.ranked = True
    pipeline.emit(shown, out, session.endpoint)
    kept = {p.id for p in shown.papers}
    lines = [f"{n}. {s.paper.id}: {s.why.line()}"
             for n, s in enumerate((s for s in scored if s.paper.id in kept), 1)
             if explain and s.why is not None]
    if out.format == "table" and out.output is None:
        if lines:
            output.write_stdout("\n" + "".join(clean_line(line, 4000) + "\n" for line in lines))
        return
    for line in lines:
        output.note(line)


@command(app, "hide", example="papers hide 2401.01055\npapers hide 2401.01055 2404.14047")
def hide(ids: Ids) -> None:
    """Never show these papers again, and rank papers like them lower (no network).

    A hidden paper is a strong negative for for-you and is left out of for-you and
    related. `papers unhide` takes it back. Stars and read marks are kept.
    """
    from papercli import output, reading
    from papercli.words import plural

    wanted = reading.parse_ids(ids)
    with reading.open_userdb() as udb:
        added = udb.hide(wanted)
    extra = len(wanted) - len(added)
    output.note(f"hid {plural(len(added), 'paper')}"
                + (f" ({extra} already hidden)" if extra else ""))


@command(app, "unhide", example="papers unhide 2401.01055")
def unhide(ids: Ids) -> None:
    """Show hidden papers again."""
    from papercli.cli.reading import unmark
    from papercli.userdb import UserDB

    unmark(ids, UserDB.unhide, was="hidden", did="unhid")
