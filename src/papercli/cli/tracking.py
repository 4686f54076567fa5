"""new, star, unstar, starred, read, open: keeping up with what matters to you."""

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papercli.cli._common import (
    FILTERS,
    LISTING,
    OUTPUT,
    FetchOptions,
    FilterOptions,
    Offline,
    OutputOptions,
    command,
    make_filter,
)

if TYPE_CHECKING:
    from papercli.models import Paper
    from papercli.tracking import NewResult

app = typer.Typer()

Ids = Annotated[list[str], typer.Argument(
    metavar="ID...", help="arXiv ids (2401.01055, arxiv:…) or HF/arXiv URLs.")]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _deliver(text: str, out: OutputOptions, count: int) -> None:
    """A rendered document to stdout, or atomically to `-o FILE`."""
    from papercli import output

    if out.output is None:
        output.write_stdout(text)
        return
    from papercli.outfile import write_output

    written = write_output(out.output, text, force=out.force)
    output.note(f"wrote {_plural(count, 'paper')} to {written}")


def _json_text(papers: Sequence["Paper"], extras: Sequence[dict[str, Any]], endpoint: str) -> str:
    """The JSON exporter's objects (the stable contract), plus this command's own fields:
    added, never renamed or removed."""
    import json

    from papercli.exporters import render
    from papercli.sanitize import strip_controls

    base = json.loads(render(papers, "json", title="", endpoint=endpoint))
    data = [
        {**obj, **{k: strip_controls(v) if isinstance(v, str) else v for k, v in extra.items()}}
        for obj, extra in zip(base, extras, strict=True)
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _document(
    groups: Sequence[tuple[str, str | None, Sequence["Paper"]]],
    *,
    fmt: str,
    title: str,
    endpoint: str,
    abstract: bool,
    **doc: Any,
) -> str:
    """Documents through the exporters' grouped form: Markdown gets one section per group
    (the exporter's `# title`, then a `## ` heading per paper), HTML one `<h2>` per group
    under the digest's header; CSV, BibTeX, feeds and ids are one flat document."""
    from papercli.exporters import document_for_groups

    return document_for_groups(groups, fmt=fmt, title=title, endpoint=endpoint,
                               abstract=abstract, **doc)


def _tables(groups: Sequence[tuple[str, str | None, Sequence["Paper"]]], empty: str,
            file: Any = None) -> None:
    """One table per group, a blank line between them."""
    from papercli import output

    if not groups:
        output.print_table([], empty, file=file)
        return
    for n, (title, caption, papers) in enumerate(groups):
        if n:
            (file or sys.stdout).write("\n")
        output.print_table(papers, title, caption=caption, file=file)


# -- papers new ---------------------------------------------------------------------------


def _new_notes(result: "NewResult", shown: int, total: int, peek: bool) -> list[str]:
    span = (f"{result.start}" if result.start == result.end
            else f"{result.start} to {result.end}")
    read_days = result.days - len(result.missing)
    notes = []
    if result.first_use:
        notes.append(f"first run: looked at the last {_plural(result.days, 'day')} ({span})")
    if result.capped:
        notes.append(f"the last check was long ago; looked at the last {result.days} days only")
    if result.cached_only:
        missing = ", ".join(d.isoformat() for d in result.missing[:5])
        more = "…" if len(result.missing) > 5 else ""
        notes.append(
            f"offline: used the cached listings of {read_days} of {result.days} days"
            + (f"; not in the library: {missing}{more} (looked at again next time)"
               if result.missing else "")
        )
    if not total:
        notes.append(f"nothing new in the listings of {span}")
    else:
        what = f"{shown} of {total}" if shown < total else str(total)
        tail = "not marked as seen (--peek)" if peek else "marked as seen"
        notes.append(f"{what} new paper{'s' if total != 1 else ''} from {span}; {tail}")
    return notes


@command(
    app, "new", *LISTING,
    example="papers new\npapers new --peek --all\n"
    "papers new --format md -o ~/notes/$(date +%F).md",
)
def new(
    *,
    all_: Annotated[bool, typer.Option(
        "--all", help="Every new paper, not only those matching a watch.")] = False,
    peek: Annotated[bool, typer.Option(
        "--peek", help="Show without marking anything as seen.")] = False,
    withdrawn: Annotated[bool, typer.Option(
        "--withdrawn", help="Also show papers withdrawn from arXiv (left out by default).")
    ] = False,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """What's new since you last looked: papers matching your watches, once each.

    Reads the daily listings from the last check to today (the last `new.first_days`
    days, 14 by default, on first use), keeps the papers matching a watch (or all,
    with --all) that `papers new` has not shown before, grouped by watch, newest day
    first, then marks them as seen. A paper matching several watches is shown once,
    under the first in the config file; JSON lists all of them in "watches".
    """
    from papercli import core, output, tracking

    session = core.Session.create(offline=net.offline, refresh=net.refresh)
    try:
        flt = make_filter(session, filters)
        with tracking.open_userdb() as udb:
            result = tracking.find_new(session, udb, flt=flt, show_all=all_, sort=out.sort,
                                       withdrawn=withdrawn)
            for message in [*session.notices, *result.warnings]:
                output.warn(message)
            limit = out.limit if out.limit is not None else session.config.get("display.limit")
            total = len(result.items)
            budget = limit or total
            groups: list[tuple[str, list[tracking.NewItem]]] = []
            for name, items in result.groups:
                if budget <= 0:
                    break
                groups.append((name, items[:budget]))
                budget -= len(groups[-1][1])
            shown = [item for _, items in groups for item in items]
            _emit_new(result, groups, out, session.endpoint, shown)
            if not peek:
                tracking.record_new(udb, result, shown)
        for message in _new_notes(result, len(shown), total, peek):
            output.note(message)
    finally:
        session.close()


def _emit_new(
    result: "NewResult",
    groups: Sequence[tuple[str, Sequence[Any]]],
    out: OutputOptions,
    endpoint: str,
    shown: Sequence[Any],
) -> None:
    from papercli import tracking

    span = str(result.start) if result.start == result.end else f"{result.start} – {result.end}"
    described = {w.name: w.describe() for w in result.watches}

    def label(name: str) -> str:
        if name == tracking.OTHER:
            return "other papers" if result.watches else "all papers"
        return f"{name} ({described[name]})"

    if out.format == "json":
        text = _json_text(
            [i.paper for i in shown],
            [{"watches": list(i.watches), "listing_day": i.day} for i in shown], endpoint,
        )
        _deliver(text, out, len(shown))
        return
    sections = [
        (f"New · {label(name)}", f"{_plural(len(items), 'paper')} · {span}",
         [i.paper for i in items])
        for name, items in groups
    ]
    names = [label(name) if name == tracking.OTHER else name for name, _ in groups]
    title = f"New papers · {span}" + (f" · {', '.join(names)}" if names else "")
    if out.format == "table":
        empty = f"New papers · {span} · nothing new"
        if out.output is None:
            _tables(sections, empty)
            return
        import io

        buffer = io.StringIO()
        _tables(sections, empty, file=buffer)
        _deliver(buffer.getvalue(), out, len(shown))
        return
    # Documents count their papers themselves: the section title carries the span only.
    titled = [(f"{name} · {span}", None, papers) for name, _, papers in sections]
    text = _document(titled, fmt=out.format, title=title, endpoint=endpoint,
                     abstract=out.abstract, subtitle=span, watches=tuple(names),
                     output_path=out.output, **out.doc())
    _deliver(text, out, len(shown))


# -- the reading list -----------------------------------------------------------------------


@command(app, "star", example="papers star 2401.01055\npapers star 2401.01055 2404.14047")
def star(ids: Ids, *, offline: Offline = False) -> None:
    """Add papers to your reading list (kept when the cache is cleared).

    The paper's full record is fetched once (or taken from the library) and kept with
    the star, so `papers starred` works offline and after `papers cache clear`.
    """
    from papercli import core, output, tracking

    wanted = tracking.parse_ids(ids)
    session = core.Session.create(offline=offline)
    try:
        with tracking.open_userdb() as udb:
            result = tracking.star(session, udb, wanted)
    finally:
        session.close()
    for message in session.notices:
        output.warn(message)
    parts = [f"starred {_plural(len(result.added), 'paper')}"]
    if result.refreshed:
        parts.append(f"{len(result.refreshed)} already starred (record refreshed)")
    output.note("; ".join(parts))


@command(app, "unstar", example="papers unstar 2401.01055")
def unstar(ids: Ids) -> None:
    """Remove papers from your reading list (read marks are kept)."""
    from papercli import output, tracking

    wanted = tracking.parse_ids(ids)
    with tracking.open_userdb() as udb:
        removed = udb.unstar(wanted)
    for pid in wanted:
        if pid not in removed:
            output.warn(f"{pid} was not starred")
    output.note(f"unstarred {_plural(len(removed), 'paper')}")


@command(
    app, "starred", FILTERS, OUTPUT,
    example="papers starred\npapers starred --unread --family LLaVA\n"
    "papers starred --format bibtex -o reading.bib",
)
def starred(
    *,
    unread: Annotated[bool, typer.Option(
        "--unread", help="Only papers not marked read.")] = False,
    filters: FilterOptions,
    out: OutputOptions,
) -> None:
    """Your reading list: starred papers, most recently starred first (no network).

    JSON adds "starred_at" and "read_at" (null while unread) to each paper.
    """
    from papercli import core, output, tracking

    session = core.Session.create(offline=True)
    try:
        flt = make_filter(session, filters)
        with tracking.open_userdb() as udb:
            items = tracking.starred(session, udb, flt, unread=unread)
        for message in session.notices:
            output.warn(message)
        if out.sort in ("upvotes", "new", "stars"):
            rank = {p.id: n for n, p in enumerate(core.order([i.paper for i in items], out.sort))}
            items.sort(key=lambda i: rank[i.paper.id])
        limit = out.limit if out.limit is not None else session.config.get("display.limit")
        shown = items[:limit] if limit else items
        title = "Starred papers" + (" · unread" if unread else "")
        if not flt.is_empty:
            title += f" · {flt.describe()}"
        unread_count = sum(1 for i in items if not i.read_at)
        count = f"{len(shown)} of {len(items)}" if len(shown) < len(items) else str(len(items))
        caption = f"{count} starred · {unread_count} unread"
        if out.format == "json":
            _deliver(_json_text(
                [i.paper for i in shown],
                [{"starred_at": i.starred_at, "read_at": i.read_at} for i in shown],
                session.endpoint,
            ), out, len(shown))
            return
        output.emit_papers(
            [i.paper for i in shown], fmt=out.format, title=title, endpoint=session.endpoint,
            output_path=out.output, force=out.force, abstract=out.abstract, caption=caption,
            **out.doc(),
        )
    finally:
        session.close()


@command(app, "read", example="papers read 2401.01055\npapers read 2401.01055 --unread")
def read(
    ids: Ids,
    *,
    unread: Annotated[bool, typer.Option(
        "--unread", help="Remove the read mark instead.")] = False,
) -> None:
    """Mark papers as read (or, with --unread, as not read yet)."""
    from papercli import output, tracking

    wanted = tracking.parse_ids(ids)
    with tracking.open_userdb() as udb:
        if unread:
            changed = udb.mark_unread(wanted)
            output.note(f"marked {_plural(len(changed), 'paper')} unread"
                        + (f" ({len(wanted) - len(changed)} were not marked read)"
                           if len(changed) < len(wanted) else ""))
        else:
            changed = udb.mark_read(wanted)
            output.note(f"marked {_plural(len(changed), 'paper')} read"
                        + (f" ({len(wanted) - len(changed)} already were)"
                           if len(changed) < len(wanted) else ""))


# -- papers open ----------------------------------------------------------------------------


@command(
    app, "open",
    example="papers open 2401.01055\npapers open 2401.01055 --pdf\npapers open 2401.01055 --code",
)
def open_(
    paper_id: Annotated[str, typer.Argument(
        metavar="ID", help="arXiv id (2401.01055, arxiv:…) or an HF/arXiv URL.")],
    *,
    arxiv: Annotated[bool, typer.Option("--arxiv", help="The arXiv abstract page.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="The PDF on arXiv.")] = False,
    code: Annotated[bool, typer.Option("--code", help="The code repository (GitHub).")] = False,
    offline: Offline = False,
) -> None:
    """Open a paper's Hugging Face page in the browser (or arXiv, PDF, code).

    With no browser available (a server, an SSH session) the URL is printed instead,
    so `papers open ID | xargs ...` works too. --code needs the paper's record: it is
    taken from the library or fetched.
    """
    import webbrowser

    from papercli import core, output, tracking
    from papercli.errors import UsageError

    chosen = [name for name, on in (("arxiv", arxiv), ("pdf", pdf), ("code", code)) if on]
    if len(chosen) > 1:
        raise UsageError("choose one of --arxiv, --pdf, --code")
    (pid,) = tracking.parse_ids([paper_id])
    which = chosen[0] if chosen else "hf"
    session = core.Session.create(offline=offline)
    try:
        url = tracking.paper_url(session, pid, which)
    finally:
        session.close()
    for message in session.notices:
        output.warn(message)
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        output.write_stdout(url + "\n")
        return
    if browser.open(url):
        output.note(f"opened {url}")
    else:
        output.warn("the browser did not start; here is the URL")
        output.write_stdout(url + "\n")
