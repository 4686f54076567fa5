"""for-you's captions and too-few notes at a terminal's 80 columns: a tag and a watch both
in view, tagged papers the library lacks said, a long tag fitted, and --explain -o's
"wrote" said last.

The library is test_ranking's four topics (own vocabularies over shared filler)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_ranking import ids_of, import_topics


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def tag(papers, tag_name: str, *pids: str, offline: bool = False) -> None:  # type: ignore[no-untyped-def]
    result = papers("tag", *(["--offline"] if offline else []), "--ids", ",".join(pids),
                    tag_name)
    assert result.exit_code == 0, result.stderr


def caption(stdout: str) -> str:
    return [line for line in stdout.splitlines() if line.strip()][-1]


def test_a_tag_and_a_watch_both_stay_in_the_caption_at_80_columns(lib) -> None:
    """`--watch W --tag T`'s caption ended "… tagged robots matching the…" at 80 columns:
    the watch's name was cut off. Each is now a part of its own, as a title's filters."""
    from papercli.terminal import cell_width, fit_title

    tag(lib, "robots", *ids_of("robot", recent=False)[:3])
    assert lib("watch", "add", "grasping", "-k", "robot").exit_code == 0
    both = lib("for-you", "--tag", "robots", "--watch", "grasping")
    assert both.exit_code == 0, both.stderr
    line = caption(both.stdout)
    assert line.endswith("by relevance · tag robots · watch grasping"), line
    fitted = fit_title(line, 80)
    assert cell_width(fitted) <= 80
    assert "tag robots" in fitted and "watch grasping" in fitted, fitted
    # a long watch name is cut at the line's end, not dropped after the tag
    assert lib("watch", "add", "grasping-and-locomotion-in-cluttered-homes",
               "-k", "robot").exit_code == 0
    long = lib("for-you", "--tag", "robots", "--watch",
               "grasping-and-locomotion-in-cluttered-homes")
    assert long.exit_code == 0, long.stderr
    fitted = fit_title(caption(long.stdout), 80)
    assert "tag robots · watch grasping-and" in fitted and fitted.endswith("…"), fitted


def test_tagged_papers_the_library_lacks_are_said_apart(lib) -> None:
    """`for-you --tag off` said "you have 2" while `papers tags` counted 4: the two tagged
    offline, which the library lacks and the taste cannot learn from, went unsaid."""
    tag(lib, "off", *ids_of("robot", recent=False)[:2])
    tag(lib, "off", "2601.99991", "2601.99992", offline=True)
    result = lib("for-you", "--tag", "off", "-n", "2")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "papers: you have 2 in the library (2 more not fetched: papers show ID)" in lines
    assert all(len(line) <= 80 for line in lines), lines


def test_a_long_tag_keeps_the_too_few_note_to_80_columns(lib) -> None:
    """A tag of 40 characters and more wrapped "relevance needs 3 papers tagged …" and the
    `papers tag ID TAG` after it: the tag is shortened in the sentence, and the command
    is said whole on a line of its own."""
    long = "grasping-and-locomotion-in-cluttered-homes-2026"
    tag(lib, long, ids_of("robot", recent=False)[0])
    result = lib("for-you", "--tag", long, "-n", "2")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    assert any(line.startswith("papers: relevance needs 3 papers tagged grasping-")
               and line.endswith("…") for line in lines), lines
    assert f"papers: papers tag ID {long}" in lines


def test_explain_to_a_file_says_what_it_wrote_last(lib, tmp_path: Path) -> None:
    """`for-you --explain -o FILE` said "wrote …" first and the reasons after it, so the
    last line was the last paper's reasons: the file written is now said last."""
    from test_ranking import star

    star(lib, *ids_of("robot", recent=False)[:3])
    target = tmp_path / "for-you.md"
    result = lib("for-you", "--explain", "-n", "3", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("papers: wrote 3 "), lines
    assert [line[8:10] for line in lines[:-1]] == ["1.", "2.", "3."], lines
    assert target.is_file()


def test_a_watch_stays_in_the_caption_under_the_default_limit(lib) -> None:
    """`for-you --watch manip` at 80 columns, with "(-n 0: all)" in the caption, ended
    "… your stars matching the…": the watch's name is now a part of its own."""
    from papercli.terminal import fit_title
    from test_ranking import star

    star(lib, *ids_of("robot", recent=False)[:3])
    assert lib("watch", "add", "grasping", "-k", "robot").exit_code == 0
    result = lib("for-you", "--watch", "grasping", "-n", "1")
    assert result.exit_code == 0, result.stderr
    line = caption(result.stdout)
    assert line.endswith("by relevance to your stars · watch grasping"), line
    # as the default -n says it, of hundreds: the name kept where the sentence is cut
    wide = (f"20 of 1,234 papers (-n 0: all) · {line.partition(' · ')[2]}")
    assert fit_title(wide, 80).endswith("· watch grasping"), fit_title(wide, 80)


def test_a_tag_only_on_papers_the_library_lacks_says_none_in_it(lib) -> None:
    """Every tagged paper unfetched: "none in the library (2 not fetched …)", not
    "(2 more …)", which read as more than none."""
    tag(lib, "away", "2601.99991", "2601.99992", offline=True)
    result = lib("for-you", "--tag", "away", "-n", "2")
    assert result.exit_code == 0, result.stderr
    assert ("papers: you have none in the library (2 not fetched: papers show ID)"
            in result.stderr.splitlines()), result.stderr
