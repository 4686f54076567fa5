"""`papers trends` over a big library: whole-process time per series kind.

    python bench/trends.py [--papers N] [--runs N]

Imports N synthetic papers (bench/_synth.py, spread over two years, each with 0-4 AI
keywords from a Zipf-like list of 2,000 and an organization in half of them) through
`papers import`, which also files them under day listings, then times whole `papers
trends` processes (default range: six months, monthly; and a weekly one over a year) by
family, organization and keyword, against `python -c pass`. Medians of N runs.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from _synth import items, write_items
from _util import isolated_env, median_ms, papers_exe, table, wall

ORGS = [f"org{i}" for i in range(300)]
KEYWORDS = [f"keyword {i}" for i in range(2000)]


def write(n: int, folder: Path, chunk: int = 20000) -> list[Path]:
    """_synth's papers over 700 days, with AI keywords (some capitalised) and organizations."""
    rng = random.Random(3)
    weights = [1.0 / (r + 5) for r in range(len(KEYWORDS))]

    def dressed() -> Iterator[dict]:
        for item in items(n, start=date(2025, 1, 1), days=700):
            item["paper"]["ai_keywords"] = [
                k.title() if rng.random() < 0.3 else k
                for k in rng.choices(KEYWORDS, weights=weights, k=rng.randint(0, 4))]
            if rng.random() < 0.5:
                org = rng.choice(ORGS)
                item["organization"] = {"name": org, "fullname": org.upper()}
            yield item

    return write_items(dressed(), folder, chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9",
                           PAPERS_NOW="2026-11-25T12:00:00Z")
        files = write(args.papers, root / "synth")
        start = time.perf_counter()
        proc = subprocess.run([exe, "import", *map(str, files)], env=env, capture_output=True,
                              text=True)
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        print(f"import: {args.papers:,} papers in {time.perf_counter() - start:.1f} s")
        year = ["--since", "2025-11-25"]
        cases = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("papers orgs (a reference: one GROUP BY)", [exe, "orgs"]),
            ("papers trends (family, 6 months)", [exe, "trends"]),
            ("papers trends --by org", [exe, "trends", "--by", "org"]),
            ("papers trends --by keyword", [exe, "trends", "--by", "keyword"]),
            ("papers trends --by keyword --every week (1 year)",
             [exe, "trends", "--by", "keyword", "--every", "week", *year]),
            ("papers trends -k model --json (word filter)",
             [exe, "trends", "-k", "model", "--json"]),
            # A word in about 1.5% of the papers: read only where the index finds it.
            ("papers trends -k internvl2 --json (a rare word)",
             [exe, "trends", "-k", "internvl2", "--json"]),
        ]
        rows = [(name, f"{median_ms(wall(cmd, env, runs=args.runs, warmup=1)):.0f}")
                for name, cmd in cases]
        print(table(["command", f"median ms ({args.papers:,} papers)"], rows))


if __name__ == "__main__":
    main()
