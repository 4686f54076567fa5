"""Relevance: a taste model learned from the user's own marks, `related`, and why.

How it works (README, "How for-you ranks"):
- Features are TF-IDF over a paper's title (counted twice), abstract and AI keywords, of
  words and of pairs of neighbouring words ("flow matching"): lowercased, a small stop
  list, sublinear term frequency, smoothed IDF, unit length; the same formulas as
  scikit-learn's `TfidfVectorizer(sublinear_tf=True)` (tests/test_ranking.py checks that
  the vectors agree). The IDF table (the "vocabulary", the `MAX_FEATURES` most frequent
  terms) and the library's mean vector are fitted once per library state, over the whole
  library or an evenly spaced sample of `VOCAB_SAMPLE` papers, and cached; they are
  refitted when the library has grown or shrunk by a tenth (at once while it is small).
- The taste is one vector of term weights: the mean of the starred, read and tagged
  papers' vectors (each watch, as a pseudo-paper of its words, at half weight), less 1.5 times
  the library's mean paper (what every paper says counts for nothing: roughly what a
  linear SVM trained on the stars against the whole library, arXiv-sanity-lite's
  recipe, learns under strong regularisation, without the solver) and a tenth of the
  mean of recently seen papers never starred; each term then weighs up to AGREEMENT
  times more by the share of the positives that have it (the thread through them: a
  model family's name). Hidden papers are subtracted alike, each weighing as one
  positive does, and taking at most HIDDEN_CAP of a term the positives weigh for (so a
  hide lowers papers like it at once, and never turns the stars' own topic against
  them). It is scaled so that a typical starred paper scores about +2 and the average
  library paper about -2 before the logistic. Training is one pass
  over the marked papers' texts: no solver, no scikit-learn, no numpy, so the first
  `for-you` after a star costs about what a cached one does; the model is still cached
  under a fingerprint of the marks (`show`, `--sort relevance`).
- `--watch NAME` keeps only the starred, read and tagged papers the watch matches
  (`keep`, a predicate on a paper); `--tag TAG` keeps the papers carrying the tag (one
  more predicate: arXiv-sanity's model per tag); `--like ID...` makes the given papers the
  positives. None is cached: training is cheap.
- Scoring needs neither scikit-learn nor numpy: a model is a table of term weights, so
  ranking a few hundred papers is tokenising them and a sum per paper. `for-you` streams
  its candidates from the library (`for_you`, `Taste.rank`): read, scored and dropped
  `CHUNK` at a time, only the best `-n` kept, so years of listings cost one pass and the
  memory of what is shown. With no filter to pass, a candidate is read with its words
  alone (`brief`) and the papers kept are read whole. The rest of a long range's cost
  is tokenising (the pairs of words about half of it), by C loops already: integer
  term ids, tuples for pairs and the title tokenised once each counted more instructions.
- `related` asks the library's full-text index for papers sharing the given papers' most
  distinctive words, then orders those by their likeness to the papers' mean vector less
  the library's mean paper; for several papers each term then weighs more by the share
  of them that has it (AGREEMENT, as for-you's taste: what they have in common, not one
  paper's quirk), for one paper its best candidates join the query in a second pass
  and a candidate gains by sharing the paper's topic-level terms (RELATED_TOPICAL: words
  in between 1% and 30% of the papers, "diffusion", "reward model", which name its topic
  where its rarest words name only itself). Beside the words, the library's latent
  topics (`papercli.topics`: a factorization of the library learned once per
  vocabulary): the index is also asked for the words of the topics the query loads on,
  and a candidate gains by loading on the same topics (RELATED_LATENT).
- `--explain` gives each paper's terms that weigh most for and against it (its term
  times the weight), the starred paper it is closest to, and how many hidden papers it
  is like (cosine at least `HIDDEN_LIKE`), the most alike named: "lower: like 2 hidden
  papers (2608.99011, 2608.99012)".

Caches live in `paths.cache_dir()/ranking/` as JSON (not pickle: a file on disk is data,
and loading must never run code), and beside the vocabulary its index by term
(`VocabularyIndex`: text), from which `show` reads the few terms it explains. A damaged,
foreign or older-version file is rebuilt silently; damaged includes any number that is
NaN, infinite, out of range or of the wrong type, so every score is a finite number in
0..1 and JSON output stays JSON. Beside them `counts.bin` (`TermCounts`): each paper's
terms and counts by the digest of its text, so a paper ranked again is not tokenised
again (binary: mapped, and hashed into buckets by that digest, so a lookup reads one
bucket; each record checked by its CRC-32). Everything is local: nothing here touches
the network.
An import or a sync that grew a large library fills the vocabulary and topics caches at
its end (`prepare`), so the first ranking call after it reads them instead of fitting.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import math
import operator
import os
import re
import struct
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from itertools import filterfalse, islice, pairwise, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard, TypeVar

from papercli import paths
from papercli.models import Paper
from papercli.words import empty_library, singular

if TYPE_CHECKING:
    from papercli.db.store import Store
    from papercli.db.userdb import UserDB
    from papercli.topics import Topics

T = TypeVar("T")

VERSION = 4  # of the cache files and the features; a different one is rebuilt
MIN_POSITIVES = 3  # fewer starred/read papers (and watches) than this: upvotes order
UNRANKED = "most upvoted first"  # the order of a list without a ranking (`Taste.score`)
# How the too-few notice says to add stars (the browser says it in its keys instead).
STAR_ADVICE = "with papers star ID"
VOCAB_SAMPLE = 20_000  # papers the IDF table is fitted on, at most
REFIT_SMALL = 2_000  # below this many papers, any change of the library refits the IDF
REFIT_SHARE = 0.10  # above it, a change of this share of the papers does
SEEN_NEGATIVES = 100  # most recent seen-but-not-starred papers used as weak negatives
MAX_FEATURES = 20_000  # terms (words and word pairs) kept in the vocabulary
PRUNE_EVERY = 2_000  # papers between two prunings of the one-off grams while fitting
# A starred paper less alike than this is not named as the closest ("closest starred: …
# (0.01)" pointed at noise). On the real archive, two papers drawn at random have a
# median similarity of 0.02 and 9 in 10 pairs are below 0.05; a paper's five most related
# are at 0.12 to 0.24 (80% of them).
CLOSEST_FLOOR = 0.05
RELATED_TERMS = 12  # distinctive terms of a paper asked of the full-text index
RELATED_POOL = 400  # candidates `related` re-ranks (more when filters thin them out)
# Papers `related` ranks by, at most: the first given (1,000 piped ids cost a look-up, maybe a
# fetch, each, and their mean is near the library's average paper, which ranks nothing).
RELATED_SEEDS = 100
FEEDBACK = 8  # best candidates of `related` whose mean joins the query for a second pass
FEEDBACK_WEIGHT = 0.5  # of that mean against the papers' own
RELATED_AGREEMENT = 0.0  # AGREEMENT for `related` (measured: 30 is no better for one paper)
# AGREEMENT for several papers given together: the thread through them, as for-you's
# (measured on bench/relevance.py, three papers of a topic: P@10 0.33 -> 0.63 on model
# families, 0.68 -> 0.69 on keyword groups; held out 0.39 -> 0.64 and 0.43 -> 0.50).
RELATED_SEVERAL_AGREEMENT = 30.0  # = AGREEMENT
RELATED_FEEDBACK_AGREEMENT = 0.0  # of one paper's feedback pass (measured: 30 is no better)
# Topic words: for one paper, a candidate also gains RELATED_TOPICAL times the share of the
# paper's topic-level terms it has, terms in between TOPICAL_SHARE of the library's papers
# ("reward", "diffusion", "video generation": what a topic is named by, which the most
# distinctive terms miss). Measured on bench/relevance.py, one paper, P@10 tuned / held
# out: keyword topics 0.51 -> 0.56 / 0.38 -> 0.39; model families 0.09 -> 0.12 / 0.24 -> 0.23.
RELATED_TOPICAL = 0.5
TOPICAL_SHARE = (0.01, 0.3)
# A candidate also gains RELATED_LATENT times its likeness in latent topics to the paper
# (`topics.Topics`: NMF of the library at three granularities). Measured on
# bench/relevance.py, one paper, P@10 tuned / held out: keyword groups 0.52 / 0.40 ->
# 0.61 / 0.45 (weights from 0.3 to 1.0 all within 0.005 of each other).
RELATED_LATENT = 0.6
# The search index is also asked for as many papers again by the words of the finest
# topics the query loads on (`Topics.words`): papers of its topic that share none of its
# rarest words. Measured on bench/relevance.py's held-out keyword groups (its queries
# under --tuning's sampling, an earlier fit of the topics): P@10 0.415 without them,
# 0.426 with the finest topics' 12 words, 0.412 with all three factorizations' words
# summed; asking the index for 1,000 papers by the query's own words instead: 0.436, at
# 2.5 times the reads.
RELATED_TOPIC_WORDS = 12
WEIGHT = {"star": 1.0, "read": 1.0, "tag": 1.0, "like": 1.0, "watch": 0.5, "hidden": 1.0,
          "seen": 0.1}
KINDS = {"star": "starred", "read": "read", "tag": "tagged", "like": "liked"}
BACKGROUND_WEIGHT = 1.5  # how much of the library's mean paper a taste is measured against
AGREEMENT = 30.0  # how much more a term shared by all positives weighs than one of none
HIDDEN_CAP = 0.5  # of a term the positives weigh for, the most hidden papers take off
# Cosine similarity from which a paper counts as like a hidden one ("lower: like 2 hidden
# papers"). Measured on the real archive (9,877 papers; tastes of 8 to 10 starred papers
# of a topic with 3 to 5 hidden, each paper of the last weeks scored with and without
# them): of the papers at 0.1 or more, 99% ranked lower for the hides, by 5 Rel points
# at the median. At 0.2 a hidden paper was like one paper of the whole library at the
# median, so a week's for-you never said it of any, not of those lowered by 10 or more.
HIDDEN_LIKE = 0.1
HIDDEN_NAMED = 2  # of those hidden papers, the most a line names (JSON lists them all)
MARKED = "starred or read papers"  # what a taste is learned from, as a user counts it
TAGGED_TOO = "starred, read or tagged papers"  # ... said where tagged papers are counted
CHUNK = 5_000  # candidates read and scored at a time by `Taste.rank`
# A ranked page of more matches than `near_pool` (`--sort relevance -n N` over a big
# library) is ranked among that many papers: those the search index finds holding the most
# of the taste's NEAR_WORDS strongest words. bench/near_quality.py (the real archive,
# 9,877 papers; 42 simulated users, each starring 10 papers of a topic): of the exact top
# 10, 200 candidates keep 8.8 on average, 500 keep 9.7, 1,000 and 2,000 all 10. Scoring is
# about 0.15 ms a paper, so a page costs what scoring the pool does, whatever the
# library's size (at a million papers: 0.9 s, against 218 s scoring every paper).
NEAR_POOL = 2_000
NEAR_WORDS = 64
NEAR_PAGES = 4  # a long page (-n 1000) is ranked among this many times its length


def near_pool(page: int) -> int:
    """How many candidates a ranked page of `page` papers is chosen among."""
    return max(NEAR_POOL, NEAR_PAGES * page)


def near_blocks(page: int) -> list[tuple[int, int]]:
    """The blocks a ranked page of `page` papers is made of: (end, pool), each block's
    papers the best of the `pool` nearest less those of the blocks before, ends 500, 1,000,
    2,000... A longer page only adds blocks, so the pages of one listing (an offset, then
    the next) agree: one pool grown with the page reranked the papers already shown. The
    pools add up to at most twice the last, which is `near_pool` of about twice the page."""
    blocks: list[tuple[int, int]] = []
    end = NEAR_POOL // NEAR_PAGES
    while True:
        blocks.append((end, near_pool(end)))
        if end >= page:
            return blocks
        end *= 2

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
    """Two or more letters or digits, not a number alone ("2024", "100"), not a stop
    word. A word may start with a digit: "3d", "4d", "2d" name whole topics (measured on
    bench/relevance.py, 20 users a topic: the 3D topic's for-you P@10 0.70 -> 0.96)."""
    return len(word) > 1 and word.isalnum() and not word.isdigit() and word not in STOP_WORDS


def tokens(text: str) -> list[str]:
    """Lowercased word tokens of two or more characters, not numbers alone, without stop
    words: `Qwen2.5-VL` gives `qwen2`, `vl`; `3D scenes in 2024` gives `3d`, `scenes`."""
    return [t for t in _words(text) if is_term(t)]


def _kept(text: str) -> list[str]:
    """The words of `text` without stop words: `grams`' words, and what its pairs join."""
    return list(filterfalse(STOP_WORDS.__contains__, _words(text)))


def grams(text: str) -> list[str]:
    """The words of `text` without stop words, then each pair of neighbours among them
    ("flow matching", "reward model"), as scikit-learn's word bigrams are built. Which
    of these are terms is the vocabulary's business: one set lookup each."""
    kept = _kept(text)
    return kept + list(map(" ".join, pairwise(kept)))  # C loops: a fit is mostly this


def is_gram(gram: str) -> bool:
    """A term, or two terms joined by a space."""
    return all(is_term(w) for w in gram.split(" ")) and gram.count(" ") <= 1


def document(title: str, summary: str, keywords: Iterable[str]) -> str:
    """The text a paper is judged by; the title counts twice."""
    return "\n".join([title, title, summary, " ".join(keywords)])


def paper_text(paper: Paper) -> str:
    return document(paper.title, paper.summary, paper.ai_keywords)


Vector = dict[str, float]


class _Sublinear(dict[int, float]):
    """count -> 1 + ln(count), the term-frequency damping: a table of the usual counts,
    read with one C lookup a term (`map(_SUBLINEAR.__getitem__, counts)`, no Python
    call per term); a larger count is worked out by the same formula."""

    def __missing__(self, count: int) -> float:
        return 1.0 + math.log(count)


_SUBLINEAR = _Sublinear([(0, 0.0), *((c, 1.0 + math.log(c)) for c in range(1, 256))])


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors: the same products summed in the same order
    as `sum(w * b.get(t, 0.0) for t, w in a.items())`, by C loops (`related` takes
    thousands, `--explain` one per hidden paper a paper is compared with)."""
    if len(a) > len(b):
        a, b = b, a
    total: float = sum(map(operator.mul, a.values(), map(b.get, a, repeat(0.0))))
    return total


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


def _read_json(path: Path, kind: str, *, ranged: bool = False) -> dict[str, Any] | None:
    """A cache file of this version and kind, or None (missing, damaged, old, foreign).
    Strict JSON: NaN, Infinity and numbers too large for a float make the file damaged,
    so a non-finite value can never come out of a cache. `ranged`: its reader checks
    every float it takes against a finite range, which no infinity passes, so the
    numbers are parsed by the C decoder alone (a call a number took two thirds of
    reading the 20,000-term vocabulary, in every ranked command)."""
    from papercli.outfile import read_small

    try:
        data = json.loads(read_small(path).decode("utf-8"), parse_constant=_no_constant,
                          parse_float=float if ranged else _finite)
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("kind") != kind:
        return None
    return data


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Atomically (temp file, rename); a cache that cannot be written is not an error: the
    next command rebuilds it. One that something other than a file stands in the way of
    (a folder at vocabulary.json) is said, though (`_unwritable`): every `for-you` fitted
    the vocabulary again, ~22 s over a big library, without a word of why."""
    from papercli.outfile import replace_small

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_small(path, json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                       allow_nan=False))
    except ValueError:  # a non-finite number
        pass
    except OSError:
        _unwritable(path)


