"""Shared pieces of the command line: option types, option groups, command registration.

Options used by many commands are declared once here as `Annotated` types and grouped;
`command()` expands a group into each command's signature and hands the function one
dataclass, so every listing takes the same flags with the same help. `command()` also
owns error reporting: a `PapersError` becomes one stderr line and its exit code.
"""

import functools
import inspect
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from papercli.errors import ExitStatus, PapersError

if TYPE_CHECKING:
    from papercli.core import Session
    from papercli.filters import Filter

F = TypeVar("F", bound=Callable[..., Any])


class Sort(StrEnum):
    trending = "trending"
    upvotes = "upvotes"
    new = "new"


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    bibtex = "bibtex"


# -- single options used directly in signatures ------------------------------------------

Offline = Annotated[
    bool, typer.Option("--offline", help="Never touch the network; use the local library.")
]
Refresh = Annotated[
    bool, typer.Option("--refresh", help="Ignore freshness and fetch from the Hub now.")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
Timeout = Annotated[float | None, typer.Option(
    "--timeout", min=0.1, metavar="SECONDS",
    help="Connect/read timeout per request (default: network.timeout, 10 s).")]


def _kw(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                             default=default)


# -- option groups -------------------------------------------------------------------------


class OutputOptions(NamedTuple):
    format: str  # "table" unless --format/--json said otherwise
    explicit_format: bool
    output: Path | None
    force: bool
    limit: int | None
    sort: str | None
    abstract: bool


class FetchOptions(NamedTuple):
    refresh: bool
    offline: bool
    timeout: float | None = None


class FilterOptions(NamedTuple):
    family: list[str]
    keyword: list[str]
    exclude: list[str]
    author: list[str]
    since: str | None
    until: str | None
    min_upvotes: int | None


def make_filter(session: "Session", filters: FilterOptions) -> "Filter":
    """The core Filter for the parsed filter options (aliases resolved, dates checked)."""
    from papercli import core

    return core.make_filter(
        session, families=filters.family, keywords=filters.keyword, excludes=filters.exclude,
        authors=filters.author, since=filters.since, until=filters.until,
        min_upvotes=filters.min_upvotes,
    )


class Group(NamedTuple):
    arg: str  # name of the function parameter that receives the dataclass
    params: tuple[inspect.Parameter, ...]
    build: Callable[[dict[str, Any]], Any]


def _build_output(kw: dict[str, Any]) -> OutputOptions:
    fmt: Format | None = kw.pop("format")
    as_json: bool = kw.pop("json_")
    if as_json and fmt not in (None, Format.json):
        raise typer.BadParameter("--json conflicts with --format " + fmt.value, param_hint="--json")
    sort: Sort | None = kw.pop("sort")
    return OutputOptions(
        format="json" if as_json else (fmt.value if fmt else "table"),
        explicit_format=as_json or fmt is not None,
        output=kw.pop("output"),
        force=kw.pop("force"),
        limit=kw.pop("limit"),
        sort=sort.value if sort else None,
        abstract=not kw.pop("no_abstract"),
    )


OUTPUT = Group(
    "out",
    (
        _kw("limit", Annotated[int | None, typer.Option(
            "--limit", "-n", min=0, metavar="N", help="Show at most N papers (0: all).")], None),
        _kw("sort", Annotated[Sort | None, typer.Option(
            "--sort", "-s", case_sensitive=False,
            help="trending (the Hub's order), upvotes, or new.")], None),
        _kw("format", Annotated[Format | None, typer.Option(
            "--format", "-f", case_sensitive=False,
            help="table, json, md, csv or bibtex.")], None),
        _kw("json_", JsonFlag, False),
        _kw("output", Annotated[Path | None, typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False,
            help="Write to FILE (atomically) instead of stdout.")], None),
        _kw("force", Annotated[bool, typer.Option(
            "--force", help="Let --output replace an existing file.")], False),
        _kw("no_abstract", Annotated[bool, typer.Option(
            "--no-abstract", help="Leave abstracts out of md output.")], False),
    ),
    _build_output,
)

FETCH = Group(
    "net",
    (_kw("refresh", Refresh, False), _kw("offline", Offline, False),
     _kw("timeout", Timeout, None)),
    lambda kw: FetchOptions(refresh=kw.pop("refresh"), offline=kw.pop("offline"),
                            timeout=kw.pop("timeout")),
)

