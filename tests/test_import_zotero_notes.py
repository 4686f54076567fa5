"""Zotero's notes come back through its RIS export, and a date the file gives only to the
year (or month) takes the month the arXiv id names.

Zotero's RIS export (its RIS translator) writes each child note of an item as an `N1`
whose value is the note's HTML, its line breaks as CRLF: `<div data-schema-version="N">`
around `<p>`, `<h1>`, lists... from Zotero 5.0.97 on, a bare `<p>…</p>` before, and the
plain notes an import made (RIS's own `N1` text) as `<p>` with `<br/>`. Its Extra field,
"arXiv: 2401.01055", is an `N1` of plain text, as are another program's notes. The files
here are written in that shape: `TAG  - value` lines ending CRLF, `ER  - ` and a blank line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, modules_loaded, shown_after_import
from papercli import bibimport, htmlnotes


def zotero_ris(*items: list[tuple[str, str]]) -> str:
    """RIS as Zotero's export writes it: one `TAG  - value` line a value, a value's line
    breaks CRLF, each record closed by `ER  - ` and a blank line."""
    out = []
    for fields in items:
        for tag, value in fields:
            out.append(f"{tag}  - {value.replace(chr(10), chr(13) + chr(10))}\r\n")
        out.append("ER  - \r\n\r\n")
    return "".join(out)


def preprint(arxiv_id: str, title: str, *notes: str) -> list[tuple[str, str]]:
    """A preprint Zotero's arXiv import made, exported (`GEN`: the RIS translator has no
    type for a preprint): its Extra and notes as `N1`s."""
    return [("TY", "GEN"), ("TI", title), ("AU", "Zhao, Jun"),
            ("AB", "An abstract."), ("DA", "2024/01/02/"), ("PY", "2024"),
            ("DO", f"10.48550/arXiv.{arxiv_id}"), ("DP", "arXiv.org"),
            ("UR", f"http://arxiv.org/abs/{arxiv_id}"), ("Y2", "2024/03/01/10:15:00"),
            *(("N1", note) for note in notes), ("KW", "Computer Science - Computation and "
                                                      "Language")]


EDITOR_NOTE = (  # as Zotero's note editor keeps a note: its wrapper, a block a line
    '<div data-schema-version="8"><h1>Reading</h1>\n'
    "<p>Compare with <strong>LLaVA</strong> and <em>Mini-Gemini</em>, see "
    '<a href="https://arxiv.org/abs/2404.14047" rel="noopener noreferrer nofollow">this '
    "one</a> &amp; <code>run.py</code>.</p>\n"
    "<ul>\n<li>\n<p>sparse attention</p>\n</li>\n<li>\n<p>two stages</p>\n<ol>\n"
    "<li>\n<p>pretrain</p>\n</li>\n</ol>\n</li>\n</ul>\n"
    "<blockquote>\n<p>We find that<br>it works.</p>\n</blockquote>\n"
    "<pre>x  = 1\ny = 2</pre>\n</div>")  # (RIS's readers trim its lines: no indent)
EDITOR_MARKDOWN = (
    "# Reading\n\n"
    "Compare with **LLaVA** and *Mini-Gemini*, see "
    "[this one](https://arxiv.org/abs/2404.14047) & `run.py`.\n\n"
    "- sparse attention\n- two stages\n  1. pretrain\n\n"
    "> We find that\n> it works.\n\n"
    "```\nx  = 1\ny = 2\n```")


def imported(papers: Any, path: Path, arxiv_id: str, title: str, html: str) -> Any:
    """`papers import --offline` of a RIS file at `path` holding one preprint and its one
    HTML note: the import's result (its exit checked)."""
    path.write_text(zotero_ris(preprint(arxiv_id, title, html)), encoding="utf-8")
    result = papers("import", str(path), "--offline")
    assert result.exit_code == 0, result.stderr
    return result


def notes_of(papers: Any) -> dict[str, str | None]:
    return {p["id"]: p.get("note") for p in papers("starred", "--json", "-n", "0").json}


