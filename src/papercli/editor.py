"""The user's text editor: `$VISUAL`, then `$EDITOR`, then a default (`notepad` on
Windows, else `vi`, else `nano`), run on a temporary file made with `mkstemp` (mode 0600,
a fixed-shape name in the temp dir: nothing of the text in it). Notes and config.toml are
edited through it; an editor that cannot start or exits non-zero changes nothing (what
was saved before it failed is kept in the file, named).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from papercli.errors import PapersError, UsageError
from papercli.sanitize import quoted


def command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor's command line: $VISUAL, then $EDITOR (split as a shell would, so
    `code --wait` works), then the platform's default."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value, posix=os.name != "nt")
            except ValueError:
                raise UsageError(f"{name} is not a command line: {quoted(value, 80)}",
                                 hint=f"fix or unset {name}") from None
            if words:
                return words
    if sys.platform == "win32":
        return ["notepad"]
    for name in ("vi", "nano"):
        if shutil.which(name):
            return [name]
    return ["vi"]


def _fix_hint(environ: Mapping[str, str] | None) -> str:
    """What to change when the editor cannot start, naming the variable it came from:
    "set VISUAL or EDITOR" told someone whose VISUAL was wrong to set EDITOR, which
    VISUAL goes before."""
    env = os.environ if environ is None else environ
    if env.get("VISUAL", "").strip():
        return "fix VISUAL, or unset it to use EDITOR"
    if env.get("EDITOR", "").strip():
        return "fix EDITOR, or set VISUAL to an editor"
    return "set VISUAL or EDITOR to an editor"


AT_ONCE = 1.0  # seconds: an editor back sooner was not waited for (`code` without --wait)

# A window editor's launcher hands the file to a window and exits at once, so the file is
# read back before anything is typed in it; this option keeps it until the file is closed.
WAIT_OPTIONS = {
    "code": "--wait", "code-insiders": "--wait", "codium": "--wait", "cursor": "--wait",
    "subl": "--wait", "atom": "--wait", "zed": "--wait", "gedit": "--wait", "mate": "-w",
    "bbedit": "-w", "gvim": "-f", "mvim": "-f", "kate": "--block",
}


# Editors that run in the terminal, which papers waits for as it waits for any program:
# back at once, they were quit at once (vi's `:q`), not left open in a window.
TERMINAL_EDITORS = frozenset({
    "vi", "vim", "nvim", "view", "nano", "pico", "micro", "hx", "helix", "kak", "joe",
    "jed", "ne", "mg", "vis", "ed", "ex", "emacs", "mcedit", "notepad"})


def at_once_hint(seconds: float, environ: Mapping[str, str] | None = None) -> list[str]:
    """What to do when an edit came back unchanged from an editor that returned within
    AT_ONCE seconds, longest first (the shorter for a line that would pass 80 columns):
    "is unchanged" alone left a `code` user wondering where the text went. Empty when it
    took longer (closed without saving: nothing to fix), and for an editor in the
    terminal or the default (vi quit with `:q` at once was told "EDITOR did not wait
    (use its wait option)", EDITOR not even set)."""
    if seconds >= AT_ONCE:
        return []
    env = os.environ if environ is None else environ
    if not any(env.get(name, "").strip() for name in ("VISUAL", "EDITOR")):
        return []  # (the default: vi, nano or notepad, each waited for)
    try:
        words = command(environ)
    except UsageError:
        return []
    program = os.path.basename(words[0]).lower().removesuffix(".exe").removesuffix(".cmd")
    if program in TERMINAL_EDITORS:
        return []
    option = WAIT_OPTIONS.get(program)
    if option is None:
        name = "VISUAL" if env.get("VISUAL", "").strip() else "EDITOR"
        return [f"did the editor return at once? give {name} its wait option",
                f"{name} did not wait (use its wait option)"]
    if option in words[1:]:
        return []  # (it waited: closed without saving)
    return [f"did the editor return at once? use {program} {option}",
            f"{program} did not wait (use {program} {option})"]


@contextmanager
def ctrl_c_passed_on() -> Iterator[None]:
    """While a program has the terminal, Ctrl-C is the program's (as with git's editor):
    vi's Ctrl-C leaves insert mode, and must not end papers (the edit lost, the editor
    killed); an editor that does not take it itself ends, and says so by its status."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # (signal handlers are the main thread's)
        return
    previous = signal.signal(signal.SIGINT, lambda *_: None)  # (not SIG_IGN: the program
    try:  # would inherit that)
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


STOP_WAIT = 5.0  # seconds an editor told to end (SIGTERM passed on) has to save and go


def _run(words: list[str], name: str) -> int:
    """The editor's exit status. When papers is told to end while it runs (SIGTERM, which
    `main()` raises as an exception), the editor is told too, as a terminal closing tells
    every program on it, and given STOP_WAIT seconds to save (nano writes FILE.save, vim
    its swap file) before it is killed: never killed outright with the text typed."""
    import signal

    from papercli.outfile import held_signals

    process = None
    try:
        with held_signals():  # (a signal inside Popen() would leave the editor running)
            process = subprocess.Popen([*words, name])
        return process.wait()
    except BaseException:
        if process is None:
            raise
        with contextlib.suppress(OSError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_WAIT)
        except BaseException:  # (a second signal, or the editor ignoring the first)
            process.kill()
            process.wait()
        raise


def _rescued(name: str) -> list[str]:
    """The files an editor told to end left beside `name` with what was typed and not
    saved: vim's swap file (`.NAME.swp`, kept only when the text changed), nano's
    `NAME.save`."""
    folder, base = os.path.split(name)
    found = [os.path.join(folder, f".{base}.{ext}") for ext in ("swp", "swo")]
    return [path for path in [*found, f"{name}.save"] if os.path.isfile(path)]


def _saved_since(name: str, text: str) -> bool:
    """Whether the temporary file holds anything but the text it was given (what the user
    saved before papers was told to end), so that it is kept, not removed with it."""
    try:
        with open(name, encoding="utf-8", errors="replace", newline="") as handle:
            now = handle.read(len(text) + 2)
    except OSError:
        return False
    return now.rstrip("\n") != text.rstrip("\n")


def _unchanged(said: Callable[[str], str], what: str, named: str | None,
               hint: str | None = None,
               more: Sequence[tuple[str, str | None]] = ()) -> PapersError:
    """The error "SAID; WHAT is unchanged", `said` made of `what`, and the shorter ways to
    say it on the one 80-column line: by `named` (`what` shorter: "config.toml" for its
    whole path; else `what`), then without "is unchanged", then `more`."""
    error = PapersError(f"{said(what)}; {what} is unchanged", hint=hint)
    named = named or what  # (a note's: "the note", 136 columns with no shorter way)
    error.shorter = [(f"{said(named)}; {named} is unchanged", hint), (said(named), hint),
                     *more]
    return error


def edit(text: str, *, kind: str, what: str, suffix: str, limit: int, no_terminal_hint: str,
         check: Callable[[str], object] | None = None,
         environ: Mapping[str, str] | None = None, no_terminal_short: str | None = None,
         named: str | None = None, opening: Callable[[], object] | None = None) -> str:
    """`text` after the user edited it (at most `limit` characters read back; the temporary
    file is `papercli-KIND-*SUFFIX`); a
    PapersError saying "`what` is unchanged" when the editor cannot run or exits non-zero
    (the file kept and named when something was saved in it first).
    `check(edited)` raises the PapersError that refuses what was written (a note too
    long): then, as for a file not in UTF-8, the file is kept and the error names it, so
    the text typed is not lost with it.
    Told to end while the editor runs (SIGTERM: `kill`, a closing terminal), it keeps
    the file when the user saved anything in it, and the exception carries a note saying
    where, for the one line the CLI writes.
    The default editor (vi) needs a terminal: without one (a script, a pipe) that is a
    usage error, not vi's escapes. `named`: `what` said shorter where the line needs it
    ("config.toml": the whole path made an editor's failure 101 to 150 columns).
    `opening()` is called once the editor is known to be wanted, just before it runs (a
    note said first was followed by "no EDITOR and no terminal")."""
    from papercli.terminal import is_terminal

    env = os.environ if environ is None else environ
    chosen = any(env.get(name, "").strip() for name in ("VISUAL", "EDITOR"))
    if not chosen and not is_terminal(sys.stdin):
        error = UsageError(f"no terminal to edit {what} in, and no VISUAL or EDITOR",
                           hint=no_terminal_hint)
        # (in 80 columns: the note's was 133, the config file's longer with its path)
        error.shorter = [("no EDITOR and no terminal", no_terminal_short or no_terminal_hint)]
        raise error
    words = command(environ)
    if opening is not None:
        opening()
    fd, name = tempfile.mkstemp(prefix=f"papercli-{kind}-", suffix=suffix, text=True)
    keep = False  # the file outlives the edit only when what it holds would be lost
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text + "\n" if text and not text.endswith("\n") else text)
        shown = quoted(shlex.join(words), 80)
        try:
            with ctrl_c_passed_on():
                returncode = _run(words, name)
        except OSError as exc:
            head, fix = f"cannot run the editor {shown}", _fix_hint(environ)
            # (not the OS's "No such file or directory": with it, config.toml's line had
            # no room left for the fix in 80 columns)
            why = "not found" if isinstance(exc, FileNotFoundError) else exc.strerror or exc
            said, first = f"{head}: {why}", fix.split(",")[0]  # "fix EDITOR"
            missing = ([(f"the editor {shown} was not found", first)]
                       if isinstance(exc, FileNotFoundError) else [])
            raise _unchanged(lambda _: said, what, named, fix, [
                (said, first), *missing, (said, None), (head, first), (head, None)]) from None
        except BaseException as exc:  # SIGTERM (main() raises it) or the like, mid-edit
            keep = _saved_since(name, text)
            if keep:
                exc.add_note(f"what you wrote is kept in {name}")
            for rescue in _rescued(name):
                exc.add_note(f"the editor kept what you typed in {rescue}" + (
                    " (vim -r FILE recovers it)" if rescue.endswith((".swp", ".swo")) else ""))
            raise
        if returncode != 0:
            status = (f"was stopped by signal {-returncode}" if returncode < 0
                      else f"exited with status {returncode}")
            # What was saved before it failed (vim's exit status after an error in the
            # session, Ctrl-C ending an editor that does not take it) is kept and named:
            # removed with the temporary file, a note typed at length was lost.
            keep = _saved_since(name, text)
            said = f"the editor {shown} {status}"
            if keep:
                raise _unchanged(lambda _: said, what, named, f"what you saved is kept in {name}")
            # Nothing saved: what to fix, as for an editor that cannot run; in 80 columns
            # "is unchanged" is kept before the editor's name (a script's path made 84:
            # "; the note is unchanged" was the part left out), then before the fix.
            fix = _fix_hint(environ).split(",")[0]  # "fix EDITOR"
            brief = (f"the editor failed (status {returncode})" if returncode > 0
                     else f"the editor was stopped (signal {-returncode})")
            failed = _unchanged(lambda _: said, what, named, fix)
            it = named or what
            failed.shorter = [failed.shorter[0], (f"{brief}; {it} is unchanged", fix),
                              (f"{said}; {it} is unchanged", None),
                              (f"{brief}; {it} is unchanged", None), *failed.shorter[1:]]
            raise failed
        try:
            with open(name, encoding="utf-8", newline="") as handle:
                edited = handle.read(limit + 1)
        except OSError as exc:
            why = exc.strerror or exc
            raise _unchanged(lambda it: f"cannot read back {it} from {name}: {why}", what,
                             named) from None
        except UnicodeDecodeError:  # (an editor set to Latin-1): kept, never replaced by �
            keep = True
            raise _unchanged(lambda it: f"{it} was saved in an encoding other than UTF-8",
                             what, named, f"what you wrote is kept in {name}: save it as "
                             "UTF-8 (iconv -f latin1 -t utf-8)") from None
        if check is not None:
            try:
                check(edited)
            except PapersError as exc:
                keep = True
                refusals = list(dict.fromkeys([exc.message, *(m for m, _ in exc.shorter)]))
                exc.message += f"; {what} is unchanged"
                kept = f"what you wrote is kept in {name}"
                exc.hint = kept + (f": {exc.hint}" if exc.hint else "")
                # In 80 columns, the file named whole (the text typed is in it), the
                # refusal said ever shorter: the whole line made 170 to 190 columns.
                it = named or what
                exc.shorter = list(dict.fromkeys([
                    (exc.message, kept),
                    *((f"{m}; {it} is unchanged", kept) for m in refusals),
                    *((m, kept) for m in refusals), *((m, f"kept in {name}") for m in refusals)]))
                raise
        return edited
    finally:
        if not keep:
            with contextlib.suppress(OSError):
                os.unlink(name)
