"""CSV: RFC 4180 (quoted as needed, CRLF rows), a header row, list fields joined by "; ".

The columns are the JSON contract's fields, then your tags and note (as JSON's), the rest
of the contract, and last your marks as JSON has them (`starred_at`, `starred_order`,
`read_at`, `hidden`: "true" or empty), then `announced` ("true" where `published_at` is
the day arXiv announced the paper, not v1's date; else empty), each group after the older
columns so that a script reading by position keeps working. A ranked list (for-you,
related, a search by relevance, a ranked `new`) has one more, last: `score`, as JSON's,
the order's reason (the table's "Rel" is it times 100); a list in no such order has none
(an empty column would read as "no score"). The organization, an object in JSON, is one
cell: its display name (else its Hub name).

A cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR, after
any spaces) gets a leading apostrophe, as OWASP's CSV-injection advice has it: titles come
from the internet. A script reading the file (csvkit, pandas) sees that apostrophe; no
title, abstract or keyword in a real library starts with one of these, so it is rare.
Written to a file (`-o`), the document starts with a UTF-8 byte-order mark: Excel reads a
CSV without one in the system's legacy code page, which garbles every accented or CJK
name. On stdout there is none (pipes and scripts do not want it).

An id is written as it is, though Excel takes `2401.10000` for the number 2401.1: what
would keep it text there (`="2401.10000"`, a leading apostrophe) is wrong for every other
reader (a script, pandas, a database), which would then need to undo it. The `url` and
`arxiv_url` columns carry the id whole, and Excel's Data → From Text/CSV can read the
column as text (README).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from papercli.exporters import Context, Section, chain, tags_and_note
from papercli.models import Paper
from papercli.notes import for_export
from papercli.sanitize import clean_block, clean_line

COLUMNS = (
    "id",
    "title",
    "authors",
    "published_at",
    "submitted_at",
    "upvotes",
    "comments",
    "families",
    "url",
    "arxiv_url",
    "pdf_url",
    "github_repo",
    "project_page",
    "ai_keywords",
    "summary",
    # after the original columns, so scripts reading by position keep working
    "ai_summary",
    "github_stars",
    "organization",
    "submitter",
    # yours, from the user database (empty when the paper has none), as JSON's "tags"
    # and "note": a spreadsheet of a tagged reading list shows the tags
    "tags",
    "note",
    # the rest of the JSON contract, last for the same reason: arXiv's fields, which
    # sources saw the paper, and the Hub's linked artefacts (empty: not known yet)
    "withdrawn_at",
    "thumbnail",
    "categories",
    "primary_category",
    "version",
    "updated_at",
    "comment",
    "journal_ref",
    "doi",
    "sources",
    "num_models",
    "num_datasets",
    "num_spaces",
    # each author the Hub links to an account, as `show` says it: "Heming Lan (@heminglan)"
    "author_accounts",
    # your marks, as JSON's fields (empty when the paper has none; "hidden" is "true" for
    # a paper you hid, which only --hidden exports): a spreadsheet of the reading list
    # tells the starred and read papers apart, and sorts them in `papers starred` order
    "starred_at",
    "starred_order",
    "read_at",
    "hidden",
    # "true" when `published_at` is the day arXiv announced the paper, not v1's date (as
    # JSON's "announced", `show`'s "Announced DATE"), else empty: last, as every addition
    "announced",
)
# A ranked list's (`Context.ranked`), after all of COLUMNS: its number (`extras`' "score")
# as JSON has it, empty for a paper without one (no model yet: upvotes' order).
RANKED = ("score",)
# Your fields the listing adds (`extras`), beside tags and note.
_MARKS = ("starred_at", "starred_order", "read_at", "hidden")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str) -> str:
    """`value` with a leading apostrophe when a spreadsheet could run it as a formula: it
    starts with one of `_FORMULA`, or does after spaces (a note's first line may be
    indented, and LibreOffice's import can trim cells before it evaluates them)."""
    formula = value.startswith(_FORMULA) or value.lstrip().startswith(_FORMULA)
    return "'" + value if formula else value


def columns(ctx: Context) -> tuple[str, ...]:
    """The header: COLUMNS, then RANKED's for a ranked list."""
    return COLUMNS + RANKED if ctx.ranked else COLUMNS


def _row(paper: Paper, ctx: Context) -> list[str]:
    data = paper.to_dict(ctx.endpoint)
    data["tags"], data["note"] = tags_and_note(ctx, paper.id)
    mine = (ctx.extras or {}).get(paper.id) or {}
    for mark in _MARKS:
        value = mine.get(mark)
        data[mark] = ("true" if value is True else None if value is False
                      else value if isinstance(value, (str, int)) else None)
    data["announced"] = "true" if paper.dated_by_announcement else None  # (as "hidden")
    data["score"] = mine.get("score")  # (a number, else None: no model yet)
    data["organization"] = paper.org_fullname or paper.org_name  # "Google", not a dict
    data["author_accounts"] = [f"{name} (@{user})" if user else name  # (not JSON's dicts)
                               for name, user, _ in paper.author_accounts]
    cells: list[str] = []
    for column in columns(ctx):
        value = data[column]
        if isinstance(value, list):
            text = "; ".join(clean_line(v, 500) for v in value)
        elif value is None:
            text = ""
        elif column == "note":  # its lines kept: a Markdown list stays a list
            text = for_export(str(value))
        elif column in ("summary", "ai_summary"):
            text = clean_block(str(value))
        else:
            text = clean_line(str(value), 5000)
        cells.append(defuse(text))
    return cells


BOM = "\ufeff"


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "csv") -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(columns(ctx))
    yield (BOM if ctx.bom else "") + take()
    for paper in chain(sections):
        writer.writerow(_row(paper, ctx))
        yield take()
