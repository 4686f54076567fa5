"""Error lines that took 2 to 5 rows of an 80-column terminal: a long path or note name,
a long value typed, a long hint. Each says what happened and what to do in one line of
80 columns; PAPERS_DEBUG says the whole of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Home, on_terminal, one_line, write_config
from papercli.terminal import cell_width


def _error_row(screen: bytes) -> str:
    """The one `papers: error:` line of a terminal's screen, from its prefix on (the
    escapes of a progress bar before it read as line breaks)."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", screen.decode())
    rows = [row for row in text.replace("\r", "").split("\n") if "papers: error: " in row]
    assert len(rows) == 1, rows
    return rows[0][rows[0].index("papers: error: "):]

def fits(stderr: str) -> str:
    """The one error line, checked to fit 80 columns."""
    line = one_line(stderr)
    assert cell_width(line) <= 80, line
    return line


def test_notes_already_in_the_folder_are_said_in_one_line(library, tmp_path: Path) -> None:
    """`export --split DIR` again without --force named the first note by its whole path
    (190 columns, 5 rows, the path broken mid-word): now how many notes are there, and
    that --force keeps your words."""
    vault = tmp_path / "a-vault-with-a-long-name-in-a-folder-deep-down" / "papers"
    assert library("export", "--split", str(vault)).exit_code == 0
    again = library("export", "--split", str(vault))
    assert again.exit_code == 1
    assert fits(again.stderr) == ("papers: error: 19 notes exist there — use --force "
                                  "(your words are kept)")
    one = library("export", "--split", "notes", "2401.01055")  # (in the working folder)
    assert one.exit_code == 0, one.stderr
    note = next(Path("notes").iterdir()).name
    assert fits(library("export", "--split", "notes", "2401.01055").stderr) == (
        f"papers: error: {note} already exists in notes/ — use --force to update the notes "
        "(what you wrote below each note's marker line is kept)"
        if cell_width(f"papers: error: {note} already exists in notes/ — use --force to update "
                      "the notes (what you wrote below each note's marker line is kept)") <= 80
        else "papers: error: the note in notes/ exists — use --force (your words are kept)")


