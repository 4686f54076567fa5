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


@pytest.mark.parametrize("option", ["-o", "--split"])
def test_a_name_too_long_for_the_file_system_is_one_line_saying_what_to_do(
        library: Papers, tmp_path: Path, option: str) -> None:
    name = "n" * 300 + (".bib" if option == "-o" else "")  # (255 bytes a name, at most)
    code, _, err = library("export", option, name)
    line = one_line(err)
    assert code == 1
    assert line == ("papers: error: a name in the output path is too long — choose a "
                    "shorter name")
    assert len(line) <= 80
    assert not any((tmp_path / "cwd").iterdir())


def test_a_name_too_long_is_said_whole_under_papers_debug(library: Papers) -> None:
    name = "n" * 300 + ".bib"
    code, _, err = library("export", "-o", name, env={"PAPERS_DEBUG": "1"})
    assert code == 1
    assert f"papers: error: cannot write {name}: its name is too long — choose a shorter " \
           "name" in err


@pytest.mark.parametrize("given", ["refs.bib", "refs.bib/vault", "./refs.bib"])
def test_a_file_given_as_splits_folder_is_named_as_typed(library: Papers, tmp_path: Path,
                                                           given: str) -> None:
    # (it was named by its whole path, the middle cut out to fit 80 columns, where
    # `-o refs.bib/x.md` and a folder that is missing are named as typed)
    held = tmp_path / "cwd" / "refs.bib"
    held.write_text("mine\n")
    code, out, err = library("export", "--split", given)
    assert (code, out) == (1, "")
    assert one_line(err) == "papers: error: refs.bib is not a folder — choose another path"
    assert held.read_text() == "mine\n"
    assert library("export", "-o", "refs.bib/x.md").stderr == err  # (as -o says it)
