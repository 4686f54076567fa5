"""`papers related` on one paper favours papers of its topic over papers that share only
its rarest words: the topic-level terms it has (in between 1% and 30% of the library's
papers: "diffusion", "denoising") count beside the likeness of the vectors.

The library is made here: a topic of 30 papers named by three words over random filler, two
decoys that repeat the query paper's two quirky words (each in under 1% of the papers) and
nothing of its topic, and 560 papers of filler only."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY

TOPIC = "diffusion denoising sampler"
QUIRK = "zorblat quixel"
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "gu"]


def _items() -> tuple[list[dict[str, Any]], str, list[str], list[str]]:
    rng = random.Random(7)
    filler = sorted({"".join(rng.choices(SYLLABLES, k=3)) for _ in range(400)})

    def words(k: int) -> str:
        return " ".join(rng.choice(filler) for _ in range(k))

    texts: list[tuple[str, str, str]] = []  # (kind, title, summary)
    texts.append(("query", f"{TOPIC} {QUIRK}", f"{QUIRK} {QUIRK} {TOPIC} {words(10)}"))
    texts += [("topic", f"{TOPIC} {words(3)}", f"{words(20)} {TOPIC} {words(20)}")
              for _ in range(30)]
    texts += [("decoy", f"{QUIRK} {words(3)}", f"{QUIRK} {words(15)} {QUIRK} {QUIRK}")
              for _ in range(2)]
    texts += [("filler", words(6), words(40)) for _ in range(560)]
    items, kinds = [], {"query": [], "topic": [], "decoy": []}  # type: dict[str, list[str]]
    for n, (kind, title, summary) in enumerate(texts):
        day = TODAY - timedelta(days=n % 30)
        pid = f"{day:%y%m}.{n + 1:05d}"
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        paper = {"id": pid, "title": title, "summary": summary, "upvotes": n % 50,
                 "authors": [{"name": f"Author {n}"}], "publishedAt": stamp}
        items.append({"paper": paper, "publishedAt": stamp, "title": title})
        kinds.setdefault(kind, []).append(pid)
    return items, kinds["query"][0], kinds["topic"], kinds["decoy"]


def test_related_puts_the_papers_of_its_topic_before_those_sharing_rare_words(
        papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items, query, topic, decoys = _items()
    src = tmp_path / "library.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    result = papers("related", query, "--json", "-n", "10", "--offline")
    assert result.exit_code == 0, result.stderr
    found = result.ids
    assert len(found) == 10 and query not in found
    assert all(pid in topic for pid in found[:8]), found
    # The decoys are still like it (they share its words), only lower than its topic.
    everything = papers("related", query, "--json", "-n", "0", "--offline").ids
    assert set(decoys) <= set(everything)
    assert max(everything.index(d) for d in decoys) > 8
    scores = [p["score"] for p in json.loads(result.stdout)]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1


@pytest.mark.parametrize("where, name", [("sklearn.decomposition:NMF", "fit"),
                                         ("papercli.topics:Topics", "_prepare")])
def test_the_topics_are_fitted_and_read_on_one_blas_thread(  # type: ignore[no-untyped-def]
        papers, tmp_path: Path, monkeypatch, where: str, name: str) -> None:
    """The first `related` fits the topics; BLAS's threads (two or more wherever there
    are as many cores) spent four times the CPU on the fit's small products and tripled
    its time on a busy machine. Every `related` then loads its candidates on the topics
    (a few products of a few hundred rows by 40 topics), where the second thread spun
    for nothing: on the real archive a third of `related`'s CPU time (1.03 -> 0.75 s).
    Both see one thread, whatever the process has."""
    import importlib

    from threadpoolctl import threadpool_info, threadpool_limits

    module, _, owner_name = where.partition(":")
    owner = getattr(importlib.import_module(module), owner_name)
    threads: list[int] = []
    real = getattr(owner, name)

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.extend(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    items, query, topic, _ = _items()
    src = tmp_path / "library.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    with threadpool_limits(2, user_api="blas"):
        for _ in range(2):  # the topics fitted, then read back from their cache
            result = papers("related", query, "--json", "-n", "5", "--offline")
            assert result.exit_code == 0, result.stderr
            assert set(result.ids) <= set(topic)
        outside = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    assert threads and set(threads) == {1} and set(outside) == {2}, (threads, outside)
