"""sync: fill the library with every listing in a date range."""

import re
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from papercli.cli._common import CONCURRENCY, Timeout, command, elapsed_column, progress_bar
from papercli.cli.completion import category_names, date_words, day_words
from papercli.cli.library import NoPrepare, prepare_ranking
from papercli.config import MAX_CONCURRENCY
from papercli.words import plural

if TYPE_CHECKING:
    from datetime import date

    from papercli.session import Session
    from papercli.sync import ArxivSyncResult, Opening, SyncEvent, SyncFailure, SyncResult

app = typer.Typer()


@command(
    app, "sync",
    example="papers sync --since 2024-01-01\n"
    "papers sync --since 2024-01-01 --until 2024-06-30 --concurrency 2\n"
    "papers sync --since 2025-03-01 --refresh --json\n"
    "papers sync --arxiv cs.CL --since 2024-01-01 --until 2024-12-31\n"
    "papers sync --arxiv cs.CL --date yesterday",
    # `papers sync 2024-01-01`, as the summary line read ("from DATE to today"), is said
    # as the --since it means, not "got unexpected extra argument(s)".
    context_settings={"allow_extra_args": True},
)
def sync(
    ctx: typer.Context,
    *,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", autocompletion=date_words,
        help="First day to fetch (YYYY-MM-DD; a month YYYY-MM or aug 2026, a year YYYY or "
             "an ISO week YYYY-Www from its first day; yesterday, last week; or back from "
             "today: 30d, 2w, 3mo; default: the day after the last day the library holds "
             "completely).")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", metavar="DATE", autocompletion=date_words,
        help="Last day to fetch (a month, year or week: its last day; default: today). "
             "Without --since, where the catch-up ends.")] = None,
    on_date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE", autocompletion=day_words,
        help="One day alone (YYYY-MM-DD, today, yesterday), as `papers day` and "
             "`arxiv --date` take it: --since DATE --until DATE.")] = None,
    concurrency: Annotated[int | None, typer.Option(
        "--concurrency", "-j", click_type=CONCURRENCY, metavar="N",
        help=f"Parallel requests, 1 to {MAX_CONCURRENCY} (default: network.concurrency, "
             "4).")] = None,
    refresh: Annotated[bool, typer.Option(
        "--refresh", help="Fetch every period again, even those already complete.")] = False,
    arxiv: Annotated[list[str] | None, typer.Option(
        "--arxiv", metavar="CATEGORY", autocompletion=category_names,
        help="Backfill this arXiv category from arXiv's API instead (repeatable).")] = None,
    timeout: Timeout = None,
    no_prepare: NoPrepare = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print a JSON summary on stdout.")] = False,
) -> None:
    """Fetch the Daily Papers listings since the library's last whole day, or --since.

    Without --since, it catches up: from the day after the last day the library holds
    completely (an empty library: the last 30 days) to --until or today, saying so first.
    --date D is that day alone, as --since D --until D, for either source.

    Whole months and weeks are fetched as one paginated listing each, a few at a time,
    paced under the Hub's rate limit. Periods already complete in the library are skipped
    (unless --refresh), so an interrupted sync resumes where it stopped. Progress goes to
    stderr; --json prints a summary on stdout.

    With --arxiv, the papers submitted in those arXiv categories are fetched from arXiv's
    API instead, a week per paged query at arXiv's one request every 3 seconds; each page
    is stored as it arrives, and days already stored completely are not asked again.

    When papers were added to a library of 2,000 or more that changed enough since
    `related` last learned from it, the model it ranks by is fitted at the end, under a
    status line on a terminal (seconds; --no-prepare leaves it to the first `related`).
    """
    from papercli import output, periods, sync, terminal
    from papercli.errors import UsageError
    from papercli.session import Session

    if ctx.args:  # (extra words are let through, to be said here: see `command` above)
        _refuse_words(list(ctx.args), since)
    _refuse_blank(since=since, until=until, date=on_date)
    start = periods.parse_date(since, option="--since", bound="start") if since else None
    end = periods.parse_date(until, option="--until", bound="end") if until else None
    if on_date is not None:  # (`sync --arxiv cs.CL --date D` was "no such option: --date")
        if since or until:  # (as `papers arxiv` says it)
            raise UsageError("--date is one day: give it or --since/--until, not both")
        start = end = periods.parse_date(on_date, option="--date")
        if start > _today():  # (said as "--since 2030-01-01 is in the future")
            raise periods.future(f"--date {start}")
    # (both lines fit 80 columns: they took 117 and 98, "papers sync --refresh needs
    # --since DATE — without --since, a sync fetches only what the library lacks")
    if refresh and start is None:  # the catch-up range holds nothing complete to refresh
        raise UsageError("--refresh needs --since", hint="e.g. papers sync --since 30d --refresh")
    if arxiv:
        if start is None:
            raise UsageError("--arxiv needs --since",
                             hint="e.g. --arxiv cs.CL --since 30d")
        if concurrency is not None:  # (it was taken and ignored without a word)
            output.warn("--concurrency is for the Hub: arXiv is asked once every 3 s")
        _sync_arxiv(arxiv, start, end, refresh=refresh, timeout=timeout, as_json=as_json,
                    no_prepare=no_prepare)
        return
    if start is None and end is not None:
        # Before the catch-up is worked out and said: `--until 2023-01-01` said "syncing
        # the 30 days up to 2023-01-01", then that nothing was listed then.
        sync.hub_opening().check_end(end)
    session = Session.create(refresh=refresh, timeout=timeout,
                             progress=terminal.hub_progress())
    progress = _Progress() if sys.stderr.isatty() else None
    if progress:  # what a fetch waits for, under the bar once it is drawn
        session.progress = progress.bar.status(session.progress)
    _ready(session, "papers sync fetches from the Hub")
    if start is None:
        start, empty = _catch_up(session, end)
        if empty and end is not None:  # complete past --until: said; nothing to run
            session.close()
            if as_json:  # (an empty range: from where a catch-up starts, to --until)
                output.emit_json(sync.SyncResult(start, end).to_dict())
            return
    try:
        start = _from_opening(sync.hub_opening(), start, end)
        result = sync.run_sync(
            session, start, end, refresh=refresh, concurrency=concurrency,
            on_plan=progress.start if progress else None,
            on_event=progress.update if progress else None,
        )
        _finish(session, progress, summary(result), result, as_json=as_json,
                no_prepare=no_prepare)
    finally:
        if progress:
            progress.stop()
        session.close()
    if result.interrupted:
        _stopped(result, _resumed_by(result, refresh=refresh))
    if not result.ok:
        _say_failed(result, refresh=refresh)
        raise typer.Exit(1)


