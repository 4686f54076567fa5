"""watch: named filters stored as [watch.NAME] tables in config.toml, used by `papers new`."""

from typing import Annotated

import typer

from papercli.cli._common import (
    JsonFlag,
    NoPager,
    _first_fitting,
    command,
    open_session,
    report_update,
)
from papercli.cli.completion import watch_names
from papercli.cli.options import HIDDEN, WATCH_CRITERIA, Group, Opt
from papercli.errors import NOTE_ROOM, WARNING_ROOM, failed_then, fitting
from papercli.filters import FilterOptions

# Columns `watch add`'s second line keeps for "its criteria: " and the criteria before
# where to read them all: a criterion or two, not one cut to "au…".
_CRITERIA_ROOM = 25

app = typer.Typer(
    help="Watchlists: named filters that `papers new` looks for (kept in config.toml).",
    no_args_is_help=True,
)


# --replace after the criteria, as it has always been in `watch add --help`.
REPLACE = Group("replace", (Opt("replace", ("--replace",), "flag",
                                "Redefine an existing watch of that name."),),
                lambda kw: bool(kw.pop("replace")))


@command(
    app, "add", WATCH_CRITERIA, REPLACE,
    example="papers watch add llava --family LLaVA\n"
    "papers watch add quant -k quantization -k 'llm*' --min-upvotes 5\n"
    "papers watch add lab --author 'Yann LeCun' --exclude survey",
)
def watch_add(
    name: Annotated[str, typer.Argument(
        metavar="NAME", help="Letters, digits, _ - +; words one space apart.")],
    *,
    criteria: FilterOptions,
    replace: bool,
) -> None:
    """Add a watch: what `papers new` should show you.

    The criteria work like the listing filters: keywords all-of, families and authors
    any-of, excludes drop. The watch is written to config.toml as [watch.NAME], where
    it can be edited by hand.
    """
    from papercli import output, views, watches
    from papercli.errors import UsageError
    from papercli.terminal import cell_width, fit, fit_words

    if name.strip().casefold() == "help" and not watches.Watch.from_options(
            "help", criteria).has_criteria:  # (with criteria, a watch named help)
        # `papers watch add help`: as `papers today help` is answered
        raise UsageError("help goes first", hint="did you mean papers help watch add?")
    watch = watches.Watch.from_options(watches.check_name(name), criteria)
    with open_session(offline=True) as session:
        # What --replace redefines, said after it is done (it went without a word).
        before = watches.stored_watch(session.config, watch.name) if replace else None
        watch, update = watches.add_watch(session, watch, replace=replace)
        twin = watches.twin_of(session, watch)  # (the config as read)
        report_update(update)
        # The papers you hid are not counted, as `papers search` with its criteria leaves
        # them out (a user database that cannot be read hides nothing: said as orgs says it).
        leaving_out, unreadable = views.hidden_ids(session)
        count, exact = watches.watch_count(session, watch, leaving_out)
        # None fetched yet (a new user's first watch): "0 papers match" read as a watch
        # that finds nothing, and left unsaid that `papers new` fetches what it looks at.
        empty = not count and watches.library_empty(session)
        unread = watches.arxiv_unread(watch, list(session.config.get("sources.arxiv")))
    if unreadable is not None:
        output.warn(failed_then(unreadable, "hidden papers are counted"))
    words = watch.describe()
    said = f"watching {watch.name}: {words}"
    whys: tuple[str, ...]
    counted = ""  # (the count said shorter, where a long name leaves it no room)
    if empty:
        whys = ("your library is empty: run papers new", "library empty: run papers new")
    else:
        counted = (f"{watches.count_text(count, exact)} paper{'s' if count != 1 else ''} "
                   f"{'match' if count != 1 else 'matches'}")
        whys = (counted.replace(" match", " in your library match"),)
    first = next((line for line in (f"{said} ({why})" for why in whys)
                  if cell_width(line) <= NOTE_ROOM), None)
    if first is not None:
        output.note(first)
    else:
        # (a watch of many criteria said in full made 195 columns; its name and count
        # alone, "watching lab (0 papers …)", left unsaid whether the author was read
        # right: its criteria on a line of their own, as --replace says what it was)
        # (a long name and its count made 107 columns: the count said shorter, then the
        # name cut, as `watch list` says it whole)
        briefly = (*whys, counted) if counted else whys
        output.note(fitting(*(f"watching {watch.name} ({why})" for why in briefly),
                            "watching {} ({})".format(fit(watch.name, NOTE_ROOM - cell_width(
                                f"watching  ({briefly[-1]})")), briefly[-1]), room=NOTE_ROOM))
        lead = f"its criteria: {words}"
        # Where to read them all, as long as it leaves the criteria room to be read: a
        # long name left "its criteria… (all: papers watch list 'multimodal reasoning
        # agents')", not one criterion.
        tail = next(t for t in (f" (all: papers watch list {watches.shell_word(watch.name)})",
                                " (all: papers watch list)", "")
                    if NOTE_ROOM - cell_width(t) >= _CRITERIA_ROOM or not t)
        # (cut between words: "keyword large lang…" read as another keyword)
        output.note(fitting(lead, fit_words(lead, NOTE_ROOM - cell_width(tail)) + tail,
                            room=NOTE_ROOM))
    if before is not None:
        was = before.describe()
        # (cut by characters, mid-word, and past 80 columns with wide letters)
        output.note("its criteria are unchanged" if was == words
                    else fit_words(f"it was {was}", NOTE_ROOM))
    if unread:  # (after what was done, which it qualifies)
        output.warn("{} — {}".format(*_first_fitting(*unread)))
    if twin is not None:  # (said after what was done, which it qualifies)
        # (in full, with how to take it back, 147 columns for watches named quant)
        other, ahead = twin
        undo = f"papers watch rm {watches.shell_word(watch.name)}"
        # A watch redefined in its place, before its twin: the twin is the one that shows
        # none (when --replace moved a watch to the end, that was always the one redefined).
        none_under = watch.name if ahead else other
        output.warn(_first_fitting(*((way, None) for way in (
            *((f"the watch {other} has the same criteria: papers new shows their papers "
               f"under {other} only ({undo} takes this one back)",
               f"watch {other} has the same criteria: papers new shows none under "
               f"{watch.name} ({undo} undoes it)") if ahead else ()),
            f"watch {other} has the same criteria: papers new shows none under {none_under}",
            f"{other} has the same criteria: papers new shows none under {none_under}",
            *(() if ahead else (f"{other} has the same criteria: papers new shows none "
                                "under it",)),
            f"watch {other} has the same criteria",  # (a long name cut: 109 columns whole)
            "watch {} has the same criteria".format(fit(other, WARNING_ROOM - cell_width(
                "watch  has the same criteria"))))))[0])


