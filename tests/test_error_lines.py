"""The usage errors a person meets most (a mistyped date, week or month, an unknown
family, column, sort or format, a bad number, an unknown command or option, a missing
value) are worded to fit one 80-column line: the hint that says what to type was the
part a long line pushed out of sight (a date's hint made 140 columns, the family list
220, the formats 200). So are the errors met as often once past the parser (an id the
library lacks offline, a word where an id goes, an output folder missing, an empty
library), and the sync summaries, shown a clause to a line on an 80-column terminal."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from arxivserver import ArxivServer, Paper
from conftest import (
    Home,
    installed_papers,
    one_line,
    screen_lines,
    stderr_on_terminal,
    write_config,
)
from hubserver import HubServer
from papercli.sanitize import quoted
from papercli.terminal import cell_width

COMMON = [
    ("day", "2026-13-01"),
    ("day", "yesterdayx"),
    ("today", "--since", "2026-02-30"),
    ("sync", "--since", "nope"),
    ("search", "q", "--until", "soon", "--offline"),
    ("week", "2026-W60"),
    ("week", "foo"),
    ("month", "2026-13"),
    ("month", "foo"),
    ("day", "２０２６-08-20"),
    ("today", "--family", "nope"),
    ("today", "--family", "lama"),
    ("today", "--columns", "nope"),
    ("today", "--sort", "nope"),
    ("today", "--format", "nope"),
    ("export", "--format", "nope"),
    ("trends", "--by", "nope"),
    ("today", "--limit", "abc"),
    ("today", "--limit", "-1"),
    ("today", "--min-upvotes", "x"),
    ("today", "--timeout", "0"),
    ("bogus",),
    ("todya",),
    ("today", "--bogus"),
    ("today", "--limit"),
    ("watch", "add", "x", "--keyword"),
    ("star",),
    ("note",),
]


@pytest.mark.parametrize("args", COMMON, ids=" ".join)
def test_a_common_usage_error_fits_80_columns(papers, args: tuple[str, ...]) -> None:
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line.startswith("papers: error: ") and " — " in line, line  # a hint, kept
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize(("args", "said"), [
    (("today", "--sort", "nope"),
     "--sort 'nope' — use trending, upvotes, new, stars or relevance"),
    (("trends", "--by", "colour"), "--by 'colour' — use family, org or keyword"),
    (("today", "--format", "nope"),
     "--format 'nope' — use table, json, jsonl, … (9 more in --help)"),
    (("today", "--columns", "nope"),
     "unknown column 'nope' — use rel, upvotes, … (11 more in --help)"),
    (("today", "--family", "nope"), "unknown family 'nope' — papers families lists all 20"),
    (("today", "--family", "lama"), "unknown family 'lama' — did you mean LLaMA?"),
    (("today", "--sort", "upvote"), "--sort 'upvote' — did you mean upvotes?"),
    (("today", "--limit", "abc"), "--limit 'abc' — use a whole number, 0 or more"),
    (("today", "--min-upvotes", "x"), "--min-upvotes 'x' — use a whole number, 0 or more"),
    (("todya",), "unknown command 'todya' — did you mean today?"),
    (("zzz",), "unknown command 'zzz' — see 'papers --help'"),
    (("today", "--limt", "5"), "no such option: --limt — did you mean --limit?"),
    (("today", "--limit"), "--limit needs a value — give --limit N"),
    (("today", "--sort"), "--sort needs a value — use trending, … (4 more in --help)"),
])
def test_what_a_common_usage_error_says(papers, args: tuple[str, ...], said: str) -> None:
    """A choice's list is said in full when it fits and cut with a count when not; an
    option by its long name; a close name offered where there is one."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert one_line(done.stderr) == f"papers: error: {said}"