def _unwritable(path: Path) -> None:
    """Say once, after the command's output, that the cache at `path` cannot be written
    because a folder (or a pipe, a socket) is there, and what to do: move it aside (it
    is not papercli's to remove). In 80 columns: the whole path, else its folder's middle
    elided (`short_path`), the file's name kept. A full disk or a read-only folder is
    left unsaid, as before (the library says those where it writes)."""
    from papercli.errors import NOTE_ROOM, fitting, short_path
    from papercli.session import Notices
    from papercli.terminal import cell_width

    if not path.exists() or path.is_file():
        return
    what = "a folder" if path.is_dir() else "not a file"
    tail = f" is {what}: not cached — move it aside"
    Notices().after(fitting(
        f"{path} is {what}, so it is fitted again each time — move it aside",
        f"{path}{tail}", f"{short_path(str(path), NOTE_ROOM - cell_width(tail))}{tail}",
        f"ranking/{path.name}{tail}", room=NOTE_ROOM))


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


def _index_candidates(store: Store, terms: Sequence[str], limit: int) -> list[str]:
    """Ids of the papers the search index ranks best for any of `terms` (title, abstract,
    AI keywords; not authors). Terms are word tokens: never syntax."""
    words = [t for t in terms if is_term(t)]
    return store.ranked_ids(words, limit) if words else []


# -- the vocabulary (IDF table) -------------------------------------------------------------


class Vocabulary:
    """Term -> IDF, fitted over the library (or a sample of it), and the library's mean
    vector: what an average paper looks like, which a taste is measured against."""

    __slots__ = ("_counted", "docs", "idf", "key", "mean", "state", "whole")

    def __init__(self, idf: dict[str, float], docs: int, state: int,
                 mean: dict[str, float] | None = None, *, size: int | None = None) -> None:
        self.idf = idf
        self.docs = docs
        self.state = state
        self.mean = mean or {}
        # `size`: the whole table's number of terms when `idf` holds only some of them (a
        # `VocabularyIndex` read for a few papers), so the key is the whole table's.
        self.key = f"{state}:{docs}:{len(idf) if size is None else size}"
        self.whole = size is None  # the whole table: its papers' counts may be cached
        self._counted: TermCounts | None = None  # while `counted` lends it the cache

    @classmethod
    def fit(cls, texts: Iterable[str], state: int = 0, *,
            features: int | None = None) -> Vocabulary:
        """Document frequencies over `texts`, of words and word pairs; terms in one
        document only are dropped once there are 200 documents, and terms in more than
        half of them once there are 100 (they tell papers apart no better than a stop
        word); of the rest, the `features` most frequent (default MAX_FEATURES) are kept.
        Then the mean of the documents' vectors."""
        df: Counter[str] = Counter()
        kept_texts: list[str] = []
        for text in texts:
            df.update(set(grams(text)))  # which grams are terms is decided once, below
            kept_texts.append(text)
            if len(kept_texts) % PRUNE_EVERY == 0:
                # Word pairs are mostly one-offs: dropping the grams seen once so far
                # bounds the memory, and a gram frequent enough to be among the kept
                # features is seen again within PRUNE_EVERY papers.
                df = Counter({t: c for t, c in df.items() if c > 1})
        n = len(kept_texts)
        min_df = 2 if n >= 200 else 1
        max_df = n // 2 if n >= 100 else n
        frequent = sorted(((c, t) for t, c in df.items() if min_df <= c <= max_df),
                          key=lambda ct: (-ct[0], ct[1]))
        limit = MAX_FEATURES if features is None else features
        idf: dict[str, float] = {}
        for c, t in frequent:
            if len(idf) >= limit:
                break
            if is_gram(t):
                idf[t] = math.log((1 + n) / (1 + c)) + 1.0
        vocab = cls(idf, n, state)
        # The mean of the documents' vectors, each as `vector` makes it (the same numbers
        # in the same order), summed as it is made: no dictionary a document.
        total: dict[str, float] = {}
        get = total.get
        for text in kept_texts:
            counts, weights = vocab._weights(text)
            norm = math.hypot(*weights)
            if norm:
                scale = 1.0 / norm
                for t, w in zip(counts, weights, strict=True):
                    total[t] = get(t, 0.0) + w * scale
        vocab.mean = {t: v / n for t, v in total.items()} if n else {}
        return vocab

    def _count(self, text: str) -> Counter[str]:
        """The text's grams in the vocabulary with their counts: its words, then its
        pairs, each in the order first met."""
        idf = self.idf
        # `grams` outside the vocabulary are dropped before counting (a C loop): most are;
        # its words, then its pairs, counted without the list of both.
        kept = _kept(text)
        counts = Counter(filter(idf.__contains__, kept))
        counts.update(filter(idf.__contains__, map(" ".join, pairwise(kept))))
        return counts

    def _weights(self, text: str) -> tuple[Collection[str], list[float]]:
        """The text's grams in the vocabulary (`_count`'s, in its order), and each one's
        sublinear TF times IDF, in the same order (before the unit length). Counting is
        most of scoring a paper: while `counted` lends one, the counts come from the
        cache of them (`TermCounts`), the same terms in the same order."""
        idf = self.idf
        terms: Collection[str]
        numbers: Iterable[int]
        cache = self._counted
        if cache is not None:
            terms, numbers = cache.get(text)
        else:
            counts = self._count(text)
            terms, numbers = counts, counts.values()
        # Every product by C loops too.
        return terms, list(map(operator.mul, map(_SUBLINEAR.__getitem__, numbers),
                               map(idf.__getitem__, terms)))

    def vector(self, text: str, norm: float | None = None) -> Vector:
        """Sublinear TF times IDF, unit length; grams outside the vocabulary (stop words
        among them: `fit` never keeps one) are ignored. `norm`: the length of the text's
        vector over the whole vocabulary (`norm`), when this one holds only some terms
        (`Taste._indexed`): the terms it has get the values the whole one gives them."""
        counts, weights = self._weights(text)
        norm = math.hypot(*weights) if norm is None else norm
        if not norm:
            return {}
        return dict(zip(counts, map(operator.mul, weights, repeat(1.0 / norm)), strict=True))

    def norm(self, text: str) -> float:
        """The length of the text's vector before `vector` makes it unit length."""
        return math.hypot(*self._weights(text)[1])

    def _idf_at(self, share: float) -> float:
        """The IDF of a term in `share` of the fitted papers, 1 + ln((1+n)/(1+df)): a
        term's IDF at most this is in at least that share."""
        return math.log((1 + self.docs) / (1 + share * self.docs)) + 1.0

    def share(self, term: str) -> float:
        """The share of the papers that hold `term`, read back from its IDF."""
        idf = self.idf.get(term)
        if idf is None or not self.docs:
            return 0.0
        return max(0.0, ((1 + self.docs) / math.exp(idf - 1.0) - 1) / self.docs)

    def topical(self, vec: Mapping[str, float]) -> frozenset[str]:
        """The terms of `vec` that name a topic rather than one paper: those in between
        TOPICAL_SHARE of the fitted papers."""
        low, high = (self._idf_at(share) for share in TOPICAL_SHARE[::-1])
        idf = self.idf
        return frozenset(t for t in vec if low <= idf.get(t, 0.0) <= high)

    def common(self, share: float) -> frozenset[str]:
        """The terms in at least `share` of the fitted papers."""
        most = self._idf_at(share)
        return frozenset(t for t, idf in self.idf.items() if idf <= most)

    @classmethod
    def cached(cls, state: int, *, refit: bool = True) -> Vocabulary | None:
        """The cached vocabulary if it is valid and (with `refit`) still fits a library
        at `state`, else None: the one test of whether `load` would fit a new one."""
        data = _read_json(cache_dir() / "vocabulary.json", "vocabulary", ranged=True)
        if data is None:
            return None
        built, idf, docs, mean = (data.get("state"), data.get("idf"), data.get("docs"),
                                  data.get("mean"))
        if (_count(built) and _count(docs) and isinstance(idf, dict) and idf
                and all(_number(v, 1.0, MAX_IDF) for v in idf.values())
                and isinstance(mean, dict)
                and all(_number(v, 0.0, 1.0) and t in idf for t, v in mean.items())
                and (not refit or not _refit(built, state))):
            return cls(idf, docs, built, mean)
        return None

    @classmethod
    def load(cls, store: Store, *, refit: bool = True) -> Vocabulary | None:
        """The cached vocabulary if it still fits the library, else a new one (None for an
        empty library). `refit=False` takes any valid cached one, however old (a line in
        `show` never waits for a refit); only with none at all is one fitted."""
        state = library_state(store)
        if state == 0:
            return None
        path = cache_dir() / "vocabulary.json"
        stamp = _stamp(path)  # before the read: a file replaced meanwhile is not indexed
        vocab = cls.cached(state, refit=refit)
        if vocab is not None:
            if stamp is not None and not VocabularyIndex.fresh():
                VocabularyIndex.write(vocab, stamp)  # none yet, or damaged: for `show`
            return vocab
        from papercli.db.connection import saying

        # Seconds over a big library (the first for-you, related or show): said, as the
        # topics' fit is, rather than a silent wait.
        with saying(store, "learning the library's vocabulary…"):
            vocab = cls.fit((text for _, text in _sample_texts(store, VOCAB_SAMPLE)), state)
        _write_json(path, {"version": VERSION, "kind": "vocabulary", "state": state,
                           "docs": vocab.docs, "idf": vocab.idf, "mean": vocab.mean})
        written = _stamp(path)
        if written is not None:
            VocabularyIndex.write(vocab, written)
        return vocab


