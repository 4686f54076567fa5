"""Shell completion through the real shells: an interactive bash, zsh or fish on a
pseudo-terminal loads the script `papers --show-completion` prints, a line is typed with a
Tab at its end, then Enter, and the words the shell then hands to `papers` are compared
with the name in config.toml. `papers` is a shell function there that records its
arguments; the script runs the real `papers` through `env`, which skips functions.

A name with a quote, `$`, a backslash, `&`, `;`, `*`, `:`, a run of spaces, a leading `~`,
`#` or `-`, or a non-ASCII letter must come back as itself: bash inserted such a value as
it came (`q&a` became a background job, `it's` an open quote) and zsh's list lost quotes
and backslashes (`it's` became `its`)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

from conftest import Home, installed_papers, write_config
from systools import find_tool

# name in config.toml -> what is typed before the Tab (as that shell reads it: `\~`, `\#`)
NAMES = {
    "it's mine": "it",
    "a$b": "a",
    "back\\slash": "bac",
    "q&a": "q",
    "semi;colon": "se",
    "star*": "st",
    "größe": "gr",
    'dq"x': "dq",
    "two  spaces": "tw",
    "co:lon": "co",
    "eq=ual": "eq",
    "br{a,b}": "br",
    "bang!": "ban",
    "`tick`": "\\`",
    "~tilde": "\\~",
    "#hash": "\\#",
}
# A name starting with `-` is an option to `watch rm` unless `--` comes first: bash and
# zsh put `-- ` before it, fish (which quotes whatever it inserts) once `--` is typed.
DASHED = {"bash": "-l", "zsh": "-l", "fish": "-- -l"}
END = b"\x1e"  # ends each call's record of its arguments


def shell_path(shell: str) -> str:
    return find_tool((shell,), f"apt-get install -y {shell}")


def config_of_names(home: Home) -> None:
    lines = []
    for name in [*NAMES, "-lead"]:
        key = name.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'[watch."{key}"]\nkeyword = ["x"]\n')
    write_config(home, "\n".join(lines))


class Prompt:
    """An interactive `shell` on a pseudo-terminal with papers' completion loaded."""

    def __init__(self, shell: str, home: Home) -> None:
        where = home.root / f"{shell}-session"
        where.mkdir()
        self.record = where / "args"
        self.record.write_bytes(b"")
        script = where / "completion"
        env = {**os.environ, "TERM": "xterm-256color",
               "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
               "PATH": f"{Path(installed_papers()).parent}:{os.environ.get('PATH', '')}"}
        shown = subprocess.run([installed_papers(), "--show-completion", shell],
                               capture_output=True, text=True, env=env, check=True)
        script.write_text(shown.stdout + "\n", encoding="utf-8")
        record = f"'{self.record}'"
        if shell == "bash":
            rc = where / "bashrc"
            rc.write_text(f"PS1='$ '\nbind 'set bell-style none'\nsource '{script}'\n"
                          f"papers() {{ printf '%s\\0' \"$@\" >> {record}; "
                          f"printf '\\x1e' >> {record}; }}\n", encoding="utf-8")
            argv = [shell_path("bash"), "--noprofile", "--rcfile", str(rc), "-i"]
        elif shell == "zsh":
            (where / ".zshrc").write_text(
                f"PS1='$ '\nunsetopt beep\nautoload -Uz compinit && compinit -u -D\n"
                f"source '{script}'\npapers() {{ printf '%s\\0' \"$@\" >> {record}; "
                f"printf '\\x1e' >> {record} }}\n", encoding="utf-8")
            env["ZDOTDIR"] = str(where)
            argv = [shell_path("zsh"), "-i"]
        else:
            argv = [shell_path("fish"), "--no-config", "-i", "-C",
                    f"source '{script}'; function papers; string join0 -- $argv >> {record};"
                    f" printf '\\x1e' >> {record}; end"]
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=where,
            start_new_session=True, close_fds=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.calls = 0
        assert self.type_line("papers ready") == ["ready"]

    def drain(self) -> None:
        while select.select([self.master], [], [], 0)[0]:
            try:
                if not os.read(self.master, 65536):
                    return
            except OSError:
                return

    def type_line(self, keys: str) -> list[str]:
        """Type `keys` then Enter; the arguments `papers` got. The 15 s deadline is a
        safety net for a shell left waiting (an open quote), not a measurement."""
        os.write(self.master, keys.encode() + b"\r")
        self.calls += 1
        deadline = time.monotonic() + 15
        while self.record.read_bytes().count(END) < self.calls:
            if time.monotonic() > deadline:
                os.write(self.master, b"\x03")  # give the prompt back for the next line
                self.calls -= 1
                return ["(nothing run)"]
            select.select([self.master], [], [], 0.05)
            self.drain()
        last = self.record.read_bytes().split(END)[self.calls - 1]
        return [a.decode() for a in last.split(b"\0")[:-1]]

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


@pytest.fixture
def prompt(home: Home, request: pytest.FixtureRequest):
    session = Prompt(request.param, home)
    yield session
    session.close()