# What a new user met: names quoted askew ("did you mean starred', 'star', 'unstar?"),
# two options offered that had nothing to do with the one typed, a choice's start taken
# for nothing, words the shell split, and lines of 150 to 230 columns.
NEW_USER = [
    (("stared",), "unknown command 'stared' — did you mean starred, star or unstar?"),
    (("help", "cach"), "unknown command 'cach' — did you mean cache, watch or search?"),
    # nothing close: where the options are; one beside it that has it, named
    (("related", "2401.01055", "--like", "X"),
     "no such option: --like — papers for-you takes it"),
    (("unhide", "--offline"), "papers unhide never uses the network — leave --offline out"),
    (("today", "--like", "X"), "no such option: --like — see 'papers today --help'"),
    (("related", "2401.01055", "--zzz"),
     "no such option: --zzz — see 'papers related --help'"),
    (("today", "--sinse", "2026-08-01"), "no such option: --sinse — did you mean --since?"),
    (("today", "--LIMIT", "3"), "no such option: --LIMIT — did you mean --limit?"),
    (("starred", "--sort", "rel"), "--sort 'rel' — did you mean relevance?"),
    (("today", "-s", "up"), "--sort 'up' — did you mean upvotes?"),
    (("today", "--columns", "id", "title"),
     "--columns takes one word — did you mean --columns id,title?"),
    (("today", "--columns=id", "title", "upvotes", "stars"),
     "--columns takes one word — join the column names with commas"),
    (("today", "help"), "help goes first — did you mean papers help today?"),
    (("watch", "list", "help"), "help goes first — did you mean papers help watch list?"),
    (("arxiv", "help"), "help goes first — did you mean papers help arxiv?"),
    (("arxiv", "cs.CL", "Help"), "help goes first — did you mean papers help arxiv?"),
    # a paper id after a command that takes none (`papers starred ID`: a filter was meant?)
    (("starred", "2510.99690"), "papers starred takes no ids — papers show 2510.99690 shows it"),
    (("today", "arxiv.org/abs/2401.01055v2", "2404.14047"),
     "papers today takes no ids — did you mean papers show?"),
    (("starred", "foo"), "extra argument 'foo' — did you mean -k foo?"),
    (("-v",), "no such option: -v — papers --version shows the version"),
    (("version",), "unknown command 'version' — papers --version shows the version"),
    # the undoing commands come in pairs (star/unstar, hide/unhide, tag/untag): `unread`
    # and `unwatch` are the option or subcommand that does it ("did you mean read or
    # related?" offered two commands that do not)
    (("unread", "2608.99880"), "unknown command 'unread' — did you mean papers read --unread?"),
    (("unwatch", "llava"), "unknown command 'unwatch' — did you mean papers watch rm?"),
    (("for-you", "--sort", "upvotes"),
     "for-you has no --sort: it ranks by your taste — leave --sort out"),
    (("search", "x", "-model"), 'no such option: -model — did you mean papers search "x -model"?'),
    (("search", "world", "wide", "-model"),
     "no such option: -model — quote it with the query, or after --"),
    # a quoted query that begins with -word: "quote it with the query" told the user to do
    # what was done
    (("search", "-video diffusion"), "'-video diffusion' read as an option — write "
     "'diffusion -video'"),
    (("search", "-video diffusion transformers with invented autoencoders"),
     "'-video diffusion tra…' read as an option — put a word first"),
    (("search", "-video", "diffusion"), "'-video' read as an option — write 'diffusion -video'"),
    (("search", "-video -image diffusion"),
     "'-video -image diffusion' read as an option — put a word first"),
    # -words alone: "write '-image -video'", which said "write '-video -image'" (a loop);
    # and "quote it with the query" of a query quoted whole. They browse with --exclude.
    (("search", "-video -image"), "'-video -image' read as an option — use -x video -x image "
     "instead"),
    (("search", "--offline", "-video"), "no such option: -video — use --exclude video instead"),
    (("search", "-n", "5", "-video", "-image", "--offline"),
     "'-video' read as an option — use -x video -x image instead"),
    (("export", "-video -image -audio -speech -text"),
     "'-video -image -audio…' read as an option — use -x WORD for each"),
    (("search", "world", "-video -image"),
     "'-video -image' read as an option — quote the whole query as one"),
    (("today", "-o", "out.xyz"), ".xyz names no format — name it .md .json .csv …, or see --help"),
    (("export", "-o", "a-rather-long-file-name-without-any-extension"),
     "-o FILE: no extension — name it .md .json .csv …, or see --help"),
    # (".unknownext names no format — name it .md .json .csv … (--help lists all), or give
    # --format": 106 columns, the first of the shorter ways when none fit)
    (("today", "-o", "x.unknownext"),
     "unknown extension — name it .md .json .csv …, or see --help"),
]


