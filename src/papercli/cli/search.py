"""search and families: finding papers about your models and topics."""

from typing import Annotated

import typer

from papercli.cli._common import (
    LISTING,
    FetchOptions,
    FilterOptions,
    JsonFlag,
    OutputOptions,
    command,
    make_filter,
)

app = typer.Typer()
DEFAULT_SEARCH_LIMIT = 50


@command(
    app, "search", *LISTING,
    example='papers search llava\npapers search "visual instruction" quant* --since 2024-01-01\n'
    "papers search --family LLaVA --since 2024-03-01 --format md -o llava.md",
)
def search(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[QUERY]...",
        help='Words (all must match), "a phrase", or a prefix*. Without QUERY, '
        "browse the library through the filters.")] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Search the Hub and your library together, or browse the library.

    Hub results and local full-text hits (bm25 over title, abstract, AI keywords and
    authors) are merged into one ranked list. Without QUERY no network is used.
    """
    from papercli import core, output
    from papercli import search as S

    query = " ".join(words or []).strip()
    session = core.Session.create(offline=net.offline, refresh=net.refresh)
    try:
        flt = make_filter(session, filters)
        limit = out.limit if out.limit is not None else (
            session.config.get("display.limit") or DEFAULT_SEARCH_LIMIT)
        for message in session.notices:
            output.warn(message)
        if query:
            result = S.search(session, query, flt, limit or None)
            if result.stale:
                output.warn(result.stale)
            if result.skipped:
                output.warn(f"skipped {result.skipped} malformed item(s) in the Hub's answer")
            papers = result.papers
            if out.sort and out.sort != "trending":
                papers = core.order(papers, out.sort)
            total = len(papers)
            shown = papers[:limit] if limit else papers
            title = f"Search: {query}"
            caption = f"{result.remote} from the Hub, {result.local} in the library"
        else:
            shown, total = S.browse(session.store(), flt, limit=limit or None,
                                    sort=out.sort or "trending")
            title = "Library"
            caption = "from the local library"
        if not flt.is_empty:
            title += f" · {flt.describe()}"
        count = f"{len(shown)} of {total}" if len(shown) < total else str(total)
        output.emit_papers(
            shown, fmt=out.format, title=title, endpoint=session.endpoint,
            output_path=out.output, force=out.force, abstract=out.abstract,
            caption=f"{count} papers · {caption}",
        )
    finally:
        session.close()


@command(app, "families", example="papers families\npapers families --json")
def families(*, as_json: JsonFlag = False) -> None:
    """Model families, their aliases, and how many papers name each.

    Built-in families plus those defined under [families.NAME] in the config file.
    """
    from papercli import core, output

    session = core.Session.create(offline=True)
    try:
        rows = core.family_counts(session)
    finally:
        session.close()
    for message in session.notices:
        output.warn(message)
    if as_json:
        output.emit_json(rows)
    else:
        output.print_families(rows)
