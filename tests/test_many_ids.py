"""Commands given many ids the library lacks (`show`, `star`, `tag`, `related`, ids piped
in with `-`): the Hub is asked about each, then arXiv about all the Hub's misses in one
`id_list` request (100 ids a request), not one request per id ~3 s apart. Counted on the
loopback Hub and arXiv."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from arxivserver import ArxivServer, Paper
from conftest import Papers, eprint_bib, one_line
from hubserver import HubServer, seed_items

DAY = datetime(2024, 1, 15, tzinfo=UTC)


def on_arxiv(server: ArxivServer, n: int, start: int = 1) -> list[str]:
    """n papers only arXiv has (the Hub answers 404 for them); their ids."""
    made = [Paper(f"2401.{k:05d}", f"Only on arXiv, number {k}", ["cs.CL"], DAY)
            for k in range(start, start + n)]
    server.add(*made)
    return [p.id for p in made]


def id_lists(server: ArxivServer) -> list[list[str]]:
    """The ids each API request asked about."""
    return [r.params["id_list"].split(",") for r in server.requests
            if r.path.startswith("/api")]


def test_show_asks_arxiv_once_for_every_id_the_hub_lacks(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """Six ids only arXiv has: six API requests, each waiting out arXiv's ~3 s (16.6 s);
    now one, and the papers come out in the order given."""
    ids = on_arxiv(arx, 6)
    shown = papers("show", *reversed(ids), "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.ids == list(reversed(ids))
    assert shown.json[0]["title"] == "Only on arXiv, number 6"
    assert id_lists(arx) == [list(reversed(ids))]
    assert hub.count("/api/papers/") == 6  # the Hub is still asked about each
    again = papers("show", *ids, "--json", "--offline")  # stored, as one at a time was
    assert again.exit_code == 0 and again.ids == ids, again.stderr


def test_ids_arxiv_lacks_are_named_together_after_one_request(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    ids = on_arxiv(arx, 3)
    nowhere = ["2401.09998", "2401.09999"]
    result = papers("show", ids[0], nowhere[0], ids[1], nowhere[1], ids[2], "--json")
    assert result.exit_code == 1 and result.ids == ids  # (the others shown, as gh does)
    assert one_line(result.stderr) == (
        "papers: error: not on the Hub or arXiv: 2401.09998, 2401.09999 — check the ids")
    assert id_lists(arx) == [[ids[0], nowhere[0], ids[1], nowhere[1], ids[2]]]


def test_many_ids_piped_in_ask_arxiv_a_hundred_at_a_time(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """150 ids piped to `show -`: two API requests (100, then 50), not 150."""
    ids = on_arxiv(arx, 150)
    shown = papers("show", "-", "--json", input="\n".join(ids) + "\n")
    assert shown.exit_code == 0, shown.stderr
    assert shown.ids == ids
    assert id_lists(arx) == [ids[:100], ids[100:]]
    assert [r.params["max_results"] for r in arx.requests] == ["100", "50"]


@pytest.mark.parametrize("command", [["star"], ["tag"], ["related"]])
def test_other_commands_ask_arxiv_once_too(
        papers: Papers, hub: HubServer, arx: ArxivServer, command: list[str]) -> None:
    hub.set_day("2026-11-20", seed_items()[:2])
    assert papers("day", "2026-11-20").exit_code == 0  # `related` needs a library
    ids = on_arxiv(arx, 5)
    args = [*command, *ids] + (["robotics"] if command == ["tag"] else [])
    result = papers(*args)
    assert result.exit_code == 0, result.stderr
    assert id_lists(arx) == [ids]
    if command == ["star"]:
        assert papers("starred", "--json").ids == ids


def test_an_error_feed_naming_one_id_leaves_the_others_found(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """arXiv refuses a whole query for one id it finds malformed: that id is said to be
    refused (not nowhere: arXiv did not say it has no such paper), with arXiv's words,
    and the others are asked again and found."""
    ids = on_arxiv(arx, 3)
    arx.fail("error_feed", message=f"incorrect id format for {ids[1]}")
    result = papers("show", *ids, "--json")
    assert result.exit_code == 1 and result.ids == [ids[0], ids[2]]
    # In 80 columns (157 with arXiv's words and the Hub's advice: PAPERS_DEBUG says them)
    assert one_line(result.stderr) == (
        f"papers: error: {ids[1]} is not on the Hub; arXiv refused the id — check the id")
    assert id_lists(arx) == [ids, [ids[0], ids[2]]]
    found = papers("show", ids[0], ids[2], "--json", "--offline")  # kept from the retry
    assert found.exit_code == 0 and found.ids == [ids[0], ids[2]], found.stderr


def test_the_lookup_is_counted_on_a_terminal(
        hub: HubServer, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, a lookup of several ids that takes a while says how far along it is
    (and what it waits for) on the status line, erased before the answer."""
    from conftest import installed_papers, screen_lines, screens, stderr_on_terminal

    ids = on_arxiv(arx, 4)
    arx.fail("slow", delay=1.5)  # arXiv's answer takes longer than the status line waits
    code, stdout, text = stderr_on_terminal([installed_papers(), "show", *ids, "--json"])
    assert code == 0, text
    assert [p["id"] for p in json.loads(stdout)] == ids
    said = [line for screen in screens(text) for line in screen]
    assert "looking up papers: 4 of 4 · asking arXiv about 4 papers not on the Hub" in said, said
    assert not any(line.endswith("· asking arXiv…") for line in said), said  # (said twice)
    assert screen_lines(text) == [], text


