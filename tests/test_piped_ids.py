"""`-` among a command's paper ids reads more ids from standard input, as `--format ids`
and `-q` write them: `papers search WORDS -q | papers star -`. Through `main()` with stdin
piped, and the installed command on a real terminal for the one case a pipe cannot show."""

from __future__ import annotations

import json
import os
import shlex
import subprocess

import pytest

from conftest import Home, installed_papers, one_line
from hubserver import seed_items
from papercli.terminal import cell_width

LLAVA = ["2501.03895", "2403.11703", "2306.00890"]  # LLaVA-Mini, -UHD, -Med (seed papers)


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


def test_search_piped_into_star_read_and_hide(library) -> None:  # type: ignore[no-untyped-def]
    found = library("search", "llava", "--offline", "-q", "-n", "3")
    assert found.exit_code == 0 and len(found.stdout.split()) == 3
    starred = library("star", "--offline", "-", input=found.stdout)
    assert starred.exit_code == 0 and one_line(starred.stderr) == "papers: starred 3 papers"
    assert sorted(ids(library("starred", "--json"))) == sorted(found.stdout.split())
    # `-` mixes with ids given as arguments, in order, each paper once.
    marked = library("read", LLAVA[0], "-", input=f"{LLAVA[1]}\n{LLAVA[0]}\n")
    assert marked.exit_code == 0 and "2 papers" in marked.stderr
    assert library("hide", "-", input=" ".join(LLAVA[:2])).exit_code == 0
    assert library("unhide", "-", input=LLAVA[1]).exit_code == 0
    hidden = ids(library("search", "--offline", "--hidden", "--json", "-n", "0"))
    visible = ids(library("search", "--offline", "--json", "-n", "0"))
    assert LLAVA[0] in hidden and LLAVA[0] not in visible and LLAVA[1] in visible
    assert library("unstar", "-", input=found.stdout).exit_code == 0
    assert ids(library("starred", "--json")) == []


def test_show_related_and_open_read_piped_ids(library) -> None:  # type: ignore[no-untyped-def]
    shown = library("show", "-", "--offline", "--json", input="\n".join(LLAVA) + "\n")
    assert ids(shown) == LLAVA
    together = ids(library("related", "-", "--offline", "--json", input=" ".join(LLAVA[:2])))
    assert together == ids(library("related", *LLAVA[:2], "--offline", "--json"))
    assert together and not set(together) & set(LLAVA[:2])
    liked = library("for-you", "--like", "-", "--since", "2023-01-01", "--json",
                    input=" ".join(LLAVA[:2]))
    assert ids(liked) and ids(liked) == ids(library(
        "for-you", "--like", ",".join(LLAVA[:2]), "--since", "2023-01-01", "--json"))
    empty = library("for-you", "--like", "-", input="")
    assert empty.exit_code == 2 and one_line(empty.stderr).endswith(
        "papers for-you --like -")
    urls = library("open", "-n", "-", input=LLAVA[2])
    assert urls.exit_code == 0 and len(urls.stdout.split()) == 1
    assert urls.stdout.strip().endswith(f"/papers/{LLAVA[2]}"), urls.stdout


@pytest.mark.parametrize("piped, message", [
    ("", "papers: error: no ids piped in — e.g. papers search WORDS -q | papers star -"),
    (" \n\t\n", "papers: error: no ids piped in — e.g. papers search WORDS -q | papers star -"),
    ("2501.03895 not-an-id", "papers: error: 'not-an-id' is not a paper id — "
                             "pipe ids, as -q writes them"),
    ("2501.03895 2501.038x", "papers: error: '2501.038x' is not a paper id — "
                             "e.g. 2401.01055"),
    ("abc\x1b[31mdef", "papers: error: 'abc\\x1b[31mdef' is not an id — pipe ids, as -q "
                       "writes them"),  # (the escape not shown)
    ("2501.03895 " * 100_000, "papers: error: over 1,000,000 characters of ids piped in — "
                             "use xargs -n 1000"),  # (in 80 columns: it made 107)
])
def test_nothing_usable_piped_is_one_usage_line(library, home: Home, piped: str,  # type: ignore[no-untyped-def]
                                                message: str) -> None:
    result = library("star", "--offline", "-", input=piped)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == message
    assert not (home.data / "papercli" / "user.db").exists() or ids(
        library("starred", "--json")) == []


