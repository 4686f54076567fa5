"""`papers import` of arXiv's bulk metadata snapshot (`arxiv-metadata-oai-snapshot.json`).

The snapshot is JSON lines, ~2.5 million papers and several GB, so it is recognised by
its content (its first line is an object with arXiv's keys), read one line at a time
(memory is one batch of papers, whatever the file's size), optionally gzip-compressed,
and resumable: after each committed batch the byte offset of the next line is kept in
the library's meta, keyed by the file's size, mtime, first line and the chosen
categories, so a rerun after Ctrl-C starts where the last batch ended. Papers already
stored from arXiv at the same version (or a later one) are not rewritten either, so even a
rerun that cannot resume (standard input, a touched file) writes only what changed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, BinaryIO

from papercli.errors import PapersError, UsageError, lead_when_none_fits, naming
from papercli.jsonstream import Prefixed, Recoded, text_encoding

if TYPE_CHECKING:
    from papercli.db.store import Store
    from papercli.models import Paper
    from papercli.repeats import Repeats
    from papercli.sources.arxiv import ArxivEntry

GZIP_MAGIC = b"\x1f\x8b"
# Keys only arXiv's snapshot has; its `categories` is one space-separated string, where
# papercli's own export (Paper.to_dict, also JSON lines) has a list.
SNAPSHOT_KEYS = ("versions", "authors_parsed")
# (or its `categories` string: arXiv's key order puts `versions` after the abstract, so a
# first line longer than HEAD showed neither key, and was read as Hub JSON, every paper
# stored with no authors, abstract or categories)
_SNAPSHOT_KEY = re.compile(rb'"(?:versions|authors_parsed)"\s*:|"categories"\s*:\s*"')
HEAD = 64 * 1024  # bytes looked at to recognise a file
Progress = Callable[[str, int, "int | None"], None]  # (file name, bytes done, bytes total)


class SnapshotCounts:
    """What one snapshot file gave: written, unchanged, left out and why."""

    __slots__ = ("added", "bad", "name", "not_matching", "reasons", "repeated", "resumed_at",
                 "unchanged", "updated")

    def __init__(self, name: str) -> None:
        self.name = name
        self.added = 0
        self.updated = 0
        self.unchanged = 0
        self.repeated = 0  # lines naming a paper an earlier line named (the last is kept)
        self.bad = 0
        self.not_matching = 0
        self.resumed_at = 0  # lines already imported by an interrupted run, not read again
        self.reasons: list[str] = []

    @property
    def read(self) -> int:
        """The papers' lines read by this run (blank ones aside): each is counted once,
        as written, unchanged, repeated, bad or not in the chosen categories."""
        return (self.added + self.updated + self.unchanged + self.repeated + self.bad
                + self.not_matching)


def check_patterns(patterns: Sequence[str]) -> list[str]:
    """Each `--category` as given, split as a list of categories is everywhere (commas,
    `+` or spaces: `cs.CL cs.CV` kept only cs.CL, and `+` alone was an unexpected
    IndexError); a name or pattern that matches no arXiv category or archive is a usage
    error naming the close ones, and one holding none is refused as the listings' filter
    refuses it."""
    from papercli.sanitize import quoted
    from papercli.sources import arxiv_taxonomy as tax

    out: list[str] = []
    for given in patterns:
        parts = tax.split_names(given)
        if not parts:
            raise UsageError(f"--category {quoted(given)} holds no CAT",
                             hint="give one, or leave --category out")
        for part in parts:
            if "*" in part:
                if not any(tax.matches(part, [name]) for name in tax.NAMES):
                    raise tax.UnknownCategory(part, tax.close_matches(part.replace("*", "")))
                found = [part]
            else:
                found = tax.validate([part])
            out.extend(name for name in found if name not in out)
    return out


def peek(stream: BinaryIO, name: str = "the file") -> tuple[BinaryIO, bool, bool]:
    """The stream to read (gunzipped when it starts with gzip's magic bytes, as UTF-8
    when it is UTF-16 or UTF-32, and with what was looked at put back), whether it is an
    arXiv snapshot, whether gzipped. Gzip data damaged from its start is an error naming
    `name`: it read as "is empty: nothing to import"."""
    head = _read_head(stream)
    zipped = head.startswith(GZIP_MAGIC)
    if zipped:
        stream = _Gunzipped(Prefixed(head, stream))  # type: ignore[assignment, arg-type]
        try:
            head = stream.read(HEAD)
        except (OSError, EOFError) as exc:
            why = exc if isinstance(exc, GzipBroken) else f"its gzip data is damaged ({exc})"
            error = PapersError(f"cannot read {name}: {why}",
                                hint="get the whole file and import it again")
            brief = "ends early" if "ends early" in str(why) else "is damaged"
            error.shorter = [(f"{name}: its gzip data {brief}", "import the whole file"),
                             (f"{PurePath(name).name}: its gzip data {brief}", None)]
            raise error from None
    encoding = text_encoding(head)
    if encoding is not None:  # (Windows' "Unicode" is UTF-16: PowerShell's > writes it)
        stream = Recoded(Prefixed(head, stream), encoding)  # type: ignore[assignment, arg-type]
        head = _read_head(stream)
    return Prefixed(head, stream), is_snapshot(head), zipped  # type: ignore[return-value]


class GzipBroken(OSError):
    """A gzipped file that ends early or is damaged, said as that."""


class _Gunzipped(io.RawIOBase):
    """gzip's unpacked stream, whose end-of-data and corruption errors are `GzipBroken`
    saying what happened: a download cut off read as "unexpected EOFError: Compressed
    file ended before the end-of-stream marker was reached … please report it", and
    kept nothing of the papers before the cut."""

    def __init__(self, stream: BinaryIO) -> None:
        self._gzip = gzip.GzipFile(fileobj=stream, mode="rb")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._gzip.read1(len(buffer))
        except EOFError:
            raise GzipBroken("its gzip data ends early (a download that did not "
                             "finish?)") from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise GzipBroken(f"its gzip data is damaged ({exc})") from None
        buffer[: len(data)] = data
        return len(data)


def _read_head(stream: BinaryIO) -> bytes:
    try:
        return stream.read(HEAD)
    except (OSError, EOFError):  # a truncated gzip header: not ours, let JSON reading say
        return b""


def is_snapshot(head: bytes, *, cut: bool = True) -> bool:
    """Whether the first non-blank line is one JSON object with arXiv snapshot keys, or
    its `categories` string (a line may have no more than id, title and categories) and
    none of the keys of papercli's own export (`exported.OWN_KEYS`). A first line that is
    not JSON is judged by the next one (`cut`): a piece of a snapshot split by size
    (`split -b 1G`) starts inside a line, and was refused whole as "not valid JSON"."""
    from papercli.exported import OWN_KEYS

    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    line, newline, rest = text.partition(b"\n")
    if text.startswith(b"{"):
        if not newline and len(head) >= HEAD:  # a first line longer than we look at: a key
            return _SNAPSHOT_KEY.search(line) is not None  # (a value is never followed by ':')
        try:
            record = json.loads(line)
        except ValueError:
            pass
        else:
            # (an id as a number is a snapshot's line all the same, refused as one)
            return (isinstance(record, dict)
                    and isinstance(record.get("id"), (str, int, float))
                    and (any(key in record for key in SNAPSHOT_KEYS)
                         or (isinstance(record.get("categories"), str)
                             and not any(key in record for key in OWN_KEYS))))
    return cut and bool(newline) and is_snapshot(rest, cut=False)


# The id a snapshot line starts with (arXiv writes it first): enough to know which
# papers the lines a resumed run reads past named, without parsing them.
_FIRST_ID = re.compile(rb'\s*\{\s*"id"\s*:\s*"([^"\\]{1,64})"')


def _lines(stream: BinaryIO, limit: int, start: int,
           passed: Callable[[str], None] | None = None) -> Iterator[tuple[int, bytes | None]]:
    """(offset after the line, the line) for each line; None for one longer than
    `limit`, which is read past in chunks, never held. The lines before `start` (done
    by an interrupted run) are read past, each one's id given to `passed`."""
    reader = io.BufferedReader(stream, 1 << 20)  # type: ignore[type-var]
    offset = 0
    line_start = True
    while offset < start:  # resuming: read past what is done (a pipe or gzip cannot seek)
        piece = reader.readline(min(1 << 20, start - offset))
        if not piece:
            return
        offset += len(piece)
        if line_start and passed is not None and (found := _FIRST_ID.match(piece)):
            passed(found[1].decode("utf-8", "replace"))
        line_start = piece.endswith(b"\n")
    while True:
        line = reader.readline(limit + 1)
        if not line:
            return
        offset += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = reader.readline(1 << 20)
                offset += len(line)
            yield offset, None
            continue
        yield offset, line


