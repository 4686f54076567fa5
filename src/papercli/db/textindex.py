"""The library's search index: a tantivy index in a folder beside library.db.

Why tantivy: FTS5 scores every match before taking the top 50 (1.5 s for a word in 94%
of a million papers); tantivy scores a match about a hundred times faster, and filters
are terms of the same query, so a filtered top-k is exact. (Its Python bindings collect
through a MultiCollector, which turns off tantivy's block-max pruning: every match is
still scored. `textquery._title_first` keeps a common word's cost to the papers with it
in the title.) The queries are in db/textquery.py; this module builds the index and keeps
it in step with the library.

The SQLite library stays the one source of truth; this index is derived from it:

- Every insert or update of a `papers` row queues the paper's id in `search_queue`
  (triggers, schema migration `_m007_search_index`), in the same transaction as the
  write, so nothing a write path does can be missed. The index keeps, in `state.json`
  beside its files, the library it was built from (`meta.search_library`, renewed when
  the library is cleared or replaced) and the last queue entry it holds (written after
  its commit; applying an entry twice is harmless: a document is replaced by id).
- After each write transaction (`Store.transaction`; once after a run of them inside
  `Store.index_deferred`: an import, the papers one command fetches) and before each
  search the index catches up on the queue; it is rebuilt when missing, unreadable,
  built from another library, of another format, behind what the queue still holds, or
  ahead of the library (a library.db put back from an older copy).
- A search never fails on the index: another process holding the writer lock means the
  last committed index is searched; a folder that cannot be written means an index in
  memory for this command.
- Bulk writes (`deferred`) keep one writer for all their batches and commit once.

Imported only by search, its catch-up and its tests: `papers --version` never loads tantivy.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import sqlite3
import stat
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import tantivy

from papercli.criteria import author_names, name_pairs
from papercli.db.connection import in_chunks, lenient, lenient_stream, saying
from papercli.errors import debugging, is_panic
from papercli.words import cjk_bigrams, indexed_text

if TYPE_CHECKING:
    from papercli.db.connection import Database
    from papercli.models import Paper

# Bump when the fields or analyzers change: an index of another format is rebuilt.
# 2: each document carries its paper's row (rowid, and a checksum of the id to check it).
# 3: `newest`, the time `--sort new` orders by, so an ordered page is asked of the index.
# 4: `author` (each name whole, folded: `--author` as a term) and `models` (`--has-model`),
#    so those filters, like the others, are terms of the query, not a read of every row.
# 5: `newest` is the arXiv date first (it was the Daily Papers time), as `--sort new`
#    orders everywhere else.
# 6: `author` folds the letters Unicode gives no accent (Ł, ø, æ: criteria.fold), and
#    holds each author's Hub account ("@heminglan") and its display name.
# 7: `authors` (the searched text) holds them too.
# 8: `author_pair`: each name's pairs of words (criteria.name_pairs), so `--author` with
#    words in any order, whole or initials, is a look-up of terms, not a walk per word.
# 9: an apostrophe holds a name's word together ("d'antonio"), whichever one it is.
# 10: a name in CJK letters is held without the spaces between them ("山田太郎").
# 11: a name with ä, ö or ü is held spelled with ae, oe and ue too ("juergen").
# 12: a name with initials run together is held with them apart too ("dp kingstra" and
#     "d p kingstra").
# 13: a name with a hyphen inside is held without it too ("yingcun chen").
# 14: CJK text is held as overlapping pairs of characters (`cjk_bigrams`), so a word
#     inside a title written without spaces is found.
# 15: `day` is the day shown (`Paper.shown_days`), a month's first and last for a paper
#     dated by its id's month alone (it was the listing day, or none).
# 16: C++, C# and F# are words of their own ("cplusplus", `words.symbol_words`), not "c";
#     an author's name with a particle is held joined too ("ana lebrun" for "Ana Le
#     Brun": `criteria.particle_spelling`).
# 17: `newest` of a paper without an arXiv date is its id's month (`Paper.newest_key`),
#     so `--sort new` has it among its month, not below every dated paper.
FORMAT = 17
STATE = "state.json"
ANALYZER = "papercli_text"
# Ranking: title first, then AI keywords, authors, abstract (FTS5's bm25 weights before).
BOOSTS = {"title": 10.0, "ai_keywords": 4.0, "authors": 2.0, "summary": 1.0}
HEAP = 64_000_000  # the writer's memory: bounded whatever the library's size
# A bulk writer's indexing threads. One: the import's Python side (reading, checking,
# compressing, SQL) is the slower half, so one tantivy thread keeps up with it, and a
# second only takes a core from it and cuts smaller segments to merge (2 cores, 100k
# papers: 15 s against 18; a million: 251 MiB peak against 272, searches no slower).
BULK_THREADS = 1
# Queued writes from which catching up is announced on the status line (about a second of
# work): fewer, as after each sync's batch, would only flicker the command's own line.
ANNOUNCE_CATCH_UP = 5_000
_DIGITS_ONLY = str.maketrans("", "", "-:T")  # 2024-01-02T03:04:05 -> 20240102030405
_T = TypeVar("_T")


def folder_for(library: Path) -> Path:
    """library.db -> library.index beside it."""
    return library.with_name(library.stem + ".index")


# A word of this many bytes (UTF-8) or more is not indexed: a paste accident, not a word.
LONG_WORD_BYTES = 40


def analyzer(stem: bool) -> tantivy.TextAnalyzer:
    """Words of letters and digits, lower case, accents folded (José = jose), English
    stems (models = model): FTS5's `porter unicode61 remove_diacritics 2` before."""
    builder = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
               .filter(tantivy.Filter.remove_long(LONG_WORD_BYTES))
               .filter(tantivy.Filter.lowercase())
               .filter(tantivy.Filter.ascii_fold()))
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()




