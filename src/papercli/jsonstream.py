"""Read the items of a JSON document one at a time, in flat memory, from untrusted input.

`papers import` takes files of any size and standard input, so nothing here holds more
than one chunk and one item. A top-level list yields its items; a top-level object is one
item, and objects one after another (JSON Lines: papercli's own `export -f jsonl`) are
one item each. Input that is not a JSON document (`/dev/zero`, `yes |`) is refused at its first
byte, a UTF-8 byte-order mark is accepted, an item larger than MAX_ITEM or nested too
deep is an error, not memory growth or a crash.

Why not ijson: its C backend crashes the process (SIGSEGV) on a 5,000-digit integer, and
its pure-Python one rejects the whole file for it. Here each item goes through the
standard library's C decoder (`raw_decode`), with numbers read the way `hub.loads` reads
them (clamped to what SQLite stores, NaN/Infinity as null) except that an integer too long
to be a count becomes null: it costs the field, not the file.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from papercli.columns import is_header
from papercli.errors import PapersError, lead_when_none_fits, naming
from papercli.words import number

CHUNK = 1 << 20  # bytes read at a time
MAX_ITEM = 32 << 20  # characters one item may take (the largest real ones are ~0.2 MB)
INT_LIMIT = 2**62  # as sources.transport.INT_LIMIT: SQLite integers are 64-bit
# The next character that is not JSON whitespace: found in C, not a loop per character (50 MB
# of blanks took seconds).
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
# What a file that cannot be imported is answered with: where the formats are. Listed
# here, they made every such line 230 columns or more.
HINT = "papers import --help says what it reads"


def _refused(message: str, *briefly: str, bare: bool = True) -> PapersError:
    """A file that cannot be imported: what is wrong with it, and where the formats are
    (said shorter where the line would not fit 80 columns, as a long path makes it, then
    `briefly`, in fewer words; then, `bare`, without the hint: see `_hint_gone`)."""
    error = PapersError(message, hint=HINT)
    error.shorter = [(said, "see papers import --help") for said in (message, *briefly)]
    return _hint_gone(error) if bare else error


def _hint_gone(error: PapersError) -> PapersError:
    """`error`, its ways to say it said last without their hints: piped, where a file's
    path is said whole (`cli.failures`), the hint gives way to it, not the path ("papers:
    error: exports/notes-of-august.md is Markdown — export -f json" made 87 columns)."""
    ways = [(error.message, error.hint), *error.shorter]
    error.shorter = [*error.shorter, *dict.fromkeys(
        (said, None) for said, hint in ways if hint)]
    return error


def _cut_short(message: str) -> PapersError:
    """A file that ends before its JSON does: a download cut off, or a file still being
    written as it was read (its formats are not what is wrong: --help would not help)."""
    error = PapersError(message, hint="cut off, or still being written? Run the same "
                                      "command once the file is whole")
    error.shorter = [(message, "cut off? import it again once it is whole")]
    return error


def _ends_inside(name: str) -> PapersError:
    """A list of papers whose file ends before the list does (`_cut_short`), said
    shorter too: "x.json is not valid JSON (it ends inside the list); the 1 paper before
    it is in the library — cut off, or still being written? …" made 189 columns, where
    the other cut files said "x.json is cut off at line 1; 1 paper before it kept"."""
    error = _cut_short(f"{name} is not valid JSON (it ends inside the list)")
    cut = (f"{name} is cut off", "import it once it is whole")  # (a long name: this)
    error.shorter = lead_when_none_fits(
        [*error.shorter, (f"{cut[0]} (it ends inside the list)", cut[1]), cut], cut)
    return error


# Python's words for what is wrong (json.JSONDecodeError.msg) as a person says them:
# "(Unterminated string starting at character 17)" was the decoder's own.
_PLAIN = {"Unterminated string starting at": "a string is not closed",
          "Expecting value": "a value is missing",
          "Expecting ',' delimiter": "a ',' is missing",
          "Expecting ':' delimiter": "a ':' is missing",
          "Expecting property name enclosed in double quotes": "a key is not in \"quotes\"",
          "Invalid control character at": "a control character in a string",
          "Invalid \\escape": "a bad \\ escape",
          "Invalid \\uXXXX escape": "a bad \\u escape",
          "Extra data": "text after the document"}


def _not_json(name: str, why: str, where: str, cut: bool) -> PapersError:
    """A file that is not valid JSON at `where` (its line and column), `why` in plain
    words, in 80 columns with a realistic name: "trunc.json is not valid JSON
    (Unterminated string starting at character 17) — cut off? …" made 134. A file cut
    short is one to import once it is whole; any other, one to fix there."""
    message = f"{name} is not valid JSON ({_PLAIN.get(why, why)} at {where})"
    line = where.partition(", column")[0]
    if cut:
        error = _cut_short(message)
        error.shorter = lead_when_none_fits(  # (a long name: where, in a few words)
            [*error.shorter, *((f"{name} is cut off{at}", "import it once it is whole")
                               for at in (f" at {where}", f" at {line}", ""))],
            (f"{name} is cut off at {line}", "import it once it is whole"))
        return error
    error = _refused(message, bare=False)
    error.shorter = [*error.shorter,
                     *((f"{name} is not valid JSON at {at}", "fix it there")
                       for at in (where, line))]
    return error


def _int(text: str) -> int | None:
    if len(text) > 30:  # no count has 30 digits; int() of 5,000 would raise
        return None
    return max(-INT_LIMIT, min(INT_LIMIT, int(text)))


def _float(text: str) -> float:
    return max(-INT_LIMIT, min(INT_LIMIT, float(text)))


_DECODER = json.JSONDecoder(
    parse_int=_int, parse_float=_float, parse_constant=lambda _: None, strict=False
)


@contextmanager
def open_source(source: str, *, stdin: BinaryIO | None = None) -> Iterator[BinaryIO]:
    """A file path (or `-` for standard input) as a binary stream; errors name it. A
    path that is a terminal (`/dev/stdin` typed at a prompt, `/dev/tty`) is refused, as
    `-` is there: it sat waiting for Ctrl-D with nothing shown. A pipe (`-`, a named
    pipe, `<(curl …)`) is read so that Ctrl-C ends a wait for more (`wakeup`)."""
    from papercli.wakeup import woken_reads

    if source == "-":
        if stdin is not None:
            yield stdin
            return
        with woken_reads(sys.stdin.buffer) as stream:
            yield stream
        return
    if not source:  # Path("") is ".": it said ". is a directory"
        raise PapersError("FILE is an empty name", hint="give a path, or - for standard input")
    path = Path(source)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _unopened(path, exc) from None
    with handle:
        if handle.isatty():
            error = PapersError(f"{path} is a terminal, not a file",
                                hint="pipe the file in: curl -s URL | papers import -")
            # (in 80 columns: "… is a terminal, not a file — pipe the file in: … | papers
            # import -" made 91 for /dev/stdin)
            error.shorter = [(error.message, "pipe the file in: … | papers import -"),
                             (f"{path} is a terminal", "pipe the file in: … | papers import -"),
                             (f"{path} is a terminal", "pipe the file in instead")]
            raise error
        with woken_reads(handle) as stream:
            yield stream


def unreadable(name: str, exc: OSError) -> PapersError:
    """The error of a file that fails part-way through its reading: a gzip cut short
    (arxiv_import.GzipBroken, which says so), or an I/O error. The JSON reader's, and the
    BibTeX and RIS readers' (`bibimport`), which said "cannot read x.bib.gz: its gzip
    data ends early (a download that did not finish?)" with nothing to do."""
    error = PapersError(f"cannot read {name}: {exc.strerror or exc}",
                        hint=None if exc.strerror else "get the whole file, then run "
                        "the same command (papers stored are not written twice)")
    if not exc.strerror:  # (183 to 230 columns: the file whole, what happened and
        # what to do in a few words, as a file damaged from its start is said)
        said = str(exc).partition(' (')[0]
        gist = f"{name}: {said}"  # (then its name alone, as `arxiv_import.peek` says it)
        error.shorter = [(gist, "import the whole file"), (gist, None)]
        if PurePath(name).name != name:
            error.shorter.append((f"{PurePath(name).name}: {said}", None))
    return naming(error, name)


def _unopened(path: Path, exc: OSError) -> PapersError:
    """Why a file to import could not be opened, and what to do: a broken link or a file
    one may not read said as such (they said "no such file" of a link one can see, and
    "cannot read" with nothing to try). Each in 80 columns for a short name, its advice
    said shorter where the whole does not fit (they made 88 to 107), and whole first: a
    long path is said whole, piped, and with it the whole advice."""
    import errno
    import shlex

    shown = shlex.quote(str(path))
    if isinstance(exc, FileNotFoundError):
        if path.is_symlink():
            target = path.resolve()  # the end of a chain of links, as an absolute path
            error = PapersError(f"{path} is a link to {target}, which does not exist",
                                hint="give the file itself, or point the link at it")
            error.shorter = [(error.message, error.hint),
                             (f"{path} is a broken link (to {target.name})",
                              "give the file itself"),
                             (f"{path} is a broken link", "point it at the file")]
            return error
        return PapersError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        base = str(path).rstrip("/")
        files = f"{shlex.quote(base) if base else ''}/*.json"
        error = PapersError(f"{path} is a directory, not a file",
                            hint=f"give the files in it: papers import {files}")
        error.shorter = [(error.message, error.hint),
                         (f"{path} is a directory", f"give its files: papers import {files}"),
                         (f"{path} is a directory", "give the files in it")]
        return error
    if isinstance(exc, PermissionError):
        error = PapersError(f"cannot read {path}: permission denied",
                            hint=f"its owner can let you read it (see ls -l {shown})")
        error.shorter = [(error.message, "its owner can let you read it"),
                         (f"{path}: permission denied", "its owner can let you read it")]
        return error
    if exc.errno == errno.ELOOP:
        error = PapersError(f"{path} is a link that leads in a circle",
                            hint="give the file itself, or point the link at it")
        error.shorter = [(error.message, error.hint), (error.message, "give the file itself")]
        return error
    if exc.errno == errno.ENOTDIR:
        error = PapersError(f"{path}: no such file (a name on its path is a file, not a "
                            "directory)", hint="check the path")
        blocker = next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()),
                       None)  # (the name on the path that is a file: "x is a file")
        if blocker is not None:
            error.shorter = [(error.message, error.hint),
                             (f"{path}: no such file ({blocker.name} is a file)", error.hint)]
        return error
    why = exc.strerror or exc
    error = PapersError(f"cannot read {path}: {why}",
                        hint="check the path, or copy the file somewhere readable")
    error.shorter = [(error.message, error.hint),
                     (error.message, "check the path, or copy the file"),
                     (f"{path}: {why}", "check the path, or copy the file"),
                     (f"{path}: {why}", "check the path")]
    return error


