"""The one place that writes to the terminal: tables, panels, documents, messages.

Stdout carries only what was asked for (a table, or a document in the chosen format);
notes, warnings and errors go to stderr. Every string from the Hub reaches Rich as a
`Text` object (never as markup) after `strip_controls`, so `[bold]` prints as typed and
escape sequences never reach the terminal. Rich itself is imported only when a table or
panel is drawn.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from papercli import terminal
from papercli.columns import DEFAULT_COLUMNS, HEADS, SORT_COLUMN
from papercli.names import shown_name
from papercli.sanitize import clean_block, clean_line, for_terminal, strip_controls
from papercli.terminal import cell_width, fit, style, use_color
from papercli.words import number, plural

if TYPE_CHECKING:
    from rich.console import Console

    from papercli.linked import Links
    from papercli.models import Account, Paper

PROG = "papers"
# -o FILE's extension -> format, when --format is not given (anything else: a table).
EXTENSIONS = {
    ".md": "md", ".markdown": "md", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".bib": "bibtex",
    ".bibtex": "bibtex", ".html": "html", ".htm": "html", ".atom": "atom", ".xml": "atom",
    ".rss": "rss", ".txt": "ids", ".ris": "ris", ".csljson": "csljson", ".csl.json": "csljson",
}


def format_for(path: os.PathLike[str] | str | None) -> str | None:
    """The format a -o FILE's extension names, or None (a table, as without -o)."""
    if path is None:
        return None
    name = os.path.basename(os.fspath(path)).lower()
    # refs.csl.json is CSL-JSON, not papercli's JSON: a two-part extension wins over ".json"
    for ext, fmt in EXTENSIONS.items():
        if ext.count(".") > 1 and name.endswith(ext) and len(name) > len(ext):
            return fmt
    return EXTENSIONS.get(os.path.splitext(name)[1])


# -- stderr messages (no Rich: errors must be cheap and plain) -----------------------------


# Whether this command has said anything on stderr yet: an empty listing without words of
# its own says "TITLE: no papers" there only when nothing (a reason, a warning) was said
# (`said`, `nothing_listed`).
_SAID = [False]
# And how many warnings it said: a failure that points at them says "the warning above"
# for one ("the warnings above" for a grouped "not in the library: A, B").
_WARNED = [0]


def said(reset: bool = False) -> bool:
    """Whether a line went to stderr since the command began (`reset`: it begins now)."""
    if reset:
        _SAID[0] = False
        _WARNED[0] = 0
    return _SAID[0]


def warned() -> int:
    """How many warnings this command said on stderr so far."""
    return _WARNED[0]


def wrote(what: str, path: Any, more: str = "") -> None:
    """"wrote 26 papers to notes/a.md": the file named as it was given (-o), as its
    errors name it ("notes/a.md already exists"; the absolute path written was said).
    (Whole, as an error line's paths are piped.)"""
    from papercli.outfile import printable_path

    note(f"wrote {what} to {printable_path(path)}" + (f" {more}" if more else ""))


def nothing_listed(what: str, why: str | None = None, plain: str | None = None) -> bool:
    """An empty listing or table: nothing on stdout (`papers starred | wc -l` is 0, as
    gh's empty lists are), and on stderr, once, why: `why` (the view's own reason,
    `views.Gathered.empty`: "no starred papers yet: …"), else `plain` (the view's words
    for nothing found: "no paper … matches 'x'", said after a warning on the query too,
    which never says whether anything matched: after "'title:' left out" there was no
    word of there being no papers), else, unless the command said something already,
    "WHAT: no papers". Whether `why` was said."""
    if why:
        note(why)
        return True
    if plain:
        note(plain)
    elif not said():
        note(f"{what}: no papers")
    return False


def _stderr_line(text: str, clauses: str | None = None, *, indent: str = "") -> None:
    from papercli.secrets import redact  # no token or URL password in any message

    _SAID[0] = True
    line = indent + clean_line(redact(text), max_len=4000)  # (which folds an indent)
    width = terminal.width(sys.stderr)  # a log or a pipe keeps each message on one line
    if width is not None and cell_width(line) > width:
        # Between words, the lines after the first indented: the terminal broke a long
        # line mid-word ("wat / ches"). A word wider than a line (a URL) stays whole.
        line = "\n".join(_folded(line, width, clauses))
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _folded(line: str, width: int, clauses: str | None) -> list[str]:
    """`line` in lines of `width`, the lines after the first indented: between words, or
    with `clauses` (a separator such as "; ") between whole clauses where each fits, so
    that a summary's counts are not cut in two ("11 periods (11 / fetched, …"). A clause
    too long for any line is broken between words, never between a count and what it
    counts, and the clauses after it go on from where it ends: "…, 0" then "papers;" on
    a line of its own made a three-line summary of a two-line one."""
    if not clauses or clauses not in line:
        return terminal.wrap(line, width, indent="  ", break_long=False)
    *most, last = line.split(clauses)
    mark = clauses.rstrip()  # kept at the end of its clause: "…, 2 updated;"
    lines: list[str] = []
    for clause in [c + mark for c in most] + [last]:
        room = width - (2 if lines[1:] else 0)  # (the lines after the first: indented)
        if lines and cell_width(f"{lines[-1]} {clause}") <= room:
            lines[-1] += f" {clause}"
        elif cell_width(clause) <= width - (2 if lines else 0):
            lines.append(clause)
        else:  # word by word, each count with its word ("0 papers"), from the line it is on
            for unit in _COUNTED.findall(clause):
                room = width - (2 if lines[1:] else 0)
                if lines and cell_width(f"{lines[-1]} {unit}") <= room:
                    lines[-1] += f" {unit}"
                elif cell_width(unit) > width - 2:  # (a word wider than a line: its pieces)
                    lines += terminal.wrap(unit, width - 2, break_long=False)
                else:
                    lines.append(unit)
    return [lines[0], *("  " + more for more in lines[1:])] if lines else []


# A word, or a count and the word after it ("0 papers", "1,200 requests"): never broken.
_COUNTED = re.compile(r"(?<!\S)\d[\d,.]*(?!\S)(?: +\S+)?|\S+")


def note(message: str, *, clauses: str | None = None) -> None:
    """A message on stderr; on a terminal too narrow for it, broken between `clauses`
    (see `_folded`) where they fit rather than between any two words. Piped or logged,
    one too wide for 80 columns is said in notes of whole clauses, as many to a line as
    fit (a sync's summary made 110 to 140 columns), each a line a log keeps whole."""
    from papercli.errors import NOTE_ROOM

    if clauses and clauses in message and terminal.width(sys.stderr) is None and (
            cell_width(message) > NOTE_ROOM):
        for line in packed(message.split(clauses), clauses):
            _stderr_line(f"{PROG}: {line}")
        return
    _stderr_line(f"{PROG}: {message}", clauses)


def command_note(label: str, command: str) -> None:
    """`label: command` in a note, the command whole to copy. Too wide for that, the
    label alone, then the command on lines of its own, indented as a folded note goes on
    and without the prefix, to paste into a shell: "papers: papers sync …" took 81
    columns for one category. A command wider than a line still is goes on after a
    backslash, broken between words."""
    from papercli.errors import NOTE_ROOM

    if cell_width(f"{label}: {command}") <= NOTE_ROOM:
        note(f"{label}: {command}")
        return
    note(f"{label}:")
    first, *words = command.split(" ")
    lines = [("  ", first)]
    for word in words:  # (room left for the backslash: " \\")
        indent, line = lines[-1]
        if cell_width(f"{indent}{line} {word} \\") <= NOTE_ROOM + len(f"{PROG}: "):
            lines[-1] = indent, f"{line} {word}"
        else:
            lines[-1] = indent, f"{line} \\"
            lines.append(("    ", word))
    for indent, line in lines:
        _stderr_line(line, indent=indent)


def packed(clauses: Sequence[str], joint: str = ", ") -> list[str]:
    """`clauses` joined by `joint`, as many to a line as fit a note's 80 columns (one
    longer than that alone on its line)."""
    from papercli.errors import NOTE_ROOM

    lines = [clauses[0]] if clauses else []
    for clause in clauses[1:]:
        if cell_width(f"{lines[-1]}{joint}{clause}") <= NOTE_ROOM:
            lines[-1] += f"{joint}{clause}"
        else:
            lines.append(clause)
    return lines


def warn(message: str) -> None:
    _WARNED[0] += 1
    _stderr_line(f"{PROG}: warning: {message}")


def error(message: str, hint: str | None = None) -> None:
    text = f"{PROG}: error: {message.rstrip('.')}"
    if hint:
        text += f" — {hint}"
    _stderr_line(text)


# -- consoles ----------------------------------------------------------------------------


def console(*, stderr: bool = False, file: Any = None) -> Console:
    from rich.console import Console

    stream = file or (sys.stderr if stderr else sys.stdout)
    # A terminal (or our own stream): Rich measures it, NO_COLOR changes colour, not
    # width. A file someone handed in gets a fixed, readable width.
    width = None if file is None or terminal.is_terminal(file) else 100
    # FORCE_COLOR set but empty is as good as unset (force-color.org; terminal.use_color,
    # which colours the tables): Rich took it for "not a terminal", so on a real one
    # `show`'s panel lost its colour while the tables kept theirs.
    unset = os.environ.get("FORCE_COLOR") == "" and terminal.is_terminal(stream)
    return Console(
        file=stream,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
        force_terminal=True if unset else None,
    )


def write_stdout(text: str) -> None:
    """Everything a command prints goes through here, so nothing in it (a hand-edited watch
    name with an OSC 52 clipboard write, a bidi override) reaches the terminal raw."""
    sys.stdout.write(for_terminal(text))
    sys.stdout.flush()


# -- documents on a stdout that is not UTF-8 --------------------------------------------
#
# Piped, stdout is UTF-8 whatever the locale (`terminal.fit_streams`), unless the user set
# another encoding with PYTHONIOENCODING; a terminal keeps its own. There a document is
# still written whole, never a "?" for a letter (a table is only shown: `fit_streams`):
# - JSON, JSON Lines, CSL-JSON: every character that is not ASCII as \uXXXX, as
#   `json.dumps` writes it by default: the same data, valid JSON in any encoding.
# - BibTeX: accented letters as LaTeX's accents ({\"u}), only those: a .bib in ASCII.
# - Whatever is left that is not ASCII (CSV, Markdown, RIS, HTML, feeds; a name in CJK
#   in BibTeX), piped: written as UTF-8, the bytes `-o FILE` writes, with one warning.
#   (As gh and httpie write their bytes whatever the locale: a script that pipes an
#   export never fails on the day a paper with a "ł" comes in.) On a terminal it is only
#   shown: as the terminal can show it.

_JSON_FORMATS = frozenset({"json", "jsonl", "csljson"})
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def ascii_json(text: str) -> str:
    """JSON text with each character that is not ASCII as its \\uXXXX escape (a pair of
    them beyond U+FFFF), as `json.dumps(ensure_ascii=True)` writes it. (Outside strings
    JSON has no such character: the text stays the same document.)"""
    if text.isascii():
        return text
    return _NOT_ASCII.sub(_escapes, text)


def _escapes(run: re.Match[str]) -> str:
    data = run.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{data[i]:02x}{data[i + 1]:02x}" for i in range(0, len(data), 2))


