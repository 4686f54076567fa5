"""`papers config`: a broken settings file, and bounds, said within 80 columns with the
next step on the line."""

from __future__ import annotations

import pytest

from conftest import Home, one_line, write_config

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
