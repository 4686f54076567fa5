"""The browser tests find a Chromium on PATH under any of its names, are skipped with a
reason naming it when there is none, and fail instead when PAPERS_REQUIRE_TOOLS is set.

pytest runs in a separate process here because what is under test is a process's PATH and
environment, and how a pytest run reports the outcome.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from systools import CHROMIUM_NAMES, REQUIRE_VAR

TESTS = Path(__file__).parent
BROWSER_TEST = "test_digest.py::test_renders_in_headless_chromium"


def summary(done: subprocess.CompletedProcess[str]) -> str:
    """pytest's last line: "2 skipped in 1.2s" and the like."""
    return done.stdout.strip().splitlines()[-1]


def run_browser_tests(path: str, require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_VAR}
    env["PATH"] = path
    if require:
        env[REQUIRE_VAR] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", f"{TESTS / BROWSER_TEST}", "-q", "-rsf",
         "-p", "no:cacheprovider", "-p", "no:randomly"],
        capture_output=True, text=True, timeout=300, env=env, cwd=TESTS.parent, check=False,
    )


def test_without_a_browser_the_tests_are_skipped_naming_it(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    done = run_browser_tests(str(empty), require=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert summary(done).startswith("2 skipped in"), done.stdout[-3000:]
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) == 1 and "[2]" in skips[0], done.stdout  # one reason for both
    assert "no chromium / chromium-browser / google-chrome / headless_shell on PATH" in skips[0]
    assert "apt-get install -y chromium" in skips[0]


def test_without_a_browser_ci_fails(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    done = run_browser_tests(str(empty), require=True)
    assert done.returncode == 1, done.stdout[-3000:]
    assert summary(done).startswith("2 failed in"), done.stdout[-3000:]
    assert "no chromium / chromium-browser / google-chrome / headless_shell on PATH" \
        in done.stdout and f"{REQUIRE_VAR} is set" in done.stdout
    assert "Traceback" not in done.stdout  # one line, not a stack


@pytest.mark.parametrize("name", CHROMIUM_NAMES[-1:])
def test_a_browser_under_another_name_is_found_and_run(name: str, tmp_path: Path) -> None:
    """A stand-in browser that logs its arguments and draws nothing: the tests run it
    (and fail, since no screenshot appears), which a hard-coded path would not."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    fake = bin_dir / name
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexit 3\n', encoding="utf-8")
    fake.chmod(0o755)
    done = run_browser_tests(str(bin_dir), require=False)
    assert summary(done).startswith("2 failed in"), done.stdout[-3000:]
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 2 and all("--headless" in c and "--screenshot=" in c for c in calls)
