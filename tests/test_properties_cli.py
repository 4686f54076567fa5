"""Property tests (hypothesis): whatever the config file or the command line holds, papers
answers with a result or one clear error, never a traceback, and never changes the library.

- the config loader: any TOML-ish text gives a Config or one ConfigError, nothing else;
- the command line: random argv for the read commands, run through `main()` as a shell
  would (so the fast path is exercised too), exits 0, 1 or 2 with no traceback and no
  "unexpected" error, and leaves the library's rows exactly as they were.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Home, Shell
from hubserver import seed_items
from papercli import config as C
from papercli.errors import ConfigError

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# -- the config loader -----------------------------------------------------------------------

KEYS = [*C.SCHEMA, "network.nope", "watch.w.keyword", "watch.w.min_upvotes", "families.F.words",
        "a.b.c.d", "display", "watch", "families", '"q.uoted".key']
NUMBERS = st.one_of(
    st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "0x7f", "1_000", "9" * 5000, "-0.0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
VALUES = st.one_of(
    NUMBERS.map(str),
    st.sampled_from(["true", "false", '"trending"', '"upvotes"', "''", "[]", "{}", '["x"]',
                     "[1, 2]", "{a = 1}", '"\\u001b]52;c;SGk=\\u0007"', "1979-05-27",
                     "[" * 40 + "]" * 40]),
    st.text(max_size=20).map(json.dumps),
)
LINES = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), VALUES),
    st.sampled_from(KEYS).map(lambda k: f"[{k}]"),
    st.sampled_from(KEYS).map(lambda k: f"[[{k}]]"),
    st.text(max_size=30),  # anything at all
)
CONFIG_TEXT = st.one_of(st.lists(LINES, max_size=12).map("\n".join), st.text(max_size=200))


@PROPERTY
@given(text=CONFIG_TEXT)
def test_any_config_text_is_a_config_or_one_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates: bad UTF-8
    try:
        cfg = C.load(path, environ={})
    except ConfigError as exc:
        assert exc.message and "\n" not in exc.message
        return
    for key, setting in C.SCHEMA.items():  # every value in effect passed its checks
        value = cfg.get(key)
        assert isinstance(value, setting.type)
        if isinstance(value, int | float):
            assert C.check_number(value, minimum=setting.minimum,
                                  maximum=setting.maximum) is None
    assert len(cfg.warnings) <= C.MAX_KEY_WARNINGS + 1


# -- the command line ------------------------------------------------------------------------

ID = seed_items()[0]["paper"]["id"]
TOKENS = st.one_of(
    st.sampled_from([
        "--offline", "--json", "--refresh", "-n", "--limit", "--min-upvotes", "--timeout",
        "--sort", "-s", "--format", "-f", "-F", "--family", "-k", "-x", "-a", "--since",
        "--until", "--no-abstract", "--force", "-o", "--help", "--", "-", "llava", "LLaMA",
        "upvotes", "new", "md", "csv", "bibtex", "json", "table", "2025-01-07", "2026-W48",
        "2026-11", "0", "1", "-1", "1e23", "nan", "inf", "99999999999999999999999",
        "9" * 400, ID, '"', "\x1b]52;c;SGk=\x07", "\u202e", "*", "AND", "NEAR(", "-kx",
    ]),
    st.text(max_size=12),
)
COMMANDS = st.sampled_from([
    ["today"], ["day"], ["week"], ["month"], ["search"], ["show"], ["export"], ["families"],
    ["starred"], ["watch", "list"], ["config", "get"], ["config", "show"], ["cache", "info"],
])


@pytest.fixture
def shell(library, shell: Shell) -> Shell:  # type: ignore[no-untyped-def]
    """conftest's `shell`, over the seed library."""
    return shell


def rows(home: Home) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(home.library)
    try:
        return [
            *conn.execute("SELECT * FROM papers ORDER BY id").fetchall(),
            *conn.execute("SELECT * FROM listing_papers ORDER BY listing, position").fetchall(),
        ]
    finally:
        conn.close()


@PROPERTY
@given(command=COMMANDS, rest=st.lists(TOKENS, max_size=6))
def test_random_command_lines_fail_cleanly_and_change_nothing(
    shell, home: Home, command: list[str], rest: list[str]
) -> None:
    before = rows(home)  # the Hub is unreachable: a refused connection is part of the test
    code, out, err = shell(*command, *rest)
    assert code in (0, 1, 2), (command, rest, code, err)
    assert "Traceback" not in err and "error: unexpected" not in err, (command, rest, err)
    if code:
        assert err.strip(), (command, rest)
    assert "\x1b]52" not in out and "\u202e" not in out
    assert rows(home) == before
