"""Fixtures: an isolated home per test, a loopback Hub, and a way to run `papers`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from hubserver import HubServer, seed_items

NOW = "2026-11-25T12:00:00Z"  # a Wednesday
TODAY = date(2026, 11, 25)


@dataclass
class Home:
    root: Path
    cache: Path
    data: Path
    config: Path

    @property
    def library(self) -> Path:
        return self.cache / "papercli" / "library.db"

    @property
    def config_file(self) -> Path:
        return self.config / "papercli" / "config.toml"


def isolate(root: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """Point platformdirs (and HOME) into `root`; clear variables that would leak in."""
    h = Home(root, root / "cache", root / "data", root / "config")
    for name in list(os.environ):
        if name.startswith(("PAPERS_", "HF_")) or name in ("NO_COLOR", "FORCE_COLOR",
                                                            "COLUMNS"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.setenv("XDG_CACHE_HOME", str(h.cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(h.data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(h.config))
    monkeypatch.setenv("PAPERS_NOW", NOW)
    monkeypatch.setenv("COLUMNS", "160")
    # Unreachable by default: a test that forgets the hub fixture must not reach the Hub.
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    # Likewise arXiv (`show` of an id the Hub lacks asks arXiv's API).
    monkeypatch.setenv("ARXIV_API_ENDPOINT", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("ARXIV_RSS_ENDPOINT", "http://127.0.0.1:9/rss")
    monkeypatch.setenv("PAPERS_ARXIV_INTERVAL", "0.01")
    return h


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """An isolated home in tmp_path (see `isolate`)."""
    return isolate(tmp_path, monkeypatch)


@pytest.fixture
def hub(home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    server = HubServer().start()
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
    yield server
    server.stop()


NOTES_STAY = 3600.0  # seconds a browser's notification shows in a test: the whole test


@pytest.fixture(autouse=True)
def notes_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser's notifications stay until the browser takes them down itself: a test
    reads them once the app has settled, and on a loaded machine settling outlasted the
    3-10 s they show ("first run: looked at…", "showing the copy cached…" gone by then:
    `told` said []). Whether one goes when it should (`_forget`) is still seen."""
    from papercli.tui.app import BrowseApp

    said = BrowseApp.say

    def say(self: BrowseApp, message: str, **kw: Any) -> None:
        said(self, message, **{**kw, "timeout": NOTES_STAY})

    monkeypatch.setattr(BrowseApp, "say", say)


@pytest.fixture
def seeded_hub(hub: HubServer) -> HubServer:
    """Today has the first 10 seed papers, yesterday the other 9."""
    items = seed_items()
    hub.set_day(TODAY, items[:10])
    hub.set_day(TODAY - timedelta(days=1), items[10:])
    return hub


def _import_settings() -> dict[str, str]:
    """The environment `papers import` reads (the Hub's address and the retry pause are
    left out: an import makes no request)."""
    return {k: v for k, v in os.environ.items() if k.startswith(("PAPERS_", "HF_", "TZ"))
            and k not in ("HF_ENDPOINT", "PAPERS_BACKOFF")}


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The library `papers import` makes of the 19 seed papers in a fresh home, made once
    per session, and the settings it was made under."""
    root = tmp_path_factory.mktemp("seed-library")
    with pytest.MonkeyPatch.context() as monkeypatch:
        h = isolate(root, monkeypatch)
        src = root / "seed.json"
        src.write_text(json.dumps(seed_items()), encoding="utf-8")
        result = run("import", str(src))
        assert result.exit_code == 0, result.stderr
        return h.library, _import_settings()


@pytest.fixture
def library(papers, home: Home, tmp_path: Path,  # type: ignore[no-untyped-def]
            seed_library: tuple[Path, dict[str, str]]):
    """The 19 seed papers imported into an empty library; no Hub reachable. The import is
    made once per session and its file copied in, unless this test's home or settings
    differ from that import's (then it is imported here)."""
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(seed_items()), encoding="utf-8")
    built, settings = seed_library
    if home.config_file.exists() or home.library.exists() or _import_settings() != settings:
        assert papers("import", str(src)).exit_code == 0
    else:
        home.library.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, home.library)
    return papers


