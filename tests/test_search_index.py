"""The search index beside the library (db/textindex.py): exact under filters, counts,
kept in step by every write, rebuilt when missing or damaged, hostile queries, and a
search while another process writes."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY, Home, isolate
from hubserver import HubServer, seed_items
from papercli.criteria import CRITERIA, Criterion
from papercli.db import textindex, textquery
from papercli.db.store import Store
from papercli.filters import Filter
from papercli.models import Paper
from papercli.terminal import cell_width
from test_filter_table import PROPERTY, filters, papers, stored_in_sqlite

FILLER = ("We study training dynamics of large networks on image and text benchmarks, "
          "report ablations over data mixtures and compare against strong baselines. ")


def item(n: int, title: str, summary: str, authors: tuple[str, ...] = ("Ann Example",),
         day: str = "2024-03-01") -> dict[str, Any]:
    stamp = f"{day}T08:00:00.000Z"
    return {"paper": {"id": f"2403.{n:05d}", "title": title, "summary": summary,
                      "authors": [{"name": a} for a in authors], "publishedAt": stamp,
                      "submittedOnDailyAt": stamp, "upvotes": n % 50},
            "publishedAt": stamp, "title": title, "numComments": 0}


def import_items(papers, tmp_path: Path, items: list[dict[str, Any]],  # type: ignore[no-untyped-def]
                 name: str = "items.json") -> None:
    src = tmp_path / name
    src.write_text(json.dumps(items), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr


HIGH = 2_100  # more than any old ranking window (2,000)
LOW = 5


@pytest.fixture
def crowded(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    """HIGH papers with "multimodal" in the title (they rank first), then LOW papers with
    it once, deep in the abstract, that name LLaVA and have the author Zed Quux: the only
    ones a filter keeps, ranked below every other match."""
    items = [item(n, f"Multimodal study number {n}", FILLER) for n in range(HIGH)]
    items += [item(HIGH + n, f"A paper on scaling {n}",
                   FILLER * 3 + "We extend LLaVA to multimodal inputs.",
                   authors=("Ann Example", "Zed Quux"))
              for n in range(LOW)]
    import_items(papers, tmp_path, items)
    return papers


LOW_IDS = {f"2403.{HIGH + n:05d}" for n in range(LOW)}


def test_a_filter_finds_matches_ranked_below_any_window(crowded) -> None:  # type: ignore[no-untyped-def]
    result = crowded("search", "multimodal", "--family", "LLaVA", "--offline", "--json",
                     "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert set(result.ids) == LOW_IDS
    limited = crowded("search", "multimodal", "--family", "LLaVA", "--offline", "--json")
    assert set(limited.ids) == LOW_IDS  # the default limit (50) is not a window either


def test_a_python_checked_filter_pages_until_it_finds_them(crowded) -> None:  # type: ignore[no-untyped-def]
    result = crowded("search", "multimodal", "--author", "quux", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert set(result.ids) == LOW_IDS


def test_the_count_is_exact(crowded) -> None:  # type: ignore[no-untyped-def]
    result = crowded("search", "multimodal", "--offline", "-n", "3", "--no-pager")
    assert result.exit_code == 0, result.stderr
    assert f"3 of {HIGH + LOW:,}" in result.stdout + result.stderr
    assert f"{HIGH + LOW:,} in the library" in result.stdout + result.stderr
    filtered = crowded("search", "multimodal", "-F", "LLaVA", "--offline", "-n", "2",
                       "--no-pager")
    assert f"2 of {LOW}" in filtered.stdout + filtered.stderr


def test_titles_rank_before_abstracts(crowded) -> None:  # type: ignore[no-untyped-def]
    ids = crowded("search", "multimodal", "--offline", "--json", "-n", "0").ids
    assert len(ids) == HIGH + LOW
    assert set(ids[-LOW:]) == LOW_IDS


# -- kept in step with the library ---------------------------------------------------------


def index_folder(home: Home) -> Path:
    return textindex.folder_for(home.library)


def found(papers, *words: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = papers("search", "--offline", "--json", "-n", "0", "--", *words)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.ids


def test_a_deleted_index_is_rebuilt(library, home: Home) -> None:  # type: ignore[no-untyped-def]
    before = found(library, "llava")
    assert before and index_folder(home).is_dir()
    shutil.rmtree(index_folder(home))
    assert found(library, "llava") == before
    assert index_folder(home).is_dir()


def spoil(path: Path, data: bytes = b"garbage" * 10) -> None:
    """`path` replaced by `data`, as a new file: written in place, a segment the index of
    an earlier in-process search still maps was cut short under it, and a read of the map
    killed the test worker with SIGBUS ("Fatal Python error: Bus error")."""
    spare = path.with_name(path.name + ".spoiled")
    spare.write_bytes(data)
    os.replace(spare, path)


def damage_index(folder: Path, damage: str) -> None:
    if damage == "meta":
        (folder / "meta.json").write_bytes(b"\x00garbage{")
    elif damage == "segments":
        for f in list(folder.iterdir()):
            if f.suffix in (".idx", ".term", ".pos", ".store"):
                spoil(f)
    elif damage == "missing":
        next(folder.glob("*.term")).unlink()
    elif damage == "no meta":  # tantivy would take the folder for a new, empty index
        (folder / "meta.json").unlink()
    elif damage == "counts":  # meta.json says a segment holds fewer papers than it does
        meta = json.loads((folder / "meta.json").read_text())
        for segment in meta["segments"]:
            segment["max_doc"] = 1
        (folder / "meta.json").write_text(json.dumps(meta))
    elif damage == "garbage":
        (folder / "junk.bin").write_bytes(b"\xff" * 100)
        (folder / "state.json").write_text("{not json")
    else:
        shutil.rmtree(folder)
        folder.write_text("not a folder")


DAMAGE = ["meta", "segments", "missing", "no meta", "counts", "garbage", "file"]


def said_of_index(stderr: str) -> list[str]:
    """The lines about the index; each one plain words, with the file it is about (not
    the index library's own record dump, cut off), in a warning's 80 columns."""
    lines = [ln for ln in stderr.splitlines() if "search index" in ln]
    for line in lines:
        assert line.startswith("papers: warning: ") and cell_width(line) <= 80, line
        assert line.endswith(("; rebuilding it from the library", "; rebuilding it")) or \
            line.startswith("papers: warning: rebuilding the search index ("), line
        assert not any(junk in line for junk in ("{", "IoError", "Error(", "'")), line
    return lines


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt_with_one_line(library, home: Home, damage: str) -> None:  # type: ignore[no-untyped-def]
    before = found(library, "llava")
    damage_index(index_folder(home), damage)
    result = library("search", "llava", "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert result.ids == before
    assert "Traceback" not in result.stderr
    assert len(said_of_index(result.stderr)) <= 1
    if damage == "no meta":
        assert "meta.json is missing" in said_of_index(result.stderr)[0]
    assert found(library, "llava") == before  # and it stays usable


@pytest.mark.parametrize("damage", ["every file", "segments"])
def test_a_damaged_index_under_a_usual_home_is_said_in_80_columns(  # type: ignore[no-untyped-def]
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """The index's folder in a home as XDG lays it out (~/.cache/papercli/library.index):
    the warning named it whole and ran well past 80 columns. It is one line in 80 (the
    folder with ~, else unnamed), the search answers all the same, and PAPERS_DEBUG
    still names the folder whole."""
    root = tmp_path / "home" / "someuser-with-a-longer-name"
    root.mkdir(parents=True)
    home = isolate(root, monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".cache"))
    folder = textindex.folder_for(root / ".cache" / "papercli" / "library.db")
    import_items(papers, tmp_path, [item(n, f"LLaVA study {n}", FILLER) for n in range(5)])
    before = found(papers, "llava")
    assert before and folder.is_dir() and home.root == root
    for debug in (False, True):
        for f in list(folder.iterdir()):
            if damage == "every file" or f.suffix in (".idx", ".term", ".pos", ".store"):
                spoil(f)
        if debug:
            monkeypatch.setenv("PAPERS_DEBUG", "1")
        result = papers("search", "llava", "--offline", "--json", "-n", "0")
        assert result.exit_code == 0, result.stderr
        assert result.ids == before
        lines = [ln for ln in result.stderr.splitlines() if "search index" in ln]
        assert len(lines) == 1, result.stderr
        if not debug:
            assert lines[0].startswith("papers: warning: ") and cell_width(lines[0]) <= 80, \
                lines
            assert result.stderr == lines[0] + "\n"
        else:
            assert f"the search index in {folder} is unreadable" in lines[0], lines
    assert found(papers, "llava") == before


def test_an_index_another_process_is_building_is_waited_for_not_discarded(
        library, home: Home) -> None:  # type: ignore[no-untyped-def]
    """Another `papers` building the index holds its lock, and its folder has no state
    until it is done: not damage. Opening the index waits for it (saying so on the status
    line) instead of removing the folder under it and saying it was unreadable. (In this
    process, with the lock held on a file of its own, as another process would.)"""
    import fcntl
    import os
    import threading

    before = found(library, "llava")
    folder = index_folder(home)
    state = (folder / "state.json").read_bytes()
    segments = sorted(f.name for f in folder.iterdir())
    (folder / "state.json").unlink()  # as a build has it until its last step
    said: list[str] = []
    waiting = threading.Event()

    def progress(message: str | None) -> None:
        if message and message.startswith("waiting for another papers process"):
            waiting.set()

    lock = os.open(folder.with_name(folder.name + ".lock"), os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    with Store.open(home.library) as store:
        store.progress = progress
        store.notify = said.append
        opened: list[Any] = []
        worker = threading.Thread(target=lambda: opened.append(textindex.open_index(store)))
        try:
            worker.start()
            while worker.is_alive() and not waiting.wait(0.05):
                pass  # until it waits on the lock (or, as before, did not wait at all)
            (folder / "state.json").write_bytes(state)  # the build is done
        finally:
            os.close(lock)  # (the lock with it)
            worker.join()
        assert said == []
        assert opened and opened[0].folder == folder
    assert sorted(f.name for f in folder.iterdir()) == segments  # the same index, kept
    assert found(library, "llava") == before


BUILD_THEN_WAIT = textwrap.dedent("""
    import sys
    from papercli.cli.main import main
    from papercli.db import textindex
    real, added = textindex.document, []

    def document(paper, row=None):  # halfway through the papers: say so, then wait
        added.append(paper.id)
        if len(added) == 10:
            print("halfway", flush=True)
            sys.stdin.readline()
        return real(paper, row)

    textindex.document = document
    sys.argv = ["papers", "search", "llava", "--offline", "-n", "1"]
    main()
""")


def test_a_build_cut_short_is_finished_not_called_unreadable(  # type: ignore[no-untyped-def]
        library, home: Home) -> None:
    """A `papers` killed while it built the index (Ctrl-C, the terminal closed at 47%) left
    tantivy's files without the state written last, and the next search warned "the
    search index … is unreadable; rebuilding it", as if it were damaged. It now says the
    last build was cut short, and finishes it; a damaged index is still called so."""
    import signal

    before = found(library, "llava")
    folder = index_folder(home)
    shutil.rmtree(folder)
    builder = subprocess.Popen([sys.executable, "-c", BUILD_THEN_WAIT], text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    try:
        assert builder.stdout is not None and builder.stdout.readline().strip() == "halfway"
    finally:
        builder.send_signal(signal.SIGKILL)  # as the terminal's closing does, no clean-up
        builder.wait(timeout=30)
    assert (folder / "meta.json").exists() and not (folder / "state.json").exists()
    result = library("search", "llava", "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert result.ids == before
    assert result.stderr == (
        "papers: warning: finishing the search index (the last build was cut short)\n")
    assert library("search", "llava", "--offline").stderr == ""  # finished: nothing said
    (folder / "state.json").write_text("{not json")
    damaged = library("search", "llava", "--offline", "--json", "-n", "0")
    assert "is unreadable; rebuilding it" in damaged.stderr and damaged.ids == before


@pytest.mark.parametrize("backtrace", [None, "1", "full"])
def test_a_panic_of_the_damaged_index_prints_nothing_of_rust(  # type: ignore[no-untyped-def]
        library, home: Home, monkeypatch: pytest.MonkeyPatch, backtrace: str | None) -> None:
    """Counts that contradict the index's files make tantivy panic, and Rust's hook writes
    the panic (its source path on the machine that built it, a backtrace with
    RUST_BACKTRACE) straight to the process's stderr. A real `papers` process says one
    line about the index and nothing else."""
    found(library, "llava")
    damage_index(index_folder(home), "counts")
    if backtrace is None:
        monkeypatch.delenv("RUST_BACKTRACE", raising=False)
    else:
        monkeypatch.setenv("RUST_BACKTRACE", backtrace)
    monkeypatch.delenv("PAPERS_DEBUG", raising=False)
    run = subprocess.run([sys.executable, "-m", "papercli", "search", "llava", "--offline",
                          "-n", "3"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == said_of_index(run.stderr), run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_only_the_panics_are_left_out_of_what_stderr_caught() -> None:
    """Whatever else the block wrote to stderr is passed on, in order."""
    panic = (b"thread '<unnamed>' (4242) panicked at /src/query/bm25.rs:53:5:\n2 >= 713\n"
             b"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n")
    traced = (b"\nthread 'main' panicked at src/lib.rs:1:1:\nboom\nstack backtrace:\n"
              b"   0: f\n             at x.rs:1\nnote: Some details are omitted, run with "
              b"`RUST_BACKTRACE=full` for a verbose backtrace.\n")
    assert textindex._without_panics(b"before\n" + panic + b"after\n") == b"before\nafter\n"
    assert textindex._without_panics(traced + b"kept") == b"kept"
    assert textindex._without_panics(b"a thread panicked at noon\n") == (
        b"a thread panicked at noon\n")  # not at a line's start: not Rust's
    assert textindex._without_panics(b"x\nthread 'w' panicked at f.rs:1:1:\nno note") == b"x\n"


def test_a_query_tantivy_refuses_is_not_taken_for_damage(  # type: ignore[no-untyped-def]
        library, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """tantivy refusing a query (here a regular expression it cannot parse, as a bug in
    building one would hand it) says nothing of its files: the command fails in one line
    and the index is left as it is, not rebuilt (minutes at a million papers, only to
    meet the same refusal)."""
    found(library, "llava")  # the index is built
    folder = index_folder(home)
    files = {f.name: f.stat().st_mtime_ns for f in folder.iterdir()}
    monkeypatch.setattr(textquery, "_literal", lambda text: "((")
    result = library("search", "-a", "smith", "--offline")
    assert result.exit_code == 1, result.stderr
    assert "An invalid argument was passed" in result.stderr
    assert "rebuilding" not in result.stderr and "Traceback" not in result.stderr
    assert {f.name: f.stat().st_mtime_ns for f in folder.iterdir()} == files


@pytest.mark.parametrize("damage", ["segments", "missing", "counts"])
@pytest.mark.parametrize("command", [("search", "llava", "-n", "3"), ("related", "2501.03895"),
                                     ("search", "llava", "-n", "0")])
def test_every_use_of_a_damaged_index_rebuilds_it(library, home: Home, damage: str,  # type: ignore[no-untyped-def]
                                                  command: tuple[str, ...]) -> None:
    """A page of hits, every hit (streamed) and related's candidates: each way of asking
    the index finds it damaged, rebuilds it once, says so in one line and answers as
    before. ("counts": tantivy panics on a count its files contradict.)"""
    argv = [*command, "--offline", "--json"] if command[0] == "search" else [*command, "--json"]
    before = library(*argv)
    assert before.exit_code == 0, before.stderr
    assert before.ids
    damage_index(index_folder(home), damage)
    after = library(*argv)
    assert after.exit_code == 0, after.stderr
    assert after.ids == before.ids
    assert len(said_of_index(after.stderr)) == 1


def copy_library(src: Path, dest: Path) -> None:
    """library.db with its write-ahead log, as a backup tool copies it."""
    for old in dest.parent.glob(dest.name + "*"):
        old.unlink()
    for part in src.parent.glob(src.name + "*"):
        shutil.copyfile(part, dest.parent / (dest.name + part.name[len(src.name):]))


@pytest.mark.parametrize("then", ["search", "write"])
def test_a_library_put_back_from_an_older_copy_is_searched_as_it_is(  # type: ignore[no-untyped-def]
        papers, home: Home, tmp_path: Path, seeded_hub: HubServer, then: str) -> None:
    """A backup of library.db put back: the index beside it is newer than the library (it
    holds papers the copy lacks, and has seen write numbers the copy gives out again), so
    it is rebuilt rather than trusted, whether a search or a write meets it first."""
    days = {"2026-11-16": [item(n, f"Alpha study {n}", FILLER) for n in range(20)],
            "2026-11-17": [item(100 + n, f"Beta study {n}", FILLER) for n in range(30)],
            "2026-11-18": [item(200 + n, f"Gamma study {n}", FILLER) for n in range(10)]}
    for day, items in days.items():
        seeded_hub.set_day(day, items)
    assert papers("day", "2026-11-16", "--json").exit_code == 0
    assert len(found(papers, "alpha")) == 20
    backup = tmp_path / "backup" / "library.db"
    backup.parent.mkdir()
    copy_library(home.library, backup)
    assert papers("day", "2026-11-17", "--json").exit_code == 0
    assert len(found(papers, "beta")) == 30
    copy_library(backup, home.library)
    if then == "search":
        result = papers("search", "--offline", "--json", "-n", "0", "study")
        assert result.exit_code == 0, result.stderr
        assert len(result.ids) == 20
        assert "search index" in result.stderr  # rebuilt, and said
    # new papers, fewer than the write numbers the copy gives out again
    assert papers("day", "2026-11-18", "--json").exit_code == 0
    result = papers("search", "--offline", "--json", "-n", "0", "study")
    assert result.exit_code == 0, result.stderr
    assert sorted(result.ids) == sorted(f"2403.{n:05d}" for n in [*range(20),
                                                                  *range(200, 210)])
    assert found(papers, "beta") == []


@pytest.mark.parametrize("queued", [b"\xff", b"2401.0105\xc3", 7, 2.5])
def test_a_queue_entry_that_names_no_paper_is_passed_over(  # type: ignore[no-untyped-def]
        library, home: Home, queued: object) -> None:
    """search_queue is read from an untrusted file too: an entry whose id is not UTF-8
    text (or no text at all) must not stop the catch-up, nor every search after it."""
    before = found(library, "llava")
    conn = sqlite3.connect(home.library, isolation_level=None)
    value = "CAST(? AS TEXT)" if isinstance(queued, bytes) else "?"
    conn.execute(f"INSERT INTO search_queue (paper_id) VALUES ({value})", (queued,))
    conn.execute("UPDATE papers SET title = 'Wombat ' || title WHERE id = '2501.03895'")
    conn.close()
    result = library("search", "--offline", "--json", "-n", "0", "llava")
    assert result.exit_code == 0, result.stderr
    assert sorted(result.ids) == sorted(before)
    assert found(library, "wombat") == ["2501.03895"]  # the entries after it still count


@pytest.mark.parametrize("column", ["title", "summary", "authors"])
def test_a_hit_whose_row_went_bad_on_disk_is_read_leniently(  # type: ignore[no-untyped-def]
        library, home: Home, column: str) -> None:
    """A flipped byte in a row the index finds (no write queued it, so no catch-up read
    it first): the page of hits is read as every read of the library is, leniently."""
    before = found(library, "llava")
    conn = sqlite3.connect(home.library, isolation_level=None)
    conn.execute(f"UPDATE papers SET {column} = CAST(? AS TEXT) WHERE id = ?",
                 (b"LLaVA \xff" if column != "authors" else b'["A \xff"]', before[0]))
    conn.execute("DELETE FROM search_queue")  # as a disk would: behind the library's back
    conn.close()
    result = library("search", "--offline", "--json", "-n", "0", "llava")
    assert result.exit_code == 0, result.stderr
    assert before[0] in result.ids and sorted(result.ids) == sorted(before)


def test_a_write_by_another_program_is_caught_up(library, home: Home) -> None:  # type: ignore[no-untyped-def]
    assert found(library, "zanzibarian") == []
    conn = sqlite3.connect(home.library, isolation_level=None)
    conn.execute("UPDATE papers SET title = 'Zanzibarian adapters' WHERE id = '2408.15881'")
    conn.close()
    assert found(library, "zanzibarian") == ["2408.15881"]


def test_an_import_is_visible_to_the_next_search(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert found(library, "quokkanet") == []
    import_items(library, tmp_path, [item(1, "QuokkaNet: marsupial vision", FILLER)])
    assert found(library, "quokkanet") == ["2403.00001"]


def test_a_synced_day_is_visible_to_the_next_search(papers, seeded_hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    assert papers("today", "--json").exit_code == 0
    assert found(papers, "llava")
    extra = item(7, "Wombatformer: burrowing attention", FILLER)
    seeded_hub.set_day(TODAY, [*seed_items()[:10], extra])
    assert papers("today", "--refresh", "--json").exit_code == 0
    assert found(papers, "wombatformer") == ["2403.00007"]


def test_families_refreshed_from_the_config_reach_the_index(library, home: Home) -> None:  # type: ignore[no-untyped-def]
    assert library("search", "llamp", "-F", "llava", "--offline", "--json").exit_code == 0
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_text('[families.LLaMP]\nwords = ["LLaMP"]\n')
    result = library("search", "llamp", "-F", "LLaMP", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.ids) == 1


def test_clearing_the_library_empties_the_index(library) -> None:  # type: ignore[no-untyped-def]
    assert found(library, "llava")
    assert library("cache", "clear", "--yes").exit_code == 0
    assert found(library, "llava") == []


# -- hostile queries -------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    '"', '"""', 'llava"', '"llava', "AND OR NOT", "- -llava", "-llava", "+llava", "title:llava",
    "id:2408.15881", "*", "**", "a*b*c", "(((", ")", "[a TO b]", "{x}", "~2", "llava^3",
    "llava~", "é*", "\\", "x" * 5000, "word " * 200, "🦙", "李明", "_", "$(rm -rf /)",
    "/regex.*/", "llava AND", "NOT llava",
])
def test_hostile_queries_never_crash(library, query: str) -> None:  # type: ignore[no-untyped-def]
    result = library("search", "--offline", "--json", "--", query)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    json.loads(result.stdout)


