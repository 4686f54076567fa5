"""Shared helpers for the bench scripts: timing whole processes, printing tables."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the loopback Hub server lives with the tests


def add_sources(parser: Any) -> None:
    """The `--src LABEL=PATH` option of the scripts that time several src/ folders side
    by side (a change against its base, in one run on a noisy machine)."""
    parser.add_argument("--src", action="append", default=[],
                        help="LABEL=PATH of a src/ folder (repeatable; default this one)")


def side_by_side_parser(doc: str | None, library: str, library_help: str,
                        papers_help: str) -> argparse.ArgumentParser:
    """The parser of a script that times a library side by side: its docstring as help,
    `library` (`--home`, `--library`) to read or `--papers` N synthetic ones made, and
    `--src` (`add_sources`)."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(library, type=Path, help=library_help)
    parser.add_argument("--papers", type=int, default=10_000, help=papers_help)
    add_sources(parser)
    return parser


def sources(given: Sequence[str]) -> list[tuple[str, str]]:
    """(label, src folder) of each `--src LABEL=PATH`; none given: this checkout's."""
    pairs = [tuple(s.split("=", 1)) for s in given]
    return [(pair[0], pair[-1]) for pair in pairs] or [("this", str(ROOT / "src"))]


def papers_exe() -> str:
    exe = shutil.which("papers", path=str(Path(sys.executable).parent)) or shutil.which("papers")
    if not exe:
        sys.exit("bench: install papercli first (pip install -e .)")
    _compile_package()
    return exe


def _compile_package() -> None:
    """Byte-compile papercli as a wheel install would: an editable install under
    PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every run."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("papercli")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def isolated_env(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERS_", "HF_"))}
    env.update(HOME=str(root), XDG_CACHE_HOME=str(root / "cache"),
               XDG_DATA_HOME=str(root / "data"), XDG_CONFIG_HOME=str(root / "config"))
    env.update(extra)
    return env


def import_here(items: list[dict[str, Any]], root: Path, **extra: str) -> None:
    """This process pointed at a fresh home under `root` (`isolated_env`), and Hub items
    written there and read in by `papers import`, through the command's own `main`."""
    import json

    os.environ.update(isolated_env(root, **extra))
    src = root / "items.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    from papercli.cli.main import main

    sys.argv = ["papers", "import", str(src)]
    try:
        main()
    except SystemExit as exc:
        if exc.code:
            raise


def wall(cmd: Sequence[str], env: dict[str, str] | None = None, runs: int = 21,
         warmup: int = 2, tty: bool = False) -> list[float]:
    """Wall-clock seconds of whole-process runs: stdout to a pipe (as in a script), or with
    `tty=True` to a 120-column pseudo-terminal (as a person at a terminal sees it)."""
    times = []
    for i in range(warmup + runs):
        if tty:
            elapsed, code, err = _run_on_pty(cmd, env)
        else:
            start = time.perf_counter()
            proc = subprocess.run(cmd, env=env, capture_output=True)
            elapsed = time.perf_counter() - start
            code, err = proc.returncode, proc.stderr
        if code != 0:
            sys.exit(f"bench: {' '.join(cmd)} failed: {err.decode()[:500]}")
        if i >= warmup:
            times.append(elapsed)
    return times


@contextmanager
def pseudo_terminal(columns: int = 120, rows: int = 40) -> Iterator[int]:
    """A pty of that size whose output is read and thrown away; yields the terminal end to
    hand a child as its stdout (and stdin or stderr)."""
    import fcntl
    import pty
    import struct
    import termios
    import threading

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        yield slave
    finally:
        os.close(slave)
        reader.join(timeout=2)
        os.close(master)


def _run_on_pty(cmd: Sequence[str], env: dict[str, str] | None) -> tuple[float, int, bytes]:
    env = dict(env or os.environ)
    env.pop("COLUMNS", None)
    env.setdefault("TERM", "xterm-256color")
    with pseudo_terminal() as terminal:
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, stdout=terminal, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
    return elapsed, proc.returncode, proc.stderr


def median_ms(times: Sequence[float]) -> float:
    return statistics.median(times) * 1000


def timing_cells(wall_s: float, cpu_s: float, code: float) -> list[object]:
    """A timed command's wall and CPU milliseconds, the wall marked with a failing exit
    code (a fast failure is not a fast command)."""
    mark = "" if code == 0 else f" (exit {int(code)})"
    return [f"{wall_s * 1000:.0f}{mark}", f"{cpu_s * 1000:.0f}"]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if n and i else c.ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
