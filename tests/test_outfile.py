"""`-o FILE`: no clobbering without --force, atomic replacement, one-line errors."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from conftest import one_line
from papercli.errors import OutputError
from papercli.outfile import write_output


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_new_file_exactly(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    text = "id,title\r\n1,Müller 王\r\n"
    written = write_output(target, text)
    assert written == target.resolve() and written.is_absolute()
    assert target.read_bytes() == text.encode("utf-8")  # no newline translation
    assert names(tmp_path) == ["out.csv"]


def test_relative_and_home_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert write_output("rel.md", "x\n") == (tmp_path / "rel.md").resolve()
    monkeypatch.setenv("HOME", str(tmp_path))
    assert write_output("~/home.md", "y\n") == (tmp_path / "home.md").resolve()
    assert (tmp_path / "home.md").read_text() == "y\n"


def test_refuses_to_clobber_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("first\n")
    before = target.stat()
    with pytest.raises(OutputError) as info:
        write_output(target, "second\n")
    assert str(target) in info.value.message and "already exists" in info.value.message
    assert info.value.hint == "use --force to overwrite"
    assert target.read_text() == "first\n"
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert names(tmp_path) == ["out.md"]


def test_force_overwrites_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("first\n")
    target.chmod(0o640)
    write_output(target, "second\n", force=True)
    assert target.read_text() == "second\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert names(tmp_path) == ["out.md"]


def test_new_file_mode_follows_the_umask(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "out.md"
    write_output(target, "x\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600


@pytest.mark.parametrize("fail_at", ["replace", "fsync", "write"])
def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str
) -> None:
    target = tmp_path / "out.md"
    target.write_text("original\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if fail_at == "write":
        real_fdopen = os.fdopen

        class Broken:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> Broken:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()  # type: ignore[attr-defined]

            def write(self, text: str) -> int:
                self.handle.write(text[: len(text) // 2])  # type: ignore[attr-defined]
                boom()
                return 0

        monkeypatch.setattr(os, "fdopen", lambda *a, **k: Broken(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(os, fail_at, boom)
    with pytest.raises(OutputError) as info:
        write_output(target, "new content\n" * 1000, force=True)
    assert info.value.message.endswith(": the disk is full")
    assert info.value.hint == "free some space and try again"
    assert str(target) in info.value.message and "\n" not in info.value.message
    assert target.read_text() == "original\n"
    assert names(tmp_path) == ["out.md"]


def test_an_interrupted_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.md"

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_output(target, "x\n")
    assert names(tmp_path) == []


def test_a_failed_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(src: str, dst: str, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", boom)
    monkeypatch.setattr(os, "link", boom)  # a new file gets its name by an exclusive link
    with pytest.raises(OutputError, match="Input/output error"):
        write_output(tmp_path / "new.md", "x\n")
    assert names(tmp_path) == []


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "dir" / "out.md"
    with pytest.raises(OutputError) as info:
        write_output(target, "x")
    assert str(target) in info.value.message and "does not exist" in info.value.message
    assert not (tmp_path / "missing").exists()


def test_a_file_as_the_folder(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("keep")
    target = tmp_path / "file.txt" / "out.md"
    with pytest.raises(OutputError) as info:
        write_output(target, "x", force=True)
    assert str(target) in info.value.message and "not a folder" in info.value.message
    assert (tmp_path / "file.txt").read_text() == "keep"


def test_a_directory_as_the_target(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for target in (tmp_path / "sub", tmp_path):
        with pytest.raises(OutputError) as info:
            write_output(target, "x", force=True)
        assert str(target) in info.value.message and "is a directory" in info.value.message
    assert names(tmp_path) == ["sub"] and names(tmp_path / "sub") == []


def test_permission_denied_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def denied(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_EXCL:  # the temporary file's exclusive creation
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    target = tmp_path / "out.md"
    with pytest.raises(OutputError) as info:
        write_output(target, "x")
    assert info.value.message == f"cannot write {target}: Permission denied"
    assert names(tmp_path) == []


@pytest.mark.parametrize("where", ["/dev/full", "file"])
def test_a_full_disk_under_o_says_what_to_do(library, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             where: str) -> None:
    """`-o FILE` on a full disk said "cannot write FILE: No space left on device" and
    nothing to do, while the same export to stdout said "the disk is full — free some
    space and try again": the file is named with those words too."""
    if where == "/dev/full":
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full here")
        target = "/dev/full"  # (every write: ENOSPC)
    else:
        target = str(tmp_path / "refs.bib")

        def full(fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
    before = names(tmp_path)
    result = library("export", "--format", "bibtex", "-o", target)
    assert result.exit_code == 1 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {target}: ") or line.startswith(
        f"papers: error: cannot write {target}: "), line
    assert line.endswith(": the disk is full — free some space and try again"), line
    if where == "file":
        assert names(tmp_path) == before  # (no refs.bib, no temporary file)
    else:
        assert len(line) <= 80, line  # (the path short enough to fit)


