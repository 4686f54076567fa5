"""A count that keeps only ids (`trends -k`, a watch's count) reads each row with just
the columns the word filters check (`records.words_paper`) and checks only those filters:
the same papers pass, and the same damage is found, as when whole papers are read."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.db import records
from papercli.db.records import COLUMNS, WORD_COLUMNS
from papercli.db.search import Budget
from papercli.db.store import Store
from papercli.filters import Filter
from papercli.models import Paper

WORDS = [COLUMNS.index(c) for c in WORD_COLUMNS]
CHECKED = {"summary", "authors", "ai_keywords", "author_accounts"}


def _sound_row(tmp: Path) -> list[object]:
    """A row as the library stores it (the abstract compressed), read back raw."""
    with Store.open(tmp / "library.db") as store:
        store.import_papers([Paper(id="2401.01055", title="Models of agents",
                                   summary="We study agents. " * 30,
                                   authors=("Ada Lovelace", "Alan Turing"),
                                   ai_keywords=("agents", "planning"),
                                   ai_summary="A summary. " * 20, upvotes=3)], {})
    conn = sqlite3.connect(tmp / "library.db")
    row = list(conn.execute(f"SELECT {', '.join(COLUMNS)} FROM papers").fetchone())
    conn.close()
    assert type(row[COLUMNS.index("summary")]) is bytes  # the packed form is what is read
    return row


ROW = _sound_row(Path(tempfile.mkdtemp()))
VALUES = st.one_of(
    st.none(), st.integers(), st.text(max_size=20), st.binary(max_size=12),
    st.sampled_from(["not json", "[1, 2]", '["ok", 3]', '["a"]', "[]", "{}", "",
                     '["' + "x" * 600 + '"]', "2401.01055", "Some title"]),
    st.sampled_from([records.pack("a packed text " * 40), b"x\x9c\x01\x02",
                     records.pack("ok")]),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.dictionaries(st.one_of(st.sampled_from(WORD_COLUMNS), st.sampled_from(COLUMNS)),
                       VALUES, max_size=4))
def test_the_word_columns_read_as_a_whole_paper_reads_them(damage: dict[str, object]) -> None:
    row = list(ROW)
    for column, value in damage.items():
        row[COLUMNS.index(column)] = value
    whole, whole_bad = records.paper(row)
    light, light_bad = records.words_paper([row[i] for i in WORDS])
    if whole is None:
        assert light is None and light_bad == whole_bad
        return
    assert light is not None
    for field in ("id", "title", "summary", "authors", "ai_keywords", "author_accounts"):
        assert getattr(light, field) == getattr(whole, field), field
    assert set(light_bad) == set(whole_bad) & CHECKED


@pytest.mark.parametrize("values", [
    {"keywords": ("agent",)}, {"excludes": ("agent",)}, {"authors": ("turing",)},
    {"keywords": ("agent",), "min_upvotes": 3}, {"keywords": ("agent",), "min_upvotes": 6},
    {"authors": ("lovelace",), "excludes": ("planning",), "families": ("LLaMA",)},
])
def test_a_count_of_ids_passes_the_papers_a_whole_read_passes(tmp_path: Path,
                                                              values: dict[str, object]) -> None:
    papers = [Paper(id=f"2401.{i:05d}", title=f"Paper {i}" + (" on an agent" if i % 3 else ""),
                    summary="We study planning. " * (i % 4), upvotes=i % 7,
                    authors=("Alan Turing",) if i % 2 else ("Ada Lovelace",),
                    ai_keywords=("planning",) if i % 5 else (),
                    families=("LLaMA",) if i % 4 == 0 else ())
              for i in range(1, 120)]
    flt = Filter(**values)
    with Store.open(tmp_path / "library.db") as store:
        store.import_papers(papers, {})
        everything = ("1 = 1", [])
        light = store.passing_ids(flt, everything)
        whole = [p.id for p in store._walk(flt, "", Budget(), also=everything, asked=True)]
        stored = [store.get_paper(p.id) for p in papers]
        assert sorted(light) == sorted(whole) == sorted(
            p.id for p in stored if p is not None and flt.matches(p))
        assert whole and len(whole) < len(papers)  # the case says something
        assert store.count_within(flt) == (len(whole), True)


def test_past_a_full_page_the_count_reads_the_word_columns_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`search -x WORD -n 3`: the page's rows are whole papers; the rows read past it only
    to count are read with their word columns (the count the same either way)."""
    from papercli.db import records as records_module

    papers = [Paper(id=f"2401.{i:05d}", title=f"Paper {i}" + (" zebra" if i % 4 == 0 else ""),
                    summary="Words. " * 20) for i in range(1, 301)]
    read = {"paper": 0, "words_paper": 0}
    for name in read:
        real = getattr(records_module, name)

        def counted(values: object, real: object = real, name: str = name) -> object:
            read[name] += 1
            return real(values)  # type: ignore[operator]

        monkeypatch.setattr(records_module, name, counted)
    with Store.open(tmp_path / "library.db") as store:
        store.import_papers(papers, {})
        read.update(paper=0, words_paper=0)
        found = store.browse(Filter(excludes=("zebra",)), limit=3)
    assert len(found.papers) == 3 and not any("zebra" in p.title for p in found.papers)
    assert found.total == 225 and found.exact
    assert read == {"paper": 100, "words_paper": 200}, read  # the page's chunk, then 2 more
