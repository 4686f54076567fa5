"""tag, untag, tags, note: your own labels and notes on papers (kept in user.db)."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from papercli.cli._common import (
    COUNT,
    JsonFlag,
    NoPager,
    Offline,
    command,
    open_session,
    stdin_ids,
)
from papercli.cli.completion import id_list, ids_or_tags, paper_ids, tag_names

if TYPE_CHECKING:
    from collections.abc import Container

    from papercli.db.userdb import UserDB
    from papercli.session import Session

app = typer.Typer()

IdAndTags = Annotated[list[str] | None, typer.Argument(
    metavar="ID... TAG...", autocompletion=ids_or_tags,
    help="Paper ids (or - to read ids from standard input), then tags.")]
IdsOption = Annotated[list[str] | None, typer.Option(
    "--ids", metavar="ID[,ID...]", autocompletion=id_list,
    help="The papers (repeatable, or comma-separated; - reads them from standard input); "
    "then every argument is a tag.")]


def _is_paper_id(word: str) -> bool:
    from papercli.models import InvalidPaperId, normalize_id

    try:
        normalize_id(word)
    except InvalidPaperId:
        return False
    return True


def _mistyped_id(word: str) -> None:
    """The UsageError for a word after the ids shaped as an arXiv id but not one (a digit
    short, month 99: `papers tag 2401.01055 2404.1404 ml`): the typo's id was tagged
    onto the others as a tag `2404.1404`, without a word. A tag named like a paper id is
    still given after --ids (`papers tag --ids ID 2404.1404`), as the README says."""
    from papercli.errors import UsageError
    from papercli.models import InvalidPaperId, normalize_id
    from papercli.sanitize import quoted

    try:
        normalize_id(word)
    except InvalidPaperId as bad:
        if not bad.reason:  # (not shaped as an id: a tag, `3d`, `gpt-4.5`)
            return
        # (as `reading.parse_ids` says an id's shape: with what to type for a tag named
        # like one, `--ids ID TAG`, the line passed 80 columns, so the README says that)
        error = UsageError(f"{quoted(word)} is not an arXiv id: {bad.reason}")
        error.shorter = [(f"{quoted(word)}: {bad.reason}", None)]
        raise error from None


def _tags_before_ids(words: list[str], verb: str) -> None:
    """The UsageError for `papers tag robotics 2401.01055` (the tags first, as one might
    say it): what to type instead, rather than "'robotics' is not an arXiv id"."""
    import shlex

    from papercli.errors import UsageError

    ids = [w for w in words if _is_paper_id(w)]
    tags = [w for w in words if w not in ids]
    # `papers tag add ID TAG`, `papers tag rm ID TAG` (gh's and git's way, a subcommand
    # first): the word is the command, not a tag ("papers tag ID add robo" tagged "add")
    said = _SUBCOMMANDS.get(words[0].casefold())
    if said is not None and len(tags) > 1:
        raise UsageError(f"papers {verb} has no {words[0]!r}",
                         hint=f"papers {said} {shlex.join(ids)} {shlex.join(tags[1:])}")
    raise UsageError("the paper ids come before the tags",
                     hint=f"papers {verb} {shlex.join(ids)} {shlex.join(tags)}")


# The subcommand a user of gh or git types before the ids, and the command it means
_SUBCOMMANDS = {**dict.fromkeys(("add", "set", "new"), "tag"),
                **dict.fromkeys(("rm", "remove", "del", "delete"), "untag")}


def _split_prefix(words: list[str], verb: str) -> None:
    """The UsageError for `papers tag arXiv: 2401.01055 robotics` (a space after the
    prefix, as a citation is often written): the id as one word, ids first. Read as
    tags before ids, the hint was `papers tag 2401.01055 arXiv: robotics`, refused too."""
    import shlex

    from papercli.errors import UsageError

    joined: list[str] = []
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word.casefold() == "arxiv:" and rest and _is_paper_id(word + rest[0]):
            word += rest.pop(0)
        joined.append(word)
    if joined == words:
        return
    ids = [w for w in joined if _is_paper_id(w)]
    tags = [w for w in joined if w not in ids]
    error = UsageError("write a paper id as one word, with no space after 'arXiv:'",
                       hint=f"papers {verb} {shlex.join(ids)} {shlex.join(tags)}")
    # (in 80 columns where the command allows: the whole made 109 for one id and tag;
    # the command to copy is kept however long)
    error.shorter = [("write arXiv:ID as one word", error.hint)]
    raise error


def _ids_and_tags(words: list[str], ids: list[str] | None,
                  verb: str) -> tuple[list[str], list[str]]:
    """(paper ids, tag words as given: `_tags` reads them) from `ID... TAG...`, `--ids
    ID,ID TAG...` or `- TAG...` (the ids on standard input, as `--format ids` writes
    them); UsageError for a bad one. The words that read as paper ids before the first
    that does not are ids: a second id would otherwise become a tag named like a paper."""

    from papercli import reading
    from papercli.errors import UsageError

    given = [i.strip() for text in ids or [] for i in text.split(",") if i.strip()]
    if "-" in given:  # `--ids -`, as search's and export's --ids read it: it was "this
        # command does not read standard input", of a command that reads it (`tag - TAG`)
        at = given.index("-")
        piped = stdin_ids(f"papers search WORD -q | papers {verb} - TAG")
        given = [*given[:at], *piped, *(i for i in given[at + 1:] if i != "-")]
    if ids is None:
        if not words:
            raise UsageError("give a paper id and tags",  # (84 columns with "one or more")
                             hint=f"e.g. papers {verb} 2401.01055 robotics")
        _split_prefix(words, verb)
        first, *words = words
        if first == "-":
            given = stdin_ids(f"papers search WORD -q | papers {verb} - TAG")
        elif not _is_paper_id(first) and any(_is_paper_id(w) for w in words):
            _tags_before_ids([first, *words], verb)
        else:
            given = [first]
            while words and _is_paper_id(words[0]):
                given.append(words.pop(0))
            if words:
                _mistyped_id(words[0])
    elif not given:
        raise UsageError("--ids names no paper", hint="--ids 2401.01055,2404.14047")
    if not words:
        several = len(given) > 1 and ids is None  # every word read as a paper id
        hint = f"papers {verb} 2401.01055 robotics"
        error = UsageError("give tags after the paper ids", hint=hint + (
            "; a tag named like a paper id: --ids 2401.01055 TAG" if several else ""))
        if several:  # (said whole, 128 columns: the message says what to do, the hint
            error.shorter = [(error.message, "an id as a tag: --ids ID TAG")]  # the rest)
        raise error
    return reading.parse_ids(given), words


def _stdin_among(words: list[str], verb: str, carried: "Container[str]" = ()) -> None:
    """The UsageError for `papers tag ID robotics -`: `-` reads the ids from standard
    input in the ids' place, not among the tags (it was stored as a tag `-`). For
    `untag`, not when the papers carry a `-` stored before the rule (`carried`)."""
    import shlex

    from papercli.errors import UsageError

    if "-" not in (w.strip() for w in words) or "-" in carried:
        return
    rest = shlex.join(w for w in words if w.strip() != "-") or "TAG"
    error = UsageError("'-' is not a tag",
                       hint=f"to read ids from stdin, - goes first: papers {verb} - {rest}")
    # (in 80 columns: the whole hint made 91 for one tag)
    error.shorter = [(error.message, f"ids from stdin: papers {verb} - {rest}"),
                     (error.message, "- (ids from stdin) goes in the ids' place")]
    raise error


def _tags(words: list[str], verb: str) -> list[str]:
    """The tags of `tag ID... TAG...`, normalised; a `-` among them is said to go in the
    ids' place (`_stdin_among`), any other bad one as `normalize_tag` says it."""
    from papercli.tags import normalize_tags

    _stdin_among(words, verb)
    return normalize_tags(words)