def _stamp(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time (ns): what ties the index to the JSON it was
    made from. None when there is no file."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


# Grams `show` looks up in the index, at most (about 600 a paper); beyond (and beyond a
# quarter of the vocabulary's terms), reading the whole JSON is cheaper.
INDEX_MOST = 2_000
INDEX_BUCKET = 1.0  # terms a bucket of the vocabulary's index holds, on average
_OFFSET = 8  # hex digits of an offset in the index


def _mapped(path: Path) -> tuple[Any, int, Any] | None:
    """A binary cache of papercli's own (`VocabularyIndex`, `TermCounts`) mapped for
    reading, the end of its first line and that line read as JSON (None where it is
    none): opened as `open_small` opens them, so a named pipe planted there is a damaged
    cache, never waited on. None when there is nothing to map (missing, empty, no file)."""
    import mmap

    from papercli.outfile import open_small

    try:
        fd = open_small(path)
        try:
            mapped = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        finally:
            os.close(fd)
    except (OSError, ValueError):  # ValueError: an empty file
        return None
    end = mapped.find(b"\n", 0, 4096)
    try:
        head = json.loads(mapped[:end].decode("utf-8"), parse_constant=_no_constant,
                          parse_float=_finite) if end > 0 else None
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        head = None
    return mapped, end, head


class VocabularyIndex:
    """vocabulary.json's IDF table on disk by term, for `show`: the IDF of the few terms
    of a few papers, read from the buckets they hash to (a memory map), instead of
    parsing and checking the whole table (tens of milliseconds for 20,000 terms, what
    `show` spent on its "For you" line). Written beside the JSON whenever it is, and
    tied to it by the JSON's size and modification time: a JSON rewritten since (a
    refit, an older papercli) makes the index stale, and it is rewritten.

    The file is text: a JSON header line; the buckets' offsets, `_OFFSET` hex digits
    each, and a newline; then each bucket's "term<TAB>idf" lines. A term's bucket is
    the CRC-32 of its UTF-8 modulo the buckets. Everything read is checked where it is
    read (header, offsets in range, UTF-8, a term in its own bucket, an IDF a finite
    float in range): a damaged or foreign file is never believed, and the caller falls
    back to the JSON."""

    __slots__ = ("_buckets", "_data", "_map", "_offsets", "docs", "size", "state")

    def __init__(self, mapped: Any, offsets: int, data: int, buckets: int, state: int,
                 docs: int, size: int) -> None:
        self._map = mapped
        self._offsets = offsets  # where the offsets start in the file
        self._data = data  # where the buckets start
        self._buckets = buckets
        self.state = state
        self.docs = docs
        self.size = size  # terms in the whole table

    @staticmethod
    def path() -> Path:
        return cache_dir() / "vocabulary.index"

    @staticmethod
    def _bucket(term: str, buckets: int) -> int:
        import zlib

        return zlib.crc32(term.encode("utf-8", "surrogatepass")) % buckets

    @classmethod
    def write(cls, vocab: Vocabulary, stamp: tuple[int, int]) -> None:
        """The index of `vocab`, made from the JSON stamped `stamp`. Not written is not
        an error: `show` reads the JSON instead, and writes it then."""
        buckets = max(1, int(len(vocab.idf) / INDEX_BUCKET))
        parts: list[list[str]] = [[] for _ in range(buckets)]
        for term, idf in vocab.idf.items():
            parts[cls._bucket(term, buckets)].append(f"{term}\t{idf!r}\n")
        offsets, body, at = [], [], 0
        for lines in parts:
            offsets.append(at)
            chunk = "".join(lines)
            body.append(chunk)
            at += len(chunk.encode("utf-8", "surrogatepass"))
        offsets.append(at)
        header = json.dumps({"version": VERSION, "kind": "vocabulary index",
                             "state": vocab.state, "docs": vocab.docs,
                             "terms": len(vocab.idf), "buckets": buckets,
                             "source": list(stamp)}, separators=(",", ":"))
        table = "".join(f"{o:0{_OFFSET}x}" for o in offsets)
        from papercli.outfile import replace_small

        with contextlib.suppress(OSError, ValueError):  # ValueError: a term not UTF-8
            cls.path().parent.mkdir(parents=True, exist_ok=True)
            replace_small(cls.path(), f"{header}\n{table}\n{''.join(body)}")

    @classmethod
    def open(cls) -> VocabularyIndex | None:
        """The index, if it is one and was made from vocabulary.json as it is now."""
        stamp = _stamp(cache_dir() / "vocabulary.json")
        if stamp is None:
            return None
        got = _mapped(cls.path())
        if got is None:
            return None
        mapped, end, head = got
        if not isinstance(head, dict) or head.get("version") != VERSION \
                or head.get("kind") != "vocabulary index" or head.get("source") != list(stamp):
            mapped.close()
            return None
        state, docs, size, buckets = (head.get(k) for k in ("state", "docs", "terms",
                                                             "buckets"))
        data = end + 1 + (buckets + 1) * _OFFSET + 1 if _count(buckets) else 0
        if not (_count(state) and _count(docs) and _count(size) and _count(buckets)
                and buckets > 0 and data <= len(mapped) and mapped[data - 1:data] == b"\n"):
            mapped.close()
            return None
        return cls(mapped, end + 1, data, buckets, state, docs, size)

    @classmethod
    def fresh(cls) -> bool:
        """Whether there is a usable index of vocabulary.json as it is now."""
        index = cls.open()
        if index is None:
            return False
        index.close()
        return True

    def close(self) -> None:
        self._map.close()

    def _offset(self, n: int) -> int | None:
        at = self._offsets + n * _OFFSET
        raw = self._map[at:at + _OFFSET]
        if len(raw) != _OFFSET or not all(c in b"0123456789abcdef" for c in raw):
            return None
        return int(raw, 16)

    def idf(self, terms: Iterable[str]) -> dict[str, float] | None:
        """term -> IDF of those of `terms` in the table; None when a bucket read is
        damaged (then nothing from this file is believed)."""
        wanted: dict[int, list[str]] = {}
        for term in set(terms):
            wanted.setdefault(self._bucket(term, self._buckets), []).append(term)
        found: dict[str, float] = {}
        limit = len(self._map) - self._data
        for n, asked in wanted.items():
            start, end = self._offset(n), self._offset(n + 1)
            if start is None or end is None or not start <= end <= limit:
                return None
            try:
                text = self._map[self._data + start:self._data + end].decode("utf-8")
            except UnicodeDecodeError:
                return None
            if text and not text.endswith("\n"):
                return None
            held: dict[str, float] = {}
            for line in text.split("\n")[:-1]:
                term, tab, value = line.partition("\t")
                try:
                    idf = float(value) if tab else math.nan
                except ValueError:
                    return None
                if not (math.isfinite(idf) and 1.0 <= idf <= MAX_IDF and "\t" not in value
                        and self._bucket(term, self._buckets) == n):
                    return None
                held[term] = idf
            found.update((t, held[t]) for t in asked if t in held)
        return found


# -- the papers' counted terms (a cache) ------------------------------------------------------

COUNTS_MOST = 50_000  # papers whose counts the cache keeps (~400 bytes each)
COUNTS_TERMS = 0xFFFF  # a vocabulary of more terms than two bytes number is not cached
COUNTS_BUCKET = 4  # records a bucket of the cache holds, on average
# Papers counted anew that are worth writing the file again for: it is written whole (a
# `show` of one paper rewrote 4 MB), and a few papers are cheaper to count again.
COUNTS_SAVE_LEAST = 8
_DIGEST = 16  # bytes of the digest of a paper's text, the cache's key
# A record's head: the paper's digest, how many terms follow, the CRC-32 of the terms.
_RECORD = struct.Struct("=16sHI")
_OFFSETS = "I"  # the buckets' offsets (array type code: four bytes each)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST).digest()


class TermCounts:
    """Each paper's terms in the vocabulary with their counts (`Vocabulary._count`: the
    same terms in the same order) by the digest of its text, kept on disk for the
    vocabulary they were counted over (ranking/counts.bin). Counting a paper's words is
    most of scoring it (0.1 ms); read back, a paper costs its products alone, and
    `for-you` over a long range scores the same thousands of papers every run. A paper
    whose text changed has another digest and is counted afresh; the entries of a
    vocabulary refitted go with the file, which the next save replaces.

    The file: a JSON header line (the vocabulary's digest, the byte order, how many
    buckets), the buckets' offsets, then the records by bucket (a record's bucket is its
    digest modulo the buckets): a paper's digest, its number of terms, their CRC-32,
    their numbers in the vocabulary (two bytes each) and their counts (a byte each). It
    is mapped, not read: a lookup reads its bucket alone, so a ranking of a few papers
    costs what they do, whatever the file's size. A record that is not sound (out of its
    bucket, a CRC that does not match, a number outside the vocabulary) is not believed,
    and that paper is counted again; a file for another vocabulary or machine is not
    read at all."""

    __slots__ = ("_added", "_buckets", "_data", "_dense", "_idfs", "_map", "_numbers",
                 "_tag", "_terms", "vocab")

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._terms = list(vocab.idf)
        # Each term's number, made when a paper is first counted here: a ranking whose
        # papers are all read back never needs it (20,000 terms: 2 ms a ranking).
        self._numbers: dict[str, int] | None = None
        self._tag = _digest("\n".join(self._terms).encode("utf-8", "surrogatepass")).hex()
        self._map: Any = None  # the file, mapped
        self._buckets = 0
        self._data = 0  # where the records start in it
        self._added: dict[bytes, bytes] = {}  # digest -> record, counted by this process
        self._idfs: list[float] | None = None  # each term's IDF, by its number
        # The weights `dot` was last given, and them by term number (0.0: none).
        self._dense: tuple[dict[str, float], list[float]] | None = None

    @staticmethod
    def path() -> Path:
        return cache_dir() / "counts.bin"

    @classmethod
    def load(cls, vocab: Vocabulary) -> TermCounts:
        """The cache for `vocab`: the file mapped when it is for it, else nothing yet."""
        counts = cls(vocab)
        got = _mapped(cls.path())
        if got is None:
            return counts
        mapped, end, head = got
        buckets = head.get("buckets") if isinstance(head, dict) else None
        data = end + 1 + 4 * (buckets + 1) if _count(buckets) else 0
        if not (isinstance(head, dict) and head.get("version") == VERSION
                and head.get("kind") == "counts" and head.get("vocabulary") == counts._tag
                and head.get("byteorder") == sys.byteorder and _count(buckets)
                and buckets > 0 and data <= len(mapped)):
            mapped.close()
            return counts
        counts._map, counts._buckets, counts._data = mapped, buckets, data
        return counts

    def _found(self, key: bytes) -> tuple[array[int], bytes] | None:
        """The numbers and counts the file holds for `key`, if its record is sound."""
        mapped = self._map  # (once: a ranking on another thread may close it meanwhile)
        if mapped is None:
            return None
        try:
            return self._record(mapped, key)
        except ValueError:  # closed by the ranking that opened it
            return None

    def _record(self, mapped: Any, key: bytes) -> tuple[array[int], bytes] | None:
        bucket = int.from_bytes(key[:4], "little") % self._buckets
        table = self._data - 4 * (self._buckets + 1)
        start, end = array(_OFFSETS, mapped[table + 4 * bucket:table + 4 * bucket + 8])
        pos, stop = self._data + start, self._data + end
        if not (self._data <= pos <= stop <= len(mapped)):
            return None
        step = _RECORD.size
        while pos + step <= stop:
            found, n, crc = _RECORD.unpack_from(mapped, pos)
            if pos + step + 3 * n > stop:  # a length past its bucket: not believed
                return None
            if found == key:
                body = mapped[pos + step:pos + step + 3 * n]
                if zlib.crc32(body) != crc:
                    return None
                numbers, counts = array("H", body[:2 * n]), body[2 * n:]
                if n and (max(numbers) >= len(self._terms) or min(counts) == 0):
                    return None
                return numbers, counts
            pos += step + 3 * n
        return None

    def numbered(self, text: str) -> tuple[Sequence[int], Sequence[int]]:
        """The terms of `text` in the vocabulary, by their numbers (their places in
        `vocab.idf`), and their counts, in `_count`'s order: read back, else counted
        (and kept for `save`)."""
        key = _digest(text.encode("utf-8", "surrogatepass"))
        found = self._found(key)
        if found is not None:
            return found
        counted = self.vocab._count(text)
        if self._numbers is None:
            self._numbers = dict(zip(self._terms, range(len(self._terms)), strict=True))
        numbers = array("H", map(self._numbers.__getitem__, counted))
        if len(counted) <= COUNTS_TERMS and max(counted.values(), default=0) <= 0xFF:
            body = numbers.tobytes() + bytes(counted.values())
            self._added[key] = _RECORD.pack(key, len(counted), zlib.crc32(body)) + body
        return numbers, list(counted.values())

    def get(self, text: str) -> tuple[list[str], Sequence[int]]:
        """`numbered`, with the terms themselves."""
        numbers, counts = self.numbered(text)
        return list(map(self._terms.__getitem__, numbers)), counts

    def dot(self, text: str, weights: dict[str, float]) -> tuple[float, float]:
        """The dot product of `text`'s weights (`Vocabulary._weights`, before the unit
        length) with `weights`, and their length: the same products summed in the same
        order as `Taste.raw_text` sums them, by term numbers instead of terms (one list
        lookup each, where a term's was a hash)."""
        numbers, counts = self.numbered(text)
        if self._idfs is None:
            self._idfs = list(self.vocab.idf.values())
        dense = self._dense  # (once: the browser's workers may rank with other tastes)
        if dense is None or dense[0] is not weights:
            dense = self._dense = (weights, [weights.get(t, 0.0) for t in self._terms])
        values = list(map(operator.mul, map(_SUBLINEAR.__getitem__, counts),
                          map(self._idfs.__getitem__, numbers)))
        total: float = sum(map(operator.mul, values, map(dense[1].__getitem__, numbers)))
        return total, math.hypot(*values)

    def _held(self) -> Iterator[tuple[bytes, bytes]]:
        """(digest, record) of every record in the file, up to the first that is not
        whole (what follows a damaged length cannot be found)."""
        if self._map is None:
            return
        pos, size, step = self._data, len(self._map), _RECORD.size
        while pos + step <= size:
            key, n, _ = _RECORD.unpack_from(self._map, pos)
            if pos + step + 3 * n > size:
                return
            yield key, self._map[pos:pos + step + 3 * n]
            pos += step + 3 * n

    def save(self) -> None:
        """The file with what this process counted added (the records held before first
        make room beyond COUNTS_MOST), if that is COUNTS_SAVE_LEAST papers or more; not
        written is not an error (the next command counts again)."""
        if len(self._added) >= COUNTS_SAVE_LEAST:
            records = dict(self._held())
            records.update(self._added)  # (a record not believed is replaced)
            kept = list(records.items())[-COUNTS_MOST:]
            buckets = max(1, len(kept) // COUNTS_BUCKET)
            parts: list[list[bytes]] = [[] for _ in range(buckets)]
            for key, record in kept:
                parts[int.from_bytes(key[:4], "little") % buckets].append(record)
            offsets, at = array(_OFFSETS), 0
            for part in parts:
                offsets.append(at)
                at += sum(map(len, part))
            offsets.append(at)
            head = json.dumps({"version": VERSION, "kind": "counts", "vocabulary": self._tag,
                               "byteorder": sys.byteorder, "buckets": buckets},
                              separators=(",", ":")).encode("utf-8")
            from papercli.outfile import replace_small

            with contextlib.suppress(OSError):
                self.path().parent.mkdir(parents=True, exist_ok=True)
                replace_small(self.path(), b"".join(
                    [head, b"\n", offsets.tobytes(), *(r for part in parts for r in part)]))

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None


@contextlib.contextmanager
def counted(vocab: Vocabulary | None) -> Iterator[None]:
    """While it lasts, `vocab` reads its papers' term counts from the cache of them
    (`TermCounts`), and what it counted anew is saved at the end: for the many papers a
    ranking scores (a part of a vocabulary, as `show` reads, is never cached)."""
    if (vocab is None or vocab._counted is not None or not vocab.whole
            or len(vocab.idf) > COUNTS_TERMS):
        yield
        return
    cache = vocab._counted = TermCounts.load(vocab)
    try:
        yield
        vocab._counted = None
        cache.save()
    finally:
        vocab._counted = None
        cache.close()


def _cached_topics(vocab: Vocabulary) -> Topics | None:
    """The cached topics if they were fitted over `vocab` and are valid, else None: the
    one test of whether `_topics` would fit them again."""
    from papercli.topics import Topics

    data = _read_json(cache_dir() / "topics.json", "topics", ranged=True)
    if data is None or data.get("vocabulary") != vocab.key:
        return None
    return Topics.from_json(data.get("topics"), vocab.idf)


def _topics(store: Store, vocab: Vocabulary) -> Topics | None:
    """The library's latent topics fitted over `vocab` (cached beside it), or None when
    the library is too small to have any. Fitting reads TOPIC_SAMPLE papers and takes a
    few seconds, once per vocabulary: the status line says so."""
    from papercli.db.connection import saying
    from papercli.topics import MIN_SHARE, TOPIC_SAMPLE, Topics

    cached = _cached_topics(vocab)
    if cached is not None:
        return cached
    with saying(store, "learning the library's topics…"):
        topics = Topics.fit((vocab.vector(text) for _, text in _sample_texts(store, TOPIC_SAMPLE)),
                            terms=vocab.common(MIN_SHARE))
    if topics is not None:
        _write_json(cache_dir() / "topics.json", {
            "version": VERSION, "kind": "topics", "vocabulary": vocab.key,
            "topics": topics.to_json()})
    return topics


# A library of fewer papers is left for its first ranking call to fit. Below REFIT_SMALL
# any added paper makes the vocabulary stale, so every sync would fit for a `related`
# that may never come; and there the cold call costs at most about 4 s of CPU (measured:
# 1.4 s over 300 papers, mostly importing scikit-learn; 2.3 s over 1,000; 4.1 s over
# 2,000), against 7 to 9 s over the real archive's 9,881.
PREPARE_AT = REFIT_SMALL


def would_prepare(store: Store) -> bool:
    """Whether `prepare` would fit anything (seconds to a minute), rather than only read
    fresh caches or leave a small library alone: so a command can say the wait before
    it starts. The same tests as `Vocabulary.load` and `_topics` make; it reads the two
    cache files (tens of milliseconds), fits nothing."""
    state = library_state(store)
    if state < PREPARE_AT:
        return False
    vocab = Vocabulary.cached(state)
    return vocab is None or (RELATED_LATENT > 0 and _cached_topics(vocab) is None)


def prepare(store: Store, vocabulary_ready: Callable[[], None] | None = None) -> None:
    """Fit and cache now what the next `related`, `for-you` or MCP ranking call would fit
    first: the vocabulary once the library has changed enough (`_refit`), and the latent
    topics over it. For the end of an import or a sync, where the user already waits,
    rather than a first `related` that took 18 to 27 s on a busy machine, near the 60 s
    some MCP clients give a call. These are the very `Vocabulary.load` and `_topics` those
    calls make, so they rank exactly as they would have; with both caches fresh this only
    reads them. A library under PREPARE_AT papers is left alone. `vocabulary_ready` is
    called once the vocabulary is (a taste needs no topics: the MCP server's for_you need
    not wait for them)."""
    if library_state(store) < PREPARE_AT:
        return
    vocab = Vocabulary.load(store)
    if vocabulary_ready is not None:
        vocabulary_ready()
    if vocab is not None and RELATED_LATENT:
        _topics(store, vocab)


def _count(value: object) -> TypeGuard[int]:
    """A count in a cache: an int (not a bool, not a float) in a sane range."""
    return type(value) is int and 0 <= value < 1 << 62


def _number(value: object, low: float, high: float) -> TypeGuard[float]:
    """A float in a cache (a trained value is always written as one), finite, in range."""
    return type(value) is float and low <= value <= high


def _norms_valid(value: object) -> TypeGuard[dict[str, float]]:
    """The lengths of the marked papers' vectors in a cached taste: id -> a finite float."""
    return isinstance(value, dict) and all(_number(v, 0.0, MAX_WEIGHT) for v in value.values())


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


def _folded(term: str) -> set[str]:
    """A term's words in the singular: "agents" and "agent" say the same to a reader."""
    return {singular(w) for w in term.split()}


def _said(term: str) -> set[str]:
    """What a term says: its words (`_folded`) and, for a pair, its initials, so that
    "rl" says nothing after "reinforcement learning"."""
    words = _folded(term)
    parts = term.split()
    return words | {"".join(w[0] for w in parts)} if len(parts) > 1 else words


def distinct(ranked: Iterable[str], n: int, shown: Sequence[str] = ()) -> tuple[str, ...]:
    """The first `n` of `ranked` (best first) that each tell a reader something new: a
    term whose words, plurals folded, were all given already (by a better term or by
    `shown`) is passed over: not "agent, agents", not "reasoning" after "reasoning
    performance", nor "against: agents" beside "for: agent", nor "rl" beside
    "reinforcement learning". A term that holds a better one's words takes its place:
    "world model", not "world, world model"."""
    seen: set[str] = set()
    for term in shown:
        seen |= _said(term)
    out: list[str] = []
    for term in ranked:
        if len(out) >= n:
            break
        words, said = _folded(term), _said(term)
        inside = [i for i, given in enumerate(out) if _folded(given) < said]
        if inside:
            out[inside[0]] = term
            out = [t for i, t in enumerate(out) if i not in inside[1:]]
        elif words <= seen:
            continue
        else:
            out.append(term)
        seen |= said
    return tuple(out)


# A word as `_words` splits one, with where it stands: `as_written` finds a term's words
# in the paper's own text to show them as written.
_WORD = re.compile("[^\\s" + re.escape("".join(map(chr, _SPLIT))) + "]+")
_JOINED = frozenset("-\u2010\u2011")  # "co-evolution": one word to a reader
_READS_AS_ONE = frozenset(" /") | _JOINED  # what may stand between a pair's words


def _as_read(word: str) -> str:
    """A word capitalised only by its place (a title's "Black", a sentence's "The") in
    lower case; an acronym or a name's own capitals ("SWE", "LLaVA") as written."""
    return word.lower() if word[:1].isupper() and word[1:].islower() else word


_HYPHENED = re.compile("[^\\s/]+")  # words joined by hyphens, as a form holds them


def _hyphened_as_read(match: re.Match[str]) -> str:
    """A hyphened word as `_as_read` reads its words, but a name's as written: "Mini"
    of "LLaVA-Mini", "Rendering" of "DNA-Rendering" are capitalised by the name (a word
    with two capitals or more in it), not by their place as "Real-World"'s are."""
    words = _WORD.findall(match.group())
    if len(words) > 1 and any(sum(c.isupper() for c in word) > 1 for word in words):
        return match.group()
    return _WORD.sub(lambda m: _as_read(m.group()), match.group())


_SPLITS = frozenset(map(chr, _SPLIT))


def _standing(text: str, lowered: str, word: str) -> Iterator[tuple[int, int]]:
    """Where `word` (lowered) stands as a word of its own in `text` (`lowered`: the same
    text lowered, as long): by `str.find`, where splitting a whole abstract into its
    words for every paper explained doubled `--explain`'s cost."""
    at = lowered.find(word)
    while at >= 0:
        end = at + len(word)
        if ((not at or text[at - 1].isspace() or text[at - 1] in _SPLITS)
                and (end == len(text) or text[end].isspace() or text[end] in _SPLITS)):
            yield at, end
        at = lowered.find(word, end)


def _joined_before(text: str, begin: int) -> int:
    """Where the hyphened word that `text[begin:]` ends starts ("world" of "real-world":
    where "real" starts); `begin` when no word is joined before it."""
    while begin > 1 and text[begin - 1] in _JOINED:
        start = begin - 1
        while start and not (text[start - 1].isspace() or text[start - 1] in _SPLITS):
            start -= 1
        if start == begin - 1:  # a dash after a space: no word joined
            break
        begin = start
    return begin


def _written(term: str, texts: Sequence[str], partners: Collection[str] = ()) -> str:
    """`term` as `texts` write it (see `as_written`), else as is: the first occurrence
    whose words read as one; for a term written only inside hyphened words ("multi" of
    "multi-step", "real" of "real-world", "supervised fine" of "supervised
    fine-tuning"), the whole hyphened word of one of them, and of those one joined to a
    word of `partners` (the other terms shown: "multi" beside "turn" is "multi-turn",
    whatever "multi-step" came first)."""
    want = term.split(" ")
    joined = ""
    for text in texts:
        lowered = text.lower()
        if len(lowered) != len(text):  # ("İ" lowers to two characters: no offsets)
            continue
        for begin, end in _standing(text, lowered, want[0]):
            for nxt in want[1:]:  # a pair's words, stop words between them ("agents for
                while (step := _WORD.search(text, end)) is not None:  # science") as
                    if text[end:step.start()] not in _READS_AS_ONE:  # `grams` skips
                        step = None  # (a pair across a full stop does not read as one)
                        break
                    end = step.end()
                    if step.group().lower() not in STOP_WORDS:
                        break
                if step is None or step.group().lower() != nxt:
                    break
            else:
                # The hyphened word it is written in: "multi" of "multi-turn", "world" of
                # "real-world" ("against: world" read as the topic of worlds).
                start, stop = _joined_before(text, begin), end
                joined_to = text[start:begin].lower().translate(_SPLIT).split()
                while ((step := _WORD.search(text, stop)) is not None
                       and text[stop:step.start()] in _JOINED):
                    joined_to.append(step.group().lower())
                    stop = step.end()
                form = _HYPHENED.sub(_hyphened_as_read, text[start:stop])
                if start == begin and stop == end:
                    return form
                if any(singular(word) in partners for word in joined_to):
                    joined = form
                    partners = ()  # (found: the first such one is kept)
                joined = joined or form
    return joined or term


def as_written(terms: Iterable[str], paper: Paper,
               shown: Collection[str] = ()) -> tuple[str, ...]:
    """The terms as the paper writes them, for a reader: the model splits words at
    punctuation and lowers them, so "SWE-bench" was "swe bench", "black-box" "black box",
    and "multi-turn" gave a "multi". A prefix written only to begin a hyphened word shows
    that word; a pair, its stop words between ("agents for science"); a form said already
    (in `shown`, or by a better term) is said once, and a word inside another form shown
    not at all. A term the text does not write as words that read as one (a pair across a
    full stop) stays as is."""
    terms = list(terms)
    texts = [paper.summary, " ".join(paper.ai_keywords), paper.title]
    said = [set(_words(form)) for form in shown]
    forms: list[str] = []
    for term in terms:
        partners = {singular(w) for other in terms if other != term for w in other.split(" ")}
        form = _written(term, texts, partners)
        # (a term written inside a hyphened word is said by its own words too)
        if form not in forms and set(_words(form)) not in said and set(
                _words(term)) not in said:
            forms.append(form)
    # A word a hyphened word shown holds says nothing more ("turn" beside "multi-turn"),
    # and the hyphened word takes the place of the best of those it holds ("real",
    # first, in "real-world supervised", third, made it first).
    words = [set(_words(form)) for form in forms]
    kept = [(min([n, *(k for k, inner in enumerate(words) if inner < own)]), form)
            for n, (form, own) in enumerate(zip(forms, words, strict=True))
            if not any(own < other for other in words)]
    return tuple(form for _, form in sorted(kept, key=operator.itemgetter(0)))


# The fewest characters of the closest paper's title `Why.line` cuts it to, to fit a line:
# shorter, an id alone says as much ("Point Tracking with…" still names the paper).
TITLE_ROOM = 20


def _fit_parts(parts: list[str], width: int | None) -> str:
    line = " · ".join(parts)
    if width is None or len(line) <= width:
        return line
    return line[: max(1, width - 1)].rstrip() + "…"


class Why(NamedTuple):
    """Why a paper ranks where it does."""

    terms: tuple[str, ...]  # its terms that weigh most for it
    closest_id: str | None = None  # the starred (or read) paper it is most like
    closest_title: str | None = None
    closest_kind: str | None = None  # "starred" or "read"
    similarity: float = 0.0
    against: tuple[str, ...] = ()  # its terms that weigh most against it
    hidden_like: int = 0  # hidden papers it is like, each pulling it lower
    hidden_ids: tuple[str, ...] = ()  # those hidden papers, most alike first

    def line(self, width: int | None = None, lead: str = "for: ",
             wraps: bool = False) -> str:
        """One line for a person: "for: …", "against: …", "lower: like N hidden papers"
        (naming the HIDDEN_NAMED most alike while the closest paper is named: what
        `papers unhide` takes) and the closest starred paper; within `width` characters
        (the least useful parts go first: the closest paper's title, whole where it
        fits, else cut between words within 60 as with no width, else within the room
        left (TITLE_ROOM at least), then the paper itself, then terms, then a cut: the
        words say why, an id alone does not). `lead` opens it (`show` gives none: its
        label already says "For you"). `wraps`: where it is shown wraps it (`show`'s
        panel), so nothing is cut and the title is whole, as on a wide terminal."""
        from papercli.exporters import excerpt
        from papercli.sanitize import clean_line

        whole = clean_line(self.closest_title or "", 200)
        # closest: 4 the paper with its whole title (on a terminal with room: at 200
        # columns it was cut at 60 as in a pipe, with 40 columns to spare), 2 cut to the
        # room the line leaves it (at 200 columns a title that did not fit in 60 went
        # whole, the id alone left with 50 columns to spare; tried before 3, a cut at 60,
        # which left 25 columns to spare after a title cut short), 3 with its title cut at
        # 60 (a pipe: no width), 1 its id alone, 0 left out
        for n_terms, n_against, closest in ((3, 2, 4), (3, 2, 2), (3, 2, 3), (3, 2, 1),
                                            (3, 2, 0), (2, 1, 0), (1, 1, 0), (1, 0, 0)):
            if closest == 4 and not wraps and (width is None or len(whole) <= 60):
                continue
            if closest == 2 and (wraps or width is None):
                continue
            parts = [lead + (", ".join(self.terms[:n_terms]) if self.terms
                             else "nothing in common")]
            if self.against[:n_against]:
                parts.append("against: " + ", ".join(self.against[:n_against]))
            if self.hidden_like:
                # which ones, while the closest paper is named: what `papers unhide` takes
                ids = self.hidden_ids[:HIDDEN_NAMED] if closest else ()
                more = "…" if ids and self.hidden_like > len(ids) else ""
                parts.append(f"lower: like {self.hidden_like} hidden "
                             f"paper{'s' if self.hidden_like != 1 else ''}"
                             + (f" ({', '.join(ids)}{more})" if ids else ""))
            if self.closest_id and closest:
                head = f"closest {self.closest_kind}: {self.closest_id}"
                tail = f" ({self.similarity:.2f})"
                # (cut where a reader sees it was cut, between words: "Complementary Im…"
                # read as a typo)
                title = whole if closest == 4 else excerpt(whole, 60)
                if closest == 2 and width is not None:
                    room = width - len(" · ".join([*parts, head + tail])) - 1
                    if room < TITLE_ROOM:
                        continue
                    title = excerpt(whole, room)
                named = f" {title}" if closest >= 2 and title else ""
                parts.append(f"{head}{named}{tail}")
            line = " · ".join(parts)
            if wraps or width is None or len(line) <= width:
                return line
        return _fit_parts(parts, width)

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": list(self.terms),
            "against": list(self.against),
            "hidden_like": self.hidden_like,
            "hidden_like_ids": list(self.hidden_ids),
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
    kind: str  # starred, read, liked


def _mean(vectors: Sequence[tuple[Vector, float]]) -> Vector:
    """The weighted mean of sparse vectors."""
    total: dict[str, float] = {}
    mass = sum(w for _, w in vectors)
    for vec, w in vectors:
        for t, x in vec.items():
            total[t] = total.get(t, 0.0) + w * x
    return {t: v / mass for t, v in total.items()} if mass else {}


def _profile(rows: Sequence[tuple[Vector, float]], mean: Mapping[str, float],
             seen: Sequence[Vector], agreement: float | None = None) -> dict[str, float]:
    """What `rows` (vectors, weights) have in common against `mean` (the library's average
    paper) and `seen` (weak negatives): their mean less BACKGROUND_WEIGHT times `mean` and
    a little of `seen`'s, each term then weighed by how many of the rows share it (a
    model family's name, a topic's word: the thread through them, not one paper's quirk;
    measured: AGREEMENT 30 against 0 lifts P@10 on model families from 0.37 to 0.87)."""
    # The rows' mean and, per term, the share of the rows' weight that has it: one pass.
    mass = sum(w for _, w in rows) or 1.0
    raw: dict[str, float] = {}
    share: dict[str, float] = {}
    for vec, w in rows:
        part = w / mass
        for t, x in vec.items():
            raw[t] = raw.get(t, 0.0) + part * x
            share[t] = share.get(t, 0.0) + part
    for t, m in mean.items():
        raw[t] = raw.get(t, 0.0) - BACKGROUND_WEIGHT * m
    if seen:
        for t, x in _mean([(v, 1.0) for v in seen]).items():
            raw[t] = raw.get(t, 0.0) - WEIGHT["seen"] * x
    boost = AGREEMENT if agreement is None else agreement
    return {t: v * (1.0 + boost * share.get(t, 0.0)) for t, v in raw.items()}


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
        hidden: Any = None,
        showing: Callable[[str, bool], str] | None = None,
    ) -> None:
        self.vocab = vocab
        self.weights = weights
        self.intercept = intercept
        self.positives = positives
        self.notice = notice
        # showing -> the notice saying `showing` as what is listed instead (`notes_showing`)
        self._showing = showing
        self.trained = trained  # retrained by this load (not from the cache)
        self.counts = counts or {}
        # () -> {id: document} of the positives, called the first time --explain needs them
        self._texts = texts
        # () -> {id: document} of the hidden papers, likewise
        self._hidden_texts = hidden
        self._vectors: dict[str, Vector] | None = None
        self._hidden: dict[str, Vector] | None = None
        self._index: dict[str, list[tuple[int, float]]] | None = None

    @property
    def notes(self) -> list[str]:
        """The notice as the lines to say, one note each: why there is no ranking, then
        what is shown instead (a single line of both ran to three at 80 columns)."""
        return self.notice.split("\n") if self.notice else []

    def notes_showing(self, showing: str, *, whole: bool = False) -> list[str]:
        """`notes`, with `showing` as what is listed instead of a ranking: the caller
        learns the order only once the list is read (newest first when none has an
        upvote), and the line is fitted again for it rather than edited. `whole`: why
        there is no ranking and what you have in one line, their clauses joined by "; ",
        for a caller that folds it at its own width (`for-you` on a 200-column terminal
        had it in two lines, split for 80)."""
        return self._showing(showing, whole).split("\n") if self._showing else self.notes

    def notes_over(self, papers: int) -> list[str]:
        """`notes`, for a list of `papers` in relevance order: an empty library ranks
        nothing, yet your starred papers' kept copies are listed all the same, most
        upvoted first (`score`), which its note left unsaid ("nothing is ranked yet"
        over a list in some order): said as too few stars says it."""
        if self.vocab is None and self.notice and papers:
            return [*self.notes, f"{UNRANKED} for now"]
        return self.notes

    @property
    def ready(self) -> bool:
        return self.vocab is not None and bool(self.weights) and self.notice is None

    @classmethod
    def load(cls, store: Store, udb: UserDB, *, seeds: Sequence[str] = (),
             vocab: Vocabulary | None = None, keep: Selector | None = None,
             like: Sequence[Paper] = (), refit: bool = True,
             chosen: str = MARKED, by: str = "",
             helps: str | Sequence[str] = f"star papers you like {STAR_ADVICE}",
             showing: str = UNRANKED,
             explaining: Sequence[Paper] | None = None, unfetched: int = 0) -> Taste:
        """The model for the current marks: from the cache when its fingerprint matches,
        else retrained (and cached). `seeds` are watch texts, weaker positives. `keep`
        chooses which starred, read and tagged papers count (`--watch`, `--tag`; `chosen`
        says which in the notice when too few are left, `by` whose relevance it is
        (" by the watch NAME": "relevance by the watch NAME needs 3 starred or read papers
        it matches"), and `helps` what would add
        (or ways to say it, best first, for its line's 80 columns)
        to them: a star, or under `--tag` the tag itself; `showing`, what is listed
        instead); `like` replaces them with the
        papers given (`--like`); either way the model is trained here and not cached
        (training is a pass over the positives). `refit=False` (for `show`) keeps a
        cached vocabulary however old. `explaining` (for `show`, with `refit=False`): only
        these papers will be explained, so a cached taste is read with the IDF of their
        terms and of the marked papers' alone (`VocabularyIndex`), not the whole table;
        without a usable index or cached taste, as without it. `unfetched`: the papers
        `keep` might choose that the library lacks (tagged offline), said apart in the
        notice."""
        marks = _Marks.from_db(udb, store, keep=keep, like=like)
        if explaining is not None and vocab is None and keep is None and not like:
            quick = cls._indexed(store, marks, explaining, seeds)
            if quick is not None:
                return quick
        vocab = vocab or Vocabulary.load(store, refit=refit)
        n_pos = len(marks.positive_ids) + len([s for s in seeds if tokens(s)])
        if vocab is None:
            return cls(None, {}, 0.0, [], notice=empty_library("nothing is ranked yet"))
        if n_pos < MIN_POSITIVES and not like:
            def too_few(instead: str, whole: bool = False) -> str:
                return _too_few(marks, n_pos - len(marks.positive_ids), chosen, helps,
                                instead, own=keep is not None, unfetched=unfetched, by=by,
                                whole=whole)

            return cls(vocab, {}, 0.0, [], notice=too_few(showing), showing=too_few)
        if keep is not None or like:
            return cls.train(store, vocab, marks, seeds)
        fingerprint = marks.fingerprint(vocab.key, seeds)
        path = cache_dir() / "taste.json"
        data = _read_json(path, "taste")
        if data is not None and data.get("fingerprint") == fingerprint:
            cached = cls._from_json(vocab, data)
            if cached is not None:
                cached._texts = lambda: marks.documents(store, [p.id for p in cached.positives])
                cached._hidden_texts = lambda: marks.documents(store, sorted(marks.hidden))
                if explaining is not None and not cached._norms_cover(data.get("norms"), store,
                                                                        marks):
                    # An older cache, or papers added since: the lengths `show` needs to
                    # read the index next time.
                    _write_json(path, {**data, "norms": cached._norms(store, marks)})
                return cached
        taste = cls.train(store, vocab, marks, seeds)
        if taste.ready:
            _write_json(path, {
                "version": VERSION, "kind": "taste", "fingerprint": fingerprint,
                "weights": taste.weights, "intercept": taste.intercept,
                "counts": taste.counts, "positives": [list(p) for p in taste.positives],
                "norms": taste._norms(store, marks),
            })
        return taste

    def _norms(self, store: Store, marks: _Marks) -> dict[str, float]:
        """id -> the length of the vector of each positive and hidden paper (`show` cuts
        their vectors to a paper's terms: `_indexed`)."""
        assert self.vocab is not None
        docs = marks.documents(store, [*(p.id for p in self.positives), *sorted(marks.hidden)])
        return {pid: self.vocab.norm(text) for pid, text in docs.items()}

    def _norms_cover(self, norms: object, store: Store, marks: _Marks) -> bool:
        """Whether cached lengths hold every positive and hidden paper with a text now."""
        if not _norms_valid(norms):
            return False
        docs = marks.documents(store, [*(p.id for p in self.positives), *sorted(marks.hidden)])
        return docs.keys() <= norms.keys()

    @classmethod
    def _indexed(cls, store: Store, marks: _Marks, papers: Sequence[Paper],
                 seeds: Sequence[str]) -> Taste | None:
        """The cached taste over the IDF of `papers`' terms alone, read from the
        vocabulary's index, with the marked papers' vectors cut to those terms (their
        lengths are cached with the taste): what explaining `papers` needs, at a cost that
        follows them and the marks, not the vocabulary's size, and the same numbers. None
        when the index, the cached taste or its lengths are missing, stale or damaged (a
        damaged index is removed, so the vocabulary's next load writes it again)."""
        index = VocabularyIndex.open()
        if index is None:
            return None
        try:
            data = _read_json(cache_dir() / "taste.json", "taste")
            key = Vocabulary({}, index.docs, index.state, size=index.size).key
            norms = data.get("norms") if data is not None else None
            if (data is None or data.get("fingerprint") != marks.fingerprint(key, seeds)
                    or not _norms_valid(norms)):
                return None
            wanted = {g for p in papers for g in grams(paper_text(p))}
            if len(wanted) > max(INDEX_MOST, index.size // 4):  # many papers: read it all
                return None
            idf = index.idf(wanted)
        finally:
            index.close()
        if idf is None:
            with contextlib.suppress(OSError):
                VocabularyIndex.path().unlink()
            return None
        vocab = Vocabulary(idf, index.docs, index.state, size=index.size)
        taste = cls._from_json(vocab, data)
        if taste is None:
            return None
        positives = marks.documents(store, [p.id for p in taste.positives])
        hidden = marks.documents(store, sorted(marks.hidden))
        if not positives.keys() <= norms.keys() or not hidden.keys() <= norms.keys():
            return None  # a paper the library has gained since: its length is not known
        taste._vectors = {pid: vocab.vector(text, norms[pid])
                          for pid, text in positives.items()}
        taste._hidden = {pid: vec for pid, text in hidden.items()
                         if (vec := vocab.vector(text, norms[pid]))}
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
        """The taste as one vector of term weights (see the module docstring): the mean
        of the positives, less the library's mean paper, less the hidden papers' mean and
        a little of the seen ones'; then scaled so that a typical positive scores high
        and a typical library paper low. One pass over the marked papers' texts."""
        positives: list[Positive] = []
        vectors: dict[str, Vector] = {}
        pos_rows: list[tuple[Vector, float]] = []
        pos_ids = marks.positive_ids
        texts = _texts(store, [*pos_ids, *marks.hidden, *marks.seen])
        for pid, kind in pos_ids.items():
            title, text = texts.get(pid) or marks.snapshots.get(pid) or ("", "")
            vec = vocab.vector(text)
            if vec:
                pos_rows.append((vec, WEIGHT[kind]))
                positives.append(Positive(pid, title, KINDS[kind]))
                vectors[pid] = vec
        for seed in seeds:
            vec = vocab.vector(seed)
            if vec:
                pos_rows.append((vec, WEIGHT["watch"]))
        taken = set(pos_ids) | marks.hidden
        hidden_by_id = {pid: vec for pid in sorted(marks.hidden) if pid in texts
                        and (vec := vocab.vector(texts[pid][1]))}
        hidden = list(hidden_by_id.values())
        seen = [vec for pid in marks.seen if pid not in taken and pid in texts
                and (vec := vocab.vector(texts[pid][1]))]
        counts = {"positives": len(positives), "seeds": len(pos_rows) - len(positives),
                  "hidden": len(hidden), "seen": len(seen)}
        minimum = 1 if marks.liked else MIN_POSITIVES
        if len(pos_rows) < minimum:
            def textless(instead: str, whole: bool = False) -> str:
                return (f"relevance needs {minimum} starred or read papers with text in "
                        f"the library\n{instead} for now")

            return cls(vocab, {}, 0.0, positives, trained=True, counts=counts,
                       notice=textless(UNRANKED), showing=textless)
        raw = _profile(pos_rows, vocab.mean, seen)
        if hidden:
            # Amplified as the positives are, and weighed as their share of the marks: one
            # hide against four stars weighs like one of the stars. (At full weight one
            # hide outweighed all the stars: hiding one world-model paper against four
            # starred ones turned "world model" against them, and the list to noise.)
            share = min(1.0, len(hidden) * WEIGHT["hidden"] / sum(w for _, w in pos_rows))
            for t, v in _profile([(h, 1.0) for h in hidden], {}, []).items():
                was = raw.get(t, 0.0)
                # What the hidden papers share with your own (their topic) they can lower
                # but never turn against you: one hidden world-model paper is not a
                # dislike of world models. What is theirs alone counts in full.
                raw[t] = was - (min(share * v, HIDDEN_CAP * was) if was > 0 else share * v)
        # Scale: positives around +2, the library's average paper around -2 (its score is
        # exactly the weights against the mean vector: scoring is linear).
        s_pos = _dot(_mean(pos_rows), raw)  # the positives' mean score: scoring is linear
        s_bg = _dot(vocab.mean, raw)
        gap = s_pos - s_bg
        scale = min(4.0 / gap, 1e4) if gap > 1e-9 else 1.0
        top = max((abs(v) for v in raw.values()), default=0.0)
        weights = {t: v * scale for t, v in raw.items() if abs(v) > top * 1e-3}
        intercept = -scale * (s_pos + s_bg) / 2
        taste = cls(vocab, weights, intercept, positives, trained=True, counts=counts)
        taste._vectors = vectors
        taste._hidden = hidden_by_id
        return taste

    # -- scoring ---------------------------------------------------------------------

    def raw(self, vec: Mapping[str, float]) -> float:
        return self.intercept + _dot(vec, self.weights)

    def raw_text(self, text: str) -> float:
        """`raw(vocab.vector(text))` without building the vector: the same sums, done by
        C loops (map, hypot), a third faster on the path every ranked listing takes."""
        assert self.vocab is not None
        cache = self.vocab._counted
        if cache is not None:  # the counts cached (`counted`): by term numbers
            dot, norm = cache.dot(text, self.weights)
            return self.intercept + dot / norm if norm else self.intercept
        terms, values = self.vocab._weights(text)
        norm = math.hypot(*values)
        if not norm:
            return self.intercept
        total: float = sum(map(operator.mul, values,
                               map(self.weights.get, terms, repeat(0.0))))
        return self.intercept + total / norm

    def score(self, papers: Iterable[Paper], *, explain: bool = False) -> list[Scored]:
        """Papers best first with a score in 0..1 (the model's probability that you would
        star it); without a model, most upvoted first with no score. Every paper at once,
        for a listing already in memory (`--sort relevance`); `rank` streams and cuts."""
        items = list(papers)
        if not self.ready or self.vocab is None:
            # No model, no reason: "nothing in common" for each would only be noise.
            return [Scored(p, None, None) for p in upvotes_order(items)]
        vocab = self.vocab
        out: list[tuple[float, int, Scored]] = []
        with counted(vocab):
            for n, paper in enumerate(items):
                why = None
                if explain:
                    vec = vocab.vector(paper_text(paper))
                    value = self.raw(vec)
                    why = self._why(vec, paper)
                else:
                    value = self.raw_text(paper_text(paper))
                prob = _probability(value)
                out.append((prob, n, Scored(paper, prob, why)))
        # Ties (identical texts) keep the order given.
        out.sort(key=lambda x: (-x[0], x[1]))
        return [s for _, _, s in out]

    def words(self, most: int = NEAR_WORDS) -> list[tuple[str, float]]:
        """The single words that weigh most for this taste, with their weights: what the
        search index is asked for when there are too many papers to score each
        (`Store.nearest`). Word pairs are left out: the index's unit is a word."""
        return heapq.nlargest(most, ((t, w) for t, w in self.weights.items()
                                     if w > 0 and " " not in t and is_term(t)),
                              key=lambda kv: (kv[1], kv[0]))

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
            return Ranking([Scored(p, None, None) for p in kept], total)

        def scored() -> Iterator[tuple[float, int, Paper]]:
            nonlocal total
            for batch in _batches(papers, chunk):
                start = total
                total += len(batch)
                yield from [(_probability(self.raw_text(paper_text(p))), start + n, p)
                            for n, p in enumerate(batch)]

        with counted(self.vocab):
            best = (heapq.nsmallest(limit, scored(), key=_best_first) if limit
                    else sorted(scored(), key=_best_first))
        vocab = self.vocab
        return Ranking([Scored(p, prob, self._why(vocab.vector(paper_text(p)), p)
                               if explain else None) for prob, _, p in best], total)

    def _why(self, vec: Mapping[str, float], paper: Paper) -> Why:
        parts = sorted(((x * self.weights.get(t, 0.0), t) for t, x in vec.items()),
                       reverse=True)
        terms = distinct((t for c, t in parts if c > 0), 3)
        against = distinct((t for c, t in reversed(parts) if c < 0), 2, terms)
        # Other hidden papers: a hidden paper (`--hidden`, `show`) is not "like" itself.
        alike = sorted(((sim, pid) for pid, h in self.hidden_vectors().items()
                        if pid != paper.id and (sim := _dot(vec, h)) >= HIDDEN_LIKE),
                       key=lambda a: (-a[0], a[1]))
        shown = as_written(terms, paper)
        return self._closest(vec, paper.id, shown)._replace(
            against=as_written(against, paper, shown), hidden_like=len(alike),
            hidden_ids=tuple(pid for _, pid in alike))

    def positive_vectors(self) -> dict[str, Vector]:
        if self._vectors is None:
            docs = self._texts() if self._texts is not None else {}
            assert self.vocab is not None
            self._vectors = {pid: self.vocab.vector(text) for pid, text in docs.items()}
        return self._vectors

    def hidden_vectors(self) -> dict[str, Vector]:
        """id -> vector of the hidden papers (`--explain`'s "lower: like N hidden")."""
        if self._hidden is None:
            docs = self._hidden_texts() if self._hidden_texts is not None else {}
            assert self.vocab is not None
            self._hidden = {pid: v for pid, text in docs.items()
                            if (v := self.vocab.vector(text))}
        return self._hidden

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

    def _closest(self, vec: Mapping[str, float], own_id: str, terms: tuple[str, ...],
                 skip: Collection[str] = ()) -> Why:
        """`terms` and the starred (or read) paper `vec` is most like, other than itself
        and `skip` (the papers a `related` list is of: naming them again says nothing)."""
        index = self._positive_index()
        sims: dict[int, float] = {}
        for t, x in vec.items():
            for n, y in index.get(t, ()):
                sims[n] = sims.get(n, 0.0) + x * y
        ranked = sorted(((sim, n) for n, sim in sims.items()
                         if self.positives[n].id != own_id
                         and self.positives[n].id not in skip), key=lambda a: (-a[0], a[1]))
        if not ranked or ranked[0][0] < CLOSEST_FLOOR:
            return Why(terms)
        sim, n = ranked[0]
        pos = self.positives[n]
        return Why(terms, pos.id, pos.title, pos.kind, sim)

    def explain(self, paper: Paper) -> Why:
        """Why this paper scores as it does (empty terms without a model)."""
        if not self.ready or self.vocab is None:
            return Why(())
        return self._why(self.vocab.vector(paper_text(paper)), paper)


def _too_few(marks: _Marks, watches: int, chosen: str, helps: str | Sequence[str],
             showing: str, *, own: bool, unfetched: int = 0, by: str = "",
             whole: bool = False) -> str:
    """Why there is no ranking, then what is shown instead: two lines (`Taste.notes`), or
    three when why runs long, each about a terminal's width, so that none breaks
    mid-word. It counts what counts in words a user knows: "you have 2" after "3 starred
    or read papers" read as 2 papers, when it was 2 watches. `own`: the taste is one
    watch's (or tag's), whose own words are the `watches` seed; `unfetched` of its papers
    the library lacks are said apart ("you have 2" beside `papers tags`' 4 read as wrong).
    `by`: whose relevance ("relevance by the watch NAME needs …"); `whole`: why and what
    you have in one line whatever its length, for a caller that folds it at its width."""
    from papercli.words import plural

    papers = len(marks.positive_ids)
    gone = marks.hidden_marked
    tagged = sum(kind == "tag" for kind in marks.positive_ids.values())
    if tagged and chosen.startswith(MARKED):  # "needs 3 starred or read papers; you have
        chosen = TAGGED_TOO + chosen[len(MARKED):]  # 2 tagged papers": tags count too
    need = f"{chosen} or watches" if watches and not own else chosen
    if not papers and not watches:
        have = "you have none" if gone else "you have none yet"
    elif own and unfetched:
        have = ""
    elif own:
        have = f"you have {papers}" + (", and the watch itself counts as 1" if watches else "")
    else:
        parts = [plural(n, what, many) for n, what, many in (
            (papers - tagged, "starred or read paper", None),
            (tagged, "tagged paper", None), (watches, "watch", "watches")) if n]
        if not tagged and not watches and not gone:
            # Only what `need` names: the count alone, so that 1 star reads on one line
            # as none does ("...; you have 1", not a second line repeating the noun).
            parts = [str(papers)]
        have = "you have " + (", ".join(parts[:-1]) + " and " if len(parts) > 1 else "") + parts[-1]
    if own and unfetched:
        from papercli.errors import fitting as fits

        count = f"{papers:,}" if papers else "none"
        more = " more" if papers else ""  # ("none in the library (3 more …" read oddly)
        watch = ", and the watch itself counts as 1" if watches else ""
        have = fits(f"you have {count} in the library{watch} ({unfetched:,}{more} not "
                    "fetched: papers show ID)",
                    f"you have {count}{watch} ({unfetched:,}{more} not fetched: papers show ID)",
                    f"you have {count}{watch}; {unfetched:,} not fetched (papers show ID)",
                    f"you have {count} (+1 for the watch); {unfetched:,} not fetched: "
                    "papers show ID", room=72)
    if gone:  # a starred paper you hid: "none yet" would be untrue
        verb = "does" if gone == 1 else "do"
        hid = f"; {plural(gone, 'starred or read paper')} you hid {verb} not count"
        # (the noun once where twice passes 72: "you have 1 starred or read paper; 2
        # starred or read papers you hid do not count" made an 88-column line)
        have += hid if len(have + hid) <= 72 else f"; {gone:,} you hid {verb} not count"
    why = f"relevance{by} needs {MIN_POSITIVES} {need}"
    # 72: what is left of 80 columns after "papers: ". Past it (a watch's or a tag's
    # name, hidden stars), what you have is a line of its own rather than a broken one.
    why += f"\n{have}" if len(why) + 2 + len(have) > 72 and not whole else f"; {have}"
    from papercli.errors import NOTE_ROOM, fitting

    ways = [helps] if isinstance(helps, str) else helps
    return f"{why}\n" + fitting(*(f"{showing} for now; {way}" for way in ways), room=NOTE_ROOM)


Selector = Callable[[Paper], bool]  # which marked papers count as positives (--watch, --tag)


class _Marks:
    """What the user database says about taste, read once."""

    def __init__(self, stars: dict[str, tuple[str, str]], read: list[str], hidden: set[str],
                 seen: list[str], seen_state: tuple[int, str | None],
                 positives: dict[str, str] | None = None,
                 tagged: Sequence[str] = ()) -> None:
        self.snapshots = stars  # id -> (title, document) from the star's record
        self.read = read
        self.hidden = hidden
        self.seen = seen
        self.seen_state = seen_state
        self.liked = positives is not None
        # A hidden paper is never a positive, even if starred (--like: see `from_db`).
        self.positive_ids: dict[str, str] = {}
        if positives is not None:
            self.positive_ids = {pid: kind for pid, kind in positives.items()
                                 if pid not in hidden}
            self.hidden_marked = len(positives.keys() & hidden)
            return
        # Starred, read or tagged papers you hid: left out, and the notice says so.
        self.hidden_marked = len((stars.keys() | {*read, *tagged}) & hidden)
        for pid in stars:
            if pid not in hidden:
                self.positive_ids[pid] = "star"
        for pid in read:
            if pid not in hidden:
                self.positive_ids.setdefault(pid, "read")
        for pid in tagged:
            if pid not in hidden:
                self.positive_ids.setdefault(pid, "tag")

    @classmethod
    def from_db(cls, udb: UserDB, store: Store | None = None, *,
                keep: Selector | None = None, like: Sequence[Paper] = ()) -> _Marks:
        """The marks; starred, read and tagged papers are positives. With `keep`, only
        those it accepts are (a read or tagged paper is judged by its library record, and
        left out without one); with `like`, those papers are the only positives."""
        star_list = udb.stars()
        stars = {s.paper.id: (s.paper.title, paper_text(s.paper)) for s in star_list}
        read = sorted(udb.all_read())
        tagged = sorted(udb.all_tags())
        chosen: dict[str, str] | None = None
        if like:
            chosen = {p.id: "like" for p in like}
            stars.update({p.id: (p.title, paper_text(p)) for p in like})
        elif keep is not None:
            chosen = {s.paper.id: "star" for s in star_list if keep(s.paper)}
            for kind, ids in (("read", read), ("tag", tagged)):
                for pid in ids:
                    if pid in chosen:
                        continue
                    paper = store.get_paper(pid) if store is not None else None
                    if paper is not None and keep(paper):
                        chosen[pid] = kind
        hidden = udb.hidden()
        if like:  # the papers given are the taste, even one you hid: not held against it
            hidden -= {p.id for p in like}
        return cls(stars, read, hidden, udb.recent_seen(SEEN_NEGATIVES),
                   udb.seen_state(), chosen, tagged)

    def documents(self, store: Store, ids: Sequence[str]) -> dict[str, str]:
        """id -> document of these papers: the library's record, else the star's."""
        found = {pid: text for pid, (_, text) in _texts(store, ids).items()}
        for pid in ids:
            if pid not in found and pid in self.snapshots:
                found[pid] = self.snapshots[pid][1]
        return found

    def fingerprint(self, key: str, seeds: Sequence[str]) -> str:
        """What the cached taste was trained on: these marks, seeds and weights over the
        vocabulary of this `Vocabulary.key`."""
        h = hashlib.sha256()
        for part in (str(VERSION), key, repr(sorted(self.positive_ids.items())),
                     repr(sorted(self.hidden)), repr(self.seen_state), repr(list(seeds)),
                     repr(WEIGHT), repr(BACKGROUND_WEIGHT), repr(AGREEMENT)):
            h.update(part.encode("utf-8", "replace"))
            h.update(b"\0")
        return h.hexdigest()


# -- for-you ----------------------------------------------------------------------------------


class ForYou(NamedTuple):
    """`for_you`'s answer: the papers kept, best first, and the listing days ranked."""

    scored: list[Scored]
    total: int  # candidates ranked (listed or announced in the window, not left out)
    start: date
    end: date
    fell_back: bool  # nothing listed in the last RECENT_DAYS: the days up to the latest
    announced: int = 0  # candidates from arXiv alone (no Daily Papers listing had them)
    read: int = 0  # papers the library has in the window, before any filter or mark


def window(since: date | None, until: date | None) -> tuple[date, date]:
    """The listing days `for_you` ranks: `since` (else RECENT_DAYS back) to `until`, which
    stops at today (nothing later is listed yet), as `trends` does; a `since` after today
    is a usage error. Cheap: a view asks it before loading the taste."""
    from papercli import clock
    from papercli.listings import RECENT_DAYS

    today = clock.today()
    end = min(until, today) if until else today
    start = since or end - timedelta(days=RECENT_DAYS - 1)
    if start > end:  # the window would run backwards
        from papercli.periods import future

        raise future(f"--since {since}")
    return start, end


def for_you(store: Store, taste: Taste, since: date | None, until: date | None, *,
            keep: Callable[[Paper], bool] | None = None, limit: int = 0,
            explain: bool = False, chunk: int = CHUNK, brief: bool = False) -> ForYou:
    """What `for-you` shows: the papers of `window(since, until)` (its Daily Papers
    listings, then what arXiv gave those days that no listing had), those `keep` accepts,
    ranked by `taste`, the best `limit` (0: all). Both are streamed from the library
    (`Store.listed_papers`, `Store.announced_papers`), so a range of years costs one pass
    and the memory of `limit` papers. With no dates given and nothing in the window, the
    RECENT_DAYS days up to the latest day the library has papers of (listed, or arXiv's).
    `brief`: `keep` judges a paper by its id and words alone (`records.words_paper`'s
    fields); then, under a limit, the candidates are read with those only (all that
    ranking reads; a long range is thousands of records decoded for nothing) and the
    papers kept are read whole. Not without a taste: most upvoted first reads upvotes."""
    from papercli.listings import RECENT_DAYS

    start, end = window(since, until)
    seen = announced = 0  # candidates read (before `keep`); those of them from arXiv alone
    brief = brief and limit > 0 and taste.ready  # (most upvoted first needs upvotes)

    def candidates(first: date, last: date) -> Iterator[Paper]:
        nonlocal seen, announced
        for from_arxiv, papers in ((False, store.listed_papers(first, last, brief=brief)),
                                   (True, store.announced_papers(first, last, brief=brief))):
            for paper in papers:
                seen += 1
                if keep is None or keep(paper):
                    announced += from_arxiv
                    yield paper

    def ranked_in(first: date, last: date) -> Ranking:
        from papercli.db.connection import saying

        # Years of papers take seconds (the real archive's: 3 to 7 on a busy machine),
        # which a terminal spent blank: said on the status line, drawn only if it lasts.
        with saying(store, f"ranking the papers of {first} – {last}…"):
            ranked = taste.rank(candidates(first, last), limit, explain=explain, chunk=chunk)
        if not brief:
            return ranked
        # The papers kept, read whole; one gone meanwhile (a cache clear) is left out.
        whole = [s._replace(paper=found) for s in ranked.scored
                 if (found := store.get_paper(s.paper.id)) is not None]
        return ranked._replace(scored=whole)

    ranked = ranked_in(start, end)
    if seen or since or until:
        return ForYou(ranked.scored, ranked.total, start, end, False, announced, seen)
    listed_day = store.latest_listed_day(end)
    newest = max(filter(None, (listed_day, store.latest_announced_day(end))), default=None)
    if newest is None:
        return ForYou(ranked.scored, ranked.total, start, end, False, announced)
    end = newest
    start = end - timedelta(days=RECENT_DAYS - 1)
    announced = 0
    ranked = ranked_in(start, end)
    return ForYou(ranked.scored, ranked.total, start, end, True, announced, seen)


# -- related ----------------------------------------------------------------------------------


def _average_closeness(vocab: Vocabulary, weights: Mapping[str, float],
                       given: Sequence[Vector], topical: frozenset[str]) -> float:
    """What the library's other papers score on average for `related`, by the words and
    the topic-level words (the latent topics only lift a paper above it): exactly, as
    the score is linear in a paper's vector and each term's share of the papers is known
    from its IDF, less the given papers themselves (the vocabulary was fitted on them:
    in a small library their own scores were most of the average)."""
    n, k = vocab.docs, len(given)
    if n <= k:
        return 0.0
    words = (n * _dot(weights, vocab.mean) - sum(_dot(weights, v) for v in given)) / (n - k)
    if not topical:
        return words
    held = sum(max(0.0, n * vocab.share(t) - 1.0) for t in topical) / (n - 1)
    return words + RELATED_TOPICAL * held / len(topical)


class Stopped(Exception):
    """A ranking given up because its `stop()` came true: whoever asked for it no longer
    wants it (the browser left the view it was for)."""

    def __init__(self) -> None:
        super().__init__("the ranking was stopped")


STOP_EVERY = 256  # candidates `related` goes through between two looks at its `stop`


def _unless(stop: Callable[[], bool] | None) -> None:
    """Raise Stopped if `stop()` says so (no `stop`: never)."""
    if stop is not None and stop():
        raise Stopped


def _watched(items: Iterable[T], stop: Callable[[], bool] | None) -> Iterator[T]:
    """`items` as they are, with `stop` looked at before every STOP_EVERY-th one."""
    if stop is None:
        yield from items
        return
    for n, item in enumerate(items):
        if n % STOP_EVERY == 0:
            _unless(stop)
        yield item


def related(store: Store, paper: Paper | Sequence[Paper], limit: int | None = 20, *,
            vocab: Vocabulary | None = None, keep: Any = None, pool: int = RELATED_POOL,
            taste: Taste | None = None, explain: bool = False,
            stop: Callable[[], bool] | None = None) -> Ranking:
    """The library's papers most like `paper` (or like all of several papers; none need
    be in the library), best first, scored in 0..1 above the library's average paper
    (none at or below it): the best `limit`, and how many there are in all (what `-n 0`
    lists, so a caption can say "20 of 671"). The query is the papers' mean vector less
    the library's mean paper (so what every paper says counts for nothing); the
    candidates are the papers the full-text index ranks best for its most distinctive
    terms. `keep(paper) -> bool`
    filters candidates (filters, hidden papers) before the limit: pass a larger `pool`
    when it is selective. `taste` supplies the closest starred paper for `explain`.
    `stop() -> bool` is looked at between the steps and every STOP_EVERY candidates:
    once true, Stopped is raised (a second or more of work on a large library, which
    a caller that has moved on need not wait out or pay for)."""
    given = [paper] if isinstance(paper, Paper) else list(paper)
    vocab = vocab or Vocabulary.load(store)
    if vocab is None:
        return Ranking([], 0)
    with counted(vocab):
        return _related(store, given, vocab, limit, keep, pool, taste, explain, stop)


def _related(store: Store, given: list[Paper], vocab: Vocabulary, limit: int | None,
             keep: Any, pool: int, taste: Taste | None, explain: bool,
             stop: Callable[[], bool] | None) -> Ranking:
    """`related`'s work, with the vocabulary's counts cached."""
    _unless(stop)
    vectors = [v for p in given if (v := vocab.vector(paper_text(p)))]
    if not vectors:
        return Ranking([], 0)
    query = _mean([(v, 1.0) for v in vectors])
    weights = _profile([(v, 1.0) for v in vectors], vocab.mean, [],
                       RELATED_AGREEMENT if len(vectors) == 1 else RELATED_SEVERAL_AGREEMENT)
    # Each paper's most distinctive words (single words: the index's unit) are asked for.
    distinctive: dict[str, None] = {}
    for vec in vectors[:8]:
        ranked_terms = sorted(((t, weights[t]) for t in vec if " " not in t),
                              key=lambda kv: (-kv[1], kv[0]))
        distinctive.update((t, None) for t, _ in ranked_terms[:RELATED_TERMS])
    own = {p.id for p in given}
    ids = [pid for pid in _index_candidates(store, list(distinctive), pool) if pid not in own]
    _unless(stop)
    texts = _texts(store, ids)
    # One paper: its topic-level terms, which a candidate gains by sharing (see
    # RELATED_TOPICAL). Several papers have AGREEMENT for their common thread instead.
    topical = vocab.topical(vectors[0]) if len(vectors) == 1 else frozenset()
    # The library's latent topics: candidates asked for by the query's topic words, and
    # how alike in topic each candidate is to the paper (or to several papers' mean).
    _unless(stop)
    topics = _topics(store, vocab) if RELATED_LATENT else None
    _unless(stop)
    if topics is not None and RELATED_TOPIC_WORDS:
        seen = set(ids) | own
        more = [pid for pid in _index_candidates(
            store, topics.words(query, RELATED_TOPIC_WORDS), pool) if pid not in seen]
        ids += more
        _unless(stop)
        texts.update(_texts(store, more))
    # Candidates with a word in common with the query, in the index's order.
    kept = [(n, pid, vec) for n, pid in _watched(enumerate(ids), stop) if pid in texts
            and _dot(query, vec := vocab.vector(texts[pid][1])) > 0]
    latent: dict[str, float] = {}
    if kept and topics is not None:
        _unless(stop)
        likeness = topics.likeness(query, [vec for _, _, vec in kept])
        latent = {pid: x for (_, pid, _), x in zip(kept, likeness, strict=True)}

    def closeness(vec: Vector, pid: str) -> float:
        score = _dot(weights, vec) + RELATED_LATENT * latent.get(pid, 0.0)
        if topical:
            score += RELATED_TOPICAL * len(topical.intersection(vec)) / len(topical)
        return score

    ranked = [(closeness(vec, pid), n, pid, vec) for n, pid, vec in _watched(kept, stop)]
    ranked.sort(key=lambda x: (-x[0], x[1]))
    if len(vectors) == 1 and len(ranked) > 2 * FEEDBACK:
        # Pseudo-relevance feedback: the best few candidates join the query, so the order
        # follows the paper's topic rather than its wording. Not for several papers:
        # the feedback would drift to whichever of their topics leads.
        weights = _profile([*((v, 1.0) for v in vectors),
                            *((vec, FEEDBACK_WEIGHT) for _, _, _, vec in ranked[:FEEDBACK])],
                           vocab.mean, [], RELATED_FEEDBACK_AGREEMENT)
        ranked = sorted(((closeness(vec, pid), n, pid, vec)
                         for _, n, pid, vec in _watched(ranked, stop)),
                        key=lambda x: (-x[0], x[1]))
    bar = _average_closeness(vocab, weights, vectors, topical)
    top = max((r[0] for r in ranked), default=0.0)
    out: list[Scored] = []
    total = 0
    for value, _, pid, vec in _watched(ranked, stop):
        # A paper no more like this one than the library's papers are on average (a
        # shared common word got it in) and alike in no latent topic: the list ends.
        if value <= bar:
            break
        found = store.get_paper(pid)
        if found is None or (keep is not None and not keep(found)):
            continue
        total += 1  # past the limit only counted (a look-up each: what -n 0 costs anyway)
        if limit and len(out) >= limit:
            continue
        why = None
        if explain:
            shared = sorted(((weights[t] * x, t) for t, x in vec.items() if t in query),
                            reverse=True)
            terms = as_written(distinct((t for c, t in shared if c > 0), 3), found)
            why = taste._closest(vec, pid, terms, own) if taste is not None else Why(terms)
        # The score: how far above the average paper, relative to the best candidate, in
        # 0..1 (0: no more alike than the average paper, which is not listed).
        score = max(0.0, min((value - bar) / (top - bar), 1.0))
        out.append(Scored(found, round(score, 6), why))
    return Ranking(out, total)
