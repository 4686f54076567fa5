"""Start-up cost: `papers --help` and a cached `papers today` against `python -c pass`.

    python bench/startup.py [--runs N]

Whole-process wall medians. The cached listing holds 50 papers; after it is cached the
Hub address is pointed at a closed port, so the timed runs prove they use no network.
Listings and search take the Typer-free fast path (cli/fast.py); `show` and `--help` show
what a command costs through Typer.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from _util import isolated_env, median_ms, papers_exe, table, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    from hubserver import HubServer, seed_items

    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        today = datetime.now(UTC).date()
        base = seed_items()
        items = []
        for n in range(50):
            item = json.loads(json.dumps(base[n % len(base)]))
            item["paper"]["id"] = f"2611.{n:05d}"
            items.append(item)
        server = HubServer().start()
        server.set_day(today, items)
        env = isolated_env(root, HF_ENDPOINT=server.url)
        warm = subprocess.run([exe, "today", "--json"], env=env, capture_output=True, text=True)
        server.stop()
        assert warm.returncode == 0 and len(json.loads(warm.stdout)) == 50, warm.stderr
        env["HF_ENDPOINT"] = "http://127.0.0.1:9"  # closed: a cached run must not need it

        py = sys.executable
        cases = [
            ("python -c pass", [py, "-c", "pass"], False),
            ("python -c 'import typer'", [py, "-c", "import typer"], False),
            ("papers --help", [exe, "--help"], False),
            ("papers today (cached, 50 papers)", [exe, "today"], False),
            ("papers today (cached, on a terminal)", [exe, "today"], True),
            ("papers today --json (cached)", [exe, "today", "--json"], False),
            ("papers show ID --offline --json (through Typer)",
             [exe, "show", "2611.00000", "--offline", "--json"], False),
        ]
        results = [(name, median_ms(wall(cmd, env, runs=args.runs, tty=tty)))
                   for name, cmd, tty in cases]
    base_ms = results[0][1]
    targets = {"papers --help": "≤ 8x", "papers today (cached, 50 papers)": "≤ 10x",
               "papers today (cached, on a terminal)": "≤ 10x"}
    rows = []
    for name, ms in results:
        target = targets.get(name, "")
        if target:
            target += " ok" if ms / base_ms <= float(target.split()[1][:-1]) else " MISSED"
        rows.append((name, f"{ms:.1f}", f"{ms / base_ms:.1f}x", target))
    print(f"start-up, median of {args.runs} runs (Python {sys.version.split()[0]})")
    print(table(["command", "wall ms", "vs python", "target"], rows))


if __name__ == "__main__":
    main()
