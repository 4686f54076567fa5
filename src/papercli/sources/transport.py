"""The hardened HTTP transport every source talks through: the one place that knows how
a request can go wrong.

A `Transport` is one endpoint of one source (the Hub's API, arXiv's API) described by a
`Profile`: its name and hints for the error messages, and the error classes to raise.
Whatever the source, a request gets the same protections: a wall-clock deadline per
attempt (every socket read is cut to what is left), a time budget per request and per
command that retries, backoff and `Retry-After` waits all share, retries on the statuses
worth retrying, rate limiting in-process (`RateLimiter`) and optionally across processes
(`Pacer`, with one connection at a time), a cap on decoded bytes however the body is
compressed, "down" after so many timeouts in a row, a User-Agent naming papercli, and
redaction of secrets in every error. httpx is imported only when a request is made.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import sys
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
    REFUSED,
    SourceError,
    SourceResponseError,
    SourceStatusError,
    SourceUnreachable,
    refused,
)
from papercli.words import plural

if TYPE_CHECKING:
    import httpx

    from papercli.sources.pacing import Pacer

# httpx's package imports its command-line client (`httpx._main`) when the client's extras
# are installed, and with it Rich's console, progress and syntax modules, Pygments and
# Click: about half of what `import httpx` costs, on every command that asks the network,
# for a program papercli never runs. A None entry makes that import fail, which httpx
# expects (it then defines a `main` that says the extras are missing).
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 524})
MAX_BODY = 64 * 1024 * 1024  # the default cap on a decoded body; more is a broken server
USER_AGENT = f"papercli/{__version__} (+https://github.com/papercli/papercli)"
ERROR_BODY = 256 * 1024  # most bytes of an error answer kept for its reason
MIN_ATTEMPT = 0.05  # an attempt given less time than this is not worth starting
DEADLINE_PASSED = "the request's deadline passed"  # a step not tried: no time was left
RAW_CHUNK = 64 * 1024
PIECE = 64 * 1024  # most bytes one decoding step may produce
MAX_LAYERS = 2  # Content-Encoding layers we undo; `gzip, gzip` is already odd
DECODERS = {"gzip": 31, "x-gzip": 31, "deflate": 15}  # zlib wbits for each
# Timeouts in a row (no answer between) after which a source is taken for down: a request
# is asked again once, not `retries` times, and the requests after it fail at once. Four
# attempts of `network.timeout` (10 s) made 45 s of silence on a network that drops
# everything before a listing showed its cached copy; a second attempt still gets past one
# slow answer. A 5xx or a dropped connection costs little and is retried as before.
DOWN_AFTER = 2


@dataclass(frozen=True)
class Profile:
    """Who a transport talks to, in the words its errors use, and the classes they are."""

    name: str  # in sentences: "the Hub looks down", "arXiv may be down"
    short: str  # in the retry status line: "Hub answered 503"
    variable: str  # the environment variable that sets the endpoint: "HF_ENDPOINT"
    default: str  # the endpoint when nothing sets it
    status_hint: str  # an error status after retries
    rate_hint: str  # HTTP 429
    auth_hint: str  # HTTP 401 / 403
    later_hint: str  # a body that is junk: "try again later, or check …"
    endpoint_hint: str  # a body no such server sends: "check … points at …"
    too_big_hint: str  # a body over the cap
    refused_hint: str  # a 4xx the request itself is refused for (`refused`): not "try later"
    accept: str = "application/json"
    setting: str | None = None  # the config key that sets the endpoint too: "hub.endpoint"
    unreachable: type[SourceUnreachable] = SourceUnreachable
    status_error: type[SourceStatusError] = SourceStatusError
    response_error: type[SourceResponseError] = SourceResponseError


def asking(name: str, note: str = "") -> str:
    """The status line while source `name` is asked: "asking arXiv…", "asking the Hub
    (retry 1 of 3)…", as `papers sync`'s bar says it. "fetching http://127.0.0.1:37071/
    api/query (retry 1 of 3)…", a raw endpoint URL, did not say which source it was;
    PAPERS_DEBUG's error lines name the URL."""
    return f"asking {name}" + (f" ({note})" if note else "") + "…"


def is_asking(message: str | None) -> bool:
    """Whether a status message is `asking`'s, for a caller that says it in its own
    words (the days a sync asks for, the papers a lookup has in)."""
    return message is not None and message.startswith("asking ") and message.endswith("…")


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


