"""`papers watch add/list/rm`: watchlists kept as [watch.NAME] tables in config.toml."""

from __future__ import annotations

import json
import tomllib

import pytest

from conftest import Home, Papers, one_line, write_config
from hubserver import HubServer, seed_items
from papercli.terminal import cell_width


def config_data(home: Home) -> dict:
    return tomllib.loads(home.config_file.read_text(encoding="utf-8"))


def test_add_list_rm_round_trip(papers, home: Home) -> None:
    added = papers("watch", "add", "llava", "--family", "llava")  # an alias, any case
    assert added.exit_code == 0, added.stderr
    assert added.stdout == ""
    assert "watching llava" in added.stderr
    assert papers("watch", "add", "quant", "-k", "quantization", "-k", "llm*",
                  "--author", "Wei", "-x", "survey", "--min-upvotes", "5").exit_code == 0
    assert config_data(home) == {"watch": {
        "llava": {"family": ["LLaVA"]},  # stored under its canonical name
        "quant": {"keyword": ["quantization", "llm*"], "author": ["Wei"],
                  "exclude": ["survey"], "min_upvotes": 5},
    }}
    listed = json.loads(papers("watch", "list", "--json").stdout)
    assert [w["name"] for w in listed] == ["llava", "quant"]
    assert listed[1] == {"name": "quant", "keyword": ["quantization", "llm*"], "family": [],
                         "author": ["Wei"], "exclude": ["survey"], "min_upvotes": 5,
                         "org": [], "submitter": [], "source": [], "category": [],
                         "min_stars": None, "has_code": False, "papers": 0,
                         "papers_exact": True}
    table = papers("watch", "list").stdout
    assert "llava" in table and "family LLaVA" in table
    assert "keyword quantization and llm*" in table and "≥5 upvotes" in table
    removed = papers("watch", "rm", "llava")
    assert removed.exit_code == 0 and "removed watch llava" in removed.stderr
    assert list(config_data(home)["watch"]) == ["quant"]
    assert papers("watch", "rm", "quant").exit_code == 0
    assert config_data(home) == {}
    none = papers("watch", "list")  # (nothing listed: stdout empty, the why on stderr)
    assert none.stdout == "" and "no watches yet" in none.stderr
    assert json.loads(papers("watch", "list", "--json").stdout) == []


def test_list_wraps_long_criteria_on_a_terminal_and_keeps_them_whole_piped(
        papers, home: Home, monkeypatch) -> None:
    """At 80 columns a watch of many criteria was cut with …, its last criteria unread
    but in --json; they now go on under it, broken between criteria. Piped: one line."""


    args = ("-k", "quantization", "-k", "llm", "-F", "LLaMA", "-F", "Qwen", "--author",
            "Yann LeCun", "--org", "meta", "-x", "survey", "--min-upvotes", "5", "--has-code",
            "--category", "cs.LG")
    assert papers("watch", "add", "short", "-k", "agent").exit_code == 0
    assert papers("watch", "add", "long-one", *args).exit_code == 0
    whole = ("family LLaMA or Qwen · keyword quantization and llm · author Yann LeCun · "
             "≥5 upvotes · org meta · with code · category cs.LG · excluding survey")
    piped = papers("watch", "list")
    assert piped.stdout.splitlines()[2] == f"long-one       0  {whole}"
    for cols in (80, 50):
        shown = listed_on_a_terminal(papers, monkeypatch, cols)
        lines = shown.splitlines()
        assert lines[1] == "short          0  keyword agent"
        assert lines[2].startswith("long-one       0  family LLaMA or Qwen")
        assert all(len(line) <= cols for line in lines), shown
        assert "…" not in shown
        rest = lines[3:]
        assert rest and all(line.startswith(" " * 18 + "· ") for line in rest), shown
        assert " ".join(line[18:] for line in lines[2:]) == whole  # nothing lost


def listed_on_a_terminal(papers: Papers, monkeypatch: pytest.MonkeyPatch, cols: int) -> str:
    """`papers watch list` as a terminal of `cols` columns shows it, its styles taken out."""
    import re
    import sys

    from papercli import terminal

    with monkeypatch.context() as patch:
        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        patch.setenv("PAPERS_PAGER", "")
        patch.setenv("COLUMNS", str(cols))
        return re.sub(r"\x1b\[[0-9;]*m", "", papers("watch", "list").stdout)


def test_list_cuts_a_long_name_to_leave_the_criteria_room_on_a_terminal(
        papers, home: Home, monkeypatch) -> None:
    """A name of 64 characters (the longest `watch add` takes) left the criteria no room
    at 80 columns: "keywo…". On a terminal the name is cut with … and the criteria are
    read; piped, the name stays whole."""


    longest = "n" * 64
    assert papers("watch", "add", longest, "-k", "quantization", "-F", "LLaMA").exit_code == 0
    assert papers("watch", "add", "short", "-k", "agent").exit_code == 0
    criteria = "family LLaMA · keyword quantization"
    piped = papers("watch", "list").stdout.splitlines()
    assert piped[1].startswith(longest) and piped[1].endswith(criteria)
    for cols in (80, 60):
        shown = listed_on_a_terminal(papers, monkeypatch, cols)
        lines = shown.splitlines()
        assert all(cell_width(line) <= cols for line in lines), shown
        name, _, rest = lines[1].partition("…")
        assert name and longest.startswith(name) and rest, shown
        # every criterion whole, on the line or wrapped under it, none cut
        said = " ".join([rest.split(maxsplit=1)[1], *(line.strip() for line in lines[2:-1])])
        assert said == criteria, shown
        assert lines[-1].startswith("short ") and lines[-1].endswith("keyword agent"), shown


