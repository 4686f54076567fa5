"""`papers export` of a whole library per format: best wall and CPU time of each, for one
or more copies of the source side by side.

    python bench/export_speed.py [--home DIR | --papers N] [--src LABEL=PATH ...]
                                 [--formats bibtex json ...] [--runs N]

DIR is a papers home holding a library (HOME with config/, data/, cache/ under it), for
instance one filled by `papers import` of a real archive; without one, a home is made of
N synthetic papers (bench/_synth.py, default 10,000). Each run is a process of its own
writing the export to a file (`-o`), and the runs are interleaved: run 1 of every source
and format, then run 2, so a machine that gets busier spoils every column alike. CPU is
user + system time from the child's own rusage (wall time on a busy machine says little);
the best of N runs is kept. With `--check`, the files every source wrote are compared
byte for byte and any difference is said (a speed-up must not change the output).
"""

from __future__ import annotations

import filecmp
import os
import sys
import tempfile
import time
from pathlib import Path

from _synth import items
from _util import import_here, isolated_env, side_by_side_parser, sources, table

FORMATS = ["bibtex", "json", "ris", "csljson"]


def one_run(src: str, env: dict[str, str], fmt: str, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `papers export -f FMT -o OUT` in a process of its own."""
    argv = [sys.executable, "-c", "from papercli.cli.main import main; main()", "export",
            "-f", fmt, "-o", str(out), "--force"]
    start = time.perf_counter()
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    pid = os.posix_spawn(sys.executable, argv, dict(env, PYTHONPATH=src), file_actions=quiet)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"bench: papers export -f {fmt} failed with {src}")
    return seconds, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = side_by_side_parser(__doc__, "--home", "a papers home with a library (default: "
                                 "made)", "synthetic papers in the home made without --home")
    parser.add_argument("--formats", nargs="+", default=FORMATS)
    parser.add_argument("--runs", type=int, default=3, help="processes per source and format")
    parser.add_argument("--check", action="store_true",
                        help="compare the sources' files byte for byte")
    args = parser.parse_args()
    folders = sources(args.src)
    best: dict[tuple[str, str], tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home
        if home is None:
            home = Path(tmp) / "home"
            home.mkdir()
            import_here(list(items(args.papers)), home, HF_ENDPOINT="http://127.0.0.1:9")
        env = isolated_env(home.resolve(), HF_ENDPOINT="http://127.0.0.1:9",
                           PAPERS_NOW=os.environ.get("PAPERS_NOW", "2026-08-21T08:00:00Z"))
        for _ in range(args.runs):
            for fmt in args.formats:
                for n, (label, src) in enumerate(folders):
                    wall, cpu = one_run(src, env, fmt, Path(tmp) / f"{n}.{fmt}")
                    was = best.get((label, fmt), (9e9, 9e9))
                    best[label, fmt] = (min(was[0], wall), min(was[1], cpu))
        differ = [f"{fmt}: {label} differs from {folders[0][0]}"
                  for fmt in args.formats for n, (label, _) in enumerate(folders) if n
                  if not filecmp.cmp(Path(tmp) / f"0.{fmt}", Path(tmp) / f"{n}.{fmt}",
                                     shallow=False)] if args.check else []
    print(f"papers export of {args.home or 'a synthetic library'}, best of {args.runs} runs "
          "(seconds: wall / CPU)")
    print(table(["format", *(label for label, _ in folders)],
                [[fmt, *(f"{best[label, fmt][0]:.2f} / {best[label, fmt][1]:.2f}"
                         for label, _ in folders)] for fmt in args.formats]))
    for line in differ:
        print(line)
    if args.check and not differ:
        print("every source wrote the same bytes")


if __name__ == "__main__":
    main()