@pytest.mark.parametrize(("args", "said"), NEW_USER, ids=[" ".join(a) for a, _ in NEW_USER])
def test_what_a_new_user_met_says_what_was_meant(papers, args: tuple[str, ...],
                                                 said: str) -> None:
    """Close names only, said as a list is ("a, b or c"); a choice by its start (never
    taken for it: a new choice could share it); an 80-column line."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line


# `hf papers` and gh's names for what papercli calls otherwise were "unknown command 'ls' —
# see 'papers --help'"; `stars` was offered "star, unstar or tags", Click's three cut by
# name among equals (tags beat starred).
FOREIGN = [
    (("ls",), "unknown command 'ls' — did you mean today or search?"),
    (("list",), "unknown command 'list' — did you mean today or starred?"),
    (("info", "2608.99880"), "unknown command 'info' — did you mean show?"),
    (("view", "2608.99880"), "unknown command 'view' — did you mean show?"),
    (("stars",), "unknown command 'stars' — did you mean starred, star or unstar?"),
    (("help", "find"), "unknown command 'find' — did you mean search?"),
]


@pytest.mark.parametrize(("args", "said"), FOREIGN, ids=[" ".join(a) for a, _ in FOREIGN])
def test_another_tools_command_is_offered_ours(papers, args: tuple[str, ...],
                                               said: str) -> None:
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line


# Lines an audit found past 80 columns with a realistic value: each said shorter.
LONG_FOUND = [
    # "--starred leaves nothing to rank: for-you ranks the papers you have not starred yet
    # — rank your reading list with papers starred --sort relevance" (160)
    (("for-you", "--starred"), 2,
     "for-you skips starred papers — try papers starred -s relevance"),
    (("export", "--split", ""), 2, "--split got an empty value — give a folder, or . for this one"),
    (("export", "--split", "notes", "--format", "csljson"), 2,
     "--split writes Markdown, not csljson — drop --format or --split"),
    (("export", "--split", "notes", "-o", "x.md"), 2,
     "--split and --output cannot be combined — give one of them"),
    (("show", "2401.01055", "--full", "--format", "csljson"), 2,
     "--full writes Markdown, not csljson — use --format md or --json"),
    (("search", "x", "--category", "cs.*x", "--offline"), 2,
     "bad category pattern 'cs.*x' — use a prefix and a *, e.g. cs.*"),
    # "… — no spaces: computer-vision, or give 2 tags" (90)
    (("tag", "2401.01055", "computer vision"), 2,
     "'computer vision' is not a tag — no spaces: computer-vision"),
    (("tag", "2401.01055", "reinforcement learning from human feedback"), 2,
     "'reinforcement learni…' is not a tag — join the words with -"),
    # "'[x]' is not a tag — a tag is letters, digits, '-', '_', '/' or '.' (no spaces)"
    # (94), a tag of spaces alone (86)
    (("tag", "2401.01055", "[x]"), 2,
     "'[x]' is not a tag — use letters, digits and - _ / . only"),
    (("tag", "2401.01055", " "), 2, "a tag cannot be empty — use letters, digits and - _ / . only"),
    (("tag", "2401.01055", "some[really]long+tag+with+lots+of+stuff"), 2,
     "'some[really…' is not a tag — '[', ']' and '+' cannot be in a tag"),
    # "no arXiv listing of cs.CL submitted from … to … in the local library — …" (125)
    (("arxiv", "cs.CL", "--since", "2026-08-01", "--until", "2026-08-20", "--offline"), 1,
     "those days are not in the local library — run without --offline"),
]


@pytest.mark.parametrize(("args", "code", "said"), LONG_FOUND,
                         ids=[" ".join(a) for a, _, _ in LONG_FOUND])
def test_a_line_found_too_long_fits_80_columns(papers, args: tuple[str, ...], code: int,
                                               said: str) -> None:
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (code, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line


def test_names_other_tools_use_are_not_commands_here() -> None:
    """A name offered for another tool's (`ELSEWHERE`) is a command here, and is none
    itself: a command named so later would be shadowed by the table."""
    from papercli.cli.commands import COMMANDS
    from papercli.cli.failures import ELSEWHERE

    assert not set(ELSEWHERE) & set(COMMANDS)
    assert {name for names in ELSEWHERE.values() for name in names} <= set(COMMANDS)



# One wording for each kind of usage error, whatever the command (the length of its name
# or of the line chose between two before).
ONE_WAY = [
    (("today", "--bogus"), "no such option: --bogus — see 'papers today --help'"),
    (("cache", "clear", "--bogus"), "no such option: --bogus — see 'papers cache clear --help'"),
    # what other tools call it (it was "see 'papers cache clear --help'")
    (("cache", "clear", "--force"), "no such option: --force — did you mean --yes?"),
    (("export", "--yes"), "no such option: --yes — did you mean --force?"),
    (("orgs", "--since", "2026-08"), "no such option: --since — papers search takes it"),
    # (a word after a command that takes --keyword and no words: -k, said)
    (("today", "extra"), "extra argument 'extra' — did you mean -k extra?"),
    (("day", "2026-11-20", "extra"), "extra argument 'extra' — did you mean -k extra?"),
    (("starred", "a", "b"), "extra arguments 'a b' — did you mean -k a -k b?"),
    (("today", "diffusion", "models"), "extra arguments 'diffusion models' — try -k diffusion "
                                       "-k models"),
    (("today", "a", "b", "c", "d"), "extra arguments 'a b c d' — see 'papers today --help'"),
    (("sync", "extra"), "extra argument 'extra' — see 'papers sync --help'"),
    (("watch", "rename", "a", "b", "c"),
     "extra argument 'c' — see 'papers watch rename --help'"),
    (("today", "an-argument-much-too-long-to-be-said-whole"),
     "extra argument 'an-argument-much-to…' — see 'papers today --help'"),
    (("config", "get", "nope.key"), "unknown setting 'nope.key' — see papers config show"),
    (("config", "unset", "nope.key"), "unknown setting 'nope.key' — see papers config show"),
    (("config", "get", "nope"), "unknown setting 'nope' — see papers config show"),
    (("config", "set", "nope", "3"), "unknown setting 'nope' — see papers config show"),
    (("config", "get", "watch.a-long-watch-name.keyword"),
     "no setting 'watch.a-long-watch-name.keyw…' — use papers watch add"),
]


@pytest.mark.parametrize("args,said", ONE_WAY, ids=[" ".join(a) for a, _ in ONE_WAY])
def test_a_kind_of_usage_error_is_worded_one_way(papers, args: tuple[str, ...],
                                                 said: str) -> None:
    """`today --bogus` said "papers today --help lists its options", `cache clear --force`
    "see 'papers cache clear --help'" (too long for the other); `today extra` "got
    unexpected extra argument(s) (extra) — see --help" where a shorter command named
    itself; `config get nope.key` "no setting … — see papers config show", `config get
    nope` "unknown setting … — papers config show lists every setting"."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line


@pytest.mark.parametrize(("args", "said"), [
    (("export", "-f", "zotero"), "--format 'zotero' — Zotero imports -f ris, -f bibtex or -f csl"),
    (("starred", "--format=Zotero", "-o", "refs.ris"),
     "--format 'Zotero' — Zotero imports -f ris, -f bibtex or -f csl"),
    (("today", "-f", "mendeley"), "--format 'mendeley' — Mendeley imports -f ris or -f bibtex"),
    (("export", "-f", "endnote"), "--format 'endnote' — EndNote imports -f ris"),
    (("trends", "-f", "zotero"), "--format 'zotero' — use chart, json or csv"),  # none of them
])
def test_a_reference_manager_given_as_a_format_names_what_it_imports(
        papers, args: tuple[str, ...], said: str) -> None:
    """`-f zotero` said "use table, json, jsonl, … (9 more in --help)": no format is
    named after Zotero, and the line did not say which of papercli's it imports."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line
    if args[0] in ("export", "starred"):  # (the library's: no network)
        for given in re.findall(r"-f (\w+)", said):  # each named is one the command takes
            assert papers(args[0], "-f", given).exit_code == 0, given


def test_a_choice_by_its_start_is_not_taken_for_it(papers) -> None:
    """`--sort up` is refused, so a script never comes to mean another choice that a new
    version adds with the same start; a start two choices share names neither."""
    assert papers("today", "--sort", "up", "--offline").exit_code == 2
    shared = papers("today", "--columns", "s")  # stars, submitter
    assert shared.exit_code == 2 and "did you mean" not in shared.stderr


@pytest.mark.parametrize(("args", "said"), [
    (("export", "--offline"), "papers export never uses the network — leave --offline out"),
    (("export", "--split"), "--split needs a value — give --split DIR"),
    (("export", "-o"), "-o needs a value — give -o FILE"),
    (("export", "--format"), "--format needs a value — use table, json, … (10 more in --help)"),
    (("sync", "--offline"), "papers sync fetches from the Hub — leave --offline out"),
    (("watch", "add", "x", "--keyword"), "--keyword needs a value — give --keyword WORD"),
])
def test_an_option_misused_ends_with_what_to_do(papers, args: tuple[str, ...],
                                                said: str) -> None:
    """As a bad value's line does, not "see 'papers export --help'" ("papers export has no
    --offline: it never uses the network — leave --offline out; see 'papers export
    --help'" made 124 columns)."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line