def test_list_keeps_the_widest_criterion_whole_beside_a_long_name(
        papers: Papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long name is cut only as far as leaves its widest criterion whole ("keyword
    reinforcement and learning" was cut to "keyword reinforcement…" beside a name of 59
    characters at 80 columns, while the name kept 45); a short name is never cut."""
    name = "long-watch-name-for-reinforcement-learning-agents-in-robots"
    assert papers("watch", "add", "agents", "-k", "agent").exit_code == 0
    assert papers("watch", "add", name, "-k", "reinforcement", "-k", "learning", "-F",
                  "Qwen", "-x", "survey").exit_code == 0
    for cols in (80, 70):
        lines = listed_on_a_terminal(papers, monkeypatch, cols).splitlines()
        assert all(cell_width(line) <= cols for line in lines), lines
        assert lines[1].startswith("agents ")
        said, _, rest = lines[2].partition("…")
        assert name.startswith(said) and rest.split()[1:] == ["family", "Qwen"], lines
        assert [line.strip() for line in lines[3:]] == [
            "· keyword reinforcement and learning", "· excluding survey"], lines


def test_list_counts_library_papers_each_watch_matches(papers, seeded_hub: HubServer) -> None:
    assert papers("today").exit_code == 0
    assert papers("day", "yesterday").exit_code == 0
    papers("watch", "add", "llava", "--family", "LLaVA")
    papers("watch", "add", "quant", "--keyword", "quantized")
    papers("watch", "add", "popular", "--min-upvotes", "4")
    counts = {w["name"]: w["papers"] for w in json.loads(papers("watch", "list", "--json").stdout)}

    def library(*args: str) -> int:
        return len(json.loads(papers("search", *args, "--offline", "--json", "-n", "0").stdout))

    assert counts == {
        "llava": library("--family", "LLaVA"),
        "quant": library("--keyword", "quantized"),
        "popular": library("--min-upvotes", "4"),
    }
    assert counts["llava"] == 8 and counts["quant"] == 1 and counts["popular"] == 4


def test_a_watch_says_what_it_takes_before_what_it_drops(papers, home: Home) -> None:
    """`watch add lab --author "Yann LeCun" --exclude survey` said "watching lab:
    excluding survey · author Yann LeCun", the exclusion first; `watch add` and `watch
    list` now say what a watch takes, then what it drops."""
    added = papers("watch", "add", "lab", "--author", "Yann LeCun", "--exclude", "survey")
    assert added.exit_code == 0, added.stderr
    assert added.stderr.splitlines() == [  # (in 80 columns: the criteria on a line)
        "papers: watching lab (your library is empty: run papers new)",
        "papers: its criteria: author Yann LeCun · excluding survey"]
    assert papers("watch", "list").stdout.splitlines()[1] == (
        "lab        0  author Yann LeCun · excluding survey")


def test_a_first_watch_in_an_empty_library_says_papers_new_fetches_them(
        papers, home: Home, seeded_hub: HubServer) -> None:
    """A new user's first `watch add llava --family LLaVA`, nothing fetched yet, said "0
    papers in your library match": read as a watch that finds nothing, with no word of
    what fills the library. It now says the library is empty and what to run; once the
    library holds papers, 0 is a count again."""
    added = papers("watch", "add", "llava", "--family", "LLaVA")
    assert added.exit_code == 0, added.stderr
    assert one_line(added.stderr) == (
        "papers: watching llava: family LLaVA (your library is empty: run papers new)")
    assert cell_width(one_line(added.stderr)) <= 80
    assert papers("new").exit_code == 0
    none = papers("watch", "add", "nothing", "--keyword", "xyzzyplugh")
    assert none.exit_code == 0, none.stderr
    assert one_line(none.stderr) == (
        "papers: watching nothing: keyword xyzzyplugh (0 papers in your library match)")


def test_a_watch_of_many_criteria_is_said_within_80_columns(
        papers, home: Home, seeded_hub: HubServer) -> None:
    """`watch add` said a watch's every criterion on one line (195 columns for a watch of
    eleven); one that does not fit is said by its name and count, its criteria left to
    `watch show`. The help's summary read "Add a watch: papers `papers new` should show
    you"."""
    assert papers("new", "--all").exit_code == 0
    added = papers("watch", "add", "vision language", "-k", "VLM", "-k", "vision language",
                   "-x", "survey", "-x", "benchmark", "--org", "google", "--submitter",
                   "akhaliq", "--min-upvotes", "3", "--has-code", "-F", "LLaVA", "-F", "Qwen")
    assert added.exit_code == 0, added.stderr
    said, criteria = added.stderr.splitlines()
    assert said == "papers: watching vision language (0 papers in your library match)"
    # (the criteria on a line of their own, cut, with where to read them all)
    assert criteria.startswith("papers: its criteria: "), criteria
    assert criteria.endswith("… (all: papers watch list 'vision language')"), criteria
    assert cell_width(said) <= 80 and cell_width(criteria) <= 80
    assert "keyword VLM" in papers("watch", "list", "vision language").stdout
    short = papers("watch", "add", "vl", "-k", "VLM")  # what fits is said in full
    assert one_line(short.stderr).startswith("papers: watching vl: keyword VLM (")
    helped = papers("watch", "--help").stdout
    assert "what `papers new` should show you" in helped and "papers `papers" not in helped


def test_a_long_watch_name_leaves_its_criteria_room_on_the_second_line(
        papers, home: Home) -> None:
    """A long name made "(all: papers watch list 'multimodal reasoning agents')" take the
    line: "its criteria: au…" said nothing of how the authors were read. Where to read
    them all is then said without the name, or not at all."""
    added = papers("watch", "add", "multimodal reasoning agents", "--author",
                   "Maximilian Alexander Schmidt-Longname", "--author", "Jiaming Lou",
                   "--org", "nvidia")
    assert added.exit_code == 0, added.stderr
    criteria = added.stderr.splitlines()[-1]
    assert criteria == ("papers: its criteria: author Maximilian Alexander"
                        "… (all: papers watch list)"), criteria
    assert cell_width(criteria) <= 80


def test_criteria_too_long_for_the_first_line_are_said_on_the_second(
        papers, home: Home, seeded_hub: HubServer) -> None:
    """`watch add lab --author "Yann LeCun" --exclude survey` said "watching lab (0
    papers in your library match)": the whole line was 89 columns, so the criteria were
    dropped, and with nothing matched the user could not check the author was read
    right. They are said on a line of their own, as --replace says what a watch was."""
    assert papers("new", "--all").exit_code == 0
    added = papers("watch", "add", "lab", "--author", "Yann LeCun", "--exclude", "survey")
    assert added.exit_code == 0, added.stderr
    assert added.stderr.splitlines() == [
        "papers: watching lab (0 papers in your library match)",
        "papers: its criteria: author Yann LeCun · excluding survey"]
    again = papers("watch", "add", "lab", "--author", "Yann LeCun", "--replace")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines() == [  # (what fits is said on one line, as before)
        "papers: watching lab: author Yann LeCun (0 papers in your library match)",
        "papers: it was author Yann LeCun · excluding survey"]


def test_show_and_edit_as_a_new_user_types_them(papers, home: Home) -> None:
    """`papers watch show llava` and `papers watch edit llava` were "unknown command":
    `show` (and `list NAME...`) now lists the watches named, checked as `rm` checks them;
    `edit` says how a watch is changed, and changes nothing."""
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "add", "quant", "--keyword", "quantization").exit_code == 0
    shown = papers("watch", "show", "llava")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines() == ["Name   Papers  Criteria", "llava       0  family LLaVA"]
    listed = papers("watch", "list", "QUANT", "--json")
    assert [w["name"] for w in listed.json] == ["quant"]
    assert len(papers("watch", "list").stdout.splitlines()) == 3  # (no name: every watch)
    wrong = papers("watch", "show", "llava", "nope")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert one_line(wrong.stderr).startswith("papers: error: no watch named 'nope'")
    before = home.config_file.read_text(encoding="utf-8")
    edit = papers("watch", "edit", "llava", "--family", "Qwen")
    assert edit.exit_code == 2 and edit.stdout == ""
    assert one_line(edit.stderr) == (
        "papers: error: to change a watch: papers watch add llava … --replace")
    assert home.config_file.read_text(encoding="utf-8") == before


