"""The items of an imported file that name a paper an earlier item of the same file named.

`papers import` writes a file in batches and says of each item whether it was new,
updated, unchanged, repeated in the file or skipped. A repeat is a repeat wherever the
earlier item was: counted batch by batch, a paper named again 5,000 items later was
"unchanged" (or "updated"), as though the library had had it before the file. The Hub
JSON reader (`library`), arXiv's snapshot (`arxiv_import`) and the reference files'
(`bibimport`, its `IdSet` alone) count through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papercli.models import Paper

# Ids sharing all but their last three digits share one bitmap of 1,000 bits: arXiv's ids
# are dense, so every paper of the snapshot (2.5 million) takes ~10,000 of them, ~3 MB,
# where a set of the ids' text took 207 MB. A file of scattered made-up ids could make a
# bitmap per id: past MAX_HEADS, the ids of new heads are kept as text (~100 bytes each).
MAX_HEADS = 50_000


class IdSet:
    """Paper ids seen, in little memory (see MAX_HEADS)."""

    __slots__ = ("_heads", "_other")

    def __init__(self) -> None:
        self._heads: dict[str, bytearray] = {}
        self._other: set[str] = set()

    def add(self, paper_id: str) -> bool:
        """Whether `paper_id` is new here (it is kept from now on)."""
        tail = paper_id[-3:]
        head = paper_id[:-3]
        if len(tail) == 3 and tail.isdigit() and tail.isascii():
            bits = self._heads.get(head)
            if bits is None and len(self._heads) < MAX_HEADS:
                bits = self._heads[head] = bytearray(125)
            if bits is not None:
                n = int(tail)
                mask = 1 << (n & 7)
                if bits[n >> 3] & mask:
                    return False
                bits[n >> 3] |= mask
                return True
        if paper_id in self._other:
            return False
        self._other.add(paper_id)
        return True

    def __contains__(self, paper_id: object) -> bool:
        """Whether `paper_id` was added (nothing is kept)."""
        if not isinstance(paper_id, str):
            return False
        tail, head = paper_id[-3:], paper_id[:-3]
        if len(tail) == 3 and tail.isdigit() and tail.isascii():
            bits = self._heads.get(head)
            if bits is not None:
                n = int(tail)
                return bool(bits[n >> 3] & (1 << (n & 7)))
        return paper_id in self._other


class Repeats:
    """One file's papers as its batches are filled: `note` each item's paper as it is
    added to the batch, then `split` the batch before writing it."""

    __slots__ = ("_batch", "_seen")

    def __init__(self) -> None:
        self._seen = IdSet()
        self._batch: set[str] = set()  # the papers first named in the batch being filled

    def note(self, paper_id: str) -> None:
        if self._seen.add(paper_id):
            self._batch.add(paper_id)

    def named_before(self, paper_id: str) -> None:
        """A paper named before this run's first batch (by lines an interrupted import
        stored): named again, it is a repeat, as it would have been in one run."""
        self._seen.add(paper_id)

    def split(self, batch: Sequence[Paper]) -> tuple[list[Paper], list[Paper], int]:
        """(the batch's papers first named in it, those an earlier batch named, the items
        that repeat a paper): the first are counted by what writing them did (new,
        updated, unchanged), the others only written (the file's last copy of a paper is
        the one kept) and counted as repeated."""
        first = [p for p in batch if p.id in self._batch]
        again = [p for p in batch if p.id not in self._batch]
        repeated = len(batch) - len(self._batch)
        self._batch = set()
        return first, again, repeated
