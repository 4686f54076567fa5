"""Shared pieces of the command line: option types, option groups, command registration.

Options used by many commands are declared once, as data, in `options`; this module turns
them into `typer.Option`s. `command()` expands a group into each command's signature and
hands the function one tuple, so every listing takes the same flags with the same help.
`command()` also owns error reporting through `failures`: a `PapersError` becomes one
stderr line and its exit code. `PapersGroup` (the root app's class) does the same for the
parser's own usage errors: one line, exit 2, in the same style.
"""

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer import _click
from typer._click.types import ParamType  # Typer's own Click
from typer.core import TyperGroup

from papercli import config
from papercli.cli import completion, failures
from papercli.cli.completion import paper_ids
from papercli.cli.failures import typed_words
from papercli.cli.options import (
    FETCH,
    FILTERS,
    JSON,
    LISTING,
    NO_PAGER,
    OFFLINE,
    OUTPUT,
    REFRESH,
    TIMEOUT,
    Conflict,
    FetchOptions,
    Group,
    Opt,
    OutputOptions,
)
from papercli.errors import OfflineMiss, PapersError, UsageError, is_failure
from papercli.filters import FilterOptions, make_filter
from papercli.sanitize import is_text, quoted

if TYPE_CHECKING:
    from papercli.pipeline import Shown
    from papercli.search import Missing
    from papercli.session import Session

__all__ = [
    "CONCURRENCY", "COUNT", "FETCH", "FILTERS", "LISTING", "OUTPUT", "OUTPUT_FILE", "SECONDS",
    "FetchOptions", "FilterOptions", "JsonFlag", "NoPager", "Offline", "OfflineAlready",
    "OutputOptions", "PaperIds",
    "PapersGroup", "Refresh", "Timeout", "command", "emit", "ids_with_stdin", "make_filter",
    "missing_error", "open_session", "report_update", "stdin_ids", "typed_words", "unpiped",
]

F = TypeVar("F", bound=Callable[..., Any])
STDIN_IDS_LIMIT = 1_000_000  # characters of paper ids read from standard input, at most


def stdin_ids(pipe: str) -> list[str]:
    """The paper ids on standard input, whitespace-separated (as `--format ids` and `-q`
    write them) or comma-separated: what `-` stands for among a command's ids. A
    terminal, nothing or more than STDIN_IDS_LIMIT characters is a usage error (`pipe`
    shows one, as a hint)."""
    if sys.stdin is None or sys.stdin.isatty():
        raise unpiped(pipe, "- reads paper ids from standard input, which is a terminal",
                       "- wants ids piped in")
    try:
        text = sys.stdin.read(STDIN_IDS_LIMIT + 1)
    except UnicodeDecodeError:
        raise unpiped(pipe, "standard input is not text: - reads paper ids from it",
                       "standard input is not text") from None
    if len(text) > STDIN_IDS_LIMIT:
        error = UsageError(f"more than {STDIN_IDS_LIMIT:,} characters of ids on standard "
                           "input", hint="pass fewer at a time (xargs -n 1000)")
        # (in 80 columns: the whole made 107)
        error.shorter = [(f"over {STDIN_IDS_LIMIT:,} characters of ids piped in",
                          "use xargs -n 1000")]
        raise error
    raw = text.removeprefix("\ufeff")  # (a file saved by Notepad starts so)
    # A list kept by hand has comments: `# to read`, `2401.01055  # LLaMA`; they were
    # "'#' is not an arXiv id". (`#` only where a word starts: a URL's #fragment stays.)
    import re

    # Ids joined by commas (`2401.01055,2404.14047`, a list pasted as `a, b,`) are each
    # an id, as --ids and --like take them: they passed this check, then the command
    # refused the joined word ("separate them"), or an empty piece ("'' is not an id").
    given = [part for word in re.sub(r"(?:^|(?<=\s))#[^\n]*", "", raw).split()
             for part in word.split(",") if part]
    if not given:
        raise unpiped(pipe, "no paper ids on standard input", "no ids piped in",
                       "no ids piped")
    if not _is_id_list(given[0]):  # a table, CSV, JSON or Markdown piped in
        first = raw.split()[0]  # (Markdown's '#' said, not the word after its headings)
        word = quoted(first)
        raise unpiped(pipe, f"standard input starts with {word}, not a paper id: - reads "
                       "ids as -q and --format ids write them",
                       f"standard input starts with {word}, not an id",
                       more=[(f"{quoted(first, 16)} is not an id",
                              "pipe ids, as -q writes them")])
    # Every word, not the first alone: `export -` and `search -` read words that are not
    # ids as a query, so "ids… bogus" exported nothing, with exit 0, into refs.bib.
    from papercli.reading import parse_ids

    try:
        parse_ids(given)
    except UsageError as bad:  # a mistyped id keeps its own line ("did you mean …?")
        if not (bad.hint or "").startswith("papers search "):
            raise
        stray = next(word for word in given if not _is_id_list(word))
        raise unpiped(pipe, f"{quoted(stray)} on standard input is not a paper id",
                       more=[(f"{quoted(stray, 16)} is not a paper id",
                              "pipe ids, as -q writes them")]) from None
    return given


