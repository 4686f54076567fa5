"""What people see in a terminal: tables that fit any width (with and without colour),
the pager, the status line on stderr; and that pipes keep whole, plain lines.

The installed `papers` runs on a real pseudo-terminal of a given size (no COLUMNS or
LINES in its environment, so it has to measure the terminal itself)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import Home, on_terminal, run_process
from hubserver import HubServer, seed_items

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SEED = {i["paper"]["id"]: i["paper"] for i in seed_items()}
ROW = re.compile(r"^\s*\d+\s{2}")  # a table row starts with its rank


def cells(text: str) -> int:
    """Cells a terminal gives `text` (wcwidth's rule): two for a wide character, none for
    a mark on the character before (Mn, Me) or an invisible format character (Cf) but
    the soft hyphen, one for the rest. The emoji variation selector is counted as one:
    most terminals draw "❤️" two cells wide, wcwidth one."""
    import unicodedata

    def one(c: str) -> int:
        if unicodedata.category(c) in ("Mn", "Me", "Cf") and c not in "\xad\ufe0f":
            return 0
        return 2 if unicodedata.east_asian_width(c) in "WF" else 1

    return sum(one(c) for c in text)


def on_pty(*args: str, cols: int, rows: int = 200, env: dict[str, str] | None = None,
           stderr_on_pty: bool = False) -> tuple[int, str, str]:
    """Run `papers ARGS` with stdout (and stdin) on a pty of cols x rows; returns (exit
    code, what the terminal showed, stderr)."""
    run = on_terminal(args, cols=cols, rows=rows, env=env, stderr_on_pty=stderr_on_pty)
    shown = run.screen.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return run.code, shown, run.err


def table_rows(shown: str) -> list[str]:
    return [line for line in ANSI.sub("", shown).splitlines() if ROW.match(line)]


def check_fits(shown: str, cols: int, papers: int) -> list[str]:
    plain = ANSI.sub("", shown)
    lines = plain.splitlines()
    assert lines, shown
    for line in lines:
        assert cells(line) <= cols, (cols, line)
    rows = table_rows(shown)
    assert len(rows) == papers, plain  # one line per paper: nothing wrapped
    header = next(line for line in lines if line.lstrip().startswith("#"))
    assert "Title" in header
    return rows


SEED_TITLE_WIDE = "大規模言語モデルの量子化 LLaVA と LLaMA と Qwen と Mistral の比較研究"


@pytest.fixture
def many(papers, home: Home, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The seed papers, one with a wide-character title and a long run of families."""
    items = seed_items()
    assert items[5]["paper"]["id"] == "2403.11703"
    items[5]["paper"]["title"] = SEED_TITLE_WIDE
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    return papers


@pytest.mark.parametrize("cols", [60, 80, 120, 200])
@pytest.mark.parametrize("no_color", [False, True])
def test_a_table_fits_the_terminal_at_any_width(many, cols: int, no_color: bool) -> None:
    env = {"NO_COLOR": "1"} if no_color else {}
    code, shown, err = on_pty("search", "--offline", "-n", "0", cols=cols, env=env)
    assert code == 0, err
    assert ("\x1b[" in shown) is not no_color
    rows = check_fits(shown, cols, len(SEED))
    plain_lines = ANSI.sub("", shown).splitlines()
    header = next(line for line in plain_lines if line.lstrip().startswith("#"))
    # The families form one column: every badge starts where the header says. At 60
    # columns they give way to the title (which keeps half the line).
    if cols == 60:
        assert "Families" not in header
        assert cells(rows[0]) - cells(header[: header.index("Title")]) >= 30
        return
    assert "Families" in header
    start = cells(header[: header.index("Families")])
    with_badges = [r for r in rows if re.search(r"(LLaVA|LLaMA|GPT|Qwen)\S*$", r)]
    assert len(with_badges) >= 10
    for row in with_badges:
        prefix = row[: len(row) - len(row.rstrip().split("  ")[-1].lstrip())]
        assert cells(prefix) == start, (row, header)
    # The title gets the room: over a third of the line, and at 200 columns every title
    # up to 100 characters is whole; longer ones are cut with an ellipsis, never wrapped.
    title_cells = start - cells(header[: header.index("Title")])
    assert title_cells >= 0.35 * cols - 2, header
    if cols == 200:
        for pid, paper in SEED.items():
            if pid != "2403.11703" and len(paper["title"]) <= 100:
                assert any(paper["title"] in row for row in rows), paper["title"]
    assert any("…" in row for row in rows)


def _titled_search(papers, tmp_path: Path, titles: list[str], total: int,  # type: ignore[no-untyped-def]
                   cols: int) -> str:
    """What a terminal `cols` wide shows of `papers search` over `total` papers, the first
    of them given `titles` (NO_COLOR)."""
    items = seed_items()[:total]
    for item, title in zip(items, titles, strict=False):
        item["paper"]["title"] = item["title"] = title
    src = tmp_path / "titled.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    code, shown, err = on_pty("search", "--offline", "-n", "0", cols=cols,
                              env={"NO_COLOR": "1"})
    assert code == 0, err
    return shown


