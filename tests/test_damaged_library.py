"""A damaged library or user database costs the damaged records alone.

A real `library.db` and `user.db` are built through the command line (the seed papers
imported, some starred, read, hidden and shown by `papers new`), then damaged with
`sqlite3` the way a crashed tool, a sync service or a person would: any value of any
SQLite type (integers, floats with NaN and infinities, text that is not JSON or holds
control characters, text that is not even UTF-8, BLOBs, NULL) in any column of any table.
Every library command must then still run: exit 0, or a clean exit 1 with one line, never
a traceback or "unexpected ... please report it", the undamaged papers and stars still
shown, and the damage said once, at the end, in one line.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Home, Shell, one_line
from hubserver import HubServer, seed_items

SEED = seed_items()
IDS = [item["paper"]["id"] for item in SEED]
STARRED, READ, HIDDEN = IDS[:4], IDS[2:5], IDS[5:6]
PROPERTY = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


class NotUtf8(bytes):
    """Bytes written as TEXT (CAST(? AS TEXT)): a text value that is not UTF-8."""


VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9f), max_size=10),  # controls, ESC
    st.binary(max_size=20),
    st.none(),
    st.builds(NotUtf8, st.sampled_from([b"\xff", b"24\xfe01.01055", b"[\"a\xc3\"]"])),
    st.sampled_from([
        "not json", "{", '{"a": 1}', "[1, 2]", '["ok", 3]', "[[[[[[]]]]]]", "null", "",
        "2024-13-45T00:00:00Z", "yesterday", "javascript:alert(1)", "1e999", "NaN",
        "２４０１.０１０５５", "2401.01055", "\x1b]52;c;SGVsbG8=\x07", "-1",
        '{"title": 5, "published_at": 7, "authors": "x"}',
    ]),
)


def tables(conn: sqlite3.Connection) -> dict[str, tuple[list[str], list[str]]]:
    """table -> (its columns, the columns that pick one row) of the real tables."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'papers_fts%' AND name NOT LIKE 'sqlite%'"):
        info = conn.execute(f"PRAGMA table_info({name})").fetchall()
        columns = [r[1] for r in info]
        keys = ["rowid"] if "WITHOUT ROWID" not in sql else [r[1] for r in info if r[5]]
        out[name] = (columns, keys)
    return out


