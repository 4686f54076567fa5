"""What a ranked list (for-you, related) carries into each output: CSV's score column,
a hidden paper's explanation saying it is hidden, `show`'s closest paper's title."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from papercli.exporters.csvfmt import COLUMNS
from test_ranking import ids_of, import_topics, star


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("command", ["for-you", "related"])
def test_a_ranked_csv_carries_each_papers_score_as_json_has_it(lib, command: str) -> None:
    """`for-you -f csv` (and `related`) had no score, where the table shows "Rel" and
    JSON "score": a spreadsheet of the ranked list lost the order's reason. It is the
    last column, after every column a script reading by position already knows."""
    robots = ids_of("robot", recent=False)
    star(lib, *robots[:4])
    args = [command, *(robots[:1] if command == "related" else []), "-n", "5"]
    listed = lib(*args, "--json")
    assert listed.exit_code == 0, listed.stderr
    scores = {p["id"]: p["score"] for p in json.loads(listed.stdout)}
    result = lib(*args, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header == [*COLUMNS, "score"]
    got = rows(result.stdout)
    assert [r["id"] for r in got] == list(scores)
    assert {r["id"]: float(r["score"]) for r in got} == scores


def test_an_unranked_csv_keeps_its_columns(lib) -> None:
    """A listing in no order of your taste (`today`, `starred`) has no score column."""
    star(lib, *ids_of("robot", recent=False)[:4])
    for args in (["starred"], ["search", "robot", "--sort", "upvotes"]):
        result = lib(*args, "-f", "csv")
        assert result.exit_code == 0, result.stderr
        assert next(csv.reader(io.StringIO(result.stdout))) == list(COLUMNS), args


@pytest.mark.parametrize(("command", "fmt"),
                         [("for-you", "table"), ("for-you", "csv"), ("related", "table")])
def test_a_hidden_papers_explanation_says_it_is_hidden(lib, command: str, fmt: str) -> None:
    """`for-you --hidden --explain` (and `related`): the table marks a hidden paper ×,
    JSON has "hidden": true, but its line of reasons read as any other's."""
    robots = ids_of("robot", recent=False)
    star(lib, *robots[:4])
    hidden = ids_of("robot", recent=True)[0]
    assert lib("hide", "--offline", hidden).exit_code == 0
    args = [command, *(robots[:1] if command == "related" else [])]
    result = lib(*args, "--hidden", "--explain", "-n", "0", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    said = result.stdout if fmt == "table" else result.stderr
    lines = [line for line in said.splitlines() if re.match(r"(papers: )?\d+\. ", line)]
    mine = [line for line in lines if f" {hidden} " in line or f" {hidden}:" in line]
    assert len(mine) == 1 and f"{hidden} (hidden): for: " in mine[0], "\n".join(lines)
    assert all("(hidden)" not in line for line in lines if line not in mine)


def test_show_gives_the_closest_papers_title_whole_in_its_wrapping_panel(
        lib, tmp_path: Path) -> None:
    """`show`'s panel wraps its "For you" line, yet the closest paper's title was cut at
    60 characters as in a one-line pipe; now it is whole, as `--explain` gives it on a
    wide terminal."""
    from test_ranking_taste import star_long_titled

    long_title = star_long_titled(lib, tmp_path)
    other = ids_of("robot", recent=True)[0]
    result = lib("show", other, "--offline")
    assert result.exit_code == 0, result.stderr
    flat = " ".join(re.sub(r"[│\s]+", " ", result.stdout).split())
    assert "For you: " in flat and "closest starred: 2501.0910" in flat, result.stdout
    named = flat.split("closest starred: ", 1)[1]
    assert re.match(rf"2501\.0910\d {re.escape(long_title)} \d \(\d\.\d\d\)", named), named
