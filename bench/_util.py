"""Shared helpers for the bench scripts: timing whole processes, printing tables."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the loopback Hub server lives with the tests


def papers_exe() -> str:
    exe = shutil.which("papers", path=str(Path(sys.executable).parent)) or shutil.which("papers")
    if not exe:
        sys.exit("bench: install papercli first (pip install -e .)")
    return exe


def isolated_env(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERS_", "HF_"))}
    env.update(HOME=str(root), XDG_CACHE_HOME=str(root / "cache"),
               XDG_DATA_HOME=str(root / "data"), XDG_CONFIG_HOME=str(root / "config"))
    env.update(extra)
    return env


def wall(cmd: Sequence[str], env: dict[str, str] | None = None, runs: int = 21,
         warmup: int = 2) -> list[float]:
    """Wall-clock seconds of whole-process runs (stdout to a pipe, as in a script)."""
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"bench: {' '.join(cmd)} failed: {proc.stderr.decode()[:500]}")
        if i >= warmup:
            times.append(elapsed)
    return times


def median_ms(times: Sequence[float]) -> float:
    return statistics.median(times) * 1000


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
