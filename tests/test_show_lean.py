"""`papers show` of papers in the library loads only what its panel needs: no taste model
until there is a taste to explain, no arXiv client when arXiv has nothing to be asked."""

from __future__ import annotations

from typing import Any

from conftest import Home, modules_loaded


def test_show_reads_no_model_until_there_is_a_taste(library: Any, home: Home) -> None:
    """Nothing starred, read or tagged and no watch: the panel has no "For you" line, and
    `show` neither loads the model nor reads (or, with none cached, fits) the library's
    vocabulary to find that out. Too few marks: the same. Enough: the line."""
    vocabulary = home.cache / "papercli" / "ranking" / "vocabulary.json"
    first, *others = library("search", "--offline", "--json").ids
    code, modules, out = modules_loaded("show", first, "--offline")
    assert code == 0 and first in out and "For you" not in out, out
    assert "papercli.ranking" not in modules
    assert not vocabulary.exists()
    assert "papercli.sources.arxiv" not in modules  # every id was in the library
    # Two positives (a star and a read mark) and a hidden star: one short of a model.
    assert library("star", "--offline", *others[:3]).exit_code == 0
    assert library("read", "--offline", others[3]).exit_code == 0
    assert library("hide", "--offline", others[0], others[1]).exit_code == 0
    shown = library("show", first, "--offline")
    assert shown.exit_code == 0 and first in shown.stdout and "For you" not in shown.stdout
    assert not vocabulary.exists()
    # A watch makes three: the model is learned, and the line says why.
    assert library("watch", "add", "mine", "-k", "language").exit_code == 0
    shown = library("show", first, "--offline")
    assert shown.exit_code == 0 and "For you" in shown.stdout, shown.stdout
    assert vocabulary.exists()
