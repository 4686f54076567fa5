"""arXiv's pacing holds across processes: requests spaced by the interval, never two at
once, and a deadline that turns a long wait into an error instead of a hang."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from papercli.errors import PapersError
from papercli.sources.pacing import Pacer, PacingTimeout

SRC = Path(__file__).resolve().parents[1] / "src"

# Each process waits for a common start, then makes `n` paced "requests" of `hold` seconds,
# logging when the block was entered and left (wall clock, which is what the pacer
# shares between processes).
SNIPPET = """
import json, sys, time
from pathlib import Path
from typing import Any
from papercli.sources.pacing import Pacer

cache, log, go, n, interval, hold = sys.argv[1:7]
pacer = Pacer(Path(cache), float(interval))
while time.time() < float(go):
    time.sleep(0.005)
with open(log, "w") as out:
    for _ in range(int(n)):
        with pacer.slot():
            entered = time.time()
            time.sleep(float(hold))
            left = time.time()
        out.write(json.dumps({"enter": entered, "exit": left}) + "\\n")
"""


def test_two_processes_stay_an_interval_apart_and_never_overlap(tmp_path: Path) -> None:
    interval, hold, per_process = 0.5, 0.1, 3
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    go = time.time() + 1.0  # both processes start contending together
    logs = [tmp_path / f"p{i}.jsonl" for i in range(2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SNIPPET, str(cache), str(log), str(go), str(per_process),
             str(interval), str(hold)],
            env=env,
        )
        for log in logs
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    slots = sorted(
        ({**json.loads(line), "proc": i} for i, log in enumerate(logs)
         for line in log.read_text().splitlines()),
        key=lambda s: s["enter"],
    )
    assert len(slots) == 2 * per_process
    assert {s["proc"] for s in slots} == {0, 1}
    for before, after in itertools.pairwise(slots):
        # never two at once, and a gap of the interval between them, whichever process
        # made them (1 ms allows for the timestamp file's rounding, not for timing)
        assert after["enter"] - before["exit"] >= interval - 1e-3


class FakeTime:
    """A wall clock that only moves when slept on."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_first_request_goes_at_once_then_waits_the_rest_of_the_interval(tmp_path: Path) -> None:
    fake = FakeTime()
    pacer = Pacer(tmp_path / "new" / "cache", 3.0, clock=fake.clock, sleep=fake.sleep)
    with pacer.slot():
        pass
    assert fake.sleeps == []
    assert pacer.last_request() == pytest.approx(fake.now)
    fake.now += 1.0
    with pacer.slot():
        pass
    assert fake.sleeps == [pytest.approx(2.0)]
    fake.now += 5.0
    with pacer.slot():
        pass
    assert len(fake.sleeps) == 1


def test_another_pacer_on_the_same_directory_shares_the_timestamp(tmp_path: Path) -> None:
    fake = FakeTime()
    with Pacer(tmp_path, 3.0, clock=fake.clock, sleep=fake.sleep).slot():
        pass
    fake.now += 0.5
    with Pacer(tmp_path, 3.0, clock=fake.clock, sleep=fake.sleep).slot():
        pass
    assert fake.sleeps == [pytest.approx(2.5)]


def test_separate_names_are_paced_separately(tmp_path: Path) -> None:
    fake = FakeTime()
    with Pacer(tmp_path, 3.0, name="arxiv", clock=fake.clock, sleep=fake.sleep).slot():
        pass
    with Pacer(tmp_path, 3.0, name="other", clock=fake.clock, sleep=fake.sleep).slot():
        pass
    assert fake.sleeps == []
    with Pacer(tmp_path, 3.0, name="arxiv", clock=fake.clock, sleep=fake.sleep).slot():
        pass
    assert fake.sleeps == [pytest.approx(3.0)]


@pytest.mark.parametrize("junk", ["", "soon", "nan", "inf", "-5", "1e400", "\x00\x01", "1.2.3"])
def test_a_junk_timestamp_file_means_no_request_yet(tmp_path: Path, junk: str) -> None:
    fake = FakeTime()
    pacer = Pacer(tmp_path, 3.0, clock=fake.clock, sleep=fake.sleep)
    pacer.stamp_path.write_text(junk, encoding="latin-1")
    with pacer.slot():
        pass
    assert fake.sleeps == []


