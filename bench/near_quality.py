"""How much of your taste's exact page `--sort relevance -n 10` keeps when it ranks only
the candidates the search index finds nearest the taste's words (`Store.nearest`, what a
library of more than `ranking.near_pool` matches gets).

    python bench/near_quality.py [--users N] [--pools 200,500,1000,2000] [--synthetic]

Simulated users, as in bench/relevance.py: each stars 10 papers of one topic (the real
archive's AI-keyword groups; synthetic topics without it). For each, the exact top 10
(every library paper scored) against the top 10 of each pool size's candidates: how many
of the 10 are kept, mean and worst over the users, and what share of the library the pool
is. Data: ../shared/real/daily_items.json when present (read, never copied).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from _util import ROOT, import_here, table
from relevance import PATTERNS, STARS, load_real, synthetic


def topics_of(items: list[dict[str, Any]], real: bool) -> dict[str, list[str]]:
    """Topic -> ids: the AI-keyword groups (real), or the synthetic topic."""
    out: dict[str, list[str]] = {}
    for item in items:
        paper = item["paper"]
        words = [str(k).lower() for k in paper.get("ai_keywords") or ()]
        names = ({g for g, pattern in PATTERNS.items() if any(pattern.search(w) for w in words)}
                 if real else set(words))
        for name in names:
            out.setdefault(name, []).append(str(paper["id"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=3, help="simulated users per topic")
    parser.add_argument("--pools", default="200,500,1000,2000")
    parser.add_argument("--synthetic", action="store_true", help="ignore the real data")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    items = None if args.synthetic else load_real()
    real = items is not None
    items = items if items is not None else synthetic()
    pools = [int(p) for p in args.pools.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        import_here(items, root, HF_ENDPOINT="http://127.0.0.1:9")
        from papercli import ranking
        from papercli.db.userdb import UserDB
        from papercli.filters import Filter
        from papercli.session import Session

        store = Session.create(offline=True).store()
        library = list(store.browse_all(Filter()))
        present = {p.id: p for p in library}
        rng = random.Random(5)
        kept: dict[int, list[int]] = {pool: [] for pool in pools}
        users = 0
        for _, ids in sorted(topics_of(items, real).items(), key=lambda kv: -len(kv[1])):
            members = [present[i] for i in ids if i in present]
            if len(members) < 4 * STARS:
                continue
            for _ in range(args.users):
                with UserDB.open(root / f"user{users}.db") as udb:
                    udb.star(rng.sample(members, STARS))
                    taste = ranking.Taste.load(store, udb)
                users += 1
                exact = {s.paper.id for s in taste.rank(iter(library), 10).scored}
                for pool in pools:
                    near = store.nearest("", None, taste.words(), pool)
                    assert near is not None  # (no page given: the candidates, always)
                    found = {s.paper.id for s in taste.rank(iter(near.papers), 10).scored}
                    kept[pool].append(len(exact & found))
    print(f"\n{'real archive' if real else 'synthetic topics'}: {len(library):,} papers, "
          f"{users} users ({args.users} per topic), each starring {STARS}")
    print(table(["candidates", "share of the library", "exact top 10 kept (mean)", "worst"],
                [(f"{pool:,}", f"{pool / len(library):.0%}",
                  f"{statistics.mean(kept[pool]):.2f}", f"{min(kept[pool])}")
                 for pool in pools]))


if __name__ == "__main__":
    main()
