"""today, day, week, month: the Daily Papers listings, through the listing pipeline."""

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
    period_split,
    say,
)
from papercli.cli.completion import day_words, period_words

app = typer.Typer()


@command(
    app, "today", *LISTING,
    example="papers today\npapers today --family LLaVA --sort upvotes\n"
    "papers today --format md -o today.md",
)
def today(*, filters: FilterOptions, out: OutputOptions, net: FetchOptions) -> None:
    """Today's Daily Papers (or the latest day that has any).

    Today is the UTC day, as the Hub dates its listings: west of UTC, from the afternoon
    or evening on, that is already tomorrow, which has nothing yet, so the latest day is
    shown.
    """
    _listing("today", None, filters, out, net)


# `papers week last week`, `papers month aug 2026`: the words the shell split of one period
# reach the command (`_extra_words`), not Click's "extra argument" with "see --help".
WORDS = {"allow_extra_args": True}


@command(app, "day", *LISTING, example="papers day 2024-01-02\npapers day yesterday --json",
         context_settings=WORDS)
def day(
    ctx: typer.Context,
    date: Annotated[str, typer.Argument(
        metavar="DATE",
        help="YYYY-MM-DD, today, yesterday, 3d (days ago) or a weekday (friday: the latest; "
             "'last friday': before today).",
        autocompletion=day_words)],
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """The Daily Papers listing of one day."""
    _extra_words(ctx, "day", date)
    _listing("day", date, filters, out, net)


@command(app, "week", *LISTING,
         example="papers week\npapers week last\npapers week 2024-W05 --sort upvotes -n 10",
         context_settings=WORDS)
def week(
    ctx: typer.Context,
    value: Annotated[str | None, typer.Argument(
        metavar="[YYYY-Www]", help="ISO week, W34 (its number), a date in it, this or last; "
        "default: this week.",
        autocompletion=period_words)] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Every paper of an ISO week."""
    _extra_words(ctx, "week", value)
    _listing("week", value, filters, out, net)


@command(app, "month", *LISTING,
         example="papers month\npapers month last\npapers month 2024-03 --family Qwen",
         context_settings=WORDS)
def month(
    ctx: typer.Context,
    value: Annotated[str | None, typer.Argument(
        metavar="[YYYY-MM]",
        help="Month, aug 2026 or aug, a date in it, this or last; default: this month.",
        autocompletion=period_words)] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Every paper of a month."""
    _extra_words(ctx, "month", value)
    _listing("month", value, filters, out, net)


def _extra_words(ctx: typer.Context, kind: str, given: str | None) -> None:
    """Words after a period's argument: where with it they name one period (`papers week
    last week`, `papers month aug 2026`, `papers day 3 days ago`), what to do, quote them
    as one, as `papers browse week last week` says it; any other words as any command's
    extra argument is said. It said "extra argument 'week' — see 'papers week --help'",
    whose help names `last` and `YYYY-MM`, not how to give the words the shell split."""
    words = list(ctx.args)
    if not words:
        return
    if given is not None and given.strip() and all(word.strip() for word in words):
        split = period_split(kind, [given, *words], f"papers {kind}")
        if split is not None:
            raise split
    # (Click's own words, for the one place that says every command's extra argument)
    ctx.fail(f"Got unexpected extra argument{'s' if len(words) > 1 else ''} "
             f"({' '.join(words)})")


def _listing(period: str, arg: str | None, filters: FilterOptions, out: OutputOptions,
             net: FetchOptions) -> None:
    """Every listing: the view gathers (fetch-or-cache) and filters, the pipeline sorts,
    cuts and captions, the output owner emits."""
    from papercli import views  # lazy: only when the command runs

    out.refuse_unused(out.format)  # a usage error before the network: --md-tags -f csv
    view = views.Listing(period=period, arg=arg, filters=filters, sort=out.sort,
                         limit=out.limit, table=out.table, hidden=out.hidden)
    if period != "today":
        view.span()  # a bad DATE is a usage error before anything opens
    with open_session(net) as session:
        got = views.gather(session, view)
        say(got.warnings, got.notes)
        emit(views.hinted(views.shown(session, got), out.limit), out, session)
