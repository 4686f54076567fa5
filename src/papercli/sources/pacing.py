"""arXiv's pacing rules, kept across every `papers` process of the user.

arXiv's API terms ask for at most one request every 3 seconds and a single connection at
a time. A per-process limiter would let two shells (a `sync --arxiv` backfill and an
`arxiv` listing) break that together, so the state lives on disk, in the cache
directory: a lock file held for the whole request (one connection at a time) and a
timestamp file with the wall-clock time the last request ended (written when it starts
too, so a process killed mid-request still counts). The next request waits until an
interval has passed since then: a gap of at least the interval between two requests,
whichever processes made them, and, since the lock is held until the request ends,
never two at once. (Spacing from the end rather than the start is the stricter reading
of "one request every 3 seconds"; a slow answer costs its own time on top.)

The timestamp file is untrusted like any cache: junk reads as "no request yet", and a
time in the future (a clock set back) waits at most one interval, never forever.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from papercli.errors import PapersError, briefer, os_cause

ARXIV_INTERVAL = 3.0  # seconds between requests (arXiv API terms of use)

_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


class PacingTimeout(PapersError):
    """The next allowed request would start after the command's deadline."""

    def __init__(self, what: str, waited: float) -> None:
        super().__init__(
            f"gave up waiting for arXiv's pacing after {waited:.1f}s: {what}",
            hint="another papers process may be fetching from arXiv; try again when it is done",
        )


def _thread_lock(path: Path) -> threading.Lock:
    """One in-process lock per lock file: threads of one process queue here first."""
    key = os.path.abspath(path)
    with _thread_locks_guard:
        return _thread_locks.setdefault(key, threading.Lock())


class Pacer:
    """`with pacer.slot(deadline):` blocks until a request is allowed, then holds the
    single connection until the block ends.

    `directory` is the cache directory (created if missing); `name` keeps separate
    services apart; `interval` is arXiv's 3 s (shorter in tests). `deadline` is a
    `time.monotonic()` value: waiting past it raises `PacingTimeout` at once instead.
    """

    def __init__(
        self,
        directory: Path,
        interval: float = ARXIV_INTERVAL,
        *,
        name: str = "arxiv",
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.directory = Path(directory)
        self.interval = float(interval)
        self.lock_path = self.directory / f"{name}-pacing.lock"
        self.stamp_path = self.directory / f"{name}-pacing.last"
        self._clock = clock
        self._sleep = sleep

    def last_request(self) -> float | None:
        """The wall-clock end (or start, while under way) of the last request any process
        made; None if unknown."""
        from papercli.outfile import read_small

        try:
            text = read_small(self.stamp_path)[:64].decode("ascii", errors="replace")
            value = float(text.strip())
        except (OSError, ValueError):
            return None
        if value != value or value in (float("inf"), float("-inf")) or value < 0:
            return None
        return value

    def _unlockable(self, exc: OSError) -> PapersError:
        """The lock file could not be opened: a symbolic link there (opened without
        following it, as every file papercli writes), or the OS's reason, said as a
        config.toml's lock is."""
        path, name = self.lock_path, self.lock_path.name
        if path.is_symlink():
            error = PapersError(f"cannot lock {path}: it is a symbolic link, and files are "
                                "never written through links",
                                hint=f"remove {path} (papers makes a new one)")
            error.shorter = [(f"{name} in the cache is a symbolic link", "remove it (papers "
                              "makes a new one)"), (f"{name} in the cache is a symbolic link",
                                                    "remove it")]
            return error
        # (what to do as every such OS error says it: "Permission denied" or "Read-only
        # file system" was said alone)
        cause = os_cause(exc.errno)
        fix = cause[1] if cause else None
        error = PapersError(f"cannot lock {path}: {exc.strerror or exc}", hint=fix)
        said = f"cannot lock {name} in the cache: {exc.strerror or exc}"
        # (then the cause in its words and the fix in fewer: on a read-only disk the
        # fix, "make it writable, or choose another place", did not fit beside "cannot
        # lock arxiv-pacing.lock", and the line said only "Read-only file system")
        brief = [(f"{lead}: {cause[0]}", briefer(cause[1])) for lead in (
            f"cannot lock {name}", name)] if cause else []
        error.shorter = [(said, fix), *(((f"cannot lock {name}: {exc.strerror or exc}", fix),
                                         (f"cannot lock {name}", fix)) if fix else ()),
                         *brief, (said, None)]
        return error

    def _record(self, stamp: float) -> None:
        from papercli.outfile import replace_small

        replace_small(self.stamp_path, f"{stamp:.6f}\n")

    def wait_needed(self, now: float | None = None) -> float:
        """Seconds until the next request may start (0 if it may start now)."""
        now = self._clock() if now is None else now
        last = self.last_request()
        if last is None:
            return 0.0
        return min(max(last + self.interval - now, 0.0), self.interval)

    @contextlib.contextmanager
    def slot(self, deadline: float | None = None,
             waiting: Callable[[bool], None] | None = None) -> Iterator[None]:
        """`waiting(True)` when another process holds the connection (the wait can last a
        slow answer's time, said as "fetching …" before), `waiting(False)` once it is ours."""
        from filelock import FileLock, Timeout

        started = time.monotonic()

        def left() -> float:
            return -1.0 if deadline is None else max(deadline - time.monotonic(), 0.0)

        thread_lock = _thread_lock(self.lock_path)
        if not thread_lock.acquire(timeout=left()):
            raise PacingTimeout("another request of this process held the connection",
                                time.monotonic() - started)
        try:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                from papercli.paths import cannot_create_hint, cannot_create_shorter

                error = PapersError(
                    f"cannot create cache directory {self.directory}: {exc.strerror or exc}",
                    hint=cannot_create_hint(self.directory, "cache"))
                error.shorter = cannot_create_shorter(self.directory, "cache",
                                                      exc.strerror)
                raise error from None
            lock = FileLock(str(self.lock_path), timeout=left())
            try:
                try:
                    lock.acquire(timeout=0)
                except Timeout:
                    if waiting is not None:
                        waiting(True)
                    lock.acquire()
                    if waiting is not None:
                        waiting(False)
            except Timeout:
                raise PacingTimeout("another papers process held arXiv's connection",
                                    time.monotonic() - started) from None
            except OSError as exc:  # (a link planted there: "unexpected OSError: [Errno
                raise self._unlockable(exc) from None  # 40] Too many levels of …")
            try:
                wait = self.wait_needed()
                if deadline is not None and time.monotonic() + wait > deadline:
                    raise PacingTimeout(f"the next request may start only in {wait:.1f}s",
                                        time.monotonic() - started)
                if wait > 0:
                    self._sleep(wait)
                try:
                    self._record(self._clock())
                except OSError as exc:
                    raise PapersError(
                        f"cannot write {self.stamp_path}: {exc.strerror or exc}"
                    ) from None
                try:
                    yield
                finally:
                    with contextlib.suppress(OSError):  # the start is recorded already
                        self._record(self._clock())
            finally:
                lock.release()
        finally:
            thread_lock.release()