def test_a_search_for_ids_asks_arxiv_once_for_every_id_the_hub_lacks(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """`papers search ID ID ...` of ids only arXiv has asked arXiv about each in turn, ~3 s
    apart; now once, the papers listed in the order given and an id found nowhere said
    (and a failure: exit 1)."""
    ids = on_arxiv(arx, 5)
    nowhere = "2401.09999"
    found = papers("search", *ids[:2], nowhere, *ids[2:], "--json")
    assert found.exit_code == 1, found.stderr
    assert found.ids == ids
    assert found.stderr.splitlines() == [
        f"papers: warning: paper {nowhere} is on neither the Hub nor arXiv — check the id",
        f"papers: error: {nowhere} was not listed — the warning above says why"]
    assert id_lists(arx) == [[*ids[:2], nowhere, *ids[2:]]]
    assert hub.count("/api/papers/") == 6
    assert papers("search", *ids, "--offline", "--json").ids == ids  # kept in the library


def test_a_search_for_ids_asks_nothing_more_after_the_hub_fails(
        papers: Papers, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The Hub failing for one id (not out of reach: an error status) was the last it was
    asked (but for the ids already in flight), and arXiv asked about none after it;
    looked up together, it still is."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    ids = on_arxiv(arx, 4)
    hub.fail("500", path=f"/api/papers/{ids[1]}")
    result = papers("search", *ids, "--json")
    assert result.exit_code == 1, result.stderr  # (the papers it could not have: a failure)
    assert result.ids == [ids[0]]
    said, failed = result.stderr.splitlines()
    assert failed.startswith("papers: error: 3 of 4 papers named were not listed"), failed
    assert said.startswith(f"papers: warning: could not fetch {', '.join(ids[1:])}: "), said
    assert said.endswith("; 2 of them not asked after that"), said
    assert 2 <= hub.count("/api/papers/") <= len(ids)
    assert id_lists(arx) == [[ids[0]]]


def test_a_search_for_more_ids_than_a_searchs_words_looks_them_all_up(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers search` of 70 ids (more than the 64 words a search of words uses) was
    searched as words: "2402.00001 … are paper ids, not a paper's words: give ids alone",
    then "No papers.". Each is looked up now; past MAX_QUERY_IDS, the first are, said (the
    others not listed: a failure, exit 1)."""
    from papercli import search

    ids = []
    for k in range(1, 71):
        paper = {**seed_items()[k % 19]["paper"], "id": f"2402.{k:05d}"}
        hub.add_paper(paper)
        ids.append(paper["id"])
    found = papers("search", *ids, "--json", "-n", "100")
    assert found.exit_code == 0 and found.stderr == "", found.stderr
    assert found.ids == ids
    assert hub.count("/api/papers/") == len(ids)
    monkeypatch.setattr(search, "MAX_QUERY_IDS", 50)
    first = papers("search", *ids, "--json", "-n", "100")
    assert first.exit_code == 1 and first.ids == ids[:50], first.stderr
    assert first.stderr.splitlines() == [
        "papers: warning: looking up the first 50 of the 70 ids given",
        "papers: error: 20 of 70 papers named were not listed — see the warning above"]
    # Offline nothing is asked of the Hub: every id is looked up in the library (`export`
    # of 1,500 starred ids exported 1,000 and failed for the rest).
    offline = papers("search", *ids, "--json", "-n", "100", "--offline")
    assert (offline.exit_code, offline.stderr, offline.ids) == (0, "", ids)
    exported = papers("export", *ids, "--format", "jsonl")
    assert (exported.exit_code, exported.stderr) == (0, "")
    assert [json.loads(line)["id"] for line in exported.stdout.splitlines()] == ids


def test_importing_references_asks_arxiv_once_for_the_papers_the_hub_lacks(
        papers: Papers, hub: HubServer, arx: ArxivServer, tmp_path: Path) -> None:
    """A .bib of papers only arXiv has: each entry asked arXiv in turn, ~3 s apart (a file
    of 200 such papers took ten minutes); now once for the batch, each counted as before."""
    ids = on_arxiv(arx, 5)
    nowhere = "2401.09999"
    result = papers("import", str(eprint_bib(tmp_path / "refs.bib", [*ids, nowhere])), "--json")
    assert result.exit_code == 0, result.stderr
    counts = result.json["references"][0]
    assert (counts["fetched"], counts["from_file"], counts["fetch_failed"],
            counts["not_asked"], counts["starred"]) == (5, 1, 1, 0, 6)
    assert id_lists(arx) == [[*ids, nowhere]]
    assert hub.count("/api/papers/") == 6
    shown = papers("show", ids[0], "--offline", "--json")  # arXiv's record, kept
    assert shown.exit_code == 0 and shown.json["title"] == "Only on arXiv, number 1"


def test_importing_references_gives_up_on_a_failing_hub_after_three(
        papers: Papers, hub: HubServer, arx: ArxivServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Hub answering 500 to every paper: three entries asked, the rest from the file."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    ids = on_arxiv(arx, 6)
    hub.fail("500", times=10, path="/api/papers/")
    result = papers("import", str(eprint_bib(tmp_path / "refs.bib", ids)), "--json")
    assert result.exit_code == 0, result.stderr
    counts = result.json["references"][0]
    assert (counts["fetched"], counts["from_file"], counts["fetch_failed"],
            counts["not_asked"]) == (0, 6, 6, 0)
    assert hub.count("/api/papers/") == 3
    assert id_lists(arx) == []


def test_open_code_asks_arxiv_once_for_every_id_the_hub_lacks(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """`papers open --code` of ids only arXiv has looked each up in turn, ~3 s apart; now
    arXiv is asked once, and the ones without a code link are named together (after the
    one with a code link is opened)."""
    paper = {**seed_items()[0]["paper"], "id": "2401.08888",
             "githubRepo": "https://github.com/example/coded"}
    hub.add_paper(paper)
    ids = on_arxiv(arx, 4)
    result = papers("open", "--code", "-n", paper["id"], *ids)
    assert result.exit_code == 1 and result.stdout == "https://github.com/example/coded\n"
    assert one_line(result.stderr) == (  # (80 columns: the first two named)
        f"papers: error: no code link on the Hub for {', '.join(ids[:2])} and 2 more")
    assert id_lists(arx) == [ids]
    coded = papers("open", "--code", "-n", paper["id"])
    assert coded.exit_code == 0 and coded.stdout == "https://github.com/example/coded\n"


def test_importing_with_arxiv_failing_counts_only_the_papers_it_was_not_asked_about(
        papers: Papers, hub: HubServer, arx: ArxivServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """150 papers only arXiv has, arXiv answering 503: the first 100 were asked (in one
    request), the other 50 not, and the warning counts those 50."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    ids = on_arxiv(arx, 150)
    arx.fail("status", status=503, times=5)
    result = papers("import", str(eprint_bib(tmp_path / "refs.bib", ids)))
    assert result.exit_code == 0, result.stderr
    assert id_lists(arx) == [ids[:100]]
    warning = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning == ["papers: warning: could not fetch 150 papers: arXiv answered 503 "
                       "(50 not asked)"], warning  # (in 80 columns: 94 with "not on the Hub")


# -- the search index: caught up once per command, not once per paper fetched -------------


def index_commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each commit of the search index from now on (one entry each): every writer the
    index module opens is wrapped to count its commits."""
    from papercli.db import textindex

    commits: list[int] = []
    opened = textindex._writer

    class Counted:
        def __init__(self, writer: Any) -> None:
            self.writer = writer

        def commit(self) -> Any:
            commits.append(1)
            return self.writer.commit()

        def __getattr__(self, name: str) -> Any:
            return getattr(self.writer, name)

    def counted(index: Any, threads: int = 1) -> Any:
        writer = opened(index, threads)
        return None if writer is None else Counted(writer)

    monkeypatch.setattr(textindex, "_writer", counted)
    return commits


def on_hub(hub: HubServer, n: int) -> list[str]:
    """n papers the Hub has a page for (the library lacks them); their ids."""
    ids = []
    for k in range(1, n + 1):
        paper = {**seed_items()[k % 19]["paper"], "id": f"2402.{k:05d}",
                 "title": f"Wombat study number {k}"}
        hub.add_paper(paper)
        ids.append(paper["id"])
    return ids


def searched(papers: Papers, words: str) -> list[str]:
    found = papers("search", words, "--offline", "-n", "0", "-f", "ids")
    assert found.exit_code == 0, found.stderr
    return sorted(found.stdout.split())


@pytest.mark.parametrize("command", [["show"], ["star"], ["related"]])
def test_papers_fetched_by_one_command_commit_the_index_once(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    """`papers show ID ID ...` of papers fetched from the Hub committed the search index
    (and waited for its merges) after each one: 15 papers took 2.8 s, 0.2 s once stored.
    Each is still stored on its own, and the index catches up once, at the end."""
    hub.set_day("2026-11-20", seed_items()[:2])
    assert papers("day", "2026-11-20").exit_code == 0  # `related` needs a library
    assert searched(papers, "wombat") == []  # (and the index is made)
    ids = on_hub(hub, 5)
    commits = index_commits(monkeypatch)
    result = papers(*command, *ids)
    assert result.exit_code == 0, result.stderr
    assert hub.count("/api/papers/") == 5
    assert len(commits) == 1
    assert searched(papers, "wombat") == ids  # in the index: no catch-up left to do
    assert len(commits) == 1


def test_a_failure_part_way_keeps_the_papers_before_it_in_the_index(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Hub failing for the third id (an unusable answer for its page: the ids after
    it are still asked): the others are fetched and stay stored (the two before it too),
    and the index, caught up once on the way out, finds them."""
    hub.set_day("2026-11-20", seed_items()[:2])  # a library, so the search makes its index
    assert papers("day", "2026-11-20").exit_code == 0  # (none is made for no library)
    assert searched(papers, "wombat") == []
    ids = on_hub(hub, 4)
    hub.fail("malformed", path=f"/api/papers/{ids[2]}")
    commits = index_commits(monkeypatch)
    result = papers("show", *ids, "-q")
    kept = [pid for pid in ids if pid != ids[2]]
    assert result.exit_code == 1 and result.stdout.split() == kept
    assert len(commits) == 1
    assert searched(papers, "wombat") == kept
    assert len(commits) == 1


def test_starred_papers_put_back_for_related_commit_the_index_once(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`related A B C` of starred papers a `cache clear` took from the library puts each
    back from its star: one commit of the index for them all, not one each."""
    ids = on_hub(hub, 3)
    assert papers("star", *ids).exit_code == 0
    assert papers("cache", "clear", "--yes").exit_code == 0
    hub.set_day("2026-11-20", seed_items()[:2])
    assert papers("day", "2026-11-20").exit_code == 0
    assert searched(papers, "wombat") == []
    commits = index_commits(monkeypatch)
    result = papers("related", *ids, "--offline")
    assert result.exit_code == 0, result.stderr
    assert len(commits) == 1
    assert searched(papers, "wombat") == ids
    assert len(commits) == 1


def test_references_fetched_by_an_import_commit_the_index_once(
        papers: Papers, hub: HubServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An import fetching the papers a .bib names defers the index itself: the lookup
    inside it leaves the catch-up to the import, whose one commit also holds the paper
    made from the file after it (one the Hub lacks, arXiv out of reach)."""
    assert searched(papers, "wombat") == []
    ids = on_hub(hub, 3)
    commits = index_commits(monkeypatch)
    refs = eprint_bib(tmp_path / "refs.bib", [*ids, "2401.09999"])
    result = papers("import", str(refs), "--json")
    assert result.exit_code == 0, result.stderr
    counts = result.json["references"][0]
    assert (counts["fetched"], counts["from_file"]) == (3, 1)
    assert len(commits) == 1
    assert searched(papers, "wombat") == ids
    assert searched(papers, "entry") == ["2401.09999"]
    assert len(commits) == 1


def test_one_id_s_status_line_names_arxiv_and_a_silent_arxiv_is_asked_twice(
        hub: HubServer, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """One id the Hub lacks, arXiv answering 503 then slowly: the status line read
    "fetching http://127.0.0.1:…/api/query (retry 1 of 3)…", a raw address, where a sync
    says "asking arXiv…"; it names arXiv, as the retry's note does. arXiv not answering
    at all was asked four times, each waiting out `network.timeout` (50 s at 10 s): it
    is asked twice, and the line says it timed out."""
    from conftest import installed_papers, screens, stderr_on_terminal

    [pid] = on_arxiv(arx, 1)
    arx.fail("status", status=503, retry_after="1", path="/api")
    arx.fail("slow", delay=1.5, path="/api")
    code, _, text = stderr_on_terminal([installed_papers(), "show", pid, "--json"])
    assert code == 0, text
    said = [line for screen in screens(text) for line in screen]
    assert "arXiv answered 503; retrying in 1 s, 1 of 3" in said, said
    assert "asking arXiv (retry 1 of 3)…" in said, said
    assert not any("/api/query" in line for line in said), said

    monkeypatch.setenv("PAPERS_TIMEOUT", "0.5")
    arx.fail("slow", delay=2, times=4, path="/api")
    asked = len(id_lists(arx))
    code, _, text = stderr_on_terminal([installed_papers(), "show", "2401.99999"])
    assert code == 1
    assert [line for screen in screens(text) for line in screen][-1:] == [
        "papers: error: 2401.99999 is not on the Hub; arXiv timed out — try later"], text
    assert len(id_lists(arx)) - asked <= 2  # (four before; fewer if the budget runs out)


@pytest.mark.parametrize("command", ["show", "star", "read", "related"])
def test_several_unknown_ids_of_both_styles_keep_why(
        papers: Papers, hub: HubServer, arx: ArxivServer, command: str) -> None:
    """An old-style id arXiv never gave (hep-th/1501001: they ran from 1991 to 2007) among
    others was looked up, and the line said "not on the Hub: hep-th/1501001, 2401.00001 —
    try later" of both, where a new-style id's impossible month is refused before any
    lookup, with why. Old-style ids now are too; several old-style ids found nowhere said
    a line of 125 columns (none of its shorter ways fit), now the ids counted, why kept."""
    hub.set_day("2026-11-20", seed_items()[:2])
    assert papers("day", "2026-11-20").exit_code == 0  # `related` needs a library
    for ids, said in (
            (["hep-th/1501001", "2401.00001"], "'hep-th/1501001': old-style ids ran from "
                                               "1991 to 2007"),
            (["2401.00001", "foo/9901001"], "'foo/9901001' is not an arXiv id: no old-style "
                                            "id begins foo/"),
            (["2413.00001", "hep-th/9901001"], "'2413.00001': there is no month 13 (an id "
                                               "begins YYMM)")):
        refused = papers(command, *ids)
        assert (refused.exit_code, one_line(refused.stderr)) == (2, f"papers: error: {said}")
    assert arx.requests == []  # nothing looked up
    nowhere = papers(command, "hep-th/9901001", "math/0501001")
    assert nowhere.exit_code == 1 and one_line(nowhere.stderr) == (
        "papers: error: 2 ids on neither the Hub nor arXiv — check the ids")
    mixed = papers(command, "2401.09998", "hep-th/9901001")
    assert one_line(mixed.stderr) == ("papers: error: not on the Hub or arXiv: 2401.09998 "
                                      "and 1 more — check the ids")
    assert papers("starred", "--json").ids == []


def test_an_old_style_id_arxiv_refuses_says_what_to_do(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """arXiv's error feed naming an old-style id said why and nothing to do (the Hub's
    miss of it had no hint, which a new-style id's 404 has)."""
    arx.fail("error_feed", message="incorrect id format for hep-th/9901001")
    result = papers("show", "hep-th/9901001")
    assert result.exit_code == 1
    # (arXiv's words, ": incorrect id format for hep-th/9901001", made the line 125
    # columns: PAPERS_DEBUG says them)
    assert one_line(result.stderr) == (
        "papers: error: hep-th/9901001 is not on the Hub; arXiv refused it — check the id")


@pytest.mark.parametrize("command", ["show", "star", "related", "tag"])
def test_ids_arxiv_refused_and_lacks_are_each_said(
        papers: Papers, hub: HubServer, arx: ArxivServer, command: str) -> None:
    """Two ids the Hub lacks, arXiv refusing one (its error feed names it) and having
    none of the other: "not on the Hub: A, B — check the ids" lost the refusal, which
    says what is wrong with A; now each kind is said, the refusal first."""
    hub.set_day("2026-11-20", seed_items()[:2])
    assert papers("day", "2026-11-20").exit_code == 0  # `related` needs a library
    refused, nowhere = "2401.09997", "2401.09999"
    arx.fail("error_feed", message=f"incorrect id format for {refused}")
    result = papers(command, refused, nowhere, *(["later"] if command == "tag" else []))
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        f"papers: error: arXiv refused {refused} and lacks {nowhere} — check the ids")
    assert id_lists(arx) == [[refused, nowhere], [nowhere]]


def test_many_ids_of_each_kind_are_named_as_far_as_they_fit(
        papers: Papers, hub: HubServer, arx: ArxivServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two refused and four found nowhere: each kind counted where its ids do not fit
    80 columns; PAPERS_DEBUG says them all, with arXiv's own words."""
    refused = ["2401.09990", "2401.09991"]
    nowhere = ["2401.09995", "2401.09996", "2401.09997", "2401.09998"]
    message = f"incorrect id format for {refused[0]} and {refused[1]}"
    arx.fail("error_feed", message=message)
    given = [*nowhere[:2], *refused, *nowhere[2:]]
    result = papers("show", *given)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line == "papers: error: arXiv refused 2 ids and lacks 4 ids — check the ids"
    arx.fail("error_feed", message=message)
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    said = one_line(papers("show", *given).stderr)
    assert said == (f"papers: error: not on the Hub: {', '.join(given)}; arXiv refused "
                    f"{', '.join(refused)} ({message}), and lacks {', '.join(nowhere)} — "
                    "check the ids")


def test_an_id_refused_and_one_arxiv_could_not_be_asked_about_are_each_said(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """arXiv refused one id, then failed when asked again about the other: both said
    (the line said "not on the Hub: A, B — try later" of both, the refusal lost)."""
    refused, unasked = "2401.09997", "2401.09999"
    arx.fail("error_feed", message=f"incorrect id format for {refused}")
    arx.fail("status", status=503, times=10, path="/api")
    result = papers("show", refused, unasked)
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        f"papers: error: arXiv refused {refused} and answered 503 for {unasked}")
