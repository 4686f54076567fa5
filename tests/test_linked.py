"""Models, datasets and Spaces linked to a paper: the loopback Hub's paper page carries
them in the shapes huggingface_hub's PaperInfo reads (`linkedModels` of ModelInfo-like
records, `numTotalModels` …); `show` lists the top few and the totals, JSON carries them,
bad items are skipped and counted, and `--has-model` filters once counts are known."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import TODAY, Home
from hubserver import HubServer, seed_items

SEED = seed_items()
PID = SEED[0]["paper"]["id"]
BARE = SEED[1]["paper"]["id"]  # a paper page with no links at all

MODELS = [
    {"id": "acme/llama-fr-7b", "likes": 40, "downloads": 1200, "pipeline_tag": "text-generation",
     "author": "acme", "private": False},
    {"id": "acme/llama-fr-13b", "likes": 95, "downloads": 300, "pipeline_tag": "text-generation"},
    {"id": "lab/tiny", "likes": 1, "downloads": 5, "pipeline_tag": "fill-mask"},
    {"id": "lab/medium", "likes": 7, "downloads": 50},
    # bad ones: no id, a hostile id, not an object
    {"likes": 1000},
    {"id": "evil/\x1b]8;;https://x\x07name", "likes": 9999},
    "acme/string-only",
]
DATASETS = [{"id": "acme/fr-corpus", "likes": 12, "downloads": 800}]
SPACES = [{"id": "acme/demo", "likes": 30, "sdk": "gradio"},
          {"id": "acme/[bold]space[/bold]", "likes": 2, "sdk": "streamlit"}]


@pytest.fixture
def linked_hub(hub: HubServer) -> HubServer:
    hub.set_day(TODAY, SEED[:4])
    hub.set_links(PID, linkedModels=MODELS, numTotalModels=12, linkedDatasets=DATASETS,
                  numTotalDatasets=3, linkedSpaces=SPACES, numTotalSpaces=5)
    return hub


def test_show_lists_the_top_links_and_totals(papers, linked_hub: HubServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = papers("show", PID)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "12 models, 3 datasets, 5 Spaces" in out
    # the top three models by likes, with task and link; the fourth is not shown
    order = [out.index(m) for m in ("acme/llama-fr-13b", "acme/llama-fr-7b", "lab/medium")]
    assert order == sorted(order) and "lab/tiny" not in out
    assert "text-generation" in out and f"{linked_hub.url}/acme/llama-fr-13b" in out
    assert f"{linked_hub.url}/datasets/acme/fr-corpus" in out
    assert f"{linked_hub.url}/spaces/acme/demo" in out and "gradio" in out
    assert "… and 9 more" in out
    assert "\x1b" not in out and "evil" not in out and "[bold]space" not in out
    assert "skipped 4 linked" in result.stderr  # no id, hostile id, a string, [bold] id


def test_show_json_carries_the_links(papers, linked_hub: HubServer) -> None:
    data = papers("show", PID, "--json").json
    assert (data["num_models"], data["num_datasets"], data["num_spaces"]) == (12, 3, 5)
    assert [m["id"] for m in data["linked_models"]] == [
        "acme/llama-fr-13b", "acme/llama-fr-7b", "lab/medium", "lab/tiny"]
    first = data["linked_models"][0]
    assert first == {"id": "acme/llama-fr-13b", "likes": 95, "downloads": 300,
                     "pipeline_tag": "text-generation",
                     "url": f"{linked_hub.url}/acme/llama-fr-13b"}
    assert data["linked_datasets"][0]["url"] == f"{linked_hub.url}/datasets/acme/fr-corpus"
    assert data["linked_spaces"] == [{"id": "acme/demo", "likes": 30, "sdk": "gradio",
                                      "url": f"{linked_hub.url}/spaces/acme/demo"}]
    # kept in the library: the same offline, with no request
    linked_hub.reset_log()
    again = papers("show", PID, "--json", "--offline").json
    assert again == data and linked_hub.count("/") == 0


def test_absurd_counts_are_not_shown_as_counts(papers, hub: HubServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A count past what can be stored is read as the largest one (2**62): junk, never a
    number of likes or links to show, nor a reason to rank a repo first."""
    hub.set_day(TODAY, SEED[:4])
    hub.set_links(PID, linkedModels=[
        {"id": "acme/real", "likes": 12, "downloads": 340},
        {"id": "acme/inflated", "likes": 10**30, "downloads": 1e300},
    ], numTotalModels=10**40, linkedDatasets=[{"id": "acme/set", "likes": 3}],
        numTotalDatasets=-(10**25))
    monkeypatch.setenv("COLUMNS", "120")
    shown = papers("show", PID)
    assert shown.exit_code == 0, shown.stderr
    assert str(2**62)[:6] not in shown.stdout and str(2**62 - 1)[:6] not in shown.stdout
    assert "2 models, 1 dataset" in shown.stdout and "♥ 12  ↓ 340" in shown.stdout
    assert shown.stdout.index("acme/real") < shown.stdout.index("acme/inflated")
    data = papers("show", PID, "--json", "--offline").json
    assert (data["num_models"], data["num_datasets"]) == (2, 1)
    inflated = data["linked_models"][1]
    assert inflated["id"] == "acme/inflated"
    assert inflated["likes"] is None and inflated["downloads"] is None


