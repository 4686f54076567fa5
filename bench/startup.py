"""Start-up cost through Typer, against `python -c pass` in the same run, and beside
huggingface_hub's `hf papers ls` against the same loopback Hub.

    python bench/startup.py [--runs N] [--hf PATH-TO-hf]

Whole-process wall medians. The cached listing holds 50 papers; after it is cached the Hub
address is pointed at a closed port, so the timed cached runs prove they use no network.
`hf papers ls` has no cache: it always asks the Hub, so it is compared with a cached
`papers day` (what a person gets) and with `papers day --refresh` (a fetch every time).
`--hf` (or the HF_CLI variable, or `hf` on PATH) names the hf command; without one those
rows are left out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _util import isolated_env, median_ms, papers_exe, table, wall

TARGETS = {
    "papers --help": 10.0,
    "papers today (cached, 50 papers)": 10.0,
    "papers today (cached, on a terminal)": 10.0,
    "completion request (family names)": 10.0,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--hf", default=os.environ.get("HF_CLI") or shutil.which("hf"))
    args = parser.parse_args()

    from hubserver import HubServer, seed_items

    exe = papers_exe()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        today = datetime.now(UTC).date()
        yesterday = today - timedelta(days=1)
        base = seed_items()
        items = []
        for n in range(50):
            item = json.loads(json.dumps(base[n % len(base)]))
            item["paper"]["id"] = f"2611.{n:05d}"
            items.append(item)
        server = HubServer().start()
        server.set_day(today, items)
        server.set_day(yesterday, items)
        env = isolated_env(root, HF_ENDPOINT=server.url)
        for warm_cmd in ([exe, "today", "--json"], [exe, "day", yesterday.isoformat()]):
            warm = subprocess.run(warm_cmd, env=env, capture_output=True, text=True)
            assert warm.returncode == 0, warm.stderr
        live = dict(env)
        cached = dict(env, HF_ENDPOINT="http://127.0.0.1:9")  # closed: must not be needed
        complete = dict(cached, _PAPERS_COMPLETE="complete_bash",
                        COMP_WORDS="papers today --family L", COMP_CWORD="3")

        cases: list[tuple[str, list[str], dict[str, str], bool]] = [
            ("python -c pass", [py, "-c", "pass"], cached, False),
            ("python -c 'import typer'", [py, "-c", "import typer"], cached, False),
            ("papers --help", [exe, "--help"], cached, False),
            ("papers today (cached, 50 papers)", [exe, "today"], cached, False),
            ("papers today (cached, on a terminal)", [exe, "today"], cached, True),
            ("papers today --json (cached)", [exe, "today", "--json"], cached, False),
            ("completion request (family names)", [exe], complete, False),
            ("papers day D (cached, 50 papers)", [exe, "day", yesterday.isoformat()],
             cached, False),
            ("papers day D --refresh (fetch)",
             [exe, "day", yesterday.isoformat(), "--refresh"], live, False),
        ]
        if args.hf:
            hf_env = dict(live, HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_OFFLINE="0",
                          HF_HOME=str(root / "hf"), NO_COLOR="1")
            cases.append(("hf papers ls --date D (fetch)",
                          [args.hf, "papers", "ls", "--date", yesterday.isoformat()],
                          hf_env, False))
        results = [(name, median_ms(wall(cmd, envir, runs=args.runs, tty=tty)))
                   for name, cmd, envir, tty in cases]
        server.stop()
    base_ms = results[0][1]
    by_name = dict(results)
    rows = []
    for name, ms in results:
        target = TARGETS.get(name)
        verdict = ""
        if target:
            verdict = f"≤ {target:g}x " + ("ok" if ms / base_ms <= target else "MISSED")
        rows.append((name, f"{ms:.1f}", f"{ms / base_ms:.1f}x", verdict))
    print(f"start-up, median of {args.runs} runs (Python {sys.version.split()[0]})")
    print(table(["command", "wall ms", "vs python", "target"], rows))
    hf_ms = by_name.get("hf papers ls --date D (fetch)")
    if hf_ms:
        day_cached = by_name["papers day D (cached, 50 papers)"]
        day_fetch = by_name["papers day D --refresh (fetch)"]
        print(f"hf papers ls / papers day (cached):  {hf_ms / day_cached:.1f}x")
        print(f"hf papers ls / papers day --refresh: {hf_ms / day_fetch:.1f}x")


if __name__ == "__main__":
    main()
