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
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
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
from papercli.words import plural

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 524})
MAX_BODY = 64 * 1024 * 1024  # a listing is a few hundred KB; more is a broken server
USER_AGENT = f"papercli/{__version__} (+https://github.com/papercli/papercli)"
HINT = "check your network, or use --offline to read the local library, or set HF_ENDPOINT"
COMMAND_BUDGET = 300.0  # seconds one command (or one sync period) may spend on the Hub
MIN_ATTEMPT = 0.05  # an attempt given less time than this is not worth starting
RAW_CHUNK = 64 * 1024
PIECE = 64 * 1024  # most bytes one decoding step may produce
MAX_LAYERS = 2  # Content-Encoding layers we undo; `gzip, gzip` is already odd
DECODERS = {"gzip": 31, "x-gzip": 31, "deflate": 15}  # zlib wbits for each


class OverBudget(Exception):
    """A wait that would end after the command's deadline (carries the wait)."""

    def __init__(self, wait: float) -> None:
        super().__init__(wait)
        self.wait = wait


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

    def acquire(self, deadline: float | None = None) -> None:
        """Wait for a slot; `OverBudget` at once if the wait would end after `deadline`."""
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
            if deadline is not None and now + wait > deadline:
                raise OverBudget(wait)
            self.sleep(min(max(wait, 0.01), 5.0))

    def pause(self, seconds: float) -> None:
        """Everyone waits: a 429 is about the client, not one request."""
        with self._lock:
            self._pause_until = max(self._pause_until, time.monotonic() + seconds)


