"""Every `papers …` example in README.md, run as a user would type it, block by block, over a
library shaped like the real archive: tests/data/eras/ (the archive's eras), the 19 seed
papers and tests/data/readme-extra.json (invented papers with organizations, code links,
AI summaries and upvotes above 50), plus a loopback Hub that serves the seed papers on their
own days and all 19 today. Each example must exit 0 and show something: papers for a
listing, a written file for `-o`, JSON that parses.

A README block is one test: its commands run in order in one fresh home, as a reader
following it would type them. What a test cannot type is handled here, explicitly:
the comment above USER_FOLDERS says how, EXCLUDED says what is left out and why.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import stat
import webbrowser
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from markdown_it import MarkdownIt

from arxivserver import ArxivServer
from arxivserver import Paper as ArxivPaper
from conftest import TODAY, Home, Shell
from hubserver import HubServer, seed_items

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
DATA = Path(__file__).parent / "data"
ARCHIVE = [*sorted((DATA / "eras").glob("*.json")), DATA / "search-llama.json",
           DATA / "readme-extra.json"]
ARXIV_ID = re.compile(r"\b(?:[0-9]{4}\.[0-9]{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/[0-9]{7})\b")

# Examples left out, by their first words, and why.
EXCLUDED = {
    # A full-screen app: it needs a terminal on all three streams. Driven key by key
    # through Textual's pilot in tests/test_browse.py and tests/test_browse_footer.py.
    ("browse",): "needs a terminal",
    # Writes into the user's real shell start-up files and asks the shell which one it is;
    # the script it installs is tested in tests/test_completion.py.
    ("--install-completion",): "edits shell start-up files",
    # A Model Context Protocol server: it answers a client on stdin and stdout until the
    # client leaves; tests/test_mcp.py drives it with the SDK's own client.
    ("mcp",): "serves an MCP client on stdio",
}

# What a test types instead of what a shell would run:
#   $(date +%F)               the test's fixed today (PAPERS_NOW)
#   ~/...                     the test's HOME; ~/notes, ~/public and ~/vault/daily exist,
#                             as the folders a reader points -o at would
#   curl -s URL | papers ...  URL (https://huggingface.co: the loopback Hub) fetched, fed
#                             on stdin
#   papers ... | jq FILTER    the JSON parsed here, with the fields FILTER reads checked
#   > FILE, >> FILE           stdout written to FILE; 2>> FILE: stderr (ignored)
#   papers open ...           BROWSER is a script that records the URL it is given
#   papers A | papers B       A run first, its stdout fed to B on stdin
#   papers note ID            EDITOR is a script that adds a line to the note
#   papers import daily-2024-01-02.json
#                             that day saved from the loopback Hub first
#   crontab lines             the command after the five schedule fields
#   papers new (twice)        a block's `new` examples are alternatives, not a sequence:
#                             each starts from the marks the first one started from
USER_FOLDERS = ("notes", "public", "vault/daily")

# What each `jq` filter in the README reads from every item.
JQ_FIELDS = {
    """.[] | select(.watches | index("llava"))""": ("watches",),
    ".[] | {id, score}": ("id", "score"),
    ".[] | {name, papers, papers_exact}": ("name", "papers", "papers_exact"),
}

# The commands that print papers (a table, JSON or a document) and must print some.
PAPER_COMMANDS = {"today", "day", "week", "month", "show", "search", "starred", "for-you",
                  "related", "new", "export", "arxiv"}
FORMAT_MARK = {"md": "# ", "bibtex": "@", "csv": "id,", "atom": "<feed", "rss": "<rss",
               "html": "<article", "json": "[", "jsonl": "{", "ris": "TY  - ",
               "csljson": '"type": "article"'}


@dataclass
class Example:
    """One `papers` command from the README, with the shell around it taken apart."""

    line: int  # in README.md
    text: str
    argv: list[str]
    stdin_url: str | None = None  # `curl -s URL | papers ...`
    stdout_to: str | None = None  # `> FILE` / `>> FILE`
    jq: str | None = None  # `papers ... | jq FILTER`
    stdin_from: list[str] | None = None  # `papers A | papers B`: A's argv (B is this)
    shown: list[str] = field(default_factory=list)  # a console block's printed output

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.text}"


def words(text: str) -> list[str]:
    lex = shlex.shlex(text, posix=True, punctuation_chars="|&<>;")
    lex.whitespace_split = True
    lex.commenters = "#"
    return list(lex)


def parse_line(line: int, text: str) -> Example | None:
    """The `papers` command on a shell line, or None when the line runs none. `~` stays
    as written: it is the test's HOME only once the test runs."""
    tokens = words(text.replace("$(date +%F)", TODAY.isoformat()))
    commands: list[tuple[str, list[str]]] = [("", [])]  # (what joins it to the one before)
    for token in tokens:
        if token in ("|", "&&", ";"):
            commands.append((token, []))
        else:
            commands[-1][1].append(token)
    at = next((i for i, (_, part) in enumerate(commands) if "papers" in part), None)
    if at is None:
        return None
    part = commands[at][1]
    argv = part[part.index("papers") + 1:]  # a crontab line's schedule comes first
    example = Example(line, text.strip(), [])
    i = 0
    while i < len(argv):
        token = argv[i]
        if token.isdigit() and argv[i + 1:i + 2] in ([">"], [">>"]):
            i += 3  # 2>> FILE: where cron puts stderr
            continue
        if token in (">", ">>"):
            example.stdout_to = argv[i + 1]
            i += 2
            continue
        example.argv.append(token)
        i += 1
    if commands[at][0] == "|":
        before = commands[at - 1][1]
        assert before[:2] == ["curl", "-s"], f"README.md:{line}: what pipes into papers?"
        example.stdin_url = before[2]
    if at + 1 < len(commands) and commands[at + 1][0] == "|":
        after = commands[at + 1][1]
        if after[:1] == ["papers"]:
            piped = Example(line, example.text, after[1:], stdin_from=example.argv)
            return piped
        assert after[0] == "jq", f"README.md:{line}: what does papers pipe into?"
        example.jq = after[1]
    return example


