"""A date option's value as a user types it: a day, a span back from today, and, for the
ends of a range (--since, --until), a whole month or ISO week."""

from __future__ import annotations

import json

import pytest

from conftest import TODAY, one_line
from hubserver import HubServer


@pytest.mark.parametrize("given,written", [
    (("2024-01", "2024-01"), ("2024-01-01", "2024-01-31")),
    (("2023-12", "2024-1"), ("2023-12-01", "2024-01-31")),
    (("2024-W05", "2024-W05"), ("2024-01-29", "2024-02-04")),  # (2024-W05: Jan 29 to Feb 4)
    (("2024w05", "2024-W05"), ("2024-01-29", "2024-02-04")),
])
def test_a_month_or_week_is_a_range_from_its_first_day_to_its_last(
        library, given: tuple[str, str], written: tuple[str, str]) -> None:
    """`--since 2024-01` was "invalid --since" while `--since 2024-W05` was taken, as
    Python's date parser reads it, for its Monday, and `--until 2024-W05` so too: the
    week's papers after Monday were left out without a word. A month or an ISO week now
    starts a range on its first day and ends one on its last."""
    since, until = given
    typed = library("search", "--since", since, "--until", until, "--offline", "--json",
                    "-n", "0")
    assert typed.exit_code == 0, typed.stderr
    days = library("search", "--since", written[0], "--until", written[1], "--offline",
                   "--json", "-n", "0")
    assert typed.ids == days.ids and typed.ids  # (the seed has papers in each)
    shown = library("search", "--since", since, "--until", until, "--offline")
    assert f"since {written[0]}" in shown.stdout + shown.stderr
    assert f"until {written[1]}" in shown.stdout + shown.stderr


def test_a_year_is_a_range_from_1_january_to_31_december(library) -> None:
    """`--since 2024` and `--until 2024` were refused ("use YYYY-MM-DD, YYYY-MM, YYYY-Www
    or 7d"), wherever a range's ends are read: a year alone starts a range on 1 January
    and ends one on 31 December, as a month does on its first and last days."""
    typed = library("search", "--since", "2024", "--until", "2024", "--offline", "--json",
                    "-n", "0")
    assert typed.exit_code == 0, typed.stderr
    days = library("search", "--since", "2024-01-01", "--until", "2024-12-31", "--offline",
                   "--json", "-n", "0")
    assert typed.ids == days.ids and typed.ids
    later = library("search", "--since", "2025", "--offline", "--json", "-n", "0")
    assert later.exit_code == 0, later.stderr
    assert later.ids == library("search", "--since", "2025-01-01", "--offline", "--json",
                                "-n", "0").ids
    assert not set(later.ids) & set(typed.ids)
    shown = library("search", "--since", "2024", "--until", "2024", "--offline")
    assert "since 2024-01-01 · until 2024-12-31" in shown.stdout + shown.stderr
    trends = library("trends", "--since", "2024", "--until", "2024", "--json")
    assert trends.exit_code == 0, trends.stderr
    assert (trends.json["since"], trends.json["until"]) == ("2024-01-01", "2024-12-31")
    ranked = library("for-you", "--since", "2024", "--until", "2024", "--json")
    assert ranked.exit_code == 0, ranked.stderr
    assert {p["published_at"][:4] for p in ranked.json} == {"2024"}
    word = library("sync", "2024")  # (a date typed after sync: --since takes it)
    assert one_line(word.stderr) == (
        "papers: error: a date goes after --since — papers sync --since 2024")


def test_the_week_s_later_days_are_in_it(library) -> None:
    """The seed's papers of 2024-W05 are from Monday the 29th and Tuesday the 30th: both
    are the week's, not Monday's alone."""
    got = library("search", "--since", "2024-W05", "--until", "2024-W05", "--offline",
                  "--json", "-n", "0")
    assert got.exit_code == 0, got.stderr
    assert sorted(p["published_at"][:10] for p in json.loads(got.stdout)) == [
        "2024-01-29", "2024-01-30"]


def test_trends_reads_a_month_and_a_week_as_its_range(library) -> None:
    got = library("trends", "--since", "2024-W05", "--until", "2024-03", "--every", "day",
                  "--json")
    assert got.exit_code == 0, got.stderr
    data = json.loads(got.stdout)
    assert (data["since"], data["until"]) == ("2024-01-29", "2024-03-31")


def test_sync_reads_a_month_as_its_first_day(papers, seeded_hub: HubServer) -> None:
    month = TODAY.strftime("%Y-%m")
    got = papers("sync", "--since", month, "--until", month, "--json")
    assert got.exit_code == 0, got.stderr
    data = json.loads(got.stdout)
    # (the month's last day is after today: a sync stops at today, as it always has)
    assert (data["since"], data["until"]) == (TODAY.replace(day=1).isoformat(),
                                              TODAY.isoformat())


def test_a_month_given_to_sync_as_a_word_goes_after_since(papers) -> None:
    got = papers("sync", "2026-08")
    assert (got.exit_code, got.stdout) == (2, "")
    assert one_line(got.stderr) == (
        "papers: error: a date goes after --since — papers sync --since 2026-08")


