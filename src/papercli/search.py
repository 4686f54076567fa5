"""Search: the Hub's search merged with full-text search of the local library.

The user's words never reach the index as syntax (`db.textquery.pieces`): balanced
"quoted phrases" stay phrases, `word*` is a prefix, everything else is a literal term
(all must match). A `-word` leaves out the papers holding the word, as `--exclude word`
does (`split_excluded`: taken off the query before the Hub or the index sees it). Stray
quotes, `AND`, a lone `-`, `:` and friends are plain text, so no query can fail to parse.
A qualifier that names a filter (`org:google`, `author:"Jun Li"`, `is:starred`: gh's way)
is that filter, as its option is (`qualified`: taken off the query by the views, so the
Hub is asked for the words alone); `title:` and friends are left out, their value searched.
Another search box's syntax (`NEAR(a b)`, `a W/3 b`, `word^2`, `word~2`, `"a b"~5`) is
taken off, its words searched and what was searched said (`unborrowed`). A query is read
in one place, `read_query`, whichever entry it comes by.

Filters with an index term are part of the index's query, so the local top-k is exact
under any filter (no window of candidates that a filter thins out); the others are
checked on the ranked matches page by page until the page is full.

Remote and local results are merged by reciprocal rank fusion, so a paper both sources
rank highly comes first and nothing appears twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from papercli.errors import HubError, UsageError, failed_then, fitting, quoting_shorter
from papercli.models import Paper
from papercli.sanitize import quoted, strip_controls
from papercli.words import empty_library, first_few, indexed_text

if TYPE_CHECKING:
    from papercli.db.store import Store
    from papercli.db.textquery import Hits, Stream
    from papercli.exporters import LazyPapers
    from papercli.filters import Filter, FilterOptions
    from papercli.session import Session

_WORD = re.compile(r"\w", re.UNICODE)
RRF_K = 60
REMOTE_LIMIT = 100
# Words of a query used (the rest is a paste accident); `search` says when it dropped some.
MAX_QUERY_WORDS = 64
# Ids a search looks up when it may use the network (each one the library lacks is a Hub
# request; `show -` takes any number): a list of 65 ids was not this limit's 64 words, but
# searched as words. Offline (and `export`, which never fetches) every id is looked up in
# the library: `papers export $(papers starred -q)` of 1,500 stars exported 1,000.
MAX_QUERY_IDS = 1000


CAPTION_QUERY = 200  # the most of a query a listing's title shows


def caption(query: str) -> str:
    """A search listing's title: the query, cut to CAPTION_QUERY characters with "…" (a
    pasted abstract made a 2,000-character title line, where it is only a reminder)."""
    query = " ".join(query.split())
    if len(query) > CAPTION_QUERY:
        cut = query[: CAPTION_QUERY - 1]
        space = cut.rfind(" ")
        query = (cut[:space] if space > CAPTION_QUERY // 2 else cut).rstrip() + " …"
    return f"Search: {query}"


# Typographic double quotes, as a document, a chat or a slide gives a phrase ("smart
# quotes"), and the fullwidth one of an input method: a phrase's quotes as `"` is.
_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02", '"'))


def typed(query: str) -> str:
    """The query as the words it shows: without the invisible characters a page pasted
    in (a zero-width space, word joiner, byte-order mark or soft hyphen inside a word),
    control characters and bidi controls, as `sanitize.strip_controls` leaves a title.
    Kept, they split `trans\u200bformers` in two for the index and the `-word`s, so a
    pasted query found nothing where the same word typed found its papers. Typographic
    quotes are `"` (`_QUOTES`): “visual instruction” pasted was two words found apart,
    not the phrase. Every entry (`search`, `local_search`, `qualified`) starts here, so
    the Hub, the index, the notes, the qualifiers and the `-word`s all see the same
    words (`read_query` reads the rest)."""
    return strip_controls(query).translate(_QUOTES)


# What a search box elsewhere (arXiv's ti: au: abs:) takes as a field that every search
# here covers: left out, its value searched. A field that is a filter (`org:`, `author:`,
# `is:starred`) is one of the filter table's (`criteria.by_qualifier`) and filters.
FIELDS = frozenset({"title", "ti", "abstract", "abs"})
# `word:` at the start of a piece, glued to a word after it (`ti:llava`, `Re:Search`).
_PREFIX = re.compile(r"(?<!\S)([A-Za-z]+):(?=[^\s:])")


# `word:` alone, nothing glued after it (`since:`, at the end or before a space).
_BARE = re.compile(r"(?<!\S)([A-Za-z]+):(?!\S)")


def _prefixes(query: str, pattern: re.Pattern[str] = _PREFIX) -> list[re.Match[str]]:
    """Every `word:` of `query` (`_PREFIX`) outside quotes: a quoted one is a value."""
    return list(pattern.finditer(_masked(query)))


def bare_qualifiers(query: str) -> list[str]:
    """The filter qualifiers of `query` with nothing after the colon (`since:`, `is:`), as
    typed: searched, `since:` found the papers holding the word "since"."""
    from papercli.criteria import by_qualifier

    table, flags = by_qualifier(), flag_prefixes()
    return [m.group() for m in _prefixes(query, _BARE)
            if (name := m.group(1).lower()) in table or name in flags]


def prefixed(query: str) -> list[str]:
    """Every `word:` glued to a word after it, outside quotes, as typed (`Re:Search`)."""
    return [m.group(1) for m in _prefixes(query)]


# A number as GitHub's search compares one: `stars:>100`, `stars:>=10`, `stars:10..`
# (at least), and `stars:50` (exactly), `stars:<10`, `stars:10..50`, `stars:*..10`;
# leading zeros are no digits of the number (`upvotes:>007` is 7, and a 13-digit
# `upvotes:>0001000000000` is too large, not "no count").
_COMPARED = re.compile(r"(?:([<>]=?)?0*([0-9]{1,12})(\.\.(?:\*|0*[0-9]{1,12})?)?"
                       r"|\*?\.\.0*[0-9]{1,12})")


def least_count(value: str) -> int | None:
    """The least number a count compared as GitHub's search compares one (`_COMPARED`)
    lets through when that is all it says (`>100`: 101; `>=10`, `10..`, `10..*`: 10),
    else None (`50`, which GitHub reads as exactly 50; `<10`; `10..50`): a count filter
    (`--min-stars`) holds a least count alone."""
    shape = _COMPARED.fullmatch(value)
    if shape is None or shape[2] is None or shape[1] in ("<", "<="):
        return None
    n = int(shape[2])
    if shape[1] == ">":
        return n + 1
    if shape[1] == ">=" or shape[3] in ("..", "..*"):
        return n
    return None


def compared(query: str) -> list[tuple[str, str]]:
    """Each `word:` of `query` outside quotes glued to a number or a comparison with one
    (`_COMPARED`), as typed: the word and the whole qualifier."""
    out = []
    for m in _prefixes(query):
        value, end = _value_at(query, m.end())
        if _COMPARED.fullmatch(value) is not None:
            out.append((m.group(1), query[m.start():end]))
    return out


def _counts() -> dict[str, Any]:
    """The count filters by their qualifier (`stars`: --min-stars), from the filter table."""
    from papercli.criteria import by_qualifier

    return {name: c for name, c in by_qualifier().items() if c.kind == "count"}


def uncounted(query: str) -> list[str]:
    """The count qualifiers of `query` that no count filter can be (`stars:50`,
    `stars:<10`: `least_count` None), as typed: `qualified` takes them off unapplied
    (searched, "stars" and "50" were words no paper meant), and the ones it applies
    (`stars:>100`) as filters."""
    counts = _counts()
    return [typed for word, typed in compared(query)
            if word.lower() in counts and least_count(typed.partition(":")[2]) is None]


def qualifiers(query: str) -> list[str]:
    """The `field:` words of `query` outside quotes (title:, ti:…), as typed: what
    `unfielded` leaves out."""
    return [word for word in prefixed(query) if word.lower() in FIELDS]


def unfielded(query: str) -> str:
    """`query` without its `field:` words (`qualifiers`), their values kept: there are no
    fields, and `title:llava` searched as the words "title llava" (next to each other)
    found nothing, where a GitHub or arXiv user meant llava (`views.qualifier_warnings`
    says each one was left out). Every entry reads the query with it (`read_query`)."""
    out, at = [], 0
    for m in _prefixes(query):
        if m.group(1).lower() in FIELDS:
            out.append(query[at:m.start()])
            at = m.end()
    return "".join(out) + query[at:] if out else query


def _value_at(query: str, at: int) -> tuple[str, int]:
    """The value of a qualifier that starts at `at`, and where it ends: a quoted one whole
    (`author:"Jun Li"`), else up to the next space."""
    if query.startswith('"', at) and (close := query.find('"', at + 1)) > 0:
        return query[at + 1:close], close + 1
    end = at
    while end < len(query) and not query[end].isspace():
        end += 1
    return query[at:end].strip('"'), end


def flag_prefixes() -> dict[str, list[str]]:
    """The `word:` of each flag qualifier and the qualifiers under it (`is`: is:starred,
    is:noted), from the filter table."""
    from papercli.criteria import by_qualifier

    found: dict[str, list[str]] = {}
    for name in by_qualifier():
        head, colon, _ = name.partition(":")
        if colon:
            found.setdefault(head, []).append(name)
    return found


def qualified(query: str, options: FilterOptions) -> tuple[str, FilterOptions]:
    """`query` with its filter qualifiers taken off, value and all (`org:google`,
    `author:"Jun Li"`, `is:starred`: `criteria.by_qualifier`), and `options` with them
    given as the options are: a repeatable filter's words after the option's (any of or
    all of, as its help says), a date in place of an earlier one (as a second --since
    is), a flag on, a least count GitHub's way (`stars:>100`: --min-stars 101; one no
    count filter can be, `stars:50`, is taken off all the same, and the views say
    so: `uncounted`). What is left is searched (the Hub is asked for it alone). A usage
    error of a qualifier names it as typed, never an option the query did not have: a
    flag qualifier that names no flag (`is:open`), a value holding nothing (`tag:""`), a
    date that is none ("'since:2' is no date": `filters.read_date`), dates out of order
    (`since:… is after until:…`); any other bad value is checked with the options
    (`make_filter`), whose words name no option (`unknown family 'x'`)."""
    from papercli.criteria import by_qualifier
    from papercli.filters import read_date

    query, table = typed(query), by_qualifier()
    for bare in bare_qualifiers(query):  # (a usage error, as `since:""` is)
        c = table.get(bare[:-1].lower())
        raise _no_flag(bare, bare[:-1].lower()) if c is None else c.blank_error("", bare)
    given = options.as_dict()
    named: dict[str, str] = {}  # a date criterion's key: its qualifier as typed ("since:")
    kept, at = [], 0
    for m in _prefixes(query):
        if m.start() < at:  # (inside the quoted value of the one before)
            continue
        name = m.group(1).lower()
        value, end = _value_at(query, m.end())
        c = table.get(name) or table.get(f"{name}:{value.lower()}")
        typed_as = query[m.start():end]
        if c is None:
            flags = flag_prefixes().get(name)
            if flags is None:
                continue  # (a field or an unknown `word:`: searched; the views warn)
            raise _no_flag(typed_as, name)
        if c.kind == "flag":
            given[c.key] = True
        elif c.kind == "count":  # GitHub's `stars:>100`: --min-stars 101
            if _past_most(value):
                raise _too_large(typed_as)
            if _COMPARED.fullmatch(value) is None:
                raise UsageError(f"{quoted(typed_as, 30)} is no count",
                                 hint=f"use {name}:>=N (at least N)")
            least = least_count(value)
            if least is not None:  # (else `stars:50`, `stars:<10`: left out; the views warn)
                given[c.key] = max(given[c.key] or 0, least)
        elif c.blank(value) is not None:
            raise c.blank_error(value, typed_as)
        elif c.kind == "words":
            given[c.key] = (*(given[c.key] or ()), value)
        elif c.kind == "date":  # (read here, where its name as typed is known)
            named[c.key] = query[m.start():m.end()]
            given[c.key] = read_date(c, value, named[c.key])
        else:
            given[c.key] = value
        kept.append(query[at:m.start()])
        at = end
    if not kept:
        return query, options
    if named:
        _in_order(given, named)
    from papercli.filters import FilterOptions

    return " ".join("".join([*kept, query[at:]]).split()), FilterOptions(**given)


# `_COMPARED`'s shape with numbers of any length: `stars:>99999999999999999999` has the
# form right and a number too large, which "is no count — use stars:>=N" did not say.
_COMPARED_ANY = re.compile(r"(?:[<>]=?)?[0-9]+(?:\.\.(?:\*|[0-9]+)?)?|\*?\.\.[0-9]+")


def _past_most(value: str) -> bool:
    """Whether a count qualifier's value is compared right (`_COMPARED_ANY`) with a number
    past what a count option takes (`config.MAX_COUNT`, as --min-stars says), or asks for
    more than that (`>1000000000`)."""
    from papercli.config import MAX_COUNT

    return _COMPARED_ANY.fullmatch(value) is not None and (any(
        len(n.lstrip("0")) > len(str(MAX_COUNT)) or int(n) > MAX_COUNT
        for n in re.findall(r"[0-9]+", value)) or (least_count(value) or 0) > MAX_COUNT)


def _too_large(typed_as: str) -> UsageError:
    """A count qualifier's number past the most (`_past_most`), said as --min-stars says
    its own: "--min-stars '99…' — use at most 1,000,000,000"."""
    from papercli.config import MAX_COUNT

    most = f"use at most {MAX_COUNT:,}"
    error = UsageError(f"{quoted(typed_as)} is too large", hint=most)
    error.shorter = quoting_shorter(lambda q: f"{q} is too large", typed_as, most)
    return error


def _no_flag(typed_as: str, name: str) -> UsageError:
    """`is:open` (or `is:` alone) as typed: no flag qualifier of the table."""
    return UsageError(f"{quoted(typed_as, 20)} is no filter",
                      hint="use " + " or ".join(flag_prefixes()[name]))


def _in_order(given: Mapping[str, Any], named: Mapping[str, str]) -> None:
    """The range's ends in order (`qualified`), each named as given: a qualifier as typed
    (`named`), else its option, whose date is read as `make_filter` reads it."""
    from papercli.criteria import CRITERIA, dates_in_order
    from papercli.filters import read_date

    day: dict[str, date | None] = {}
    for c in CRITERIA:
        if c.key in ("since", "until"):
            value = given.get(c.key)
            day[c.key] = (value if c.key in named or not value or isinstance(value, date)
                          else read_date(c, str(value)))
    dates_in_order(day["since"], day["until"], named.get("since", "--since"),
                   named.get("until", "--until"))


def has_words(text: str) -> bool:
    """Whether the query holds anything to search for."""
    return bool(_WORD.search(text))


_PIECES = re.compile(r'-?"[^"]*"|\S+')  # (`-"a phrase"` one piece: `split_excluded`)


def split_excluded(query: str) -> tuple[str, tuple[str, ...]]:
    """The query without its `-word` and `-"a phrase"` pieces (outside quotes), and
    those words and phrases: what Google, GitHub and arXiv users type to leave papers
    out. Searched as a word it found the papers that hold it, the opposite (`-"visual
    instruction"` found those holding both words). (A query of nothing but `-word`s
    leaves nothing to search for: `search` says so, `_nothing_left`.)"""
    kept: list[str] = []
    left_out: list[str] = []
    for piece in _PIECES.findall(query):
        if len(piece) > 1 and piece[0] == "-" and piece[1].isalnum():
            left_out.append(piece[1:])
        elif piece.startswith('-"') and has_words(piece):
            left_out.append(" ".join(piece[2:-1].split()))
        else:
            kept.append(piece)
    if not left_out:
        return query, ()
    return " ".join(kept), tuple(left_out)


def _nothing_left(query: str, left_out: Sequence[str]) -> str:
    """What to say when the query only leaves papers out (`-llava`): it finds nothing
    (no error: a query is never one), and browsing with --exclude is what was meant."""
    from papercli.watches import shell_word

    browse = "papers search --exclude " + " --exclude ".join(shell_word(w[:40])
                                                             for w in left_out[:5])
    # (in full, a query of two long words made 208 columns: said in a warning's 80)
    return fitting(f"{quoted(query.strip(), 80)} only leaves papers out, so nothing was "
                   f"searched for: browse without a query instead ({browse})",
                   f"{quoted(query.strip(), 20)} only leaves papers out: try {browse}",
                   f"nothing to search for: try {browse}",
                   f"{quoted(query.strip(), 16)} only leaves papers out: nothing searched",
                   "the query only leaves papers out: nothing was searched for")


# What a list or prose puts around and between ids: `2401.01055, 2404.14047`, `<ID>`, `(ID).`
_AROUND_ID = "<>()[]{}\"'`,.;"
_BETWEEN_IDS = re.compile(r"[\s,;]+")


def _id_words(query: str) -> list[str]:
    """A query's words, split at commas and semicolons too, with the punctuation a list
    or prose puts around an id taken off each: a pasted `2401.01055, 2404.14047` or
    `<2401.01055>` was a word search for text no paper holds ("No papers.", silently)."""
    words = (w.strip(_AROUND_ID) for w in _BETWEEN_IDS.split(query))
    return [w for w in words if w]


def _operator_notes(query: str) -> list[str]:
    """`llava OR qwen`, `llava NOT mini`: what other search boxes take as operators is a
    plain word here (all words must match, so OR asked for the papers holding both and
    the word "or"): said, with what does the job. Upper case only, between words, as the
    operators are typed (`GPT or BERT` is a title's words)."""
    pieces = _PIECES.findall(query)
    out: list[str] = []
    for at, piece in enumerate(pieces):
        if piece not in ("OR", "||", "NOT") or at + 1 >= len(pieces):
            continue
        after = pieces[at + 1]
        # (in full, with both searches, 167 columns and more: said in a warning's 80)
        if piece in ("OR", "||") and at > 0:  # (`(a OR b)`: the words, not the brackets)
            before, then = quoted(pieces[at - 1].strip("()"), 40), quoted(after.strip("()"), 40)
            out.append(fitting(
                "search has no OR: every word must match, 'OR' too (searched as the word "
                f"or); search each on its own (papers search {before}, papers search {then})",
                f"no OR: papers search {before}, then papers search {then}",
                f"no OR: all words must match; search {before}, then {then}",
                "no OR: every word must match, 'OR' too; search each on its own"))
            break  # (one line is enough to say it)
        if piece == "NOT" and not after.startswith("-"):  # (`-"a phrase"` too)
            others = [*pieces[:at], *pieces[at + 2:]]
            meant = (quoted(" ".join([*pieces[:at], "-" + after, *pieces[at + 2:]]), 60)
                     if others else f"--exclude {quoted(after, 40)}")
            out.append(fitting(
                "search has no NOT: it is searched as the word not; leave a word out with "
                f"-word (papers search {meant})",
                f"no NOT: papers search {meant} leaves {quoted(after, 20)} out",
                f"no NOT: try papers search {meant}",
                "no NOT: it is searched as a word; leave a word out with -word"))
            break
    return out


# What other search boxes take as syntax (`unborrowed` takes it off): Scopus' and Web of
# Science's NEAR (`NEAR(a b)`, `a NEAR/5 b`, `a W/3 b`, `a PRE/2 b`), Lucene's boosts
# (`word^2`), fuzzy words (`word~2`) and proximity (`"a b"~5`).
_NEAR_CALL = re.compile(r"(?<![\w-])NEAR\s*\(([^()]*)\)", re.IGNORECASE)
# (W/n and PRE/n in capitals only: "trained w/2 GPUs" is prose)
_NEAR_SLASH = re.compile(r"(?<![\w/])(?:(?i:near)|W|PRE)/\d+(?![\w/])")
_NEAR_WORD = re.compile(r"(?<=\S)\s+NEAR(?=\s+\S)")  # (a bare NEAR between two words)
_SUFFIXED = re.compile(r'(?<!\S)("[^"]+"|[^\W\d_][\w.+#-]*)([\^~])(\d+(?:\.\d+)?)(?!\S)')
# papercli's way, said after what was searched in place of each (`_borrowed_note`).
_OUR_WAY = {"NEAR": "every word, anywhere", "boosts": "all words count alike",
            "fuzzy matching": "as typed; word* for a start", "proximity": "the exact phrase"}


def _masked(query: str) -> str:
    """`query` with each "quoted phrase" as x's, in place: what is outside quotes is
    matched in it, and cut from `query` at the same places."""
    return re.sub(r'"[^"]*"', lambda m: "x" * len(m.group()), query)


def _spliced(query: str, pattern: re.Pattern[str], group: int | None = None) -> str:
    """`query` with each match of `pattern` outside quotes (`_masked`) as its `group` reads
    in `query`, commas as spaces (`NEAR(a, b)`), a space around it; or a space (None)."""
    out, at = [], 0
    for m in pattern.finditer(_masked(query)):
        kept = "" if group is None else query[m.start(group):m.end(group)]
        out += [query[at:m.start()], f" {kept.replace(',', ' ')} " if kept else " "]
        at = m.end()
    return "".join(out) + query[at:] if out else query


class Read(NamedTuple):
    """A query as it is searched (`read_query`): its words, and the line saying what was taken
    off it (None: nothing)."""

    text: str
    note: str | None = None


def read_query(query: str) -> Read:
    """The one place a query is read: as typed (`typed`), without its `field:` words
    (`unfielded`) and another search box's syntax (`unborrowed`). `search`,
    `local_search`, `did_you_mean` and `ids_in` all read it here, so the command line,
    `--json`, `export`, the MCP's search and the browser search the same words; `search`
    says the line."""
    return unborrowed(unfielded(typed(query)))


def unborrowed(query: str) -> Read:
    """`query` without another search box's syntax, pasted: `NEAR(a b)`, `a NEAR/5 b`,
    `a W/3 b` are a b (every word, anywhere); `word^2` and `word~2` are word; `"a b"~5`
    is "a b". Searched as typed, `NEAR(diffusion video)` asked for the word near too and
    found nothing, and `llava^2` the papers holding "2", where the line that said so left
    the search to be typed again. Outside quotes only (`"NEAR/5"` is a phrase's)."""
    text = query
    for _ in range(4):  # (`NEAR(NEAR(a b), c)`: the inner one first)
        inner = _spliced(text, _NEAR_CALL, 1)
        if inner == text:
            break
        text = inner
    for pattern in (_NEAR_SLASH, _NEAR_WORD):
        text = _spliced(text, pattern)
    kinds = ["NEAR"] if text != query else []
    for m in _SUFFIXED.finditer(_masked(text)):
        kind = ("proximity" if m[2] == "~" and text[m.start()] == '"'
                else "boosts" if m[2] == "^" else "fuzzy matching")
        if kind not in kinds:
            kinds.append(kind)
    text = _spliced(text, _SUFFIXED, 1)
    if not kinds:
        return Read(query)
    text = " ".join(text.split())
    return Read(text, _borrowed_note(kinds, text) if has_words(text) else None)


def _borrowed_note(kinds: Sequence[str], searched: str) -> str:
    """What a query with another search box's syntax (`unborrowed`) says: there is none
    here, what was searched in its place, and papercli's way, in a warning's 80 columns
    (the words cut between words when they are many)."""
    from papercli.errors import WARNING_ROOM
    from papercli.terminal import cell_width, fit_words

    no = "no " + (kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}")
    way = _OUR_WAY[kinds[0]]
    cut = fit_words(searched, WARNING_ROOM - cell_width(f"{no}: searched "))
    return fitting(f"{no} in papercli: searched {searched} ({way})",
                   f"{no}: searched {searched} ({way})",
                   f"{no} in papercli: searched {searched}",
                   f"{no}: searched {searched}",
                   f"{no}: searched {cut}")


def _long_words(query: str) -> list[str]:
    """The words of a query too long for the index to hold (`textindex.LONG_WORD_BYTES`):
    the search leaves them out, so `diffusion <a 45-letter word>` found every diffusion
    paper and the long word alone found nothing, both without a word why."""
    from papercli.db.textindex import LONG_WORD_BYTES  # (search loads the index anyway)

    return [w for w in re.findall(r"[^\W_]+", indexed_text(query))
            if len(w.encode("utf-8", "surrogatepass")) >= LONG_WORD_BYTES]


def _no_words(query: str) -> str:
    """What to say when the query has no letter or digit (`*`, `:`, `""`): only words are
    searched, so it finds nothing, which a bare "No papers." left unexplained. In a
    warning's 80 columns (the whole, 111 or more, is the MCP server's)."""
    query = query.strip()
    return fitting(f"{quoted(query, 80)} has no word to search for (letters or digits): "
                   "type a word, or no query to browse the library",
                   f"{quoted(query, 20)} has no word to search for; no query browses the "
                   "library",
                   f"{quoted(query, 12)} has no word (letters or digits) to search for")


def ids_in(query: str) -> list[str] | None:
    """The papers a query names when every word of it is an arXiv id or a paper URL
    (`2401.01055 arxiv:2404.14047v2 https://huggingface.co/papers/2405.18377`, also as a
    list: `2401.01055, 2404.14047`), each once, however many (`search` online looks up the first
    MAX_QUERY_IDS); None for a query of words. An id is no word the index holds, so it
    found nothing."""
    words = _id_words(read_query(query).text)  # (`title:2401.01055`: that paper, as searched)
    if not words:
        return None
    from papercli.models import InvalidPaperId, normalize_id

    try:
        return list(dict.fromkeys(normalize_id(word) for word in words))
    except InvalidPaperId:
        return None


def _ids_apart(left_out: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A query's `-word`s (`split_excluded`) parted into words and paper ids: `-2401.01055`
    leaves that paper out, as a hidden one is (an id is no word the index holds)."""
    from papercli.models import InvalidPaperId, normalize_id

    words: list[str] = []
    ids: list[str] = []
    for word in left_out:
        try:
            ids.append(normalize_id(word))
        except InvalidPaperId:
            words.append(word)
    return tuple(words), tuple(ids)


def _ids_among_words(query: str) -> list[str]:
    """The words of a query of words that are arXiv ids or paper URLs (`2401.01055
    quantized`): they match no paper's words, so the search is told apart from `ids_in`'s."""
    words = [word for word in _id_words(query)[:MAX_QUERY_WORDS]
             if not word.startswith("-") and any(ch.isdigit() for ch in word)]
    return list(dict.fromkeys(_ids_apart(words)[1]))


def local_search(store: Store, query: str, flt: Filter | None = None, limit: int | None = 50,
                 *, without: Iterable[str] = ()) -> Hits:
    """The library's best full-text hits through `flt` (limit None: all) and how many
    match; a query of paper ids, those papers the library has (`ids_in`). A query of
    nothing but `-word`s finds nothing (the browser's filter, half typed)."""
    from papercli.db.textquery import Hits  # (the index's module: search loads it anyway)

    query = read_query(query).text
    named = ids_in(query)
    if named is not None:
        left = set(without)
        found = [p for p in (store.get_paper(pid) for pid in named if pid not in left)
                 if p is not None and (flt is None or flt.matches(p))]
        return Hits(found[:limit] if limit else found, len(found), True)
    query, left_out = split_excluded(query)
    if not has_words(query):
        return Hits([], 0, True)
    left_out, papers_out = _ids_apart(left_out)
    without = (*without, *papers_out)
    if left_out:
        from papercli.filters import Filter

        flt = (flt or Filter()).excluding(left_out)
    return store.search_text(query, flt, limit, without=without)


def did_you_mean(store: Store, query: str, flt: Filter | None = None, *,
                 without: Iterable[str] = ()) -> str | None:
    """`query` with each word no paper holds as the library's word nearest it (a typo:
    `llavva` is `LLaVA`; `Store.respelled`), when the query so mended finds a paper
    through `flt`; else None. For the line saying that nothing matched: the words of
    the library are at hand, as a search box's "did you mean" has them."""
    query = read_query(query).text
    if ids_in(query) is not None:
        return None
    words, _ = split_excluded(query)
    meant = store.respelled(words)
    if not meant:
        return None
    mended = " ".join(meant.get(piece, piece) for piece in _PIECES.findall(query))
    return mended if local_search(store, mended, flt, 1, without=without).total else None


def _rrf(rank: int) -> float:
    """A 0-based rank's share of a paper's reciprocal-rank-fusion score."""
    return 1.0 / (RRF_K + rank + 1)


def _short_keys(remote: Sequence[Paper], noted: Sequence[Paper], places: Mapping[str, int]
                ) -> tuple[dict[str, tuple[float, int, int]], dict[str, Paper]]:
    """The fused sort key of each paper of the short lists (the Hub's, the notes'):
    minus its score (1/(RRF_K + rank) in each list, the local one's rank from `places`),
    then the list it was met in first and its rank there; and their records."""
    scores: dict[str, float] = {}
    first: dict[str, tuple[int, int]] = {}  # (list, rank) where it was met first
    records: dict[str, Paper] = {}
    for group, ranking in ((0, remote), (2, noted)):
        for rank, paper in enumerate(ranking):
            scores[paper.id] = scores.get(paper.id, 0.0) + _rrf(rank)
            records.setdefault(paper.id, paper)
            first.setdefault(paper.id, (group, rank))
    for pid, rank in places.items():
        if pid in scores:
            scores[pid] += _rrf(rank)
            if first[pid][0] == 2:  # met in the local list before the notes
                first[pid] = (1, rank)
    return {pid: (-score, *first[pid]) for pid, score in scores.items()}, records


def fused(remote: Sequence[Paper], noted: Sequence[Paper], local: Stream,
          keep: Callable[[Paper], bool]) -> tuple[Callable[[], Iterator[Paper]], int]:
    """`fuse([remote, local, noted])` (then `keep`) with the local hits read as a stream,
    never held: the same order, scores and ties (the first list a paper is met in places
    it among equals). A paper of the short lists (the Hub's, the notes') scores at least
    1/(RRF_K + its rank there), more than any local hit below that rank, so each comes
    among the first local hits; its place in the local list (`local.places`) completes
    its score. Returns a way to read them and how many there are."""
    fused_keys, records = _short_keys(remote, noted, local.places)
    order = sorted(fused_keys, key=fused_keys.__getitem__)
    keys = [fused_keys[pid] for pid in order]
    assert local.total is not None
    total = local.total + sum(1 for pid in order
                              if pid not in local.places and keep(records[pid]))

    def read() -> Iterator[Paper]:
        k = 0
        for rank, paper in enumerate(local.read()):
            if paper.id in fused_keys:
                continue  # placed by its fused score
            key = (-_rrf(rank), 1, rank)
            while k < len(order) and keys[k] < key:
                if keep(records[order[k]]):
                    yield records[order[k]]
                k += 1
            yield paper
        for pid in order[k:]:
            if keep(records[pid]):
                yield records[pid]

    return read, total


def _with_short_lists(store: Store, query: str, flt: Filter, order: str, limit: int,
                      without: Iterable[str], among: Sequence[Paper], remote: Sequence[Paper],
                      noted: Sequence[Paper], keep: Callable[[Paper], bool]
                      ) -> tuple[list[Paper], int]:
    """The library's candidates for an ordered page (`among`: the best `limit` in that
    order, ties in relevance order) with the Hub's and the notes' hits, in `fused`'s
    order, which a sort of every fused hit keeps among ties. The library's places come
    from its best hits by relevance, as many as can outrank a short list's hit: a
    library-only candidate further down scores under all of those, and follows them in
    relevance order. A short list's hit further down in the library's list is placed
    exactly (its place adds to its score) when it ties in `order` with another. And how
    many of the Hub's hits the library does not have (to add to its count)."""
    from papercli.pipeline import sort_key

    wanted = limit + len(remote) + len(noted)
    best = store.search_text(query, flt, wanted, without=without)
    places = {p.id: rank for rank, p in enumerate(best.papers)}
    key = sort_key(order)
    short = {p.id: p for p in [*remote, *noted] if keep(p)}
    unplaced = [pid for pid in short if pid not in places]
    if unplaced and key is not None:
        values = Counter(key(p) for p in [*short.values(), *among])
        tied = [pid for pid in unplaced if values[key(short[pid])] > 1]
        if tied:
            places.update(store.stream_text(query, flt, without=without, find=tied).places)
    keys, records = _short_keys(remote, noted, places)
    deep = len(best.papers)
    for n, paper in enumerate(among):
        if paper.id not in keys:
            rank = places.get(paper.id, deep + n)
            keys[paper.id] = (-_rrf(rank), 1, rank)
            records[paper.id] = paper
    return [records[pid] for pid in sorted(keys, key=keys.__getitem__)
            if keep(records[pid])], _hub_only(store, query, remote, keep)


def _hub_only(store: Store, query: str, remote: Sequence[Paper],
              keep: Callable[[Paper], bool]) -> int:
    """How many of the Hub's hits (those `keep` passes) the library's search does not
    find: what they add to its count."""
    kept = [p.id for p in remote if keep(p)]
    return len(kept) - store.count_text(query, kept)


def fuse(rankings: Sequence[Sequence[Paper]]) -> list[Paper]:
    """Reciprocal rank fusion of several ranked lists; first-seen record wins."""
    scores: dict[str, float] = {}
    records: dict[str, Paper] = {}
    for ranking in rankings:
        for rank, paper in enumerate(ranking):
            scores[paper.id] = scores.get(paper.id, 0.0) + _rrf(rank)
            records.setdefault(paper.id, paper)
    return [records[pid] for pid in sorted(scores, key=lambda pid: -scores[pid])]


class Near(NamedTuple):
    """A taste's page (`search`'s `near`): its words (`ranking.Taste.words`), how many
    candidates its first block (`ranking.near_blocks`) is chosen among, and how many
    that block shows."""

    words: Sequence[tuple[str, float]]
    pool: int
    page: int


class Block(NamedTuple):
    """A later block of a taste's page (`SearchResult.later`, `ranking.near_blocks`): its
    candidates (the short lists' hits among them) and how many (None: every match, there
    being too few to choose among; no block comes after)."""

    papers: Iterable[Paper]
    among: int | None


class Missing(NamedTuple):
    """The papers a search of ids named and could not have (`ids`: not in the library
    offline, on neither the Hub nor arXiv, out of reach, or past MAX_QUERY_IDS), of `of`
    named. A hidden paper or one a filter leaves out is not among them: left out as asked.
    A command given ids fails for these (exit 1), as `cat a missing b` does, where it
    said nothing but a warning and a script went on with a document that lacked them."""

    ids: list[str]
    of: int


class SearchResult:
    """Fused hits and where they came from; `search` fills it in as it goes."""

    __slots__ = ("arxiv", "both", "empty_library", "from_cache", "hub_cached", "later", "local",
                 "local_exact", "missing", "near", "noted", "ordered", "papers", "remote",
                 "searched", "skipped", "stale", "stream", "total")

    def __init__(self, papers: list[Paper], *, searched: bool = True) -> None:
        self.papers = papers
        # False: the query held nothing to search for (`*`, `-mini` alone), as said: no
        # "no paper matches" line after that.
        self.searched = searched
        # Every local hit read as it is written (`papers` then empty): `search -n 0`.
        self.stream: LazyPapers | None = None
        # The Hub's hits that pass the filters; None: not asked, or it failed with none
        # of its hits cached (the caption's "0 from the Hub" read as the Hub finding none).
        self.remote: int | None = None
        # The Hub failed and its hits cached this long ago were used ("3 days ago").
        self.hub_cached: str | None = None
        # Papers a search of ids fetched from arXiv, the Hub having no page for them.
        self.arxiv = 0
        self.local = 0  # hits in the library's full-text index
        # The Hub's hits (`remote`) the library's index matches too, so counted in `local`
        # as well: the caption's "1 from the Hub, 1 in the library" of one paper read as two.
        self.both = 0
        self.noted = 0  # papers your notes' words find (under the filters; may be local too)
        self.local_exact = True  # False: at least `local` (a Python-checked filter stopped)
        self.from_cache = False
        self.stale: str | None = None
        self.skipped = 0
        self.total = 0  # hits in all, also those a limit kept from being read
        self.ordered = False  # `papers` is the page in the order asked for already
        self.near = False  # `papers` are the candidates nearest `near`'s words, of `total`
        # With `near`: the candidates of a later block, a pool of them for a page of them
        # (`ranking.near_blocks`), so a longer page only adds papers after these; the
        # counts above become that block's.
        self.later: Callable[[int, int], Block] | None = None
        # The library held no paper when the search began (`empty_note` says so; the
        # caption then gives no library count, which read as a count of matches).
        self.empty_library = False
        self.missing: Missing | None = None  # a search of ids: those it could not have


def _named(session: Session, ids: Sequence[str], flt: Filter, hidden: set[str]
           ) -> SearchResult:
    """A search for paper ids (`ids_in`): those papers, from the library or, when it lacks
    some and the network may be used, fetched as `papers show` fetches them (the Hub for
    each, then arXiv once for all the Hub's misses: asked one at a time, ~3 s apart, 20
    ids took a minute); what cannot be had, or is hidden, or is left out by a filter, is
    said in a notice, and what cannot be had is `result.missing` too (a failure of the
    command). Once a source cannot be reached, the other missing papers are not asked of
    it (each would wait its timeout): one notice names them. Ids found nowhere are said
    as `papers show` says them, with what to do. The papers fetched are counted by the
    source that gave them."""
    from papercli.errors import NotFoundError, PapersError, UnaskedError
    from papercli.library import get_papers
    from papercli.reading import absent_warning, unknown_warning

    store = session.store()
    result = SearchResult(papers=[])
    missing: list[str] = []
    held = {pid: store.get_paper(pid) for pid in ids if pid not in hidden}
    asked = [] if session.offline else [pid for pid, paper in held.items() if paper is None]
    # Any error in its id's place; after the first that is not a miss, the rest are not
    # asked (each is given that error again), as before the Hub was asked about them all.
    answers = dict(zip(asked, get_papers(session, asked, keep=(PapersError,), give_up=1),
                       strict=True))
    from_hub = 0
    unreached: list[str] = []
    why = ""
    unasked: dict[str, PapersError] = {}  # not on the Hub, arXiv could not be asked
    absent: list[str] = []  # offline: not in the library
    for pid in ids:
        if pid in hidden:
            session.notices.append(hidden_note(pid))
            continue
        paper = held[pid]
        if paper is not None:
            result.local += 1
        elif session.offline:
            absent.append(pid)  # (said once for all, after the others)
            missing.append(pid)
            continue
        else:
            got = answers[pid]
            if isinstance(got, PapersError):
                missing.append(pid)
            if isinstance(got, UnaskedError):  # the Hub has no page; arXiv out of reach
                unasked[pid] = got
                continue
            if isinstance(got, NotFoundError):  # as `papers show` says it, with its hint
                session.notices.append(unknown_warning([got], [pid]))
                continue
            if isinstance(got, PapersError):
                unreached.append(pid)
                why = why or got.message
                continue
            paper = got.paper
            if paper.on_hub:
                from_hub += 1
            else:  # the Hub had no page for it: arXiv's record
                result.arxiv += 1
        if flt.matches(paper):
            result.papers.append(paper)
        else:
            session.notices.append(f"{pid} is left out by the filters")
    if absent:  # (offline; one line for them all, as the other ids' lines say them)
        session.notices.append(absent_warning(absent))
    if unasked:  # (in one line, as `papers show` says them, with what to do)
        session.notices.append(unknown_warning(list(unasked.values()), list(unasked)))
    if unreached:
        session.notices.append(
            f"could not fetch {first_few(unreached, 5)}: {why}"
            + (f"; {len(unreached) - 1} of them not asked after that"
               if len(unreached) > 1 else ""))
    if from_hub:
        result.remote = from_hub
    result.total = len(result.papers)
    if missing:
        result.missing = Missing(missing, len(ids))
    return result


def hidden_note(pid: str, *, whole: bool = False) -> str:
    """What a search naming a paper you hid says of it, in a warning's 80 columns (98
    with the id twice); `whole` for the browser's filter, whose pane has the room."""
    said = f"{pid} is hidden (--hidden shows it; papers unhide {pid} brings it back)"
    return said if whole else fitting(said, f"{pid} is hidden (--hidden or papers unhide {pid})",
                                      f"{pid} is hidden (--hidden shows it)",
                                      # (the MCP's search, which has no --hidden to give)
                                      f"{pid} is hidden (papers unhide)")


def _with_shorts(papers: Sequence[Paper], shorts: Mapping[str, Paper]) -> list[Paper]:
    """A taste's candidates: the library's nearest, then the Hub's and the notes' hits
    (`shorts`) that are not among them."""
    picked = {p.id: p for p in papers}
    return [*picked.values(), *(p for pid, p in shorts.items() if pid not in picked)]


def _every(hits: Iterator[Paper], shorts: Mapping[str, Paper]) -> Iterator[Paper]:
    """Every hit of the library as it is read, then the Hub's and the notes' hits
    (`shorts`) it did not hold: each paper once, memory flat in the hits."""
    met: set[str] = set()
    for paper in hits:
        if paper.id in shorts:
            met.add(paper.id)
        yield paper
    yield from (p for pid, p in shorts.items() if pid not in met)


def empty_note(*, hub_asked: bool, noted: bool = False) -> str:
    """What a search of an empty library says once, in place of the caption's "0 in the
    library" (read as no paper of it matching): that it is empty, what shows (the Hub's
    hits, else your notes': "nothing is found yet" sat over a paper a note found), and
    what fills it."""
    return empty_library("only the Hub's hits show" if hub_asked else
                         "only noted papers show" if noted else "nothing is found yet")


def search(session: Session, query: str, flt: Filter, limit: int | None = None,
           without: Iterable[str] = (), *, stream: bool = False,
           order: str | None = None, near: Near | None = None) -> SearchResult:
    """Hub search (cached like a listing) fused with local full-text search, then filtered.

    `limit` bounds how many local hits are ranked and read (None: every hit); `without`:
    ids the index leaves out (hidden papers), so the page still fills. `stream` (with no
    limit): when the hits are the library's alone (no Hub hits, no note hits), they are
    handed back as `result.stream`, read a page at a time, so memory stays flat. `order`
    (new, upvotes or stars) with `limit`: when the hits are the library's alone, the
    page in that order is asked of the index (`result.ordered`), else `stream` serves.
    `near` (a taste's page, its first block: `ranking.near_blocks`): when more papers
    than its pool match, `papers` are the pool's worth that hold the most of its words,
    and the Hub's and the notes' hits (`result.near`), for the taste to rank, and
    `result.later` gives the blocks after it; else as without it."""
    asked_for = unfielded(typed(query))  # (`NEAR()` said as typed when nothing is left)
    query, borrowed = read_query(query)
    if borrowed is not None:  # (what was searched in place of NEAR(a b), said first)
        session.notices.append(borrowed)
    named = ids_in(query)
    if named is not None:
        if len(named) <= MAX_QUERY_IDS or session.offline:
            return _named(session, named, flt, set(without))
        session.notices.append(f"looking up the first {MAX_QUERY_IDS:,} of the "
                               f"{len(named):,} ids given")
        result = _named(session, named[:MAX_QUERY_IDS], flt, set(without))
        # (the ids not looked up are named and not had: the document lacks them too)
        result.missing = Missing([*(result.missing or Missing([], 0)).ids,
                                  *named[MAX_QUERY_IDS:]], len(named))
        return result
    mixed = _ids_among_words(query)
    if mixed:
        shown = " ".join(mixed[:3]) + (" …" if len(mixed) > 3 else "")
        are, them = ("is a paper id", "it") if len(mixed) == 1 else ("are paper ids", "them")
        # (in full, 126 columns for one id: said in a warning's 80)
        session.notices.append(fitting(
            f"{shown} {are}, not a paper's words: give ids alone to list those papers "
            f"(papers search {' '.join(mixed[:3])})",
            f"{shown} {are}, not words: papers search {' '.join(mixed[:3])} lists {them}",
            f"{shown} {are}: papers search {' '.join(mixed[:3])} lists {them}",
            f"{shown} {are}: search {them} alone",
            f"{first_few(mixed, 1)} are paper ids: search them alone"))
    session.notices.extend(_operator_notes(query))
    query, left_out = split_excluded(query)
    if left_out:
        if not has_words(query):
            session.notices.append(_nothing_left(asked_for, left_out))
            return SearchResult(papers=[], searched=False)
        left_out, papers_out = _ids_apart(left_out)
        without = (*without, *papers_out)
        if left_out:
            flt = flt.excluding(left_out)
    if not has_words(query):  # `*`, `:`, `""`, an emoji: nothing the index holds
        session.notices.append(_no_words(asked_for))
        return SearchResult(papers=[], searched=False)
    long = _long_words(query)
    if long:
        session.notices.append(fitting(  # (154 columns: in a warning's 80)
            f"{quoted(long[0], 30)} is longer than any word the library's index holds "
            "(39 letters), so the library's search leaves it out",
            f"{quoted(long[0], 16)} is longer than any word indexed (39 letters): left out",
            f"{quoted(long[0], 16)} is longer than any word indexed: left out"))
    words = query.split()
    if len(words) > MAX_QUERY_WORDS:
        session.notices.append(f"searching for the first {MAX_QUERY_WORDS} of the "
                               f"{len(words)} words given")
        query = " ".join(words[:MAX_QUERY_WORDS])
    store = session.store()
    result = SearchResult(papers=[])
    result.empty_library = store.max_rowid() == 0  # (before the Hub's hits are stored)
    remote: list[Paper] = []
    asked = has_words(query) and not session.offline
    if asked:
        from papercli.listings import is_fresh_search  # lazy: offline never loads it

        key = "search:" + " ".join(query.lower().split())
        info = store.listing(key)
        fresh = info is not None and not session.refresh and is_fresh_search(
            info, session.config
        )
        if fresh:
            remote = store.listing_papers(key)
            result.from_cache = True
        else:
            try:
                parsed = session.client().search(query, limit=REMOTE_LIMIT)
            except HubError as exc:
                # One story in the warning and the caption: the Hub's hits cached earlier
                # are used, and how old they are; or the library is searched alone,
                # counted as offline ("0 from the Hub" read as the Hub finding none).
                if info is not None:
                    from papercli.listings import describe_age, showing_cached

                    remote = store.listing_papers(key)
                    result.stale = showing_cached(exc, info.fetched_at, "its hits")
                    result.hub_cached = describe_age(info.fetched_at)
                else:
                    result.stale = failed_then(exc, "searching the local library only")
                    asked = False
            else:
                result.skipped = parsed.skipped
                store.save_listing(key, "search", parsed.papers)
                remote = store.listing_papers(key)  # stored records carry families
    hidden = set(without)

    def keep(paper: Paper) -> bool:
        return paper.id not in hidden and flt.matches(paper)

    if asked:  # counted under the same filters as the library's hits, so the two compare
        passing = [paper.id for paper in remote if keep(paper)]
        result.remote = len(passing)
        if passing and not result.empty_library:
            result.both = store.count_text(query, passing)
    noted: list[Paper] = []
    if session.has_userdb():  # no user database: no notes (nor their module)
        from papercli.notes import note_hits  # your notes' words find their papers too
        from papercli.reading import kept_copies

        noted = note_hits(session, store, query, flt.excludes, kept=kept_copies)
        result.noted = sum(1 for paper in noted if keep(paper))
    close = (store.nearest(query, flt, near.words, near.pool, page=near.page,
                           without=without) if near is not None else None)
    if close is not None:
        assert near is not None
        shorts = {p.id: p for p in [*remote, *noted] if keep(p)}
        hub_only = _hub_only(store, query, remote, keep)
        result.papers, result.near = _with_shorts(close.papers, shorts), True
        result.local, result.local_exact = close.total, close.exact
        result.total = close.total + hub_only
        nearby, terms, flt_now, left = near.words, query, flt, tuple(without)

        def later(pool: int, page: int) -> Block:
            more = store.nearest(terms, flt_now, nearby, pool, page=page, without=left)
            if more is None:
                return Block(_every(store.stream_text(terms, flt_now, without=left).read(),
                                    shorts), None)
            # (a filter Python checks: counted among more candidates, at least more match)
            result.local, result.local_exact = more.total, more.exact
            result.total = more.total + hub_only
            among = _with_shorts(more.papers, shorts)
            return Block(among, len(among))

        result.later = later
        return result
    if order is not None and limit:
        # The page in `order` asked of the index (with a filter Python checks, the hits
        # read in that order and checked until the page and its ties are full).
        found = store.search_ordered(query, flt, order, limit, without=without)
        if found is not None:
            from papercli.pipeline import top

            among, result.local, result.local_exact = found
            result.total = result.local
            if remote or noted:
                among, more = _with_short_lists(store, query, flt, order, limit, without,
                                                among, remote, noted, keep)
                result.total += more
            result.papers, result.ordered = top(among, order, limit), True
            return result
        limit = None
    # Relevance order stops at the limit (the Hub's hits may take some of it); the
    # local hits are filtered in the index's query, so they are exact under any filter.
    wanted = None if limit is None else limit + len(remote)
    if stream and limit is None:
        from papercli.exporters import LazyPapers  # lazy: only for -n 0

        placed = [p.id for p in remote] + [p.id for p in noted]
        streamed = store.stream_text(query, flt, without=without, find=placed)
        if not placed:
            result.stream = LazyPapers(streamed.read, streamed.total)
            # A filter only Python checks: counted by a pass of its own (memory still flat).
            result.local = result.total = len(result.stream)
            return result
        if streamed.total is not None:  # (else the places are unknown: every hit is held)
            read, total = fused(remote, noted, streamed, keep)
            result.stream = LazyPapers(read, total)
            result.local, result.total = streamed.total, total
            return result
    hits = store.search_text(query, flt, wanted, without=without)
    result.local = hits.total
    result.local_exact = hits.exact
    local = hits.papers
    result.papers = flt.apply(fuse([remote, local, noted]) if noted or remote else local)
    result.total = len(result.papers)
    if limit is not None and len(local) < hits.total:
        # Not every local hit was read: the union is the local count plus the Hub's hits
        # that the library does not match.
        also_local = store.count_text(query, [p.id for p in flt.apply(remote)])
        result.total = max(result.total, hits.total + len(flt.apply(remote)) - also_local)
    return result
