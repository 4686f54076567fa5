"""Opening papercli's SQLite files, and what to say when that or a write fails.

Design notes
- WAL mode and a generous busy timeout, and every write is one `BEGIN IMMEDIATE`
  transaction (`Database.transaction`), so a cron `papers sync` and an interactive
  `papers today` can share a file.
- A library file that is not a SQLite database, or a database that is not ours, is moved
  aside (kept, with a timestamped name) and a fresh one created (`open_checked`,
  `move_aside`). A file we may not write is opened read-only: reads work, writes say why.
- SQLite's "disk full", "read-only" and I/O failures become one StoreError line saying
  what happened and what to do (`storage_error`); text that is not UTF-8 is read with
  replacement characters rather than failing the whole query (`lenient`).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from papercli import clock
from papercli.db import records
from papercli.db.migrations import rollback
from papercli.errors import StoreError, naming, os_cause, size_limit
from papercli.paths import tilde

if TYPE_CHECKING:
    from papercli.db.migrations import Migrations
    from papercli.paths import Place

BUSY_TIMEOUT = 30.0  # seconds a write waits for another process before giving up
WAIT_SAID = 0.5  # seconds of that wait after which a terminal's status line says so
WAIT_STEP = 0.1  # seconds SQLite waits at a time, between which Ctrl-C is seen


def connect(
    path: Path, *, timeout: float | None = None, read_only: str | None = None
) -> sqlite3.Connection:
    """A connection with our settings; `read_only` is SQLite's URI mode for a file we may
    not write: "ro", or "immutable" when not even the -shm file can be created. `timeout`:
    how long a write waits for another process (default BUSY_TIMEOUT, read when called)."""
    timeout = BUSY_TIMEOUT if timeout is None else timeout
    if read_only is None:
        target, uri = str(path), False
    else:
        query = "mode=ro" if read_only == "ro" else "immutable=1"
        target, uri = f"{path.absolute().as_uri()}?{query}", True
    conn = sqlite3.connect(
        target, timeout=timeout, isolation_level=None, check_same_thread=False, uri=uri
    )
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: FTS merges on import read a lot
    return conn


V = TypeVar("V")


def in_chunks(values: Sequence[V], size: int = 500) -> Iterator[tuple[list[V], str]]:
    """`values` a few hundred at a time, each with its `?, ?, ...` for an `IN (...)`
    (SQLite caps the parameters of one statement)."""
    for i in range(0, len(values), size):
        chunk = list(values[i : i + size])
        yield chunk, ", ".join("?" for _ in chunk)


class Budget:
    """Rows a walk has read (passed or not), and how many it may read (None: all);
    `cut` says it stopped there, before the matches ran out: a count past a page is then
    "at least" (the search index's ranked walk, the library's checked walk). `counting`:
    from here on the caller keeps no more than each paper's id (a count past a page,
    `trends`), so the library's checked walk reads only what its word filters check."""

    __slots__ = ("counting", "cut", "most", "read")

    def __init__(self, most: int | None = None, *, counting: bool = False) -> None:
        self.read = 0
        self.most = most
        self.cut = False
        self.counting = counting

    def spent(self) -> bool:
        self.cut = self.most is not None and self.read >= self.most
        return self.cut


