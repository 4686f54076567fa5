"""A paper known only from arXiv's RSS is dated by the day arXiv announced it, which
`show` says as "Announced DATE": listings marked that day nowhere (under the head "arXiv",
as v1's date is), and Markdown, HTML and feeds wrote "arXiv DATE". Every view now says
it with the one word, `Paper.date_label`; a table marks the cell and says what the mark
means, and so does the browser's list (its heading says it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from arxivserver import ArxivServer
from arxivserver import Paper as ArxivPaper
from hubserver import HubServer
from papercli.terminal import cell_width
from papercli.tui.source import View
from test_browse import make_app, screen_text, settle
from test_markdown_notes import read_front_matter

PID = "2401.07311"
SENT, ANNOUNCED = "2024-01-12", "2024-01-16"  # (a weekend between)
LEGEND = "* Announced: the day arXiv announced it, not v1's date; papers show ID finds it"


def announce(papers: Any, arx: ArxivServer) -> None:
    """PID, sent in on a Friday and announced on the Tuesday after, read from the RSS."""
    arx.announce(ArxivPaper(PID, "Sorting Socks at Scale", ["cs.CL"],
                            datetime(2024, 1, 12, 9, 0, tzinfo=UTC)))
    listed = papers("arxiv", "cs.CL", "-q")
    assert listed.exit_code == 0, listed.stderr


def row(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if PID in line)


def test_a_table_marks_the_announcement_day_and_says_what_the_mark_means(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    announce(papers, arx)
    for args in (("arxiv", "cs.CL", "--offline"), ("search", "socks", "--offline")):
        listed = papers(*args)
        assert listed.exit_code == 0, listed.stderr
        assert f"{ANNOUNCED}*" in row(listed.stdout), listed.stdout
        assert listed.stdout.splitlines()[-1] == LEGEND, listed.stdout
    # No date column shown, no legend: the mark is nowhere to explain.
    bare = papers("search", "socks", "--offline", "--columns", "id,title")
    assert bare.exit_code == 0, bare.stderr
    assert "*" not in bare.stdout and "Announced" not in bare.stdout, bare.stdout


def test_once_v1_s_date_is_known_the_table_shows_it_unmarked(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    """The legend's advice holds: `show` online learns v1's date, and the table then
    shows it as arXiv's, without mark or legend."""
    announce(papers, arx)
    assert papers("show", PID).exit_code == 0
    listed = papers("search", "socks", "--offline")
    assert listed.exit_code == 0, listed.stderr
    assert SENT in row(listed.stdout) and "*" not in listed.stdout, listed.stdout
    assert "Announced" not in listed.stdout