def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in BOOSTS:
        b.add_text_field(name, tokenizer_name=ANALYZER, index_option="position")
    for name in ("family", "source", "category", "archive", "org", "submitter", "author",
                 "author_pair"):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in ("day", "upvotes", "stars", "code", "newest", "models"):
        b.add_integer_field(name, indexed=True, fast=True)
    for name in ("row", "check"):  # where the paper is in library.db (`_found`)
        b.add_integer_field(name, fast=True)
    return b.build()


SCHEMA = _schema()


def document(paper: Paper, row: int | None = None) -> tantivy.Document:
    """A paper as the index keeps it: its id, its texts, a term per filter value, and
    its row in library.db (`row`, when known) with a checksum of its id."""
    doc = tantivy.Document()
    doc.add_text("id", paper.id)
    if row is not None:
        doc.add_integer("row", row)
        doc.add_integer("check", checksum(paper.id))
    doc.add_text("title", indexed_text(paper.title))
    doc.add_text("summary", indexed_text(paper.summary))
    doc.add_text("ai_keywords", indexed_text("\n".join(paper.ai_keywords)))
    # The authors' Hub accounts are theirs too: `search heminglan` or `search 兰鹤鸣`
    # finds Heming Lan's papers, as `--author` does.
    doc.add_text("authors", cjk_bigrams("\n".join([*paper.authors, *(
        part for _, account, shown in paper.author_accounts for part in (account, shown)
        if part)])))
    for name in author_names(paper):  # each at most MAX_NAME characters (models): a term
        doc.add_text("author", name)
        for pair in name_pairs(name):
            doc.add_text("author_pair", pair)
    for family in paper.families:
        doc.add_text("family", family.casefold())
    for source in paper.sources:
        doc.add_text("source", source)
    for category in paper.categories:
        folded = category.strip().casefold()
        doc.add_text("category", folded)
        doc.add_text("archive", folded.split(".")[0])
    for org in {paper.org_name, paper.org_fullname} - {None, ""}:
        doc.add_text("org", str(org).casefold())
    if paper.submitter:
        doc.add_text("submitter", paper.submitter.casefold())
    # The days the paper is shown with (`Paper.shown_days`): one, or a month's first and
    # last, so `--since` and `--until` (a range each) keep a paper whose month reaches them.
    for day in sorted(set(paper.shown_days or ())):
        if len(day) == 10 and day[:4].isdigit() and day[5:7].isdigit() and day[8:].isdigit():
            doc.add_integer("day", int(day[:4] + day[5:7] + day[8:]))
    stamp = newest(paper)
    if stamp is not None:
        doc.add_integer("newest", stamp)
    doc.add_integer("upvotes", int(paper.upvotes))
    if paper.github_stars is not None:
        doc.add_integer("stars", int(paper.github_stars))
    doc.add_integer("code", 1 if paper.github_repo else 0)
    if paper.num_models is not None:
        doc.add_integer("models", paper.num_models)
    return doc


def newest(paper: Paper) -> int | None:
    """`--sort new`'s key as a number (YYYYMMDDHHMMSS): the index's `newest` field; the
    arXiv date, as pipeline's and the library's order have it (`Paper.newest_key`: the
    id's month for a paper without one, YYYYMM00000000, below the month's days)."""
    digits = paper.newest_key[:19].translate(_DIGITS_ONLY)
    digits = digits + "0" * (14 - len(digits)) if len(digits) == 6 else digits
    return int(digits) if len(digits) == 14 and digits.isdigit() else None


def checksum(pid: str) -> int:
    """A checksum of a paper id: a row read by number must hold the paper it is meant to
    (rowids can move: VACUUM, a table rebuilt by a migration)."""
    return zlib.crc32(pid.encode("utf-8"))


# -- the index on disk and its state -----------------------------------------------------


class _State(NamedTuple):
    library: str
    seq: int


