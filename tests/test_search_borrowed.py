"""Another search box's syntax, pasted (Scopus' `NEAR(a b)`, `a NEAR/5 b`, `a W/3 b`;
Lucene's `word^2`, `word~2`, `"a b"~5`), is read once (`search.read_query`): the
operator taken off and the words searched, with one line saying what was searched. It
was said and then searched as typed, so `NEAR(llava distillation)` found nothing. And
`-k C++` reads a paper's text as the index does: "C++17" holds the word C++."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import Home, one_line
from hubserver import seed_items
from papercli.tui.source import Source, View

# (query as pasted, the words searched, what the warning says after "papers: warning: ")
BORROWED = [
    ("NEAR(llava distillation)", "llava distillation",
     "no NEAR: searched llava distillation (every word, anywhere)"),
    ("NEAR(llava, distillation)", "llava distillation",
     "no NEAR: searched llava distillation (every word, anywhere)"),
    ("llava NEAR/5 distillation", "llava distillation",
     "no NEAR: searched llava distillation (every word, anywhere)"),
    ("llava W/3 distillation", "llava distillation",
     "no NEAR: searched llava distillation (every word, anywhere)"),
    ("llava PRE/2 distillation", "llava distillation",
     "no NEAR: searched llava distillation (every word, anywhere)"),
    ("llava^2", "llava", "no boosts in papercli: searched llava (all words count alike)"),
    ("llava~2", "llava", "no fuzzy matching: searched llava (as typed; word* for a start)"),
    ('"visual instruction"~5', '"visual instruction"',
     'no proximity: searched "visual instruction" (the exact phrase)'),
    ("NEAR(llava^2 distillation)", "llava distillation",
     "no NEAR or boosts in papercli: searched llava distillation"),
]


@pytest.mark.parametrize("query, searched, said", BORROWED)
def test_borrowed_syntax_is_taken_off_and_the_words_searched(library: Any, query: str,
                                                             searched: str, said: str) -> None:
    """The answer is the words' own, and the one line says there is no such operator here
    and what was searched in its place, in 80 columns."""
    want = library("search", searched, "--offline", "--json", "-n", "0")
    assert want.exit_code == 0 and want.ids and want.stderr == "", want.stderr
    got = library("search", query, "--offline", "--json", "-n", "0")
    assert got.exit_code == 0, got.stderr
    assert got.ids == want.ids
    line = one_line(got.stderr)
    assert line == f"papers: warning: {said}" and len(line) <= 80, line


def test_many_words_are_cut_between_words_in_the_line(library: Any) -> None:
    query = ("large language models for efficient multimodal visual instruction tuning "
             "NEAR/3 llava")
    got = library("search", query, "--offline", "--json")
    assert got.exit_code == 0
    line = one_line(got.stderr)
    assert line.startswith("papers: warning: no NEAR: searched large language models ")
    assert line.endswith("…") and len(line) <= 80, line


def test_what_is_left_without_the_operator_is_named_as_typed(library: Any) -> None:
    """`NEAR()` leaves nothing: the query as typed is said to hold no word, not ''."""
    got = library("search", "NEAR()", "--offline", "--json")
    assert got.exit_code == 0 and got.ids == []
    assert one_line(got.stderr).startswith("papers: warning: 'NEAR()' has no word")


def test_a_phrase_holding_the_syntax_is_left_as_typed(library: Any) -> None:
    """Inside quotes it is a phrase's text (`"a NEAR/5 b"`), searched as such, unsaid."""
    got = library("search", '"llava NEAR/5 distillation"', "--offline", "--json")
    assert got.exit_code == 0 and got.ids == []
    assert "warning" not in got.stderr
    assert got.stderr.strip() == ("papers: no paper in the library matches "
                                  "'\"llava NEAR/5 distillation\"'")


def test_nothing_found_names_the_words_searched(library: Any) -> None:
    """The no-match line names what was searched (as the warning did), not the operator."""
    got = library("search", "NEAR(llava zzqqx)", "--offline")
    assert got.exit_code == 0
    assert got.stderr.splitlines() == [
        "papers: warning: no NEAR: searched llava zzqqx (every word, anywhere)",
        "papers: no paper in the library matches 'llava zzqqx'"]


def test_export_searches_the_words_too(library: Any) -> None:
    want = library("export", "llava distillation", "-f", "ids")
    got = library("export", "NEAR(llava distillation)", "-f", "ids")
    assert got.exit_code == 0, got.stderr
    assert got.stdout == want.stdout and got.stdout.strip()
    assert one_line(got.stderr) == ("papers: warning: no NEAR: searched llava distillation "
                                    "(every word, anywhere)")


