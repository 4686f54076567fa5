"""`papers import` builds the search index alongside the library (textindex._Feeder):
searchable right after, updated papers replaced, a failure of the index never fails the
import, and an import cut short by Ctrl-C leaves library and index consistent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, shell_status
from papercli.db import textindex
from papercli.db.store import Store


def item(n: int, title: str, summary: str = "A study of things.") -> dict[str, Any]:
    stamp = f"2024-03-{1 + n % 28:02d}T08:00:00.000Z"
    return {"paper": {"id": f"2403.{n:05d}", "title": title, "summary": summary,
                      "authors": [{"name": "Ann Example"}], "publishedAt": stamp,
                      "submittedOnDailyAt": stamp, "upvotes": n % 50},
            "publishedAt": stamp, "title": title, "numComments": 0}


def write(tmp_path: Path, name: str, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def index_seq(home: Home) -> int | None:
    state = textindex._read_state(textindex.folder_for(home.library))
    return None if state is None else state.seq


def test_an_import_is_searchable_right_after_it(papers, home: Home, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("papercli.library.IMPORT_BATCH", 7)  # several batches fed
    items = [item(n, f"Kumquat parsing {n}") for n in range(30)]
    result = papers("import", str(write(tmp_path, "a.json", items)))
    assert result.exit_code == 0, result.stderr
    # the index is there and holds every write: the search neither builds nor catches up
    with Store.open(home.library) as store:
        _, last, _ = textindex._library_state(store)
    assert index_seq(home) == last > 0
    found = papers("search", "kumquat", "--limit", "100", "--json")
    assert found.exit_code == 0, found.stderr
    assert sorted(found.ids) == sorted(i["paper"]["id"] for i in items)
    assert "rebuilding" not in found.stderr


def test_a_reimport_replaces_papers_in_the_index(papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = [item(n, f"Rambutan method {n}") for n in range(5)]
    assert papers("import", str(write(tmp_path, "a.json", first))).exit_code == 0
    assert len(papers("search", "rambutan", "--json").ids) == 5
    # two papers renamed, one new: each paper once in the index, under its new title
    second = [item(0, "Durian method 0"), item(1, "Durian method 1"), item(9, "Durian 9")]
    assert papers("import", str(write(tmp_path, "b.json", second))).exit_code == 0
    assert sorted(papers("search", "durian", "--json").ids) == [
        "2403.00000", "2403.00001", "2403.00009"]
    assert sorted(papers("search", "rambutan", "--json").ids) == [
        "2403.00002", "2403.00003", "2403.00004"]
    assert len(papers("search", "method", "--limit", "50", "--json").ids) == 5


def test_a_reimport_of_the_same_file_is_unchanged_and_not_reindexed(  # type: ignore[no-untyped-def]
        papers, home: Home, tmp_path: Path) -> None:
    items = [item(n, f"Loquat study {n}") for n in range(6)]
    path = write(tmp_path, "a.json", items)
    assert papers("import", str(path)).exit_code == 0

    def queued() -> int:
        with Store.open(home.library) as store:
            return int(store.conn.execute("SELECT count(*) FROM search_queue").fetchone()[0])

    before = queued()
    again = papers("import", str(path), "--json")
    assert again.exit_code == 0, again.stderr
    assert (again.json["added"], again.json["updated"], again.json["unchanged"]) == (0, 0, 6)
    assert queued() == before  # nothing written, so nothing for the index to redo
    # one paper with more upvotes: one update, the rest unchanged, and said so
    items[2]["paper"]["upvotes"] += 7
    items[4]["paper"]["title"] = items[4]["title"] = "Loquat study renamed"
    third = papers("import", str(write(tmp_path, "b.json", items)))
    assert third.exit_code == 0, third.stderr
    assert third.stderr.strip().endswith(
        "read 6 papers from 1 file: 2 updated, 4 unchanged"), third.stderr
    assert papers("search", "renamed", "--json").ids == ["2403.00004"]
    shown = papers("show", "2403.00002", "--json", "--offline")
    assert shown.json["upvotes"] == 2 + 7


def test_a_paper_twice_in_one_import_is_one_document(  # type: ignore[no-untyped-def]
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("papercli.library.IMPORT_BATCH", 3)
    items = [item(n, f"Medlar trial {n}") for n in range(8)]
    items.append(item(1, "Medlar trial renamed"))  # a later batch updates an earlier one
    assert papers("import", str(write(tmp_path, "a.json", items))).exit_code == 0
    found = papers("search", "medlar", "--limit", "50", "--json")
    assert sorted(found.ids) == [f"2403.{n:05d}" for n in range(8)]
    assert papers("search", "renamed", "--json").ids == ["2403.00001"]


def test_an_index_failure_mid_import_is_caught_up_not_an_error(  # type: ignore[no-untyped-def]
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("papercli.library.IMPORT_BATCH", 4)
    real = textindex.document
    calls = {"n": 0}

    def failing(paper, row=None):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 6:  # in the second batch
            raise RuntimeError("the index writer died")
        return real(paper, row)

    monkeypatch.setattr(textindex, "document", failing)
    items = [item(n, f"Loquat fruit {n}") for n in range(12)]
    result = papers("import", str(write(tmp_path, "a.json", items)))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") <= 1 and "Traceback" not in result.stderr
    found = papers("search", "loquat", "--limit", "50", "--json")
    assert sorted(found.ids) == sorted(i["paper"]["id"] for i in items)


INTERRUPTED_IMPORT = textwrap.dedent("""
    import os, signal, sys
    from papercli import library
    from papercli.db.store import Store
    from papercli.cli.main import main

    library.IMPORT_BATCH = 5
    real = Store.import_papers
    calls = [0]

    def import_papers(self, papers, by_day):
        result = real(self, papers, by_day)
        calls[0] += 1
        if calls[0] == 3:  # Ctrl-C after the third batch is committed and fed
            os.kill(os.getpid(), signal.SIGINT)
        return result

    Store.import_papers = import_papers
    sys.argv = ["papers", "import", sys.argv[1]]
    sys.exit(main())
