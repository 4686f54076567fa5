"""The line saying no paper passed the filters reads as English for every filter of the
table (`criteria.CRITERIA`), alone and combined: it joined each filter's title words
after "matches", so `--has-model` said "no paper in the library matches with models"
and `--source arxiv` "… matches from arXiv"."""

from __future__ import annotations

import sys

import pytest

from conftest import TODAY, one_line
from hubserver import HubServer, seed_items
from papercli import terminal
from papercli.criteria import CRITERIA
from papercli.db.store import Store
from papercli.terminal import cell_width

# Filters that none of the seeded LLaMA/LLaVA papers passes (none is from arXiv, dated
# before 2001, tagged or starred), each with the line `search --offline` says.
LIBRARY = [
    (("-F", "Mamba"), "names family Mamba"),
    (("-F", "Mamba", "-F", "Mistral"), "names family Mamba or Mistral"),
    (("-k", "zzyzx"), "contains the word zzyzx"),
    (("-k", "zzyzx", "-k", "qqxx"), "contains the words zzyzx and qqxx"),
    (("-x", "the"), "lacks the word the"),
    (("-x", "the", "-x", "a"), "lacks the words the and a"),
    (("-a", "Nobody Here"), "is by Nobody Here"),
    (("--since", "2099-01-01"), "is dated 2099-01-01 or later"),
    (("--until", "2000-01-01"), "is dated 2000-01-01 or earlier"),
    (("--min-upvotes", "100000"), "has at least 100,000 upvotes"),
    (("--org", "harbour-lab", "-k", "zq"), "contains the word zq and is from org harbour-lab"),
    (("--min-stars", "100000"), "has at least 100,000 GitHub stars"),
    (("--submitter", "nobodyhere"), "was submitted by nobodyhere"),
    (("--source", "arxiv"), "is from arXiv"),
    (("--category", "math.AG"), "is in category math.AG"),
    (("--category", "cs.*", "--category", "math.AG"), "is in category cs.* or math.AG"),
    (("--has-model",), "has a model on the Hub"),
    (("--noted", "-k", "zzyzx"), "contains the word zzyzx and has a note"),
    (("--tag", "llm", "-k", "zzyzx"), "contains the word zzyzx and is tagged llm"),
]

# Two and three combined: one "is" or "has" for a run of them, a word before "paper".
COMBINED = [
    (("--source", "arxiv", "--category", "cs.*"),
     "no arXiv paper in the library is in category cs.*"),
    (("--has-code", "--min-stars", "100000"),  # (past 80 columns: "library paper")
     "no library paper has a code repository and at least 100,000 GitHub stars"),
    (("--has-code", "--has-model"),
     "no paper in the library has a code repository and a model on the Hub"),
    (("--since", "2000-01-01", "--until", "2000-12-31"),
     "no library paper is dated 2000-01-01 or later and 2000-12-31 or earlier"),
    (("-k", "zzyzx", "-k", "qqxx", "-a", "Nobody", "--category", "cs.*", "--has-code"),
     "no paper in the library passes the filters"),  # (named: 106 columns)
    (("-k", "zzyzx", "-a", "Nobody", "--has-model"),
     "no paper in the library passes the filters"),  # (named: 85 columns)
    (("--starred", "-k", "zzyzx"), "no starred paper in the library contains the word zzyzx"),
    (("--starred", "--source", "arxiv", "--noted"),
     "no starred arXiv paper in the library has a note"),
]


def _named(value: object) -> str:
    """A case's id: its arguments (the expected line is in the failure)."""
    return " ".join(value) if isinstance(value, tuple) else "-"


@pytest.fixture
def library(papers, hub: HubServer, monkeypatch):  # type: ignore[no-untyped-def]
    """A library of 10 seeded papers, the first of Harbour Lab, tagged "llm" and with a
    note (so that `--org`, `--tag` and `--noted` filter rather than say that no paper
    has one), and every page fetched, each paper known to have no model (so that
    `--has-model` says none has one rather than only that their models are not known,
    or, for some, that none of the others has one: tests/test_linked.py).
    Taken for one with arXiv categories known (as a library with arXiv's papers in it
    is), so that `--category` filters too rather than say that no paper has a category
    yet (tests/test_category_none_known.py)."""
    monkeypatch.setattr(Store, "has_categories", lambda self: True)
    items = seed_items()[:10]
    items[0] = {**items[0], "organization": {"name": "harbour-lab", "fullname": "Harbour Lab"}}
    hub.set_day(TODAY, items)
    ids = papers("today", "--json").ids
    assert papers("tag", ids[0], "llm").exit_code == 0
    assert papers("note", ids[0], "-m", "read again").exit_code == 0
    assert papers("show", *ids, "2312.06674").exit_code == 0  # (Llama Guard: 'llama')
    return papers


def _said(papers, *args: str) -> str:  # type: ignore[no-untyped-def]
    """The last line `search --offline ARGS` says (after a note on unknown models)."""
    done = papers("search", "--offline", *args)
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr.splitlines()[-1]


@pytest.mark.parametrize(("args", "says"), LIBRARY, ids=_named)
def test_each_filter_alone_says_what_no_paper_does(
        library, args: tuple[str, ...], says: str) -> None:  # type: ignore[no-untyped-def]
    assert _said(library, *args) == f"papers: no paper in the library {says}"


def test_the_table_is_every_filter() -> None:
    """A new filter gets a row above: its line is checked, not assumed."""
    named = {a for args, _ in LIBRARY + COMBINED for a in args if a.startswith("-")}
    assert {c.flags[-1] for c in CRITERIA} - named == set()