def unpiped(pipe: str, *messages: str,
             more: Sequence[tuple[str, str]] = ()) -> PapersError:
    """What was wrong with standard input, with a pipe that works as the hint, said in
    the first of the ways (`messages`, the pipe with "e.g." or alone) that fits 80
    columns, else the last (of `more` ways, when given): "no paper ids on standard
    input — e.g. papers search WORDS -q | papers unstar -" made 93 columns, a
    terminal's 119."""
    ways: list[tuple[str, str | None]] = [
        (message, hint) for message in messages for hint in (f"e.g. {pipe}", pipe)]
    ways += more
    return UsageError(*_first_fitting(*ways, lead="error"))


def _is_id_list(word: str) -> bool:
    """Whether a word is a paper id, or ids joined by commas (as --like takes them); an
    id a digit short counts, for the ids' own check to say what is wrong with it."""
    from papercli.models import InvalidPaperId, normalize_id

    def is_id(part: str) -> bool:
        try:
            normalize_id(part)
        except InvalidPaperId as bad:
            return bool(bad.reason)
        return True

    return all(is_id(part) for part in word.split(","))


# Where the ids `-` reads come from, for the hint of an empty pipe: the reading list's
# own (`papers starred --unread -q | papers read -` found every paper read, and was told
# to pipe a search into `read`; a search into `unstar` unstars nothing it listed).
PIPED_FROM = {"unstar": "papers starred -q", "read": "papers starred --unread -q"}


def ids_with_stdin(ctx: typer.Context, param: typer.CallbackParam,
                   values: list[str] | None) -> list[str] | None:
    """The ids as given, `-` replaced by the ids on standard input (once)."""
    if not values or "-" not in values or ctx.resilient_parsing:
        return values
    flag = f"{param.opts[0]} " if param.param_type_name == "option" else ""
    source = PIPED_FROM.get(ctx.info_name or "", "papers search WORDS -q")
    piped = stdin_ids(f"{source} | papers {ctx.info_name} {flag}-")
    out: list[str] = []
    for value in values:
        if value != "-":
            out.append(value)
        elif piped:
            out.extend(piped)
            piped = []
    return out


PaperIds = Annotated[list[str], typer.Argument(
    metavar="ID...", help="arXiv ids (2401.01055, 2401.01055v2, arxiv:…) or HF/arXiv URLs; "
    "- reads them from standard input (papers search WORDS -q | …).",
    autocompletion=paper_ids, callback=ids_with_stdin)]


@contextmanager
def open_session(net: FetchOptions | None = None, *, offline: bool = False
                 ) -> Iterator["Session"]:
    """The command's Session (closed however the body ends): `net` carries --offline,
    --refresh and --timeout; a command without them passes `offline` alone. On a
    terminal, what the Hub client waits for is a status line on stderr."""
    from papercli import terminal  # lazy: only a command body opens a session
    from papercli.session import Session  # lazy: likewise

    session = Session.create(
        offline=net.offline if net is not None else offline,
        refresh=net.refresh if net is not None else False,
        timeout=net.timeout if net is not None else None,
        progress=terminal.hub_progress(),
    )
    try:
        yield session
    except OfflineMiss as exc:
        raise session.offline_miss(exc) from None
    finally:
        session.close()