def expand(argv: list[str]) -> list[str]:
    """`~` as the shell expands it: the test's HOME."""
    return [os.path.expanduser(a) if a.startswith("~") else a for a in argv]


def readme_blocks() -> list[list[Example]]:
    """The ```bash and ```console blocks holding `papers` commands, in README order.
    In a console block only `$ ` lines are typed; what follows them is their output."""
    blocks = []
    for token in MarkdownIt().parse(README.read_text(encoding="utf-8")):
        if token.type != "fence" or token.info.strip() not in ("bash", "console"):
            continue
        console = token.info.strip() == "console"
        start = token.map[0] + 2 if token.map else 0
        examples: list[Example] = []
        for n, text in enumerate(token.content.splitlines(), start):
            if console and not text.startswith("$ "):
                if examples:
                    examples[-1].shown.append(text)
                continue
            example = parse_line(n, text.removeprefix("$ ") if console else text)
            if example is not None:
                examples.append(example)
        if examples:
            blocks.append(examples)
    return blocks


BLOCKS = readme_blocks()


def excluded(example: Example) -> str | None:
    for prefix, reason in EXCLUDED.items():
        if tuple(example.argv[: len(prefix)]) == prefix:
            return reason
    return None


# -- the library and the Hub ---------------------------------------------------------------


def serve_archive(hub: HubServer) -> None:
    """The seed and invented papers on the days they entered Daily Papers, and all 19
    seed papers today (the README's first example shows them)."""
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    extra = json.loads((DATA / "readme-extra.json").read_text(encoding="utf-8"))
    for item in [*seed_items(), *extra]:
        by_day[item["paper"]["submittedOnDailyAt"][:10]].append(item)
    for day, items in by_day.items():
        hub.set_day(day, items)
    hub.set_day(TODAY, seed_items())
    # `papers show 2401.01055 --full` and its linked models (invented, in the Hub's shapes)
    hub.set_full_text("2401.01055", b"# LLaMA Beyond English\n\n## Abstract\n\nText.\n")
    hub.set_links("2401.01055", numTotalModels=2, linkedModels=[
        {"id": "acme/llama-zh-7b", "likes": 12, "downloads": 340,
         "pipeline_tag": "text-generation"}])