def test_large_counts_are_written_as_every_count_is(papers, hub: HubServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A popular paper's links: thousands separated, as every count papercli writes
    ("3,412 models", "♥ 12,345  ↓ 1,234,567"); they were "3412 models" and "↓ 1234567"."""
    hub.set_day(TODAY, SEED[:4])
    hub.set_links(PID, linkedModels=[{"id": "acme/popular", "likes": 12345,
                                      "downloads": 1234567}], numTotalModels=3412,
                  linkedSpaces=[{"id": "acme/demo", "likes": 1000, "sdk": "gradio"}],
                  numTotalSpaces=1000)
    monkeypatch.setenv("COLUMNS", "100")
    shown = papers("show", PID)
    assert shown.exit_code == 0, shown.stderr
    assert "3,412 models, 1,000 Spaces" in shown.stdout
    assert "♥ 12,345  ↓ 1,234,567" in shown.stdout and "♥ 1,000" in shown.stdout
    assert "… and 3,411 more" in shown.stdout and "… and 999 more" in shown.stdout
    data = papers("show", PID, "--json", "--offline").json  # numbers in JSON
    assert (data["num_models"], data["linked_models"][0]["downloads"]) == (3412, 1234567)


@pytest.mark.parametrize("cols", [60, 80])
def test_long_model_ids_stay_under_their_label(papers, hub: HubServer, cols: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A model id and link longer than the panel's line: the details go on the next line
    and the link is cut with "…" as the paper's own links are, every line under its
    label (they wrapped to the panel's edge, the link broken over two lines)."""
    long_id = "acme/" + "-".join(["a-very-long-model-name"] * 3)
    hub.set_day(TODAY, SEED[:4])
    hub.set_links(PID, linkedModels=[{"id": long_id, "likes": 40, "downloads": 1200,
                                      "pipeline_tag": "text-generation"}],
                  numTotalModels=1)
    monkeypatch.setenv("COLUMNS", str(cols))
    result = papers("show", PID)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("│ Models "))
    block = [line.strip("│").rstrip() for line in lines[start:start + 3]]
    assert all(len(line) <= cols for line in lines)
    assert block[0].startswith(" Models   acme/a-very-long")
    assert all(line.startswith(" " * 10) and line[10] != " " for line in block[1:]), block
    assert "text-generation" in "".join(block) and "♥ 40" in "".join(block)
    assert block[2].endswith("…") and f"{hub.url}/acme/a-very" in block[2]
    data = papers("show", PID, "--json", "--offline").json
    assert data["linked_models"][0]["url"] == f"{hub.url}/{long_id}"  # whole in JSON


def test_a_paper_without_links_has_no_section(papers, linked_hub: HubServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = papers("show", BARE)
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"│ (Linked|Models|Datasets|Spaces) ", result.stdout)
    assert "♥" not in result.stdout
    data = papers("show", BARE, "--json", "--offline").json
    assert (data["num_models"], data["num_datasets"], data["num_spaces"]) == (0, 0, 0)
    assert data["linked_models"] == data["linked_spaces"] == []


