"""`papers related` where there is little or nothing to compare with: an empty library says
the paper given is not in it and what fills it (one line, 80 columns, exit 1, the Hub not
asked), a library of the paper alone says no paper shares its words (exit 0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TODAY, one_line
from hubserver import HubServer, item_for_day, seed_items
from papercli.terminal import cell_width


@pytest.mark.parametrize(("args", "said"), [
    (("2401.01055",), "papers: error: 2401.01055 is not in the empty library — papers sync "
                      "fills it"),
    (("2401.01055", "--json"), "papers: error: 2401.01055 is not in the empty library — "
                               "papers sync fills it"),
    (("2401.01055", "2404.14047"), "papers: error: no paper given is in the empty library — "
                                   "papers sync fills it"),
    (("hep-th/9901001",), "papers: error: hep-th/9901001 is not in the empty library — "
                          "papers sync fills it"),
])
def test_related_in_an_empty_library_names_the_paper_and_what_fills_it(
        papers, hub: HubServer, args: tuple[str, ...], said: str) -> None:
    hub.add_paper(seed_items()[0]["paper"])  # on the Hub: fetching it alone would not help
    done = papers("related", *args)
    assert (done.exit_code, done.stdout) == (1, "")
    line = one_line(done.stderr)
    assert line == said
    assert cell_width(line) <= 80, line
    assert hub.count() == 0  # nothing to compare it with: not fetched


def test_related_in_a_library_of_that_paper_alone_says_nothing_shares_its_words(
        papers, tmp_path: Path) -> None:
    item = item_for_day(seed_items()[0], TODAY)
    src = tmp_path / "one.json"
    src.write_text(json.dumps([item]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    done = papers("related", item["paper"]["id"], "--offline")
    assert (done.exit_code, done.stdout) == (0, "")
    assert one_line(done.stderr) == (
        "papers: no paper in the library shares enough words with this one")
    as_json = papers("related", item["paper"]["id"], "--offline", "--json")
    assert (as_json.exit_code, as_json.json) == (0, [])
