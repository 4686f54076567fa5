"""Error lines on a narrow terminal: the terminal broke a long line wherever its last column
fell ("wat / ches"). Messages are short enough for 80 columns where the wording allows,
and on a terminal one that is still too long is wrapped between words; piped or logged,
each stays one line."""

from __future__ import annotations

from conftest import Home, on_terminal, one_line
from papercli.terminal import cell_width, wrap


def rows(screen: bytes) -> list[str]:
    return [row for row in screen.decode().replace("\r", "").split("\n") if row.strip()]


def test_new_without_watches_fits_80_columns(papers, home: Home) -> None:
    result = papers("new", "--offline")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line == ("papers: error: no watches — add one (papers watch add llava -F LLaVA) "
                    "or --all")
    assert cell_width(line) <= 80


def test_a_long_error_is_wrapped_between_words_on_a_terminal(papers, home: Home) -> None:
    args = ["today", "--limit", "５", "--offline"]
    piped = one_line(papers(*args).stderr)  # one line when stderr is not a terminal
    assert cell_width(piped) > 60
    shown = on_terminal(args, cols=60, stdout_on_pty=False)
    assert shown.code == 2 and shown.out == ""
    lines = rows(shown.screen)
    assert len(lines) > 1, lines
    assert all(cell_width(row) <= 60 for row in lines), lines
    assert all(row.startswith("  ") for row in lines[1:]), lines
    assert " ".join(row.strip() for row in lines) == piped  # no word cut in two


def test_a_word_wider_than_the_terminal_is_kept_whole() -> None:
    url = "https://huggingface.co/papers/2401.01055?with=a&long=query&string=yes"
    wrapped = wrap(f"papers: opened {url} in a new tab", 40, indent="  ", break_long=False)
    assert wrapped == ["papers: opened", f"  {url}", "  in a new tab"]
