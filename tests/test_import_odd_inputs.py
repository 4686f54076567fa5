"""`papers import` of odd inputs: text in UTF-16, compressed or damaged files, binary data,
a JSON list of ids, `-` on a terminal. Each is read, or is one line and the right exit."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import installed_papers, one_line
from hubserver import seed_items

BIB = """@article{lee2024,
  title = {Caf\\'e Tables for Tokens},
  author = {Lee, Ann},
  year = {2024},
  eprint = {2401.01055},
  archivePrefix = {arXiv},
}
"""


@pytest.mark.parametrize(("encoding", "packed"), [
    ("utf-16", False), ("utf-16-le", False), ("utf-16-be", False), ("utf-32", False),
    ("utf-16", True)])
def test_json_in_utf16_or_utf32_is_read(papers: Any, tmp_path: Path, encoding: str,
                                        packed: bool) -> None:
    """What PowerShell's `>` writes (UTF-16 with a byte-order mark) said "not a JSON
    document (it starts with '\\ufffd')"; without the mark, "Expecting value"."""
    items = seed_items()[:3]
    data = json.dumps(items, ensure_ascii=False).encode(encoding)
    path = tmp_path / ("items.json.gz" if packed else "items.json")
    path.write_bytes(gzip.compress(data) if packed else data)
    result = papers("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "read 3 papers" in result.stderr
    assert len(papers("search", "--offline", "--json", "-n", "0").json) == 3


def test_bibtex_in_utf16_is_read(papers: Any, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(BIB.encode("utf-16"))
    result = papers("import", str(path), "--offline")
    assert result.exit_code == 0, result.stderr
    assert papers("show", "2401.01055", "--offline", "--json").json["title"] == (
        "Café Tables for Tokens")


@pytest.mark.parametrize("cut", [3, 9])
def test_gzip_damaged_from_its_start_is_said_so(papers: Any, tmp_path: Path, cut: int) -> None:
    """A .gz cut short in its first bytes said "is empty: nothing to import"."""
    path = tmp_path / "items.json.gz"
    path.write_bytes(gzip.compress(json.dumps(seed_items()).encode())[:cut])
    result = papers("import", str(path))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    # in 80 columns, the file named, what to do ("cannot read <its whole path>: its gzip
    # data ends early (a download that did not finish?)" ran past 80, and said no fix)
    assert line in ("papers: error: items.json.gz: its gzip data ends early",
                    "papers: error: items.json.gz: its gzip data is damaged"), line
    path.rename(tmp_path / "x.gz")
    with pytest.MonkeyPatch.context() as patch:  # a name that leaves room for the fix
        patch.chdir(tmp_path)
        assert one_line(papers("import", "x.gz").stderr) == (
            f"papers: error: x.gz: its gzip data {line.rpartition(' data ')[2]} — import the "
            "whole file")


def _zip(data: bytes) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("items.json", data)
    return out.getvalue()


@pytest.mark.parametrize(("pack", "says"), [
    (lzma.compress, "is xz-compressed"), (bz2.compress, "is bzip2-compressed"),
    (_zip, "is a zip archive"),
    (lambda data: b"\x28\xb5\x2f\xfd" + data, "is zstd-compressed"),
])
def test_other_compressions_say_unpack_it(papers: Any, tmp_path: Path, pack: Any,
                                          says: str) -> None:
    """They said "not a JSON document (it starts with 'B')" (or 'P', or '\\ufffd')."""
    path = tmp_path / "items.packed"
    path.write_bytes(pack(json.dumps(seed_items()).encode()))
    result = papers("import", str(path))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {path} {says}, not a file papers import reads"
                           " — unpack it first"), line


def _tar(data: bytes) -> bytes:
    import io
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        member = tarfile.TarInfo("items.json")
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize("name", ["items.tar", "items.tar.gz", "-"])
def test_a_tar_archive_says_unpack_it(papers: Any, tmp_path: Path, name: str) -> None:
    """A `.tar` or `.tar.gz` (gzip is read as it is) said "not a JSON document (it starts
    with 'i')", its first file's name: it is an archive, and the hint says how to unpack
    it."""
    packed = _tar(json.dumps(seed_items()).encode())
    if name == "-":
        result = papers("import", "-", input=packed)
        said, how = "standard input", "… | tar -x"
    else:
        path = tmp_path / name
        path.write_bytes(gzip.compress(packed) if name.endswith(".gz") else packed)
        result = papers("import", str(path))
        said, how = str(path), f"tar -xf {path}"
    assert result.exit_code == 1
    whole = (f"papers: error: {said} is a tar archive, not a file papers import reads — "
             f"unpack it first ({how}) and import the files in it")
    # (in 80 columns where the whole is longer, as piped: 112 for standard input)
    assert one_line(result.stderr) == (
        whole if name != "-" else f"papers: error: {said} is a tar archive — unpack it: {how}")


def test_a_file_gzipped_twice_says_so(papers: Any, tmp_path: Path) -> None:
    """It said "not a JSON document (it starts with U+001F)"."""
    path = tmp_path / "items.json.gz.gz"
    path.write_bytes(gzip.compress(gzip.compress(json.dumps(seed_items()).encode())))
    result = papers("import", str(path))
    assert result.exit_code == 1
    assert one_line(result.stderr).startswith(
        f"papers: error: {path} is gzipped twice, not a file papers import reads — unpack "
        "it first"), result.stderr


@pytest.mark.parametrize("status", ["HTTP/1.1 200 OK", "HTTP/2 200 "])
def test_an_http_response_with_its_headers_says_so(papers: Any, tmp_path: Path,
                                                   status: str) -> None:
    """`curl -i URL > items.json` (or httpie's --print=hb) said "not a JSON document (it
    starts with 'H')", which sent people looking for a broken download."""
    path = tmp_path / "items.json"
    path.write_bytes(f"{status}\r\ncontent-type: application/json\r\n\r\n".encode()
                     + json.dumps(seed_items()).encode())
    result = papers("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"papers: error: {path} is an HTTP response with its headers, not a JSON document "
        "— import the body alone: curl -s URL | papers import -\n")


@pytest.mark.parametrize(("data", "says", "brief"), [
    (b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n", "is a PDF: papers import cannot read it — to "
     "keep a paper, star it by its id: papers star ID",
     "is a PDF — to keep the paper, star it: papers star ID"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "is binary data or not UTF-8 text, not a JSON "
     "document — papers import --help says what it reads",
     "is not UTF-8 text, so not JSON — see papers import --help")], ids=["pdf", "png"])
def test_a_pdf_or_other_binary_file_says_what_it_is(papers: Any, tmp_path: Path, data: bytes,
                                                    says: str, brief: str) -> None:
    """A paper's PDF said "not a JSON document (it starts with '%')", a PNG "(it starts
    with '\ufffd')": the replacement character of its first byte, which is no UTF-8.
    Said in 80 columns beside a short name; beside a path no way of saying it fits
    (the path is kept whole), said in full. (The test's own folder, of a length that
    varies with where pytest puts it, had chosen between the two.)"""
    Path("file").write_bytes(data)
    result = papers("import", "file")
    assert result.exit_code == 1
    assert result.stderr == f"papers: error: file {brief}\n"
    path = tmp_path / ("deep" * 16) / "file"
    path.parent.mkdir()
    path.write_bytes(data)
    result = papers("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"papers: error: {path} {says}\n"


def _noise(size: int) -> bytes:
    """Bytes no text holds (what `head -c 4096 /dev/urandom` gives), the same each run."""
    import random

    return random.Random(4096).randbytes(size)


@pytest.mark.parametrize(("name", "data", "label"), [
    ("refs.bib", _noise(4096), "BibTeX"), ("refs.ris", _noise(4096), "RIS"),
    ("refs.bibtex", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "BibTeX"),
    ("REFS.RIS", b"\0\0\0\0TY  - JOUR\n", "RIS")])
def test_binary_data_named_as_references_says_what_it_was_taken_for(
        papers: Any, tmp_path: Path, name: str, data: bytes, label: str) -> None:
    """A .bib or .ris of binary data said "is not UTF-8 text, so not JSON": its name says
    BibTeX or RIS, and that is what it is not. A file of no such name is not told so."""
    (tmp_path / "cwd" / name).write_bytes(data)
    result = papers("import", name, "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    assert one_line(result.stderr) == (
        f"papers: error: {name} is binary data, not {label} — see papers import --help")
    (tmp_path / "cwd" / "refs.dat").write_bytes(data)
    other = one_line(papers("import", "refs.dat", "--offline").stderr)
    assert other.startswith("papers: error: refs.dat ") and label not in other, other


@pytest.mark.parametrize(("name", "text", "said"), [
    ("notes.bib", "Papers to cite:\n- the tokens one\n", "has no BibTeX entries"),
    ("notes.bib", "% a comment, and no entry\n", "has no BibTeX entries"),
    ("notes.ris", "Papers to cite:\nTI  - no TY line before it\n", "has no RIS records"),
    ("notes.ris", "Caf\xe9 au lait\n", "has no RIS records")])  # (Windows-1252: text)
def test_text_named_as_references_without_entries_says_so(
        papers: Any, tmp_path: Path, name: str, text: str, said: str) -> None:
    """A .bib or .ris of text that holds no entry said "is not JSON (it starts with
    'P')", or for a RIS file of no TY line nothing at all: read as its name says, it
    holds none of that format's entries."""
    (tmp_path / "cwd" / name).write_bytes(text.encode("cp1252"))
    result = papers("import", name, "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    line = one_line(result.stderr)
    assert line == f"papers: error: {name} {said} — see papers import --help", line
    assert len(line) <= 80


@pytest.mark.parametrize("cut", ['[{"paper": {"id": "2401.00002", "title": "Ha',
                                 '[{"paper": {"id": "2401.00002", "title": "Half"}},',
                                 '{"paper": {"id": 24'])
def test_a_file_cut_off_says_so_not_what_import_reads(papers: Any, tmp_path: Path,
                                                      cut: str) -> None:
    """A download cut off (or a file still being written as it was read) said "not valid
    JSON … — papers import --help says what it reads": its format is not what is wrong.
    A file broken before its end is still sent to --help."""
    path = tmp_path / "items.json"
    path.write_text(cut, encoding="utf-8")
    result = papers("import", str(path))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    # (its path said whole, piped: the shortest way to say it, not the whole message)
    assert line.startswith(f"papers: error: {path} is cut off"), line
    assert line.endswith(" — import it once it is whole"), line
    path.write_text('[{"paper": {"id": "2401.00002"}} {"paper": {}}]', encoding="utf-8")
    broken = one_line(papers("import", str(path)).stderr)
    assert "cut off" not in broken and broken.endswith("papers import --help"), broken


def test_an_empty_file_name_is_a_usage_error(papers: Any, tmp_path: Path) -> None:
    """`papers import ""` (an unset variable in a script) said ". is a directory"."""
    result = papers("import", "")
    assert result.exit_code == 2
    assert result.stderr == ("papers: error: FILE is an empty name — give a path, or - for "
                             "standard input\n")


def test_a_huge_sparse_file_is_binary_and_read_no_further(papers: Any, tmp_path: Path) -> None:
    """2 GB of NUL bytes (a sparse file, a disk image): refused at its start, as binary."""
    path = tmp_path / "sparse.json"
    with path.open("wb") as f:
        f.truncate(2 << 30)
    result = papers("import", str(path))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "is binary data, not a JSON document (it starts with a NUL byte)" in line


@pytest.mark.parametrize("ids", [["2401.01055", "2404.14047v2"], ["2401.01055"]])
def test_a_json_list_of_ids_is_an_error_that_says_how(papers: Any, tmp_path: Path,
                                                      ids: list[str]) -> None:
    """`["2401.01055", …]` said "skipped 2 unusable items (not an object; not an object)"
    and exit 0, importing nothing."""
    path = tmp_path / "ids.json"
    path.write_text(json.dumps(ids))
    result = papers("import", str(path))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "of arXiv ids, not papers" in line or "an arXiv id in JSON" in line
    assert f"with jq -r '.[]' {path} | papers show - (or star them: papers star -)" in line
    assert "`" not in line, line  # (commands bare, as every hint writes them)
    piped = papers("import", "-", input=json.dumps(ids))
    assert "`" not in one_line(piped.stderr) and "papers star -" in piped.stderr


def test_a_list_of_papers_and_an_id_is_read_as_before(papers: Any, tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(["2401.01055", *seed_items()[:2]]))
    result = papers("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "read 3 papers" in result.stderr and "1 skipped" in result.stderr


def test_dash_on_a_terminal_is_refused_not_waited_on(papers: Any) -> None:
    """`papers import -` typed at a prompt sat waiting for Ctrl-D with nothing shown."""
    master, slave = os.openpty()
    try:
        proc = subprocess.run([installed_papers(), "import", "-"], stdin=slave,
                              capture_output=True, text=True, timeout=30)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 2 and proc.stdout == ""
    assert one_line(proc.stderr) == (  # (in 80 columns: it made 126)
        "papers: error: - wants the file piped in — e.g. curl -s URL | papers import -")


def test_dash_with_standard_input_closed_says_it_is_closed(papers: Any) -> None:
    """`papers import - <&-` said standard input "is a terminal"."""
    proc = subprocess.run(["sh", "-c", '"$0" import - <&-', installed_papers()],
                          capture_output=True, text=True, timeout=30)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == ("papers: error: standard input is closed — e.g. curl -s URL | "
                           "papers import -\n")  # (in 80 columns: it made 121)


@pytest.mark.parametrize("name", ["/dev/stdin", "tty"])
def test_a_terminal_given_as_file_is_refused_not_waited_on(papers: Any, name: str) -> None:
    """`papers import /dev/stdin` typed at a prompt (or a terminal's own path) sat waiting
    for Ctrl-D with nothing shown, as `-` did; now it is one error line."""
    master, slave = os.openpty()
    path = name if name == "/dev/stdin" else os.ttyname(slave)
    try:
        proc = subprocess.run([installed_papers(), "import", path], stdin=slave,
                              capture_output=True, text=True, timeout=30)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 1 and proc.stdout == ""
    line = one_line(proc.stderr)
    assert len(line) <= 80, line  # ("/dev/stdin is a terminal, not a file — …" made 91)
    if name == "/dev/stdin":
        assert line == ("papers: error: /dev/stdin is a terminal — pipe the file in: … | "
                        "papers import -")
    else:
        assert line.startswith(f"papers: error: {path} is a terminal — pipe the file in"), line


@pytest.mark.parametrize(("encoding", "packed"), [
    ("utf-16", False), ("utf-32", False), ("utf-8", True), ("utf-16", True)])
def test_the_bar_of_a_recoded_or_gzipped_file_reaches_its_end(
        papers: Any, tmp_path: Path, encoding: str, packed: bool) -> None:
    """A UTF-16 file's bar stopped at half its size (UTF-32: a quarter), counting the
    UTF-8 its text became against the file's bytes; a gzipped one's had no total."""
    import re

    from conftest import stderr_on_terminal

    items = [{"paper": {"id": f"2403.{n:05d}", "title": f"Paper {n}", "summary": "s" * 200,
                        "authors": [{"name": "Ann Example"}]}} for n in range(300)]
    data = json.dumps(items).encode(encoding)
    path = tmp_path / "items.json"
    path.write_bytes(gzip.compress(data) if packed else data)
    code, _, text = stderr_on_terminal([installed_papers(), "import", str(path)])
    assert code == 0, text
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    frames = re.findall(r"importing items\.json ━+ ([\d.]+)/([\d.]+) kB", shown)
    assert frames, shown
    assert frames[-1][0] == frames[-1][1], frames
    assert float(frames[-1][1]) == round(path.stat().st_size / 1000, 1), frames


@pytest.mark.parametrize("kind", ["ris", "csljson"])
def test_a_ris_or_csl_json_file_has_a_progress_bar(papers: Any, tmp_path: Path,
                                                   kind: str) -> None:
    """A BibTeX file's reading moved a bar on a terminal; a RIS or CSL-JSON file's (an
    EndNote library's export is megabytes) showed nothing until the summary."""
    import re

    from conftest import stderr_on_terminal

    ids = [f"2401.{n:05d}" for n in range(200)]
    if kind == "ris":
        text = "".join(f"TY  - JOUR\nTI  - Entry {n}\nAB  - {'word ' * 40}\nUR  - "
                       f"https://arxiv.org/abs/{pid}\nER  - \n\n" for n, pid in enumerate(ids))
    else:
        text = json.dumps([{"id": f"key{n}", "type": "article", "title": f"Entry {n}",
                            "abstract": "word " * 40, "URL": f"https://arxiv.org/abs/{pid}"}
                           for n, pid in enumerate(ids)])
    path = tmp_path / "refs.txt"
    path.write_text(text, encoding="utf-8")
    code, _, shown = stderr_on_terminal([installed_papers(), "import", str(path), "--offline"])
    assert code == 0, shown
    frames = re.findall(r"importing refs\.txt ━+ ([\d.]+)/([\d.]+) kB",
                        re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown))
    assert frames, shown
    assert frames[-1][0] == frames[-1][1], frames


def test_a_broken_link_says_where_it_points(papers: Any, tmp_path: Path) -> None:
    """A link whose file is gone said "no such file" of a name `ls` lists."""
    link, chain = tmp_path / "items.json", tmp_path / "latest.json"
    link.symlink_to(tmp_path / "gone" / "items.json")
    chain.symlink_to(link)
    for given in (link, chain):
        result = papers("import", str(given))
        assert (result.exit_code, result.stdout) == (1, "")
        assert one_line(result.stderr) == (
            f"papers: error: {given} is a link to {tmp_path / 'gone' / 'items.json'}, which "
            "does not exist — give the file itself, or point the link at it")


def test_links_in_a_circle_are_said_so(papers: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    result = papers("import", str(first))
    assert (result.exit_code, result.stdout) == (1, "")
    assert one_line(result.stderr) == (f"papers: error: {first} is a link that leads in a "
                                       "circle — give the file itself, or point the link at it")


def test_a_file_one_may_not_read_says_so_and_what_to_do(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It said "cannot read FILE: Permission denied" and nothing to try. (The denial is
    the operating system's, given here as it gives it: tests may run as root.)"""
    path = Path("items.json")
    path.write_text(json.dumps(seed_items()[:1]), encoding="utf-8")
    path.chmod(0)
    opened = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    result = papers("import", "items.json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert one_line(result.stderr) == (  # (in 80 columns: "cannot read …" made 88)
        "papers: error: items.json: permission denied — its owner can let you read it")


def test_a_name_under_a_file_is_no_such_file(papers: Any, tmp_path: Path) -> None:
    """It said "cannot read x/items.json: Not a directory", which named no fix."""
    (tmp_path / "x").write_text("[]", encoding="utf-8")
    result = papers("import", str(tmp_path / "x" / "items.json"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert one_line(result.stderr) == (
        f"papers: error: {tmp_path / 'x' / 'items.json'}: no such file (a name on its path "
        "is a file, not a directory) — check the path")


def test_a_circle_or_a_name_under_a_file_is_said_in_80_columns(papers: Any) -> None:
    """A file named short was still said in 94 to 100 columns: the whole advice kept where
    the line has room for what is wrong and the first fix only."""
    Path("a.json").symlink_to("b.json")
    Path("b.json").symlink_to("a.json")
    Path("x").write_text("[]", encoding="utf-8")
    for given, expected in [
            ("a.json", "a.json is a link that leads in a circle — give the file itself"),
            ("x/items.json", "x/items.json: no such file (x is a file) — check the path")]:
        result = papers("import", given)
        assert (result.exit_code, result.stdout) == (1, "")
        assert one_line(result.stderr) == f"papers: error: {expected}"


def test_a_file_that_cannot_be_read_says_why_in_80_columns(
        papers: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any other failure to open it ("Input/output error") made 107 columns with its
    advice; the advice is said shorter where the whole does not fit."""
    Path("items.json").write_text("[]", encoding="utf-8")
    opened = Path.open

    def failing(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "items.json":
            raise OSError(5, "Input/output error", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing)
    result = papers("import", "items.json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert one_line(result.stderr) == ("papers: error: items.json: Input/output error — "
                                       "check the path, or copy the file")


def test_a_named_pipe_is_read_as_a_file(papers: Any, tmp_path: Path) -> None:
    """A FIFO (`<(curl ...)` in bash) is read to its end, not refused as not a file."""
    import threading

    pipe = tmp_path / "items.fifo"
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("w", encoding="utf-8") as out:
            out.write(json.dumps(seed_items()[:2]))

    writer = threading.Thread(target=write)
    writer.start()
    result = papers("import", str(pipe), "--offline")
    writer.join()
    assert result.exit_code == 0, result.stderr
    assert "read 2 papers" in result.stderr


@pytest.mark.parametrize("kind", ["ris", "bib"])
def test_a_utf8_file_with_a_damaged_byte_keeps_its_accents(papers: Any, tmp_path: Path,
                                                          kind: str) -> None:
    """One byte garbled near its start (a bad disk, a bad copy) and every accented name
    of the file came in as Windows-1252 ("SÃ¡ez"), the file said to be "not UTF-8"."""
    ids = ["2401.01055", "2402.00077", "2403.00033"]
    names = ["Sáez, Haitz", "Lavò, Pietro", "Weidemark, Thaddäus"]
    if kind == "ris":
        text = "".join(f"TY  - JOUR\nTI  - Paper {n} \x00\nAU  - {name}\nUR  - "
                       f"https://arxiv.org/abs/{pid}\nER  - \n\n"
                       for n, (pid, name) in enumerate(zip(ids, names, strict=True)))
    else:
        text = "".join(f"@article{{k{n},\n  title = {{Paper {n} \x00}},\n  author = {{{name}}},"
                       f"\n  eprint = {{{pid}}},\n  archivePrefix = {{arXiv}},\n}}\n\n"
                       for n, (pid, name) in enumerate(zip(ids, names, strict=True)))
    data = text.encode("utf-8").replace(b"\x00", b"\xff", 1).replace(b"\x00", b"")
    path = tmp_path / f"refs.{kind}"
    path.write_bytes(data)
    result = papers("import", str(path), "--offline")
    assert result.exit_code == 0, result.stderr
    assert "not UTF-8" not in result.stderr
    authors = {pid: papers("show", pid, "--offline", "--json").json["authors"] for pid in ids}
    assert authors == {"2401.01055": ["Haitz Sáez"], "2402.00077": ["Pietro Lavò"],
                       "2403.00033": ["Thaddäus Weidemark"]}


def _jsonl(items: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(item).encode() + b"\n" for item in items)


def test_a_garbled_line_of_json_lines_is_skipped_and_the_rest_read(
        papers: Any, tmp_path: Path) -> None:
    """A byte garbled in one line (a bad disk, a bad copy) lost every paper after it: the
    import stopped there. A snapshot's bad line is skipped; so is this one now."""
    items = seed_items()[:4]
    lines = _jsonl(items).split(b"\n")
    lines[1] = lines[1].replace(b'":', b'"\xff', 1)  # a key's colon garbled
    path = tmp_path / "papers.jsonl"
    path.write_bytes(b"\n".join(lines))
    result = papers("import", str(path), "--offline")
    assert (result.exit_code, result.stdout) == (0, "")
    warning, summary = result.stderr.splitlines()
    # (why, in 80 columns, without its parenthesis, where whole it does not fit: 88)
    assert warning == "papers: warning: skipped 1 unusable item (item 2: not valid JSON)"
    why = papers("import", str(path), "--offline", "--json").json["skipped_reasons"]
    assert why[0].startswith("item 2: not valid JSON (a ':' is missing at line 2, column ")
    assert summary == "papers: read 4 papers from 1 file: 3 new, 1 skipped"
    found = papers("search", "--offline", "--json", "-n", "0").ids
    assert sorted(found) == sorted(item["paper"]["id"] for n, item in enumerate(items)
                                   if n != 1)


def test_json_lines_cut_in_its_last_line_says_so_and_what_it_skipped(
        papers: Any, tmp_path: Path) -> None:
    items = seed_items()[:4]
    lines = _jsonl(items).split(b"\n")
    lines[1] = lines[1][:40] + b"\xff" + lines[1][41:]
    path = tmp_path / "papers.jsonl"
    path.write_bytes(b"\n".join(lines)[:-200])
    result = papers("import", str(path), "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {path} is cut off")  # (said whole: the gist)
    assert line.endswith("; 2 papers before it kept, 1 unusable item skipped — import it "
                         "once it is whole"), line


def test_a_broken_object_of_pretty_printed_json_still_stops_the_file(
        papers: Any, tmp_path: Path) -> None:
    """Objects one after another over many lines are no JSON Lines: a line after a
    broken one is no start of an item, and reading on would count every line bad."""
    items = seed_items()[:3]
    shown = [json.dumps(item, indent=2) for item in items]
    shown[1] = shown[1].replace('"title"', '"title" 1', 1)
    path = tmp_path / "papers.json"
    path.write_text("\n".join(shown), encoding="utf-8")
    result = papers("import", str(path), "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {path} is not valid JSON at line "), line
    assert "; 1 paper before it kept" in line, line


def test_a_cut_off_file_that_kept_papers_says_how_many_in_80_columns(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON export cut off after some papers kept them, but the line that fits 80
    columns was "trunc.json is cut off — import it once it is whole", exit 1: read as
    though nothing had come in. The count stays in the line."""
    items = seed_items()[:6]
    text = json.dumps(items, indent=2)
    cut = text[:text.index(items[3]["paper"]["id"])]  # three whole, the fourth begun
    monkeypatch.chdir(tmp_path)
    Path("trunc.json").write_text(cut, encoding="utf-8")
    result = papers("import", "trunc.json", "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    [line] = result.stderr.splitlines()
    assert len(line) <= 80, line
    assert line.startswith("papers: error: trunc.json is cut off"), line
    assert "; 3 papers before it kept" in line, line
    found = papers("search", "--offline", "--json", "-n", "0").ids
    assert sorted(found) == sorted(item["paper"]["id"] for item in items[:3])
