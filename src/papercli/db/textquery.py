"""Queries over the library's search index (db/textindex.py keeps it in step with the
library): the user's words as tantivy queries, the filters as terms of the same query,
and the reads `db/search.py` and ranking make of it: a ranked page (title first for a
common word), a stream of every match, an ordered page, the rows a filter lets through,
a taste's nearest papers.

The user's words never reach tantivy as syntax: `pieces` splits them into words, quoted
phrases and prefixes, each analysed as the index analysed the text (English stems,
accents folded), and the query is built from those.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import tantivy

from papercli.db.connection import Budget, in_chunks, lenient
from papercli.db.records import paper_id as valid_id
from papercli.db.textindex import (
    BOOSTS,
    SCHEMA,
    Index,
    analyzer,
    checksum,
    library_papers,
    mended,
    newest,
    rowids,
)
from papercli.words import indexed_text, is_cjk_letter, symbol_words

if TYPE_CHECKING:
    from papercli.db.connection import Database
    from papercli.filters import Filter
    from papercli.models import Paper

KEYWORD_FIELDS = ("title", "summary", "ai_keywords")  # what --keyword looks at
# A taste's words (`nearest`), per field weighed as the taste weighs a paper's text: the
# title twice (ranking.paper_text). On the real archive, 200 candidates chosen so kept a
# taste's exact top 10 9.0 times in 10, against 8.7 with BOOSTS' title 10, keywords 4.
TASTE_FIELDS = {"title": 2.0, "summary": 1.0, "ai_keywords": 1.0}
_BESIDE_TITLE = tuple(f for f in BOOSTS if f != "title")  # what adds to a title match
MAX_QUERY_WORDS = 64
# The most hits held at once while placing papers in a ranking (`_places`): about 12 MB.
PLACES_PAGE = 80_000
_PIECE = re.compile(r'"([^"]*)"|(\S+)')
# The orders an ordered page is asked of the index in, by the field each reads (highest
# first; papers without a value last, as `pipeline`'s keys put them).
ORDER_FIELDS = {"new": "newest", "upvotes": "upvotes", "stars": "stars"}
_STEM = analyzer(True)
_FOLD = analyzer(False)  # prefixes are matched against stems, unstemmed


def _value(paper: Paper, field: str) -> int | None:
    """A paper's value of an order field (ORDER_FIELDS), as its document has it."""
    if field == "newest":
        return newest(paper)
    if field == "stars":
        return None if paper.github_stars is None else int(paper.github_stars)
    return int(paper.upvotes)


def _tokens(text: str, analyzer: tantivy.TextAnalyzer) -> list[str]:
    """`text`'s words as the index holds them (`indexed_text`): CJK as pairs of letters,
    so `日本語` is the phrase 日本 本語, and `C++` the word cplusplus."""
    return [t for t in analyzer.analyze(indexed_text(text)) if t]


def _field_query(field: str, tokens: Sequence[str], prefix: bool) -> tantivy.Query:
    if prefix:
        return _prefix_query(field, tokens)
    if len(tokens) == 1 and is_cjk_letter(tokens[0]):
        # One CJK letter: anywhere in a run (the index holds pairs: 語 is in 本語 and 語の)
        # or alone.
        letter = re.escape(tokens[0])
        return tantivy.Query.regex_query(SCHEMA, field, f"{letter}.?|.{letter}")
    if len(tokens) == 1:
        return tantivy.Query.term_query(SCHEMA, field, tokens[0])
    return tantivy.Query.phrase_query(SCHEMA, field, list(tokens))


def _prefix_query(field: str, tokens: Sequence[str]) -> tantivy.Query:
    """`word*`: the terms starting with the word as typed, or its stem. The index holds
    stems, and a whole word is often longer than its stem (transformer: transform), so
    the typed prefix alone would miss the very word typed; its stem finds it."""
    typed = tokens[-1]
    stem = next(iter(_tokens(typed, _STEM)), typed)
    if len(tokens) == 1:
        pattern = re.escape(typed) + ".*"
        if not stem.startswith(typed):
            pattern = f"(?:{pattern}|{re.escape(stem)})"
        return tantivy.Query.regex_query(SCHEMA, field, pattern)
    q = tantivy.Query.phrase_prefix_query(SCHEMA, field, list(tokens))
    if stem.startswith(typed):
        return q
    whole = tantivy.Query.phrase_query(SCHEMA, field, [*tokens[:-1], stem])
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q),
                                        (tantivy.Occur.Should, whole)])


def _idf(docs: int, total: int) -> float:
    """tantivy's BM25 idf (Bm25Weight)."""
    return math.log(1.0 + (total - docs + 0.5) / (docs + 0.5))


def _scales(searcher: tantivy.Searcher | None, tokens: Sequence[str], prefix: bool,
            fields: Sequence[str], counted: int = 0
            ) -> tuple[dict[str, float], dict[str, list[int]]]:
    """Per field, what turns its own idf into the paper's, and how many papers hold each
    token in it ({} for a prefix or without a searcher). BM25 weighs a word by how rare it
    is in that field, so a word in most titles but few abstracts would make an
    abstract-only match outrank a title match. As FTS5's bm25 did, the word's rarity is
    taken over the whole paper (the field where it is most common), and the field
    weights (BOOSTS) then put title first. Prefixes score a constant per field."""
    if searcher is None or prefix:
        return dict.fromkeys(fields, 1.0), {}
    freqs = {f: [searcher.doc_freq(f, t) for t in tokens] for f in fields}
    # (word counts include deleted documents until a merge: a count above the live
    # documents would make an idf negative)
    total = max(1, counted, searcher.num_docs, *(n for counts in freqs.values() for n in counts))
    paper = sum(_idf(max(freqs[f][i] for f in fields), total) for i in range(len(tokens)))
    out = {}
    for f in fields:
        own = sum(_idf(n, total) for n in freqs[f])
        out[f] = paper / own if own > 0 else 1.0
    return out, freqs


def _term_walk(searcher: tantivy.Searcher
               ) -> Callable[..., list[tuple[str, int]]] | None:
    """The searcher's walk of its term dictionary (`terms_with_prefix`, tantivy 0.27),
    or None with bindings that lack it (0.26): a prefix is then tantivy's own query, the
    first 50 completions of a phrase's last word and a constant score for `word*`."""
    return getattr(searcher, "terms_with_prefix", None)


def _regex_phrases() -> bool:
    """Whether the bindings build a regex phrase (`regex_phrase_query`, tantivy 0.27)."""
    return hasattr(tantivy.Query, "regex_phrase_query")


# tantivy's cap on the words one regex phrase may stand for ("Phrase query exceeded max
# expansions"): a phrase's last `word*` with more completions in a field is split into
# regex phrases of at most this many each (`_groups`).
REGEX_PHRASE_TERMS = 16_384
# The completions of a phrase's last `word*` walked per field. Every one is searched up to
# this many (a vocabulary far past any library's: 9,881 papers' abstracts hold 24,845
# words); past it, the most common PHRASE_PREFIX_COMMON and the first 50 in byte order
# (tantivy's phrase prefix query) stand for it.
PHRASE_PREFIX_TERMS = 1_000_000
PHRASE_PREFIX_COMMON = 100
# A page of `search` (not a filter's or an export's set: those stay whole) takes every
# completion only where the phrase's other words are in at most this many papers of a
# field; past it, a prefix of over PHRASE_PREFIX_FEW completions has the
# PHRASE_PREFIX_COMMON most common and the first 50 stand for them (as every page did
# before 1,000,000 were walked), and the count says "at least". The trade: a regex
# phrase costs per paper it reads, and after a word in nearly every paper (`the-s*`,
# `models-s*`) every completion read 1.6 times the papers and took 2.8 times as long as
# the most common 100 (100,000 synthetic papers: 112 -> 314 ms, 11,601 -> 18,920
# found); after a rarer word (`diffusion-s*`: 3,777 papers, 18 -> 48 ms) it is cheap. A
# library of the real archive's size (9,881 papers) never passes it: every completion,
# every paper, an exact count.
PHRASE_PREFIX_DOCS = 20_000
PHRASE_PREFIX_FEW = 1_000  # completions always taken every one (a regex phrase)


