"""Standard input closed (`<&-`, a service or a cron job started without it): a command
that reads it, or asks whether it is a terminal, says so in one line. `cache clear`,
`browse` and `note -m -` ended in "unexpected AttributeError: 'NoneType' object has no
attribute 'isatty'" (or 'read'): Python leaves a closed stdin None."""

import subprocess
from typing import Any

import pytest

from conftest import Home, installed_papers, store_papers
from papercli.models import Paper


def closed_stdin(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed `papers ARGS` run by a shell with descriptor 0 closed."""
    return subprocess.run(["sh", "-c", '"$0" "$@" <&-', installed_papers(), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def stored(papers: Any, home: Home) -> None:
    store_papers(Paper(id="2406.00042", title="A closed pipe's paper",
                       published_at="2024-06-03T00:00:00Z"))


@pytest.mark.parametrize(("args", "code", "line"), [
    (["cache", "clear"], 2, "no terminal to ask on — add --yes to clear the library"),
    (["note", "2406.00042", "-m", "-", "--offline"], 2,
     "standard input is closed — e.g. echo TEXT | papers note ID -m -"),
    (["browse", "--offline"], 1, "papers browse needs a terminal — in a pipe, use papers "
                                 "today"),
], ids=["cache-clear", "note", "browse"])
def test_a_closed_stdin_is_one_line_not_an_attribute_error(
        stored: None, args: list[str], code: int, line: str) -> None:
    proc = closed_stdin(*args)
    assert (proc.returncode, proc.stdout) == (code, "")
    assert proc.stderr == f"papers: error: {line}\n"


def test_the_library_is_kept_when_clear_cannot_ask(stored: None, papers: Any) -> None:
    """Nothing is cleared when there is no terminal to ask on."""
    closed_stdin("cache", "clear")
    shown = papers("show", "2406.00042", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
