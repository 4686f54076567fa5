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