def damage(path: Path, table: str, column: str, pick: int, value: object) -> bool:
    """Write `value` into `column` of one row of `table`; False when SQLite refuses it
    (NOT NULL, a duplicate key) or the table is empty."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        _, keys = tables(conn)[table]
        rows = conn.execute(f"SELECT {', '.join(keys)} FROM {table} ORDER BY 1").fetchall()
        if not rows:
            return False
        row = rows[pick % len(rows)]
        where = " AND ".join(f"{k} IS ?" for k in keys)
        holder = "CAST(? AS TEXT)" if isinstance(value, NotUtf8) else "?"
        bound = bytes(value) if isinstance(value, NotUtf8) else value
        try:
            conn.execute(f"UPDATE {table} SET {column} = {holder} WHERE {where}", (bound, *row))
        except sqlite3.IntegrityError:
            return False
        return True
    finally:
        conn.close()


def every_column(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return [(t, c) for t, (columns, _) in sorted(tables(conn).items()) for c in columns]
    finally:
        conn.close()


@pytest.fixture
def built(shell: Shell, home: Home, tmp_path: Path, seeded_hub: HubServer
          ) -> Callable[[], None]:
    """A library and user database made by the command line (the loopback Hub lists the
    seed papers today and yesterday, for `papers new`); returns a function that puts both
    back as they were built (the examples damage them in turn)."""
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(SEED), encoding="utf-8")
    for argv in (["import", str(seed)], ["star", *STARRED, "--offline"], ["read", *READ],
                 ["hide", *HIDDEN], ["new", "--all", "--json"]):
        code, _, err = shell(*argv)
        assert code == 0, (argv, err)
    saved = tmp_path / "pristine"
    saved.mkdir()
    files = {home.library: saved / "library.db", user_db(home): saved / "user.db"}
    for live, copy in files.items():
        _checkpoint(live)
        shutil.copy2(live, copy)

    def restore() -> None:
        for live, copy in files.items():
            for suffix in ("-wal", "-shm"):
                Path(str(live) + suffix).unlink(missing_ok=True)
            shutil.copy2(copy, live)

    return restore


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


LIBRARY_COMMANDS: list[list[str]] = [
    ["search", "--json", "-n", "0", "--hidden"],  # every row, the hidden ones too
    ["search", "llama", "--offline", "--json"],
    ["export", "--json"],
    ["export", "-f", "md"],
    ["today", "--offline", "--json"],
    ["show", IDS[0], IDS[6], "--offline"],
    ["related", IDS[6], "--json"],
    ["for-you", "--json"],
    ["orgs"],
    ["families"],
    ["cache", "info", "--json"],
    ["cache", "info", "--check", "--json"],
]
USER_COMMANDS: list[list[str]] = [
    ["starred", "--json"],
    ["starred"],
    ["for-you", "--json"],
    ["new", "--all", "--offline", "--peek", "--json"],
    ["show", STARRED[0], "--offline", "--json"],
    ["related", STARRED[1], "--json"],
    ["cache", "info", "--json"],
    ["cache", "info", "--check", "--json"],
]


def run_clean(shell: Shell, argv: list[str]) -> tuple[int, str, str]:
    """Run one command and check it ended cleanly: 0, or 1 with one line."""
    code, out, err = shell(*argv)
    assert "Traceback" not in err and "unexpected" not in err, (argv, err)
    assert "please report" not in err, (argv, err)
    assert code in (0, 1), (argv, code, err)
    if code == 1:
        assert len(err.strip().splitlines()) == 1, (argv, err)
    damaged_lines = [line for line in err.splitlines() if "damaged record" in line]
    assert len(damaged_lines) <= 1, (argv, err)
    return code, out, err


def shown_ids(out: str) -> set[str]:
    return {p["id"] for p in json.loads(out)}


def browse_data() -> None:
    """The browser's data gathering, every view, without a screen."""
    from papercli.errors import PapersError
    from papercli.filters import NO_FILTERS
    from papercli.tui.source import Source, View

    source = Source(offline=True)
    for view in (View(), View("search", "llama"), View("filter", "llama"), View("starred"),
                 View("for-you"), View("new", show_all=True, peek=True)):
        try:
            loaded = source.load(view, cached_only=True)
        except PapersError:
            continue
        for paper in loaded.papers[:3]:
            source.detail(paper.id)
        source.families(view, loaded.papers)
    one_family = View("search", "llama", filters=NO_FILTERS._replace(family=["LLaMA"]))
    with contextlib.suppress(PapersError):  # it loads the list without its family filter
        source.families(one_family, [])


Damage = list[tuple[int, int, Any]]  # (column number, row number, value)


def damages(count: int) -> st.SearchStrategy[Damage]:
    return st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, 50), VALUES),
                    min_size=1, max_size=3)


def _apply(path: Path, columns: list[tuple[str, str]], plan: Damage
           ) -> tuple[set[str], set[str]]:
    """Damage `path` as planned; (ids of papers rows touched, ids of star rows touched)."""
    touched_papers: set[str] = set()
    touched_stars: set[str] = set()
    for number, pick, value in plan:
        table, column = columns[number]
        conn = sqlite3.connect(path)
        try:
            keyed = {"papers": "id", "stars": "paper_id"}.get(table)
            before = conn.execute(f"SELECT {keyed} FROM {table} ORDER BY rowid").fetchall() \
                if keyed else []
        finally:
            conn.close()
        if damage(path, table, column, pick, value) and before:
            victim = before[pick % len(before)][0]
            (touched_papers if table == "papers" else touched_stars).add(victim)
    return touched_papers, touched_stars


COLUMN_NUMBERS = 40  # at least as many as columns in either file, taken modulo their count


@pytest.fixture
def library_columns(built: Callable[[], None], home: Home) -> list[tuple[str, str]]:
    columns = every_column(home.library)
    assert ("papers", "authors") in columns and ("listings", "fetched_at") in columns
    return columns


@PROPERTY
@given(plan=damages(COLUMN_NUMBERS))
def test_any_value_in_any_library_column(
        plan: Damage, built: Callable[[], None], library_columns: list[tuple[str, str]],
        shell: Shell, home: Home) -> None:
    built()
    plan = [(n % len(library_columns), pick, value) for n, pick, value in plan]
    touched, _ = _apply(home.library, library_columns, plan)
    for argv in LIBRARY_COMMANDS:
        code, out, err = run_clean(shell, argv)
        if argv[:2] == ["search", "--json"]:
            assert code == 0, err
            # Every paper row left alone is still shown.
            assert set(IDS) - touched <= shown_ids(out), (plan, err)
            _, info, _ = run_clean(shell, ["cache", "info", "--check", "--json"])
            counted = json.loads(info)["damaged"]["library.db"]["count"]
            # What `search` left out or repaired, `cache info` counts.
            if len(shown_ids(out)) < len(IDS) or "library.db" in err:
                assert counted > 0, (plan, err)
    browse_data()


