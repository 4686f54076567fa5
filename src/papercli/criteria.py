"""The filter vocabulary, declared once: one `Criterion` per filter in `CRITERIA`.

An entry says everything papercli knows about one filter: its option (names, help,
metavar, kind), whether a paper passes it (in Python), its SQL term (so browsing the
library picks a page in SQL), its words in a title ("family LLaVA"), what a paper that
passes does, for a line saying none did ("names family LLaVA"), its `name:` in a search
query (`org:google`, `is:starred`: `by_qualifier`), and whether and how a watch keeps it
in config.toml. The Typer options (`cli.options`), `filters.Filter`,
`db.search.filter_sql`, the search qualifiers and `watches` are all derived from this
table: a new filter is one more entry here, and nothing else.

Semantics (documented in the README): families are any-of, keywords are all-of and
whole-word over title, abstract and AI keywords, excludes drop a paper if any word
matches, authors are any-of (one word a substring, several whole words, the last cut
short after a trailing `*`; case and accents folded), dates bound the arXiv
date (inclusive), organizations are any-of (Hub name or display name, whole, any case),
submitters any-of (Hub username, any case), `has_code` needs a code link,
`min_stars` a known star count and `has_model` a known count of linked models above 0
(a count not known yet is not zero: `views.gather` says how many were left out). The
SQL terms mean the same (tests/test_filter_table.py checks them against the predicates);
a criterion without one runs in Python.

Core module: no Typer, Rich or anything slow at import (`cli.options` imports it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from papercli.errors import UsageError
from papercli.sanitize import quoted, strip_controls
from papercli.words import cjk_pattern, is_cjk, number, plural, symbol_words

if TYPE_CHECKING:
    from papercli.families import FamilyMatcher
    from papercli.models import Paper


class Session(Protocol):
    """What reading a criterion's words needs of a command's session: the family matcher
    and the user's own marks (`--starred`, `--tag`). A protocol, so the filter vocabulary
    never imports the session, the library or the user database: they sit above it."""

    @property
    def matcher(self) -> FamilyMatcher: ...

    def starred_ids(self) -> frozenset[str]:
        """The ids of the starred papers (none without a user database)."""
        ...

    def noted_ids(self) -> frozenset[str]:
        """The ids of the papers with a note (none without a user database)."""
        ...

    def tagged(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
        """`--tag` words as tags (a bad one is a UsageError), and the ids of the papers
        that carry every one of them."""
        ...

Sql = tuple[str, list[object]]  # a WHERE term and its arguments
Words = tuple[str, ...]

# How a criterion's value is read and kept, by kind (the Typer side is in cli.options):
#   words: repeatable text, kept as a tuple (empty: off); a watch keeps a list of strings
#   date:  YYYY-MM-DD / YYYY-MM / YYYY / YYYY-Www / today / yesterday / 7d 2w 3mo 1y back
#          from today (periods.parse_date),
#          kept as a date (None: off); not in watches
#   count: a whole number 0 to config.MAX_COUNT (None: off)
#   flag:  no value (False: off)
KINDS = ("words", "date", "count", "flag")


def _word(text: str) -> str:
    """A word as given to a words option (`-k`, `-x`, `-a`), without what shows as nothing
    (a zero-width space pasted with it: `-k 'diff\u200busion'` found no paper) or
    surrounding space."""
    return strip_controls(text).strip()


class Criterion(NamedTuple):  # not a dataclass: `papers --version` imports this table
    """One filter. `key` is its option's destination and its key in `[watch.NAME]`;
    `attr` the `Filter` attribute holding its value (plural for repeatable ones)."""

    key: str
    attr: str
    flags: tuple[str, ...]
    kind: str
    help: str
    metavar: str | None
    passes: Callable[[Any, Paper], bool]  # (value, paper): the value is never off
    words: Callable[[Any], str]  # the value in a title: "family LLaVA or Qwen"
    # What a paper that passes does, a verb phrase in the third person ("names family
    # LLaVA or Qwen", "has a model on the Hub"): a line saying none passed reads as
    # English ("no paper in the library has a model on the Hub", `words.none_match`).
    says: Callable[[Any], str]
    sql: Callable[[Any, str], Sql] | None = None  # (value, table alias); None: Python only
    # A SQL term passing a superset of what `passes` does (Python confirms each row): read
    # by the library's walks, so that fewer rows are read and checked in Python.
    prefilter: Callable[[Any, str], Sql] | None = None
    watch_help: str | None = None  # its help in `papers watch add`; None: not a watch key
    watch_rank: int = 0  # its place among `watch add`'s options
    narrows: bool = True  # enough on its own for a watch (an exclude is not)
    tidy: Callable[[str], str] = _word  # one word as kept ("" drops it)
    resolve: Callable[[Session, Any], Any] | None = None  # family aliases, --starred ids
    on: Callable[[Any], bool] | None = None  # whether a value filters (default: not off)
    check: Callable[[Mapping[str, Any]], None] | None = None  # against the other values
    # The same filter as a term of the search index's query (db/textquery.py reads it):
    # ("terms", field, values) any of; ("range", field, low, high) inclusive, None open;
    # ("regex", field, pattern); ("holding", field, texts) a term holding each of the
    # texts, in any order; ("absent", field) no value; ("words", words) all in title, abstract or AI
    # keywords; ("any", specs).
    # None: checked in Python on the ranked matches, page by page.
    index_term: Callable[[Any], tuple[Any, ...] | None] | None = None  # (None: not this value)
    # False: the term finds a superset, Python confirms (a function: for this value)
    index_exact: bool | Callable[[Any], bool] = True
    # Its `name:` in a search query (`org:google`, gh's way; `by_qualifier`). None: a
    # words or date filter's long option without its dashes, a count none; a flag names
    # its value too (`is:starred`); a count's takes GitHub's comparison (`stars:>100`).
    qualifiers: tuple[str, ...] | None = None
    # The value as a word before "paper" ("arXiv", "starred"), or None: "no arXiv paper
    # in the library matches 'x'" (`filters.no_paper`).
    kind_of: Callable[[Any], str | None] | None = None

    def exact(self, value: Any) -> bool:
        """Whether this value's index term finds just the papers that pass it."""
        return self.index_exact(value) if callable(self.index_exact) else self.index_exact

    @property
    def option(self) -> str:
        """Its long option, for messages."""
        return self.flags[0]

    @property
    def default(self) -> Any:
        return {"words": (), "flag": False}.get(self.kind)

    def blank(self, value: Any) -> str | None:
        """The word or date given that holds none ("", spaces, `*` alone; an author's "@"
        alone, which matched every paper with a Hub account), as given, or None. Dropped,
        it would filter nothing, listing (exporting, watching) every paper without a
        word: the command line and the MCP tools refuse it."""
        if self.kind not in ("words", "date") or value is None:
            return None
        for given in ([value] if isinstance(value, str) else value):
            text = self.tidy(str(given)) if self.kind == "words" else str(given).strip()
            if self.key == "author":
                text = text.strip().lstrip("@")
            if not text.rstrip("*").strip():
                return str(given)
        return None

    def blank_error(self, given: str, typed: str | None = None) -> UsageError:
        """The usage error for a value that holds none (`blank`), said as the option
        (`--tag ''`), or as `typed`, the search qualifier as typed (`tag:""`)."""
        if typed is not None:
            return UsageError(f"{quoted(typed)} holds no {self.metavar or 'value'}",
                              hint="give one, or leave it out")
        return UsageError(f"{self.option} {quoted(given)} holds no {self.metavar or 'value'}",
                          hint=f"give one, or leave {self.option} out")

    def active(self, value: Any) -> bool:
        if self.on is not None:
            return self.on(value)
        return value is not None and value != () and value is not False


# -- the predicates and SQL terms ------------------------------------------------------


def word_pattern(word: str, *, plurals: bool = False) -> WordPattern:
    """Whole-word, case-insensitive; a trailing `*` makes it a prefix. `plurals`: the
    word's English plural (or singular) too, roughly: "model" finds "models", "models"
    finds "model" (what `--exclude` drops, so that `-model` does not leave "Models")."""
    text = word.strip()
    prefix = text.endswith("*")
    bare_text = text.rstrip("*").strip()
    core = re.escape(bare_text)
    core = re.sub(r"\\?\s+", r"[\\s\\-]+", core)  # "vision language" ~ "vision-language"
    if plurals and not prefix:
        bare = core[:-1] if _plural_s(core) else core
        core = f"{bare}(?:e?s)?"
    # (a CJK letter is a word's edge however it is written on: the index holds CJK text
    # as pairs of letters, apart from the letters around them, `words.cjk_bigrams`)
    return WordPattern(re.compile(core, re.IGNORECASE),
                       lead=not (text and is_cjk(text[0])),
                       tail=not (prefix or (bare_text and is_cjk(bare_text[-1]))))


def _word_letter(char: str) -> bool:
    """A letter that would carry a word on past a match's edge: a word character (re's
    `\\w`: alphanumeric or "_") that is not a CJK letter."""
    return (char.isalnum() or char == "_") and not is_cjk(char)


class WordPattern:
    """A word found whole in text (`word_pattern`): `core` where no word letter stands
    just before it (`lead`) or just after it (`tail`). The edges are checked here rather
    than as look-arounds of the expression: a class of the word letters less the CJK
    ones cost re about 10 ms to compile, for every new word searched, where the core
    alone compiles in a few microseconds. Found as the look-arounds found it: the
    leftmost match whose edges hold (a shorter match at the same start is no better:
    the letters it leaves out are word letters)."""

    __slots__ = ("core", "lead", "tail")

    def __init__(self, core: re.Pattern[str], *, lead: bool, tail: bool) -> None:
        self.core, self.lead, self.tail = core, lead, tail

    def search(self, text: str) -> re.Match[str] | None:
        pos = 0
        while (found := self.core.search(text, pos)) is not None:
            start, end = found.span()
            if not ((self.lead and start and _word_letter(text[start - 1]))
                    or (self.tail and end < len(text) and _word_letter(text[end]))):
                return found
            pos = start + 1
        return None


def _plural_s(core: str) -> bool:
    """Whether the escaped word `core` ends in a plural's "s", which `word_pattern` with
    `plurals` makes optional (and `_needle` leaves out): "models", not "class" or "gas"."""
    end = core[-2:].lower()
    return len(core) > 3 and end[-1:] == "s" and end != "ss"


