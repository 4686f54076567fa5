"""Fault injection through the loopback Hub: every failure is one clear line, never a
traceback, and a failed fetch leaves the library exactly as it was."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest

from conftest import Home, eprint_bib, interrupt_when, one_line, write_config
from hubserver import HubServer, seed_items
from papercli.sources.hub import HubClient
from papercli.terminal import cell_width

DAY = "2026-11-20"
QUERY = f"/api/daily_papers?date={DAY}&limit=100&p=0"


@pytest.fixture
def stocked(papers, hub: HubServer, home: Home) -> dict[str, list[str]]:
    """The Hub has the 19th and the 20th; the library already holds the 19th."""
    by_day = hub.fill(date(2026, 11, 19), date(2026, 11, 20), per_day=4)
    assert papers("day", "2026-11-19").exit_code == 0
    hub.reset_log()
    return by_day


def snapshot(papers, home: Home) -> tuple[bytes, dict]:  # type: ignore[no-untyped-def]
    """The library file's bytes and what `cache info` reports."""
    info = papers("cache", "info", "--json")
    assert info.exit_code == 0, info.stderr
    return home.library.read_bytes(), json.loads(info.stdout)


# The line each says, in 80 columns: what failed (the URL and the OS's words, 145 to 250
# columns with them, are PAPERS_DEBUG's) and what to do.
DOWN = "the Hub may be down; try again later"
FAILURES = [
    # fault, fault options, times queued, environment, the error line, attempts
    ("500", {}, 4, {}, f"the Hub answered HTTP 500 — {DOWN}", 4),
    ("503", {"retry_after": "0"}, 4, {}, f"the Hub answered HTTP 503 — {DOWN}", 4),
    ("html503", {}, 4, {}, f"the Hub answered HTTP 503 — {DOWN}", 4),
    ("429", {"retry_after": "0"}, 4, {},
     "the Hub is rate limiting us (HTTP 429) — try again later", 4),
    # (refused, not retried: asking again, now or later, is refused again)
    ("400", {}, 1, {}, "the Hub refused the request (HTTP 400) — check the query", 1),
    ("422", {}, 1, {}, "the Hub refused the request (HTTP 422) — check the query", 1),
    ("hang", {"hang": 3}, 2, {"PAPERS_TIMEOUT": "0.5", "PAPERS_RETRIES": "1"},
     "the Hub timed out after 0.5s — try again later", 2),
    # (a silent Hub is asked twice whatever the retries: four attempts of 10 s made 45 s
    # before the error, or before a listing's cached copy was shown)
    ("hang", {"hang": 3}, 2, {"PAPERS_TIMEOUT": "0.5"},
     "the Hub looks down: 2 timeouts in a row — try again later", 2),
    # (no answer in time, or a dropped connection, is waited out: not the network checked)
    ("reset", {}, 4, {}, "connection dropped by the Hub — try again later", 4),
    ("truncated", {}, 4, {}, "connection dropped by the Hub — try again later", 4),
    ("malformed", {}, 1, {}, "the Hub sent malformed JSON — try again later", 1),
    ("empty", {}, 1, {}, "the Hub sent malformed JSON — try again later", 1),
    ("deep", {}, 1, {}, "the Hub sent malformed JSON — try again later", 1),
    ("html", {}, 1, {}, "the Hub sent HTML, not JSON (maintenance?) — try again later", 1),
    ("wrong_shape", {}, 1, {}, "the Hub sent a JSON dict, expected a list — check HF_ENDPOINT",
     1),
]


@pytest.mark.parametrize("fault,options,times,env,message,attempts", FAILURES,
                         ids=[f[0] for f in FAILURES])
