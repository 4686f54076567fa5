"""Zotero's HTML notes made Markdown (`htmlnotes.markdown`): seconds a note, by its shape.

    python bench/notes_html.py [--runs 3] [--no-before]

A note comes from a file, so it may be built to cost: BeautifulSoup and markdownify
spend some 50 µs on each element, and a note may be MAX_HTML characters long. Each row
is a note at that length (hostile shapes: many siblings, nesting to MAX_DEPTH, table
cells, links...) or one as long as real notes get (a note made from 780 annotations, a
long typed one, a pasted table), made up here (never real data). "before" converts it
whatever its tags (MAX_TAGS out of the way: the conversion as it was); "after" with
MAX_TAGS, past which a note is read as its text alone (`htmlnotes._plain`). Prints a
table: shape, characters, elements (start tags), tags (every `<`: what MAX_TAGS counts),
how it was read, and the least CPU seconds of --runs (one run before, unless
--no-before).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable

from _util import ROOT, table

sys.path.insert(0, str(ROOT / "src"))

from papercli import htmlnotes  # (the checkout's, after the path above)

WORDS = ["tidal", "tokens", "lattice", "sparse", "orbit", "kernel", "meadow", "quiver",
         "granite", "lantern", "ripple", "vector", "harbor", "cobalt", "prism", "thicket"]


def filled(unit: str, head: str = "", tail: str = "") -> str:
    """`unit` repeated between `head` and `tail` to MAX_HTML characters at most."""
    return head + unit * ((htmlnotes.MAX_HTML - len(head) - len(tail)) // len(unit)) + tail


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def annotations(rng: random.Random) -> str:
    """Zotero 7's "Add Note from Annotations": a highlight a paragraph, its position and
    citation as URL-encoded JSON in attributes, to about MAX_HTML characters."""
    item = ("%22uris%22%3A%5B%22http%3A%2F%2Fzotero.org%2Fusers%2Flocal%2FaBcD1234%2Fitems"
            "%2FQWER5678%22%5D")
    parts = ['<div data-citation-items="%5B%7B' + item + '%7D%5D" data-schema-version="9">'
             "<h1>Annotations<br>(06/12/2026, 10:00:00)</h1>\n"]
    size = len(parts[0])
    while size < htmlnotes.MAX_HTML - 2_000:
        page = rng.randint(1, 30)
        annotation = ("%7B%22attachmentURI%22%3A%22http%3A%2F%2Fzotero.org%2Fusers%2Flocal%2F"
                      "aBcD1234%2Fitems%2FXYZ12345%22%2C%22annotationKey%22%3A%22ABCD1234%22%2C"
                      f"%22color%22%3A%22%23ffd400%22%2C%22pageLabel%22%3A%22{page}%22%2C"
                      "%22position%22%3A%7B%22pageIndex%22%3A2%2C%22rects%22%3A%5B%5B108.0%2C"
                      f"633.9%2C504.0%2C645.9%5D%5D%7D%2C%22citationItem%22%3A%7B{item}%2C"
                      f"%22locator%22%3A%22{page}%22%7D%7D")
        citation = f"%7B%22citationItems%22%3A%5B%7B{item}%2C%22locator%22%3A%22{page}%22%7D%5D%7D"
        comment = f" {words(rng, rng.randint(0, 12))}" if rng.random() < 0.5 else ""
        part = (f'<p><span class="highlight" data-annotation="{annotation}">'
                f"“{words(rng, rng.randint(8, 40))}”</span> "
                f'<span class="citation" data-citation="{citation}">(<span class="citation-item">'
                f"Zhao et al., 2024, p. {page}</span>)</span>{comment}</p>\n")
        parts.append(part)
        size += len(part)
    return "".join(parts) + "</div>"


def typed(rng: random.Random) -> str:
    """A long note typed in Zotero's editor, as long as a note may be once Markdown
    (MAX_NOTE): headings, paragraphs with bold, italics and a link, bullet lists."""
    parts = ['<div data-schema-version="9">']
    size = 0
    while size < htmlnotes.MAX_NOTE - 3_000:
        parts.append(f"<h2>{words(rng, 3)}</h2>\n")
        for _ in range(4):
            parts.append(f"<p>{words(rng, 25)} <strong>{words(rng, 2)}</strong> "
                         f"{words(rng, 20)} <em>{words(rng, 3)}</em> {words(rng, 15)} "
                         f'<a href="https://arxiv.org/abs/2412.{rng.randint(10000, 99999)}">'
                         f"{words(rng, 2)}</a>.</p>\n")
        parts.append("<ul>" + "".join(f"<li><p>{words(rng, 8)}</p></li>" for _ in range(5))
                     + "</ul>\n")
        size = sum(map(len, parts)) * 3 // 4  # (the Markdown is about 3/4 of the HTML)
    return "".join(parts) + "</div>"


def pasted_table(rng: random.Random) -> str:
    """A results table pasted into a note: 400 rows of 8 cells."""
    head = "<tr>" + "".join(f"<th>{rng.choice(WORDS)}</th>" for _ in range(8)) + "</tr>"
    rows = "".join("<tr>" + "".join(f"<td>{rng.random() * 100:.1f}</td>" for _ in range(8))
                   + "</tr>" for _ in range(400))
    return f"<table><tbody>{head}{rows}</tbody></table>"


def shapes(rng: random.Random) -> list[tuple[str, str]]:
    depth = htmlnotes.MAX_DEPTH
    return [
        ("siblings <b>x</b>", filled("<b>x</b>")),
        ("empty siblings <i></i>", filled("<i></i>")),
        ("line breaks <br>", filled("<br>")),
        ("paragraphs <p>x</p>", filled("<p>x</p>")),
        (f"nested {depth} deep, repeated", filled("<b>" * depth + "x" + "</b>" * depth)),
        ("nested, never closed", filled("<span>")),
        ("table cells, one row", filled("<td>x</td>", "<table><tr>", "</tr></table>")),
        ("table rows", filled("<tr><td>x</td></tr>", "<table>", "</table>")),
        ("links", filled('<a href="https://a.b/">x</a>')),
        ("list items left open", filled("<li>x", "<ol>", "</ol>")),
        ("comments", filled("<!---->")),
        ("a < alone, many", filled("<")),
        ("entities, no tags", filled("&amp;")),
        ("text, one paragraph", "<p>" + filled("tidal ", "", "</p>")[3:]),
        ("one tag, many attributes", filled(" a=1", "<p", ">x</p>")),
        # the costliest notes still converted: MAX_TAGS tags of the dearest shapes
        ("links, MAX_TAGS tags", '<a href="https://a.b/">x</a>' * (htmlnotes.MAX_TAGS // 2)),
        ("table cells, MAX_TAGS tags",
         "<table><tr>" + "<td>x</td>" * (htmlnotes.MAX_TAGS // 2 - 2) + "</tr></table>"),
        ("real: 780 annotations", annotations(rng)),
        ("real: typed, note-long", typed(rng)),
        ("real: pasted table 400x8", pasted_table(rng)),
    ]


def best(convert: Callable[[str], str | None], html: str, runs: int) -> float:
    """The least CPU seconds of `runs` (CPU, not wall: the machine's other work is not
    the note's)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        convert(html)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs after (best of)")
    parser.add_argument("--no-before", action="store_true",
                        help="skip the unbounded conversion (a minute and more)")
    args = parser.parse_args()
    rng = random.Random(61)
    cap = htmlnotes.MAX_TAGS
    rows: list[list[object]] = []
    for name, html in shapes(rng):
        elements = len(re.findall(r"<[a-zA-Z]", html))
        tags = html.count("<")
        before = "-"
        if not args.no_before:
            htmlnotes.MAX_TAGS = sys.maxsize  # (as it was: every note converted)
            try:
                before = f"{best(htmlnotes.markdown, html, 1):.2f}"
            finally:
                htmlnotes.MAX_TAGS = cap
        after = best(htmlnotes.markdown, html, args.runs)
        rows.append([name, f"{len(html):,}", f"{elements:,}", f"{tags:,}",
                     "Markdown" if tags <= cap else "text", before, f"{after:.2f}"])
        print(f"{name}: {before} s, then {after:.2f} s", file=sys.stderr, flush=True)
    print(f"MAX_HTML {htmlnotes.MAX_HTML:,} characters, MAX_TAGS {cap:,}, "
          f"MAX_DEPTH {htmlnotes.MAX_DEPTH}\n")
    print(table(["shape", "characters", "elements", "tags", "read as", "before CPU s",
                 "after CPU s"], rows))


if __name__ == "__main__":
    main()
