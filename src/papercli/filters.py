"""Paper filters shared by every listing, search, export and watchlist.

Everything here is derived from the criteria table (`criteria.CRITERIA`): `FilterOptions`
(the filter options as given), `make_filter` (checked and resolved into a `Filter`),
`Filter.matches` (Python), `Filter.sql` (the same meaning as WHERE terms, for
`db.search.filter_sql`), `describe` (the words of a title, for filters and watches alike)
and `Filter.no_paper` (the line saying no paper passes, in a sentence).
The semantics are documented with the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from papercli.criteria import CRITERIA, Criterion, fold, word_pattern
from papercli.errors import UsageError
from papercli.words import joined

if TYPE_CHECKING:
    from papercli.criteria import Session
    from papercli.models import Paper

__all__ = ["CRITERIA", "NO_FILTERS", "CriterionError", "Filter", "FilterOptions", "describe",
           "fold", "make_filter", "tidy_words", "word_pattern"]

_BY_KEY = {c.key: c for c in CRITERIA}
_INDEX = {c.attr: i for i, c in enumerate(CRITERIA)}
# Field checks first, the Python-only word matching (regular expressions) last.
_MATCH_ORDER = sorted(enumerate(CRITERIA), key=lambda ic: ic[1].sql is None)
_WORDS_ORDER = [(i, c) for i, c in _MATCH_ORDER if c.sql is None]  # (matches_words)


class CriterionError(UsageError):
    """A filter value that cannot be used; `key` names its criterion (a watch's error
    names the key in config.toml)."""

    def __init__(self, message: str, hint: str | None, key: str) -> None:
        super().__init__(message, hint)
        self.key = key
        self.origin: UsageError | None = None  # the error it was made of (`of`)

    @classmethod
    def of(cls, exc: UsageError, key: str) -> CriterionError:
        """`exc` as the error of criterion `key`, with its shorter ways to say it (lost,
        "invalid --since 'yesterdayish'" and every form of a date made 84 columns)."""
        error = cls(exc.message, exc.hint, key)
        error.shorter = exc.shorter
        error.origin = exc
        return error


class FilterOptions:
    """The filter options as given (word lists, date text, counts, flags), by criterion
    key (`options.family`); positional arguments follow the table's order. What the
    command line and the browser hand to `make_filter`."""

    __slots__ = ("_given",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(CRITERIA):
            raise TypeError(f"at most {len(CRITERIA)} filter values, got {len(args)}")
        given = {c.key: c.default for c in CRITERIA}
        given.update((c.key, v) for c, v in zip(CRITERIA, args, strict=False))
        for key, value in kwargs.items():
            if key not in _BY_KEY:
                raise TypeError(f"no filter option {key!r}")
            given[key] = value
        self._given = given

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in _BY_KEY:
            raise AttributeError(name)
        return self._given[name]

    def _replace(self, **changes: Any) -> FilterOptions:
        return FilterOptions(**{**self._given, **changes})

    def as_dict(self) -> dict[str, Any]:
        return dict(self._given)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FilterOptions) and self._given == other._given

    def __hash__(self) -> int:  # a frozen view holds one as a default
        return hash(tuple(tuple(v) if isinstance(v, list) else v
                          for v in self._given.values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self._given.items()
                          if v != _BY_KEY[k].default)
        return f"FilterOptions({shown})"


NO_FILTERS = FilterOptions()  # a view's default: no criterion given


class Filter:
    """A checked filter: one value per criterion (its `attr`: `flt.families`,
    `flt.since`), off at its default. Immutable and hashable."""

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        slots = [c.default for c in CRITERIA]
        for attr, value in values.items():
            if attr not in _INDEX:
                raise TypeError(f"no filter criterion {attr!r}")
            slots[_INDEX[attr]] = value
        self._values: tuple[Any, ...] = tuple(slots)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in _INDEX:
            raise AttributeError(name)
        return self._values[_INDEX[name]]

    def _replace(self, **changes: Any) -> Filter:
        return Filter(**{**self.by_attr(), **changes})

    def excluding(self, words: Iterable[str]) -> Filter:
        """This filter with `words` added to its excludes (a search's `-word`)."""
        return self._replace(excludes=tidy_words(_BY_KEY["exclude"], (*self.excludes, *words)))

    def by_attr(self) -> dict[str, Any]:
        return {c.attr: v for c, v in zip(CRITERIA, self._values, strict=True)}

    def by_key(self) -> dict[str, Any]:
        """The values by criterion key (as options and watches name them)."""
        return {c.key: v for c, v in zip(CRITERIA, self._values, strict=True)}

    def active(self) -> Iterator[tuple[Criterion, Any]]:
        """(criterion, value) for each criterion that filters, in table order."""
        for c, value in zip(CRITERIA, self._values, strict=True):
            if c.active(value):
                yield c, value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filter) and self._values == other._values

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return "Filter(" + ", ".join(f"{c.attr}={v!r}" for c, v in self.active()) + ")"

    @property
    def is_empty(self) -> bool:
        return next(self.active(), None) is None

    @property
    def in_python(self) -> bool:
        """Whether some criterion has no SQL term (the library reads every candidate)."""
        return any(c.sql is None for c, _ in self.active())

    def matches(self, paper: Paper) -> bool:
        for i, c in _MATCH_ORDER:
            value = self._values[i]
            if c.active(value) and not c.passes(value, paper):
                return False
        return True

    def matches_words(self, paper: Paper) -> bool:
        """`matches` for the criteria with no SQL term alone (-k, -x, -a): for a row
        SQL has put through the others, read with only what these check
        (`records.words_paper`)."""
        for i, c in _WORDS_ORDER:
            value = self._values[i]
            if c.active(value) and not c.passes(value, paper):
                return False
        return True

    def apply(self, papers: Iterable[Paper]) -> list[Paper]:
        return [p for p in papers if self.matches(p)]

    def sql(self, alias: str = "p", *, prefilters: bool = False
            ) -> tuple[list[str], list[object]]:
        """The criteria that have SQL terms, as WHERE terms and their arguments; the
        others (the word filters) stay for `matches`. `prefilters`: those others' SQL
        terms too, where they have one (a superset: `matches` still confirms each row)."""
        where: list[str] = []
        args: list[object] = []
        for c, value in self.active():
            make = c.sql if c.sql is not None else c.prefilter if prefilters else None
            if make is not None:
                term, more = make(value, alias)
                where.append(term)
                args.extend(more)
        return where, args

    def describe(self) -> str:
        """Words for a title line: 'family LLaVA · keyword quantization'."""
        return describe(self.by_key())

    def says(self, cut: int | None = None) -> list[str]:
        """What a paper that passes does, criterion by criterion, for a line saying that
        none did (`words.none_match`): ["names family LLaVA", "has a code repository"].
        `cut`: each word, name or tag given longer than that said cut short with "…" ("is
        by Maximilian Alex…"), for a line that would not fit 80 columns with them whole."""
        return [c.says(_cut_words(value, cut) if cut else value) for c, value in self.active()]

    def no_paper(self, where: str = "in the library", query: str | None = None, *,
                 noun: str = "paper", cut: int | None = None, gist: bool = False) -> str:
        """The line for no paper `where` passing (and matching `query`, quoted), read as
        English whatever the filters: "no paper in the library has a model on the Hub",
        "no arXiv paper in the library matches 'x' and is in category cs.*" (a criterion
        with a `kind_of` word says it before "paper" when others say the rest).
        Shorter, for a line past 80 columns: `noun` said in place of "paper" and `where`
        ("Hub or library paper", where ""), `cut` as `says`, and `gist`: the filters
        said as "passes the filters" (the user just typed them)."""
        said = [f"matches {query}"] if query else []
        kinds: list[tuple[str, str]] = []
        active = list(self.active())
        if gist and active:
            said.append("passes the filter" if len(active) == 1 else "passes the filters")
            active = []
        for c, value in active:
            value = _cut_words(value, cut) if cut else value
            kind = c.kind_of(value) if c.kind_of is not None else None
            if kind:
                kinds.append((kind, c.says(value)))
            else:
                said.append(c.says(value))
        if not said:  # ("no starred paper in the library" alone says nothing of it)
            said, kinds = [says for _, says in kinds], []
        head = " ".join(filter(None, ("no", *(kind for kind, _ in reversed(kinds)), noun,
                                      where)))
        return f"{head} {joined(said)}" if said else head


