"""Waits that a signal always ends: Ctrl-C at a question, SIGTERM to an idle event loop.

Python's handler for a signal (SIGINT's KeyboardInterrupt, `cli.main`'s SIGTERM) only
sets a flag that the interpreter looks at between instructions. A signal landing after
its last look and before a blocking wait began (the read() of an answer, an event loop's
epoll) had its handler run only once that wait ended for another reason: papers hung at
"[y/N] ^C" (the terminal drops what was typed with a Ctrl-C, so no line ever came), and
an idle `papers mcp` with its client still there never ended. Here the wait also
watches a socket that every signal writes a byte to (`signal.set_wakeup_fd`), installed
before the wait: a signal before it is raised by the next instruction, one after it
wakes the wait.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def signal_wakeup() -> Iterator[int]:
    """While held, each signal with a Python handler also writes a byte to the returned
    file descriptor, for a wait to watch (its handler runs as the wait returns). Main
    thread only (ValueError elsewhere: signal handlers are the main thread's)."""
    import signal
    import socket

    woken, waker = socket.socketpair()
    try:
        woken.setblocking(False)
        waker.setblocking(False)
        previous = None  # (-1, none, if a signal is raised before it is known)
        try:
            previous = signal.set_wakeup_fd(waker.fileno(), warn_on_full_buffer=False)
            yield woken.fileno()
        finally:  # (never left pointing at the socket closed below)
            signal.set_wakeup_fd(-1 if previous is None else previous)
    finally:
        woken.close()
        waker.close()


def drain(fd: int) -> None:
    """Empty `fd` of `signal_wakeup` (the next signal wakes its wait again)."""
    import os

    with contextlib.suppress(OSError):
        while os.read(fd, 512):
            pass


@contextlib.contextmanager
def loop_woken_by_signals() -> Iterator[None]:
    """While held, a signal wakes the running asyncio event loop (called from a coroutine
    on it, in the main thread), whose handler then runs at once."""
    import asyncio

    loop = asyncio.get_running_loop()
    with signal_wakeup() as woken:
        loop.add_reader(woken, drain, woken)
        try:
            yield
        finally:
            loop.remove_reader(woken)
