"""Writing output files safely: never clobber without --force, never leave half a file, never
be redirected.

A folder is resolved once (the user's own symlinks in the path they typed are followed)
and then opened one component at a time with no-follow, so a link planted in the path
afterwards cannot send the writes elsewhere: every later step (the temporary file, its
final name, the no-clobber check) is made relative to that open folder. The text goes to
a temporary file created there exclusively and without following links, is flushed to
disk, and then takes its name. Without --force that is a hard link to the final name,
which the system refuses when the name exists in any form (a file, or a symbolic link
planted after our first look): the check and the use are one atomic step. With --force it
is a rename over the name, which replaces a symbolic link there rather than following it.
Either way a reader (or a crash) sees the old file or the new one, never a mix.

For `-o FILE`, a symbolic link at FILE that leads to a file is refused, with or without
--force: writing through it would replace a file the user did not name (a link planted in
a shared folder, pointing at ~/.bashrc), and replacing the link would lose theirs. The
message names the file it leads to, to give instead. A device or a pipe that already
exists, even behind a link, is simply written to: it holds no file to protect and cannot be
renamed over.

`/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` are no planted links: they
name this process's own descriptors, which the user chose (`-o /dev/stdout > out.md`, or
`3>>log.md -o /dev/fd/3`). They are written through the descriptor itself, never opened by
the path the link leads to, so a shell's `>>` still appends and its `>` offset is kept; the
descriptor is checked to be the very file the name leads to, and to be one the process was
given (inheritable): `/dev/fd/3` never writes into a file papers opened for itself.

The temporary file is removed on any failure, Ctrl-C, SIGTERM and SIGHUP included (`main()`
turns the last two into an exception): the steps that create, name or remove it hold those signals
back for their few system calls, so no interrupt falls between creating the file and
knowing its name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

from papercli.errors import OutputError, os_cause
from papercli.sanitize import is_plain, quoted

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# O_PATH opens a folder we may search but not list (a 0711 home); Linux only.
_O_PATH = getattr(os, "O_PATH", 0)
_DIR = os.O_RDONLY | os.O_DIRECTORY | _O_CLOEXEC | _O_PATH
_NOFOLLOW = os.O_NOFOLLOW
# A file made anew: exclusively (never over a name that exists) and never through a link.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _O_CLOEXEC


def printable_path(path: str | Path) -> str:
    """`path` as a message names it: as itself, or quoted with its control characters,
    escapes and stray spaces written as escapes (`sanitize.quoted`) when printed as itself
    it would name another file: the message line drops those characters, and "wrote 3
    papers to badname.md" named a file that does not exist (the real one: 'bad\\x1bname.md')."""
    text = str(path)
    if is_plain(text) and " ".join(text.split()) == text:
        return text
    return quoted(text, 300)