def test_syntax_is_plain_text(library) -> None:  # type: ignore[no-untyped-def]
    assert found(library, "-llava") == []  # leaves llava out, and nothing is left to find
    assert set(found(library, "title:llava")) <= set(found(library, "llava"))
    assert found(library, "llava*") and set(found(library, "llava")) <= set(
        found(library, "llava*"))


# -- the index's filter terms agree with the predicates --------------------------------------


@pytest.fixture(scope="module")
def sqlite_library(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path_factory.mktemp("library") / "library.db") as store:
        yield store


INDEXED = [c for c in CRITERIA if c.index_term is not None]


@pytest.mark.parametrize("c", INDEXED, ids=lambda c: c.key)
@settings(PROPERTY, max_examples=15)
@given(stored=papers(), data=st.data())
def test_each_index_term_picks_what_its_predicate_passes(sqlite_library: Store, c: Criterion,
                                                         stored: list[Paper],
                                                         data: st.DataObject) -> None:
    flt = data.draw(filters(only=c))

    def check(store: Store, read: list[Paper]) -> None:
        hits = textquery.search(store, "", flt, None)
        expected = {p.id for p in read if flt.matches(p)}
        assert {p.id for p in hits.papers} == expected
        if c.index_exact:
            assert hits.exact and hits.total == len(expected)

    stored_in_sqlite(sqlite_library, stored, check)