# Latin letters Unicode gives no accent to take off (Ł is no L with a mark), as the
# search index's ASCII folding writes them: `-a lukasz` finds Łukasz, `-a yagiz` Yağız.
_UNMARKED = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "æ": "ae", "đ": "d", "ð": "d",
                           "þ": "th", "œ": "oe", "ħ": "h", "ŀ": "l", "ŧ": "t"})


def fold(text: str) -> str:
    """Case and accents folded, so `-a jose` finds José, `-a muller` Müller and `-a
    lukasz` Łukasz (as search does: the index folds these letters too)."""
    if text.isascii():
        return text.casefold()
    import unicodedata

    parts = unicodedata.normalize("NFKD", text)
    return "".join(c for c in parts if not unicodedata.combining(c)).casefold().translate(
        _UNMARKED)


def _needle(word: str, plurals: bool) -> str:
    """Lower-case text that every match of `word_pattern(word, plurals=plurals)` holds,
    when the word is ASCII ("" otherwise): its first whitespace-separated part, less a
    plural's "s" when that part is the whole word (the pattern's optional ending)."""
    parts = word.strip().rstrip("*").split()
    if not parts or not word.isascii():
        return ""
    first = parts[0]
    if (plurals and len(parts) == 1 and not word.strip().endswith("*")
            and _plural_s(re.escape(first))):  # word_pattern's test, on the same text
        first = first[:-1]
    return first.lower()


@lru_cache(maxsize=64)
def _patterns(words: Words, plurals: bool = False) -> tuple[tuple[str, WordPattern], ...]:
    """(needle, pattern) per word, compiled once per word list: a Filter has nowhere to
    cache them. A word is read as the text is (`_searched`): C++ as the word cplusplus."""
    folded = (symbol_words(fold(w)).strip() for w in words if w.strip().rstrip("*"))
    return tuple((_needle(w, plurals), word_pattern(w, plurals=plurals)) for w in folded)


def _text(paper: Paper) -> str:
    return "\n".join([paper.title, paper.summary, *paper.ai_keywords])


def _found(needle: str, pattern: WordPattern, text: str, lower: str | None) -> bool:
    """Whether `pattern` is in `text`. In ASCII text (`lower`: it lower-cased) a match
    needs the pattern's ASCII needle, which a substring search rules out in a fraction
    of the regular expression's time (its look-behind defeats re's own literal scan:
    27 us an abstract against 8, 30 against 1.6 for a rare word). Not in other text:
    there case-insensitive matching pairs letters that lower() does not (ſ and s)."""
    if lower is not None and needle and needle not in lower:
        return False
    return pattern.search(text) is not None


def searched_text(text: str) -> str:
    """`text` as the word filters read it (and notes are searched: `notes.matches`),
    accents folded as search folds them (`-k naive` finds "naïve", and `-x naive` drops
    it), C++ and C# words of their own as the index holds them (`words.symbol_words`:
    `-k C++` finds "C++17", as `search C++` does, and `-k C` no "C++"). Case is left:
    the word patterns ignore it."""
    return symbol_words(text if text.isascii() else fold(text))


def _searched(text: str) -> tuple[str, str | None]:
    """`searched_text`, and its lower case when it is ASCII (`_found`'s fast path)."""
    text = searched_text(text)
    return text, text.lower() if text.isascii() else None


def _all_words(words: Words, text: str) -> bool:
    """Every one of `words` in `text` (`_searched`)."""
    text, lower = _searched(text)
    return all(_found(n, r, text, lower) for n, r in _patterns(words))


def _any_form(words: Words, text: str) -> bool:
    """Any of `words`, singular or plural (`--exclude model` drops "Models" too)."""
    text, lower = _searched(text)
    return any(_found(n, r, text, lower) for n, r in _patterns(words, True))


def _marks(values: Words) -> str:
    return ", ".join("?" for _ in values)


def id_month_sql(alias: str = "") -> str:
    """The month a paper's id begins with in SQL (`YYYY-MM`), as `models.id_month` reads
    it: 2608.01234 is 2026-08, hep-th/9901001 1999-01 (old-style ids ran 1991-2007). The
    library holds arXiv ids alone (checked where they enter), so their shape is not.
    `alias`: the papers table's in the query, none in an index's expression
    (`db.schema.newest`)."""
    pid = f"{alias}.id" if alias else "id"
    old_yy = f"substr({pid}, instr({pid}, '/') + 1, 2)"
    old_mm = f"substr({pid}, instr({pid}, '/') + 3, 2)"
    return (f"(CASE WHEN instr({pid}, '/') = 0 "
            f"THEN '20' || substr({pid}, 1, 2) || '-' || substr({pid}, 3, 2) "
            f"ELSE (CASE WHEN {old_yy} >= '91' THEN '19' ELSE '20' END) || {old_yy} "
            f"|| '-' || {old_mm} END)")


def _first_day(alias: str) -> str:
    """A paper's first shown day in SQL, as `Paper.shown_days` has it in Python: its arXiv
    day, else its id's month's first day (`--until` reads it)."""
    return f"coalesce(substr({alias}.published_at, 1, 10), {id_month_sql(alias)} || '-01')"


def _last_day(alias: str) -> str:
    """A paper's last shown day in SQL (`Paper.shown_days`): its arXiv day, else its id's
    month's last day (`--since` reads it)."""
    return (f"coalesce(substr({alias}.published_at, 1, 10), "
            f"date({id_month_sql(alias)} || '-01', '+1 month', '-1 day'))")


# Apostrophes as names are written ("O’Brien", "D`Souza"), read as the ASCII one.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u0060\u2032", "'"))


# Chinese, Japanese and Korean letters: a name in them is written with or without a
# space between family and given name ("山田 太郎", "山田太郎"), and is one name either way.
_CJK_SPACE = "(?<=[{cjk}])\\s+(?=[{cjk}])"  # (`words.cjk_pattern`: compiled when first met)
# What SQL looks for of a name's text (`_needles`): no apostrophe, and each CJK letter
# alone (the library holds the name as written, a space maybe between any two).
_SQL_PIECE = "[{cjk}]|[^'{cjk}]+"


def fold_name(text: str) -> str:
    """A name as `--author` compares it: folded (`fold`), every apostrophe the ASCII one
    (so "O’Brien" is O'Brien), no space between two CJK letters (so "山田 太郎" is
    山田太郎)."""
    folded = fold(text)
    if folded.isascii():
        return folded.replace("`", "'")
    return cjk_pattern(_CJK_SPACE).sub("", folded.translate(_APOSTROPHES))


# German's other spelling of an umlaut (Jürgen is Juergen, Mählenbühl Maehlenbuehl).
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def e_spelling(name: str) -> str | None:
    """A name with ä, ö or ü spelled with ae, oe and ue instead (None for one without):
    bylines hold both ("Jürgen Schmidhofer", "Juergen Schmidhofer"), and folding alone
    reads ü as u."""
    if name.isascii():  # most names: no umlaut to look for
        return None
    composed = unicodedata.normalize("NFC", name)
    spelled = composed.translate(_UMLAUTS)
    return None if spelled == composed else spelled


# A name's suffix, not a name: "John Smith Jr." is John Smith.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


# A word of two or three capital letters with no vowel after the first: initials run
# together ("DP Kingstra", "AJ Quorvane", "Varun QZ"), not a family name in capitals
# ("Qi GU", "Zefan MO", "LI Wei"); a name's suffix ("IV") is none.
# (The look behind comes after the first capital: a walk of every byline twice as fast.)
_RUN_INITIALS = re.compile(r"[A-Z](?<![\w'\-].)[B-DF-HJ-NP-TV-XZ]{1,2}(?![\w'\-])")


def initials_spelling(name: str) -> str | None:
    """A name with its initials run together (`_RUN_INITIALS`) spelled apart ("DP
    Kingstra" is "D P Kingstra"), None for a name without: bylines and citations write
    "Dirkjan P. Kingstra" so too, and each initial stands for a name it begins."""
    spelled = _RUN_INITIALS.sub(
        lambda m: m[0] if m[0].casefold() in _SUFFIXES else " ".join(m[0]), name)
    return None if spelled == name else spelled


def _given_initials(name: str) -> str | None:
    """A name asked of initials run together and a family name alone ("YC Wang", "Wang,
    YC") with the initials joined by a hyphen ("Y.-C. Wang"), None for any other: they
    are the one given name's parts, each needed (a user typing "YC" means both, and
    "Yongpei Wang" is no Y. C.), where beside a given name spelled out ("Marco AF
    Pimenteira") they are middle initials a byline may lack (`initials_spelling`)."""
    words = [w for w in _NAME_WORD.findall(name) if w.casefold() not in _SUFFIXES]
    runs = [w for w in words if _RUN_INITIALS.fullmatch(w)]
    if len(words) != 2 or len(runs) != 1:
        return None
    return _RUN_INITIALS.sub(lambda m: ".-".join(m[0]) + ".", name, count=1)


# A hyphen inside a name ("Ying-Cun"), which bylines write or leave out ("Yingcun").
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def joined_spelling(name: str) -> str | None:
    """A name with the hyphens inside its words left out ("Ying-Cun Chen" is "YingCun
    Chen"), None for a name without: bylines hold both ("Ji-Ran Wen", "Jiran Wen")."""
    if "-" not in name:  # most names
        return None
    joined = _INNER_HYPHEN.sub("", name)
    return None if joined == name else joined


# A family name's particles, which bylines write apart or joined to the name after them:
# "Ana Le Brun" and "Ana LeBrun", "van der Berg" and "vanderBerg", "De Souza".
_PARTICLES = ("al", "bin", "da", "dal", "dalla", "das", "de", "degli", "dei", "del",
              "della", "der", "des", "di", "do", "dos", "du", "el", "la", "le", "lo",
              "mac", "mc", "st", "ten", "ter", "van", "von", "zu")
_PARTICLE_RUN = re.compile(r"(?<![\w'.-])((?:(?:{})\s+)+)(?=\w)".format(
    "|".join(_PARTICLES)), re.IGNORECASE)


