"""An argument with a byte the terminal's encoding cannot decode (a Latin-1 terminal's
"café", bytes pasted from a file) reaches Python as a lone surrogate. As a search word,
an `--author`, a note or a config value it is text nothing can hold: the search index
took the encoding error for damage and rebuilt itself (157 s at a million papers), then
the command ended in "unexpected UnicodeEncodeError ... please report it". Now it is a
usage error naming the argument and showing the byte, exit 2; a file name, which may be
any bytes, still works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from papercli.db import textindex

ID = "2401.01055"


@pytest.mark.parametrize("args,option", [
    (("search", "caf\udce9", "--offline"), "'[QUERY]...'"),
    (("search", "llama", "-a", "Jos\udce9", "--offline"), "'--author' / '-a'"),
    (("search", "-k", "\udcff", "--offline"), "'--keyword' / '-k'"),
    (("search", "--org", "\udcff", "--offline"), "'--org'"),
    (("export", "--author", "\udcff"), "'--author' / '-a'"),
    (("watch", "add", "mine", "-a", "Jos\udce9"), "'--author' / '-a'"),
    (("note", ID, "-m", "caf\udce9"), "'--message' / '-m'"),
    (("config", "set", "display.columns", "\udcff"), "'VALUE'"),
])
def test_an_undecodable_argument_is_a_usage_error(library, home: Home,
                                                  args: tuple[str, ...], option: str) -> None:
    assert library("search", "llama", "--offline").exit_code == 0  # the index is built
    meta = textindex.folder_for(home.library) / "meta.json"
    before = meta.read_bytes()
    result = library(*args)
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"papers: error: invalid value for {option}: "), line
    assert "is not UTF-8 text" in line and ("\\xe9" in line or "\\xff" in line), line
    assert "unexpected" not in line and result.stdout == ""
    assert meta.read_bytes() == before  # not taken for a damaged index
    again = library("search", "llama", "--offline")
    assert again.exit_code == 0 and "rebuilding" not in again.stderr


def test_a_real_process_given_the_bytes(library: Any, home: Home) -> None:
    """The operating system hands the bytes over; the line shows them as \\xe9."""
    env = dict(os.environ)
    found = subprocess.run([sys.executable, "-m", "papercli", "search", b"caf\xe9",
                            "--offline"], env=env, capture_output=True, timeout=60)
    assert found.returncode == 2
    assert found.stderr.startswith(b"papers: error: invalid value for '[QUERY]...': "
                                   b"'caf\\xe9' is not UTF-8 text")
    assert found.stdout == b""


def test_a_file_name_may_be_any_bytes(library: Any, tmp_path: Path) -> None:
    assert library("star", ID).exit_code == 0
    name = "caf\udce9.md"  # what Python makes of the file name b"caf\xe9.md"
    result = library("export", "--starred", "-o", name)
    assert result.exit_code == 0, result.stderr
    assert b"caf\xe9.md" in os.listdir(os.fsencode(tmp_path / "cwd"))


def test_an_encoding_error_is_not_damage_to_the_index(library: Any, home: Home) -> None:
    """Whatever still brings such text to the index (here the library's own reads, called
    directly) fails as itself: the index is not rebuilt for it."""
    from papercli.db.store import Store

    assert library("search", "llama", "--offline").exit_code == 0
    meta = textindex.folder_for(home.library) / "meta.json"
    before = meta.read_bytes()
    with Store.open(home.library) as store, pytest.raises(UnicodeEncodeError):
        store.search_text("caf\udce9")
    assert meta.read_bytes() == before
