"""Titles as a person reads them on every human surface: the listing tables' rows, the
browser's list, `show`'s panel and the related list's title give arXiv's LaTeX as it
prints (`views.display_title`: "50\\%" is "50%", `\\textbf{x}` is "x", maths as typed),
where the rows showed the backslashes `show` had stopped showing; `--json` keeps the
text as the library holds it. Over a library of invented papers whose titles carry
TeX, through `main()`, a terminal of 80 and of 200 columns, and Textual's harness."""

from __future__ import annotations

import json

import pytest

from conftest import Home, Papers, on_terminal, screen_lines, store_papers
from papercli.models import Paper
from papercli.terminal import cell_width

TEXED = (
    Paper(id="2406.00051",
          title=r"$\alpha$-Mixers Beat 50\% of \textbf{Sparse} Baselines",
          summary="Mixers of sparse baselines, measured on invented tasks.",
          authors=("Ann Lee",), published_at="2024-06-03T00:00:00Z",
          submitted_at="2024-06-04T00:00:00Z", upvotes=12, sources=("hf",)),
    Paper(id="2406.00052",
          title=r"Caf\'e Agents: a Minimal Network\ for \emph{Cheap} R\&D",
          summary="Agents of sparse mixers for cheap research, measured on invented tasks.",
          authors=("Bo Chen",), published_at="2024-06-03T00:00:00Z",
          submitted_at="2024-06-04T00:00:00Z", upvotes=7, sources=("hf",)),
)
# Papers with plain titles beside them: the related list's neighbours, and other words.
PLAIN = tuple(
    Paper(id=f"2406.0006{n}", title=title, summary=summary, authors=("Cy Diaz",),
          published_at="2024-06-03T00:00:00Z", sources=("hf",))
    for n, (title, summary) in enumerate([
        ("Cheap Agents for Research", "Agents of sparse mixers for cheap research, "
         "measured on invented tasks."),
        ("Protein Folding at Scale", "Folding proteins with invented lattices."),
        ("Robots That Stack Cups", "A robot arm stacks cups on a table."),
        ("Rain Forecasts from Radar", "Radar echoes forecast the rain an hour ahead.")]))
# What each title prints: maths stays as typed, the rest as LaTeX sets it.
SHOWN = {"2406.00051": "$\\alpha$-Mixers Beat 50% of Sparse Baselines",
         "2406.00052": "Café Agents: a Minimal Network for Cheap R&D"}
RAW = ("\\%", "\\textbf", "\\emph", "\\&", "\\'", "Network\\ ")


@pytest.fixture
def texed(papers: Papers, home: Home) -> Papers:
    store_papers(*TEXED, *PLAIN)
    assert papers("star", "--offline", *SHOWN).exit_code == 0
    return papers


def no_tex(text: str) -> bool:
    return not any(raw in text for raw in RAW)


@pytest.mark.parametrize("command", [("starred",), ("search", "sparse mixers", "--offline")])
def test_a_listings_rows_print_titles_as_show_does_and_json_keeps_them(
        texed: Papers, command: tuple[str, ...]) -> None:
    result = texed(*command)
    assert result.exit_code == 0, result.stderr
    for title in SHOWN.values():  # (piped: every cell whole)
        assert title in result.stdout, result.stdout
    assert no_tex(result.stdout), result.stdout
    as_json = texed(*command, "--json").json
    assert {p["id"]: p["title"] for p in as_json if p["id"] in SHOWN} == {
        p.id: p.title for p in TEXED}


@pytest.mark.parametrize("cols", [80, 200])
def test_the_rows_fit_the_terminal_with_the_printed_titles(texed: Papers, cols: int) -> None:
    shown = on_terminal(["starred"], cols=cols)
    lines = screen_lines(shown.screen.decode())
    text = "\n".join(lines)
    assert shown.code == 0, text
    assert lines and all(cell_width(line) <= cols for line in lines), text
    assert no_tex(text), text
    rows = [line for line in lines if "2406.0005" in line]
    assert len(rows) == 2, text
    if cols == 200:  # room for each whole
        for title in SHOWN.values():
            assert title in text, text
    else:  # cut where they are cut, from what they print
        assert any("50% of" in row for row in rows), text
        assert any("Café Agents" in row for row in rows), text


def test_show_and_the_related_title_say_it_alike(texed: Papers) -> None:
    shown = texed("show", "2406.00051", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert SHOWN["2406.00051"] in shown.stdout and no_tex(shown.stdout), shown.stdout
    related = texed("related", "2406.00052", "--offline")
    assert related.exit_code == 0, related.stderr
    assert related.stdout, related.stderr
    head = related.stdout.splitlines()[0]
    assert head == f"Related to 2406.00052 · {SHOWN['2406.00052']}", related.stdout


async def test_the_browsers_list_and_pane_give_the_titles_the_commands_print(
        texed: Papers) -> None:
    from papercli.tui.source import Source, View
    from test_browse import make_app, pane, screen_text, settle, table

    rows = json.loads(texed("starred", "--json").stdout)
    app = make_app(View("starred"), offline=True)
    assert isinstance(app.source, Source)
    for width in (80, 200):
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot)
            titles = {r.id: r.title for r in table(app).rows}
            assert titles == {p["id"]: SHOWN[p["id"]] for p in rows}
            screen = screen_text(app)
            assert no_tex(screen), screen
            assert all(cell_width(line) <= width for line in screen.splitlines()), screen
            assert pane(app).splitlines()[0].strip() == SHOWN[app.selected or ""]
        app = make_app(View("starred"), offline=True)


def test_explain_names_the_closest_paper_by_its_printed_title(texed: Papers) -> None:
    """`for-you --explain` named the closest starred paper with its title's TeX
    (`50\\%`, `\\textbf{…}`), where `show`'s For you line prints it as LaTeX does."""
    from datetime import date

    from papercli.session import Session

    session = Session.create(offline=True)
    try:  # (for-you ranks the papers of listings: a day that lists them all)
        session.store().save_listing("day:2024-06-04", "day", [*TEXED, *PLAIN],
                                     period_start=date(2024, 6, 4),
                                     fetched_at="2024-06-05T00:00:00Z")
    finally:
        session.close()
    assert texed("star", "--offline", "2406.00061").exit_code == 0  # (three marks: a taste)
    result = texed("for-you", "--since", "2024-06-01", "--explain", "-n", "5")
    assert result.exit_code == 0, result.stderr
    reasons = [line for line in result.stdout.splitlines() if "closest" in line]
    assert reasons, (result.stdout, result.stderr)
    assert any(title in line for line in reasons for title in SHOWN.values()), reasons
    assert no_tex("\n".join(reasons)), reasons
