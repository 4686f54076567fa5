"""The ranking cache is untrusted and ranking is bounded by what is shown (issue 18, items 2
and 9): NaN, Infinity and junk in any numeric field of a cache file are a damaged cache,
rebuilt silently, and never reach output; output is strict JSON; the streamed top-k is the
top-k of scoring everything; -n 0 ranks every candidate once."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, Home, Shell
from test_ranking import ITEMS, TOPICS, ids_of

BAD = "__BAD__"
# Raw JSON text for each bad value: what json.dumps(allow_nan=True) or a hand would write.
BAD_VALUES = {
    "nan": "NaN",
    "inf": "Infinity",
    "-inf": "-Infinity",
    "overflow": "1e999",  # parses to float('inf') without being a constant
    "string": '"0.5"',
    "huge-int": "1" + "0" * 400,
    "nested": '[[{"a": [NaN]}]]',
    "bool": "true",
    "null": "null",
}
# (file, path of the field in it); "*" is every value of that mapping.
FIELDS = [
    ("vocabulary.json", ("state",)),
    ("vocabulary.json", ("docs",)),
    ("vocabulary.json", ("idf", "*")),
    ("vocabulary.json", ("idf",)),
    ("vocabulary.json", ("mean", "*")),
    ("vocabulary.json", ("mean",)),
    ("taste.json", ("weights", "*")),
    ("taste.json", ("weights",)),
    ("taste.json", ("intercept",)),
    ("taste.json", ("counts", "*")),
    ("taste.json", ("positives",)),
]


EXPECTED = {"state": int, "docs": int, "idf": dict, "mean": dict, "weights": dict,
            "intercept": float,
            "counts": dict, "positives": list}


def _raise(name: str) -> Any:
    raise ValueError(f"{name} in JSON output")


def strict(text: str) -> Any:
    """Parse as a strict parser (jq) does: NaN and Infinity are not JSON."""
    return json.loads(text, parse_constant=_raise)


def ranking_dir(home: Home) -> Path:
    return home.cache / "papercli" / "ranking"


def damage(path: Path, field: tuple[str, ...], token: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    *parents, last = field
    target = data
    for key in parents:
        target = target[key]
    if last == "*":
        for key in list(target)[:3]:
            target[key] = BAD
    else:
        target[last] = BAD
    path.write_text(json.dumps(data).replace(json.dumps(BAD), token), encoding="utf-8")


@pytest.fixture
def ranked(shell: Shell, tmp_path: Path) -> Shell:
    """A library of four topics, four robot papers starred, the caches built."""
    src = tmp_path / "topics.json"
    src.write_text(json.dumps([i for items in ITEMS.values() for i in items]), encoding="utf-8")
    code, _, err = shell("import", str(src))
    assert code == 0, err
    code, _, err = shell("star", "--offline", *ids_of("robot", recent=False)[:4])
    assert code == 0, err
    code, out, err = shell("for-you", "--json")
    assert code == 0, err
    assert all(isinstance(p["score"], float) for p in strict(out))
    return shell


@pytest.mark.parametrize("value", list(BAD_VALUES), ids=list(BAD_VALUES))
@pytest.mark.parametrize("name,field", FIELDS, ids=["/".join((n[:5], *f)) for n, f in FIELDS])
def test_a_bad_number_in_the_cache_is_rebuilt_and_never_reaches_output(
        ranked: Shell, home: Home, name: str, field: tuple[str, ...], value: str) -> None:
    path = ranking_dir(home) / name
    damage(path, field, BAD_VALUES[value])
    code, out, err = ranked("for-you", "--json", "-n", "0")
    assert code == 0, err
    assert "unexpected" not in err and "Traceback" not in err
    assert "relevance needs" not in err  # the model came back, not the fallback
    papers = strict(out)
    scores = [p["score"] for p in papers]
    assert scores and all(isinstance(s, float) and 0 < s < 1 for s in scores)
    assert set(p["id"] for p in papers[:6]) == set(ids_of("robot", recent=True))
    # Rebuilt: the file is strict JSON again, every number in it finite.
    rebuilt = strict(path.read_text(encoding="utf-8"))
    if field[-1] == "*":
        kind = int if field[0] == "counts" else float
        assert all(type(v) is kind for v in rebuilt[field[0]].values())
    else:
        last = field[-1]
        assert type(rebuilt[last]) is EXPECTED[last]
    numbers = [v for v in _leaves(rebuilt) if isinstance(v, float)]
    assert numbers and all(math.isfinite(v) for v in numbers)
    # The table (score x 100) works too: the crash was "cannot convert float NaN".
    code, table, err = ranked("for-you", "-n", "3")
    assert code == 0 and "Rel" in table, err


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


def test_damaged_caches_everywhere_at_once_then_sort_relevance_is_strict_json(
        ranked: Shell, home: Home) -> None:
    for name, field in FIELDS:
        if field[-1] == "*":
            damage(ranking_dir(home) / name, field, "NaN")
    code, out, err = ranked("search", "robot", "--offline", "--sort", "relevance",
                            "-n", "5", "--json")
    assert code == 0, err
    scores = [p["score"] for p in strict(out)]
    assert scores and all(isinstance(s, float) and 0 < s < 1 for s in scores)
    code, out, err = ranked("for-you", "--explain", "--json", "-n", "3")
    assert code == 0, err
    got = strict(out)
    assert len(got) == 3 and all(p["why"]["terms"] for p in got)


def test_a_non_finite_float_reaching_the_json_writer_becomes_null() -> None:
    """The last line of defence: the JSON exporter never writes NaN or Infinity."""
    from papercli.exporters import Context, Section
    from papercli.exporters.jsonfmt import stream
    from papercli.models import Paper

    paper = Paper("2401.01055", "A title")
    ctx = Context("t", extras={"2401.01055": {"score": math.nan, "other": [math.inf, 1.5]}})
    text = "".join(stream([Section(None, [paper])], ctx))
    got = strict(text)[0]
    assert got["score"] is None and got["other"] == [None, 1.5]


# -- streaming: the chunked top-k is the top-k of everything ------------------------------

WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"]


def _paper(n: int, words: list[str], upvotes: int, day: int) -> Any:
    from papercli.models import Paper

    stamp = (date(2025, 1, 1) + timedelta(days=day)).isoformat() + "T08:00:00.000Z"
    return Paper(f"2501.{n:05d}", " ".join(words[:2]), " ".join(words), upvotes=upvotes,
                 published_at=stamp)


libraries = st.lists(
    st.tuples(st.lists(st.sampled_from(WORDS), max_size=6), st.integers(0, 3),
              st.integers(0, 3)),
    max_size=40)
weights = st.dictionaries(st.sampled_from(WORDS),
                          st.floats(-5, 5, allow_nan=False).filter(bool), max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, weights=weights, intercept=st.floats(-2, 2),
       limit=st.integers(0, 45), chunk=st.integers(1, 45))
def test_chunked_top_k_equals_scoring_everything(
        library: list[tuple[list[str], int, int]], weights: dict[str, float],
        intercept: float, limit: int, chunk: int) -> None:
    from papercli.ranking import Taste, Vocabulary

    papers = [_paper(n, w, up, day) for n, (w, up, day) in enumerate(library)]
    vocab = Vocabulary({w: 1.0 + i / 7 for i, w in enumerate(WORDS)}, len(WORDS), 1)
    # With weights: the model's order; without: the upvotes fallback.
    taste = Taste(vocab, weights, intercept, [])
    whole = taste.score(papers)
    got = taste.rank(iter(papers), limit, chunk=chunk)
    want = whole[:limit] if limit else whole
    assert got.total == len(papers)
    assert [(s.paper.id, s.score) for s in got.scored] == [
        (s.paper.id, s.score) for s in want]
    assert all(s.score is None or math.isfinite(s.score) for s in got.scored)


# -- the window: every candidate once, in the listings' order ------------------------------


def test_listed_papers_streams_what_listed_between_gathered(ranked: Shell, home: Home) -> None:
    from papercli.db.store import Store
    from papercli.listings import listed_between

    db = home.cache / "papercli" / "library.db"
    old, recent = ids_of("speech", recent=False)[0], ids_of("protein", recent=True)[1]
    with sqlite3.connect(db) as conn:
        # One paper listed again on the newest day, one twice on the same day.
        key = conn.execute("SELECT max(key) FROM listings WHERE kind = 'day'").fetchone()[0]
        conn.executemany("INSERT INTO listing_papers (listing, position, paper_id) "
                         "VALUES (?, ?, ?)", [(key, 900, old), (key, 901, recent),
                                              (key, 902, recent)])
    store = Store.open(db)
    try:
        for back in (0, 3, 10, 45, 400):
            start, end = TODAY - timedelta(days=back), TODAY
            want = [p.id for p in listed_between(store, start, end)]
            got = [p.id for p in store.listed_papers(start, end)]
            assert got == want
            assert len(got) == len(set(got))
    finally:
        store.close()


def test_for_you_all_ranks_every_candidate_once(ranked: Shell) -> None:
    since = (TODAY - timedelta(days=400)).isoformat()
    code, out, err = ranked("for-you", "--since", since, "-n", "0", "--json")
    assert code == 0, err
    got = [p["id"] for p in strict(out)]
    starred = set(ids_of("robot", recent=False)[:4])
    everyone = {i for t in TOPICS for i in ids_of(t)}
    assert len(got) == len(set(got)) and set(got) == everyone - starred
    code, table, err = ranked("for-you", "--since", since, "-n", "5")
    assert code == 0, err
    assert f"5 of {len(everyone - starred)} papers" in table
    code, out, err = ranked("for-you", "--since", since, "-n", "5", "--json")
    assert [p["id"] for p in strict(out)] == got[:5]


def test_a_long_for_you_reads_whole_only_the_papers_it_shows(
        ranked: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranking reads a candidate's words alone: a range of years costs no decoding of
    every record's other fields (families, links, dates...), only the few papers shown
    are read whole; the list, its scores and reasons are those of ranking whole records."""
    from papercli.db import records

    since = (TODAY - timedelta(days=400)).isoformat()
    code, out, err = ranked("for-you", "--since", since, "-n", "0", "--explain", "--json")
    assert code == 0, err
    everything = strict(out)
    whole = records.paper
    read: list[object] = []

    def counted(values: Any) -> Any:
        read.append(values[0])
        return whole(values)

    monkeypatch.setattr(records, "paper", counted)
    for explain in ((), ("--explain",)):
        read.clear()
        code, out, err = ranked("for-you", "--since", since, "-n", "5", *explain, "--json")
        assert code == 0, err
        top = strict(out)
        assert [(p["id"], p["score"]) for p in top] == [
            (p["id"], p["score"]) for p in everything[:5]]
        if explain:
            assert top == everything[:5]
        shown = {p["id"] for p in top}
        assert len(everything) > 40 and shown <= set(read)
        assert len([r for r in read if r not in shown]) < 10, read  # not the 44 candidates


def test_a_long_for_you_without_a_taste_is_most_upvoted_first(ranked: Shell) -> None:
    """With too few stars, `for-you` shows the most upvoted first; reading candidates by
    their words alone (no upvotes among them) made `-n 5` over a long range an arbitrary
    five, said to be "most upvoted first"."""
    code, _, err = ranked("unstar", *ids_of("robot", recent=False)[:4])
    assert code == 0, err
    since = (TODAY - timedelta(days=400)).isoformat()
    code, out, err = ranked("for-you", "--since", since, "-n", "0", "--json")
    assert code == 0 and "most upvoted first" in err, err
    everything = strict(out)
    assert len({p["upvotes"] for p in everything}) > 5
    code, out, err = ranked("for-you", "--since", since, "-n", "5", "--json")
    assert code == 0, err
    top = strict(out)
    assert [p["id"] for p in top] == [p["id"] for p in everything[:5]]
    assert [p["upvotes"] for p in top] == sorted((p["upvotes"] for p in everything),
                                                 reverse=True)[:5]
