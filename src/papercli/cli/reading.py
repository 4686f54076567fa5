"""star, unstar, starred, read, open: your reading list (the rules live in
`papercli.reading`)."""

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli._common import (
    FILTERS,
    OUTPUT,
    FilterOptions,
    Offline,
    OutputOptions,
    PaperIds,
    command,
    emit,
    open_session,
    say,
)

if TYPE_CHECKING:
    import webbrowser

    from papercli.db.userdb import UserDB
    from papercli.errors import PapersError
    from papercli.reading import Checked
    from papercli.session import Session

app = typer.Typer()

Ids = PaperIds


@command(app, "star", example="papers star 2401.01055\npapers star 2401.01055 2404.14047\n"
         "papers search llava -n 5 -q | papers star -")
def star(ids: Ids, *, offline: Offline = False) -> None:
    """Add papers to your reading list (kept when the cache is cleared).

    The paper's full record is fetched once (or taken from the library) and kept with
    the star, so `papers starred` works offline and after `papers cache clear`. A paper
    whose record cannot be had (unknown, or not in the library with --offline or the
    Hub out of reach) is not starred: the others are, and the error names it (exit
    status 1).
    """
    from papercli import output, reading

    wanted = reading.parse_ids(ids)
    with open_session(offline=offline) as session, session.userdb() as udb:
        result = reading.star(session, udb, wanted, partly=True)
        if not (result.added or result.refreshed):
            give_up(result.failures)
    tails = [""]
    if hidden := result.hidden:  # as `hide` says of a starred paper: else it seems lost
        one = len(hidden) == 1  # (several counted: ten named with both commands, 150 wide)
        which = f"{hidden[0] if one else len(hidden)} {'is' if one else 'are'} hidden"
        tails = [f"; {which}: papers unhide shows {'it' if one else 'them'} again",
                 f"; {which} (papers unhide)",
                 # (the one paper starred: its id named before, or counted, "already
                 # starred" kept over the id; of several, "it" named none of them:
                 # "starred 0 papers (2 already starred); it is hidden")
                 *(["; it is hidden (papers unhide)"]
                   if len(result.added) + len(result.refreshed) == 1 else []),
                 *([f"; {hidden[0]} hidden (papers unhide)"] if one else [])]
    # (a record copied again from its own star, `--offline`, was not "refreshed")
    fresh = len(result.refreshed) - len(result.unchanged)
    why = "already starred" + (
        "" if not fresh else ", record refreshed" if len(result.refreshed) == 1
        else ", records refreshed" if not result.unchanged else f", {fresh} refreshed")
    output.note(tallied("starred", len(result.added), result.refreshed, why, tails,
                        "already starred"))
    failed(result.failures)


def marking(session: "Session", ids: list[str], done: str,
            already: "Collection[str]" = ()) -> "Checked":
    """The one policy of the commands that mark papers (`tag`, `read`, `hide`; `star`
    through `reading.star`), as gh and git act: `reading.look_up` sorts the ids, the
    ones it could not check are warned of ("not in the library yet, tagged anyway") and
    acted on with the known ones, and those found nowhere are said after what was done
    (`failed`), exit 1; when none is left to act on, the failure alone is said. Those
    `already` marked are not looked up: they are said as already so, as the command's
    no-op (a paper hidden offline, hidden again with the Hub back, failed with "not on
    the Hub; arXiv did not answer", exit 1, though it was hidden)."""
    from papercli import output, reading

    found = reading.look_up(session, ids, done, already=set(already))
    if not found.ids:
        give_up(found.failures)
    if warning := reading.unchecked_warning(found.unchecked, done):
        output.warn(warning)
    return found


def give_up(failures: "Sequence[PapersError]") -> None:
    """Nothing could be done: the failures, the last raised (its exit status)."""
    from papercli.cli.failures import report

    for error in failures[:-1]:
        report(error)
    if failures:
        raise failures[-1]


def failed(failures: "Sequence[PapersError]") -> None:
    """After the line that says what was done: one error line for each kind of id that
    was not (`reading.Checked.failures`), and exit 1, as `rm` and `gh` say each thing
    they could not do after doing the rest."""
    from papercli.cli.failures import report

    if not failures:
        return
    for error in failures:
        report(error)
    raise typer.Exit(1)


@command(app, "unstar", example="papers unstar 2401.01055\n"
         "papers starred --family LLaVA -q | papers unstar -")
def unstar(ids: Ids) -> None:
    """Remove papers from your reading list (read marks are kept)."""
    from papercli.db.userdb import UserDB

    unmark(ids, UserDB.unstar, was="starred", did="unstarred")