class _Reader:
    """Decoded text in a sliding window: `buf[pos:]` is what is not consumed yet."""

    def __init__(self, stream: BinaryIO, name: str,
                 on_read: Callable[[int], None] | None = None) -> None:
        self.stream = stream
        self.name = name
        self.on_read = on_read
        self.bytes_read = 0  # bytes read from the stream, for a progress bar
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0  # characters dropped from the window, for error positions
        self.lines_dropped = 0  # line breaks among them: a position is said as a line
        self.column_dropped = 0  # and the characters of the last line dropped, a column
        self.started = False
        self.failed: OSError | None = None  # a read that failed after some data (`_read`)

    def more(self, at_least: int = CHUNK) -> bool:
        """Read another chunk (bigger when an item is big); False at the end."""
        if self.eof:
            return False
        try:
            data = self._read(max(CHUNK, at_least))
        except OSError as exc:  # (a gzip cut short, arxiv_import.GzipBroken, says so)
            raise unreadable(self.name, exc) from None
        if data and self.on_read is not None:
            self.bytes_read += len(data)
            self.on_read(self.bytes_read)
        if self.pos > CHUNK:  # drop what is consumed, so the window stays small
            self.consumed += self.pos
            breaks = self.buf.count("\n", 0, self.pos)
            self.lines_dropped += breaks
            self.column_dropped = (self.pos - self.buf.rfind("\n", 0, self.pos) - 1 if breaks
                                   else self.column_dropped + self.pos)
            self.buf = self.buf[self.pos :]
            self.pos = 0
        text = self.decoder.decode(data, final=not data)
        if not self.started and (text or not data):
            self.started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        self.buf += text
        if not data:
            self.eof = True
        return bool(data) or bool(text)

    def _read(self, size: int) -> bytes:
        """Up to `size` bytes, read a piece at a time where the stream can: a gzip cut
        short fails after the data before the cut, which one read of `size` dropped with
        the error (a gzipped file under a chunk kept nothing of its items); the failure
        is raised by the next read instead."""
        if self.failed is not None:
            raise self.failed
        read1 = getattr(self.stream, "read1", None)
        if read1 is None:
            return self.stream.read(size)
        parts: list[bytes] = []
        got = 0
        while got < size:
            try:
                data = read1(size - got)
            except OSError as exc:
                if not parts:
                    raise
                self.failed = exc
                break
            if not data:
                break
            parts.append(data)
            got += len(data)
        return b"".join(parts)

    def skip_space(self) -> str | None:
        """The next character that is not JSON whitespace (not consumed), None at the end."""
        while True:
            found = _NOT_SPACE.search(self.buf, self.pos)
            if found is not None:
                self.pos = found.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self.more():
                return None

    def where(self, at: int | None = None) -> str:
        """The cursor (or `at`, in the window) as an editor says it: "line 3, column 7"
        ("character 17" was a count no one could find in a file of lines)."""
        at = self.pos if at is None else at
        line_start = self.buf.rfind("\n", 0, at) + 1
        # (no line break in the window before it: the line began before the window)
        column = at - line_start + 1 if line_start else self.column_dropped + at + 1
        line = self.lines_dropped + self.buf.count("\n", 0, at) + 1
        return f"line {number(line)}, column {number(column)}"

    def skip_line(self) -> bool:
        """Move past the line the cursor is in; False when the file ends in it."""
        while True:
            at = self.buf.find("\n", self.pos)
            if at >= 0:
                self.pos = at + 1
                return True
            self.pos = len(self.buf)
            if not self.more():
                return False

    def value(self) -> Any:
        """Decode the JSON value at the cursor, reading more while it is incomplete."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(self.buf) - 16 or exc.msg.startswith(
                    "Unterminated string")
                if not incomplete or self.eof:
                    cut = exc.msg.startswith("Unterminated string") or not self.buf[
                        exc.pos:].strip()  # (what fails at its end: "{not json" is no cut)
                    raise _not_json(self.name, exc.msg, self.where(exc.pos), cut) from None
                self._grow()
                continue
            except RecursionError:
                raise _refused(f"{self.name} is nested too deeply to be Hub data "
                               f"(at {self.where()})",
                               f"{self.name} is nested too deeply") from None
            if end == len(self.buf) and not self.eof:
                self._grow()  # a number may go on in the next chunk: `12` of `123`
                continue
            if end - self.pos > MAX_ITEM:  # read whole within the last chunk
                self._too_big()
            self.pos = end
            return value

    def _grow(self) -> None:
        """Read more of an item that is not whole yet: as much again as is pending, so a
        big item costs O(size) reads, not O(n^2), but never more than one chunk past
        MAX_ITEM (doubling went up to twice it: a 40 MiB item passed a 32 MiB bound)."""
        pending = len(self.buf) - self.pos
        if pending > MAX_ITEM:
            self._too_big()
        self.more(at_least=min(pending, MAX_ITEM + 1 - pending))

    def _too_big(self) -> None:
        raise _refused(
            f"{self.name}: an item at {self.where()} is larger than "
            f"{MAX_ITEM >> 20} MiB", f"{self.name} has an item over {MAX_ITEM >> 20} MiB")


class BadLine:
    """A line of a JSON Lines file that is not JSON (a garbled byte, a line cut short
    in the middle of the file): skipped and counted, and reading goes on at the next
    line, as a snapshot's bad line is. (The whole rest of the file was lost for it.)"""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


