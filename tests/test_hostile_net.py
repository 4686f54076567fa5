"""A hostile or broken Hub, through the command line: bodies that expand or never end,
servers that trickle or never answer, absurd Retry-After, and secrets that must never be
shown. Every case ends with one clear line and exit 1, in bounded memory and time (the
bounds here are generous safety nets, not measurements)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from datetime import date

import pytest

from conftest import Home, installed_papers, one_line, run_process
from hubserver import BlackHole, HubServer, bomb, seed_items
from papercli import secrets
from papercli.listings import PAGE_SIZE
from papercli.sources.hub import MAX_ANSWER, HubClient
from papercli.sources.transport import loads
from papercli.terminal import cell_width

DAY = "2026-11-20"
BOUND = 30  # seconds: a safety net for "ends on its own", far above what any case needs


@pytest.fixture
def stocked(hub: HubServer) -> list[str]:
    ids = hub.fill(date(2026, 11, 19), date(2026, 11, 20), per_day=3)
    return ids[DAY]


def fails_clearly(result: object, *phrases: str) -> str:
    """Exit 1, nothing on stdout, one `papers: error:` line containing every phrase."""
    code = getattr(result, "exit_code", getattr(result, "returncode", None))
    assert code == 1, (code, result)
    assert getattr(result, "stdout", "") == ""
    line = one_line(getattr(result, "stderr", ""))
    assert line.startswith("papers: error: ") and " — " in line
    for phrase in phrases:
        assert phrase in line, line
    return line


def first_pages(hub: HubServer) -> int:
    """Requests for the first page of a listing (attempts, not the pages after it)."""
    return sum(1 for r in hub.requests if r.params.get("p", "0") == "0")


# A tiny launcher spawns the command and reports that one child's peak RSS. Measured from
# pytest itself, RUSAGE_CHILDREN is the largest of every child so far (a browser test, a
# hypothesis run), and a forked child's high-water mark starts at pytest's own size.
_LAUNCHER = """
import os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\npeak-kib={usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured(*args: str) -> tuple[int, str, str, int]:
    """Run the installed `papers` and return (exit code, stdout, stderr, peak RSS in MiB)."""
    proc = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER, installed_papers(), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ.copy())
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    err, _, tail = err.rpartition("\npeak-kib=")
    return proc.returncode, out, err, int(tail.strip()) // 1024


# -- bodies bounded in decoded bytes ------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, gzip", "deflate, gzip"])
def test_compressed_answers_are_decoded(papers, hub: HubServer, stocked: list[str],
                                        encoding: str) -> None:
    hub.fail("encoded", encoding=encoding)
    result = papers("day", DAY)
    assert result.exit_code == 0, result.stderr
    assert all(pid in result.stdout for pid in stocked)
    assert "gzip" in hub.requests[-1].headers.get("Accept-Encoding", "")


@pytest.mark.parametrize("encoding", ["gzip, gzip", "deflate"])
def test_a_compression_bomb_is_refused_in_bounded_memory(
    hub: HubServer, stocked: list[str], home: Home, encoding: str
) -> None:
    size = 768 * 2**20  # decodes to 768 MiB from a body of at most a few hundred KB
    body = bomb(encoding, size)  # built now, so that the server answers at once
    assert len(body) < 2**20 and size > MAX_ANSWER
    hub.fail("bomb", encoding=encoding, size=size)
    code, out, err, peak = measured("day", DAY)
    assert code == 1 and out == "", err
    assert one_line(err) == ("papers: error: the Hub sent more than 16 MiB decoded — check "
                             "HF_ENDPOINT")
    # Expanding it whole (as a decoder without max_length does) needs >= 768 MiB.
    assert peak < 400, f"peak RSS {peak} MiB"
    info = json.loads(run_process("cache", "info", "--json").stdout)
    assert f"day:{DAY}" not in {e["key"] for e in info["entries"]}


def test_too_many_compression_layers_are_refused(papers, hub: HubServer, stocked) -> None:
    hub.fail("encoded", encoding="gzip, gzip, gzip")
    fails_clearly(papers("day", DAY), "compressed 3 times over; refusing it")