def particle_spelling(name: str) -> str | None:
    """A name with each run of particles (`_PARTICLES`) joined to the word after it
    ("Ana Le Brun" is "Ana LeBrun", "Lars van der Berg" "Lars vanderBerg"), None
    for a name without: bylines hold both, so `-a "Le Brun"` missed "Ana LeBrun" and
    `-a LeBrun` "Ana Le Brun". (A given name that is one, "Da Wei", gains a spelling no
    one types: "DaWei".)"""
    if " " not in name:
        return None
    joined = _PARTICLE_RUN.sub(lambda m: "".join(m[1].split()), name)
    return None if joined == name else joined


def written_first_spelling(name: str) -> str | None:
    """A name stored family name first ("Pérez Ortega, Lucía", as `papers import` keeps a
    file's family name of two words: `names.joined`) as a byline writes it, "Lucía Pérez
    Ortega"; None for a name without one comma."""
    if "," not in name:  # most names
        return None
    family, _, given = name.partition(",")
    if "," in given or not family.strip() or not given.strip():
        return None
    return f"{given.strip()} {family.strip()}"


def _spellings(names: Iterable[str]) -> list[str]:
    """Each name, its `e_spelling`, `initials_spelling`, `joined_spelling` and
    `particle_spelling`: any of them is the name asked."""
    return [spelled for name in names
            for spelled in (name, e_spelling(name), initials_spelling(name),
                            joined_spelling(name), particle_spelling(name))
            if spelled is not None]


def author_names(paper: Paper) -> list[str]:
    """Every name `--author` looks in, folded (`fold_name`): each byline name (and its
    `e_spelling`, `initials_spelling`, `joined_spelling`, `particle_spelling`,
    `written_first_spelling`), and each author's Hub account as "@account" (so `-a @heming`
    asks for accounts alone) and its display name."""
    folded = [fold_name(a) for a in paper.authors]
    byline = "\n".join(paper.authors)
    if not byline.isascii():  # most bylines: no umlaut
        folded += map(fold_name, filter(None, map(e_spelling, paper.authors)))
    # nor initials run together: two capitals side by side are never title case
    if not byline.istitle() and _RUN_INITIALS.search(byline):
        folded += map(fold_name, filter(None, map(initials_spelling, paper.authors)))
    if "-" in byline:  # nor a hyphen
        folded += map(fold_name, filter(None, map(joined_spelling, paper.authors)))
    folded += map(fold_name, filter(None, map(particle_spelling, paper.authors)))
    if "," in byline:  # nor a name stored family name first
        folded += map(fold_name, filter(None, map(written_first_spelling, paper.authors)))
    for _, account, shown in paper.author_accounts:
        if account:
            folded.append("@" + account.casefold())
        if shown:
            folded += map(fold_name, _spellings((shown,)))
    return folded


# A name's word: letters and digits, an apostrophe between them holding it together
# ("d'antonio" is one word, never "d" and "antonio": D'Antonio is not Antonio D.).
_NAME_WORD = re.compile(r"\w+(?:'\w+)*")


def _name_words(name: str) -> list[str] | None:
    """The words of a folded `--author` NAME of two or more words (None for one), given
    names first (what stands before a comma goes last: "Kingstra, Dirkjan P." is Dirkjan
    P. Kingstra) and without a suffix ("Jr."): each may stand anywhere in an author's name
    (`_words_match`), but only a middle one may be missing (`_optional`)."""
    read = _name_reading(name)
    return None if read is None else read[0]


def _name_reading(name: str) -> tuple[list[str], list[bool], bool] | None:
    """`_name_words` of a folded NAME, each with whether it is a later part of a given
    name with a hyphen inside (`_tied_words`), and whether NAME has a comma (its words
    are then given names first for sure)."""
    family, comma, given = name.partition(",")
    words = _tied_words(given) + _tied_words(family) if comma else _tied_words(name)
    kept = [(w, tied) for w, tied in words if w not in _SUFFIXES]
    words = kept if len(kept) > 1 else words
    if len(words) < 2:
        return None
    return [w for w, _ in words], [tied for _, tied in words], bool(comma)


def _tied_words(text: str) -> list[tuple[str, bool]]:
    """The `_NAME_WORD`s of folded text, each with whether a hyphen (after an initial's
    dot, maybe) joins it to the word before: "yu-chiang" and "y.-c." are one given name
    of two parts, which a user asking for either means together."""
    words: list[tuple[str, bool]] = []
    end = -1
    for word in _NAME_WORD.finditer(text):
        words.append((word[0], end >= 0 and text[end:word.start()].replace(".", "") == "-"))
        end = word.end()
    return words


class _Reading(NamedTuple):
    """One way to read a name's words (places among them): given names first or the
    family name first ("Li Jun", "Fengino, Y."), and where its first given name, its
    family name and each of its given names begin."""

    family_first: bool
    first: int  # the first given name's (first) word
    family: int | None  # the family name's first word; None: a name of one part
    given: tuple[int, ...]  # each given name's (first) word, `first` first


def _readings(heads: list[int], given_first: bool = True, family_first: bool = True
              ) -> list[_Reading]:
    """The `_Reading`s of a name whose parts (a word, or a name with a hyphen inside)
    begin at the places `heads`: the first part a given name, the last the family name,
    or the first the family name and the next a given name."""
    if len(heads) < 2:
        return [_Reading(False, heads[0], None, (heads[0],))] if heads else []
    readings = [_Reading(False, heads[0], heads[-1], tuple(heads[:-1]))] if given_first \
        else []
    if family_first:
        readings.append(_Reading(True, heads[1], heads[0], tuple(heads[1:])))
    return readings


def _asked_readings(tied: list[bool], comma: bool) -> tuple[_Reading, ...]:
    """The `_Reading`s of a name asked (`_name_reading`'s words and ties): given names
    first, or (typed without a comma) the family name first, "Fengino Yorick"."""
    heads = [i for i, part in enumerate(tied) if not part]
    return tuple(_readings(heads, family_first=not comma))


@lru_cache(maxsize=4096)
def _byline_readings(name: str) -> tuple[_Reading, ...]:
    """The `_Reading`s of a folded byline name (places among its `_NAME_WORD`s, as
    written): either way, but a name with a comma has its family name before it and
    its given names after ("Kingstra, Dirkjan P."). A suffix ("Jr.") is no part."""
    family, comma, _given = name.partition(",")
    heads = [i for i, (word, tied) in enumerate(_tied_words(name))
             if not tied and word not in _SUFFIXES]
    if comma:
        before = len(_NAME_WORD.findall(family))
        after = [i for i in heads if i >= before]
        if after and heads[0] < before:
            return (_Reading(True, after[0], heads[0], tuple(after)),)
    return tuple(_readings(heads))


def _pairs(asked: str, word: str) -> bool:
    """Whether the asked word may be this word of a byline: the same, or either one an
    initial (one letter: a digit is no initial, "Author 1" is not "Author 12") that the
    other, not a suffix ("Jr."), begins with; a word cut short (`_cut_word`) any word it
    begins."""
    if asked.endswith("*"):
        stem = asked[:-1]
        return word.startswith(stem) or (_is_initial(word) and stem.startswith(word))
    return (asked == word or (_is_initial(asked) and word.startswith(asked)
                              and word not in _SUFFIXES)  # "Adam Smith Jr." is no J. Smith
            or (_is_initial(word) and asked.startswith(word)))


def _is_initial(word: str) -> bool:
    """A one-letter word of a name: an initial (a digit is none: "Author 1")."""
    return len(word) == 1 and word.isalpha()


def _optional(asked: list[str], hyphened: bool = False) -> list[bool]:
    """Which words asked (`_name_words`, given names first) a byline may lack: an initial
    but the first word, a name spelled out but the first and last (a middle name), but
    for a name with a hyphen inside (`joined_spelling`): "Ying-Cun Chen" is not Ying
    Chen."""
    last = len(asked) - 1
    return [i > 0 and (_is_initial(w) or (i < last and not hyphened))
            for i, w in enumerate(asked)]


def _fewest_words(optional: list[bool]) -> int:
    """The fewest words a name `_words_match` finds for asked words has: one each, but
    for the `_optional` ones (a byline lacking one still has two words)."""
    return max(min(len(optional), 2), len(optional) - sum(optional))


def _words_match(asked: _Asked, name: str) -> bool:
    """Whether each of the words asked (`_name_words`) is a word of the folded `name`,
    each its own, in any order ("lan heming" is Heming Lan), with at least one word
    whole, so initials alone never match.

    The first given name asked is the byline's first given name, whole or by an initial,
    or, spelled out, a given name spelled out in any place of the byline, as many go by
    a middle name (`_pinnings`: "Jun Li" finds "Jun Li", "Li Jun", "Li, Jun", "J. Li"
    and "Abner Jun Li", "J. Li" also Jing Li; neither finds "Abner J. Li": an initial is
    a first given name's, typed or in the byline, so "P. Kingstra" is no Dirkjan P.
    Kingstra); read family name first on either side, the family names are each other's
    too ("Li Jun" is not "Abner J. Li", read as family name Abner).

    An initial stands for any name it begins, on either side, as Google Scholar reads
    bylines: "Y. Fengino" finds Yorick Fengino and Yann Fengino (the initial is all the user
    knows), and "Yorick Fengino" finds "Y. Fengino" and "Fengino, Y." (a byline written with
    the initial may be his), but not Yann Fengino or Sander Fengino: a given name spelled out
    that differs is another person. Spelled out, it stands for one initial, or those it
    holds in order when it reads as pinyin (`_initials_over`): "Yongpei Wang" finds "Y.
    Wang", not "Y. Q. Wang", "YC Wang" nor "Y.-C. Wang", which "Yuchun Wang" finds;
    another may come before a middle initial ("Dirkjan Kingstra" finds "D. P. Kingstra").
    Initials run together are each an initial (`initials_spelling`: "Marco AF
    Pimenteira", like "A.F.", is Marco A. F. Pimenteira).
    Initials joined by a hyphen ("Y.-C."), or run together as the whole given name
    asked (`_given_initials`: "YC Wang"), are one given name's parts, none of them a
    middle name: each is found, or a given name written without its hyphen holds them
    in order (`_spelled`: "Y.-C. Wang" finds Yu-Chiang Wang, "Yu Chun Wang" and Yuchun
    Wang, not Yongpei Wang nor Yu Wang).

    A middle name asked, an initial ("Dirkjan P. Kingstra", "D. P. Kingstra") or spelled out
    ("Dirkjan Pieter Kingstra"), may be missing from the byline, as citations carry a
    middle name a byline may lack, when:
    - two of the byline's names of two letters or more are found, one whole and the
      other whole or by its initial (the given name is written out and matches): "D. P.
      Kingstra" finds "Dirkjan Kingstra", but not "D. Kingstra" (an initial pins no one);
    - the byline has no name the asked ones leave over (a suffix is none): not
      "Dirkjan Q. Kingstra" nor "Dirkjan Paul Kingstra" (its middle name differs);
    - the initials missing are the last typed: "J. R. Smith" is not Robert Smith, and
      the first word (the given name) is never missing, nor a last word spelled out.
    So "J. Smith" never finds Adam Smith, nor "Y. Fengino" Sander Fengino.

    A word cut short (typed last, before a trailing `*`: `_cut_word`) is found whole as
    any word of two letters or more it begins: "J. Li*" finds Jun Liu and "Liu, Jun",
    where "J. Li" finds neither (Li and Liu are two families).

    A name with a hyphen inside it in the byline ("Yu-Chiang") is one name
    (`_hyphened_assigned`): "Yu Wang" does not find Yu-Chiang Wang.

    `asked` is read once for every name (`_asked`)."""
    words = asked.words or []
    spans = [word.span() for word in _NAME_WORD.finditer(name)]  # (read once a name)
    left = [name[start:end] for start, end in spans]
    if len(left) < asked.fewest:
        return False  # too few words however it goes (most names: a quick no)
    if len(_not_whole(words, list(left))) == len(words):  # (it takes the words found)
        return False  # most names that pass the quick no
    for pins in _pinnings(asked, name, left):
        marked = _pinned(words, name, spans, pins)
        if marked is not None:
            optional = _optional_pinned(asked, left, pins)
            if _words_paired(*marked, _fewest_words(optional), optional):
                return not _initials_over(words, left)  # (asked of the few found alone)
    return False