def stdout_encoding() -> str:
    """The encoding stdout writes in (UTF-8 when it does not say)."""
    return getattr(sys.stdout, "encoding", None) or "utf-8"


def write_document(chunks: str | Iterable[str], fmt: str) -> None:
    """A document in format `fmt` (`exporters.FORMATS`) to stdout, a chunk at a time: the
    one writer of documents there, losslessly whatever stdout's encoding (see above). On
    a terminal, what a format forgot to clean is cleaned (`for_terminal`); piped, each
    format's own cleaning stands (the scan cost a fifth of a JSON export's time), but a
    document given whole is cleaned as everything printed is."""
    out = sys.stdout
    shown = terminal.is_terminal(out)
    whole = isinstance(chunks, str)
    parts: Iterable[str] = [chunks] if isinstance(chunks, str) else chunks
    if shown or whole:
        parts = map(for_terminal, parts)
    if terminal.is_utf8(stdout_encoding()):  # the common case
        for part in parts:
            out.write(part)
        out.flush()
        return
    if fmt in _JSON_FORMATS:
        parts = map(ascii_json, parts)
    elif fmt == "bibtex":
        from papercli.exporters.bibtex import ascii_tex

        parts = map(ascii_tex, parts)
    raw = getattr(out, "buffer", None)
    if shown or fmt in _JSON_FORMATS or raw is None:
        for part in parts:  # (on a terminal: as its encoding shows it)
            out.write(part)
        out.flush()
        return
    out.flush()
    told = False
    for part in parts:
        if not told and not part.isascii():
            told = True
            _written_as_utf8()
        raw.write(part.encode("utf-8", "replace"))
    raw.flush()


def encoding_as_set() -> str:
    """stdout's encoding as the user named it, for a message: PYTHONIOENCODING's (before
    any `:errors`), else the locale's (the codeset its name gives: LC_ALL, else LC_CTYPE,
    else LANG, "de_DE.ISO-8859-1" is ISO-8859-1), when that is the encoding stdout
    writes in; else Python's name for it. Python's name alone said "iso8859-1" to whoever
    set PYTHONIOENCODING=latin-1."""
    import codecs

    written = stdout_encoding()
    given = os.environ.get("PYTHONIOENCODING", "").partition(":")[0]
    if not given.strip():
        locale = next((v for v in (os.environ.get(k) for k in ("LC_ALL", "LC_CTYPE", "LANG"))
                       if v), "")
        given = locale.partition(".")[2].partition("@")[0]
    name = clean_line(given).strip()
    try:
        same = bool(name) and codecs.lookup(name).name == codecs.lookup(written).name
    except LookupError:
        same = False
    return name if same else written


def _written_as_utf8() -> None:
    """The one warning of a document piped as UTF-8 to a stdout set to another encoding."""
    from papercli.errors import WARNING_ROOM

    name = encoding_as_set()
    message = f"wrote UTF-8, not {name} — read it as UTF-8 or use -o FILE"
    if len(message) > WARNING_ROOM:  # (a long encoding name)
        message = "wrote UTF-8, not stdout's encoding — read it as UTF-8"
    warn(message)


# -- tables ------------------------------------------------------------------------------
#
# Every table (listings, families, orgs, watch list, cache info, config show) goes through
# one renderer: on a terminal it fits the width (counts, ids and dates whole; text cut
# with … as a last resort; optional columns give way in a declared order) and is paged
# when taller than the screen; piped, it is one whole line per row, columns aligned, no
# box and no trailing blanks, so `grep` and `cut` see every value.


def _authors_cell(authors: Sequence[str], room: int) -> str:
    """"First Author +9" in `room` cells: a long first name is cut, never the count of the
    others ("Cristina N. Vasconcel…" hid that 23 more wrote the paper)."""
    if not authors:
        return "—"
    first = clean_line(shown_name(authors[0]), 60)  # ("Lucía Pérez Ortega", not "Pérez…")
    if len(authors) == 1:
        return fit(first, room)
    return keep_count(f"{first} +{len(authors) - 1}", room)


_COUNT_TAIL = re.compile(r" \+\d+$")


def keep_count(text: str, width: int) -> str:
    """`text` cut to `width` cells with … as `fit` does, but a trailing " +9" (how many
    more) kept whole, the name before it cut instead."""
    tail = _COUNT_TAIL.search(text)
    if tail is None or cell_width(text) <= width or width < len(tail.group()) + 2:
        return fit(text, width)
    return fit(text[:tail.start()], width - len(tail.group())) + tail.group()


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(width - cell_width(text), 0)
    return gap + text if right else text + gap


Segment = tuple[str, str | None]  # (text, style name such as "bold magenta", or None)

AUTHORS_WIDTH = 22  # the authors cell: "First Author +9", cut
GAP = "  "
EMPTY = ("", "—")  # cells that say nothing: a column of only these is left out


class _Column:
    """One column of cells. `text` columns may be cut (with …) down to `want` before the
    table gives up a column, and below it only as a last resort; the others (counts, ids,
    dates) are never cut. `flex` (the title) takes the room that is left. `drop` is the
    order in which optional columns give way on a narrow terminal (0: never)."""

    def __init__(self, head: str, cells: Sequence[str], style: str | None = None, *,
                 right: bool = False, text: bool = False, flex: bool = False,
                 want: int = 0, drop: int = 0,
                 cut: Callable[[str, int], str] | None = None) -> None:
        self.head, self.cells, self.style, self.right = head, list(cells), style, right
        self.text, self.flex, self.want, self.drop = text or flex, flex, want, drop
        self.cut = cut or fit  # how a cell is cut to the column's width
        self.natural = max([cell_width(head), *(cell_width(c) for c in self.cells)])


def _allot(cols: Sequence[_Column], width: int, *, soft: bool) -> list[int] | None:
    """Widths for `cols` within `width`: fixed columns whole, text columns their `want`,
    the room left to the other text columns (authors, badges: short) then to the flex
    column (the title). When the wants do not fit: None if `soft`, otherwise the text
    columns are cut further, the flex column last."""
    gaps = len(GAP) * (len(cols) - 1)
    avail = width - gaps - sum(c.natural for c in cols if not c.text)
    widths = [c.natural if not c.text else min(c.natural, c.want) for c in cols]
    texts = [i for i, c in enumerate(cols) if c.text]
    over = sum(widths[i] for i in texts) - avail
    if over > 0 and soft:
        return None
    for flex_last in (False, True):  # cut what must be cut: other text first, title last
        for i in texts:
            if over > 0 and cols[i].flex == flex_last:
                cut = min(over, widths[i] - min(widths[i], max(3, len(cols[i].head))))
                widths[i] -= cut
                over -= cut
    left = -over
    for flex_last in (False, True):  # room left: short text whole first, then the title
        for i in texts:
            if cols[i].flex == flex_last and left > 0:
                more = min(cols[i].natural - widths[i], left)
                widths[i] += more
                left -= more
    return widths


def _arrange(cols: Sequence[_Column], width: int) -> list[tuple[_Column, int]]:
    """The columns that fit `width` and their widths: optional columns are dropped in
    their `drop` order until the others get their `want`; then text is cut further."""
    active = list(cols)
    order = sorted((c for c in cols if c.drop), key=lambda c: c.drop)
    while True:
        widths = _allot(active, width, soft=True)
        if widths is not None:
            return list(zip(active, widths, strict=True))
        if not order:
            break
        active.remove(order.pop(0))
    return list(zip(active, _allot(active, width, soft=False) or [], strict=True))


def _cut_line(line: list[Segment], width: int) -> list[Segment]:
    """A styled line cut to `width` cells (the last resort when fixed columns alone are
    wider than a very narrow terminal)."""
    out: list[Segment] = []
    used = 0
    for text, name in line:
        w = cell_width(text)
        if used + w <= width:
            out.append((text, name))
            used += w
            continue
        out.append((fit(text, width - used), name))
        break
    return out


def grid_lines(cols: Sequence[_Column], *, width: int | None) -> list[list[Segment]]:
    """A header line and one line per row. `width=None` (piped): every cell whole, the
    columns aligned to their widest cell. With a width: the columns `_arrange` keeps."""
    if not cols:
        return []
    placed = [(c, c.natural) for c in cols] if width is None else _arrange(cols, width)
    rows = len(placed[0][0].cells)

    def line(cells: list[tuple[str, int, _Column]], header: bool) -> list[Segment]:
        out: list[Segment] = []
        for n, (text, w, c) in enumerate(cells):
            cell = c.cut(text, w) if width is not None and c.text else text
            last = n == len(cells) - 1
            out.append((pad(cell, w, right=c.right) + ("" if last else GAP),
                        "bold" if header else c.style))
        return out if width is None else _cut_line(out, width)

    lines = [line([(c.head, w, c) for c, w in placed], True)]
    for r in range(rows):
        lines.append(line([(c.cells[r], w, c) for c, w in placed], False))
    return lines


# -- the listing's columns: one declaration for the table, --columns and its help ---------


class ColumnSpec(NamedTuple):
    """A listing column: its header, its cell for a paper (and that paper's extras, such
    as a relevance score), and how it behaves on a narrow terminal (see `_Column`)."""

    head: str
    cell: Callable[[Paper, Mapping[str, Any]], str]
    style: str | None = None
    right: bool = False
    text: bool = False
    want: int = 0
    drop: int = 0
    cut: Callable[[str, int], str] | None = None  # (None: `fit`)


def _day(p: Paper, _: Mapping[str, Any]) -> str:
    return (p.submitted_at or "")[:10] or "—"


def _rel(_: Paper, extra: Mapping[str, Any]) -> str:
    score = extra.get("score")
    return "—" if not isinstance(score, int | float) else str(round(score * 100))


def _title(p: Paper, _: Mapping[str, Any]) -> str:
    """The title as every human surface shows it (`views.display_title`: "50\\%" is
    "50%"); --json keeps the library's text."""
    from papercli.views import display_title  # (the view layer's: imports no output)

    return ("[withdrawn] " if p.withdrawn_at else "") + display_title(p)


# A date cell's mark for the day arXiv announced the paper (`Paper.dated_by_announcement`):
# under the head "arXiv" it read as v1's date, days after it was sent in across a weekend.
# ASCII, so a table in any encoding keeps it.
ANNOUNCED_MARK = "*"


def _date(p: Paper, _: Mapping[str, Any]) -> str:
    return (p.shown_date + ANNOUNCED_MARK if p.dated_by_announcement
            else p.shown_date or "—")


def announced_legend(cols: Sequence[_Column], width: int | None) -> str | None:
    """The line saying what a date's mark means (`ANNOUNCED_MARK`: "Announced", the word
    `show` says it with, `Paper.date_label`), when the table shows a marked date (the
    column kept at `width`, `_arrange`); else None. Within 80 columns; shorter where the
    terminal is narrower (cut, it lost what the mark means)."""
    date = next((c for c in cols if c.head == HEADS["date"]), None)
    if date is None or not any(cell.endswith(ANNOUNCED_MARK) for cell in date.cells):
        return None
    if width is not None and all(c is not date for c, _ in _arrange(cols, width)):
        return None
    for line in announced_legends():
        if width is None or cell_width(line) <= width:
            return line
    return line  # (cut to the width as the title line is)