@pytest.mark.parametrize("force", [False, True])
def test_a_symlink_to_a_file_is_never_written_through(tmp_path: Path, force: bool) -> None:
    """A link at FILE (planted in a shared folder, pointing at ~/.bashrc) is refused with
    or without --force: its target is left alone, the link stays, nothing else is made."""
    real = tmp_path / "home" / ".bashrc"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "today.csv"
    link.symlink_to(real)
    with pytest.raises(OutputError) as info:
        write_output(link, "new\n", force=force)
    assert info.value.message == f"{link} is a symbolic link to {real.resolve()}"
    assert "never written through links" in (info.value.hint or "")
    assert link.is_symlink() and real.read_text() == "old\n"
    assert names(real.parent) == [".bashrc"] and names(tmp_path) == ["home", "today.csv"]


def test_a_link_in_the_folder_path_is_followed(tmp_path: Path) -> None:
    """The folder a user typed may be a link (~/notes -> /data/notes): only the file's own
    name is never a link."""
    (tmp_path / "data").mkdir()
    (tmp_path / "notes").symlink_to(tmp_path / "data", target_is_directory=True)
    write_output(tmp_path / "notes" / "papers.md", "new\n")
    assert (tmp_path / "data" / "papers.md").read_text() == "new\n"


def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    write_output(fifo, "through the pipe\n")  # no --force needed: nothing to clobber
    reader.join(timeout=10)
    assert got == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert names(tmp_path) == ["pipe"]


@pytest.mark.parametrize("command", [("export",), ("today", "--offline"),
                                     ("trends", "--format", "csv")])