def _cut_words(value: Any, cut: int) -> Any:
    """A words criterion's value (a tuple of str) with each longer than `cut` cut short
    with "…"; any other value as it is."""
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        return value
    return tuple(v if len(v) <= cut else v[:cut - 1].rstrip() + "…" for v in value)


def describe(values: Mapping[str, Any]) -> str:
    """The words of the criteria that filter, by key, in table order (a watch's words
    are a filter's words)."""
    return " · ".join(c.words(values[c.key]) for c in CRITERIA
                      if c.key in values and c.active(values[c.key]))


def tidy_words(c: Criterion, given: Iterable[Any] | None) -> tuple[str, ...]:
    """A words criterion's words as given, tidied (`c.tidy`), empty ones and repeats
    left out: a repeat in another case or with other accents too (`fold`: every words
    criterion matches so, and `-k LLM -k llm` was "keyword LLM and llm"), the first
    spelling kept."""
    kept: dict[str, str] = {}
    for word in (c.tidy(str(g)) for g in given or ()):
        if word:
            kept.setdefault(fold(word), word)
    return tuple(kept.values())


def read_date(c: Criterion, text: str, said_as: str | None = None) -> date:
    """A date criterion's value (`periods.parse_date`), a month, year or week from its
    first day for --since and to its last for --until; a bad one said as its option, or
    as `said_as`, the search qualifier it was typed with ("since:")."""
    from papercli import periods

    return periods.parse_date(text, option=said_as or c.option,
                              bound="end" if c.key == "until" else "start")