def _say_failed(result: "SyncResult", *, refresh: bool) -> None:
    """A sync that left periods unfetched ends in which failed and why (a line each, under
    PAPERS_DEBUG, with the URL), the one command that fetches what is missing, and the
    error line. The range a failed sync covered, the periods it missed and how to get
    them back were nowhere but --json: "8 periods failed: the Hub answered HTTP 500 —
    sync again later" named neither the periods nor the dates to give again."""
    from papercli import output
    from papercli.errors import debugging

    if debugging():
        for failure in result.failures:
            said = failure.error.line()[0] if failure.error else failure.message
            output.note(f"{_period_name(failure.period)} failed: {said}")
    command = retry_command(result, refresh=refresh)
    if command:
        output.command_note("to retry", command)
    # (under --refresh the same command fetches every period again, from --since: the
    # line said "run the same command again" below the command that resumes it)
    output.error(*failure_line(result, above=refresh and command is not None))


def retry_command(result: "SyncResult", *, refresh: bool = False) -> str | None:
    """The sync that fetches every period this one did not store: from the first such
    period's first day to the last one's last day (`--until` left out when that is
    today), skipping those already complete between them. One day before today is
    `--date D`, as it was given ("--since D --until D" said the day twice)."""
    span = result.retry_range()
    if span is None:
        return None
    start, end = span
    if start == end < _today():
        words = ["papers", "sync", "--date", start.isoformat()]
    else:
        words = ["papers", "sync", "--since", start.isoformat()]
        if end < _today():
            words += ["--until", end.isoformat()]
    if refresh:
        words.append("--refresh")
    return " ".join(words)