def test_the_browser_searches_the_words_and_says_so(library: Any, home: Home) -> None:
    """The browser's search (`/`) and its filter as you type read the query as the
    command does: the same papers, the same line among its warnings."""
    want = [p.id for p in Source(offline=True).load(View("search", "llava distillation")).papers]
    assert want
    for kind in ("search", "filter"):
        got = Source(offline=True).load(View(kind, "NEAR(llava distillation)"))
        assert [p.id for p in got.papers] == want, kind
        assert ("no NEAR: searched llava distillation (every word, anywhere)"
                in got.warnings), (kind, got.warnings)


async def test_the_mcp_search_tool_searches_the_words(library: Any) -> None:
    from test_mcp import call, notes, server

    async with server() as session:
        want = await call(session, "search", query="llava distillation")
        got = await call(session, "search", query="NEAR(llava distillation)")
        said = await notes(session, "search", query="NEAR(llava distillation)")
    assert [p["id"] for p in got] == [p["id"] for p in want] and want
    assert "warning: no NEAR: searched llava distillation" in said, said


def test_a_watch_holds_criteria_never_a_query(library: Any, home: Home) -> None:
    """Decided: a watch keeps criteria (`-k` words, families, authors), which `papers new`
    checks as filters, never a query to read: `watch add NAME QUERY` is refused, so no
    borrowed syntax is ever stored to be searched as typed later; its words go in as
    `-k` words, each whole."""
    refused = library("watch", "add", "near", "NEAR(llava distillation)")
    assert refused.exit_code == 2 and "extra arguments" in one_line(refused.stderr)
    assert not home.config_file.exists() or "near" not in home.config_file.read_text()
    kept = library("watch", "add", "near", "-k", "llava", "-k", "distillation")
    assert kept.exit_code == 0, kept.stderr
    listed = library("watch", "list", "--json")
    assert [w["keyword"] for w in json.loads(listed.stdout)] == [["llava", "distillation"]]


# -- C++ and C# as words: `-k` reads them as the index holds them ---------------------

LANGS = {"2406.00041": "Porting C++ kernels to Rust", "2406.00045": "Modern C++17 templates",
         "2406.00046": "Type C connectors", "2406.00047": "A C#7 game engine"}
DAY = "2024-06-03T00:00:00.000Z"  # (one day: its listing is filtered in Python)


@pytest.fixture
def langs(papers: Any, tmp_path: Any) -> Any:
    items = []
    for (pid, title), item in zip(LANGS.items(), seed_items(), strict=False):
        paper = {**item["paper"], "id": pid, "title": title, "summary": "An invented study.",
                 "publishedAt": DAY, "submittedOnDailyAt": DAY}
        items.append({**item, "paper": paper, "title": title, "publishedAt": DAY})
    src = tmp_path / "langs.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    return papers


def _found(papers: Any, *args: str, command: tuple[str, ...] = ("search",)) -> list[str]:
    got = papers(*command, *args, "--offline", "--json", "-n", "0")
    assert got.exit_code == 0, got.stderr
    return sorted(got.ids)


def test_keyword_cplusplus_finds_cplusplus17_as_search_does(langs: Any) -> None:
    """`-k C++` missed "C++17" (its whole-word edge saw the 1 go on), where `search C++`
    found it: the index holds "C++17" as the words C++ and 17. Through the index (a
    search) and in Python (a day's listing) alike."""
    day = ("day", DAY[:10])
    assert _found(langs, "C++") == ["2406.00041", "2406.00045"]
    assert _found(langs, "-k", "C++") == ["2406.00041", "2406.00045"]
    assert _found(langs, "study", "-k", "C++") == ["2406.00041", "2406.00045"]
    assert _found(langs, "-k", "C++17") == ["2406.00045"]
    assert _found(langs, "-k", "C#") == ["2406.00047"]
    assert _found(langs, "-k", "C++", command=day) == ["2406.00041", "2406.00045"]
    assert _found(langs, "-k", "C++17", command=day) == ["2406.00045"]
    assert _found(langs, "-k", "C#", command=day) == ["2406.00047"]
    # The letter alone is no C++ (it was in Python: the + after it is no word letter).
    assert _found(langs, "-k", "C") == _found(langs, "-k", "C", command=day) == ["2406.00046"]
    # -x reads them the same way: C++17 is dropped with C++.
    assert _found(langs, "study", "-x", "C++") == ["2406.00046", "2406.00047"]
    assert _found(langs, "-x", "C++", command=day) == ["2406.00046", "2406.00047"]