def emit(shown: "Shown", out: OutputOptions, session: "Session",
         fmt: str | None = None) -> bool:
    """Hand a listing to the output owner: every format, to stdout or -o. Whether there
    was nothing, and the listing's reason (`shown.empty`) was said. A table whose columns
    name `rel` gets the scores of your taste in any order (they were a column of —)."""
    from papercli import output  # lazy: Rich, only once there is something to show

    columns, sort = out.columns, out.sort
    if (fmt or out.format) == "table" and (columns is None or sort is None):
        from papercli import paths  # lazy: a table's defaults (display.columns, .sort)
        from papercli.columns import DEFAULT_COLUMNS

        cfg = config.load(paths.config_path())  # checked when the session read it
        chosen = tuple(cfg.get("display.columns"))  # (parsed by its check: a list of names)
        if columns is None and chosen != DEFAULT_COLUMNS:
            columns = chosen
        sort = sort or cfg.get("display.sort")
    if (fmt or out.format) == "table" and "rel" in (columns or ()):
        from papercli import views  # lazy: the taste, only for a Rel column asked for

        say(notes=views.with_scores(session, shown))
    return output.emit_papers(
        shown.papers, fmt=fmt or out.format, title=shown.title, endpoint=session.endpoint,
        output_path=out.output, force=out.force, abstract=out.abstract,
        caption=shown.caption, found=shown.found, extras=shown.extras,
        sections=shown.sections, empty=shown.empty, none_found=shown.none_found,
        ranked=shown.ranked, pager=out.pager, columns=columns, sort=sort,
        default_cut=shown.default_cut,
        **{**out.doc(), **shown.options},
    )


def say(warnings: Sequence[str] = (), notes: Sequence[str] = ()) -> None:
    """A view's warnings (`papers: warning: ...`), then its notes (`papers: ...`)."""
    from papercli import output  # lazy: only a command body speaks

    for message in warnings:
        output.warn(message)
    for message in notes:
        output.note(message)


def report_update(update: config.Update) -> None:
    """Warn that a rewrite of config.toml dropped its comments (`config set`, `unset`
    and the watch commands alike): here, not in config_cmd, which every watch command
    would import to say it."""
    lost = update.comments_lost()
    if lost is not None:
        say([lost])


def missing_error(missing: "Missing", *, none: bool, output: Path | None,
                  done: str) -> PapersError:
    """The failure (exit 1) of a command given paper ids for those it could not have,
    said last, after a warning on each and the papers it had (`done`: "exported",
    "listed"): "2 of 5 papers named are not in refs.bib — the warnings above say why".
    With none to write (`none`), nothing was: "…: refs.bib not written". Before,
    it exited 0 and `papers export ID -o x.bib && upload x.bib` went on without them."""
    from papercli.outfile import printable_path
    from papercli.output import warned

    k, n = len(missing.ids), missing.of
    whom = (missing.ids[0] if k == 1 else f"the {n:,} papers named" if k == n
            else f"{k:,} of {n:,} papers named")
    be, was = ("is", "was") if k == 1 else ("are", "were")
    if none:
        whole = (f"{whom} {be} missing: {printable_path(output)} not written"
                 if output is not None else f"{whom} {be} missing: nothing {done}")
        brief = (f"{whom} {be} missing: no file written" if output is not None
                 else whole)
    else:
        whole = (f"{whom} {be} not in {printable_path(output)}" if output is not None
                 else f"{whom} {was} not {done}")
        brief = f"{whom} {was} not {done}"
    # (by the warnings said: the ids a library lacks are named on one line)
    why, see = (("the warning above says why", "see the warning above")
                if k == 1 or warned() == 1 else
                ("the warnings above say why", "see the warnings above"))
    error = PapersError(whole, hint=why)
    error.shorter = [(whole, see), (whole, "see above"), (brief, see), (brief, "see above")]
    return error


MIN_BAR = 6  # cells: a bar narrower than this no longer shows how far along it is


# The progress bar drawn now, if any (`progress_bar`): where `say_held` says its
# line, under the bar (a line written over it was drawn over, or shifted the bar's lines)
DRAWN: list[Any] = [None]


