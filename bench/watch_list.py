"""`papers watch list` against a cached listing, over a library of synthetic papers.

    python bench/watch_list.py [--papers N] [--runs N]

Whole-process wall medians (stdout to a pipe), beside `python -c pass` and a cached
`papers day` of the same library, so `watch list` can be seen to cost what a listing does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _synth import write_chunks
from _util import isolated_env, median_ms, papers_exe, table, wall

WATCHES = (["llava", "--family", "LLaVA-1.5"],
           ["quant", "--keyword", "quantization", "--min-upvotes", "5"],
           ["lab", "--author", "Lee", "--exclude", "survey"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = isolated_env(root)
        files = write_chunks(args.papers, root / "items")
        subprocess.run([exe, "import", *map(str, files)], env=env, check=True,
                       capture_output=True)
        for words in WATCHES:
            subprocess.run([exe, "watch", "add", *words], env=env, check=True,
                           capture_output=True)
        day = subprocess.run([exe, "search", "-n", "1", "--json"], env=env, check=True,
                             capture_output=True, text=True).stdout.split('"published_at": "')
        date = day[1][:10] if len(day) > 1 else "2024-06-03"
        rows = []
        for label, cmd in (("python -c pass", [sys.executable, "-c", "pass"]),
                           ("papers day DATE --offline", [exe, "day", date, "--offline"]),
                           ("papers watch list", [exe, "watch", "list"]),
                           ("papers watch list --json", [exe, "watch", "list", "--json"])):
            rows.append([label, f"{median_ms(wall(cmd, env, runs=args.runs)):.0f}"])
        print(f"{args.papers:,} papers, {len(WATCHES)} watches, median of {args.runs} runs")
        print(table(["command", "ms"], rows))


if __name__ == "__main__":
    main()
