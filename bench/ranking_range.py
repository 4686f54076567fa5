"""`papers for-you` over a long date range: does its cost follow what is shown (-n) or the
range?

    python bench/ranking_range.py [--papers N] [--keep DIR]

A synthetic library (bench/_synth.py: 200,000 papers over three years, about 183 listed a
day) is loaded through `papers import` and 200 papers spread over it are starred; one
`papers for-you` fits the vocabulary and trains the model. Then, as whole processes (wall
time and each process's own peak memory, bench/_measure.py), `papers for-you --since
<first day> --json` with -n 5 and -n 0, and the default 7-day window for scale. `--keep
DIR` builds the library once and reuses it (building 200,000 papers takes minutes).

    python bench/ranking_range.py --home DIR [--now TIME] [--since DAY ...]
                                  [--baseline OTHER/src] [--runs N]

`--home DIR` times an existing home instead (its library, marks and caches as they are,
read only: a copy of the real archive with a few stars), `--now` its PAPERS_NOW.
`--baseline OTHER/src` times another copy of papercli (a `git archive` of the commit
before a change) in the same run, each command's runs alternating between the two
(median of --runs), and says whether their outputs are the same.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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


def home_env(home: Path, now: str | None) -> dict[str, str]:
    """The environment of a command run in an existing home (its XDG folders inside it, as
    a user's are), offline."""
    env = isolated_env(home, HF_ENDPOINT="http://127.0.0.1:9",
                       ARXIV_API_ENDPOINT="http://127.0.0.1:9",
                       ARXIV_RSS_ENDPOINT="http://127.0.0.1:9")
    env.update(XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CONFIG_HOME=str(home / ".config"))
    if now:
        env["PAPERS_NOW"] = now
    return env


def side_by_side(cases: list[tuple[str, list[str]]], envs: dict[str, dict[str, str]],
                 runs: int) -> list[tuple[str, ...]]:
    """Per case, each copy's median wall and CPU seconds over `runs` runs, the copies'
    runs alternating (one machine, one moment), and whether their outputs agree."""
    rows = []
    for label, cmd in cases:
        walls: dict[str, list[float]] = {k: [] for k in envs}
        cpus: dict[str, list[float]] = {k: [] for k in envs}
        outs: dict[str, set[str]] = {k: set() for k in envs}
        for _ in range(runs):
            for name, env in envs.items():
                usage, out = measure(cmd, env)
                walls[name].append(usage["seconds"])
                cpus[name].append(usage["cpu"])
                outs[name].add(out)
        same = "" if len(envs) < 2 else (
            "same" if len({frozenset(o) for o in outs.values()}) == 1
            and all(len(o) == 1 for o in outs.values()) else "DIFFERS")
        rows.append((label, *(f"{statistics.median(walls[k]):,.2f} / "
                              f"{statistics.median(cpus[k]):,.2f}" for k in envs), same))
    return rows


def in_home(args: argparse.Namespace) -> None:
    """The commands timed in an existing home, before and after side by side."""
    exe = papers_exe()
    base = home_env(args.home, args.now)
    envs = {"after": base}
    if args.baseline is not None:
        import compileall

        if not (args.baseline / "papercli").is_dir():
            sys.exit(f"bench: {args.baseline} holds no papercli package")
        compileall.compile_dir(str(args.baseline / "papercli"), quiet=1)
        envs = {"before": dict(base, PYTHONPATH=str(args.baseline.resolve())), "after": base}
    cases = [("papers for-you (7 days)", [exe, "for-you"])]
    for since in args.since:
        cases += [(f"papers for-you --since {since}", [exe, "for-you", "--since", since]),
                  (f"papers for-you --since {since} --explain",
                   [exe, "for-you", "--since", since, "--explain"]),
                  (f"papers for-you --since {since} -n 0 --json",
                   [exe, "for-you", "--since", since, "-n", "0", "--json"])]
    rows = side_by_side(cases, envs, args.runs)
    print(f"for-you in {args.home}, median of {args.runs} runs, each cell wall s / CPU s "
          f"(Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(table(["command", *envs, "output" if len(envs) > 1 else ""], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=200_000)
    parser.add_argument("--stars", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the library in DIR and keep it")
    parser.add_argument("--home", type=Path, help="time this existing home instead")
    parser.add_argument("--now", help="PAPERS_NOW for --home (e.g. 2026-08-21T12:00:00Z)")
    parser.add_argument("--since", nargs="+", default=["2025-01-01", "2024-01-01"],
                        help="first days of the long ranges timed with --home")
    parser.add_argument("--baseline", type=Path,
                        help="another papercli's src folder, timed side by side (--home)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (--home)")
    args = parser.parse_args()
    if args.home is not None:
        in_home(args)
        return
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
