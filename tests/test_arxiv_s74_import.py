"""`papers import` of arXiv's snapshot with `--category`: one argument naming several
categories as a list is named everywhere (commas, `+`, spaces), and one naming none."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import Home, Papers, one_line


def snapshot(path: Path) -> Path:
    """Three invented papers, one in each of cs.CL, cs.CV and math.AG."""
    lines = [json.dumps({"id": pid, "title": title, "authors": "A. Inventor",
                         "categories": cats, "abstract": "Invented.",
                         "versions": [{"version": "v1",
                                       "created": "Mon, 1 Jan 2024 10:00:00 GMT"}],
                         "authors_parsed": [["Inventor", "A.", ""]]})
             for pid, title, cats in (("2401.20001", "Parsing tides", "cs.CL"),
                                      ("2401.20002", "Seeing harbours", "cs.CV"),
                                      ("2401.20003", "Curves on a quay", "math.AG"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(home: Home) -> list[str]:
    with sqlite3.connect(home.library) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM papers ORDER BY id")]
    conn.close()
    return ids


@pytest.mark.parametrize("given", ["cs.CL cs.CV", "cs.CL+cs.CV", "cs.CL, cs.CV"])
def test_a_list_in_one_category_takes_every_name_in_it(
        papers: Papers, home: Home, tmp_path: Path, given: str) -> None:
    """`--category 'cs.CL cs.CV'` imported cs.CL alone, the rest of the list dropped
    without a word (and `cs.CL+cs.CV` alike), where `papers arxiv` and `config set
    sources.arxiv` read it as the two categories."""
    result = papers("import", str(snapshot(tmp_path / "snap.json")), "--category", given)
    assert result.exit_code == 0, result.stderr
    assert stored(home) == ["2401.20001", "2401.20002"]
    assert "2 new, 1 not in the chosen categories" in result.stderr, result.stderr


@pytest.mark.parametrize("given", ["", "+", " , ", ",,"])
def test_a_category_holding_none_is_refused_saying_what_to_do(
        papers: Papers, home: Home, tmp_path: Path, given: str) -> None:
    """`--category +` was "unexpected IndexError … please report it", and `--category ''`
    said "--category was given no category" with nothing to do: said as the listings'
    `--category ''` is, before the file is read."""
    result = papers("import", str(snapshot(tmp_path / "snap.json")), "--category", given)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("papers: error: --category ")
    assert line.endswith(" holds no CAT — give one, or leave --category out"), line
    assert len(line) <= 80
    assert not home.library.exists() or stored(home) == []