class Transport:
    """One endpoint of one source. Three bounds hold whatever the server does:

    - an *attempt* (connect, headers, body) ends within `timeout` seconds of wall time:
      every socket read is given only what is left (`_deadline_backend`), so a server
      trickling a byte a second cannot stretch it;
    - a *request* (all attempts, backoff and Retry-After waits) ends within
      `request_budget()`; a wait that would end later fails at once instead of sleeping;
    - a *command* ends within `budget` seconds from its first request, when set (a sync
      gives each period its own budget, see `budgeted`).

    Bodies are decoded here, layer by layer, and refused once `max_body` decoded bytes
    are exceeded (`_read`), so a 2 KB compression bomb costs kilobytes. `down_after`
    timeouts in a row (any thread, no answer between; DOWN_AFTER unless told, None for
    never) mean the source is down: later attempts fail at once with kind "down" instead
    of each waiting its timeout; `down_requests` (1 unless set) is how many different
    requests those timeouts must span.
    `user:pass@` in the endpoint becomes Basic auth and never appears in a message. With
    a `pacer`, every attempt holds its cross-process slot (one request at a time, spaced
    by its interval, across all `papers` processes); `max_connections=1` keeps one
    connection in this process too.
    """

    def __init__(
        self,
        endpoint: str,
        profile: Profile,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        budget: float | None = None,
        down_after: int | None = DOWN_AFTER,
        limiter: RateLimiter | None = None,
        pacer: Pacer | None = None,
        max_connections: int = 16,
        max_body: int = MAX_BODY,
        sleep: Callable[[float], None] = time.sleep,
        progress: Callable[[str | None], None] | None = None,
    ) -> None:
        from papercli.secrets import split_credentials

        clean, self._auth = split_credentials(endpoint.strip())
        self.endpoint = clean.rstrip("/")  # never holds user:pass; safe in any message
        self.profile = profile
        self.headers = dict(headers or {})  # sent with every request (a token, say)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.budget = budget
        self.down_after = down_after
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.pacer = pacer
        self.max_connections = max_connections
        self.max_body = max_body
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
        # The requests (URLs) those timeouts were of: with `down_requests` at 2 or more
        # (`papers sync`), one request's own retries timing out say nothing of the rest.
        self.down_requests = 1
        self._timed_out: set[str] = set()
        # Where the last timeout happened, when a proxy stood in front of the source:
        # (the proxy, whether at the proxy itself), for `_down` to say so; None: no proxy.
        self._timeouts_via: tuple[tuple[str, str | None], bool] | None = None

    def __repr__(self) -> str:  # never show a header's value
        return f"Transport({self.endpoint!r}, {self.profile.short})"

    # -- the httpx client ------------------------------------------------------------

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                import httpx

                from papercli.secrets import remember

                # A credential sent as a header is hidden from every message, whoever set it.
                for name, value in self.headers.items():
                    if name.lower() in ("authorization", "cookie"):
                        scheme, _, secret = value.partition(" ")  # "Bearer xyz": xyz
                        remember(secret or scheme)
                headers = {"User-Agent": USER_AGENT, "Accept": self.profile.accept,
                           "Accept-Encoding": ", ".join(DECODERS), **self.headers}
                keep = min(8, self.max_connections)
                # A proxy httpx takes but cannot reach (`http://host:99999`, `http://u:pw@`
                # with no host) failed later as "the proxy host:99999 did not answer", or
                # named the proxy `//`: refused here, naming the variable, as one it cannot
                # read is.
                unreachable = _unreachable_proxy_variable()
                if unreachable is not None:
                    raise self._unusable_proxy(ValueError(unreachable[1])) from None
                try:
                    self._client = httpx.Client(
                        headers=headers,
                        auth=self._auth,  # endpoint credentials win over a token header
                        timeout=httpx.Timeout(self.timeout),
                        follow_redirects=True,
                        limits=httpx.Limits(max_connections=self.max_connections,
                                            max_keepalive_connections=keep),
                    )  # (trust_env: the proxy and CA variables are httpx's to read)
                except (ValueError, ImportError, httpx.InvalidURL) as exc:  # a proxy
                    raise self._unusable_proxy(exc) from None  # it cannot use or read
                except OSError as exc:  # $SSL_CERT_FILE missing, or no certificate in it
                    raise self._unusable_certificates(exc) from None
                _bound_every_transport(self._client)
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- budgets ---------------------------------------------------------------------

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

    # -- requests --------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.endpoint}{path}"

    def get_bytes(self, path: str, params: Mapping[str, Any] | None = None, *,
                  max_body: int | None = None) -> bytes:
        """GET the decoded body, retrying what is worth retrying, raising one error of the
        profile's classes. `max_body` overrides the transport's cap for this request."""
        return self._with_progress(path, params, max_body)[0]

    def get_typed(self, path: str, params: Mapping[str, Any] | None = None, *,
                  max_body: int | None = None) -> tuple[bytes, str]:
        """`get_bytes`, with the answer's Content-Type ("" if none): for a caller that
        takes one kind of body and must refuse another sent with a 200."""
        body, ctype, _ = self._with_progress(path, params, max_body)
        return body, ctype

    def get_json(self, path: str, params: Mapping[str, Any] | None = None, *,
                 max_body: int | None = None) -> Any:
        """GET and decode JSON (numbers bounded, see `loads`); an HTML page or junk is one
        response error, not retried."""
        body, ctype, shown = self._with_progress(path, params, max_body)
        return self._decode(ctype, body, shown)

    def _with_progress(self, path: str, params: Mapping[str, Any] | None,
                       max_body: int | None) -> tuple[bytes, str, str]:
        if self.progress is None:
            return self._get(path, params, max_body)
        self.progress(asking(self.profile.name))
        try:
            return self._get(path, params, max_body)
        finally:
            self.progress(None)

    def _paced(self, deadline: float, again: str = "") -> contextlib.AbstractContextManager[None]:
        if self.pacer is None:
            return contextlib.nullcontext()
        progress = self.progress

        def waiting(held: bool) -> None:
            """Another process's request first: said so, then "asking …" again."""
            if progress is not None:
                progress(f"waiting for another papers process's request to "
                         f"{self.profile.short}…" if held else again)

        return self.pacer.slot(deadline, waiting if again else None)

    def _get(self, path: str, params: Mapping[str, Any] | None,
             max_body: int | None) -> tuple[bytes, str, str]:
        """(body, content type, the URL as shown in messages)."""
        from papercli.sources.pacing import PacingTimeout

        cap = self.max_body if max_body is None else max_body
        url = self.url(path)
        query = {k: v for k, v in (params or {}).items() if v is not None}
        shown = url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        end = time.monotonic() + self.request_budget()
        command_end = self._command_deadline()
        if command_end is not None:
            end = min(end, command_end)
        last: SourceError | None = None
        attempts = 0
        for attempt in range(self.retries + 1):
            if attempt:
                self._wait_to_retry(last, attempt, end, attempts)
            self._take_turn(last, shown, end, attempts)
            try:
                outcome = self._attempt(url, query, shown, end, cap)
            except PacingTimeout:
                if last is None:
                    raise
                raise self._out_of_time(last, 0.0, end - time.monotonic(), attempts) from None
            attempts += 1
            if isinstance(outcome, SourceError):
                last = outcome
                continue
            return (*outcome, shown)
        assert last is not None
        if attempts > 1:
            last.message += f" (gave up after {attempts} attempts)"
        raise last

    def _take_turn(self, last: SourceError | None, shown: str, end: float,
                   attempts: int) -> None:
        """Wait for the rate limiter, or fail now: out of budget, or the source is down."""
        try:
            self.limiter.acquire(end - MIN_ATTEMPT)
        except OverBudget as over:
            err = last or self.profile.status_error(
                f"{self.profile.name} is rate limiting us", 429, shown,
                hint=self.profile.rate_hint)
            raise self._out_of_time(err, over.wait, end - time.monotonic(), attempts) from None
        with self._count_lock:
            down = (self.down_after is not None
                    and self._timeouts_in_a_row >= self.down_after
                    and len(self._timed_out) >= self.down_requests)
        if down:
            raise self._down(shown)
        if end - time.monotonic() < MIN_ATTEMPT:
            # The budget ran out before this attempt (an earlier request of the same sync
            # period spent it): an attempt would "time out after -0.083s". Say so instead.
            if last is not None:
                raise self._out_of_time(last, 0.0, 0.0, attempts)
            raise self._no_answer(
                f"{self.profile.name} was not asked: this command's time budget had run out",
                "timeout", shown)

    def _attempt(self, url: str, query: Mapping[str, Any], shown: str, end: float,
                 cap: int) -> tuple[bytes, str] | SourceError:
        """One attempt, within its deadline and its pacing slot: (body, content type), or
        the error worth retrying; an error not worth it is raised."""
        import httpx

        limit = self.timeout
        heard = _Heard()
        try:
            with self._paced(end - MIN_ATTEMPT, asking(self.profile.name)):
                with self._count_lock:
                    self.requests_made += 1
                started = time.monotonic()
                limit = min(self.timeout, end - started)
                _attempt.end = started + limit
                with self._http().stream("GET", url, params=query,
                                         extensions={"trace": heard}) as response:
                    with self._count_lock:
                        self._timeouts_in_a_row = 0
                        self._timed_out.clear()
                    if response.status_code in RETRY_STATUSES:
                        return self._status_error(response, shown)
                    if response.status_code >= 400:
                        raise self._refusal(response, shown)
                    if response.is_redirect:  # (one httpx could not follow: no Location)
                        raise self.profile.response_error(
                            f"{self.profile.name} sent a redirect without a Location",
                            url=shown, hint=self.profile.endpoint_hint)
                    body = self._read(response, shown, cap)
                    # A success can still say the budget is spent: everyone waits it out.
                    exhausted = _ratelimit_reset(response.headers, self.max_retry_after)
                    if exhausted:
                        self.limiter.pause(exhausted)
                    return body, response.headers.get("content-type", "")
        except httpx.ConnectError as exc:
            # Refused or unresolvable: the source is not there; retrying only delays the
            # fallback to the cache.
            proxy = self._proxy(url)
            if proxy is not None and not _about_tls(exc):  # (TLS: with the source itself)
                raise self._proxy_failed(proxy, "did not answer", shown, exc) from None
            said = _unconnected(self.profile.name, _host(self.endpoint), exc)
            raise _detailed(self._no_answer(said, "connect", shown), _reason(exc),
                            plain=_unconnected(self.profile.name, None, exc)) from None
        except httpx.TimeoutException as exc:
            proxy = self._proxy(url)
            at_proxy = proxy is not None and heard.at_proxy(exc)
            with self._count_lock:
                self._timeouts_in_a_row += 1
                self._timed_out.add(shown)
                self._timeouts_via = None if proxy is None else (proxy, at_proxy)
            name = self.profile.name  # (the URL, for PAPERS_DEBUG: `SourceError.line`)
            if limit < self.timeout - 0.001:
                # never a negative or 0.0001 s duration: the pacer's slot can end late
                when = " as the time budget ran out"
            else:
                when = f" after {self.timeout:g}s"
            if proxy is not None and at_proxy:  # it never answered: the source not asked
                return self._proxy_failed(proxy, "timed out", shown, exc, kind="timeout",
                                          detail=f"no answer in {limit:g}s")
            if proxy is not None:  # (it, or the source behind it: which cannot be told)
                said, plain = _through(proxy, f"{name} timed out", when)
                err = self.profile.unreachable(said, url=shown, hint=_check_proxy(proxy),
                                               kind="timeout")
                err.plain = plain
                return err
            return self._no_answer(f"{name} timed out{when}", "timeout", shown)
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            proxy = self._proxy(url)
            if proxy is not None and heard.at_proxy(exc):  # (it hung up on the CONNECT)
                return self._proxy_failed(proxy, "hung up", shown, exc,
                                          kind="dropped")
            if proxy is not None:  # (by it, or by the source behind it: which cannot be told)
                said, plain = _through(proxy, "the connection", then=" was dropped")
                return _detailed(self.profile.unreachable(
                    said, url=shown, hint=_check_proxy(proxy), kind="dropped"),
                    _reason(exc), plain=plain)
            return _detailed(self._no_answer(
                f"connection dropped by {self.profile.name}", "dropped", shown), _reason(exc))
        except (httpx.TooManyRedirects, httpx.UnsupportedProtocol) as exc:
            # A redirect loop, or one to a non-HTTP address: "request to HOST failed
            # (Exceeded maximum allowed redirects.) — check your network" (107 columns)
            # blamed the network for what the server at the endpoint said.
            what = ("redirects in a loop" if isinstance(exc, httpx.TooManyRedirects)
                    else "redirects to a non-HTTP address")
            raise _detailed(self.profile.response_error(
                f"{self.profile.name} {what}", url=shown, hint=self.profile.endpoint_hint,
            ), _reason(exc)) from None
        except httpx.HTTPError as exc:
            name = self.profile.name
            proxy = self._proxy(url) if isinstance(exc, httpx.ProxyError) else None
            if proxy is not None:  # it answered the tunnel's CONNECT with an error
                said = _reason(exc)  # ("407 Proxy Authentication Required": PAPERS_DEBUG's)
                raise self._proxy_failed(proxy, f"answered {said[:3]}" if said[:3].isdigit()
                                         else f"failed ({said[:40]})", shown, exc) from None
            raise _detailed(self._no_answer(
                f"request to {name} at {_host(self.endpoint)} failed ({_reason(exc)[:40]})",
                "other", shown), _reason(exc),
                plain=f"request to {name} failed ({_reason(exc)[:40]})") from None
        finally:
            _attempt.end = None

    def _no_answer(self, message: str, kind: str, shown: str) -> SourceUnreachable:
        """No answer of `kind` (`SourceUnreachable.kind`), with advice that fits it: a
        connection that could not be made is about where it was asked, so the hint names
        what set the endpoint (`check HF_ENDPOINT`), or else the network; a timeout, a
        dropped connection or a source that looks down is the source's, so: try again
        later. "the Hub at 127.0.0.1:9 refused the connection" was followed by "check
        HF_ENDPOINT" or "check your network" as the line's width chose, and "try later"
        was said of a refused connection."""
        named = self._named()
        where = f"check {named}" if named else "check your network"
        if kind in ("timeout", "dropped", "down"):
            hint, later = f"try again later, or {where}", "try again later"
        elif named:
            hint = later = where
        else:  # (where to point it instead, as a mirror's users need)
            hint, later = f"{where}, or set {self.profile.variable}", where
        err = self.profile.unreachable(message, url=shown, hint=hint, kind=kind)
        err.later = later
        return err

    def _named(self) -> str | None:
        """What set this endpoint, for a hint to name: its environment variable when set,
        else its config key when the endpoint is not the source's own; None when nothing
        did (then the network is what to check)."""
        import os

        if (os.environ.get(self.profile.variable) or "").strip():  # (blank: unset)
            return self.profile.variable
        if self.profile.setting and self.endpoint != self.profile.default.rstrip("/"):
            return self.profile.setting
        return None

    def _proxy(self, url: str) -> tuple[str, str | None] | None:
        """The proxy a request to `url` goes through, as messages name it (its host and
        port, never `user:pass@`), with the variable that set it (HTTP_PROXY, ALL_PROXY,
        …), or None when it goes straight to the source (none set, or NO_PROXY names the
        host). Asked of the client itself, which read the variables (`trust_env`); if
        httpx's internals move, None: the message names the source as before."""
        import httpx

        client = self._client
        try:
            chosen: Any = client._transport_for_url(httpx.URL(url))  # type: ignore[union-attr]
            proxy = chosen._pool._proxy_url  # (AttributeError: the pool of no proxy)
            host = proxy.host.decode("ascii", "replace")
            port = proxy.port
        except Exception:  # (no client, no proxy, or other internals)
            return None
        shown = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
        return _host(f"//{shown}"), _proxy_variable(_scheme(url), host, port)

    def _unusable_proxy(self, exc: BaseException) -> SourceError:
        """A proxy variable httpx refused to build a client with (`ftp://`, or
        `socks5://` without the socksio package): "unexpected ValueError: Unknown scheme
        for proxy URL …, please report it", which quoted the value, password and all. One
        it cannot read as a URL (a port that is no number, `[::1` in NO_PROXY) was
        "unexpected InvalidURL: Invalid port: ':1'": the variable is named instead, its
        value and httpx's words kept for PAPERS_DEBUG (they may hold a password)."""
        import os

        for name in PROXY_VARIABLES:
            value = (os.environ.get(name) or "").strip()
            scheme = value.partition("://")[0].lower() if "://" in value else "http"
            if scheme not in ("http", "https"):
                error = _detailed(self.profile.unreachable(
                    f"the proxy ({name}) is {scheme[:10]}://: papers cannot use it",
                    url=self.endpoint, hint="unset it, or give an http:// one",
                    kind="connect"), _reason(exc))
                # (the variable as the subject where "the proxy (…)" passes 80 columns:
                # 81 to 86 with "— unset it")
                error.shorter = [(error.message, "unset it"),
                                 (f"{name} is {scheme[:10]}://: papers cannot use it",
                                  "unset it")]
                return error
        unreadable = _unreadable_proxy_variable()
        if unreadable is not None:
            what = ("names a host papers cannot read" if unreadable.lower() == "no_proxy"
                    else "is not a URL papers can read")
            return _detailed(self.profile.unreachable(
                f"{unreadable} {what}", url=self.endpoint,
                hint="fix or unset it", kind="connect"), _reason(exc),
                plain=f"{unreadable} cannot be used")
        return _detailed(self.profile.unreachable(
            f"the proxy settings cannot be used ({_reason(exc)[:40]})", url=self.endpoint,
            hint="check HTTP_PROXY, HTTPS_PROXY and ALL_PROXY", kind="connect"), _reason(exc))

    def _unusable_certificates(self, exc: OSError) -> SourceError:
        """SSL_CERT_FILE naming no file, or one without a certificate: "unexpected
        FileNotFoundError: [Errno 2] No such file or directory … please report it"."""
        import ssl

        why = ("no certificate in it" if isinstance(exc, ssl.SSLError)
               else "no such file" if isinstance(exc, FileNotFoundError)
               else "it is a folder" if isinstance(exc, IsADirectoryError)
               else (exc.strerror or "unreadable").lower())
        return _detailed(self.profile.unreachable(
            f"SSL_CERT_FILE cannot be used: {why[:30]}", url=self.endpoint,
            hint="unset it, or give a PEM file of CA certificates", kind="connect",
        ), _reason(exc), plain="SSL_CERT_FILE cannot be used")

    def _proxy_failed(self, proxy: tuple[str, str | None], what: str, shown: str,
                      exc: BaseException, *, kind: str = "connect",
                      detail: str | None = None) -> SourceError:
        """A request that failed at the proxy in front of the source: said of the proxy
        ("the proxy 127.0.0.1:9 (HTTP_PROXY) did not answer"), where "the Hub did not
        answer" sent the user to check a Hub that was never reached."""
        who, plain = _proxy_named(proxy)
        return _detailed(self.profile.unreachable(
            f"{who} {what}", url=shown, hint=_proxy_hint(proxy), kind=kind,
        ), detail or _reason(exc), plain=f"{plain} {what}")

    def _wait_to_retry(self, last: SourceError | None, attempt: int, end: float,
                       attempts: int) -> None:
        """Sleep before retry `attempt`, or raise `last` if the wait would not fit; with a
        status hook, the wait is counted down on it (`count_down`)."""
        assert last is not None
        wait = self._delay(attempt - 1)
        if isinstance(last, SourceStatusError) and last.wait is not None:
            wait = last.wait
        left = end - time.monotonic()
        if wait + MIN_ATTEMPT > left:
            raise self._out_of_time(last, wait, left, attempts)
        say = self.progress  # (the hook of now: one closed meanwhile stays quiet)
        if say is None:
            self.sleep(wait)
            return
        count_down(say, lambda left: self._retry_note(last, left, attempt), wait, self.sleep)
        say(asking(self.profile.name, f"retry {attempt} of {self.retries}"))

    def _retry_note(self, last: SourceError, wait: float, attempt: int) -> str:
        """The status line while waiting to retry: "Hub answered 503; retrying in 4 s, 2
        of 3"."""
        short = "proxy" if last.brief.startswith("the proxy ") else self.profile.short
        if isinstance(last, SourceStatusError):
            why = "rate limited" if last.status == 429 else f"{short} answered {last.status}"
        elif isinstance(last, SourceUnreachable) and last.kind == "timeout":
            why = f"{short} timed out"
        else:
            why = "connection dropped"
        shown = f"{wait:.1f}" if wait < 1 else f"{round(wait)}"
        return f"{why}; retrying in {shown} s, {attempt} of {self.retries}"

    def _out_of_time(
        self, last: SourceError, wait: float, left: float, attempts: int
    ) -> SourceError:
        """The error to raise when the next wait would not fit in the time left."""
        asked = last.asked if isinstance(last, SourceStatusError) else None
        if isinstance(last, SourceStatusError) and last.wait is not None:
            told = asked if asked is not None else wait
            last.later = f"try again in {_seconds(told)}"  # (the hint, in 80 columns)
            last.message += (
                f" and asks us to wait {_seconds(told)}, more than the {_seconds(max(left, 0))}"
                " left"
                " of this command's time budget"
            )
            # In 80 columns, the wait it told before the hint's "try again later": "arXiv
            # answered HTTP 503 — arXiv may be down; try again later" fitted first and
            # dropped the one thing the source said, when to come back.
            last.shorter = [(last.message, last.later), (last.brief, last.later),
                            *([(last.plain, last.later)] if last.plain else [])]
        elif attempts > 1:
            last.message += f" (gave up after {attempts} attempts: time budget spent)"
        else:
            last.message += " (no time left in this command's time budget to retry)"
        return last

    def _down(self, shown: str) -> SourceUnreachable:
        # ("http://…/api/daily_papers?… did not answer 3 requests in a row (each waited
        # 10s): the Hub looks down, not trying http://…" made two lines of 80 columns)
        if self._timeouts_via is not None:
            return self._down_via(shown, *self._timeouts_via)
        err = self._no_answer(
            f"{self.profile.name} looks down "
            f"({plural(self._timeouts_in_a_row, 'timeout')} in a row, {self.timeout:g}s each)",
            "down", shown)
        # Said in fewer words last: with its hint, "the Hub looks down (3 timeouts in a
        # row, 10s each) — check HF_ENDPOINT; then sync again" made 101 columns.
        brief = (f"{self.profile.name} looks down: "
                 f"{plural(self._timeouts_in_a_row, 'timeout')} in a row")
        err.shorter = [*err.shorter, *((brief, hint) for _, hint in err.shorter)]
        return err

    def _down_via(self, shown: str, proxy: tuple[str, str | None],
                  at_proxy: bool) -> SourceUnreachable:
        """`_down` when the timeouts came through a proxy: said of the proxy when they
        were at it ("the proxy 127.0.0.1:3128 (HTTPS_PROXY) looks down"), else of the
        source through it; "the Hub looks down" sent the user to a Hub never reached."""
        name = self.profile.name
        if at_proxy:
            said, plain = (f"{who} looks down" for who in _proxy_named(proxy))
            hint = _proxy_hint(proxy)
        else:
            said, plain = _through(proxy, f"{name} looks down")
            hint = _check_proxy(proxy)
        err = self.profile.unreachable(
            f"{said} ({plural(self._timeouts_in_a_row, 'timeout')} in a row, "
            f"{self.timeout:g}s each)", url=shown, hint=hint, kind="down")
        err.plain = plain
        short = hint.partition(", or ")[0]  # ("check it", "check the proxy")
        err.shorter = [(err.message, short), (said, hint), (said, short), (plain, hint),
                       (plain, short)]
        return err

    # -- bodies ----------------------------------------------------------------------

    def _read(self, response: httpx.Response, shown: str, cap: int) -> bytes:
        """The body, decoded layer by layer from the raw bytes: never more than `cap`
        bytes held, however much a compressed chunk would expand to."""
        chunks: list[bytes] = []
        size = 0
        raw_size = 0

        def raw() -> Iterator[bytes]:
            nonlocal raw_size
            for chunk in response.iter_raw(RAW_CHUNK):
                raw_size += len(chunk)
                if raw_size > cap:
                    raise self._too_big(shown, cap)
                at = getattr(_attempt, "end", None)
                if at is not None and time.monotonic() > at:
                    import httpx

                    raise httpx.ReadTimeout("the attempt's deadline passed")
                yield chunk

        stream: Iterator[bytes] = raw()
        for kind in reversed(self._encodings(response.headers.get("content-encoding", ""),
                                             shown)):
            stream = self._inflate(stream, kind, shown)
        for chunk in stream:
            size += len(chunk)
            if size > cap:
                raise self._too_big(shown, cap, decoded=raw_size < size)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_big(self, shown: str, cap: int, decoded: bool = False) -> SourceResponseError:
        what = " decoded" if decoded else ""
        return self.profile.response_error(
            f"{self.profile.name} sent more than {_size(cap)}{what}", url=shown,
            hint=self.profile.too_big_hint,
        )

    def _encodings(self, header: str, shown: str) -> list[str]:
        """The Content-Encoding layers in the order they were applied; junk is refused."""
        layers = [e.strip().lower() for e in header.split(",") if e.strip()]
        layers = [e for e in layers if e != "identity"]
        for layer in layers:
            if layer not in DECODERS:
                raise self.profile.response_error(
                    f"{self.profile.name} sent a body in an encoding we did not ask for "
                    f"({layer[:40]!r})",
                    url=shown, hint=self.profile.endpoint_hint,
                )
        if len(layers) > MAX_LAYERS:
            raise self.profile.response_error(
                f"{self.profile.name} sent a body compressed {len(layers)} times over; "
                "refusing it",
                url=shown, hint=self.profile.endpoint_hint,
            )
        return layers

    def _inflate(self, chunks: Iterator[bytes], kind: str, shown: str) -> Iterator[bytes]:
        """Undo one layer, never producing more than PIECE bytes per step: the caller
        counts and stops, so a chunk that would expand to GiBs is never expanded at once
        (httpx's own decoders expand each chunk whole)."""
        try:
            yield from _inflated(chunks, kind)
        except zlib.error as exc:
            raise _detailed(self.profile.response_error(
                f"{self.profile.name} sent a body that is not valid {kind}", url=shown,
                hint=self.profile.later_hint,
            ), str(exc)) from None

    def _status_error(self, response: httpx.Response, shown: str) -> SourceStatusError:
        status = response.status_code
        asked = _retry_after(response.headers.get("retry-after"))
        wait = None if asked is None else min(asked, self.max_retry_after)
        if wait is None:
            wait = _ratelimit_reset(response.headers, self.max_retry_after)
        make = self.profile.status_error
        name = self.profile.name  # (the URL, for PAPERS_DEBUG: `SourceError.line`)
        url = str(response.request.url)
        proxy = self._proxy(url)
        if proxy is not None and (status == 407 or (
                _scheme(url) == "http" and _proxys_own(response.headers))):
            # (a tunnel's answers are the source's: a proxy cannot forge them inside TLS)
            who, plain = _proxy_named(proxy)
            err = make(f"{who} answered {status}", status, shown, hint=_proxy_hint(proxy))
            err.plain = f"{plain} answered {status}"
            if status == 429 and wait is not None:
                self.limiter.pause(wait)
        elif status == 429:
            if wait is not None:
                self.limiter.pause(wait)
            err = make(f"{name} is rate limiting us (HTTP 429)", status, shown,
                       hint=self.profile.rate_hint)
            err.later = "try again later"  # (the whole hint: 115 columns)
        elif status in (401, 403):
            err = make(f"{name} refused access (HTTP {status})", status, shown,
                       hint=self.profile.auth_hint)
        elif status == 404:
            # (a paper's page is "not on the Hub", said by its caller; a listing's or a
            # query's address is the endpoint's: "http://…/api/daily_papers?date=…&limit=
            # 100&p=0 was not found (HTTP 404)", 117 to 260 columns with no hint, or "sync
            # again", for what a rerun meets every time. PAPERS_DEBUG: with the URL.)
            err = make(f"{name} answered HTTP 404 (not found)", status, shown,
                       hint=self.profile.endpoint_hint)
        elif refused(status):
            # ("arXiv answered HTTP 400 — arXiv may be down; try again later": a rerun
            # is refused again; arXiv's own error feed, when it sends one, says why)
            err = make(f"{name} {REFUSED} (HTTP {status})", status, shown,
                       hint=self.profile.refused_hint)
        else:
            said, plain = f"{name} answered HTTP {status}", None
            if proxy is not None:  # (the source's, or the proxy's own page unmarked)
                said, plain = _through(proxy, said)
            err = make(said, status, shown, hint=self.profile.status_hint)
            err.plain = plain
        err.wait = wait
        err.asked = asked
        return err

    def _refusal(self, response: httpx.Response, shown: str) -> SourceStatusError:
        """A final error status, with its body when it is small and readable: some
        sources say why in it (arXiv's 400 is an Atom error feed)."""
        import httpx

        err = self._status_error(response, shown)
        with contextlib.suppress(SourceError, httpx.HTTPError):
            err.body = self._read(response, shown, min(ERROR_BODY, self.max_body))
        return err

    def _decode(self, ctype: str, body: bytes, shown: str) -> Any:
        head = body[:200].lstrip().lower()
        if "html" in ctype or head.startswith((b"<!doctype", b"<html")):
            raise self.profile.response_error(
                f"{self.profile.name} sent HTML, not JSON (maintenance?)",
                url=shown, hint=self.profile.later_hint,
            )
        try:
            return loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
            raise _detailed(self.profile.response_error(
                f"{self.profile.name} sent malformed JSON", url=shown,
                hint=self.profile.later_hint,
            ), f"{exc.__class__.__name__}: {detail}") from None


