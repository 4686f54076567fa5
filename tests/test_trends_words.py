"""papers trends WORD...: rows of words a user names, each the papers holding the word as
--keyword reads it, counted here from the fixture (not by the same SQL)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from conftest import TODAY, Home
from papercli.models import Paper
from test_trends import SINCE, build_library, day_of, start_of


def holds(paper: Paper, word: str) -> bool:
    """The fixture's words: "alpha" in some titles, AI keywords such as "video"."""
    text = " ".join([paper.title or "", paper.summary, *paper.ai_keywords]).casefold()
    return word.casefold() in text.split()


def expected(papers: list[Paper], word: str, since: str) -> dict[str, int]:
    per: Counter[str] = Counter()
    for p in papers:
        d = day_of(p)
        if since <= d.isoformat() <= TODAY.isoformat() and holds(p, word):
            per[start_of(d, "month").isoformat()] += 1
    return dict(per)


def test_each_word_is_a_row_of_the_papers_holding_it(papers, home: Home) -> None:
    built = build_library(home)
    since = start_of(SINCE, "month").isoformat()
    done = papers("trends", "alpha", "video", "--since", since, "--json")
    assert done.exit_code == 0, done.stderr
    doc = done.json
    assert doc["by"] == "word"
    starts = [p["start"] for p in doc["periods"]]
    rows = {s["name"]: s for s in doc["series"]}
    assert set(rows) == {"alpha", "video"}
    for word, row in rows.items():
        want = expected(built, word, since)
        assert want, word  # (the fixture holds the word)
        for start, count, period in zip(starts, row["counts"], doc["periods"], strict=True):
            assert count == (want.get(start, 0) if period["covered"] else None), (word, start)
        assert row["total"] == sum(want.values())
    # The rows' papers are a share of all the range's papers, which stay the denominator.
    assert doc["papers"] == sum(1 for p in built if since <= day_of(p).isoformat())


def test_a_word_no_paper_holds_is_a_row_of_zeros_and_case_repeats_are_one(
        papers, home: Home) -> None:
    build_library(home)
    done = papers("trends", "Alpha", "alpha", "zebrafish", "--since", SINCE.isoformat(),
                  "--json")
    assert done.exit_code == 0, done.stderr
    rows = {s["name"]: s for s in done.json["series"]}
    assert set(rows) == {"Alpha", "zebrafish"}
    assert rows["zebrafish"]["total"] == 0
    assert {c for c in rows["zebrafish"]["counts"] if c is not None} == {0}


def test_filters_narrow_the_words_rows(papers, home: Home) -> None:
    built = build_library(home)
    since = start_of(SINCE, "month").isoformat()
    done = papers("trends", "alpha", "-F", "Qwen", "--since", since, "--json")
    assert done.exit_code == 0, done.stderr
    [row] = done.json["series"]
    want = sum(1 for p in built if "Qwen" in p.families and holds(p, "alpha")
               and since <= day_of(p).isoformat())
    assert 0 < row["total"] == want < sum(expected(built, "alpha", since).values())


def test_the_chart_names_the_words_and_says_how_a_word_counts(papers, home: Home) -> None:
    build_library(home)
    done = papers("trends", "alpha", "--since", SINCE.isoformat(), env={"COLUMNS": "80"})
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Papers per month by word · ")
    assert lines[1].split()[0] == "Word"
    assert any(line.split()[:1] == ["alpha"] for line in lines)
    assert "a word counts the papers holding it as a whole word" in " ".join(done.stdout.split())


@pytest.mark.parametrize(("args", "said"), [
    (("llava", "--by", "org"), "papers: error: words given are the rows: leave out --by or "
                                "the words"),
    (("llava", "-n", "3"), "papers: error: words given are the rows: leave out --top or "
                           "the words"),
    (("  ",), "papers: error: an empty word counts nothing: give a word, or a phrase in "
              "quotes"),
    # (`*` alone is no word: -k refuses it; a row of it counted every paper)
    (("alpha", "*"), "papers: error: an empty word counts nothing: give a word, or a phrase "
                     "in quotes"),
    (("** ",), "papers: error: an empty word counts nothing: give a word, or a phrase in "
               "quotes"),
])
def test_words_with_what_chooses_rows_is_a_usage_error(papers, args: tuple[str, ...],
                                                        said: str) -> None:
    done = papers("trends", *args)
    assert done.exit_code == 2, done.stdout
    assert done.stderr.strip() == said and len(said) <= 80
    assert done.stdout == ""


def test_more_words_than_a_chart_holds_is_a_usage_error(papers) -> None:
    done = papers("trends", *(f"w{i}" for i in range(101)))
    assert done.exit_code == 2
    assert done.stderr.strip() == ("papers: error: 101 words: a chart holds at most 100 rows "
                                   "— give fewer words")


