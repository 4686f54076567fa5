"""Files papercli keeps for itself (the ranking caches, the search index and its state,
`watch list`'s counts, arXiv's pacing stamp) are never waited on: a named pipe planted at
one of their names (a hostile user, or a tool that made one there) is no file of the
cache, which is rebuilt, and the command answers as it would without it. Opening a pipe
for reading waits for a writer: `for-you`, `show`, `related` and `search` hung until
killed, and a pipe in the search index's folder held tantivy inside its own code, where
not even SIGTERM ended it."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Home
from hubserver import seed_items
from papercli.sources.pacing import Pacer

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")

RANKING = ["vocabulary.json", "vocabulary.index", "taste.json", "topics.json", "counts.bin"]
INDEX = ["state.json", "meta.json", ".managed.json"]


@contextlib.contextmanager
def let_go(pipe: Path, after: float = 15.0) -> Iterator[list[Path]]:
    """While it lasts, a reader still waiting on the named pipe `pipe` after `after`
    seconds is let go (the pipe opened for writing and closed at once: it reads the end of
    the file) and the pipe recorded in the list yielded: a test that would hang fails."""
    waited: list[Path] = []
    done = threading.Event()

    def watch() -> None:
        if done.wait(after):
            return
        while not done.wait(0.05):
            try:  # succeeds only while a reader has the pipe open
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno not in (errno.ENXIO, errno.ENOENT):
                    return  # no longer a pipe: replaced by the rebuilt cache
                continue
            os.close(fd)
            waited.append(pipe)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield waited
    finally:
        done.set()
        thread.join()


def plant_pipe(at: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.unlink(missing_ok=True)
    os.mkfifo(at)


def ranked(library) -> list[str]:  # type: ignore[no-untyped-def]
    """Five seed papers starred (enough for a taste of its own) and every ranking cache
    written; their ids."""
    ids = [i["paper"]["id"] for i in seed_items()[:5]]
    assert library("star", *ids).exit_code == 0
    for argv in (
        ("for-you", "--json"),
        ("related", ids[0], "--json"),
        ("show", ids[0], "--offline"),
    ):
        done = library(*argv)
        assert done.exit_code == 0, done.stderr
    return ids


@pytest.mark.parametrize("name", RANKING)
def test_a_pipe_at_a_ranking_cache_is_not_waited_on(library, home: Home, name: str) -> None:
    ids = ranked(library)
    caches = home.cache / "papercli" / "ranking"
    # (topics.json too, read before fitting: too few papers here to have topics)
    assert {p.name for p in caches.iterdir()} == set(RANKING) - {"topics.json"}
    commands = [
        ("for-you", "--json", "-n", "0"),
        ("related", ids[0], "--json"),
        ("show", ids[0], "--offline", "--json"),
        ("search", "--offline", "--sort", "relevance", "--json"),
    ]
    before = [library(*argv) for argv in commands]
    plant_pipe(caches / name)
    with let_go(caches / name) as waited:
        after = [library(*argv) for argv in commands]
    assert waited == []
    for argv, was, now in zip(commands, before, after, strict=True):
        assert now.exit_code == 0, (argv, now.stderr)
        assert now.stderr == was.stderr, argv  # a cache rebuilt silently
        assert now.stdout == was.stdout, argv


@pytest.mark.parametrize("name", INDEX)
def test_a_pipe_in_the_search_index_is_not_waited_on(library, home: Home, name: str) -> None:
    first = library("search", "llama", "--offline", "--json")
    assert first.exit_code == 0 and first.ids, first.stderr
    folder = home.cache / "papercli" / "library.index"
    assert (folder / name).is_file()
    plant_pipe(folder / name)
    with let_go(folder / name) as waited:
        again = library("search", "llama", "--offline", "--json")
    assert waited == []
    assert again.exit_code == 0, again.stderr
    assert again.ids == first.ids
    # (in 80 columns: the folder whole made 130 to 170 under a test's home)
    assert again.stderr == f"papers: warning: rebuilding the search index ({name} is not a file)\n"
    assert (folder / name).is_file()
    done = library("search", "llama", "--offline", "--json")  # rebuilt: nothing said
    assert (done.exit_code, done.ids, done.stderr) == (0, first.ids, "")


def test_a_pipe_for_the_search_index_folder_is_not_waited_on(library, home: Home) -> None:
    """library.index itself a named pipe: removing it (shutil.rmtree opens what it removes,
    and Python 3.11's opens a pipe without O_NONBLOCK) waited for a writer."""
    first = library("search", "llama", "--offline", "--json")
    assert first.exit_code == 0 and first.ids, first.stderr
    folder = home.cache / "papercli" / "library.index"
    shutil.rmtree(folder)
    plant_pipe(folder)
    with let_go(folder) as waited:
        again = library("search", "llama", "--offline", "--json")
    assert waited == []
    assert (again.exit_code, again.ids) == (0, first.ids), again.stderr
    assert folder.is_dir() and (folder / "meta.json").is_file()


def test_a_pipe_at_watch_lists_counts_is_not_waited_on(library, home: Home) -> None:
    assert library("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    first = library("watch", "list")
    assert first.exit_code == 0, first.stderr
    kept = home.cache / "papercli" / "watch-counts.json"
    assert kept.is_file()
    plant_pipe(kept)
    with let_go(kept) as waited:
        again = library("watch", "list")
    assert waited == []
    assert again == first
    assert kept.is_file()


def test_a_pipe_at_the_pacing_stamp_is_not_waited_on(tmp_path: Path) -> None:
    pacer = Pacer(tmp_path / "cache", 0.01)
    plant_pipe(pacer.stamp_path)
    with let_go(pacer.stamp_path) as waited:
        assert pacer.last_request() is None
        with pacer.slot():
            pass
    assert waited == []
    assert pacer.stamp_path.is_file() and pacer.last_request() is not None


@pytest.mark.parametrize("name", ["vocabulary.json", "taste.json"])
def test_a_folder_at_a_ranking_cache_is_said_once(library, home: Home, name: str) -> None:
    """A folder where a ranking cache belongs cannot be replaced: every `for-you` fitted
    the vocabulary again (~22 s over a big library) without a word of why. Not an error:
    the same papers, and one line after them saying what and what to do, in 80 columns."""
    ids = ranked(library)
    commands = [("for-you", "--json", "-n", "0"), ("related", ids[0], "--json")]
    before = [library(*argv) for argv in commands]
    at = home.cache / "papercli" / "ranking" / name
    at.unlink()
    at.mkdir()
    for argv, was in zip(commands, before, strict=True):
        now = library(*argv)
        assert (now.exit_code, now.stdout) == (0, was.stdout), (argv, now.stderr)
        said = [line for line in now.stderr.splitlines() if line not in was.stderr]
        if name == "taste.json" and argv[0] == "related":
            assert said == []  # (related keeps no taste)
            continue
        assert len(said) == 1, (argv, now.stderr)
        assert said[0].startswith("papers: ") and said[0].endswith(
            f"ranking/{name} is a folder: not cached — move it aside"), said
        assert len(said[0]) <= 80
    assert at.is_dir() and not any(at.iterdir())  # (left as it was: not papercli's)
