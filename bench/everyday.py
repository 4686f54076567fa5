"""Every everyday command on a library you already have: best wall and CPU time, and what
each one imports, for one or more copies of the source side by side.

    python bench/everyday.py [--home DIR | --papers N] [--src LABEL=PATH ...] [--runs N]
                             [--hub URL]

DIR is a papers home (HOME with config/, data/, cache/ and state/ under it, as the XDG
variables point there) holding a library, for instance one filled by `papers import` of a
real archive. Without one, a home is made of N synthetic papers (default 10,000) over the
two years before PAPERS_NOW, with 50 starred, 20 tagged, 5 notes and two watches. Each
source gets its own copy of that home, so a command that writes (star,
tag, note) changes neither the original nor the other copy. The runs are interleaved:
run 1 of every source, then run 2, so a machine that gets busier spoils every column alike.
Wall and CPU (user + system, from the child's own rusage) are the best of N runs. The
`modules` column counts what `python -X importtime` saw imported, and `heavy` names the
big third-party packages among them (a listing has no use for textual or sklearn).
`--hub` is the Hub address for commands that ask it (default: a closed port, so every
command must work from the library alone).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _util import side_by_side_parser, sources, table, timing_cells

HEAVY = ("typer", "click", "rich", "httpx", "textual", "sklearn", "numpy", "scipy",
         "rich.syntax", "pygments", "markdown_it", "platformdirs", "tomlkit", "mcp")

# (label, argv, extra environment); ID is replaced by a starred paper's id, OTHER by one
# that is not starred, DAY by the library's latest day.
COMMANDS: list[tuple[str, list[str], dict[str, str]]] = [
    ("--version", ["--version"], {}),
    ("--help", ["--help"], {}),
    ("(no command)", [], {}),
    ("today", ["today"], {}),
    ("today --json", ["today", "--json"], {}),
    ("day DAY", ["day", "DAY"], {}),
    ("week", ["week"], {}),
    ("month", ["month"], {}),
    ("show ID", ["show", "ID"], {}),
    ("show ID --json", ["show", "ID", "--json"], {}),
    ("show ID --offline", ["show", "ID", "--offline"], {}),
    ("search WORD --offline", ["search", "diffusion", "--offline"], {}),
    # every paper listed: what turning each stored row into a paper costs
    ("search --offline -n 0", ["search", "--offline", "-n", "0"], {}),
    ("export -f json", ["export", "-f", "json"], {}),
    ("star OTHER", ["star", "OTHER", "--offline"], {}),
    ("unstar OTHER", ["unstar", "OTHER"], {}),
    ("starred", ["starred"], {}),
    ("tag OTHER t", ["tag", "OTHER", "benchtag", "--offline"], {}),
    ("tags", ["tags"], {}),
    ("note ID -m", ["note", "ID", "-m", "a bench note"], {}),
    ("export -f bibtex -n 50", ["export", "-f", "bibtex", "-n", "50"], {}),
    ("trends", ["trends"], {}),
    ("watch list", ["watch", "list"], {}),
    ("new", ["new"], {}),
    ("config show", ["config", "show"], {}),
    ("complete: today --family L", [],
     {"_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": "papers today --family L",
      "COMP_CWORD": "3"}),
    ("complete: sh", [],
     {"_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": "papers sh", "COMP_CWORD": "1"}),
]

LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.executable, [sys.executable, *sys.argv[1:]], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
sys.stderr.write(f"\\nRUSAGE {wall} {usage.ru_utime + usage.ru_stime} "
                 f"{os.waitstatus_to_exitcode(status)}\\n")
"""


