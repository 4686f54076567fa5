"""`papers import --json` counts what each file held: every item, line or entry read is
counted once, as added, updated, unchanged, repeated or skipped (a snapshot's lines outside the
chosen categories aside), in every kind of file the command reads and in the totals."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, eprint_bib, interrupt_when
from hubserver import HubServer

KINDS = ("added", "updated", "unchanged", "repeated", "skipped")


def hub_item(pid: str, title: str) -> dict[str, Any]:
    return {"paper": {"id": pid, "title": title, "summary": "s",
                      "authors": [{"name": "Ann Example"}],
                      "publishedAt": "2024-03-04T08:00:00.000Z"},
            "publishedAt": "2024-03-04T08:00:00.000Z", "title": title}


def snapshot_line(pid: str, categories: str = "cs.CL", version: int = 1) -> str:
    versions = [{"version": f"v{v}", "created": "Mon, 4 Mar 2024 10:00:00 GMT"}
                for v in range(1, version + 1)]
    return json.dumps({"id": pid, "title": f"Paper {pid}", "authors": "A. Inventor",
                       "categories": categories, "abstract": "Invented.",
                       "versions": versions, "authors_parsed": [["Inventor", "A.", ""]]})


def summed(counts: dict[str, Any], *extra: str) -> int:
    return sum(counts[k] for k in (*KINDS, *extra) if k in counts)


@pytest.mark.parametrize("category", [None, "cs.CL"])
def test_a_snapshots_lines_are_read_and_counted(papers: Any, home: Home, tmp_path: Path,
                                                 category: str | None) -> None:
    """A paper on two lines, a bad line, a blank line, a paper of another category."""
    lines = [snapshot_line("2403.00002"), "{broken", snapshot_line("2403.00003", "math.AG"),
             "", snapshot_line("2403.00004"), snapshot_line("2403.00002", version=2)]
    src = tmp_path / "snap.json"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    papers_lines = [line for line in lines if line.strip()]
    args = ["--category", category] if category else []
    for _ in range(2):  # a first import, then the same file again
        result = papers("import", str(src), *args, "--json")
        assert result.exit_code == 0, result.stderr
        data = result.json
        snap = data["snapshots"][0]
        assert snap["read"] == data["read"] == len(papers_lines)
        assert data["skipped"] == snap["bad_lines"] == 1
        assert summed(data) + snap["not_in_categories"] == data["read"]
        assert summed(snap, "bad_lines", "not_in_categories") == snap["read"]


def test_json_items_and_reference_entries_are_read_and_counted(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """Hub JSON with a paper twice and two unusable items; BibTeX with a paper twice,
    an entry without an arXiv id and a malformed one; and both at once."""
    items: list[Any] = [hub_item("2403.00011", "One"), hub_item("2403.00012", "Two"),
                        hub_item("2403.00011", "One"), {"paper": {"id": "2403.00013"}}, 7]
    hub = tmp_path / "hub.json"
    hub.write_text(json.dumps(items), encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={A}, eprint={2403.00021}, archivePrefix={arXiv}}\n"
                   "@misc{b, title={B}, eprint={2403.00021}, archivePrefix={arXiv}}\n"
                   "@book{c, title={A book}, year={2001}}\n"
                   "@misc{d, title={Broken\n"
                   "@misc{e, title={E}, url={https://arxiv.org/abs/hep-th/9901001}}\n",
                   encoding="utf-8")
    for files in ([hub], [bib], [hub, bib], [hub, bib]):
        result = papers("import", *map(str, files), "--offline", "--json")
        assert result.exit_code == 0, result.stderr
        data = result.json
        held = (len(items) if hub in files else 0) + (5 if bib in files else 0)
        assert data["read"] == held
        assert summed(data) == held, data
        if bib in files:
            refs = data["references"][0]
            assert refs["entries"] + refs["malformed"] == 5
            assert refs["starred"] == 2 and refs["without_arxiv_id"] == 1


def test_a_paper_twice_in_a_file_is_repeated_not_unchanged(papers: Any, home: Home,
                                                           tmp_path: Path) -> None:
    """A file naming a paper twice, imported into an empty library: the second item is
    "repeated in the file" (its copy is the one kept), not "unchanged" as though the
    library had held the paper; imported again, every paper is unchanged and the repeat
    still repeated."""
    items = [hub_item("2403.00031", "First copy"), hub_item("2403.00032", "Two"),
             hub_item("2403.00031", "Later copy"), hub_item("2403.00033", "Three")]
    src = tmp_path / "hub.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    first = papers("import", str(src))
    assert first.exit_code == 0, first.stderr
    assert first.stderr.strip().endswith(
        "read 4 papers from 1 file: 3 new, 1 repeated in the "
        "file"), first.stderr
    shown = papers("show", "2403.00031", "--offline", "--json")
    assert json.loads(shown.stdout)["title"] == "Later copy"
    again = papers("import", str(src), "--json")
    assert again.exit_code == 0, again.stderr
    assert again.json == {"files": 1, "read": 4, "added": 0, "updated": 0, "unchanged": 3,
                          "repeated": 1, "skipped": 0}


def test_a_paper_repeated_batches_apart_is_repeated_not_unchanged(
        papers: Any, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is written a batch at a time: a paper named again in a later batch was
    counted "unchanged" (or "updated") on a first import, as though the library had held
    it. It is repeated, however far apart the items are, and its last copy is kept."""
    monkeypatch.setattr("papercli.library.IMPORT_BATCH", 2)
    items = [hub_item("2403.00041", "First copy"), hub_item("2403.00042", "Two"),
             hub_item("2403.00043", "Three"), hub_item("2403.00041", "Second copy"),
             hub_item("2403.00044", "Four"), hub_item("2403.00041", "Last copy"),
             hub_item("2403.00044", "Four")]
    src = tmp_path / "hub.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    first = papers("import", str(src))
    assert first.exit_code == 0, first.stderr
    assert first.stderr.strip().endswith(
        "read 7 papers from 1 file: 4 new, 3 repeated in the "
        "file"), first.stderr
    shown = papers("show", "2403.00041", "--offline", "--json")
    assert json.loads(shown.stdout)["title"] == "Last copy"
    again = papers("import", str(src), "--json")
    assert again.json == {"files": 1, "read": 7, "added": 0, "updated": 1, "unchanged": 3,
                          "repeated": 3, "skipped": 0}