def say_held(notice: str) -> None:
    """`outfile.on_held`: the first Ctrl-C a long hold keeps back, acknowledged at once on
    a terminal ("papers: stopping once the papers read so far are stored…"): under the
    progress bar in place of its status line, else over any status line; the
    "interrupted" line follows once the hold ends. Piped or logged,
    nothing: that line says it all, and only a person at a terminal waits on the key, as
    git and pip draw their progress only there. Written straight to the file descriptor:
    it runs in a signal handler, which may have come in the middle of a write to
    sys.stderr (whose buffer refuses a reentrant call)."""
    from papercli import terminal
    from papercli.output import PROG

    stream = sys.stderr
    if not terminal.is_terminal(stream):
        return
    bar = DRAWN[0]
    if bar is not None:  # under the bar, in place of its status line (drawn by its thread)
        bar.held = f"{PROG}: {notice}"
        return
    erase = "" if os.environ.get("TERM") == "dumb" else "\r\x1b[2K"  # (a status line)
    text = f"{erase}{PROG}: {notice}\n"
    os.write(stream.fileno(), text.encode(stream.encoding or "utf-8",
                                          stream.errors or "replace"))


def progress_bar(*columns: Any, optional: Sequence[Any] = ()) -> Any:
    """A Rich progress bar on stderr, its frames two columns short of the terminal: a frame
    filling the last column leaves the cursor waiting to wrap, and the ^C the terminal
    echoes on Ctrl-C then starts a line of its own, so the last frame was drawn under a
    stale one. It is erased when stopped (as cargo's and uv's are): the summary line that
    follows says the same counts, and a finished bar left above it is clutter.

    `optional` (some of `columns`, a bar among them maybe) are left out, in that order,
    while a frame would not fit with its bar MIN_BAR cells wide: squeezed, the row cut its
    count short instead ("21…" for 21/23 on 60 columns), the one thing a bar is read for.

    `bar.status(hook)` is a status hook (the session's) that, while the bar is drawn,
    shows its message on a line under it, drawn as the status line would be (a message
    ending in "…" only once it has waited STATUS_DELAY): the status line, written on the
    bar's own line, was drawn over within a tenth of a second, so "rate limited; retrying
    in 30 s" never showed while the bar stood still. Otherwise, `hook` has it."""
    import time

    from rich.constrain import Constrain
    from rich.progress import BarColumn, Progress
    from rich.text import Text

    from papercli import output, terminal  # lazy: only a command body draws
    from papercli.sanitize import clean_line

    console = output.console(stderr=True)

    class _Narrower(Progress):
        said: tuple[str, float] | None = None  # the status message, and when to show it
        held: str | None = None  # `say_held`'s line: over any status message

        def get_renderables(self) -> Any:
            width = max(20, console.width - 2)
            self.columns = self._fitting(width)
            yield Constrain(self.make_tasks_table(self.tasks), width)
            said = self.said
            if self.held is not None:
                yield Text(terminal.fit(self.held, width), no_wrap=True)
            elif said is not None and time.monotonic() >= said[1]:
                yield Text(terminal.fit(said[0], width), no_wrap=True)

        def start(self) -> None:
            super().start()
            DRAWN[0] = self

        def stop(self) -> None:
            if DRAWN[0] is self:
                DRAWN[0] = None
            super().stop()

        def status(self, hook: Callable[[str | None], None] | None
                   ) -> Callable[[str | None], None]:
            handed_over = [hook is None]

            def say(message: str | None) -> None:
                if not self.live.is_started:
                    if hook is not None:
                        hook(message)
                    return
                if not handed_over[0] and hook is not None:  # (a message it still waits
                    handed_over[0] = True  # to draw would be drawn over the bar)
                    hook(None)
                delay = terminal.STATUS_DELAY if message and message.endswith("…") else 0
                self.said = None if message is None else (  # (one assignment: no lock)
                    clean_line(message, 400), time.monotonic() + delay)

            return say

        def _fitting(self, width: int) -> tuple[Any, ...]:
            """The columns kept: all, less the first optional ones while the rest (bars at
            MIN_BAR) would not fit in `width`."""
            wide = console.options.update_width(10_000)
            for drop in range(len(optional) + 1):
                kept = tuple(c for c in columns if c not in optional[:drop])
                bars = [c for c in kept if isinstance(c, BarColumn)]
                self.columns = tuple(c for c in kept if c not in bars)  # (measured bare)
                need = console.measure(self.make_tasks_table(self.tasks), options=wide)
                if need.maximum + len(bars) * (MIN_BAR + 1) <= width:
                    break
            return kept

    return _Narrower(*columns, console=console, transient=True)


