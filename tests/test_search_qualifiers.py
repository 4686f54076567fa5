"""Search qualifiers that name a filter (`org:google`, `author:"Jun Li"`, `is:starred`),
gh's way: each filters as its option does, through the one filter table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import one_line
from hubserver import HubServer, seed_items
from test_filter_table import varied  # noqa: F401  (the fixture)

Papers = Callable[..., Any]


@pytest.fixture
def named(varied: Papers, tmp_path: Path) -> Papers:  # noqa: F811
    """`varied`'s library (organizations, submitters, code, categories, model counts, a
    tag, stars and notes) and three LLaVA papers by authors of their own."""
    items = []
    for n, authors in enumerate((["Jun Li", "Ann Bee"], ["Jun Wang"], ["Jun Hu"])):
        stamp = f"2024-02-0{n + 1}T08:00:00.000Z"
        title = f"LLaVA study {n}"
        items.append({"paper": {"id": f"2402.0000{n + 1}", "title": title,
                                "summary": "A LLaVA model.", "publishedAt": stamp,
                                "authors": [{"name": a} for a in authors]},
                      "publishedAt": stamp, "title": title, "numComments": 0})
    src = tmp_path / "named.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert varied("import", str(src)).exit_code == 0
    return varied


# (query, the same as options, whether it narrows the words' hits)
SAME = [
    ("llava org:acme-lab", ["llava", "--org", "acme-lab"]),
    ("llava org:Acme-Lab org:nowhere", ["llava", "--org", "Acme-Lab", "--org", "nowhere"]),
    ('llava author:"Jun Li"', ["llava", "--author", "Jun Li"]),
    ("llava AU:jun", ["llava", "-a", "jun"]),
    ("llava au:jun author:wang", ["llava", "-a", "jun", "-a", "wang"]),
    ("llava family:qwen", ["llava", "--family", "qwen"]),
    ("cat:cs.CL llava", ["llava", "--category", "cs.CL"]),
    ("llava category:cs", ["llava", "--category", "cs"]),
    ("llava submitter:alice", ["llava", "--submitter", "alice"]),
    ("llava since:2024-01-01 until:2024-06-30", ["llava", "--since", "2024-01-01",
                                                 "--until", "2024-06-30"]),
    ("llava tag:robotics", ["llava", "--tag", "robotics"]),
    ("llava is:starred", ["llava", "--starred"]),
    ("llava is:noted", ["llava", "--noted"]),
    ("has:code llava", ["llava", "--has-code"]),
    ("llava has:model", ["llava", "--has-model"]),
    ("llava keyword:vision", ["llava", "-k", "vision"]),
    ("llava source:arxiv", ["llava", "--source", "arxiv"]),
    # qualifiers alone: the library through them, as the options alone browse it
    ("org:acme-lab", ["--org", "acme-lab"]),
    ("family:LLaVA family:LLaMA", ["-F", "LLaVA", "-F", "LLaMA"]),
    ("is:starred has:code", ["--starred", "--has-code"]),
]


def test_each_qualifier_filters_as_its_option(named: Papers) -> None:
    """`papers search "org:google diffusion"` warned "'org:' left out … use --org NAME" and
    searched "google diffusion"; `tag:` and the rest likewise. Now each qualifier that
    names a filter gives that filter, as the option would: the same papers, order, title
    and lines on stderr; repeats as the option's repeats (any of, or all of)."""
    plain = named("search", "llava", "--offline", "--json", "-n", "0").ids
    narrowed = 0
    for query, options in SAME:
        got = named("search", query, "--offline", "--json", "-n", "0")
        want = named("search", *options, "--offline", "--json", "-n", "0")
        assert got.exit_code == want.exit_code == 0, (query, got.stderr)
        assert (got.stdout, got.stderr) == (want.stdout, want.stderr), query
        assert "no fields" not in got.stderr
        if "llava" in options and got.ids and len(got.ids) < len(plain):
            narrowed += 1
    assert narrowed >= 15  # (not a comparison of two empty lists)
    table = named("search", "llava org:acme-lab", "--offline")
    assert table.stdout.splitlines()[0] == "Search: llava · org acme-lab"
    assert table.stdout == named("search", "llava", "--org", "acme-lab", "--offline").stdout
    # An option and a qualifier of the same filter: as the option given twice.
    both = named("search", "llava org:acme-lab", "--org", "nowhere", "--offline", "--json")
    assert both.ids == named("search", "llava", "--org", "acme-lab", "--org", "nowhere",
                             "--offline", "--json").ids
    # `papers export` reads its query's qualifiers the same way.
    exported = named("export", "llava org:acme-lab", "-f", "ids")
    assert exported.exit_code == 0 and exported.stdout.split() == named(
        "export", "llava", "--org", "acme-lab", "-f", "ids").stdout.split()


