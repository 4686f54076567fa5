"""The filter options as the user gave them: words, not yet checked.

A leaf (nothing heavier than `typing` at import): the command line declares its options
with `FilterOptions` at start-up, a view (`views.View.filters`) carries it, and the
browser changes it (`f` chooses families). `make_filter` checks the words and builds the
`filters.Filter` once a command runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from papercli.filters import Filter
    from papercli.session import Session


class FilterOptions(NamedTuple):
    """The filter options as the user gave them (words, not yet checked): what a view
    carries, so that the browser can change them (`f`) and the view resolves them."""

    family: list[str]
    keyword: list[str]
    exclude: list[str]
    author: list[str]
    since: str | None
    until: str | None
    min_upvotes: int | None
    org: Sequence[str] = ()
    has_code: bool = False
    min_stars: int | None = None
    submitter: Sequence[str] = ()


NO_FILTERS = FilterOptions([], [], [], [], None, None, None)


def make_filter(session: Session, filters: FilterOptions) -> Filter:
    """The Filter for the parsed filter options (aliases resolved, dates checked)."""
    from papercli import pipeline  # lazy: the checks only once a command runs

    return pipeline.make_filter(
        session, families=filters.family, keywords=filters.keyword, excludes=filters.exclude,
        authors=filters.author, since=filters.since, until=filters.until,
        min_upvotes=filters.min_upvotes, orgs=filters.org, has_code=filters.has_code,
        min_stars=filters.min_stars, submitters=filters.submitter,
    )
