"""A home papercli cannot make its folders in: what it says, in 80 columns.

The tests may run as root, whom a read-only mode does not stop: the folders that cannot
be written in are made so by `Path.mkdir` refusing, as the OS refuses a user."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from papercli.terminal import cell_width


def refuse_mkdir_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`Path.mkdir` of anything inside `folder` fails as in a folder the user cannot
    write in (EPERM, "Operation not permitted": the OS's longer words)."""
    real = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if folder in self.parents and not self.exists():
            raise PermissionError(errno.EPERM, "Operation not permitted", str(self))
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.mark.parametrize(("args", "variable", "label"), [
    (("search", "llama", "--offline", "--json"), "XDG_CACHE_HOME", "library"),
    (("starred", "--json"), "XDG_DATA_HOME", "user database"),
])
def test_an_empty_library_under_a_read_only_home_is_said_in_80_columns(
        papers, home, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
        variable: str, label: str) -> None:
    """The note saying why the library is empty, and what to do, fits 80 columns (its
    whole made 170 to 250 under a HOME of a usual length) and still says the fix."""
    deep = home.root / "a-home-folder-with-a-name-of-some-length"
    deep.mkdir()
    monkeypatch.setenv("HOME", str(deep))
    for name, folder in (("XDG_CACHE_HOME", ".cache"), ("XDG_DATA_HOME", ".local/share"),
                         ("XDG_CONFIG_HOME", ".config")):
        monkeypatch.setenv(name, str(deep / folder))
    refuse_mkdir_in(deep, monkeypatch)
    result = papers(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []
    notes = [line for line in result.stderr.splitlines() if f"{label} empty" in line
             or f"{label} is empty for now" in line]
    assert notes, result.stderr
    for note in notes:
        assert note.startswith("papers: "), note
        assert cell_width(note) <= 80, note
        assert f"set {variable} elsewhere" in note, note
        assert "cannot" in note, note


def test_a_config_folder_that_cannot_be_made_says_the_fix(
        papers, home, monkeypatch: pytest.MonkeyPatch) -> None:
    """`config set` where XDG_CONFIG_HOME cannot be written in says what to do in 80
    columns: with ~/ro-config, the form with the fix made 81, so it said "cannot create
    ~/ro-config/papercli: Operation not permitted" and no fix."""
    outside = home.root / "ro-config"
    outside.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(outside))
    refuse_mkdir_in(outside, monkeypatch)
    result = papers("config", "set", "display.limit", "5")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and cell_width(line) <= 80, line
    assert line.startswith("papers: error: "), line
    assert "set XDG_CONFIG_HOME elsewhere" in line, line
    assert "~/ro-config" in line, line  # which folder: the one it could not write in
    assert not (outside / "papercli").exists()