# -- headers ----------------------------------------------------------------------------


def count_down(say: Callable[[str | None], None], note: Callable[[float], str],
               seconds: float, sleep: Callable[[float], None] = time.sleep) -> None:
    """Sleep `seconds`, saying `note(seconds)` first and `note(left)` again at each whole
    second left: a retry's "retrying in 20 s" stood at 20 s for the whole wait, the Hub's
    and arXiv's alike. Nothing else happens meanwhile (no request); the time left is the
    lesser of the clock's and what `sleep` was asked for, so a sleep that does not take
    the time it is given (a test's) ends the count too."""
    say(note(seconds))
    end = time.monotonic() + seconds
    slept = 0.0
    shown = max(1, round(seconds))
    while True:
        left = min(end - time.monotonic(), seconds - slept)
        if left <= 1:
            if left > 0:
                sleep(left)
            return
        step = left - math.floor(left) or 1.0  # to the next whole second left
        sleep(step)
        slept += step
        now = max(1, round(min(end - time.monotonic(), seconds - slept)))
        if now != shown:
            shown = now
            say(note(now))


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
    if not math.isfinite(seconds):  # NaN, or "1e309" said as "try again in inf years"
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
        wait = float(fields.get("t", "0"))
        return min(max(wait, 0.0), cap) if math.isfinite(wait) else None
    except ValueError:
        return None


