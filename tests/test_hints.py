"""A hint names what --help lists: a command by its documented name, never a hidden alias
(`watch ls` for `watch list`, `watch remove` for `watch rm`, `config list` for `config
show`; a mistyped command that only an alias is close to is offered that alias, which
works), and an option the command named takes, not one that sends the user elsewhere
(`families --format json` was offered `papers search`, `for-you --refresh` the related
papers' --refresh). The usage errors are walked over every command the root has; the
hints written in the code are read from it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import one_line

SRC = Path(__file__).resolve().parent.parent / "src" / "papercli"


def _root() -> Any:
    from typer.main import get_command

    from papercli.cli.main import app

    return get_command(app)


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(words, command) for every command under `group`, hidden ones too."""
    for name, command in group.commands.items():
        yield (*path, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))


ROOT = _root()
ALL = dict(_commands(ROOT))
HIDDEN = {words for words, command in ALL.items() if command.hidden}
VISIBLE = {words: command for words, command in ALL.items()
           if not command.hidden and not hasattr(command, "commands")}


def _longs(command: Any) -> set[str]:
    return {o for p in command.params for o in p.opts if o.startswith("--")}


def _names_hidden(line: str, group: tuple[str, ...] = ()) -> list[str]:
    """The hidden commands a line names: "papers watch ls", or, for a mistyped command of
    `group`, "did you mean ls?"."""
    named = [" ".join(words) for words in HIDDEN
             if re.search(rf"\bpapers {' '.join(words)}\b", line)]
    meant = re.search(r"unknown command '[^']*' — did you mean (.*)\?$", line)
    if meant:
        named += [name for name in re.split(r", | or ", meant[1]) if (*group, name) in HIDDEN]
    return named


def test_there_are_hidden_aliases_to_walk() -> None:
    assert {("watch", "ls"), ("watch", "remove"), ("config", "list")} <= HIDDEN


MISTYPED = sorted({(*words[:-1], typo) for words in ALL if len(words) > 1
                   for typo in (words[-1][:-1], words[-1] + "x", words[-1][:2])
                   if typo and (*words[:-1], typo) not in ALL})


@pytest.mark.parametrize("words", MISTYPED, ids=" ".join)
def test_a_mistyped_command_is_offered_once(papers, words: tuple[str, ...]) -> None:
    """`papers watch lst` said "did you mean list or ls?", two names of one command: a
    command is offered once, by its documented name when that is offered too. An alias
    alone is offered as it is: it works (`config lst` was "did you mean show or set?")."""
    result = papers(*words)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    group = ALL.get(words[:-1], ROOT)
    meant = re.search(r"unknown command '[^']*' — did you mean (.*)\?$", line)
    offered = re.split(r", | or ", meant[1]) if meant else []
    runs = [group.commands[name].callback for name in offered]
    assert len(set(runs)) == len(runs), line


@pytest.mark.parametrize(("words", "line"), [
    (("watch", "lst"), "unknown command 'lst' — did you mean list?"),
    (("watch", "remov"), "unknown command 'remov' — did you mean remove?"),
    (("config", "lis"), "unknown command 'lis' — did you mean list?"),
    (("config", "lst"), "unknown command 'lst' — did you mean list or set?"),
])
def test_an_alias_is_offered_as_it_works(papers, words: tuple[str, ...],
                                                    line: str) -> None:
    result = papers(*words)
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"papers: error: {line}"


# The options a command lacks that a hint could send elsewhere: those of the hidden
# commands, and the ones that fetch or choose a format.
ASKED = sorted({*(o for words in HIDDEN for o in _longs(ALL[words])),
                "--format", "--json", "--refresh", "--timeout", "--offline"} - {"--help"})
LACKING = [(words, option) for words, command in sorted(VISIBLE.items())
           for option in ASKED if option not in _longs(command)]


@pytest.mark.parametrize(("words", "option"), LACKING,
                         ids=[f"{' '.join(w)} {o}" for w, o in LACKING])