def items(stream: BinaryIO, name: str,
          on_read: Callable[[int], None] | None = None) -> Iterator[Any]:
    """Each item of a top-level list, or each top-level object (one, or JSON Lines).
    `on_read` gets the bytes read so far after each chunk: a 50 MB file takes seconds,
    long enough to want a progress bar."""
    reader = _Reader(stream, name, on_read)
    first = reader.skip_space()
    if first is None:
        raise (_refused(f"{name} is empty: nothing to import", f"{name} is empty")
               if name != "standard input" else _refused("standard input is empty"))  # (99)
    if first == "{":
        start = reader.consumed + reader.pos
        yield reader.value()
        lines = "\n" not in reader.buf[start - reader.consumed:reader.pos]  # one a line
        while reader.skip_space() == "{":  # JSON Lines: the next object
            if not lines:
                yield reader.value()
                continue
            try:
                value = reader.value()
            except PapersError as exc:  # (the cursor is still at the line's start)
                if not reader.skip_line():  # the file ends in it: cut there
                    raise
                yield BadLine(exc.message.removeprefix(f"{name} is ").removeprefix(
                    f"{name}: "))
                continue
            yield value
        _expect_end(reader)
        return
    if first != "[":
        shape = other_shape(reader.buf[reader.pos:reader.pos + SHAPE_HEAD], reader.eof)
        if shape is not None:
            raise _other_shape(name, *shape)
        if first in '"-0123456789tfn':  # a JSON scalar: valid JSON, not papers
            reader.value()  # (or no JSON at all: "not json" is not a null)
            _expect_end(reader)
            kind = {"\"": "string", "t": "boolean", "f": "boolean", "n": "null"}.get(
                first, "number")
            raise _refused(f"{name}: expected a JSON list of papers, got a {kind}",
                           f"{name} is a JSON {kind}, not papers",
                           f"{name} holds a {kind}, not papers")
        shown = repr(first) if first.isprintable() else f"U+{ord(first):04X}"
        raise _refused(f"{name} is not a JSON document (it starts with {shown})",
                       f"{name} is not JSON (it starts with {shown})", f"{name} is not JSON")
    reader.pos += 1
    nxt = reader.skip_space()
    if nxt == "]":
        reader.pos += 1
        _expect_end(reader)
        return
    while True:
        if nxt is None:
            raise _ends_inside(name)
        yield reader.value()
        nxt = reader.skip_space()
        if nxt == ",":
            reader.pos += 1
            nxt = reader.skip_space()
            continue
        if nxt == "]":
            reader.pos += 1
            _expect_end(reader)
            return
        if nxt is None:
            raise _ends_inside(name)
        raise _not_json(name, "expected ',' or ']'", reader.where(), cut=False)


