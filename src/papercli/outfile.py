"""Writing an output file safely: never clobber without --force, never leave half a file.

The text goes to a temporary file in the target's folder and is flushed to disk. Without
--force it is then hard-linked to the target's name, which the system refuses when the
name exists: no-clobber is one atomic step, so of several exports racing to one new path
exactly one wins and the others say "already exists" (a check followed by a rename let
each replace the other's file). With --force it is renamed over the target. Either way a
reader (or a crash) sees the old file or the new one, never a mix. A symlink is written
through (the link stays, its target is replaced). A device or a pipe that already exists
(`-o /dev/stdout`) is simply written to: it holds no file to protect and cannot be
renamed over. The temporary file is removed on any failure, Ctrl-C and SIGTERM included
(`main()` turns SIGTERM into an exception so that this cleanup runs).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from papercli.errors import OutputError


def _fail(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {target}: {exc.strerror or exc}")


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


def write_output(path: str | Path, text: str | Iterable[str], *, force: bool = False) -> Path:
    """Write `text` (a string or an iterable of chunks) to `path` atomically: a temp file in
    the same folder, fsync, then an exclusive link to the name (with `force`, a rename)."""
    target = Path(path).expanduser()
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:  # ENOTDIR (a file as a folder), EACCES, ELOOP, ENAMETOOLONG
        if isinstance(exc, NotADirectoryError):
            raise OutputError(
                f"cannot write {target}: {target.parent} is not a folder",
                hint="choose another path",
            ) from None
        raise _fail(target, exc) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{target} is a directory", hint="give a file name for --output")
        if not stat.S_ISREG(st.st_mode):
            return _write_in_place(target, text)
        if not force:
            raise _exists(target)
    # Through symlinks (and "..") to the file that is really replaced.
    real = Path(os.path.realpath(target))
    folder = real.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(
            f"cannot write {target}: folder {folder} {what}",
            hint="create it first, or choose another path",
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _fail(target, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            _write_all(handle, text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; an export gets what the target had, or the umask.
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        if force:
            os.replace(tmp, real)
        else:
            _link_exclusive(tmp, real, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _fail(target, exc) from None
        raise
    _sync_folder(folder)
    return real


def _exists(target: Path) -> OutputError:
    return OutputError(f"{target} already exists", hint="use --force to overwrite")


def _link_exclusive(tmp: str, real: Path, target: Path) -> None:
    """Give the finished temp file the target's name only if no file has that name (one
    atomic step), then drop the temp name. Where hard links are not supported (some
    network and FAT file systems), an O_EXCL create of the target and a copy instead: still
    no clobbering, though a reader could then see the file while it is being filled."""
    try:
        os.link(tmp, real)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                             errno.ENOSYS, errno.EXDEV):
            raise
        _copy_exclusive(tmp, real, target)
    os.unlink(tmp)


def _copy_exclusive(tmp: str, real: Path, target: Path) -> None:
    try:
        fd = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, os.stat(tmp).st_mode & 0o777)
    except FileExistsError:
        raise _exists(target) from None
    try:
        with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
            while block := src.read(1 << 20):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(real)
        raise


def _write_in_place(target: Path, text: str | Iterable[str]) -> Path:
    try:
        with open(target, "w", encoding="utf-8", newline="") as handle:
            _write_all(handle, text)
    except OSError as exc:
        raise _fail(target, exc) from None
    return target.absolute()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # e.g. EINVAL where folders cannot be fsynced
    finally:
        os.close(fd)
