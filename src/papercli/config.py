"""Settings: a schema with defaults, the user's config.toml, and environment overrides.

The config file is untrusted input like everything else: a broken file is a `ConfigError`
naming the file and line, a value of the wrong type names the key, an unknown key is a
warning (returned, not printed: the core never prints).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from papercli.columns import DEFAULT_COLUMNS, parse_columns
from papercli.errors import ConfigChanged, ConfigError, fitting
from papercli.models import DEFAULT_ENDPOINT
from papercli.paths import tilde
from papercli.sanitize import lookalike_digits, quoted

# Every listing's --sort (the listing pipeline's orders) and display.sort.
SORTS = ("trending", "upvotes", "new", "stars", "relevance")
# --limit when neither -n nor display.limit says (0: all). Rankings show their top;
# search its best hits; everything else (listings, starred, new, export) all of it.
# Here, not in views, so that --help can say them without importing the views.
DEFAULT_LIMITS = {"search": 50, "for-you": 20, "related": 20}
# Commands that write the library out, not list it: display.limit (a setting for tables,
# which cuts no listing written as ids, JSON or a document either: `views.limit_for`)
# never cuts them, -n alone does. `export --hidden -o library.jsonl`, README's way to move a
# library, wrote 20 of 9,877 papers for anyone who had set display.limit 20 for tables.
UNCUT_BY_DISPLAY = frozenset({"export"})


# Upper bounds for numbers a person types (options, settings, watches). Beyond them a value
# is a mistake, and passing it on fails far away: SQLite integers stop at 2**63, dates at
# year 9999, sleeps at what time_t holds. A bound here is one usage or config error instead.
MAX_COUNT = 1_000_000_000  # --limit, --min-upvotes, display.limit, watch min_upvotes
MAX_SECONDS = 3600.0  # --timeout, network.timeout: an hour per request is already absurd
MAX_TTL = 10 * 366 * 86400  # cache.*_ttl: ten years
# network.concurrency and sync --concurrency: one bound for both, the Hub client's
# connection pool's size (sources.transport), past which a request only waits its turn
MAX_CONCURRENCY = 16
# Nesting deeper than this is not a settings file: reject it before recursive code meets it.
MAX_DEPTH = 32
# Characters in config.toml, read or written (`config edit`): a settings file is small.
MAX_TEXT = 1 << 20
# Unknown keys reported one by one; beyond this, one summary line.
MAX_KEY_WARNINGS = 10


T = TypeVar("T")


class Setting(NamedTuple):
    type: type
    default: Any
    help: str
    env: str | None = None
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    # A check of the value's content beyond its type: (key, value, source) -> the value
    # in its canonical spelling (what is stored and shown), or the ConfigError that names
    # the source.
    check: Callable[[str, Any, str], Any] | None = None


def _check_columns(key: str, value: Any, source: str) -> list[str]:
    """The column names, lower case, in order, without repeats: a TOML list, or one
    comma-separated text (as `config set` gets it, and as the file held it before it was
    a list), both as a list (`config show --json` showed a text where the value is a
    list; a TOML list stopped every command). `" Title , id "` was stored and shown as
    typed, where a number is stripped."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str):
        raise ConfigError(f"{source}: {key} must be a list of column names, got "
                          f"{_kind(value)}{shown(value)}")
    try:
        return list(parse_columns(value))
    except ValueError as exc:
        # Where the names are, not all thirteen ("…; choose from rel, upvotes, …" made
        # the line 159 columns), as an unknown family says `papers families`.
        # A close name is offered as `--columns` offers it (`votes`: did you mean upvotes?).
        what, _, names = str(exc).partition("; choose from ")
        hint = None
        if names:
            import difflib  # only on this error path

            known = names.split(", ")
            typed = re.search(r"'(.*)'", what)
            close = difflib.get_close_matches(typed[1], known, n=1) if typed else []
            hint = (f"did you mean {close[0]}?" if close
                    else f"papers today --help lists all {len(known)}")
        raise ConfigError(f"{source}: {key}: {what}", hint=hint) from None


def _check_url(key: str, value: str, source: str) -> str:
    """The Hub's base URL is an http(s) URL with a host: anything else would fail every
    fetch later with a message about the request, not the setting. Kept as written,
    surrounding spaces aside."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value.strip())
        # .port raises on a port that is not 0-65535 (`:abc`, `:-1`, `:99999`), and 0
        # reaches nothing: each failed every fetch with "unexpected InvalidURL". A space
        # inside (`https://hf mirror.org`), a query or a fragment (`…?x=1`, `…#top`: the
        # API's paths went after them) failed every fetch as a host not found or a 404.
        # A control character (an escape) was saved and then hidden wherever the value
        # was said: `set` said "https://a.b/red" of `https://a.b/\x1b[31mred`.
        ok = (parts.scheme in ("http", "https") and bool(parts.hostname)
              and parts.port != 0 and "?" not in value and "#" not in value
              and not any(c.isspace() or not c.isprintable() for c in value.strip()))
    except ValueError:  # a bad port, brackets
        ok = False
    if not ok:
        shown_value = value
        if "@" in value:  # user:pass@ never reaches a message
            from papercli.secrets import strip_credentials

            shown_value = strip_credentials(value)
        # (no example: "such as https://huggingface.co" made `config set`'s line 96
        # columns, and `config unset hub.endpoint` is how the Hub's own comes back)
        raise ConfigError(f"{source}: {key} must be an http(s) URL, got {shown(shown_value)}")
    return value.strip()


SCHEMA: dict[str, Setting] = {
    "hub.endpoint": Setting(str, DEFAULT_ENDPOINT, "Base URL of the Hub API.", env="HF_ENDPOINT",
                            check=_check_url),
    "network.offline": Setting(
        bool, False, "Never touch the network, as --offline on every command (the browser "
        "and the MCP server too; papers sync refuses to run).", env="PAPERS_OFFLINE"),
    "network.timeout": Setting(
        float, 10.0, "Seconds one request attempt may take, start to end.",
        env="PAPERS_TIMEOUT", minimum=0.1,
        maximum=MAX_SECONDS,
    ),
    "network.retries": Setting(
        int, 3, "Retries on 429, 5xx, dropped connections (a timeout: once).",
        env="PAPERS_RETRIES",
        minimum=0, maximum=20,
    ),
    "network.backoff": Setting(
        float, 0.5, "First retry delay in seconds (doubles).", env="PAPERS_BACKOFF", minimum=0,
        maximum=60,
    ),
    "network.max_retry_after": Setting(
        float, 60.0, "Longest Retry-After we honour, in seconds.", minimum=0, maximum=3600
    ),
    "network.budget": Setting(
        float, 300.0, "Most seconds one command (or sync period) spends on the Hub, "
        "retries and waits included.", env="PAPERS_BUDGET", minimum=1, maximum=MAX_SECONDS,
    ),
    "network.concurrency": Setting(
        int, 4, "Parallel requests for `papers sync`.", minimum=1, maximum=MAX_CONCURRENCY
    ),
    "cache.today_ttl": Setting(
        int, 600, "Seconds before the current day/week/month is re-fetched.",
        env="PAPERS_TODAY_TTL", minimum=0, maximum=MAX_TTL,
    ),
    "cache.recent_ttl": Setting(
        int, 21600, "Seconds before a period that ended in the last 7 days is re-fetched.",
        minimum=0, maximum=MAX_TTL,
    ),
    "cache.archive_ttl": Setting(
        int, 604800, "Seconds before an older period is re-fetched.", minimum=0,
        maximum=MAX_TTL,
    ),
    "display.limit": Setting(
        int, 0, "Default --limit for listing tables (0: no limit; -q, --json, other "
        "formats and export are never cut by it).",
        minimum=0, maximum=MAX_COUNT
    ),
    "display.sort": Setting(str, "trending", "Default --sort for listings.", choices=SORTS),
    "display.columns": Setting(
        list, list(DEFAULT_COLUMNS), "Default --columns for listing tables, "
        "comma-separated (the usual set leaves out columns no paper shown fills).",
        check=_check_columns),
    "sources.arxiv": Setting(
        list, [], "arXiv categories followed by `papers arxiv` (comma-separated, e.g. "
        "cs.CL,cs.CV; archives such as hep-th or math too)."),
    "new.first_days": Setting(
        int, 14, "Days `papers new` looks back on first use.", minimum=1, maximum=3660
    ),
}

# Tables holding user-defined entries rather than scalar settings.
FREE_TABLES = ("families", "watch")


def shown(value: Any) -> str:
    """A value quoted in a message as written (text quoted, so "5" is not taken for 5;
    TOML's true and false), cut short (a 5,000-digit number is not worth showing). Text
    is cut as every message quotes it (`quoted`): whole escapes, the quotes closed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value, 38)
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_number(value: float, *, minimum: float | None, maximum: float | None) -> str | None:
    """What is wrong with a number against its bounds (None: nothing): the one check behind
    settings, options (`cli._common`, `cli.fast`) and watches."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    if minimum is not None and value < minimum:
        return f"must be at least {_bound(minimum)}"
    if maximum is not None and value > maximum:
        return f"must be at most {_bound(maximum)}"
    return None


def _bound(x: float) -> str:
    """A bound as the messages say numbers, thousands grouped ("at most 1,000,000,000", as
    `new.first_days`' warning says 3,660 and a watch's min_upvotes its bound)."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,g}"