def elapsed_column() -> Any:
    """Rich's time-elapsed column, but still counting once the bar is full: Rich's stops
    there, and an import's bar is full when the file is read, before its last batch is
    written or a BibTeX file's missing papers are fetched: 0:00:00 for seconds on end read
    as hung."""
    from rich.progress import TimeElapsedColumn
    from rich.text import Text

    class _Elapsed(TimeElapsedColumn):
        def render(self, task: Any) -> Text:
            seconds = int(task.elapsed or 0)
            return Text(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}",
                        style="progress.elapsed")

    return _Elapsed()


# A search's short options that take text: `-attention` after a query is read as
# `-a ttention` (an author), `-xformer` as `--exclude former`, `-outliers` as `-o utliers`
# (a file written), where the user meant a word to leave out.
_GLUED = {"-a": "--author", "-k": "--keyword", "-x": "--exclude", "-F": "--family",
          "-o": "--output", "-h": "--help"}


def _glued_words(root: Any, words: Sequence[str]) -> None:
    """Warn of a word the shell hands `search` or `export` that the parser will read as a
    short option with its value glued on (`-all`: --author ll), where `main` refuses one
    that is a long option typed with one dash (`new -all`); the same words either way:
    before `--`, not an option's value (an unknown option is a usage error already)."""
    if not words or words[0] not in ("search", "export"):
        return
    import re

    from papercli import output

    command = getattr(root, "commands", {}).get(words[0])
    longs = {o for p in getattr(command, "params", ()) for o in getattr(p, "opts", ())}
    typed = list(typed_words(command, words[1:]))
    for at, word in enumerate(typed):
        # (-aWei: a name; "-xformer video", one quoted word, is read as --exclude
        # 'former video' all the same, and was said nothing of)
        found = re.fullmatch(r"(-[akxFoh])([a-z][a-z-]*)(\s.*)?", word, re.DOTALL)
        if found and "-" + word not in longs:
            option, rest, more = found.groups()
            value = quoted(rest + more, 24) if more else rest
            said = "the help" if option == "-h" else f"{_GLUED[option]} {value}"
            word = quoted(word, 24) if more else word
            # (`a word to leave out goes inside the quoted query (papers search "…
            # -attention"), or after --` made 150 columns). A query it begins, quoted
            # or not, is read so all the same: after --, it is not.
            begins = all(w[:1] == "-" for w in typed[:at])
            fix = "put the query after --" if begins else "quote it with the query"
            output.warn(_first_fitting(
                (f"{word} is read as {said}; {fix}", None),
                (f"{word} read as {said}: {fix}", None))[0])


def period_split(kind: str, words: Sequence[str], command: str) -> UsageError | None:
    """The usage error for words the shell split of one period (`papers week last week`,
    `papers browse month aug 2026`): the extra words, and the command with them quoted as
    one; None where together they name no period. Click said "extra argument 'week' —
    see --help", whose help names `last` and `YYYY-MM`, not how to give the words."""
    import shlex

    from papercli import periods
    from papercli.sanitize import quoted

    extra = words[1:]
    whole = " ".join(words)
    try:
        periods.named(kind, whole)
    except PapersError:
        return None
    said = f"extra argument{'s' if len(extra) > 1 else ''} {quoted(' '.join(extra), 20)}"
    error = UsageError(said, hint=f"quote it: {command} {shlex.quote(whole)}")
    error.shorter = [(said, f"quote the {kind} as one argument")]
    return error


def _first_fitting(*ways: tuple[str, str | None], lead: str = "warning"
                   ) -> tuple[str, str | None]:
    """The first of `ways` (message, hint) whose line fits 80 columns, else the last (the
    shortest): `lead` is the line's, "warning" or "error" (`failures.fitted`)."""
    return failures.fitted(ways, ways[-1], lead=lead)


