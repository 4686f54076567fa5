"""Exports read back by each field's own reader (bibtexparser, rispy, csv, html5lib,
markdown-it), with the shapes real arXiv titles and abstracts have: maths next to money,
LaTeX's specials, very long author lists."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import bibtexparser  # type: ignore[import-untyped]
import pytest

from conftest import Home, Papers, isolate


def library_of(papers: Papers, tmp_path: Path, *items: dict[str, Any]) -> None:
    """A library holding `items` (papercli's JSON shape), imported as a user would."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"authors": ["Ilse Varga"], "sources": ["arxiv"],
                                "published_at": "2024-03-14T00:00:00Z", **item}
                               for item in items]), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr


def bibtex_round_trip(papers: Papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      pid: str) -> dict[str, Any]:
    """The library exported as BibTeX, imported into a fresh home: `pid` as `show` has it."""
    out = tmp_path / "out.bib"
    assert papers("export", "--format", "bibtex", "-o", str(out)).exit_code == 0
    isolate(tmp_path / "elsewhere", monkeypatch)
    assert papers("import", str(out), "--offline").exit_code == 0
    shown = papers("show", pid, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    return dict(shown.json)


def bib_entries(papers: Papers, *args: str) -> list[dict[str, str]]:
    result = papers("export", "--format", "bibtex", *args)
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, str]] = bibtexparser.loads(result.stdout).entries
    return entries


MATHS_TITLE = r"Sorting in $O(n \log n)$ with $\alpha$-Divergence for \$60 and 1$ Each"
MATHS_ABSTRACT = (r"We pay $60 GPUs and $200 more; $x_1 \% y$ is 50% of $\{0,1\}^n$ for"
                  r" $a & b$. A lone $x stays, $\{x$ is no maths and \$400K is money.")


