"""Every table as a person sees it: fitted to a terminal of 60, 80, 120 and 200 columns
(counts whole, text cut with … only as a last resort, titles given the room, the sort
key always shown, empty columns left out), and piped as whole plain lines; -q and
--columns; the reasons of --explain wrapped between words.

The CLI runs through `main()`; "a terminal" is stdout reporting itself as one (the same
test `terminal.is_terminal` makes of a real tty) with COLUMNS set, as a shell does. One
test runs the installed `papers` on a real pty to see a long table reach the pager."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, Shell, one_line, write_config
from hubserver import seed_items

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ID = re.compile(r"\b\d{4}\.\d{5}\b")
WIDTHS = [60, 80, 120, 200]
BOX = set("─│┃━┏┓┗┛┌┐└┘╭╮╰╯")
ORGS = {  # seed index -> (Hub name, display name)
    0: ("ByteDance-Seed", "ByteDance Seed"),
    1: ("google", "Google"),
    2: ("ByteDance-Seed", "ByteDance Seed"),
    3: ("allenai", "Allen Institute for Artificial Intelligence"),
}

Run = Callable[..., tuple[int, str, str]]


def cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.fixture
def lib(shell: Shell, tmp_path: Path) -> list[dict[str, Any]]:
    """The seed papers with what the Hub adds since 2025: organizations, GitHub stars,
    comments and submitters on some of them."""
    items = seed_items()
    for n, item in enumerate(items):
        paper = item["paper"]
        if n in ORGS:
            name, full = ORGS[n]
            item["organization"] = {"name": name, "fullname": full}
        if n % 3 == 0:
            paper["githubStars"] = 10 * n + 7
        item["numComments"] = n % 4
        if n % 2:
            item["submittedBy"] = {"name": f"user{n}"}
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    code, _, err = shell("import", str(src))
    assert code == 0, err
    return items


@pytest.fixture
def term(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`papers ARGS` with stdout on a terminal `cols` wide (no pager: it fits or not, the
    lines are what the screen would show); returns (exit code, plain stdout, stderr)."""
    from papercli import terminal

    def run(*args: str, cols: int) -> tuple[int, str, str]:
        with monkeypatch.context() as patch:
            patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
            patch.setenv("PAPERS_PAGER", "")
            patch.setenv("COLUMNS", str(cols))
            code, out, err = shell(*args)
        assert "\x1b[" in out or not out.strip() or code  # styled: it is a terminal
        return code, ANSI.sub("", out), err

    return run


def header_of(shown: str) -> str:
    return next(line for line in shown.splitlines() if line.lstrip().startswith("#"))


def rows_of(shown: str) -> list[str]:
    return [line for line in shown.splitlines() if re.match(r"^\s*\d+\s{2}", line)]


def heads(header: str) -> list[str]:
    return re.split(r"\s{2,}", header.strip())


def title_cells(shown: str) -> int:
    """The cells the Title column gets: from its header to the next column's."""
    header = header_of(shown)
    start = cells(header[: header.index("Title")])
    after = [h for h in heads(header) if h not in ("#",)]
    nxt = after.index("Title") + 1
    if nxt < len(after):
        return cells(header[: header.index(after[nxt], header.index("Title"))]) - start - 2
    return max(cells(r) for r in rows_of(shown)) - start


# -- listings ------------------------------------------------------------------------------


@pytest.mark.parametrize("cols", WIDTHS)
def test_a_listing_fits_and_gives_the_title_the_room(lib: list[dict[str, Any]], term: Run,
                                                     cols: int) -> None:
    code, shown, err = term("search", "--offline", "-n", "0", cols=cols)
    assert code == 0, err
    for line in shown.splitlines():
        assert cells(line) <= cols, (cols, line)
    rows = rows_of(shown)
    assert len(rows) == len(lib)  # one line per paper: nothing wrapped
    header = heads(header_of(shown))
    assert "ID" in header and "Title" in header and "▲" in header
    assert "Date" not in header  # labelled for what it is, where it is shown
    assert title_cells(shown) >= (40 if cols >= 80 else 25), shown
    if cols >= 120:
        assert "arXiv" in header and "Authors" in header
    # counts whole: each row's upvotes are the paper's
    upvotes = {i["paper"]["id"]: int(i["paper"]["upvotes"]) for i in lib}
    for row in rows:
        votes = re.match(r"^\s*\d+\s+(\d+)\s", row).group(1)  # type: ignore[union-attr]
        (pid,) = ID.findall(row)
        assert int(votes) == upvotes[pid], row
    # Stars, comments, org and submitter are not in the default set
    assert not {"Stars", "Org", "Comments", "Submitter"} & set(header)


