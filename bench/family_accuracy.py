#!/usr/bin/env python3
"""Precision and recall of the built-in model-family rules, per family.

Runs the matcher over the labelled cases in tests/data/family_cases.json (written by
hand: compounds, versions and look-alikes for every family) and prints a plain table.
A rule change that trades precision for recall shows up here before it reaches users.

    python bench/family_accuracy.py            # the accuracy table
    python bench/family_accuracy.py --speed    # ... and match() throughput
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from papercli.families import FamilyMatcher, build_matcher  # noqa: E402

CASES = ROOT / "tests" / "data" / "family_cases.json"
SEED = ROOT / "tests" / "data" / "search-llama.json"


def load_cases() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(CASES.read_text(encoding="utf-8"))
    return data


def score(matcher: FamilyMatcher, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per family: cases about it, TP, FP, FN, precision, recall."""
    rows: dict[str, dict[str, Any]] = {
        name: {"family": name, "cases": 0, "tp": 0, "fp": 0, "fn": 0}
        for name in matcher.names()
    }
    for case in cases:
        got = set(matcher.match(case["title"], case["summary"], case.get("keywords", ())))
        expected = set(case["expected"])
        if case.get("about") in rows:
            rows[case["about"]]["cases"] += 1
        for name, row in rows.items():
            row["tp"] += name in got and name in expected
            row["fp"] += name in got and name not in expected
            row["fn"] += name in expected and name not in got
    out = []
    for row in rows.values():
        predicted, actual = row["tp"] + row["fp"], row["tp"] + row["fn"]
        row["precision"] = row["tp"] / predicted if predicted else None
        row["recall"] = row["tp"] / actual if actual else None
        out.append(row)
    return out


def table(rows: list[dict[str, Any]], total_cases: int) -> str:
    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    header = ("family", "cases", "TP", "FP", "FN", "precision", "recall")
    body = [
        (r["family"], str(r["cases"]), str(r["tp"]), str(r["fp"]), str(r["fn"]),
         fmt(r["precision"]), fmt(r["recall"]))
        for r in rows
    ]
    tp, fp, fn = (sum(r[k] for r in rows) for k in ("tp", "fp", "fn"))
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    body.append(
        ("(all)", str(total_cases), str(tp), str(fp), str(fn), fmt(precision), fmt(recall))
    )
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        padded = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded)

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(b) for b in body[:-1]), rule, line(body[-1])])


def speed(matcher: FamilyMatcher, n: int = 50_000) -> str:
    """Papers per second over realistic abstracts (the seed set, many families named)."""
    items = json.loads(SEED.read_text(encoding="utf-8"))
    papers = [(i["paper"]["title"], i["paper"]["summary"]) for i in items]
    corpus = (papers * (n // len(papers) + 1))[:n]
    chars = sum(len(t) + len(s) for t, s in corpus) / len(corpus)
    start = time.perf_counter()
    fresh = build_matcher()  # first match() compiles the regexes: include that cost
    for title, summary in corpus:
        fresh.match(title, summary)
    elapsed = time.perf_counter() - start
    return (f"match(): {n} papers (avg {chars:.0f} chars) in {elapsed:.2f} s = "
            f"{n / elapsed:,.0f} papers/s ({elapsed / n * 1e6:.1f} us/paper, one core)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="also time match()")
    args = parser.parse_args()
    matcher = build_matcher()
    cases = load_cases()
    rows = score(matcher, cases)
    print(f"{len(cases)} labelled cases, fingerprint {matcher.fingerprint}")
    print("cases = cases written for that family (positives and look-alikes); TP/FP/FN count")
    print("every family over all cases.\n")
    print(table(rows, len(cases)))
    if args.speed:
        print()
        print(speed(matcher))
    perfect = all(r["precision"] in (None, 1.0) and r["recall"] in (None, 1.0) for r in rows)
    return 0 if perfect else 1


if __name__ == "__main__":
    raise SystemExit(main())
