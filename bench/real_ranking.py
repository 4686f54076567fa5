"""The three ranked commands on the real archive: `for-you` over a long range, `related`
and `search --sort relevance`, as whole processes, for one or more copies of the source
side by side, and whether they give the same answers.

    python bench/real_ranking.py [--src LABEL=PATH ...] [--runs N] [--items FILE]

Reads ../shared/real/daily_items.json (the Hub's own answers; read here and never copied;
the bench skips when it is absent), imports it into a fresh home and stars 22 papers the
library's own search finds for three topics (the same ones every run). Each source gets
its own copy of that home and runs every command once to warm its caches (a first
`for-you` fits nothing here, but a cache the source keeps is filled then, as on a
user's second run). The runs are interleaved, run 1 of every source, then run 2; wall
and CPU (user + system, the child's own rusage) are the best of N. `same` compares each
command's `--json` output with the first source's: the ranking must not move.
A baseline to compare with: `git worktree add --detach ../old main`, then
`--src old=../old/src --src new=src`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _util import add_sources, sources, table, timing_cells
from everyday import env_for, timed

ROOT = Path(__file__).resolve().parent.parent
# Beside the main checkout (../shared/real); a worktree may sit one level deeper.
ARCHIVE = next((p for p in (ROOT.parent / "shared" / "real" / "daily_items.json",
                            ROOT.parent.parent / "shared" / "real" / "daily_items.json")
                if p.is_file()), ROOT.parent / "shared" / "real" / "daily_items.json")
NOW = "2026-08-21T12:00:00Z"
# (search words, how many of its best to star): the marks for-you learns from.
STARS = (("diffusion video", 8), ("reinforcement learning reasoning", 8), ("agent", 6))
# (label, argv); SEED is replaced by the first starred paper's id.
COMMANDS: list[tuple[str, list[str]]] = [
    ("for-you --since 2024-06", ["for-you", "--since", "2024-06"]),
    ("for-you (7 days)", ["for-you"]),
    ("related SEED", ["related", "SEED"]),
    ("search diffusion -s relevance", ["search", "diffusion", "--sort", "relevance",
                                       "--offline"]),
]


def home_env(home: Path, src: str) -> dict[str, str]:
    """`everyday.env_for` at NOW; bytecode written (the warm-up writes each source's, as
    an installed package has it: recompiling every run would be timed too)."""
    env = env_for(home, src, "http://127.0.0.1:9", {"PAPERS_NOW": NOW})
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def papers(env: dict[str, str], *argv: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "papercli", *argv], env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench: papers {' '.join(argv[:3])} failed: {proc.stderr[-500:]}")
    return proc.stdout


def real_home(root: Path, items: Path, src: str) -> tuple[Path, str]:
    """A home holding the real archive and 22 starred papers, made with `src`; and the
    first starred id."""
    home = root / "base"
    env = home_env(home, src)
    papers(env, "import", str(items))
    starred: list[str] = []
    for words, most in STARS:
        found = papers(env, "search", words, "--offline", "-f", "ids", "-n", str(most))
        starred += [pid for pid in found.split() if pid not in starred]
    papers(env, "star", *starred, "--offline")
    return home, starred[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_sources(parser)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--items", type=Path, default=ARCHIVE,
                        help="daily_items.json (default: ../shared/real/)")
    args = parser.parse_args()
    if not args.items.is_file():
        print(f"bench/real_ranking: {args.items} is absent; skipped")
        return
    folders = sources(args.src)
    started = time.perf_counter()
    best: dict[tuple[str, str], list[float]] = {}
    same: dict[tuple[str, str], bool] = {}
    with tempfile.TemporaryDirectory(prefix="papers-real-") as tmp:
        base, seed = real_home(Path(tmp), args.items, folders[0][1])
        envs = {}
        for label, src in folders:
            shutil.copytree(base, Path(tmp) / label, symlinks=True)
            envs[label] = home_env(Path(tmp) / label, src)
        commands = [(name, [seed if a == "SEED" else a for a in argv])
                    for name, argv in COMMANDS]
        for name, argv in commands:  # the warm-up, and the answers compared
            first = None
            for label, _ in folders:
                answer = papers(envs[label], *argv, "--json")
                first = answer if first is None else first
                same[name, label] = answer == first
        for _ in range(args.runs):
            for name, argv in commands:
                for label, _ in folders:
                    wall_s, cpu_s, code = timed(argv, envs[label])
                    old = best.get((name, label), [9e9, 9e9, code])
                    best[name, label] = [min(old[0], wall_s), min(old[1], cpu_s), code]
    headers = ["command"]
    for label, _ in folders:
        headers += [f"{label} wall ms", f"{label} cpu ms"]
    headers += ["same"]
    rows = []
    for name, _ in commands:
        row: list[object] = [name]
        for label, _ in folders:
            row += timing_cells(*best[name, label])
        row.append("yes" if all(same[name, label] for label, _ in folders) else "NO")
        rows.append(row)
    print(f"ranked commands on the real archive ({args.items.name}), best of {args.runs} "
          f"(SEED={seed}; {time.perf_counter() - started:.0f} s)")
    print(table(headers, rows))


if __name__ == "__main__":
    main()
