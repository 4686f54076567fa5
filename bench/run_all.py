"""Run every benchmark script in bench/ and print all their tables.

    python bench/run_all.py [--quick] [--only NAME ...]

Each script runs as its own process with this Python, one after the other (they measure
wall time, so running them side by side would spoil each other's numbers). --quick passes
smaller sizes to the scripts that take them: a sanity run in a few minutes instead of
about half an hour. The exit code is non-zero if any script failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# Smaller workloads for --quick, per script (scripts not listed run as they are).
QUICK = {
    "startup": ["--runs", "5"],
    "everyday": ["--papers", "2000", "--runs", "1"],
    "export_speed": ["--papers", "2000", "--runs", "1"],
    "search": ["--papers", "20000", "--runs", "5"],
    "library": ["--papers", "100000", "--runs", "5"],
    "sync": ["--per-day", "10"],
    "near_quality": ["--users", "1", "--pools", "500,2000"],
}


def scripts() -> list[str]:
    own = Path(__file__).stem
    return sorted(p.stem for p in BENCH.glob("*.py")
                  if not p.stem.startswith("_") and p.stem != own)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=scripts(),
                        help="run only these scripts")
    args = parser.parse_args()
    failed: list[str] = []
    for name in args.only or scripts():
        cmd = [sys.executable, str(BENCH / f"{name}.py"), *(QUICK.get(name, [])
                                                          if args.quick else [])]
        print(f"== bench/{name}.py {' '.join(cmd[2:])}".rstrip(), flush=True)
        started = time.perf_counter()
        # Tables on stdout; progress notes on stderr pass through as they come.
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=BENCH.parent)
        print(proc.stdout.rstrip())
        took = time.perf_counter() - started
        if proc.returncode != 0:
            failed.append(name)
            print(f"(bench/{name}.py failed with exit code {proc.returncode})")
        print(f"({took:.0f} s)\n", flush=True)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
