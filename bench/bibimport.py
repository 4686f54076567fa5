"""papers import of a reference manager's library: entries per second and peak memory.

    python bench/bibimport.py [-n 2000]

Writes N invented entries in Better BibTeX's shape (eprint, archivePrefix, keywords, a
150-word abstract; made-up ids, titles and people) and the same papers as Zotero-shaped
CSL-JSON to a temporary directory, then times `papers import FILE --offline` of each into
a fresh library, the rerun of the BibTeX import (every paper already in the library and
starred) and, for scale, bibtexparser 1.x alone on the whole BibTeX file. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from _measure import checked
from _util import isolated_env, papers_exe, table

WORDS = ["tidal", "tokens", "lattice", "sparse", "orbit", "kernel", "meadow", "quiver",
         "granite", "lantern", "ripple", "vector", "harbor", "cobalt", "prism", "thicket"]


def synth(rng: random.Random, i: int) -> tuple[str, dict[str, object]]:
    """One invented paper as a BibTeX entry and as a CSL-JSON item (never real data)."""
    pid = f"{20 + i % 5}{1 + i % 12:02d}.{i % 100000:05d}"
    people = [(rng.choice(WORDS).title(), rng.choice(WORDS).title()) for _ in range(4)]
    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    abstract = " ".join(rng.choice(WORDS) for _ in range(150)) + "."
    keywords = [rng.choice(WORDS), f"Computer Science - {rng.choice(WORDS).title()}"]
    bib = (f"@misc{{k{i},\n  title = {{{{{title}}}}},\n"
           f"  author = {{{' and '.join(f'{f}, {g}' for f, g in people)}}},\n"
           f"  year = {{2024}},\n  month = jan,\n  eprint = {{{pid}}},\n"
           f"  archiveprefix = {{arXiv}},\n  primaryclass = {{cs.LG}},\n"
           f"  keywords = {{{','.join(keywords)}}},\n  abstract = {{{abstract}}}\n}}\n\n")
    csl = {"id": f"http://zotero.org/users/local/x/items/{i}", "type": "article",
           "title": title, "author": [{"family": f, "given": g} for f, g in people],
           "issued": {"date-parts": [["2024", 1, 2]]}, "number": f"arXiv:{pid}",
           "DOI": f"10.48550/arXiv.{pid}", "abstract": abstract,
           "keyword": ", ".join(keywords)}
    return bib, csl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    args = parser.parse_args()
    exe = papers_exe()
    rng = random.Random(24)
    with tempfile.TemporaryDirectory(prefix="papers-bib-") as tmp:
        root = Path(tmp)
        bib, csl = root / "library.bib", root / "library.json"
        items = []
        with bib.open("w", encoding="utf-8") as out:
            for i in range(args.n):
                entry, item = synth(rng, i)
                out.write(entry)
                items.append(item)
        csl.write_text(json.dumps(items, indent=2), encoding="utf-8")
        from bibtexparser.bparser import BibTexParser  # type: ignore[import-untyped]

        start = time.perf_counter()
        BibTexParser(common_strings=True).parse(bib.read_text(encoding="utf-8"))
        alone = time.perf_counter() - start
        rows: list[list[object]] = [["bibtexparser 1.x alone", f"{alone:.2f}",
                                     f"{args.n / alone:,.0f}", "-"]]
        for label, home, src in (("import BibTeX", "bib", bib), ("rerun, all starred", "bib", bib),
                                 ("import CSL-JSON", "csl", csl)):
            got = checked([exe, "import", str(src), "--offline"], isolated_env(root / home))
            rows.append([label, f"{got.seconds:.2f}", f"{args.n / got.seconds:,.0f}",
                         f"{got.peak_mib:.0f}"])
            print(f"{label}: {got.stderr.strip().splitlines()[0]}", file=sys.stderr)
        print(f"{args.n:,} invented entries, BibTeX {bib.stat().st_size / 2**20:.1f} MiB\n")
        print(table(["run", "seconds", "entries/s", "peak MiB"], rows))


if __name__ == "__main__":
    main()
