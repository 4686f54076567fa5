"""Exit codes and the exceptions the core raises for a person to read.

Every failure a user can cause or meet is a `PapersError` with a one-line message and,
where there is one, a hint saying what to do. The CLI turns them into one stderr line and
the exit code below; nothing else reaches the user as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from enum import IntEnum
from typing import TypeVar


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


def debugging() -> bool:
    """Whether PAPERS_DEBUG asks for tracebacks: any value but blank, 0, false, no or off
    (any case), so `PAPERS_DEBUG=0` is off, as `PAPERS_OFFLINE=0` is."""
    import os

    return os.environ.get("PAPERS_DEBUG", "").strip().lower() not in (
        "", "0", "false", "no", "off")


def is_panic(exc: BaseException) -> bool:
    """Whether `exc` is a panic of compiled code below (the search index's tantivy), as
    pyo3 raises it: PanicException derives from BaseException, so `except Exception`
    lets it through."""
    return type(exc).__name__ == "PanicException"


def is_failure(exc: BaseException) -> bool:
    """Whether `exc` is a failure of the work (reported in one line), as opposed to a
    request to stop (KeyboardInterrupt, SystemExit): an Exception, or a panic below."""
    return isinstance(exc, Exception) or is_panic(exc)


REFUSED = "refused the request"  # how a source's `refused` status is said


def refused(status: int) -> bool:
    """Whether an HTTP error status refuses the request itself, so that asking again
    (later) gets the same answer: a 4xx, but a timeout (408) or a rate limit (429).
    Its hint says to check what was asked, not that the source may be down."""
    return 400 <= status < 500 and status not in (408, 429)


class PapersError(Exception):
    """A failure with a message fit for the user."""

    exit_code: ExitStatus = ExitStatus.ERROR
    # What failed in a few words, for a warning that goes on to say what was done instead
    # (`briefly`): "arXiv's feed was cut off; showing the copy cached 2 h ago".
    gist: str | None = None
    # The files the message names, as it names them (`naming`): the error line says them
    # shorter (`short_path`) where it would not fit 80 columns with them whole.
    paths: tuple[str, ...] = ()

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self._shorter: tuple[str, str | None, list[tuple[str, str | None]]] | None = None

    @property
    def shorter(self) -> list[tuple[str, str | None]]:
        """Shorter ways to say it, (message, hint) pairs, best first: the command line's one
        error line says the first that fits 80 columns, else the first, where the whole of
        it (a config file's path) would push what matters off the line. Given for the
        message and hint as they were then: one added to later (by a caller that knows
        more) is said whole."""
        if self._shorter is None or self._shorter[:2] != (self.message, self.hint):
            return []
        return self._shorter[2]

    @shorter.setter
    def shorter(self, ways: list[tuple[str, str | None]]) -> None:
        self._shorter = (self.message, self.hint, list(ways))

    def __str__(self) -> str:
        return self.message

    def line(self) -> tuple[str, str | None]:
        """(message, hint) as the command line's one error line says them: the whole
        message, unless a subclass keeps detail (URLs, the OS's words) for PAPERS_DEBUG."""
        return self.message, self.hint


class Several(PapersError):
    """The failures of a call given several ids that did none of them, each kind of id
    it could not do (`reading.Checked.failures`: found nowhere; the Hub out of reach):
    said one line each, as the command line says them after one another (the MCP server
    kept only one, the first or the last). Its own message and hint are the first's."""

    def __init__(self, errors: Sequence[PapersError]) -> None:
        super().__init__(errors[0].message, errors[0].hint)
        self.errors = list(errors)
        self.exit_code = max(e.exit_code for e in errors)


def all_of(errors: Sequence[PapersError]) -> PapersError:
    """One error for `errors` (one or more): the error itself, else `Several`."""
    return errors[0] if len(errors) == 1 else Several(errors)


class UsageError(PapersError):
    """The command line asked for something that cannot be: exit 2."""

    exit_code = ExitStatus.USAGE


class NotFoundError(PapersError):
    """A paper or listing that does not exist (locally or on the Hub). `url`: where the
    source answered 404, said under PAPERS_DEBUG only, as every source's URL is (in the
    line it made 166 columns of `show ID --full`'s error)."""

    def __init__(self, message: str, hint: str | None = None, *,
                 url: str | None = None) -> None:
        super().__init__(message, hint)
        self.url = url

    def line(self) -> tuple[str, str | None]:
        if self.url and debugging():
            return f"{self.message} ({self.url} answered 404)", self.hint
        return self.message, self.hint


class NowhereError(NotFoundError):
    """A paper neither the Hub nor arXiv has (both were asked): several are said alike."""


class RefusedError(NotFoundError):
    """A paper the Hub has no page for whose lookup arXiv answered with an error feed
    (`arxiv_message`, quoted): not "on neither the Hub nor arXiv", which arXiv did not
    say. `named`: whether arXiv's words name the id ("incorrect id format for ID"), so the
    id is what to check; else the query as a whole was refused, arXiv's to answer."""

    def __init__(self, paper_id: str, arxiv_message: str, *, named: bool,
                 url: str | None = None) -> None:
        what, hint = (("the id", "check the id") if named
                      else ("the query", "try again later"))
        super().__init__(f"paper {paper_id} is not on the Hub, and arXiv refused {what}: "
                         f"{arxiv_message}", hint=hint, url=url)
        self.paper_id = paper_id
        self.arxiv_message = arxiv_message
        self.named = named
        # (arXiv's words are long: "incorrect id format for ID" made 100 columns)
        self.shorter = [
            (f"paper {paper_id} is not on the Hub; arXiv refused {what}", hint),
            (f"{paper_id} is not on the Hub; arXiv refused {what}", hint),
            (f"{paper_id} is not on the Hub; arXiv refused it", hint),
            (f"arXiv refused {paper_id}" if named
             else f"arXiv refused the query for {paper_id}", hint)]


class UnaskedError(NotFoundError):
    """A paper the Hub has no page for while arXiv could not be asked (`reason`; what to
    do about it in a few words: `advice`): several are said alike, so the error naming
    them all says it too. `asked`: False when arXiv, already found out of reach, was not
    even tried for it (warnings count those)."""

    def __init__(self, message: str, *, paper_id: str, reason: str,
                 asked: bool = True, url: str | None = None,
                 advice: str | None = None) -> None:
        self.then = unasked_then(reason, "id", advice=advice)
        super().__init__(message, hint=f"arXiv could not be asked either ({reason}); "
                         f"{unasked_then(reason, 'id', 'try again later', advice)}", url=url)
        self.paper_id = paper_id
        self.reason = reason
        self.asked = asked
        self.advice = advice
        # With what to do first, as several ids are said (`unasked_named`): "2501.99999
        # is not on the Hub; arXiv refused — check ARXIV_API_ENDPOINT" is 87 columns.
        ways = unasked_named([paper_id], reason, "id", advice)
        self._said, self.shorter = ways[0], ways[1:]

    def line(self) -> tuple[str, str | None]:
        """What failed and what to do, in 80 columns: the Hub's URL and arXiv's address
        with the OS's words made 244 ("… answered 404) — arXiv could not be asked either
        (cannot connect to http://… ([Errno 111] Connection refused)); …"). PAPERS_DEBUG
        shows them all."""
        if debugging():
            return super().line()
        return self._said


def unasked_then(reason: str, what: str, later: str = "try later",
                 advice: str | None = None) -> str:
    """What to do about ids arXiv could not be asked about (`reason`): arXiv's own
    `advice` (`advice`: "check ARXIV_API_ENDPOINT" for a refused connection), else wait
    (`later`), unless arXiv refused the request (`refused`), which a rerun meets again:
    "check the id" (`what`), where "try later" was said of an HTTP 400 too, and of a
    connection refused."""
    if REFUSED in reason:
        return f"check the {what}"
    return advice or later


def unasked_ways(reason: str, what: str, advice: str | None = None
                 ) -> list[tuple[str, str | None]]:
    """Ways to say how arXiv failed for ids it could not be asked about, and what to do
    (`unasked_then`), best first, for a line that names the ids too: a refused connection
    said whole ("arXiv refused the connection"), then in a few words with the advice;
    then, where "check ARXIV_API_ENDPOINT" leaves the ids no room, the variable named as
    what failed, with what to do where the ids leave room ("ARXIV_API_ENDPOINT refused —
    check it": one id; without it, one id's line said what failed and nothing to do),
    then without (two ids or more have no room for it); last, the failure alone."""
    import re

    failed, then = arxiv_failed(reason), unasked_then(reason, what, advice=advice)
    refused = "refused the connection" in reason
    ways: list[tuple[str, str | None]] = [
        *([("arXiv refused the connection", then)] if refused else []), (failed, then)]
    named = re.fullmatch(r"check ([A-Z][A-Z0-9]*_[A-Z0-9_]+)", advice or "")
    if named:
        said = f"{named[1]} {'refused' if refused else 'did not answer'}"
        ways += [(said, "check it"), (said, None)]
    if advice == "check your network" and failed.endswith(" did not answer"):
        # (no host found, no route: "2406.00042 is not on the Hub; arXiv did not answer
        # — check your network" made 86 columns, then said nothing to do; said shorter,
        # one id keeps the advice, several "retry")
        unreachable = failed.replace(" did not answer", " unreachable")
        ways += [(unreachable, then), (unreachable, "retry")]
    ways.append((failed, None))
    return ways


def unasked_named(ids: Sequence[str], reason: str, what: str = "ids",
                  advice: str | None = None) -> list[tuple[str, str | None]]:
    """Ways to say that the Hub has no page for `ids` and that arXiv could not be asked
    about them (`reason`), best first, for the error line to say the first that fits 80
    columns: the ids named, as many as fit (the rest counted), with how arXiv failed and
    what to do (`unasked_ways`), then without what to do, then the ids counted alone.
    "unknown: 2501.99999" read as if arXiv had said it has no such paper, when it was
    never asked, and "2 ids not on the Hub; …" named none of them."""
    from papercli.words import first_few, plural

    ways = unasked_ways(reason, what, advice)
    told = [way for way in ways if way[1]]
    said: list[tuple[str, str | None]] = []
    for failures in (told, [way for way in ways if not way[1]]):
        for failed, then in failures:
            for shown in range(min(len(ids), 10), 0, -1):
                if shown == len(ids) - 1:  # ("A and 1 more": naming B takes a cell more)
                    continue
                named = first_few(ids, shown)
                leads = [*([f"{named} is not on the Hub"] if len(ids) == 1 else []),
                         f"not on the Hub: {named}", f"the Hub lacks {named}"]
                said += [(f"{lead}; {failed}", then) for lead in leads]
    if len(ids) > 1:  # (counted: a line no id fits in beside why)
        said += [(f"{plural(len(ids), 'id')} not on the Hub; {failed}", then)
                 for failed, then in ways]
    return list(dict.fromkeys(said))


def advice(exc: BaseException) -> str | None:
    """What to do about a source's failure other than wait, in a few words, for a line
    that says the failure in a few words too ("arXiv did not answer — check
    ARXIV_API_ENDPOINT"): a connection that could not be made, its hint as the transport
    shortened it (`SourceError.later`: it knows the kind), else the hint's last advice
    (`_gist`: "HTTP_PROXY did not answer — check it"). None for a failure that waiting
    may mend (a timeout, an error status: "try later") or that is not a source's."""
    if not isinstance(exc, SourceUnreachable) or exc.kind in ("timeout", "dropped", "down"):
        return None
    return exc.later or _gist(exc.hint)


# A proxy's variable as a failure names it ("the Hub timed out through HTTP_PROXY"): any
# of transport.PROXY_VARIABLES but NO_PROXY, in either case.
_PROXY_VARIABLE = r"\b(?:[a-z]+_proxy|[A-Z]+_PROXY)\b"


def arxiv_failed(reason: str, source: str = "arXiv") -> str:
    """How arXiv (or `source`, "the Hub") failed, in a few words, from a source error's
    message (`reason`): its status, a timeout, a refused connection ("refused": it was
    said "did not answer", as if it had timed out), no answer at all, HTML where JSON was
    asked for, or another answer that could not be read."""
    import re

    if reason.startswith("SSL_CERT_FILE "):  # (nor here: no request could be made)
        return "SSL_CERT_FILE cannot be used"
    # No answer through a proxy ("the Hub timed out through the proxy 127.0.0.1:3128
    # (HTTP_PROXY) after 10s", "the connection through HTTP_PROXY was dropped"): the
    # proxy is what gave none, as the error's hint says ("check the proxy"); "the Hub
    # timed out" sent the user to a Hub the proxy may never have reached. (An error
    # status through it is the source's, passed on: "the Hub answered 502".)
    carried = re.search(rf" through (?:the proxy\b|a proxy\b|{_PROXY_VARIABLE})", reason) and not (
        re.search(r"\bHTTP \d{3}\b", reason))
    if reason.startswith("the proxy ") or carried:  # (the source never reached, or mute)
        # "HTTP_PROXY did not answer": the variable to check, in a few words
        who = re.search(rf"\(({_PROXY_VARIABLE})\)| through ({_PROXY_VARIABLE})", reason)
        proxy = (who[1] or who[2]) if who else "the proxy"
        status = re.search(r"\banswered (\d{3})\b", reason)
        if "cannot use" in reason:
            return f"{proxy} cannot be used"
        if status:
            return f"{proxy} answered {status[1]}"
        if " hung up" in reason or " was dropped" in reason:  # (it answered, then not)
            return f"{proxy} hung up"
        return f"{proxy} timed out" if " timed out" in reason else f"{proxy} did not answer"
    status = re.search(r"\bHTTP (\d{3})\b|\banswered (\d{3})\b", reason)
    if status:
        return f"{source} answered {status[1] or status[2]}"
    if "rate limiting" in reason:
        return f"{source} answered 429"
    if "timed out" in reason or "time budget" in reason or "timeouts in a row" in reason:
        return f"{source} timed out"
    if "refused the connection" in reason:
        return f"{source} refused"
    if reason.startswith(("cannot connect", "connection dropped", "request to ", "cannot find",
                          "the network is", "no route to", "TLS with ")) or any(
            said in reason for said in ("did not answer", "looks down", "TLS certificate",
                                        "network is unreachable")):
        return f"{source} did not answer"
    if " sent HTML" in reason:  # (a captive portal, an endpoint that is a web page: said
        return f"{source} sent HTML"  # as "a bad answer", the hint no longer fitted with it)
    return f"{source} sent a bad answer"


# The columns a warning's own words have on an 80-column line, after "papers: warning: ",
# and a note's, after "papers: ".
WARNING_ROOM = 80 - len("papers: warning: ")
NOTE_ROOM = 80 - len("papers: ")


# The ways each line `fitting` chose was chosen from, and the room, by the line, kept
# while someone listens: the MCP server, which says a line in its tools' terms (longer:
# "the user's command `papers unhide ID`") and fits it again. None: nothing kept.
FITTED: ContextVar[dict[str, tuple[tuple[str, ...], int]] | None] = ContextVar(
    "fitted", default=None)


def fitting(*ways: str, room: int = WARNING_ROOM) -> str:
    """The first of `ways` (best first) that fits a warning's (or with NOTE_ROOM, a
    note's) 80-column line, else the last (a terminal wraps it between words): the core's
    warnings and notes, fitted as the command line fits its errors (`cli.failures`)."""
    from papercli.terminal import cell_width

    chosen = next((way for way in ways if cell_width(way) <= room), ways[-1])
    kept = FITTED.get()
    if kept is not None:
        kept[chosen] = (ways, room)
    return chosen


ERROR_ROOM = 80 - len("papers: error: ")


def lead_when_none_fits(ways: Sequence[tuple[str, str | None]],
                        fallback: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """An error's shorter ways (best first), led by `fallback` when none fits its line
    with the file it names whole: the line said when none fits is the first of them
    (`cli.failures`), and with a long file name, said whole piped, that was the whole
    of a cut-off file's message and hint (170 to 320 columns), where "NAME is cut off;
    1 paper before it kept" says what matters."""
    from papercli.terminal import cell_width

    if any(cell_width(f"{message} — {hint}" if hint else message) <= ERROR_ROOM
           for message, hint in ways):
        return list(ways)
    return [fallback, *(way for way in ways if way != fallback)]


# What was typed is quoted whole up to this many characters, whatever else the line
# says: its error line says the rest shorter (`quoting_shorter`) rather than cut it.
QUOTED_WHOLE = 30


def quoting_shorter(said: Callable[[str], str], value: str, hint: str | None,
                    briefer: Sequence[tuple[Callable[[str], str], str | None]] = ()
                    ) -> list[tuple[str, str | None]]:
    """Ways to say an error whose message quotes `value` (`said` makes the message from
    the value quoted), for `PapersError.shorter`: whole first (said when nothing fits),
    then the rest said shorter (`briefer`: (said, hint) pairs, best first: a briefer
    hint, a shorter lead) with the value still whole, and only then the value cut ever
    shorter, each way's words kept as long as the value keeps `QUOTED_WHOLE`
    characters. "invalid day '2026-08-2…' — use YYYY-MM-DD, today, yesterday or 7d" cut
    the very character that was wrong to keep every word of the hint."""
    from papercli.sanitize import QUOTED_MAX, quoted

    forms = [(said, hint), *briefer]
    longest = min(len(value), QUOTED_MAX)
    whole = [(way(quoted(value)), then) for way, then in forms]
    kept = [(way(quoted(value, limit)), then) for way, then in forms
            for limit in range(longest - 1, QUOTED_WHOLE - 1, -1)]
    cut = [(way(quoted(value, limit)), then)
           for limit in range(min(longest - 1, QUOTED_WHOLE - 1), 2, -1)
           for way, then in forms]
    return list(dict.fromkeys([*whole, *kept, *cut]))


_E = TypeVar("_E", bound="PapersError")


def naming(error: _E, *paths: str) -> _E:
    """`error`, told the files its message names (as it names them: an import's FILE, an
    export's -o), which its error line may say shorter (`short_path`): a long folder
    made an import's or an export's line 130 to 280 columns."""
    error.paths = tuple(dict.fromkeys([*error.paths, *(p for p in paths if "/" in p)]))
    return error


def short_path(path: str, cells: int) -> str:
    """`path` in about `cells` cells, for an error line that must fit 80 columns: its file
    name whole and the middle of its folder said as "…" ("/home/me/papers-exp…-archive/
    notes.txt"), at the least "…/notes.txt"; as it is when it fits, or names no folder.
    A link keeps its start instead (`terminal.fit_url`: the host, then the paper's id)."""
    from papercli.terminal import cell_width

    if cell_width(path) <= cells:
        return path
    trail = "/" if path.endswith("/") and path != "/" else ""
    folder, sep, name = path.removesuffix(trail).rpartition("/")
    if not sep or not folder:
        return path
    room = cells - cell_width(name + trail) - 2  # (the "…" and the "/" before the name)
    if room < 4:
        return f"…/{name}{trail}"
    start = folder[:(room + 1) // 2]
    end = folder[len(folder) - room // 2:]
    while cell_width(start + end) > room and (start or end):  # (wide letters: by cells)
        start, end = (start[:-1], end) if len(start) >= len(end) else (start, end[1:])
    return f"{start}…{end}/{name}{trail}"


def in_brief(exc: PapersError, then: str = "") -> str:
    """What failed, for a warning that goes on to say what was done instead ("; `then`"):
    a source's failure as made (not "(gave up after 4 attempts)"), or in a few words
    ("the Hub answered 429", "the Hub did not answer") when the line would not fit 80
    columns otherwise. The retries, the host and the OS's words made such warnings 85 to
    116 columns; PAPERS_DEBUG says all of it, with the URL."""
    tail = f"; {then}" if then else ""
    return fitting(*(way + tail for way in briefly(exc))).removesuffix(tail)


def briefly(exc: PapersError) -> list[str]:
    """Ways to say what failed, longest first, for a line that says more about it: a
    source's failure as made (without "(gave up after 4 attempts)"), then in a few words
    ("the Hub answered 429"); any other failure as made, then its shorter ways and its
    `gist`; under PAPERS_DEBUG, the whole of it (with the URL alone)."""
    if isinstance(exc, UnaskedError):  # (the Hub answered; arXiv could not be asked)
        return ([f"not on the Hub; arXiv: {exc.reason}"] if debugging() else
                [f"not on the Hub; arXiv: {exc.reason}",
                 f"not on the Hub; {arxiv_failed(exc.reason)}"])
    if not isinstance(exc, SourceError):
        if debugging():
            return [exc.message]
        return list(dict.fromkeys([exc.message, *(way for way, _ in exc.shorter),
                                   *([exc.gist] if exc.gist else [])]))
    if debugging():
        return [exc.line()[0]]
    return list(dict.fromkeys([exc.brief, *([exc.plain] if exc.plain else []), arxiv_failed(
        exc.brief, "the Hub" if isinstance(exc, HubError) else "arXiv")]))  # (the two sources)


def failed_then(exc: PapersError, then: str) -> str:
    """A warning built on a failure: what failed (`in_brief`), then what was done
    instead ("showing the copy cached 2 days ago")."""
    return f"{in_brief(exc, then)}; {then}"


class SourceError(PapersError):
    """A source (the Hub, arXiv) could not give us what we asked for.

    Its text often quotes what the HTTP library said, so it is redacted here, once: no
    token or URL password survives into a message, a hint or `sync --json`."""

    def __init__(self, message: str, url: str | None = None, hint: str | None = None) -> None:
        from papercli.redaction import redact  # lazy: only an error pays for the regexes

        super().__init__(redact(message), redact(hint) if hint else hint)
        self.url = redact(url) if url else url
        self.brief = self.message  # as made: a caller may add to `message` ("gave up …")
        self.detail: str | None = None  # the OS's or a parser's words, for PAPERS_DEBUG
        self.later: str | None = None  # the hint in a few words, when it knows better
        # `brief` without the host it names ("arXiv refused the connection"), if it does
        self.plain: str | None = None

    @property
    def shorter(self) -> list[tuple[str, str | None]]:
        """Shorter ways to say it (`PapersError.shorter`): those given, else the message
        as made (without "(gave up after 4 attempts)" and the like) and the hint's last
        clause ("check your network, or set HF_ENDPOINT": "check your network"), so that
        the line fits 80 columns with a typical host."""
        given = PapersError.shorter.fget(self)  # type: ignore[attr-defined]
        if given:
            return list(given)
        hints = [self.later] if self.later else [_gist(self.hint), _terse(self.hint)]
        ways = [*((self.message, h) for h in hints), (self.brief, self.hint),
                *((self.brief, h) for h in hints),
                *((self.plain, h) for h in hints if self.plain)]
        return [way for at, way in enumerate(ways)
                if way not in ways[:at] and way != (self.message, self.hint)]

    @shorter.setter
    def shorter(self, ways: list[tuple[str, str | None]]) -> None:
        PapersError.shorter.fset(self, ways)  # type: ignore[attr-defined]

    def line(self) -> tuple[str, str | None]:
        """The message, with the URL asked for and the words of what failed below it
        (the OS's, the JSON parser's) under PAPERS_DEBUG only."""
        said = [x for x in (self.url, self.detail) if x and x not in self.message]
        if debugging() and said:
            return f"{self.message} [{'; '.join(said)}]", self.hint
        return self.message, self.hint


def _gist(hint: str | None) -> str | None:
    """A hint's last advice, in a few words: "the Hub may be down; try again later" as
    "try again later", "check your network, or set HF_ENDPOINT" as "check your network",
    "a listing is a few hundred KB: check HF_ENDPOINT, or try again later" as "check
    HF_ENDPOINT"."""
    if not hint:
        return hint
    return hint.split(", or ")[0].rpartition("; ")[2].rpartition(": ")[2]


def _terse(hint: str | None) -> str | None:
    """A hint in two or three words: the variable it names to check ("check that HF_TOKEN
    is a valid token": "check HF_TOKEN"), else "try again later"."""
    import re

    if not hint:
        return hint
    named = re.search(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", hint)
    return f"check {named[0]}" if named else "try again later"


class SourceUnreachable(SourceError):
    """No HTTP answer at all: DNS, refused, reset, timeout.

    `kind` says which: "connect" (refused, unresolvable), "timeout", "dropped", "down"
    (so many timeouts in a row that the source is taken for down), or "other"."""

    def __init__(
        self, message: str, url: str | None = None, hint: str | None = None,
        kind: str = "other",
    ) -> None:
        super().__init__(message, url, hint)
        self.kind = kind


class SourceStatusError(SourceError):
    """An HTTP answer with an error status, after retries."""

    def __init__(
        self,
        message: str,
        status: int,
        url: str | None = None,
        hint: str | None = None,
        wait: float | None = None,
    ) -> None:
        super().__init__(message, url, hint)
        self.status = status
        self.wait = wait  # what Retry-After / RateLimit asked for, capped
        self.asked: float | None = None  # what it asked for, before the cap
        self.body: bytes | None = None  # a refusal's own words (arXiv's error feed), bounded


class SourceResponseError(SourceError):
    """A 2xx answer whose body is not what we expect (too big, badly encoded, junk)."""


# The Hub's names for them: what the Hub client raises and what callers catch, so a
# failure of another source is never mistaken for the Hub's.
class HubError(SourceError):
    """The Hub could not give us what we asked for."""


class HubUnreachable(HubError, SourceUnreachable):
    """No HTTP answer from the Hub at all (see `SourceUnreachable.kind`)."""


class HubStatusError(HubError, SourceStatusError):
    """The Hub answered with an error status, after retries."""


class HubResponseError(HubError, SourceResponseError):
    """A 2xx answer from the Hub whose body is not the JSON shape we expect."""


class OfflineMiss(PapersError):
    """`--offline` asked for something the library does not hold."""


class DamagedRecord(OfflineMiss):
    """Offline, a paper whose row the library holds but cannot read (too damaged to make
    a paper of): said as damaged, not as missing ("not in the local library" sent the
    user looking for a paper they could see in `papers cache info --check`), with what
    fetches it again."""

    def __init__(self, paper_id: str) -> None:
        super().__init__(f"the record of {paper_id} in library.db is damaged",
                         hint="run without --offline to fetch it again")
        self.shorter = [(f"the record of {paper_id} is damaged", "run without --offline"),
                        (f"{paper_id} is damaged in library.db", "drop --offline")]


class NetworkNeeded(OfflineMiss):
    """Offline, a command reached for the network itself (with --offline, a bug; with
    network.offline, a command that is all network)."""

    def __init__(self) -> None:
        super().__init__("internal: network use in --offline mode")


class StoreError(PapersError):
    """The local library cannot be opened or written."""


class ConfigError(PapersError):
    """The config file is unreadable, invalid TOML, or has a value of the wrong type."""


class ConfigChanged(ConfigError):
    """config.toml no longer holds what a hand edit (`config edit`) started from."""


class OutputError(PapersError):
    """An output file cannot be written (exists without --force, unwritable path).
    `paths`: the files and folders the message names, which a long line says shorter
    (`naming`)."""

    def __init__(self, message: str, hint: str | None = None, *,
                 paths: tuple[object, ...] = ()) -> None:
        super().__init__(message, hint)
        naming(self, *(str(path) for path in paths))


class Unreachable:
    """The sources one command found out of reach (cannot connect, timed out, down),
    shared by its lookups of several ids: a source is asked once, not once per id, as
    100 unknown ids each waiting out arXiv's ~3 s took minutes. One per command, never
    per session: a long-lived session (the MCP server) asks again on its next call.

    With `after_retries` (`reading.look_up`: `show`, `star`, `open`, `related`, the MCP
    tools … given ids the library lacks), the Hub failing a request after all its
    retries (an error status worth retrying, a 5xx or a 429; a connection dropped each
    time) puts it out of reach too: a Hub answering 500 to every page cost each id its
    retries, ten ids ~15 s before a word. Without it (an import's references, which
    give up after a few errors in a row; the browser, asked one paper at a time) an
    error status may be that paper's page's alone, and the next id is asked."""

    __slots__ = ("after_retries", "arxiv", "arxiv_advice", "hub")

    def __init__(self, *, after_retries: bool = False) -> None:
        self.arxiv: str | None = None  # why arXiv could not be asked
        self.arxiv_advice: str | None = None  # and what to do about it (`advice`)
        self.hub: HubError | None = None  # the Hub's failure, given again for later ids
        self.after_retries = after_retries


def size_limit(limit: int) -> tuple[str, str]:
    """What to say when the file-size limit (`ulimit -f`, RLIMIT_FSIZE) stopped a write."""
    human = f"{limit / 2**20:.1f} MiB" if limit >= 2**20 else f"{limit / 1024:.0f} KiB"
    return (f"the file-size limit ({human}, ulimit -f) was reached",
            "raise the limit (ulimit -f unlimited) and try again")


def os_cause(number: int | None) -> tuple[str, str] | None:
    """(what happened, what to do) for an errno that means "no room", "read-only" or
    "not allowed": the one place that says what to do about such an OS error, wherever
    it is met (a database, an output file, a lock, one no narrower handler caught): here,
    below all of them (it was the databases', which an output file and a lock are not).
    "Permission denied" and "Operation not permitted" were said without a word of what
    to do."""
    import errno
    import resource

    if number in (errno.EACCES, errno.EPERM):  # (reading or writing: its mode tells which)
        return "permission denied", "check its permissions (ls -l)"

    if number == errno.EFBIG:
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if limit != resource.RLIM_INFINITY:
            return size_limit(limit)
        return "the file grew too large for its file system", "choose another place"
    if number == errno.EDQUOT:
        return ("the disk quota is used up",
                "free some space within your quota (or ask for more) and try again")
    if number == errno.ENOSPC:
        return "the disk is full", "free some space and try again"
    if number == errno.EROFS:
        return "the disk is read-only", "make it writable, or choose another place"
    return None


def briefer(fix: str) -> str:
    """An OS error's fix (`os_cause`) in fewer words, for a line with no room for it
    whole beside what happened (which says the quota): its first way ("make it
    writable, or choose another place": "make it writable"), without an aside, the
    quota or "and try again" ("free some space within your quota (or ask for more) and
    try again": "free some space")."""
    import re

    return re.sub(r" \([^)]*\)| within your quota| and try again$", "",
                  fix.partition(", or ")[0])