@pytest.mark.parametrize("argv", [
    ("show", "-"), ("unstar", "-"), ("related", "-"), ("tag", "-", "robots"),
    ("export", "-"), ("search", "-"),
    ("for-you", "--like", "-"), ("open", "-n", "-")])
def test_nothing_piped_fits_80_columns_for_every_command(library, argv: tuple[str, ...]  # type: ignore[no-untyped-def]
                                                         ) -> None:
    """"no paper ids on standard input — e.g. papers search WORDS -q | papers unstar -"
    made 93 columns, `tag -` 104 (its pipe said --format ids, as -q writes the same)."""
    result = library(*argv, input="")
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("papers: error: no ids piped") and cell_width(line) <= 80, line
    assert f"| papers {argv[0]} " in line


def test_bytes_that_are_not_text_are_one_usage_line(library) -> None:  # type: ignore[no-untyped-def]
    result = library("hide", "-", input=b"\x7fELF\x02\x01\x01\xff\xfe\x00")
    assert result.exit_code == 2 and result.stdout == ""
    assert "standard input is not text" in one_line(result.stderr)


def test_a_terminal_on_stdin_is_refused_not_waited_on(library, home: Home) -> None:  # type: ignore[no-untyped-def]
    """`papers star -` typed at a prompt would otherwise sit waiting for Ctrl-D."""
    master, slave = os.openpty()
    try:
        proc = subprocess.run([installed_papers(), "star", "--offline", "-"], stdin=slave,
                              capture_output=True, text=True, timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 2 and proc.stdout == ""
    assert one_line(proc.stderr) == (  # (it took 119 columns)
        "papers: error: - wants ids piped in — papers search WORDS -q | papers star -")


@pytest.mark.parametrize("fmt, first", [("table", "'Search:'"), ("json", "'['"), ("md", "'#'"),
                                        ("csv", "'id,title,")])
def test_a_listing_piped_in_place_of_ids_says_so(library, fmt: str,  # type: ignore[no-untyped-def]
                                                 first: str) -> None:
    """`papers today | papers star -` (the table, not -q) said "'Daily' is not an arXiv id
    or paper URL — papers search Daily finds papers by their words"; now it says what
    - reads, and the ids are not asked for one by one."""
    listing = library("search", "llava", "--offline", "-n", "2", "-f", fmt)
    assert listing.exit_code == 0, listing.stderr
    result = library("star", "--offline", "-", input=listing.stdout)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {first}"), line
    assert line.endswith(" is not an id — pipe ids, as -q writes them"), line
    assert cell_width(line) <= 80


def test_a_byte_order_mark_before_the_ids_is_skipped(library) -> None:  # type: ignore[no-untyped-def]
    """A list of ids saved by Notepad starts with a byte order mark: `papers star - <
    ids.txt` refused '\\ufeff2501.03895'; now the mark is skipped."""
    shown = library("show", "-", "--offline", "-q", input="\ufeff" + "\r\n".join(LLAVA))
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.split() == LLAVA


# The commands whose ids `-` extends, in an order in which each example's pipe has ids to
# pass on (open before read: it opens the unread ones; unhide after hide).
PIPED = ("star", "open", "read", "related", "show", "unstar", "hide", "unhide")


def _run_pipe(library, command: str, line: str) -> str:  # type: ignore[no-untyped-def]
    """The example `line` run stage by stage through main(), each stage's stdout the
    next one's stdin; --offline added where a stage takes it, `open` printing its URLs
    (-n) rather than launching a browser, and jq's `select(.hidden).id` done here."""
    piped = ""
    for stage in (shlex.split(part) for part in line.split(" | ")):
        if stage[0] == "jq":
            assert stage[1:] == ["-r", "select(.hidden).id"], stage
            records = (json.loads(row) for row in piped.splitlines())
            piped = "".join(f"{r['id']}\n" for r in records if r.get("hidden"))
            continue
        assert stage[0] == "papers", stage
        args = stage[1:]
        if "--offline" in library(args[0], "--help").stdout:
            args.append("--offline")
        if args[0] == "open":
            args.append("-n")
        done = library(*args, input=piped)
        assert done.exit_code == 0, (line, args, done.stderr)
        assert not done.stderr.startswith("papers: warning"), (line, done.stderr)
        piped = done.stdout
        if args[0] == command:
            return done.stderr
        assert piped.strip(), (line, args, "passed nothing on")
    raise AssertionError(f"{line} does not end in papers {command}")


def test_each_command_taking_dash_shows_the_pipe_into_it_and_it_runs(
        library, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """unstar, unhide, read (and hide, show, open, related) took `-` but only star's help
    hinted at it, and none of their examples showed it: each shows a pipe into it now,
    and that pipe, run as written, passes ids along and does what it says."""
    survey = json.loads(json.dumps(seed_items()[0]))  # a paper for hide's example to find
    survey["paper"]["id"] = "2402.00001"
    survey["title"] = survey["paper"]["title"] = "A Survey of Instruction Tuning"
    (tmp_path / "survey.json").write_text(json.dumps([survey]), encoding="utf-8")
    assert library("import", str(tmp_path / "survey.json")).exit_code == 0
    monkeypatch.chdir(tmp_path)  # show's example writes starred.md here
    said = {}
    for command in PIPED:
        help_text = library(command, "--help").stdout
        examples = help_text.partition("Examples:")[2].splitlines()
        lines = [ex.strip() for ex in examples if ex.strip().endswith(f"| papers {command} -")
                 or f"| papers {command} - " in ex]
        assert len(lines) == 1, (command, help_text)
        said[command] = _run_pipe(library, command, lines[0])
    assert said["star"] == "papers: starred 5 papers\n"
    assert said["read"] == "papers: marked 5 papers read\n"
    assert (tmp_path / "starred.md").is_file()
    assert said["unstar"] == "papers: unstarred 5 papers\n"
    assert said["hide"] == "papers: hid 1 paper\n" and said["unhide"] == "papers: unhid 1 paper\n"
    assert library("starred", "-q").stdout == ""


def test_export_and_search_read_piped_ids(library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`papers starred -q | papers export - -f bibtex`: `-` was searched as a word ("'-'
    has no word to search for") and an empty bibliography written; it reads the ids, as
    `show -` does, mixed with ids given as arguments, in order."""
    exported = library("export", "-", "--format", "jsonl", input="\n".join(LLAVA) + "\n")
    assert exported.exit_code == 0 and exported.stderr == "", exported.stderr
    assert [json.loads(line)["id"] for line in exported.stdout.splitlines()] == LLAVA
    bib = tmp_path / "starred.bib"
    written = library("export", LLAVA[2], "-", "--format", "bibtex", "-o", str(bib),
                      input=" ".join(LLAVA[:2]))
    assert written.exit_code == 0, written.stderr
    assert bib.read_text(encoding="utf-8").count("@misc{") == 3
    found = library("search", "-", "--offline", "--json", input=" ".join(LLAVA[:2]))
    assert ids(found) == LLAVA[:2]
    # An id piped that the library lacks fails the export, as one named does.
    missing = library("export", "-", "--format", "jsonl", input=f"{LLAVA[0]} 2412.99999")
    assert missing.exit_code == 1 and len(missing.stdout.splitlines()) == 1
    assert "2412.99999" in missing.stderr


@pytest.mark.parametrize("argv", [("export", "-", "-f", "ids"), ("search", "-", "--offline"),
                                  ("export", "-", "-o", "refs.bib")])
def test_a_word_among_the_piped_ids_is_a_usage_error_not_a_query(  # type: ignore[no-untyped-def]
        library, tmp_path, monkeypatch, argv: tuple[str, ...]) -> None:
    """`… -q | papers export - -o refs.bib` with one stray word on stdin read every word
    as a query: nothing matched, an empty export, exit 0. Now the word is refused, as
    `star -` refuses it, and no file is written."""
    monkeypatch.chdir(tmp_path)
    result = library(*argv, input=f"{LLAVA[0]}\n{LLAVA[1]}\nbogus\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == (
        "papers: error: 'bogus' is not a paper id — pipe ids, as -q writes them")
    assert not (tmp_path / "refs.bib").exists()