def test_the_json_names_the_words_asked_in_order_and_how_a_word_counts(
        papers, home: Home) -> None:
    build_library(home)
    done = papers("trends", "zebrafish", "Video", "alpha", "video", "--since",
                  SINCE.isoformat(), "--json")
    assert done.exit_code == 0, done.stderr
    doc = done.json
    # As asked (a case repeat once), whatever order the rows' totals put them in.
    assert doc["words"] == ["zebrafish", "Video", "alpha"]
    assert {s["name"] for s in doc["series"]} == set(doc["words"])
    assert "whole word" in doc["word_rule"] and "-k" in doc["word_rule"]
    # Rows of families say no words.
    other = papers("trends", "--since", SINCE.isoformat(), "--json")
    assert "words" not in other.json and "word_rule" not in other.json


def test_the_rows_come_in_the_order_asked_in_every_format(papers, home: Home) -> None:
    """`papers trends llava diffusion` listed diffusion first, as it has more papers:
    the words' rows are in the order asked (after "all papers"), as "words" keeps it."""
    built = build_library(home)
    since = start_of(SINCE, "month").isoformat()
    totals = {w: sum(expected(built, w, since).values()) for w in ("alpha", "video")}
    assert totals["alpha"] != totals["video"]  # (else most-first could match by chance)
    # The fewest papers first, a word no paper holds first of all: the reverse of most
    # papers first.
    asked = ["zebrafish", *sorted(totals, key=totals.__getitem__)]
    args = ("trends", *asked, "--since", since)
    doc = papers(*args, "--json").json
    assert doc["words"] == asked
    assert [s["name"] for s in doc["series"]] == asked
    text = papers(*args, "--format", "csv")
    assert text.exit_code == 0, text.stderr
    rows = list(csv.DictReader(io.StringIO(text.stdout)))
    assert list(dict.fromkeys(r["label"] for r in rows)) == ["all papers", *asked]
    chart = papers(*args, env={"COLUMNS": "80"})
    assert chart.exit_code == 0, chart.stderr
    lines = chart.stdout.splitlines()
    assert lines[1].split()[0] == "Word"  # (the title, the header, then the rows)
    assert [line.split()[0] for line in lines[2:3 + len(asked)]] == ["all", *asked]
    # Rows chosen by --by keep the most papers first.
    families = papers("trends", "--since", since, "--json").json["series"]
    assert len(families) > 1
    assert [s["total"] for s in families] == sorted((s["total"] for s in families),
                                                    reverse=True)


def test_a_word_that_names_a_family_says_the_family_counts_apart(papers, home: Home) -> None:
    build_library(home)
    done = papers("trends", "qwen", "alpha", "--since", SINCE.isoformat(),
                  env={"COLUMNS": "80"})
    assert done.exit_code == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert ("qwen is also a model family: its row counts the word as -k reads it, where "
            "-F Qwen counts the family by every name it goes by.") in said
    plain = papers("trends", "alpha", "--since", SINCE.isoformat(), env={"COLUMNS": "80"})
    assert plain.exit_code == 0, plain.stderr
    assert "also a model family" not in " ".join(plain.stdout.split())


def test_many_words_say_how_far_they_are_and_read_each_paper_once(
        home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each word is its own walk of the papers that may hold it: 32 common words took
    20 s on 10,000 papers in silence. One status line says how many words and how far
    (drawn on a terminal when it outlasts its delay), and a paper read for one word is
    not read again for the next (up to search.SEEN_MOST)."""
    from typing import Any

    from papercli import trends
    from papercli.db import connection, records, search
    from papercli.session import Session

    built = build_library(home)
    in_range = [p for p in built if SINCE <= day_of(p) <= TODAY]
    first = Session.create(offline=True)
    try:  # (the search index built first: it says so on a status line of its own)
        trends.compute(first, since=SINCE, words=("alpha",))
    finally:
        first.close()
    read: list[int] = []
    real = records.row_to_paper

    def counted(row: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(1)
        return real(row, *args, **kwargs)

    monkeypatch.setattr(search, "row_to_paper", counted)
    monkeypatch.setattr(search, "CANDIDATES", 1)  # every word reads the whole range
    monkeypatch.setattr(connection, "PROGRESS_EVERY", 0.0)
    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    try:
        built_trends = trends.compute(session, since=SINCE, words=("alpha", "video", "beta"))
    finally:
        session.close()
    assert {s.name for s in built_trends.series} == {"alpha", "video", "beta"}
    assert len(read) == len(in_range)
    assert said[0] == "counting the papers holding each of 3 words…" and said[-1] is None
    assert said[1:-1] == [f"{said[0]} {n}%" for n in (33, 66, 100)], said
