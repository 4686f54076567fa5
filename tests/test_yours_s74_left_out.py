"""Your own papers leaving the library: a noted paper the library lacks (noted offline,
no copy kept) is said where an export or the --noted listing leaves it out; the vault's
kept edit and a failing editor say what to do next, in 80 columns."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item

A, B = (parse_item(item).id for item in seed_items()[:2])
GONE, LOST = "2611.99991", "2611.99992"  # never in the library: noted offline


def _note(library: Any, pid: str, text: str, *more: str) -> None:
    result = library("note", pid, "-m", text, *more)
    assert result.exit_code == 0, result.stderr


def test_noted_papers_the_library_lacks_are_said_not_dropped(library: Any,
                                                             tmp_path: Path) -> None:
    """`export --noted --split` said "wrote 2 notes" of 4 noted papers: the two noted
    offline, which the library lacks and keeps no copy of, were left out without a word
    (an Obsidian vault lost those notes), and `search --noted` listed 2 as if that were
    all. Both now say how many were left out and the command that fetches them."""
    _note(library, A, "Mine on A.")
    _note(library, B, "Mine on B.")
    _note(library, GONE, "Noted on the train.", "--offline")
    vault = tmp_path / "vault"
    one = library("export", "--noted", "--split", str(vault))
    assert one.exit_code == 0, one.stderr
    assert one.stderr.splitlines() == [
        f"papers: left out noted {GONE}, not in the library: papers show {GONE}",
        f"papers: wrote 2 notes to {vault}"]
    assert len(list(vault.iterdir())) == 2
    _note(library, LOST, "And another.", "--offline")
    both = "papers: left out 2 noted papers not in the library: papers show ID fetches each"
    listed = library("search", "--noted", "--offline", "-q")
    assert listed.exit_code == 0, listed.stderr
    assert sorted(listed.stdout.split()) == sorted([A, B])
    assert one_line(listed.stderr) == both
    moved = library("export", "--noted", "-f", "json")
    assert moved.exit_code == 0, moved.stderr
    assert sorted(p["id"] for p in moved.json) == sorted([A, B])
    assert one_line(moved.stderr) == both
    assert all(len(line) <= 80 for line in (listed.stderr + moved.stderr).splitlines())
    # Not one that another of your marks leaves out (--starred: none is starred)
    assert "left out" not in library("search", "--noted", "--starred", "--offline").stderr


def test_without_noted_papers_missing_nothing_is_said(library: Any, tmp_path: Path) -> None:
    """Every noted paper in the library: no such line (a listing of none but the usual)."""
    _note(library, A, "Mine on A.")
    result = library("export", "--noted", "--split", str(tmp_path / "vault"))
    assert result.stderr == f"papers: wrote 1 note to {tmp_path / 'vault'}\n"
    assert "left out" not in library("search", "--noted", "--offline").stderr


def test_a_kept_vault_edit_says_where_the_newer_note_is(library: Any, tmp_path: Path) -> None:
    """The warning that the vault's hand edit was kept over the newer `papers note` said
    no next step: it now names `papers show`, which prints the newer note to merge."""
    vault = tmp_path / "vault"
    _note(library, A, "First thought.")
    assert library("export", "--split", str(vault), A).exit_code == 0
    [path] = list(vault.iterdir())
    path.write_text(path.read_text(encoding="utf-8") + "\nTyped in the vault.\n",
                    encoding="utf-8")
    _note(library, A, "Changed later.")
    again = library("export", "--split", str(vault), A, "--force")
    assert again.exit_code == 0, again.stderr
    warning = again.stderr.splitlines()[0]
    assert warning == f"papers: warning: kept your edit of {A}'s note (newer one: papers show ID)"
    assert len(warning) <= 80
    assert "Changed later." in library("show", A, "--offline").stdout


def test_a_failing_editor_keeps_is_unchanged_and_says_what_to_fix(library: Any,
                                                                   tmp_path: Path) -> None:
    """An editor (a script's long path) exiting 3 with nothing saved said "the editor
    '…' exited with status 3" at 80 columns: "; the note is unchanged" was the part left
    out, and no fix was named. The editor's name now goes first, the fix stays."""
    _note(library, A, "keep me")
    script = tmp_path / "some" / "long" / "folder" / "of" / "editors" / "fails.py"
    script.parent.mkdir(parents=True)
    script.write_text("import sys\nsys.exit(3)\n", encoding="utf-8")
    env = {"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
           "VISUAL": ""}
    result = library("note", A, env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        "papers: error: the editor failed (status 3); the note is unchanged — fix EDITOR\n")
    short = library("note", A, env={"EDITOR": "false", "VISUAL": ""})
    assert one_line(short.stderr) == (
        "papers: error: the editor failed (status 1); the note is unchanged — fix EDITOR")
    assert library("show", A, "--offline", "--json").json["note"] == "keep me"