@settings(PROPERTY, max_examples=40)
@given(stored=papers(), flt=filters())
def test_searching_through_any_filter_agrees_with_matches(sqlite_library: Store,
                                                          stored: list[Paper],
                                                          flt: Filter) -> None:
    def check(store: Store, read: list[Paper]) -> None:
        hits = textquery.search(store, "", flt, None)
        assert {p.id for p in hits.papers} == {p.id for p in read if flt.matches(p)}
        one = textquery.search(store, "", flt, 1)
        assert len(one.papers) == min(1, len(hits.papers))

    stored_in_sqlite(sqlite_library, stored, check)


# -- another process writing -------------------------------------------------------------------

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import tantivy
    from papercli.db import textindex, textquery
    index = tantivy.Index.open(str(textindex.folder_for(Path(sys.argv[1]))))
    writer = index.writer(15_000_000, 1)
    print("holding", flush=True)
    sys.stdin.readline()
""")


def test_a_search_while_another_process_holds_the_index_writer(library, home: Home,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    before = found(library, "llava")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(home.library)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        conn = sqlite3.connect(home.library, isolation_level=None)
        conn.execute("UPDATE papers SET title = 'Numbatnet' WHERE id = '2408.15881'")
        conn.close()
        # the writer is busy: the last committed index answers, no error
        assert set(found(library, "llava")) <= set(before)
        import_items(library, tmp_path, [item(3, "Echidnaformer", FILLER)])
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert found(library, "numbatnet") == ["2408.15881"]  # caught up once it is free
    assert found(library, "echidnaformer") == ["2403.00003"]


# -- bulk writes -------------------------------------------------------------------------------


def test_bulk_writes_catch_the_index_up_once(tmp_path: Path) -> None:
    from papercli.models import parse_item

    with Store.open(tmp_path / "library.db") as store:
        store.upsert_papers([parse_item(item(1, "Platypus routing", FILLER))])
        assert [p.id for p in store.search_text("platypus").papers] == ["2403.00001"]
        folder = textindex.folder_for(store.path)
        state = json.loads((folder / "state.json").read_text())
        with store.index_deferred():
            for n in range(2, 5):
                store.upsert_papers([parse_item(item(n, f"Platypus batch {n}", FILLER))])
            # not touched per batch
            assert json.loads((folder / "state.json").read_text()) == state
        after = json.loads((folder / "state.json").read_text())
        assert after["seq"] > state["seq"]
        hits = store.search_text("platypus")
        assert hits.total == 4 and hits.exact
        assert store.conn.execute("SELECT count(*) FROM search_queue").fetchone()[0] == 0


def test_bulk_writes_can_build_a_missing_index(tmp_path: Path) -> None:
    from papercli.models import parse_item

    with Store.open(tmp_path / "library.db") as store:
        folder = textindex.folder_for(store.path)
        with store.index_deferred(build=True):
            store.upsert_papers([parse_item(item(1, "Kiwi parsing", FILLER))])
            assert not folder.exists()
        assert (folder / "state.json").exists()
        assert [p.id for p in store.search_text("kiwi").papers] == ["2403.00001"]


def _completions_library(papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """60 papers naming models GPT-4000 to GPT-4059 (completions of `4` before `4o` in
    byte order), one on GPT-4o and one on vision-language models."""
    items = [item(n, f"Scaling study {n}", f"We train GPT-{4000 + n} on text. " + FILLER)
             for n in range(60)]
    items.append(item(60, "GPT-4o System Card", "A report on an omni model. " + FILLER))
    items.append(item(61, "Probing a model", "Vision-language models see. " + FILLER))
    import_items(papers, tmp_path, items)


def test_a_phrase_ending_in_a_prefix_finds_every_completion(papers, tmp_path: Path) -> None:
    """`GPT-4*` is a phrase whose last word is a prefix: tantivy's phrase prefix query
    takes only the first 50 words it starts, in byte order (4000, 4001, ...), so
    GPT-4o was never found, by a search or by `-k GPT-4*`; every completion is now."""
    _completions_library(papers, tmp_path)
    for args in (["GPT-4*"], ["-k", "GPT-4*"]):
        found = papers("search", *args, "--offline", "-n", "0", "-f", "ids")
        assert found.exit_code == 0, found.stderr
        assert "2403.00060" in found.stdout.split(), args
        assert len(found.stdout.split()) == 61, args
    assert papers("search", "vision-l*", "--offline", "-f", "ids").stdout.split() == [
        "2403.00061"]


def test_a_prefix_with_very_many_completions_is_its_most_common(
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past PHRASE_PREFIX_TERMS completions walked in a field (a vocabulary far past any
    library's) the most common ones stand for the prefix, and the query still runs,
    finding the papers that hold them."""
    _completions_library(papers, tmp_path)
    monkeypatch.setattr(textquery, "PHRASE_PREFIX_TERMS", 5)
    monkeypatch.setattr(textquery, "PHRASE_PREFIX_COMMON", 3)
    found = papers("search", "GPT-4*", "--offline", "-n", "0", "-f", "ids")
    assert found.exit_code == 0 and found.stderr == "", found.stderr
    assert "2403.00060" in found.stdout.split()


