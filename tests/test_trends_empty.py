"""`papers trends` with nothing to chart: the one stderr line that says why (and what
fetches the range) fits 80 columns, whatever the range, its period or the sources; so
does the note that a range inside one period is counted whole. The library holds one
paper, outside every range here (`one_paper_elsewhere`): an empty one says it is empty,
whatever the range (test_empty_states.py)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import TODAY, Home, one_line, store_papers
from papercli.terminal import cell_width
from test_trends import build_library

RANGES = [
    (),
    ("--every", "day"),
    ("--every", "week"),
    ("--since", "2026-01-01", "--until", "2026-02-28"),
    ("--since", "2026-01", "--until", "2026-02", "--every", "week"),
    ("--since", "2025-03-02", "--until", "2025-03-02", "--every", "day"),
    ("--source", "arxiv"),
    ("--source", "arxiv", "--since", "2026-01-01"),
    ("--since", "2019-08-01", "--until", "2020-01-31"),  # (years back: never "on to today")
    ("--source", "hf", "--family", "Qwen"),
    ("--author", "Nobody Atall", "--since", "2025-01-01", "--until", "2025-02-28"),
]


@pytest.fixture(autouse=True)
def one_paper_elsewhere(home: Home) -> None:
    """One paper in the library, of January 2010, in no range of these tests."""
    from papercli.models import Paper

    store_papers(Paper(id="1001.0001", title="Elsewhere", published_at="2010-01-04T00:00:00Z"))


@pytest.mark.parametrize("args", RANGES, ids=lambda a: " ".join(a) or "default")
@pytest.mark.parametrize("fmt", [(), ("--json",), ("--format", "csv")],
                         ids=["chart", "json", "csv"])
def test_why_a_range_without_papers_draws_nothing_fits_80_columns(
        papers, args: tuple[str, ...], fmt: tuple[str, ...]) -> None:
    done = papers("trends", *args, *fmt)
    assert done.exit_code == 0, done.stderr
    assert (done.stdout == "") == (fmt == ())
    line = one_line(done.stderr)
    assert cell_width(line) <= 80, line
    # what fetches the range is still said (before Daily Papers: that nothing does)
    assert "papers sync " in line or "Daily Papers began on 2023-05-04" in line
    # (a range before Daily Papers began: its `papers sync` would be refused)
    before = "2020-01-31" in args
    assert ("papers sync " in line) != before, line
    assert ("--arxiv CAT" in line) == ("arxiv" in args), line
    if "--until" in args and not before:  # the range asked for, not every day since
        assert " --until 20" in line, line


def test_a_range_before_daily_papers_began_names_no_sync_it_refuses(papers) -> None:
    """Its `papers sync --since … --until …` said what fetches it, and that sync is a
    usage error (Daily Papers began on 2023-05-04): when it began is said instead, or
    arXiv's sync for --source arxiv."""
    days = ("--since", "2019-08-01", "--until", "2020-01-31")
    for source in ((), ("--source", "hf")):
        said = papers("trends", *days, *source)
        assert (said.exit_code, said.stdout) == (0, ""), said.stderr
        assert "papers sync" not in said.stderr
        assert "(Daily Papers began on 2023-05-04)" in one_line(said.stderr)
    both = papers("trends", *days, "--source", "hf", "--source", "arxiv", "--json")
    assert "papers sync --arxiv CAT --since 2019-08 --until 2020-01" in both.stderr
    assert "papers sync --since" not in both.stderr
    # to its first day on, its sync is said from that day (it said --since 2019-08-01,
    # days sync skips with a note), arXiv's from the range's own first day
    later = papers("trends", "--since", "2019-08-01", "--until", "2023-05-04")
    assert one_line(later.stderr) == ("papers: no papers yet (papers sync --since 2023-05-04 "
                                      "--until 2023-05-31)")
    both = papers("trends", "--since", "2019-08-01", "--until", "2023-05-04",
                  "--source", "hf", "--source", "arxiv")
    assert one_line(both.stderr) == ("papers: not cached: papers sync [--arxiv CAT] --since "
                                     "2019-08 --until 2023-05")  # (it made 140 columns)


def test_trends_says_when_daily_papers_began_as_sync_does(
        papers, monkeypatch: pytest.MonkeyPatch) -> None:
    """trends compared a range with Daily Papers' first day and wrote "Daily Papers began
    on …" itself, beside `sync.Opening`, which holds that fact and its words for sync:
    it asks the one home (moved here to a later day, to see that both follow it)."""
    from papercli import sync

    later = sync.Opening("Daily Papers", "listed on Daily Papers", date(2024, 1, 1))
    monkeypatch.setattr(sync, "hub_opening", lambda: later)
    days = ("--since", "2023-06-01", "--until", "2023-12-31")
    refused = papers("sync", *days)
    assert refused.exit_code == 2
    assert one_line(refused.stderr) == ("papers: error: Daily Papers began 2024-01-01, "
                                        "after 2023-12-31 — pick later days")
    said = papers("trends", *days)
    assert (said.exit_code, said.stdout) == (0, ""), said.stderr
    assert "papers sync" not in said.stderr
    assert "(Daily Papers began on 2024-01-01)" in one_line(said.stderr)