def _listing(papers: Any, *args: str) -> tuple[list[str], str]:
    result = papers("today", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)], result.stderr


def test_has_model_needs_known_counts(papers, linked_hub: HubServer, home: Home) -> None:
    listed, _ = _listing(papers)
    assert len(listed) == 4
    data = json.loads(papers("today", "--json", "--offline").stdout)
    assert all(p["num_models"] is None for p in data)  # a listing does not say
    none, note = _listing(papers, "--has-model")
    assert none == []
    assert "warning: 4 papers left out" in note and "not known yet" in note
    assert papers("show", PID).exit_code == 0 and papers("show", BARE).exit_code == 0
    found, note = _listing(papers, "--has-model")
    assert found == [PID]
    assert "2 papers left out" in note
    # the library browse (SQL) agrees, and says the same
    browsed = papers("search", "--offline", "--has-model", "--json", "-n", "0")
    assert browsed.exit_code == 0, browsed.stderr
    assert [p["id"] for p in browsed.json] == [PID]
    assert re.search(r"\b2 papers left out", browsed.stderr)
    # a listing fetched again keeps the counts it knew
    again = papers("today", "--json", "--refresh")
    assert [p["num_models"] for p in again.json if p["id"] in (PID, BARE)] == [12, 0]


def test_has_model_with_every_count_unknown_says_only_the_warning(
        papers, linked_hub: HubServer) -> None:
    """Every paper left out, its models not known yet: the warning says why there are
    none. A listing went on with "none of the 4 listed papers has a model on the Hub"
    (a search or an export "no paper in the library has a model on the Hub"), which the
    warning contradicts: they may have models, nobody knows yet."""
    unknown = "papers: warning: 4 papers left out: their linked models are not known yet"
    assert papers("today").exit_code == 0
    for args in (("today",), ("today", "--json"), ("search", "--offline"),
                 ("export", "--format", "ids"), ("search", "llama", "--offline"),
                 ("export", "llama", "--format", "ids")):
        done = papers(*args, "--has-model")
        assert done.exit_code == 0, done.stderr
        assert done.stdout.strip() in ("", "[]"), done.stdout
        if "llama" in args:  # (2 of the 4 match it: the last cases)
            unknown = unknown.replace(": 4 papers", ": 2 papers")
        assert done.stderr.splitlines() == [unknown], args
    # Where a paper the other filters pass is known to have none, none passing is said.
    assert papers("show", BARE).exit_code == 0
    done = papers("today", "--has-model", "-k", "LLaVA-Mini")
    assert done.exit_code == 0 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "papers: none of the 4 listed papers passes the filters (try papers search)"]


def test_has_model_counts_only_the_papers_known_to_have_none(
        papers, linked_hub: HubServer) -> None:
    """Some papers' models not known yet, the others known to have none: after "3
    papers left out: their linked models are not known yet", the listing said "none of
    the 4 listed papers has a model on the Hub", counting those 3 among the papers
    without. It counts the papers known to have none, as the others."""
    assert papers("today").exit_code == 0
    assert papers("show", BARE).exit_code == 0  # (known: no model)
    done = papers("today", "--has-model")
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert done.stderr.splitlines() == [
        "papers: warning: 3 papers left out: their linked models are not known yet",
        "papers: the only other paper does not have a model on the Hub"]  # (in 80 columns)
    for pid in json.loads(papers("today", "--json").stdout):
        if pid["id"] != BARE:
            assert papers("show", pid["id"]).exit_code == 0
    more = papers("today", "--has-model", "-k", "zzyzx")  # (none left out: the listing's)
    assert more.stderr.splitlines() == [
        "papers: none of the 4 listed papers passes the filters (try papers search)"]
    two = papers("today", "--has-model", "--json")
    assert [p["id"] for p in two.json] == [PID] and two.stderr == ""