def _today() -> "date":
    from papercli import clock

    return clock.today()


def _period_name(key: str) -> str:
    """A period as the user gives it ("2026-07", "2026-W33", "2026-08-19"), not its
    cache key ("month:2026-07")."""
    return key.partition(":")[2] or key


def _refuse_words(words: list[str], since: str | None) -> NoReturn:
    """Words after `papers sync`: a date is the first day, which --since takes (the help's
    first line said "from DATE to today", and `papers sync 2024-01-01` was "got unexpected
    extra argument(s)"); anything else, as any command's extra argument is said
    ("papers sync takes no argument, got 'cs.CL' — …" made 84 columns)."""
    from papercli import periods
    from papercli.cli.failures import unexpected
    from papercli.errors import PapersError, UsageError

    try:
        periods.parse_date(words[0], option="DATE", bound="start")
    except PapersError:
        message, hint = unexpected(" ".join(words), "see 'papers sync --help'")
        raise UsageError(message, hint=hint) from None
    if since is None and len(words) == 1:
        raise UsageError("a date goes after --since", hint=f"papers sync --since {words[0]}")
    raise UsageError("dates go after --since and --until", hint="see 'papers sync --help'")


def _refuse_blank(**given: str | None) -> None:
    """A --since or --until that holds no date (`--since "$START"`, the variable unset)
    is refused, as a search's `--since ''` is: taken as left out, a cron line's sync of
    the range it named was a catch-up without a word."""
    from papercli.errors import UsageError
    from papercli.sanitize import quoted

    for name, value in given.items():
        if value is not None and not value.strip():
            option = f"--{name}"
            raise UsageError(f"{option} {quoted(value)} holds no DATE",
                             hint=f"give one, or leave {option} out")


def _resumed_by(result: "SyncResult", *, refresh: bool) -> str:
    """The hint of a Hub sync cut short, and before it, with --refresh, the command that
    resumes it, as a failed sync's "to retry:" is said: the same command, which fetches
    every period again under --refresh, started over ("rerun it to resume"), the periods
    just fetched again fetched a third time."""
    from papercli import output


    command = retry_command(result, refresh=True) if refresh else None
    if command is None:
        return "periods fetched so far are kept; rerun it to resume"
    output.command_note("to resume", command)
    return "periods fetched so far are kept; resume as above"



def _stopped(result: Any, hint: str) -> NoReturn:
    """The line a sync cut short ends with: "interrupted" (exit 130) for Ctrl-C, and
    "terminated" (143) for SIGTERM (`kill`, a service manager), as every command says
    them: a terminated sync said "interrupted" and exited 130. `hint` fits the line in 80
    columns ("every period fetched so far is kept; run the same command to resume" made
    it 97, two rows on a terminal)."""
    from papercli import output
    from papercli.cli.failures import stopped

    word, code = stopped(result.interruption)
    output.error(word, hint)
    raise typer.Exit(code)


def _finish(session: "Session", progress: "_Bar | None", line: str, result: Any, *,
            as_json: bool, no_prepare: bool) -> None:
    """A sync's end, either source: the bar erased, the summary `line`, the JSON asked
    for, then (unless interrupted) the ranking model fitted while the user still waits."""
    from papercli import output

    if progress:
        progress.stop()
    output.note(line, clauses=SUMMARY_CLAUSES)
    if as_json:
        output.emit_json(result.to_dict())
    if not result.interrupted:
        prepare_ranking(session, result.added, skip=no_prepare, what="the sync")


