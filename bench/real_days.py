"""Listing days on real Hub data: does `papers day D --offline` show what the Hub listed on D?

    python bench/real_days.py [--since 2025-03-17] [--page-cap 50] [--jobs 8]

Reads ../shared/real/daily_items.json (what `/api/daily_papers` returned on 580 days; third
party data, read here and never copied; the bench skips when it is absent) and fills two
empty temporary libraries with it: one by `papers import` of the whole file, one by
`papers sync` from a loopback Hub serving the archive (pages capped below papercli's limit,
as a Hub may do). Then, for every listing day since --since, it compares the ids of
`papers day D --offline --json` with the archive's (the items whose
`paper.submittedOnDailyAt[:10]` is D) and prints days checked / exact / wrong per way in.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _util import ROOT, isolated_env, papers_exe, table

ARCHIVE = ROOT.parent / "shared" / "real" / "daily_items.json"


def listed_day(item: dict[str, Any]) -> str | None:
    paper = item.get("paper") or {}
    when = paper.get("submittedOnDailyAt") or item.get("publishedAt")
    return when[:10] if isinstance(when, str) else None


def check(exe: str, env: dict[str, str], wanted: dict[str, set[str]], jobs: int
          ) -> tuple[int, int, list[str]]:
    """(exact, wrong, first wrong days) over every day in `wanted`."""

    def one(day: str) -> tuple[str, bool]:
        proc = subprocess.run([exe, "day", day, "--offline", "--json", "-n", "0"], env=env,
                              capture_output=True, text=True)
        got = {p["id"] for p in json.loads(proc.stdout)} if proc.returncode == 0 else set()
        return day, got == wanted[day]

    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(one, sorted(wanted)))
    wrong = [d for d, ok in results if not ok]
    return len(results) - len(wrong), len(wrong), wrong[:5]


def run(label: str, fill: Callable[[dict[str, str]], None], exe: str,
        wanted: dict[str, set[str]], jobs: int, now: str) -> list[object]:
    with tempfile.TemporaryDirectory(prefix="papers-real-") as tmp:
        env = isolated_env(Path(tmp), PAPERS_NOW=now, HF_ENDPOINT="http://127.0.0.1:9")
        started = time.perf_counter()
        fill(env)
        seconds = time.perf_counter() - started
        exact, wrong, examples = check(exe, env, wanted, jobs)
    return [label, len(wanted), exact, wrong, f"{seconds:.1f}", ", ".join(examples) or "-"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", default="2025-03-17")
    parser.add_argument("--page-cap", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args()
    if not ARCHIVE.is_file():
        print(f"bench/real_days: {ARCHIVE} is absent; skipped")
        return
    exe = papers_exe()
    items = json.loads(ARCHIVE.read_text(encoding="utf-8"))
    by_day: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        day = listed_day(item)
        if day:
            by_day.setdefault(day, []).append(item)
    wanted = {d: {i["paper"]["id"] for i in v} for d, v in by_day.items() if d >= args.since}
    last = max(by_day)
    now = f"{last}T23:00:00Z"

    def by_import(env: dict[str, str]) -> None:
        proc = subprocess.run([exe, "import", str(ARCHIVE)], env=env, capture_output=True,
                              text=True)
        if proc.returncode:
            sys.exit(f"bench: import failed: {proc.stderr}")

    def by_sync(env: dict[str, str]) -> None:
        from hubserver import HubServer

        hub = HubServer().start()
        try:
            hub.state.days.update(by_day)  # served as archived, never re-stamped
            hub.state.page_cap = args.page_cap
            env["HF_ENDPOINT"] = hub.url
            proc = subprocess.run([exe, "sync", "--since", min(by_day), "--until", last],
                                  env=env, capture_output=True, text=True)
            if proc.returncode:
                sys.exit(f"bench: sync failed: {proc.stderr}")
            env["HF_ENDPOINT"] = "http://127.0.0.1:9"
        finally:
            hub.stop()

    rows = [
        run("import", by_import, exe, wanted, args.jobs, now),
        run(f"sync (pages capped at {args.page_cap})", by_sync, exe, wanted, args.jobs, now),
    ]
    print(f"Listing days since {args.since}: `papers day D --offline --json` ids against the "
          f"archive ({len(items):,} items, {len(by_day)} days)")
    print(table(["way in", "days checked", "exact", "wrong", "fill s", "first wrong days"],
                rows))


if __name__ == "__main__":
    main()
