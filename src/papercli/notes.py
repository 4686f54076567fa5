"""Notes: a Markdown text per paper (`papers note`), kept in user.db.

Written with `-m` or in the user's editor (papercli.editor: an editor that cannot start
or exits non-zero changes nothing). `search` finds papers by the
words of their notes (`matches`): notes are few, so they are read whole and scanned.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from papercli.errors import PapersError, UsageError

if TYPE_CHECKING:
    from papercli.criteria import WordPattern
    from papercli.db.store import Store
    from papercli.db.userdb import UserDB
    from papercli.models import Paper
    from papercli.session import Session

    # (session, user database, ids) -> the copies kept of those it has: `reading.kept_copies`
    KeptCopies = Callable[[Session, UserDB, Sequence[str]], dict[str, Paper]]

MAX_NOTE = 200_000  # characters: a note is a note, not a thesis


def from_stdin(say: Callable[[str], None] | None = None) -> str:
    """`-m -`: the note read from standard input (bounded); an empty one is a usage error
    (an empty pipe is more likely a mistake than a wish to remove the note: --rm). On a
    terminal, `say` (the command's output) is given how to end it: papers waited for the
    end of input in silence, and looked hung."""
    from papercli.sanitize import is_text
    from papercli.terminal import is_terminal

    if sys.stdin is None:  # (`<&-`: it was "unexpected AttributeError")
        raise UsageError("standard input is closed",
                         hint="e.g. echo TEXT | papers note ID -m -")  # (in 80 columns)
    if say is not None and is_terminal(sys.stdin):
        end = "Ctrl-Z, Enter" if sys.platform == "win32" else "Ctrl-D"
        # (one line that fits 80 columns with "papers: " before it, Windows' keys too)
        say(f"type the note; {end} on its own line saves it, Ctrl-C cancels")
    text = sys.stdin.read(MAX_NOTE * 4 + 1)
    if len(text) > MAX_NOTE * 4:  # (read no further: its length is not known)
        raise too_long(None)
    # (blank once tidied too: a pipe of escape sequences alone said "-m is empty", or
    # "ID had no note" and exit 0, where an empty pipe is refused)
    if tidied(text) is None:
        raise UsageError("the note read from stdin is empty", hint="--rm removes a note")
    if not is_text(text):  # a byte that is not UTF-8 (Python keeps it as a surrogate)
        error = UsageError("the note read from stdin is not UTF-8 text",
                           hint="convert it first (iconv -t UTF-8)")
        # (in 80 columns: the whole made 93)
        error.shorter = [("the note on stdin is not UTF-8 text", "convert it (iconv -t UTF-8)")]
        raise error
    return text


def tidied(text: str) -> str | None:
    """`text` with line ends as `\\n`, escape sequences and control characters gone (tabs
    and newlines kept), and trailing blanks gone; None when blank. Unbounded: for
    comparing with a note already stored (one kept before the limit held included),
    which must not fail where the user is shortening it. A note is stored so (`tidy`):
    kept with its escapes, as typed or pasted from a terminal, it was counted by them
    (MCP's `chars`) and exported by them in JSON while `show` printed it without."""
    from papercli.sanitize import strip_controls

    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    return text if text.strip() else None


def tidy(text: str) -> str | None:
    """A note as stored: `tidied`, and UsageError when longer than a note may be."""
    note = tidied(text)
    if note is not None and len(note) > MAX_NOTE:
        raise too_long(len(note))
    return note


def too_long(chars: int | None) -> UsageError:
    """The error for a note of `chars` characters, more than MAX_NOTE; None when only
    its start was read (more than MAX_NOTE * 4): a 10 MB file was said to be "800,001
    characters long", the count of what was read of it."""
    if chars is None:
        error = UsageError(f"the note is more than {MAX_NOTE:,} characters long",
                           hint="keep the long text in a file and link to it")
    else:
        error = UsageError(f"the note is {chars:,} characters long, more than "
                           f"{MAX_NOTE:,}", hint="keep the long text in a file and link to it")
    # (in 80 columns: the whole made 117; the last ways leave room for the file the
    # editor's text is kept in: `editor.edit`)
    error.shorter = list(dict.fromkeys([
        *([(f"the note is {chars:,} characters, over {MAX_NOTE:,}", "link to a file")]
          if chars is not None else []),
        (f"the note is over {MAX_NOTE:,} characters", "link to a file"),
        (f"the note is over {MAX_NOTE:,} characters", None),
        ("the note is too long", None)]))
    return error


def from_file(value: str) -> str | None:
    """A note read from an export (papercli's JSON, CSL-JSON, RIS) as `papers note` stores
    one (`tidy`: control characters and escape sequences gone, line ends and trailing
    blanks tidied); None when blank. UsageError when it is longer than `papers note`
    allows, so an import never stores a note `note` would refuse."""
    if len(value) > MAX_NOTE * 4:  # not worth tidying to find it too long
        raise UsageError(f"the note is more than {MAX_NOTE:,} characters long")
    return tidy(value)


def for_export(text: str) -> str:
    """A note as an export writes it (CSL-JSON, CSV, RIS): escape
    sequences and controls gone, line ends `\n`, and every line break kept, since a
    Markdown list or a code block is lines, not a paragraph to fold; at most MAX_NOTE
    characters, as `papers note` keeps it."""
    from papercli.sanitize import strip_controls

    text = text[:MAX_NOTE * 4].replace("\r\n", "\n").replace("\r", "\n")
    return strip_controls(text).strip("\n")[:MAX_NOTE]


def appended(old: str | None, more: str) -> str:
    """`more` as a new paragraph after the note `old`; UsageError when the two are longer
    than a note may be (`tidy` checks each alone), so --append never stores a note that
    `papers note` would then refuse to read back from the editor, or an import to take."""
    text = f"{old}\n\n{more}" if old else more
    if len(text) > MAX_NOTE:
        error = UsageError(f"with it the note would be {len(text):,} characters long, more "
                           f"than {MAX_NOTE:,}",
                           hint="keep the long text in a file and link to it")
        # (in 80 columns, as `tidy` says a note too long: the whole made 123)
        error.shorter = [(f"the note would be {len(text):,} characters, over {MAX_NOTE:,}",
                          None)]
        raise error
    return text


# `note ID --append` in the editor: the file holds the note so far, then this line, and
# what is written below it is added (the editor opened an empty file: nothing said what
# the text would follow). An HTML comment, so a Markdown preview hides it.
MARK = "<!-- papers: write below this line what to add; the note above stays as it is -->"


def added_below(edited: str, after: str) -> tuple[str, bool]:
    """What was written below `MARK` (the line deleted: after the note so far, when the
    text still starts with it; else all of it), and whether the note above was changed
    (that change is not kept: `papers note ID` edits the whole note)."""
    lines = edited.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    old = tidied(after) or ""
    for at, line in enumerate(lines):
        if line.strip() == MARK:
            return "\n".join(lines[at + 1:]), tidied("\n".join(lines[:at])) != tidied(after)
    text = tidied(edited) or ""
    if old and text.startswith(old):
        return text[len(old):], False
    return edited, False


def edit(text: str, *, after: str | None = None,
         environ: Mapping[str, str] | None = None,
         warn: Callable[[str], None] | None = None,
         current: Callable[[], str | None] | None = None) -> str:
    """`text` after the user edited it in their editor (papercli.editor); with `after`
    (--append) the note so far is in the file above `MARK`, and what is written below it
    is returned, to be appended (a change above it is said to `warn`, and left out).
    PapersError (the note unchanged) when the editor cannot run or exits non-zero, or when
    the note is too long to keep (the file with it is kept then, and named), or when
    `current()` (the note as stored once the editor closed) is no longer `text`, the note
    edited, and the edit would replace it: a note saved meanwhile (another terminal, -m
    or --append) was overwritten without a word."""
    from papercli import editor

    def check(edited: str) -> None:
        if len(edited) > MAX_NOTE * 4:  # (only its start was read)
            raise too_long(None)
        more = tidy(edited if after is None else added_below(edited, after)[0])
        if after is not None and more is not None:
            appended(after, more)
        if after is None and current is not None and more != tidied(text):
            now = current()
            if (tidied(now or "") or None) not in (tidied(text), more):
                raise changed_meanwhile()

    if after is not None:
        text = f"{after}\n\n{MARK}\n{text}"
    edited = editor.edit(text, kind="note", what="the note", suffix=".md",
                         limit=MAX_NOTE * 4, no_terminal_hint="give the note with -m TEXT, "
                         "or -m - to read it from stdin",
                         no_terminal_short="use -m TEXT, or -m - to read stdin",
                         check=check, environ=environ)
    if after is None:
        return edited
    more, changed = added_below(edited, after)
    if changed and warn is not None:
        warn("edits above the line are left out: papers note ID edits the note")
    return more


def changed_meanwhile() -> PapersError:
    """The error for an edit of a note that was saved anew while the editor was open:
    the edit is not kept over it (`editor.edit` keeps the file with it, and names it)."""
    error = PapersError("the note was saved elsewhere while you edited it")
    # (in 80 columns with the file the editor kept named after it)
    error.shorter = [("the note was saved elsewhere as you edited it", None),
                     ("the note changed as you edited it", None),
                     ("the note changed meanwhile", None), ("note changed meanwhile", None)]
    return error


# -- search ------------------------------------------------------------------------------

_WORD = re.compile(r"\w[\w*]*")


def query_words(query: str) -> list[str]:
    """The words of a search query as the index searches them (`criteria.searched_text`,
    as the word filters read a paper: José = jose, C++ a word, not C): quotes dropped,
    and no word left out. The query comes read (`search.read_query`: a pasted NEAR(a b)
    is a b), and and, or, not and near are words there, as in the index: dropped here,
    `near duplicate` found a note without the word near."""
    from papercli.criteria import searched_text

    return _WORD.findall(searched_text(query))


_QUOTED = re.compile(r'"([^"]*)"')


def _patterns(query: str) -> list[WordPattern]:
    """What a note must hold for `query`: each "quoted phrase" as a phrase (its words in
    that order, as search finds a phrase in a paper), each other word alone."""
    from papercli.criteria import word_pattern

    phrases = [" ".join(query_words(p)) for p in _QUOTED.findall(query)]
    return ([word_pattern(p) for p in phrases if p]
            + [word_pattern(w) for w in query_words(_QUOTED.sub(" ", query))])


def matches(notes: Mapping[str, str], query: str, excludes: Sequence[str] = ()) -> list[str]:
    """The ids whose note has every word of `query` (whole words, any case or accent;
    `word*` a prefix; a "quoted phrase" in its order; C++ not C: `searched_text`) and none of
    `excludes` (a search's `-word`, plurals too, as it leaves papers out), in the order
    given. A note is searched as it shows (`shown_lines`: escape sequences and controls
    gone, which a note stored before `tidy` dropped them may hold), so the words a person
    reads in it find it, and an escape's debris ("31mred") does not."""
    from papercli.criteria import searched_text, word_pattern
    from papercli.sanitize import strip_controls

    patterns = _patterns(query)
    if not patterns:
        return []
    dropped = [word_pattern(" ".join(w), plurals=True)
               for w in map(query_words, excludes) if w]
    found = []
    for pid, text in notes.items():
        shown = searched_text(strip_controls(text))
        if (all(p.search(shown) for p in patterns)
                and not any(d.search(shown) for d in dropped)):
            found.append(pid)
    return found


def shown_lines(text: str) -> list[str]:
    """A note's lines for a terminal: control characters and escape sequences gone, line
    breaks kept."""
    from papercli.sanitize import strip_controls

    return [strip_controls(line.replace("\t", "    ")) for line in text.split("\n")]


def paragraphs(text: str) -> Sequence[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def note_hits(session: Session, store: Store, query: str, excludes: Sequence[str] = (),
              *, kept: KeptCopies) -> list[Paper]:
    """The papers whose note has every word of `query` and none of `excludes` (a
    `-word`: a note saying it is no more a hit than an abstract saying it), for `search`
    to merge with its other hits (notes are few: read whole). The library's record, else
    the copy kept with your star or note (`kept`: the caller's `reading.kept_copies`, as
    every listing of your papers reads it; passed in, as `reading` imports the library,
    which imports this module); a user database that cannot be read is a notice, not a
    failure, and so is a note on a paper neither has (noted offline before the library
    had it)."""
    path = session.userdb_path
    if not session.has_userdb() or not query_words(query):
        return []
    from papercli.db.userdb import UserDB

    try:
        with UserDB.open(path) as udb:  # (once: the notes, then the copies kept of those
            ids = matches(udb.all_notes(), query, excludes)  # the library lacks)
            found = {pid: store.get_paper(pid) for pid in ids}
            if absent := [pid for pid, paper in found.items() if paper is None]:
                found.update(kept(session, udb, absent))
    except PapersError as exc:
        from papercli.errors import failed_then

        session.notices.append(failed_then(exc, "notes were not searched"))
        return []
    if absent := [pid for pid, paper in found.items() if paper is None]:
        # (noted offline before the library had it): said, not a bare "No papers"; in a
        # warning's 80 columns, as a tagged one is (`tags.not_in_library`: 105 and 132)
        from papercli.errors import fitting
        from papercli.words import plural

        first = absent[0]
        session.notices.append(fitting(
            f"a noted paper is not in the library yet: papers show {first}",
            f"noted {first} is not in the library yet: papers show it",
            f"noted {first} is not in the library yet") if len(absent) == 1 else fitting(
            f"{plural(len(absent), 'noted paper')} are not in the library ({first}, …): "
            "papers show ID",
            f"{plural(len(absent), 'noted paper')} are not in the library: papers show ID"))
    return [p for p in found.values() if p is not None]