FILTERS = Group(
    "filters",
    (
        _kw("family", Annotated[list[str] | None, typer.Option(
            "--family", "-F", metavar="NAME",
            help="Only papers naming this model family (repeatable: any of).")], None),
        _kw("keyword", Annotated[list[str] | None, typer.Option(
            "--keyword", "-k", metavar="WORD",
            help="Only papers containing WORD as a whole word (repeatable: all of).")], None),
        _kw("exclude", Annotated[list[str] | None, typer.Option(
            "--exclude", "-x", metavar="WORD",
            help="Drop papers containing WORD (repeatable).")], None),
        _kw("author", Annotated[list[str] | None, typer.Option(
            "--author", "-a", metavar="NAME",
            help="Only papers with an author name containing NAME.")], None),
        _kw("since", Annotated[str | None, typer.Option(
            "--since", metavar="DATE", help="Only papers dated DATE or later (YYYY-MM-DD).")],
            None),
        _kw("until", Annotated[str | None, typer.Option(
            "--until", metavar="DATE", help="Only papers dated DATE or earlier.")], None),
        _kw("min_upvotes", Annotated[int | None, typer.Option(
            "--min-upvotes", min=0, metavar="N", help="Only papers with at least N upvotes.")],
            None),
    ),
    lambda kw: FilterOptions(
        family=kw.pop("family") or [],
        keyword=kw.pop("keyword") or [],
        exclude=kw.pop("exclude") or [],
        author=kw.pop("author") or [],
        since=kw.pop("since"),
        until=kw.pop("until"),
        min_upvotes=kw.pop("min_upvotes"),
    ),
)

LISTING = (FILTERS, OUTPUT, FETCH)


# -- registration and error handling -------------------------------------------------------


def report(exc: BaseException) -> int:
    """Turn an exception into one stderr line; returns the exit code."""
    from papercli import output

    if isinstance(exc, PapersError):
        output.error(exc.message, exc.hint)
        return int(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        output.error("interrupted")
        return int(ExitStatus.INTERRUPTED)
    damaged = _damaged_database(exc)
    if damaged:
        output.error(f"a papercli database is damaged ({damaged})", damaged_hint())
        return int(ExitStatus.ERROR)
    output.error(
        f"unexpected {exc.__class__.__name__}: {exc}",
        "set PAPERS_DEBUG=1 to see the traceback, and please report it",
    )
    return int(ExitStatus.ERROR)


def _damaged_database(exc: BaseException) -> str | None:
    """SQLite's "malformed"/"not a database" met after opening (a page went bad)."""
    import sqlite3

    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    return str(exc) if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) else None


def damaged_hint() -> str:
    from papercli import paths

    return (f"the library {paths.library_path()} is only a cache: move it aside and papers "
            "will build a new one")


def guarded(fn: F) -> F:
    """Run a command body; PapersError, Ctrl-C and surprises become an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except BrokenPipeError:
            # `papers today | head`: the reader left; that is not our failure.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            raise typer.Exit(0) from None
        except (PapersError, KeyboardInterrupt) as exc:
            raise typer.Exit(report(exc)) from None
        except Exception as exc:
            if os.environ.get("PAPERS_DEBUG"):
                raise
            raise typer.Exit(report(exc)) from None

    return wrapper  # type: ignore[return-value]


def command(
    app: typer.Typer, name: str, *groups: Group, example: str, **kw: Any
) -> Callable[[F], F]:
    """Register `fn` as `name`, expanding option groups and adding an example epilog."""

    def decorate(fn: F) -> F:
        sig = inspect.signature(fn)
        taken = {g.arg for g in groups}
        own = [p for p in sig.parameters.values() if p.name not in taken]
        extra = [p for g in groups for p in g.params]

        @functools.wraps(fn)
        def expanded(**kwargs: Any) -> Any:
            for group in groups:
                kwargs[group.arg] = group.build(kwargs)
            net = kwargs.get(FETCH.arg)
            if isinstance(net, FetchOptions) and net.timeout is not None:
                # Reaches Session.create without every command passing it along.
                from papercli import core

                token = core.TIMEOUT_OVERRIDE.set(net.timeout)
                try:
                    return fn(**kwargs)
                finally:
                    core.TIMEOUT_OVERRIDE.reset(token)
            return fn(**kwargs)

        params = own + extra
        expanded.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
        expanded.__annotations__ = {p.name: p.annotation for p in params}
        del expanded.__wrapped__
        epilog = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in example.splitlines())
        app.command(name, epilog=epilog, **kw)(guarded(expanded))
        return fn

    return decorate
