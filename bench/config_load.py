"""Config files people get wrong: thousands of unknown keys, and a long pasted query.

    python bench/config_load.py [--runs N]

Whole-process wall medians of `papers config show` with a config.toml holding N unknown
keys (each needs its line located for its warning; a scan per key made 4,000 keys take
18-24 s), and of an offline `papers search` of W words (at most 64 are used).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from _util import isolated_env, median_ms, papers_exe, table, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from hubserver import seed_items

    exe = papers_exe()
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9")
        config = root / "config" / "papercli" / "config.toml"
        config.parent.mkdir(parents=True)
        for n in (0, 100, 1000, 4000, 20000):
            config.write_text("[network]\n" + "".join(f"k{i} = {i}\n" for i in range(n)),
                              encoding="utf-8")
            times = wall([exe, "config", "show"], env=env, runs=args.runs, warmup=1)
            rows.append([f"config show, {n} unknown keys", f"{median_ms(times):.0f}"])
        config.unlink()
        source = root / "seed.json"
        source.write_text(json.dumps(seed_items()), encoding="utf-8")
        subprocess.run([exe, "import", str(source)], env=env, check=True, capture_output=True)
        for words in (3, 64, 8000):
            query = [f"word{i}" for i in range(words)]
            times = wall([exe, "search", "--offline", *query], env=env, runs=args.runs,
                         warmup=1)
            rows.append([f"search --offline, {words} words", f"{median_ms(times):.0f}"])
    print(table(["case", "median ms"], rows))


if __name__ == "__main__":
    main()
