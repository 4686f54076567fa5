"""papers sync --arxiv: a year of one busy category through the loopback arXiv API, paced.

    python bench/arxiv_sync.py [-n 40000] [--interval 3] [--year 2024]

Serves N invented cs.CL papers spread evenly over a year (about 110 a day) from the
loopback arXiv of the tests, then times `papers sync --arxiv cs.CL` over that year into a
fresh library, at arXiv's pacing (3 s between requests by default; `--interval` shortens
it for a quick run, through PAPERS_ARXIV_INTERVAL, which only a non-arXiv endpoint obeys).
Prints requests made, wall time, the pacing floor (requests x interval), wall / floor and
papers stored per second, for the first run and for a rerun (everything already stored).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from _measure import checked
from _util import isolated_env, papers_exe, table

from arxivserver import ArxivServer, Paper


def invented_year(n: int, year: int) -> list[Paper]:
    """n made-up cs.CL papers, evenly over the year's days, ids numbered per month."""
    first = datetime(year, 1, 1, tzinfo=UTC)
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    per_month: dict[int, int] = {}
    out = []
    for i in range(n):
        moment = first + timedelta(seconds=int(i * days * 86400 / n))
        count = per_month.get(moment.month, 0)
        per_month[moment.month] = count + 1
        out.append(Paper(f"{year % 100:02d}{moment.month:02d}.{count:05d}",
                         f"Invented study {i} of tidal lattices", ["cs.CL"], moment,
                         authors=[f"Author {i % 977}"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40_000)
    parser.add_argument("--interval", type=float, default=3.0,
                        help="seconds between requests (arXiv's rule: 3)")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    exe = papers_exe()
    with ArxivServer() as server, tempfile.TemporaryDirectory(prefix="papers-arx-") as tmp:
        server.add(*invented_year(args.n, args.year))
        env = isolated_env(Path(tmp), ARXIV_API_ENDPOINT=server.api_url,
                           ARXIV_RSS_ENDPOINT=server.rss_url,
                           PAPERS_ARXIV_INTERVAL=str(args.interval))
        cmd = [exe, "sync", "--arxiv", "cs.CL", "--since", f"{args.year}-01-01",
               "--until", f"{args.year}-12-31", "--json"]
        rows: list[list[object]] = []
        for label in ("first sync", "rerun (all stored)"):
            got = checked(cmd, env)
            summary = json.loads(got.stdout)
            requests, stored = summary["requests"], summary["papers"]
            floor = requests * args.interval
            rows.append([label, requests, f"{got.seconds:.1f}", f"{floor:.1f}",
                         f"{got.seconds / floor:.2f}" if floor else "-",
                         f"{stored / got.seconds:,.0f}"])
            print(f"{label}: {got.stderr.strip().splitlines()[-1]}", file=sys.stderr)
        print(f"{args.n:,} invented cs.CL papers over {args.year}, "
              f"{args.interval:g} s between requests\n")
        print(table(["run", "requests", "wall s", "floor s", "wall/floor", "papers/s"], rows))


if __name__ == "__main__":
    main()
