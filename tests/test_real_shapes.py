"""The Hub's real shapes, era by era (issue 10): listing days, fields, filters, migration.

The fixtures in tests/data/eras/ are our own invention, written to reproduce the shapes
and traps of what `/api/daily_papers` really returned:
- early.json (before 2025-03): the item's `publishedAt` is the listing time, there is no
  `submittedOnDailyAt`; `mediaUrl` then `mediaUrls`; authors with `id` instead of `_id`
  and hidden authors; a hard-wrapped paper title.
- middle.json (2025-03 to 2025-10): `submittedOnDailyAt` is the listing time and the
  item's `publishedAt` is the arXiv time minus 4 h (the day before); a `githubRepo` wrapped
  after a slash, one with a line of extra text, a `projectPage` with a leading space, a
  withdrawn paper, one listed at 23:58.
- later.json (after 2025-10): `organization` on item and paper (one non-ASCII),
  `githubStars`, `ai_summary_model` naming Qwen on papers that never do, midnight
  `submittedOnDailyAt`, and a paper listed on two days.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, ids, installed_papers, one_line, run_process, write_config
from hubserver import HubServer

ERAS = Path(__file__).parent / "data" / "eras"
FILES = [ERAS / n for n in ("early.json", "middle.json", "later.json")]


def items() -> list[dict[str, Any]]:
    return [i for f in FILES for i in json.loads(f.read_text(encoding="utf-8"))]


def listed_on(item: dict[str, Any]) -> str:
    """The day an item was on Daily Papers, by the rule the issue states, from the raw
    item (independently of the code under test)."""
    return (item["paper"].get("submittedOnDailyAt") or item["publishedAt"])[:10]


def expected_days() -> dict[str, list[str]]:
    days: dict[str, list[str]] = {}
    for item in items():
        days.setdefault(listed_on(item), []).append(item["paper"]["id"])
    return days


def day_json(papers, day: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    result = papers("day", day, "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def imported(papers, home: Home):  # type: ignore[no-untyped-def]
    result = papers("import", *map(str, FILES), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["skipped"] == 0
    return papers


def serve(hub: HubServer) -> None:
    """The fixtures on the loopback Hub exactly as written (no re-stamping)."""
    for item in items():
        hub.state.days.setdefault(listed_on(item), []).append(item)
        hub.state.papers[item["paper"]["id"]] = item["paper"]


# -- listing days ---------------------------------------------------------------------


def test_import_files_each_paper_under_the_day_it_was_listed(imported) -> None:
    days = expected_days()
    assert len(days) == 6
    for day, wanted in days.items():
        assert sorted(p["id"] for p in day_json(imported, day)) == sorted(wanted), day
    # Never the arXiv day or the item's shifted publishedAt day.
    assert imported("day", "2025-06-08", "--offline").exit_code == 1
    assert imported("day", "2025-06-09", "--offline").exit_code == 1


def test_submitted_at_is_exactly_the_listing_time(imported) -> None:
    by_id = {p["id"]: p for day in expected_days() for p in day_json(imported, day)}
    assert by_id["2506.05101"]["submitted_at"] == "2025-06-10T05:21:09Z"
    assert by_id["2506.05101"]["published_at"] == "2025-06-09T00:00:00Z"
    assert by_id["2506.05102"]["submitted_at"] == "2025-06-10T23:58:00Z"
    assert by_id["2603.00111"]["submitted_at"] == "2026-03-03T00:00:00Z"
    assert by_id["2411.01001"]["submitted_at"] == "2024-11-05T09:12:44Z"  # old: item time
    assert by_id["2411.01001"]["published_at"] == "2024-11-01T17:59:58Z"


def test_a_paper_listed_on_two_days_is_on_both(imported) -> None:
    assert "2603.00114" in [p["id"] for p in day_json(imported, "2026-03-03")]
    assert "2603.00114" in [p["id"] for p in day_json(imported, "2026-03-04")]


def test_sync_from_a_hub_that_caps_pages_files_every_day(papers, hub: HubServer) -> None:
    serve(hub)
    hub.state.page_cap = 2  # far below the limit papercli asks for
    result = papers("sync", "--since", "2024-11-01", "--until", "2026-03-31", "--json")
    assert result.exit_code == 0, result.stderr
    for day, wanted in expected_days().items():
        assert sorted(p["id"] for p in day_json(papers, day)) == sorted(wanted), day
    month = papers("month", "2026-03", "--offline", "--json", "-n", "0")
    assert sorted(month.ids) == sorted({"2603.00111", "2603.00112", "2603.00113",
                                                "2603.00114", "2603.00215"})
    assert max(int(r.params["p"]) for r in hub.requests if "month" in r.params) >= 2


def test_one_capped_day_is_read_to_its_end(papers, hub: HubServer) -> None:
    serve(hub)
    hub.state.page_cap = 1
    result = papers("day", "2026-03-03", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.ids) == 4
    pages = [r.params["p"] for r in hub.requests if r.path == "/api/daily_papers"]
    assert pages == ["0", "1", "2", "3", "4"]  # the fifth is empty: the end


def test_a_hub_that_ignores_the_page_number_stops_at_nothing_new(papers, hub: HubServer
                                                                 ) -> None:
    serve(hub)
    hub.state.page_cap = 2
    day = hub.state.days["2026-03-03"]
    hub.state.days["2026-03-03"] = day[:2]  # page 0 and page 1 would hold the same two
    hub.fail("ok")
    result = papers("day", "2026-03-03", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.ids) == 2


# -- import in pieces --------------------------------------------------------------------


def test_a_later_import_adds_to_the_days_an_earlier_one_made(papers, home: Home,
                                                             tmp_path: Path) -> None:
    later = json.loads((ERAS / "later.json").read_text())
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(later[:2]))
    second.write_text(json.dumps(later[2:]))
    assert papers("import", str(first)).exit_code == 0
    assert papers("import", str(second)).exit_code == 0
    assert sorted(p["id"] for p in day_json(papers, "2026-03-03")) == [
        "2603.00111", "2603.00112", "2603.00113", "2603.00114"]


def test_import_never_clobbers_a_listing_fetched_from_the_hub(papers, hub: HubServer,
                                                              tmp_path: Path) -> None:
    serve(hub)
    hub.state.days["2026-03-03"] = hub.state.days["2026-03-03"][:1]
    assert papers("day", "2026-03-03").exit_code == 0
    assert papers("import", str(ERAS / "later.json")).exit_code == 0
    assert [p["id"] for p in day_json(papers, "2026-03-03")] == ["2603.00111"]


# -- fields ----------------------------------------------------------------------------


def test_every_new_field_in_the_json_contract(imported) -> None:
    by_id = {p["id"]: p for day in expected_days() for p in day_json(imported, day)}
    socks = by_id["2603.00111"]
    assert socks["organization"] == {"name": "acme-ai", "fullname": "Acme AI Research"}
    assert socks["github_stars"] == 1500
    assert socks["submitter"] == "sockmaster"
    assert socks["withdrawn_at"] is None
    assert socks["thumbnail"] == ("https://cdn-thumbnails.example.org/social-thumbnails/"
                                  "papers/2603.00111.png")
    assert by_id["2603.00112"]["organization"] == {"name": "zlab", "fullname": "Zürich Lab"}
    assert by_id["2603.00113"]["organization"] is None
    assert by_id["2603.00113"]["github_stars"] is None
    assert by_id["2506.05102"]["github_stars"] == 0  # a real count, not "unknown"
    assert by_id["2506.05102"]["submitter"] == "Night_Owl"
    assert by_id["2506.06103"]["withdrawn_at"] == "2025-06-20T10:00:00Z"
    assert by_id["2411.02003"]["submitter"] == "cloudy"
    assert by_id["2411.01001"]["submitter"] is None
    assert by_id["2411.01001"]["thumbnail"] is None  # mediaUrl is not a thumbnail


def test_titles_links_and_authors_are_repaired(imported) -> None:
    by_id = {p["id"]: p for day in expected_days() for p in day_json(imported, day)}
    assert by_id["2411.01001"]["title"] == "Folding Tables with Sparse Attention Maps"
    assert by_id["2506.06104"]["title"] == "Maps Without Roads"
    assert by_id["2506.05101"]["github_repo"] == "https://github.com/example-lab/self-tying-ropes"
    assert by_id["2506.05102"]["github_repo"] == "https://github.com/quiet/gradients"
    assert by_id["2506.05102"]["project_page"] == "https://quiet-gradients.example.org/"
    assert by_id["2411.01001"]["authors"] == ["Ada Quill"]  # the hidden one left out
    assert by_id["2411.01002"]["authors"] == ["Cy Moreau", "Di Okafor"]


def test_ai_summary_model_is_never_a_family_signal(imported) -> None:
    result = imported("search", "--family", "Qwen", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_show_keeps_a_known_comment_count(imported, hub: HubServer) -> None:
    flat = dict(json.loads((ERAS / "later.json").read_text())[0]["paper"])
    assert "numComments" not in flat
    hub.add_paper(flat)
    before = imported("day", "2026-03-03", "--offline", "--json")
    assert {p["id"]: p["comments"] for p in json.loads(before.stdout)}["2603.00111"] == 1
    shown = imported("show", "2603.00111", "--json")
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["comments"] == 1
    assert data["organization"]["fullname"] == "Acme AI Research"


def test_show_panel_has_the_new_fields(imported) -> None:
    out = imported("show", "2603.00111", "--offline").stdout
    for needle in ("Acme AI Research", "acme-ai", "sockmaster", "1,500"):
        assert needle in out, needle
    withdrawn = imported("show", "2506.06103", "--offline").stdout
    assert "Withdrawn" in withdrawn and "2025-06-20" in withdrawn


# -- withdrawn ---------------------------------------------------------------------------


def test_withdrawn_papers_are_marked_in_tables(imported) -> None:
    table = imported("day", "2025-06-11", "--offline").stdout
    line = next(x for x in table.splitlines() if "2506.06103" in x)
    assert "[withdrawn]" in line
    other = next(x for x in table.splitlines() if "2506.06104" in x)
    assert "[withdrawn]" not in other


def test_new_leaves_withdrawn_papers_out_unless_asked(imported, monkeypatch) -> None:
    monkeypatch.setenv("PAPERS_NOW", "2025-06-11T12:00:00Z")
    assert imported("watch", "add", "all-curated", "--submitter", "curator").exit_code == 0
    peek = imported("new", "--offline", "--peek", "--json")
    assert peek.exit_code == 0, peek.stderr
    assert "2506.06103" not in peek.ids
    assert "2506.05101" in peek.ids
    asked = imported("new", "--offline", "--peek", "--withdrawn", "--json")
    assert "2506.06103" in asked.ids


# -- filters ----------------------------------------------------------------------------


@pytest.mark.parametrize("args,wanted", [
    (("--org", "acme-ai"), {"2603.00111", "2603.00114", "2603.00215"}),
    (("--org", "ACME AI research"), {"2603.00111", "2603.00114", "2603.00215"}),
    (("--org", "zürich lab"), {"2603.00112"}),
    (("--org", "zlab", "--org", "acme-ai"),
     {"2603.00111", "2603.00112", "2603.00114", "2603.00215"}),
    (("--org", "acme"), set()),  # whole names only
    (("--has-code",), {"2506.05101", "2506.05102", "2506.06104", "2603.00111", "2603.00112",
                       "2603.00215"}),
    (("--min-stars", "100"), {"2603.00111", "2603.00215"}),
    (("--min-stars", "0"), {"2506.05101", "2506.05102", "2603.00111", "2603.00112",
                            "2603.00215"}),
    (("--submitter", "night_owl"), {"2506.05102"}),
    (("--submitter", "cartog", "--has-code"), {"2506.06104"}),
])
def test_filters_on_search_export_and_listings(imported, args: tuple[str, ...],
                                               wanted: set[str]) -> None:
    browse = imported("search", *args, "--json", "-n", "0")
    assert browse.exit_code == 0, browse.stderr
    assert set(browse.ids) == wanted
    export = imported("export", *args, "--format", "json")
    assert set(export.ids) == wanted
    for day, listed in expected_days().items():
        one = imported("day", day, "--offline", *args, "--json", "-n", "0")
        assert one.exit_code == 0, one.stderr
        assert set(one.ids) == wanted & set(listed), day


def test_filters_on_a_day_listing_the_fast_path_runs(imported) -> None:
    result = run_process("day", "2026-03-03", "--offline", "--org", "Acme AI Research",
                         "--min-stars", "10", "--json")
    assert result.returncode == 0, result.stderr
    assert ids(result.stdout) == ["2603.00111"]


def test_sort_by_stars(imported) -> None:
    result = imported("search", "--sort", "stars", "--json", "-n", "0")
    stars = [p["github_stars"] for p in json.loads(result.stdout)]
    known = [s for s in stars if s is not None]
    assert known == sorted(known, reverse=True) and known[0] == 1500
    assert stars.index(None) == len(known)  # unknown counts last
    day = imported("day", "2026-03-03", "--offline", "--sort", "stars", "--json")
    assert day.ids[:2] == ["2603.00111", "2603.00112"]


def test_filters_on_starred(imported, hub: HubServer) -> None:
    assert imported("star", "2603.00111", "2603.00113", "--offline").exit_code == 0
    result = imported("starred", "--org", "acme-ai", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.ids == ["2603.00111"]


def test_watches_take_the_same_keys(imported, home: Home) -> None:
    added = imported("watch", "add", "acme", "--org", "Acme AI Research", "--min-stars", "100",
                     "--has-code")
    assert added.exit_code == 0, added.stderr
    assert "2 papers in your library match)" in added.stderr
    one = imported("watch", "add", "big", "--org", "Acme AI Research", "--min-stars", "1000")
    assert "(1 paper in your library matches)" in one.stderr  # (it said "match")
    assert imported("watch", "rm", "big").exit_code == 0
    listed = json.loads(imported("watch", "list", "--json").stdout)
    assert listed[0]["org"] == ["Acme AI Research"] and listed[0]["min_stars"] == 100
    assert listed[0]["has_code"] is True and listed[0]["papers"] == 2
    write_config(home, '[watch.owl]\nsubmitter = ["Night_Owl"]\nhas_code = "yes"\n')
    bad = imported("watch", "list")
    # (the file's line names the watch: "watch.owl.has_code" ran the line past 80)
    assert bad.exit_code != 0 and "config.toml, line 3: has_code" in bad.stderr


def test_orgs_lists_organizations_with_counts(imported) -> None:
    data = json.loads(imported("orgs", "--json").stdout)
    assert data == [
        {"name": "acme-ai", "fullname": "Acme AI Research", "papers": 3},
        {"name": "zlab", "fullname": "Zürich Lab", "papers": 1},
    ]
    table = imported("orgs").stdout
    assert "acme-ai" in table and "Zürich Lab" in table and "3" in table
    assert "organizations" not in table  # all shown: nothing to say


def test_orgs_text_keeps_the_organizations_either_name_holds(imported) -> None:
    """`orgs TEXT` narrows the table as `families NAME` does, on the Hub name or the
    display name, case and accents folded; one left says how to list its papers."""
    acme = imported("orgs", "ACME")
    assert acme.exit_code == 0, acme.stderr
    assert "acme-ai" in acme.stdout and "zlab" not in acme.stdout
    assert acme.stderr == "papers: to list its papers: papers search --org acme-ai\n"
    zurich = json.loads(imported("orgs", "zurich", "--json").stdout)  # Zürich Lab
    assert [row["name"] for row in zurich] == ["zlab"]
    both = imported("orgs", "a")  # (acme-ai, zlab): two, so no single --org line
    assert "acme-ai" in both.stdout and "zlab" in both.stdout and "--org" not in both.stdout
    # none: a usage error, as `families NAME` answers a name it does not know (it was a
    # note and exit 0 here, exit 2 there)
    for args in (("[red]nowhere",), ("[red]nowhere", "--json")):
        none = imported("orgs", *args)
        assert none.exit_code == 2 and none.stdout == ""
        assert none.stderr == ("papers: error: unknown organization '[red]nowhere' — "
                               "papers orgs lists all 2\n")
    long = imported("orgs", "nowhere" * 20)  # cut to fit 80 columns, the hint kept
    assert long.exit_code == 2
    assert len(one_line(long.stderr)) <= 80 and long.stderr.endswith(" lists all 2\n")


def test_orgs_count_from_their_own_index_in_an_older_library_too(imported,
                                                                  home: Home) -> None:
    """`orgs` reads the papers_org index alone, not every row: the plan says so, a
    library from before the index gets it when opened, and the counts are the table's."""
    import sqlite3

    from papercli.db.complete import ORG_COUNTS
    from papercli.db.schema import migrations

    before = [step.__name__ for step in migrations.steps].index("_m011_organization_index")
    with sqlite3.connect(home.library) as conn:
        conn.execute("DROP INDEX papers_org")
        conn.execute(f"PRAGMA user_version = {before}")
        counted = conn.execute("SELECT count(*) FROM papers WHERE org_name = 'acme-ai'"
                               ).fetchone()[0]
    data = json.loads(imported("orgs", "--json").stdout)
    assert data[0] == {"name": "acme-ai", "fullname": "Acme AI Research", "papers": counted}
    with sqlite3.connect(home.library) as conn:
        plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {ORG_COUNTS}"))
        assert "COVERING INDEX papers_org" in plan, plan
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest


