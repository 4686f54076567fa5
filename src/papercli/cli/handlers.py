"""Bodies of the commands people run many times a day: the listings and search.

They take parsed options and do the work; the Typer commands in `listings` and `search`
only declare the command line and call them, and `fast` calls them without Typer.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from papercli.cli.options import FetchOptions, FilterOptions, OutputOptions, make_filter

if TYPE_CHECKING:
    from papercli.core import ListingResult, Session

DEFAULT_SEARCH_LIMIT = 50


def search(
    words: list[str] | None, *, filters: FilterOptions, out: OutputOptions, net: FetchOptions
) -> None:
    from papercli import core, output
    from papercli import search as S

    query = " ".join(words or []).strip()
    session = core.Session.create(offline=net.offline, refresh=net.refresh)
    try:
        flt = make_filter(session, filters)
        limit = out.limit if out.limit is not None else (
            session.config.get("display.limit") or DEFAULT_SEARCH_LIMIT)
        for message in session.notices:
            output.warn(message)
        if query:
            result = S.search(session, query, flt, limit or None)
            _warn_fetch(result.stale, result.skipped)
            papers = result.papers
            if out.sort and out.sort != "trending":
                papers = core.order(papers, out.sort)
            total = len(papers)
            shown = papers[:limit] if limit else papers
            title = f"Search: {query}"
            caption = f"{result.remote} from the Hub, {result.local} in the library"
        else:
            shown, total = S.browse(session.store(), flt, limit=limit or None,
                                    sort=out.sort or "trending")
            title = "Library"
            caption = "from the local library"
        if not flt.is_empty:
            title += f" · {flt.describe()}"
        count = f"{len(shown)} of {total}" if len(shown) < total else str(total)
        output.emit_papers(
            shown, fmt=out.format, title=title, endpoint=session.endpoint,
            output_path=out.output, force=out.force, abstract=out.abstract, **out.doc(),
            caption=f"{count} papers · {caption}",
        )
    finally:
        session.close()


def today(*, filters: FilterOptions, out: OutputOptions, net: FetchOptions) -> None:
    from papercli import core

    _listing(core.get_today, filters, out, net)


def day(date: str, *, filters: FilterOptions, out: OutputOptions, net: FetchOptions) -> None:
    from papercli import core
    from papercli import periods as P

    period = P.day(P.parse_date(date))
    _listing(lambda s: core.get_listing(s, period), filters, out, net)


def week(
    value: str | None, *, filters: FilterOptions, out: OutputOptions, net: FetchOptions
) -> None:
    from papercli import clock, core
    from papercli import periods as P

    period = P.parse_week(value) if value else P.week_of(clock.today())
    _listing(lambda s: core.get_listing(s, period), filters, out, net)


def month(
    value: str | None, *, filters: FilterOptions, out: OutputOptions, net: FetchOptions
) -> None:
    from papercli import clock, core
    from papercli import periods as P

    period = P.parse_month(value) if value else P.month_of(clock.today())
    _listing(lambda s: core.get_listing(s, period), filters, out, net)


def _listing(
    fetch: Callable[["Session"], "ListingResult"],
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Shared body of every listing: fetch-or-cache, filter, order, emit."""
    from papercli import core, output

    session = core.Session.create(offline=net.offline, refresh=net.refresh)
    try:
        flt = make_filter(session, filters)
        result = fetch(session)
        for message in session.notices:
            output.warn(message)
        _warn_fetch(result.stale, result.skipped)
        papers = flt.apply(result.papers)
        papers = core.order(papers, out.sort or session.config.get("display.sort"))
        limit = out.limit if out.limit is not None else session.config.get("display.limit")
        shown = papers[:limit] if limit else papers
        title = result.title + (f" · {flt.describe()}" if not flt.is_empty else "")
        caption = f"{len(shown)} of {len(papers)} papers" if len(shown) < len(papers) else (
            f"{len(papers)} papers")
        if result.fetched_at:
            caption += " · " + (
                "fetched now" if not result.from_cache
                else f"cached {core.describe_age(result.fetched_at)}"
            )
        output.emit_papers(
            shown, fmt=out.format, title=title, endpoint=session.endpoint,
            output_path=out.output, force=out.force, abstract=out.abstract, caption=caption,
            **out.doc(),
        )
    finally:
        session.close()


def _warn_fetch(stale: str | None, skipped: int) -> None:
    """What a fetch had to put up with: a cached copy instead, or bad items left out."""
    from papercli import output

    if stale:
        output.warn(stale)
    if skipped:
        output.warn(f"skipped {skipped} malformed item(s) in the Hub's answer")
