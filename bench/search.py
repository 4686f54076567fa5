"""Search at library scale (issue 22): every query shape, whole process, against start-up.

    python bench/search.py [--papers 100000 1000000] [--runs 21] [--cache /tmp/papercli-bench]
                           [--baseline OTHER/src] [--no-today] [--instructions]

For each size, a library of synthetic papers (`_synth.py`: realistic lengths, a Zipf
vocabulary, a model family in one paper in five) is built once and kept under --cache
(building a million takes minutes; delete the folder to rebuild it). The papers are
written through the library's own store (families matched as an import matches them),
and the search index is built by the first search, outside the timings.

Then whole `papers` processes are timed, p95 over --runs runs each, side by side in one
run with `papers --version` (start-up), for each search shape: a rare word, a word in
about half and in nearly every paper, a phrase, two words, a prefix, a word with a
family filter, and a phrase ending in a one-letter prefix (`model-s*`: every completion
searched). Target: every shape at most 30 ms above `papers --version`. Also printed: the
search index's size per paper, each shape's hit count (the "of M") and peak memory
(the most resident of its runs; target: under 300 MiB).

Then, per size, the filters Python checks and the orders other than relevance (BOUNDED:
`-k`, `-x`, `-a` without words, a search with a rare `-a`, `--sort new` and `--sort
upvotes` of a word in nearly every paper, the same with `-k` (checked in Python),
`export WORD -n 5`, `--sort upvotes` and
`--family LLaMA --sort stars` without words, filters no paper passes: a rare category,
`--min-upvotes`, `--has-model`, `--tag`) and the pages ranked by a
taste (RANKED: `--sort relevance -n 10` with and without words, 4 papers starred), whole
process, 3 runs: memory under 300 MiB and time that follows the page, not the library.

Then, per size, the peak memory of an unlimited family listing, `papers export --family
LLaMA --format json` and `papers search --family LLaMA -n 0 --json` (both streamed: flat
in the number of matches, the SQLite page cache's 32 MiB at most on top of start-up),
`papers cache info` (no pass over the papers: as quick at a million as at a thousand); and
cached `papers today` (a 50-paper day listing written into the library once) against the
same in a 1,000-paper library (target: within 10%; --no-today leaves it out).

Then, per size, each shape's query in this process, the index and the rows alone (no
start-up; the index already open and in the page cache; best of 5): the whole query
against the query as `papers search` runs it (a word or phrase in many papers: the papers
with it in the title first, `textquery._title_first`), and the count each gives.

--baseline OTHER/src times another copy of papercli (say `git archive` of the commit
before a change) in the same run, each command's runs alternating between the two, and
prints their figures side by side: before and after, on one machine at one moment.
--instructions adds each command's instruction count (valgrind's callgrind, one run
each), the figure a busy machine does not blur.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _synth import items
from _util import isolated_env, papers_exe, table

SHAPES = [
    ("rare word", ["search", "{rare}"]),
    ("word in ~50%", ["search", "{half}"]),
    ("word in ~95%", ["search", "{most}"]),
    ('phrase "{phrase}"', ["search", '"{phrase}"']),
    ("two words", ["search", "{half}", "{third}"]),
    ("prefix {prefix}*", ["search", "{prefix}*"]),
    # A phrase ending in a short prefix: every completion of `s` (thousands of words) after
    # a word in nearly every paper, and after one in about half.
    ("phrase prefix {most}-s*", ["search", "{most}-s*"]),
    ("phrase prefix {half}-a*", ["search", "{half}-a*"]),
    ("{half} --family LLaMA", ["search", "{half}", "--family", "LLaMA"]),
]
# Filters Python checks (without words: the library walked in order, a page, then a
# count of at most 5,000 rows; `-a` among the rows the index finds it in) and orders
# other than relevance (the index's ordered page), and an export of a search's page:
# memory under MAX_MIB, time bounded by the page, not the library (reported, no wall
# target).
BOUNDED = [
    ("-k {half}, no words", ["search", "-k", "{half}"]),
    ("-x {half}, no words", ["search", "-x", "{half}"]),
    ("-a 'Nobody Atall', no words", ["search", "-a", "Nobody Atall"]),
    ("{most} -a 'Nobody Atall'", ["search", "{most}", "-a", "Nobody Atall"]),
    ("{most} --sort new", ["search", "{most}", "--sort", "new"]),
    ("{most} --sort upvotes", ["search", "{most}", "--sort", "upvotes"]),
    ("{most} -k {half} --sort upvotes", ["search", "{most}", "-k", "{half}", "--sort",
                                         "upvotes"]),
    ("export {half} -n 5", ["export", "{half}", "-n", "5", "--format", "json"]),
    ("--sort upvotes, no words", ["search", "--sort", "upvotes"]),
    ("--family LLaMA --sort stars, no words", ["search", "--family", "LLaMA", "--sort", "stars"]),
    # Filters few papers pass (here none): the index counts them and hands over their
    # rows, where the library was walked to the end to learn so.
    ("--category math.AG, no words", ["search", "--category", "math.AG"]),
    ("--min-upvotes 100000, no words", ["search", "--min-upvotes", "100000"]),
    ("--has-model, no words", ["search", "--has-model"]),
    ("{most} --has-model", ["search", "{most}", "--has-model"]),
    ("{most} --tag none", ["search", "{most}", "--tag", "none"]),
]
# Ranked by a taste (4 papers with the rare word starred for the rows, unstarred after):
# among the papers nearest its words (`ranking.near_pool`), not every paper of the library.
RANKED = [
    ("--sort relevance -n 10, no words", ["search", "--sort", "relevance", "-n", "10"]),
    ("{most} --sort relevance -n 10", ["search", "{most}", "--sort", "relevance", "-n", "10"]),
]
TARGET_MS = 30.0
MAX_MIB = 300.0
BASE = 100_000  # papers generated; bigger libraries are copies of them
FAMILY_OF = {"LLaMA-3": "LLaMA", "LLaVA-1.5": "LLaVA", "Qwen2.5": "Qwen", "Mistral-7B": "Mistral",
             "Gemma-2": "Gemma", "GPT-4o": "GPT", "DeepSeek-V3": "DeepSeek", "Phi-3": "Phi",
             "Mamba": "Mamba", "CLIP": "CLIP", "Whisper": "Whisper",
             "Stable Diffusion": "Stable Diffusion", "InternVL2": "InternVL", "Vicuna": "Vicuna"}


def build(n: int, folder: Path) -> Path:
    """A library of n synthetic papers in folder (made once, reused)."""
    db = folder / "cache" / "papercli" / "library.db"
    done = folder / "built"
    if done.exists():
        return db
    if n > BASE:
        return replicate(build(BASE, folder.with_name(f"lib-{BASE}")), n, db, done)
    from papercli.db.store import Store
    from papercli.models import parse_item

    db.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(db)
    # The family each synthetic title names (matching every family's patterns against
    # a million abstracts would take longer than the benchmark; the import does that).
    # (Titles are capitalized as a sentence: LLaMA-3 reads llama-3.)
    store.families_fn = lambda p: [fam for name, fam in FAMILY_OF.items()
                                   if name.lower() in p.title.lower()]
    start = time.perf_counter()
    batch = []
    with store.index_deferred():
        for i, item in enumerate(items(n), 1):
            batch.append(parse_item(item))
            if len(batch) == 20_000:
                store.upsert_papers(batch, "2026-01-01T00:00:00Z")
                batch = []
                print(f"  {i:,} papers, {time.perf_counter() - start:.0f} s", file=sys.stderr)
        if batch:
            store.upsert_papers(batch, "2026-01-01T00:00:00Z")
    store.close()
    done.write_text("ok")
    return db


def replicate(base: Path, n: int, db: Path, done: Path) -> Path:
    """A library of n papers made of copies of the BASE synthetic ones under new arXiv
    ids (generating a million abstracts in Python takes an hour on a busy machine): every
    word keeps its share of papers, a rare word has n/BASE times the hits."""
    import sqlite3

    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(papers)")]
    rest = ", ".join(c for c in columns if c != "id")
    # 2401.01234 -> 2401.11234, 2401.21234, ...: still arXiv ids, all distinct
    new_id = "substr(id, 1, 5) || ({k} * 10000 + CAST(substr(id, 6) AS INTEGER))"
    for k in range(1, -(-n // BASE)):
        take = min(BASE, n - k * BASE)
        conn.execute("BEGIN")
        conn.execute(f"INSERT INTO papers (id, {rest}) SELECT {new_id.format(k=k)}, {rest} "
                     f"FROM papers WHERE rowid <= {take}")
        conn.execute(f"INSERT INTO paper_families (family, paper_id) SELECT family, "
                     f"{new_id.format(k=k).replace('id', 'paper_id')} FROM paper_families "
                     f"WHERE paper_id IN (SELECT id FROM papers WHERE rowid <= {take})")
        conn.execute("COMMIT")
        print(f"  {k * BASE + take:,} papers", file=sys.stderr)
    conn.execute("DELETE FROM search_queue")  # the first search builds the index whole
    conn.close()
    done.write_text("ok")
    return db


def words_for(db: Path) -> dict[str, str]:
    """Query words of the wanted frequencies, measured in this library's titles and
    abstracts (a sample), so every size asks the same shapes."""
    import sqlite3

    from papercli.db.records import unpack

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT title, summary FROM papers WHERE rowid % 100 = 0").fetchall()
    conn.close()  # (abstracts are stored compressed: records.pack)
    docs = [set(f"{title} {unpack(summary)}".lower().split()) for title, summary in rows]
    freq: dict[str, int] = {}
    for d in docs:
        for w in d:
            w = w.strip(".,")
            if w.isalpha() and len(w) > 3:
                freq[w] = freq.get(w, 0) + 1

    def near(share: float) -> str:
        return min(freq, key=lambda w: (abs(freq[w] / len(docs) - share), w))

    half, most, third = near(0.48), near(0.94), near(0.33)
    rare = min((w for w in freq if freq[w] >= 2), key=lambda w: (freq[w], w))
    prefix = near(0.2)[:5]
    return {"rare": rare, "half": half, "most": most, "third": third, "prefix": prefix,
            "phrase": f"{near(0.6)} {near(0.5)}"}


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def timed(cmd: list[str], envs: list[dict[str, str]], runs: int, warmup: int = 2
          ) -> list[tuple[list[float], list[float], float]]:
    """For each environment (a copy of papercli each), wall and CPU (user + system)
    seconds of whole-process runs, alternating between the environments run by run, and
    the peak resident memory of one more (MiB, `peak_mib`). On a shared machine the wall
    clock includes waiting for a core; the CPU time is the work itself."""
    walls: list[list[float]] = [[] for _ in envs]
    cpus: list[list[float]] = [[] for _ in envs]
    for i in range(warmup + runs):
        for k, env in enumerate(envs):
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            assert proc.stderr is not None
            err = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                sys.exit(f"bench: {' '.join(cmd)} failed: {err.decode()[:500]}")
            if i >= warmup:
                walls[k].append(elapsed)
                cpus[k].append(usage.ru_utime + usage.ru_stime)
    return [(walls[k], cpus[k], peak_mib(cmd, env)) for k, env in enumerate(envs)]


def peak_mib(cmd: list[str], env: dict[str, str]) -> float:
    """The command's peak resident memory, MiB, as GNU time reports it (0: no
    /usr/bin/time). Not from our own wait4: a child forked from this process starts with
    this process's pages, which Linux counts in the child's peak."""
    if not Path("/usr/bin/time").exists():
        return 0.0
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *cmd], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return int(out.read().split()[-1]) / 1024


def instructions(cmd: list[str], env: dict[str, str]) -> float:
    """Millions of instructions the command executes, counted by valgrind's callgrind
    (hash seed fixed): the same on a busy machine as on an idle one, so a change's cost
    shows to a few per cent where times move by half. 0 without valgrind."""
    if not shutil.which("valgrind"):
        return 0.0
    with tempfile.TemporaryDirectory() as scratch:
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out", *cmd],
            env=dict(env, PYTHONHASHSEED="0"), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, check=True)
    found = [ln for ln in proc.stderr.splitlines() if "Collected :" in ln]
    return int(found[-1].split(":")[-1].replace(",", "")) / 1e6 if found else 0.0


def median_ms(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] * 1000


def index_bytes(db: Path) -> int:
    folder = db.with_name("library.index")
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(n: int, cache: Path, runs: int, exe: str, trees: dict[str, str],
            counted: bool = False) -> list[tuple[str, ...]]:
    """One size's rows: each command's figures for each copy of papercli in `trees`
    (label -> its src folder, "" for the one installed), side by side."""
    folder = cache / f"lib-{n}"
    started = time.perf_counter()
    db = build(n, folder)
    built = time.perf_counter() - started
    base_env = isolated_env(folder, HF_ENDPOINT="http://127.0.0.1:9")
    envs = [dict(base_env, PYTHONPATH=src) if src else base_env for src in trees.values()]
    words = words_for(db)
    started = time.perf_counter()
    subprocess.run([exe, "search", words["rare"], "--offline", "--json"], env=envs[-1],
                   capture_output=True, check=True)  # builds the index if missing
    first = time.perf_counter() - started
    size = index_bytes(db)
    library = sum(p.stat().st_size for p in db.parent.glob("library.db*"))
    print(f"{n:,} papers: library built in {built:.0f} s (0 if cached); first search (index "
          f"build if missing) {first:.1f} s; index {size / n:,.0f} bytes/paper, "
          f"library.db {library / n:,.0f} bytes/paper")
    base = timed([exe, "--version"], envs, runs)
    base_ir = [instructions([exe, "--version"], env) if counted else 0.0 for env in envs]
    rows = [(f"{n:,}", "papers --version",
             *(f"{p95(walls):.0f} / {median_ms(cpus):.0f} / {rss:.0f}"
               + (f" / {ir:.0f}M" if counted else "")
               for (walls, cpus, rss), ir in zip(base, base_ir, strict=True)), "", "")]
    for label, argv in SHAPES:
        cmd = [exe, *(a.format(**words) for a in argv), "--offline", "--json"]
        got = timed(cmd, envs, runs)
        out = subprocess.run(cmd, env=envs[-1], capture_output=True, text=True)
        shown = len(json.loads(out.stdout))
        caption = subprocess.run([exe, *cmd[1:-1], "--no-pager"], env=envs[-1],
                                 capture_output=True, text=True).stdout
        hits = next((ln.split("·")[-1].strip() for ln in caption.splitlines()
                     if "in the library" in ln), "")
        cells = []
        for (walls, cpus, rss), (base_walls, base_cpus, _), env, ir in zip(
                got, base, envs, base_ir, strict=True):
            cells.append(f"{p95(walls) - p95(base_walls):+.0f} / "
                         f"{median_ms(cpus) - median_ms(base_cpus):+.0f} / {rss:.0f}"
                         + (f" / {instructions(cmd, env) - ir:+.0f}M" if counted else ""))
        walls, cpus, rss = got[-1]
        above = p95(walls) - p95(base[-1][0])
        rows.append((f"{n:,}", label.format(**words), *cells, f"{shown} shown; {hits}",
                     "ok" if above <= TARGET_MS and rss < MAX_MIB else "MISSED"))
    with tempfile.TemporaryDirectory() as scratch:
        for label, cmd in (
                ("export --family LLaMA (all)",
                 [exe, "export", "--family", "LLaMA", "--format", "json", "--force",
                  "-o", str(Path(scratch) / "llama.json")]),
                ("search --family LLaMA -n 0", [exe, "search", "--family", "LLaMA", "-n", "0",
                                                "--offline", "--json"])):
            got = timed(cmd, envs, 3, warmup=1)
            matches = subprocess.run(
                [exe, "search", "--family", "LLaMA", "-n", "1", "--offline", "--no-pager"],
                env=envs[-1], capture_output=True, text=True).stdout.splitlines()[-1]
            rows.append((f"{n:,}", label, *(f"{p95(walls):.0f} / {median_ms(cpus):.0f} / "
                                            f"{rss:.0f}" for walls, cpus, rss in got),
                         matches.split("·")[0].split(" of ")[-1].strip() + " match",
                         "ok" if got[-1][2] < MAX_MIB
                         else "MISSED"))
    for label, argv in BOUNDED:
        cmd = [exe, *(a.format(**words) for a in argv),
               *(["--offline"] if argv[0] == "search" else [])]
        got = timed(cmd, envs, 3, warmup=1)
        caption = subprocess.run([*cmd, "--no-pager"] if argv[0] == "search" else cmd,
                                 env=envs[-1], capture_output=True, text=True).stdout
        said = (caption.strip().splitlines() or [""])[-1].split("·")[0].strip()
        rows.append((f"{n:,}", label.format(**words),
                     *(f"{p95(walls):.0f} / {median_ms(cpus):.0f} / {rss:.0f}"
                       for walls, cpus, rss in got),
                     said if argv[0] == "search" else "JSON",
                     "ok" if got[-1][2] < MAX_MIB else "MISSED"))
    liked = [p["id"] for p in json.loads(subprocess.run(
        [exe, "search", words["rare"], "-n", "4", "--offline", "--json"], env=envs[-1],
        capture_output=True, text=True, check=True).stdout)]
    subprocess.run([exe, "star", *liked, "--offline"], env=envs[-1], check=True,
                   capture_output=True)
    try:
        for label, argv in RANKED:
            cmd = [exe, *(a.format(**words) for a in argv), "--offline"]
            got = timed(cmd, envs, 3, warmup=1)
            said = subprocess.run([*cmd, "--no-pager"], env=envs[-1], capture_output=True,
                                  text=True).stdout.strip().splitlines()[-1].split("·")[0]
            rows.append((f"{n:,}", label.format(**words),
                         *(f"{p95(walls):.0f} / {median_ms(cpus):.0f} / {rss:.0f}"
                           for walls, cpus, rss in got),
                         said.strip(), "ok" if got[-1][2] < MAX_MIB else "MISSED"))
    finally:
        subprocess.run([exe, "unstar", *liked], env=envs[-1], capture_output=True)
    # The library's own facts: instant at any size (`--check`, a pass over every record,
    # is the slow one by design).
    got = timed([exe, "cache", "info", "--json"], envs, 3, warmup=1)
    rows.append((f"{n:,}", "cache info", *(f"{p95(walls):.0f} / {median_ms(cpus):.0f} / "
                                           f"{rss:.0f}" for walls, cpus, rss in got),
                 "path, size, counts, listings", "ok" if got[-1][2] < MAX_MIB else "MISSED"))
    return rows


def index_rows(n: int, db: Path, words: dict[str, str], runs: int = 5
               ) -> list[tuple[str, ...]]:
    """Each shape as `textquery.search` answers it in this process, with the title-first
    pass and without (the whole query): best of `runs` ms, and the count."""
    from papercli.db import textquery
    from papercli.db.store import Store
    from papercli.filters import Filter

    real = textquery._title_first
    rows = []
    store = Store.open(db)
    try:
        for label, argv in SHAPES:
            args = [a.format(**words) for a in argv[1:]]
            flt = None
            if "--family" in args:
                at = args.index("--family")
                flt = Filter(families=(args[at + 1],))
                del args[at : at + 2]
            text = " ".join(args)
            best: dict[bool, float] = {}
            said: dict[bool, str] = {}
            try:
                for _ in range(runs):
                    for first in (False, True):
                        textquery._title_first = (real if first  # type: ignore[assignment]
                                                  else lambda *_: None)
                        started = time.perf_counter()
                        hits = textquery.search(store, text, flt, 50)
                        took = (time.perf_counter() - started) * 1000
                        best[first] = min(best.get(first, took), took)
                        said[first] = f"{'' if hits.exact else 'at least '}{hits.total:,}"
            finally:
                textquery._title_first = real  # type: ignore[assignment]
            rows.append((f"{n:,}", label.format(**words), f"{best[False]:.1f}",
                         f"{best[True]:.1f}", said[False], said[True]))
    finally:
        store.close()
    return rows


def cache_today(db: Path) -> None:
    """Today's listing cached in the library (50 of its papers), as a sync leaves it."""
    from datetime import UTC, datetime

    from papercli.db.store import Store

    today = datetime.now(UTC).date()
    store = Store.open(db)
    try:
        if store.listing(f"day:{today.isoformat()}") is None:
            ids = [r[0] for r in store.conn.execute("SELECT id FROM papers LIMIT 50")]
            papers = [p for p in map(store.get_paper, ids) if p is not None]
            store.save_listing(f"day:{today.isoformat()}", "day", papers, period_start=today)
    finally:
        store.close()


