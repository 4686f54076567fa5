"""Waits that a signal always ends: Ctrl-C at a question, SIGTERM to an idle event loop,
Ctrl-C while `papers import -` waits on a pipe its writer keeps open.

Python's handler for a signal (SIGINT's KeyboardInterrupt, `cli.main`'s SIGTERM) only
sets a flag that the interpreter looks at between instructions. A signal landing after
its last look and before a blocking wait began (the read() of an answer, an event loop's
epoll) had its handler run only once that wait ended for another reason: papers hung at
"[y/N] ^C" (the terminal drops what was typed with a Ctrl-C, so no line ever came),
an idle `papers mcp` with its client still there never ended, nor an idle `papers browse`
until a key was pressed, and `papers import -` behind a writer that sent part of a file
and paused waited for the rest. Here the wait also watches a socket that every signal
writes a byte to (`signal.set_wakeup_fd`), installed before the wait: a signal before it
is raised by the next instruction, one after it wakes the wait.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import BinaryIO


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


def wait_readable(fd: int, woken: int) -> None:
    """Wait until `fd` has something to read (or its end). A signal in the meantime wakes
    select() (`woken`, of `signal_wakeup`, or EINTR); its handler runs as select()
    returns, and one that raises nothing (Ctrl-C passed on to an editor, or held back
    for a moment by `outfile.held_signals`) waits on."""
    import select

    while fd not in select.select([fd, woken], [], [])[0]:
        drain(woken)


class _WokenReads(io.RawIOBase):
    """A descriptor read only once `wait_readable` says it has something: see
    `woken_reads`. The descriptor stays its owner's (closing this does not close it)."""

    def __init__(self, fd: int, woken: int) -> None:
        super().__init__()
        self._fd, self._woken = fd, woken

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        import os

        wait_readable(self._fd, self._woken)
        return os.readv(self._fd, [buffer])


@contextlib.contextmanager
def woken_reads(stream: BinaryIO) -> Iterator[BinaryIO]:
    """`stream` (nothing read of it yet) read so that a signal ends a wait for more,
    wherever it landed: a pipe or socket whose writer pauses with it open (a producer
    that sent part of a file) held a Ctrl-C landing just before the read until more
    came. As it is where no read can wait (a regular file), off POSIX (no select on a
    pipe), off the main thread, or without a descriptor (a test's BytesIO)."""
    import os
    import stat
    import threading

    try:
        fd = stream.fileno()
        waits = not stat.S_ISREG(os.fstat(fd).st_mode)
    except (AttributeError, OSError, ValueError):
        waits = False
    if (not waits or os.name != "posix"
            or threading.current_thread() is not threading.main_thread()):
        yield stream
        return
    with signal_wakeup() as woken:
        yield io.BufferedReader(_WokenReads(fd, woken))


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