def test_has_model_search_and_export_count_only_the_papers_known_to_have_none(
        papers, linked_hub: HubServer) -> None:
    """As a listing does: after "3 papers left out: their linked models are not known
    yet", a search or an export said "no paper in the library has a model on the Hub",
    which the warning contradicts. It counts the others, those known to have none."""
    assert papers("today").exit_code == 0
    assert papers("show", BARE).exit_code == 0  # (known: no model)
    for args in (("search", "--offline"), ("export", "--format", "ids")):
        done = papers(*args, "--has-model")
        assert (done.exit_code, done.stdout.strip()) == (0, ""), done.stderr
        assert done.stderr.splitlines() == [
            "papers: warning: 3 papers left out: their linked models are not known yet",
            "papers: the only other paper does not have a model on the Hub"], args
    other = json.loads(papers("today", "--json").stdout)[2]["id"]
    assert other not in (PID, BARE) and papers("show", other).exit_code == 0
    done = papers("search", "--offline", "--has-model")
    assert done.stderr.splitlines()[-1] == (
        "papers: none of the 2 other papers has a model on the Hub")


def test_a_page_kept_before_counts_is_fetched_again(papers, linked_hub: HubServer,
                                                    home: Home) -> None:
    import sqlite3

    assert papers("show", PID).exit_code == 0
    with sqlite3.connect(home.library) as conn:  # as an earlier papercli left it
        conn.execute("UPDATE papers SET num_models = NULL, num_datasets = NULL, "
                     "num_spaces = NULL")
        conn.execute("DELETE FROM paper_links")
    linked_hub.reset_log()
    data = papers("show", PID, "--json").json
    assert data["num_models"] == 12 and linked_hub.count("/api/papers/") == 1


def test_damaged_links_in_the_library_are_skipped(papers, linked_hub: HubServer,
                                                  home: Home) -> None:
    import sqlite3

    assert papers("show", PID).exit_code == 0
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE paper_links SET items = ?",
                     (json.dumps([{"kind": "models", "id": "ok/model", "likes": 3},
                                  {"kind": "models", "id": "bad\x1b[2Jid"},
                                  {"kind": "nope", "id": "x/y"}, 7]),))
    result = papers("show", PID, "--json", "--offline")
    assert result.exit_code == 0, result.stderr
    assert [m["id"] for m in result.json["linked_models"]] == ["ok/model"]
    assert "damaged record" in result.stderr
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE paper_links SET items = 'not json'")
    result = papers("show", PID, "--json", "--offline")
    assert result.exit_code == 0 and result.json["linked_models"] == []


def test_a_library_of_the_previous_schema_gains_the_counts(papers, linked_hub: HubServer,
                                                           home: Home) -> None:
    import sqlite3

    from papercli.db import schema

    assert papers("today").exit_code == 0
    with sqlite3.connect(home.library) as conn:  # back to schema 6, as it was before
        for name in schema.LINK_COUNT_COLUMNS:
            conn.execute(f"ALTER TABLE papers DROP COLUMN {name}")
        conn.execute("DROP TABLE paper_links")
        conn.execute("DROP TABLE full_texts")
        before = schema.migrations.steps.index(schema._m007_full_text_and_links)
        conn.execute(f"PRAGMA user_version = {before}")  # later steps are run again
    listed = papers("today", "--json", "--offline")
    assert listed.exit_code == 0, listed.stderr
    assert all(p["num_models"] is None for p in listed.json)  # not known, not zero
    assert papers("show", PID, "--json").json["num_models"] == 12
    with sqlite3.connect(home.library) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.migrations.latest


def test_has_model_asks_the_hub_once(papers, linked_hub: HubServer, home: Home) -> None:
    """Counting the papers left out reads what the listing just stored: no second request
    (a `--refresh`ed listing or an online search would otherwise be fetched twice)."""
    assert papers("show", PID).exit_code == 0
    before = linked_hub.count("/api/daily_papers")
    _listing(papers, "--refresh")
    plain = linked_hub.count("/api/daily_papers") - before  # what the listing itself asks
    found, note = _listing(papers, "--has-model", "--refresh")
    assert found == [PID] and "left out" in note
    assert linked_hub.count("/api/daily_papers") == before + 2 * plain
    searched = linked_hub.count("/api/papers/search")
    result = papers("search", "llama", "--has-model", "--json")
    assert result.exit_code == 0, result.stderr
    assert linked_hub.count("/api/papers/search") == searched + 1
