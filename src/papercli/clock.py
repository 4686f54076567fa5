"""The current time, overridable with PAPERS_NOW for tests and reproducible scripts."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def now() -> datetime:
    override = os.environ.get("PAPERS_NOW")
    if override:
        try:
            parsed = datetime.fromisoformat(override.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(UTC).date()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