def test_the_org_filter_looks_only_among_the_papers_that_name_one(imported,
                                                                  home: Home) -> None:
    """`--org` in SQL reads the papers_org index (the papers that name an organization),
    not every row; the filter table above checks what it finds."""
    from papercli.db.search import LibraryReads
    from papercli.filters import Filter

    where, args = Filter(orgs=("Acme AI Research",)).sql("p")
    sql = f"SELECT count(*) FROM papers p WHERE {' AND '.join(where)}"
    with sqlite3.connect(home.library) as conn:
        LibraryReads(conn, home.library)  # its casefold() for the SQL
        plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", args))
        assert "COVERING INDEX papers_org" in plan and "SCAN p " not in plan, plan
        assert conn.execute(sql, args).fetchone()[0] == 3


def test_orgs_takes_a_limit_like_every_listing(imported) -> None:
    data = json.loads(imported("orgs", "-n", "1", "--json").stdout)
    assert data == [{"name": "acme-ai", "fullname": "Acme AI Research", "papers": 3}]
    table = imported("orgs", "--limit", "1")
    assert table.exit_code == 0, table.stderr
    assert "acme-ai" in table.stdout and "zlab" not in table.stdout
    assert "1 of 2 organizations" in table.stdout
    assert len(json.loads(imported("orgs", "-n", "0", "--json").stdout)) == 2
    bad = imported("orgs", "-n", "-1")
    assert bad.exit_code == 2 and "--limit" in bad.stderr