def _seconds(value: float) -> str:
    """A wait as a person reads it: "4 s", "45 min", "32 years" (a Retry-After of
    1000000000 said in seconds says nothing)."""
    if value < 10:
        return f"{value:.2g} s"
    for unit, size, below in (("s", 1, 120), ("min", 60, 7200), ("h", 3600, 172800),
                              ("days", 86400, 2 * 31557600)):
        if value < below:
            return f"{value / size:.0f} {unit}"
    if value >= 1000 * 31557600:  # (a Retry-After of 1e300: 300 digits of years)
        return "over 1,000 years"
    return f"{value / 31557600:,.0f} years"


def _size(n: int) -> str:
    """A cap in the unit it was most likely set in: "64 MiB", "512 KiB", "100 bytes"."""
    if n >= 2**20 and n % 2**20 == 0:
        return f"{n // 2**20} MiB"
    if n >= 2**10 and n % 2**10 == 0:
        return f"{n // 2**10} KiB"
    return plural(n, "byte")


HOST_MAX = 24  # characters of a host a message names; a longer one keeps its end


def _host(endpoint: str) -> str:
    """The endpoint's host (and port) as a message names it, never its path: the URL of
    the request (some 70 to 150 characters) pushed every network error past 80 columns;
    PAPERS_DEBUG shows it (`SourceError.line`)."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(endpoint).netloc.rpartition("@")[2] or endpoint
    except ValueError:
        host = endpoint
    return host if len(host) <= HOST_MAX else "…" + host[-(HOST_MAX - 1):]


# What the OS or the TLS library said, as a few words: (words any of which it holds,
# the message made with the source, `who`: "arXiv at export.arxiv.org", or "arXiv" alone)
_UNCONNECTED = (
    (("certificate",), "the TLS certificate of {who} is not trusted"),
    (("ssl", "tls"), "TLS with {who} failed"),
    (("name or service", "name resolution", "nodename nor servname", "getaddrinfo",
      "no address associated", "name does not resolve"), "cannot find {name}'s host{host}"),
    (("refused",), "{who} refused the connection"),
    (("network is unreachable",), "cannot reach {name}: the network is unreachable"),
    (("no route to host",), "no route to {who}"),
)


def _unconnected(name: str, host: str | None, exc: BaseException) -> str:
    """Why no connection was made to the source `name` at `host` (None: not named), in
    a few words ("arXiv at 127.0.0.1:9 refused the connection"), where "cannot connect
    to http://127.0.0.1:9 ([Errno 111] Connection refused)" and a certificate's error in
    full made 125 to 200 columns, and the host alone did not say which source it was."""
    text = _reason(exc)
    low = text.lower()
    who = f"{name} at {host}" if host else name
    for needles, said in _UNCONNECTED:
        if any(needle in low for needle in needles):
            return said.format(who=who, name=name, host=f" {host}" if host else "")
    return f"cannot connect to {who} ({text[:40]})"


# The variables httpx takes a proxy from (through urllib's `getproxies`), lower case first.
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                   "ALL_PROXY")


def _about_tls(exc: BaseException) -> bool:
    """Whether a failed connection failed at TLS (with the source, through the proxy's
    tunnel), not at the proxy."""
    low = _reason(exc).lower()
    return any(word in low for word in ("certificate", "ssl", "tls"))


def _scheme(url: str) -> str:
    """`url`'s scheme, lower case ("https"), or "" for one that cannot be read."""
    return url.partition("://")[0].lower() if "://" in url else ""


