"""`papers export --split DIR`: one Markdown note per paper, for a notes vault.

A note's file name is built here from the arXiv id and a slug of the title (ASCII
letters, digits and `-` only, transliterated), so no title can name a path: no `/`, no
`..`, no absolute path, nothing hidden; a paper whose one note in DIR has an older
title's name keeps that name. Below the abstract each note has a marker line,
then your note (`papers note`): with `force` a file that exists keeps what is below its
marker when you changed it by hand (the marker holds a hash of what papercli wrote
there), and a file with no marker is kept whole, so a later `--split --force` never
loses your words (nor the tags you typed into its front matter's `tags:`). A name
already in DIR is refused unless `force` (like `-o`), and a symbolic link is never
written through, even with `force`: a link planted in the vault must not send a note
elsewhere. Every name is checked before the first note is written,
so a refusal found then writes nothing; and since each note takes its name atomically in
the folder opened at the start, a link or file that appears later is still never
followed (a clash, or with `force` replaced).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from papercli.errors import OutputError, naming
from papercli.exporters import Context
from papercli.models import Paper
from papercli.outfile import printable_path
from papercli.sanitize import clean_line

if TYPE_CHECKING:
    from papercli.outfile import Folder

MAX_SLUG = 60


def slug(title: str) -> str:
    from anyascii import anyascii

    words = re.findall(r"[a-z0-9]+", str(anyascii(clean_line(title, 1000))).lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > MAX_SLUG:
            break
        out = f"{out}-{word}" if out else word
    return out or (words[0][:MAX_SLUG] if words else "")


def _ident(paper: Paper) -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "_", clean_line(paper.id, 64)).strip(".") or "paper"


def file_name(paper: Paper) -> str:
    """`2401.01055-llama-beyond-english.md`; old-style ids keep their archive
    (`hep-th_9901001-...`)."""
    ident, title = _ident(paper), slug(paper.title)
    return f"{ident}-{title}.md" if title else f"{ident}.md"


# A note papercli named: the id as `_ident` writes it (new-style or old-style), then the
# title's slug.
_NOTE_NAME = re.compile(r"(\d{4}\.\d{4,5}|[A-Za-z][A-Za-z.-]*_\d{7})(?:-[a-z0-9-]+)?\.md")
# An old-style id named with its subject class (`math.GT_0309136`, as papercli stored a
# BibTeX import's math.GT/0309136 until it read it as arXiv's math/0309136): that paper's.
_SUBJECT_CLASS = re.compile(r"^([a-z][a-z-]*)\.[A-Z]{2}_(?=\d{7}$)")


def _notes_in(vault: Folder) -> dict[str, list[str]]:
    """The notes papercli named in the vault, by the id they are for."""
    import os

    found: dict[str, list[str]] = {}
    try:  # the vault's fd may only search the folder (O_PATH): listing needs one that reads
        fd = os.open(".", os.O_RDONLY | os.O_DIRECTORY, dir_fd=vault.fd)
    except OSError:
        return found
    try:
        names = os.listdir(fd)
    except OSError:
        return found
    finally:
        os.close(fd)
    for name in sorted(names):
        match = _NOTE_NAME.fullmatch(name)
        if match:
            found.setdefault(_SUBJECT_CLASS.sub(r"\1_", match.group(1)), []).append(name)
    return found


def _name_in(vault: Folder, paper: Paper, notes: dict[str, list[str]]) -> str:
    """The paper's note name: `file_name`, or the name its note already has in the vault
    when the title (so the slug) changed since it was written (an arXiv v2's new title):
    a second note beside the first would leave your words in the old one."""
    name = file_name(paper)
    mine = notes.get(_ident(paper), [])
    if name in mine or len(mine) != 1:
        return name
    try:
        st = vault.lstat(mine[0])
    except OSError:
        return name
    return mine[0] if st is not None and stat.S_ISREG(st.st_mode) else name


def _check(vault: Folder, name: str, force: bool, paper_id: str) -> bool:
    """Before the first note: whether a file by the name is already in DIR (a clash,
    refused by the caller unless `force`); a link or anything but a file is refused
    always, said by the note's name, else by its paper's id (`paper_id`) where the whole
    path made 150 to 190 columns with a usual vault. (The writes do not rely on this
    look: each name is taken atomically relative to the open folder, so a link planted
    after it is never followed.)"""
    target = printable_path(vault.path / name)
    if not name or Path(name).name != name or name.startswith(".") or "/" in name:
        raise OutputError(f"refusing the note name {name!r}")  # cannot happen: file_name
    try:
        st = vault.lstat(name)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}",
                          paths=(target,)) from None
    if st is None:
        return False
    note = f"the note for {clean_line(paper_id, 64)}"
    if stat.S_ISLNK(st.st_mode):
        error = OutputError(f"{target} is a symbolic link",
                            hint="remove it: notes are never written through links",
                            paths=(target,))
        error.shorter = [(f"{printable_path(name)} is a symbolic link", error.hint),
                         (f"{note} is a symbolic link", error.hint),
                         (f"{note} is a symbolic link", "remove it")]
        raise error
    if not stat.S_ISREG(st.st_mode):
        error = OutputError(f"{target} exists and is not a file", hint="remove it first",
                            paths=(target,))
        error.shorter = [(f"{printable_path(name)} exists and is not a file", error.hint),
                         (f"{note} is not a file", error.hint)]
        raise error
    return not force


def _exist(vault: Folder, folder: str | Path, names: list[str], written: int) -> OutputError:
    """The error for notes already in DIR without `force`: the first by its whole path
    (PAPERS_DEBUG says that), and shorter ways that fit 80 columns. The whole path and
    a 70-character note name made a 190-column line, 5 lines on a terminal. `written`:
    how many notes the export writes."""
    # (the hint says --force keeps your words: "overwrite" scared users off)
    error = OutputError(f"{printable_path(vault.path / names[0])} already exists",
                        hint="use --force to update the notes (what you wrote below "
                        "each note's marker line is kept)", paths=(vault.path / names[0],))
    where = printable_path(str(folder).rstrip("/") + "/")
    one = len(names) == 1
    what = ("the note" if one and written == 1 else "a note" if one
            else f"{len(names)} notes")
    exist = "exists" if one else "exist"
    kept = "use --force (your words are kept)"
    error.shorter = [
        *([(f"{names[0]} already exists in {where}", error.hint)] if one else []),
        (f"{what} in {where} already {exist}", error.hint),
        (f"{what} in {where} already {exist}",
         f"--force updates {'it' if one else 'them'}, keeping your words"),
        (f"{what} in {where} {exist}", kept),
        (f"{what} {exist} there", kept)]
    return naming(error, where)


class Written(NamedTuple):
    """What `write_notes` did: the folder, the notes written, those left alone as they
    already said what would be written (but for `both`), the names of files kept without
    a marker, and the ids of the papers whose note file keeps the body you edited though
    your `papers note` changed since; the ids of the papers whose notes were kept without
    a marker (`kept_ids`: a line too short for the file's name names its paper)."""

    folder: Path
    written: int
    same: int
    kept: list[str]
    both: list[str]
    kept_ids: list[str]


def _both_changed(old: str, new: str) -> bool:
    """Whether the note file `old` has a body edited by hand (its marker's hash is not
    the body's) and the body papercli writes now (`new`'s: your `papers note`) is not
    the one it wrote there either: the file keeps your edit, and the note in papers is
    not in it ("already up to date" said nothing of that)."""
    from papercli.exporters.markdown import _MARK, body_hash, split_note_file

    before, now = split_note_file(old), split_note_file(new)
    if before is None or now is None:
        return False
    found = _MARK.match(before[0])
    if found is None or found.group(1) == body_hash(before[1]):
        return False
    return body_hash(now[1]) not in (found.group(1), body_hash(before[1]))


def write_notes(papers: Iterable[Paper], folder: str | Path, ctx: Context, *,
                force: bool = False) -> Written:
    """Write one note per paper into `folder` (created if missing). With `force` an
    unchanged note keeps its file and time (so a vault's sync or index does not see every
    note change on each run), and a file with no marker line is kept as it is: papercli
    cannot tell its part from yours there (the marker deleted by hand, or a file of your
    own under that name), so replacing it could lose what you wrote.

    The folder is opened once and every note is created relative to it (see `outfile`):
    a folder of the path swapped for a link while this runs changes nothing, a link
    planted at a note's name is never followed (without `force` it is a clash, exit 1;
    with `force` the link itself is replaced)."""
    from papercli.exporters.markdown import note, rewritten, split_note_file
    from papercli.outfile import expand_home, open_folder

    root = expand_home(folder)
    try:
        vault = open_folder(root, create=True, hint="give a folder for --split")
    except OSError as exc:
        raise OutputError(f"cannot create {printable_path(root)}: {exc.strerror or exc}",
                          hint="choose another folder", paths=(root,)) from None
    with vault:
        notes = _notes_in(vault)
        names: dict[str, str] = {}
        named: dict[str, str] = {}  # paper id → its note's name
        for paper in papers:
            name = named.setdefault(paper.id, _name_in(vault, paper, notes))
            other = names.setdefault(name, paper.id)
            if other != paper.id:
                raise OutputError(f"papers {other} and {paper.id} would both be written "
                                  f"to {printable_path(vault.path / name)}",
                                  hint="export them without --split",
                                  paths=(vault.path / name,))
        clashes = [name for name, pid in names.items() if _check(vault, name, force, pid)]
        if clashes:
            raise _exist(vault, folder, clashes, len(names))
        count = same = 0
        kept: list[str] = []
        kept_ids: list[str] = []
        both: list[str] = []
        for paper in papers:
            name = named[paper.id]
            text = note(paper, ctx)
            if force:
                old = _read_note(vault, name)
                if old is not None and split_note_file(old) is None:
                    kept.append(name)  # no marker: whose words are whose is unknown
                    kept_ids.append(paper.id)
                    continue
                if old is not None:
                    if _both_changed(old, text):
                        both.append(paper.id)  # (not "already up to date": said apart)
                    text = rewritten(old, text)  # what you wrote below the marker stays
                    if text == old:
                        same += not (both and both[-1] == paper.id)
                        continue
            vault.write(name, text, force=force, shown=vault.path / name)
            count += 1
        return Written(vault.path, count, same, kept, both, kept_ids)


MAX_READ = 4 * 2**20  # a note file bigger than this is not read back (and not merged)


def _read_note(vault: Folder, name: str) -> str | None:
    """The text of the note file `name` in the vault, or None when there is none (or it
    is a link, not a regular file, too big or unreadable: then it is replaced, never
    followed). Opened relative to the vault's folder, never through a link. Line ends
    read as `\n`, and a byte-order mark is dropped, and a byte that is not UTF-8 read as
    Windows-1252 (`_decoded`): an editor that saved the file with Windows (or old Mac)
    line ends, a BOM or in a Windows code page has not made it a file papercli never wrote,
    whose hand edits (or front-matter keys) `--force` would drop."""
    import os

    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(
            os, "O_NONBLOCK", 0), dir_fd=vault.fd)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_READ:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_READ + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    text = _decoded(data).removeprefix("\ufeff")  # a Windows editor's
    return text.replace("\r\n", "\n").replace("\r", "\n")


_NOT_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")  # (read as Latin-1 reads them)


def _decoded(data: bytes) -> str:
    """A note file's text: UTF-8, and a byte that is not (the file saved by an editor set
    to Windows-1252 or Latin-1: "café" as one byte `\xe9`) read as that code page, so
    what you wrote below the marker is written back as the same characters in UTF-8
    rather than each such letter turned into "\ufffd"."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    rest = data
    while rest:
        try:
            out.append(rest.decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            out.append(rest[:exc.start].decode("utf-8"))
            out.extend(chr(b) if b in _NOT_CP1252 else bytes([b]).decode("cp1252")
                       for b in rest[exc.start:exc.end])
            rest = rest[exc.end:]
    return "".join(out)
