"""today, day, week, month: the Daily Papers listings, through the listing pipeline."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli._common import (
    LISTING,
    FetchOptions,
    FilterOptions,
    OutputOptions,
    command,
    make_filter,
    open_session,
)
from papercli.words import plural

if TYPE_CHECKING:
    from papercli.listings import ListingResult
    from papercli.session import Session

app = typer.Typer()


@command(
    app, "today", *LISTING,
    example="papers today\npapers today --family LLaVA --sort upvotes\n"
    "papers today --format md -o today.md",
)
def today(*, filters: FilterOptions, out: OutputOptions, net: FetchOptions) -> None:
    """Today's Daily Papers (or the latest day that has any)."""
    from papercli import listings

    _listing(listings.get_today, filters, out, net)


@command(app, "day", *LISTING, example="papers day 2024-01-02\npapers day yesterday --json")
def day(
    date: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, today or yesterday.")],
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """The Daily Papers listing of one day."""
    from papercli import listings, periods

    period = periods.day(periods.parse_date(date))
    _listing(lambda s: listings.get_listing(s, period), filters, out, net)


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
    from papercli import clock, listings, periods

    period = periods.parse_week(value) if value else periods.week_of(clock.today())
    _listing(lambda s: listings.get_listing(s, period), filters, out, net)


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
    from papercli import clock, listings, periods

    period = periods.parse_month(value) if value else periods.month_of(clock.today())
    _listing(lambda s: listings.get_listing(s, period), filters, out, net)


def _listing(
    gather: Callable[["Session"], "ListingResult"],
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Every listing: gather (fetch-or-cache), filter, then the pipeline sorts, cuts and
    emits."""
    from papercli import listings, pipeline

    with open_session(net) as session:
        flt = make_filter(session, filters)
        result = gather(session)
        warn_fetch(result.stale, result.skipped)
        shown = pipeline.run(
            session, flt.apply(result.papers), title=result.title, flt=flt,
            sort_by=out.sort or session.config.get("display.sort"),
            limit=pipeline.limit_for(session, out.limit), about=listings.provenance(result))
        pipeline.emit(shown, out, session.endpoint)


def warn_fetch(stale: str | None, skipped: int) -> None:
    """What a fetch had to put up with: a cached copy instead, or bad items left out."""
    from papercli import output

    if stale:
        output.warn(stale)
    if skipped:
        output.warn(f"skipped {plural(skipped, 'malformed item')} in the Hub's answer")
