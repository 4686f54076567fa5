"""A new user's first commands, as typed: the lines they print read as English."""

from __future__ import annotations

from conftest import TODAY
from hubserver import HubServer, seed_items


def test_new_with_a_limit_of_one_says_the_one_shown_is_seen(papers, hub: HubServer) -> None:
    """`papers new --all -n 1` said "the 1 shown are seen"."""
    hub.set_day(TODAY, seed_items()[:3])
    result = papers("new", "--all", "-n", "1", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.ids) == 1
    assert "; the 1 shown is seen\npapers: 2 left for the next `papers new --all`\n" in (
        result.stderr)
