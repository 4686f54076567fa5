"""A bulk import queues its new papers for the search index in one statement per batch
(Store._queued_in_bulk drops the queue's insert trigger inside the batch's transaction
and makes it again): the trigger is back as it was, every written paper is queued once,
and a batch that fails part-way leaves the library, the queue and the trigger as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from papercli.db.store import Store
from papercli.models import Paper


def paper(n: int, title: str = "") -> Paper:
    return Paper(id=f"2403.{n:05d}", title=title or f"Paper {n}", summary="A study.",
                 published_at="2024-03-01T00:00:00Z", sources=("hf",))


def trigger_sql(store: Store) -> str | None:
    row = store.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                             "AND name = 'search_queue_insert'").fetchone()
    return None if row is None else str(row[0])


def queued(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT paper_id FROM search_queue ORDER BY seq")]


def test_an_import_batch_queues_new_and_updated_papers_and_keeps_the_trigger(
        tmp_path: Path) -> None:
    with Store.open(tmp_path / "library.db") as store:
        before = trigger_sql(store)
        assert before is not None
        store.import_papers([paper(1), paper(2)], {"2024-03-01": ["2403.00001", "2403.00002"]})
        assert trigger_sql(store) == before
        assert queued(store) == ["2403.00001", "2403.00002"]
        # an updated paper is queued by the update trigger, a new one in bulk
        store.import_papers([paper(2, "Renamed"), paper(3)], {})
        assert sorted(queued(store)[2:]) == ["2403.00002", "2403.00003"]
        assert store.get_paper("2403.00002").title == "Renamed"  # type: ignore[union-attr]
        # the trigger still works for every other write path
        store.upsert_papers([paper(4)])
        assert queued(store)[-1] == "2403.00004"
        assert trigger_sql(store) == before


def test_a_batch_that_fails_leaves_library_queue_and_trigger_as_they_were(
        tmp_path: Path) -> None:
    with Store.open(tmp_path / "library.db") as store:
        store.import_papers([paper(1)], {})
        before = (trigger_sql(store), queued(store), store.count_papers())

        def broken(p: Paper) -> list[str]:  # fails inside the batch, trigger dropped
            if p.id == "2403.00006":
                raise sqlite3.OperationalError("disk I/O error")
            return []

        store.families_fn = broken
        with pytest.raises(sqlite3.OperationalError):
            store.import_papers([paper(5), paper(6)], {"2024-03-01": ["2403.00005"]})
        store.families_fn = None
        assert (trigger_sql(store), queued(store), store.count_papers()) == before
        store.upsert_papers([paper(7)])
        assert queued(store)[-1] == "2403.00007"
