"""A reference manager's BibTeX read back by `papers import`: LaTeX commands by their whole
names, so the file's title and abstract (what the library keeps of a paper no source could
give) read as text, not as debris of the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import shown_after_import

BIB = r"""@article{lee2024mito,
  title = {Mitochondrial {DNA} of \textit{Natrix cetti} and \emph{N. natrix}},
  author = {Lee, Ann and M{\"u}ller, J{\"o}rg},
  year = {2024},
  eprint = {2401.07001},
  archivePrefix = {arXiv},
  abstract = {We test 5\,\% of {\em all} snakes\ldots{} then \cdots\ and a
    \url{https://x.example/y}.\par Second paragraph, see \cite{other} and Gro\ss e.},
}
"""


def test_latex_commands_in_a_bibtex_file_read_as_text(papers: Any, tmp_path: Path) -> None:
    """`\\textit{Natrix}` (Zotero's italics) was read "\\textitNatrix", `\\ldots` "łdots",
    `\\url{...}` "r̆l...", `\\cite{a}` "i̧tea", and `\\par` stayed as typed: styles keep
    their text, text commands are their characters, `\\par` a paragraph break, and a
    command papercli does not know is kept whole, as typed."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    shown = shown_after_import(papers, bib, "2401.07001")
    assert shown["title"] == "Mitochondrial DNA of Natrix cetti and N. natrix"
    assert shown["authors"] == ["Ann Lee", "Jörg Müller"]
    assert shown["summary"] == (
        "We test 5 % of all snakes… then ⋯ and a https://x.example/y.\n\n"
        "Second paragraph, see \\cite{other} and Große.")


def test_text_commands_for_quotes_and_symbols(papers: Any, tmp_path: Path) -> None:
    """What Zotero and JabRef write for ’ ‘ " _ € µ ÷ ± · when a file is kept in ASCII:
    `{\\textquoteright}` came back "\\textquoterights" (and \\textperiodcentered a dot
    above); `{\\textless}` and `{\\textgreater}` (Zotero's own form) are < and >, and
    Zotero's braces, `\\{\\vphantom{\\}}`, came back "{\\vphantom}": they are braces."""
    bib = tmp_path / "ascii.bib"
    bib.write_text(
        "@article{k,\n  title = {Let{\\textquoteright}s {\\textless}think{\\textgreater}"
        " {\\textquoteleft}fast{\\textquoteright} {\\textquotedbl}x{\\textquotedbl}"
        " \\{\\vphantom{\\}}in\\vphantom{\\{}\\}},\n"
        "  eprint = {2401.07001},\n  archivePrefix = {arXiv},\n"
        "  abstract = {snake{\\textunderscore}case costs 5{\\texteuro} for 3{\\textmu}s,"
        " a{\\textdiv}b {\\textpm}1 a{\\textperiodcentered}b},\n}\n", encoding="utf-8")
    assert papers("import", str(bib), "--offline").exit_code == 0
    shown = papers("show", "2401.07001", "--offline", "--json").json
    assert shown["title"] == "Let’s <think> ‘fast’ \"x\" {in}"
    assert shown["summary"] == "snake_case costs 5€ for 3µs, a÷b ±1 a·b"


def test_a_braced_apostrophe_is_an_apostrophe(papers: Any, tmp_path: Path) -> None:
    """`Don{'}t` (an apostrophe kept from a style's case changes) came back "Don′t", with
    the table's prime; it is the apostrophe, as `Don't` is."""
    bib = tmp_path / "quotes.bib"
    bib.write_text(
        "@misc{k,\n  title = {Don{'}t Stop: {O'Brien}{'}s {'}Tide{'} Tables},\n"
        "  author = {O{'}Brien, Siobh{\\'a}n},\n"
        "  eprint = {2401.07002},\n  archivePrefix = {arXiv},\n"
        "  abstract = {It{'}s the model{'}s {\\'e}t{\\'e}, not $f'$.},\n}\n",
        encoding="utf-8")
    shown = shown_after_import(papers, bib, "2401.07002")
    assert shown["title"] == "Don't Stop: O'Brien's 'Tide' Tables"
    assert shown["authors"] == ["Siobhán O'Brien"]
    assert shown["summary"] == "It's the model's été, not $f'$."
