"""Search and filtered listings over a 100,000-paper library (issue 3's targets).

    python bench/search.py [--papers N] [--runs N]

Imports N synthetic papers (realistic lengths, Zipf-distributed vocabulary) through
`papers import`, reports the import throughput, then times whole `papers` processes: offline
full-text searches for a word in 5% of abstracts (a typical topic word) and one in 48% (the
worst case: bm25 scores every match), browsing a rare and a common family, and
family-filtered listings, each against `python -c pass`. Target: 150 ms median each.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _synth import write_chunks
from _util import isolated_env, median_ms, papers_exe, table, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9")
        files = write_chunks(args.papers, root / "synth")
        start = time.perf_counter()
        proc = subprocess.run([exe, "import", *map(str, files)], env=env, capture_output=True,
                              text=True)
        took = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        db = root / "cache" / "papercli" / "library.db"
        size = sum(p.stat().st_size for p in db.parent.glob("library.db*"))
        print(f"import: {args.papers:,} papers in {took:.1f} s = {args.papers / took:,.0f} "
              f"papers/s; library {size / 2**20:.0f} MiB")
        py = sys.executable
        cases = [
            ("python -c pass", [py, "-c", "pass"]),
            ("papers search supervised --offline --json (word in 5%)",
             [exe, "search", "supervised", "--offline", "--json"]),
            ("papers search multimodal --offline --json (word in 48%)",
             [exe, "search", "multimodal", "--offline", "--json"]),
            ("papers search --family LLaVA --json (browse, 1.4%)",
             [exe, "search", "--family", "LLaVA", "--json"]),
            ("papers search --family GPT --json (browse, 40%)",
             [exe, "search", "--family", "GPT", "--json"]),
            ("papers day 2024-06-03 --family LLaVA --offline --json",
             [exe, "day", "2024-06-03", "--family", "LLaVA", "--offline", "--json"]),
            ("papers day 2024-06-03 --family LLaVA --offline (table)",
             [exe, "day", "2024-06-03", "--family", "LLaVA", "--offline"]),
        ]
        rows = []
        base = 0.0
        for name, cmd in cases:
            ms = median_ms(wall(cmd, env, runs=args.runs))
            base = base or ms
            target = "" if name.startswith("python") else ("≤ 150 ms " +
                                                           ("ok" if ms <= 150 else "MISSED"))
            rows.append((name, f"{ms:.1f}", f"{ms / base:.1f}x", target))
    print(f"{args.papers:,} papers, median of {args.runs} runs")
    print(table(["command", "wall ms", "vs python", "target"], rows))


if __name__ == "__main__":
    main()
