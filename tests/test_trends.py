"""papers trends: counts checked against counts worked out here from the fixture (not by
the same SQL), coverage ("not cached" is not zero), the chart at several widths and
plain, json and csv, and the digest's SVG chart (XML, no script, bar count, Chromium)."""

from __future__ import annotations

import csv
import io
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Home, one_line
from papercli import chart, trends
from papercli.errors import UsageError
from papercli.models import Paper
from papercli.terminal import cell_width

HOSTILE_FAMILY = '<script>alert("x")</script>&amp;'
HOSTILE_ORG = "Evil\x1b]52;c;aGk=\x07 Lab"
FAMILIES = ["LLaVA", "Qwen", "GPT", "LLaMA", "CLIP", "SAM", "Mamba", "DINO", "T5", "BERT",
            HOSTILE_FAMILY]
ORGS = ["google", "meta", "openai", None, HOSTILE_ORG]
KEYWORDS = ["Diffusion", "diffusion ", "RLHF", "agents", "Agents", "MoE", "video"]
SINCE = date(2026, 5, 1)
UNCACHED = (date(2026, 8, 1), date(2026, 8, 31))  # no listing, no paper: "not cached"
ARXIV_RANGE = (date(2026, 6, 1), date(2026, 6, 10))  # an arXiv listing's submission days


def _fixture() -> tuple[list[Paper], dict[date, list[Paper]], list[Paper]]:
    """Hub papers by listing day (their arXiv date a few days earlier) and arXiv-only
    papers dated in ARXIV_RANGE."""
    rng = random.Random(25)
    by_day: dict[date, list[Paper]] = {}
    hub: list[Paper] = []
    n = 0
    day = SINCE
    while day <= TODAY:
        if not UNCACHED[0] <= day <= UNCACHED[1]:
            papers = []
            for _ in range(rng.randrange(0, 5)):
                n += 1
                published = day - timedelta(days=rng.randrange(0, 6))
                org = rng.choice(ORGS)
                papers.append(Paper(
                    id=f"2605.{n:05d}", title=f"Paper {n}" + (" alpha" if n % 3 == 0 else ""),
                    published_at=f"{published.isoformat()}T00:00:00Z",
                    submitted_at=f"{day.isoformat()}T08:00:00Z",
                    families=tuple(rng.sample(FAMILIES, rng.randrange(0, 3))),
                    org_name=org, org_fullname=(org or "").title() or None,
                    ai_keywords=tuple(rng.sample(KEYWORDS, rng.randrange(0, 3)))))
            by_day[day] = papers
            hub.extend(papers)
        day += timedelta(days=1)
    arxiv = []
    for i in range(12):
        d = ARXIV_RANGE[0] + timedelta(days=i % 10)
        arxiv.append(Paper(id=f"2606.{i:05d}", title=f"arXiv {i}", sources=("arxiv",),
                           published_at=f"{d.isoformat()}T00:00:00Z",
                           families=(FAMILIES[i % 3],), categories=("cs.CL",),
                           ai_keywords=()))
    return hub, by_day, arxiv


def build_library(home: Home) -> list[Paper]:
    from papercli.session import Session

    hub, by_day, arxiv = _fixture()
    session = Session.create(offline=True)
    store = session.store()
    store.families_fn = None  # the fixture's families as they are (a library on disk)
    try:
        for day, papers in by_day.items():
            store.save_listing(f"day:{day.isoformat()}", "day", papers, period_start=day,
                               fetched_at=f"{(day + timedelta(days=1)).isoformat()}T01:00:00Z")
        store.save_listing(f"arxiv:cs.CL:{ARXIV_RANGE[0]}..{ARXIV_RANGE[1]}", "arxiv", arxiv,
                           period_start=ARXIV_RANGE[0])
    finally:
        session.close()
    return hub + arxiv


# -- the counts worked out independently -------------------------------------------------


def day_of(p: Paper) -> date:
    return date.fromisoformat((p.submitted_at or p.published_at or "")[:10])


def start_of(d: date, every: str) -> date:
    return d.replace(day=1) if every == "month" else d - timedelta(days=d.weekday())


def names(p: Paper, by: str) -> set[str]:
    if by == "family":
        return set(p.families)
    if by == "org":
        return {p.org_name} if p.org_name else set()
    return {k.strip().casefold() for k in p.ai_keywords}


def expected(papers: list[Paper], by: str, every: str, since: date, top: int = 8
             ) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """{series: {period start: count}} of the top series, and papers per period start."""
    cells: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for p in papers:
        d = day_of(p)
        if not since <= d <= TODAY:
            continue
        key = start_of(d, every).isoformat()
        totals[key] += 1
        for name in names(p, by):
            cells[(name, key)] += 1
    per: Counter[str] = Counter()
    for (name, _), c in cells.items():
        per[name] += c
    chosen = sorted(per, key=lambda s: (-per[s], s))[:top]
    return ({s: {k: c for (n, k), c in cells.items() if n == s} for s in chosen},
            dict(totals))


def check(doc: dict[str, Any], want: dict[str, dict[str, int]], totals: dict[str, int]
          ) -> None:
    starts = [p["start"] for p in doc["periods"]]
    assert [s["name"] for s in doc["series"]] == list(want)
    for p in doc["periods"]:
        if p["covered"]:
            assert p["papers"] == totals.get(p["start"], 0)
        else:
            assert p["papers"] is None and p["state"] == "none"
    for s in doc["series"]:
        for start, count, period in zip(starts, s["counts"], doc["periods"], strict=True):
            if period["covered"]:
                assert count == want[s["name"]].get(start, 0), (s["name"], start)
            else:
                assert count is None
                assert not want[s["name"]].get(start)  # nothing there to hide
        assert s["total"] == sum(want[s["name"]].values())


@pytest.mark.parametrize(("by", "every"), [("family", "month"), ("org", "week"),
                                           ("keyword", "month")])