def today_rows(sizes: list[int], cache: Path, runs: int, exe: str, src: str
               ) -> list[tuple[str, ...]]:
    """Cached `papers today` in a 1,000-paper library and in each size, side by side."""
    folders = {1000: cache / "lib-1000"}
    build(1000, folders[1000])
    folders.update({n: cache / f"lib-{n}" for n in sizes})
    times = {}
    for n, folder in folders.items():
        cache_today(folder / "cache" / "papercli" / "library.db")
        env = isolated_env(folder, HF_ENDPOINT="http://127.0.0.1:9")
        if src:
            env["PYTHONPATH"] = src
        times[n] = timed([exe, "today", "--offline"], [env], runs)[0]
    small = p95(times[1000][0])
    rows = []
    for n, (walls, cpus, rss) in times.items():
        ratio = p95(walls) / small
        rows.append((f"{n:,}", "today (cached, 50 papers)",
                     f"{p95(walls):.0f} / {median_ms(cpus):.0f} / {rss:.0f}",
                     f"x{ratio:.2f} of 1k (p95)", "ok" if ratio <= 1.10 else "MISSED"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/papercli-bench"))
    parser.add_argument("--baseline", type=Path,
                        help="another papercli's src folder, timed side by side")
    parser.add_argument("--no-today", action="store_true", help="leave out cached today")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each command's instructions (valgrind; slow)")
    args = parser.parse_args()
    exe = papers_exe()
    ours = os.environ.get("PYTHONPATH", "")
    trees = {"after": ours}
    if args.baseline is not None:
        import compileall

        if not (args.baseline / "papercli").is_dir():
            sys.exit(f"bench: {args.baseline} holds no papercli package")
        compileall.compile_dir(str(args.baseline / "papercli"), quiet=1)
        trees = {"before": str(args.baseline.resolve()), "after": ours}
    rows: list[tuple[str, ...]] = []
    in_process: list[tuple[str, ...]] = []
    for n in args.papers:
        rows += measure(n, args.cache, args.runs, exe, trees, args.instructions)
        db = args.cache / f"lib-{n}" / "cache" / "papercli" / "library.db"
        in_process += index_rows(n, db, words_for(db))
    print(f"whole process, {args.runs} runs each (the copies' runs alternating); target: "
          f"at most {TARGET_MS:.0f} ms above papers --version (p95), under {MAX_MIB:.0f} MiB")
    print("each cell: p95 wall ms / median cpu (user+system) ms / peak MiB"
          + (" / millions of instructions" if args.instructions else "")
          + "; for a search shape, each is above papers --version's (cpu: the work without "
          "waiting for a core)")
    print(table(["papers", "command", *trees, "hits", "target"], rows))
    print("in this process, the index and the rows alone (best of 5, ms): the whole query, "
          "and as papers search runs it (title first)")
    print(table(["papers", "shape", "whole query", "as searched", "count (whole)",
                 "count (as searched)"], in_process))
    if not args.no_today:
        print(table(["papers", "command", "after", "vs 1k", "target"],
                    today_rows(args.papers, args.cache, args.runs, exe, ours)))


if __name__ == "__main__":
    main()