SHAPE_HEAD = 64 * 1024  # characters looked at to tell what a file that is not JSON is
# Commands written bare, as every hint on the terminal writes them (in backticks, a
# Markdown habit, they were printed as typed: "with `papers show - < out.ids`").
IDS_HINT = ("fetch them with papers show - < FILE, or star them (your reading list) "
            "with papers star - < FILE")
_EXPORT_AGAIN = ("to move papers between libraries, export them with -f json, -f jsonl or "
                 "-f bibtex and import that")
# What papercli's other outputs start with: none of them can be read back, and said as
# "not a JSON document (it starts with 'i')" they sent people looking for a broken file.
_MARKUP = re.compile(r"<(?:\?xml\b|!doctype\s+html\b|html\b|feed\b|rss\b)", re.IGNORECASE)
# Archives and compressions other than gzip (which is read as it is), by their magic
# bytes as the reader decodes them (an invalid UTF-8 byte is U+FFFD).
_PACKED = (("PK\x03\x04", "a zip archive"), ("\ufffd7zXZ\0", "xz-compressed"),
           ("BZh", "bzip2-compressed"), ("(\ufffd/\ufffd", "zstd-compressed"),
           ("7z\ufffd\ufffd", "a 7z archive"), ("\x1f\ufffd\x08", "gzipped twice"))