@pytest.mark.parametrize("lacking", ["_term_walk", "_regex_phrases"])
def test_bindings_without_the_term_dictionary_still_search_by_prefix(
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lacking: str) -> None:
    """tantivy 0.26 has no walk of the term dictionary (nor a regex phrase): a phrase's
    last `word*` is then tantivy's phrase prefix query (its first 50 completions in byte
    order), a whole word typed with a star still finds that word by its stem, and
    `word*` alone scores its matches alike. Every such search still runs and finds what
    those queries find, by a search and by `-k`."""
    _completions_library(papers, tmp_path)
    import_items(papers, tmp_path, [
        item(62, "Visual Instruction Tuning", "Instruction-following data. " + FILLER),
        item(63, "Diffusion in Diffusion", "Diffusion models. " + FILLER)], "more.json")
    monkeypatch.setattr(textquery, lacking, lambda *_: None if lacking == "_term_walk"
                        else False)
    ids = found_ids(papers)

    # GPT-4000 to GPT-4049 in the abstracts, and GPT-4o by its title (there the only one)
    byte_order = {f"2403.{n:05d}" for n in range(50)} | {"2403.00060"}
    assert ids("GPT-4*") == byte_order
    assert set(papers("search", "-k", "GPT-4*", "--offline", "-n", "0", "-f", "ids")
               .stdout.split()) == byte_order
    assert ids("vision-l*") == {"2403.00061"}
    assert ids("visual instruction*") == {"2403.00062"}  # (the index holds `instruct`)
    assert ids("diffus*") == {"2403.00063"}


