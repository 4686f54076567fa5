"""Relevance: a taste model learned from the user's own marks, `related`, and why.

How it works (README, "How for-you ranks"):
- Features are TF-IDF over a paper's title (counted twice), abstract and AI keywords:
  lowercased word tokens, a small stop list, sublinear term frequency, smoothed IDF, unit
  length; the same formulas as scikit-learn's `TfidfVectorizer(sublinear_tf=True)`
  (tests/test_ranking.py checks that the vectors agree). The IDF table (the "vocabulary")
  is fitted once per library state, over the whole library or an evenly spaced sample of
  `VOCAB_SAMPLE` papers, and cached; it is refitted when the library has grown or shrunk
  by a tenth (at once while it is small).
- The taste is a logistic regression (scikit-learn) on those features: starred and read
  papers are positives (and each watch, as a pseudo-paper of its words, a weaker one);
  papers you hid are strong negatives; papers `papers new` showed you that you never
  starred are weak negatives, and an evenly spaced sample of the library is the
  background. It is retrained only when those marks (or the vocabulary) change: a
  fingerprint of them is stored with the model.
- Scoring needs neither scikit-learn nor numpy: a model is a table of term weights, so
  ranking a few hundred papers is tokenising them and a sum per paper. `for-you` streams
  its candidates from the library (`for_you`, `Taste.rank`): read, scored and dropped
  `CHUNK` at a time, only the best `-n` kept, so years of listings cost one pass and the
  memory of what is shown.
- `related` asks the library's full-text index for papers sharing the paper's most
  distinctive terms, then orders those by TF-IDF cosine similarity.

Caches live in `paths.cache_dir()/ranking/` as JSON (not pickle: a file on disk is data,
and loading must never run code). A damaged, foreign or older-version file is rebuilt
silently; damaged includes any number that is NaN, infinite, out of range or of the wrong
type, so every score is a finite number in 0..1 and JSON output stays JSON. Everything
is local: nothing here touches the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import math
import operator
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from itertools import islice, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from papercli import paths
from papercli.models import Paper

if TYPE_CHECKING:
    from papercli.db.store import Store
    from papercli.db.userdb import UserDB

VERSION = 1  # of the cache files and the features; a different one is rebuilt
MIN_POSITIVES = 3  # fewer starred/read papers (and watches) than this: upvotes order
VOCAB_SAMPLE = 20_000  # papers the IDF table is fitted on, at most
REFIT_SMALL = 2_000  # below this many papers, any change of the library refits the IDF
REFIT_SHARE = 0.10  # above it, a change of this share of the papers does
SEEN_NEGATIVES = 2_000  # most recent seen-but-not-starred papers used as weak negatives
BACKGROUND = 2_000  # library papers used as background negatives
RELATED_TERMS = 12  # distinctive terms of a paper asked of the full-text index
RELATED_POOL = 400  # candidates `related` re-ranks (more when filters thin them out)
WEIGHT = {"star": 1.0, "read": 1.0, "watch": 0.5, "hidden": 2.0, "seen": 0.3,
          "background": 0.3}
C = 1.0  # inverse regularisation strength of the logistic regression
CHUNK = 5_000  # candidates read and scored at a time by `Taste.rank`

# Punctuation (ASCII and the common Unicode kinds) becomes a space, then the text is split:
# several times faster than a Unicode regex, and ranking is mostly this.
_SPLIT = str.maketrans({c: " " for c in (
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "\u00a0\u00ab\u00b7\u00bb\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201c\u201d"
    "\u2026\u2212\u00d7\u2192")})
STOP_WORDS = frozenset((
    "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along",
    "also", "although", "always", "am", "among", "an", "and", "another", "any", "are",
    "around", "as", "at", "be", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "during",
    "each", "either", "else", "etc", "even", "ever", "every", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself",
    "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
    "least", "less", "many", "may", "me", "might", "more", "most", "much", "must", "my",
    "myself", "neither", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one",
    "only", "onto", "or", "other", "others", "our", "ours", "ourselves", "out", "over", "own",
    "per", "rather", "same", "several", "she", "should", "since", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there", "therefore",
    "these", "they", "this", "those", "though", "through", "thus", "to", "too", "toward",
    "towards", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
    "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
    "yourselves", "paper", "papers", "propose", "proposed", "proposes", "present", "presents",
    "introduce", "introduces", "show", "shows", "shown", "demonstrate", "demonstrates",
    "results", "result", "approach", "approaches", "method", "methods", "based", "using",
    "use", "used", "new", "novel", "existing", "work", "works", "well", "furthermore",
    "moreover", "additionally",
))


def _words(text: str) -> list[str]:
    return text.lower().translate(_SPLIT).split()


def is_term(word: str) -> bool:
    """Two or more letters or digits, starting with a letter, not a stop word."""
    return len(word) > 1 and word[0].isalpha() and word.isalnum() and word not in STOP_WORDS


def tokens(text: str) -> list[str]:
    """Lowercased word tokens of two or more characters, starting with a letter, without
    stop words: `Qwen2.5-VL` gives `qwen2`, `vl`."""
    return [t for t in _words(text) if is_term(t)]


def document(title: str, summary: str, keywords: Iterable[str]) -> str:
    """The text a paper is judged by; the title counts twice."""
    return "\n".join([title, title, summary, " ".join(keywords)])


def paper_text(paper: Paper) -> str:
    return document(paper.title, paper.summary, paper.ai_keywords)


Vector = dict[str, float]
_SUBLINEAR = [0.0] + [1.0 + math.log(c) for c in range(1, 256)]


def _sublinear(count: int) -> float:
    """1 + ln(count), the term-frequency damping, from a table for the usual counts."""
    return _SUBLINEAR[count] if count < 256 else 1.0 + math.log(count)


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


# -- cache files --------------------------------------------------------------------------


def cache_dir() -> Path:
    return paths.cache_dir() / "ranking"


MAX_WEIGHT = 1e6  # |term weight| and |intercept| in a cache: a trained one is far below
MAX_IDF = 1e3  # an IDF is 1 + ln((1 + n) / (1 + df)): far below for any library


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    """A JSON number that is a finite float: `1e999` parses to infinity, refused."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _read_json(path: Path, kind: str) -> dict[str, Any] | None:
    """A cache file of this version and kind, or None (missing, damaged, old, foreign).
    Strict JSON: NaN, Infinity and numbers too large for a float make the file damaged,
    so a non-finite value can never come out of a cache."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant,
                          parse_float=_finite)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("kind") != kind:
        return None
    return data


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Atomically (temp file, rename); a cache that cannot be written is not an error: the
    next command rebuilds it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                  allow_nan=False), encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, ValueError):  # ValueError: a non-finite number, never written
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


# -- the library, read-only (the SQL is the store's) ----------------------------------------


def library_state(store: Store) -> int:
    """The highest rowid: grows with every paper added (rows are never deleted one by one),
    drops when the library is cleared, and costs nothing to read (count(*) scans)."""
    return store.max_rowid()


def _sample_texts(store: Store, limit: int) -> list[tuple[str, str]]:
    """(id, document) of up to `limit` papers spread evenly over the library, read by
    rowid (no scan of the table)."""
    top = library_state(store)
    step = max(1, top / limit)
    wanted = sorted({int(1 + i * step) for i in range(min(limit, top))})
    return [(pid, document(title, summary, _keywords(kws)))
            for pid, title, summary, kws in store.texts(rowids=wanted)]


def _texts(store: Store, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """id -> (title, document) for those of `ids` in the library."""
    return {pid: (title, document(title, summary, _keywords(kws)))
            for pid, title, summary, kws in store.texts(ids=list(ids))}


def _keywords(raw: str) -> list[str]:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _fts_candidates(store: Store, terms: Sequence[str], limit: int) -> list[str]:
    """Ids of the papers the search index ranks best for any of `terms` (title, abstract,
    AI keywords; not authors). Terms are word tokens: never syntax."""
    words = [t for t in terms if is_term(t)]
    return store.ranked_ids(words, limit) if words else []


# -- the vocabulary (IDF table) -------------------------------------------------------------


class Vocabulary:
    """Term -> IDF, fitted over the library (or a sample of it)."""

    __slots__ = ("docs", "idf", "key", "state")

    def __init__(self, idf: dict[str, float], docs: int, state: int) -> None:
        self.idf = idf
        self.docs = docs
        self.state = state
        self.key = f"{state}:{docs}:{len(idf)}"

    @classmethod
    def fit(cls, texts: Iterable[str], state: int = 0) -> Vocabulary:
        """Document frequencies over `texts`; terms in one document only are dropped once
        there are 200 documents, and terms in more than half of them once there are 100
        (they tell papers apart no better than a stop word)."""
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(set(_words(text)))  # which words are terms is decided once, below
            n += 1
        min_df = 2 if n >= 200 else 1
        max_df = n // 2 if n >= 100 else n
        idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()
               if min_df <= c <= max_df and is_term(t)}
        return cls(idf, n, state)

    def vector(self, text: str) -> Vector:
        """Sublinear TF times IDF, unit length; terms outside the vocabulary (stop words
        among them: `fit` never keeps one) are ignored. The hot loop of all ranking."""
        idf = self.idf
        vec = {t: _sublinear(c) * idf[t] for t, c in Counter(_words(text)).items() if t in idf}
        norm = math.hypot(*vec.values())
        if not norm:
            return {}
        scale = 1.0 / norm
        return {t: w * scale for t, w in vec.items()}

    @classmethod
    def load(cls, store: Store) -> Vocabulary | None:
        """The cached vocabulary if it still fits the library, else a new one (None for an
        empty library)."""
        state = library_state(store)
        if state == 0:
            return None
        path = cache_dir() / "vocabulary.json"
        data = _read_json(path, "vocabulary")
        if data is not None:
            built, idf, docs = data.get("state"), data.get("idf"), data.get("docs")
            if (_count(built) and _count(docs) and isinstance(idf, dict) and idf
                    and all(_number(v, 1.0, MAX_IDF) for v in idf.values())
                    and not _refit(built, state)):
                return cls(idf, docs, built)
        vocab = cls.fit((text for _, text in _sample_texts(store, VOCAB_SAMPLE)), state)
        _write_json(path, {"version": VERSION, "kind": "vocabulary", "state": state,
                           "docs": vocab.docs, "idf": vocab.idf})
        return vocab


def _count(value: object) -> TypeGuard[int]:
    """A count in a cache: an int (not a bool, not a float) in a sane range."""
    return type(value) is int and 0 <= value < 1 << 62


def _number(value: object, low: float, high: float) -> TypeGuard[float]:
    """A float in a cache (a trained value is always written as one), finite, in range."""
    return type(value) is float and low <= value <= high


def _refit(built: int, now: int) -> bool:
    """Whether the library changed enough since the IDF table was fitted."""
    if built == now:
        return False
    if now < built:
        return True  # cleared (and maybe refilled): other papers
    if now < REFIT_SMALL:
        return True
    return now - built > REFIT_SHARE * built


# -- results --------------------------------------------------------------------------------


class Why(NamedTuple):
    """Why a paper ranks where it does."""

    terms: tuple[str, ...]  # its terms that weigh most for this ranking
    closest_id: str | None = None  # the starred (or read) paper it is most like
    closest_title: str | None = None
    closest_kind: str | None = None  # "starred" or "read"
    similarity: float = 0.0

    def line(self) -> str:
        parts = ["terms: " + (", ".join(self.terms) if self.terms else "none in common")]
        if self.closest_id:
            parts.append(f"closest {self.closest_kind}: {self.closest_id} "
                         f"{self.closest_title or ''} ({self.similarity:.2f})".rstrip())
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": list(self.terms),
            "closest": None if not self.closest_id else {
                "id": self.closest_id, "title": self.closest_title, "kind": self.closest_kind,
                "similarity": round(self.similarity, 4),
            },
        }


class Scored(NamedTuple):
    paper: Paper
    score: float | None  # None: no model (too few positives), upvotes order; else finite
    why: Why | None = None


class Ranking(NamedTuple):
    """What `Taste.rank` kept, and how many candidates it ranked."""

    scored: list[Scored]  # best first, at most the limit asked for
    total: int


def _upvotes_key(p: Paper) -> tuple[int, str, str]:
    return (-p.upvotes, _neg(p.date), p.id)


def upvotes_order(papers: Iterable[Paper]) -> list[Paper]:
    """The fallback: most upvoted first, then newest, then id: never random-looking."""
    return sorted(papers, key=_upvotes_key)


def _probability(value: float) -> float:
    """The logistic of a raw score, always finite (a NaN raw score, which validated
    weights cannot give, counts as the lowest)."""
    if value != value:
        return 1.0 / (1.0 + math.exp(50.0))
    return 1.0 / (1.0 + math.exp(-max(min(value, 50.0), -50.0)))


def _best_first(item: tuple[float, int, Paper]) -> tuple[float, int]:
    return (-item[0], item[1])


def _batches(items: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch


def _neg(day: str) -> str:
    # Newest first within the same upvotes, inside an ascending sort.
    return "".join(chr(0x10FFFF - ord(c)) for c in day)


# -- the taste model -------------------------------------------------------------------------


class Positive(NamedTuple):
    id: str
    title: str
    kind: str  # starred, read


class Taste:
    """The user's taste: term weights learned from their marks. `Taste.load` gives the
    cached model or retrains it; `ready` is False when there are too few positives, and
    `score` then falls back to upvotes order (`notice` says why)."""

    def __init__(
        self,
        vocab: Vocabulary | None,
        weights: dict[str, float],
        intercept: float,
        positives: list[Positive],
        *,
        notice: str | None = None,
        trained: bool = False,
        counts: dict[str, int] | None = None,
        texts: Any = None,
    ) -> None:
        self.vocab = vocab
        self.weights = weights
        self.intercept = intercept
        self.positives = positives
        self.notice = notice
        self.trained = trained  # retrained by this load (not from the cache)
        self.counts = counts or {}
        # () -> {id: document} of the positives, called the first time --explain needs them
        self._texts = texts
        self._vectors: dict[str, Vector] | None = None
        self._index: dict[str, list[tuple[int, float]]] | None = None

    @property
    def ready(self) -> bool:
        return self.vocab is not None and bool(self.weights) and self.notice is None

    @classmethod
    def load(cls, store: Store, udb: UserDB, *, seeds: Sequence[str] = (),
             vocab: Vocabulary | None = None) -> Taste:
        """The model for the current marks: from the cache when its fingerprint matches,
        else retrained (and cached). `seeds` are watch texts, weaker positives."""
        vocab = vocab or Vocabulary.load(store)
        marks = _Marks.from_db(udb)
        n_pos = len(marks.positive_ids) + len([s for s in seeds if tokens(s)])
        if vocab is None:
            return cls(None, {}, 0.0, [], notice="the library is empty, so there is nothing "
                       "to rank: most upvoted first")
        if n_pos < MIN_POSITIVES:
            have = ("no starred or read papers" if n_pos == 0
                    else f"only {n_pos} starred/read paper{'s' if n_pos != 1 else ''} "
                         "and watches")
            return cls(vocab, {}, 0.0, [], notice=(
                f"relevance needs at least {MIN_POSITIVES} starred or read papers (there "
                f"are {have}); showing the most upvoted first — star papers you like "
                "with `papers star ID`"))
        fingerprint = marks.fingerprint(vocab, seeds)
        path = cache_dir() / "taste.json"
        data = _read_json(path, "taste")
        if data is not None and data.get("fingerprint") == fingerprint:
            cached = cls._from_json(vocab, data)
            if cached is not None:
                cached._texts = lambda: marks.documents(store, [p.id for p in cached.positives])
                return cached
        taste = cls.train(store, vocab, marks, seeds)
        if taste.ready:
            _write_json(path, {
                "version": VERSION, "kind": "taste", "fingerprint": fingerprint,
                "weights": taste.weights, "intercept": taste.intercept,
                "counts": taste.counts, "positives": [list(p) for p in taste.positives],
            })
        return taste

    @classmethod
    def _from_json(cls, vocab: Vocabulary, data: dict[str, Any]) -> Taste | None:
        """The cached model, checked value by value: a file on disk is data. Any weight or
        intercept that is not a finite float of sane size, or a count that is not an int,
        and the model is retrained: a NaN weight would make every score NaN."""
        weights, intercept = data.get("weights"), data.get("intercept")
        counts, rows = data.get("counts"), data.get("positives")
        if not (isinstance(weights, dict) and weights
                and all(_number(v, -MAX_WEIGHT, MAX_WEIGHT) for v in weights.values())
                and _number(intercept, -MAX_WEIGHT, MAX_WEIGHT)
                and isinstance(counts, dict) and all(_count(v) for v in counts.values())
                and isinstance(rows, list)
                and all(isinstance(r, list) and len(r) == 3
                        and all(isinstance(x, str) for x in r) for r in rows)):
            return None
        return cls(vocab, weights, float(intercept), [Positive(*r) for r in rows],
                   counts=dict(counts))

    @classmethod
    def train(cls, store: Store, vocab: Vocabulary, marks: _Marks,
              seeds: Sequence[str] = ()) -> Taste:
        """Fit the logistic regression on the marks (see the module docstring)."""
        rows: list[tuple[Vector, int, float]] = []
        positives: list[Positive] = []
        vectors: dict[str, Vector] = {}
        pos_ids = marks.positive_ids
        texts = _texts(store, [*pos_ids, *marks.hidden, *marks.seen])
        for pid, kind in pos_ids.items():
            title, text = texts.get(pid) or marks.snapshots.get(pid) or ("", "")
            vec = vocab.vector(text)
            if vec:
                rows.append((vec, 1, WEIGHT[kind]))
                positives.append(Positive(pid, title, "starred" if kind == "star" else "read"))
                vectors[pid] = vec
        for seed in seeds:
            vec = vocab.vector(seed)
            if vec:
                rows.append((vec, 1, WEIGHT["watch"]))
        taken = set(pos_ids) | marks.hidden
        for pid in marks.hidden:
            if pid in texts and (vec := vocab.vector(texts[pid][1])):
                rows.append((vec, 0, WEIGHT["hidden"]))
        seen = [p for p in marks.seen if p not in taken and p in texts]
        for pid in seen:
            if vec := vocab.vector(texts[pid][1]):
                rows.append((vec, 0, WEIGHT["seen"]))
        taken.update(seen)
        for pid, text in _sample_texts(store, BACKGROUND):
            if pid not in taken and (vec := vocab.vector(text)):
                rows.append((vec, 0, WEIGHT["background"]))
        counts = {"positives": len(positives), "seeds": len(seeds),
                  "negatives": sum(1 for _, y, _ in rows if y == 0)}
        n_pos = sum(1 for _, y, _ in rows if y == 1)
        if n_pos < MIN_POSITIVES:
            return cls(vocab, {}, 0.0, positives, trained=True, counts=counts, notice=(
                f"relevance needs at least {MIN_POSITIVES} starred or read papers with text "
                "in the library; showing the most upvoted first"))
        if counts["negatives"] == 0:
            # Nothing to contrast with (a library of starred papers only): likeness to
            # the average positive is the best there is.
            weights: dict[str, float] = {}
            for vec, _, w in rows:
                for t, x in vec.items():
                    weights[t] = weights.get(t, 0.0) + w * x
            norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
            taste = cls(vocab, {t: v / norm for t, v in weights.items()}, 0.0, positives,
                        trained=True, counts=counts)
        else:
            weights, intercept = _fit_logistic(rows)
            taste = cls(vocab, weights, intercept, positives, trained=True, counts=counts)
        taste._vectors = vectors
        return taste

    # -- scoring ---------------------------------------------------------------------

    def raw(self, vec: Mapping[str, float]) -> float:
        return self.intercept + _dot(vec, self.weights)

    def raw_text(self, text: str) -> float:
        """`raw(vocab.vector(text))` without building the vector: the same sums, done by
        C loops (map, hypot), a third faster on the path every ranked listing takes."""
        assert self.vocab is not None
        idf = self.vocab.idf
        counts = Counter(_words(text))
        terms = [t for t in counts if t in idf]
        sub = _SUBLINEAR  # _sublinear inlined: a call per term is a tenth of the time
        values = [(sub[c] if (c := counts[t]) < 256 else 1.0 + math.log(c)) * idf[t]
                  for t in terms]
        norm = math.hypot(*values)
        if not norm:
            return self.intercept
        dot: float = sum(map(operator.mul, values, map(self.weights.get, terms, repeat(0.0))))
        return self.intercept + dot / norm

    def score(self, papers: Iterable[Paper], *, explain: bool = False) -> list[Scored]:
        """Papers best first with a score in 0..1 (the model's probability that you would
        star it); without a model, most upvoted first with no score. Every paper at once,
        for a listing already in memory (`--sort relevance`); `rank` streams and cuts."""
        items = list(papers)
        if not self.ready or self.vocab is None:
            return [Scored(p, None, Why(()) if explain else None) for p in upvotes_order(items)]
        vocab = self.vocab
        out: list[tuple[float, int, Scored]] = []
        for n, paper in enumerate(items):
            why = None
            if explain:
                vec = vocab.vector(paper_text(paper))
                value = self.raw(vec)
                why = self._why(vec, paper.id)
            else:
                value = self.raw_text(paper_text(paper))
            prob = _probability(value)
            out.append((prob, n, Scored(paper, prob, why)))
        # Ties (identical texts) keep the order given.
        out.sort(key=lambda x: (-x[0], x[1]))
        return [s for _, _, s in out]

    def rank(self, papers: Iterable[Paper], limit: int, *, explain: bool = False,
             chunk: int = CHUNK) -> Ranking:
        """The best `limit` of `papers` (0: all) in `score`'s order, and how many there
        were. Candidates are taken `chunk` at a time, scored and dropped, and only a
        top-`limit` heap is kept: memory follows the limit, not the candidates (give an
        iterator, such as `Store.listed_papers`, and no list of them is ever built); time
        is one pass. With `explain`, only the papers kept are explained."""
        total = 0
        if not self.ready or self.vocab is None:
            def plain() -> Iterator[Paper]:
                nonlocal total
                for batch in _batches(papers, chunk):
                    total += len(batch)
                    yield from batch

            kept = (heapq.nsmallest(limit, plain(), key=_upvotes_key) if limit
                    else sorted(plain(), key=_upvotes_key))
            return Ranking([Scored(p, None, Why(()) if explain else None) for p in kept],
                           total)

        def scored() -> Iterator[tuple[float, int, Paper]]:
            nonlocal total
            for batch in _batches(papers, chunk):
                start = total
                total += len(batch)
                yield from [(_probability(self.raw_text(paper_text(p))), start + n, p)
                            for n, p in enumerate(batch)]

        best = (heapq.nsmallest(limit, scored(), key=_best_first) if limit
                else sorted(scored(), key=_best_first))
        vocab = self.vocab
        return Ranking([Scored(p, prob, self._why(vocab.vector(paper_text(p)), p.id)
                               if explain else None) for prob, _, p in best], total)

    def _why(self, vec: Mapping[str, float], own_id: str) -> Why:
        parts = sorted(((x * self.weights.get(t, 0.0), t) for t, x in vec.items()),
                       reverse=True)
        terms = tuple(t for c, t in parts[:3] if c > 0)
        return self._closest(vec, own_id, terms)

    def positive_vectors(self) -> dict[str, Vector]:
        if self._vectors is None:
            docs = self._texts() if self._texts is not None else {}
            assert self.vocab is not None
            self._vectors = {pid: self.vocab.vector(text) for pid, text in docs.items()}
        return self._vectors

    def _positive_index(self) -> dict[str, list[tuple[int, float]]]:
        """term -> [(positive, weight)]: the closest positive costs a few postings per
        term instead of a dot product with every starred paper."""
        if self._index is None:
            vectors = self.positive_vectors()
            index: dict[str, list[tuple[int, float]]] = {}
            for n, pos in enumerate(self.positives):
                for t, x in vectors.get(pos.id, {}).items():
                    index.setdefault(t, []).append((n, x))
            self._index = index
        return self._index

    def _closest(self, vec: Mapping[str, float], own_id: str, terms: tuple[str, ...]) -> Why:
        index = self._positive_index()
        sims: dict[int, float] = {}
        for t, x in vec.items():
            for n, y in index.get(t, ()):
                sims[n] = sims.get(n, 0.0) + x * y
        ranked = sorted(((sim, n) for n, sim in sims.items()
                         if self.positives[n].id != own_id), key=lambda a: (-a[0], a[1]))
        if not ranked or ranked[0][0] <= 0:
            return Why(terms)
        sim, n = ranked[0]
        pos = self.positives[n]
        return Why(terms, pos.id, pos.title, pos.kind, sim)

    def explain(self, paper: Paper) -> Why:
        """Why this paper scores as it does (empty terms without a model)."""
        if not self.ready or self.vocab is None:
            return Why(())
        return self._why(self.vocab.vector(paper_text(paper)), paper.id)


def _fit_logistic(rows: list[tuple[Vector, int, float]]) -> tuple[dict[str, float], float]:
    """scikit-learn's logistic regression over the terms these rows use (a term no row
    uses would get weight 0 anyway), classes balanced, rows weighted."""
    import numpy as np
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    columns: dict[str, int] = {}
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for vec, _, _ in rows:
        for t, x in vec.items():
            indices.append(columns.setdefault(t, len(columns)))
            data.append(x)
        indptr.append(len(data))
    matrix = csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices),
                         np.asarray(indptr)), shape=(len(rows), len(columns)))
    labels = np.asarray([y for _, y, _ in rows])
    weights = np.asarray([w for _, _, w in rows])
    model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear")
    model.fit(matrix, labels, sample_weight=weights)
    coef = model.coef_[0]
    terms = list(columns)
    return ({terms[i]: float(coef[i]) for i in np.flatnonzero(np.abs(coef) > 1e-9)},
            float(model.intercept_[0]))


class _Marks:
    """What the user database says about taste, read once."""

    def __init__(self, stars: dict[str, tuple[str, str]], read: list[str], hidden: set[str],
                 seen: list[str], seen_state: tuple[int, str | None]) -> None:
        self.snapshots = stars  # id -> (title, document) from the star's record
        self.read = read
        self.hidden = hidden
        self.seen = seen
        self.seen_state = seen_state
        # A hidden paper is never a positive, even if starred.
        self.positive_ids: dict[str, str] = {}
        for pid in stars:
            if pid not in hidden:
                self.positive_ids[pid] = "star"
        for pid in read:
            if pid not in hidden:
                self.positive_ids.setdefault(pid, "read")

    @classmethod
    def from_db(cls, udb: UserDB) -> _Marks:
        stars = {s.paper.id: (s.paper.title, paper_text(s.paper)) for s in udb.stars()}
        return cls(stars, sorted(udb.all_read()), udb.hidden(),
                   udb.recent_seen(SEEN_NEGATIVES), udb.seen_state())

    def documents(self, store: Store, ids: Sequence[str]) -> dict[str, str]:
        """id -> document of these papers: the library's record, else the star's."""
        found = {pid: text for pid, (_, text) in _texts(store, ids).items()}
        for pid in ids:
            if pid not in found and pid in self.snapshots:
                found[pid] = self.snapshots[pid][1]
        return found

    def fingerprint(self, vocab: Vocabulary, seeds: Sequence[str]) -> str:
        h = hashlib.sha256()
        for part in (str(VERSION), vocab.key, repr(sorted(self.positive_ids.items())),
                     repr(sorted(self.hidden)), repr(self.seen_state), repr(list(seeds)),
                     repr(WEIGHT), repr(C)):
            h.update(part.encode("utf-8", "replace"))
            h.update(b"\0")
        return h.hexdigest()


# -- for-you ----------------------------------------------------------------------------------


class ForYou(NamedTuple):
    """`for_you`'s answer: the papers kept, best first, and the listing days ranked."""

    scored: list[Scored]
    total: int  # candidates ranked (listed in the window, not left out)
    start: date
    end: date
    fell_back: bool  # nothing listed in the last RECENT_DAYS: the days up to the latest


