"""`papers config edit`: config.toml in the user's editor, saved only when it would load.

The editor is a real program ($EDITOR, a script that edits the file it is handed, as a
person would); the command runs through `main` with piped streams, and on a real
pseudo-terminal where it asks whether to edit again after a mistake."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from conftest import Home, on_terminal, one_line, run
from papercli.terminal import cell_width


def said_of(home: Home, line: str) -> str:
    """`line` ("saved {}") naming config.toml as the note does in 80 columns: whole where
    it fits, else with ~, else by its name (the test's folder is long)."""
    from papercli.config import tilde

    path = home.config_file
    return next((said for said in (f"papers: {line.format(where)}" for where in (
        str(path), tilde(path), path.name)) if cell_width(said) <= 80),
        f"papers: {line.format(path.name)}")


# An editor: appends the text in $EDIT_APPEND to the file it is handed (none: leaves it),
# replaces $EDIT_FROM by $EDIT_TO, keeps a copy of what it was handed in $EDIT_SEEN (one
# file per run: seen.1, seen.2 ...), and exits with $EDIT_STATUS. $EDIT_ALSO: a file it
# writes besides (another program changing config.toml meanwhile).
EDITOR = """\
import os, sys
name = sys.argv[-1]
text = open(name, encoding="utf-8").read()
runs = len([f for f in os.listdir(os.environ["EDIT_SEEN"])]) + 1
open(os.path.join(os.environ["EDIT_SEEN"], f"seen.{runs}"), "w", encoding="utf-8").write(text)
step = os.environ.get(f"EDIT_STEP{runs}", "")
if step:
    frm, _, to = step.partition("=>")
    text = text.replace(frm, to) if frm else text + to
open(name, "w", encoding="utf-8").write(text)
also = os.environ.get("EDIT_ALSO")
if also:
    with open(also, "a", encoding="utf-8") as f:
        f.write("\\n[display]\\nlimit = 3\\n")
sys.exit(int(os.environ.get("EDIT_STATUS", "0")))
"""


def editor(tmp_path: Path, *steps: str, status: int = 0, also: Path | None = None
           ) -> dict[str, str]:
    """The environment that makes `papers config edit` run the script above: run N applies
    steps[N-1], "OLD=>NEW" (a replacement) or "=>TEXT" (appended)."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    seen = tmp_path / "seen"
    seen.mkdir(exist_ok=True)
    env = {"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
           "VISUAL": "", "EDIT_SEEN": str(seen), "EDIT_STATUS": str(status),
           "EDIT_ALSO": str(also or "")}
    env.update({f"EDIT_STEP{n}": step for n, step in enumerate(steps, 1)})
    return env


def seen(tmp_path: Path) -> list[str]:
    """What the editor was handed, run by run."""
    files = sorted((tmp_path / "seen").glob("seen.*"), key=lambda f: int(f.suffix[1:]))
    return [f.read_text(encoding="utf-8") for f in files]


MINE = "# my settings\n[network]\ntimeout = 5  # slow wifi\n"


def test_an_edit_that_checks_is_saved_as_written_comments_and_all(home: Home,
                                                                  tmp_path: Path) -> None:
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    added = "\n# mine too\n[watch.llava]\nfamily = [\"LLaVA\"]\n"
    result = run("config", "edit", env=editor(tmp_path, "=>" + added))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert one_line(result.stderr) == said_of(home, "saved {}")
    assert seen(tmp_path) == [MINE]
    assert home.config_file.read_text(encoding="utf-8") == MINE + added
    listed = run("watch", "list", "--json")
    assert [w["name"] for w in listed.json] == ["llava"]
    assert run("config", "get", "network.timeout").stdout == "5.0\n"


def test_a_new_file_starts_from_the_template_which_alone_is_not_saved(
        home: Home, tmp_path: Path) -> None:
    left = run("config", "edit", env=editor(tmp_path))
    assert left.exit_code == 0, left.stderr
    assert one_line(left.stderr) == said_of(home, "{} is unchanged")
    assert not home.config_file.exists()
    first = seen(tmp_path)[0]
    assert first.startswith("# papercli settings") and all(
        line.startswith("#") for line in first.splitlines())
    made = run("config", "edit", env=editor(tmp_path, "", "=>[display]\nlimit = 9\n"))
    assert made.exit_code == 0, made.stderr
    assert home.config_file.read_text(encoding="utf-8") == first + "[display]\nlimit = 9\n"
    assert run("config", "get", "display.limit").stdout == "9\n"


def test_a_mistake_names_its_line_and_changes_nothing(home: Home, tmp_path: Path) -> None:
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    cases = {
        "timeout = 5=>timeout = -1": ("line 3", "timeout must be at least"),
        "=>[watch.x]\nfamily = [\"Nope\"]\n": ("line 5", "unknown family 'Nope'"),
        "=>[network\n": ("line 4", "[network] declared twice"),  # (tomllib: Cannot declare)
        "=>[display]\nsort = \"sideways\"\n": ("line 5", "display.sort"),
    }
    draft = home.config_file.with_name("config.toml.edit")
    for step, (line, problem) in cases.items():
        result = run("config", "edit", env=editor(tmp_path, step))
        message = one_line(result.stderr)
        assert result.exit_code == 1, (step, result.stderr)
        assert line in message and problem in message, message
        # The draft that holds the edit by its name, not its whole path twice (240 columns)
        assert message.startswith(f"papers: error: config.toml.edit, {line}: "), message
        assert str(home.config_file) not in message and "~" not in message, message
        assert len(message) <= 80, message
        assert home.config_file.read_text(encoding="utf-8") == MINE
        frm, _, to = step.partition("=>")  # the edit, kept
        assert draft.read_text(encoding="utf-8") == (MINE.replace(frm, to) if frm else MINE + to)
        dropped = run("config", "edit", "--discard")  # (else the next case reopens it)
        assert dropped.exit_code == 0 and not draft.exists()
        assert one_line(dropped.stderr) == (
            "papers: removed your unsaved edit config.toml.edit; config.toml is as it was")
        for f in (tmp_path / "seen").iterdir():  # the next case's editor starts at run 1
            f.unlink()


def test_a_rejected_edit_is_kept_as_a_draft_which_the_next_edit_reopens(
        home: Home, tmp_path: Path) -> None:
    """A script's edit with a mistake said "nothing saved — run papers config edit again
    to fix it" (134 columns), and that edit opened the old file: what was typed was lost.
    Now it is kept beside the file (as crontab -e and git's COMMIT_EDITMSG keep theirs),
    as private as the file, never through a link; the error names it, and the next edit
    opens it, saying so, until it is saved (or discarded)."""
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    home.config_file.chmod(0o640)
    draft = home.config_file.with_name("config.toml.edit")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    draft.symlink_to(victim)  # planted: neither read as a draft nor written through
    typed = '# cap it\n[display]\nlimit = "x"\n'
    result = run("config", "edit", env=editor(tmp_path, "=>" + typed))
    assert (result.exit_code, result.stdout) == (1, "")
    assert one_line(result.stderr) == (
        "papers: error: config.toml.edit, line 6: limit must be a whole number, got 'x'")
    assert home.config_file.read_text(encoding="utf-8") == MINE
    assert victim.read_text(encoding="utf-8") == "keep me\n" and not draft.is_symlink()
    assert draft.read_text(encoding="utf-8") == MINE + typed
    assert draft.stat().st_mode & 0o777 == 0o640  # the config's own
    again = run("config", "edit", env=editor(tmp_path, "", 'limit = "x"=>limit = 9'))
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines() == [
        "papers: reopening your unsaved edit config.toml.edit (--discard drops it)",
        said_of(home, "saved {}")]
    assert seen(tmp_path) == [MINE, MINE + typed]  # the draft, not the old file
    assert home.config_file.read_text(encoding="utf-8") == MINE + typed.replace('"x"', "9")
    assert not draft.exists()  # saved: nothing left to reopen
    # With a password in it, the draft loses what group and others may do, as the file would
    secret = '[hub]\nendpoint = "https://me:pw@mirror.example"\n[display]\nlimit = -3\n'
    run("config", "edit", env=editor(tmp_path, "", "", "=>" + secret))
    assert draft.read_text(encoding="utf-8").endswith(secret)
    assert draft.stat().st_mode & 0o777 == 0o600


def test_a_draft_left_as_it_was_is_said_wrong_again_and_discard_drops_it(
        home: Home, tmp_path: Path) -> None:
    """Reopened and closed unchanged, the draft is checked again (its mistake said
    again, the draft kept); --discard removes it without opening the editor. That the
    draft is reopened is said as the editor opens, not above "no $EDITOR"."""
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    draft = home.config_file.with_name("config.toml.edit")
    run("config", "edit", env=editor(tmp_path, "timeout = 5=>timeout = 0"))
    kept = draft.read_text(encoding="utf-8")
    left = run("config", "edit", env=editor(tmp_path))
    assert left.exit_code == 1
    assert left.stderr.splitlines()[1] == (
        "papers: error: config.toml.edit, line 3: timeout must be at least 0.1, got 0")
    assert draft.read_text(encoding="utf-8") == kept
    # said as the editor opens: not before an editor that cannot be run
    unopened = run("config", "edit", env={"EDITOR": "", "VISUAL": ""})
    assert one_line(unopened.stderr) == (
        "papers: error: no EDITOR and no terminal — use papers config set KEY VALUE")
    dropped = run("config", "edit", "--discard", env=editor(tmp_path))
    assert dropped.exit_code == 0 and not draft.exists()
    assert len(seen(tmp_path)) == 2  # no editor for --discard
    none = run("config", "edit", "--discard")
    assert (none.exit_code, one_line(none.stderr)) == (
        0, "papers: no unsaved edit to discard: config.toml.edit does not exist")
    assert home.config_file.read_text(encoding="utf-8") == MINE
    fresh = run("config", "edit", env=editor(tmp_path))
    assert seen(tmp_path)[-1] == MINE and one_line(fresh.stderr).endswith("is unchanged")


def test_an_unknown_key_is_saved_with_the_warning_every_command_gives(
        home: Home, tmp_path: Path) -> None:
    result = run("config", "edit", env=editor(tmp_path, "=>[nework]\ntimeout = 3\n"))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert "line 7: 'timeout' ignored (network.timeout?)" in lines[0]
    assert lines[1] == said_of(home, "saved {}")


def test_an_editor_that_fails_or_is_missing_changes_nothing(
        home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    own = tmp_path / "tmp"  # (what the failing editor saved is kept there, named)
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    failed = run("config", "edit", env=editor(tmp_path, "=>[display]\nlimit = 2\n", status=3))
    assert failed.exit_code == 1
    [kept] = list(own.iterdir())
    assert "status 3; config.toml is unchanged" in one_line(failed.stderr)
    assert one_line(failed.stderr).endswith(f" — what you saved is kept in {kept}")
    assert home.config_file.read_text(encoding="utf-8") == MINE
    missing = run("config", "edit", env={"EDITOR": "/no/such/editor", "VISUAL": ""})
    assert missing.exit_code == 1 and "cannot run the editor" in one_line(missing.stderr)
    none = run("config", "edit", env={"EDITOR": "", "VISUAL": ""})  # and stdin is a pipe
    assert none.exit_code == 2
    assert "no terminal" in one_line(none.stderr) and "papers config set" in none.stderr
    assert home.config_file.read_text(encoding="utf-8") == MINE


def test_a_linked_config_is_refused_before_the_editor_opens(home: Home,
                                                            tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "papers.toml"
    real.parent.mkdir()
    real.write_text(MINE, encoding="utf-8")
    home.config_file.parent.mkdir(parents=True)
    home.config_file.symlink_to(real)
    result = run("config", "edit", env=editor(tmp_path, "=>[display]\nlimit = 2\n"))
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        "papers: error: config.toml links to ~/dotfiles/papers.toml — edit it there")
    assert seen(tmp_path) == []  # no editing for nothing
    assert real.read_text(encoding="utf-8") == MINE and home.config_file.is_symlink()


def test_a_change_made_meanwhile_by_another_program_is_not_overwritten(
        home: Home, tmp_path: Path) -> None:
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    result = run("config", "edit", env=editor(tmp_path, "=>[sources]\narxiv = \"cs.CL\"\n",
                                              also=home.config_file))
    assert result.exit_code == 1
    message = one_line(result.stderr)  # (in 80 columns: the paths made it 190 and more)
    assert message == ("papers: error: config.toml changed meanwhile — your edit is in "
                       "config.toml.edit")
    assert cell_width(message) <= 80
    assert home.config_file.read_text(encoding="utf-8") == MINE + "\n[display]\nlimit = 3\n"
    kept = home.config_file.with_name("config.toml.edit")  # the edit is not lost
    whole = run("config", "edit", env={**editor(tmp_path, "=>[sources]\narxiv = \"cs.LG\"\n",
                                                also=home.config_file), "PAPERS_DEBUG": "1"})
    assert f"changed by something else while you edited it, so it is left as that made " \
        f"it; your edit is kept in {kept}" in whole.stderr
    assert kept.read_text(encoding="utf-8") == MINE + "[sources]\narxiv = \"cs.CL\"\n"
    assert kept.stat().st_mode & 0o777 == home.config_file.stat().st_mode & 0o777


# -- on a terminal: after a mistake, edit again (or not) -------------------------------------


def answering(args: list[str], env: dict[str, str], question: bytes, answers: list[str],
              *, stdout_piped: bool = False) -> tuple[int, str, str]:
    """`papers ARGS` with stdin and stderr (and stdout, unless piped) on a terminal; each
    time it shows `question` again, the next answer is typed. Returns the exit code, what
    the terminal showed and what went to a piped stdout."""
    answered = 0

    def reply(screen: bytes) -> bytes | None:
        nonlocal answered
        if screen.count(question) > answered:
            answered += 1
            return answers[answered - 1].encode() + b"\r"
        return None

    run = on_terminal(args, env=env, stdout_on_pty=not stdout_piped, reply=reply, deadline=30)
    return run.code, run.screen.decode("utf-8", errors="replace").replace("\r\n", "\n"), run.out


def edit_on_terminal(env: dict[str, str], answers: list[str]) -> tuple[int, str]:
    """`papers config edit` on a terminal, answering "Edit it again?" in turn; what it
    showed as words (a message longer than the terminal is wrapped between them)."""
    code, shown, _ = answering(["config", "edit"], env, b"Edit it again?", answers)
    return code, " ".join(shown.split())


def test_on_a_terminal_a_mistake_reopens_the_edit_with_what_was_typed(
        home: Home, tmp_path: Path) -> None:
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    env = editor(tmp_path, "timeout = 5=>timeout = -1", "timeout = -1=>timeout = 4")
    code, shown = edit_on_terminal(env, ["y"])
    assert code == 0, shown
    assert "config.toml.edit, line 3: timeout must be at least" in shown
    assert "Edit it again? (no: the file stays as it was)" in shown
    assert said_of(home, "saved {}") in shown
    assert seen(tmp_path)[1] == MINE.replace("timeout = 5", "timeout = -1")  # kept
    assert home.config_file.read_text(encoding="utf-8") == MINE.replace("= 5", "= 4")
    assert not home.config_file.with_name("config.toml.edit").exists()  # saved: gone


def test_on_a_terminal_a_mistake_is_not_given_advice_meant_for_the_file(
        home: Home, tmp_path: Path) -> None:
    """A mistake in the edit was shown with the hint for a file that fails every command
    (`— fix it in the file, or remove it with papers watch rm`), above the question that
    is the way to fix it; now the question alone says what to do."""
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    env = editor(tmp_path, '=>[watch.x]\nkeyword = "llava"\n',
                 'timeout = 5  # slow wifi\n[watch.x]\nkeyword = "llava"=>'
                 'timeout = -1\n[watch.x]\nkeyword = ["a"]', "timeout = -1=>timeout = 4")
    code, shown = edit_on_terminal(env, ["y", "y"])
    assert code == 0, shown
    # (as the file spells them under [watch.x] and [network]: config.toml.edit is longer)
    assert "line 5: keyword must be a list, got 'llava'" in shown
    assert "line 3: timeout must be at least 0.1, got -1" in shown
    assert "papers watch rm" not in shown and "papers config set" not in shown
    assert shown.count("Edit it again? (no: the file stays as it was)") == 2


def test_on_a_terminal_no_keeps_the_edit_and_says_the_mistake_once(
        home: Home, tmp_path: Path) -> None:
    """Answering no said the mistake a second time with its key named another way
    ("limit must be…", then "display.limit must be…; nothing saved — run papers config
    edit again to fix it", wrapped past 80 columns), and the edit was lost. Now the
    mistake is one error line, a note says where the edit waits, and Ctrl-D keeps it too;
    an unknown key may still be saved as it is."""
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    draft = home.config_file.with_name("config.toml.edit")
    code, shown, _ = answering(["config", "edit"], editor(tmp_path, '=>[display]\nlimit = "x"\n'),
                               b"Edit it again?", ["n"])
    assert code == 1, shown
    assert shown.strip().splitlines() == [
        "papers: error: config.toml.edit, line 5: limit must be a whole number, got 'x'",
        "Edit it again? (no: the file stays as it was) [Y/n] n",
        "papers: nothing saved; papers config edit reopens config.toml.edit"]
    assert len(seen(tmp_path)) == 1
    assert home.config_file.read_text(encoding="utf-8") == MINE
    assert draft.read_text(encoding="utf-8") == MINE + '[display]\nlimit = "x"\n'
    code, shown = edit_on_terminal(editor(tmp_path, "", "timeout = 5=>timeout = -1"),
                                   ["\x04"])
    assert code == 130, shown  # Ctrl-D, as Ctrl-C: stop, nothing saved, the edit kept
    assert shown.startswith("papers: reopening your unsaved edit config.toml.edit"), shown
    assert shown.endswith(
        "papers: error: interrupted — your edit is kept: papers config edit reopens it"), shown
    assert home.config_file.read_text(encoding="utf-8") == MINE
    assert "timeout = -1" in draft.read_text(encoding="utf-8")
    assert run("config", "edit", "--discard").exit_code == 0
    for f in (tmp_path / "seen").iterdir():
        f.unlink()
    code, shown = edit_on_terminal(editor(tmp_path, "=>[nework]\nretries = 1\n"), ["n"])
    assert code == 0, shown
    assert "'retries' ignored (network.retries?)" in shown
    assert "Edit it again? (no: save it as it is)" in shown
    assert shown.count("'retries' ignored") == 1  # said once, before the question
    assert home.config_file.read_text(encoding="utf-8").endswith("[nework]\nretries = 1\n")
    assert not draft.exists()


def test_on_a_terminal_a_mistake_taken_back_leaves_no_draft(home: Home,
                                                            tmp_path: Path) -> None:
    """The draft kept when a mistake is found goes when the user, editing again, puts the
    file back as it was: nothing is left for the next edit to reopen."""
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    env = editor(tmp_path, "timeout = 5=>timeout = -1", "timeout = -1=>timeout = 5")
    code, shown = edit_on_terminal(env, ["y"])
    assert code == 0, shown
    assert shown.endswith(said_of(home, "{} is unchanged")), shown
    assert not home.config_file.with_name("config.toml.edit").exists()


def test_no_editor_and_no_terminal_fits_80_columns(home: Home) -> None:
    """Without $VISUAL, $EDITOR or a terminal, `config edit` named the config file's whole
    path in its hint ("no terminal to edit /home/…/config.toml in, and no $VISUAL or
    $EDITOR — use papers config set KEY VALUE, or edit /home/…": twice the path)."""
    result = run("config", "edit", env={"VISUAL": "", "EDITOR": ""})
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == (
        "papers: error: no EDITOR and no terminal — use papers config set KEY VALUE")
    assert not home.config_file.exists()


@pytest.mark.parametrize("editor_name", ["no-such-ed", "/no/such/editor",
                                         "/opt/tools/bin/no-such-editor"])
def test_an_editor_that_fails_is_said_in_80_columns(home: Home, editor_name: str) -> None:
    """`config edit` with an editor that exits non-zero or cannot start said the config
    file's whole path and the hint: "the editor 'false' exited with status 1;
    /home/…/config.toml is unchanged" (101 columns at a short home), "cannot run the
    editor 'vim': No such file or directory; /home/…/config.toml is unchanged — fix
    $EDITOR, or set $VISUAL to an editor" (150). The file is now config.toml, as its
    mistakes are said, and what does not fit is left out: the reason, then the fix."""
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(MINE, encoding="utf-8")
    failed = run("config", "edit", env={"EDITOR": "false", "VISUAL": ""})
    assert failed.exit_code == 1
    assert one_line(failed.stderr) == (
        "papers: error: the editor 'false' exited with status 1; config.toml is unchanged")
    missing = run("config", "edit", env={"EDITOR": editor_name, "VISUAL": ""})
    assert missing.exit_code == 1
    line = one_line(missing.stderr)
    assert line.startswith(f"papers: error: cannot run the editor '{editor_name}'"), line
    assert len(line) <= 80, line
    assert str(home.config_file) not in line
    assert line.endswith((": not found — fix EDITOR", ": not found", f"'{editor_name}'")), line
    # "code --wait" with no code on PATH: the OS's "No such file or directory" left no
    # room for what to do
    code = run("config", "edit", env={"EDITOR": "code --wait", "PATH": str(home.root),
                                      "VISUAL": ""})
    assert one_line(code.stderr) == (
        "papers: error: cannot run the editor 'code --wait': not found — fix EDITOR")
    assert home.config_file.read_text(encoding="utf-8") == MINE