def _catch_up(session: "Session", end: "date | None") -> "tuple[date, bool]":
    """No --since: start after the last day the library holds completely, said first.
    With --until, the catch-up ends there, and is empty (True) when the library is
    complete past it (said in one line: nothing to fetch)."""
    from datetime import timedelta

    from papercli import output, sync

    try:
        point = sync.catch_up(session.store())
    except BaseException:
        session.close()
        raise
    if end and end < point.since:
        if point.last_complete:  # then end < last_complete: a catch-up to end is empty
            # It was "the library is complete through D" over "nothing to fetch: END
            # already complete": a sync of --until's day alone (fetched if it was not),
            # as if the range asked for were that day. The first clause fits 80 columns.
            output.note(f"nothing to fetch: complete through {point.last_complete}, past "
                        f"--until {end}{SUMMARY_CLAUSES}give --since to refetch",
                        clauses=SUMMARY_CLAUSES)
            return point.since, True
        output.note(f"{point.none_complete()}: syncing the {sync.CATCH_UP_DAYS} days up to "
                    f"{end}")
        return end - timedelta(days=sync.CATCH_UP_DAYS), False
    output.note(point.describe(), clauses=SUMMARY_CLAUSES)
    return point.since, False


def _from_opening(opening: "Opening", start: "date", end: "date | None") -> "date":
    """`start`, or the day the source began when it is earlier, said in one note before
    any request: `--since 2000` asked the Hub about every empty month since 2000, and
    `--arxiv … --since 1970-01-01` began at 1991-08-01 without a word. A range that
    ends before the source began is a usage error (`Opening.start`)."""
    from papercli import clock, output, sync

    first = opening.start(start, sync.check_range(start, end, clock.today()))
    if first != start:
        output.note(opening.describe())
    return first


def _ready(session: "Session", what: str) -> None:
    """Before any work or any note of it: sync is all network, so with network.offline
    on, one line; and all of it is stored, so a library that cannot be written is one
    line too. Its plan ("no day in the library is complete: syncing the last 30 days")
    came first, then the refusal that nothing could be stored."""
    if session.offline:
        session.close()
        raise session.offline_miss(what)  # (its hint names the setting to unset)
    try:
        store = session.store()
        store.storing()
        store.check_writable()
    except BaseException:
        session.close()
        raise


SUMMARY_CLAUSES = "; "  # where a summary too wide for the terminal is broken


def summary(result: "SyncResult") -> str:
    """The one line a cron log keeps: what was covered and what changed, then the periods
    and the requests it took: clauses a usual sync's fit 80 columns with, for a terminal
    to show one to a line (`output.note`'s `clauses`). With the periods first, the line
    was 130 wide and broke inside them. A sync cut short says it stopped: "synced …"
    read as success just above "interrupted"."""
    # Counts of none left out, as arxiv_summary does: "0 papers added, 0 updated, 17
    # unchanged" did not fit.
    counts = [(n, word) for n, word in ((result.added, "added"), (result.updated, "updated"),
                                         (result.unchanged, "unchanged")) if n]
    said = ", ".join(f"{plural(n, 'paper') if at == 0 else f'{n:,}'} {word}"
                     for at, (n, word) in enumerate(counts))
    span = _days(result.since, result.until)
    if result.ok and result.planned and result.skipped == result.planned and not result.requests:
        # Every period already complete, as `sync --arxiv` says a rerun: "synced …: no
        # papers; 7 periods (0 fetched, 7 already complete); 0 requests" read as a range
        # without papers.
        return f"nothing to fetch: {span} already complete"
    if result.interrupted or result.stopped:
        # What was kept, not "synced …" before "interrupted", or before "sync stopped: the
        # Hub cannot be reached" ("synced A to B: no papers" read as a range without any).
        changed = f"sync of {span} stopped: {said or 'no papers stored'}"
    elif result.failed and not result.done:
        # Every period asked for failed: "synced A to B: no papers" read as a range
        # without any, a success, just above the error.
        changed = f"sync of {span} failed: {said or 'no papers stored'}"
    else:
        changed = f"synced {span}: {said or 'no papers'}"
    if result.bad_items:
        changed += f", {plural(result.bad_items, 'malformed item')} skipped"
    parts = [f"{result.done} fetched", f"{result.skipped} already complete"]
    if result.failed:
        parts.append(f"{result.failed} failed")
    if result.not_attempted:
        parts.append(f"{result.not_attempted} not attempted")
    return SUMMARY_CLAUSES.join([
        changed, f"{plural(result.planned, 'period')} ({', '.join(parts)})",
        f"{plural(result.requests, 'request')} in {result.seconds:.1f}s"])