def test_a_quoted_value_is_one_value(named: Papers) -> None:
    """`author:"Jun Li"` is the author Jun Li (a whole name), not `author:"Jun` and a
    word Li: the one paper by Jun Li, where `author:Jun` finds all three Juns."""
    quoted = named("search", 'llava author:"Jun Li"', "--offline", "--json")
    assert quoted.exit_code == 0 and quoted.ids == ["2402.00001"], quoted.stderr
    assert set(named("search", "llava author:jun", "--offline", "--json").ids) == {
        "2402.00001", "2402.00002", "2402.00003"}
    spaced = named("search", 'llava submitter:"Alice"', "--offline", "--json")
    assert spaced.ids and spaced.ids == named("search", "llava", "--submitter", "Alice",
                                              "--offline", "--json").ids
    # Inside quotes a qualifier is a phrase's words, as before.
    phrase = named("search", '"org:acme-lab"', "--offline", "--json")
    assert phrase.exit_code == 0 and phrase.stderr == (  # (no warning: a phrase's words)
        "papers: no paper in the library matches '\"org:acme-lab\"'\n")


def test_an_invalid_qualifier_value_is_the_options_usage_error(named: Papers) -> None:
    """A bad value is a usage error (exit 2), said as the option's (`since:yesterdayish`
    was searched as the word "yesterdayish"), but naming the qualifier as typed where
    the option's line names the option (a date that is none was "--since '2'", `tag:""`
    "--tag ''", dates out of order "--since … is after --until …": options the query
    never had); `is:` and `has:` naming no flag say the ones there are."""
    for query, options in (
            ("llava cat:cs.XX", ["--category", "cs.XX"]),
            ("llava family:Llamba", ["--family", "Llamba"]),
            ("llava source:rss", ["--source", "rss"])):
        got = named("search", query, "--offline")
        want = named("search", "llava", *options, "--offline")
        assert (got.exit_code, got.stdout) == (2, ""), (query, got.stderr)
        assert one_line(got.stderr) == one_line(want.stderr), query
        assert len(one_line(got.stderr)) <= 80
    for query, line in (
            ("llava since:2", "'since:2' is no date — use YYYY[-MM[-DD]], YYYY-Www or 7d"),
            ("llava until:2024-13-01", "'until:2024-13-01' is no date — a month is 01 to 12"),
            ("Since:yesterdayish llava",
             "'Since:yesterdayish' — use YYYY[-MM[-DD]], YYYY-Www or 7d"),
            ("llava since:2024-06-01 until:2024-01-01",
             "since:2024-06-01 is after until:2024-01-01 — swap the dates"),
            ('llava tag:""', "'tag:\"\"' holds no TAG — give one, or leave it out"),
            ('llava org:""', "'org:\"\"' holds no NAME — give one, or leave it out"),
            ("llava is:open", "'is:open' is no filter — use is:starred or is:noted"),
            ("has:issues llava", "'has:issues' is no filter — use has:code or has:model")):
        got = named("search", query, "--offline")
        assert got.exit_code == 2 and one_line(got.stderr) == f"papers: error: {line}"
        assert len(one_line(got.stderr)) <= 80
    # An option and a qualifier out of order: each named as given.
    mixed = named("search", "llava until:2024-01", "--since", "2024-06", "--offline")
    assert one_line(mixed.stderr) == (
        "papers: error: --since 2024-06-01 is after until:2024-01-31 — swap the dates")
    for query in ("llava has:" + "x" * 70, "llava since:" + "9" * 70):
        long = named("search", query, "--offline")
        assert long.exit_code == 2 and len(one_line(long.stderr)) <= 80, long.stderr


def test_a_qualifier_with_nothing_after_its_colon_is_a_usage_error(named: Papers) -> None:
    """`since:`, `author:`, `tag:` with nothing after the colon (at the end, or before a
    space) were searched as the word: `llava since:` found the LLaVA papers that say
    "since". Now each is refused as `tag:""` is, named as typed; a field (`title:`) or
    an unknown `word:` is still searched."""
    for query, line in (
            ("llava since:", "'since:' holds no DATE — give one, or leave it out"),
            ("Author: llava", "'Author:' holds no NAME — give one, or leave it out"),
            ("llava tag:", "'tag:' holds no TAG — give one, or leave it out"),
            ("llava is:", "'is:' is no filter — use is:starred or is:noted")):
        got = named("search", query, "--offline")
        assert (got.exit_code, got.stdout) == (2, ""), (query, got.stderr)
        assert one_line(got.stderr) == f"papers: error: {line}"
    for query in ("llava title:", 'llava "since:"', "llava Re:"):
        assert named("search", query, "--offline").exit_code == 0, query