def _completions(searcher: tantivy.Searcher, tokens: Sequence[str], fields: Sequence[str],
                 bounded: bool = False) -> tuple[dict[str, tantivy.Query], bool]:
    """A phrase ending in a prefix (`vision-l*`, `GPT-4*`) per field, as a phrase of its
    words and every completion of the prefix in the index ({}: not known, the bindings
    lack the term dictionary). tantivy's phrase prefix query takes the first 50
    completions in byte order alone: `GPT-4*` stopped at 4, 40, 400, … and missed
    `GPT-4o`. A regex phrase takes every completion but fails past REGEX_PHRASE_TERMS, and
    the 100 most common that stood in past 1,000 missed the rare ones (`diffusion-s*`
    found 81 of the 100 papers with such a phrase): past the cap the completions are
    split into groups by the letters after the prefix, a regex phrase each. `bounded`:
    past PHRASE_PREFIX_DOCS, the most common stand in. Whether every completion is in."""
    walk = _term_walk(searcher)
    if walk is None or not _regex_phrases():
        return {}, True
    typed = tokens[-1]
    stem = next(iter(_tokens(typed, _STEM)), typed)
    lead = [re.escape(t) for t in tokens[:-1]]
    out = {}
    whole = True
    for field in fields:
        counts = walk(field, typed, limit=PHRASE_PREFIX_TERMS + 1)
        docs = min(searcher.doc_freq(field, t) for t in tokens[:-1]) if bounded else 0
        if len(counts) > PHRASE_PREFIX_TERMS or (
                docs > PHRASE_PREFIX_DOCS and len(counts) > PHRASE_PREFIX_FEW):
            whole = False
            counts.sort(key=lambda pair: -pair[1])
            common = [tantivy.Query.phrase_query(SCHEMA, field, [*tokens[:-1], term])
                      for term, _ in counts[:PHRASE_PREFIX_COMMON]]
            out[field] = tantivy.Query.disjunction_max_query(
                [_prefix_query(field, tokens), *common])
            continue
        lasts = _groups(typed, sorted(term for term, _ in counts), REGEX_PHRASE_TERMS)
        if not stem.startswith(typed):
            lasts.append(re.escape(stem))
        phrases = [tantivy.Query.regex_phrase_query(SCHEMA, field, [*lead, last])
                   for last in lasts]
        out[field] = (phrases[0] if len(phrases) == 1
                      else tantivy.Query.disjunction_max_query(phrases))
    return out, whole


def _groups(prefix: str, terms: Sequence[str], cap: int) -> list[str]:
    """Regexes that together match every one of `terms` (sorted, each starting with
    `prefix`), each matching at most `cap` of them: `prefix.*` when they are few enough,
    else `prefix[ab].*`, `prefix[c].*`, … by the letter after the prefix (a letter with
    too many, split again by the next), `prefix` itself alone."""
    if len(terms) <= cap:
        return [re.escape(prefix) + ".*"]
    exact = bool(terms) and terms[0] == prefix
    by_next: dict[str, list[str]] = {}
    for term in terms[1:] if exact else terms:
        by_next.setdefault(term[len(prefix)], []).append(term)
    out: list[str] = []
    chars: list[str] = []
    size = 0

    def close() -> None:
        if chars:
            ranged = "".join(f"\\x{{{ord(c):x}}}" for c in chars)
            out.append(f"{re.escape(prefix)}[{ranged}].*")

    for char, group in by_next.items():
        if len(group) > cap:
            out.extend(_groups(prefix + char, group, cap))
            continue
        if size + len(group) > cap:
            close()
            chars, size = [], 0
        chars.append(char)
        size += len(group)
    close()
    return [re.escape(prefix), *out] if exact else out


# A `word*` with at most this many completions in a field is scored as those words are.
SCORED_PREFIX_TERMS = 32


def _scored_prefix(searcher: tantivy.Searcher, typed: str, fields: Sequence[str],
                   counted: int) -> dict[str, tantivy.Query]:
    """`diffus*` per field as its completions in the index, each weighed alike ({} where
    there are many, or the bindings lack the term dictionary: the constant score of a
    regex then). A regex scores every match the same, so the papers holding the prefix
    in the same fields tied and came in the order they were imported (`diffus*`: a
    paper of 2025-03 first, "Diffusion In Diffusion" far down). As BM25 scores words,
    a paper holding one more often, in a shorter field, comes first (the best one: two
    words it starts count no more than one); each is weighed by the rarity of them all
    together, not its own, or a rare one (`diffusionbench`, one paper) would outrank
    the word itself."""
    walk = _term_walk(searcher)
    if walk is None or len(typed) < 3:  # (`a*`: thousands of words to walk, for a tie)
        return {}
    stem = next(iter(_tokens(typed, _STEM)), typed)
    total = max(1, counted, searcher.num_docs)
    out = {}
    for field in fields:
        found = dict(walk(field, typed, limit=SCORED_PREFIX_TERMS + 1))
        if not stem.startswith(typed):
            found.setdefault(stem, searcher.doc_freq(field, stem))
        found = {t: n for t, n in found.items() if n > 0}
        if not found or len(found) > SCORED_PREFIX_TERMS:
            continue
        together = _idf(min(total, sum(found.values())), total)
        out[field] = tantivy.Query.disjunction_max_query([tantivy.Query.boost_query(
            tantivy.Query.term_query(SCHEMA, field, term), together / max(_idf(n, total), 1e-6))
            for term, n in found.items()])
    return out


# qwen|2, gpt|4o, llama|3; not o1 or r1 (`o 1` is O(1)'s words, not a model's name)
_LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_]{2})(?=\d)")


def _respelled(tokens: Sequence[str]) -> list[str] | None:
    """A model name's other spelling, as the index splits it: `Qwen2.5` is the words qwen2
    and 5 but `Qwen-2.5` qwen, 2 and 5, `GPT4o` gpt4o but `GPT-4o` gpt and 4o. Letters
    and the digits after them are glued if apart, else parted (None: no such place)."""
    glued: list[str] = []
    for token in tokens:
        if glued and _LETTERS_DIGITS.match(glued[-1] + token, len(glued[-1])):
            glued[-1] += token
        else:
            glued.append(token)
    if len(glued) < len(tokens):
        return glued
    parted = [t for token in tokens for part in _LETTERS_DIGITS.split(token)
              for t in _tokens(part, _STEM)]
    return parted if len(parted) > len(tokens) else None


def _spellings(tokens: Sequence[str], fields: Sequence[str]) -> dict[str, tantivy.Query]:
    """A word or phrase per field as either spelling of a model name (`_respelled`; {}:
    it has one): `Qwen-2.5` found 32 papers where `Qwen2.5` finds 205."""
    other = _respelled(tokens)
    if other is None:
        return {}
    return {f: tantivy.Query.boolean_query([
        (tantivy.Occur.Should, _field_query(f, tokens, False)),
        (tantivy.Occur.Should, _field_query(f, other, False))]) for f in fields}


class _Piece(NamedTuple):
    """One word, phrase or prefix of the user's words, weighed (`_scales`)."""

    tokens: list[str]
    prefix: bool
    scales: dict[str, float]  # field -> what its boost is multiplied by
    freqs: dict[str, list[int]]  # field -> papers holding each token ({}: not known)
    completed: dict[str, tantivy.Query]  # a phrase's prefix per field ({}: none)
    # this piece and the next one, or a model name's glued spelling of them (`_glue`)
    glued: _Piece | None = None
    whole: bool = True  # False: some completions of its prefix left out (`_completions`)

    def field(self, name: str, boosts: dict[str, float] | None) -> tantivy.Query:
        """The piece in one field, weighed as in the whole query (`boosts` None: not)."""
        q = self.completed.get(name) or _field_query(name, self.tokens, self.prefix)
        if boosts is None:
            return q
        return tantivy.Query.boost_query(q, boosts[name] * self.scales.get(name, 1.0))

    def query(self, fields: Sequence[str], boosts: dict[str, float] | None) -> tantivy.Query:
        """The piece in any of `fields`, each weighed by its boost."""
        parts = [(tantivy.Occur.Should, self.field(f, boosts)) for f in fields]
        return parts[0][1] if len(parts) == 1 else tantivy.Query.boolean_query(parts)