def test_an_encoding_we_did_not_ask_for_is_refused(papers, hub: HubServer, stocked) -> None:
    hub.fail("ok", headers={"Content-Encoding": "br"})
    fails_clearly(papers("day", DAY), "in an encoding we did not ask for ('br')")


def test_an_endless_body_stops_at_the_cap(papers, hub: HubServer, stocked) -> None:
    hub.fail("endless")
    fails_clearly(papers("day", DAY), "the Hub sent more than 16 MiB — check HF_ENDPOINT")
    assert first_pages(hub) == 1  # a broken answer is not retried



def page_of(n: int) -> bytes:
    """A daily_papers answer of `n` distinct papers of DAY, in the Hub's item shape."""
    base = seed_items()[0]
    return json.dumps([{**base, "paper": {**base["paper"], "id": f"2611.{k:05d}",
                                          "title": f"Flood paper {k}"}}
                       for k in range(n)]).encode()


def test_a_page_longer_than_asked_for_is_refused_and_the_cached_copy_kept(
    papers, hub: HubServer, stocked: list[str]
) -> None:
    """A 200 with a body of 50 MB (a million items) was parsed for 45 s and stored: the
    day's cached listing became whatever junk came. A page of more papers than the limit
    asked is no page of the Hub's: refused before its items are read."""
    assert papers("day", DAY).exit_code == 0
    hub.fail("raw", body=page_of(PAGE_SIZE + 1))
    result = papers("day", DAY, "--refresh")
    assert result.exit_code == 0, result.stderr
    assert all(pid in result.stdout for pid in stocked) and "Flood" not in result.stdout
    assert result.stderr == ("papers: warning: the Hub sent a bad answer; showing the copy "
                             "cached just now\n")
    kept = papers("day", DAY, "--offline")
    assert all(pid in kept.stdout for pid in stocked) and "Flood" not in kept.stdout
    hub.fail("raw", body=page_of(PAGE_SIZE + 1))
    fails_clearly(papers("day", "2026-11-19"),
                  f"the Hub sent {PAGE_SIZE + 1} papers for a page of {PAGE_SIZE}",
                  "— check HF_ENDPOINT")


def test_an_answer_far_over_a_listings_size_is_refused_unread(papers, hub: HubServer,
                                                              stocked: list[str]) -> None:
    """A Hub answer is at most a few hundred KB; 50 MB of JSON took 500 MB of memory to
    read before anything was checked. Over MAX_ANSWER it is refused as it arrives."""
    assert MAX_ANSWER == 16 * 2**20
    hub.fail("raw", body=b"[" + b" " * MAX_ANSWER + b"]")
    fails_clearly(papers("day", DAY), "the Hub sent more than 16 MiB — check HF_ENDPOINT")

