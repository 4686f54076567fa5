"""A searched word is found whole (`criteria.word_pattern`): no word letter just before
or after it, a CJK letter counting as an edge. The edges were look-arounds around a class
of the word letters less the CJK ones, which cost re 5-10 ms to compile for every new
word; they are now checked beside a plain expression, and must find exactly what the
look-arounds found. The CJK classes the rest of papercli uses are compiled when first
met, so a run that meets no CJK letter compiles none."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from papercli import words
from papercli.criteria import word_pattern
from test_search_index import FILLER, import_items, item

# Letters that try every edge: ASCII and accented word letters, a digit, "_", a hyphen,
# spaces, CJK letters of three scripts, letters whose case folds oddly (İ, ı, ß, ſ), a
# soft hyphen and a star.
ALPHABET = "aesmodlX1_- \t日本語한가ーéßİıſ\u00ad*"


@cache
def looked_around(word: str, plurals: bool) -> re.Pattern[str]:
    """The pattern as it was written before: the edges as look-arounds."""
    text = word.strip()
    prefix = text.endswith("*")
    core = re.escape(text.rstrip("*").strip())
    core = re.sub(r"\\?\s+", r"[\\s\\-]+", core)
    if plurals and not prefix:
        end = core[-2:].lower()
        core = f"{core[:-1] if len(core) > 3 and end[-1:] == 's' and end != 'ss' else core}"
        core += "(?:e?s)?"
    cjk = f"[{words.CJK}]"
    edge = rf"[^\W{words.CJK}]"
    lead = "" if re.match(cjk, text) else rf"(?<!{edge})"
    tail = "" if prefix or re.search(f"{cjk}$", text.rstrip("*").strip()) else rf"(?!{edge})"
    return re.compile(rf"{lead}{core}{tail}", re.IGNORECASE)


@settings(max_examples=600, deadline=None)
@given(word=st.text(ALPHABET, min_size=1, max_size=4).filter(lambda w: w.rstrip("*").strip()),
       text=st.text(ALPHABET, max_size=16), plurals=st.booleans())
@example(word="model", text="Models and modelling", plurals=True)
@example(word="gpt", text="GPT-4の評価", plurals=False)
@example(word="語", text="日本語の", plurals=False)
@example(word="ab*", text="xab abc", plurals=False)
@example(word="mod", text="modmod mod", plurals=False)
@example(word="models", text="modelesX modeles", plurals=True)
def test_a_word_is_found_where_the_look_arounds_found_it(word: str, text: str,
                                                         plurals: bool) -> None:
    found = word_pattern(word, plurals=plurals).search(text)
    expected = looked_around(word, plurals).search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_one_character_is_cjk_as_the_class_says() -> None:
    """`words.is_cjk` (spans, no expression) against the class, over every code point up
    to past its last (U+3134F)."""
    cjk = re.compile(f"[{words.CJK}]")
    assert all((cjk.match(chr(c)) is not None) == words.is_cjk(chr(c))
               for c in range(0x40000))


def test_a_run_without_cjk_compiles_no_cjk_class(papers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Listing, searching by keyword and by author in a library of English titles never
    compiles a CJK class (each took 5-10 ms of every start-up); the first CJK text does."""
    import_items(papers, tmp_path, [item(1, "Diffusion Models Made Plain", FILLER)])
    words.cjk_pattern.cache_clear()
    for argv in (("starred",), ("search", "-k", "diffusion", "--offline"),
                 ("search", "-a", "Ann Lee", "--offline"), ("search", "model", "--offline")):
        result = papers(*argv)
        assert result.exit_code in (0, 1), result.stderr
    assert words.cjk_pattern.cache_info().currsize == 0
    found = papers("search", "-k", "日本", "--offline")
    assert found.exit_code in (0, 1)
    assert words.cjk_pattern.cache_info().currsize > 0
