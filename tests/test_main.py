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