# Met as often, and made one line as wide as 131 columns, before they were reworded.
MORE = [
    # A word where an id goes: the search to type was the part pushed out of sight.
    (("show", "llava"), 2, "'llava' is not a paper id — papers search llava finds papers"),
    (("star", "nope"), 2, "'nope' is not a paper id — papers search nope finds papers"),
    (("related", "quant"), 2, "'quant' is not a paper id — papers search quant finds papers"),
    (("open", "llava"), 2, "'llava' is not a paper id — papers search llava finds papers"),
    # Offline, what the library lacks (108 columns).
    (("show", "2611.77777", "--offline"), 1,
     "2611.77777 is not in the local library — run without --offline"),
    (("related", "2611.77777", "--offline"), 1,
     "2611.77777 is not in the local library — run without --offline"),
    (("day", "2026-10-14", "--offline"), 1,
     "2026-10-14 is not in the local library — run without --offline"),
    (("week", "2026-W40", "--offline"), 1,
     "2026-W40 is not in the local library — run without --offline"),
    (("sync", "--since", "2026-11-20", "--until", "2026-11-10"), 2,
     "--since 2026-11-20 is after --until 2026-11-10 — swap the dates"),
    (("today", "--since", "2026-11-20", "--until", "2026-11-10"), 2,
     "--since 2026-11-20 is after --until 2026-11-10 — swap the dates"),
    (("trends", "--since", "2026-11-20", "--until", "2026-11-10"), 2,
     "--since 2026-11-20 is after --until 2026-11-10 — swap the dates"),
    (("watch", "add", "v1.5", "-k", "quant"), 2,
     "bad watch name 'v1.5' — use letters, digits, spaces, _ - +"),
    (("config", "set", "display.limit", "abc"), 2,
     "display.limit must be a whole number, got 'abc'"),
    # The key named, as any setting's ("sort 'foo' — use trending, …" named none; with
    # the key and the value it made 81 columns), and the value refused quoted ("display.sort
    # must be trending, …" said none): the choices' "use" left out to keep it.
    (("config", "set", "display.sort", "foo"), 2,
     "display.sort 'foo' — trending, upvotes, new, stars or relevance"),
    (("config", "set", "display.sort", "upvote"), 2,
     "display.sort 'upvote' — did you mean upvotes?"),
    # Where the column names are, as an unknown family says (159 columns with all 13).
    (("config", "set", "display.columns", "id,nope"), 2,
     "unknown column 'nope' — papers today --help lists all 13"),
    # The folder as typed, not made absolute (129 columns).
    (("export", "-o", "exports/x.json"), 1,
     "exports/x.json: folder exports does not exist — create it first"),
    # ("/proc/nope: folder /proc/nope does not exist": the folder said twice)
    (("export", "--format", "md", "--split", "/proc/nope"), 1,
     "folder /proc/nope does not exist — give a folder for --split"),
    # ("/nonexistent/dir/x.md: folder /nonexistent does not exist — …" made 90 columns)
    (("export", "-o", "/nonexistent/folder/below/x.md"), 1,
     "folder /nonexistent does not exist — create it first"),
    # A word of 12 letters made the forms of a date 84 columns.
    (("today", "--since", "yesterdayish"), 2,
     "--since 'yesterdayish' — use YYYY[-MM[-DD]], YYYY-Www or 7d"),
    # Three close names and the taxonomy's URL made 147 columns, the URL alone 112.
    (("sync", "--arxiv", "cs.NOPE", "--since", "3d"), 2,
     "unknown arXiv category 'cs.NOPE' — did you mean cs.NE?"),
    (("arxiv", "bogus"), 2,
     "unknown arXiv category 'bogus' — see arxiv.org/category_taxonomy"),
    # ("— no spaces: x-y (or give x and y as separate tags)": 85 columns)
    (("today", "--offline", "--tag", "x y"), 2,
     "'x y' is not a tag — no spaces: x-y, or give 2 tags"),
    (("tag",), 2, "give a paper id and tags — e.g. papers tag 2401.01055 robotics"),
    # (its example said `papers tag`)
    (("untag",), 2, "give a paper id and tags — e.g. papers untag 2401.01055 robotics"),
    # (every word an id: "— papers tag 2401.01055 robotics; a tag named like a paper id:
    # --ids 2401.01055 TAG" made 128 columns)
    (("tag", "2608.99880", "2401.01055"), 2,
     "give tags after the paper ids — an id as a tag: --ids ID TAG"),
    (("untag", "2608.99880", "2401.01055"), 2,
     "give tags after the paper ids — an id as a tag: --ids ID TAG"),
    (("tag", "2608.99880"), 2, "give tags after the paper ids — papers tag 2401.01055 robotics"),
    # (why, and --date for that day alone, made 153 columns; offline, 90)
    (("arxiv", "cs.CL", "--until", "2026-01-05"), 2,
     "--until needs --since — add --since DATE, or --date 2026-01-05"),
    (("arxiv", "cs.CL", "--offline"), 1,
     "arXiv cs.CL is not in the local library — run without --offline"),
    (("show", "https://example.com/x"), 2,
     "'https://example.com/x' is not a paper id — e.g. 2401.01055"),
]


