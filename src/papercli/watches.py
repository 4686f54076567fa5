"""Watches: named filters in `[watch.NAME]` tables of config.toml, so they can be edited
by hand. Validated here, with errors naming the file, the line and `watch.NAME.key`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from papercli.config import MAX_COUNT, Config, Update, described, shown, update_file
from papercli.criteria import CRITERIA, Criterion
from papercli.errors import (
    NOTE_ROOM,
    QUOTED_WHOLE,
    ConfigError,
    PapersError,
    UsageError,
    quoting_shorter,
)
from papercli.filters import FilterOptions, describe, tidy_words
from papercli.sanitize import clean_line, is_plain, quoted

if TYPE_CHECKING:
    from papercli.filters import Filter
    from papercli.models import Paper
    from papercli.session import Session

# The criteria a watch keeps (criteria.CRITERIA with a `watch_help`): lists first, then
# counts, then switches, the order of a `[watch.NAME]` table's keys and of `--json`.
_KIND_ORDER = {"words": 0, "count": 1, "flag": 2}
WATCHED: tuple[Criterion, ...] = tuple(sorted(
    (c for c in CRITERIA if c.watch_help), key=lambda c: (_KIND_ORDER[c.kind], c.watch_rank)))
WATCH_KEYS = tuple(c.key for c in WATCHED)
_NARROWING = tuple(c for c in WATCHED if c.narrows)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# fullmatch: words of letters, digits, _ - +, one space apart (`[watch."my llava"]`, as the
# file takes it by hand)
_NAME = re.compile(r"\w[\w+-]*(?: [\w+-]+)*")
MAX_NAME = 64  # characters in a new watch's name (`watch list` shows that many)


class Watch:
    """A named filter: its values by watch key (`watch.keyword`, `watch.min_stars`),
    off at the criterion's default."""

    __slots__ = ("_values", "name")

    def __init__(self, name: str, **values: Any) -> None:
        known = {c.key: c.default for c in WATCHED}
        for key in values:
            if key not in known:
                raise TypeError(f"no watch key {key!r}")
        self.name = name
        self._values: dict[str, Any] = {**known, **values}

    @classmethod
    def from_options(cls, name: str, options: FilterOptions) -> Watch:
        """The watch a command line asked for (words tidied as a filter's are)."""
        given = options.as_dict()
        return cls(name, **{c.key: tidy_words(c, given.get(c.key)) if c.kind == "words"
                            else given.get(c.key, c.default) for c in WATCHED})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in WATCH_KEYS:
            raise AttributeError(name)
        return self._values[name]

    def values(self) -> dict[str, Any]:
        """The criteria by key, as `filters.make_filter` takes them."""
        return dict(self._values)

    def replace(self, **changes: Any) -> Watch:
        return Watch(self.name, **{**self._values, **changes})

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Watch) and self.name == other.name
                and self._values == other._values)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Watch({self.name!r}, {self.table()!r})"

    @property
    def has_criteria(self) -> bool:
        """Whether it narrows anything down (an exclude alone would match nearly all)."""
        return any(c.active(self._values[c.key]) for c in _NARROWING)

    def table(self) -> dict[str, Any]:
        """The `[watch.NAME]` table written to the config file (empty keys left out)."""
        return {c.key: list(v) if c.kind == "words" else v
                for c in WATCHED if (v := self._values[c.key]) != c.default}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, **{c.key: list(v) if c.kind == "words" else v
                                      for c in WATCHED for v in [self._values[c.key]]}}

    def describe(self) -> str:
        """'family LLaVA · keyword quantization' — the same words as a filter title, what
        it takes first and what it drops last: "author Yann LeCun · excluding survey"
        (in the filter's order, the exclusion came between a keyword and an author)."""
        drops = {k: v for k, v in self._values.items() if k == "exclude"}
        takes = {k: v for k, v in self._values.items() if k not in drops}
        return " · ".join(filter(None, (describe(takes), describe(drops))))


def key_path(name: str, key: str | None = None) -> str:
    """`watch.NAME.key`, quoting NAME the way TOML would (a `\\` or a control character
    escaped, as the file has to write it)."""
    part = name if _BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)
    return f"watch.{part}" + (f".{key}" if key else "")


def _located(config: Config, key: str, detail: str, hint: str | None,
             *short: str, keep: bool = False) -> ConfigError:
    """A mistake in a `[watch.NAME]` table, at `key`: the whole path and line, with
    shorter ways to say it in 80 columns (the path with ~, the file's name, each of
    `short` for the detail, best first; with `keep`, the file's name and the hint), as a
    bad setting is said: the whole path and every watch key made an unknown key's line
    297 columns."""
    exc = ConfigError(f"{config.where(key)}: {detail}", hint=hint)
    ways = config.shorter(key, detail, hint)
    if keep:  # the file's name and the hint, however long (a terminal wraps it)
        ways = ways[1:2]
    named = ways[1:]
    for said in short:
        ways += [(message.replace(detail, said), fix) for message, fix in named]
    exc.shorter = ways
    return exc


