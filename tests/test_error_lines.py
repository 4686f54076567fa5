"""The usage errors a person meets most (a mistyped date, week or month, an unknown
family, column, sort or format, a bad number, an unknown command or option, a missing
value) are worded to fit one 80-column line: the hint that says what to type was the
part a long line pushed out of sight (a date's hint made 140 columns, the family list
220, the formats 200)."""

from __future__ import annotations

import pytest

from conftest import Home, one_line, write_config
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
    (("today", "--limit", "abc"),
     "--limit: 'abc' is not a whole number — see 'papers today --help'"),
    (("today", "--min-upvotes", "x"), "--min-upvotes: 'x' is not a whole number — see --help"),
    (("todya",), "unknown command 'todya' — did you mean today?"),
    (("zzz",), "unknown command 'zzz' — see 'papers --help'"),
    (("today", "--limt", "5"), "no such option: --limt — did you mean --limit or --timeout?"),
    (("today", "--limit"), "--limit needs a value — see 'papers today --help'"),
])
def test_what_a_common_usage_error_says(papers, args: tuple[str, ...], said: str) -> None:
    """A choice's list is said in full when it fits and cut with a count when not; an
    option by its long name; a close name offered where there is one."""
    done = papers(*args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert one_line(done.stderr) == f"papers: error: {said}"


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
    (("watch", "add", "my watch", "-k", "quant"), 2,
     "invalid watch name 'my watch' — use letters, digits, _, - or +"),
    (("config", "set", "display.limit", "abc"), 2,
     "display.limit must be a whole number, got 'abc'"),
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


def test_related_in_an_empty_library_fits_80_columns(papers) -> None:
    done = papers("related", "2401.01055", "--offline")
    assert (done.exit_code, done.stdout) == (1, "")
    assert one_line(done.stderr) == ("papers: error: the library is empty: nothing to relate "
                                     "to — fill it with papers today or papers sync")


def test_an_unknown_family_in_a_hand_written_watch_is_said_in_80_columns(
        papers, home: Home) -> None:
    """Said by the family's own error, as the command line's --family says it."""
    write_config(home, '[watch.x]\nfamily = ["nope"]\n')
    from papercli.families import UnknownFamily

    done = papers("new", "--offline")
    assert done.exit_code == 1
    line = one_line(done.stderr)
    assert line.endswith("watch.x.family: unknown family 'nope' — papers families lists all "
                         "20"), line
    assert "LLaMA" not in line
    assert str(UnknownFamily("nope", ["LLaMA", "Mistral"])) == (
        "unknown family 'nope' — papers families lists all 2")