def test_a_prefix_ranks_by_how_much_a_paper_holds_it(papers, tmp_path: Path) -> None:
    """`diffus*` scored every paper holding it in the same fields alike, so they came in
    the order they were imported: a long title mentioning "diffusive" once above
    "Diffusion in Diffusion", imported later. Its completions are scored as words now,
    weighed alike, so the paper holding them most, in the shortest field, comes first;
    a rare completion (one paper) does not outrank a common one."""
    items = [item(n, f"A long study of many tasks, models and a diffusive process {n}",
                  "A diffusive model. " + FILLER) for n in range(8)]
    items.append(item(8, "DiffusionQuux: a quux model of many tasks and processes",
                      "A diffusion model. " + FILLER))
    items.append(item(9, "Diffusion in Diffusion", "Diffusion models. " + FILLER))
    import_items(papers, tmp_path, items)
    found = papers("search", "diffus*", "--offline", "-n", "0", "-f", "ids")
    assert found.exit_code == 0, found.stderr
    ids = found.stdout.split()
    assert len(ids) == 10 and ids[0] == "2403.00009"
    assert ids == papers("search", "diffus*", "-n", "0", "-f", "ids", "--offline",
                         "--sort", "trending").stdout.split()


def found_ids(papers: Any) -> Callable[[str], set[str]]:
    """The ids an offline search of the library finds, every one of them."""
    def ids(query: str) -> set[str]:
        found = papers("search", query, "--offline", "-n", "0", "-f", "ids")
        assert found.exit_code == 0, found.stderr
        return set(found.stdout.split())

    return ids


