"""The Hugging Face papers API client: the one place that talks to the network.

Every command goes through `HubClient.get_json`, so timeouts, retries with backoff,
Retry-After, rate pacing and the translation of failures into one clear `HubError` live
here once. httpx is imported only when a request is actually made.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from papercli import __version__
from papercli.errors import (
    HubError,
    HubResponseError,
    HubStatusError,
    HubUnreachable,
    NotFoundError,
)
from papercli.models import Paper, Parsed, parse_item, parse_items

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 524})
MAX_BODY = 64 * 1024 * 1024  # a listing is a few hundred KB; more is a broken server
USER_AGENT = f"papercli/{__version__} (+https://github.com/papercli/papercli)"
HINT = "check your network, or use --offline to read the local library, or set HF_ENDPOINT"


@dataclass
class RateLimiter:
    """Sliding-window pacing shared by all threads: at most `calls` per `period` seconds.

    The Hub allows 500 API calls per 5 minutes anonymously; we stay under it on our own
    rather than waiting to be told with a 429.
    """

    calls: int = 450
    period: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    _stamps: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pause_until: float = 0.0

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                self._stamps = [t for t in self._stamps if now - t < self.period]
                wait = max(self._pause_until - now, 0.0)
                if not wait and len(self._stamps) < self.calls:
                    self._stamps.append(now)
                    return
                if not wait:
                    wait = self.period - (now - self._stamps[0])
            self.sleep(min(max(wait, 0.01), 5.0))

    def pause(self, seconds: float) -> None:
        """Everyone waits: a 429 is about the client, not one request."""
        with self._lock:
            self._pause_until = max(self._pause_until, time.monotonic() + seconds)


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), cap)


def _ratelimit_reset(headers: Mapping[str, str], cap: float) -> float | None:
    """IETF draft `RateLimit: ... r=0; t=30` style, as the Hub sends: wait t when r is 0."""
    header = headers.get("ratelimit")
    if not header:
        return None
    fields: dict[str, str] = {}
    for part in header.replace(",", ";").split(";"):
        name, _, val = part.strip().partition("=")
        fields[name.strip().lower()] = val.strip()
    try:
        if int(fields.get("r", "1")) > 0:
            return None
        return min(max(float(fields.get("t", "0")), 0.0), cap)
    except ValueError:
        return None


class HubClient:
    def __init__(
        self,
        endpoint: str,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self._token = token or None
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.sleep = sleep
        self.requests_made = 0
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._count_lock = threading.Lock()  # `papers sync` shares one client across threads

    def __repr__(self) -> str:  # never show the token
        return f"HubClient({self.endpoint!r}, token={'set' if self._token else 'none'})"

    # -- transport -------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                import httpx

                headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
                if self._token:
                    headers["Authorization"] = f"Bearer {self._token}"
                self._client = httpx.Client(
                    headers=headers,
                    timeout=httpx.Timeout(self.timeout),
                    follow_redirects=True,
                    limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
                )
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _delay(self, attempt: int) -> float:
        base = self.backoff * (2**attempt)
        return float(min(base + random.uniform(0, base / 2), 30.0))

    def url(self, path: str) -> str:
        return f"{self.endpoint}{path}"

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET and decode JSON, retrying what is worth retrying, raising one HubError."""
        import httpx

        url = self.url(path)
        query = {k: v for k, v in (params or {}).items() if v is not None}
        shown = url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        last: HubError | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self._delay(attempt - 1)
                if isinstance(last, HubStatusError) and last.wait is not None:
                    wait = last.wait
                self.sleep(wait)
            self.limiter.acquire()
            with self._count_lock:
                self.requests_made += 1
            try:
                with self._http().stream("GET", url, params=query) as response:
                    if response.status_code in RETRY_STATUSES:
                        last = self._status_error(response, shown)
                        continue
                    if response.status_code >= 400:
                        raise self._status_error(response, shown)
                    body = self._read(response, shown)
                    # A success can still say the budget is spent: everyone waits it out.
                    exhausted = _ratelimit_reset(response.headers, self.max_retry_after)
                    if exhausted:
                        self.limiter.pause(exhausted)
            except httpx.ConnectError as exc:
                # Refused or unresolvable: the Hub is not there; retrying only delays the
                # fallback to the cache.
                raise HubUnreachable(
                    f"cannot connect to {self.endpoint} ({_reason(exc)})", url=shown, hint=HINT
                ) from None
            except httpx.TimeoutException:
                last = HubUnreachable(
                    f"{shown} timed out after {self.timeout:g}s", url=shown, hint=HINT
                )
                continue
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                last = HubUnreachable(
                    f"connection dropped while fetching {shown} ({_reason(exc)})",
                    url=shown, hint=HINT,
                )
                continue
            except httpx.HTTPError as exc:
                raise HubUnreachable(
                    f"request to {shown} failed ({_reason(exc)})", url=shown, hint=HINT
                ) from None
            return self._decode(response, body, shown)
        assert last is not None
        if self.retries:
            last.message += f" (gave up after {self.retries + 1} attempts)"
        raise last

    def _read(self, response: httpx.Response, shown: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_BODY:
                raise HubResponseError(
                    f"{shown} sent more than {MAX_BODY // 2**20} MiB; refusing it", url=shown
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _status_error(self, response: httpx.Response, shown: str) -> HubStatusError:
        status = response.status_code
        wait = _retry_after(response.headers.get("retry-after"), self.max_retry_after)
        if wait is None:
            wait = _ratelimit_reset(response.headers, self.max_retry_after)
        if status == 429:
            if wait is not None:
                self.limiter.pause(wait)
            err = HubStatusError(
                f"{shown} is rate limiting us (HTTP 429)", status, shown,
                hint="wait a few minutes and try again, or set HF_TOKEN for higher limits",
            )
        elif status in (401, 403):
            err = HubStatusError(
                f"{shown} refused access (HTTP {status})", status, shown,
                hint="check that HF_TOKEN is a valid token, or unset it",
            )
        elif status == 404:
            err = HubStatusError(f"{shown} was not found (HTTP 404)", status, shown)
        else:
            err = HubStatusError(
                f"{shown} answered HTTP {status}", status, shown,
                hint="the Hub may be down; try again later, or use --offline",
            )
        err.wait = wait
        return err

    def _decode(self, response: httpx.Response, body: bytes, shown: str) -> Any:
        ctype = response.headers.get("content-type", "")
        head = body[:200].lstrip().lower()
        if "html" in ctype or head.startswith((b"<!doctype", b"<html")):
            raise HubResponseError(
                f"{shown} returned an HTML page instead of JSON (maintenance or a proxy?)",
                url=shown, hint="try again later, or check HF_ENDPOINT",
            )
        try:
            return loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
            raise HubResponseError(
                f"{shown} returned malformed JSON ({exc.__class__.__name__}: {detail})",
                url=shown, hint="try again later, or check HF_ENDPOINT",
            ) from None

    # -- endpoints -------------------------------------------------------------------

    def _listing(self, path: str, params: Mapping[str, Any]) -> Parsed:
        data = self.get_json(path, params)
        if not isinstance(data, list):
            kind = type(data).__name__
            detail = ""
            if isinstance(data, dict) and isinstance(data.get("error"), str):
                detail = f": {data['error'][:120]}"
            raise HubResponseError(
                f"{self.url(path)} returned a JSON {kind}, expected a list{detail}",
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
        return self._listing("/api/daily_papers", params)

    def search(self, query: str, limit: int = 50) -> Parsed:
        return self._listing("/api/papers/search", {"q": query, "limit": limit})

    def paper(self, paper_id: str) -> Paper:
        try:
            data = self.get_json(f"/api/papers/{paper_id}")
        except HubStatusError as exc:
            if exc.status == 404:
                raise NotFoundError(
                    f"paper {paper_id} is not on the Hub ({exc.url} answered 404)",
                    hint="check the id; papers appear on the Hub once someone submits them",
                ) from None
            raise
        try:
            return parse_item(data)
        except Exception as exc:  # SkippedItem, or a field no parser expected
            raise HubResponseError(
                f"{self.url(f'/api/papers/{paper_id}')} returned an unusable paper ({exc})"
            ) from None


# -- untrusted JSON --------------------------------------------------------------------

INT_LIMIT = 2**62  # SQLite integers are 64-bit; a count beyond this is junk anyway


def _clamp(value: float) -> float:
    return max(-INT_LIMIT, min(INT_LIMIT, value))


def loads(text: str | bytes) -> Any:
    """json.loads for untrusted bodies: numbers clamped to what SQLite can store,
    `NaN`/`Infinity` read as null. Raises ValueError or RecursionError on junk."""
    return json.loads(
        text,
        parse_int=lambda s: int(_clamp(int(s))),
        parse_float=lambda s: _clamp(float(s)),
        parse_constant=lambda s: None,
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text.splitlines()[0][:160]
