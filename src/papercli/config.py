"""Settings: a schema with defaults, the user's config.toml, and environment overrides.

The config file is untrusted input like everything else: a broken file is a `ConfigError`
naming the file and line, a value of the wrong type names the key, an unknown key is a
warning (returned, not printed: the core never prints).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papercli.errors import ConfigError
from papercli.models import DEFAULT_ENDPOINT

SORTS = ("trending", "upvotes", "new")


@dataclass(frozen=True)
class Setting:
    type: type
    default: Any
    help: str
    env: str | None = None
    choices: tuple[str, ...] | None = None
    minimum: float | None = None


SCHEMA: dict[str, Setting] = {
    "hub.endpoint": Setting(str, DEFAULT_ENDPOINT, "Base URL of the Hub API.", env="HF_ENDPOINT"),
    "network.timeout": Setting(
        float, 10.0, "Connect/read timeout in seconds.", env="PAPERS_TIMEOUT", minimum=0.1
    ),
    "network.retries": Setting(
        int, 3, "Retries on 429, 5xx, timeouts, dropped connections.", env="PAPERS_RETRIES",
        minimum=0,
    ),
    "network.backoff": Setting(
        float, 0.5, "First retry delay in seconds (doubles).", env="PAPERS_BACKOFF", minimum=0
    ),
    "network.max_retry_after": Setting(
        float, 60.0, "Longest Retry-After we honour, in seconds.", minimum=0
    ),
    "network.concurrency": Setting(int, 4, "Parallel requests for `papers sync`.", minimum=1),
    "cache.today_ttl": Setting(
        int, 600, "Seconds before the current day/week/month is re-fetched.",
        env="PAPERS_TODAY_TTL", minimum=0,
    ),
    "cache.recent_ttl": Setting(
        int, 21600, "Seconds before a period that ended in the last 7 days is re-fetched.",
        minimum=0,
    ),
    "cache.archive_ttl": Setting(
        int, 604800, "Seconds before an older period is re-fetched.", minimum=0
    ),
    "display.limit": Setting(int, 0, "Default --limit for listings (0: no limit).", minimum=0),
    "display.sort": Setting(str, "trending", "Default --sort for listings.", choices=SORTS),
    "new.first_days": Setting(
        int, 14, "Days `papers new` looks back on first use.", minimum=1
    ),
}

# Tables holding user-defined entries rather than scalar settings.
FREE_TABLES = ("families", "watch")


def _coerce(key: str, setting: Setting, value: Any, source: str) -> Any:
    """Type-check a value from the file (already typed) or env/CLI (a string)."""
    expected = setting.type
    result: Any
    if isinstance(value, str) and expected is not str:
        try:
            result = expected(value.strip())
        except ValueError:
            raise ConfigError(
                f"{source}: {key} must be {expected.__name__}, got {value!r}"
            ) from None
    elif expected is float and isinstance(value, int) and not isinstance(value, bool):
        result = float(value)
    elif isinstance(value, bool) or not isinstance(value, expected):
        raise ConfigError(
            f"{source}: {key} must be {expected.__name__}, got {type(value).__name__} {value!r}"
        )
    else:
        result = value
    if setting.choices and result not in setting.choices:
        raise ConfigError(f"{source}: {key} must be one of {', '.join(setting.choices)}")
    if setting.minimum is not None and result < setting.minimum:
        raise ConfigError(f"{source}: {key} must be at least {setting.minimum:g}")
    return result


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested TOML tables to dotted keys (free tables kept whole)."""
    flat: dict[str, Any] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping) and key not in FREE_TABLES:
            flat.update(flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


@dataclass
class Config:
    path: Path
    values: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values[key]

    @property
    def endpoint(self) -> str:
        return str(self.values["hub.endpoint"]).rstrip("/")

    @property
    def families_table(self) -> dict[str, Any]:
        table = self.raw.get("families")
        return dict(table) if isinstance(table, Mapping) else {}


def read_toml(path: Path) -> dict[str, Any]:
    """Parse the file, turning every failure into a ConfigError naming file and line."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"config file {path} is not valid TOML: {exc}",
            hint="fix the line named, or move the file aside",
        ) from None


def load(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Defaults, then the file, then environment variables, each checked against SCHEMA."""
    env = os.environ if environ is None else environ
    raw = read_toml(path)
    values = {key: s.default for key, s in SCHEMA.items()}
    sources = {key: "default" for key in SCHEMA}
    warnings: list[str] = []
    for key, value in flatten(raw).items():
        if key in FREE_TABLES:
            if not isinstance(value, Mapping):
                raise ConfigError(f"config file {path}: [{key}] must be a table")
            continue
        setting = SCHEMA.get(key)
        if setting is None:
            warnings.append(f"config file {path}: unknown key {key!r} ignored")
            continue
        values[key] = _coerce(key, setting, value, f"config file {path}")
        sources[key] = "file"
    for key, setting in SCHEMA.items():
        if setting.env and env.get(setting.env):
            values[key] = _coerce(key, setting, env[setting.env], f"${setting.env}")
            sources[key] = f"env {setting.env}"
    return Config(path=path, values=values, raw=raw, warnings=warnings, sources=sources)
