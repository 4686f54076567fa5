"""trends: papers per week or month by model family, organization, AI keyword or word."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papercli import config
from papercli.cli._common import (
    FILTERS,
    OUTPUT_FILE,
    FilterOptions,
    NoPager,
    _Checked,
    command,
    open_session,
)
from papercli.cli.options import FORCE, JSON

if TYPE_CHECKING:
    from datetime import date

    from papercli.trends import Trends

app = typer.Typer()

# The listing filters, but not their --since/--until: here those bound the chart's range.
TREND_FILTERS = FILTERS.without("since", "until")


# Enums of plain strings: click checks a value ("'x' is not one of …", exit 2) and Tab
# offers them. The core's own tuples (papercli.trends.BY, EVERY): the core loads lazily.
class Row(StrEnum):
    FAMILY = "family"
    ORG = "org"
    KEYWORD = "keyword"


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    DAY = "day"


class Format(StrEnum):
    CHART = "chart"
    JSON = "json"
    CSV = "csv"


MAX_TOP = 100  # papercli.trends.MAX_TOP (the core loads lazily)


def parse_top(text: str) -> int:
    """--top: 0 (all rows, as -n 0 is everywhere else: the chart's MAX_TOP) to MAX_TOP.
    COUNT's "a whole number, 0 or more" sent `-n -1` to `-n 0`, which the range then
    refused; and -n 0 was refused here alone ("1 to 100")."""
    return config.parse_whole(text, 0, MAX_TOP)


TOP = _Checked(parse_top, f"a whole number, 0 to {MAX_TOP}", f"a whole number up to {MAX_TOP}")

By = Annotated[Row | None, typer.Option(
    "--by", "-b", case_sensitive=False, show_default=False,
    help="What a row is: a model family (the default), an organization (Hub name) or an "
         "AI keyword (the Hub's keywords, spellings merged: LLMs, large language "
         "model(s)). Words given are the rows instead.")]
Words = Annotated[list[str] | None, typer.Argument(
    metavar="[WORD]...", show_default=False,
    help='Rows of your own: each WORD (or "a phrase") counts the papers holding it as '
         "--keyword reads a word: whole, in the title, abstract or AI keywords "
         "(papers trends llava 'video generation').")]
Every = Annotated[Period, typer.Option(
    "--every", "-e", case_sensitive=False, show_default=False,
    help="The period a column counts: week, month (the default) or day.")]
FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", case_sensitive=False,
    help="chart (default), json or csv: the series, with each period's coverage.")]


@command(
    app, "trends", TREND_FILTERS,
    example="papers trends\npapers trends llava 'video generation' --since 1y\n"
            "papers trends --by org --every week --since 2025-09-01\n"
            "papers trends --by keyword --top 12 --source arxiv --format csv",
)
def trends(
    words: Words = None,
    *,
    by: By = None,
    every: Every = Period.MONTH,
    start: Annotated[str | None, typer.Option(
        "--since", metavar="DATE",
        help="The first day counted (YYYY-MM-DD; a month YYYY-MM or aug 2026, a year YYYY "
             "or an ISO week YYYY-Www; yesterday, last week; or back from today: 2w, 6mo, "
             "1y; back to its period's start). A paper's day here is its Daily Papers day, "
             "else its arXiv date (with --source arxiv alone, its arXiv date; search's --since "
             "reads the arXiv date alone). "
             "Default: this month and the five before (--every week: this week and the 25 "
             "before; --every day: the last 30 days, today among them).")] = None,
    end: Annotated[str | None, typer.Option(
        "--until", metavar="DATE",
        help="The last day counted, inclusive (default: today; on to the end of its period, "
             "as --since goes back to its start).")] = None,
    top: Annotated[int | None, typer.Option(
        "--top", "-t", "-n", metavar="N", click_type=TOP,
        help=f"Rows: the N with the most papers in the range (default 8; 0: all, up to "
             f"{MAX_TOP}).")] = None,
    fmt: FormatOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON.help)] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", click_type=OUTPUT_FILE,
        help="Write json or csv to FILE (atomically); the format follows its extension "
             "(`-o -`: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE.help)] = False,
    no_pager: NoPager = False,
    filters: FilterOptions,
) -> None:
    """Papers per month, week or day by family, organization, AI keyword or word (no network).

    Counts are exact over the library: a paper counts on its Daily Papers day, or on its
    arXiv date when the Hub never listed it (or with --source arxiv alone). A period with
    no cached listing is drawn · (not cached), never as zero; the caption says which days
    the library covers. Papers you hid are counted too (a trend is of what was listed,
    where `families` leaves them out; the caption says how many, JSON's "hidden").
    """
    from papercli import chart, periods
    from papercli import output as shown
    from papercli import trends as core
    from papercli.criteria import dates_in_order

    if output is not None and str(output) == "-":  # stdout, as every listing's -o reads it
        output = None
    chosen = _format(fmt, as_json, output)
    first = periods.parse_date(start, option="--since", bound="start") if start else None
    last = periods.parse_date(end, option="--until", bound="end") if end else None
    dates_in_order(first, last)
    with open_session(offline=True) as session:
        result = core.compute(session, by=None if by is None else str(by), every=str(every),
                              since=first, until=last,
                              top=None if top is None else top or MAX_TOP,
                              filters=filters, words=words or ())
    if first is not None:
        _whole_period(first, last, result.since, result.until, str(every))
    if top == 0 and len(result.series) == MAX_TOP:  # -n 0: all the chart can hold
        shown.note(f"the {MAX_TOP} rows with the most papers: a chart holds no more")
    if result.models_unknown:  # as a listing's --has-model says it (views.unknown_models)
        from papercli.views import models_unknown

        shown.warn(models_unknown(result.models_unknown))
    # No paper in the range: no chart of zeros, but why on stderr (unless the warning said
    # it); json and csv are still the documents asked for, as a listing's `[]`.
    why = None if result.models_unknown else _why_empty(result)
    if chosen == "chart":
        if result.papers:
            shown.print_trends(result, pager=not no_pager)
        elif why:
            shown.nothing_listed("trends", why)
        return
    if chosen == "json":
        import json

        text = json.dumps(result.as_json(), ensure_ascii=False, indent=2,
                          allow_nan=False) + "\n"
    else:
        from papercli.exporters.csvfmt import BOM

        # A file starts with a byte-order mark, as a listing's CSV does: Excel reads one
        # without it in the legacy code page, garbling a keyword or an organization's name.
        text = ("" if output is None else BOM) + chart.csv_text(result)
    if output is None:
        shown.write_document(text, chosen)
        if why:
            shown.nothing_listed("trends", why)
        return
    from papercli.outfile import write_output

    write_output(output, text, force=force)
    if why:  # (once written: not before a file's error)
        shown.nothing_listed("trends", why)
    shown.wrote("the trends", output)


def _why_empty(result: "Trends") -> str | None:
    """Why there is nothing to chart, in the first of the core's ways to say it that
    fits the 80-column note line (else the shortest: a terminal wraps it)."""
    from papercli.cli.failures import fitted

    ways = [(way, None) for way in result.why_empty_ways()]
    return fitted(ways, ways[-1], lead="")[0] if ways else None


def _whole_period(first: "date", last: "date | None", since: "date", until: "date",
                  every: str) -> None:
    """Say so when the days asked for lie inside one period, which is counted whole:
    `--since 2026-08-14 --until 2026-08-14` (or `--since 2w`) drew all of August under
    its name, read as that day's papers."""
    from papercli import clock
    from papercli import output as shown
    from papercli import trends as core

    end = min(last or clock.today(), clock.today())
    if core.period_start(first, every) != core.period_start(end, every) or \
            (first, end) == (since, until):
        return
    finer = "--every day counts single days" if every == "week" else \
        "--every day or week counts part of one"
    asked = str(first) if first == end else f"{first} to {end}"
    from papercli.cli.failures import fitted

    # (fitted to 80 columns: with the finer periods named it made 121)
    whole, lies = f"{asked} is within one {every}", f"{asked} lies in one {every}"
    ways = [f"{whole}: counted whole, {since} to {until} ({finer})",
            f"{whole}, counted whole (--every day: single days)",
            f"{lies}, counted whole (--every day)",
            f"{whole}: counted whole, {since} to {until}", f"{lies}, counted whole"]
    shown.note(fitted([(way, None) for way in ways], (ways[-1], None), lead="")[0])


def _format(fmt: Format | None, as_json: bool, path: Path | None) -> str:
    from papercli.errors import UsageError

    chosen = None if fmt is None else str(fmt)
    if as_json:
        if chosen not in (None, "json"):
            raise UsageError(f"--json conflicts with --format {chosen}",
                             hint="give one of them")  # (89 columns, both named again)
        chosen = "json"
    if chosen is None and path is not None:
        chosen = {".json": "json", ".csv": "csv"}.get(path.suffix.lower())
        if chosen is None:  # worded as a listing's -o says it
            from papercli.cli.options import unknown_format

            raise unknown_format(path, "name it .json or .csv, or give --format json|csv",
                                 "name it .json or .csv, or give --format json|csv",
                                 "name it .json or .csv, or give --format",
                                 "name it .json or .csv",
                                 bare="name it .json or .csv, or give --format")
    chosen = chosen or "chart"
    if chosen == "chart" and path is not None:
        raise UsageError("--output writes json or csv", hint="add --format json or csv")
    return chosen
