"""export: the library, filtered, as a document."""

from typing import Annotated

import typer

from papercli.cli._common import (
    FILTERS,
    OUTPUT,
    FilterOptions,
    OutputOptions,
    command,
    make_filter,
)

app = typer.Typer()


@command(
    app, "export", FILTERS, OUTPUT,
    example="papers export --family LLaVA --since 2024-03-01 -o llava.md\n"
    "papers export quantization --format bibtex -o refs.bib\n"
    "papers export --min-upvotes 50 --format csv > popular.csv",
)
def export(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[QUERY]...", help="Optional full-text query over the library.")] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
) -> None:
    """Write library papers as Markdown (default), JSON, CSV or BibTeX.

    Works on the local library only, never the network: the same filters and query
    syntax as `papers search`, no default limit, newest first unless --sort says otherwise.
    """
    from papercli import core, output
    from papercli import search as S

    query = " ".join(words or []).strip()
    fmt = out.format if out.explicit_format else "md"
    session = core.Session.create(offline=True)
    try:
        flt = make_filter(session, filters)
        for message in session.notices:
            output.warn(message)
        if query:
            papers = S.search(session, query, flt).papers
            title = f"Papers: {query}"
        else:
            papers, _ = S.browse(session.store(), flt, limit=out.limit or None,
                                 sort=out.sort or "trending")
            title = "Papers"
        if query and out.sort and out.sort != "trending":
            papers = core.order(papers, out.sort)
        if query and out.limit:
            papers = papers[: out.limit]
        if not flt.is_empty:
            title += f" · {flt.describe()}"
        output.emit_papers(
            papers, fmt=fmt, title=title, endpoint=session.endpoint, output_path=out.output,
            force=out.force, abstract=out.abstract,
        )
    finally:
        session.close()