def test_counts_match_the_fixture(papers, home: Home, by: str, every: str) -> None:
    built = build_library(home)
    result = papers("trends", "--by", by, "--every", every, "--since", SINCE.isoformat(),
                    "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json
    since = start_of(SINCE, every)
    assert doc["since"] == since.isoformat() and doc["until"] == TODAY.isoformat()
    want, totals = expected(built, by, every, since)
    check(doc, want, totals)
    assert doc["papers"] == sum(totals.values())


@pytest.mark.parametrize(("by", "index"), [("keyword", "papers_trend_keywords"),
                                           ("org", "papers_trend_org")])
def test_keyword_and_org_series_read_only_the_papers_that_have_one(home: Home, by: str,
                                                                   index: str) -> None:
    """`--by keyword|org` reads its partial index (the papers with keywords, or with an
    organization), not every paper of the range; an older library gets it when opened,
    and the counts are those worked out from the fixture."""
    import sqlite3

    from papercli.db.schema import migrations
    from papercli.session import Session

    built = build_library(home)
    before = [step.__name__ for step in migrations.steps].index("_m012_trend_series_indexes")
    with sqlite3.connect(home.library) as conn:
        conn.execute(f"DROP INDEX {index}")
        conn.execute(f"PRAGMA user_version = {before}")
    statements: list[str] = []
    session = Session.create(offline=True)
    try:
        conn = session.store().conn
        conn.set_trace_callback(statements.append)
        got = trends.compute(session, by=by, since=SINCE, every="month")
        conn.set_trace_callback(None)
        # (the keywords are read into a table once: its SELECT is the read)
        [series] = [sql.split(" AS ", 1)[1] if sql.startswith("CREATE TEMP") else sql
                    for sql in statements
                    if sql.lstrip().startswith(("WITH hits", "CREATE TEMP TABLE"))]
        plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {series}"))
    finally:
        session.close()
    assert f"USING INDEX {index} " in plan and "papers_trend_day" not in plan, plan
    check(got.as_json(), *expected(built, by, "month", start_of(SINCE, "month")))


def test_keyword_series_read_each_papers_keywords_once(home: Home) -> None:
    """`--by keyword` reads the range's keyword lists in one pass, which the spellings,
    the acronyms' abstracts, the counts and the labels then share: it walked them four
    times (each time reading every row again) and took 2.3 times as long as before the
    spellings were merged. The counts are still those worked out from the fixture."""
    from papercli.session import Session

    built = build_library(home)
    statements: list[str] = []
    session = Session.create(offline=True)
    try:
        conn = session.store().conn
        conn.set_trace_callback(statements.append)
        got = trends.compute(session, by="keyword", since=SINCE, every="month")
        conn.set_trace_callback(None)
    finally:
        session.close()
    walks = [sql for sql in statements if "json_each(CASE WHEN json_valid(p.ai_keywords)"
             in sql]
    assert len(walks) == 1, walks
    check(got.as_json(), *expected(built, "keyword", "month", start_of(SINCE, "month")))


def test_n_is_top_as_everywhere_else_it_cuts_the_rows(papers, home: Home) -> None:
    build_library(home)
    everything = papers("trends", "--since", SINCE.isoformat(), "--json").json
    for flag in ("-n", "-t", "--top"):
        doc = papers("trends", "--since", SINCE.isoformat(), flag, "2", "--json").json
        assert doc["series"] == everything["series"][:2]


def test_n_0_is_every_row_as_everywhere_else(papers, home: Home) -> None:
    """`papers trends -n 0` said "--top '0' — use a whole number, 1 to 100", where -n 0 is
    all rows everywhere else (cache info, families, orgs, tags): it is all of them here
    too, up to the most a chart holds, which a note then says."""
    built = build_library(home)
    span = ("--since", SINCE.isoformat())
    doc = papers("trends", *span, "-n", "0", "--json")
    assert doc.exit_code == 0 and doc.stderr == "", doc.stderr
    every_family = {f for p in built for f in p.families}
    assert len(every_family) > trends.DEFAULT_TOP
    assert {s["name"] for s in doc.json["series"]} == every_family
    assert doc.json["series"] == papers("trends", *span, "--top", "100", "--json").json["series"]
    check(doc.json, *expected(built, "family", "month", start_of(SINCE, "month"),
                              top=len(every_family)))
    assert "0: all" in " ".join(papers("trends", "--help").stdout.split())
    # More organizations than a chart holds: the first MAX_TOP, said so.
    most = trends.MAX_TOP
    from conftest import store_papers

    store_papers(*(Paper(id=f"2607.{n:05d}", title=f"Org paper {n}", org_name=f"lab{n:03d}",
                         submitted_at=f"{TODAY.isoformat()}T08:00:00Z",
                         published_at=f"{TODAY.isoformat()}T00:00:00Z")
                   for n in range(most + 1)))
    orgs = papers("trends", "--by", "org", "-n", "0", "--json")
    assert orgs.exit_code == 0, orgs.stderr
    assert len(orgs.json["series"]) == most
    assert one_line(orgs.stderr) == (f"papers: the {most} rows with the most papers: a chart "
                                     "holds no more")


def test_help_says_the_default_range_computed(papers, home: Home) -> None:
    """--help said "Default: six months ago (30 days with --every day)", but the range is
    this month and the five before (`--since 6mo` reaches a month further back), and
    daily the last 30 days with today (`--since 30d` is 31). It says what is computed."""
    build_library(home)
    said = " ".join(papers("trends", "--help").stdout.split())
    assert "six months ago" not in said
    assert ("Default: this month and the five before (--every week: this week and the 25 "
            "before; --every day: the last 30 days, today among them)") in said
    month = papers("trends", "--json").json
    first = TODAY.replace(day=1)
    for _ in range(5):
        first = (first - timedelta(days=1)).replace(day=1)
    assert (month["since"], month["until"]) == (first.isoformat(), TODAY.isoformat())
    week = papers("trends", "--every", "week", "--json").json
    assert week["since"] == (start_of(TODAY, "week") - timedelta(weeks=25)).isoformat()
    assert len(week["periods"]) == 26
    day = papers("trends", "--every", "day", "--json").json
    assert day["since"] == (TODAY - timedelta(days=29)).isoformat()
    assert len(day["periods"]) == 30


def test_august_is_not_cached_and_june_is_partly_arxiv(papers, home: Home) -> None:
    build_library(home)
    doc = papers("trends", "--since", SINCE.isoformat(), "--json").json
    states = {p["period"]: p["state"] for p in doc["periods"]}
    assert states["2026-08"] == "none"
    assert {states[m] for m in ("2026-05", "2026-06", "2026-07", "2026-09", "2026-10")} == {
        "complete"}
    assert states["2026-11"] == "complete"  # up to today: every day so far is cached
    # Only arXiv counts for --source arxiv: June's first ten days, the rest not cached.
    only = papers("trends", "--since", SINCE.isoformat(), "--source", "arxiv", "--json").json
    june = next(p for p in only["periods"] if p["period"] == "2026-06")
    assert (june["state"], june["cached_days"], june["papers"]) == ("partial", 10, 12)
    assert [p["state"] for p in only["periods"] if p["period"] != "2026-06"] == ["none"] * 6


def test_filters_narrow_the_counts(papers, home: Home) -> None:
    built = build_library(home)
    # --org runs in SQL; --keyword in Python (whole words): both against the fixture.
    for args, keep in (
        (("--org", "Google"), lambda p: p.org_name == "google"),
        (("--keyword", "alpha"), lambda p: "alpha" in p.title.split()),
    ):
        doc = papers("trends", "--since", SINCE.isoformat(), *args, "--json").json
        want, totals = expected([p for p in built if keep(p)], "family", "month", SINCE)
        check(doc, want, totals)
        assert doc["filters"]


def test_a_word_filter_reads_only_the_rows_the_index_lets_through(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-k WORD` is checked in Python, row by row: only the rows the search index finds
    the word in when they are few (at a million papers, a word in 14,830 of them took
    26 s over six months, reading all 251,430), every row of the range otherwise; the
    counts are the same either way."""
    from papercli.db import records, search

    built = build_library(home)
    papers("search", "alpha", "--offline", "-n", "1")  # the index built (reads every row)
    read: list[int] = []
    real = records.row_to_paper

    def counted(row: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(len(row))  # the columns read: the word filters' alone (words_paper)
        return real(row, *args, **kwargs)

    monkeypatch.setattr(search, "row_to_paper", counted)  # the checked walk's reads
    in_range = [p for p in built if SINCE <= day_of(p) <= TODAY]
    alpha = [p for p in in_range if "alpha" in p.title.split()]
    want, totals = expected(alpha, "family", "month", SINCE)
    doc = papers("trends", "--since", SINCE.isoformat(), "-k", "alpha", "--json").json
    check(doc, want, totals)
    assert len(read) == len(alpha) < len(in_range) / 2
    assert set(read) == {len(records.WORD_COLUMNS)}
    read.clear()
    monkeypatch.setattr(search, "CANDIDATES", len(alpha) - 1)  # too many to hand over
    doc = papers("trends", "--since", SINCE.isoformat(), "-k", "alpha", "--json").json
    check(doc, want, totals)
    assert len(read) == len(in_range) and set(read) == {len(records.WORD_COLUMNS)}


def test_reading_every_paper_of_the_range_says_so(home: Home,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A word check the index cannot narrow reads the whole range (16 s for six months at
    a million papers): a status line while it does (drawn on a terminal when it outlasts
    its delay), cleared after; a narrowed one says nothing."""
    from papercli.db import connection, search
    from papercli.filters import FilterOptions
    from papercli.session import Session

    build_library(home)
    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    try:
        trends.compute(session, since=SINCE, filters=FilterOptions(keyword=("alpha",)))
        assert "checking the words of every paper in the range…" not in said
        monkeypatch.setattr(search, "CANDIDATES", 1)
        said.clear()
        trends.compute(session, since=SINCE, filters=FilterOptions(keyword=("alpha",)))
        assert said == ["checking the words of every paper in the range…", None]
        # A long walk says its share done (here at every chunk of 100 rows): rising to 100.
        monkeypatch.setattr(connection, "PROGRESS_EVERY", 0.0)
        said.clear()
        trends.compute(session, since=SINCE, filters=FilterOptions(keyword=("alpha",)))
        shares = [int(s.rsplit(" ", 1)[1].rstrip("%")) for s in said[1:-1] if s]
        assert said[0] == "checking the words of every paper in the range…" and said[-1] is None
        assert len(shares) == len(said) - 2 >= 2 and shares == sorted(shares), said
        assert shares[-1] == 100, said
    finally:
        session.close()


def test_csv_is_the_json_in_long_form(papers, home: Home) -> None:
    build_library(home)
    doc = papers("trends", "--since", SINCE.isoformat(), "--json").json
    text = papers("trends", "--since", SINCE.isoformat(), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    series = [{"name": "", "counts": [p["papers"] for p in doc["periods"]]}, *doc["series"]]
    assert len(rows) == len(series) * len(doc["periods"])
    for s in series:
        mine = [r for r in rows if r["series"] == s["name"]]
        assert [r["period"] for r in mine] == [p["period"] for p in doc["periods"]]
        assert [None if r["count"] == "" else int(r["count"]) for r in mine] == s["counts"]
    assert all(r["series"][:1] not in ("=", "+", "-", "@") for r in rows)
    # The period still running is marked as the JSON marks it (the chart's caption too).
    live = {p["period"]: p["in_progress"] for p in doc["periods"]}
    assert list(live.values()).count(True) == 1
    assert {(r["period"], r["in_progress"]) for r in rows} == {
        (name, "true" if running else "false") for name, running in live.items()}


def test_output_file_follows_its_extension(papers, home: Home, tmp_path: Path) -> None:
    build_library(home)
    target = tmp_path / "t.csv"
    done = papers("trends", "--since", SINCE.isoformat(), "-o", str(target))
    assert done.exit_code == 0 and target.read_text(encoding="utf-8").startswith(
        "\ufeffby,series,")  # (the mark Excel needs to read UTF-8, as a listing's CSV has)
    # Said as a listing's -o says it, in 80 columns (it was "cannot tell the format of
    # t.txt: .txt names none — name it .json or .csv, or give --format json|csv").
    for name, why in (("t.txt", ".txt names no format"), ("t", "t has no extension"),
                      ("a-rather-long-file-name-without-any-extension", "-o FILE: no extension")):
        odd = papers("trends", "-o", str(tmp_path / name))
        assert odd.exit_code == 2 and odd.stderr == (
            f"papers: error: {why} — name it .json or .csv, or give --format\n")


def test_dash_output_is_stdout_as_everywhere_else(papers, home: Home, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`trends -f csv -o -` wrote a file named "-" (and `-o -` alone was "cannot tell the
    format of -"); every listing's `-o -` is stdout, as curl's is."""
    build_library(home)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for extra, start in ((("-f", "csv"), "by,series,"), (("--json",), "{"),
                         ((), "Papers per month")):
        done = papers("trends", "--since", SINCE.isoformat(), *extra, "-o", "-")
        assert done.exit_code == 0, done.stderr
        assert done.stdout.startswith(start) and done.stderr == "", (extra, done.stdout[:40])
    assert list(here.iterdir()) == []


# -- the chart ---------------------------------------------------------------------------


def computed(home: Home, **kw: Any) -> trends.Trends:
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        return trends.compute(session, since=SINCE, **kw)
    finally:
        session.close()


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("unicode", [True, False])
def test_chart_fits_the_width(home: Home, width: int, unicode: bool) -> None:
    build_library(home)
    for every in ("month", "week", "day"):
        found = computed(home, every=every, by="org")
        drawn = chart.lines(found, width=width, unicode=unicode)
        assert all(len(line) <= width for line in drawn), "\n".join(drawn)
        assert not any("\x1b" in line or "\u202e" in line for line in drawn)
        if not unicode:
            assert all(line.isascii() for line in drawn)
        rows = drawn[2:2 + 1 + len(found.series)]
        assert rows[0].startswith("all papers")
    monthly = chart.lines(computed(home), width=width, unicode=unicode)
    gap = "·" if unicode else "."
    assert monthly[2].startswith("all papers")
    assert gap in monthly[2]  # August: drawn as not cached, not as a blank (zero)
    assert any("not cached" in line for line in monthly)


@pytest.mark.parametrize("width", [None, 40, 80])
def test_a_short_range_keeps_its_heading_whole(home: Home, width: int | None) -> None:
    """Three months draw six cells, narrower than "per month": the heading is not cut
    to "per m…" while the line has room, and the columns after it stay aligned."""
    build_library(home)
    drawn = chart.lines(computed(home, until=date(2026, 7, 31)), width=width)
    head, first = drawn[1], drawn[2]
    assert "per month" in head, "\n".join(drawn)
    assert head.index("Total") + len("Total") == first.index(first.split()[-2]) + len(
        first.split()[-2])


@pytest.mark.parametrize("width", [80, 120, 200])
def test_a_long_name_is_whole_when_the_sparkline_leaves_room(home: Home, width: int) -> None:
    """Names were cut at 28 cells (a third of 80) at any width, with half the line empty
    beside three months' sparkline; they take what the sparkline and its heading leave."""
    build_library(home)
    found = computed(home, until=date(2026, 7, 31), top=len(FAMILIES))
    assert len(HOSTILE_FAMILY) > 28 and HOSTILE_FAMILY in {s.label for s in found.series}
    drawn = chart.lines(found, width=width)
    assert all(len(line) <= width for line in drawn)
    assert any(line.startswith(HOSTILE_FAMILY + "  ") for line in drawn), "\n".join(drawn)
    narrow = chart.lines(found, width=40)  # (no room: cut, as before)
    assert any(line.startswith(HOSTILE_FAMILY[:12]) and "…" in line for line in narrow)


def test_years_of_days_count_with_separators_as_the_caption_does(home: Home) -> None:
    """Six years a day at a time on 80 columns said "the latest 53 of 2425 periods" and
    "and 2338 more" under "82 of 2,425 days": every count now reads as the caption's."""
    from papercli.session import Session

    build_library(home)
    session = Session.create(offline=True)
    try:
        found = trends.compute(session, since=date(2020, 1, 1), until=date(2026, 8, 21),
                               every="day")
    finally:
        session.close()
    text = "\n".join(chart.lines(found, width=80))
    assert len(found.periods) == 2425
    assert "of 2,425 periods (widen the terminal" in text, text
    # The totals are the whole range's, not the drawn days' alone: said, as it reads
    # otherwise (a total of 7,675 beside 53 weeks drawn of 86).
    assert "Total counts all 2,425." in " ".join(text.split()), text
    assert f"{found.papers:,}" in next(line for line in text.splitlines()
                                       if line.startswith("all papers"))
    assert re.search(r"\(and 2,\d{3} earlier days, not drawn\)", text.replace("\n", " ")), text


def test_one_day_is_one_day_in_the_caption(papers, home: Home) -> None:
    """`--every day` over a single day said "covers 1 of 1 days (D to D)"."""
    build_library(home)
    one = papers("trends", "--every", "day", "--since", "2026-06-02", "--until", "2026-06-02")
    assert one.exit_code == 0, one.stderr
    said = " ".join(one.stdout.split())
    assert "The library covers 1 of 1 day (2026-06-02)." in said, one.stdout
    more = " ".join(papers("trends", "--every", "day", "--since", "2026-06-02",
                           "--until", "2026-06-03").stdout.split())
    assert "The library covers 2 of 2 days (2026-06-02 to 2026-06-03)." in more


def test_sparkline_levels() -> None:
    assert chart.spark([0, 1, 8, None]) == " ▁█·"
    assert chart.spark([0, 1, 8, None], unicode=False, cell=2) == "  __@@.."
    assert chart.can_draw_blocks("utf-8") and not chart.can_draw_blocks("ascii")
    assert not chart.can_draw_blocks("no-such-codec")


def test_plain_output_when_piped_or_no_color(papers, home: Home,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    build_library(home)
    monkeypatch.setenv("NO_COLOR", "1")
    done = papers("trends", "--since", SINCE.isoformat(), "--by", "family")
    assert done.exit_code == 0, done.stderr
    assert "\x1b" not in done.stdout and "<script>" in done.stdout  # text, shown as text
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Papers per month by model family · 2026-05 to 2026-11")
    august = 3  # the fourth month of the sparkline: two cells each when piped
    row = lines[2]
    cells = row[len("all papers") :].lstrip()[: 7 * 2]
    assert cells[august * 2 : august * 2 + 2] == "··"
    assert "The library covers" in done.stdout
    # Each sentence of the caption is one whole line, whatever a pipe's reader's width.
    counted = next(line for line in lines if line.startswith("Counted by"))
    assert counted.endswith("per cached day."), lines
    assert len(counted) > 100


def test_empty_library_says_why_on_stderr_and_draws_no_chart(papers) -> None:
    """An empty library drew a chart of zeros on stdout, "The library has no listing in
    this range" under it: an empty listing is nothing on stdout and one line on stderr
    saying why and what to do, as every command says an empty library. JSON and CSV are
    still the documents asked for (as an empty listing's JSON is `[]`), every period in
    them not cached."""
    done = papers("trends")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == (
        "papers: the library is empty, so nothing is charted yet (papers sync fills it)")
    as_json = papers("trends", "--json")
    assert as_json.exit_code == 0 and one_line(as_json.stderr) == one_line(done.stderr)
    assert as_json.json["papers"] == 0 and as_json.json["series"] == []
    assert all(p["state"] == "none" for p in as_json.json["periods"])
    as_csv = papers("trends", "--format", "csv")
    assert as_csv.exit_code == 0 and one_line(as_csv.stderr) == one_line(done.stderr)
    assert as_csv.stdout.startswith("by,series,label,period,")


def test_a_range_the_library_has_no_paper_of_says_why(papers, home: Home) -> None:
    """A library with papers, none of them in the range: it drew the chart of zeros."""
    build_library(home)
    done = papers("trends", "--since", "2026-01-01", "--until", "2026-02-28")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == (
        "papers: no papers yet (papers sync --since 2026-01-01 --until 2026-02-28)")


def test_days_listed_empty_say_nothing_was_listed(papers, home: Home) -> None:
    """Days the library holds the listing of, each empty (a holiday): not "nothing is
    cached", which sent the user to fetch them again."""
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        for day in (date(2026, 3, 2), date(2026, 3, 3)):
            session.store().save_listing(f"day:{day}", "day", [], period_start=day,
                                         fetched_at=f"{day + timedelta(days=1)}T01:00:00Z")
    finally:
        session.close()
    done = papers("trends", "--every", "day", "--since", "2026-03-02", "--until", "2026-03-02")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == "papers: nothing was listed on 2026-03-02"
    both = papers("trends", "--every", "day", "--since", "2026-03-02", "--until", "2026-03-04")
    assert both.stdout == ""
    assert one_line(both.stderr) == (
        "papers: no papers yet (papers sync --since 2026-03-02 --until 2026-03-04)")


def test_the_fetch_hint_names_the_command_for_the_source_asked(papers, home: Home) -> None:
    """`trends --source arxiv` with no arXiv listing was told `papers sync --since DATE`
    fetches it, which fetches Daily Papers: arXiv's ranges come from `sync --arxiv`.
    (Nothing to chart: said on stderr.)"""
    hub = "(papers sync --since 2026-01-01 --until 2026-02-28)"
    arxiv = "(papers sync --arxiv CATEGORY --since 2026-07-01)"
    build_library(home)  # Daily Papers days from May, arXiv's only in early June
    only = papers("trends", "--since", "2026-07-01", "--source", "arxiv")
    assert only.stdout == ""
    assert "nothing is cached" in only.stderr and arxiv in only.stderr
    assert "papers sync --since" not in only.stderr
    assert cell_width(one_line(only.stderr)) <= 80
    # (both: one command line run with and without --arxiv; the two in full, "(papers sync
    # --since 2026-01-01 --until 2026-02-28; papers sync --arxiv CATEGORY --since …)",
    # made a line of 140 columns)
    both = "papers sync [--arxiv CAT] --since 2026-01 --until 2026-02"
    for args, said in ((("--source", "hf"), hub), ((), hub),
                       (("--source", "arxiv", "--source", "hf"), both)):
        done = papers("trends", "--since", "2026-01-01", "--until", "2026-02-28", *args)
        assert done.exit_code == 0 and done.stdout == "", done.stderr
        line = one_line(done.stderr)
        assert said in line and ("--arxiv" in line) == (said == both), (args, line)
        assert cell_width(line) <= 80, line


def test_papers_held_without_a_listing_are_counted_and_said_so(papers, home: Home) -> None:
    """An imported library (a file, not a sync) has papers and no listing: the caption
    says the counts are the papers held, never "nothing is cached" beside "partly"."""
    from papercli.session import Session

    hub, _, _ = _fixture()
    session = Session.create(offline=True)
    try:
        session.store().import_papers(hub, {})
    finally:
        session.close()
    done = papers("trends", "--since", SINCE.isoformat())
    assert done.exit_code == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "the counts are the papers it holds" in text
    assert "nothing is cached" not in text and "Partly cached" not in text
    assert f"{len(hub):,}" in text  # counted all the same
    # Listed months beside one held without a listing: that month is named as such.
    build_library(home)
    extra = [Paper(id=f"2608.{i:05d}", title=f"Opened {i}",
                   published_at=f"2026-08-{i + 3:02d}T00:00:00Z") for i in range(3)]
    session = Session.create(offline=True)
    try:
        session.store().import_papers(extra, {})
    finally:
        session.close()
    text = " ".join(papers("trends", "--since", SINCE.isoformat()).stdout.split())
    assert "Papers held without a listing (counts may be short): 2026-08." in text
    assert "Partly cached: 2026-08" not in text


@pytest.mark.parametrize("args", [("--by", "colour"), ("--every", "year"),
                                  ("--since", "2026-10-01", "--until", "2026-09-01"),
                                  ("--since", "yesterdayish"), ("--top", "101"),
                                  ("--format", "md"), ("--json", "--format", "csv")])
def test_usage_errors(papers, args: tuple[str, ...]) -> None:
    done = papers("trends", *args)
    assert done.exit_code == 2, (done.stdout, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_since_reads_the_listed_day_here_and_the_arxiv_date_in_search(papers,
                                                                     home: Home) -> None:
    """The same --since picks different papers in trends (its Daily Papers day) and in
    search (its arXiv date): each command's --help now says which day it reads."""
    from papercli.session import Session

    listed = date(2026, 7, 1)
    paper = Paper(id="2606.99999", title="Listed after its arXiv day",
                  published_at="2026-06-29T00:00:00Z", submitted_at="2026-07-01T08:00:00Z")
    session = Session.create(offline=True)
    try:
        session.store().save_listing(f"day:{listed}", "day", [paper], period_start=listed,
                                     fetched_at="2026-07-02T01:00:00Z")
    finally:
        session.close()
    since = ("--since", listed.isoformat(), "--until", "2026-07-31")
    assert papers("trends", *since, "--json").json["papers"] == 1
    assert papers("search", *since, "--format", "ids").stdout.split() == []
    assert papers("search", "--since", "2026-06-29", "--format", "ids").stdout.split() == [
        paper.id]
    words = {cmd: " ".join(papers(cmd, "--help").stdout.split()) for cmd in ("trends", "search")}
    assert "Daily Papers day, else its arXiv date" in words["trends"]
    assert "whose arXiv date is DATE or later" in words["search"]


def test_source_arxiv_counts_on_the_arxiv_date(papers, home: Home) -> None:
    """A paper arXiv gave (a snapshot, an announcement) that the Hub also listed, days
    later, was counted on the Hub's day with --source arxiv: left out of a range that
    holds its arXiv date (which `search --source arxiv --since` finds it by) and of the
    days arXiv's listings cover. From arXiv alone, a paper counts on its arXiv date."""
    from papercli.session import Session

    listed = date(2026, 7, 1)
    both = Paper(id="2606.99999", title="Listed after its arXiv day", sources=("hf", "arxiv"),
                 published_at="2026-06-29T00:00:00Z", submitted_at="2026-07-01T08:00:00Z")
    session = Session.create(offline=True)
    try:
        session.store().save_listing(f"day:{listed}", "day", [both], period_start=listed,
                                     fetched_at="2026-07-02T01:00:00Z")
        session.store().upsert_papers([Paper(id="2606.99998", title="From the snapshot alone",
                                           sources=("arxiv",),
                                           published_at="2026-06-28T00:00:00Z")])
    finally:
        session.close()
    span = ("--since", "2026-06-25", "--until", "2026-06-30", "--every", "day")
    found = papers("search", "--source", "arxiv", *span[:4], "--format", "ids").stdout.split()
    assert sorted(found) == ["2606.99998", "2606.99999"]
    doc = papers("trends", "--source", "arxiv", *span, "--json").json
    assert doc["papers"] == 2
    assert {p["period"]: p["papers"] for p in doc["periods"] if p["papers"]} == {
        "2026-06-28": 1, "2026-06-29": 1}
    assert doc["counted_by"].startswith("arXiv date")
    assert "Counted by arXiv date" in " ".join(
        papers("trends", "--source", "arxiv", *span).stdout.split())
    # Daily Papers' own days, and both sources: on the Daily Papers day, as before.
    assert papers("trends", *span, "--json").json["papers"] == 1
    assert papers("trends", "--source", "hf", *span, "--json").json["papers"] == 0


@pytest.mark.parametrize("by", ["org", "keyword"])
def test_a_period_whose_papers_record_no_organization_is_unknown_not_zero(
        papers, home: Home, by: str) -> None:
    """The Hub recorded organizations (and AI keywords) only from some day on: a month
    listed before it drew every organization as a zero, a made-up fall to nothing."""
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        for day, recorded in ((date(2026, 9, 14), False), (date(2026, 10, 14), True)):
            listed = [Paper(id=f"{day:%y%m}.{i:05d}", title=f"Paper {i}",
                            published_at=f"{day}T00:00:00Z", submitted_at=f"{day}T08:00:00Z",
                            org_name="acme" if recorded and i < 2 else None,
                            ai_keywords=("agents",) if recorded and i < 2 else ())
                      for i in range(3)]
            session.store().save_listing(f"day:{day}", "day", listed, period_start=day,
                                         fetched_at=f"{day + timedelta(days=1)}T01:00:00Z")
    finally:
        session.close()
    span = ("--since", "2026-09-01", "--until", "2026-10-31", "--by", by)
    doc = papers("trends", *span, "--json").json
    assert [(p["period"], p["papers"], p["recorded"]) for p in doc["periods"]] == [
        ("2026-09", 3, False), ("2026-10", 3, True)]
    [series] = doc["series"]
    assert series["counts"] == [None, 2] and series["change"] is None and not series["new"]
    rows = list(csv.DictReader(io.StringIO(papers("trends", *span, "-f", "csv").stdout)))
    assert [(r["series"], r["count"], r["recorded"]) for r in rows] == [
        ("", "3", "false"), ("", "3", "true"), (series["name"], "", "false"),
        (series["name"], "2", "true")]
    what = {"org": "an organization", "keyword": "AI keywords"}[by]
    text = " ".join(papers("trends", *span).stdout.split())
    assert f"no paper of 2026-09 records {what}, so a row's count there is unknown" in text
    # Families come from each paper's own text: a month without any is a known zero.
    family = papers("trends", *span[:4], "--json").json
    assert all(p["recorded"] for p in family["periods"])


@pytest.mark.parametrize("by", ["family", "org"])
def test_org_filter_leaves_a_month_without_any_organization_unknown_not_zero(
        papers, home: Home, by: str) -> None:
    """`--org acme` drew September (the Hub recorded no organization then) as zero papers
    of acme, while `-b org` shows it unknown; November records organizations, none
    acme's: that zero is known."""
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        for day, org in ((date(2026, 9, 14), None), (date(2026, 10, 14), "acme"),
                         (date(2026, 11, 14), "other")):
            listed = [Paper(id=f"{day:%y%m}.{i:05d}", title=f"LLaMA paper {i}",
                            published_at=f"{day}T00:00:00Z", submitted_at=f"{day}T08:00:00Z",
                            org_name=org if i < 2 else None)
                      for i in range(3)]
            session.store().save_listing(f"day:{day}", "day", listed, period_start=day,
                                         fetched_at=f"{day + timedelta(days=1)}T01:00:00Z")
    finally:
        session.close()
    span = ("--since", "2026-09-01", "--until", "2026-11-30", "--by", by, "--org", "acme")
    doc = papers("trends", *span, "--json").json
    assert [(p["period"], p["papers"], p["recorded"]) for p in doc["periods"]] == [
        ("2026-09", None, False), ("2026-10", 2, True), ("2026-11", 0, True)]
    [series] = doc["series"]
    assert series["counts"] == [None, 2, 0]
    rows = list(csv.DictReader(io.StringIO(papers("trends", *span, "-f", "csv").stdout)))
    assert [(r["period"], r["count"]) for r in rows if not r["series"]] == [
        ("2026-09", ""), ("2026-10", "2"), ("2026-11", "0")]
    text = " ".join(papers("trends", *span).stdout.split())
    assert "no paper of 2026-09 records an organization, so a row's count there is" in text


def test_a_top_out_of_range_says_what_to_give(papers) -> None:
    """`--top 101` said only "--top must be 1 to 100, not 101": no "— what to do" part,
    unlike every other usage error. `-n -1` said "use a whole number, 0 or more", and
    `-n 0` then "must be 1 to 100": each now says the range it takes (-n 0: all rows)."""
    most = trends.MAX_TOP
    for given, hint in ((str(most + 1), f"use a whole number up to {most}"),
                        ("-1", f"use a whole number, 0 to {most}")):
        done = papers("trends", "-n", given)
        assert done.exit_code == 2 and done.stdout == ""
        [line] = done.stderr.splitlines()
        assert line == f"papers: error: --top '{given}' — {hint}", line
    from papercli.session import Session

    session = Session.create(offline=True)  # the core's own check, for its other callers
    try:
        with pytest.raises(UsageError, match=f"--top must be 1 to {most}, not 0"):
            trends.compute(session, top=0)
    finally:
        session.close()


def test_a_since_after_today_says_so_and_names_no_until_not_given(papers) -> None:
    """`--since` in the future said "is after --until DATE" of an --until never given.
    Tomorrow, in this week and month, drew this month (or week) without a word, as if
    it had been given as today; it is in the future too."""
    cases = [(TODAY + timedelta(days=10), ()),
             (TODAY + timedelta(days=10), ("--until", TODAY + timedelta(days=40))),
             *((TODAY + timedelta(days=1), ("--every", every)) for every in
               ("month", "week", "day"))]
    assert (TODAY + timedelta(days=1)).month == TODAY.month  # (the same month and week)
    assert (TODAY + timedelta(days=1)).weekday() > TODAY.weekday()
    for ahead, extra in cases:
        done = papers("trends", "--since", ahead.isoformat(), *map(str, extra))
        assert done.exit_code == 2 and done.stdout == "", (ahead, extra)
        assert done.stderr == (f"papers: error: --since {ahead} is in the future — pick "
                               "today or earlier\n")


def test_days_within_one_period_say_the_period_is_counted_whole(papers, home: Home) -> None:
    """`--since D --until D` (a single day) drew the whole month under its name, its
    papers read as that day's: a line on stderr now says the month is counted whole,
    and how to count part of one. A range of whole periods says nothing."""
    build_library(home)  # (an empty one says so on stderr too)
    day = (TODAY - timedelta(days=10)).isoformat()  # (in TODAY's month and week before)
    done = papers("trends", "--since", day, "--until", day, "--json")
    assert done.exit_code == 0 and done.json["since"] == f"{TODAY:%Y-%m}-01"
    assert done.stderr == (f"papers: {day} is within one month, counted whole (--every "
                           "day: single days)\n")
    week = papers("trends", "--since", day, "--every", "week", "--json")
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert week.stderr == "" and week.json["since"] == str(monday - timedelta(weeks=2))
    done = papers("trends", "--since", str(TODAY - timedelta(days=1)), "--every", "week")
    assert done.stderr == (f"papers: {TODAY - timedelta(days=1)} to {TODAY} lies in one "
                           "week, counted whole (--every day)\n")
    for quiet in ((f"{TODAY:%Y-%m}-01",), (f"{TODAY:%Y-%m}-01", "--until", str(TODAY)),
                  ("2026-05-03", "--until", "2026-06-30"), (day, "--every", "day")):
        assert papers("trends", "--since", *quiet, "--json").stderr == "", quiet


def test_a_range_of_too_many_periods_says_what_to_give(papers) -> None:
    """`--since 0001-01-01 --every day` counted 740,000 days for a minute in 3 GB of memory
    (a chart line as long); now past MAX_PERIODS it is a usage error saying what to give,
    and a range of exactly that many is still counted."""
    for every in ("day", "week", "month"):
        done = papers("trends", "--since", "0001-01-01", "--every", every)
        assert done.exit_code == 2 and done.stdout == ""
        [line] = done.stderr.splitlines()
        # (in 80 columns: the whole, "--since 0001-01-01 to DAY is N days; at most M are
        # counted — …", was 115; the count and the way out kept)
        assert len(line) <= 80 and line.startswith("papers: error: "), line
        assert f" {every}s" in line and f"at most {trends.MAX_PERIODS:,}" in line, line
        assert "— give a later --since" in line, line
    first = TODAY - timedelta(days=trends.MAX_PERIODS - 1)
    whole = papers("trends", "--since", first.isoformat(), "--every", "day", "--json")
    assert whole.exit_code == 0, whole.stderr
    assert len(whole.json["periods"]) == trends.MAX_PERIODS


def test_json_and_another_format_say_what_to_give(papers) -> None:
    """`--json --format csv` said only that they conflict, with no "— what to do"."""
    done = papers("trends", "--json", "--format", "csv")
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == ("papers: error: --json conflicts with --format csv — give one of "
                           "them\n")  # (in 80 columns: naming both again made 89)


def test_choices_read_like_every_other_option(papers, home: Home) -> None:
    """--by, --every and --format are checked as --sort is: any case, and a wrong value
    named with the ones allowed and where to look."""
    build_library(home)
    upper = papers("trends", "--by", "ORG", "--every", "Week", "--format", "JSON")
    assert upper.exit_code == 0, upper.stderr
    assert upper.json == papers("trends", "--by", "org", "--every", "week", "--json").json
    wrong = papers("trends", "--by", "colour")
    assert wrong.exit_code == 2
    assert wrong.stderr == "papers: error: --by 'colour' — use family, org or keyword\n"


# -- the digest's SVG --------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def digest(papers: list[Paper]) -> str:
    from papercli.exporters import Context, Section
    from papercli.exporters.html import stream

    return "".join(stream([Section(None, papers)], Context(title="Digest")))


def svg_of(page: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", page, re.S)
    assert match, "no chart in the digest"
    return ET.fromstring(match.group(0))


def test_digest_chart_is_svg_with_a_bar_per_paper_cell() -> None:
    hub, _, arxiv = _fixture()
    chosen = [p._replace(families=(*p.families, HOSTILE_FAMILY)) if i % 3 == 0 else p
              for i, p in enumerate(hub + arxiv)
              if date(2026, 6, 1) <= day_of(p) <= date(2026, 9, 30)]
    chosen = [p._replace(families=tuple(dict.fromkeys(p.families))) for p in chosen]
    page = digest(chosen)
    assert "<script" not in page.lower()
    svg = svg_of(page)
    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter(f"{SVG}foreignObject"))
    for element in svg.iter():
        assert not any(k.lower().startswith("on") for k in element.attrib)
    # Weeks (the span is four months); a bar for each week with papers, per row.
    weeks: Counter[tuple[str, str]] = Counter()
    per_family: Counter[str] = Counter()
    for p in chosen:
        week = start_of(day_of(p), "week").isoformat()
        weeks[("", week)] += 1
        for f in p.families:
            weeks[(f, week)] += 1
            per_family[f] += 1
    top = sorted(per_family, key=lambda f: (-per_family[f], f))[:8]
    want = sum(1 for (name, _), n in weeks.items() if n and (name == "" or name in top))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == want
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "label"]
    # The hostile name is text, escaped on the way; cut to what the label column holds.
    assert labels == ["all papers", *(f if len(f) <= 17 else f[:16] + "…" for f in top)]
    assert HOSTILE_FAMILY in top and HOSTILE_FAMILY[:16] + "…" in labels


def test_digest_without_families_has_no_chart() -> None:
    assert "<svg" not in digest([Paper(id="2601.00001", title="x",
                                       published_at="2026-01-01T00:00:00Z")])


def test_digest_chart_renders_in_chromium(tmp_path: Path) -> None:
    import subprocess

    from systools import chromium

    browser = chromium()  # skipped when there is none
    hub, _, _ = _fixture()
    page = tmp_path / "digest.html"
    chosen = hub[:120]
    page.write_text(digest(chosen), encoding="utf-8")
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120,
        check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count('class="bar"') == page.read_text().count('class="bar"') > 0
    assert "<script" not in dom.lower()


# Headless Chromium lays a page out no narrower than 500px whatever --window-size says, so
# the digest is shown in an iframe as wide as the phone. Written after the digest's last
# element, this reports the sizes a reader gets into the outer page, which --dump-dom
# prints (the digest itself has no script).
MEASURE = """<script>
const svg = document.querySelector("figure.trends svg"), fig = svg.parentElement;
const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
const px = [...svg.querySelectorAll("text")].map(
  t => scale * parseFloat(getComputedStyle(t).fontSize));
const left = svg.getBoundingClientRect().left;
const cut = [...svg.querySelectorAll("text.label")].filter(
  t => t.getBoundingClientRect().left < left - 0.5).map(t => t.textContent);
parent.document.body.appendChild(parent.document.createElement("output")).textContent =
  JSON.stringify({smallest: Math.min(...px), page: document.documentElement.scrollWidth,
                  viewport: innerWidth, figure: [fig.clientWidth, fig.scrollWidth], cut});
</script>"""


@pytest.mark.parametrize("width", [320, 390, 520, 1280])
def test_digest_chart_is_legible_at_phone_width(papers, home: Home, tmp_path: Path,
                                                  width: int) -> None:
    """A phone drew the 640-unit chart at half size (7px labels): it keeps a readable
    width and scrolls sideways in its figure, the page itself never does."""
    import html
    import json
    import subprocess

    from systools import chromium

    browser = chromium()  # skipped when there is none
    build_library(home)
    page = tmp_path / "digest.html"
    done = papers("export", "--since", SINCE.isoformat(), "-o", str(page))
    assert done.exit_code == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    assert '<figure class="trends">' in text
    phone = tmp_path / "phone.html"
    phone.write_text(
        f'<!DOCTYPE html><body style="margin:0"><iframe width="{width}" height="800" '
        f'style="border:0" srcdoc="{html.escape(text.replace("</body>", MEASURE + "</body>"))}">'
        "</iframe></body>", encoding="utf-8")
    shown = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
         "--hide-scrollbars", "--window-size=1400,900", "--dump-dom", phone.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert shown.returncode == 0, shown.stderr[-2000:]
    found = re.search(r"<output>(.*?)</output>", shown.stdout, re.S)
    assert found, shown.stdout[-2000:]
    measured = json.loads(html.unescape(found.group(1)))
    assert measured["smallest"] >= 10, measured  # every label, total and date
    assert measured["page"] == measured["viewport"] == width, measured
    assert measured["cut"] == [], measured  # no family's name runs off the chart's edge
    client, scroll = measured["figure"]
    assert (scroll > client) is (width < 576), measured  # 36rem: only a narrow screen scrolls


def test_damaged_rows_are_skipped_and_counted(papers, home: Home) -> None:
    import sqlite3

    build_library(home)
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute("UPDATE papers SET ai_keywords = 'not json', org_name = x'ff00', "
                     "org_fullname = NULL WHERE id = '2605.00003'")
        conn.execute("UPDATE papers SET submitted_at = NULL, published_at = 'someday' "
                     "WHERE id = '2605.00004'")
    conn.close()
    # A row whose dates are damaged still has its id's month (2026-05), as a list shows
    # it: by months it counts there; by weeks it is not counted, and said as dated only
    # to a month. Only a row whose id names no month either has no usable date at all.
    for by in ("keyword", "org", "family"):
        done = papers("trends", "--since", SINCE.isoformat(), "--by", by, "--json")
        assert done.exit_code == 0, done.stderr
        assert (done.json["undated"], done.json["month_only"]) == (0, 1)
        weekly = papers("trends", "--since", SINCE.isoformat(), "--by", by, "--every",
                        "week", "--json")
        assert weekly.exit_code == 0, weekly.stderr
        assert (weekly.json["undated"], weekly.json["month_only"]) == (1, 1)
    shown = papers("trends", "--since", SINCE.isoformat())
    assert "Not counted" not in shown.stdout
    weekly_text = papers("trends", "--since", SINCE.isoformat(), "--every", "week").stdout
    assert ("Not counted: 1 paper dated only to its month, not a day (--every month "
            "counts it).") in weekly_text.splitlines()
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute("UPDATE papers SET id = '2613.00004' WHERE id = '2605.00004'")
    conn.close()
    for every in ("month", "week"):
        shown = papers("trends", "--since", SINCE.isoformat(), "--every", every)
        assert "Not counted: 1 paper without a usable date." in shown.stdout.splitlines()
        assert "dated only to" not in shown.stdout


def test_a_paper_in_two_sections_counts_once_in_the_digest() -> None:
    from papercli.exporters import Context, Section
    from papercli.exporters.html import stream

    one = Paper(id="2601.00001", title="x", families=("LLaVA",),
                published_at="2026-01-05T00:00:00Z")
    page = "".join(stream([Section("a", [one]), Section("b", [one])], Context(title="D")))
    totals = [t.text for t in svg_of(page).iter(f"{SVG}text") if t.get("class") == "total"]
    assert totals == ["1", "1"]


def test_the_choices_are_the_cores_own() -> None:
    """The command spells --by and --every out (the core loads lazily): they must stay
    the core's tuples."""
    from papercli import trends as core
    from papercli.cli import trends as command

    assert tuple(command.Row) == core.BY
    assert set(command.Period) == set(core.EVERY)
    assert command.MAX_TOP == core.MAX_TOP


def _weekday_library(home: Home) -> dict[date, list[Paper]]:
    """Daily Papers as the Hub lists them: every day cached, papers on weekdays only;
    three a weekday (one Qwen) until the week TODAY is in, four (two Qwen) in it."""
    from papercli.session import Session

    by_day: dict[date, list[Paper]] = {}
    week = TODAY - timedelta(days=TODAY.weekday())
    day, n = week - timedelta(weeks=3), 0
    while day <= TODAY:
        many = 0 if day.weekday() >= 5 else 4 if day >= week else 3
        papers_of_day = []
        for i in range(many):
            n += 1
            papers_of_day.append(Paper(
                id=f"2611.{n:05d}", title=f"Weekday paper {n}",
                published_at=f"{day.isoformat()}T00:00:00Z",
                submitted_at=f"{day.isoformat()}T08:00:00Z",
                families=("Qwen",) if i < many - 2 else ("GPT",)))
        by_day[day] = papers_of_day
        day += timedelta(days=1)
    session = Session.create(offline=True)
    store = session.store()
    store.families_fn = None
    try:
        for day, listed in by_day.items():
            store.save_listing(f"day:{day.isoformat()}", "day", listed, period_start=day,
                               fetched_at=f"{(day + timedelta(days=1)).isoformat()}T01:00:00Z")
    finally:
        session.close()
    return by_day


def test_a_week_in_progress_is_compared_with_the_same_days_of_the_week_before(
        papers, home: Home) -> None:
    """The week so far (Monday to today) against Monday to the same weekday of the week
    before, not against a whole week with its empty weekend; the caption says so."""
    by_day = _weekday_library(home)
    week = TODAY - timedelta(days=TODAY.weekday())
    done = papers("trends", "--every", "week", "--since",
                  (week - timedelta(weeks=2)).isoformat(), "--json")
    assert done.exit_code == 0, done.stderr
    doc = done.json
    elapsed = (TODAY - week).days

    def count(first: date, last: date, family: str | None = None) -> int:
        return sum(1 for d, listed in by_day.items() if first <= d <= last
                   for p in listed if family is None or family in p.families)

    before_first = week - timedelta(weeks=1)
    before_last = before_first + timedelta(days=elapsed)
    for name in ("Qwen", "GPT"):
        (row,) = [s for s in doc["series"] if s["name"] == name]
        want = count(week, TODAY, name) / count(before_first, before_last, name) - 1
        assert row["change"] == round(want, 4)
    assert round(count(week, TODAY) / count(before_first, before_last) - 1, 4) == round(
        4 / 3 - 1, 4)
    assert [p["in_progress"] for p in doc["periods"]] == [False, False, True]
    chart_text = " ".join(papers("trends", "--every", "week", "--since",
                                 (week - timedelta(weeks=2)).isoformat()).stdout.split())
    name = doc["periods"][-1]["period"]
    assert f"{name} is in progress" in chart_text
    assert f"({before_first.isoformat()} to {before_last.isoformat()})" in chart_text
    assert "+33%" in chart_text and "+100%" in chart_text  # all papers, Qwen
    # The week alone: no change to show, but its short bar is still said.
    alone = " ".join(papers("trends", "--every", "week", "--since", week.isoformat()
                            ).stdout.split())
    assert f"{name} is in progress: its bar counts {week.isoformat()} to" in alone
    # Whole weeks (one ended by --until) compare whole: nothing is in progress.
    done = papers("trends", "--every", "week", "--since",
                  (week - timedelta(weeks=2)).isoformat(),
                  "--until", (week - timedelta(days=1)).isoformat(), "--json")
    assert not any(p["in_progress"] for p in done.json["periods"])
    assert all(s["change"] == 0 for s in done.json["series"])


def test_every_count_past_a_thousand_is_thousands_separated(papers, home: Home) -> None:
    """The chart's Total column said 1,200, but `papers families` and `papers orgs`, the
    digest chart's totals and bar tooltips, the caption's days and a listing's "3 of 1200
    starred" said 1200: every count a person reads is now written 1,200."""
    from papercli.session import Session

    day = date(2026, 6, 2)
    many = [Paper(id=f"2606.{i:05d}", title=f"Qwen study {i}",
                  published_at=f"{day.isoformat()}T00:00:00Z", families=("Qwen",),
                  org_name="big", org_fullname="Big Lab") for i in range(1200)]
    session = Session.create(offline=True)
    try:
        store = session.store()
        store.families_fn = None
        store.save_listing(f"day:{day.isoformat()}", "day", many, period_start=day,
                           fetched_at=f"{day.isoformat()}T23:00:00Z")
    finally:
        session.close()
    assert re.search(r"^Qwen +1,200 ", papers("families").stdout, re.M)
    assert re.search(r"^big +1,200 +Big Lab$", papers("orgs").stdout, re.M)
    assert papers("star", *(p.id for p in many)).exit_code == 0
    starred = papers("starred", "-n", "3")
    assert starred.exit_code == 0 and "3 of 1,200 starred" in starred.stdout
    shown = papers("trends", "--every", "day", "--since", "2023-01-01")
    days = (TODAY - date(2023, 1, 1)).days + 1
    assert f"The library covers 1 of {days:,} days" in " ".join(shown.stdout.split())
    svg = svg_of(digest(many))
    totals = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "total"]
    assert totals == ["1,200", "1,200"]
    tips = [r.findtext(f"{SVG}title") for r in svg.iter(f"{SVG}rect")]
    assert tips and all(tip and tip.endswith(": 1,200 papers") for tip in tips)


def _hub_archive(tmp_path: Path, first: date, last: date) -> Path:
    """A Hub JSON archive as the Hub's Daily Papers list them: one paper each weekday
    from `first` to `last`, nothing on weekends (so the file names no weekend day)."""
    import json

    items, day, n = [], first, 0
    while day <= last:
        if day.weekday() < 5:
            n += 1
            stamp = f"{day.isoformat()}T08:00:00.000Z"
            items.append({"paper": {"id": f"2611.{n:05d}", "title": f"Qwen study {n}",
                                    "summary": "s", "authors": [{"name": "Ann Example"}],
                                    "publishedAt": stamp},
                          "publishedAt": stamp, "title": f"Qwen study {n}"})
        day += timedelta(days=1)
    path = tmp_path / "archive.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_an_imported_archives_weekends_are_covered_between_its_days(
        papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An imported Hub archive holds no weekend (Daily Papers lists nothing then), so
    every week read "Partly cached" and `--every day` named each Saturday and Sunday "not
    cached", where a synced library (which stores the empty weekends) read complete. A
    weekend between a Friday and a Monday the library holds is covered now; one at the
    edge of what it holds is not, unless its Monday is still to come."""
    archive = _hub_archive(tmp_path, date(2026, 11, 2), date(2026, 11, 20))
    assert papers("import", str(archive)).exit_code == 0
    weeks = papers("trends", "--every", "week", "--since", "2026-11-02",
                   "--until", "2026-11-22", "--json").json["periods"]
    assert [(p["period"], p["state"], p["cached_days"]) for p in weeks] == [
        ("2026-W45", "complete", 7), ("2026-W46", "complete", 7), ("2026-W47", "partial", 5)]
    shown = papers("trends", "--every", "day", "--since", "2026-11-02", "--until",
                   "2026-11-22")
    said = " ".join(shown.stdout.split())
    assert "The library covers 19 of 21 days" in said, shown.stdout
    assert "not cached (no listing, so unknown, not zero): 2026-11-21, 2026-11-22." in said
    # On that Sunday, the Monday after is still to come: the weekend so far is covered.
    monkeypatch.setenv("PAPERS_NOW", "2026-11-22T10:00:00Z")
    now = papers("trends", "--every", "week", "--since", "2026-11-16", "--json").json
    assert [(p["period"], p["state"]) for p in now["periods"]] == [("2026-W47", "complete")]


def test_a_narrow_terminal_names_only_the_periods_it_draws(home: Home) -> None:
    """On 80 columns only the latest days are drawn, but the caption named August's
    uncached days, off the left of the sparkline, as if its `·` were on screen: now it
    names the periods drawn and counts the earlier ones."""
    from conftest import on_terminal, screen_lines

    build_library(home)
    ran = on_terminal(["trends", "--every", "day", "--since", "2026-07-01", "--no-pager"],
                      cols=80, env={"NO_COLOR": "1"})
    assert ran.code == 0, ran.screen
    said = " ".join(" ".join(screen_lines(ran.screen.decode())).split())
    assert "Showing the latest " in said, said
    assert "2026-08-" not in said
    assert "· not cached (no listing, so unknown, not zero): 31 earlier days, not drawn." \
        in said, said


def test_a_title_wider_than_the_terminal_keeps_every_filter(home: Home) -> None:
    """On 80 columns, a chart narrowed by a few filters was titled "… · family Qwen ·
    keyword r…": cut at the width, it lost the filters that say what was counted. The
    filters now go on to a line of their own, whole."""
    from conftest import on_terminal, screen_lines
    from papercli.session import Session

    build_library(home)
    session = Session.create(offline=True)  # (one paper passes them all: a chart)
    try:
        session.store().import_papers([Paper(
            id="2607.09999", title="An alpha paper on Qwen", authors=("Someone Longnamed",),
            families=("Qwen",), categories=("cs.CL",), org_name="google",
            published_at="2026-07-01T00:00:00Z")], {})
    finally:
        session.close()
    ran = on_terminal(["trends", "--by", "org", "--since", SINCE.isoformat(), "--family",
                       "Qwen", "-k", "alpha", "--category", "cs.CL",
                       "--author", "Someone Longnamed", "--no-pager"],
                      cols=80, env={"NO_COLOR": "1"})
    assert ran.code == 0, ran.screen
    shown = screen_lines(ran.screen.decode())
    assert all(len(line) <= 80 for line in shown)
    head = [line for line in shown if "·" in line][:2]
    assert head[0].startswith("Papers per month by organization · 2026-05 to 2026-11")
    assert head[1].startswith("· "), shown
    said = " ".join(head)
    for words in ("family Qwen", "keyword alpha", "category cs.CL",
                  "author Someone Longnamed"):
        assert words in said, shown
    assert "…" not in said


def test_filters_that_pass_no_paper_say_so(papers, home: Home) -> None:
    """A chart whose filters passed nothing drew an empty "all papers" row, 0, and no
    word of why; then its caption said so, under a chart of zeros; now stderr says it,
    and there is no chart."""
    build_library(home)
    done = papers("trends", "--since", SINCE.isoformat(), "--author", "Nobody Atall")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert one_line(done.stderr) == (
        f"papers: no paper since {SINCE} passes the filters (author Nobody Atall)")
    unfiltered = papers("trends", "--since", SINCE.isoformat())
    assert "passes the filters" not in unfiltered.stdout + unfiltered.stderr
    assert unfiltered.stdout.startswith("Papers per month")


def test_a_range_of_one_period_explains_no_change(papers, home: Home) -> None:
    """One day (or this month alone) has no Change to show, yet the caption explained
    it ("change: the latest period against the one before"); now it does not, and a
    month in progress still says which days its bar counts."""
    build_library(home)
    one = papers("trends", "--every", "day", "--since", "2026-06-02", "--until", "2026-06-02")
    assert one.exit_code == 0, one.stderr
    assert "change:" not in one.stdout and "Change" in one.stdout
    assert one.stdout.rstrip().endswith("else its arXiv date."), one.stdout
    month = papers("trends", "--since", TODAY.isoformat())
    counted = next(line for line in month.stdout.splitlines() if line.startswith("Counted"))
    assert "2026-11 is in progress: its bar counts" in counted, counted
    assert "change" not in counted, counted
    two = papers("trends", "--every", "day", "--since", "2026-06-02", "--until", "2026-06-03")
    assert "change: the latest period against the one before" in two.stdout
    # Periods none of which is cached (arXiv's with no arXiv listing, the years before
    # the library): their Change column is empty too, yet the caption explained it.
    # (Now no paper there is no chart: why, on stderr, and no word of a change.)
    for span in (("--every", "day", "--since", "2026-08-10", "--until", "2026-08-12"),
                 ("--source", "arxiv", "--since", "2026-09-01", "--until", "2026-10-31")):
        none = papers("trends", *span)
        assert (none.exit_code, none.stdout) == (0, ""), none.stderr
        assert "change" not in one_line(none.stderr), none.stderr


def test_json_has_the_all_papers_change_the_chart_shows(papers, home: Home) -> None:
    """The chart's "all papers" row shows a change (+27%); the JSON had each series'
    change but not that one, so a script had to work it out again from the periods."""
    build_library(home)
    doc = papers("trends", "--since", "2026-06-01", "--until", "2026-07-31", "--json").json
    june, july = doc["periods"]
    per_day = [p["papers"] / p["cached_days"] for p in (june, july)]  # per cached day
    assert doc["change"] == round(per_day[1] / per_day[0] - 1, 4), doc
    assert doc["new"] is False
    shown = papers("trends", "--since", "2026-06-01", "--until", "2026-07-31").stdout
    row = next(line for line in shown.splitlines() if line.startswith("all papers"))
    assert row.split()[-1] == chart.change_text(trends.Series(
        "", "all papers", (), 0, doc["change"], False)), row
    one = papers("trends", "--since", "2026-06-01", "--until", "2026-06-30", "--json").json
    assert one["change"] is None and one["new"] is False


def test_has_model_counts_the_papers_it_leaves_out_in_a_warning(papers, home: Home) -> None:
    """--has-model's help says the papers whose models are not known yet "are counted in
    a warning", as a listing does; trends said nothing, its 0 read as "no paper of the
    range has a model" where none had been looked up."""
    build_library(home)
    every = papers("trends", "--since", SINCE.isoformat(), "--json").json["papers"]
    for fmt in ("chart", "json"):
        done = papers("trends", "--since", SINCE.isoformat(), "--has-model", "--format", fmt)
        assert done.exit_code == 0, done.stderr
        assert one_line(done.stderr) == (
            f"papers: warning: {every:,} papers left out: their linked models are not known "
            "yet"), done.stderr
        assert cell_width(one_line(done.stderr)) <= 80  # (110 with "(`papers show ID` …")
    assert papers("trends", "--since", SINCE.isoformat(), "--has-model", "--json"
                  ).json["papers"] == 0
    assert papers("trends", "--since", SINCE.isoformat()).stderr == ""


def _keyword_library(papers_of: list[tuple[tuple[str, ...], str]],
                     day: date = date(2026, 10, 14)) -> None:
    """One Daily Papers day of papers, each (AI keywords as the Hub wrote them, abstract)."""
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        listed = [Paper(id=f"2610.{i:05d}", title=f"Paper {i}", summary=abstract,
                        published_at=f"{day}T00:00:00Z", submitted_at=f"{day}T08:00:00Z",
                        ai_keywords=keywords)
                  for i, (keywords, abstract) in enumerate(papers_of)]
        session.store().save_listing(f"day:{day}", "day", listed, period_start=day,
                                     fetched_at=f"{day + timedelta(days=1)}T01:00:00Z")
    finally:
        session.close()


def test_spellings_of_one_keyword_are_one_row(papers, home: Home) -> None:
    """`--by keyword` drew "LLMs", "large language model" and "Large Language Models
    (LLMs)" as three rows, and "vision-language models" apart from "Vision Language
    Model": each split its papers, so none reached the top. Case, hyphens and a plural
    merge now, and an acronym joins its expansion where an abstract (or a keyword) in
    the library defines it; a paper listing two spellings counts once."""
    _keyword_library([
        (("LLMs", "large language models"), "Large language models (LLMs) are big."),
        (("Large Language Models (LLMs)",), "Text."),
        (("large language model",), "Text."),
        (("LLM", "large language models"), "Text."),
        (("vision-language models", "agents"), "Text."),
        (("Vision Language Model", "RL"), "We train it with reinforcement learning (RL)."),
        # (an abstract as long as most: stored compressed, and read so)
        (("VLMs", "Vision-Language Models"),
         "Vision-language models (VLMs) see. " + "They read the images they see. " * 20),
        (("reinforcement learning", "Reinforcement-Learning"), "Text."),
        # An acronym no text defines stays apart from an expansion it could stand for.
        (("SAM", "segment anything models"), "Text."),
        (("sam",), "Text."),
        (("agents",), "Text."),
        # An acronym two expansions claim goes with the one defined more often.
        (("RL", "representation learning"), "Representation learning (RL) is old."),
        (("RL",), "Reinforcement learning (RL) again."),
        # A name that is a word of its own expansion is a method's name, not the word.
        (("FusioN", "Fusion of N"), "Fusion of N (FusioN) merges."),
    ])
    span = ("--by", "keyword", "--since", "2026-10-01", "--until", "2026-10-31")
    doc = papers("trends", *span, "-n", "20", "--json").json
    got = {s["name"]: (s["total"], s["spellings"]) for s in doc["series"]}
    assert got == {
        "large language models": (4, ["large language models", "large language model",
                                      "large language models (llms)", "llm", "llms"]),
        "vision-language models": (3, ["vision-language models", "vision language model",
                                       "vlms"]),
        # (named by its most used spelling: three papers write RL)
        "rl": (4, ["rl", "reinforcement learning", "reinforcement-learning"]),
        "representation learning": (1, ["representation learning"]),
        "fusion": (1, ["fusion"]),
        "fusion of n": (1, ["fusion of n"]),
        "sam": (2, ["sam"]),
        "agents": (2, ["agents"]),
        "segment anything models": (1, ["segment anything models"]),
    }, got
    assert [s["name"] for s in doc["series"]][:4] == [
        "large language models", "rl", "vision-language models", "agents"]
    # A row shows the keyword as the Hub most often writes it (its name is case-folded).
    labels = {s["name"]: s["label"] for s in doc["series"]}
    assert labels["rl"] == "RL" and labels["fusion"] == "FusioN", labels
    assert labels["large language models"] == "large language models", labels
    # --top picks among the merged keywords: the three spellings of one outnumber a
    # keyword two papers spell one way.
    top = papers("trends", *span, "-n", "3", "--json").json
    assert [s["name"] for s in top["series"]] == [
        "large language models", "rl", "vision-language models"]
    lines = papers("trends", *span).stdout.splitlines()
    assert sum(line.startswith(("large language model", "llm", "LLM")) for line in lines) == 1
    assert any(line.startswith("RL ") for line in lines), lines
    assert "an AI keyword counts all its spellings" in " ".join(lines)


def test_csv_lists_a_keywords_spellings_as_the_json_does(papers, home: Home) -> None:
    """`--format json` listed the spellings each keyword row counts, `--format csv` had
    no column for them: a spreadsheet could not tell that "large language models" also
    counted "LLMs". A `spellings` column now gives them, "; "-joined, most used first,
    cell by cell as the JSON's list (empty for "all papers" and for the other kinds)."""
    _keyword_library([
        (("LLMs", "large language models"), "Large language models (LLMs) are big."),
        (("large language model",), "Text."),
        (("=agents",), "Text."),
    ])
    span = ("--by", "keyword", "--since", "2026-10-01", "--until", "2026-10-31")
    doc = papers("trends", *span, "--json").json
    rows = list(csv.DictReader(io.StringIO(papers("trends", *span, "-f", "csv").stdout)))
    got = {r["series"].removeprefix("'"): r["spellings"] for r in rows}
    assert got == {"": "", **{s["name"]: "; ".join(s["spellings"]).replace("=", "'=")
                              for s in doc["series"]}}, got
    assert got["large language model"] == "large language model; large language models; llms"
    assert got["=agents"] == "'=agents"  # (no formula, as every cell)
    family = papers("trends", *span[2:], "-f", "csv").stdout
    assert family.splitlines()[0].endswith(",recorded,spellings")
    assert {r["spellings"] for r in csv.DictReader(io.StringIO(family))} == {""}


@pytest.mark.parametrize("by", ["keyword", "org"])
def test_a_month_whose_papers_seldom_record_keywords_is_not_a_fall(papers, home: Home,
                                                                   by: str) -> None:
    """July 2026 on the Hub: a third of the papers record AI keywords, the rest none. A
    keyword's row fell by half against June (per cached day) with the record, not with
    the keyword, and nothing said so: a row's change is now per paper that records one,
    and the caption names the months where under half of them do."""
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        for day, recording, agents in ((date(2026, 9, 14), 10, 2),
                                       (date(2026, 10, 14), 3, 1)):
            listed = [Paper(id=f"{day:%y%m}.{i:05d}", title=f"Paper {i}",
                            published_at=f"{day}T00:00:00Z", submitted_at=f"{day}T08:00:00Z",
                            org_name=("agents" if i < agents else "other")
                            if i < recording else None,
                            ai_keywords=(("agents",) if i < agents else ("other",))
                            if i < recording else ())
                      for i in range(10)]
            session.store().save_listing(f"day:{day}", "day", listed, period_start=day,
                                         fetched_at=f"{day + timedelta(days=1)}T01:00:00Z")
    finally:
        session.close()
    span = ("--by", by, "--since", "2026-09-01", "--until", "2026-10-31")
    doc = papers("trends", *span, "--json").json
    assert [(p["papers"], p["recording"]) for p in doc["periods"]] == [(10, 10), (10, 3)]
    (row,) = [s for s in doc["series"] if s["name"] == "agents"]
    assert row["counts"] == [2, 1]
    assert row["change"] == round((1 / 3) / (2 / 10) - 1, 4)  # not -0.5
    assert doc["change"] == 0  # all papers: 10 a day against 10 a day
    text = " ".join(papers("trends", *span).stdout.split())
    what = {"org": "an organization", "keyword": "AI keywords"}[by]
    assert f"Under half the papers of 2026-10 record {what}" in text
    assert f"per cached day (a row's: per paper that records {what})" in text
    assert "+67%" in text
    # Families: every paper's text can name one, so no such sentence.
    family = " ".join(papers("trends", *span[2:]).stdout.split())
    assert "Under half" not in family and "a row's" not in family
    # With --org, a row counts the papers that record an organization (and keywords),
    # and the caption names both, as its "· in a row" sentence does.
    both = " ".join(papers("trends", *span, "--org", "agents").stdout.split())
    what = "an organization" + (" and AI keywords" if by == "keyword" else "")
    assert f"per paper that records {what})" in both
    assert f"Under half the papers of 2026-10 record {what}:" in both
