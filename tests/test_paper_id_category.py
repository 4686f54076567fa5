"""A paper's id where an arXiv category goes, through `main()`: every command, option,
search qualifier and config key that takes categories says it is a paper's id (one
check, `arxiv_taxonomy.validate`), where all but `papers arxiv` said "no arXiv category
'2401.00001'", or for an old-style id "did you mean hep-th?", which lists the whole
archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from arxivserver import ArxivServer
from conftest import Home, Papers, one_line, write_config
from hubserver import HubServer

# (typed, the paper's id as said)
IDS = [
    ("2401.00001", "2401.00001"),
    ("hep-th/9901001", "hep-th/9901001"),
    ("https://arxiv.org/abs/2401.00001v2", "2401.00001"),
    ("arXiv:2401.00001", "2401.00001"),
]


def said_to_show(line: str, paper: str) -> None:
    """`line` says `paper` is a paper id and how to show it, in 80 columns."""
    assert line in (
        f"papers: error: {paper} is a paper id, not a category — papers show {paper}",
        f"papers: error: {paper} is a paper id — papers show {paper}"), line
    assert len(line) <= 80, line


@pytest.mark.parametrize("args", [
    ("sync", "--arxiv", "cs.CL,{}", "--since", "3d"),
    ("watch", "add", "x", "--category", "{}"),
    ("search", "llava category:{}", "--offline"),
    ("search", "llava cat:{}", "--offline"),
    ("search", "llava", "--category", "{}", "--offline"),
    ("today", "--category", "{}", "--offline"),
    ("week", "--category", "cs.CL", "--category", "{}", "--offline"),
    ("starred", "--category", "{}"),
    ("trends", "--category", "{}"),
    ("browse", "arxiv", "cs.CL", "{}"),
], ids=lambda args: " ".join(args[:2]))
@pytest.mark.parametrize(("typed", "paper"), IDS)
def test_a_paper_id_given_as_a_category_says_how_to_show_it_everywhere(
        papers: Papers, home: Home, hub: HubServer, arx: ArxivServer,
        args: tuple[str, ...], typed: str, paper: str) -> None:
    result = papers(*(arg.format(typed) for arg in args))
    assert result.exit_code == 2 and result.stdout == ""
    said_to_show(one_line(result.stderr), paper)
    assert arx.count("/") == 0 and hub.count("/") == 0  # (a usage error before any I/O)
    assert not home.config_file.exists()


def test_import_category_of_a_paper_id_says_so(papers: Papers, home: Home,
                                               tmp_path: Path) -> None:
    """`import --category` (of arXiv's snapshot) too, before the file is read."""
    snapshot = tmp_path / "snap.jsonl"
    snapshot.write_text("", encoding="utf-8")
    result = papers("import", str(snapshot), "--category", "hep-th/9901001")
    assert result.exit_code == 2
    said_to_show(one_line(result.stderr), "hep-th/9901001")
    assert not home.library.exists()


@pytest.mark.parametrize(("typed", "paper"), IDS)
def test_config_set_of_a_paper_id_for_categories_says_to_name_one(
        papers: Papers, home: Home, typed: str, paper: str) -> None:
    """`config set sources.arxiv 2401.00001` said "sources.arxiv: unknown arXiv category
    '2401.00001'": now that it is a paper's id, and what the key wants (`papers show`
    fixes no setting); the file is not changed."""
    write_config(home, '[sources]\narxiv = ["cs.CL"]\n')
    before = home.config_file.read_text(encoding="utf-8")
    result = papers("config", "set", "sources.arxiv", "cs.LG", typed)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line in (
        f"papers: error: {paper} is a paper id, not a category — name one, e.g. cs.CL",
        f"papers: error: {paper} is a paper id — name a category, e.g. cs.CL"), line
    assert len(line) <= 80, line
    assert home.config_file.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("key", "text"), [
    ("sources.arxiv", '[sources]\narxiv = ["cs.CL", "{}"]\n'),
    ("watch.x.category", '[watch.x]\ncategory = ["{}"]\n'),
    ("watch.llava.category", '[watch.llava]\nkeyword = ["vlm"]\ncategory = ["cs.CV", "{}"]\n'),
])
@pytest.mark.parametrize(("typed", "paper"), [
    *IDS, ("2404.14047v12", "2404.14047"), ("cond-mat/9901001v3", "cond-mat/9901001")])
def test_a_paper_id_for_categories_in_the_config_file_says_to_name_one(
        papers: Papers, home: Home, monkeypatch: pytest.MonkeyPatch, key: str, text: str,
        typed: str, paper: str) -> None:
    """In config.toml (`sources.arxiv`, a watch's `category`), said with its key, the id
    and what to write there instead, in 80 columns: with the file (as ~/.config/papercli/
    config.toml) and its line it was 140 columns, every shorter way of it too."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home.root / ".config"))
    config = home.root / ".config" / "papercli" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(text.format(typed), encoding="utf-8")
    for command in (("new", "--offline"), ("config", "show")):
        result = papers(*command)
        assert result.exit_code == 1
        line = one_line(result.stderr)
        assert len(line) <= 80, line
        assert line.startswith(f"papers: error: {key}: ") and f" {paper} " in line, line
        assert line.endswith(" — name a category"), line
        assert "papers show" not in line