def test_notes_already_there_name_the_first_whole_under_papers_debug(
        library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "vault"
    assert library("export", "--split", str(vault)).exit_code == 0
    first = sorted(vault.iterdir())[0]  # (the first the export writes)
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(library("export", "--split", str(vault), "2401.01055").stderr)
    assert line.startswith(f"papers: error: {vault}/2401.01055-") and "marker line" in line
    assert first.exists()


def test_a_long_path_is_said_by_its_file_name_cut_to_fit(library, tmp_path: Path) -> None:
    """An error without shorter ways of its own whose path is longer than the line:
    the path by its file name, cut in the middle, not the prefix alone on a row and the
    path broken by the terminal."""
    target = tmp_path / ("d" * 50) / "exported-papers-with-a-rather-long-name-for-the-week.md"
    target.parent.mkdir()
    target.write_text("mine", encoding="utf-8")
    shown = on_terminal(["export", "-o", str(target)], stdout_on_pty=False)
    assert shown.code == 1
    line = _error_row(shown.screen)
    assert cell_width(line) <= 80, line
    assert line.startswith("papers: error: …/exported-") and line.endswith(
        "-week.md already exists — use --force to overwrite"), line
    assert "…" in line.partition("exported-")[2]  # (cut in its middle)
    # Piped or logged, the path is whole: a log line wraps nowhere.
    result = library("export", "-o", str(target))
    assert result.exit_code == 1
    assert one_line(result.stderr) == (f"papers: error: {target} already exists — use "
                                       "--force to overwrite")


def test_a_long_path_keeps_the_folders_that_fit(library, tmp_path: Path) -> None:
    target = tmp_path / ("d" * 80) / "notes" / "week.md"
    target.parent.mkdir(parents=True)
    target.write_text("mine", encoding="utf-8")
    shown = on_terminal(["export", "-o", str(target)], stdout_on_pty=False)
    assert shown.code == 1
    rows = [row for row in shown.screen.decode().replace("\r", "").split("\n")
            if row.strip()]
    # (its folder's start and end, the middle elided, on a terminal: `errors.short_path`)
    assert len(rows) == 1 and cell_width(rows[0]) <= 80, rows
    assert rows[0].startswith(f"papers: error: /{tmp_path.parts[1][:2]}"), rows
    assert rows[0].endswith("d/notes/week.md already exists — use --force to overwrite"), rows
    assert "…" in rows[0], rows



@pytest.mark.parametrize(("fmt", "line"), [
    # One form of words: "t.csv is CSV, which import does not read" beside it before.
    ("csv", "papers: error: t.csv is CSV: import cannot read it — export with -f json"),
    ("html", "papers: error: t.html is an HTML page: import cannot read it — export -f json"),
    ("atom", "papers: error: t.atom is an Atom feed: import cannot read it — export -f json")])
def test_an_export_that_cannot_be_read_back_fits_80_columns(
        library, fmt: str, line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers import t.csv` of a `-f csv` export took 133 columns; PAPERS_DEBUG says
    the whole of it."""
    assert library("export", "-n", "2", "-f", fmt, "-o", f"t.{fmt}").exit_code == 0
    result = library("import", f"t.{fmt}")
    assert result.exit_code == 1
    assert fits(result.stderr) == line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    assert one_line(library("import", f"t.{fmt}").stderr).endswith(
        "to move papers between libraries, export them with -f json, -f jsonl or -f bibtex "
        "and import that")


@pytest.mark.parametrize("other", ["--tag", "--watch"])
def test_like_with_tag_or_watch_fits_80_columns(library, home: Home, other: str) -> None:
    """"--like and --tag cannot be combined: each chooses the papers the list is ranked
    by — give one of them; to rank only some papers, add a filter (-k WORD, -F FAMILY)"
    took 179 columns."""
    write_config(home, '[watch.llava]\nkeywords = ["llava"]\n')
    result = library("for-you", "--like", "2401.01055", other,
                     "video" if other == "--tag" else "llava")
    assert result.exit_code == 2
    assert fits(result.stderr).startswith(f"papers: error: give --like or {other}, not both — ")


LONG = "a-name-pasted-by-mistake-" * 3  # (75 characters: quoted, cut after 60)


@pytest.mark.parametrize(("args", "config", "line"), [
    (("families", LONG), "",
     f"papers: error: no family '{LONG[:30]}…' — see papers families"),
    (("today", "-F", LONG, "--offline"), "",
     f"papers: error: no family '{LONG[:30]}…' — see papers families"),
    (("watch", "rm", LONG), "",
     f"papers: error: no watch '{LONG[:25]}…' — add one: papers watch add"),
    (("watch", "rm", LONG), '[watch.llava]\nkeywords = ["llava"]\n',
     f"papers: error: no watch named '{LONG[:30]}…' — watches: llava"),
    (("browse", "no+p"), "",  # (a plain word is a search's: `browse nope` says so)
     "papers: error: cannot browse 'no+p' — papers browse --help lists what it browses"),
    (("browse", "stared"), "", "papers: error: cannot browse 'stared' — did you mean starred?"),
    (("browse", LONG), "",
     f"papers: error: no view '{LONG[:27]}…' — see papers browse --help"),
    (("browse", "today", LONG), "",
     f"papers: error: browse today takes no argument (got '{LONG[:20]}…')"),
], ids=["families", "family-filter", "watch-rm-none", "watch-rm", "browse-nope",
        "browse-close", "browse-long", "browse-argument"])
def test_a_long_value_or_list_fits_80_columns(library, home: Home, args: tuple[str, ...],
                                              config: str, line: str) -> None:
    """A 60-character name quoted whole made 125-131 columns; `browse nope` listed every
    view (119 columns). A name is cut after the rest is said shorter."""
    if config:
        write_config(home, config)
    result = library(*args)
    assert result.exit_code == 2
    assert fits(result.stderr) == line


@pytest.mark.parametrize("kind", ["new", "for-you"])
def test_a_watch_given_to_browse_is_said_as_the_command_says_it(
        library, home: Home, kind: str) -> None:
    """`papers browse new llava` said "browse new takes no argument (got 'llava')",
    `papers new llava` "llava is a watch — did you mean papers new --watch llava?"."""
    write_config(home, '[watch.llava]\nkeywords = ["llava"]\n')
    browsed = library("browse", kind, "LLaVA")
    assert browsed.exit_code == 2
    assert fits(browsed.stderr) == (f"papers: error: llava is a watch — did you mean papers "
                                    f"{kind} --watch llava?")
    assert browsed.stderr == library(kind, "LLaVA").stderr
    other = library("browse", kind, "nope")  # (not a watch: a word -k takes, as the
    assert fits(other.stderr) == ("papers: error: extra argument 'nope' — did you mean "
                                  "-k nope?")  # command says it)
    assert other.stderr == library(kind, "nope").stderr


_SEED_ITEM = ('{"paper": {"id": "2401.01055", "title": "Cut", "authors": [], '
              '"publishedAt": "2024-01-02T00:00:00.000Z"}}')

# Files `papers import` cannot read, under names people give them, and each one's line:
# piped stderr (no terminal to squeeze a path for) said 96 to 170 columns.
IMPORT_REFUSALS: list[tuple[str, bytes, str | None]] = [
    # ("… ids, not papers — fetch them with `papers show - < out.ids`, or star them (your
    # reading list) with `papers star - < out.ids`": 166)
    ("out.ids", b"2401.01055\n2402.00001\n",
     "out.ids holds arXiv ids, not papers — feed it to papers star -"),
    # ("(Unterminated string starting at character 17)": Python's words, 134 columns)
    ("trunc.json", b'[{"paper": {"id": "2401.0',
     "trunc.json is cut off at line 1 — import it once it is whole"),
    ("bin.dat", bytes(range(128, 256)) * 2,
     "bin.dat is not UTF-8 text, so not JSON — see papers import --help"),
    ("papers.json", b'[\n  {"paper": {"id" "2401.01055"}}\n]',
     "papers.json is not valid JSON at line 2, column 19 — fix it there"),
    ("two.json", f'[{_SEED_ITEM} {{]'.encode(), None),  # (a paper kept before it: 169)
    ("idlist.json", b'["2401.01055", "2402.00001"]', None),
    ("wrapped.json", b'{"papers": [{"id": "2401.01055", "title": "x"}]}', None),
    ("pydict.json", b"[\"{'paper': {'id': '2401.01055'}}\"]", None),
    ("noid.json", b'[{"x": 1}, {"y": 2}]', None),
    ("scalar.json", b'"a string"', None),
    ("deep.json", b"[" * 100_000, None),
    ("papers.zip", b"PK\x03\x04rest", None),
    ("resp.json", b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[]", None),
    ("paper.pdf", b"%PDF-1.5\n", None),
    ("today.txt", b"Daily Papers, 2026-08-21\n", None),
    ("daily-papers-2026.csv", b"id,title,authors\n2401.01055,A,B\n",
     "daily-papers-2026.csv is CSV — export -f json"),
]


@pytest.mark.parametrize(("name", "data", "line"), IMPORT_REFUSALS,
                         ids=[name for name, _, _ in IMPORT_REFUSALS])
def test_every_import_refusal_fits_80_columns_when_piped(
        library, tmp_path: Path, name: str, data: bytes, line: str | None) -> None:
    """Each says what the file is and what to do in 80 columns, "papers: error: "
    included, with stderr piped; a JSON error says its line and column plainly."""
    path = Path(name)  # (in the working folder, named as typed)
    path.write_bytes(data)
    result = library("import", name, "--offline")
    assert result.exit_code == 1
    said = fits(result.stderr.splitlines()[-1] + "\n")
    if line is not None:
        assert said == f"papers: error: {line}"


@pytest.mark.parametrize(("data", "where"), [
    (b"[" + b"\n" * 1_500_000 + b'   {"id" 1}]', "line 1,500,001, column 10"),
    (b"[" + b" " * 2_500_000 + b'{"id" 1}]', "line 1, column 2,500,008"),
    (b"[\n" + b" " * 2_500_000 + b'\n  {"id" 1}]', "line 3, column 9")],
    ids=["many-lines", "one-long-line", "a-long-line-before"])
def test_a_json_error_far_in_a_big_file_says_its_line_and_column(
        papers, monkeypatch: pytest.MonkeyPatch, data: bytes, where: str) -> None:
    """The place is counted across the window the reader drops as it goes (a file is
    read a chunk at a time), as an editor shows it: it said "character 1500009"."""
    Path("big.json").write_bytes(data)
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # (the whole line: the reason and the place)
    result = papers("import", "big.json")
    assert result.exit_code == 1
    assert one_line(result.stderr).startswith(
        f"papers: error: big.json is not valid JSON (a ':' is missing at {where})")


# A folder of 70 characters, as an archive's dated one is named.
LONG_FOLDER = "papers-exports-from-the-daily-listings-archive-2026-08-kept-for-records"


def _in_long_folder(tmp_path: Path) -> Path:
    folder = tmp_path / LONG_FOLDER
    folder.mkdir()
    (folder / "notes.txt").write_text("hello world\n", encoding="utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "cut.json").write_text('[{"id": "x"', encoding="utf-8")
    (folder / "papers.json").mkdir()
    return folder


@pytest.mark.parametrize(("args", "said"), [
    (("import", "{}/notes.txt"), "is not JSON — see papers import --help"),
    (("import", "{}/empty.json"), "is empty — see papers import --help"),
    (("import", "{}/cut.json"), "is cut off at line 1 — import it once it is whole"),
    (("import", "{}/missing.json"), ": no such file"),
    (("import", "{}/papers.json"), "is a directory — give the files in it"),
    (("export", "-o", "{}/notes.txt"), "already exists — use --force to overwrite"),
    (("export", "-o", "{}/gone/out.md"), "does not exist — create it first"),
    (("export", "-o", "{}/notes.txt/out.md"), "is not a folder — choose another path"),
    (("export", "--split", "{}/notes.txt"), "is not a folder — choose another path"),
], ids=lambda value: " ".join(value).replace("{}/", "") if isinstance(value, tuple) else "")
def test_a_file_in_a_long_folder_is_named_in_80_columns(
        library, tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    """An import's or an export's error on a terminal named its file by the last
    folders that fit ("…/notes.txt": which of several alike folders?), or the whole
    path with a 70-character folder (`--split FILE` said it twice: 258 columns). The
    file's name is said whole, and its folder's start and end, the middle elided."""
    folder = _in_long_folder(tmp_path)
    shown = on_terminal([arg.replace("{}", str(folder)) for arg in args],
                        stdout_on_pty=False)
    assert shown.code == 1
    line = _error_row(shown.screen)
    assert cell_width(line) <= 80, line
    assert line.endswith(said), line
    assert "…" in line and f" /{tmp_path.parts[1][:2]}" in line, line  # (its folder's start)
    name = Path(args[-1]).name if args[0] == "import" else None
    assert name is None or f"/{name}" in line, line
