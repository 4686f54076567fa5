"""Relevance at library scale: retraining, `papers for-you`, `papers related`, and the extra
cost of ranking one cached day.

    python bench/ranking_speed.py [--papers N] [--stars N] [--runs N] [--keep DIR]

A synthetic library (bench/_synth.py: 100,000 papers over two years, about 137 listed a
day) is loaded through `papers import`; 200 papers spread over it are starred and 500
marked as seen. Then, as whole processes (wall time and each process's own peak memory):
the first `papers for-you` (fits the vocabulary and trains the model), the first one after
a new star, read mark or hide (trains the model only: a pass over the marked papers; the
ratio to a cached run is the figure to watch), cached runs of `papers for-you`, the first
`papers related ID` (learns the library's topics once) and cached ones, and
`papers day D --offline --json` against `papers for-you --since D --until D --json` for
one day. In-process, the same day is scored by a cached model (`Taste.load` + `score`),
the cost `--sort relevance` adds to a listing. `--keep DIR` builds the library once and
reuses it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _measure import Measured, checked
from _synth import write_chunks
from _util import ROOT, isolated_env, papers_exe, table

START = date(2024, 1, 1)
DAYS = 730


def build(exe: str, root: Path, env: dict[str, str], n: int, *, start: date = START,
          days: int = DAYS) -> None:
    marker = root / "built.json"
    if marker.is_file() and json.loads(marker.read_text()).get("papers") == n:
        return
    folder = root / "synth"
    for path in write_chunks(n, folder, start=start, days=days):
        checked([exe, "import", str(path)], env)
        path.unlink()
    marker.write_text(json.dumps({"papers": n}))


def library_ids(root: Path) -> list[str]:
    import sqlite3

    db = root / "cache" / "papercli" / "library.db"
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM papers ORDER BY rowid")]


def timed(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, Measured]:
    checked(cmd, env)  # warm
    results = [checked(cmd, env) for _ in range(runs)]
    return (statistics.median(r.seconds for r in results) * 1000,
            max(r.peak_mib for r in results), results[0])


def in_process_day(env: dict[str, str], day: date, runs: int) -> tuple[float, float, int]:
    """Median ms to load the cached taste and score one day's listing, and to read it."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    from papercli import ranking
    from papercli.session import Session

    session = Session.create(offline=True)
    store = session.store()
    scoring, reading = [], []
    papers: list = []
    for _ in range(runs):
        t0 = time.perf_counter()
        papers = store.listing_papers(f"day:{day.isoformat()}")
        t1 = time.perf_counter()
        with session.userdb() as udb:
            taste = ranking.Taste.load(store, udb)
        taste.score(papers)
        t2 = time.perf_counter()
        reading.append(t1 - t0)
        scoring.append(t2 - t1)
    session.close()
    return statistics.median(scoring) * 1000, statistics.median(reading) * 1000, len(papers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--stars", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
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
        build(exe, root, env, args.papers)
        print(f"library ready in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        ids = library_ids(root)
        step = max(1, len(ids) // args.stars)
        starred = ids[::step][: args.stars]
        user_db = root / "data" / "papercli" / "user.db"
        user_db.unlink(missing_ok=True)
        for i in range(0, len(starred), 100):
            checked([exe, "star", "--offline", *starred[i : i + 100]], env)
        seen = ids[7::step // 2 or 1][:500]
        import sqlite3

        with sqlite3.connect(user_db) as conn:
            conn.executemany("INSERT OR IGNORE INTO seen (paper_id, seen_at) VALUES (?, ?)",
                             [(pid, "2025-12-01T00:00:00Z") for pid in seen])
        cache = root / "cache" / "papercli" / "ranking"
        os.environ.pop("PAPERS_NOW", None)
        for name in ("vocabulary.json", "taste.json", "topics.json"):
            (cache / name).unlink(missing_ok=True)
        rows = []
        first = checked([exe, "for-you", "--json"], env)
        rows.append(("first papers for-you (fit vocabulary + train)",
                     f"{first.seconds * 1000:,.0f}", f"{first.peak_mib:.0f}"))
        # The first for-you after each kind of mark: a retrain on the marked papers only.
        after: dict[str, list[float]] = {"star": [], "read": [], "hide": []}
        peaks: dict[str, float] = {k: 0.0 for k in after}
        for k in range(args.runs):
            for n, (mark, verb) in enumerate((("star", "star"), ("read", "read"),
                                              ("hide", "hide"))):
                pid = ids[len(ids) // 2 + 1 + 3 * k + n]
                checked([exe, verb, "--offline", pid], env)
                got = checked([exe, "for-you", "--json"], env)
                after[mark].append(got.seconds * 1000)
                peaks[mark] = max(peaks[mark], got.peak_mib)
        ms, peak, out = timed([exe, "for-you", "--json"], env, args.runs)
        shown = len(json.loads(out.stdout))
        week = len(json.loads(checked([exe, "for-you", "--json", "-n", "0"], env).stdout))
        cached_ms = ms
        for mark, values in after.items():
            med = statistics.median(values)
            rows.append((f"first papers for-you after a {mark} (retrain; x cached)",
                         f"{med:,.0f} ({med / cached_ms:.2f}x)", f"{peaks[mark]:.0f}"))
        rows.append((f"papers for-you --json (cached; {week} papers of 7 days, top {shown})",
                     f"{ms:,.0f}", f"{peak:.0f}"))
        ms, peak, _ = timed([exe, "for-you"], env, args.runs)
        rows.append(("papers for-you (table)", f"{ms:,.0f}", f"{peak:.0f}"))
        ms, peak, _ = timed([exe, "for-you", "--json", "-n", "0"], env, args.runs)
        rows.append((f"papers for-you --json -n 0 (all {week}: JSON of every abstract)",
                     f"{ms:,.0f}", f"{peak:.0f}"))
        target = ids[len(ids) // 3]
        learn = checked([exe, "related", target, "--offline", "--json"], env)
        rows.append(("first papers related (learns the library's topics)",
                     f"{learn.seconds * 1000:,.0f}", f"{learn.peak_mib:.0f}"))
        ms, peak, out = timed([exe, "related", target, "--offline", "--json"], env, args.runs)
        rows.append((f"papers related ID --json (top {len(json.loads(out.stdout))})",
                     f"{ms:,.0f}", f"{peak:.0f}"))
        ms, peak, _ = timed([exe, "related", target, "--offline", "--explain"], env, args.runs)
        rows.append(("papers related ID --explain (table)", f"{ms:,.0f}", f"{peak:.0f}"))
        ms, peak, _ = timed([exe, "related", target, ids[len(ids) // 5], "--offline", "--json"],
                            env, args.runs)
        rows.append(("papers related ID ID --json (two papers)", f"{ms:,.0f}", f"{peak:.0f}"))
        ms, peak, _ = timed([exe, "show", target, "--offline"], env, args.runs)
        rows.append(("papers show ID --offline (with its For you line)", f"{ms:,.0f}",
                     f"{peak:.0f}"))
        ms, peak, _ = timed([exe, "search", "--offline", "--json", "-n", "20"], env, args.runs)
        rows.append(("papers search --offline --json -n 20 (for scale)", f"{ms:,.0f}",
                     f"{peak:.0f}"))
        day = last - timedelta(days=3)
        ms_day, peak_day, out = timed([exe, "day", day.isoformat(), "--offline", "--json"],
                                      env, args.runs)
        n_day = len(json.loads(out.stdout))
        rows.append((f"papers day D --offline --json ({n_day} papers; baseline)",
                     f"{ms_day:,.0f}", f"{peak_day:.0f}"))
        ms, peak, _ = timed([exe, "for-you", "--since", day.isoformat(), "--until",
                             day.isoformat(), "--json", "-n", "0"], env, args.runs)
        rows.append(("papers for-you --since D --until D --json -n 0 (the same day ranked)",
                     f"{ms:,.0f}", f"{peak:.0f}"))
        scoring, reading, count = in_process_day(env, day, args.runs)
        rows.append((f"in process: Taste.load (cached) + score({count} papers)",
                     f"{scoring:,.1f}", ""))
        rows.append(("in process: reading that day's listing (for scale)", f"{reading:,.1f}",
                     ""))
    print(f"relevance on {len(ids):,} synthetic papers, {args.stars} stars + 1, 500 seen "
          f"(Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(table(["what", "ms", "peak MiB"], rows))


if __name__ == "__main__":
    main()
