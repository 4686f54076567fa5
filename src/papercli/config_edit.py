"""`papers config edit`: config.toml in the user's editor, checked before it is saved.

As `visudo` and `git config --edit` do it: the file is edited as a copy, and the copy
replaces it only when everything in it would load (TOML, every setting's type and
bounds, the watches and family definitions), so a typo never leaves a file that breaks
every command. The text is saved as written, comments and all (`config set` rewrites
the file as data and drops them). A mistake is shown with its line; on a terminal the
user may edit the copy again, keeping what they typed. An edit that is not saved (a
mistake, a file changed meanwhile) is kept beside the file as a draft, `config.toml.edit`,
which the next `config edit` opens instead of the file until it is saved or discarded
(as crontab -e and git's COMMIT_EDITMSG keep theirs): a script's mistake lost the edit.
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
    """What `edit` did: whether the file changed, the warnings of the text saved, and the
    draft a rejected edit is kept in when the user chose not to edit it again."""

    changed: bool
    warnings: list[str]
    draft: Path | None = None


def draft_path(path: Path) -> Path:
    """Where an edit that could not be saved waits for the next `config edit`: beside
    the file, so the one folder holds both."""
    return path.with_name(path.name + ".edit")


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
         environ: Mapping[str, str] | None = None,
         reopening: Callable[[Path], None] | None = None) -> Edited:
    """Edit the file in the user's editor and save it if it checks. `again(problem, fatal)`
    says whether to reopen the edit: after a mistake (fatal: no keeps the edit as the
    draft, returned) or an unknown key (no means it is saved as it is, with the warning
    every command would give). None: never ask; a mistake is raised, an unknown key saved
    and returned. A draft left by an earlier edit is opened instead of the file, told to
    `reopening(draft)` as the editor opens; it goes once the file is saved (or
    `discard`ed)."""
    from papercli import editor

    config.refuse_link(path)  # before the editor opens, not after the work is done
    before = config.read_text(path)
    draft = draft_path(path)
    # (a link in its place is no draft of ours: replaced when one is kept, never read)
    reopened = "" if draft.is_symlink() else config.read_text(draft)
    told = (lambda: reopening(draft)) if reopened and reopening is not None else None
    # A draft opened again is checked even when it comes back as it went: it is what the
    # user wants saved (and, if it is still wrong, they are told why again).
    start = text = reopened or before or TEMPLATE
    drafted = bool(reopened)  # whether a draft is there now
    while True:
        text = editor.edit(text, kind="config", what=str(path), suffix=".toml",
                           limit=MAX_TEXT, environ=environ, named=path.name,
                           no_terminal_hint=f"use papers config set KEY VALUE, or edit {path}",
                           no_terminal_short="use papers config set KEY VALUE",
                           opening=told)
        told = None  # (said once: the edits again on a terminal are of the same draft)
        if text == start and not reopened:
            if drafted:  # a mistake taken back, to the file as it is: nothing to keep
                discard(path)
            return Edited(False, [])
        try:
            warnings = check(path, text)
        except ConfigError as exc:
            kept = _kept_or_none(path, text)
            drafted = drafted or kept is not None
            problem = exc if kept is None else _found_in(kept, text, exc)
            # The edit is what is wrong, not the file: advice for a file that fails every
            # command (`config set`, `watch rm`) would send the user away from the question.
            # The shorter ways to say it (the file's name for its whole path) are kept: the
            # whole path, said twice, made the last line 240 columns. Only those naming the
            # file (config.toml, or its draft config.toml.edit): a setting's way without
            # it, for a command's line to name a fix, would leave the editor's line unsaid.
            said = list(dict.fromkeys(message for message, _ in problem.shorter
                                      if path.name in message))
            problem.hint = None
            problem.shorter = [(message, None) for message in said]
            if again is not None:
                try:
                    if again(problem, True):
                        continue
                except KeyboardInterrupt as stop:  # (Ctrl-D at the question)
                    if kept is not None:
                        stop.add_note("your edit is kept: papers config edit reopens it")
                    raise
                if kept is not None:
                    return Edited(False, [], kept)
            raise _nothing_saved(problem, said, kept is not None) from None
        if warnings and again is not None:
            if again(ConfigError("; ".join(warnings)), False):
                continue
            warnings = []  # said with the question: once is enough
        try:
            config.replace_text(path, before, text)
        except ConfigChanged as exc:  # the edit is kept, never lost to a race
            kept = _keep(path, text)
            exc.message += f"; your edit is kept in {kept}"
            # (whole, with both paths: 190 columns and more; PAPERS_DEBUG says it so)
            exc.shorter = [(f"{path.name} changed meanwhile", f"your edit is in {kept.name}")]
            raise
        if drafted:
            discard(path)
        return Edited(True, warnings)


def discard(path: Path) -> bool:
    """Remove the draft of the file's edit (the link itself, if it is one); whether there
    was one."""
    try:
        draft_path(path).unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise ConfigError(f"cannot remove {draft_path(path)}: {exc.strerror or exc}",
                          hint="remove it yourself") from None
    return True


def _found_in(draft: Path, text: str, found: ConfigError) -> ConfigError:
    """The mistake `found` in `text` said of the draft that now holds it, by its name and
    line (`config.toml.edit, line 3: ...`), which the next `config edit` opens: the
    line is the draft's, and config.toml does not hold it."""
    try:
        check(draft, text)
    except ConfigError as there:
        return there
    return found


def _nothing_saved(problem: ConfigError, said: list[str], kept: bool) -> ConfigError:
    """The mistake as the last line says it: nothing saved, and (kept: the edit is in the
    draft it names) that the next `config edit` reopens it. The file's name before its
    path: the first way, by that name, is said when none fits."""
    problem.message += "; nothing saved"
    problem.hint = "papers config edit reopens it" if kept else None
    ways = said[1:] or said
    problem.shorter = [*((f"{message}; nothing saved", problem.hint) for message in ways),
                       *((f"{message}; nothing saved", None) for message in ways),
                       *((message, None) for message in ways if kept)]
    return problem


def _kept_or_none(path: Path, text: str) -> Path | None:
    """The draft `text` is kept in (`_keep`), or None when it cannot be written (a
    read-only folder: the mistake is said all the same, of the file)."""
    from papercli.errors import PapersError

    try:
        return _keep(path, text)
    except PapersError:
        return None


def _keep(path: Path, text: str) -> Path:
    """The user's edit beside the file, the draft (`config.toml.edit`, as private as the
    file would be with it: `config.file_mode`; never written through a link), when it
    could not replace the file."""
    from papercli.outfile import open_folder

    name = draft_path(path).name
    with open_folder(path.parent, create=True) as folder:
        folder.write(name, text, force=True, mode=config.file_mode(path, text))
    return path.with_name(name)
