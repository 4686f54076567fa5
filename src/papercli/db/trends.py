"""The library's reads for `papers trends`: papers per period and series, counted in SQL.

A paper's day here is its Daily Papers day (the listing time, `submitted_at`) when the Hub
listed it, else its arXiv date (`published_at`): the day it entered one of the feeds the
library caches, so the counts line up with the listings that say what is covered (with
`--source arxiv` alone, arXiv's listings alone: the arXiv date, `day_sql`). A paper with
neither (an old import: shown with its id's month, `2026-08`) has a day only by months
(`months`: its month's first day, which the month it counts in begins with); by weeks or
days, or with no day that is a date (a damaged row), it is left out, and `undated` counts
those (`month_only`: those of them the range's months hold).
Counts are per day (trends.py groups the days into periods), series by name: a model
family (paper_families), an organization (Hub name, else display name) or an AI keyword
(case-folded, trimmed, its spellings merged by trends.group_keywords; each paper counted
once per keyword).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext, suppress
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from papercli.criteria import id_month_sql
from papercli.db import records
from papercli.db.connection import lenient, lenient_stream, saying
from papercli.db.schema import HAS_KEYWORDS, HAS_ORG

if TYPE_CHECKING:
    from papercli.db.search import LibraryReads
    from papercli.filters import Filter
    from papercli.models import Paper

DAY = "date(substr(coalesce(p.submitted_at, p.published_at), 1, 10))"  # schema.TREND_DAY
# With --source arxiv alone, the arXiv date: the day arXiv's listings cover (what says a
# day is cached then), and what `search --source arxiv --since` reads; a paper the Hub
# listed days later was counted on that day, outside the range (a skip) or in another.
ARXIV_DAY = "date(substr(p.published_at, 1, 10))"
# The first day of the month a paper's id begins with (2608.01234: 2026-08-01), the day a
# paper with no other counts on by months (`months`): a month is all such a paper tells.
MONTH_DAY = f"date({id_month_sql('p')} || '-01')"


def _own_day(flt: Filter) -> str:
    """A paper's own day for this filter (DAY, or ARXIV_DAY), NULL when it has none."""
    return ARXIV_DAY if tuple(flt.sources) == ("arxiv",) else DAY


def _dateless(flt: Filter) -> str:
    """The term of a paper with no date of its own, which counts in its id's month by
    months: DAY NULL, or no arXiv date at all (an index reads either; a damaged one is
    said to be no usable date, as it was)."""
    return f"{DAY} IS NULL" if _own_day(flt) == DAY else "p.published_at IS NULL"


def day_sql(flt: Filter, months: bool = False) -> str:
    """The expression of a paper's day for this filter (DAY, or ARXIV_DAY); `months`
    (the chart counts months): else its id's month's first day (MONTH_DAY)."""
    own = _own_day(flt)
    return f"coalesce({own}, {MONTH_DAY})" if months else own


def span_sql(flt: Filter, since: date, until: date, months: bool = False, also: str = ""
             ) -> tuple[str, list[object]]:
    """The SQL term (and its arguments) of a paper's day in [since, until]. DAY has an
    index of its own (schema.TREND_DAY); ARXIV_DAY is read through the arXiv date's
    indexes, by the range of the text it starts (an ISO time sorts as its day): at a
    million papers, a range instead of a scan of every row. `months`: a paper with no
    day of its own in it by its id's month too (`day_sql`; `since` is a month's first
    day then), found through the same index (its day NULL, then its id): `also`, the
    terms (" AND ...", no arguments) of a partial index on the day (`--by keyword|org`:
    schema.HAS_KEYWORDS), in either half, so that SQLite reads that index for both
    (without them, the whole day index)."""
    days: list[object] = [since.isoformat(), until.isoformat()]
    if _own_day(flt) == DAY:
        term, args = f"{DAY} BETWEEN ? AND ?", days
    else:
        after = (until + timedelta(days=1)).isoformat()
        term = f"p.published_at >= ? AND p.published_at < ? AND {ARXIV_DAY} BETWEEN ? AND ?"
        args = [since.isoformat(), after, *days]
    if not months:
        return term, args
    return (f"(({term}{also}) OR ({_dateless(flt)} AND {MONTH_DAY} BETWEEN ? AND ?{also}))",
            [*args, *days])