def _retry_note(last: HubError | None, wait: float, attempt: int, retries: int) -> str:
    """The status line while waiting to retry: "Hub answered 503; retrying in 4 s, 2 of 3"."""
    if isinstance(last, HubStatusError):
        why = "rate limited" if last.status == 429 else f"Hub answered {last.status}"
    elif isinstance(last, HubUnreachable) and last.kind == "timeout":
        why = "Hub timed out"
    else:
        why = "connection dropped"
    shown = f"{wait:.1f}" if wait < 1 else f"{round(wait)}"
    return f"{why}; retrying in {shown} s, {attempt} of {retries}"


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (uncapped), or None if absent or junk."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds:  # NaN
        return None
    return max(seconds, 0.0)


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
    """One client per command. Three bounds hold whatever the server does:

    - an *attempt* (connect, headers, body) ends within `timeout` seconds of wall time:
      every socket read is given only what is left (`_deadline_backend`), so a server
      trickling a byte a second cannot stretch it;
    - a *request* (all attempts, backoff and Retry-After waits) ends within
      `request_budget()`; a wait that would end later fails at once instead of sleeping;
    - a *command* ends within `budget` seconds from its first request, when set (a sync
      gives each period its own budget, see `budgeted`).

    Bodies are decoded here, layer by layer, and refused once MAX_BODY decoded bytes are
    exceeded (`_read`), so a 2 KB compression bomb costs kilobytes. With `down_after`, that
    many timeouts in a row (any thread, no answer between) mean the Hub is down: later
    attempts fail at once with kind "down" instead of each waiting its timeout.
    """

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
        down_after: int | None = None,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        progress: Callable[[str | None], None] | None = None,
    ) -> None:
        from papercli.secrets import check_token, split_credentials

        clean, self._auth = split_credentials(endpoint.strip())
        self.endpoint = clean.rstrip("/")  # never holds user:pass; safe in any message
        self._token = check_token(token)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.budget = budget
        self.down_after = down_after
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.sleep = sleep
        # Told what a request is waiting for ("…" at the end: only worth showing if it
        # lasts), and None when it is over: the CLI draws a status line on a terminal.
        self.progress = progress
        self.requests_made = 0
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._count_lock = threading.Lock()  # `papers sync` shares one client across threads
        self._started: float | None = None
        self._local = threading.local()  # a sync period's own deadline, per worker thread
        self._timeouts_in_a_row = 0

    def __repr__(self) -> str:  # never show the token
        return f"HubClient({self.endpoint!r}, token={'set' if self._token else 'none'})"

    # -- transport -------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                import httpx

                headers = {"User-Agent": USER_AGENT, "Accept": "application/json",
                           "Accept-Encoding": ", ".join(DECODERS)}
                if self._token:
                    headers["Authorization"] = f"Bearer {self._token}"
                self._client = httpx.Client(
                    headers=headers,
                    auth=self._auth,  # endpoint credentials win over the token
                    timeout=httpx.Timeout(self.timeout),
                    follow_redirects=True,
                    limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
                )
                _bound_every_transport(self._client)
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

    def request_budget(self) -> float:
        """What one request may take in all: every attempt its timeout (and a little for
        the work around it), every backoff its longest jittered delay. Retry-After waits
        have to fit in what is left."""
        retries = min(self.retries, 100)
        waits = sum(min(self.backoff * 2**i * 1.5, 30.0) for i in range(retries))
        return float(self.timeout * (retries + 1) * 1.1 + waits + 1.0)

    @contextmanager
    def budgeted(self, seconds: float | None = None) -> Iterator[None]:
        """Requests made by this thread inside the block share a fresh budget of `seconds`
        (default: `budget`) instead of the command's: one sync period, say."""
        seconds = self.budget if seconds is None else seconds
        previous = getattr(self._local, "deadline", None)
        self._local.deadline = None if seconds is None else time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.deadline = previous

    def _command_deadline(self) -> float | None:
        own = getattr(self._local, "deadline", None)
        if own is not None:
            return float(own)
        if self.budget is None:
            return None
        with self._count_lock:
            if self._started is None:
                self._started = time.monotonic()
            return self._started + float(self.budget)

    def url(self, path: str) -> str:
        return f"{self.endpoint}{path}"

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET and decode JSON, retrying what is worth retrying, raising one HubError."""
        if self.progress is None:
            return self._get_json(path, params)
        self.progress(f"fetching {self.endpoint}{path}…")
        try:
            return self._get_json(path, params)
        finally:
            self.progress(None)

    def _get_json(self, path: str, params: Mapping[str, Any] | None) -> Any:
        import httpx

        url = self.url(path)
        query = {k: v for k, v in (params or {}).items() if v is not None}
        shown = url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        end = time.monotonic() + self.request_budget()
        command_end = self._command_deadline()
        if command_end is not None:
            end = min(end, command_end)
        last: HubError | None = None
        attempts = 0
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self._delay(attempt - 1)
                if isinstance(last, HubStatusError) and last.wait is not None:
                    wait = last.wait
                left = end - time.monotonic()
                if wait + MIN_ATTEMPT > left:
                    assert last is not None
                    raise self._out_of_time(last, wait, left, attempts)
                if self.progress is not None:
                    self.progress(_retry_note(last, wait, attempt, self.retries))
                self.sleep(wait)
                if self.progress is not None:
                    self.progress(f"fetching {self.endpoint}{path} (retry {attempt} of "
                                  f"{self.retries})…")
            try:
                self.limiter.acquire(end - MIN_ATTEMPT)
            except OverBudget as over:
                err = last or HubStatusError(
                    f"{shown} is rate limiting us", 429, shown,
                    hint="wait a few minutes and try again, or set HF_TOKEN for higher limits")
                raise self._out_of_time(err, over.wait, end - time.monotonic(), attempts) from None
            with self._count_lock:
                down = self.down_after is not None and self._timeouts_in_a_row >= self.down_after
                if not down:
                    self.requests_made += 1
            if down:
                raise self._down(shown)
            attempts += 1
            started = time.monotonic()
            limit = min(self.timeout, end - started)
            _attempt.end = started + limit
            try:
                with self._http().stream("GET", url, params=query) as response:
                    with self._count_lock:
                        self._timeouts_in_a_row = 0
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
                    f"cannot connect to {self.endpoint} ({_reason(exc)})", url=shown, hint=HINT,
                    kind="connect",
                ) from None
            except httpx.TimeoutException:
                with self._count_lock:
                    self._timeouts_in_a_row += 1
                if limit < self.timeout - 0.001:
                    what = (f"{shown} timed out after {limit:.2g}s: this command's time "
                            "budget ran out")
                else:
                    what = f"{shown} timed out after {self.timeout:g}s"
                last = HubUnreachable(what, url=shown, hint=HINT, kind="timeout")
                continue
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                last = HubUnreachable(
                    f"connection dropped while fetching {shown} ({_reason(exc)})",
                    url=shown, hint=HINT, kind="dropped",
                )
                continue
            except httpx.HTTPError as exc:
                raise HubUnreachable(
                    f"request to {shown} failed ({_reason(exc)})", url=shown, hint=HINT
                ) from None
            finally:
                _attempt.end = None
            return self._decode(response, body, shown)
        assert last is not None
        if attempts > 1:
            last.message += f" (gave up after {attempts} attempts)"
        raise last

    def _out_of_time(
        self, last: HubError, wait: float, left: float, attempts: int
    ) -> HubError:
        """The error to raise when the next wait would not fit in the time left."""
        asked = last.asked if isinstance(last, HubStatusError) else None
        if isinstance(last, HubStatusError) and last.wait is not None:
            told = asked if asked is not None else wait
            last.message += (
                f" and asks us to wait {_seconds(told)}, more than the {_seconds(left)} left"
                " of this command's time budget"
            )
        elif attempts > 1:
            last.message += f" (gave up after {attempts} attempts: time budget spent)"
        else:
            last.message += " (no time left in this command's time budget to retry)"
        return last

    def _down(self, shown: str) -> HubUnreachable:
        return HubUnreachable(
            f"{self.endpoint} did not answer {plural(self._timeouts_in_a_row, 'request')} in a row "
            f"(each waited {self.timeout:g}s): the Hub looks down, not trying {shown}",
            url=shown, hint=HINT, kind="down",
        )

    def _read(self, response: httpx.Response, shown: str) -> bytes:
        """The body, decoded layer by layer from the raw bytes: never more than MAX_BODY
        bytes held, however much a compressed chunk would expand to."""
        chunks: list[bytes] = []
        size = 0
        raw_size = 0

        def raw() -> Iterator[bytes]:
            nonlocal raw_size
            for chunk in response.iter_raw(RAW_CHUNK):
                raw_size += len(chunk)
                if raw_size > MAX_BODY:
                    raise self._too_big(shown)
                at = getattr(_attempt, "end", None)
                if at is not None and time.monotonic() > at:
                    import httpx

                    raise httpx.ReadTimeout("the attempt's deadline passed")
                yield chunk

        stream: Iterator[bytes] = raw()
        for kind in reversed(_encodings(response.headers.get("content-encoding", ""), shown)):
            stream = _inflate(stream, kind, shown)
        for chunk in stream:
            size += len(chunk)
            if size > MAX_BODY:
                raise self._too_big(shown, decoded=raw_size < size)
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _too_big(shown: str, decoded: bool = False) -> HubResponseError:
        what = " decoded" if decoded else ""
        return HubResponseError(
            f"{shown} sent more than {MAX_BODY // 2**20} MiB{what}; refusing it", url=shown,
            hint="a listing is a few hundred KB: check HF_ENDPOINT, or try again later",
        )

    def _status_error(self, response: httpx.Response, shown: str) -> HubStatusError:
        status = response.status_code
        asked = _retry_after(response.headers.get("retry-after"))
        wait = None if asked is None else min(asked, self.max_retry_after)
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
        err.asked = asked
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
            paper = parse_item(data)
        except Exception as exc:  # SkippedItem, or a field no parser expected
            raise HubResponseError(
                f"{self.url(f'/api/papers/{paper_id}')} returned an unusable paper ({exc})"
            ) from None
        check_record(paper_id, paper, self.url(f"/api/papers/{paper_id}"))
        return paper


def check_record(asked: str, paper: Paper, url: str | None = None) -> None:
    """A record for another paper than the one asked for (a confused proxy or cache, a
    hostile mirror) is refused whole: storing it would file it under the wrong request."""
    if paper.id != asked:
        raise HubResponseError(
            f"the Hub answered {asked} with a record for {paper.id}; nothing was stored",
            url=url, hint="try again later, or check HF_ENDPOINT points at the Hub",
        )


# -- bounded transport and decoding -----------------------------------------------------

_attempt = threading.local()  # the deadline of the attempt this thread is making


def _encodings(header: str, shown: str) -> list[str]:
    """The Content-Encoding layers in the order they were applied; junk is refused."""
    layers = [e.strip().lower() for e in header.split(",") if e.strip()]
    layers = [e for e in layers if e != "identity"]
    for layer in layers:
        if layer not in DECODERS:
            raise HubResponseError(
                f"{shown} sent a body in an encoding we did not ask for ({layer[:40]!r})",
                url=shown, hint="check HF_ENDPOINT points at the Hub",
            )
    if len(layers) > MAX_LAYERS:
        raise HubResponseError(
            f"{shown} sent a body compressed {len(layers)} times over; refusing it",
            url=shown, hint="check HF_ENDPOINT points at the Hub",
        )
    return layers


def _inflate(chunks: Iterator[bytes], kind: str, shown: str) -> Iterator[bytes]:
    """Undo one layer, never producing more than PIECE bytes per step: the caller counts
    and stops, so a chunk that would expand to GiBs is never expanded at once (httpx's
    own decoders expand each chunk whole)."""
    wbits = DECODERS[kind]
    decoder = zlib.decompressobj(wbits)
    started = False
    try:
        for chunk in chunks:
            data = chunk
            while data and not decoder.eof:
                try:
                    out = decoder.decompress(data, PIECE)
                except zlib.error:
                    if kind == "deflate" and not started:
                        # Some servers send raw deflate without the zlib wrapper.
                        decoder, wbits, started = zlib.decompressobj(-15), -15, True
                        continue
                    raise
                started = True
                data = decoder.unconsumed_tail
                if out:
                    yield out
            if decoder.eof:
                break
        tail = decoder.flush()  # all input consumed: at most a few bytes still pending
        if tail:
            yield tail
    except zlib.error as exc:
        raise HubResponseError(
            f"{shown} sent a body that is not valid {kind} ({exc})", url=shown,
            hint="try again later, or check HF_ENDPOINT",
        ) from None


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """A socket timeout cut to what is left of this thread's attempt."""
    at = getattr(_attempt, "end", None)
    if at is None:
        return timeout
    left = float(at) - time.monotonic()
    if left <= 0:
        raise error("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


_backend_class: Any = None


def _deadline_backend(inner: Any) -> Any:
    """Wrap an httpcore network backend so every connect, read and write gets only the
    time left of the current attempt: per-read timeouts alone let a server trickling one
    byte a second (in the headers or the body) keep a request alive for ever."""
    global _backend_class
    if _backend_class is None:
        import httpcore

        class Stream(httpcore.NetworkStream):
            def __init__(self, stream: Any) -> None:
                self._stream = stream

            def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
                return bytes(self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout)))

            def write(self, buffer: bytes, timeout: float | None = None) -> None:
                self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

            def close(self) -> None:
                self._stream.close()

            def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                          timeout: float | None = None) -> Any:
                return Stream(self._stream.start_tls(
                    ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)))

            def get_extra_info(self, info: str) -> Any:
                return self._stream.get_extra_info(info)

        class Backend(httpcore.NetworkBackend):
            def __init__(self, backend: Any) -> None:
                self._backend = backend

            def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                            local_address: str | None = None,
                            socket_options: Any = None) -> Any:
                return Stream(self._backend.connect_tcp(
                    host, port, _left(timeout, httpcore.ConnectTimeout), local_address,
                    socket_options))

            def connect_unix_socket(self, path: str, timeout: float | None = None,
                                    socket_options: Any = None) -> Any:
                return Stream(self._backend.connect_unix_socket(
                    path, _left(timeout, httpcore.ConnectTimeout), socket_options))

            def sleep(self, seconds: float) -> None:
                self._backend.sleep(seconds)

        _backend_class = Backend
    return _backend_class(inner)