@pytest.mark.parametrize(("args", "line"), COMBINED, ids=_named)
def test_filters_combined_read_as_one_sentence(
        library, args: tuple[str, ...], line: str) -> None:  # type: ignore[no-untyped-def]
    if "--starred" in args:  # a star on a paper none of the others passes
        star = library("search", "--offline", "-x", "llama", "-x", "llava", "-n", "1",
                       "--json").ids or library("today", "--json").ids[-1:]
        assert library("star", *star).exit_code == 0
    assert _said(library, *args) == f"papers: {line}"


@pytest.mark.parametrize(("args", "line"), [
    (("quantization", "--category", "cs.*", "--source", "arxiv"),
     "no arXiv library paper matches 'quantization' and is in category cs.*"),
    (("llama", "--has-model"), "no paper in the library matches 'llama' and has a model on "
     "the Hub"),
    (("zzyzx", "-k", "moe"), "no paper in the library matches 'zzyzx' and contains the "
     "word moe"),
], ids=_named)
def test_a_search_with_filters_says_its_words_first(
        library, args: tuple[str, ...], line: str) -> None:  # type: ignore[no-untyped-def]
    assert _said(library, *args) == f"papers: {line}"


def test_a_long_line_keeps_to_the_terminal(library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Five filters named made it 144 columns, folded on an 80-column terminal: they are
    said as "the filters", as a listing's line says them, in one line.

    It once failed with "building the search index from the library…" in stderr, as
    another test run overlapped: not state shared with that run (this home, and the
    index beside its library, are the test's own), but its load. The first search of a
    library builds the index, and on a terminal, which stderr pretends to be here, a
    status line says so if the build outlasts STATUS_DELAY (0.4 s), as ten papers' did
    on a busy machine. The index is built first, before stderr is a terminal, and a
    status line is drawn at once, not after its delay: one in the command checked fails
    every time, not only under load."""
    assert library("search", "--offline", "zzyzx").exit_code == 0  # (builds the index)
    monkeypatch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stderr)
    monkeypatch.setattr(terminal.StatusLine, "later",
                        lambda self, message, delay=0: self.show(message))
    monkeypatch.setenv("COLUMNS", "80")
    done = library("search", "--offline", "zzyzx", "-k", "qqxx", "-a", "Nobody Here",
                   "--has-code", "--category", "cs.*", "--source", "arxiv")
    assert done.stderr.splitlines() == [
        "papers: no paper in the library matches 'zzyzx' and passes the filters"]


LONG_AUTHOR = "Maximilian Alexander von Hohenberg-Schwarzenstein"


@pytest.mark.parametrize(("args", "line"), [
    (("-k", "zzyzx"), "none of the 10 listed papers contains the word zzyzx (try papers "
     "search)"),
    (("-a", "Nobody Here"), "none of the 10 listed papers is by Nobody Here (try papers "
     "search)"),
    (("-a", LONG_AUTHOR), "none of the 10 listed papers is by Maximilian Alex… (try "
     "papers search)"),
    (("-a", LONG_AUTHOR, "-k", "zzyzx"), "none of the 10 listed papers passes the filters "
     "(try papers search)"),
    (("-a", "欧阳娜娜欧阳娜娜欧阳娜娜"), "none of the 10 listed papers passes the filter (try "
     "papers search)"),  # (24 columns of 12 letters: said by width, not length)
], ids=_named)
def test_a_listing_none_of_whose_papers_passes_says_so_in_80_columns(
        library, args: tuple[str, ...], line: str) -> None:  # type: ignore[no-untyped-def]
    """"none of the N listed papers …" ran to 108 columns and more with a long author
    or two filters: the hint is said shorter, then long names cut short, then the
    filters as "the filter(s)"."""
    said = one_line(library("today", *args).stderr)
    assert said == f"papers: {line}" and cell_width(said) <= 80, said


def test_a_listing_says_what_none_of_its_papers_does(library) -> None:  # type: ignore[no-untyped-def]
    """today, the reading list and for-you: it said "none of the 10 listed papers matches
    with code · ≥100000 stars"."""
    done = library("today", "--has-code", "--min-stars", "100000")
    assert one_line(done.stderr) == (  # (its filters named: 122 columns)
        "papers: none of the 10 listed papers passes the filters (try papers search)")
    done = library("today", "--source", "arxiv")
    assert one_line(done.stderr) == (
        "papers: none of the 10 listed papers is from arXiv (papers search looks further)")
    one = library("today", "--json").ids[:1]
    assert library("star", *one).exit_code == 0
    starred = library("starred", "--has-model")
    assert starred.stderr.splitlines()[-1] == (
        "papers: your only starred paper does not have a model on the Hub")
    both = library("starred", "--source", "arxiv", "-k", "zzyzx")
    assert one_line(both.stderr) == (  # (its filters named: 87 columns)
        "papers: your only starred paper does not pass the filters")


LONG_FILTERS = ("-a", "Some Very Long Author Name", "--since", "2025-01-01", "-k",
                "mixture-of-experts-routing")


@pytest.mark.parametrize(("star", "line"), [
    (True, "your only starred paper does not pass the filters"),
    (False, "no starred paper passes the filters"),
], ids=["a star", "no star"])
def test_the_reading_list_none_of_whose_papers_passes_says_so_in_80_columns(
        library, star: bool, line: str) -> None:  # type: ignore[no-untyped-def]
    """`starred` with several filters named each of them whole: "no starred paper
    contains the word …, and is by … and dated 2025-01-01 or later" made 130 columns.
    Past 80 the filters are said as "the filters", as a listing's line says them."""
    if star:
        assert library("star", *library("today", "--json").ids[:1]).exit_code == 0
    done = library("starred", *LONG_FILTERS)
    assert (done.exit_code, done.stdout) == (0, ""), done.stderr
    said = one_line(done.stderr)
    assert said == f"papers: {line}" and cell_width(said) <= 80, said
