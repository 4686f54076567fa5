"""Synthetic Hub-shaped papers with realistic lengths, for library-scale benchmarks.

Titles of about 80 characters, abstracts of 1,200-1,800 built from the seed abstracts'
vocabulary, 3-15 authors, a model family named in roughly one paper in five.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from _util import ROOT

FAMILIES = ["LLaMA-3", "LLaVA-1.5", "Qwen2.5", "Mistral-7B", "Gemma-2", "GPT-4o", "DeepSeek-V3",
            "Phi-3", "Mamba", "CLIP", "Whisper", "Stable Diffusion", "InternVL2", "Vicuna"]


def vocabulary(size: int = 40_000, seed: int = 11) -> list[str]:
    """The seed abstracts' words (most frequent first), then a long tail of made-up terms,
    so word frequencies fall off as in real text and a rare term is rare."""
    papers = json.loads((ROOT / "tests" / "data" / "search-llama.json").read_text())
    text = " ".join(i["paper"]["summary"] for i in papers)
    counts: dict[str, int] = {}
    for w in re.findall(r"[A-Za-z][A-Za-z\-]+", text):
        if "llama" not in w.lower() and "llava" not in w.lower():
            counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: -counts[w])
    rng = random.Random(seed)
    syllables = ["ta", "ne", "ro", "mi", "qua", "lex", "sor", "vi", "den", "tro", "gra", "phi",
                 "net", "mo", "ka", "zen", "lu", "bri", "cor", "sta"]
    while len(words) < size:
        words.append("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return words


def _weights(n: int) -> list[float]:
    return [1.0 / (rank + 10) for rank in range(n)]  # Zipf-like


def items(n: int, *, start: date = date(2024, 1, 1), days: int = 730, seed: int = 7
          ) -> Iterator[dict]:
    rng = random.Random(seed)
    words = vocabulary()
    weights = _weights(len(words))
    import itertools

    cum = list(itertools.accumulate(weights))
    per_month: dict[str, int] = {}
    for _ in range(n):
        title_words = rng.choices(words, cum_weights=cum, k=rng.randint(8, 12))
        if rng.random() < 0.2:
            title_words.insert(rng.randrange(len(title_words)), rng.choice(FAMILIES))
        title = " ".join(title_words).capitalize()[:120]
        abstract: list[str] = []
        target = rng.randint(1200, 1800)
        while sum(len(w) + 1 for w in abstract) < target:
            abstract.extend(rng.choices(words, cum_weights=cum, k=12))
            abstract[-1] += "."
        day = start + timedelta(days=rng.randrange(days))
        month = day.strftime("%y%m")
        per_month[month] = per_month.get(month, 0) + 1  # arXiv numbers within a month
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        paper = {
            "id": f"{month}.{per_month[month]:05d}",
            "title": title,
            "summary": " ".join(abstract),
            "authors": [{"name": f"Author {rng.randint(1, 50000)}"}
                        for _ in range(rng.randint(3, 15))],
            "publishedAt": stamp,
            "submittedOnDailyAt": stamp,
            "upvotes": rng.randint(0, 200),
        }
        yield {"paper": paper, "publishedAt": stamp, "title": title, "numComments": 0}


def write_chunks(n: int, folder: Path, chunk: int = 20000, **kw: object) -> list[Path]:
    return write_items(items(n, **kw), folder, chunk)  # type: ignore[arg-type]


def write_items(papers: Iterable[dict], folder: Path, chunk: int = 20000) -> list[Path]:
    """Hub-shaped items as JSON files of `chunk` items each (an import reads them all)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    batch: list[dict] = []
    for item in papers:
        batch.append(item)
        if len(batch) == chunk:
            paths.append(_dump(folder, len(paths), batch))
            batch = []
    if batch:
        paths.append(_dump(folder, len(paths), batch))
    return paths


def _dump(folder: Path, n: int, batch: list[dict]) -> Path:
    path = folder / f"chunk-{n:04d}.json"
    path.write_text(json.dumps(batch))
    return path
