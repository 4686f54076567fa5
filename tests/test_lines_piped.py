"""Every note, warning and error line fits 80 columns with its "papers: " prefix when
stderr is piped too (a cron log, `2>file`): search's no-match line (133 and 149 columns
with a few filters), its note on a hidden id, a `foo:` word, star and hide
of hidden or starred papers, a bad $PAPERS_NOW, an editor back at once, `config unset`,
a huge --min-upvotes and for-you's advice under --tag ran to 85-153 columns. Commands
are written bare, as the other lines write them (no `…`). Search's no-match line stays
on stderr whatever the format, and an empty library whose search finds a paper through
a note does not say that nothing is found. Search's OR, NOT and ids among words, a note's
hit on a paper the library lacks, an editor not found, `config edit`'s saved line, arXiv's
too many papers, `mcp` without stdin, a hand-written watch's unknown family or long value,
ids joined by commas, a long watch name, a gzipped file cut off and ids the library lacks
(once each) ran to 105-300 columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Home
from hubserver import HubServer
from papercli.terminal import cell_width

LONG = "Maximilian Alexander Schwarzenegger"


def _ids(papers: Any) -> list[str]:
    return papers("search", "--offline", "-n", "3", "--json").ids


def _hidden_and_starred(papers: Any) -> None:
    """Three papers starred and hidden: star and hide say them again, already so."""
    ids = _ids(papers)
    assert papers("star", *ids).exit_code == 0
    assert papers("hide", *ids[:2]).exit_code == 0


def _tagged(papers: Any) -> None:
    assert papers("tag", _ids(papers)[0], "robotics").exit_code == 0


def _hidden(papers: Any) -> None:
    assert papers("hide", _ids(papers)[0]).exit_code == 0


def _commented(papers: Any) -> None:
    """A comment in config.toml, which a rewrite drops (said, with where the file went)."""
    assert papers("config", "set", "display.limit", "5").exit_code == 0
    path = Path(papers("config", "path").stdout.strip())
    path.write_text("# mine\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


COMMENTING = {"EDITOR": "sh -c 'echo \"# mine\" >> \"$1\"' sh", "VISUAL": ""}


def _watch_written(text: str) -> Callable[[Any], None]:
    """A watch written by hand, as `text` says it in config.toml."""
    def first(papers: Any) -> None:
        path = Path(papers("config", "path").stdout.strip())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return first


# (a family there is none of; categories as text, where a list is meant)
_unknown_family = _watch_written(
    '[watch.robot-learning-from-the-big-labs]\nfamily = ["notafamily"]\n')
_categories_as_text = _watch_written(
    '[watch.robots]\ncategory = "cs.LG, cs.CV, cs.CL, cs.AI, cs.RO, stat.ML, eess.IV"\n')


WATCH = "robot-learning-" + "x" * 49  # (a watch's name at its longest, 64 characters)


def _watching(papers: Any) -> None:
    """Two watches of long names, and a short one."""
    for name in (WATCH, WATCH[1:], "ab"):
        assert papers("watch", "add", name, "-k", "robot").exit_code == 0


def _noted_one(papers: Any) -> None:
    """A note on a paper the library lacks (noted offline): a search of it finds it."""
    assert papers("note", "2412.99998", "-m", "qwertyzap", "--offline").exit_code == 0


def _noted_two(papers: Any) -> None:
    _noted_one(papers)
    assert papers("note", "2412.99997", "-m", "qwertyzap", "--offline").exit_code == 0


# (arguments, with {A} {B} {C} for the library's ids; what to do first; the environment)
CASES: list[tuple[tuple[str, ...], Callable[[Any], None] | None, dict[str, str]]] = [
    (("search", "quantization", "-k", "transformer", "-x", "llama", "--min-upvotes", "10",
      "--offline"), None, {}),
    (("search", "diffusion", "-a", LONG, "-k", "transformer", "--min-upvotes", "10",
      "--offline"), None, {}),
    (("search", "is:starred zzqqxx", "-k", "transformer", "-x", "llama"), _hidden_and_starred,
     {}),
    (("search", "llm", "--min-upvotes", "100000"), None, {}),
    (("search", "foo:bar llava", "--offline"), None, {}),
    (("search", "zzqqxx " + "a" * 50, "--offline"), None, {}),
    (("star", "{A}", "{B}"), _hidden_and_starred, {}),
    (("star", "{A}", "{B}", "{C}"), _hidden_and_starred, {}),
    (("hide", "{A}", "{B}", "{C}"), _hidden_and_starred, {}),
    (("today",), None, {"PAPERS_NOW": "garbage"}),
    (("note", "{A}"), None, {"EDITOR": "true", "VISUAL": ""}),
    (("config", "unset", "network.timeout"), None, {}),
    (("config", "unset", "network.timeout"), None, {"PAPERS_TIMEOUT": "3"}),
    (("config", "set", "network.timeout", "5"), None, {}),
    (("search", "{A}", "{B}"), _hidden, {}),
    (("today", "--min-upvotes", "99999999999999999999"), None, {}),
    (("for-you", "--tag", "robotics"), _tagged, {}),
    (("for-you",), None, {}),
    (("search", "diffusion OR 2401.00001", "--offline"), None, {}),
    (("search", "diffusion 2401.00001 2401.00002 2401.00003 2401.00004", "--offline"), None,
     {}),
    (("search", "llava NOT mini", "--offline"), None, {}),
    (("search", "--offline", "--", "-llava -qwen2-vl-instruct-long-name"), None, {}),
    (("note", "{A}"), None, {"EDITOR": "nonexistent-editor", "VISUAL": ""}),
    (("config", "edit"), None, {"EDITOR": "nonexistent-editor", "VISUAL": ""}),
    (("config", "edit"), None, COMMENTING),
    (("config", "edit"), None, {"EDITOR": "true", "VISUAL": ""}),
    (("config", "set", "display.limit", "3"), _commented, {}),
    (("watch", "add", "robots", "-k", "robot"), _commented, {}),
    (("watch", "list"), _unknown_family, {}),
    (("new", "--offline"), _unknown_family, {}),
    (("watch", "list"), _categories_as_text, {}),
    (("watch", "add", WATCH, "-k", "robot"), None, {}),
    (("watch", "add", WATCH, "--family", "LLaMA", "-k", "mixture of experts"), None, {}),
    (("watch", "add", WATCH[2:], "-k", "robot"), _watching, {}),
    (("watch", "rm", WATCH, WATCH[1:], "ab"), _watching, {}),
    (("watch", "rm", WATCH), _watching, {}),
    (("show", "2401.99991,2401.99992,2401.99993"), None, {}),
    (("related", "2401.99991,2401.99992,2401.99993"), None, {}),
    (("show", "2401.99991 2401.99992 2401.99993"), None, {}),
    (("search", "qwertyzap", "--offline"), _noted_one, {}),
    (("search", "qwertyzap", "--offline"), _noted_two, {}),
]


@pytest.mark.parametrize(("args", "first", "env"), CASES,
                         ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_line_fits_80_columns_piped(
        library: Any, hub: HubServer, home: Home, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
        first: Callable[[Any], None] | None, env: dict[str, str]) -> None:
    from papercli import editor

    monkeypatch.setattr(editor, "AT_ONCE", 3600.0)  # (`true` is back at once, however slow)
    a, b, c = _ids(library)  # (before any is hidden)
    if first is not None:
        first(library)
    done = library(*(arg.format(A=a, B=b, C=c) for arg in args), env=env)
    lines = done.stderr.splitlines()
    assert lines and "Traceback" not in done.stderr, done.stderr
    for line in lines:
        assert cell_width(line) <= 80, line
        assert "`" not in line, line


@pytest.mark.parametrize("fmt", [("--json",), ("-q",), ("-f", "jsonl"), ("-f", "bibtex")])
def test_search_says_it_found_nothing_in_every_format(library: Any,
                                                     fmt: tuple[str, ...]) -> None:
    """`search zzqqxx --json` said nothing on stderr, where export, today and starred say
    their notes in every format."""
    done = library("search", "zzqqxx", "--offline", *fmt)
    assert done.exit_code == 0
    assert done.stderr.splitlines() == [
        "papers: no paper in the library matches 'zzqqxx'"]


def test_search_fits_its_filters_as_a_listing_does(library: Any) -> None:
    """Said whole where it fits; past 80 columns, "library paper", then a long name cut
    short, then the filters said as "the filters"."""
    said = library("search", "zzqqxx", "-a", LONG, "-k", "transformer", "--min-upvotes",
                   "100000", "--offline").stderr
    assert said == "papers: no paper in the library matches 'zzqqxx' and passes the filters\n"
    said = library("search", "--offline", "-a", LONG + " Hohenzollern").stderr
    assert said == f"papers: no library paper is by {LONG} Hohenzollern\n"
    said = library("search", "zzqqxx", "-k", "moe", "--offline").stderr
    assert said == "papers: no paper in the library matches 'zzqqxx' and contains the word moe\n"
    said = library("search", "zzqqxx", "-k", "transformer", "--offline").stderr
    assert said == ("papers: no library paper matches 'zzqqxx' and contains the word "
                    "transformer\n")


def test_an_empty_library_says_what_a_note_found(library: Any, home: Home) -> None:
    """After `cache clear`, a paper a note finds was listed under "the library is empty,
    so nothing is found yet"."""
    pid = _ids(library)[0]
    assert library("note", pid, "-m", "zzqqxx in the appendix").exit_code == 0
    assert library("cache", "clear", "--yes").exit_code == 0
    found = library("search", "zzqqxx", "--offline", "--json")
    assert found.ids == [pid]
    assert found.stderr == ("papers: the library is empty, so only noted papers show "
                            "(papers sync fills it)\n")
    none = library("search", "llava", "--offline")
    assert none.stderr == ("papers: the library is empty, so nothing is found yet (papers "
                           "sync fills it)\n")


