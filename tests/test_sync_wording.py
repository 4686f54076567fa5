"""Sync and import lines that said less than the run did, or more than fits.

A sync after a failed `sync --refresh` said "a sync from D did not finish: syncing from
D", which read as the refresh resumed, though it skips the periods already complete; and
`sync --arxiv cs.CL --date D` was "no such option: --date". A file cut off, with a long
name, fell back to the whole of its error: 170 to 320 columns piped. A reference file's
papers not fetched for a rate limit were said as "the Hub answered 429", or past 80
columns with those not asked."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from conftest import TODAY, eprint_bib
from hubserver import HubServer


def _asked(hub: HubServer) -> list[str]:
    """The period each first page of a daily_papers request asked for, in order."""
    return [next(r.params[k] for k in ("month", "week", "date") if k in r.params)
            for r in hub.requests
            if r.path == "/api/daily_papers" and r.params.get("p", "0") == "0"]


def test_a_sync_after_a_failed_refresh_says_it_skips_what_is_complete(
        papers, hub: HubServer) -> None:
    hub.fill(TODAY.replace(day=1), TODAY, per_day=2)
    since = TODAY.replace(day=1).isoformat()
    assert papers("sync", "--since", since).exit_code == 0  # every past period complete
    hub.fail("500", times=4)  # the first period fetched again fails; the others are
    failed = papers("sync", "--since", since, "--refresh", "-j", "1", "--json")
    assert failed.exit_code == 1, failed.stderr
    assert len(json.loads(failed.stdout)["failures"]) == 1
    hub.reset_log()
    again = papers("sync")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines()[:2] == [  # (piped: a clause to a line, in 80)
        f"papers: a sync from {since} did not finish",
        f"papers: syncing from {since}, skipping periods already complete"]
    assert _asked(hub) == [TODAY.isoformat()]  # (no refresh: today alone is not complete)


def test_sync_arxiv_takes_a_day_as_date(papers, arx) -> None:
    """`sync --arxiv cs.CL --date D` was "no such option: --date": it asks arXiv's API
    for the papers submitted that day, as `papers arxiv --date D` and `--since D --until
    D` do."""
    from datetime import UTC, datetime

    from arxivserver import Paper

    day = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    arx.add(Paper("2401.00001", "On the day", ["cs.CL"], day),
            Paper("2401.00002", "The day after", ["cs.CL"], day.replace(day=3)))
    result = papers("sync", "--arxiv", "cs.CL", "--date", "2024-01-02", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["since"], summary["until"], summary["added"]) == (
        "2024-01-02", "2024-01-02", 1)
    asked = [r.params["search_query"] for r in arx.requests if r.path.startswith("/api")]
    assert asked == ["cat:cs.CL AND submittedDate:[202401020000 TO 202401022359]"]


def test_sync_takes_a_day_as_date(papers, hub: HubServer) -> None:
    hub.fill(TODAY.replace(day=20), TODAY, per_day=2)
    result = papers("sync", "--date", TODAY.replace(day=21).isoformat(), "--json")
    assert result.exit_code == 0, result.stderr
    assert (result.json["since"], result.json["until"], result.json["added"]) == (
        "2026-11-21", "2026-11-21", 2)
    assert _asked(hub) == ["2026-11-21"]


@pytest.mark.parametrize(("args", "line"), [
    (("--since", "2026-11-01"), "papers: error: --date is one day: give it or "
     "--since/--until, not both\n"),
    (("--until", "2026-11-01"), "papers: error: --date is one day: give it or "
     "--since/--until, not both\n"),
])
def test_date_with_since_or_until_is_a_usage_error(papers, args: tuple[str, ...],
                                                   line: str) -> None:
    for arxiv in ((), ("--arxiv", "cs.CL")):
        result = papers("sync", *arxiv, "--date", "2026-11-02", *args)
        assert (result.exit_code, result.stderr) == (2, line)


def test_a_date_in_the_future_is_said_as_date(papers) -> None:
    """Not "--since 2030-01-01 is in the future", an option not given."""
    result = papers("sync", "--date", "2030-01-01")
    assert (result.exit_code, result.stderr) == (
        2, "papers: error: --date 2030-01-01 is in the future — pick today or earlier\n")


def test_a_blank_date_is_refused_as_a_blank_since_is(papers) -> None:
    result = papers("sync", "--arxiv", "cs.CL", "--date", "")
    assert (result.exit_code, result.stderr) == (
        2, "papers: error: --date '' holds no DATE — give one, or leave --date out\n")


# A file name too long for any way of saying a cut-off file's error in 80 columns: said
# whole piped (a log line wraps nowhere), the rest of the line was the whole message
# and hint ("… is not valid JSON (it ends inside the list); the 1 paper before it is in
# the library — cut off, or still being written? Run the same command once …").
LONG = "daily-papers-listing-export-from-the-hub-of-the-whole-week-2026-11-25"
ITEM = '{"paper": {"id": "2401.01055", "title": "A paper"}}'


@pytest.mark.parametrize(("text", "said"), [
    (f"[{ITEM}", "is cut off; 1 paper before it kept — import it once it is whole"),
    ("[", "is cut off — import it once it is whole"),
    ('[{"paper": {"id": "2401.01055", "title": "A pa',
     "is cut off at line 1 — import it once it is whole"),
], ids=["after-an-item", "bracket", "inside-an-item"])
def test_a_cut_off_list_with_a_long_name_says_the_gist_piped(papers, text: str,
                                                             said: str) -> None:
    name = f"{LONG}.json"
    Path(name).write_text(text, encoding="utf-8")
    result = papers("import", name)
    assert result.exit_code == 1
    assert result.stderr == f"papers: error: {name} {said}\n"


def _cut_snapshot(path: Path) -> None:
    lines = "".join(json.dumps({
        "id": f"2403.{n:05d}", "title": f"Paper {n}", "authors": "A. B",
        "categories": "cs.CL", "abstract": "Tides. " * 40,
        "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}]}) + "\n"
        for n in range(1, 3001)).encode()
    whole = gzip.compress(lines)
    path.write_bytes(whole[: len(whole) * 2 // 3])


def test_a_cut_off_snapshot_with_a_long_name_says_the_gist_piped(papers) -> None:
    name = f"{LONG}-arxiv-snapshot.json.gz"
    _cut_snapshot(Path(name))
    result = papers("import", name)
    assert result.exit_code == 1
    assert re.fullmatch(rf"papers: error: {re.escape(name)}: its gzip data ends early "
                        r"after line [0-9,]+; [0-9,]+ papers kept — download it again\n",
                        result.stderr), result.stderr



def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("papers: warning: ")]


def test_a_rate_limited_reference_import_says_so_in_words(papers, hub: HubServer) -> None:
    eprint_bib(Path("refs.bib"), [f"2401.{n:05d}" for n in range(1, 4)])
    hub.fail("429", times=40, path="/api/papers/")
    result = papers("import", "refs.bib")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-2:] == [
        "papers: warning: could not fetch 3 papers: the Hub is rate limiting us",
        "papers: to fetch them later: papers import refs.bib"], result.stderr


def test_papers_arxiv_was_not_asked_about_fit_the_warning(papers, hub: HubServer,
                                                          arx, monkeypatch) -> None:
    """150 papers only arXiv has, arXiv rate limiting us: the first 100 asked, 50 not."""
    from datetime import UTC, datetime

    from arxivserver import Paper

    monkeypatch.setenv("PAPERS_RETRIES", "0")
    day = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    ids = [f"2401.{n:05d}" for n in range(1, 151)]
    arx.add(*(Paper(pid, f"Only on arXiv, {pid}", ["cs.CL"], day) for pid in ids))
    arx.fail("status", status=429, times=5)
    result = papers("import", str(eprint_bib(Path("refs.bib"), ids)))
    assert result.exit_code == 0, result.stderr
    assert _warnings(result.stderr) == [  # (94 columns, "not on the Hub; " with it)
        "papers: warning: could not fetch 150 papers: arXiv answered 429 (50 not asked)"]
    assert result.stderr.splitlines()[-1] == (
        "papers: to fetch them later: papers import refs.bib"), result.stderr