def resume_key(path: str, head: bytes, patterns: Sequence[str]) -> str | None:
    """The meta key under which a file's progress is kept: its size, mtime, first line
    and the categories chosen; None for standard input (nothing to recognise it by)."""
    if path == "-":
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    first = head.partition(b"\n")[0]
    digest = hashlib.sha256(first + b"\0" + ",".join(patterns).encode()).hexdigest()[:16]
    return f"snapshot:{st.st_size}:{st.st_mtime_ns}:{digest}"


def import_snapshot(
    store: Store,
    stream: BinaryIO,
    name: str,
    *,
    path: str,
    patterns: Sequence[str],
    batch_size: int,
    total: int | None = None,
    progress: Progress | None = None,
    done: Callable[[], int] | None = None,
    counts: SnapshotCounts | None = None,
) -> SnapshotCounts:
    """Stream one snapshot into the library, `batch_size` papers per transaction; bad
    lines are skipped and counted, papers outside `patterns` (if any) counted. `done`
    says how far into the file (of `total` bytes) the reading is, where the stream's own
    offsets are not that (a gzipped file's are of what it unpacks to). `counts`, when
    given, is filled in as batches are stored, so a caller Ctrl-C cuts short still
    knows how many papers were kept."""
    from papercli.models import from_arxiv, id_or_none, is_valid_id
    from papercli.repeats import Repeats
    from papercli.sources.arxiv import MAX_SNAPSHOT_LINE, parse_snapshot_line
    from papercli.sources.arxiv_taxonomy import matches
    from papercli.words import plural

    counts = counts if counts is not None else SnapshotCounts(name)
    head = stream.read(HEAD)
    stream = Prefixed(head, stream)  # type: ignore[assignment]
    key = resume_key(path, head, patterns)
    start = lineno = 0
    if key:
        saved = _saved(store.get_meta(key))
        if saved:
            start, lineno = saved
            counts.resumed_at = lineno
    pattern = ",".join(patterns)
    batch: list[Paper] = []
    repeats = Repeats()  # the papers the file named so far (a resumed run's read past too)
    offset = start

    def flush(offset: int) -> None:
        if batch:
            _write(store, batch, counts, repeats)
        if key:
            with store.transaction():
                store.set_meta(key, json.dumps({"offset": offset, "line": lineno}))
        if progress:
            progress(name, done() if done else offset, total)

    def named_before(raw: str) -> None:
        """A paper the interrupted run's lines named: named here again, it is a repeat."""
        if is_valid_id(raw) or (raw := id_or_none(raw) or "") != "":  # (the first: 10x
            repeats.named_before(raw)  # faster, as arXiv writes its ids)

    try:
        for end, line in _lines(stream, MAX_SNAPSHOT_LINE, start, named_before):
            offset = end
            lineno += 1
            if progress and not lineno % 8192:  # lines left out by --category move it too
                progress(name, done() if done else offset, total)
            if line is None:
                _bad(counts, f"line {lineno}: longer than {MAX_SNAPSHOT_LINE:,} bytes")
                continue
            if not line.strip():
                continue
            try:
                entry = _as_shown(parse_snapshot_line(line))
            except ValueError as exc:
                _bad(counts, f"line {lineno}: {exc}")
                continue
            if pattern and not matches(pattern, entry.categories):
                counts.not_matching += 1
                continue
            paper = from_arxiv(entry)
            batch.append(paper)
            repeats.note(paper.id)
            if len(batch) >= batch_size:
                flush(offset)
    except GzipBroken as exc:  # the papers before the break are kept, and said to be
        flush(offset)
        error = PapersError(f"cannot read {name} after line {lineno:,}: {exc}{_kept(counts)}",
                            hint="download it again and run the same command (papers "
                                 "already stored are not written again)")
        # (the whole made 190 columns and more: the file whole, what happened where, and
        # what to do, in a few words, with how many papers were kept where that fits: a
        # lone file's error is all an import says, and "its gzip data ends early —
        # download it again" left 1,980 papers imported unsaid, where a JSON file cut
        # off says "1 paper before it kept")
        gist = f"{name}: {str(exc).partition(' (')[0]}"
        kept = counts.added + counts.updated + counts.unchanged
        counted = [f"; {plural(kept, 'paper')} before it kept",
                   f"; {plural(kept, 'paper')} kept"] if kept else []
        # (a name too long for any of them: the file whole, what happened, how many were
        # kept and what to do, where the whole message made 170 columns and more piped)
        error.shorter = lead_when_none_fits([
            *((f"{gist} after line {lineno:,}{said}", "download it again")
              for said in counted),
            *((f"{gist}{said}", "download it again") for said in counted),
            *((f"{gist}{said}", None) for said in counted),
            (f"{gist} after line {lineno:,}", "download it again"),
            (gist, "download it again"), (gist, None)],
            (f"{gist} after line {lineno:,}{counted[-1] if counted else ''}",
             "download it again"))
        raise naming(error, name) from None
    flush(offset)
    if key:  # done: forget the offset, so a later run (after `cache clear`) reads it all
        with store.transaction():
            store.delete_meta(key)
    return counts