def _bound_every_transport(client: httpx.Client) -> None:
    """Give the client's transports (and proxy mounts) the deadline backend. httpx has no
    public hook for a network backend; if its internals move, `_read` still checks the
    deadline between body chunks."""
    transports = [getattr(client, "_transport", None),
                  *getattr(client, "_mounts", {}).values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        inner = getattr(pool, "_network_backend", None)
        if inner is not None and not (_backend_class and isinstance(inner, _backend_class)):
            pool._network_backend = _deadline_backend(inner)  # type: ignore[union-attr]


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:.2g} s"


# -- untrusted JSON --------------------------------------------------------------------

INT_LIMIT = 2**62  # SQLite integers are 64-bit; a count beyond this is junk anyway


def _clamp(value: float) -> float:
    return max(-INT_LIMIT, min(INT_LIMIT, value))


def _int(text: str) -> int:
    """An integer token, clamped; one with thousands of digits costs nothing (Python's
    int() refuses more than 4300 digits, which would fail the whole document)."""
    if len(text) > 20:
        return -INT_LIMIT if text.startswith("-") else INT_LIMIT
    return int(_clamp(int(text)))


def loads(text: str | bytes) -> Any:
    """json.loads for untrusted bodies: numbers clamped to what SQLite can store,
    `NaN`/`Infinity` read as null, a UTF-8 byte-order mark accepted. Raises ValueError
    or RecursionError on junk."""
    if isinstance(text, bytes | bytearray):
        if text.startswith(b"\xef\xbb\xbf"):
            text = text[3:]
    elif text.startswith("\ufeff"):
        text = text[1:]
    return json.loads(
        text,
        parse_int=_int,
        parse_float=lambda s: _clamp(float(s)),
        parse_constant=lambda s: None,
    )


def _reason(exc: BaseException) -> str:
    from papercli.secrets import redact

    text = redact(str(exc)).strip() or exc.__class__.__name__
    return text.splitlines()[0][:160]
