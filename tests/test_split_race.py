"""`-o FILE` and `export --split DIR` cannot be redirected, and leave no temporary file.

Real races: a thread plants symbolic links (aimed at a file outside the folder) at the names
the export is about to write while it runs; a folder of the path is swapped for a link
mid-run; a real SIGINT or SIGTERM reaches a real `papers` process mid-export.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import Shell, installed_papers, interrupt_when, one_line
from papercli.errors import OutputError
from papercli.outfile import write_output

ROUNDS = 30
VICTIM = "the user's own file: never to be touched\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "victim.txt"
    path.parent.mkdir()
    path.write_text(VICTIM, encoding="utf-8")
    return path


def note_names(shell: Shell, tmp_path: Path) -> list[str]:
    """The names `--split` gives the library's notes, from a first real export."""
    probe = tmp_path / "probe"
    code, _, err = shell("export", "--split", str(probe))
    assert code == 0, err
    return sorted(p.name for p in probe.iterdir())


class Planter(threading.Thread):
    """Plants links to `victim` at `names` in `folder`, over and over, until stopped.

    With `after`, it waits until `after(entries)` holds for the folder's entries first (a
    note or a temporary file exists: the export has started writing), so the links
    appear after every check the export could make."""

    def __init__(self, folder: Path, names: list[str], victim: Path,
                 after: Callable[[list[os.DirEntry[str]]], bool] | None = None) -> None:
        super().__init__(daemon=True)
        self.folder, self.names, self.victim, self.after = folder, names, victim, after
        self.done = threading.Event()
        self.planted = 0

    def run(self) -> None:
        while self.after is not None and not self.done.is_set():
            if self.after(list(os.scandir(self.folder))):
                break
        while not self.done.is_set():
            for name in self.names:
                try:
                    os.symlink(self.victim, self.folder / name)
                    self.planted += 1
                except FileExistsError:
                    pass
            time.sleep(0)

    def __enter__(self) -> Planter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.join(timeout=30)


def a_note(entries: list[os.DirEntry[str]]) -> bool:
    return any(e.is_file(follow_symlinks=False) and not e.name.startswith(".")
               for e in entries)


def a_temp(entries: list[os.DirEntry[str]]) -> bool:
    return any(e.name.startswith(".") for e in entries)


def check_vault(vault: Path, names: list[str], victim: Path) -> tuple[int, int]:
    """Every entry is a planted link or a whole note of ours, no temporary file; the victim
    is intact. Returns (notes, links)."""
    assert victim.read_text(encoding="utf-8") == VICTIM
    notes = links = 0
    for entry in vault.iterdir():
        assert entry.name in names, entry.name  # no `.…tmp` left behind
        if entry.is_symlink():
            assert Path(os.readlink(entry)) == victim
            links += 1
        else:
            text = entry.read_text(encoding="utf-8")
            assert text.startswith("# ") and VICTIM not in text
            notes += 1
    return notes, links


def test_links_planted_during_split_are_a_clash_never_followed(
    library, shell: Shell, tmp_path: Path, victim: Path
) -> None:
    names = note_names(shell, tmp_path)
    mid_run_clashes = 0
    for round_ in range(ROUNDS):
        vault = tmp_path / f"vault{round_}"
        vault.mkdir()
        # Odd rounds: links from the start (the first look refuses them); even rounds:
        # links only once a note exists (after every check: the writes must refuse them).
        with Planter(vault, names, victim, after=a_note if round_ % 2 == 0 else None) as p:
            code, out, err = shell("export", "--split", str(vault))
        notes, links = check_vault(vault, names, victim)
        if code == 0:
            assert notes == len(names) and links == 0 and "wrote" in err
            continue
        line = one_line(err)
        assert code == 1 and ("already exists" in line or "symbolic link" in line), err
        assert links > 0 and out == ""
        if notes and p.after is not None:
            mid_run_clashes += 1
    assert mid_run_clashes > 0  # the race after the check really happened


def test_with_force_a_link_planted_during_split_is_replaced_not_followed(
    library, shell: Shell, tmp_path: Path, victim: Path
) -> None:
    names = note_names(shell, tmp_path)
    planted = 0
    for round_ in range(ROUNDS):
        vault = tmp_path / f"vault{round_}"
        vault.mkdir()
        with Planter(vault, names, victim, after=a_note) as p:
            code, _, err = shell("export", "--split", str(vault), "--force")
        planted += p.planted
        assert code == 0, err
        assert check_vault(vault, names, victim) == (len(names), 0)  # the links are gone
    assert planted > 0