def test_a_model_name_is_found_however_it_is_spelt(papers, tmp_path: Path) -> None:
    """The index parts words at punctuation alone: `Qwen2.5` is qwen2 and 5, `Qwen-2.5`
    qwen, 2 and 5, so each spelling missed the papers written the other way (32 papers
    of 205 on the real archive). Letters and the digits after them are looked for glued
    and apart; a single letter (o1, r1) is not parted: `o 1` is O(1)'s words."""
    items = [item(0, "Qwen2.5 Technical Report", FILLER),
             item(1, "Tuning Qwen-2.5 for maths", FILLER),
             item(2, "Probing Qwen 2.5 models", FILLER),
             item(3, "GPT-4o System Card", FILLER),
             item(4, "Images from GPT4o", FILLER),
             item(5, "Attention in O(1) memory", FILLER),
             item(6, "An o1 replication", FILLER)]
    import_items(papers, tmp_path, items)
    ids = found_ids(papers)

    qwen = {"2403.00000", "2403.00001", "2403.00002"}
    assert ids("Qwen2.5") == ids("Qwen-2.5") == qwen
    assert ids("GPT-4o") == ids("GPT4o") == {"2403.00003", "2403.00004"}
    assert ids("o1") == {"2403.00006"}
    assert ids('"Qwen2.5 Technical"') == {"2403.00000"}