@command(app, "tag",
         example="papers tag 2401.01055 robotics rl\n"
         "papers tag 2401.01055 2404.14047 to-read\n"
         "papers tag --ids 2401.01055,2404.14047 to-read\n"
         "papers search diffusion -n 0 --format ids | papers tag - diffusion")
def tag(
    words: IdAndTags = None,
    *,
    ids: IdsOption = None,
    offline: Offline = False,
) -> None:
    """Put tags on papers (kept when the cache is cleared; `papers search --tag TAG` lists them).

    A tag is letters, digits, '-', '_', '/' or '.' (a letter or digit among them, and
    not '-' first), case-folded (`ML` is `ml`); a '/' nests (`papers search --tag video`
    finds `video/gen` too). An id the library lacks is checked on the Hub first; an unknown one
    is not tagged (the others are, and the error names it: exit status 1). One that
    cannot be checked (--offline) is tagged with a warning, and its tag shows once the
    library has the paper (`papers show ID` fetches it).
    """
    from papercli import output
    from papercli import tags as tags_module
    from papercli.cli.reading import failed, marking, tally
    from papercli.words import plural

    pids, words = _ids_and_tags(words or [], ids, "tag")
    tags = _tags(words, "tag")
    with open_session(offline=offline) as session, session.userdb() as udb:
        # (a paper carrying every tag already is not looked up: tagged while the Hub was
        # out of reach, then again once it answered, it failed, exit 1, though tagged)
        had = udb.tags_of(pids)
        found = marking(session, pids, "tagged",
                        already=[pid for pid in pids if set(tags) <= set(had.get(pid, ()))])
        pids = found.ids
        added = udb.add_tags(pids, tags)
        tags_module.keep(session, udb, pids)
    # Counted in (paper, tag) pairs: "3 new tags" for one tag on three papers misread.
    n_papers = len(set(pids))
    already = n_papers * len(set(tags)) - added
    # (the first ten tags at most, as many as fit 80 columns: 220 of them made one line
    # of 1,500 characters, five everyday ones 86, one long one a Zotero keyword made 102)
    if not added:  # nothing new, said as `star` says its no-op: "tagged 1 paper: ml (1 tag
        # already there)" read as if the paper had been tagged
        said = tally("tagged", 0, pids, "already tagged").removesuffix(")")
        named = _fitted(tags, f"papers: {said} ", ")", most=10)
        output.note(f"{said} {named})" if named else f"{said})")
        failed(found.failures)
        return
    head = f"tagged {plural(n_papers, 'paper')}"
    after = f" ({plural(already, 'tag')} already there)" if already else ""
    named = _fitted(tags, f"papers: {head}: ", after, most=10)
    output.note(f"{head}: {named}{after}" if named
                else f"{head} with {plural(len(tags), 'tag')}{after}")
    failed(found.failures)


