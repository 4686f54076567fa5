"""Ctrl-C in a shell loop or script: the terminal sends SIGINT to the whole foreground
process group, the shell and `papers` alike. A shell waiting for a command that took
SIGINT goes on only if the command ended normally (it dealt with Ctrl-C itself, as an
editor does); one that ended by SIGINT stops the loop (the shell's "wait and cooperative
exit"). `papers` cleans up and says its line, then ends by SIGINT, as git and Python do:
the shell's $? is 130 either way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Home, installed_papers, until_waiting

ITEM = {"paper": {"id": "2401.00001", "title": "A paper", "authors": [{"name": "A. Author"}],
                  "summary": "Words.", "publishedAt": "2024-01-01T00:00:00.000Z"},
        "publishedAt": "2024-01-01T00:00:00.000Z"}


def child_of(pid: int) -> int:
    """The one child process `pid` has started (the safety net: 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            children = []
        if children:
            return int(children[0])
        time.sleep(0.005)
    raise AssertionError("the shell started no command")


def test_ctrl_c_in_a_shell_loop_stops_the_loop(home: Home) -> None:
    """`for f in ...; do papers import -; done` (a loop, as a script runs papers): Ctrl-C
    stopped the papers running, which said "interrupted" and exited 130, and the shell,
    told that papers had dealt with Ctrl-C, went on to the next command; every Ctrl-C
    stopped one papers only. Now the loop stops at the first, after the same one line."""
    loop = 'for i in 1 2; do "$0" import -; echo "went on after $?"; done'
    shell = subprocess.Popen(["bash", "-c", loop, installed_papers()], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)  # (a process group, as a terminal's job)
    try:
        assert shell.stdin is not None
        shell.stdin.write("[" + json.dumps(ITEM) + ",\n")  # more to come: it waits
        shell.stdin.flush()
        until_waiting(child_of(shell.pid))
        os.killpg(shell.pid, signal.SIGINT)  # Ctrl-C: to the whole foreground group
        # (communicate() closes its stdin: a second import, had the loop gone on, ends)
        out, err = shell.communicate(timeout=60)
    finally:
        if shell.poll() is None:
            shell.kill()
            shell.wait()
    assert "went on" not in out, (out, err)
    assert err == "papers: error: interrupted — 0 papers kept; pipe it in again to resume\n"
    assert shell.returncode == -signal.SIGINT  # (bash ended itself by SIGINT, in its turn)


def test_ctrl_c_ends_papers_by_sigint_after_its_line(home: Home) -> None:
    """The process itself: the one line on stderr, no traceback, and ended by SIGINT (a
    shell's $? is 130, 128 + 2), the library as it was."""
    code, out, err = import_interrupted([installed_papers()], signal.SIGINT)
    assert (code, out) == (-signal.SIGINT, "")
    assert err == "papers: error: interrupted — 0 papers kept; pipe it in again to resume\n"


# `papers ARGS` whose first stop line is followed at once by a second Ctrl-C, as an
# impatient user presses it again while the command cleans up and exits.
AGAIN = """
import os, signal, sys
from papercli import output
from papercli.cli.main import main

real = output.error

def error(message, *rest, **kw):
    real(message, *rest, **kw)
    if message in ("interrupted", "terminated"):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C again, while it ends

output.error = error
sys.argv = ["papers", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(("signum", "ended", "word"), [
    (signal.SIGINT, -signal.SIGINT, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_again_while_it_ends_says_nothing_more(home: Home, signum: int, ended: int,
                                                      word: str) -> None:
    """Ctrl-C pressed again once the command had said "interrupted" (or "terminated")
    while it cleaned up (a large model freed, the library closed) cut that cleanup short
    and said "papers: error: interrupted" a second time. Once its line is said, the
    command ends as that line says, whatever comes after."""
    code, out, err = import_interrupted([sys.executable, "-c", AGAIN], signum)
    assert err == f"papers: error: {word} — 0 papers kept; pipe it in again to resume\n"
    assert (code, out) == (ended, "")


def import_interrupted(command: list[str], signum: int) -> tuple[int, str, str]:
    """`COMMAND import -` sent `signum` once it waits on its pipe for more (given "[",
    the start of a JSON list): (its return code as Popen gives it, stdout, stderr)."""
    proc = subprocess.Popen([*command, "import", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdin is not None
        proc.stdin.write("[")
        proc.stdin.flush()
        until_waiting(proc.pid)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out, err