def badges_line_up(shown: str, rows: list[str]) -> bool:
    """When the table has a Families column, check every badge starts under its header
    and say True; False when the title is the last column (the caller checks its cuts)."""
    header = next(x for x in ANSI.sub("", shown).splitlines() if x.lstrip().startswith("#"))
    if "Families" not in header:
        return False
    start = cells(header[: header.index("Families")])
    for row in rows:
        badge = re.search(r"\S\s{2,}(\S+( \S+)*)$", row)
        assert badge is not None, row
        assert cells(row[: badge.start(1)]) == start, (row, header)
    return True


# Titles whose marks take no cell of their own: Thai vowel and tone marks, a Devanagari
# anusvara, an accent, a zero-width non-joiner between two letters (Persian's half-space;
# a zero-width space is no longer shown at all) (each word below is as wide on a terminal
# as the number after it).
MARKED_WORDS = [("ที่นี่", 2), ("हिंदी", 4), ("Zu\u0308rich", 6), ("می\u200cخواهم", 7)]


@pytest.mark.parametrize("cols", [60, 120])
def test_marks_that_take_no_cell_keep_the_columns_straight(papers, tmp_path: Path,
                                                              cols: int) -> None:
    assert [cells(word) for word, _ in MARKED_WORDS] == [n for _, n in MARKED_WORDS]
    shown = _titled_search(papers, tmp_path, [
        f"{word * 3} study of LLaVA, a title long enough to be cut"
        for word, _ in MARKED_WORDS[:4]], 6, cols)
    rows = check_fits(shown, cols, 6)
    assert len([r for r in rows if any(word in r for word, _ in MARKED_WORDS)]) == 4, rows
    if not badges_line_up(shown, rows):  # the title is last: each cut title ends in one cell
        cut = {cells(r.rstrip()) for r in rows if r.rstrip().endswith("…")}
        assert len(cut) == 1, rows


# Titles in Indic scripts: Hindi (भाषा, every letter with a spacing vowel sign; क्षेत्र, a
# conjunct), Tamil (மொழி), Sinhala (ශ්‍රී: a virama and a zero-width joiner). A spacing
# vowel sign (Mc) takes a cell of its own, as VTE, xterm and tmux draw it (`cells`); "x"
# moves a title by one cell, so one title of each pair is cut where a letter and its vowel
# sign meet.
INDIC_WORDS = ["भाषा", "மொழி", "क्षेत्र", "ශ්\u200dරී"]


def _split_syllable(title: str, kept: str) -> bool:
    """Whether `kept` (a cut title, without its …) ends inside a syllable of `title`: before
    a vowel sign, or between a virama and the letter it joins."""
    import unicodedata

    assert title.startswith(kept), (title, kept)
    rest = title[len(kept):]
    if not rest or not kept:
        return False
    before = kept.rstrip("\u200d")
    return (unicodedata.category(rest[0]) in ("Mc", "Mn")
            or unicodedata.combining(before[-1]) == 9)


