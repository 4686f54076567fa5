"""`--sort new`: one meaning (newest arXiv date first, the column the table pins for it)
whether the papers come from a listing, a search's words or the library's filters."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import Home
from papercli.models import Paper

# Listed in one week in the opposite order to their arXiv dates.
DATED = [("2611.00001", "2026-11-02", "2026-11-20"), ("2611.00002", "2026-11-10", "2026-11-17"),
         ("2611.00003", "2026-11-05", "2026-11-18")]
NEWEST_ON_ARXIV = ["2611.00002", "2611.00003", "2611.00001"]


def _library(home: Home) -> None:
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        for pid, published, listed in DATED:
            day = date.fromisoformat(listed)
            paper = Paper(id=pid, title=f"A study of zebras {pid}",
                          published_at=f"{published}T00:00:00Z",
                          submitted_at=f"{listed}T08:00:00Z")
            session.store().save_listing(f"day:{day}", "day", [paper], period_start=day,
                                         fetched_at=f"{day + timedelta(days=1)}T01:00:00Z")
    finally:
        session.close()


def test_new_is_the_arxiv_date_in_listings_searches_and_the_library(papers,
                                                                    home: Home) -> None:
    """A search with words and a listing ordered `new` by the Daily Papers time, the
    library's filters by the arXiv date the table showed: three orders for one word."""
    _library(home)
    for args in (("week", "2026-W47"), ("search", "zebras"),
                 ("search", "--since", "2026-11-01")):
        done = papers(*args, "--sort", "new", "--offline", "--format", "ids")
        assert done.exit_code == 0, (args, done.stderr)
        assert done.stdout.split() == NEWEST_ON_ARXIV, args