@pytest.fixture
def user_columns(built: Callable[[], None], home: Home) -> list[tuple[str, str]]:
    columns = every_column(user_db(home))
    assert ("stars", "record") in columns and ("meta", "value") in columns
    return columns


@PROPERTY
@given(plan=damages(COLUMN_NUMBERS))
def test_any_value_in_any_user_database_column(
        plan: Damage, built: Callable[[], None], user_columns: list[tuple[str, str]],
        shell: Shell, home: Home) -> None:
    built()
    plan = [(n % len(user_columns), pick, value) for n, pick, value in plan]
    _, touched = _apply(user_db(home), user_columns, plan)
    for argv in USER_COMMANDS:
        code, out, err = run_clean(shell, argv)
        if argv == ["starred", "--json"]:
            assert code == 0, err
            assert set(STARRED) - touched <= shown_ids(out), (plan, err)
    browse_data()


# -- the cases of the report, one by one ------------------------------------------------


@pytest.mark.parametrize(("column", "value"), [
    ("authors", "not json"), ("ai_keywords", "{oops"), ("title", b"\x00\xff"),
    ("published_at", 12345), ("summary", b"\x00"), ("ai_summary", b"\x01"), ("upvotes", "many"),
    ("github_repo", "javascript:alert(1)"), ("families", 7.5), ("id", b"\x01"),
])
def test_one_damaged_row_costs_that_row_alone(
        built: Callable[[], None], shell: Shell, home: Home,
        column: str, value: object) -> None:
    built()
    victim = IDS[3]
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute(f"UPDATE papers SET {column} = ? WHERE id = ?", (value, victim))
    conn.close()
    for argv in [*LIBRARY_COMMANDS, ["starred", "--json"]]:
        code, _, err = run_clean(shell, argv)
        assert code == 0, (argv, err)
    code, out, err = run_clean(shell, ["export", "--json", "--hidden"])
    assert set(IDS) - {victim} <= shown_ids(out)
    line = [x for x in err.splitlines() if "damaged record" in x]
    assert len(line) == 1 and "library.db" in line[0] and "papers cache info --check" in line[0]
    if column in ("title", "id"):
        assert "skipped 1 damaged record" in line[0]
        assert victim not in shown_ids(out)
    else:
        shown = {p["id"]: p for p in json.loads(out)}
        assert victim in shown
    _, info, _ = run_clean(shell, ["cache", "info", "--check", "--json"])
    found = json.loads(info)["damaged"]["library.db"]
    assert found["count"] == 1
    assert found["records"][0]["fields"] == [column]
    code, text, err = run_clean(shell, ["cache", "info", "--check"])
    assert "Damaged  1 record in library.db" in text and "damaged record" not in err
    # Without --check the paper rows are not read: instant at any size, and silent.
    code, text, err = run_clean(shell, ["cache", "info"])
    assert "Damaged" not in text and "damaged" not in err
    _, info, _ = run_clean(shell, ["cache", "info", "--json"])
    assert "damaged" not in json.loads(info)


def test_a_numeric_date_in_a_star_snapshot(built: Callable[[], None], shell: Shell,
                                           home: Home) -> None:
    """The report's `papers starred` case: a star snapshot whose published_at is 5."""
    built()
    conn = sqlite3.connect(user_db(home))
    with conn:
        conn.execute("UPDATE stars SET record = json_set(record, '$.published_at', 5)")
    conn.close()
    code, out, err = run_clean(shell, ["starred", "--json"])
    assert code == 0
    shown = {p["id"]: p for p in json.loads(out)}
    assert set(shown) == set(STARRED)
    assert all(p["published_at"] is None or isinstance(p["published_at"], str)
               for p in shown.values())
    lines = [x for x in err.splitlines() if "damaged record" in x]
    assert len(lines) == 1 and "user.db" in lines[0]
    assert f"showed {len(STARRED)} damaged records" in lines[0]