def _initials_over(asked: list[str], theirs: list[str]) -> bool:
    """Whether the byline's words `theirs` hold more initials than the words `asked`
    (`_name_words`) can stand for, when a given name asked spelled out is written there
    as initials: it stands for one ("Yongpei Wang" is "Y. Wang", not "Y. Q. Wang" nor
    "YC Wang", whose given name has two parts), or for those it holds in order when
    they are the byline's given name in initials (`_spelled`: "Yuchun Wang" is "Y. C.
    Wang", "Kaiming He" "KM He"); each initial asked stands for one. Only a name that
    reads as pinyin (`_is_pinyin`) is held so: "Dirkjan Kingstra" is "DP Kingstra", P. his
    middle name. A word cut short (`_cut_word`) may stand for any, as its end is
    unknown."""
    if any(word.endswith("*") for word in asked):
        return False
    spelled = [word for word in asked if len(word) > 1]
    unfound = _not_whole(spelled, list(theirs))  # spelled out: each stands on an initial
    if not unfound:
        return False  # most names: every word spelled out is the byline's, whole
    if not all(_is_pinyin(spelled[at]) for at in unfound):
        return False  # "Dirkjan Kingstra" may be "D. P. Kingstra": P. a middle name
    initials = [word for word in theirs if _is_initial(word)]
    over = len(initials) - len(unfound) - sum(map(_is_initial, asked))
    return over > 0 and not (len(unfound) == 1
                             and _spelled(spelled[unfound[0]], initials[:over + 1]))


def _alternatives(words: str) -> str:
    """A regular expression's alternatives, the longest first."""
    return "|".join(sorted(words.split(), key=len, reverse=True))


_PINYIN_FINALS = _alternatives("a o e ai ei ao ou an en ang eng ong er i ia ie iao iu ian "
                               "in iang ing iong u ua uo uai ui uan un uang ue v ve")
_PINYIN = re.compile("(?:(?:(?:{})?(?:{}))|(?:[jqx](?:{})))+".format(
    _alternatives("zh ch sh b p m f d t n l g k h r z c s y w"), _PINYIN_FINALS,
    _alternatives("i ia ie iao iu ian in iang ing iong u ue uan un")))  # ju is jü


def _is_pinyin(word: str) -> bool:
    """Whether a given name spelled out reads wholly as pinyin syllables ("yongpei":
    yong-pei), so its initials are its syllables' and no middle name's: Chinese names
    carry none, while "Dirkjan" (no pinyin) may stand before a middle initial. The
    syllables are read generously (initial, then any final), so a few Western names
    ("anna") read as pinyin too; they then find a byline of one initial only."""
    return len(word) <= 12 and _PINYIN.fullmatch(word) is not None


def _pinnings(asked: _Asked, name: str, theirs_words: list[str]
              ) -> list[list[tuple[int, int]]]:
    """The words asked (places) that must be which words (`theirs_words`) of the folded
    byline `name`, for each way of reading each (`_Reading`): the first given name asked is
    byline's first given name or, spelled out, one of its given names spelled out too
    (a middle name: "Hank Wang" is Yu-Chiang Hank Wang, but neither "Jun Li" nor "J.
    Li" is Abner J. Li); and, read family name first on either side, family name for
    family name (given names first on both, a family name of several words may be typed
    in part: "José García" is José García López)."""
    words = asked.words or []
    pinnings: list[list[tuple[int, int]]] = []
    for ours in asked.readings:
        whole = all(len(words[i].removesuffix("*")) > 1 for i in (ours.first, ours.family)
                    if i is not None)  # "H. Zhu", read as Zhu H., is no Livia Zhu Huang
        for theirs in _byline_readings(name):
            for place in theirs.given if whole else (theirs.first,):
                if place != theirs.first and len(theirs_words[place]) < 2:
                    continue  # a middle initial: only a first given name has one asked
                pins = [(ours.first, place)]
                if (ours.family_first or theirs.family_first) and ours.family is not None \
                        and theirs.family is not None:
                    pins.append((ours.family, theirs.family))
                if pins not in pinnings:
                    pinnings.append(pins)
    return pinnings


# Letters no name holds, standing for a word asked and the byline's word it must be
# (`_pinned`): one each for the first given name and the family name.
_PIN_MARKS = ("\u0298", "\u01c1")  # ʘ, ǁ


def _pinned(asked: list[str], name: str, spans: list[tuple[int, int]],
            pins: list[tuple[int, int]]) -> tuple[list[str], str] | None:
    """The words asked and the folded byline `name` with each pinned pair (`_pinnings`)
    written as a mark of its own on both sides, which pairs with nothing else, as long as
    the word it stands for (one letter, an initial, or more; a word cut short keeps its
    `*`): `_words_paired` then pairs them together as the words themselves would pair.
    None when a pinned pair does not pair (`_pairs`). `spans`: where its words are."""
    marked = list(asked)
    marks: dict[int, str] = {}
    for mark, (i, j) in zip(_PIN_MARKS, pins, strict=False):
        word = name[spans[j][0]:spans[j][1]]
        if not _pairs(asked[i], word):
            return None
        stem = asked[i].removesuffix("*")
        marked[i] = mark * min(len(stem), 2) + asked[i][len(stem):]
        marks[j] = mark * min(len(word), 2)
    pieces: list[str] = []
    end = 0
    for j, mark in sorted(marks.items()):
        pieces += [name[end:spans[j][0]], mark]
        end = spans[j][1]
    return marked, "".join(pieces) + name[end:]


def _optional_pinned(asked: _Asked, theirs_words: list[str], pins: list[tuple[int, int]]
                     ) -> list[bool]:
    """`asked.optional`, but for the pinned words (`_pinnings`), never missing, and the
    later initials of a given name with a hyphen inside ("c" of "y.-c."), missing only
    when the byline's first given name, written out, holds them (`_spelled`)."""
    words = asked.words or []
    optional = list(asked.optional)
    for i, _ in pins:
        optional[i] = False
    first, theirs = pins[0]
    run = first + 1
    while run < len(words) and asked.tied[run] and _is_initial(words[run]):
        run += 1
    spelled = _is_initial(words[first]) and _spelled(theirs_words[theirs], words[first:run])
    for i, tied in enumerate(asked.tied):
        if tied and _is_initial(words[i]):
            optional[i] = spelled and first < i < run
    return optional


def _spelled(word: str, initials: list[str]) -> bool:
    """Whether a given name written without its hyphen ("yuchun") may be the one whose
    parts these initials begin ("y.-c."): it begins with the first, and holds each next
    one later, every part two letters or more ("yongpei" is no Y.-C.)."""
    if len(initials) < 2 or len(word) < 2 * len(initials) or word[0] != initials[0]:
        return False
    at = 0
    for letter in initials[1:]:
        at = word.find(letter, at + 2, len(word) - 1)
        if at < 0:
            return False
    return True


def _words_paired(asked: list[str], name: str, fewest: int, optional: list[bool]) -> bool:
    """`_words_match` for one way of reading the name asked and the byline (`_pinned`
    words): each of `asked` paired with a word of `name` of its own, but the `optional`
    ones, which may be missing (`_middle_missing`); `fewest` is `_fewest_words(optional)`."""
    left = _NAME_WORD.findall(name)
    if len(left) < fewest:
        return False  # too few words however it goes (most names: a quick no)
    rest = _not_whole(asked, left)
    if len(rest) == len(asked):
        return False  # most names that pass the quick no
    hyphened = _hyphened(name) if "-" in name else []
    if hyphened:  # (no quick way: the words found whole may be a hyphenated name's)
        if _hyphened_assigned(asked, _NAME_WORD.findall(name), hyphened):
            return True
    elif len(left) >= len(rest) and _assigned([asked[i] for i in rest], left):
        return True
    return _middle_missing(asked, name, len(asked) - len(rest), optional)


def _hyphened(name: str) -> list[list[int]]:
    """The places, among the `_NAME_WORD`s of the folded `name`, of the parts of each
    name with a hyphen inside it ("yu-chiang wang": [[0, 1]])."""
    groups: list[list[int]] = []
    end = -1
    for i, word in enumerate(_NAME_WORD.finditer(name)):
        if i and name[end:word.start()] == "-":
            if groups and groups[-1][-1] == i - 1:
                groups[-1].append(i)
            else:
                groups.append([i - 1, i])
        end = word.end()
    return groups


