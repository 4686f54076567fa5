"""Run one process and measure it: wall time and its own peak memory.

RUSAGE_CHILDREN only gives the maximum over every child so far. os.wait4 gives one child's
rusage, but on Linux a child's ru_maxrss also counts the memory of the process it was
forked from (the high-water mark survives exec), and a bench holding a million synthetic
papers is big. So each command is started by a tiny launcher process, which times it and
reports its rusage.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": seconds, "maxrss_kib": usage.ru_maxrss}, fh)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Measured:
    seconds: float  # wall time from spawn to exit, without the launcher's start-up
    peak_mib: float  # maximum resident set size of that process
    returncode: int
    stdout: str
    stderr: str


def measure(cmd: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "rusage.json")
        proc = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, report, *cmd], env=env,
                              capture_output=True)
        try:
            with open(report) as fh:
                data = json.load(fh)
        except FileNotFoundError:  # the launcher itself failed (no such command)
            data = {"seconds": 0.0, "maxrss_kib": 0}
    return Measured(data["seconds"], data["maxrss_kib"] / 1024, proc.returncode,
                    proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace"))


def checked(cmd: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    result = measure(cmd, env)
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({result.returncode}): "
                         f"{result.stderr[-800:]}")
    return result
