"""arxiv: the latest arXiv announcement of the categories you follow, or the papers
submitted on some days (the API), as a listing."""

from typing import Annotated

import typer

from papercli.cli._common import (
    FETCH,
    FILTERS,
    OUTPUT,
    FetchOptions,
    FilterOptions,
    OutputOptions,
    command,
    emit,
    open_session,
    say,
)
from papercli.cli.completion import category_names, day_words

app = typer.Typer()

# --since/--until here choose the days arXiv's API is asked for (not only a filter on the
# arXiv date, as in the other listings).
ARXIV_FILTERS = FILTERS.with_help(
    since="Ask arXiv's API for the papers submitted from DATE on (YYYY-MM-DD; a month "
          "YYYY-MM or aug 2026, or an ISO week YYYY-Www, from its first day; yesterday, "
          "last week; or back from today: 7d, 2w, 3mo; UTC), instead of the latest "
          "announcement; up to --until, or today.",
    until="With --since: the last day arXiv's API is asked for, inclusive (default: "
          "today).")


@command(
    app, "arxiv", ARXIV_FILTERS, OUTPUT, FETCH,
    example="papers config set sources.arxiv cs.CL,cs.CV\npapers arxiv\n"
    "papers arxiv cs.LG --new-only --sort new\npapers arxiv hep-th --format md -o hep.md\n"
    "papers arxiv cs.CL --date 2024-01-15\n"
    "papers arxiv cs.CV --since 2024-01-08 --until 2024-01-12",
)
def arxiv(
    categories: Annotated[list[str] | None, typer.Argument(
        metavar="[CATEGORY]...", autocompletion=category_names,
        help="arXiv categories (cs.CL) or archives (hep-th); default: the followed ones "
             "(sources.arxiv).")] = None,
    *,
    new_only: Annotated[bool, typer.Option(
        "--new-only", help="Leave out cross-lists and replacements.")] = False,
    on_date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE", autocompletion=day_words,
        help="Papers submitted on that day (YYYY-MM-DD, today, yesterday; UTC), from "
             "arXiv's API instead of the announcement; --since [--until] asks it for "
             "those days.")] = None,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """arXiv's latest announcement of some categories (one request for all of them).

    Each paper is listed once, and stored in the library beside what the Hub knows of it.
    On weekends and holidays arXiv announces nothing: the listing is empty and says so.
    With --date, or --since (to --until or today), arXiv's API is asked for the papers
    submitted on those days instead (paged, each paper once), kept like a listing for
    --offline; more than 10,000 is refused (store them with `papers sync --arxiv`).
    """
    from papercli import arxiv_listing, views  # lazy: only when the command runs
    from papercli.errors import UsageError
    from papercli.periods import parse_date
    from papercli.sources import arxiv_taxonomy

    if any(word.lower() == "help" for word in categories or []):
        # `papers arxiv help` read "help" as a category ("did you mean hep-th, hep-ph?"):
        # a stray help as the other commands say it (`failures.usage_error`)
        raise UsageError("help goes first", hint="did you mean papers help arxiv?")
    out.refuse_unused(out.format)
    # A usage error before any I/O (a paper's id among them said to be one)
    names = tuple(arxiv_taxonomy.validate(categories or []))
    blank = next((c for c in categories or [] if not arxiv_taxonomy.split_names(c)), None)
    if blank is not None:
        # `papers arxiv "$CAT"` with nothing in it listed the followed categories
        # without a word, as if none were given (`sync --arxiv ''` refuses it)
        from papercli.sanitize import quoted

        error = UsageError(f"{quoted(blank)} names no arXiv category",
                           hint="name one (papers arxiv cs.CL), or none for the followed ones")
        error.shorter = [(error.message, "e.g. papers arxiv cs.CL")]  # (in 80 columns)
        raise error
    day = parse_date(on_date, option="--date") if on_date is not None else None
    arxiv_listing.check_days(day, filters.since, filters.until)
    view = views.ArxivAnnouncement(categories=names, new_only=new_only, filters=filters,
                                   sort=out.sort, limit=out.limit, table=out.table,
                                   hidden=out.hidden, day=day)
    with open_session(net) as session:
        got = views.gather(session, view)
        say(got.warnings, got.notes)
        emit(views.hinted(views.shown(session, got), out.limit), out, session)