def write_config(home: Home, text: str) -> None:
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_text(text, encoding="utf-8")


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


class Result(NamedTuple):
    """What one run of `papers` left behind; unpacks as (exit_code, stdout, stderr)."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        """stdout parsed as one JSON document (a --json answer)."""
        return json.loads(self.stdout)

    @property
    def ids(self) -> list[str]:
        """The paper ids of a --json list, in order."""
        return ids(self.stdout)


def ids(stdout: str) -> list[str]:
    """The paper ids of a --json list, in order."""
    return [p["id"] for p in json.loads(stdout)]


class _Pipe(io.BytesIO):
    """The bytes a pipe received; survives the program closing its end."""

    def close(self) -> None:
        pass


def _stream(raw: io.BytesIO, errors: str) -> io.TextIOWrapper:
    # As Python sets up a piped stream under a UTF-8 locale: not a terminal, no fileno.
    return io.TextIOWrapper(raw, encoding="utf-8", errors=errors)


def run(*args: str, input: str | bytes | None = None,
        env: dict[str, str] | None = None) -> Result:
    """`papers ARGS` as a user's shell runs it with stdin, stdout and stderr piped: argv
    into `papercli.cli.main:main` (the entry point, with its per-command app), stdin from
    `input` (empty otherwise), `env` added to the environment for this run only (a
    shell's completion request is a run with its variables set)."""
    from papercli.cli.main import main

    return _piped(main, args, input, env)


def run_app(application: Any, *args: str) -> Result:
    """`papers ARGS` through a given Typer app instead of the entry point (the full app
    that docs and help are compared against), with the same piped streams."""
    return _piped(lambda: application(prog_name="papers"), args, None, None)


def _piped(entry: Callable[[], object], args: tuple[str, ...], input: str | bytes | None,
           env: dict[str, str] | None) -> Result:
    """Run `entry` as a process would run it. What a run changes in the process (the
    streams, argv, the environment, the SIGTERM, SIGHUP and SIGINT handlers, the secrets
    it learnt to redact) is put back afterwards, so one run never sees another's. An
    exception it lets through fails the test with its traceback, as it would reach the
    user; but for the KeyboardInterrupt main() lets out after a real SIGINT (said, its
    exit 130 the interpreter's death by SIGINT)."""
    from papercli import redaction

    data = input.encode() if isinstance(input, str) else input or b""
    out, err = _Pipe(), _Pipe()
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr
    sigterm = signal.getsignal(signal.SIGTERM)
    sighup = signal.getsignal(signal.SIGHUP)
    sigint, excepthook = signal.getsignal(signal.SIGINT), sys.excepthook
    known = set(redaction._known)
    environ = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    sys.argv = ["papers", *args]
    sys.stdin = _stream(io.BytesIO(data), "strict")
    sys.stdout, sys.stderr = _stream(out, "strict"), _stream(err, "backslashreplace")
    code = 0
    try:
        entry()
    except SystemExit as exc:  # as the interpreter turns it into an exit status
        if isinstance(exc.code, int):
            code = exc.code
        elif exc.code is not None:
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    except KeyboardInterrupt:  # a real SIGINT, said: the interpreter ends by it (130)
        code = 130
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(ValueError):  # closed by the program
                stream.flush()
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved
        signal.signal(signal.SIGTERM, sigterm)
        signal.signal(signal.SIGHUP, sighup)
        signal.signal(signal.SIGINT, sigint)
        sys.excepthook = excepthook
        for name, value in environ.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        redaction._known.clear()
        redaction._known.update(known)
    return Result(code, out.getvalue().decode("utf-8"),
                  err.getvalue().decode("utf-8", "backslashreplace"))


Papers = Callable[..., Result]
Shell = Papers  # the same runner; its results unpack as (exit code, stdout, stderr)


@pytest.fixture
def papers(home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Papers:
    """`papers ARGS` as a user types it (see `run`), in a working directory inside the
    test's temp dir (so `-o name` lands there)."""
    work = tmp_path / "cwd"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    return run


@pytest.fixture
def shell(papers: Papers) -> Shell:
    """The same as `papers`, under the name the property tests use."""
    return papers


def stderr_on_terminal(argv: list[str]) -> tuple[int, bytes, str]:
    """(exit code, stdout, what stderr showed) of `argv` run with its stderr on a
    pseudo-terminal and its stdout piped."""
    master, slave = os.openpty()
    shown: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave,
                                env=os.environ.copy())
        os.close(slave)
        stdout, _ = proc.communicate(timeout=60)
        reader.join(timeout=30)
    finally:
        os.close(master)
    return shell_status(proc.returncode), stdout, b"".join(shown).decode()


def screens(text: str) -> Iterator[list[str]]:
    """The lines a terminal shows as `text` (what stderr_on_terminal read) is drawn, after
    each piece: characters, CR, LF, cursor up (ESC [ n A) and erase in line (ESC [ n K)
    applied, other escape sequences (colours, the cursor hidden or shown) ignored, blank
    lines dropped."""
    lines, row, col = [""], 0, 0
    for match in re.finditer(r"\x1b\[([0-9;?]*)([A-Za-z])|\r|\n|[^\x1b\r\n]+|\x1b", text):
        token, code = match.group(0), match.group(2)
        if token == "\r":
            col = 0
        elif token == "\n":
            row, col = row + 1, 0
            lines += [""] * (row + 1 - len(lines))
        elif code == "A":
            row = max(0, row - int(match.group(1) or 1))
        elif code == "K":
            line, how = lines[row], match.group(1) or "0"
            lines[row] = ("" if how == "2" else " " * (col + 1) + line[col + 1:] if how == "1"
                          else line[:col])
        elif not token.startswith("\x1b"):
            line = lines[row].ljust(col)
            lines[row] = line[:col] + token + line[col + len(token):]
            col += len(token)
        yield [line.rstrip() for line in lines if line.strip()]


def screen_lines(text: str) -> list[str]:
    """The lines a terminal shows once `text` is drawn (see `screens`)."""
    shown = list(screens(text))
    return shown[-1] if shown else []


def lines_under(text: str, above: str) -> list[str]:
    """Every line drawn right under a line starting with `above`, in any frame of `text`
    (see `screens`): what a progress bar says on its status line."""
    from itertools import pairwise

    return [below for shown in screens(text) for over, below in pairwise(shown)
            if over.startswith(above)]


def installed_papers() -> str:
    exe = shutil.which("papers", path=str(Path(sys.executable).parent))
    assert exe, "the papers entry point is not installed next to this python"
    return exe


class OnTerminal(NamedTuple):
    code: int  # as a shell's $? says it (`shell_status`)
    screen: bytes  # everything written to the terminal
    out: str  # stdout, when piped
    err: str  # stderr, when piped


def on_terminal(args: Sequence[str], *, cols: int = 80, rows: int = 24,
                env: Mapping[str, str] | None = None, stdout_on_pty: bool = True,
                stderr_on_pty: bool = True, reply: Callable[[bytes], bytes | None] | None = None,
                deadline: float = 60.0, controlling: bool = False,
                started: Callable[[int], None] | None = None) -> OnTerminal:
    """Run the installed `papers ARGS` on a pseudo-terminal of cols x rows: stdin always,
    stdout and stderr unless piped; no COLUMNS or LINES, so it measures the terminal.
    `reply(screen so far)` may return keys to type, after each chunk read. The deadline is
    a safety net: a process still running then (waiting for an answer nobody saw) is
    killed, and only then are the pipes read. `controlling`: the pty is the process's
    controlling terminal (a session of its own), so Ctrl-C typed in cooked mode is a
    SIGINT to whatever has the terminal, as in a shell. `started(pid)` is told the
    process's id once it runs (for a signal sent from outside, as `kill` does)."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    environ.update({"TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen(
        [installed_papers(), *args], stdin=slave,
        stdout=slave if stdout_on_pty else subprocess.PIPE,
        stderr=slave if stderr_on_pty else subprocess.PIPE, env=environ, close_fds=True,
        start_new_session=controlling,
        preexec_fn=(lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0)) if controlling else None)
    os.close(slave)
    if started is not None:
        started(proc.pid)
    screen = b""
    end = time.monotonic() + deadline
    try:
        while time.monotonic() < end:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed its end
                    break
                if not data:
                    break
                screen += data
                keys = reply(screen) if reply is not None else None
                if keys:
                    os.write(master, keys)
            elif proc.poll() is not None:
                with contextlib.suppress(OSError):  # what it wrote on the way out
                    while select.select([master], [], [], 0.05)[0]:
                        data = os.read(master, 65536)
                        if not data:
                            break
                        screen += data
                break
        if proc.poll() is None:
            proc.kill()
        out = proc.stdout.read().decode() if proc.stdout else ""
        err = proc.stderr.read().decode() if proc.stderr else ""
        code = shell_status(proc.wait(timeout=30))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return OnTerminal(code, screen, out, err)


def process_state(pid: int) -> str:
    """Process `pid`'s state letters in /proc, one for each of its threads: "R" running,
    "S" asleep in a system call (waiting for input, or for another thread), "Z" ended;
    "" once it is gone."""
    states = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/stat", encoding="ascii",
                      errors="replace") as stat_file:
                fields = stat_file.read().rpartition(")")[2].split()
            states.append(fields[0] if fields else "")
    except OSError:
        return ""
    return "".join(sorted(set(states)))


def until_waiting(pid: int) -> None:
    """Return once process `pid` has got as far as waiting for input, every thread of it
    asleep (none on its way to the wait, none holding the interpreter), or has ended: a
    key typed at a question it has only just printed may land before it waits, and
    Ctrl-C there is another case from Ctrl-C while it waits. The caller's deadline is
    the safety net."""
    while process_state(pid) not in ("S", "Z", "X", ""):
        time.sleep(0.001)


# Python code run as `papers` starts, on the PYTHONPATH `signals_taken_elsewhere` gives:
# its main thread never takes SIGINT or SIGTERM itself (blocked there), a thread waiting
# on a pipe nobody writes to takes them, so Python's handler only sets its flag while the
# main thread goes on waiting. That is what a signal landing just before the main thread
# began to wait leaves behind (after Python last looked at the flag, before read() or
# epoll started), made certain rather than a race lost once in many runs.
SIGNALS_TAKEN_ELSEWHERE = """\
import os, signal, threading
_r, _w = os.pipe()
threading.Thread(target=os.read, args=(_r, 1), daemon=True).start()
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
"""


def signals_taken_elsewhere(folder: Path) -> str:
    """A PYTHONPATH (the current one after `folder`) under which `papers` starts as
    SIGNALS_TAKEN_ELSEWHERE says, its sitecustomize.py written in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SIGNALS_TAKEN_ELSEWHERE, encoding="utf-8")
    return os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)