def _days(since: "date", until: "date") -> str:
    """A range as the summaries say it: one day as itself ("synced 2026-08-21 to
    2026-08-21" read as a slip)."""
    return str(since) if since == until else f"{since} to {until}"


def failure_line(result: "SyncResult", *, above: bool = False) -> tuple[str, str | None]:
    """What failed and how to resume, in 80 columns where the words allow: the error's
    shorter ways to say it (`SourceError.shorter`), framed shorter in turn, down to the
    failure and what to do alone (the summary just above says the sync stopped). A 500
    made 191 columns ("3 of 3 periods failed (first, day:…: the Hub answered HTTP 500
    (gave up after 4 attempts)) — the Hub may be down; run the same command later to
    fetch what is missing"). PAPERS_DEBUG says it whole, with the URL and the OS's words.
    `above`: the way to resume is the command said above it (`_say_failed`)."""
    from papercli.cli.failures import fitted
    from papercli.errors import debugging

    first = next((f for f in result.failures if f.message == result.stopped),
                 result.failures[0])  # (what stopped it, not a period failed before)
    error = first.error
    again = _RETRY_ABOVE if above else "sync again"
    if error is None:
        return _framed(result, first, first.message, first.hint, above=above)
    said = error.line()
    if debugging():
        return _framed(result, first, *said, above=above)
    ways = [said, *error.shorter]
    framed = [_framed(result, first, *way, short=True, above=above) for way in ways]
    return fitted([  # framed with the way to resume, then without either, then bare
        *(_framed(result, first, *way, above=above) for way in ways), *framed,
        *((message, _again(hint, again)) for message, hint in ways),
        *((head, hint) for (head, _), (_, hint) in zip(framed, ways, strict=True)),
        *ways], (ways[-1][0], _again(ways[-1][1], again)))  # (none fits: still how to resume)


def _framed(result: "SyncResult", first: "SyncFailure", message: str, hint: str | None, *,
            short: bool = False, above: bool = False) -> tuple[str, str]:
    """A failure's (message, hint) as a sync's last line says it: which periods failed,
    and a hint that ends in the way to resume (`short`: in a few words; `above`: the
    command said above)."""
    if result.stopped:
        message = f"sync stopped: {message}"
    elif result.failed == 1:
        message = f"{_period_name(first.period)} failed: {message}"
    elif short and len({f.error.brief if f.error else f.message
                        for f in result.failures}) == 1:
        message = f"{plural(result.failed, 'period')} failed: {message}"
    elif short:  # ("2 periods failed: HTTP 500" of one 500 and one malformed answer)
        message = (f"{plural(result.failed, 'period')} failed, the first "
                   f"({_period_name(first.period)}): {message}")
    else:
        message = (f"{result.failed} of {result.planned - result.skipped} periods failed "
                   f"(first, {_period_name(first.period)}: {message})")
    if short:
        return message, _again(hint, _RETRY_ABOVE if above else "sync again")
    return message, _resume(hint, above=above)


class _Bar:
    """A Rich progress bar on stderr (only used when stderr is a terminal): a label, the
    M of N count, a line of `detail` over the task's `fields`, then `more` of them and the
    time elapsed (left out in that order, then the bar, on a terminal too narrow for
    all: the count matters most)."""

    def __init__(self, label: str, detail: str, more: str, **fields: Any) -> None:
        from rich.progress import BarColumn, TextColumn

        bar, extra, elapsed = BarColumn(), TextColumn(more), elapsed_column()
        self.bar = progress_bar(TextColumn(label), bar, _count_column(),
                                TextColumn(detail), extra, elapsed,
                                optional=(extra, elapsed, bar))
        self.fields = fields
        self.task: Any = None

    def start(self, total: int) -> None:
        self.task = self.bar.add_task("sync", total=total, **self.fields)
        self.bar.start()

    def stop(self) -> None:
        self.bar.stop()


