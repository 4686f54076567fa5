"""Many ids the library lacks (`show`, `star`, ids piped in, a reference file's entries):
the Hub is asked about several at once, a few at a time, where one at a time took 20-60 s
for 200 ids. Each run is compared with the same command asking one at a time: the same
output, errors and library, and no request that asking one at a time would not make but
those in flight when a Hub that answered fine starts failing."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Home, Papers, Result, eprint_bib, interrupt_when
from hubserver import HubServer, seed_items
from papercli import library

DAY = datetime(2024, 1, 15, tzinfo=UTC)


def on_hub(hub: HubServer, n: int, start: int = 1) -> list[str]:
    """n papers the Hub has a page for; their ids."""
    made = []
    for k in range(start, start + n):
        paper = copy.deepcopy(seed_items()[k % 19]["paper"])
        paper["id"] = f"2402.{k:05d}"
        paper["title"] = f"On the Hub, number {k}"
        hub.add_paper(paper)
        made.append(paper["id"])
    return made


def on_arxiv(server: ArxivServer, n: int, start: int = 1) -> list[str]:
    """n papers only arXiv has (the Hub answers 404 for them); their ids."""
    made = [Paper(f"2401.{k:05d}", f"Only on arXiv, number {k}", ["cs.CL"], DAY)
            for k in range(start, start + n)]
    server.add(*made)
    return [p.id for p in made]


def one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing asked ahead: every id asks the Hub itself, in turn, as before."""
    monkeypatch.setattr(library._Ahead, "send", lambda self, at, failed: None)


def fresh(home: Home, hub: HubServer) -> None:
    """An empty library and user database, and a Hub that has heard nothing yet."""
    shutil.rmtree(home.cache, ignore_errors=True)
    shutil.rmtree(home.data, ignore_errors=True)
    hub.reset_log()
    hub.state.faults.clear()
    hub.state.max_inflight = 0


def both(papers: Papers, home: Home, hub: HubServer, monkeypatch: pytest.MonkeyPatch,
         *args: str, input: str | None = None, script: Callable[[], None] | None = None
         ) -> tuple[Result, Result, int, list[str]]:
    """The command run as it is, then asking one at a time, each in a fresh home and
    after `script` (the Hub's faults): (the first's result, the second's, the most Hub
    requests the first had in flight at once, the paths the first asked for)."""
    fresh(home, hub)
    if script is not None:
        script()
    now = papers(*args, input=input)
    inflight = hub.state.max_inflight
    asked = [r.path for r in hub.requests]
    fresh(home, hub)
    if script is not None:
        script()
    with monkeypatch.context() as patch:
        one_at_a_time(patch)
        before = papers(*args, input=input)
    if script is None:  # (a hanging answer of the first run may still be in flight)
        assert hub.state.max_inflight == 1  # (the reference did ask one at a time)
    return now, before, inflight, asked