@command(app, "untag",
         example="papers untag 2401.01055 rl\n"
         "papers starred --tag to-read --format ids | papers untag - to-read")
def untag(
    words: IdAndTags = None,
    *,
    ids: IdsOption = None,
) -> None:
    """Take tags off papers (no network).

    A tag none of the papers carries is named in a warning (a typo?); the others go.
    """
    from papercli import output
    from papercli.tags import not_tagged, untag_names
    from papercli.words import plural

    pids, words = _ids_and_tags(words or [], ids, "untag")
    with open_session(offline=True) as session, session.userdb() as udb:
        had = udb.tags_of(pids)
        carried = {tag for found in had.values() for tag in found}
        # (a tag stored before a rule, `-x` or `_`, is taken off as the papers carry it)
        _stdin_among(words, "untag", carried)
        tags = untag_names(words, carried)
        removed = udb.remove_tags(pids, tags)
    # Said as `tag` says it, the papers counted and the tags named ("removed 1 tag" said
    # neither): those that some paper given carried, off the papers that had one.
    gone = [tag for tag in tags if tag in carried]
    n_papers = sum(1 for found in had.values() if set(found) & set(tags))
    if removed and gone and n_papers:  # (in 80 columns, as `tag` says it)
        head = f"untagged {plural(n_papers, 'paper')}"
        named = _fitted(gone, f"papers: {head}: ", most=10)
        output.note(f"{head}: {named}" if named
                    else f"took {plural(len(gone), 'tag')} off {plural(n_papers, 'paper')}")
    elif removed:  # (rows `tags_of` could not read, yet deleted)
        output.note(f"removed {plural(removed, 'tag')}")
    absent = [tag for tag in tags if tag not in carried]
    if absent:  # ("removed 1 tag" alone left the mistyped one unsaid)
        output.warn(not_tagged(pids, absent, carried))
        _say_under(carried, absent)