def _weighed(text: str, fields: Sequence[str], boosts: bool,
             searcher: tantivy.Searcher | None, counted: int = 0, bounded: bool = False
             ) -> list[_Piece]:
    """The user's words as pieces, each weighed per field when `boosts` (and a searcher;
    `counted`: the documents BM25 counts, `Index.counted`; `bounded`: a page's,
    `_completions`)."""
    def piece(tokens: list[str], prefix: bool) -> _Piece:
        scales, freqs = (_scales(searcher, tokens, prefix, fields, counted) if boosts
                         else ({}, {}))
        whole = True
        if not prefix:
            completed = _spellings(tokens, fields)
        elif searcher is None:
            completed = {}
        elif len(tokens) > 1:
            completed, whole = _completions(searcher, tokens, fields, bounded)
        else:
            completed = _scored_prefix(searcher, tokens[0], fields, counted)
        return _Piece(tokens, prefix, scales, freqs, completed, whole=whole)

    found = _pieces(text)
    out = [piece(tokens, prefix) for tokens, prefix, _ in found]
    for i in range(len(out) - 1):
        glued = _glue(found[i][2], found[i + 1][2], out[i + 1].tokens)
        if glued is not None and out[i].glued is None:  # (`a 1 2`: a with 1, not 1 with 2)
            out[i] = out[i]._replace(glued=piece(glued, False))
    return out


# A word of letters (two at least: `o 1` is O(1)'s words, not a model's name), and a word
# starting with a digit after it: `Qwen 2.5`, `Llama 3`, `GPT 4o`.
_NAME = re.compile(r"[^\W\d_]{2,}")
_VERSION = re.compile(r"\d")


def _glue(word: str | None, after: str | None, tokens: Sequence[str]) -> list[str] | None:
    """Two plain words typed apart that may be a model name (`Qwen 2.5`) as its glued
    spelling, as the index splits it (`Qwen2.5`: qwen2 and 5; `Llama3`: llama3), or None.
    A name written apart is two words anywhere, which left out every paper writing it
    glued; with this, such a paper is found too."""
    if word is None or after is None or not _NAME.fullmatch(word) or not _VERSION.match(after):
        return None
    glued = _tokens(word + after, _STEM)
    return glued if glued and list(glued) != [*_tokens(word, _STEM), *tokens] else None


def pieces(text: str) -> list[tuple[list[str], bool]]:
    """What the user typed as (tokens, prefix) pieces, all of which must match: balanced
    "quoted phrases" stay phrases, `word*` is a prefix, a word the analyzer splits
    (vision-language) is a phrase of its parts; quotes, AND, -, : are plain text.
    Never syntax, so no query can fail to parse."""
    return [(tokens, prefix) for tokens, prefix, _ in _pieces(text)]


def _pieces(text: str) -> list[tuple[list[str], bool, str | None]]:
    """`pieces`, each with the word as typed when it is a plain word (not quoted, not a
    prefix; else None)."""
    if text.count('"') % 2:
        cut = text.rfind('"')  # an unbalanced quote: the last one is dropped
        text = text[:cut] + " " + text[cut + 1 :]
    out: list[tuple[list[str], bool, str | None]] = []
    room = MAX_QUERY_WORDS
    for phrase, word in _PIECE.findall(text):
        prefix = not phrase and word.endswith("*")
        raw = phrase or word
        tokens = _tokens(raw, _STEM)
        if prefix:
            folded = _tokens(raw, _FOLD)
            if folded:
                # the stems before it and the last word as typed (a prefix of a stem)
                tokens = _tokens(" ".join(folded[:-1]), _STEM) + folded[-1:]
        tokens = tokens[:room]
        if not tokens:
            continue
        room -= len(tokens)
        out.append((tokens, prefix, None if phrase or prefix else word))
        if room <= 0:
            break
    return out


def text_query(text: str, fields: Sequence[str] = tuple(BOOSTS), *,
               boosts: bool = True, any_of: bool = False,
               searcher: tantivy.Searcher | None = None) -> tantivy.Query | None:
    """The user's words as a query over `fields` (all must match; `any_of`: any), or None
    when there is no word; `searcher` scales each field's weight (`_scales`)."""
    return _joined(_weighed(text, fields, boosts, searcher), fields, boosts, any_of)


def _joined(words: Sequence[_Piece], fields: Sequence[str], boosts: bool,
            any_of: bool = False) -> tantivy.Query | None:
    occur = tantivy.Occur.Should if any_of else tantivy.Occur.Must
    weights = BOOSTS if boosts else None
    parts = []
    skip = False
    for p, after in itertools.zip_longest(words, words[1:]):
        if skip:
            skip = False
            continue
        q = p.query(fields, weights)
        if p.glued is not None and after is not None and not any_of:
            # both words anywhere, or the name glued (`Qwen 2.5`: or `Qwen2.5`)
            both = tantivy.Query.boolean_query([
                (tantivy.Occur.Must, q), (tantivy.Occur.Must, after.query(fields, weights))])
            q = tantivy.Query.boolean_query([
                (tantivy.Occur.Should, both),
                (tantivy.Occur.Should, p.glued.query(fields, weights))])
            skip = True
        parts.append((occur, q))
    return tantivy.Query.boolean_query(parts) if parts else None


def _spec_query(spec: tuple[Any, ...], searcher: tantivy.Searcher | None = None
                ) -> tantivy.Query:
    """A criterion's index term (criteria.Criterion.index) as a tantivy query (`searcher`:
    a phrase's prefix, `-k vision-l*`, is its completions, `_completions`)."""
    kind = spec[0]
    if kind == "terms":
        _, field, values = spec
        return tantivy.Query.term_set_query(SCHEMA, field, list(values))
    if kind == "range":
        _, field, low, high = spec
        return tantivy.Query.range_query(SCHEMA, field, tantivy.FieldType.Integer, low, high)
    if kind == "regex":
        _, field, pattern = spec
        return tantivy.Query.regex_query(SCHEMA, field, pattern)
    if kind == "prefix":  # a term beginning with the text (a walk of those terms only)
        _, field, text = spec
        return tantivy.Query.regex_query(SCHEMA, field, f"(?s){_literal(text)}.*")
    if kind == "absent":  # no value (a count of linked models not known yet)
        known = tantivy.Query.range_query(SCHEMA, spec[1], tantivy.FieldType.Integer, 0, None)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()),
                                            (tantivy.Occur.MustNot, known)])
    if kind == "holding":  # a term holding each of the texts, in any order (a name's words)
        _, field, texts = spec
        pattern = "|".join(".*" + ".*".join(map(_literal, order)) + ".*"
                           for order in itertools.permutations(texts))
        return tantivy.Query.regex_query(SCHEMA, field, f"(?s)({pattern})")
    if kind == "words":  # every word in title, abstract or AI keywords
        q = text_query(" ".join(f'"{w}"' if not w.endswith("*") else w for w in spec[1]),
                       KEYWORD_FIELDS, boosts=False, searcher=searcher)
        return q if q is not None else tantivy.Query.all_query()
    if kind == "any":
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, _spec_query(s, searcher))
                                            for s in spec[1]])
    raise ValueError(f"unknown index term {kind!r}")


def _literal(text: str) -> str:
    """`text` as a regular expression matching just it: ASCII letters and digits as they
    are, every other character by its code point (no character is special then)."""
    return "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in text)


def filter_query(flt: Filter, searcher: tantivy.Searcher | None = None
                 ) -> tuple[list[tantivy.Query], bool, int | None]:
    """The filter's criteria as index terms; whether they are all of it (then the index
    alone answers: no Python check, an exact count); and, given a searcher, at most how
    many papers its narrowest term criterion passes (a family, an organization: the sum
    of its values' counts; None when none has terms)."""
    queries: list[tantivy.Query] = []
    exact = True
    sizes: list[int] = []
    for criterion, value in flt.active():
        make = criterion.index_term
        spec = None if make is None else make(value)
        if spec is None:
            exact = False
            continue
        queries.append(tantivy.Query.const_score_query(_spec_query(spec, searcher), 0.0))
        exact = exact and criterion.exact(value)
        if searcher is not None and spec[0] == "terms":
            sizes.append(sum(searcher.doc_freq(spec[1], v) for v in spec[2]))
    return queries, exact, (min(sizes) if sizes else None)


def _counted(result: tantivy.SearchResult) -> int:
    """The count a search asked for with `count=True` (the bindings type it optional)."""
    return int(getattr(result, "count", 0) or 0)