def test_add_reports_matches_and_refuses_a_duplicate(papers, home: Home) -> None:
    assert papers("watch", "add", "w", "--keyword", "llava").exit_code == 0
    again = papers("watch", "add", "w", "--keyword", "mamba")
    assert again.exit_code == 2
    assert "exists" in one_line(again.stderr) and "--replace" in again.stderr
    assert config_data(home)["watch"]["w"] == {"keyword": ["llava"]}
    replaced = papers("watch", "add", "w", "--keyword", "mamba", "--replace")
    assert replaced.exit_code == 0
    assert config_data(home)["watch"]["w"] == {"keyword": ["mamba"]}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("watch", "add", "empty"), "a watch needs a filter"),
        (("watch", "add", "x", "--exclude", "survey"), "a watch needs a filter"),
        (("watch", "add", "x", "--family", "Nope"), "unknown family 'Nope'"),
        (("watch", "add", "tab\tbetween", "-k", "a"), "bad watch name"),
        (("watch", "add", "a.b", "-k", "a"), "bad watch name"),
        (("watch", "rm", "ghost"), "no watch named 'ghost'"),
    ],
)
def test_bad_watch_commands_are_usage_errors(papers, home: Home, args: tuple[str, ...],
                                             words: str) -> None:
    result = papers(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert words in one_line(result.stderr)
    assert not home.config_file.exists()


@pytest.mark.parametrize(("name", "hint"), [
    ("llava", "add -F LLaVA, or see --help"),  # a family's name: the family
    ("diffusion", "add -k diffusion, or see --help"),  # else the name's words
    ("video generation", "add -k 'video generation', or see --help"),
    ("the papers my group reads every week", "add --keyword, --family, … (see --help)"),
])
def test_a_watch_without_filters_says_which_to_add_in_80_columns(
        papers, home: Home, name: str, hint: str) -> None:
    """`papers watch add llava` listed all ten filter options in a 180-column line; then
    two of them, and where the rest are, which left a new user to work out that the
    name is not what is watched: the filter the name most likely meant, where it fits."""
    result = papers("watch", "add", name)
    assert (result.exit_code, result.stdout) == (2, "")
    line = one_line(result.stderr)
    assert line == f"papers: error: a watch needs a filter — {hint}" and len(line) <= 80, line
    assert not home.config_file.exists()


def test_watch_add_help_points_to_the_help(papers, home: Home) -> None:
    """`papers watch add help` said "a watch needs a filter", taking help for the new
    watch's name, where `papers today help` points to `papers help today`; `watch rm
    help` said there was no watch named help. A watch named help is still a watch."""
    for args, meant in ((("watch", "add", "help"), "watch add"),
                        (("watch", "add", "Help", "-x", "survey"), "watch add"),
                        (("watch", "rm", "help"), "watch rm")):
        result = papers(*args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert one_line(result.stderr) == (
            f"papers: error: help goes first — did you mean papers help {meant}?"), args
    assert not home.config_file.exists()
    assert papers("watch", "add", "help", "-k", "manual").exit_code == 0
    assert papers("watch", "rm", "help").exit_code == 0
    assert "watch" not in config_data(home)


def test_a_watch_with_another_s_criteria_is_added_with_a_warning(papers, home: Home) -> None:
    """A second watch of the same criteria (the words in another order or case, a family
    by its alias) never showed a paper in `papers new`, which shows each under the first
    watch matching it; it is added, with a warning saying so."""
    assert papers("watch", "add", "quant", "-k", "quantization", "-k", "llm",
                  "-F", "LLaVA").stderr.splitlines() == [
        "papers: watching quant (your library is empty: run papers new)",
        "papers: its criteria: family LLaVA · keyword quantization and llm"]
    for args, was in ((("-k", "LLM", "-k", "Quantization", "-F", "llava"), []),
                      (("-F", "LLaVA", "-k", "quantization", "-k", "llm"),
                       ["papers: it was family LLaVA · keyword LLM and Quantization"])):
        twin = papers("watch", "add", "quant2", *args, "--replace")
        assert twin.exit_code == 0, twin.stderr
        # (what was done, what it replaced, then the warning)
        said, criteria, *replaced, warning = twin.stderr.splitlines()
        assert replaced == was
        assert criteria.startswith("papers: its criteria: family LLaVA · keyword ")
        assert warning == ("papers: warning: quant has the same criteria: papers new shows "
                           "none under quant2")
        assert cell_width(warning) <= 80
        assert said == "papers: watching quant2 (your library is empty: run papers new)"
    other = papers("watch", "add", "quant3", "-k", "quantization", "-F", "LLaVA")
    assert other.exit_code == 0 and "warning" not in other.stderr
    # Redefined, a watch stays in its place, before its twin: the twin shows none.
    again = papers("watch", "add", "quant", "-k", "quantization", "-k", "llm", "-F", "LLaVA",
                   "--replace")
    assert again.exit_code == 0
    assert again.stderr.splitlines()[-1] == (
        "papers: warning: quant2 has the same criteria: papers new shows none under it")
    assert list(config_data(home)["watch"]) == ["quant", "quant2", "quant3"]


def test_a_name_too_long_says_so(papers, home: Home) -> None:
    """A name of 65 letters was "invalid … — use letters, digits, '_', '-' or '+'", which
    it did; and the whole name was echoed however long."""
    longest = "w" * 64
    assert papers("watch", "add", longest, "-k", "a").exit_code == 0
    refused = papers("watch", "add", "v" * 300, "-k", "a")
    assert refused.exit_code == 2
    line = one_line(refused.stderr)  # (its ends and "characters" twice made 109 columns)
    assert line == ("papers: error: watch name '" + "v" * 8 + "…' too long: 300 characters "
                    "— use at most 64")
    assert cell_width(line) <= 80
    assert list(config_data(home)["watch"]) == [longest]


def test_a_name_one_case_apart_from_a_watch_is_refused(papers, home: Home) -> None:
    """`--watch agents` finds "Agents" too, so "agents" beside "Agents" would leave one
    unreachable that way: refused, naming the one there is, and saying --replace (it was
    cut to "use another name"); --replace, in that case or another, redefines it."""
    assert papers("watch", "add", "Agents", "-k", "agent").exit_code == 0
    twin = papers("watch", "add", "agents", "-k", "tool")
    assert twin.exit_code == 2
    assert one_line(twin.stderr) == (  # (it was 132 columns)
        "papers: error: a watch 'Agents' exists — pick another name, or use --replace")
    assert papers("watch", "add", "Ab", "-k", "x").exit_code == 0
    short = papers("watch", "add", "ab", "-k", "tool")  # ("or Ab --replace" lacked a word)
    assert one_line(short.stderr) == (
        "papers: error: a watch 'Ab' exists — use another name, or Ab with --replace")
    assert list(config_data(home)["watch"]) == ["Agents", "Ab"]
    assert papers("watch", "add", "Agents", "-k", "tool", "--replace").exit_code == 0
    assert config_data(home)["watch"]["Agents"]["keyword"] == ["tool"]


def test_replace_in_another_case_redefines_the_watch_under_its_name(papers, home: Home
                                                                    ) -> None:
    """`watch add LLAVA --replace` beside llava was refused "a watch 'llava' exists —
    use another name", as without --replace, whose hint had said to redefine it with
    --replace: the watch `watch rm LLAVA` and `--watch LLAVA` name is redefined, its name
    kept as stored (`watch rename` changes the case), what it was said."""
    assert papers("watch", "add", "llava", "-F", "LLaVA").exit_code == 0
    assert papers("watch", "add", "quant", "-k", "quantization").exit_code == 0
    replaced = papers("watch", "add", "LLAVA", "-F", "LLaVA", "-k", "vision", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    lines = replaced.stderr.splitlines()
    assert lines[0].startswith("papers: watching llava"), lines
    assert lines[-1] == "papers: it was family LLaVA", lines
    watches = config_data(home)["watch"]
    assert sorted(watches) == ["llava", "quant"]
    assert watches["llava"] == {"keyword": ["vision"], "family": ["LLaVA"]}
    listed = json.loads(papers("watch", "list", "--json").stdout)
    assert sorted(w["name"] for w in listed) == ["llava", "quant"]


def test_rm_takes_a_watch_in_any_case_as_for_you_does(papers, home: Home) -> None:
    """`for-you --watch agents` finds "Agents", but `watch rm agents` said "no watch named
    'agents'"; a name given twice in two cases is removed once, named as stored."""
    assert papers("watch", "add", "Agents", "-k", "agent").exit_code == 0
    assert papers("watch", "add", "robots", "-k", "robot").exit_code == 0
    removed = papers("watch", "rm", "agents", "AGENTS")
    assert removed.exit_code == 0, removed.stderr
    assert one_line(removed.stderr) == "papers: removed watch Agents"
    assert list(config_data(home)["watch"]) == ["robots"]
    write_config(home, '[watch.Robots]\nkeyword = ["x"]\n[watch.robots]\nkeyword = ["y"]\n')
    assert papers("watch", "rm", "robots").exit_code == 0  # as written first: no guess
    assert list(config_data(home)["watch"]) == ["Robots"]


COMPOSED = "caf\u00e9"  # é as one character (NFC), as most keyboards type it
DECOMPOSED = "cafe\u0301"  # e then a combining accent (NFD), as macOS file names have it


def test_a_name_in_either_unicode_form_is_the_same_watch(papers, home: Home) -> None:
    """`watch add` refused a decomposed `café` and `watch rm`/`for-you --watch` of it did
    not find the composed `café`: two spellings of one name, which look the same. Names
    are now taken composed wherever they are typed, and match hand-written ones in
    either form."""
    added = papers("watch", "add", DECOMPOSED, "-k", "coffee")
    assert added.exit_code == 0, added.stderr
    assert list(config_data(home)["watch"]) == [COMPOSED]
    again = papers("watch", "add", COMPOSED, "-k", "tea")
    assert again.exit_code == 2
    assert one_line(again.stderr).startswith(f"papers: error: a watch named '{COMPOSED}' exists")
    ranked = papers("for-you", "--watch", DECOMPOSED)
    assert ranked.exit_code == 0, ranked.stderr
    removed = papers("watch", "rm", DECOMPOSED)
    assert removed.exit_code == 0, removed.stderr
    assert one_line(removed.stderr) == f"papers: removed watch {COMPOSED}"
    assert "watch" not in config_data(home)

    # a hand-written decomposed name: found by the composed one, replaced by it once
    write_config(home, f'[watch."{DECOMPOSED}"]\nkeyword = ["coffee"]\n')
    assert papers("for-you", "--watch", COMPOSED).exit_code == 0
    replaced = papers("watch", "add", COMPOSED, "-k", "tea", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert config_data(home)["watch"] == {COMPOSED: {"keyword": ["tea"]}}
    write_config(home, f'[watch."{DECOMPOSED}"]\nkeyword = ["coffee"]\n')
    assert papers("watch", "rm", COMPOSED.upper()).exit_code == 0
    assert "watch" not in config_data(home)


def test_a_name_with_spaces_around_it_is_the_watch_add_made(papers, home: Home) -> None:
    """`watch add " d "` stores the watch `d`, but `watch rm " d "` and `for-you --watch
    " d "` (a name pasted with a space) said there was no such watch."""
    assert papers("watch", "add", " d ", "-k", "x").exit_code == 0
    assert list(config_data(home)["watch"]) == ["d"]
    assert papers("for-you", "--watch", "d ").exit_code == 0
    removed = papers("watch", "rm", " d ")
    assert removed.exit_code == 0, removed.stderr
    assert one_line(removed.stderr) == "papers: removed watch d"


def test_a_name_of_words_is_a_watch_as_a_hand_written_one_is(papers, home: Home) -> None:
    """`watch add 'my llava'` said "invalid watch name" while a hand-written
    `[watch."vision language"]` worked: a name may now be words one space apart, written
    quoted in the file, and every command taking a watch's name takes it."""
    added = papers("watch", "add", "my llava", "-F", "LLaVA")
    assert added.exit_code == 0, added.stderr
    assert one_line(added.stderr).startswith("papers: watching my llava: family LLaVA")
    assert '[watch."my llava"]' in home.config_file.read_text(encoding="utf-8")
    assert list(config_data(home)["watch"]) == ["my llava"]
    twin = papers("watch", "add", "my twin", "-F", "llava")
    assert twin.exit_code == 0, twin.stderr
    assert twin.stderr.splitlines()[1] == (
        "papers: warning: watch my llava has the same criteria")
    listed = papers("watch", "list")
    assert "my llava" in listed.stdout
    assert [w["name"] for w in json.loads(papers("watch", "list", "--json").stdout)] == [
        "my llava", "my twin"]
    assert papers("for-you", "--watch", "My Llava").exit_code == 0
    removed = papers("watch", "rm", "my  llava", "my twin")  # a space typed twice
    assert removed.exit_code == 0, removed.stderr
    assert one_line(removed.stderr) == "papers: removed watches my llava, my twin"
    assert "watch" not in config_data(home)


def test_an_unknown_watch_lists_a_few_or_says_how_to_add_one(papers, home: Home) -> None:
    """`watch rm` named every watch in its error line (forty watches: a wall of names) and
    with none said "watches: none defined"; it now says what `for-you --watch` says."""
    none = papers("watch", "rm", "x")
    assert one_line(none.stderr) == (
        "papers: error: no watch named 'x' — add one with papers watch add NAME")
    write_config(home, "".join(f'[watch.w{n:02}]\nkeyword = ["k{n}"]\n' for n in range(40)))
    for args in (("watch", "rm", "x"), ("for-you", "--watch", "x")):
        many = papers(*args)
        assert many.exit_code == 2
        assert one_line(many.stderr) == (
            "papers: error: no watch named 'x' — watches: w00, w01, w02, w03, w04 and 35 more")


WATCHES = ('[watch.agents]\nkeyword = ["agent"]\n[watch."vision language"]\nkeyword = ["VLM"]\n'
           '[watch.qwen]\nfamily = ["Qwen"]\n[watch.llava]\nfamily = ["LLaVA"]\n')


@pytest.mark.parametrize("args", [
    ("watch", "rm", "lava"), ("watch", "show", "lava"), ("watch", "rename", "lava", "x"),
    ("new", "--watch", "lava", "--offline"), ("for-you", "--watch", "lava"),
], ids=" ".join)
def test_a_watch_name_mistyped_is_offered_the_close_one(papers, home: Home,
                                                        args: tuple[str, ...]) -> None:
    """`--watch lava` (llava meant) was answered "watches: agents, … (4 in all)": the
    close name, as `--family lama` is answered LLaMA, wherever a watch is named."""
    write_config(home, WATCHES)
    result = papers(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == "papers: error: no watch named 'lava' — did you mean llava?"
    assert "llava" in config_data(home)["watch"]  # (nothing removed or renamed)
    spaced = papers("watch", "rm", "vision-language")
    assert one_line(spaced.stderr).endswith(" — did you mean 'vision language'?")


def test_an_unknown_watch_lists_every_name_the_line_has_room_for(papers, home: Home) -> None:
    """The watches an unknown name is answered with stopped at the first too long for the
    room left ("agents, … (4 in all)", with room for qwen and llava): a long one is passed
    over, and the rest are counted."""
    write_config(home, WATCHES)
    result = papers("watch", "rm", "zzz")
    line = one_line(result.stderr)
    assert line == "papers: error: no watch named 'zzz' — watches: agents, qwen, llava and 1 more"
    assert cell_width(line) <= 80


def test_rm_several_checks_every_name_first(papers, home: Home) -> None:
    papers("watch", "add", "a", "-k", "a")
    papers("watch", "add", "b", "-k", "b")
    papers("watch", "add", "c", "-k", "c")
    bad = papers("watch", "rm", "a", "zzz")
    assert bad.exit_code == 2 and "watches: a, b, c" in bad.stderr
    # Every unknown name in the one line, not one per run.
    several = papers("watch", "rm", "zzz", "a", "yyy", "zzz")
    assert several.exit_code == 2
    assert one_line(several.stderr) == (
        "papers: error: no watches named 'zzz', 'yyy' — watches: a, b, c")
    assert list(config_data(home)["watch"]) == ["a", "b", "c"]
    assert papers("watch", "rm", "a", "c").exit_code == 0
    assert list(config_data(home)["watch"]) == ["b"]


def test_watch_errors_fit_80_columns(papers, home: Home) -> None:
    """Hand-written `watch` errors ran past an 80-column terminal: an existing name
    (102 columns), a bad name (84), several unknown names with no watch at all (82), and
    the watches an unknown name was answered with, ten of them whatever their length
    (132 for five names of 27 letters)."""
    long = [f"vision-language-models-{n:04}" for n in range(5)]
    for name in ("llava", *long):
        assert papers("watch", "add", name, "-k", name).exit_code == 0
    said = {
        ("watch", "add", "llava", "-k", "x"):
            "a watch named 'llava' exists — use --replace to redefine it",
        ("watch", "add", "bad/name", "-k", "x"):
            "bad watch name 'bad/name' — use letters, digits, spaces, _ - +",
        ("watch", "rm", "nosuch"):
            "no watch named 'nosuch' — watches: llava and 5 more",
        ("watch", "rm", "nosuch", "other"):
            "no watches named 'nosuch', 'other' — watches: llava and 5 more",
    }
    for args, line in said.items():
        result = papers(*args)
        assert (result.exit_code, one_line(result.stderr)) == (2, f"papers: error: {line}")
        assert cell_width(one_line(result.stderr)) <= 80, args
    write_config(home, "")
    none = papers("watch", "rm", "a", "b", "c")
    assert (none.exit_code, one_line(none.stderr)) == (
        2, "papers: error: there are no watches — add one with papers watch add NAME")


def test_a_hand_written_watch_is_shown_in_canonical_spelling(papers, home: Home) -> None:
    """A watch written by hand with `source = ["HF"]`, `category = ["cs.cl"]` or a family
    alias filters as its canonical spelling does, but `watch list` showed "from HF" and
    "cs.cl": it shows what `watch add` would have stored, as JSON and `config show` do."""
    write_config(home, '[watch.mixed]\nsource = ["HF"]\ncategory = ["cs.cl", "HEP-TH"]\n'
                       'family = ["llava"]\n')
    table = papers("watch", "list", "--no-pager")
    assert table.exit_code == 0, table.stderr
    assert "family LLaVA" in table.stdout and "listed on Daily Papers" in table.stdout
    assert "cs.CL or hep-th" in table.stdout
    [listed] = json.loads(papers("watch", "list", "--json").stdout)
    assert (listed["source"], listed["category"], listed["family"]) == (
        ["hf"], ["cs.CL", "hep-th"], ["LLaVA"])
    shown = json.loads(papers("config", "show", "--json").stdout)["watch"]["mixed"]
    assert shown == {"family": ["LLaVA"], "source": ["hf"], "category": ["cs.CL", "hep-th"]}


def test_other_settings_survive_watch_edits(papers, home: Home) -> None:
    write_config(home, '[network]\nretries = 1\n\n[families.Orca]\nwords = ["Orca"]\n')
    assert papers("watch", "add", "orca", "--family", "orca").exit_code == 0
    assert config_data(home) == {
        "network": {"retries": 1},
        "families": {"Orca": {"words": ["Orca"]}},
        "watch": {"orca": {"family": ["Orca"]}},  # a user-defined family works too
    }


def test_hand_written_watches_work_and_are_not_unknown_keys(papers, home: Home) -> None:
    write_config(home, '[watch."vision language"]\nkeyword = ["vision language"]\n')
    result = papers("watch", "list", "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout)[0]["name"] == "vision language"
    assert papers("watch", "rm", "vision language").exit_code == 0


@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        # (a wrong value as the file has it, and what to write there)
        ('[watch.x]\nkeyword = "llava"\n', "line 2",
         "keyword = 'llava' — use a list: [\"llava\"]"),
        ('[watch.x]\nfamily = ["LLaVA"]\nkeywords = ["a"]\n', "line 3",
         "watch.x.keywords: did you mean keyword?"),
        # (a key the line names, said alone where its whole path does not fit 80 columns)
        ('[watch.x]\nkeyword = ["a"]\nmin_upvotes = -1\n', "line 3",
         "min_upvotes = -1 — use 0 or more"),
        ('[watch.x]\nkeyword = ["a"]\nmin_upvotes = "5"\n', "line 3",
         "min_upvotes = '5' — use a whole number"),
        ('[watch.x]\nkeyword = ["a"]\nhas_code = "yes"\n', "line 3",
         "has_code = 'yes' — use true or false"),
        ('[watch.x]\nkeyword = ["a"]\nmin_stars = true\n', "line 3",
         "min_stars = true — use a whole number"),
        ("[watch.x]\nexclude = [\"survey\"]\n", "line 1",
         "watch needs a filter — add one, e.g. keyword"),
        ('\n[watch.x]\nfamily = ["Nope"]\n', "line 3", "unknown family 'Nope'"),
        ('[watch]\nx = 3\n', "line 2", "watch.x must be a table, got 3"),  # ("got int")
        # (as `-k '*'` is refused: it matched every paper, written by hand)
        ('[watch.x]\nkeyword = ["*"]\n', "line 2", "keyword '*' holds no word — remove it"),
        ('[watch.x]\nfamily = ["LLaVA"]\nexclude = [" ** "]\n', "line 3",
         "exclude '**' holds no word"),  # (stripped, as every word is)
        ('\n# mine\nwatch = ["llava"]\n', "line 3",
         "watch must be a table like [watch.NAME]"),
    ],
)
def test_invalid_watch_tables_name_file_line_and_key(papers, home: Home, text: str,
                                                     where: str, key: str) -> None:
    write_config(home, text)
    result = papers("watch", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert f"config.toml, {where}: " in line and key in line
    assert cell_width(line) <= 80, line  # (the whole path and hint: 190)
    # `papers config show` checks watches too.
    assert papers("config", "show").exit_code == 1


@pytest.mark.parametrize(("name", "typed", "said"), [
    ('"[bold]x"', "[bold]x", "bad watch name '[bold]x'"),
    ('"not / one"', "not / one", "bad watch name 'not / one'"),
    pytest.param(r'"x\u001b]52;c;aGk=\u0007"', "x\x1b]52;c;aGk=\x07",
                 r"bad name 'x\x1b]52;c;aGk=\x07'", id="osc52"),
    pytest.param("a" * 300, "a" * 300, "watch name 'aaaaaaaa…' too long", id="300"),
])
def test_a_hand_written_watch_name_is_checked_as_watch_add_checks_it(
        papers, home: Home, name: str, typed: str, said: str) -> None:
    """`[watch."[bold]x"]`, a name with an escape or of 300 characters was listed and used
    as it was, where `watch add` refuses each: now it is refused as a bad watch value is,
    naming file and line, and the same way out serves (`watch rm` reads no watch)."""
    write_config(home, f'[watch.llava]\nfamily = ["LLaVA"]\n\n[watch.{name}]\n'
                       'keyword = ["x"]\n')
    for args in (("watch", "list"), ("new", "--peek", "--offline"), ("config", "show")):
        result = papers(*args)
        assert result.exit_code == 1 and result.stdout == "", args
        line = one_line(result.stderr)
        # (what to do kept in 80 columns: it was dropped, the line saying none)
        assert line == f"papers: error: config.toml, line 4: {said} — rename it", line
        assert cell_width(line) <= 80 and "\x1b" not in line and "\x07" not in line
    added = papers("watch", "add", typed, "-k", "x")  # the rule and words watch add has
    assert added.exit_code == 2 and said.removesuffix(" long").replace(
        "bad name", "bad watch name") in one_line(added.stderr)
    debug = papers("watch", "list", env={"PAPERS_DEBUG": "1"})
    assert "papers watch rename OLD NEW, or papers watch rm it" in one_line(debug.stderr)
    removed = papers("watch", "rm", typed)
    assert removed.exit_code == 0, removed.stderr
    assert list(config_data(home)["watch"]) == ["llava"]
    assert papers("watch", "list").exit_code == 0


@pytest.mark.parametrize(("written", "stored", "said"), [
    (r'"bad\u001b[31mred"', "bad\x1b[31mred", r"'bad\x1b[31mred'"),
    (r'"tab\there"', "tab\there", r"'tab\there'"),
])
def test_a_hand_written_name_with_a_control_character_is_said_as_written(
        papers, home: Home, written: str, stored: str, said: str) -> None:
    """`watch rm` of a hand-written `[watch."bad\u001b[31mred"]` said "removed watch
    badred", the escape taken out: which watch went could not be told, nor the name typed
    back. It is said with the escape written out, as the error lines quote it, and that
    form (what a user copies from the line) names the watch too."""
    config = (f'[watch.llava]\nfamily = ["LLaVA"]\n\n[watch.{written}]\nkeyword = ["x"]\n')
    write_config(home, config)
    removed = papers("watch", "rm", stored)
    assert removed.exit_code == 0, removed.stderr
    assert one_line(removed.stderr) == f"papers: removed watch {said}"
    assert list(config_data(home)["watch"]) == ["llava"]
    for typed in (said, said[1:-1]):  # as the line says it, with or without its quotes
        write_config(home, config)
        again = papers("watch", "rm", typed)
        assert again.exit_code == 0, again.stderr
        assert one_line(again.stderr) == f"papers: removed watch {said}"
        assert list(config_data(home)["watch"]) == ["llava"]
    write_config(home, config)
    renamed = papers("watch", "rename", said[1:-1], "fixed")
    assert renamed.exit_code == 0, renamed.stderr
    assert one_line(renamed.stderr) == f"papers: renamed watch {said} to fixed"
    # the name as an older line said it, the escape taken out: the watch offered as it is
    write_config(home, config)
    missed = papers("watch", "rm", stored.replace("\x1b[31m", "").replace("\t", " "))
    assert missed.exit_code == 2
    assert one_line(missed.stderr).endswith(f" — did you mean {said}?"), missed.stderr


def test_a_hand_written_watch_name_is_fixed_by_renaming_it(papers, home: Home) -> None:
    """`watch rename` takes the bad name as it is written, and the watch works again."""
    write_config(home, '[watch."my [llava]"]\nfamily = ["LLaVA"]\n')
    assert papers("watch", "list").exit_code == 1
    renamed = papers("watch", "rename", "my [llava]", "my llava")
    assert renamed.exit_code == 0, renamed.stderr
    assert config_data(home) == {"watch": {"my llava": {"family": ["LLaVA"]}}}
    listed = papers("watch", "list", "--json")
    assert listed.exit_code == 0 and json.loads(listed.stdout)[0]["name"] == "my llava"


def test_a_misspelt_watch_key_is_said_in_80_columns(papers, home: Home) -> None:
    """The whole path and every key a watch takes made 297 columns; the file is named as
    for a bad setting, the key meant is offered (it said only "is not a watch key"), and
    the keys are for PAPERS_DEBUG (and --help)."""
    write_config(home, '[watch.llava]\nfamily = ["LLaVA"]\nkeywords = ["a"]\n')
    result = papers("watch", "list")
    assert result.exit_code == 1 and result.stdout == ""
    assert one_line(result.stderr) == (
        "papers: error: config.toml, line 3: watch.llava.keywords: did you mean keyword?")
    debug = papers("watch", "list", env={"PAPERS_DEBUG": "1"})
    assert str(home.config_file) in debug.stderr and "expected keyword, family" in debug.stderr
    assert "did you mean keyword?" in debug.stderr


@pytest.mark.parametrize(("key", "said"), [
    ("Family", "watch.x.Family: did you mean family?"),
    ("authors", "watch.x.authors: did you mean author?"),
    ("hascode", "watch.x.hascode: did you mean has_code?"),
    # (the path made it 81 columns: the key alone, the line saying where it is)
    ("min_upvote", "'min_upvote': did you mean min_upvotes?"),
    ("tags", "watch.x.tags is not a watch key — remove it")])
def test_a_misspelt_watch_key_names_the_one_meant(papers, home: Home, key: str,
                                                  said: str) -> None:
    write_config(home, f'[watch.x]\nkeyword = ["a"]\n{key} = ["b"]\n')
    result = papers("new", "--peek", "--offline")
    assert result.exit_code == 1
    assert one_line(result.stderr) == f"papers: error: config.toml, line 3: {said}"


@pytest.mark.parametrize(("text", "where", "said"), [
    ('[watch]\nllava = {family = ["LLaVA"], min_upvotes = -1}\n', "line 2",
     "min_upvotes = -1 — use 0 or more"),
    ('# mine\n\nwatch.llava = {keyword = "llava"}\n', "line 3",
     "keyword = 'llava' — use a list: [\"llava\"]"),
    ('network = {timeout = true}\n', "line 1", "network.timeout must be a number"),
])
def test_a_mistake_inside_an_inline_table_names_the_table_s_line(
        papers, home: Home, text: str, where: str, said: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad value in an inline table (`llava = {min_upvotes = -1}`) named the file but
    no line, since the key has none of its own; now the line of the table holding it.
    (In 80 columns a setting's line gives way to its fix: PAPERS_DEBUG says it whole.)"""
    write_config(home, text)
    if said.startswith("network."):
        monkeypatch.setenv("PAPERS_DEBUG", "1")
    result = papers("watch", "list")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"config.toml, {where}: {said}" in one_line(result.stderr)


def test_a_name_starting_hf_is_shown_and_a_token_is_not(papers, home: Home,
                                                        monkeypatch) -> None:
    """Anything starting `hf_` and 8 letters was masked as a token, so a watch named
    hf_datasets was "watching hf_***" and "removed watch hf_***"; a Hub token (hf_ and 34
    letters) is still hidden, remembered or not."""
    monkeypatch.delenv("HF_TOKEN", raising=False)
    added = papers("watch", "add", "hf_datasets", "--keyword", "dataset")
    assert added.exit_code == 0
    assert one_line(added.stderr).startswith("papers: watching hf_datasets: keyword dataset")
    missing = papers("watch", "rm", "hf_datasetz")
    assert missing.exit_code == 2 and one_line(missing.stderr) == (
        "papers: error: no watch named 'hf_datasetz' — did you mean hf_datasets?")
    token = "hf_" + "aB3" * 11 + "c"
    shaped = papers("watch", "rm", token)
    assert shaped.exit_code == 2 and token not in shaped.stderr
    assert "no watch named 'hf_***'" in one_line(shaped.stderr)
    assert one_line(papers("watch", "rm", "hf_datasets").stderr) == (
        "papers: removed watch hf_datasets")


def test_a_watch_count_is_written_with_thousands_separated(papers, tmp_path) -> None:
    """`watch add` and `watch list` write a count as every other message does ("1,001
    papers"), not "1001"."""
    base = seed_items()[0]
    items = []
    for n in range(1_001):
        item = json.loads(json.dumps(base))
        item["paper"]["id"] = f"2401.{n:05d}"
        items.append(item)
    src = tmp_path / "many.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src), "--offline").exit_code == 0
    added = papers("watch", "add", "all", "--family", base["paper"]["title"].split()[0])
    assert "(1,001 papers in your library match)" in one_line(added.stderr)
    assert " 1,001 " in papers("watch", "list").stdout


def test_list_counts_again_only_once_the_library_changed(
        papers, home: Home, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`watch list` keeps its counts until the library is written to: listed again over
    the same library it reads no paper (counting grew with the library), and a paper
    added, one rewritten, a new watch or a cleared library are counted as they are."""
    from papercli.db.search import LibraryReads

    counted: list[object] = []
    count_within = LibraryReads.count_within

    def spied(self, flt, most=None, **shared):  # type: ignore[no-untyped-def]
        counted.append(flt)
        return count_within(self, flt, most, **shared)

    monkeypatch.setattr(LibraryReads, "count_within", spied)
    items = seed_items()
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(items[:10]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "add", "quant", "-k", "quantized").exit_code == 0

    def listed() -> dict[str, int]:
        result = papers("watch", "list", "--json")
        assert result.exit_code == 0, result.stderr
        return {w["name"]: w["papers"] for w in json.loads(result.stdout)}

    def search(*args: str) -> int:
        return len(json.loads(papers("search", *args, "--offline", "--json", "-n", "0").stdout))

    first = listed()
    assert first == {"llava": search("--family", "LLaVA"), "quant": search("-k", "quantized")}
    counted.clear()
    assert listed() == first and not counted  # the same library: nothing read again
    # More papers: counted again, and right.
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    more = listed()
    assert more == {"llava": search("--family", "LLaVA"), "quant": search("-k", "quantized")}
    assert more != first and len(counted) == 2
    # A paper rewritten so that it no longer matches (its title and abstract replaced).
    quantized = next(i for i in items if "quantized" in json.dumps(i).lower())
    changed = json.loads(json.dumps(quantized).replace("quantized", "rounded")
                         .replace("Quantized", "Rounded"))
    src.write_text(json.dumps([changed]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    assert listed()["quant"] == search("-k", "quantized") == more["quant"] - 1
    # A new watch alone is counted; the others are kept.
    counted.clear()
    assert papers("watch", "add", "popular", "--min-upvotes", "4").exit_code == 0
    counted.clear()
    assert listed()["popular"] == search("--min-upvotes", "4") and len(counted) == 1
    # A cleared library counts nothing.
    assert papers("cache", "clear", "--yes").exit_code == 0
    assert listed() == {"llava": 0, "quant": 0, "popular": 0}


def test_a_watch_count_leaves_out_the_papers_you_hid(papers, home: Home, tmp_path) -> None:
    """`watch list` counted the papers you hid (184 where `search -k "world model"`
    listed 183), as `families` and `orgs` do not: left out, in `watch add`'s count too,
    and a count kept for an unchanged library is counted again once others are hidden."""
    items = seed_items()
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0

    def search(*args: str) -> list[str]:
        found = papers("search", *args, "--offline", "--json", "-n", "0")
        return [p["id"] for p in json.loads(found.stdout)]

    def listed() -> dict[str, int]:
        result = papers("watch", "list", "--json")
        assert result.exit_code == 0 and result.stderr == "", result.stderr
        return {w["name"]: w["papers"] for w in json.loads(result.stdout)}

    llava, quant = search("--family", "LLaVA"), search("-k", "quantized")
    assert len(llava) > 1 and quant
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "add", "quant", "-k", "quantized").exit_code == 0
    assert listed() == {"llava": len(llava), "quant": len(quant)}  # (kept now)
    assert papers("hide", llava[0], quant[0]).exit_code == 0
    assert listed() == {"llava": len(llava) - 1, "quant": len(quant) - 1}
    assert len(search("--family", "LLaVA")) == len(llava) - 1
    added = papers("watch", "add", "vlm", "--family", "LLaVA")
    assert f"({len(llava) - 1} papers in your library match)" in added.stderr
    assert papers("unhide", quant[0]).exit_code == 0
    assert listed() == {"llava": len(llava) - 1, "quant": len(quant), "vlm": len(llava) - 1}


def test_watch_list_hidden_counts_the_papers_you_hid(papers, home: Home, tmp_path) -> None:
    """A count leaves the papers you hid out, and nothing asked for them back: `--hidden`
    counts them, as a listing's `--hidden` lists them (`search --hidden`'s count), kept
    apart from the count without them; a user database that cannot be read is no
    warning then, since nothing is left out."""
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(seed_items()), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    llava = papers("search", "--family", "LLaVA", "--offline", "-q", "-n", "0").stdout.split()
    assert len(llava) > 1
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("hide", *llava[:2]).exit_code == 0

    def counted(*args: str) -> int:
        result = papers("watch", "list", "--json", *args)
        assert result.exit_code == 0 and result.stderr == "", result.stderr
        (watch,) = json.loads(result.stdout)
        return int(watch["papers"])

    everything = papers("search", "--family", "LLaVA", "--hidden", "--offline", "-q", "-n", "0")
    assert counted("--hidden") == len(everything.stdout.split()) == len(llava)
    assert counted() == len(llava) - 2  # (the counts kept: each its own)
    assert counted("--hidden") == len(llava)
    table = papers("watch", "show", "LLaVA", "--hidden")  # (the aliases take it too)
    assert table.exit_code == 0 and f"{len(llava)}" in table.stdout.split(), table.stdout
    from test_library_file import damage_tables

    damage_tables(home.data / "papercli" / "user.db", "hidden")
    assert "hidden papers are counted" in papers("watch", "list").stderr
    assert counted("--hidden") == len(llava)  # (nothing said: nothing was to be left out)


def test_rename_keeps_the_criteria_and_the_place_and_refuses_a_taken_name(
        papers, home: Home) -> None:
    """There was no rename: `watch rename` offered "did you mean rm?", and a user removed
    the watch and retyped its criteria under the new name."""
    assert papers("watch", "add", "llava", "--family", "llava", "-x", "survey").exit_code == 0
    assert papers("watch", "add", "quant", "-k", "quantization").exit_code == 0
    renamed = papers("watch", "rename", "LLaVA", "vision lm")  # (any case, as rm takes it)
    assert renamed.exit_code == 0, renamed.stderr
    assert renamed.stdout == "" and one_line(renamed.stderr) == (
        "papers: renamed watch llava to vision lm")
    assert config_data(home) == {"watch": {
        "vision lm": {"family": ["LLaVA"], "exclude": ["survey"]},
        "quant": {"keyword": ["quantization"]}}}
    taken = papers("watch", "rename", "vision lm", "QUANT")
    assert taken.exit_code == 2 and one_line(taken.stderr) == (  # (94 columns, with the rm)
        "papers: error: a watch named 'quant' exists — pick another, or remove it first")
    missing = papers("watch", "rename", "nope", "other")
    assert missing.exit_code == 2 and "no watch named 'nope'" in one_line(missing.stderr)
    bad = papers("watch", "rename", "quant", "a/b")
    assert bad.exit_code == 2 and "bad watch name" in one_line(bad.stderr)
    assert list(config_data(home)["watch"]) == ["vision lm", "quant"]
    case = papers("watch", "rename", "quant", "Quant")  # (its own name in another case)
    assert case.exit_code == 0, case.stderr
    assert list(config_data(home)["watch"]) == ["vision lm", "Quant"]
    gone = papers("watch", "delete", "Quant")  # (gh's word for rm)
    assert gone.exit_code == 0 and "removed watch Quant" in gone.stderr


def test_renaming_a_watch_to_its_own_name_says_nothing_was_renamed(
        papers, home: Home) -> None:
    """`watch rename a a` said "renamed watch a to a" and rewrote the file, its comments
    moved to a backup. As `git branch -m a a`, nothing to do is no error (exit 0)."""
    assert papers("watch", "add", "llava", "--family", "llava").exit_code == 0
    path = home.config_file
    text = "# my watches\n" + path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    for old in ("llava", "LLaVA"):  # (OLD in any case, as rm takes it)
        same = papers("watch", "rename", old, "llava")
        assert same.exit_code == 0, same.stderr
        assert same.stdout == "" and one_line(same.stderr) == (
            "papers: watch llava already has that name; nothing renamed")
    assert path.read_text(encoding="utf-8") == text
    assert not path.with_name("config.toml.bak").exists()


def test_a_watch_on_arxiv_categories_not_followed_says_papers_new_reads_none(
        papers, home: Home) -> None:
    """The Hub's papers carry no category: a watch on cs.CL, or on arXiv's papers, with
    no such category followed found nothing in `papers new`, and nothing said why."""
    added = papers("watch", "add", "cl", "--category", "cs.CL")
    assert added.exit_code == 0, added.stderr
    assert one_line(added.stderr.splitlines()[-1]) == (
        "papers: warning: cs.CL is not followed — papers config set sources.arxiv cs.CL")
    only = papers("watch", "add", "agents", "--source", "arxiv", "-k", "agent")
    assert only.exit_code == 0 and "no category followed" in only.stderr
    assert cell_width(only.stderr.splitlines()[-1]) <= 80
    assert papers("config", "set", "sources.arxiv", "cs").exit_code == 0
    for name, criteria in (("cl2", ("--category", "cs.CL")), ("agents2", ("--source", "arxiv",
                                                                        "-k", "agents"))):
        quiet = papers("watch", "add", name, *criteria)
        assert quiet.exit_code == 0 and "followed" not in quiet.stderr, quiet.stderr
    other = papers("watch", "add", "th", "--category", "hep-th", "--category", "cs.LG")
    assert other.exit_code == 0
    assert other.stderr.splitlines()[-1] == (
        "papers: warning: hep-th is not followed — papers config set sources.arxiv cs,hep-th")
    both = papers("watch", "add", "mixed", "--source", "arxiv", "--source", "hf", "-k", "x")
    assert "followed" not in both.stderr


def test_a_word_given_twice_in_another_case_is_one_word(papers, home: Home) -> None:
    """Every words filter matches any case and accents (`-k LLM` finds "llm"), so `-k LLM
    -k llm` is one keyword: a watch stored both ("keyword LLM and llm"), and a search
    said both in its title. The first spelling is kept."""
    added = papers("watch", "add", "llm", "-k", "LLM", "-k", "llm", "-k", "Naïve",
                   "-k", "naive", "-a", "José Li", "-a", "jose li", "--org", "acme",
                   "--org", "ACME")
    assert added.exit_code == 0, added.stderr
    assert config_data(home)["watch"]["llm"] == {
        "keyword": ["LLM", "Naïve"], "author": ["José Li"], "org": ["acme"]}
    assert "keyword LLM and Naïve · author José Li" in added.stderr
    from test_search_index import FILLER, import_items, item

    import_items(papers, home.root, [item(1, "An LLM for naive readers", FILLER)])
    shown = papers("search", "-k", "LLM", "-k", "llm", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == "Library · keyword LLM"


def test_replace_says_what_the_watch_was(papers, home: Home) -> None:
    """`watch add NAME … --replace` redefined a watch without a word of what it had been;
    now a note says it (cut to 80 columns), or that the criteria are unchanged."""
    assert papers("watch", "add", "llm", "-k", "LLM").exit_code == 0
    redone = papers("watch", "add", "llm", "-k", "agents", "-F", "Qwen", "--replace")
    assert redone.exit_code == 0, redone.stderr
    assert redone.stderr.splitlines()[-1] == "papers: it was keyword LLM"
    again = papers("watch", "add", "llm", "-k", "agents", "-F", "qwen", "--replace")
    assert again.stderr.splitlines()[-1] == "papers: its criteria are unchanged"
    long = ["-k", "very long keyword number one", "-k", "another quite long keyword",
            "-a", "Some Author Name", "-a", "Another Person", "-x", "survey"]
    assert papers("watch", "add", "llm", *long, "--replace").exit_code == 0
    cut = papers("watch", "add", "llm", "-k", "x", "--replace").stderr.splitlines()[-1]
    assert cut.startswith("papers: it was keyword very long keyword number one and ")
    assert cut.endswith("…") and cell_width(cut) <= 80
    first = papers("watch", "add", "other", "-k", "y", "--replace")  # nothing replaced
    assert "it was" not in first.stderr and "unchanged" not in first.stderr
    assert config_data(home)["watch"]["llm"] == {"keyword": ["x"]}


def _cut_between_words(line: str, lead: str, whole: str, tail: str = "") -> None:
    """`line` is `lead` then `whole` cut with "…" where a word of it ends (before
    `tail`), in 80 columns."""
    assert cell_width(line) <= 80, line
    assert line.startswith(lead) and line.endswith("…" + tail), line
    kept = line.removeprefix(lead).removesuffix(tail).removesuffix("…")
    assert whole.startswith(kept) and whole[len(kept)] == " ", line


LONG = ["-k", "large language models", "-k", "reinforcement", "-k", "mixture of experts",
        "-k", "distillation", "--author", "Geoffrey Hinton", "--category", "cs.LG"]
LONG_SAID = ("keyword large language models and reinforcement and mixture of experts and "
             "distillation · author Geoffrey Hinton · category cs.LG")


@pytest.mark.parametrize("columns", ["80", "200"])
def test_long_criteria_are_cut_between_words(papers, home: Home, columns: str) -> None:
    """A watch's criteria too long for their line were cut mid-word ("its criteria:
    keyword large language mod…", "it was … mixture of e…", 80 characters, more
    columns with wide letters); now between words, whatever the terminal's width."""
    env = {"COLUMNS": columns}
    added = papers("watch", "add", "lab", *LONG, env=env)
    assert added.exit_code == 0, added.stderr
    lines = added.stderr.splitlines()
    assert all(cell_width(line) <= 80 for line in lines), lines
    assert lines[0] == "papers: watching lab (your library is empty: run papers new)"
    _cut_between_words(lines[1], "papers: its criteria: ", LONG_SAID,
                       " (all: papers watch list lab)")
    wide = ["-k", "大規模言語モデル", "-k", "強化学習", "-k", "知識蒸留", "-k", "専門家混合",
            "-a", "山田太郎"]
    replaced = papers("watch", "add", "lab", *wide, "--replace", env=env)
    assert replaced.exit_code == 0, replaced.stderr
    lines = replaced.stderr.splitlines()
    assert all(cell_width(line) <= 80 for line in lines), lines
    _cut_between_words(lines[-1], "papers: it was ", LONG_SAID)
    again = papers("watch", "add", "lab", "-k", "x", "--replace", env=env).stderr
    _cut_between_words(again.splitlines()[-1], "papers: it was ",
                       "keyword 大規模言語モデル and 強化学習 and 知識蒸留 and 専門家混合 · "
                       "author 山田太郎")


@pytest.mark.parametrize("args", [("for-you",), ("for-you", "--watch", "llava"),
                                  ("search", "language", "--offline", "--sort", "relevance")])
def test_a_broken_watch_stops_what_ranks_by_the_watches(library, home: Home,
                                                        args: tuple[str, ...]) -> None:
    """A hand-written name `watch add` refuses, or a bad value, stops `watch list` and
    `new`; ranking by your taste read past it, the taste being the other watches' (a
    `for-you` of three watches said nothing of the fourth). Now it is the same line."""
    for bad, said in [('[watch."[bold]x"]\nkeyword = ["x"]\n', "10: bad watch name '[bold]x'"),
                      ('[watch.org]\norg = ["x"]\ncategory = ["cs.NOPE"]\n',
                       "12: no category 'cs.NOPE' — did you mean cs.NE?")]:
        write_config(home, '[watch.llava]\nfamily = ["LLaVA"]\n\n[watch.quant]\nkeyword = '
                           f'["quantization"]\n\n[watch.agents]\nkeyword = ["agent"]\n\n{bad}')
        result = library(*args)
        assert (result.exit_code, result.stdout) == (1, ""), (args, result.stderr)
        line = one_line(result.stderr)
        assert line.startswith(f"papers: error: config.toml, line {said}"), line
        assert cell_width(line) <= 80



@pytest.mark.parametrize("long", ["abcdefgh" * 8, "語" * 63 + "x"], ids=["ascii", "wide"])
def test_lines_naming_a_long_watch_fit_80_columns(papers, home: Home, long: str) -> None:
    """A name may be 64 characters (128 cells in CJK): `watch rename` said both names
    whole (154 to 275 columns), and the errors for a name taken, or one a case apart,
    quoted it whole (130 to 199 columns). Each line now fits, a name cut with … where it
    must, the new name (the one typed next) kept whole where there is room."""
    other = long[:-1] + "y"

    def said(*args: str, code: int = 0) -> str:
        result = papers(*args)
        assert result.exit_code == code, result.stderr
        lines = result.stderr.splitlines()
        assert lines and all(cell_width(line) <= 80 for line in lines), result.stderr
        return lines[0]

    assert said("watch", "add", long, "-k", "video")
    assert said("watch", "add", long, "-k", "video", code=2).startswith(
        "papers: error: a watch named '")
    assert said("watch", "rename", long, long).endswith(
        " already has that name; nothing renamed")
    assert said("watch", "add", "short", "-k", "image")
    assert said("watch", "rename", "short", long, code=2).startswith(
        "papers: error: a watch named '")
    assert said("watch", "rename", long, other).startswith("papers: renamed watch ")
    assert said("watch", "rename", "short", "tiny") == "papers: renamed watch short to tiny"
    assert said("watch", "rename", "tiny", "Z" * 40).endswith(" to " + "Z" * 40)
    assert said("new", "--watch", long[:-1] + "z", "--offline", code=2).startswith(
        "papers: error: no watch ")
    assert list(config_data(home)["watch"]) == [other, "Z" * 40]
    twin = "A" + "b" * 63
    assert said("watch", "add", twin, "-k", "x")
    assert said("watch", "add", twin.lower(), "-k", "y", code=2).startswith(
        "papers: error: a watch '")


@pytest.mark.parametrize(("family", "hint"), [
    ("Llavaa", "did you mean LLaVA?"),  # (it said "see papers families", LLaVA unsaid)
    ("Nope", "see papers families"),
    ("n" * 70, "see papers families"),
])
def test_a_watch_on_an_unknown_family_says_the_family_meant_in_80_columns(
        papers, home: Home, family: str, hint: str) -> None:
    """A hand-written watch naming no family: the line names the file's line, and the
    family it is like where there is one, as `-F` says it, else where the families are;
    within 80 columns, a watch's name of 64 characters or not."""
    for name in ("x", "w" * 64):
        write_config(home, f'[watch.{name}]\nfamily = ["{family}"]\n')
        for args in (("watch", "list"), ("new", "--peek", "--offline")):
            result = papers(*args)
            assert result.exit_code == 1, result.stderr
            line = one_line(result.stderr)
            assert line.startswith("papers: error: config.toml, line 2: "), line
            assert f"family '{family[:8]}" in line and line.endswith(f" — {hint}"), line
            assert cell_width(line) <= 80, line


def test_a_watch_on_a_family_switched_off_says_so(papers, home: Home) -> None:
    """`[families.LLaVA] enabled = false` under a watch on LLaVA: every command reading
    the watches answered "unknown family 'LLaVA' — did you mean LLaMA?", as if LLaVA had
    never been a family, pointing at another one. It says the family is switched off,
    and `-F` (an alias too) and `papers families` say it alike."""
    write_config(home, '[families.LLaVA]\nenabled = false\n\n[watch.llava]\n'
                       'family = ["LLaVA"]\n')
    for args in (("watch", "list"), ("new", "--offline")):
        result = papers(*args)
        assert result.exit_code == 1
        line = one_line(result.stderr)
        assert line == ("papers: error: config.toml, line 5: LLaVA is switched off — papers "
                        "config edit")  # (how to switch it on, kept in 80 columns)
    write_config(home, "[families.LLaVA]\nenabled = false\n")
    for args in (("search", "x", "-F", "llava-next", "--offline"), ("families", "llava"),
                 ("watch", "add", "v", "-F", "LLaVA")):
        result = papers(*args)
        assert result.exit_code == 2, result.stderr
        assert one_line(result.stderr) == (
            "papers: error: family LLaVA is switched off — papers config edit switches it on")
    lama = papers("search", "x", "-F", "lama", "--offline")  # (one switched on: as before)
    assert one_line(lama.stderr) == "papers: error: unknown family 'lama' — did you mean LLaMA?"


@pytest.mark.parametrize("name", ["+plus", "-dash", "+ x"])
def test_a_name_of_allowed_characters_starting_with_a_sign_says_why(
        papers, home: Home, name: str) -> None:
    """`+plus` is made of the characters a name may have, and was refused with "use
    letters, digits, spaces, _ - +", which it did: a name starts with a letter or digit
    (or _), and the hint says so."""
    result = papers("watch", "add", "-k", "x", "--", name)
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"papers: error: bad watch name '{name}' — start it with a letter or digit")
    assert papers("watch", "add", "x -y", "-k", "x").exit_code == 0  # (a later word may)
    assert papers("watch", "add", "a.b", "-k", "x").stderr.strip().endswith(
        " — use letters, digits, spaces, _ - +")  # (another character: as it was)