def _say_under(carried: set[str], absent: list[str]) -> None:
    """After `untag ID video` on a paper tagged `video/gen` only: the tags under it that
    the papers carry, as `--tag video` finds them (the warning alone read as if the
    paper had nothing of `video`), and that untag takes exact tags."""
    from papercli import output
    from papercli.tags import carried_under

    for tag in absent:
        under = carried_under(carried, tag)
        if under:
            after = f" under {tag} (untag takes the exact tag)"
            named = _fitted(under, "papers: tagged ", after) or f"{len(under)} tags"
            output.note(f"tagged {named}{after}")
            return


class TagOrder(StrEnum):
    """`tags --sort`: most used first (the default), or by name (nested tags together)."""

    USED = "used"
    NAME = "name"


@command(app, "tags", example="papers tags\npapers tags -n 20\npapers tags --sort name\n"
         "papers tags video\n"
         "papers tags --json\n"
         "papers tags --rename rl reinforcement-learning\npapers tags --delete to-read\n"
         "papers tags --delete video -r")
def tags(
    under: Annotated[list[str] | None, typer.Argument(
        metavar="[TAG]...", autocompletion=tag_names, show_default=False,
        help="Only these tags and those nested under them (video: video/gen too).")] = None,
    *,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", metavar="N", click_type=COUNT,
        help="Show the first N tags (0: all, the default).")] = None,
    sort: Annotated[TagOrder, typer.Option(
        "--sort", "-s", case_sensitive=False, show_default=False,
        help="used (the default: most used first) or name (A to Z: video/gen next to "
             "video).")
    ] = TagOrder.USED,
    rename: Annotated[tuple[str, str] | None, typer.Option(
        "--rename", "-m", metavar="OLD NEW", autocompletion=tag_names,
        help="Rename tag OLD to NEW on every paper carrying it, and the tags under it "
             "(OLD/x becomes NEW/x); a paper that had both keeps one.")] = None,
    delete: Annotated[list[str] | None, typer.Option(
        "--delete", "-d", metavar="TAG", autocompletion=tag_names,
        help="Take TAG off every paper (repeatable).")] = None,
    recursive: Annotated[bool, typer.Option(
        "--recursive", "-r",
        help="With --delete: the tags under TAG too (TAG/x), as rm -r.")] = False,
    json_out: JsonFlag = False,
    no_pager: NoPager = False,
) -> None:
    """Your tags, most used first, with how many papers carry each.

    --rename and --delete change a tag on every paper at once, as `git branch -m` and
    `-d` do for branches; they say what they did on stderr (with --json, the tags after
    the change go to stdout). A rename moves the tags nested under OLD along with it,
    as moving a folder does (`-m ml ai`: ml/vision becomes ai/vision), unless NEW is
    under OLD (`-m ml ml/misc` renames ml alone); a delete takes the exact tag, and
    with -r the tags under it too.
    """
    import shlex

    from papercli import output
    from papercli.errors import UsageError
    from papercli.tags import nested_in, normalize_tags

    if under and (rename or delete):  # `tags -d a b`: Click's "unexpected extra argument"
        flag = "--delete" if delete else "--rename"
        more = [*(delete or []), *under] if delete else []
        raise UsageError(f"{flag} takes {'one tag' if delete else 'OLD NEW'} each time",
                         hint=(f"papers tags {' '.join(f'-d {shlex.quote(t)}' for t in more)}"
                               if delete else "rename one tag at a time"))
    parents = normalize_tags(under or [])
    with open_session(offline=True) as session:
        if rename or delete or recursive:
            _change_tags(session, rename, delete or [], recursive)
            if not json_out:
                return
        absent: dict[str, list[str]] = {}
        if session.has_userdb():
            with session.userdb() as udb:
                counts = udb.tag_counts()
                if counts and not json_out:
                    absent = _absent(session, udb, udb.all_tags())
        else:
            counts = []
    every_count = counts  # (most used first: the close ones said when none is nested)
    if parents:
        counts = [(t, n) for t, n in counts if any(nested_in(t, p) for p in parents)]
    if sort is TagOrder.NAME:  # by each part: `video/gen` right after `video`, not after
        counts.sort(key=lambda count: count[0].split("/"))  # `video-gen` and `video.x`
    every = len(counts)
    counts = counts[:limit] if limit else counts
    if json_out:
        output.emit_json([{"tag": t, "papers": n} for t, n in counts])
        return
    if not counts:
        if parents:
            from papercli.tags import none_under

            output.note(none_under([t for t, _ in every_count], parents))
        else:
            output.note("no tags yet (papers tag ID TAG)")
        return
    cut = [f"{len(counts):,} of {every:,} tags (-n 0: all)"] if len(counts) < every else []
    output.print_grid(["Tag", "Papers"], [[t, f"{n:,}"] for t, n in counts], right=[1],
                      styles=["green", None], after=cut, pager=not no_pager)
    shown = {t for t, _ in counts}
    _say_absent([pid for pid, tags in absent.items() if shown.intersection(tags)])