def _matches(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    """How many documents match `query`, and nothing else read."""
    return _counted(searcher.search(query, 1, count=True))


class Hits(NamedTuple):
    """Ranked papers, how many match in all, and whether that count is exact (False: at
    least that many; the rest were not checked)."""

    papers: list[Paper]
    total: int
    exact: bool


def _doc_id(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> str | None:
    """The paper id a document stores (None: not a sound id)."""
    values = searcher.doc(address)["id"]
    return str(values[0]) if values and valid_id(values[0]) else None


def _ids(searcher: tantivy.Searcher, result: tantivy.SearchResult) -> list[str]:
    return [pid for _, address in result.hits if (pid := _doc_id(searcher, address))]


@lenient
def _found(reads: Database, searcher: tantivy.Searcher,
           addresses: Sequence[tantivy.DocAddress]) -> list[Paper]:
    """The papers of these hits, in their order: read by the row each document carries
    (one B-tree, no stored document read), each checked against the checksum of its id;
    a document without a row, or whose row holds another paper now, is read by its id.
    (Text that is not UTF-8 is read leniently, as every read of the library does.)"""
    from papercli.db.records import row_to_paper
    from papercli.db.schema import PAPER_COLUMNS

    if not addresses:
        return []
    rows = searcher.fast_field_values("row", list(addresses))
    checks = searcher.fast_field_values("check", list(addresses))
    wanted = sorted({r for r in rows if type(r) is int})
    by_row: dict[int, Paper] = {}
    for chunk, marks in in_chunks(wanted):
        for row in reads.conn.execute(
                f"SELECT rowid, {PAPER_COLUMNS} FROM papers WHERE rowid IN ({marks})", chunk):
            paper = row_to_paper(row[1:])
            if paper is not None:
                by_row[row[0]] = paper
    out: list[Paper | None] = []
    astray: dict[int, tantivy.DocAddress] = {}
    for n, (row, check) in enumerate(zip(rows, checks, strict=True)):
        paper = by_row.get(row) if type(row) is int else None
        if paper is not None and check == checksum(paper.id):
            out.append(paper)
        else:
            out.append(None)
            astray[n] = addresses[n]
    if astray:
        ids = {n: pid for n, address in astray.items() if (pid := _doc_id(searcher, address))}
        found = {p.id: p for p in library_papers(reads, list(ids.values()))}
        for n, pid in ids.items():
            out[n] = found.get(pid)
    return [p for p in out if p is not None]


def search(reads: Database, text: str, flt: Filter | None = None, limit: int | None = 50,
           *, without: Iterable[str] = (), within: Iterable[str] | None = None) -> Hits:
    """The library's best matches for `text` ("": every paper) through `flt`, best first:
    at most `limit` (None: all). Filters with an index term are part of the query (an
    exact top-k and count); the others are checked here, page by page of the ranked
    matches, until the page is full or the matches run out. `without`: ids left out
    (hidden papers); `within`: only these ids."""

    def run(idx: Index) -> Hits:
        plan = _query(idx, text, flt, without, within,
                      reads=reads if within is None else None,
                      bounded=within is None and limit is not None)  # (a page)
        if plan is None:
            return Hits([], 0, True)  # no word in it: nothing to match
        return _run(reads, idx, plan, flt, limit)

    return mended(reads, run)


class _Plan(NamedTuple):
    """`search`'s query, whether the index alone answers it, and its parts: the user's
    words and the rest (filters, hidden papers, `within`: each scoring nothing), which
    the title-first pass (`_title_first`) puts together its own way."""

    query: tantivy.Query
    exact: bool
    words: list[_Piece]
    rest: list[tuple[tantivy.Occur, tantivy.Query]]
    narrowest: int | None  # the fewest papers a filter's terms can pass (None: not known)
    # the papers titled as the words, put first (`_whole_titles`; scores nothing else)
    first: list[tuple[tantivy.Occur, tantivy.Query]]


def _query(idx: Index, text: str, flt: Filter | None, without: Iterable[str] = (),
           within: Iterable[str] | None = None, *, reads: Database | None = None,
           bounded: bool = False) -> _Plan | None:
    """`search`'s plan (None: no word in `text`, so nothing can match); `within`: only
    these ids (`count`); `reads`: the library, to put a paper titled as the words first
    (`_whole_titles`: a ranking by relevance)."""
    searcher = idx.searcher()
    words = (_weighed(text, tuple(BOOSTS), True, searcher, idx.counted(searcher), bounded)
             if text.strip() else [])
    if text.strip() and not words:
        return None
    terms, exact, narrowest = (filter_query(flt, searcher) if flt is not None
                               else ([], True, None))
    rest = [(tantivy.Occur.Must, q) for q in terms]
    leave = [i for i in without if isinstance(i, str)]
    if leave:
        rest.append((tantivy.Occur.MustNot, tantivy.Query.term_set_query(SCHEMA, "id", leave)))
    if within is not None:
        rest.append((tantivy.Occur.Must, tantivy.Query.const_score_query(
            tantivy.Query.term_set_query(SCHEMA, "id", [i for i in within
                                                         if isinstance(i, str)]), 0.0)))
    titled = _whole_titles(reads, searcher, words) if reads is not None else _Titled([], {})
    tiers = [(titled.whole, WHOLE_TITLE)]
    tiers += [(ids, LEADING_TITLE - at * LEADING_STEP) for at, ids in titled.leading.items()]
    first = [(tantivy.Occur.Should, tantivy.Query.const_score_query(
        tantivy.Query.term_set_query(SCHEMA, "id", ids), bonus)) for ids, bonus in tiers if ids]
    musts = list(rest) + first
    joined = _joined(words, tuple(BOOSTS), True)
    if joined is not None:
        musts.insert(0, (tantivy.Occur.Must, joined))
    if not any(occur == tantivy.Occur.Must for occur, _ in musts):
        musts.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    return _Plan(tantivy.Query.boolean_query(musts), exact, words, rest, narrowest, first)


# What a paper titled as the words adds to its score: more than any other match can
# score (a word scores at most idf x (K1 + 1) per field, ~30 at a million papers, times
# BOOSTS' 17 in all), and small enough that a 32-bit score still tells such papers apart.
WHOLE_TITLE = 10_000.0
# What a title opening with the words as a phrase adds (`_leads`): more than any other
# match, less than a paper titled as the words; LEADING_STEP less for each word before
# the phrase, so a title starting with it comes first.
LEADING_TITLE = WHOLE_TITLE / 2
LEADING_STEP = 1_000.0
LEADING_WORDS = 3  # the phrase starts at one of the title's first this many words
TITLE_CANDIDATES = 100  # the titles holding the words read to find those titled so
WHOLE_TITLE_WORDS = 16  # a longer query is no paper's short title
# Titles are not looked through when each word is in more than this many (`model`): the
# pass scores the titles holding the rarest, about 0.3 ms per 5,000.
WHOLE_TITLE_SCAN = 5_000


class _Titled(NamedTuple):
    """The papers `_whole_titles` puts first: those titled as the words, and those whose
    title opens with them as a phrase, by the place of its first word (0: the title's
    first word)."""

    whole: list[str]
    leading: dict[int, list[str]]


@lenient
def _whole_titles(reads: Database, searcher: tantivy.Searcher, words: Sequence[_Piece]
                  ) -> _Titled:
    """The papers whose title, or its part before a colon, is the words typed (as the
    index reads them: case, accents, punctuation aside): `DeepSeek-R1` is the paper
    "DeepSeek-R1: Incentivizing Reasoning...". BM25 alone ranked such a paper 2nd or 3rd
    under papers naming it often in their abstracts. Then, for two words or more, the
    papers whose title opens with them as a phrase (`_leads`): `Llama 3` put "The Llama
    3 Herd of Models" under titles holding llama and 3 apart or as "Llama-3.1". A model
    name counts in either spelling (`_respelled`). Looked for among the
    TITLE_CANDIDATES titles holding the words as a phrase that BM25 ranks best (the
    shortest: a title that is the words is among the first), read by row; not when
    every word is in more than WHOLE_TITLE_SCAN titles."""
    out = _Titled([], {})
    tokens = [t for p in words for t in p.tokens]
    if not tokens or len(tokens) > WHOLE_TITLE_WORDS or any(p.prefix for p in words):
        return out
    if min(searcher.doc_freq("title", t) for t in tokens) > WHOLE_TITLE_SCAN:
        return out  # a word in very many titles: reading them costs more than it is worth
    other = _respelled(tokens)  # a model name's other spelling: `Qwen 2.5`, `Qwen2.5`
    spelt = [tokens] if other is None else [tokens, other]
    hits = [hit for way in spelt for hit in searcher.search(
        _field_query("title", way, False), TITLE_CANDIDATES, count=False).hits]
    rows = sorted({r for r in searcher.fast_field_values("row", [a for _, a in hits])
                   if type(r) is int})
    phrase = max(len(way) for way in spelt) > 1  # (one word is no phrase to open with)
    for chunk, marks in in_chunks(rows):
        for pid, title in reads.conn.execute(
                f"SELECT id, title FROM papers WHERE rowid IN ({marks})", chunk):
            if not (isinstance(pid, str) and isinstance(title, str) and valid_id(pid)):
                continue
            # (each word typed apart is a word at least: a longer title is not analysed)
            parts = {title, title.partition(":")[0]}
            if any(len(part.split()) <= len(tokens) + 2 and _tokens(part, _STEM) in spelt
                   for part in parts):
                out.whole.append(pid)
                continue
            places = [at for way in spelt if (at := _leads(title, way)) is not None]
            if phrase and places:
                out.leading.setdefault(min(places), []).append(pid)
    return out


_WORD = re.compile(r"[^\W_]+")  # a word as the index parts text (letters and digits)
_NUMBER_ON = re.compile(r"\.\d")  # `3` of `Llama-3.1`: the number goes on
_NUMBER_BEFORE = re.compile(r"\d\.$")


def _leads(title: str, tokens: Sequence[str]) -> int | None:
    """Where the title, or its part after a colon, holds the words as a phrase starting
    at one of its first LEADING_WORDS words (0: its first), not inside a longer version
    number; None if it does not. "The Llama 3 Herd of Models" opens with `Llama 3` (at
    1), "SAM 3: Segment Anything with Concepts" with `Segment Anything` (at 0),
    "Llama-3.1-8B Report" not with `Llama 3` (its name is Llama 3.1). None too when the
    title's words, analysed one by one, are not the index's."""
    spans = [m.span() for m in _WORD.finditer(title)]
    whole = _tokens(title, _STEM)
    if len(whole) == len(spans):  # (one call for them all: the words are the index's)
        words = [[t] for t in whole]
    else:  # a word the index drops (too long) or parts otherwise: each on its own
        words = [_tokens(title[a:b], _STEM) for a, b in spans]
        if any(len(w) > 1 for w in words):
            return None  # (not as the index parts it: not judged)
    at = [(w[0], span) for w, span in zip(words, spans, strict=True) if w]
    colon = title.find(":")
    after = sum(1 for _, (a, _) in at if a < colon) if colon >= 0 else 0
    n = len(tokens)
    for i in range(len(at) - n + 1):
        place = i - after if i >= after else i
        if place >= LEADING_WORDS or [t for t, _ in at[i:i + n]] != list(tokens):
            continue
        start, end = at[i][1][0], at[i + n - 1][1][1]
        if not (_NUMBER_ON.match(title, end) or _NUMBER_BEFORE.search(title, 0, start)):
            return place
    return None


STREAM_PAGE = 5_000  # ranked hits asked of the index at a time by `stream`


class Stream(NamedTuple):
    """`stream`'s answer: how many match (None when a filter only Python can check leaves
    it unknown), a way to read them best first, and the 0-based places among them of the
    papers asked for (`find`; one that does not match is absent; empty when `total` is
    None)."""

    total: int | None
    read: Callable[[], Iterator[Paper]]
    places: dict[str, int]


def stream(reads: Database, text: str, flt: Filter | None = None, *,
           without: Iterable[str] = (), find: Sequence[str] = ()) -> Stream:
    """Every match of `search(..., limit=None)`, best first, as a way to read them page by
    page (each call a fresh pass), and their count. Memory stays flat however many match:
    the index ranks a page at a time (the hits before it are ranked again, so time grows a
    little faster than the matches), and the rows are read 100 at a time. `find`: papers
    whose places are wanted (the Hub's hits, to fuse with these: `search.fused`), looked
    for in the same snapshot by score and address alone, no row read."""
    return mended(reads, lambda idx: _stream(reads, idx, text, flt, without, find))


def _stream(reads: Database, idx: Index, text: str, flt: Filter | None,
            without: Iterable[str], find: Sequence[str]) -> Stream:
    plan = _query(idx, text, flt, without, reads=reads)
    if plan is None:
        return Stream(0, lambda: iter(()), {})
    query, exact = plan.query, plan.exact
    searcher = idx.searcher()  # one snapshot: the pages agree however the library moves
    total = _matches(searcher, query)
    checked = None if exact else flt

    def read() -> Iterator[Paper]:
        return _ranked(reads, searcher, query, checked, page=STREAM_PAGE, most=STREAM_PAGE)

    if not exact:
        return Stream(None, read, {})
    return Stream(total, read, _places(searcher, query, find))


def _places(searcher: tantivy.Searcher, query: tantivy.Query, find: Sequence[str]
            ) -> dict[str, int]:
    """Where the papers `find` fall among `query`'s ranked matches: found by address in
    pages of hits (no document or row read), stopping once the last one is placed."""
    wanted = [i for i in dict.fromkeys(find) if isinstance(i, str)]
    if not wanted:
        return {}
    among = tantivy.Query.boolean_query([
        (tantivy.Occur.Must, query),
        (tantivy.Occur.Must, tantivy.Query.term_set_query(SCHEMA, "id", wanted))])
    where: dict[tuple[int, int], str] = {}
    for _, address in searcher.search(among, len(wanted), count=False).hits:
        if pid := _doc_id(searcher, address):
            where[(address.segment_ord, address.doc)] = pid
    places: dict[str, int] = {}
    # Pages of hits, each four times the last up to PLACES_PAGE (few passes, each of
    # which ranks every match again; the page's hits held in Python stay bounded).
    offset, page = 0, STREAM_PAGE
    while len(places) < len(where):
        hits = searcher.search(query, page, count=False, offset=offset).hits
        for rank, (_, address) in enumerate(hits, offset):
            pid = where.get((address.segment_ord, address.doc))
            if pid is not None:
                places[pid] = rank
        if len(hits) < page:
            break
        offset, page = offset + page, min(page * 4, PLACES_PAGE)
    return places


def _ranked(reads: Database, searcher: tantivy.Searcher, query: tantivy.Query,
            flt: Filter | None, *, page: int, most: int,
            budget: Budget | None = None, order_by: str | None = None) -> Iterator[Paper]:
    """The matches best first (`order_by`: highest value of that field first), through
    `flt` (None: no check), asked of the index a page at a time (each page twice the
    last, up to `most`) and read 100 rows at a time, until the `budget` of rows read, if
    any, is spent."""
    offset = 0
    while True:
        result = (searcher.search(query, page, count=False, offset=offset)
                  if order_by is None else
                  searcher.search(query, page, count=False, offset=offset,
                                  order_by_field=order_by))
        addresses = [address for _, address in result.hits]
        for i in range(0, len(addresses), 100):
            if budget is not None:
                if budget.spent():
                    return
                budget.read += len(addresses[i : i + 100])
            for paper in _found(reads, searcher, addresses[i : i + 100]):
                if flt is None or flt.matches(paper):
                    yield paper
        if len(result.hits) < page:
            return
        offset += page
        page = min(page * 2, most)


def _run(reads: Database, idx: Index, plan: _Plan, flt: Filter | None,
         limit: int | None) -> Hits:
    searcher = idx.searcher()
    everything = max(1, searcher.num_docs)
    whole = all(p.whole for p in plan.words)  # (False: the count is at least that)
    if plan.exact:
        first = _title_first(searcher, plan, limit) if limit else None
        if first is not None:
            hits, total = first
            return Hits(_found(reads, searcher, [a for _, a in hits]), total, False)
        result = searcher.search(plan.query, limit if limit else everything, count=True)
        found = _counted(result)
        return Hits(_found(reads, searcher, [a for _, a in result.hits]), found, whole)
    assert flt is not None
    out: list[Paper] = []
    budget = Budget()
    ranked = _ranked(reads, searcher, plan.query, flt, page=max(200, 4 * (limit or 0)),
                     most=10_000, budget=budget)
    for paper in ranked:
        out.append(paper)
        if limit and len(out) >= limit:
            # The page is full: the next matches are read only to count the ones that
            # pass, up to COUNT_CHECKED rows in all (exact when that was all of them).
            budget.most = max(COUNT_CHECKED, budget.read)
            more = sum(1 for _ in ranked)
            return Hits(out, len(out) + more, whole and not budget.cut)
    return Hits(out, len(out), whole)


# Matches a Python-checked filter (-x WORD) reads past a full page, to count them: about
# 30 ms of rows at most; beyond, the count is "at least" what that many gave.
COUNT_CHECKED = 500
K1 = 1.2  # tantivy's BM25 term saturation: a field's score is at most idf x (K1 + 1)
CHEAP = 20_000  # matches the whole query scores faster than the title-first pass pays off
Hit = tuple[float, tantivy.DocAddress]  # a score and where the paper's document is


def _title_first(searcher: tantivy.Searcher, plan: _Plan, limit: int
                 ) -> tuple[list[Hit], int] | None:
    """The best `limit` matches found among the papers with a word in the title alone,
    and at least how many match in all; None when those papers cannot decide the page
    (then the whole query runs, and counts exactly).

    Why: the index's Python bindings score every match (no top-k pruning), so a word
    in most papers cost ~13 ms at a million papers and a common phrase ~30 ms. A title
    match weighs ten times an abstract's, so the best papers nearly always hold a word
    in the title: those papers are scored (the title's postings drive; the other fields
    are looked up for those papers only), and their page stands when its last score is
    above the most any other paper can score: every other field at BM25's ceiling,
    idf x (K1 + 1). The count is then a lower bound: the papers with a word in the
    title, or, for one plain word with no filter, the most papers holding it in one
    field (less the deleted documents the index still counts). Two words are asked as a
    few queries that each name one field per word (`_split`); more, as one query of
    each word in any field."""
    words = plan.words
    if not words or any(p.prefix or p.completed or p.glued for p in words):
        # A prefix scores a constant per field, but its title pass costs more than the
        # whole query (each field's pattern is matched against the terms again).
        return None
    if ((all(p.freqs for p in words)
         and max(sum(min(p.freqs[f]) for f in BOOSTS) for p in words) <= CHEAP)
            or (plan.narrowest is not None and plan.narrowest <= CHEAP)):
        return None  # few matches: the whole query is as quick, and its count exact
    rest = plan.rest + plan.first
    split = _split(searcher, words, rest, limit) if len(words) == 2 else None
    hits, total = split if split is not None else _one_query(searcher, words, rest, limit)
    if len(hits) < limit:
        return None  # the titles do not fill the page
    scored = None
    ceiling = 0.0
    for word in words:
        for f in _BESIDE_TITLE:
            counts = word.freqs.get(f)
            if counts is None:
                return None
            if min(counts) == 0:
                continue  # no paper holds it in this field
            if scored is None:
                scored = _documents_scored(searcher, words, hits[0][1])
                if scored is None:
                    return None
            idf = sum(_idf(n, scored) for n in counts)
            ceiling += BOOSTS[f] * word.scales[f] * idf * (K1 + 1)
    if hits[-1][0] <= ceiling * 1.001 + 1e-4:  # (scores are 32-bit floats)
        return None
    word = words[0]
    if len(words) == 1 and len(word.tokens) == 1 and not plan.rest:
        if scored is None:
            scored = _documents_scored(searcher, words, hits[0][1])
        if scored is not None:  # the deleted documents the index still counts, taken off
            holding = max(counts[0] for counts in word.freqs.values())
            total = max(total, holding - max(0, scored - searcher.num_docs))
    return hits, total


def _one_query(searcher: tantivy.Searcher, words: Sequence[_Piece],
               rest: list[tuple[tantivy.Occur, tantivy.Query]], limit: int
               ) -> tuple[list[Hit], int]:
    """The title-first page and count asked as one query: one word in the title, its
    other fields adding to the papers the title finds; several words each in any field,
    one of them in the title."""
    if len(words) == 1:
        word = words[0]
        clauses = [(tantivy.Occur.Must, word.field("title", BOOSTS))]
        clauses += [(tantivy.Occur.Should, word.field(f, BOOSTS)) for f in _BESIDE_TITLE]
    else:
        titles = [p.field("title", None) for p in words]
        any_title = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in titles])
        clauses = [(tantivy.Occur.Must, p.query(tuple(BOOSTS), BOOSTS)) for p in words]
        clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(any_title, 0.0)))
    result = searcher.search(tantivy.Query.boolean_query(clauses + rest), limit, count=True)
    return result.hits, _counted(result)


