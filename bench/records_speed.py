"""Rows into papers: CPU microseconds a row that `records.paper` (every listed row) and
`records.words_paper` (a word filter's count) take over every row of a library, for one or
more copies of the source side by side.

    python bench/records_speed.py [--library PATH/library.db | --papers N] [--src LABEL=PATH ...]
                                  [--runs N]

The rows are read once, then checked N times in a row; the best pass is kept (CPU time, as
a busy machine spoils wall time). With several sources, each pass is a process of its own
and the sources take turns (pass 1 of each, then pass 2), so a machine that gets busier
spoils every column alike. Without --library, N synthetic papers (bench/_synth.py,
default 10,000) are imported into a home of their own first. For a real figure, fill a
home from the real archive (`papers import daily_items.json`) and point --library at its
cache/papercli/library.db.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _synth import items
from _util import import_here, side_by_side_parser, sources, table

PASS = """
import json, sqlite3, sys, time
from papercli.db import records
from papercli.db.schema import PAPER_COLUMNS
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
out = {}
for name, read, columns in (("paper", records.paper, PAPER_COLUMNS),
                            ("words_paper", records.words_paper,
                             ", ".join(records.WORD_COLUMNS))):
    rows = conn.execute(f"SELECT {columns} FROM papers").fetchall()
    best = 9e9
    for _ in range(int(sys.argv[2])):
        start = time.process_time()
        for row in rows:
            read(row)
        best = min(best, time.process_time() - start)
    out[name] = [len(rows), best]
print(json.dumps(out))
"""


def one_pass(src: str, library: Path, repeats: int) -> dict[str, list[float]]:
    env = dict(os.environ, PYTHONPATH=src)
    proc = subprocess.run([sys.executable, "-c", PASS, str(library), str(repeats)],
                          env=env, capture_output=True, text=True, check=True)
    found: dict[str, list[float]] = json.loads(proc.stdout)
    return found


def main() -> None:
    parser = side_by_side_parser(__doc__, "--library", "a library.db to read (default: made)",
                                 "synthetic papers in the library made without --library")
    parser.add_argument("--runs", type=int, default=3, help="processes per source")
    parser.add_argument("--repeats", type=int, default=5, help="passes per process")
    args = parser.parse_args()
    folders = sources(args.src)
    best: dict[tuple[str, str], float] = {}
    rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        library = args.library
        if library is None:
            import_here(list(items(args.papers)), Path(tmp))
            library = Path(tmp) / "cache" / "papercli" / "library.db"
        for _ in range(args.runs):
            for label, src in folders:
                for name, (count, seconds) in one_pass(src, library, args.repeats).items():
                    rows = int(count)
                    best[label, name] = min(best.get((label, name), 9e9), seconds)
    print(f"rows into papers: {rows:,} rows of {args.library or 'a synthetic library'}, best of "
          f"{args.runs} x {args.repeats} passes (CPU µs a row)")
    print(table(["source", "records.paper", "records.words_paper"],
                [[label, f"{best[label, 'paper'] / rows * 1e6:.1f}",
                  f"{best[label, 'words_paper'] / rows * 1e6:.1f}"]
                 for label, _ in folders]))


if __name__ == "__main__":
    main()
