"""Start-up cost grows with what a command does, not with what papercli could do: each
check runs `papers` in a fresh process the way a shell does and looks at what it imported.
`--version` needs no command-line parser, and a command that asks the Hub loads httpx's
client without httpx's own command-line program (Rich's syntax highlighting, Pygments and
Click come with that, and nothing in papercli runs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from conftest import Home, modules_loaded
from hubserver import HubServer
from papercli import __version__

# What httpx's command-line program (`httpx._main`, blocked as None) pulls in, which no
# papercli command has a use for; Typer brings its own copy of Click as `typer._click`.
HTTPX_CLI = {"click", "pygments", "pygments.lexers", "rich.syntax",
             "rich.progress"}


def loaded(*argv: str) -> tuple[int, set[str], str]:
    """`modules_loaded`, whose process must succeed."""
    code, modules, out = modules_loaded(*argv)
    assert code == 0, out
    return code, modules, out


def test_version_is_printed_without_the_parser(home: Home) -> None:
    code, modules, out = loaded("--version")
    assert code == 0 and out == f"papercli {__version__}\n"
    assert "typer" not in modules and "papercli.cli._common" not in modules


def test_version_to_a_reader_that_left_is_quiet(home: Home) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the write meets a broken pipe
    try:
        proc = subprocess.run([sys.executable, "-m", "papercli", "--version"],
                              stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(writer)
    assert proc.returncode == 0 and proc.stderr == ""


def test_version_and_help_to_a_closed_or_full_stdout_say_one_line(home: Home) -> None:
    """`--show-completion SHELL > /dev/full` (a script saved on a full disk) was a
    traceback: it is printed where `--version` is, one line too."""
    for argv in (["--version"], ["--help"], ["watch", "--help"],
                 ["--show-completion", "bash"]):
        closed = subprocess.run([sys.executable, "-m", "papercli", *argv],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, timeout=60, pass_fds=(),
                                preexec_fn=lambda: os.close(1))
        assert closed.returncode == 0 and closed.stderr == "", (argv, closed.stderr)
        with open("/dev/full", "w") as full:  # every write: ENOSPC
            proc = subprocess.run([sys.executable, "-m", "papercli", *argv], stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=60)
        assert proc.returncode == 1, (argv, proc.stderr)
        assert proc.stderr.startswith("papers: error: ") and proc.stderr.count("\n") == 1, (
            argv, proc.stderr)


def test_version_with_more_words_still_goes_through_the_parser(home: Home) -> None:
    code, modules, out = loaded("--version", "extra")  # Typer's eager option, as before
    assert code == 0 and out == f"papercli {__version__}\n" and "typer" in modules


def test_a_listing_fetched_from_the_hub_skips_httpx_command_line_program(
        seeded_hub: HubServer) -> None:
    code, modules, out = loaded("today", "--json")
    assert code == 0 and json.loads(out)
    assert "httpx" in modules  # it did ask the Hub
    assert not modules & HTTPX_CLI, modules & HTTPX_CLI


def test_show_asking_the_hub_skips_httpx_command_line_program(
        seeded_hub: HubServer) -> None:
    code, modules, out = loaded("today", "--json")
    first = json.loads(out)[0]["id"]
    code, modules, out = loaded("show", first)
    assert code == 0 and first in out
    assert "httpx" in modules and "rich.console" in modules  # a panel, asked of the Hub
    assert not modules & HTTPX_CLI, modules & HTTPX_CLI


# Never needed by an everyday command on the library alone: the browser's toolkit, numeric
# and learning libraries, the MCP server, syntax highlighting, the HTTP client (nothing is
# asked), and the TOML writer (nothing is written to config.toml).
NOT_FOR_EVERYDAY = {"textual", "numpy", "scipy", "sklearn", "mcp", "pygments",
                    "rich.syntax", "httpx", "tomlkit"}


def test_everyday_commands_on_the_library_load_nothing_heavy(library: Any,
                                                             home: Home) -> None:
    first = library("search", "--offline", "--json").ids[0]
    assert library("star", first, "--offline").exit_code == 0
    assert library("tag", first, "later", "--offline").exit_code == 0
    assert library("watch", "add", "quant", "-k", "quantization").exit_code == 0
    piped = [["search", "language", "--offline"], ["starred"], ["tags"],
             ["trends", "--since", "2023-01-01"],  # (the library's years: not an empty chart)
             ["watch", "list"], ["config", "show"], ["export", "-f", "bibtex", "-n", "5"],
             ["note", first, "-m", "a note"], ["unstar", first], ["--help"]]
    for argv in piped:  # a table or a document to a pipe: no Rich either
        code, modules, out = loaded(*argv)
        assert code == 0 and (out or argv[0] in ("note", "unstar")), argv
        assert not modules & (NOT_FOR_EVERYDAY | {"rich"}), (argv, modules & NOT_FOR_EVERYDAY)
    code, modules, out = loaded("show", first, "--offline")  # a panel: Rich, nothing more
    assert code == 0 and first in out and "rich.console" in modules
    assert not modules & NOT_FOR_EVERYDAY, modules & NOT_FOR_EVERYDAY
