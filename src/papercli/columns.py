"""The listing table's columns by name: which there are, the default set and the one a
sort pins. A module of its own so that the settings (`display.columns`, checked by
config.py) never import the renderer: output.py draws exactly these names (its COLUMNS
table is keyed by NAMES, which tests/test_tables.py checks)."""

from __future__ import annotations

from papercli.sanitize import quoted

NAMES = ("rel", "upvotes", "comments", "stars", "date", "day", "id", "authors", "title",
         "org", "submitter", "families", "tags")
# Each column's head, as the table's header row says it (output.py draws them).
HEADS = {"rel": "Rel", "upvotes": "▲", "comments": "Comments", "stars": "Stars",
         "date": "arXiv", "day": "Listed", "id": "ID", "authors": "Authors", "title": "Title",
         "org": "Org", "submitter": "Submitter", "families": "Families", "tags": "Tags"}
# "tags" shows only when a paper shown has one (an empty default column is left out).
DEFAULT_COLUMNS = ("upvotes", "date", "id", "authors", "title", "families", "tags")
# The column that shows what a --sort orders by: it is always in the table.
SORT_COLUMN = {"upvotes": "upvotes", "stars": "stars", "new": "date", "relevance": "rel"}


def parse_columns(text: str) -> tuple[str, ...]:
    """`--columns id,title,stars` (or display.columns) as column names, in order; a
    ValueError naming the valid ones for anything else."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in NAMES]
    if unknown or not names:
        what = f"unknown column {quoted(unknown[0], 40)}" if unknown else "no columns"
        raise ValueError(f"{what}; choose from {', '.join(NAMES)}")
    return names


def is_header(line: str) -> bool:
    """Whether `line` is the header row of a table papercli printed ("#", then two or more
    column heads, ` #    ▲  arXiv  ID  Authors  Title`), whatever its columns, their order
    and the rank's width: `papers import` says what such a saved file is."""
    words = line.split()
    return (len(words) >= 3 and words[0] == "#" and set(words[1:]) <= set(HEADS.values())
            and len(set(words[1:])) == len(words) - 1)
