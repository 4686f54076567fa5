"""Generate docs/cli.md from the commands' own --help (checked by tests/test_docs.py).

    python -m papercli.cli.docs > docs/cli.md
"""

import sys
from collections.abc import Iterator
from typing import Any

from typer.main import get_command
from typer.testing import CliRunner

HEADER = """# Command reference

Generated from `papers --help` by `python -m papercli.cli.docs > docs/cli.md`;
`tests/test_docs.py` fails when it is out of date.
"""


def command_paths() -> Iterator[list[str]]:
    from papercli.cli.main import app

    root = get_command(app)
    yield []
    stack: list[tuple[list[str], Any]] = [([], root)]
    while stack:
        prefix, group = stack.pop(0)
        for name in getattr(group, "commands", {}):
            cmd = group.commands[name]
            if cmd.hidden:
                continue
            yield [*prefix, name]
            if getattr(cmd, "commands", None):
                stack.append(([*prefix, name], cmd))


def render() -> str:
    from papercli.cli.main import app

    runner = CliRunner()
    parts = [HEADER]
    for path in command_paths():
        # The width `papers X --help` has on a terminal or a pipe (click's 80 less 2): the
        # test runner forces 80, and the pages ran 2 columns wider than the real help.
        result = runner.invoke(app, [*path, "--help"], prog_name="papers", terminal_width=78)
        title = " ".join(["papers", *path])
        parts.append(f"\n## `{title}`\n\n```text\n{result.stdout.rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render())
