"""How well `for-you` and `related` rank: simulated users on real or synthetic papers.

    python bench/relevance.py [--users N] [--synthetic] [--only families|keywords]
                              [--stars-from DATE --stars-until DATE --split DATE --until DATE]

Each simulated user stars 10 papers of one topic listed in 2025 (and has seen the whole
listing of each day they starred on: those papers are weak negatives, as `papers new`
would have recorded). Their taste model then ranks the papers listed from February to
June 2026, and the top 10 is scored against the topic: precision@10 and nDCG@10 (binary
relevance); then the same user hides one more paper of their topic ("papercli, 1 hide":
a hide lowers papers like it, and should not turn the topic against the stars). Side by
side, on the same users and candidates:
- "anchor": arXiv-sanity-lite's recipe, the field's simplest strong one: TF-IDF of title
  and abstract (words and word pairs, 20,000 features, sublinear tf, English stop words)
  and `LinearSVC(C=0.01, class_weight="balanced")` trained on the stars against every other
  paper in the library, ranking by the decision function (scikit-learn, in this process);
- "upvotes" (most upvoted first) and "newest", which know nothing of the user.
`related` precision@10 and nDCG@10: for papers of a topic listed in the ranked period
(`--queries` per topic), the share of their 10 most related library papers (excluding
themselves) of the same topic, against the topic's share of the library (chance); then
the same for three papers of the topic given together (`papers related A B C`). Beside
them, the anchor's "similar papers" (arXiv-sanity-lite ranks them with an exemplar SVM: the
same TF-IDF and LinearSVC, the query papers positive and every other library paper
negative), on the same queries: what the field's recipe reaches on this label. Then a
yardstick no user can have: one logistic regression a topic, trained on the true labels of
the 2025 papers (the stars' period), ranking by how much two papers' predicted topics
overlap: what the same words give when the labels are known. A looser
row counts a related paper as relevant when it shares any of the query paper's topics
(a paper about agents and code is as related to either); the strict row is the figure
to quote. `--users 0` measures `related` only (no simulated users; the anchor's related rows stay
unless `--no-anchor`).

Topics held out: HELD_OUT names the topics that were never looked at while the ranking was
tuned; their figures are the honest ones, printed on their own rows ("held out").

Topics, so that the ground truth is not the model's own output:
- families: each model family with at least 40 papers, 5 of them in the ranked period
  (papercli's family rules over title, abstract and AI keywords). The model sees the same
  text, so it can learn the name; the question is whether 10 stars are enough to.
- AI-keyword groups: papers whose Hub-generated `ai_keywords` contain any of a group's
  stems (e.g. "diffusion", "speech"/"audio", "agent"). Here the library the model learns
  and ranks from has every `ai_keywords` removed: the labels and the features are
  disjoint, title and abstract only. Papers without AI keywords are left out of both
  candidates and labels (their topic is unknown).

Data: ../shared/real/daily_items.json when present (read, never copied: see
../shared/real/SOURCES.md); otherwise, or with --synthetic, a generated library of 12
topics whose vocabularies overlap, with upvotes independent of topic.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _util import ROOT, import_here, table

# Beside the main checkout (../shared/real); a worktree may sit one level deeper.
REAL = next((p for p in (ROOT.parent / "shared" / "real" / "daily_items.json",
                         ROOT.parent.parent / "shared" / "real" / "daily_items.json")
             if p.is_file()), ROOT.parent / "shared" / "real" / "daily_items.json")
STARS = 10
# Never used while tuning papercli's ranking: the figures to quote.
HELD_OUT = {"robotics", "safety", "code", "mixture of experts",  # AI-keyword groups
            "Qwen", "Claude", "LLaVA", "Mamba"}  # model families
# "papercli, 1 hide": the same user after hiding one more paper of their topic (a paper of
# what they like, which they did not want): a hide should lower papers like it, not the
# topic (one hide outweighed ten stars until format 4 of the model).
METHODS = ("papercli", "papercli, 1 hide", "anchor", "upvotes", "newest")
# AI-keyword stems that make a topic (generic words, not data), as regular expressions
# searched in each keyword: a stem matches inside a glued name ("hunyuan3d", "olmoe"),
# except "rag" and "coding", which hide in unrelated words ("average", "storage",
# "speculative decoding", "positional encoding": 445 keywords of the archive) and so
# match at a word's start only; and "alignment" counts for safety only in its AI sense
# (alone, or of an AI, LLM, model, humans or values, or "misalignment"): "semantic",
# "cross-modal", "text-image" and "temporal alignment" are not about safety, and made two
# thirds of that topic (327 of 501 papers of the archive).
GROUPS = {
    "reinforcement learning": ("reinforcement", "policy optimization", "grpo", "reward"),
    "diffusion": ("diffusion",),
    "video": ("video",),
    "speech and audio": ("speech", "audio", "music"),
    "agents": ("agent",),
    "3D": ("3d", "gaussian splatting", "nerf"),
    "retrieval": ("retrieval", r"\brag\b"),
    "mixture of experts": ("mixture-of-experts", "moe"),
    "quantization and efficiency": ("quantiz", "pruning", "distillation"),
    "code": ("code generation", r"\bcoding", "software"),
    "robotics": ("robot", "embodied", "vision-language-action"),
    "chain of thought": ("chain-of-thought", "test-time scaling"),
    "safety": ("safety", "jailbreak", "misalign", r"\b(ai|llm|model|human|value)s?[ -]alignment",
               "^alignment$"),
    "image generation": ("text-to-image", "image generation", "image editing"),
}

PATTERNS = {g: re.compile("|".join(stems)) for g, stems in GROUPS.items()}


def load_real() -> list[dict[str, Any]] | None:
    if not REAL.is_file():
        return None
    data = json.loads(REAL.read_text(encoding="utf-8"))
    return [i for i in data if isinstance(i, dict)]


def synthetic(n: int = 6000, days: int = 400, seed: int = 5) -> list[dict[str, Any]]:
    """12 topics, each a vocabulary of 40 words of which half is shared with the next
    topic, over a common background; a paper draws 6% of its words from its topic."""
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "gu"]

    def word() -> str:
        return "".join(rng.choices(syll, k=rng.randint(2, 4)))

    background = [word() for _ in range(3000)]
    topics = [[word() for _ in range(40)] for _ in range(12)]
    for i in range(12):
        topics[i][:20] = topics[(i + 1) % 12][20:40]
    start = date(2025, 1, 1)
    out = []
    for k in range(n):
        t = rng.randrange(12)
        day = start + timedelta(days=rng.randrange(days))
        words = [rng.choice(topics[t]) if rng.random() < 0.06 else rng.choice(background)
                 for _ in range(150)]
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        paper = {"id": f"{day:%y%m}.{k:05d}", "title": " ".join(words[:10]),
                 "summary": " ".join(words[10:]), "publishedAt": stamp,
                 "upvotes": int(rng.paretovariate(1.2)), "ai_keywords": [f"topic{t}"],
                 "authors": [{"name": "A"}]}
        out.append({"paper": paper, "publishedAt": stamp, "title": paper["title"]})
    return out


def precision(order: Sequence[str], relevant: set[str], k: int = 10) -> float:
    top = order[:k]
    return sum(1 for p in top if p in relevant) / k


def ndcg(order: Sequence[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, p in enumerate(order[:k]) if p in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def evaluate(name: str, items: list[dict[str, Any]], labels: Callable[[Any], set[str]],
             universe: Callable[[Any], bool], strip_keywords: bool, args: argparse.Namespace,
             min_size: int = 40) -> list[tuple[Any, ...]]:
    """One topic definition: build a library, simulate users, return table rows."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shown = items
        if strip_keywords:
            shown = [{**i, "paper": {**i["paper"], "ai_keywords": []}} for i in items]
        import_here(shown, root, HF_ENDPOINT="http://127.0.0.1:9",
                    PAPERS_NOW=f"{args.now}T12:00:00Z")
        from papercli import ranking
        from papercli.db.userdb import UserDB
        from papercli.session import Session

        session = Session.create(offline=True)
        store = session.store()
        papers = [p for p in (store.get_paper(_pid(i)) for i in items) if p is not None]
        truth = {p.id: p for p in papers}
        original = {_pid(i): i for i in items}
        topics: dict[str, set[str]] = {}
        for pid, item in original.items():
            if pid in truth and universe(item):
                for topic in labels((item, truth[pid])):
                    topics.setdefault(topic, set()).add(pid)
        pool = {pid for pid, item in original.items() if pid in truth and universe(item)}
        day = {pid: (truth[pid].submitted_at or truth[pid].date)[:10] for pid in pool}
        train = {pid for pid in pool if args.stars_from <= day[pid] <= args.stars_until}
        test = sorted((pid for pid in pool if args.split <= day[pid] <= args.until),
                      key=lambda pid: (day[pid], pid))
        by_day: dict[str, list[str]] = {}
        for pid in pool:
            by_day.setdefault(day[pid], []).append(pid)
        chosen = [t for t, members in sorted(topics.items(), key=lambda kv: -len(kv[1]))
                  if len(members) >= min_size and len(members & train) >= 2 * STARS
                  and len(members & set(test)) >= 5
                  and not (args.tuning and t in HELD_OUT)]
        # scores[held out?][method] = {"p": [...], "n": [...]}
        scores: dict[bool, dict[str, dict[str, list[float]]]] = {
            part: {m: {"p": [], "n": []} for m in METHODS} for part in (False, True)}
        related_p: dict[bool, list[float]] = {False: [], True: []}
        related_n: dict[bool, list[float]] = {False: [], True: []}
        related_any: dict[bool, list[float]] = {False: [], True: []}
        of_topic: dict[str, set[str]] = {}
        for t in chosen:
            for pid in topics[t]:
                of_topic.setdefault(pid, set()).add(t)
        related_many: dict[bool, list[float]] = {False: [], True: []}
        related_many_n: dict[bool, list[float]] = {False: [], True: []}
        # The anchor's similar papers: [one paper P, one paper nDCG, three P, three nDCG]
        anchor_rel: dict[bool, list[list[float]]] = {h: [[], [], [], []] for h in (False, True)}
        chance: list[float] = []
        per_topic: list[tuple[str, int, float, float, float, float, float, float]] = []
        rng = random.Random(17)
        hides = random.Random(23)  # its own: the other samples stay those of earlier runs
        users = 0
        started = time.perf_counter()
        cands = [truth[pid] for pid in test]
        upvotes = [p.id for p in ranking.upvotes_order(cands)]
        newest = [p.id for p in sorted(cands, key=lambda p: (p.date, p.id), reverse=True)]
        anchor = (None if args.no_anchor
                  else Anchor([truth[pid] for pid in sorted(truth)], cands))
        # What the words can carry when the labels are known: one classifier a topic,
        # trained on the true labels of the papers the stars come from (no user has them).
        labelled = (None if anchor is None
                    else anchor.classifiers({t: topics[t] & train for t in chosen}, train))
        known_rel: dict[bool, list[float]] = {False: [], True: []}
        for topic in chosen:
            held = topic in HELD_OUT
            members = topics[topic]
            relevant = members & set(test)
            topic_p: dict[str, list[float]] = {"papercli": [], "anchor": []}
            for _ in range(args.users):
                starred = rng.sample(sorted(members & train), STARS)
                path = root / "data" / "papercli" / "user.db"
                path.unlink(missing_ok=True)
                with UserDB.open(path) as udb:
                    udb.star([truth[pid] for pid in starred])
                    seen = {q for pid in starred for q in by_day[day[pid]]} - set(starred)
                    udb.record_check(sorted(seen), args.split)
                    taste = ranking.Taste.load(store, udb)
                    udb.hide([hides.choice(sorted(members & train - set(starred)))])
                    after_hide = [s.paper.id for s in ranking.Taste.load(store, udb).score(cands)]
                users += 1
                order = [s.paper.id for s in taste.score(cands)]
                theirs = anchor.rank(starred) if anchor is not None and args.users else []
                for method, ranked in (("papercli", order), ("papercli, 1 hide", after_hide),
                                       *([("anchor", theirs)] if anchor is not None else []),
                                       ("upvotes", upvotes), ("newest", newest)):
                    scores[held][method]["p"].append(precision(ranked, relevant))
                    scores[held][method]["n"].append(ndcg(ranked, relevant))
                topic_p["papercli"].append(precision(order, relevant))
                if anchor is not None:
                    topic_p["anchor"].append(precision(theirs, relevant))
            queries = rng.sample(sorted(relevant), min(args.queries, len(relevant)))
            rel_topic, rel_n = [], []
            topic_anchor: list[float] = []
            topic_known: list[float] = []
            for q in queries:
                found = [s.paper.id for s in ranking.related(
                    store, truth[q], 10, keep=lambda p: p.id in pool).scored]
                rel_topic.append(precision(found, members))
                rel_n.append(ndcg(found, members))
                # Looser: sharing any of the query paper's topics (a paper of two topics
                # is as related to either).
                near = set().union(*(topics[t] for t in of_topic.get(q, ()))) or members
                related_any[held].append(precision(found, near))
                if anchor is not None:
                    similar = anchor.similar([q], pool)
                    anchor_rel[held][0].append(precision(similar, members))
                    anchor_rel[held][1].append(ndcg(similar, members))
                    topic_anchor.append(precision(similar, members))
                if labelled is not None:
                    topic_known.append(precision(labelled.similar([q], pool), members))
            # Several papers at once: three of the topic, their related list.
            several = sorted(members)
            for _ in range(max(1, args.queries // 2)):
                group = rng.sample(several, 3)
                found = [s.paper.id for s in ranking.related(
                    store, [truth[q] for q in group], 10, keep=lambda p: p.id in pool).scored]
                related_many[held].append(precision(found, members))
                related_many_n[held].append(ndcg(found, members))
                if anchor is not None:
                    similar = anchor.similar(group, pool)
                    anchor_rel[held][2].append(precision(similar, members))
                    anchor_rel[held][3].append(ndcg(similar, members))
            related_p[held].extend(rel_topic)
            related_n[held].extend(rel_n)
            share = len(members) / len(pool)
            chance.append(share)
            per_topic.append((topic + (" (held out)" if held else ""), len(members),
                              _avg(topic_p["papercli"]), _avg(topic_p["anchor"]),
                              statistics.mean(rel_topic), _avg(topic_anchor),
                              _avg(topic_known), share))
            known_rel[held].extend(topic_known)
        session.close()
        seconds = time.perf_counter() - started
    print(f"\n{name}: {len(pool):,} papers, {len(chosen)} topics, {users} users "
          f"({args.users} per topic), stars from {args.stars_from} – {args.stars_until}, "
          f"ranking {len(test)} papers listed {args.split} – {args.until}, {seconds:.0f} s")
    print(table(["topic", "papers", "papercli P@10", "anchor P@10", "related P@10",
                 "anchor related P@10", "yardstick related P@10", "share"],
                [(t, n, _fmt(p), _fmt(a), f"{r:.2f}", _fmt(ar), _fmt(k), f"{s:.2f}")
                 for t, n, p, a, r, ar, k, s in per_topic]))
    rows = []
    for held in (False, True):
        part = f"{name}{' · HELD OUT' if held else ' · tuned on'}"
        if not related_p[held]:
            continue
        for m, v in scores[held].items():
            if v["p"]:
                rows.append((part, m, f"{statistics.mean(v['p']):.3f}",
                             f"{statistics.mean(v['n']):.3f}"))
        rows.append((part, f"related, one paper (chance {statistics.mean(chance):.3f})",
                     f"{statistics.mean(related_p[held]):.3f}",
                     f"{statistics.mean(related_n[held]):.3f}"))
        rows.append((part, "related, one paper, any of its topics",
                     f"{statistics.mean(related_any[held]):.3f}", ""))
        rows.append((part, "related, three papers", f"{statistics.mean(related_many[held]):.3f}",
                     f"{statistics.mean(related_many_n[held]):.3f}"))
        one_p, one_n, three_p, three_n = anchor_rel[held]
        if one_p:
            rows.append((part, "anchor related (exemplar SVM), one paper",
                         f"{statistics.mean(one_p):.3f}", f"{statistics.mean(one_n):.3f}"))
            rows.append((part, "anchor related (exemplar SVM), three papers",
                         f"{statistics.mean(three_p):.3f}", f"{statistics.mean(three_n):.3f}"))
        if known_rel[held]:
            rows.append((part, "yardstick: related by topics learned from true labels",
                         f"{statistics.mean(known_rel[held]):.3f}", ""))
    return rows


class Anchor:
    """arXiv-sanity-lite's recipe over the same library (scikit-learn, imported here only)."""

    def __init__(self, library: list[Any], cands: list[Any]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = [p.id for p in library]
        self.row = {pid: n for n, pid in enumerate(self.ids)}
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), max_features=20_000,
                                     sublinear_tf=True, stop_words="english")
        self.matrix = vectorizer.fit_transform([f"{p.title} {p.summary}" for p in library])
        self.cands = [p.id for p in cands]
        self.cand_rows = self.matrix[[self.row[pid] for pid in self.cands]]

    def rank(self, starred: list[str]) -> list[str]:
        import numpy as np
        from sklearn.svm import LinearSVC

        labels = np.zeros(len(self.ids))
        labels[[self.row[pid] for pid in starred]] = 1
        model = LinearSVC(C=0.01, class_weight="balanced").fit(self.matrix, labels)
        scores = model.decision_function(self.cand_rows)
        return [self.cands[i] for i in np.argsort(-scores, kind="stable")]

    def similar(self, given: list[str], allowed: set[str], k: int = 10) -> list[str]:
        """arXiv-sanity-lite's similar papers: an exemplar SVM, the given papers positive
        and every other library paper negative; the best `k` of `allowed`, not the given."""
        import numpy as np
        from sklearn.svm import LinearSVC

        labels = np.zeros(len(self.ids))
        labels[[self.row[pid] for pid in given]] = 1
        model = LinearSVC(C=0.01, class_weight="balanced").fit(self.matrix, labels)
        scores = model.decision_function(self.matrix)
        return _best(self.ids, scores, allowed, given, k)

    def classifiers(self, members: dict[str, set[str]], train: set[str]) -> Labelled:
        """One logistic regression a topic over this TF-IDF, fitted on the `train` papers
        with their true labels: a yardstick for `related`, which has no labels."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        rows = [self.row[pid] for pid in self.ids if pid in train]
        chances = np.zeros((len(self.ids), len(members)))
        for j, topic in enumerate(sorted(members)):
            labels = np.array([self.ids[r] in members[topic] for r in rows])
            model = LogisticRegression(C=10, max_iter=300).fit(self.matrix[rows], labels)
            chances[:, j] = model.predict_proba(self.matrix)[:, 1]
        return Labelled(self.ids, self.row, chances)


class Labelled:
    """Papers ranked by how much their predicted topics overlap the query's."""

    def __init__(self, ids: list[str], row: dict[str, int], chances: Any) -> None:
        self.ids, self.row, self.chances = ids, row, chances

    def similar(self, given: list[str], allowed: set[str], k: int = 10) -> list[str]:
        query = self.chances[[self.row[pid] for pid in given]].mean(axis=0)
        scores = self.chances @ query
        return _best(self.ids, scores, allowed, given, k)


def _best(ids: list[str], scores: Any, allowed: set[str], given: list[str],
          k: int) -> list[str]:
    """The `k` highest-scoring ids of `allowed`, not the given ones."""
    import numpy as np

    out: list[str] = []
    for i in np.argsort(-scores, kind="stable"):
        pid = ids[i]
        if pid in allowed and pid not in given:
            out.append(pid)
            if len(out) == k:
                break
    return out


def _fmt(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"


def _avg(values: Sequence[float]) -> float:
    return statistics.mean(values) if values else float("nan")


def _pid(item: dict[str, Any]) -> str:
    from papercli.models import normalize_id

    return normalize_id(str(item["paper"]["id"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=3,
                        help="simulated users per topic (the README's figures: 20; with 5, "
                             "the held-out P@10 moves by up to 0.05 between samples)")
    parser.add_argument("--queries", type=int, default=30,
                        help="papers per topic whose related list is scored (and half as "
                             "many three-paper queries); one paper's P@10 moves by 0.05 "
                             "between samples of 30")
    parser.add_argument("--synthetic", action="store_true", help="ignore the real data")
    parser.add_argument("--stars-from", help="first day a star may be listed on")
    parser.add_argument("--stars-until", help="last day a star may be listed on")
    parser.add_argument("--split", help="first day of the ranked period (YYYY-MM-DD)")
    parser.add_argument("--until", help="last day of the ranked period (YYYY-MM-DD)")
    parser.add_argument("--only", choices=("families", "keywords"), help="one topic kind")
    parser.add_argument("--no-anchor", action="store_true",
                        help="skip the anchor recipe (it is the slow part)")
    parser.add_argument("--tuning", action="store_true",
                        help="leave the held-out topics out (while tuning the ranking)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    items = None if args.synthetic else load_real()
    rows: list[tuple[Any, ...]] = []
    if items is None:
        print("bench: no ../shared/real/daily_items.json (or --synthetic): synthetic topics")
        items = synthetic()
        args.stars_from = args.stars_from or "2025-01-01"
        args.stars_until = args.stars_until or "2025-10-31"
        args.split = args.split or "2025-11-01"
        args.until = args.until or "2026-01-31"
        args.now = "2026-02-10"
        rows += evaluate("synthetic topics", items,
                         lambda pair: set(pair[0]["paper"]["ai_keywords"]),
                         lambda item: True, True, args, min_size=100)
    else:
        args.stars_from = args.stars_from or "2025-01-01"
        args.stars_until = args.stars_until or "2025-12-31"
        args.split = args.split or "2026-02-01"
        args.until = args.until or "2026-06-30"
        args.now = "2026-08-31"
        if args.only != "keywords":
            rows += evaluate("families", items, lambda pair: set(pair[1].families),
                             lambda item: True, False, args)

        def groups(pair: Any) -> set[str]:
            words = [str(k).lower() for k in pair[0]["paper"].get("ai_keywords") or ()]
            return {g for g, pattern in PATTERNS.items() if any(pattern.search(w) for w in words)}

        if args.only != "families":
            rows += evaluate("AI-keyword groups (title+abstract only)", items, groups,
                             lambda item: bool(item["paper"].get("ai_keywords")), True, args)
    print()
    print(table(["topics", "ranking", "P@10", "nDCG@10"], rows))


if __name__ == "__main__":
    main()
