"""papercuts of `papers note` found editing notes as `git commit` is used: a note too
long for the editor said in 190 columns; a 10 MB note said to be "800,001 characters"."""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

import papercli
from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item
from papercli.notes import MAX_NOTE

A = parse_item(seed_items()[0]).id
SRC = str(Path(papercli.__file__).parent.parent)


@pytest.fixture
def in_tmp(monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor's file in /tmp itself, as most systems have it (pytest's temp folder
    made every line naming a file in it wider than 80 columns)."""
    monkeypatch.setattr(tempfile, "tempdir", "/tmp")


def kept_in(line: str) -> Path:
    """The file a line ending "kept in FILE" names (checked to be the editor's)."""
    kept = Path(line.rpartition(" kept in ")[2])
    assert kept.parent == Path("/tmp") and kept.name.startswith("papercli-note-")
    return kept


def note_of(papers: Any, pid: str) -> str | None:
    return papers("show", pid, "--offline", "--json").json.get("note")


def test_a_note_too_long_in_the_editor_fits_80_columns_naming_the_file(
        library: Any, tmp_path: Path, in_tmp: None) -> None:
    """Over the limit in the editor, the error line was 190 columns ("the note is …
    characters long, more than 200,000; the note is unchanged — what you wrote is kept
    in FILE: keep the long text in a file and link to it"); 10 MB of it was said to be
    "800,001 characters long", the count of what was read of it."""
    script = tmp_path / "paste.py"
    for size in (MAX_NOTE + 1, 10_000_000):
        script.write_text(f"import sys\nopen(sys.argv[-1], 'w').write('a' * {size})\n",
                          encoding="utf-8")
        env = {"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
               "VISUAL": ""}
        result = library("note", A, env=env)
        assert result.exit_code == 2
        line = one_line(result.stderr)
        kept = kept_in(line)
        assert line == f"papers: error: the note is too long — kept in {kept}"
        assert len(line) <= 80
        assert len(kept.read_text(encoding="utf-8")) == size
        kept.unlink()
    assert note_of(library, A) is None


def test_a_huge_note_on_stdin_is_not_given_a_made_up_length(library: Any) -> None:
    result = library("note", A, "-m", "-", input="a" * 10_000_000)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "800,001" not in line
    assert line == f"papers: error: the note is over {MAX_NOTE:,} characters — link to a file"
