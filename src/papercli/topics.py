"""The library's latent topics, for `related`: what a paper is about at the level a
reader files it under ("video generation", "agents", "3D"), learned from the library
itself, with no download.

A paper's own words name it too precisely: its rarest terms find its near-duplicates,
and a paper about agents that write code shares more rare words with one code paper than
with the agents it belongs with. So `related` also asks whether two papers load on the
same topics of a non-negative factorization (NMF) of the library's TF-IDF matrix, at
three granularities at once (TOPIC_SIZES: a few broad fields, then finer ones), fitted
on an evenly spaced sample of the library and cached with the vocabulary it was fitted
over. Measured on bench/relevance.py (keyword groups, one paper, P@10 tuned / held out),
against the same ranking without it in the same run: 0.52 / 0.40 -> 0.61 / 0.45; one
granularity alone (20 topics) moved the tuned topics as much but not the held-out ones,
which are smaller.

A topic is kept as its TOPIC_TERMS heaviest terms (the rest weigh next to nothing, and
the cache stays small and is plain JSON); a paper's loading on the topics is the
non-negative least-squares fit of its vector on them (Lee and Seung's multiplicative
updates, a few dozen matrix products over the handful of papers being ranked). The fit
is scikit-learn's NMF; numpy and scikit-learn are imported only here, when `related`
first needs them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Container, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

Vector = Mapping[str, float]
TOPIC_SIZES = (10, 20, 40)  # topics of each factorization, broad to fine
TOPIC_SAMPLE = 4_000  # papers the factorizations are fitted on, at most
TOPIC_ITERATIONS = 50  # of the fit (measured: 100 gain nothing and take twice as long)
TOPIC_TERMS = 200  # heaviest terms kept per topic
PAPERS_PER_TOPIC = 50  # a library's papers per topic, at least (a small one gets fewer)
# Of the library's papers a term must be in to be factorized (8 of 4,000): rarer terms
# name no topic, and leaving them out takes a quarter off the fit's time and memory.
MIN_SHARE = 0.002
UPDATES = 30  # multiplicative updates of a paper's loadings (20 already gave the same P@10)
MAX_LOADING = 1e6  # a term's weight in a topic, in a cache: a fitted one is far below
_TINY = 1e-12


class Topics:
    """Per factorization, each topic's heaviest terms and their weights."""

    __slots__ = ("_cols", "_gram", "_terms", "parts")

    def __init__(self, parts: Sequence[Sequence[Mapping[str, float]]]) -> None:
        self.parts = [[dict(topic) for topic in part] for part in parts]
        self._terms: dict[str, int] = {}
        self._cols: np.ndarray | None = None  # a row per term, each topic's weight in it
        self._gram: list[np.ndarray] = []  # per factorization, its topics' inner products

    @classmethod
    def fit(cls, vectors: Iterable[Vector], sizes: Sequence[int] = TOPIC_SIZES,
            iterations: int = TOPIC_ITERATIONS,
            terms: Collection[str] | None = None) -> Topics | None:
        """NMF of the papers' unit TF-IDF vectors at each of `sizes` (fewer topics when
        there are few papers or terms), over `terms` only if given; None when there is
        too little to factorize. The vectors are read once, into a sparse matrix: none
        is kept (a sample's vectors as dictionaries took more memory than the fit)."""
        from array import array

        column: dict[str, int] = {}
        data, indices, indptr = array("d"), array("q"), array("q", [0])
        for vec in vectors:
            for t, x in vec.items():
                if terms is None or t in terms:
                    indices.append(column.setdefault(t, len(column)))
                    data.append(x)
            if len(indices) > indptr[-1]:
                indptr.append(len(indices))
        rows, names = len(indptr) - 1, list(column)
        # Under two topics there is nothing to tell apart (below): said before numpy and
        # scikit-learn are imported, which costs a second (and a small library, or one of
        # papers all alike, never needs them).
        if len(names) < 3 or rows // PAPERS_PER_TOPIC < 2:
            return None
        import warnings

        import numpy as np
        from scipy.sparse import csr_matrix
        from sklearn.decomposition import NMF
        from sklearn.exceptions import ConvergenceWarning
        from threadpoolctl import threadpool_limits

        matrix = csr_matrix((np.frombuffer(data), np.frombuffer(indices, dtype=np.int64),
                             np.frombuffer(indptr, dtype=np.int64)), shape=(rows, len(names)))
        del data, indices, indptr
        parts = []
        # A topic needs papers to be one: at most one per PAPERS_PER_TOPIC papers, so a
        # small library is not cut into as many topics as it has clusters of rare words;
        # under two topics there is nothing to tell apart (every paper is alike in one).
        most = rows // PAPERS_PER_TOPIC
        for k in sorted({min(size, most, rows - 1, len(names) - 1) for size in sizes}):
            if k < 2:
                continue
            # One BLAS thread: the fit's products are small, and a second thread spent
            # four times the CPU waiting for the first (on a busy two-core machine, 30 s
            # of a first `related` against 7 s); the topics agree to 1e-10.
            with warnings.catch_warnings(), threadpool_limits(1, user_api="blas"):
                warnings.simplefilter("ignore", ConvergenceWarning)  # capped on purpose
                model = NMF(n_components=k, init="nndsvda", max_iter=iterations,
                            random_state=0).fit(matrix)
            part = []
            for weights in model.components_:
                top = np.argsort(-weights, kind="stable")[:TOPIC_TERMS]
                topic = {names[i]: float(weights[i]) for i in top if weights[i] > 0}
                if topic:
                    part.append(topic)
            if part:
                parts.append(part)
        return cls(parts) if parts else None

    @classmethod
    def from_json(cls, data: object, known: Container[str]) -> Topics | None:
        """Topics read back from a cache (`to_json`), or None when anything in it is not
        what `fit` writes: a term outside `known` (the vocabulary), a weight that is not a
        finite float in range, an empty topic, a wrong shape."""
        if not isinstance(data, list) or not data:
            return None
        parts = []
        for part in data:
            if not isinstance(part, list) or not part:
                return None
            topics = []
            for topic in part:
                if (not isinstance(topic, dict) or not topic or len(topic) > TOPIC_TERMS
                        or not all(t in known and type(w) is float and 0 < w <= MAX_LOADING
                                   and math.isfinite(w) for t, w in topic.items())):
                    return None
                topics.append(topic)
            parts.append(topics)
        return cls(parts)

    def to_json(self) -> list[list[dict[str, float]]]:
        return self.parts

    def _prepare(self) -> tuple[dict[str, int], np.ndarray]:
        """Term -> row, and the rows: each topic's weight of the term (every
        factorization's topics side by side); and each factorization's Gram matrix."""
        if self._cols is None:
            import numpy as np

            terms = sorted({t for part in self.parts for topic in part for t in topic})
            self._terms = {t: n for n, t in enumerate(terms)}
            h = np.zeros((sum(len(part) for part in self.parts), len(terms)))
            k = 0
            for part in self.parts:
                for topic in part:
                    for t, w in topic.items():
                        h[k, self._terms[t]] = w
                    k += 1
                block = h[k - len(part):k]
                self._gram.append(block @ block.T)
            self._cols = np.ascontiguousarray(h.T)
        return self._terms, self._cols

    def loadings(self, vectors: Iterable[Vector]) -> list[np.ndarray]:
        """Each paper's loadings on each factorization's topics, every row of unit length
        (all zero for a paper with none of the topics' terms): one matrix per
        factorization, a row per paper, in the order given."""
        import numpy  # noqa: F401  (loaded first: the limit reaches the BLAS loaded)
        from threadpoolctl import threadpool_limits

        # One BLAS thread, as for the fit: these products are small (a few hundred papers
        # by 40 topics), and a second thread only spun, a third of `related`'s CPU time.
        with threadpool_limits(1, user_api="blas"):
            return self._loadings(list(vectors))

    def _loadings(self, rows: list[Vector]) -> list[np.ndarray]:
        """`loadings`' arithmetic, under its caller's thread limit."""
        import numpy as np

        terms, cols = self._prepare()
        # Each paper's vector projected on every topic at once: its known terms' rows of
        # `cols`, weighed and summed (one small product a paper: no matrix of papers by
        # terms is ever built).
        projected = np.zeros((len(rows), cols.shape[1]))
        for r, vec in enumerate(rows):
            found = [(n, x) for t, x in vec.items() if (n := terms.get(t)) is not None]
            if found:
                at, weights = zip(*found, strict=True)
                projected[r] = np.asarray(weights) @ cols[list(at)]
        out = []
        k = 0
        for gram in self._gram:
            part = projected[:, k:k + len(gram)]
            k += len(gram)
            # Non-negative least squares by multiplicative updates: from the projection
            # scaled per topic, each step keeps the loadings non-negative.
            w = np.maximum(part, 0.0) / (np.diag(gram) + _TINY) + _TINY
            for _ in range(UPDATES):
                w *= part / (w @ gram + _TINY)
            w[part.sum(axis=1) <= 0] = 0.0
            norms = np.linalg.norm(w, axis=1, keepdims=True)
            out.append(np.divide(w, norms, out=np.zeros_like(w), where=norms > 0))
        return out

    def words(self, vec: Vector, most: int) -> list[str]:
        """The `most` single words that weigh most in the finest topics `vec` loads on
        (its loadings times the topics' term weights): the words its topic is named by,
        whether or not the paper uses them. (The finest: the broad fields' words would
        ask for a tenth of the library; `ranking.RELATED_TOPIC_WORDS` has the figures.)"""
        if not self.parts:
            return []
        load = self.loadings([vec])[-1][0]
        weight: dict[str, float] = {}
        for topic, x in zip(self.parts[-1], load, strict=True):
            if x > 0:
                for t, w in topic.items():
                    if " " not in t:
                        weight[t] = weight.get(t, 0.0) + float(x) * w
        return sorted(weight, key=lambda t: (-weight[t], t))[:most]

    def likeness(self, query: Vector, others: Sequence[Vector]) -> list[float]:
        """How alike `query` and each of `others` are in topic, 0..1: the cosine of their
        loadings, averaged over the factorizations."""
        if not self.parts:
            return [0.0] * len(others)
        mats = self.loadings([query, *others])
        total = sum(m[1:] @ m[0] for m in mats)
        return [float(v) / len(mats) for v in total]