def parse_watch(name: str, entry: Any, config: Config) -> Watch:
    """One `[watch.NAME]` table, type-checked; errors name the file, line and key."""

    fix = "fix it in the file, or remove it with papers watch rm"

    def fail(key: str | None, problem: str, short: str | None = None,
             then: str | None = None, instead: Sequence[tuple[str, str]] = ()
             ) -> ConfigError:
        """`short`: the problem said shorter, after the key's whole path, then after the
        key alone (the line names the watch): a wrong type with its example and bounds
        made 190 columns, so the whole path and the hint were said. `then`: what to do
        in a few words, said with those before they are said with no hint. `instead`:
        (message, hint) pairs said after the file's name and line, best first, before
        the ways with no hint: what to do where the problem's own words leave no room."""
        path = key_path(name, key)
        said = [f"{path} {short}", *([f"{key} {short}"] if key else [])] if short else []
        if short and ", got " in short:  # (a long value given: 206 to 231 columns with it)
            said.append(f"{key or path} {short.partition(', got ')[0]}")
        error = _located(config, path, f"{path} {problem}", fix, *said)
        told = [*((message, then) for message, hint in error.shorter if not hint and then),
                *((f"{_place(config, path)}{message}", hint) for message, hint in instead)]
        if told:
            error.shorter = [*(way for way in error.shorter if way[1]), *told,
                             *(way for way in error.shorter if not way[1])]
        return error

    try:  # a hand-written name, checked as `watch add` checks one: `[watch."[bold]x"]`,
        check_name(name)  # an escape or 300 characters were listed and offered as they were
    except UsageError as exc:
        # (the file's line and what is wrong with the name, as watch add says it; the way
        # out in papers itself, since `watch rename` and `watch rm` read no watch)
        rename = "papers watch rename it, or papers watch rm it"
        error = _located(config, key_path(name), exc.message,
                         f"{exc.hint}: {rename.replace(' it,', ' OLD NEW,')}",
                         exc.message.partition(": ")[0])  # ("… too long", 82 with the count)
        error.shorter = [(said, fix and rename) for said, fix in error.shorter]
        # (at 80 columns the file's name, the line and the name quoted left no room for
        # that hint, and the line said no way out: said briefer, then the name shorter)
        place = next((said.removesuffix(exc.message) for said, _ in error.shorter
                      if said.startswith(config.path.name) and said.endswith(exc.message)),
                     None)
        told = [way for way in error.shorter if way[1]]  # (before any way without one)
        error.shorter = [*told, *(_bad_name_briefly(place, name, exc) if place else []),
                         *(way for way in error.shorter if not way[1])]
        raise error from None
    if not isinstance(entry, Mapping):
        raise fail(None, f"must be a table like [{key_path(name)}], got {described(entry)}",
                   f"must be a table, got {shown(entry)}")
    for key in entry:
        if key not in WATCH_KEYS:
            close = closest_key(str(key))
            if close is None:  # (`since`, `tag`: a listing's filter a watch keeps not)
                # ("since is not a watch key" said no way out: the keys are for --help)
                raise fail(str(key), f"is not a watch key (expected {', '.join(WATCH_KEYS)})",
                           "is not a watch key", "remove it",
                           instead=[(said, "remove it") for said, _ in quoting_shorter(
                               lambda q: f"no watch key {q}", str(key), None)])
            # (on 80 columns "watch.x.keywords: did you mean keyword?", else the key alone:
            # the line says where it is)
            path = key_path(name, str(key))
            raise _located(config, path, f"{path} is not a watch key: did you mean {close}? "
                           f"(expected {', '.join(WATCH_KEYS)})", fix,
                           f"{path}: did you mean {close}?", f"{quoted(str(key))}: did you "
                           f"mean {close}?")
    values = {c.key: _parse_value(c, entry[c.key], fail) for c in WATCHED if c.key in entry}
    watch = Watch(name, **values)
    if not watch.has_criteria:
        keys = [c.key for c in _NARROWING]
        # (the whole line: 285; said with the path, 84 for a watch named robots, so the
        # whole of it was said: the line names the watch, and a key to add is the way out)
        raise fail(None, f"needs {', '.join(keys[:-1])} or {keys[-1]} (it would match every "
                         "paper; papers new --all shows everything)",
                   f"needs a filter ({keys[0]}, {keys[1]}, …)",
                   instead=[("watch needs a filter", f"add one, e.g. {keys[0]}"),
                            ("watch needs a filter", f"e.g. add a {keys[0]}")])
    return watch


def _place(config: Config, key: str) -> str:
    """Where `key` is, as an error line fitted to 80 columns says it, before what is
    wrong there: "config.toml, line 4: " (the file's name and the key's line)."""
    return config.shorter(key, "", None)[1][0]


def _bad_name_briefly(place: str, name: str, exc: UsageError
                      ) -> list[tuple[str, str | None]]:
    """Briefer ways to say a hand-written watch name `check_name` refused (`exc`), after
    `place` ("config.toml, line 4: "), each with what to do: rename it, in papers or in
    the file the line names; a long name quoted ever shorter before the hint goes."""
    from papercli.errors import quoting_shorter

    if exc.message.startswith("watch name "):  # (too long: the name's start is quoted)
        gist = exc.message.partition(": ")[0]
        return [(f"{place}{gist}", then) for then in ("papers watch rename it", "rename it")]

    def bad(lead: str) -> Callable[[str], str]:
        return lambda shown: f"{place}{lead} {shown}"

    return quoting_shorter(bad("bad watch name"), name, "papers watch rename it", [
        (bad("bad watch name"), "rename it"), (bad("bad name"), "rename it")])


def closest_key(key: str) -> str | None:
    """The watch key a misspelt one meant (`keywords`, `Family`, `min-upvotes`), or None:
    the line that names the file has no room for every key, and without this it said
    only "is not a watch key", leaving the right spelling to --help."""
    import difflib

    close = difflib.get_close_matches(key.lower().replace("-", "_"), WATCH_KEYS, n=1,
                                      cutoff=0.6)
    return close[0] if close else None


class _Fail(Protocol):
    """How `parse_watch` says a bad value of a watch's key (`key`: None, the table)."""

    def __call__(self, key: str | None, problem: str, short: str | None = None,
                 then: str | None = None, instead: Sequence[tuple[str, str]] = ()
                 ) -> ConfigError: ...