def _proxy_variable(scheme: str, host: str, port: int | None) -> str | None:
    """Which environment variable named the proxy at `host`:`port` for a `scheme` URL,
    as httpx (through urllib's `getproxies`) reads them: `http_proxy` before
    `HTTP_PROXY`, then `all_proxy`, `ALL_PROXY`; None if none of them names it."""
    import os
    from urllib.parse import urlsplit

    for name in (f"{scheme}_proxy", f"{scheme.upper()}_PROXY", "all_proxy", "ALL_PROXY"):
        value = (os.environ.get(name) or "").strip()
        if not value:
            continue
        try:
            parts = urlsplit(value if "://" in value else f"http://{value}")
            if (parts.hostname or "") == host.lower() and parts.port == port:
                return name
        except ValueError:
            continue
    return None


def _unreachable_proxy_variable() -> tuple[str, str] | None:
    """The proxy variable httpx would use whose URL it reads but names nowhere to connect
    to (no host, a port out of 1-65535), with why in a few words (never the value, which
    may hold a password); None when each is sound or is not httpx's to use. Only the
    variable urllib's `getproxies` takes for each scheme is asked (`http_proxy` before
    `HTTP_PROXY`): one it passes over never mattered."""
    import os

    import httpx

    for scheme in ("http", "https", "all"):
        for name in (f"{scheme}_proxy", f"{scheme.upper()}_PROXY"):
            value = (os.environ.get(name) or "").strip()
            if not value:
                continue
            try:
                url = httpx.URL(value if "://" in value else f"http://{value}")
            except (httpx.InvalidURL, ValueError):
                break  # (httpx refuses it itself: `_unreadable_proxy_variable`)
            if not url.host:
                return name, "no host"
            if url.port is not None and not 0 < url.port < 65536:
                return name, f"port {url.port} out of range"[:40]
            break
    return None