def serve_announcement(arxiv: ArxivServer) -> None:
    """Today's arXiv announcement for the README's categories: invented papers, one of
    them on quantization (the README searches for it), cross-lists and a replacement."""
    day = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    arxiv.announce(
        ArxivPaper("2611.20001", "Quantization-aware training for long-context language models",
                   ["cs.CL", "cs.LG"], day),
        ArxivPaper("2611.20002", "Grounded captions for dense video scenes", ["cs.CV"], day),
        ArxivPaper("2611.20003", "A robot that reads instructions", ["cs.RO", "cs.CL"], day),
        ArxivPaper("2611.20004", "Sparse mixtures for tabular learning", ["cs.LG"], day),
        ArxivPaper("2610.10005", "Scaling laws revisited", ["cs.CL"], day, version=2),
    )
    # What the API has for the README's --date/--since examples and its old-style id.
    arxiv.add(
        ArxivPaper("2401.07001", "Instruction tuning with fewer labels", ["cs.CL"],
                   datetime(2024, 1, 15, 10, 0, tzinfo=UTC)),
        ArxivPaper("2401.07002", "Dense captions for open-world detection", ["cs.CV"],
                   datetime(2024, 1, 9, 14, 0, tzinfo=UTC)),
        ArxivPaper("hep-th/9901001", "An old-style paper on strings", ["hep-th"],
                   datetime(1999, 1, 4, 12, 0, tzinfo=UTC)),
    )