def _parse_value(c: Criterion, value: Any, fail: _Fail) -> Any:
    """One key of a `[watch.NAME]` table, checked for its criterion's kind."""
    # A wrong value said as the file has it, with what to write there: "min_upvotes
    # must be a whole number, got 'x'" filled the line, and said no way out.
    given = f"{c.key} = {shown(value)}"
    if c.kind == "words":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            listed = json.dumps([value], ensure_ascii=False)
            raise fail(c.key, f'must be a list of strings, e.g. {c.key} = ["word"], '
                              f"got {shown(value)}",
                       # ([1, 2]: a list, of what is no string)
                       f"must be a list{' of strings' * isinstance(value, list)}, "
                       f"got {shown(value)}",
                       instead=[*([(given, f"use a list: {listed}")]
                                  if isinstance(value, str) and is_plain(value) else []),
                                (given, "use a list of strings")])
        words = tuple(v.strip() for v in value if v.strip())
        if len(words) != len(value):
            # (the whole path and the fix made 157 columns; no shorter way was given)
            raise fail(c.key, "must not contain empty strings", "has an empty string",
                       "remove it")
        blank = c.blank(words)
        if blank is not None:  # `keyword = ["*"]`: refused as --keyword '*' is (it matched all)
            raise fail(c.key, f"{quoted(blank)} holds no word", f"{quoted(blank)} holds no word",
                       "remove it")
        return words
    if c.kind == "count":
        whole = not isinstance(value, bool) and isinstance(value, int)
        if value is not None and (not whole or value < 0 or value > MAX_COUNT):
            # (as --min-upvotes says it; 99999999999999 was said not to be a whole number)
            wants, brief = (("a whole number, 0 or more", "a whole number") if not whole
                            else ("a whole number, 0 or more", "0 or more") if value < 0
                            else (f"at most {MAX_COUNT:,}", f"at most {MAX_COUNT:,}"))
            short = ("must be a whole number" if not whole else "must be 0 or more"
                     if value < 0 else f"must be at most {MAX_COUNT:,}")
            raise fail(c.key, f"must be a whole number from 0 to {MAX_COUNT:,}, "
                              f"got {shown(value)}", f"{short}, got {shown(value)}",
                       instead=[(given, f"use {wants}"), (given, f"use {brief}")])
        return value
    if c.kind == "flag":
        if not isinstance(value, bool):
            raise fail(c.key, f"must be true or false, got {shown(value)}",
                       f"must be true or false, got {shown(value)}",
                       instead=[(given, "use true or false")])
        return value
    raise AssertionError(f"a watch cannot keep a {c.kind} criterion ({c.key})")


def watches(config: Config) -> list[Watch]:
    """Every watch in the config file, in file order."""
    return [parse_watch(str(name), entry, config) for name, entry in config.watch_table.items()]


def stored_watch(config: Config, name: str) -> Watch | None:
    """The watch stored under `name` (in any Unicode form, in any case: what `watch add
    NAME --replace` redefines), as the file holds it; None when there is none or it
    cannot be read (the error is said where it is used)."""
    table = {str(stored): entry for stored, entry in config.watch_table.items()}
    found = stored_name(table, name)
    if found is None:
        return None
    try:
        return parse_watch(found, table[found], config)
    except PapersError:
        return None


def checked(config: Config) -> list[Watch]:
    """The config's watches, each checked as `papers new` will use it, and its
    `[families.NAME]` definitions with them: a ConfigError naming the key (and line) for
    the first mistake, so `config show` and `config edit` find what a command would."""
    from papercli.session import Session

    session = Session(config)
    found = [canonical(watch, resolved) for watch, resolved in filtered(session)]
    session.matcher  # noqa: B018 -- the families table, even without watches
    return found


def filtered(session: Session) -> list[tuple[Watch, Filter]]:
    """Every watch with its filter, each checked as `papers new` uses it: the one way a
    command reads the watches, so that a broken one (a hand-written name `watch add`
    refuses, a bad value) is the same config error line wherever it is read."""
    return [(watch, watch_filter(session, watch)) for watch in watches(session.config)]


def canonical(watch: Watch, resolved: Filter) -> Watch:
    """The watch with the words its filter resolved (family aliases to the family's name,
    sources and categories in their canonical spelling): as `watch add` writes it, and as
    `watch list` shows a hand-written one (`source = ["HF"]` read "from HF")."""
    by_key = resolved.by_key()
    return watch.replace(**{c.key: by_key[c.key] for c in WATCHED if c.resolve})


def same_form(name: str) -> str:
    """`name` in Unicode's composed form (NFC): `café` typed as e and a combining accent
    (macOS file names, some input methods) is the watch `café`, as it looks."""
    import unicodedata

    return unicodedata.normalize("NFC", name)


def tidy_name(name: str) -> str:
    """A typed watch name as stored: composed (`same_form`), without spaces around it,
    and its words one space apart (`my  llava`, a double space typed, is `my llava`)."""
    return same_form(re.sub(" +", " ", name.strip()))


def shell_word(name: str) -> str:
    """A watch's name as typed in a command line shown to the user: quoted when it has a
    space or anything else a shell reads (`papers watch rm 'my llava'`), as is when
    made of word characters (shlex would quote `größe` too)."""
    import shlex

    return name if re.fullmatch(r"[\w+-]+", name) else shlex.quote(name)


