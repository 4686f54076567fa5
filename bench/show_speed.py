"""`papers show ID` with a taste model, over libraries of growing size: its "For you" line
reads the vocabulary's index for the shown paper's terms alone, and the papers watches
without words stand for are kept, so what `show` costs should not grow with the library.

    python bench/show_speed.py [--papers 2000,10000] [--runs N]

For each size: a synthetic library imported, 10 papers starred, a keyword watch and two
watches without words (an author, a count) added, `for-you` run once (the taste and the
vocabulary cached), then whole-process wall medians (stdout to a pipe) of `show ID` and,
beside it, of `show ID --json` (no "For you" line: the same command without the model)
and `python -c pass`. The vocabulary's size is given for each library.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _synth import write_chunks
from _util import isolated_env, median_ms, papers_exe, table, wall


def _runner(exe: str, env: dict[str, str]) -> Callable[..., str]:
    """`papers ARGS` in `env`, its stdout; a failure ends the bench."""
    def papers(*argv: str) -> str:
        done = subprocess.run([exe, *argv], env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"bench: papers {' '.join(argv)} failed: {done.stderr[:500]}")
        return done.stdout

    return papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", default="2000,10000")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    exe = papers_exe()
    rows = []
    for size in (int(n) for n in args.papers.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            env = isolated_env(root)

            papers = _runner(exe, env)
            files = write_chunks(size, root / "items")
            papers("import", *map(str, files))
            ids = papers("search", "model", "-n", "11", "-q", "--offline").split()
            papers("star", "--offline", *ids[:10])
            papers("watch", "add", "words", "-k", "model")
            papers("watch", "add", "someone", "--author", "Lee")
            papers("watch", "add", "popular", "--min-upvotes", "20")
            papers("for-you", "-n", "5")
            shown = ids[10]
            panel = papers("show", shown, "--offline")
            assert "For you" in panel, panel
            vocab = root / "cache" / "papercli" / "ranking" / "vocabulary.json"
            terms = len(json.loads(vocab.read_text(encoding="utf-8"))["idf"])
            timed = {label: median_ms(wall(cmd, env, runs=args.runs)) for label, cmd in (
                ("pass", [sys.executable, "-c", "pass"]),
                ("show", [exe, "show", shown, "--offline"]),
                ("json", [exe, "show", shown, "--offline", "--json"]))}
            rows.append([f"{size:,}", f"{terms:,}", f"{timed['show']:.0f}",
                         f"{timed['json']:.0f}", f"{timed['pass']:.0f}"])
    print(f"median of {args.runs} runs, ms")
    print(table(["papers", "vocabulary terms", "show ID", "show ID --json",
                 "python -c pass"], rows))


if __name__ == "__main__":
    main()
