"""How a command body runs and how it fails.

A `PapersError` becomes one stderr line and its exit code, Ctrl-C exits 130, a closed pipe
is not our failure, and anything unexpected is one line too (a traceback only with
PAPERS_DEBUG=1). Usage errors of the parser itself are made one line by `_common`'s root
group, in the same style.
"""

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from papercli.errors import (
    ExitStatus,
    OfflineMiss,
    PapersError,
    debugging,
    is_failure,
    os_cause,
)

TERMINATED = 128 + 15  # the shell's code for a process ended by SIGTERM
HUNG_UP = 128 + 1  # ... and by SIGHUP


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised by the handler `main()` installs: like Ctrl-C it unwinds the stack,
    so transactions roll back and `-o`'s temporary file is removed (the default SIGTERM
    kills the process where it stands); exit 143."""

    word = "terminated"
    code = TERMINATED


class HungUp(Terminated):
    """SIGHUP: the terminal was closed, or the ssh connection it ran over dropped. It
    unwinds as SIGTERM does: the default SIGHUP killed the process where it stood, and an
    export's `.NAME.1a2b3c4d.tmp` was left beside the file it was to become; exit 129."""

    word = "hung up"
    code = HUNG_UP


def on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM's handler, and SIGHUP's (`main()` installs both)."""
    import signal

    raise HungUp if signum == getattr(signal, "SIGHUP", None) else Terminated


def stopped(exc: BaseException | None) -> tuple[str, int]:
    """What a command cut short by `exc` says and exits with: "interrupted" and 130 for
    Ctrl-C, "terminated" and 143 for SIGTERM, "hung up" and 129 for SIGHUP.

    Asked as the command says that line: from then on it only ends, so Ctrl-C, SIGTERM
    and SIGHUP are ignored. Ctrl-C pressed again while it cleaned up (a large model
    freed, the library closed) cut the cleanup short and said "interrupted" a second
    time. (A real SIGINT still ends the process by SIGINT: the interpreter sets it back
    to its default for that; SIGKILL and SIGQUIT, Ctrl-\\, still end it at once.)"""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():  # (only it sets handlers)
        for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                signal.signal(sig, signal.SIG_IGN)
    if isinstance(exc, Terminated):
        return exc.word, exc.code
    return "interrupted", int(ExitStatus.INTERRUPTED)


def call(fn: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """Run a command body with its options, then flush stdout while failures are still ours.

    For the body's duration, session notices (config warnings, a library rebuilt) go
    straight to stderr as they arise, whichever command it is and whenever it opens the
    library; those about what it read (an empty library standing in for one that cannot
    be created) follow its output, and only when it succeeded, or before the error of a
    miss in the library (`papers today --offline` said "no daily listing in the local
    library" of a library that could not be made, the cause unsaid). Damaged records it
    met on disk (db/records.py) are said once, at the end, in one line; a command that
    fails otherwise says only why it failed."""
    from papercli import output, session
    from papercli.db import records

    records.begin()
    output.said(reset=True)  # (an empty listing's "none" is said only if nothing else is)
    notify = session.NOTIFY.set(output.warn)
    later: list[str] = []
    after = session.AFTER.set(later)
    try:
        result = fn(**kwargs)
    except OfflineMiss:
        for line in later:  # (what the library read as: why it holds nothing)
            output.note(line)
        raise
    finally:
        session.AFTER.reset(after)
        session.NOTIFY.reset(notify)
    sys.stdout.flush()
    damaged = records.report_line(records.take())
    if damaged:
        output.warn(damaged)
    for line in later:
        output.note(line)
    return result


def exit_code(exc: BaseException) -> int:
    """The exit code for a failure of a command body, after telling the user about it.

    Re-raises what is not a failure of the command (SystemExit) and, with PAPERS_DEBUG set,
    unexpected exceptions so that their traceback shows."""
    if isinstance(exc, BrokenPipeError):
        # `papers today | head`: the reader left. Point stdout at /dev/null so that the
        # interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        return int(ExitStatus.OK)
    if isinstance(exc, PapersError | KeyboardInterrupt):
        return report(exc)
    if is_failure(exc) and not debugging():  # (a panic too)
        return report(exc)
    raise exc


def report(exc: BaseException) -> int:
    """Turn an exception into one stderr line; returns the exit code."""
    from papercli import output

    if isinstance(exc, PapersError):
        output.error(*_fitted(exc))
        return int(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):  # (notes: where work cut short was kept)
        hint = "; ".join(getattr(exc, "__notes__", ())) or None
        word, code = stopped(exc)
        output.error(word, hint)
        return code
    damaged = _damaged_database(exc)
    if damaged:
        output.error(*_damaged_line(exc, damaged))
        return int(ExitStatus.ERROR)
    disk = _disk_problem(exc)
    if disk is not None:
        output.error(*disk)
        return int(ExitStatus.ERROR)
    output.error(
        f"unexpected {exc.__class__.__name__}: {exc}",
        "set PAPERS_DEBUG=1 to see the traceback, and please report it",
    )
    return int(ExitStatus.ERROR)


def _fitted(exc: PapersError) -> tuple[str, str | None]:
    """The (message, hint) the error line says: the first of the error's shorter ways to
    say it that fits ERROR_LINE columns, else the first of them (all said, shorter: a
    terminal wraps it between words); the whole of it with PAPERS_DEBUG. On a terminal,
    when none fits, the files it names said shorter (`_paths_shorter`), then its long
    words (`_squeezed`): a word wider than a row left "papers: error:" alone on one and
    was broken mid-word by the terminal. Piped or logged, paths are said whole."""
    from papercli import terminal

    said = exc.line()
    if debugging():
        return said
    ways = [said, *exc.shorter]
    last = exc.shorter[0] if exc.shorter else said
    if terminal.width(sys.stderr) is None:  # a log or a pipe: the paths whole, on one line
        return fitted(ways, last)
    # (the files it names said shorter first: their names whole, their folders' middles
    # elided; then any long word)
    ways += _paths_shorter(ways, exc.paths)
    return fitted([*ways, *(squeezed for way in ways for squeezed in _squeezed(way))],
                  _squeezed(last)[-1] if _squeezed(last) else last)


def _paths_shorter(ways: Sequence[tuple[str, str | None]], paths: Sequence[str]
                   ) -> list[tuple[str, str | None]]:
    """Each of the (message, hint) `ways` too long for its line, with the files its
    message names (`PapersError.paths`) said as short as it then needs
    (`errors.short_path`: the file name whole, the middle of its folder elided), longest
    path first: an import's or an export's error line fits an 80-column terminal, its
    file still told apart (piped or logged, `_fitted` says paths whole). Not a way whose
    hint names one: a command to copy."""
    from papercli.errors import short_path
    from papercli.terminal import cell_width

    shorter: list[tuple[bool, tuple[str, str | None]]] = []
    for message, hint in ways if paths else ():
        if any(path in (hint or "") for path in paths):
            continue  # (a command to run: with "…" in its path it would run nothing)
        bare = False  # a path said as its file name alone ("…/notes.txt")
        for path in sorted(paths, key=len, reverse=True):
            over = _cells(f"{message} — {hint}" if hint else message) - ERROR_LINE
            said = message.count(path)
            if over > 0 and said:
                short = short_path(path, cell_width(path) - -(-over // said))
                bare = bare or short.startswith("…/")
                message = message.replace(path, short)
        if (message, hint) not in (*ways, *(way for _, way in shorter)):
            shorter.append((bare, (message, hint)))
    # (a way that keeps some of each folder first: "folder /home/me/exp…/nodir does not
    # exist", not "…/x.md: folder …/nodir does not exist")
    return [way for _, way in sorted(shorter, key=lambda bare_way: bare_way[0])]


# A word of an error line wider than this many cells is one a terminal breaks mid-word,
# or that leaves "papers: error:" alone on its line (`output._folded` keeps a word whole).
_LONG_WORD = 40
_SHORTEST = 16  # cells a word is cut to at the least: its start and end still tell it


def _squeezed(way: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """The last rungs of every error's ladder, for a line no way of which fits: its long
    words (a path, a pasted value) said shorter, a path from the folders that fit (its
    file name at least, "…/notes/x.md"), then any such word cut in its middle with "…"
    to what fits. "/tmp/…/notes/2608.99202-trapbench-measuring-invented-traps-in-made-
    up-agents-and-their-memory-use.md already exists — …" took 5 rows of an 80-column terminal, the
    prefix alone on the first and the path broken mid-word by the terminal."""
    from papercli.redaction import redact  # (a token cut short is no longer one to hide)

    message, hint = redact(way[0]), (redact(way[1]) if way[1] else way[1])

    def words(text: str | None, cut: Callable[[str], str]) -> str | None:
        return None if text is None else re.sub(
            rf"\S{{{_LONG_WORD + 1},}}", lambda m: cut(m[0]), text)

    from papercli.terminal import cell_width

    def room(word: str) -> int:  # the cells `word` may take for the line to fit
        line = _cells(f"{message} — {hint}" if hint else message)
        return max(_SHORTEST, ERROR_LINE - (line - cell_width(word)))

    def named(word: str) -> str:  # a path from the folders that fit, its file name at least
        opening = word[:len(word) - len(word.lstrip("'\"("))]
        parts = word[len(opening):].rstrip("/").split("/")
        if len(parts) < 2 or not parts[-1]:
            return word
        for at in range(1, len(parts)):
            tail = "/".join(parts[at:])
            if len(opening) + 2 + cell_width(tail) <= room(word) or at == len(parts) - 1:
                return f"{opening}…/{tail}"
        return word

    def middle(word: str) -> str:
        half = (min(room(word), len(word)) - 1) // 2
        return word if len(word) <= room(word) else f"{word[:half]}…{word[len(word) - half:]}"

    ways: list[tuple[str, str | None]] = []
    for cut in (named, middle):
        shorter = (words(message, cut) or "", words(hint, cut))
        if shorter not in (way, *ways):
            ways.append(shorter)
            message, hint = shorter
    return ways


def fitted(ways: Sequence[tuple[str, str | None]], otherwise: tuple[str, str | None],
           *, lead: str = "error") -> tuple[str, str | None]:
    """The first of the (message, hint) `ways` whose line ("papers: LEAD: …"; lead "":
    a note's, "papers: …") fits ERROR_LINE columns, else `otherwise` (said shorter: a
    terminal wraps it between words). Every line fitted to 80 columns, error, warning
    or note, is fitted here."""
    for message, hint in ways:
        if _cells(f"{message} — {hint}" if hint else message, lead) <= ERROR_LINE:
            return message, hint
    return otherwise


def _damaged_database(exc: BaseException) -> str | None:
    """SQLite's "malformed"/"not a database" met after opening (a page went bad)."""
    import sqlite3

    from papercli.db.connection import damaged

    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    if damaged(exc):
        return str(exc)
    # A file whose schema version promises tables or columns it lacks (set by hand, or
    # written by a build of papercli that numbered its steps differently).
    if isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(
            ("no such column", "no such table")):
        return f"{exc}, which its schema version promises"
    return None


def _disk_problem(exc: BaseException) -> tuple[str, str] | None:
    """A full or read-only disk, or a file the system would not let papers have, met
    somewhere no narrower handler caught it: say what happened and what to do (SQLite's
    own words are "database or disk is full" at best; a PermissionError was "unexpected",
    to be reported)."""
    import errno
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        from papercli.db.connection import storage_error

        problem = storage_error(exc, "a papercli database")
        return (problem.message, problem.hint or "") if problem else None
    if isinstance(exc, OSError) and exc.errno in (
            errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG, errno.EACCES, errno.EPERM):
        cause = os_cause(exc.errno)
        if cause is None:
            return None
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{cause[0]}{where}", cause[1]
    return None


def _damaged_line(exc: BaseException, damaged: str) -> tuple[str, str]:
    """The damage named with the file it is in, and what to do about that file: the
    library is a cache, `user.db` holds what only the user has. Which file SQLite was
    reading is known only to the database object whose method met it: the innermost
    one on the traceback."""
    from papercli import paths
    from papercli.db.connection import Database
    from papercli.db.userdb import UserDB

    found: Database | None = None
    tb = exc.__traceback__
    while tb is not None:
        me = tb.tb_frame.f_locals.get("self")
        if isinstance(me, Database):
            found = me
        tb = tb.tb_next
    if isinstance(found, UserDB):  # (a write met it: a read says so itself, UserDB.damage)
        return f"{found.label} {found.path} is damaged ({damaged})", UserDB.DAMAGE_HINT
    library = found.path if found is not None else paths.library_path()
    return (f"the library {library} is damaged ({damaged})",
            "it is only a cache: papers cache clear --yes moves it aside and starts a new one")


def _quoted_short(message: str, words: Sequence[str]) -> str:
    """`message` with each long argument Click quoted whole (`'xxx' is not one of 'week',
    …`: a page pasted in pushed the hint off the line) quoted as papercli quotes a value,
    cut short with "…" (`sanitize.quoted`)."""
    from papercli.sanitize import QUOTED_MAX, quoted

    for word in words:
        for value in (word, word.partition("=")[2]):  # (`--every=VALUE` too)
            if len(value) > QUOTED_MAX and repr(value) in message:
                message = message.replace(repr(value), quoted(value))
    return message


def usage_error(exc: Any, command: str | None = None, words: Sequence[str] = (),
                root: Any = None) -> None:
    """A usage error of the parser (Click's UsageError) as one line in papercli's style:
    `papers: error: no such option: --bogus — see 'papers today --help'`. Click gives
    some (an option missing its value) no context: `command`, the command line's, is
    then named (and found under `root`, the root group). `words` (the command line)
    count the empty arguments it cannot place."""
    from papercli import output

    message = " ".join(_quoted_short(str(exc.format_message()), words).split())
    message = message[:1].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    where = (_path(ctx) if ctx is not None else
             f"papers {command}" if command else "papers")
    hint: str | None = f"see '{where} --help'"
    name = str(getattr(exc, "option_name", "") or "")
    extra = _EXTRA.fullmatch(message)
    if (ctx is not None and ctx.info_name in ("search", "export") and name[:1] == "-"
            and name[1:2].isalpha()):
        # `papers search world -model`: the shell hands `-model` over as options.
        message, hint = _word_left_out(where, name, words, ctx.command)
    elif (ctx is not None and ctx.info_name in ("for-you", "related")
          and name.partition("=")[0] in ("--sort", "-s")):
        # Click's "Possible options: --format, --org" point nowhere near what was meant.
        from papercli.views import no_sort  # (`papers browse for-you --sort` says it too)

        message, hint = _fitted(no_sort(ctx.info_name))
    elif extra and ctx is not None and extra[1].split() == ["help"]:
        # `papers today help`: as `papers help today` is read
        message = "help goes first"
        hint = f"did you mean papers help {_path(ctx).partition(' ')[2]}?"
    elif (extra and ctx is not None and ctx.info_name == "for-you"
          and _paper_ids(extra[1].split())
          and (liked := _columns_spaced(extra[1].split(), words, "--like"))):
        # `papers for-you --like A B`: one --like takes one word (as --columns does);
        # "for-you takes no ids — papers show B shows it" sent the ids elsewhere.
        message = "--like takes one word"
        message, hint = fitted([(message, f"did you mean --like {liked}?"),
                                ("one word per --like", f"did you mean --like {liked}?")],
                               (message, "join the ids with commas"))
    elif (extra and ctx is not None and ctx.info_name == "note"
          and (noted := _note_extra(where, extra[1].split(), words))):
        # `papers note A B`, `papers note A Read §3`: note takes one id, and its text
        # after -m ("takes no ids — papers show B shows it" said note took none)
        message, hint = noted
    elif extra and ctx is not None and (ids := _paper_ids(extra[1].split())):
        # `papers starred 2401.01055`: a paper id after a command that takes none
        message = f"{where} takes no ids"
        hint = f"papers show {' '.join(ids)} shows {'it' if len(ids) == 1 else 'them'}"
        if _cells(f"{message} — {hint}") > ERROR_LINE:
            hint = "did you mean papers show?"
    elif extra and ctx is not None and (watch := _watch_named(ctx, extra[1])):
        # `papers new spec`: a watch is chosen with --watch (`papers browse new spec`
        # says it too)
        from papercli.watches import given_as_argument

        message, hint = _fitted(given_as_argument(watch, where))
    elif extra and ctx is not None and ctx.info_name == "today" and _is_date(extra[1]):
        # `papers today 2026-08-20` (or yesterday): another day's listing is `papers day`
        message = f"{where} takes no date"
        hint = f"papers day {extra[1].strip()} lists that day"
    elif extra and ctx is not None and _columns_spaced(extra[1].split(), words):
        # `--columns id title`: the shell made two words of what --columns takes as one
        message = "--columns takes one word"
        hint = f"did you mean --columns {_columns_spaced(extra[1].split(), words)}?"
        if _cells(f"{message} — {hint}") > ERROR_LINE:
            hint = "join the column names with commas"
    elif extra and ctx is not None and (keyed := _as_keywords(ctx.command, extra[1])):
        # `papers today diffusion`, `papers for-you llava`: a word to narrow the list by,
        # which -k takes ("see --help" left the user to find it among 30 options)
        message, hint = unexpected(extra[1], f"did you mean {keyed}?")
        if hint != f"did you mean {keyed}?":  # (two words and "did you mean": 88 columns)
            message, hint = unexpected(extra[1], f"try {keyed}")
    elif (message.startswith("got unexpected extra argument") and message.endswith(")")
          and not message.rpartition("(")[2][:-1].strip()):
        # `papers today "$DAY"` with DAY unset: Click said "()", naming nothing. (Click
        # keeps no extra word; a blank option value is refused before this.)
        count = sum(1 for word in words if not word.strip()) or 1
        # ("papers today takes no argument, and got an empty one (a variable not set?) —
        # see 'papers today --help'" made 96 columns)
        said = "an empty argument" if count == 1 else f"{count} empty arguments"
        message = f"{where} got {said}"
        hint = "a variable not set?"
    elif (ctx is not None and ctx.parent is not None and name in ("--refresh", "--timeout")
          and type(exc).__name__ == "NoSuchOption" and not _networked(ctx.command)):
        # `for-you --refresh`: "papers related takes it" sent a ranking of what the
        # library holds to another command, as if for-you could fetch.
        message = f"{where} never uses the network"
        hint = f"leave {name} out"
    elif ctx is not None and name == "--offline" and type(exc).__name__ == "NoSuchOption":
        # A habit (or a script that adds it everywhere): Click offered "--since".
        # Why it has none, and what to do: "papers export has no --offline: it never uses
        # the network — leave --offline out; see 'papers export --help'" made 124 columns.
        opts = {o for p in ctx.command.params for o in getattr(p, "opts", ())}
        hint = "leave --offline out"
        if ctx.parent is None:  # `papers --offline sync`: not "it never uses the network"
            message = f"{where} has no --offline of its own"
            hint = "put it after a command that reads (papers today --offline)"
        elif "--online" in opts:  # papers mcp
            message = f"{where} is offline unless --online"
        elif ctx.info_name == "sync":
            # `sync --arxiv cs.RO --offline` fetches from arXiv, not the Hub.
            source = ("arXiv" if any(w == "--arxiv" or w.startswith("--arxiv=")
                                     for w in words) else "the Hub")
            message = f"{where} fetches from {source}"
        else:
            message = f"{where} never uses the network"
    else:
        message, hint = _plainer(exc, message, hint, words, _command(root, command))
    if type(exc).__name__ == "MissingParameter" and where in _MISSING_HINTS:
        hint = _MISSING_HINTS[where]  # (where the value is found beats "see --help")
    if (hint == f"see '{where} --help'" and _cells(f"{message} — {hint}") > ERROR_LINE
            and _cells(f"{message} — see --help") <= ERROR_LINE):
        hint = "see --help"  # (the command is the one just typed)
    output.error(message, hint)


def _note_extra(where: str, extra: Sequence[str], words: Sequence[str]
                ) -> tuple[str, str] | None:
    """What `papers note ID` given more words says: that it takes one id, then, of more
    ids, to note each other on its own; of other words without -m, that the note's
    text goes after -m (the words quoted for the shell where the line fits). None for
    words after an -m already given: the parser's own line says those."""
    import shlex

    ids = _paper_ids(extra)
    if ids:
        return (f"{where} takes one id", f"note {ids[0]} on its own" if len(ids) == 1
                else f"note the other {len(ids)} on their own")
    if any(word in ("-m", "--message") or word.startswith(("-m", "--message="))
           for word in words):
        return None
    message = f"{where} takes one id"
    hint = f"did you mean -m {shlex.quote(' '.join(extra))}?"
    return message, hint if _cells(f"{message} — {hint}") <= ERROR_LINE \
        else "give the note's text after -m"


def _watch_named(ctx: Any, extra: str) -> str | None:
    """The watch (as typed in a shell) that the extra argument names, when the command
    takes one with --watch (`papers new spec`, `papers for-you spec`), else None."""
    if not any("--watch" in getattr(p, "opts", ()) for p in ctx.command.params):
        return None
    from papercli.watches import typed_as_argument

    return typed_as_argument(extra)


def typed_words(command: Any, args: Sequence[str]) -> Iterator[str]:
    """The words of a command line the parser reads as options or arguments of their own:
    those before `--` that are no option's value (`-x -all`: the value of -x). `command`:
    the (sub)command the words name, whose options say which take a value."""
    takes_value = {name: not (param.is_flag or param.count)
                   for param in getattr(command, "params", ()) if hasattr(param, "is_flag")
                   for name in param.opts}
    end = list(args).index("--") if "--" in args else len(args)
    for at, word in enumerate(args[:end]):
        if not (at and takes_value.get(args[at - 1])):
            yield word


def _word_left_out(where: str, option: str, words: Sequence[str],
                   command: Any = None) -> tuple[str, str | None]:
    """`papers search world -model`: the parser took `-model` for options (-m…); the
    word, and how to leave it out, the query as typed quoted when it fits ("a word to
    leave out goes inside the quoted query (papers search "world -model"), or after --;
    see 'papers search --help'" made 154 columns). A query that begins with the -word
    (`command`'s words say which are the query's) cannot be quoted out of it:
    `_query_read_as_option` says what can."""
    from papercli.sanitize import quoted

    name = where.rpartition(" ")[2]
    at = next((i for i, w in enumerate(words) if w.startswith(option)), None)
    word = words[at] if at is not None else option
    typed = list(typed_words(command, words[1:])) if words[:1] == [name] else []
    if word in typed:
        place = typed.index(word)
        if not any(w[:1] != "-" for w in typed[:place]):  # it begins the query
            return _query_read_as_option(where, word, _query_from(command, typed[place:]))
    if len(word.split()) > 1:  # (`papers search world "-video -image"`: quoted already)
        message = f"{quoted(word, 30)} read as an option"
        ways = ["put the whole query in one pair of quotes", "quote the whole query as one"]
    else:
        message = f"no such option: {word}"
        ways = ["quote it with the query, or put it after --",
                "quote it with the query, or after --", "quote it with the query"]
    before = list(words[1:at]) if at is not None and words[:1] == [name] else []
    if before and not any(w.startswith("-") for w in before):  # (no option's value)
        ways.insert(0, f"did you mean {where} \"{' '.join(before)} {word}\"?")
    return fitted([(message, hint) for hint in ways], (message, ways[-1]))


def _query_from(command: Any, typed: Sequence[str]) -> list[str]:
    """The query's pieces from the word the parser refused on (`typed`: the words that
    are no option's value): its words and -words, the command's options left out (a
    -word whose first letters are a short option's (`-nano`: -n) counted as that)."""
    options = {o for p in getattr(command, "params", ()) for o in getattr(p, "opts", ())}
    return [piece for word in typed for piece in word.split()
            if piece[:1] != "-" or (piece[1:2].isalnum() and piece[:2] not in options
                                    and piece.partition("=")[0] not in options)]


def _query_read_as_option(where: str, word: str, query: Sequence[str]
                          ) -> tuple[str, str | None]:
    """`papers search "-video diffusion"`: the query begins with `-word`, so the parser
    took it for an option, quoted or not; "quote it with the query" told a user who had
    quoted it to do what was done, and a query of -words alone was told to write its
    words the other way round, which began with one too (a loop). What works: a word
    first; a query of -words alone is --exclude (-x) on each, with no query, which
    browses the library through them; else the query after --."""
    from papercli.sanitize import quoted

    said = [f"{quoted(word, 30)} read as an option", f"{quoted(word, 20)} read as an option"]
    if len(word.split()) == 1 and len(query) == 1:
        said.insert(0, f"no such option: {word}")  # (Click's words, of one typed alone)
    plain = next((at for at, piece in enumerate(query) if piece[:1] != "-"), None)
    if plain is None:  # -words alone
        left_out = [piece[1:] for piece in query]
        hints = [f"use {' '.join(f'--exclude {w}' for w in left_out)} instead",
                 f"use {' '.join(f'-x {w}' for w in left_out)} instead",
                 f"use {' '.join(f'-x {w}' for w in left_out)}",
                 "use -x WORD for each, with no query", "use -x WORD for each"]
    else:
        first = " ".join([*query[plain:], *query[:plain]])
        hints = [f"write {quoted(first, 30)}", f"{where} -- {quoted(' '.join(query), 30)}",
                 "put a word first", "put the query after --"]
    ways = [(message, hint) for message in said for hint in hints]
    return fitted(ways, ways[-1])


def _columns_spaced(extra: Sequence[str], words: Sequence[str],
                    option: str = "--columns") -> str | None:
    """The one `option` value (--columns, for-you's --like) the extra words (as Click
    names them) and the value before them make, joined by commas, when they follow the
    option on the line."""
    for at, word in enumerate(words):
        value = (words[at + 1:at + 2] if word == option else
                 [word.partition("=")[2]] if word.startswith(f"{option}=") else [])
        after = at + 1 + (word == option)
        if value and list(words[after:after + len(extra)]) == list(extra):
            return ",".join([*value, *extra])
    return None


def _command(root: Any, named: str | None) -> Any:
    """The command object `named` ("watch add") under the root group, or None."""
    found = root
    for word in (named or "").split():
        found = getattr(found, "commands", {}).get(word)
    return found if named else None


def _plainer(exc: Any, message: str, hint: str | None, words: Sequence[str],
             command: Any = None) -> tuple[str, str | None]:
    """Click's common usage errors reworded to fit an 80-column line: a bad option value
    by the option's long name (a choice's list cut to what fits), an unknown command or
    option with the close name offered, an option missing its value."""
    bad = _bad_value(exc, words)
    if bad is not None:
        from papercli.cli.options import ASKED_OTHERWISE, imported_by

        message, choices = bad
        given = re.search(r"'(.*)'", message)
        close = _meant(given[1].lower(), choices) if choices and given else []
        meant = imported_by(given[1], choices) if choices and given else None
        otherwise = ASKED_OTHERWISE.get((message.partition(" ")[0], given[1].casefold())
                                        ) if choices and given else None
        if meant is not None:  # `-f zotero`: the formats Zotero imports, not all twelve
            hint = meant
        elif otherwise is not None:  # `--by word`: how words are asked for
            hint = otherwise
        elif close:  # `--columns id,votes`: one name, not thirteen to read through
            hint = f"did you mean {close[0]}?"
        elif choices:  # the choices are what --help would have said
            hint = "use " + _some_of(choices, f"{message} — use ")
            message, hint = _value_whole(message, hint, words, "see --help")
    extra = _EXTRA.fullmatch(message)
    if extra and hint is not None:  # Click: "got unexpected extra argument(s) (foo)",
        # whose length made the hint "see --help" for some commands and not others
        message, hint = unexpected(extra[1], hint)
    unknown = _NO_SUCH_COMMAND.fullmatch(message)
    if unknown:  # Click: "no such command 'stared'. Did you mean 'starred', 'star'?"
        message = f"unknown command '{unknown[1]}'"
        ctx = getattr(exc, "ctx", None)
        if unknown[1].lower() == "version":
            hint = "papers --version shows the version"
        elif ctx is not None and ctx.parent is None and unknown[1].lower() in UNDOING:
            hint = f"did you mean {UNDOING[unknown[1].lower()]}?"
        elif ctx is not None and ctx.parent is None:  # papers WORD: its names, and ours
            names = _root_offers(ctx, unknown[1])
            hint = f"did you mean {_either(names)}?" if names else hint
        elif unknown[2]:  # (its names, quoted each: "did you mean starred', 'star?")
            names = _offered(ctx, re.findall(r"'([^']*)'", f"'{unknown[2]}'"))
            hint = f"did you mean {_either(names)}?" if names else hint
        if hint is not None:  # a long word cut short (`papers cache WORD`: 103 columns)
            from papercli.errors import quoting_shorter

            def said(shown: str) -> str:
                return f"unknown command {shown}"

            # ("see --help": the command is the one just typed; 'a-word-of-26' was cut to 24)
            ways = quoting_shorter(said, unknown[1], hint, [(said, "see --help")] * (
                hint.startswith("see '")))
            message, hint = fitted([(message, hint), *ways], (message, hint))
    unknown = _NO_SUCH_OPTION.fullmatch(message)
    if unknown:
        message, hint = _no_such_option(exc, unknown[1], message, hint, command)
    needs = _NEEDS_VALUE.fullmatch(message)
    if needs:  # Click: "option '--limit' requires an argument"
        message = f"{needs[1]} needs a value"
        hint = _what_to_give(exc, needs[1], message, command) or hint
    return message, hint


# Commands other tools' users type, and the ones that do that here: `hf papers ls`/`list`
# (the Daily Papers listing) and `info ID`, gh's `list` and `view`, a plural for the list
# of what a command marks (`stars`: starred). Asked for first, before the names alike.
ELSEWHERE: dict[str, tuple[str, ...]] = {
    "ls": ("today", "search"), "list": ("today", "starred"), "info": ("show",),
    "view": ("show",), "get": ("show",), "find": ("search",), "stars": ("starred",),
    "favorites": ("starred",), "bookmarks": ("starred",), "bookmark": ("star",),
    "similar": ("related",), "recommend": ("for-you",), "latest": ("today",),
    "daily": ("today",), "fetch": ("sync",), "update": ("sync",), "stats": ("trends",),
}


# The undoing commands come in pairs (star/unstar, hide/unhide, tag/untag); these undo by
# an option or a subcommand instead, offered whole: `papers unread ID` was "did you mean
# read or related?", two commands that do not undo a read mark.
UNDOING: dict[str, str] = {"unread": "papers read --unread", "unwatch": "papers watch rm"}


def _root_offers(ctx: Any, word: str) -> list[str]:
    """The commands a mistyped or foreign `papers WORD` may have meant, three at most:
    the ones other tools name so (ELSEWHERE), then those whose names are most alike,
    ties to the one sharing the longer start, then the longer run of letters. Click cut
    its three by name among equals (`stars`: "star, unstar or tags", not starred)."""
    import difflib

    # (the root as built for a word that names no command: every command, in outline)
    names = [n for n, c in getattr(ctx.command, "commands", {}).items()
             if not getattr(c, "hidden", False)]
    typed = word.lower()

    def alike(name: str) -> tuple[float, int, int]:
        same = difflib.SequenceMatcher(None, typed, name)
        start = next((at for at, (a, b) in enumerate(zip(typed, name, strict=False))
                      if a != b), min(len(typed), len(name)))
        run = same.find_longest_match(0, len(typed), 0, len(name)).size
        return same.ratio(), start, run

    close = sorted((n for n in names if alike(n)[0] >= 0.6),
                   key=lambda n: (*(-x for x in alike(n)), n))
    return list(dict.fromkeys([*ELSEWHERE.get(typed, ()), *close]))[:3]


def _as_keywords(command: Any, given: str) -> str | None:
    """`-k A -k B` for extra words (as Click joins them) given to a command that takes
    --keyword and no words: up to three plain words (letters, digits, a hyphen, a letter
    among them), none an option's nor a date (`papers day 2024-01-02 2024-01-03`: a
    second day, no word to look for); None for anything else."""
    opts = {o for p in getattr(command, "params", ()) for o in getattr(p, "opts", ())}
    typed = given.split()
    if "--keyword" not in opts or not 0 < len(typed) <= 3:
        return None
    from papercli.words import keyword_shaped

    if not all(keyword_shaped(word) and not _is_date(word) for word in typed):
        return None
    return " ".join(f"-k {word}" for word in typed)


def unexpected(given: str, hint: str) -> tuple[str, str]:
    """The words a command does not take (as Click joins them, `given`), quoted as a
    value is, and `hint`, as they fit 80 columns: "extra argument 'foo'" ("extra
    arguments 'a b'" for several; not "unexpected", which reads as the program's own
    failure). Words short enough are said whole with "see --help" (the command is the
    one just typed) before they are cut: 'an-argument-of-25-letters' was cut to 17."""
    from papercli.errors import QUOTED_WHOLE, quoting_shorter

    head = "extra arguments" if len(given.split()) > 1 else "extra argument"

    def said(shown: str) -> str:
        return f"{head} {shown}"

    ways = quoting_shorter(said, given, hint, [(said, "see --help")] * (
        len(given) <= QUOTED_WHOLE))
    message, then = fitted(ways, ways[0])
    return message, then or hint


def _value_whole(message: str, hint: str, words: Sequence[str], *briefer: str
                 ) -> tuple[str, str]:
    """`message` (which quotes one of the command line's `words`) and `hint` as they fit
    the error line: with the hint said `briefer` before the value is cut
    (`errors.quoting_shorter`). `--format 'a-format-of-25-letters' — use table, … (11
    more in --help)` made 86 columns, and a pasted page's 145: neither was cut."""
    from papercli.errors import QUOTED_WHOLE, quoting_shorter
    from papercli.sanitize import QUOTED_MAX, quoted

    if _cells(f"{message} — {hint}") <= ERROR_LINE:
        return message, hint
    shown, typed = next(((quoted(value, cut), value) for word in words
                         for value in (word, word.partition("=")[2]) if value
                         for cut in (QUOTED_MAX, 40, 30) if quoted(value, cut) in message),
                        ("", None))  # (as the message quotes it: cut at 40 by some)
    if typed is None:
        return message, hint
    lead, _, tail = message.partition(shown)

    def said(shown: str) -> str:
        return f"{lead}{shown}{tail}"

    # (the hint said briefer only to keep a value whole: one cut anyway keeps the hint,
    # whose choices say more than more of a pasted page)
    ways = quoting_shorter(said, typed, hint, [(said, brief) for brief in briefer
                                               if len(typed) <= QUOTED_WHOLE])
    chosen = fitted(ways, (message, hint))
    return chosen[0], chosen[1] or hint


def _meant(given: str, choices: Sequence[str]) -> list[str]:
    """The choice a mistyped value meant: the close one, else the one it begins (`--sort
    rel`: relevance; not taken as it, as a script would then break when a new choice
    shares the start), else none."""
    from papercli.words import closest

    close = [hit] if (hit := closest(given, choices)) is not None else []
    if close or not given:
        return close
    begun = [c for c in choices if c.lower().startswith(given)]
    return begun if len(begun) == 1 else []


def _either(names: Sequence[str]) -> str:
    """"a", "a or b", "a, b or c"."""
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _no_such_option(exc: Any, given: str, message: str, hint: str | None,
                    command: Any) -> tuple[str, str | None]:
    """An unknown option, with the close names the command has (Click offered any two at
    all: `related --like` got "--offline or --since"), else the command of the same group
    that has it (`related --like`: for-you's), else where the options are listed."""
    import difflib

    ctx = getattr(exc, "ctx", None)
    cmd = getattr(ctx, "command", None) or command
    # (with --help, which Click keeps apart from the params: `--hel` was said to be no
    # option with no word of the one meant)
    params = cmd.get_params(ctx) if ctx is not None and hasattr(cmd, "get_params") else (
        getattr(cmd, "params", ()))
    longs = sorted({o for p in params for o in getattr(p, "opts", ()) if o.startswith("--")})
    if not longs:  # (no command to ask: what Click offered)
        offered = re.search(r"(?:did you mean (\S+)\?|\(possible options: (.*)\))$",
                            message, re.IGNORECASE)
        longs = (offered[1] or offered[2]).split(", ") if offered else []
    bare = {o.lstrip("-"): o for o in longs}  # ("--" alike in every name made all close)
    close = [bare[c] for c in difflib.get_close_matches(given.lstrip("-").lower(), bare, n=2)]
    message = f"no such option: {given}"
    if re.fullmatch(r"--(?:no-)?colou?rs?", given.lower()):
        # git's and ls's flag (--columns was offered): colour is the environment's here,
        # as https://no-color.org has it
        return message, "NO_COLOR=1 turns colour off"
    if given.partition("=")[0] in ("--format", "-f") and "--json" in longs:
        # `families --format json`: "papers search takes it" sent a look at the families
        # to another command; the table or --json is what this one prints.
        return message, "did you mean --json?"
    if (named := _format_named(cmd, given)) is not None:
        # `trends --csv`, `today --md`: a format typed as a flag of its own
        return message, f"did you mean --format {named}?"
    if close:
        return message, f"did you mean {_either(close)}?"
    same = _SAME_AS.get(given.partition("=")[0])
    if same in longs:  # `cache clear --force`: what other tools call its --yes
        return message, f"did you mean {same}?"
    if given in ("-v", "-V") and ctx is not None and ctx.parent is None:
        return message, "papers --version shows the version"
    sibling = _sibling_with(ctx, given) if given.startswith("--") else None
    # ("papers search takes it; see --help" left unsaid whose help: this command's)
    if sibling is not None and _cells(f"{message} — {sibling} takes it") <= ERROR_LINE:
        return message, f"{sibling} takes it"
    return message, hint  # (where the options are: "see 'papers today --help'", as for
    # every usage error; "papers today --help lists its options" did not fit every command)


# An option other tools name differently, and the name it has here where a command has it.
_SAME_AS = {"--force": "--yes", "--yes": "--force"}


def _format_named(cmd: Any, given: str) -> str | None:
    """The format `given` names (`--csv`: csv) when the command's --format takes it."""
    name = given.partition("=")[0].removeprefix("--").lower()
    for param in getattr(cmd, "params", ()):
        if "--format" in getattr(param, "opts", ()):
            choices = getattr(getattr(param, "type", None), "choices", None) or ()
            if given.startswith("--") and name in {str(c).lower() for c in choices}:
                return name
    return None


def _sibling_with(ctx: Any, option: str) -> str | None:
    """The command beside the one run (in its group; from its module, for-you beside
    related) that takes `option`, as typed ("papers for-you"); None for none. The root
    given to a command line is built with its one command: those beside it are asked
    for (`PapersGroup.everything`)."""
    if ctx is None or ctx.parent is None:
        return None
    path = ctx.command_path.split()[1:]  # ["watch", "add"]
    group = getattr(ctx.find_root().command, "everything", lambda: None)()
    for word in path[:-1]:
        group = getattr(group, "commands", {}).get(word)
    for name, sibling in getattr(group, "commands", {}).items():
        if (name != path[-1] and not getattr(sibling, "hidden", False)
                and any(option in getattr(p, "opts", ()) for p in getattr(sibling, "params", ()))):
            return " ".join(["papers", *path[:-1], name])
    return None


def _path(ctx: Any) -> str:
    """The command line's command as --help names it ("papers watch list" for the
    `watch ls` typed: "see 'papers watch ls --help'" named a spelling no help lists)."""
    parent = ctx.parent
    if parent is None or not getattr(ctx.command, "hidden", False):
        return str(ctx.command_path)
    shown = _shown(parent, [ctx.info_name])
    return f"{parent.command_path} {shown[0]}" if shown else str(ctx.command_path)


def _networked(command: Any) -> bool:
    """Whether a command can use the network: it takes one of the options that say how
    (`--offline`, `--online`, `--refresh`, `--timeout`), shown (a hidden `--offline`
    is one a library listing takes as the others do: `_common.OfflineAlready`)."""
    return any(o in ("--offline", "--online", "--refresh", "--timeout")
               for p in getattr(command, "params", ()) if not getattr(p, "hidden", False)
               for o in getattr(p, "opts", ()))


def _shown(ctx: Any, names: Sequence[str]) -> list[str]:
    """Command names Click offered, as --help shows them: a hidden alias (`watch ls`,
    `watch remove`, `config list`) as the command it runs (list, rm, show), once;
    offered as they were, "did you mean list or ls?" named a spelling no help lists."""
    group = getattr(ctx, "command", None)
    if ctx is not None and ctx.parent is None:  # (the root is built with one command)
        group = getattr(group, "everything", lambda: group)()
    commands = getattr(group, "commands", {})
    shown: list[str] = []
    for name in names:
        found = commands.get(name)
        if found is not None and getattr(found, "hidden", False):
            name = next((other for other, cmd in commands.items()
                         if not getattr(cmd, "hidden", False) and _runs(cmd) == _runs(found)),
                        "")
        if name and name not in shown:
            shown.append(name)
    return shown


def _offered(ctx: Any, names: Sequence[str]) -> list[str]:
    """The command names Click offered for a mistyped one, each once: an alias --help
    does not list is offered as it is (`config lst`: list, which works, where "show or
    set" sent the user from what they meant), unless the command it runs is offered too
    (`watch lis`: list, not "list or ls")."""
    offered: list[str] = []
    for name in names:
        shown = _shown(ctx, [name])
        if shown and shown[0] != name and shown[0] in names:
            name = shown[0]  # (the alias's command is offered: said once, as listed)
        if name not in offered:
            offered.append(name)
    return offered


def _runs(command: Any) -> tuple[str, str] | None:
    """What a command runs (its function's module and name): an alias runs its command's."""
    callback = getattr(command, "callback", None)
    if callback is None:
        return None
    return getattr(callback, "__module__", ""), getattr(callback, "__qualname__", "")


def _what_to_give(exc: Any, option: str, message: str, command: Any) -> str | None:
    """What an option missing its value takes, as a bad value's line says it: its
    choices ("use table, json, …") or its value's name ("give -o FILE"), not "see
    'papers export --help'". `command`: the command object when Click gave no context."""
    ctx = getattr(exc, "ctx", None)
    params = getattr(getattr(ctx, "command", None) or command, "params", ())
    param = next((p for p in params if option in getattr(p, "opts", ())), None)
    if param is None:
        return None
    choices = tuple(str(c) for c in getattr(param.type, "choices", ()))
    if choices:
        return "use " + _some_of(choices, f"{message} — use ")
    metavar = getattr(param, "metavar", None)
    return f"give {option} {metavar}" if metavar else None


# The width a usage error is worded to fit, "papers: error: " included: on an 80-column
# terminal a line that wraps reads worse than a shorter one.
ERROR_LINE = 80
# What a command's missing argument's line says to do, in place of "see --help": where
# the value is found. (The argument required, its usage shows {ID}, not [ID].)
_MISSING_HINTS = {"papers note": "papers search --noted lists your notes"}
_NO_SUCH_COMMAND = re.compile(r"no such command '(.*)'\.(?: did you mean '(.*)'\?)?",
                              re.IGNORECASE)
_NO_SUCH_OPTION = re.compile(r"no such option: (\S+)(?: did you mean (\S+)\?"
                             r"| \(possible options: (.*)\))?", re.IGNORECASE)
_EXTRA = re.compile(r"got unexpected extra arguments?(?:\(s\))? \((.*)\)", re.IGNORECASE)
_NEEDS_VALUE = re.compile(r"option '(-\S+)' requires an argument\.?", re.IGNORECASE)


def _is_date(word: str) -> bool:
    """Whether a word is a date `papers day` takes (2026-08-20, yesterday, 3d)."""
    from papercli.errors import UsageError
    from papercli.periods import parse_date

    try:
        parse_date(word)
    except UsageError:
        return False
    return bool(word.strip()) and len(word.split()) == 1


def _paper_ids(words: Sequence[str]) -> list[str]:
    """The words as paper ids when every one is one (an id or its URL), else []."""
    from papercli.models import id_or_none

    ids = [id_or_none(word) for word in words]
    return [i for i in ids if i is not None] if all(ids) else []


def _cells(message: str, lead: str = "error") -> int:
    """The cells `message` takes on its line (an error's, or a warning's; `lead` "": a
    note's, "papers: …")."""
    from papercli.output import PROG
    from papercli.terminal import cell_width

    return cell_width(f"{PROG}: {lead}: {message}" if lead else f"{PROG}: {message}")


def _some_of(names: Sequence[str], lead: str) -> str:
    """`names` as "a, b or c", or as many as fit on the error line after `lead` with the
    rest counted ("a, b, … (8 more in --help)"): twelve formats made a 200-column line."""
    whole = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    if _cells(lead + whole) <= ERROR_LINE:
        return whole
    count = len(names) - 1
    while count > 1 and _cells(
            f"{lead}{', '.join(names[:count])}, … ({len(names) - count} more in --help)"
    ) > ERROR_LINE:
        count -= 1
    return f"{', '.join(names[:count])}, … ({len(names) - count} more in --help)"


def _bad_value(exc: Any, words: Sequence[str]) -> tuple[str, tuple[str, ...]] | None:
    """Click's "invalid value for '--sort' / '-s': 'x' is not one of 'a', 'b', …" as
    "--sort 'x'" and its choices, and any other bad option value as "--limit: 'x' is
    not a whole number" (no choices): the option's one long name, no quoting of it,
    so that the line fits. None for what is not an option's bad value."""
    if type(exc).__name__ != "BadParameter":
        return None
    param = getattr(exc, "param", None)
    names = [o for o in getattr(param, "opts", ()) if o.startswith("-")]
    given = getattr(exc, "param_hint", None)
    if not names and isinstance(given, str) and given.startswith("-"):
        names = [given]  # a value refused after parsing (--columns)
    if not names:
        return None
    option = max(names, key=len)
    detail = " ".join(_quoted_short(str(getattr(exc, "message", "")), words).split())
    choices = tuple(str(c) for c in getattr(getattr(param, "type", None), "choices", ()))
    shape = re.fullmatch(r"(.*) is not (?:one of )?'.*", detail)
    if choices and shape:
        return f"{option} {shape[1]}", choices
    listed = re.fullmatch(r"(.*); choose from (.*)", detail)  # (columns.parse_columns)
    if listed:
        head = listed[1]  # ("unknown column 'x'" says which option it is)
        return (head if head.startswith("unknown ") else f"{option}: {head}",
                tuple(listed[2].split(", ")))
    return f"{option}: {detail.rstrip('.')}", ()
