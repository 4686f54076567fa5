"""JSON: the stable contract of `Paper.to_dict`, as a top-level array."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from papercli.models import Paper
from papercli.sanitize import strip_controls


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def render(
    papers: Sequence[Paper],
    *,
    title: str = "",
    endpoint: str,
    abstract: bool = True,
    generated_at: datetime | None = None,
) -> str:
    data = [{k: _clean(v) for k, v in p.to_dict(endpoint).items()} for p in papers]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
