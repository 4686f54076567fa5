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
            from papercli.sanitize import clean_line, quoted

            shown = clean_line(override, 60)
            error = ConfigError(f"PAPERS_NOW must be an ISO timestamp, got {quoted(shown)}",
                                hint="set it like 2026-08-21T08:00:00Z, or unset it")
            # (named as every setting's variable is, without a `$`: "PAPERS_TIMEOUT must be
            # a number, got 'x'"; the example is what to do, in 80 columns)
            like = "PAPERS_NOW must be like 2026-08-21T08:00:00Z, got {}"
            error.shorter = [(like.format(quoted(shown)), "fix or unset it"),
                             *quoting_shorter(like.format, shown, None)]
            raise error from None
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if not EARLIEST_YEAR <= parsed.astimezone(UTC).year <= LATEST_YEAR:
            _out_of_range(override)
        return parsed
    return datetime.now(UTC)


# The years PAPERS_NOW may pretend to be in: from arXiv's opening year (no paper is older;
# a time before 1970 passed for the library's "imported" stamp, one before year 1000 was
# stored as `1-01-01T…`, a damaged record), to the last year whose weeks, months and look-
# backs the dates can still count (`week` at 9999-12-31 overflowed, `trends` past 10000).
EARLIEST_YEAR = 1991
LATEST_YEAR = 9998


def _out_of_range(override: str) -> None:
    """The error for a PAPERS_NOW that is a timestamp no command can count from."""
    from papercli.errors import ConfigError, quoting_shorter
    from papercli.sanitize import clean_line, quoted

    shown = clean_line(override, 60)
    years = f"from {EARLIEST_YEAR} to {LATEST_YEAR}"
    error = ConfigError(f"PAPERS_NOW must be a time {years}, got {quoted(shown)}",
                        hint="set it within those years, or unset it")
    like = f"PAPERS_NOW must be {years}, got {{}}"
    error.shorter = [(like.format(quoted(shown)), "fix or unset it"),
                     *quoting_shorter(like.format, shown, None)]
    raise error


def today() -> date:
    return now().astimezone(UTC).date()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