def test_zotero_notes_come_back_as_markdown_and_its_plain_text_does_not(
        papers: Any, tmp_path: Path) -> None:
    """Each HTML note (the note editor's, and an older bare `<p>` one) is the paper's
    note in Markdown, a blank line between them, counted in the summary; the Extra and
    "Comment:" text beside them, and an entry with only such text, give no note."""
    ris = tmp_path / "zotero.ris"
    ris.write_text(zotero_ris(
        preprint("2401.01055", "LLaMA beyond English", "arXiv: 2401.01055",
                 EDITOR_NOTE, "<p>Second note: &lt;b&gt; is text&nbsp;&nbsp;here.</p>"),
        preprint("2404.14047", "How good are low-bit quantized LLaMA3 models?",
                 "Comment: 12 pages", "arXiv:2404.14047 [cs]")), encoding="utf-8")
    result = papers("import", str(ris), "--offline")
    assert result.exit_code == 0, result.stderr
    assert ("papers: zotero.ris (RIS): 2 from the file's fields\n"
            "papers: 2 stars added, 2 tags added, 1 note restored\n") in result.stderr
    assert notes_of(papers) == {
        "2401.01055": EDITOR_MARKDOWN + "\n\nSecond note: <b> is text  here.",
        "2404.14047": None}
    lines = papers("show", "2401.01055", "--offline").stdout
    assert "Compare with **LLaVA**" in lines


