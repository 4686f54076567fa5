"""`papers show`, `papers import`, `papers cache`, help texts, and the installed entry point."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import TODAY, Home, one_line, run_app, run_process
from hubserver import HubServer, seed_items

DETAIL = {
    "id": "2501.03895",
    "title": "LLaVA-Mini: Efficient Image and Video Large Multimodal Models with One Vision Token",
    "summary": "The advent of real-time large multimodal models (LMMs) like GPT-4o ...",
    "authors": [{"name": "Shaoran Zhang"}, {"name": "Qingmei Fang"}],
    "publishedAt": "2025-01-07T00:00:00.000Z",
    "submittedOnDailyAt": "2025-01-08T01:02:03.000Z",
    "upvotes": 51,
    "numComments": 3,
    "ai_summary": "LLaVA-Mini compresses vision into one token.",
    "ai_keywords": ["vision tokens", "modality pre-fusion"],
    "githubRepo": "https://github.com/ictnlp/LLaVA-Mini",
    "projectPage": "https://example.org/llava-mini",
}


@pytest.fixture
def detail_hub(hub: HubServer) -> HubServer:
    hub.add_paper(DETAIL)
    return hub


@pytest.mark.parametrize(
    "given",
    ["2501.03895", "2501.03895v2", "arxiv:2501.03895", "https://huggingface.co/papers/2501.03895",
     "https://arxiv.org/abs/2501.03895v1", "https://arxiv.org/pdf/2501.03895v3.pdf"],
)
def test_show_accepts_ids_and_urls(papers, detail_hub: HubServer, given: str) -> None:
    result = papers("show", given, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "2501.03895"
    assert detail_hub.requests[-1].path == "/api/papers/2501.03895"


def test_show_panel_has_everything(papers, detail_hub: HubServer) -> None:
    result = papers("show", "2501.03895")
    assert result.exit_code == 0
    out = result.stdout
    for needle in ("LLaVA-Mini", "Shaoran Zhang, Qingmei Fang", "2025-01-07", "2025-01-08",
                   "51", "https://arxiv.org/abs/2501.03895", "https://arxiv.org/pdf/2501.03895",
                   "https://github.com/ictnlp/LLaVA-Mini", "https://example.org/llava-mini",
                   "TL;DR", "one token", "modality pre-fusion", "The advent of real-time",
                   f"{detail_hub.url}/papers/2501.03895"):
        assert needle in out, needle


def test_show_json_is_the_contract_and_cached_afterwards(papers, detail_hub: HubServer) -> None:
    data = json.loads(papers("show", "2501.03895", "--json").stdout)
    assert data["ai_summary"] == DETAIL["ai_summary"]
    assert data["ai_keywords"] == DETAIL["ai_keywords"]
    assert data["github_repo"] == DETAIL["githubRepo"]
    assert data["comments"] == 3
    detail_hub.reset_log()
    again = papers("show", "2501.03895", "--json")
    assert json.loads(again.stdout) == data
    assert detail_hub.count() == 0


def test_show_unknown_id_is_a_404_error(papers, hub: HubServer) -> None:
    result = papers("show", "2401.99999")
    assert result.exit_code == 1
    assert result.stdout == ""
    # (the Hub's 404 URL: PAPERS_DEBUG; arXiv's endpoint, set and refusing: named, and
    # not "unknown", as if arXiv had been asked; and what to do, where it said none)
    assert result.stderr == ("papers: error: not on the Hub: 2401.99999; "
                             "ARXIV_API_ENDPOINT refused — check it\n")


@pytest.mark.parametrize("bad", ["foo", "../../etc/passwd", "2401.010555", "https://example.com/"])
def test_show_rejects_non_ids(papers, home: Home, bad: str) -> None:
    """Refused before any request; a word is pointed at `papers search`, a path is not
    (searching for '../../etc/passwd' helps nobody)."""
    result = papers("show", bad)
    assert result.exit_code == 2
    assert "not an arXiv id" in result.stderr or "is not a paper id" in result.stderr
    assert ("papers search" in result.stderr) == (bad == "foo")


def test_show_offline_from_listing(papers, seeded_hub: HubServer) -> None:
    papers("today")
    seeded_hub.reset_log()
    result = papers("show", "2401.01055", "--offline")
    assert result.exit_code == 0
    assert "LLaMA Beyond English" in result.stdout
    assert seeded_hub.count() == 0


def test_import_file_then_browse_offline(papers, home: Home, tmp_path) -> None:
    src = tmp_path / "items.json"
    src.write_text(json.dumps(seed_items()), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    assert "19 new" in result.stderr
    assert result.stdout == ""
    day = papers("day", "2024-01-02", "--offline", "--json")
    assert day.exit_code == 0
    assert [p["id"] for p in json.loads(day.stdout)] == ["2401.01055"]
    info = json.loads(papers("cache", "info", "--json").stdout)
    assert info["papers"] == 19


def test_import_stdin_counts_skipped_items(papers, home: Home) -> None:
    items = [*seed_items()[:3], {"paper": {"title": "no id"}}, {"paper": {"id": "2401.00001"}},
             "not an object", {"id": "2401.00002", "title": "bare paper"}]
    result = papers("import", "-", "--json", input=json.dumps(items))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"files": 1, "read": 7, "added": 4, "updated": 0,
                                         "unchanged": 0, "repeated": 0, "skipped": 3,
                                         "skipped_reasons": [
                                             "item 4: missing id",
                                             "item 5: 2401.00001: missing title",
                                             "item 6: not an object"]}
    assert "skipped 3" in result.stderr
    again = papers("import", "-", input=json.dumps(items[:3]))
    assert again.stderr.strip().endswith(
        "read 3 papers from standard input: 3 unchanged"
    ), again.stderr


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid JSON"), ('"a string"', "expected a JSON list of papers, got a string"),
    ("null", "got a null"), ("7", "got a number"),
    # Text that starts like a JSON scalar but is none was "expected a JSON list of
    # papers, got a null" (for "not json": its "n").
    ("not json at all", "is not valid JSON"), ("12abc", "is not valid JSON"),
    ("true love", "is not valid JSON")])
def test_import_bad_file_changes_nothing(papers, home: Home, tmp_path, content: str,
                                         message: str) -> None:
    # Import streams in batches: the files before a bad one are kept, the bad one adds
    # nothing, and the error names it.
    good = tmp_path / "good.json"
    good.write_text(json.dumps(seed_items()[:2]))
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = papers("import", str(good), str(bad))
    assert result.exit_code == 1
    assert message in result.stderr and "bad.json" in result.stderr
    info = json.loads(papers("cache", "info", "--json").stdout)
    assert info["papers"] == 2
    alone = papers("import", str(bad))
    assert alone.exit_code == 1
    assert json.loads(papers("cache", "info", "--json").stdout)["papers"] == 2


def test_a_file_cut_part_way_keeps_the_papers_before_the_cut(papers, home: Home,
                                                            tmp_path: Path) -> None:
    # A download cut short: the papers before the cut were read but, being fewer than a
    # batch, were dropped without a word, where the documentation says they are kept.
    items = [{"paper": {"id": f"2402.{n:05d}", "title": f"Quince orchard study {n}",
                        "authors": [{"name": "Ada Example"}],
                        "publishedAt": "2024-02-01T00:00:00.000Z",
                        "submittedOnDailyAt": "2024-02-02T08:00:00.000Z"}}
             for n in range(5)]
    text = json.dumps(items)
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"Quince orchard study 3"') + 10])
    result = papers("import", str(cut))
    assert result.exit_code == 1
    assert one_line(result.stderr).startswith("papers: error: ")
    # (its path said whole, piped: the gist of it, not the whole message)
    assert "cut.json is cut off" in result.stderr
    assert "starting at at" not in result.stderr
    assert "; 3 papers before it kept" in result.stderr
    found = papers("search", "quince", "--offline", "--json")
    assert sorted(found.ids) == ["2402.00000", "2402.00001", "2402.00002"]
    day = papers("day", "2024-02-02", "--offline", "--json")
    assert day.exit_code == 0, day.stderr
    assert len(day.json) == 3


@pytest.mark.parametrize("name", ["refs.bib", "papers.json", "refs.ris"])
def test_an_empty_file_or_a_folder_is_named_as_such(papers, tmp_path, name: str) -> None:
    """An empty .bib said "is empty, not a JSON document", a folder "is a directory, not a
    JSON file": whatever the file was meant to be, the line says what is wrong with it
    and the hint what import takes."""
    empty = tmp_path / name
    empty.write_text("")
    for source, says in ((empty, f"papers: error: {empty} is empty: nothing to import — "),
                         (tmp_path, f"papers: error: {tmp_path} is a directory, not a file — ")):
        result = papers("import", str(source))
        assert result.exit_code == 1
        line = one_line(result.stderr)
        assert line.startswith(says) and "JSON document" not in line
        assert line.endswith("papers import --help" if source == empty  # (the formats
                             else f"papers import {tmp_path}/*.json"), line  # made it 230+)


def test_import_missing_file(papers, home: Home) -> None:
    result = papers("import", "/nonexistent/papers.json")
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_cache_info_and_clear(papers, seeded_hub: HubServer, home: Home) -> None:
    papers("today")
    info = json.loads(papers("cache", "info", "--json").stdout)
    assert info["path"] == str(home.library)
    assert info["papers"] == 10
    assert info["listings"] == 1
    assert info["entries"][0]["key"] == f"day:{TODAY.isoformat()}"
    human = papers("cache", "info")
    assert str(home.library) in human.stdout and "day:2026-11-25" in human.stdout
    refused = papers("cache", "clear")  # no terminal to ask on: says what to type instead
    assert refused.exit_code == 2
    assert one_line(refused.stderr) == (
        "papers: error: no terminal to ask on — add --yes to clear the library")
    assert len(one_line(refused.stderr)) <= 80
    cleared = papers("cache", "clear", "--yes")
    assert cleared.exit_code == 0 and "10 papers" in cleared.stderr
    assert json.loads(papers("cache", "info", "--json").stdout)["papers"] == 0


def test_cache_info_lists_the_newest_listings_and_says_the_cut(papers, tmp_path) -> None:
    """`cache info -n N` as every list: the N newest listings, "N of M listings" under
    them ("(-n 0: all)" after it only where the default of 40 cut them, as `today -n 2`
    says "2 of 17 papers": it said it after a -n given too), and -n 0 for all; --json
    keeps every one whatever -n says."""
    items = seed_items()
    for n in range(41):  # (more days than the default shows)
        day = (date(2023, 6, 1) + timedelta(days=n)).isoformat()
        items.append({**items[0], "paper": {**items[0]["paper"], "id": f"2305.{n:05d}",
                                            "submittedOnDailyAt": f"{day}T00:00:00.000Z"}})
    src = tmp_path / "items.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    keys = [e["key"] for e in json.loads(papers("cache", "info", "--json").stdout)["entries"]]
    assert len(keys) > 3 and keys == sorted(keys, reverse=True)  # (days: newest first)
    two = papers("cache", "info", "-n", "2")
    assert two.exit_code == 0, two.stderr
    rows = [line.split()[0] for line in two.stdout.splitlines() if line.startswith("day:")]
    assert rows == keys[:2]
    assert two.stdout.rstrip().endswith(f"2 of {len(keys)} listings")
    default = papers("cache", "info").stdout
    assert default.rstrip().endswith(f"40 of {len(keys)} listings (-n 0: all)")
    every = papers("cache", "info", "-n", "0").stdout
    assert all(key in every for key in keys) and "listings (-n 0" not in every
    assert len(json.loads(papers("cache", "info", "-n", "1", "--json").stdout)["entries"]) \
        == len(keys)
    assert papers("cache", "info", "-n", "-1").exit_code == 2


def test_cache_clear_with_no_library_yet_creates_none(papers, home: Home) -> None:
    """`cache clear --yes` before any library existed made an empty one to clear (and
    where the cache folder cannot be made, failed with "cannot create …")."""
    cleared = papers("cache", "clear", "--yes")
    assert cleared.exit_code == 0, cleared.stderr
    line = one_line(cleared.stderr)
    assert line.startswith("papers: nothing to clear: there is no library yet")
    assert len(line) <= 80 and ("library.db)" in line or line.endswith("yet")), line
    assert cleared.stdout == "" and not home.library.exists()
    home.cache.mkdir(parents=True, exist_ok=True)
    home.cache.rmdir()
    home.cache.write_text("")  # the cache folder is a file: no library can be made
    blocked = papers("cache", "clear", "--yes")
    assert blocked.exit_code == 0 and "nothing to clear" in blocked.stderr, blocked.stderr
    unasked = papers("cache", "clear")  # nothing to ask about: no --yes needed
    assert unasked.exit_code == 0 and "nothing to clear" in unasked.stderr, unasked.stderr


def test_cache_clear_with_no_library_under_a_usual_home_fits_80_columns(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a home such as /home/alice the whole path made the line 85 columns: the
    library is named by ~ where it fits."""
    deep = home.root / "home" / "someone-with-a-long-name"
    monkeypatch.setenv("HOME", str(deep))
    monkeypatch.setenv("XDG_CACHE_HOME", str(deep / ".cache"))
    cleared = papers("cache", "clear", "--yes")
    assert cleared.exit_code == 0, cleared.stderr
    line = one_line(cleared.stderr)
    assert line == "papers: nothing to clear: there is no library yet " \
                   "(~/.cache/papercli/library.db)", line