def _unreadable_proxy_variable() -> str | None:
    """The proxy variable (or NO_PROXY) whose value httpx cannot read as a URL, as it
    reads them (`httpx._utils.get_environment_proxies`: a proxy without a scheme is an
    http:// one, a NO_PROXY name a pattern `all://*NAME`), or one that names nowhere to
    connect to (`_unreachable_proxy_variable`), or None."""
    import os

    import httpx

    def unreadable(url: str) -> bool:
        try:
            httpx.URL(url)
        except (httpx.InvalidURL, ValueError):
            return True
        return False

    unreachable = _unreachable_proxy_variable()
    if unreachable is not None:
        return unreachable[0]
    for name in PROXY_VARIABLES:
        value = (os.environ.get(name) or "").strip()
        if value and unreadable(value if "://" in value else f"http://{value}"):
            return name
    for name in ("no_proxy", "NO_PROXY"):
        for host in (os.environ.get(name) or "").split(","):
            host = host.strip()
            if host and host != "*" and unreadable(host if "://" in host else f"all://*{host}"):
                return name
    return None


def _proxy_named(proxy: tuple[str, str | None]) -> tuple[str, str]:
    """The proxy (its host and port, and the variable that set it) as a message names it,
    and without its host, for a line too narrow for it: ("the proxy 127.0.0.1:9
    (HTTP_PROXY)", "the proxy (HTTP_PROXY)")."""
    where, variable = proxy
    named = f" ({variable})" if variable else ""
    return f"the proxy {where}{named}", f"the proxy{named}"


