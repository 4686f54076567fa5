"""A query pasted from a web page can hold what shows as nothing: a zero-width space, a
word joiner, a byte-order mark, a soft hyphen. Titles are cleaned of them on the way in,
so the query must be too: `papers search 'distil<U+200B>lation'` found nothing, while
the same word typed found its papers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import Home
from papercli import views
from papercli.session import Session

ZWSP, WJ, BOM, SHY = "\u200b", "\u2060", "\ufeff", "\xad"


@pytest.fixture
def session(library: Any, home: Home) -> Iterator[Session]:
    s = Session.create(offline=True)
    try:
        yield s
    finally:
        s.close()


@pytest.mark.parametrize("pasted", [
    f"distil{ZWSP}lation", f"dis{WJ}tillation", f"{BOM}distillation", f"distil{SHY}lation",
    f"knowledge distil{ZWSP}lation -mo{ZWSP}le",
])
def test_a_pasted_query_finds_what_the_typed_one_does(library: Any, pasted: str) -> None:
    """Before: the invisible character split the word in two for the index (`distil`
    and `lation` as a phrase), so nothing was found; and `-mo<ZWSP>le` left nothing
    out."""
    typed = library("search", "--offline", "--json",
                    pasted.replace(ZWSP, "").replace(WJ, "").replace(BOM, "")
                    .replace(SHY, ""))
    got = library("search", "--offline", "--json", pasted)
    assert got.exit_code == 0, got.stderr
    assert got.ids == typed.ids and got.ids


def test_the_browser_filter_cleans_what_is_typed_into_it(session: Session) -> None:
    """The browser's filter (`LibraryText`, the library's full text as you type) finds
    with a pasted zero-width space what it finds without."""
    got = views.gather(session, views.LibraryText(query=f"distil{ZWSP}lation", limit=50))
    want = views.gather(session, views.LibraryText(query="distillation", limit=50))
    assert [p.id for p in got.papers] == [p.id for p in want.papers]
    assert {"2408.15881", "2410.16236"} <= {p.id for p in got.papers}


def test_a_pasted_keyword_filters_as_the_typed_one(library: Any) -> None:
    """`-k` and `-x` words are cleaned too: before, `-k 'distil<ZWSP>lation'` matched no
    paper and `-x 'mo<ZWSP>le'` left none out."""
    typed = library("search", "--offline", "--json", "-n", "0", "-k", "distillation",
                    "-x", "mole")
    got = library("search", "--offline", "--json", "-n", "0", "-k", f"distil{ZWSP}lation",
                  "-x", f"mo{ZWSP}le")
    assert got.exit_code == 0, got.stderr
    assert got.ids == typed.ids and got.ids


@pytest.mark.parametrize("opening, closing", [("\u201c", "\u201d"), ("\u201e", "\u201c"),
                                              ("\u00ab", "\u00bb"), ("\uff02", "\uff02")])
def test_curly_quotes_make_a_phrase_as_straight_ones_do(library: Any, opening: str,
                                                        closing: str) -> None:
    """A phrase copied from a document, a chat or a slide comes in typographic quotes
    (“visual instruction”, „…“, «…»). Before, they were no quotes: the words were
    searched apart, anywhere in the paper (every paper holding both), not the phrase."""
    straight = library("search", "--offline", "--json", "-n", "0", '"instruction model"')
    apart = library("search", "--offline", "--json", "-n", "0", "instruction model")
    got = library("search", "--offline", "--json", "-n", "0",
                  f"{opening}instruction model{closing}")
    assert got.exit_code == 0, got.stderr
    assert got.ids == straight.ids and got.ids
    assert set(got.ids) < set(apart.ids)


def test_a_qualifier_value_in_curly_quotes_is_whole(library: Any) -> None:
    """`author:“Author 1”` is the author Author 1, as `author:"Author 1"` is: before, the
    value stopped at the space and the rest was searched as a word."""
    straight = library("search", "--offline", "--json", "-n", "0", 'author:"Author 1" llava')
    got = library("search", "--offline", "--json", "-n", "0", "author:\u201cAuthor 1\u201d llava")
    assert got.exit_code == 0, got.stderr
    assert got.ids == straight.ids and got.ids