# A tar archive (`.tar`, `.tar.gz`, as it is unpacked): "ustar" after its first member's
# 257-byte header, which said "not a JSON document (it starts with 's')", its file's name.
_TAR = re.compile(r"[^\0]{1,100}\0[\s\S]{100,400}?\0ustar[\0 ]")
# `curl -i URL > FILE` (or httpie's --print=hb): the status line and headers, then the body.
_HTTP = re.compile(r"HTTP/[0-9.]{1,3} [0-9]{3}\b")
_CSV_HEADER = re.compile(r"[\w\" ]+(?:,[\w\" ]+){2,}\r?\n")
# A listing's table saved (`papers today > today.txt`): what to do instead.
_TABLE = "is a table papercli printed: papers import cannot read it"
_RERUN = "run that command again with -f json > FILE.json and import that"
_MARKDOWN = re.compile(r"#{1,6} \S|---\r?\n")
# A reference manager's other exports (Zotero's Export Library… formats), each beside
# the ones papercli reads: Zotero RDF said "not JSON (it starts with '<')", its CSV and
# MODS "export with -f json", papercli's own export, which they are not.
_REFERENCES = "export it again as CSL JSON, BibTeX or RIS and import that"
_XML_HEAD = r"(?:<\?xml[^>]{0,200}>\s*)?"
_REFERENCE_SHAPES = ((re.compile(_XML_HEAD + r"<rdf:RDF\b"), "Zotero RDF"),
                     (re.compile(_XML_HEAD + r"<(?:mods|modsCollection)\b"), "MODS XML"),
                     (re.compile(_XML_HEAD + r"<xml>\s*<records>"), "EndNote XML"),
                     (re.compile(r'"Key","Item Type",'), "Zotero's CSV"),
                     (re.compile(r"%0 "), "Refer/BibIX"))


# The shapes of `other_shape` that are binary data, nothing more said of them: a file
# whose name says BibTeX or RIS is refused in its own words (`bibimport.sniff`).
BINARY = ("is binary data, not a JSON document (it starts with a NUL byte)",
          "is binary data or not UTF-8 text, not a JSON document")
_UNPACK = "unpack it first (a gzipped file is read as it is)"
_UNTAR = "unpack it first (tar -xf FILE) and import the files in it"
_CURL_BODY = "import the body alone: curl -s URL | papers import -"
_PDF = "to keep a paper, star it by its id: papers star ID"