@pytest.mark.parametrize("args", [(), ("--author", "Nobody Atall")], ids=["all", "filtered"])
def test_arxivs_sync_of_a_past_range_fits_80_columns_by_its_months(
        papers, args: tuple[str, ...]) -> None:
    """arXiv's sync of months years back, before Daily Papers began: "nothing is cached
    (papers sync --arxiv CATEGORY --since 2019-08-01 --until 2020-01-31)" was 94
    columns; a range of whole months is said by its months, which sync reads the same."""
    said = papers("trends", "--source", "arxiv", "--since", "2019-08-01",
                  "--until", "2020-01-31", *args)
    assert (said.exit_code, said.stdout) == (0, ""), said.stderr
    assert one_line(said.stderr) == (
        "papers: not cached: papers sync --arxiv CAT --since 2019-08 --until 2020-01")
    odd = papers("trends", "--source", "arxiv", "--every", "day", "--since", "2019-08-02",
                 "--until", "2019-09-30", *args)  # (not whole months: the days as given)
    assert "--since 2019-08-02 --until 2019-09-30" in one_line(odd.stderr)


@pytest.mark.parametrize("args", [
    ("--since", "2026-01-01", "--until", "2026-02-28"),
    ("--since", "2026-01-01", "--until", "2026-02-28", "--every", "day"),
    ("--author", "Nobody Atall"),
    ("--author", "Nobody Atall", "--since", "2026-05-01", "--until", "2026-06-30"),
], ids=lambda a: " ".join(a))
def test_why_a_range_of_a_library_draws_nothing_fits_80_columns(
        papers, home: Home, args: tuple[str, ...]) -> None:
    build_library(home)
    done = papers("trends", *args)
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    line = one_line(done.stderr)
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize("args", [
    ("--since", str(TODAY)),
    ("--since", "2026-11-20"),
    ("--since", "2026-11-24", "--every", "week"),
    ("--since", "2026-11-24", "--until", "2026-11-24", "--every", "week"),
], ids=lambda a: " ".join(a))
def test_a_range_within_one_period_is_said_in_80_columns(
        papers, home: Home, args: tuple[str, ...]) -> None:
    build_library(home)
    done = papers("trends", *args, "--json")
    assert done.exit_code == 0, done.stderr
    line = one_line(done.stderr)
    assert "counted whole" in line and "--every day" in line, line
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize(("args", "hint"), [
    (("trends", "--csv"), "did you mean --format csv?"),
    (("trends", "--CSV"), "did you mean --format csv?"),
    (("today", "--md"), "did you mean --format md?"),
    (("trends", "--md"), "see 'papers trends --help'"),  # (not one of its)
], ids=lambda a: " ".join(a) if isinstance(a, tuple) else "")
def test_a_format_typed_as_a_flag_names_the_format_option(
        papers, args: tuple[str, ...], hint: str) -> None:
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert one_line(done.stderr) == f"papers: error: no such option: {args[1]} — {hint}"


def test_arxivs_sync_names_the_categories_given_or_followed(papers) -> None:
    """`trends --category cs.CL` with none of its days held was told to run `papers sync
    --arxiv CATEGORY`: the categories it asks for (else those followed) are named, and
    CAT said where their names would not fit the line."""
    said = papers("trends", "--category", "cs.CL", "--category", "cs.LG",
                  "--since", "2026-03-01")
    assert (said.exit_code, said.stdout) == (0, ""), said.stderr
    assert one_line(said.stderr) == (
        "papers: nothing is cached (papers sync --arxiv cs.CL,cs.LG --since 2026-03-01)")
    assert papers("config", "set", "sources.arxiv", "cs.CV").exit_code == 0
    followed = papers("trends", "--source", "arxiv", "--since", "2019-08-01",
                      "--until", "2020-01-31")
    assert one_line(followed.stderr) == (
        "papers: not cached: papers sync --arxiv cs.CV --since 2019-08 --until 2020-01")
    many = papers("trends", "--since", "2019-08-01", "--until", "2020-01-31", *(
        arg for cat in ("cs.CL", "cs.LG", "cs.CV", "stat.ML") for arg in ("--category", cat)))
    assert one_line(many.stderr) == (
        "papers: not cached: papers sync --arxiv CAT --since 2019-08 --until 2020-01")