@pytest.mark.parametrize("args,said", [
    (("day", "2026-W30"), "invalid day '2026-W30' — a week, not a day: try 2026-07-20"),
    (("day", "2026-08"), "invalid day '2026-08' — a month, not a day: try 2026-08-01"),
    (("arxiv", "cs.CL", "--date", "2026-W30"),
     "--date '2026-W30' — a week, not a day: try 2026-07-20"),
    (("month", "2026-W31"), "invalid month '2026-W31' — use 2024-03, a day in it, this or last"),
    # a year where a day, a week or a month is meant (a range's end takes it)
    (("day", "2024"), "invalid day '2024' — a year, not a day: try 2024-01-01"),
    (("arxiv", "cs.CL", "--date", "2024"), "--date '2024' — a year, not a day: try 2024-01-01"),
    (("week", "2026"), "invalid week '2026' — a year, not a week: try 2026-W01"),
    (("month", "2026"), "invalid month '2026' — a year, not a month: try 2026-01"),
    (("search", "--since", "2026-W54"),
     "--since '2026-W54' — 2026's ISO weeks are W01 to W53"),
    (("search", "--until", "2026-13"), "--until '2026-13' — a month is 01 to 12"),
])
def test_a_week_or_month_where_one_day_is_meant_is_refused(papers, args: tuple[str, ...],
                                                          said: str) -> None:
    """`papers day 2026-W30` listed that week's Monday, and `papers month 2026-W31` the
    month of its Monday (the week is July's and August's): where one day is meant, a
    week or a month is a usage error that gives its first day."""
    got = papers(*args, "--offline")
    assert (got.exit_code, got.stdout) == (2, "")
    assert one_line(got.stderr) == f"papers: error: {said}"


def test_an_iso_day_in_other_forms_is_still_a_day(library) -> None:
    """ISO 8601's basic form and week dates name one day: they stay days."""
    day = library("search", "--since", "2024-01-30", "--offline", "--json", "-n", "0")
    for form in ("20240130", "2024-W05-2"):
        got = library("search", "--since", form, "--offline", "--json", "-n", "0")
        assert got.exit_code == 0, got.stderr
        assert got.ids == day.ids


# Papers with no arXiv day, each shown with its id's month (`Paper.shown_date`): one with
# no date at all, one the Hub listed (a listing day, in the next month), an old-style one;
# and one with its day, beside them.
UNDATED = [
    {"id": "2608.01234", "title": "Undated Estuary Maps", "summary": "estuary maps"},
    {"id": "2608.05678", "title": "Listed Estuary Maps", "summary": "estuary maps",
     "submitted_at": "2026-09-02T10:00:00Z"},
    {"id": "hep-th/9901001", "title": "Old Estuary Maps", "summary": "estuary maps"},
    {"id": "2608.09999", "title": "Dated Estuary Maps", "summary": "estuary maps",
     "published_at": "2026-08-20T10:00:00Z"},
]


@pytest.mark.parametrize("way", [
    ("search", "--offline"),  # the library's SQL
    ("search", "estuary", "--offline"),  # the search index's terms
    ("search", "-k", "estuary", "--offline"),  # SQL, words checked in Python
    ("starred",),  # Python alone (`Filter.matches`)
], ids=["browse", "index", "words", "starred"])
def test_a_paper_shown_with_its_ids_month_is_in_a_range_its_month_reaches(
        papers, tmp_path, way: tuple[str, ...]) -> None:
    """A paper with no arXiv day is shown with its id's month ("2026-08"), but --since and
    --until read its listing day (the one listed on 2026-09-02 was in `--since 2026-09-01`
    and not in `--until 2026-08-31`), or nothing: the one with no date was in no range,
    not even `--since 2026-08-01`. They read the month shown: a paper shown as month M is
    in `--since D` when M's last day is D or later, in `--until D` when its first day is
    D or earlier, whichever way the filter is run."""
    source = tmp_path / "undated.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in UNDATED), encoding="utf-8")
    assert papers("import", str(source)).exit_code == 0
    assert papers("star", "--offline", *(r["id"] for r in UNDATED)).exit_code == 0
    shown = papers("search", "--offline")
    assert shown.exit_code == 0, shown.stderr
    for line in ("2026-08     2608.01234", "2026-08     2608.05678",
                 "1999-01     hep-th/9901001", "2026-08-20  2608.09999"):
        assert line in shown.stdout, shown.stdout
    undated = ["2608.01234", "2608.05678"]
    for dates, expected in [
        (("--since", "2026-08-01"), [*undated, "2608.09999"]),
        (("--since", "2026-08-21"), undated),  # August reaches the 21st; the 20th does not
        (("--since", "2026-09-01"), []),  # (not the one listed then: shown as August)
        (("--until", "2026-08-31"), [*undated, "2608.09999", "hep-th/9901001"]),
        (("--until", "2026-08-01"), [*undated, "hep-th/9901001"]),
        (("--until", "2026-07-31"), ["hep-th/9901001"]),
        (("--since", "2026-08-10", "--until", "2026-08-15"), undated),
        (("--since", "1999-01-31", "--until", "1999-01-31"), ["hep-th/9901001"]),
        (("--since", "1999-02-01", "--until", "2026-07-31"), []),
    ]:
        got = papers(*way, *dates, "--json", "-n", "0")
        assert got.exit_code == 0, got.stderr
        assert sorted(got.ids) == sorted(expected), (dates, got.ids)


