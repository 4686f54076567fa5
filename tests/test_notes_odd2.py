"""papercuts of `papers note` found editing notes as `git commit` is used: a note saved
from another terminal while the editor was open, overwritten without a word; a note too
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


def meanwhile_editor(tmp_path: Path, text: str, *, append: bool = False) -> dict[str, str]:
    """$EDITOR as a script that, while it is open, has `papers note A --append -m
    "Saved meanwhile."` run (another terminal), then writes `text` into its file (or
    appends it)."""
    script = tmp_path / "meanwhile_editor.py"
    script.write_text(
        "import subprocess, sys\n"
        f"run = {f'import sys; sys.path.insert(0, {SRC!r}); sys.argv = ' + repr(['papers', 'note', A, '--append', '-m', 'Saved meanwhile.']) + '; from papercli.cli.main import main; main()'!r}\n"  # noqa: E501
        "subprocess.run([sys.executable, '-c', run], check=True)\n"
        f"with open(sys.argv[-1], {'a' if append else 'w'!r}, encoding='utf-8') as f:\n"
        f"    f.write({text!r})\n", encoding="utf-8")
    return {"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
            "VISUAL": ""}


def note_of(papers: Any, pid: str) -> str | None:
    return papers("show", pid, "--offline", "--json").json.get("note")


def test_a_note_saved_while_the_editor_was_open_is_not_overwritten(
        library: Any, tmp_path: Path, in_tmp: None) -> None:
    """Two terminals: one edits the note, the other adds to it meanwhile; the editor's
    save replaced the note with the text it was opened with plus its edit, the other's
    paragraph lost without a word. Now the edit is refused, its text kept in the file
    named, on one line within 80 columns."""
    assert library("note", A, "-m", "First.").exit_code == 0
    result = library("note", A, env=meanwhile_editor(tmp_path, "First, edited.\n"))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    kept = kept_in(line)
    assert line == f"papers: error: note changed meanwhile — kept in {kept}"
    assert len(line) <= 80
    assert kept.read_text(encoding="utf-8") == "First, edited.\n"
    kept.unlink()
    assert note_of(library, A) == "First.\n\nSaved meanwhile."
    closed = library("note", A, env=meanwhile_editor(tmp_path, "First.\n\nSaved meanwhile.\n"))
    assert closed.exit_code == 0, closed.stderr  # (left as opened: nothing to refuse)
    # (unchanged, as said of any edit left as opened; back within a second, with the
    # hint for an editor that did not wait: this one is quick on an idle machine)
    assert one_line(closed.stderr).startswith((f"papers: the note on {A} is unchanged",
                                               f"papers: note on {A} unchanged")), closed.stderr
    assert note_of(library, A) == "First.\n\nSaved meanwhile.\n\nSaved meanwhile."


def test_an_append_in_the_editor_adds_to_the_note_as_it_is_when_saved(
        library: Any, tmp_path: Path, in_tmp: None) -> None:
    """--append in the editor added to the note as it was when the editor opened: a
    paragraph appended from another terminal meanwhile was lost."""
    assert library("note", A, "-m", "First.").exit_code == 0
    result = library("note", A, "--append",
                     env=meanwhile_editor(tmp_path, "Added in the editor.\n", append=True))
    assert result.exit_code == 0, result.stderr
    assert note_of(library, A) == "First.\n\nSaved meanwhile.\n\nAdded in the editor."


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


@pytest.mark.parametrize("name", ["vi", "nvim", "nano"])
def test_a_terminal_editor_quit_at_once_is_not_told_to_wait(
        library: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """vi opened and quit with `:q` within a second said "EDITOR did not wait (use its
    wait option)": advice for a window editor's launcher (`code`), which vi has no need
    of, and said of EDITOR when it was not even set (the default, vi)."""
    from papercli import editor as editors

    program = tmp_path / "bin" / name  # quits at once, the file as it was
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(editors, "AT_ONCE", 3600.0)  # (however slow the machine is)
    quit_at_once = library("note", A, env={"EDITOR": f"{program} -u NONE", "VISUAL": ""})
    assert quit_at_once.exit_code == 0, quit_at_once.stderr
    assert one_line(quit_at_once.stderr) == f"papers: the note on {A} is unchanged"
    assert editors.at_once_hint(0.0, environ={}) == []  # (neither set: vi, nano, notepad)
