"""papers trends where the library or the words are odd: a range whose latest periods the
library does not hold, an AI keyword acronym whose last letter is an S."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import Home
from papercli import chart, trends
from papercli.models import Paper
from papercli.session import Session
from papercli.terminal import cell_width
from test_trends import _keyword_library, build_library  # (August not cached)


def _counted(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith("Counted by"))


def _change(doc: dict[str, Any], before: str, latest: str) -> float:
    """The "all papers" change of `latest` against `before`, per cached day, worked out
    from the periods."""
    per = {p["period"]: p["papers"] / p["cached_days"] for p in doc["periods"]
           if p["covered"]}
    return round(per[latest] / per[before] - 1, 4)


def test_the_caption_names_the_periods_a_change_compares_past_uncached_ones(
        papers, home: Home) -> None:
    """With August not cached, the Change column set July against June, yet the caption
    said "change: the latest period against the one before", which reads as August
    against July: the last two columns. Now it names the two months it compares."""
    build_library(home)
    tail = ("--since", "2026-06-01", "--until", "2026-08-31")
    done = papers("trends", *tail)
    assert done.exit_code == 0, done.stderr
    assert "the latest period against the one before" not in done.stdout
    assert ("change: 2026-07 against 2026-06, the two latest cached months, per cached "
            "day") in _counted(done.stdout)
    doc = papers("trends", *tail, "--json").json
    assert doc["change"] == _change(doc, "2026-06", "2026-07")
    # The JSON names them too, with the days of the one before counted.
    assert doc["compared"] == {"latest": "2026-07", "before": "2026-06", "before_days": {
        "first": "2026-06-01", "last": "2026-06-30"}}
    # An uncached month between the two: the latest against July, named as such.
    gap = papers("trends", "--since", "2026-07-01", "--until", "2026-09-30")
    assert "change: 2026-09 against 2026-07, the two latest cached months" in \
        _counted(gap.stdout)
    gap_doc = papers("trends", "--since", "2026-07-01", "--until", "2026-09-30",
                     "--json").json
    assert gap_doc["change"] == _change(gap_doc, "2026-07", "2026-09")
    assert (gap_doc["compared"]["latest"], gap_doc["compared"]["before"]) == (
        "2026-09", "2026-07")
    # The latest two periods cached: said as before.
    whole = papers("trends", "--since", "2026-09-01", "--until", "2026-10-31")
    assert "change: the latest period against the one before" in _counted(whole.stdout)
    # A month in progress: its days so far against the same days of the one before;
    # one period alone, no change and nothing compared.
    live = papers("trends", "--since", "2026-10-01", "--json").json
    assert live["compared"] == {"latest": "2026-11", "before": "2026-10", "before_days": {
        "first": "2026-10-01", "last": "2026-10-25"}}
    one = papers("trends", "--since", "2026-11-01", "--json").json
    assert (one["compared"], one["change"]) == (None, None)


def test_the_caption_names_the_days_a_change_compares_at_80_columns(home: Home) -> None:
    """By days, as a terminal 80 columns wide draws it: the same words, wrapped."""
    build_library(home)
    session = Session.create(offline=True)
    try:
        found = trends.compute(session, every="day", since=date(2026, 7, 29),
                               until=date(2026, 8, 2))
    finally:
        session.close()
    drawn = chart.lines(found, width=80)
    assert all(cell_width(line) <= 80 for line in drawn), "\n".join(drawn)
    text = " ".join(" ".join(drawn).split())
    assert "change: 2026-07-31 against 2026-07-30, the two latest cached days" in text


def test_an_acronym_whose_last_letter_is_an_s_joins_its_expansion(papers, home: Home
                                                                  ) -> None:
    """"3DGS", defined in abstracts as "3D Gaussian Splatting (3DGS)", was a row of its
    own (or joined "3D Gaussians", which one abstract wrote before it): its key dropped
    the S as a plural's ("3dg"), and three letters abbreviate no three words. An acronym
    written with a capital S after a capital or digit keeps it to find its expansion; one
    defined no more often than an acronym its key also is ("ACES": ACE's) goes with
    that one's ("ACE")."""
    _keyword_library([
        (("3DGS", "3D Gaussian Splatting"), "We fit 3D Gaussian Splatting (3DGS) scenes."),
        (("3DGS",), "Fast 3D Gaussian Splatting (3DGS) at scale."),
        (("3D Gaussian Splatting",), "Text."),
        (("3D Gaussians", "3DGS"), "Renderable 3D Gaussians (3DGS) in one pass."),
        (("MCTS",), "Monte Carlo Tree Search (MCTS) plans."),
        (("Monte Carlo tree search",), "Text."),
        (("LLMs", "large language models"), "Large language models (LLMs) are big."),
        (("ACE", "agentic context engineering"), "Agentic context engineering (ACE)."),
        (("ACES", "AUC consistency scoring"), "AUC consistency scoring (ACES) ranks."),
    ])
    doc = papers("trends", "--by", "keyword", "--since", "2026-10-01", "--until",
                 "2026-10-31", "-n", "0", "--json").json
    got = {s["name"]: (s["total"], s["spellings"]) for s in doc["series"]}
    # (a row is named by its spelling most papers use: "3DGS" here)
    assert got == {
        "3dgs": (4, ["3dgs", "3d gaussian splatting"]),
        "3d gaussians": (1, ["3d gaussians"]),
        "mcts": (2, ["mcts", "monte carlo tree search"]),
        "large language models": (1, ["large language models", "llms"]),
        "ace": (2, ["ace", "aces", "agentic context engineering"]),
        "auc consistency scoring": (1, ["auc consistency scoring"]),
    }, got


@pytest.mark.parametrize("width", [None, 80])
def test_a_wide_name_keeps_the_ascii_chart_aligned(width: int | None) -> None:
    """On a terminal that shows ASCII alone, an organization named in CJK (two cells a
    letter) was padded for its width, then each letter became one `?`: its sparkline
    began left of the others'. Its name is made ASCII before it is measured now."""
    listed = []
    for i, (org, full) in enumerate([("tsinghua", "清华大学"), ("lab", "Lab"),
                                     ("llama", "🦙 Herders"), ("tsinghua", "清华大学")]):
        day = date(2026, 8, 3 + i % 2)
        listed.append(Paper(id=f"2608.{i:05d}", title=f"Paper {i}",
                            published_at=f"{day}T00:00:00Z", submitted_at=f"{day}T08:00:00Z",
                            org_name=org, org_fullname=full))
    found = trends.from_papers(listed, by="org", every="day")
    assert found is not None
    drawn = chart.lines(found, width=width, unicode=False)
    assert all(line.isascii() for line in drawn), drawn
    axis = next(line for line in drawn if line.lstrip().startswith("2026-08-03"))
    at = len(axis) - len(axis.lstrip())  # (the column the sparkline starts at)
    rows = drawn[2:6]
    assert [row[:at - 2].rstrip() for row in rows] == [
        "all papers", "????", "Lab", "? Herders"], "\n".join(drawn)
    assert all(row[at - 2:at] == "  " and row[at:at + 4].strip("@ ") == ""
               for row in rows), "\n".join(drawn)
