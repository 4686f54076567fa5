"""Where papercli keeps things, per platformdirs (so XDG_* variables relocate them).

cache dir  -> library.db: everything fetched from the Hub; safe to delete.
data dir   -> user.db: stars, read and seen marks; never touched by `cache clear`.
config dir -> config.toml: settings and watchlists.

The databases' paths are asked for by `Session`, which hands them down (`store()`,
`userdb()`); only shell completion (which must not load the config) and the last-resort
error message for a damaged library ask here directly.

On Linux the answer is worked out here, as platformdirs works it out (an absolute
$XDG_*_HOME, else the folder under an absolute $HOME), because importing platformdirs
(and the tempfile and random modules it loads) costs ~5 ms of every command that opens
the library; anything else (another platform, no usable HOME) asks platformdirs.
tests/test_paths.py holds the two to the same answers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

APP = "papercli"


def _linux(variable: str, default: str) -> Path | None:
    """platformdirs' Linux answer for one user folder, or None to ask platformdirs."""
    if sys.platform != "linux":
        return None
    base = os.environ.get(variable, "")
    if base.startswith("/"):
        return Path(base, APP)
    home = os.environ.get("HOME", "")
    if home.startswith("/"):
        return Path(home, default, APP)
    return None  # no HOME, or a relative one: platformdirs' own fallbacks


def cache_dir() -> Path:
    if (fast := _linux("XDG_CACHE_HOME", ".cache")) is not None:
        return fast
    from platformdirs import user_cache_path

    return user_cache_path(APP, appauthor=False)


def data_dir() -> Path:
    if (fast := _linux("XDG_DATA_HOME", ".local/share")) is not None:
        return fast
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    if (fast := _linux("XDG_CONFIG_HOME", ".config")) is not None:
        return fast
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def library_path() -> Path:
    return cache_dir() / "library.db"


def user_db_path() -> Path:
    return data_dir() / "user.db"


def config_path() -> Path:
    return config_dir() / "config.toml"


# The variable that moves each of papercli's folders (platformdirs honours them on Linux
# and the other Unixes, not on macOS or Windows).
Place = Literal["cache", "data", "config"]
_PLACES: dict[str, tuple[str, Callable[[], Path]]] = {
    "cache": ("XDG_CACHE_HOME", cache_dir), "data": ("XDG_DATA_HOME", data_dir),
    "config": ("XDG_CONFIG_HOME", config_dir)}


def cannot_create_hint(folder: Path, place: Place) -> str:
    """What to do when `folder` (papercli's `place` folder, or one inside it) could not be
    made: a first run under a read-only HOME, or an XDG variable naming a file (/dev/null).
    Names the nearest part that exists, which is what must change, and the variable that
    moves the folder elsewhere instead."""
    blocker = nearest_existing(folder)
    variable = _variable_for(folder, place)
    if os.path.isdir(blocker):
        fix = f"make {blocker} writable"
        return f"{fix}, or set {variable} to a folder you can write" if variable else fix
    if _variable_names_a_file(blocker, place, variable):  # the user's own choice
        return f"{blocker} is not a folder: set {variable} to one you can write"
    fix = f"{blocker} is not a folder: move it aside"
    return f"{fix}, or set {variable} to a folder you can write" if variable else fix


