"""`-k`/`-x` rule out most texts with a substring search before their regular expression
(`criteria._found`): the answer must be the expression's own for any word and any text,
ASCII or not (case-insensitive matching pairs ſ with s, K with k: lower() does not)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.criteria import _all_words, _any_form, fold, word_pattern
from papercli.words import symbol_words

# Letters the expressions treat specially: case pairs lower() does not make (ſ/s, K/k,
# ı/i, İ), a letter that folds to two (ß), and the separators multi-word words allow.
ALPHABET = "aAbsSkKiIlmoxyz ſKıİßé-_.+*\n\t0"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=8)
texts = st.text(alphabet=ALPHABET, max_size=40)


def _read(text: str) -> str:
    """Text or a word folded (accents, case) and C++ a word (cplusplus) as `-k` reads them."""
    return symbol_words(fold(text))


def _plainly_all(ws: tuple[str, ...], text: str) -> bool:
    """The expressions alone, on the word and text read as `-k` reads them."""
    return all(word_pattern(_read(w).strip()).search(_read(text))
               for w in ws if w.strip().rstrip("*"))


def _plainly_any(ws: tuple[str, ...], text: str) -> bool:
    return any(word_pattern(_read(w).strip(), plurals=True).search(_read(text))
               for w in ws if w.strip().rstrip("*"))


@settings(max_examples=3000, deadline=None)
@given(st.lists(words, min_size=1, max_size=3).map(tuple), texts)
def test_the_needle_never_changes_an_answer(ws: tuple[str, ...], text: str) -> None:
    assert _all_words(ws, text) == _plainly_all(ws, text)
    assert _any_form(ws, text) == _plainly_any(ws, text)


@given(st.sampled_from(["model", "Models", "vision language", "c++", "diff*", "class",
                        "a.s", "gas", "LLMs"]),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyzLMSV .+-\n", max_size=60))
def test_ascii_words_in_ascii_text(word: str, text: str) -> None:
    for candidate in (text, f"{text} {word}", f"{text} {word.upper()}s", word.lower(),
                      f"{text} {word[:-1]}."):  # "a.s" is plural-like: "a." matches
        assert _all_words((word,), candidate) == _plainly_all((word,), candidate)
        assert _any_form((word,), candidate) == _plainly_any((word,), candidate)
