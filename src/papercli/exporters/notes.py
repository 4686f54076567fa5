"""`papers export --split DIR`: one Markdown note per paper, for a notes vault.

A note's file name is built here from the arXiv id and a slug of the title (ASCII letters,
digits and `-` only, transliterated), so no title can name a path: no `/`, no `..`, no
absolute path, nothing hidden. A name that is already in DIR is refused unless `force`
(like `-o`), and a symbolic link is never written through, even with `force`: a link
planted in the vault must not send a note elsewhere. Every name is checked before the
first note is written, so a refusal writes nothing.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from papercli.errors import OutputError
from papercli.exporters import Context
from papercli.models import Paper
from papercli.sanitize import clean_line

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


def file_name(paper: Paper) -> str:
    """`2401.01055-llama-beyond-english.md`; old-style ids keep their archive
    (`hep-th_9901001-...`)."""
    ident = re.sub(r"[^A-Za-z0-9.-]", "_", clean_line(paper.id, 64)).strip(".") or "paper"
    title = slug(paper.title)
    return f"{ident}-{title}.md" if title else f"{ident}.md"


def _check(folder: Path, name: str, force: bool) -> Path:
    target = folder / name
    if Path(name).name != name or name.startswith(".") or os.sep in name:
        raise OutputError(f"refusing the note name {name!r}")  # cannot happen: file_name
    try:
        st = target.lstat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{target} is a symbolic link",
                          hint="remove it: notes are never written through links")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{target} exists and is not a file", hint="remove it first")
    if not force:
        raise OutputError(f"{target} already exists", hint="use --force to overwrite")
    return target


def write_notes(papers: Iterable[Paper], folder: str | Path, ctx: Context, *,
                force: bool = False) -> tuple[Path, int]:
    """Write one note per paper into `folder` (created if missing); (folder, count)."""
    from papercli.exporters.markdown import note
    from papercli.outfile import write_output

    root = Path(folder).expanduser()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {root}: {exc.strerror or exc}",
                          hint="choose another folder") from None
    if not root.is_dir():
        raise OutputError(f"{root} is not a folder", hint="give a folder for --split")
    real = Path(os.path.realpath(root))
    names: dict[str, None] = {}
    for paper in papers:
        names.setdefault(file_name(paper), None)
    targets = {name: _check(real, name, force) for name in names}
    count = 0
    for paper in papers:
        target = targets[file_name(paper)]
        if Path(os.path.realpath(target.parent)) != real:  # the folder itself was swapped
            raise OutputError(f"{target.parent} changed while writing", hint="run it again")
        write_output(target, note(paper, ctx), force=True)
        count += 1
    return real, count