@pytest.mark.parametrize(("args", "code", "said"), MORE,
                         ids=[" ".join(args) for args, _, _ in MORE])
def test_a_common_error_fits_80_columns(  # type: ignore[no-untyped-def]
        library, args: tuple[str, ...], code: int, said: str) -> None:
    done = library(*args)
    assert (done.exit_code, done.stdout) == (code, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}"
    assert cell_width(line) <= 80, line


def test_dates_out_of_order_are_said_by_one_home(  # type: ignore[no-untyped-def]
        library, monkeypatch: pytest.MonkeyPatch) -> None:
    """search, trends and sync say dates out of order one way, from one home
    (`criteria.dates_in_order`): trends and sync each had a copy of its line, so a
    change to it reached search alone."""
    from papercli import criteria
    from papercli.errors import UsageError

    dates = ("--since", "2026-11-20", "--until", "2026-11-10")
    commands = (("search", "llava", "--offline"), ("trends",), ("sync",))
    for command in commands:
        done = library(*command, *dates)
        assert (done.exit_code, one_line(done.stderr)) == (2, (
            "papers: error: --since 2026-11-20 is after --until 2026-11-10 — swap the "
            "dates")), command

    def reworded(start, end, since="--since", until="--until"):  # type: ignore[no-untyped-def]
        if start and end and start > end:
            raise UsageError(f"{since} {start} comes after {until} {end}")

    monkeypatch.setattr(criteria, "dates_in_order", reworded)
    for command in commands:
        done = library(*command, *dates)
        assert one_line(done.stderr) == (
            "papers: error: --since 2026-11-20 comes after --until 2026-11-10"), command


def test_an_output_path_refused_says_what_to_do(library) -> None:  # type: ignore[no-untyped-def]
    """A folder the system refuses (sysfs, even to root): the line had no hint."""
    done = library("export", "-o", "/sys/x.json")
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line.startswith("papers: error: cannot write /sys/x.json: "), line
    assert line.endswith(" — choose another path") and cell_width(line) <= 80, line


def test_an_offline_miss_under_papers_offline_fits_80_columns(  # type: ignore[no-untyped-def]
        library, monkeypatch: pytest.MonkeyPatch) -> None:
    """The setting named as the thing to undo ("PAPERS_OFFLINE is set: unset it (or
    PAPERS_OFFLINE=0) to fetch" made 118 columns)."""
    monkeypatch.setenv("PAPERS_OFFLINE", "1")
    done = library("show", "2611.77777")
    assert (done.exit_code, done.stdout) == (1, "")
    assert one_line(done.stderr) == (
        "papers: error: 2611.77777 is not in the local library — unset PAPERS_OFFLINE")


@pytest.mark.parametrize("args", [("show", "2611.77777"), ("related", "2611.77777"),
                                  ("day", "2026-10-14")], ids=" ".join)
def test_an_offline_miss_under_the_files_network_offline_fits_80_columns(
        library, home: Home, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """network.offline = true in the file, as PAPERS_OFFLINE: the setting to undo. The
    command that changes it and PAPERS_OFFLINE=0 besides made 184 columns."""
    write_config(home, "[network]\noffline = true\n")
    done = library(*args)
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == (f"papers: error: {args[1]} is not in the local library — unset "
                    "network.offline")
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize(("args", "said"), [
    (("sync",), "papers sync fetches from the Hub"),
    (("sync", "--arxiv", "cs.CL", "--since", "30d"), "papers sync --arxiv fetches from arXiv"),
], ids=" ".join)
def test_sync_under_the_files_network_offline_fits_80_columns(
        papers, home: Home, args: tuple[str, ...], said: str) -> None:
    """The setting said once, as what to undo (", and network.offline is on — unset
    network.offline" said it twice)."""
    write_config(home, "[network]\noffline = true\n")
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said} — unset network.offline"
    assert cell_width(line) <= 80, line


def test_a_bad_value_in_the_config_file_fits_80_columns(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key and a fix: its whole path and the two commands that fix it made 219
    columns, most of it the path; "config.toml, line 2: display.columns: unknown column
    'nope'" named no fix. PAPERS_DEBUG says all of it."""
    write_config(home, '[display]\ncolumns = "id,nope"\n')
    done = papers("today", "--offline")
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == ("papers: error: display.columns: unknown column 'nope' — papers config "
                    "edit")
    assert cell_width(line) <= 80, line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(papers("today", "--offline").stderr)
    assert line.startswith(f"papers: error: config file {home.config_file}, line 2: "), line
    assert line.endswith(" or papers config unset display.columns"), line


@pytest.mark.parametrize(("text", "said"), [
    ('[network]\ntimeout = "x"\n', "network.timeout must be a number, got 'x'"),
    ("[network]\ntimeout = 99999\n", "network.timeout must be at most 3,600"),
    ('[display]\nlimit = "x"\n', "display.limit must be a whole number"),
])
def test_a_wrong_value_in_the_config_file_names_a_fix(papers, home: Home, text: str,
                                                       said: str) -> None:
    """`timeout = "x"` said "config.toml, line 2: network.timeout must be a number, got
    'x'", no fix, though the settings promise one (it was said only under PAPERS_DEBUG):
    in 80 columns, the fix in a few words gives way to neither, the place and the value
    given do."""
    write_config(home, text)
    done = papers("today", "--offline")
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said} — papers config edit", line
    assert cell_width(line) <= 80, line