def _absent(session: "Session", udb: "UserDB", carried: dict[str, list[str]]
            ) -> dict[str, list[str]]:
    """The tagged papers (id -> tags) that no `--tag` listing can show
    (`reading.unlisted`: the library lacks them and `udb`, already open, keeps no copy)."""
    if not carried:
        return {}
    from papercli import reading

    return {pid: carried[pid] for pid in reading.unlisted(session, udb, sorted(carried))}


def _say_absent(absent: list[str]) -> None:
    """After the table: the papers its counts include that the library does not have,
    which no `--tag` listing can show until `papers show ID` brings them: `tags` said
    "ml 3", `--tag ml` listed 2, and nothing said why."""
    from papercli import output
    from papercli.errors import NOTE_ROOM, fitting
    from papercli.words import plural

    if len(absent) == 1:
        output.note(f"counted above, not in the library yet: papers show {absent[0]}")
    elif absent:  # (in 80 columns: "… not in the library yet (2401.00001, …): papers
        # show ID" made 88, and a terminal wrapped it; as `search --tag` says them)
        many = f"counted above, {plural(len(absent), 'paper')} not in the library"
        output.note(fitting(f"{many}: papers show ID fetches each", f"{many}: papers show ID",
                            room=NOTE_ROOM))


def _change_tags(session: "Session", rename: tuple[str, str] | None,
                 delete: list[str], recursive: bool = False) -> None:
    """`tags --rename OLD NEW` (OLD and the tags under it) and `--delete TAG` (with -r,
    and those under it): checked first (each tag must be one some paper carries), then
    done in one transaction each."""
    from papercli import output
    from papercli.errors import NOTE_ROOM, UsageError, fitting
    from papercli.sanitize import quoted
    from papercli.tags import none_tagged, normalize_tag, stored
    from papercli.words import plural

    if rename and delete:
        raise UsageError("--rename and --delete are separate changes: give one at a time")
    if recursive and not delete:
        raise UsageError("-r goes with --delete", hint="papers tags -d TAG -r")
    with session.userdb() as udb:
        counts = dict(udb.tag_counts())
        if rename:
            _rename(udb, counts, rename)
            return
        names = [stored(counts, t) or normalize_tag(t) for t in delete]
        names = list(dict.fromkeys(names))
        unknown = [t for t in names if t not in counts and not (recursive and _nested(counts, t))]
        if unknown:
            under = _nested(counts, unknown[0])
            if under:  # `-d video` with only video/gen: not "no paper is tagged 'video'"
                raise _only_under(unknown[0], under, delete=True)
            raise none_tagged(udb, unknown[:1])
        gone = [*names, *(t for name in names for t in _nested(counts, name))] \
            if recursive else names
        gone = list(dict.fromkeys(t for t in gone if t in counts))
        pairs, papers = udb.delete_tags(gone)
    if len(gone) == 1:  # (in 80 columns: a 64-character tag made 90)
        output.note(fitting(f"took {gone[0]} off {plural(papers, 'paper')}",
                            f"took {quoted(gone[0], 20)} off {plural(papers, 'paper')}",
                            room=NOTE_ROOM))
    else:
        said = f" off {plural(papers, 'paper')} ({plural(pairs, 'tag')} in all)"
        named = _fitted(gone, "papers: took ", said) or plural(len(gone), "tag")
        output.note(f"took {named}{said}")
    if not recursive:
        _kept([t for name in names for t in _nested(counts, name) if t not in names],
              names[0] if len(names) == 1 else None, True)


