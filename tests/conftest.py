"""Fixtures: an isolated home per test, a loopback Hub, and a way to run `papers`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

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


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """Point platformdirs (and HOME) into tmp_path; clear variables that would leak in."""
    h = Home(tmp_path, tmp_path / "cache", tmp_path / "data", tmp_path / "config")
    for name in list(os.environ):
        if name.startswith(("PAPERS_", "HF_")) or name in ("NO_COLOR", "COLUMNS"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(h.cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(h.data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(h.config))
    monkeypatch.setenv("PAPERS_NOW", NOW)
    monkeypatch.setenv("COLUMNS", "160")
    # Unreachable by default: a test that forgets the hub fixture must not reach the Hub.
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    return h


@pytest.fixture
def hub(home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    server = HubServer().start()
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setenv("PAPERS_BACKOFF", "0.01")
    yield server
    server.stop()


@pytest.fixture
def seeded_hub(hub: HubServer) -> HubServer:
    """Today has the first 10 seed papers, yesterday the other 9."""
    items = seed_items()
    hub.set_day(TODAY, items[:10])
    hub.set_day(TODAY - timedelta(days=1), items[10:])
    return hub


@pytest.fixture
def library(papers, home: Home, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The 19 seed papers imported into an empty library; no Hub reachable."""
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(seed_items()), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    return papers


def write_config(home: Home, text: str) -> None:
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_text(text, encoding="utf-8")


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str, input: str | None = None) -> Result:
    from papercli.cli.main import app

    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def papers(home: Home):  # type: ignore[no-untyped-def]
    """Run the CLI in-process, as a user would type it."""
    return run


Shell = Callable[..., tuple[int, str, str]]


@pytest.fixture
def shell(home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> Shell:
    """`papers ARGS` as a user's shell runs it: argv into main(), in a working directory
    inside the test's temp dir (so `-o name` lands there); returns (exit code, stdout,
    stderr)."""
    from papercli.cli.main import main

    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)

    def run_main(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["papers", *argv])
        code: int | str | None = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return (code if isinstance(code, int) else 1 if code else 0), out, err

    return run_main


def installed_papers() -> str:
    exe = shutil.which("papers", path=str(Path(sys.executable).parent))
    assert exe, "the papers entry point is not installed next to this python"
    return exe


def interrupt_when(ready: Callable[[], bool], *args: str) -> tuple[int, str, str]:
    """Start the installed `papers ARGS`, press Ctrl-C once `ready()` holds, and return
    (exit code, stdout, stderr). The 60 s deadline is a safety net, not a measurement."""
    proc = subprocess.Popen([installed_papers(), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        deadline = time.monotonic() + 60
        while not ready():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "never got ready to interrupt"
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out, err


def run_process(*args: str, timeout: float = 60, input: str | None = None,
                env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `papers` entry point as a separate process."""
    return subprocess.run(
        [installed_papers(), *args], capture_output=True, text=True, timeout=timeout,
        input=input, env={**os.environ, **(env_extra or {})},
    )