class PapersGroup(TyperGroup):
    """The root command: Click's usage errors (an unknown option, a bad value, a missing
    argument, `--limit -1`) become one stderr line in papercli's style,
    `papers: error: what — hint`, exit 2, like every other error; a group run bare
    (`papers`, `papers watch`) shows its help."""

    # Builds the root with the commands beside the one run (`main` builds it with that
    # one alone): an unknown option's error names the one that has it. None: this root.
    whole: Callable[[], Any] | None = None

    def everything(self) -> Any:
        """The root group with the commands beside the one run."""
        return self if PapersGroup.whole is None else PapersGroup.whole()

    def _command_named(self, words: Sequence[str]) -> str | None:
        """The command the words name ("watch add"), for an error Click gives without
        its context (an option missing its value): the leading words that are commands,
        group by group."""
        named: list[str] = []
        group: Any = self
        for word in words:
            found = getattr(group, "commands", {}).get(word)
            if found is None:
                break
            named.append(word)
            group = found
        return " ".join(named) or None

    def make_context(self, info_name: str | None, args: list[str],
                     parent: _click.Context | None = None, **extra: Any) -> _click.Context:
        """`papers --help | head -0`: a reader that left is no failure (exit 0, as for
        every command's output), where Typer's main would have exited 1."""
        with _reader_left():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: _click.Context) -> Any:
        """`papers COMMAND --help | head -0`: exit 0 (see `make_context`)."""
        with _reader_left():
            return super().invoke(ctx)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        from typer._click import exceptions

        _glued_words(self, sys.argv[1:] if args is None else list(args))
        if completion.requested():  # (after Typer registered its shells' classes)
            completion.glue_equals_forms()
        try:
            code = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        except exceptions.NoArgsIsHelpError as exc:
            # `papers` or `papers watch` alone: its --help, on stdout, exit 0 (as gh and hf
            # do when run bare): asking what there is is no usage error
            try:
                typer.echo(exc.ctx.get_help() if exc.ctx is not None
                           else exc.format_message())
                code = 0
            except OSError as error:  # `papers | head -0`
                code = failures.exit_code(error)
        except exceptions.UsageError as exc:
            words = sys.argv[1:] if args is None else list(args)
            failures.usage_error(exc, self._command_named(words), words, root=self)
            code = 2
        except PapersError as exc:  # from an argument's callback: `-` with nothing piped
            code = failures.report(exc)
        except exceptions.ClickException as exc:
            from papercli import output

            output.error(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            from papercli import output

            output.error("aborted")
            code = 1
        except OSError as exc:  # --help or --version to a full disk or a reader that left
            code = failures.exit_code(exc)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

@contextmanager
def _reader_left() -> Iterator[None]:
    """A broken pipe while Click prints help, as a command's output takes it
    (`failures.exit_code`: exit 0, stdout pointed at /dev/null), raised as Click's Exit so
    that Typer's main, which turns it into exit 1, never sees it."""
    try:
        yield
    except BrokenPipeError as exc:
        raise typer.Exit(failures.exit_code(exc)) from None


class _Checked(ParamType):
    """An option's number, read by one of config's checks, so that a bad value is one
    usage line (exit 2): bounds, and no nan or inf (Click's ranges let those through, and
    a 1e23 limit failed deep inside SQLite). It says what to give, as a bad --sort or
    --since does ("--limit 'abc' — use a whole number, 0 or more"): Click's own error
    ended with "see --help" or "see 'papers for-you --help'" by the line's length."""

    def __init__(self, parse: Callable[[str], Any], wants: str, most: str = "",
                 at_most: str = "") -> None:
        self.parse = parse
        self.wants = wants  # what the option takes, after "use"
        self.most = most  # what to use when the value is over the bound
        self.at_most = at_most  # that, said shorter: "at most 1,000,000,000"
        self.name = parse.__name__.removeprefix("parse_")

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, str):  # a default, already typed
            return value
        try:
            return self.parse(value)
        except ValueError as exc:
            opts = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
            option = max(opts, key=len) if opts else "the value"
            why = str(exc)
            over = "must be at most" in why and self.most
            wants = self.most if over else self.wants
            if "digits 0-9" in why:  # `５` (an input method left on): not a typo
                wants += ", typed with the digits 0-9"
            error = UsageError(f"{option} {config.shown(value)}", hint=f"use {wants}")
            if over and self.at_most:  # (in 80 columns: 20 digits made it 94)
                from papercli.errors import quoting_shorter

                def said(shown: str) -> str:
                    return f"{option} {shown}"

                error.shorter = quoting_shorter(said, value, f"use {self.at_most}",
                                                [(said, self.at_most)])
            raise error from None


