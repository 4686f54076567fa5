"""Documents on a stdout that is not UTF-8 (PYTHONIOENCODING=latin-1, an ASCII locale on a
terminal, a cp1252 console): JSON escapes what is not ASCII, BibTeX writes LaTeX's
accents, CSV, Markdown and RIS are written as UTF-8 with one warning; none loses a letter
to a "?" or an accent. Run as real processes: the stream's encoding is the process's."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import Home, installed_papers, on_terminal
from hubserver import seed_items

# Made-up people and titles, in several scripts.
PEOPLE = {
    "2401.01055": ["Lüder Müller", "Zoë Çelik", "Jiří Dvořák"],
    "2404.14047": ["李明", "Sørina Łukasiewicz", "Nguyễn Văn An"],
}
TITLES = {"2401.01055": "Naïve façades: a ζ-study"}
ASCII_ONLY = "2405.18377"  # (the seed's own: ASCII throughout)
NOT_UTF8 = ["latin-1", "ascii", "cp1252"]


@pytest.fixture
def named(papers, home: Home, tmp_path: Path):  # type: ignore[no-untyped-def]
    items = []
    for item in seed_items():
        pid = item["paper"]["id"]
        if pid in PEOPLE:
            item = copy.deepcopy(item)
            item["paper"]["authors"] = [{"name": n} for n in PEOPLE[pid]]
            if pid in TITLES:
                item["paper"]["title"] = item["title"] = TITLES[pid]
        items.append(item)
    src = tmp_path / "named.json"
    src.write_text(json.dumps(items, ensure_ascii=True), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    return papers


def run(*args: str, encoding: str | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    """`papers ARGS` as a process with stdout and stderr piped, their bytes as written."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run([installed_papers(), *args], capture_output=True, env=env,
                          timeout=60, cwd=cwd)


@pytest.mark.parametrize("encoding", NOT_UTF8)
@pytest.mark.parametrize("args", [("export", "-f", "json"), ("export", "-f", "jsonl"),
                                  ("export", "-f", "csljson"),
                                  ("search", "--offline", "--json", "-n", "0")])
def test_json_is_the_same_data_in_ascii(named, encoding: str, args: tuple[str, ...]) -> None:
    """Every name was cut to what the encoding had ("J?rgen", "??" for 李明, or "Jurgen"
    and "Celik"): now each character that is not ASCII is its \\uXXXX escape, the same
    JSON, as json.dumps writes it by default."""
    utf8 = run(*args)
    other = run(*args, encoding=encoding)
    assert utf8.returncode == other.returncode == 0, other.stderr
    assert other.stdout.isascii()
    assert b"\\u00fc" in other.stdout and b"\\u674e" in other.stdout  # ü, 李
    assert other.stderr == b""  # nothing lost: nothing to warn of

    def data(raw: bytes) -> object:
        text = raw.decode("utf-8")
        return ([json.loads(line) for line in text.splitlines()] if "jsonl" in args
                else json.loads(text))

    assert data(other.stdout) == data(utf8.stdout)
    assert "Müller" in utf8.stdout.decode("utf-8")  # (the names themselves)


def test_bibtex_writes_latex_accents_where_needed(named) -> None:
    """A .bib to a latin-1 stdout had "J?rgen" (or "Jurgen") in it: now LaTeX's accents,
    which `papers import` (and bibtex) read back as the letters, and only for those."""
    other = run("export", "-f", "bibtex", "2401.01055", encoding="latin-1")
    assert other.returncode == 0, other.stderr
    assert other.stdout.isascii() and other.stderr == b""
    text = other.stdout.decode("ascii")
    assert r'L{\"u}der M{\"u}ller' in text and r'Zo{\"e} {\c{C}}elik' in text, text
    assert r"Ji{\v{r}}{\'\i} Dvo{\v{r}}{\'a}k" in text, text
    assert r"Na{\"\i}ve fa{\c{c}}ades" in text, text
    same = run("export", "-f", "bibtex", "2401.01055")
    assert same.stdout.decode("utf-8").count("{\\") < text.count("{\\")  # (UTF-8: as is)


def test_bibtex_accents_read_back_as_the_names(named) -> None:
    """The accents are those `papers import` decodes: the names come back whole."""
    from papercli.bibimport import tex_accents

    bib = run("export", "-f", "bibtex", "2401.01055", encoding="ascii")
    assert bib.returncode == 0 and bib.stdout.isascii(), bib.stderr
    authors = next(line for line in bib.stdout.decode("ascii").splitlines()
                   if line.strip().startswith("author = "))
    names = authors.split("{", 1)[1].rsplit("}", 1)[0]
    assert tex_accents(names).split(" and ") == PEOPLE["2401.01055"]


