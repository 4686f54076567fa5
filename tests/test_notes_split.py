"""`papers export --split --force` over a vault where a note file was edited by hand and
the paper's `papers note` changed too: the file keeps your edit, and that is said."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item

A, B = (parse_item(item).id for item in seed_items()[:2])


def _note_file(vault: Path, pid: str) -> Path:
    [path] = [p for p in vault.iterdir() if p.name.startswith(pid + "-")]
    return path


def test_a_hand_edited_note_kept_over_a_newer_papers_note_is_said(library: Any,
                                                                 tmp_path: Path) -> None:
    """The note file edited in the vault and the note changed in papers: `--force` keeps
    the file as you edited it (your words never lost), and said "2 already up to date"
    of it, the newer note in papers left out without a word. Now a warning names it, and
    the summary counts it ("1 kept as you edited it"), as it did not."""
    vault = tmp_path / "vault"
    assert library("note", A, "-m", "First thought.").exit_code == 0
    assert library("note", B, "-m", "Other paper.").exit_code == 0
    assert library("export", "--split", str(vault), A, B).exit_code == 0
    path = _note_file(vault, A)
    path.write_text(path.read_text(encoding="utf-8") + "\nTyped in the vault.\n",
                    encoding="utf-8")
    edited = path.read_text(encoding="utf-8")
    # Only edited by hand: kept, and up to date (nothing new in papers to be missing).
    same = library("export", "--split", str(vault), A, B, "--force")
    assert same.exit_code == 0, same.stderr
    assert one_line(same.stderr) == f"papers: wrote 0 notes to {vault} (2 already up to date)"
    assert library("note", A, "-m", "Changed later.").exit_code == 0
    again = library("export", "--split", str(vault), A, B, "--force")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines() == [
        f"papers: warning: kept your edit of {A}'s note (newer one: papers show ID)",
        f"papers: wrote 0 notes to {vault} (1 already up to date; 1 kept as you edited "
        "it)"]
    assert path.read_text(encoding="utf-8") == edited  # your words, as you left them
    assert library("note", B, "-m", "Changed too.").exit_code == 0
    path_b = _note_file(vault, B)
    path_b.write_text(path_b.read_text(encoding="utf-8") + "\nMine.\n", encoding="utf-8")
    both = library("export", "--split", str(vault), A, B, "--force")
    assert both.exit_code == 0, both.stderr
    assert both.stderr.splitlines()[0] == (
        "papers: warning: kept your edits in 2 notes; their newer ones: papers show ID")
    # the summary counts every note: none missing from it (2 of 2 kept)
    assert both.stderr.splitlines()[1] == (
        f"papers: wrote 0 notes to {vault} (2 kept as you edited them)")