@pytest.mark.parametrize("typed,iso", [
    (("jan 2024", "Jan 2024"), ("2024-01", "2024-01")),
    (("January 2024", "march 2024"), ("2024-01", "2024-03")),
    (("Sept 2023", "2024 Feb"), ("2023-09", "2024-02")),
    (("2024/01/30", "2024/4/22"), ("2024-01-30", "2024-04-22")),
    (("2024/01", "2024/02"), ("2024-01", "2024-02")),
    (("2024-01-29T00:00:00Z", "2024-04-22T23:59:59.000Z"), ("2024-01-29", "2024-04-22")),
    (("2024-01-29 10:30", "2024-04-22T08:00:00+02:00"), ("2024-01-29", "2024-04-22")),
    (("last year", "this year"), ("2025", "2026")),
    (("last month", "this month"), ("2026-10", "2026-11")),
    (("last week", "this week"), ("2026-W47", "2026-W48")),
    (("Last  Week", "THIS WEEK"), ("2026-W47", "2026-W48")),
])
def test_a_range_end_in_the_words_a_user_types(library, typed: tuple[str, str],
                                               iso: tuple[str, str]) -> None:
    """`--since 'aug 2026'`, `--since 2026/08/01`, a timestamp copied from `--json`'s
    `published_at`, `--since 'last week'` (as `papers week last` names it) were each
    "use YYYY[-MM[-DD]], YYYY-Www or 7d": each is the range its ISO form is."""
    got = library("search", "--since", typed[0], "--until", typed[1], "--offline",
                  "--json", "-n", "0")
    assert got.exit_code == 0, got.stderr
    want = library("search", "--since", iso[0], "--until", iso[1], "--offline", "--json",
                   "-n", "0")
    assert got.ids == want.ids
    shown = library("search", "--since", typed[0], "--until", typed[1], "--offline")
    said = library("search", "--since", iso[0], "--until", iso[1], "--offline")
    assert (shown.stdout, shown.stderr) == (said.stdout, said.stderr)


def test_the_seed_s_papers_are_in_a_range_given_in_words(library) -> None:
    """(The ranges above hold papers: their ids are those of the ISO forms, not two
    empty lists.)"""
    got = library("search", "--since", "jan 2024", "--until", "2024/01/30", "--offline",
                  "--json", "-n", "0")
    assert got.exit_code == 0, got.stderr
    assert got.ids and {p["published_at"][:7] for p in got.json} == {"2024-01"}
    last = library("search", "--since", "last year", "--offline", "--json", "-n", "0")
    assert last.ids == ["2501.03895"]


@pytest.mark.parametrize("args,said", [
    (("day", "aug 2026"), "invalid day 'aug 2026' — a month, not a day: try 2026-08-01"),
    (("day", "last week"), "invalid day 'last week' — a week, not a day: try 2026-11-16"),
    (("day", "this year"), "invalid day 'this year' — a year, not a day: try 2026-01-01"),
    (("search", "--since", "aug 20266"),
     "--since 'aug 20266' — use YYYY[-MM[-DD]], YYYY-Www or 7d"),
    (("search", "--since", "agu 2026"),
     "--since 'agu 2026' — use YYYY[-MM[-DD]], YYYY-Www or 7d"),
    (("search", "--since", "2026/02/30"), "--since '2026/02/30' — 2026-02 has 28 days"),
    (("search", "--since", "2026-08-01T25:00"),
     "--since '2026-08-01T25:00' — use YYYY[-MM[-DD]], YYYY-Www or 7d"),
    (("search", "--since", "08/01/2026"),
     "--since '08/01/2026' — use YYYY[-MM[-DD]], YYYY-Www or 7d"),
])
def test_words_that_are_no_date_or_not_one_day_are_said(papers, args: tuple[str, ...],
                                                       said: str) -> None:
    """A month or week in words where one day is meant is said with its first day, as
    its ISO form is; a misspelt month and a day-first date (08/01: August or January?)
    are no date."""
    got = papers(*args, "--offline")
    assert (got.exit_code, got.stdout) == (2, "")
    assert one_line(got.stderr) == f"papers: error: {said}"


def test_a_listing_takes_a_month_or_week_in_words(papers) -> None:
    """`papers month 'aug 2026'` and `papers week 'last week'` name what `2026-08` and
    `last` do (the listing's title says the period)."""
    for typed, iso in ((("month", "aug 2026"), ("month", "2026-08")),
                       (("month", "last month"), ("month", "last")),
                       (("week", "last week"), ("week", "last"))):
        got = papers(*typed, "--offline")
        want = papers(*iso, "--offline")
        assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout,
                                                           want.stderr)
        assert got.exit_code in (0, 1) and "invalid" not in got.stderr