def unmark(ids: list[str], how: "Callable[[UserDB, list[str]], list[str]]", *, was: str,
           did: str) -> None:
    """Take a mark off papers (`how`: UserDB.unstar, UserDB.unhide) and say how many
    changed, and how many did not have it, in the one line `hide` and `read` use for
    their no-ops (not a warning: running `papers unstar -` twice is no accident)."""
    from papercli import output, reading

    wanted = reading.parse_ids(ids)
    with open_session(offline=True) as session, session.userdb() as udb:
        removed = set(how(udb, wanted))
    output.note(tallied(did, len(removed), [pid for pid in wanted if pid not in removed],
                        f"{{was}} not {was}"))


def tally(did: str, changed: int, rest: Sequence[str], why: str, *, then: str = "",
          named: int | None = None) -> str:
    """"hid 0 papers (2401.01055 already hidden)": the one way star, unstar, read, read
    --unread, hide and unhide say what they did and which papers were already so (named
    up to TALLY_NAMED, a mistyped id among them; counted past that). `why` may hold {was},
    which becomes "was" or "were"; `then` follows the count ("marked 2 papers read");
    `named`: how many are named at most (TALLY_NAMED)."""
    from papercli.words import plural

    line = " ".join(filter(None, (did, plural(changed, "paper"), then)))
    if not rest:
        return line
    most = TALLY_NAMED if named is None else named
    who = ", ".join(rest) if len(rest) <= most else f"{len(rest):,}"
    return f"{line} ({who} {why.format(was='was' if len(rest) == 1 else 'were')})"


TALLY_NAMED = 3  # ids a no-op names; more are counted


def tallied(did: str, changed: int, rest: Sequence[str], why: str,
            tails: Sequence[str] = ("",), brief: str | None = None, *, then: str = "") -> str:
    """`tally` then one of `tails` ("; 2 are hidden: …", best first), in a note's 80
    columns: the papers already so named, then counted (with `why` said `brief`), with
    each tail, then left unsaid (the count of those changed stays). `star` and `hide` of
    papers hidden or starred, and already so, made 116 to 129 columns; `unstar`,
    `unhide` and `read` of three old-style ids already so, 94 to 106."""
    from papercli.errors import NOTE_ROOM, fitting

    heads = [tally(did, changed, rest, why, then=then),
             tally(did, changed, rest, why, then=then, named=0),
             tally(did, changed, rest, brief or why, then=then, named=0)]
    return fitting(*(head + tail for tail in tails for head in heads),
                   *(tally(did, changed, [], why, then=then) + tail for tail in tails),
                   room=NOTE_ROOM)


@command(
    app, "starred", FILTERS.without("starred"), OUTPUT,  # (--starred: every paper here is)
    example="papers starred\npapers starred --unread --family LLaVA\n"
    "papers starred --format bibtex -o reading.bib",
)
def starred(
    *,
    unread: Annotated[bool, typer.Option(
        "--unread", help="Only papers not marked read.")] = False,
    filters: FilterOptions,
    out: OutputOptions,
) -> None:
    """Your reading list: starred papers, most recently starred first (no network).

    JSON adds "starred_at", "starred_order" (its place in your whole reading list,
    counting the stars a filter or a hide leaves out: what an import puts back in order),
    "read_at" (null while unread) and "read" to each paper.
    """
    from papercli import views  # lazy: only when the command runs

    out.refuse_unused(out.format)  # a usage error as anywhere: --md-tags -f csv
    view = views.Starred(filters=filters, sort=out.sort, limit=out.limit, table=out.table,
                         unread=unread,
                         hidden=out.hidden)
    with open_session(offline=True) as session:
        got = views.gather(session, view)
        say(got.warnings, got.notes)
        emit(views.hinted(views.shown(session, got), out.limit), out.own_order(), session)


@command(app, "read", example="papers read 2401.01055\npapers read 2401.01055 --unread\n"
         "papers starred --unread -q | papers read -")
def read(
    ids: Ids,
    *,
    unread: Annotated[bool, typer.Option(
        "--unread", help="Remove the read mark instead.")] = False,
    offline: Offline = False,
) -> None:
    """Mark papers as read (or, with --unread, as not read yet).

    An id that is neither in the library, on the Hub nor on arXiv is not marked: the
    others are, and the error names it (exit status 1). The Hub is asked only about ids
    the library does not have, arXiv only about those the Hub has no page for; offline,
    or with no answer from the Hub, an id is marked with a warning, but one the Hub
    lacks is not marked while arXiv cannot be asked. A paper already read is not asked
    about.
    """
    from papercli import output, reading

    wanted = reading.parse_ids(ids)
    failures: list[PapersError] = []
    with open_session(offline=offline) as session, session.userdb() as udb:
        if not unread:  # (--unread needs no check, nor a paper already read)
            found = marking(session, wanted, "marked", already=udb.read_marks(wanted))
            wanted, failures = found.ids, found.failures
        changed = udb.mark_unread(wanted) if unread else udb.mark_read(wanted)
        why = "{was} not marked read" if unread else "already read"
        done = set(changed)
        output.note(tallied("marked", len(changed), [p for p in wanted if p not in done],
                            why, then="unread" if unread else "read"))
    failed(failures)