def typed_number(text: str, kind: type[int] | type[float], what: str) -> Any:
    """A number a person typed, read as `kind`; ValueError saying why not. Only the
    digits 0-9: int() and float() also take fullwidth, Arabic-Indic, Devanagari...
    digits, and whoever typed `５` (an input method left on) meant something else. An
    absurdly long text is refused before it is converted, and so are Python's digit
    separators (`1_0` is 10 to int(), a typo to anyone else)."""
    stripped = text.strip()
    if lookalike_digits(stripped):
        raise ValueError(f"{shown(text)} is not {what}: type it with the digits 0-9")
    try:
        return (kind(stripped) if stripped.isascii() and "_" not in stripped
                and len(text) <= 40 else None)
    except ValueError:
        return None


def _parse_bounded(text: str, kind: type[int] | type[float], what: str,
                   minimum: float, maximum: float) -> Any:
    """One option value read as `kind` and checked against its bounds; ValueError with
    the reason otherwise."""
    value = typed_number(text, kind, what)
    if value is None:
        # A number past a bound in another spelling (1e23, inf, 5,000 digits) is out of
        # bounds, said as such: "use a whole number, 0 or more" named no bound for it.
        outside = _outside(text, minimum, maximum)
        raise ValueError(f"{shown(text)}: {outside}" if outside else
                         f"{shown(text)} is not {what}")
    problem = check_number(value, minimum=minimum, maximum=maximum)
    if problem:
        raise ValueError(f"{shown(text)}: {problem}")
    return value


def _outside(text: str, minimum: float, maximum: float) -> str | None:
    """The bound a number typed past it breaks ("must be at most ..."), read as a float
    (digits 0-9 only, as `typed_number` takes them); None for what is no number, or
    one within the bounds (3.5 for a whole number: a wrong kind, not too big)."""
    stripped = text.strip()
    if not stripped.isascii() or "_" in stripped:
        return None
    try:
        value = float(stripped)
    except ValueError:
        return None
    if value != value:  # nan: no bound it is past
        return None
    if value > maximum:
        return f"must be at most {_bound(maximum)}"
    if value < minimum:
        return f"must be at least {_bound(minimum)}"
    return None


def parse_count(text: str) -> int:
    """An option's whole number, 0 to MAX_COUNT (`--limit`, `--min-upvotes`)."""
    return int(_parse_bounded(text, int, "a whole number", 0, MAX_COUNT))


def parse_whole(text: str, minimum: int, maximum: int) -> int:
    """An option's whole number, `minimum` to `maximum` (`sync --concurrency`)."""
    return int(_parse_bounded(text, int, "a whole number", minimum, maximum))


def parse_seconds(text: str) -> float:
    """An option's duration, 0.1 to MAX_SECONDS (`--timeout`); nan and inf are refused too:
    a per-request timeout of inf is no timeout."""
    return float(_parse_bounded(text, float, "a number of seconds", 0.1, MAX_SECONDS))


# What a type is called in a message a person reads ("must be a number", not "float").
_TYPE_NAMES = {float: "a number", int: "a whole number", str: "text", bool: "true or false",
               dict: "a table", list: "a list"}


def _kind(value: Any) -> str:
    """What a value of the wrong type is, before it is shown ("a number 3.5"); nothing
    for true and false, which say it themselves."""
    if isinstance(value, bool):
        return ""
    return f"{_TYPE_NAMES.get(type(value), type(value).__name__)} "


def described(value: Any) -> str:
    """A value of the wrong type as a message says it: its kind, then it ("a whole number
    3"), where Python's name for the type ("got int") meant nothing in a settings file."""
    return f"{_kind(value)}{shown(value)}"


def _coerce(key: str, setting: Setting, value: Any, source: str) -> Any:
    """Type-check a value from the file (already typed) or env/CLI (a string)."""
    expected = setting.type
    result: Any
    if expected is list:  # (a TOML list, or one comma-separated text: `config set`'s)
        return (setting.check or _categories)(key, value, source)
    if expected is bool:
        return _switch(key, value, source)
    if isinstance(value, str) and expected is not str:
        what = _TYPE_NAMES.get(expected, expected.__name__)
        try:  # (int or float: a 5,000-digit integer is "not a whole number" too)
            result = typed_number(value, expected, what)
        except ValueError as exc:  # `５`: the digits 0-9
            raise ConfigError(f"{source}: {key}: {exc}") from None
        if result is None:
            # A number past a bound in another spelling (1e99, 5,000 digits) is out of
            # bounds, said as an option's is (`--limit 1e99`: "up to 1,000,000,000"):
            # "must be a whole number, got '1e99'" named no bound.
            outside = _outside(value, -math.inf if setting.minimum is None else
                               setting.minimum, math.inf if setting.maximum is None
                               else setting.maximum)
            raise ConfigError(f"{source}: {key} {outside or f'must be {what}'}, "
                              f"got {shown(value)}")
    elif expected is float and isinstance(value, int) and not isinstance(value, bool):
        try:
            result = float(value)
        except OverflowError:
            result = float("inf")  # out of every bound below
    elif isinstance(value, bool) or not isinstance(value, expected):
        raise ConfigError(
            f"{source}: {key} must be {_TYPE_NAMES.get(expected, expected.__name__)}, "
            f"got {_kind(value)}{shown(value)}"
        )
    else:
        result = value
    if setting.choices:  # in any case, as --sort takes them: `sort = "Upvotes"` is upvotes
        result = next((c for c in setting.choices if c == result.strip().lower()), None)
        if result is None:  # said as --sort says it: "… must be one of …, got 'x'" made 94
            raise ConfigError(f"{source}: {key} {shown(value)}",
                              hint=_choice_hint(value, setting.choices))
    if setting.check is not None:
        result = setting.check(key, result, source)
    if isinstance(result, int | float):
        problem = check_number(result, minimum=setting.minimum, maximum=setting.maximum)
        if problem:
            raise ConfigError(f"{source}: {key} {problem}, got {shown(value)}")
    return result


