"""`papers import` at scale: papers per second, bytes per paper, peak memory.

    python bench/import_speed.py [--sizes 100000,1000000] [--formats hub,arxiv]
                                 [--folder /tmp/papers-import-bench]
    python bench/import_speed.py --stages 20000   # CPU us/paper of each stage, in-process,
                                                  # and the search engine's own ceiling

Writes (once, kept in --folder for reruns, never in the repository) synthetic files of
each size: Hub JSON (one list of daily-papers items) and arXiv's metadata snapshot
(JSON lines), both built from bench/_synth.py's papers (abstracts of 1,200-1,800
characters, 3-15 authors, a family named in one paper in five). Then, side by side in
one run, for each file: a plain `json.loads` of the whole file (the floor a Python
reader cannot beat), and a whole-process `papers import FILE` into a fresh library.
Prints papers/s (by wall time, and by the import's own CPU time, which a busy machine
disturbs less), library.db bytes per paper and those of the search index folder beside
it (the import builds it), and peak resident memory. On the largest Hub library it then times the
incremental writes that follow an import: the same file again (nothing changed, nothing
written), re-importing one refreshed paper, and one new day of 50 papers.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _measure import checked
from _synth import items
from _util import isolated_env, papers_exe, table

BASE = 100_000  # papers generated; bigger files repeat them under other ids


def papers(n: int, folder: Path) -> Iterator[dict]:
    """n synthetic items: the first BASE generated (kept as a Hub file in `folder`), then
    that file's items again under new ids (another year prefix), so a million-paper file
    takes minutes, not an hour, to make."""
    if n <= BASE:
        yield from items(n)
        return
    base = hub_file(folder / f"hub-{BASE}.json", BASE, folder)
    made = copy = 0
    while made < n:
        with base.open(encoding="utf-8") as lines:
            for line in lines:
                text = line.strip().lstrip("[").rstrip(",]")
                if not text or made >= n:
                    continue
                item = json.loads(text)
                paper = item["paper"]
                paper["id"] = f"{int(paper['id'][:2]) + 2 * copy:02d}{paper['id'][2:]}"
                yield item
                made += 1
        copy += 1


def hub_file(path: Path, n: int, folder: Path) -> Path:
    """A Hub JSON list of n items, written item by item (memory stays flat)."""
    if path.exists():
        return path
    part = path.with_suffix(".part")
    with part.open("w", encoding="utf-8") as out:
        out.write("[")
        for i, item in enumerate(papers(n, folder)):
            if i:
                out.write(",\n")
            out.write(json.dumps(item, ensure_ascii=False))
        out.write("]\n")
    part.rename(path)
    return path


CATEGORIES = ["cs.CL", "cs.LG", "cs.CV", "stat.ML", "math.OC", "hep-th", "astro-ph.GA",
              "q-bio.NC", "physics.optics", "econ.EM"]


def snapshot_lines(n: int, folder: Path) -> Iterator[str]:
    """arXiv snapshot records carrying the same invented papers as `hub_file`."""
    rng = random.Random(5)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for item in papers(n, folder):
        paper = item["paper"]
        names = [a["name"] for a in paper["authors"]]
        day = paper["publishedAt"][:10]
        y, m, d = int(day[:4]), int(day[5:7]), int(day[8:10])
        created = f"Mon, {d:02d} {months[m - 1]} {y} 10:00:00 GMT"
        yield json.dumps({
            "id": paper["id"], "submitter": names[0], "authors": ", ".join(names),
            "title": paper["title"], "comments": f"{rng.randint(4, 40)} pages",
            "journal-ref": None, "doi": None, "report-no": None,
            "categories": " ".join(rng.sample(CATEGORIES, rng.randint(1, 3))),
            "license": None, "abstract": "  " + paper["summary"] + "\n",
            "versions": [{"version": "v1", "created": created}], "update_date": day,
            "authors_parsed": [[n.split()[-1], n.split()[0], ""] for n in names],
        }, ensure_ascii=False)


def snapshot_file(path: Path, n: int, folder: Path) -> Path:
    if path.exists():
        return path
    part = path.with_suffix(".part")
    with part.open("w", encoding="utf-8") as out:
        for line in snapshot_lines(n, folder):
            out.write(line + "\n")
    part.rename(path)
    return path


def fresh_library(exe: str, env: dict[str, str]) -> None:
    """Create the (empty) library first, so the import's time is the import's alone."""
    checked([exe, "cache", "info"], env)


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child so far: on a shared machine
    a process's CPU time says more than its wall time."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def loads_seconds(path: Path, lines: bool) -> float:
    """A plain json.loads of every item of the file, in this process."""
    start = time.perf_counter()
    with path.open("rb") as fh:
        if lines:
            for raw in fh:
                json.loads(raw)
        else:  # one item a line, as hub_file writes it: a whole 2 GB list would not fit
            for raw in fh:
                text = raw.strip().lstrip(b"[").rstrip(b",]")
                if text:
                    json.loads(text)
    return time.perf_counter() - start


def sizes(library: Path) -> tuple[int, int]:
    """(bytes of library.db and its -wal, bytes of any index folder beside it)."""
    db = sum(p.stat().st_size for p in library.parent.glob("library.db*") if p.is_file())
    index = sum(p.stat().st_size for d in library.parent.iterdir() if d.is_dir()
                for p in d.rglob("*") if p.is_file())
    return db, index


def incremental(exe: str, env: dict[str, str], folder: Path, n: int,
                src: Path) -> list[list[object]]:
    """Time importing the whole file again (every paper unchanged: nothing is written),
    then re-importing one refreshed paper, and one new day of 50 papers."""
    again = checked([exe, "import", str(src)], env)
    print(f"again: {again.stderr.strip().splitlines()[-1][:200]}", file=sys.stderr, flush=True)
    rows: list[list[object]] = [[f"import the same {n:,} again (all unchanged)",
                                 f"{again.seconds:.1f} s", f"{again.peak_mib:.0f}"]]
    one = next(items(1, seed=7))
    one["paper"]["upvotes"] = 999
    refreshed = folder / "refreshed.json"
    refreshed.write_text(json.dumps([one]))
    day = folder / "new-day.json"
    fresh = list(items(50, seed=99, days=1, start=__import__("datetime").date(2030, 1, 1)))
    for i, item in enumerate(fresh):
        item["paper"]["id"] = f"3001.{i:05d}"
    day.write_text(json.dumps(fresh))
    for label, path in (("one refreshed paper", refreshed), ("one new day, 50 papers", day)):
        got = [checked([exe, "import", str(path)], env) for _ in range(5)]
        best = min(g.seconds for g in got)
        rows.append([f"import {label} into {n:,}", f"{best * 1000:.0f} ms",
                     f"{max(g.peak_mib for g in got):.0f}"])
    version = min(checked([exe, "--version"], env).seconds for _ in range(5))
    rows.append(["papers --version (start-up)", f"{version * 1000:.0f} ms", ""])
    return rows


def first_papers(path: Path, n: int) -> list[Any]:
    """The first n papers of a Hub file, read and checked as `papers import` does."""
    from papercli import jsonstream
    from papercli.models import parse_one

    got = []
    with path.open("rb") as fh:
        for raw in jsonstream.items(fh, path.name):
            paper, _ = parse_one(raw)
            if paper is not None:
                got.append(paper)
            if len(got) >= n:
                break
    return got


def stages(path: Path, n: int, folder: Path) -> list[list[object]]:
    """CPU microseconds per paper of each stage of an import, run one after another in
    this process on the first n items of a Hub file (the main thread's CPU time; the
    search index's own threads are the process's CPU time less the main thread's). Then,
    for comparison, tantivy's threads once more with an analyzer without the English
    stemmer: the share of the index's cost that stemming takes."""
    import resource
    import shutil

    from papercli.db import records, textindex
    from papercli.db.store import Store
    from papercli.families import build_matcher
    from papercli.library import day_of

    def process() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    out: dict[str, float] = {}
    clock = time.thread_time
    start = clock()
    got = first_papers(path, n)
    out["read and check (Hub JSON)"] = clock() - start
    matcher = build_matcher({})
    start = clock()
    for paper in got:
        matcher.match(paper.title, paper.summary, paper.ai_keywords)
    out["families"] = clock() - start
    start = clock()
    for paper in got:
        records.pack(paper.summary)
        records.pack(paper.ai_summary)
    out["compression"] = clock() - start
    home = folder / "stages"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    with Store.open(home / "library.db") as store:
        store.for_bulk_load()
        start = clock()
        for i in range(0, len(got), 5000):
            batch = got[i : i + 5000]
            by_day: dict[str, list[str]] = {}
            for paper in batch:
                day = day_of(paper)
                if day:
                    by_day.setdefault(day, []).append(paper.id)
            store.import_papers(batch, by_day)
        out["SQL (import_papers less compression)"] = clock() - start - out["compression"]
    def index(folder: Path, stem: bool) -> tuple[float, float]:
        """(main thread, tantivy's threads) CPU seconds to index `got` into `folder`."""
        built = textindex._open(folder, create=True)
        if not stem:  # the same analyzer less its last filter, for comparison
            built.register_tokenizer(textindex.ANALYZER, textindex.analyzer(False))
        writer = built.writer(textindex.HEAP, textindex.BULK_THREADS)
        start, all_start = clock(), process()
        for paper in got:
            writer.add_document(textindex.document(paper))
        writer.commit()
        writer.wait_merging_threads()
        main_thread, everything = clock() - start, process() - all_start
        return main_thread, everything - main_thread

    out["index: documents (main thread)"], out["index: tantivy threads"] = index(
        home / "library.index", True)
    rows: list[list[object]] = [[k, f"{v / len(got) * 1e6:,.0f}"] for k, v in out.items()]
    rows.append(["total", f"{sum(out.values()) / len(got) * 1e6:,.0f}"])
    # What the English stemmer costs of tantivy's share (not part of the total).
    _, unstemmed = index(home / "unstemmed.index", False)
    rows.append(["(tantivy threads without the stemmer)", f"{unstemmed / len(got) * 1e6:,.0f}"])
    shutil.rmtree(home, ignore_errors=True)
    return rows


def ceiling(path: Path, n: int, folder: Path) -> list[list[object]]:
    """The search engine's own ceiling: papers/s (wall) to index n papers whose documents
    were built beforehand, with every core given to tantivy and nothing else to do. No
    import that also reads, checks and stores each paper can index faster. Documents as
    the library's index holds them (texts, and a term per filter value), and texts only
    (id, title, abstract, AI keywords, authors)."""
    import os
    import shutil

    import tantivy

    from papercli.db import textindex

    got = first_papers(path, n)

    def texts_only(paper: Any) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("id", paper.id)
        doc.add_text("title", paper.title)
        doc.add_text("summary", paper.summary)
        doc.add_text("ai_keywords", "\n".join(paper.ai_keywords))
        doc.add_text("authors", "\n".join(paper.authors))
        return doc

    threads = os.cpu_count() or 1
    rows: list[list[object]] = []
    def as_indexed(paper: Any) -> tantivy.Document:
        return textindex.document(paper, 1)

    makers: list[tuple[str, Callable[[Any], tantivy.Document]]] = [
        ("as the library indexes them", as_indexed), ("texts only", texts_only)]
    for label, make in makers:
        docs = [make(p) for p in got]
        home = folder / "ceiling.index"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        writer = textindex._open(home, create=True).writer(textindex.HEAP, threads)
        start = time.perf_counter()
        for doc in docs:
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - start
        shutil.rmtree(home, ignore_errors=True)
        rows.append([f"documents {label}", threads, f"{len(docs) / seconds:,.0f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--formats", default="hub,arxiv")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/papers-import-bench"))
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--stages", type=int, default=0, metavar="N",
                        help="only time each stage of an import, on N papers, in-process")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    if args.stages:
        src = hub_file(args.folder / f"hub-{BASE}.json", BASE, args.folder)
        print(f"CPU per paper by stage, {args.stages:,} papers of {src.name}\n")
        print(table(["stage", "us/paper"], stages(src, args.stages, args.folder)))
        print(f"\nThe search engine alone: {args.stages:,} documents built beforehand, "
              "indexed with every core and nothing else to do\n")
        print(table(["documents", "threads", "papers/s (wall)"],
                    ceiling(src, args.stages, args.folder)))
        return
    exe = papers_exe()
    rows: list[list[object]] = []
    last_hub: tuple[dict[str, str], int, Path] | None = None
    for n in (int(s) for s in args.sizes.split(",")):
        for fmt in args.formats.split(","):
            if fmt == "hub":
                src = hub_file(args.folder / f"hub-{n}.json", n, args.folder)
            else:
                src = snapshot_file(args.folder / f"arxiv-{n}.jsonl", n, args.folder)
            floor = loads_seconds(src, lines=fmt == "arxiv")
            home = args.folder / f"home-{fmt}-{n}"
            if home.exists():
                import shutil

                shutil.rmtree(home)
            env = isolated_env(home, HF_ENDPOINT="http://127.0.0.1:9")
            fresh_library(exe, env)
            cpu_before = _children_cpu()
            got = checked([exe, "import", str(src)], env)
            cpu = _children_cpu() - cpu_before
            print(f"{fmt} {n:,}: {got.stderr.strip().splitlines()[-1][:200]}",
                  file=sys.stderr, flush=True)
            db, index = sizes(home / "cache" / "papercli" / "library.db")
            rows.append([
                f"{fmt} {n:,}", f"{src.stat().st_size / 2**20:,.0f} MiB",
                f"{n / floor:,.0f}", f"{n / got.seconds:,.0f}", f"{n / cpu:,.0f}",
                f"{got.seconds:.1f}",
                f"{db / n:,.0f}", f"{index / n:,.0f}" if index else "-",
                f"{got.peak_mib:.0f}",
            ])
            if fmt == "hub":
                last_hub = (env, n, src)
    print(f"Python {sys.version.split()[0]}; whole-process `papers import FILE` into a "
          "fresh library\n")
    print(table(["file", "size", "json.loads/s", "import papers/s", "per CPU s", "import s",
                 "db B/paper", "index B/paper", "peak MiB"], rows))
    if last_hub and not args.no_incremental:
        print()
        print(table(["incremental write", "best of 5", "peak MiB"],
                    incremental(exe, last_hub[0], args.folder, last_hub[1], last_hub[2])))


if __name__ == "__main__":
    main()