def check_name(name: str) -> str:
    """A new watch's name (composed: `same_form`), or a usage error. The name is shown in
    listings and offered by shell completion, so nothing unprintable gets in: no control
    character, escape sequence, line break or invisible format character. Words may be
    one space apart, as a hand-written `[watch."vision language"]` is."""
    text = tidy_name(name)
    if not _NAME.fullmatch(text) or not is_plain(text):
        # ("invalid watch name 'bad/name' — use letters, digits, spaces and _ - +": 84)
        # A name of those alone but its first (`+plus`) was told to use what it did.
        signed = text[:1] in ("+", "-") and _NAME.fullmatch("x" + text[1:].lstrip())
        raise UsageError(f"bad watch name {quoted(name)}",
                         hint="start it with a letter or digit" if signed and is_plain(text)
                         else "use letters, digits, spaces, _ - +")
    if len(text) > MAX_NAME:  # made of the right characters: the length is what is wrong
        # (its first 20 and last 8 characters, and "characters" twice, made 109 columns)
        raise UsageError(f"watch name '{text[:8]}…' too long: {len(text)} characters",
                         hint=f"use at most {MAX_NAME}")
    return text


def watch_filter(session: Session, watch: Watch) -> Filter:
    """The watch as a listing filter; a bad value (an unknown family) is a config error
    naming its key."""
    from papercli.filters import CriterionError, make_filter

    try:
        return make_filter(session, watch.values())
    except CriterionError as exc:
        from papercli.sources.arxiv_taxonomy import PaperIdGiven

        path = key_path(watch.name, exc.key)
        # (the hint, "papers families lists all 20", is kept: it says what to write; a
        # paper's id for a category is told to name one, not to `papers show` it)
        hint = PaperIdGiven.IN_CONFIG if isinstance(exc.origin, PaperIdGiven) else exc.hint
        detail = f"{path}: {exc.message}"
        error = _located(session.config, path, detail, hint, keep=True)
        place = _place(session.config, path)
        if isinstance(exc.origin, PaperIdGiven):  # (else 143 columns: the id, key and fix)
            # (then the file's line without the key: a long watch name left every way
            # with the key's path 110 columns and more, and the whole line, 167, was said)
            paper = exc.origin.paper
            error.shorter = [*error.shorter, *exc.origin.keyed(path), *(
                (f"{place}{said}", fix) for said, fix in (
                    (f"{paper} is a paper id", PaperIdGiven.IN_CONFIG),
                    (f"{paper} is a paper id", PaperIdGiven.IN_CONFIG_BRIEF),
                    (f"paper id {paper}", PaperIdGiven.IN_CONFIG_BRIEF)))]
        elif error.shorter:  # (the line says where: the key's path gives way, then the
            # hint, as the criterion's own error says it shorter; with them an unknown
            # family made 109 to 141 columns)
            error.shorter = [*error.shorter, *((f"{place}{said}", fix) for said, fix in (
                (exc.message, hint), *exc.shorter, *_category_briefly(exc.origin),
                (exc.message, None)))]
        raise error from None


def _category_briefly(origin: PapersError | None) -> list[tuple[str, str | None]]:
    """An unknown arXiv category of a watch said briefer still, with what to write: the
    file's name and line left "no arXiv category 'cs.XX' — did you mean cs.SY?" 82
    columns, and the line said no way out ("unknown arXiv category 'cs.XX'")."""
    from papercli.sources.arxiv_taxonomy import PaperIdGiven, UnknownCategory

    if not isinstance(origin, UnknownCategory) or isinstance(origin, PaperIdGiven):
        return []
    then = (f"did you mean {origin.close[0]}?" if origin.close
            else PaperIdGiven.IN_CONFIG_AFTER)  # ("see arxiv.org/…": 89 columns)
    return quoting_shorter(lambda q: f"no category {q}", origin.name, then)


def twin_of(session: Session, watch: Watch) -> tuple[str, bool] | None:
    """The first other watch with the same criteria as `watch` (order and case of words
    aside), and whether it comes first in the file (`session.config` as read before
    `watch` was written: a watch added goes last, one redefined stays in its place):
    `papers new` shows a paper under the first watch matching it, so the later of the
    two never shows one."""
    def key(w: Watch) -> dict[str, Any]:
        return {k: sorted(str(x).casefold() for x in v) if isinstance(v, list) else v
                for k, v in w.table().items()}

    wanted = key(watch)
    before = True  # (until `watch` itself is passed, if it was there)
    for other in watches(session.config):
        if same_form(other.name) == watch.name:
            before = False
        elif key(canonical(other, watch_filter(session, other))) == wanted:
            return other.name, before
    return None


def _filter_hint(session: Session, watch: Watch) -> str:
    """What to add to a watch given no filter: its name as the filter a user most likely
    meant (`watch add llava` → `-F LLaVA` where a family is so named, else `-k llava`),
    where that fits the 80-column line; else two filters, and where the rest are (all ten
    made a 180-column line)."""
    import shlex

    from papercli.filters import make_filter

    name = shlex.quote(watch.name)
    try:
        families = make_filter(session, families=[watch.name]).families
    except PapersError:  # (no family so named: the name's words)
        families = ()
    option = f"-F {shlex.quote(families[0])}" if families else f"-k {name}"
    hint = f"add {option}, or see --help"
    if len(f"error: a watch needs a filter — {hint}") <= NOTE_ROOM:
        return hint
    some = ", ".join(c.option for c in _NARROWING[:2])
    return f"add {some}, … (see --help)"


