"""Tags and notes through the command line: `papers tag/untag/tags/note`, `--tag` on every
listing, and where tags and notes show (table, JSON, Markdown, --split, feeds, digest,
show, search). The editor is a small script set as $EDITOR."""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import sys
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest

from conftest import Home, one_line
from hubserver import seed_items
from papercli import output
from papercli.models import parse_item
from papercli.terminal import cell_width

SEED = [parse_item(item) for item in seed_items()]
IDS = [p.id for p in SEED]
A, B, C = IDS[0], IDS[1], IDS[2]


def tags_of(papers: Any, *args: str) -> dict[str, list[str]]:
    """paper id -> "tags" of `papers search --offline --json ARGS` (all of the library)."""
    result = papers("search", "--offline", "--json", "-n", "0", *args)
    assert result.exit_code == 0, result.stderr
    return {p["id"]: p.get("tags", []) for p in result.json}


def editor(tmp_path: Path, text: str | None = None, *, status: int = 0,
           append: bool = False) -> dict[str, str]:
    """$EDITOR as a script that writes `text` into the file it is given (or appends it,
    or leaves the file alone when None) and exits with `status`; it also copies what it
    was handed to `seen.md` beside it."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, shutil\n"
        f"shutil.copyfile(sys.argv[-1], {str(tmp_path / 'seen.md')!r})\n"
        f"text = {text!r}\n"
        "if text is not None:\n"
        f"    with open(sys.argv[-1], {'a' if append else 'w'!r}, encoding='utf-8') as f:\n"
        "        f.write(text)\n"
        f"sys.exit({status})\n", encoding="utf-8")
    return {"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
            "VISUAL": ""}


# -- tag, untag, tags ----------------------------------------------------------------------


def test_tags_rename_merges_and_delete_takes_a_tag_off_every_paper(library: Any) -> None:
    assert library("tag", A, B, "rl", "vision").exit_code == 0
    assert library("tag", B, C, "reinforcement-learning").exit_code == 0
    renamed = library("tags", "--rename", "RL", "Reinforcement-Learning")  # any case
    assert renamed.exit_code == 0, renamed.stderr
    assert renamed.stdout == ""
    assert one_line(renamed.stderr) == ("papers: renamed rl to reinforcement-learning on 2 "
                                        "papers (1 already had it)")  # (80 columns)
    found = tags_of(library)
    assert found[A] == ["reinforcement-learning", "vision"]
    assert found[B] == ["reinforcement-learning", "vision"] and found[C] == [
        "reinforcement-learning"]
    listed = library("tags", "-d", "vision", "--json")  # the tags after it, for scripts
    assert listed.exit_code == 0, listed.stderr
    assert listed.json == [{"tag": "reinforcement-learning", "papers": 3}]
    assert one_line(listed.stderr) == "papers: took vision off 2 papers"
    assert library("search", "--offline", "--tag", "vision", "-q").stdout == ""
    for args, problem in ((("-m", "nope", "x"), "no paper is tagged 'nope'"),
                          (("-d", "reinforcement-learning", "-d", "nope"),
                           "no paper is tagged 'nope'"),
                          (("-m", "reinforcement-learning", "REINFORCEMENT-learning"),
                           "are the same tag"),
                          (("-m", "reinforcement-learning", "two words"), "is not a tag"),
                          (("-m", "a", "b", "-d", "c"), "separate changes")):
        refused = library("tags", *args)
        assert refused.exit_code == 2 and problem in one_line(refused.stderr), refused.stderr
    assert library("tags", "--json").json == [{"tag": "reinforcement-learning", "papers": 3}]


def test_rename_moves_the_tags_under_it_and_delete_says_what_it_left(library: Any) -> None:
    """A rename takes the tags nested under OLD along (`--tag video` finds `video/gen`:
    renaming `video` alone split the branch, and only said so); a delete takes the exact
    tag and says how to take those under it too. A tag that only has tags under it said
    "no paper is tagged 'video'" with every tag listed; a rename in case only said they
    were the same tag, not why."""
    assert library("tag", A, "video", "a").exit_code == 0
    assert library("tag", B, "video/gen").exit_code == 0
    moved = library("tags", "--rename", "video", "media")
    assert moved.exit_code == 0, moved.stderr
    assert moved.stderr.splitlines() == [
        "papers: renamed video to media and video/gen to media/gen on 2 papers"]
    assert tags_of(library)[B] == ["media/gen"]
    assert library("tag", B, "a/b", "a/c", "a/d/e", "a/f").exit_code == 0
    gone = library("tags", "-d", "a")
    assert gone.exit_code == 0, gone.stderr
    assert gone.stderr.splitlines() == ["papers: took a off 1 paper",
                                        "papers: 4 tags under a kept their names: a/b, a/c "
                                        "and 2 more (-r takes them too)"]
    only_under = library("tags", "-d", "a/d")
    assert only_under.exit_code == 2
    assert one_line(only_under.stderr) == ("papers: error: no paper is tagged 'a/d' itself — "
                                           "-r takes a/d/e under it")
    case = library("tags", "-m", "Media", "media")
    assert case.exit_code == 2
    assert one_line(case.stderr) == ("papers: error: 'Media' and 'media' are the same tag "
                                     "(tags are case-folded)")
    assert tags_of(library)[A] == ["media"]
    alone = library("tags", "-m", "a/d", "x")  # only tags under it: they move
    assert alone.exit_code == 0, alone.stderr
    assert one_line(alone.stderr) == "papers: renamed a/d/e to x/e on 1 paper"


def test_rename_of_a_branch_merges_into_the_tags_there_in_one_go(library: Any) -> None:
    """`tags -m ml ai` with `ai/vision` there already: `ml/vision` merges into it (a paper
    that had both keeps one), every tag under `ml` moves, and the line counts the tags
    and papers; `ml` -> `ml/misc` (NEW under OLD) renames `ml` alone, saying what stayed;
    a new name over 64 characters renames nothing."""
    assert library("tag", A, "ml", "ml/vision").exit_code == 0
    assert library("tag", B, "ml/vision/3d", "ai/vision").exit_code == 0
    assert library("tag", C, "ml/nlp", "ai/vision", "ml-ops").exit_code == 0
    renamed = library("tags", "-m", "ML", "ai")
    assert renamed.exit_code == 0, renamed.stderr
    assert one_line(renamed.stderr) == ("papers: renamed ml to ai with the 3 tags under it on "
                                        "3 papers (1 tag merged)")  # (into ai/vision)
    found = tags_of(library)
    assert found[A] == ["ai", "ai/vision"]
    assert found[B] == ["ai/vision", "ai/vision/3d"]
    assert found[C] == ["ai/nlp", "ai/vision", "ml-ops"]  # ml-ops is not under ml
    assert library("tag", C, "ml/vision").exit_code == 0
    merged = library("tags", "-m", "ml", "ai")
    assert one_line(merged.stderr) == "papers: renamed ml/vision to ai/vision on 1 paper " \
        "(1 already had ai/vision)"
    assert tags_of(library)[C] == ["ai/nlp", "ai/vision", "ml-ops"]
    inward = library("tags", "-m", "ai", "ai/misc")
    assert inward.exit_code == 0, inward.stderr
    assert inward.stderr.splitlines() == [
        "papers: renamed ai to ai/misc on 1 paper",
        "papers: 3 tags under ai kept their names: ai/vision, ai/nlp, ai/vision/3d"]
    assert tags_of(library)[A] == ["ai/misc", "ai/vision"]
    long = library("tags", "-m", "ai", "x" * 60)
    assert long.exit_code == 2 and cell_width(one_line(long.stderr)) <= 80
    assert one_line(long.stderr) == ("papers: error: 'ai/vision/3d' would be 70 characters — "
                                     "a tag is at most 64")
    assert tags_of(library)[B] == ["ai/vision", "ai/vision/3d"]


def test_delete_recursive_takes_the_branch(library: Any) -> None:
    """`tags -d video -r` (as rm -r) takes `video` and every tag under it, and counts
    them; `-r` alone, or with --rename, is refused with what to type."""
    assert library("tag", A, "video", "video/gen", "videos").exit_code == 0
    assert library("tag", B, "video/gen/long").exit_code == 0
    gone = library("tags", "-d", "video", "-r")
    assert gone.exit_code == 0, gone.stderr
    assert one_line(gone.stderr) == ("papers: took video, video/gen, video/gen/long off "
                                     "2 papers (3 tags in all)")
    assert tags_of(library)[A] == ["videos"] and B not in {
        pid for pid, tags in tags_of(library).items() if tags}
    assert library("tag", B, "a/b").exit_code == 0
    under = library("tags", "-d", "a", "--recursive")  # only tags under it: taken
    assert one_line(under.stderr) == "papers: took a/b off 1 paper"
    for args in (("-r",), ("-m", "videos", "v", "-r")):
        refused = library("tags", *args)
        assert refused.exit_code == 2
        assert one_line(refused.stderr) == ("papers: error: -r goes with --delete — "
                                            "papers tags -d TAG -r")


def test_slashes_at_the_ends_or_doubled_are_one_tag(library: Any) -> None:
    """`ml/`, `/ml` and `ml//x` were kept as typed: three more tags, listed apart from
    `ml` and `ml/x`, which `tags -m ml ai` left behind. Now they are `ml` and `ml/x`."""
    tagged = library("tag", A, "ml/", "/ml", "ml//x", " ML/X/ ")
    assert tagged.exit_code == 0, tagged.stderr
    assert one_line(tagged.stderr) == "papers: tagged 1 paper: ml, ml/x"
    assert tags_of(library)[A] == ["ml", "ml/x"]
    assert library("search", "--offline", "--tag", "/ml/", "-q").stdout.split() == [A]
    assert library("untag", A, "ml//x").exit_code == 0
    assert tags_of(library)[A] == ["ml"]
    long = library("tag", A, "x" * 65)
    assert long.exit_code == 2 and cell_width(one_line(long.stderr)) <= 80
    assert one_line(long.stderr) == ("papers: error: the tag 'xxxxxxxxxxxxxxxx…' has 65 "
                                     "characters — at most 64")


def test_a_tag_of_only_slashes_or_dots_says_it_needs_a_letter(library: Any) -> None:
    """`papers tag ID /` said "a tag is letters, digits, '-', '_', '/' or '.'", as if '/'
    were one."""
    for bad in ("/", "./.", "//"):
        refused = library("tag", A, bad)
        assert refused.exit_code == 2
        assert one_line(refused.stderr) == (f"papers: error: '{bad}' is not a tag — a tag "
                                            "needs a letter or digit")


@pytest.mark.parametrize("bad", ["_", "-_", "_/-", "__"])
def test_a_tag_of_only_dashes_or_underscores_says_it_needs_a_letter(library: Any,
                                                                   bad: str) -> None:
    """`-` and `_` were tags ("tagged 1 paper: foo2, -"), while `.` was refused: a tag of
    marks alone says nothing, and `-` is what reads ids from stdin."""
    refused = library("tag", A, "--", bad)
    assert refused.exit_code == 2
    assert one_line(refused.stderr) == (f"papers: error: '{bad}' is not a tag — a tag "
                                        "needs a letter or digit")
    assert library("tags", "--json").json == []


def test_a_tag_starting_with_a_dash_is_refused_with_the_tag_meant(library: Any) -> None:
    """`papers tag ID -- -x` stored `-x`, which `tags -d -- -x` could not take off ("no
    such option") and Markdown wrote as `#x`."""
    refused = library("tag", A, "ok", "--", "-x")
    assert refused.exit_code == 2
    assert one_line(refused.stderr) == ("papers: error: '-x' is not a tag — a tag cannot "
                                        "start with '-': did you mean x?")
    longer = library("tag", A, "--", "--Video/Gen")  # (the whole line: 96 columns)
    assert one_line(longer.stderr) == ("papers: error: '--Video/Gen' is not a tag — did you "
                                       "mean video/gen?")
    long = library("tag", A, "--", "-" + "x" * 63)
    assert long.exit_code == 2 and cell_width(one_line(long.stderr)) <= 80
    assert "is not a tag — a tag cannot start with '-'" in one_line(long.stderr)
    assert library("tags", "--json").json == []


@pytest.mark.parametrize("verb", ["tag", "untag"])
def test_a_dash_among_the_tags_says_it_goes_in_the_ids_place(library: Any, verb: str) -> None:
    """`papers tag ID foo2 -` tagged the paper `-` too: `-` reads the ids from stdin, in
    the ids' place, as the error now says (the ids are split from the tags by the first
    word that is no id)."""
    if verb == "untag":
        assert library("tag", A, "foo2").exit_code == 0
    refused = library(verb, A, "foo2", "-")
    assert refused.exit_code == 2 and refused.stdout == ""
    line = one_line(refused.stderr)
    assert line == f"papers: error: '-' is not a tag — ids from stdin: papers {verb} - foo2"
    assert cell_width(line) <= 80
    many = library(verb, A, *[f"tag{n}" for n in range(12)], "-")
    assert cell_width(one_line(many.stderr)) <= 80, many.stderr
    assert one_line(many.stderr).endswith("— - (ids from stdin) goes in the ids' place")
    assert library("tags", "--json").json == ([{"tag": "foo2", "papers": 1}]
                                              if verb == "untag" else [])


def test_a_tag_stored_before_the_rule_is_listed_and_can_be_taken_off(
        library: Any, home: Home) -> None:
    """A user database written before `-x`, `-` and `_` were refused still lists them,
    and `tags -d`, `tags -m` and `untag` name them as listed (normalised, each was
    refused as "not a tag")."""
    import sqlite3

    assert library("tag", A, B, "ml").exit_code == 0
    with contextlib.closing(sqlite3.connect(home.data / "papercli" / "user.db")) as conn:
        for pid, tag in ((A, "-x"), (B, "-x"), (A, "-"), (A, "_")):
            conn.execute("INSERT INTO tags VALUES (?, ?, '2026-01-01T00:00:00Z')", (pid, tag))
        conn.commit()
    listed = library("tags", "--json")
    assert {t["tag"] for t in listed.json} == {"ml", "-x", "-", "_"}
    deleted = library("tags", "-d", "-x")
    assert deleted.exit_code == 0, deleted.stderr
    assert one_line(deleted.stderr) == "papers: took -x off 2 papers"
    renamed = library("tags", "-m", "-", "dash")
    assert renamed.exit_code == 0, renamed.stderr
    assert one_line(renamed.stderr) == "papers: renamed - to dash on 1 paper"
    untagged = library("untag", A, "--", "_")
    assert untagged.exit_code == 0, untagged.stderr
    assert one_line(untagged.stderr) == "papers: untagged 1 paper: _"
    assert tags_of(library)[A] == ["dash", "ml"]


def test_full_width_letters_are_the_tag_typed_in_ascii(library: Any, home: Home) -> None:
    """`ＭＬ`, typed with an input method's full-width letters, was a tag of its own beside
    `ml` (listed apart, missed by `--tag ml`); now it is `ml`. One stored as typed before
    that rule is still named by `-d` as listed: `-d ｍｌ` took `ml` off instead."""
    import sqlite3

    tagged = library("tag", A, "ＭＬ", "ｖｉｓｉｏｎ/ｇｅｎ", "x²")
    assert tagged.exit_code == 0, tagged.stderr
    assert one_line(tagged.stderr) == "papers: tagged 1 paper: ml, vision/gen, x2"
    assert library("tag", B, "ml").exit_code == 0
    assert library("tags", "--json").json[0] == {"tag": "ml", "papers": 2}
    assert sorted(library("search", "--offline", "--tag", "ｍｌ", "-q").stdout.split()) == [A, B]
    with contextlib.closing(sqlite3.connect(home.data / "papercli" / "user.db")) as conn:
        conn.execute("INSERT INTO tags VALUES (?, 'ｍｌ', '2026-01-01T00:00:00Z')", (C,))
        conn.commit()
    deleted = library("tags", "-d", "ｍｌ")
    assert deleted.exit_code == 0, deleted.stderr
    assert one_line(deleted.stderr) == "papers: took ｍｌ off 1 paper"
    assert tags_of(library, "--tag", "ml") == {A: ["ml", "vision/gen", "x2"], B: ["ml"]}


@pytest.mark.parametrize(("typed", "meant"), [("#to-read", "to-read"), ("ml,", "ml"),
                                               ("#video/gen", "video/gen")])
def test_a_tag_typed_with_a_hash_or_a_comma_says_the_tag_meant(library: Any, typed: str,
                                                               meant: str) -> None:
    """`#to-read` (as a notes app writes a tag) or `ml,` (a list typed with commas) got
    the rule of what a tag is, "(no spaces)", leaving the one character to find."""
    refused = library("tag", A, typed)
    assert refused.exit_code == 2
    assert one_line(refused.stderr) == (f"papers: error: '{typed}' is not a tag — did you "
                                        f"mean {meant}?")
    assert library("tags", "--json").json == []


def test_tags_counts_a_thousand_papers_as_every_other_line_does(library: Any) -> None:
    """`papers tags` said "1371" beside "tagged 1,371 papers"."""
    ids = "".join(f"2401.{n:05d}\n" for n in range(20000, 21200))
    tagged = library("tag", "-", "bulk", "--offline", input=ids)
    assert tagged.exit_code == 0, tagged.stderr
    assert "tagged 1,200 papers: bulk" in tagged.stderr
    listed = library("tags", "--no-pager")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.split() == ["Tag", "Papers", "bulk", "1,200"]
    assert library("tags", "--json").json == [{"tag": "bulk", "papers": 1200}]


def test_tags_says_which_papers_it_counts_no_listing_can_show_yet(library: Any) -> None:
    """A paper tagged offline before the library had it: `tags` said "ml 3", `--tag ml`
    listed 2, and nothing said why. Now a line after the table names it."""
    assert library("tag", A, B, "ml").exit_code == 0
    assert library("tag", "2401.09999", "ml", "--offline").exit_code == 0
    listed = library("tags", "--no-pager")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.split() == ["Tag", "Papers", "ml", "3"]
    assert one_line(listed.stderr) == ("papers: counted above, not in the library yet: "
                                       "papers show 2401.09999")
    assert len(library("search", "--offline", "--tag", "ml", "-q").stdout.split()) == 2
    assert library("tag", "2401.09998", "rl", "--offline").exit_code == 0
    assert library("tags", "rl").stderr.strip() == ("papers: counted above, not in the "
                                                    "library yet: papers show 2401.09998")
    assert library("tag", "2401.09998", "ml", "--offline").exit_code == 0
    both = library("tags", "ml")
    # (in 80 columns: the first id named made the line 88, wrapped by a terminal)
    assert one_line(both.stderr) == ("papers: counted above, 2 papers not in the library: "
                                     "papers show ID fetches each")
    assert library("untag", "2401.09999", "2401.09998", "ml").exit_code == 0
    assert library("tags", "ml").stderr == ""  # (all of them in the library)


def test_a_tag_stored_with_slashes_before_they_were_tidied_can_be_renamed(
        library: Any, home: Home) -> None:
    """A user database from before the rule may hold `ml/`: `tags` lists it, and `-m`/`-d`
    name it as listed (its tidy form is `ml`, another tag)."""
    import sqlite3

    assert library("tag", A, "ml").exit_code == 0
    with contextlib.closing(sqlite3.connect(home.data / "papercli" / "user.db")) as conn:
        conn.execute("INSERT INTO tags VALUES (?, 'ml/', '2026-01-01T00:00:00Z')", (B,))
        conn.execute("INSERT INTO tags VALUES (?, 'ml/', '2026-01-01T00:00:00Z')", (A,))
        conn.commit()
    assert {t["tag"] for t in library("tags", "--json").json} == {"ml", "ml/"}
    merged = library("tags", "-m", "ml/", "ml")
    assert merged.exit_code == 0, merged.stderr
    assert one_line(merged.stderr) == "papers: renamed ml/ to ml on 2 papers (1 already had ml)"
    assert library("tags", "--json").json == [{"tag": "ml", "papers": 2}]


def test_tag_one_several_and_from_stdin_then_untag_and_count(library: Any) -> None:
    one = library("tag", A, "Robotics", "rl")
    assert one.exit_code == 0, one.stderr
    assert one.stderr.strip().endswith("tagged 1 paper: robotics, rl"), one.stderr
    several = library("tag", "--ids", f"{B},{C}", "--ids", A, "robotics")
    assert several.exit_code == 0
    assert "tagged 3 papers: robotics (1 tag already there)" in several.stderr
    # Ids before the tags are all papers, not a tag named like a paper.
    listed = library("tag", B, C, "robotics", "vision")
    assert listed.exit_code == 0, listed.stderr
    assert "tagged 2 papers: robotics, vision (2 tags already there)" in listed.stderr
    assert library("untag", B, C, "vision").exit_code == 0
    only_ids = library("tag", B, C)
    assert only_ids.exit_code == 2 and "give tags after the paper ids" in only_ids.stderr
    piped_ids = library("search", "--offline", "--tag", "robotics", "--format", "ids")
    assert sorted(piped_ids.stdout.split()) == sorted([A, B, C])
    piped = library("tag", "-", "reading/2026", input=piped_ids.stdout)
    assert piped.exit_code == 0, piped.stderr
    found = tags_of(library)
    assert found[A] == ["reading/2026", "rl", "robotics"]
    assert found[B] == found[C] == ["reading/2026", "robotics"]
    assert all(not found[i] for i in IDS[3:])
    listed = library("tags", "--json")
    assert listed.json == [{"tag": "reading/2026", "papers": 3},
                           {"tag": "robotics", "papers": 3}, {"tag": "rl", "papers": 1}]
    table = library("tags")
    assert table.exit_code == 0 and re.search(r"robotics\s+3", table.stdout)
    gone = library("untag", A, "RL", "robotics")
    assert gone.exit_code == 0 and one_line(gone.stderr) == "papers: untagged 1 paper: rl, robotics"
    none = library("untag", "-", "never-used", input=f"{A}\n{B}\n")
    assert none.exit_code == 0
    assert one_line(none.stderr) == "papers: warning: no paper given was tagged never-used"
    assert library("tags", "--json").json == [{"tag": "reading/2026", "papers": 3},
                                              {"tag": "robotics", "papers": 2}]


def test_many_tags_at_once_are_said_in_one_short_line(library: Any) -> None:
    """`papers tag ID t1 … t220` wrote every tag back in one line of 1,500 characters:
    the first ten are named, the rest counted."""
    many = [f"t{i}" for i in range(1, 221)]
    result = library("tag", A, B, *many)
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == ("papers: tagged 2 papers: t1, t2, t3, t4, t5, t6, t7, "
                                       "t8, t9, t10 and 210 more")
    assert len(library("tags", "--json").json) == 220


def test_tags_by_name_and_the_first_n(library: Any) -> None:
    """With 200 tags, `papers tags` had no -n (as `orgs` and `families` have) and no order
    but most used: `--sort name` puts `video/gen` next to `video`; -n cuts, and says so."""
    assert library("tag", A, B, C, "zoo").exit_code == 0
    assert library("tag", A, B, "video/gen").exit_code == 0
    assert library("tag", A, "video", "apple").exit_code == 0
    used = library("tags", "--json")
    assert [t["tag"] for t in used.json] == ["zoo", "video/gen", "apple", "video"]
    named = library("tags", "--sort", "name", "--json")
    assert named.exit_code == 0, named.stderr
    assert named.json == [{"tag": "apple", "papers": 1}, {"tag": "video", "papers": 1},
                          {"tag": "video/gen", "papers": 2}, {"tag": "zoo", "papers": 3}]
    assert [t["tag"] for t in library("tags", "-s", "NAME", "-n", "2", "--json").json] == [
        "apple", "video"]
    cut = library("tags", "-n", "2")
    assert cut.exit_code == 0, cut.stderr
    assert re.search(r"zoo\s+3", cut.stdout) and "apple" not in cut.stdout
    assert "2 of 4 tags (-n 0: all)" in cut.stdout
    assert "of 4 tags" not in library("tags", "-n", "0").stdout
    bad = library("tags", "--sort", "count")
    assert bad.exit_code == 2
    assert one_line(bad.stderr) == "papers: error: --sort 'count' — use used or name"


def test_tags_under_a_parent_and_several_deleted_at_once(library: Any) -> None:
    """`papers tags video` lists `video` and the tags nested under it; `tags -d a b` (as
    `untag` takes several) was Click's "got unexpected extra argument(s) (b)"."""
    assert library("tag", A, "video", "video/gen", "videos", "a", "b").exit_code == 0
    assert library("tag", B, "video/gen/long").exit_code == 0
    listed = library("tags", "Video", "--sort", "name", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [t["tag"] for t in listed.json] == ["video", "video/gen", "video/gen/long"]
    assert "videos" not in library("tags", "video").stdout
    none = library("tags", "robots")
    assert none.exit_code == 0 and none.stdout == ""
    # (it said "(papers tags lists yours)", of the command just run: now the tags there are)
    assert one_line(none.stderr) == ("papers: no tag 'robots' (or under it) — you have 6 "
                                     "tags: a, b, video, …")
    close = library("tags", "vidoe")
    assert close.exit_code == 0 and close.stdout == ""
    assert one_line(close.stderr) == ("papers: no tag 'vidoe' (or under it) — did you mean "
                                      "video?")
    several = library("tags", "-d", "a", "b")
    assert several.exit_code == 2
    assert one_line(several.stderr) == ("papers: error: --delete takes one tag each time — "
                                        "papers tags -d a -d b")
    assert tags_of(library)[A] == ["a", "b", "video", "video/gen", "videos"]  # nothing gone
    renamed = library("tags", "-m", "a", "c", "d")
    assert renamed.exit_code == 2 and "--rename takes OLD NEW" in one_line(renamed.stderr)


def test_untag_of_a_parent_says_the_tags_under_it_stay(library: Any) -> None:
    """`untag ID video` on a paper tagged `video/gen` only warned that it was not tagged
    video, though `--tag video` lists it: now the tags under it are named too."""
    assert library("tag", A, "video/gen", "video/gen/long", "rl").exit_code == 0
    untagged = library("untag", A, "video")
    assert untagged.exit_code == 0
    assert untagged.stderr.splitlines() == [
        f"papers: warning: {A} was not tagged video",
        "papers: tagged video/gen, video/gen/long under video (untag takes the exact tag)"]
    assert tags_of(library)[A] == ["rl", "video/gen", "video/gen/long"]


def test_tags_sorted_by_name_keep_a_branch_together(library: Any) -> None:
    """`tags --sort name` put `video-gen` and `video.x` between `video` and `video/gen`
    ('-' and '.' sort before '/'): the branch is together now, as --help says."""
    assert library("tag", A, "video", "video-gen", "video.x", "video/gen", "video2",
                   "video/gen/long", "video/a").exit_code == 0
    listed = library("tags", "--sort", "name", "--json")
    assert [t["tag"] for t in listed.json] == [
        "video", "video/a", "video/gen", "video/gen/long", "video-gen", "video.x", "video2"]


def test_untag_names_the_tags_that_were_not_there(library: Any) -> None:
    """`untag ID a typo` said only "removed 1 tag": the mistyped one went unsaid, as if
    gone. Each tag none of the papers carried is named in a warning; the rest go, said
    as `tag` says it ("removed 1 tag" beside "tagged 1 paper: rl" named neither what
    went nor off how many papers). A typo of a tag the papers carry is answered with it,
    as `tags --delete visoin` answers (the warning alone left `vision` on the paper)."""
    assert library("tag", A, B, "rl", "vision", "to-read").exit_code == 0
    one = library("untag", A, "rl", "visoin")
    assert one.exit_code == 0, one.stderr
    assert one.stderr.splitlines() == [
        "papers: untagged 1 paper: rl", f"papers: warning: {A} was not tagged visoin (did "
        "you mean vision?)"]
    typos = library("untag", A, B, "visoin", "to-raed")  # (in 80 columns: fewer words)
    assert typos.stderr == ("papers: warning: not tagged visoin or to-raed (did you mean "
                            "vision or to-read?)\n")
    assert library("untag", A, B, "to-read").exit_code == 0
    several = library("untag", A, B, "vision", "rl", "robots", "ml")
    assert several.exit_code == 0
    # rl is still on B: only the tags on none of them are named
    assert several.stderr.splitlines() == [
        "papers: untagged 2 papers: vision, rl",
        "papers: warning: no paper given was tagged robots or ml"]
    many = library("untag", A, *"abcdefg")
    assert one_line(many.stderr) == (f"papers: warning: {A} was not tagged a, b, c, d, e "
                                     "and 2 more")
    assert tags_of(library)[B] == []


@pytest.mark.parametrize("bad", ["two words", "red\x1b[31m", "#hash", "a,b", "..", "x" * 65,
                                 "\u202egnp.exe"])
def test_a_bad_tag_is_a_usage_error_and_tags_nothing(library: Any, bad: str) -> None:
    result = library("tag", A, "good", bad)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "\x1b" not in line and "\u202e" not in line
    assert library("tags", "--json").json == []


def test_a_note_of_only_control_characters_is_no_note(library: Any) -> None:
    """`-m` with only an escape sequence and a bell was stored: `--noted` listed the paper
    and its JSON said "note": "" (what is shown drops them). Now it is blank, refused as
    `-m ""` is."""
    blank = library("note", A, "-m", "\x1b[31m\x07\x1b]0;x\x07")
    assert blank.exit_code == 2, blank.stderr
    assert one_line(blank.stderr) == ("papers: error: -m is empty; no note was written "
                                      "— give the note's text after -m")
    assert library("search", "--offline", "--noted", "-q").stdout == ""
    assert library("note", A, "-m", "kept \x1b[1mbold\x1b[0m").exit_code == 0
    assert library("search", "--offline", "--noted", "-q").stdout.split() == [A]


@pytest.mark.parametrize(("bad", "said"), [
    # (a word typed with its accents as marks, as a Mac sends it, then a space)
    # (quoted shorter, for the line to fit 80 columns with "— join the words with -")
    ("x" + "e\u0301" * 40 + " y", "'x" + "e\u0301" * 9 + "…' is not a tag"),
    # (Devanagari: a vowel sign after each consonant; no precomposed form to fold to)
    ("a" + "\u0915\u093f" * 40, "the tag 'a" + "\u0915\u093f" * 7 + "…' has 81 characters"),
])
def test_a_long_bad_tag_is_quoted_cut_between_letters_and_marked_cut(
        library: Any, bad: str, said: str) -> None:
    """A bad tag too long to quote whole was cut inside a letter (an `e` without its
    accent, a consonant without its vowel sign), and a bad one of more than 80
    characters lost its end without a sign of it; now the cut keeps each letter whole and
    "…" says the quote goes on."""
    result = library("tag", A, bad)
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith(f"papers: error: {said}"), result.stderr


def test_a_tag_in_any_script_keeps_its_combining_marks(library: Any) -> None:
    """Vowel signs (Devanagari), harakat (Arabic) and the dot İ folds to are part of the
    word: a tag in those scripts is a tag, found again by --tag as typed."""
    words = ["हिंदी", "عَرَبِي", "İzmir", "ภาษา"]
    result = library("tag", A, *words)
    assert result.exit_code == 0, result.stderr
    folded = [w.casefold() for w in words]
    assert sorted(t["tag"] for t in library("tags", "--json").json) == sorted(folded)
    for word in words:
        assert set(tags_of(library, "--tag", word)) == {A}, word
    assert library("untag", A, *words).exit_code == 0
    assert library("tags", "--json").json == []


@pytest.mark.parametrize("bad", ["\u0301accent", "ring\u20dd", "red\ufe0f", "a\u034fb",
                                 "x-\u0301"])
def test_a_mark_that_is_not_part_of_a_letter_is_not_a_tag(library: Any, bad: str) -> None:
    result = library("tag", A, bad)
    assert result.exit_code == 2 and "is not a tag" in one_line(result.stderr)
    assert library("tags", "--json").json == []


def test_a_list_written_as_one_tag_is_said_to_be_several(library: Any) -> None:
    """`ml,vision` (as --ids takes ids) and `To Read` are refused with what to type instead,
    not the rule alone."""
    listed = library("tag", A, "ml,Vision")
    assert listed.exit_code == 2
    assert one_line(listed.stderr).endswith("— give ml and vision as separate tags")
    spaced = library("tag", A, "To Read")
    assert one_line(spaced.stderr).endswith("— no spaces: to-read, or give 2 tags")  # (80)
    other = library("tag", A, "ml,#cv")
    assert one_line(other.stderr).endswith("— use letters, digits and - _ / . only")
    assert library("tags", "--json").json == []


def test_tags_given_before_the_ids_are_said_to_go_after(library: Any) -> None:
    """`papers tag robotics ID` (tags first): the order to type, not "'robotics' is not an
    arXiv id" nor "give one or more tags" (the ids all read as papers)."""
    for verb in ("tag", "untag"):
        result = library(verb, "Robotics", A, "arxiv:" + B)
        assert result.exit_code == 2
        assert one_line(result.stderr) == (f"papers: error: the paper ids come before the "
                                           f"tags — papers {verb} {A} arxiv:{B} Robotics")
    assert library("tags", "--json").json == []


def test_a_subcommand_before_the_ids_is_read_as_the_command_meant(library: Any) -> None:
    """`papers tag add ID robotics` (gh's and git's way) was told `papers tag ID add
    robotics`, which tags the paper "add": the word is said as what it meant."""
    for verb, word, meant in (("tag", "add", "tag"), ("tag", "rm", "untag"),
                              ("untag", "remove", "untag")):
        result = library(verb, word, A, "robotics")
        assert result.exit_code == 2
        assert one_line(result.stderr) == (
            f"papers: error: papers {verb} has no '{word}' — papers {meant} {A} robotics")
        assert len(result.stderr.rstrip("\n")) <= 80
    assert library("tags", "--json").json == []


def test_an_id_written_with_a_space_after_the_prefix_is_shown_as_one_word(
        library: Any) -> None:
    """`papers tag arXiv: ID robotics` (as a citation writes it) was told to put the ids
    first, `papers tag ID arXiv: robotics`, which was refused again ('arXiv:' is not a
    tag): the hint now writes the id as one word."""
    for verb in ("tag", "untag"):
        result = library(verb, "arXiv:", A, "robotics")
        assert result.exit_code == 2 and result.stdout == ""
        assert one_line(result.stderr) == (  # (in 80 columns: it made 113-115)
            f"papers: error: write arXiv:ID as one word — papers {verb} arXiv:{A} robotics")
        both = library(verb, "robotics", "ARXIV:", A, "arxiv:", B)
        assert one_line(both.stderr).endswith(f"— papers {verb} ARXIV:{A} arxiv:{B} robotics")
    assert library("tag", f"arXiv:{A}", "robotics").exit_code == 0  # the hint works
    assert library("tags", "--json").json == [{"tag": "robotics", "papers": 1}]


def test_tag_usage_errors(library: Any) -> None:
    assert library("tag", A).exit_code == 2  # no tag
    assert library("tag").exit_code == 2
    assert library("tag", "-", "x", input="").exit_code == 2  # no ids on stdin
    assert library("tag", "not-an-id", "x").exit_code == 2
    assert library("tag", "--ids", ",", "x").exit_code == 2
    assert library("note", A, "--rm", "-m", "x").exit_code == 2


def test_several_papers_tagged_offline_are_said_in_one_short_line(library: Any) -> None:
    """Two ids and two tags made a 192-column warning saying "the tags shows"; one line
    counting them in 80 columns now, with the next step, as is the note of a `--tag`
    listing empty because of them."""
    result = library("tag", "2412.99997", "2412.99996", "later", "maybe", "--offline")
    assert result.exit_code == 0, result.stderr
    warning, done = result.stderr.splitlines()
    assert warning == ("papers: warning: 2 papers not in the library yet, tagged anyway: "
                       "papers show ID")
    assert len(warning) <= 80
    assert done == "papers: tagged 2 papers: later, maybe"
    listed = library("starred", "--tag", "maybe")
    assert one_line(listed.stderr) == ("papers: 2 tagged papers are not in the library "
                                       "(2412.99996, …): papers show ID")
    assert all(cell_width(line) <= 80 for line in (warning, one_line(listed.stderr)))


@pytest.mark.parametrize(("args", "done"), [(("tag", "later"), "tagged"),
                                            (("note", "-m", "hi"), "noted"),
                                            (("read",), "marked"), (("hide",), "hidden")])
def test_what_could_not_be_checked_is_said_alike_by_every_command(
        library: Any, args: tuple[str, ...], done: str) -> None:
    """`tag X t --offline` said "not in the library yet, tagged anyway: papers show X"
    while `read X --offline` said "could not check X on the Hub (offline); marked
    anyway": one wording for all, and in 80 columns for several."""
    verb, *rest = args
    one = library(verb, "2412.99999", *rest, "--offline")
    assert one.exit_code == 0, one.stderr
    assert one.stderr.splitlines()[0] == (
        f"papers: warning: not in the library yet, {done} anyway: papers show 2412.99999")
    if verb == "note":
        return
    many = [f"2412.9998{n}" for n in range(5)]
    several = library(verb, *many, *rest, "--offline")
    assert several.stderr.splitlines()[0] == (
        f"papers: warning: 5 papers not in the library yet, {done} anyway: papers show ID")


def test_a_paper_tagged_offline_before_the_library_has_it(library: Any) -> None:
    """Without the Hub the id cannot be checked: tagged with a warning (as `read`) that
    says the paper is not in the library and that the tag shows once it is; a `--tag`
    listing that is empty because of that says so, instead of a bare "No papers." beside
    `tags` counting one paper; so does a search whose words only such a note has."""
    result = library("tag", "2412.99999", "later", "--offline")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "papers: warning: not in the library yet, tagged anyway: papers show 2412.99999")
    assert library("tags", "--json").json == [{"tag": "later", "papers": 1}]
    listed = library("search", "--tag", "later", "--offline")
    assert listed.exit_code == 0 and listed.stdout == ""
    assert one_line(listed.stderr) == (
        "papers: the tagged paper is not in the library yet: papers show 2412.99999")
    noted = library("note", "2412.99998", "-m", "qwertyzap idea", "--offline")
    assert noted.exit_code == 0
    assert noted.stderr.splitlines()[0] == (
        "papers: warning: not in the library yet, noted anyway: papers show 2412.99998")
    found = library("search", "qwertyzap", "--offline", "--json")
    assert found.exit_code == 0 and found.json == []
    assert found.stderr.splitlines()[0] == (  # (then the no-match line, as a table's)
        "papers: warning: a noted paper is not in the library yet: papers show 2412.99998")
    # One tagged paper in the library (left out by a filter): not why there are none; the
    # one the library lacks is said left out, as a --noted listing says its own.
    assert library("tag", A, "later").exit_code == 0
    filtered = library("search", "--tag", "later", "-k", "zzzznothing", "--offline")
    assert filtered.stderr.splitlines() == [
        "papers: left out tagged 2412.99999, not in the library: papers show 2412.99999",
        "papers: no library paper contains the word zzzznothing and is tagged later"]


# -- --tag filters every listing ----------------------------------------------------------


def test_tag_filter_on_search_starred_export_and_new(library: Any, home: Home) -> None:
    assert library("tag", "--ids", f"{A},{B}", "vision").exit_code == 0
    assert library("tag", B, "ML").exit_code == 0
    assert set(tags_of(library, "--tag", "vision")) == {A, B}
    assert set(tags_of(library, "--tag", "vision", "--tag", "ml")) == {B}  # all must match
    assert tags_of(library, "--tag", "nobody") == {}
    word = SEED[0].title.split()[0]
    worded = library("search", word, "--offline", "--json", "--tag", "vision")
    assert worded.exit_code == 0 and set(worded.ids) <= {A, B} and worded.ids
    assert library("star", A, C, "--offline").exit_code == 0
    starred = library("starred", "--json", "--tag", "VISION")
    assert starred.exit_code == 0 and starred.ids == [A]
    exported = library("export", "--tag", "vision", "--format", "json")
    assert exported.exit_code == 0 and sorted(exported.ids) == sorted([A, B])
    streamed = library("export", "--tag", "ml", "--format", "ids")
    assert streamed.stdout.split() == [B]
    bad = library("search", "--offline", "--tag", "no good")
    assert bad.exit_code == 2 and "not a tag" in one_line(bad.stderr)



def test_a_slash_nests_tags_for_every_tag_filter(library: Any) -> None:
    """`video/gen` is under `video`, as Zotero and Obsidian read a slash: `--tag video`
    found only the papers tagged `video` itself, and `for-you --tag video` with only
    `video/gen` tagged said no paper was tagged 'video'. Every place `--tag` is read agrees;
    `video-gen` and `videos` are not under it."""
    assert library("tag", A, "video/gen").exit_code == 0
    assert library("tag", B, "video/understanding/long").exit_code == 0
    assert library("tag", C, "video-gen", "videos").exit_code == 0
    assert set(tags_of(library, "--tag", "video")) == {A, B}
    assert set(tags_of(library, "--tag", "Video/")) == {A, B}  # a trailing slash: the same
    assert set(tags_of(library, "--tag", "video/understanding")) == {B}
    assert set(tags_of(library, "--tag", "video/gen")) == {A}
    assert tags_of(library, "--tag", "vid") == {}  # a prefix of a word is not a parent
    assert set(tags_of(library, "--tag", "video", "--tag", "video/gen")) == {A}
    exported = library("export", "--tag", "video", "--format", "ids")
    assert sorted(exported.stdout.split()) == sorted([A, B])
    assert library("star", A, C, "--offline").exit_code == 0
    assert library("starred", "--tag", "video", "--json").ids == [A]
    ranked = library("for-you", "--tag", "video", "--json", "-n", "3")
    assert ranked.exit_code == 0, ranked.stderr
    assert not {A, B} & set(ranked.ids)  # the tag's papers are the taste, not the list
    from papercli.cli.completion import tag_names

    assert tag_names("video/") == ["video/gen", "video/understanding/long"]


def test_noted_keeps_the_papers_with_a_note_on_every_listing(library: Any) -> None:
    """`--noted` lists what you wrote notes on (there was no way to): on search, starred
    and export, combined with the other filters; with no note at all it says how to write
    one instead of a bare "No papers."."""
    none = library("search", "--offline", "--noted")
    assert none.exit_code == 0 and none.stdout == ""
    assert one_line(none.stderr) == "papers: no note written yet: papers note ID -m TEXT writes one"
    assert library("note", A, "-m", "read the appendix", "--offline").exit_code == 0
    assert library("note", C, "-m", "baseline", "--offline").exit_code == 0
    assert set(tags_of(library, "--noted")) == {A, C}
    listed = library("search", "--offline", "--noted")
    assert listed.exit_code == 0 and "with notes" in listed.stdout
    assert library("star", A, B, "--offline").exit_code == 0
    assert library("starred", "--noted", "--json").ids == [A]
    assert sorted(library("export", "--noted", "--format", "ids").stdout.split()) == sorted([A, C])
    assert library("note", C, "--rm", "--offline").exit_code == 0
    assert set(tags_of(library, "--noted")) == {A}
    assert library("search", "--offline", "--noted", "--noted").exit_code == 0


def test_a_tag_no_paper_carries_is_said_and_yours_named(library: Any) -> None:
    """`--tag visoin` (a typo) said only "No papers.", as an unknown --org did before."""
    fresh = library("search", "--offline", "--tag", "vision")
    assert fresh.exit_code == 0
    assert one_line(fresh.stderr) == "papers: no paper is tagged yet: papers tag ID TAG tags one"
    assert library("tag", "--ids", f"{A},{B}", "vision").exit_code == 0
    assert library("tag", B, "ml").exit_code == 0
    typo = library("search", "--offline", "--tag", "visoin")
    assert typo.exit_code == 0
    assert one_line(typo.stderr) == "papers: no paper is tagged 'visoin' (did you mean vision?)"
    far = library("search", "--offline", "--tag", "xyz")
    assert one_line(far.stderr) == "papers: no paper is tagged 'xyz' (tags: vision, ml)"
    both = library("starred", "--tag", "vision", "--tag", "robots")
    assert "no paper is tagged 'vision' and 'robots'" in both.stderr
    # Papers carry the tag, the other filters leave none: nothing to say about the tag.
    narrowed = library("search", "--offline", "--tag", "ml", "--family", "Gemma")
    assert "no paper is tagged" not in narrowed.stderr  # (the no-match line names it)


def test_a_tag_no_paper_carries_offers_the_close_one(library: Any) -> None:
    """`--tag robotic` beside six tags said "(tags: survey, … (5 more))", naming one and
    never `robotics`; as an unknown --family does, the close tag is offered now, by the
    listings, `for-you --tag` and `tags -d`/`-m` alike, and a tag some paper carries
    given with it is left out of the line."""
    for name in ("survey", "to-read", "llm", "vision-language-models",
                 "reinforcement-learning"):
        assert library("tag", A, B, name).exit_code == 0
    assert library("tag", C, "robotics").exit_code == 0
    meant = "papers: no paper is tagged 'robotic' (did you mean robotics?)"
    listed = library("search", "--offline", "--tag", "robotic")
    assert (listed.exit_code, listed.stdout) == (0, "")
    assert one_line(listed.stderr) == meant
    both = library("starred", "--tag", "survey", "--tag", "robotic")
    assert one_line(both.stderr) == meant
    for args in (("for-you", "--tag", "robotic"), ("tags", "-d", "robotic"),
                 ("tags", "-m", "robotic", "robots")):
        refused = library(*args)
        assert refused.exit_code == 2, refused.stderr
        assert one_line(refused.stderr) == (
            "papers: error: no paper is tagged 'robotic' — did you mean robotics?"), args
    assert library("tags", "--json").json[-1] == {"tag": "robotics", "papers": 1}


ZOTERO_TAG = "computer-science-computer-vision-and-pattern-recognition"  # (56: a keyword's)


@pytest.mark.parametrize("args", [
    ("starred", "--tag", ZOTERO_TAG[:-1]), ("search", "--offline", "--tag", ZOTERO_TAG[:-1]),
    ("tags", ZOTERO_TAG[:-1]), ("tags", "-d", ZOTERO_TAG[:-1]),
    ("tags", "-m", ZOTERO_TAG[:-1], "cv"), ("for-you", "--tag", ZOTERO_TAG[:-1]),
    ("starred", "--tag", "x" * 64),
], ids=["starred", "search", "tags", "delete", "rename", "for-you", "longest"])
def test_a_long_tag_no_paper_carries_is_said_in_80_columns(library: Any,
                                                           args: tuple[str, ...]) -> None:
    """A keyword from Zotero becomes a long tag ("Computer Science - Computer Vision and
    Pattern Recognition", 56 characters as a tag); one letter off, each answer quoted
    it whole and named the tags there are or the close one beside it: 101 to 119
    columns. The line fits 80, the tag asked cut short where it must be."""
    for tag in (ZOTERO_TAG, "computer-science-machine-learning", "statistics-machine-learning"):
        assert library("tag", A, tag).exit_code == 0
    result = library(*args)
    assert result.exit_code == (2 if args[0] == "for-you" or args[1] in ("-d", "-m") else 0)
    line = one_line(result.stderr)
    assert cell_width(line) <= 80, line
    assert re.match(r"papers: (error: )?no (paper is tagged|such tag|tag) '(comp|xxx)", line), line
    assert result.stdout == ""
    assert library("tags", "--json").json[0]["papers"] == 1  # (nothing renamed or deleted)


def test_what_tag_untag_and_rename_did_is_said_in_80_columns(library: Any) -> None:
    """Five everyday tags, or one long one a Zotero keyword made, put on, taken off,
    tagged again, mistyped and renamed: "tagged 1 paper: robotics, survey, …" named all
    ten it may and the rename both names whole, 86 to 143 columns. Each line fits 80,
    the tags that do not fit counted; the tags themselves are all put on and off."""
    five = ["robotics", "survey", "reinforcement-learning", "vision-language-models",
            "to-read"]
    runs = [("tag", A, *five), ("tag", A, *five), ("untag", A, *five),
            ("tag", A, ZOTERO_TAG), ("tag", A, ZOTERO_TAG), ("untag", A, ZOTERO_TAG + "x"),
            ("tags", "-m", ZOTERO_TAG, ZOTERO_TAG.replace("computer-", "cs-") + "-x")]
    for args in runs:
        result = library(*args)
        assert result.exit_code == 0, result.stderr
        for line in result.stderr.splitlines():
            assert cell_width(line) <= 80, (args, line)
    assert library("tags", "--json").json == [
        {"tag": ZOTERO_TAG.replace("computer-", "cs-") + "-x", "papers": 1}]
    told = library("tag", A, *five).stderr
    assert told.startswith("papers: tagged 1 paper: robotics, survey, "), told
    assert re.search(r" and [23] more\n$", told), told


def test_tag_filter_on_a_daily_listing_and_new(papers: Any, seeded_hub: Any) -> None:
    today = [p.id for p in SEED[:10]]
    assert papers("tag", "--ids", f"{today[1]},{today[4]},{IDS[15]}", "vision").exit_code == 0
    listing = papers("today", "--json", "--tag", "vision")
    assert listing.exit_code == 0, listing.stderr
    assert sorted(listing.ids) == sorted([today[1], today[4]])
    assert all(p["tags"] == ["vision"] for p in listing.json)
    new = papers("new", "--json", "--all", "--tag", "vision", "--peek")
    assert new.exit_code == 0, new.stderr
    assert new.ids and set(new.ids) <= {today[1], today[4], IDS[15]}


def test_tag_filter_titles_and_an_empty_user_database(library: Any, home: Home) -> None:
    result = library("search", "--offline", "--tag", "x")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no paper is tagged yet" in result.stderr
    assert not (home.data / "papercli" / "user.db").exists()  # a filter creates none


# -- where tags show ----------------------------------------------------------------------


def test_tags_column_only_when_a_shown_paper_has_one(library: Any) -> None:
    plain = library("search", "--offline", "-n", "0")
    assert "Tags" not in plain.stdout.splitlines()[1]
    assert library("tag", A, "robotics", "cs.ro").exit_code == 0
    table = library("search", "--offline", "-n", "0")
    header = table.stdout.splitlines()[1]
    assert header.rstrip().endswith("Tags")
    row = next(line for line in table.stdout.splitlines() if A in line)
    assert row.rstrip().endswith("cs.ro robotics")
    others = library("search", "--offline", "-n", "0", "--tag", "none")
    assert "Tags" not in others.stdout


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_tags_column_fits_each_width(width: int) -> None:
    extras = {SEED[0].id: {"tags": ["robotics", "long/tag-name.v2"]}}
    lines = output.table_lines(SEED[:5], width=width, extras=extras)
    text = ["".join(t for t, _ in line).rstrip() for line in lines]
    assert all(len(line) <= width for line in text)
    if width >= 120:
        assert "Tags" in text[0] and "robotics" in text[1]
    assert SEED[0].id in text[1]  # the id always stays


def test_json_markdown_split_feed_and_digest_carry_tags_and_notes(
        library: Any, tmp_path: Path) -> None:
    assert library("tag", A, "robotics", "cs.ro").exit_code == 0
    assert library("note", A, "-m", "Check the *ablation*.").exit_code == 0
    got = library("search", "--offline", "--json", "-n", "0").json
    first = next(p for p in got if p["id"] == A)
    assert first["tags"] == ["cs.ro", "robotics"] and first["note"] == "Check the *ablation*."
    assert all("tags" not in p and "note" not in p for p in got if p["id"] != A)

    md = library("export", "--tag", "robotics", "--format", "md").stdout
    assert "`#cs.ro` `#robotics`" in md
    hashtags = library("export", "--tag", "robotics", "--md-tags").stdout
    assert "#cs-ro #robotics" in hashtags

    atom = feedparser.parse(library("export", "--tag", "robotics", "--format", "atom")
                            .stdout.encode())
    rss = feedparser.parse(library("export", "--tag", "robotics", "--format", "rss")
                           .stdout.encode())
    for feed in (atom, rss):
        assert not feed.bozo
        [entry] = feed.entries
        mine = {t["term"] for t in entry.tags if t.get("scheme") == "urn:papercli:tags"}
        assert mine == {"robotics", "cs.ro"}

    html = library("export", "--tag", "robotics", "--format", "html").stdout
    assert ('<ul class="tags mine"><li dir="auto">#cs.ro</li><li dir="auto">#robotics</li>'
            '</ul>') in html


def test_show_prints_tags_and_note_and_json_carries_them(library: Any) -> None:
    hostile = "line one\x1b[2J\x1b]0;pwned\x07\n\n- item"
    assert library("note", A, "-m", hostile).exit_code == 0
    assert library("tag", A, "robotics").exit_code == 0
    shown = library("show", A, "--offline")
    assert shown.exit_code == 0
    assert "Your note" in shown.stdout and "line one" in shown.stdout
    assert "- item" in shown.stdout and "robotics" in shown.stdout
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    data = library("show", A, "--offline", "--json").json
    # show's JSON drops control characters, as a listing's does from every text field
    assert data["note"] == "line one\n\n- item" and data["tags"] == ["robotics"]
    several = library("show", A, B, "--offline", "--json").json
    assert several[0]["note"] == data["note"] and "note" not in several[1]


def test_search_finds_papers_by_the_words_of_their_notes(library: Any) -> None:
    assert library("note", C, "-m", "Zorblax benchmark looks promising").exit_code == 0
    found = library("search", "zorblax", "--offline", "--json")
    assert found.exit_code == 0 and found.ids == [C]
    both = library("search", "zorblax promising", "--offline", "--json")
    assert both.ids == [C]
    assert library("search", "zorblax nowhere", "--offline", "--json").ids == []
    filtered = library("search", "zorblax", "--offline", "--json", "--tag", "x")
    assert filtered.ids == []
    # The caption says where the hit came from: no abstract has the word, a note does
    # (not "0 in the library": the paper is in it).
    table = library("search", "zorblax", "--offline")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.rstrip().endswith("1 paper · 1 from your notes"), table.stdout
    assert library("note", C, "--append", "-m", "better than LLaVA").exit_code == 0
    both = library("search", "llava", "--offline", "-n", "0").stdout.splitlines()[-1]
    assert re.search(r" · [1-9][\d,]* in the library, 1 from your notes$", both), both
    assert "from your notes" not in library("search", "zorblax", "--offline",
                                            "--tag", "x").stdout


def test_a_minus_word_and_a_phrase_hold_for_notes_too(library: Any) -> None:
    """`-word` leaves out the papers holding the word: a note holding it found its paper
    all the same (the opposite of what was asked), and a "quoted phrase" matched a note
    holding its words in any order."""
    assert library("note", C, "-m", "Zorblax benchmark looks promising").exit_code == 0
    assert library("search", "zorblax -promising", "--offline", "--json").ids == []
    assert library("search", "zorblax -dull", "--offline", "--json").ids == [C]
    assert library("search", '"zorblax benchmark"', "--offline", "--json").ids == [C]
    assert library("search", '"benchmark zorblax"', "--offline", "--json").ids == []


def test_a_note_with_escape_codes_is_found_by_the_words_it_shows(library: Any) -> None:
    """A note is stored without the escape codes pasted from a terminal with it, as it
    shows: `show` prints "Zorblaxish", so searching "zorblaxish" finds it, and the
    escape's debris ("31mzorblax", "2Jquux") finds nothing."""
    typed = "Great \x1b[31mZorblax\x1b[0mish results; plain\x1b[2Jquux text"
    assert library("note", C, "-m", typed).exit_code == 0
    shown = library("show", C, "--offline")
    assert "Great Zorblaxish results; plainquux text" in shown.stdout, shown.stdout
    for word in ("zorblaxish", "plainquux", "zorblaxish plainquux"):
        assert library("search", word, "--offline", "--json").ids == [C], word
    for debris in ("31mzorblax", "2Jquux"):
        assert library("search", debris, "--offline", "--json").ids == [], debris


# -- notes ---------------------------------------------------------------------------------


def note_of(papers: Any, pid: str) -> str | None:
    data = papers("show", pid, "--offline", "--json").json
    return data.get("note")


def test_note_in_the_editor_then_m_append_and_rm(library: Any, tmp_path: Path) -> None:
    written = library("note", A, env=editor(tmp_path, "# Thoughts\n\nGood paper.\n"))
    assert written.exit_code == 0, written.stderr
    assert note_of(library, A) == "# Thoughts\n\nGood paper."
    again = library("note", A, env=editor(tmp_path, "\nMore.\n", append=True))
    assert again.exit_code == 0
    assert (tmp_path / "seen.md").read_text(encoding="utf-8") == "# Thoughts\n\nGood paper.\n"
    assert note_of(library, A) == "# Thoughts\n\nGood paper.\n\nMore."
    unchanged = library("note", A, env=editor(tmp_path, None))
    assert unchanged.exit_code == 0 and "unchanged" in unchanged.stderr
    replaced = library("note", A, "-m", "Replaced.")
    assert replaced.exit_code == 0
    assert f"replaced the note on {A} (--append adds" in replaced.stderr  # the old is gone
    appended = library("note", A, "--append", "-m", "Second.")
    assert appended.exit_code == 0 and f"saved the note on {A}" in appended.stderr
    assert note_of(library, A) == "Replaced.\n\nSecond."
    same = library("note", A, "-m", "Replaced.\n\nSecond.")  # nothing lost: no warning
    assert same.exit_code == 0 and one_line(same.stderr) == (
        f"papers: the note on {A} is unchanged")  # (as the editor says it: not "saved")
    assert library("note", A, "--rm").exit_code == 0
    assert note_of(library, A) is None
    missing = library("note", A, "--rm")
    assert missing.exit_code == 0 and f"{A} had no note" in missing.stderr


@pytest.mark.parametrize("blank", ["", "  \n"])
def test_an_empty_m_never_removes_a_note(library: Any, blank: str) -> None:
    """`papers note ID -m "$NOTE"` with NOTE unset removed the note without a word (an
    empty stdin was refused as a likely mistake, an empty -m not): now refused too, the
    note kept; --rm is how a note is removed. On a paper without a note it is refused
    alike (it warned "had no note" and exited 0: the same slip, said as done)."""
    unnoted = library("note", A, "-m", blank)
    assert unnoted.exit_code == 2
    assert one_line(unnoted.stderr) == ("papers: error: -m is empty; no note was written "
                                        "— give the note's text after -m")
    assert note_of(library, A) is None
    assert library("note", A, "-m", "Weeks of reading.").exit_code == 0
    refused = library("note", A, "-m", blank)
    assert refused.exit_code == 2
    assert one_line(refused.stderr) == ("papers: error: -m is empty; the note is unchanged "
                                        "— --rm removes a note")
    assert note_of(library, A) == "Weeks of reading."


@pytest.mark.parametrize(("extra", "says"), [
    ([B], f"papers note takes one id — note {B} on its own"),
    ([B, C, "-m", "x"], "papers note takes one id — note the other 2 on their own"),
    (["Read", "section 3"], "papers note takes one id — did you mean -m 'Read section 3'?"),
    (["Read", "section 3 again, then compare it with the appendix"],
     "papers note takes one id — give the note's text after -m"),
])
def test_note_given_more_than_one_id_or_its_text_bare_says_so(library: Any,
                                                            extra: list[str],
                                                            says: str) -> None:
    """`papers note A B` said "papers note takes no ids — papers show B shows it" (note
    takes one); `papers note A Read section 3` said "extra arguments 'Read section 3'"
    without a word of -m. Nothing is written."""
    result = library("note", A, *extra)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line == f"papers: error: {says}" and cell_width(line) <= 80, line
    assert note_of(library, A) is None and note_of(library, B) is None


def test_append_in_the_editor_shows_the_note_above_a_line(library: Any,
                                                         tmp_path: Path) -> None:
    """`note ID --append` opened an empty file: nothing said what the text would follow.
    The note so far is in the file, then a line; what is written below it is added. The
    line deleted, the note is not put in twice; a change above it is said, not kept."""
    from papercli.notes import MARK

    assert library("note", A, "-m", "First [red]part[/red].").exit_code == 0
    added = library("note", A, "--append", env=editor(tmp_path, "Second.\n", append=True))
    assert added.exit_code == 0, added.stderr
    assert (tmp_path / "seen.md").read_text(encoding="utf-8") == (
        f"First [red]part[/red].\n\n{MARK}\n")
    assert note_of(library, A) == "First [red]part[/red].\n\nSecond."
    note = "First [red]part[/red].\n\nSecond."
    unmarked = library("note", A, "--append", env=editor(tmp_path, f"{note}\n\nThird.\n"))
    assert unmarked.exit_code == 0, unmarked.stderr
    assert note_of(library, A) == f"{note}\n\nThird."
    changed = library("note", A, "--append",
                      env=editor(tmp_path, f"Changed.\n{MARK}\nFourth.\n"))
    assert changed.exit_code == 0, changed.stderr
    assert changed.stderr.splitlines() == [
        "papers: warning: edits above the line are left out: papers note ID edits the note",
        f"papers: saved the note on {A}"]
    assert note_of(library, A) == f"{note}\n\nThird.\n\nFourth."
    nothing = library("note", A, "--append", env=editor(tmp_path, None))
    assert nothing.exit_code == 0 and "unchanged" in nothing.stderr
    shown = library("show", A, "--offline")
    assert shown.exit_code == 0 and "First [red]part[/red]." in shown.stdout  # as typed


def test_note_with_no_id_says_where_the_notes_are_listed(library: Any) -> None:
    """`papers note` alone (looking for one's notes) said only "missing argument 'ID'":
    the error now names `search --noted`, which lists them, in one 80-column line."""
    for args in ((), ("-m", "text"), ("--rm",)):
        result = library("note", *args)
        assert result.exit_code == 2 and result.stdout == ""
        line = one_line(result.stderr)
        assert line == ("papers: error: missing argument 'ID' — papers search --noted "
                        "lists your notes"), line
        assert cell_width(line) <= 80
    assert library("note", A, "-m", "read the appendix").exit_code == 0
    listed = library("search", "--offline", "--noted", "--format", "ids")
    assert listed.exit_code == 0 and listed.stdout.split() == [A]


def test_m_dash_reads_the_note_from_stdin(library: Any) -> None:
    """`-m -` (git commit -F -, gh --body-file -): the note from a pipe or a file, with
    --append too; an empty stdin is a usage error, never a silent removal."""
    done = library("note", A, "-m", "-", input="# From a file\r\n\nIts text.\n")
    assert done.exit_code == 0, done.stderr
    assert note_of(library, A) == "# From a file\n\nIts text."
    assert library("note", A, "--append", "-m", "-", input="More.").exit_code == 0
    assert note_of(library, A) == "# From a file\n\nIts text.\n\nMore."
    empty = library("note", A, "-m", "-", input="  \n")
    assert empty.exit_code == 2
    assert one_line(empty.stderr) == ("papers: error: the note read from stdin is empty — "
                                      "--rm removes a note")
    assert note_of(library, A) == "# From a file\n\nIts text.\n\nMore."


@pytest.mark.parametrize("append", [False, True])
def test_m_dash_of_escape_sequences_alone_is_an_empty_stdin(library: Any,
                                                            append: bool) -> None:
    """A pipe holding nothing but escape sequences and control characters (a colour
    reset from a script) is blank once tidied: it said "-m is empty" (it was stdin), or
    with no note there "ID had no note" and exit 0; it is now refused as an empty pipe
    is, the note as it was."""
    more = ["--append"] if append else []
    for before in ("keep me", None):
        if before is not None:
            assert library("note", A, "-m", before).exit_code == 0
        result = library("note", A, *more, "-m", "-", input="\x1b[0m\x07\r\n\t\n")
        assert result.exit_code == 2
        assert result.stderr == ("papers: error: the note read from stdin is empty — "
                                 "--rm removes a note\n")
        assert note_of(library, A) == before
        assert library("note", A, "--rm").exit_code == 0


def test_no_editor_and_no_terminal_is_a_usage_error_not_vi(library: Any,
                                                           monkeypatch: Any) -> None:
    """No $VISUAL or $EDITOR and stdin not a terminal (a script, cron): vi would fill the
    output with escapes and fail; one line says what to do instead, the note unchanged."""
    assert library("note", A, "-m", "keep me").exit_code == 0
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    done = library("note", A)
    assert done.exit_code == 2 and done.stdout == ""
    assert one_line(done.stderr) == (  # (in 80 columns: the whole of it made 133)
        "papers: error: no EDITOR and no terminal — use -m TEXT, or -m - to read stdin")
    assert note_of(library, A) == "keep me"


def test_a_note_refused_says_what_to_do(library: Any) -> None:
    """`--rm -m x` and `--append -m ""` were refused without a word on what to do."""
    for args, said in (
            (("--rm", "-m", "x"), "--rm conflicts with -m — give --rm alone, or leave it out"),
            (("--rm", "--append"),
             "--rm conflicts with --append — give --rm alone, or leave it out"),
            (("--append", "-m", ""),
             "nothing to append: -m is empty — give the text to add after -m")):
        refused = library("note", A, *args)
        assert refused.exit_code == 2 and one_line(refused.stderr) == f"papers: error: {said}"


@pytest.mark.parametrize(("name", "hint"), [  # (in 80 columns: 92 and 105 whole)
    ("code", "code did not wait (use code --wait)"),
    ("true", "EDITOR did not wait (use its wait option)"),
])
def test_an_editor_back_at_once_says_how_to_make_it_wait(
        library: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
        hint: str) -> None:
    """EDITOR=code hands the file to a window and returns at once: the only word was "the
    note on X is unchanged". An editor back within a second now says how to make it wait;
    one that took its time (closed without saving) says nothing more."""
    from papercli import editor as editors

    program = tmp_path / "bin" / name  # returns at once, as a window editor's launcher does
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    env = {"EDITOR": str(program), "VISUAL": ""}
    monkeypatch.setattr(editors, "AT_ONCE", 3600.0)  # (however slow the machine is)
    quick = library("note", A, env=env)
    assert quick.exit_code == 0
    assert one_line(quick.stderr) == f"papers: note on {A} unchanged: {hint}"
    monkeypatch.setattr(editors, "AT_ONCE", 0.0)
    slow = library("note", A, env=env)
    assert one_line(slow.stderr) == f"papers: the note on {A} is unchanged"
    if name == "code":  # told to wait already: closed without saving
        monkeypatch.setattr(editors, "AT_ONCE", 3600.0)
        waits = library("note", A, env={"EDITOR": f"{program} --wait", "VISUAL": ""})
        assert one_line(waits.stderr) == f"papers: the note on {A} is unchanged"


def test_visual_wins_over_editor(library: Any, tmp_path: Path) -> None:
    env = editor(tmp_path, "from visual")
    env["VISUAL"], env["EDITOR"] = env["EDITOR"], "false"
    assert library("note", A, env=env).exit_code == 0
    assert note_of(library, A) == "from visual"


@pytest.mark.parametrize("how", ["fails", "quits", "missing"])
def test_an_editor_that_fails_changes_nothing(library: Any, tmp_path: Path, how: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor that exits non-zero (or cannot start) changes nothing; what was saved in
    the file before it failed (vim's status after an error in the session) is kept and
    named, not removed with the temporary file: the note typed at length was lost."""
    import tempfile

    own = tmp_path / "tmp"  # a temp folder of its own: other tests edit notes meanwhile
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    assert library("note", A, "-m", "keep me").exit_code == 0
    env = (editor(tmp_path, "Typed at length.\n", status=3) if how == "fails"
           else editor(tmp_path, None, status=1) if how == "quits"  # vim's :cq
           else {"EDITOR": str(tmp_path / "no-such-editor"), "VISUAL": ""})
    result = library("note", A, env=env)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "the note is unchanged" in line
    assert ("cannot run the editor" in line) if how == "missing" else ("status" in line)
    assert note_of(library, A) == "keep me"
    if how == "fails":
        [kept] = list(own.iterdir())
        assert line.endswith(f"the note is unchanged — what you saved is kept in {kept}")
        assert kept.read_text(encoding="utf-8") == "Typed at length.\n"
    else:
        assert not list(own.iterdir())  # nothing saved: the temp file is gone


def test_an_editor_that_cannot_run_fits_80_columns(library: Any) -> None:
    """A note's editor that cannot run said "cannot run the editor '/no/vi': not found;
    the note is unchanged — fix $EDITOR, or set $VISUAL to an editor" piped, 99 columns:
    it is now said as `config edit` says it, in 80."""
    assert library("note", A, "-m", "keep me").exit_code == 0
    result = library("note", A, env={"EDITOR": "/no/vi", "VISUAL": ""})
    assert result.exit_code == 1
    assert result.stderr == (
        "papers: error: cannot run the editor '/no/vi': not found — fix EDITOR\n")
    assert note_of(library, A) == "keep me"


def test_ctrl_c_in_the_editor_is_the_editors(library: Any, tmp_path: Path) -> None:
    """Ctrl-C typed in the editor goes to every process on the terminal: vi takes it (it
    leaves insert mode) and the note is saved when the editor exits, as git does, instead
    of papers ending "interrupted" and the edit lost. The editor here waits for it."""
    import os
    import signal
    import subprocess
    import time

    from conftest import installed_papers

    started = tmp_path / "started"
    script = tmp_path / "vi_like.sh"
    script.write_text("#!/bin/sh\ngot=''\ntrap 'got=1' INT\n"
                      f": > {shlex.quote(str(started))}\n"
                      "while [ -z \"$got\" ]; do sleep 0.05; done\n"
                      "printf 'Typed after Ctrl-C.\\n' > \"$1\"\n", encoding="utf-8")
    script.chmod(0o755)
    env = {**os.environ, "EDITOR": str(script), "VISUAL": ""}
    proc = subprocess.Popen([installed_papers(), "note", A], env=env, text=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60  # a safety net, not a measurement
        while not started.exists():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGINT)  # as the terminal sends it: to the whole group
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, out) == (0, ""), err
    assert f"saved the note on {A}" in err
    assert note_of(library, A) == "Typed after Ctrl-C."


@pytest.mark.parametrize("saved", [True, False, "rescued"])
def test_sigterm_while_the_editor_runs_keeps_what_was_saved(library: Any, tmp_path: Path,
                                                            saved: bool | str) -> None:
    """`kill` (or a closing terminal) ending papers while the editor is open: the editor is
    told to end too, and what the user saved in the temporary file so far is kept, the
    one line naming it (exit 143), instead of being removed with the note unchanged. A
    file holding only the note it was given is removed as usual; what an editor saves of
    the unsaved text when told to end (nano's FILE.save, vim's swap file) is named."""
    import os
    import signal
    import subprocess
    import time

    from conftest import installed_papers

    assert library("note", A, "-m", "Before.").exit_code == 0
    own = tmp_path / "tmp"
    own.mkdir()
    started = tmp_path / "started"
    script = tmp_path / "slow_editor.sh"
    write = "printf 'Typed so far.\\n' > \"$1\"\n" if saved is True else ""
    trap = ("trap 'printf unsaved > \"$1.save\"; exit 143' TERM\n" if saved == "rescued"
            else "trap 'exit 143' TERM\n")
    script.write_text("#!/bin/sh\n" + trap + write
                      + f": > {shlex.quote(str(started))}\n"
                      "while :; do sleep 0.05; done\n", encoding="utf-8")
    script.chmod(0o755)
    env = {**os.environ, "EDITOR": str(script), "VISUAL": "", "TMPDIR": str(own)}
    proc = subprocess.Popen([installed_papers(), "note", A, "--offline"], env=env,
                            text=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60  # a safety net, not a measurement
        while not started.exists():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)  # as `kill PID` does
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, out) == (143, ""), err
    left = list(own.iterdir())
    if saved is True:
        [kept] = left
        assert kept.read_text(encoding="utf-8") == "Typed so far.\n"
        assert one_line(err) == f"papers: error: terminated — what you wrote is kept in {kept}"
    elif saved:
        [rescue] = left
        assert rescue.name.endswith(".md.save") and rescue.read_text() == "unsaved"
        assert one_line(err) == ("papers: error: terminated — the editor kept what you typed "
                                 f"in {rescue}")
    else:
        assert left == [] and one_line(err) == "papers: error: terminated"
    assert note_of(library, A) == "Before."


def test_a_note_saved_in_latin_1_is_refused_and_kept(library: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor set to Latin-1: the note is not made "caf\ufffd" without a word; it is
    unchanged, and what was typed is kept in the file named."""
    import tempfile

    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    assert library("note", A, "-m", "keep me").exit_code == 0
    script = tmp_path / "latin1_editor.py"
    script.write_text("import sys\nopen(sys.argv[-1], 'wb').write('caf\\xe9'.encode('latin-1'))\n",
                      encoding="utf-8")
    env = {"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", "VISUAL": ""}
    result = library("note", A, env=env)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "encoding other than UTF-8; the note is unchanged" in line
    assert note_of(library, A) == "keep me"
    [kept] = list(own.iterdir())
    assert str(kept) in line and kept.read_bytes() == "café".encode("latin-1")


def test_a_note_too_long_from_the_editor_is_refused_and_kept(
        library: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note over the limit written in the editor: refused once the editor closed, and
    the file with it was deleted, the text lost; now it is kept and named, as a note in
    Latin-1 is."""
    import tempfile

    from papercli.notes import MAX_NOTE

    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    assert library("note", A, "-m", "keep me").exit_code == 0
    long_note = "a long paragraph of words\n" * (MAX_NOTE // 20)
    result = library("note", A, env=editor(tmp_path, long_note))
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert f"more than {MAX_NOTE:,}; the note is unchanged" in line  # (200,000: as --help)
    assert note_of(library, A) == "keep me"
    [kept] = [p for p in own.iterdir()]
    assert f"what you wrote is kept in {kept}" in line
    assert kept.read_text(encoding="utf-8") == long_note
    within = library("note", A, env=editor(tmp_path, "Short again.\n"))  # (nothing kept)
    assert within.exit_code == 0, within.stderr
    assert note_of(library, A) == "Short again." and list(own.iterdir()) == [kept]


def test_append_never_makes_a_note_longer_than_a_note_may_be(
        library: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--append checked only what it added: two halves made a note over the limit, which
    `papers note` then could not read back from the editor, nor an import take. Now the
    append is refused (from the editor, the text is kept in the file named)."""
    import tempfile

    from papercli.notes import MAX_NOTE

    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    half = "w" * (MAX_NOTE * 3 // 5)
    assert library("note", A, "-m", half).exit_code == 0
    more = library("note", A, "--append", "-m", half)
    assert more.exit_code == 2
    assert f"over {MAX_NOTE:,}" in one_line(more.stderr)  # (in 80 columns: it made 123)
    assert note_of(library, A) == half
    typed = library("note", A, "--append", env=editor(tmp_path, half, append=True))
    assert typed.exit_code == 2
    [kept] = list(own.iterdir())
    assert f"the note is unchanged — what you wrote is kept in {kept}" in one_line(
        typed.stderr)
    assert kept.read_text(encoding="utf-8").endswith(f"\n{half}")  # (below the note so far)
    assert note_of(library, A) == half
    fits = library("note", A, "--append", "-m", "w" * (MAX_NOTE - len(half) - 2))
    assert fits.exit_code == 0, fits.stderr
    assert len(note_of(library, A) or "") == MAX_NOTE


@pytest.mark.parametrize("how", ["-m", "editor"])
def test_a_note_stored_over_the_limit_can_be_shortened(library: Any, home: Home,
                                                       tmp_path: Path, how: str) -> None:
    """A note over the limit, as --append stored it before it was bounded: shortening it
    failed with "the note is N characters long" (with -m after the new text was saved;
    from the editor the shortened text was lost); now the new note is saved."""
    import sqlite3

    from papercli.notes import MAX_NOTE

    assert library("note", A, "-m", "first").exit_code == 0
    with contextlib.closing(sqlite3.connect(home.data / "papercli" / "user.db")) as conn:
        conn.execute("UPDATE notes SET text = ? WHERE paper_id = ?",
                     ("w" * (MAX_NOTE + 10), A))
        conn.commit()
    if how == "-m":
        result = library("note", A, "-m", "Shorter now.")
        said = f"replaced the note on {A}"
    else:
        result = library("note", A, env=editor(tmp_path, "Shorter now.\n"))
        said = f"saved the note on {A}"
    assert result.exit_code == 0, result.stderr
    assert said in one_line(result.stderr)
    assert note_of(library, A) == "Shorter now."


def test_split_writes_the_note_and_keeps_hand_edits(library: Any, tmp_path: Path) -> None:
    assert library("tag", A, "robotics").exit_code == 0
    assert library("note", A, "-m", "First thought.").exit_code == 0
    assert library("note", B, "-m", "Untouched note.").exit_code == 0
    vault = tmp_path / "vault"
    first = library("export", "--split", str(vault), "--front-matter", "--tag", "robotics")
    assert first.exit_code == 0, first.stderr
    [note_a] = list(vault.iterdir())
    text = note_a.read_text(encoding="utf-8")
    assert 'tags: ["robotics"]' in text
    assert text.rstrip().endswith("First thought.")
    assert text.index("First thought.") > text.index(SEED[0].summary.split()[0])
    note_a.write_text(text + "\nMy own words, typed in the vault.\n", encoding="utf-8")
    assert library("note", A, "-m", "Changed later.").exit_code == 0
    assert library("tag", B, "robotics").exit_code == 0
    again = library("export", "--split", str(vault), "--front-matter", "--tag", "robotics",
                    "--force")
    assert again.exit_code == 0, again.stderr
    kept = note_a.read_text(encoding="utf-8")
    assert "First thought." in kept and "My own words, typed in the vault." in kept
    assert "Changed later." not in kept  # the hand-edited body wins
    assert kept.startswith("---\n") and kept.count("papercli:note") == 1
    [note_b] = [p for p in vault.iterdir() if p != note_a]
    assert note_b.read_text(encoding="utf-8").rstrip().endswith("Untouched note.")
    assert library("note", B, "-m", "Updated note.").exit_code == 0
    third = library("export", "--split", str(vault), "--tag", "robotics", "--force")
    assert third.exit_code == 0
    assert note_b.read_text(encoding="utf-8").rstrip().endswith("Updated note.")
    assert "My own words" in note_a.read_text(encoding="utf-8")


def test_a_note_survives_cache_clear_with_its_title(library: Any) -> None:
    assert library("note", A, "-m", "kept").exit_code == 0
    assert library("tag", A, "keep").exit_code == 0
    assert library("cache", "clear", "--yes").exit_code == 0
    assert library("tags", "--json").json == [{"tag": "keep", "papers": 1}]
    found = library("search", "kept", "--offline", "--json")
    assert found.ids == [A] and found.json[0]["title"] == SEED[0].title



def _marked_then_cleared(library: Any) -> str:
    """A and C starred, B and C tagged from-zotero, the fourth seed paper noted, then
    `cache clear`: your papers the library no longer holds. The noted paper's id."""
    d = IDS[3]
    assert library("star", A, C).exit_code == 0
    assert library("tag", B, C, "from-zotero").exit_code == 0
    assert library("note", d, "-m", "my note").exit_code == 0
    assert library("cache", "clear", "--yes").exit_code == 0
    return d

def test_export_of_your_papers_after_cache_clear_writes_the_kept_copies(
        library: Any, tmp_path: Path) -> None:
    """After `cache clear`, `export --starred -f json` wrote `[]` ("the library is empty")
    and README's `export --tag from-zotero -f bibtex -o refs.bib` an empty file, while
    `starred -f bibtex` had them all: an export of your papers (--starred, --tag,
    --noted) now writes the records kept with your marks, as `starred` lists them, with
    the library's own where it has them, and the rest of the filters applied."""
    _marked_then_cleared(library)
    starred = library("export", "--starred", "-f", "json")
    assert starred.exit_code == 0, starred.stderr
    assert sorted(p["id"] for p in json.loads(starred.stdout)) == sorted([A, C])
    assert {p["id"]: p["title"] for p in json.loads(starred.stdout)}[A] == SEED[0].title
    refs = tmp_path / "refs.bib"
    tagged = library("export", "--tag", "from-zotero", "--format", "bibtex", "-o", str(refs))
    assert tagged.exit_code == 0, tagged.stderr
    assert refs.read_text(encoding="utf-8").count("@misc{") == 2
    noted = library("export", "--noted", "-f", "ris")
    assert noted.exit_code == 0 and "N1  - my note" in noted.stdout, noted.stderr
    both = library("export", "--starred", "--tag", "from-zotero", "-f", "ids")
    assert both.stdout.split() == [C]
    # the other filters still hold, and the order is the export's (newest first)
    newer = [p.id for p in sorted((SEED[0], SEED[2]), key=lambda p: p.published_at or "",
                                  reverse=True)]
    assert library("export", "--starred", "-f", "ids").stdout.split() == newer
    assert library("export", "--starred", "-n", "1", "-f", "ids").stdout.split() == newer[:1]
    since = library("export", "--starred", "--since", "2024-03-01", "-f", "ids")
    assert since.stdout.split() == [C]
    # a paper the library has again is written once (the library's record)
    assert library("import", str(tmp_path / "seed.json")).exit_code == 0
    assert library("export", "--starred", "-f", "ids").stdout.split() == newer


def test_listings_of_your_papers_after_cache_clear_show_the_kept_copies(
        library: Any, tmp_path: Path) -> None:
    """After `cache clear`, `search --tag T`, `--starred` and `--noted` (and their
    qualifiers, `tag:T`) listed nothing ("the library is empty, so nothing is found yet";
    "2 tagged papers are not in the library") while `starred` and `export --tag T` had
    every paper: they now list the copies kept with your star, tag or note, as `starred`
    does, with the library's own record where it has it, filtered, sorted and cut."""
    from hubserver import seed_items

    d = _marked_then_cleared(library)
    tagged = library("search", "--offline", "--tag", "from-zotero")
    assert tagged.exit_code == 0, tagged.stderr
    assert tagged.stderr == ""  # (not "the library is empty, so nothing is found yet")
    assert SEED[1].title[:30] in tagged.stdout and SEED[2].title[:30] in tagged.stdout
    assert "2 papers · 2 from kept copies (not in the library)" in tagged.stdout
    as_json = library("search", "--offline", "--tag", "from-zotero", "--json")
    assert {p["id"]: (p["title"], p["tags"]) for p in as_json.json} == {
        B: (SEED[1].title, ["from-zotero"]), C: (SEED[2].title, ["from-zotero"])}
    starred = library("search", "--offline", "--starred", "--json")
    assert sorted(starred.ids) == sorted([A, C])
    assert all(p["starred_at"] for p in starred.json)
    noted = library("search", "--offline", "--noted", "--json")
    assert noted.ids == [d] and noted.json[0]["note"] == "my note"
    assert library("search", "--offline", "tag:from-zotero", "-q").stdout.split() == [B, C]
    assert library("search", "--offline", "is:noted", "-q").stdout.split() == [d]
    # the other filters still hold, the order is the listing's (newest first), -n cuts
    assert library("search", "--offline", "--starred", "--tag", "from-zotero",
                   "-q").stdout.split() == [C]
    assert library("search", "--offline", "--starred", "-q").stdout.split() == [C, A]
    assert library("search", "--offline", "--starred", "-q", "-s", "upvotes",
                   "-n", "1").stdout.split() == [C]
    assert sorted(library("search", "--offline", "--starred", "-q", "-s",
                          "relevance").stdout.split()) == sorted([A, C])
    none = library("search", "--offline", "--tag", "from-zotero", "--since", "2030-01-01")
    assert none.exit_code == 0 and none.stdout == ""
    assert "not in the library" not in none.stderr  # (a filter left them out)
    # a hidden one leaves the listing (--hidden keeps it, marked)
    assert library("hide", B, "--offline").exit_code == 0
    assert library("search", "--offline", "--tag", "from-zotero", "-q").stdout.split() == [C]
    kept = library("search", "--offline", "--tag", "from-zotero", "--hidden", "--json")
    assert {p["id"]: p.get("hidden", False) for p in kept.json} == {B: True, C: False}
    assert library("unhide", B).exit_code == 0
    # a paper the library has again is listed once, with the library's record
    one = tmp_path / "one.json"
    one.write_text(json.dumps(seed_items()[1:2]), encoding="utf-8")
    assert library("import", str(one)).exit_code == 0
    both = library("search", "--offline", "--tag", "from-zotero")
    assert "2 papers · 1 from the local library, 1 from kept copies (not in the library)" \
        in both.stdout
    assert library("search", "--offline", "--tag", "from-zotero", "-q").stdout.split() \
        == [B, C]


def test_tags_names_only_the_papers_no_listing_can_show(library: Any) -> None:
    """After `cache clear`, `tags` said "counted above, 2 papers not in the library yet
    (…): papers show ID", though `search --tag` lists them from the copies kept with the
    tag; a paper tagged offline, of which nothing is kept, is still named."""
    assert library("tag", A, B, "ml").exit_code == 0
    assert library("cache", "clear", "--yes").exit_code == 0
    listed = library("tags", "--no-pager")
    assert listed.exit_code == 0 and listed.stderr == ""
    assert listed.stdout.split() == ["Tag", "Papers", "ml", "2"]
    assert library("tag", "2401.09999", "ml", "--offline").exit_code == 0
    assert one_line(library("tags", "--no-pager").stderr) == (
        "papers: counted above, not in the library yet: papers show 2401.09999")


def test_a_note_search_finds_a_starred_paper_the_library_lost(library: Any,
                                                               tmp_path: Path) -> None:
    """A note written before the library had its paper keeps no copy of it; the star
    put on it later does. After `cache clear`, a search of the note's words said "your
    note on … matches, but that paper is not in the library yet", while `starred` listed
    it: the note's hit is now that star's copy, as every listing of your papers reads it."""
    assert library("cache", "clear", "--yes").exit_code == 0
    assert library("note", A, "-m", "qwertyzap idea", "--offline").exit_code == 0
    assert library("import", str(tmp_path / "seed.json")).exit_code == 0
    assert library("star", A).exit_code == 0
    assert library("cache", "clear", "--yes").exit_code == 0
    found = library("search", "qwertyzap", "--offline", "--json")
    assert found.exit_code == 0, found.stderr
    assert found.ids == [A] and found.json[0]["title"] == SEED[0].title
    assert "not in the library yet" not in found.stderr


def test_completion_offers_tag_names(library: Any) -> None:
    from papercli.cli.completion import tag_names, unmarked

    assert tag_names("") == []
    assert library("tag", A, "robotics", "rl", "zz").exit_code == 0
    assert library("tag", B, "robotics").exit_code == 0
    assert tag_names("") == ["robotics", "rl", "zz"]
    assert tag_names("r") == ["robotics", "rl"]
    # as stored (case-folded), through Typer's filter of what starts with what was typed
    assert [unmarked(tag) for tag in tag_names("RO")] == ["robotics"]
    assert json.dumps(tag_names("q")) == "[]"
    from test_completion import complete  # as bash asks, after `papers tags -d `

    offered = complete("bash", "papers tags -d r")
    assert offered.exit_code == 0 and offered.stdout.split() == ["robotics", "rl"]


def test_an_id_the_hub_does_not_know_tags_and_notes_nothing(papers: Any, seeded_hub: Any
                                                              ) -> None:
    result = papers("tag", "2412.99999", "later")
    assert result.exit_code == 1 and "2412.99999" in one_line(result.stderr)
    assert papers("tags", "--json").json == []
    noted = papers("note", "2412.99999", "-m", "x")
    assert noted.exit_code == 1 and "2412.99999" in one_line(noted.stderr)
