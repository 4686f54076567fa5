"""Documents from papers: JSON, Markdown, CSV, BibTeX. Pure functions, no Rich, no Typer.

Each exporter strips control characters again on the way out: the library may hold text
written by an older papercli or by hand. Only the chosen format's module is imported, so
`papers today` (a table) pays nothing for the exporters it does not use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from importlib import import_module

from papercli.models import DEFAULT_ENDPOINT, Paper

FORMATS: tuple[str, ...] = ("json", "md", "csv", "bibtex")
_MODULES = {"json": "jsonfmt", "md": "markdown", "csv": "csvfmt", "bibtex": "bibtex"}


def render(
    papers: Sequence[Paper],
    fmt: str,
    *,
    title: str,
    endpoint: str = DEFAULT_ENDPOINT,
    abstract: bool = True,
    generated_at: datetime | None = None,
) -> str:
    """The whole document, ending with a newline; each format's module loads on demand."""
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module = import_module(f"papercli.exporters.{_MODULES[fmt]}")
    text: str = module.render(
        papers, title=title, endpoint=endpoint, abstract=abstract, generated_at=generated_at
    )
    return text if text.endswith("\n") else text + "\n"