def announced_legends(*, hint: bool = True) -> tuple[str, ...]:
    """What a date's mark means (`ANNOUNCED_MARK`), longest first, each said with the
    word `show` says it with (`Paper.date_label`): a table's legend (`announced_legend`)
    and the browser's heading (`hint` False: without "papers show ID finds it", a
    command to type elsewhere)."""
    from papercli.models import ANNOUNCED

    said = f"{ANNOUNCED_MARK} {ANNOUNCED}: the day arXiv announced it, not v1's date"
    return (*([f"{said}; papers show ID finds it"] if hint else []), said,
            f"{ANNOUNCED_MARK} {ANNOUNCED}: arXiv's announcement day",
            f"{ANNOUNCED_MARK} {ANNOUNCED}: not v1's date")


def _stars(p: Paper, _: Mapping[str, Any]) -> str:
    return "—" if p.github_stars is None else str(p.github_stars)


def hub_count(p: Paper, count: int) -> str:
    """Upvotes and comments are the Hub's: "—" for a paper it has not listed (arXiv's
    announcement, an imported reference), where a 0 would read as "nobody liked it"."""
    return str(count) if p.on_hub else "—"


def _families(p: Paper, _: Mapping[str, Any]) -> str:
    return " ".join(clean_line(f, 40) for f in p.families)


def _org(p: Paper, _: Mapping[str, Any]) -> str:
    return clean_line(p.org_name or p.org_fullname or "", 60)


def _user_tags(_: Paper, extra: Mapping[str, Any]) -> str:
    """Your tags (`papers tag`), from the views' "tags" field."""
    tags = extra.get("tags")
    return " ".join(clean_line(t, 64) for t in tags if isinstance(t, str)) if isinstance(
        tags, list) else ""


COLUMNS: dict[str, ColumnSpec] = {  # keyed by columns.NAMES, in their order
    "rel": ColumnSpec(HEADS["rel"], _rel, "green", right=True),
    "upvotes": ColumnSpec(HEADS["upvotes"], lambda p, _: hub_count(p, p.upvotes), "yellow",
                          right=True, drop=5),
    "comments": ColumnSpec(HEADS["comments"], lambda p, _: hub_count(p, p.comments), right=True,
                           drop=5),
    "stars": ColumnSpec(HEADS["stars"], _stars, "yellow", right=True, drop=5),
    # The arXiv date (what the paper panel calls "arXiv", `Paper.shown_date`: a month for
    # a paper with no day), not the day it was listed: "Date" under "Daily Papers —
    # 2026-08-21" read as the listing day. The day arXiv announced a paper is marked
    # (`_date`), and the table says what the mark means.
    "date": ColumnSpec(HEADS["date"], _date, "dim", drop=3),
    "day": ColumnSpec(HEADS["day"], _day, "dim", drop=3),
    "id": ColumnSpec(HEADS["id"], lambda p, _: clean_line(p.id, 64), "cyan"),
    "authors": ColumnSpec(HEADS["authors"], lambda p, _: _authors_cell(p.authors, AUTHORS_WIDTH),
                          text=True, want=14, drop=1, cut=keep_count),
    "title": ColumnSpec(HEADS["title"], _title),
    "org": ColumnSpec(HEADS["org"], _org, text=True, want=10, drop=2),
    "submitter": ColumnSpec(HEADS["submitter"], lambda p, _: clean_line(p.submitter or "", 60),
                            text=True, want=10, drop=2),
    "families": ColumnSpec(HEADS["families"], _families, "bold magenta", text=True, want=10,
                           drop=4),
    "tags": ColumnSpec(HEADS["tags"], _user_tags, "green", text=True, want=10, drop=4),
}
def _title_want(width: int) -> int:
    """The room a title keeps before optional columns give way: 40 cells at 80 columns,
    two fifths of a wide terminal, half of a narrow one."""
    return width // 2 if width < 80 else max(40, width * 2 // 5)


def sort_column(papers: Sequence[Paper], sort: str | None,
                extras: Mapping[str, Mapping[str, Any]] | None = None) -> str | None:
    """The column a table in `sort`'s order always shows: its key's."""
    pinned = SORT_COLUMN.get(sort or "")
    if pinned == "rel" and papers and all(
            _rel(p, (extras or {}).get(p.id, {})) in EMPTY for p in papers):
        # No paper has a score: before there is a taste the order is upvotes', so ▲ is
        # the column it sorts by (with --columns id,title it was a column of — alone).
        pinned = "upvotes"
    return pinned


def _says_something(name: str, cells: Sequence[str], pinned: str | None) -> bool:
    """Whether a default column with `cells` is shown: not when every cell is empty or
    "—" (an announcement alone has no ▲), unless it is the id, the title or the order's."""
    if name == "rel" and all(c in EMPTY for c in cells):
        return False  # no taste yet: not in relevance order, a column of — (said on stderr)
    return name in ("id", "title", pinned) or not all(c in EMPTY for c in cells)


def shows_column(name: str, papers: Sequence[Paper], *, sort: str | None = None,
                 extras: Mapping[str, Mapping[str, Any]] | None = None) -> bool:
    """Whether a table of `papers` in `sort`'s order, its columns not chosen, shows
    column `name`: the command line's rule, which the browser's list follows too (it
    had a ▲ column of — for an announcement, which the command's table leaves out)."""
    extras = extras or {}
    cells = [COLUMNS[name].cell(p, extras.get(p.id, {})) for p in papers]
    return _says_something(name, cells, sort_column(papers, sort, extras))


def listing_columns(papers: Sequence[Paper], *, width: int | None, start: int = 1,
                    columns: Sequence[str] | None = None, sort: str | None = None,
                    extras: Mapping[str, Mapping[str, Any]] | None = None) -> list[_Column]:
    """The listing's columns: the rank, then `columns` (or the default set without the
    ones every paper leaves empty), with the sort key's column always among them."""
    return [col for _, col in _named_columns(papers, width=width, start=start,
                                             columns=columns, sort=sort, extras=extras)]


def _named_columns(papers: Sequence[Paper], *, width: int | None, start: int = 1,
                   columns: Sequence[str] | None = None, sort: str | None = None,
                   extras: Mapping[str, Mapping[str, Any]] | None = None,
                   exact: Sequence[str] | None = None) -> list[tuple[str, _Column]]:
    """`listing_columns` with each column's name ("#" for the rank). `exact`: these
    columns, empty or not, each still giving way in its order (`shared_columns`)."""
    extras = extras or {}
    chosen = list(exact or columns or DEFAULT_COLUMNS)
    pinned = sort_column(papers, sort, extras)
    if pinned and pinned not in chosen:
        chosen.insert(0, pinned)
    cols = [("#", _Column("#", [str(i) for i in range(start, start + len(papers))], "dim",
                          right=True))]
    chose = columns is not None or exact is not None
    for name in chosen:
        spec = COLUMNS[name]
        cells = [spec.cell(p, extras.get(p.id, {})) for p in papers]
        if not chose and not _says_something(name, cells, pinned):
            continue
        if name == "title":
            cols.append((name, _Column("Title", cells, None, flex=True,
                                       want=_title_want(width or 80))))
            continue
        keep = name == pinned or columns is not None  # asked for: cut, never dropped
        cols.append((name, _Column(spec.head, cells, spec.style, right=spec.right,
                                   text=spec.text, want=spec.want,
                                   drop=0 if keep else spec.drop, cut=spec.cut)))
    return cols