def for_you(store: Store, taste: Taste, since: date | None, until: date | None, *,
            keep: Callable[[Paper], bool] | None = None, limit: int = 0,
            explain: bool = False, chunk: int = CHUNK) -> ForYou:
    """What `for-you` shows: the listings of the last RECENT_DAYS days (or since/until),
    those `keep` accepts, ranked by `taste`, the best `limit` (0: all). The listings are
    streamed from the library (`Store.listed_papers`), so a range of years costs one pass
    and the memory of `limit` papers. With no dates given and nothing listed in the
    window, the RECENT_DAYS days up to the latest day the library has a listing for."""
    from papercli import clock
    from papercli.listings import RECENT_DAYS

    end = until or clock.today()
    start = since or end - timedelta(days=RECENT_DAYS - 1)
    listed = 0

    def candidates(first: date, last: date) -> Iterator[Paper]:
        nonlocal listed
        for paper in store.listed_papers(first, last):
            listed += 1
            if keep is None or keep(paper):
                yield paper

    ranked = taste.rank(candidates(start, end), limit, explain=explain, chunk=chunk)
    if listed or since or until:
        return ForYou(ranked.scored, ranked.total, start, end, False)
    latest = store.latest_day_with_papers(end)
    if latest is None or not latest.key.startswith("day:"):
        return ForYou(ranked.scored, ranked.total, start, end, False)
    end = date.fromisoformat(latest.key[4:])
    start = end - timedelta(days=RECENT_DAYS - 1)
    ranked = taste.rank(candidates(start, end), limit, explain=explain, chunk=chunk)
    return ForYou(ranked.scored, ranked.total, start, end, True)


