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
    # (`*` alone is no word: -k refuses it; a row of it counted every paper. It is said
    # as what it is: "an empty word" it was not, to whoever typed it)
    (("alpha", "*"), "papers: error: '*' has no letters or digits: it counts nothing — "
                     "give a word"),
    (("** ",), "papers: error: '** ' has no letters or digits: it counts nothing — give a "
               "word"),
    (("*" * 70,), "papers: error: '**********…' has no letters or digits: it counts "
                  "nothing"),  # (80 columns: said shorter)
    (("",), "papers: error: an empty word counts nothing: give a word, or a phrase in "
            "quotes"),
    # (punctuation alone is no word either: `-` charted the papers with a dash between
    # spaces, `"` those with a quote, as though each were a word)
    (("--", "-"), "papers: error: '-' has no letters or digits: it counts nothing — give a "
                  "word"),
    (("-",), "papers: error: '-' has no letters or digits: it counts nothing — give a word"),
    (("--", "--"), "papers: error: '--' has no letters or digits: it counts nothing — give "
                   "a word"),
    (('"',), "papers: error: '\"' has no letters or digits: it counts nothing — give a "
             "word"),
    (("--", "alpha", "- -*"), "papers: error: '- -*' has no letters or digits: it counts nothing "
                              "— give a word"),
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


# Papers whose only date is their id's month (an old import's: a list shows "2026-07"),
# two in the fixture's range holding "alpha", one long before it.
MONTH_ONLY = [
    {"id": "2607.04401", "title": "Alpha Tides Without a Day", "summary": "Invented."},
    {"id": "2607.04402", "title": "Alpha Shoals Without a Day", "summary": "Invented."},
    {"id": "2401.04403", "title": "Alpha Reefs of Long Ago", "summary": "Invented."},
]


def with_month_only(papers, home: Home, tmp_path) -> list[Paper]:
    import json

    built = build_library(home)
    source = tmp_path / "month-only.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in MONTH_ONLY), encoding="utf-8")
    done = papers("import", str(source))
    assert done.exit_code == 0, done.stderr
    shown = papers("search", "--offline", "--since", "2026-07-01", "--until", "2026-07-31",
                   "-k", "alpha", "--format", "ids")
    assert {"2607.04401", "2607.04402"} <= set(shown.stdout.split())  # (month-only, as said)
    return built


def test_by_months_a_paper_dated_only_by_its_month_counts_in_it(
        papers, home: Home, tmp_path) -> None:
    """A paper whose only date is its id's month was "not counted: without a usable
    date" (`papers trends` by family said so, a word's row said nothing): a month is all
    a chart by months needs, so it counts there, in its word's row and in all papers',
    and the Counted by line says so. One whose month is outside the range is not in it."""
    built = with_month_only(papers, home, tmp_path)
    since = start_of(SINCE, "month").isoformat()
    done = papers("trends", "alpha", "--since", since, "--json")
    assert done.exit_code == 0, done.stderr
    doc = done.json
    want = expected(built, "alpha", since)
    want["2026-07-01"] = want.get("2026-07-01", 0) + 2
    [row] = doc["series"]
    for period, count in zip(doc["periods"], row["counts"], strict=True):
        assert count == (want.get(period["start"], 0) if period["covered"] else None), period
    dated = sum(1 for p in built if since <= day_of(p).isoformat())
    assert (doc["papers"], doc["undated"], doc["month_only"]) == (dated + 2, 0, 2)
    assert doc["counted_by"].endswith(", else the month its arXiv id begins with")
    for args in (("alpha",), ("--by", "family")):  # (a word's chart, and the families')
        shown = papers("trends", *args, "--since", since)
        assert shown.exit_code == 0, shown.stderr
        text = " ".join(shown.stdout.split())
        assert "else its arXiv date, else the month its arXiv id begins with" in text, text
        assert "Not counted" not in text, text
    # With a word filter (-k: the papers are checked in Python, by id), the same.
    filtered = papers("trends", "--by", "family", "-k", "alpha", "--since", since, "--json")
    assert filtered.exit_code == 0, filtered.stderr
    assert (filtered.json["papers"], filtered.json["month_only"]) == (row["total"], 2)
    assert filtered.json["counted_by"] == doc["counted_by"]