# The listings' --hidden: the papers you hid, which a count leaves out, counted too.
COUNTED_HIDDEN = Group("hidden", (HIDDEN,), lambda kw: bool(kw.pop("hidden"))).with_help(
    hidden="Count the papers you hid (papers hide) too, as a listing's --hidden lists them.")


@command(app, "list", COUNTED_HIDDEN, example="papers watch list\npapers watch list llava\n"
         "papers watch list --json\npapers watch list --hidden")
@command(app, "ls", COUNTED_HIDDEN, example="papers watch ls", hidden=True)  # as gh says it
@command(app, "show", COUNTED_HIDDEN, example="papers watch show llava",
         hidden=True)  # one watch, as asked
def watch_list(
    names: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME]...", help="Only these watches (any case).",
        autocompletion=watch_names)] = None,
    *, hidden: bool, as_json: JsonFlag = False, no_pager: NoPager = False,
) -> None:
    """Every watch, its criteria, and how many library papers it matches (no network).

    Given names, only those watches (`papers watch show NAME` says the same). The papers
    you hid are not counted, as listings leave them out; --hidden counts them too.
    """
    from papercli import output, views, watches

    with open_session(offline=True) as session:
        # (as `watch add` reads them; --hidden: none left out, and the user database unread)
        leaving_out, unreadable = (set(), None) if hidden else views.hidden_ids(session)
        rows = watches.watch_counts(session, leaving_out)
    if unreadable is not None:
        output.warn(failed_then(unreadable, "hidden papers are counted"))
    if names:  # `watch show llava` was "unknown command 'show'"; each name checked first
        stored = [w.name for w, _, _ in rows]
        if [n.strip().casefold() for n in names] == ["help"] and watches.stored_name(
                stored, names[0]) is None:  # as `watch rm help` is answered
            from papercli.errors import UsageError

            raise UsageError("help goes first", hint="did you mean papers help watch list?")
        wanted = {watches.stored_name(stored, n) for n in names}
        if None in wanted:
            raise watches.no_such_watch(stored, *(
                n for n in names if watches.stored_name(stored, n) is None))
        rows = [row for row in rows if row[0].name in wanted]
    if as_json:
        output.emit_json([{**w.to_dict(), "papers": n, "papers_exact": exact}
                          for w, n, exact in rows])
        return
    if not rows:  # (on stderr: `papers watch list | wc -l` is 0 with none, as gh's lists)
        output.note("no watches yet: papers watch add llava --family LLaVA adds one")
        return
    table = [[w.name[:watches.MAX_NAME], watches.count_text(n, exact), w.describe()]
             for w, n, exact in rows]
    output.print_columns(_wrapped(table), header=["Name", "Papers", "Criteria"], right=[1],
                         text=[2], pager=not no_pager)


