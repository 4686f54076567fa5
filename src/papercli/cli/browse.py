"""papers browse: read a listing interactively (the Textual app in `papercli.tui`)."""

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli._common import FETCH, FILTERS, FetchOptions, FilterOptions, command
from papercli.cli.completion import browse_args, browse_kinds
from papercli.cli.options import OUTPUT, Group

if TYPE_CHECKING:
    from papercli.errors import PapersError
    from papercli.tui.source import View

app = typer.Typer()

# The listings' own --sort and --hidden, declared once in options.
SORT = Group("sort", tuple(o for o in OUTPUT.opts if o.dest == "sort"),
             lambda kw: kw.pop("sort"))
HIDDEN = Group("hidden", tuple(o for o in OUTPUT.opts if o.dest == "hidden"),
               lambda kw: kw.pop("hidden"))


@command(
    app, "browse", FILTERS, SORT, HIDDEN, FETCH,
    example="papers browse\npapers browse day 2024-01-02 --family LLaVA\n"
    "papers browse search quantization --offline\npapers browse starred\n"
    "papers browse for-you\npapers browse for-you --hidden\npapers browse related 2401.01055\n"
    "papers browse arxiv cs.CL cs.CV",
)
def browse(
    what: Annotated[str, typer.Argument(
        metavar="[WHAT]", autocompletion=browse_kinds, show_default=False,
        help="today (default), day DATE, week [YYYY-Www], month [YYYY-MM], search QUERY, "
        "starred, new, for-you, related ID... or arxiv [CATEGORY...] (the followed ones "
        "by default).")
    ] = "today",
    args: Annotated[list[str] | None, typer.Argument(
        metavar="[ARG]...", autocompletion=browse_args,
        help="The date, week, month, search words, paper ids or arXiv categories.",
        show_default=False,
    )] = None,
    *,
    all_: Annotated[bool, typer.Option(
        "--all", help="new: every new paper, not only those matching a watch.")] = False,
    peek: Annotated[bool, typer.Option(
        "--peek", help="new: show without marking anything as seen.")] = False,
    filters: FilterOptions,
    sort: str | None,
    hidden: bool,
    net: FetchOptions,
) -> None:
    """Read papers interactively: a list and a reading pane, star, mark read, open.

    Keys: arrows or j/k move (g/G to the first/last), Space/b (a page) and J/K (a line)
    scroll the reading pane, s star, r read, h hide, o/a/p/c open the HF page, arXiv, PDF
    or code, y/Y copy the id or BibTeX, t the full text, n your note, T your tags, / filter
    the library as you type, l the papers most like the selected one (Esc: back), f
    families, A every new paper (in `browse new`, as --all), [ and ] the previous and next
    day (week, month), ? all keys, Ctrl-P every key and listing by name, q quit. Stars and
    read marks are the ones `papers star`, `starred` and `read` use; a paper hidden with h
    leaves every list, as with `papers hide` (u undoes it, --hidden lists it again,
    marked, and h unhides it); `browse new` marks what it lists as seen, like `papers new`
    (not with --peek); `browse arxiv` is `papers arxiv`'s announcement. Fetches run in the
    background: a failed one leaves the cached copy on screen.
    """
    from papercli.tui.source import Source, View, check_view

    kind = what.strip().lower()
    text = " ".join(args or [])
    # A blank period (`browse week ""`) is read as `papers week ""` reads it, a usage
    # error, not as no argument (this week); the other kinds take a blank one as none.
    arg = text if args and kind in ("day", "week", "month") else (text.strip() or None)
    if kind in PERIOD_EXAMPLES and args and len(args) > 1:
        raise _extra_words(kind, args)
    # (other kinds take no argument, or are no view: `check_view` says which, of the
    # words joined; "browse starred takes one argument, got 2" was said of a view that
    # takes none, and "browse foo takes one argument" of no view at all)
    view = check_view(View(kind, arg, filters, sort, show_all=all_, peek=peek, hidden=hidden))
    _check_filters(view)
    from papercli.terminal import is_terminal

    if not all(is_terminal(s) for s in (sys.stdin, sys.stdout, sys.stderr)):
        # Textual draws on stderr: a redirected one would get the screen. (A closed
        # stdin, `<&-`, is None: it was "unexpected AttributeError".)
        raise _cannot_draw("papers browse needs a terminal", "in a pipe, use", view, args)
    if os.environ.get("TERM") == "dumb":  # (an editor's shell buffer): a screen of escapes
        raise _cannot_draw("papers browse cannot draw with TERM=dumb", "use", view, args)
    from papercli.tui.app import BrowseApp

    source = Source(offline=net.offline, refresh=net.refresh, timeout=net.timeout)
    browser = BrowseApp(source, view)
    browser.run()
    if browser.failure is not None:
        raise browser.failure  # one line (`running`), a traceback only with PAPERS_DEBUG
    code = browser.return_code or 0
    if code:  # Ctrl-C (or kill -INT) quits, as q does: exit 130, no "interrupted" line
        raise typer.Exit(code)


# A period's argument as the README's examples give it (`papers browse week 2024-W05`).
PERIOD_EXAMPLES = {"day": "2024-01-02", "week": "2024-W05", "month": "2024-03"}


def _extra_words(kind: str, args: list[str]) -> "PapersError":
    """`browse week last week`: what `papers week last week` says ("extra argument
    'week'"), and what to do: quote the words where together they name a period ("last
    week", "aug 2026"), else an example. It said "browse week takes one argument, got
    2", and nothing of how to give it."""
    from papercli.cli._common import period_split
    from papercli.errors import UsageError
    from papercli.sanitize import quoted

    split = period_split(kind, args, f"papers browse {kind}")
    if split is not None:
        return split
    extra = args[1:]
    said = f"extra argument{'s' if len(extra) > 1 else ''} {quoted(' '.join(extra), 20)}"
    error = UsageError(said, hint=f"e.g. papers browse {kind} {PERIOD_EXAMPLES[kind]}")
    error.shorter = [(said, f"e.g. {PERIOD_EXAMPLES[kind]}")]
    return error


def _cannot_draw(message: str, use: str, view: "View", args: list[str] | None
                 ) -> "PapersError":
    """Where the browser cannot draw: the command that prints the same list (`browse
    search x`: papers search x), its words too when they fit 80 columns. The commands
    listed whole ("use papers today (or day, search, starred, new), which print plain
    tables here") made 129 columns, three lines at 80 for TERM=dumb."""
    import shlex

    from papercli.errors import PapersError

    command = f"papers {view.kind}"
    error = PapersError(message, hint=f"{use} {command} {shlex.join(args)}".rstrip()
                        if args else f"{use} {command}")
    error.shorter = [(message, f"{use} {command}")]
    return error


def _check_filters(view: "View") -> None:
    """Unknown families and bad dates fail here, on the command line, not in the app,
    those of the options and of a query's qualifiers alike (`browse search "llava
    family:nosuch"` opened a screen saying "not available", exit 0, where `papers
    search` said the error, exit 2): the filters are read as the app's load reads them
    (`core_view`). So does `browse arxiv` with no category named and none followed, as
    `papers arxiv` (it took the screen over to say so in it)."""
    from papercli.cli._common import make_filter, open_session
    from papercli.tui.source import core_view

    with open_session(offline=True) as session:
        make_filter(session, core_view(view).filter_options())
        if view.kind == "arxiv" and not view.arg:
            from papercli.arxiv_listing import followed

            followed(session, [])