def cannot_create_shorter(folder: Path, place: Place, reason: str | None = None
                          ) -> list[tuple[str, str | None]]:
    """Shorter ways to say that `folder` could not be made (`PapersError.shorter`), where
    an XDG variable of the user's names a file (`XDG_CACHE_HOME=/dev/null`): the variable
    as what is wrong. "cannot create /dev/null/papercli: Not a directory — /dev/null is not
    a folder: set XDG_CACHE_HOME to one you can write" made 133 columns (157 for
    config.toml's). Where a folder is in the way (a read-only HOME, XDG_DATA_HOME
    somewhere unwritable), the folder with ~ and the OS's `reason`, then the fix in fewer
    words: the whole made 140 to 180 columns. Then the folder that would not let it be
    made, shorter than the one to make ("cannot write in ~"), so the fix still fits: a
    folder of 20 characters said "cannot create …: Operation not permitted" and no fix,
    with the fix 81 columns."""
    blocker = nearest_existing(folder)
    variable = _variable_for(folder, place)
    if os.path.isdir(blocker):
        made, there = f"cannot create {tilde(folder)}", _home_as_tilde(blocker)
        heads = [f"{made}: {reason}", made] if reason else [made]
        fixes = ([f"make {there} writable, or set {variable} elsewhere",
                  f"set {variable} elsewhere"] if variable else [f"make {there} writable"])
        blocked = f"cannot write in {there}"
        return [*((head, fix) for fix in fixes for head in heads),
                *((blocked, fix) for fix in ([f"make it writable, or set {variable} elsewhere",
                                              f"set {variable} elsewhere"] if variable
                                             else ["make it writable"])),
                *((head, None) for head in heads)]
    if not _variable_names_a_file(blocker, place, variable):
        # a file in the way, in the folder the variable names or under HOME: "cannot
        # create …: File exists — … is not a folder: move it aside, or set XDG_DATA_HOME
        # to a folder you can write" made 170 columns under a short HOME
        there = tilde(blocker)
        return [*((f"{there} is not a folder", fix) for fix in (
                    [f"move it aside, or set {variable} elsewhere"] if variable else [])),
                (f"{there} is not a folder", "move it aside"),
                (f"{there} is not a folder", None)]
    return [(f"{variable} is not a folder: {blocker}", "set it to one you can write"),
            (f"{variable} is not a folder", "set it to one you can write"),
            (f"{variable} is not a folder", "set it to a folder"),  # (a note's, `Session`)
            (f"{variable} is not a folder", None)]


def _variable_names_a_file(blocker: Path, place: Place, variable: str | None) -> bool:
    """Whether `blocker`, a file in the way of papercli's `place` folder, is the user's
    XDG variable naming a file (/dev/null) or a path through one, rather than a file in
    papercli's own folder under it (XDG_CACHE_HOME=~/x with ~/x/papercli a file: the
    variable names a folder, and the file is what to move aside)."""
    if not variable or not os.environ.get(variable, "").startswith("/"):
        return False
    try:
        own = _PLACES[place][1]()
    except Exception:  # no usable HOME: platformdirs' own error
        return True
    return not (blocker == own or own in blocker.parents)


def _home_as_tilde(path: Path) -> str:
    """`path` as `tilde` says it, and the home folder itself as ~ ("make ~ writable")."""
    try:
        home = Path.home()
    except RuntimeError:  # (no home known)
        return str(path)
    return "~" if path == home and home != home.parent else tilde(path)


def nearest_existing(path: Path) -> Path:
    """`path`, or the nearest of its parents that exists: what must be made writable for
    `path` to be made."""
    while not os.path.exists(path) and path.parent != path:  # (never raises)
        path = path.parent
    return path


def _variable_for(folder: Path, place: Place) -> str | None:
    """The XDG variable that moves `folder`, when it is papercli's `place` folder or inside
    it (a library given another path is not), where platformdirs honours the variables."""
    if sys.platform in ("darwin", "win32"):
        return None
    variable, where = _PLACES[place]
    try:
        own = where()
    except Exception:  # no usable HOME: platformdirs' own error; nothing to name
        return None
    return variable if folder == own or own in folder.parents else None


def tilde(path: Path) -> str:
    """`path` as a person reads it: under the home folder, ~ stands for the folder."""
    try:
        home = Path.home()
        rest = path.relative_to(home)
    except (RuntimeError, ValueError):  # (no home known; a path elsewhere)
        return str(path)
    if home == home.parent or not rest.parts:  # (a home of /: every path is under it)
        return str(path)
    return os.path.join("~", rest)
