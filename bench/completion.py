"""Shell completion: what one Tab costs, against `python -c pass`.

    python bench/completion.py [--runs N] [--papers N]

Whole-process wall medians of the requests bash, zsh and fish make (Typer's protocol:
`_PAPERS_COMPLETE` and the words typed), on a library of N synthetic papers (default
20,000). Target from issue 12: within 10x `python -c pass`, and about 150 ms at most.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _util import isolated_env, median_ms, papers_exe, table, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--papers", type=int, default=20_000)
    args = parser.parse_args()

    from hubserver import seed_items

    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = seed_items()
        items = []
        for n in range(args.papers):
            item = json.loads(json.dumps(base[n % len(base)]))
            item["paper"]["id"] = f"{24 + n // 90000:02d}{1 + n // 10000 % 9:02d}.{n:05d}"
            items.append(item)
        src = root / "items.json"
        src.write_text(json.dumps(items), encoding="utf-8")
        env = isolated_env(root, HF_ENDPOINT="http://127.0.0.1:9")
        done = subprocess.run([exe, "import", str(src)], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        config = root / "config" / "papercli" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text('[watch.llava]\nfamily = ["LLaVA"]\n[watch.quant]\n'
                          'keyword = ["quantization"]\n', encoding="utf-8")
        env["XDG_CONFIG_HOME"] = str(root / "config")

        def request(shell: str, line: str) -> dict[str, str]:
            extra = {"_PAPERS_COMPLETE": f"complete_{shell}"}
            if shell == "bash":
                words = line.split(" ")
                extra |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
            else:
                extra["_TYPER_COMPLETE_ARGS"] = line
                if shell == "fish":
                    extra["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
            return {**env, **extra}

        check = subprocess.run([exe], env=request("bash", "papers show 2401.0000"),
                               capture_output=True, text=True)
        assert check.returncode == 0 and "2401.00001" in check.stdout.split(), check

        py = sys.executable
        cases = [
            ("python -c pass", [py, "-c", "pass"], env),
            ("bash: papers <Tab> (command names)", [exe], request("bash", "papers ")),
            ("bash: papers show 2401.0<Tab> (ids)", [exe],
             request("bash", "papers show 2401.0")),
            ("zsh: papers today --family LL<Tab>", [exe],
             request("zsh", "papers today --family LL")),
            ("fish: papers watch rm <Tab>", [exe], request("fish", "papers watch rm ")),
            ("zsh: papers star <Tab> (200 newest ids)", [exe], request("zsh", "papers star ")),
        ]
        results = [(name, median_ms(wall(cmd, e, runs=args.runs))) for name, cmd, e in cases]
    base_ms = results[0][1]
    rows = []
    for name, ms in results:
        verdict = ""
        if name != "python -c pass":
            verdict = "ok" if ms / base_ms <= 10 and ms <= 150 else "MISSED"
        rows.append((name, f"{ms:.1f}", f"{ms / base_ms:.1f}x", verdict))
    print(f"completion, median of {args.runs} runs, {args.papers} papers in the library "
          f"(Python {sys.version.split()[0]})")
    print(table(["request", "wall ms", "vs python", "≤ 10x and ≤ 150 ms"], rows))


if __name__ == "__main__":
    main()