def test_a_model_name_typed_apart_finds_it_glued(papers, tmp_path: Path) -> None:
    """`Qwen 2.5`, typed with a space, was two words anywhere: the papers writing
    `Qwen2.5` (qwen2 and 5 in the index) were not found. A word of letters and a word
    starting with a digit after it also find the name glued; both words anywhere still
    match, and a single letter (`o 1`) is not glued."""
    items = [item(0, "Qwen2.5 Technical Report", FILLER),
             item(1, "Tuning Qwen-2.5 for maths", FILLER),
             item(2, "Probing Qwen 2.5 models", FILLER),
             item(3, "Qwen as a judge", "We score 2.5 times faster. " + FILLER),
             item(4, "The Llama 3 Herd of Models", FILLER),
             item(5, "Llama3 on a phone", FILLER),
             item(6, "Llama-3 distilled", FILLER),
             item(7, "An o1 replication", FILLER),
             item(8, "Attention in O(1) memory", FILLER)]
    import_items(papers, tmp_path, items)
    ids = found_ids(papers)

    assert ids("Qwen 2.5") == {"2403.00000", "2403.00001", "2403.00002", "2403.00003"}
    assert ids("Llama 3") == ids("Llama3") == {"2403.00004", "2403.00005", "2403.00006"}
    assert ids("o 1") == {"2403.00008"}


