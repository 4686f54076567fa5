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


@command(app, "orgs", example="papers orgs\npapers orgs --json")
def orgs(*, as_json: JsonFlag = False) -> None:
    """Organizations in the library and how many papers each has (no network).

    The Hub names the organization behind a paper since 2025-10; filter by it with
    --org NAME (its Hub name or display name) on any listing, search or export.
    """
    from papercli import core, output

    session = core.Session.create(offline=True)
    try:
        rows = core.org_counts(session)
    finally:
        session.close()
    for message in session.notices:
        output.warn(message)
    if as_json:
        output.emit_json(rows)
        return
    if not rows:
        output.write_stdout("No organizations in the library yet (the Hub names them on "
                            "papers listed since 2025-10).\n")
        return
    from papercli.output import cell_width, pad
    from papercli.sanitize import clean_line

    names = [clean_line(r["name"] or "", 100) for r in rows]
    fulls = [clean_line(r["fullname"] or "", 100) for r in rows]
    counts = [str(r["papers"]) for r in rows]
    w_name = max(4, *(cell_width(n) for n in names))
    w_count = max(6, *(len(c) for c in counts))
    lines = [f"{pad('Name', w_name)}  {pad('Papers', w_count, right=True)}  Organization"]
    for name, full, count in zip(names, fulls, counts, strict=True):
        lines.append(f"{pad(name, w_name)}  {pad(count, w_count, right=True)}  {full}")
    output.write_stdout("\n".join(lines) + "\n")
