"""JSON: the stable contract of `Paper.to_dict`, as a top-level array, one object at a time.

The text is exactly `json.dumps(list, indent=2)`: each object is dumped alone and indented,
so a whole-library export never holds more than one paper's JSON. JSON Lines (`jsonl`):
the same objects, one a line (compact, no enclosing array), for `jq -c`, `grep` and
tools that read a million-paper export as it streams.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from typing import Any

from papercli.exporters import Context, Section, chain
from papercli.sanitize import strip_controls


def clean(value: Any) -> Any:
    """Text without control characters; a float that is not finite (JSON has no NaN or
    Infinity: `jq` and every strict parser reject them) becomes null."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "json") -> Iterator[str]:
    first = True
    for paper in chain(sections):
        obj = {k: clean(v) for k, v in paper.to_dict(ctx.endpoint).items()}
        if ctx.extras and paper.id in ctx.extras:  # added, never renaming a contract field
            obj.update({k: clean(v) for k, v in ctx.extras[paper.id].items() if k not in obj})
        if fmt == "jsonl":  # a line each (json.dumps escapes every line break inside)
            yield json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n"
            continue
        text = json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False).replace(
            "\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    if fmt != "jsonl":  # (no papers: no lines)
        yield "[]\n" if first else "\n]\n"