def shared_columns(groups: Sequence[Sequence[Paper]], *, width: int,
                   columns: Sequence[str] | None = None, sort: str | None = None,
                   extras: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[str, ...]:
    """The one set of columns the tables of one run show (`papers new`: a table per
    watch), so that they read as one report: the columns any of them would show, less
    the optional ones that give way, in their order, until every table fits `width`
    without cutting text below its want. Fitted each alone, one watch's table kept the
    arXiv date and not Families, the next the reverse."""
    shown = [group for group in groups if group]
    found = {name for group in shown for name, _ in _named_columns(
        group, width=width, columns=columns, sort=sort, extras=extras)}
    every = [name for name, _ in _named_columns(
        [], width=width, columns=columns, sort=sort, exact=list(columns or DEFAULT_COLUMNS))
        if name in found and name != "#"]
    tables = [_named_columns(group, width=width, columns=columns, sort=sort, extras=extras,
                             exact=every) for group in shown]
    active = list(every)
    order = sorted((col.drop, n, name) for n, (name, col) in enumerate(tables[0][1:])
                   if col.drop) if tables else []
    while order and not all(
            _allot([col for name, col in table if name == "#" or name in active], width,
                   soft=True) is not None for table in tables):
        active.remove(order.pop(0)[2])
    return tuple(active)


def table_lines(
    papers: Sequence[Paper], *, width: int | None, start: int = 1,
    columns: Sequence[str] | None = None, sort: str | None = None,
    extras: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[list[Segment]]:
    """The listing as styled lines: a header, then one line per paper. `width=None`
    (piped, or a file): every cell whole, so the output stays greppable. With a width (a
    terminal) every line fits it and the title gets the room."""
    cols = listing_columns(papers, width=width, start=start, columns=columns, sort=sort,
                           extras=extras)
    return grid_lines(cols, width=width)


def render_lines(lines: Sequence[Sequence[Segment]], *, color: bool) -> str:
    """Lines of segments as text: styled with SGR codes when `color`, trailing blanks
    trimmed either way."""
    out: list[str] = []
    for line in lines:
        parts = list(line)
        while parts and not parts[-1][0].strip():
            parts.pop()
        if parts:
            parts[-1] = (parts[-1][0].rstrip(), parts[-1][1])
        out.append("".join(style(t, s) if color else t for t, s in parts) + "\n")
    return "".join(out)


def _use_color(stream: Any) -> bool:
    return use_color(stream)


def _show_lines(lines: list[list[Segment]], *, file: Any = None, pager: bool = True) -> None:
    """Styled lines to `file` (plain), or to stdout: coloured on a terminal and paged
    when taller than the screen."""
    if file is not None:
        file.write(render_lines(lines, color=False))
        file.flush()
        return
    # every cell went through clean_line: the only escapes here are our own SGR codes
    terminal.show(render_lines(lines, color=terminal.use_color(sys.stdout)), pager=pager)


def _line(text: str, width: int | None) -> str:
    text = clean_line(text)
    return text if width is None else fit(text, width)


def _title_line(text: str, width: int | None) -> str:
    """A table's title line: as `_line`, a list in it shortened before anything after
    it is cut (`terminal.fit_title`)."""
    text = clean_line(text)
    return text if width is None else terminal.fit_title(text, width)


def print_table(
    papers: Sequence[Paper],
    title: str,
    *,
    caption: str | None = None,
    file: Any = None,
    pager: bool = True,
    columns: Sequence[str] | None = None,
    sort: str | None = None,
    extras: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """A listing table. On a terminal it fits the width (with or without colour) and goes
    through the pager when taller than the screen; anywhere else (a pipe, `file`) it is
    plain text with whole titles."""
    width = None if file is not None else terminal.width(sys.stdout)
    lines: list[list[Segment]] = [[(_title_line(title, width), "bold")]]
    legend = None
    if papers:
        cols = listing_columns(papers, width=width, columns=columns, sort=sort,
                               extras=extras)
        lines.extend(grid_lines(cols, width=width))
        legend = announced_legend(cols, width)
    else:
        lines.append([("No papers.", "dim")])
    if caption and papers:
        lines.append([(_title_line(caption, width), "dim")])
    if legend is not None:  # (last: the caption ends the table, as without it)
        lines.append([(_line(legend, width), "dim")])
    _show_lines(lines, file=file, pager=pager)


def print_grid(header: Sequence[str] | None, rows: Sequence[Sequence[str]], *,
               title: str | None = None, right: Sequence[int] = (),
               text: Sequence[int] | None = None, styles: Sequence[str | None] = (),
               drop: Mapping[int, int] | None = None, flex: int | None = None,
               before: Sequence[str] = (), after: Sequence[str] = (),
               pager: bool = True) -> None:
    """A table that is not a paper listing (families, orgs, watch list, cache info, config
    show), fitted, paged and piped like the listings. Columns in `right` are counts
    (never cut); `text` are the ones that may be cut (default: every column not in
    `right`); `flex` takes the room that is left (default: the last text column);
    `drop` maps a column to the order it gives way in; `before`/`after` are dim lines
    around the table."""
    width = terminal.width(sys.stdout)
    count = len(header) if header is not None else len(rows[0]) if rows else 0
    texts = [i for i in range(count) if i not in right] if text is None else list(text)
    flex = flex if flex is not None else (texts[-1] if texts else None)
    cols = []
    for i in range(count):
        cells = [clean_line(str(row[i]), 400) for row in rows]
        cols.append(_Column(clean_line(header[i], 100) if header is not None else "", cells,
                            styles[i] if i < len(styles) else None, right=i in right,
                            text=i in texts, flex=i == flex,
                            want=20 if i == flex else 12, drop=(drop or {}).get(i, 0)))
    lines: list[list[Segment]] = []
    if title:
        lines.append([(_title_line(title, width), "bold")])
    lines += [[(_line(c, width), "dim")] for c in before]
    grid = grid_lines(cols, width=width)
    lines += grid if header is not None else grid[1:]
    lines += [[(_line(c, width), "dim")] for c in after]
    _show_lines(lines, pager=pager)


def print_columns(rows: Sequence[Sequence[str]], *, header: Sequence[str] | None = None,
                  right: Sequence[int] = (), text: Sequence[int] | None = None,
                  before: Sequence[str] = (), after: Sequence[str] = (),
                  pager: bool = True) -> None:
    """Small aligned tables (watch list, config show): `print_grid` with the last
    text column taking the room; `before`/`after` are `# ` comment lines."""
    print_grid(header, rows, right=right, text=text, before=[f"# {c}" for c in before],
               after=[f"# {c}" for c in after], pager=pager)


def print_settings(rows: Sequence[tuple[str, str]], *, before: Sequence[str] = (),
                   after: Sequence[str] = (), pager: bool = True) -> None:
    """`config show`'s `key = value` lines, each value whole (as it is typed back), its
    source (`# default`) in one column after the values that leave it room in the
    terminal's width (80 columns piped), else after the value. As a grid, a long
    `sources.arxiv` was cut ("cs.IR,…") on a terminal, and piped every source was
    aligned after it, every line past 100 columns. `before`/`after` are `# ` lines."""
    width = terminal.width(sys.stdout)
    cells = [(clean_line(value), clean_line(source)) for value, source in rows]
    # The widest value whose column leaves every line aligned on it room for its own
    # source: `# env HF_ENDPOINT` is longer than `# default`, and aligned after a long
    # `sources.arxiv` the endpoint's line made 84 columns.
    column = max((at for at in {cell_width(value) for value, _ in cells}
                  if all(at + len(GAP) + cell_width(source) <= (width or 80)
                         for value, source in cells if cell_width(value) <= at)),
                 default=0)
    lines: list[list[Segment]] = [[(_line(f"# {c}", width), "dim")] for c in before]
    lines += [[(pad(value, column) + GAP + source, None)] for value, source in cells]
    lines += [[(_line(f"# {c}", width), "dim")] for c in after]
    _show_lines(lines, pager=pager)


def print_reasons(lines: Sequence[str], *, pager: bool = True) -> None:
    """Numbered reasons (`--explain`) after a table: wrapped at the terminal's width
    between words (by cells: a Chinese reason is wrapped, not cut), continuation lines
    indented under the text; whole lines piped."""
    width = terminal.width(sys.stdout)
    out = ["\n"]
    for text in lines:
        text = clean_line(text, 4000)
        if width is None:
            out.append(text + "\n")
            continue
        head = text.split(" ", 1)[0]
        indent = " " * min(len(head) + 1, 8)
        wrapped = terminal.wrap(text, width, indent=indent, break_long=False)
        out.extend(fit(w, width) + "\n" for w in wrapped)  # a long URL: cut, not wrapped
    terminal.show(for_terminal("".join(out)), pager=pager)


SHOWN_AUTHORS = 12  # names a paper's panel gives (`show`, the browser); documents keep all


def author_line(authors: Sequence[str], accounts: Sequence[Account] = ()) -> str:
    """The first SHOWN_AUTHORS names and how many more: a 200-author paper's names would
    fill the screen before its abstract. One more is named, not counted: "and 1 more"
    took the room of the name it hid. An author's Hub account follows the name, as
    `--author` takes it: "Heming Lan (@heminglan)"."""
    handles: dict[str, str] = {}
    for name, account, _ in accounts:
        if account:
            handles.setdefault(name, account)
    shown = authors if len(authors) <= SHOWN_AUTHORS + 1 else authors[:SHOWN_AUTHORS]
    names = [clean_line(shown_name(a), 200) + (f" (@{handles[a]})" if a in handles else "")
             for a in shown]
    more = len(authors) - len(names)
    return ", ".join(names) + (f" and {number(more)} more" if more else "")


# The widest a paper's panel is drawn, border included. An abstract is read, not scanned:
# lines much past ~90 characters make the eye lose its place going back to the next one
# (typography's 45-90, what glow and gh keep their rendered text to, 80-120), and a panel
# as wide as a 200-column terminal set the abstract in lines of 196. 100 leaves 96 for the
# text, the width a file given to `-o` already gets; a narrower terminal keeps its own.
PANEL_MAX_WIDTH = 100


def print_paper(
    paper: Paper, *, endpoint: str, listing_day: str | None = None, file: Any = None,
    pager: bool = True, why: str | None = None, linked: Links | None = None,
    tags: Sequence[str] = (), note: str | None = None,
    marks: Mapping[str, Any] | None = None,
) -> None:
    """One paper as a panel: metadata, your marks (`starred_at`, `read_at`, `hidden`),
    links, AI summary and keywords, the abstract, and your tags and note; on a terminal
    through the pager when taller than the screen. The title and abstract are what they
    print (`untex`: arXiv's "50\\%" is "50%"), as the documents a person reads give them;
    `--json` keeps them as the library holds them."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from papercli.exporters import untex
    from papercli.views import display_title

    body: list[Any] = []
    out = console(file=file)
    out.width = min(out.width, PANEL_MAX_WIDTH)
    meta = Text()
    meta.append((author_line(paper.authors, paper.author_accounts) or "unknown authors")
                + "\n", style="italic")
    _flowing(meta, dated_facts(paper, listing_day), out.width - 4)
    for label, value in arxiv_facts(paper):
        meta.append(f"\n{label} ", style="dim")
        meta.append(value)
    if paper.families:
        meta.append("\nFamilies ", style="dim")
        meta.append(", ".join(clean_line(f, 40) for f in paper.families), style="bold magenta")
    for label, value, aside in hub_facts(paper):
        meta.append(f"\n{label} ", style="dim")
        meta.append(value)
        meta.append(aside, style="dim")
    if paper.withdrawn_at:
        meta.append("\nWithdrawn ", style="bold red")
        meta.append(f"from arXiv on {paper.withdrawn_at[:10]}", style="red")
    if tags:
        meta.append("\nTags ", style="dim")
        meta.append(" ".join(clean_line(t, 64) for t in tags), style="green")
    mine = mark_facts(marks or {})
    if mine:
        meta.append("\n")
        _flowing(meta, mine, out.width - 4)
    body.append(meta)

    links = Text()
    room = out.width - 4 - 8  # the panel's border and padding, the label
    image = [("Image", paper.thumbnail)] if paper.thumbnail else []
    for label, url in [*paper.links(endpoint), *image]:
        links.append(f"{label:<8}", style="dim")
        # Cut, not wrapped: a URL broken over two panel lines cannot be copied either,
        # and `--json` carries every link whole. Cut in its middle (`fit_url`): cut at
        # its end, a narrow terminal's "https://huggingface.co/pap…" lost the paper's id.
        links.append(terminal.fit_url(clean_line(url), room) + "\n", style="cyan")
    body.append(links)
    if linked is not None and not linked.empty:
        body.append(_linked_text(linked, endpoint, out.width - 4))
    if why:
        body.append(for_you_text(why))
    if paper.ai_summary:
        tldr = Text("TL;DR ", style="bold")
        tldr.append(clean_block(paper.ai_summary))
        body.append(tldr)
    if paper.ai_keywords:
        keywords = Text("Keywords ", style="dim")
        keywords.append(", ".join(clean_line(k, 80) for k in paper.ai_keywords))
        body.append(keywords)
    if why or paper.ai_summary or paper.ai_keywords:
        body.append(Text(""))  # what is said about the paper, then the abstract
    body.append(Text(clean_block(untex(paper.summary)) or "(no abstract)"))
    if note:
        from papercli.notes import shown_lines

        body.append(Text(""))
        body.append(Text("Your note", style="bold green"))
        body.append(Text("\n".join(shown_lines(note))))
    title = Text(display_title(paper), style="bold")
    in_border = cell_width(title.plain) + 6 <= out.width
    if not in_border:  # the border would cut it short: it opens the body, wrapped whole
        body.insert(0, title)
    panel = Panel(
        Group(*body),
        title=title if in_border else None,
        title_align="left",
        subtitle=Text(clean_line(paper.id, 64)),
        subtitle_align="right",
        padding=(0, 1),
    )
    if file is not None:
        out.print(panel)
        return
    with out.capture() as captured:
        out.print(panel)
    terminal.show(captured.get(), pager=pager)


def for_you_text(why: str) -> Any:
    """The "For you: …" line (`views.for_you_line`) as the panel and the browser's pane
    give it."""
    from rich.text import Text

    return Text("For you: ", style="bold green").append(clean_line(why, 400), style="")


def dated_facts(paper: Paper, listing_day: str | None = None
                ) -> list[tuple[str, str, str]]:
    """(label, value, look) of a paper's dates and the Hub's counts, the line under its
    authors in `show`'s panel and the browser's pane (each lays them out its own way):
    its arXiv date (a month for a paper with no day; the day it was announced for one
    only arXiv's RSS has given: `Paper.dated_by_announcement`), the version and its day, the day
    it was on Daily Papers (`listing_day`, else its own), its upvotes and comments."""
    # (the RSS's announcement day, said as such: it was "arXiv", as v1's date is)
    dates = [(f"{paper.date_label} ", paper.shown_date or "—", "dim")]
    updated = (paper.updated_at or "")[:10]
    updated = "" if updated == (paper.published_at or "")[:10] else updated
    if paper.version is not None or updated:  # arXiv's: the version described, its day
        dates.append(("Version " if paper.version is not None else "Updated ", " ".join(
            v for v in (f"v{paper.version}" if paper.version is not None else "", updated)
            if v), "dim"))
    if listing_day or paper.submitted_at:
        dates.append(("Daily Papers ", (listing_day or paper.submitted_at or "")[:10], "dim"))
    if not paper.on_hub:  # the Hub's counts: none for a paper it has not listed
        return dates
    # A comment count of 0 is left out, as every other view does: the paper's own page
    # (`/api/papers/ID`) has none, so a paper first seen there stores 0.
    # Grouped as GitHub stars and every count are ("▲ 1234567" read as a wrong digit)
    hub = [("▲ ", number(paper.upvotes), "yellow")]
    if paper.comments > 0:
        hub.append(("comments ", number(paper.comments), "dim"))
    return [*dates, *hub]


def mark_facts(marks: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(mark, day, look) of your marks ("★ starred", " 2026-08-21"), from the fields
    `show` adds to a paper ("starred_at", "read_at": when; "hidden": True), as the panel
    and the browser's pane give them; a mark whose time is not known has no day."""
    return [(mark, f" {clean_line(when, 40)[:10]}" if isinstance(when, str) else "", look)
            for key, mark, look in (("starred_at", "★ starred", "bold yellow"),
                                    ("read_at", "✓ read", "green"), ("hidden", "× hidden", "red"))
            if (when := marks.get(key))]


def arxiv_facts(paper: Paper) -> list[tuple[str, str]]:
    """(label, value) of what arXiv says of a paper beyond its dates, as the panel's
    lines: its categories (the primary one first, named so when there are others), journal
    reference, DOI and the authors' comment ("12 pages, 3 figures")."""
    facts: list[tuple[str, str]] = []
    cats = [c for c in dict.fromkeys(clean_line(c, 40) for c in (
        paper.primary_category, *paper.categories) if c) if c]
    if cats:
        primary = " (primary)" if paper.primary_category and len(cats) > 1 else ""
        facts.append(("Categories", cats[0] + primary + "".join(", " + c for c in cats[1:])))
    facts += [(label, text) for label, value in (
        ("Journal ref", paper.journal_ref), ("DOI", paper.doi),
        ("arXiv comment", paper.comment)) if (text := clean_line(value or "", 1000))]
    return facts


def hub_facts(paper: Paper) -> list[tuple[str, str, str]]:
    """(label, value, aside) of what the Hub says of a paper beyond its counts, as the
    panel's lines and the browser's pane give them: its organization (the display name,
    the Hub name aside when it differs), who put it on Daily Papers, its repository's
    GitHub stars."""
    facts: list[tuple[str, str, str]] = []
    if paper.org_name or paper.org_fullname:
        name = clean_line(paper.org_fullname or paper.org_name or "", 100)
        aside = (f" ({clean_line(paper.org_name, 100)})" if paper.org_name and
                 paper.org_fullname and paper.org_name != paper.org_fullname else "")
        facts.append(("Organization", name, aside))
    if paper.submitter:
        facts.append(("Submitted by", clean_line(paper.submitter, 100), ""))
    if paper.github_stars is not None:
        facts.append(("GitHub stars", number(paper.github_stars), ""))
    return facts


def panels_to_file(output_path: Any, panels: Callable[[Any], None], *, count: int,
                   force: bool = False) -> None:
    """What `panels(file)` prints (`print_paper` panels), as the plain text a file gets
    (100 columns, no colour), written atomically to `output_path`."""
    import io

    from papercli.outfile import write_output
    from papercli.words import plural

    buffer = io.StringIO()
    panels(buffer)
    write_output(output_path, buffer.getvalue(), force=force)
    wrote(plural(count, 'paper'), output_path)


def _flowing(text: Any, pairs: Sequence[tuple[str, str, str]], room: int,
             sep: str = "   ", value_style: str = "", indent: str = "") -> None:
    """Label-value pairs ("▲ 163") on one line `sep` apart; a pair that would not fit in
    `room` cells starts the next line (after `indent`), so no pair is broken between two
    lines."""
    used = 0
    for n, (label, value, look) in enumerate(pairs):
        width = cell_width(label + value)
        if n:
            if used + cell_width(sep) + width > room:
                text.append("\n" + indent)
                used = 0
            else:
                text.append(sep, style=value_style)
                used += cell_width(sep)
        text.append(label, style=look or value_style)
        text.append(value, style=value_style)
        used += width


class Flow:
    """`_flowing` at the width it is drawn at (a pane whose width is known only then):
    a Rich renderable of label-value pairs, none broken between two lines."""

    def __init__(self, pairs: Sequence[tuple[str, str, str]], *, sep: str = "   ",
                 style: str = "") -> None:
        self.pairs, self.sep, self.style = list(pairs), sep, style

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        text = Text()
        _flowing(text, self.pairs, options.max_width, self.sep, self.style)
        yield text


def _linked_text(linked: Links, endpoint: str, width: int) -> Any:
    """The panel's "Linked" lines, `width` cells wide: the totals, then the top few of
    each kind with what it is (a model's task, a Space's SDK), its likes or downloads, and
    its link. Each line stays under its label: what does not fit goes on the next one, an
    id or link longer than the line is cut with "…" as the paper's links are (whole in
    `--json`). Ids were checked where they entered (`linked.artefact`); a kind with none
    has no line."""
    from rich.text import Text

    from papercli.linked import KINDS, NAMES, SHOWN

    indent = " " * 9
    room = width - len(indent)
    text = Text("Linked  ", style="dim")
    text.append(linked.totals_line(), style="bold")
    for kind in KINDS:
        items = linked.of(kind)[:SHOWN]
        for n, item in enumerate(items):
            label = NAMES[kind][1].capitalize() if n == 0 else ""
            text.append(f"\n{label:<9}", style="dim")
            what = item.task or item.sdk
            parts = [(fit(clean_line(item.id, 200), room), "", "")]
            if what:
                parts.append((fit(clean_line(what, 64), room), "", "magenta"))
            if item.likes is not None:
                parts.append((f"♥ {number(item.likes)}", "", "dim"))
            if item.downloads is not None:
                parts.append((f"↓ {number(item.downloads)}", "", "dim"))
            _flowing(text, parts, room, sep="  ", indent=indent)
            text.append("\n" + indent + fit(item.url(endpoint), room), style="cyan")
        more = linked.total(kind) - len(items)
        if items and more > 0:
            text.append(f"\n{'':<9}… and {number(more)} more", style="dim")
    text.append("\n")
    return text


# Blanks at a line's end (before closing SGRs), tried once per run of blanks: tried at
# each blank of a run, every blank-padded line of a code block cost its width squared.
_TRAILING = re.compile(r"(?<![ ])[ ]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)
_ESCAPED = {c: "\\" + chr(c) for r in ((33, 48), (58, 65), (91, 97), (123, 127))
            for c in range(*r)}  # every ASCII punctuation mark, backslash-escaped
_OPENER = re.compile(r"[`$\\]")
_TICKS = re.compile(r"`+")
LONGEST_TICKS = 32  # a longer run of backticks is not taken to open a code span


def literal_math(text: str, tokens: list[Any] | None = None) -> str:
    """LaTeX kept as typed: every ASCII punctuation mark inside `$…$`, `$$…$$`, `\\(…\\)`
    and `\\[…\\]` is backslash-escaped, so Markdown reads `$a*b*c$` as text, not emphasis,
    and `\\alpha` keeps its backslash. Code spans, code blocks (fenced or indented) and HTML
    blocks are left alone: Markdown shows them as typed, so an escape would show too.
    `tokens`: the blocks of `text` with its lines as Markdown counts them, when known."""
    text = _NEWLINE.sub("\n", text)  # as Markdown counts lines
    verbatim = _verbatim_lines(text, tokens)
    if not verbatim:
        return _escape_math(text)
    runs = itertools.groupby(enumerate(text.split("\n")), key=lambda n: n[0] in verbatim)
    return "\n".join("\n".join(line for _, line in run) if as_typed
                     else _escape_math("\n".join(line for _, line in run))
                     for as_typed, run in runs)


def _escape_math(text: str) -> str:
    """`literal_math` of prose, in one pass: each opener is paired with the first closer
    after it (`$` on its line; a code span's run of backticks with the next run as long)
    by a search that remembers what it found, so ten thousand `\\(` with no `\\)` cost
    one scan, not one each."""
    seen: dict[str, tuple[int, int]] = {}

    def find(what: str, start: int) -> int:
        """text.find, remembered: asked again from no further than the place found (or
        from anywhere after a search that found none), it answers without scanning."""
        if what in seen:
            since, hit = seen[what]
            if since <= start and (hit < 0 or start <= hit):
                return hit
        hit = text.find(what, start)
        seen[what] = (start, hit)
        return hit

    out: list[str] = []
    done = pos = 0
    while (opener := _OPENER.search(text, pos)) is not None:
        at = opener.start()
        end = -1  # where the span found at `at` ends (-1: none)
        code = False
        if text[at] == "`":
            run = _TICKS.match(text, at)
            assert run is not None
            ticks = run.group(0)
            pos = run.end()
            if len(ticks) > LONGEST_TICKS:
                continue
            hit = pos
            while (hit := find(ticks, hit)) >= 0:
                after = _TICKS.match(text, hit)
                assert after is not None
                if after.end() - hit == len(ticks):
                    end, code = after.end(), True
                    break
                hit = after.end()
        elif text.startswith("$$", at):
            end = hit + 2 if (hit := find("$$", at + 3)) >= 0 else -1
        elif text[at] == "$":
            hit, line_end = find("$", at + 1), find("\n", at + 1)
            if hit >= at + 2 and (line_end < 0 or hit < line_end):
                end = hit + 1
        elif text.startswith(("\\(", "\\["), at):
            closer = "\\)" if text[at + 1] == "(" else "\\]"
            end = hit + 2 if (hit := find(closer, at + 3)) >= 0 else -1
        if end < 0:
            pos = max(pos, at + 1)
            continue
        span = text[at:end]
        out += [text[done:at], span if code else span.translate(_ESCAPED)]
        done = pos = end
    out.append(text[done:])
    return "".join(out)


_NEWLINE = re.compile(r"\r\n?")


def _block_tokens(text: str, env: dict[str, Any] | None = None) -> list[Any]:
    """The block tokens of `text` as the Markdown renderer will find them (its parser,
    block rules only: the inline ones are the costly part); link reference definitions
    go to env["references"]."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore, block

    state = StateCore(text, MarkdownIt().enable("strikethrough").enable("table"),
                      {} if env is None else env)
    block(state)
    return list(state.tokens)


REFERENCES = 8 * 1024  # characters of link references repeated in every piece, at most


def _references(env: dict[str, Any]) -> str:
    """The text's link reference definitions (`[1]: https://…`), for every piece to start
    with, so `[see][1]` is a link in any piece: as many as REFERENCES characters hold."""
    out: list[str] = []
    size = 0
    for label, ref in env.get("references", {}).items():
        href, title = ref.get("href", ""), ref.get("title", "")
        if any(c in label for c in "[]\\") or any(c in href for c in "<> \n\\"):
            continue
        line = f"[{label}]: <{href}>" + (f' "{title}"' if title and '"' not in title
                                          and "\n" not in title else "")
        size += len(line) + 1
        if size > REFERENCES:
            break
        out.append(line)
    return "\n".join(out) + "\n\n" if out else ""


def _verbatim_lines(text: str, tokens: list[Any] | None = None) -> set[int]:
    """The lines (0-based) of the code and HTML blocks in `text` (or in these block
    tokens of it), as the Markdown renderer will find them."""
    return {line for token in (_block_tokens(text) if tokens is None else tokens)
            if token.type in ("code_block", "fence", "html_block") and token.map
            for line in range(*token.map)}


# What a piece of Markdown costs to parse and draw is its words and marks (Rich holds a
# token for each, a kilobyte apiece): a piece has at most this many spaces and ASCII
# punctuation marks, however long a word (an embedded image) in it is.
PIECE = 16 * 1024
_PLAIN = str.maketrans("", "", " \t\n" + "".join(map(chr, range(33, 48)))
                       + "".join(map(chr, range(58, 65))) + "".join(map(chr, range(91, 97)))
                       + "".join(map(chr, range(123, 127))))


def _cost(text: str) -> int:
    """The spaces and punctuation marks in `text` (see PIECE)."""
    return len(text) - len(text.translate(_PLAIN))


class _Piece(NamedTuple):
    markdown: str
    gap: bool  # a blank line before it, as Rich puts between the blocks it continues
    typed: bool = False  # a part of an HTML block: shown as typed, as the whole would be


# Blocks that Rich starts with a blank line of their own (even first in a document).
_OWN_GAP = ("bullet_list_open", "ordered_list_open", "blockquote_open", "table_open")


def _full_text_pieces(text: str, tokens: list[Any], env: dict[str, Any],
                      piece: int = PIECE) -> Iterator[_Piece]:
    """Markdown (made safe) in pieces that cost about `piece` each (a block costs
    PIECE at most, whole or cut; `piece` no more than that), cut between top-level
    blocks, so a full text of any size costs time in proportion to it and memory for one
    piece (Rich holds a token per word and mark while it renders); drawn
    one after another they look as the whole would. A block larger than a piece is cut
    too: a code block or table keeps its fence or header in each part; a paragraph (a
    whole text without a blank line) is cut between lines, or between words of a line.
    `tokens` and `env`: its blocks and link references (`_block_tokens`), found before its
    LaTeX was escaped, which keeps its lines."""
    lines = text.split("\n")
    blocks = [(t.map[0], t) for t in tokens if t.level == 0 and t.nesting >= 0 and t.map]
    refs = _references(env)
    begin, size, first, last, kind = 0, 0, "", "", ""

    def gap(kind: str) -> bool:
        return bool(last) and last != "hr" and kind not in _OWN_GAP

    for (start, token), (end, _) in itertools.pairwise([*blocks, (len(lines), None)]):
        block = sum(_cost(line) + 1 for line in lines[start:end])
        if size and (size + block > piece or block > PIECE):
            yield _Piece(refs + "\n".join(lines[begin:start]), gap(first))
            begin, size, last = start, 0, kind
        if not size:
            first = token.type
        kind = token.type
        if block <= PIECE:
            size += block
            continue
        cut = _cut_block(lines[begin:end], token, end - start)
        typed = kind == "html_block"
        for n, part in enumerate(cut):
            yield _Piece(part if typed else refs + part, gap(kind) if n == 0 else kind not in (
                *_OWN_GAP, "paragraph_open", "heading_open", "html_block"), typed)
            last = kind
        begin, size = end, 0
    if begin < len(lines):
        yield _Piece(refs + "\n".join(lines[begin:]), gap(first))


def _cut_block(lines: list[str], token: Any, length: int) -> Iterator[str]:
    """A top-level block larger than a piece (its last `length` lines; any lines before
    it go with its first part), in parts that render as it would."""
    lead, lines = lines[:-length], lines[-length:]
    head: list[str] = []
    tail: list[str] = []
    if token.type == "fence":
        # Highlighted, a code block costs seconds per 100 KiB (Pygments, then a style
        # per token): one larger than a piece is shown plain, as typed, in every part.
        fence = lines[0]
        head, tail = [fence[:len(fence) - len(fence.lstrip(" "))] + token.markup], [token.markup]
        lines = lines[1:-1] if len(lines) > 1 and lines[-1].strip().startswith(
            token.markup) else lines[1:]
    elif token.type == "table_open":
        head, lines = lines[:2], lines[2:]
    kept = sum(_cost(line) + 1 for line in head + tail)
    if kept > PIECE // 2:  # a header of thousands of columns: not repeated, text
        lines, head, tail = head + lines + tail, [], []
    room = max(PIECE - kept, PIECE // 2)
    prose = token.type in ("paragraph_open", "heading_open") or kept > PIECE // 2
    chunk: list[str] = []
    size, joins = 0, False

    def part() -> str:
        return "\n".join([*lead, *head, _as_text(chunk) if prose and joins else
                          "\n".join(chunk), *tail])

    for line in lines:
        cost = _cost(line) + 1
        if size + cost > room and chunk:
            yield part()
            chunk, size, joins, lead = [], 0, True, []
        while cost > room:  # one line larger than a piece: cut it between words
            at = _cut_at(line, room)
            if at >= len(line):
                break
            chunk = [line[:at]]
            yield part()
            chunk, lead, joins, line = [], [], True, line[at:].lstrip(" ")
            cost = _cost(line) + 1
        chunk.append(line)
        size += cost
    if chunk:
        yield part()


def _cut_at(line: str, room: int) -> int:
    """Where to cut a line so the part before costs about `room`: at a space (a long
    word of letters, an embedded image, is not cut), or its end."""
    spent = at = 0
    while at < len(line):
        step = _cost(line[at:at + 1024])
        if spent + step > room:
            break
        spent, at = spent + step, at + 1024
    # after a sentence if one ends near there (a link's text seldom holds one), else
    # after a word
    space = line.rfind(". ", max(1, at - 4096), at + 1024) + 1 or line.rfind(" ", 1, at + 1024)
    if space >= 1:
        return space
    if step > 512:  # a word as long as a piece, mostly marks ("[[[…"): cut it there,
        before = line[max(0, at - 64):at]  # not between a backslash and what it escapes
        return max(at - (len(before) - len(before.rstrip("\\"))) % 2, 1)
    space = line.find(" ", at + 1024)  # mostly letters (an image's base64): kept whole
    return len(line) if space < 1 else space


_BLOCK_START = re.compile(r"#{1,6}(?=[ \t]|$)|>|[*+-](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))"
                          r"|```|~~~|<|\[(?:[^\]\\]|\\.)*\]:|\||(?:[*_-][ \t]*){3,}$", re.MULTILINE)


def _as_text(lines: list[str]) -> str:
    """A paragraph's continuation as Markdown that starts as text, not as the list,
    heading or quote that its first word would make of it."""
    text = "\n".join(lines).lstrip(" \t")
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if start.group(0)[0].isdigit():  # `1\.`: Markdown shows the mark alone
        return text[:start.end()] + "\\" + text[start.end():]
    return "\\" + text


# Characters of code a full text has highlighted, at most: Pygments tries its rules at
# every character (1,000 blocks of Python took seconds); the code after them is shown as a
# block without a language is, in one colour.
HIGHLIGHTED = 32 * 1024
LANGUAGES = 32  # languages looked up in one text, at most (each a walk of every lexer)


def _code_class() -> Any:
    """The Markdown element for a code block, drawn as Rich draws one, for one text: the
    lexers and the colour theme made once for all its blocks (Rich made them again for
    each, most of a short block's cost), code highlighted up to HIGHLIGHTED characters,
    and each block highlighted once however often it is drawn (the pane, at each width)."""
    from rich.markdown import CodeBlock
    from rich.padding import Padding
    from rich.segment import Segments
    from rich.syntax import Syntax

    theme = Syntax.get_theme("monokai")  # Rich's Markdown default
    lexers: dict[str, Any] = {}
    left = [HIGHLIGHTED]

    def lexer(name: str) -> Any:
        """The lexer for a language, or the plain one for a name Pygments does not know
        or past the budget."""
        if left[0] <= 0 or (name not in lexers and len(lexers) >= LANGUAGES):
            name = "text"
        if name not in lexers:
            lexers[name] = Syntax("", name).lexer  # None: not a language Pygments knows
        found = lexers[name]
        return lexer("text") if found is None else found

    class Code(CodeBlock):
        kept: dict[str, Any]  # its token's: Rich makes the element again at every drawing

        @classmethod
        def create(cls, markdown: Any, token: Any) -> Any:
            block: Any = super().create(markdown, token)
            block.kept = token.meta
            return block

        def __rich_console__(self, console: Any, options: Any) -> Any:
            highlighted = self.kept.get("highlighted")
            if highlighted is None:
                code = str(self.text).rstrip()
                found = lexer(self.lexer_name)
                if found is not lexers.get("text"):
                    left[0] -= len(code)
                syntax = Syntax(code, found, theme=theme, word_wrap=True)
                highlighted = syntax.highlight(code.expandtabs(4) + "\n")
                highlighted.remove_suffix("\n")
                self.kept["highlighted"] = highlighted
            # As Syntax(word_wrap=True, padding=1) draws it, the block wrapped at once
            # rather than a line at a time.
            inner = options.update(width=max(options.max_width - 2, 0), height=None,
                                   justify="left")
            lines = console.render_lines(highlighted, inner, pad=True, new_lines=True)
            yield Padding(Segments([seg for line in lines for seg in line]),
                          style=theme.get_background_style(), pad=1)

    return Code


def _full_text_class() -> Any:
    """The Markdown renderer for full texts (see `full_text_markdown`)."""
    from rich.markdown import Markdown, TableElement, TextElement
    from rich.text import Text

    code = _code_class()

    class HtmlBlock(TextElement):
        def __rich_console__(self, console: Any, options: Any) -> Any:
            self.text.rstrip()
            yield self.text

    class Table(TableElement):
        """A table whose columns cannot all keep their longest word at this width (where
        Rich cuts every cell to "LLaM…") is folded: a row at a time, its first cell on a
        line, then "Header: cell" pairs flowed under it, none broken between lines; a
        table that fits is drawn as Rich draws it."""

        def __rich_console__(self, console: Any, options: Any) -> Any:
            from rich.measure import Measurement

            table: Any = next(iter(super().__rich_console__(console, options)))
            unbounded = options.update_width(1_000_000)  # Rich clamps to the width
            if Measurement.get(console, unbounded, table).minimum <= options.max_width:
                yield table
                return
            heads = [cell.content.copy() for cell in self.header.row.cells] if (
                self.header is not None and self.header.row is not None) else []
            rows = [[cell.content for cell in row.cells] for row in (
                self.body.rows if self.body is not None else [])]
            if not rows:  # a header alone: its cells are the row
                rows, heads = [heads], []
            for head in heads:
                head.stylize("markdown.table.header")
            room = max(options.max_width - 2, 1)
            for cells in rows:
                line = Text()
                used = None  # the first pair is the row's name, bold, on a line of its own
                for head, cell in itertools.zip_longest(heads, cells, fillvalue=Text()):
                    if not cell.plain.strip():
                        continue
                    pair = Text.assemble(head, ": ", cell) if head.plain.strip() else cell
                    if used is None:
                        line.append_text(pair)
                        line.stylize("bold")
                        used = room
                    elif used + 3 + pair.cell_len > room:
                        line.append("\n  ")
                        line.append_text(pair)
                        used = pair.cell_len
                    else:
                        line.append("   ")
                        line.append_text(pair)
                        used += 3 + pair.cell_len
                yield line

    class FullText(Markdown):
        elements: ClassVar[dict[str, Any]] = {**Markdown.elements, "html_block": HtmlBlock,
                                              "table_open": Table, "fence": code,
                                              "code_block": code}

        def __init__(self, markup: str, **options: Any) -> None:
            super().__init__(markup, **options)
            for token in self.parsed:
                if token.children:
                    token.children = [_image_as_text(t) if t.type == "image" else t
                                      for t in token.children]

    return FullText


def _image_as_text(token: Any) -> Any:
    """An image as words in its place: "🌆 alt text", or the file's name when there is
    none. Rich draws an image before the paragraph it is in ("🌆 logo Title"); and an
    image embedded in its `data:` address is not a name (Rich printed its megabytes of
    base64), and a name is cut."""
    from markdown_it.token import Token

    alt = " ".join("".join(t.content for t in token.children or ()
                           if t.type in ("text", "code_inline")).split())
    where = str(token.attrs.get("src", "")).strip()
    name = ("an embedded image" if where[:5].lower() == "data:"
            else fit(where.strip("/").rsplit("/", 1)[-1], 80))
    return Token("text", "", 0, content=f"🌆 {alt or name}")


def _safe_pieces(text: str, piece: int = PIECE) -> Iterator[_Piece]:
    """A full text as pieces of safe Markdown: controls gone, LaTeX escaped; its blocks
    found once (the costly part of a text of many short lines)."""
    # A byte-order mark first would make the first heading a line of text.
    text = _NEWLINE.sub("\n", strip_controls(text.removeprefix("\ufeff")))
    env: dict[str, Any] = {}
    tokens = _block_tokens(text, env)
    return _full_text_pieces(literal_math(text, tokens), tokens, env, piece)


def full_text_markdown(text: str, piece: int = PIECE) -> Any:
    """A full text as Rich renders it (`show --full`, the browser's pane): escapes and
    control characters removed, LaTeX as typed, links as text with their address, Rich
    markup never read. An HTML block (a `<table>`, a `<figure>`, a `<details>`) is shown
    as typed, where Rich would drop it and every word in it; inline tags go, their text
    stays. Parsed a piece at a time as it is drawn (`_full_text_pieces`; `piece`: what
    one costs, smaller for a pane that draws a piece at a time between keys)."""
    from rich.text import Text

    full_text = _full_text_class()

    class Piece:
        """Parsed when first drawn, then kept (a pane draws again at each new width)."""

        def __init__(self, piece: _Piece) -> None:
            self.piece = piece
            self.parsed: Any = None

        def __rich_console__(self, console: Any, options: Any) -> Any:
            if self.parsed is None:
                self.parsed = _piece_renderable(self.piece, full_text)
            yield self.parsed

    from rich.console import Group

    parts: list[Any] = []
    for part in _safe_pieces(text, piece):
        if part.gap:
            parts.append(Text(""))
        parts.append(Piece(part))
    return Group(*parts)


def _piece_renderable(piece: _Piece, full_text: Any) -> Any:
    """A piece as Rich draws it: Markdown, or a part of an HTML block as typed."""
    from rich.text import Text

    return Text(piece.markdown.rstrip()) if piece.typed else full_text(
        piece.markdown, hyperlinks=False)


def print_full_text(text: str, *, title: str | None = None, pager: bool = True) -> None:
    """A paper's full text rendered from Markdown (`full_text_markdown`), fitted to the
    width, through the pager on a terminal; made a piece at a time, so the first page
    shows at once however long the text, and piped it streams out."""
    terminal.show_parts(_full_text_rendered(text, title), pager=pager)


def _full_text_rendered(text: str, title: str | None) -> Iterator[str]:
    from rich.text import Text

    out = console()
    full_text = _full_text_class()

    def render(renderable: Any) -> str:
        with out.capture() as captured:
            out.print(renderable)
        # Rich pads every line to the width: trailing blanks go (before a closing SGR).
        return _TRAILING.sub(r"\1", captured.get())

    if title:
        yield render(Text(clean_line(title), style="bold")) + "\n"
    for piece in _safe_pieces(text):
        drawn = render(_piece_renderable(piece, full_text))
        if drawn.strip():  # not only link references
            yield "\n" + drawn if piece.gap else drawn


def write_markdown(text: str) -> None:
    """A full text to stdout as served; on a terminal without escapes or controls."""
    if terminal.is_terminal(sys.stdout):
        write_stdout(text)
        return
    write_document([text], "md")  # (as a list: piped, the Hub's bytes as they are)


# -- documents ---------------------------------------------------------------------------


def emit_papers(
    papers: Any,
    *,
    fmt: str,
    title: str,
    endpoint: str,
    output_path: Any = None,
    force: bool = False,
    abstract: bool = True,
    caption: str | None = None,
    found: int | None = None,
    sections: Sequence[tuple[Any, ...]] | None = None,
    extras: Mapping[str, Mapping[str, Any]] | None = None,
    ranked: bool = False,
    pager: bool = True,
    columns: Sequence[str] | None = None,
    sort: str | None = None,
    empty: str | None = None,
    none_found: str | None = None,
    default_cut: tuple[str, str] | None = None,
    **options: Any,
) -> bool:
    """Render papers as a table or a document, to stdout or atomically to a file: the one
    owner of listing output (`cli._common.emit` calls it for every listing command).

    `papers` is a sequence or an `exporters.LazyPapers`; documents are written chunk by
    chunk as they are rendered. `sections` (title, caption, papers[, found: how many there
    were before a limit, which a document's count says]) make one table each,
    and a grouped Markdown or HTML document (`papers new`; other formats are one flat
    document; `found`: how many papers a flat one had before a limit). `extras` (paper
    id -> fields) are added to each JSON object as data ("score", "watches", "starred_at"),
    and `ranked` shows their "score" as a relevance column in the table and a last `score`
    column in CSV. `options` go to the exporters' Context (md_tags, front_matter, feed_url,
    subtitle, watches). A CSV written to a file starts with a UTF-8 byte-order mark (Excel);
    a feed written to a file without --feed-url names that file as its self link. A table on
    a terminal is paged when taller than the screen unless `pager`
    is False (--no-pager); its `columns` are the chosen ones (--columns, display.columns)
    plus the one showing what `sort` orders by (`ranked`: the relevance column).
    `empty`: why there would be no papers (`views.Gathered.empty`), said on stderr when
    there are none, whatever the format: a table on stdout is then no lines, a document
    the empty one (`[]`). Returns whether it was said (there were none). `none_found`:
    the line an empty table says instead of "TITLE: no papers" when nothing else was.
    `default_cut`: (count, how to see all) when the command's own limit cut the list
    (`views.hinted`), said after a document as a table's caption says it.
    """
    chunks: Any
    why = empty or none_found
    watched = _Watched(papers) if why and not isinstance(papers, Sequence) else None
    papers = papers if watched is None else watched  # (not `or`: len() would count it)
    written: set[str] = set()  # the papers written whose marks or note the format leaves out
    if fmt not in ("json", "table"):
        from papercli.exporters import Watched, not_carried

        wanted = not_carried(fmt, extras)
        if wanted:  # (learnt as they are written: a streamed export reads them once)
            papers = Watched(papers, wanted, written)

    def why_none() -> bool:
        """`empty` (else `none_found`, as a table says it: search's "no paper … matches
        'x'" was said of a table alone, and `search x --json` said nothing on stderr)
        said when no paper was written (of a stream: known only now)."""
        if not why:
            return False
        if watched is not None:
            none = not watched.seen
        elif sections is not None:
            none = not any(group for _, _, group, *_ in sections)
        else:
            none = not papers
        if none and not empty:
            note(why)
        return none and nothing_listed(title, empty)

    if fmt == "json":  # the common machine-readable case: no exporter machinery
        chunks = json_papers(papers, endpoint, extras)
    elif fmt == "table":
        import io

        buffer = io.StringIO() if output_path is not None else None
        none = _tables(papers, title, caption, sections, extras, file=buffer, pager=pager,
                       columns=columns, sort="relevance" if ranked else sort, empty=empty,
                       none_found=none_found)
        if buffer is None:
            return none
        chunks = buffer.getvalue()
    else:
        from papercli import clock
        from papercli.exporters import Section, context, stream_sections

        ctx = context(fmt, title=title, endpoint=endpoint, abstract=abstract,
                      generated_at=clock.now(), output_path=output_path,
                      extras=extras or None, ranked=ranked, **options)
        groups = [Section(None, papers, found)]
        if sections and fmt in ("md", "html"):
            groups = [Section(f"{t} · {c}" if c else t, group, *found)
                      for t, c, group, *found in sections]
        chunks = stream_sections(groups, fmt, ctx)
    if output_path is None:
        write_document(chunks, fmt)
        if default_cut is not None:
            # A document has no caption to say it: `search -f json | jq length` was 50
            # without a word. (On stderr: stdout stays the document.)
            told, more = default_cut
            note(f"the default limit kept {told} {more}")
        none = why_none()
        _left_out(fmt, extras, written)
        return none
    from papercli.outfile import write_output

    write_output(output_path, chunks, force=force)
    none = why_none()
    from papercli.words import count

    # (counted after writing: a streamed listing of unknown length counts as it goes)
    done = len(papers)
    # "50 of 1,371 papers … (-n 50)" where the limit cut the list, as the document's own
    # count line says it (`found`: known only where it was cheap to know; a grouped
    # document's sections were cut each by itself)
    total = found if sections is None and found is not None and found > done else done
    told, more = (count(done, total), f"(-n {done})" if total > done else "")
    if default_cut is not None:  # not -n: the command's own limit, and how to see all
        told, more = default_cut  # ("(-n 50)" read as the user's own -n)
    wrote(told, output_path, more)
    _left_out(fmt, extras, written)
    return none


def _left_out(fmt: str, extras: Mapping[str, Mapping[str, Any]] | None,
              written: set[str]) -> None:
    """Said once, after a reference manager's document, of whatever command: what of yours
    on the papers `written` its format has no field for ("not in BibTeX: 1 note, 1 read
    mark"). The file moved to another machine and imported there gives back the stars and
    tags, not these (the JSON export does); `papers starred -f bibtex` said nothing of
    them where `papers export` did."""
    if not written:
        return
    from papercli import exporters

    missing = exporters.left_out(fmt, extras, written)
    if missing:
        note(f"not in {exporters.LABELS[fmt]}: {missing} (-f json keeps them)")


class _Watched:
    """A streamed listing (an `exporters.LazyPapers`) that notes whether a paper went by:
    whether there was none is known only once it is written."""

    def __init__(self, papers: Any) -> None:
        self.papers = papers
        self.seen = False

    def __iter__(self) -> Iterator[Paper]:
        for paper in self.papers:
            self.seen = True
            yield paper

    def __len__(self) -> int:
        return len(self.papers)


def json_papers(papers: Iterable[Paper], endpoint: str,
                extras: Mapping[str, Mapping[str, Any]] | None = None) -> Iterator[str]:
    """The JSON document of `papers`, one paper's text at a time: exactly what the JSON
    exporter (`exporters.jsonfmt`) writes, `json.dumps(list, indent=2)` of each paper's
    `to_dict` plus its `extras`, controls stripped and non-finite numbers null, but
    through the standard library's C string encoder instead of its Python indenting
    one (most of a 50-paper search's output time). tests/test_json_output.py holds the
    two to the same bytes."""
    import math
    from json.encoder import encode_basestring as string  # (ensure_ascii=False's)

    def value_at(value: Any, indent: str) -> str:
        if isinstance(value, str):
            return string(strip_controls(value))
        if value is None or value is True or value is False:
            return "null" if value is None else "true" if value else "false"
        kind = type(value)
        if kind is int:
            return int.__repr__(value)
        if kind is float:
            return float.__repr__(value) if math.isfinite(value) else "null"
        inner = indent + "  "
        if kind is list:
            if not value:
                return "[]"
            return ("[\n" + ",\n".join(inner + value_at(v, inner) for v in value)
                    + "\n" + indent + "]")
        if kind is dict and all(type(k) is str for k in value):
            if not value:
                return "{}"
            return ("{\n" + ",\n".join(f"{inner}{string(k)}: {value_at(v, inner)}"
                                       for k, v in value.items()) + "\n" + indent + "}")
        # Anything else (a tuple, a subclass, a key that is not text): as the exporter.
        import json

        from papercli.exporters.jsonfmt import clean

        return json.dumps(clean(value), ensure_ascii=False, indent=2,
                          allow_nan=False).replace("\n", "\n" + indent)

    def field(key: str, value: Any) -> str:
        # The common values inline (a paper has ~30 fields): a call less for each.
        if value is None:
            return f"    {string(key)}: null"
        if type(value) is str:
            return f"    {string(key)}: {string(strip_controls(value))}"
        if type(value) is list and value and all(type(v) is str for v in value):
            return (f"    {string(key)}: [\n      "
                    + ",\n      ".join([string(strip_controls(v)) for v in value])
                    + "\n    ]")
        return f"    {string(key)}: {value_at(value, '    ')}"

    first = True
    for paper in papers:
        obj = paper.to_dict(endpoint)
        more = extras.get(paper.id) if extras else None
        if more:  # added, never renaming a contract field
            obj.update({k: v for k, v in more.items() if k not in obj})
        text = ("{\n" + ",\n".join([field(k, v) for k, v in obj.items()]) + "\n  }"
                if all(type(k) is str for k in obj) else value_at(obj, "  "))
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]\n" if first else "\n]\n"


def row_marks(extras: Mapping[str, Mapping[str, Any]] | None) -> dict[str, str]:
    """The table's mark before a title, as the browser's: ★ starred, ✓ read, × hidden
    (from the views' "starred_at", "read_at" and "hidden" JSON fields)."""
    return {pid: mark for pid, e in (extras or {}).items()
            if (mark := ("★" if e.get("starred_at") else "")
                + ("✓" if e.get("read_at") else "")
                + ("×" if e.get("hidden") else ""))}


def _marked(papers: Sequence[Paper],
            extras: Mapping[str, Mapping[str, Any]] | None) -> Sequence[Paper]:
    """The papers with their marks (`row_marks`) before their titles, as a table shows them."""
    if tags := row_marks(extras):
        return [p._replace(title=f"{tags[p.id]} {p.title}") if p.id in tags else p
                for p in papers]
    return papers


def _tables(papers: Any, title: str, caption: str | None,
            sections: Sequence[tuple[Any, ...]] | None,
            extras: Mapping[str, Mapping[str, Any]] | None, *, file: Any, pager: bool,
            columns: Sequence[str] | None = None, sort: str | None = None,
            empty: str | None = None, none_found: str | None = None) -> bool:
    """The table form: one table, or one per section (a blank line between them). On
    stdout, none of them when they are all empty: "Starred papers" over "No papers."
    made `papers starred | wc -l` 2 where there is nothing (`nothing_listed`, with the
    view's reason, `empty`: whether it was said; its `none_found`)."""
    groups = [(title, caption, papers)] if sections is None else list(sections)
    if file is None:
        groups = [(heading, line, group if isinstance(group, Sequence) else list(group), *more)
                  for heading, line, group, *more in groups]
        if not any(group for _, _, group, *_ in groups):
            return nothing_listed(clean_line(title, 200), empty, none_found)
    if not groups:
        print_table([], title, file=file, pager=pager)
        return False
    if file is None and len(groups) > 1:
        width = terminal.width(sys.stdout)
        if width is not None:  # on a terminal: the same columns in every table
            columns = shared_columns([_marked(group, extras) for _, _, group, *_ in groups],
                                     width=width, columns=columns, sort=sort, extras=extras)
        with terminal.collected(pager=pager):  # several tables are paged as one
            _tables(papers, title, caption, groups[:1], extras, file=None, pager=pager,
                    columns=columns, sort=sort)
            for section in groups[1:]:
                terminal.show("\n")
                _tables(papers, title, caption, [section], extras, file=None, pager=pager,
                        columns=columns, sort=sort)
        return False
    for n, (heading, note_line, group, *_) in enumerate(groups):
        shown = _marked(group if isinstance(group, Sequence) else list(group), extras)
        if n:
            file.write("\n")
        print_table(shown, heading, caption=note_line, file=file, pager=pager,
                    columns=columns, sort=sort, extras=extras)
    return False


def emit_json(data: Any, *, output_path: Any = None, force: bool = False,
              what: str = "") -> None:
    """`data` as indented JSON, to stdout or atomically to `output_path` (then a note
    says it wrote `what` there), the same document either way."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if output_path is None:
        write_document(text, "json")
        return
    from papercli.outfile import write_output

    write_output(output_path, text, force=force)
    wrote(what or "JSON", output_path)


def print_cache_info(info: dict[str, Any], *, limit: int = 40, pager: bool = True,
                     hint: bool = True) -> None:
    """The library's path, size and counts, then its `limit` newest listings as a table
    (0: all), the cut said as every other list says it: "(-n 0: all)" after it where the
    default cut it (`hint`), not a -n given ("2 of 9 listings", as `today -n 2` says)."""
    size = info["size_bytes"]
    human = f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"
    color = terminal.use_color(sys.stdout)
    head = [("Library  ", info["path"]), ("Size     ", human),
            ("Papers   ", str(info["papers"])), ("Listings ", str(info["listings"]))]
    with terminal.collected(pager=pager):  # the summary and the table, paged as one
        terminal.show(render_lines([[(label, "dim"), (clean_line(str(value)), None)]
                                    for label, value in head], color=color))
        if not info["entries"]:
            return
        every = info["entries"]
        shown = every[:limit] if limit else every
        after = ([f"{number(len(shown))} of {number(len(every))} listings"
                  + (" (-n 0: all)" if hint else "")] if len(shown) < len(every) else [])
        print_grid(["Listing", "Papers", "Fetched", "Source"],
                   [[e["key"], str(e["count"]), e["fetched_at"], e["source"] or ""]
                    for e in shown], right=[1], text=[0, 3], flex=0,
                   styles=[None, None, None, "dim"], drop={3: 1, 2: 2}, after=after,
                   pager=pager)


BAR = 20  # the longest bar in `papers families`
FAMILY_NAME = 24  # the most of a family's name it shows on a terminal ("Segment Anything": 16)


def print_families(rows: Sequence[dict[str, Any]], *, pager: bool = True,
                   after: Sequence[str] = ()) -> None:
    """A table with a bar per family: which of my models does the library talk about.
    Piped, or where it would cut aliases, the bar is left out (it says nothing the count
    does not). `after`: lines under it ("5 of 40 families"). One family is shown plainly
    (`_print_family`)."""
    if len(rows) == 1:
        _print_family(rows[0], pager=pager, after=after)
        return
    top = max((r["papers"] for r in rows), default=0) or 1
    width = terminal.width(sys.stdout)
    table = []
    for row in rows:
        # On a terminal a family of yours named at length is cut, its `*` kept: at 80
        # columns one of 60 letters left every family's aliases 7 ("llava-n…").
        name = clean_line(row["name"], 60)
        name = (name if width is None else fit(name, FAMILY_NAME)) + (
            "" if row["builtin"] else " *")
        aliases = ", ".join(clean_line(a, 40) for a in row["aliases"])
        table.append([name, number(row["papers"]), aliases])
    # The bar only where every family's aliases fit whole beside it: at 80 columns it
    # cut eight rows of aliases ("llama 2, llama …") to draw what the count says already.
    widest = [max(cell_width(str(cell)) for cell in column)
              for column in zip(["Family", "Papers", "Aliases"], *table, strict=True)]
    barred = width is not None and sum(widest) + 3 * len(GAP) + BAR <= width
    for row, line in zip(rows, table, strict=True) if barred else ():
        line.append("█" * round(BAR * row["papers"] / top) or ("▏" if row["papers"] else ""))
    after = [*after, *(["* defined in your config file"] if any(not r["builtin"] for r in rows)
                       else [])]
    print_grid(["Family", "Papers", "Aliases"] + ([""] if barred else []), table,
               title="Model families", right=[1], text=[2], flex=2,
               styles=["bold magenta", None, "dim", "cyan"], drop={3: 1}, after=after,
               pager=pager)


def _print_family(row: Mapping[str, Any], *, pager: bool, after: Sequence[str]) -> None:
    """`papers families sam`: a bar as wide as the terminal meant nothing for one row, and
    the aliases were cut to make room for it; here the name, the count and every alias,
    wrapped on a terminal (whole when piped), an alias never split across lines."""
    width = terminal.width(sys.stdout)
    lines: list[list[Segment]] = [[(clean_line(row["name"], 60), "bold magenta"),
                                   (f": {plural(row['papers'], 'paper')}", None)]]
    aliases = [clean_line(a, 40) for a in row["aliases"]] or ["none"]
    head = "Aliases: "
    line = head
    for i, alias in enumerate(aliases):
        piece = alias + ("," if i < len(aliases) - 1 else "")
        if (width is not None and line.strip() and line != head
                and cell_width(line) + 1 + cell_width(piece) > width):
            lines.append([(line, "dim")])
            line = " " * len(head)
        line += ("" if line.endswith(" ") else " ") + piece
    lines.append([(line, "dim")])
    mine = [] if row["builtin"] else ["defined in your config file"]
    lines += [[(_line(c, width), "dim")] for c in [*mine, *after]]
    _show_lines(lines, pager=pager)


def print_orgs(rows: Sequence[dict[str, Any]], *, pager: bool = True,
               after: Sequence[str] = ()) -> None:
    """The organizations and their papers, laid out as `print_families` is (a title line,
    the cut said plainly under it), so the two tables read alike. The Hub name may be cut
    too: kept whole, one 42-letter name ("nanyang-technological-university-singapore")
    left every display name on a 60-column terminal at "Univers…"."""
    table = [[r["name"] or "", number(r["papers"]), r["fullname"] or ""] for r in rows]
    print_grid(["Name", "Papers", "Organization"], table, title="Organizations",
               right=[1], text=[0, 2], flex=2, styles=["bold magenta", None, "dim"],
               after=after, pager=pager)


def print_trends(trends: Any, *, pager: bool = True) -> None:
    """`papers trends` as a chart (chart.lines): fitted to the terminal, coloured there,
    plain and whole-line when piped; block characters only if the encoding has them."""
    from papercli import chart

    color = terminal.use_color(sys.stdout)
    drawn = chart.lines(trends, width=terminal.width(sys.stdout), color=color,
                        unicode=chart.can_draw_blocks(getattr(sys.stdout, "encoding", None)))
    terminal.show("".join(line + "\n" for line in drawn), pager=pager)