def env_for(home: Path, src: str, hub: str, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PAPERS_", "HF_", "_PAPERS", "COMP_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_STATE_HOME=str(home / "state"), PYTHONPATH=src, HF_ENDPOINT=hub,
               PAPERS_NOW=os.environ.get("PAPERS_NOW", "2026-08-21T08:00:00Z"),
               COLUMNS="120")
    env.update(extra)
    return env


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one `python -m papercli` process, and its exit code."""
    proc = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, "-m", "papercli", *argv],
                          env=env, capture_output=True, text=True, errors="replace")
    line = proc.stderr.rpartition("\nRUSAGE ")[2].split()
    return float(line[0]), float(line[1]), int(line[2])


def imported(argv: list[str], env: dict[str, str]) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "papercli", *argv],
                          env=env, capture_output=True, text=True, errors="replace")
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if not name.startswith("package"):
                names.add(name)
    return names


def ids(env: dict[str, str]) -> tuple[str, str, str]:
    """A starred id, an unstarred id, and the latest day, from the library itself."""
    import json

    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "papercli", *a], env=env, capture_output=True, text=True)
    starred = json.loads(run("starred", "--json").stdout or "[]")
    rows = json.loads(run("search", "--offline", "--json", "-n", "200").stdout or "[]")
    star_ids = {p["id"] for p in starred}
    first = starred[0]["id"] if starred else rows[0]["id"]
    other = next(p["id"] for p in rows if p["id"] not in star_ids)
    day = max((p.get("published_at") or p.get("publishedAt") or "")[:10] for p in rows)
    return first, other, day or "2026-08-20"


def synthetic_home(root: Path, papers: int, src: str) -> Path:
    """A home holding `papers` synthetic papers and a reader's marks, made with `src`."""
    from datetime import date, timedelta

    from _synth import write_chunks

    home = root / "synthetic"
    now = date.fromisoformat(os.environ.get("PAPERS_NOW", "2026-08-21")[:10])
    files = write_chunks(papers, root / "items", start=now - timedelta(days=730), days=730)
    env = env_for(home, src, "http://127.0.0.1:9", {})

    def run(*argv: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "papercli", *argv], env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"bench: papers {' '.join(argv[:3])} failed: {proc.stderr[-500:]}")
        return proc.stdout

    import json

    run("import", *map(str, files))
    found = [p["id"] for p in json.loads(run("search", "--offline", "--json", "-n", "60"))]
    run("star", *found[:50], "--offline")
    run("tag", *found[:20], "reading", "--offline")
    for pid in found[:5]:
        run("note", pid, "-m", f"a note on {pid}")
    run("watch", "add", "llava", "--family", "LLaVA")
    run("watch", "add", "diffusion", "-k", "diffusion")
    return home


def main() -> None:
    parser = side_by_side_parser(__doc__, "--home", "a home with a library (default: made)",
                                 "synthetic papers in the home made without --home")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hub", default="http://127.0.0.1:9")
    parser.add_argument("--only", nargs="*", help="labels of the commands to run")
    args = parser.parse_args()
    folders = sources(args.src)
    commands = [c for c in COMMANDS if not args.only or c[0] in args.only]

    with tempfile.TemporaryDirectory() as tmp:
        base = args.home or synthetic_home(Path(tmp), args.papers, folders[0][1])
        homes = {}
        for label, _ in folders:
            homes[label] = Path(tmp) / label
            shutil.copytree(base, homes[label], symlinks=True)
        first_env = env_for(homes[folders[0][0]], folders[0][1], args.hub, {})
        star_id, other_id, day = ids(first_env)
        subst = {"ID": star_id, "OTHER": other_id, "DAY": day}
        best: dict[tuple[str, str], list[float]] = {}
        mods: dict[tuple[str, str], set[str]] = {}
        started = time.perf_counter()
        for name, argv, extra in commands:
            argv = [subst.get(a, a) for a in argv]
            for label, src in folders:
                env = env_for(homes[label], src, args.hub, extra)
                mods[name, label] = imported(argv, env)
            for _ in range(args.runs):
                for label, src in folders:
                    env = env_for(homes[label], src, args.hub, extra)
                    wall_s, cpu_s, code = timed(argv, env)
                    old = best.get((name, label), [9e9, 9e9, code])
                    best[name, label] = [min(old[0], wall_s), min(old[1], cpu_s), code]

    headers = ["command"]
    for label, _ in folders:
        headers += [f"{label} wall ms", f"{label} cpu ms", f"{label} mods"]
    headers += [f"heavy ({folders[-1][0]})"]
    rows = []
    for name, _, _ in commands:
        row: list[object] = [name]
        for label, _ in folders:
            row += [*timing_cells(*best[name, label]), len(mods[name, label])]
        last = mods[name, folders[-1][0]]
        row.append(",".join(h for h in HEAVY if h in last) or "-")
        rows.append(row)
    print(f"everyday commands, best of {args.runs} (ID={star_id}, OTHER={other_id}, "
          f"DAY={day}; {time.perf_counter() - started:.0f} s)")
    print(table(headers, rows))


if __name__ == "__main__":
    main()