def _count_column() -> Any:
    """Rich's M/N column, thousands separated as every other count is: a backfill since
    2020 counted "0/2424 days" beside "1,340 papers"."""
    from rich.progress import MofNCompleteColumn
    from rich.text import Text

    class _Count(MofNCompleteColumn):
        def render(self, task: Any) -> Text:
            total = f"{int(task.total):,}" if task.total is not None else "?"
            return Text(f"{int(task.completed):>{len(total)},}/{total}",
                        style="progress.download")

    return _Count()


class _Progress(_Bar):
    """Daily Papers periods synced."""

    def __init__(self) -> None:
        # (failures are no detail to leave out on a narrow terminal; the period last done
        # is, and it has its separator with it: none dangles before the first)
        super().__init__("syncing", "periods · {task.fields[papers]}"
                         "{task.fields[failed]}", "{task.fields[period]}",
                         papers=plural(0, "paper"), failed="", period="")

    def update(self, event: "SyncEvent") -> None:
        result = event.result
        self.bar.update(self.task, advance=1,
                        papers=plural(result.added + result.updated + result.unchanged,
                                      "paper"),  # ("1 papers" read as a slip)
                        failed=f" · {result.failed} failed" if result.failed else "",
                        period=f"· {event.period.value}")


def _sync_arxiv(asked: list[str], start: "date", end: "date | None", *, refresh: bool,
                timeout: float | None, as_json: bool, no_prepare: bool) -> None:
    """`sync --arxiv`: backfill categories from arXiv's API (checked before any request)."""
    from papercli import output, sync, terminal
    from papercli.session import Session
    from papercli.sources import arxiv_taxonomy

    names: list[str] = []
    for item in asked:
        names.extend(n.strip() for n in item.split(",") if n.strip())
    categories = arxiv_taxonomy.validate(names)
    if not categories:  # (`--arxiv ""` said "nothing to fetch: arXiv , … already stored")
        from papercli.errors import UsageError

        raise UsageError("--arxiv names no category",  # (in 80 columns; it took 85)
                         hint="e.g. --arxiv cs.CL --since 30d")
    session = Session.create(refresh=refresh, timeout=timeout,
                             progress=terminal.hub_progress())
    _ready(session, "papers sync --arxiv fetches from arXiv")
    progress = _ArxivProgress() if sys.stderr.isatty() else None
    if progress:  # what a request waits for (arXiv's pacing, a 503), under the bar
        session.progress = progress.bar.status(session.progress)
    try:
        start = _from_opening(sync.ARXIV_OPENING, start, end)
        result = sync.run_arxiv_sync(
            session, categories, start, end, refresh=refresh,
            on_plan=progress.start if progress else None,
            on_progress=progress.update if progress else None)
        _finish(session, progress, arxiv_summary(result), result, as_json=as_json,
                no_prepare=no_prepare)
    finally:
        if progress:
            progress.stop()
        session.close()
    if result.interrupted:
        _stopped(result, _arxiv_resumed_by(result, refresh=refresh))
    if result.failure:
        if refresh:  # (the same command would ask for every day again, from --since)
            output.command_note("to retry", arxiv_resume_command(result))
        output.error(*arxiv_failure_line(result, above=refresh))
        raise typer.Exit(1)


def _arxiv_resumed_by(result: "ArxivSyncResult", *, refresh: bool) -> str:
    """`_resumed_by` for `sync --arxiv`."""
    from papercli import output

    if not refresh:
        return "pages stored so far are kept; rerun it to resume"
    output.command_note("to resume", arxiv_resume_command(result))
    return "pages stored so far are kept; resume as above"