def _as_shown(entry: ArxivEntry) -> ArxivEntry:
    """The entry's title and authors as arXiv's pages show them: the snapshot keeps them
    as submitted, in TeX ("Jos\\'e Garc\\'ia", "M{\\"u}ller"), which the library kept and
    showed as typed, where the Hub's record of the same paper has "José García". Maths is
    left as typed."""
    if "\\" not in entry.title and not any("\\" in name for name in entry.authors):
        return entry
    from dataclasses import replace

    from papercli.bibimport import tex_accents

    return replace(entry, title=tex_accents(entry.title),
                   authors=tuple(tex_accents(name) for name in entry.authors))


def _kept(counts: SnapshotCounts) -> str:
    """What a file that broke part-way left in the library, said after its error."""
    from papercli.words import plural

    kept = counts.added + counts.updated + counts.unchanged
    if not kept:
        return ""
    verb = "is" if kept == 1 else "are"
    return f"; the {plural(kept, 'paper')} before it {verb} in the library"


def _saved(text: str | None) -> tuple[int, int] | None:
    """A stored (offset, line) pair, validated: the library on disk is untrusted."""
    if not text:
        return None
    try:
        value = json.loads(text)
        offset, line = value["offset"], value["line"]
    except (ValueError, TypeError, KeyError):
        return None
    if type(offset) is int and type(line) is int and offset >= 0 and line >= 0:
        return offset, line
    return None