# -- deadlines ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["trickle", "trickle_headers"])
def test_a_trickled_answer_ends_at_the_timeout(hub: HubServer, stocked, kind: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # One byte every 0.2 s: each read succeeds, so only a deadline per request ends it.
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    hub.fail(kind, interval=0.2)
    result = run_process("day", DAY, "--timeout", "1", timeout=BOUND)
    fails_clearly(result, "timed out after 1s")


def test_a_black_hole_hub_fails_a_command_after_two_timeouts(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    hole = BlackHole()
    try:
        monkeypatch.setenv("HF_ENDPOINT", hole.url)
        monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
        result = run_process("day", DAY, "--timeout", "0.5", timeout=BOUND)
        line = fails_clearly(result, "the Hub looks down: 2 timeouts in a row",
                             "— try again later")
        assert cell_width(line) <= 80, line  # (the URL, 145 columns with it: PAPERS_DEBUG's)
        monkeypatch.setenv("PAPERS_DEBUG", "1")
        debug = run_process("day", DAY, "--timeout", "0.5", timeout=BOUND)
        fails_clearly(debug, "looks down (2 timeouts in a row, 0.5s each)", hole.url)
    finally:
        hole.close()


def test_a_sync_against_a_black_hole_gives_up_early(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    hole = BlackHole()
    try:
        monkeypatch.setenv("HF_ENDPOINT", hole.url)
        monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
        # 17 months, weeks and days: at 4 attempts each that would be ~70 timeouts.
        result = run_process("sync", "--since", "2026-01-01", "--json", "--timeout", "0.5",
                             timeout=BOUND)
        assert result.returncode == 1, result.stderr
        summary = json.loads(result.stdout)
        assert summary["periods"] > 10 and summary["not_attempted"] > 0
        assert summary["requests"] <= 8  # the first few, then the Hub counts as down
        assert any("the Hub looks down" in f["message"] for f in summary["failures"])
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("papers: error: the Hub looks down") and " — " in last
        assert len(last) <= 80, last  # ("(4 timeouts in a row, 0.5s each)" made it 101)
        assert "Traceback" not in result.stderr
    finally:
        hole.close()



def test_a_silent_hub_falls_back_to_the_cached_copy_after_two_timeouts(
    papers, hub: HubServer, stocked: list[str]
) -> None:
    """On a train: the Hub accepts the connection and never answers. The cached copy is
    shown after two attempts (20 s at the default timeout), not four (45 s)."""
    assert papers("day", DAY).exit_code == 0
    hub.reset_log()
    hub.fail("hang", hang=3, times=4)
    result = papers("day", DAY, "--refresh", "--timeout", "0.5")
    assert result.exit_code == 0, result.stderr
    assert all(pid in result.stdout for pid in stocked)
    assert result.stderr == ("papers: warning: the Hub timed out; showing the copy cached "
                             "just now\n")
    assert first_pages(hub) == 2

@pytest.mark.parametrize("command", [("day", DAY), ("sync", "--since", DAY, "--until", DAY)])
def test_a_huge_retry_after_fails_at_once(hub: HubServer, stocked, command: tuple[str, ...]
                                          ) -> None:
    hub.fail("429", retry_after="1000000000", times=4)
    result = run_process(*command, timeout=BOUND)
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    # (`day`'s error line in 80 columns: "… — try again in 32 years")
    assert "rate limiting us (HTTP 429)" in line and "32 years" in line
    assert first_pages(hub) == 1  # no sleeping, no second try


def test_a_retry_after_inside_the_budget_is_still_honoured(papers, hub: HubServer,
                                                           stocked) -> None:
    hub.fail("503", retry_after="1")
    result = papers("day", DAY)
    assert result.exit_code == 0, result.stderr
    assert first_pages(hub) == 2


def test_a_command_budget_bounds_all_requests_together(hub: HubServer) -> None:
    hub.set_day(DAY, seed_items()[:2])
    hub.fail("hang", hang=3, times=3)
    client = HubClient(hub.url, timeout=0.4, retries=5, backoff=0.01, budget=1.0,
                       down_after=None)  # (the budget alone: never taken for down)
    with pytest.raises(Exception) as caught:
        client.daily_papers(date=DAY)
    message = str(caught.value)
    assert "time budget" in message and "Traceback" not in message
    assert client.requests_made <= 3
    # A fresh budget (one sync period) lets the next request through.
    with client.budgeted(5.0):
        assert len(client.daily_papers(date=DAY).papers) == 2


# -- untrusted JSON -----------------------------------------------------------------------


def test_a_huge_integer_costs_the_field_and_a_bom_is_accepted(papers, hub: HubServer,
                                                             stocked) -> None:
    items = [json.loads(json.dumps(i)) for i in seed_items()[:2]]
    items[0]["paper"]["upvotes"] = "__BIG__"
    text = json.dumps(items).replace('"__BIG__"', "9" * 5000)
    hub.fail("raw", body=b"\xef\xbb\xbf" + text.encode())
    result = papers("day", DAY, "--json")
    assert result.exit_code == 0, result.stderr
    rows = {p["id"]: p for p in json.loads(result.stdout)}
    assert rows[items[0]["paper"]["id"]]["upvotes"] == 2**62
    assert rows[items[1]["paper"]["id"]]["upvotes"] == items[1]["paper"]["upvotes"]
    assert loads("-" + "1" * 5000) == -(2**62) and loads("\ufeff[1]") == [1]


# -- secrets ------------------------------------------------------------------------------

TOKEN = "hf_PrivateToken0123456789abcdef"
PASSWORD = "pa55-w0rd-XYZ"


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text and PASSWORD not in text, text
        assert "PrivateToken" not in text and "alice:" not in text, text


def test_a_token_with_a_crlf_end_is_cleaned_and_sent(papers, hub: HubServer, stocked,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", f"  {TOKEN}\r\n")
    result = papers("day", DAY)
    assert result.exit_code == 0, result.stderr
    assert hub.requests[-1].headers["Authorization"] == f"Bearer {TOKEN}"
    assert_no_secret(result.stdout, result.stderr)


@pytest.mark.parametrize("bad", [f"{TOKEN[:10]} {TOKEN[10:]}", f"{TOKEN[:10]}\r\n{TOKEN[10:]}",
                                 f"{TOKEN}\x1b[31m", f"{TOKEN}é"])
def test_a_token_that_cannot_be_a_header_is_one_line_never_shown(
    papers, hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv("HF_TOKEN", bad)
    for args in (("day", DAY), ("sync", "--since", DAY, "--json"), ("show", "2611.00001")):
        result = papers(*args)
        assert result.exit_code == 1, (args, result.stderr)
        assert result.stdout == ""
        line = one_line(result.stderr)
        assert "HF_TOKEN contains" in line and "not shown" in line
        assert len(line) <= 80, line  # (141 columns for a space)
        assert_no_secret(line)
    assert hub.count() == 0  # refused before any request


@pytest.mark.parametrize("status", ["401", "403"])
def test_a_refused_token_is_never_printed(papers, hub: HubServer, stocked,
                                          monkeypatch: pytest.MonkeyPatch, status: str) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    hub.fail(status)
    line = fails_clearly(papers("day", DAY), f"refused access (HTTP {status})")
    assert_no_secret(line)
    hub.fail(status)
    synced = papers("sync", "--since", DAY, "--json")
    assert synced.exit_code == 1
    assert json.loads(synced.stdout)["failures"]
    assert_no_secret(synced.stdout, synced.stderr)


@pytest.fixture
def mirror(hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch) -> str:
    """HF_ENDPOINT with a user and password in it; returns the URL as it may be shown."""
    bare = hub.url
    monkeypatch.setenv("HF_ENDPOINT", bare.replace("http://", f"http://alice:{PASSWORD}@"))
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    return bare


def test_url_credentials_are_used_but_never_shown(papers, hub: HubServer, mirror: str,
                                                  stocked: list[str], home: Home) -> None:
    day = papers("day", DAY, "--json")
    assert day.exit_code == 0, day.stderr
    sent = hub.requests[-1].headers["Authorization"]
    assert sent == "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    urls = [p["url"] for p in json.loads(day.stdout)]
    assert urls and all(u.startswith(f"{mirror}/papers/") for u in urls)
    outputs = [day]
    outputs.append(papers("day", DAY, "--format", "md"))
    outputs.append(papers("show", stocked[0]))
    outputs.append(papers("show", stocked[0], "--json"))
    outputs.append(papers("export", "--format", "md"))
    outputs.append(papers("export", "--format", "json"))
    for result in outputs:
        assert result.exit_code == 0, result.stderr
        assert mirror in result.stdout
    shown = papers("config", "show")
    as_json = papers("config", "show", "--json")
    got = papers("config", "get", "hub.endpoint")
    assert mirror in shown.stdout and got.stdout.strip() == mirror
    settings = json.loads(as_json.stdout)["settings"]
    assert settings["hub.endpoint"]["value"] == mirror
    for result in (*outputs, shown, as_json, got):
        assert_no_secret(result.stdout, result.stderr)


@pytest.mark.parametrize("fault,options,times", [
    ("500", {}, 4), ("hang", {"hang": 3}, 4), ("reset", {}, 4), ("html", {}, 1),
    ("429", {"retry_after": "1000000000"}, 4), ("bomb", {"size": 128 * 2**20}, 1),
    ("trickle", {"interval": 0.05}, 4),
])
def test_failures_through_a_mirror_with_credentials_never_show_them(
    papers, hub: HubServer, mirror: str, monkeypatch: pytest.MonkeyPatch,
    fault: str, options: dict, times: int,
) -> None:
    monkeypatch.setenv("PAPERS_TIMEOUT", "0.3")
    if fault == "bomb":
        bomb("gzip, gzip", options["size"])  # built before the server needs it
    hub.fail(fault, times=times, **options)
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (where the URL is shown)
    day = papers("day", DAY)
    line = fails_clearly(day, mirror)
    assert_no_secret(line)
    hub.fail(fault, times=times * 2, **options)
    synced = papers("sync", "--since", "2026-11-19", "--until", DAY, "--json")
    assert synced.exit_code == 1
    failures = json.loads(synced.stdout)["failures"]
    assert failures and all(mirror in f["url"] for f in failures)
    assert_no_secret(synced.stdout, synced.stderr)


def test_a_connection_error_to_a_mirror_never_shows_credentials(
    papers, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", f"http://alice:{PASSWORD}@127.0.0.1:9")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    line = fails_clearly(papers("day", DAY), "127.0.0.1:9 refused the connection")
    assert_no_secret(line)
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # the URL asked for, and the OS's words
    line = fails_clearly(papers("day", DAY), "[http://127.0.0.1:9/api/daily_papers?", "111")
    assert_no_secret(line)
    synced = papers("sync", "--since", DAY, "--json")
    assert synced.exit_code == 1
    assert_no_secret(synced.stdout, synced.stderr)


def test_redact_hides_what_a_library_might_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", f"{TOKEN}\r\n")
    monkeypatch.setenv("HF_ENDPOINT", f"https://alice:{PASSWORD}@mirror.example/")
    quoted = (f"Illegal header value b'Bearer {TOKEN}\\r'; "
              f"GET https://alice:{PASSWORD}@mirror.example/api failed; password={PASSWORD}")
    clean = secrets.redact(quoted)
    assert_no_secret(clean)
    assert "https://***@mirror.example/api" in clean and "Bearer ***" in clean
    assert secrets.redact("a valid token, or unset it") == "a valid token, or unset it"


class _Redirecting:
    """A server at HF_ENDPOINT that answers every request with a redirect: to itself (a
    loop), to a non-HTTP address, or with no Location at all."""

    def __init__(self, location: str | None) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self.send_response(302)
                if location is not None:
                    self.send_header("Location", location or self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("location", "said"), [
    ("", "the Hub redirects in a loop"),
    ("ftp://example.invalid/", "the Hub redirects to a non-HTTP address"),
    (None, "the Hub sent a redirect without a Location"),
], ids=["loop", "ftp", "nowhere"])
@pytest.mark.parametrize("command", [("day", DAY), ("sync", "--since", DAY, "--until", DAY)])
def test_a_redirect_that_leads_nowhere_is_said_as_the_servers_doing(
    papers, home: Home, monkeypatch: pytest.MonkeyPatch, location: str | None, said: str,
    command: tuple[str, ...],
) -> None:
    """A redirect loop said "request to 127.0.0.1:… failed (Exceeded maximum allowed
    redirects.) — check your network" (107 to 123 columns), a redirect to ftp:// the same
    with httpx's "unsupported protocol", and one without a Location "the Hub sent
    malformed JSON — try again later": each blamed the network, or the moment, for what
    the server at HF_ENDPOINT does every time."""
    server = _Redirecting(location)
    try:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        result = papers(*command)
    finally:
        server.close()
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"papers: error: {said} — check HF_ENDPOINT"), line
    assert cell_width(line) <= 80 and "Traceback" not in result.stderr, line


@pytest.mark.parametrize("command", [("day", DAY), ("sync", "--since", DAY, "--until", DAY)])
def test_an_endpoint_without_the_api_is_a_404_to_check_the_endpoint_for(
    papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...],
) -> None:
    """HF_ENDPOINT one path segment off: every listing is a 404, which said the whole URL
    ("http://…/api/daily_papers?date=…&limit=100&p=0 was not found (HTTP 404)", 117
    columns) with no hint, or "sync again", what a rerun meets every time."""
    monkeypatch.setenv("HF_ENDPOINT", f"{hub.url}/oops")
    result = papers(*command)
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line == "papers: error: the Hub answered HTTP 404 (not found) — check HF_ENDPOINT"