def _rename(udb: "UserDB", counts: dict[str, int], rename: tuple[str, str]) -> None:
    """`tags --rename OLD NEW`: OLD and every tag nested under it (`ml/vision` becomes
    `ai/vision`), merged into those the papers have, in one transaction; said in one
    line with the papers counted (and what stayed, when NEW is under OLD)."""
    from papercli import output
    from papercli.errors import NOTE_ROOM, UsageError, fitting
    from papercli.sanitize import quoted
    from papercli.tags import none_tagged, normalize_tag, renames_under, stored
    from papercli.words import plural

    old = stored(counts, rename[0]) or normalize_tag(rename[0])
    new = normalize_tag(rename[1])
    if old == new:
        folded = " (tags are case-folded)" if rename[0] != rename[1] else ""
        raise UsageError(f"{rename[0]!r} and {rename[1]!r} are the same tag{folded}")
    moves = renames_under(counts, old, new)
    if not moves:
        under = _nested(counts, old)
        if under:  # `-m ml ml/misc` with only ml/vision: nothing of ml itself to rename
            raise _only_under(old, under)
        raise none_tagged(udb, [old])
    carried, merged = udb.rename_tags(moves)
    on = f" on {plural(carried, 'paper')}"
    if len(moves) == 1:
        [(was, becomes)] = moves.items()
        had = f" ({merged} already had {becomes})" if merged else ""
        short = f" ({merged} already had it)" if merged else ""
        if not merged and becomes in counts:
            # onto a tag other papers carry (`-m ml video`, git branch -m refuses it): the
            # two are one now, which "renamed ml to video on 1 paper" left unsaid
            now = plural(counts[becomes] + carried, "paper")
            had = f" (merged into {becomes}: {now} now)"
            short = f" (merged into it: {now} now)"
        # (in 80 columns: two long tags, a Zotero keyword's, made 143; cut short before
        # counted, as "renamed 1 tag on 1 paper" named neither)
        output.note(fitting(f"renamed {was} to {becomes}{on}{had}",
                            f"renamed {was} to {becomes}{on}{short}",
                            f"renamed the tag to {becomes}{on}{short}",
                            f"renamed {was} to {becomes}{on}",
                            f"renamed {quoted(was, 16)} to {quoted(becomes, 16)}{on}{short}",
                            f"renamed {quoted(was, 16)} to {quoted(becomes, 16)}{on}",
                            f"renamed 1 tag{on}", room=NOTE_ROOM))
    else:  # "renamed ml to ai with the 3 tags under it on 5 papers"
        under = [t for t in moves if t != old]
        if old in moves and len(under) == 1:
            what = f"{old} to {new} and {under[0]} to {moves[under[0]]}"
        elif old in moves:
            what = f"{old} to {new} with the {len(under)} tags under it"
        else:
            what = f"the {len(under)} tags under {old} to {new}/…"
        merging = f" ({merged} merged into tags the papers had)" if merged else ""
        existing = [becomes for becomes in moves.values() if becomes in counts]
        if not merged and existing:  # (as for one tag: merged into tags there were)
            merging = f" (merged into {plural(len(existing), 'existing tag')})"
        many = f"renamed {plural(len(moves), 'tag')}{on}"
        output.note(fitting(f"renamed {what}{on}{merging}", *([
            f"renamed {what}{on} ({plural(len(existing), 'tag')} merged)",
            f"{many}{merging}"] if existing else []),
            f"renamed {what}{on}", many, room=NOTE_ROOM))
    if old in moves and moves[old] == new and new.startswith(old + "/"):
        _kept([t for t in _nested(counts, old) if t != new], old, False)