@pytest.mark.parametrize("cols", [60, 120])
def test_indic_titles_are_cut_between_syllables_in_straight_columns(
        papers, tmp_path: Path, cols: int) -> None:
    """A cut title could end on a Hindi or Tamil letter whose vowel sign was cut off (the
    sign then stood alone, or fell out of the title), or inside a conjunct; and "ශ්‍රී" was
    measured one cell where a terminal draws two, so its row's columns stood one cell
    left. Now a title is cut between syllables and every column starts in the same cell."""
    assert [cells(word) for word in INDIC_WORDS] == [4, 4, 4, 2]
    titles = [f"{pad}{word * 40}" for word in INDIC_WORDS for pad in ("", "x")]
    shown = _titled_search(papers, tmp_path, titles, 9, cols)
    rows = check_fits(shown, cols, 9)
    cut = [r for r in rows if any(word in r for word in INDIC_WORDS)]
    assert len(cut) == len(titles), rows
    for title in titles:  # (a title starts after a space; the text has none)
        row = next(r for r in cut if f" {title[:4]}" in r)
        start = row.index(f" {title[:4]}") + 1
        kept = row[start:row.index("…", start)]
        assert not _split_syllable(title, kept), (row, title)
    if not badges_line_up(shown, rows):  # the title is last: cuts end in one cell, or one short
        ends = {cells(r.rstrip()) for r in cut}
        assert max(ends) - min(ends) <= 1 and max(ends) <= cols, rows


# Emoji sequences a terminal draws as one emoji of two cells (as Rich, and so the browser,
# measures them): a family joined by zero-width joiners, a skin tone, a flag, a rainbow flag
# (variation selector and joiner), a narrow heart made wide by the variation selector.
EMOJI_WORDS = ["\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f44d\U0001f3fd",
               "\U0001f1eb\U0001f1f7", "\U0001f3f3\ufe0f\u200d\U0001f308", "\u2764\ufe0f"]


@pytest.mark.parametrize("cols", [60, 120])
def test_emoji_sequences_keep_the_columns_straight(papers, tmp_path: Path, cols: int) -> None:
    """A title with "👨‍👩‍👧" was measured six cells wide (each emoji of the family
    counted), so it was cut four cells short and the families after it stood left of
    the others; a skin tone, a flag, "❤️" the same. Measured as Rich measures them (what
    the browser draws), every badge starts under "Families" and every cut title ends in
    the same cell."""
    from rich.cells import cell_len

    assert [cell_len(word) for word in EMOJI_WORDS] == [2] * len(EMOJI_WORDS)
    shown = _titled_search(papers, tmp_path, [
        f"{word * 3} study of LLaVA, a title long enough to be cut here"
        for word in EMOJI_WORDS], 7, cols)
    lines = ANSI.sub("", shown).splitlines()
    rows = table_rows(shown)
    assert len([r for r in rows if any(word in r for word in EMOJI_WORDS)]) == 5, rows
    assert all(cell_len(line) <= cols for line in lines), lines
    header = next(x for x in lines if x.lstrip().startswith("#"))
    if "Families" in header:
        start = cell_len(header[: header.index("Families")])
        for row in rows:
            badge = re.search(r"\S\s{2,}(\S+( \S+)*)$", row)
            assert badge is not None, row
            assert cell_len(row[: badge.start(1)]) == start, (row, header)
    else:
        cut = {cell_len(r.rstrip()) for r in rows if r.rstrip().endswith("…")}
        assert len(cut) == 1, rows


def test_narrow_terminals_keep_the_id_and_drop_the_authors_first(many) -> None:
    _, narrow, _ = on_pty("search", "--offline", "-n", "0", cols=60)
    _, wide, _ = on_pty("search", "--offline", "-n", "0", cols=120)
    head_narrow = next(x for x in ANSI.sub("", narrow).splitlines() if x.lstrip().startswith("#"))
    head_wide = next(x for x in ANSI.sub("", wide).splitlines() if x.lstrip().startswith("#"))
    assert "ID" in head_narrow and "Authors" not in head_narrow
    assert "Authors" in head_wide and "arXiv" in head_wide  # the arXiv date
    assert all(re.search(r"\b\d{4}\.\d{5}\b", row) for row in table_rows(narrow))