# -- streaming import ----------------------------------------------------------------


def test_import_accepts_a_byte_order_mark(papers, home: Home, tmp_path: Path) -> None:
    src = tmp_path / "bom.json"
    src.write_bytes(b"\xef\xbb\xbf" + (ERAS / "early.json").read_bytes())
    result = papers("import", str(src), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 3


def test_a_huge_integer_costs_the_field_and_a_bad_title_the_item(papers, home: Home,
                                                                 tmp_path: Path) -> None:
    good = json.loads((ERAS / "later.json").read_text())[0]
    text = json.dumps([good, {"paper": {"id": "2603.09999", "title": ["not", "a", "string"]}},
                       {"paper": {"id": "2603.09998", "title": {"x": 1}}}])
    text = text.replace('"upvotes": 9', '"upvotes": ' + "9" * 5000, 1)
    src = tmp_path / "odd.json"
    src.write_text(text)
    result = papers("import", str(src), "--json")
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)
    assert [why.partition(":")[0] for why in counts.pop("skipped_reasons")] == [
        "item 2", "item 3"]
    assert counts == {"files": 1, "read": 3, "added": 1, "updated": 0, "unchanged": 0,
                      "repeated": 0, "skipped": 2}
    shown = json.loads(papers("show", "2603.00111", "--offline", "--json").stdout)
    assert shown["upvotes"] == 0 and shown["github_stars"] == 1500


