"""new: what's new since you last looked (the rule itself lives in `papercli.new`)."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from papercli.cli._common import (
    LISTING,
    FetchOptions,
    FilterOptions,
    OutputOptions,
    command,
    emit,
    open_session,
    say,
)
from papercli.cli.completion import watch_names
from papercli.cli.options import WATCH

if TYPE_CHECKING:
    from papercli.new import NewItem, NewResult
    from papercli.pipeline import Shown

app = typer.Typer()


@command(
    app, "new", *LISTING,
    example="papers new\npapers new --peek --all\npapers new --watch llava\n"
    "papers new --format md -o ~/notes/$(date +%F).md",
)
def new(
    *,
    all_: Annotated[bool, typer.Option(
        "--all", help="Every new paper, not only those matching a watch.")] = False,
    watch: Annotated[str | None, typer.Option(
        *WATCH.flags, metavar=WATCH.metavar, autocompletion=watch_names,
        help="Only the new papers this watch matches (even those another watch comes "
             "first for); the other watches' stay new for the next run.")] = None,
    peek: Annotated[bool, typer.Option(
        "--peek", help="Show without marking anything as seen.")] = False,
    withdrawn: Annotated[bool, typer.Option(
        "--withdrawn", help="Also show papers withdrawn from arXiv (left out by default).")
    ] = False,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """What's new since you last looked: papers matching your watches, once each.

    Reads the daily listings from the last check to today (the last `new.first_days`
    days, 14 by default, on first use), keeps the papers matching a watch (or all,
    with --all) that `papers new` has not shown before, grouped by watch, newest day
    first, then marks them as seen. A watch added (or redefined) since the last check
    is looked for that far back too, once. A paper matching several watches is shown
    once, under the first in the config file; JSON lists all of them in "watches".

    With followed arXiv categories (`sources.arxiv`) it also reads their latest
    announcement (cached like `papers arxiv`) and shows the papers in it that no watch
    claims under "arXiv CATEGORY"; JSON then says where each was found in "found_in"
    (hf or arxiv). Announcements missed since the last run (a day skipped) are caught
    up from arXiv's API, a week back at most. With followed categories and no watch
    (nor --all), arXiv is the only source read.

    With --watch NAME, only that watch's new papers are shown and marked as seen; the
    next `papers new` reads the same days again for the other watches.
    """
    from papercli import new as news  # lazy: only when the command runs
    from papercli import views  # lazy: likewise

    out.refuse_unused(out.format)  # a usage error before the network: --md-tags -f csv
    view = views.New(filters=filters, sort=out.sort, limit=out.limit, table=out.table,
                     show_all=all_,
                     withdrawn=withdrawn, hidden=out.hidden, watch=watch)
    with open_session(net) as session:
        got = views.gather(session, view)
        result = got.new
        assert result is not None  # a New view always has one
        say([*got.warnings, *_unfollowed(result, list(session.config.get("sources.arxiv")
                                                     or []))], got.notes)
        groups = news.take(result, got.limit)
        shown = [item for _, items in groups for item in items]
        if shown or out.format != "table" or out.output is not None:
            emit(_sections(result, groups, out.format), out.own_order(), session)
        # Nothing new, as a table on stdout: nothing there; the note on stderr says it
        # once (as `gh pr list` does with nothing to list).
        if not peek:
            with session.userdb() as udb:
                news.record_new(udb, result, shown)
    said = views.new_notes(result, len(shown), peek)
    if not result.items and result.watches and not all_:
        # "nothing new" alone left the next step unsaid: the watches matched none of the
        # new papers, and --all lists them (one line still: it is said once).
        said = said._replace(count_line=_nothing_for_watches(result))
    say(notes=said.lines)


def _unfollowed(result: "NewResult", followed: list[str]) -> list[str]:
    """A warning for each watch (of those read) that found nothing and looks for arXiv
    categories `papers new` does not read (not in `sources.arxiv`; the Hub's papers carry
    none), as `watch add` warns of it: written by hand, or its category unfollowed since,
    it said "nothing new for the watch cl" run after run, and never why."""
    from papercli.cli._common import _first_fitting
    from papercli.terminal import fit
    from papercli.watches import arxiv_unread

    found = {name for item in result.items for name in item.watches}
    said = []
    for watch in result.watches:
        if result.only not in (None, watch.name) or watch.name in found:
            continue
        ways = arxiv_unread(watch, followed)
        if ways:
            # (the setting said, not the whole command, where that leaves room for the
            # watch's name; a long name cut, then not said: the categories name it too)
            short = ways[-1][0]
            them = "it" if " is " in short else "them" if " are " in short else "one"
            setting = f"add {them} to sources.arxiv"
            cut = fit(watch.name, 16)
            named = [*((f"watch {watch.name}: {m}", h) for m, h in ways),
                     (f"watch {watch.name}: {short}", setting),
                     (f"watch {cut}: {short}", setting), ways[-1],
                     (f"watch {cut}: categories not followed", setting),
                     (f"watch {cut}: categories not followed", None)]
            message, hint = _first_fitting(*named)
            said.append(f"{message} — {hint}" if hint else message)
    return said


def _nothing_for_watches(result: "NewResult") -> str:
    """What `papers new` says when its watches matched nothing new: for how many, which
    days (those read, when the Hub's or the library's missed some), and how many new
    papers they leave out that --all shows, if any (within 80 columns); on a weekend that
    listed nothing, that (`views.nothing_listed`), and on a weekday too: --all has
    nothing more there."""
    from papercli.errors import NOTE_ROOM, fitting
    from papercli.sanitize import clean_line
    from papercli.views import nothing_listed, on_days, read_spans
    from papercli.words import plural

    if weekend := nothing_listed(result):
        return weekend
    read = read_spans(result)
    first = result.first_day
    # (each day read: said from its first when the span makes it too long; "since" spoke
    # for days never read when some were not)
    spans = [on_days(first, result.end), f"since {first}"] if read is None else read
    if result.only is not None:  # (--all cannot go with --watch: not suggested)
        if not spans:
            return "nothing new for that watch: no daily listing could be read"
        return fitting(*(f"nothing new for the watch {clean_line(result.only, 200)} {span}"
                         for span in spans[:1 if read is None else None]),
                       *(f"nothing new for that watch {span}"
                         for span in spans[:1 if read is None else None]), room=NOTE_ROOM)
    # (12 watches and a window of days: 94 columns; said from its first day, then shorter)
    n = len(result.watches)
    yours = f"nothing new for your {plural(n, 'watch', 'watches')}"
    if not spans:
        return f"{yours}: no daily listing could be read"
    # --all suggested only when it has papers to show, and how many: it sent a user to a
    # run that said nothing more (the day's papers all seen, or none listed yet, the
    # morning before the Hub's day begins).
    tails: tuple[str, ...] = ("",)
    if result.others:
        tails = (f" (--all: {plural(result.others, 'other new paper')})",
                 f" (--all: {result.others:,} more)", " (--all: every new paper)")
    elif not result.listed and not result.categories:
        days = result.days_read
        tails = (f": nothing listed{' yet' if days and days[-1] == result.end else ''}",)
    fewer = f"nothing new for {plural(n, 'watch', 'watches')}"
    return fitting(*(f"{who} {span}{tail}" for tail in tails
                     for who, span in [*((yours, span) for span in spans),
                                       (fewer, spans[-1])]), room=NOTE_ROOM)


def _sections(result: "NewResult", groups: list[tuple[str, list["NewItem"]]],
              fmt: str) -> "Shown":
    """The groups as the output owner's sections: a table per watch ("N papers · span",
    "5 of 66 papers · span" when the limit cut the group, as any listing says it),
    a document section per watch (md, html; the others are one flat document); JSON
    gets each paper's "watches" and "listing_day" as data."""
    from papercli.new import OTHER  # lazy: only when the command runs
    from papercli.pipeline import Shown  # lazy: likewise
    from papercli.views import span_text  # lazy: likewise
    from papercli.words import count  # lazy: likewise

    span = span_text(result.first_day, result.end)

    def span_of(name: str) -> str:
        """A group's days: a new watch's look-back, else the window's."""
        return span_text(result.looked_back.get(name, result.start), result.end)

    described = {w.name: w.describe() for w in result.watches}

    def label(name: str) -> str:
        if name == OTHER:
            return "other papers" if result.watches else "all papers"
        if name in result.sources:
            return name  # "arXiv cs.CL": the followed category's announcement
        return f"{name} ({described[name]})"

    items = [item for _, group in groups for item in group]
    extras = {i.paper.id: {**result.extras.get(i.paper.id, {}), "watches": list(i.watches),
                           "listing_day": i.day} for i in items}
    if result.categories:  # arXiv followed: say where each paper was found (hf or arxiv)
        for i in items:
            extras[i.paper.id]["found_in"] = i.source
    names = [label(name) if name == OTHER else name for name, _ in groups]
    found = {name: len(group) for name, group in result.groups}  # before the limit
    sections: list[tuple[Any, ...]]
    if fmt == "table":
        title = f"New papers · {span} · nothing new"
        sections = [(_heading(name, None if name == OTHER or name in result.sources
                              else described[name], label(name)),
                     f"{count(len(group), found[name])} · {span_of(name)}",
                     [i.paper for i in group]) for name, group in groups]
    else:
        # Documents count their papers themselves ("2 of 66 papers", from `found`): the
        # section title carries the span only.
        title = f"New papers · {span}" + (f" · {', '.join(names)}" if names else "")
        sections = [(f"New · {label(name)} · {span_of(name)}", None, [i.paper for i in group],
                     found[name]) for name, group in groups]
    return Shown(title, [i.paper for i in items], None, extras, sections,
                 ranked=any("score" in e for e in result.extras.values()),
                 options={"subtitle": span, "watches": tuple(names)})


# Cells a watch's criteria keep in its table's heading beside its name: fewer, and the
# heading is the name alone.
_HEADING_CRITERIA = 12


def _heading(name: str, criteria: str | None, label: str) -> str:
    """A watch's table heading, "New · NAME (CRITERIA)", within the terminal's width: the
    criteria cut between words inside their parentheses, else left out, the name whole
    (cut only where it alone is too wide). The criteria are joined by " · " as a title's
    parts are, and the title's own fitting cut the name and kept the last criteria, an
    opening parenthesis lost ("New · multimodal reasoning… · ≥1 upvotes · excluding
    survey)"). Piped, or not a watch's group (`label` then): as it is."""
    import sys

    from papercli.terminal import cell_width, fit, fit_words, width

    room = width(sys.stdout)
    whole = f"New · {label}"
    if criteria is None or room is None or cell_width(whole) <= room:
        return whole
    left = room - cell_width(f"New · {name} ()")
    if left >= _HEADING_CRITERIA:
        return f"New · {name} ({fit_words(criteria, left)})"
    return fit(f"New · {name}", room)