def interrupt_when(ready: Callable[[], bool], *args: str, signum: int = signal.SIGINT,
                   jitter: float = 0.0, stdin: str | None = None) -> tuple[int, str, str]:
    """Start the installed `papers ARGS`, press Ctrl-C (or send `signum`) once `ready()`
    holds and up to `jitter` seconds more, and return (exit code, stdout, stderr). The
    60 s deadline is a safety net, not a measurement. `stdin` is written to a pipe that
    stays open (the command waits for more, as behind a slow producer), and the signal
    sent once the command waits there."""
    proc = subprocess.Popen([installed_papers(), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
                            stdin=subprocess.PIPE if stdin is not None else None)
    try:
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.flush()
        deadline = time.monotonic() + 60
        while not ready():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "never got ready to interrupt"
            time.sleep(0.005)
        if jitter:
            time.sleep(random.uniform(0, jitter))
            assert proc.poll() is None, "the command ended before it could be interrupted"
        if stdin is not None:  # waiting on the pipe for more, and found there: a signal
            until_waiting(proc.pid)  # just before its read() began would be seen only
            # once the pipe gave more, which it never does here (the test hung at 30 s)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return shell_status(proc.returncode), out, err


def shell_status(returncode: int) -> int:
    """A process's end as a shell's $? says it: 128 + N for one ended by signal N (a
    command ends by SIGINT after its line: 130, as for an exit with 130)."""
    return 128 - returncode if returncode < 0 else returncode


def store_papers(*papers: Any) -> None:
    """Papers written straight into the library of the home in use (no Hub, no import):
    a library of exactly these."""
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        session.store().upsert_papers(list(papers))
    finally:
        session.close()


def meta_stored(library: Path, prefix: str) -> bool:
    """Whether `library` (read-only, while another process writes it) already holds a
    meta key starting with `prefix`: a committed batch's mark, for `interrupt_when`."""
    import sqlite3

    if not library.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{library}?mode=ro", uri=True, timeout=0.1)
        try:
            row = conn.execute("SELECT count(*) FROM meta WHERE key LIKE ? || '%'",
                               (prefix,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(row[0])


def run_process(*args: str, timeout: float = 60, input: str | None = None,
                env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `papers` entry point as a separate process."""
    return subprocess.run(
        [installed_papers(), *args], capture_output=True, text=True, timeout=timeout,
        input=input, env={**os.environ, **(env_extra or {})},
    )


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A BROWSER command that writes each URL it is given to the returned file, one a
    line, instead of opening anything."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "recording-browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{log}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("BROWSER", str(script))
    return log


@pytest.fixture
def arx(home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A loopback arXiv (API and RSS) the commands talk to, paced and backing off in
    hundredths of a second rather than arXiv's 3 s."""
    from arxivserver import ArxivServer
    from papercli import arxiv_listing  # (after the test's own imports of papercli)

    with ArxivServer() as server:
        monkeypatch.setenv("ARXIV_RSS_ENDPOINT", server.rss_url)
        monkeypatch.setenv("ARXIV_API_ENDPOINT", server.api_url)
        monkeypatch.setenv(arxiv_listing.INTERVAL_ENV, "0.01")
        monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
        yield server


def eprint_bib(path: Path, ids: Sequence[str]) -> Path:
    """A reference manager's BibTeX file naming `ids` by their arXiv eprint, one entry
    each ("Entry N"), written to `path`."""
    path.write_text("".join(
        f"@article{{key{n},\n  title = {{Entry {n}}},\n  eprint = {{{pid}}},\n"
        f"  archivePrefix = {{arXiv}},\n  year = {{2024}}\n}}\n"
        for n, pid in enumerate(ids)), encoding="utf-8")
    return path


def shown_after_import(papers: Papers, path: Path, pid: str) -> dict[str, Any]:
    """`papers import PATH --offline` (it must succeed), then `pid` as `show --json`
    has it: what a reference manager's file reads back as."""
    result = papers("import", str(path), "--offline")
    assert result.exit_code == 0, result.stderr
    return dict(papers("show", pid, "--offline", "--json").json)


# A fresh `papers ARGV` process that prints, after its own output, every module it
# imported: what the lean-import tests read (test_lean_imports, test_search_lean).
_MODULES_PROBE = """
import sys
sys.argv[0] = "papers"
from papercli.cli.main import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stdout.flush()
print("\\nMODULES " + " ".join(sorted(sys.modules)))
sys.exit(code)
"""


def modules_loaded(*argv: str) -> tuple[int, set[str], str]:
    """The exit code, every module a fresh `papers ARGV` process imported, and stdout
    (the environment as the test left it: its home, its Hub)."""
    proc = subprocess.run([sys.executable, "-c", _MODULES_PROBE, *argv], capture_output=True,
                          text=True, env=dict(os.environ), timeout=120)
    out, _, modules = proc.stdout.rpartition("\nMODULES ")
    return proc.returncode, set(modules.split()), out
