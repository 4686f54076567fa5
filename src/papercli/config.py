"""Settings: a schema with defaults, the user's config.toml, and environment overrides.

The config file is untrusted input like everything else: a broken file is a `ConfigError`
naming the file and line, a value of the wrong type names the key, an unknown key is a
warning (returned, not printed: the core never prints).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from papercli.errors import ConfigError
from papercli.models import DEFAULT_ENDPOINT

SORTS = ("trending", "upvotes", "new")


class Setting(NamedTuple):
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


class Config:
    """The effective settings: `values` by dotted key, where each came from (`sources`),
    the parsed file (`raw`, for the free tables) and warnings for the caller to show."""

    __slots__ = ("path", "raw", "sources", "values", "warnings")

    def __init__(
        self,
        path: Path,
        values: dict[str, Any],
        raw: dict[str, Any] | None = None,
        warnings: list[str] | None = None,
        sources: dict[str, str] | None = None,
    ) -> None:
        self.path = path
        self.values = values
        self.raw = raw if raw is not None else {}
        self.warnings = warnings if warnings is not None else []
        self.sources = sources if sources is not None else {}

    def get(self, key: str) -> Any:
        return self.values[key]

    @property
    def endpoint(self) -> str:
        return str(self.values["hub.endpoint"]).rstrip("/")

    @property
    def families_table(self) -> dict[str, Any]:
        table = self.raw.get("families")
        return dict(table) if isinstance(table, Mapping) else {}

    @property
    def watch_table(self) -> dict[str, Any]:
        """The raw `[watch.NAME]` tables (validated by `papercli.tracking`)."""
        table = self.raw.get("watch")
        return dict(table) if isinstance(table, Mapping) else {}


def read_toml(path: Path) -> dict[str, Any]:
    """Parse the file, turning every failure into a ConfigError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    import tomllib

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
            close = suggest(key)
            warnings.append(
                f"{where(path, key)}: unknown key {key!r} ignored"
                + (f" (did you mean {close}?)" if close else "")
            )
            continue
        values[key] = _coerce(key, setting, value, where(path, key))
        sources[key] = "file"
    for key, setting in SCHEMA.items():
        if setting.env and env.get(setting.env):
            values[key] = _coerce(key, setting, env[setting.env], f"${setting.env}")
            sources[key] = f"env {setting.env}"
    return Config(path=path, values=values, raw=raw, warnings=warnings, sources=sources)


# -- locating keys in the file (for error messages) -------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*(?P<key>[A-Za-z0-9_\-.\"' ]+?)\s*=")
_KEY_PART = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_\-]+)")


def _key_parts(text: str) -> list[str]:
    return [m.group(1) or m.group(2) or m.group(3) or "" for m in _KEY_PART.finditer(text)]


def locate(text: str, key: str) -> int | None:
    """The 1-based line defining a dotted key (or a table under it); best effort, for
    error messages only: tomllib reports positions for syntax errors, not for values."""
    wanted = _key_parts(key) if any(q in key for q in "\"'") else key.split(".")
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = _key_parts(header.group("name"))
            if table[: len(wanted)] == wanted:
                return number
            continue
        assign = _ASSIGN.match(line)
        if assign:
            full = table + _key_parts(assign.group("key"))
            if full[: len(wanted)] == wanted:
                return number
    return None


def where(path: Path, key: str) -> str:
    """`config file PATH, line N` for a key, or without the line when it cannot be found."""
    try:
        line = locate(path.read_text(encoding="utf-8"), key)
    except (OSError, UnicodeDecodeError):
        line = None
    return f"config file {path}" + (f", line {line}" if line else "")


def suggest(key: str) -> str | None:
    """The closest known setting, for 'did you mean' hints."""
    import difflib

    close = difflib.get_close_matches(key, list(SCHEMA), n=1, cutoff=0.6)
    return close[0] if close else None


# -- reading and writing values (papers config get/set/unset) ---------------------------


def setting_for(key: str) -> Setting:
    """The schema entry for a dotted key; a UsageError naming close matches otherwise."""
    setting = SCHEMA.get(key)
    if setting is None:
        from papercli.errors import UsageError

        close = suggest(key)
        top = key.split(".", 1)[0]
        if top in FREE_TABLES:
            hint = f"[{top}.*] entries are edited with `papers {top}` or by hand in the file"
            if top == "families":
                hint = "families are defined by hand in the file (see `papers families`)"
        else:
            hint = f"did you mean {close}?" if close else "see `papers config show` for every key"
        raise UsageError(f"unknown setting {key!r}", hint=hint)
    return setting


def parse_value(key: str, text: str) -> Any:
    """A value typed on the command line, checked like one from the file (UsageError)."""
    import math

    from papercli.errors import UsageError

    setting = setting_for(key)
    try:
        value = _coerce(key, setting, text, "invalid value")
    except ConfigError as exc:
        raise UsageError(exc.message, hint=setting.help) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(f"invalid value: {key} must be a finite number, got {text!r}")
    return value


def format_value(value: Any) -> str:
    """A value as a person would type it back into `papers config set`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def set_in(data: dict[str, Any], key: str, value: Any, path: Path) -> None:
    """Put `value` at a dotted key, creating tables; a non-table in the way is an error."""
    *parents, last = key.split(".")
    node = data
    walked: list[str] = []
    for part in parents:
        walked.append(part)
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(
                f"{where(path, '.'.join(walked))}: {'.'.join(walked)} must be a table",
                hint="fix or remove that line by hand",
            )
        node = child
    node[last] = value


def unset_in(data: dict[str, Any], key: str) -> bool:
    """Remove a dotted key (and tables it leaves empty); False when it was not there."""
    *parents, last = key.split(".")
    chain: list[dict[str, Any]] = [data]
    for part in parents:
        child = chain[-1].get(part)
        if not isinstance(child, dict):
            return False
        chain.append(child)
    if last not in chain[-1]:
        return False
    del chain[-1][last]
    for node, part in zip(reversed(chain[:-1]), reversed(parents), strict=True):
        if node[part]:
            break
        del node[part]
    return True


class Update(NamedTuple):
    path: Path
    backup: Path | None  # where the old file went when it had comments (tomli-w drops them)


def update_file(path: Path, change: Callable[[dict[str, Any]], None]) -> Update:
    """Read the file, apply `change` to its tables, write it back atomically.

    Other tables and keys are kept as they are; comments are not (tomli-w writes data,
    not documents), so a file that had some is first copied to `config.toml.bak` and the
    caller told. A broken file is never overwritten: reading it raises the usual
    ConfigError naming the line.
    """
    import copy
    import shutil
    import tempfile

    import tomli_w

    data = copy.deepcopy(read_toml(path))
    try:
        old_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old_text = ""
    change(data)
    text = tomli_w.dumps(data)
    commented = any(line.lstrip().startswith("#") for line in old_text.splitlines())
    backup = path.with_name(path.name + ".bak") if commented else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if backup is not None:
            shutil.copy2(path, backup)
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"cannot write config file {path}: {exc.strerror or exc}") from None
    return Update(path, backup=backup)