def test_piped_listing_is_whole_plain_lines(lib: list[dict[str, Any]], shell: Shell,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, err = shell("search", "--offline", "-n", "0")
    assert code == 0, err
    assert "\x1b" not in out
    assert not BOX & set(out)
    for line in out.splitlines():
        assert line == line.rstrip(), repr(line)
    rows = rows_of(out)
    assert len(rows) == len(lib)
    for item in lib:
        paper = item["paper"]
        assert any(paper["id"] in r and paper["title"] in r for r in rows)
    assert heads(header_of(out))[:5] == ["#", "▲", "arXiv", "ID", "Authors"]


@pytest.mark.parametrize("cols", [60, 80])
@pytest.mark.parametrize(("sort", "head"), [("stars", "Stars"), ("upvotes", "▲"),
                                            ("new", "arXiv")])
def test_the_sort_key_is_always_shown(lib: list[dict[str, Any]], term: Run, shell: Shell,
                                      cols: int, sort: str, head: str) -> None:
    code, shown, err = term("search", "--offline", "-n", "0", "--sort", sort, cols=cols)
    assert code == 0, err
    assert head in heads(header_of(shown)), shown
    assert max(cells(line) for line in shown.splitlines()) <= cols
    if sort == "stars":
        stars = {i["paper"]["id"]: i["paper"].get("githubStars") for i in lib}
        first = rows_of(shown)[0]
        assert str(max(s for s in stars.values() if s is not None)) in first
    code, piped, _ = shell("search", "--offline", "-n", "0", "--sort", sort)
    assert head in heads(header_of(piped))


def test_at_60_columns_the_date_gives_way_unless_it_is_the_sort_key(lib: Any,
                                                                   term: Run) -> None:
    _, shown, _ = term("search", "--offline", "-n", "0", cols=60)
    assert "arXiv" not in heads(header_of(shown))
    _, shown, _ = term("search", "--offline", "-n", "0", "--sort", "new", cols=60)
    assert "arXiv" in heads(header_of(shown))


@pytest.mark.parametrize("cols", [80, 200])
def test_empty_columns_are_left_out(lib: Any, term: Run, shell: Shell, cols: int) -> None:
    _, shown, _ = term("search", "--offline", "LLaVolta", cols=cols)  # no family named
    assert len(rows_of(shown)) == 1
    assert "Families" not in header_of(shown)
    assert title_cells(shown) >= 40
    _, piped, _ = shell("search", "--offline", "LLaVolta")
    assert "Families" not in header_of(piped)
    _, with_badges, _ = term("search", "--offline", "-n", "0", cols=cols)
    assert "Families" in header_of(with_badges)


def test_quiet_prints_exactly_the_ids(lib: list[dict[str, Any]], shell: Shell) -> None:
    code, out, err = shell("search", "--offline", "-n", "0", "-q")
    assert code == 0, err
    assert sorted(out.splitlines()) == sorted(i["paper"]["id"] for i in lib)
    assert out == shell("search", "--offline", "-n", "0", "--format", "ids")[1]
    code, out, _ = shell("search", "--offline", "-n", "3", "--sort", "upvotes", "--quiet")
    assert code == 0 and len(out.splitlines()) == 3
    code, out, err = shell("search", "--offline", "-q", "--format", "json")
    assert code == 2 and out == ""
    assert "--quiet" in one_line(err)


@pytest.mark.parametrize("cols", [None, 60, 120])
def test_columns_picks_and_orders_the_columns(lib: list[dict[str, Any]], term: Run,
                                              shell: Shell, cols: int | None) -> None:
    args = ("search", "--offline", "-n", "0", "--columns", "id,Title,stars,org")
    code, shown, err = shell(*args) if cols is None else term(*args, cols=cols)
    assert code == 0, err
    assert heads(header_of(shown)) == ["#", "ID", "Title", "Stars", "Org"]
    row = next(r for r in rows_of(shown) if lib[0]["paper"]["id"] in r)
    stars, org = re.search(r"\s(\d+)\s+(\S+)$", row).groups()  # type: ignore[union-attr]
    assert stars == "7"  # whole
    if cols == 60:  # the org is cut before the title goes under 30 cells
        assert org.endswith("…") and "ByteDance-Seed".startswith(org[:-1]) and len(org) > 3
        assert title_cells(shown) >= 30
    else:
        assert org == "ByteDance-Seed"


def test_an_unknown_column_is_a_usage_error_naming_the_valid_ones(lib: Any,
                                                                  shell: Shell) -> None:
    code, out, err = shell("search", "--offline", "--columns", "id,votes")
    assert code == 2 and out == ""
    assert one_line(err) == "papers: error: unknown column 'votes' — did you mean upvotes?"
    code, out, err = shell("search", "--offline", "--columns", "id,zzz")
    assert code == 2 and out == ""
    assert one_line(err) == ("papers: error: unknown column 'zzz' — use rel, upvotes, … "
                             "(11 more in --help)")


def test_display_columns_from_the_config_file(lib: Any, shell: Shell, home: Home) -> None:
    write_config(home, '[display]\ncolumns = "id, comments, submitter, title"\n')
    code, out, err = shell("search", "--offline", "-n", "0")
    assert code == 0, err
    assert heads(header_of(out)) == ["#", "ID", "Comments", "Submitter", "Title"]
    # --columns wins over the setting; the sort key is still added
    _, out, _ = shell("search", "--offline", "--columns", "title", "--sort", "upvotes")
    assert heads(header_of(out)) == ["#", "▲", "Title"]
    write_config(home, '[display]\ncolumns = "id,nope"\n')
    code, out, err = shell("search", "--offline")
    assert code != 0 and out == ""
    line = one_line(err)
    # (the key and a fix, in 80 columns: its path and the fix made 219)
    assert line == ("papers: error: display.columns: unknown column 'nope' — papers config "
                    "edit")
    code, out, err = shell("config", "set", "display.columns", "title,votes")
    assert code == 2 and "'votes'" in one_line(err) and "upvotes" in err
    # the default, spelled out, is the default: columns nobody fills are still left out
    home.config_file.unlink()
    code, out, _ = shell("config", "get", "display.columns")
    assert out.strip() == "upvotes,date,id,authors,title,families,tags"
    assert shell("config", "set", "display.columns", out.strip())[0] == 0
    _, out, _ = shell("search", "--offline", "LLaVolta")
    assert heads(header_of(out)) == ["#", "▲", "arXiv", "ID", "Authors", "Title"]


# -- families, orgs, watch list, cache info --------------------------------------------------


@pytest.mark.parametrize("cols", WIDTHS)
def test_families_fit_with_whole_counts(lib: Any, term: Run, shell: Shell, cols: int) -> None:
    code, data, _ = shell("families", "--json")
    rows = json.loads(data)
    code, shown, err = term("families", cols=cols)
    assert code == 0, err
    lines = shown.splitlines()
    assert lines[0] == "Model families"
    assert heads(lines[1])[:3] == ["Family", "Papers", "Aliases"]
    body = lines[2:]
    assert len(body) == len(rows)  # one line a family: nothing wrapped
    for line, row in zip(body, rows, strict=True):
        assert cells(line) <= cols, line
        assert re.match(rf"^{re.escape(row['name'])}\s+{row['papers']}\s{{2}}", line), line
        aliases = ", ".join(row["aliases"])
        shown_aliases = line.split(f"{row['papers']}  ", 1)[1]
        if cols >= 120:
            assert aliases in line
        else:  # cut at the end, never to "a…"
            assert shown_aliases.startswith(aliases[: min(len(aliases), 20)]), line
    assert not BOX & set(shown)
    width = max(cells(line) for line in lines)
    if cols == 200:
        assert width < cols  # no 92-column box: as wide as its content
        assert "█" in shown


def test_piped_families_and_orgs_are_plain_whole_lines(lib: Any, shell: Shell,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    for command, key in (("families", "aliases"), ("orgs", "fullname")):
        _, data, _ = shell(command, "--json")
        rows = json.loads(data)
        code, out, err = shell(command)
        assert code == 0, err
        assert "\x1b" not in out and not BOX & set(out) and "█" not in out
        for line in out.splitlines():
            assert line == line.rstrip(), repr(line)
        for row in rows:
            whole = ", ".join(row[key]) if key == "aliases" else row[key]
            assert any(whole in line and f" {row['papers']}  " in line
                       for line in out.splitlines()), whole


def test_orgs_and_families_read_alike(lib: Any, shell: Shell) -> None:
    """`papers orgs` had no title line and its cut said "# 2 of 3 organizations", where
    `papers families` has "Model families" and "2 of N families" plainly: now alike."""
    for command, title, what in (("families", "Model families", "families"),
                                 ("orgs", "Organizations", "organizations")):
        code, out, err = shell(command, "-n", "2")
        assert code == 0, err
        lines = out.splitlines()
        assert lines[0] == title, lines
        assert re.fullmatch(rf"2 of \d+ {what} \(-n 0: all\)", lines[-1]), lines
        assert not any(line.startswith("#") for line in lines), lines


@pytest.mark.parametrize("cols", WIDTHS)
def test_orgs_fit_without_breaking_names(lib: Any, term: Run, shell: Shell, cols: int) -> None:
    code, shown, err = term("orgs", "--no-pager", cols=cols)
    assert code == 0, err
    lines = shown.splitlines()
    assert lines[0] == "Organizations"
    assert heads(lines[1]) == ["Name", "Papers", "Organization"]
    assert len(lines) == 2 + len({o for o, _ in ORGS.values()})
    for line in lines:
        assert cells(line) <= cols
    assert re.match(r"^ByteDance-Seed\s+2\s+ByteDance Seed$", lines[2]), lines
    allen = next(line for line in lines if line.startswith("allenai"))
    full = "Allen Institute for Artificial Intelligence"
    assert full in allen or (allen.endswith("…") and full.startswith(allen.split("  ")[-1][:-1]))


def test_every_table_command_takes_no_pager(lib: Any, shell: Shell) -> None:
    assert shell("watch", "add", "llava", "--family", "LLaVA")[0] == 0
    for args in (("families",), ("orgs",), ("watch", "list"), ("cache", "info"),
                 ("search", "--offline"), ("config", "show")):
        code, out, err = shell(*args, "--no-pager")
        assert code == 0, (args, err)
        assert out.strip()


@pytest.mark.parametrize("cols", [60, 200])
def test_watch_list_and_cache_info_fit(lib: Any, term: Run, shell: Shell, cols: int) -> None:
    assert shell("watch", "add", "quantized-llama-models", "--keyword", "quantization",
                 "--keyword", "llama", "--exclude", "survey", "--min-upvotes", "2")[0] == 0
    for args in (("watch", "list"), ("cache", "info")):
        code, shown, err = term(*args, cols=cols)
        assert code == 0, err
        for line in shown.splitlines():
            if not line.startswith("Library  "):  # a path is printed whole, to be copied
                assert cells(line) <= cols, line
    _, shown, _ = term("watch", "list", cols=cols)
    assert re.search(r"^quantized-llama-models\s+\d+\s", shown.splitlines()[1])
    _, shown, _ = term("cache", "info", cols=cols)
    assert re.search(r"^day:2025-01-07\s+1\b", shown, re.M)


@pytest.mark.parametrize(("args", "heading"), [(("families",), "Model families"),
                                                (("config", "show"), "network.timeout")])
def test_a_tall_table_goes_through_the_pager_unless_no_pager(
        lib: Any, tmp_path: Path, args: tuple[str, ...], heading: str) -> None:
    from test_terminal import fake_pager, on_pty

    pager, seen = fake_pager(tmp_path)
    code, shown, err = on_pty(*args, cols=100, rows=6, env={"PAPERS_PAGER": pager})
    assert code == 0, err
    assert heading in seen.read_text(encoding="utf-8")
    assert heading not in shown
    seen.unlink()
    code, shown, err = on_pty(*args, "--no-pager", cols=100, rows=6,
                              env={"PAPERS_PAGER": pager})
    assert code == 0 and not seen.exists() and heading in shown, err


# -- --explain ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cols", [60, 80])
def test_explain_reasons_are_shortened_to_the_width(lib: Any, term: Run, shell: Shell,
                                                   cols: int) -> None:
    """Piped, each reason is whole; on a terminal each is one line of the width, made by
    leaving parts out (the closest paper's title first, then that paper, then terms) and
    at worst cutting the last part short with an ellipsis, never by altering a word."""
    assert shell("star", "2404.14047", "2308.04913", "2412.15188", "2405.18377")[0] == 0
    args = ("related", "2401.01055", "--offline", "--explain", "-n", "4")
    _, piped, _ = shell(*args)
    reasons = [line for line in piped.split("\n\n")[-1].splitlines() if line]
    assert len(reasons) == 4 and any(len(r) > cols for r in reasons)
    code, shown, err = term(*args, cols=cols)
    assert code == 0, err
    for line in shown.splitlines():
        assert cells(line) <= cols, line
    short = [line for line in shown.split("\n\n")[-1].splitlines() if line]
    assert len(short) == len(reasons)
    for line, whole in zip(short, reasons, strict=True):
        assert line.split(":")[0] == whole.split(":")[0]  # the same paper, in order
        words = set(re.findall(r"[\w.()]+", whole))
        kept = re.sub(r"\S*…$", "", line)  # a last part cut short at the edge, with an ellipsis
        assert set(re.findall(r"[\w.()]+", kept)) <= words, (line, whole)
        if "closest" in line:  # the paper goes before any term for or against does
            assert line.split(" · closest")[0] == whole.split(" · closest")[0], (line, whole)
    assert any(line != whole for line, whole in zip(short, reasons, strict=True))


@pytest.mark.parametrize("cols", [58, 82])
@pytest.mark.parametrize("into", ["-o", ">"])
def test_explain_reasons_on_stderr_fit_the_terminal_with_their_prefix(
        lib: Any, shell: Shell, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        cols: int, into: str) -> None:
    """A document written to a file (`-o FILE`, or stdout redirected) leaves the reasons
    on stderr, a terminal: each line, "papers: " included, fits its width (they were
    whole lines when stdout was redirected, and 9 cells too long with -o)."""
    from papercli import terminal

    assert shell("star", "2404.14047", "2308.04913", "2412.15188", "2405.18377")[0] == 0
    args = ("related", "2401.01055", "--offline", "--explain", "-n", "4", "--format", "md")
    _, _, whole = shell(*args)
    assert any(len(line) > cols for line in whole.splitlines())
    with monkeypatch.context() as patch:
        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stderr)
        patch.setenv("COLUMNS", str(cols))
        extra = ("-o", str(tmp_path / "out.md")) if into == "-o" else ()
        code, out, err = shell(*args, *extra)
    assert code == 0, err
    # (a status line drawn while the topics are learned, on a busy machine, is erased
    # before the first reason: "\r\x1b[2K" leads it)
    reasons = [line for line in err.replace("\x1b[2K", "").splitlines()
               if re.match(r"papers: \d+\. ", line)]
    assert len(reasons) == 4, err
    assert all(cells(line) <= cols for line in reasons), reasons
    assert (into == "-o") == (not out.strip())  # the document went where it was sent


def test_explain_reasons_wrap_wide_text_by_cells(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A reason with a Chinese or emoji title was wrapped by characters, each line twice
    as wide as the terminal, then cut with …: its words were lost. Now every line fits
    the width and every word is kept."""
    from papercli import output, terminal

    monkeypatch.setattr(terminal, "width", lambda stream: 30)
    reason = ("1. 2401.00001: closest 大规模语言模型的训练方法与评测研究 · 😀😀 terms "
              "多模态 agents")
    output.print_reasons([reason], pager=False)
    shown = [line for line in capsys.readouterr().out.splitlines() if line]
    assert len(shown) > 1 and all(cells(line) <= 30 for line in shown), shown
    assert "…" not in "".join(shown)
    assert "".join(line.strip() for line in shown).replace(" ", "") == reason.replace(" ", "")
    assert all(line.startswith("   ") for line in shown[1:])  # under the text, as before


def test_the_renderer_draws_exactly_the_columns_the_settings_know() -> None:
    """`display.columns` and `--columns` are checked against columns.NAMES (config never
    imports the renderer); output.COLUMNS must draw exactly those, in that order."""
    from papercli import columns, output

    assert tuple(output.COLUMNS) == columns.NAMES
    assert set(columns.DEFAULT_COLUMNS) <= set(columns.NAMES)
    assert set(columns.SORT_COLUMN.values()) <= set(columns.NAMES)
