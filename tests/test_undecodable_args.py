"""An argument with a byte the terminal's encoding cannot decode (a Latin-1 terminal's
"café", bytes pasted from a file) reaches Python as a lone surrogate. As a search word,
an `--author`, a note or a config value it is text nothing can hold: the search index
took the encoding error for damage and rebuilt itself (157 s at a million papers), then
the command ended in "unexpected UnicodeEncodeError ... please report it". Now it is a
usage error naming the argument and showing the byte, exit 2; a file name, which may be
any bytes, still works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, one_line
from papercli.db import textindex

ID = "2401.01055"


@pytest.mark.parametrize("args,option", [
    (("search", "caf\udce9", "--offline"), "invalid value for '[QUERY]...':"),
    (("search", "llama", "-a", "Jos\udce9", "--offline"), "--author:"),
    (("search", "-k", "\udcff", "--offline"), "--keyword:"),
    (("search", "--org", "\udcff", "--offline"), "--org:"),
    (("export", "--author", "\udcff"), "--author:"),
    (("watch", "add", "mine", "-a", "Jos\udce9"), "--author:"),
    (("note", ID, "-m", "caf\udce9"), "--message:"),
    (("config", "set", "display.columns", "\udcff"), "invalid value for 'VALUE...':"),
])
def test_an_undecodable_argument_is_a_usage_error(library, home: Home,
                                                  args: tuple[str, ...], option: str) -> None:
    assert library("search", "llama", "--offline").exit_code == 0  # the index is built
    meta = textindex.folder_for(home.library) / "meta.json"
    before = meta.read_bytes()
    result = library(*args)
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"papers: error: {option} "), line
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


# LC_ALL=C without Python's UTF-8 mode: the locale is ASCII, the terminal most likely not.
NOT_UTF8 = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def process(*args: str | bytes, input: bytes = b"",
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """`papers ARGS` as its own process: the operating system hands over the bytes."""
    return subprocess.run([sys.executable, "-m", "papercli", *args],
                          env={**os.environ, **(env_extra or {})}, input=input,
                          capture_output=True, timeout=60)


def test_utf8_under_an_ascii_locale_is_taken_as_utf8(library: Any) -> None:
    """Typed "café" was "'caf\\xc3\\xa9' is not UTF-8 text (is the terminal set to
    UTF-8?)", though it was; piped in, "unexpected UnicodeEncodeError". Both are the UTF-8
    they are."""
    typed = process("note", ID, "-m", "café".encode(), env_extra=NOT_UTF8)
    assert typed.returncode == 0, typed.stderr
    piped = process("note", ID, "--append", "-m", "-", input="naïve — ok\n".encode(),
                    env_extra=NOT_UTF8)
    assert piped.returncode == 0, piped.stderr
    shown = library("show", ID, "--json", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["note"] == "café\n\nnaïve — ok"
    found = process("search", "café", "--offline", "--json", env_extra=NOT_UTF8)
    assert found.returncode == 0, found.stderr
    assert [p["id"] for p in json.loads(found.stdout)] == [ID]


def test_a_note_on_stdin_that_is_not_utf8_is_a_usage_error(library: Any) -> None:
    result = process("note", ID, "-m", "-", input=b"caf\xe9\n")
    assert result.returncode == 2
    assert result.stderr.decode() == ("papers: error: the note on stdin is not UTF-8 text — "
                                      "convert it (iconv -t UTF-8)\n")  # (80 columns: 93)
    assert library("show", ID, "--json", "--offline").json.get("note") is None


def test_a_long_undecodable_argument_is_quoted_short_and_its_escapes_written_out(
        library: Any) -> None:
    """A long argument that is not UTF-8 was quoted whole (3,000 bytes as 12,000
    characters: the error line was cut before its hint), and an escape typed in it (a
    control character, valid ASCII) reached the line raw; now it is quoted as every
    message quotes a value: each byte and control written out, cut with "…"."""
    long = library("show", "\udcff" * 3000)
    assert long.exit_code == 2
    line = one_line(long.stderr)
    assert line == ("papers: error: invalid value for 'ID...': '" + "\\xff" * 60 + "…' is not "
                    "UTF-8 text (is the terminal set to UTF-8?) — see 'papers show --help'")
    escaped = library("show", "\udcff\x1b[31mred")
    assert "'\\xff\\x1b[31mred' is not UTF-8 text" in one_line(escaped.stderr)