def test_a_link_planted_at_the_output_file_is_never_followed(
    library, shell: Shell, tmp_path: Path, victim: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "papers.md"
    for round_ in range(ROUNDS):
        force = round_ % 3 == 2
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        # With --force a link must not be there before the start (it would be the user's
        # own, written through): those rounds plant once the temporary file exists.
        after = a_temp if force or round_ % 3 == 1 else None
        with Planter(folder, [target.name], victim, after=after):
            code, _, err = shell("export", "-o", str(target), *(["--force"] if force else []))
        assert victim.read_text(encoding="utf-8") == VICTIM
        assert sorted(p.name for p in folder.iterdir()) == [target.name]  # no temp file
        if code == 0:
            assert not target.is_symlink() and target.read_text(encoding="utf-8")
            assert target.read_text(encoding="utf-8").startswith("# ")
        else:
            line = one_line(err)
            assert not force and code == 1
            assert "already exists" in line or "symbolic link" in line
            assert target.is_symlink()


def test_a_link_planted_while_writing_output(tmp_path: Path, victim: Path) -> None:
    """Deterministic: the link appears while the text is being written (after the start)."""
    target = tmp_path / "out.md"

    def chunks() -> Iterator[str]:
        yield "# first half\n"
        os.symlink(victim, target)
        yield "second half\n"

    with pytest.raises(OutputError) as info:
        write_output(target, chunks())
    assert "symbolic link" in info.value.message
    assert target.is_symlink() and victim.read_text(encoding="utf-8") == VICTIM
    target.unlink()
    assert write_output(target, chunks(), force=True) == target
    assert not target.is_symlink()
    assert target.read_text(encoding="utf-8") == "# first half\nsecond half\n"
    assert victim.read_text(encoding="utf-8") == VICTIM
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md", "outside"]


def test_a_folder_swapped_for_a_link_while_writing_output(tmp_path: Path,
                                                          victim: Path) -> None:
    base = tmp_path / "base"
    (base / "sub").mkdir(parents=True)
    target = base / "sub" / "out.md"
    moved = tmp_path / "moved"

    def chunks() -> Iterator[str]:
        yield "# note\n"
        base.rename(moved)  # the folder of the path goes; a link to elsewhere replaces it
        base.symlink_to(victim.parent, target_is_directory=True)
        os.mkdir(victim.parent / "sub")
        yield "body\n"

    write_output(target, chunks())
    assert (moved / "sub" / "out.md").read_text(encoding="utf-8") == "# note\nbody\n"
    assert list((victim.parent / "sub").iterdir()) == []
    assert sorted(p.name for p in victim.parent.iterdir()) == ["sub", "victim.txt"]


# -- a real process, a big library -----------------------------------------------------------

BIG = 400


@pytest.fixture
def big_library(library, tmp_path: Path) -> None:
    """The seed library and BIG synthetic papers more: an export that takes a while."""
    items = [{"paper": {"id": f"2402.{10000 + i}", "title": f"Synthetic study {i} of tokens",
                        "summary": "A summary of a paper. " * 20,
                        "authors": [{"name": f"Author {i % 50}"}],
                        "publishedAt": "2024-02-01T00:00:00.000Z"}} for i in range(BIG)]
    src = tmp_path / "big.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert library("import", str(src)).exit_code == 0


def signal_when(ready: Callable[[], bool], signum: int, *args: str,
                jitter: float = 0.05) -> tuple[int, str, str]:
    """`interrupt_when` with `signum`, a random moment up to `jitter` seconds after
    `ready()` (to land anywhere in a note's writing)."""
    return interrupt_when(ready, *args, signum=signum, jitter=jitter)


@pytest.mark.parametrize(("signum", "code", "word"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated"),
    (signal.SIGHUP, 129, "hung up")],  # (the terminal closed: a .tmp note was left)
    ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_mid_split_leaves_no_temporary_file(
    big_library: None, library, tmp_path: Path, signum: int, code: int, word: str
) -> None:
    whole = tmp_path / "whole"
    assert library("export", "--split", str(whole)).exit_code == 0
    for round_ in range(3):
        vault = tmp_path / f"vault{round_}"
        vault.mkdir()

        def ready(vault: Path = vault) -> bool:
            return a_note(list(os.scandir(vault)))

        got, out, err = signal_when(ready, signum, "export", "--split", str(vault))
        assert got == code and out == ""
        assert one_line(err) == f"papers: error: {word}"
        left = sorted(p.name for p in vault.iterdir())
        assert 0 < len(left) < BIG
        assert not [n for n in left if n.startswith(".") or n.endswith(".tmp")], left
        for name in left:  # every note there is whole: none was cut short
            assert (vault / name).read_bytes() == (whole / name).read_bytes()


@pytest.mark.parametrize(("signum", "code"), [
    (signal.SIGINT, 130), (signal.SIGTERM, 143),
    (signal.SIGHUP, 129)],  # (the terminal closed, ssh dropped: `.all.md.….tmp` was left)
    ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_mid_output_leaves_nothing(big_library: None, tmp_path: Path, signum: int,
                                            code: int) -> None:
    # The one file is written in 30-60 ms after its temporary file appears: a signal
    # later than that (a loaded machine is slow to deliver it) finds the file whole and
    # the interpreter shutting down (Python's handlers gone: killed by the signal). That
    # moment is not the one tested, so it is tried again, a few times at most.
    for attempt in range(5):
        folder = tmp_path / f"out{attempt}"
        folder.mkdir()

        def ready(folder: Path = folder) -> bool:
            return a_temp(list(os.scandir(folder)))

        got, _, err = signal_when(ready, signum, "export", "-o", str(folder / "all.md"),
                                  jitter=0.01)
        if not (got in (0, -signum) and (folder / "all.md").is_file()):
            break
    assert got == code and len(one_line(err)) > 0
    assert list(folder.iterdir()) == []


def test_a_folder_swapped_for_a_link_mid_split_changes_nothing(
    big_library: None, tmp_path: Path, victim: Path
) -> None:
    base = tmp_path / "base"
    vault = base / "notes" / "papers"
    outside = victim.parent
    (outside / "notes" / "papers").mkdir(parents=True)  # where a redirect would land
    proc = subprocess.Popen([installed_papers(), "export", "--split", str(vault)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ.copy())
    try:
        deadline = time.monotonic() + 60
        while not (vault.is_dir() and a_note(list(os.scandir(vault)))):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        moved = tmp_path / "moved"
        base.rename(moved)
        base.symlink_to(outside, target_is_directory=True)
        at_swap = len(list((moved / "notes" / "papers").iterdir()))
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert at_swap < BIG  # the swap really came mid-run
    assert list((outside / "notes" / "papers").iterdir()) == []
    assert victim.read_text(encoding="utf-8") == VICTIM
    written = [p.name for p in (moved / "notes" / "papers").iterdir()]
    assert len(written) == BIG + 19 and not [n for n in written if n.startswith(".")]


# -- a signal at the worst moment ------------------------------------------------------------


def signal_after_create(monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    """A real signal the instant the temporary file has been created (before the code that
    created it has even returned its name)."""
    real_open = os.open

    def open_then_signal(path: object, flags: int, *args: object, **kwargs: object) -> int:
        fd = real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]
        if flags & os.O_EXCL and str(path).endswith(".tmp"):
            signal.raise_signal(signum)
        return fd

    monkeypatch.setattr(os, "open", open_then_signal)


def signal_during_cleanup(monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    """The disk fills while a note is written, and a second signal (Ctrl-C pressed again)
    arrives just as the temporary file is being removed."""
    real_unlink = os.unlink

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    def signal_then_unlink(path: object, *args: object, **kwargs: object) -> None:
        signal.raise_signal(signum)
        real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", full)
    monkeypatch.setattr(os, "unlink", signal_then_unlink)


@pytest.mark.parametrize("split", [False, True], ids=["output", "split"])
@pytest.mark.parametrize("moment", [signal_after_create, signal_during_cleanup])
@pytest.mark.parametrize(("signum", "code", "word"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated"),
    (signal.SIGHUP, 129, "hung up")], ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_at_the_worst_moment_leaves_nothing(
    library, shell: Shell, tmp_path: Path,
    moment: Callable[[pytest.MonkeyPatch, int], None], signum: int, code: int, word: str,
    split: bool
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    args = ["--split", str(folder)] if split else ["-o", str(folder / "papers.md")]
    with pytest.MonkeyPatch.context() as patch:
        moment(patch, signum)
        got, out, err = shell("export", *args)
    assert (got, out) == (code, "")
    assert one_line(err) == f"papers: error: {word}"
    assert list(folder.iterdir()) == []


# -- what is still allowed, and what is refused up front --------------------------------------


def test_the_users_own_linked_folder_is_followed(library, shell: Shell,
                                                 tmp_path: Path) -> None:
    """A link the user typed (DIR itself, or a folder on the way) is their choice."""
    real = tmp_path / "synced" / "vault"
    real.mkdir(parents=True)
    (tmp_path / "vault").symlink_to(real, target_is_directory=True)
    code, _, err = shell("export", "--split", str(tmp_path / "vault" / "papers"))
    assert code == 0, err
    assert str(real / "papers") in err and len(list((real / "papers").iterdir())) == 19
    code, _, err = shell("export", "-o", str(tmp_path / "vault" / "all.md"))
    assert code == 0, err
    assert (real / "all.md").read_text(encoding="utf-8").startswith("# ")


def test_a_dangling_link_at_the_output_file_is_refused(tmp_path: Path, victim: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(victim.parent / "new-file.md")
    for force in (False, True):
        with pytest.raises(OutputError, match="symbolic link to a missing file"):
            write_output(link, "x\n", force=force)
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim.txt"]


def test_two_papers_for_one_note_name_write_nothing(tmp_path: Path) -> None:
    from papercli.exporters import Context
    from papercli.exporters.notes import write_notes
    from test_exporters import SEED

    twins = [SEED[0]._replace(id="hep-th/9901001", title="Twins"),
             SEED[1]._replace(id="hep-th_9901001", title="Twins")]
    with pytest.raises(OutputError, match="would both be written to"):
        write_notes(twins, tmp_path / "vault", Context(title="t"))
    assert list((tmp_path / "vault").iterdir()) == []
