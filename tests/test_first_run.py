"""A new user's first commands, in a fresh home: what a read or a failure leaves on disk,
and a failure's line saying what to do next."""

from __future__ import annotations

import pytest

from hubserver import HubServer

A = "2501.03895"  # listed today by seeded_hub
B = "2401.01055"


@pytest.mark.parametrize("ids", [(A,), (A, B)], ids=["one", "two"])
def test_a_star_the_hub_answered_with_html_says_what_to_do(
        papers, seeded_hub: HubServer, ids: tuple[str, ...]) -> None:
    """A Hub sending HTML (a captive portal, a wrong HF_ENDPOINT) when starring said
    "papers: error: not starred: 2501.03895 (the Hub sent a bad answer)": nothing to do
    next, where a refused Hub said "— check HF_ENDPOINT". Said in fewer words now ("the
    Hub sent HTML"), the hint fits the 80 columns with the ids."""
    seeded_hub.fail("html", times=4)
    result = papers("star", *ids)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 80, result.stderr
    assert lines[0].startswith("papers: error: not starred: "), lines[0]
    assert "the Hub sent HTML" in lines[0] and " — try again later" in lines[0], lines[0]
