"""Semantic Scholar's BibTeX ("Cite" on a paper's page, and its API's `citationStyles`)
names an arXiv paper only as `journal = {ArXiv}, volume = {abs/ID}`, as DBLP's
`journal = {CoRR}` does (and an entry typed by hand, `journal = {arXiv.org}` with the id
as its volume): the paper is imported, not listed as having no arXiv id."""

from __future__ import annotations

from pathlib import Path

from conftest import Papers

SCHOLAR = """@article{Lee2023InventedTR,
  title={An Invented Tuner},
  author={Ann Lee and Bo Chen},
  journal={ArXiv},
  year={2023},
  volume={abs/2306.09991},
  url={https://api.semanticscholar.org/CorpusID:123456789}
}
@article{Lee2023Typed,
  title={Typed By Hand},
  author={Bo Chen},
  journal={arXiv.org},
  volume={2306.09993},
  year={2023}
}
@article{Lee2023Other,
  title={A Journal Volume},
  author={Ann Lee},
  journal={Estuarine Notes},
  year={2023},
  volume={abs/2306.09992}
}
"""


def test_semantic_scholars_arxiv_entry_is_imported(papers: Papers, tmp_path: Path) -> None:
    bib = tmp_path / "scholar.bib"
    bib.write_text(SCHOLAR, encoding="utf-8")
    result = papers("import", str(bib), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json["references"][0]
    assert summary["starred"] == 2
    assert summary["titles_without_arxiv_id"] == ["A Journal Volume"]  # (not arXiv's)
    shown = papers("show", "2306.09991", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["title"] == "An Invented Tuner"
    assert shown.json["authors"] == ["Ann Lee", "Bo Chen"]
    assert shown.json["journal_ref"] is None  # ArXiv is the server, not a journal
    typed = papers("show", "2306.09993", "--offline", "--json")
    assert typed.exit_code == 0, typed.stderr
    assert typed.json["title"] == "Typed By Hand"
