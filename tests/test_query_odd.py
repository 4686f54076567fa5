"""`papers search` queries at their odd ends: counts with leading zeros, values ending in
a backslash, and the footer of a search whose hits are on the Hub and in the library."""

from __future__ import annotations

import re

import pytest

from conftest import one_line
from hubserver import HubServer, seed_items
from papercli.terminal import cell_width


@pytest.mark.parametrize("typed", ["upvotes:>0001000000000", "stars:>=00000000002000000000",
                                   "upvotes:0000000000001..0000000000002000000000"])
def test_a_count_with_leading_zeros_past_the_most_says_the_most(library, typed: str) -> None:
    """`upvotes:>0001000000000` has the form right and a number too large, but its 13
    digits said "is no count — use upvotes:>=N"; leading zeros are no digits."""
    got = library("search", f"llava {typed}", "--offline")
    assert (got.exit_code, got.stdout) == (2, "")
    line = one_line(got.stderr)
    assert "is too large — use at most 1,000,000,000" in line, line
    assert cell_width(line) <= 80, line


def test_a_count_with_leading_zeros_is_its_number(library) -> None:
    """`upvotes:>007` is `upvotes:>7`, however many zeros lead it."""
    plain = library("search", "upvotes:>3", "--offline", "-q")
    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout.split()  # (some seed papers have more than 3 upvotes)
    for typed in ("upvotes:>003", "upvotes:>" + "0" * 20 + "3"):
        got = library("search", typed, "--offline", "-q")
        assert (got.exit_code, got.stdout) == (0, plain.stdout), got.stderr


@pytest.mark.parametrize(("text", "shown"), [
    ("a\\", "'a\\\\'"), ("C:\\dir\\", "'C:\\\\dir\\\\'"), ("\\", "'\\\\'"),
    ("it's \"q\" \\x", "'it\\'s \"q\" \\\\x'"),
    ("C:\\path", "'C:\\path'"), ("a\\b" * 30, "'" + "a\\b" * 20 + "…'")])
def test_a_backslash_never_makes_a_quote_read_as_escaped(text: str, shown: str) -> None:
    r"""`a\` was quoted `'a\'`, its closing quote read as escaped (unclosed); where a
    backslash once would stand before a quote, every backslash is repr's `\\`. Elsewhere
    (and before a cut's "…") a typed backslash shows once, as typed."""
    from papercli.sanitize import quoted

    assert quoted(text) == shown


def test_a_query_ending_in_a_backslash_is_quoted_closed(library) -> None:
    got = library("search", "zzqx\\", "--offline")
    assert got.stdout == ""
    assert one_line(got.stderr).endswith("matches 'zzqx\\\\'"), got.stderr


def _caption(stdout: str) -> str:
    return stdout.strip().splitlines()[-1]


def test_a_paper_on_the_hub_and_in_the_library_is_counted_once(
        library, hub: HubServer) -> None:
    """One paper found by the Hub and by the library was captioned "1 paper · 1 from the
    Hub, 1 in the library", read as two papers; the library's count is now of the papers
    it adds to the Hub's ("0 more"), so the counts add up to the total."""
    seed = {p["paper"]["id"]: p["paper"] for p in seed_items()}
    hub.add_paper(seed["2401.01055"])
    one = library("search", "Beyond English")
    assert one.exit_code == 0, one.stderr
    assert _caption(one.stdout) == "1 paper · 1 from the Hub, 0 more in the library"
    for paper in seed.values():
        hub.add_paper(paper)
    # (the loopback Hub matches inside words, the library whole words: one paper it alone
    # finds, which the library keeps but does not match)
    hub.add_paper({**seed["2401.01055"], "id": "2612.00001", "title": "Tinyllava Notes",
                   "summary": "Nothing more."})
    some = library("search", "llava")
    assert some.exit_code == 0, some.stderr
    counts = re.search(r"^(\d+) papers · (\d+) from the Hub, (\d+) more in the library$",
                       _caption(some.stdout))
    assert counts is not None, some.stdout
    total, remote, more = (int(n) for n in counts.groups())
    assert remote > 0 and total == remote + more
    offline = library("search", "Beyond English", "--offline")
    assert _caption(offline.stdout) == "1 paper · 1 in the library"


@pytest.mark.parametrize("query", ['"', "*", "^", ":", "*" * 60, "((" * 9])
def test_a_query_without_a_word_is_said_in_80_columns(library, query: str) -> None:
    """An FTS syntax character alone was warned of in 111 columns ("… has no word to search
    for (letters or digits): type a word, or no query to browse the library")."""
    got = library("search", query, "--offline", "--json")
    assert (got.exit_code, got.ids) == (0, [])
    line = one_line(got.stderr)
    assert line.startswith("papers: warning: '") and "has no word" in line, line
    assert cell_width(line) <= 80, line
