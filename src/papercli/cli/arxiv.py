"""arxiv: the latest arXiv announcement of the categories you follow, as a listing."""

from typing import Annotated

import typer

from papercli.cli._common import (
    LISTING,
    FetchOptions,
    FilterOptions,
    OutputOptions,
    command,
    emit,
    open_session,
    say,
)

app = typer.Typer()


@command(
    app, "arxiv", *LISTING,
    example="papers config set sources.arxiv cs.CL,cs.CV\npapers arxiv\n"
    "papers arxiv cs.LG --new-only --sort new\npapers arxiv hep-th --format md -o hep.md",
)
def arxiv(
    categories: Annotated[list[str] | None, typer.Argument(
        metavar="[CATEGORY]...",
        help="arXiv categories (cs.CL) or archives (hep-th); default: the followed ones "
             "(sources.arxiv).")] = None,
    *,
    new_only: Annotated[bool, typer.Option(
        "--new-only", help="Leave out cross-lists and replacements.")] = False,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """arXiv's latest announcement of some categories (one request for all of them).

    Each paper is listed once, and stored in the library beside what the Hub knows of it.
    On weekends and holidays arXiv announces nothing: the listing is empty and says so.
    """
    from papercli import views  # lazy: only when the command runs
    from papercli.sources import arxiv_taxonomy

    names = tuple(arxiv_taxonomy.validate(categories or []))  # a usage error before any I/O
    view = views.ArxivAnnouncement(categories=names, new_only=new_only, filters=filters,
                                   sort=out.sort, limit=out.limit)
    with open_session(net) as session:
        got = views.gather(session, view)
        say(got.warnings)
        emit(views.shown(session, got), out, session.endpoint)
