"""papers import of arXiv's metadata snapshot: papers per second against plain json.loads.

    python bench/arxiv_snapshot.py [-n 100000] [--category 'cs.*']

Writes N invented snapshot lines (shapes of arxiv-metadata-oai-snapshot.json, made-up
ids, titles and people) to a temporary directory, then times, into a fresh library:
`papers import FILE` (all of it, and with a category filter), a rerun of the finished
import (every paper already stored at its version), and for scale a loop that only does
`json.loads` of every line. Prints a table of wall time, rate and peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from _measure import checked
from _util import isolated_env, papers_exe, table

CATEGORIES = ["cs.CL", "cs.LG", "cs.CV", "stat.ML", "math.OC", "hep-th", "astro-ph.GA",
              "q-bio.NC", "physics.optics", "econ.EM"]
WORDS = ["tidal", "tokens", "lattice", "sparse", "orbit", "kernel", "meadow", "quiver",
         "granite", "lantern", "ripple", "vector", "harbor", "cobalt", "prism", "thicket"]


def synth_line(rng: random.Random, i: int) -> str:
    """One invented snapshot record (never real data)."""
    year, month = 15 + i % 10, 1 + i % 12  # five-digit numbers: 2015 on
    cats = rng.sample(CATEGORIES, rng.randint(1, 3))
    people = [[rng.choice(WORDS).title(), rng.choice(WORDS).title()[0] + ".", ""]
              for _ in range(rng.randint(1, 6))]
    versions = [{"version": f"v{v}", "created": f"Mon, {1 + v} Jan 2024 10:00:00 GMT"}
                for v in range(1, rng.randint(1, 4) + 1)]
    return json.dumps({
        "id": f"{year:02d}{month:02d}.{i % 100000:05d}",
        "submitter": " ".join(people[0][:2]),
        "authors": ", ".join(f"{p[1]} {p[0]}" for p in people),
        "title": " ".join(rng.choice(WORDS) for _ in range(8)).capitalize(),
        "comments": f"{rng.randint(4, 40)} pages" if i % 3 else None,
        "journal-ref": None, "doi": None if i % 5 else f"10.5555/invented.{i}",
        "report-no": None, "categories": " ".join(cats), "license": None,
        "abstract": "  " + " ".join(rng.choice(WORDS) for _ in range(150)) + ".\n",
        "versions": versions, "update_date": "2024-01-05", "authors_parsed": people,
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--category", default="cs.*")
    args = parser.parse_args()
    exe = papers_exe()
    rng = random.Random(21)
    with tempfile.TemporaryDirectory(prefix="papers-snapshot-") as tmp:
        root = Path(tmp)
        src = root / "arxiv-metadata-oai-snapshot.json"
        with src.open("w", encoding="utf-8") as out:
            for i in range(args.n):
                out.write(synth_line(rng, i) + "\n")
        size_mib = src.stat().st_size / 2**20
        start = time.perf_counter()
        with src.open("rb") as fh:
            for raw in fh:
                json.loads(raw)
        loads = time.perf_counter() - start
        rows: list[list[object]] = [["json.loads of every line", f"{loads:.2f}",
                                     f"{args.n / loads:,.0f}", "-"]]
        runs = [("papers import (all)", "all", []),
                ("rerun, all stored", "all", []),
                (f"papers import --category {args.category}", "cat",
                 ["--category", args.category])]
        for label, home, extra in runs:
            env = isolated_env(root / home)
            got = checked([exe, "import", str(src), *extra], env)
            rows.append([label, f"{got.seconds:.2f}", f"{args.n / got.seconds:,.0f}",
                         f"{got.peak_mib:.0f}"])
            print(f"{label}: {got.stderr.strip().splitlines()[-1]}", file=sys.stderr)
        print(f"{args.n:,} synthetic snapshot lines, {size_mib:,.0f} MiB\n")
        print(table(["run", "seconds", "lines/s", "peak MiB"], rows))


if __name__ == "__main__":
    main()
