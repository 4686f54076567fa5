"""import and cache: the local library itself."""

from typing import Annotated

import typer

from papercli.cli._common import JsonFlag, command, open_session
from papercli.words import plural

app = typer.Typer()
cache_app = typer.Typer(help="Inspect or clear the local library of fetched papers.",
                        no_args_is_help=True)


@command(app, "import", example="papers import papers.json\n"
         "curl -s $HF_ENDPOINT/api/daily_papers | papers import -")
def import_(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE...",
        help="Hub-shaped JSON files (daily-papers items or papers); - is stdin.")],
    *,
    as_json: JsonFlag = False,
) -> None:
    """Load Hub-shaped JSON into the library.

    For air-gapped machines and tests: a list of daily-papers items or paper objects.
    Items without an id or title are skipped and counted; a bad file changes nothing.
    """
    from papercli import library, output

    with open_session(offline=True) as session:
        result = library.import_sources(session, files)
        if result.skipped:
            reasons = "; ".join(result.reasons[:3])
            output.warn(f"skipped {plural(result.skipped, 'unusable item')} ({reasons})")
        if as_json:
            output.emit_json({"files": result.files, "read": result.read, "added": result.added,
                              "updated": result.updated, "skipped": result.skipped})
        else:
            output.note(
                f"imported {plural(result.added + result.updated, 'paper')} from "
                f"{plural(result.files, 'file')}: {result.added} new, {result.updated} updated, "
                f"{result.skipped} skipped"
            )


@command(cache_app, "info", example="papers cache info\npapers cache info --json")
def cache_info(*, as_json: JsonFlag = False) -> None:
    """Where the library is, how big, and which listings it holds."""
    from papercli import library, output

    with open_session(offline=True) as session:
        info = library.cache_info(session)
    if as_json:
        output.emit_json(info)
        return
    output.print_cache_info(info)


@command(cache_app, "clear", example="papers cache clear --yes")
def cache_clear(
    *,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every fetched paper and listing (stars and read marks are kept)."""
    import sys

    from papercli import library, output

    if not yes:
        if not sys.stdin.isatty():
            from papercli.errors import UsageError

            raise UsageError(
                "refusing to clear the library without --yes (stdin is not a terminal)"
            )
        typer.confirm("Delete every cached paper and listing?", abort=True)
    with open_session(offline=True) as session:
        papers, listings = library.clear_cache(session)
    output.note(f"cleared the library: {plural(papers, 'paper')}, "
                f"{plural(listings, 'listing')} removed")
