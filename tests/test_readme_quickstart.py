"""The README's quick start, read as a new user reads it: what each step promises in its
comment is what the command does for someone who typed the steps before it and nothing
else (tests/test_readme_examples.py checks that each example runs and shows papers)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"


def quick_start() -> list[list[str]]:
    """The `papers …` lines of the Quick start block, as argv (comments dropped)."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"^## Quick start\n\n```bash\n(.*?)^```", text, re.M | re.S)
    assert block, "no Quick start block"
    return [shlex.split(line)[1:] for line in block[1].splitlines()
            if line.startswith("papers ")]


def test_the_quick_start_stars_enough_for_for_you_to_rank_by_them(papers, seeded_hub) -> None:
    """"Keep what matters, then let papercli rank the week by it" starred one paper, and
    the `papers for-you --explain` after it said "most upvoted first for now" and that
    --explain had nothing to explain: a taste takes three papers. The quick start's stars
    are enough for the ranking it shows."""
    steps = quick_start()
    stars = [argv for argv in steps if argv[0] == "star"]
    ranked = [argv for argv in steps if argv[0] == "for-you"]
    assert steps[0] == ["today"] and stars and ranked
    for argv in [steps[0], *stars]:
        done = papers(*argv)
        assert done.exit_code == 0, done.stderr
    shown = papers(*ranked[0])
    assert shown.exit_code == 0, shown.stderr
    assert "most upvoted first" not in shown.stderr + shown.stdout, shown.stderr
    assert "by relevance to your stars" in shown.stdout, shown.stdout
    assert re.search(r"^1\. \S+: for: ", shown.stdout, re.M), shown.stdout  # --explain's lines
