"""Writing an output file safely: never clobber without --force, never leave half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from papercli.errors import OutputError


def write_output(path: str | Path, text: str, *, force: bool = False) -> Path:
    """Write `text` to `path` atomically (temp file in the same folder, fsync, rename)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise OutputError(f"{target} is a directory", hint="give a file name for --output")
    if target.exists() and not force:
        raise OutputError(f"{target} already exists", hint="use --force to overwrite it")
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {target}: folder {folder} does not exist",
            hint="create it first, or choose another path",
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    return target.resolve()
