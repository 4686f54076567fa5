"""`papers show`'s panel with records at the edges of what the Hub sends: large counts,
links longer than the panel."""

from __future__ import annotations

import json
from typing import Any

from hubserver import seed_items


def _show(papers, tmp_path, monkeypatch, paper: dict[str, Any],  # type: ignore[no-untyped-def]
          cols: int = 80, **item: Any) -> list[str]:
    """The panel's lines of `papers show` of a paper imported with these fields."""
    seed = seed_items()[0]
    src = tmp_path / "odd.json"
    src.write_text(json.dumps([{**seed, **item, "paper": {**seed["paper"], **paper}}]),
                   encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    monkeypatch.setenv("COLUMNS", str(cols))
    shown = papers("show", paper["id"], "--offline")
    assert shown.exit_code == 0, shown.stderr
    return shown.stdout.splitlines()


def test_upvotes_and_comments_are_grouped_as_every_count(papers, tmp_path,
                                                         monkeypatch) -> None:
    """The line under the authors said "▲ 1234567   comments 45678" beside "GitHub stars
    98,765": the Hub's counts are grouped as every count the panel gives."""
    lines = _show(papers, tmp_path, monkeypatch,
                  {"id": "2402.00021", "upvotes": 1234567, "githubStars": 98765},
                  numComments=45678)
    text = "\n".join(lines)
    assert "▲ 1,234,567   comments 45,678" in text, text
    assert "GitHub stars 98,765" in text, text


def test_a_link_whose_last_part_is_too_long_keeps_its_host(papers, tmp_path,
                                                           monkeypatch) -> None:
    """A project page whose last part alone outgrew the line (a query string, a long
    repository name) was cut to its end, `…ct?cid=Imaging&pid=…`, naming no site: the
    host is kept before the "…", as every cut link keeps it, and the line still fits."""
    page = ("https://lab.example.edu/projects/project?cid=Computational%20Imaging"
            "&pid=A%20Rather%20Long%20Project%20Name%20Given%20In%20Full")
    repo = "https://github.com/someone/" + "a-very-long-repository-name-" * 3 + "end"
    lines = _show(papers, tmp_path, monkeypatch,
                  {"id": "2402.00022", "projectPage": page, "githubRepo": repo})
    links = {line.strip("│ ").split()[0]: line.strip("│ ").split()[1] for line in lines
             if line.strip("│ ").startswith(("Project ", "Code "))}
    assert links["Project"].startswith("https://lab.example.edu/…"), links
    assert page.endswith(links["Project"].split("…")[1]), links
    assert links["Code"].startswith("https://github.com/…"), links
    assert repo.endswith(links["Code"].split("…")[1]), links
    assert {len(line) for line in lines} == {80}


def test_papers_without_a_hub_page_are_one_note_in_80_columns(papers) -> None:
    """`papers open` of papers the Hub has no page for said a note per paper, the same
    words 20 times for 20 ids, and an old-style id's was 84 columns wide: one note names
    them as far as they fit, the rest counted; their arXiv pages are printed all the same."""
    ids = ["hep-th/9901001", "cs/0112017", "math/0211159"]
    one = papers("open", ids[0], "-n", "--offline")
    assert one.exit_code == 0, one.stderr
    assert one.stdout == f"https://arxiv.org/abs/{ids[0]}\n"
    assert one.stderr.splitlines() == [
        "papers: hep-th/9901001 has no Hugging Face page: its arXiv page instead"]
    several = papers("open", *ids, "-n", "--offline")
    assert several.exit_code == 0, several.stderr
    assert several.stdout == "".join(f"https://arxiv.org/abs/{pid}\n" for pid in ids)
    assert several.stderr.splitlines() == [
        "papers: hep-th/9901001 and 2 more: no Hugging Face page, arXiv's instead"]
    many = [f"cs/01120{n:02}" for n in range(10, 32)]
    lines = papers("open", *many, "-n", "--offline", "--yes").stderr.splitlines()
    assert lines == ["papers: cs/0112010 and 21 more: no Hugging Face page, their arXiv "
                     "pages instead"]
    assert all(len(line) <= 80 for line in lines)
