"""ids: one arXiv id a line, nothing else (for scripts, `xargs`, `comm`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from papercli.exporters import Context, Section, chain
from papercli.sanitize import clean_line


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "ids") -> Iterator[str]:
    for paper in chain(sections):
        paper_id = clean_line(paper.id, 64)
        if paper_id:
            yield paper_id + "\n"
    yield ""
