"""The browser shows your tags and note on a paper, and `n` edits the note in $EDITOR
(the app suspended meanwhile), through Textual's harness on a real library and user
database; the result is checked through `papers show`, as a shell would."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, on_terminal, run
from hubserver import HubServer
from papercli.tui.app import BrowseApp
from test_browse import A, listed, make_app, pane, settle, table, typing, words
from test_tags_notes import editor


@pytest.fixture
def no_terminal_handover(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's headless harness has no terminal to hand the editor: suspending is a
    no-op here (on a terminal it gives the editor the screen)."""
    monkeypatch.setattr(BrowseApp, "suspend", lambda self: contextlib.nullcontext())


def note_of(pid: str) -> str | None:
    result = run("show", pid, "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    note: str | None = result.json.get("note")
    return note


async def select(pilot: Any, pid: str) -> None:
    app = pilot.app
    table(app).move_to(listed(app).index(pid))
    await pilot.pause()
    assert app.selected == pid


async def test_the_pane_shows_tags_and_note_and_n_edits_it(
        seeded_hub: HubServer, home: Home, tmp_path: Path, no_terminal_handover: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("tag", A, "robotics").exit_code == 0
    assert run("note", A, "-m", "Needs a \x1b[31mcloser\x1b[0m look.").exit_code == 0
    for name, value in editor(tmp_path, "Rewritten in the browser.\n").items():
        monkeypatch.setenv(name, value)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select(pilot, A)
        text = pane(app)
        assert "Your note" in text and "Needs a closer look." in text
        assert "Tags: robotics" in text and "\x1b" not in text
        await pilot.press("n")
        await settle(pilot)
        assert "Rewritten in the browser." in pane(app)
    seen = (tmp_path / "seen.md").read_text(encoding="utf-8")
    assert seen == "Needs a closer look.\n"  # (the note as stored: without its escapes)
    assert note_of(A) == "Rewritten in the browser."


async def _n_on_a_note_that_stays(meanwhile: Sequence[str] = ()) -> tuple[Any, list[str]]:
    """The browser, `n` on paper A whose note "keep" the edit must leave as it is: the
    app and the notifications it gave. `meanwhile`: a `papers` command run once the
    browser has read the note (another terminal), before `n`."""
    app = make_app()
    notes: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.say = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await select(pilot, A)
        if meanwhile:
            assert run(*meanwhile).exit_code == 0
        await pilot.press("n")
        await settle(pilot)
        assert "keep" in pane(app)
    return app, notes


async def test_an_editor_failing_in_the_browser_changes_nothing(
        seeded_hub: HubServer, home: Home, tmp_path: Path, no_terminal_handover: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    own = tmp_path / "tmp"  # (what the editor saved is kept there, named)
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    assert run("note", A, "-m", "keep").exit_code == 0
    for name, value in editor(tmp_path, "lost", status=2).items():
        monkeypatch.setenv(name, value)
    _, notes = await _n_on_a_note_that_stays()
    [kept] = list(own.iterdir())
    assert any("status 2" in n and "unchanged" in n and f"kept in {kept}" in n
               for n in notes), notes
    assert note_of(A) == "keep"


async def test_a_note_too_long_in_the_browser_is_said_and_kept(
        seeded_hub: HubServer, home: Home, tmp_path: Path, no_terminal_handover: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """n, then a note over the limit: the browser ended with the error (the text gone with
    the temporary file); now a notification names the file that keeps it."""
    import tempfile

    from papercli.notes import MAX_NOTE

    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    assert run("note", A, "-m", "keep").exit_code == 0
    for name, value in editor(tmp_path, "x" * (MAX_NOTE + 1)).items():
        monkeypatch.setenv(name, value)
    app, notes = await _n_on_a_note_that_stays()
    assert app.failure is None and app.return_code in (None, 0)
    [kept] = list(own.iterdir())
    assert any(f"kept in {kept}" in n and "unchanged" in n for n in notes), notes
    assert note_of(A) == "keep"


async def test_a_note_stored_over_the_limit_is_shortened_in_the_browser(
        seeded_hub: HubServer, home: Home, tmp_path: Path, no_terminal_handover: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """n on a note over the limit (as --append stored it before it was bounded), cut
    short in the editor: the browser ended with "the note is N characters long" and the
    edit was lost; now the shorter note is saved."""
    import sqlite3

    from papercli.notes import MAX_NOTE

    assert run("note", A, "-m", "first").exit_code == 0
    with contextlib.closing(sqlite3.connect(home.data / "papercli" / "user.db")) as conn:
        conn.execute("UPDATE notes SET text = ? WHERE paper_id = ?", ("w" * (MAX_NOTE + 1), A))
        conn.commit()
    for name, value in editor(tmp_path, "Cut short.\n").items():
        monkeypatch.setenv(name, value)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select(pilot, A)
        await pilot.press("n")
        await settle(pilot)
        assert "Cut short." in pane(app)
    assert app.failure is None
    assert note_of(A) == "Cut short."


def test_an_editor_failing_on_a_terminal_gives_the_browser_back(
        seeded_hub: HubServer, home: Home, tmp_path: Path) -> None:
    """On a real terminal (Textual hands it to the editor): an editor exiting non-zero
    used to leave the browser suspended, drawing nothing and reading no key."""
    assert run("today").exit_code == 0
    assert run("note", A, "-m", "keep").exit_code == 0
    reply = typing((b"LLaMA Beyond English", b"n"), (b"unchanged", b"q"))
    own = tmp_path / "tmp"  # (what the editor saved is kept there, named)
    own.mkdir()
    ran = on_terminal(["browse", "--offline"], env={**editor(tmp_path, "lost", status=2),
                                                    "TMPDIR": str(own)},
                      reply=reply, deadline=30)
    assert not reply.todo, ran.screen[-2000:]  # type: ignore[attr-defined]
    assert ran.code == 0
    assert b"exited with status 2; the note is unchanged" in words(ran.screen)
    assert note_of(A) == "keep"
    [kept] = list(own.iterdir())
    assert kept.read_text(encoding="utf-8") == "lost"


def test_ctrl_c_in_the_editor_ends_the_editor_not_the_browser(
        seeded_hub: HubServer, home: Home, tmp_path: Path) -> None:
    """An editor that leaves Ctrl-C to the terminal (ed, `code --wait`): Ctrl-C ends it,
    the note unchanged, and the browser carries on (it used to quit, silently, with 0)."""
    import shlex
    import sys

    assert run("today").exit_code == 0
    script = tmp_path / "waiting_editor.py"
    script.write_text("import signal, time\n"
                      "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
                      "print('EDITING', flush=True)\n"
                      "time.sleep(30)\n", encoding="utf-8")
    env = {"VISUAL": "", "EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"}
    reply = typing((b"LLaMA Beyond English", b"n"), (b"EDITING", b"\x03"),
                   (b"unchanged", b"q"))
    ran = on_terminal(["browse", "--offline"], env=env, reply=reply, deadline=30,
                      controlling=True)
    assert not reply.todo, ran.screen[-2000:]  # type: ignore[attr-defined]
    assert ran.code == 0
    assert b"was stopped by signal 2; the note is unchanged" in words(ran.screen)
    assert note_of(A) is None


def test_editor_helper_is_shared(tmp_path: Path) -> None:
    env: dict[str, Any] = editor(tmp_path, "x")
    assert env["VISUAL"] == "" and "fake_editor.py" in env["EDITOR"]


async def test_a_note_saved_elsewhere_while_the_browser_was_open_is_not_overwritten(
        seeded_hub: HubServer, home: Home, tmp_path: Path, no_terminal_handover: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`n` edits the note the browser read when it opened: one added meanwhile from
    another terminal (`papers note --append`) was replaced by the edit without a word,
    as `papers note` no longer does. Now the edit is refused, its text kept and named."""
    import tempfile

    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    assert run("note", A, "-m", "keep").exit_code == 0
    for name, value in editor(tmp_path, "Rewritten in the browser.\n").items():
        monkeypatch.setenv(name, value)
    _, notes = await _n_on_a_note_that_stays(("note", A, "--append", "-m", "Saved meanwhile."))
    [kept] = list(own.iterdir())
    assert kept.read_text(encoding="utf-8") == "Rewritten in the browser.\n"
    assert any("saved elsewhere" in n and f"kept in {kept}" in n for n in notes), notes
    assert note_of(A) == "keep\n\nSaved meanwhile."
