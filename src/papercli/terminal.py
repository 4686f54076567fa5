"""The terminal around a command's output: its size, colour, a pager, a status line.

Everything here is decided per stream and only for a terminal: piped output is never
paged, styled (unless FORCE_COLOR asks for colour) or interrupted by a status line, so
`papers month | grep LLaVA` and the tests' captured streams see plain text. Nothing here
imports Rich.

- Size: `shutil.get_terminal_size` (COLUMNS/LINES win, as in every Unix tool).
- Colour: off with NO_COLOR (any value), TERM=dumb, or when the stream is not a terminal
  and FORCE_COLOR is not set.
- Pager: `$PAPERS_PAGER`, then `$PAGER`, else `less -FRX`; an empty value or `cat` means
  none; used only when stdout is a terminal and the text is taller than the screen.
- Status line: one line on stderr, redrawn in place and erased before output continues.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

DEFAULT_PAGER = "less -FRX"
STATUS_DELAY = 0.4  # seconds a fetch may take before the status line says it is waiting

# SGR codes for the few styles the tables use.
SGR = {
    "bold": "1", "dim": "2", "italic": "3", "red": "31", "green": "32", "yellow": "33",
    "blue": "34", "magenta": "35", "cyan": "36",
}


# -- streams that cannot encode everything ---------------------------------------------
#
# Under a locale that is not UTF-8 (LC_ALL=C with PYTHONUTF8=0, a Latin-1 locale) or with
# PYTHONIOENCODING=ascii, Python's stdout refuses "—", "▲", "…" or a title's "ζ", and every
# listing died with "unexpected UnicodeEncodeError". Piped, papers writes UTF-8 (what JSON,
# CSV, BibTeX and feeds are, and what `-o` writes); on such a terminal it keeps the
# terminal's encoding and shows its own marks in ASCII, as many cells as were measured, so
# tables keep their width: — to -, ▲ to ^, … to ~, a letter with an accent to the letter,
# anything else to a ? for each of its cells. What is piped in (ids, a note, JSON) is read
# as UTF-8 too. An encoding set with PYTHONIOENCODING is kept, piped too (the user asked
# for it): a listing is then shown as on such a terminal, and a document (JSON, CSV,
# BibTeX…) is written losslessly all the same by `output.write_document`.

ASCII_ERRORS = "papercli.ascii"
_ASCII = {
    "\u2014": "-", "\u2013": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "~", "\u25b2": "^", "\u25bc": "v", "\u2605": "*", "\u2606": "*",
    "\u2713": "v", "\u00d7": "x", "\u00b7": "-", "\u2022": "*", "\u2192": ">",
    "\u2190": "<", "\u2265": ">", "\u2264": "<", "\u2018": "'", "\u2019": "'",
    "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}


def _to_ascii(char: str) -> str:
    """One cell of ASCII for `char`: papercli's marks by `_ASCII`, box drawing as - | +,
    blocks as #, a letter with accents as the letter; else ?."""
    if char in _ASCII:
        return _ASCII[char]
    import unicodedata

    code = ord(char)
    if 0x2500 <= code <= 0x257F:  # box drawing
        name = unicodedata.name(char, "")
        return "-" if "HORIZONTAL" in name and "VERTICAL" not in name else (
            "|" if "VERTICAL" in name and "HORIZONTAL" not in name else "+")
    if 0x2580 <= code <= 0x259F:  # blocks
        return "#"
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return base if len(base) == 1 and _char_cells(char) == 1 else "?"


