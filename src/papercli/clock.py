"""The current time, overridable with PAPERS_NOW for tests and reproducible scripts."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def now() -> datetime:
    """Now, or PAPERS_NOW: one that is not a timestamp is an error, as a bad setting in
    the environment is (a script that pins the time would otherwise run on today's date
    without a word)."""
    override = os.environ.get("PAPERS_NOW", "")
    if override.strip():  # a blank one is unset, as every PAPERS_* variable's is
        try:
            parsed = datetime.fromisoformat(override.replace("Z", "+00:00"))
        except ValueError:
            from papercli.errors import ConfigError, quoting_shorter
            from papercli.sanitize import clean_line

            error = ConfigError(f"$PAPERS_NOW: {clean_line(override, 60)!r} is not an ISO "
                                "timestamp", hint="set it like 2026-08-21T08:00:00Z, or "
                                "unset it")
            # (in 80 columns, as an option's bad value is said: the whole made 109)
            error.shorter = quoting_shorter(lambda shown: f"$PAPERS_NOW {shown}",
                                            clean_line(override, 60),
                                            "use 2026-08-21T08:00:00Z, or unset it")
            raise error from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(UTC).date()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