def arxiv_resume_command(result: "ArxivSyncResult") -> str:
    """The `sync --arxiv --refresh` that fetches the days this one did not, interrupted
    or failed: under --refresh every day is asked for again, in order from the first, so
    what is left starts after the days fetched (the same command started over)."""
    from datetime import timedelta

    words = ["papers", "sync", "--arxiv", ",".join(result.categories), "--since",
             (result.since + timedelta(days=result.fetched)).isoformat()]
    if result.until < _today():
        words += ["--until", result.until.isoformat()]
    return " ".join([*words, "--refresh"])


def arxiv_failure_line(result: "ArxivSyncResult", *, above: bool = False
                       ) -> tuple[str, str | None]:
    """`failure_line` for `sync --arxiv`: the days it stopped at, what failed and how to
    resume, in 80 columns where the words allow (a 429 made 234: "sync stopped:
    2026-08-10 to 2026-08-16: arXiv is rate limiting us (HTTP 429) (gave up after 4
    attempts) — arXiv asks for one request every 3 seconds; wait a minute and run the
    same command again to fetch what is missing"). Its short way to resume is "rerun
    it": a plain `papers sync` fetches from the Hub. `above`: the way to resume is the
    command said above it (a --refresh, which the same command starts over)."""
    from papercli.cli.failures import fitted
    from papercli.errors import PapersError, debugging

    assert result.failure is not None
    rerun = _RETRY_ABOVE if above else "rerun it"
    whole = f"sync stopped: {result.failure}", _resume(result.hint, above=above)
    error = result.error
    # (a network failure, or an answer that could not be read, ArxivParseError: 260
    # columns for a page cut off)
    if debugging() or not isinstance(error, PapersError):
        return whole
    days, _, said = result.failure.partition(": ")
    url = getattr(error, "url", None) or ""
    ways = [(said, result.hint), *((m.replace(url, "arXiv's API") if url else m, h)
                                    for m, h in error.shorter)]
    return fitted([
        whole, *((f"sync stopped: {days}: {m}", _resume(h, above=above)) for m, h in ways),
        *((f"sync stopped: {m}", _again(h, rerun)) for m, h in ways),
        *((m, _again(h, rerun)) for m, h in ways),
        *((f"sync stopped: {m}", h) for m, h in ways), *ways],
        (ways[-1][0], _again(ways[-1][1], rerun)))  # (none fits: still how to resume)


# A hint's own "try again" (later, in a few minutes, or bare): where resuming goes.
_TRY_AGAIN = re.compile(r"\btry again(?P<when> later| in [^;,]+)?")
_MISSING = "to fetch what is missing"
# The way to resume when a note above names the command ("to retry: …"), and in a few
# words ("run the command above later" left "arXiv may be down" no room beside a 503)
_ABOVE, _RETRY_ABOVE = "run the command above", "retry as above"


def _again(hint: str | None, again: str = "sync again") -> str:
    """`_resume` in a few words: "sync again later", "check HF_TOKEN; then sync again"
    (a plain `papers sync` resumes too: it catches up from where a failed sync began;
    `again` says it for a `sync --arxiv`, which it does not resume)."""
    if hint and _TRY_AGAIN.search(hint):
        return _TRY_AGAIN.sub(lambda m: f"{again}{m['when'] or ''}", hint, count=1)
    return f"{hint}; then {again}" if hint else again


def _resume(hint: str | None, *, above: bool = False) -> str:
    """The failure's hint (the Hub's or arXiv's), ending in one way to resume. Its "try
    again" is that: beside "run the same command again" it said the same thing twice
    ("try again in a few minutes; run the same command again …"), so it is said as the
    rerun, keeping when. `above`: the command a note above names (a --refresh, which the
    same command starts over from --since)."""
    run, again = (_ABOVE, "") if above else ("run the same command", " again")
    if hint and _TRY_AGAIN.search(hint):
        return _TRY_AGAIN.sub(lambda m: f"{run}{m['when'] or again} {_MISSING}", hint,
                              count=1)
    resume = f"{run}{again} {_MISSING}"
    return f"{hint}; then {resume}" if hint else resume