def test_piped_output_keeps_whole_plain_lines(many) -> None:
    result = run_process("search", "--offline", "-n", "0", env_extra={"COLUMNS": "60"})
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    rows = [line for line in result.stdout.splitlines() if ROW.match(line)]
    assert len(rows) == len(SEED)
    for pid, paper in SEED.items():
        if pid != "2403.11703":
            assert any(pid in row and paper["title"] in row for row in rows)
    assert max(cells(r) for r in rows) > 60  # not fitted to any width


# -- a locale that is not UTF-8 ------------------------------------------------------------

# LC_ALL=C without Python's UTF-8 mode: stdout's encoding is ASCII.
NOT_UTF8 = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


@pytest.mark.parametrize("args", [("search", "--offline", "-n", "0"),
                                  ("show", "2403.11703", "--offline"), ("nosuch",)])
def test_an_ascii_terminal_is_shown_ascii(many, args: tuple[str, ...]) -> None:
    """A listing died with "unexpected UnicodeEncodeError" at its first "—" or "▲"; now
    the terminal gets ASCII, one cell for each mark (— -, ▲ ^, … ~, a box of - | +), so
    a table still fits, and so do the error lines on stderr."""
    run = on_terminal(args, cols=100, rows=200, env=NOT_UTF8)
    shown = run.screen.decode("ascii").replace("\r\n", "\n")  # ASCII, or this fails
    assert "Error" not in shown and "Traceback" not in shown, shown
    if args[0] == "search":
        assert run.code == 0, shown
        rows = check_fits(shown, 100, len(SEED))
        assert any(r.rstrip().endswith("~") for r in rows)  # a cut title
        header = next(x for x in ANSI.sub("", shown).splitlines() if x.lstrip().startswith("#"))
        assert " ^ " in header, header
    elif args[0] == "show":
        assert run.code == 0, shown
        first = ANSI.sub("", shown).splitlines()[0]
        assert first.startswith("+- ") and first.rstrip().endswith("-+"), first
        assert "Mistral" in shown  # the title's ASCII words are kept
    else:
        assert run.code == 2
        assert shown.strip() == "papers: error: unknown command 'nosuch' - see 'papers --help'"


def test_an_ascii_terminal_keeps_wide_titles_in_line(papers, tmp_path: Path) -> None:
    """On an ASCII terminal every character it cannot show was one "?", whatever the
    table had measured: "한국어" (six cells) was shown in three, an emoji family (two) in
    five, an accent on the letter before (none) in one, and the badges after such a title
    stood out of line; now each is as many cells of ASCII as were measured."""
    words = ["\ud55c\uad6d\uc5b4", EMOJI_WORDS[0], "Zu\u0308rich", "\u5927\u898f\u6a21",
             EMOJI_WORDS[1]]
    items = seed_items()[:7]
    for n, item in enumerate(items[:5]):
        title = f"{words[n] * 3} study of LLaVA, a title long enough to be cut here"
        item["paper"]["title"] = item["title"] = title
    src = tmp_path / "wide.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    run = on_terminal(["search", "--offline", "-n", "0"], cols=120, rows=200,
                      env={**NOT_UTF8, "NO_COLOR": "1"})
    shown = run.screen.decode("ascii").replace("\r\n", "\n")  # ASCII, or this fails
    assert run.code == 0, shown
    lines = ANSI.sub("", shown).splitlines()
    rows = table_rows(shown)
    assert len(rows) == len(items), rows
    assert all(len(line) <= 120 for line in lines), lines
    header = next(x for x in lines if x.lstrip().startswith("#"))
    assert "Families" in header, header
    for row in rows:
        badge = re.search(r"\S\s{2,}(\S+( \S+)*)$", row)
        assert badge is not None, row
        assert badge.start(1) == header.index("Families"), (row, header)


def test_a_pipe_is_utf8_whatever_the_locale(many) -> None:
    """Piped, output is UTF-8 (what JSON, CSV and feeds are) under any locale, where an
    ASCII locale died mid-way through the JSON."""
    title = SEED_TITLE_WIDE
    result = run_process("search", "--offline", "--json", "-n", "0", env_extra=NOT_UTF8)
    assert result.returncode == 0, result.stderr
    assert {p["title"] for p in json.loads(result.stdout)} >= {title}
    table = run_process("search", "--offline", "-n", "0", env_extra=NOT_UTF8)
    assert table.returncode == 0, table.stderr
    assert title[:20] in table.stdout and "·" in table.stdout