def searched_ids(papers: Any, query: str, *more: str) -> list[str]:
    """The ids `papers search QUERY --offline` lists, best first."""
    found = papers("search", query, "--offline", "-f", "ids", *more)
    assert found.exit_code == 0, found.stderr
    return found.stdout.split()


def test_the_paper_titled_as_the_query_comes_first(papers, tmp_path: Path) -> None:
    """`Hyper-Connections` put the paper of that title 2nd, and `DeepSeek-R1` the
    DeepSeek-R1 paper 3rd, under papers naming it in short titles and all over their
    abstracts. A paper whose title, or its part before a colon, is the query comes
    first, in every listing of the ranked matches; a title merely holding it does not."""
    many = "Hyper-connections and DeepSeek-R1 again. " * 6
    items = [item(0, "Quux-Connections: A Partial Extension of Hyper-Connections",
                  many + FILLER),
             item(1, "xQZ: Invented Hyper-Connections", many + FILLER),
             item(2, "Hyper-Connections", "We widen the residual stream. " + FILLER),
             item(3, "DeepSeek-R1 Thoughtology", many + FILLER),
             item(4, "Zed-mini vs DeepSeek-R1: Which One is Calmer?", many + FILLER),
             item(5, "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via "
                     "Reinforcement Learning in a Long Title", "We train reasoning. " + FILLER),
             item(6, "Hyper-Connections for Vision", many + FILLER)]
    import_items(papers, tmp_path, items)

    ids = functools.partial(searched_ids, papers)
    for more in (("-n", "3"), ("-n", "0")):
        assert ids("Hyper-Connections", *more)[0] == "2403.00002"
        assert ids("hyper connections", *more)[0] == "2403.00002"
        assert ids("DeepSeek-R1", *more)[0] == "2403.00005"
    assert ids("DeepSeek-R1 incentivizing")[0] == "2403.00005"  # the words find it anyway
    assert ids("Hyper-Connections", "--sort", "upvotes", "-n", "0")[0] == "2403.00006"


def test_a_title_opening_with_the_words_comes_before_titles_merely_holding_them(
        papers, tmp_path: Path) -> None:
    """`Llama 3` put "The Llama 3 Herd of Models" 3rd, under "Llama-3.1-..." reports
    naming Llama 3.1 all over their abstracts. A title holding the words as a phrase at
    its start (or at the start of its part after a colon) comes before the titles that
    hold them further on or apart, the earlier the better; a longer version number
    (`Llama-3.1`) is not the name typed."""
    many = "We tune Llama 3.1 and a mixture of experts to segment anything. " * 6
    items = [item(0, "Llama-3.1-Quux-Base-8B Technical Report", many + FILLER),
             item(1, "Llama-3.1-Quux-Instruct Technical Report", many + FILLER),
             item(2, "The Llama 3 Herd of Models", "We present foundation models. " + FILLER),
             item(3, "Recaptioning Billions of Web Images with LLaMA-3", many + FILLER),
             item(4, "Routing Tokens in a Sparse Mixture-of-Experts", many + FILLER),
             item(5, "Mixture of Experts Made Plainly Readable for Vision",
                  FILLER),
             item(6, "Yet Another Mixture-of-Experts Router", many + FILLER),
             item(7, "Delving into Segment Anything with Medical Concepts", many + FILLER),
             item(8, "SAM 9: Segment Anything with Concepts", FILLER)]
    import_items(papers, tmp_path, items)

    ids = functools.partial(searched_ids, papers)
    for more in (("-n", "3"), ("-n", "0")):
        assert ids("Llama 3", *more)[0] == "2403.00002"
        assert ids("Llama3", *more)[0] == "2403.00002"
        assert ids("Mixture of Experts", *more)[:2] == ["2403.00005", "2403.00006"]
        assert ids("Segment Anything", *more)[:2] == ["2403.00008", "2403.00007"]


def test_a_state_nested_too_deep_is_damage_not_a_crash(  # type: ignore[no-untyped-def]
        library, home: Home) -> None:
    """A state.json of 200,000 opening brackets (a damaged or hostile file) made every
    search fail with "unexpected RecursionError … please report it": JSON nested deeper
    than Python's parser goes is a damaged state, and the index is rebuilt."""
    before = found(library, "llava")
    (index_folder(home) / "state.json").write_text("[" * 200_000, encoding="utf-8")
    result = library("search", "llava", "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert result.ids == before
    assert result.stderr == ("papers: warning: the search index is unreadable; rebuilding it "
                             "from the library\n")
