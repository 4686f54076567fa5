"""A search that finds nothing because a word is misspelt (`llavva`, `knowlege`) said
only that no paper matched: the library's own words are at hand, so the line now says
the query with the nearest of them, as a search box does ("did you mean …?")."""

from __future__ import annotations

import json

from conftest import one_line


def test_a_misspelt_word_gets_the_library_s_nearest(library) -> None:
    got = library("search", "knowlege", "--offline")
    assert (got.exit_code, got.stdout) == (0, "")
    assert one_line(got.stderr) == ("papers: no paper in the library matches 'knowlege'; "
                                    "did you mean 'knowledge'?")
    meant = library("search", "knowledge", "--offline", "--json")
    assert meant.exit_code == 0 and meant.ids


def test_every_misspelt_word_is_mended_the_others_kept(library) -> None:
    """(JSON too: stdout the empty list, the line on stderr.)"""
    got = library("search", "multimodl knowlege -mini", "--offline", "--json")
    assert (got.exit_code, json.loads(got.stdout)) == (0, [])
    # (whole, 113 columns: said shorter, in a note's 80)
    assert one_line(got.stderr) == (
        "papers: nothing matches; did you mean 'multimodal knowledge -mini'?")
    assert library("search", "multimodal knowledge -mini", "--offline", "--json").ids


def test_no_suggestion_that_would_find_nothing_either(library) -> None:
    """Through the filters the mended query finds nothing too: no suggestion. A word of
    no paper with no word near it (`zzqqxx`), a phrase, a prefix: none either."""
    got = library("search", "knowlege", "-a", "Nobody Here", "--offline")
    assert one_line(got.stderr) == ("papers: no paper in the library matches 'knowlege' "
                                    "and is by Nobody Here")
    for query in ("zzqqxx", '"knowlege model"', "zzqq*"):
        got = library("search", query, "--offline")
        assert "did you mean" not in got.stderr, got.stderr