def test_a_failed_fetch_is_one_clear_line_and_changes_nothing(
    papers, hub: HubServer, home: Home, stocked, monkeypatch: pytest.MonkeyPatch,
    fault: str, options: dict, times: int, env: dict, message: str, attempts: int,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    before = snapshot(papers, home)
    hub.fail(fault, times=times, **options)
    result = papers("day", DAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, result.stderr
    assert line == f"papers: error: {message}"
    assert cell_width(line) <= 80, line
    assert hub.count("/api/daily_papers") == attempts
    assert snapshot(papers, home) == before
    # The faults are used up: the same command now works, from the same library.
    again = papers("day", DAY)
    assert again.exit_code == 0, again.stderr
    assert all(pid in again.stdout for pid in stocked[DAY])


RECOVERIES = [
    ("429", {"retry_after": "1"}, 1, {}),
    ("503", {}, 2, {}),
    ("html503", {}, 1, {}),
    ("reset", {}, 1, {}),
    ("truncated", {}, 1, {}),
    ("hang", {"hang": 3}, 1, {"PAPERS_TIMEOUT": "0.5"}),
]


@pytest.mark.parametrize("fault,options,times,env", RECOVERIES, ids=[r[0] for r in RECOVERIES])
def test_retryable_faults_are_retried_until_success(
    papers, hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch,
    fault: str, options: dict, times: int, env: dict,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    hub.fail(fault, times=times, **options)
    result = papers("day", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert all(pid in result.stdout for pid in stocked[DAY])
    # The retried attempts, the page, and the empty page that ends the listing.
    assert hub.count("/api/daily_papers") == times + 2


def test_retries_setting_bounds_the_attempts(papers, hub: HubServer, stocked,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    hub.fail("503", times=5)
    result = papers("day", DAY)
    assert result.exit_code == 1
    assert "answered HTTP 503" in result.stderr and "gave up" not in result.stderr
    assert hub.count() == 1


def test_timeout_option_overrides_the_setting(papers, hub: HubServer, stocked,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    hub.fail("hang", hang=3)
    result = papers("day", DAY, "--timeout", "0.5")
    assert result.exit_code == 1
    assert "the Hub timed out after 0.5s" in result.stderr
    hub.fail("hang", times=2, hang=3)
    monkeypatch.setenv("PAPERS_RETRIES", "1")
    synced = papers("sync", "--since", DAY, "--until", DAY, "--timeout", "0.5", "--json")
    assert synced.exit_code == 1
    assert "timed out after 0.5s (gave up after 2 attempts)" in synced.stdout  # (sync's)
    assert "Traceback" not in synced.stderr


# An item for each way a field can be wrong; "__INF__" becomes a bare 1e400 in the JSON.
PARTIAL = [
    {"paper": {"title": "no id"}},
    {"paper": {"id": "2611.99001"}},  # no title
    "not an object",
    {"paper": {"id": "not-an-id!", "title": "bad id"}},
    {"paper": {"id": "2611.99002", "title": "date out of range",
               "publishedAt": "0001-01-01T00:00:00+05:00"}},
    {"paper": {"id": "2611.99003", "title": "T" * 1_000_000, "summary": "S" * 3_000_000,
               "upvotes": "__INF__", "numComments": 10**40, "authors": "not a list",
               "publishedAt": 20240101, "ai_keywords": {"not": "a list"},
               "githubRepo": "javascript:alert(1)"}},
    {"paper": {"id": "2611.99004", "title": "odd types", "upvotes": -5,
               "authors": [{"name": 7}, None, {"name": "Real Name"}], "summary": ["x"]}},
]


def test_partial_items_are_skipped_and_counted_and_the_rest_stored(
    papers, hub: HubServer, stocked
) -> None:
    good = [json.loads(json.dumps(i)) for i in seed_items()[:2]]
    body = json.dumps([good[0], *PARTIAL, good[1]]).replace('"__INF__"', "1e400")
    hub.fail("raw", body=body.encode())
    result = papers("day", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == (
        "papers: warning: skipped 4 malformed items in the Hub's answer")
    for pid in (good[0]["paper"]["id"], good[1]["paper"]["id"], "2611.99002", "2611.99003",
                "2611.99004"):
        assert pid in result.stdout
    # An unusable optional field (a date out of range) costs the field, not the paper.
    odd = json.loads(papers("show", "2611.99002", "--offline", "--json").stdout)
    assert odd["published_at"] is None
    huge = json.loads(papers("show", "2611.99003", "--offline", "--json").stdout)
    assert len(huge["title"]) == 1000 and len(huge["summary"]) == 20000
    assert huge["upvotes"] == 2**62 and huge["comments"] == 2**62
    assert huge["authors"] == [] and huge["ai_keywords"] == [] and huge["github_repo"] is None
    odd = json.loads(papers("show", "2611.99004", "--offline", "--json").stdout)
    assert odd["upvotes"] == 0 and odd["authors"] == ["Real Name"]


def test_unusable_paper_detail_is_a_clear_error(papers, hub: HubServer, home: Home) -> None:
    hub.fail("raw", body=json.dumps({"id": "2611.99005", "title": "",
                                     "publishedAt": "9999-12-31T23:00:00-05:00"}).encode())
    result = papers("show", "2611.99005")
    assert result.exit_code == 1
    assert result.stderr.startswith("papers: error: ")
    assert "the Hub sent an unusable record of 2611.99005" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_retry_after_is_honoured_and_capped(hub: HubServer) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    hub.set_day(DAY, seed_items()[:2])
    hub.fail("429", retry_after="1")
    client = HubClient(hub.url, backoff=0.01, sleep=sleep)
    assert len(client.daily_papers(date=DAY).papers) == 2
    assert waits[0] == 1.0
    waits.clear()
    hub.fail("503", retry_after="3600")
    capped = HubClient(hub.url, backoff=0.01, max_retry_after=0.2, sleep=sleep)
    assert len(capped.daily_papers(date=DAY).papers) == 2
    assert waits[0] == 0.2
    assert capped.requests_made == 2


def test_an_exhausted_rate_limit_budget_pauses_the_next_request(hub: HubServer) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    hub.set_day(DAY, seed_items()[:2])
    hub.fail("ok", headers={"RateLimit": '"api";r=0;t=1'})
    client = HubClient(hub.url, sleep=sleep)
    client.daily_papers(date=DAY)
    assert waits == []
    client.daily_papers(date=DAY)  # the budget said "0 left for 1 s": this one waits
    assert waits and sum(waits) > 0
    hub.fail("ok", headers={"RateLimit": '"api";r=42;t=300'})
    waits.clear()
    client.daily_papers(date=DAY)
    client.daily_papers(date=DAY)
    assert waits == []


def test_a_retry_wait_counts_down_on_the_status_line(
    papers, hub: HubServer, stocked  # type: ignore[no-untyped-def]
) -> None:
    """"Hub answered 503; retrying in 2 s" stood still for the whole wait on the status
    line (arXiv's counted down): it counts down too, without asking the Hub anything
    more; piped, nothing is said of it."""
    from conftest import installed_papers, screens, stderr_on_terminal

    hub.fail("503", retry_after="2")
    code, out, text = stderr_on_terminal([installed_papers(), "day", DAY, "-q"])
    assert code == 0, text
    said = {line for shown in screens(text) for line in shown if "retrying" in line}
    assert said == {f"Hub answered 503; retrying in {n} s, 1 of 3" for n in (2, 1)}, said
    asked = [r.params["p"] for r in hub.requests if r.path == "/api/daily_papers"]
    assert asked == ["0", "0", "1"]  # the page that failed once, asked again, then the end
    assert out.decode().split() == stocked[DAY]
    hub.fail("503", retry_after="1")
    piped = papers("day", DAY, "-q", "--refresh")
    assert piped.exit_code == 0 and piped.stderr == "", piped.stderr


def test_ctrl_c_during_a_fetch_exits_130_without_a_traceback(
    hub: HubServer, stocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.fail("hang", hang=60)
    monkeypatch.setenv("PAPERS_TIMEOUT", "60")
    code, out, err = interrupt_when(lambda: hub.count("/api/daily_papers") >= 1, "day", DAY)
    assert code == 130
    assert out == ""
    assert err.strip() == "papers: error: interrupted"


class Silent:
    """A source that accepts connections and never answers (each request times out);
    `connections()` counts those made so far, to tell how often a command asked."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list = []  # type: ignore[type-arg]

    def connections(self) -> int:
        """Every connection the kernel completed, accepted now (the command has ended)."""
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except BlockingIOError:
                return len(self.held)

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent_arxiv(hub: HubServer, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """arXiv's API never answering (no retries: each request waits its timeout once)."""
    hole = Silent()
    monkeypatch.setenv("ARXIV_API_ENDPOINT", f"{hole.url}/api/query")
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    yield hole
    hole.close()


UNKNOWN = [f"2412.9999{n}" for n in range(5)]


@pytest.mark.parametrize("command", [["show"], ["star"], ["related"]])
def test_arxiv_out_of_reach_is_asked_once_for_many_unknown_ids(
    papers, hub: HubServer, silent_arxiv: Silent, command: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Five ids the Hub lacks, arXiv timing out: each id asked arXiv in turn and waited
    its timeout (with arXiv's pacing ~3 s an id: 100 ids took minutes); now arXiv is
    asked once and every id named at once, unasked."""
    hub.set_day("2026-11-20", seed_items()[:2])
    assert papers("day", "2026-11-20").exit_code == 0  # `related` needs a library
    # (the Hub answers within it on a busy machine too: at 1 s a CI run under load saw
    # the loopback Hub time out)
    monkeypatch.setenv("PAPERS_TIMEOUT", "2")
    result = papers(*command, *UNKNOWN)
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    # (not "unknown: …", as if arXiv had said it has none of them)
    assert lines[0] == (f"papers: error: the Hub lacks {UNKNOWN[0]} and 4 more; arXiv timed "
                        "out — try later"), lines
    assert silent_arxiv.connections() == 1
    assert hub.count("/api/papers/") == len(UNKNOWN)  # the Hub still answers for each


def test_a_hub_out_of_reach_is_asked_once_for_many_ids(
    papers, home: Home, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tagging ids the library lacks checks each with the Hub: a Hub timing out was
    waited for once per id; now once, and the ids are said unchecked in one warning."""
    hole = Silent()
    try:
        monkeypatch.setenv("HF_ENDPOINT", hole.url)
        # (0.2, then 0.5: on a loaded machine the connection itself timed out, CI)
        monkeypatch.setenv("PAPERS_TIMEOUT", "2")
        monkeypatch.setenv("PAPERS_RETRIES", "0")
        result = papers("tag", *UNKNOWN, "robotics")
        assert hole.connections() == 1, result.stderr
        # (counted, with the next step, in 80 columns: all five named made 108)
        assert result.stderr.splitlines()[0] == ("papers: warning: 5 papers not in the "
                                                 "library yet, tagged anyway: papers show ID")
    finally:
        hole.close()


def test_an_arxiv_endpoint_answering_an_error_is_asked_once(papers, hub: HubServer,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """An arXiv API address that answers 404 (a wrong address, a proxy's page) was asked
    again for every id the Hub lacks, each paced ~3 s apart; now once."""
    monkeypatch.setenv("ARXIV_API_ENDPOINT", f"{hub.url}/nowhere/api/query")
    result = papers("show", *UNKNOWN)
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == (f"papers: error: not on the Hub: {UNKNOWN[0]} and 4 more; arXiv "
                        "answered 404"), lines
    assert hub.count("/nowhere/") == 1


def test_importing_a_bib_asks_an_arxiv_out_of_reach_once(
    papers, hub: HubServer, silent_arxiv: Silent, tmp_path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """.bib files of papers the Hub lacks, arXiv timing out: each entry asked arXiv again
    and waited its timeout (and arXiv's pacing), with no word said; now arXiv is asked
    once, about all the first file's papers together, and the warning for the second
    says it was not asked about them."""
    monkeypatch.setenv("PAPERS_TIMEOUT", "1")
    second = [f"2412.8888{n}" for n in range(3)]
    result = papers("import", str(eprint_bib(tmp_path / "refs.bib", UNKNOWN)),
                    str(eprint_bib(tmp_path / "more.bib", second)))
    assert result.exit_code == 0, result.stderr
    assert silent_arxiv.connections() == 1
    assert hub.count("/api/papers/") == len(UNKNOWN) + 3  # the Hub still answers for each
    assert "refs.bib (BibTeX): 5 from the file's fields; 5 stars added\n" in result.stderr
    warning = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warning) == 2, result.stderr
    # (in 80 columns: the rest, "arXiv: arXiv timed out after 1s", and "arXiv was not
    # asked about 3 of them, being out of reach", with PAPERS_DEBUG)
    assert warning == [
        "papers: warning: could not fetch 5 papers: not on the Hub; arXiv timed out",
        # (the source's failure alone beside the count: 86 columns with "not on the Hub")
        "papers: warning: could not fetch 3 papers: arXiv timed out (3 not asked)"], warning


def test_importing_bibs_asks_a_hub_out_of_reach_once(
    papers, home: Home, tmp_path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Hub timing out was asked about three entries of each file before the rest came
    from the file; now once for the whole import, and the warning counts those not asked."""
    hole = Silent()
    try:
        monkeypatch.setenv("HF_ENDPOINT", hole.url)
        monkeypatch.setenv("PAPERS_TIMEOUT", "1")
        monkeypatch.setenv("PAPERS_RETRIES", "0")
        first = eprint_bib(tmp_path / "first.bib", UNKNOWN)
        second = eprint_bib(tmp_path / "second.bib", [f"2412.8888{n}" for n in range(5)])
        result = papers("import", str(first), str(second), "--json")
        assert result.exit_code == 0, result.stderr
        assert hole.connections() == 1, result.stderr
        counts = [(r["from_file"], r["fetch_failed"], r["not_asked"])
                  for r in result.json["references"]]
        assert counts == [(5, 5, 4), (5, 5, 5)]
        starred = papers("starred", "--json", "-n", "0")
        assert starred.exit_code == 0, starred.stderr
        assert sorted(p["id"] for p in starred.json) == sorted(
            [*UNKNOWN, *(f"2412.8888{n}" for n in range(5))])
    finally:
        hole.close()



def test_searching_for_ids_asks_an_arxiv_out_of_reach_once(
    papers, hub: HubServer, silent_arxiv: Silent, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A search for ids the Hub lacks asked arXiv about each (each waiting its timeout and
    arXiv's pacing), one warning per id never saying arXiv was not asked; now arXiv is
    asked once, about them all together, and one warning names them all (and the search
    fails, exit 1, with nothing on stdout: none of the papers it was asked for)."""
    monkeypatch.setenv("PAPERS_TIMEOUT", "1")
    result = papers("search", " ".join(UNKNOWN), "--json")
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert silent_arxiv.connections() == 1
    assert hub.count("/api/papers/") == len(UNKNOWN)  # the Hub still answers for each
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[1] == (f"papers: error: the {len(UNKNOWN)} papers named are missing: nothing "
                        "listed — see above")
    # (as `papers show` says them, in 80 columns: "2412.99990, …, 2412.99994: not on the
    # Hub, and arXiv could not be asked (arXiv timed out after 1s)" made 127)
    assert lines[0] == (f"papers: warning: not on the Hub: {UNKNOWN[0]} and 4 more; arXiv "
                        "timed out"), lines


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


def test_an_endpoint_set_in_the_config_is_named_in_the_hint(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """What set the endpoint is what to check: the config's key when HF_ENDPOINT is not
    set ("check your network" sent the user to a network that was fine)."""
    monkeypatch.delenv("HF_ENDPOINT")
    write_config(home, '[hub]\nendpoint = "http://127.0.0.1:9"\n')
    done = papers("today")
    assert (done.exit_code, done.stdout) == (1, "")
    assert done.stderr == "papers: error: the Hub refused the connection — check hub.endpoint\n"


@pytest.mark.parametrize(("args", "variable", "path", "source"), [
    (("today",), "HF_ENDPOINT", "", "the Hub"),
    (("arxiv", "cs.CL"), "ARXIV_RSS_ENDPOINT", "/rss", "arXiv"),
    (("arxiv", "cs.CL", "--since", "2026-11-01"), "ARXIV_API_ENDPOINT", "/api/query", "arXiv"),
], ids=["hub", "arxiv-rss", "arxiv-api"])
def test_a_source_out_of_reach_is_named_not_only_its_host(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        args: tuple[str, ...], variable: str, path: str, source: str) -> None:
    """"127.0.0.1:9 refused the connection — check your network" did not say whether it
    was arXiv or the Hub: the line names the source, with its host where 80 columns hold
    both, else the source alone (PAPERS_DEBUG: the host and the URL). The hint names the
    variable that set the endpoint, as each source's does: arXiv's said "check your
    network" where the Hub's said "check HF_ENDPOINT", of the same refused connection."""
    monkeypatch.setenv(variable, f"http://127.0.0.1:9{path}")
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (1, "")
    host = " at 127.0.0.1:9" if source == "the Hub" else ""  # (arXiv's: 83 columns with it)
    assert done.stderr == (f"papers: error: {source}{host} refused the connection "
                           f"— check {variable}\n")
    port = _closed_port()  # (a longer host: the source alone fits)
    monkeypatch.setenv(variable, f"http://127.0.0.1:{port}{path}")
    done = papers(*args)
    assert done.stderr == f"papers: error: {source} refused the connection — check {variable}\n"
    monkeypatch.setenv(variable, f"http://papers-{port}.invalid{path}")
    line = one_line(papers(*args).stderr)
    assert line.startswith(f"papers: error: cannot find {source}'s host"), line
    assert cell_width(line) <= 80, line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    monkeypatch.setenv(variable, f"http://127.0.0.1:{port}{path}")
    line = one_line(papers(*args).stderr)
    assert line.startswith(f"papers: error: {source} at 127.0.0.1:{port} refused the "
                           f"connection [http://127.0.0.1:{port}{path}"), line
