"""The views' messages, said as they were asked for: an organization meant, named the way
it was typed (`org:` or --org); nothing said twice or in pieces."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Home, one_line
from hubserver import seed_items


def _with_orgs(papers: Any, tmp_path: Path) -> Any:
    """Two seed papers from organizations, one of a name of words, imported."""
    items = [json.loads(json.dumps(item)) for item in seed_items()[:3]]
    items[0]["paper"]["organization"] = {"name": "tide-lab", "fullname": "Tide Lab"}
    items[1]["paper"]["organization"] = {"name": "Marsh And Reed", "fullname": "Marsh"}
    src = tmp_path / "orgs.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    return papers


def test_an_org_qualifier_no_paper_is_from_is_put_right_as_a_qualifier(
        papers: Any, home: Home, tmp_path: Path) -> None:
    """`papers search org:tide`: the one meant is said as the query takes it,
    `org:tide-lab` (it said "did you mean --org tide-lab?" of a qualifier typed); a name
    of words in double quotes, as the query reads it. --org is still said as --org."""
    run = _with_orgs(papers, tmp_path)
    typed = run("search", "org:tide", "--offline", "--json")
    assert typed.exit_code == 0 and typed.ids == []
    assert one_line(typed.stderr) == (
        "papers: no paper in the library is from 'tide': did you mean org:tide-lab?")
    words = run("search", "org:reed", "--offline", "--json")
    assert one_line(words.stderr) == (
        """papers: no paper is from 'reed': did you mean org:"Marsh And Reed"?""")
    with_words = run("search", "org:tide llava", "--offline", "--json")
    assert "did you mean org:tide-lab?" in with_words.stderr, with_words.stderr
    option = run("search", "--org", "tide", "--offline", "--json")
    assert one_line(option.stderr) == (
        "papers: no paper in the library is from 'tide': did you mean --org tide-lab?")
    listing = run("day", "2024-01-02", "--org", "tide", "--offline", "--json")
    assert "did you mean --org tide-lab?" in listing.stderr, listing.stderr


def test_an_org_of_an_empty_library_says_the_library_is_empty_alone(papers: Any) -> None:
    """`papers search org:google` of an empty library: "the library is empty…" alone
    (before it stood "no paper in the library is from 'google' (papers orgs lists
    them)", which added nothing), as --org and export say it."""
    for args in (("search", "org:google", "--offline"), ("search", "--org", "google",
                                                            "--offline"),
                 ("export", "--org", "google")):
        said = papers(*args)
        assert said.exit_code == 0, said.stderr
        assert one_line(said.stderr).startswith("papers: the library is empty, so "), said.stderr


async def test_the_browsers_pane_says_the_daily_papers_day_papers_show_says(
        hub: Any, home: Home) -> None:
    """A paper listed on two days: the reading pane said "Daily Papers" with its record's
    day (the later listing's), where `papers show` says the library's first listing of
    it; both say that one now, in the view of either day."""
    from datetime import timedelta

    from conftest import TODAY, run
    from papercli.tui.source import View
    from test_browse import make_app, pane, settle

    first, then = TODAY - timedelta(days=3), TODAY - timedelta(days=1)
    item = seed_items()[0]
    pid = item["paper"]["id"]
    hub.set_day(first, [item])
    hub.set_day(then, [item, seed_items()[1]])
    assert run("day", first.isoformat()).exit_code == 0
    assert run("day", then.isoformat()).exit_code == 0
    shown = run("show", pid, "--offline")
    assert f"Daily Papers {first.isoformat()}" in " ".join(shown.stdout.split()), shown.stdout
    for day in (first, then):
        app = make_app(View("day", day.isoformat()), offline=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            said = " ".join(pane(app).split())
            assert pid in said and f"Daily Papers {first.isoformat()}" in said, said