def test_a_choice_in_the_config_file_is_said_with_the_path_under_home(
        papers, home: Home) -> None:
    """What to use is kept over fitting the line: with the path, ~ for the home folder."""
    write_config(home, '[display]\nsort = "foo"\n')
    done = papers("today", "--offline")
    assert done.exit_code == 1
    assert one_line(done.stderr) == (
        "papers: error: ~/config/papercli/config.toml, line 2: display.sort 'foo' — use "
        "trending, upvotes, new, stars or relevance")


def test_related_in_an_empty_library_fits_80_columns(papers) -> None:
    done = papers("related", "2401.01055", "--offline")
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == ("papers: error: 2401.01055 is not in the empty library — papers sync "
                    "fills it")
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize(("args", "code", "said"), [
    (("today", "--offline"), 1,
     "papers: error: no daily listing in the local library — run without --offline"),
    (("search", "llava", "--offline"), 0,
     "papers: the library is empty, so nothing is found yet (papers sync fills it)"),
    (("for-you",), 0,
     "papers: the library is empty, so nothing is ranked yet (papers sync fills it)"),
    (("tag", "2401.01055"), 2,
     "papers: error: give tags after the paper ids — papers tag 2401.01055 robotics"),
    (("untag", "2401.01055"), 2,
     "papers: error: give tags after the paper ids — papers untag 2401.01055 robotics"),
], ids=["today", "search", "for-you", "tag", "untag"])
def test_what_an_empty_library_says_fits_80_columns(papers, args: tuple[str, ...], code: int,
                                                     said: str) -> None:
    """A first run meets these: what fills the library was said with a --since DATE to
    choose, in 107 to 115 columns."""
    done = papers(*args)
    assert done.exit_code == code
    line = one_line(done.stderr)
    assert line == said and cell_width(line) <= 80, line


def test_an_unknown_family_in_a_hand_written_watch_is_said_in_80_columns(
        papers, home: Home) -> None:
    """Said by the family's own error, as the command line's --family says it: in 80
    columns its shorter way, the line saying where (with the key's path, 103 columns)."""
    write_config(home, '[watch.x]\nfamily = ["nope"]\n')
    from papercli.families import UnknownFamily

    done = papers("new", "--offline")
    assert done.exit_code == 1
    line = one_line(done.stderr)
    assert line == ("papers: error: config.toml, line 2: unknown family 'nope' — see papers "
                    "families"), line
    assert "LLaMA" not in line
    assert str(UnknownFamily("nope", ["LLaMA", "Mistral"])) == (
        "unknown family 'nope' — papers families lists all 2")


