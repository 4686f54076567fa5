"""The search's title-first pass (db/textquery._title_first): a page decided by the papers
with a word in the title is the page the whole query gives, it stands aside when another
paper could outscore it, and its count is an honest lower bound, said as one.

The pass only runs when a query has many matches (textquery.CHEAP); here that bound is
set to 0 so a library of a few hundred papers exercises it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from papercli.db import textindex, textquery
from papercli.db.store import Store
from papercli.filters import Filter

VOCABULARY = ["graph", "neural", "sparse", "attention", "diffusion", "vision", "language",
              "model", "robot", "policy", "token", "reward", "learning", "network",
              "scaling", "data"]
TRAPS = 5  # papers with "sparse" all over their AI keywords and abstract, not the title


def item(n: int, title: str, summary: str, keywords: list[str], upvotes: int) -> dict[str, Any]:
    stamp = f"2024-03-{1 + n % 28:02d}T08:00:00.000Z"
    return {"paper": {"id": f"2403.{n:05d}", "title": title, "summary": summary,
                      "authors": [{"name": "Ann Example"}], "publishedAt": stamp,
                      "submittedOnDailyAt": stamp, "upvotes": upvotes,
                      "ai_keywords": keywords},
            "publishedAt": stamp, "title": title, "numComments": 0}


def library_items(upvotes_shift: int = 0) -> list[dict[str, Any]]:
    """Papers of a small vocabulary (titles short and long), 60 with "sparse" once in a
    very long title, and TRAPS with it only in keywords and abstract, many times: those
    outrank every title match, so titles alone must not decide a "sparse" page."""
    rng = random.Random(7)
    items = []
    for n in range(400):
        title = " ".join(rng.choices(VOCABULARY[:2] + VOCABULARY[3:], k=rng.randint(3, 12)))
        summary = " ".join(rng.choices(VOCABULARY, k=rng.randint(30, 80)))
        keywords = rng.sample(VOCABULARY[:2] + VOCABULARY[3:], 3)
        if n % 30 == 0:
            title += " for LLaMA"  # a family: a narrow filter
        items.append(item(n, title, summary.replace("sparse", "dense"), keywords,
                          (n * 7 + upvotes_shift) % 60))
    for n in range(400, 460):
        long_title = "sparse " + " ".join(rng.choices(VOCABULARY[3:], k=40))
        items.append(item(n, long_title, "we study networks " * 10, ["graph"], n % 60))
    for n in range(460, 460 + TRAPS):
        items.append(item(n, "A study of attention", "sparse " * 5 + "networks " * 20,
                          ["sparse", "sparse coding", "sparse experts", "sparse attention",
                           "sparse models", "sparse data"], n % 60))
    return items


@pytest.fixture
def library(papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    src = tmp_path / "items.json"
    src.write_text(json.dumps(library_items()), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    monkeypatch.setattr(textquery, "CHEAP", 0)
    return home.library


TITLE_FIRST = textquery._title_first


class Spy:
    """What `_title_first` answered: a page, or None (the whole query ran)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[bool] = []

        def spy(*args: Any) -> Any:
            out = TITLE_FIRST(*args)
            self.answers.append(out is not None)
            return out

        monkeypatch.setattr(textquery, "_title_first", spy)


def both(store: Store, monkeypatch: pytest.MonkeyPatch, text: str, limit: int,
         flt: Filter | None = None, without: tuple[str, ...] = ()
         ) -> tuple[textquery.Hits, textquery.Hits, list[bool]]:
    """The search with the title-first pass, then with the whole query only."""
    spy = Spy(monkeypatch)
    got = textquery.search(store, text, flt, limit, without=without)
    monkeypatch.setattr(textquery, "_title_first", lambda *args: None)
    whole = textquery.search(store, text, flt, limit, without=without)
    return got, whole, spy.answers


SHAPES = ["graph", "model", '"graph neural"', "graph neural", "grap*", "token reward",
          "sparse", "sparse graph", '"neural network"', "learning graph scaling"]


@pytest.mark.parametrize("text", SHAPES)
@pytest.mark.parametrize("limit", [1, 7, 30])
def test_the_page_is_the_whole_querys(library: Path, monkeypatch: pytest.MonkeyPatch,
                                      text: str, limit: int) -> None:
    with Store.open(library) as store:
        for flt, without in [(None, ()), (Filter(min_upvotes=20), ()),
                             (None, ("2403.00001", "2403.00002", "2403.00003"))]:
            got, whole, _ = both(store, monkeypatch, text, limit, flt, without)
            assert [p.id for p in got.papers] == [p.id for p in whole.papers]
            assert got.total <= whole.total  # a lower bound at worst
            assert not got.exact or got.total == whole.total
            assert whole.exact


