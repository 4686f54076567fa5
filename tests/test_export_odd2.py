"""Odd -o and --split paths an export is given: a ~user that names no user, a file name
longer than the file system allows, a file given as --split's folder. Each is one line
that fits 80 columns and says what to do, never an unexpected error to report."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Papers, one_line


@pytest.mark.parametrize("args", [
    ("-o", "~nobody-here-at-all/refs.bib"),
    ("-f", "atom", "-o", "~nobody-here-at-all/feed.atom"),
    ("--split", "~nobody-here-at-all/vault"),
    ("no-such-word-anywhere", "--split", "~nobody-here-at-all/vault"),
])
def test_a_tilde_user_that_is_no_user_is_said_with_what_to_do(
        library: Papers, tmp_path: Path, args: tuple[str, ...]) -> None:
    # (the shell leaves ~user as typed when there is no such user: papers gets it whole)
    code, _, err = library("export", *args)
    line = one_line(err)
    assert code == 1
    assert line == ("papers: error: ~nobody-here-at-all names no home folder on this "
                    "system — write the path out in full")
    assert not any((tmp_path / "cwd").iterdir())
