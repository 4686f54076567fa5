"""`papers config`: a broken settings file, and bounds, said within 80 columns with the
next step on the line."""

from __future__ import annotations

import pytest

from conftest import Home, one_line, write_config
from papercli.config import tilde

EDIT = " — papers config edit"


@pytest.mark.parametrize(("text", "said"), [
    ("[display]\nlimit = 3\n[display]\n", "line 3: [display] twice"),
    ("[[display]]\n[display]\n", "line 2: [display] twice"),
    ('[watch."a long watch name, long enough"]\n[watch."a long watch name, long enough"]\n',
     "line 2: a table twice"),
    ("[display]\nlimit = 1\nlimit = 2\n", "line 3: a key set twice"),
    ("d = {a = 1, a = 2}\n", "line 1: a key set twice in { }"),
    ("[a.b]\nc = 1\n[a]\nb.d = 1\n", "line 4: a table defined twice"),
    ('display = {limit = 3}\ndisplay.sort = "x"\n', "line 2: { } added to later"),
    ("[display]\nsort = upvotes\n", "line 2: text needs quotes"),
    ("[display]\nlimit =\n", "line 2: a value is missing"),
    ("[display]\nlimit = # soon\n", "line 2: a value is missing"),
    ("[display]\nlimit = = 3\n", "line 2: a value TOML can't read"),
    ("\ufeff[display]\nsort = upvotes\n", "line 2: text needs quotes"),
    ("[display]\nlimit =", "at its end: a value is missing"),
    ('[display]\nsort = "upvotes\n', "line 2: no closing quote"),
    ('[display]\nsort = """upvotes\n', "at its end: no closing quote"),
    ('[display]\nsort = "C:\\papers"\n', "line 2: bad \\ escape"),
    ('[display]\nsort = "\\u12"\n', "line 2: bad \\u escape"),
    ('[display]\nsort = "\\uD800"\n', "line 2: bad \\u escape"),
    ('[display]\nsort = "a\x01b"\n', "line 2: control character"),
    ("# a comment \x01\n", "line 1: control character"),
    ("d = 1979-02-30T00:00:00\n", "line 1: no such date"),
    ("[display]\nlimit = 3 4\n", "line 2: more after a value"),
    ("[display\nlimit = 3\n", "line 1: no closing ]"),
    ("[[watch.x]\n", "line 1: no closing ]]"),
    ('[sources]\narxiv = ["cs.CL"\n', "at its end: no closing ]"),
    ("d = {limit = 3\n", "line 1: no closing }"),
    ("[display]\nlimit\n", "line 2: a key with no ="),
    ("[display]\n= 3\n", "line 2: not key = value"),
    pytest.param("\n" * 1233 + "[display]\n[display]\n", "line 1235: [display] twice",
                 id="line-1235"),
])
def test_each_toml_mistake_keeps_the_fix_within_80_columns(
        papers, home: Home, text: str, said: str) -> None:
    """Every kind of mistake tomllib reports names its line and `papers config edit`: the
    shortened forms only tried " — fix it with papers config edit", which did not fit
    after "config.toml, line 3: [display] declared twice", so no next step was said (and
    `limit =` at the file's end made 131 columns, its whole path and tomllib's words)."""
    write_config(home, text)
    result = papers("config", "show")
    assert (result.exit_code, result.stdout) == (1, "")
    line = one_line(result.stderr)
    assert line == f"papers: error: config.toml, {said}{EDIT}", line
    assert len(line) <= 80, line


@pytest.mark.parametrize(("text", "said"), [
    ("[display]\nlimit = 2000000000\n", "limit must be at most 1,000,000,000"),
    ("[cache]\ntoday_ttl = 999999999\n", "today_ttl must be at most 316,224,000"),
    ("[new]\nfirst_days = 99999\n", "first_days must be at most 3,660"),
    ("[network]\ntimeout = 99999\n", "timeout must be at most 3,600"),
])
def test_a_bound_is_said_with_its_thousands_grouped(
        papers, home: Home, text: str, said: str) -> None:
    """A setting's bound said as every other number is, as `new.first_days`' warning says
    "3,660" and a watch's min_upvotes "1,000,000,000": it was "must be at most
    1000000000", ten digits to count."""
    write_config(home, text)
    result = papers("config", "show")
    assert result.exit_code == 1
    assert said in one_line(result.stderr), result.stderr


def test_a_bound_typed_is_said_grouped_by_set_and_by_an_option(papers, home: Home) -> None:
    result = papers("config", "set", "cache.today_ttl", "1e99")
    assert (result.exit_code, one_line(result.stderr)) == (
        2, "papers: error: cache.today_ttl must be at most 316,224,000, got '1e99'")
    option = papers("today", "--offline", "--timeout", "99999")
    assert option.exit_code == 2
    assert one_line(option.stderr).endswith("from 0.1 to 3,600"), option.stderr


def test_a_config_folder_that_is_a_file_is_named_with_the_fix(papers, home: Home) -> None:
    """papercli's own config folder a file, under XDG_CONFIG_HOME: `config set` blamed the
    variable ("XDG_CONFIG_HOME is not a folder — set it to one you can write"), a folder,
    and `config show` said the file was "not created yet", as if `set` would make it."""
    folder = home.config_file.parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder\n", encoding="utf-8")
    result = papers("config", "set", "display.limit", "3")
    assert (result.exit_code, result.stdout) == (1, "")
    assert one_line(result.stderr) == (
        f"papers: error: {tilde(folder)} is a file, not a folder — move it aside")
    shown = papers("config", "show", "--no-pager")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[1] == (
        f"# {folder.name} is a file, not a folder (move it aside):"), shown.stdout
    assert "not created yet" not in shown.stdout
    assert folder.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize(("target", "said"), [
    ("dotfiles/papercli.toml", "config.toml links to ~/dotfiles/papercli.toml — edit it there"),
    ("dotfiles/papercli/config.toml",
     "config.toml is a link — edit ~/dotfiles/papercli/config.toml"),
])
def test_a_linked_config_file_says_where_to_edit_within_80_columns(
        papers, home: Home, target: str, said: str) -> None:
    """`config set` refuses to write through a dotfiles link; at 80 columns it said only
    "config.toml is a symbolic link to ~/dotfiles/…", its fix ("edit that file
    yourself") left off, as if nothing could be done."""
    dotfile = home.root / target
    dotfile.parent.mkdir(parents=True)
    dotfile.write_text("[display]\nlimit = 5\n", encoding="utf-8")
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.symlink_to(dotfile)
    result = papers("config", "set", "display.limit", "9")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line == f"papers: error: {said}" and len(line) <= 80, line
    assert dotfile.read_text(encoding="utf-8") == "[display]\nlimit = 5\n"
