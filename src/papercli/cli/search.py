"""search and families: finding papers about your models and topics."""

import shlex
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papercli.cli._common import (
    COUNT,
    FETCH,
    FILTERS,
    OUTPUT,
    FetchOptions,
    FilterOptions,
    JsonFlag,
    NoPager,
    OfflineAlready,
    OutputOptions,
    command,
    emit,
    ids_with_stdin,
    missing_error,
    open_session,
    say,
)
from papercli.cli.completion import family_names, org_names
from papercli.cli.options import limit_help
from papercli.errors import failed_then
from papercli.sanitize import quoted
from papercli.words import empty_library

if TYPE_CHECKING:
    from papercli.session import Session

app = typer.Typer()


def _qualifiers_help() -> str:
    """The search qualifiers as the filter table names them (`criteria.by_qualifier`), in
    the options' order: `org:NAME`, `author:NAME (au:)`, `is:starred`."""
    from papercli.criteria import by_qualifier

    groups: dict[str, list[str]] = {}
    for name, c in by_qualifier().items():  # (a count as GitHub's: `stars:>=N`)
        groups.setdefault(c.key, []).append(
            name if ":" in name else f"{name}:{'>=' if c.kind == 'count' else ''}{c.metavar}")
    return ", ".join(first + (f" ({', '.join(o.partition(':')[0] + ':' for o in others)})"
                              if others else "")
                     for first, *others in groups.values())


# The listings' --hidden, declared once in options; here it says what it counts.
_HIDDEN = next(o for o in OUTPUT.opts if o.dest == "hidden")
CountHidden = Annotated[bool, typer.Option(
    *_HIDDEN.flags, help="Count the papers you hid (papers hide) too, as search --hidden "
    "lists them.")]


@command(
    app, "search", FILTERS, OUTPUT.with_help(limit=limit_help("search")), FETCH,
    example='papers search llava\n'
    "papers search '\"visual instruction\"' 'llava*' --since 2024-01-01\n"
    'papers search "llava -mini"\n'
    'papers search "org:google is:starred diffusion"\n'
    "papers search --family LLaVA --since 2024-03-01 -n 0 --format md -o llava.md",
)
def search(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[QUERY]...",
        help='Words (all must match), "a phrase", a prefix*, or -word to leave out (quote '
        'the query: "llava -mini"), or paper ids (- reads them from standard input: '
        "papers starred -q | papers search -). A qualifier filters as its option does "
        '(papers search "org:google diffusion"; author:"Jun Li"): '
        + _qualifiers_help() + ". Only the words are sent to the Hub. Without QUERY "
        "(or with qualifiers alone), browse the library through the filters.",
        callback=ids_with_stdin)] = None,
    *,
    filters: FilterOptions,
    out: OutputOptions,
    net: FetchOptions,
) -> None:
    """Search the Hub and your library together, or browse the library.

    Hub results and local full-text hits (bm25 over title, abstract, AI keywords and
    authors) are merged into one ranked list (its order is "trending" here); --sort
    reorders every hit before --limit cuts. Without QUERY no network is used.
    """
    from papercli import views  # lazy: only when the command runs

    out.refuse_unused(out.format)  # a usage error before the network: --md-tags -f csv
    query = " ".join(words or []).strip()
    view: views.View = (views.Search(query=query, filters=filters, sort=out.sort,
                                     limit=out.limit, table=out.table, hidden=out.hidden)
                        if query
                        else views.Library(filters=filters, sort=out.sort, limit=out.limit,
                                           table=out.table, hidden=out.hidden))
    with open_session(net) as session:
        got = views.gather(session, view)
        if session.store().max_rowid() == 0 and not any(
                "library is empty" in n for n in got.told()):  # (not a bare "No papers.")
            from papercli.search import empty_note, ids_in

            if not query or ids_in(query) is None:  # (ids missing are named already)
                if got.none:  # why there is nothing, said last (a --tag's reason before)
                    got.notes.extend([got.empty] if got.empty else [])
                    got.empty = empty_note(hub_asked=False)
                elif not isinstance(got.view, views.Library):  # (what the library view
                    # lists of an empty library is kept copies of your papers, which "nothing
                    # is found yet" denied; its caption says where they are from)
                    got.notes.append(empty_note(hub_asked=False))
        say(got.warnings, got.notes)
        # Ids named that could not be had fail the search (exit 1) after the papers it
        # had; with none, nothing is written (no `[]`, no file): a search of words that
        # finds nothing is no failure.
        missing = got.missing
        if missing and not got.papers:
            raise missing_error(missing, none=True, output=out.output, done="listed")
        emit(views.hinted(views.shown(session, got), out.limit), out.own_order(), session)
    if missing:
        raise missing_error(missing, none=False, output=out.output, done="listed")