def other_shape(text: str, whole: bool) -> tuple[str, str] | None:
    """(what a file that is not JSON looks like, what to do), for the shapes papercli
    writes but cannot import (`export -f csv/md/html/atom/rss/ids`), an archive or binary
    data; None for any other text. `text` is the file's start (`whole`: the whole file).
    Only asked of a file that does not start with `[` or `{`, so a JSON file is never taken
    for one of these."""
    text = text.lstrip("\ufeff \t\r\n")
    for magic, kind in _PACKED:
        if text.startswith(magic):
            return f"is {kind}, not a file papers import reads", _UNPACK
    if _HTTP.match(text):
        return "is an HTTP response with its headers, not a JSON document", _CURL_BODY
    if _TAR.match(text[:600]):
        return "is a tar archive, not a file papers import reads", _UNTAR
    if text.startswith("\0"):
        return BINARY[0], HINT
    if text.startswith("%PDF-"):  # (a paper's PDF: "it starts with '%'")
        return "is a PDF: papers import cannot read it", _PDF
    if text.startswith("\ufffd"):  # (a byte that is no UTF-8: "it starts with '\ufffd'")
        return BINARY[1], HINT
    for shape, kind in _REFERENCE_SHAPES:
        if shape.match(text):
            return f"is {kind}: papers import cannot read it", _REFERENCES
    markup = _MARKUP.match(text)
    if markup:
        start = text[: 4096].lower()
        kind = ("an Atom feed" if "<feed" in start else "an RSS feed" if "<rss" in start
                else "an HTML page" if "<html" in start or "<!doctype" in start
                else "an XML file")
        return f"is {kind}: papers import cannot read it", _EXPORT_AGAIN
    lines = text.splitlines()
    if not whole and len(lines) > 1:
        lines.pop()  # the last line may be cut short by the head's end
    ids = [line.strip() for line in lines if line.strip()]
    if ids and len(ids) == sum(1 for line in ids if _an_id(line)):
        return "is a list of arXiv ids, not papers", IDS_HINT
    if any(is_header(line) for line in lines[:3]):  # (under its title and a blank line)
        return _TABLE, _RERUN
    if _CSV_HEADER.match(text):
        return "is CSV: papers import cannot read it", _EXPORT_AGAIN
    if _MARKDOWN.match(text):
        return "is Markdown: papers import cannot read it", _EXPORT_AGAIN
    return None


def ids_list(name: str, items: int) -> PapersError:
    """The error for a JSON list of `items` arXiv ids (`["2401.01055", …]`), whose
    items were each skipped as "not an object" and the import said it succeeded."""
    import shlex

    what = "a JSON list of arXiv ids" if items > 1 else "an arXiv id in JSON"
    if name == "standard input":
        hint = "fetch them with … | jq -r '.[]' | papers show - (or star them: papers star -)"
    else:
        hint = (f"fetch them with jq -r '.[]' {shlex.quote(name)} | papers show - (or star "
                "them: papers star -)")
    error = PapersError(f"{name} is {what}, not papers", hint=hint)
    error.shorter = [(error.message, hint), *((f"{name}{said}", "use jq -r '.[]' | papers star -")
                                             for said in (" holds ids, not papers",
                                                          ": ids, not papers"))]
    return error


# An item that is the text of a Python dict (`str(item)` where `json.dumps(item)` was
# meant, as some scrapers save Daily Papers): `{'paper': {'id': …`.
_PYTHON_DICT = re.compile(r"\s*\{\s*'[^']{1,40}'\s*:")
_FROM_PYTHON = ("python3 -c 'import ast,json,sys; print(json.dumps([ast.literal_eval(s) "
                "for s in json.load(sys.stdin)]))'")


def is_python_dict(value: object) -> bool:
    """Whether a JSON item is a string holding a Python dict's text (see _PYTHON_DICT)."""
    return isinstance(value, str) and _PYTHON_DICT.match(value) is not None


def python_dicts(name: str, items: int, key: str | None = None) -> PapersError:
    """The error for a JSON list of strings each holding a Python dict (or an object
    holding one under `key`): "no papers: 26 items skipped, first: not an object" said
    nothing of what they were, or how to turn them into JSON."""
    import shlex

    from papercli.sanitize import clean_line

    what = ("a list of Python dicts saved as text" if items > 1 or key is not None
            else "a Python dict saved as text")
    if key is not None:
        what = f"an object holding {what} under {clean_line(key, 40)!r}"
    convert = _FROM_PYTHON if key is None else _FROM_PYTHON.replace(
        "json.load(sys.stdin)", f"json.load(sys.stdin)[{json.dumps(key[:40])}]")
    source = "…" if name == "standard input" else f"{convert} < {shlex.quote(name)}"
    error = PapersError(f"{name} is {what}, not JSON papers",
                        hint=f"turn them into JSON: {source} | papers import -")
    error.shorter = [(error.message, "turn them into JSON with ast.literal_eval and json.dumps"),
                     (f"{name} holds Python dicts, not JSON", "make them JSON: json.dumps"),
                     (f"{name}: Python dicts, not JSON", "json.dumps them")]
    return error


def no_papers(name: str, skipped: int, why: str, noun: str = "item") -> PapersError:
    """The error for a file none of whose items (or a snapshot's lines) is a paper, each
    one skipped: it said "read 3 papers from 1 file: 0 new, …, 3 skipped" and exit 0, as
    if it were imported."""
    from papercli.words import plural

    error = _refused(f"no papers in {name}: {plural(skipped, noun)} skipped, first: {why}",
                     f"no papers in {name} ({why})", bare=False)
    # The first reason before the hint, cut short before it is left out: "no papers in
    # bad.jsonl — see papers import --help" alone, the line 80 columns allow, said nothing
    # of why (every line's id not arXiv's, its title missing).
    reasons = [why, *(why[:keep].rstrip() + "…" for keep in (40, 24) if len(why) > keep + 1)]
    if ": " in why:  # (then the reason without where it is: "missing title")
        reasons.append(why.partition(": ")[2])
    error.shorter += [(f"no papers in {name} ({reason})", None) for reason in reasons]
    error.shorter.append((f"no papers in {name}", "see papers import --help"))
    error.shorter.append((f"no papers in {name}", None))  # (a long path whole: `_hint_gone`)
    return error


