"""`papers trends` over a big library: whole-process time and peak memory per series kind.

    python bench/trends.py [--papers N] [--runs N] [--best] [--cache DIR]
                           [--baseline OTHER/src ...] [--only WORDS ...]

Imports N synthetic papers (bench/_synth.py, spread over two years, each with 0-4 AI
keywords from a Zipf-like list of 2,000, an organization in half of them, and in about
one in six an acronym keyword, "LLMs", "RL", "LoRA", ..., whose abstract defines it in
two of three, "large language models (LLMs)", so that the keyword merge reads abstracts
as on the Hub's data) through `papers import`, which also files them under day listings,
then times whole `papers trends` processes (default range: six months, monthly; and a
weekly one over a year) by family, organization and keyword, against `python -c pass`.
Medians of N runs (--best: the fastest), and the peak resident memory of the runs.

--cache keeps the imported library there for the next run (a million papers take long
to import). --baseline OTHER/src [...] times other copies of papercli (a worktree of the commit
before a change) in the same run, each command's runs alternating between them: before
and after side by side, on one machine at one moment.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from _measure import checked
from _synth import items, write_items
from _util import isolated_env, papers_exe, table

ORGS = [f"org{i}" for i in range(300)]
KEYWORDS = [f"keyword {i}" for i in range(2000)]
# Acronym keywords as the Hub writes them, with the expansion an abstract defines them by
# (a keyword too, in some papers: the merge joins both).
ACRONYMS = {"LLMs": "large language models", "RL": "reinforcement learning",
            "LoRA": "low-rank adaptation", "VLMs": "vision-language models",
            "CoT": "chain-of-thought", "RAG": "retrieval-augmented generation",
            "MoE": "mixture of experts", "DPO": "direct preference optimization"}


def write(n: int, folder: Path, chunk: int = 20000) -> list[Path]:
    """_synth's papers over 700 days, with AI keywords (some capitalised, some acronyms an
    abstract defines) and organizations."""
    rng = random.Random(3)
    weights = [1.0 / (r + 5) for r in range(len(KEYWORDS))]
    acronyms = list(ACRONYMS)

    def dressed() -> Iterator[dict]:
        for item in items(n, start=date(2025, 1, 1), days=700):
            keywords = [k.title() if rng.random() < 0.3 else k
                        for k in rng.choices(KEYWORDS, weights=weights, k=rng.randint(0, 4))]
            if rng.random() < 0.16:
                acr = rng.choice(acronyms)
                keywords.append(acr)
                if rng.random() < 0.67:
                    words = item["paper"]["summary"].split(" ")
                    at = rng.randrange(len(words))
                    words[at:at] = [*ACRONYMS[acr].split(), f"({acr})"]
                    item["paper"]["summary"] = " ".join(words)
            elif rng.random() < 0.08:
                keywords.append(ACRONYMS[rng.choice(acronyms)])
            item["paper"]["ai_keywords"] = keywords
            if rng.random() < 0.5:
                org = rng.choice(ORGS)
                item["organization"] = {"name": org, "fullname": org.upper()}
            yield item

    return write_items(dressed(), folder, chunk)


def library(n: int, root: Path, exe: str, env: dict[str, str]) -> None:
    """n papers imported into the home `root` (once: a finished import leaves `built`)."""
    done = root / "built"
    if done.exists():
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = write(n, Path(tmp))
        start = time.perf_counter()
        proc = subprocess.run([exe, "import", *map(str, files)], env=env, capture_output=True,
                              text=True)
        if proc.returncode != 0:
            sys.exit(proc.stderr)
    print(f"import: {n:,} papers in {time.perf_counter() - start:.1f} s")
    done.write_text("ok")


def run(args: argparse.Namespace, root: Path) -> None:
    exe = papers_exe()
    base = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9",
                        PAPERS_NOW="2026-11-25T12:00:00Z")
    trees = {"after": os.environ.get("PYTHONPATH", "")}
    before = {}
    for k, src in enumerate(args.baseline or []):
        if not (src / "papercli").is_dir():
            sys.exit(f"bench: {src} holds no papercli package")
        compileall.compile_dir(str(src / "papercli"), quiet=1)
        before[f"before {k + 1}" if len(args.baseline) > 1 else "before"] = str(src.resolve())
    trees = {**before, **trees}
    envs = [dict(base, PYTHONPATH=src) if src else base for src in trees.values()]
    library(args.papers, root, exe, envs[-1])
    year = ["--since", "2025-11-25"]
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("papers orgs (a reference: one GROUP BY)", [exe, "orgs"]),
        ("papers trends (family, 6 months)", [exe, "trends"]),
        ("papers trends --by org", [exe, "trends", "--by", "org"]),
        ("papers trends --by keyword", [exe, "trends", "--by", "keyword"]),
        ("papers trends --by keyword --every week (1 year)",
         [exe, "trends", "--by", "keyword", "--every", "week", *year]),
        ("papers trends -k model --json (word filter)",
         [exe, "trends", "-k", "model", "--json"]),
        # A word in about 1.5% of the papers: read only where the index finds it.
        ("papers trends -k internvl2 --json (a rare word)",
         [exe, "trends", "-k", "internvl2", "--json"]),
    ]
    rows = []
    for name, cmd in cases:
        if args.only and not any(o in name for o in args.only):
            continue
        walls: list[list[float]] = [[] for _ in envs]
        cpus: list[list[float]] = [[] for _ in envs]
        for i in range(1 + args.runs):  # (one warm-up run each)
            for k, env in enumerate(envs):
                wall, cpu = timed(cmd, env)
                if i:
                    walls[k].append(wall)
                    cpus[k].append(cpu)
        # Peak memory and output of one more run each, started by _measure's launcher (a
        # child of this process would count this process's pages).
        ran = [checked(cmd, env) for env in envs]
        # (the output of the last copy before this one: the commit just before)
        same = "" if len(envs) == 1 else (
            "same" if ran[-2].stdout == ran[-1].stdout else "DIFFERS")
        pick = min if args.best else statistics.median
        rows.append((name, *(f"{pick(w) * 1000:.0f} / {pick(c) * 1000:.0f} / "
                             f"{r.peak_mib:.0f}"
                             for w, c, r in zip(walls, cpus, ran, strict=True)), same))
    stat = "best" if args.best else "median"
    print(f"each cell: {stat} wall ms / {stat} cpu (user + system) ms / peak MiB, "
          f"{args.runs} runs, {args.papers:,} papers")
    print(table(["command", *trees, "output vs last" if len(envs) > 1 else ""], rows))


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run: on a busy machine the wall clock
    includes waiting for a core, the CPU time is the work itself."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed: {err.decode()[:500]}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="keep the library here, for the next run")
    parser.add_argument("--baseline", type=Path, nargs="+",
                        help="other papercli src folders, timed side by side")
    parser.add_argument("--only", nargs="*", help="only the commands naming one of these")
    parser.add_argument("--best", action="store_true",
                        help="the fastest run of each, not the median (on a busy machine "
                             "the least disturbed)")
    args = parser.parse_args()
    if args.cache is not None:
        args.cache.mkdir(parents=True, exist_ok=True)
        run(args, args.cache)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