def expand_home(path: str | Path) -> Path:
    """`path` with a leading ~ or ~user made the home folder it names, as the shell does.
    A ~user that names no user here (a shell leaves `-o '~nouser/x.bib'` as typed) is an
    OutputError saying so: pathlib's RuntimeError was said as an unexpected error to
    report."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        head = str(path).split("/", 1)[0]
        raise OutputError(f"{printable_path(head)} names no home folder on this system",
                          hint="write the path out in full", paths=(head,)) from None


def folder_named(value: str) -> str | None:
    """How `-o VALUE` names a folder, not a file ("is a directory": one is there, or a
    link to one; "names a folder": it ends in a slash, and `-o exports/` wrote a file
    named `exports`), or None when it names a file. Said before anything is fetched or
    written, as a usage error of the option."""
    if value.endswith("/"):
        return "is a directory" if os.path.isdir(os.path.expanduser(value)) else "names a folder"
    try:
        return "is a directory" if os.path.isdir(os.path.expanduser(value)) else None
    except (OSError, ValueError):  # (a name too long, a NUL: the writer says it)
        return None


def _system_path(path: Path) -> bool:
    """Under /dev or /proc: a device, or a link to what the shell redirected to
    (`/dev/stdout`, `/proc/self/fd/1`)."""
    return str(path.absolute()).startswith(("/dev/", "/proc/"))


_OWN_NAMES = {"/dev/stdout": 1, "/dev/stderr": 2}
_OWN_FD = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]{1,9})")


def own_descriptor(path: Path) -> int | None:
    """The descriptor `path` names when it names one of this process's own
    (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`), else None. Read from
    the name as typed: a link elsewhere that leads there is still a link."""
    text = os.path.normpath(str(path.absolute()))
    if text in _OWN_NAMES:
        return _OWN_NAMES[text]
    found = _OWN_FD.fullmatch(text)
    return int(found.group(1)) if found else None


def is_stream(path: Path) -> bool:
    """Whether -o names no file to be made: a device or a pipe (`/dev/stdout`,
    `>(gzip >x.gz)`), written as stdout would be, or what exists and is no regular file
    (a folder is then refused by the writer, saying so)."""
    if _system_path(path):
        return True
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _refused(exc: OSError) -> str | None:
    """What to do about an output path the system refused (permission denied, not
    permitted, a read-only disk), for `-o` and `--split` alike; None for another error
    (a full disk or a quota has its own words: `os_cause`)."""
    return "choose another path" if exc.errno in (errno.EACCES, errno.EPERM,
                                                  errno.EROFS) else None


def _fail(target: Path, exc: OSError, place: Path | None = None) -> OutputError:
    """`target` could not be written for `exc`, met at `place` (a folder on its way; by
    default the file itself). A refusal is said with what to do, as every other error
    line is, and said shorter in 80 columns: "cannot write /sys/sub: Operation not
    permitted — choose another path" made 83; `--split /sys/sub` said the folder twice
    and no word of what to do; "/dev/full: No space left on device" none either."""
    place = target if place is None else place
    fix, reason = _refused(exc), f"{exc.strerror or exc}"
    if exc.errno == errno.ENAMETOOLONG:
        # (the OS's "File name too long" said nothing to do, and the name it is said of,
        # whole, made the line wider than 80 columns: 300 columns for a 300-byte name)
        fix, reason = "choose a shorter name", "its name is too long"
    elif fix is None:
        # A full disk, a quota, a file too large: the words `papers` says them in
        # everywhere ("the disk is full — free some space and try again"; the OS's "No
        # space left on device" said nothing to do), the file named.
        reason, fix = os_cause(exc.errno) or (reason, None)
    error = OutputError(f"cannot write {printable_path(target)}: " + (
        reason if place == target else f"{printable_path(place)}: {reason}"),
        hint=fix, paths=tuple(dict.fromkeys((target, place))))
    if fix is not None:  # (the OS's words go before what to do)
        shown = printable_path(place)
        into = f"cannot write {'in ' if place != target else ''}{shown}"
        error.shorter = [*([(f"{into}: {reason}", fix)] if place != target else []),
                         (f"{shown}: {reason}", fix), (into, fix), (f"{shown}: {reason}", None)]
        if exc.errno == errno.ENAMETOOLONG:  # (said without it where the name is too long)
            error.shorter.append(("a name in the output path is too long", fix))
    return error


def _exists(target: Path) -> OutputError:
    return OutputError(f"{printable_path(target)} already exists",
                       hint="use --force to overwrite", paths=(target,))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_all(handle: IO[str], text: str | Iterable[str]) -> None:
    """One string, or chunks written as they come (a streamed export never sits whole in
    memory)."""
    write = handle.write
    if isinstance(text, str):
        write(text)
        return
    for chunk in text:
        write(chunk)


# How the first Ctrl-C a long hold keeps back is acknowledged (`held_signals`'s `notice`):
# the command line's, set as it starts (on a terminal, a line on stderr); None: not at all.
# Called from a signal handler: it must not take a lock or write through a buffered stream.
on_held: Callable[[str], None] | None = None


# `held_signals`'s notices for the holds that can last seconds (a batch of papers stored)
READ_SO_FAR = "stopping once the papers read so far are stored…"
FETCHED_SO_FAR = "stopping once the papers fetched so far are stored…"


@contextlib.contextmanager
def held_signals(notice: str | None = None) -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back for a few system calls (a file created and its name
    recorded, a file renamed and its temporary name forgotten), then deliver them.

    `notice`, for a hold that can last seconds (a batch of an import stored and counted):
    what is said (`on_held`) as soon as Ctrl-C comes, once. Nothing acknowledged the key
    while the batch was stored, and a user pressed it again or took the command as hung.

    Python runs signal handlers in the main thread only, so elsewhere this does nothing."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: object) -> None:
        if notice and not caught and signum == signal.SIGINT and on_held is not None:
            with contextlib.suppress(OSError, ValueError):
                on_held(notice)
        caught.append(signum)

    previous: dict[signal.Signals, object] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                previous[sig] = signal.signal(sig, hold)
        yield
    finally:
        for sig, handler in previous.items():  # None: a handler set outside Python
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)  # type: ignore[arg-type]
        if caught:
            signal.raise_signal(caught[0])  # to the handler we restored: it raises


class Folder:
    """An open folder: files are created, checked and named relative to it, never through
    a path that could change under us."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)

    def lstat(self, name: str) -> os.stat_result | None:
        """What is at `name` in the folder now (a link is not followed); None if nothing."""
        try:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def write(self, name: str, text: str | Iterable[str], *, force: bool = False,
              shown: Path | None = None, mode: int | None = None) -> Path:
        """Write `text` to `name` in this folder atomically: a temporary file, fsync, then
        an exclusive link to the name (with `force`, a rename over it). `shown` is the path
        errors name; `mode`, the file's permissions (a copy of a private file stays
        private), else a replaced file's own or the umask's."""
        shown = shown or self.path / name
        if not name or "/" in name or "\0" in name or name in (".", ".."):
            raise OutputError(f"refusing the file name {name!r}")
        try:
            st = self.lstat(name)
        except OSError as exc:
            raise _fail(shown, exc) from None
        if st is not None:
            if stat.S_ISDIR(st.st_mode):
                raise OutputError(f"{printable_path(shown)} is a directory",
                                  hint="give a file name", paths=(shown,))
            if not force:
                raise _exists(shown)
        if mode is None:  # a replaced file keeps its mode; a new one gets the umask's
            mode = (stat.S_IMODE(st.st_mode) if st is not None and stat.S_ISREG(st.st_mode)
                    else 0o666 & ~_umask())
        tmp: str | None = None
        try:
            with held_signals():
                tmp, fd = self._create_temp(name)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                _write_all(handle, text)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            with held_signals():
                if force:
                    os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
                else:
                    self._link_exclusive(tmp, name, shown)
                tmp = None
        except BaseException as exc:
            if tmp is not None:
                with held_signals(), contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=self.fd)
            if isinstance(exc, OSError):
                raise _fail(shown, exc) from None
            raise
        self.sync()
        return self.path / name

    def _create_temp(self, name: str) -> tuple[str, int]:
        """A new hidden file beside `name`, created exclusively (never through a link)."""
        for _ in range(100):
            tmp = f".{name[:200]}.{os.urandom(4).hex()}.tmp"
            try:
                return tmp, os.open(tmp, _NEW_FILE, 0o600, dir_fd=self.fd)
            except FileExistsError:
                continue
        raise FileExistsError(errno.EEXIST, "no free temporary name")

    def _link_exclusive(self, tmp: str, name: str, shown: Path) -> None:
        """Give the finished temp file the name only if nothing has that name (one atomic
        step), then drop the temp name. Where hard links are not supported (some network
        and FAT file systems), an exclusive no-follow create of the name and a copy
        instead: still no clobbering, though a reader could see the file being filled."""
        try:
            os.link(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd, follow_symlinks=False)
        except FileExistsError:
            raise self._clash(name, shown) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                                 errno.ENOSYS, errno.EXDEV):
                raise
            self._copy_exclusive(tmp, name, shown)
        os.unlink(tmp, dir_fd=self.fd)

    def _clash(self, name: str, shown: Path) -> OutputError:
        with contextlib.suppress(OSError):
            st = self.lstat(name)
            if st is not None and stat.S_ISLNK(st.st_mode):
                return OutputError(f"{printable_path(shown)} is a symbolic link (it appeared "
                                   "while writing)",
                                   hint="remove it: files are never written through links",
                                   paths=(shown,))
        return _exists(shown)

    def _copy_exclusive(self, tmp: str, name: str, shown: Path) -> None:
        mode = os.stat(tmp, dir_fd=self.fd).st_mode & 0o777
        try:
            fd = os.open(name, _NEW_FILE, mode, dir_fd=self.fd)
        except FileExistsError:
            raise self._clash(name, shown) from None
        try:
            src = os.open(tmp, os.O_RDONLY | _NOFOLLOW | _O_CLOEXEC, dir_fd=self.fd)
            with os.fdopen(fd, "wb") as out, os.fdopen(src, "rb") as source:
                while block := source.read(1 << 20):
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            with held_signals(), contextlib.suppress(OSError):
                os.unlink(name, dir_fd=self.fd)
            raise

    def sync(self) -> None:
        """Make the names durable; best effort (not every system can fsync a folder)."""
        try:
            fd = os.open(".", os.O_RDONLY | os.O_DIRECTORY | _O_CLOEXEC, dir_fd=self.fd)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass  # e.g. EINVAL where folders cannot be fsynced
        finally:
            os.close(fd)


def open_folder(folder: str | Path, *, create: bool = False, shown: Path | None = None,
                hint: str = "create it first") -> Folder:
    """Open `folder` once: the path is resolved (following the user's own links), then
    walked from the root one component at a time without following any link, so a
    component swapped for a link afterwards fails instead of redirecting. With `create`,
    missing folders are made on the way (like `mkdir -p`). `shown` is the path errors name."""
    real = Path(os.path.realpath(expand_home(folder)))
    shown = shown or Path(folder)
    parts = real.parts
    fd = os.open(parts[0], _DIR)
    here = Path(parts[0])
    try:
        for part in parts[1:]:
            here = here / part
            try:
                child = _open_child(fd, part, create)
            except FileNotFoundError:
                # Named as typed where it was (`exports`, not /home/me/exports), after
                # the path: "cannot write exports/x.json: folder /home/me/exports does
                # not exist — …" made twice the 80 columns the hint was pushed out of.
                named = _as_typed(shown, here)
                folder_named = f"folder {printable_path(named)} does not exist"
                error = OutputError(folder_named if named == shown
                                    else f"{printable_path(shown)}: {folder_named}",
                                    hint=hint, paths=(shown, named))
                # (the folder alone where the file's path would pass 80 columns)
                error.shorter = [(folder_named, hint)]
                raise error from None
            except (NotADirectoryError, OSError) as exc:
                raise _component_error(fd, part, here, shown, exc) from None
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return Folder(fd, real)


def _as_typed(shown: Path, here: Path) -> Path:
    """`here` (a real path, links followed) as `shown` or a folder above it was typed,
    when one of them is it; else `here`."""
    for typed in (shown, *shown.parents):
        if typed != Path(".") and Path(os.path.realpath(expand_home(typed))) == here:
            return typed
    return here


def _open_child(fd: int, part: str, create: bool) -> int:
    try:
        return os.open(part, _DIR | _NOFOLLOW, dir_fd=fd)
    except FileNotFoundError:
        if not create:
            raise
    with contextlib.suppress(FileExistsError):
        os.mkdir(part, 0o777, dir_fd=fd)
    return os.open(part, _DIR | _NOFOLLOW, dir_fd=fd)


def _component_error(fd: int, part: str, here: Path, shown: Path,
                     exc: OSError) -> OutputError:
    try:
        st: os.stat_result | None = os.stat(part, dir_fd=fd, follow_symlinks=False)
    except OSError:
        st = None
    # Named as typed where it was (`--split refs.bib`: "refs.bib is not a folder", not
    # "/home/me/…/refs.bib", its middle cut out to fit 80 columns), as a missing one is.
    here = _as_typed(shown, here)
    if st is not None and stat.S_ISLNK(st.st_mode):
        return OutputError(f"cannot write {printable_path(shown)}: {printable_path(here)} "
                           "became a symbolic link while it was opened",
                           hint="check that folder, then run it again", paths=(shown, here))
    if isinstance(exc, NotADirectoryError) or (st is not None
                                               and not stat.S_ISDIR(st.st_mode)):
        # (`--split FILE`: "cannot write FILE: FILE is not a folder" named it twice)
        error = OutputError(f"{printable_path(here)} is not a folder" if here == shown else
                            f"cannot write {printable_path(shown)}: {printable_path(here)} "
                            "is not a folder", hint="choose another path", paths=(shown, here))
        error.shorter = [(f"{printable_path(here)} is not a folder", error.hint)]
        return error
    return _fail(shown, exc, here)  # (said as `-o`'s, what to do and all)


def replace_small(path: Path, text: str | bytes) -> None:
    """Replace a small file papercli keeps for itself (the search index's state, a ranking
    cache, a pacing stamp) in one atomic step. Its temporary file has a fresh random name
    and is created exclusively without following links (mode 0600), and the rename
    replaces a link at `path` instead of following it: a link planted at either name is
    never written through. `text` as bytes is written as it is (a binary cache)."""
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, _NEW_FILE, 0o600)
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as raw:
                raw.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class NotAFile(OSError):
    """What `open_small` found at a path is no file: a named pipe, a socket, a device."""


def open_small(path: Path) -> int:
    """A file papercli keeps for itself (what `replace_small` writes: a ranking cache, the
    search index's state, a pacing stamp), opened for reading: its descriptor. Never waits:
    a named pipe planted at the name held `for-you`, `show` and `search` until killed, as
    opening one for reading waits for a writer; O_NONBLOCK opens it at once, and anything
    but a regular file is refused (NotAFile, or IsADirectoryError for a folder), so the
    caller treats it as the damaged cache it is and rebuilds it. A link is followed:
    reading through one is harmless, and `replace_small` replaces it, never writing
    through it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | _O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotAFile(errno.EINVAL, "not a file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_small(path: Path) -> bytes:
    """The bytes of a file papercli keeps for itself, read as `open_small` opens it:
    OSError when it is missing, unreadable or no file."""
    with os.fdopen(open_small(path), "rb") as handle:
        return handle.read()


def write_output(path: str | Path, text: str | Iterable[str], *, force: bool = False) -> Path:
    """Write `text` (a string or an iterable of chunks) to `path` atomically and without
    being redirected (see the module docstring); returns the path really written."""
    target = expand_home(path)
    fd = own_descriptor(target)
    if fd is not None and (written := _write_to_descriptor(target, fd, text)) is not None:
        return written
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:  # ENOTDIR (a file as a folder), EACCES, ELOOP, ENAMETOOLONG
        if isinstance(exc, NotADirectoryError):
            error = OutputError(f"cannot write {printable_path(target)}: "
                                f"{printable_path(target.parent)} is not a folder",
                                hint="choose another path", paths=(target, target.parent))
            # (the folder alone where the file's path would pass 80 columns)
            error.shorter = [(f"{printable_path(target.parent)} is not a folder", error.hint)]
            raise error from None
        raise _fail(target, exc) from None
    if st is None and target.is_symlink():  # a link to nothing: whose file would it make?
        shown = printable_path(target)
        error = OutputError(f"{shown} is a symbolic link to a missing file",
                            hint="remove the link, or give the path it should point to",
                            paths=(target,))
        # (in 80 columns: it made 106 and more, whatever the name)
        error.shorter = [(f"{shown} is a dangling link", "remove it, or give its target"),
                         (f"{shown} is a dangling link", "remove it first")]
        raise error
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{printable_path(target)} is a directory",
                              hint="give a file name for --output", paths=(target,))
        if stat.S_ISREG(st.st_mode) and target.is_symlink():  # --force or not
            raise _linked(target)
        if not stat.S_ISREG(st.st_mode):
            written = _write_in_place(target, text)
            if written is not None:
                return written
        elif not force:
            raise _exists(target)
    # Through the user's symlinks (and "..") to the file that is really replaced, once.
    real = Path(os.path.realpath(target))
    if not real.name:
        raise OutputError(f"{printable_path(target)} is a directory",
                          hint="give a file name for --output", paths=(target,))
    try:
        folder = open_folder(real.parent, shown=target)
    except OSError as exc:
        raise _fail(target, exc) from None
    with folder:
        return folder.write(real.name, text, force=force, shown=target)


def _linked(target: Path) -> OutputError:
    """The error for an output path that is a symbolic link to a file: that file named,
    and what to do, in 80 columns where the names allow (the whole made 117 and more):
    a terminal says the paths shorter first (`cli.failures`), then the link alone."""
    shown, real = printable_path(target), printable_path(os.path.realpath(target))
    system = _system_path(target)  # (another process's /proc/PID/fd/1: not to remove)
    remove = "" if system else ", or remove the link"
    error = OutputError(f"{shown} is a symbolic link to {real}",
                        hint=f"files are never written through links: give that path itself"
                        f"{remove}", paths=(target, os.path.realpath(target)))
    error.shorter = [
        (f"{shown} is a symbolic link to {real}", f"give that path itself{remove}"),
        (f"{shown} is a link to {real}", f"give that path{remove}"),
        (f"{shown} is a symbolic link",
         "give the path it points to" if system else "remove it, or give its target")]
    return error


def _write_in_place(target: Path, text: str | Iterable[str]) -> Path | None:
    """A device or a pipe: opened (never created, never truncated) and written to. If what
    was opened turns out to be a regular file after all (swapped since we looked), nothing
    is written and None says so: the caller takes the atomic path instead."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | _O_CLOEXEC)
    except OSError as exc:
        raise _fail(target, exc) from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            _write_all(handle, text)
    except OSError as exc:
        raise _fail(target, exc) from None
    return target.absolute()


def _write_to_descriptor(target: Path, fd: int, text: str | Iterable[str]) -> Path | None:
    """`-o /dev/stdout` and its kind: `text` written to descriptor `fd` itself (a copy of
    it, at the offset the shell left), whatever it leads to: `> out.md` is a file the user
    chose, not a planted link. None when the name does not lead to that descriptor after
    all (a system without such names): the caller looks at the path as any other."""
    shown = printable_path(target)
    try:
        held = os.fstat(fd)
    except OSError:
        error = OutputError(f"{shown} names descriptor {fd}, which is not open",
                            hint="give a file name", paths=(target,))
        # (in 80 columns: it made 81 and more, /proc/self/fd/N 87)
        error.shorter = [(f"{shown}: descriptor {fd} is not open", "give a file name"),
                         (f"{shown} is not open", "give a file name")]
        raise error from None
    try:
        named = os.stat(target)
    except OSError:
        return None
    if (named.st_dev, named.st_ino) != (held.st_dev, held.st_ino):
        return None
    if not os.get_inheritable(fd):  # opened by papers itself (library.db), not given it
        error = OutputError(f"{shown} names a file papers opened, not one it was given",
                            hint="give a file name", paths=(target,))
        # (in 80 columns: it made 92 and more, /proc/self/fd/N 98)
        error.shorter = [(f"{shown} is a file papers opened", "give a file name"),
                         (f"{shown} is papers' own file", "give a file name")]
        raise error
    if stat.S_ISDIR(held.st_mode):
        raise OutputError(f"{printable_path(target)} is a directory",
                          hint="give a file name for --output", paths=(target,))
    for stream in (sys.stdout, sys.stderr):  # what was printed comes first
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    try:
        with os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="") as handle:
            _write_all(handle, text)
    except OSError as exc:
        raise _fail(target, exc) from None
    return target.absolute()