def _choice_hint(value: Any, choices: tuple[str, ...]) -> str:
    """The close choice to a value none matches ("did you mean upvotes?"), else all of them
    ("use trending, upvotes, new, stars or relevance")."""
    import difflib  # only on this error path

    close = difflib.get_close_matches(str(value).strip().lower(), choices, n=1)
    if close:
        return f"did you mean {close[0]}?"
    return "use " + ", ".join(choices[:-1]) + f" or {choices[-1]}"


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _switch(key: str, value: Any, source: str) -> bool:
    """A true/false setting: TOML's booleans, or the words an environment variable takes
    (HF_HUB_OFFLINE's: 1, true, yes, on and their opposites, any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
    # In the file, TOML's own true and false (the words 1 and 0 are for a variable or the
    # command line): "(or 1 or 0)" made the file's line 89 columns for `offline = "maybe"`.
    words = "" if source.startswith("config file") else " (or 1 or 0)"
    raise ConfigError(f"{source}: {key} must be true or false{words}, got {shown(value)}")


def _categories(key: str, value: Any, source: str) -> list[str]:
    """arXiv categories: a TOML list of names, or one comma-separated text (as `config
    set` gets it), each checked against arXiv's taxonomy and kept in its canonical
    spelling; an unknown one names the close ones, a paper's id says it is one."""
    from papercli.errors import UsageError
    from papercli.sources import arxiv_taxonomy

    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f"{source}: {key} must be a list of arXiv categories, "
                          f"got {shown(value)}")
    if len(items) > 200:
        raise ConfigError(f"{source}: {key} lists more than 200 categories")
    try:
        return arxiv_taxonomy.validate(items)
    except arxiv_taxonomy.PaperIdGiven as exc:  # (`papers show` it: not what the key wants)
        error = ConfigError(f"{source}: {key}: {exc.message}", hint=exc.IN_CONFIG)
        # (`config set`, where the key was just typed: with the whole hint, 85 columns)
        error.shorter = [(error.message, exc.IN_CONFIG_AFTER),
                         (f"{source}: {key}: {exc.paper} is a paper id", error.hint),
                         *((f"{source}: {said}", fix) for said, fix in exc.keyed(key))]
        raise error from None
    except UsageError as exc:  # (the close names, an unknown category's hint, kept)
        error = ConfigError(f"{source}: {key}: {exc.message}",
                            hint=exc.hint if getattr(exc, "close", None) else None)
        # its shorter ways too (fewer close names, the name cut short), after the key:
        # a typo in the file made 139 columns, `config set sources.arxiv cs.CLL` 84
        if error.hint:
            error.shorter = [(f"{source}: {key}: {said}", fix) for said, fix in exc.shorter]
        raise error from None


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested TOML tables to dotted keys (free tables kept whole, and a table where a
    setting belongs: `timeout = { seconds = 5 }` is a value of the wrong type, where it
    was an unknown key `seconds` and `timeout = {}` nothing at all, the setting left at
    its default without a word). Iterative, and linear in the number of keys (read_toml
    has already refused absurd nesting)."""
    flat: dict[str, Any] = {}
    stack: list[tuple[str, Iterator[tuple[str, Any]]]] = [(prefix, iter(data.items()))]
    while stack:
        base, items = stack[-1]
        for name, value in items:
            key = f"{base}{name}"
            if isinstance(value, Mapping) and key not in FREE_TABLES and key not in SCHEMA:
                stack.append((key + ".", iter(value.items())))
                break
            flat[key] = value
        else:
            stack.pop()
    return flat


def _depth(data: Any, limit: int) -> bool:
    """Whether tables and arrays nest deeper than `limit` (iterative: no recursion to blow)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, level = stack.pop()
        if level > limit:
            return True
        if isinstance(node, Mapping):
            stack.extend((v, level + 1) for v in node.values() if isinstance(v, Mapping | list))
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node if isinstance(v, Mapping | list))
    return False


class Config:
    """The effective settings: `values` by dotted key, where each came from (`sources`),
    the parsed file (`raw`, for the free tables) and warnings for the caller to show."""

    __slots__ = ("path", "raw", "sources", "text", "values", "warnings")

    def __init__(
        self,
        path: Path,
        values: dict[str, Any],
        raw: dict[str, Any] | None = None,
        warnings: list[str] | None = None,
        sources: dict[str, str] | None = None,
        text: str | None = None,
    ) -> None:
        self.path = path
        self.values = values
        self.raw = raw if raw is not None else {}
        self.warnings = warnings if warnings is not None else []
        self.sources = sources if sources is not None else {}
        self.text = text  # the file's text as loaded: errors name its lines

    def where(self, key: str) -> str:
        """`config file PATH, line N` for a key of the text loaded."""
        return where(self.path, key, self.text)

    def shorter(self, key: str, detail: str, hint: str | None
                ) -> list[tuple[str, str | None]]:
        """Shorter ways to say a mistake at `key` on one line (`_shorter`: the path with
        ~, then the file's name, then without the hint), as a bad setting is said."""
        try:
            text = self.path.read_text(encoding="utf-8") if self.text is None else self.text
            line = locate(text, key)
        except (OSError, UnicodeDecodeError):
            line = None
        return _shorter(self.path, line, detail, hint)

    def get(self, key: str) -> Any:
        return self.values[key]

    @property
    def endpoint(self) -> str:
        """The endpoint fit to show (links, JSON `url`, messages): no `user:pass@`."""
        url = str(self.values["hub.endpoint"]).strip()
        if "@" not in url:  # no credentials to strip: the secrets module stays unloaded
            return url.rstrip("/")
        from papercli.secrets import strip_credentials

        return strip_credentials(url).rstrip("/")

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
    return _read(path)[1]


def read_quietly(path: Path) -> dict[str, Any]:
    """The file's tables, or nothing on any failure: for what only offers a hint from the
    file (shell completion, a usage error's "did you mean"), where the file's own errors
    are said by the command that reads it, not there. Opened directly, a config.toml
    linked to /dev/zero hung the Tab and deep nesting printed a traceback."""
    try:
        return read_toml(path)
    except Exception:  # a broken, huge or unreadable config: nothing, and nothing said
        return {}


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    """The file's text and its tables; ("", {}) when there is no file."""
    text = read_text(path)
    return text, parse(text, path)