@pytest.mark.parametrize("every", ["week", "day"])
def test_by_weeks_or_days_a_paper_dated_only_by_its_month_is_said_apart(
        papers, home: Home, tmp_path, every: str) -> None:
    """Shorter periods than a month cannot place it: still not counted, but said as what
    it is (it has a date, a month's), with what counts it, not as having none; and only
    those the range's months hold (the one of 2024 is in no range of 2026)."""
    with_month_only(papers, home, tmp_path)
    span = ("--since", "2026-07-01", "--until", "2026-07-31")
    done = papers("trends", "alpha", *span, "--every", every, "--json")
    assert done.exit_code == 0, done.stderr
    assert (done.json["undated"], done.json["month_only"]) == (2, 2)
    assert "id begins with" not in done.json["counted_by"]
    for args in (("alpha",), ("--by", "family")):
        shown = papers("trends", *args, *span, "--every", every)
        assert shown.exit_code == 0, shown.stderr
        lines = shown.stdout.splitlines()
        assert ("Not counted: 2 papers dated only to their month, not a day (--every month "
                "counts them).") in lines, lines
        assert "without a usable date" not in shown.stdout
    if every == "day":  # (the same days as July's: by months, the two more)
        monthly = papers("trends", "alpha", *span, "--json").json
        assert monthly["papers"] == done.json["papers"] + 2 and monthly["undated"] == 0


def test_from_arxiv_alone_a_paper_with_no_arxiv_date_counts_in_its_month(
        papers, tmp_path) -> None:
    """With --source arxiv alone a paper counts on its arXiv date; one arXiv gave with
    none (an export's record of it) counts by months in its id's month, as above."""
    import json

    record = {"id": "2607.04404", "title": "Alpha Currents Without a Day",
              "summary": "Invented.", "published_at": None, "sources": ["arxiv"]}
    source = tmp_path / "arxiv-record.json"
    source.write_text(json.dumps([record]), encoding="utf-8")
    assert papers("import", str(source)).exit_code == 0
    span = ("--source", "arxiv", "--since", "2026-07-01", "--until", "2026-07-31")
    monthly = papers("trends", "alpha", *span, "--json")
    assert monthly.exit_code == 0, monthly.stderr
    doc = monthly.json
    assert (doc["papers"], doc["undated"], doc["month_only"]) == (1, 0, 1), doc
    assert doc["counted_by"].startswith("arXiv date") and doc["counted_by"].endswith(
        ", else the month its arXiv id begins with")
    weekly = papers("trends", "alpha", *span, "--every", "week", "--json").json
    assert (weekly["papers"], weekly["undated"], weekly["month_only"]) == (0, 1, 1), weekly


@pytest.mark.parametrize("given", ["word", "Words"])
def test_by_word_says_the_words_are_given_themselves(papers, home: Home, given: str) -> None:
    """The summary reads "by family, organization, AI keyword or word" and JSON's "by" says
    "word", so `--by word` is tried: the line says how words are given, where "did you mean
    keyword?" sent the user to the Hub's keywords instead."""
    build_library(home)
    done = papers("trends", "--by", given)
    assert done.exit_code == 2
    assert done.stdout == ""
    line = done.stderr.strip()
    assert line == f"papers: error: --by '{given}' — give the words themselves: papers " \
                   "trends WORD..."
    assert len(line) <= 80
    near = papers("trends", "--by", "keywrd")  # a mistyped choice keeps its close one
    assert near.exit_code == 2 and "did you mean keyword?" in near.stderr