LINK_NAMES = {"hf": "Hub page", "arxiv": "arXiv page", "pdf": "PDF link", "code": "code link",
              "project": "project page", "doi": "DOI link"}
# Browser tabs `papers open` opens without --yes: `papers search x -q | papers open -`
# opened a tab for each of 1,371 papers, past stopping with Ctrl-C.
MANY_TABS = 20


def _many_tabs(count: int, yes: bool) -> None:
    """More than MANY_TABS tabs: asked on a terminal, refused when the ids were piped in
    or stderr goes to a file (there is no one to ask, or the question would not be seen)
    unless --yes; UsageError or PapersError when not to open."""
    import sys

    from papercli import terminal
    from papercli.errors import PapersError, UsageError
    from papercli.words import plural

    if yes or count <= MANY_TABS:
        return
    if not (terminal.is_terminal(sys.stdin) and terminal.is_terminal(sys.stderr)):
        # ("that would open 25 browser tabs: more than 20 need --yes — -n prints the URLs
        # instead": 99 columns)
        raise UsageError(f"opening {count:,} tabs needs --yes (over {MANY_TABS})",
                         hint="-n prints the URLs")
    if not terminal.ask(f"Open {plural(count, 'browser tab')}?", default=False):
        raise PapersError("nothing opened: you answered no",
                          hint="-n prints the URLs instead")


@command(
    app, "open",
    example="papers open 2401.01055\npapers open 2401.01055 --pdf\npapers open 2401.01055 --code\n"
    "papers open 2401.01055 --project\n"
    "papers open 2401.01055 2404.14047\npapers open 2401.01055 --pdf -n\n"
    "papers starred --unread -q | papers open -",
)
def open_(
    ids: Ids,
    *,
    hf: Annotated[bool, typer.Option(
        "--hf", help="The Hugging Face paper page (the default).")] = False,
    arxiv: Annotated[bool, typer.Option("--arxiv", help="The arXiv abstract page.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="The PDF on arXiv.")] = False,
    code: Annotated[bool, typer.Option("--code", help="The code repository (GitHub).")] = False,
    project: Annotated[bool, typer.Option(
        "--project", help="The project page the authors gave the Hub.")] = False,
    doi: Annotated[bool, typer.Option(
        "--doi", help="The journal version, by the DOI arXiv lists (doi.org).")] = False,
    no_browser: Annotated[bool, typer.Option(
        "--no-browser", "-n", help="Print the URLs, one a line, instead of opening them.",
    )] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help=f"Open more than {MANY_TABS} tabs without asking.")] = False,
    offline: Offline = False,
) -> None:
    """Open papers in the browser: HF, arXiv, PDF, code or project page.

    Several ids open one tab each; more than 20 are asked about first (or, with the ids
    piped in, refused) unless --yes. With --no-browser, or no browser available (a server,
    an SSH session), the URLs are printed instead, one a line, for `xargs` and scripts.
    --code, --project and --doi need the paper's record: it is taken from the library or
    fetched; papers without the link, or whose record cannot be had, are named after the
    others are opened (exit status 1). A paper with no
    Hugging Face page (one the library has from arXiv alone, an old-style id such as
    hep-th/9901001) opens its arXiv page.
    """
    from papercli import output, reading
    from papercli.errors import UsageError
    from papercli.reading import launchable

    chosen = [name for name, on in (("hf", hf), ("arxiv", arxiv), ("pdf", pdf), ("code", code),
                                    ("project", project), ("doi", doi)) if on]
    if len(chosen) > 1:
        raise UsageError(f"choose one of --{', --'.join(chosen)}")
    wanted = reading.parse_ids(ids)
    which = chosen[0] if chosen else "hf"
    browser = None if no_browser else reading.browser()  # none (a server, SSH): printed
    if browser is not None:  # (before --code fetches a record for each)
        _many_tabs(len(wanted), yes)
    with open_session(offline=offline) as session:
        # The one policy of several ids (`marking`'s): the papers that have the link are
        # opened, and each kind of failure (no such link, found nowhere, not had) is
        # named after them, exit 1; none to open: the failures alone.
        found, failures = reading.paper_urls(session, wanted, which, _versions(ids))
        hub = f"{session.endpoint}/papers/"
    if not found:
        give_up(failures)
    arxiv_only = [pid for pid, url in found.items() if not url.startswith(hub)]
    if which == "hf" and arxiv_only:  # (said on stderr: stdout stays the URLs alone)
        output.note(_arxiv_instead(arxiv_only))
    # Only http(s) is handed to a browser: every URL is checked before any is opened.
    recorded = which in reading.RECORD_LINKS  # (a link from the record, not one we built)
    for pid, url in found.items():
        launchable(url, f"the {LINK_NAMES[which]} of {pid}",
                   hint=f"the library's record may be damaged; papers show {pid} "
                   "--refresh fetches the Hub's"
                   if recorded else "check HF_ENDPOINT, or hub.endpoint in the config")
    _launch(browser, list(found.values()))
    failed(failures)