def _split(searcher: tantivy.Searcher, words: Sequence[_Piece],
           rest: list[tuple[tantivy.Occur, tantivy.Query]], limit: int
           ) -> tuple[list[Hit], int] | None:
    """The title-first page and count of two words, asked as a few queries that each name
    one field per word: the first word in the title and the second in one field that
    holds it, or the second in the title and the first in one of its other fields; each
    word's other fields add to its score. A paper belongs to one query only: each
    word's field is the first (in BOOSTS order) that holds it, the earlier ones
    excluded. So the queries' pages, merged, are the page of "a word in the title, both
    words in any field", scored alike, and their counts add up to its count. None when
    a word's counts are not known.

    Why: "a word in any field" is a union, and tantivy's intersection moves a union by
    reading and scoring the next 4,096 papers of each of its fields: for two words in a
    third and half of the papers, every posting of both. One field per word moves by its
    skip list instead (two such words at a million papers: 148 -> 103 million
    instructions above `papers --version`; two words of which one is in 13% of the
    titles, as "model", cost about the same either way). Not for three words or more:
    the queries multiply, each read along a title word's papers again, and at a million
    papers they cost 7-16% more than the one query."""
    if not all(p.freqs for p in words):
        return None
    held = [[f for f in BOOSTS if min(p.freqs[f]) > 0] for p in words]  # fields holding it
    shapes: list[tuple[str, str]] = []  # (the first word's field, the second's)
    if "title" in held[0]:
        shapes += [("title", f) for f in held[1]]
    if "title" in held[1]:
        shapes += [(f, "title") for f in held[0] if f != "title"]
    hits: list[Hit] = []
    total = 0
    for shape in shapes:
        clauses = [(tantivy.Occur.Must, _chain(p, f, held[j]))
                   for j, (p, f) in enumerate(zip(words, shape, strict=True))]
        clauses += [(tantivy.Occur.MustNot, p.field(g, None))
                    for j, (p, f) in enumerate(zip(words, shape, strict=True))
                    for g in held[j][:held[j].index(f)]]
        result = searcher.search(tantivy.Query.boolean_query(clauses + rest), limit,
                                 count=True)
        total += _counted(result)
        hits.extend(result.hits)
    # best first; equal scores in the index's own order (lower address first)
    hits.sort(key=lambda hit: (-hit[0], hit[1].segment_ord, hit[1].doc))
    return hits[:limit], total


