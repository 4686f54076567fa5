"""A new user's ids: a list pasted with commas and piped in, `--ids -` on `tag` and
`untag`, and what `tag` and `note` say when nothing was done. Through `main()` on the
seed library (no Hub reachable unless a test starts one)."""

from __future__ import annotations

import json

import pytest

from conftest import one_line

LLAVA = ["2501.03895", "2403.11703", "2306.00890"]  # LLaVA-Mini, -UHD, -Med (seed papers)


def starred_ids(library) -> list[str]:  # type: ignore[no-untyped-def]
    listed = library("starred", "--json")
    assert listed.exit_code == 0, listed.stderr
    return sorted(p["id"] for p in json.loads(listed.stdout))


@pytest.mark.parametrize("piped", [
    f"{LLAVA[0]},{LLAVA[1]}\n",  # as --ids and --like take them
    f"{LLAVA[0]}, {LLAVA[1]}\n",  # a list pasted as a person writes it
    f"{LLAVA[0]} ,{LLAVA[1]},\n",  # a stray comma before one, a trailing one
])
def test_ids_piped_with_commas_are_each_an_id(library, piped: str) -> None:  # type: ignore[no-untyped-def]
    """The comma-joined word passed the stdin check, then the command refused it
    ("'2501.03895…' is not an id — separate them"), or an empty piece ("'' is not an
    arXiv id or paper URL")."""
    result = library("star", "--offline", "-", input=piped)
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == "papers: starred 2 papers"
    assert starred_ids(library) == sorted(LLAVA[:2])


def test_tag_reads_comma_joined_ids_piped_in(library) -> None:  # type: ignore[no-untyped-def]
    result = library("tag", "-", "to-read", input=f"{LLAVA[0]},{LLAVA[2]}")
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == "papers: tagged 2 papers: to-read"


def test_only_commas_piped_is_nothing_piped(library) -> None:  # type: ignore[no-untyped-def]
    result = library("read", "-", input=", ,\n")
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("papers: error: no ids piped in")


def test_tag_and_untag_read_ids_piped_to_ids_dash(library) -> None:  # type: ignore[no-untyped-def]
    """`--ids -`, as `search --ids -` and `export --ids -` read it: it was "this command
    does not read standard input — give the id itself", of a command that reads it
    (`tag - TAG`)."""
    tagged = library("tag", "--ids", "-", "to-read", input=f"{LLAVA[0]}\n{LLAVA[1]}\n")
    assert tagged.exit_code == 0, tagged.stderr
    assert one_line(tagged.stderr) == "papers: tagged 2 papers: to-read"
    # `-` among ids given with it: the piped ones in its place, each paper once
    mixed = library("tag", "--ids", f"{LLAVA[2]},-", "later", input=f"{LLAVA[0]} {LLAVA[2]}")
    assert mixed.exit_code == 0 and one_line(mixed.stderr) == "papers: tagged 2 papers: later"
    untagged = library("untag", "--ids", "-", "to-read", input=LLAVA[0])
    assert untagged.exit_code == 0, untagged.stderr
    assert one_line(untagged.stderr) == "papers: untagged 1 paper: to-read"
    listed = library("tags", "--json")
    assert listed.json == [{"tag": "later", "papers": 2}, {"tag": "to-read", "papers": 1}]
    nothing = library("tag", "--ids", "-", "x", input="")
    assert nothing.exit_code == 2
    assert one_line(nothing.stderr).startswith("papers: error: no ids piped in")


@pytest.mark.parametrize("argv, error", [
    ((), "papers: error: no EDITOR and no terminal — use -m TEXT, or -m - to read stdin"),
    (("-m", " "), "papers: error: -m is empty; no note was written — give the note's text "
                  "after -m"),
])
def test_a_note_not_written_offline_says_only_why(library, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                  argv: tuple[str, ...], error: str) -> None:
    """A paper the library lacks, offline: "warning: not in the library yet, noted
    anyway" came first, then the error that nothing was noted."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    result = library("note", "2412.99998", *argv, "--offline", input="")
    assert result.exit_code == 2 and one_line(result.stderr) == error
    assert library("search", "--noted", "--offline", "--json").json == []
    written = library("note", "2412.99998", "-m", "idea", "--offline")
    assert written.exit_code == 0 and written.stderr.splitlines() == [
        "papers: warning: not in the library yet, noted anyway: papers show 2412.99998",
        "papers: saved the note on 2412.99998"]


def test_tagging_again_says_nothing_was_tagged_as_star_says_it(library) -> None:  # type: ignore[no-untyped-def]
    """"tagged 1 paper: ml (1 tag already there)" when the paper already had ml, read as
    if it had been tagged; `star` of a starred paper says "starred 0 papers (ID already
    starred)"."""
    assert library("tag", LLAVA[0], LLAVA[1], "ml", "rl").exit_code == 0
    again = library("tag", LLAVA[0], "ML")
    assert again.exit_code == 0, again.stderr
    assert one_line(again.stderr) == f"papers: tagged 0 papers ({LLAVA[0]} already tagged ml)"
    both = library("tag", LLAVA[0], LLAVA[1], "rl", "ml")
    assert one_line(both.stderr) == (
        f"papers: tagged 0 papers ({LLAVA[0]}, {LLAVA[1]} already tagged rl, ml)")
    # one of them new: the papers given counted, as before
    partly = library("tag", LLAVA[0], LLAVA[2], "ml")
    assert one_line(partly.stderr) == "papers: tagged 2 papers: ml (1 tag already there)"
    # tags too long to name beside the ids: the line still fits 80 columns
    long = ["a" * 40, "b" * 50]
    assert library("tag", LLAVA[0], *long).exit_code == 0
    twice = library("tag", LLAVA[0], *long)
    line = one_line(twice.stderr)
    assert line == f"papers: tagged 0 papers ({LLAVA[0]} already tagged)" and len(line) <= 80


@pytest.mark.parametrize("typed, line", [
    ("2501.0389\uff15", "papers: error: '2501.0389\uff15' is not a paper id — type it with "
                        "the digits 0-9"),  # one fullwidth digit
    ("\u0662\u0665\u0660\u0661.\u0660\u0663\u0668\u0669\u0665",  # Arabic-Indic
     "papers: error: '\u0662\u0665\u0660\u0661.\u0660\u0663\u0668\u0669\u0665' is not a "
     "paper id — type it with the digits 0-9"),
    # every digit fullwidth (two columns each): said in fewer words, the fix kept
    ("\uff12\uff15\uff10\uff11.\uff10\uff13\uff18\uff19\uff15",
     "papers: error: '\uff12\uff15\uff10\uff11.\uff10\uff13\uff18\uff19\uff15' is not a "
     "paper id — use the digits 0-9"),
])
def test_an_id_with_look_alike_digits_says_to_type_0_to_9(library, typed: str,  # type: ignore[no-untyped-def]
                                                           line: str) -> None:
    """As a date or a number with such a digit is said: "e.g. 2401.01055" beside an id that
    looks right did not say what is wrong with it."""
    from papercli.terminal import cell_width

    for command in ("star", "read", "show"):
        result = library(command, typed, "--offline") if command != "read" else \
            library(command, typed)
        assert result.exit_code == 2 and one_line(result.stderr) == line
        assert cell_width(line) <= 80
