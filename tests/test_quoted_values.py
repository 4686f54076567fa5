"""A value an error quotes back (an unknown setting, a bad date, a watch that is not
there...) is quoted as given, control characters written as their escapes, and cut short
with "…" inside the quotes: a page pasted in its place filled the one error line (3,000
characters and more) and hid the hint that says what to type instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, one_line, write_config

PASTED = "x" * 3000  # (what a mis-pasted clipboard puts in one argument)


@pytest.mark.parametrize(("argv", "said"), [
    (["search", "q", "--source", PASTED, "--offline"], "unknown source"),
    (["search", "q", "--family", PASTED, "--offline"], "no family"),
    (["search", "q", "--category", "x1" * 1500 + "*", "--offline"], "bad category pattern"),
    (["watch", "rm", PASTED], "no watch"),
    (["watch", "add", "x.y" * 1000, "-k", "a"], "bad watch name"),
])
def test_a_pasted_page_is_quoted_short_and_the_hint_shows(library: Any, argv: list[str],
                                                           said: str) -> None:
    given = next(a for a in argv if len(a) > 1000)
    result = library(*argv)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    # (cut after 60 characters, or shorter where that leaves the line 80 columns)
    assert any(f"{said} {given[:cut]!r}"[:-1] + "…'" in line
               for cut in (60, 30, 29, 25, 20, 16)), line
    assert len(line) < 400 and " — " in line, line


@pytest.mark.parametrize(("argv", "said"), [
    (["search", "q", "--since", PASTED, "--offline"], "--since"),
    (["day", PASTED, "--offline"], "invalid day"),
    (["week", PASTED, "--offline"], "invalid week"),
    (["month", PASTED, "--offline"], "invalid month"),
    (["config", "get", PASTED], "no setting"),
    (["today", PASTED, "--offline"], "extra argument"),
])
def test_a_pasted_value_is_quoted_short_enough_for_its_hint(library: Any, argv: list[str],
                                                            said: str) -> None:
    """A date's, a setting's and an extra argument's hint is said whole, whatever was
    given: the value is cut to fit."""
    result = library(*argv)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {said} 'xxx"), line
    assert "…' — " in line and len(line) <= 80, line


def test_an_unknown_column_is_quoted_escaped_and_marked_cut(library: Any) -> None:
    """`--columns` quoted an unknown name with its escapes taken out (`'ab'` for
    a\\x1b[2Jb, a name not given) and cut at 40 characters without a sign of it."""
    escaped = library("today", "--offline", "--columns", "id,a\x1b[2jb")
    assert escaped.exit_code == 2
    assert "unknown column 'a\\x1b[2jb' — use " in one_line(escaped.stderr)
    long = library("today", "--offline", "--columns", "id," + "y" * 100)
    assert f"unknown column '{'y' * 40}…' — use " in one_line(long.stderr)


LONG = "y" * 120


@pytest.mark.parametrize(("argv", "env", "said"), [
    (["search", "--offline", "-q", "--", "-" + LONG], {},
     f"'-{LONG[:15]}…' only leaves papers out"),
    (["export", "--format", "rss", "--feed-url", "ftp://" + LONG, "-o", "feed.xml"], {},
     f"--feed-url 'ftp://{LONG[:94]}…' — use an http(s) URL"),
    (["arxiv", "cs.CL", "--date", "2024-01-02"], {"PAPERS_ARXIV_INTERVAL": LONG},
     f"PAPERS_ARXIV_INTERVAL must be a number, got '{LONG[:18]}…'"),
    (["arxiv", "cs.CL", "--date", "2024-01-02"], {"ARXIV_API_ENDPOINT": "ftp://x\x07" + LONG},
     "ARXIV_API_ENDPOINT must be an http(s) URL, got 'ftp://x\\x07"),
    (["--show-completion", LONG], {}, f"no shell '{LONG[:17]}…' — use bash"),
    (["note", "2401.01055"], {"EDITOR": "vim '" + LONG, "VISUAL": ""},
     f"EDITOR is not a command line: \"vim '{LONG[:75]}…\""),
], ids=["query", "feed-url", "arxiv-interval", "arxiv-endpoint", "shell", "editor"])
def test_a_value_quoted_in_a_message_is_escaped_and_marked_cut(
        library: Any, monkeypatch: pytest.MonkeyPatch, argv: list[str],
        env: dict[str, str], said: str) -> None:
    """These quoted the first 40 to 100 characters of a value with no sign that it went
    on (an $EDITOR's missing quote was out of sight), or dropped its control characters,
    naming a value that was not set."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = library(*argv)
    assert said in one_line(result.stderr), result.stderr


CLEARS = "\x1b[2J" * 12  # (a screen-clearing escape, pasted over and over)


@pytest.mark.parametrize(("argv", "env", "said"), [
    (["config", "set", "network.retries", CLEARS], {},
     "network.retries must be a whole number, got '" + "\\x1b[2J" * 2 + "\\x1b…'"),
    (["config", "get", "network.timeout"], {"PAPERS_TIMEOUT": CLEARS},
     "PAPERS_TIMEOUT must be a number, got '" + "\\x1b[2J" * 9 + "\\x1b[…'"),
    (["search", "q", "--offline", "-n", "1" * 60], {},  # (cut shorter for 80 columns)
     f"'{'1' * 30}…' — at most 1,000,000,000"),
], ids=["config-set", "environment", "option"])
def test_a_setting_or_number_quoted_back_is_cut_between_escapes(
        library: Any, monkeypatch: pytest.MonkeyPatch, argv: list[str],
        env: dict[str, str], said: str) -> None:
    """A long bad value of a setting or a numeric option was quoted cut inside an escape
    (`'\\x1b[2J\\x1b[2J\\`, the quote left open and no sign of the cut); now the quote
    holds whole escapes, is closed, and says it was cut."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = library(*argv)
    assert said in one_line(result.stderr), result.stderr


@pytest.mark.parametrize(("argv", "config", "said"), [
    (["browse", "today", LONG], "", f"takes no argument (got '{LONG[:20]}…')"),
    (["browse", LONG], "", f"no view '{LONG[:27]}…'"),
    # (a long value of the wrong type: the line keeps the key and the problem in 80
    # columns, and gives up the value, which a quote cut to fit would not say either)
    (["watch", "list"], f'[watch.x]\nkeyword = "{LONG}"\n', "line 2: keyword must be a list"),
    # (a family's word likewise: the file's line says which, in 80 columns)
    (["families"], f'[families.foo]\nwords = ["{"-" * 120}"]\n',
     "config.toml, line 2: words[0]: needs a letter or digit"),
], ids=["browse-argument", "browse-view", "watch-keyword", "family-word"])
def test_an_argument_or_config_value_quoted_back_is_cut_with_a_mark(
        library: Any, home: Home, argv: list[str], config: str, said: str) -> None:
    """These quoted a value whole (a browse argument, a family's word), or a watch's
    value as Python writes it, unbounded; now each is quoted short, with "…", or (a
    watch's, whose line has no room left) not at all."""
    if config:
        write_config(home, config)
    result = library(*argv)
    assert result.exit_code in (1, 2)
    line = one_line(result.stderr)
    assert said in line and len(line) < 400, line


def test_an_editor_that_cannot_run_is_quoted_cut_with_a_mark(
        library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """$EDITOR naming no program was quoted cut at 80 characters, no sign of the cut."""
    monkeypatch.setenv("VISUAL", "")
    monkeypatch.setenv("EDITOR", "/nonexistent/" + LONG)
    result = library("config", "edit")
    assert result.exit_code == 1
    assert f"cannot run the editor '/nonexistent/{LONG[:67]}…': " in one_line(result.stderr)


def test_an_imported_item_with_a_long_bad_id_is_named_cut_with_a_mark(
        library: Any, tmp_path: Path) -> None:
    """A skipped item's bad id was quoted cut at 64 characters, no sign of the cut."""
    source = tmp_path / "items.json"
    source.write_text(json.dumps([{"paper": {"id": "z" * 120, "title": "t"}}]),
                      encoding="utf-8")
    result = library("import", str(source))
    assert f"first: bad id '{'z' * 64}…'" in result.stderr, result.stderr


@pytest.mark.parametrize("argv", [
    ["trends", "--every", PASTED],
    ["trends", f"--by={PASTED}"],
    ["export", "--format", PASTED, "-o", "out.txt"],
], ids=["option", "option=value", "export-format"])
def test_a_pasted_page_given_for_a_choice_is_quoted_short(library: Any,
                                                          argv: list[str]) -> None:
    """The parser's own "'…' is not one of 'week', 'month', 'day'" quoted a pasted page
    whole; now it is cut as papercli's own messages cut it, and the choices show (cut to
    what leaves the line 80 columns: at 60 characters it made 104 to 145)."""
    result = library(*argv)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert f"'{PASTED[:16]}" in line and "…' — use " in line and len(line) <= 80, line
