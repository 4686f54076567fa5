"""A phrase ending in a prefix (`diffusion-s*`, `GPT-4*`) finds every paper holding the
phrase with any completion of the prefix, however many completions the index holds: past
1,000 in a field only the first 100 stood for them, and `diffusion-s*` found 81 of the
100 papers of the real archive with such a phrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.db import textquery
from test_search_index import FILLER, found_ids, import_items, item

# 12 papers each naming 100 models, GPT-4000 to GPT-5199: 1,200 completions of `4`/`5`
MANY = 12


def _many_completions_library(papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items = [item(n, f"Model zoo {n}", " ".join(f"GPT-{4000 + 100 * n + k}," for k in
                                                range(100)) + " " + FILLER)
             for n in range(MANY)]
    items.append(item(MANY, "An omni model", "We study GPT-4o in depth. " + FILLER))
    items.append(item(MANY + 1, "A rare one", "We study GPT-4zeta too. " + FILLER))
    import_items(papers, tmp_path, items)


def test_a_prefix_with_over_a_thousand_completions_finds_the_rare_ones(
        papers, tmp_path: Path) -> None:
    _many_completions_library(papers, tmp_path)
    ids = found_ids(papers)
    every = {f"2403.{n:05d}" for n in range(MANY + 2)}
    assert ids("GPT-4*") == every - {"2403.00010", "2403.00011"}  # theirs start with 5
    assert ids("GPT-5*") == {"2403.00010", "2403.00011"}
    assert ids("GPT-4z*") == {f"2403.{MANY + 1:05d}"}
    found = papers("search", "-k", "GPT-4*", "--offline", "-n", "0", "-f", "ids")
    assert set(found.stdout.split()) == every - {"2403.00010", "2403.00011"}


@pytest.mark.parametrize("cap", [1, 7, 150])
def test_completions_past_what_one_regex_takes_are_split_and_all_found(
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cap: int) -> None:
    """A regex phrase stands for at most 16,384 words ("exceeded max expansions"): past
    it the completions are split by the letters after the prefix (`4[01].*`, `400[0-6].*`,
    … and `4` itself alone), each group under the cap, and every paper is still found."""
    _many_completions_library(papers, tmp_path)
    import_items(papers, tmp_path, [item(MANY + 2, "Bare", "We study GPT-4 alone. " + FILLER)],
                 "bare.json")
    monkeypatch.setattr(textquery, "REGEX_PHRASE_TERMS", cap)
    ids = found_ids(papers)
    every = {f"2403.{n:05d}" for n in range(MANY + 3)} - {"2403.00010", "2403.00011"}
    assert ids("GPT-4*") == every
    assert ids("GPT-40*") == {"2403.00000"}  # GPT-4000 to GPT-4099
    assert ids("GPT-4o*") == {f"2403.{MANY:05d}"}


def test_a_page_after_a_word_in_most_papers_takes_the_common_completions_and_says_at_least(
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every completion after a word in nearly every paper (`the-s*` at 100,000 papers)
    read 1.6 times the papers and took 2.8 times as long: past PHRASE_PREFIX_DOCS papers
    holding the other words (here 5) and PHRASE_PREFIX_FEW completions (here 50), a page
    has the most common completions stand for them, as before, and its count says "at
    least"; `-k` and `-n 0`, sets and not a page, still take every one, as does a phrase
    whose other words are rarer."""
    _many_completions_library(papers, tmp_path)
    monkeypatch.setattr(textquery, "PHRASE_PREFIX_DOCS", 5)
    monkeypatch.setattr(textquery, "PHRASE_PREFIX_FEW", 50)
    every = {f"2403.{n:05d}" for n in range(MANY + 2)} - {"2403.00010", "2403.00011"}
    page = papers("search", "GPT-4*", "--offline", "-n", "20", "-f", "ids")
    assert page.exit_code == 0, page.stderr
    assert "2403.00000" in page.stdout.split() and set(page.stdout.split()) < every
    said = papers("search", "GPT-4*", "--offline", "-n", "1", "--no-pager")
    assert said.exit_code == 0, said.stderr
    assert "at least 1 in the library" in said.stdout.splitlines()[-1], said.stdout
    found = papers("search", "-k", "GPT-4*", "--offline", "-n", "0", "-f", "ids")
    assert set(found.stdout.split()) == every
    assert found_ids(papers)("GPT-4*") == every
    monkeypatch.setattr(textquery, "PHRASE_PREFIX_DOCS", 20)  # (14 papers name GPT)
    page = papers("search", "GPT-4*", "--offline", "-n", "20", "-f", "ids")
    assert set(page.stdout.split()) == every
    said = papers("search", "GPT-4*", "--offline", "-n", "1", "--no-pager")
    last = said.stdout.splitlines()[-1]
    assert f" {len(every)} in the library" in last and "at least" not in last, last


def test_groups_match_every_completion_and_no_more() -> None:
    import re

    def python(pattern: str) -> str:  # `\x{f6}` is the index's (Rust's) spelling
        return re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: f"\\U{int(m[1], 16):08x}", pattern)

    terms = sorted(["4", "40", "400", "4001", "401", "41", "4o", "4ö", "4-x", "4]", "4\\"])
    for cap in (1, 2, 3, 100):
        groups = [python(g) for g in textquery._groups("4", terms, cap)]
        for term in terms:
            assert sum(bool(re.fullmatch(g, term)) for g in groups) == 1, (cap, term, groups)
        assert all(sum(bool(re.fullmatch(g, t)) for t in terms) <= cap for g in groups)
        assert not any(re.fullmatch(g, "5") or re.fullmatch(g, "x4") for g in groups)
