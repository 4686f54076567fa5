"""The search index finds each hit's row in library.db by the rowid its document carries
(db/textquery._found), checked against a checksum of the paper's id: a row that moved
under the index (VACUUM, a table rebuilt) is read by its id instead, never shown as
another paper; and an index made by another papercli (another FORMAT) is rebuilt with one
line saying so."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import Home
from papercli.db import textindex, textquery
from papercli.terminal import cell_width


def index_folder(home: Home) -> Path:
    return textindex.folder_for(home.library)


def shown(papers, *words: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    result = papers("search", *words, "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    return [(p["id"], p["title"]) for p in result.json]


def test_rows_that_moved_under_the_index_are_read_by_id(library, home: Home) -> None:  # type: ignore[no-untyped-def]
    before = shown(library, "model")
    assert len(before) >= 4
    limited = library("search", "model", "--offline", "--json", "-n", "3")
    state = json.loads((index_folder(home) / "state.json").read_text(encoding="utf-8"))
    # Swap the rows of the first two hits and renumber a third behind the index's back
    # (as VACUUM may): the queue entries those updates make are dropped, so the index
    # still holds the old rowids.
    ids = [pid for pid, _ in before[:3]]
    with sqlite3.connect(home.library) as conn:
        rows = [conn.execute("SELECT rowid FROM papers WHERE id = ?", (pid,)).fetchone()[0]
                for pid in ids]
        top = conn.execute("SELECT max(rowid) FROM papers").fetchone()[0]
        conn.execute("UPDATE papers SET rowid = ? WHERE id = ?", (top + 1, ids[0]))
        conn.execute("UPDATE papers SET rowid = ? WHERE id = ?", (rows[0], ids[1]))
        conn.execute("UPDATE papers SET rowid = ? WHERE id = ?", (rows[1], ids[0]))
        conn.execute("UPDATE papers SET rowid = ? WHERE id = ?", (top + 50, ids[2]))
        conn.execute("DELETE FROM search_queue WHERE seq > ?", (state["seq"],))
    assert shown(library, "model") == before
    again = library("search", "model", "--offline", "--json", "-n", "3")
    assert again.stdout == limited.stdout


def test_an_index_of_another_format_is_rebuilt_with_one_line(library, home: Home) -> None:  # type: ignore[no-untyped-def]
    before = shown(library, "llava")
    state_file = index_folder(home) / "state.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state_file.write_text(json.dumps({**state, "format": textindex.FORMAT - 1}),
                          encoding="utf-8")
    result = library("search", "llava", "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert [(p["id"], p["title"]) for p in result.json] == before
    lines = [ln for ln in result.stderr.splitlines() if "search index" in ln]
    assert len(lines) == 1 and "made by another papercli" in lines[0], result.stderr
    # (the line an upgrade shows once: 115 to 140 columns with the index's whole folder)
    assert cell_width(lines[0]) <= 80 and lines[0].startswith("papers: warning: "), lines
    assert json.loads(state_file.read_text(encoding="utf-8"))["format"] == textindex.FORMAT
    assert shown(library, "llava") == before


def test_every_write_path_gives_documents_their_rows(papers, home: Home, tmp_path: Path  # type: ignore[no-untyped-def]
                                                     ) -> None:
    import tantivy

    from papercli.db.store import Store
    from test_title_first import library_items

    items = library_items()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(items[:200]), encoding="utf-8")
    second.write_text(json.dumps(items[150:]), encoding="utf-8")  # new papers and updated
    assert papers("import", str(first)).exit_code == 0  # built, fed in batches
    assert papers("search", "graph", "--offline", "--json").exit_code == 0
    assert papers("import", str(second)).exit_code == 0  # fed to the index as it exists
    with Store.open(home.library) as store:
        searcher = textindex.open_index(store).searcher()  # type: ignore[union-attr]
        hits = searcher.search(tantivy.Query.all_query(), 1000, count=True).hits
        addresses = [a for _, a in hits]
        rows = searcher.fast_field_values("row", addresses)
        ids = [searcher.doc(a)["id"][0] for a in addresses]
        truth = dict(store.conn.execute("SELECT id, rowid FROM papers").fetchall())
    assert len(ids) == len(truth) == len(items)
    assert rows == [truth[pid] for pid in ids]


def test_a_build_says_so_on_the_progress_hook(library, home: Home) -> None:  # type: ignore[no-untyped-def]
    """A missing index is built under a status line (drawn on a terminal only when the
    build outlasts its delay: a million papers take minutes), cleared when done; an index
    that is there says nothing."""
    import shutil

    from papercli.session import Session

    assert shown(library, "llava")
    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    store = session.store()
    textquery.search(store, "llava", None, 5)
    assert said == []
    shutil.rmtree(index_folder(home))
    hits = textquery.search(store, "llava", None, 5)
    assert hits.papers
    assert said == ["building the search index from the library…", None]
    store.close()


def test_a_long_catch_up_says_so_and_a_short_one_does_not(library, home: Home,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    """Writes another program left in the queue are applied under a status line when
    there are many (ANNOUNCE_CATCH_UP), and silently when there are few (each sync's
    batch: a line would only flicker)."""
    from papercli.session import Session

    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    store = session.store()
    assert textquery.search(store, "llava", None, 5).papers  # the index is built
    said.clear()
    papers = store.conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    monkeypatch.setattr(textindex, "ANNOUNCE_CATCH_UP", papers + 1)
    other = sqlite3.connect(home.library)  # another program's writes
    with other:
        other.execute("UPDATE papers SET upvotes = upvotes + 1")
    assert textquery.search(store, "llava", None, 5).papers
    assert said == []  # one write per paper: below the mark
    with other:
        other.execute("UPDATE papers SET upvotes = upvotes + 1")
        other.execute("UPDATE papers SET upvotes = upvotes + 1")
    other.close()
    assert textquery.search(store, "llava", None, 5).papers
    assert said == ["updating the search index from the library…", None]
    state = textindex._read_state(textindex.folder_for(home.library))
    assert state is not None and state.seq == textindex._library_state(store)[1]  # caught up
    store.close()


def test_checking_every_record_says_so_on_the_progress_hook(library) -> None:  # type: ignore[no-untyped-def]
    """`cache info --check` reads every record (tens of seconds at a million papers): a
    status line while it does, cleared when done; plain `cache info` reads none."""
    from papercli.session import Session

    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    store = session.store()
    assert store.damaged().count == 0
    assert said == ["checking every record of the library…", None]
    store.close()


def test_long_passes_say_their_share_done(library, home: Home,  # type: ignore[no-untyped-def]
                                          monkeypatch) -> None:
    """Building the index and checking every record say how far they are ("… 42%"), at
    most once a PROGRESS_EVERY (here: every paper), rising to 100, then the line is
    cleared; a pass quicker than that says its message alone (the tests above)."""
    import re
    import shutil

    from papercli.db import connection
    from papercli.session import Session

    monkeypatch.setattr(connection, "PROGRESS_EVERY", 0.0)
    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    store = session.store()
    papers = store.conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    for message, run in [
            ("building the search index from the library…",
             lambda: (shutil.rmtree(index_folder(home), ignore_errors=True),
                      textquery.search(store, "llava", None, 5))),
            ("checking every record of the library…", store.damaged)]:
        said.clear()
        run()
        assert said[0] == message and said[-1] is None, said
        shares = [int(m) for s in said[1:-1]
                  for m in re.findall(rf"^{re.escape(message)} (\d+)%$", s or "")]
        assert len(shares) == len(said) - 2 == papers, said  # every line is a share
        assert shares == sorted(shares) and shares[-1] == 100
    store.close()
