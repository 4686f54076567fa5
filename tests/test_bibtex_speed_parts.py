"""The BibTeX forms of authors and titles are what they were before an author was
worked out once per name and text without maths skipped the search for it: byte for
byte, over odd names (particles, suffixes, CJK, one word, braces, TeX accents)."""

from __future__ import annotations

import pytest

from papercli.exporters import bibtex

# Each name and the form the export wrote for it before.
AUTHORS = [
    ('Hugo Touvrel', 'Hugo Touvrel'),
    ('Ludwig van der Berg', 'Ludwig van der Berg'),
    ('Maria de la Rosa', 'Maria de la Rosa'),
    ('Martin Luther King Jr.', 'King, Jr., Martin Luther'),
    ('John Smith III', 'Smith, III, John'),
    ('王小明', '王小明'),
    ('王 小明', '王, 小明'),
    ('김 민수', '김, 민수'),
    ('Plato', 'Plato'),
    ('Yu-fan Qiao', 'Qiao, Yu-fan'),
    ('Özgür Temizer', 'Temizer, Özgür'),
    ('Jean-Pierre Montoya-de-Albarral', '{Montoya-de-Albarral}, Jean-Pierre'),
    ('{Brace} Name', '\\textbraceleft{}Brace\\textbraceright{} Name'),
    ("Jos\\'e Garc\\'ia", "Jos\\textbackslash{}'e Garc\\textbackslash{}'ia"),
    ('R and D Team', '{R and D Team}'),
    ('and Lei Bao', '{and Lei Bao}'),
    ('A, B, C, D', '{A, B, C, D}'),
    ('Kimi Team', '{Kimi Team}'),
    ('Touvrel, Hugo', 'Touvrel, Hugo'),
    ('Ana~Lopez', 'Ana\\textasciitilde{}Lopez'),
    ('anna karenina', 'anna karenina'),
    ('José García Márquez', 'José García Márquez'),
    ('Hugo  Touvrel ', 'Hugo Touvrel'),
    ('Team Yunhai3D', '{Team Yunhai3D}'),
    ('Chloé du Pont', 'Chloé du Pont'),
    ('Ångström Lab', '{Ångström Lab}'),
    ('ÉMILE ZOLA', 'ÉMILE ZOLA'),
    ('Vincent van Gogh-Bonger', 'Vincent van Gogh-Bonger'),
    ('Li Fei-Fei', 'Li Fei-Fei'),
    ('Bob $\\alpha$ 100%', 'Bob \\$\\textbackslash{}alpha\\$ 100\\%'),
    ('Hugo\x1b[31m Touvrel', 'Hugo Touvrel'),
    ('Ana\u2028Lopez', 'Ana Lopez'),
    ('José-María de la Cruz Jr.', 'de la Cruz, Jr., José-María'),
    ('ōtani shohei', 'ōtani shohei'),
    ('', ''),
    ("x" * 299 + " yy", "x" * 299 + " yy"),  # (cut at 300 characters after a space)
]
# Each title and the BibTeX text it was before.
TITLES = [
    ('Plain title', 'Plain title'),
    ('A $O(n)$ sort', 'A $O(n)$ sort'),
    ('$60 GPUs and $200', '\\$60 GPUs and \\$200'),
    ('R\\&D at 97.3\\% {x} <y>',
     'R\\&D at 97.3\\% \\textbraceleft{}x\\textbraceright{} \\textless{}y\\textgreater{}'),
    ('π0 and α-β', '\\ensuremath{\\pi}0 and \\ensuremath{\\alpha}-\\ensuremath{\\beta}'),
    ('Under_score #1 ^ ~ |',
     'Under\\_score \\#1 \\textasciicircum{} \\textasciitilde{} \\textbar{}'),
    ('\\textbf{Bold} idea', 'Bold idea'),
    ('', ''),
    ('A \\(x\\) and \\[y\\]', 'A \\(x\\) and \\[y\\]'),
    ('Cost 5$', 'Cost 5\\$'),
    ('Plain {braced} <title>',
     'Plain \\textbraceleft{}braced\\textbraceright{} \\textless{}title\\textgreater{}'),
]


@pytest.mark.parametrize(("name", "written"), AUTHORS)
def test_an_author_is_written_as_before(name: str, written: str) -> None:
    assert bibtex._author(name) == written
    assert bibtex._author(name) == written  # (the second time, from what was kept)


@pytest.mark.parametrize(("title", "written"), TITLES)
def test_a_title_is_written_as_before(title: str, written: str) -> None:
    assert bibtex._tex(title) == written


def test_the_names_kept_are_bounded() -> None:
    """An export of a library of any size holds at most so many names' forms."""
    bibtex._author.cache_clear()
    for n in range(bibtex._NAMES_KEPT + 10):
        bibtex._author(f"Author Number{n}")
    info = bibtex._author.cache_info()
    assert info.maxsize == bibtex._NAMES_KEPT
    assert info.currsize == bibtex._NAMES_KEPT
    bibtex._author("Hugo Touvrel")
    bibtex._author("Hugo Touvrel")
    assert bibtex._author.cache_info().hits == info.hits + 1


def test_an_export_keeps_no_names_after_it() -> None:
    """A long-lived process (`papers mcp`) holds no export's names once it is written,
    nor once a reader stops part way."""
    from papercli.exporters import render, stream
    from papercli.models import Paper

    papers = [Paper("2401.00001", "One", "An abstract.", ["Hugo Touvrel", "Ana Lopez"]),
              Paper("2401.00002", "Two", "Another.", ["Ana Lopez"])]
    assert "Touvrel" in render(papers, "bibtex", title="Papers")
    assert bibtex._author.cache_info().currsize == 0
    chunks = stream(papers, "bibtex", bibtex.Context(title="Papers"))
    next(chunks)
    assert bibtex._author.cache_info().currsize > 0
    chunks.close()
    assert bibtex._author.cache_info().currsize == 0
