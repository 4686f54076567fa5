"""The library's latent topics (`papercli.topics`): what `related` weighs beside a paper's
own words. A factorization finds the fields a library is made of, a paper's loadings say
which it belongs to, and the cache they are kept in is data, checked where it is read.

The papers here are made up: three fields, each a vocabulary of 30 words of which a paper
uses a random 8, over a filler shared by all."""

from __future__ import annotations

import json
import math
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Home
from papercli import ranking
from papercli.topics import TOPIC_TERMS, Topics

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "gu"]


def _fields(seed: int = 3) -> tuple[list[list[str]], list[str]]:
    rng = random.Random(seed)
    made = sorted({"".join(rng.choices(SYLLABLES, k=4)) for _ in range(600)})
    rng.shuffle(made)
    return [made[k * 30:(k + 1) * 30] for k in range(3)], made[90:400]


def _unit(words: list[str]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for w in words:
        counts[w] = counts.get(w, 0.0) + 1.0
    norm = math.sqrt(sum(x * x for x in counts.values()))
    return {w: x / norm for w, x in counts.items()}


def _papers(n: int, seed: int = 5) -> list[tuple[int, dict[str, float]]]:
    fields, filler = _fields()
    rng = random.Random(seed)
    out = []
    for k in range(n):
        field = k % 3
        out.append((field, _unit(rng.sample(fields[field], 8) + rng.sample(filler, 6))))
    return out


def test_the_fields_of_a_library_are_found_and_a_paper_is_like_its_own_field() -> None:
    papers = _papers(300)
    topics = Topics.fit([v for _, v in papers], sizes=(3, 6))
    assert topics is not None and [len(p) for p in topics.parts] == [3, 6]
    (field, query), others = papers[0], papers[1:]
    alike = topics.likeness(query, [v for _, v in others])
    assert len(alike) == len(others) and all(0.0 <= x <= 1.0 + 1e-9 for x in alike)
    same = [x for (f, _), x in zip(others, alike, strict=True) if f == field]
    rest = [x for (f, _), x in zip(others, alike, strict=True) if f != field]
    assert min(same) > 0.5 > 0.2 > max(rest), (min(same), max(rest))
    # The words its field is named by: all of the field's, none of the filler's, even
    # those the paper does not use.
    fields, _ = _fields()
    named = topics.words(query, 12)
    assert len(named) == 12 and set(named) <= set(fields[field])
    assert set(named) - set(query)


def test_a_paper_with_none_of_the_topics_words_is_like_nothing() -> None:
    topics = Topics.fit([v for _, v in _papers(150)], sizes=(3,))
    assert topics is not None
    assert topics.likeness({"zzzunseen": 1.0}, [v for _, v in _papers(5)]) == [0.0] * 5
    assert topics.words({"zzzunseen": 1.0}, 5) == []


def test_loadings_are_the_non_negative_fit_of_each_paper_on_the_topics() -> None:
    """The projection is summed sparsely, a paper at a time: the same numbers as the
    plain dense computation, also for papers with no known term."""
    import numpy as np

    from papercli.topics import UPDATES

    empty = 256
    papers = [v for _, v in _papers(600)]
    topics = Topics.fit(papers, sizes=(3, 6, 12))
    assert topics is not None
    rows = [*papers[:empty - 1], {}, {"zzzunseen": 1.0}, *papers[empty:empty + 40]]
    terms = sorted({t for part in topics.parts for topic in part for t in topic})
    dense = np.array([[v.get(t, 0.0) for t in terms] for v in rows])
    for part, got in zip(topics.parts, topics.loadings(rows), strict=True):
        h = np.array([[topic.get(t, 0.0) for t in terms] for topic in part])
        projected, gram = dense @ h.T, h @ h.T
        w = np.maximum(projected, 0) / (np.diag(gram) + 1e-12) + 1e-12
        for _ in range(UPDATES):
            w *= projected / (w @ gram + 1e-12)
        w[projected.sum(axis=1) <= 0] = 0
        norms = np.linalg.norm(w, axis=1, keepdims=True)
        want = np.divide(w, norms, out=np.zeros_like(w), where=norms > 0)
        assert got.shape == (len(rows), len(part))
        assert np.abs(got - want).max() < 1e-9
        assert not got[empty - 1].any() and not got[empty].any()
        assert np.all(got >= 0)


@pytest.mark.parametrize("vectors", [[], [{"a": 1.0}], [{"a": 1.0}, {}]],
                         ids=["none", "one paper", "one with words"])
def test_too_little_to_factorize_is_no_topics(vectors: list[dict[str, float]]) -> None:
    assert Topics.fit(vectors) is None


def test_a_library_too_small_for_two_topics_has_none() -> None:
    """At most one topic per PAPERS_PER_TOPIC papers, and one topic tells nothing apart
    (every paper is alike in it: `related` gained the same from it for every paper)."""
    from papercli.topics import PAPERS_PER_TOPIC

    assert Topics.fit([v for _, v in _papers(2 * PAPERS_PER_TOPIC - 1)], sizes=(3,)) is None
    topics = Topics.fit([v for _, v in _papers(2 * PAPERS_PER_TOPIC)], sizes=(3,))
    assert topics is not None and [len(p) for p in topics.parts] == [2]


def _saved() -> tuple[Any, dict[str, float]]:
    topics = Topics.fit([v for _, v in _papers(200)], sizes=(3, 4))
    assert topics is not None
    known = {t: 1.0 for part in topics.parts for topic in part for t in topic}
    return json.loads(json.dumps(topics.to_json())), known


def test_topics_read_back_from_their_json_are_the_same() -> None:
    data, known = _saved()
    again = Topics.from_json(data, known)
    assert again is not None and again.parts == data
    vec = _papers(1)[0][1]
    assert again.likeness(vec, [vec]) == pytest.approx([1.0])


DAMAGE = {
    "not a list": lambda d: {"0": d},
    "empty": lambda d: [],
    "an empty part": lambda d: [[], *d[1:]],
    "an empty topic": lambda d: [[{}], *d[1:]],
    "a part that is not a list": lambda d: ["x", *d[1:]],
    "a topic that is not an object": lambda d: [[[1.0]], *d[1:]],
    "a term outside the vocabulary": lambda d: [[{**d[0][0], "notaterm": 0.5}], *d[1:]],
    "an integer weight": lambda d: [[{t: 1 for t in d[0][0]}], *d[1:]],
    "a boolean weight": lambda d: [[{t: True for t in d[0][0]}], *d[1:]],
    "a string weight": lambda d: [[{t: "0.5" for t in d[0][0]}], *d[1:]],
    "a negative weight": lambda d: [[{t: -0.5 for t in d[0][0]}], *d[1:]],
    "a zero weight": lambda d: [[{t: 0.0 for t in d[0][0]}], *d[1:]],
    "an infinite weight": lambda d: [[{t: math.inf for t in d[0][0]}], *d[1:]],
    "a NaN weight": lambda d: [[{t: math.nan for t in d[0][0]}], *d[1:]],
    "a huge weight": lambda d: [[{t: 1e300 for t in d[0][0]}], *d[1:]],
    "too many terms": lambda d: [[{f"t{n}": 0.5 for n in range(TOPIC_TERMS + 1)}], *d[1:]],
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_topics_cache_is_refused(kind: str) -> None:
    data, known = _saved()
    known.update({f"t{n}": 1.0 for n in range(TOPIC_TERMS + 1)})
    assert Topics.from_json(DAMAGE[kind](data), known) is None


# -- through `papers related` ------------------------------------------------------------


def _library(tmp_path: Path, papers_: Any, rare: int = 0) -> list[str]:
    """The three fields as a library of 240 papers; the ids, field by field. With `rare`,
    each paper also uses that many of 150 rare words that belong to no field (a
    method's name, a dataset's), which tie papers across fields by their words."""
    fields, filler = _fields()
    rarities = _fields(seed=9)[1][:150]
    rng = random.Random(11)
    items, ids = [], []
    for n in range(240):
        field = n % 3
        day = TODAY - timedelta(days=n % 20)
        pid = f"{day:%y%m}.{n + 1:05d}"
        own = rng.sample(rarities, rare)
        title = " ".join(rng.sample(fields[field], 3 if not rare else 1) + own[:1])
        summary = " ".join(rng.sample(fields[field], 6 if not rare else 3) + own * 2
                           + rng.sample(filler, 20))
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        paper = {"id": pid, "title": title, "summary": summary, "upvotes": n % 7,
                 "authors": [{"name": f"Author {n}"}], "publishedAt": stamp}
        items.append({"paper": paper, "publishedAt": stamp, "title": title})
        ids.append(pid)
    src = tmp_path / "fields.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers_("import", str(src)).exit_code == 0
    return ids


def test_related_learns_the_topics_once_and_rebuilds_a_damaged_cache(
        papers: Any, home: Home, tmp_path: Path) -> None:
    ids = _library(tmp_path, papers)
    first = papers("related", ids[0], "--json", "-n", "10", "--offline")
    assert first.exit_code == 0, first.stderr
    field = set(ids[0::3])
    assert set(first.ids) <= field and len(first.ids) == 10
    path = ranking.cache_dir() / "topics.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    vocab = json.loads((ranking.cache_dir() / "vocabulary.json").read_text(encoding="utf-8"))
    assert saved["kind"] == "topics" and saved["vocabulary"].startswith(f"{vocab['state']}:")
    assert saved["topics"] and all(isinstance(p, list) and p for p in saved["topics"])
    stamp = path.stat().st_mtime_ns
    assert papers("related", ids[3], "--json", "--offline").exit_code == 0
    assert path.stat().st_mtime_ns == stamp  # read back, not refitted
    for damage in ('{"version": 4, "kind": "topics", "vocabulary": "' + saved["vocabulary"]
                   + '", "topics": [[{"x": NaN}]]}', "{not json", ""):
        path.write_text(damage, encoding="utf-8")
        again = papers("related", ids[0], "--json", "-n", "10", "--offline")
        assert again.exit_code == 0 and again.stderr == "", again.stderr
        assert again.stdout == first.stdout
        assert json.loads(path.read_text(encoding="utf-8")) == saved


def test_topics_are_refitted_with_the_vocabulary(papers: Any, home: Home,
                                                 tmp_path: Path) -> None:
    ids = _library(tmp_path, papers)
    assert papers("related", ids[0], "--json", "--offline").exit_code == 0
    path = ranking.cache_dir() / "topics.json"
    stale = json.loads(path.read_text(encoding="utf-8"))
    before = stale["vocabulary"]
    stale["vocabulary"] = "1:1:1"  # fitted over another vocabulary
    path.write_text(json.dumps(stale), encoding="utf-8")
    assert papers("related", ids[0], "--json", "--offline").exit_code == 0
    assert json.loads(path.read_text(encoding="utf-8"))["vocabulary"] == before


def test_learning_the_topics_says_so_on_the_status_line(papers: Any, home: Home,
                                                        tmp_path: Path) -> None:
    from papercli.session import Session

    ids = _library(tmp_path, papers)
    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    store = session.store()
    paper = store.get_paper(ids[0])
    assert paper is not None
    assert ranking.related(store, paper, 5).scored
    assert said[-2:] == ["learning the library's topics…", None]
    said.clear()
    assert ranking.related(store, paper, 5).scored
    assert "learning the library's topics…" not in said  # cached: nothing to say
    session.close()


def test_the_latent_topics_lift_a_paper_s_own_field(papers: Any, home: Home, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The same library ranked without and with the topics: each paper also has three
    rare words that tie it to papers of other fields, so its own words alone mislead
    (measured: 0.54 of the ten most related are of its field without the topics, 0.86
    with them; and 0.49 with them before a small library was held to one topic per 50
    papers)."""
    from papercli.session import Session

    ids = _library(tmp_path, papers, rare=3)
    session = Session.create(offline=True)
    store = session.store()
    field = {pid: n % 3 for n, pid in enumerate(ids)}

    def precision() -> float:
        hits = 0
        for pid in ids[:30]:
            paper = store.get_paper(pid)
            assert paper is not None
            found = [s.paper.id for s in ranking.related(store, paper, 10).scored]
            hits += sum(field[f] == field[pid] for f in found)
        return hits / 300

    with_topics = precision()
    monkeypatch.setattr(ranking, "RELATED_LATENT", 0.0)
    without = precision()
    session.close()
    assert with_topics > without, (with_topics, without)