def _state_file(folder: Path) -> dict[str, Any] | None:
    from papercli.outfile import read_small

    try:
        data = json.loads(read_small(folder / STATE).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _read_state(folder: Path, data: dict[str, Any] | None = None) -> _State | None:
    """The state of the index in `folder` (or of its state file's `data`, already read);
    None when missing, unsound or of another FORMAT."""
    data = _state_file(folder) if data is None else data
    if (data is None or data.get("format") != FORMAT
            or not isinstance(data.get("library"), str) or type(data.get("seq")) is not int):
        return None
    return _State(data["library"], data["seq"])


def _write_state(folder: Path, state: _State) -> None:
    from papercli.outfile import replace_small

    replace_small(folder / STATE, json.dumps(
        {"format": FORMAT, "library": state.library, "seq": state.seq}))


def _library_state(reads: Database) -> tuple[str, int, int]:
    """(the library's identity, its last queued write, the first write still queued)."""
    conn = reads.conn
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'search_library'").fetchone()
        # apart: SQLite answers a lone min() or max() from the key, both at once by a scan
        first = conn.execute("SELECT coalesce(min(seq), 0) FROM search_queue").fetchone()[0]
        last = conn.execute("SELECT coalesce(max(seq), 0) FROM search_queue").fetchone()[0]
    except sqlite3.OperationalError:  # a read-only library of an older schema: no queue
        return "", 0, 0
    try:  # the last number given, also when the entries were pruned
        given = conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'").fetchone()
        if given and type(given[0]) is int:
            last = max(last, given[0])
    except sqlite3.OperationalError:
        pass
    ident = row[0] if row and isinstance(row[0], str) and row[0] else "unknown"
    return ident, int(last), int(first)


class Index:
    """An opened index (on disk or in memory) and the queue entry it has reached."""

    def __init__(self, index: tantivy.Index, folder: Path | None, state: _State) -> None:
        self.index = index
        self.folder = folder
        self.state = state

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def counted(self, searcher: tantivy.Searcher) -> int:
        """The documents BM25 counts in its idf: the live ones and the deleted ones a
        merge has not dropped yet (tantivy's `max_doc`s, from its meta.json; the bindings
        give only the live count). Why: a word's count includes deleted documents too,
        so an idf from the live count alone is too low, and below zero for a word in
        nearly every paper, which put abstracts above titles after an update."""
        live = int(searcher.num_docs)
        if self.folder is None:
            return live  # built in memory at once: nothing deleted
        from papercli.outfile import read_small

        try:
            meta = json.loads(read_small(self.folder / "meta.json").decode("utf-8"))
            docs = sum(int(segment["max_doc"]) for segment in meta["segments"])
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return live
        return max(live, docs)


def _open(folder: Path | None, create: bool) -> tantivy.Index:
    if folder is None:
        index = tantivy.Index(SCHEMA)
    else:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(SCHEMA, str(folder), reuse=not create)
    index.register_tokenizer(ANALYZER, analyzer(True))
    return index


CUT_SHORT = "finishing the search index (the last build was cut short)"


def _discard(reads: Database, folder: Path, *whys: str, detail: str = "", said: str = ""
             ) -> None:
    """An index folder that cannot be used: removed (it is derived data), said once on the
    library's notify hook (the session's notices: stderr, the browser, MCP's answer):
    "the search index in FOLDER `why`; rebuilding it" (`_damage_line`), or `said` as it
    is; nothing said without either."""
    say = getattr(reads, "notify", None)
    if (whys or said) and say is not None:
        say(said or _damage_line(folder, *whys, detail=detail))
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.lstat(folder).st_mode):
            shutil.rmtree(folder)
        else:  # a file, a link or a named pipe where the folder should be: rmtree opens
            folder.unlink()  # what it removes, and waited on a pipe (Python 3.11)


def _unreadable(reads: Database, folder: Path, detail: str) -> None:
    """`_discard` an index whose files are damaged, `detail` saying how ("meta.json is
    missing")."""
    _discard(reads, folder, f"is unreadable ({detail})", "is unreadable", detail=detail)


def _damage_line(folder: Path, *whys: str, detail: str = "") -> str:
    """What an index that is rebuilt says, in a warning's 80 columns (`errors.fitting`):
    `whys` are what is wrong with it, best first, the last the shortest ("is unreadable
    (meta.json is missing)", "is unreadable"). Each is tried with the folder whole, with
    ~ for the home (`paths.tilde`), then unnamed, with "from the library" and without;
    before the shortest, "rebuilding the search index (`detail`)" keeps what is wrong.
    With a usual home the folder whole made 127 to 196 columns (the folder alone is 44,
    /home/someuser/.cache/papercli/library.index); PAPERS_DEBUG says it and the first
    reason whole."""
    from papercli.errors import fitting
    from papercli.paths import tilde

    if debugging():
        return f"the search index in {folder} {whys[0]}; rebuilding it from the library"
    wheres = (f" in {folder}", f" in {tilde(folder)}", "")
    ways = [[f"the search index{where} {why}; rebuilding it{rest}" for where in wheres
             for rest in (" from the library", "")] for why in whys]
    if detail:
        ways.insert(len(ways) - 1, [f"rebuilding the search index ({detail})"])
    return fitting(*(way for tried in ways for way in tried))


def library_papers(reads: Database, ids: Sequence[str] | None) -> Iterator[Paper]:
    """The papers with these ids (None: every paper), as the library reads them."""
    return (paper for _, paper in _stored(reads, ids))