def _read(session: Session | None, c: Criterion, raw: Any) -> Any:
    """One criterion's value as given, tidied and checked."""
    if c.kind == "words":
        words = tidy_words(c, raw)
        if words and c.resolve is not None:
            if session is None:
                raise ValueError(f"{c.key} needs a session")
            words = c.resolve(session, words)
        return words
    if c.kind == "date":
        if not raw or isinstance(raw, date):
            return raw or None
        return read_date(c, str(raw))
    if c.kind == "flag":
        if raw and c.resolve is not None:  # a flag that reads its ids (`--starred`)
            if session is None:
                raise ValueError(f"{c.key} needs a session")
            return c.resolve(session, True)
        return bool(raw)
    return raw  # a count: checked by its parser (command line) or by watches (config)


def make_filter(session: Session | None,
                options: FilterOptions | Mapping[str, Any] | None = None,
                /, **by_attr: Any) -> Filter:
    """The Filter for filter options as given (a `FilterOptions`, or values by key, or
    by Filter attribute: `families=["llava"]`): words tidied, family aliases resolved,
    dates parsed and in order. A bad value is a `CriterionError` (a usage error)."""
    given: dict[str, Any] = (options.as_dict() if isinstance(options, FilterOptions)
                             else dict(options or {}))
    for attr, value in by_attr.items():
        if attr not in _INDEX:
            raise TypeError(f"no filter criterion {attr!r}")
        given[CRITERIA[_INDEX[attr]].key] = value
    values: dict[str, Any] = {}
    for c in CRITERIA:
        try:
            values[c.key] = _read(session, c, given.get(c.key, c.default))
        except UsageError as exc:
            raise CriterionError.of(exc, c.key) from None
    for c in CRITERIA:
        if c.check is not None:
            try:
                c.check(values)
            except UsageError as exc:
                raise CriterionError.of(exc, c.key) from None
    return Filter(**{c.attr: values[c.key] for c in CRITERIA})
