"""for-you, related, hide, unhide: the command line of `papercli.ranking` (thin glue)."""

import sys
from collections.abc import Sequence
from datetime import date, timedelta
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
)

if TYPE_CHECKING:
    from papercli.core import Session
    from papercli.ranking import Scored
    from papercli.store import Store
    from papercli.userdb import UserDB

app = typer.Typer()

FOR_YOU_DAYS = 7
DEFAULT_LIMIT = 20  # when neither -n nor display.limit says: the top, not the whole week

Explain = Annotated[bool, typer.Option(
    "--explain", help="Say why each paper ranks where it does: the terms that weigh most "
    "and the starred paper it is closest to.")]
Ids = Annotated[list[str], typer.Argument(
    metavar="ID...", help="arXiv ids (2401.01055, arxiv:…) or HF/arXiv URLs.")]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _no_sort(out: OutputOptions, name: str) -> None:
    from papercli.errors import UsageError

    if out.sort:
        raise UsageError(f"{name} is ordered by relevance; --sort does not apply",
                         hint="drop --sort")


def _seeds(session: "Session") -> list[str]:
    """Each watch as a pseudo-paper of its words (keywords and families)."""
    from papercli import tracking
    from papercli.errors import PapersError

    try:
        watches = tracking.watches(session.config)
    except PapersError:
        return []  # `papers watch list` reports a broken watch; ranking goes on without
    return [" ".join([*w.keyword, *w.family]) for w in watches]


def _listed(store: "Store", start: date, end: date) -> list[Any]:
    papers: dict[str, Any] = {}
    day = end
    while day >= start:  # newest day first: ties keep that order
        for paper in store.listing_papers(f"day:{day.isoformat()}"):
            papers.setdefault(paper.id, paper)
        day -= timedelta(days=1)
    return list(papers.values())


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
    from papercli import clock, core, output, ranking, tracking

    _no_sort(out, "for-you")
    session = core.Session.create(offline=True)
    try:
        flt = make_filter(session, filters)
        store = session.store()
        end = flt.until or clock.today()
        start = flt.since or end - timedelta(days=FOR_YOU_DAYS - 1)
        candidates = _listed(store, start, end)
        if not candidates and not flt.since and not flt.until:
            latest = store.latest_day_with_papers(end)
            if latest is not None and latest.key.startswith("day:"):
                end = date.fromisoformat(latest.key[4:])
                start = end - timedelta(days=FOR_YOU_DAYS - 1)
                candidates = _listed(store, start, end)
                session.notices.append(
                    f"no listings in the last {FOR_YOU_DAYS} days; ranking the {FOR_YOU_DAYS} "
                    f"days up to {end} (papers sync or papers today fetches newer ones)")
        with tracking.open_userdb() as udb:
            left_out = _marked(udb)
            keep = flt._replace(since=None, until=None)
            candidates = [p for p in candidates if p.id not in left_out and keep.matches(p)]
            taste = ranking.Taste.load(store, udb, seeds=_seeds(session))
        for message in session.notices:
            output.warn(message)
        if taste.notice:
            output.note(taste.notice)
        scored = taste.score(candidates, explain=explain)
        limit = _limit(session, out)
        shown = scored[:limit] if limit else scored
        span = str(start) if start == end else f"{start} – {end}"
        title = f"For you · listings of {span}" + (
            f" · {keep.describe()}" if not keep.is_empty else "")
        count = f"{len(shown)} of {len(scored)}" if len(shown) < len(scored) else str(len(scored))
        caption = f"{count} papers · " + ("by relevance to your stars" if taste.ready
                                          else "most upvoted first")
        _emit(shown, out, title, caption, session.endpoint, explain)
    finally:
        session.close()


def _limit(session: "Session", out: OutputOptions) -> int:
    if out.limit is not None:
        return out.limit
    return int(session.config.get("display.limit") or DEFAULT_LIMIT)


def _marked(udb: "UserDB") -> set[str]:
    """Papers for-you leaves out: already starred, read, or hidden."""
    return {s.paper.id for s in udb.stars()} | set(udb.all_read()) | udb.hidden()