def _chain(word: _Piece, field: str, held: Sequence[str]) -> tantivy.Query:
    """`word` in `field`, its other fields in `held` adding to the score: each nested as an
    optional part of the one before, so no union of fields is ever moved through."""
    query = word.field(field, BOOSTS)
    for other in held:
        if other != field:
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query), (tantivy.Occur.Should, word.field(other, BOOSTS))])
    return query


def _documents_scored(searcher: tantivy.Searcher, words: Sequence[_Piece],
                      address: tantivy.DocAddress) -> int | None:
    """The document count BM25 uses in this searcher (deleted documents included, unlike
    `num_docs`), read from tantivy's explanation of the words' title terms in a paper
    that holds one; None if it gives none (a phrase's own explanation leaves it out).
    Not `Index.counted`: meta.json may have moved on since this searcher's snapshot (a
    merge drops deleted documents), which is fine for weights but not for a bound."""
    terms = [(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "title", t))
             for p in words for t in p.tokens]
    try:
        tree = json.loads(tantivy.Query.boolean_query(terms).explain(searcher, address)
                          .to_json())
    except (ValueError, TypeError):
        return None
    found: list[int] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if not isinstance(node, dict):
            continue
        text = node.get("description")
        value = node.get("value")
        if (isinstance(text, str) and text.startswith("N, total number of docs")
                and isinstance(value, int | float)):
            found.append(int(value))
        details = node.get("details")
        if isinstance(details, list):
            todo.extend(details)
    return max(found) if found else None


def count(reads: Database, text: str, flt: Filter | None = None,
          within: Iterable[str] | None = None) -> int:
    """How many papers match (every match checked: exact)."""
    return search(reads, text, flt, None, within=within).total


