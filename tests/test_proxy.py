"""Proxies: httpx reads HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY (and lower-case
forms), and a request that failed at the proxy says so, naming the proxy's host and the
variable that set it, never its `user:pass@`: "the Hub did not answer" sent the user to
check a Hub that was never reached. A proxy or CA file httpx cannot use is one line, not
"unexpected ValueError … please report it"."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import TODAY, one_line
from hubserver import HubServer
from loopback import LoopbackServer

DAY = TODAY.isoformat()
REFUSING = "http://someone:s3cret-pass@127.0.0.1:9"  # (nothing listens on port 9)
VARIABLES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY",
             "all_proxy", "NO_PROXY", "no_proxy")


class _Forwarding(BaseHTTPRequestHandler):
    """A forward proxy for plain HTTP (a GET of an absolute URL, fetched and passed back
    as it came); a tunnel (CONNECT) is refused with 407, as a proxy wanting a login does."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        request = urllib.request.Request(self.path, headers=dict(self.headers.items()))
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            answer = direct.open(request, timeout=30)
        except urllib.error.HTTPError as exc:
            answer = exc
        body = answer.read()
        self.send_response(answer.status)
        for name in ("Content-Type", "Content-Encoding"):
            if answer.headers.get(name):
                self.send_header(name, answer.headers[name])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self) -> None:
        self.seen.append(f"CONNECT {self.path}")
        self.send_response(407, "Proxy Authentication Required")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def no_proxy_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def proxy(no_proxy_set: None) -> Iterator[LoopbackServer]:
    handler = type("Handler", (_Forwarding,), {"seen": []})
    with LoopbackServer(handler) as server:
        server.seen = handler.seen  # type: ignore[attr-defined]
        yield server


