"""`papers trends` and hidden papers: listings leave a hidden paper out, trends count it
(a trend is of what was listed, as `orgs` counts it too), and say so: the
caption names how many of the range's papers you hid, JSON's "hidden" counts them."""

from __future__ import annotations

from datetime import date

from conftest import Home
from test_trends import build_library

NOTE = "The counts include the {} you hid"


def _range_ids(papers: list, since: date) -> list[str]:  # type: ignore[type-arg]
    return [p.id for p in papers
            if date.fromisoformat((p.submitted_at or p.published_at)[:10]) >= since]


def test_hidden_papers_are_counted_and_the_caption_says_how_many(papers, home: Home) -> None:
    held = build_library(home)
    before = papers("trends", "--json")
    assert before.exit_code == 0 and before.json["hidden"] == 0
    chart = papers("trends")
    assert "you hid" not in chart.stdout + chart.stderr
    since = date.fromisoformat(before.json["since"])
    hide = _range_ids(held, since)[:3]
    assert papers("hide", "--offline", *hide).exit_code == 0
    after = papers("trends", "--json")
    assert after.exit_code == 0, after.stderr
    assert after.json["hidden"] == 3
    # the same counts: nothing left out
    assert after.json["papers"] == before.json["papers"]
    assert after.json["series"] == before.json["series"]
    shown = papers("trends")
    assert shown.exit_code == 0, shown.stderr
    assert NOTE.format("3 papers") in shown.stdout
    assert shown.stderr == ""
    # ... where a listing of the same papers leaves them out
    listed = papers("search", "--since", str(since), "-n", "0", "--json")
    assert not set(hide) & set(listed.ids)


def test_a_hidden_paper_outside_the_range_or_the_filters_is_not_named(
        papers, home: Home) -> None:
    held = build_library(home)
    old = [p.id for p in held if (p.submitted_at or "")[:7] == "2026-05"][:1]
    assert old and papers("hide", "--offline", *old).exit_code == 0
    done = papers("trends", "--json")  # (the range: June to November)
    assert done.exit_code == 0 and done.json["hidden"] == 0
    assert "you hid" not in papers("trends").stdout
    may = papers("trends", "--since", "2026-05", "--until", "2026-05", "--json")
    assert may.json["hidden"] == 1
    nobody = papers("trends", "--since", "2026-05", "--author", "Nobody Atall", "--json")
    assert nobody.json["hidden"] == 0


def test_the_hidden_papers_counted_are_those_the_word_filters_pass(
        papers, home: Home) -> None:
    held = build_library(home)
    in_range = [p for p in held if (p.submitted_at or "")[:7] == "2026-10"]
    alpha = [p.id for p in in_range if p.title.endswith(" alpha")][:2]
    other = [p.id for p in in_range if not p.title.endswith(" alpha")][:3]
    assert len(alpha) == 2 and len(other) == 3
    assert papers("hide", "--offline", *alpha, *other).exit_code == 0
    span = ("--since", "2026-10", "--until", "2026-10")
    words = papers("trends", *span, "-k", "alpha", "--json")
    assert words.exit_code == 0, words.stderr
    assert words.json["hidden"] == 2
    assert papers("trends", *span, "--json").json["hidden"] == 5