def _ascii_errors(exc: UnicodeError) -> tuple[str, int]:
    """What the terminal gets for the characters it cannot show: as many cells of ASCII
    as the table measured them (`cell_width`), piece by piece (`clusters`): a wide
    character two ?, an emoji sequence as wide as its emoji, a mark on a letter none
    (one ? each, "한국어" was three cells where six were measured, and the columns after
    it stood out of line)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    shown = []
    for piece, cells in clusters(exc.object[exc.start:exc.end]):
        ascii_piece = _to_ascii(piece) if len(piece) == 1 and cells == 1 else ""
        shown.append(ascii_piece or "?" * cells)
    return "".join(shown), exc.end


def fit_streams() -> None:
    """Make stdout and stderr able to write anything, and stdin read UTF-8 (see above);
    nothing to do, and nearly no cost, under a UTF-8 locale."""
    import codecs

    stdin = sys.stdin
    if not is_utf8(getattr(stdin, "encoding", None) or "utf-8") and hasattr(
            stdin, "reconfigure") and not os.environ.get("PYTHONIOENCODING"):
        stdin.reconfigure(encoding="utf-8")  # ids, notes, JSON piped in: UTF-8 as well
    for stream in (sys.stdout, sys.stderr):
        if is_utf8(getattr(stream, "encoding", None) or "utf-8"):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        if not is_terminal(stream) and not os.environ.get("PYTHONIOENCODING"):
            reconfigure(encoding="utf-8")
            continue
        try:
            codecs.lookup_error(ASCII_ERRORS)
        except LookupError:
            codecs.register_error(ASCII_ERRORS, _ascii_errors)
        reconfigure(errors=ASCII_ERRORS)


def is_utf8(encoding: str) -> bool:
    """Whether `encoding` is UTF-8 (an unknown name counts as UTF-8: nothing is changed)."""
    import codecs

    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return True


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def job_control() -> bool:
    """Whether a shell could bring this process back once stopped (Ctrl-Z, then `fg`): it
    runs as a job of its own, not in the session leader's process group. Run as the
    session's first command (a terminal's `-e`, a tmux window's, `ssh host papers`), there
    is no shell to send it on: stopped, it would never run again."""
    try:
        return os.getpgrp() != os.getsid(0)
    except (AttributeError, OSError):  # (no process groups: Windows)
        return False


def ask(question: str, *, default: bool) -> bool:
    """A yes/no question on the terminal: asked on stderr, answered on stdin (stdout keeps
    only the requested output: click's prompt writes its last space there). Enter takes
    the default; the end of input is KeyboardInterrupt, as Ctrl-C is (nothing done)."""
    choices = "[Y/n]" if default else "[y/N]"
    while True:
        try:  # (the question too: Ctrl-C may come as soon as it shows)
            line = _answer(f"{question} {choices} ")
        except KeyboardInterrupt:  # Ctrl-C: "interrupted" on a line of its own, not after "[y/N]"
            sys.stderr.write("\n")
            raise
        if not line:
            sys.stderr.write("\n")
            raise KeyboardInterrupt
        answer = line.strip().lower()
        if not answer:
            return default
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False


ANSWER_BYTES = 1024  # an answer is a word: a pasted page is not read whole


def _answer(prompt: str) -> str:
    """Show `prompt` on stderr and read one line typed on stdin, a Ctrl-C pressed as the
    prompt shows never lost (`wakeup`): the answer is awaited in select(), which a signal
    wakes wherever it landed. Not on a terminal (a pipe may hold more than one line), off
    the main thread or off POSIX (no select on a console): stdin's readline, as before."""
    from papercli.wakeup import signal_wakeup, wait_readable

    stdin = sys.stdin
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if (fd < 0 or os.name != "posix" or not os.isatty(fd)
            or threading.current_thread() is not threading.main_thread()):
        sys.stderr.write(prompt)
        sys.stderr.flush()
        return stdin.readline(ANSWER_BYTES)
    with signal_wakeup() as woken:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        wait_readable(fd, woken)
    data = os.read(fd, ANSWER_BYTES)  # (a terminal gives one line per read)
    return data.decode(getattr(stdin, "encoding", None) or "utf-8", errors="replace")


def use_color(stream: Any) -> bool:
    """Colour on a terminal unless NO_COLOR is set (https://no-color.org) or TERM=dumb;
    on a pipe too when FORCE_COLOR is set to anything (https://force-color.org), as Rich
    takes it for `show`'s panel: `FORCE_COLOR=1 papers today | less -R` had a coloured
    panel but plain tables. Only colour: a pipe still gets whole lines and no pager."""
    if "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != "":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return os.environ.get("FORCE_COLOR", "") != "" or is_terminal(stream)


def size() -> tuple[int, int]:
    """(columns, lines) of the terminal; COLUMNS and LINES override, 80x24 if unknown."""
    import shutil

    cols, lines = shutil.get_terminal_size((80, 24))
    return max(cols, 20), max(lines, 2)


def width(stream: Any) -> int | None:
    """Columns to fit output to on the stream's own terminal (COLUMNS first, as `size`),
    or None when the stream is not a terminal (piped output keeps whole lines). Its own:
    stderr's width holds when stdout is piped (`papers today -q | head`)."""
    if not is_terminal(stream):
        return None
    given = os.environ.get("COLUMNS", "")
    if given.isascii() and given.isdigit() and int(given) > 0:
        return max(int(given), 20)
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = 0
    return max(columns, 20) if columns else size()[0]


def style(text: str, name: str | None) -> str:
    """`text` in a style ("bold magenta"); the caller has decided colour is on."""
    if not name or not text:
        return text
    codes = ";".join(SGR[part] for part in name.split() if part in SGR)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


# -- cells ------------------------------------------------------------------------------


# Characters a terminal draws in no cell of their own (as wcwidth counts them): marks set on
# the character before (Mn, Me: an accent, a Thai vowel sign, a Devanagari virama), invisible
# format characters (Cf: zero-width space and joiner), the Hangul vowels and finals that
# join a syllable, and the emoji skin tones (drawn into the emoji before them). The soft
# hyphen keeps its cell (drawn as a hyphen). A spacing vowel sign (Mc: the ा of का, the ி
# of மி) takes a cell of its own, as VTE, xterm and tmux draw it and wcwidth counts it
# after a letter, but is never cut from its letter (`clusters`).
_NO_CELL_CATEGORIES = ("Mn", "Me", "Cf")
_OWN_CELL = ("\xad",)
ZWJ, VS16 = "\u200d", "\ufe0f"
_SKIN_TONES = ("\U0001f3fb", "\U0001f3ff")
_REGIONAL = ("\U0001f1e6", "\U0001f1ff")  # two of them are a flag
_VIRAMA = 9  # the canonical combining class of every script's virama (्, ্, ್, ្ …)


@functools.lru_cache(maxsize=4096)  # a title's characters are few, and met again and again
def _char_cells(char: str) -> int:
    import unicodedata  # lazy: ASCII text never needs it

    if (unicodedata.category(char) in _NO_CELL_CATEGORIES and char not in _OWN_CELL) \
            or "\u1160" <= char <= "\u11ff" or _SKIN_TONES[0] <= char <= _SKIN_TONES[1]:
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


@functools.lru_cache(maxsize=1024)
def _spacing_mark(char: str) -> bool:
    """A vowel sign or other mark that takes a cell of its own after its letter (Mc)."""
    import unicodedata

    return unicodedata.category(char) == "Mc"


def _conjunct(piece: str) -> bool:
    """Whether `piece` ends in a virama (or a virama and a zero-width joiner, a half form):
    the letter after it is drawn into the same syllable (क्ष, ශ්‍රී)."""
    import unicodedata

    last = piece[-2] if piece[-1] == ZWJ and len(piece) > 1 else piece[-1]
    return unicodedata.combining(last) == _VIRAMA


def clusters(text: str) -> Iterator[tuple[str, int]]:
    """`text` as the terminal draws it: (characters, cells) per cell-taking piece, the
    marks and joiners after a character kept with it. An emoji sequence is drawn as one
    emoji, as Rich (and so the browser) measures it: what a zero-width joiner joins to an
    emoji takes no cell of its own ("👨‍👩‍👧" is two cells, not six), nor a skin tone
    ("👍🏽"); the emoji variation selector makes a narrow symbol two cells wide ("❤️"); two
    regional indicators are one flag ("🇫🇷"). After a letter a joiner joins no cell away
    (Sinhala's ශ්‍රී is two cells, as wcwidth and VTE count it). A syllable of an Indic
    script is one piece of as many cells as its letters and spacing vowel signs (का two,
    क्ष two, மொ two): cutting text at a piece's edge never splits an emoji, nor leaves a
    vowel sign or the second half of a conjunct on its own."""
    piece, cells, joined = "", 0, False
    for char in text:
        if piece and (joined or char == ZWJ):
            # joined: drawn in the emoji before; a letter's joiner (a half form) joins none
            piece, joined = piece + char, char == ZWJ and not piece[0].isalpha()
            continue
        if piece and char == VS16:
            piece, cells = piece + char, max(cells, 2)
            continue
        if (piece and _REGIONAL[0] <= char <= _REGIONAL[1] and len(piece) == 1
                and _REGIONAL[0] <= piece <= _REGIONAL[1]):
            piece, cells = piece + char, 2  # the flag's second letter
            continue
        width = _char_cells(char)
        if piece and width == 0:
            piece += char  # a mark on the character before
            continue
        if piece and not char.isascii() and (
                (len(piece) > 1 and _conjunct(piece)) if char.isalpha()
                else _spacing_mark(char)):
            piece, cells = piece + char, cells + width  # a vowel sign, a conjunct's letter
            continue
        if piece:
            yield piece, cells
        piece, cells = char, width
    if piece:
        yield piece, cells


def _wide(piece: str) -> bool:
    """Whether a piece of two cells or more is a wide character or an emoji (which a line
    may break before, as CJK runs have no spaces), not a syllable of narrow letters."""
    import unicodedata

    return unicodedata.east_asian_width(piece[0]) in "WF" or not piece[0].isalpha()


# Where every character is a piece of one cell of its own (`clusters`), text is measured
# and cut as characters, without walking its pieces: a table of 10,000 rows took seconds
# more on a terminal than piped, measuring titles ("é", "—") and its own "…" piece by
# piece. ASCII is one such text; `_one_cell` adds the characters below U+3000 that take
# a cell and join no other (not a mark, joiner, selector or spacing vowel sign), each
# looked up once (a class of them all, compiled, cost 10-20 ms at every table's start).
_NARROW_END = "\u3000"
_ASCII_CHARS = frozenset(map(chr, range(128)))


@functools.lru_cache(maxsize=4096)
def _one_cell(char: str) -> bool:
    """Whether `char` is a piece of one cell of its own, whatever is beside it."""
    import unicodedata

    return (char < _NARROW_END and _char_cells(char) == 1
            and unicodedata.category(char) != "Mc" and char not in (ZWJ, VS16))


def _narrow(text: str) -> bool:
    """Whether each of `text`'s characters is a piece of one cell (`clusters`)."""
    return text.isascii() or all(map(_one_cell, set(text) - _ASCII_CHARS))


def cell_width(text: str) -> int:
    """Terminal cells a string takes: East Asian wide characters take two, marks and
    invisible format characters none (a Thai or Hindi title keeps the columns after it
    straight), an emoji sequence what its emoji takes (`clusters`)."""
    return len(text) if _narrow(text) else _pieces_width(text)


def _pieces_width(text: str) -> int:
    """`cell_width` the long way, piece by piece (`clusters`), whatever `text` holds."""
    return sum(cells for _, cells in clusters(text))


def wrap(text: str, width: int, *, indent: str = "", break_long: bool = True) -> list[str]:
    """`text` in lines of at most `width` cells (textwrap counts characters, so a Chinese
    or emoji line came out twice as wide and was cut with …): broken between words, and
    a word wider than a line broken between its pieces (`clusters`) when `break_long` or
    it holds wide characters (CJK runs have no spaces: any piece may start a line); else
    it stands alone on a line, for the caller to cut. `indent` starts every line after
    the first."""
    pad = cell_width(indent)
    width = max(width, pad + 2)
    lines: list[str] = []
    line, used, empty = "", 0, True  # empty: nothing but the indent on `line` yet

    def new_line() -> None:
        nonlocal line, used, empty
        lines.append(line)
        line, used, empty = indent, pad, True

    for word in text.split():
        cells = cell_width(word)
        gap = 0 if empty else 1
        if used + gap + cells <= width:
            line, used, empty = line + " " * gap + word, used + gap + cells, False
            continue
        wide = not word.isascii() and any(n > 1 and _wide(piece) for piece, n in clusters(word))
        if (pad if lines or not empty else 0) + cells <= width or not (break_long or wide):
            if not empty:
                new_line()
            line, used, empty = line + word, used + cells, False
            continue
        if not empty and used + gap + 1 > width:
            new_line()
            gap = 0
        line, used = line + " " * gap, used + gap
        for piece, n in clusters(word):
            if used + n > width and not empty:
                new_line()
            line, used, empty = line + piece, used + n, False
    if not empty:
        lines.append(line)
    return lines


def fit(text: str, width: int) -> str:
    """Cut to `width` cells with an ellipsis, never splitting a wide character, a
    character from its marks, or an emoji sequence."""
    narrow = _narrow(text)
    if (len(text) if narrow else _pieces_width(text)) <= width:
        return text
    if width <= 0:
        return ""
    return text[:width - 1] + "…" if narrow else _fit_pieces(text, width)


def _fit_pieces(text: str, width: int) -> str:
    """`text` wider than `width` (at least 1) cut the long way, piece by piece."""
    out, used = [], 0
    for piece, cells in clusters(text):
        if used + cells > width - 1:
            break
        out.append(piece)
        used += cells
    return "".join(out) + "…"


# What a cut between words leaves off the end of what it keeps: a joiner or separator
# with nothing after it ("keyword a and…", "author X ·…").
_DANGLING = frozenset(("and", "or", "·", "—", "–", "-", ",", ":", ";", "("))


def fit_words(text: str, width: int) -> str:
    """`text` cut to `width` cells between words with "…", for a sentence (a note, a
    watch's criteria) where `fit`'s cut mid-word ("mixture of e…") read as a typo or
    as another word. A joiner left dangling goes too ("a and b…", not "a and b and…");
    where the last space would keep less than half the width (one long word), the word
    is cut as `fit` cuts it. The browser's heading cuts its own way (`tui.widgets._cut`:
    every whole word that fits, as Rich measures it), a document's preview in characters
    (`exporters.excerpt`), not cells."""
    if cell_width(text) <= width or width <= 0:
        return fit(text, width)
    cut = fit(text, width)[:-1]  # (what fits before the "…", whole pieces)
    words = cut.split(" ")
    if len(text) > len(cut) and text[len(cut)] != " ":  # the last word was cut: drop it
        words.pop()
    while len(words) > 1 and (not words[-1] or words[-1].rstrip(",:;") in _DANGLING
                              or words[-1] in _DANGLING):
        words.pop()
    kept = " ".join(words).rstrip(",:;(")
    if not words or cell_width(kept) < width // 2:
        return cut.rstrip() + "…"
    return kept + "…"


TITLE_JOINT = " · "  # between a title's parts: "arXiv · cs.CL, cs.LG · announced 2024-01-16"


PROSE_ROOM = 12  # the least a title's sentence is cut to (`fit_title`) before the line is


# A title part ending in a paper's id ("Related to 2401.01055", "… hep-th/9901001"): the
# part after it, the paper's title, may be left out where there is no room for it.
_NAMED_BY_ID = re.compile(r"(?:\b\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")


def fit_title(text: str, width: int, cut: Callable[[str, int], str] | None = None) -> str:
    """A table's title (or caption) in `width` cells: where it is wider, a list of names
    in one of its parts ("cs.CL, cs.LG, cs.AI, …" between " · ", or counted already:
    `related`'s "ID, ID, ID, ID +3") is said as its first
    names and how many more ("cs.CL, cs.LG +5"), as few as it takes, so that the parts
    after it (the day arXiv announced them, "new only") still show; then its longest
    part of three words or more (a paper's title, a caption's sentence, a search's
    words after "Search:"; never a first part without such a label, what the line is,
    "Related to ID", or a caption's count) is cut between
    words with "…" (`fit_words`) to the room the others leave it, if that is at least
    `PROSE_ROOM` cells; with less room, a paper's title after its id ("Related to ID")
    is left out, the id kept (three filters after it left it 9 cells, and the line was
    cut before them), a filter never; only then is the line cut with "…". `cut` does
    both cuts where given (the browser's heading: every whole word that fits). The title itself (a
    document's, `-o`'s) stays whole: only the line drawn is shorter. `fit` cut such a
    title after its categories, and the date was what was lost; a paper's title filled
    `related`'s line and its filters were ("…Robot Process Assessm…")."""
    if cell_width(text) <= width:
        return text
    parts = text.split(TITLE_JOINT)
    for n, part in enumerate(parts):
        names = part.split(", ")
        last, plus, counted = names[-1].rpartition(" +")  # already "a, b +3": 3 more
        more = int(counted) if plus and counted.isdigit() else 0
        names[-1] = last if more else names[-1]
        if len(names) < 2 or any(not name or " " in name for name in names):
            continue  # (not a list of names: words with commas in them are left as they are)
        for keep in range(len(names) - 1, 0, -1):
            parts[n] = f"{', '.join(names[:keep])} +{len(names) - keep + more}"
            if cell_width(TITLE_JOINT.join(parts)) <= width:
                return TITLE_JOINT.join(parts)
    prose = [n for n, part in enumerate(parts) if len(part.split()) >= 3
             and (n or part.split()[0].endswith(":"))]
    if prose:
        n = max(prose, key=lambda i: cell_width(parts[i]))  # (the first of the longest)
        room = width - cell_width(TITLE_JOINT.join([*parts[:n], "", *parts[n + 1:]]))
        if room >= PROSE_ROOM:
            parts[n] = (cut or fit_words)(parts[n], room)
            return TITLE_JOINT.join(parts)
        if n == 1 < len(parts) - 1 and _NAMED_BY_ID.search(parts[0]):
            # too little room for a paper's title after its id ("Related to ID"): left
            # out, the id naming it, for the filters after it. A filter is never left
            # out: cut at the line's end, with "…", it is seen to be cut.
            del parts[n]
    return (cut or fit)(TITLE_JOINT.join(parts), width)


def fit_url(url: str, width: int) -> str:
    """`url` in `width` cells, its middle given up for an ellipsis where it must be, never
    its last part (a paper's id: "https://huggingface.co/pa…/2401.01055"). A link wrapped
    to a narrow box was split inside the id, which then read as two numbers. A file in an
    error line is said the other way (`errors.short_path`: both ends of its folder)."""
    if cell_width(url) <= width:
        return url
    head, slash, last = url.rstrip("/").rpartition("/")
    last = slash + last if head else url
    room = width - 1 - cell_width(last)  # (what is left of the start, beside "…")
    if room < 1:  # (too narrow even for the last part: its end, the id's digits)
        if width < 2:
            return fit(url, width)
        # The host kept where the end has room beside it: a project page's long last
        # part ("…ct?cid=Computational%20Imaging&pid=…") said whose page it was nowhere.
        host = url[:url.find("/", url.find("://") + 3) + 1] if "://" in url else ""
        end = width - 1 - cell_width(host)
        if host.endswith("/") and end >= 16:
            return host + "…" + url[len(url) - end:]
        return "…" + url[len(url) - width + 1:]
    return fit(head, room + 1) + last


# -- the pager -------------------------------------------------------------------------


# Told that the pager a variable names cannot be started (the variable, its argv, why),
# before the text is printed without it: set by the command line (`cli.main`), which
# says so on stderr; the default `less` missing is not said (a container without it).
pager_failed: Callable[[str, list[str], OSError], None] | None = None


def _pager_variable() -> str | None:
    """The variable the pager was taken from: PAPERS_PAGER, PAGER, or None (the default)."""
    return next((name for name in ("PAPERS_PAGER", "PAGER") if name in os.environ), None)


def pager_command() -> list[str] | None:
    """The pager to use, as argv, or None for none ($PAPERS_PAGER, $PAGER, less -FRX).
    Under TERM=dumb (an editor's shell buffer) less stops at "terminal is not fully
    functional (press RETURN)", so only a pager you chose is run there."""
    import shlex

    for name in ("PAPERS_PAGER", "PAGER"):
        if name in os.environ:
            value = os.environ[name].strip()
            break
    else:
        if os.environ.get("TERM") == "dumb":
            return None
        value = DEFAULT_PAGER
    try:
        argv = shlex.split(value)
    except ValueError:
        return None
    if not argv or os.path.basename(argv[0]) == "cat":
        return None
    return argv


class _Collector:
    """What `collected()` gathers: the text of every `show()` inside it."""

    def __init__(self) -> None:
        self.parts: list[str] = []


_collecting = threading.local()


@contextmanager
def collected(*, pager: bool = True, stream: TextIO | None = None) -> Iterator[None]:
    """Output shown inside the block reaches the screen (or the pager) as one piece, so a
    command printing several tables (`papers new`) is paged as a whole."""
    if getattr(_collecting, "current", None) is not None:
        yield  # already inside one: the outer block shows everything
        return
    collector = _Collector()
    _collecting.current = collector
    try:
        yield
    finally:
        _collecting.current = None
    show("".join(collector.parts), pager=pager, stream=stream)


def show(text: str, *, pager: bool = True, stream: TextIO | None = None) -> None:
    """Write styled output to stdout: through the pager when stdout is a terminal, paging
    is on and the text is taller than the screen; straight to the stream otherwise."""
    collector = getattr(_collecting, "current", None)
    if collector is not None and stream is None:
        collector.parts.append(text)
        return
    out = stream or sys.stdout
    if not text:
        return
    argv = pager_command() if pager and stream is None and is_terminal(out) else None
    if argv is not None and text.count("\n") >= size()[1] and _page(argv, text):
        return
    out.write(text)
    out.flush()


def show_parts(parts: Iterable[str], *, pager: bool = True) -> None:
    """`show` for output made a part at a time (a long full text): the pager starts as soon
    as a screenful is made and reads the rest as it comes, and a reader who quits stops the
    making; piped, each part is written as made. Memory: a screenful and one part."""
    if getattr(_collecting, "current", None) is not None:
        for part in parts:
            show(part, pager=pager)
        return
    out = sys.stdout
    argv = pager_command() if pager and is_terminal(out) else None
    parts = iter(parts)
    first: list[str] = []
    if argv is not None:
        lines, rows = 0, size()[1]
        for part in parts:
            first.append(part)
            lines += part.count("\n")
            if lines >= rows:
                if _page(argv, itertools.chain(first, parts)):
                    return
                break
    for part in itertools.chain(first, parts):
        out.write(part)
        out.flush()


def _page(argv: list[str], text: str | Iterable[str]) -> bool:
    """Run the pager on `text` (or its parts, written as they come); False if it cannot be
    started (then the caller prints)."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: colour, quit if one screen, no clear
    env.setdefault("LV", "-c")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if is_utf8(encoding) and "LESSCHARSET" not in env and "LESSCHARDEF" not in env:
        # What less is given. Under LC_ALL=C Python writes UTF-8 (its UTF-8 mode), which
        # a terminal shows, but less would take for ASCII: "…" as <E2><80><A6>.
        env["LESSCHARSET"] = "utf-8"
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError as exc:
        variable = _pager_variable()
        if variable is not None and pager_failed is not None:
            pager_failed(variable, argv, exc)  # (a typo in PAGER was a silent no pager)
        return False
    assert proc.stdin is not None
    errors = getattr(sys.stdout, "errors", None) or "replace"
    try:
        for part in [text] if isinstance(text, str) else text:
            proc.stdin.write(part.encode(encoding, errors=errors))
            proc.stdin.flush()
    except (BrokenPipeError, OSError):
        pass  # the reader quit early ("q" in less): not an error
    except KeyboardInterrupt:
        pass  # Ctrl-C while parts are made: the pager keeps what it has
    with suppress(BrokenPipeError, OSError):
        proc.stdin.close()
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs, as with git


# -- the status line -------------------------------------------------------------------


class StatusLine:
    """One line on stderr that says what a slow command is waiting for; drawn over itself
    and erased before anything else is printed. Silent unless stderr is a terminal that
    can erase a line: not under TERM=dumb (an editor's shell buffer), which showed the
    escapes as they are ("^[[2KHub answered 503; …" before the table)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = is_terminal(self.stream) and os.environ.get("TERM") != "dumb"
        self._drawn = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._generation = 0  # bumped by every show/clear: a late timer draws nothing

    def show(self, message: str) -> None:
        """Draw `message` now (replacing what is there)."""
        if not self.enabled:
            return
        self._cancel()
        with self._lock:
            self._generation += 1
        self._draw(self._generation, message)

    def _draw(self, generation: int, message: str) -> None:
        from papercli.sanitize import clean_line  # lazy: only a terminal draws a status line

        text = fit(clean_line(message, 400), size()[0] - 1)
        with self._lock:
            if generation != self._generation:
                return  # cleared (or replaced) while this timer was firing
            self.stream.write("\r\x1b[2K" + text)
            self.stream.flush()
            self._drawn = True

    def later(self, message: str, delay: float = STATUS_DELAY) -> None:
        """Draw `message` if nothing clears the line within `delay` seconds (a quick fetch
        shows nothing at all)."""
        if not self.enabled:
            return
        self._cancel()
        with self._lock:
            self._generation += 1
            generation = self._generation
        timer = threading.Timer(delay, self._draw, args=(generation, message))
        timer.daemon = True
        self._timer = timer
        timer.start()

    def clear(self) -> None:
        self._cancel()
        with self._lock:
            self._generation += 1
            if self._drawn:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
                self._drawn = False

    def _cancel(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()

    def __call__(self, message: str | None) -> None:
        """The Hub client's progress hook: a message to show, or None when done."""
        if message is None:
            self.clear()
        elif message.endswith("…"):
            self.later(message)
        else:
            self.show(message)


def hub_progress(stream: TextIO | None = None) -> Callable[[str | None], None] | None:
    """The progress hook for `HubClient(progress=...)`: a status line on stderr when it
    is a terminal, None (no hook) otherwise."""
    line = StatusLine(stream)
    return line if line.enabled else None