def _warning(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("papers: warning: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def _through(papers: Any, monkeypatch: pytest.MonkeyPatch, variable: str,
             value: str) -> tuple[Any, Any]:
    """A cached day asked again (--refresh) and a day never cached, with `variable` set
    to `value`: (the refresh, the uncached day), each run."""
    assert papers("day", DAY).exit_code == 0
    monkeypatch.setenv(variable, value)
    cached = papers("day", DAY, "--refresh")
    assert cached.exit_code == 0, cached.stderr
    uncached = papers("day", TODAY.replace(day=1).isoformat())
    assert uncached.exit_code == 1
    return cached, uncached


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_a_proxy_that_does_not_answer_is_named_not_the_hub(
        papers, seeded_hub: HubServer, no_proxy_set: None, monkeypatch: pytest.MonkeyPatch,
        variable: str) -> None:
    """`HTTP_PROXY=http://127.0.0.1:9 papers day D --refresh` said "the Hub did not
    answer; showing the copy cached just now", with no word of the proxy."""
    result, uncached = _through(papers, monkeypatch, variable, REFUSING)
    assert _warning(result.stderr) == (
        f"papers: warning: {variable} did not answer; showing the copy cached just now")
    line = one_line(uncached.stderr)
    assert line == (f"papers: error: the proxy 127.0.0.1:9 ({variable}) did not answer — "
                    "check it"), line
    assert len(line) <= 80
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    debug = _warning(papers("day", DAY, "--refresh").stderr)
    assert debug.startswith(f"papers: warning: the proxy 127.0.0.1:9 ({variable}) did not "
                            f"answer [{seeded_hub.url}/api/"), debug
    for said in (result.stderr, uncached.stderr, debug):
        assert "s3cret" not in said and "someone" not in said


def test_requests_go_through_a_proxy_that_answers(papers, seeded_hub: HubServer,
                                                  proxy: LoopbackServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The proxy in HTTP_PROXY is used (trust_env), and NO_PROXY sends a host past it."""
    direct = papers("day", DAY, "--json")
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    through = papers("day", DAY, "--refresh", "--json")
    assert through.exit_code == 0, through.stderr
    assert through.stdout == direct.stdout and through.stderr == ""
    assert any(seen.startswith(f"{seeded_hub.url}/api/daily_papers")
               for seen in proxy.seen), proxy.seen  # type: ignore[attr-defined]
    monkeypatch.setenv("HTTP_PROXY", REFUSING)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    past = papers("day", DAY, "--refresh", "--json")
    assert past.exit_code == 0 and past.stderr == "" and past.stdout == direct.stdout


def test_a_proxy_refusing_the_tunnel_is_named_with_its_answer(
        papers, proxy: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """An https endpoint through a proxy that answers CONNECT with 407 said "request to
    the Hub at hub.example failed (407 Proxy Authentication Required)"."""
    monkeypatch.setenv("HF_ENDPOINT", "https://hub.example")
    host = proxy.url.removeprefix("http://")
    monkeypatch.setenv("HTTPS_PROXY", proxy.url.replace("://", "://me:s3cret-pass@"))
    result = papers("day", DAY)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: the proxy {host} (HTTPS_PROXY) answered 407"), line
    assert len(line) <= 80 and "s3cret" not in line and "me:" not in line, line
    assert proxy.seen == ["CONNECT hub.example:443"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("variable", "value", "scheme"),
                         [("HTTP_PROXY", "ftp://me:s3cret-pass@proxy.example:21", "ftp"),
                          ("ALL_PROXY", "socks5://me:s3cret-pass@127.0.0.1:9", "socks5")])
def test_a_proxy_papers_cannot_use_is_one_line(papers, seeded_hub: HubServer,
                                               no_proxy_set: None,
                                               monkeypatch: pytest.MonkeyPatch,
                                               variable: str, value: str, scheme: str) -> None:
    """An ftp:// proxy, or a SOCKS one without httpx's socks extra, was "unexpected
    ValueError: Unknown scheme for proxy URL URL('ftp://…') … please report it"."""
    cached, failed = _through(papers, monkeypatch, variable, value)
    assert _warning(cached.stderr) == (
        f"papers: warning: {variable} cannot be used; showing the copy cached just now")
    # (as "the proxy (VARIABLE) …" where it fits 80 columns, else the variable alone)
    whole = (f"papers: error: the proxy ({variable}) is {scheme}://: papers cannot use it "
             "— unset it")
    assert one_line(failed.stderr) == (whole if len(whole) <= 80 else
                                       f"papers: error: {variable} is {scheme}://: papers "
                                       "cannot use it — unset it")
    assert "s3cret" not in cached.stderr + failed.stderr


@pytest.mark.parametrize(("variable", "value", "said"), [
    ("HTTP_PROXY", "http://me:s3cret-pass@proxy.example:abc", "is not a URL papers can read"),
    ("https_proxy", ":::", "is not a URL papers can read"),
    ("NO_PROXY", "localhost,[::1", "names a host papers cannot read"),
])
def test_a_proxy_variable_that_is_no_url_is_named(papers, seeded_hub: HubServer,
                                                 no_proxy_set: None,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 variable: str, value: str, said: str) -> None:
    """A proxy whose port is no number, or a NO_PROXY host with a bracket left open, was
    "unexpected InvalidURL: Invalid port: 'abc' — … please report it": httpx reads them as
    it makes its client. The variable is named, never its value (it may hold a password)."""
    cached, failed = _through(papers, monkeypatch, variable, value)
    assert _warning(cached.stderr) == (
        f"papers: warning: {variable} cannot be used; showing the copy cached just now")
    assert one_line(failed.stderr) == f"papers: error: {variable} {said} — fix or unset it"
    assert "s3cret" not in cached.stderr + failed.stderr


@pytest.mark.parametrize(("variable", "value", "why"), [
    ("HTTP_PROXY", "http://me:s3cret-pass@127.0.0.1:99999", "port 99999 out of range"),
    ("HTTPS_PROXY", "http://me:s3cret-pass@", "no host"),
    ("all_proxy", "me:s3cret-pass@:3128", "no host"),
])
def test_a_proxy_variable_naming_nowhere_is_named(papers, seeded_hub: HubServer,
                                                  no_proxy_set: None,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  variable: str, value: str,
                                                  why: str) -> None:
    """httpx reads a port out of range or a proxy without a host: the first failed later
    as "the proxy 127.0.0.1:99999 did not answer", the variable unnamed, the second named
    the proxy `//`. Each is refused as the variable, as one that is no URL is."""
    cached, failed = _through(papers, monkeypatch, variable, value)
    assert _warning(cached.stderr) == (
        f"papers: warning: {variable} cannot be used; showing the copy cached just now")
    assert one_line(failed.stderr) == (
        f"papers: error: {variable} is not a URL papers can read — fix or unset it")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    debug = papers("day", TODAY.replace(day=1).isoformat())
    assert debug.exit_code == 1 and f"; {why}]" in one_line(debug.stderr), debug.stderr
    for said in (cached.stderr, failed.stderr, debug.stderr):
        assert "s3cret" not in said and "//" not in said.replace("http://", ""), said


def test_a_proxy_variable_passed_over_is_not_refused(papers, seeded_hub: HubServer,
                                                     proxy: LoopbackServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`http_proxy` is the one httpx uses when both are set (urllib's order): a broken
    `HTTP_PROXY` beside a sound one never mattered, and is not refused."""
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:99999")
    through = papers("day", DAY, "--json")
    assert through.exit_code == 0 and through.stderr == "", through.stderr
    assert proxy.seen, "the sound proxy was not used"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("where", "why"), [("missing.pem", "no such file"),
                                            ("not-a-pem.txt", "no certificate in it"),
                                            (".", "it is a folder")])
def test_ssl_cert_file_that_cannot_be_used_is_one_line(
        papers, seeded_hub: HubServer, no_proxy_set: None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, where: str, why: str) -> None:
    """httpx reads SSL_CERT_FILE as it makes its client: one naming no file was
    "unexpected FileNotFoundError: [Errno 2] No such file or directory … please report
    it", and a file with no certificate "unexpected SSLError: [X509: …]"."""
    assert papers("day", DAY).exit_code == 0
    (tmp_path / "not-a-pem.txt").write_text("hello\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / where))
    cached = papers("day", DAY, "--refresh")
    assert cached.exit_code == 0, cached.stderr
    assert _warning(cached.stderr) == (
        "papers: warning: SSL_CERT_FILE cannot be used; showing the copy cached just now")
    failed = papers("day", TODAY.replace(day=1).isoformat())
    assert failed.exit_code == 1
    assert one_line(failed.stderr) == (
        f"papers: error: SSL_CERT_FILE cannot be used: {why} — unset it")


class _Silent(BaseHTTPRequestHandler):
    """A proxy that accepts the connection and never answers: it reads what it is sent
    until the client hangs up (a proxy stuck, or one that drops its answers)."""

    def handle(self) -> None:
        with contextlib.suppress(OSError):
            while self.rfile.read1(65536):
                pass


class _Gateway(_Forwarding):
    """A forward proxy that cannot reach its upstream: it answers each GET itself with its
    own error page, `status` with `headers` (Squid marks its pages `X-Squid-Error`)."""

    status = 502
    headers_sent: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        self.seen.append(self.path)
        body = b"<html><body>ERROR: The requested URL could not be retrieved</body></html>"
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Via", "1.1 proxy (squid/6.6)")
        for name, value in self.headers_sent.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serving(handler: type[BaseHTTPRequestHandler]) -> LoopbackServer:
    """`handler` served on loopback, with the requests it saw in `seen`."""
    kind = type("Handler", (handler,), {"seen": []})
    server = LoopbackServer(kind)
    server.seen = kind.seen  # type: ignore[attr-defined]
    return server


@contextlib.contextmanager
def _tunnelling(monkeypatch: pytest.MonkeyPatch, handler: type[BaseHTTPRequestHandler],
                **env: str) -> Iterator[str]:
    """`handler` as the proxy $HTTPS_PROXY names (with a login no line may show) in front
    of an https Hub, so each request asks it for a tunnel; `env` set too (PAPERS_*).
    Yields its host:port."""
    monkeypatch.setenv("HF_ENDPOINT", "https://hub.example")
    for name, value in {"PAPERS_BACKOFF": "0.01", **env}.items():
        monkeypatch.setenv(name, value)
    with _serving(handler) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", _with_secret(proxy.url))
        yield proxy.url.removeprefix("http://")


def _with_secret(url: str) -> str:
    return url.replace("://", "://me:s3cret-pass@")


def _error(result: Any) -> str:
    """The one error line, checked to fit 80 columns and to keep the proxy's login out."""
    assert result.exit_code == 1, result.stderr
    line = one_line(result.stderr)
    assert len(line) <= 80, line
    assert "s3cret" not in result.stderr + result.stdout and "me:" not in line, line
    return line


def test_a_proxy_that_never_answers_the_tunnel_is_named(
        papers, no_proxy_set: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy that accepts the connection and never answers CONNECT said "the Hub timed
    out after 0.5s — check your network": the Hub was never reached."""
    with _tunnelling(monkeypatch, _Silent, PAPERS_TIMEOUT="0.5", PAPERS_RETRIES="1") as host:
        line = _error(papers("day", DAY))
        assert line == f"papers: error: the proxy {host} (HTTPS_PROXY) timed out — check it", line
        monkeypatch.setenv("PAPERS_DEBUG", "1")
        debug = papers("day", DAY).stderr
    assert (f"the proxy {host} (HTTPS_PROXY) timed out (gave up after 2 attempts) "
            "[https://hub.example/api/daily_papers") in debug, debug
    assert "s3cret" not in debug


def test_sync_through_a_proxy_that_never_answers_names_it(
        papers, no_proxy_set: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a silent proxy a sync named the Hub ("the Hub looks down (3 timeouts in a
    row, 0.5s each)"): it names the proxy that timed out."""
    sync = ("sync", "--since", DAY, "--until", DAY, "--timeout", "0.5")
    with _tunnelling(monkeypatch, _Silent) as host:
        result = papers(*sync)
        monkeypatch.setenv("PAPERS_DEBUG", "1")
        debug = papers(*sync).stderr
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    # (one period: its own retries timing out are no sign the proxy is down for the
    # others, `sync.run_sync`'s down_requests; it timed out, and the sync says so)
    assert line == ("papers: error: the proxy (HTTPS_PROXY) timed out — check it; then "
                    "sync again"), line  # (the sync's way to resume before the host)
    assert f"the proxy {host} (HTTPS_PROXY) timed out" in debug, debug
    for said in (result.stderr, result.stdout, debug):
        assert "s3cret" not in said and "me:" not in said and "the Hub" not in said, said


def test_a_forward_proxy_that_never_answers_is_named(
        papers, seeded_hub: HubServer, no_proxy_set: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain-http proxy that never answers a GET: whether it or the Hub behind it is
    stuck cannot be told, so both are said, and what to check: it said "the Hub timed
    out after 0.5s — check your network"."""
    monkeypatch.setenv("PAPERS_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    with _serving(_Silent) as proxy:
        host = proxy.url.removeprefix("http://")
        monkeypatch.setenv("HTTP_PROXY", _with_secret(proxy.url))
        line = _error(papers("day", DAY))
        monkeypatch.setenv("PAPERS_DEBUG", "1")
        debug = papers("day", DAY).stderr
    assert line == ("papers: error: the Hub timed out through HTTP_PROXY — check the proxy"
                    ), line
    assert (f"the Hub timed out through the proxy {host} (HTTP_PROXY) after 0.5s "
            f"[{seeded_hub.url}/api/daily_papers") in debug, debug
    assert "s3cret" not in debug


OWN_PAGES = [  # (status, headers, the line's message after "papers: error: ", attempts)
    (502, {"X-Squid-Error": "ERR_CONNECT_FAIL 111"}, "the proxy {host} (HTTP_PROXY) "
     "answered 502", 4),
    # RFC 9209: the last member is the proxy nearest us (the first, a CDN behind it)
    (504, {"Proxy-Status": 'cdn.example; error=connection_timeout, "corp, proxy"; '
           'error=destination_unavailable; details="no route, sorry"'},
     "the proxy {host} (HTTP_PROXY) answered 504", 4),
    (407, {"Proxy-Authenticate": 'Basic realm="corp"'},
     "the proxy {host} (HTTP_PROXY) answered 407", 1),
    # Not its own: an error named by a hop behind it, which it passes on (a plain Via)
    (502, {"Proxy-Status": "cdn.example; error=connection_timeout, corp; received-status=502"},
     "the Hub answered HTTP 502 through HTTP_PROXY", 4),
]


@pytest.mark.parametrize(("status", "headers", "said", "attempts"), OWN_PAGES)
def test_a_forward_proxys_own_error_page_is_said_of_the_proxy(
        papers, seeded_hub: HubServer, no_proxy_set: None, monkeypatch: pytest.MonkeyPatch,
        status: int, headers: dict[str, str], said: str, attempts: int) -> None:
    """A plain-http proxy answering 502 itself (Squid's error page, `X-Squid-Error`) was
    "the Hub answered HTTP 502 — the Hub may be down; try again later"; a 407 "the Hub
    refused the request (HTTP 407) — check the query". Retried as the Hub's would be."""
    handler = type("Gateway", (_Gateway,), {"status": status, "headers_sent": headers})
    with _serving(handler) as proxy:
        host = proxy.url.removeprefix("http://")
        monkeypatch.setenv("HTTP_PROXY", _with_secret(proxy.url))
        line = _error(papers("day", DAY))
        seen = list(proxy.seen)  # type: ignore[attr-defined]
    hint = "try again later" if said.startswith("the Hub") else "check it"
    assert line == f"papers: error: {said.format(host=host)} — {hint}", line
    assert len(seen) == attempts and seeded_hub.count() == 0, seen


def test_a_502_relayed_by_a_forward_proxy_says_it_came_through_it(
        papers, seeded_hub: HubServer, proxy: LoopbackServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The Hub's own 502, passed on by a plain-http proxy, is the Hub's; the line says it
    came through the proxy, whose variable the user may not know is set."""
    seeded_hub.fail("502", times=4)
    monkeypatch.setenv("HTTP_PROXY", _with_secret(proxy.url))
    line = _error(papers("day", DAY))
    assert line == ("papers: error: the Hub answered HTTP 502 through HTTP_PROXY — try "
                    "again later"), line
    assert seeded_hub.count() == 4
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    seeded_hub.fail("502", times=4)
    debug = papers("day", DAY).stderr
    host = proxy.url.removeprefix("http://")
    assert f"the Hub answered HTTP 502 through the proxy {host} (HTTP_PROXY)" in debug, debug


def test_a_cached_copy_shown_says_the_proxy_timed_out(
        papers, seeded_hub: HubServer, no_proxy_set: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A listing read again through a silent proxy falls back to its cached copy, and the
    warning names the proxy's variable and what it did: it said "the Hub timed out after
    0.5s; showing the copy cached just now"."""
    assert papers("day", DAY).exit_code == 0
    # (PAPERS_RETRIES 1: the last attempt is said, its client made)
    with _tunnelling(monkeypatch, _Silent, PAPERS_TIMEOUT="0.5", PAPERS_RETRIES="1"):
        result = papers("day", DAY, "--refresh")
    assert result.exit_code == 0, result.stderr
    assert _warning(result.stderr) == (
        "papers: warning: HTTPS_PROXY timed out; showing the copy cached just now")


class _HangingUp(BaseHTTPRequestHandler):
    """A proxy that reads the request and hangs up without a word."""

    def handle(self) -> None:
        with contextlib.suppress(OSError):
            self.rfile.readline()


def test_a_proxy_hanging_up_on_the_tunnel_is_named(
        papers, seeded_hub: HubServer, no_proxy_set: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy that closes the connection instead of answering CONNECT said "connection
    dropped by the Hub — check your network"; over a cached copy, the warning says what
    the error says of it ("$HTTPS_PROXY did not answer" said less)."""
    assert papers("day", DAY).exit_code == 0
    with _tunnelling(monkeypatch, _HangingUp) as host:
        line = _error(papers("day", TODAY.replace(day=1).isoformat()))
        cached = papers("day", DAY, "--refresh")
    assert line == f"papers: error: the proxy {host} (HTTPS_PROXY) hung up — check it", line
    assert _warning(cached.stderr) == (
        "papers: warning: HTTPS_PROXY hung up; showing the copy cached just now")


def test_a_retry_after_the_proxys_own_answer_says_the_proxy(
        papers, seeded_hub: HubServer, no_proxy_set: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The status line while waiting to retry said "Hub answered 502; retrying in 2 s"
    of the proxy's own error page."""
    from conftest import installed_papers, screens, stderr_on_terminal

    monkeypatch.setenv("PAPERS_RETRIES", "1")
    headers = {"X-Squid-Error": "ERR_CONNECT_FAIL 111", "Retry-After": "2"}
    handler = type("Gateway", (_Gateway,), {"headers_sent": headers})
    with _serving(handler) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        code, _, text = stderr_on_terminal([installed_papers(), "day", DAY])
    assert code == 1, text
    said = {line for shown in screens(text) for line in shown if "retrying" in line}
    assert said == {f"proxy answered 502; retrying in {n} s, 1 of 1" for n in (2, 1)}, said


@pytest.mark.parametrize(("command", "then"), [
    (("day", DAY, "--refresh"), "showing the copy cached just now"),
    (("search", "model", "--refresh"), "searching the local library only")])
def test_a_cached_copy_shown_through_a_mute_forward_proxy_names_it(
        papers, seeded_hub: HubServer, no_proxy_set: None, monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...], then: str) -> None:
    """A plain-http proxy that never answers: the error says "the Hub timed out through
    $HTTP_PROXY — check the proxy", but the warning over the cached copy said "the Hub
    timed out; showing the copy cached just now", the proxy left out for room."""
    assert papers("day", DAY).exit_code == 0
    monkeypatch.setenv("PAPERS_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    with _serving(_Silent) as proxy:
        host = proxy.url.removeprefix("http://")
        monkeypatch.setenv("HTTP_PROXY", _with_secret(proxy.url))
        result = papers(*command)
        monkeypatch.setenv("PAPERS_DEBUG", "1")
        debug = _warning(papers(*command).stderr)
    assert result.exit_code == 0, result.stderr
    line = _warning(result.stderr)
    assert line == f"papers: warning: HTTP_PROXY timed out; {then}", line
    assert len(line) <= 80
    assert debug.startswith(f"papers: warning: the Hub timed out through the proxy {host} "
                            "(HTTP_PROXY) after 0.5s ["), debug
    assert "s3cret" not in result.stderr + debug and "me:" not in result.stderr + debug


class _CutOff(BaseHTTPRequestHandler):
    """A forward proxy that starts an answer and hangs up before its end (as one whose
    upstream connection broke does)."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"[{")
        self.wfile.flush()
        self.connection.shutdown(2)

    def log_message(self, *args: object) -> None:
        pass


def test_a_connection_dropped_through_a_forward_proxy_names_it(
        papers, seeded_hub: HubServer, no_proxy_set: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain-http proxy hanging up mid-answer was "connection dropped by the Hub — try
    again later" (and "connection dropped by the Hub" over a cached copy): the Hub may
    never have been asked."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    with _serving(_CutOff) as proxy:
        host = proxy.url.removeprefix("http://")
        cached, uncached = _through(papers, monkeypatch, "HTTP_PROXY", _with_secret(proxy.url))
        monkeypatch.setenv("PAPERS_DEBUG", "1")
        debug = papers("day", TODAY.replace(day=1).isoformat()).stderr
    assert _error(uncached) == ("papers: error: the connection through HTTP_PROXY was "
                                "dropped — check the proxy")
    assert _warning(cached.stderr) == (
        "papers: warning: HTTP_PROXY hung up; showing the copy cached just now")
    assert (f"papers: error: the connection through the proxy {host} (HTTP_PROXY) was "
            "dropped [") in debug, debug
    assert "check the proxy, or unset HTTP_PROXY" in debug, debug
    assert "s3cret" not in cached.stderr + debug and "the Hub" not in debug, debug