def test_text_that_is_not_utf8_costs_its_row(built: Callable[[], None], shell: Shell,
                                             home: Home) -> None:
    built()
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute("UPDATE papers SET title = CAST(? AS TEXT) WHERE id = ?",
                     (b"Bad \xff title", IDS[1]))
    conn.close()
    code, out, _ = run_clean(shell, ["export", "--json", "--hidden"])
    assert code == 0
    titles = {p["id"]: p["title"] for p in json.loads(out)}
    assert set(titles) == set(IDS)
    assert titles[IDS[1]] == "Bad \ufffd title"


def test_a_date_before_the_year_1000_is_dropped_where_it_enters(
        shell: Shell, tmp_path: Path) -> None:
    """An imported paper dated 0001-01-01 (with milliseconds, as the Hub writes dates) was
    stored as "1-01-01T00:00:00Z", which every later listing read back as a damaged
    record; such a date is now junk where it enters, as 9999-12-31 pushed past the range
    is: the paper is kept, dated by its other dates, and nothing is damaged."""
    items = [json.loads(json.dumps(SEED[0])), json.loads(json.dumps(SEED[1]))]
    items[0]["paper"]["publishedAt"] = items[0]["publishedAt"] = "0001-01-01T00:00:00.000Z"
    items[1]["paper"]["publishedAt"] = items[1]["publishedAt"] = "0999-12-31T12:00:00+00:00"
    src = tmp_path / "old.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert shell("import", str(src)).exit_code == 0
    listed = shell("search", "--offline", "--json")
    assert listed.exit_code == 0 and "damaged" not in listed.stderr, listed.stderr
    dates = {p["id"]: p["published_at"] for p in json.loads(listed.stdout)}
    assert set(dates) == {item["paper"]["id"] for item in items}
    assert all(day is None or "2000" < day < "2100" for day in dates.values()), dates


def test_a_clean_library_says_nothing(built: Callable[[], None], shell: Shell) -> None:
    built()
    for argv in LIBRARY_COMMANDS + USER_COMMANDS:
        _, _, err = run_clean(shell, argv)
        assert "damaged" not in err, (argv, err)
    _, text, _ = run_clean(shell, ["cache", "info", "--check"])
    assert "Damaged  none (every record of library.db and user.db checked)" in text
    _, info, _ = run_clean(shell, ["cache", "info", "--check", "--json"])
    assert {k: v["count"] for k, v in json.loads(info)["damaged"].items()} == {
        "library.db": 0, "user.db": 0}


@pytest.mark.parametrize("damage", [
    "ALTER TABLE papers DROP COLUMN num_models",
    "DROP TABLE listing_papers",
])
def test_a_library_without_what_its_version_promises(built: Callable[[], None], shell: Shell,
                                                     home: Home, damage: str) -> None:
    """A column or table its schema version promises is gone (the version set by hand, or
    a build that numbered its steps differently): one line naming it, never "unexpected"."""
    built()
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute(damage)
    conn.close()
    code, out, err = shell("today", "--offline")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "no such" in err and "schema version promises" in err
    assert "unexpected" not in err and "report" not in err and "Traceback" not in err


def test_show_offline_of_a_row_too_damaged_to_read_says_it_is_damaged(
        library: Any, home: Home) -> None:
    """`papers show ID --offline` of a paper whose row cannot be read said "not in the
    local library", as of a paper never fetched; now it says the record is damaged and
    what fetches it again, alone or among other ids."""
    victim, other = IDS[3], IDS[4]
    conn = sqlite3.connect(home.library)
    with conn:
        conn.execute("UPDATE papers SET title = ? WHERE id IN (?, ?)",
                     (b"\x00\xff", victim, other))
    conn.close()
    one = library("show", victim, "--offline")
    assert one.exit_code == 1 and one.stdout == ""
    assert one_line(one.stderr) == (
        f"papers: error: the record of {victim} is damaged — run without --offline")
    both = library("show", victim, other, "--offline")
    assert both.exit_code == 1 and one_line(both.stderr) == (
        f"papers: error: damaged in library.db: {victim}, {other} — drop --offline")
    mixed = library("show", victim, "2406.00042", "--offline")
    assert mixed.exit_code == 1 and one_line(mixed.stderr) == (
        f"papers: error: missing or damaged in library.db: {victim}, 2406.00042 — run "
        "without --offline")
    assert "damaged" not in one_line(library("show", "2406.00042", "--offline").stderr)