def read_text(path: Path) -> str:
    """The file's text; "" when there is no file, nor can be: a folder on its way is a
    file (XDG_CONFIG_HOME=/dev/null, a way to run with the defaults). At most MAX_TEXT
    characters are read: a file longer than that is a mistake (a log written to the
    wrong name, a link to /dev/zero), refused before it fills memory. A named pipe is
    refused rather than waited on: opening one blocked every command, and every Tab,
    until something wrote to it."""
    try:
        data = _read_bytes(path, 4 * MAX_TEXT + 1)  # a character is 4 bytes of UTF-8 at most
        # line ends read as open() in text mode reads them: CRLF and CR are "\n"
        text = "" if len(data) > 4 * MAX_TEXT else (
            data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except (FileNotFoundError, NotADirectoryError):
        return ""
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise file_error(
            path, f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} on line {line})",
            "save it as UTF-8, or move it aside") from None
    except IsADirectoryError:
        raise file_error(path, "is a folder, not a file", "move it aside") from None
    except OSError as exc:  # (the hint said shorter: "Permission denied" came alone)
        raise file_error(path, f"cannot be read: {exc.strerror or exc}",
                         "make it readable, or move it aside", "make it readable") from None
    if len(data) > 4 * MAX_TEXT or len(text) > MAX_TEXT:
        raise file_error(path, f"is longer than {MAX_TEXT:,} characters",
                         "a settings file is a few lines: move it aside", "move it aside")
    return text


def file_error(path: Path, what: str, hint: str, short: str | None = None) -> ConfigError:
    """What is wrong with the config file as a whole, said as a bad value in it is
    (`_shorter`): the whole path, else the path with ~, else the file's name (`papers
    config path` says where), with the hint (or a `short` one) while it fits. The
    whole path made "is a folder, not a file — move it aside" 120 columns."""
    error = ConfigError(f"config file {path} {what}", hint=hint)
    error.shorter = [(f"{tilde(path)} {what}", hint), (f"{path.name} {what}", hint),
                     *([(f"{path.name} {what}", short)] if short else []),
                     (f"{path.name} {what}", None)]
    return error


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the file, opened without waiting for a writer."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            raise file_error(path, "is a named pipe, not a file", "move it aside")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit)
    finally:
        os.close(fd)


def parse(text: str, path: Path) -> dict[str, Any]:
    """The tables of `text`, meant for `path` (named in every error, with the line). A
    byte-order mark (Notepad's UTF-8) is skipped: tomllib would call line 1 invalid."""
    import tomllib

    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        error = _unparsable(path, f"is not valid TOML: {exc}")
        # tomllib's words and where ("… (at line 1, column 9)"), or the line alone: the
        # words and both places made 167 columns ("Expected ']' at the end of a table
        # declaration"), so the whole path was said
        at = re.fullmatch(r"(.*) \((?:at line (\d+), column (\d+)|at (end) of document)\)",
                          str(exc), re.DOTALL)
        if at:
            place = f"{path.name}, line {at[2]}" if at[2] else f"{path.name}, at its end"
            lines = text.removeprefix("\ufeff").split("\n")  # (TOML's: \f ends none)
            line = lines[int(at[2]) - 1] if at[2] and int(at[2]) <= len(lines) else ""
            said, briefs = _toml_words(at[1], line[int(at[3]) - 1:] if at[2] else "")
            # The next step kept on the line in fewer words before none at all: "config.toml,
            # line 3: [display] declared twice" left no room for " — fix it with papers
            # config edit", so it was said without any.
            error.shorter += [(f"{place}: {said}", EDIT_HINT),
                              *((f"{place}: {way}", EDIT_SHORT) for way in [said, *briefs]),
                              (f"{place}: bad TOML", EDIT_SHORT), (f"{place}: {said}", None)]
        raise error from None
    except ValueError as exc:  # int() refuses a 5,000-digit number inside tomllib
        raise _unparsable(path, f"is not a usable TOML file: {str(exc)[:80]}") from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        data = None
    if data is None or _depth(data, MAX_DEPTH):
        raise file_error(path, f"nests tables or arrays more than {MAX_DEPTH} levels deep",
                         "no papercli setting needs that: fix the file, or move it aside")
    return data


EDIT_HINT = "fix it with papers config edit"
EDIT_SHORT = "papers config edit"  # (the hint where the whole one does not fit)

# tomllib's words for what a person typing TOML by hand gets wrong, said plainly, then
# briefly (at most 19 characters: "config.toml, at its end: " and " — papers config edit"
# leave that much of 80 columns): "Illegal character '\n'" was a closing quote missing
# (`sort = "upvotes`), "Invalid value" text without quotes (`sort = upvotes`).
_TOML_SAID: list[tuple[str, str, tuple[str, ...]]] = [
    (r"Illegal character '\\n'|Unterminated string",
     "a quoted value has no closing quote", ("no closing quote",)),
    (r"Invalid value", "a value TOML can't read", ("bad value",)),
    (r"Cannot overwrite a value", "a key set twice", ()),
    (r"Duplicate inline table key .*", "a key set twice in { }", ("a key set twice",)),
    (r"Cannot redefine namespace .*", "a table defined twice", ("a table twice",)),
    (r"Cannot mutate immutable namespace .*", "a { } table added to later",
     ("{ } added to later",)),
    (r"Unescaped '\\' in a string", "a \\ that starts no escape (write \\\\)",
     ("bad \\ escape",)),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value",
     "a \\u escape that names no character", ("bad \\u escape",)),
    (r"Illegal character .*|Found invalid character .*",
     "a control character TOML does not allow", ("control character",)),
    (r"Invalid date or datetime", "a date or time that does not exist", ("no such date",)),
    (r"Expected newline or end of document after a statement",
     "more after a value (text needs quotes)", ("more after a value",)),
    (r"Expected '\]' at the end of a table declaration", "a [table] with no closing ]",
     ("no closing ]",)),
    (r"Expected '\]\]' at the end of an array declaration",
     "a [[table]] with no closing ]]", ("no closing ]]",)),
    (r"Expected '=' after a key in a key/value pair",
     "Expected '=' after a key in a key/value pair", ("a key with no =",)),  # (clear)
    (r"Invalid initial character for a key part", "a key TOML cannot read (quote it)",
     ("bad key",)),
    (r"Invalid statement", "a line that is no [table] or key = value",
     ("not key = value",)),
    (r"Unclosed array", "a [ list ] with no closing ]", ("no closing ]",)),
    (r"Unclosed inline table", "a { table } with no closing }", ("no closing }",)),
]


def _toml_words(said: str, rest: str = "") -> tuple[str, list[str]]:
    """tomllib's message in plainer words (`_TOML_SAID`), and briefer ways to say it, for
    a line with the next step on it; a table declared twice, `Cannot declare ('display',)
    twice`, as `[display] declared twice`, then `[display] twice`. `rest`: the line from
    where tomllib stopped, which tells a value not written (`limit =`, or the file's end)
    and a word without quotes (`sort = upvotes`) from another value it cannot read."""
    twice = re.fullmatch(r"Cannot declare \((.*?),?\) twice", said)
    if twice:
        names = re.findall(r"'((?:[^'\\]|\\.)*)'", twice[1])
        if names:
            keys = (n if re.fullmatch(r"[A-Za-z0-9_-]+", n) else f'"{n}"' for n in names)
            table = f"[{'.'.join(keys)}]"
            return f"{table} declared twice", [f"{table} twice", "a table twice"]
        return "a table declared twice", ["a table twice"]
    if said == "Invalid value" and re.match(r"\s*(#|$)", rest):
        return "a value is missing", []
    if said == "Invalid value" and re.match(r"[A-Za-z]", rest):
        return "text needs quotes", []
    for words, plain, briefs in _TOML_SAID:
        if re.fullmatch(words, said, re.DOTALL):
            return plain, list(briefs)
    return said, []