def test_a_command_never_writes_through_a_link_at_its_output(library, tmp_path: Path,
                                                              command: tuple[str, ...]) -> None:
    """`-o FILE --force` where FILE is a link to another file: one line, exit 1, and that
    file is untouched (this once replaced /etc/passwd when run as root)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    done = library(*command, "-o", str(link), "--force")
    assert done.exit_code == 1, done.stderr
    # (`today` showing the library's latest day says which first: CSV has no title)
    said = "\n".join(line for line in done.stderr.splitlines() if " shown (latest" not in line)
    assert one_line(said) == (
        f"papers: error: {link} is a symbolic link to {victim.resolve()} — give that path "
        "itself, or remove the link")  # (piped, the paths whole: the line's shorter hint)
    assert victim.read_text() == "keep me\n" and link.is_symlink() and done.stdout == ""


@pytest.mark.parametrize("target", ["real.bib", None], ids=["to-a-file", "dangling"])
def test_a_link_at_the_output_is_said_in_80_columns(library, tmp_path: Path,
                                                    target: str | None) -> None:
    """`-o refs.bib` where refs.bib is a link (to a file, or to nothing): the line was
    117 to 145 columns piped with a short name ("… — files are never written through
    links: give that path itself, or remove the link"); it fits 80, says it is a link
    and what to do, and nothing is written through it."""
    from papercli.terminal import cell_width

    work = tmp_path / "cwd"  # (the run's working directory)
    real = work / (target or "gone.bib")
    if target:
        real.write_text("keep me\n")
    (work / "refs.bib").symlink_to(real.name)
    done = library("export", "-f", "bibtex", "-o", "refs.bib", "--force")
    assert done.exit_code == 1 and done.stdout == ""
    line = one_line(done.stderr)
    assert cell_width(line) <= 80, line
    assert line.startswith("papers: error: refs.bib is a "), line
    assert " link" in line and " — remove it" in line, line
    assert (work / "refs.bib").is_symlink()
    assert real.read_text() == "keep me\n" if target else not real.exists()


def _papers_with_stdout(args: list[str], stdout: IO[str], **kwargs: Any
                        ) -> subprocess.CompletedProcess[str]:
    """The installed `papers ARGS` as its own process, its stdout the file given (as a
    shell's `> out.md` makes it)."""
    from conftest import installed_papers

    return subprocess.run([installed_papers(), *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=120, **kwargs)


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_dev_stdout_redirected_to_a_file_gets_the_output(library, tmp_path: Path,
                                                         name: str) -> None:
    """`papers export -o /dev/stdout > out.md` was "/dev/stdout is a symbolic link to
    …/out.md — leave out -o" (exit 1), though the user chose that file: a name for the
    process's own descriptor is written through the descriptor, and `>>` still appends."""
    ids = library("export", "--format", "ids").stdout
    assert len(ids.split()) == 19
    (tmp_path / "shell").mkdir()
    out = tmp_path / "shell" / "out.md"
    with out.open("w") as handle:
        done = _papers_with_stdout(["export", "--format", "ids", "-o", name], handle)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == ids
    assert one_line(done.stderr) == f"papers: wrote 19 papers to {name}"
    with out.open("a") as handle:  # `>>`: at the end, not over the start
        again = _papers_with_stdout(["export", "--format", "ids", "-o", name], handle)
    assert again.returncode == 0, again.stderr
    assert out.read_text() == ids + ids
    assert names(out.parent) == ["out.md"]


def test_a_descriptor_the_shell_gave_is_written_to(library, tmp_path: Path) -> None:
    """`3>log.md papers export -o /dev/fd/3`: the file behind descriptor 3 gets it."""
    ids = library("export", "--format", "ids").stdout
    log = tmp_path / "log.md"
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with (tmp_path / "stdout").open("w") as handle:
            done = _papers_with_stdout(["export", "--format", "ids", "-o", f"/dev/fd/{fd}"],
                                       handle, pass_fds=(fd,))
    finally:
        os.close(fd)
    assert done.returncode == 0, done.stderr
    assert log.read_text() == ids and (tmp_path / "stdout").read_text() == ""


def test_a_link_elsewhere_to_dev_stdout_is_still_refused(library, tmp_path: Path) -> None:
    """Only the names of the process's own descriptors are taken as chosen: a link planted
    at `-o FILE` that leads to /dev/stdout is a link like any other."""
    out = tmp_path / "out.md"
    link = tmp_path / "today.md"
    link.symlink_to("/dev/stdout")
    with out.open("w") as handle:
        done = _papers_with_stdout(["export", "-o", str(link), "--force"], handle)
    assert done.returncode == 1
    assert one_line(done.stderr) == (
        f"papers: error: {link} is a symbolic link to {out.resolve()} — give that path "
        "itself, or remove the link")  # (piped, the paths whole: the line's shorter hint)
    assert out.read_text() == "" and link.is_symlink()


def test_a_descriptor_papers_opened_itself_is_never_written(tmp_path: Path) -> None:
    """`-o /dev/fd/3` where no descriptor 3 was given names a file papers opened (its
    library, say): refused, the file untouched; a descriptor not open is said so."""
    own = tmp_path / "library.db"
    own.write_text("keep me\n")
    # (Python opens files non-inheritable, as SQLite does)
    with own.open("a") as handle, pytest.raises(OutputError) as info:
        write_output(f"/dev/fd/{handle.fileno()}", "new\n")
    assert info.value.message.endswith(" names a file papers opened, not one it was given")
    assert own.read_text() == "keep me\n"
    with pytest.raises(OutputError) as closed:
        write_output("/proc/self/fd/987654", "new\n")
    assert closed.value.message == "/proc/self/fd/987654 names descriptor 987654, which is not open"


@pytest.mark.parametrize("prefix", ["/dev/fd/", "/proc/self/fd/"])
def test_a_descriptor_refused_is_said_in_80_columns(library, tmp_path: Path,
                                                    prefix: str) -> None:
    """`-o /proc/self/fd/N` naming a file papers opened itself, or a descriptor not open,
    was refused in 81 to 98 columns ("/proc/self/fd/3 names a file papers opened, not one
    it was given — give a file name"): each is one line in 80, naming the path."""
    own = tmp_path / "own.txt"
    own.write_text("keep me\n")
    with own.open("a") as handle:  # (non-inheritable, as papers' own files are)
        mine = f"{prefix}{handle.fileno()}"
        opened = library("export", "--format", "ids", "-o", mine)
    closed = library("export", "--format", "ids", "-o", f"{prefix}987654")
    for result, name in ((opened, mine), (closed, f"{prefix}987654")):
        assert result.exit_code == 1 and result.stdout == ""
        line = one_line(result.stderr)
        assert line.startswith(f"papers: error: {name}") and len(line) <= 80, line
        assert line.endswith(" — give a file name")
    assert "papers opened" in opened.stderr and "not open" in closed.stderr
    assert own.read_text() == "keep me\n"


def test_dash_as_the_output_is_stdout(library, papers, tmp_path: Path) -> None:
    """`-o -` (stdout for curl, wget and sort) made a file named `-` in the current folder."""
    here = Path.cwd()
    before = sorted(here.iterdir())
    plain = library("export", "--format", "ids")
    dash = library("export", "--format", "ids", "-o", "-")
    assert dash.exit_code == 0, dash.stderr
    assert dash.stdout == plain.stdout and len(dash.stdout.split()) == 19
    assert sorted(here.iterdir()) == before and not (here / "-").exists()
    named = library("export", "--format", "ids", "-o", str(here / "-"))  # a file named -
    assert named.exit_code == 0 and (here / "-").read_text() == plain.stdout


@pytest.mark.parametrize("command", [("export",), ("search", "llava"), ("trends",),
                                     ("today", "--offline")])
def test_a_folder_as_the_output_is_one_line_saying_to_name_a_file(
        library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...]) -> None:
    """`papers export -o /tmp` said Click's "--output: File '/tmp' is a directory — see
    'papers export --help'", naming no way out, and `-o exports/` (no such folder yet)
    wrote a file named `exports`: both are a usage error, before anything is read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    for folder in ("notes", "notes/", "."):
        done = library(*command, "-o", folder)
        assert (done.exit_code, done.stdout) == (2, "")
        assert one_line(done.stderr) == (
            f"papers: error: --output {folder} is a directory — give a file name")
    before = names(tmp_path)
    slash = library(*command, "-f", "json", "-o", "exports/")
    assert (slash.exit_code, slash.stdout) == (2, "")
    assert one_line(slash.stderr) == (
        "papers: error: --output exports/ names a folder — give a file name")
    assert names(tmp_path) == before  # (no file named `exports`)
    long = library(*command, "-o", str(tmp_path / ("n" * 80)) + "/")  # (80 columns)
    assert one_line(long.stderr) == "papers: error: --output names a folder — give a file name"