def test_a_reference_repeated_batches_apart_is_repeated_not_in_the_library(
        papers: Any, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A BibTeX file's entries are starred a batch at a time: a paper named again in a
    later batch was counted twice as starred and once as "already in the library" on a
    first import, and as unchanged, not repeated. It is repeated, as a JSON file's is."""
    monkeypatch.setattr("papercli.bibimport.BATCH", 2)
    ids = ["2403.00051", "2403.00052", "2403.00053", "2403.00051", "2403.00054",
           "2403.00051", "2403.00054"]
    src = eprint_bib(tmp_path / "refs.bib", ids)
    first = papers("import", str(src), "--offline", "--json")
    assert first.exit_code == 0, first.stderr
    refs = first.json["references"][0]
    assert (refs["starred"], refs["newly_starred"], refs["in_library"],
            refs["from_file"]) == (4, 4, 0, 4), refs
    assert {k: first.json[k] for k in KINDS} == {
        "added": 4, "updated": 0, "unchanged": 0, "repeated": 3, "skipped": 0}
    told = papers("import", str(src), "--offline")
    assert told.exit_code == 0, told.stderr
    assert told.stderr.splitlines() == [
        "papers: refs.bib (BibTeX): 4 already in the library, 3 repeated in the file",
        "papers: 4 stars already there"], told.stderr
    again = papers("import", str(src), "--offline", "--json")
    assert {k: again.json[k] for k in KINDS} == {
        "added": 0, "updated": 0, "unchanged": 4, "repeated": 3, "skipped": 0}


@pytest.mark.parametrize("name", ["refs.bib", "refs.json"])
def test_a_references_repeated_entry_is_said(papers: Any, home: Home, tmp_path: Path,
                                              name: str) -> None:
    """A paper twice in a BibTeX or CSL-JSON file: `--json` counted the entry as
    repeated, but the summary on stderr named only the papers ("2 from the file's
    fields; 2 stars added" for three entries); it says "1 repeated in the file", as a
    Hub JSON file's does."""
    ids = ["2403.00061", "2403.00062", "2403.00061"]
    src = tmp_path / name
    if name.endswith(".bib"):
        eprint_bib(src, ids)
    else:
        src.write_text(json.dumps([{"id": f"k{n}", "type": "article", "title": f"Entry {n}",
                                    "URL": f"https://arxiv.org/abs/{pid}"}
                                   for n, pid in enumerate(ids)]), encoding="utf-8")
    kind = "BibTeX" if name.endswith(".bib") else "CSL-JSON"
    first = papers("import", str(src), "--offline")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.splitlines() == [  # (the marks on a line of their own: 80 columns)
        f"papers: {name} ({kind}): 2 from the file's fields, 1 repeated in the file",
        "papers: 2 stars added"], first.stderr
    again = papers("import", str(src), "--offline")
    assert again.stderr.splitlines() == [
        f"papers: {name} ({kind}): 2 already in the library, 1 repeated in the file",
        "papers: 2 stars already there"], again.stderr
    assert papers("import", str(src), "--offline", "--json").json["repeated"] == 1


def test_a_snapshots_repeated_line_is_repeated_not_unchanged(
        papers: Any, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv's snapshot with a paper on two lines, in one batch and batches apart: the
    later line said "unchanged" where a Hub JSON file says "repeated in the file"; the
    last line (a later version) is the one kept."""
    monkeypatch.setattr("papercli.library.IMPORT_BATCH", 2)
    lines = [snapshot_line("2403.00051"), snapshot_line("2403.00052"),
             snapshot_line("2403.00053"), snapshot_line("2403.00053"),
             snapshot_line("2403.00054"), snapshot_line("2403.00051", version=2)]
    src = tmp_path / "snap.json"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = papers("import", str(src))
    assert first.exit_code == 0, first.stderr
    assert first.stderr.strip() == (
        "papers: read 6 lines from snap.json: 4 new, 2 repeated "
        "in the file"), first.stderr
    shown = papers("show", "2403.00051", "--offline", "--json")
    assert json.loads(shown.stdout)["version"] == 2
    again = papers("import", str(src), "--json")
    assert again.exit_code == 0, again.stderr
    snap = again.json["snapshots"][0]
    # (its first line, v1, set the paper back and the last forward again: "1 updated")
    assert (snap["added"], snap["updated"], snap["unchanged"], snap["repeated"]) == (
        0, 0, 4, 2)
    assert papers("show", "2403.00051", "--offline", "--json").json["version"] == 2
    assert again.json["repeated"] == 2 and summed(again.json) == again.json["read"] == 6


def test_ctrl_c_mid_import_from_stdin_says_what_is_kept(papers: Any, home: Home) -> None:
    """A pipe into `papers import -` stopped by Ctrl-C once the first batch is stored:
    exit 130 with one line saying that batch is kept and how to go on, and the same
    command run again imports the rest, the first batch unchanged."""

    from papercli import library
    from papercli.db.store import Store

    # A batch and nearly another: the reader takes a pipe a megabyte at a time, so the
    # first batch is complete and stored while the second waits for more.
    first = [hub_item(f"2403.{n:05d}", f"Quince study {n}")
             for n in range(2 * library.IMPORT_BATCH - 1)]
    later = [hub_item(f"2404.{n:05d}", f"Medlar study {n}") for n in range(3)]
    kept = library.IMPORT_BATCH

    def stored() -> int:
        if not home.library.exists():
            return 0
        with Store.open(home.library) as store:
            return int(store.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    code, out, text = interrupt_when(lambda: stored() >= library.IMPORT_BATCH, "import", "-",
                                     stdin="".join(json.dumps(i) + "\n" for i in first))
    assert code == 130, text
    assert out == ""
    assert text == (f"papers: error: interrupted — {kept:,} papers kept; pipe it in again "
                    "to resume\n"), text  # (the same command reads the pipe again)
    assert stored() == library.IMPORT_BATCH  # what followed it, not stored

    data = "".join(json.dumps(i) + "\n" for i in first + later)
    again = papers("import", "-", "--json", input=data)
    assert again.exit_code == 0, again.stderr
    counts = json.loads(again.stdout)
    assert (counts["added"], counts["unchanged"]) == (len(first) - kept + len(later), kept)
    assert stored() == len(first) + len(later)


def unread(pipe: int) -> int:
    """Bytes written to `pipe` (either end) that its reader has not read yet."""
    import fcntl
    import struct
    import termios

    return int(struct.unpack("i", fcntl.ioctl(pipe, termios.FIONREAD, b"\0" * 4))[0])


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("source", ["-", "fifo"])
def test_a_signal_the_read_of_a_pipe_did_not_see_still_ends_it(
        home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int,
        code: int, said: str, source: str) -> None:
    """A writer that sent part of a file and waits, its pipe left open: a Ctrl-C landing
    after Python last looked for one and before the read of more began was seen only
    once the pipe gave more, which it never did (killed at the test's deadline). Now
    the read waits in select() beside the signal wakeup (`wakeup`), as a [y/N] question
    does. Here the signal is taken by another thread while the read waits (see
    conftest), which is that case; the same of a named pipe given as FILE."""
    import subprocess

    from conftest import installed_papers, shell_status, signals_taken_elsewhere, until_waiting
    from papercli.db.store import Store

    monkeypatch.setenv("PYTHONPATH", signals_taken_elsewhere(tmp_path / "site"))
    data = json.dumps([hub_item(f"2403.{n:05d}", f"Quince {n}") for n in range(3)])
    fifo = tmp_path / "items.json"
    if source == "fifo":
        os.mkfifo(fifo)
    proc = subprocess.Popen(
        [installed_papers(), "import", "-" if source == "-" else str(fifo)],
        stdin=subprocess.PIPE if source == "-" else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
    writer = proc.stdin.fileno() if proc.stdin else os.open(fifo, os.O_WRONLY)
    try:
        os.write(writer, data[: len(data) // 2].encode())
        while unread(writer):  # its first read has taken it all (the deadline is a net)
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.005)
        until_waiting(proc.pid)  # waiting for more: no look at the flag to come
        proc.send_signal(signum)
        returncode = shell_status(proc.wait(timeout=30))  # (was: killed here, the
        # pipe still open)
        out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdin:
            proc.stdin.close()
        else:
            os.close(writer)
    assert (returncode, out) == (code, b""), err
    # (from standard input, "run the same command" was odd advice: what was piped in is
    # piped in again; a named pipe is read again by the same command)
    again = "pipe it in again" if source == "-" else "run the same command"
    assert err.decode() == f"papers: error: {said} — 0 papers kept; {again} to resume\n"
    with Store.open(home.library) as store:  # nothing of the half-read list stored
        assert store.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 0


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_mid_snapshot_import_says_how_many_papers_it_kept(
        papers: Any, home: Home, tmp_path: Path, signum: int, code: int, said: str) -> None:
    """A snapshot file stopped by Ctrl-C once a batch is stored: the one line says how
    many papers are in the library (exactly what is there), in 80 columns, and the same
    command resumes after them: the rest come in, none twice. `kill` (SIGTERM) the same,
    as "terminated", exit 143, as every other command says it (it said no count)."""
    import sqlite3

    from conftest import interrupt_when, meta_stored

    total = 40_000
    src = tmp_path / "arxiv-metadata-oai-snapshot.json"
    with src.open("w", encoding="utf-8") as out:
        for n in range(total):
            out.write(snapshot_line(f"2405.{n:05d}") + "\n")

    def stored() -> int:
        with sqlite3.connect(home.library) as conn:
            return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    exit_code, out, err = interrupt_when(lambda: meta_stored(home.library, "snapshot:"),
                                         "import", str(src), signum=signum)
    assert (exit_code, out) == (code, ""), err
    kept = stored()
    assert 0 < kept < total
    line = f"papers: error: {said} — {kept:,} papers kept; run the same command to resume"
    assert err == line + "\n"
    assert len(line) <= 80
    again = papers("import", str(src), "--json")
    assert again.exit_code == 0, again.stderr
    snap = again.json["snapshots"][0]
    assert snap["resumed_after_line"] > 0
    assert snap["added"] == total - kept
    assert stored() == total


def test_a_resumed_snapshot_counts_a_paper_named_before_the_interruption_as_repeated(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """Lines after the resume point naming papers the interrupted run stored were "new"
    again, "updated" or "unchanged"; in one run they were repeats, and are now."""
    from conftest import meta_stored

    total = 40_000
    src = tmp_path / "arxiv-metadata-oai-snapshot.json"
    with src.open("w", encoding="utf-8") as out:
        for n in range(total):
            out.write(snapshot_line(f"2405.{n:05d}") + "\n")
        out.write(snapshot_line("2405.00010", version=2) + "\n")  # stored before the cut
        out.write(snapshot_line("2405.00020") + "\n")
        out.write(snapshot_line(f"2405.{total - 1:05d}") + "\n")  # read after it
    whole = papers("import", str(src), "--json", "--no-prepare").json["snapshots"][0]
    assert (whole["added"], whole["repeated"]) == (total, 3)
    assert papers("cache", "clear", "--yes").exit_code == 0

    exit_code, _, err = interrupt_when(lambda: meta_stored(home.library, "snapshot:"),
                                       "import", str(src), "--no-prepare")
    assert exit_code == 130, err
    resumed = papers("import", str(src), "--json", "--no-prepare")
    assert resumed.exit_code == 0, resumed.stderr
    snap = resumed.json["snapshots"][0]
    assert snap["resumed_after_line"] > 0
    kept = snap["resumed_after_line"]
    assert (snap["added"], snap["updated"], snap["unchanged"], snap["repeated"]) == (
        total - kept, 0, 0, 3)
    assert papers("show", "2405.00010", "--offline", "--json").json["version"] == 2


def reference_file(path: Path, kind: str, ids: list[str]) -> Path:
    """A reference manager's file of `kind` (bib, json, ris) naming each of `ids`."""
    if kind == "bib":
        return eprint_bib(path.with_suffix(".bib"), ids)
    if kind == "json":
        items = [{"id": f"key{n}", "type": "article", "title": f"Entry {n}",
                  "URL": f"https://arxiv.org/abs/{pid}"} for n, pid in enumerate(ids)]
        path = path.with_suffix(".json")
        path.write_text(json.dumps(items), encoding="utf-8")
        return path
    path = path.with_suffix(".ris")
    path.write_text("".join(f"TY  - JOUR\nTI  - Entry {n}\nUR  - https://arxiv.org/abs/"
                            f"{pid}\nER  - \n\n" for n, pid in enumerate(ids)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["bib", "json", "ris"])
def test_ctrl_c_mid_reference_import_says_how_many_papers_it_kept(
        papers: Any, home: Home, hub: HubServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """A BibTeX, CSL-JSON or RIS file stopped by Ctrl-C while its second batch is
    fetched said only "every batch stored before it is kept"; now, as a JSON file does,
    how many papers: exactly those starred. The same command then stars the rest, and
    fetches none of the papers it kept again."""
    from conftest import interrupt_when
    from papercli import bibimport

    ids = [f"2402.{n:05d}" for n in range(bibimport.BATCH + 20)]
    for n, pid in enumerate(ids):
        hub.add_paper({**hub_item(pid, f"Paper {n}")["paper"]})
    later = ids[bibimport.BATCH:]
    monkeypatch.setenv("PAPERS_TIMEOUT", "120")
    for pid in later:  # the second batch waits: Ctrl-C comes while it is fetched
        hub.fail("hang", path=f"/api/papers/{pid}", hang=120)
    src = reference_file(tmp_path / "refs", kind, ids)

    code, out, err = interrupt_when(
        lambda: any(r.path.endswith(tuple(later)) for r in hub.requests), "import", str(src))
    assert (code, out) == (130, ""), err
    kept = bibimport.BATCH
    line = (f"papers: error: interrupted — {kept:,} papers kept; run the same command "
            "to resume")
    assert err == line + "\n"
    starred = papers("starred", "--json")
    assert starred.exit_code == 0 and sorted(starred.ids) == ids[:kept], starred.stderr

    hub.state.faults.clear()
    hub.reset_log()
    again = papers("import", str(src), "--json")
    assert again.exit_code == 0, again.stderr
    counts = again.json["references"][0]
    assert (counts["in_library"], counts["fetched"]) == (kept, len(later))
    assert sorted(r.path for r in hub.requests) == [f"/api/papers/{pid}" for pid in later]
    starred = papers("starred", "--json")
    assert sorted(starred.ids) == ids


def test_a_snapshots_bad_lines_warning_names_the_file_as_its_summary_does(
        papers: Any, tmp_path: Path) -> None:
    """A snapshot given by its full path: the bad-lines warning named the file by that
    path and the summary under it by its name; both say the name."""
    folder = tmp_path / "downloads" / "arxiv"
    folder.mkdir(parents=True)
    src = folder / "snap.json"
    src.write_text("\n".join([snapshot_line("2403.00002"), "{broken",
                              snapshot_line("2403.00004")]) + "\n", encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "papers: warning: snap.json: skipped 1 bad line (line 2: not JSON)", \
        lines
    assert lines[1].startswith("papers: read 3 lines from snap.json: 2 new"), lines
    assert str(folder) not in result.stderr


@pytest.mark.parametrize("over", [1, 600_000])
def test_an_item_past_the_size_bound_is_refused_from_a_pipe(
        papers: Any, monkeypatch: pytest.MonkeyPatch, over: int) -> None:
    """`papers import -` reads a pipe a chunk at a time and an item in doubling reads:
    an item with more after it, up to twice MAX_ITEM, got through (a 40 MiB item past
    the 32 MiB bound). One character past the bound is an error, whether it ends in the
    last read or not; an item just within it is read."""
    from papercli import jsonstream

    bound = 2 << 20  # 2 MiB instead of 32: the same reads, a smaller pipe
    monkeypatch.setattr(jsonstream, "MAX_ITEM", bound)

    def item(size: int) -> str:
        """A JSON Lines line of `size` characters and its newline."""
        head = json.dumps(hub_item("2403.00001", "Big"))[:-1] + ', "x": "'
        return head + "y" * (size - len(head) - 2) + '"}\n'

    fits = papers("import", "-", input=item(bound))
    assert fits.exit_code == 0, fits.stderr
    result = papers("import", "-", input=item(bound + over))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("papers: error: standard input has an item over 2 MiB — see "
                             "papers import --help\n")  # (in 80 columns: it made 103)


def test_blank_input_is_skipped_without_a_step_per_character(papers: Any) -> None:
    """50 MB of blanks piped to `papers import -` took ~10 s before "is empty": the blanks
    were stepped over one character at a time in Python. Counted as the lines the reader
    runs (no clock): a megabyte of blanks, then a paper, takes a few dozen, not millions."""
    blanks = b" \n\t\r" * (1 << 18)  # 1 MiB, more than one chunk with what follows
    steps = 0
    from papercli import jsonstream as reader

    jsonstream = reader.__file__

    def count(frame: Any, event: str, arg: Any) -> Any:
        nonlocal steps
        if event == "line":
            steps += 1
        return count

    def calls(frame: Any, event: str, arg: Any) -> Any:
        return count if frame.f_code.co_filename == jsonstream else None

    item = json.dumps([hub_item("2403.00001", "After the blanks")]).encode()
    sys.settrace(calls)
    try:
        empty = papers("import", "-", input=blanks)
        found = papers("import", "-", input=blanks + item + blanks)
    finally:
        sys.settrace(None)
    assert empty.exit_code == 1, empty.stderr
    assert empty.stderr == ("papers: error: standard input is empty — papers import --help "
                            "says what it reads\n")
    assert found.exit_code == 0, found.stderr
    assert steps > 0  # the reader was traced
    assert steps < 5_000, steps


def test_progress_frames_leave_a_narrow_terminals_last_columns_free(
        home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal narrower than the bar (60 columns): each frame filled the last column,
    so the ^C the terminal echoes on Ctrl-C wrapped to a line of its own and the last
    frame was drawn under a stale one. The frames now stay two columns short."""
    import re

    from conftest import installed_papers, stderr_on_terminal

    src = tmp_path / "snap.json"
    src.write_text("".join(snapshot_line(f"2403.{n:05d}") + "\n" for n in range(50)),
                   encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "60")
    code, _, text = stderr_on_terminal([installed_papers(), "import", str(src)])
    assert code == 0, text
    frames = [f for f in re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text))
              if f.startswith("importing")]
    assert frames, text
    assert max(len(f) for f in frames) == 58, frames


def test_a_hub_json_file_shows_a_progress_bar_on_a_terminal_only(
        home: Home, tmp_path: Path) -> None:
    """A year of Hub daily-papers items is ~50 MB and seconds of reading: the file's bytes
    now move a bar on a terminal (before: none, while snapshots and BibTeX had one),
    erased once done, and nothing but the summary when stderr is piped."""
    import re

    from conftest import installed_papers, run_process, screen_lines, stderr_on_terminal

    src = tmp_path / "daily.json"
    src.write_text(json.dumps([hub_item(f"2403.{n:05d}", f"Paper {n}") for n in range(300)]),
                   encoding="utf-8")
    code, stdout, text = stderr_on_terminal([installed_papers(), "import", str(src)])
    assert code == 0, text
    assert stdout == b""
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    frames = re.findall(r"importing daily\.json ━+ ([\d.]+)/([\d.]+) kB", shown)
    assert frames and frames[-1][0] == frames[-1][1], text  # the whole file, read
    assert screen_lines(text) == ["papers: read 300 papers from 1 file: 300 new"]  # the bar erased
    piped = run_process("import", str(src))
    assert piped.returncode == 0, piped.stderr
    assert "━" not in piped.stderr and "\x1b" not in piped.stderr
    assert piped.stderr.startswith("papers: read ") and piped.stderr.count("\n") == 1


def test_the_bar_names_the_file_it_reads(home: Home, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With several files the bar started again at each one, saying nothing of which: it
    now names the file, as data (no escape sequence, no markup read as Rich's)."""
    import re

    from conftest import installed_papers, stderr_on_terminal

    first, second = tmp_path / "first.json", tmp_path / "x\x1b[31m[b]y.json"
    for n, path in enumerate((first, second)):
        path.write_text(json.dumps([hub_item(f"2403.{n}{k:04d}", "T") for k in range(50)]),
                        encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "100")
    code, _, text = stderr_on_terminal([installed_papers(), "import", str(first), str(second)])
    assert code == 0, text
    assert "\x1b[31m[b]" not in text
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    assert re.search(r"importing first\.json ━+ [\d.]+/[\d.]+ kB", shown), shown
    assert re.search(r"importing x\[b\]y\.json ━+ [\d.]+/[\d.]+ kB", shown), shown


def test_the_bars_clock_runs_on_while_papers_are_fetched(
        hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A BibTeX file is read, so its bar full, before the papers the library lacks are
    fetched: the time elapsed stopped there (0:00:00 through a slow fetch, as if hung),
    and the status line saying what it waited for was drawn over by the bar."""
    import re

    from conftest import installed_papers, lines_under, stderr_on_terminal

    src = tmp_path / "refs.bib"
    src.write_text("@article{k, title={A Paper}, author={Ann Example}, year={2024},\n"
                   "  eprint={2403.00001}, archivePrefix={arXiv}}\n", encoding="utf-8")
    hub.fail("hang", hang=1.5)  # the fetch waits 1.5 s, then finds the line closed
    monkeypatch.setenv("COLUMNS", "100")
    code, _, text = stderr_on_terminal([installed_papers(), "import", str(src)])
    assert code == 0, text
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    clocks = re.findall(r"importing refs\.bib ━+ [\d/]+ bytes (\d+):(\d\d):(\d\d)", shown)
    assert clocks, shown
    assert int(clocks[-1][2]) >= 1, clocks  # the last frame counts the wait
    # and what it waits for is said under the bar (it was drawn over by the bar's frames)
    assert "asking the Hub…" in lines_under(text, "importing refs.bib"), shown


def test_the_ids_a_file_named_are_told_apart_in_every_form(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The set of a file's ids keeps most of them as bits (a set of 2.4 million id strings
    took 207 MB): a 4-digit and a 5-digit number, an old-style id, and ids past the last
    bitmap it makes are each told apart from the others and found again."""
    from papercli import repeats

    monkeypatch.setattr(repeats, "MAX_HEADS", 3)
    ids = ["2401.0001", "2401.00001", "2401.10001", "hep-th/9901001", "math/9901001",
           "2402.00001", "2402.00002", "solv-int/9901999"]
    seen = repeats.IdSet()
    assert [seen.add(pid) for pid in ids] == [True] * len(ids)
    assert [seen.add(pid) for pid in ids] == [False] * len(ids)


def test_a_snapshots_summary_of_every_kind_of_line_fits_80_columns(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """Kaggle's file name and every kind of count made one summary line of 188 columns
    piped (a cron job's log): what was read is said on a line of its own, the counts on
    the lines after it, as a CSL-JSON file's summary gives its marks a line of their own."""
    first = tmp_path / "first.json"
    first.write_text("".join(snapshot_line(f"2403.{n:05d}") + "\n" for n in range(2000)),
                     encoding="utf-8")
    assert papers("import", str(first), "--no-prepare").exit_code == 0
    src = tmp_path / "arxiv-metadata-oai-snapshot.json"
    src.write_text("".join([
        *(snapshot_line(f"2403.{n:05d}") + "\n" for n in range(1000)),
        *(snapshot_line(f"2403.{n:05d}", version=2) + "\n" for n in range(1000, 2000)),
        *(snapshot_line(f"2403.{n:05d}") + "\n" for n in range(2000, 13000)),
        snapshot_line("2403.00001") + "\n", "{broken\n",
        *(snapshot_line(f"2403.{n:05d}", "math.OC") + "\n" for n in range(13000, 25000))]),
        encoding="utf-8")
    result = papers("import", str(src), "--category", "cs.CL", "--no-prepare")
    assert (result.exit_code, result.stdout) == (0, "")
    lines = result.stderr.splitlines()
    assert all(len(line) <= 80 for line in lines), result.stderr
    assert lines[1:] == [
        "papers: read 25,002 lines from arxiv-metadata-oai-snapshot.json:",
        "papers: 11,000 new, 1,000 updated, 1,000 unchanged, 1 repeated in the file",
        "papers: skipped 1 bad line, 12,000 not in the chosen categories"], result.stderr


def test_a_hub_files_summary_of_every_kind_of_item_fits_80_columns(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """New, updated, unchanged, repeated and skipped items together made 111 columns."""
    before = [hub_item(f"2403.{n:05d}", f"Paper {n}") for n in range(20)]
    assert papers("import", "-", "--no-prepare", input=json.dumps(before)).exit_code == 0
    items = [*before[:10], *(hub_item(f"2403.{n:05d}", f"Paper {n} v2") for n in range(10, 20)),
             *(hub_item(f"2403.{n:05d}", f"Paper {n}") for n in range(100, 130)),
             hub_item("2403.00129", "Paper 129"), {"bogus": 1}]
    result = papers("import", "-", "--no-prepare", input=json.dumps(items))
    assert (result.exit_code, result.stdout) == (0, "")
    lines = result.stderr.splitlines()
    assert all(len(line) <= 80 for line in lines), result.stderr
    assert lines[1:] == [
        "papers: read 52 papers from standard input:",
        "papers: 30 new, 10 updated, 10 unchanged, 1 repeated in the file, 1 skipped"], \
        result.stderr


@pytest.mark.parametrize("batch", [200, 2])  # in one batch, and batches apart
@pytest.mark.parametrize("kind", ["bib", "ris", "json"])
def test_a_references_repeated_entry_is_kept_as_a_hub_files_is(
        papers: Any, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        kind: str, batch: int) -> None:
    """A paper two entries of a BibTeX, RIS or CSL-JSON file name was stored (offline)
    from the first entry's fields, where a Hub JSON file keeps its later item: the later
    entry's fields are the record, and both entries' keywords its tags."""
    monkeypatch.setattr("papercli.bibimport.BATCH", batch)
    entries = [("2403.00081", "Early draft title", "drafts"),
               ("2403.00082", "Another paper", "other"),
               ("2403.00083", "A third paper", "third"),
               ("2403.00081", "Published title", "final")]
    src = tmp_path / f"refs.{kind}"
    if kind == "bib":
        src.write_text("".join(
            f"@article{{k{n},\n  title = {{{title}}},\n  eprint = {{{pid}}},\n"
            f"  archivePrefix = {{arXiv}},\n  year = {{2024}},\n  keywords = {{{kw}}}\n}}\n"
            for n, (pid, title, kw) in enumerate(entries)), encoding="utf-8")
    elif kind == "ris":
        src.write_text("".join(
            f"TY  - JOUR\nTI  - {title}\nUR  - https://arxiv.org/abs/{pid}\nKW  - {kw}\n"
            "ER  - \n\n" for pid, title, kw in entries), encoding="utf-8")
    else:
        src.write_text(json.dumps([{"id": f"k{n}", "type": "article", "title": title,
                                    "URL": f"https://arxiv.org/abs/{pid}", "keyword": kw}
                                   for n, (pid, title, kw) in enumerate(entries)]),
                       encoding="utf-8")
    result = papers("import", str(src), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert (result.json["added"], result.json["repeated"]) == (3, 1), result.json
    shown = papers("show", "2403.00081", "--offline", "--json").json
    assert shown["title"] == "Published title"
    assert sorted(shown["tags"]) == ["drafts", "final"]
    other = papers("show", "2403.00082", "--offline", "--json").json
    assert other["title"] == "Another paper"  # (a paper named once: as the file has it)


def test_a_repeated_entrys_notes_too_long_together_keep_the_later(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """Two entries' notes are the paper's note together; where the two are more than a
    note may hold, the later entry's is kept (the first was), as its fields are."""
    from papercli.notes import MAX_NOTE

    half = MAX_NOTE * 3 // 5
    src = tmp_path / "refs.bib"
    src.write_text("".join(
        f"@article{{k{n},\n  title = {{Entry {n}}},\n  eprint = {{2403.00091}},\n"
        f"  archivePrefix = {{arXiv}},\n  year = {{2024}},\n"
        f"  annote = {{{word * (half // 6)}}}\n}}\n"
        for n, word in enumerate(("early ", "later "))), encoding="utf-8")
    result = papers("import", str(src), "--offline")
    assert result.exit_code == 0, result.stderr
    note = papers("show", "2403.00091", "--offline", "--json").json["note"]
    assert note.startswith("later later") and "early" not in note
