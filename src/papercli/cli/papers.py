"""show: papers in full."""

from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli._common import (
    FETCH,
    FetchOptions,
    OutputOptions,
    command,
    open_session,
)
from papercli.cli.completion import paper_ids
from papercli.cli.options import DOCUMENT

if TYPE_CHECKING:
    from papercli.models import Paper
    from papercli.session import Session

app = typer.Typer()


@command(
    app, "show", DOCUMENT, FETCH,
    example="papers show 2401.01055\npapers show https://arxiv.org/abs/2401.01055v2 --json\n"
    "papers show arxiv:2401.01055 --format bibtex >> refs.bib\n"
    "papers show 2401.01055 2404.14047 --format md -o two.md",
)
def show(
    ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="arXiv ids (2401.01055, 2401.01055v2, arxiv:…) or HF/arXiv URLs.",
        autocompletion=paper_ids)],
    *,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Papers in full: links, AI summary, abstract.

    Shows authors, arXiv and Daily Papers dates, upvotes, comments, HF/arXiv/PDF/code/
    project links, the AI summary and keywords, and the whole abstract. Several ids show
    one panel each (JSON: a list); an id found neither in the library nor on the Hub is
    an error naming it, and nothing is shown.
    """
    from papercli import library, output, reading, terminal
    from papercli.errors import NotFoundError

    wanted = reading.parse_ids(ids)
    with open_session(net) as session:
        results = []
        unknown: list[NotFoundError] = []
        for pid in wanted:
            try:
                results.append(library.get_paper(session, pid))
            except NotFoundError as exc:
                unknown.append(exc)
        reading.raise_unknown(unknown, [p for p in wanted
                                        if p not in {r.paper.id for r in results}])
        for result in results:
            if result.stale:
                output.warn(f"{result.stale}; showing the cached copy")
        papers = [r.paper for r in results]
        if out.format == "table" and out.output is None:
            whys = _reasons(session, papers)
            with terminal.collected(pager=out.pager):
                for result in results:
                    output.print_paper(result.paper, endpoint=session.endpoint,
                                       listing_day=result.listing_day, pager=out.pager,
                                       why=whys.get(result.paper.id))
        elif out.format == "json" and out.output is None and len(papers) == 1:
            output.emit_json(papers[0].to_dict(session.endpoint))  # one id: one object
        else:
            title = papers[0].title if len(papers) == 1 else f"{len(papers)} papers"
            output.emit_papers(
                papers, fmt=out.format, title=title,
                endpoint=session.endpoint, output_path=out.output, force=out.force,
                abstract=out.abstract, **out.doc(),
            )


def _reasons(session: "Session", papers: "list[Paper]") -> dict[str, str]:
    """Why each paper would rank where it does for this user (the `for-you` model's
    one line); nothing until there is a model, and never a failure of `show`."""
    from papercli import views  # lazy: the model only for a table
    from papercli.errors import PapersError  # lazy: likewise

    try:
        taste = views.load_taste(session, refit=False)  # never waits for a refit
        if not taste.ready:
            return {}
        return {p.id: taste.explain(p).line() for p in papers}
    except (PapersError, OSError):
        return {}