@pytest.mark.parametrize("prompt", ["bash", "zsh", "fish"], indirect=True)
def test_every_name_comes_back_as_itself(home: Home, prompt: Prompt) -> None:
    config_of_names(home)
    got = {name: prompt.type_line(f"papers watch rm {typed}\t") for name, typed in NAMES.items()}
    assert got == {name: ["watch", "rm", name] for name in NAMES}
    # an option's value is read back as the value, one starting with `-` too
    assert prompt.type_line("papers for-you --watch q\t") == ["for-you", "--watch", "q&a"]
    assert prompt.type_line("papers for-you --watch -l\t") == ["for-you", "--watch", "-lead"]
    assert prompt.type_line("papers for-you --watch=it\t") == ["for-you", "--watch=it's mine"]


@pytest.mark.parametrize("prompt", ["bash", "zsh", "fish"], indirect=True)
def test_a_name_starting_with_a_dash_is_not_read_as_an_option(home: Home,
                                                               prompt: Prompt) -> None:
    """`watch rm -lead` was "no such option: -l": the name comes after `--`."""
    config_of_names(home)
    shell = prompt.proc.args[0].rsplit("/", 1)[-1]
    typed = DASHED[shell]
    assert prompt.type_line(f"papers watch rm {typed}\t") == ["watch", "rm", "--", "-lead"]
    assert prompt.type_line("papers watch rm -- -\t") == ["watch", "rm", "--", "-lead"]
    # options still complete
    assert prompt.type_line("papers watch rm --he\t") == ["watch", "rm", "--help"]


@pytest.mark.parametrize("prompt", ["bash", "zsh", "fish"], indirect=True)
def test_commands_options_and_values_still_complete(library, prompt: Prompt) -> None:
    assert prompt.type_line("papers wat\t") == ["watch"]
    assert prompt.type_line("papers today --sort=up\t") == ["today", "--sort=upvotes"]
    assert prompt.type_line("papers search --family Qw\t") == ["search", "--family", "Qwen"]
    assert prompt.type_line("papers show 2401.0105\t") == ["show", "2401.01055"]
    assert prompt.type_line("papers arxiv cs.CL,cs.R\t") == ["arxiv", "cs.CL,cs.RO"]


@pytest.mark.parametrize("prompt", ["bash", "zsh", "fish"], indirect=True)
def test_a_name_typed_in_another_case_comes_back_as_it_is(home: Home, prompt: Prompt) -> None:
    """`--family qw` became `--family qwen` and `Ll` `LlaMA`/`LlaVA` (what was typed, then
    the rest of the name): each shell now puts the name as it is in the typed word's
    place (zsh told to match either case), or the names' common start."""
    write_config(home, '[watch.MyLLaVA]\nkeyword = ["x"]\n[watch.mamba]\nkeyword = ["y"]\n')
    assert prompt.type_line("papers search --family qw\t") == ["search", "--family", "Qwen"]
    assert prompt.type_line("papers search --family=qw\t") == ["search", "--family=Qwen"]
    assert prompt.type_line("papers search --family Ll\t") == ["search", "--family", "LLa"]
    assert prompt.type_line("papers watch rm my\t") == ["watch", "rm", "MyLLaVA"]


@pytest.mark.parametrize("prompt", ["bash", "zsh", "fish"], indirect=True)
def test_help_completes_and_so_do_the_commands_after_it(home: Home, prompt: Prompt) -> None:
    assert prompt.type_line("papers hel\t") == ["help"]
    assert prompt.type_line("papers help wat\t") == ["help", "watch"]
    assert prompt.type_line("papers help watch ren\t") == ["help", "watch", "rename"]
    assert prompt.type_line("papers watch hel\t") == ["watch", "help"]


@pytest.mark.parametrize("prompt", ["bash", "zsh", "fish"], indirect=True)
def test_files_are_offered_only_where_a_file_goes(home: Home, prompt: Prompt) -> None:
    """`papers trends co<Tab>` put the file `completion` (the session's script, in the
    folder the shell runs in) on the line, as every shell fell back to the folder's files
    wherever papers had nothing to offer; a FILE or DIR still completes from them."""
    assert prompt.type_line("papers trends co\t") == ["trends", "co"]
    assert prompt.type_line("papers search --keyword co\t") == ["search", "--keyword", "co"]
    assert prompt.type_line("papers import co\t") == ["import", "completion"]
    assert prompt.type_line("papers trends -o co\t") == ["trends", "-o", "completion"]
    # after `=` too (zsh took `--output=co` whole for a file's name)
    assert prompt.type_line("papers trends --output=co\t") == ["trends", "--output=completion"]


@pytest.mark.parametrize("prompt", ["bash", "zsh", "fish"], indirect=True)
def test_a_name_completed_after_an_opening_quote_comes_back_as_itself(
        home: Home, prompt: Prompt) -> None:
    """After a quote the word opens (`'it`), bash puts the value after that quote and
    closes it: the value escaped for no quote came back as another name (`'my\\ llava'`,
    with a backslash in it), so it is written as that quote reads it."""
    config_of_names(home)
    for name, typed in {"it's mine": "'it", "a$b": '"a', "back\\slash": "'bac",
                        'dq"x': '"dq', "two  spaces": "'tw"}.items():
        assert prompt.type_line(f"papers watch rm {typed}\t") == ["watch", "rm", name], name
