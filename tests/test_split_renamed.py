"""`export --split` after a paper's title changed (an arXiv v2's new title): its note is
the one already in the vault, under the name it has, not a second note beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _record(title: str) -> str:
    return json.dumps([{"id": "2401.07101", "title": title, "summary": "An abstract.",
                        "authors": ["Ann Lee"], "published_at": "2024-01-02T00:00:00Z",
                        "sources": ["arxiv"]}])


def test_a_renamed_paper_keeps_its_note_and_your_words(papers: Any, tmp_path: Path) -> None:
    """The new title gave a new file name: `--split --force` wrote a second note for
    the paper, without the words you had added to the first, which stayed behind."""
    src, vault = tmp_path / "p.json", tmp_path / "vault"
    src.write_text(_record("Sparse Lanterns"), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    assert papers("export", "--split", str(vault)).exit_code == 0
    [path] = vault.iterdir()
    assert path.name == "2401.07101-sparse-lanterns.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")

    src.write_text(_record("Sparse Lanterns, Revisited"), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    again = papers("export", "--split", str(vault), "--force")
    assert again.exit_code == 0, again.stderr
    assert [p.name for p in vault.iterdir()] == ["2401.07101-sparse-lanterns.md"]
    text = path.read_text(encoding="utf-8")
    assert "Sparse Lanterns, Revisited" in text and text.endswith("My own words.\n")
    refused = papers("export", "--split", str(vault))  # without --force: a clash, as ever
    assert refused.exit_code == 1 and "exists" in refused.stderr and "--force" in refused.stderr

    # A paper whose vault has no note yet, or two for it: the name of its title now.
    path.rename(vault / "2401.07101-copy-one.md")
    (vault / "2401.07101-copy-two.md").write_text("mine", encoding="utf-8")
    third = papers("export", "--split", str(vault), "--force")
    assert third.exit_code == 0, third.stderr
    assert sorted(p.name for p in vault.iterdir()) == [
        "2401.07101-copy-one.md", "2401.07101-copy-two.md",
        "2401.07101-sparse-lanterns-revisited.md"]
