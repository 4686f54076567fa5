"""Sync of one year of Daily Papers from a loopback Hub with 50 ms latency per request.

    python bench/sync.py [--per-day N] [--latency SECONDS] [--year YYYY]

`papers sync` (whole months, paginated, 4 requests at a time; and with --concurrency 1)
against the naive way: the same 365 days fetched one request at a time, in sequence, and
stored in the same library format. Reports wall time, requests made, papers stored and the
peak memory of each process. Every run starts from an empty library; the first is then
followed by `papers sync --refresh` of the same year into the library it filled (every
paper known and unchanged: the writes whose outcome the sync's tally counts paper by
paper, `Store._write_rows`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from _measure import checked
from _util import ROOT, isolated_env, papers_exe, table

SEQUENTIAL = """
import sys
from datetime import date, timedelta
from papercli import listings, periods
from papercli.session import Session

session = Session.create()
store, client = session.store(), session.client()
day, end = date.fromisoformat(sys.argv[1]), date.fromisoformat(sys.argv[2])
while day <= end:
    papers = client.daily_papers(date=day.isoformat(), limit=100, page=0).papers
    listings.save_period(store, periods.day(day), papers)
    day += timedelta(days=1)
session.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-day", type=int, default=40, help="papers per day (default 40)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    if not 1 <= args.per_day <= 100:
        parser.error("--per-day must be 1..100 (the sequential baseline fetches one page)")

    from hubserver import HubServer

    exe = papers_exe()
    since, until = date(args.year, 1, 1), date(args.year, 12, 31)
    server = HubServer().start()
    try:
        by_day = server.fill(since, until, per_day=args.per_day)
        expected = sum(len(ids) for ids in by_day.values())
        server.state.latency = args.latency
        runs = [
            ("papers sync (months, concurrency 4)", [exe, "sync", "--since", str(since),
                                                     "--until", str(until), "--json"]),
            ("papers sync --concurrency 1", [exe, "sync", "--since", str(since), "--until",
                                             str(until), "--concurrency", "1", "--json"]),
            ("one day per request, in sequence",
             [sys.executable, "-c", SEQUENTIAL, str(since), str(until)]),
        ]
        rows = []
        for name, cmd in runs:
            with tempfile.TemporaryDirectory() as tmp:
                env = isolated_env(Path(tmp), HF_ENDPOINT=server.url,
                                   PAPERS_NOW=f"{args.year + 1}-02-01T12:00:00Z",
                                   PYTHONPATH=str(ROOT / "src"))
                server.reset_log()
                result = checked(cmd, env)
                requests = server.count("/api/daily_papers")
                stored = checked([exe, "cache", "info", "--json"], env)
                papers = json.loads(stored.stdout)["papers"]
                if papers != expected:
                    raise SystemExit(f"bench: {name} stored {papers} papers, not {expected}")
                rows.append((name, requests, f"{result.seconds:.2f}", f"{papers:,}",
                             f"{result.peak_mib:.0f}"))
                if len(rows) == 1:  # (again, into the library it filled)
                    server.reset_log()
                    again = checked([*cmd, "--refresh"], env)
                    summary = json.loads(again.stdout)
                    if summary.get("unchanged") != expected:
                        raise SystemExit(f"bench: --refresh counted {summary}, not "
                                         f"{expected} unchanged")
                    rows.append(("  the same again with --refresh",
                                 server.count("/api/daily_papers"), f"{again.seconds:.2f}",
                                 f"{papers:,}", f"{again.peak_mib:.0f}"))
    finally:
        server.stop()
    base = float(rows[-1][2])
    rows = [(*r[:3], f"{base / float(r[2]):.1f}x", *r[3:]) for r in rows]
    print(f"sync of {args.year} ({expected:,} papers, {args.per_day}/day) from a loopback Hub, "
          f"{args.latency * 1000:.0f} ms per request")
    print(table(["method", "requests", "wall s", "speed-up", "papers", "peak MiB"], rows))


if __name__ == "__main__":
    main()