def test_cache_clear_asks_on_the_terminal_not_into_a_pipe(papers, seeded_hub: HubServer,
                                                           home: Home) -> None:
    from test_config_edit import answering

    papers("today")
    question = b"Delete 10 cached papers and 1 listing"
    code, shown, out = answering(["cache", "clear"], {}, question, ["maybe", "n"],
                                 stdout_piped=True)
    assert code == 1 and out == ""  # `papers cache clear > log`: the question is still seen
    assert shown.count(question.decode()) == 2 and "not cleared" in shown  # asked again
    assert json.loads(papers("cache", "info", "--json").stdout)["papers"] == 10
    code, shown, out = answering(["cache", "clear"], {}, question, ["y"], stdout_piped=True)
    assert code == 0 and out == "" and "cleared the library: 10 papers" in shown
    assert json.loads(papers("cache", "info", "--json").stdout)["papers"] == 0


def test_library_is_wal_and_versioned(papers, seeded_hub: HubServer, home: Home) -> None:
    papers("today")
    conn = sqlite3.connect(home.library)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_token_is_sent_but_never_shown(papers, hub: HubServer, monkeypatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_secret_token_123")
    hub.fail("500", times=10)
    result = papers("today")
    assert result.exit_code == 1
    assert "hf_secret_token_123" not in result.stderr + result.stdout
    sent = hub.requests[0].headers
    assert sent["Authorization"] == "Bearer hf_secret_token_123"
    assert sent["User-Agent"].startswith("papercli/")


def test_help_lists_commands_and_examples(papers, home: Home) -> None:
    top = papers("--help")
    assert top.exit_code == 0
    for name in ("today", "day", "week", "month", "show", "import", "cache"):
        assert f"  {name} " in top.stdout
    for cmd in (["today"], ["day"], ["week"], ["month"], ["show"], ["import"],
                ["cache", "info"], ["cache", "clear"]):
        result = papers(*cmd, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout and "papers " in result.stdout


def test_installed_entry_point(seeded_hub: HubServer) -> None:
    version = run_process("--version")
    assert version.returncode == 0 and version.stdout.startswith("papercli ")
    listing = run_process("today", "--json")
    assert listing.returncode == 0, listing.stderr
    assert len(json.loads(listing.stdout)) == 10


def test_installed_entry_point_error_has_no_traceback(home: Home) -> None:
    result = run_process("today")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("papers: error:")


def test_library_path_unusable_is_a_clear_error(home: Home) -> None:
    home.library.mkdir(parents=True)  # a directory where the database file should be
    result = run_process("cache", "info")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "~/cache/papercli/library.db" in result.stderr  # (in 80 columns: the path with ~)
    assert len(result.stderr.strip().splitlines()) == 1


def tantivy_panic(folder: Path) -> BaseException:
    """A real panic of the index library, as pyo3 raises it (a BaseException): an index
    whose meta.json counts fewer documents than a word is in."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title")
    schema = builder.build()
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(15_000_000, 1)
    for _ in range(3):
        doc = tantivy.Document()
        doc.add_text("title", "hello")
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    meta = json.loads((folder / "meta.json").read_text())
    meta["segments"][0]["max_doc"] = 1
    (folder / "meta.json").write_text(json.dumps(meta))
    lying = tantivy.Index.open(str(folder))
    try:
        lying.searcher().search(tantivy.Query.term_query(schema, "title", "hello"))
    except BaseException as exc:
        assert not isinstance(exc, Exception)
        return exc
    raise AssertionError("no panic")


@pytest.mark.parametrize("kind", ["error", "panic"])
def test_unexpected_errors_are_one_line_unless_debug(monkeypatch, tmp_path: Path,
                                                     kind: str) -> None:
    """A surprise, and a panic of the index library below (pyo3 raises it as a
    BaseException, past `except Exception`): one line each, the traceback with
    PAPERS_DEBUG."""
    import typer

    from papercli.cli._common import command

    error = RuntimeError if kind == "error" else type(tantivy_panic(tmp_path))
    app = typer.Typer()

    @command(app, "boom", example="boom")
    def boom() -> None:
        raise error("kaboom")

    @command(app, "other", example="other")
    def other() -> None:
        """Second command so Typer keeps subcommands."""

    monkeypatch.delenv("PAPERS_DEBUG", raising=False)
    result = run_app(app, "boom")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"papers: error: unexpected {error.__name__}: kaboom — set PAPERS_DEBUG=1 to see "
        "the traceback, and please report it"
    )
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    with pytest.raises(error, match="kaboom"):
        run_app(app, "boom")