def _hyphened_assigned(asked: list[str], words: list[str], hyphened: list[list[int]]
                       ) -> bool:
    """Whether each of `asked` `_pairs` with a word of its own among a byline's `words`
    when a name with a hyphen inside it (`hyphened`: its parts' places) is one name: each
    of its parts paired, in order ("Yu Chiang Wang", "Y. C. Wang" and "YC Wang" find
    Yu-Chiang Wang, as "Yu-Chiang Wang" does; "Y. C. Wang" is not Chun-Yi Wang), or none
    but the first, by an initial or a word cut short ("Y. Wang", "Wang Yu*"): "Yu Wang",
    "Chiang Wang" and "Ji Wen" (Ji-Ran Wen) find no one here. Nor is it a whole name
    asked when the byline has other names ("Jun Li" is not Jun-Li Zhang; "DeepFjord AI"
    is "DeepFjord-AI"). The byline without its hyphens (`joined_spelling`) is another name
    `--author` looks in ("Yuchiang Wang")."""
    named = sum(w not in _SUFFIXES for w in words)
    return _hyphened_read(asked, words, hyphened, list(range(len(asked))),
                          set(range(len(words))), set(), named)


def _hyphened_read(asked: list[str], words: list[str], hyphened: list[list[int]],
                   unpaired: list[int], free: set[int], heads: set[int], named: int
                   ) -> bool:
    """`_hyphened_assigned` with the names with a hyphen read one by one: whole (its
    first part a head, which only an initial or a word cut short may pair with) or each
    of its parts paired with an asked word still `unpaired`, in order; then a matching
    of the asked words left with the `free` words (a few ways each: a name has few
    words)."""
    if not hyphened:
        left = [words[j] for j in sorted(free)]
        head = [j in heads for j in sorted(free)]
        return _matching(len(unpaired), len(left), lambda i, j: (
            (not head[j] or _is_initial(asked[unpaired[i]])
             or asked[unpaired[i]].endswith("*"))
            and _pairs(asked[unpaired[i]], left[j])))
    group, later = hyphened[0], hyphened[1:]
    if _hyphened_read(asked, words, later, unpaired, free - set(group[1:]),
                      heads | {group[0]}, named):
        return True
    if len(group) >= len(asked) and len(group) < named:
        return False  # every word asked in one name of several the byline has
    for chosen in combinations(unpaired, len(group)):
        if all(_pairs(asked[i], words[j]) for i, j in zip(chosen, group, strict=True)) \
                and _hyphened_read(asked, words, later,
                                   [i for i in unpaired if i not in chosen],
                                   free - set(group), heads, named):
            return True
    return False


def _not_whole(asked: list[str], left: list[str]) -> list[int]:
    """The places of the `asked` words not found whole among a byline's words `left`,
    which loses the words found: the same word first, then a word cut short
    (`_cut_word`) as a word of two letters or more it begins. Never a worse choice than
    another pairing: only an initial asked may pair with such a word too, and it pairs
    with any other the cut word begins."""
    rest: list[int] = []
    for i, word in enumerate(asked):
        if len(word) > 1 and word in left:
            left.remove(word)
        else:
            rest.append(i)
    cut = next((i for i in rest if asked[i].endswith("*")), None)  # (one word at most)
    if cut is not None:
        stem = asked[cut][:-1]
        held = next((w for w in left if len(w) > 1 and w.startswith(stem)), None)
        if held is not None:
            left.remove(held)
            rest.remove(cut)
    return rest


def _middle_missing(asked: list[str], name: str, found: int, optional: list[bool]) -> bool:
    """Whether `_words_match` finds `name` with some `_optional` words of `asked`
    missing, `found` of them found whole (the rules are `_words_match`'s)."""
    left = [w for w in _NAME_WORD.findall(name) if w not in _SUFFIXES]
    rest = _not_whole(asked, left)  # as `_words_match` found them
    missing = len(rest) - len(left)  # every word left is one asked: a perfect matching
    if missing <= 0 or found + sum(len(w) > 1 for w in left) < 2:
        return False
    initials = [i for i in rest if _is_initial(asked[i])]
    for lacked in combinations([i for i in rest if optional[i]], missing):
        kept = [i for i in initials if i not in lacked]
        if kept and any(i < kept[-1] for i in lacked if i in initials):
            continue  # an initial missing before one found: not a middle one
        if _assigned([asked[i] for i in rest if i not in lacked], left):
            return True
    return False


def _assigned(asked: list[str], words: list[str]) -> bool:
    """Whether each of `asked` `_pairs` with a word of its own among `words`."""
    return _matching(len(asked), len(words), lambda i, j: _pairs(asked[i], words[j]))


def _matching(count: int, size: int, pairs: Callable[[int, int], bool]) -> bool:
    """Whether each of `count` things pairs (`pairs(i, j)`) with one of `size` others of
    its own (a bipartite matching: Kuhn's augmenting paths, a few words each side)."""
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in range(size):
            if j in seen or not pairs(i, j):
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    return all(place(i, set()) for i in range(count))


# What stands between two words of a name (a space, a hyphen, a dot: no apostrophe).
_NAME_GAP = re.compile(r"\w[^\w']+\w")


class _Asked(NamedTuple):
    """A name `--author` asks for, as `_authors_pass` compares it."""

    folded: str  # `fold_name`d, without a trailing `*` (`cut_name`)
    words: list[str] | None  # `_name_words`, None: the name whole (`_held_from_a_word`)
    fewest: int  # `_fewest_words(optional)`
    bounded: bool  # of several words: held only as whole words (`_held_from_a_word`)
    optional: list[bool]  # `_optional(words)`
    cut: bool  # typed with a trailing `*` (`cut_name`): its last word may be cut short
    tied: list[bool]  # each word a later part of a given name with a hyphen (`_tied_words`)
    readings: tuple[_Reading, ...]  # `_asked_readings`: where its given and family names are


def cut_name(name: str) -> tuple[str, bool]:
    """A `--author` NAME without a trailing `*`, and whether it had one: "jose ram*"
    asks for a name whose last word begins "ram" (José Ramírez), as `-k diffus*` does
    for a word. Anywhere else a `*` is no letter of a name, so it parts words; and `*`
    alone (refused on the command line, by MCP and in a watch written by hand) is no
    name cut short to nothing, which every author would hold: it would find no one."""
    bare = name.rstrip().rstrip("*").rstrip()
    return (bare, True) if bare and bare != name.rstrip() else (name, False)


@lru_cache(maxsize=64)
def _asked_names(names: Words) -> tuple[_Asked, ...]:
    """Each name asked in each of its `_spellings`. A name of several words with
    initials run together is read by its `initials_spelling` alone ("Marco AF Pimenteira"
    has two initials, not a name Af), or its `_given_initials` when they are its given
    name ("YC Wang" is "Y.-C. Wang", not a name Yc that "Y. Wang" would be), and as typed
    only whole."""
    asked: list[_Asked] = []
    for given in names:
        name, cut = cut_name(given)
        for spelled in (name, e_spelling(name)):
            if spelled is None:
                continue
            folded = fold_name(spelled)
            apart = initials_spelling(spelled)
            if apart is not None and _name_words(folded) is not None:
                asked.append(_Asked(folded, None, 0, True, [], cut, [], ()))
                folded = fold_name(_given_initials(spelled) or apart)
            joined = joined_spelling(spelled)
            asked.append(_asked(folded, joined is not None, cut))
            if joined is not None:  # "Ying-Cun Chen" asked is "Yingcun Chen" too
                asked.append(_asked(fold_name(joined), False, cut))
            glued = particle_spelling(spelled)
            if glued is not None:  # "Le Brun" asked is "LeBrun" too, a whole word
                asked.append(_asked(fold_name(glued), False, cut)._replace(bounded=True))
    return tuple(asked)


def _asked(folded: str, hyphened: bool, cut: bool) -> _Asked:
    """A folded name asked, read once for every byline it is compared with (`hyphened`:
    written with a hyphen inside, so no spelled-out word of it is `_optional`; `cut`:
    typed with a trailing `*`)."""
    read = _name_reading(folded)
    words, tied, comma = read or (None, [], False)
    if words is not None and cut:
        _cut_word(folded, words)
    optional = [] if words is None else _optional(words, hyphened)
    return _Asked(folded, words, _fewest_words(optional) if words else 0,
                  _NAME_GAP.search(folded) is not None, optional, cut, tied,
                  _asked_readings(tied, comma) if words else ())


def _cut_word(folded: str, words: list[str]) -> None:
    """Mark with a `*` the word of a name asked with a trailing `*` that is cut short in
    its `_name_words`: the word typed last ("ram" of "jose ram*", "jo" of "ramirez,
    jo*"), two letters or more (one is an initial already: "jose r*" is "jose r")."""
    _family, comma, given = folded.partition(",")
    typed = _NAME_WORD.findall(given) if comma else []
    if typed:  # given names go first: the n-th time the word is in them
        nth = typed.count(typed[-1])
        places = [i for i, w in enumerate(words) if w == typed[-1]][:nth]
    else:
        typed = _NAME_WORD.findall(folded)
        places = [i for i, w in enumerate(words) if w == typed[-1]]
    if places and len(typed[-1]) > 1:  # (none: a suffix, left out)
        words[places[-1]] += "*"


def _inside_a_word(text: str, at: int) -> bool:
    """Whether the place before `text[at]` is inside one of its `_NAME_WORD`s, or a name
    with a hyphen inside it: a letter or digit on each side, or an apostrophe or hyphen
    between two ("d'antonio" is one word, "yu-chiang" one name)."""
    before, after = text[at - 1:at], text[at:at + 1]
    if before in ("'", "-"):
        return text[at - 2:at - 1].isalnum() and after.isalnum()
    if after in ("'", "-"):
        return before.isalnum() and text[at + 1:at + 2].isalnum()
    return before.isalnum() and after.isalnum()


def _held_from_a_word(asked: str, name: str, cut: bool = False) -> bool:
    """Whether the folded `name` holds the folded name of several words asked as whole
    words: "wei zhang" is not in "Fenwei Zhang" nor "jun li" in "Ruojun Li" or "Jun
    Liu" (other people: Chinese family names differ by a letter, Li, Liu, Lin, Liang),
    nor "wang yu" in "Wang Yu-Chiang" (a name with a hyphen inside it is one name).
    `cut` (a trailing `*` typed): its last word may be cut short ("jose ram*" finds
    José Ramírez, "jun li*" Jun Liu). A name of one word is held anywhere ("fengino",
    "engi")."""
    at = name.find(asked)
    while at >= 0 and (_inside_a_word(name, at)
                       or (not cut and _inside_a_word(name, at + len(asked)))):
        at = name.find(asked, at + 1)
    return at >= 0