def test_import_of_many_batches(papers, home: Home, tmp_path: Path) -> None:
    base = json.loads((ERAS / "later.json").read_text())[0]
    rows = []
    for n in range(4500):  # three transactions of at most 2,000
        item = json.loads(json.dumps(base))
        item["paper"]["id"] = f"2603.{n:05d}"
        rows.append(json.dumps(item))
    src = tmp_path / "big.json"
    src.write_text("[\n" + ",\n".join(rows) + "\n]\n")
    result = papers("import", str(src), "--json")
    assert json.loads(result.stdout)["added"] == 4500
    assert len(day_json(papers, "2026-03-03")) == 4500


@pytest.mark.parametrize("source", ["/dev/zero", "-"])
def test_endless_input_that_is_not_json_is_refused(home: Home, source: str) -> None:
    # `yes | papers import -` and `papers import /dev/zero`: a clear error from the first
    # bytes, not memory growth (the timeout is a safety net, not a measurement).
    if source == "-":
        proc = subprocess.run(f"yes | {installed_papers()} import -", shell=True,
                              capture_output=True, text=True, timeout=60)
    else:
        proc = subprocess.run([installed_papers(), "import", source], capture_output=True,
                              text=True, timeout=60)
    assert proc.returncode == 1
    assert ("is binary data, not JSON" if source == "/dev/zero" else "is not JSON") in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_truncated_file_keeps_what_came_before_and_says_so(papers, home: Home,
                                                             tmp_path: Path) -> None:
    src = tmp_path / "cut.json"
    text = (ERAS / "middle.json").read_text()
    src.write_text(text[: len(text) - 40])
    result = papers("import", str(src))
    assert result.exit_code == 1
    assert "not valid JSON" in result.stderr and "cut.json" in result.stderr