def _unparsable(path: Path, what: str) -> ConfigError:
    """A file tomllib cannot read, said as a bad value in it is (`_shorter`): the path
    with ~, and the command that fixes it, `config edit`, which opens the file as it is
    and checks it before it is saved (it said "fix the line named, or move the file
    aside", with the whole path, where a bad value named `papers config edit`)."""
    error = ConfigError(f"config file {path} {what}", hint=f"{EDIT_HINT}, or move the file aside")
    error.shorter = [(f"{tilde(path)} {what}", EDIT_HINT), (f"{path.name} {what}", EDIT_HINT)]
    return error


def env_value(name: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """An environment variable's value, None when it is unset, empty or only blanks: a
    blank one (`PAPERS_TIMEOUT=" "`, as a script's unset variable in quotes gives) is no
    setting, as an empty one is and as `ARXIV_API_ENDPOINT` and `PAPERS_ARXIV_INTERVAL`
    take it, rather than an error for an empty one and not for the other."""
    if not name:
        return None
    value = (os.environ if environ is None else environ).get(name, "")
    return value if value.strip() else None


def overridden_by(key: str, environ: Mapping[str, str] | None = None) -> str | None:
    """`PAPERS_TIMEOUT (3.0)`: the environment variable that overrides KEY and the value
    that applies while it is set, else None. `config set` and `unset` say it, where the
    file's value (or the default) would be taken for the one in effect. The value as it
    applies (a number as a number), an endpoint without `user:pass@` (`Config.endpoint`),
    one that does not load as written, cut short."""
    setting = SCHEMA[key]
    given = env_value(setting.env, environ)
    if given is None or not setting.env:
        return None
    try:
        said = spoken_value(_coerce(key, setting, given, setting.env))
    except ConfigError:
        said = quoted(given.strip(), 38)
    if "@" in said:  # user:pass@ never reaches a message
        from papercli.secrets import strip_credentials

        said = strip_credentials(said)
    return f"{setting.env} ({said})"


def load(path: Path, environ: Mapping[str, str] | None = None, *,
         text: str | None = None) -> Config:
    """Defaults, then the file, then environment variables, each checked against SCHEMA.
    `text`: what the file would hold (a hand edit checked before it is saved)."""
    env = os.environ if environ is None else environ
    text, raw = _read(path) if text is None else (text, parse(text, path))
    lines: _Lines | None = None

    def line_of(key: str) -> int | None:  # indexing the text once
        nonlocal lines
        if lines is None:
            lines = _Lines(text)
        return lines.find(key)

    def place(key: str) -> str:  # `config file PATH, line N`
        line = line_of(key)
        return f"config file {path}" + (f", line {line}" if line else "")

    values = {key: list(s.default) if isinstance(s.default, list) else s.default
              for key, s in SCHEMA.items()}
    sources = {key: "default" for key in SCHEMA}
    warnings: list[str] = []
    unknown = 0
    for key, value in flatten(raw).items():
        if key in FREE_TABLES:
            if not isinstance(value, Mapping):
                error = located_error(path, key, f"{key} must be a table like [{key}.NAME]",
                                     "fix or remove that line", text)
                # (the file's name and line and the fix left no room for the example:
                # 128 columns with the path)
                at = error.shorter[-1][0].partition(": ")[0]
                error.shorter += [(f"{at}: {key} must be a table", "papers config edit"),
                                  (f"{at}: {key} must be a table", None)]
                raise error
            continue
        setting = SCHEMA.get(key)
        if setting is None and key in _TABLES:  # `display = 3`: "unknown key 'display'"
            warnings.append(_warning(path, line_of(key), f"{key} is a table: this line is "
                                     "ignored"))
            continue
        if setting is None:
            unknown += 1
            if unknown <= MAX_KEY_WARNINGS:
                warnings.append(_warning(path, line_of(key), *_unknown_key(key)))
            continue
        try:
            values[key] = _coerce(key, setting, value, place(key))
        except ConfigError as exc:  # `config set` and `unset` read past a bad value
            detail = exc.message.removeprefix(f"{place(key)}: ")
            own = exc.hint  # (the choices, a close name): kept in the whole hint too
            # its own ways said after the key alone, where nothing with the file fits
            keyed = [(said.removeprefix(f"{place(key)}: "), fix) for said, fix in exc.shorter
                     if said.startswith(f"{place(key)}: {key}: ")]
            exc.hint = ((f"{own}; " if own else "") + f"fix it with papers config set {key} "
                        f"VALUE, or papers config unset {key}")
            # (the choices, or the close name: "did you mean title?" gave way to "papers
            # config edit" for a column's typo, where a sort's kept it)
            keep = bool(own and (setting.choices or own.startswith("did you mean ")))
            # Last, what is wrong alone, the key naming it: with the file's name no way of
            # "sources.arxiv must be a list of arXiv categories, got 3" fitted (145 columns).
            alone = ([(detail, own)] if keep else [(way, None) for way in dict.fromkeys(
                [detail, detail.partition(", got ")[0]])])
            exc.shorter = [*_shorter(path, line_of(key), detail, own, keep=keep, key=key),
                           *keyed, *alone]
            raise
        sources[key] = "file"
    if unknown > MAX_KEY_WARNINGS:
        from papercli.words import plural

        more = plural(unknown - MAX_KEY_WARNINGS, "more unknown key")
        warnings.append(_warning(path, None, f"{more} ignored"))
    for key, setting in SCHEMA.items():
        given = env_value(setting.env, env)
        if given is not None and setting.env:
            try:
                values[key] = _coerce(key, setting, given, setting.env)
            except ConfigError as exc:
                own = exc.hint
                exc.hint = own or f"fix or unset {setting.env}"
                exc.shorter = _env_shorter(setting.env, key, exc.message, own)
                raise
            sources[key] = f"env {setting.env}"
    return Config(path=path, values=values, raw=raw, warnings=warnings, sources=sources,
                  text=text)


def _env_shorter(env: str, key: str, message: str, hint: str | None
                 ) -> list[tuple[str, str | None]]:
    """Shorter ways to say a bad environment variable on one line (`PapersError.shorter`):
    the variable named once, where the setting's key was said after it ("PAPERS_TIMEOUT:
    network.timeout must be a number, got 'abc' — fix or unset PAPERS_TIMEOUT" made 107
    columns), then without the hint unless it is the setting's own (the choices)."""
    detail = message.removeprefix(f"{env}: ")
    if detail.startswith((f"{key} ", f"{key}:")):
        detail = env + detail.removeprefix(key)
    else:
        detail = f"{env}: {detail}"
    return [(detail, hint or "fix or unset it"), *([] if hint else [(detail, None)])]


def _shorter(path: Path, line: int | None, detail: str, hint: str | None, *,
             keep: bool = False, key: str | None = None) -> list[tuple[str, str | None]]:
    """Shorter ways to say a bad value in the file on one line, best first (see
    `PapersError.shorter`): the path with ~ for the home folder, then the file's name on its
    own, then without a hint, unless it is one to `keep` (the choices). The whole path and
    both commands made 219 columns for an unknown column, most of it the path. A setting's
    `key` is said last without its table, as the file spells it under `[display]`
    (`display.limit = "x"` was 81 columns without the hint, so the 134 with it were said)."""
    at = f", line {line}" if line else ""
    fix = hint or EDIT_HINT
    said = [detail]
    table, _, name = (key or "").rpartition(".")
    if key and table and detail.startswith(f"{key} "):
        said.append(name + detail.removeprefix(key))
    elif keep and key and detail.startswith(f"{key}: "):  # the line says where, and the
        said.append(detail.removeprefix(f"{key}: "))  # close name what to write there
    # A setting's fix in a few words before none at all: the line chosen for 80 columns
    # said no fix ("config.toml, line 2: network.timeout must be a number, got 'x'"),
    # though the whole error names one. The place, then the value given, give way to it.
    fixes = [f"papers config unset {key}", "papers config edit"] if key and not keep else []
    briefly = [(f"{path.name}{at}: {way}", short) for short in fixes for way in said]
    briefly += [(way, short) for short in fixes
                for way in dict.fromkeys([detail, detail.partition(", got ")[0]])]
    return [(f"{tilde(path)}{at}: {detail}", fix),
            *((f"{path.name}{at}: {way}", fix) for way in said), *briefly,
            *([] if keep else [(f"{path.name}{at}: {way}", None) for way in said])]


def _warning(path: Path, line: int | None, detail: str, *shorter: str) -> str:
    """A warning about the file, said as a bad value in it is (`_shorter`): the path with
    ~ when that fits a warning line, else the file's name, with the first of `detail`
    and the `shorter` ways to say it that fits (else the last). The whole path made an
    unknown key's warning 150 columns while a bad value said `config.toml, line 2:`."""
    at = f", line {line}" if line else ""
    return fitting(f"{tilde(path)}{at}: {detail}",
                   *(f"{path.name}{at}: {said}" for said in (detail, *shorter)))


def _unknown_key(key: str) -> list[str]:
    """Ways to say an unknown key in the file, best first: with "did you mean" it made
    106 columns for `display.colums`. Shorter, the key named without its table where the
    close one is in the same table (the line says where it is)."""
    close = suggest(key)
    if close is None:
        return [f"unknown key {shown(key)} ignored"]
    ways = [f"unknown key {shown(key)} ignored (did you mean {close}?)",
            f"{shown(key)} ignored: did you mean {close}?"]
    table, _, name = key.rpartition(".")
    close_table, _, close_name = close.rpartition(".")
    if table and table == close_table:
        ways.append(f"{shown(name)} ignored: did you mean {close_name}?")
    ways.append(f"{shown(key)} ignored ({close}?)")
    return [*ways, f"{shown(name)} ignored ({close}?)"] if table else ways


# -- locating keys in the file (for error messages) -------------------------------------

_HEADER = re.compile(  # (a quoted part may hold a `]`: `[watch."[bold]x"]`)
    r"^\s*\[\[?\s*(?P<name>(?:\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^\]\"'])+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*(?P<key>[A-Za-z0-9_\-.\"' ]+?)\s*=")
_KEY_PART = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_\-]+)")