def test_bibtex_keeps_maths_as_maths_and_money_as_dollars(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`$O(n)$` in a title was written `\\$O(n)\\$`, which a bibliography prints as
    "$O(n)$", dollars and all. Maths is now kept as maths (its `%`, `&`, `#` escaped, as
    TeX needs there); a dollar that opens no maths ("$60 GPUs and $200", "1$", a lone
    "$x", maths whose braces do not pair) is still `\\$`, and the file reads back as
    written."""
    library_of(papers, tmp_path, {"id": "2403.10021", "title": MATHS_TITLE,
                                  "summary": MATHS_ABSTRACT})
    (entry,) = bib_entries(papers)
    assert entry["title"] == (r"{Sorting in $O(n \log n)$ with $\alpha$-Divergence for \$60"
                              r" and 1\$ Each}")
    assert entry["abstract"] == (
        r"We pay \$60 GPUs and \$200 more; $x_1 \% y$ is 50\% of $\{0,1\}^n$ for $a \& b$."
        r" A lone \$x stays, \$\textbackslash{}\textbraceleft{}x\$ is no maths and \$400K"
        r" is money.")
    shown = bibtex_round_trip(papers, tmp_path, monkeypatch, "2403.10021")
    assert shown["title"] == MATHS_TITLE.replace(r"\$60", "$60")


@pytest.mark.parametrize("tex", [
    r"$\input{/etc/passwd}$", r"$x\write18{rm -rf ~}$", r"$^^5cinput{x}$", r"$a\par b$",
    r"$\def\x{y}\x$", r"$\loop\iftrue\repeat$", r"$\lstinputlisting{~/.ssh/id_rsa}$"])
def test_bibtex_writes_maths_that_would_run_commands_as_text(
        papers: Papers, home: Home, tmp_path: Path, tex: str) -> None:
    """Maths is passed on to LaTeX as typed, so maths that reads or writes files, defines
    commands or ends a paragraph (text from the internet, compiled into a user's
    bibliography) is written as text, every backslash escaped."""
    library_of(papers, tmp_path, {"id": "2403.10022", "title": f"Odd {tex} title"})
    (entry,) = bib_entries(papers)
    assert "\\$" in entry["title"]
    assert all(name.startswith("text") for name in re.findall(r"\\([A-Za-z]+)", entry["title"]))


@pytest.mark.parametrize("fmt", ["ris", "csljson", "bibtex"])
def test_text_between_two_prices_is_text(
        papers: Papers, home: Home, tmp_path: Path, fmt: str) -> None:
    """"$60 GPUs with \\emph{Tidal} data for $200" was read as one formula from the first
    dollar to the second, so the markup between them reached Zotero as `\\emph{Tidal}`;
    two prices are now prices, and the text between them reads as it prints."""
    library_of(papers, tmp_path, {"id": "2403.10023",
                                  "title": r"Serving on $60 GPUs with \emph{Tidal} Data for $200"})
    result = papers("export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "ris":
        import rispy

        title = rispy.loads(result.stdout)[0]["title"]
        assert title == "Serving on $60 GPUs with Tidal Data for $200"
    elif fmt == "csljson":
        assert json.loads(result.stdout)[0]["title"] == (
            "Serving on $60 GPUs with Tidal Data for $200")
    else:
        (entry,) = bibtexparser.loads(result.stdout).entries
        assert entry["title"] == r"{Serving on \$60 GPUs with Tidal Data for \$200}"


def test_csv_says_which_papers_you_starred_read_and_hid(
        papers: Papers, home: Home, tmp_path: Path) -> None:
    """A CSV of the library had your tags and note but not your marks, which JSON has: a
    spreadsheet could not tell the reading list from the rest. They are the last columns
    now (so a script reading by position keeps working), as JSON writes them; only
    `announced`, added after them, follows."""
    import csv
    import io

    library_of(papers, tmp_path, *({"id": f"2403.1003{n}", "title": f"Paper {n}"}
                                   for n in range(4)))
    for args in (("star", "2403.10030", "2403.10031"), ("read", "2403.10031"),
                 ("hide", "2403.10032")):
        assert papers(*args, "--offline").exit_code == 0
    result = papers("export", "--hidden", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    header = result.stdout.splitlines()[0].split(",")
    assert header[-7:] == ["num_spaces", "author_accounts", "starred_at", "starred_order",
                           "read_at", "hidden", "announced"]
    marks = {pid: tuple(row[c] for c in ("starred_order", "read_at", "hidden"))
             for pid, row in rows.items()}
    assert marks == {"2403.10030": ("1", "", ""), "2403.10031": ("2", rows["2403.10031"][
        "read_at"], ""), "2403.10032": ("", "", "true"), "2403.10033": ("", "", "")}
    json_rows = {p["id"]: p for p in papers("export", "--hidden", "--format", "json").json}
    for pid, row in rows.items():
        for column in ("starred_at", "read_at"):
            assert row[column] == (json_rows[pid].get(column) or ""), (pid, column)
    assert rows["2403.10031"]["read_at"].startswith("20")


GREEK_TITLE = ("π0: A Flow Model where θ ≤ 1, Δ-Rule ≠ ε-Greedy; αβγδεζηθικλμνξπρςστυφχψωϑϖϱϕ"
               " ΓΔΘΛΞΠΣΥΦΨΩ ≤≥≠≈→←↔⇒∞∼∈⊂⊆∪∩∑∂∇∀∃≪≫∘⊕⊗≡∝")


def test_bibtex_writes_greek_and_maths_signs_as_commands_pdflatex_knows(
        papers: Papers, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A title with "π0" was written as UTF-8, and pdfLaTeX stopped on it ("Unicode
    character π (U+03C0) not set up for use with LaTeX"). Greek letters and maths signs
    are LaTeX's commands now (`\\ensuremath{\\pi}0`), in maths too, and read back as the
    characters."""
    library_of(papers, tmp_path, {"id": "2403.10024", "title": GREEK_TITLE,
                                  "summary": r"We set α = 0.5 and \(Δt ≤ β_1\)."})
    (entry,) = bib_entries(papers)
    assert entry["title"].startswith(r"{\ensuremath{\pi}0: A Flow Model where "
                                     r"\ensuremath{\theta} \ensuremath{\leq} 1, ")
    assert entry["abstract"] == (r"We set \ensuremath{\alpha} = 0.5 and \(\ensuremath{\Delta}t"
                                 r" \ensuremath{\leq} \ensuremath{\beta}_1\).")
    assert all(ord(c) < 128 for c in entry["title"] + entry["abstract"])
    shown = bibtex_round_trip(papers, tmp_path, monkeypatch, "2403.10024")
    assert (shown["title"], shown["summary"]) == (
        GREEK_TITLE, r"We set α = 0.5 and \(Δt ≤ β_1\).")


def test_every_author_of_a_long_list_is_written(papers: Papers, home: Home,
                                                tmp_path: Path) -> None:
    """A paper of 700 authors (real ones have 664) keeps all of them in BibTeX (no "and
    others": a style shortens the list as it prints it), RIS and CSL-JSON."""
    import rispy

    names = [f"Author{n} Name{n}" for n in range(700)]
    library_of(papers, tmp_path, {"id": "2403.10040", "title": "Big", "authors": names})
    (entry,) = bib_entries(papers)
    assert entry["author"].split(" and ") == names
    ris = papers("export", "--format", "ris").stdout
    assert rispy.loads(ris)[0]["authors"] == [f"Name{n}, Author{n}" for n in range(700)]
    csl = json.loads(papers("export", "--format", "csljson").stdout)
    assert len(csl[0]["author"]) == 700