# -- the migration from schema 3 -------------------------------------------------------


def _old_library(path: Path) -> None:
    """A library as papercli 0.x (schema 3) wrote it after a month sync and an import:
    `submitted_at` from the item's publishedAt, days filed by it."""
    from papercli.db.schema import migrations

    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for step in migrations.steps[:3]:
        step(conn)
    conn.execute("PRAGMA user_version = 3")

    def paper(pid: str, title: str, published: str, submitted: str, comments: int = 1) -> None:
        conn.execute(
            "INSERT INTO papers (id, title, summary, authors, published_at, submitted_at, "
            "upvotes, comments, families, fetched_at) VALUES (?, ?, '', '[]', ?, ?, 3, ?, "
            "'[]', ?)", (pid, title, published, submitted, comments, "2026-04-01T10:00:00Z"))

    def listing(key: str, kind: str, start: str, fetched: str, pids: list[str],
                source: str | None) -> None:
        conn.execute("INSERT INTO listings VALUES (?, ?, ?, ?, ?, ?)",
                     (key, kind, start, fetched, len(pids), source))
        for n, pid in enumerate(pids):
            conn.execute("INSERT INTO listing_papers VALUES (?, ?, ?)", (key, n, pid))

    # A month sync of 2026-03: item publishedAt (the day before) was taken as the day.
    paper("2603.00111", "Sorting Socks\n  at Scale", "2026-03-02T00:00:00Z",
          "2026-03-01T19:00:00Z")
    paper("2603.00215", "Gardens of Forking Tokens", "2026-03-03T00:00:00Z",
          "2026-03-02T19:00:00Z")
    listing("month:2026-03", "month", "2026-03-01", "2026-04-01T10:00:00Z",
            ["2603.00111", "2603.00215"], None)
    listing("day:2026-03-01", "day", "2026-03-01", "2026-04-01T10:00:00Z", ["2603.00111"],
            "month:2026-03")
    listing("day:2026-03-02", "day", "2026-03-02", "2026-04-01T10:00:00Z", ["2603.00215"],
            "month:2026-03")
    # An old-era import, whose day was right, and a 2025 import filed on the wrong day.
    paper("2411.01001", "Folding Tables", "2024-11-01T17:59:58Z", "2024-11-05T09:12:44Z")
    listing("day:2024-11-05", "day", "2024-11-05", "1970-01-01T00:00:00Z", ["2411.01001"],
            "import")
    paper("2506.05101", "Ropes", "2025-06-09T00:00:00Z", "2025-06-08T20:00:00Z")
    listing("day:2025-06-08", "day", "2025-06-08", "1970-01-01T00:00:00Z", ["2506.05101"],
            "import")
    # A direct day fetch: right whatever the timestamps said.
    paper("2604.00001", "Direct", "2026-04-01T00:00:00Z", "2026-03-31T20:00:00Z")
    listing("day:2026-04-02", "day", "2026-04-02", "2026-04-03T10:00:00Z", ["2604.00001"],
            None)
    conn.close()


