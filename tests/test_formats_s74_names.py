"""BibTeX names BibTeX itself would misread written so that it cannot: a first name
with a lower-case part after a hyphen ("Mei-ling") or a first letter that is not ASCII
("Ömer") in "Last, First", and a hyphenated family name with a lower-case part braced."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser  # type: ignore[import-untyped]
import pytest

from conftest import Papers, isolate

AUTHORS = ["Mei-ling Zhou", "Ömer Kaya", "Élodie de la Fontaine", "Lucía Ramos-de-Vega",
           "Ann Lee", "Jan van Dijk", "Jean-Paul Martin"]


def test_bibtex_names_read_by_bibtex_as_they_are_meant(
        papers: Papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BibTeX splits a name at hyphens too and tells a "von" particle by its first ASCII
    letter: "Mei-ling Zhou" was cited "M. ling Zhou" (von "ling"), "Ömer Kaya" had no
    first name (von "Ömer": "m" is its first ASCII letter), "Lucía Ramos-de-Vega" was "L.
    R. de Vega". Written "Last, First" (braced where the family name has such a part)
    each is cited as meant, and every name comes back as it was."""
    src = tmp_path / "hub.json"
    src.write_text(json.dumps([{"paper": {
        "id": "2607.99654", "title": "An Invented Paper", "summary": "Invented.",
        "authors": [{"name": n} for n in AUTHORS],
        "publishedAt": "2026-07-27T17:00:00.000Z", "upvotes": 3}}]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    out = tmp_path / "out.bib"
    result = papers("export", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    (entry,) = bibtexparser.loads(out.read_text(encoding="utf-8")).entries
    assert entry["author"].split(" and ") == [
        "Zhou, Mei-ling", "Kaya, Ömer", "de la Fontaine, Élodie", "{Ramos-de-Vega}, Lucía",
        "Ann Lee", "Jan van Dijk", "Jean-Paul Martin"]
    isolate(tmp_path / "elsewhere", monkeypatch)
    assert papers("import", str(out), "--offline").exit_code == 0
    shown = papers("show", "2607.99654", "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json["authors"] == AUTHORS