def add_watch(session: Session, watch: Watch, *, replace: bool = False
              ) -> tuple[Watch, Update]:
    """Validate (at least one criterion, families known) and write `[watch.NAME]`, with
    family aliases stored as their canonical names. Returns the watch as written."""
    from papercli.filters import make_filter

    if not watch.has_criteria:
        raise UsageError("a watch needs a filter", hint=_filter_hint(session, watch))
    # Unknown families are a usage error here, before anything is written; aliases are
    # stored as the names they resolve to.
    watch = canonical(watch, make_filter(session, watch.values()))
    existing = [str(n) for n in session.config.watch_table]
    # the same name, in another Unicode form in a hand-edited file: that watch
    same = next((n for n in existing if same_form(n) == watch.name), None)
    if same is not None and not replace:
        # (", or `papers watch rm` first" made it 102 columns for a name of five letters)
        error = UsageError(f"a watch named {quoted(watch.name)} exists",
                           hint="use --replace to redefine it")
        error.shorter = _quoting_name(lambda q: f"a watch named {q} exists", watch.name,
                                      "use --replace to redefine it")
        raise error
    # `--watch NAME` finds a watch whatever its case: two names one case apart would
    # leave one of them unreachable that way.
    folded = watch.name.casefold()
    twin = next((n for n in existing
                 if same_form(n) != watch.name and same_form(n).casefold() == folded), None)
    if twin is not None and replace and same is None:
        # `watch add LLAVA --replace` beside llava: the watch `watch rm LLAVA` and `--watch
        # LLAVA` name, as the refusal without --replace said ("a watch 'llava' exists"),
        # redefined under its name as stored (`watch rename` changes a name's case; refused
        # again, it told the user to use the --replace they had given).
        same, twin = twin, None
        watch = Watch(same_form(same), **watch.values())
    if twin is not None:
        # The name as stored, beside the one typed, shows it is the case: "(names differ
        # only in case)" and the rest made 132 columns.
        # "or a --replace" read as a word missing: the name is what --replace goes with.
        word = shell_word(twin)
        error = UsageError(f"a watch {quoted(twin)} exists",
                           hint=f"use another name, or redefine {word} with --replace")
        # (--replace redefines it whatever the case typed: "pick another name" alone
        # left that out for a name of six letters)
        error.shorter = _quoting_name(lambda q: f"a watch {q} exists", twin,
                                      error.hint or "", f"use another name, or {word} with "
                                      "--replace", "pick another name, or use --replace",
                                      "use another name")
        raise error

    def change(data: dict[str, Any]) -> None:
        table = data.setdefault("watch", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{session.config.where('watch')}: [watch] must be a table")
        if same is not None and same in table:
            # Replaced in its place, under the name as given: moved to the end, it lost
            # the papers it shares with the watches after it (`papers new` shows a paper
            # under the first watch in the file matching it), and no word said so.
            data["watch"] = {(watch.name if key == same else key):
                             (watch.table() if key == same else value)
                             for key, value in table.items()}
            return
        table[watch.name] = watch.table()

    return watch, update_file(session.config.path, change)


def arxiv_unread(watch: Watch, followed: Sequence[str]) -> list[tuple[str, str]]:
    """What to say (ways, longest first: message, hint) of a watch whose papers come
    from arXiv announcements `papers new` does not read: its categories not among the
    followed ones (`sources.arxiv`), or `--source arxiv` with none followed. The Hub's
    papers carry no category, so such a watch found nothing, and nothing said why."""
    from papercli.sources import arxiv_taxonomy

    pattern = ",".join(followed)
    missing = [c for c in watch.category if not arxiv_taxonomy.matches(pattern, [c])]
    if missing:
        names = ", ".join(missing)
        setting = ",".join([*followed, *missing])
        return [(f"papers new reads arXiv for followed categories only, and {names} "
                 f"{'is' if len(missing) == 1 else 'are'} not", f"follow with papers "
                 f"config set sources.arxiv {setting}"),
                (f"{names} {'is' if len(missing) == 1 else 'are'} not followed",
                 f"papers config set sources.arxiv {setting}")]
    if not followed and "arxiv" in watch.source and "hf" not in watch.source:
        return [("papers new reads arXiv for followed categories only, and none are",
                 "e.g. papers config set sources.arxiv cs.CL"),
                ("no category followed", "e.g. papers config set sources.arxiv cs.CL"),
                ("no category followed", "papers config set sources.arxiv cs.CL")]
    return []


def stored_name(names: Iterable[str], name: str) -> str | None:
    """The watch `name` means among the stored `names`: as written, else tidied as
    `watch add` stores it (`tidy_name`: spaces around it and doubled, either Unicode
    form), else ignoring case (`watch add` refuses a name differing from another only in case, so
    there is one), else a name that is not plain as `said_name` says it, with or without
    its quotes; None when there is none."""
    names = list(names)
    if name in names:
        return name
    composed = tidy_name(name)
    found = next((n for n in names if same_form(n) == composed), None)
    if found is not None:
        return found
    folded = composed.casefold()
    found = next((n for n in names if same_form(n).casefold() == folded), None)
    if found is not None:
        return found
    # A hand-written name with a control character, typed as the lines say it (`said_name`:
    # `'bad\x1b[31mred'`), which a shell passes on as its letters.
    return next((n for n in names if not is_plain(n) and name in (
        said_name(n), said_name(n)[1:-1])), None)


def said_name(name: str) -> str:
    """A watch's name as a line says it: as it is when plain, else quoted with each control
    character or escape written out (`sanitize.quoted`: `'bad\x1b[31mred'`), whole. Said
    with the escape taken out ("removed watch badred"), a hand-written name could not be
    told from another nor typed back."""
    return name if is_plain(name) else quoted(name, len(name))


def typed_as_argument(word: str) -> str | None:
    """The watch (as typed in a shell) that `word`, given as an argument to a command
    that chooses a watch with --watch (`papers new spec`, `papers browse new spec`),
    names, in any case; None for none. Read quietly: the command reports the file."""
    from papercli import config, paths

    table = config.read_quietly(paths.config_path()).get("watch")
    named = stored_name(map(str, table), word) if isinstance(table, dict) else None
    return shell_word(named) if named is not None else None


def given_as_argument(watch: str, command: str) -> UsageError:
    """The usage error for a watch given as an argument (`papers new llava`: Click said
    only "got unexpected extra argument (llava)"), said alike by the command line and
    `papers browse new llava` (which said "browse new takes no argument"): `command` is
    the one that takes --watch ("papers new")."""
    error = UsageError(f"{watch} is a watch", hint=f"did you mean {command} --watch {watch}?")
    error.shorter = [(error.message, "name it with --watch"),
                     ("that is a watch", "name it with --watch")]
    return error


def no_such_watch(names: Sequence[str], name: str, *others: str) -> UsageError:
    """The usage error for watch names that name none (`watch rm a b c`: every one said
    at once, not one per run): the first few watches there are (a long list would bury
    the line), or how to add one."""
    from papercli.words import first_few

    wrong = [quoted(n) for n in (name, *others)]
    if not names and others:  # (`watch rm a b c`: "no watches named …" and the hint, 82)
        return UsageError("there are no watches", hint="add one with papers watch add NAME")
    message = (f"no watch named {wrong[0]}" if len(wrong) == 1
               else f"no watches named {first_few(wrong, 10)}")
    # A long name quoted whole (60 characters) made a 131-column line: it is said cut
    # shorter, as much of it as leaves room for the watches there are.
    from papercli.redaction import redact  # (a token cut short is no longer one to hide)

    brief = (f"no watch named {quoted(redact(name), 16)}" if len(wrong) == 1 else
             f"no watches named {first_few([quoted(redact(n), 16) for n in (name, *others)], 2)}")
    def one(shown: str) -> str:
        return f"no watch named {shown}"

    def bare(shown: str) -> str:  # (6 columns fewer)
        return f"no watch {shown}"

    def ways(hint: str, *briefer: str) -> list[tuple[str, str | None]]:
        """One name kept whole where the rest said briefer lets it (a name of 17
        letters was cut to 16), else cut ever shorter; several cut to 16 each. The last,
        briefest hint only keeps a name whole: one cut anyway keeps the hint's words."""
        if len(wrong) == 1:
            hints = (hint, *briefer) if len(name) <= QUOTED_WHOLE else (hint, *briefer[:-1])
            return quoting_shorter(one, redact(name), hint, [
                *((one, b) for b in briefer[:-1]), *((bare, b) for b in hints)])
        return [(brief, way) for way in (hint, *briefer[:-1])]

    if not names:
        error = UsageError(message, hint="add one with papers watch add NAME")
        error.shorter = ways(error.hint or "", "add one: papers watch add",
                             "add: papers watch add")
        return error
    from papercli.words import closest

    # The names as lines say them: a hand-written one with an escape written out, as
    # `watch rm` takes it (its escape taken out, "did you mean badred?" named none).
    said = {said_name(n): n for n in names}
    names = list(said)
    # ... and as a line said it with the escape taken out ("removed watch badred", from
    # an older papercli), which names it too
    alike = {**{clean_line(n): s for s, n in said.items()}, **{s: s for s in said}}
    # One name like a watch's (`lava`: llava) is answered as an unknown family is.
    close = None if others else alike.get(closest(name, list(alike)) or "")
    if close is not None:
        typed = shell_word(close) if said[close] == close else close
        error = UsageError(message, hint=f"did you mean {typed}?")
        # (a close name of 64 characters made 130 columns: where the watches are, then)
        error.shorter = [*ways(error.hint or ""), *ways("papers watch list lists them")]
        return error
    error = UsageError(message, hint=f"watches: {_some_names(names, message)}")
    error.shorter = ways(f"watches: {_some_names(names, brief)}",
                         "papers watch list lists them", "see papers watch list")
    return error


def _quoting_name(said: Callable[[str], str], name: str, *hints: str
                  ) -> list[tuple[str, str | None]]:
    """Shorter ways to say an error quoting a watch's `name` (`said` makes the message of
    the name quoted), for `PapersError.shorter`: the name whole with each of `hints` after
    the first (the error's own), then cut ever shorter (`quoting_shorter`). A name may be
    64 characters, 128 cells in CJK: quoted whole it made lines of 130 to 199 columns."""
    return quoting_shorter(said, name, hints[0], [(said, hint) for hint in hints[1:]])[1:]


# The cells of an error line left for its message and hint ("papers: error: M — H").
_ERROR_ROOM = 80 - len("papers: error:  — ")


def _some_names(names: Sequence[str], message: str) -> str:
    """As many of `names` (ten at most) as fit the error line after `message`, and how
    many more: ten names of 27 letters made a 132-column line. In order, a name too long
    for the room left passed over rather than ending the list ("agents, … (4 in all)"
    left room for qwen and llava after "vision language"). One at least."""
    from papercli.terminal import cell_width
    from papercli.words import first_few

    room = _ERROR_ROOM - cell_width(f"{message}watches: ")
    if len(names) <= 10 and cell_width(", ".join(names)) <= room:
        return ", ".join(names)
    chosen: list[str] = []
    for name in names:
        rest = [n for n in names if n not in chosen and n != name]
        if len(chosen) < 10 and cell_width(first_few([*chosen, name, *rest],
                                                     len(chosen) + 1)) <= room:
            chosen.append(name)
    chosen = chosen or list(names[:1])
    return first_few([*chosen, *(n for n in names if n not in chosen)], len(chosen))


def remove_watches(config: Config, names: Sequence[str]) -> tuple[Update, list[str]]:
    """Remove `[watch.NAME]` tables, each named as written or in any case (as `for-you
    --watch` takes them); every name is checked before the file is touched. Returns the
    update and the names removed, as stored."""
    removed: dict[str, None] = {}
    unknown: dict[str, None] = {}
    for name in names:
        found = stored_name(config.watch_table, name)
        if found is None:
            unknown.setdefault(name, None)
        else:
            removed.setdefault(found, None)
    if unknown:
        raise no_such_watch(list(config.watch_table), *unknown)

    def change(data: dict[str, Any]) -> None:
        table = data.get("watch")
        if isinstance(table, dict):
            for name in removed:
                table.pop(name, None)
            if not table:
                del data["watch"]

    return update_file(config.path, change), list(removed)


def rename_watch(config: Config, old: str, new: str) -> tuple[Update | None, str, str]:
    """Rename `[watch.OLD]` (named as `watch rm` takes it) to NEW, in its place in the
    file, criteria as they are. NEW is checked as `watch add` checks a name, and may not
    be another watch's (in any case); OLD in another case is a case change. Returns the
    update and the names, as stored before and after. Without it a user removed the
    watch and added it again by hand, its criteria retyped. NEW that is OLD as stored
    writes nothing (no update): the file, comments and all, is left as it was."""
    found = stored_name(config.watch_table, old)
    if found is None:
        raise no_such_watch(list(config.watch_table), old)
    name = check_name(new)
    taken = next((n for n in config.watch_table if n != found
                  and same_form(n).casefold() == name.casefold()), None)
    if taken is not None:
        error = UsageError(f"a watch named {quoted(taken)} exists",
                           hint=f"pick another name, or papers watch rm {shell_word(taken)} first")
        # (the whole of it made 94 columns for a name of five letters)
        error.shorter = _quoting_name(lambda q: f"a watch named {q} exists", taken,
                                      error.hint or "", "pick another, or remove it first",
                                      "pick another name")
        raise error
    if name == found:
        return None, found, name

    def change(data: dict[str, Any]) -> None:
        table = data.get("watch")
        if not isinstance(table, dict) or found not in table:
            raise UsageError(f"no watch named {quoted(found)}",  # (changed meanwhile)
                             hint="see papers watch list")
        data["watch"] = {(name if key == found else key): value
                         for key, value in table.items()}

    return update_file(config.path, change), found, name


# Rows a watch's count reads when Python checks its words (about a second at a million
# papers): past that, the count is a lower bound ("20,000+").
COUNT_CHECKED = 20_000


def watch_counts(session: Session, leaving_out: Collection[str] = ()
                 ) -> list[tuple[Watch, int, bool]]:
    """Each watch with the number of library papers it matches (no network), and whether
    that is exact, the papers `leaving_out` not counted (the hidden ones, as `papers
    search` with the watch's criteria leaves them out). The library is opened even with
    no watch: a damaged one is said to be moved aside. A count is kept (`_KEPT`) until
    the library is written to (or other papers are hidden): counting reads every paper
    a watch's words may be in, which grew with the library (a fifth of a second of CPU
    for five watches over 9,881 papers), while `watch list` is mostly asked of an
    unchanged one."""
    stamp = session.store().written_stamp()
    kept = _kept_counts(stamp)
    rows, counted = [], {}
    # Rows the watches share (a keyword's and an author's papers) are read once for all.
    seen: dict[int, Paper | None] = {}
    left = _digest(leaving_out)  # (once, not per watch)
    for watch in watches(session.config):
        resolved = watch_filter(session, watch)
        shown = canonical(watch, resolved)
        key = _count_key(shown, left)
        count = kept.get(key) or _count(session, resolved, leaving_out, seen)
        counted[key] = count
        rows.append((shown, *count))
    if stamp is not None and counted != kept:
        _keep_counts(stamp, counted)
    return rows


def watch_count(session: Session, watch: Watch, leaving_out: Collection[str] = ()
                ) -> tuple[int, bool]:
    """How many library papers a watch matches, the papers `leaving_out` (the hidden
    ones) not counted, and whether that is all of them: in SQL alone, or (a watch with
    words to check) reading the rows its prefilters, or the search index for its
    keywords, let through, each checked as a listing checks it, up to COUNT_CHECKED
    rows (then at least that many)."""
    return _count(session, watch_filter(session, watch), leaving_out)


def library_empty(session: Session) -> bool:
    """Whether the library holds no paper at all (nothing fetched or imported yet), so a
    watch's count of 0 says nothing about the watch."""
    return session.store().count_papers() == 0


def _count(session: Session, resolved: Filter, leaving_out: Collection[str],
           seen: dict[int, Paper | None] | None = None) -> tuple[int, bool]:
    return session.store().count_within(resolved, COUNT_CHECKED, seen=seen,
                                        leaving_out=leaving_out)


# The counts `watch list` showed, and the library they were counted in (`written_stamp`):
# a cache file, read strictly (anything amiss is counted again).
_KEPT = "watch-counts.json"
_KEPT_VERSION = 1


def _digest(leaving_out: Collection[str]) -> str:
    """The papers a count leaves out (the hidden ones, in the user database), as a short
    digest of their ids for `_count_key`; "" for none."""
    if not leaving_out:
        return ""
    return hashlib.sha256("\n".join(sorted(leaving_out)).encode()).hexdigest()[:16]


def _count_key(watch: Watch, left: str = "") -> str:
    """What a count depends on besides the library: the watch's criteria as resolved (not
    its name), this papercli's matching, the rows it may read (COUNT_CHECKED), and the
    papers left out (`left`, their `_digest`)."""
    from papercli import __version__

    return json.dumps([__version__, COUNT_CHECKED, watch.table(), left], sort_keys=True,
                      ensure_ascii=False, default=str)


def _read_kept(name: str, field: str, stamp: str | None) -> dict[str, Any]:
    """The table `field` of the cache file `name` (`_KEPT`, `_KEPT_SEEDS`) when it was
    kept for this very library state; empty when the library has changed since, or the
    file is missing, damaged or of another shape (its values are the caller's to check)."""
    from papercli import paths
    from papercli.outfile import read_small

    if stamp is None:
        return {}
    try:
        data = json.loads(read_small(paths.cache_dir() / name).decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return {}
    if not (isinstance(data, dict) and data.get("version") == _KEPT_VERSION
            and data.get("library") == stamp and isinstance(data.get(field), dict)):
        return {}
    table: dict[str, Any] = data[field]
    return table


def _write_kept(name: str, field: str, stamp: str, table: dict[str, Any]) -> None:
    """Write a table down for the next command, tied to the library state `stamp`; a
    cache that cannot be written is no error (the next command finds it again)."""
    from papercli import paths
    from papercli.outfile import replace_small

    path = paths.cache_dir() / name
    with contextlib.suppress(OSError, ValueError):  # ValueError: text not UTF-8
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_small(path, json.dumps({"version": _KEPT_VERSION, "library": stamp,
                                        field: table}, ensure_ascii=False))


def _kept_counts(stamp: str | None) -> dict[str, tuple[int, bool]]:
    """The counts kept for this very library state (`_read_kept`), each checked."""
    kept: dict[str, tuple[int, bool]] = {}
    for key, value in _read_kept(_KEPT, "counts", stamp).items():
        if (isinstance(value, list) and len(value) == 2 and type(value[0]) is int
                and 0 <= value[0] < 1 << 62 and type(value[1]) is bool):
            kept[key] = (value[0], value[1])
    return kept


def _keep_counts(stamp: str, counts: dict[str, tuple[int, bool]]) -> None:
    """Write the counts down for the next `watch list`."""
    _write_kept(_KEPT, "counts", stamp, {k: list(v) for k, v in counts.items()})


def count_text(count: int, exact: bool) -> str:
    """A watch's count as shown: "1,473", or "20,000+" when it is a lower bound."""
    return f"{count:,}" if exact else f"{count:,}+"


# The papers a watch without words (an org, a category, an author) stands for in the
# taste: its newest matches in the library, read as one pseudo-paper.
SEED_PAPERS = 20


def seeds(session: Session) -> list[str]:
    """Each watch as a pseudo-paper for ranking (`seed`). The watches are checked as
    `papers new` and `watch list` check them: a broken one (a hand-written name `watch
    add` refuses, a bad value) is the config error they say; it was read past, and
    `for-you` ranked by the other watches without a word. The papers a watch without
    words stands for are kept (`_KEPT_SEEDS`) until the library is written to, as `watch
    list`'s counts are: finding them searched the library for each such watch (an
    author's, an org's), a tenth of a second for a few over 9,881 papers, on every `show`
    and `for-you`."""
    listed = filtered(session)
    try:
        if all(_words(w) for w, _ in listed):
            return [_words(w) for w, _ in listed]  # no library read at all
        stamp = session.store().written_stamp()
        kept = _kept_seeds(stamp)
        out, made = [], {}
        for watch, resolved in listed:
            if _words(watch):
                out.append(_words(watch))
                continue
            key = _seed_key(canonical(watch, resolved))
            text = kept[key] if key in kept else _seed_papers(session, resolved)
            made[key] = text
            out.append(text)
        if stamp is not None and made != kept:
            _keep_seeds(stamp, made)
        return out
    except PapersError:
        return []


def _words(watch: Watch) -> str:
    """The words a watch ranks by: its keywords and families ("" without)."""
    words = " ".join([*watch.keyword, *watch.family])
    return words if words.strip() else ""


def seed(session: Session, watch: Watch) -> str:
    """A watch as a pseudo-paper for ranking: its keywords and families; a watch with
    neither (`--org nvidia`, `--category cs.RO`) has no words to rank by, so it stands
    for its newest SEED_PAPERS library papers ("" when it matches none): it counts
    toward the papers relevance needs, as a watch of words does."""
    return _words(watch) or _seed_papers(session, watch_filter(session, watch))


def _seed_papers(session: Session, resolved: Filter) -> str:
    """The text of the newest SEED_PAPERS library papers through a watch's filter."""
    from papercli.ranking import paper_text  # lazy: the ranking's text, no model

    found = session.store().browse(resolved, limit=SEED_PAPERS, sort="new").papers
    return "\n".join(paper_text(p) for p in found)


# The seeds of the watches without words, and the library they were found in: a cache
# file beside the counts', read strictly (anything amiss is found again).
_KEPT_SEEDS = "watch-seeds.json"


def _seed_key(watch: Watch) -> str:
    """What a watch's seed depends on besides the library: its criteria as resolved,
    this papercli and SEED_PAPERS."""
    from papercli import __version__

    return json.dumps([__version__, SEED_PAPERS, watch.table()], sort_keys=True,
                      ensure_ascii=False, default=str)


def _kept_seeds(stamp: str | None) -> dict[str, str]:
    """The seeds kept for this very library state (`_read_kept`; a value not text is
    left out)."""
    return {k: v for k, v in _read_kept(_KEPT_SEEDS, "seeds", stamp).items()
            if isinstance(v, str)}


def _keep_seeds(stamp: str, made: dict[str, str]) -> None:
    """Write the seeds down for the next ranking."""
    _write_kept(_KEPT_SEEDS, "seeds", stamp, made)
