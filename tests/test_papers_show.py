"""`papers show` of several papers when the Hub cannot refresh them: what it says."""

from __future__ import annotations

from hubserver import HubServer, seed_items


def test_several_cached_copies_are_one_warning(papers, seeded_hub: HubServer) -> None:
    """The Hub failing (rate limiting, 5xx) while `papers starred -q | papers show -`
    fetched each page warned the same line once per paper, 40 lines for 40 papers: one
    line now counts them, and every paper is still shown."""
    assert papers("today").exit_code == 0  # the listing's records: the pages not fetched
    ids = [item["paper"]["id"] for item in seed_items()[:4]]
    seeded_hub.fail("500", times=200, path="/api/papers/")
    result = papers("show", *ids, "--json")
    assert result.exit_code == 0
    assert result.ids == ids
    assert result.stderr.splitlines() == [  # (in 80 columns, as every such warning)
        "papers: warning: the Hub answered HTTP 500; showing the cached copies of 4 papers"]
    one = papers("show", ids[0])
    assert one.exit_code == 0
    assert one.stderr.splitlines() == [
        "papers: warning: the Hub answered HTTP 500; showing the cached copy"]
