"""Every runtime dependency pyproject.toml declares is imported by papercli: `pip install .`
installs exactly what some command loads, and the README's list of them stays true (a
library the code stopped using, left in the list, is a download and a pin for nothing)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent

# A distribution's import name where it differs from its name on PyPI.
MODULE = {"tomli-w": "tomli_w", "scikit-learn": "sklearn", "google-re2": "re2",
          "beautifulsoup4": "bs4"}


def test_every_declared_dependency_is_imported() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0] for spec in project["dependencies"]]
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in (ROOT / "src" / "papercli").rglob("*.py"))
    unused = [name for name in names
              if not re.search(rf"^\s*(?:import|from) {MODULE.get(name, name)}\b", source,
                               re.MULTILINE)]
    assert names and unused == []