# An AI keyword case-folded: SQLite's lower() where the keyword is printable ASCII (the
# same as str.casefold there, and no call into Python), casefold() for anything else.
_FOLDED = ("CASE WHEN k.value GLOB '*[^ -~]*' THEN casefold(trim(k.value)) "
           "ELSE lower(trim(k.value)) END")
# name (and a label to show) per series kind; FROM parts joined to `papers p`; the rows
# that can name one (a partial index's condition: the others are never read).
_SERIES = {
    "family": ("f.family", "f.family",
               "JOIN paper_families f ON f.paper_id = p.id", ""),
    "org": ("coalesce(p.org_name, p.org_fullname)",
            "coalesce(p.org_fullname, p.org_name)", "", f" AND {HAS_ORG}"),
    "keyword": (_FOLDED, _FOLDED,
                "JOIN json_each(CASE WHEN json_valid(p.ai_keywords) "
                "AND json_type(p.ai_keywords) = 'array' THEN p.ai_keywords ELSE '[]' END) k "
                "ON k.type = 'text'", f" AND p.{HAS_KEYWORDS}"),
}
MAX_NAME = 200  # a series name longer than this is cut (it is shown in one line)


class SeriesRow(NamedTuple):
    name: str
    label: str
    day: str  # YYYY-MM-DD
    papers: int


class Counts(NamedTuple):
    """What `counts` found: the chosen series' papers per day, every paper's count per
    day (each paper once), and how many papers had no usable day; for organizations and
    AI keywords, which the Hub did not always record, the papers per day that record one
    (`named`; None for families, which every paper's text can name). Days, not periods:
    grouping by the indexed expression itself reads only the index (trends.py buckets)."""

    series: list[SeriesRow]
    totals: dict[str, int]
    undated: int
    named: dict[str, int] | None = None
    # With --org: every paper per day the other filters pass (the org filter's pool), and
    # `named` counts those that record an organization (the Hub's record, not the filter's).
    pool: dict[str, int] | None = None
    # Papers with no day of their own that the range's months hold by their ids: counted
    # on their month's first day by months, else among `undated` (`undated_counts`).
    month_only: int = 0


