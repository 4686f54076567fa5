"""A Hub JSON file that ends inside its list of papers (a download cut off after an
item) said "trunc.json is not valid JSON (it ends inside the list); the 1 paper before it
is in the library — cut off, or still being written? Run the same command once the file
is whole": 189 columns, where a file cut inside an item said "is cut off at line 1; 1
paper before it kept". Now it is said the same way, in 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

ITEM = '{"paper": {"id": "2401.01055", "title": "A paper"}}'


@pytest.mark.parametrize(("text", "line"), [
    (f"[{ITEM}", "papers: error: trunc.json is cut off; 1 paper before it kept"),
    (f"[{ITEM},\n {ITEM.replace('01055', '01056')}\n",
     "papers: error: trunc.json is cut off; 2 papers before it kept"),
    ("[", "papers: error: trunc.json is cut off — import it once it is whole"),
    ("[\n  ", "papers: error: trunc.json is cut off — import it once it is whole"),
], ids=["one-item", "two-items", "bracket", "bracket-space"])
def test_a_list_cut_off_is_said_in_80_columns(papers, text: str, line: str) -> None:
    Path("trunc.json").write_text(text, encoding="utf-8")
    result = papers("import", "trunc.json")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines() == [line], result.stderr
    assert len(line) <= 80


def test_the_papers_before_the_cut_are_kept(papers) -> None:
    Path("trunc.json").write_text(f"[{ITEM}", encoding="utf-8")
    assert papers("import", "trunc.json").exit_code == 1
    shown = papers("show", "2401.01055", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["title"] == "A paper"
