"""`--json` is written by output.json_papers (the C string encoder, no exporter
machinery) and `export --format json` by the JSON exporter: the same papers must come
out as the same bytes, whatever their text or extra fields hold."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pytest

from papercli import output
from papercli.exporters import render
from papercli.models import Paper
from test_exporters import SEED, hostile_papers, odd_papers

ENDPOINT = "https://hub.example"
HOSTILE = "Bell\x07 \x1b[31mred\x1b[0m \x1b]52;c;Zm9v\x07 \u202e tab\tnew\nline \"q\" \\ é 𝔸"


def papers() -> list[Paper]:
    return [SEED[0]._replace(title=HOSTILE, summary="", authors=(HOSTILE, ""),
                             ai_keywords=(), families=("LLaMA",), github_stars=None),
            SEED[1]._replace(upvotes=2**62, categories=("cs.CL", "cs.AI"), version=3),
            *SEED[2:5], *hostile_papers(), *odd_papers()]


def extras_for(shown: list[Paper]) -> dict[str, dict[str, Any]]:
    a, b, c, *_ = shown
    return {
        a.id: {"score": 0.1 + 0.2, "why": {"words": ["a", HOSTILE], "weights": [1.5, -0.0],
                                           "empty": {}, "none": [], "deep": [[{"k": 1}]]},
               "tags": ["x", "y\x1b[2J"], "note": HOSTILE, "title": "never renamed"},
        b.id: {"score": math.nan, "big": math.inf, "small": -math.inf, "flag": True,
               "off": False, "nothing": None, "watches": ("w1", "w\x00 2"),
               "keys": {1: "one", None: "none", 2.5: "float"}},
        c.id: {"read": True, "starred_at": "2026-01-01T00:00:00Z"},
    }


@pytest.mark.parametrize("case", ["none", "unshown", "mixed", "odd key", "empty"])
def test_the_same_bytes_as_the_exporter(case: str) -> None:
    shown = [] if case == "empty" else papers()
    extras: Any = {"none": None, "unshown": {"x": {"score": 1.0}}, "empty": None,
              "mixed": extras_for(shown) if shown else None,
              "odd key": {shown[0].id: {7: "a key that is not text"}} if shown else None,
              }[case]
    ours = "".join(output.json_papers(shown, ENDPOINT, extras))
    theirs = render(shown, "json", title="t", endpoint=ENDPOINT, extras=extras)
    assert ours == theirs
    parsed = json.loads(ours)  # strict JSON: NaN and Infinity became null
    assert [p["id"] for p in parsed] == [p.id for p in shown]
    assert "\x1b" not in ours and "\x07" not in ours


def test_streams_one_paper_at_a_time() -> None:
    """A generator of papers is read as the text is written, never gathered first."""
    read: list[str] = []

    def source() -> Any:
        for paper in papers():
            read.append(paper.id)
            yield paper

    chunks = output.json_papers(source(), ENDPOINT)
    first = next(chunks)
    assert len(read) == 1 and first.startswith("[\n  {")
    rest = io.StringIO()
    rest.writelines(chunks)
    assert len(read) == len(papers())
