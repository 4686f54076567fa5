"""for-you, related, hide, unhide: the command line of `papercli.ranking` (thin glue).

Both rankings go through the listing pipeline: the score decides the order before the
limit, the caption says "N of M", and the output owner shows the score (a relevance
column in the table, "score" in JSON)."""

from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli._common import (
    FETCH,
    FILTERS,
    FetchOptions,
    FilterOptions,
    Offline,
    OutputOptions,
    PaperIds,
    command,
    emit,
    ids_with_stdin,
    open_session,
    say,
)
from papercli.cli.completion import id_list, paper_ids, watch_names
from papercli.cli.options import RANKED, WATCH, limit_help

if TYPE_CHECKING:
    from papercli.session import Session
    from papercli.views import Gathered

app = typer.Typer()


Explain = Annotated[bool, typer.Option(
    "--explain", help="Say why each paper ranks where it does: the terms that weigh most "
    "for and against it, the starred, read or tagged paper it is closest to, and the "
    "hidden papers it is like.")]
Watch = Annotated[str | None, typer.Option(
    *WATCH.flags, metavar=WATCH.metavar, autocompletion=watch_names, help="Rank by the "
    "starred, read and tagged papers this watch matches only, and its words (one taste "
    "per interest).")]
Like = Annotated[list[str] | None, typer.Option(
    "--like", metavar="ID", autocompletion=id_list, help="Rank by these papers instead of "
    "your stars (repeat it, or join ids with commas: --like ID,ID; - reads them from "
    "standard input); "
    "nothing is starred. An id the library lacks is warned of and left out (papers show "
    "ID fetches it), and none in it is an error. Not with --watch or --tag, which "
    "choose the papers too.",
    callback=ids_with_stdin)]


# --since/--until here choose the days whose papers are ranked (what Daily Papers listed
# then, and arXiv's by their arXiv date), not a filter on the arXiv date alone.
# --tag here chooses the papers the taste is learned from: the shared "Only papers you
# tagged TAG" said the opposite of what it does.
FOR_YOU_FILTERS = FILTERS.with_help(
    since="Rank the papers listed on DATE or later (YYYY-MM-DD; a month YYYY-MM or aug 2026, "
          "a year YYYY or an ISO week YYYY-Www from its first day; yesterday, last week; "
          "or back from today: 7d, 2w, 3mo, 1y), and arXiv's with an arXiv date since "
          "then (default: the last 7 days).",
    until="The last day whose papers are ranked, inclusive (a month, year or week: its "
          "last day; default: today).",
    tag="Rank by the papers you tagged TAG or a tag under it, instead of your stars "
         "(repeatable: those carrying all of them); it does not narrow the list.")


@command(
    app, "for-you", FOR_YOU_FILTERS, RANKED.with_help(limit=limit_help("for-you")),
    example="papers for-you\npapers for-you --since 2024-06-01 --family LLaVA -n 10\n"
    "papers for-you --explain\npapers for-you --watch llava\npapers for-you --tag robotics\n"
    "papers for-you --like 2401.01055 --like 2404.14047\n"
    "papers for-you --format md -o ~/notes/for-you.md",
)
def for_you(*, explain: Explain = False, watch: Watch = None, like: Like = None,
            filters: FilterOptions, out: OutputOptions) -> None:
    """The papers in your library you are most likely to want, best first (no network).

    Ranks the papers of the last 7 days (--since/--until choose the days): those Daily
    Papers listed, and those arXiv gave by their arXiv date (the announcements of the
    categories you follow, `papers arxiv --since`, an imported snapshot; --source hf
    leaves them out), by a model of your taste learned from your stars, read marks, tags,
    watches and hidden papers, and shows the top 20 (-n 0: all). Papers you starred,
    read, tagged or hid are left out. With fewer than 3 starred, read or tagged papers and
    watches together (a watch counts as one here, its words as half a paper in the taste)
    it says so and shows the most upvoted first. --watch NAME ranks by the stars, read marks
    and tags that watch matches only (too few: the papers it matches, most upvoted first);
    --tag TAG ranks by the papers carrying that tag
    (here it chooses the taste, it does not narrow the list); --like ID ranks by the
    papers given instead of your stars (one the library lacks is warned of and left out;
    with --watch or --tag: a usage error, as each chooses the papers ranked by; the
    filters narrow what is ranked).
    """
    from papercli import reading, views  # lazy: only when the command runs

    out.refuse_unused(out.format)  # a usage error as anywhere: --md-tags -f csv
    liked = tuple(reading.parse_ids(_split_ids(like))) if like else ()
    view = views.ForYou(filters=filters, limit=out.limit, table=out.table, explain=explain,
                        hidden=out.hidden,
                        watch=watch, like=liked)
    with open_session(offline=True) as session:
        _emit(session, views.gather(session, view), out, explain)


