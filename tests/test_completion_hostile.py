"""Shell completion with hostile names, asked through the real protocol the shells' scripts
use (`_PAPERS_COMPLETE`, COMP_WORDS...): a watch or family name from a hand-edited config,
or an id from a tampered library, with an escape sequence (an OSC 52 clipboard write), a
control character or a line break is never offered, so nothing of it reaches the terminal
and no name becomes two. `papers watch add` refuses such names in the first place."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Home, one_line, write_config
from papercli.config import MAX_TEXT
from test_completion import SHELLS, complete, zsh_values

# Spelled as TOML escapes, so the config file itself is valid TOML.
HOSTILE_TOML = {
    "osc52": r"x\u001b]52;c;aGVsbG8=\u0007",
    "csi": r"l\u001b[2J\u001b[31mred",
    "c1": r"l\u009b31mred",
    "newline": r"lo\nra",
    "cr": r"ll\rava",
    "bell": r"l\u0007",
    "nul": r"l\u0000x",
    "del": r"l\u007f",
    "bidi": r"l\u202eavall",
    "linesep": r"l\u2028x",
    "zwsp": r"l\u200bx",
}
BAD_CHARS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))] + [
    "\u202e", "\u2028", "\u200b"]


def config_with(home: Home, table: str, extra: str) -> None:
    lines = [f'[{table}.llava]\n{extra}\n', f'[{table}.lora]\n{extra}\n']
    lines += [f'[{table}."{name}"]\n{extra}\n' for name in HOSTILE_TOML.values()]
    write_config(home, "\n".join(lines))


def clean_answer(shell: str, line: str) -> list[str]:
    """The values offered, after checking the raw answer holds nothing but printable text
    and the shell protocol's own line breaks (and fish's tabs)."""
    result = complete(shell, line)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    for char in BAD_CHARS:
        if char == "\n" or (char == "\t" and shell == "fish"):
            continue
        assert char not in result.stdout, (char, result.stdout)
    if shell == "zsh":
        return zsh_values(result.stdout)
    return [v.split("\t")[0] for v in result.stdout.splitlines() if v.strip()]


@pytest.mark.parametrize("shell", SHELLS)
def test_hostile_watch_names_are_never_offered(home: Home, shell: str) -> None:
    config_with(home, "watch", 'keyword = ["x"]')
    assert clean_answer(shell, "papers watch rm ") == ["llava", "lora"]
    assert clean_answer(shell, "papers watch rm l") == ["llava", "lora"]
    assert clean_answer(shell, "papers watch rm x") == []  # the OSC 52 one
    # "lo\nra" would have been offered as "lo" and "ra", two names that do not exist
    assert clean_answer(shell, "papers watch rm r") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_hostile_family_names_are_never_offered(home: Home, shell: str) -> None:
    config_with(home, "families", 'words = ["x"]')
    offered = clean_answer(shell, "papers today --family l")
    assert {"llava", "lora", "LLaMA"} <= set(offered)
    assert all(v.isprintable() for v in offered)
    assert clean_answer(shell, "papers search --family x") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_tampered_ids_in_the_library_are_never_offered(library, home: Home, shell: str) -> None:
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE papers SET id = ? WHERE id = '2401.01055'",
                     ("2401.01055\x1b]52;c;aGk=\x07",))
        conn.execute("UPDATE papers SET id = ? WHERE id = '2404.14047'", ("2404.1\n4047",))
    assert clean_answer(shell, "papers show 2401.0") == []
    assert clean_answer(shell, "papers show 2404") == []
    newest = clean_answer(shell, "papers star ")
    assert len(newest) == 17 and all(v.isascii() and v.isprintable() for v in newest)


# -- refused when a watch is created ----------------------------------------------------------


@pytest.mark.parametrize("name", [json.loads(f'"{v}"') for v in HOSTILE_TOML.values()]
                         + ["a\u00a0b", "llava\u0301x\u200d", "\x1b[31m"])
def test_watch_add_refuses_unprintable_names(papers, home: Home, name: str) -> None:
    result = papers("watch", "add", name, "--keyword", "x")
    assert result.exit_code == 2, result.stderr
    line = one_line(result.stderr)
    assert "bad watch name" in line
    assert not any(c in result.stderr for c in BAD_CHARS if c != "\n")
    assert not home.config_file.exists()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(head=st.text(alphabet="abcxyz", min_size=1, max_size=5),
       bad=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co", "Cn"]),
       tail=st.text(alphabet="abc-+_", min_size=1, max_size=5))
def test_any_name_with_an_unprintable_character_is_refused(papers, home: Home, head: str,
                                                           bad: str, tail: str) -> None:
    result = papers("watch", "add", head + bad + tail, "--keyword", "x")
    assert result.exit_code == 2, result.stderr
    assert "bad watch name" in one_line(result.stderr)
    assert not home.config_file.exists()


def test_a_plain_name_is_still_taken_and_offered(papers, home: Home) -> None:
    assert papers("watch", "add", "llava-quant+", "--keyword", "quant").exit_code == 0
    assert papers("watch", "add", "größe", "--keyword", "x").exit_code == 0
    assert clean_answer("bash", "papers watch rm ") == ["llava-quant+", "größe"]


def test_watch_list_names_a_hostile_hand_written_name_harmlessly(papers, home: Home) -> None:
    """Refused as `watch add` refuses it (it was listed, cleaned), and said with its
    escapes written out, so nothing of it reaches the terminal."""
    config_with(home, "watch", 'keyword = ["x"]')
    result = papers("watch", "list")
    assert result.exit_code == 1 and result.stdout == ""
    line = one_line(result.stderr)
    # (the name cut for what to do to fit: whole, the line said none)
    assert line == (r"papers: error: config.toml, line 7: bad name 'x\x1b]52;c;aGVsbG8=…' "
                    "— rename it")
    assert not any(c in result.stderr for c in BAD_CHARS if c != "\n")



TOO_BIG = "#" * MAX_TEXT  # with the watch before it, past the bound
TOO_DEEP = "[x]\ny = " + "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("extra", [TOO_BIG, TOO_DEEP], ids=["too-big", "too-deep"])
def test_a_config_too_big_or_too_deep_offers_nothing(home: Home, shell: str,
                                                     extra: str) -> None:
    """A Tab reads config.toml as every command does (its size and nesting bounded): a
    file past the bound (a link to /dev/zero would be one) offers nothing instead of being
    read whole, and nesting deep enough to exhaust the parser's recursion offers nothing
    instead of a traceback in the prompt."""
    write_config(home, '[watch.llava]\nkeyword = ["x"]\n\n' + extra + "\n")
    assert clean_answer(shell, "papers watch rm l") == []
    write_config(home, '[watch.llava]\nkeyword = ["x"]\n')
    assert clean_answer(shell, "papers watch rm l") == ["llava"]
