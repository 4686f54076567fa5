"""`--explain`'s words as a reader meets them: a term the paper writes only inside a
hyphened word reads as that word, and the closest paper's title is cut between words.
(Seen on a real archive: "against: real" of papers on "real-world" deployment, "for:
supervised fine" of "supervised fine-tuning", "closest starred: ... Complementary Im…".)
The papers are made here, so which terms can weigh is known."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from conftest import TODAY

TITLE = ("Dexterous Grasp Planning with Real-World Supervised Fine-Tuning for Cluttered "
         "Kitchen Robots, part {n}")
SUMMARY = ("We study dexterous grasp planning. Real-world supervised fine-tuning helps "
           "grasp planning in cluttered kitchens; real-time grasp planning follows from "
           "real-world supervised fine-tuning. {filler}.")
FILLER = ["large", "scale", "benchmark", "evaluation", "efficient", "framework", "dataset",
          "baseline", "performance", "accuracy", "network", "layers", "experiments"]


def _library(papers: Any, tmp_path: Path) -> tuple[list[str], list[str]]:
    """Three papers listed in the last days (ranked), four older ones starred; with as
    many on another topic, so that the taste's words are the grasping papers'."""
    made, fresh, starred = [], [], []
    for n in range(14):
        grasp = n < 7
        day = TODAY - timedelta(days=n % 7 if n % 7 < 3 else 40 + n)
        pid = f"{day:%y%m}.{90 + n:05d}"
        if grasp:
            title = TITLE.format(n=n)
            summary = SUMMARY.format(filler=" ".join(FILLER[n:n + 6]))
            (fresh if n < 3 else starred).append(pid)
        else:
            title = f"Stock Portfolio Volatility Forecasting, part {n}"
            summary = ("Market volatility and asset prices. "
                       + " ".join(FILLER[n - 7:n - 1]) + ".")
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        made.append({"paper": {"id": pid, "title": title, "summary": summary,
                               "authors": [{"name": "A. Author"}], "publishedAt": stamp,
                               "upvotes": 5}, "publishedAt": stamp, "title": title})
    src = tmp_path / "grasping.json"
    src.write_text(json.dumps(made), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    result = papers("star", "--offline", *starred)
    assert result.exit_code == 0, result.stderr
    return fresh, starred


def test_a_word_written_only_inside_a_hyphened_word_reads_as_that_word(
        papers: Any, tmp_path: Path) -> None:
    fresh, _ = _library(papers, tmp_path)
    result = papers("for-you", "--json", "-n", "3", "--explain")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {p["id"] for p in data} == set(fresh)
    said = {t for p in data for t in p["why"]["terms"] + p["why"]["against"]}
    # None of these is written as a word of its own, nor as a pair that reads as one.
    alone = {"real", "world", "time", "supervised fine", "fine", "tuning", "real world",
             "fine tuning", "real time"}
    assert said and not said & alone, said
    assert any("real-world" in t or "fine-tuning" in t for t in said), said
    # The table's reasons and `show`'s line say the same words.
    table = papers("for-you", "-n", "3", "--explain").stdout
    reasons = [line for line in table.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert reasons and not any("supervised fine " in line or "supervised fine," in line
                               for line in reasons), reasons
    shown = papers("show", "--offline", fresh[0]).stdout
    assert "supervised fine " not in shown.replace("\n", " ").replace("│", " ").replace(
        "fine-tuning", "")


def test_the_closest_papers_title_is_cut_between_words(papers: Any, tmp_path: Path) -> None:
    _, starred = _library(papers, tmp_path)
    result = papers("for-you", "-n", "3", "--explain", "-f", "ids")
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "closest starred: " in line]
    assert notes, result.stderr
    for line in notes:
        named = line.split("closest starred: ", 1)[1]
        pid, rest = named.split(" ", 1)
        assert pid in starred
        title = rest.rsplit(" (", 1)[0]
        whole = TITLE.format(n=starred.index(pid) + 3)
        assert title.endswith("…") and len(title) <= 60, line
        kept = title[:-1]
        # What is kept is the title's start, ending at the end of a word of it.
        assert whole.startswith(kept) and whole[len(kept)] == " ", line


def test_a_hyphened_name_keeps_its_capitals_and_the_best_terms_place() -> None:
    """A name's capitals stay ("LLaVA-Mini", not "LLaVA-mini"; a title's "Real-World" is
    "real-world"), and a hyphened word that holds a better term stands where it stood."""
    from papercli import ranking
    from papercli.models import Paper

    paper = Paper("2406.00044", "Real-World Grasping with LLaVA-Mini",
                  "We study LLaVA-Mini on DNA-Rendering and real-world supervised data for "
                  "grasp planning.")
    assert ranking.as_written(["llava", "rendering", "world"], paper) == (
        "LLaVA-Mini", "DNA-Rendering", "real-world")
    assert ranking.as_written(["real", "grasp planning", "world supervised"], paper) == (
        "real-world supervised", "grasp planning")