@lenient_stream
def _stored(reads: Database, ids: Sequence[str] | None) -> Iterator[tuple[int, Paper]]:
    """(rowid, paper) of the papers with these ids (None: every paper); text that is not
    UTF-8 is read leniently, as every read of the library does."""
    from papercli.db.records import row_to_paper
    from papercli.db.schema import PAPER_COLUMNS

    queries: Iterable[tuple[str, list[str]]]
    if ids is None:
        queries = [(f"SELECT rowid, {PAPER_COLUMNS} FROM papers", [])]
    else:
        queries = ((f"SELECT rowid, {PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", chunk)
                   for chunk, marks in in_chunks(ids))
    for sql, args in queries:
        for row in reads.conn.execute(sql, args):
            paper = row_to_paper(row[1:])
            if paper is not None and type(row[0]) is int:
                yield row[0], paper


def _documents(reads: Database, ids: Sequence[str]) -> Iterator[tantivy.Document]:
    """The index's documents of the papers with these ids (`_build` reads every paper
    through `_stored` itself, for the share done)."""
    return (document(paper, row) for row, paper in _stored(reads, ids))


@lenient
def rowids(reads: Database, ids: Sequence[str]) -> dict[str, int]:
    """id -> rowid of these papers (a batch just written: its pages are in the cache)."""
    out: dict[str, int] = {}
    for chunk, marks in in_chunks(ids):
        for pid, row in reads.conn.execute(
                f"SELECT id, rowid FROM papers WHERE id IN ({marks})", chunk):
            if type(pid) is str and type(row) is int:
                out[pid] = row
    return out


def _writer(index: tantivy.Index, threads: int = 1) -> tantivy.IndexWriter | None:
    """The index's writer, or None while another process holds it."""
    try:
        return index.writer(HEAP, threads)
    except (ValueError, OSError):
        return None


class _PageReleaser:
    """While a bulk writer runs, hands back to the kernel, every half second, the pages of
    the index's own files that tantivy has mapped into this process.

    Why: tantivy reads segments through mmap, and a merge reads every segment it merges,
    so a million-paper import's last merges left ~450 MiB of the index's files resident in
    the process (its peak RSS was 658 MiB, 200 of it its own heap). The pages are clean
    file pages: MADV_PAGEOUT drops them from this process (the next read maps them again
    from the page cache or the disk), and never changes what memory holds, so a mapping
    gone or replaced since /proc/self/maps was read is harmless. Linux only; best effort
    (an older kernel refuses the advice: nothing changes)."""

    ADVICE = 21  # MADV_PAGEOUT (Linux 5.4)
    EVERY = 0.5  # seconds

    def __init__(self, folder: Path) -> None:
        import threading

        self.prefix = str(folder.resolve()) + os.sep
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="index-pages", daemon=True)

    @classmethod
    def start(cls, folder: Path | None) -> _PageReleaser | None:
        import sys

        if folder is None or not sys.platform.startswith("linux"):
            return None
        releaser = cls(folder)
        releaser.thread.start()
        return releaser

    def close(self) -> None:
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        madvise = None
        while not self.stop.wait(self.EVERY):  # a write of a few papers never gets here
            if madvise is None:
                import ctypes

                try:
                    madvise = ctypes.CDLL(None, use_errno=True).madvise
                except (OSError, AttributeError):
                    return
                madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
            self.release(madvise)

    def release(self, madvise: Any) -> None:
        """One pass: every mapping of the index's files advised out."""
        with contextlib.suppress(OSError, ValueError):
            for start, length in self._mapped():
                madvise(start, length, self.ADVICE)

    def _mapped(self) -> list[tuple[int, int]]:
        """(start, length) of each mapping of a file in the index folder."""
        out = []
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                parts = line.split(maxsplit=5)
                if len(parts) == 6 and parts[5].startswith(self.prefix):
                    low, _, high = parts[0].partition("-")
                    start, end = int(low, 16), int(high, 16)
                    out.append((start, end - start))
        return out


def _build(reads: Database, folder: Path | None, ident: str, last: int,
           done: Callable[[int, int], None] | None = None) -> Index:
    """A new index of every paper (in `folder`, or in memory when None); `done(rowid,
    highest)` as the papers are read, in rowid order (the status line's share)."""
    index = _open(folder, create=True)
    writer = _writer(index, BULK_THREADS)
    if writer is None:
        raise OSError("the search index is being written by another process")
    releaser = _PageReleaser.start(folder)
    highest = _highest_row(reads)
    try:
        for row, paper in _stored(reads, None):
            writer.add_document(document(paper, row))
            if done is not None:
                done(row, highest)
        writer.commit()
        writer.wait_merging_threads()
    finally:
        if releaser is not None:
            releaser.close()
    state = _State(ident, last)
    if folder is not None:
        _write_state(folder, state)
    index.reload()
    return Index(index, folder, state)


