"""System tools some tests need (a headless Chromium, user namespaces), found on PATH.

The README's `pytest` must pass on any machine, so a test whose tool is missing is skipped
with one line naming the tool. CI installs the tools and sets PAPERS_REQUIRE_TOOLS=1
(`.ci/run`), which turns that skip into a failure: there the tests always run.

The variable is read once, at import: the `home` fixture clears every PAPERS_* variable
before a test runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NoReturn

import pytest

REQUIRE_VAR = "PAPERS_REQUIRE_TOOLS"
REQUIRED = os.environ.get(REQUIRE_VAR, "").strip() not in ("", "0")

# The names a Chromium goes by: Debian's package, Ubuntu's, Google's, and the bare
# headless build (chrome-headless-shell).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "headless_shell")


def missing(reason: str) -> NoReturn:
    """Skip the running test, or fail it when CI said every tool must be there."""
    if REQUIRED:
        pytest.fail(f"{reason} ({REQUIRE_VAR} is set, so the test must run)", pytrace=False)
    pytest.skip(reason)


def find_tool(names: tuple[str, ...], install: str) -> str:
    """The path of the first of `names` on PATH; else the test is skipped (or fails)."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    missing(f"no {' / '.join(names)} on PATH (install: {install})")


def chromium() -> str:
    """A headless-capable Chromium for the tests that draw pages in a real browser."""
    return find_tool(CHROMIUM_NAMES, "apt-get install -y chromium")


def user_namespaces() -> bool:
    """Whether `unshare --map-root-user --mount` works here (a tool and a kernel feature)."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "--map-root-user", "--mount", "true"],
                           capture_output=True, check=False)
    return probe.returncode == 0


def need_user_namespaces(available: bool) -> None:
    """Skip (or fail) a test that mounts file systems in a private mount namespace."""
    if not available:
        missing("`unshare --map-root-user --mount` does not work here "
                "(needs util-linux's unshare and unprivileged user namespaces)")
