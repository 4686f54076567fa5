"""papers browse ended by a signal from outside (`kill -INT`, `kill -TERM`), run as a real
process on a pseudo-terminal: it ends at once, with Ctrl-C's 130 or SIGTERM's 143, and
gives the terminal back (off the alternate screen)."""

from __future__ import annotations

import os
import platform
import signal
from pathlib import Path

import pytest

from conftest import Home, on_terminal, run, signals_taken_elsewhere, until_waiting
from hubserver import HubServer
from test_browse import _after_the_app, shown

# The system calls an event loop waits in (epoll_wait, epoll_pwait), by machine: their
# fourth argument is the timeout, -1 when no timer is due.
EPOLL_WAITS = {"x86_64": ("232", "281"), "aarch64": ("22",)}


def _idle(pid: int) -> None:
    """Return once `pid`'s threads all wait (`until_waiting`) and its main thread, the
    event loop's, waits in epoll with no timer due: nothing will wake the loop but a key
    or a signal (a toast's or a delay's timer, still due, woke it and hid the case).
    Elsewhere than on the machines known, once every thread waits. The caller's deadline
    is the safety net."""
    waits = EPOLL_WAITS.get(platform.machine())
    while True:
        until_waiting(pid)
        if waits is None:
            return
        try:
            with open(f"/proc/{pid}/syscall", encoding="ascii") as syscall:
                call = syscall.read().split()
        except OSError:  # (gone, or not ours to read)
            return
        if call[:1] and call[0] in waits and int(call[4], 16) in (2**32 - 1, 2**64 - 1):
            return


def _ended_by(signum: int, env: dict[str, str] | None = None) -> tuple[bool, int, bytes]:
    """`papers browse` sent `signum` once it shows today's list and every thread of it
    waits (idle: no key, no timer due); (sent, exit code, the terminal's bytes)."""
    pids: list[int] = []
    sent: list[bool] = []

    def reply(screen: bytes) -> bytes | None:
        if not sent and b"LLaMA Beyond English" in shown(screen):
            _idle(pids[0])  # (waiting: no look at the flag to come, no timer to wake it)
            sent.append(True)
            os.kill(pids[0], signum)
        return None

    ran = on_terminal(["browse", "--offline"], reply=reply, started=pids.append,
                      deadline=30, env=env)
    return bool(sent), ran.code, ran.screen


@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGINT, 130, b""), (signal.SIGTERM, 143, b"papers: error: terminated")])
def test_a_signal_from_outside_ends_the_idle_browser(
        seeded_hub: HubServer, home: Home, signum: int, code: int, line: bytes) -> None:
    """kill -INT quits as Ctrl-C does (130, no line); kill -TERM as any command (143,
    "terminated"); the screen is left, the terminal's own back."""
    assert run("today").exit_code == 0
    sent, ended, screen = _ended_by(signum)
    assert sent, screen[-2000:]
    assert ended == code, screen[-2000:]
    after = _after_the_app(screen)
    assert screen.rfind(b"\x1b[?1049l") > screen.rfind(b"\x1b[?1049h"), screen[-2000:]
    assert shown(after).strip() == line, after
    assert b"Traceback" not in screen


@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGINT, 130, b""), (signal.SIGTERM, 143, b"papers: error: terminated")])
def test_a_signal_the_idle_loop_did_not_see_still_ends_the_browser(
        seeded_hub: HubServer, home: Home, tmp_path: Path, signum: int, code: int,
        line: bytes) -> None:
    """A signal landing as the browser's event loop went back to waiting (after Python
    last looked for one, before epoll began) was seen only when something else woke the
    loop: a key, a timer. Here the signal is taken by another thread while the loop
    waits (see conftest), which is that case made certain."""
    assert run("today").exit_code == 0
    path = signals_taken_elsewhere(tmp_path / "site")
    sent, ended, screen = _ended_by(signum, env={"PYTHONPATH": path})
    assert sent, screen[-2000:]
    assert ended == code, screen[-2000:]  # (was -9: killed at the deadline)
    assert screen.rfind(b"\x1b[?1049l") > screen.rfind(b"\x1b[?1049h"), screen[-2000:]
    assert shown(_after_the_app(screen)).strip() == line, screen[-2000:]
    assert b"Traceback" not in screen