@pytest.fixture
def arxiv(home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with ArxivServer() as server:
        serve_announcement(server)
        monkeypatch.setenv("ARXIV_RSS_ENDPOINT", server.rss_url)
        monkeypatch.setenv("ARXIV_API_ENDPOINT", server.api_url)
        monkeypatch.setenv("PAPERS_ARXIV_INTERVAL", "0.01")
        yield server


@pytest.fixture
def reader(hub: HubServer, arxiv: ArxivServer, home: Home, shell: Shell,
           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[list[Path]], Shell]:
    """A reader who imported `files` and has the usual folders, a browser, and arXiv."""
    serve_archive(hub)
    monkeypatch.setenv("BROWSER", str(fake_browser(tmp_path)))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # forget browsers found before
    monkeypatch.setattr(webbrowser, "_browsers", {})
    for folder in USER_FOLDERS:
        (home.root / folder).mkdir(parents=True)

    def imported(files: list[Path]) -> Shell:
        code, _, err = shell("import", *map(str, files))
        assert code == 0, err
        return shell

    return imported


def fake_browser(tmp_path: Path) -> Path:
    """A BROWSER command that records the URL it is given (webbrowser waits for it)."""
    script = tmp_path / "browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{tmp_path / "opened.txt"}"\n',
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def fake_editor(tmp_path: Path, line: str = "Read section 3 again.") -> Path:
    """An editor that adds a line to the file it is given, as a person typing would."""
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\necho "{line}" >> "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def watches_first() -> list[Example]:
    """The README's own `watch add` examples, for blocks that list new papers without
    adding a watch themselves (a reader has read the watch section by then)."""
    adds = [e for block in BLOCKS for e in block if e.argv[:2] == ["watch", "add"]]
    seen: dict[str, Example] = {}
    for e in adds:
        seen.setdefault(e.argv[2], e)
    return [e for name, e in seen.items() if name in ("llava", "quant")]


# -- what counts as sensible ---------------------------------------------------------------


def option(argv: list[str], *names: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg in names and i + 1 < len(argv):
            return argv[i + 1]
    return None


def check_papers(example: Example, text: str, what: str) -> None:
    """Some paper is in `text`, in the format the example asked for."""
    assert "No papers." not in text, f"{example}: {what} says there are no papers"
    assert ARXIV_ID.search(text), f"{example}: no paper in {what}:\n{text[:2000]}"
    fmt = option(example.argv, "--format", "-f")
    if fmt is not None:
        assert FORMAT_MARK[fmt] in text, f"{example}: {what} is not {fmt}:\n{text[:500]}"


def check_trends(example: Example, text: str, what: str) -> None:
    """Some period of the chart, its JSON or its CSV counts a paper."""
    if text.lstrip().startswith("{"):
        counted = json.loads(text)["papers"]
    elif text.startswith("by,"):
        import csv
        import io

        counted = sum(int(r["count"] or 0) for r in csv.DictReader(io.StringIO(text)))
    else:
        counted = int("█" in text or "▁" in text)
    assert counted, f"{example}: {what} counts no paper:\n{text[:1500]}"


def check(example: Example, cwd: Path, code: int, out: str, err: str, tmp_path: Path) -> None:
    where = f"{example}\n--- stdout\n{out[-3000:]}\n--- stderr\n{err[-3000:]}"
    assert code == 0, where
    assert "Traceback" not in err and "error:" not in err, where
    argv = expand(example.argv)
    command = argv[0]
    if example.stdout_to is not None:
        target = cwd / expand([example.stdout_to])[0]
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as f:
            f.write(out)
        assert target.stat().st_size > 0, where
        out = target.read_text(encoding="utf-8")
    written = option(argv, "-o", "--output")
    split = option(argv, "--split")
    if command == "trends":  # a chart or its series, not a list of papers
        # (a CSV file starts with the byte-order mark Excel needs: utf-8-sig reads past it)
        check_trends(example, (cwd / written).read_text(encoding="utf-8-sig")
                     if written else out, written or "stdout")
    elif "--full" in argv:  # the paper's own text, as served or rendered
        assert (cwd / written).stat().st_size if written else out.strip(), where
    elif written is not None:
        path = cwd / written
        assert path.is_file(), f"{example}: {path} was not written\n{where}"
        check_papers(example, path.read_text(encoding="utf-8"), str(path))
    elif split is not None:
        notes = sorted((cwd / split).glob("*.md"))
        assert notes, f"{example}: no notes in {split}\n{where}"
        for note in notes:
            check_papers(example, note.read_text(encoding="utf-8"), str(note))
    elif "--json" in argv:
        data = json.loads(out)
        assert data, f"{example}: empty JSON\n{where}"
        if example.jq is not None:
            fields = JQ_FIELDS[example.jq]
            assert all(f in item for item in data for f in fields), where
            if "select(.watches" in example.jq:
                assert any("llava" in item["watches"] for item in data), where
        if command in PAPER_COMMANDS:
            check_papers(example, out, "stdout")
    elif command in PAPER_COMMANDS:
        check_papers(example, out, "stdout")
    elif command == "open":
        ids = [a for a in argv[1:] if ARXIV_ID.fullmatch(a)]
        if {"-n", "--no-browser"} & set(argv):  # printed, not opened
            opened = out.splitlines()
            assert len(opened) == len(ids), where
        else:
            opened = (tmp_path / "opened.txt").read_text(encoding="utf-8").splitlines()
        assert len(opened) >= len(ids) and all(i in opened[-len(ids) + k]
                                                for k, i in enumerate(ids)), where
    elif command in ("families", "orgs", "cache", "config", "watch") or command.startswith("--"):
        if argv[1:2] not in (["clear"], ["set"], ["unset"], ["add"], ["rm"], ["edit"]):
            # (an empty state says why on stderr: `papers orgs` of an empty library)
            assert out.strip() or err.strip(), f"{example}: printed nothing\n{where}"
    else:  # an action (star, read, hide, import, sync, ...): it says what it did
        assert (out + err).strip(), f"{example}: said nothing\n{where}"
    if example.shown:  # a console block's output: the papers it shows, in that order
        shown = ARXIV_ID.findall("\n".join(example.shown).split("\n\n")[0])
        if shown:
            assert ARXIV_ID.findall(out)[: len(shown)] == shown, where


def copy_db(source: sqlite3.Connection, target: sqlite3.Connection) -> sqlite3.Connection:
    """SQLite's own copy (the user database is in WAL mode: its file alone is not it)."""
    source.backup(target)
    if source.execute("PRAGMA database_list").fetchone()[2]:  # a file: done with it
        source.close()
    return target


def test_every_example_is_found() -> None:
    """The extraction itself: the README's blocks are read, whatever their shell around."""
    examples = [e for block in BLOCKS for e in block]
    assert len(examples) > 80
    texts = {" ".join(e.argv) for e in examples}
    assert "today --sort upvotes -n 5" in texts  # a console block's `$ ` line
    assert f"new --format md -o ~/notes/{TODAY.isoformat()}.md" in texts
    crontab = [e for e in examples if e.argv[:2] == ["new", "--peek"] and e.stdout_to is None]
    assert any("--force" in e.argv and "2>>" not in e.argv for e in crontab)
    assert any(e.stdin_url for e in examples) and any(e.jq for e in examples)
    assert {e.argv[0] for e in examples if excluded(e)} == {"browse", "--install-completion",
                                                            "mcp"}
    # The first example's output is checked against a run: the Hub here serves its day.
    assert examples[0].shown[0] == f"Daily Papers — {TODAY.isoformat()}"


# Blocks with something to run; a block of excluded examples only (browse) is not a test
# case: its reason is in EXCLUDED, and test_every_exclusion_is_used keeps that list honest.
RUNNABLE = [b for b in BLOCKS if any(not excluded(e) for e in b)]


def test_every_exclusion_is_used() -> None:
    used = {prefix for prefix in EXCLUDED for b in BLOCKS for e in b
            if tuple(e.argv[: len(prefix)]) == prefix}
    assert used == set(EXCLUDED)


@pytest.mark.parametrize("block", RUNNABLE,
                         ids=[f"L{b[0].line}-{b[0].argv[0]}" for b in RUNNABLE])
def test_readme_example(block: list[Example], reader: Callable[[list[Path]], Shell],
                        hub: HubServer, home: Home, monkeypatch: pytest.MonkeyPatch,
                        tmp_path: Path) -> None:
    runnable = [e for e in block if not excluded(e)]
    # An example that says it runs over the seed library gets just that.
    seed_only = any("seed library" in e.text for e in block)
    shell = reader([DATA / "search-llama.json"] if seed_only else ARCHIVE)
    cwd = Path.cwd()
    marks = home.data / "papercli" / "user.db"
    first_new = True
    before_new: sqlite3.Connection | None = None  # None: there were no marks yet
    before: list[Example] = []
    adds_watch = any(e.argv[:2] == ["watch", "add"] for e in block)
    if any(e.argv[0] == "new" for e in block) and not adds_watch:
        before = watches_first()
    for example in before:
        code, _, err = shell(*expand(example.argv))
        assert code == 0, f"{example}: {err}"
    for example in runnable:
        stdin: bytes | None = None
        if example.stdin_url is not None:
            url = example.stdin_url.replace("https://huggingface.co", hub.url)
            stdin = httpx.get(url).content
        if example.argv[:2] == ["import", "arxiv-metadata-oai-snapshot.json"]:
            # Our own invented lines in the snapshot's shape (tests/data/arxiv/).
            (cwd / "arxiv-metadata-oai-snapshot.json").write_bytes(
                (DATA / "arxiv" / "snapshot.jsonl").read_bytes())
        if example.argv[:2] == ["import", "daily-2024-01-02.json"]:
            body = httpx.get(f"{hub.url}/api/daily_papers?date=2024-01-02").content
            (cwd / "daily-2024-01-02.json").write_bytes(body)  # as saved from the Hub
        refs = DATA / "refs" / (example.argv[1] if len(example.argv) > 1 else "-")
        if example.argv[0] == "import" and refs.is_file():
            # A reference manager's export, in Zotero's or Better BibTeX's shape.
            (cwd / refs.name).write_bytes(refs.read_bytes())
        if example.argv[0] == "new":  # alternatives: each sees what the first one saw
            if first_new:
                first_new = False
                if marks.exists():
                    before_new = copy_db(sqlite3.connect(marks), sqlite3.connect(":memory:"))
            elif before_new is not None:
                copy_db(before_new, sqlite3.connect(marks)).close()
            else:
                for leftover in marks.parent.glob(marks.name + "*"):  # with -wal, -shm
                    leftover.unlink()
        if example.stdin_from is not None:
            code, stdin_text, err = shell(*expand(example.stdin_from))
            assert code == 0, f"{example}: {err}"
            stdin = stdin_text.encode()
        if example.argv[0] == "note" and not {"-m", "--message", "--rm"} & set(example.argv):
            monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path)))
            monkeypatch.delenv("VISUAL", raising=False)
        if example.argv[:2] == ["config", "edit"]:  # a comment: valid TOML wherever it goes
            monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, "# checked by hand")))
            monkeypatch.delenv("VISUAL", raising=False)
        code, out, err = shell(*expand(example.argv), input=stdin)
        check(example, cwd, code, out, err, tmp_path)