def arxiv_summary(result: "ArxivSyncResult") -> str:
    """One line: what was covered, what changed, what it cost, in clauses as `summary`'s.
    Counts of none are left out and a rerun that had nothing to fetch says so alone: the
    line with every count ("0 added, 0 updated, 0 unchanged; 0 requests in 0.0s") took
    three rows of 80 columns to say nothing happened. Categories too many to name in its
    first clause's 80 columns are counted ("synced 6 arXiv categories, A to B: …"): named,
    six made it 109, a clause no break could fit (the command line names them)."""
    from papercli.errors import NOTE_ROOM
    from papercli.terminal import cell_width

    days = _days(result.since, result.until)
    line = _arxiv_summary(result, f"arXiv {', '.join(result.categories)}, {days}")
    if (len(result.categories) == 1
            or cell_width(line.split(SUMMARY_CLAUSES)[0]) <= NOTE_ROOM):
        return line
    counted = f"{len(result.categories)} arXiv categories"
    if _nothing_fetched(result):  # ("…, A to B already stored" took 85 counted)
        return f"nothing to fetch: {counted} stored, {days}"
    return _arxiv_summary(result, f"{counted}, {days}")


def _nothing_fetched(result: "ArxivSyncResult") -> bool:
    """Every day asked for was stored already, and none was asked for again."""
    return result.ok and result.skipped == result.days and not result.requests


def _arxiv_summary(result: "ArxivSyncResult", span: str) -> str:
    """`arxiv_summary` with the categories and days said as `span`."""
    if _nothing_fetched(result):
        return f"nothing to fetch: {span} already stored"
    head, clauses = f"synced {span}: ", []
    if not result.ok:  # how far it got: "synced arXiv …, A to B" read as all of it
        # Stopped, interrupted or failed, it starts as the Hub's does ("sync of …
        # stopped"): "synced 7 of 20 days" read as a success just above the error. Its
        # clauses each a line a log keeps (`output.note`): "sync of arXiv cs.CL, … stopped:
        # 7 of 20 days, 84 papers added" had no break point, 90 columns and more.
        covered = f"{result.skipped + result.fetched:,} of {plural(result.days, 'day')}"
        stored = f" ({result.skipped:,} already stored)" if result.skipped else ""
        head, clauses = "", [f"sync of {span} stopped", f"{covered} done{stored}"]
    changed = [(n, word) for n, word in ((result.added, "added"),
                                          (result.updated, "updated"),
                                          (result.unchanged, "unchanged")) if n]
    line = head + plural(result.papers, "paper")
    if len(changed) == 1 and changed[0][0] == result.papers:
        line += f" {changed[0][1]}"  # "240 papers added", not "240 papers (240 added)"
    elif changed:
        line += f" ({', '.join(f'{n:,} {word}' for n, word in changed)})"
    if result.bad_items:
        line += f", {plural(result.bad_items, 'malformed entry', 'malformed entries')} skipped"
    clauses.append(line)
    if result.skipped and result.ok:  # (a clause of its own: see `summary`)
        clauses.append(f"{result.skipped:,} of {plural(result.days, 'day')} already stored")
    clauses.append(f"{plural(result.requests, 'request')} in {result.seconds:.1f}s")
    return SUMMARY_CLAUSES.join(clauses)


class _ArxivProgress(_Bar):
    """Days covered and papers stored."""

    def __init__(self) -> None:
        # (counted as the summary counts: "1 papers · 1 requests" read as a slip, and
        # 1200 requests unseparated)
        super().__init__("syncing arXiv", "days · {task.fields[papers]}",
                         "· {task.fields[requests]}", papers=plural(0, "paper"),
                         requests=_requests(0))

    def update(self, days: int, result: "ArxivSyncResult") -> None:
        self.bar.update(self.task, advance=days, papers=plural(result.papers, "paper"),
                        requests=_requests(result.requests))


def _requests(count: int) -> str:
    """The requests made, counted once the first is answered: "0 requests" while it was
    in flight (seconds, at arXiv's pace) read as if none had been made."""
    from papercli.sources.transport import asking

    return plural(count, "request") if count else asking("arXiv")
