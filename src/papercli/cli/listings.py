"""today, day, week, month: the Daily Papers listings (bodies in `handlers`)."""

from typing import Annotated

import typer

from papercli.cli import handlers
from papercli.cli._common import LISTING, FetchOptions, FilterOptions, OutputOptions, command

app = typer.Typer()


@command(
    app, "today", *LISTING,
    example="papers today\npapers today --family LLaVA --sort upvotes\n"
    "papers today --format md -o today.md",
)
def today(*, filters: FilterOptions, out: OutputOptions, net: FetchOptions) -> None:
    """Today's Daily Papers (or the latest day that has any)."""
    handlers.today(filters=filters, out=out, net=net)


@command(app, "day", *LISTING, example="papers day 2024-01-02\npapers day yesterday --json")
def day(
    date: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, today or yesterday.")],
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """The Daily Papers listing of one day."""
    handlers.day(date, filters=filters, out=out, net=net)


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
    handlers.week(value, filters=filters, out=out, net=net)


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
    handlers.month(value, filters=filters, out=out, net=net)