def test_a_timestamp_in_the_future_waits_one_interval_at_most(tmp_path: Path) -> None:
    fake = FakeTime()
    pacer = Pacer(tmp_path, 3.0, clock=fake.clock, sleep=fake.sleep)
    pacer.stamp_path.write_text(f"{fake.now + 86400}\n", encoding="ascii")
    with pacer.slot():
        pass
    assert fake.sleeps == [pytest.approx(3.0)]


def test_a_wait_past_the_deadline_raises_at_once(tmp_path: Path) -> None:
    fake = FakeTime()
    pacer = Pacer(tmp_path, 10.0, clock=fake.clock, sleep=fake.sleep)
    with pacer.slot():
        pass
    with pytest.raises(PacingTimeout) as info, pacer.slot(deadline=time.monotonic() + 2.0):
        pytest.fail("the slot must not be entered")
    assert fake.sleeps == []
    assert isinstance(info.value, PapersError) and info.value.hint
    assert "10.0s" in info.value.message


def test_a_held_connection_past_the_deadline_raises(tmp_path: Path) -> None:
    """One thread holds the single connection; another with a short deadline gives up."""
    holder_in, release = threading.Event(), threading.Event()

    def hold() -> None:
        with Pacer(tmp_path, 0.0).slot():
            holder_in.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holder_in.wait(10)
        with pytest.raises(PacingTimeout, match="held"), \
                Pacer(tmp_path, 0.0).slot(deadline=time.monotonic() + 0.2):
            pytest.fail("the slot must not be entered")
    finally:
        release.set()
        thread.join(10)
    with Pacer(tmp_path, 0.0).slot(deadline=time.monotonic() + 5):
        pass  # free again once the holder is done


def test_a_held_lock_in_another_process_past_the_deadline_raises(tmp_path: Path) -> None:
    """The lock file is what processes share: one held elsewhere blocks us too."""
    from filelock import FileLock

    pacer = Pacer(tmp_path, 0.0)
    code = (
        "import sys, time\nfrom filelock import FileLock\n"
        "with FileLock(sys.argv[1]):\n    print('held', flush=True)\n    sys.stdin.read()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(pacer.lock_path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(PacingTimeout, match="another papers process"), \
                pacer.slot(deadline=time.monotonic() + 0.3):
            pytest.fail("the slot must not be entered")
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(10)
    with FileLock(str(pacer.lock_path), timeout=5):
        pass


def test_an_unwritable_cache_directory_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(PapersError, match="cannot create cache directory"), \
            Pacer(blocker / "cache", 0.0).slot():
        pytest.fail("the slot must not be entered")


def test_waiting_for_another_process_s_request_is_said_so(home: Any, arx: Any) -> None:
    """While another `papers` process held arXiv's one connection (a backfill's slow page),
    the status line said "fetching http://…/rss/cs.CL…" for the whole wait: it now says
    what it waits for, then goes on as before."""
    from filelock import FileLock

    from arxivserver import Paper
    from conftest import installed_papers, screens

    arx.announce(Paper("2401.09001", "A paper", ["cs.CL"], arx.state.announced_at))
    lock = FileLock(str(home.cache / "papercli" / "arxiv-pacing.lock"))
    (home.cache / "papercli").mkdir(parents=True, exist_ok=True)
    lock.acquire()
    master, slave = os.openpty()
    shown: list[bytes] = []
    said = threading.Event()

    def drain() -> None:  # the terminal's text, and whether the wait was said
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown.append(chunk)
            if b"waiting for another papers process" in b"".join(shown):
                said.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.Popen([installed_papers(), "arxiv", "cs.CL"], stdout=subprocess.PIPE,
                                stderr=slave, env=os.environ.copy())
        os.close(slave)
        said.wait(30)  # then the other process is done (30 s: a safety net, not a timing)
        lock.release()
        stdout, _ = proc.communicate(timeout=60)
        reader.join(timeout=30)
    finally:
        os.close(master)
    text = b"".join(shown).decode()
    assert proc.returncode == 0, text
    assert said.is_set(), text
    lines = [line for shown_now in screens(text) for line in shown_now]
    assert "waiting for another papers process's request to arXiv…" in lines, lines
    assert b"2401.09001" in stdout
