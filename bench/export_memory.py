"""Peak memory of `papers export` over a whole library, per format: it should stay flat.

    python bench/export_memory.py [--papers N] [--formats json md ...] [--keep DIR]

Builds a library of N synthetic papers (bench/_synth.py; 100,000 by default) with
`papers import`, then runs `papers export --format F -o FILE` for each format as its own
process and reports that process's peak resident set (bench/_measure.py: a launcher's
os.wait4 rusage), its wall time and the file size. The second column runs the same
export with `-n N` (the limited path, which reads the papers into a list first) to show
what streaming saves.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _measure import checked
from _synth import write_chunks
from _util import isolated_env, papers_exe, table

FORMATS = ["json", "md", "csv", "bibtex", "html", "ids", "atom", "rss"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--formats", nargs="+", default=FORMATS, choices=FORMATS)
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    args = parser.parse_args()
    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        env = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9")
        print(f"building a library of {args.papers:,} synthetic papers ...", file=sys.stderr)
        for chunk in write_chunks(args.papers, root / "chunks"):
            checked([exe, "import", str(chunk)], env)
            chunk.unlink()
        out = root / "out"
        out.mkdir(exist_ok=True)
        rows = []
        for fmt in args.formats:
            streamed = checked([exe, "export", "--format", fmt, "-o", str(out / f"all.{fmt}"),
                                "--force"], env)
            size = (out / f"all.{fmt}").stat().st_size
            listed = checked([exe, "export", "--format", fmt, "-n", str(args.papers), "-o",
                              str(out / f"listed.{fmt}"), "--force"], env)
            rows.append([fmt, f"{streamed.peak_mib:,.0f}", f"{listed.peak_mib:,.0f}",
                         f"{streamed.seconds:.1f}", f"{size / 2**20:,.0f}"])
            for path in out.iterdir():
                path.unlink()
        print(f"papers export of a {args.papers:,}-paper library (peak RSS, MiB)")
        print(table(["format", "streamed", "with -n (list)", "seconds", "file MiB"], rows))


if __name__ == "__main__":
    main()