def _nested(counts: dict[str, int], parent: str) -> list[str]:
    """The tags nested under `parent` (not itself), most used first."""
    from papercli.tags import nested_in

    return [t for t in counts if t not in (parent, parent.rstrip("/")) and nested_in(t, parent)]


def _only_under(tag: str, under: list[str], delete: bool = False) -> Exception:
    """The usage error for `tags -d video` when no paper carries `video` itself but tags
    under it exist: those named, as many as fit an 80-column line (for a delete, as what
    -r would take)."""
    from papercli.errors import UsageError

    message = f"no paper is tagged {tag!r} itself"
    lead, after = ((f"papers: error: {message} — -r takes ", " under it") if delete else
                   (f"papers: error: {message} — tags under it: ", ""))
    named = _fitted(under, lead, after)
    if named:
        return UsageError(message, hint=lead.split(" — ", 1)[1] + named + after)
    return UsageError(message, hint="-r takes the tags under it" if delete else
                      "papers tags -s name lists them")


def _fitted(names: list[str], lead: str, after: str = "", most: int = 3) -> str | None:
    """The first few of `names` (`most` at most, the rest counted) that fit an 80-column
    line between `lead` and `after`, or None when not even one does."""
    from papercli.terminal import cell_width
    from papercli.words import first_few

    for shown in range(min(len(names), most), 0, -1):
        if cell_width(lead + first_few(names, shown) + after) <= 80:
            return first_few(names, shown)
    return None


def _kept(under: list[str], old: str | None, deleted: bool) -> None:
    """The note that the tags under a deleted one (or renamed into its own branch) were
    left as they are: `--tag video` finds `video/gen`, so `-d video` leaving it behind
    unsaid read as if the branch had gone (and a delete says how to take them too)."""
    from papercli import output
    from papercli.words import plural

    if not under:
        return
    where = f" under {old}" if old is not None else ""
    said = (f"{plural(len(under), 'tag')}{where} kept "
            f"{'its name' if len(under) == 1 else 'their names'}")
    more = f" (-r takes {'it' if len(under) == 1 else 'them'} too)" if deleted else ""
    named = _fitted(under, f"papers: {said}: ", more)
    output.note(f"{said}: {named}{more}" if named else f"{said}{more or ' (papers tags -s name)'}")


def _noted(session: "Session", pid: str) -> str | None:
    """`note`'s one id looked up as `marking` looks ids up (unknown: the error), and the
    warning for one that could not be checked (offline, the Hub out of reach), which
    `note` says only once the note is written, not before an editor that never opened."""
    from papercli import reading
    from papercli.cli.reading import give_up

    found = reading.look_up(session, [pid], "noted")
    if not found.ids:
        give_up(found.failures)
    return reading.unchecked_warning(found.unchecked, "noted")


def _note_now(session: "Session", pid: str) -> str | None:
    """The note on `pid` as stored now (the editor closed: one saved meanwhile is not
    overwritten, `notes.edit`)."""
    with session.userdb() as udb:
        return udb.note_of(pid)


@command(app, "note",
         example='papers note 2401.01055\npapers note 2401.01055 -m "Read §3 again"\n'
         'papers note 2401.01055 --append -m "Code released."\n'
         'papers note 2401.01055 -m - < notes.md\npapers note 2401.01055 --rm')
