"""Papercuts found walking the less-used commands as a user does: `papers note` with an
editor that cannot start, and `papers families NAME`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item

A = parse_item(seed_items()[0]).id


@pytest.mark.parametrize(("env", "said"), [
    ({"VISUAL": "/no/such/visual", "EDITOR": "vi"},
     "cannot run the editor '/no/such/visual': not found — fix VISUAL"),
    ({"VISUAL": "", "EDITOR": "/no/such/editor"},
     "cannot run the editor '/no/such/editor': not found — fix EDITOR"),
    ({"VISUAL": "", "EDITOR": "nonexistent-editor"},
     "the editor 'nonexistent-editor' was not found — fix EDITOR"),
])
def test_an_editor_that_cannot_start_names_the_variable_to_fix(
        library: Any, tmp_path: Path, env: dict[str, str], said: str) -> None:
    """A $VISUAL naming no program said "set $VISUAL or $EDITOR": setting $EDITOR, which
    $VISUAL goes before, changed nothing. The hint now names the variable used."""
    assert library("note", A, "-m", "keep me").exit_code == 0
    result = library("note", A, env=env)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    # (in 80 columns, the fix in a few words: the whole line was 135)
    assert line == f"papers: error: {said}", line
    shown = library("show", A, "--offline", "--json")
    assert shown.json["note"] == "keep me"


def test_families_takes_a_family_name_or_alias(library: Any) -> None:
    """`papers families Qwen` was "got unexpected extra argument(s) (Qwen)": the one
    family asked for (by name or alias, any case) is now shown alone, with how to list
    its papers; a name that is none is a usage error naming the closest."""
    import json

    every = {row["name"]: row for row in json.loads(library("families", "--json").stdout)}
    for typed in ("Qwen", "qwen2", "TONGYI QIANWEN"):
        one = library("families", typed, "--json")
        assert one.exit_code == 0, one.stderr
        assert json.loads(one.stdout) == [every["Qwen"]]
    table = library("families", "sam")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("Segment Anything: "), lines  # one family: shown plainly
    assert lines[-1].startswith("Aliases: ")  # how to list its papers: on stderr
    assert one_line(table.stderr) == (
        "papers: to list its papers: papers search --family 'Segment Anything'")
    for typed, hint in (("lama", "did you mean LLaMA?"), ("zzzz", "papers families lists")):
        wrong = library("families", typed)
        assert wrong.exit_code == 2 and wrong.stdout == ""
        assert one_line(wrong.stderr).startswith(
            f"papers: error: unknown family '{typed}' — {hint}"), wrong.stderr


def test_a_note_typed_on_the_terminal_says_how_to_end_it(library: Any) -> None:
    """`papers note ID -m -` on a terminal waited for the end of input without a word, and
    looked hung; it now says to type the note and end it with Ctrl-D, in one line that fits
    80 columns (it took 93)."""
    from conftest import on_terminal

    typed: list[bytes] = []

    def reply(screen: bytes) -> bytes | None:
        if b"Ctrl-D" in screen and not typed:
            typed.append(b"typed here\n\x04")
            return typed[0]
        return None

    ran = on_terminal(["note", A, "-m", "-"], reply=reply, deadline=30)
    assert ran.code == 0, ran.screen
    said = [line for line in ran.screen.decode().splitlines() if "type the note" in line]
    assert said == ["papers: type the note; Ctrl-D on its own line saves it, Ctrl-C cancels"], \
        ran.screen  # one line that fits an 80-column terminal (it took 93)
    assert library("show", A, "--offline", "--json").json["note"] == "typed here"
    piped = library("note", A, "-m", "-", input="from a pipe\n")
    assert piped.exit_code == 0 and "Ctrl-D" not in piped.stderr, piped.stderr