def _proxy_hint(proxy: tuple[str, str | None]) -> str:
    """What to do about a proxy that failed: check it, or unset the variable naming it."""
    return "check it, or unset it" if proxy[1] else "check your proxy settings"


def _check_proxy(proxy: tuple[str, str | None]) -> str:
    """What to do about a failure that came through a proxy, the source's or its own."""
    return f"check the proxy, or unset {proxy[1]}" if proxy[1] else "check your proxy settings"


def _through(proxy: tuple[str, str | None], what: str, when: str = "", *,
             then: str = "") -> tuple[str, str]:
    """A source's failure (`what` it did, `then` what became of it, and `when`) said to
    have come through the proxy, whose variable the user may not know is set: ("the Hub
    timed out through the proxy 127.0.0.1:3128 (HTTP_PROXY) after 10s", and as `plain`,
    through the variable alone, "the Hub timed out through HTTP_PROXY", which fits 80
    columns with a hint; "the connection through HTTP_PROXY was dropped")."""
    variable = proxy[1]
    return (f"{what} through {_proxy_named(proxy)[0]}{then}{when}",
            f"{what} through {variable or 'a proxy'}{then}")


def _proxys_own(headers: Mapping[str, str]) -> bool:
    """Whether an error answer that came through a forward (plain-http) proxy is the
    proxy's own page rather than the source's, passed on: Squid marks its pages
    (`X-Squid-Error: ERR_CONNECT_FAIL 111`), and RFC 9209's `Proxy-Status` names an
    `error` in the member of the proxy nearest us, its last. `Via` says nothing of it:
    every proxy adds it to what it passes on, and the Hub's CDN sends one of its own."""
    if headers.get("x-squid-error"):
        return True
    members, quoted, start = [], False, 0
    status = headers.get("proxy-status", "")
    for at, char in enumerate(status):  # (members are split on commas outside quotes)
        if char == '"' and status[at - 1:at] != "\\":
            quoted = not quoted
        elif char == "," and not quoted:
            members.append(status[start:at])
            start = at + 1
    members.append(status[start:])
    last = [part.strip().partition("=")[0].strip().lower()
            for part in members[-1].split(";")[1:]]
    return "error" in last