@command(app, "families",
         example="papers families\npapers families -n 5\npapers families qwen2\n"
         "papers families --json\npapers families --hidden")
def families(
    name: Annotated[str | None, typer.Argument(
        metavar="[NAME]", autocompletion=family_names,
        help="Only this family: its name or an alias, any case (qwen2 is Qwen).")] = None,
    *,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", metavar="N", click_type=COUNT,
        help="Show the N families with the most papers, most first (0: all, the default, "
        "in the families' own order).")] = None,
    hidden: CountHidden = False,
    as_json: JsonFlag = False,
    no_pager: NoPager = False,
    offline: OfflineAlready = False,  # (the library alone, always)
) -> None:
    """Model families, their aliases, and how many papers name each.

    Built-in families plus those defined under [families.NAME] in the config file. A
    count is of the papers `papers search --family NAME` lists: the papers you hid are
    left out unless --hidden.
    """
    from papercli import library, output, views

    _refuse_blank("NAME", name)
    with open_session(offline=True) as session:
        # The papers you hid, read as a listing reads them: a user database that cannot
        # be read hides nothing, and says so, as `search` does.
        leaving_out, unreadable = (set(), None) if hidden else views.hidden_ids(session)
        every = library.family_rows(session, leaving_out)
        if name is not None:
            every = [row for row in every if row["name"] == _family(session, name)]
        empty = session.store().max_rowid() == 0
    if unreadable is not None:
        output.warn(failed_then(unreadable, "hidden papers are counted"))
    if empty:  # a table of zeros read as if no paper named them: said once, as a listing
        output.note(empty_library("no family has papers yet"))
        if as_json:  # the document asked for, as a listing's `[]`
            output.emit_json([])
        return
    rows = (sorted(every, key=lambda r: -int(r["papers"]))[:limit] if limit else every)
    if name is not None and not as_json:  # the one family asked for: how to list its papers
        output.print_families(rows, pager=not no_pager)
        _listed_by(f"--family {shlex.quote(rows[0]['name'])}", hidden)
        return
    if as_json:
        output.emit_json(rows)
    else:
        cut = ([f"{len(rows)} of {len(every)} families (-n 0: all)"]
               if len(rows) < len(every) else [])
        output.print_families(rows, pager=not no_pager, after=cut)


def _family(session: "Session", name: str) -> str:
    """The family a name or alias typed names; a usage error naming the closest one
    when none does, as --family says it."""
    from papercli.families import UnknownFamily

    try:
        return session.matcher.resolve(name)
    except UnknownFamily as exc:
        raise exc.usage() from None


@command(app, "orgs",
         example="papers orgs\npapers orgs -n 10\npapers orgs bytedance\npapers orgs --json\n"
         "papers orgs --hidden")