def _key_parts(text: str) -> list[str]:
    return [_unescaped(m.group(1)) if m.group(1) else m.group(2) or m.group(3) or ""
            for m in _KEY_PART.finditer(text)]


def _unescaped(quoted_part: str) -> str:
    """A double-quoted key's text as TOML reads it (`a\\u001bb` is `a`, ESC, `b`), so
    that a key holding an escape is found as the loaded key names it; as written when
    it is no valid string (the file's own error is said elsewhere)."""
    if "\\" not in quoted_part:
        return quoted_part
    import tomllib

    try:
        return str(tomllib.loads(f'k = "{quoted_part}"')["k"])
    except tomllib.TOMLDecodeError:
        return quoted_part


# Keys are indexed this many levels deep (settings are 2, `watch.NAME.key` 3); deeper ones
# are looked up by a scan. Lines are read this far: a key is never longer.
_INDEX_DEPTH = 6
_LINE_PREFIX = 400


class _Lines:
    """Where each dotted key (or a table under it) is first defined in one file's text.

    Built in one pass, so a file with thousands of keys costs one pass and not one per key
    (a scan per message made 4,000 unknown keys take 18 s)."""

    __slots__ = ("first", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.first: dict[tuple[str, ...], int] = {}
        for number, full in _definitions(text):
            for n in range(1, min(len(full), _INDEX_DEPTH) + 1):
                self.first.setdefault(tuple(full[:n]), number)

    def find(self, key: str) -> int | None:
        """The key's line, else the line of the nearest table holding it: a key inside an
        inline table (`x = {min_upvotes = -1}`) has no line of its own."""
        wanted = _key_parts(key) if any(q in key for q in "\"'") else key.split(".")
        if len(wanted) > _INDEX_DEPTH:
            for number, full in _definitions(self.text):
                if full[: len(wanted)] == wanted:
                    return number
            wanted = wanted[:_INDEX_DEPTH]
        for size in range(len(wanted), 0, -1):
            found = self.first.get(tuple(wanted[:size]))
            if found is not None:
                return found
        return None


def _definitions(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, full dotted key) for every table header and assignment."""
    table: list[str] = []
    for number, whole in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        line = whole[:_LINE_PREFIX]
        header = _HEADER.match(line)
        if header:
            table = _key_parts(header.group("name"))
            yield number, table
            continue
        assign = _ASSIGN.match(line)
        if assign:
            yield number, table + _key_parts(assign.group("key"))


def locate(text: str, key: str) -> int | None:
    """The 1-based line defining a dotted key (or a table under it); best effort, for
    error messages only: tomllib reports positions for syntax errors, not for values."""
    return _Lines(text).find(key)


def where(path: Path, key: str, text: str | None = None) -> str:
    """`config file PATH, line N` for a key, or without the line when it cannot be found;
    `text`: the file's text as loaded (else it is read again)."""
    line = _line(path, key, text)
    return f"config file {path}" + (f", line {line}" if line else "")


def _line(path: Path, key: str, text: str | None) -> int | None:
    try:
        return locate(path.read_text(encoding="utf-8") if text is None else text, key)
    except (OSError, UnicodeDecodeError):
        return None


def located_error(path: Path, key: str, detail: str, hint: str,
                  text: str | None = None) -> ConfigError:
    """A mistake at `key` in the file: `where` it is, then `detail`, with shorter ways
    to say it in 80 columns (`_shorter`); "config file PATH, line 1: display must be a
    table — fix or remove that line by hand" made 146."""
    line = _line(path, key, text)
    error = ConfigError(f"config file {path}" + (f", line {line}" if line else "")
                        + f": {detail}", hint=hint)
    error.shorter = _shorter(path, line, detail, hint)
    return error


# The tables settings live in (`network`, `display`): a name, not a setting to suggest.
_TABLES = frozenset(key.split(".", 1)[0] for key in SCHEMA)


def suggest(key: str) -> str | None:
    """The closest known setting, for 'did you mean' hints. The setting's own name is
    compared first, so a key under the wrong table or none (`[display] timeout`,
    `network.sort`, a bare `sort`) finds its table, not a neighbour that merely shares
    the table's letters (display.timeout was taken for display.limit); then the whole
    dotted key (`cache.ttl`). Keys are compared in lower case, as settings are spelt:
    `DISPLAY.SORT` suggested nothing."""
    import difflib

    key = key.lower()
    if key in _TABLES:
        return None
    table, _, name = key.rpartition(".")

    def closeness(known: str) -> tuple[float, bool]:
        known_table, _, known_name = known.rpartition(".")
        return difflib.SequenceMatcher(None, name, known_name).ratio(), known_table == table

    best = max(SCHEMA, key=closeness)
    if closeness(best)[0] >= 0.75:
        return best
    close = difflib.get_close_matches(key, list(SCHEMA), n=1, cutoff=0.6)
    return close[0] if close else None


# -- reading and writing values (papers config get/set/unset) ---------------------------


def section_keys(section: str) -> list[str]:
    """The settings under a table's name (`display` -> display.limit, ...), in the
    schema's order; none for a key or an unknown name. `config get display` said "no
    setting 'display'" where a user expected the section's values listed."""
    return [key for key in SCHEMA if key.startswith(f"{section}.")] if section else []


def canonical_key(key: str) -> str:
    """KEY as the schema spells it, in whatever case it was typed (`Display.Sort`,
    `DISPLAY`), as `git config` takes section and key names: "unknown setting
    'Display.Sort' — did you mean display.sort?" refused a key it had found. A name no
    setting or section has (a watch's, `watch.LLaVA`) is returned as it is."""
    if key in SCHEMA or key in _TABLES:
        return key
    folded = key.casefold()
    for known in (*SCHEMA, *_TABLES):
        if known.casefold() == folded:
            return known
    return key


def setting_for(key: str) -> Setting:
    """The schema entry for a dotted key; a UsageError naming close matches otherwise."""
    setting = SCHEMA.get(key)
    if setting is None and key in _TABLES:  # ("unknown setting 'display'" for a name
        # `config get` lists the section by, and no word of the keys it holds)
        from papercli.errors import UsageError

        raise UsageError(f"{key} is a section", hint=f"papers config get {key} lists its keys")
    if setting is None:
        from papercli.errors import QUOTED_WHOLE, UsageError, quoting_shorter

        close = suggest(key)
        top = key.split(".", 1)[0]
        # One hint for each kind of key, whatever its length: a long key is quoted cut
        # short so that the line fits 80 columns ("unknown setting 'nope' — papers config
        # show lists every setting" became "no setting 'nope.key' — see papers config
        # show" for a longer key).
        if top == "families":
            hint = "use papers config edit"
        elif top in FREE_TABLES:
            hint = f"use papers {top} add"
        elif close:
            hint = f"did you mean {close}?"
        else:
            hint = "see papers config show"
        def unknown(shown: str) -> str:
            return f"unknown setting {shown}"

        def no(shown: str) -> str:  # (5 columns fewer, for the key to be said whole;
            return f"no setting {shown}"

        def no_key(shown: str) -> str:  # then 9, for a key that then fits whole)
            return f"no key {shown}"

        leads = (no, no_key) if len(key) <= QUOTED_WHOLE else (no,)
        error = UsageError(unknown(quoted(key)), hint=hint)
        error.shorter = quoting_shorter(unknown, key, hint, [
            (lead, then) for lead in leads for then in dict.fromkeys(
                [hint, *([f"try {close}"] if close else []), "see papers config show"])])
        raise error
    return setting


def parse_value(key: str, text: str) -> Any:
    """A value typed on the command line, checked like one from the file (UsageError)."""
    from papercli.errors import UsageError

    setting = setting_for(key)
    try:
        return _coerce(key, setting, text, "invalid value")
    except ConfigError as exc:
        # "invalid value: " says nothing the rest does not, and the setting's help goes
        # with it only where the line stays within 80 columns ("papers: error: … — …"):
        # `display.limit abc` made 125 with a sentence on what --limit does.
        message = exc.message.removeprefix("invalid value: ")
        if exc.hint:  # ("unknown column 'x' — papers today --help lists all 13": typed)
            error = UsageError(message.removeprefix(f"{key}: "), hint=exc.hint)
            table = key.rpartition(".")[0]
            if setting.choices and exc.hint.startswith("use "):
                # Every choice, the key named as typed: "sort 'bogus' — use trending, …"
                # named no key, and with it the line made 83 columns. The value quoted
                # as typed where the choices alone fit beside it (before, "display.sort
                # must be trending, …" did not say what was refused), cut before the
                # choices are, then left out.
                from papercli.errors import quoting_shorter

                choices = exc.hint.removeprefix("use ")
                error.shorter = [*quoting_shorter(
                    lambda shown: f"{key} {shown}", text, exc.hint,
                    [(lambda shown: f"{key} {shown}", choices),
                     (lambda shown: f"{key} {shown}", ", ".join(setting.choices))])[1:],
                    (f"{key} must be {choices}", None)]
            elif table and message.startswith(f"{key} "):  # the key just typed, by its name
                error.shorter = [(message.removeprefix(f"{table}."), exc.hint)]
            else:  # its own shorter ways (a paper's id for a category), said as the whole
                error.shorter = [(said.removeprefix("invalid value: ").removeprefix(
                    f"{key}: "), fix) for said, fix in exc.shorter]
            raise error from None
        about = setting.help.rstrip(".")
        fits = len(message) + len(about) <= 80 - len("papers: error:  — ")
        error = UsageError(message, hint=about if fits else None)
        # (what was typed cut short, then left out, where it passes 80 columns: a
        # 100-digit limit made 102)
        head, got, _ = message.partition(", got ")
        if got and setting.type in (int, float):  # (a URL's end may be what is wrong)
            from papercli.errors import QUOTED_WHOLE, quoting_shorter

            # (the key just typed by its name, then its bound alone, for what was typed to
            # be said whole: "display.limit must be at most 1000000000, got '…'" left it
            # 16; a value cut anyway is said with the key whole)
            name, problem = key.rpartition(".")[2], head.removeprefix(f"{key} ")
            bound = problem.removeprefix("must be ")
            briefer: list[tuple[Callable[[str], str], str | None]] = [
                (lambda shown: f"{name} {problem}, got {shown}", None),
                (lambda shown: f"{name}: {bound}, got {shown}", None)]
            error.shorter = [*quoting_shorter(
                lambda shown: f"{head}, got {shown}", text, None,
                briefer if len(text) <= QUOTED_WHOLE else [])[1:], (head, None)]
        raise error from None


def format_value(value: Any) -> str:
    """A value as a person would type it back into `papers config set`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def spoken_value(value: Any) -> str:
    """A value as a message or `config show` says it: `format_value`'s, except that an
    empty list (sources.arxiv following nothing) is named rather than left blank
    ("set sources.arxiv =  in ..." and "its default  applies" said nothing)."""
    if isinstance(value, list) and not value:
        return "(no categories)"
    return format_value(value)


def set_in(data: dict[str, Any], key: str, value: Any, path: Path) -> None:
    """Put `value` at a dotted key, creating tables; a non-table in the way is an error."""
    *parents, last = key.split(".")
    node = data
    walked: list[str] = []
    for part in parents:
        walked.append(part)
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            table = ".".join(walked)
            raise located_error(path, table, f"{table} must be a table",
                                "fix or remove that line")
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

    def comments_lost(self) -> str | None:
        """The warning that the file's comments went, and where the previous file is,
        fitted to a warning's 80 columns as the other config lines name the file (whole,
        with ~, by its name): with both paths whole it made 150 to 190. None: no comment
        was lost."""
        if self.backup is None:
            return None
        return fitting(*(f"comments are not kept when papercli rewrites {path}; the previous "
                         f"file is in {backup}" for path, backup in (
                             (self.path, self.backup),
                             (tilde(self.path), tilde(self.backup)))),
                       f"comments not kept; the previous {self.path.name} is "
                       f"{self.backup.name}")


LOCK_TIMEOUT = 30.0  # seconds a config write waits for another papers process


def lock_path(path: Path) -> Path:
    """The lock file next to config.toml that every writer takes (hidden, left in place:
    removing a lock file while another process waits on it would break the lock)."""
    return path.with_name(f".{path.name}.lock")


def update_file(path: Path, change: Callable[[dict[str, Any]], None]) -> Update:
    """Read the file, apply `change` to its tables, write it back atomically, all under a
    lock, so concurrent `papers watch add` / `config set` never lose each other's update.

    Other tables and keys are kept as they are; comments are not (tomli-w writes data,
    not documents), so a file that had some is first copied to `config.toml.bak` and the
    caller told. A broken file is never overwritten: reading it raises the usual
    ConfigError naming the line.
    """
    return _locked(path, lambda: _rewrite(path, change))


def _unlockable(path: Path, what: str) -> ConfigError:
    """The error for config.toml's lock file that is not one (`what`: "is not a file"):
    by its path with ~, else by its name, where both paths made 150 to 220 columns."""
    file = lock_path(path)
    error = ConfigError(f"cannot lock config file {path}: {file} {what}",
                        hint=f"remove {file} (papers makes a new one)")
    brief = what.partition(",")[0]  # ("is a symbolic link")
    error.shorter = [(f"{tilde(file)} {brief}", "remove it (papers makes a new one)"),
                     (f"{tilde(file)} {brief}", "remove it"),
                     (f"{path.name}'s lock {brief}", f"remove {file.name}")]
    return error


def _locked(path: Path, write: Callable[[], T]) -> T:
    """`write()` under the lock every writer of the file takes; its failures in one line."""
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path(path), timeout=LOCK_TIMEOUT)
        with lock:
            return write()
    except Timeout:
        error = ConfigError(
            f"config file {path} stayed locked by another papers process for "
            f"{LOCK_TIMEOUT:g}s",
            hint=f"try again; if no papers process is running, remove {lock_path(path)}",
        )
        # (in 80 columns, as the library's: the whole made 170 to 190 with both paths;
        # PAPERS_DEBUG says them)
        error.shorter = [(f"{path.name} is locked by another papers command",
                          "try again later")]
        raise error from None
    except OSError as exc:
        file = lock_path(path)
        if file.is_symlink():  # the lock is opened without following links
            raise _unlockable(path, "is a symbolic link, and files are never written "
                              "through links") from None
        if file.exists() and not file.is_file():
            raise _unlockable(path, "is not a file") from None
        from papercli.paths import cannot_create_hint, cannot_create_shorter

        folder = path.parent
        shorter: list[tuple[str, str | None]] = []
        if folder.exists() and not folder.is_dir():  # its own folder a file, under a
            # folder of XDG_CONFIG_HOME's: "… is not a folder: set XDG_CONFIG_HOME to one
            # you can write" blamed a variable naming a folder, in 170 columns
            error = ConfigError(f"cannot write config file {path}: {folder} is a file, not "
                                "a folder", hint="move it aside")
            error.shorter = [(f"{tilde(folder)} is a file, not a folder", "move it aside"),
                             (f"{folder.name} is a file, not a folder", "move it aside")]
            raise error from None
        if os.path.isdir(folder):
            hint = f"make {folder} writable" if not os.access(folder, os.W_OK) else None
        else:  # the folder could not be made: a read-only HOME, XDG_CONFIG_HOME a file
            hint = cannot_create_hint(folder, "config")
            shorter = cannot_create_shorter(folder, "config", exc.strerror)
        error = ConfigError(f"cannot write config file {path}: {exc.strerror or exc}",
                            hint=hint)
        error.shorter = shorter
        raise error from None


def file_mode(path: Path, text: str) -> int:
    """The mode config.toml (or its backup, or `config edit`'s draft) is written with. A
    new file is private (0600), as gh makes its config; an existing one keeps its mode,
    less what group and others may do once the text holds a secret
    (`https://user:pass@mirror` in hub.endpoint): written 0644, the password was
    readable by every account."""
    from papercli.redaction import redact

    if not path.exists():
        return 0o600
    mode = path.stat().st_mode & 0o777
    return mode & 0o700 if redact(text) != text else mode


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> Update:
    """The read-modify-write itself; the caller holds the lock."""
    import tomli_w

    refuse_link(path)
    old_text, data = _read(path)  # a fresh dict: `change` may modify it freely
    change(data)
    text = tomli_w.dumps(data)
    commented = any(line.lstrip().startswith("#") for line in old_text.splitlines())
    backup = path.with_name(path.name + ".bak") if commented else None
    if backup is not None:  # the old bytes, as private as the file, never through a link
        from papercli.outfile import open_folder

        with path.open(encoding="utf-8", newline="") as fh:
            kept = fh.read()
        with open_folder(path.parent) as folder:
            folder.write(backup.name, kept, force=True, mode=file_mode(path, kept))
    _write(path, text)
    return Update(path, backup=backup)


def refuse_link(path: Path) -> None:
    """A dotfiles link: rewriting would replace it or write through it."""
    if path.is_symlink():
        target = os.path.realpath(path)
        error = ConfigError(f"config file {path} is a symbolic link to {target}",
                            hint="papercli never writes through links: edit that file "
                            "yourself, or put a copy of it in the link's place")
        # (the whole of it made 180 columns: the target is what the line must keep; with
        # its fix in fewer words before none: a link into ~/dotfiles said no fix)
        link, there = f"is a symbolic link to {tilde(Path(target))}", tilde(Path(target))
        error.shorter = [(f"{tilde(path)} {link}", "edit that file yourself"),
                         (f"{path.name} {link}", "edit that file yourself"),
                         (f"{path.name} links to {there}", "edit that file yourself"),
                         (f"{path.name} links to {there}", "edit it there"),
                         (f"{path.name} is a link", f"edit {there}"),
                         (f"{path.name} {link}", None)]
        raise error


def _write(path: Path, text: str) -> None:
    """Replace the file with `text` at once (a temporary file beside it, then a rename):
    a reader sees the old file or the new one, never half of either."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode(path, text))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_text(path: Path, before: str, text: str) -> None:
    """Write `text` (a hand edit, comments and all) over the file, under the writers' lock,
    if the file still holds `before`: another process's change made meanwhile is never
    lost (ConfigError instead)."""
    def check_and_write() -> None:
        refuse_link(path)
        if read_text(path) != before:
            raise ConfigChanged(f"config file {path} was changed by something else while "
                               "you edited it, so it is left as that made it",
                               hint="run papers config edit again")
        _write(path, text)

    _locked(path, check_and_write)
