"""papers mcp: the library as Model Context Protocol tools for an assistant (the server is
`papercli.mcpserver`; this is its command line)."""

import sys
from typing import Annotated

import typer

from papercli.cli._common import Timeout, command

app = typer.Typer()


@command(
    app, "mcp",
    example="papers mcp\npapers mcp --online\npapers mcp --allow-writes",
)
def mcp(
    *,
    online: Annotated[bool, typer.Option(
        "--online", help="Let the tools ask the Hub (search, a listing the library lacks, "
        "a paper not in it); without it no tool uses the network.")] = False,
    allow_writes: Annotated[bool, typer.Option(
        "--allow-writes", help="Also offer the tools that change your own data: star, "
        "unstar, tag, untag, note and mark_read.")] = False,
    timeout: Timeout = None,
) -> None:
    """Serve your library to an AI assistant over MCP (stdin/stdout).

    An MCP client (Claude Desktop, an IDE agent) starts this command and calls its tools:
    search, list_papers (a day, week, month or a date range), show_paper, full_text,
    for_you, related_papers, trends, list_tags, list_watches, list_families and
    list_orgs, each answering with the JSON of the matching command's --json, compact (at
    most 50 papers a call, 20 unless asked, as many as fit in 100,000 characters; a
    listing's papers brief, a gist in place of the abstract, unless the assistant asks
    for them in full). It is read-only and offline
    unless --allow-writes and --online say otherwise. Stdout carries only the protocol;
    it ends when the client closes stdin.
    """
    from papercli import mcpserver, output
    from papercli.errors import UsageError

    if sys.stdin is None or sys.stdout is None:  # started with descriptor 0 or 1 closed:
        # the protocol has no way in or out (and the number may since be another file's)
        error = UsageError("papers mcp needs its standard input and output open: it talks "
                           "MCP on them", hint="let an MCP client start it (papers mcp in "
                           "its server settings), or run it with both on a terminal or pipes")
        # (the whole made 197 columns)
        error.shorter = [("papers mcp needs stdin/stdout open", "let an MCP client start it"),
                         ("papers mcp needs stdin/stdout open", None)]
        raise error
    settings = mcpserver.Settings(online=online, allow_writes=allow_writes, timeout=timeout)
    if sys.stdin.isatty():  # a person, not a client: say what this is
        output.note("serving MCP on stdin/stdout for an assistant "
                    f"({'online' if online else 'offline'}, "
                    f"{'writes allowed' if allow_writes else 'read-only'}); "
                    "Ctrl-D or Ctrl-C ends it")
    from papercli.cli import failures

    try:
        mcpserver.serve(settings)
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: said once, then gone
        _leave(failures.report(exc))
    _leave(0)  # the client closed stdin, perhaps with a call still running


def _leave(code: int) -> None:
    """End at once with `code`: on Ctrl-C (130) or SIGTERM (143), after the usual one line,
    or 0 when the client closed stdin. A tool call still running (a slow request, one the
    client cancelled or left behind) or the SDK's reader blocked on stdin is a thread the
    interpreter would wait for at exit, a request's whole timeout and retries: then the
    process ends without waiting (every database write is a transaction, and the library
    survives a kill)."""
    import os
    import threading

    busy = [t for t in threading.enumerate()
            if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if busy:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)