def note(
    paper_id: Annotated[str, typer.Argument(
        metavar="ID", autocompletion=paper_ids, show_default=False,
        help="An arXiv id or paper URL (`papers search --noted` lists your notes).")],
    *,
    message: Annotated[str | None, typer.Option(
        "--message", "-m", metavar="TEXT",
        help="Set the note to TEXT (no editor); - reads it from stdin.")] = None,
    append: Annotated[bool, typer.Option(
        "--append", help="Add a paragraph after the note instead of replacing it (in the "
        "editor: written below the note so far).")] = False,
    remove: Annotated[bool, typer.Option("--rm", help="Remove the note.")] = False,
    offline: Offline = False,
) -> None:
    """Write a note (Markdown) on a paper in your editor, or with -m.

    The editor is $VISUAL, then $EDITOR, then vi (notepad on Windows). Saving an empty
    note in the editor removes it (an empty -m does not: --rm does); an editor that fails
    or exits non-zero changes nothing. `show`, JSON and JSON Lines ("note"), CSV, RIS,
    CSL-JSON and `export --split` include the note; `search` finds it.
    """
    import time

    from papercli import editor, notes, output, reading
    from papercli import tags as tags_module
    from papercli.errors import UsageError

    if remove and (message is not None or append):
        raise UsageError(f"--rm conflicts with {'-m' if message is not None else '--append'}",
                         hint="give --rm alone, or leave it out")
    [pid] = reading.parse_ids([paper_id])
    with open_session(offline=offline) as session:
        if remove:
            with session.userdb() as udb:
                had = udb.note_of(pid)
                udb.set_note(pid, None)
            if had is None:
                output.warn(f"{pid} had no note")
            else:
                output.note(f"removed the note on {pid}")
            return
        with session.userdb() as udb:
            old = udb.note_of(pid)
        if message is None:
            unchecked = _noted(session, pid)
        else:
            text = notes.tidy(notes.from_stdin(output.note) if message == "-" else message)
            if text is None and not append:
                # (`-m "$NOTE"` with NOTE unset removed the note without a word, as an
                # empty stdin is refused for: --rm is how a note is removed on purpose;
                # on a paper without one it warned and exited 0, the same slip said as
                # done: refused alike, whether there was a note or not)
                if old is not None:
                    raise UsageError("-m is empty; the note is unchanged",
                                     hint="--rm removes a note")
                raise UsageError("-m is empty; no note was written",
                                 hint="give the note's text after -m")
            if not append and old is not None and text == notes.tidied(old):
                # (the note as it is: "saved the note", where the editor saving it as it
                # was says it is unchanged, and a script could not tell a no-op)
                output.note(f"the note on {pid} is unchanged")
                return
            # (-m's text checked first: "-m is empty" came after the Hub was asked)
            unchecked = _noted(session, pid)
        if message is None:
            started = time.monotonic()
            edited = notes.edit("" if append else (old or ""), after=old if append else None,
                                warn=output.warn, current=lambda: _note_now(session, pid))
            text = notes.tidy(edited)
            if text == (None if append else notes.tidied(old or "")):
                from papercli.errors import NOTE_ROOM, fitting

                hints = editor.at_once_hint(time.monotonic() - started)
                # (in 80 columns: the hint made it 105)
                output.note(fitting(*(f"the note on {pid} is unchanged — {hint}"
                                      for hint in hints),
                                    *(f"note on {pid} unchanged: {hint}" for hint in hints),
                                    room=NOTE_ROOM) if hints else
                            f"the note on {pid} is unchanged")
                return
        if append and text is None:
            raise UsageError("nothing to append: -m is empty",
                             hint="give the text to add after -m")
        with session.userdb() as udb:
            if append and text is not None:
                # (to the note as it is now: one saved while the editor was open, from
                # another terminal, was overwritten by the note as it was before)
                text = notes.appended(udb.note_of(pid), text)
            udb.set_note(pid, text)
            if text is not None:
                tags_module.keep(session, udb, [pid])
    if text is not None and unchecked:  # said once the note is kept: "noted anyway" came
        output.warn(unchecked)  # first, then "no EDITOR and no terminal", nothing noted
    if text is None:  # (the editor's empty note: -m's is refused above)
        output.note(f"removed the note on {pid}")
    elif message is not None and not append and old and notes.tidied(old) != text:
        # -m over a note it never showed: say that the text before is gone
        output.note(f"replaced the note on {pid} (--append adds to a note instead)")
    else:
        output.note(f"saved the note on {pid}")