def test_an_unknown_qualifier_stays_a_warning(named: Papers) -> None:
    """A `word:` that names no filter is not one: `title:` is left out with a warning
    (every field is searched), an unknown one that finds nothing is said, with the
    filter qualifier a typo is nearest."""
    titled = named("search", "title:llava org:acme-lab", "--offline", "--json")
    assert titled.exit_code == 0 and titled.ids == named(
        "search", "llava", "--org", "acme-lab", "--offline", "--json").ids
    assert titled.stderr.splitlines() == [
        "papers: warning: 'title:' left out (search has no fields): all are searched"]
    typo = named("search", "llava orgg:acme", "--offline", "--json")
    assert typo.exit_code == 0 and json.loads(typo.stdout) == []
    assert typo.stderr.splitlines() == [  # (the warning in 80 columns: 110 whole)
        "papers: warning: 'orgg:' is not a field (did you mean org:?); use --org NAME",
        "papers: no paper in the library matches 'llava orgg:acme'"]


def test_the_hub_is_asked_for_the_words_alone(named: Papers, hub: HubServer) -> None:
    """Online, the Hub's search gets the words (before: `org:google diffusion` asked it
    for "google diffusion", the value as a word); the filters apply to the merged list
    as the options do."""
    for item in seed_items():
        hub.add_paper(item["paper"])
    want = named("search", "llava", "--org", "acme-lab", "--json", "-n", "0", "--refresh")
    hub.reset_log()
    got = named("search", 'llava org:acme-lab author:"Author 1" is:starred', "--json",
                "-n", "0", "--refresh")
    assert got.exit_code == 0, got.stderr
    asked = [r.params["q"] for r in hub.requests if r.path == "/api/papers/search"]
    assert asked == ["llava"]
    assert set(got.ids) <= set(want.ids) and got.ids
    as_options = named("search", "llava", "--org", "acme-lab", "-a", "Author 1", "--starred",
                       "--json", "-n", "0")
    assert got.ids == as_options.ids


def test_the_qualifiers_are_the_filter_tables() -> None:
    """Every qualifier is a criterion's (no list of its own): each words and date filter
    by its option's name, the flags by what they say (`is:starred`)."""
    from papercli.criteria import CRITERIA, by_qualifier

    table = by_qualifier()
    for c in CRITERIA:
        if c.kind in ("words", "date"):
            assert table[c.option.removeprefix("--")] is c
    assert {name for name in table if ":" in name} == {
        "is:starred", "is:noted", "has:code", "has:model"}
    assert table["cat"].key == "category" and table["au"].key == "author"


def test_search_help_names_the_qualifiers(papers: Papers) -> None:
    """`papers search --help` says that a qualifier filters, and names each one (from the
    filter table), so a gh user finds `org:` without trying it."""
    said = " ".join(papers("search", "--help").stdout.split())
    assert "A qualifier filters as its option does" in said
    for name in ("org:NAME", "author:NAME (au:)", "category:CAT (cat:)", "tag:TAG",
                 "since:DATE", "is:starred", "has:code", "Only the words are sent to the Hub"):
        assert name in said, name


def test_an_author_handle_that_is_a_submitter_s_points_to_submitter(named: Papers) -> None:
    """`-a @alice` asks for the papers of an author whose Hub account is alice; Alice only
    put papers on Daily Papers (the listings show her as their submitter), and the search
    said "no paper in the library is by @alice" with no word of --submitter, which lists
    them. That line now names it; a handle no one has is said as before."""
    for args, handle in ((["-a", "@Alice"], "Alice"), (["author:@alice"], "alice"),
                         (["llava", "-a", "@alice"], "alice")):
        got = named("search", *args, "--offline")
        assert (got.exit_code, got.stdout) == (0, ""), got.stderr
        assert got.stderr.splitlines() == [
            f"papers: no paper is by @{handle}, who submits papers: try --submitter {handle}"]
    listed = named("search", "--submitter", "alice", "--offline", "--json")
    assert listed.exit_code == 0 and listed.ids
    nobody = named("search", "-a", "@nobody", "--offline")
    assert nobody.stderr.splitlines() == ["papers: no paper in the library is by @nobody"]
    exported = named("export", "-a", "@alice", "-f", "json")
    assert exported.stderr.splitlines()[-1] == (
        "papers: no paper is by @alice, who submits papers: try --submitter alice")