def test_migration_repairs_a_library_from_the_earlier_release(papers, home: Home,
                                                              hub: HubServer) -> None:
    _old_library(home.library)
    info = json.loads(papers("cache", "info", "--json").stdout)
    from papercli.db import schema

    assert info["schema_version"] == schema.migrations.latest  # migrated to the newest
    entries = {e["key"]: e for e in info["entries"]}
    # Wrongly filed days are emptied, not left wrong; period listings will be refetched.
    assert entries["day:2026-03-01"]["count"] == 0 and entries["day:2026-03-02"]["count"] == 0
    # (fetched when unknown: null, never the placeholder time they sort by)
    assert entries["month:2026-03"]["fetched_at"] is None
    assert entries["day:2026-03-01"]["fetched_at"] is None
    assert entries["day:2025-06-08"]["count"] == 0
    assert entries["day:2024-11-05"]["count"] == 1  # pre-2025-03 import: it was right
    assert entries["day:2026-04-02"] == {"key": "day:2026-04-02", "count": 1,
                                         "fetched_at": "2026-04-03T10:00:00Z", "source": "hub"}
    direct = day_json(papers, "2026-04-02")
    assert direct[0]["submitted_at"] is None  # it was the arXiv time minus 4 h
    month = json.loads(papers("month", "2026-03", "--offline", "--json").stdout)
    assert {p["id"]: p["submitted_at"] for p in month} == {"2603.00111": None,
                                                           "2603.00215": None}
    assert {p["title"] for p in month} >= {"Sorting Socks at Scale"}
    assert month[0]["organization"] is None and month[0]["github_stars"] is None
    # Online, the stale month is fetched again and files every paper on its real day.
    serve(hub)
    result = papers("sync", "--since", "2026-03-01", "--until", "2026-03-31", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["skipped"] == 0
    for day, wanted in expected_days().items():
        if day.startswith("2026-03"):
            assert sorted(p["id"] for p in day_json(papers, day)) == sorted(wanted), day
    socks = {p["id"]: p for p in day_json(papers, "2026-03-03")}["2603.00111"]
    assert socks["submitted_at"] == "2026-03-03T00:00:00Z"
    assert socks["organization"]["name"] == "acme-ai"
    assert papers("day", "2026-03-01", "--offline", "--json").stdout.strip() == "[]"


def test_migration_then_reimport_files_the_imported_papers(papers, home: Home) -> None:
    _old_library(home.library)
    assert papers("import", str(ERAS / "middle.json")).exit_code == 0
    assert "2506.05101" in [p["id"] for p in day_json(papers, "2025-06-10")]
    assert day_json(papers, "2025-06-08") == []


def test_listing_days_cover_the_fixture_eras() -> None:
    """The fixtures really have the traps the tests rely on."""
    raw = items()
    assert any("submittedOnDailyAt" not in i["paper"] for i in raw)
    mid = [i for i in raw if "submittedOnDailyAt" in i["paper"]]
    assert all(i["publishedAt"] < i["paper"]["publishedAt"] for i in mid)
    assert any("ai_summary_model" in i["paper"] for i in raw)
    assert any("\n" in i["paper"].get("githubRepo", "") for i in raw)
    ids_ = [i["paper"]["id"] for i in raw]
    assert len(ids_) > len(set(ids_))
    assert date.fromisoformat(listed_on(raw[0]))


def test_withdrawn_papers_are_marked_in_markdown(imported) -> None:
    md = imported("day", "2025-06-11", "--offline", "--format", "md").stdout
    sections = md.split("\n## ")
    withdrawn = next(s for s in sections if "A Withdrawn Claim" in s)
    assert "**withdrawn** 2025-06-20" in withdrawn
    assert "withdrawn**" not in next(s for s in sections if "Maps Without Roads" in s)


def test_an_org_no_paper_is_from_is_said(imported) -> None:
    """`--org goog` found nothing without a word why (an unknown --family is a usage
    error naming the families): a note says no paper is from it, and where the names
    are. An organization the library knows, found wanting by other filters, has none."""
    none = imported("search", "--org", "initech", "--offline", "--json")
    assert none.exit_code == 0 and none.ids == []
    assert one_line(none.stderr) == (  # (in 80 columns: "… lists the organizations)", 84)
        "papers: no paper in the library is from 'initech' (papers orgs lists them)")
    # A part of an organization's name, or its name misspelt: said with the one meant
    # (`--org acme` for acme-ai said only "papers orgs lists them").
    for typed in ("acme", "ACME", "Zurich", "acmee-ai"):
        near = imported("search", "--org", typed, "--offline", "--json")
        assert near.exit_code == 0 and near.ids == []
        meant = "zlab" if typed == "Zurich" else "acme-ai"  # (Zürich Lab's Hub name)
        assert one_line(near.stderr) == (
            f"papers: no paper in the library is from '{typed}': did you mean --org "
            f"{meant}?"), near.stderr
    long = imported("search", "--org", "Shanghai Artificial Intelligence Laboratory",
                    "--offline")
    assert one_line(long.stderr) == ("papers: no paper is from 'Shanghai Artificial …' "
                                     "(see papers orgs)")
    known = imported("search", "--org", "ZÜRICH LAB", "--org", "acme-ai", "--offline", "--json")
    assert known.exit_code == 0 and known.ids and known.stderr == ""
    narrowed = imported("search", "--org", "zlab", "--min-upvotes", "100000", "--offline",
                        "--json")
    # (nothing found is said on stderr in every format, as listings say it)
    assert narrowed.ids == [] and one_line(narrowed.stderr).startswith("papers: no library paper ")