def test_show_asks_the_hub_a_few_ids_at_a_time_with_the_same_answers(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    hub.state.latency = 0.02  # each answer takes a while, so several are in flight
    found = on_hub(hub, 30)
    elsewhere = on_arxiv(arx, 4)
    ids = [*found[:10], elsewhere[0], *found[10:20], *elsewhere[1:], found[3],
           *found[20:]]  # (one id twice)
    now, before, inflight, asked = both(papers, home, hub, monkeypatch,
                                        "show", "-", "--json", input="\n".join(ids))
    assert now == before and now.exit_code == 0, now.stderr
    assert now.ids == list(dict.fromkeys(ids))  # (the one given twice shown once)
    assert 1 < inflight <= library.HUB_LOOKUPS
    assert sorted(asked) == sorted(f"/api/papers/{pid}" for pid in dict.fromkeys(ids))
    assert len(arx.requests) == 2  # (once per run: arXiv asked about its 4 together)
    again = papers("show", *ids, "--json", "--offline")  # stored, as one at a time was
    assert again.exit_code == 0 and again == now, again.stderr


def test_ids_found_nowhere_are_named_as_when_asked_one_at_a_time(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    hub.state.latency = 0.02
    found = on_hub(hub, 12)
    nowhere = ["2401.09997", "2401.09998", "2401.09999"]
    ids = [nowhere[0], *found[:6], nowhere[1], *found[6:], nowhere[2]]
    now, before, inflight, _ = both(papers, home, hub, monkeypatch, "star", *ids)
    assert now == before and now.exit_code == 1 and now.stdout == ""
    assert now.stderr.splitlines() == [  # (the others starred; the ids named in 80 columns)
        "papers: starred 12 papers",
        "papers: error: not on the Hub or arXiv: 2401.09997 and 2 more — check the ids"]
    assert 1 < inflight <= library.HUB_LOOKUPS


def test_star_of_ids_piped_in_stores_each_in_the_order_given(
        papers: Papers, home: Home, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.state.latency = 0.02
    ids = list(reversed(on_hub(hub, 40)))
    now, before, inflight, _ = both(papers, home, hub, monkeypatch,
                                    "star", "-", input="\n".join(ids) + "\n")
    assert now == before and now.exit_code == 0, now.stderr
    assert 1 < inflight <= library.HUB_LOOKUPS
    starred = papers("starred", "--json")
    assert starred.exit_code == 0 and sorted(starred.ids) == sorted(ids), starred.stderr


def test_a_hub_error_for_one_id_leaves_the_others_shown(
        papers: Papers, home: Home, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`show` of ids the Hub fails for one of (an unusable answer for its page, not
    retried) showed nothing, the Hub's error alone; now, as `star` does, the others are
    shown (and stored) and the one is named after them, exit 1: the same as asking one
    at a time. (A failure after the transport's retries stops the lookup: below.)"""
    hub.state.latency = 0.02
    ids = on_hub(hub, 20)
    now, before, _, _ = both(papers, home, hub, monkeypatch, "show", *ids, "--json",
                             script=lambda: hub.fail("malformed", path=f"/api/papers/{ids[8]}"))
    assert now == before and now.exit_code == 1
    others = [pid for pid in ids if pid != ids[8]]
    assert now.ids == others
    (line,) = now.stderr.splitlines()  # (the id, or "1 paper", as 80 columns allow)
    assert line.startswith("papers: error: not shown: ") and "(the Hub sent " in line, line
    shown = papers("show", *others, "--json", "--offline")
    assert shown.exit_code == 0 and shown.ids == others, shown.stderr
    assert papers("show", ids[8], "--offline").exit_code == 1


UNKNOWN = [f"2501.{k:05d}" for k in range(1, 11)]  # ten ids the library lacks


@pytest.mark.parametrize(("command", "said"), [
    pytest.param(["show"], "papers: error: not shown: 10 papers (the Hub answered 500) — "
                 "try again later", id="show"),
    pytest.param(["star"], "papers: error: not starred: 10 papers (the Hub answered 500) "
                 "— try again later", id="star"),
    pytest.param(["open", "--code"], "papers: error: not opened: 10 papers (the Hub "
                 "answered 500) — try again later", id="open"),
    pytest.param(["tag", "later"], "papers: warning: 10 papers not in the library yet, "
                 "tagged anyway: papers show ID", id="tag"),
])
def test_a_hub_answering_500_to_every_request_is_asked_about_one_id_not_each(
        papers: Papers, hub: HubServer, browser: Path, monkeypatch: pytest.MonkeyPatch,
        command: list[str], said: str) -> None:
    """Ten ids the library lacks, a Hub answering 500 to everything: each id was asked
    with all its retries (40 requests, ~15 s before a word). Once one request has failed
    after its retries, the ids after it are not asked: one id's attempts in all, and
    the one line that names the ids not had (a Hub out of reach said so already),
    exit as before."""
    monkeypatch.setenv("PAPERS_RETRIES", "2")  # three attempts a request
    hub.fail("500", times=100, path="/api/papers/")
    name, *rest = command
    argv = [name, *UNKNOWN, *rest]
    result = papers(*argv)
    assert hub.count("/api/papers/") == 3  # (not 30: three for each id)
    assert result.stderr.splitlines()[0] == said, result.stderr
    if name == "tag":  # (marked unchecked, as with the Hub out of reach)
        assert result.exit_code == 0, result.stderr
        return
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not browser.exists()
    hub.reset_log()  # every id named in the whole line (PAPERS_DEBUG: its long form)
    whole = papers(*argv, env={"PAPERS_DEBUG": "1"})
    assert whole.exit_code == 1 and hub.count("/api/papers/") == 3, whole.stderr
    (line,) = whole.stderr.splitlines()
    assert line.startswith("papers: error: not ") and "HTTP 500" in line, line
    assert all(pid in line for pid in UNKNOWN), line


async def test_the_mcp_tools_ask_a_hub_answering_500_about_one_id_not_each(
        hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """The MCP tools look ids up as the commands do (`reading.look_up`): `star` of ten
    ids the Hub answers 500 for asks one id's attempts, and names them all."""
    from test_mcp import error, server

    monkeypatch.setenv("PAPERS_RETRIES", "2")
    hub.fail("500", times=100, path="/api/papers/")
    async with server("--allow-writes", "--online") as session:
        said = await error(session, "star", ids=UNKNOWN)
    assert hub.count("/api/papers/") == 3
    assert said.startswith("not starred: ") and "500" in said, said
    assert all(pid in said for pid in UNKNOWN), said


def test_a_page_failing_after_its_retries_leaves_the_ids_after_it_unasked(
        papers: Papers, home: Home, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Hub answers 500 for one id's page, each time: the ids before it are shown, it
    and those after it named, not shown, as asking one at a time does; none is asked
    once it failed (those asked ahead while it was retried excepted: HUB_AHEAD at most,
    their answers unused, as when the Hub stops answering)."""
    monkeypatch.setenv("PAPERS_RETRIES", "1")
    hub.state.latency = 0.02
    ids = on_hub(hub, 40)

    def failing_page() -> None:
        hub.fail("500", times=2, path=f"/api/papers/{ids[8]}")

    now, before, _, asked = both(papers, home, hub, monkeypatch, "show", *ids, "--json",
                                 script=failing_page)
    assert now == before and now.exit_code == 1, now.stderr
    assert now.ids == ids[:8]
    assert now.stderr == ("papers: error: not shown: 32 papers (the Hub answered 500) — "
                          "try again later\n")
    assert asked.count(f"/api/papers/{ids[8]}") == 2  # (its retry)
    assert set(asked) >= {f"/api/papers/{pid}" for pid in ids[:9]}
    assert set(asked) <= {f"/api/papers/{pid}" for pid in ids[:8 + library.HUB_AHEAD]}
    assert papers("show", *ids[9:], "--json").ids == ids[9:]  # the Hub answers again


@pytest.mark.parametrize("command", [["show", "--json"], ["star"]])
def test_an_unknown_id_leaves_the_ids_after_it_asked(
        papers: Papers, hub: HubServer, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    """The Hub's 404 (an id it has no page for) is no failure of the Hub's: every id is
    asked, the others shown, the unknown one named."""
    monkeypatch.setenv("PAPERS_RETRIES", "2")
    ids = ["2402.09999", *on_hub(hub, 9)]  # (the first: unknown to the Hub and arXiv)
    result = papers(command[0], *ids, *command[1:])
    assert hub.count("/api/papers/") == 10
    assert result.exit_code == 1, result.stderr
    assert "2402.09999" in result.stderr.splitlines()[-1], result.stderr
    if command[0] == "show":
        assert result.ids == ids[1:]
    else:
        assert sorted(papers("starred", "--json").ids) == sorted(ids[1:])


def test_a_rate_limit_waited_out_leaves_the_ids_after_it_asked(
        papers: Papers, hub: HubServer) -> None:
    """A 429 with Retry-After is the transport's to wait out and ask again, as before:
    the page answered then, nothing is given up, every id asked."""
    ids = on_hub(hub, 5)
    hub.fail("429", path="/api/papers/", retry_after="0.01")
    result = papers("show", *ids, "--json")
    assert result.exit_code == 0 and result.ids == ids, result.stderr
    assert hub.count("/api/papers/") == 6  # (the 429, asked again, and the other four)


def test_a_reference_file_asks_a_failing_hub_no_more_than_the_workers_had_in_flight(
        papers: Papers, home: Home, hub: HubServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An import gives up after three errors in a row: the ids past them are not asked
    but for those already in flight when the first error came (one per other worker),
    and the counts are those of asking one at a time."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    hub.state.latency = 0.02
    ids = on_hub(hub, 30)
    failing = ids[10:]

    def failing_hub() -> None:
        for pid in failing:
            hub.fail("500", path=f"/api/papers/{pid}")

    bib = str(eprint_bib(tmp_path / "refs.bib", ids))
    now, before, inflight, asked = both(papers, home, hub, monkeypatch, "import", bib,
                                        "--json", script=failing_hub)
    assert now == before and now.exit_code == 0, now.stderr
    counts = now.json["references"][0]
    assert (counts["fetched"], counts["fetch_failed"]) == (10, 20)
    assert {f"/api/papers/{pid}" for pid in ids[:13]} <= set(asked)
    assert len(asked) == len(set(asked)) <= 13 + library.HUB_LOOKUPS - 1
    assert 1 < inflight <= library.HUB_LOOKUPS


def test_a_hub_out_of_reach_from_the_start_is_asked_once(
        papers: Papers, home: Home, hub: HubServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Until the Hub has answered once, one id is asked at a time: a Hub that never
    answers is asked once, and each id given its error, as asking one at a time did."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    monkeypatch.setenv("PAPERS_TIMEOUT", "1")
    ids = on_hub(hub, 40)

    def hanging() -> None:
        for _ in ids:
            hub.fail("hang", path="/api/papers/", hang=4.0)

    bib = str(eprint_bib(tmp_path / "refs.bib", ids))
    now, before, _, asked = both(papers, home, hub, monkeypatch, "import", bib, "--json",
                                 script=hanging)
    assert now == before and now.exit_code == 0, now.stderr
    counts = now.json["references"][0]
    assert (counts["fetched"], counts["from_file"]) == (0, 40)
    assert len(asked) == 1


@pytest.mark.parametrize("command", [["show", "--json"], ["import", "--json"]])
def test_a_hub_found_out_of_reach_is_asked_a_few_times_more_not_once_per_id(
        papers: Papers, home: Home, hub: HubServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    """The Hub answers the first id, then times out: the ids the workers had not sent
    yet are not sent, and the result is the one of asking one at a time."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    monkeypatch.setenv("PAPERS_TIMEOUT", "1")
    ids = on_hub(hub, 40)

    def answers_once() -> None:
        hub.fail("ok", path="/api/papers/")
        for _ in ids:
            hub.fail("hang", path="/api/papers/", hang=4.0)

    given = ([*ids] if command[0] == "show"
             else [str(eprint_bib(tmp_path / "refs.bib", ids))])
    now, before, _, asked = both(papers, home, hub, monkeypatch, command[0], *given,
                                 *command[1:], script=answers_once)
    assert now == before, now.stderr
    assert "timed out" in now.stderr or command[0] == "import", now.stderr
    # the first, and at most one more for each worker
    assert 2 <= len(asked) <= 1 + library.HUB_LOOKUPS


@pytest.mark.parametrize("command", ["search", "import"])
def test_ids_searched_for_or_in_a_reference_file_are_asked_several_at_once(
        papers: Papers, home: Home, hub: HubServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    """`search ID ID ...` asked the Hub one id at a time (it stops at the first error) and
    a reference file three at a time (it stops after three): once the Hub has answered
    fine, HUB_LOOKUPS are in flight at once, with the answers of asking one at a time.
    (Each of the next HUB_LOOKUPS requests is answered only once all are in flight;
    asked fewer at a time, they fail.)"""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    monkeypatch.setenv("PAPERS_TIMEOUT", "30")  # (longer than the gathering may wait)
    ids = on_hub(hub, 30)
    given = ([*ids, "--json", "-n", "30"] if command == "search"
             else [str(eprint_bib(tmp_path / "refs.bib", ids)), "--json"])
    fresh(home, hub)
    hub.fail("ok", path="/api/papers/")  # the first, alone
    hub.gather(library.HUB_LOOKUPS)
    now = papers(command, *given)
    assert now.exit_code == 0 and hub.state.max_inflight == library.HUB_LOOKUPS, now.stderr
    assert sorted(r.path for r in hub.requests) == sorted(f"/api/papers/{p}" for p in ids)
    if command == "search":
        assert now.ids == ids and now.stderr == "", now.stderr
    else:
        counts = now.json["references"][0]
        assert (counts["fetched"], counts["fetch_failed"]) == (30, 0)
    fresh(home, hub)
    with monkeypatch.context() as patch:  # one at a time, of a Hub answering each at once
        one_at_a_time(patch)
        assert papers(command, *given) == now


def test_a_search_for_ids_asks_a_hub_that_starts_failing_only_what_was_in_flight(
        papers: Papers, home: Home, hub: HubServer, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    """`search ID ID ...` stops asking at the first error: looked up several at once, its
    output is the same, and the ids after it that were asked are only those already in
    flight (one per other worker), not each id the search was given."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    hub.state.latency = 0.02
    ids = on_hub(hub, 40)

    def failing_hub() -> None:
        for pid in ids[10:]:
            hub.fail("500", path=f"/api/papers/{pid}")

    now, before, inflight, asked = both(papers, home, hub, monkeypatch, "search", *ids,
                                        "--json", "-n", "40", script=failing_hub)
    assert now == before and now.exit_code == 1, now.stderr  # (30 ids not had: a failure)
    assert now.ids == ids[:10]
    warning, error = now.stderr.splitlines()
    assert warning.endswith("; 29 of them not asked after that"), now.stderr
    assert error == ("papers: error: 30 of 40 papers named were not listed — see the "
                     "warning above"), error  # (one warning says why for all 30)
    assert {f"/api/papers/{pid}" for pid in ids[:11]} <= set(asked)
    assert len(asked) == len(set(asked)) <= 11 + library.HUB_LOOKUPS - 1
    assert 1 < inflight <= library.HUB_LOOKUPS


def test_ctrl_c_while_the_hub_is_asked_exits_130_at_once(
        hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers in the middle of requests that never end do not hold the exit up."""
    ids = on_hub(hub, 30)
    hub.fail("ok", path="/api/papers/")  # (the Hub answers: several are asked at once)
    for _ in ids:
        hub.fail("hang", path="/api/papers/", hang=120)
    monkeypatch.setenv("PAPERS_TIMEOUT", "120")
    code, out, err = interrupt_when(lambda: hub.count("/api/papers/") >= 3, "show", *ids)
    assert code == 130 and out == ""
    assert err.strip() == "papers: error: interrupted"


def test_the_count_shows_each_workers_note_until_it_clears_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker's request ending does not blank another's retry note on the line."""
    import threading

    said: list[str | None] = []

    class Session:
        offline = False
        progress = staticmethod(said.append)

    count = library._Count(Session(), 5)  # type: ignore[arg-type]
    count("fetching http://hub/api/papers/1…")
    other = threading.Thread(target=count, args=("Hub answered 503; retrying in 1 s, 1 of 3",))
    other.start()
    other.join()
    count(None)
    assert said[-1] == "looking up papers: 0 of 5 · Hub answered 503; retrying in 1 s, 1 of 3"
    count.close()
    worker = threading.Thread(target=lambda: (setattr(library._worker, "lookups", True),
                                              count("fetching late…")))
    worker.start()
    worker.join()
    assert said[-1] is None  # closed: a worker still in flight is not heard


def test_a_failure_points_at_its_warnings_as_many_as_were_said(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """"the warnings above" when two lines say why (here: the ids not looked up, and the
    one neither the Hub nor arXiv has); one line naming every paper missing ("could not
    fetch A, B …", test_search) is "the warning above", where it said "warnings"."""
    from papercli import search

    ids = on_hub(hub, 2)
    monkeypatch.setattr(search, "MAX_QUERY_IDS", 2)
    result = papers("search", "2402.99999", *ids, "--json")
    assert result.exit_code == 1, result.stderr
    *warnings, error = result.stderr.splitlines()
    assert len(warnings) == 2 and all("warning" in w for w in warnings), result.stderr
    assert error == ("papers: error: 2 of 3 papers named were not listed — the warnings "
                     "above say why")
