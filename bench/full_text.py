"""`papers show ID --full`: what drawing a full text costs, by its shape and size.

    python bench/full_text.py [--sizes 256,512,1024] [--width 80] [--memory]

In-process seconds to the first piece (what the pager shows first) and to the whole text
(what a pipe gets), and with --memory the peak of Python's allocations, for synthetic texts of each
shape at each size in KiB: a normal paper (sections, tables, code, math), one paragraph
with no blank line, many short lines, hostile LaTeX (openers that never close), and one
long code block. The cost should grow with the size, not its square: "x2" is the ratio
to the size before.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable

from _util import ROOT, table

sys.path.insert(0, str(ROOT / "src"))

SECTION = (
    "## 3 Method\n\nWe minimise $\\mathcal{L} = \\sum_i \\|x_i - \\hat{x}_i\\|^2$ over "
    "[the data](https://example.org/data) with *care* and **rigour**; see Table 1.\n\n"
    "| Method | MMLU | GSM8K | HumanEval | ARC-Challenge |\n|---|---|---|---|---|\n"
    "| Mistral-7B-Instruct-v0.2 | 60.1 | 40.2 | 30.5 | 63.1 |\n\n"
    "```python\nloss = ((x - x_hat) ** 2).sum()\n```\n\n"
)

SHAPES: dict[str, Callable[[int], str]] = {
    "paper": lambda n: (SECTION * (n // len(SECTION) + 1))[:n],
    "one paragraph": lambda n: ("word $x_i$ and *more* text [ref](https://a.b/c) "
                                * (n // 48 + 1))[:n],
    "short lines": lambda n: "a line\n" * (n // 7),
    "open \\(": lambda n: "\\( a " * (n // 5),
    "code block": lambda n: "```python\n" + "x = f(a[i], b={'k': 2})  # c\n" * (n // 30)
                            + "```\n",
}


def measure(text: str, memory: bool) -> tuple[float, float, float]:
    from papercli import output

    if memory:  # (tracemalloc makes it all a few times slower)
        tracemalloc.start()
    started = time.perf_counter()
    parts = output._full_text_rendered(text, None)
    next(parts, None)
    first = time.perf_counter() - started
    for _ in parts:
        pass
    whole = time.perf_counter() - started
    if not memory:
        return first, whole, 0.0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return first, whole, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="256,512,1024")
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--memory", action="store_true", help="and the peak (slower)")
    args = parser.parse_args()
    import os

    os.environ["COLUMNS"] = str(args.width)
    rows = []
    for shape, make in SHAPES.items():
        before = None
        for kib in (int(s) for s in args.sizes.split(",")):
            first, whole, peak = measure(make(kib * 1024), args.memory)
            ratio = f"{whole / before:.1f}" if before else ""
            rows.append([shape, kib, f"{first:.2f}", f"{whole:.2f}", ratio, f"{peak:.0f}"])
            before = whole
    print(table(["shape", "KiB", "first s", "whole s", "x2", "peak MiB"], rows))


if __name__ == "__main__":
    main()