def _bad(counts: SnapshotCounts, reason: str) -> None:
    counts.bad += 1
    if len(counts.reasons) < 20:
        counts.reasons.append(reason)


def _known(have: tuple[object, ...] | None, paper: Paper) -> bool:
    """Whether the stored row already holds what this snapshot line brings: stored from
    arXiv at the same version, with its v1 date, comment, journal ref and DOI. A paper
    first seen in an RSS announcement has the same version but only the announcement
    day (or no date at all for a replacement) and no comment, which the line fills in."""
    if have is None:
        return False
    version, sources, published, comment, journal_ref, doi = have
    names = sources.split() if isinstance(sources, str) else []
    if version != paper.version or "arxiv" not in names:
        return False
    if paper.published_at and not (
            isinstance(published, str)
            and (names != ["arxiv"] or published <= paper.published_at)):
        return False  # the library keeps the earlier arXiv date of a paper only arXiv has
    return all(new is None or old == new for old, new in (
        (comment, paper.comment), (journal_ref, paper.journal_ref), (doi, paper.doi)))


def _settled(have: tuple[object, ...] | None, paper: Paper) -> bool:
    """Whether the line leaves the stored row as it is: it holds all the line says
    (`_known`), or a later version from arXiv with the v1 date (the line is older: an
    earlier line of the same file, whose later one a first run stored, or an older
    snapshot). A second run of a file naming a paper twice said it "updated" it: it set
    the paper back to the earlier line, then forward again."""
    if _known(have, paper):
        return True
    if have is None or paper.version is None:
        return False
    version, sources, published = have[:3]
    return (type(version) is int and version > paper.version and isinstance(sources, str)
            and "arxiv" in sources.split() and isinstance(published, str)
            and (paper.published_at is None or published <= paper.published_at))


def _write(store: Store, batch: list[Paper], counts: SnapshotCounts, repeats: Repeats) -> None:
    """One transaction; papers stored from arXiv at the same version, with everything
    the line says of them, are left alone (a rerun writes only what changed). A line
    naming a paper an earlier line named is counted as repeated, and written only if it
    changes the paper (the file's last line of a paper is the one kept)."""
    first, again, repeated = repeats.split(batch)
    batch.clear()
    first = list({p.id: p for p in first}.values())  # (each paper's last line wins)
    again = list({p.id: p for p in again}.values())
    stored = store.arxiv_state([p.id for p in first + again])
    fresh = [p for p in first if not _settled(stored.get(p.id), p)]
    rewrite = [p for p in again if not _settled(stored.get(p.id), p)]
    from papercli.outfile import READ_SO_FAR, held_signals

    with held_signals(READ_SO_FAR):  # stored and counted, or neither: Ctrl-C's line says
        # how many
        counts.repeated += repeated
        counts.unchanged += len(first) - len(fresh)
        if fresh:
            written = store.import_papers(fresh, {})
            counts.added += written.added
            counts.updated += written.updated
            counts.unchanged += written.unchanged
        if rewrite:
            store.import_papers(rewrite, {})
