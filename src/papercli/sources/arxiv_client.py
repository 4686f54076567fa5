"""arXiv's API and RSS feeds over the shared hardened `Transport`, played by arXiv's rules.

Both endpoints share one cross-process `Pacer` (one request every 3 s and one connection
at a time, for every `papers` process of the user) and keep one connection in this
process. Everything else (deadlines, budgets, Retry-After, size caps, redaction) is the
transport's, exactly as for the Hub.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from papercli.errors import SourceStatusError
from papercli.sources import arxiv
from papercli.sources.pacing import ARXIV_INTERVAL, Pacer
from papercli.sources.transport import Profile, Transport

ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1"


def profile(variable: str) -> Profile:
    """How errors of the endpoint set by `variable` (ARXIV_API_ENDPOINT …) read."""
    return Profile(
        name="arXiv",
        short="arXiv",
        variable=variable,  # (no answer: `Transport._no_answer`; no --offline, see HUB)
        default=(arxiv.DEFAULT_API_ENDPOINT if variable == arxiv.API_ENV
                 else arxiv.DEFAULT_RSS_ENDPOINT),
        status_hint="arXiv may be down; try again later",
        rate_hint="arXiv asks for one request every 3 seconds; wait a minute and try again",
        auth_hint=f"check {variable} points at arXiv",
        later_hint=f"try again later, or check {variable}",
        endpoint_hint=f"check {variable} points at arXiv",
        too_big_hint=f"a page of results is a few MB: check {variable}, or try again later",
        refused_hint=f"check the query, or check {variable}",
        accept=ACCEPT,
    )


def _refusal(exc: SourceStatusError, what: str | None = None) -> Exception:
    """What an HTTP error stands for: arXiv's error feed (sent with 400) is its
    `ArxivError`, quoting arXiv (`what` the query was made of, when not categories and
    dates); any other body (a proxy's page, nothing) leaves the status error as it is,
    never a feed that failed to parse."""
    if exc.status == 400 and exc.body:
        try:
            arxiv.parse_api(exc.body)  # raises ArxivError quoting arXiv, if it is one
        except arxiv.ArxivError as refused:
            return arxiv.ArxivError(refused.arxiv_message, what) if what else refused
        except arxiv.ArxivParseError:
            pass
    return exc


class ArxivClient:
    """The API (`query`) and the announcement feeds (`announcements`), paced together."""

    def __init__(self, cache_dir: Path, *, api: str = arxiv.DEFAULT_API_ENDPOINT,
                 rss: str = arxiv.DEFAULT_RSS_ENDPOINT, interval: float = ARXIV_INTERVAL,
                 **options: Any) -> None:
        pacer = Pacer(cache_dir, interval, name="arxiv")
        self.api = Transport(api, profile(arxiv.API_ENV), pacer=pacer, max_connections=1,
                             **options)
        self.rss = Transport(rss, profile(arxiv.RSS_ENV), pacer=pacer, max_connections=1,
                             **options)

    def query(self, params: Mapping[str, Any]) -> arxiv.ArxivFeed:
        """One API page; arXiv's error feed (sent with HTTP 400) is its `ArxivError`."""
        try:
            body = self.api.get_bytes("", params)
        except SourceStatusError as exc:
            raise _refusal(exc) from None
        return arxiv.parse_api(body)

    def search(self, **query: Any) -> arxiv.ArxivFeed:
        """One API page for `arxiv.api_query_url`'s arguments (categories, submitted,
        id_list, start, max_results, sorting), built and checked there."""
        from urllib.parse import parse_qsl, urlsplit

        url = arxiv.api_query_url("", **query)
        return self.query(dict(parse_qsl(urlsplit(url).query, keep_blank_values=True)))

    def announcements(self, categories: Iterable[str]) -> arxiv.ArxivFeed:
        """The latest announcement for `categories`, in one request; an error feed sent
        with HTTP 400 is its `ArxivError`, as for `query`."""
        try:
            body = self.rss.get_bytes(arxiv.rss_url("", categories))
        except SourceStatusError as exc:
            raise _refusal(exc, "categories") from None
        return arxiv.parse_rss(body)

    def close(self) -> None:
        self.api.close()
        self.rss.close()