class _Heard:
    """What an attempt was doing when it failed, from httpcore's `trace` events: the
    step (`connection.connect_tcp`, `http11.receive_response_headers`, …) and the method
    of its request (CONNECT: a proxy's tunnel). Through a proxy, a failure while
    connecting or waiting for the answer to CONNECT is the proxy's own: the source was
    never reached. If the events are renamed, nothing matches: the failure is said of
    the source, through the proxy."""

    def __init__(self) -> None:
        self.step: str | None = None
        self.method: bytes | None = None
        self.failed = False

    def __call__(self, event: str, info: Mapping[str, Any]) -> None:
        if self.failed:  # (the closing that follows a failure is not where it failed)
            return
        step, _, phase = event.rpartition(".")
        if phase == "started":
            self.step = step
            request = info.get("request")
            if request is not None:
                self.method = getattr(request, "method", None)
        elif phase == "complete" and step == self.step:
            self.step = None
        elif phase == "failed":
            self.step, self.failed = step, True

    def at_proxy(self, exc: BaseException) -> bool:
        """Whether the failure `exc` was at the proxy: connecting to it (not a connection
        never tried, the attempt's time spent before it), or asking for a tunnel."""
        step = self.step or ""
        if step == "connection.connect_tcp":
            return str(exc) != DEADLINE_PASSED
        return self.method == b"CONNECT" and step.startswith("http11.")


def _detailed(err: SourceError, detail: str, *, plain: str | None = None) -> SourceError:
    """`err`, with the words of what failed below kept for PAPERS_DEBUG (and `plain`,
    its message without the host, for a line too narrow for it)."""
    from papercli.secrets import redact

    err.detail = redact(detail)
    err.plain = plain
    return err


def _reason(exc: BaseException) -> str:
    from papercli.secrets import redact

    text = redact(str(exc)).strip() or exc.__class__.__name__
    return text.splitlines()[0][:160]


# -- bounded transport and decoding -----------------------------------------------------

_attempt = threading.local()  # the deadline of the attempt this thread is making


def _inflated(chunks: Iterator[bytes], kind: str) -> Iterator[bytes]:
    """One Content-Encoding layer undone, at most PIECE bytes per step; zlib.error on junk."""
    wbits = DECODERS[kind]
    decoder = zlib.decompressobj(wbits)
    started = False
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


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """A socket timeout cut to what is left of this thread's attempt."""
    at = getattr(_attempt, "end", None)
    if at is None:
        return timeout
    left = float(at) - time.monotonic()
    if left <= 0:
        raise error(DEADLINE_PASSED)
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
