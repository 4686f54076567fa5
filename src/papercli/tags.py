"""Tags: short labels a person puts on papers (`papers tag`, `--tag`).

A tag is data typed by a person or read from an imported file, so it is checked where it
enters: letters, digits and `-`, `_`, `/`, `.` only, case-folded, at most MAX_LENGTH
characters. That keeps a tag safe everywhere it goes later (a table cell, a feed category,
a file's front matter, a shell completion) without escaping it at each place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from papercli.errors import UsageError

MAX_LENGTH = 64

# \w without the underscore is letters and digits (any script); then the four marks.
_TAG = re.compile(r"(?:[^\W_]|[-_/.])+")


def normalize_tag(text: str) -> str:
    """The canonical form of a tag (NFC, case-folded, trimmed), or UsageError saying what
    is wrong with it."""
    tag = unicodedata.normalize("NFC", text.strip()).casefold()
    if not tag:
        raise UsageError("a tag cannot be empty",
                         hint="a tag is letters, digits, '-', '_', '/' or '.'")
    if len(tag) > MAX_LENGTH:
        raise UsageError(f"the tag {shown(tag[:MAX_LENGTH])}… is longer than {MAX_LENGTH} "
                         "characters", hint="use a shorter label")
    if not _TAG.fullmatch(tag) or tag.strip("./") == "":
        raise UsageError(
            f"{shown(text)} is not a tag",
            hint="a tag is letters, digits, '-', '_', '/' or '.' (no spaces)")
    return tag


def is_tag(value: object) -> bool:
    """Whether a stored value is a tag in canonical form (the read boundary for user.db)."""
    if type(value) is not str:
        return False
    try:
        return normalize_tag(value) == value
    except UsageError:
        return False


def normalize_tags(texts: Iterable[str]) -> list[str]:
    """Each tag normalised, duplicates dropped, first-given order kept."""
    return list(dict.fromkeys(normalize_tag(t) for t in texts))


def shown(text: str) -> str:
    """A bad tag quoted for an error message: control and format characters made visible
    (repr-style), so an escape sequence in a tag never reaches the terminal."""
    return repr(text[:80])