@pytest.mark.parametrize("width", [80, 60, 40])
def test_the_mark_and_its_legend_fit_a_terminal(papers: Any, hub: HubServer,
                                                arx: ArxivServer, width: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from papercli import terminal

    announce(papers, arx)
    monkeypatch.setattr(terminal, "width", lambda stream: width)
    listed = papers("arxiv", "cs.CL", "--offline")
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert all(cell_width(line) <= width for line in lines), lines
    marked = f"{ANNOUNCED}*" in row(listed.stdout)
    assert marked or width < 80  # (the date column kept at 80, given way below it)
    if marked:
        assert lines[-1].startswith("* Announced: ") and "…" not in lines[-1], lines
        assert (lines[-1] == LEGEND) == (width >= 80), lines
    else:
        assert "Announced" not in listed.stdout, lines


@pytest.mark.parametrize("fmt", ["md", "html", "atom", "rss"])
def test_documents_say_announced_not_arxiv(papers: Any, hub: HubServer, arx: ArxivServer,
                                          fmt: str) -> None:
    announce(papers, arx)
    written = papers("search", "socks", "--offline", "-f", fmt)
    assert written.exit_code == 0, written.stderr
    assert f"Announced {ANNOUNCED}" in written.stdout, written.stdout
    assert f"arXiv {ANNOUNCED}" not in written.stdout
    # A paper dated by v1's day is still "arXiv DATE".
    assert papers("show", PID).exit_code == 0
    known = papers("search", "socks", "--offline", "-f", fmt)
    assert known.exit_code == 0, known.stderr
    assert "Announced" not in known.stdout, known.stdout
    if fmt in ("md", "html"):
        assert f"arXiv {SENT}" in known.stdout, known.stdout


def list_rows(app: Any) -> tuple[str, str]:
    """The browser's list as painted: its column header and its one row (the pane
    beside it cut off)."""
    lines = [line.split("│")[0].rstrip() for line in screen_text(app).splitlines()]
    at = next(n for n, line in enumerate(lines) if line.split()[:1] == ["#"])
    rows = [line for line in lines[at + 1:] if line.split()[:1] == ["1"]]
    assert len(rows) == 1 and "Sorting Socks" in rows[0], lines
    return lines[at], rows[0]


@pytest.mark.parametrize("width", [80, 200])
async def test_the_browser_s_list_marks_the_announcement_day_and_says_it_once(
        papers: Any, hub: HubServer, arx: ArxivServer, width: int) -> None:
    """The list cut the date cell to a day's ten cells: "2024-01-16*" read "2024-01-16",
    v1's date to anyone who had not selected the paper. It keeps the mark, and the
    heading says what the mark means, once, whole: the longest of the table's words
    that fits (without "papers show ID", a command to type elsewhere)."""
    announce(papers, arx)
    app = make_app(View("search", "socks"), offline=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        head, listed = list_rows(app)
        top = text.splitlines()[0].strip()
    assert head.split()[:3] == ["#", "arXiv", "Title"], head
    assert listed.split()[:2] == ["1", f"{ANNOUNCED}*"], listed
    assert text.count("* Announced") == 1 and "…" not in top, top
    said = top.split(" · ")[2]  # (after the title and the count)
    assert said.startswith("* Announced: ") and cell_width(top) <= width - 2, top
    assert (said == LEGEND.partition(";")[0]) == (width >= 200), top


@pytest.mark.parametrize("width", [80, 200])
async def test_once_v1_s_date_is_known_the_browser_s_list_shows_it_unmarked(
        papers: Any, hub: HubServer, arx: ArxivServer, width: int) -> None:
    announce(papers, arx)
    assert papers("show", PID).exit_code == 0
    app = make_app(View("search", "socks"), offline=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        head, listed = list_rows(app)
    assert head.split()[:2] == ["#", "arXiv"] and listed.split()[:2] == ["1", SENT], listed
    assert "*" not in text and "Announced" not in text, text


async def test_where_the_date_gives_way_in_the_browser_its_legend_goes_too(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    """At 44 columns the list gives its date column up for the titles (as the command's
    narrow table does): no mark shown, nothing said of it."""
    announce(papers, arx)
    app = make_app(View("search", "socks"), offline=True)
    async with app.run_test(size=(44, 24)) as pilot:
        await settle(pilot)
        head, listed = list_rows(app)
        top = screen_text(app).splitlines()[0]
    assert head.split()[:2] == ["#", "Title"] and "*" not in listed, (head, listed)
    assert "*" not in top and "Announced" not in top, top
    app = make_app(View("search", "socks"), offline=True)
    async with app.run_test(size=(44, 24)) as pilot:  # widened: both come back
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        head, listed = list_rows(app)
        top = screen_text(app).splitlines()[0]
    assert listed.split()[:2] == ["1", f"{ANNOUNCED}*"] and "* Announced: " in top, top


def test_a_note_s_front_matter_says_its_date_is_the_announcement_day(
        papers: Any, hub: HubServer, arx: ArxivServer, tmp_path: Any) -> None:
    """A note's `date:` was the announcement's day written bare, as v1's is: no site
    and no reader could tell it from a published date. It stays the note's date (the
    day a site sorts and files it by, as a feed's entry is dated), and `announced: true`
    says what it is; once v1's date is known, `--force` writes that date and drops the
    key (papercli's, not one of yours to keep)."""
    announce(papers, arx)
    vault = tmp_path / "vault"
    split = papers("export", "--split", str(vault), PID, "--front-matter")
    assert split.exit_code == 0, split.stderr
    [note] = vault.glob("*.md")
    data = read_front_matter(note.read_text(encoding="utf-8"))
    assert (data["date"], data.get("announced")) == (ANNOUNCED, True), data
    assert list(data)[:3] == ["title", "date", "announced"], data
    assert papers("show", PID).exit_code == 0  # (v1's date learnt)
    again = papers("export", "--split", str(vault), PID, "--front-matter", "--force")
    assert again.exit_code == 0, again.stderr
    data = read_front_matter(note.read_text(encoding="utf-8"))
    assert data["date"] == SENT and "announced" not in data, data


async def test_the_browser_s_row_takes_v1_s_date_once_resting_on_it_fetched_it(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    """Resting on a paper fetches its record, as `show` does, which asks arXiv for v1's
    date: the pane then said "arXiv 2024-01-12" while its row kept "2024-01-16*" and
    the heading went on saying the mark meant "not v1's date". The row takes the date
    the pane says, and the legend goes with the last mark."""
    from papercli.tui.app import BrowseApp
    from papercli.tui.source import Source
    from test_browse import Opener, _rested, pane

    announce(papers, arx)
    # The row's mark before any record is fetched: in a browser that fetches none (with
    # fetching on, a loaded machine let the first row rest and fetch before it was read).
    before = BrowseApp(Source(), View("search", "socks"), opener=Opener(),
                       fetch_details=False)
    async with before.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "* Announced: " in screen_text(before).splitlines()[0]
    app = BrowseApp(Source(), View("search", "socks"), opener=Opener(), fetch_details=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _rested(pilot)
        _, listed = list_rows(app)
        top = screen_text(app).splitlines()[0]
        said = pane(app)
    assert f"arXiv {SENT}" in said and "Announced" not in said, said
    assert listed.split()[:2] == ["1", SENT] and "Announced" not in top, (listed, top)


def exported(papers: Any, fmt: str) -> dict[str, dict[str, Any]]:
    """`papers export -f FMT` of the library, read as its readers read it: each paper's
    record by id (JSON's objects, JSON Lines' lines, CSV's rows by header)."""
    import csv
    import io
    import json

    done = papers("export", "-f", fmt)
    assert done.exit_code == 0, done.stderr
    if fmt == "json":
        records = json.loads(done.stdout)
    elif fmt == "jsonl":
        records = [json.loads(line) for line in done.stdout.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(done.stdout, newline=""), strict=True))
    return {r["id"]: r for r in records}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_json_and_csv_exports_say_the_date_is_the_announcement_day(
        papers: Any, hub: HubServer, arx: ArxivServer, fmt: str) -> None:
    """`show` says "Announced DATE", a table marks it, a note's front matter says
    `announced: true`; JSON, JSON Lines and CSV gave the same `published_at` bare, as
    v1's date is given: nothing told a script the day was arXiv's announcement. JSON
    says `"announced"` (always a boolean, as every contract field is always there), and
    CSV a last column (`announced`: "true" or empty, as `hidden`), so that no column
    moves; once v1's date is known, neither says it."""
    announce(papers, arx)
    first = exported(papers, fmt)[PID]
    assert first["published_at"][:10] == ANNOUNCED, first
    assert first["announced"] == (True if fmt != "csv" else "true"), first
    if fmt == "csv":
        from papercli.exporters.csvfmt import COLUMNS

        assert COLUMNS[-1] == "announced" and list(first)[-1] == "announced"
    assert papers("show", PID).exit_code == 0  # (v1's date learnt)
    known = exported(papers, fmt)[PID]
    assert known["published_at"][:10] == SENT, known
    assert known["announced"] == (False if fmt != "csv" else ""), known


def test_listing_and_show_json_say_the_date_is_the_announcement_day(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    """The listings' `--json` and `show --json` are the export's contract (one home:
    `Paper.to_dict`), the flag with it."""
    import json

    announce(papers, arx)
    for args in (("search", "socks"), ("arxiv", "cs.CL"), ("show", PID)):
        done = papers(*args, "--offline", "--json")
        assert done.exit_code == 0, done.stderr
        data = json.loads(done.stdout)
        [record] = [data] if isinstance(data, dict) else data
        assert (record["published_at"][:10], record["announced"]) == (ANNOUNCED, True), args
    assert papers("show", PID).exit_code == 0
    done = papers("search", "socks", "--offline", "--json")
    [record] = json.loads(done.stdout)
    assert (record["published_at"][:10], record["announced"]) == (SENT, False), record


def test_an_export_s_announced_flag_comes_back_through_import(
        papers: Any, hub: HubServer, arx: ArxivServer, tmp_path: Any) -> None:
    """The flag is derived (from the record's `sources` and `updated_at`, which an
    export carries), so `papers import` reads none, and the paper it brings back says it
    again: not v1's date in disguise."""
    import json

    announce(papers, arx)
    path = tmp_path / "library.json"
    assert papers("export", "-f", "json", "-o", str(path)).exit_code == 0
    assert papers("cache", "clear", "--yes").exit_code == 0
    back = papers("import", str(path))
    assert back.exit_code == 0, back.stderr
    done = papers("show", PID, "--offline", "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["announced"] is True
    assert f"Announced {ANNOUNCED}" in papers("show", PID, "--offline").stdout
