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


@pytest.mark.parametrize(("env", "hint"), [
    ({"VISUAL": "/no/such/visual", "EDITOR": "vi"}, "fix $VISUAL, or unset it to use $EDITOR"),
    ({"VISUAL": "", "EDITOR": "/no/such/editor"}, "fix $EDITOR, or set $VISUAL to an editor"),
])
def test_an_editor_that_cannot_start_names_the_variable_to_fix(
        library: Any, tmp_path: Path, env: dict[str, str], hint: str) -> None:
    """A $VISUAL naming no program said "set $VISUAL or $EDITOR": setting $EDITOR, which
    $VISUAL goes before, changed nothing. The hint now names the variable used."""
    assert library("note", A, "-m", "keep me").exit_code == 0
    result = library("note", A, env=env)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "cannot run the editor" in line and "the note is unchanged" in line, line
    assert line.endswith(f" — {hint}"), line
    shown = library("show", A, "--offline", "--json")
    assert shown.json["note"] == "keep me"
