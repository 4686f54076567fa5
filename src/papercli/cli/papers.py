"""show: papers in full."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from papercli.cli._common import (
    FETCH,
    FetchOptions,
    OutputOptions,
    PaperIds,
    command,
    open_session,
)
from papercli.cli.options import DOCUMENT

if TYPE_CHECKING:
    from papercli.library import PaperResult
    from papercli.linked import Links
    from papercli.models import Paper
    from papercli.ranking import Scored
    from papercli.session import Session

app = typer.Typer()


@command(
    app, "show", DOCUMENT, FETCH,
    example="papers show 2401.01055\npapers show https://arxiv.org/abs/2401.01055v2 --json\n"
    "papers show arxiv:2401.01055 --format bibtex >> refs.bib\n"
    "papers show 2401.01055 2404.14047 --format md -o two.md\n"
    "papers show 2401.01055 --full\npapers show 2401.01055 --full -o paper.md\n"
    "papers starred -q | papers show - --format md -o starred.md",
)
def show(
    ids: PaperIds,
    *,
    full: Annotated[bool, typer.Option(
        "--full", help="The paper's full text from the Hub, rendered (with --format md or "
        "-o FILE.md: the Markdown as served). Kept in the library: works --offline once "
        "fetched; --refresh fetches it again.")] = False,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Papers in full: links, linked models, AI summary, abstract.

    Shows authors, arXiv and Daily Papers dates, upvotes, comments, your marks (starred,
    read, hidden; JSON: starred_at, read_at, hidden), HF/arXiv/PDF/code/project links,
    the models, datasets and Spaces linked to it on the Hub (the top few of each, and
    the totals), the AI summary and keywords, and the whole abstract. Several
    ids show one panel each (JSON: a list); an id found neither in the library, on the
    Hub nor on arXiv is not shown (nor one the library lacks, offline or with the Hub out
    of reach): the others are, and the error names it (exit status 1). With --full, one
    paper's full text.
    """
    from papercli import reading
    from papercli.cli.reading import failed, give_up

    # The panels (table) show the whole abstract; --full, the full text as it is.
    if full:
        out.refuse_unused("full", "--full's full text")
    else:
        out.refuse_unused(out.format)
    wanted = reading.parse_ids(ids)
    if full:
        _show_full(wanted, out, net)
        return
    with open_session(net) as session:
        # The one policy of several ids (`marking`'s): those that can be had are shown,
        # and each kind of failure (found nowhere; offline or the Hub out of reach, not
        # in the library) named after them, exit 1; none had: the failure alone.
        found = reading.look_up(session, wanted, "shown", records=True)
        if not found.ids:
            give_up(found.failures)
        _show(session, found.results, out, several=len(wanted) > 1)
    failed(found.failures)


def _show(session: "Session", results: "list[PaperResult]", out: OutputOptions, *,
          several: bool) -> None:
    """The papers `show` could have, in the format asked (`several`: ids were given, so
    JSON is a list however many were had)."""
    from papercli import library, output, terminal, views

    skipped = 0
    stale: dict[str, int] = {}  # why -> how many papers: said once each
    for result in results:
        if result.stale:
            stale[result.stale] = stale.get(result.stale, 0) + 1
        skipped += result.skipped_links
    for why, count in stale.items():
        # (`papers starred -q | papers show -` with the Hub rate limiting: the same
        # line for each of 40 papers)
        output.warn(f"{why}; showing the cached copy" if count == 1 else
                    f"{why}; showing the cached copies of {count:,} papers")
    if skipped:
        output.warn(f"skipped {skipped} linked model, dataset or Space record"
                    f"{'' if skipped == 1 else 's'} the Hub sent in an unusable shape")
    papers = [r.paper for r in results]
    links = {p.id: library.linked(session, p.id) for p in papers}
    yours = _yours(session, [p.id for p in papers])
    # The For you line, or JSON's (and JSON Lines') "score" and "why" as `for-you
    # --explain` gives them: the score the line opens with, as the ranked table's Rel.
    scored: dict[str, Scored] = {}
    if out.format in ("table", "json", "jsonl"):
        scored = views.reasons(session, papers)
        for pid, one in scored.items() if out.format == "jsonl" else ():
            yours[pid] = {**yours.get(pid, {}), **_for_you_json(one)}
    if out.format == "table":  # the panels: on screen, or as plain text in -o FILE

        def panels(file: Any = None) -> None:
            for result in results:
                output.print_paper(result.paper, endpoint=session.endpoint,
                                   listing_day=result.listing_day, pager=out.pager,
                                   why=(views.for_you_line(one.why, wraps=True,
                                                           score=one.score)
                                        if (one := scored.get(result.paper.id)) else None),
                                   linked=links.get(result.paper.id), file=file,
                                   **_tags_and_note(yours.get(result.paper.id, {})))

        if out.output is None:
            with terminal.collected(pager=out.pager):
                panels()
        else:
            output.panels_to_file(out.output, panels, count=len(results),
                                  force=out.force)
    elif out.format == "json":  # to stdout or -o FILE, the same document
        from papercli.exporters.jsonfmt import clean
        from papercli.words import plural

        shown = [clean({**_with_links(p, links.get(p.id), session.endpoint),
                        **yours.get(p.id, {}),
                        **(_for_you_json(got) if (got := scored.get(p.id)) else {})})
                 for p in papers]
        output.emit_json(shown if several else shown[0],  # one id: one object
                         output_path=out.output, force=out.force,
                         what=plural(len(shown), "paper"))
    else:
        title = papers[0].title if len(papers) == 1 else f"{len(papers)} papers"
        output.emit_papers(
            papers, fmt=out.format, title=title,
            endpoint=session.endpoint, output_path=out.output, force=out.force,
            abstract=out.abstract, extras=yours or None, **out.doc(),
        )