def list_key(value: object) -> str | None:
    """The key of an object that is not a paper but holds a list of them (`{"papers":
    [...]}`, as an API or a `jq` step wraps them); None for anything else."""
    if not isinstance(value, dict) or {"id", "title", "paper"} & value.keys():
        return None
    for key, inner in value.items():
        if (isinstance(inner, list) and inner and isinstance(inner[0], dict)
                and {"id", "title", "paper"} & inner[0].keys()):
            return str(key)
    return None


def python_key(value: object) -> str | None:
    """The key of an object holding a list of Python dicts saved as text (see
    `python_dicts`); None for anything else."""
    if not isinstance(value, dict):
        return None
    for key, inner in value.items():
        if isinstance(inner, list) and inner and is_python_dict(inner[0]):
            return str(key)
    return None


def wrapped_list(name: str, key: str) -> PapersError:
    """The error for a file that is one object holding the papers' list under `key`: it
    said "skipped 1 unusable item (missing id)" and exit 0, nothing imported."""
    import shlex

    from papercli.sanitize import clean_line

    path = (f".{key}[]" if re.fullmatch(r"[A-Za-z_]\w{0,39}", key)
            else f".[{json.dumps(key[:40])}][]")
    jq = f"jq -c {shlex.quote(path)}"
    hint = (f"… | {jq} | papers import -" if name == "standard input"
            else f"{jq} {shlex.quote(name)} | papers import -")
    error = PapersError(f"{name} is an object holding a list of papers under "
                        f"{clean_line(key, 40)!r}, not a list of papers",
                        hint=f"import the list: {hint}")
    error.shorter = [(error.message, error.hint),
                     *((f"{name}{said} {clean_line(key, 40)!r}", f"unwrap: {jq}")
                       for said in (" wraps its papers in", ": papers in"))]
    return error


def zotero_items(value: object) -> bool:
    """Whether a JSON object holds Zotero's items (`"itemType"`): Better BibTeX JSON,
    whose `items` were said to be papers to unwrap with jq, which they are not."""
    if not isinstance(value, dict):
        return False
    items = value.get("items")
    return (isinstance(items, list) and bool(items) and isinstance(items[0], dict)
            and "itemType" in items[0])


def better_bibtex_json(name: str) -> PapersError:
    """The error for a Better BibTeX JSON file (`zotero_items`)."""
    return _other_shape(name, "is Better BibTeX JSON: papers import cannot read it",
                        _REFERENCES)


def is_id(value: object) -> bool:
    """Whether a JSON item is a string that is an arXiv id (or its URL)."""
    return isinstance(value, str) and _an_id(value.strip())


def _other_shape(name: str, what: str, hint: str) -> PapersError:
    """The error for a file of another shape (`other_shape`), with shorter ways to say
    it: "t.csv is CSV, which papers import does not read back — to move papers between
    libraries, export them with -f json, -f jsonl or -f bibtex and import that" made
    133 columns. One form of words in each ("t.csv is CSV, which import does not read"
    beside "t.atom is an Atom feed: import cannot read it"), the hint shorter."""
    error = PapersError(f"{name} {what}", hint=_from(hint, name))
    if what == _TABLE:  # "today.txt is a table papercli printed …" made 137 columns
        rerun = _from("rerun with -f json > FILE.json", name)
        error.shorter = [(error.message, error.hint),
                         (f"{name} {what.partition(':')[0]}", _from(hint, name).removesuffix(
                             " and import that")),
                         (f"{name} is a papers table", rerun),
                         (f"{name} is a papers table", "rerun with -f json")]
        return _hint_gone(error)
    brief = f"{name} {what.replace('papers import', 'import')}"
    error.shorter = ([(error.message, "export them with -f json and import that"),
                      (brief, "export them with -f json and import that"),
                      (brief, "export with -f json"), (brief, "export -f json"),
                      (f"{name} {what.partition(':')[0]}", "export -f json")]
                     if hint == _EXPORT_AGAIN else [(error.message, error.hint),
                                                    (brief, error.hint)])
    # The same in fewer words, for a realistic name in 80 columns: a list of ids made 166
    # ("… or star them (your reading list) with `papers star - < out.ids`"), binary 128.
    short_hint = _from(_SHORT_HINTS[hint], name) if hint in _SHORT_HINTS else None
    error.shorter += [(f"{name}{said}", short_hint) for said in _BRIEFLY.get(what, ())]
    if hint == _REFERENCES:  # ("standard input is Zotero RDF — export it as …": 82)
        error.shorter += [(f"{name}{said}", "export CSL JSON, BibTeX or RIS")
                          for said in _BRIEFLY[what]]
    return _hint_gone(error)


