"""Watches: named filters in `[watch.NAME]` tables of config.toml, so they can be edited
by hand. Validated here, with errors naming the file, the line and `watch.NAME.key`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from papercli.config import MAX_COUNT, Config, Update, update_file, where
from papercli.errors import ConfigError, PapersError, UsageError
from papercli.sanitize import is_plain

if TYPE_CHECKING:
    from papercli.filters import Filter
    from papercli.session import Session

LIST_KEYS = ("keyword", "family", "author", "exclude", "org", "submitter")
COUNT_KEYS = ("min_upvotes", "min_stars")
WATCH_KEYS = (*LIST_KEYS, *COUNT_KEYS, "has_code")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_NAME = re.compile(r"\w[\w+-]*")  # fullmatch


@dataclass(frozen=True)
class Watch:
    name: str
    keyword: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_upvotes: int | None = None
    org: tuple[str, ...] = ()
    submitter: tuple[str, ...] = ()
    min_stars: int | None = None
    has_code: bool = False

    @property
    def has_criteria(self) -> bool:
        """Whether it narrows anything down (an exclude alone would match nearly all)."""
        return bool(self.keyword or self.family or self.author or self.min_upvotes
                    or self.org or self.submitter or self.min_stars is not None
                    or self.has_code)

    def table(self) -> dict[str, Any]:
        """The `[watch.NAME]` table written to the config file (empty keys left out)."""
        out: dict[str, Any] = {k: list(getattr(self, k)) for k in LIST_KEYS if getattr(self, k)}
        for key in COUNT_KEYS:
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.has_code:
            out["has_code"] = True
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, **{k: list(getattr(self, k)) for k in LIST_KEYS},
                "min_upvotes": self.min_upvotes, "min_stars": self.min_stars,
                "has_code": self.has_code}

    def describe(self) -> str:
        """'family LLaVA · keyword quantization' — the same words as a filter title."""
        parts: list[str] = []
        if self.family:
            parts.append("family " + " or ".join(self.family))
        if self.keyword:
            parts.append("keyword " + " and ".join(self.keyword))
        if self.author:
            parts.append("author " + " or ".join(self.author))
        if self.exclude:
            parts.append("excluding " + ", ".join(self.exclude))
        if self.min_upvotes:
            parts.append(f"≥{self.min_upvotes} upvotes")
        if self.org:
            parts.append("org " + " or ".join(self.org))
        if self.has_code:
            parts.append("with code")
        if self.min_stars is not None:
            parts.append(f"≥{self.min_stars} stars")
        if self.submitter:
            parts.append("submitted by " + " or ".join(self.submitter))
        return " · ".join(parts)


def key_path(name: str, key: str | None = None) -> str:
    """`watch.NAME.key`, quoting NAME the way TOML would."""
    part = name if _BARE_KEY.match(name) else '"' + name.replace('"', '\\"') + '"'
    return f"watch.{part}" + (f".{key}" if key else "")


def parse_watch(name: str, entry: Any, config: Config) -> Watch:
    """One `[watch.NAME]` table, type-checked; errors name the file, line and key."""

    def fail(key: str | None, problem: str) -> ConfigError:
        path = key_path(name, key)
        return ConfigError(
            f"{where(config.path, path)}: {path} {problem}",
            hint="fix it in the file, or remove it with `papers watch rm`",
        )

    if not isinstance(entry, Mapping):
        return_type = type(entry).__name__
        raise fail(None, f"must be a table like [{key_path(name)}], got {return_type}")
    for key in entry:
        if key not in WATCH_KEYS:
            raise fail(str(key), f"is not a watch key (expected {', '.join(WATCH_KEYS)})")
    lists: dict[str, tuple[str, ...]] = {}
    for key in LIST_KEYS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f'must be a list of strings, e.g. {key} = ["word"], got {value!r}')
        words = tuple(v.strip() for v in value if v.strip())
        if len(words) != len(value):
            raise fail(key, "must not contain empty strings")
        lists[key] = words
    counts: dict[str, int | None] = {}
    for key in COUNT_KEYS:
        minimum = entry.get(key)
        if minimum is not None and (
            isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0
            or minimum > MAX_COUNT
        ):
            raise fail(key, f"must be a whole number from 0 to {MAX_COUNT}, "
                            f"got {str(minimum)[:40]}")
        counts[key] = minimum
    has_code = entry.get("has_code", False)
    if not isinstance(has_code, bool):
        raise fail("has_code", f"must be true or false, got {str(has_code)[:40]}")
    watch = Watch(name=name, has_code=has_code, **counts, **lists)  # type: ignore[arg-type]
    if not watch.has_criteria:
        raise fail(None, "needs keyword, family, author, org, submitter, has_code, "
                         "min_upvotes or min_stars (it would match every paper; "
                         "`papers new --all` shows everything)")
    return watch


def watches(config: Config) -> list[Watch]:
    """Every watch in the config file, in file order."""
    return [parse_watch(str(name), entry, config) for name, entry in config.watch_table.items()]


def check_name(name: str) -> str:
    """A new watch's name, or a usage error. The name is shown in listings and offered by
    shell completion, so nothing unprintable gets in: no control character, escape
    sequence, line break or invisible format character."""
    text = name.strip()
    if not _NAME.fullmatch(text) or not is_plain(text) or len(text) > 64:
        raise UsageError(
            f"invalid watch name {name!r}",
            hint="use letters, digits, '_', '-' or '+' (e.g. llava-quant)",
        )
    return text


def watch_filter(session: Session, watch: Watch) -> Filter:
    """The watch as a listing filter; an unknown family is a config error naming the key."""
    from papercli.pipeline import make_filter

    try:
        return make_filter(
            session, families=watch.family, keywords=watch.keyword, excludes=watch.exclude,
            authors=watch.author, min_upvotes=watch.min_upvotes, orgs=watch.org,
            has_code=watch.has_code, min_stars=watch.min_stars, submitters=watch.submitter,
        )
    except UsageError as exc:
        path = key_path(watch.name, "family")
        raise ConfigError(
            f"{where(session.config.path, path)}: {path}: {exc.message}", hint=exc.hint
        ) from None


def add_watch(session: Session, watch: Watch, *, replace: bool = False
              ) -> tuple[Watch, Update]:
    """Validate (at least one criterion, families known) and write `[watch.NAME]`, with
    family aliases stored as their canonical names. Returns the watch as written."""
    from dataclasses import replace as with_

    from papercli.pipeline import make_filter

    if not watch.has_criteria:
        raise UsageError(
            "a watch needs at least one of --keyword, --family, --author, --org, "
            "--submitter, --has-code, --min-upvotes, --min-stars",
            hint=f"e.g. papers watch add {watch.name} --keyword {watch.name}",
        )
    # Unknown families are a usage error here, before anything is written.
    watch = with_(watch, family=make_filter(session, families=watch.family).families)
    existing = session.config.watch_table
    if watch.name in existing and not replace:
        raise UsageError(
            f"a watch named {watch.name!r} exists",
            hint="use --replace to redefine it, or `papers watch rm` first",
        )

    def change(data: dict[str, Any]) -> None:
        table = data.setdefault("watch", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{where(session.config.path, 'watch')}: [watch] must be a table")
        table[watch.name] = watch.table()

    return watch, update_file(session.config.path, change)


def remove_watches(config: Config, names: Sequence[str]) -> Update:
    """Remove `[watch.NAME]` tables; every name is checked before the file is touched."""
    for name in names:
        if name not in config.watch_table:
            known = ", ".join(config.watch_table) or "none defined"
            raise UsageError(f"no watch named {name!r}", hint=f"watches: {known}")

    def change(data: dict[str, Any]) -> None:
        table = data.get("watch")
        if isinstance(table, dict):
            for name in names:
                table.pop(name, None)
            if not table:
                del data["watch"]

    return update_file(config.path, change)


def watch_counts(session: Session) -> list[tuple[Watch, int]]:
    """Each watch with the number of library papers it matches (no network)."""
    store = session.store()
    return [
        (w, store.browse(watch_filter(session, w), limit=1)[1])
        for w in watches(session.config)
    ]



def seeds(session: Session) -> list[str]:
    """Each watch as a pseudo-paper of its words (keywords and families), for ranking; a
    broken watch leaves them out (`papers watch list` reports it)."""
    try:
        found = watches(session.config)
    except PapersError:
        return []
    return [" ".join([*w.keyword, *w.family]) for w in found]