def test_a_common_word_is_decided_by_titles_and_counted_as_at_least(
        library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(library) as store:
        got, whole, answers = both(store, monkeypatch, "graph", 10)
    assert answers == [True]
    assert not got.exact
    # one plain word: the most papers holding it in one field
    items = [i["paper"] for i in library_items()]
    holding = max(sum("graph" in p[field] if field == "ai_keywords" else
                      "graph" in p[field].split() for p in items)
                  for field in ("title", "summary", "ai_keywords"))
    assert got.total == holding < whole.total


def test_papers_that_outscore_every_title_match_are_not_left_out(
        library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(library) as store:
        got, whole, answers = both(store, monkeypatch, "sparse", 10)
    assert answers == [False]  # the titles could not decide: the whole query ran
    traps = {f"2403.{n:05d}" for n in range(460, 460 + TRAPS)}
    assert traps <= {p.id for p in got.papers[:TRAPS]}
    assert got.exact and got.total == whole.total == 60 + TRAPS


def test_replaced_papers_never_inflate_the_count(papers, library: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Importing half the papers again replaces their documents: the old ones stay in the
    # index as deleted documents (until a merge), which its word counts still include.
    again = tmp_path / "again.json"
    again.write_text(json.dumps(library_items(upvotes_shift=3)[::2]), encoding="utf-8")
    assert papers("import", str(again)).exit_code == 0
    with Store.open(library) as store:
        searcher = textindex.open_index(store).searcher()  # type: ignore[union-attr]
        assert searcher.doc_freq("summary", "graph") > searcher.num_docs * 0.9  # stale counts
        for text in SHAPES:
            got, whole, _ = both(store, monkeypatch, text, 5)
            assert [p.id for p in got.papers] == [p.id for p in whole.papers]
            assert got.total <= whole.total
        # and titles still come first: the word's weight counts the deleted documents
        # as its word counts do (an idf from the live ones alone put abstracts first)
        got, _, answers = both(store, monkeypatch, "graph", 20)
        assert answers == [True]
        assert all("graph" in p.title.split() for p in got.papers)


def test_the_caption_says_at_least(papers, library: Path) -> None:  # type: ignore[no-untyped-def]
    shown = papers("search", "graph", "--offline", "-n", "3", "--no-pager")
    assert shown.exit_code == 0, shown.stderr
    assert "3 of at least " in shown.stdout
    rare = papers("search", "sparse", "--offline", "-n", "3", "--no-pager")
    assert f"3 of {60 + TRAPS} papers" in rare.stdout


def test_a_narrow_filter_runs_the_whole_query_and_counts_exactly(
        library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    llama = Filter(families=("LLaMA",))
    with Store.open(library) as store:
        got, whole, answers = both(store, monkeypatch, "graph", 3, llama)
        assert answers == [True]  # CHEAP is 0: the title-first pass runs
        monkeypatch.setattr(textquery, "CHEAP", 14)  # the LLaMA papers: 400 / 30
        got, whole, answers = both(store, monkeypatch, "graph", 3, llama)
    assert answers == [False]
    assert got.exact and got.total == whole.total
    assert [p.id for p in got.papers] == [p.id for p in whole.papers]


def test_several_words_are_asked_one_field_each_with_the_same_page(
        library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two words: the title-first page comes from the split queries (`_split`), and it is
    the whole query's page, order and all, with the one query's count; three words are
    asked as one query, with the same page."""
    split = textquery._split
    used: list[bool] = []

    def spy(*args: Any) -> Any:
        out = split(*args)
        used.append(out is not None)
        return out

    monkeypatch.setattr(textquery, "_split", spy)
    with Store.open(library) as store:
        for text, asked in [("graph neural", [True]), ("token reward", [True]),
                            ("learning graph scaling", [])]:
            for limit in (3, 20):
                used.clear()
                monkeypatch.setattr(textquery, "_title_first", TITLE_FIRST)
                got, whole, answers = both(store, monkeypatch, text, limit)
                assert used == asked, text
                assert answers == [True], text
                assert [p.id for p in got.papers] == [p.id for p in whole.papers]
                assert 0 < got.total <= whole.total and not got.exact
                # the split's counts add up to the one query's count: each paper once
                monkeypatch.setattr(textquery, "_title_first", TITLE_FIRST)
                monkeypatch.setattr(textquery, "_split", lambda *args: None)
                one = textquery.search(store, text, None, limit)
                assert not one.exact  # the title-first pass, as one query
                monkeypatch.setattr(textquery, "_split", spy)
                assert [p.id for p in one.papers] == [p.id for p in got.papers]
                assert one.total == got.total
