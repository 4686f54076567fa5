"""What is fetched together is stored together: a paper page's record, the mark that it
came from the page and its linked artefacts, or an arXiv announcement's papers and their
announce types, land in one transaction. A fault between the two writes (Ctrl-C, a disk
failing) used to leave the first stored and marked as fetched without the second, never
fetched again; now the library holds the whole of it or none, and the next command fetches
it again. Through `main()`, on a real SQLite library, against the loopback servers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from arxivserver import ArxivServer, Paper
from conftest import TODAY, Home, Papers, one_line
from hubserver import HubServer, seed_items
from papercli.db.store import Store
from papercli.linked import Links

SEED = seed_items()
PID = SEED[0]["paper"]["id"]


def _interrupted() -> BaseException:
    return KeyboardInterrupt()


def _disk_failed() -> BaseException:
    """What SQLite raises when the disk fails under a write."""
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorname = "SQLITE_IOERR"
    return exc


FAULTS = [pytest.param(_interrupted, 130, id="ctrl-c"),
          pytest.param(_disk_failed, 1, id="disk-error")]


def _page_rows(home: Home, paper_id: str) -> tuple[object, object, object]:
    """The paper's row, its page mark and its links row, as the library holds them."""
    with sqlite3.connect(home.library) as conn:
        return (conn.execute("SELECT num_models FROM papers WHERE id = ?",
                             (paper_id,)).fetchone(),
                conn.execute("SELECT value FROM meta WHERE key = ?",
                             (f"detail:{paper_id}",)).fetchone(),
                conn.execute("SELECT items FROM paper_links WHERE paper_id = ?",
                             (paper_id,)).fetchone())


@pytest.mark.parametrize(("fault", "code"), FAULTS)
def test_a_paper_page_is_stored_with_its_links_or_not_at_all(
        papers: Papers, hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch,
        fault: Callable[[], BaseException], code: int) -> None:
    hub.set_day(TODAY, SEED[:4])
    hub.set_links(PID, linkedModels=[{"id": "acme/llama-fr-7b", "likes": 40}],
                  numTotalModels=12)

    def links_fail(self: Links) -> object:  # the links' write, after the record's
        raise fault()

    with monkeypatch.context() as patched:
        patched.setattr(Links, "stored", links_fail)
        failed = papers("show", PID, "--json")
    assert failed.exit_code == code, failed.stderr
    if code == 1:
        assert "the disk failed while writing the library" in one_line(failed.stderr)
    # none of the page: not a record marked as fetched that has no links
    assert _page_rows(home, PID) == (None, None, None)
    # so the next look fetches the page again, and keeps all of it
    hub.reset_log()
    shown = papers("show", PID, "--json")
    assert shown.exit_code == 0, shown.stderr
    assert hub.count(f"/api/papers/{PID}") == 1
    assert shown.json["num_models"] == 12
    assert [m["id"] for m in shown.json["linked_models"]] == ["acme/llama-fr-7b"]
    row, mark, links = _page_rows(home, PID)
    assert row == (12,) and mark is not None and links is not None
    hub.reset_log()
    again = papers("show", PID, "--json", "--offline")
    assert again.json == shown.json and hub.count("/") == 0


MONDAY = datetime(2024, 1, 15, 5, tzinfo=UTC)
TUESDAY = datetime(2024, 1, 16, 5, tzinfo=UTC)


@pytest.mark.parametrize(("fault", "code"), FAULTS)
def test_an_announcement_is_stored_with_its_types_or_not_at_all(
        papers: Papers, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch,
        fault: Callable[[], BaseException], code: int) -> None:
    """Tuesday's announcement replaces 2401.09001 (new on Monday) and brings 2401.09002.
    Stored without its types, Monday's said 2401.09001 was new, in Tuesday's listing."""
    arx.next_announcement(MONDAY, Paper("2401.09001", "Monday's paper", ["cs.CL"], MONDAY))
    monkeypatch.setenv("PAPERS_NOW", "2024-01-15T12:00:00Z")
    assert papers("arxiv", "cs.CL", "--new-only", "-q").stdout.split() == ["2401.09001"]
    arx.next_announcement(
        TUESDAY, Paper("2401.09001", "Monday's paper, revised", ["cs.CL"], MONDAY, version=2),
        Paper("2401.09002", "Tuesday's paper", ["cs.CL"], TUESDAY))
    monkeypatch.setenv("PAPERS_NOW", "2024-01-16T12:00:00Z")
    set_meta = Store.set_meta

    def types_fail(self: Store, key: str, value: str) -> None:  # after the listing's rows
        if key.startswith("announce:"):
            raise fault()
        set_meta(self, key, value)

    with monkeypatch.context() as patched:
        patched.setattr(Store, "set_meta", types_fail)
        failed = papers("arxiv", "cs.CL", "-q")
    assert failed.exit_code == code, failed.stderr
    if code == 1:
        assert "the disk failed while writing the library" in one_line(failed.stderr)
    # Monday's announcement, whole: its papers as they were, with its own types
    kept = papers("arxiv", "cs.CL", "--new-only", "--offline", "--json")
    assert kept.ids == ["2401.09001"] and kept.json[0]["version"] == 1
    # and Tuesday's is fetched next time (a day old, Monday's is not fresh)
    before = arx.count("/rss")
    tuesday = papers("arxiv", "cs.CL", "--new-only", "-q")
    assert tuesday.exit_code == 0, tuesday.stderr
    assert arx.count("/rss") == before + 1 and tuesday.stdout.split() == ["2401.09002"]
    offline = papers("arxiv", "cs.CL", "--new-only", "--offline", "-q")
    assert offline.stdout.split() == ["2401.09002"]