def ordered(reads: Database, text: str, flt: Filter | None, order: str, limit: int, *,
            without: Iterable[str] = ()) -> Hits | None:
    """The papers that can be the best `limit` matches in `order` (ORDER_FIELDS), in
    relevance order, and how many match in all; the caller sorts them (`pipeline.top`:
    ties in relevance order) and cuts. The index orders the matches by the field; the
    value of the last of that page is the cut. Every match above it is read, and of those
    tied with it (or, when the cut falls among papers with no value, of those) the best
    by relevance, as many as the page still needs. With a filter checked in Python, the
    matches are read in the field's order and checked (`_ordered_checked`). None for an
    order the index does not keep."""
    field = ORDER_FIELDS.get(order)
    if field is None or limit <= 0:
        return None

    def run(idx: Index) -> Hits:
        plan = _query(idx, text, flt, without)
        if plan is None:
            return Hits([], 0, True)
        if not plan.exact:
            assert flt is not None
            return _ordered_checked(reads, idx.searcher(), plan.query, flt, field, limit)
        searcher = idx.searcher()
        first = searcher.search(plan.query, limit, count=True, order_by_field=field)
        total = _counted(first)
        if total <= limit:
            return Hits(_found(reads, searcher, _by_relevance(searcher, plan.query, limit)),
                        total, True)
        cut = first.hits[-1][0] if first.hits else None
        above, rest = _around(plan.query, field, cut if type(cut) is int else None)
        found = _by_relevance(searcher, above, limit)
        found += _by_relevance(searcher, rest, limit - len(found))
        return Hits(_found(reads, searcher, found), total, True)

    return mended(reads, run)


def _after(value: int | None, cut: int | None) -> bool:
    """Whether a value comes after the cut in an order field's order (highest first, no
    value last): ties do not."""
    if value is None:
        return cut is not None
    return cut is not None and value < cut


def _ordered_checked(reads: Database, searcher: tantivy.Searcher, query: tantivy.Query,
                     flt: Filter, field: str, limit: int) -> Hits:
    """`ordered` with a filter Python checks (`-k`, `-x`, `-a` beside words): the matches
    read in the field's order, highest first, and checked until `limit` pass; the value
    of the last is the cut. Those above it stay; the papers tied with it are read best
    by relevance first and checked until the page is full. The matches are counted on
    in the field's order for up to COUNT_CHECKED rows: "at least" unless that was all of
    them. What passed comes back in relevance order, for the caller's sort to keep ties
    so. (Reading every match took 57 s at a million papers.)"""
    page = max(200, 4 * limit)
    counted = Budget()
    walk = _ranked(reads, searcher, query, flt, page=page, most=10_000, budget=counted,
                   order_by=field)
    got = list(itertools.islice(walk, limit))
    if len(got) < limit:  # every match read: they are the page, the count exact
        return Hits(_in_relevance_order(searcher, query, got), len(got), True)
    counted.most = max(COUNT_CHECKED, counted.read)
    total = len(got) + sum(1 for _ in walk)
    cut = _value(got[-1], field)
    above = [p for p in got if _after(cut, _value(p, field))]
    tied = _around(query, field, cut)[1]
    found = itertools.islice(_ranked(reads, searcher, tied, flt, page=page, most=10_000),
                             limit - len(above))
    return Hits(_in_relevance_order(searcher, query, [*above, *found]), total,
                not counted.cut)


def _in_relevance_order(searcher: tantivy.Searcher, query: tantivy.Query,
                        papers: list[Paper]) -> list[Paper]:
    """These matches of `query` best by relevance first."""
    if len(papers) < 2:
        return papers
    rank = {pid: n for n, pid in enumerate(_ids(searcher, searcher.search(
        _and(query, tantivy.Query.term_set_query(SCHEMA, "id", [p.id for p in papers])),
        len(papers), count=False)))}
    return sorted(papers, key=lambda p: rank.get(p.id, len(rank)))


class OrderedRows(NamedTuple):
    """`ordered_rows`' answer: the library rows of the papers above an ordered page's
    cut, and of those tied with it when `tied`; how many pass the filter; the value at
    the cut (None: no value)."""

    rows: list[int]
    total: int
    cut: int | None
    tied: bool


# The most papers tied at an ordered page's cut whose rows `ordered_rows` hands back; more
# (all of an arXiv import has 0 upvotes), and the library walks them newest first instead,
# which a tie that big makes quick.
TIED_MOST = 5_000


def ordered_rows(reads: Database, flt: Filter, order: str, limit: int) -> OrderedRows | None:
    """The rows among which the first `limit` papers through `flt` in `order` (upvotes,
    stars) are, for the library to sort by its own order (ties newest first, which the
    index cannot tell): those above the page's cut and those tied with it. The index
    orders every paper by the field's column; only the page's rows are read. None when a
    filter is checked in Python."""
    field = ORDER_FIELDS.get(order)
    if field is None or field == "newest" or limit <= 0:
        return None

    def run(idx: Index) -> OrderedRows | None:
        plan = _query(idx, "", flt)
        if plan is None or not plan.exact:
            return None
        searcher = idx.searcher()
        first = searcher.search(plan.query, limit, count=True, order_by_field=field)
        total = _counted(first)
        if total <= limit:
            return OrderedRows(_hit_rows(reads, searcher, [a for _, a in first.hits]),
                               total, None, True)
        cut = first.hits[-1][0] if first.hits else None
        cut = cut if type(cut) is int else None  # (None: among the papers with no value)
        above, tied = _around(plan.query, field, cut)
        found = [a for _, a in searcher.search(above, limit, count=False).hits]
        level = [a for _, a in searcher.search(tied, TIED_MOST + 1, count=False).hits]
        if len(level) > TIED_MOST:
            return OrderedRows(_hit_rows(reads, searcher, found), total, cut, False)
        return OrderedRows(_hit_rows(reads, searcher, found + level), total, cut, True)

    return mended(reads, run)


class InOrder(NamedTuple):
    """`in_order`'s papers, and how many the filter's index terms let through: the rows
    a count of every paper through the filter would have to read."""

    papers: Iterator[Paper]
    candidates: int


def in_order(reads: Database, flt: Filter, order: str, budget: Budget) -> InOrder | None:
    """Every paper through `flt` in `order` (upvotes, stars), highest first, each checked
    in Python, read 100 rows at a time until `budget` is spent: a word filter's ordered
    page without SQL's sort of every row. Ties come in no set order (the caller puts them
    in the library's). None for another order."""
    field = ORDER_FIELDS.get(order)
    if field is None or field == "newest":
        return None

    def run(idx: Index) -> InOrder:
        plan = _query(idx, "", flt)
        if plan is None:
            return InOrder(iter(()), 0)
        searcher = idx.searcher()
        return InOrder(_ranked(reads, searcher, plan.query, flt, page=200, most=STREAM_PAGE,
                               budget=budget, order_by=field),
                       _matches(searcher, plan.query))

    return mended(reads, run)


def tied_rows(reads: Database, flt: Filter, order: str, value: int) -> list[int] | None:
    """The library rows of the papers that `flt`'s index terms let through with `value`
    in `order`'s field (-1: no value), when there are at most TIED_MOST (None: more, or
    another order)."""
    field = ORDER_FIELDS.get(order)
    if field is None or field == "newest":
        return None

    def run(idx: Index) -> list[int] | None:
        plan = _query(idx, "", flt)
        if plan is None:
            return []
        searcher = idx.searcher()
        tied = _around(plan.query, field, value if value >= 0 else None)[1]
        hits = searcher.search(tied, TIED_MOST + 1, count=False).hits
        if len(hits) > TIED_MOST:
            return None
        return _hit_rows(reads, searcher, [address for _, address in hits])

    return mended(reads, run)


def nearest(reads: Database, text: str, flt: Filter | None,
            words: Sequence[tuple[str, float]], limit: int, *, page: int = 0,
            without: Iterable[str] = ()) -> Hits | None:
    """The `limit` matches of `text` ("": every paper) through `flt` that hold the most of
    `words` (word, weight above 0), each word weighed by its weight in title, abstract and
    AI keywords as a taste weighs a paper's text (TASTE_FIELDS); and how many match in
    all. A taste's candidates, where there are too many matches to score them all. With
    a filter checked in Python, the `limit` are those its index terms let through, then
    checked: fewer may pass, and the count is "at least" those (exact only when every
    match was read). With `page` (the papers a ranking of them
    shows): None when ranking among them is not worth it, for no more than `limit` match
    (score them all) or fewer than `page` candidates pass."""
    if limit <= 0:
        return Hits([], 0, True)

    def run(idx: Index) -> Hits | None:
        plan = _query(idx, text, flt, without)
        if plan is None:
            return Hits([], 0, True)
        searcher = idx.searcher()
        total = _matches(searcher, plan.query)
        every = total <= limit  # every match would be read (and checked)
        if page and every:
            return None  # (said before reading them: the caller reads them all again)
        near: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for word, weight in words:
            tokens = _tokens(word, _STEM) if weight > 0 and math.isfinite(weight) else []
            if len(tokens) == 1:  # (a word the analyzer splits or drops is not asked)
                near.extend((tantivy.Occur.Should, tantivy.Query.boost_query(
                    tantivy.Query.term_query(SCHEMA, field, tokens[0]), weight * boost))
                    for field, boost in TASTE_FIELDS.items())
        query = (tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.const_score_query(plan.query, 0.0)), *near])
            if near else plan.query)
        found = _found(reads, searcher, _by_relevance(searcher, query, limit))
        if not plan.exact:
            assert flt is not None
            found = [p for p in found if flt.matches(p)]
        if page and len(found) < page:
            return None
        return Hits(found, total if plan.exact else len(found), plan.exact or every)

    return mended(reads, run)