def _held_first(asked: _Asked, name: str) -> bool:
    """Whether the folded `name` holds the folded name asked with no word before it, as
    whole words (its last cut short after a `*`: "author 1*" is "Author 12", where a
    digit is no initial for `_words_match` to pair), so the first given name is the
    byline's first word: "j. li" is not held by "abner j. li" (`_words_match`'s rule,
    which finds a given name spelled out in other places)."""
    at = name.find(asked.folded)
    return at >= 0 and _NAME_WORD.search(name, 0, at) is None and (
        asked.cut or not _inside_a_word(name, at + len(asked.folded)))


def _authors_pass(names: Words, paper: Paper) -> bool:
    """Whether an author name of the paper is a name asked: a name of one word held
    anywhere in it, one of several its words (`_words_match`) or its text from the
    name's start (`_held_first`), or as typed whole (`_held_from_a_word`) when it has
    initials run together ("DP Kingstra")."""
    folded = author_names(paper)
    for asked in _asked_names(names):
        if asked.words is not None:
            if any(_held_first(asked, n) or _words_match(asked, n) for n in folded):
                return True
        elif any(asked.folded in n and (not asked.bounded or _held_from_a_word(
                asked.folded, n, asked.cut)) for n in folded):
            return True
    return False


def _needles(names: Words) -> list[list[str]]:
    """Groups of text, all of one group held by any author name that `_authors_pass`
    keeps (SQL's `_authors_prefilter` looks for them): for a name of one word, the
    folded name; for several, one group per word of two letters or more (`_words_match`
    needs one such whole): it and the first letter of the longest other such word a
    byline never lacks (`_optional`: found whole or as a byline's initial). Text is cut
    into `_SQL_PIECE`s: the library holds the name as written, where `fold_name` reads
    any apostrophe as the ASCII one and drops a space between CJK letters (and SQL's
    `fold_held` holds an umlaut's `e_spelling` too), and without hyphens, as `_holds`
    looks in text without them, nor spaces (a `joined_spelling`'s and a
    `particle_spelling`'s words are found so). A name looked for whole is looked for a
    word at a time: "Y Y" is held by the byline "Y, Y" read as it is written
    (`written_first_spelling`), which does not hold the two words side by side."""
    found: list[list[str]] = []
    for asked_name in _asked_names(names):
        asked = asked_name.folded
        words = asked_name.words or []
        optional = _optional(words)
        whole = [(i, w) for i, w in enumerate(words) if len(w) > 1]
        if not whole:
            found.append(asked.split() or [asked])
        for i, word in whole:  # (a word cut short, `_cut_word`: held as typed)
            other = max((w for j, w in whole if j != i and not optional[j]), key=len,
                        default=None)
            stem = word.rstrip("*")
            found.append([stem] if other is None else [stem, other[0]])
    return [[piece.replace("-", "").replace(" ", "") for text in group
             for piece in _sql_pieces(text)] or [""] for group in found]


def _sql_pieces(text: str) -> list[str]:
    """`text` as `_SQL_PIECE`s (ASCII text has no CJK letter: its runs between
    apostrophes, with no expression to compile)."""
    if text.isascii():
        return [piece for piece in text.split("'") if piece]
    return cjk_pattern(_SQL_PIECE).findall(text)


# A name of more words than this (never a real one) is not paired in the search index
# (`name_pairs`): it stands for every pair, and Python checks it.
PAIRED_WORDS = 12
MANY_WORDS = "*"  # its term (no pair holds it: a pair is two words)


def name_pairs(name: str) -> list[str]:
    """The search index's pairs of a folded author name (`_authors_index`): each word of
    two letters or more, a space, and another of its words ("fengino y" of "Y. Fengino",
    "yorick fengino" and "fengino yorick" of "Yorick Fengino"). A name of one word has none;
    one of more than PAIRED_WORDS words has MANY_WORDS alone."""
    words = _NAME_WORD.findall(name)
    if len(words) > PAIRED_WORDS:
        return [MANY_WORDS]
    return [f"{w} {v}" for i, w in enumerate(words) if len(w) > 1
            for j, v in enumerate(words) if i != j]


def _pair_terms(words: list[str]) -> list[tuple[Any, ...]]:
    """Index terms (`name_pairs`) that every author name `_words_match` finds for these
    asked words has one of: for each word of two letters or more (one of them is found
    whole), it and the longest other asked word a byline never lacks (`_optional`), or
    else each other word: whole or as a one-letter word (a word of two letters or more
    is found so), or any word it begins (an initial asked, a word cut short). A word cut
    short (`_cut_word`) is found whole as any word it begins: a regular expression (a
    walk of the pairs it begins) in place of the terms."""
    specs: list[tuple[Any, ...]] = [("terms", "author_pair", [MANY_WORDS])]
    optional = _optional(words)
    for i, word in enumerate(words):
        if len(word) < 2 or word in words[:i]:
            continue
        others = [j for j in range(len(words)) if j != i]
        fixed = [j for j in others if not optional[j]]
        for j in [max(fixed, key=lambda j: len(words[j]))] if fixed else others:
            other = words[j]
            if word.endswith("*"):
                then = (f"({_exactly(other)}|{_exactly(other[0])})" if len(other) > 1
                        else f"{_exactly(other)}.*")
                specs.append(("regex", "author_pair",
                              f"(?s){_exactly(word[:-1])}[^ ]* {then}"))
            elif other.endswith("*"):
                specs += [("prefix", "author_pair", f"{word} {other[:-1]}"),
                          ("terms", "author_pair", [f"{word} {other[0]}"])]
            elif len(other) > 1:
                specs.append(("terms", "author_pair", [f"{word} {other}",
                                                        f"{word} {other[0]}"]))
            else:
                specs.append(("prefix", "author_pair", f"{word} {other}"))
    return specs


def _exactly(text: str) -> str:
    """`text` in a regular expression of the search index, matching just it: ASCII letters
    and digits as they are, any other character by its code point (none is special
    then, as in db.textquery's own)."""
    return "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in text)


def fold_held(text: str) -> str:
    """A library column's text as SQL's `_holds` looks in it (`papercli_fold`): folded
    (`fold`), and with ä, ö or ü also folded in its `e_spelling`, so "juergen" is found
    in "Jürgen" (and "maehlenbuehl" in "Mählenbuehl"), without hyphens or spaces
    ("yingcun" is found in "Ying-Cun", "lebrun" in "Le Brun": `_needles` have none)."""
    spelled = e_spelling(text)
    held = fold(text) if spelled is None else f"{fold(text)}\n{fold(spelled)}"
    return held.replace("-", "").replace(" ", "")


def _holds(column: str, needle: str) -> str:
    """SQL: whether a JSON text column could hold `needle` (one argument, given twice).
    Plain ASCII text folds as SQLite's `lower` lowers it, so there the folded name is
    looked for in C (without hyphens or spaces, as `fold_held` holds it); only text with other
    characters (5% of real papers) calls Python's `fold_held` (case folding and accents
    both act letter by letter, so the whole JSON text folded holds each name folded),
    and text with a JSON escape other than a quote's always passes."""
    escaped = f"instr(replace({column}, char(92, 34), ''), char(92)) > 0"  # \" aside
    return (f"(instr(replace(replace(lower({column}), '-', ''), ' ', ''), ?) > 0 OR "
            f"{escaped} OR "
            f"(length({column}) < "
            f"length(CAST({column} AS BLOB)) AND instr(papercli_fold({column}), ?) > 0))")


def _authors_prefilter(names: Words, a: str) -> Sql:
    """Rows whose authors or authors' accounts (`_holds`) could hold a name
    `_authors_pass` finds (every needle of one of its `_needles` groups), so no paper
    it keeps is left out; an account is stored without its "@". A name with a character
    JSON escapes (a quote) passes every row."""
    groups = _needles(names)
    if any(c in '"\\' or ord(c) < 32 for group in groups for name in group for c in name):
        return "1", []
    terms: list[str] = []
    args: list[object] = []
    for group in groups:
        bare = [needle.removeprefix("@") for needle in group]
        terms.append(
            f"(({' AND '.join(_holds(f'{a}.authors', n) for n in group)}) OR "
            f"({a}.author_accounts != '[]' AND "
            f"{' AND '.join(_holds(f'{a}.author_accounts', n) for n in bare)}))")
        args += [n for n in group for _ in (0, 1)] + [n for n in bare for _ in (0, 1)]
    return "(" + " OR ".join(terms) + ")", args


# The longest name (UTF-8 bytes, folded) `--author` asks the search index for: its
# regular expression must stay under tantivy's 1,000 states (about 480 bytes). A longer
# one, longer than real names, is checked in Python (`_authors_prefilter`, `passes`).
INDEX_NAME_BYTES = 400


def _authors_index(names: Words) -> tuple[Any, ...] | None:
    """The papers with an author term holding a name (a regular expression: one walk of
    the names), and, for a name of several words, with one of its word pairs
    (`_pair_terms`: a look-up each, where a regular expression of the words in any order,
    whole or initials, would walk the names once per word)."""
    specs: list[tuple[Any, ...]] = []
    for asked_name in _asked_names(names):
        asked, words = asked_name.folded, asked_name.words
        if len(asked.encode()) > INDEX_NAME_BYTES:
            return None
        specs.append(("holding", "author", (asked,)))
        if words is not None and any(len(w) > 1 for w in words):
            specs += _pair_terms(words)
    return ("any", specs)


def _authors_exact(names: Words) -> bool:
    """Whether `_authors_index` finds just the papers that pass: not when a name has
    words that may stand apart (`_words_match`: Python confirms)."""
    return all(_name_words(fold_name(cut_name(name)[0])) is None for name in names)


def _orgs_pass(orgs: Words, paper: Paper) -> bool:
    mine = {(paper.org_name or "").casefold(), (paper.org_fullname or "").casefold()}
    return any(o.casefold() in mine for o in orgs)


