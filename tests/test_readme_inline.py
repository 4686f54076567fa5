"""Every `papers …` the README names in its running text (a code span, not a fenced block:
tests/test_readme_examples.py runs those) must be a command line papercli parses: its
command exists and so does each option it names. Each is run with `--help` added, which
parses the whole line (an unknown option is a usage error) and then prints the help
instead of fetching anything, so a renamed or dropped option the prose still names fails
here.

Words in capitals are placeholders (`papers show ID`) and stand for a value of their kind;
`[optional parts]` and `…` are left out (`papers … --format ids` is any listing); `a|b`
after a command word is each of them, and a pipe (`papers today -q | xargs papers show`) is
each `papers` in it.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import Papers

README = Path(__file__).parent.parent / "README.md"

# What a placeholder stands for on a command line.
PLACEHOLDERS = {
    "ID": "2401.01055", "A": "2401.01055", "B": "2404.14047", "C": "2501.03895",
    "DATE": "2024-01-02", "WORD": "llama", "WORDS": "llama", "WORD2": "model",
    "QUERY": "llama", "NAME": "smith", "RARE": "cs.CL", "F": "LLaMA", "COMMAND": "today",
    "FILE": "papers.json", "DIR": "notes", "KEY": "display.limit", "VALUE": "5",
    "TAG": "robotics", "N": "5", "CATEGORY": "cs.CL",
}

# Code spans that name an option in passing rather than giving a command line, and why.
MENTIONS = {
    "papers sync --arxiv": "names the option; its value (a category) follows in the text",
    "papers arxiv --since": "names the option; its value (a date) follows in the text",
    "papers 51-100 of 243": "a caption the MCP server writes, not a command",
}


def spans() -> list[tuple[int, str]]:
    """(line, text) of each `papers …` code span outside the fenced blocks."""
    found, fenced = [], False
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            found += [(number, m[1]) for m in re.finditer(r"`(papers [^`]*)`", line)]
    return found


def command_lines(span: str) -> list[list[str]]:
    """The argv (after `papers`) of each command line a span stands for."""
    text = re.sub(r"\[[^\]]*\]", " ", span.replace("\\|", "|"))
    lines: list[list[str]] = []
    for part in re.split(r"\s\|\s", text):
        if re.match(r"\s*papers (\.\.\.|…) ", part):
            continue  # `papers ... --format ids`: any listing
        words = shlex.split(part.replace("…", " ").replace("...", " "))
        if "papers" not in words:
            continue
        words = words[words.index("papers") + 1:]
        alternatives = [[]] if not words else [[w] for w in words[0].split("|")]
        if len(words) > 1 and "|" in words[1]:  # `papers watch add|list|rm`
            alternatives = [[words[0], w] for w in words[1].split("|")]
            words = words[1:]
        for first in alternatives:
            lines.append([*first, *(PLACEHOLDERS.get(w, w) for w in words[1:])])
    return lines


CASES = [(line, span) for line, span in spans() if span not in MENTIONS]


def test_spans_are_found() -> None:
    """The README names many commands in its text, and each mention left out is still
    there (a stale entry in MENTIONS would hide nothing)."""
    assert len(CASES) > 100
    texts = {span for _, span in spans()}
    assert set(MENTIONS) <= texts


@pytest.mark.parametrize(("line", "span"), CASES, ids=[f"README:{n}" for n, _ in CASES])
def test_named_command_parses(line: int, span: str, papers: Papers) -> None:
    for argv in command_lines(span):
        if "--help" not in argv and "--version" not in argv and argv[:1] != ["help"]:
            # (before a `--`, after which --help would be an argument: `watch rm -- -old`)
            end = argv.index("--") if "--" in argv else len(argv)
            argv = [*argv[:end], "--help", *argv[end:]]
        code, out, err = papers(*argv)
        typed = " ".join(argv)
        assert code == 0 and not err, f"README.md:{line}: `{span}` -> papers {typed}: {err}"
        assert out.strip(), f"README.md:{line}: `{span}` printed nothing"


# The commands that change something with the ids piped into them (`-`).
WRITES = ("star", "unstar", "read", "hide", "unhide", "tag", "untag", "export")


def test_a_pipeline_into_a_write_takes_every_match() -> None:
    """`papers search llama --format ids | papers tag - llama` tagged the first 50 of 295
    papers (search's default limit; stderr said so), where the example meant them all. A
    README pipeline from a listing with a default limit (config.DEFAULT_LIMITS) into a
    command that writes says how many it takes: `-n 0`, or `-n N`."""
    from papercli.config import DEFAULT_LIMITS

    found = []
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        for match in re.finditer(r"papers ([a-z-]+)([^|`]*?)\s\|\s+papers (" + "|".join(WRITES)
                                 + r")\b[^|`]* -(?=\s|$|`)", line):
            found.append((number, match[0]))
            if match[1] in DEFAULT_LIMITS:
                assert re.search(r"\s(-n|--limit)\s+\d", match[2]), (number, match[0])
    assert len(found) >= 3, found  # (the search into star, into tag; starred into export)
