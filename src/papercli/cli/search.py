"""search and families: finding papers about your models and topics."""

from typing import Annotated

import typer

from papercli.cli import handlers
from papercli.cli._common import (
    LISTING,
    FetchOptions,
    FilterOptions,
    JsonFlag,
    OutputOptions,
    command,
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
    authors) are merged into one ranked list. Without QUERY no network is used.
    """
    handlers.search(words, filters=filters, out=out, net=net)


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
