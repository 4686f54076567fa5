"""today, day, week, month: the Daily Papers listings."""

from collections.abc import Callable
from typing import Annotated

import typer

from papercli.cli._common import (
    LISTING,
    FetchOptions,
    FilterOptions,
    OutputOptions,
    command,
    make_filter,
)

app = typer.Typer()


def run_listing(
    fetch: Callable[..., object],
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Shared body of every listing command: fetch-or-cache, filter, order, emit."""
    from papercli import core, output

    session = core.Session.create(offline=net.offline, refresh=net.refresh)
    try:
        flt = make_filter(session, filters)
        result = fetch(session)
        assert isinstance(result, core.ListingResult)
        for message in session.notices:
            output.warn(message)
        if result.stale:
            output.warn(result.stale)
        if result.skipped:
            output.warn(f"skipped {result.skipped} malformed item(s) in the Hub's answer")
        papers = flt.apply(result.papers)
        papers = core.order(papers, out.sort or session.config.get("display.sort"))
        limit = out.limit if out.limit is not None else session.config.get("display.limit")
        shown = papers[:limit] if limit else papers
        title = result.title + (f" · {flt.describe()}" if not flt.is_empty else "")
        caption = f"{len(shown)} of {len(papers)} papers" if len(shown) < len(papers) else (
            f"{len(papers)} papers")
        if result.fetched_at:
            caption += " · " + (
                "fetched now" if not result.from_cache
                else f"cached {core.describe_age(result.fetched_at)}"
            )
        output.emit_papers(
            shown, fmt=out.format, title=title, endpoint=session.endpoint,
            output_path=out.output, force=out.force, abstract=out.abstract, caption=caption,
        )
    finally:
        session.close()


@command(
    app, "today", *LISTING,
    example="papers today\npapers today --family LLaVA --sort upvotes\n"
    "papers today --format md -o today.md",
)
def today(*, filters: FilterOptions, out: OutputOptions, net: FetchOptions) -> None:
    """Today's Daily Papers (or the latest day that has any)."""
    from papercli import core

    run_listing(core.get_today, filters, out, net)


@command(app, "day", *LISTING, example="papers day 2024-01-02\npapers day yesterday --json")
def day(
    date: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, today or yesterday.")],
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """The Daily Papers listing of one day."""
    from papercli import core
    from papercli import periods as P

    period = P.day(P.parse_date(date))
    run_listing(lambda s: core.get_listing(s, period), filters, out, net)


@command(app, "week", *LISTING, example="papers week\npapers week 2024-W05 --sort upvotes -n 10")
def week(
    value: Annotated[str | None, typer.Argument(
        metavar="[YYYY-Www]", help="ISO week; default: the current week.")] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Every paper of an ISO week."""
    from papercli import clock, core
    from papercli import periods as P

    period = P.parse_week(value) if value else P.week_of(clock.today())
    run_listing(lambda s: core.get_listing(s, period), filters, out, net)


@command(app, "month", *LISTING, example="papers month\npapers month 2024-03 --family Qwen")
def month(
    value: Annotated[str | None, typer.Argument(
        metavar="[YYYY-MM]", help="Month; default: the current month.")] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Every paper of a month."""
    from papercli import clock, core
    from papercli import periods as P

    period = P.parse_month(value) if value else P.month_of(clock.today())
    run_listing(lambda s: core.get_listing(s, period), filters, out, net)
