"""The root command run bare, as a shell runs it."""

from __future__ import annotations

import pytest

from conftest import Home


@pytest.mark.parametrize("group", [(), ("watch",), ("config",), ("cache",)])
def test_a_bare_command_shows_its_help_and_succeeds(papers, home: Home,
                                                    group: tuple[str, ...]) -> None:
    """`papers` (or `papers watch`) alone was a usage error (exit 2, the help on stderr);
    as gh and hf do when run bare, it is its --help: on stdout, exit 0."""
    bare, helped = papers(*group), papers(*group, "--help")
    assert bare.exit_code == helped.exit_code == 0, bare.stderr
    assert bare.stdout == helped.stdout
    assert bare.stdout.startswith(" ".join(("Usage: papers", *group)))
    assert bare.stderr == ""


@pytest.mark.parametrize("argv", [("--help",), ("export", "--help"), ("watch", "--help"),
                                  ("watch", "add", "--help"), ()])
def test_help_to_a_reader_that_left_exits_0(home: Home, argv: tuple[str, ...]) -> None:
    """`papers --help | head -0`: the help met a broken pipe and exited 1 (Typer's main took
    it for a failure), where every command's output exits 0 there."""
    import os
    import subprocess
    import sys

    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the write meets a broken pipe
    try:
        proc = subprocess.run([sys.executable, "-m", "papercli", *argv], stdout=writer,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(writer)
    assert (proc.returncode, proc.stderr) == (0, "")