def orgs(
    text: Annotated[str | None, typer.Argument(
        metavar="[TEXT]", autocompletion=org_names,
        help="Only organizations whose Hub name or display name holds TEXT (any case: "
        "bytedance finds ByteDance-Seed too).")] = None,
    *,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", metavar="N", click_type=COUNT,
        help="Show the N organizations with the most papers (0: all, the default).")] = None,
    hidden: CountHidden = False,
    as_json: JsonFlag = False,
    no_pager: NoPager = False,
    offline: OfflineAlready = False,  # (the library alone, always)
) -> None:
    """Organizations in the library and how many papers each has (no network).

    The Hub names the organization behind a paper since 2025-10; filter by it with
    --org NAME (its Hub name or display name) on any listing, search or export. A count
    is of the papers `papers search --org NAME` lists: the papers you hid are left out
    unless --hidden.
    """
    from papercli import library, output, views

    _refuse_blank("TEXT", text)
    with open_session(offline=True) as session:
        # The papers you hid, read as a listing reads them (as `families` does).
        leaving_out, unreadable = (set(), None) if hidden else views.hidden_ids(session)
        every = library.org_counts(session, text, leaving_out)
        empty = not every and session.store().max_rowid() == 0
        known = hid = 0
        if text is not None and not every:
            known = len(library.org_counts(session, leaving_out=leaving_out))
            # (an organization all of whose papers you hid is not counted, so not found)
            hid = (sum(r["papers"] for r in library.org_counts(session, text))
                   if leaving_out else 0)
    if unreadable is not None:
        output.warn(failed_then(unreadable, "hidden papers are counted"))
    if text is not None and not every and known and not hid:
        raise _no_org(text, known)  # as `families NAME` answers a name it does not know
    rows = every[:limit] if limit else every
    if not rows and text is not None and hid:  # there, but hidden: said as a listing says it
        output.note(f"the one paper from {quoted(text)} is hidden (--hidden counts it)"
                    if hid == 1 else
                    f"all {hid:,} papers from {quoted(text)} are hidden (--hidden counts them)")
    elif not rows:  # nothing to list: said on stderr, stdout left empty (`| wc -l` is 0)
        # (a library of papers none of which names one: they predate the Hub's naming)
        output.note(empty_library("no organization is named") if empty else
                    "no organizations in the library yet (the Hub names them since 2025-10)")
    if as_json:
        output.emit_json(rows)
        return
    if not rows:
        return
    cut = ([f"{len(rows)} of {len(every)} organizations (-n 0: all)"]
           if len(rows) < len(every) else [])
    output.print_orgs(rows, pager=not no_pager, after=cut)
    if len(rows) == 1 and text is not None:  # the one asked for: how to list its papers
        _listed_by(f"--org {shlex.quote(rows[0]['name'] or rows[0]['fullname'])}", hidden)
    elif text is not None and len(rows) == len(every) and _one_name(rows):
        # One organization under several Hub names (Peking University as PekingUniversity,
        # PKU and PKU1898): its display name lists the papers of them all.
        _listed_by(f"--org {shlex.quote(rows[0]['fullname'])}", hidden)


def _one_name(rows: "list[dict[str, Any]]") -> bool:
    """Whether every organization listed has the one display name (as --org reads it)."""
    from papercli.criteria import fold

    return bool(rows[0]["fullname"]) and len({fold(r["fullname"] or "") for r in rows}) == 1


def _refuse_blank(metavar: str, value: str | None) -> None:
    """`papers orgs "$ORG"` with ORG unset listed all 785 organizations, and `' '` those
    whose name has a space; `families ''` called '' an unknown family: a blank NAME or
    TEXT is a usage error, as a blank `--org` or `--family` is."""
    from papercli.errors import UsageError

    if value is not None and not value.strip():
        shown = f" {quoted(value)}" if len(value) <= 8 else ""
        raise UsageError(f"{metavar}{shown} holds no name",
                         hint="give one, or leave it out to list all")


def _listed_by(option: str, hidden: bool) -> None:
    """The search that lists the one family or organization shown, said on stderr as
    every hint is (on stdout it was a line of the table piped on)."""
    from papercli import output

    output.note(f"to list its papers: papers search {option}{' --hidden' if hidden else ''}")


def _no_org(text: str, known: int) -> Exception:
    """The usage error (exit 2) of `orgs TEXT` when no organization's name holds TEXT,
    said as `families NAME` says a name it does not know, within 80 columns (a long
    TEXT cut shorter)."""
    from papercli.cli.failures import fitted
    from papercli.errors import UsageError

    hint = f"papers orgs lists all {known:,}" if known > 1 else "papers orgs lists the one"
    ways = [(f"unknown organization {quoted(text, cut)}", hint) for cut in (60, 30, 16, 8)]
    message, _ = fitted(ways, ways[-1])
    return UsageError(message, hint=hint)
