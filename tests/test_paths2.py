"""A file where papercli's cache or data folder should be, inside the folder an XDG
variable names (or under HOME): the file is named, with the fix of moving it aside, in
80 columns; the variable is blamed only when it names a file itself (test_accidents)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import Home, one_line
from hubserver import seed_items
from papercli.terminal import cell_width

SEED = seed_items()
A = SEED[0]["paper"]["id"]


def _file_in_the_way(folder: Path, keep: Path) -> None:
    """papercli's own `folder` made a file (what it held kept at `keep`)."""
    if folder.exists():
        shutil.move(folder, keep)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("", encoding="utf-8")


@pytest.mark.parametrize("place", ["cache", "data"])
def test_a_file_in_the_way_of_a_folder_is_named_to_move_aside(
        library, seeded_hub, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        place: str) -> None:
    papers = library
    monkeypatch.setenv("COLUMNS", "80")
    src = tmp_path / "more.json"
    src.write_text(json.dumps(SEED[:3]), encoding="utf-8")
    _file_in_the_way(getattr(home, place) / "papercli", tmp_path / "kept")
    said = f"papers: error: ~/{place}/papercli is not a folder — move it aside\n"
    if place == "cache":  # the library cannot be made
        for args in (("star", A), ("import", str(src))):
            result = papers(*args)
            assert (result.exit_code, result.stderr) == (1, said), args
        # (--offline: nothing to read, so no folder to make; the miss is said, after
        # why the library holds nothing: it was "no daily listing" alone)
        offline = papers("today", "--offline")
        assert offline.exit_code == 1
        assert offline.stderr.splitlines() == [
            "papers: ~/cache/papercli is not a folder: library empty — move it aside",
            "papers: error: no daily listing in the local library — run without --offline"]
    else:  # the user database cannot be made; the library reads on
        assert papers("today", "--offline").exit_code == 0
        assert papers("import", str(src)).exit_code == 0
        for args in (("star", A), ("star", A, "--offline")):
            result = papers(*args)
            assert (result.exit_code, result.stderr) == (1, said), args
        note = papers("starred").stderr.splitlines()[-1]
        assert note == ("papers: ~/data/papercli is not a folder: user database empty — "
                        "move it aside"), note
    # the whole, for PAPERS_DEBUG: the file named, not XDG_*_HOME as naming a file
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(papers("star", A).stderr)
    blocker = getattr(home, place) / "papercli"
    variable = f"XDG_{place.upper()}_HOME"
    assert line.endswith(f"— {blocker} is not a folder: move it aside, or set {variable} "
                         "to a folder you can write"), line


@pytest.mark.parametrize("place", ["cache", "data"])
def test_a_file_in_the_way_under_home_is_said_in_80_columns(
        library, seeded_hub, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        place: str) -> None:
    """No XDG variable set: the folder under HOME, with ~, and the fix (170 columns
    before, with no shorter way to say it)."""
    papers = library
    monkeypatch.setenv("COLUMNS", "80")
    under = {"cache": ".cache", "data": ".local/share"}[place]
    variable = f"XDG_{place.upper()}_HOME"
    shutil.copytree(home.cache, home.root / ".cache")  # the library, where HOME keeps it
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("XDG_DATA_HOME")
    _file_in_the_way(home.root / under / "papercli", tmp_path / "kept")
    result = papers("star", A)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: ~/{under}/papercli is not a folder — move it "
                           "aside"), line
    assert cell_width(line) <= 80, line
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # the whole names the variable too
    assert f"move it aside, or set {variable} to a folder" in papers("star", A).stderr


@pytest.mark.parametrize(("value", "said"), [
    ("[bold]x", "display.sort '[bold]x' — trending, upvotes, new, stars, relevance"),
    ("\x1b[31mred", "display.sort '\\x1b[3…' — trending, upvotes, new, stars, relevance"),
    ("x", "display.sort 'x' — use trending, upvotes, new, stars or relevance")])
def test_a_choice_refused_is_quoted_as_typed(papers, home: Home,
                                             monkeypatch: pytest.MonkeyPatch, value: str,
                                             said: str) -> None:
    """As `--sort '[bold]x'` says it: the value refused, quoted (markup as typed, an
    escape written out), with the choices, in 80 columns; nothing written."""
    monkeypatch.setenv("COLUMNS", "80")
    result = papers("config", "set", "display.sort", value)
    assert (result.exit_code, result.stderr) == (2, f"papers: error: {said}\n")
    assert not home.config_file.exists()


def test_unset_of_a_section_removes_the_settings_it_lists(papers, home: Home,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """`config get display` lists a section; `config unset display` removes each of its
    settings the file sets, as `git config --remove-section` does, and names them (it
    said "unknown setting 'display'"). Other sections, and keys no setting knows, stay."""
    monkeypatch.setenv("COLUMNS", "80")
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text('[display]\nsort = "new"\nlimit = 5\nmine = 1\n\n'
                                '[network]\ntimeout = 3.0\n', encoding="utf-8")
    done = papers("config", "unset", "display")
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ("papers: removed display.limit and display.sort from "
                           "config.toml; defaults apply\n")
    import tomllib

    assert tomllib.loads(home.config_file.read_text(encoding="utf-8")) == {
        "display": {"mine": 1}, "network": {"timeout": 3.0}}
    assert papers("config", "get", "display.sort").stdout == "trending\n"
    again = papers("config", "unset", "display")
    assert (again.exit_code, one_line(again.stderr)) == (
        0, "papers: no display setting was set in config.toml; the defaults apply")
    one = papers("config", "unset", "network")
    assert one.stderr == "papers: removed network.timeout from config.toml; its default applies\n"
    assert papers("config", "get", "network.timeout").stdout == "10.0\n"
    unknown = papers("config", "unset", "nope")
    assert unknown.exit_code == 2 and "unknown setting 'nope'" in unknown.stderr
