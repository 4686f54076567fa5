"""papers browse: time to the first painted list, and the response to a key press.

    python bench/browse.py [--runs N] [--presses N]

A day of 1,000 papers is fetched once from the loopback Hub into a fresh library; then:

- first paint: the whole command, `papers browse day DATE --offline`, started on a
  pseudo-terminal (80x24 and 160x48), from spawning the process to the moment the list
  has been painted (the app's first-paint callback, after the refresh that drew it);
  median of N runs. Target: within 1 s.
- key press: in one process, the app over the same day (Textual's headless harness),
  each press of `j`/`k` (the selection moves one row and the reading pane follows),
  PgDn, `G` and `g` timed from sending the key to the first frame composed with the new
  selection (median, p95, and the CPU it took: on a busy machine wall time includes
  waiting for a core). Target: within 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _util import isolated_env, papers_exe, pseudo_terminal, table

N_PAPERS = 1000

# Runs `papers ARGS` as the entry point does, with a first-paint callback that records the
# time and quits; argv[1] is where to write the time.
CHILD = """
import json, sys, time
out = sys.argv[1]
from papercli.tui import app as tui_app
class Timed(tui_app.BrowseApp):
    def __init__(self, *a, **kw):
        def painted(app):
            with open(out, "w") as fh:
                json.dump([time.time(), len(app.papers)], fh)
            app.exit()
        kw["on_ready"] = painted
        super().__init__(*a, **kw)
tui_app.BrowseApp = Timed
sys.argv = ["papers", *sys.argv[2:]]
from papercli.cli.main import main
main()
"""


def first_paint(env: dict[str, str], args: list[str], size: tuple[int, int]) -> float:
    """Seconds from spawning `papers ARGS` on a pty of `size` to its first painted list."""
    with tempfile.TemporaryDirectory() as tmp, pseudo_terminal(*size) as terminal:
        report = Path(tmp) / "painted"
        start = time.time()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(report), *args],
                              env={**env, "TERM": "xterm-256color"}, stdin=terminal,
                              stdout=terminal, stderr=terminal,  # Textual draws on stderr
                              timeout=60)
        if proc.returncode != 0 or not report.exists():
            sys.exit(f"bench: papers {' '.join(args)} failed (exit {proc.returncode})")
        painted, count = json.loads(report.read_text())
    if count != N_PAPERS:
        sys.exit(f"bench: the first paint listed {count} papers, not {N_PAPERS}")
    return float(painted) - start


async def key_presses(day: str, presses: int) -> dict[str, tuple[list[float], list[float]]]:
    """Per key: (wall seconds, CPU seconds) from sending the key to the first frame that
    shows its effect, in a 160x48 headless app (the frame is composed, not written)."""
    from textual import events

    from papercli.tui.app import BrowseApp
    from papercli.tui.source import Source, View

    app = BrowseApp(Source(offline=True), View("day", day), fetch_details=False)
    frames: list[float] = []
    display = app._display

    def counted(screen: object, renderable: object) -> None:
        frames.append(time.perf_counter())
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = counted  # type: ignore[method-assign]
    keys = [("j", presses), ("k", presses), ("pagedown", max(presses // 10, 5)),
            ("G", max(presses // 10, 5)), ("g", max(presses // 10, 5))]
    out: dict[str, tuple[list[float], list[float]]] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.papers) == N_PAPERS, len(app.papers)
        assert app._driver is not None
        for key, count in keys:
            walls, cpus = out.setdefault(key, ([], []))
            for _ in range(count):
                if key in ("pagedown", "G") and app.paper_list.cursor >= N_PAPERS - 60:
                    await pilot.press("g")  # room to move down again
                elif key == "g" and app.paper_list.cursor == 0:
                    await pilot.press("G")
                before = app.selected
                start, cpu = time.perf_counter(), time.process_time()
                app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
                while not (app.selected != before and frames and frames[-1] > start):
                    await asyncio.sleep(0.0002)
                walls.append(frames[-1] - start)
                cpus.append(time.process_time() - cpu)
                await pilot.pause(0.02)  # a person's pace: each press on its own frame
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()

    from hubserver import HubServer, seed_items

    exe = papers_exe()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        day = datetime.now(UTC).date()
        base = seed_items()
        items = []
        for n in range(N_PAPERS):
            item = copy.deepcopy(base[n % len(base)])
            item["paper"]["id"] = f"{day:%y%m}.{n:05d}"
            item["paper"]["title"] = f"{item['paper']['title']} (copy {n})"
            items.append(item)
        server = HubServer().start()
        server.set_day(day, items)
        env = isolated_env(root, HF_ENDPOINT=server.url)
        warm = subprocess.run([exe, "day", day.isoformat(), "--json"], env=env,
                              capture_output=True, text=True)
        server.stop()
        if warm.returncode != 0 or len(json.loads(warm.stdout)) != N_PAPERS:
            sys.exit(f"bench: could not cache the day: {warm.stderr[-500:]}")
        env["HF_ENDPOINT"] = "http://127.0.0.1:9"  # closed: the timed runs use the library

        cmd = ["browse", "day", day.isoformat(), "--offline"]
        rows = []
        for size in ((80, 24), (160, 48)):
            first_paint(env, cmd, size)  # warm the page cache
            times = [first_paint(env, cmd, size) for _ in range(args.runs)]
            ms = statistics.median(times) * 1000
            rows.append((f"first paint, {N_PAPERS} papers, {size[0]}x{size[1]}",
                         f"{ms:.0f}", f"{max(times) * 1000:.0f}",
                         "≤ 1000 " + ("ok" if ms <= 1000 else "MISSED")))
        saved = dict(os.environ)
        os.environ.update(env)
        try:
            presses = asyncio.run(key_presses(day.isoformat(), args.presses))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        for key, (walls, cpus) in presses.items():
            ms = statistics.median(walls) * 1000
            p95 = sorted(walls)[max(int(len(walls) * 0.95) - 1, 0)] * 1000
            cpu = statistics.median(cpus) * 1000
            rows.append((f"key {key} ({len(walls)} presses; CPU {cpu:.1f} ms)", f"{ms:.1f}",
                         f"{p95:.1f} (p95)", "≤ 50 " + ("ok" if ms <= 50 else "MISSED")))
    print(f"papers browse, {N_PAPERS} papers in the list; first paint: median of {args.runs} "
          f"runs on a pseudo-terminal (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(table(["measure", "median ms", "worst ms", "target ms"], rows))


if __name__ == "__main__":
    main()