# Cells a watch's name keeps however long its criteria: a longer name is cut with … only
# as far as leaves its widest criterion whole beside it (the others wrap under it).
_NAME_KEEP = 24


def _wrapped(table: list[list[str]]) -> list[list[str]]:
    """On a terminal, a watch's criteria too long for the room left by the name and count
    go on under it, broken between criteria: cut with … (80 columns), a watch hid the
    criteria at its end, and --json was the only way to read them. A name too long to
    leave its widest criterion whole is cut with … (never below `_NAME_KEEP` cells), as gh
    cuts a long title: a name of 64 characters left them none at 80 columns ("keywo…").
    Piped, each watch stays one line, its name whole."""
    import sys

    from papercli import output, terminal

    width = terminal.width(sys.stdout)
    if width is None:
        return table
    widths = [max(terminal.cell_width(head), *(terminal.cell_width(row[i]) for row in table))
              for i, head in ((0, "Name"), (1, "Papers"))]
    # (a criterion after the first, wrapped, starts "· ")
    widest = max(terminal.cell_width(f"· {part}") for row in table
                 for part in row[2].split(" · "))
    named = max(min(widths[0], _NAME_KEEP), width - widths[1] - 2 * len(output.GAP) - widest)
    if widths[0] > named:
        table = [[terminal.fit(name, named), count, said] for name, count, said in table]
        widths[0] = max(terminal.cell_width("Name"), *(terminal.cell_width(row[0])
                                                      for row in table))
    room = width - sum(widths) - 2 * len(output.GAP)
    if room < 20:  # too narrow to be worth it: the table cuts as any other
        return table
    out: list[list[str]] = []
    for name, count, criteria in table:
        lines: list[str] = []
        broken = False  # (the criterion before broke over lines: the next starts a line)
        for part in criteria.split(" · "):
            if lines and not broken and terminal.cell_width(f"{lines[-1]} · {part}") <= room:
                lines[-1] += f" · {part}"
            else:  # (a line after the first starts "· ")
                parts = _at_words(f"· {part}" if lines else part, room)
                lines += parts
                broken = len(parts) > 1
        out.append([name, count, lines[0]])
        out.extend(["", "", line] for line in lines[1:])
    return out


def _at_words(text: str, room: int) -> list[str]:
    """One criterion in lines of `room` cells, broken between words (a line that does
    not start "· " goes on with the criterion above it): one longer than the room was cut
    mid-word at its end ("keyword dexterous manipulation and tactile se…"). A word longer
    than a line alone is cut with …."""
    from papercli import terminal

    lines: list[str] = []
    for word in text.split(" "):
        if lines and terminal.cell_width(f"{lines[-1]} {word}") <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(terminal.fit(word, room))
    return lines