def test_notes_written_in_zotero_come_back_to_a_fresh_library(papers: Any,
                                                              tmp_path: Path) -> None:
    """papercli's note, imported by Zotero (which makes a plain note `<p>…</p>`, its line
    breaks `<br/>`, paragraphs `</p><p>`, two spaces `&nbsp;&nbsp;`) and exported again
    with a note written in Zotero beside it, comes back as it was written, the new one
    after it; `papercli`'s own RIS export is not needed for that (Zotero writes no ID)."""
    mine = "Read section 3.\n\nThen the appendix:\n- the proofs\n- **Table 2**,  twice"
    zotero_made = "<p>" + mine.replace("\n\n", "</p><p>").replace("\n", "<br/>").replace(
        "  ", "&nbsp;&nbsp;") + "</p>"
    ris = tmp_path / "back.ris"
    ris.write_text(zotero_ris(preprint(
        "2412.19437", "DeepSeek-V3", zotero_made,
        '<div data-schema-version="9"><p>Written in Zotero.</p>\n</div>')),
        encoding="utf-8")
    result = papers("import", str(ris), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json["references"][0]["notes_restored"] == 1
    assert notes_of(papers) == {"2412.19437": mine + "\n\nWritten in Zotero."}


def test_a_note_of_yours_is_never_overwritten(library: Any, tmp_path: Path) -> None:
    """As from papercli's own exports: the paper's note is kept and the summary says the
    file's was not restored; the same note again is "already there"."""
    ris = tmp_path / "zotero.ris"
    ris.write_text(zotero_ris(preprint("2401.01055", "A", "<p>From Zotero.</p>"),
                              preprint("2404.14047", "B", "<p>Also <i>from</i> Zotero.</p>")),
                   encoding="utf-8")
    assert library("star", "2401.01055", "--offline").exit_code == 0
    assert library("note", "2401.01055", "-m", "Mine.").exit_code == 0
    result = library("import", str(ris), "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json["references"][0]
    assert (summary["notes_restored"], summary["notes_not_restored"],
            summary["notes_not_restored_ids"]) == (1, 1, ["2401.01055"])
    assert notes_of(library) == {"2401.01055": "Mine.", "2404.14047": "Also *from* Zotero."}
    again = library("import", str(ris), "--offline", "--json").json["references"][0]
    assert (again["notes_restored"], again["notes_already_there"],
            again["notes_not_restored"]) == (0, 1, 1)


def test_a_hostile_note_comes_in_as_plain_text(papers: Any, tmp_path: Path) -> None:
    """Scripts and styles dropped, a `javascript:` or `zotero://` link its text alone,
    escape sequences and bidi controls gone, entities decoded as text: a note is shown
    in a terminal."""
    hostile = ('<div data-schema-version="8"><p>Before<script>alert("x")</script>'
               "<style>p { color: red }</style> "
               '<a href="javascript:alert(1)">click</a> <a href="zotero://select/library/'
               'items/ABCD1234">in Zotero</a> \x1b]8;;https://evil.example\x07\x1b[31mred'
               "\x1b[0m \u202egnp.exe&#x1b;[2J &lt;script&gt;</p><img src=x onerror=alert(2)>"
               "<svg><text>drawn</text></svg></div>")
    imported(papers, tmp_path / "hostile.ris", "2401.01055", "A", hostile)
    assert notes_of(papers)["2401.01055"] == \
        "Before click in Zotero red gnp.exe <script>"  # (&#x1b;[2J: an escape sequence)


def test_a_bar_in_a_table_cell_stays_in_its_cell(papers: Any, tmp_path: Path) -> None:
    """A `|` in a cell (text, code, a link) is written `\\|`, as Markdown's tables escape
    it: raw, it ended the cell, and the row had a column more than its header. Outside a
    table it is text as typed."""
    table = ('<div data-schema-version="9"><table><tr><th>Model | size</th><th>Score</th>'
             "</tr><tr><td>7B | 13B</td><td><code>a|b</code> and "
             '<a href="https://x.org/?q=a|b">x|y</a></td></tr></table>'
             "<p>p(a | b) stays</p></div>")
    imported(papers, tmp_path / "table.ris", "2412.90001", "A table", table)
    note = ("| Model \\| size | Score |\n| --- | --- |\n"
            "| 7B \\| 13B | `a\\|b` and [x\\|y](https://x.org/?q=a\\|b) |\n\np(a | b) stays")
    assert notes_of(papers) == {"2412.90001": note}
    rows = [line for line in note.split("\n") if line.startswith("|")]
    # each row splits into as many cells as the header has, as a Markdown reader splits it
    assert {len(re.split(r"(?<!\\)\|", row)) for row in rows} == {4}
    shown = papers("show", "2412.90001", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "| 7B \\| 13B |" in shown.stdout


def test_only_a_note_shaped_n1_is_read(papers: Any, tmp_path: Path) -> None:
    """An N1 of another program's entry is read only when it is a Zotero note: its
    wrapper or an HTML block from its start to a tag at its end; text that merely holds
    a tag, or begins with one and runs on, is left as before."""
    assert bibimport.is_zotero_note('<div data-schema-version="9"><p>x</p>\n</div>')
    assert bibimport.is_zotero_note('<div class="zotero-note znv1"><p>x</p></div>')
    for block in ("<p>x</p>", "<h2>x</h2>", "<ul><li>x</li></ul>", "<ol><li>x</li></ol>",
                  "<blockquote>x</blockquote>", "<pre>x</pre>", "  <P class='a'>x</P>\n"):
        assert bibimport.is_zotero_note(block), block
    for text in ("arXiv: 2401.01055", "Comment: 12 pages", "see <p>x</p>", "<p>no end",
                 "<param>x</param>", "<div><p>x</p></div>", "<pretty>x</pretty>", ""):
        assert not bibimport.is_zotero_note(text), text
    ris = tmp_path / "plain.ris"
    ris.write_text(zotero_ris(preprint("2401.01055", "A", "see <p>x</p>", "<p>no end")),
                   encoding="utf-8")
    assert papers("import", str(ris), "--offline").exit_code == 0
    assert notes_of(papers) == {"2401.01055": None}


@pytest.mark.parametrize(("html", "markdown"), [
    ("<p>a</p><p></p><p>b</p>", "a\n\nb"),
    ("<h3>Title <em>here</em></h3>", "### Title *here*"),
    ("<p><strong> bold </strong>text, <s>struck</s></p>", "**bold** text, ~~struck~~"),
    ("<p>a<p>b<ul><li>x<li>y</ul>", "a\n\nb\n\n- x\n- y"),  # left open, as browsers read
    ('<ol start="3"><li>c</li><li>d<p>more</p></li></ol>', "3. c\n4. d\n\n   more"),
    ("<ul><li>a</li><ul><li>in a</li></ul><li>b</li></ul>", "- a\n  - in a\n- b"),
    ("<p><code>a`b</code></p>", "`` a`b ``"),  # (markdownify's: the spaces are not code)
    ("<pre>```\nfence\n```</pre>", "````\n```\nfence\n```\n````"),
    ("<pre>def f():\n    return 1</pre>", "```\ndef f():\n    return 1\n```"),
    ('<pre class="math">$$e^{i\\pi}$$</pre>', "$$e^{i\\pi}$$"),
    # Markdown's tables, as markdownify writes them: the first row is the header, with or
    # without <th> (a header of blank cells above it read worse); a cell's colspan bounded
    ("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
     "| A | B |\n| --- | --- |\n| 1 | 2 |"),
    ("<table><caption>T</caption><tbody><tr></tr><tr><td>A</td><td colspan=99999>B</td>"
     "</tr><tr><td>1</td><td>2</td></tr></tbody></table>",
     "T\n\n| A | B |" + " |" * (htmlnotes.MAX_SPAN - 1) + "\n|"
     + " --- |" * (htmlnotes.MAX_SPAN + 1) + "\n| 1 | 2 |"),
    ("<p>x</p><hr><p>y</p>", "x\n\n---\n\ny"),
    ('<p><span class="highlight" data-annotation="%7B%7D">“quoted”</span> <span '
     'class="citation">(<span class="citation-item">Zhao, 2024, p. 3</span>)</span></p>',
     "“quoted” (Zhao, 2024, p. 3)"),
    pytest.param("<p>" + "<span>" * 300 + "deep" + "</span>" * 300 + "</p>", "deep",
                 id="nested-300"),
    # nested past the bound: the text alone, a script's still left out
    pytest.param("<ul><li>" + "<div>" * 2000 + "a<b>b</b><script>x</script><br>c", "- ab c",
                 id="nested-2000"),
    ("<p>2*3*4, snake_case, # 5. [x]</p>", "2*3*4, snake_case, # 5. [x]"),  # as typed
    ("<ol><li>a<li>b<ol><li>c</ol><li>d</ol>", "1. a\n2. b\n   1. c\n3. d"),
    ("<ul><li>a</li><ul><li>in a</li><ul><li>in that</li></ul></ul></ul>",
     "- a\n  - in a\n    - in that"),
    ("<ul><li><p>x</p><ul><li><p>y</p></li></ul></li></ul>", "- x\n  - y"),  # Zotero 5's
    ('<ol start="²"><li>a</li></ol>', "1. a"),
    ('<p><a href="https://x.org/a_(b)"> https://x.org/a_(b) </a>and <a href="">no</a></p>',
     "[https://x.org/a_(b)](https://x.org/a_%28b%29) and no"),
    ("<p>a <br> b<br>c</p><h1> </h1><h2>x<br>y</h2>", "a\nb\nc\n\n## x y"),
    # a tag named as one of markdownify's methods is any unknown tag: its text
    ("<soup>a</soup> <fn_cache>b</fn_cache> <convert_a>c</convert_a>", "a b c"),
    ("<p>a<![CDATA[x]]><?pi y?><!-- z -->b</p><video src=javascript:x>v</video>", "ab"),
])
def test_html_to_markdown(html: str, markdown: str) -> None:
    assert htmlnotes.markdown(html) == markdown


def test_html_longer_than_a_note_is_not_read(papers: Any, tmp_path: Path) -> None:
    """HTML longer than MAX_HTML is not parsed (its note would be longer than a note may
    be): the entry's other notes are not restored either, as when they are too long."""
    long = "<p>" + "x" * htmlnotes.MAX_HTML + "</p>"
    assert htmlnotes.markdown(long) is None
    assert htmlnotes.markdown(long[:htmlnotes.MAX_HTML]) == "x" * (htmlnotes.MAX_HTML - 3)
    assert bibimport.zotero_notes("2401.01055", ["<p>short</p>", long]) is None
    assert bibimport.zotero_notes("2401.01055", ["<p>short</p>", "<p>two</p>"]) == \
        "short\n\ntwo"


def test_a_note_of_more_tags_than_a_real_one_comes_in_as_its_text(
        papers: Any, tmp_path: Path) -> None:
    """A note of more than MAX_TAGS tags (a real one has a few thousand; 100,000 tiny
    elements took 6 s to convert) is read as its text alone, a line for each block, with
    what a converted note leaves out left out too: the import says what it says of any
    note, no warning."""
    paragraph = "<p>Read <b>this</b> &amp; <i>that</i>,&nbsp;twice.</p>\n"
    html = ('<div data-schema-version="9"><h1>Many</h1>'
            + paragraph * (htmlnotes.MAX_TAGS // 6)  # (6 tags a paragraph)
            + "<table><tr><th>A | B</th><td>1</td></tr></table><ul><li>item<li>open</ul>"
            '<script>alert("x")</script><svg><text>drawn</text></svg><svg/>after'
            "<p>&lt;b&gt; is text <a href='https://x.org/?a>b'>link</a></p><!-- never closed"
            "<p>gone</p></div>")
    assert html.count("<") > htmlnotes.MAX_TAGS
    result = imported(papers, tmp_path / "big.ris", "2412.90002", "Many tags", html)
    assert result.stderr.splitlines() == [
        "papers: big.ris (RIS): 1 from the file's fields",
        "papers: 1 star added, 1 tag added, 1 note restored",
        "papers: 1 keyword made into a tag (computer-science-computation-and-language)"
    ]  # (what any such file says; with the keyword too, 114 columns)
    assert notes_of(papers)["2412.90002"] == "\n".join(
        ["Many", *["Read this & that, twice."] * (htmlnotes.MAX_TAGS // 6), "A | B 1",
         "item", "open", "after", "<b> is text b'>link"])
    # MAX_TAGS tags are converted; one more, and the note is its text
    bold = " ".join(["<b>x</b>"] * (htmlnotes.MAX_TAGS // 2))
    assert htmlnotes.markdown(bold) == " ".join(["**x**"] * (htmlnotes.MAX_TAGS // 2))
    assert htmlnotes.markdown(bold + "<i></i>") == " ".join(["x"] * (htmlnotes.MAX_TAGS // 2))


def test_markdownify_is_loaded_only_for_a_zotero_note(home: Home, tmp_path: Path) -> None:
    """markdownify (and BeautifulSoup under it) is imported by an import that has a
    Zotero note to convert, not by one without."""
    plain, noted = tmp_path / "plain.ris", tmp_path / "noted.ris"
    plain.write_text(zotero_ris(preprint("2401.01055", "A", "Comment: 12 pages")),
                     encoding="utf-8")
    noted.write_text(zotero_ris(preprint("2401.01055", "A", "<p>Mine.</p>")),
                     encoding="utf-8")
    code, modules, _ = modules_loaded("import", str(plain), "--offline")
    assert code == 0 and "papercli.bibimport" in modules
    assert not modules & {"markdownify", "bs4", "papercli.htmlnotes"}
    code, modules, _ = modules_loaded("import", str(noted), "--offline")
    assert code == 0 and {"markdownify", "bs4", "papercli.htmlnotes"} <= modules


# -- a date given to the year or month: the arXiv id's month, no day ----------------------


def bib(fields: str) -> str:
    return "@article{kingstra2014adam,\n  title = {Adam: A Method for Stochastic Optimization}," \
        f"\n  author = {{Kingstra, Dirkjan P. and Ba, Jimmy}},\n{fields}\n}}\n"


@pytest.mark.parametrize(("name", "text", "pid", "day"), [
    # the year alone, or with another month: the id's month (1412: December 2014)
    ("year.bib", bib("  year = {2014},\n  eprint = {1412.6980},\n  archivePrefix = {arXiv},"),
     "1412.6980", "2014-12"),
    ("month.bib", bib("  year = {2014}, month = jun,\n  eprint = {1412.6980},\n"
                      "  archivePrefix = {arXiv},"), "1412.6980", "2014-12"),
    ("ym.bib", bib("  date = {2014-06},\n  eprint = {1412.6980},\n  archivePrefix = {arXiv},"),
     "1412.6980", "2014-12"),
    # an old-style id names its month too (9711: November 1997)
    ("old.bib", bib("  year = {1997},\n  eprint = {hep-th/9711200},\n"
                    "  archivePrefix = {arXiv},"), "hep-th/9711200", "1997-11"),
    # to the day in the id's month: as given; another year (the venue's), a day in
    # another month, or no date at all: the id's month
    ("day.bib", bib("  date = {2014-12-22},\n  eprint = {1412.6980},\n"
                    "  archivePrefix = {arXiv},"), "1412.6980", "2014-12-22"),
    ("venue.bib", bib("  year = {2015},\n  eprint = {1412.6980},\n  archivePrefix = {arXiv},"),
     "1412.6980", "2014-12"),
    ("venueday.bib", bib("  date = {2015-05-07},\n  eprint = {1412.6980},\n"
                         "  archivePrefix = {arXiv},"), "1412.6980", "2014-12"),
    ("nodate.bib", bib("  eprint = {1412.6980},\n  archivePrefix = {arXiv},"),
     "1412.6980", "2014-12"),
    # RIS: PY (the year alone), DA to the month or to the day
    ("py.ris", zotero_ris([("TY", "JOUR"), ("TI", "Adam"), ("PY", "2014"),
                           ("DO", "10.48550/arXiv.1412.6980")]), "1412.6980", "2014-12"),
    ("da.ris", zotero_ris([("TY", "JOUR"), ("TI", "Adam"), ("DA", "2014/06//"),
                           ("PY", "2014"), ("UR", "http://arxiv.org/abs/1412.6980")]),
     "1412.6980", "2014-12"),
    ("day.ris", zotero_ris([("TY", "JOUR"), ("TI", "Adam"), ("DA", "2014/12/22/"),
                            ("PY", "2014"), ("UR", "http://arxiv.org/abs/1412.6980")]),
     "1412.6980", "2014-12-22"),
    # CSL-JSON: one or two date-parts, or a raw year; three are the day
    *((f"csl{n}.json", json.dumps([{"id": "k", "type": "article", "title": "Adam",
                                    "number": "arXiv:1412.6980", "issued": issued}]),
       "1412.6980", day) for n, (issued, day) in enumerate([
           ({"date-parts": [[2014]]}, "2014-12"),
           ({"date-parts": [["2014", "3"]]}, "2014-12"),
           ({"raw": "2014"}, "2014-12"),
           ({"date-parts": [[2014, 3, 5]]}, "2014-12"),
           ({"date-parts": [[2014, 12, 5]]}, "2014-12-05")])),
])
def test_a_date_to_the_year_takes_the_ids_month(papers: Any, tmp_path: Path, name: str,
                                                text: str, pid: str, day: str) -> None:
    """`year = {2014}` with `eprint = {1412.6980}` was stored as 2014-01-01, eleven months
    before the paper: the arXiv date is in the month the id names, the file's day kept
    when it falls in it; else the paper has no day of its own and is dated by its id's
    month (it was the 1st, a day no file gave, and every export after cited it)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    shown = shown_after_import(papers, path, pid)
    assert shown["published_at"] == (f"{day}T00:00:00Z" if len(day) == 10 else None)
    cited = papers("starred", "--format", "bibtex")
    assert f"  date = {{{day}}},\n" in cited.stdout, cited.stdout


def test_show_says_the_ids_month(papers: Any, tmp_path: Path) -> None:
    path = tmp_path / "adam.bib"
    path.write_text(bib("  year = {2014},\n  eprint = {1412.6980},\n  archivePrefix = {arXiv},"),
                    encoding="utf-8")
    assert papers("import", str(path), "--offline").exit_code == 0
    shown = papers("show", "1412.6980", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "arXiv 2014-12 " in shown.stdout


@pytest.mark.parametrize("batch", [bibimport.BATCH, 1], ids=["one-batch", "batches-apart"])
def test_a_paper_named_twice_in_a_file_keeps_both_its_notes(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """A Zotero library holding the same preprint twice (a duplicate item, or two exports
    put together) gave the paper the first item's note and dropped the second's without a
    word ("1 note restored"), as keywords are not: both are now its note, a blank line
    between them, as an item's several notes are; a note the two share comes back once,
    and the file imported again finds the note already there. The same whether the two
    items are written in one batch or in two: a batch later, the second item's note was
    "not restored" ("kept your own note"), the note the file's own first item gave."""
    monkeypatch.setattr("papercli.bibimport.BATCH", batch)
    ris = tmp_path / "duplicates.ris"
    ris.write_text(zotero_ris(
        preprint("2401.01055", "Tracked", "<p>Read section 3.</p>"),
        preprint("2401.01055", "Tracked again", "<p>Code released.</p>"),
        preprint("2404.14047", "Same note", "<p>Compare with LLaVA.</p>"),
        preprint("2404.14047", "Same note again", "<p>Compare with LLaVA.</p>")),
        encoding="utf-8")
    result = papers("import", str(ris), "--offline")
    assert result.exit_code == 0, result.stderr
    assert "2 notes restored" in result.stderr
    assert notes_of(papers) == {"2401.01055": "Read section 3.\n\nCode released.",
                                "2404.14047": "Compare with LLaVA."}
    again = papers("import", str(ris), "--offline")
    assert "2 notes already there" in again.stderr and "not restored" not in again.stderr
    assert papers("note", "2401.01055", "-m", "Mine.", "--offline").exit_code == 0
    mine = papers("import", str(ris), "--offline", "--json")
    assert mine.exit_code == 0, mine.stderr
    counts = mine.json["references"][0]
    assert (counts["notes_restored"], counts["notes_already_there"],
            counts["notes_not_restored"], counts["notes_not_restored_ids"]) == (
        0, 1, 1, ["2401.01055"]), counts
    assert notes_of(papers)["2401.01055"] == "Mine."
