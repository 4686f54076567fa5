"""for-you and related as a user at a terminal meets them: what their title lines and
notes keep in view at 80 columns, and how they use a wider terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import Home, Papers, write_config


def on_80_columns(papers: Papers, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[str]:
    """`papers ARGS` with stdout on an 80-column terminal (no colour, no pager): its lines."""
    with monkeypatch.context() as patch:
        from papercli import terminal

        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        patch.setenv("PAPERS_PAGER", "")
        patch.setenv("COLUMNS", "80")
        patch.setenv("NO_COLOR", "1")
        shown = papers(*args)
    assert shown.exit_code == 0, shown.stderr
    return shown.stdout.splitlines()


def test_related_with_three_filters_keeps_them_all_and_the_id_at_80_columns(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, library: object) -> None:
    """With three filters the paper's title had 1 cell left, under the least it is cut to:
    the line was cut at its end, and the filters with it ("… · keyword llm · since 20…").
    The title gives way to them; the paper's id stays, and piped the title is whole."""
    args = ("related", "2410.04749", "-k", "llm", "--since", "2024-01", "--until", "2026-01")
    lines = on_80_columns(papers, monkeypatch, *args)
    assert lines[0] == ("Related to 2410.04749 · keyword llm · since 2024-01-01"
                        " · until 2026-01-31"), lines[0]
    whole = papers(*args).stdout.splitlines()[0]
    assert whole.startswith("Related to 2410.04749 · LLaVA Needs More Knowledge:"), whole
    assert whole.endswith(" · keyword llm · since 2024-01-01 · until 2026-01-31"), whole


def test_a_title_too_narrow_for_its_sentence_leaves_it_out_not_what_follows() -> None:
    """The sentence between the first part and the filters gives way to them whole; a
    sentence that is the first or the last part is cut as before."""
    from papercli.terminal import fit_title

    title = ("Related to 2401.00001 · An Invented Study of Robot Arms · keyword robot"
             " · since 2026-01-01 · until 2026-06-30")
    assert fit_title(title, 80) == (
        "Related to 2401.00001 · keyword robot · since 2026-01-01 · until 2026-06-30")
    assert fit_title(title, 60) == "Related to 2401.00001 · keyword robot · since 2026-01-01 · …"
    assert fit_title(title, 200) == title
    assert fit_title("Search: a b c d e · since 2026-01-01 · keyword x", 30) == (
        "Search: a b c d e · since 202…")


def on_terminal_of(papers: Papers, monkeypatch: pytest.MonkeyPatch, cols: int,
                   *args: str) -> list[str]:
    """The lines `papers ARGS` writes on stderr when it is a terminal of `cols` columns."""
    with monkeypatch.context() as patch:
        from papercli import terminal

        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stderr)
        patch.setenv("COLUMNS", str(cols))
        patch.setenv("NO_COLOR", "1")
        shown = papers(*args)
    assert shown.exit_code == 0, shown.stderr
    return shown.stderr.splitlines()


def test_a_watch_with_too_few_papers_says_so_at_the_terminals_width(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, home: Home, tmp_path: Path) -> None:
    """`for-you --watch NAME` with too few starred papers it matches: "relevance needs 3
    starred or read papers matching the watch NAME" ran the name into the sentence, and
    what you have went on a line of its own, split for 80 columns, at 200 too. The watch
    is said as whose relevance it is, and the line fills a wide terminal; at 80 it folds
    between its clauses; piped, each clause is a note of its own, as before."""
    from test_ranking import import_topics

    lib = import_topics(papers, tmp_path)
    write_config(home, '[watch.voice]\nkeyword = ["speech"]\n')
    why = "relevance by the watch voice needs 3 starred or read papers it matches"
    have = "you have 0, and the watch itself counts as 1"
    wide = on_terminal_of(lib, monkeypatch, 200, "for-you", "--watch", "voice", "-n", "2")
    assert wide[0] == f"papers: {why}; {have}", wide
    narrow = on_terminal_of(lib, monkeypatch, 80, "for-you", "--watch", "voice", "-n", "2")
    assert narrow[:2] == [f"papers: {why};", f"  {have}"], narrow
    assert all(len(line) <= 80 for line in narrow), narrow
    piped = lib("for-you", "--watch", "voice", "-n", "2")
    assert piped.stderr.splitlines()[:2] == [f"papers: {why}", f"papers: {have}"], piped.stderr
    assert "most upvoted first · watch voice" in piped.stdout


def test_a_long_tag_with_too_few_papers_folds_after_its_sentence_at_80_columns(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The tag is shortened to fill the sentence's 80 columns: folded at the terminal's
    width, the ";" after it did not fit, and the fold broke the sentence before the tag."""
    from test_ranking import ids_of, import_topics

    lib = import_topics(papers, tmp_path)
    long = "grasping-and-locomotion-in-cluttered-homes-2026"
    assert lib("tag", ids_of("robot", recent=False)[0], long).exit_code == 0
    lines = on_terminal_of(lib, monkeypatch, 80, "for-you", "--tag", long, "-n", "2")
    assert lines[0].startswith("papers: relevance needs 3 papers tagged grasping-"), lines
    assert lines[0].endswith("…;") and len(lines[0]) <= 80, lines
    assert lines[1] == "  you have 1", lines


SEVERAL = ("2408.15881", "2403.11703", "2410.16236", "2401.16160", "2501.03895")


def test_related_to_several_counts_them_and_keeps_its_filters_at_80_columns(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, library: object) -> None:
    """`related A B C D E`'s title listed four ids and "…" (how many more, unsaid), and at
    80 columns the ids filled the line and the filters after them were cut. The ids are a
    list of their own: counted, and said as the first ones and how many more where the
    line is short, as a title's categories are."""
    args = ("related", *SEVERAL, "-k", "llava", "--since", "2024-01", "--offline")
    whole = papers(*args)
    assert whole.exit_code == 0, whole.stderr
    assert whole.stdout.splitlines()[0] == (
        "Related to 5 papers · 2408.15881, 2403.11703, 2410.16236, 2401.16160 +1"
        " · keyword llava · since 2024-01-01"), whole.stdout
    line = on_80_columns(papers, monkeypatch, *args)[0]
    assert line == "Related to 5 papers · 2408.15881 +4 · keyword llava · since 2024-01-01", line