@lenient_stream
def _queued(reads: Database, after: int, upto: int) -> Iterator[str]:
    """The paper ids queued in (after, upto], each once (an entry that is not text is
    passed over; one whose text is not UTF-8 is read leniently and names no paper)."""
    for (pid,) in reads.conn.execute(
            "SELECT DISTINCT paper_id FROM search_queue WHERE seq > ? AND seq <= ?",
            (after, upto)):
        if isinstance(pid, str):
            yield pid


def _apply(index: tantivy.Index, writer: tantivy.IndexWriter, reads: Database,
           after: int, upto: int) -> None:
    """The queued writes (after, upto] into the index: each paper replaced by id, a
    thousand at a time (memory stays flat however many there are)."""
    queued = _queued(reads, after, upto)
    while ids := list(itertools.islice(queued, 1000)):
        for pid in ids:
            writer.delete_documents_by_term("id", pid)
        for doc in _documents(reads, ids):
            writer.add_document(doc)


def _catch_up(idx: Index, reads: Database, last: int) -> Index:
    """Bring an opened index up to the queue's `last` entry; left as it is while another
    process holds the writer (that process is catching up: its commit is seen next time)."""
    if idx.state.seq >= last:
        return idx
    writer = _writer(idx.index)
    if writer is None:
        return idx
    releaser = _PageReleaser.start(idx.folder)  # up to half the library: merges
    long = last - idx.state.seq >= ANNOUNCE_CATCH_UP  # e.g. another program's big import
    try:
        with (saying(reads, "updating the search index from the library…") if long
              else contextlib.nullcontext()):
            _apply(idx.index, writer, reads, idx.state.seq, last)
            writer.commit()
            writer.wait_merging_threads()
    finally:
        if releaser is not None:
            releaser.close()
    state = _State(idx.state.library, last)
    if idx.folder is not None:
        _write_state(idx.folder, state)
    idx.index.reload()
    return Index(idx.index, idx.folder, state)


def open_index(reads: Database, *, build: bool = True) -> Index | None:
    """The library's index, in step with its last committed write: opened and caught
    up, or (re)built when missing, damaged, of another format or library, or too far
    behind (the queue no longer holds what it misses). `build` False: None rather than
    building one (a write need not build the index no search has asked for).

    Judging an index unusable, discarding and building it happen under a lock beside it
    (`library.index.lock`): another process building it leaves a folder without its
    state until the end, which is not damage, and must not be removed under it. The
    common case, a sound index, takes no lock."""
    folder = folder_for(reads.path)
    ident, last, first = _library_state(reads)
    if reads.birth is not None:
        # No library file yet (`Database.unborn`): nothing to index, and no folder to
        # leave behind; an empty index in memory answers at once.
        return _build(reads, None, ident, last) if build else None
    if _unwritable(folder):
        # tantivy opens no index it cannot lock, and a read-only folder (a read-only
        # mount) takes no lock file: the index there was said to be "unreadable (failed
        # to acquire Lockfile: Io); rebuilding it", on every command, and was not. It is
        # sound: an index in memory serves this command, as where none can be created.
        return _build(reads, None, ident, last) if build else None
    state = _read_state(folder) if folder.is_dir() else None
    if (state is not None and state.library == ident and first <= state.seq + 1
            and state.seq <= last and last - state.seq <= _rebuild_after(reads)
            and (folder / "meta.json").exists() and _not_a_file(folder) is None):
        try:
            return _caught_up(reads, folder, state, last, first)
        except BaseException as exc:
            if not _broken(exc):
                raise
    fd = _lock_file(folder)
    try:
        if fd is not None:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not build:
                    return None  # a write's catch-up never waits: the next search catches up
                with saying(reads, "waiting for another papers process to build the search "
                                   "index…"):
                    fcntl.flock(fd, fcntl.LOCK_EX)
        return _open_or_build(reads, folder, build)
    finally:
        if fd is not None:
            os.close(fd)  # (and the lock with it)


