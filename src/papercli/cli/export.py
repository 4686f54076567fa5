"""export: the library, filtered, as a document (streamed), or one note per paper."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli._common import (
    FILTERS,
    OUTPUT,
    FilterOptions,
    OutputOptions,
    command,
    make_filter,
)

if TYPE_CHECKING:
    from papercli.exporters import Papers

app = typer.Typer()


@command(
    app, "export", FILTERS, OUTPUT,
    example="papers export --family LLaVA --since 2024-03-01 -o llava.md\n"
    "papers export quantization --format bibtex -o refs.bib\n"
    "papers export --min-upvotes 50 --format csv -o popular.csv\n"
    "papers export --family Qwen --split ~/vault/papers --front-matter --md-tags",
)
def export(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[QUERY]...", help="Optional full-text query over the library.")] = None,
    split: Annotated[Path | None, typer.Option(
        "--split", metavar="DIR", file_okay=False,
        help="Write one Markdown note per paper into DIR (id + title slug; no-clobber "
        "unless --force).")] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
) -> None:
    """Write library papers as Markdown (default), JSON, CSV, BibTeX, a feed, a digest.

    Works on the local library only, never the network: the same filters and query
    syntax as `papers search`, no default limit, newest first unless --sort says otherwise.
    The whole library streams: papers are read and written one at a time.
    """
    from papercli import core, output
    from papercli import search as S
    from papercli.errors import UsageError
    from papercli.exporters import LazyPapers

    query = " ".join(words or []).strip()
    fmt = out.format if out.explicit_format else "md"
    if split is not None and fmt != "md":
        raise UsageError(f"--split writes Markdown notes, not {fmt}",
                         hint="drop --format, or drop --split")
    if split is not None and out.output is not None:
        raise UsageError("--split and --output cannot be combined",
                         hint="--split DIR writes one file per paper")
    session = core.Session.create(offline=True)
    try:
        flt = make_filter(session, filters)
        for message in session.notices:
            output.warn(message)
        papers: Papers
        if query:
            found = S.search(session, query, flt).papers
            title = f"Papers: {query}"
            if out.sort and out.sort != "trending":
                found = core.order(found, out.sort)
            papers = found[: out.limit] if out.limit else found
        elif out.limit:
            papers, _ = S.browse(session.store(), flt, limit=out.limit, sort=out.sort or "trending")
            title = "Papers"
        else:
            store, sort = session.store(), out.sort or "trending"
            total = None
            if not (flt.keywords or flt.excludes or flt.authors):
                _, total = S.browse(store, flt, limit=1, sort=sort)  # the count, in SQL
            papers = LazyPapers(lambda: S.browse_all(store, flt, sort=sort), total)
            title = "Papers"
        if not flt.is_empty:
            title += f" · {flt.describe()}"
        if split is not None:
            _split(papers, split, out, title=title, endpoint=session.endpoint)
            return
        output.emit_papers(
            papers, fmt=fmt, title=title, endpoint=session.endpoint, output_path=out.output,
            force=out.force, abstract=out.abstract, **out.doc(),
        )
    finally:
        session.close()


def _split(papers: "Papers", folder: Path, out: OutputOptions, *, title: str,
           endpoint: str) -> None:
    from papercli import clock, output
    from papercli.exporters import context
    from papercli.exporters.notes import write_notes

    ctx = context("md", title=title, endpoint=endpoint, abstract=out.abstract,
                  generated_at=clock.now(), **out.doc())
    where, count = write_notes(papers, folder, ctx, force=out.force)
    output.note(f"wrote {count} note{'s' if count != 1 else ''} to {where}")