""")


def test_ctrl_c_mid_import_leaves_library_and_index_consistent(  # type: ignore[no-untyped-def]
        papers, home: Home, tmp_path: Path) -> None:
    items = [item(n, f"Feijoa sampling {n}") for n in range(40)]
    src = write(tmp_path, "a.json", items)
    # an index exists before the import (a search built it): the import feeds it
    assert papers("import", str(write(tmp_path, "first.json", [item(99, "Feijoa 99")])))\
        .exit_code == 0
    before = index_seq(home)
    assert before is not None
    proc = subprocess.run([sys.executable, "-c", INTERRUPTED_IMPORT, str(src)],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert shell_status(proc.returncode) == 130, proc.stderr
    assert "Traceback" not in proc.stderr
    # nothing fed was committed to the index: it is where it was, the queue has the rest
    assert index_seq(home) == before
    with Store.open(home.library) as store:
        stored = {r[0] for r in store.conn.execute("SELECT id FROM papers")}
    assert len(stored) == 3 * 5 + 1  # three batches and the earlier paper
    found = papers("search", "feijoa", "--limit", "100", "--json")
    assert found.exit_code == 0, found.stderr
    assert sorted(found.ids) == sorted(stored)
    # the next run resumes: every paper, once each
    assert papers("import", str(src)).exit_code == 0
    found = papers("search", "feijoa", "--limit", "100", "--json")
    assert sorted(found.ids) == sorted({i["paper"]["id"] for i in items} | {"2403.00099"})


INTERRUPTED_INDEXING = textwrap.dedent("""
    import os, signal, sys
    from papercli import library
    from papercli.db import textindex
    from papercli.cli.main import main

    library.IMPORT_BATCH = 5
    real = textindex._Feeder.finish

    def finish(self):  # Ctrl-C once every batch is stored, as the index catches up
        os.kill(os.getpid(), signal.SIGINT)
        real(self)

    textindex._Feeder.finish = finish
    sys.argv = ["papers", "import", sys.argv[1]]
    sys.exit(main())
""")


def test_ctrl_c_while_the_index_catches_up_says_every_paper_is_in(  # type: ignore[no-untyped-def]
        papers, home: Home, tmp_path: Path) -> None:
    """Ctrl-C after the last batch, while the search index caught up, said "run the same
    command to resume" of an import that was complete: it says every paper is kept and
    that the next search indexes them, which it does."""
    items = [item(n, f"Tamarillo sampling {n}") for n in range(12)]
    src = write(tmp_path, "a.json", items)
    assert papers("import", str(write(tmp_path, "first.json", [item(99, "Tamarillo 99")])))\
        .exit_code == 0
    before = index_seq(home)
    proc = subprocess.run([sys.executable, "-c", INTERRUPTED_INDEXING, str(src)],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert shell_status(proc.returncode) == 130, proc.stderr
    assert proc.stderr == ("papers: error: interrupted — all 12 papers kept; the next "
                           "search indexes them\n")
    assert index_seq(home) == before  # the index is as it was; the queue has the rest
    with Store.open(home.library) as store:
        stored = {r[0] for r in store.conn.execute("SELECT id FROM papers")}
    assert stored == {i["paper"]["id"] for i in items} | {"2403.00099"}
    found = papers("search", "tamarillo", "--limit", "100", "--json")
    assert found.exit_code == 0, found.stderr
    assert sorted(found.ids) == sorted(stored)