def _orgs_sql(orgs: Words, a: str) -> Sql:
    """The papers of these organizations, looked for among those that name one (the
    papers_org index, schema._m011_organization_index, holds just them and both names):
    not a read of every row of the library."""
    folded: list[object] = [o.casefold() for o in orgs]
    return (f"{a}.rowid IN (SELECT rowid FROM papers "
            "WHERE (org_name IS NOT NULL OR org_fullname IS NOT NULL) "
            f"AND (casefold(org_name) IN ({_marks(orgs)}) "
            f"OR casefold(org_fullname) IN ({_marks(orgs)})))", folded + folded)


# A Hub username as typed: spaces and a leading "@" (as in "@user") trimmed, over and over
# ("@ @user", "@\ruser"), so that tidying a tidied name changes nothing: a watch read back
# from config.toml is tidied again and must be the one that was saved.
_SUBMITTER_EDGES = re.compile(r"^[\s@]+|\s+$")


def _submitters_pass(names: Words, paper: Paper) -> bool:
    who = (paper.submitter or "").casefold()
    return bool(who) and any(s.casefold() == who for s in names)


def _resolve_families(session: Session, names: Words) -> Words:
    """Canonical family names for what was typed (aliases, any case)."""
    from papercli.families import UnknownFamily

    canonical: list[str] = []
    for name in names:
        try:
            resolved = session.matcher.resolve(name)
        except UnknownFamily as exc:
            raise exc.usage() from None
        if resolved not in canonical:
            canonical.append(resolved)
    return tuple(canonical)


SOURCE_NAMES = ("hf", "arxiv")  # models.SOURCES, in the order help shows them
# How a caption says a source: the values stay `hf`/`arxiv` (options, config, JSON), but
# a title line read "from arxiv" and "from hf" where every other line says arXiv, the Hub.
# What each source's filter keeps, as a title and a no-match line say it: "from the Hub"
# read as where the papers were fetched from ("Library · source hf … · from the Hub"
# over "from the local library"), not what they were seen by.
SOURCE_WORDS = {"hf": "listed on Daily Papers", "arxiv": "from arXiv"}
_PATTERN = re.compile(r"[A-Za-z][A-Za-z.\-]*\*")  # a category prefix: cs.*, astro-ph*


def _resolve_sources(_session: Session, names: Words) -> Words:
    for name in names:
        if name not in SOURCE_NAMES:
            from papercli.errors import quoting_shorter
            from papercli.redaction import redact  # (a token cut short is not one to hide)

            def said(shown: str) -> str:
                return f"unknown source {shown}"

            # (a name of 18 letters made 81 columns, a pasted page's 60 made 123)
            error = UsageError(said(quoted(name)),
                               hint="the sources are " + " and ".join(SOURCE_NAMES))
            error.shorter = quoting_shorter(said, redact(name), error.hint, [
                (said, "use " + " or ".join(SOURCE_NAMES))])
            raise error
    return names


def _resolve_categories(_session: Session, names: Words) -> Words:
    """arXiv categories or archives in their canonical spelling (an unknown one names the
    close ones), or prefixes ending in `*` (`cs.*`); a comma list counts as several. An
    archive merged away before 2007 (`cmp-lg`) is known too: old papers still list it."""
    from papercli.sources import arxiv_taxonomy

    legacy = {name.casefold(): name for name in arxiv_taxonomy.LEGACY_ARCHIVES}
    out: list[str] = []
    for given in names:
        for name in (n.strip() for n in given.split(",")):
            if not name:
                continue
            if "*" in name:
                if not _PATTERN.fullmatch(name):
                    # ("— a category pattern is a prefix and a *, e.g. cs.*": 95 columns)
                    hint = "use a prefix and a *, e.g. cs.*"
                    error = UsageError(f"bad category pattern {quoted(name)}", hint=hint)
                    error.shorter = [(f"bad category pattern {quoted(name, cut)}", said)
                                     for said in (hint, "e.g. cs.*") for cut in (20, 16)]
                    raise error
                found = [name]
            elif name.casefold() in legacy:
                found = [legacy[name.casefold()]]
            else:  # (`cs.CL+cs.CV`, as a feed's address has it, is both; `+` alone none)
                found = arxiv_taxonomy.validate([name])
                if not found:
                    raise UsageError(f"no category in {quoted(name)}",
                                     hint="give one, e.g. cs.CL")
            out.extend(f for f in found if f not in out)
    return tuple(out)


def _category_word(text: str) -> str:
    """A --category value as kept: "" for separators alone (`,`, `' , '`), which name no
    category, so that the value is refused as `''` is (it filtered nothing, listing every
    paper without a word)."""
    word = _word(text)
    return word if word.strip(", ") else ""


def _categories_pass(names: Words, paper: Paper) -> bool:
    from papercli.sources import arxiv_taxonomy

    return any(arxiv_taxonomy.matches(n, paper.categories) for n in names)


def _categories_sql(names: Words, a: str) -> Sql:
    """The same in SQL, over the space-separated column (LIKE is ASCII case-blind, as
    `arxiv_taxonomy.matches` is; the names hold no LIKE wildcards but the `*`)."""
    from papercli.sources import arxiv_taxonomy

    terms: list[str] = []
    args: list[object] = []
    for name in names:
        if name.endswith("*"):
            likes = [f"% {name[:-1]}%"]
        elif name in arxiv_taxonomy.ARCHIVES:
            likes = [f"% {name} %", f"% {name}.%"]
        else:
            likes = [f"% {name} %"]
        terms += [f"(' ' || {a}.categories || ' ') LIKE ?" for _ in likes]
        args += likes
    return "(" + " OR ".join(terms) + ")", args


def _day_number(d: date) -> int:
    """A day as the search index keeps it (20240131)."""
    return d.year * 10000 + d.month * 100 + d.day


def _categories_index(names: Words) -> tuple[Any, ...]:
    """Categories in the index: each one, folded, and its archive (`cs` for cs.CL)."""
    from papercli.sources import arxiv_taxonomy

    specs: list[tuple[Any, ...]] = []
    for name in names:
        folded = name.casefold()
        if name.endswith("*"):
            specs.append(("regex", "category", re.escape(folded[:-1]) + ".*"))
        elif name in arxiv_taxonomy.ARCHIVES:
            specs.append(("terms", "archive", [folded]))
        else:
            specs.append(("terms", "category", [folded]))
    return ("any", specs)


def _the_words(verb: str, words: Words, between: str) -> str:
    """"contains the word moe", "contains the words moe and lora"."""
    return f"{verb} the word{'s' if len(words) > 1 else ''} {between.join(words)}"


def _dates_in_order(values: Mapping[str, Any]) -> None:
    dates_in_order(values.get("since"), values.get("until"))


def dates_in_order(start: date | None, end: date | None, since: str = "--since",
                   until: str = "--until") -> None:
    """A range that ends before it starts is a usage error, naming its ends as given: the
    options (`--since 2024-06-01`), or search qualifiers as typed (`since:2024-06-01`).
    The one home of its line: search, trends and sync all say it through here."""
    if start and end and start > end:
        def said(name: str, day: date) -> str:
            return f"{name}{day}" if name.endswith(":") else f"{name} {day}"

        raise UsageError(f"{said(since, start)} is after {said(until, end)}",
                         hint="swap the dates")


class StarredIds(frozenset[str]):
    """`--starred`'s value (and `--noted`'s): the ids it keeps, true even when there are
    none (the filter is on, and passes nothing)."""

    def __bool__(self) -> bool:
        return True


class TagWords(tuple[str, ...]):
    """`--tag`'s value: the tags (all of them must be on a paper), carrying the ids of the
    papers that have them all, read from the user database once when the filter is made:
    the predicate and the SQL term then test membership in a small set."""

    ids: frozenset[str]

    def __new__(cls, tags: Iterable[str], ids: Iterable[str] = ()) -> TagWords:
        self = super().__new__(cls, tuple(tags))
        self.ids = frozenset(ids)
        return self


def tagged_ids(value: tuple[str, ...]) -> frozenset[str]:
    """The tagged ids a `--tag` value carries (none for a bare tuple: nothing passes)."""
    return value.ids if isinstance(value, TagWords) else frozenset()


