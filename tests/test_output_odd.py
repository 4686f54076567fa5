"""A listing on a terminal as odd text makes it: its cells measured and cut by the fast
path (`terminal._narrow`) exactly as piece by piece (`terminal.clusters`) would, over
the characters that make the long way necessary."""

from __future__ import annotations

import sys

import pytest

from conftest import Papers

HOSTILE = (
    "", "plain ASCII", "caf\u00e9 \u2014 na\u00efve \u2026 \u25b2 \u00b7 \u00ad",
    "\u65e5\u672c\u8a9e\u306e\u8ad6\u6587 mixed \u4e2d\u6587",  # wide CJK
    "e\u0301 a\u0300\u0323 \u0915\u094d\u0937 \u0915\u093e \u0dc1\u0dca\u200d\u0dbb\u0dd3",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f44d\U0001f3fd \u2764\ufe0f"
    " \U0001f1eb\U0001f1f7",  # ZWJ family, skin tone, VS16, a flag
    "\x1b[31mred\x1b[0m \x07 \x00 tab\there \u200b zero-width \u200e mark",
    "\u1100\u1161\u11a8 \ud55c\uae00 \u0e01\u0e34 \u0bae\u0bca",  # Hangul jamo, Thai, Tamil
    "[bold]markup[/bold] \\ escapes \u00ff\u0100\u017f\u0391\u03a9\u0416\u2603",
)


def _slow_fit(text: str, width: int) -> str:
    from papercli import terminal

    if terminal._pieces_width(text) <= width:
        return text
    return "" if width <= 0 else terminal._fit_pieces(text, width)


@pytest.mark.parametrize("text", HOSTILE)
def test_the_fast_path_measures_and_cuts_as_piece_by_piece(text: str) -> None:
    from papercli import terminal

    for piece in {text, text * 3, f"{text} {text[::-1]}", text[1:], text[:-1]}:
        assert terminal.cell_width(piece) == terminal._pieces_width(piece), repr(piece)
        for width in range(-1, len(piece) + 3):
            assert terminal.fit(piece, width) == _slow_fit(piece, width), (repr(piece), width)


def test_every_narrow_character_is_one_piece_of_one_cell_next_to_any_other() -> None:
    """Every character the fast path takes as one cell, alone and beside a letter, a
    mark, a virama, a joiner and a spacing vowel sign: measured and cut the same."""
    from papercli import terminal

    neighbours = ("a", "\u0915", "\u0301", "\u094d", "\u200d", "\u093e", "\ufe0f",
                  "\U0001f1eb", "\u4e2d")
    for code in range(0x80, ord(terminal._NARROW_END) + 0x100):
        char = chr(code)
        for text in (char, *(f"{n}{char}{n}" for n in neighbours), f"{char}{char}ab"):
            assert terminal.cell_width(text) == terminal._pieces_width(text), repr(text)
            assert terminal.fit(text, 2) == _slow_fit(text, 2), repr(text)


def test_a_table_on_a_terminal_is_fitted_without_walking_its_pieces(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, library: object) -> None:
    """Fitting each cell of a long table piece by piece took seconds on a terminal
    (~9,900 rows: 1.3 s of CPU against 0.9 s piped): titles with "é" or "—" and the
    "…" of every cut cell went the long way. Narrow text is measured as characters."""
    from papercli import terminal

    walked: list[str] = []
    clusters = terminal.clusters

    def counted(text: str):  # type: ignore[no-untyped-def]
        walked.append(text)
        return clusters(text)

    monkeypatch.setattr(terminal, "clusters", counted)
    monkeypatch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
    monkeypatch.setenv("PAPERS_PAGER", "")
    monkeypatch.setenv("COLUMNS", "60")
    result = papers("search", "--offline", "-n", "0")
    assert result.exit_code == 0, result.stderr
    assert "…" in result.stdout  # (titles were cut)
    assert walked == []


def test_a_papers_title_gives_up_its_room_to_the_filters_after_it() -> None:
    """`related ID --since … -k …` at 80 columns: the paper's title filled the line and
    the filters were cut ("… Robot Process Assessm…"). The title is cut between words."""
    from papercli.terminal import fit_title

    title = ("Related to 2401.00001 · An Invented Study of Robot Process Assessment for"
             " Warehouse Picking Arms · keyword robot · since 2026-01-01")
    assert fit_title(title, 80) == (
        "Related to 2401.00001 · An Invented Study of… · keyword robot · since 2026-01-01")
    assert fit_title(title, 200) == title
    # a caption's sentence, the last part: cut between words, not "…the watc…"
    caption = ("3 of 110 papers · by relevance to your papers tagged handling matching the"
               " watch grasping")
    assert fit_title(caption, 80) == (
        "3 of 110 papers · by relevance to your papers tagged handling matching the…")
    # a caption's count (its first part) is never the sentence cut for the parts after it
    assert fit_title("20 of 139 papers (-n 0: all) · by similarity", 30) == (
        "20 of 139 papers (-n 0: all) …")
    # a search's words give way to its filters, after its label
    search = ("Search: robot manipulation policy learning human videos · keyword robot and"
              " policy · since 2026-01-01")
    assert fit_title(search, 80) == (
        "Search: robot manipulation policy… · keyword robot and policy · since 2026-01-01")
    # too little room left for the sentence: the line is cut as before
    assert fit_title("Search: a b c d e · since 2026-01-01 · keyword x", 30) == (
        "Search: a b c d e · since 202…")


def test_related_keeps_its_filters_on_the_title_line_at_80_columns(
        papers: Papers, monkeypatch: pytest.MonkeyPatch, library: object) -> None:
    """The filters of `related` stay in view on a terminal; piped and in JSON the title
    is whole."""
    from test_rank_odd import on_80_columns

    args = ("related", "2410.04749", "--since", "2024-01", "-k", "language")
    line = on_80_columns(papers, monkeypatch, *args)[0]
    assert line == ("Related to 2410.04749 · LLaVA Needs More… · keyword language"
                    " · since 2024-01-01"), line
    whole = papers(*args).stdout.splitlines()[0]
    assert whole.startswith("Related to 2410.04749 · LLaVA Needs More Knowledge:")
    assert whole.endswith("Thoracic Pathologies · keyword language · since 2024-01-01")
    assert papers(*args, "--format", "md").stdout.splitlines()[0] == f"# {whole}"
