"""Notes: a Markdown text per paper (`papers note`), kept in user.db.

Written with `-m` or in the user's editor: `$VISUAL`, then `$EDITOR`, then a default
(`notepad` on Windows, else `vi`, else `nano`), on a temporary file created with
`mkstemp` (mode 0600, a fixed-shape name in the temp dir: no paper or tag text in it). An
editor that cannot start or exits non-zero changes nothing. `search` finds papers by the
words of their notes (`matches`): notes are few, so they are read whole and scanned.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from papercli.errors import PapersError, UsageError

if TYPE_CHECKING:
    from papercli.db.store import Store
    from papercli.models import Paper
    from papercli.session import Session

MAX_NOTE = 200_000  # characters: a note is a note, not a thesis


def from_stdin() -> str:
    """`-m -`: the note read from standard input (bounded); an empty one is a usage error
    (an empty pipe is more likely a mistake than a wish to remove the note: --rm)."""
    text = sys.stdin.read(MAX_NOTE * 4 + 1)
    if not text.strip():
        raise UsageError("the note read from stdin is empty", hint="--rm removes a note")
    return text


def tidy(text: str) -> str | None:
    """A note as stored: line ends as `\\n`, trailing blanks gone; None when blank."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    if not text.strip():
        return None
    if len(text) > MAX_NOTE:
        raise UsageError(f"the note is {len(text)} characters long, more than {MAX_NOTE}",
                         hint="keep the long text in a file and link to it")
    return text


def appended(old: str | None, more: str) -> str:
    """`more` as a new paragraph after the note `old`."""
    return f"{old}\n\n{more}" if old else more


def editor(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor's command line: $VISUAL, then $EDITOR (split as a shell would, so
    `code --wait` works), then the platform's default."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value, posix=os.name != "nt")
            except ValueError:
                raise UsageError(f"${name} is not a command line: {value[:80]!r}",
                                 hint=f"fix or unset ${name}") from None
            if words:
                return words
    if sys.platform == "win32":
        return ["notepad"]
    for name in ("vi", "nano"):
        if shutil.which(name):
            return [name]
    return ["vi"]


def edit(text: str, *, environ: Mapping[str, str] | None = None) -> str:
    """`text` after the user edited it in their editor; PapersError (nothing changed)
    when the editor cannot run or exits non-zero. The default editor (vi) needs a
    terminal: without one (a script, a pipe) that is a usage error, not vi's escapes."""
    from papercli.terminal import is_terminal

    env = os.environ if environ is None else environ
    chosen = any(env.get(name, "").strip() for name in ("VISUAL", "EDITOR"))
    if not chosen and not is_terminal(sys.stdin):
        raise UsageError("no terminal to edit the note in, and no $VISUAL or $EDITOR",
                         hint="give the note with -m TEXT, or -m - to read it from stdin")
    command = editor(environ)
    fd, name = tempfile.mkstemp(prefix="papercli-note-", suffix=".md", text=True)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text + "\n" if text and not text.endswith("\n") else text)
        shown = shlex.join(command)[:80]
        try:
            done = subprocess.run([*command, name], check=False)
        except OSError as exc:
            raise PapersError(f"cannot run the editor {shown!r}: {exc.strerror or exc}; "
                              "the note is unchanged",
                              hint="set $VISUAL or $EDITOR, or use -m TEXT") from None
        if done.returncode != 0:
            status = (f"was stopped by signal {-done.returncode}" if done.returncode < 0
                      else f"exited with status {done.returncode}")
            raise PapersError(f"the editor {shown!r} {status}; the note is unchanged")
        try:
            with open(name, encoding="utf-8", errors="replace", newline="") as handle:
                return handle.read(MAX_NOTE * 4 + 1)
        except OSError as exc:
            raise PapersError(f"cannot read back the note from {name}: "
                              f"{exc.strerror or exc}; the note is unchanged") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


# -- search ------------------------------------------------------------------------------

_WORD = re.compile(r"\w[\w*]*")
_OPERATORS = {"and", "or", "not", "near"}


def query_words(query: str) -> list[str]:
    """The words of a search query (quotes, operators and field prefixes dropped)."""
    words = []
    for word in _WORD.findall(query):
        if word.lower() in _OPERATORS or word.lower().endswith(":"):
            continue
        words.append(word)
    return words


def matches(notes: Mapping[str, str], query: str) -> list[str]:
    """The ids whose note has every word of `query` (whole words, any case; `word*` a
    prefix), in the order given."""
    from papercli.criteria import word_pattern

    patterns = [word_pattern(w) for w in query_words(query)]
    if not patterns:
        return []
    return [pid for pid, text in notes.items() if all(p.search(text) for p in patterns)]


def shown_lines(text: str) -> list[str]:
    """A note's lines for a terminal: control characters and escape sequences gone, line
    breaks kept."""
    from papercli.sanitize import strip_controls

    return [strip_controls(line.replace("\t", "    ")) for line in text.split("\n")]


def paragraphs(text: str) -> Sequence[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def note_hits(session: Session, store: Store, query: str) -> list[Paper]:
    """The papers whose note has every word of `query`, for `search` to merge with its
    other hits (notes are few: read whole). The library's record, else the one kept with
    the note; a user database that cannot be read is a notice, not a failure."""
    path = session.userdb_path
    if not path.is_file() or not query_words(query):
        return []
    from papercli.db.userdb import UserDB

    try:
        with UserDB.open(path) as udb:
            ids = matches(udb.all_notes(), query)
            kept = udb.kept(ids) if ids else {}
    except PapersError as exc:
        session.notices.append(f"{exc.message}; notes were not searched")
        return []
    found = (store.get_paper(pid) or kept.get(pid) for pid in ids)
    return [p for p in found if p is not None]