def _around(query: tantivy.Query, field: str, cut: int | None
            ) -> tuple[tantivy.Query, tantivy.Query]:
    """`query`'s matches above an ordered page's cut in `field`, and those at it (cut
    None: the papers with no value, below every paper with one)."""
    valued = _spec_query(("range", field, -(2**63), None))
    if cut is None:
        return _and(query, valued), tantivy.Query.boolean_query([
            (tantivy.Occur.Must, query), (tantivy.Occur.MustNot, valued)])
    return (_and(query, _spec_query(("range", field, cut + 1, None))),
            _and(query, _spec_query(("range", field, cut, cut))))


def _and(query: tantivy.Query, only: tantivy.Query) -> tantivy.Query:
    """`query` among the papers `only` passes, scored as `query` alone."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Must, query),
        (tantivy.Occur.Must, tantivy.Query.const_score_query(only, 0.0))])


def _by_relevance(searcher: tantivy.Searcher, query: tantivy.Query, limit: int
                  ) -> list[tantivy.DocAddress]:
    """The best `limit` matches of `query` by score (ties as every ranked page has them)."""
    if limit <= 0:
        return []
    return [address for _, address in searcher.search(query, limit, count=False).hits]


class Narrowed(NamedTuple):
    """What the search index knows of a filter alone: how many papers pass it (None when
    Python must still check some), and their library rows when they are few (None: more
    than asked for; then walking the library in order finds a page sooner)."""

    total: int | None
    rows: list[int] | None


def narrowed(reads: Database, flt: Filter, most: int) -> Narrowed | None:
    """The papers that the filter's index terms let through (families, dates, `-k`
    words, `--author`, ...): a superset of its matches when Python checks some (`-k`,
    `-x`), exactly them otherwise. None when the filter has no index term."""

    def run(idx: Index) -> Narrowed | None:
        plan = _query(idx, "", flt)
        if plan is None or not plan.rest:
            return None
        searcher = idx.searcher()
        count = _matches(searcher, plan.query)
        total = count if plan.exact else None
        if count > most:
            return Narrowed(total, None)
        hits = searcher.search(plan.query, max(count, 1), count=False).hits
        return Narrowed(total, _hit_rows(reads, searcher, [address for _, address in hits]))

    return mended(reads, run)


@lenient
def _hit_rows(reads: Database, searcher: tantivy.Searcher,
              addresses: Sequence[tantivy.DocAddress]) -> list[int]:
    """The library rows of these documents: the row each carries, where that row still
    holds its paper (the checksum of its id, as `_found` checks); else found by id."""
    rows = searcher.fast_field_values("row", list(addresses))
    checks = searcher.fast_field_values("check", list(addresses))
    wanted = sorted({r for r in rows if type(r) is int})
    held: dict[int, int] = {}
    for chunk, marks in in_chunks(wanted):
        for row, pid in reads.conn.execute(
                f"SELECT rowid, id FROM papers WHERE rowid IN ({marks})", chunk):
            if type(pid) is str:
                held[row] = checksum(pid)
    out = [row for row, check in zip(rows, checks, strict=True)
           if type(row) is int and held.get(row) == check]
    astray = [address for address, row, check in zip(addresses, rows, checks, strict=True)
              if type(row) is not int or held.get(row) != check]
    ids = [pid for address in astray if (pid := _doc_id(searcher, address))]
    return out + list(rowids(reads, ids).values())


def any_word_ids(reads: Database, words: Sequence[str], limit: int) -> list[str]:
    """Ids ranked best for any of `words` in title, abstract and AI keywords (ranking's
    candidates: related papers, for-you)."""
    if limit <= 0:
        return []

    def run(idx: Index) -> list[str]:
        searcher = idx.searcher()
        query = text_query(" ".join(f'"{w}"' for w in words if '"' not in w),
                           ("title", "summary", "ai_keywords"), any_of=True,
                           searcher=searcher)
        if query is None:
            return []
        return _ids(searcher, searcher.search(query, limit, count=False))

    return mended(reads, run)


# How alike a word no paper holds and a word of the index must be to be said as meant
# (difflib's ratio: `llavva` and llava 0.91, `qwne` and qwen 0.75), and the most words of
# each field starting with its letter that are compared (a library of the real archive's
# size has 600 to 5,500).
SPELLED_CUTOFF = 0.75
SPELLED_WALK = 50_000
SPELLED_READ = 20  # papers holding the word read for the way they write it


def respelled(reads: Database, text: str) -> dict[str, str]:
    """For each plain word of `text` (not a phrase, not a prefix) that no paper holds, the
    word of the library nearest it, as its papers write it (`llavva`: LLaVA), where one
    is near enough (SPELLED_CUTOFF); {} without the bindings' term dictionary. The index
    holds stems, so the nearest stem is found, then the word of it in the papers that
    hold it nearest what was typed (`transfromer`: transformer, not transformation)."""

    def run(idx: Index) -> dict[str, str]:
        searcher = idx.searcher()
        walk = _term_walk(searcher)
        if walk is None:
            return {}
        out: dict[str, str] = {}
        for tokens, _, word in _pieces(text):
            if (word is None or word in out or len(tokens) != 1 or len(tokens[0]) < 4
                    or any(is_cjk_letter(ch) for ch in tokens[0])
                    or symbol_words(word) != word  # (C#: a name, no typo of "carp")
                    or any(searcher.doc_freq(f, tokens[0]) for f in BOOSTS)):
                continue
            stem = _nearest_term(searcher, walk, tokens[0])
            written = None if stem is None else _as_written(reads, searcher, stem, word)
            if written is not None:
                out[word] = written
        return out

    return mended(reads, run)


def _nearest_term(searcher: tantivy.Searcher, walk: Callable[..., list[tuple[str, int]]],
                  token: str) -> str | None:
    """The index's word nearest `token` among those starting with its letter: the most
    alike, a more common one winning over a slightly more alike rare one (`mamab`:
    mamba, in 114 papers, not mmlab in 3)."""
    import difflib

    counts: dict[str, int] = {}
    for field in BOOSTS:
        for term, n in walk(field, token[0], limit=SPELLED_WALK):
            counts[term] = counts.get(term, 0) + n
    close = difflib.get_close_matches(token, list(counts), n=5, cutoff=SPELLED_CUTOFF)

    def score(term: str) -> float:
        alike = difflib.SequenceMatcher(None, token, term).ratio()
        return alike + 0.05 * math.log10(1 + counts[term])

    return max(close, key=score) if close else None


def _as_written(reads: Database, searcher: tantivy.Searcher, stem: str,
                typed: str) -> str | None:
    """The word of `stem` as the papers holding it write it: of their words that are
    that stem, the one nearest `typed`, in the case most of them write it."""
    import difflib

    query = tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, f, stem)) for f in BOOSTS])
    papers = _found(reads, searcher, _by_relevance(searcher, query, SPELLED_READ))
    seen: dict[str, dict[str, int]] = {}  # lower case: as written, how often
    for paper in papers:
        text = " ".join([paper.title, paper.summary, *paper.ai_keywords, *paper.authors])
        for word in re.findall(r"[^\W_]+", text):
            if _tokens(word, _STEM) == [stem]:
                forms = seen.setdefault(word.lower(), {})
                forms[word] = forms.get(word, 0) + 1
    if not seen:
        return None
    wanted = typed.lower()
    nearest = max(seen, key=lambda w: (difflib.SequenceMatcher(None, wanted, w).ratio(),
                                       sum(seen[w].values())))
    return max(seen[nearest], key=lambda form: seen[nearest][form])