@command(app, "rm", example="papers watch rm llava")
@command(app, "remove", example="papers watch remove llava", hidden=True)
@command(app, "delete", example="papers watch delete llava", hidden=True)  # as gh says it
def watch_rm(
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help="Watches to remove.",
                                               autocompletion=watch_names)],
) -> None:
    """Remove watches (papers already shown by `papers new` stay seen)."""
    from papercli import config, output, paths, watches
    from papercli.errors import UsageError

    settings = config.load(paths.config_path())
    if [n.strip().casefold() for n in names] == ["help"] and watches.stored_name(
            settings.watch_table, names[0]) is None:  # as `watch add help` is answered
        raise UsageError("help goes first", hint="did you mean papers help watch rm?")
    update, stored = watches.remove_watches(settings, names)
    report_update(update)
    removed = [watches.said_name(name) for name in stored]  # (an escape in one: written out)
    from papercli.terminal import fit
    from papercli.words import first_few, plural

    # (as many names as fit, the others counted: three long names made 195 columns; one
    # name, cut)
    said = f"removed watch{'es' if len(removed) > 1 else ''}"
    output.note(fitting(*(f"{said} {first_few(removed, shown)}"
                          for shown in range(len(removed), 0, -1)),
                        f"removed {plural(len(removed), 'watch', 'watches')}"
                        if len(removed) > 1 else f"{said} {fit(removed[0], NOTE_ROOM - 14)}",
                        room=NOTE_ROOM))


@command(app, "edit", example="papers watch add llava --family LLaVA --replace", hidden=True,
         context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def watch_edit(
    words: Annotated[list[str] | None, typer.Argument(metavar="[NAME]...",
                                                      hidden=True)] = None,
) -> None:
    """Not a command: change a watch by adding it again, `papers watch add NAME
    --replace` with its new criteria, or edit config.toml (`papers config edit`)."""
    # (`papers watch edit llava` said "unknown command 'edit'", leaving the way to change
    # a watch to be found in `watch add --help`; its help said so too, to the user)
    from papercli import watches
    from papercli.errors import UsageError

    name = next((w for w in words or [] if not w.startswith("-")), None)
    typed = watches.shell_word(name) if name else "NAME"
    said = f"to change a watch, add it again: papers watch add {typed} … --replace"
    error = UsageError(said, hint="or edit it in papers config edit")
    error.shorter = [(f"to change a watch: papers watch add {typed} … --replace", None),
                     (f"redefine it: papers watch add {typed} … --replace", None),
                     ("to change a watch: papers watch add NAME … --replace", None)]
    raise error


@command(app, "rename", example="papers watch rename llava vision-lm")
def watch_rename(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The watch to rename.",
                                       autocompletion=watch_names)],
    new: Annotated[str, typer.Argument(
        metavar="NEW", help="Its new name: letters, digits, _ - +; words one space apart.")],
) -> None:
    """Rename a watch, criteria and all (`papers new` keeps treating it as the same watch)."""
    from papercli import config, output, paths, watches
    from papercli import new as news
    from papercli.terminal import cell_width, fit

    settings = config.load(paths.config_path())
    update, stored, after = watches.rename_watch(settings, old, new)
    before = watches.said_name(stored)  # (a hand-written name with an escape: written out)
    if update is None:  # (as `git branch -m a a`: nothing to do is no error)
        same = "watch {} already has that name; nothing renamed"
        output.note(same.format(fit(before, NOTE_ROOM - cell_width(same.format("")))))
        return
    with open_session(offline=True) as session, session.userdb() as udb:
        news.rename_watch(udb, stored, after)
    report_update(update)
    # Names of 64 characters (128 cells in CJK) said whole made 154 to 275 columns: the
    # old one is cut first, the new one (what is typed next) kept whole while it leaves
    # the old a few letters, then the new one cut, else both to half the room each.
    room = NOTE_ROOM - cell_width("renamed watch  to ")
    old_room, new_room = room - cell_width(after), room - cell_width(before)
    output.note(fitting(
        f"renamed watch {before} to {after}",
        *([f"renamed watch {fit(before, old_room)} to {after}"] if old_room >= 8 else []),
        *([f"renamed watch {before} to {fit(after, new_room)}"] if new_room >= 8 else []),
        f"renamed watch {fit(before, room // 2)} to {fit(after, room // 2)}", room=NOTE_ROOM))