def unwritable(path: Path) -> tuple[str, Path] | None:
    """Why the database file cannot be written, and what to make writable: its folder, the
    file, or the -wal/-shm beside it (SQLite creates those as read-only as the file was
    then, so they stay so once the file is made writable again). None when all can be, as
    far as we can tell (a read-only mount stops even root, whom permission bits do not)."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        # a missing folder is created (or fails to be) later
        return ("its folder is read-only", folder) if folder.exists() else None
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        # (looked at again after the access check: another process's last connection
        # closing removes the -wal and -shm, and one gone between the two was said to be
        # read-only — a sync starting while `papers today` ended stopped on it)
        if part.exists() and not os.access(part, os.W_OK) and part.exists():
            return ("it is read-only" if part == path else f"{part.name} is read-only", part)
    return None


def open_read_only(path: Path, what: str) -> sqlite3.Connection:
    """Open a database we cannot write: "mode=ro" first (sees a -wal another process left),
    "immutable" when SQLite cannot even create the -shm it needs for that."""
    if not path.is_file():
        raise StoreError(
            f"{what} does not exist and {path.parent} is read-only",
            hint=f"make {path.parent} writable so papers can create it",
        )
    last: sqlite3.Error | None = None
    for mode in ("ro", "immutable"):
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(path, read_only=mode)
            conn.execute("PRAGMA user_version").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            if errorname(exc).startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
                raise StoreError(
                    f"{what} is unreadable and {path.parent} is read-only, so it cannot be "
                    "replaced", hint=f"make {path.parent} writable",
                ) from None
            last = exc
    raise StoreError(f"cannot read {what}: {last}") from None


UNDONE = "this write was undone"


def storage_error(exc: sqlite3.Error, what: str, path: Path | None = None
                  ) -> StoreError | None:
    """SQLite's "disk full", "read-only" and I/O failures as one line saying what happened
    (never "move it aside": the file is fine, the disk is not); None for other errors.

    SQLite reports a file-size limit (`ulimit -f`), a quota and a full disk alike, as
    "disk is full" or "disk I/O error", and keeps the errno to itself: `write_cause` asks
    the system which one it was, in the folder of `path`."""
    name = errorname(exc)
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        cause = write_cause(path.parent if path is not None else None)
        if cause is not None:
            problem, todo = cause
            return StoreError(f"{problem}: {what} could not be written",
                              hint=f"{todo}; {UNDONE}")
    if name.startswith("SQLITE_FULL"):
        return StoreError(f"the disk is full: {what} could not be written",
                          hint=f"free some space and try again; {UNDONE}")
    if name.startswith("SQLITE_READONLY"):
        return StoreError(f"{what} is read-only ({exc})",
                          hint="reading works (try --offline); make it writable to change it")
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"the disk failed while writing {what} ({exc})",
                          hint=f"check free space and the disk; {UNDONE}")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"cannot open {what} or a file beside it ({exc})",
                          hint="check that its folder exists and is writable")
    return None


F = TypeVar("F", bound=Callable[..., Any])
# Text that is not UTF-8 (a flipped byte on disk) makes SQLite's default decoding raise for
# the whole query; this one replaces the bad bytes (U+FFFD), at about 3x the cost, so it is
# only switched on for a connection once such text has been met.
_LENIENT = functools.partial(str, encoding="utf-8", errors="replace")


def _undecodable(exc: sqlite3.Error, conn: sqlite3.Connection) -> bool:
    return str(exc).startswith("Could not decode") and conn.text_factory is not _LENIENT


def lenient(method: F) -> F:
    """A read that survives text that is not UTF-8: run again with lenient decoding. A
    damaged page met is the database's `damage` error, where it has one (a StoreError its
    callers can turn into a warning)."""
    @functools.wraps(method)
    def read(self: Database, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not _undecodable(exc, self.conn):
                raise
            self.conn.text_factory = _LENIENT
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            problem = self.damage(exc)
            if problem is None:
                raise
            raise problem from None
    return cast(F, read)


def lenient_stream(method: F) -> F:
    """`lenient` for a generator: the second run skips what the first already yielded
    (the queries have a fixed order)."""
    @functools.wraps(method)
    def read(self: Database, *args: Any, **kwargs: Any) -> Iterator[Any]:
        done = 0
        try:
            for item in method(self, *args, **kwargs):
                yield item
                done += 1
            return
        except sqlite3.OperationalError as exc:
            if not _undecodable(exc, self.conn):
                raise
            self.conn.text_factory = _LENIENT
        yield from itertools.islice(method(self, *args, **kwargs), done, None)
    return cast(F, read)


# Seconds between two updates of a long pass's share done on the status line ("… 42%").
PROGRESS_EVERY = 1.0


@contextmanager
def saying(reads: Database, message: str) -> Iterator[Callable[[int, int], None] | None]:
    """`message` on the library's progress hook while the block runs (a status line on a
    terminal, drawn only if the step outlasts its delay): for the passes over the whole
    library, which take minutes at a million papers (building the search index) or tens
    of seconds (checking every record). The block is given what to call with (done, of)
    as it goes, or None when there is no hook (no terminal: nothing to count for): once
    a PROGRESS_EVERY has passed, and then at most that often, the line says the share
    done ("… 42%"), so a long wait shows it moves."""
    say = getattr(reads, "progress", None)
    if say is not None:
        say(message)
    last = time.monotonic()

    def done(part: int, whole: int) -> None:
        nonlocal last
        if say is None or whole <= 0:  # (say: for the type checker; never None here)
            return
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY:
            last = now
            say(f"{message} {min(100, max(0, 100 * part // whole))}%")

    try:
        yield done if say is not None else None
    finally:
        if say is not None:
            say(None)


FREE_MARGIN = 1 << 20  # bytes: less free than this, or this near a size limit, is "full"


def write_cause(folder: Path | None) -> tuple[str, str] | None:
    """(what stopped a write, what to do) for a write that failed for want of room: a
    file-size limit, a full disk, a used-up quota or a read-only disk; None when none of
    these is found (a real I/O error). Only ever called after a write failed."""
    import errno
    import resource

    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit != resource.RLIM_INFINITY and (folder is None or _largest_file(folder)
                                            + FREE_MARGIN >= limit):
        return size_limit(limit)
    if folder is None:
        return None
    try:
        fs = os.statvfs(folder)
        free = (fs.f_bfree if os.geteuid() == 0 else fs.f_bavail) * fs.f_frsize
    except OSError:
        free = FREE_MARGIN
    if free < FREE_MARGIN:
        return os_cause(errno.ENOSPC)
    # A quota or a read-only disk shows only to a write: try one, of the size that fails.
    probe = folder / f".papers-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            chunk = b"\0" * 65536
            for _ in range(FREE_MARGIN // len(chunk)):
                os.write(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return os_cause(exc.errno)
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return None


def _largest_file(folder: Path) -> int:
    try:
        return max((p.stat().st_size for p in folder.iterdir() if p.is_file()), default=0)
    except OSError:
        return 0


class Database:
    """One SQLite file with the write discipline both papercli databases share: every write
    is a `BEGIN IMMEDIATE` transaction, and a lock held too long is a clear error."""

    label = "the database"
    # Whether a command asked with --offline reads it without writing (the library: a
    # listing shown from it, not fetched into it), for the hint of a write refused. A
    # command whose work is storing into it (a sync, an import) sets it False on its own
    # (`storing`): --offline is no way round for it.
    offline_reads = False
    place: Place = "cache"  # which of papercli's folders holds it (paths.cannot_create_hint)
    # Why the file was opened read-only (open_read_only), or None: reads work, writes are
    # refused by transaction() with this reason.
    read_only: str | None = None
    # What to make writable for writes to work, when known (`unwritable`).
    read_only_path: Path | None = None
    # Why the file, which does not exist, cannot be created (a first run under a read-only
    # HOME), or None: the database is then an empty one in memory (`stand_in`), reads find
    # nothing, and every write raises this.
    uncreatable: StoreError | None = None
    # Why every write is refused whatever the file allows, or None: a user database at a
    # symbolic link is read through it (a dotfiles setup, as config.toml is) and never
    # written through it.
    refused: StoreError | None = None
    # How to open the file itself, when it did not exist yet (`unborn`): until the first
    # write, an empty database in memory stands in for it, so that a read, or a command
    # that fails before it writes, leaves no file behind; None: the file is the one open.
    birth: Callable[[], Database] | None = None
    # What to do once the file is open in the stand-in's place, before the write that
    # opened it (the library: record which family definitions tagged its papers).
    on_birth: Callable[[], None] | None = None

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def damage(self, exc: sqlite3.DatabaseError) -> StoreError | None:
        """A damaged page met while reading, as the error to raise; None: raised as it is
        (the command's guard names the file)."""
        return None

    @classmethod
    def make_parent(cls, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from papercli.paths import cannot_create_hint, cannot_create_shorter

            error = StoreError(f"cannot create {path.parent}: {exc.strerror}",
                               hint=cannot_create_hint(path.parent, cls.place))
            error.shorter = cannot_create_shorter(path.parent, cls.place, exc.strerror)
            raise error from None

    @classmethod
    def _cannot_create(cls, path: Path, blocked: tuple[str, Path] | None
                       ) -> StoreError | None:
        """Why `path`, which does not exist yet, cannot be created: its folder is read-only
        (`blocked`, from `unwritable`) or cannot be made. None when the file exists or its
        folder is now there to create it in."""
        if path.exists():
            return None
        if blocked is not None:
            from papercli.paths import cannot_create_hint

            return StoreError(f"{cls.label} {path} does not exist and {path.parent} is "
                              "read-only", hint=cannot_create_hint(path.parent, cls.place))
        try:
            cls.make_parent(path)
        except StoreError as exc:
            return exc
        return None

    @classmethod
    def stand_in(cls, path: Path, blocked: tuple[str, Path] | None, steps: Migrations
                 ) -> Self | None:
        """When the file at `path` does not exist and cannot be created (`_cannot_create`),
        an empty database at our schema, in memory, in its place: a first run under a
        read-only HOME still lists, searches and shows (nothing, or what the network
        brings) instead of failing; writes raise why. None when the file can be opened."""
        problem = cls._cannot_create(path, blocked)
        if problem is None:
            return None
        conn = connect(Path(":memory:"))
        steps.apply(conn, f"{cls.label} {path}", cls.label)
        db = cls(conn, path)
        db.read_only = problem.message  # nothing tries to write on the side (an index)
        db.uncreatable = problem
        return db

    @classmethod
    def unborn(cls, path: Path, steps: Migrations, birth: Callable[[], Database]) -> Self:
        """For a file that does not exist yet: an empty database at our schema, in memory,
        until the first write opens the file with `birth` (creating it) in its place. A
        first `papers starred` or `for-you`, or a `star` the Hub refused, made an empty
        user.db; `show` and `--starred` made none."""
        conn = connect(Path(":memory:"))
        steps.apply(conn, f"{cls.label} {path}", cls.label)
        db = cls(conn, path)
        db.birth = birth
        return db

    def _be_born(self) -> None:
        """Open the file an `unborn` database stood in for (nothing was written to the
        stand-in, so nothing is lost), and write to it from now on."""
        if self.birth is None:
            return
        born = self.birth()
        self.birth = None
        self.conn.close()
        self._adopt(born)
        hook, self.on_birth = self.on_birth, None
        if hook is not None:
            hook()

    def create_file(self) -> None:
        """Create the file now, where it did not exist yet (`unborn`), as a write would."""
        self._be_born()

    def _adopt(self, born: Database) -> None:
        """Take over the file `born` opened (its connection, and how it may be written)."""
        self.conn = born.conn
        self.read_only, self.read_only_path = born.read_only, born.read_only_path
        self.uncreatable, self.refused = born.uncreatable, born.refused

    def close(self) -> None:
        self.conn.close()

    @lenient
    def get_meta(self, key: str) -> str | None:
        """A stored value from the file's `meta` table; one that is not text counts as
        absent (and damaged)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        if type(row[0]) is not str:
            records.note(self.path.name, f"meta {key}", skipped=True)
            return None
        return str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def delete_meta(self, key: str) -> None:
        self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def storing(self) -> None:
        """This command's work is storing into the file (a sync, an import): a write
        refused says what to make writable, never "reading works: try --offline" (`sync
        --offline` is refused, and an import with it stores all the same)."""
        self.offline_reads = False

    def check_writable(self) -> None:
        """Raise what a write would meet on a file opened read-only or standing in for one
        that cannot be created: a command that fetches before it stores (a sync) says so
        before it spends the requests. One that does not exist yet (`unborn`) had a
        folder it can be created in: the first write creates it, not this check (a sync
        the Hub refused left an empty file)."""
        if self.uncreatable is not None:
            raise self.uncreatable
        if self.refused is not None:
            raise self.refused
        if self.read_only:
            # (no path to make writable: SQLite found the file read-only, or could not
            # open it for want of room; a full disk or a quota says what frees it)
            cause = write_cause(self.path.parent) if self.read_only_path is None else None
            if cause is not None and cause[0] != "permission denied":
                raise self._no_room(*cause)
            fix = (f"make {self.read_only_path} writable" if self.read_only_path
                   else f"make {self.path.parent} writable, or free some space")
            error = StoreError(
                f"{self.label} {self.path} cannot be written ({self.read_only}), so nothing "
                "can be stored",
                hint=f"reading works (try --offline); {fix}" if self.offline_reads else fix,
            )
            # The whole of it made 234 columns with a cache under /tmp: said without the
            # paths, then what is read-only as its subject ("the library's folder is
            # read-only — reading works: try --offline"), then the reason alone.
            why = self.read_only
            said = (why.replace("its folder", f"{self.label}'s folder", 1)
                    if why.startswith("its folder ") else
                    why.replace("it is", f"{self.label} is", 1) if why.startswith("it is ")
                    else f"{self.label}: {why}")
            briefly = f"{self.label} cannot be written ({why})"
            # (--offline: a command that reads the library without fetching into it; a
            # star, a tag or a note has nothing to read instead, and a sync or an import
            # stores what it is for: what to make writable, as 80 columns allow)
            instead = ([(said, "reading works: try --offline"), (said, "try --offline")]
                       if self.offline_reads else [(said, "make it writable")])
            error.shorter = [(briefly, error.hint), *instead, (briefly, None), (said, None)]
            raise error

    def _no_room(self, problem: str, todo: str) -> StoreError:
        """A write refused on a file opened read-only for want of room (a full disk, a
        used-up quota, a file-size limit, a read-only disk): what frees it, never "make it
        writable" (the file is)."""
        reading = "reading works (try --offline); " if self.offline_reads else ""
        error = StoreError(f"{problem}: {self.label} {self.path} cannot be written, so "
                           "nothing can be stored", hint=f"{reading}{todo}")
        said = f"{problem}: {self.label} cannot be written"
        error.shorter = [(said, error.hint), (said, todo), (f"{problem} ({self.label})", todo),
                         (said, None)]
        return error

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it. A full disk or a
        read-only file is one StoreError saying so, whichever statement met it."""
        what = f"{self.label} {self.path}"
        self._be_born()
        self.check_writable()
        try:
            self._begin()
        except sqlite3.OperationalError as exc:
            if errorname(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise locked(self.label, self.path) from None
            raise storage_error(exc, what, self.path) or exc from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            problem = storage_error(exc, what, self.path)
            if problem is None:
                raise
            raise problem from None
        except BaseException:
            self._rollback()
            raise

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting as long as the connection's busy timeout (BUSY_TIMEOUT)
        for another process's write, a WAIT_STEP at a time: SQLite's own wait sleeps in C,
        where Ctrl-C is not seen, and Ctrl-C pressed while `today` waited behind a long
        import took effect only when the 30 s were up. With a progress hook (a terminal),
        a wait past WAIT_SAID is said on the status line, where it sat silent; only a
        write that waits touches the line (a sync's workers keep theirs)."""
        say = getattr(self, "progress", None)
        waits = int(self.conn.execute("PRAGMA busy_timeout").fetchone()[0])
        started = time.monotonic()
        said = False
        self.conn.execute(f"PRAGMA busy_timeout = {int(WAIT_STEP * 1000)}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not errorname(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                        raise
                    waited = time.monotonic() - started
                    if waited >= waits / 1000:
                        raise
                if say is not None and not said and waited >= WAIT_SAID:
                    said = True
                    say(f"waiting for another papers command to finish writing {self.label}…")
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {waits}")
            if said and say is not None:
                say(None)

    def _rollback(self) -> None:
        rollback(self.conn)



def not_a_file(label: str, path: Path, hint: str, short: str) -> StoreError:
    """The error for a database's place taken by something else (a folder): the whole
    path twice made 127 to 203 columns with a usual home; said by the path with ~ where
    the line passes 80 columns, with what to do in a few words (`short`)."""
    error = StoreError(f"{label} {path} is not a file", hint=hint)
    error.shorter = [(f"{label} {tilde(path)} is not a file", short),
                     (f"{tilde(path)} is not a file", short),
                     (f"{label} is not a file", f"{short}: {tilde(path)}")]
    return error


def dangling(label: str, path: Path) -> StoreError | None:
    """A database at a symbolic link whose target's folder does not exist (a dotfiles link
    to a disk not mounted): SQLite's "unable to open database file — check that its folder
    exists and is writable" sent the user to a folder that was both. A target missing in
    a folder that exists is not this: the first write creates it there."""
    target = Path(os.path.realpath(path))
    if target.parent.is_dir():
        return None
    error = StoreError(f"{label} {path} is a link to {target}, whose folder does not exist",
                       hint=f"create {target.parent}, or remove the link")
    error.shorter = [(f"{label} {tilde(path)} links to a missing folder",
                      f"create {tilde(target.parent)}, or remove the link"),
                     (f"{label} links to a missing folder, {tilde(target.parent)}",
                      "create it or remove the link"),
                     (f"{label} links to a missing folder", "create it or unlink it")]
    return error


class Unusable(Exception):
    """The file is not a SQLite database, is damaged, or is someone else's database."""

    def __init__(self, inode: int | None) -> None:
        super().__init__()
        self.inode = inode  # which file we judged, in case another process replaces it


class ReadOnly(Exception):
    """The file or its folder cannot be written after all (found on opening: a read-only
    file, or a full disk that cannot take even the -shm file); the message says which,
    and `problem` what stopped the write (a file-size limit, a full disk), if known."""

    def __init__(self, reason: str, problem: StoreError | None = None) -> None:
        super().__init__(reason)
        self.problem = problem


def check_read_only_schema(conn: sqlite3.Connection, steps: Migrations, what: str,
                           reason: str, fix: Path, *, label: str | None = None,
                           path: Path | None = None) -> None:
    """A read-only database must already be at our schema: it cannot be migrated. The
    error names what stops the upgrade (`reason`) and what to make writable (`fix`: the
    file, its -shm, or its folder; "its folder" sent a user whose file was the read-only
    one to a folder that already was writable). `label` and `path`: the file's label
    ("the library") and path, for a line without the paths."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > steps.latest:
        steps.apply(conn, what, label)  # raises "written by a newer papercli"
    if version < steps.latest:
        error = StoreError(
            f"{what} needs an upgrade this papercli cannot write ({reason})",
            hint=f"make {fix} writable, then run any papers command once to upgrade it",
        )
        # Both paths made 170 columns with a usual home: the file by its label, what to
        # make writable as "it" or "its folder" where it is one of those.
        said = label or what
        which = ("it" if fix == path else "its folder" if path and fix == path.parent
                 else tilde(fix))
        error.shorter = [(f"{said} needs an upgrade ({reason})", f"make {which} writable"),
                         (f"{said} needs an upgrade", f"make {which} writable"),
                         (f"{said} needs an upgrade ({reason})", None)]
        raise error


# A read-only database an earlier papercli wrote, up to this size, is read from a copy in
# memory brought up to our schema (the user database: stars, tags and notes, a few MiB).
UPGRADE_IN_MEMORY = 64 * 1024 * 1024


def upgraded_copy(conn: sqlite3.Connection, steps: Migrations, what: str, path: Path
                  ) -> sqlite3.Connection | None:
    """A copy in memory of `conn` (a read-only file at an older schema) brought up to
    ours, so reads work where the file cannot be upgraded; None when the file is larger
    than UPGRADE_IN_MEMORY or the copy fails (the caller then says it needs an upgrade)."""
    try:
        if path.stat().st_size > UPGRADE_IN_MEMORY:
            return None
    except OSError:
        return None
    copy = connect(Path(":memory:"))
    try:
        conn.backup(copy)
        steps.apply(copy, what)
    except (sqlite3.Error, StoreError):
        copy.close()
        return None
    return copy


def locked(label: str, path: Path) -> StoreError:
    """A database another papers process kept locked past BUSY_TIMEOUT (a long sync or
    import writing the library), said in 80 columns: the whole of it made 150 to 190
    with the file's path ("the library /home/me/.cache/papercli/library.db stayed locked
    by another papers process for 30s — try again when the other command (a long sync?)
    has finished"); the shorter ways leave out the path and the wait."""
    long_sync = " (a long sync?)" if label == "the library" else ""
    error = StoreError(
        f"{label} {path} stayed locked by another papers process for {BUSY_TIMEOUT:g}s",
        hint=f"try again when the other command{long_sync} has finished")
    naming(error, str(path))
    error.shorter = [(f"{label} is locked by another papers command", "try again later"),
                     (f"{label} is locked by another papers command", "try again")]
    return error


def errorname(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def damaged(exc: BaseException) -> bool:
    """Whether SQLite found the file damaged ("malformed", "not a database")."""
    return isinstance(exc, sqlite3.DatabaseError) and errorname(exc).startswith(
        ("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def open_checked(path: Path) -> sqlite3.Connection:
    """Open and sniff the file: garbage or a stranger's database raises Unusable.

    Only "not a database" and "corrupt" count as garbage. A busy file is another papers
    process creating or migrating the library (switching to WAL needs a moment alone):
    wait for it, never move a healthy library aside because it was locked.
    """
    if path.exists() and not path.is_file():
        raise not_a_file("the library", path, f"remove {path}", "remove it")
    problem = dangling("the library", path) if path.is_symlink() and not path.exists() else None
    if problem is not None:
        raise problem
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(path)
            # Look before touching: a stranger's database must be moved aside unchanged.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if (version == 0 and tables) or (version > 0 and "papers" not in tables):
                conn.close()
                raise Unusable(_inode(path))
            if version == 0 and not tables:  # a new library: rows of ~1 KB fill 16 KiB
                conn.execute("PRAGMA page_size = 16384")  # pages, 4 KiB ones waste a fifth
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            name = errorname(exc)
            if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                if time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                raise locked("the library", path) from None
            if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
                raise Unusable(_inode(path)) from None
            if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")) and (
                path.is_file() and path.stat().st_size > 0
            ):
                if "READONLY" in name:
                    raise ReadOnly("it is read-only") from None
                # (a full disk cannot take even the -shm: said as such, where "opening it
                # failed: disk I/O error" sent the user to make a writable file writable)
                cause = write_cause(path.parent)
                raise ReadOnly(cause[0] if cause is not None else f"opening it failed: {exc}",
                                storage_error(exc, f"the library {path}", path)) from None
            raise storage_error(exc, f"the library {path}", path) or StoreError(
                f"cannot open the library {path}: {exc}") from None
        return conn


def move_aside(path: Path, inode: int | None = None) -> Path | None:
    """Rename the unusable file (and its -wal/-shm) to a timestamped name; None when
    another process has already replaced it with a new library."""
    if inode is not None and _inode(path) != inode:
        return None
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            if side.exists():
                side.rename(Path(str(target) + suffix))
    except OSError as exc:
        raise StoreError(
            f"{path} is not a papercli library and cannot be moved aside: {exc.strerror}",
            hint=f"move or delete {path} by hand",
        ) from None
    return target