def _not_a_file(folder: Path) -> str | None:
    """The name of the first entry of the index's folder that is no regular file (a named
    pipe, a socket, a device, a folder, a link), or None. tantivy opens its files itself:
    a named pipe planted among them held it, inside its own code, until something wrote
    to the pipe (not even SIGTERM ended the command). tantivy makes only files there, and
    never a link. A listing, no stat: microseconds for the folder's few dozen files."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    return entry.name
    except OSError:
        pass  # not listable: tantivy says what it says, and it is rebuilt
    return None


def _unwritable(folder: Path) -> bool:
    """Whether the index's folder is there but cannot be written (a read-only mount stops
    even root, whom permission bits do not)."""
    return folder.is_dir() and not os.access(folder, os.W_OK)


def _lock_file(folder: Path) -> int | None:
    """`library.index.lock` beside the index, opened for `open_index`'s lock without
    following a link planted there; None where there is none to take (a folder we may
    not write, where nothing is discarded or built anyway; a system without flock)."""
    try:
        import fcntl  # noqa: F401 - only to know flock is there
    except ImportError:
        return None
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(folder.with_name(folder.name + ".lock"), flags, 0o600)
    except OSError:
        return None


def _caught_up(reads: Database, folder: Path, state: _State, last: int, first: int) -> Index:
    """The index on disk opened and caught up to the queue's `last` entry; raises what
    tantivy raises on damaged files (`_broken`)."""
    with panics_unprinted():
        idx = Index(_open(folder, create=False), folder, state)
        idx.searcher().num_docs  # noqa: B018 - reads the segment list: fails if damaged
    caught = _catch_up(idx, reads, last)  # (its status line on the real stderr)
    if caught is not idx or (first and first <= caught.state.seq):
        _prune(reads)  # entries the index holds: no longer needed
    return caught


def _open_or_build(reads: Database, folder: Path, build: bool) -> Index | None:
    """`open_index`'s judgement, under its lock: read afresh, since the process that held
    the lock may have built the index meanwhile."""
    ident, last, first = _library_state(reads)
    odd = _not_a_file(folder) if folder.is_dir() else None
    data = _state_file(folder) if folder.is_dir() and odd is None else None
    state = _read_state(folder, data) if data is not None else None
    if odd is not None:
        from papercli.outfile import printable_path

        _unreadable(reads, folder, f"{printable_path(odd)} is not a file")
    elif folder.exists() and state is None and (folder / "meta.json").exists():
        other = (data is not None and type(data.get("format")) is int
                 and data["format"] != FORMAT)  # an upgrade, not damage
        if not other and not os.path.lexists(folder / STATE):
            # The state is written last: a build killed on the way (Ctrl-C, the terminal
            # closed) leaves tantivy's files without it. Not damage, and not said as such.
            _discard(reads, folder, said=CUT_SHORT)
        elif other:  # (an upgrade: the line a user meets once)
            _discard(reads, folder, "was made by another papercli")
        else:
            _discard(reads, folder, "is unreadable")
    elif state is not None and not (folder / "meta.json").exists():
        # tantivy would open the folder as a new, empty index that the state says holds
        # every paper: no search would find anything, ever
        _unreadable(reads, folder, "meta.json is missing")
        state = None
    elif state is not None and state.library == ident and state.seq > last:
        # The library is older than its index: a copy put back from a backup. The index
        # holds papers the copy lacks and would take the write numbers the copy gives out
        # again for ones it has seen.
        _discard(reads, folder, "is newer than the library (an older copy put back?)",
                 "is newer than the library")
        state = None
    elif state is not None and (state.library != ident or (first and state.seq < first - 1)
                                or last - state.seq > _rebuild_after(reads)):
        # another library's, too old, or behind by more than a rebuild costs: rebuilt
        _discard(reads, folder)
        state = None
    if state is not None:
        try:
            return _caught_up(reads, folder, state, last, first)
        except BaseException as exc:
            if not _broken(exc):
                raise
            _unreadable(reads, folder, _short(exc))
    if not build:
        return None
    elif folder.exists() and not (folder / "meta.json").exists():
        _discard(reads, folder)  # leftovers (garbage, a build cut short)
    with saying(reads, "building the search index from the library…") as done:
        try:
            built = _build(reads, folder, ident, last, done)
            _prune(reads)
            return built
        except (ValueError, OSError):
            # A folder we may not write (or another process building it): an index in
            # memory serves this command.
            return _build(reads, None, ident, last)


def _highest_row(reads: Database) -> int:
    """The library's highest rowid (`LibraryReads.max_rowid`, for the `Database` this
    module is handed): about its size, read for nothing."""
    return int(reads.conn.execute("SELECT coalesce(max(rowid), 0) FROM papers").fetchone()[0])


def _rebuild_after(reads: Database) -> int:
    """Queued writes beyond which building anew beats replacing papers one by one (half
    the library: a bulk import)."""
    return max(20_000, _highest_row(reads) // 2)


# tantivy's errors about a query it was handed, not about its files: they say nothing
# of the index (a query built wrong), and rebuilding it (minutes at a million papers)
# would only meet them again.
_QUERY_ERRORS = ("An invalid argument was passed", "Field type mismatch")
_UNDEFINED_FIELD = re.compile(r"^Field `[^`]*` is not defined in the schema")


def _broken(exc: BaseException) -> bool:
    """Whether `exc`, raised by tantivy, means its files are damaged: its errors come as
    ValueError (OSError from the folder), and a meta.json whose counts contradict the
    segments trips one of its assertions, which pyo3 raises as PanicException: a
    BaseException, so no `except Exception` sees it. Not damage: text that cannot be
    encoded (a UnicodeError, though a ValueError), and tantivy's errors about the query
    itself (_QUERY_ERRORS)."""
    if isinstance(exc, UnicodeError):
        return False
    if isinstance(exc, ValueError):
        text = str(exc)
        return not (text.startswith(_QUERY_ERRORS) or _UNDEFINED_FIELD.match(text))
    return isinstance(exc, OSError) or is_panic(exc)


_NAMED_FILE = re.compile(r'(?:filepath: |in file `?|FileDoesNotExist\()"([^"]+)"')
_INNER = re.compile(r'error: "([^"]+)"|\(in file [^)]*\): ([^.]+)')


def _short(exc: BaseException) -> str:
    """What is wrong with the index, in a few words: tantivy's messages are debug dumps of
    its error records ('IoError { io_error: Custom { kind: InvalidData, error: "Footer
    magic byte mismatch. File corrupted or …" }, filepath: "…idx" }'), which say more
    than a user needs in a shape no one reads: the file it is about and the first
    sentence of the reason are kept."""
    from papercli.sanitize import clean_line

    text = str(exc)
    if is_panic(exc):
        return f"its files contradict each other: {clean_line(text, 40)}"
    named = _NAMED_FILE.search(text)
    where = clean_line(Path(named.group(1)).name, 60) if named else ""
    if "FileDoesNotExist" in text and where:
        return f"{where} is missing"
    inner = _INNER.search(text)
    if inner:
        why = (inner.group(1) or inner.group(2)).split(". ")[0]
    else:  # the message up to the first record dump, without its quotes
        why = re.split(r" ?[{(]|Error\(", text.replace("'", "").replace('"', ""))[0]
    why = clean_line(why.strip().rstrip(".:"), 80)
    if why[:1].isupper() and not why[1:2].isupper():
        why = why[0].lower() + why[1:]
    return ": ".join(part for part in (where, why) if part) or type(exc).__name__


# A panic of Rust code as its default hook writes it to file descriptor 2: "thread '...'
# panicked at FILE:LINE:COL:" (after an empty line when RUST_BACKTRACE is set), the
# message, then a backtrace or a note on how to get one.
_PANIC_START = re.compile(rb"^\n?thread '[^'\n]*'(?: \(\d+\))? panicked at ", re.M)
_PANIC_NOTE = re.compile(rb"^note: [^\n]*(?:\n|$)", re.M)
_CAUGHT_MOST = 1 << 16  # bytes of such output kept to pass on (a backtrace is long)


@contextlib.contextmanager
def panics_unprinted() -> Iterator[None]:
    """tantivy's Rust code, when it panics (a damaged index whose counts contradict its
    files), has its panic printed straight to file descriptor 2 before pyo3 raises it:
    three lines and a path of the machine it was built on, ahead of the one line that
    says what happened (`_short`). For the block, descriptor 2 is an anonymous file in
    memory; afterwards what was written there is passed on to the real stderr less
    those lines (all of it with PAPERS_DEBUG set). Only while this is the process's one
    Python thread: another (the browser's writer, a status line's timer) may write to
    stderr meanwhile, and its output must not wait or interleave. Where that cannot be
    done (no memfd_create, a closed stderr), stderr is left as it is."""
    import sys
    import threading

    caught = saved = -1
    if threading.active_count() == 1 and hasattr(os, "memfd_create"):
        try:
            sys.stderr.flush()
            caught = os.memfd_create("papercli-stderr")
            saved = os.dup(2)
            os.dup2(caught, 2)
        except (OSError, ValueError):
            for fd in (caught, saved):
                if fd >= 0:
                    os.close(fd)
            caught = saved = -1
    if caught < 0:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        with contextlib.suppress(OSError):
            text = os.pread(caught, _CAUGHT_MOST, 0)
            if text and not debugging():
                text = _without_panics(text)
            if text:
                os.write(2, text)
        os.close(caught)


def _without_panics(text: bytes) -> bytes:
    """`text` less each Rust panic in it: from its "thread ... panicked at" line to the
    note that ends it (or the end)."""
    out, at = [], 0
    while (start := _PANIC_START.search(text, at)) is not None:
        out.append(text[at:start.start()])
        note = _PANIC_NOTE.search(text, start.end())
        at = len(text) if note is None else note.end()
    out.append(text[at:])
    return b"".join(out)


def mended(reads: Database, run: Callable[[Index], _T]) -> _T:
    """`run` on the library's index; when the index on disk turns out damaged while it
    runs (a segment gone bad since it was opened, counts that contradict its files),
    once more on an index rebuilt from the library, said in one line."""
    idx = open_index(reads)
    assert idx is not None
    try:
        with panics_unprinted():
            return run(idx)
    except BaseException as exc:
        if idx.folder is None or not _broken(exc):
            raise
        _unreadable(reads, idx.folder, _short(exc))
    again = open_index(reads)
    assert again is not None
    return run(again)


def after_write(reads: Database) -> None:
    """Called after each committed write: catch the index up (if there is one; the first
    search builds it). Never fails the write: a search catches up later."""
    if getattr(reads, "_index_deferred", False):
        return
    folder = folder_for(reads.path)
    state = _read_state(folder)
    if state is None:
        return
    with contextlib.suppress(ValueError, OSError, sqlite3.Error):
        ident, last, _ = _library_state(reads)
        if state.library == ident and state.seq == last:
            return  # caught up (ahead of it: an older copy put back, which open_index sees)
        open_index(reads, build=False)
        _prune(reads)


def _prune(reads: Database) -> None:
    """Forget queue entries the index on disk holds (best effort, never waiting)."""
    state = _read_state(folder_for(reads.path))
    if state is None or getattr(reads, "read_only", None):
        return
    conn = reads.conn
    with contextlib.suppress(sqlite3.Error):
        # (the connection's own wait put back after: it was set to 30 s, whatever
        # connect() had given it)
        waits = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("DELETE FROM search_queue WHERE seq <= ?", (state.seq,))
        finally:
            conn.execute(f"PRAGMA busy_timeout = {waits}")


# what tantivy, the disk or the library can raise while the index is written
_FAILURES = (ValueError, OSError, RuntimeError, sqlite3.Error)


class _Feeder:
    """A bulk import's one index writer: each committed batch's new papers are added as
    they are written (tantivy indexes them in its own threads while the next batch is
    read), the updated ones read back and replaced; one commit at the end. Until then the
    index on disk is as before the import, and the search queue holds every write since:
    a killed import leaves the two consistent, and the next search catches up.

    Opened at the first batch (`ready`, before its transaction: the index is caught up
    to the queue first, or built when missing)."""

    def __init__(self, reads: Database) -> None:
        self.reads = reads
        self.idx: Index | None = None
        self.writer: tantivy.IndexWriter | None = None
        self.failed = False
        self.ranges: list[tuple[int, int]] = []  # queue entries (after, upto] fed
        self.releaser: _PageReleaser | None = None

    def ready(self) -> bool:
        """Whether batches can be fed (opened now if not yet); False for good when the
        index cannot be written (another process, a read-only folder): the queue and
        the catch-up at the end cover it then."""
        if self.writer is None and not self.failed:
            with contextlib.suppress(*_FAILURES):
                idx = open_index(self.reads, build=True)
                if idx is not None and idx.folder is not None:
                    self.writer = _writer(idx.index, BULK_THREADS)
                    self.idx = idx
                    if self.writer is not None:
                        self.releaser = _PageReleaser.start(idx.folder)
            self.failed = self.writer is None
        return self.writer is not None

    def feed(self, new: Sequence[Paper], updated: Sequence[str], after: int,
             upto: int) -> None:
        """One committed batch: `new` papers as stored, `updated` ids to read back, and
        the queue entries (after, upto] its transaction wrote."""
        writer = self.writer
        assert writer is not None
        try:
            add = writer.add_document
            rows = rowids(self.reads, [p.id for p in new])
            for paper in new:
                add(document(paper, rows.get(paper.id)))
            if updated:
                ids = list(dict.fromkeys(updated))
                for pid in ids:
                    writer.delete_documents_by_term("id", pid)
                for doc in _documents(self.reads, ids):
                    add(doc)
        except _FAILURES:  # never fails the import: the catch-up at the end covers it
            self.drop()
            self.failed = True
            return
        if self.ranges and self.ranges[-1][1] == after:
            self.ranges[-1] = (self.ranges[-1][0], upto)
        elif upto > after:
            self.ranges.append((after, upto))

    def finish(self) -> None:
        """Apply what was written but not fed (other write paths), commit, record."""
        if self.writer is None or self.idx is None:
            return
        _, last, _ = _library_state(self.reads)
        done = self.idx.state.seq
        for after, upto in self.ranges:
            if after > done:
                _apply(self.idx.index, self.writer, self.reads, done, after)
            done = max(done, upto)
        if last > done:
            _apply(self.idx.index, self.writer, self.reads, done, last)
        writer, self.writer = self.writer, None
        writer.commit()
        writer.wait_merging_threads()
        self._release()
        if self.idx.folder is not None:
            _write_state(self.idx.folder, _State(self.idx.state.library, last))

    def drop(self) -> None:
        """Nothing fed is kept (the queue still holds it all); the writer's lock goes."""
        if self.writer is not None:
            with contextlib.suppress(*_FAILURES):
                self.writer.rollback()
        self.writer = None
        self.idx = None
        self._release()

    def _release(self) -> None:
        if self.releaser is not None:
            self.releaser.close()
            self.releaser = None