def _for_you_json(scored: "Scored") -> dict[str, Any]:
    """A paper's "score" and "why" in JSON, as `for-you --explain --json` gives them."""
    return {"score": None if scored.score is None else round(scored.score, 4),
            "why": scored.why.to_dict() if scored.why else None}


def _with_links(paper: "Paper", links: "Links | None", endpoint: str) -> dict[str, Any]:
    """A paper's JSON with its linked artefacts (`linked.paper_json`)."""
    from papercli.linked import paper_json

    return paper_json(paper, links, endpoint)


def _show_full(wanted: list[str], out: OutputOptions, net: FetchOptions) -> None:
    """`show ID --full`: the full text rendered (a table's place), or the Markdown as the
    Hub served it (--format md, -o FILE.md), or JSON with it (`full_text`)."""
    from papercli import library, output
    from papercli.errors import UsageError

    if len(wanted) != 1:
        raise UsageError("--full shows one paper's full text at a time",
                         hint="give one id")
    # -o paper.txt chose "ids" by its name: say what to name it, not "not ids"
    if out.output is not None and out.format not in ("md", "json") and (
            output.format_for(out.output) in (None, out.format)):
        error = UsageError("--full -o needs a Markdown file", hint="name it FILE.md, or "
                           "add --format md")
        error.shorter = [(error.message, "name it FILE.md, or use -f md")]  # (84 columns)
        raise error
    if out.format not in ("table", "md", "json"):
        raise UsageError(f"--full writes Markdown, not {out.format}",
                         hint="use --format md or --json")  # (88 columns with "no --format")
    pid = wanted[0]
    with open_session(net) as session:
        text = library.full_text(session, pid, stale=lambda why: output.warn(
            f"{why}; showing the cached copy"))
        if out.format == "json":
            from papercli.exporters.jsonfmt import clean

            # Cleaned as every JSON field is (a terminal escape or bidi override in the
            # text reached whoever read the document); --format md keeps the Hub's bytes.
            data = clean({"id": pid, "full_text": text})
            if out.output is None:
                output.emit_json(data)
                return
            import json

            body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        elif out.format == "md":
            if out.output is None:
                output.write_markdown(text)
                return
            body = text
        else:
            paper = session.store().get_paper(pid)
            from papercli.views import display_title

            output.print_full_text(text, title=display_title(paper) if paper else None,
                                   pager=out.pager)
            return
        from papercli.outfile import write_output

        write_output(out.output, body, force=out.force)
        output.wrote(f"the full text of {pid}", out.output)


def _yours(session: "Session", ids: "list[str]") -> "dict[str, dict[str, Any]]":
    """Your marks (starred, read, hidden), tags and notes on these papers; a user
    database that cannot be read is a warning."""
    from papercli import output, reading

    mine, warning = reading.yours_or_warning(session, ids, hidden=True)
    if warning:
        output.warn(warning)
    return mine


def _tags_and_note(fields: "dict[str, Any]") -> "dict[str, Any]":
    return {"tags": fields.get("tags") or (), "note": fields.get("note"),
            "marks": {k: fields[k] for k in ("starred_at", "read_at", "hidden") if k in fields}}
