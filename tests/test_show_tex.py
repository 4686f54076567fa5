"""`papers show` and the browser's reading pane give arXiv's LaTeX escapes as the text they
print ("50\\%" is "50%"), as Markdown, HTML, RIS and CSL-JSON do; `--json` keeps the text
as the library holds it. Through `main()` over a library of one invented paper."""

from __future__ import annotations

from conftest import Home, Papers, store_papers
from papercli.models import Paper

ESCAPED = Paper(
    id="2406.00042",
    title=r"Half the Cost: 50\% of R\&D at \$5",
    summary=r"We cut 50\% of the cost of R\&D; maths stays: $x \% y$.",
    authors=("Ann Lee",),
    published_at="2024-06-03T00:00:00Z",
    sources=("hf",),
)


def test_show_prints_what_arxivs_escapes_print(papers: Papers, home: Home) -> None:
    """The panel showed arXiv's `50\\%` as typed, where every exported document a person
    reads printed "50%"."""
    store_papers(ESCAPED)
    shown = papers("show", ESCAPED.id, "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "Half the Cost: 50% of R&D at $5" in shown.stdout
    assert "We cut 50% of the cost of R&D; maths stays: $x \\% y$." in shown.stdout
    assert "\\%" not in shown.stdout.replace("$x \\% y$", "")
    as_json = papers("show", ESCAPED.id, "--offline", "--json").json
    assert (as_json["title"], as_json["summary"]) == (ESCAPED.title, ESCAPED.summary)


async def test_the_reading_pane_prints_them_as_show_does(papers: Papers, home: Home) -> None:
    import io

    from rich.console import Console

    from papercli.tui.app import BrowseApp
    from papercli.tui.source import Source, View

    store_papers(ESCAPED)
    assert papers("star", ESCAPED.id, "--offline").exit_code == 0
    app = BrowseApp(Source(offline=True), View("starred"), fetch_details=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
        console.print(app.pane_content)
        text = console.export_text()
    assert "Half the Cost: 50% of R&D at $5" in text, text
    assert "We cut 50% of the cost of R&D; maths stays: $x \\% y$." in text, text
