"""`papers config edit`: config.toml in the user's editor, checked before it is saved.

As `visudo` and `git config --edit` do it: the file is edited as a copy, and the copy
replaces it only when everything in it would load (TOML, every setting's type and
bounds, the watches and family definitions), so a typo never leaves a file that breaks
every command. The text is saved as written, comments and all (`config set` rewrites
the file as data and drops them). A mistake is shown with its line; on a terminal the
user may edit the copy again, keeping what they typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

from papercli import config
from papercli.errors import ConfigChanged, ConfigError

# What a new file starts with: where to look, never a setting (every default applies).
TEMPLATE = """\
# papercli settings. `papers config show` lists every key, its value and its source;
# the README's Configuration section documents them, [families.NAME] and [watch.NAME].
# Example:
# [network]
# timeout = 5
"""

MAX_TEXT = config.MAX_TEXT  # characters read back from the editor


class Edited(NamedTuple):
    """What `edit` did: whether the file changed, and the warnings of the text saved."""

    changed: bool
    warnings: list[str]


def check(path: Path, text: str) -> list[str]:
    """The warnings (unknown keys) `text` would give as `path`; a ConfigError naming the
    line for anything that would stop a command. The environment is left out: the file is
    checked, not what overrides it."""
    from papercli import watches

    if len(text) > MAX_TEXT:
        raise ConfigError(f"config file {path} would be {len(text)} characters long, "
                          f"more than {MAX_TEXT}", hint="a settings file is a few lines")
    loaded = config.load(path, environ={}, text=text)
    watches.checked(loaded)
    return loaded.warnings


def edit(path: Path, *, again: Callable[[ConfigError, bool], bool] | None = None,
         environ: Mapping[str, str] | None = None) -> Edited:
    """Edit the file in the user's editor and save it if it checks. `again(problem, fatal)`
    says whether to reopen the edit: after a mistake (fatal: no means nothing is saved)
    or an unknown key (no means it is saved as it is, with the warning every command
    would give). None: never ask; a mistake is raised, an unknown key saved and returned."""
    from papercli import editor

    config.refuse_link(path)  # before the editor opens, not after the work is done
    before = config.read_text(path)
    start = text = before or TEMPLATE
    while True:
        text = editor.edit(text, kind="config", what=str(path), suffix=".toml",
                           limit=MAX_TEXT, environ=environ, named=path.name,
                           no_terminal_hint=f"use papers config set KEY VALUE, or edit {path}",
                           no_terminal_short="use papers config set KEY VALUE")
        if text == start:
            return Edited(False, [])
        try:
            warnings = check(path, text)
        except ConfigError as exc:
            # The edit is what is wrong, not the file: advice for a file that fails every
            # command (`config set`, `watch rm`) would send the user away from the question.
            # The shorter ways to say it (the file's name for its whole path) are kept: the
            # whole path, said twice, made the last line 240 columns.
            said = [message for message, _ in exc.shorter]
            exc.hint = None
            exc.shorter = [(message, None) for message in said]
            if again is not None and again(exc, True):
                continue
            exc.message += f"; {path} is unchanged"
            # the file is fine, not to be moved aside or fixed by `watch rm`: the edit is
            exc.hint = "run papers config edit again to fix it"
            exc.shorter = [  # (the first, by the file's name, said when none fits)
                *((f"{message}; nothing saved", exc.hint) for message in said[1:] or said),
                *((f"{message}; nothing saved", None) for message in said)]
            raise
        if warnings and again is not None:
            if again(ConfigError("; ".join(warnings)), False):
                continue
            warnings = []  # said with the question: once is enough
        try:
            config.replace_text(path, before, text)
        except ConfigChanged as exc:  # the edit is kept, never lost to a race
            kept = _keep(path, text)
            exc.message += f"; your edit is kept in {kept}"
            raise
        return Edited(True, warnings)


def _keep(path: Path, text: str) -> Path:
    """The user's edit beside the file (`config.toml.edit`, private: 0600, never written
    through a link), when it could not replace the file."""
    from papercli.outfile import open_folder

    name = path.name + ".edit"
    with open_folder(path.parent) as folder:
        folder.write(name, text, force=True, mode=0o600)
    return path.with_name(name)
