"""show: one paper in full."""

from typing import Annotated

import typer

from papercli.cli._common import (
    FETCH,
    OUTPUT,
    FetchOptions,
    OutputOptions,
    command,
    open_session,
)

app = typer.Typer()


@command(
    app, "show", OUTPUT, FETCH,
    example="papers show 2401.01055\npapers show https://arxiv.org/abs/2401.01055v2 --json\n"
    "papers show arxiv:2401.01055 --format bibtex >> refs.bib",
)
def show(
    paper_id: Annotated[str, typer.Argument(
        metavar="ID", help="arXiv id (2401.01055, 2401.01055v2, arxiv:…) or an HF/arXiv URL.")],
    *,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """One paper in full: links, AI summary, abstract.

    Shows authors, arXiv and Daily Papers dates, upvotes, comments, HF/arXiv/PDF/code/
    project links, the AI summary and keywords, and the whole abstract.
    """
    from papercli import library, output
    from papercli.errors import UsageError
    from papercli.models import InvalidPaperId, normalize_id

    try:
        pid = normalize_id(paper_id)
    except InvalidPaperId:
        raise UsageError(
            f"{paper_id!r} is not an arXiv id or paper URL", hint="e.g. papers show 2401.01055"
        ) from None
    with open_session(net) as session:
        result = library.get_paper(session, pid)
        if result.stale:
            output.warn(f"{result.stale}; showing the cached copy")
        if out.format == "table" and out.output is None:
            output.print_paper(result.paper, endpoint=session.endpoint,
                               listing_day=result.listing_day)
        elif out.format == "json" and out.output is None:
            output.emit_json(result.paper.to_dict(session.endpoint))
        else:
            output.emit_papers(
                [result.paper], fmt=out.format, title=result.paper.title,
                endpoint=session.endpoint, output_path=out.output, force=out.force,
                abstract=out.abstract, **out.doc(),
            )