def test_an_option_a_command_lacks_is_answered_with_what_it_has(
        papers, words: tuple[str, ...], option: str) -> None:
    """`watch rm --json` said "papers watch ls takes it": a command named in a hint is
    one --help lists, and takes the option. A command that never fetches is said to,
    for --refresh and --timeout as for --offline."""
    result = papers(*words, option)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert not _names_hidden(line), line
    taker = re.search(r"— (papers [a-z -]+?) takes it", line)
    if taker:
        named = tuple(taker[1].split()[1:])
        assert named in VISIBLE and option in _longs(VISIBLE[named]), line
    assert len(line) <= 80, line


@pytest.mark.parametrize(("words", "line"), [
    (("families", "--format", "json"), "no such option: --format — did you mean --json?"),
    (("watch", "list", "--format=json"), "no such option: --format — did you mean --json?"),
    (("watch", "rm", "--json"), "no such option: --json — papers watch list takes it"),
    (("for-you", "--refresh"), "papers for-you never uses the network — leave --refresh "
                               "out"),
    (("starred", "--timeout", "5"), "papers starred never uses the network — leave --timeout "
                                    "out"),
    # (--help is no param of Click's: `--hel` was "see --help", the option not named)
    (("--hel",), "no such option: --hel — did you mean --help?"),
    (("today", "--hlep"), "no such option: --hlep — did you mean --help?"),
])
def test_the_hint_says_what_this_command_takes(papers, words: tuple[str, ...],
                                               line: str) -> None:
    """`families --format json` was sent to `papers search`, `for-you --refresh` to
    `papers related` (a ranking of what the library holds, as if for-you could fetch)."""
    result = papers(*words)
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"papers: error: {line}"


def _said() -> Iterator[tuple[str, int, str]]:
    """(file, line, text) of every string the code says, docstrings and --help examples
    left out (an alias's own --help shows its own name)."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and body
                    and isinstance(body[0], ast.Expr)):
                skip.add(id(body[0].value))
            if isinstance(node, ast.keyword) and node.arg == "example":
                skip.add(id(node.value))
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path.name, node.lineno, node.value
            elif isinstance(node, ast.JoinedStr):
                yield path.name, node.lineno, "".join(
                    v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def test_no_message_names_a_hidden_command() -> None:
    """Every "papers GROUP NAME" the code says (hints, notes, warnings) names a command
    --help lists."""
    found = [f"{name}:{line}: {text!r}" for name, line, text in _said()
             for words in HIDDEN if re.search(rf"\bpapers {' '.join(words)}\b", text)]
    assert not found, found


ALIAS_ERRORS = sorted((*words, *extra) for words in HIDDEN
                      for extra in (("--bogus",), ("help",), ("2401.01055",), ("-f", "json")))


@pytest.mark.parametrize("words", ALIAS_ERRORS, ids=" ".join)
def test_a_usage_error_of_an_alias_names_the_documented_command(
        papers, words: tuple[str, ...]) -> None:
    """`papers watch ls --bogus` said "see 'papers watch ls --help'", `watch ls help`
    "did you mean papers help watch ls?": the alias typed, which no help lists."""
    result = papers(*words)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert not _names_hidden(line), line


@pytest.mark.parametrize(("words", "line"), [
    (("watch", "ls", "--bogus"), "no such option: --bogus — see 'papers watch list --help'"),
    (("config", "list", "help"), "help goes first — did you mean papers help config show?"),
    (("families", "-f", "json"), "no such option: -f — did you mean --json?"),
])
def test_the_command_typed_is_named_as_help_names_it(papers, words: tuple[str, ...],
                                                     line: str) -> None:
    result = papers(*words)
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"papers: error: {line}"


@pytest.mark.parametrize(("words", "line"), [
    (("export", "--starred", "-f", "riss"), "--format 'riss' — did you mean ris?"),
    (("today", "--format", "jsn"), "--format 'jsn' — did you mean json?"),
    (("today", "--sort", "upvots"), "--sort 'upvots' — did you mean upvotes?"),
])
def test_a_mistyped_choice_is_offered_the_one_it_begins_as(
        papers, words: tuple[str, ...], line: str) -> None:
    """`-f riss` was offered rss, as like it as ris is to difflib, which takes the later in
    the alphabet: of two as close, the one the typed word begins as is meant."""
    result = papers(*words)
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"papers: error: {line}"
