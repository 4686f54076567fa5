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
    open_session,
)

app = typer.Typer()


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
    authors) are merged into one ranked list (its order is "trending" here); --sort
    reorders every hit before --limit cuts. Without QUERY no network is used.
    """
    from papercli import pipeline
    from papercli import search as searching
    from papercli.cli.listings import warn_fetch

    query = " ".join(words or []).strip()
    with open_session(net) as session:
        flt = make_filter(session, filters)
        limit = pipeline.limit_for(session, out.limit, "search")
        sort_by = out.sort if out.sort != "trending" else None
        if query:
            # Relevance order can stop at the limit; any other order needs every hit.
            result = searching.search(session, query, flt, None if sort_by else limit or None)
            warn_fetch(result.stale, result.skipped)
            shown = pipeline.run(
                session, result.papers, title=f"Search: {query}", flt=flt, sort_by=sort_by,
                limit=limit, total=max(result.total, len(result.papers)),
                about=f"{result.remote:,} from the Hub, {result.local:,} in the library")
        else:
            papers, total = session.store().browse(
                flt, limit=None if sort_by == "relevance" else limit or None,
                sort=sort_by or "new")
            shown = pipeline.run(session, papers, title="Library", flt=flt,
                                 sort_by=sort_by if sort_by == "relevance" else None,
                                 limit=limit, total=total, about="from the local library")
        pipeline.emit(shown, out, session.endpoint)


@command(app, "families", example="papers families\npapers families --json")
def families(*, as_json: JsonFlag = False) -> None:
    """Model families, their aliases, and how many papers name each.

    Built-in families plus those defined under [families.NAME] in the config file.
    """
    from papercli import library, output

    with open_session(offline=True) as session:
        rows = library.family_counts(session)
    if as_json:
        output.emit_json(rows)
    else:
        output.print_families(rows)


@command(app, "orgs", example="papers orgs\npapers orgs --json")
def orgs(*, as_json: JsonFlag = False) -> None:
    """Organizations in the library and how many papers each has (no network).

    The Hub names the organization behind a paper since 2025-10; filter by it with
    --org NAME (its Hub name or display name) on any listing, search or export.
    """
    from papercli import library, output

    with open_session(offline=True) as session:
        rows = library.org_counts(session)
    if as_json:
        output.emit_json(rows)
        return
    if not rows:
        output.write_stdout("No organizations in the library yet (the Hub names them on "
                            "papers listed since 2025-10).\n")
        return
    output.print_columns([[r["name"] or "", str(r["papers"]), r["fullname"] or ""]
                          for r in rows], header=["Name", "Papers", "Organization"], right=[1])
