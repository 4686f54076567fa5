"""`papers for-you` over a long date range: does its cost follow what is shown (-n) or the
range?

    python bench/ranking_range.py [--papers N] [--keep DIR]

A synthetic library (bench/_synth.py: 200,000 papers over three years, about 183 listed a
day) is loaded through `papers import` and 200 papers spread over it are starred; one
`papers for-you` fits the vocabulary and trains the model. Then, as whole processes (wall
time and each process's own peak memory, bench/_measure.py), `papers for-you --since
<first day> --json` with -n 5 and -n 0, and the default 7-day window for scale. `--keep
DIR` builds the library once and reuses it (building 200,000 papers takes minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _measure import checked
from _util import isolated_env, papers_exe, table
from ranking_speed import build, library_ids

START = date(2023, 1, 1)
DAYS = 3 * 365
# bench/_measure.py's launcher, also reporting the child's CPU time: on a shared machine
# the wall time says as much about the neighbours as about the command.
LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": time.perf_counter() - start, "maxrss_kib": usage.ru_maxrss,
               "cpu": usage.ru_utime + usage.ru_stime}, fh)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[dict[str, float], str]:
    """(wall s, CPU s, peak KiB of that process alone), and its stdout."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "rusage.json")
        proc = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, report, *cmd], env=env,
                              capture_output=True)
        if proc.returncode != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed: {proc.stderr[-800:]!r}")
        with open(report) as fh:
            return json.load(fh), proc.stdout.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=200_000)
    parser.add_argument("--stars", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the library in DIR and keep it")
    args = parser.parse_args()
    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        last = START + timedelta(days=DAYS - 1)
        env = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9",
                           PAPERS_NOW=f"{last.isoformat()}T23:00:00Z")
        t0 = time.perf_counter()
        build(exe, root, env, args.papers, start=START, days=DAYS)
        print(f"library ready in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        ids = library_ids(root)
        user_db = root / "data" / "papercli" / "user.db"
        user_db.unlink(missing_ok=True)
        step = max(1, len(ids) // args.stars)
        starred = ids[::step][: args.stars]
        for i in range(0, len(starred), 100):
            checked([exe, "star", "--offline", *starred[i : i + 100]], env)
        cache = root / "cache" / "papercli" / "ranking"
        for name in ("vocabulary.json", "taste.json"):
            (cache / name).unlink(missing_ok=True)
        checked([exe, "for-you", "--json"], env)  # fit the vocabulary, train the model
        since = START.isoformat()
        rows = []
        for label, cmd in [
            ("papers for-you --json (7 days, top 20)", [exe, "for-you", "--json"]),
            (f"papers for-you --since {since} -n 5 --json",
             [exe, "for-you", "--since", since, "-n", "5", "--json"]),
            (f"papers for-you --since {since} -n 0 --json",
             [exe, "for-you", "--since", since, "-n", "0", "--json"]),
        ]:
            usage, out = measure(cmd, env)
            rows.append((label, f"{len(json.loads(out)):,}", f"{usage['seconds']:,.1f}",
                         f"{usage['cpu']:,.1f}", f"{usage['maxrss_kib'] / 1024:,.0f}"))
    print(f"for-you over {DAYS} days of {len(ids):,} synthetic papers, {args.stars} stars "
          f"(Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(table(["command", "shown", "wall s", "CPU s", "peak MiB"], rows))


if __name__ == "__main__":
    main()
