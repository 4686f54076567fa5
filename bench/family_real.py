#!/usr/bin/env python3
"""Precision and recall of the model-family rules on real Daily Papers text.

Joins the hand labels in bench/data/family_labels_real.json (paper ids and family names
only; how the sample was drawn and the labelling rule are in that file) to the archive of
real Hub answers in ../shared/real/daily_items.json, runs the matcher exactly as the
product does (models.parse_items, then match(title, summary, ai_keywords); never
ai_summary_model), and prints per-family precision and recall and every misfire.

It also checks, over the whole archive, that no paper gets a family tag from the item's
`ai_summary_model` (the model that wrote the Hub's AI summary, not one the paper names).

The archive is third-party data and is not in the repository: without it this prints one
line and exits 0.

    python bench/family_real.py                   # tables and misfires
    python bench/family_real.py --archive FILE    # another copy of the archive
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from papercli.families import FamilyMatcher, build_matcher  # noqa: E402
from papercli.models import Paper, parse_items  # noqa: E402

LABELS = ROOT / "bench" / "data" / "family_labels_real.json"
ARCHIVE = ROOT.parent / "shared" / "real" / "daily_items.json"

# The pool the second part of the sample (enriched) is drawn from: any text that spells a family's
# name or a look-alike, loosely (case-insensitive for long names, as written for short ones
# that are common letter runs). Part of the sampling recipe: changing it changes the sample.
LOOSE = re.compile(
    r"(?i:llama|llava|qwen|mistral|mixtral|gemma|gemini|gpt|claude|deepseek|mamba|whisper"
    r"|falcon|bert|internvl|vicuna|stable.?diffusion|segment.?anything)"
    r"|(?:PHI|Phi|phi-|SAM|T5|t5-|SD|CLIP|[Cc]lip-)"
)
# The pool of the third part: a name glued to a family's name, before or after it.
COMPOUND = re.compile(
    r"[A-Za-z][-]?(?:GPT|CLIP|BERT|SAM|LLaMA|Llama|LLaVA|Mamba|Gemma|Qwen)"
    r"|(?:GPT|CLIP|InternVL|Llama|LLaMA|SAM|SD|Mamba|Whisper)[A-Z]"
)


def text_of(paper: Paper) -> str:
    return "\n\n".join([paper.title, paper.summary, *paper.ai_keywords])


def draw_sample(papers: Mapping[str, Paper], seed: int, sizes: Mapping[str, int]
                ) -> dict[str, list[str]]:
    """The labelled sample, redrawn from the archive with one generator: `uniform` ids at
    random, then `enriched` ones among the rest whose text matches LOOSE, then `compound`
    ones among the rest that match COMPOUND."""
    ids = sorted(papers)
    rng = random.Random(seed)
    out = {"uniform": rng.sample(ids, sizes["uniform"])}
    taken = set(out["uniform"])
    for part, pattern in (("enriched", LOOSE), ("compound", COMPOUND)):
        pool = [i for i in ids if i not in taken and pattern.search(text_of(papers[i]))]
        out[part] = rng.sample(pool, sizes[part])
        taken.update(out[part])
    return out


def families_as_product(matcher: FamilyMatcher, paper: Paper) -> list[str]:
    """What the store records for a paper (core.Session.store's families_fn)."""
    return matcher.match(paper.title, paper.summary, paper.ai_keywords)


def score(names: Sequence[str], pairs: Iterable[tuple[set[str], set[str]]]
          ) -> dict[str, list[int]]:
    """tp, fp, fn per family over (expected, got) pairs."""
    counts = {name: [0, 0, 0] for name in names}
    for expected, got in pairs:
        for name, c in counts.items():
            c[0] += name in got and name in expected
            c[1] += name in got and name not in expected
            c[2] += name in expected and name not in got
    return counts


def table(counts: Mapping[str, list[int]]) -> str:
    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "-"

    header = ("family", "labelled", "TP", "FP", "FN", "precision", "recall")
    rows = [(name, str(tp + fn), str(tp), str(fp), str(fn), ratio(tp, tp + fp),
             ratio(tp, tp + fn)) for name, (tp, fp, fn) in counts.items()]
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    total = ("(all)", str(tp + fn), str(tp), str(fp), str(fn), ratio(tp, tp + fp),
             ratio(tp, tp + fn))
    widths = [max(len(r[i]) for r in [header, *rows, total]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *map(line, rows), rule, line(total)])


def where(matcher: FamilyMatcher, family: str, text: str) -> str:
    """A short window of `text` around what fired `family` (for a false positive)."""
    for step in matcher._plan():  # a bench may look inside: match() reports names only
        if step.name != family:
            continue
        for regex, on_lower in step.regexes:
            found = regex.search(text.lower() if on_lower else text)
            if isinstance(found, re.Match):  # built-in rules run on `re`
                start = max(0, found.start() - 40)
                return " ".join(text[start:found.end() + 40].split())
    return ""


def ai_summary_model_check(matcher: FamilyMatcher, items: Sequence[Any],
                           papers: Mapping[str, Paper],
                           tags_of: Callable[[Paper], Sequence[str]]) -> tuple[int, int, int]:
    """(items with ai_summary_model, papers a tagger reading it would tag, papers whose
    tags (`tags_of`) include a family found only in ai_summary_model)."""
    with_model = would_tag = leaked = 0
    for item in items:
        if not isinstance(item, Mapping):
            continue
        inner = item.get("paper")
        paper: Mapping[str, Any] = inner if isinstance(inner, Mapping) else item
        model = paper.get("ai_summary_model") or item.get("ai_summary_model")
        pid = paper.get("id")
        if not isinstance(model, str) or not isinstance(pid, str) or pid not in papers:
            continue
        with_model += 1
        parsed = papers[pid]
        from_model = set(matcher.match("", "", [model]))
        raw = set(matcher.match(str(paper.get("title") or ""), str(paper.get("summary") or ""),
                                [k for k in paper.get("ai_keywords") or () if isinstance(k, str)]))
        would_tag += bool(from_model - raw)
        leaked += bool((set(tags_of(parsed)) & from_model) - raw)
    return with_model, would_tag, leaked


# User patterns that backtrack exponentially in Python's `re` (minutes on ten words); the
# config runs them on RE2, so a pass over the archive takes as long as any other.
PATHOLOGICAL = [r"(\w+\s?)+Orca", r"(a|aa)+$", r"(x+x+)+y", r"^(\s*\w+\s*)*Orca\b"]


def user_pattern_pass(papers: Sequence[Paper]) -> str:
    """Time one re-tag of every paper with the built-ins plus the pathological patterns."""
    plain, hostile = build_matcher(), build_matcher({"Orca": {"patterns": PATHOLOGICAL}})
    timings = []
    for matcher in (plain, hostile):
        start = time.perf_counter()
        tagged = sum(bool(families_as_product(matcher, p)) for p in papers)
        timings.append((time.perf_counter() - start, tagged))
    (base, _), (slow, _) = timings
    return (f"user patterns on RE2: re-tagging {len(papers)} papers takes {base:.2f} s with the "
            f"built-ins, {slow:.2f} s with {len(PATHOLOGICAL)} backtracking patterns added")


def families_via_cli(archive: Path) -> dict[str, list[str]]:
    """Every paper's families as the product stores them: the installed `papers import`s
    the archive into a throwaway home, `papers export --format json` reads them back."""
    from _util import isolated_env, papers_exe

    exe = papers_exe()
    with tempfile.TemporaryDirectory(prefix="papercli-family-real-") as tmp:
        env = isolated_env(Path(tmp), HF_ENDPOINT="http://127.0.0.1:9")
        out = Path(tmp) / "all.json"
        for args in (["import", str(archive)], ["export", "--format", "json", "-o", str(out)]):
            proc = subprocess.run([exe, *args], env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(f"family_real: papers {args[0]} failed: {proc.stderr.strip()}")
        return {p["id"]: p["families"] for p in json.loads(out.read_text(encoding="utf-8"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE,
                        help="daily_items.json (default: ../shared/real/)")
    args = parser.parse_args()
    if not args.archive.is_file():
        print(f"family_real: skipped, no archive at {args.archive}")
        return 0
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    items = json.loads(args.archive.read_text(encoding="utf-8"))
    parsed = parse_items(items)
    papers = {p.id: p for p in parsed.papers}
    sample = doc["sample"]
    labels: dict[str, dict[str, list[str]]] = doc["labels"]
    drawn = draw_sample(papers, sample["seed"], {k: len(v) for k, v in labels.items()})
    if any(drawn[part] != list(ids) for part, ids in labels.items()):
        print("family_real: warning: the archive does not redraw the labelled sample "
              "(a different copy?); scoring the labelled ids that are present")
    matcher = build_matcher()
    print(f"archive: {len(items)} items, {len(papers)} papers; matcher fingerprint "
          f"{matcher.fingerprint}")
    misfires: list[str] = []
    pairs: dict[str, list[tuple[set[str], set[str]]]] = {}
    for part, part_labels in labels.items():
        for pid, expected in part_labels.items():
            paper = papers.get(pid)
            if paper is None:
                print(f"family_real: {pid} not in the archive, skipped")
                continue
            got = families_as_product(matcher, paper)
            pairs.setdefault(part, []).append((set(expected), set(got)))
            for fam in [f for f in got if f not in expected]:
                spot = where(matcher, fam, text_of(paper))
                misfires.append(f"  FP {fam:<16} {pid} ({part}): {spot}")
            for fam in [f for f in expected if f not in got]:
                misfires.append(f"  FN {fam:<16} {pid} ({part})")
    names = matcher.names()
    for part, part_pairs in pairs.items():
        print(f"\n{part} sample: {len(part_pairs)} papers, "
              f"{sum(bool(e) for e, _ in part_pairs)} with a family")
        print(table(score(names, part_pairs)))
    everything = [p for part_pairs in pairs.values() for p in part_pairs]
    print(f"\nall samples: {len(everything)} papers")
    print(table(score(names, everything)))
    print(f"\nmisfires ({len(misfires)}):" if misfires else "\nmisfires: none")
    print("\n".join(misfires))
    print()
    print(user_pattern_pass(parsed.papers))
    with_model, would_tag, leaked = ai_summary_model_check(
        matcher, items, papers, lambda p: families_as_product(matcher, p))
    print(f"\nai_summary_model: on {with_model} items; a tagger reading it would add a family "
          f"to {would_tag} papers; papers whose tags come from it: {leaked} (must be 0)")
    stored = families_via_cli(args.archive)
    same = sum(stored.get(pid) == families_as_product(matcher, p) for pid, p in papers.items())
    _, _, stored_leaks = ai_summary_model_check(
        matcher, items, papers, lambda p: stored.get(p.id, []))
    print(f"papers import + export of the archive: {len(stored)} papers stored, families the "
          f"same as above for {same}; papers whose stored tags come from ai_summary_model: "
          f"{stored_leaks} (must be 0)")
    return 1 if leaked or stored_leaks or same != len(papers) else 0


if __name__ == "__main__":
    raise SystemExit(main())