# -- related ----------------------------------------------------------------------------------


def related(store: Store, paper: Paper, limit: int | None = 20, *,
            vocab: Vocabulary | None = None, keep: Any = None, pool: int = RELATED_POOL,
            taste: Taste | None = None, explain: bool = False) -> list[Scored]:
    """The library's papers most like `paper` (which need not be in the library), best
    first, scored by cosine similarity in 0..1. `keep(paper) -> bool` filters candidates
    (filters, hidden papers) before the limit: pass a larger `pool` (candidates taken
    from the full-text index) when it is selective. `taste` supplies the closest starred
    paper for `explain`."""
    vocab = vocab or Vocabulary.load(store)
    if vocab is None:
        return []
    query = vocab.vector(paper_text(paper))
    if not query:
        return []
    distinctive = [t for t, _ in sorted(query.items(), key=lambda kv: -kv[1])[:RELATED_TERMS]]
    ids = [pid for pid in _fts_candidates(store, distinctive, pool) if pid != paper.id]
    texts = _texts(store, ids)
    ranked: list[tuple[float, int, str, Vector]] = []
    for n, pid in enumerate(ids):
        if pid not in texts:
            continue
        vec = vocab.vector(texts[pid][1])
        sim = _dot(query, vec)
        if sim > 0:
            ranked.append((sim, n, pid, vec))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    out: list[Scored] = []
    for sim, _, pid, vec in ranked:
        if limit and len(out) >= limit:
            break
        found = store.get_paper(pid)
        if found is None or (keep is not None and not keep(found)):
            continue
        why = None
        if explain:
            shared = sorted(((query[t] * x, t) for t, x in vec.items() if t in query),
                            reverse=True)
            terms = tuple(t for _, t in shared[:3])
            why = taste._closest(vec, pid, terms) if taste is not None else Why(terms)
        out.append(Scored(found, round(min(sim, 1.0), 6), why))
    return out