def test_the_sync_summary_shows_a_clause_to_a_line_at_80_columns(
        hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """What changed first, then the periods and the requests: 130 columns broken by the
    terminal inside the period counts ("0 already / complete); 1,000 papers added")."""
    hub.fill(date(2026, 11, 1), date(2026, 11, 25), per_day=40)
    monkeypatch.setenv("COLUMNS", "80")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--since", "2026-11-01"])
    assert code == 0, text
    shown = screen_lines(text)
    assert len(shown) == 2, shown
    assert shown[0] == "papers: synced 2026-11-01 to 2026-11-25: 1,000 papers added;"
    assert shown[1].startswith("  7 periods (7 fetched, 0 already complete); "), shown
    assert all(cell_width(line) <= 80 for line in shown), shown


def test_the_first_arxiv_sync_summary_shows_a_clause_to_a_line_at_80_columns(
        arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    first = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    arx.add(*[Paper(f"2401.{d * 100 + i + 100:05d}", f"Paper {i} of day {d}", ["cs.CL"],
                    first + timedelta(days=d, minutes=i)) for d in range(20) for i in range(12)])
    monkeypatch.setenv("COLUMNS", "80")
    code, _, text = stderr_on_terminal([installed_papers(), "sync", "--arxiv", "cs.CL",
                                        "--since", "2024-01-01", "--until", "2024-01-20"])
    assert code == 0, text
    shown = screen_lines(text)
    assert shown[0] == "papers: synced arXiv cs.CL, 2024-01-01 to 2024-01-20: 240 papers added;"
    assert len(shown) == 2 and shown[1].startswith("  "), shown
    assert all(cell_width(line) <= 80 for line in shown), shown


# Each value refused: a number, a date, a choice, a blank filter, a file name.
BAD_VALUES = [(command, *rest) for command in ("today", "for-you", "search", "starred")
              for rest in (("--limit", "abc"), ("-n", "-1"), ("--since", "bogus"),
                           ("--until", "bogus"), ("--sort", "bogus"), ("--columns", "bogus"),
                           ("--format", "bogus"), ("-k", ""), ("-o", ""))
              if not (command == "for-you" and rest[0] == "--sort")]  # (ranked: no --sort)


@pytest.mark.parametrize("args", BAD_VALUES, ids=" ".join)
def test_every_bad_option_value_ends_with_what_to_give(papers, args: tuple[str, ...]) -> None:
    """`--limit abc` ended "see --help", `-n -1` "see 'papers for-you --help'" (which one
    by the line's length), a blank -k the same, while --sort and --since said what to
    use: now each bad value's line ends with what to give instead, whatever the command."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line.startswith("papers: error: ") and "see " not in line, line
    assert re.search(r" — (use|give) [^—]+$", line), line
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize("args", [("show", "2611.77777"), ("related", "2611.77777"),
                                  ("tag", "2611.77777", "robotics")], ids=" ".join)
def test_a_paper_arxiv_cannot_be_asked_about_fits_80_columns(
        hub: HubServer, library, args: tuple[str, ...],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not on the Hub, arXiv out of reach: the Hub's URL, arXiv's and the OS's words made
    244 columns ("… (http://…/api/papers/2611.77777 answered 404) — arXiv could not be
    asked either (cannot connect to http://… ([Errno 111] Connection refused)); …").
    What failed, and not "try later" of a refused connection: the variable that set
    arXiv's endpoint named as what refused (with "— check ARXIV_API_ENDPOINT" it made 92
    columns), and what to do: "— check it" (it ended in what failed, nothing to do);
    "unknown" read as if arXiv had said it has no such paper. PAPERS_DEBUG shows the
    rest."""
    done = library(*args)
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == ("papers: error: not on the Hub: 2611.77777; ARXIV_API_ENDPOINT "
                    "refused — check it")
    assert cell_width(line) <= 80, line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(library(*args).stderr)
    assert "/api/papers/2611.77777 answered 404" in line, line
    assert "127.0.0.1:9 refused the connection" in line, line


def test_several_papers_arxiv_cannot_be_asked_about_are_said_alike(
        hub: HubServer, library,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """As one id's line: arXiv's address and the OS's words made 206 columns for two;
    with how arXiv failed (it was left out, where one id's line says it) and not "try
    later" of a refused connection: what set arXiv's endpoint, as one id's line says it,
    and the ids named ("2 ids not on the Hub; … — check it" named none: naming them
    leaves "— check it" no room, and the variable named as what refused says it)."""
    done = library("show", "2611.77777", "2611.77778")
    assert (done.exit_code, done.stdout) == (1, "")
    assert one_line(done.stderr) == (
        "papers: error: the Hub lacks 2611.77777, 2611.77778; ARXIV_API_ENDPOINT refused")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(library("show", "2611.77777", "2611.77778").stderr)
    assert ("arXiv could not be asked either (arXiv at 127.0.0.1:9 refused the "
            "connection)") in line


def test_what_arxiv_answered_is_said_in_a_few_words(
        hub: HubServer, arx: ArxivServer, papers) -> None:  # type: ignore[no-untyped-def]
    """An answer with an error status, after the retries, by its status."""
    arx.fail("status", status=503, times=10)
    done = papers("show", "2611.77777")
    assert (done.exit_code, done.stdout) == (1, "")
    assert one_line(done.stderr) == ("papers: error: 2611.77777 is not on the Hub; arXiv "
                                     "answered 503 — try later")


def test_an_id_arxiv_refused_to_look_up_says_to_check_it(
        hub: HubServer, arx: ArxivServer, papers) -> None:  # type: ignore[no-untyped-def]
    """A 4xx (a proxy's page, not arXiv's error feed) said "try later", as a 503 does:
    the lookup is refused again later. Several ids are named, which leaves no room for
    it ("2 ids not on the Hub; arXiv answered 400 — check the ids" named none)."""
    arx.fail("status", status=400, times=2, body=b"<html>Bad Request</html>")
    done = papers("show", "2611.77777")
    assert (done.exit_code, done.stdout) == (1, "")
    assert one_line(done.stderr) == ("papers: error: 2611.77777 is not on the Hub; arXiv "
                                     "answered 400 — check the id")
    done = papers("show", "2611.77777", "2611.77778")
    assert one_line(done.stderr) == ("papers: error: not on the Hub: 2611.77777, 2611.77778; "
                                     "arXiv answered 400")


LONG_TAGS = ["rl", "vision", "quantization", "long-context", "benchmarks", "multimodal",
             "diffusion", "robotics", "agents", "to-read", "retrieval", "speech"]


@pytest.mark.parametrize("args", [("tags", "--rename", "nope", "new"),
                                  ("tags", "--delete", "nope"), ("for-you", "--tag", "nope")],
                         ids=" ".join)
def test_an_unknown_tag_names_the_tags_there_are_in_80_columns(
        library, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """Ten tags of the twelve named made up to 160 columns: those that fit, most used
    first, the rest counted."""
    for count, tag in enumerate(LONG_TAGS):
        ids = ["2401.01055", "2404.14047"] if count < 2 else ["2401.01055"]
        assert library("tag", *ids, tag).exit_code == 0
    done = library(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line.startswith("papers: error: no paper is tagged 'nope' — tags: rl, vision, "), line
    assert line.endswith(" more)") and cell_width(line) <= 80, line


def test_a_listing_tag_no_paper_carries_is_said_in_80_columns(
        library) -> None:  # type: ignore[no-untyped-def]
    for tag in LONG_TAGS:
        assert library("tag", "2401.01055", tag).exit_code == 0
    done = library("search", "llava", "--tag", "nope", "--offline")
    assert done.exit_code == 0
    line = next(x for x in done.stderr.splitlines() if "no paper is tagged" in x)
    assert line.startswith("papers: no paper is tagged 'nope' (tags: "), line
    assert cell_width(line) <= 80, line


def test_a_host_that_does_not_resolve_fits_80_columns(papers, home: Home,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """"cannot connect to http://papers-hub.invalid ([Errno -2] Name or service not known)
    — check your network, or set HF_ENDPOINT" said the OS's words; now what failed in a
    few words and what to do, the rest under PAPERS_DEBUG."""
    monkeypatch.setenv("HF_ENDPOINT", "http://papers-hub.invalid")
    done = papers("day", "2026-10-14")
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == ("papers: error: cannot find the Hub's host papers-hub.invalid — check "
                    "HF_ENDPOINT")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    debug = one_line(papers("day", "2026-10-14").stderr)
    assert "[http://papers-hub.invalid/api/daily_papers?date=2026-10-14" in debug, debug
    assert debug.endswith("— check HF_ENDPOINT"), debug


@pytest.mark.parametrize(("args", "said"), [
    (("new", "spec"), "spec is a watch — did you mean papers new --watch spec?"),
    (("new", "SPEC"), "spec is a watch — did you mean papers new --watch spec?"),
    (("for-you", "spec"), "spec is a watch — did you mean papers for-you --watch spec?"),
    (("new", "my llava"), "'my llava' is a watch — name it with --watch"),
    (("new", "nope"), "extra argument 'nope' — did you mean -k nope?"),
    (("today", "spec"), "extra argument 'spec' — did you mean -k spec?"),
])
def test_a_watch_named_without_watch_is_said_with_the_option(
        papers, home: Home, args: tuple[str, ...], said: str) -> None:
    """`papers new spec`, a watch's name where the command takes it with --watch: said
    so, with the command that works (Click said only "got unexpected extra argument");
    a word that is no watch, or a command without --watch, is said as before."""
    write_config(home, '[watch.spec]\nkeyword = ["speculative"]\n'
                       '[watch."my llava"]\nfamily = ["LLaVA"]\n')
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = one_line(done.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line


LONG_WORD = "an-argument-much-too-long-to-be-said-whole"


@pytest.mark.parametrize("args", [
    # extra arguments after the commands of the longest names (the quoted words cut the
    # shorter the longer the name: "papers starred … 'mixture of exper…'" is 80 columns)
    ("watch", "rename", "a", "b", LONG_WORD), ("config", "unset", "k", LONG_WORD),
    ("cache", "clear", LONG_WORD), ("config", "path", "mixture of experts routing"),
    ("starred", "mixture of experts routing"), ("for-you", "a", "b", "c", LONG_WORD),
    # a long word where a command, a category, an id or a watch goes: 91 to 150 columns
    ("cache", LONG_WORD), ("watch", LONG_WORD), ("config", LONG_WORD),
    ("arxiv", LONG_WORD), ("show", LONG_WORD), ("star", "mixture of experts routing"),
    ("watch", "edit", LONG_WORD), ("watch", "edit", "mixture of experts routing"),
], ids=lambda args: " ".join(a[:12] for a in args))
def test_a_long_argument_is_said_in_80_columns(papers, args: tuple[str, ...]) -> None:
    """Every command's usage line with a long word where it does not belong fits 80
    columns, the word cut short where the line has no room for it."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, ""), done.stderr
    line = one_line(done.stderr)
    assert line.startswith("papers: error: ") and cell_width(line) <= 80, line


@pytest.mark.parametrize(("asked", "said"), [
    ((LONG_WORD,), f"no tag {quoted(LONG_WORD, 20)} — no tags yet (papers tag ID TAG)"),
    (tuple("abcdefghijk"), "no tag 'a' or 'b' or 9 more — no tags yet (papers tag ID TAG)"),
], ids=["long", "many"])
def test_tags_of_long_or_many_names_say_none_in_80_columns(
        papers, asked: tuple[str, ...], said: str) -> None:
    """`papers tags` of a long tag, or of eleven, named each whole: 107 to 143 columns."""
    done = papers("tags", *asked)
    line = one_line(done.stderr)
    assert line == f"papers: {said}" and cell_width(line) <= 80, line


@pytest.mark.parametrize(("env", "args", "named"), [
    ({"PAPERS_TIMEOUT": "3"}, ("config", "set", "network.timeout", "5"), "PAPERS_TIMEOUT"),
    ({"PAPERS_TIMEOUT": "abc"}, ("config", "show"), "PAPERS_TIMEOUT"),
    ({"VISUAL": "", "EDITOR": "/no/such/editor"}, ("config", "edit"), "EDITOR"),
    ({"VISUAL": "vim 'unclosed", "EDITOR": ""}, ("config", "edit"), "VISUAL"),
    ({"XDG_CACHE_HOME": "/dev/null"}, ("sync", "--since", "2026-11-20"), "XDG_CACHE_HOME"),
    ({"PAPERS_NOW": "garbage"}, ("today",), "PAPERS_NOW"),
])
def test_a_variable_is_named_bare_as_gh_and_git_name_it(
        papers, home: Home, env: dict[str, str], args: tuple[str, ...], named: str) -> None:
    """A message named EDITOR, HTTP_PROXY or a setting's PAPERS_TIMEOUT as `$EDITOR`, and
    PAPERS_NOW without the `$`: one rule now, the bare name, as gh and git say them."""
    result = papers(*args, env=env)
    said = result.stderr.strip()
    assert named in said, said
    assert not re.search(r"\$[A-Z]", said), said


@pytest.mark.parametrize(("args", "expected"), [
    (("note", "2401.01055", "-m", "x" * 200_001),  # (117 columns)
     "the note is 200,001 characters, over 200,000 — link to a file"),
    (("show", "2401.01055", "--full", "-o", "x.txt"),  # (84)
     "--full -o needs a Markdown file — name it FILE.md, or use -f md"),
    (("browse", "related"),  # (81)
     "browse related needs an ID — papers browse related 2401.01055"),
])
def test_more_error_lines_fit_80_columns(library, args: tuple[str, ...],  # type: ignore[no-untyped-def]
                                         expected: str) -> None:
    """Each said in 81 to 117 columns piped: said shorter where the whole does not fit,
    what to do kept."""
    result = library(*args)
    assert result.exit_code == 2 and result.stdout == "", result.stderr
    line = one_line(result.stderr)
    assert line == f"papers: error: {expected}", line
    assert cell_width(line) <= 80
