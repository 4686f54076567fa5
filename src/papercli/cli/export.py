"""export: the library, filtered, as a document (streamed), or one note per paper."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papercli.cli._common import (
    FILTERS,
    OUTPUT,
    FilterOptions,
    OutputOptions,
    command,
    emit,
    ids_with_stdin,
    make_filter,
    missing_error,
    open_session,
    say,
)
from papercli.cli.options import FRONT_MATTER_SPLIT, limit_help

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from papercli.exporters import Papers
    from papercli.models import Paper
    from papercli.session import Session

app = typer.Typer()


@command(
    app, "export", FILTERS,
    OUTPUT.with_help(limit=limit_help("export"), front_matter=FRONT_MATTER_SPLIT),
    example="papers export --family LLaVA --since 2024-03-01 -o llava.md\n"
    "papers export quantization --format bibtex -o refs.bib\n"
    "papers export --min-upvotes 50 --format csv -o popular.csv\n"
    "papers starred -q | papers export - --format bibtex -o starred.bib\n"
    "papers export --family Qwen --split ~/vault/papers --front-matter --md-tags",
)
def export(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[QUERY]...", help="Optional full-text query over the library, or paper "
        "ids (- reads them from standard input: papers starred -q | papers export - -f "
        "bibtex).", callback=ids_with_stdin)] = None,
    split: Annotated[str | None, typer.Option(
        "--split", metavar="DIR",
        help="Write one Markdown note per paper into DIR (id + title slug; no-clobber "
        "unless --force).")] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
) -> None:
    """Write library papers as Markdown, JSON (Lines), CSV, BibTeX, RIS, CSL-JSON, a feed, a digest.

    Works on the local library only, never the network: the same filters and query
    syntax as `papers search`, no default limit; newest first (a query: by relevance)
    unless --sort says otherwise. Without --format the format follows -o's extension,
    else Markdown.
    The whole library streams: papers are read and written one at a time.
    """
    from papercli import exporters, pipeline, views
    from papercli import search as searching
    from papercli.errors import UsageError
    from papercli.exporters import LazyPapers

    query = " ".join(words or []).strip()
    fmt = out.format if out.explicit_format else "md"
    if split is not None and not split.strip():  # `--split "$VAULT"` with VAULT unset
        # ("--split needs a folder, and its value is empty — give the vault's folder
        # (--split . for this one)": 112 columns)
        raise UsageError("--split got an empty value", hint="give a folder, or . for this one")
    if split is not None and out.output is not None:  # (before -o FILE's format)
        raise UsageError("--split and --output cannot be combined", hint="give one of them")
    if split is not None and fmt != "md":  # the option that chose it, as typed: "drop
        by = (out.format_by or "--format").split()[0]  # --format" was said for -q too
        raise UsageError(f"--split writes Markdown, not {fmt}", hint=f"drop {by} or --split")
    out.refuse_unused(fmt, "--split's Markdown notes" if split is not None else None)
    with open_session(offline=True) as session:
        # (a query's qualifiers, `org:google`, filter as the options do: `views.Search`)
        flt = make_filter(session, views.Search(query=query, filters=filters).filter_options())
        limit = views.limit_for(session, out.limit, "export")
        sort_by = out.sort if out.sort != "trending" else None
        store = session.store()
        # Hidden papers leave an export too (views.hidden_ids); --hidden keeps them, marked.
        hidden = views.hidden_ids(session)[0]
        drop = set() if out.hidden else hidden
        marked = {pid: {"hidden": True} for pid in hidden} if out.hidden else {}
        left_out: set[str] = set()  # the hidden papers that passed the filters
        unhad = None  # ids named (`papers export ID...`) that the library lacks
        # Your papers (--starred, --tag, --noted) the library lacks, as `papers starred`
        # lists them: from the records the user database keeps (after `cache clear`)
        kept = [] if query else views.yours_kept(session, flt, drop)
        # Your noted or tagged papers it cannot include (noted or tagged offline, no copy
        # kept): said, as the --noted or --tag listing says them, not lost from a vault
        # without a word
        lacking = None if query else views.yours_left_out(session, flt, drop)
        if kept:
            # (few: your own papers; the library's that pass and the kept ones, one list)
            order = sort_by or "new"
            had = list(_without(store.browse_all(flt, sort=order), drop, left_out))
            shown = pipeline.run([*had, *kept], title="Papers", flt=flt, sort_by=order,
                                 limit=limit, rank=views.ranker(session)
                                 if order == "relevance" else None)
        elif query:
            # The search view's hits (hidden papers left out in the index's query unless
            # --hidden): streamed in relevance order, a top N kept for -n N in any order.
            got = views.with_taste(session, views.Search(
                query=query, sort=out.sort, limit=limit, hidden=out.hidden).collect(session, flt))
            got.title, got.about = f"Papers: {query}", ""
            unhad = got.missing
            asked = got.title
            shown = views.shown(session, got)
            if searching.ids_in(query) is not None and isinstance(shown.papers, list) \
                    and shown.title.startswith(asked):
                # Ids named: the title names those the document holds, not one it could
                # not have, a hidden one, one a filter or -n left out (its filters kept).
                held = " ".join(paper.id for paper in shown.papers)
                shown.title = ("Papers: " + held if held else "Papers") \
                    + shown.title[len(asked):]
            say(notes=got.notes)  # as a listing's: notes, not warnings
        elif limit and drop and sort_by != "relevance":
            # A page with papers hidden: read in order from the library's cursor, each hidden
            # one skipped as it comes, until N are kept. (Asked for N + every hidden paper,
            # the page read and decoded 3,000 rows for -n 20.) Counted as the library view
            # counts (a word filter within bounds), less the hidden papers that pass.
            order = sort_by or "new"
            counted = store.browse(flt, limit=1, sort=order)
            kept = _first(_without(store.browse_all(flt, sort=order), drop, set()), limit)
            total = max(counted.total - store.count_among(flt, drop), len(kept))
            shown = pipeline.run(kept, title="Papers", flt=flt, sort_by=None, limit=limit,
                                 total=total, at_least=not counted.exact)
        elif limit or sort_by == "relevance":
            # The library view's page (a word filter checked and counted within bounds,
            # relevance ranked as it streams), then the hidden papers left out.
            got = views.Library(sort=sort_by, limit=limit + len(drop) if limit else 0,
                                hidden=True).collect(session, flt)
            kept = [p for p in got.papers if p.id not in drop]
            if not limit:  # (a page cut by -n: a hidden paper on it may not have made it)
                left_out.update(p.id for p in got.papers if p.id in drop)
            # The count is of every paper that passes, the hidden ones too, on the page or
            # not: each hidden one that passes is taken off ("5 of 9,880" where the library
            # shows 9,879), all counted by one query.
            total = max((got.total or 0) - store.count_among(flt, drop), len(kept))
            shown = pipeline.run(kept, title="Papers", flt=flt, sort_by=None, limit=limit,
                                 total=total, extras=got.extras, at_least=got.at_least)
            shown.ranked = got.ranked
            # As a listing's: notes, not warnings; but not the view's line of your papers
            # the library lacks (hidden ones counted): `lacking` says it, once.
            said = views.yours_left_out(session, flt, set()) if flt.noted or flt.tags else None
            say(notes=[note for note in got.notes if note != said])
        else:
            # The whole library, streamed in SQL order: never all in memory.
            order = sort_by or "new"
            total = None
            if not flt.in_python and not drop:
                total = store.browse(flt, limit=1, sort=order)[1]  # the count, in SQL
            shown = pipeline.Shown(
                "Papers" + (f" · {flt.describe()}" if not flt.is_empty else ""),
                LazyPapers(lambda: _without(store.browse_all(flt, sort=order), drop,
                                            left_out), total))
        unknown = False  # every paper that passes the other filters left out so
        others = None  # else the line counting those known to have none
        if flt.has_model:  # as `papers search` says it: the papers it could not tell about
            from papercli import output

            view = (views.Search(query=query, hidden=out.hidden) if query
                    else views.Library(hidden=out.hidden))
            warnings, unknown, others = views.unknown_models(session, view, flt,
                                                             none=not len(shown.papers))
            for message in warnings:
                output.warn(message)
        if (flt.orgs or flt.tags or flt.authors or flt.categories or flt.noted
                or flt.starred) \
                and not len(shown.papers) and (
                reasons := views.why_none(session, flt)):  # (the last: why there are none)
            session.notices.extend(reasons[:-1])
            shown.empty = reasons[-1]
        if unhad and not len(shown.papers):  # (ids: a list) no empty file or document
            raise missing_error(unhad, none=True, output=out.output, done="exported")
        shown.extras.update(marked)
        _with_yours(session, shown.extras)
        if fmt in ("json", "jsonl"):  # what moves a library: every day it listed a paper
            for pid, days in store.listed_days().items():
                shown.extras.setdefault(pid, {})["listed_on"] = days
        if lacking:
            from papercli import output

            output.note(lacking)
        def why_none() -> str | None:
            """Why the export holds no paper, for a document's note or --split's line."""
            return (shown.empty or others or (shown.none_found if query else None)
                    or views.none_exported(session, flt, drop))

        if split is not None:
            _split(shown.papers, Path(split), out, title=shown.title, endpoint=session.endpoint,
                   extras=shown.extras, found=shown.found, why=None if unknown else why_none)
            if unhad:
                raise missing_error(unhad, none=False, output=None, done="exported")
            return
        if unknown:  # (the warning says why it holds none, as a listing's does)
            shown.none_found = None
        elif shown.empty is None:  # (said if it holds none: a document says nothing of it)
            shown.empty = why_none()
        # (what of yours the format leaves out is said there: `output.emit_papers`)
        none = emit(shown, out, session, fmt=fmt)
        if left_out and fmt in exporters.IMPORTABLE and not none:  # (none: said why)
            # Said, as `papers starred` says it: an export moving the library to another
            # machine would else lose them, and their hide marks, without a word. (Not of
            # a digest or a feed, which leave them out as every listing does.)
            from papercli import output
            from papercli.words import plural

            one = len(left_out) == 1
            output.note(f"{plural(len(left_out), 'hidden paper')} left out (--hidden "
                        f"includes {'it' if one else 'them'}, marked)")
        if unhad:  # after the papers it had, as `cat a missing b` fails
            raise missing_error(unhad, none=False, output=out.output, done="exported")


def _without(papers: "Iterable[Paper]", drop: set[str], dropped: set[str]
             ) -> "Iterator[Paper]":
    """`papers` but those in `drop`, each one left out added to `dropped`."""
    for paper in papers:
        if paper.id in drop:
            dropped.add(paper.id)
        else:
            yield paper


def _first(papers: "Iterator[Paper]", limit: int) -> "list[Paper]":
    """The first `limit` of `papers`, the reader closed after them."""
    from itertools import islice

    try:
        return list(islice(papers, limit))
    finally:
        close = getattr(papers, "close", None)
        if close is not None:
            close()


def _with_yours(session: "Session", extras: dict[str, dict[str, Any]]) -> None:
    """Every starred, read, tagged or noted paper's "starred_at", "read_at", "tags" and
    "note" (few: kept whole, whatever the export streams), so that a JSON export imported
    on another machine gives them back (exported.py); a star's "starred_order" too, its
    place in `papers starred`, which stars made in the same second come back in."""
    from papercli import reading, tags

    for pid, fields in reading.marks_of(session, None, every_read=True).items():
        extras.setdefault(pid, {}).update(fields)
    for pid, fields in tags.yours(session).items():
        extras.setdefault(pid, {}).update(fields)


def _split(papers: "Papers", folder: Path, out: OutputOptions, *, title: str,
           endpoint: str, extras: dict[str, dict[str, Any]] | None = None,
           found: int | None = None, why: Callable[[], str | None] | None = None) -> None:
    """The notes, then one line saying how many were written: "wrote 5 of 120 notes …
    (-n 5)" where -n cut the papers (`found`: how many there were before it), as an
    export to -o says it (no other limit cuts an export: not display.limit). None
    written: `why` says why there are none, as an export to a file says it ("no paper
    is tagged 'robotcs' (did you mean robotics?)": "no paper matched" said none of it)."""
    from papercli import clock, output
    from papercli.exporters import context
    from papercli.exporters.notes import write_notes
    from papercli.outfile import expand_home, printable_path

    if _none(papers):  # no empty folder left behind by a filter that matched nothing
        there = expand_home(folder)
        if there.exists() or there.is_symlink():
            from papercli.outfile import open_folder

            # (a file there is said as when papers matched: "was not created" was said of
            # a path that held one, and the next export with matches failed on it)
            open_folder(folder).close()
        made = "" if there.is_dir() else f", and {printable_path(folder)} was not created"
        reason = why() if why is not None else None
        if reason:  # (its own line, as an export to a file says it, then what was not done)
            output.note(reason)
        output.note(f"{'no' if reason else 'no paper matched:'} notes written{made}")
        return
    ctx = context("md", title=title, endpoint=endpoint, abstract=out.abstract,
                  generated_at=clock.now(), extras=extras or None, **out.doc())
    done = write_notes(papers, folder, ctx, force=out.force)
    if done.kept:
        from papercli.errors import fitting
        from papercli.sanitize import clean_line
        from papercli.words import plural

        # (the note's name and why made 219 columns: said shorter to fit 80)
        kept, one = plural(len(done.kept), "note"), len(done.kept) == 1
        it = "it" if one else "them"
        first = clean_line(done.kept_ids[0], 64)  # (the paper: its note's name is long)
        output.warn(fitting(
            f"kept {kept} with no marker line as {'it is' if one else 'they are'} "
            f"({done.kept[0]}{'' if one else ', …'}): papercli cannot tell its part from "
            "yours there; move the file aside to have it written again",
            f"kept {kept} without a marker line ({done.kept[0]}{'' if one else ', …'}): "
            f"move {it} aside to rewrite {it}",
            *((f"kept {first}'s note (no marker line): move it aside to rewrite it",
               f"kept {first}'s note (no marker): move it aside to rewrite it") if one else
              (f"kept {kept} ({first}'s, …) without a marker line: move them aside",)),
            f"kept {kept} without a marker line: move {it} aside to rewrite {it}",
            f"kept {kept} without a marker line: move aside to rewrite"))
    if done.both:  # (kept as you edited it: "already up to date" said nothing of that)
        from papercli.errors import fitting

        # ...and where the newer note is, to merge it in by hand (`papers show` prints it)
        first, many = done.both[0], f"{len(done.both):,} notes"
        output.warn(fitting(
            f"kept your edit in {first}'s note, not its newer papers note (papers show "
            f"{first} prints it)",
            f"kept your edit of {first}'s note (newer one: papers show {first})",
            f"kept your edit of {first}'s note (newer one: papers show ID)",
            f"kept your edit of {first}; its newer note: papers show ID")
            if len(done.both) == 1 else fitting(
            f"kept your edits in {many} ({first}, …), not their newer papers notes (papers "
            "show ID prints each)",
            f"kept your edits in {many} ({first}, …); newer ones: papers show ID",
            f"kept your edits in {many}; their newer ones: papers show ID",
            f"kept your edits in {many}: papers show ID has newer ones"))
    from papercli.words import number

    cut = len(papers) if found is not None else 0  # (a streamed export is not cut)
    of = found if found is not None and found > cut else None
    wrote = number(done.written) + (f" of {number(of)} notes" if of is not None
                                    else f" note{'s' if done.written != 1 else ''}")
    said = [f"{done.same:,} already up to date"] if done.same else []
    briefly = [f"{done.same:,} up to date"] if done.same else []
    mine = len(done.both) + len(done.kept)  # (each said in a warning above)
    if mine:
        said.append(f"{mine:,} kept as you edited {'it' if mine == 1 else 'them'}")
        briefly.append(f"{mine:,} kept")
    if of is not None:
        said.append(f"-n {cut}")
        briefly.append(f"-n {cut}")
    output.note(_wrote_to(wrote, done.folder, said, briefly))


def _wrote_to(wrote: str, folder: Path, said: list[str], briefly: list[str]) -> str:
    """"wrote 0 notes to FOLDER (1 kept as you edited it)" in a note's 80 columns where
    the counts in fewer words (`briefly`: "1 kept") make it fit: a usual home's
    /home/alice/Documents/papers-notes made 85 columns. The folder is said whole, as
    every "wrote" line says its file (`output.wrote`); a folder too long for any is said
    with the counts whole."""
    from papercli.errors import NOTE_ROOM, fitting
    from papercli.outfile import printable_path

    lines = [f"wrote {wrote} to {printable_path(folder)}"
             + (f" ({'; '.join(words)})" if words else "") for words in (said, briefly)]
    return fitting(*lines, lines[0], room=NOTE_ROOM)


def _none(papers: "Papers") -> bool:
    """Whether there is no paper, known from the first one (a streamed export is not
    counted whole for this); the reader is closed at once."""
    first = iter(papers)
    try:
        return next(first, None) is None
    finally:
        close = getattr(first, "close", None)
        if close is not None:
            close()
