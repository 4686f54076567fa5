"""`papers search`, the filters on every listing, and `papers families`, on the seed papers."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from conftest import TODAY, Home, one_line
from hubserver import HubServer, seed_items

SEED = seed_items()
BY_ID = {i["paper"]["id"]: i["paper"] for i in SEED}


def words(paper: dict) -> list[str]:
    text = " ".join([paper["title"], paper["summary"], *(a["name"] for a in paper["authors"])])
    return [w.lower() for w in re.findall(r"\w+", text)]


# -- families on the seed --------------------------------------------------------------------


def test_family_llava_is_exactly_the_llava_papers(library) -> None:
    result = library("search", "--family", "LLaVA", "--json")
    assert result.exit_code == 0, result.stderr
    expected = {pid for pid, p in BY_ID.items() if p["title"].startswith("LLaVA")}
    assert len(expected) == 8
    assert set(result.ids) == expected


def test_family_llama_is_exactly_the_llama_papers(library) -> None:
    result = library("search", "--family", "llama", "--json")  # case-insensitive
    expected = {pid for pid, p in BY_ID.items() if "llama" in p["title"].lower()}
    assert len(expected) == 9
    assert set(result.ids) == expected
    llamp = next(pid for pid, p in BY_ID.items() if p["title"].startswith("LLaMP"))
    assert llamp not in result.ids


def test_family_qwen_is_only_llava_mod(library) -> None:
    assert library("search", "--family", "Qwen", "--json").ids == ["2408.15881"]


def test_families_are_in_json_and_table_badges(library) -> None:
    data = {p["id"]: p for p in json.loads(library("search", "--json", "-n", "0").stdout)}
    assert "LLaVA" in data["2408.15881"]["families"] and "Qwen" in data["2408.15881"]["families"]
    assert "LLaMA" in data["2401.01055"]["families"]
    table = library("search", "--family", "Qwen")
    assert re.search(r"LLaVA-MoD.*LLaVA", table.stdout.replace("\n", " "))
    assert "Qwen" in table.stdout


def test_unknown_family_is_a_usage_error_naming_the_close_one(library) -> None:
    """The twenty known families in one line made it 220 columns wide: the close name
    is offered instead, or `papers families`, which lists them."""
    result = library("search", "--family", "Llamba")
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        "papers: error: unknown family 'Llamba' — did you mean LLaMA?")
    far = library("search", "--family", "zzz")
    assert far.exit_code == 2
    assert one_line(far.stderr).startswith(
        "papers: error: unknown family 'zzz' — papers families lists all ")


def test_repeated_family_is_any_of(library) -> None:
    both = set(library("search", "-F", "LLaVA", "-F", "Qwen", "--json").ids)
    llava = set(library("search", "-F", "LLaVA", "--json").ids)
    assert both == llava  # the only Qwen paper is a LLaVA paper
    mixed = set(library("search", "-F", "LLaVA", "-F", "LLaMA", "--json").ids)
    assert len(mixed) == 17


def test_families_command_counts_and_bars(library) -> None:
    data = json.loads(library("families", "--json").stdout)
    counts = {row["name"]: row["papers"] for row in data}
    assert counts["LLaVA"] == 8 and counts["LLaMA"] == 9 and counts["Qwen"] == 1
    for name in ("Mistral", "Gemma", "Gemini", "GPT", "Claude", "DeepSeek", "Phi", "Mamba",
                 "CLIP", "Whisper", "Falcon", "BERT", "T5", "Stable Diffusion", "InternVL",
                 "Vicuna", "Segment Anything"):
        assert name in counts
    table = library("families")
    assert table.exit_code == 0
    line = next(ln for ln in table.stdout.splitlines() if ln.strip().startswith("LLaMA "))
    # piped: the count and the aliases, whole; the bars are for a terminal (test_tables)
    assert re.match(r"^LLaMA\s+9\s+llama2, ", line) and "█" not in line


def test_families_n_shows_the_most_named_first(library) -> None:
    every = json.loads(library("families", "--json").stdout)
    top = json.loads(library("families", "-n", "2", "--json").stdout)
    rest = [r["papers"] for r in every if r not in top]
    assert top[0]["papers"] >= top[1]["papers"] >= max(rest) and top[1]["papers"] > 0
    assert top == sorted(every, key=lambda r: -r["papers"])[:2]
    table = library("families", "-n", "2")
    assert table.exit_code == 0 and f"2 of {len(every)} families (-n 0: all)" in table.stdout
    assert json.loads(library("families", "-n", "0", "--json").stdout) == every
    assert library("families", "-n", "-1").exit_code == 2


def test_user_family_from_config_is_applied_without_reimport(library, home: Home) -> None:
    assert library("search", "--family", "LLaMP").exit_code == 2
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_text('[families.LLaMP]\nwords = ["LLaMP"]\naliases = ["llamp-model"]\n')
    result = library("search", "--family", "llamp-model", "--json")
    assert result.exit_code == 0, result.stderr
    assert [BY_ID[i]["title"][:5] for i in result.ids] == ["LLaMP"]
    rows = {r["name"]: r for r in json.loads(library("families", "--json").stdout)}
    assert rows["LLaMP"]["papers"] == 1 and rows["LLaMP"]["builtin"] is False


def test_invalid_family_config_is_a_clear_error(library, home: Home) -> None:
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_text('[families.Bad]\npatterns = ["(unclosed"]\n')
    result = library("search", "llava", "--offline")
    assert result.exit_code == 1
    # (in 80 columns: the file's name and line say where; PAPERS_DEBUG the whole path)
    [line] = result.stderr.splitlines()
    assert line.startswith("papers: error: config.toml, line 2: ") and len(line) <= 80, line
    assert "invalid regex" in line, line
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAPERS_DEBUG", "1")
        whole = library("search", "llava", "--offline")
    assert whole.exit_code == 1
    assert str(home.config_file) in whole.stderr and "families.Bad" in whole.stderr


# -- local full-text search --------------------------------------------------------------------


def test_offline_search_finds_every_paper_with_the_word(library) -> None:
    result = library("search", "llava", "--offline", "--json", "-n", "0")
    assert result.exit_code == 0
    expected = {pid for pid, p in BY_ID.items() if "llava" in words(p)}
    assert set(result.ids) == expected


def test_a_long_query_is_cut_in_the_listing_title(library) -> None:
    """A pasted 5,000-character query made its "Search:" title a 2,000-character line
    when piped: it is cut to a readable length, with "…" saying so."""
    query = "llava " * 800
    result = library("search", query, "--offline", "-n", "3")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("Search: llava llava") and first.endswith("llava …")
    assert len(first) <= 220
    short = library("search", "llava  model", "--offline", "-n", "3")
    assert short.stdout.splitlines()[0] == "Search: llava model"


def test_title_hits_rank_first(library) -> None:
    found = library("search", "instruction", "--offline", "--json").ids
    in_title = {pid for pid, p in BY_ID.items() if "instruct" in p["title"].lower()}
    assert len(found) > len(in_title)  # abstracts mention it too
    assert in_title and set(found[: len(in_title)]) == in_title


def test_prefix_query(library) -> None:
    found = set(library("search", "quant*", "--offline", "--json", "-n", "0").ids)
    expected = {pid for pid, p in BY_ID.items() if any(w.startswith("quant") for w in words(p))}
    assert expected and found == expected


@pytest.mark.parametrize("typed", ["instruction*", "instruction-tuned*", "language*"])
def test_a_whole_word_with_a_star_finds_that_word(library, typed: str) -> None:
    """The index holds stems, shorter than many whole words (instruction: instruct), so
    `instruction*` must find at least what `instruction` finds."""
    whole = typed.rstrip("*")
    plain = set(library("search", "--offline", "--json", "-n", "0", "--", whole).ids)
    starred = set(library("search", "--offline", "--json", "-n", "0", "--", typed).ids)
    assert plain and plain <= starred


@pytest.mark.parametrize("typed", ["instruction*", "language*"])
def test_keyword_with_a_star_is_every_word_it_starts(library, typed: str) -> None:
    found = set(library("search", "-k", typed, "--offline", "--json", "-n", "0").ids)
    start = typed.rstrip("*")
    expected = {pid for pid, p in BY_ID.items()
                if re.search(rf"\b{start}", p["title"] + " " + p["summary"], re.I)}
    assert expected and found == expected


def test_phrase_query(library) -> None:
    found = set(library("search", '"visual instruction"', "--offline", "--json").ids)
    expected = {
        pid for pid, p in BY_ID.items()
        if re.search(r"visual\W+instruction", p["title"] + " " + p["summary"], re.I)
    }
    assert expected and found == expected


def test_multiple_words_are_and(library) -> None:
    found = set(library("search", "medical", "llava", "--offline", "--json").ids)
    expected = {pid for pid, p in BY_ID.items()
                if "medical" in words(p) and "llava" in words(p)}
    assert expected and found == expected
    none = library("search", "llava zzzyzzx", "--offline", "--json")
    assert none.exit_code == 0 and none.stdout.strip() == "[]"


def test_a_minus_word_leaves_papers_out(library, papers, hub: HubServer) -> None:
    """`"llava -mini"` finds the LLaVA papers without the word "mini", as `llava
    --exclude mini` does (it used to search for "mini" too: the opposite). The Hub is
    asked for "llava" alone and its hits are left out alike; a `-` inside quotes and a
    lone `-` stay plain text; a query of nothing but `-word`s finds nothing and says to
    browse with --exclude."""
    llava = set(library("search", "llava", "--offline", "--json", "-n", "0").ids)
    excluded = library("search", "llava -mini", "--offline", "--json", "-n", "0")
    assert excluded.exit_code == 0, excluded.stderr
    assert set(excluded.ids) == set(library("search", "llava", "-x", "mini", "--offline",
                                            "--json", "-n", "0").ids)
    assert set(excluded.ids) == {pid for pid in llava if "mini" not in words(BY_ID[pid])}
    assert 0 < len(excluded.ids) < len(llava)
    for item in SEED:  # online: the Hub knows every paper
        hub.add_paper(item["paper"])
    online = papers("search", "llava -mini", "--json", "-n", "0")
    assert set(online.ids) == set(excluded.ids), online.stderr
    asked = [r.params["q"] for r in hub.requests if r.path == "/api/papers/search"]
    assert asked == ["llava"]
    unquoted = library("search", "llava", "-mini", "--offline")  # the shell's way
    assert unquoted.exit_code == 2 and one_line(unquoted.stderr) == (
        'papers: error: no such option: -mini — did you mean papers search "llava -mini"?')
    # A word whose first letter is a short option taking text is no usage error: the
    # parser reads `-attention` as `--author ttention`, `-xformer` as `--exclude former`.
    # Said in 80 columns: the whole sentence (with the query quoted) made 150.
    for word, warning in (
            ("-xformer", "-xformer is read as --exclude former; quote it with the query"),
            ("-attention", "-attention read as --author ttention: quote it with the query"),
            ("-kv", "-kv is read as --keyword v; quote it with the query")):
        glued = library("search", "llava", word, "--offline", "--json")
        assert glued.exit_code == 0
        said = glued.stderr.splitlines()  # (then, where none matched, the no-match line)
        assert said[0] == f"papers: warning: {warning}" and len(said[0]) <= 80
    # One that begins the query is read so, quoted or not: "quote it" told a user who
    # had quoted it to do what was done.
    first = library("search", "-xformer", "--offline", "--json")
    assert first.exit_code == 0 and one_line(first.stderr) == (
        "papers: warning: -xformer is read as --exclude former; put the query after --")
    # One quoted word with a space is read so too, and was said nothing of.
    spaced = library("search", "-xformer video", "--offline", "--json")
    assert spaced.exit_code == 0 and one_line(spaced.stderr) == (
        "papers: warning: '-xformer video' read as --exclude 'former video': put the query "
        "after --")  # (no way fits 80 columns: the shorter, wrapped)
    named = library("search", "llava", "-aWei", "--offline", "--json")  # a name: as meant
    assert named.exit_code == 0 and "warning" not in named.stderr
    alone = library("search", "--offline", "--json", "--", "-mini -nano")
    assert alone.exit_code == 0 and json.loads(alone.stdout) == []  # a query never fails
    assert alone.stderr == ("papers: warning: '-mini -nano' only leaves papers out: nothing "
                            "searched\n")
    alone = library("search", "--offline", "--json", "--", "-mini")
    assert alone.stderr == ("papers: warning: nothing to search for: try papers search "
                            "--exclude mini\n")
    assert set(library("search", '"llava -mini"', "--offline", "--json").ids) <= llava


def test_a_minus_phrase_leaves_out_the_papers_holding_it(library, papers,
                                                        hub: HubServer) -> None:
    """`llava -"visual instruction"` (Google's, GitHub's and arXiv's way to leave a phrase
    out) found the papers holding llava, visual and instruction: `-"visual` was a word,
    the opposite of what was asked. It leaves the phrase out now, as `--exclude 'visual
    instruction'` does, and the Hub is asked for the other words alone."""
    got = library("search", 'llava -"visual instruction"', "--offline", "--json", "-n", "0")
    assert got.exit_code == 0, got.stderr
    want = library("search", "llava", "-x", "visual instruction", "--offline", "--json",
                   "-n", "0")
    assert got.ids == want.ids
    assert "2306.17107" not in got.ids and len(got.ids) > 5  # (LLaVAR: Visual Instruction)
    for item in SEED:
        hub.add_paper(item["paper"])
    online = papers("search", 'llava -"visual instruction"', "--json", "-n", "0")
    assert set(online.ids) == set(got.ids), online.stderr
    asked = [r.params["q"] for r in hub.requests if r.path == "/api/papers/search"]
    assert asked == ["llava"]
    alone = library("search", "--offline", "--json", "--", '-"visual instruction"')
    assert alone.exit_code == 0 and json.loads(alone.stdout) == []
    assert alone.stderr == ("papers: warning: '-\"visual instruc…' only leaves papers out: "
                            "nothing searched\n")  # (with --exclude 'visual instruction': 88)


def test_a_field_qualifier_is_left_out_and_its_value_searched(library) -> None:
    """arXiv's `ti:` and GitHub's `title:` are no syntax here. `title:llava` was searched
    as the words "title llava" side by side and found nothing, while the warning said
    'title:' was searched as the word title (`title llava` finds papers), and no line
    said that nothing matched. Now the field is left out, its value searched, as the
    warning says. (A field that is a filter, `author:`, filters:
    tests/test_search_qualifiers.py.)"""
    for query, plain in (
            ("title:llava", "llava"),
            ('TI:"visual instruction" llava', '"visual instruction" llava'),
            ("abs:llava", "llava")):
        got = library("search", query, "--offline", "--json")
        assert got.exit_code == 0, got.stderr
        assert got.ids and got.ids == library("search", plain, "--offline", "--json").ids
        field = query.split(":")[0]
        line = f"papers: warning: '{field}:' left out (search has no fields): all are searched"
        assert got.stderr.splitlines() == [line] and len(line) <= 80
    # Several: one line names them all (it was a line each), within 80 columns.
    twice = library("search", "title:llava ti:llava abstract:vision", "--offline", "--json")
    assert twice.stderr.splitlines() == [
        "papers: warning: 'title:', 'ti:' and 'abstract:' left out: search has no fields"]
    two = library("search", "title:llava abs:vision", "--offline", "--json")
    assert two.stderr.splitlines() == [
        "papers: warning: 'title:' and 'abs:' left out: search has no fields"]
    many = library("search", "title:a abs:b ti:c abstract:d TITLE:e", "--offline", "--json")
    assert many.stderr.splitlines()[0] == (
        "papers: warning: 5 field words left out (search has no fields): all are searched")
    # Nothing found: said after the warning, which never says so (before: the warning,
    # then nothing at all, as if the search had not run).
    none = library("search", "title:zzqqxx", "--offline")
    assert (none.exit_code, none.stdout) == (0, "")
    assert none.stderr.splitlines() == [
        "papers: warning: 'title:' left out (search has no fields): all are searched",
        "papers: no paper in the library matches 'zzqqxx'"]  # (what was searched)
    named = library("search", "title:2401.01055", "--offline", "--json")  # an id: that paper
    assert named.ids == ["2401.01055"]
    for query in ('llava "title:x"', "Re:Search llava", "https://example.org/ti:x llava",
                  "llava -title:x"):
        assert "warning" not in library("search", query, "--offline", "--json").stderr


def test_a_warning_on_the_query_is_followed_by_no_match_when_none_matched(library) -> None:
    """A paper id among words, `OR`, `NOT`, a `foo:`: each warned, and then nothing, no
    line saying that no paper matched (the warning stood for it, and says no such
    thing). Now the usual line follows it; a query with nothing to search for (`*`,
    `-word`s alone) is said so once, as before."""
    for query, warning in (
            ("2608.99880 llava", "2608.99880 is a paper id: papers search 2608.99880"),
            ("zzqqxx OR yyzzqq", "no OR: papers search 'zzqqxx', then papers search"),
            ("zzqqxx NOT llava", "no NOT: papers search 'zzqqxx -llava'"),
            ("foo:llava", "'foo:' is not a field")):
        got = library("search", query, "--offline")
        assert (got.exit_code, got.stdout) == (0, ""), got.stderr
        lines = got.stderr.splitlines()
        assert len(lines) == 2 and lines[0].startswith(f"papers: warning: {warning}"), lines
        assert lines[1] == f"papers: no paper in the library matches '{query}'"
    for query in ("*", "-mini"):
        got = library("search", "--offline", "--", query)
        assert got.exit_code == 0 and len(got.stderr.splitlines()) == 1, got.stderr
        assert "matches" not in got.stderr


def test_an_unknown_field_prefix_that_finds_nothing_is_said(library) -> None:
    """`foo:llava` (no field of any search box) and `titel:llava` (a typo of one) came back
    "No papers." with no word, while `title:` is explained; now each is said, the typo
    with the field it is nearest. A `word:` glued to a word that finds papers is left
    alone, as are links, DOIs and a capitalised word that is no field (`Re:Search`)."""
    for query, warning in (  # (in a warning's 80 columns: 113 to 153 whole)
            ("foo:llava", "'foo:' is not a field: searched as the word foo; leave it out"),
            ("Titel:llava", "'Titel:' is not a field (did you mean title:?); leave it out"),
            ("autor:Ada llava", "'autor:' is not a field; use --author NAME"),
            # (GitHub's `sort:` and `limit:` are options here: the way, not "leave it out")
            ("llava sort:new", "'sort:' is not a field; use --sort new"),
            ("Limit:3 llava", "'Limit:' is not a field; use --limit 3"),
            ('llava order:"by date"', "'order:' is not a field: searched as the word order; "
                                      "use --sort")):
        for every in ([], ["--limit", "0"]):  # -n 0: the hits streamed, counted the same
            got = library("search", query, "--offline", "--json", *every)
            assert got.exit_code == 0 and json.loads(got.stdout) == []
            assert got.stderr.splitlines() == [
                f"papers: warning: {warning}",
                f"papers: no paper in the library matches '{query}'"]
    found = library("search", "guard:llm", "--offline", "--json")  # Llama Guard: LLM-based
    assert found.exit_code == 0 and json.loads(found.stdout) and found.stderr == ""
    for query in ("doi:10.1000/x", "https://example.org/x", "Re:Search"):
        assert "warning" not in library("search", query, "--offline", "--json").stderr


@pytest.mark.parametrize("query, options", [
    ("llava stars:>100", ["--min-stars", "101"]),
    ("llava upvotes:>=5", ["--min-upvotes", "5"]),
    ("upvotes:10.. llava", ["--min-upvotes", "10"]),
    ("llava upvotes:>2 --min-upvotes 1", ["--min-upvotes", "3"]),
])
def test_a_least_count_typed_as_github_s_qualifier_filters(
        library, query: str, options: list[str]) -> None:
    """`stars:>100` (GitHub's search) was said ("use --min-stars 101") and then searched
    as the words stars and 100 all the same, so it found the papers holding "100": it is
    the count filter now, as `org:google` is --org google (the option's value and the
    qualifier's: the higher)."""
    words = query.replace(" --min-upvotes 1", "")
    extra = ["--min-upvotes", "1"] if "--min-upvotes 1" in query else []
    got = library("search", words, *extra, "--offline", "--json")
    want = library("search", "llava", *options, "--offline", "--json")
    assert got.exit_code == want.exit_code == 0, got.stderr
    assert (got.stdout, got.stderr) == (want.stdout, want.stderr), query
    assert "warning" not in got.stderr


@pytest.mark.parametrize("query, said", [
    ("llava stars:50", "'stars:50' left out: only stars:>=N (at least N) filters"),
    ("stars:<10 llava", "'stars:<10' left out: only stars:>=N (at least N) filters"),
    ("llava upvotes:1..5", "'upvotes:1..5' left out: only upvotes:>=N (at least N) filters"),
])
def test_a_count_no_filter_can_be_is_left_out_and_said(library, query: str,
                                                       said: str) -> None:
    """`stars:50` (GitHub: exactly 50) and `stars:<10` have no count filter: after the
    warning they were searched as the words stars and 50 (papers holding "50"); they are
    left out, the warning saying the form that filters, and the words searched alone."""
    got = library("search", query, "--offline", "--json")
    plain = library("search", "llava", "--offline", "--json")
    assert got.exit_code == 0, got.stderr
    assert got.stderr.splitlines() == [f"papers: warning: {said}"]
    assert got.stdout == plain.stdout and plain.stderr == ""
    alone = library("search", query.replace("llava", ""), "--offline", "--json")
    assert alone.exit_code == 0 and alone.stderr.splitlines()[0] == f"papers: warning: {said}"


def test_a_count_qualifier_that_is_no_count_is_a_usage_error(library) -> None:
    got = library("search", "llava stars:many", "--offline")
    assert (got.exit_code, got.stdout) == (2, "")
    assert one_line(got.stderr) == ("papers: error: 'stars:many' is no count — use "
                                    "stars:>=N (at least N)")


def test_a_query_of_paper_ids_finds_those_papers(library, papers, hub: HubServer) -> None:
    """An arXiv id is no word of a paper, so `papers search 2401.01055` found nothing. A
    query whose every word is an id or a paper URL now lists those papers in its order;
    one the library lacks is fetched as `show` fetches it, or said to be missing offline
    (a failure, exit 1, as one on neither the Hub nor arXiv is); a hidden one and one the
    filters leave out are said too."""
    ids = ["2404.14047", "2401.01055"]
    got = library("search", ids[0], f"https://arxiv.org/abs/{ids[1]}v2", ids[0], "--offline",
                  "--json")
    assert got.exit_code == 0, got.stderr
    assert got.ids == ids and got.stderr == ""
    table = library("search", " ".join(ids), "--offline")
    assert "2 papers · 2 in the library" in table.stdout
    assert "2 from the Hub" not in table.stdout
    missing = library("search", "2612.00001", "--offline", "--json")  # (a failure: exit 1,
    assert missing.exit_code == 1 and missing.stdout == ""  # no `[]` for a script to take)
    # (in 80 columns: "… (papers show 2612.00001 fetches it)" made 85)
    assert missing.stderr.splitlines()[0] == (
        "papers: warning: 2612.00001 is not in the library — run papers show 2612.00001")
    qwen = library("search", ids[1], "--family", "Qwen", "--offline", "--json")
    assert qwen.ids == [] and f"{ids[1]} is left out by the filters" in qwen.stderr
    assert library("hide", ids[1]).exit_code == 0
    hidden = library("search", " ".join(ids), "--offline", "--json")
    assert hidden.ids == [ids[0]] and f"{ids[1]} is hidden" in hidden.stderr
    assert library("search", ids[1], "--hidden", "--offline", "--json").ids == [ids[1]]
    bib = library("export", ids[0], "-f", "bibtex")
    assert bib.stdout.count("@misc{") == 1 and f"eprint = {{{ids[0]}}}" in bib.stdout
    # online, a paper the library lacks comes from the Hub's paper page (and stays)
    hub.add_paper({**BY_ID[ids[0]], "id": "2612.00001", "title": "Kiwano sampling"})
    online = library("search", "2612.00001", ids[0], "--json")
    assert online.exit_code == 0, online.stderr
    assert online.ids == ["2612.00001", ids[0]]
    assert [r.path for r in hub.requests] == ["/api/papers/2612.00001"]  # no text search
    assert library("search", "kiwano", "--offline", "--json").ids == ["2612.00001"]
    gone = library("search", "2612.00009", "--json")  # not on the Hub; arXiv refused
    assert gone.exit_code == 1 and gone.stdout == ""
    said = gone.stderr.splitlines()
    # (said as `papers show` says it, in 80 columns: it was "paper 2612.00009 is not on
    # the Hub; arXiv could not be asked either (arXiv at 127.0.0.1:9 refused the
    # connection)", 130 columns; then "unknown: 2612.00009; …", as if arXiv had no such
    # paper, when it was never asked; and what to do, where it said none)
    assert said[0] == ("papers: warning: the Hub lacks 2612.00009; ARXIV_API_ENDPOINT "
                       "refused — check it")
    assert said[1:] == ["papers: error: 2612.00009 is missing: nothing listed — see the "
                        "warning above"]
    mixed = library("search", ids[0], "2612.00009", "--json")  # (one found: the same)
    assert mixed.exit_code == 1 and mixed.ids == [ids[0]]
    assert mixed.stderr.splitlines() == [said[0], "papers: error: 2612.00009 was not listed "
                                         "— the warning above says why"]


def test_an_id_among_words_is_named_in_a_note(library) -> None:
    """`2401.01055 llama`: an id is no word of a paper, so a word search with one finds
    nothing; the note says which words are ids and the query that lists them. A query
    of words alone, or with a number that is no id, or an id left out, has no note."""
    mixed = library("search", "2401.01055 llama https://arxiv.org/abs/2404.14047v2",
                    "--offline", "--json")
    assert mixed.exit_code == 0 and mixed.ids == []
    assert mixed.stderr.splitlines()[0] == (
        "papers: warning: 2401.01055 2404.14047 are paper ids: search them alone")
    assert library("search", "2401.01055 2404.14047", "--offline", "--json").ids == [
        "2401.01055", "2404.14047"]
    for quiet in ("llama 2 7b", "llama -2401.01055", "llama 2023.5"):
        words = library("search", quiet, "--offline", "--json")
        assert words.exit_code == 0 and "warning" not in words.stderr, (quiet, words.stderr)
    # `-ID` leaves that paper out (an id is no word to leave out)
    assert "2401.01055" in library("search", "llama", "--offline", "--json").ids
    assert "2401.01055" not in library("search", "llama -2401.01055", "--offline",
                                       "--json").ids


@pytest.mark.parametrize("query", ["2404.14047, 2401.01055", "2404.14047,2401.01055",
                                   "<2404.14047> (arXiv:2401.01055).",
                                   '"2404.14047"; https://arxiv.org/abs/2401.01055.'])
def test_ids_pasted_as_a_list_are_those_papers(library, query: str) -> None:
    """Ids copied from a list or prose keep its commas and brackets: searched as words, they
    found nothing and said nothing. They are the papers named, in order."""
    got = library("search", query, "--offline", "--json")
    assert got.exit_code == 0 and got.stderr == "", got.stderr
    assert got.ids == ["2404.14047", "2401.01055"]
    mixed = library("search", "2401.01055, llama", "--offline", "--json")
    assert mixed.ids == [] and mixed.stderr.splitlines()[0].startswith(
        "papers: warning: 2401.01055 is a paper id: papers search 2401.01055 lists it")


def test_ids_the_library_lacks_with_the_hub_down_are_one_note(library) -> None:
    """Once the Hub cannot be reached, the other missing papers are not asked for (each
    would wait out its timeout): one note names them all, and the library's are listed
    (the search failing for the others: exit 1)."""
    result = library("search", *(f"2612.{n:05d}" for n in range(1, 8)), "2401.01055",
                     "--json")
    assert result.exit_code == 1, result.stderr
    assert result.ids == ["2401.01055"]
    warning, error = result.stderr.splitlines()
    assert warning.startswith(
        "papers: warning: could not fetch 2612.00001, 2612.00002, 2612.00003, 2612.00004, "
        "2612.00005 and 2 more: the Hub at 127.0.0.1:9 refused the connection")
    assert error == ("papers: error: 7 of 8 papers named were not listed — the warning "
                     "above says why")  # (one line names them all)


@pytest.mark.parametrize(
    "query",
    ['"unbalanced phrase', "AND", "OR NOT", "+", ":", "title:llava", "llava AND", "((",
     "*", '"', "NEAR(llava mini)", "llava -mini", "^llava", "llava)", "'; DROP TABLE papers;--"],
)
def test_odd_queries_are_plain_text(library, query: str) -> None:
    result = library("search", query, "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)
    assert library("cache", "info", "--json").stdout.count('"papers": 19') == 1


# ("-" alone reads ids from standard input: test_piped_ids)
@pytest.mark.parametrize("query", ["*", ":", '""', "+", "((", "\U0001f917"])
def test_a_query_without_a_word_says_so(library, query: str) -> None:
    """Only words are searched: a query of punctuation or symbols finds nothing, and a bare
    "No papers." read as if no paper held it; a line says why and what to do instead."""
    got = library("search", query, "--offline", "--json")
    assert got.exit_code == 0 and got.ids == []
    assert one_line(got.stderr) == (
        f"papers: warning: '{query}' has no word to search for; no query browses the library")
    for word in ("llava", "π", "2"):  # (a word in any script, a number: searched, no note)
        assert "no word to search for" not in library("search", word, "--offline").stderr


def test_or_and_not_are_said_to_be_words(library) -> None:
    """`llava OR qwen` asked for the papers holding llava, qwen and the word "or" (all
    words must match): fewer than either word alone, without a word why. OR and NOT in
    capitals between words are said, with what does the job; lower case is a title's."""
    either = library("search", "llava OR qwen", "--offline", "--json")
    assert either.exit_code == 0
    assert either.stderr.splitlines()[0] == (
        "papers: warning: no OR: papers search 'llava', then papers search 'qwen'")
    but = library("search", "llava NOT mini", "--offline", "--json")
    assert but.stderr.splitlines()[0] == (
        "papers: warning: no NOT: papers search 'llava -mini' leaves 'mini' out")
    # A phrase after NOT is said with -"the phrase", which leaves a phrase out (it was
    # said nothing of: a phrase could not be left out then).
    phrase = library("search", 'llava NOT "visual instruction"', "--offline", "--json")
    assert phrase.stderr.splitlines()[0] == (  # (leaves '"visual instruc…' out: 95)
        "papers: warning: no NOT: try papers search 'llava -\"visual instruction\"'")
    assert library("search", 'llava -"visual instruction"', "--offline", "--json").ids
    for quiet in ("llava or qwen", "OR", "llava OR", "llava -mini"):
        assert "warning" not in library("search", quiet, "--offline", "--json").stderr, quiet


@pytest.mark.parametrize("query, said", [
    ("NEAR(a b)", "no NEAR in papercli: searched a b (every word, anywhere)"),
    ("NEAR(llava model)", "no NEAR: searched llava model (every word, anywhere)"),
    ("visual NEAR/3 instruction", "no NEAR: searched visual instruction (every word, anywhere)"),
    ("visual W/2 instruction", "no NEAR: searched visual instruction (every word, anywhere)"),
    ("llava^2", "no boosts in papercli: searched llava (all words count alike)"),
    ("llava^2 visual^1.5", "no boosts: searched llava visual (all words count alike)"),
    ("llava~2", "no fuzzy matching: searched llava (as typed; word* for a start)"),
    ('"visual instruction"~3', 'no proximity: searched "visual instruction" (the exact phrase)'),
    ("llava || qwen", "no OR: papers search 'llava', then papers search 'qwen'"),
    ("llava (qwen OR mistral)", "no OR: papers search 'qwen', then papers search 'mistral'"),
])
def test_another_search_box_s_syntax_is_said_with_papercli_s(library, query: str,
                                                             said: str) -> None:
    """Scopus' NEAR, Lucene's boosts (`^2`), fuzzy words and proximity (`~2`), pasted from
    another tool, were searched as text with no word: `llava^2` asked for the papers
    holding "llava" and "2". Each is said in one line, with what was searched in its
    place (tests/test_search_borrowed.py) and papercli's way; the OR of `(a OR b)` names
    the words, not `'(a'`."""
    got = library("search", query, "--offline", "--json")
    assert got.exit_code == 0, got.stderr
    line = got.stderr.splitlines()[0]
    assert line == f"papers: warning: {said}" and len(line) <= 80, line


def test_words_like_another_search_box_s_syntax_are_not_said(library) -> None:
    for quiet in ("near-optimal llava", "near/far llava", "C^2DLM", "llava~", "llava near",
                  "llava w/2 gpus", "llava p/2"):
        assert "warning" not in library("search", quiet, "--offline", "--json").stderr, quiet


def test_browse_without_query_is_the_whole_library_offline(library) -> None:
    result = library("search", "--json", "-n", "0")
    assert result.exit_code == 0
    assert len(result.ids) == 19
    dates = [p["published_at"] for p in json.loads(result.stdout)]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("families", [["LLaVA"], ["LLaMA"], ["Qwen"], ["LLaVA", "LLaMA"]])
@pytest.mark.parametrize("limit", ["1", "3", "7"])
@pytest.mark.parametrize("order", ["new", "upvotes", "stars"])
def test_a_family_page_is_the_head_of_the_whole_list(library, families, limit,
                                                      order) -> None:
    """Paging a family browse walks the papers in order (the index of that order) for a
    common family and sorts the members of a rare one (search._walk_in_order); either way
    it is the same page."""
    flags = [arg for name in families for arg in ("--family", name)]
    sort = ["--sort", order]
    everything = library("search", *flags, *sort, "--json", "-n", "0").ids
    page = library("search", *flags, *sort, "-n", limit)
    assert page.exit_code == 0, page.stderr
    assert library("search", *flags, *sort, "--json", "-n", limit).ids == (
        everything[: int(limit)])
    assert f"of {len(everything)} papers" in page.stdout or len(everything) <= int(limit)


@pytest.mark.parametrize("order", ["upvotes", "stars"])
@pytest.mark.parametrize("tied_most", [0, 1, 5_000])
def test_a_page_by_upvotes_or_stars_is_the_head_of_the_whole_list_whatever_the_ties(
        library, monkeypatch: pytest.MonkeyPatch, order: str, tied_most: int) -> None:
    """The index orders the library by the column and hands back the rows above the
    page's cut and those tied with it; a tie of more than TIED_MOST papers is walked
    newest first instead (all of an arXiv import has 0 upvotes). Either way the page is
    the head of the whole list, ties newest first, and the count is every paper's."""
    from papercli.db import textquery

    monkeypatch.setattr(textquery, "TIED_MOST", tied_most)
    whole = library("search", "--sort", order, "--json", "-n", "0").ids
    assert len(whole) == 19
    for limit in (1, 2, 5, 12, 18, 19, 25):
        page = library("search", "--sort", order, "-n", str(limit))
        assert page.exit_code == 0, page.stderr
        assert library("search", "--sort", order, "--json", "-n", str(limit)).ids == (
            whole[:limit]), limit
        assert "of 19 papers" in page.stdout or limit >= 19


# -- filters -----------------------------------------------------------------------------------


def test_keyword_is_whole_word_and_all_of(library) -> None:
    found = set(library("search", "-k", "token", "--json", "-n", "0").ids)
    expected = {pid for pid, p in BY_ID.items() if "token" in words(p)}
    assert found == expected
    assert "2501.03895" in expected  # LLaVA-Mini says "vision token"
    both = set(library("search", "-k", "token", "-k", "video", "--json").ids)
    assert both == {pid for pid in expected if "video" in words(BY_ID[pid])}


def test_exclude_author_dates_upvotes(library) -> None:
    excl = set(library("search", "-F", "LLaVA", "-x", "medical", "--json").ids)
    assert excl == {pid for pid, p in BY_ID.items()
                    if p["title"].startswith("LLaVA") and "medical" not in words(p)}
    # A word's plural goes too: `-x benchmark` (and a search's `-benchmark`) leaves no
    # "benchmarks" (a search finds both: the exclusion leaves out what it would find).
    kept = set(library("search", "-x", "benchmark", "--json", "-n", "0").ids)
    assert kept and kept == {pid for pid, p in BY_ID.items()
                             if not {"benchmark", "benchmarks"} & set(words(p))}
    assert set(library("search", "-x", "benchmarks", "--json", "-n", "0").ids) == kept
    author = set(library("search", "--author", "author 12", "--json").ids)
    assert author == {pid for pid, p in BY_ID.items()
                      if any("author 12" in a["name"].lower() for a in p["authors"])}
    ranged = set(library("search", "--since", "2024-01-01", "--until", "2024-06-30",
                             "--json", "-n", "0").ids)
    assert ranged == {pid for pid, p in BY_ID.items()
                      if "2024-01-01" <= p["publishedAt"][:10] <= "2024-06-30"}
    voted = set(library("search", "--min-upvotes", "4", "--json").ids)
    assert voted == {pid for pid, p in BY_ID.items() if p["upvotes"] >= 4}
    combo = set(library("search", "-F", "LLaMA", "--since", "2024-01-01", "--min-upvotes",
                            "3", "--json").ids)
    assert combo == {pid for pid, p in BY_ID.items() if "llama" in p["title"].lower()
                     and p["publishedAt"][:10] >= "2024-01-01" and p["upvotes"] >= 3}


@pytest.mark.parametrize("args", [("--since", "next week"), ("--until", "2024-02-30"),
                                  ("--since", "2024-05-01", "--until", "2024-01-01"),
                                  ("--min-upvotes", "-3")])
def test_bad_filter_values_are_usage_errors(library, args) -> None:
    result = library("search", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_filters_work_on_listings(papers, seeded_hub: HubServer) -> None:
    result = papers("today", "--family", "LLaVA", "--json")
    assert result.exit_code == 0
    today_ids = {i["paper"]["id"] for i in seeded_hub.state.days[TODAY.isoformat()]}
    expected = {pid for pid in today_ids if BY_ID[pid]["title"].startswith("LLaVA")}
    assert set(result.ids) == expected
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    day = papers("day", yesterday, "-F", "LLaMA", "-k", "models", "--json")
    y_ids = {i["paper"]["id"] for i in seeded_hub.state.days[yesterday]}
    assert set(day.ids) == {pid for pid in y_ids if "llama" in BY_ID[pid]["title"].lower()
                                    and "models" in words(BY_ID[pid])}


# -- remote + local ----------------------------------------------------------------------------


def test_remote_and_local_results_merge_without_duplicates(papers, hub: HubServer, tmp_path
                                                          ) -> None:
    local_only = [i for i in SEED if i["paper"]["id"] in ("2501.03895", "2408.15881")]
    src = tmp_path / "local.json"
    src.write_text(json.dumps(local_only))
    papers("import", str(src))
    for item in SEED:  # the Hub knows every paper
        hub.add_paper(item["paper"])
    result = papers("search", "llava", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    found = result.ids
    assert len(found) == len(set(found))
    expected = {pid for pid, p in BY_ID.items()
                if "llava" in (p["title"] + " " + p["summary"]).lower()}
    assert set(found) == expected
    searches = [r for r in hub.requests if r.path == "/api/papers/search"]
    assert len(searches) == 1 and searches[0].params["q"] == "llava"
    # Remote hits are now in the library: offline search finds them too.
    offline = set(papers("search", "llava", "--offline", "--json", "-n", "0").ids)
    assert offline >= {pid for pid, p in BY_ID.items() if "llava" in words(p)}


def test_repeated_search_is_cached(papers, hub: HubServer) -> None:
    for item in SEED:
        hub.add_paper(item["paper"])
    first = papers("search", "llama", "--json")
    hub.reset_log()
    second = papers("search", "llama", "--json")
    assert hub.count() == 0
    assert second.stdout == first.stdout
    papers("search", "llama", "--refresh", "--json")
    assert hub.count("/api/papers/search") == 1


def test_offline_caption_does_not_count_the_hub(papers, hub: HubServer) -> None:
    """Offline the Hub is not asked, so the caption does not report its "0"; online
    it says how many of the hits the Hub gave."""
    for item in SEED:
        hub.add_paper(item["paper"])
    papers("search", "llava")  # (an empty library is said, not counted: this fills it)
    online = papers("search", "llava")
    assert online.exit_code == 0, online.stderr
    assert re.search(r"\d+ from the Hub, \d+ (more )?in the library", online.stdout)
    offline = papers("search", "llava", "--offline")
    assert offline.exit_code == 0, offline.stderr
    assert "from the Hub" not in offline.stdout
    assert re.search(r"· \d+ in the library", offline.stdout)


def test_an_empty_library_is_said_once_not_counted(papers, hub: HubServer) -> None:
    """On an empty library the caption said "N from the Hub, 0 in the library", read as
    no paper of it matching. Now one line on stderr says the library is empty and what
    fills it, and the caption gives no library count."""
    for item in SEED:
        hub.add_paper(item["paper"])
    fills = "papers sync fills it"
    # "lla" is inside the Hub's words (LLaVA), not one of the library's words.
    online = papers("search", "lla")
    assert online.exit_code == 0, online.stderr
    assert re.search(r"· \d+ from the Hub$", online.stdout, re.M), online.stdout
    assert "in the library" not in online.stdout
    assert one_line(online.stderr) == (
        f"papers: the library is empty, so only the Hub's hits show ({fills})")
    # Once it holds papers (the Hub's hits are kept), the count is back, with no note.
    again = papers("search", "lla", "--offline")
    assert again.exit_code == 0 and "library is empty" not in again.stderr, again.stderr
    assert re.search(r"from the Hub, 0 in the library$", papers("search", "lla").stdout, re.M)


def test_an_empty_library_offline_says_what_fills_it(papers) -> None:
    """Offline (or with no words) an empty library's search said a bare "No papers.", as
    if nothing in it matched."""
    fills = "papers sync fills it"
    for args in (("search", "llava", "--offline"), ("search",)):
        empty = papers(*args)
        assert empty.exit_code == 0, empty.stderr
        assert empty.stdout == ""  # (nothing to list: the why on stderr, once)
        assert one_line(empty.stderr) == (
            f"papers: the library is empty, so nothing is found yet ({fills})")


def test_hub_count_in_caption_is_under_the_filters(papers, hub: HubServer) -> None:
    """With a filter, the caption's Hub count is of the Hub's hits that pass it, like
    the library's count beside it (not every hit the Hub gave for the words)."""
    for item in SEED:
        hub.add_paper(item["paper"])
    hits = [p for p in BY_ID.values() if "llava" in (p["title"] + " " + p["summary"]).lower()]
    floor = sorted(p["upvotes"] for p in hits)[len(hits) // 2]
    passing = sum(1 for p in hits if p["upvotes"] >= floor)
    assert 0 < passing < len(hits)
    papers("search", "llava")  # (an empty library is said, not counted: this fills it)
    result = papers("search", "llava", "--min-upvotes", str(floor))
    assert result.exit_code == 0, result.stderr
    assert f"· {passing} from the Hub, " in result.stdout


def test_search_with_hub_down_falls_back_to_library(library) -> None:
    result = library("search", "llava", "--json")  # HF_ENDPOINT points at a closed port
    assert result.exit_code == 0
    assert "searching the local library only" in result.stderr
    assert len(result.ids) >= 8


def test_search_with_the_hub_down_tells_one_story(
        papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warning and the caption say the same: the Hub's hits cached earlier, and how
    old they are, where "searching the local library only" sat over "100 from the Hub"
    (its cached hits, merged in); with none cached, the library's alone, counted as
    --offline counts them, where "0 from the Hub" read as the Hub finding nothing."""
    for item in SEED:
        hub.add_paper(item["paper"])
    papers("search", "llava")  # (an empty library is said, not counted: this fills it)
    online = papers("search", "llava")
    assert online.exit_code == 0, online.stderr
    hub_hits = int(re.search(r"· (\d+) from the Hub, ", online.stdout)[1])
    monkeypatch.setenv("PAPERS_NOW", f"{TODAY + timedelta(days=3)}T12:00:00Z")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    down = papers("search", "llava")
    assert down.exit_code == 0, down.stderr
    assert one_line(down.stderr) == (  # (refused: not "did not answer", as if it timed out)
        "papers: warning: the Hub refused; showing its hits cached 3 days ago")
    assert f"· {hub_hits} from the Hub cached 3 days ago ({TODAY}), " in down.stdout
    never = papers("search", "visual")  # (never asked of the Hub: nothing cached)
    assert never.exit_code == 0, never.stderr
    assert one_line(never.stderr) == (
        "papers: warning: the Hub refused; searching the local library only")
    offline = papers("search", "visual", "--offline")
    caption = [line for line in never.stdout.splitlines() if " in the library" in line]
    assert caption and caption[-1] in offline.stdout.splitlines(), never.stdout
    assert "from the Hub" not in never.stdout


def test_an_excluded_word_still_counts_the_matches(papers, tmp_path, monkeypatch) -> None:
    """`-word` is checked in Python after the index ranks, so a full page used to end
    with "3 papers · at least 3 in the library": the next matches are now read to count
    them (up to COUNT_CHECKED rows), exactly when that was all of them."""
    from papercli.db import textquery

    items = []
    for n, item in enumerate(seed_items() * 16):  # 304 papers, in three pages of rows
        paper = {**item["paper"], "id": f"2402.{n:05d}",
                 "title": f"A model {'for vision' if n % 3 == 0 else 'of text'} number {n}"}
        items.append({**item, "paper": paper})
    src = tmp_path / "many.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    monkeypatch.setenv("COLUMNS", "200")
    every = papers("search", "model -vision", "--offline", "-n", "0", "-q").stdout.split()
    assert len(every) > 150
    page = papers("search", "model -vision", "--offline", "-n", "3")
    assert page.exit_code == 0, page.stderr
    assert f"3 of {len(every)} papers · {len(every)} in the library" in page.stdout
    monkeypatch.setattr(textquery, "COUNT_CHECKED", 100)  # fewer rows than the matches
    cut = papers("search", "model -vision", "--offline", "-n", "3")
    assert "3 of at least " in cut.stdout and " in the library" in cut.stdout
    assert f"3 of {len(every)} papers" not in cut.stdout


@pytest.mark.parametrize("span, back", [
    ("7d", timedelta(days=7)), ("2w", timedelta(weeks=2)), ("3 weeks ago", timedelta(weeks=3)),
    ("1mo", TODAY - TODAY.replace(month=TODAY.month - 1)),
    ("1y", TODAY - TODAY.replace(year=TODAY.year - 1)), ("0d", timedelta(0)),
])
def test_since_takes_a_span_back_from_today(library, span: str, back: timedelta) -> None:
    """`--since 2w` is the day two weeks before today, as `git log --since` reads it; the
    same papers as that day written out, and the caption names the day."""
    day = (TODAY - back).isoformat()
    relative = library("search", "--since", span, "--offline", "--json", "-n", "0")
    assert relative.exit_code == 0, relative.stderr
    assert relative.ids == library("search", "--since", day, "--offline", "--json",
                                   "-n", "0").ids
    shown = library("search", "--since", span, "--offline")
    assert (f"since {day}" in shown.stdout if shown.stdout  # (none: the no-match line)
            else f"is dated {day} or later" in shown.stderr), shown.stderr


@pytest.mark.parametrize("bad", ["7x", "2 fortnights", "99999y", "-3d", "1.5w", "tomorrow"])
def test_a_span_that_is_not_one_is_a_usage_error(library, bad: str) -> None:
    result = library("search", "--since", bad, "--offline")
    assert result.exit_code == 2 and result.stdout == ""
    forms = "YYYY[-MM[-DD]], YYYY-Www or 7d"  # (whatever the value's length)
    assert one_line(result.stderr) == f"papers: error: --since {bad!r} — use {forms}"


def test_a_span_in_other_digits_says_to_type_0_to_9(library) -> None:
    result = library("search", "--since", "٣d", "--offline")
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == (
        "papers: error: --since '٣d' — type it with the digits 0-9")


def test_a_month_back_from_the_31st_is_the_last_day_of_the_month_before() -> None:
    from datetime import date

    from papercli.periods import ago

    assert ago(date(2026, 3, 31), 1, "mo") == date(2026, 2, 28)
    assert ago(date(2024, 3, 31), 1, "mo") == date(2024, 2, 29)
    assert ago(date(2024, 2, 29), 1, "y") == date(2023, 2, 28)
    assert ago(date(2026, 1, 15), 13, "mo") == date(2024, 12, 15)


def test_a_word_too_long_for_the_index_is_said(library) -> None:
    """The index holds no word of 40 letters or more: `llava <such a word>` found every
    LLaVA paper, as if the word were not there, and the word alone found nothing, both
    without a word why."""
    long = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    said = ("papers: warning: 'Pneumonoultramic…' is longer than any word indexed: left "
            "out")  # (in 80 columns: 154 whole)
    both = library("search", f"llava {long}", "--offline", "--json", "-n", "0")
    assert both.exit_code == 0 and one_line(both.stderr) == said
    assert both.ids == library("search", "llava", "--offline", "--json", "-n", "0").ids
    alone = library("search", long, "--offline", "--json")
    assert alone.ids == [] and alone.stderr.splitlines()[0] == said
    assert "warning" not in library("search", "x" * 39, "--offline", "--json").stderr


def import_vision_papers(papers, tmp_path) -> None:
    """A library of 76 papers titled "A vision model N": more than a search shows unasked."""
    items = []
    for n, item in enumerate(seed_items() * 4):
        paper = {**item["paper"], "id": f"2402.{n:05d}", "title": f"A vision model {n}"}
        items.append({**item, "paper": paper})
    src = tmp_path / "many.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0


def test_a_search_cut_by_its_default_limit_says_how_to_see_all(papers, tmp_path,
                                                                monkeypatch) -> None:
    """A search without -n shows its best 50: the caption said "50 of 64 papers" and
    nothing of how to see the rest (--help's -n says "0: all", no default), where orgs,
    cache info and families say "(-n 0: all)". Now it says so; a limit asked for does not."""
    import_vision_papers(papers, tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    every = papers("search", "vision", "--offline", "-n", "0", "-q").stdout.split()
    assert len(every) > 50
    cut = papers("search", "vision", "--offline")
    assert cut.exit_code == 0, cut.stderr
    assert f"50 of {len(every)} papers (-n 0: all) · " in cut.stdout, cut.stdout[-200:]
    asked = papers("search", "vision", "--offline", "-n", "3")
    assert f"3 of {len(every)} papers · " in asked.stdout and "-n 0" not in asked.stdout
    whole = papers("search", "vision", "--offline", "-n", "0")
    assert f"{len(every)} papers · " in whole.stdout and "-n 0" not in whole.stdout


def test_a_document_cut_by_the_default_limit_says_how_to_see_all(papers, tmp_path,
                                                                  monkeypatch) -> None:
    """`papers search -F GPT -o gpt.json` said "wrote 50 of 765 papers … (-n 50)", an -n
    the user never gave, and `-f json | jq length` was 50 with not a word: each now says
    the default limit cut it and how to see all (as the table's caption does); stdout is
    the document alone, and a limit asked for says only itself."""

    import_vision_papers(papers, tmp_path)
    monkeypatch.chdir(tmp_path)
    every = len(papers("search", "vision", "--offline", "-n", "0", "-q").stdout.split())
    assert every > 50
    real = "v.json"  # (as given)
    written = papers("search", "vision", "--offline", "-o", "v.json")
    assert written.exit_code == 0, written.stderr
    assert one_line(written.stderr) == (
        f"papers: wrote 50 of {every} papers to {real} (-n 0: all)")
    assert len(json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))) == 50
    said = f"papers: the default limit kept 50 of {every} papers (-n 0: all)"
    for fmt in ("json", "jsonl", "csv", "bibtex", "md", "ids"):
        out = papers("search", "vision", "--offline", "-f", fmt)
        assert out.exit_code == 0 and one_line(out.stderr) == said, (fmt, out.stderr)
        assert "-n 0" not in out.stdout and "default limit" not in out.stdout, fmt
    assert len(json.loads(papers("search", "vision", "--offline", "--json").stdout)) == 50
    assert papers("search", "vision", "--offline").stderr == ""  # (the caption says it)
    asked = papers("search", "vision", "--offline", "-n", "50", "-o", "v.json", "--force")
    assert one_line(asked.stderr) == f"papers: wrote 50 of {every} papers to {real} (-n 50)"
    for n in ("50", "0"):
        assert papers("search", "vision", "--offline", "-n", n, "--json").stderr == ""
    assert re.search(r"0: all;\s+default\s+50,", papers("search", "--help").stdout)


def test_a_language_named_with_marks_is_searched_as_that_language(papers, tmp_path) -> None:
    """`papers search 'C++'` listed every paper holding the letter C ("C-to-Rust", "Type
    C"): the index's words are letters and digits, so C++, C# and C were one word, "c".
    Each is a word of its own now, in the index and in the query, whatever its case and
    whatever follows it (C++17); the letter alone still finds C."""
    titles = {"2406.00041": "Porting C++ kernels to Rust", "2406.00042": "A C# game engine",
              "2406.00043": "Verified C compilers", "2406.00044": "Type C connectors",
              "2406.00045": "Modern c++17 templates", "2406.00046": "F# for data science",
              "2406.00047": "Notes in F major"}
    items = []
    for (pid, title), item in zip(titles.items(), seed_items(), strict=False):
        paper = {**item["paper"], "id": pid, "title": title, "summary": "An invented study."}
        items.append({**item, "paper": paper, "title": title})
    src = tmp_path / "langs.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0

    def found(*query: str) -> list[str]:
        got = papers("search", *query, "--offline", "--json", "-n", "0")
        assert got.exit_code == 0, got.stderr
        return sorted(got.ids)

    assert found("C++") == found("c++") == ["2406.00041", "2406.00045"]
    assert found("C#") == ["2406.00042"]
    assert found("F#") == ["2406.00046"]
    assert found("C") == ["2406.00043", "2406.00044"]
    assert found('"C++ kernels"') == ["2406.00041"]
    assert found("-k", "C++") == ["2406.00041", "2406.00045"]  # (C++17 too; no C paper)
    assert found("kernels", "-x", "C++") == []
    assert found("compilers", "-x", "C++") == ["2406.00043"]
    missing = papers("search", "Q#", "--offline")
    assert missing.stderr.splitlines() == ["papers: no paper in the library matches 'Q#'"]