# Fewer words for some shapes (`other_shape`) and their hints, best first.
_BRIEFLY: dict[str, tuple[str, ...]] = {
    **{f"is {kind}, not a file papers import reads": (f" is {kind}",) for _, kind in _PACKED},
    "is a tar archive, not a file papers import reads": (" is a tar archive",),
    "is an HTTP response with its headers, not a JSON document": (" holds HTTP headers",),
    "is a PDF: papers import cannot read it": (" is a PDF",),
    "is a list of arXiv ids, not papers": (" holds arXiv ids, not papers",
                                           " holds ids, not papers", ": ids, not papers"),
    BINARY[1]: (" is not UTF-8 text, so not JSON", " is not UTF-8"),
    BINARY[0]: (" is binary data, not JSON", " is binary data"),
    **{f"is {kind}: papers import cannot read it": (f" is {kind}",)
       for kind in (*(kind for _, kind in _REFERENCE_SHAPES), "Better BibTeX JSON")},
}
_SHORT_HINTS = {IDS_HINT: "feed it to papers star -", HINT: "see papers import --help",
                _UNPACK: "unpack it first", _UNTAR: "unpack it: tar -xf FILE",
                _CURL_BODY: "save it with curl -s, not curl -i", _PDF: "to keep the paper, "
                "star it: papers star ID", _REFERENCES: "export it as CSL JSON, BibTeX or RIS"}


def _from(hint: str, name: str) -> str:
    """A hint's `< FILE` (or `tar -xf FILE`) as the file's own name (quoted for a shell),
    or a pipe."""
    import shlex

    piped = name == "standard input"
    if "> FILE.json" in hint:  # (today.txt: > today.json, beside it)
        if piped:
            return hint.replace(" > FILE.json", "").replace("import that", "pipe that in")
        return hint.replace("FILE.json", shlex.quote(Path(name).stem + ".json"))
    if "tar -xf FILE" in hint:
        return hint.replace("tar -xf FILE", "… | tar -x" if piped
                            else f"tar -xf {shlex.quote(name)}")
    if "< FILE" not in hint:
        return hint
    if piped:
        return hint.replace("papers show - < FILE", "… | papers show -").replace(
            "papers star - < FILE", "… | papers star -")
    return hint.replace("FILE", shlex.quote(name))


def _an_id(line: str) -> bool:
    from papercli.models import id_or_none

    return len(line) <= 200 and " " not in line and id_or_none(line) is not None


def _expect_end(reader: _Reader) -> None:
    if reader.skip_space() is not None:
        raise _not_json(reader.name, "text after the document", reader.where(), cut=False)


class Prefixed(io.RawIOBase):
    """`prefix` then the rest of `stream`, as one binary stream: what a format sniffer
    looked at is put back (standard input cannot seek back)."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self.prefix = prefix
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.prefix:
            n = min(len(buffer), len(self.prefix))
            buffer[:n] = self.prefix[:n]
            self.prefix = self.prefix[n:]
            return n
        # (what one read gives: a gzip cut short raises only once the data before the
        # cut is read, which a read of the whole buffer would drop with the error)
        data = getattr(self.stream, "read1", self.stream.read)(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def text_encoding(head: bytes) -> str | None:
    """The encoding of a file's start when it is UTF-16 or UTF-32 (by its byte-order mark,
    or, for UTF-16 without one, a NUL byte beside every ASCII character); None otherwise
    (UTF-8, or bytes that are no text: a run of NULs is neither)."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:64]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) & ~1]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if not odd.strip(b"\x00") and b"\x00" not in even:
        return "utf-16-le"
    if not even.strip(b"\x00") and b"\x00" not in odd:
        return "utf-16-be"
    return None


class Recoded(io.RawIOBase):
    """A UTF-16 or UTF-32 stream as UTF-8, a chunk at a time (its byte-order mark
    dropped): every reader after it (JSON, BibTeX, RIS, the snapshot's lines) reads
    UTF-8. A UTF-16 file (what Windows' PowerShell `>` writes) read as "not a JSON
    document (it starts with '\ufffd')"."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.pending = b""
        self.at = 0
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self.at >= len(self.pending) and not self.done:
            data = self.stream.read(CHUNK)
            self.done = not data
            self.pending = self.decoder.decode(data, final=self.done).encode("utf-8")
            self.at = 0
        n = min(len(buffer), len(self.pending) - self.at)
        buffer[:n] = self.pending[self.at : self.at + n]
        self.at += n
        return n
