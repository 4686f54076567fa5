"""A library of 1,000,000 papers: import throughput, database size, offline search speed.

    python bench/library.py [--papers N] [--chunk N] [--runs N] [--keep DIR]

Synthetic Hub-shaped papers with realistic lengths (bench/_synth.py: titles of about 80
characters, abstracts of 1,200-1,800, 3-15 authors) are written in chunk files and loaded
through `papers import`, one process per chunk, the way a user would load a large dump; the
next chunk is generated while the previous one imports. Then whole `papers search WORD
--offline --json` processes are timed. Peak memory is each process's own maximum resident
set (os.wait4). About 15 minutes for a million papers on 2 cores; --papers 100000 for a
quick run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Queue

from _measure import checked, measure
from _synth import items
from _util import isolated_env, papers_exe, table

SEARCHES = [
    ("quantization", "a topical word"),
    ("model", "a very common word"),
    ('"large language"', "a phrase"),
]


def produce(n: int, chunk: int, folder: Path, out: Queue[Path | None]) -> None:
    """Write chunk files as fast as they are taken (at most two waiting on disk)."""
    batch: list[dict] = []
    count = 0
    for item in items(n):
        batch.append(item)
        if len(batch) == chunk:
            out.put(_write(folder, count, batch))
            count += 1
            batch = []
    if batch:
        out.put(_write(folder, count, batch))
    out.put(None)


def _write(folder: Path, n: int, batch: list[dict]) -> Path:
    path = folder / f"chunk-{n:04d}.json"
    path.write_text(json.dumps(batch))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=50_000, help="papers per import process")
    parser.add_argument("--runs", type=int, default=11, help="timed runs per search")
    parser.add_argument("--keep", type=Path, help="build the library in DIR and keep it")
    args = parser.parse_args()
    exe = papers_exe()
    if measure([exe, "search", "--help"]).returncode != 0:
        sys.exit("bench: this papercli has no `papers search` yet")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        env = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9")  # offline by force
        synth = Path(tmp) / "synth"
        synth.mkdir()
        chunks: Queue[Path | None] = Queue(maxsize=2)
        producer = threading.Thread(target=produce, args=(args.papers, args.chunk, synth,
                                                          chunks), daemon=True)
        started = time.perf_counter()
        producer.start()
        import_seconds = 0.0
        import_peak = 0.0
        done = 0
        while (path := chunks.get()) is not None:
            result = checked([exe, "import", str(path), "--json"], env)
            report = json.loads(result.stdout)
            done += report["added"] + report["updated"]
            import_seconds += result.seconds
            import_peak = max(import_peak, result.peak_mib)
            path.unlink()
            print(f"  imported {done:,} papers ({done / import_seconds:,.0f}/s)",
                  file=sys.stderr, flush=True)
        total = time.perf_counter() - started
        db = root / "cache" / "papercli" / "library.db"
        checked([exe, "cache", "info", "--json"], env)  # folds the WAL into the file
        size = sum(p.stat().st_size for p in db.parent.glob("library.db*"))
        rows = [
            (f"papers import ({args.chunk:,} per process)", f"{done:,} papers",
             f"{import_seconds:.0f} s total, {done / import_seconds:,.0f} papers/s",
             f"{import_peak:.0f}"),
            ("library.db", f"{size / 2**30:.2f} GiB" if size > 2**30 else
             f"{size / 2**20:.0f} MiB", f"{size / max(done, 1):,.0f} bytes per paper", ""),
        ]
        for word, what in SEARCHES:
            cmd = [exe, "search", word, "--offline", "--json"]
            checked(cmd, env)  # warm the page cache once, as a second search would
            runs = [checked(cmd, env) for _ in range(args.runs)]
            hits = len(json.loads(runs[0].stdout))
            median = statistics.median(r.seconds for r in runs) * 1000
            rows.append((f"papers search {word} --offline --json", f"{what}, {hits} shown",
                         f"{median:.0f} ms median of {args.runs}",
                         f"{max(r.peak_mib for r in runs):.0f}"))
    print(f"library of {done:,} synthetic papers (built in {total / 60:.1f} min, "
          f"Python {sys.version.split()[0]})")
    print(table(["what", "size", "result", "peak MiB"], rows))


if __name__ == "__main__":
    main()