class ModelsUnknown:
    """`has_model`'s other value, never an option's: the papers whose count of linked
    models is not known yet (their pages never fetched), which `--has-model` leaves out
    and a note counts (`views.unknown_models`)."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "MODELS_UNKNOWN"


MODELS_UNKNOWN = ModelsUnknown()


def _models_pass(value: object, paper: Paper) -> bool:
    if value is MODELS_UNKNOWN:
        return paper.num_models is None
    return paper.num_models is not None and paper.num_models > 0


def _in_json(ids: Any, alias: str) -> Sql:
    """`id IN` a set of ids, as one JSON argument (no limit on SQL variables)."""
    import json

    return f"{alias}.id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(ids))]


def _your_marks(key: str, help: str, words: str, says: str,
                ids: Callable[[Session], frozenset[str]],
                kind_of: str | None = None) -> Criterion:
    """A flag keeping the papers that carry one of your marks (`--starred`, `--noted`): the
    marked ids read once, when the filter is made, then tested as a set (Python, SQL and
    the search index alike)."""
    return Criterion(
        key, key, (f"--{key}",), "flag", help, None,
        passes=lambda marked, p: p.id in marked,
        sql=_in_json,
        words=lambda _: words, says=lambda _: says,
        kind_of=lambda _: kind_of,
        resolve=lambda session, _on: StarredIds(ids(session)),
        index_term=lambda marked: ("terms", "id", sorted(marked)),
        qualifiers=(f"is:{key}",),
    )


# -- the table ---------------------------------------------------------------------------
# In option order (listing help, titles); `watch_rank` orders `papers watch add`.

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "family", "families", ("--family", "-F"), "words",
        "Only papers naming this model family (repeatable: any of).", "NAME",
        passes=lambda wanted, p: any(f.lower() in {w.lower() for w in wanted}
                                     for f in p.families),
        sql=lambda wanted, a: (
            f"{a}.id IN (SELECT paper_id FROM paper_families WHERE family IN "
            f"({_marks(wanted)}))", list(wanted)),
        words=lambda v: "family " + " or ".join(v),
        says=lambda v: "names family " + " or ".join(v),
        watch_help="A model family (repeatable: any of).", watch_rank=2,
        resolve=_resolve_families,
        index_term=lambda wanted: ("terms", "family", [w.casefold() for w in wanted]),
    ),
    Criterion(
        "keyword", "keywords", ("--keyword", "-k"), "words",
        "Only papers containing WORD as a whole word (repeatable: all of).", "WORD",
        passes=lambda words, p: _all_words(words, _text(p)),
        words=lambda v: "keyword " + " and ".join(v),
        says=lambda v: _the_words("contains", v, " and "),
        watch_help="WORD as a whole word in title, abstract or AI keywords "
                   "(repeatable: all of).", watch_rank=1,
        index_term=lambda words: ("words", tuple(words)), index_exact=False,
    ),
    Criterion(
        "exclude", "excludes", ("--exclude", "-x"), "words",
        "Drop papers containing WORD or its plural (repeatable).", "WORD",
        passes=lambda words, p: not _any_form(words, _text(p)),
        words=lambda v: "excluding " + ", ".join(v),
        says=lambda v: _the_words("lacks", v, " and "),
        watch_help="Drop papers containing WORD or its plural (repeatable).", watch_rank=4,
        narrows=False,
    ),
    Criterion(
        "author", "authors", ("--author", "-a"), "words",
        "Only papers with an author name, or an author's Hub account (@name), "
        "containing NAME, whole words if several; a trailing * lets the last be cut "
        "short (repeatable: any of).", "NAME",
        passes=_authors_pass, prefilter=_authors_prefilter,
        words=lambda v: "author " + " or ".join(v),
        says=lambda v: "is by " + " or ".join(v),
        watch_help="An author name, or an author's Hub account (@name), contains NAME, "
                   "whole words if several; a trailing * lets the last be cut short "
                   "(repeatable: any of).", watch_rank=3,
        index_term=_authors_index, index_exact=_authors_exact,
        qualifiers=("author", "au"),
    ),
    Criterion(
        "since", "since", ("--since",), "date",
        "Only papers whose arXiv date is DATE or later (YYYY-MM-DD; a month YYYY-MM or aug "
        "2026, a year YYYY or an ISO week YYYY-Www from its first day; yesterday, last "
        "week; or back from today: 7d, 2w, 3mo, 1y).",
        "DATE",
        passes=lambda d, p: (days := p.shown_days) is not None and days[1] >= d.isoformat(),
        sql=lambda d, a: (f"{_last_day(a)} >= ?", [d.isoformat()]),
        words=lambda d: f"since {d.isoformat()}",
        says=lambda d: f"is dated {d.isoformat()} or later",
        index_term=lambda d: ("range", "day", _day_number(d), None),
    ),
    Criterion(
        "until", "until", ("--until",), "date",
        "Only papers whose arXiv date is DATE or earlier (a month, year or week: to its "
        "last day).", "DATE",
        passes=lambda d, p: (days := p.shown_days) is not None and days[0] <= d.isoformat(),
        sql=lambda d, a: (f"{_first_day(a)} <= ?", [d.isoformat()]),
        words=lambda d: f"until {d.isoformat()}",
        says=lambda d: f"is dated {d.isoformat()} or earlier",
        index_term=lambda d: ("range", "day", None, _day_number(d)),
        check=_dates_in_order,
    ),
    Criterion(
        "min_upvotes", "min_upvotes", ("--min-upvotes",), "count",
        "Only papers with at least N upvotes.", "N",
        passes=lambda n, p: p.upvotes >= n,
        sql=lambda n, a: (f"{a}.upvotes >= ?", [n]),
        words=lambda n: f"≥{number(n)} upvotes",
        says=lambda n: f"has at least {plural(n, 'upvote')}",
        watch_help="At least N upvotes.", watch_rank=5,
        on=bool,  # 0 asks for nothing (every paper has at least 0 upvotes)
        index_term=lambda n: ("range", "upvotes", n, None),
        qualifiers=("upvotes",),  # GitHub's way: upvotes:>=50 (`search.least_count`)
    ),
    Criterion(
        "org", "orgs", ("--org",), "words",
        "Only papers of this organization: Hub name or display name, any case "
        "(repeatable: any of).", "NAME",
        passes=_orgs_pass, sql=_orgs_sql,
        words=lambda v: "org " + " or ".join(v),
        says=lambda v: "is from org " + " or ".join(v),
        watch_help="An organization: Hub name or display name, any case (repeatable: any "
                   "of).",
        watch_rank=6, index_term=lambda orgs: ("terms", "org", [o.casefold() for o in orgs]),
    ),
    Criterion(
        "has_code", "has_code", ("--has-code",), "flag",
        "Only papers with a code repository.", None,
        passes=lambda _, p: bool(p.github_repo),
        sql=lambda _, a: (f"{a}.github_repo IS NOT NULL", []),
        words=lambda _: "with code",
        says=lambda _: "has a code repository",
        watch_help="With a code repository.", watch_rank=7,
        index_term=lambda _: ("range", "code", 1, None), qualifiers=("has:code",),
    ),
    Criterion(
        "min_stars", "min_stars", ("--min-stars",), "count",
        "Only papers whose code repository has at least N GitHub stars.", "N",
        passes=lambda n, p: p.github_stars is not None and p.github_stars >= n,
        sql=lambda n, a: (f"{a}.github_stars >= ?", [n]),
        words=lambda n: f"≥{number(n)} stars",
        says=lambda n: f"has at least {plural(n, 'GitHub star')}",
        watch_help="A code repository with at least N GitHub stars.", watch_rank=8,
        index_term=lambda n: ("range", "stars", n, None),
        qualifiers=("stars",),  # GitHub's way: stars:>100 (`search.least_count`)
    ),
    Criterion(
        "submitter", "submitters", ("--submitter",), "words",
        "Only papers put on Daily Papers by this Hub user (repeatable: any of).", "NAME",
        passes=_submitters_pass,
        sql=lambda names, a: (f"casefold({a}.submitter) IN ({_marks(names)})",
                              [s.casefold() for s in names]),
        words=lambda v: "submitted by " + " or ".join(v),
        says=lambda v: "was submitted by " + " or ".join(v),
        watch_help="Put on Daily Papers by this Hub user (repeatable: any of).",
        watch_rank=9, tidy=lambda s: _SUBMITTER_EDGES.sub("", s),
        index_term=lambda names: ("terms", "submitter", [s.casefold() for s in names]),
    ),
    Criterion(
        "source", "sources", ("--source",), "words",
        "Only papers seen by this source: hf (Daily Papers) or arxiv (repeatable: any of).",
        "SOURCE",
        passes=lambda names, p: any(n in p.sources for n in names),
        sql=lambda names, a: ("(" + " OR ".join(
            f"instr(' ' || {a}.sources || ' ', ?) > 0" for _ in names) + ")",
            [f" {n} " for n in names]),
        words=lambda v: " or ".join(SOURCE_WORDS.get(n, n) for n in v),
        says=lambda v: "is " + " or ".join(SOURCE_WORDS.get(n, n) for n in v),
        kind_of=lambda v: "arXiv" if tuple(v) == ("arxiv",) else None,
        watch_help="Seen by this source: hf (Daily Papers) or arxiv (repeatable: any of).",
        watch_rank=10, tidy=lambda s: s.strip().casefold(), resolve=_resolve_sources,
        index_term=lambda names: ("terms", "source", list(names)),
    ),
    Criterion(
        "category", "categories", ("--category",), "words",
        "Only papers in this arXiv category or archive; cs.* for a prefix "
        "(repeatable: any of).", "CAT",
        passes=_categories_pass, sql=_categories_sql,
        words=lambda v: "category " + " or ".join(v),
        says=lambda v: "is in category " + " or ".join(v),
        watch_help="In this arXiv category or archive; cs.* for a prefix "
                   "(repeatable: any of).", watch_rank=11,
        resolve=_resolve_categories, index_term=_categories_index,
        qualifiers=("category", "cat"), tidy=_category_word,
    ),
    Criterion(
        "has_model", "has_model", ("--has-model",), "flag",
        "Only papers with a model released on the Hub (known once `papers show` has "
        "fetched the paper's page; the others are counted in a warning).", None,
        passes=_models_pass,
        sql=lambda v, a: (f"{a}.num_models IS NULL" if v is MODELS_UNKNOWN
                          else f"{a}.num_models > 0", []),
        words=lambda v: "models not known" if v is MODELS_UNKNOWN else "with models",
        says=lambda v: ("has a count of models not known yet" if v is MODELS_UNKNOWN
                        else "has a model on the Hub"),
        index_term=lambda v: (("absent", "models") if v is MODELS_UNKNOWN
                              else ("range", "models", 1, None)),
        qualifiers=("has:model",),
    ),
    _your_marks("starred", "Only papers you starred (your reading list: `papers export "
                "--starred -o stars.bib`).", "starred", "is starred",
                lambda session: session.starred_ids(), kind_of="starred"),
    _your_marks("noted", "Only papers you wrote a note on (`papers note ID`; `search WORDS` "
                "searches the notes too).", "with notes", "has a note",
                lambda session: session.noted_ids()),
    Criterion(
        "tag", "tags", ("--tag",), "words",
        "Only papers you tagged TAG or a tag under it, as video/gen is under video "
        "(repeatable: all of).", "TAG",
        passes=lambda value, p: p.id in tagged_ids(value),
        sql=lambda value, a: _in_json(tagged_ids(value), a),
        words=lambda value: "tag " + " and ".join(value),
        says=lambda value: "is tagged " + " and ".join(value),
        tidy=lambda s: s.strip(),
        resolve=lambda session, words: TagWords(*session.tagged(words)),
        index_term=lambda value: ("terms", "id", sorted(tagged_ids(value))),
    ),
)


@lru_cache(maxsize=1)
def by_qualifier() -> dict[str, Criterion]:
    """The criteria by their `name:` in a search query (`Criterion.qualifiers`), lower
    case: `org`, `au`, and a flag's with its value, `is:starred`. A qualifier is a filter
    of this table, as its option is: no list of its own to keep in step."""
    found: dict[str, Criterion] = {}
    for c in CRITERIA:
        names = c.qualifiers if c.qualifiers is not None else (
            (c.option.removeprefix("--"),) if c.kind in ("words", "date") else ())
        found.update((name, c) for name in names)
    return found