COUNT = _Checked(config.parse_count, "a whole number, 0 or more",
                 f"a whole number up to {config.MAX_COUNT:,}", f"at most {config.MAX_COUNT:,}")
SECONDS = _Checked(config.parse_seconds,
                   f"a number of seconds from 0.1 to {config.MAX_SECONDS:,g}")


def parse_concurrency(text: str) -> int:
    """`sync --concurrency`: 1 to what network.concurrency takes (one bound for both)."""
    return config.parse_whole(text, 1, config.MAX_CONCURRENCY)


CONCURRENCY = _Checked(parse_concurrency,
                       f"a whole number from 1 to {config.MAX_CONCURRENCY}")


def _output_file() -> Any:
    """The type of every -o FILE: a path that is not a directory, and not empty. The
    empty value (`-o "$OUT"` with OUT unset) is read as typed, a usage error: as a
    Path it became ".", and the write failed saying ". is a directory"."""
    from typer.models import TyperPath

    class OutputFile(TyperPath):
        def convert(self, value: Any, param: Any, ctx: Any) -> Any:
            option = max(getattr(param, "opts", None) or ["--output"], key=len)
            if isinstance(value, str) and not value.strip():
                raise UsageError(f"{option} is empty",
                                 hint="give a file name (- for stdout)")
            if isinstance(value, str) and "\x00" in value:  # (os.stat raises ValueError)
                raise UsageError(f"{option} {quoted(value)} holds a NUL character",
                                 hint="give a file name without one")
            from papercli import outfile  # lazy: only when -o is given

            if isinstance(value, str) and (folder := outfile.folder_named(value)):
                # (Click's own "File '/tmp' is a directory" named no way out)
                error = UsageError(f"{option} {outfile.printable_path(value)} {folder}",
                                   hint="give a file name")
                error.shorter = [(f"{option} {folder}", "give a file name")]
                raise error
            return super().convert(value, param, ctx)

    return OutputFile(dir_okay=False)


OUTPUT_FILE = _output_file()

_TYPES: dict[str, tuple[Any, dict[str, Any]]] = {
    "flag": (bool, {}),
    "text": (str | None, {}),
    "texts": (list[str] | None, {}),
    "count": (int | None, {"click_type": COUNT}),
    "seconds": (float | None, {"click_type": SECONDS}),
    "file": (Path | None, {"click_type": OUTPUT_FILE}),
}


# The options whose values Tab offers: option dest -> its function in cli/completion.py
_COMPLETIONS = {"family": "family_names", "tag": "tag_names", "org": "org_names",
                "category": "category_names", "source": "source_names",
                "columns": "column_names", "author": "author_names",
                "submitter": "submitter_names", "since": "date_words", "until": "date_words"}


@functools.cache
def annotated(opt: Opt) -> Any:
    """The `Annotated[type, typer.Option(...)]` for a declared option (built once: the
    listing groups appear in a dozen commands)."""
    kind: Any
    extra: dict[str, Any]
    if opt.kind == "choice":
        # An Enum gives Typer's help its [a|b|c] list; the values stay plain strings.
        choices = StrEnum(opt.dest.title(), {c: c for c in opt.choices})  # type: ignore[misc]
        kind, extra = choices | None, {"case_sensitive": False}
    else:
        kind, extra = _TYPES[opt.kind]
    if opt.dest in _COMPLETIONS:  # Tab offers your tags, the library's organizations...
        from papercli.cli import completion

        extra = {**extra, "autocompletion": getattr(completion, _COMPLETIONS[opt.dest])}
    first, *more = opt.flags  # Typer reads a leading flag in Annotated as a declaration
    option = typer.Option(first, *more, metavar=opt.metavar, help=opt.help, **extra)
    return Annotated[kind, option]