@contextlib.contextmanager
def deferred(reads: Database, *, build: bool = False) -> Iterator[None]:
    """Bulk writes (an import of millions): the index is not touched per batch; on the
    way out it catches up once, with one writer and one commit (built anew, streaming,
    when the writes were more than half the library). `build`: also build it when there
    is none yet (else the first search does), and feed it `Store.import_papers`'s
    batches as they are written (`_Feeder`)."""
    feeder = _Feeder(reads) if build and not getattr(reads, "read_only", None) else None
    setattr(reads, "_index_deferred", True)  # noqa: B010 - the store has no such slot
    setattr(reads, "_index_feeder", feeder)  # noqa: B010
    try:
        yield
    except BaseException:
        if feeder is not None:
            feeder.drop()
        raise
    finally:
        setattr(reads, "_index_deferred", False)  # noqa: B010
        setattr(reads, "_index_feeder", None)  # noqa: B010
    with contextlib.suppress(*_FAILURES):
        if feeder is not None and feeder.writer is not None:
            try:
                feeder.finish()
            finally:
                feeder.drop()
            _prune(reads)
        elif build or _read_state(folder_for(reads.path)) is not None:
            open_index(reads, build=build)
            _prune(reads)


def new_library_id() -> str:
    return uuid.uuid4().hex