def _where(flt: Filter, ids: Sequence[str] | None) -> tuple[str, list[object]]:
    terms, args = flt.sql("p")
    if ids is not None:
        import json

        terms.append("p.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(list(ids)))
    return "".join(f" AND {t}" for t in terms), args


def matching_ids(db: LibraryReads, flt: Filter, since: date, until: date, *,
                 quiet: bool = False, seen: dict[int, Paper | None] | None = None,
                 months: bool = False) -> list[str]:
    """Ids of the papers in the range that pass a filter with word criteria (those run in
    Python: `Filter.matches`), read as every checked listing reads them (`passing_ids`):
    only those the search index finds the words in when they are few. Else every paper
    of the range: at a million papers, six months of a word in most papers take about
    14 s, under a status line that says how far it is (`quiet`: the caller's says it).
    `seen`: the rows read already, for several filters over the same range; `months`:
    by months (`span_sql`)."""
    return db.passing_ids(flt, span_sql(flt, since, until, months), seen=seen, saying_all=None
                          if quiet else "checking the words of every paper in the range…")


_KEYWORDS = _SERIES["keyword"][2]
# A keyword (`raw`, trimmed) that may be an acronym as the Hub wrote it: one word, two
# capitals ("LLMs"). A WHERE's terms in this order: the pattern, tried at each capital,
# runs on one-word keywords alone (as a column of every row, it cost `--by keyword` a
# tenth of its time).
_ACRONYM = "instr(raw, ' ') = 0 AND raw GLOB '*[A-Z]*[A-Z]*'"
# The range's AI keywords, one row per keyword a paper lists: its spelling (case-folded)
# `name`, as written `raw`, the paper `rid` and its day `d` (`keyword_hits` fills it).
_HITS = "trend_keyword_hits"


@contextmanager
def keyword_hits(db: LibraryReads, *, since: date, until: date, flt: Filter,
                 ids: Sequence[str] | None = None, months: bool = False) -> Iterator[None]:
    """The range's AI keywords (of the papers passing the filter; `ids`: those of them a
    word filter found) read once into a temporary table, which keyword_spellings,
    acronym_abstracts, counts (with `groups`) and keyword_labels then read: each of them
    walking every paper's keyword list again read its row anew (the row, not the index:
    its abstract before it), and `--by keyword` took 2.3 times as long as before the
    spellings were merged. The table lives in SQLite's temporary store (a file past its
    cache: memory stays bounded at a million papers) until the block ends."""
    _fill_hits(db, since=since, until=until, flt=flt, ids=ids, months=months)
    try:
        yield
    finally:
        with suppress(sqlite3.Error):  # (a failed read's own error is the one to tell)
            db.conn.execute(f"DROP TABLE IF EXISTS temp.{_HITS}")


@lenient
def _fill_hits(db: LibraryReads, *, since: date, until: date, flt: Filter,
               ids: Sequence[str] | None, months: bool = False) -> None:
    extra, args = _where(flt, ids)
    naming = _SERIES["keyword"][3]
    within, days = span_sql(flt, since, until, months, also=naming)
    db.conn.execute(f"DROP TABLE IF EXISTS temp.{_HITS}")
    db.conn.execute(
        f"CREATE TEMP TABLE {_HITS} AS SELECT {_FOLDED} AS name, trim(k.value) AS raw, "
        f"p.rowid AS rid, {day_sql(flt, months)} AS d FROM papers p "
        f"{_KEYWORDS} WHERE {within}{naming}{extra}", [*days, *args])


@lenient
def keyword_spellings(db: LibraryReads) -> list[tuple[str, int]]:
    """Every AI keyword spelling (case-folded) of `keyword_hits`' papers, with its
    papers."""
    return [(n, int(c)) for n, c in db.conn.execute(
        f"SELECT name, count(DISTINCT rid) FROM temp.{_HITS} GROUP BY 1")
        if type(n) is str and n.strip()]


@lenient
def keyword_labels(db: LibraryReads, names: Sequence[str]) -> dict[str, str]:
    """How the Hub most often writes each of the case-folded keywords `names` among
    `keyword_hits`' papers ("GRPO", "LoRA", "large language models"), to show it so."""
    import json

    best: dict[str, tuple[int, str]] = {}
    for n, raw, count in db.conn.execute(
            f"SELECT name, raw, count(*) FROM temp.{_HITS} WHERE name IN "
            "(SELECT value FROM json_each(?)) GROUP BY 1, 2", [json.dumps(list(names))]):
        if type(n) is str and type(raw) is str and (count, raw) > best.get(n, (0, "")):
            best[n] = (count, raw)
    return {n: raw[:MAX_NAME] for n, (_, raw) in best.items()}


@lenient_stream
def acronym_abstracts(db: LibraryReads) -> Iterator[str]:
    """The abstracts of `keyword_hits`' papers that list an acronym as an AI keyword (two
    capitals, one word), which may define it ("large language models (LLMs)"):
    trends.group_keywords reads them one at a time."""
    for (raw,) in db.conn.execute(
            f"SELECT p.summary FROM papers p WHERE p.rowid IN "
            f"(SELECT rid FROM temp.{_HITS} WHERE {_ACRONYM})"):
        if type(text := records.unpack(raw)) is str:  # (a long one is stored compressed)
            yield text


@lenient
def counts(db: LibraryReads, *, by: str, since: date, until: date, top: int,
           flt: Filter, names: Sequence[str] = (), groups: Mapping[str, str] | None = None,
           ids: Sequence[str] | None = None, months: bool = False) -> Counts:
    """The `top` series of kind `by` (most papers in the range first, then by name) with
    their papers per day, or the series `names` when given; plus each day's papers and
    the undated ones. Exact: every paper in the range is counted. `groups` (AI keywords:
    spelling to keyword, trends.group_keywords) counts each paper once per keyword,
    whichever of its spellings it lists, among the keywords `keyword_hits` read (call it
    inside that block); `ids`: the papers a word filter passes, found already; `months`:
    the chart counts months, where a paper with no day counts in its id's month."""
    import json

    if ids is None and flt.in_python:
        ids = matching_ids(db, flt, since, until, months=months)
    extra, args = _where(flt, ids)
    name, label, join, naming = _SERIES[by]
    dx = day_sql(flt, months)  # a paper's day for this filter
    within, days = span_sql(flt, since, until, months)
    # (the same arguments: by months, the rows that can name one in both halves)
    named_within, _ = span_sql(flt, since, until, months, also=naming)
    span: list[object] = [*days, *args]
    # One row per (paper, series): paper_families is keyed on both and an org is one per
    # paper; a keyword a paper lists twice is still one paper (DISTINCT). `hits` is read
    # twice (the top series, then their days), so SQLite builds it once: each keyword
    # list is parsed once.
    per = "count(DISTINCT rid)" if by == "keyword" else "count(*)"
    if names:
        chosen = "SELECT value FROM json_each(?)"
        more: list[object] = [json.dumps(list(names))]
    else:
        chosen = (f"SELECT name FROM hits WHERE name IS NOT NULL AND name != '' "
                  f"GROUP BY name ORDER BY {per} DESC, name LIMIT ?")
        more = [top]
    sql = (f"WITH hits AS (SELECT {name} AS name, {label} AS label, p.rowid AS rid, "
           f"{dx} AS d FROM papers p {join} WHERE {named_within}{naming}{extra}) "
           f"SELECT name, max(label), d, {per} FROM hits WHERE name IN ({chosen}) "
           "GROUP BY 1, 3")
    reads = span
    if groups is not None:  # (a keyword's spellings: one row per keyword and day)
        more = [json.dumps(dict(groups))]
        # The keywords `keyword_hits` read, the spelling-to-keyword table read once and
        # looked up by an index on it, the hits outside (CROSS JOIN: left to itself
        # SQLite read every paper once per spelling, 18 s for 10,000 papers).
        sql = ("WITH g(spelling, keyword) AS MATERIALIZED (SELECT key, value FROM "
               f"json_each(?)) SELECT g.keyword, g.keyword, h.d, {per} FROM temp.{_HITS} h "
               "CROSS JOIN g ON g.spelling = h.name GROUP BY 1, 3")
        reads = []  # (the range and filter: in the table already)
    rows: list[SeriesRow] = []
    for n, lab, day, count in db.conn.execute(sql, [*reads, *more]):
        if type(n) is not str or type(day) is not str or not n.strip():
            records.note("library.db", f"trend series {n!r}", skipped=True)
            continue
        shown = lab if type(lab) is str and lab.strip() else n
        rows.append(SeriesRow(n[:MAX_NAME], shown[:MAX_NAME], day, int(count)))
    totals = {day: int(count) for day, count in db.conn.execute(
        f"SELECT {dx}, count(*) FROM papers p WHERE {within}{extra} GROUP BY 1",
        span) if type(day) is str}
    named = (None if by == "family"
             else _per_day(db, f"{named_within}{naming}{extra}", span, dx))
    pool = None
    if flt.orgs:
        named, pool = _org_pool(db, flt, since, until, naming, months=months)
    undated, month_only = undated_counts(db, flt, since, until, months, extra, args)
    return Counts(rows, totals, undated, named, pool, month_only)


def undated_counts(db: LibraryReads, flt: Filter, since: date, until: date, months: bool,
                   extra: str, args: list[object]) -> tuple[int, int]:
    """(papers left out for want of a day, those with no day of their own that the
    range's months hold by their ids) of those passing `extra` (with a word filter, its
    ids: the range's alone, so by weeks or days none undated to say). By months
    the second are counted (`span_sql`), so the first are the papers whose id names no
    month; else the first hold the second, and the papers whose id names none (wherever
    their month is, they are nowhere)."""
    dateless = f"({_dateless(flt)} AND {MONTH_DAY} IS NOT NULL)"
    row = db.conn.execute(
        f"SELECT coalesce(sum(NOT {dateless}), 0), "
        f"coalesce(sum({dateless} AND {MONTH_DAY} BETWEEN ? AND ?), 0) FROM papers p "
        f"WHERE {_own_day(flt)} IS NULL{extra}",
        [since.replace(day=1).isoformat(), until.isoformat(), *args]).fetchone()
    nowhere, month_only = int(row[0]), int(row[1])
    return (nowhere if months else nowhere + month_only), month_only


@lenient
def dateless_in(db: LibraryReads, flt: Filter, since: date, until: date) -> bool:
    """Whether any paper with no date of its own has its id's month in the range (the
    filter's other terms aside): only then is a chart by months read with `months`,
    whose day is no index's (its GROUP BY sorts: 2.4 times as long for six months of
    100,000 papers), as every library of dated papers is read as it was."""
    return db.conn.execute(
        f"SELECT 1 FROM papers p WHERE {_dateless(flt)} AND {MONTH_DAY} BETWEEN ? AND ? "
        "LIMIT 1", [since.isoformat(), until.isoformat()]).fetchone() is not None


def _org_pool(db: LibraryReads, flt: Filter, since: date, until: date, naming: str = "",
              *, months: bool = False) -> tuple[dict[str, int], dict[str, int]]:
    """With --org, the papers per day the other filters pass (the org filter's pool) and
    those of them that record an organization (`naming`: the rows' own term too). A period
    where the Hub recorded no organization holds no paper of X whether X wrote any or not:
    its counts are unknown, as `-b org` says them (Period.recorded)."""
    within, days = span_sql(flt, since, until, months)
    named_within, _ = span_sql(flt, since, until, months, also=f"{naming} AND {HAS_ORG}")
    dx = day_sql(flt, months)
    base = flt._replace(orgs=())
    pool_ids = matching_ids(db, base, since, until, months=months) if base.in_python else None
    pool_extra, pool_args = _where(base, pool_ids)
    pool_span: list[object] = [*days, *pool_args]
    pool = _per_day(db, f"{within}{pool_extra}", pool_span, dx)
    named = _per_day(db, f"{named_within}{naming} AND {HAS_ORG}{pool_extra}", pool_span, dx)
    return named, pool


def word_counts(db: LibraryReads, *, words: Sequence[tuple[str, Filter]], since: date,
                until: date, flt: Filter, months: bool = False) -> Counts:
    """One series per word given (`words`: its name and the filter with the word added,
    as -k adds one), its papers per day, the words' rows in the order given (the chart
    keeps it: trends.build's `ordered`); `totals`: every paper the filter passes, so a
    word's share of the range can be read. A word no paper holds is still a row, of
    zeros (it was asked for by name). `months`: as `counts`; the papers left out for want
    of a day are counted as there (they were not: "all papers" left them out unsaid)."""
    within, days = span_sql(flt, since, until, months)
    dx = day_sql(flt, months)
    rows: list[SeriesRow] = []
    # Several words: each its own walk of the papers that may hold it (32 common words
    # took 20 s at 10,000 papers, in silence), so one status line says how many words
    # are done, and a paper read for one word is not read again for the next.
    several = len(words) > 1
    seen: dict[int, Paper | None] = {}
    with saying(db, f"counting the papers holding each of {len(words)} words…") \
            if several else nullcontext() as done:
        for i, (name, with_word) in enumerate(words, 1):
            found = matching_ids(db, with_word, since, until, quiet=several, seen=seen,
                                 months=months)
            extra, args = _where(with_word, found)
            per = _per_day(db, f"{within}{extra}", [*days, *args], dx)
            shown = name[:MAX_NAME]
            rows += [SeriesRow(shown, shown, d, n) for d, n in per.items()] or [
                SeriesRow(shown, shown, since.isoformat(), 0)]
            if done is not None:
                done(i, len(words))
    ids = matching_ids(db, flt, since, until, months=months) if flt.in_python else None
    extra, args = _where(flt, ids)
    totals = _per_day(db, f"{within}{extra}", [*days, *args], dx)
    named, pool = (_org_pool(db, flt, since, until, months=months) if flt.orgs
                   else (None, None))
    undated, month_only = undated_counts(db, flt, since, until, months, extra, args)
    return Counts(rows, totals, undated, named, pool, month_only)


@lenient
def passing(db: LibraryReads, flt: Filter, since: date, until: date,
            among: Sequence[str] | None = None, *, months: bool = False) -> int:
    """How many papers of the range pass a filter, each once (`--has-model`'s papers
    whose models are not known yet, to say how many were left out); `among`: of these
    ids only (the hidden papers counted, to say so); `months`: by months (`span_sql`)."""
    within, days = span_sql(flt, since, until, months)
    if among is not None:
        import json

        within = f"{within} AND p.id IN (SELECT value FROM json_each(?))"
        days = [*days, json.dumps(list(among))]
        if flt.in_python:  # the words checked in those papers alone, not in the range's
            return len(db.passing_ids(flt, (within, days)))
    ids = matching_ids(db, flt, since, until, months=months) if flt.in_python else None
    extra, args = _where(flt, ids)
    row = db.conn.execute(f"SELECT count(*) FROM papers p WHERE {within}{extra}",
                          [*days, *args]).fetchone()
    return int(row[0])


def _per_day(db: LibraryReads, where: str, span: list[object], day: str) -> dict[str, int]:
    """Papers per day that pass `where` (the span's term, then " AND …" terms on
    `papers p`), its arguments `span`."""
    return {d: int(count) for d, count in db.conn.execute(
        f"SELECT {day}, count(*) FROM papers p WHERE {where} GROUP BY 1", span)
        if type(d) is str}


@lenient
def listed_days(db: LibraryReads, since: date, until: date
                ) -> list[tuple[str, str, str, str]]:
    """(kind, key, period_start, fetched_at) of the listings that can say a day is
    covered: Daily Papers day listings in the range, every arXiv listing (their keys
    name the categories and days they cover; `trends.covered_days` reads them, and only
    the days that had begun when they were fetched), and the days of the range
    `papers sync --arxiv` stored, each as the one-day arXiv listing of its category it
    amounts to (`arxiv:cs.CL:2026-08-03`, from its mark in `meta`)."""
    from papercli.db.store import FETCHED_MARK, SYNCED_MARK

    out: list[tuple[str, str, str, str]] = []
    for kind, key, start, fetched_at in db.conn.execute(
            "SELECT kind, key, coalesce(period_start, ''), fetched_at FROM listings "
            "WHERE (kind = 'day' AND period_start BETWEEN ? AND ?) OR kind = 'arxiv'",
            (since.isoformat(), until.isoformat())):
        when, ok_when = records.timestamp(fetched_at)
        if type(kind) is str and type(key) is str and type(start) is str and ok_when and when:
            out.append((kind, key, start, when))
        else:
            records.note("library.db", f"listing {key!r}", skipped=True)
    for key, value in db.conn.execute(
            "SELECT key, value FROM meta WHERE (key GLOB ? OR key GLOB ?) "
            "AND substr(key, -10) BETWEEN ? AND ?",
            (f"{SYNCED_MARK}:*", f"{FETCHED_MARK}:*", since.isoformat(), until.isoformat())):
        when, ok_when = records.timestamp(value)
        _, category, day = str(key).split(":", 2) if str(key).count(":") == 2 else ("", "", "")
        if ok_when and when and category and day:
            out.append(("arxiv", f"arxiv:{category}:{day}", day, when))
        else:
            records.note("library.db", f"meta {key!r}", skipped=True)
    return out
