"""The Hugging Face papers API: its endpoints, over the shared hardened `Transport`.

Everything about how a request can fail (deadlines, budgets, retries, Retry-After, size
caps, redaction) is the transport's; this module knows the Hub's paths, its token and
the shapes of its answers, and raises the Hub's names for the errors (`HubError` …).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from papercli.errors import (
    HubResponseError,
    HubStatusError,
    HubUnreachable,
    NotFoundError,
)
from papercli.models import DEFAULT_ENDPOINT, Paper, Parsed, parse_item, parse_items
from papercli.sources.transport import DOWN_AFTER, Profile, RateLimiter, Transport

if TYPE_CHECKING:
    from papercli.linked import Links

__all__ = ["FIRST_DAY", "HUB", "MAX_ANSWER", "MAX_FULL_TEXT", "HubClient", "check_record"]

# The first day of Daily Papers: the Hub lists nothing before it, so a range reaching back
# further starts here (`sync --since 2000` asked for 280 empty months). Daily Papers began
# in May 2023; whole-archive copies of it start on 2023-05-04 (the Space
# yutohub/hf_daily_papers keeps `hf_daily_papers_2023-05-04_2024-06-27.json`). The real
# archive papercli is checked against starts later, on 2024-05-27.
FIRST_DAY = date(2023, 5, 4)

# The most a JSON answer of the Hub may take: a listing's page of 100 papers is some
# 600 KB, a paper's page a few KB. 50 MB of JSON held 500 MB of memory (and a million
# items 45 s of checking) before anything could be refused.
MAX_ANSWER = 16 * 2**20

# The most a paper's full text may take: the longest papers are a few hundred KB of
# Markdown. More is refused (memory stays bounded by it, whatever the server sends).
MAX_FULL_TEXT = 16 * 2**20

# No "--offline" in a hint for no answer (`Transport._no_answer`): every command already
# falls back to the library's copy when the network fails, so an error means it has none,
# and --offline would only fail again.
HUB = Profile(
    name="the Hub",
    short="Hub",
    variable="HF_ENDPOINT",
    default=DEFAULT_ENDPOINT,
    setting="hub.endpoint",
    status_hint="the Hub may be down; try again later",
    rate_hint="wait a few minutes and try again, or set HF_TOKEN for higher limits",
    auth_hint="check that HF_TOKEN is a valid token, or unset it",
    later_hint="try again later, or check HF_ENDPOINT",
    endpoint_hint="check HF_ENDPOINT points at the Hub",
    too_big_hint="a listing is a few hundred KB: check HF_ENDPOINT, or try again later",
    refused_hint="check the query, or check HF_ENDPOINT",
    unreachable=HubUnreachable,
    status_error=HubStatusError,
    response_error=HubResponseError,
)


def _missing(exc: HubStatusError, missing: NotFoundError) -> Exception:
    """A 404 as the user's "not there" (`missing`, saying what to do instead), the URL
    kept for PAPERS_DEBUG; any other status as is."""
    if exc.status == 404:
        missing.url = exc.url
        return missing
    return exc


def no_full_text(paper_id: str) -> NotFoundError:
    """The Hub has no full text of a paper: said with its id, and, in 80 columns, what
    gives the rest (`papers show ID` as a placeholder, with the URL, made 166)."""
    error = NotFoundError(f"{paper_id} has no full text on the Hub",
                          hint=f"papers show {paper_id} gives its abstract and links")
    error.shorter = [(error.message, f"papers show {paper_id} gives its abstract"),
                     (error.message, "run without --full")]
    return error


class HubClient:
    """One client per command: the Hub's endpoints over one `Transport` (see there for
    the bounds every request keeps). `user:pass@` in the endpoint is Basic auth; a token
    (HF_TOKEN) is checked where it enters and sent as a Bearer header."""

    def __init__(
        self,
        endpoint: str,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        budget: float | None = None,
        down_after: int | None = DOWN_AFTER,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        progress: Callable[[str | None], None] | None = None,
    ) -> None:
        from papercli.secrets import check_token

        # The transport takes `user:pass@` out of the endpoint (remembering it for
        # redaction) before the token is checked: a bad token's error shows neither.
        self.transport = Transport(
            endpoint, HUB, timeout=timeout, retries=retries, backoff=backoff,
            max_retry_after=max_retry_after, budget=budget, down_after=down_after,
            limiter=limiter, sleep=sleep, progress=progress, max_body=MAX_ANSWER,
        )
        self._token = check_token(token)
        if self._token:
            self.transport.headers["Authorization"] = f"Bearer {self._token}"

    def __repr__(self) -> str:  # never show the token
        return f"HubClient({self.endpoint!r}, token={'set' if self._token else 'none'})"

    # -- what callers tune and read, kept on the transport -----------------------------

    @property
    def endpoint(self) -> str:
        return self.transport.endpoint

    @property
    def requests_made(self) -> int:
        return self.transport.requests_made

    @property
    def down_after(self) -> int | None:
        return self.transport.down_after

    @down_after.setter
    def down_after(self, value: int | None) -> None:
        self.transport.down_after = value

    @property
    def down_requests(self) -> int:
        return self.transport.down_requests

    @down_requests.setter
    def down_requests(self, value: int) -> None:
        self.transport.down_requests = value

    @property
    def progress(self) -> Callable[[str | None], None] | None:
        return self.transport.progress

    @progress.setter
    def progress(self, value: Callable[[str | None], None] | None) -> None:
        self.transport.progress = value

    def budgeted(self, seconds: float | None = None) -> AbstractContextManager[None]:
        """Requests of this thread inside the block share a fresh budget (a sync period)."""
        return self.transport.budgeted(seconds)

    def request_budget(self) -> float:
        return self.transport.request_budget()

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        return self.transport.url(path)

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET and decode JSON, retrying what is worth retrying, raising one HubError."""
        return self.transport.get_json(path, params)

    # -- endpoints -------------------------------------------------------------------

    def _listing(self, path: str, params: Mapping[str, Any], most: int | None = None
                 ) -> Parsed:
        """A list of items, read and checked (`parse_items`). With `most`, the most items
        the request asked for: more is no page of the Hub's (a mirror that ignores the
        limit, a broken proxy) and is refused before any item is read, so a listing's
        cached copy is kept rather than replaced by it."""
        data = self.get_json(path, params)
        if isinstance(data, list) and most is not None and len(data) > most:
            raise HubResponseError(
                f"the Hub sent {len(data):,} papers for a page of {most:,}",
                url=self.url(path), hint="check HF_ENDPOINT points at the Hub",
            )
        if not isinstance(data, list):
            kind = type(data).__name__
            detail = ""
            if isinstance(data, dict) and isinstance(data.get("error"), str):
                detail = f": {data['error'][:120]}"
            raise HubResponseError(
                f"the Hub sent a JSON {kind}, expected a list{detail}",
                url=self.url(path), hint="check HF_ENDPOINT points at the Hub",
            )
        return parse_items(data)

    def daily_papers(
        self,
        *,
        date: str | None = None,
        week: str | None = None,
        month: str | None = None,
        limit: int | None = None,
        page: int | None = None,
        sort: str | None = None,
    ) -> Parsed:
        params = {"date": date, "week": week, "month": month, "limit": limit, "p": page,
                  "sort": sort}
        return self._listing("/api/daily_papers", params, limit)

    def search(self, query: str, limit: int = 50) -> Parsed:
        return self._listing("/api/papers/search", {"q": query, "limit": limit})

    def paper(self, paper_id: str) -> Paper:
        return self.paper_page(paper_id)[0]

    def paper_page(self, paper_id: str) -> tuple[Paper, Links]:
        """A paper's page (`/api/papers/{id}`): its record, with the counts of linked
        models, datasets and Spaces known, and the linked artefacts themselves (each
        checked; bad ones skipped and counted in `Links.skipped`)."""
        from papercli.linked import parse as parse_links

        try:
            data = self.get_json(f"/api/papers/{paper_id}")
        except HubStatusError as exc:
            raise _missing(exc, NotFoundError(
                f"paper {paper_id} is not on the Hub",
                hint="check the id; papers appear on the Hub once someone submits them")
            ) from None
        try:
            paper = parse_item(data)
        except Exception as exc:  # SkippedItem, or a field no parser expected
            raise HubResponseError(
                f"the Hub sent an unusable record of {paper_id} ({exc})",
                url=self.url(f"/api/papers/{paper_id}"),
            ) from None
        check_record(paper_id, paper, self.url(f"/api/papers/{paper_id}"))
        links = parse_links(data if isinstance(data, Mapping) else {})
        paper = paper._replace(num_models=links.num_models, num_datasets=links.num_datasets,
                               num_spaces=links.num_spaces)
        return paper, links

    def full_text(self, paper_id: str) -> str:
        """A paper's full text as Markdown (`{endpoint}/papers/{id}.md`, what
        huggingface_hub's `HfApi.read_paper` reads), at most MAX_FULL_TEXT bytes: a
        larger answer is refused, never held. Bytes that are not UTF-8 become U+FFFD."""
        path = f"/papers/{paper_id}.md"
        try:
            body, ctype = self.transport.get_typed(path, max_body=MAX_FULL_TEXT)
        except HubStatusError as exc:
            raise _missing(exc, no_full_text(paper_id)) from None
        except HubResponseError as exc:
            if "sent more than" in exc.message:  # over the cap: the listing hint is wrong here
                exc.hint = "a paper's full text is far smaller: check HF_ENDPOINT"
            raise
        head = body[:200].lstrip().lower()
        if not head and not body.strip():  # kept, it would show nothing, for good
            raise HubResponseError(
                "the Hub sent an empty answer, not the paper's Markdown",
                url=self.url(path), hint="try again later, or check HF_ENDPOINT",
            )
        if head.startswith((b"<!doctype", b"<html")):
            raise HubResponseError(
                "the Hub sent an HTML page, not the paper's Markdown",
                url=self.url(path), hint="try again later, or check HF_ENDPOINT",
            )
        if "json" in ctype.lower():  # (an API error, a page cut off: kept, it stayed for good)
            raise HubResponseError(
                "the Hub sent JSON, not the paper's Markdown",
                url=self.url(path), hint="try again later, or check HF_ENDPOINT",
            )
        return body.decode("utf-8", errors="replace")


def check_record(asked: str, paper: Paper, url: str | None = None) -> None:
    """A record for another paper than the one asked for (a confused proxy or cache, a
    hostile mirror) is refused whole: storing it would file it under the wrong request."""
    if paper.id != asked:
        raise HubResponseError(
            f"the Hub answered {asked} with a record for {paper.id}; nothing was stored",
            url=url, hint="try again later, or check HF_ENDPOINT points at the Hub",
        )
