"""papers browse at 80 columns: its heading fitted as the commands fit a table's title
(`terminal.fit_title`), driven through Textual's own harness against a real library and
the loopback Hub and arXiv (as tests/test_browse.py)."""

from __future__ import annotations

import json

from arxivserver import ArxivServer
from conftest import Home, run
from hubserver import HubServer
from papercli.filters import FilterOptions
from papercli.tui.source import View
from test_arxiv_cli import announce
from test_browse import B, listed, make_app, marks_of, screen_text, settle, told

CATEGORIES = ["cs.CL", "cs.LG", "cs.AI", "cs.CV", "stat.ML", "cs.RO"]


async def test_an_announcement_of_many_categories_keeps_its_date_at_80_columns(
        home: Home, arx: ArxivServer) -> None:
    """`browse arxiv` of six categories at 80 columns: the heading listed every one and
    cut the day arXiv announced them ("stat.ML, cs.RO · announced… · 4 papers"), where
    `papers arxiv`'s title says the first ones and how many more, and the day whole."""
    announce(arx)
    app = make_app(View("arxiv", " ".join(CATEGORIES)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        head, count = app.title_bar.head, app.title_bar.tail.split(" · ")[0]
        top = screen_text(app).splitlines()[0].strip()
    assert head.endswith(" · announced 2024-01-16") and count == "4 papers", head
    assert top.startswith("arXiv · cs.CL, cs.LG") and "+" in top and "…" not in top, top
    assert top.endswith(" · announced 2024-01-16 · 4 papers") and len(top) <= 78, top


async def test_a_related_papers_filters_stay_in_view_its_title_cut_between_words(
        seeded_hub: HubServer, home: Home) -> None:
    """`browse related ID` with filters at 80 columns: the paper's title filled the line
    and the filters after it were what was cut; the title gives its room up first, cut
    after a whole word, and "since 2020-01-01" stays."""
    assert run("today").exit_code == 0
    listed = run("search", "language", "--json")
    papers = json.loads(listed.stdout)
    paper = max(papers, key=lambda p: len(p["title"]))
    flt = FilterOptions(since="2020-01")
    app = make_app(View("related", paper["id"], flt), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        head, count = app.title_bar.head, app.title_bar.tail.split(" · ")[0]
        top = screen_text(app).splitlines()[0].strip()
    assert head.startswith(f"Related to {paper['id']} · ") and len(head) > 80, head
    assert top.startswith(f"Related to {paper['id']} · ") and len(top) <= 78, top
    assert "since 2020-01-01" in top and top.endswith(f" · {count}"), top
    assert "… · " in top, top


async def test_u_undoes_a_hide_that_left_the_paper_in_its_list(
        seeded_hub: HubServer, home: Home) -> None:
    """A day's list keeps a paper `h` hid, marked ×: `u` then said "nothing to undo", of
    the hide just made, as if `h` had done nothing. It unhides it, in place."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert marks_of(app, B) == "  ×" and B in app.hidden
        await pilot.press("u")
        await settle(pilot)
        assert marks_of(app, B) == "   " and B not in app.hidden, told(app)
        assert told(app)[-1] == f"unhid {B}" and listed(app)[0] == B, told(app)
        await pilot.press("u")
        await settle(pilot)
        assert told(app)[-1] == "nothing to undo: u unhides the paper h last hid"
    assert "was not hidden" in run("unhide", B).stderr  # (unhidden in the library)


async def test_a_tag_too_long_is_said_in_one_line_with_what_to_do(
        seeded_hub: HubServer, home: Home) -> None:
    """T, then a tag of 79 characters: under the line the error quoted it whole, 64
    characters, wrapped with "the tag" alone on the line above, and said nothing of this
    line's Enter and Esc. It is said shorter, as the command's error line says it, with
    what to do here."""
    from textual.widgets import Input

    from papercli.tui.widgets import TagScreen

    long_tag = "a-very-long-label-" + "x" * 61
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*f"to-read {long_tag}", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        assert app.screen.query_one(Input).value == f"to-read {long_tag}"
        said = str(app.screen.query_one("#tags-error").render())
        # (each line of the box, between its sides: the pane shows around it)
        shown = [line.split("│")[1].strip() for line in screen_text(app).splitlines()
                 if line.count("│") >= 2]
    assert said == ("the tag 'a-very-long-labe…' has 79 characters — at most 64: shorten "
                    "it or delete it, then Enter (Esc changes nothing)"), said
    first = [line for line in shown if line.startswith("the tag ")]
    assert first and first[0].startswith("the tag 'a-very-long-labe…' has 79 characters — "), shown
