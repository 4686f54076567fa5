"""RIS: the tagged format every reference manager imports (Zotero, Mendeley, EndNote).

One record per paper, `TY` to `ER  - `. A preprint (no journal reference from arXiv) is
`TY  - UNPB`, the RIS spec's "Unpublished work" (EndNote's Unpublished Work, rispy's
"Unpublished work"). No RIS type reads as a preprint: Zotero's RIS translator maps no TY
to its Preprint item, exports a preprint as `GEN` and imports UNPB (a type it has no
mapping of) as a Journal Article, as it does JOUR and GEN, so Zotero keeps the same
fields (DO its DOI, T2 its "Publication", here arXiv). JOUR would call a preprint a
journal article in every other reader too; GEN is EndNote's "Generic"; ELEC becomes a
Zotero web page, which has no DOI field; INPR ("in press") a Zotero manuscript. A paper
arXiv has a journal reference for is `TY  - JOUR`, that reference in T2 (Zotero's
"Publication", EndNote's "Journal") and in JO (the journal of rispy and older readers;
Zotero files it as the journal's abbreviation).

Authors are `AU  - Last, First` (Zotero splits on the comma; a group's name, "Kimi
Team", whole and without one), the date is PY (year) and
DA (`YYYY/MM/DD/`), each tag one KW line, the note N1, the arXiv id AN ("arXiv:ID":
Zotero's RIS import files AN as "Loc. in Archive", and `papers import` reads it back).
Every other value is one line. The abstract (AB) and the
note (N1) keep their lines as Zotero writes and reads them: the first on the tag's line,
the rest as lines of their own, a blank line between paragraphs (Zotero starts a new line
after a blank or short one; `papers import` keeps every line). A line that a reader would
take for a tag ("ER  - ") is written after a space, which readers trim, as they trim every
line: a line's indent is not kept. An export of no papers is one empty line. The file is
UTF-8. `papers import` reads it back: stars, tags (KW) and the note (N1, by the record's
ID).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from papercli.exporters import Context, Section, chain, untex
from papercli.exporters.csljson import date_parts, doi_of, journal_of, note_of, tags_of
from papercli.models import Paper
from papercli.names import split_name
from papercli.notes import MAX_NOTE
from papercli.sanitize import clean_block, clean_line, strip_controls

# What a reader takes for a tag: two characters, one or two spaces, a hyphen (Zotero wants
# a space or the end after it, rispy nothing).
_TAG_LIKE = re.compile(r"\S\S {1,2}-")


def _line(tag: str, value: str, max_len: int = 20000) -> str:
    text = clean_line(value, max_len)
    return f"{tag}  - {text}\n" if text else ""


def _lines(tag: str, value: str, max_len: int = 20000) -> str:
    """A value of several lines (abstract, note): each trimmed, runs of blank lines one
    blank line, a line that looks like a tag written after a space (it would else start
    a field, or end the record, in every reader)."""
    out: list[str] = []
    for raw in strip_controls(value[:max_len]).replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line or (out and out[-1]):
            out.append(" " + line if _TAG_LIKE.match(line) else line)
    while out and not out[-1]:
        out.pop()
    if not out:
        return ""
    return f"{tag}  - {out[0].lstrip()}\n" + "".join(f"{line}\n" for line in out[1:])


def _author(name: str) -> str:
    parts = split_name(name)
    if "literal" in parts:
        return parts["literal"]
    family, given = parts.get("family", ""), parts.get("given", "")
    if parts.get("suffix"):
        given = f"{given}, {parts['suffix']}" if given else parts["suffix"]
    return f"{family}, {given}" if given else family


def record(paper: Paper, ctx: Context) -> str:
    journal = journal_of(paper)
    out = [_line("TY", "JOUR" if journal else "UNPB"), _line("ID", paper.id),
           _line("TI", untex(paper.title))]
    out += [_line("AU", _author(a)) for a in paper.authors]
    parts = date_parts(paper.cited_date)
    if parts:
        out.append(_line("PY", str(parts[0])))
        out.append(_line("DA", "/".join(f"{p:02d}" for p in parts)
                         + "/" * (4 - len(parts))))
    out += [_line("T2", journal or "arXiv"), _line("JO", journal)]
    out += [_line("UR", paper.arxiv_url), _line("DO", doi_of(paper))]
    out.append(_line("AN", f"arXiv:{paper.id}"))
    if ctx.abstract and paper.summary:
        out.append(_lines("AB", untex(clean_block(paper.summary))))
    out += [_line("KW", t) for t in tags_of(paper, ctx)]
    note = note_of(paper, ctx)
    if note:
        out.append(_lines("N1", note, MAX_NOTE))
    out.append("ER  - \n")
    return "".join(out)


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "ris") -> Iterator[str]:
    first = True
    for paper in chain(sections):
        yield ("" if first else "\n") + record(paper, ctx)
        first = False
    if first:
        yield "\n"
