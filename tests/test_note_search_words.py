"""`papers search WORDS` reads your notes' words as the library's index reads a paper's:
C++, C# and F# are words of their own (not C, not F), accents are folded, and every word
typed is searched, `near`, `and`, `or` and `not` too (a pasted `NEAR(a b)` is a b)."""

from __future__ import annotations

from typing import Any

from conftest import one_line
from hubserver import seed_items
from papercli.models import parse_item

IDS = [parse_item(item).id for item in seed_items()]
A, B, C = IDS[1], IDS[2], IDS[3]  # (no C, F or near in their text)


def found(library: Any, query: str) -> set[str]:
    result = library("search", query, "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    return set(result.ids)


def noted(library: Any) -> None:
    for pid, text in ((A, "Zorblax kernels written in C++17"),
                      (B, "Zorblax kernels against a C baseline; F# bindings"),
                      (C, "Zorblax runs near real time, naïve as it is")):
        assert library("note", pid, "-m", text).exit_code == 0


def test_cplusplus_in_a_note_is_a_word_of_its_own(library: Any) -> None:
    noted(library)
    assert found(library, "zorblax C++") == {A}  # (B's "C baseline" was found too)
    assert found(library, "zorblax C") == {B}  # (A's "C++17" was found too)
    assert found(library, "zorblax F#") == {B}
    assert found(library, "zorblax F") == set()
    assert found(library, "zorblax -C") == {A, C}  # (-C left A out too)
    assert found(library, "zorblax -C++") == {B, C}


def test_every_word_of_a_query_is_searched_in_notes(library: Any) -> None:
    noted(library)
    assert found(library, "zorblax near") == {C}  # (near was dropped: A, B and C)
    assert found(library, "zorblax not") == set()
    assert found(library, "zorblax naive") == {C}  # accents folded, as the index does


def test_a_pasted_near_searches_its_words_in_notes(library: Any) -> None:
    noted(library)
    result = library("search", "NEAR(zorblax C++)", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.ids == [A]
    assert one_line(result.stderr).startswith("papers: warning: no NEAR")