def test_a_file_written_is_named_as_it_was_given(library: Any) -> None:
    """"wrote 19 papers to /ABS/notes/a.md", where its error said "notes/a.md"."""
    Path("notes").mkdir()
    done = library("export", "-o", "notes/a.md")
    assert done.stderr == "papers: wrote 19 papers to notes/a.md\n"
    again = library("export", "-o", "notes/a.md")
    assert again.stderr == ("papers: error: notes/a.md already exists — use --force to "
                            "overwrite\n")


def _fits(stderr: str) -> None:
    lines = stderr.splitlines()
    assert lines and "Traceback" not in stderr, stderr
    for line in lines:
        assert cell_width(line) <= 80, line


def test_more_arxiv_papers_than_a_listing_holds_fits(papers: Any, arx: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Its two commands to have them all, with the days twice each, made 300 columns."""
    from arxivserver import make_papers
    from papercli import arxiv_listing

    monkeypatch.setattr(arxiv_listing, "MAX_LISTED", 10)
    arx.add(*make_papers(11, "cs.LG"))
    done = papers("arxiv", "cs.LG", "cs.CL", "cs.CV", "--since", "2024-01-10", "--until",
                  "2024-01-20")
    assert done.exit_code == 2
    _fits(done.stderr)


@pytest.mark.parametrize("closing", ["<&-", ">&-"])
def test_mcp_without_stdin_or_stdout_fits(closing: str) -> None:
    """How it talks MCP and where a client starts it made 197 columns."""
    import os
    import subprocess
    import sys

    proc = subprocess.run(["sh", "-c", f'exec "$0" -m papercli mcp {closing}',
                           sys.executable], input="", capture_output=True, text=True,
                          env=dict(os.environ), timeout=60)  # (a safety net)
    assert proc.returncode == 2
    _fits(proc.stderr)


def test_a_gzipped_file_cut_off_among_files_fits(papers: Any, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A gzipped export or arXiv snapshot cut off part-way, named as given, with what
    happened and what to do: 183 to 230 columns, and more for a snapshot."""
    import gzip
    import json

    monkeypatch.chdir(tmp_path)
    items = [{"id": f"2403.{n:05d}", "title": f"Paper {n} on tides", "authors": "A. B",
              "categories": "cs.CL", "abstract": "Tides.",
              "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}]}
             for n in range(1, 3001)]
    snapshot = gzip.compress("".join(json.dumps(i) + "\n" for i in items).encode())
    Path("snapshot-of-arxiv-2024.json.gz").write_bytes(snapshot[: len(snapshot) // 2])
    hub = gzip.compress(json.dumps([{"paper": {"id": f"2401.{n:05d}", "title": f"Paper {n}"},
                                     "title": f"Paper {n}"} for n in range(1, 3001)]).encode())
    Path("daily-papers-export.json.gz").write_bytes(hub[: len(hub) - 8])  # (its end only)
    Path("a.json").write_text("[]", encoding="utf-8")
    for name in ("snapshot-of-arxiv-2024.json.gz", "daily-papers-export.json.gz"):
        done = papers("import", "a.json", name)
        assert done.exit_code == 1
        _fits(done.stderr)
        assert f"error: {name}: its gzip data ends early" in done.stderr, done.stderr


@pytest.mark.parametrize("command", ["show", "star"])
def test_unknown_ids_fit_and_one_says_what_to_do(library: Any, hub: HubServer,
                                                command: str) -> None:
    """arXiv out of reach: one id the Hub lacks said "ARXIV_API_ENDPOINT refused" and
    nothing to do; it says "— check it" in 80 columns. Two or more, where the ids leave
    that no room, name the variable that refused, which says what to check."""
    for ids in (["2412.99999"], ["2412.99999", "2412.99998"],
                ["2412.99999", "2412.99998", "2412.99997"]):
        done = library(command, *ids)
        assert done.exit_code == 1
        _fits(done.stderr)
        end = "; ARXIV_API_ENDPOINT refused — check it\n" if len(ids) == 1 else (
            "; ARXIV_API_ENDPOINT refused\n")
        assert done.stderr.endswith(end), done.stderr
        assert ids[0] in done.stderr


def test_many_ids_the_library_lacks_are_one_warning(library: Any) -> None:
    """`export` (and `search --offline`) of ids the library lacks warned once for each:
    40 ids, 40 lines. One line names them now, as far as they fit with what to do (the
    hint before a second id), the rest counted."""
    ids = [f"2412.{n:05d}" for n in range(1, 41)]
    done = library("export", "-f", "ids", *ids)
    assert done.exit_code == 1
    _fits(done.stderr)
    assert done.stderr.splitlines() == [
        "papers: warning: not in the library: 2412.00001 and 39 more — run papers show",
        "papers: error: the 40 papers named are missing: nothing exported — see above"]
    two = library("search", "--offline", *ids[:2], "-q")
    assert two.stderr.splitlines()[0] == (
        "papers: warning: not in the library: 2412.00001, 2412.00002 — run papers show")


def _snapshot_line(pid: str) -> str:
    import json

    return json.dumps({"id": pid, "title": f"Paper {pid} on tides", "authors": "A. B",
                       "categories": "cs.CL", "abstract": "Tides.", "versions": [
                           {"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}]})


# (a file, its text, and what its line starts with: the file named whole)
IMPORTS = [
    ("exports/reading-notes-for-the-week-of-august-2026.md", "# Notes\n\nsome text\n",
     "papers: error: exports/reading-notes-for-the-week-of-august-2026.md is Markdown"),
    ("exports/daily-papers-kept-from-the-week-before.json", "",
     "papers: error: exports/daily-papers-kept-from-the-week-before.json is empty"),
    ("exports/daily-papers-kept-from-the-week-before.json",
     '[{"id": "2401.01055", "title": ["Tides"], "authors": 5}]',
     "papers: error: no papers in exports/daily-papers-kept-from-the-week-before.json"),
    ("arxiv-metadata-oai-snapshot.json",
     "\n".join([_snapshot_line("2403.00001"), '{"id": "2403.00002", "title": broken',
                _snapshot_line("2403.00003"), '{"id": 5}', _snapshot_line("2403.00004")]),
     "papers: warning: arxiv-metadata-oai-snapshot.json: skipped 2 bad lines"),
]


@pytest.mark.parametrize(("name", "text", "said"), IMPORTS,
                         ids=["markdown", "empty", "bad-item", "snapshot-bad-lines"])
def test_an_import_says_its_file_whole_in_80_columns(papers: Any, name: str, text: str,
                                                     said: str) -> None:
    """Piped, a file with a folder to it named whole left its hint no room: a Markdown
    file, an empty one, one whose only item had fields of the wrong types made 96 to 145
    columns, a snapshot's bad lines 135 and its summary 86. The hint gives way, never the
    file's name."""
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")
    done = papers("import", name)
    assert done.exit_code == (0 if "snapshot" in name else 1)
    _fits(done.stderr)
    assert done.stderr.startswith(said), done.stderr