# The options commands use one by one, spelled out so that type checkers see the types.
Offline = Annotated[bool, typer.Option(*OFFLINE.flags, help=OFFLINE.help)]
# --offline on a listing of what the library holds (`orgs`, `families`), taken as the
# paper listings take it: it asks for nothing they do not do already, so a script passing
# it to every listing was refused for no gain ("never uses the network"). Hidden (it
# changes nothing), and no sign that the command can fetch (`failures._networked`).
OfflineAlready = Annotated[bool, typer.Option(*OFFLINE.flags, hidden=True, help=OFFLINE.help)]
Refresh = Annotated[bool, typer.Option(*REFRESH.flags, help=REFRESH.help)]
# For the commands without --format (families, orgs, tags, import, cache info, watch list,
# config show): their help cannot send anyone to an option they lack.
JsonFlag = Annotated[bool, typer.Option(*JSON.flags, help="Print JSON on stdout.")]
NoPager = Annotated[bool, typer.Option(*NO_PAGER.flags, help=NO_PAGER.help)]
Timeout = Annotated[float | None, typer.Option(
    *TIMEOUT.flags, click_type=SECONDS, metavar=TIMEOUT.metavar, help=TIMEOUT.help)]


def _params(group: Group) -> list[inspect.Parameter]:
    return [inspect.Parameter(o.dest, inspect.Parameter.KEYWORD_ONLY, annotation=annotated(o),
                              default=o.default) for o in group.opts]


def guarded(fn: F) -> F:
    """Run a command body; PapersError, Ctrl-C and surprises become an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from typer._click.exceptions import UsageError as ClickUsage  # (BadParameter's base)

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, ClickUsage):
            raise
        except BaseException as exc:
            if not (is_failure(exc) or isinstance(exc, KeyboardInterrupt)):
                raise  # SystemExit and the like: not a failure of the command
            raise typer.Exit(failures.exit_code(exc)) from None

    return wrapper  # type: ignore[return-value]


def _decoded(values: dict[str, Any]) -> None:
    """Every text argument is text: a byte the terminal's encoding could not decode (Python
    keeps it as a lone surrogate) is a usage error naming the argument, where it would
    otherwise reach the search index, SQLite or a file as text none of them can hold (the
    index took it for damage and rebuilt itself). Paths are left alone: a file name is
    any bytes."""
    for name, value in values.items():
        if isinstance(value, str) and not is_text(value):
            value = values[name] = _as_utf8(value)
        elif isinstance(value, list) and not all(is_text(v) for v in value if
                                                 isinstance(v, str)):
            value = values[name] = [_as_utf8(v) if isinstance(v, str) else v for v in value]
        for text in value if isinstance(value, list | tuple) else (value,):
            if isinstance(text, str) and not is_text(text):
                context = _click_context()
                param = next((p for p in context.command.params if p.name == name), None)
                raise typer.BadParameter(
                    f"{quoted(text)} is not UTF-8 text (is the terminal set to UTF-8?)",
                    ctx=context, param=param)


def _as_utf8(text: str) -> str:
    """`text` as the UTF-8 it was typed in, when only the locale could not decode it
    (LC_ALL=C without Python's UTF-8 mode keeps each byte of "café" as a surrogate);
    unchanged when its bytes are not UTF-8 either."""
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeError:
        return text


def _click_context() -> Any:
    from typer._click.globals import get_current_context  # Typer's own Click

    return get_current_context()


def command(
    app: typer.Typer, name: str, *groups: Group, example: str, **kw: Any
) -> Callable[[F], F]:
    """Register `fn` as `name`, expanding option groups and adding an example epilog."""

    def decorate(fn: F) -> F:
        sig = inspect.signature(fn)
        taken = {g.arg for g in groups}
        own = [p for p in sig.parameters.values() if p.name not in taken]
        extra = [p for g in groups for p in _params(g)]

        @functools.wraps(fn)
        def expanded(**kwargs: Any) -> Any:
            _decoded(kwargs)
            try:
                for group in groups:
                    kwargs[group.arg] = group.build(kwargs)
            except Conflict as exc:
                if exc.hint is not None:  # a bad value, and what to give instead
                    raise UsageError(str(exc), hint=exc.hint) from None
                if exc.param_hint:  # one option's value: "invalid value for --columns: …"
                    raise typer.BadParameter(str(exc), param_hint=exc.param_hint) from None
                from typer._click.exceptions import UsageError as ClickUsage

                raise ClickUsage(str(exc), ctx=_click_context()) from None
            return failures.call(fn, kwargs)

        params = own + extra
        expanded.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
        expanded.__annotations__ = {p.name: p.annotation for p in params}
        del expanded.__wrapped__
        epilog = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in example.splitlines())
        app.command(name, epilog=epilog, **kw)(guarded(expanded))
        return fn

    return decorate
