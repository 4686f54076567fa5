"""A bulk index writer hands the index's mapped pages back to the kernel as it goes
(textindex._PageReleaser): tantivy reads segments through mmap, and without this a
million-paper import kept the merged files resident (most of its peak memory)."""

from __future__ import annotations

import ctypes
import mmap
import os
import sys
from pathlib import Path

import pytest

from papercli.db import textindex
from papercli.models import Paper

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc/self/maps and smaps")


def resident_kib(ranges: list[tuple[int, int]]) -> int:
    """Resident KiB of the mappings starting at these addresses (/proc/self/smaps)."""
    starts = {start for start, _ in ranges}
    total, current = 0, False
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            head = line.split(maxsplit=1)[0]
            if "-" in head and not head.endswith(":"):
                current = int(head.split("-")[0], 16) in starts
            elif current and head == "Rss:":
                total += int(line.split()[1])
    return total


def searched_index(folder: Path):  # type: ignore[no-untyped-def]
    """An index of 3,000 papers in `folder`, every document read once (its segments
    mapped and resident), and a searcher over it."""
    index = textindex._open(folder, create=True)
    writer = index.writer(textindex.HEAP, 1)
    words = " ".join(f"word{i}" for i in range(300))
    for n in range(3000):
        writer.add_document(textindex.document(Paper(
            id=f"2403.{n:05d}", title=f"Paper {n}", summary=f"{words} number{n}")))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    hits = searcher.search(tantivy_all(), 3000).hits
    assert len(hits) == 3000 and all(searcher.doc(a)["id"] for _, a in hits)
    return searcher


def test_a_release_advises_out_every_mapping_of_the_index_folder_and_no_other(
        tmp_path: Path) -> None:
    folder = tmp_path / "library.index"
    searcher = searched_index(folder)
    other = tmp_path / "other.bin"  # a file mapped from beside the folder: left alone
    other.write_bytes(b"x" * 65536)
    with open(other, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as kept:
        releaser = textindex._PageReleaser(folder)
        mapped = releaser._mapped()
        assert mapped, "the segments read are mapped from the index folder"
        advised: list[tuple[int, int, int]] = []
        releaser.release(lambda start, length, advice: advised.append(
            (start, length, advice)) or 0)
        assert advised == [(start, length, 21) for start, length in mapped]
        assert kept[0] == ord("x") and mapped_file(other)  # mapped, and not advised:
        assert not set(mapped) & set(mapped_file(other))
    assert searcher.search(tantivy_all(), 10).count == 3000


def kernel_pages_out(tmp_path: Path, madvise) -> bool:  # type: ignore[no-untyped-def]
    """Whether this kernel drops a plain file mapping's resident pages on MADV_PAGEOUT:
    some accept the advice and keep the pages (a sandboxed kernel did, in CI)."""
    plain = tmp_path / "plain.bin"
    plain.write_bytes(os.urandom(1 << 20))
    with open(plain, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        sum(m[i] for i in range(0, len(m), 4096))  # every page read: resident
        ranges = mapped_file(plain)
        before = resident_kib(ranges)
        for at, length in ranges:
            madvise(at, length, textindex._PageReleaser.ADVICE)
        return before > 0 and resident_kib(ranges) < before


def mapped_file(path: Path) -> list[tuple[int, int]]:
    """(start, length) of each mapping of `path` in this process."""
    out = []
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            if len(parts) == 6 and parts[5].strip() == str(path):
                low, _, high = parts[0].partition("-")
                out.append((int(low, 16), int(high, 16) - int(low, 16)))
    return out


def test_the_index_pages_a_search_touched_are_released(tmp_path: Path) -> None:
    """Every kernel: each index mapping is advised and the index answers after. A kernel
    that drops a plain file's pages on MADV_PAGEOUT (Linux 5.4 on, outside some sandboxes)
    must drop the index's too; one that keeps them (or lacks the advice) is told apart by
    the same probe on a plain file, so the release itself is what is checked."""
    folder = tmp_path / "library.index"
    searcher = searched_index(folder)
    releaser = textindex._PageReleaser(folder)
    mapped = releaser._mapped()
    assert mapped, "the segments read are mapped from the index folder"
    before = resident_kib(mapped)
    assert before > 0
    libc = ctypes.CDLL(None, use_errno=True)
    libc.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    advised: list[int] = []

    def madvise(start: int, length: int, advice: int) -> int:
        advised.append(libc.madvise(start, length, advice))
        return advised[-1]

    pages_out = kernel_pages_out(tmp_path, madvise)
    advised.clear()
    releaser.release(madvise)
    assert len(advised) == len(mapped)
    if pages_out:
        assert advised == [0] * len(mapped)
        assert resident_kib(mapped) < before
    # and the pages are read again as they were: the index still answers
    assert searcher.search(tantivy_all(), 10).count == 3000


def tantivy_all():  # type: ignore[no-untyped-def]
    import tantivy

    return tantivy.Query.all_query()


def test_a_releaser_starts_and_stops_at_once(tmp_path: Path) -> None:
    releaser = textindex._PageReleaser.start(tmp_path)
    assert releaser is not None
    releaser.close()
    assert not releaser.thread.is_alive()
    assert textindex._PageReleaser.start(None) is None