@command(
    app, "related", FILTERS, OUTPUT, FETCH,
    example="papers related 2401.01055\npapers related 2401.01055 --since 2024-06-01 -n 5\n"
    "papers related 2401.01055 --explain --json",
)
def related(
    paper_id: Annotated[str, typer.Argument(
        metavar="ID", help="arXiv id (2401.01055, arxiv:…) or an HF/arXiv URL.")],
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
    from papercli import core, output, ranking, tracking
    from papercli.errors import PapersError

    _no_sort(out, "related")
    (pid,) = tracking.parse_ids([paper_id])
    session = core.Session.create(offline=net.offline, refresh=net.refresh)
    try:
        flt = make_filter(session, filters)
        store = session.store()
        if ranking.library_state(store) == 0:
            raise PapersError("the library is empty, so nothing can be related",
                              hint="fill it with papers sync --since DATE, or papers today")
        # Its text is all `related` needs: a paper in the library is never fetched again.
        paper = store.get_paper(pid) or tracking.restore_starred(store, pid)
        if paper is None:
            result = core.get_paper(session, pid)
            if result.stale:
                session.notices.append(f"{result.stale}; using the cached copy")
            paper = result.paper
        with tracking.open_userdb() as udb:
            hidden = udb.hidden()
            taste = ranking.Taste.load(store, udb, seeds=_seeds(session)) if explain else None
        for message in session.notices:
            output.warn(message)
        limit = _limit(session, out)
        scored = ranking.related(
            store, paper, limit or None,
            keep=lambda p: p.id not in hidden and flt.matches(p),
            pool=ranking.RELATED_POOL * (1 if flt.is_empty else 5),
            taste=taste if taste is not None and taste.ready else None, explain=explain)
        if not scored:
            output.note("no paper in the library shares enough words with this one")
        title = f"Related to {paper.id} · {paper.title}" + (
            f" · {flt.describe()}" if not flt.is_empty else "")
        _emit(scored, out, title, f"{len(scored)} papers · by similarity", session.endpoint,
              explain)
    finally:
        session.close()


def _emit(scored: Sequence["Scored"], out: OutputOptions, title: str, caption: str,
          endpoint: str, explain: bool) -> None:
    """Every format: JSON adds "score" (and "why"), the table a relevance column; with
    --explain, md/csv/bibtex keep the document clean and say why on stderr."""
    from papercli import output
    from papercli.cli.tracking import _deliver, _json_text
    from papercli.sanitize import clean_line

    papers = [s.paper for s in scored]
    if out.format == "json":
        extras: list[dict[str, Any]] = []
        for s in scored:
            extra: dict[str, Any] = {"score": None if s.score is None else round(s.score, 4)}
            if explain:
                extra["why"] = s.why.to_dict() if s.why else None
            extras.append(extra)
        _deliver(_json_text(papers, extras, endpoint), out, len(papers))
        return
    lines = [f"{n}. {s.paper.id}: {s.why.line()}" for n, s in enumerate(scored, 1)
             if explain and s.why is not None]
    if out.format == "table":
        import io

        buffer = io.StringIO() if out.output is not None else None
        stream = buffer or sys.stdout
        print_ranked_table(scored, title, caption=caption, file=buffer)
        if lines:
            stream.write("\n" + "".join(clean_line(line, 4000) + "\n" for line in lines))
        if buffer is not None:
            _deliver(buffer.getvalue(), out, len(papers))
        return
    output.emit_papers(papers, fmt=out.format, title=title, endpoint=endpoint,
                       output_path=out.output, force=out.force, abstract=out.abstract,
                       caption=caption)
    for line in lines:
        output.note(line)


def print_ranked_table(scored: Sequence["Scored"], title: str, *, caption: str | None,
                       file: Any = None) -> None:
    """`output.print_table` with a relevance column (score × 100) after the rank."""
    from papercli import output
    from papercli.sanitize import clean_line

    papers = [s.paper for s in scored]
    if not papers or all(s.score is None for s in scored):
        output.print_table(papers, title, caption=caption, file=file)
        return
    marks = ["—" if s.score is None else str(round(s.score * 100)) for s in scored]
    width_mark = max(3, *(len(m) for m in marks))
    stream = file or sys.stdout
    color = file is None and output._use_color(stream)
    con = output.console(file=stream) if color else None
    width = None if con is None else con.width - width_mark - 2
    body = output.table_lines(papers, width=width)
    lines: list[list[tuple[str, str | None]]] = [[(clean_line(title), "bold")]]
    head, *rows = body
    lines.append([(output.pad("Rel", width_mark, right=True) + "  ", "bold"), *head])
    for mark, row in zip(marks, rows, strict=True):
        lines.append([(output.pad(mark, width_mark, right=True) + "  ", "green"), *row])
    if caption:
        lines.append([(clean_line(caption), "dim")])
    if con is None:
        stream.write("".join("".join(t for t, _ in line).rstrip() + "\n" for line in lines))
        stream.flush()
        return
    from rich.text import Text

    text = Text()
    for line in lines:
        for part, style in line:
            text.append(part, style=style)
        text.append("\n")
    con.print(text, end="", no_wrap=True, overflow="ellipsis", crop=True)


@command(app, "hide", example="papers hide 2401.01055\npapers hide 2401.01055 2404.14047")
def hide(ids: Ids) -> None:
    """Never show these papers again, and rank papers like them lower (no network).

    A hidden paper is a strong negative for for-you and is left out of for-you and
    related. `papers unhide` takes it back. Stars and read marks are kept.
    """
    from papercli import output, tracking

    wanted = tracking.parse_ids(ids)
    with tracking.open_userdb() as udb:
        added = udb.hide(wanted)
    extra = len(wanted) - len(added)
    output.note(f"hid {_plural(len(added), 'paper')}"
                + (f" ({extra} already hidden)" if extra else ""))


@command(app, "unhide", example="papers unhide 2401.01055")
def unhide(ids: Ids) -> None:
    """Show hidden papers again."""
    from papercli import output, tracking

    wanted = tracking.parse_ids(ids)
    with tracking.open_userdb() as udb:
        removed = udb.unhide(wanted)
    for pid in wanted:
        if pid not in removed:
            output.warn(f"{pid} was not hidden")
    output.note(f"unhid {_plural(len(removed), 'paper')}")
