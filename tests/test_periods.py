"""A listing's period as the command line names it: `papers day|week|month [ARG]`."""

from __future__ import annotations

import pytest

from conftest import HubServer


@pytest.mark.parametrize("kind", ["week", "month", "day"])
@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_period_is_a_usage_error_for_every_kind(papers, seeded_hub: HubServer,
                                                        kind: str, blank: str) -> None:
    """`papers week ""` listed this week while `papers week " "` was a usage error (the
    same for month, and `day ""` listed today): an empty argument, as a script's unset
    variable gives, is read like any other value and refused the same way."""
    done = papers(kind, blank)
    assert (done.exit_code, done.stdout) == (2, ""), (done.stdout, done.stderr)
    what = "DATE" if kind == "day" else kind
    [line] = done.stderr.splitlines()
    assert line.startswith(f"papers: error: invalid {what} {blank!r} — use "), line
    assert seeded_hub.count() == 0  # refused before anything was asked


@pytest.mark.parametrize("kind", ["week", "month"])
def test_no_argument_is_still_the_current_period(papers, seeded_hub: HubServer,
                                                 kind: str) -> None:
    done = papers(kind, "--format", "ids")
    assert done.exit_code == 0, done.stderr
    assert len(done.stdout.split()) == 19  # today's and yesterday's seed papers


@pytest.mark.parametrize("week,said", [
    ("2025-W53", "invalid week '2025-W53': 2025 has no week 53 — its ISO weeks are W01 to W52"),
    ("2026-W54", "invalid week '2026-W54': 2026 has no week 54 — its ISO weeks are W01 to W53"),
    ("2025-W00", "invalid week '2025-W00': 2025 has no week 0 — its ISO weeks are W01 to W52")])
def test_a_week_the_year_does_not_have_says_which_it_has(papers, week: str,
                                                         said: str) -> None:
    """`papers week 2025-W53` said "invalid week — use YYYY-Www", the shape it was
    given: some ISO years have 53 weeks, most 52, and the message now says which."""
    done = papers("week", week)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"papers: error: {said}\n"