def _arxiv_instead(ids: Sequence[str]) -> str:
    """The note that these papers' arXiv pages open, the Hub having none: one line for
    them all, in 80 columns (a line each said the same 20 times for `papers arxiv -q |
    papers open -`, and "hep-th/9901001 has no Hugging Face page (arXiv only): its arXiv
    page instead" was 84 wide), naming as many as fit, the rest counted."""
    from papercli.errors import NOTE_ROOM, fitting
    from papercli.words import first_few, plural

    if len(ids) == 1:
        return fitting(f"{ids[0]} has no Hugging Face page (arXiv only): its arXiv page "
                       "instead", f"{ids[0]} has no Hugging Face page: its arXiv page instead",
                       room=NOTE_ROOM)
    named = [first_few(ids, shown) for shown in range(min(len(ids), 10), 0, -1)
             if shown != len(ids) - 1]  # ("A and 1 more": naming B takes a cell more)
    return fitting(*(f"no Hugging Face page for {them} (arXiv only): their arXiv pages "
                     "instead" for them in named),
                   *(f"{them}: no Hugging Face page, their arXiv pages instead"
                     for them in named),
                   *(f"{them}: no Hugging Face page, arXiv's instead" for them in named),
                   f"{plural(len(ids), 'paper')} have no Hugging Face page: their arXiv "
                   "pages instead", room=NOTE_ROOM)


def _versions(texts: Sequence[str]) -> dict[str, str]:
    """The version each id was typed with (`2401.01055v2`): arXiv's page or PDF of it,
    where `open --pdf` opened the latest whatever the version typed."""
    from papercli.models import id_version, normalize_id

    return {normalize_id(text): version for text in texts if (version := id_version(text))}


def _launch(browser: "webbrowser.BaseBrowser | None", urls: list[str]) -> None:
    """Hand `urls` to the browser one by one, or print them (no browser, or it did not
    start: the rest printed)."""
    from papercli import output

    if browser is None:
        output.write_stdout("".join(url + "\n" for url in urls))
        return
    for at, url in enumerate(urls):
        if browser.open(url):
            output.note(f"opened {url}")
            continue
        # Not asked again for the rest: `BROWSER=false papers open A B C` said "did not
        # start" three times (and a browser that hangs would be waited for each time).
        rest = urls[at:]
        here = "is the URL" if len(rest) == 1 else f"are the {len(rest)} URLs"
        output.warn(f"{_failed_browser()}; here {here}")
        output.write_stdout("".join(u + "\n" for u in rest))
        return


def _failed_browser() -> str:
    """What did not start, in a few words: the program `$BROWSER` names, and whether it
    could be found at all ("firefox (BROWSER) was not found"), else "the browser". A
    typo in BROWSER was "the browser did not start", naming nothing to fix."""
    import os
    import shlex
    import shutil

    from papercli.sanitize import clean_line

    first = next((c for c in os.environ.get("BROWSER", "").split(os.pathsep) if c.strip()), "")
    try:
        words = shlex.split(first)
    except ValueError:
        words = first.split()
    if not words:
        return "the browser did not start"
    program = words[0] if shutil.which(first) is None else first  # (a path with spaces)
    name = clean_line(os.path.basename(program.rstrip("/")) or program, 200)
    how = "was not found" if shutil.which(program) is None else "did not start"
    # In 80 columns with "papers: warning: " and "; here are the 25 URLs" (22): a long
    # name said as the variable alone.
    return f"{name} (BROWSER) {how}" if len(name) <= 24 else f"BROWSER's program {how}"