# -- the pager -----------------------------------------------------------------------------


def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager that records what it was given (and that it ran)."""
    seen = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(
        "import sys\n"
        f"open({str(seen)!r}, 'w', encoding='utf-8').write(sys.stdin.read())\n",
        encoding="utf-8")
    return f"{sys.executable} {script}", seen


def test_a_table_taller_than_the_screen_goes_through_the_pager(many, tmp_path: Path) -> None:
    pager, seen = fake_pager(tmp_path)
    code, shown, err = on_pty("search", "--offline", "-n", "0", cols=100, rows=10,
                              env={"PAPERS_PAGER": pager})
    assert code == 0, err
    assert seen.exists()
    paged = seen.read_text(encoding="utf-8")
    assert len(table_rows(paged)) == len(SEED)
    assert "\x1b[" in paged  # styled, for less -R
    assert table_rows(shown) == []  # the pager had it, not the terminal


def test_papers_pager_wins_over_pager(many, tmp_path: Path) -> None:
    pager, seen = fake_pager(tmp_path)
    code, _, err = on_pty("search", "--offline", "-n", "0", cols=100, rows=10,
                          env={"PAPERS_PAGER": pager, "PAGER": "false"})
    assert code == 0, err
    assert seen.exists()
    seen.unlink()
    code, _, err = on_pty("search", "--offline", "-n", "0", cols=100, rows=10,
                          env={"PAGER": pager})
    assert code == 0, err
    assert seen.exists()


@pytest.mark.parametrize("how", ["fits", "--no-pager", "empty", "cat", "piped"])
def test_no_pager_when_it_fits_or_is_switched_off(many, tmp_path: Path, how: str) -> None:
    pager, seen = fake_pager(tmp_path)
    env = {"PAPERS_PAGER": pager}
    args = ["search", "--offline", "-n", "0"]
    rows = 10
    if how == "fits":
        rows = 100
    elif how == "--no-pager":
        args.append("--no-pager")
    elif how == "empty":
        env = {"PAPERS_PAGER": "", "PAGER": pager}
    elif how == "cat":
        env = {"PAPERS_PAGER": "cat"}
    if how == "piped":
        result = run_process(*args, env_extra={**env, "LINES": "10"})
        code, shown, err = result.returncode, result.stdout, result.stderr
    else:
        code, shown, err = on_pty(*args, cols=100, rows=rows, env=env)
    assert code == 0, err
    assert not seen.exists()
    assert len(table_rows(shown)) == len(SEED)


def test_a_dumb_terminal_gets_no_default_pager(many, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """TERM=dumb: less (the default) would stop at "WARNING: terminal is not fully
    functional, Press RETURN"; the table is printed instead. A pager you chose still runs."""
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("PAPERS_PAGER", raising=False)
    ran = tmp_path / "less-ran"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    less = bin_dir / "less"
    less.write_text(f"#!/bin/sh\ntouch {ran}\ncat\n", encoding="utf-8")
    less.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    args = ("search", "--offline", "-n", "0")
    code, shown, err = on_pty(*args, cols=100, rows=10, env={"TERM": "dumb"})
    assert code == 0, err
    assert not ran.exists()
    assert len(table_rows(shown)) == len(SEED)
    pager, seen = fake_pager(tmp_path)
    code, _, err = on_pty(*args, cols=100, rows=10, env={"TERM": "dumb", "PAGER": pager})
    assert code == 0, err
    assert len(table_rows(seen.read_text(encoding="utf-8"))) == len(SEED)
    code, _, err = on_pty(*args, cols=100, rows=10)  # (the fake less is the default's)
    assert code == 0 and ran.exists(), err


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_less_under_lc_all_c_shows_the_marks_it_is_given(many,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """LC_ALL=C: Python writes UTF-8 (its UTF-8 mode), but less took it for ASCII and
    showed each "…" and "▲" as <E2><80><A6>, a dozen cells, so every row wrapped."""
    for name in ("PAGER", "PAPERS_PAGER", "LESS", "LESSCHARSET", "LESSCHARDEF"):
        monkeypatch.delenv(name, raising=False)

    sent: list[bool] = []

    def quit_less(screen: bytes) -> bytes | None:
        if sent or b"2401.01055" not in screen:
            return None
        sent.append(True)
        return b"q"

    run = on_terminal(["search", "--offline", "-n", "0", "--sort", "upvotes"], cols=100,
                      rows=10, env={"LC_ALL": "C", "LANG": "C"}, reply=quit_less)
    assert run.code == 0, run.err
    assert b"<E2>" not in run.screen
    assert "▲" in run.screen.decode("utf-8")  # the header's, as less was given it


def test_a_pager_that_cannot_start_prints_the_table(many) -> None:
    code, shown, err = on_pty("search", "--offline", "-n", "0", cols=100, rows=10,
                              env={"PAPERS_PAGER": "/nonexistent/pager"})
    assert code == 0, err
    assert len(table_rows(shown)) == len(SEED)


def test_show_pages_a_long_panel_and_takes_several_ids(many, tmp_path: Path) -> None:
    pager, seen = fake_pager(tmp_path)
    code, _, err = on_pty("show", "2401.01055", "2404.14047", "--offline", cols=80,
                          rows=10, env={"PAPERS_PAGER": pager})
    assert code == 0, err
    paged = ANSI.sub("", seen.read_text(encoding="utf-8"))
    assert SEED["2401.01055"]["title"][:30] in paged
    assert SEED["2404.14047"]["title"][:30] in paged
    assert all(cells(line) <= 80 for line in paged.splitlines())


# -- the status line -----------------------------------------------------------------------


def test_a_retry_shows_one_status_line_on_a_terminal(home: Home, hub: HubServer) -> None:
    from datetime import date

    hub.set_day(date(2026, 11, 25), seed_items()[:3])
    hub.fail("503", times=1)
    code, shown, _ = on_pty("today", "--no-pager", cols=100, stderr_on_pty=True,
                            env={"PAPERS_BACKOFF": "1.0"})
    assert code == 0, shown
    assert re.search(r"Hub answered 503; retrying in \d+(\.\d)? s, 1 of \d", shown), shown
    assert "\x1b[2K" in shown  # drawn over itself and erased
    assert len(table_rows(shown)) == 3


def test_no_status_line_in_a_pipe(home: Home, hub: HubServer) -> None:
    from datetime import date

    hub.set_day(date(2026, 11, 25), seed_items()[:3])
    hub.fail("503", times=1)
    result = run_process("today")
    assert result.returncode == 0, result.stderr
    assert "retrying" not in result.stderr and "\r" not in result.stderr
    assert "\x1b" not in result.stderr


def test_a_slow_fetch_says_what_it_waits_for_then_erases_it(home: Home, hub: HubServer) -> None:
    from datetime import date

    hub.set_day(date(2026, 11, 25), seed_items()[:3])
    hub.fail("hang", times=1, hang=1.5)  # then the connection drops, and the retry works
    code, shown, _ = on_pty("today", "--no-pager", cols=100, stderr_on_pty=True)
    assert code == 0, shown
    assert "asking the Hub…" in shown and hub.url not in shown
    assert "connection dropped; retrying in" in shown
    after = shown[shown.rindex("\r\x1b[2K"):]  # the last write to the status line: erased
    assert "fetching" not in after and "retrying" not in after
    assert len(table_rows(shown)) == 3


def test_no_status_line_under_term_dumb(home: Home, hub: HubServer) -> None:
    """TERM=dumb (an editor's shell buffer, which shows escapes as they are): the status
    line was drawn and erased with `\\r\\x1b[2K` all the same, and "^[[2KHub answered
    503; …" stood before the table. No line is drawn there, as no colour or pager is."""
    from datetime import date

    hub.set_day(date(2026, 11, 25), seed_items()[:3])
    hub.fail("503", times=1)
    code, shown, _ = on_pty("today", "--no-pager", cols=100, stderr_on_pty=True,
                            env={"PAPERS_BACKOFF": "1.0", "TERM": "dumb"})
    assert code == 0, shown
    assert "\x1b" not in shown and "retrying" not in shown
    assert len(table_rows(shown)) == 3