def test_bibtex_with_a_name_latex_cannot_write_is_utf8_with_a_warning(named) -> None:
    """李明 has no LaTeX accent, nor has "ễ" one `papers import` reads back: the entry is
    written as UTF-8 (as -o writes it), the rest of it in LaTeX's accents, and one warning
    says so."""
    other = run("export", "-f", "bibtex", "2404.14047", encoding="latin-1")
    assert other.returncode == 0, other.stderr
    text = other.stdout.decode("utf-8")
    assert "李明" in text and r"S{\o}rina {\L}ukasiewicz" in text, text
    assert r"Nguyễn V{\u{a}}n An" in text, text
    lines = other.stderr.decode("latin-1").splitlines()
    assert len(lines) == 1 and lines[0].startswith("papers: warning: wrote UTF-8"), lines
    assert len(lines[0]) <= 80


@pytest.mark.parametrize("encoding", NOT_UTF8)
@pytest.mark.parametrize("fmt,ext", [("csv", "csv"), ("md", "md"), ("ris", "ris")])
def test_text_formats_are_written_as_utf8_with_one_warning(named, tmp_path: Path,
                                                           encoding: str, fmt: str,
                                                           ext: str) -> None:
    """A CSV, Markdown or RIS export to a latin-1 stdout had "?" for 李明 (ascii: for
    every accent too, or "Celik"): now the very bytes -o writes (always UTF-8), and one
    warning on stderr, in 80 columns, saying so."""
    out = tmp_path / f"papers.{ext}"
    written = run("export", "-f", fmt, "-o", str(out), encoding=encoding)
    assert written.returncode == 0, written.stderr
    other = run("export", "-f", fmt, encoding=encoding)
    assert other.returncode == 0, other.stderr
    expected = out.read_bytes().removeprefix(b"\xef\xbb\xbf")  # (a CSV file's BOM)
    assert other.stdout == expected
    assert "李明" in other.stdout.decode("utf-8")
    lines = other.stderr.decode(encoding, "replace").splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("papers: warning: wrote UTF-8, not "), lines
    assert len(lines[0]) <= 80, lines


@pytest.mark.parametrize("spelled", ["latin-1", "ISO-8859-1:strict", "ISO-8859-15",
                                     "US-ASCII"])
def test_the_warning_names_the_encoding_as_the_user_set_it(named, spelled: str) -> None:
    """The warning said Python's name for the encoding ("iso8859-1", "iso8859-15") to
    whoever set PYTHONIOENCODING=latin-1: now it says PYTHONIOENCODING's own (without
    its `:errors`), in 80 columns."""
    other = run("export", "-f", "md", encoding=spelled)
    assert other.returncode == 0, other.stderr
    lines = other.stderr.decode("latin-1").splitlines()
    name = spelled.partition(":")[0]
    assert len(lines) == 1 and lines[0].startswith(f"papers: warning: wrote UTF-8, not "
                                                   f"{name} "), lines
    assert lines[0].endswith(" read it as UTF-8 or use -o FILE") and len(lines[0]) <= 80


@pytest.mark.parametrize("fmt", ["csv", "ris", "bibtex"])  # (Markdown has its own "·")
def test_an_ascii_document_needs_no_warning(named, fmt: str) -> None:
    other = run("export", "-f", fmt, ASCII_ONLY, encoding="ascii")
    assert other.returncode == 0, other.stderr
    assert other.stdout == run("export", "-f", fmt, ASCII_ONLY).stdout
    assert other.stdout.isascii() and other.stderr == b""


def test_a_listing_degrades_on_a_latin1_pipe(named) -> None:
    """A table is for reading: piped with PYTHONIOENCODING=latin-1, what latin-1 has is
    kept, what it lacks is ?, never a traceback."""
    other = run("search", "--offline", "-n", "0", encoding="latin-1")
    assert other.returncode == 0, other.stderr
    shown = other.stdout.decode("latin-1")
    assert "Lüder Müller" in shown and "Naïve façades" in shown
    assert "Traceback" not in other.stderr.decode("latin-1")


def test_json_on_an_ascii_terminal_keeps_every_letter(named) -> None:
    """On a terminal under an ASCII locale, --json showed "Luder Muller" and "??": now
    the same escapes as piped, which any terminal shows and jq reads back."""
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "NO_COLOR": "1"}
    shown = on_terminal(["export", "-f", "json", "2404.14047"], cols=200, rows=500, env=env)
    assert shown.code == 0
    text = shown.screen.decode("ascii").replace("\r\n", "\n")
    data = json.loads(text[text.index("["):])
    assert data[0]["authors"] == PEOPLE["2404.14047"]