@command(
    app, "related", FILTERS, RANKED.with_help(limit=limit_help("related")), FETCH,
    example="papers related 2401.01055\npapers related 2401.01055 --since 2024-06-01 -n 5\n"
    "papers related 2401.01055 2404.14047\npapers related 2401.01055 --explain --json\n"
    "papers starred -q | papers related - -n 10",
)
def related(
    paper_ids_: Annotated[list[str], typer.Argument(
        metavar="ID...", help="arXiv ids (2401.01055, arxiv:…) or HF/arXiv URLs (- reads "
        "them from standard input): the papers most like all of them together (the first "
        "100 at most).",
        autocompletion=paper_ids, callback=ids_with_stdin)],
    *,
    explain: Explain = False,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """The library's papers most like one paper (or several together), best first.

    A paper may be in the library or not (then it is fetched once, like `papers show`).
    Of several, one found nowhere (or, offline or with the Hub out of reach, not in the
    library) is warned of and the others are ranked by; none found is an error.
    Similarity is over the words and word pairs of titles, abstracts and AI keywords,
    what every paper says counting for nothing; papers you hid are left out.
    """
    from papercli import reading, views  # lazy: only when the command runs

    out.refuse_unused(out.format)  # before the paper is fetched
    # The view ranks by the first ranking.RELATED_SEEDS of them, and says so.
    pids = tuple(dict.fromkeys(reading.parse_ids(paper_ids_)))
    view = views.Related(paper_id=pids[0], paper_ids=pids, filters=filters, limit=out.limit,
                         table=out.table,
                         explain=explain, hidden=out.hidden)
    with open_session(net) as session:
        _emit(session, views.gather(session, view), out, explain)


def _emit(session: "Session", got: "Gathered", out: OutputOptions, explain: bool) -> None:
    """Ranked papers through the pipeline (already in score order: the source's order):
    JSON adds "score" (and "why"), the table a relevance column; with --explain the
    table is followed by the reasons, and documents stay clean (reasons on stderr, but
    for JSON and JSON Lines, whose "why" they are)."""
    import sys

    from papercli import output, terminal, views  # lazy: only when the command runs

    say(got.warnings)
    for message in got.notes:  # folded between clauses at the terminal's width, or piped
        output.note(message, clauses="; ")  # in notes of whole clauses, 80 columns each
    shown = views.hinted(views.shown(session, got), out.limit)  # 20 of 110: how to see all
    kept = {p.id for p in shown.papers}
    # On a terminal each reason fits its width (the least useful parts dropped first):
    # stdout's after a table, else stderr's, where each line is a note ("papers: ...").
    after_table = out.format == "table" and out.output is None
    width = terminal.width(sys.stdout if after_table else sys.stderr)
    if width is not None and not after_table:
        width -= len(f"{output.PROG}: ")
    lines = []
    carried = out.format in ("json", "jsonl")  # "why" in the document: said once
    for n, s in enumerate((s for s in got.scored if s.paper.id in kept), 1):
        if explain and s.why is not None and not carried:
            # a paper you hid (--hidden) says so in its own line, as the table's × and
            # JSON's "hidden" do: its reasons read as any other's
            hidden = (shown.extras.get(s.paper.id) or {}).get("hidden") is True
            head = f"{n}. {s.paper.id}{' (hidden)' if hidden else ''}: "
            lines.append(head + views.for_you_line(
                s.why, None if width is None else max(20, width - len(head)), lead="for: "))
    if after_table:
        with terminal.collected(pager=out.pager):  # the table and its reasons, paged as one
            emit(shown, out.own_order(), session)
            if lines:  # wrapped at the terminal's width, between words
                output.print_reasons(lines, pager=out.pager)
        return
    if out.output is not None:  # "wrote FILE" last, after the reasons: what was done
        for line in lines:
            output.note(line)
    emit(shown, out.own_order(), session)
    for line in lines if out.output is None else ():
        output.note(line)


def _split_ids(values: list[str]) -> list[str]:
    """--like takes ids one per option or several in one, separated by commas or spaces.
    A value holding none (`--like "$ID"` with ID unset) stays, to be refused as an id: it
    must not leave the ranking to your stars without a word."""
    return [part for value in values for part in (value.replace(",", " ").split() or [value])]


@command(app, "hide", example="papers hide 2401.01055\npapers hide 2401.01055 2404.14047\n"
         "papers search survey -n 10 -q | papers hide -")
def hide(ids: PaperIds, *, offline: Offline = False) -> None:
    """Never show these papers again, and rank papers like them lower.

    A hidden paper leaves every listing (today, search, starred, new, export, for-you,
    related, the browser); --hidden shows it there again, marked. It is a strong negative
    for for-you from the next ranking on (`for-you --explain` says "lower: like N hidden
    papers"). `papers unhide` takes it back. Stars and read marks are kept. An id that
    is neither in the library, on the Hub nor on arXiv is not hidden (the others are,
    and the error names it: exit status 1); the Hub is asked only about ids the library
    does not have, arXiv only about those the Hub has no page for, neither about a
    paper already hidden.
    """
    from papercli import output, reading
    from papercli.cli.reading import failed, marking, tallied

    wanted = reading.parse_ids(ids)
    with open_session(offline=offline) as session, session.userdb() as udb:
        found = marking(session, wanted, "hidden", already=udb.hidden())
        wanted = found.ids
        added = udb.hide(wanted)
        stars = udb.star_ids()
        starred = [pid for pid in added if pid in stars]
    one = len(starred) == 1
    hid = set(added)
    which = f"{starred[0] if one else len(starred)} {'is' if one else 'are'} starred"
    # (said as `star` says a hidden one: in parentheses, one id made it 83 columns wide;
    # its id named before, or counted: "already hidden" kept over the id, as `star` keeps
    # "already starred")
    tails = ([f"; {which}: papers starred --hidden lists {'it' if one else 'them'}",
              f"; {which} (papers starred --hidden)",
              *(["; it is starred (papers starred --hidden)"] if one else [])]
             if starred else [""])
    output.note(tallied("hid", len(added), [p for p in wanted if p not in hid],
                        "already hidden", tails))
    failed(found.failures)


@command(app, "unhide", example="papers unhide 2401.01055\n"
         "papers search survey --hidden -n 0 -q | papers unhide -")
def unhide(ids: PaperIds) -> None:
    """Show hidden papers again."""
    from papercli.cli.reading import unmark
    from papercli.db.userdb import UserDB

    unmark(ids, UserDB.unhide, was="hidden", did="unhid")
