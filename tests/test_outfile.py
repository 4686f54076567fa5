"""`-o FILE`: no clobbering without --force, atomic replacement, one-line errors."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

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
    assert "No space left on device" in info.value.message
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


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "notes" / "papers.md"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="already exists"):
        write_output(link, "new\n")
    assert write_output(link, "new\n", force=True) == real.resolve()
    assert link.is_symlink() and real.read_text() == "new\n"
    assert names(real.parent) == ["papers.md"]


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
