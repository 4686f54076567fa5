"""`--category` over a library of Daily Papers alone: the Hub gives a paper no arXiv
category, so none passes, and the line said only "no paper in the library is in category
cs.CV", as if the filter or the library were wrong. It now says why, and what brings
papers with their categories."""

from __future__ import annotations

import pytest

from conftest import one_line


@pytest.mark.parametrize("given, hint", [("cs.CV", "papers arxiv cs.CV"),
                                         ("cs.*", "papers arxiv CATEGORY")])
def test_no_category_known_is_said_with_what_brings_some(library, given: str,
                                                          hint: str) -> None:
    for args in (("search", "--category", given), ("search", "llama", "--category", given),
                 ("search", "--category", given, "--json")):
        got = library(*args, "--offline")
        assert got.exit_code == 0, got.stderr
        assert got.stdout in ("", "[]\n")
        line = one_line(got.stderr)
        assert line == f"papers: no library paper has an arXiv category yet: try {hint}"


def test_a_category_some_paper_has_is_said_as_before(library, tmp_path) -> None:
    """With one paper of the library in a category, a category none is in is the usual
    line (the filter could have passed papers)."""
    import json

    src = tmp_path / "one.json"
    src.write_text(json.dumps([{"id": "2501.09999", "title": "Tidal Lattices",
                                "summary": "tidal lattices", "categories": ["cs.CL"],
                                "published_at": "2025-01-20T00:00:00Z"}]), encoding="utf-8")
    assert library("import", str(src)).exit_code == 0
    got = library("search", "--category", "cs.CV", "--offline")
    assert one_line(got.stderr) == "papers: no paper in the library is in category cs.CV"
    assert library("search", "--category", "cs.CL", "--offline", "--json").ids == [
        "2501.09999"]
