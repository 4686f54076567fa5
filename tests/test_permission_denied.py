"""A file or folder outside the databases that the system will not let papers have
("Permission denied", "Operation not permitted"): one line in 80 columns that says what
to do, where it said the OS's words alone.

The tests may run as root, whom permission bits do not stop: sysfs refuses a new folder
to root too; elsewhere the OS's refusal is made by the call that meets it."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, one_line, write_config
from papercli.terminal import cell_width


@pytest.mark.parametrize("split", ["/sys/papers-split", "/sys/kernel/papers-split/week"])
def test_split_into_a_folder_the_system_refuses_says_what_to_do(library: Any,
                                                                split: str) -> None:
    """`export --split /sys/x` said "cannot write /sys/x: /sys/x: Operation not
    permitted": the folder twice, and no word of what to do, where `-o` says it."""
    done = library("export", "--split", split)
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line.startswith("papers: error: ") and line.endswith(" — choose another path"), line
    refused = split if split.count("/") == 2 else str(Path(split).parent)
    assert line.count(refused) == 1 and cell_width(line) <= 80, line
    assert not Path(split).exists()


def test_a_config_file_that_cannot_be_read_says_what_to_do(
        papers: Any, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """config.toml the user may not read: "config.toml cannot be read: Permission
    denied", its hint left out for want of room."""
    write_config(home, "[display]\nlimit = 5\n")
    real = os.open
    config = str(home.config_file)

    def refused(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == config:
            raise PermissionError(errno.EACCES, "Permission denied", config)
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    done = papers("config", "show")
    assert done.exit_code == 1
    line = one_line(done.stderr)
    assert line == ("papers: error: config.toml cannot be read: Permission denied — make it "
                    "readable"), line
    assert cell_width(line) <= 80


@pytest.mark.parametrize("number", [errno.EACCES, errno.EPERM])
def test_a_refusal_no_narrower_handler_caught_says_what_to_do(
        library: Any, monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """A PermissionError met where nothing says it in its own words was "unexpected
    PermissionError: … — set PAPERS_DEBUG=1 to see the traceback, and please report it":
    it is the user's system saying no, said as a full disk is, with what to do."""
    from papercli import outfile

    def refused(path: Any, *args: Any, **kwargs: Any) -> Path:
        raise PermissionError(number, os.strerror(number), str(path))

    monkeypatch.setattr(outfile, "write_output", refused)
    done = library("export", "-o", "all.json")
    assert done.exit_code == 1
    line = one_line(done.stderr)
    assert line == "papers: error: permission denied (all.json) — check its permissions (ls -l)"
    assert "unexpected" not in line and cell_width(line) <= 80
