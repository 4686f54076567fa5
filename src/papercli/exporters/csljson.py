"""CSL-JSON: the citation format Zotero, Mendeley, Paperpile and pandoc read and write.

One object per paper in a top-level array, streamed one object at a time like `json`.
A paper is an arXiv preprint, so its CSL `type` is `article` (Zotero imports that as a
Preprint) with `publisher` arXiv (its "Repository"), "arXiv:ID" in `number` (its "Archive
ID", written as Zotero writes it) and the DOI arXiv registers for every paper
(10.48550/arXiv.ID) unless the paper has a publisher's DOI of its own. A paper arXiv has
a journal reference for is an `article-journal` (Zotero's Journal Article) whose
`container-title` is that reference as arXiv gives it ("Phys. Rev. D 98 (2018) 123"),
without `publisher` (there it would name the journal's); its URL and DOI stay, and its
arXiv id goes first in `note` as "arXiv: ID": a Journal Article has no field `number`
maps to, so Zotero would drop it there, while `note` becomes its "Extra", where Zotero's
own arXiv translator keeps the id of a journal article. Tags go in `keyword` as one
comma-separated string (the CSL spec's form; a tag has no comma), the user's note in
`note` (after the arXiv line of a journal article, a blank line between). Names are `{family,
given}` (`names.split_name`): the family name is the last word of a "First Last" name
with any lowercase particles before it (`van`, `de`), what comes before the comma of
"Last, First", or the first word of a name in CJK script (`王 小明`); a group ("Kimi
Team", "ATLAS Collaboration", "Team Yunhai3D": `names.is_group`) is one `literal` name,
as Zotero writes it.

The title is written as the library has it: CSL processors read `<i>`, `<b>`, `<sc>`,
`<sup>`, `<sub>` and the nocase and small-caps spans in a title as markup and any other
"<...>" as text ("Let's <think> about ..."); an arXiv title holds none of that markup,
and `papers import` of a CSL-JSON file takes it out of the titles it reads
(bibimport.csl_text).

`papers import` reads this back: the same papers are starred with the same tags, and
the note restored where the paper has none (bibimport.own_note).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from papercli.exporters import Context, Section, chain, untex
from papercli.models import Paper
from papercli.names import split_name
from papercli.sanitize import clean_block, clean_line

ARXIV_DOI_PREFIX = "10.48550/arXiv."
ARXIV_PREFIX = "arXiv:"  # a preprint's `number`, as Zotero writes its Archive ID
JOURNAL_NOTE = "arXiv: "  # a journal article's first `note` line, as Zotero's Extra has it
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def tags_of(paper: Paper, ctx: Context) -> list[str]:
    """The paper's tags: from the record when it carries them, else from the export's
    extras (what the listing looked up in the user database)."""
    found: object = getattr(paper, "tags", None)
    if not found and ctx.extras and paper.id in ctx.extras:
        found = ctx.extras[paper.id].get("tags")
    if not isinstance(found, (list, tuple)):
        return []
    return [t for t in (clean_line(v, 64) for v in found if isinstance(v, str)) if t]


def note_of(paper: Paper, ctx: Context) -> str:
    """The user's note on the paper (Markdown, its lines kept: notes.for_export), or ""."""
    from papercli.notes import for_export

    found: object = getattr(paper, "note", None)
    if not found and ctx.extras and paper.id in ctx.extras:
        found = ctx.extras[paper.id].get("note")
    return for_export(found) if isinstance(found, str) else ""


def doi_of(paper: Paper) -> str:
    """The publisher's DOI when arXiv knows one, else arXiv's own DataCite DOI."""
    own = clean_line(paper.doi or "", 300)
    return own or ARXIV_DOI_PREFIX + paper.id


def date_parts(stamp: str | None) -> list[int] | None:
    """[year, month, day] (as much as is known) of an ISO date or timestamp."""
    match = _DATE.match(stamp or "")
    if not match:
        return None
    return [int(part) for part in match.groups() if part]


def journal_of(paper: Paper) -> str:
    """arXiv's journal reference of the paper, one line, or "" when it has none."""
    return clean_line(paper.journal_ref or "", 500)


def item(paper: Paper, ctx: Context) -> dict[str, Any]:
    """One paper as a CSL-JSON item."""
    journal = journal_of(paper)
    obj: dict[str, Any] = {
        "id": clean_line(paper.id, 64),
        "type": "article-journal" if journal else "article",
        "title": untex(clean_line(paper.title, 1000)),
    }
    authors = [n for n in (split_name(a) for a in paper.authors) if n]
    if authors:
        obj["author"] = authors
    parts = date_parts(paper.cited_date)
    if parts:
        obj["issued"] = {"date-parts": [parts]}
    if journal:
        obj["container-title"] = journal
    paper_id = clean_line(paper.id, 64)
    obj.update({"URL": paper.arxiv_url, "DOI": doi_of(paper)})
    if not journal:
        obj["number"] = ARXIV_PREFIX + paper_id
        obj["publisher"] = "arXiv"
    tags = tags_of(paper, ctx)
    if tags:
        obj["keyword"] = ", ".join(tags)
    if ctx.abstract and paper.summary:
        obj["abstract"] = untex(clean_block(paper.summary))
    notes = [f"{JOURNAL_NOTE}{paper_id}" if journal else "", note_of(paper, ctx)]
    if any(notes):
        obj["note"] = "\n\n".join(n for n in notes if n)
    return obj


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "csljson") -> Iterator[str]:
    first = True
    for paper in chain(sections):
        text = json.dumps(item(paper, ctx), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]\n" if first else "\n]\n"
