"""`papers mcp`: the library as Model Context Protocol tools, on stdin/stdout.

An assistant (Claude Desktop, an IDE agent) starts `papers mcp` and calls its tools: search,
list a day or period, show a paper, read its full text, rank for-you, find related papers,
count trends, list the user's tags and watches, the families and organizations (and, with
`--allow-writes`, star, unstar, tag, untag, note and mark_read). Each tool is a view or a
core call, exactly what the matching command does, and answers with the JSON of that
command's `--json` (the exporters' JSON for lists, `linked.paper_json` for one paper, never
a second serializer), compact: the same data without the indentation, which an assistant
pays for in tokens and does not read. A list's papers are brief unless its `detail` is
"full" (`_brief`: each exported object cut to id, title, url, first authors, date, upvotes,
families and a one-line gist, a sixth of its size: 20 whole papers were 14,000 tokens);
show_paper gives one whole. A second text block says the caption, warnings and notes.

The tools are plain data here (`TOOLS`: a name, a description, a JSON Schema, a function of a
session and the checked arguments), and `call` runs one without any protocol; `serve()`
alone imports the `mcp` SDK (its low-level server, over our own stdio transport: the
schemas are ours, derived from the criteria table like the command line's options, and so is
every argument check and error message).
Arguments are checked with the command line's own parsers (paper ids, dates, counts, filter
words); a failure is a tool error of one line, never a traceback. Outputs are bounded: every
list has a limit (default `DEFAULT_LIMIT`, at most `MAX_LIMIT`), and holds no more papers
than fit in `MAX_LISTING` characters. A list is paged as full_text is: an `offset` argument
(0-based, at most `MAX_OFFSET`) and a note saying where the next page starts, since MCP's
cursors page only its own list methods, and a tool's paging is its arguments.

Stdout is the protocol: nothing else is written there (file descriptor 1 points at stderr
while it serves, the protocol going out on a private copy; warnings go to stderr). The lines
read are bounded (`MAX_MESSAGE`), and each is parsed once (`_receive`). Offline unless
`online`: then no tool makes a request, and what the library lacks is an error saying so.
Tool calls run one at a time on a worker thread, each with its own session (as each command
has), so the event loop keeps answering pings and cancellations.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from papercli.config import SCHEMA, SORTS
from papercli.criteria import CRITERIA
from papercli.db.records import TAG_MAX_LENGTH
from papercli.errors import (
    FITTED,
    OfflineMiss,
    PapersError,
    Several,
    UsageError,
    all_of,
    is_failure,
    os_cause,
)
from papercli.notes import MAX_NOTE
from papercli.sanitize import quoted, strip_controls
from papercli.words import plural

if TYPE_CHECKING:
    from papercli.models import Paper
    from papercli.session import Session
    from papercli.views import View

DEFAULT_LIMIT = 20
MAX_LIMIT = 50  # a paper is about 3 KB of JSON: 20 fit the common clients' output caps
MAX_IDS = 20  # paper ids in one call (star, tag...)
MAX_TEXT = 1000  # a query or a date: longer is refused, not cut
FULL_TEXT_PAGE = 25_000  # characters of a full text in one answer (under 10k tokens)
MAX_FULL_TEXT_PAGE = 100_000  # (about the 25k tokens clients cap a tool's output at)
MAX_LISTING = MAX_FULL_TEXT_PAGE  # characters of a list's JSON: 50 long papers are more
# The first paper a listing's page may start at: a page is the view's first offset + limit
# papers, cut, so this bounds what one call holds (10,050 papers: 2 s and 50 MB more at
# the end of a 9,900-paper library sorted by upvotes, measured).
MAX_OFFSET = 10_000
OFFLINE_HINT = ("this server is offline: the user can start it with `papers mcp --online` "
                "to let it fetch from the Hub (or fetch with the papers command)")

INSTRUCTIONS = (
    "papercli's local library of machine-learning papers (Hugging Face Daily Papers and "
    "arXiv). Every paper is identified by its arXiv id (e.g. 2401.01055). Listing tools "
    "answer with a JSON array of brief paper objects (id, title, url (the paper's page, "
    "to cite or link), the first authors and author_count, date, upvotes (null for a "
    "paper Daily Papers never listed), families, "
    "and gist: the AI summary, else the abstract's first sentence; with score, and the "
    "user's tags and marks, where they apply), then a line saying how many there were in "
    "all and, when there are more, the offset to call again with for the next page; "
    'detail "full" gives each paper\'s whole record (abstract, links, keywords). Use '
    "search to find papers by words or filters, list_papers for a day, week or month, "
    "show_paper for one paper in full (abstract, links, linked models and datasets), "
    "full_text to read it, for_you for what the user is likely to want, related_papers "
    "for papers like one, trends for how many papers a family, organization, keyword or "
    "word had per month, week or day, list_tags for the names of the user's tags, to "
    "list the papers so tagged, list_watches for the user's watches (saved searches), "
    "whose names for_you's watch takes, list_families and list_orgs for the model "
    "families and organizations the family and org arguments take, with their counts."
)
# Said after INSTRUCTIONS by a server started with --allow-writes (`instructions`).
WRITES_SAID = (" The user let this server change their own data: star and unstar add to "
               "and take from their reading list, tag and untag their tags, note writes "
               "their note on a paper, mark_read marks papers read (or, with unread, not "
               "read yet).")


def instructions(settings: Settings) -> str:
    """What the server tells the host about its tools, the writing ones only when it
    offers them."""
    return INSTRUCTIONS + (WRITES_SAID if settings.allow_writes else "")


@dataclass
class Answer:
    """What a tool gives back: the JSON document and the lines to say alongside it."""

    document: str
    notes: list[str] = field(default_factory=list)
    # What could not be done, the rest done (`papers star` of a known and an unknown id
    # stars the known one, then names the other): said after the notes, each as the
    # one line a tool error would say it ("error: …").
    failures: list[PapersError] = field(default_factory=list)
    # What the call went without, the rest done (related_papers ranked by the papers it
    # could have): said before the notes, each as the one line a tool error would say it,
    # as a warning ("warning: …"; for_you warns so of a like the library lacks).
    went_without: list[PapersError] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """How the server runs: `papers mcp`'s options."""

    online: bool = False
    allow_writes: bool = False
    timeout: float | None = None


@dataclass(frozen=True)
class Tool:
    """One MCP tool: its name, what an assistant reads about it, its arguments' JSON
    Schema, and the function that answers it (session, checked arguments)."""

    name: str
    title: str
    description: str
    properties: dict[str, Any]
    run: Callable[[Session, Args], Answer]
    required: tuple[str, ...] = ()
    writes: bool = False
    # MCP's ToolAnnotations assume the worst when left out (destructive, not idempotent,
    # open world): each tool says what it does.
    destructive: bool = False  # may remove or replace the user's data
    idempotent: bool = True  # the same call again changes nothing more
    network: bool = True  # may ask the Hub when the server runs --online
    may_be_empty: tuple[str, ...] = ()  # required, yet "" says something (note's text)
    # Reads what `ranking.prepare` fits, and so waits for that much of the server's
    # warm-up: "vocabulary" (a taste: for_you), "topics" (and the topics: related). A
    # listing sorted by relevance reads the vocabulary too (`_needs`).
    ranks: str | None = None

    def described(self, settings: Settings) -> str:
        """The description as this server offers it: "offline unless started with
        --online" said as what this one was started as, so that an assistant knows before
        a call whether what the library lacks can be fetched."""
        if _NET not in self.description:
            return self.description
        return self.description.replace(_NET, _ONLINE if settings.online else _OFFLINE)

    def annotations(self, settings: Settings) -> dict[str, Any]:
        """The spec's ToolAnnotations hints (the SDK's field names)."""
        return {"title": self.title, "read_only_hint": not self.writes,
                "destructive_hint": self.destructive, "idempotent_hint": self.idempotent,
                "open_world_hint": settings.online and self.network}

    def schema(self, settings: Settings) -> dict[str, Any]:
        """The arguments' JSON Schema as this server offers it: a filter's description
        that names a fetching tool (has_model's "known once `show_paper` has fetched the
        paper's page") names the user's command instead when the server is offline,
        where that tool fetches nothing, and so does one that names a tool this server
        does not offer (noted's `note`, read-only)."""
        said = _filters_for(settings.online, settings.allow_writes)
        properties = {k: said[k] if v == _FILTERS.get(k) else v
                      for k, v in self.properties.items()}
        out: dict[str, Any] = {"type": "object", "properties": properties,
                               "additionalProperties": False}
        if self.required:
            out["required"] = list(self.required)
        return out


# -- the arguments: checked with the command line's own parsers -----------------------------


class Args:
    """A tool call's arguments, read one by one with the checks the command line applies;
    a bad one is a `UsageError` naming it. Unknown names are refused up front."""

    def __init__(self, tool: Tool, given: Mapping[str, Any] | None) -> None:
        values = dict(given or {})
        unknown = sorted(set(values) - set(tool.properties))
        if unknown and not tool.properties:  # (list_tags)
            raise UsageError(f"{tool.name} takes no arguments, not {quoted(unknown[0])}",
                             hint="call it with {}")
        if unknown:
            raise UsageError(f"{tool.name} takes no argument {quoted(unknown[0])}",
                             hint="it takes " + ", ".join(tool.properties))
        for name in tool.required:  # (blanks are no id either: "  " as "")
            given = values.get(name)
            if given is None or ((given == [] or (isinstance(given, str)
                                                  and not given.strip()))
                                 and name not in tool.may_be_empty):
                raise UsageError(f"{tool.name} needs {name}")
        self.values = values
        self.tool = tool

    def text(self, name: str, *, strip: bool = True,
             blank: str = "holds no value: give one") -> str | None:
        """A string, at most the schema's maxLength (MAX_TEXT if it has none); stripped
        unless `strip` is False (a note's text, kept as typed: its indentation is
        Markdown's). One given empty ("", or blanks) is refused as an empty filter is
        (`filters`), `blank` saying what it lacks ("date: '' holds no date: give one, or
        leave date out"), unless "" says something (`Tool.may_be_empty`: note's text):
        taken for left out, list_papers' date "" was this week where `papers week ''`
        is refused, and an unfilled "{{query}}" browsed the whole library."""
        value = self.values.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise UsageError(f"{name} must be a string")
        longest = self.tool.properties.get(name, {}).get("maxLength", MAX_TEXT)
        if len(value) > longest:
            raise UsageError(f"{name} is longer than {longest:,} characters")
        said = (_text(name, value).strip() if strip else _text(name, value)) or None
        if said is None and name not in self.tool.may_be_empty:
            raise UsageError(f"{name}: {quoted(value)} {blank}, or leave {name} out")
        return said

    def texts(self, name: str) -> list[str]:
        """A list of strings (a single string is a list of one)."""
        value = self.values.get(name)
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise UsageError(f"{name} must be a list of strings")
        schema = self.tool.properties.get(name, {})
        most = schema.get("maxItems", MAX_IDS * 5)  # the schema's limit, named
        if len(items) > most:
            raise UsageError(f"{name} takes at most {most:,} items, not {len(items):,}")
        longest = schema.get("items", {}).get("maxLength", MAX_TEXT)
        over = next((v for v in items if len(v) > longest), None)
        if over is not None:  # the schema's limit, named (a tag's is the command line's)
            raise UsageError(f"each of {name} is at most {longest:,} characters, not "
                             f"{len(over):,}")
        return [_text(name, v) for v in items]

    def count(self, name: str) -> int | None:
        """A whole number, as `--limit` and `--min-upvotes` read it; a JSON number out of
        the schema's bounds is refused with them (limit's 1 to 50, not the option's
        "at least 0"), a huge one without its digits. A string is read as the command
        line reads one (`typed_number`): in the digits 0-9 alone, "٣" or "1_0" refused
        as `--limit` refuses them (before: int() read them as 3 and 10)."""
        from papercli.config import MAX_COUNT, parse_count, typed_number

        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 5.0: JSON Schema's integer, as JSON has no int type
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):  # (refused below, by `parse_count`)
                read = typed_number(value, int, "a whole number")  # "5", not "٣"
                value = value if read is None else read
        if isinstance(value, bool) or not isinstance(value, int | str):
            # (what was given said, as a flag says it: "limit must be a whole number"
            # given 2.5 or true did not say which)
            raise UsageError(f"{name} must be a whole number, not {_said(value)}")
        if isinstance(value, int):
            schema = self.tool.properties.get(name, {})
            low, high = schema.get("minimum", 0), schema.get("maximum", MAX_COUNT)
            if not low <= value <= high:
                given = f"{value:,}" if abs(value) < 10**12 else (
                    f"a {'negative ' if value < 0 else ''}number of "
                    f"{len(str(abs(value))):,} digits")
                bounds = (f"at least {low}" if value < low and "maximum" not in schema
                          else f"{low:,} to {high:,}")
                raise UsageError(f"{name} must be {bounds}, not {given}")
        try:
            return parse_count(str(value))
        except ValueError as exc:
            raise UsageError(f"{name}: {exc}") from None

    def flag(self, name: str) -> bool:
        """true or false; null is left out, as for every other argument (before: "must be
        true or false", where a null query or limit is taken as not given). The string
        "true" or "false" (any case), which clients that send every value as a string
        send, is read as that, as `count` reads "5" (before: "has_code must be true or
        false", given "true"); anything else is refused, said as given."""
        value = self.values.get(name)
        if value is None:
            return False
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise UsageError(f"{name} must be true or false, not {_said(value)}")
        return value

    def choice(self, name: str, choices: Sequence[str]) -> str | None:
        """One of `choices` (any case), None when left out. An empty one (sort "", or
        blanks) is refused as an empty filter is (`filters`): taken for left out, it was
        the default sort, where the command line refuses `--sort ''`."""
        value = self.text(name, blank=f"holds no value: give one of {', '.join(choices)}")
        if value is None:
            return None
        if value.lower() not in choices:
            raise UsageError(f"{name} must be one of {', '.join(choices)}, not "
                             f"{quoted(value)}")
        return value.lower()

    def limit(self) -> int:
        """The list's length: DEFAULT_LIMIT unless given, 1 to MAX_LIMIT (LIMIT's bounds)."""
        value = self.count("limit")
        return DEFAULT_LIMIT if value is None else value

    def page(self) -> tuple[int, int]:
        """(offset, limit): where the page starts (0 to MAX_OFFSET, OFFSET's bounds) and
        how many papers it holds at most."""
        return self.count("offset") or 0, self.limit()

    def ids(self, name: str) -> list[str]:
        """Paper ids (arXiv ids, arxiv:…, HF/arXiv URLs), as `papers show` reads them."""
        from papercli.reading import parse_ids

        texts = self.texts(name)  # (at most the schema's maxItems, MAX_IDS)
        for text in texts:
            self._one_id(name, text, several=True)
        return parse_ids(texts)

    def paper_id(self, name: str) -> str:
        from papercli.reading import parse_ids

        text = self.text(name)
        if text is None:
            raise UsageError(f"{name} is needed")
        self._one_id(name, text, several=False)
        (pid,) = parse_ids([text])
        return pid

    def _one_id(self, name: str, text: str, *, several: bool) -> None:
        """Refuse, in the tools' terms, a string that is several ids ("2401.01055
        2404.14047", "A,B") or "-": the command line's hints for them are the shell's
        ("leave the $(…) unquoted", "separate the ids with spaces", "does not read
        standard input"), no help to a tool's caller. Any other bad id is left for
        `parse_ids` to say."""
        from papercli.models import InvalidPaperId, normalize_id
        from papercli.reading import _ids_inside

        try:
            normalize_id(text)
        except InvalidPaperId:
            pass
        else:
            return
        if text.strip() == "-":
            raise UsageError(f"{name}: '-' is not a paper id", hint="give the id itself, "
                             "e.g. 2401.01055")
        inside = _ids_inside(text)
        if len(inside) < 2:
            return
        shown = inside[:5]
        if several:
            hint = f"give each as an item of its own: {name} {json.dumps(shown)}"
        elif "with_ids" in self.tool.properties:
            hint = (f"give one as {name} and the others in with_ids: {name} "
                    f"{json.dumps(shown[0])}, with_ids {json.dumps(shown[1:])}")
        else:
            hint = (f"{self.tool.name} takes one paper a call: call it once for each "
                    f"({', '.join(shown)})")
        raise UsageError(f"{name}: {quoted(text)} holds {len(inside)} paper ids, not one",
                         hint=hint)

    def filters(self) -> Any:
        """The filter criteria given, as `views.FilterOptions` (checked when the view
        gathers, by `make_filter`, as on the command line). An empty one ("tag": "",
        "keyword": [""]) is refused as the command line refuses it (`Criterion.blank`):
        dropped, it would use every paper."""
        from papercli.filters import FilterOptions

        given: dict[str, Any] = {}
        for c in CRITERIA:
            if c.key not in self.values:
                continue
            holds = f"holds no {(c.metavar or 'value').lower()}: give one"
            if c.kind == "words":
                given[c.key] = self.texts(c.key)
            elif c.kind == "date":
                given[c.key] = self.text(c.key, blank=holds)
            elif c.kind == "count":
                given[c.key] = self.count(c.key)
            else:
                given[c.key] = self.flag(c.key)
            empty = c.blank(self.values[c.key])  # (as given: a word of "*" alone too)
            if empty is not None:
                raise UsageError(f"{c.key}: {quoted(empty)} {holds}, or leave {c.key} out")
        return FilterOptions(**given)


def _said(value: Any) -> str:
    """A JSON value given for an argument of another type, as an error names it: a string
    quoted, true or false, "a list", "an object", "the number 2.5" (or "a number", one too
    long to say, or not finite: 1e400 is read as infinity)."""
    import math

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, int | float) and math.isfinite(value) and len(repr(value)) <= 20:
        return f"the number {value!r}"
    return ("a list" if isinstance(value, list) else "an object" if isinstance(value, dict)
            else "null" if value is None else "a number")


def _text(name: str, value: str) -> str:
    """`value`, refused when it holds a lone surrogate: JSON's "\\ud800" escape parses,
    yet is no character, and nothing below (SQLite, the search index, the answer) can
    encode it ("unexpected UnicodeEncodeError" before)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(f"{name} holds {exc.object[exc.start]!r}, half of a surrogate "
                         "pair, which is no character: send text (UTF-8, or both halves "
                         "of the pair)") from None
    return value


# -- the core's words in the tools' terms --------------------------------------------------
#
# The core's messages and hints are written for the command line: `--since`, `papers show
# ID`. One step here says them in the tools' terms, whatever the message: an option a tool
# takes is its argument (`since`), a command a tool does is the tool (`show_paper`), and a
# command only the user can run is said to be the user's.

# The commands a tool does: the tool, and the argument its first operand is.
_TOOL_COMMANDS: dict[str, tuple[str, str | None]] = {
    "show": ("show_paper", "id"), "search": ("search", "query"),
    "related": ("related_papers", "id"), "for-you": ("for_you", None),
    "today": ("list_papers", None), "day": ("list_papers", "date"),
    "week": ("list_papers", "date"), "month": ("list_papers", "date"),
    "star": ("star", "ids"), "unstar": ("unstar", "ids"), "tag": ("tag", "ids"),
    "untag": ("untag", "ids"), "note": ("note", "id"), "watch list": ("list_watches", None),
    "families": ("list_families", None), "orgs": ("list_orgs", None)}
# The tools that take no argument: a command of theirs with an option or operand
# (`papers watch list --hidden`) is the user's.
_NO_ARGUMENTS = ("list_tags", "list_watches", "list_families", "list_orgs")
_USER_COMMANDS = ("watch add", "watch rm", "watch", "config set",
                  "config unset", "config get", "config edit", "config", "arxiv fetch",
                  "arxiv", "sync", "unhide", "hide", "browse", "new", "starred",
                  "export", "import", "fetch")
_FLAGS = ("offline", "all", "peek", "hidden", "full", "json", "force", "refresh", "split",
          "starred", "has-code", "has-model", "append")
_OPTION = ("--(?:" + "|".join(_FLAGS) + r")\b|--?[a-z][a-z-]*(?: (?!-)[^\s,;:)`]+)?")
_OPERAND = (r"[A-Z][A-Z_]*(?:,\.\.\.)?\b|'[^']*'|\d{4}\.\d{4,5}(?:v\d+)?\b|\d{4}-[\dW-]+\b"
            r"|(?<=watch add )[\w.-]+|(?<=papers tag ID )[\w./-]+"
            # a word a paper id was not, to search for (`papers search llava finds ...`)
            r"|(?<=papers search )(?!-)[^\s'`]+(?= finds papers\b)"
            # a setting (`config set network.timeout VALUE`, `config unset display.sort`)
            r"|(?<=config set )[a-z]+\.[a-z_]+(?: [^\s,;)`]+(?:,[^\s,;)`]+)*)?"
            r"|(?<=config unset )[a-z]+\.[a-z_]+|(?<=config get )[a-z]+\.[a-z_]+")
# The commands a core hint names for fetching ("papers show 2412.99999 fetches it",
# "papers today fills it"): an offline server's show_paper and list_papers fetch nothing,
# so there they are the user's (before: the assistant was sent to a tool that answered
# "not in the local library").
_FETCHING = ("show", "today")
_NAMES = "|".join(sorted([*_TOOL_COMMANDS, *_USER_COMMANDS], key=len, reverse=True))
# The short options a message may name (`-k WORD`), as the argument they are.
_SHORT = {**{f: c.key for c in CRITERIA for f in c.flags if not f.startswith("--")},
          "-n": "limit", "-s": "sort"}
# The operand after the first one: `papers tag ID TAG...`.
_MORE_OPERANDS = {"tag": "tags", "untag": "tags"}
# In backquotes, the whole command; bare, as far as its options and operands go.
_COMMAND = (rf"`papers ({_NAMES})\b([^`]*)`"
            rf"|\bpapers ({_NAMES})\b((?: (?:{_OPTION}|{_OPERAND}))*)")


# How a command only the user can run is said (`_tool_terms`): a text already saying a
# command so is left as it is, so that a text said in the tools' terms twice reads the
# same (before: "the user's command the user's command `papers starred --hidden`").
_USERS_COMMAND = "the user's command "
# A command only the user can run that a text tells its reader to run ("— run papers show
# ID"): said as the user's to run, since "run the user's command `papers show ID`" read
# to an assistant as its own to run, which it cannot.
_USERS_RUN = "tell the user to run "


def _argument(flag: str) -> str:
    """The tool argument a command-line option is (`-k` keyword, `--min-upvotes`
    min_upvotes)."""
    return _SHORT.get(flag, flag.lstrip("-").replace("-", "_"))


def _tool_terms(text: str, arguments: Collection[str],
               offered: Collection[str] | None = None, *, offline: bool = False) -> str:
    """`text`, a core message, hint or note, with the command line's options and commands
    said in the tools' terms (see above); `arguments`: the tool's; `offered`: the tools
    this server offers (None: all), the others' commands being the user's; `offline`: the
    server is, and the commands that fetch are the user's (`_FETCHING`)."""
    import re

    def command(match: re.Match[str]) -> str:
        if match.string.endswith((_USERS_COMMAND, _USERS_RUN[1:]), 0, match.start()):
            return match[0]  # said as the user's already: not said so twice
        name, rest = (match[1], match[2]) if match[1] else (match[3], match[4])
        users = f"{_USERS_COMMAND}`papers {name}{rest}`"
        if name not in _TOOL_COMMANDS or (offline and name in _FETCHING):
            return users
        tool_name, operand = _TOOL_COMMANDS[name]
        if offered is not None and tool_name not in offered:  # (star, without writes)
            return users
        if tool_name in _NO_ARGUMENTS and rest.strip():
            return users
        said = [f"period {name}"] if tool_name == "list_papers" else []
        positional = 0
        for token in re.findall(rf"{_OPTION}|{_OPERAND}|\S+", rest):
            if token.startswith("-"):
                if token != "--offline":
                    flag, _, value = token.partition(" ")
                    key = _argument(flag)
                    said.append(f"{key} {value}".rstrip())
                continue
            positional += 1
            argument = operand if positional == 1 else _MORE_OPERANDS.get(name, operand)
            if argument is None:  # an operand no argument of the tool takes
                return users
            # ID, WORDS: the tool's own argument, left unsaid; a value in quotes is one
            # given ('GPT', as the user typed it), whatever its case
            if token.startswith("'") or not token.rstrip(",.").isupper():
                said.append(f"{argument} {token}")
        return f"`{tool_name}`" + (f" ({', '.join(said)})" if said else "")

    def option(match: re.Match[str]) -> str:  # its metavar (`-k WORD`) goes with it
        if match[1] is None:  # a value as given ('-x', a query): not an option
            return match[0]
        name = _argument(match[1])
        if name not in arguments and name != "limit":
            return match[0]
        # "use --author NAME" is "use the author argument" ("use author" read as advice
        # to put the word author in the query)
        return f"the {name} argument" if match.string[:match.start()].endswith("use ") \
            else name

    said = re.sub(_COMMAND, command, text)
    said = re.sub(rf"(?<![\w-])([Rr])un {_USERS_COMMAND}(?=`)",
                  lambda m: ("T" if m[1] == "R" else "t") + _USERS_RUN[1:], said)
    pieces = said.split("`")
    for n in range(0, len(pieces), 2):  # outside `...`: the user's commands keep theirs
        pieces[n] = re.sub(r"(?<!\w)'[^'\n]*'(?!\w)"
                           r"|(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b(?: [A-Z][A-Z_]+\b)?",
                           option, pieces[n])
        # An operand's metavar the tool takes as an argument: "invalid DATE '…'" is date's.
        pieces[n] = re.sub(r"\b(invalid )([A-Z][A-Z_]*)(?= ')", lambda m: m[1] + (
            m[2].lower() if m[2].lower() in arguments else m[2]), pieces[n])
        pieces[n] = re.sub(_USERS, _the_users, _users_advice(pieces[n]))
        pieces[n] = pieces[n].replace(" (limit 0: all)", "")  # (1 to MAX_LIMIT here)
        if "query" in arguments:  # (a person types at a prompt; a caller leaves it out)
            pieces[n] = pieces[n].replace(_TYPED_QUERY, _GIVEN_QUERY)
    return "`".join(pieces)


# A query of no word's advice (`search._no_words`), said to a person at a prompt: a tool
# has no prompt, and "no query" is an argument left out (before: "type a word, or no
# query to browse the library", which an assistant read as sending "no query").
_TYPED_QUERY = "type a word, or no query to browse the library"
_GIVEN_QUERY = "give a word in query, or leave query out to browse the library"


# The command line speaks to the user ("you have none yet", "your stars"): to an assistant
# "you" is itself, and "star papers you like" reads as an invitation to star by its own
# taste. The user's marks, taste and files are said as the user's; a value given is kept
# as given ('your words'), and "did you mean", "you typed" (the caller's) are left alone.
_USERS_PHRASES = {"you have": "the user has", "star papers you like":
                  "the user can star papers they like", "tag papers you like":
                  "the user can tag papers they like", "papers you like":
                  "papers the user likes", "you starred": "the user starred",
                  "you read": "the user read", "you tagged": "the user tagged",
                  "you hid": "the user hid", "your": "the user's", "Your": "The user's",
                  # (a folder the user is told to set: `_USERS_ADVICE`)
                  "you can write": "they can write"}
_USERS = (r"(?<!\w)'[^'\n]*'(?!\w)|\b(" + "|".join(
    sorted(_USERS_PHRASES, key=len, reverse=True)) + r")\b")


def _the_users(match: re.Match[str]) -> str:
    return match[0] if match[1] is None else _USERS_PHRASES[match[1]]


# Advice only the user can take is said as theirs to take: what is on their machine (its
# network, disk and files, the server's environment, their config, their papercli) is
# out of an assistant's reach. "check your network" reached it as "check the user's
# network", "free some space and try again" as advice to itself, "check ARXIV_API_ENDPOINT"
# (a connection refused) as a variable to check; now each is "tell the user to …". What an
# assistant can do itself (try again, check the id or the query, give another argument)
# is left to it. This table (`_users_advice` applies it) is the one place that says
# which: each key a pattern of the advice's first words, at the start of a clause (after
# "— ", "; ", ": ", ", or " or "("), and its words to the assistant when they differ
# (None: the same); the rest of the clause goes with it. A clause that says the user's
# already is left as it is, so that a text said in the tools' terms again reads the same.
_VARIABLE = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
_SETTING = rf"(?:{_VARIABLE.pattern}|{'|'.join(re.escape(key) for key in SCHEMA)})(?!\w|\.\w)"
_USERS_ADVICE: dict[str, str | None] = {
    # the network, the server's environment and the user's config ("— check it": the
    # variable the line names, `_users_advice`)
    r"check your network": "check their network",
    rf"(?:check|set|unset) {_SETTING}": None,
    rf"check that {_VARIABLE.pattern} ": None,  # ("… is a valid token")
    r"(?:check|set|fix or unset|unset) it\b": None,
    r"check the proxy\b": None,
    # the disk and the files
    r"free some space within your quota": "free some disk space within their quota",
    r"free some space": "free some disk space",
    r"check free space and the disk": "check the disk and its free space",
    r"raise the limit \(ulimit": None,
    r"make \S+ writable": None,
    r"check that its folder exists": None,
    r"check what else writes to": None,
    r"choose another place": None,
    r"move (?:the file|\S+) aside": None,
    r"move or delete \S+ by hand": None,
    r"remove \S+ \(papers makes a new one\)": None,
    r"put the file itself there": None,
    r"edit that file yourself": "edit that file themselves",
    r"check its permissions\b": None,  # (`os_cause`: a file the system would not let be)
    # the server itself: a library it cannot write is read by one started offline (the
    # command line's "try --offline" named an option no tool has)
    r"reading works \(try --offline\)": "start `papers mcp` without --online, to read the "
                                        "library as it is",
    # papercli itself
    r"upgrade papercli\b": None,
}
_ADVICE = re.compile(r"(?:^|(?<=— )|(?<=; )|(?<=: )|(?<=, or )|(?<=\())(?:"
                     + "|".join(f"({key})" for key in _USERS_ADVICE) + ")")
_ADVICE_SAID = list(_USERS_ADVICE.values())


def _users_advice(text: str) -> str:
    """`text` with the advice only the user can take said as theirs (`_USERS_ADVICE`),
    once a clause: "tell the user to make X writable, or set XDG_CACHE_HOME to …"."""
    out, done = [], 0
    for match in _ADVICE.finditer(text):
        out.append(text[done:match.start()])
        done = match.end()
        before = "".join(out)
        if "the user" in re.split(r"—|;|\. |: ", before)[-1] or (
                re.fullmatch(r"(?:check|set|fix or unset|unset) it", match[0])
                and not _VARIABLE.search(before)):  # (it: no variable named)
            out.append(match[0])
            continue
        said = _ADVICE_SAID[(match.lastindex or 1) - 1]
        out.append(f"tell the user to {match[0] if said is None else said}")
    return "".join(out) + text[done:]


# The tools whose notes are fitted again (`_fitted_again`): search's, read beside `papers
# search`'s warnings. (tag's and note's "not in the library yet, tagged anyway" keep the
# user's command that fetches the paper whole: it is what the line is for.)
_FITTED_AGAIN = ("search",)


def _fitted_again(note: str, terms: Callable[[str], str],
                  kept: Mapping[str, tuple[tuple[str, ...], int]]) -> str:
    """`note` in the tools' terms (`terms`), as short as the command line says it: a line
    the core fitted to the room an 80-column line leaves it (`errors.fitting`, whose ways
    and room are `kept`) is fitted to that room again once said in the tools' terms,
    which are longer ("the user's command `papers unhide ID`" for "papers unhide ID"),
    from its ways that name no option the tool lacks (`--hidden`: advice an assistant
    cannot take); none fitting, it is the way the command line chose. (A search of a
    hidden paper's id said 80 columns, --hidden in them, where `papers search` says 59;
    an unknown org's line 92, where it says 71.)"""
    from papercli.terminal import cell_width

    head = "warning: " if note.startswith("warning: ") else ""
    chosen = note[len(head):]
    if chosen not in kept:
        return terms(note)
    ways, room = kept[chosen]
    said = [terms(way) for way in ways]
    if _GIVEN_QUERY in said[0]:  # (the advice in the tool's own terms, kept whole: the
        # shorter ways a terminal takes, "no query browses the library", are a prompt's)
        return head + said[0]
    usable = [way for way in said if not _option_left(way)] or said
    return head + next((way for way in usable if cell_width(way) <= room), terms(chosen))


def _option_left(text: str) -> bool:
    """Whether `text`, said in the tools' terms, still names a command-line option outside
    the user's commands (in backquotes): one no argument of the tool stands for."""
    return any(re.search(r"(?<![\w-])--[a-z]", piece) for piece in text.split("`")[::2])


# -- the argument schemas -------------------------------------------------------------------

_KIND_SCHEMA: dict[str, dict[str, Any]] = {
    "words": {"type": "array", "items": {"type": "string", "minLength": 1,
                                         "maxLength": MAX_TEXT},
              "maxItems": MAX_IDS * 5},
    "date": {"type": "string", "maxLength": MAX_TEXT},
    "count": {"type": "integer", "minimum": 0},
    "flag": {"type": "boolean"},
}


# Every form a date takes (periods.parse_date): a month, year or week is its first day
# for since, its last for until ("from"/"to" the bound).
DATES = ("YYYY-MM-DD, today, yesterday; a month YYYY-MM, a year YYYY or an ISO week "
         "YYYY-Www, {bound}; or back from today: 7d, 2w, 3mo, 1y")


def _filter_properties(*leave_out: str, offline: bool = False,
                       offered: Collection[str] | None = None) -> dict[str, Any]:
    """One property per criterion of the filter table (but `leave_out`), with its
    command-line help in the tools' terms (`offline`: a server's that fetches nothing;
    `offered`: the tools it offers, None: all); a date's says every form it takes,
    once."""
    import re

    out: dict[str, Any] = {}
    for c in CRITERIA:
        if c.key in leave_out:
            continue
        described = c.help.replace("(repeatable", "(a list")
        if c.kind == "words" and "(a list" not in described:  # (author's help says none)
            said = re.search(r"\(repeatable(: [a-z ]+)?\)", c.watch_help or "")
            if said:
                described = described.rstrip(".") + f" (a list{said[1] or ''})."
        # Said to the assistant, the user is not "you"; and the user's command a help
        # text points to (`papers export --starred`) is no help to a tool's caller.
        described = re.sub(r": `papers [^`]*`\)", ")", described)
        described = re.sub(r"\b[Yy]our\b", "the user's", re.sub(r"\b[Yy]ou\b", "the user",
                                                                 described))
        if c.kind == "date":
            bound = "to its last day" if c.key == "until" else "from its first day"
            described = (re.sub(r" \(.*\)\.$", ".", described)[:-1]
                         + f" ({DATES.format(bound=bound)}).")
        out[c.key] = {**_KIND_SCHEMA[c.kind],
                      "description": _tool_terms(described, [k.key for k in CRITERIA],
                                                 offered, offline=offline)}
        if c.key == "tag":  # the bound a tag has, not any word's (refused past it)
            out[c.key]["items"] = {**out[c.key]["items"], "maxLength": TAG_MAX_LENGTH}
    return out


LIMIT = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT,
         "description": f"At most this many papers (1 to {MAX_LIMIT}; default "
                        f"{DEFAULT_LIMIT}). A brief paper is about 500 characters of JSON, "
                        "one in full (detail full) about 3,000 (up to 12,000), and an "
                        f"answer holds at most {MAX_LISTING:,}: the papers past that are "
                        "left out, and its notes say the offset to call again with for "
                        "them."}
OFFSET = {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0,
          "description": "The paper to start at, counted from 0 (0 to "
                         f"{MAX_OFFSET:,}; default 0): the offset the last answer's notes "
                         "gave, for the next page of the same call."}
SORT = {"type": "string", "enum": list(SORTS),
        "description": "trending (the source's order: the Hub's for listings, relevance "
                       "for a search), upvotes, new (newest arXiv date first), stars "
                       "(GitHub; each paper then holds its github_stars) or relevance (the "
                       "user's taste model). Default: trending; for a period of list_papers, "
                       "the user's display.sort setting (trending unless they set it)."}
PAPER_ID = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT,
            "description": "An arXiv id (2401.01055), arxiv:… or an HF/arXiv URL."}
PAPER_IDS = {"type": "array", "items": PAPER_ID, "maxItems": MAX_IDS,
             "description": f"arXiv ids or HF/arXiv URLs (at most {MAX_IDS})."}
# The papers a writing tool acts on: [] is refused ("star needs ids"), as the schema says.
SOME_PAPER_IDS = {**PAPER_IDS, "minItems": 1,
                  "description": f"arXiv ids or HF/arXiv URLs (1 to {MAX_IDS})."}
PERIODS = ("today", "day", "week", "month")
DETAILS = ("brief", "full")
AUTHORS_IN_BRIEF = 3  # a brief paper's first authors (author_count says how many in all)
# Characters of a brief paper's gist: an AI summary is one sentence of 204 characters at
# the median and 305 at the 99th percentile (5,711 of a 9,877-paper library have one); an
# abstract's first sentence, 158 and 336.
GIST = 300
DETAIL = {"type": "string", "enum": list(DETAILS), "default": "brief",
          "description": "brief (the default): each paper's id, title, url, first "
                         f"{AUTHORS_IN_BRIEF} authors and author_count, date, upvotes, "
                         "families and gist (its AI summary, else its abstract's first "
                         f"sentence, at most {GIST} characters), about a sixth of its whole "
                         "record; full: each paper's whole record, the command line's "
                         "JSON of it (the whole abstract, links, AI keywords...)."}
TAGS = {"type": "array", "items": {"type": "string", "minLength": 1,
                                   "maxLength": TAG_MAX_LENGTH},
        "minItems": 1, "maxItems": MAX_IDS * 5,
        "description": f"Tags: letters, digits, - _ / . (case-folded), at most "
                       f"{TAG_MAX_LENGTH} characters each."}


# -- the tools --------------------------------------------------------------------------------


def _listing(session: Session, view: View, offset: int = 0, *, titled: bool = False,
             in_full: bool = False) -> Answer:
    """A view gathered, sorted, cut and captioned as its command does, as `--json` (each
    paper brief unless `in_full`: `_brief`); the page from `offset` on (the view was asked
    for offset + limit papers: the same order whatever the limit, as each source's order
    is total), its caption saying which papers of how many it holds, and a note where the
    next page starts when there is one.
    `titled`: the notes start with the table's title, which says what the view showed
    ("Daily Papers — 2026-08-20 (latest; nothing yet for 2026-08-21)": the day `today`
    is, which no paper's JSON says)."""
    from papercli import views
    from papercli.session import AFTER

    got = views.gather(session, view)
    shown = views.shown(session, got)
    everyone = list(shown.papers)  # (a list: a limit is never 0 here, nothing streams)
    page = everyone[offset:]
    found = shown.found if shown.found is not None else (
        got.total if got.total is not None else len(everyone))
    at_least = got.at_least
    # None at all is said as from offset 0, with the notes that say why (has_model's
    # "papers left out"), not as an offset past "these 0 papers" that hid them.
    if offset and not page and found:
        these = ("the only paper" if found == 1  # (not "the last of these 1 paper")
                 else f"the last of these {plural(found, 'paper')}")
        raise UsageError(f"offset {offset:,} is past {these}: there are no more",
                         hint="call again with a smaller offset (0: from the first)")
    extras, cut = _cut_notes(shown.extras, NOTE_IN_LIST)
    sort = getattr(view, "sort", None) or got.sort_by  # (a listing's: display.sort's)
    document, kept = _json_list(session, page, shown.title, extras, full=in_full,
                                also=_SORTED_FIELD.get(sort or ""))
    end = offset + kept
    full = len(everyone) >= (view.limit or 0)  # the view had more to give, or just enough
    more = end < found and (kept < len(page) or full)
    caption = shown.caption
    if caption and found and (offset or kept < len(page)):
        caption = _page_caption(caption, len(everyone), found, got.noun, at_least,
                                offset, kept)
    told = [*(f"warning: {w}" for w in got.warnings), *got.told()]
    # Nothing found, and no reason why: the command's own line for it ("no paper in
    # the library matches 'x' and category cs.CL"), as its table form says (before:
    # "0 papers · 0 in the library" alone, read as an empty library), after a warning on
    # the query too, which never says whether anything matched.
    if not everyone and shown.none_found and not shown.empty:
        told.append(shown.none_found)
    notes = [*([shown.title] if titled and shown.title else []), *told,
             *([caption] if caption else [])]
    notes += [f"the user's note on {pid} is cut to its first {NOTE_IN_LIST:,} of {n:,} "
              f"characters here: show_paper shows up to {NOTE_IN_SHOW:,}"
              for pid, n in cut if in_full and pid in {p.id for p in page[:kept]}]
    if kept < len(page):
        notes.append(f"this answer holds {kept} of the {len(page)} papers asked for: "
                     f"{MAX_LISTING:,} characters of JSON is as much as one answer holds")
    if more and end > MAX_OFFSET:
        notes.append(f"more: {MAX_OFFSET:,} is the highest offset; narrow the filters (or "
                     "sort otherwise) to see the others")
    elif more:
        notes.append(f"more: call again with offset {end} for the next papers")
    if not shown.papers and (empty := _empty_library(session)) and not any(
            "library is empty" in n  # (said already: for_you's, or why it could not open)
            for n in [*notes, *session.notices, *(AFTER.get() or [])]):
        notes.append(empty)
    return Answer(document, notes, went_without=got.went_without)


def _page_caption(caption: str, listed: int, found: int, noun: str, at_least: bool,
                  offset: int, kept: int) -> str:
    """The caption of a page that does not start at the first paper, or that holds fewer
    than the limit asked for: "papers 51-100 of 243 · ..." in place of the command's
    count ("100 of 243 papers": the papers from the first, which this answer does not
    hold)."""
    from papercli.words import count

    said = count(listed, found, noun, at_least)
    first, last = offset + 1, offset + kept
    name = ("paper" if kept == 1 else "papers") if noun == "paper" else noun
    span = f"{first:,}" if kept == 1 else f"{first:,}-{last:,}"
    page = f"{name} {span} of {'at least ' if at_least else ''}{found:,}"
    return page + caption[len(said):] if caption.startswith(said) else f"{page} · {caption}"


def _empty_library(session: Session) -> str | None:
    """Why a listing of nothing is no answer about the papers: the library holds none
    (the command line's user knows it; an assistant reads "0 papers" as "none match"
    and goes on searching); None when it holds some."""
    from papercli import ranking

    if ranking.library_state(session.store()) != 0:
        return None
    fill = "papers sync --since DATE fills it"
    if session.offline:
        return (f"the library is empty, so nothing is found yet ({fill}); " + OFFLINE_HINT)
    return f"the library is empty, so nothing is found yet ({fill}, or `papers today`)"


# Characters of the user's note on a paper in an answer (a note is up to MAX_NOTE,
# 200,000): in a listing, where a paper is about 3,000 characters of JSON, and in
# show_paper's, which holds the paper's record beside it within MAX_FULL_TEXT_PAGE.
NOTE_IN_LIST = 4_000
NOTE_IN_SHOW = 80_000


def _cut_notes(extras: Mapping[str, Mapping[str, Any]] | None, most: int
               ) -> tuple[dict[str, Mapping[str, Any]], list[tuple[str, int]]]:
    """`extras` with each note longer than `most` characters cut to that ("…" at the
    end), and (paper id, length) of each note cut: a 200,000-character note made an
    answer of as many, past what a client takes (and a listing's first paper, always
    kept, past `MAX_LISTING`)."""
    out: dict[str, Mapping[str, Any]] = {}
    cut: list[tuple[str, int]] = []
    for pid, extra in (extras or {}).items():
        note = extra.get("note")
        if isinstance(note, str) and len(note) > most:
            extra = {**extra, "note": note[:most - 1] + "…"}
            cut.append((pid, len(note)))
        out[pid] = extra
    return out, cut


def _json_list(session: Session, papers: Sequence[Paper], title: str,
               extras: Mapping[str, Mapping[str, Any]] | None = None, *, full: bool = True,
               also: str | None = None) -> tuple[str, int]:
    """The JSON array `--json` prints, compact: the exporters' JSON Lines objects (the
    same objects as their JSON's, one a line) made one array, each cut to its `_brief`
    unless `full` (with the field `also` of each); and how many papers it holds: the
    first ones within `MAX_LISTING` characters (at least one), as a client cuts or
    refuses a longer answer (a long paper's JSON is 5 to 12 KB: 50 of them are more than
    the 25k tokens the common clients take)."""
    from papercli.exporters import render

    lines = list(filter(None, render(
        list(papers), "jsonl", title=title, endpoint=session.endpoint,
        extras=extras or None).split("\n")))  # (escaped inside the JSON): one a paper
    if not full:
        lines = [_dumps(_brief(json.loads(line), paper, (extras or {}).get(paper.id, {}),
                               also)).rstrip("\n")
                 for line, paper in zip(lines, papers, strict=True)]
    kept: list[str] = []
    size = len("[]\n")
    for line in lines:
        if kept and size + len(line) + 1 > MAX_LISTING:
            break
        kept.append(line)
        size += len(line) + 1
    return "[" + ",".join(kept) + "]\n", len(kept)


# The field a sort orders by that a brief paper lacks (upvotes and date are in every one,
# relevance's score is the view's), added to each of a list so sorted, as the table pins
# the sort's column (`columns.SORT_COLUMN`): sorted by stars, the assistant saw the order
# and not the counts that made it.
_SORTED_FIELD = {"stars": "github_stars"}


def _brief(whole: Mapping[str, Any], paper: Paper, extra: Mapping[str, Any],
           also: str | None = None) -> dict[str, Any]:
    """A paper's JSON object (`whole`: the exporters', cleaned) cut to what a listing needs
    to choose from: a whole abstract is about 1,400 characters, and 20 of them made a list
    an assistant paid 14,000 tokens for. The first authors and how many in all, the date
    the table shows (arXiv's, else the listing's), a one-line gist (`_gist`), and the
    fields the view added (score, the user's tags and marks; the note's first line): the
    rest is show_paper's (or detail full's). And its url, the full record's (the Hub's
    page, else arXiv's): an assistant cites a paper by a link, and had to call
    show_paper for each one to have it."""
    authors = whole.get("authors") or []
    out: dict[str, Any] = {
        "id": whole["id"], "title": whole["title"], "url": whole.get("url"),
        "authors": authors[:AUTHORS_IN_BRIEF], "author_count": len(authors),
        "date": paper.date or None, "upvotes": whole.get("upvotes"),
        "families": whole.get("families") or [], "gist": _gist(whole)}
    if also is not None:  # (the field the list is sorted by: `_SORTED_FIELD`)
        out[also] = whole.get(also)
    for key in extra:
        if key in whole:
            out.setdefault(key, _note_line(whole[key]) if key == "note" else whole[key])
    return out


def _gist(whole: Mapping[str, Any]) -> str | None:
    """What a paper is about in one line: its AI summary (one sentence, the Hub's), else
    its abstract's first sentence, blanks folded, cut to `GIST` characters at a word
    ("…" when cut); None when it has neither."""
    from papercli.exporters import excerpt

    text = whole.get("ai_summary") or _first_sentence(whole.get("summary") or "")
    return excerpt(" ".join(text.split()), GIST) or None


# Where a sentence may end: a full stop, ! or ? and blanks before what starts one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'$\\])")
# Words whose full stop ends no sentence ("e.g. BERT", "et al. (2023)", "Fig. 2").
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "al.", "vs.", "cf.", "fig.", "figs.", "eq.",
                            "eqs.", "sec.", "approx.", "resp.", "no.", "dr.", "prof."})


def _first_sentence(text: str) -> str:
    """`text` up to the end of its first sentence (all of it when none ends): of at least
    `SENTENCE` characters, so that a hook ("Not yet.") or a name read as one ("We propose
    MR.") runs on into the sentence that says what the paper does."""
    for end in _SENTENCE_END.finditer(text, SENTENCE):
        word = text[:end.start()].rsplit(None, 1)[-1].lstrip("([").lower()
        if word not in _ABBREVIATIONS and not re.fullmatch(r"[a-z]\.", word):
            return text[:end.start()]
    return text


SENTENCE = 40  # characters of an abstract's first sentence, at least (`_first_sentence`)


def _note_line(note: Any) -> Any:
    """A brief paper's note: its first line (`_first_line`), "…" after it when the note
    holds more; show_paper has it whole."""
    if not isinstance(note, str):
        return note
    line = _first_line(note)
    more = sum(1 for piece in note.split("\n") if piece.strip()) > 1
    return line + " …" if line is not None and more and not line.endswith("…") else line


def _full(args: Args) -> bool:
    """Whether a listing's papers are whole (detail "full"), not brief (the default)."""
    return args.choice("detail", DETAILS) == "full"


def search(session: Session, args: Args) -> Answer:
    from papercli import views

    # ("" refused, where `papers search ''` browses: leaving query out says so)
    query = args.text("query", blank="holds no words: give some")
    offset, limit = args.page()
    common: dict[str, Any] = {"filters": args.filters(), "sort": args.choice("sort", SORTS),
                              "limit": offset + limit}
    view = views.Search(query=query, **common) if query else views.Library(**common)
    return _listing(session, view, offset, in_full=_full(args))


def list_papers(session: Session, args: Args) -> Answer:
    from papercli import views

    period = args.choice("period", PERIODS)
    when = args.text("date", blank="holds no date: give one")
    offset, limit = args.page()
    common: dict[str, Any] = {"filters": args.filters(), "sort": args.choice("sort", SORTS),
                              "limit": offset + limit}
    if period is None:
        if when is not None:
            raise UsageError("date needs a period: day, week or month")
        if common["filters"].since is None and common["filters"].until is None:
            raise UsageError("give a period (today, day, week, month) or since/until")
        return _listing(session, views.Library(**common), offset,  # `search --since`
                        in_full=_full(args))
    if period == "today" and when is not None:
        raise UsageError("today takes no date")
    if period == "day" and when is None:
        raise UsageError("day needs a date (YYYY-MM-DD, today or yesterday)")
    view = views.Listing(period=period, arg=when, **common)
    if period != "today":
        view.span()  # a bad date is a usage error before anything opens
    return _listing(session, view, offset, titled=True, in_full=_full(args))


def show_paper(session: Session, args: Args) -> Answer:
    from papercli import library, reading
    from papercli.exporters.jsonfmt import clean
    from papercli.linked import paper_json

    result = library.get_paper(session, args.paper_id("id"))
    notes = [f"warning: {result.stale}; showing the cached copy"] if result.stale else []
    data = paper_json(result.paper, library.linked(session, result.paper.id),
                      session.endpoint)
    mine, warning = reading.yours_or_warning(session, [result.paper.id], hidden=True)
    if warning:
        notes.append(f"warning: {warning}")
    yours, cut = _cut_notes(mine, NOTE_IN_SHOW)
    notes += [f"the user's note is cut to its first {NOTE_IN_SHOW:,} of {n:,} characters: "
              "as much as an answer holds with the paper" for pid, n in cut
              if pid == result.paper.id]
    # Cleaned as `show --json` cleans it: no terminal escape or bidi override in a note
    # (or a record) reaches the assistant.
    return Answer(_dumps(clean({**data, **yours.get(result.paper.id, {})})), notes)


def full_text(session: Session, args: Args) -> Answer:
    """`papers show ID --full --json` ({"id", "full_text"}), a page of it at a time:
    "offset", "total_chars" and "next_offset" (null at the end) are added."""
    from papercli import library

    pid = args.paper_id("id")
    start = args.count("offset") or 0
    size = args.count("max_chars")  # 1 to MAX_FULL_TEXT_PAGE, as the schema says
    size = FULL_TEXT_PAGE if size is None else size
    # Cleaned as `show --full --json` cleans it, whole, so that the offsets count what
    # the assistant reads: the Hub's escapes and bidi overrides reached it as sent.
    text = strip_controls(library.full_text(session, pid))
    total = len(text)
    if start > total:
        raise UsageError(f"offset {start} is past the end of the text ({total:,} "
                         "characters): there is no more")
    end = min(total, start + size)
    data = {"id": pid, "full_text": text[start:end], "offset": start,
            "total_chars": total, "next_offset": end if end < total else None}
    if end < total:
        notes = [f"characters {start:,} to {end:,} of {total:,}; call again with offset "
                 f"{end} for more"]
    elif start:  # the last page: "for more" would send the assistant round again
        notes = [f"characters {start:,} to {end:,} of {total:,}: the end, there is no more"
                 if start < total else f"offset {start} is the end of the text ({total:,} "
                 "characters): there is no more"]
    else:
        notes = []  # the whole text
    return Answer(_dumps(data), notes)


def _dumps(data: Any) -> str:
    """One JSON object as `output.emit_json` prints it (`papers show ID --json`), compact."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n"


def for_you(session: Session, args: Args) -> Answer:
    from papercli import views

    # ("" refused: "{{watch}}" unfilled is not the taste of every mark)
    watch = args.text("watch", blank="names no watch: give one's name")
    offset, limit = args.page()
    return _listing(session, views.ForYou(filters=args.filters(), limit=offset + limit,
                                          watch=watch, like=tuple(args.ids("like"))), offset,
                    in_full=_full(args))


def related_papers(session: Session, args: Args) -> Answer:
    from papercli import views

    pid = args.paper_id("id")
    together = tuple(dict.fromkeys([pid, *args.ids("with_ids")]))
    offset, limit = args.page()
    # Ranked by the papers it can have, the others warned of as the tool's error would
    # name them (`Answer.went_without`: the user's command that fetches them), as
    # `papers related A B` and for_you's like do; none had is the error.
    return _listing(session, views.Related(paper_id=pid, paper_ids=together,
                                           filters=args.filters(), limit=offset + limit,
                                           warn=False),
                    offset, in_full=_full(args))


def trends(session: Session, args: Args) -> Answer:
    """`papers trends [WORD...] --json`: the same document, the chart's caption as notes
    (what is covered, what is not cached), or why nothing is counted."""
    from papercli import chart, periods
    from papercli import trends as core
    from papercli.criteria import dates_in_order

    top = args.count("top")
    every = args.choice("every", core.EVERY) or "month"
    since, until = (args.text(name, blank="holds no date: give one")
                    for name in ("since", "until"))
    first = periods.parse_date(since, option="since", bound="start") if since else None
    last = periods.parse_date(until, option="until", bound="end") if until else None
    dates_in_order(first, last)
    result = core.compute(session, by=args.choice("by", core.BY), every=every, since=first,
                          until=last, top=None if top is None else top or core.MAX_TOP,
                          filters=args.filters()._replace(since=None, until=None),
                          words=args.texts("words"))
    document = _dumps(result.as_json())
    if len(document) > MAX_LISTING:  # (every day since 2000: 2.4 MB in one answer)
        # (each period is an object of some 250 characters, whatever the rows)
        coarser = {"day": ", or every week or month", "week": ", or every month"}
        raise UsageError(f"{len(result.periods):,} {every}s of counts are too long for one "
                         f"answer (at most {MAX_LISTING:,} characters of JSON)",
                         hint="give a later since" + coarser.get(every, ""))
    # (the chart's notes after its caption, as the chart draws them: papers you hid
    # counted, a word that is a family's name, an arXiv category's days lacking)
    notes = [chart.title(result), *map(_as_counted, chart.caption(result)),
             *result.notes] if result.papers else [
        why for why in (result.why_empty(),) if why]
    return Answer(document, notes)


# The chart's words in its caption said as the JSON beside it says the same: a count not
# known is null there, not the chart's "·" (its legend: "· not cached", "· in a row"); a
# count is a number, not a bar; and each row already lists its spellings, where the
# caption points to an option no tool takes ("--format json or csv lists them").
# ("{gap}": the chart's mark for a count not known, `chart.UNCACHED`)
_CHART_WORDS = (("{gap} not cached (", "null where not cached ("),
                ("{gap} in a row: ", "null in a row's counts: "),
                ("its bar counts ", "its count is of "),
                (" (its bar is short)", " (its count is low)"),
                ("; --format json or csv lists them)", "; each row's \"spellings\" lists them)"))


def _as_counted(line: str) -> str:
    """A line of the chart's caption (`chart.caption`) in the terms of the JSON
    `trends` answers with (`_CHART_WORDS`)."""
    from papercli.chart import UNCACHED

    for chart_said, said in _CHART_WORDS:
        line = line.replace(chart_said.format(gap=UNCACHED), said)
    return line


def star(session: Session, args: Args) -> Answer:
    """`papers star ID...`; a paper the user hid is starred and named ("hidden"), as the
    command says of it: the user's starred list leaves it out until it is unhidden. As
    the command (and every command that marks papers) does, the papers whose record can
    be had are starred and the others named after ("failed", and an "error: …" line
    each kind); none starred, the failure alone is the tool's error (before: one unknown
    id among twenty starred none of them)."""
    from papercli import reading

    wanted = args.ids("ids")
    with session.userdb() as udb:
        result = reading.star(session, udb, wanted, partly=True)
    if result.failures and not (result.added or result.refreshed):
        raise all_of(result.failures)
    done = {*result.added, *result.refreshed}
    notes = []
    if hidden := result.hidden:
        one = len(hidden) == 1
        notes.append(f"{', '.join(hidden)} {'is' if one else 'are'} hidden by the user: "
                     f"their starred list leaves {'it' if one else 'them'} out "
                     f"(`papers starred --hidden` lists {'it' if one else 'them'}, "
                     f"`papers unhide {' '.join(hidden)}` shows {'it' if one else 'them'} "
                     "again)")  # (the user's commands: `call` says so, as of any note)
    return Answer(_dumps({"starred": result.added, "already_starred": result.refreshed,
                          "hidden": hidden,
                          "failed": [pid for pid in wanted if pid not in done]}),
                  notes, result.failures)


def unstar(session: Session, args: Args) -> Answer:
    wanted = args.ids("ids")
    with session.userdb() as udb:
        removed = udb.unstar(wanted)
    return Answer(_dumps({"unstarred": removed,
                          "not_starred": [p for p in wanted if p not in removed]}))


def tag(session: Session, args: Args) -> Answer:
    """`papers tag --ids ID,... TAG...`, as the command (and every command that marks
    papers) does: the known ids are tagged and an unknown one named after ("failed", an
    "error: …" line), none known the failure alone (before: one unknown id among twenty
    tagged none); one that could not be checked (offline) is tagged with a note saying
    so. A paper that carries every tag already is not looked up (as the command: one
    tagged offline failed once the Hub answered)."""
    from papercli import reading
    from papercli.tags import keep as tags_keep
    from papercli.tags import normalize_tags

    wanted = args.ids("ids")
    tags = normalize_tags(args.texts("tags"))
    if not tags:
        raise UsageError("tag needs one or more tags")
    with session.userdb() as udb:
        had = udb.tags_of(wanted)
    found = reading.look_up(session, wanted, "tagged", already=[
        pid for pid in wanted if set(tags) <= set(had.get(pid, ()))])
    if not found.ids:
        raise all_of(found.failures)
    pids = found.ids
    with session.userdb() as udb:
        added = udb.add_tags(pids, tags)
        tags_keep(session, udb, pids)
    return Answer(_dumps({"ids": pids, "tags": tags, "added": added,
                          "failed": [pid for pid in wanted if pid not in pids]}),
                  _unchecked_said(found.unchecked, "tagged"), found.failures)


def untag(session: Session, args: Args) -> Answer:
    """`papers untag --ids ID,... TAG...`; a tag none of the papers carries (a typo?) is
    said as the command warns of it, with the tags under it they carry (before: "removed":
    0 alone)."""
    from papercli.tags import carried_under, not_tagged, untag_names

    pids = args.ids("ids")
    with session.userdb() as udb:
        carried = {tag for found in udb.tags_of(pids).values() for tag in found}
        tags = untag_names(args.texts("tags"), carried)  # (`-x` stored before the rule too)
        removed = udb.remove_tags(pids, tags)
    absent = [tag for tag in tags if tag not in carried]
    notes = [f"warning: {not_tagged(pids, absent, carried)}"] if absent else []
    notes += [f"tagged {', '.join(under)} under {tag} (untag takes the exact tag)"
              for tag in absent if (under := carried_under(carried, tag))]
    return Answer(_dumps({"ids": pids, "tags": tags, "removed": removed}), notes)


def mark_read(session: Session, args: Args) -> Answer:
    """`papers read ID...` (with `unread`: --unread), as the command does: a paper already
    read is not looked up, the others are as `tag` looks them up (`reading.look_up`),
    the known ids marked and one found nowhere named after ("failed", an "error: …" line),
    none known the failure alone; one that could not be checked (offline) is marked with
    a note saying so. Unread needs no check: a paper not marked read is said so
    ("not_read")."""
    from papercli import reading

    wanted = args.ids("ids")
    if args.flag("unread"):
        with session.userdb() as udb:
            removed = udb.mark_unread(wanted)
        return Answer(_dumps({"marked_unread": removed,
                              "not_read": [p for p in wanted if p not in removed]}))
    with session.userdb() as udb:
        already = udb.read_marks(wanted)
    found = reading.look_up(session, wanted, "marked read", already=set(already))
    if not found.ids:
        raise all_of(found.failures)
    with session.userdb() as udb:
        marked = udb.mark_read(found.ids)
    return Answer(_dumps({"marked_read": marked,
                          "already_read": [p for p in found.ids if p not in marked],
                          "failed": [p for p in wanted if p not in found.ids]}),
                  _unchecked_said(found.unchecked, "marked read"), found.failures)


def list_tags(session: Session, args: Args) -> Answer:
    """`papers tags --json`: the user's tags, most used first, each with how many papers
    carry it; the names the tag filter and untag take, which an assistant had no way to
    learn but a tag filter's miss ("no paper is tagged 'x' (tags: …)"). Cut, as a listing
    is, at `MAX_LISTING` characters, the notes saying how many were left out."""
    counts: list[tuple[str, int]] = []
    if session.has_userdb():  # (none yet: no tags, and a read creates none)
        with session.userdb() as udb:
            counts = udb.tag_counts()
    return _rows([{"tag": t, "papers": n} for t, n in counts], "tag", "the most used",
                 "no tags yet: the user has tagged no paper")


def list_watches(session: Session, args: Args) -> Answer:
    """`papers watch list --json`: the user's watches, each its criteria and how many
    library papers it matches (the papers the user hid not counted, as the command counts
    them); the names for_you's watch takes, which an assistant had no way to learn but a
    miss ("no watch named 'x'"). Never fetches, as the command does not."""
    from papercli import views, watches

    leaving_out, unreadable = views.hidden_ids(session)
    rows = watches.watch_counts(session, leaving_out)
    return _counted_hidden(_rows([{**w.to_dict(), "papers": n, "papers_exact": exact}
                                  for w, n, exact in rows], "watch", "the first",
                                 "no watches yet: the user has added none (`papers watch "
                                 "add NAME` adds one)", many="watches"), unreadable)


def list_families(session: Session, args: Args) -> Answer:
    """`papers families --json`: the model families (built in and the user's), in their
    own order, each with its aliases and how many papers name it (the papers the user hid
    not counted, as the command counts them); the names the family filter takes, which an
    assistant had no way to learn but a miss ("unknown family 'x'"). An empty library is
    `[]` and says why, as the command does."""
    from papercli import library, views

    leaving_out, unreadable = views.hidden_ids(session)
    rows = library.family_rows(session, leaving_out)
    empty = _empty_library(session)
    answer = _rows([] if empty else rows, "family", "the first", empty or "",
                   many="families")
    return _counted_hidden(answer, unreadable)


def list_orgs(session: Session, args: Args) -> Answer:
    """`papers orgs --json`: the organizations the Hub names behind the library's papers,
    most papers first, each its Hub name, display name and count (the papers the user hid
    not counted); the names the org filter takes. None is said as the command says it."""
    from papercli import library, views

    leaving_out, unreadable = views.hidden_ids(session)
    rows = library.org_counts(session, leaving_out=leaving_out)
    none = _empty_library(session) or ("no organizations in the library yet (the Hub "
                                       "names them since 2025-10)")
    return _counted_hidden(_rows(rows, "organization", "the most papers", none),
                           unreadable)


def _counted_hidden(answer: Answer, unreadable: PapersError | None) -> Answer:
    """`answer`, warned first, as the command warns, that the user database could not be
    read, and so the papers the user hid are counted (`views.hidden_ids`)."""
    from papercli.errors import failed_then

    if unreadable is not None:
        answer.notes.insert(0, "warning: " + failed_then(unreadable,
                                                         "hidden papers are counted"))
    return answer


def _rows(rows: Sequence[Mapping[str, Any]], noun: str, which: str, none: str,
          many: str | None = None) -> Answer:
    """A command's --json list of rows (tags, watches, families, organizations), compact,
    one row a line; cut, as a listing is, at `MAX_LISTING` characters, the notes saying
    how many of how many it holds (`which`: the ones kept, "the most used"), or `none`
    when there are none."""
    lines = [_dumps(row).rstrip("\n") for row in rows]
    kept: list[str] = []
    size = len("[]\n")
    for line in lines:
        if size + len(line) + 1 > MAX_LISTING:
            break
        kept.append(line)
        size += len(line) + 1
    if not rows:
        notes = [none]
    elif len(kept) < len(rows):
        notes = [f"{len(kept):,} of {plural(len(rows), noun, many)}, {which}: "
                 f"{MAX_LISTING:,} characters of JSON is as much as one answer holds"]
    else:
        notes = [plural(len(rows), noun, many)]
    return Answer("[" + ",".join(kept) + "]\n", notes)


def note(session: Session, args: Args) -> Answer:
    """`papers note ID -m TEXT` (with `append`: --append); an empty text removes it. The
    text is required, so that removing a note is never the default of a call. The answer
    confirms it short: the note's length and first line (`_first_line`)."""
    from papercli import notes as notes_mod
    from papercli.tags import keep as tags_keep

    pid = args.paper_id("id")
    given = args.text("text", strip=False) or ""  # ("    code": as `papers note -m`)
    append = args.flag("append")
    text = notes_mod.tidy(given)
    if append and text is None:
        raise UsageError("nothing to append")
    if text is None and given:  # ("\n", "  ": as `papers note -m "  "` refuses it; before,
        # the note was removed, which only "" asks for)
        raise UsageError("text holds only blanks; the note is unchanged",
                         hint='give the note, or text "" to remove it')
    said = _checked(session, [pid], "noted") if text is not None else []
    with session.userdb() as udb:
        had = udb.note_of(pid)
        if append:
            text = notes_mod.appended(had, text or "")
        udb.set_note(pid, text)
        if text is not None:
            tags_keep(session, udb, [pid])
    if text is None and had is None:  # (as `papers note --rm` warns: before, the answer
        # said nothing, read as a note removed, of an id mistyped or a paper not noted)
        said.append(f"warning: {pid} had no note")
    return Answer(_dumps({"id": pid, "chars": len(text or ""),
                          "first_line": _first_line(text)}), said)


NOTE_LINE = 80  # characters of a note's first line in note's answer


def _first_line(text: str | None) -> str | None:
    """A note's first line, cleaned and cut to NOTE_LINE characters ("…" when cut): what
    note answers with, not the note, which the assistant sent and would pay for again
    (200,000 characters at most); show_paper gives it whole. None: no note."""
    from papercli.sanitize import clean_line

    if text is None:
        return None
    shown = (clean_line(ln, 10_000) for ln in text.split("\n"))  # (a line of escapes: none)
    line = next((ln for ln in shown if ln.strip()), "")
    return line if len(line) <= NOTE_LINE else line[:NOTE_LINE - 1].rstrip() + "…"


def _checked(session: Session, pids: list[str], done: str) -> list[str]:
    """`reading.check_known`: an unknown id is an error; the ones it could not check
    (offline, no answer) are a note, as `papers tag` and `papers note` warn: not in the
    library yet, `done` anyway, and the user's command that fetches one (before: "could
    not check ID on the Hub (offline); done anyway", which did not say that the paper's
    tag shows in no listing until the library has it)."""
    from papercli import reading

    return _unchecked_said(reading.check_known(session, pids), done)


def _unchecked_said(unchecked: Sequence[str], done: str) -> list[str]:
    """The warning `papers tag` and `papers note` give of papers they could not check
    (`reading.unchecked_warning`: not in the library yet, `done` anyway), with the user's
    command that fetches them and what it does, for each paper (at most `MAX_IDS`): the
    command line's, fitted to 80 columns, named the command without its verb for one
    paper ("…, tagged anyway: the user's command `papers show ID`", which the assistant
    was left to make sense of) and none for several."""
    if not unchecked:
        return []
    if len(unchecked) == 1:
        return [f"warning: not in the library yet, {done} anyway: papers show "
                f"{unchecked[0]} fetches it"]
    return [f"warning: {', '.join(unchecked)} not in the library yet, {done} anyway: "
            "papers show ID fetches each"]


_FILTERS = _filter_properties()


@functools.cache
def _filters_for(online: bool, allow_writes: bool) -> dict[str, Any]:
    """The filters' properties as a server started so describes them (`Tool.schema`)."""
    offered = [t.name for t in TOOLS if allow_writes or not t.writes]
    return _filter_properties(offline=not online, offered=offered)

_ONLINE = ("This server was started with --online: what the library lacks is asked of the "
           "Hub (unless the user's settings keep it offline: its errors say so).")
_OFFLINE = ("This server was started offline: it answers from the user's library only "
            "(what the library lacks is an error saying so).")
_NET = ("Offline unless the server was started with --online: then the Hub is asked "
        "too.")
# What a listing tool's papers hold, and where the rest is (`_brief`).
_BRIEF = ("Each paper is brief: id, title, url (its page), first authors, date, upvotes, "
          "families and a one-line gist (no abstract, no other links); call show_paper for "
          'one paper in full, or give detail "full" for every paper\'s whole record (about '
          "6 times longer).")

TOOLS: tuple[Tool, ...] = (
    Tool("search", "Search papers",
         "Search the library (and the Hub when online) by words, with optional filters; "
         "without a query, browse the library through the filters, newest first. Like "
         "`papers search QUERY --json`. " + _BRIEF + " " + _NET,
         {"query": {"type": "string", "maxLength": MAX_TEXT,
                    "description": 'Words (all must match), "a phrase", a prefix*, or '
                    "-word to leave papers holding it out; arXiv ids or URLs find those "
                    "papers; a qualifier filters as its argument does (org:google, "
                    'author:"Jun Li", tag:TAG, since:DATE, is:starred, has:code). Leave out '
                    "to browse the library through the filters."},
          **_FILTERS, "sort": SORT, "limit": LIMIT, "offset": OFFSET, "detail": DETAIL},
         search),
    Tool("list_papers", "List a day, week or month",
         "The Daily Papers of a day, an ISO week or a month (period today, day, week or "
         "month, with date YYYY-MM-DD, YYYY-Www or YYYY-MM), or the library's papers "
         "between since and until (no period). Like `papers day DATE --json`. " + _BRIEF
         + " " + _NET,
         {"period": {"type": "string", "enum": list(PERIODS),
                     "description": "today, day, week or month; leave out with since/until."},
          "date": {"type": "string", "maxLength": MAX_TEXT,
                   "description": "day: YYYY-MM-DD, today or yesterday; "
                   "week: YYYY-Www, this or last; month: YYYY-MM, this or last "
                   "(default: this one)."},
          **_FILTERS, "sort": SORT, "limit": LIMIT, "offset": OFFSET, "detail": DETAIL},
         list_papers),
    Tool("show_paper", "Show a paper",
         "One paper in full: authors, dates, upvotes, links, AI summary and keywords, the "
         "whole abstract, the models, datasets and Spaces the Hub links to it (linked_models, "
         "linked_datasets and linked_spaces, most liked first; their totals in num_models, "
         "num_datasets and num_spaces, null while not known), and the user's tags and note. "
         "Like `papers show ID --json`. " + _NET,
         {"id": PAPER_ID}, show_paper, required=("id",)),
    Tool("full_text", "Read a paper's full text",
         "A paper's full text as Markdown, as the Hub serves it (headings, tables, LaTeX; "
         "escape sequences and control characters taken out), "
         f"{FULL_TEXT_PAGE:,} characters at a time: call again with next_offset for more. "
         "Like `papers show ID --full --json`. Kept in the library once fetched. " + _NET,
         {"id": PAPER_ID,
          "offset": {"type": "integer", "minimum": 0, "default": 0,
                     "description": "The character to start at, counted from 0 "
                                    "(next_offset of the last answer)."},
          "max_chars": {"type": "integer", "minimum": 1, "maximum": MAX_FULL_TEXT_PAGE,
                        "default": FULL_TEXT_PAGE,
                        "description": "At most this many characters of the text (1 to "
                                       f"{MAX_FULL_TEXT_PAGE:,}; default "
                                       f"{FULL_TEXT_PAGE:,})."}},
         full_text, required=("id",)),
    Tool("for_you", "Papers for the user",
         "The papers of the last 7 days' listings (or since/until) the user is most likely "
         "to want, best first, ranked by a model of their stars, read marks, watches and "
         "hidden papers; starred, read and hidden papers are left out. Each paper's score "
         "is the model's (higher first; comparable within one answer only), null when "
         "there are too few marks to learn from and the papers are most upvoted first (a "
         "note says so). Like `papers for-you --json`. " + _BRIEF + " Never uses the "
         "network.",
         {**_filter_properties("starred"), "limit": LIMIT, "offset": OFFSET,  # unstarred
          "detail": DETAIL,
          "watch": {"type": "string", "maxLength": 100,
                    "description": "A watch's name (list_watches lists them): rank by the "
                                   "taste of the starred, read and tagged papers it "
                                   "matches only (`--watch NAME`)."},
          "like": {**PAPER_IDS, "description": "Rank by these papers alone instead of the "
                   "user's marks, without starring them (`--like ID...`); one the library "
                   "lacks is left out with a warning, none in it is an error."}},
         for_you, network=False, ranks="vocabulary"),
    Tool("related_papers", "Related papers",
         "The library's papers most like one paper, or like several together (with_ids: "
         "what they share weighs most), by TF-IDF over titles, abstracts and AI keywords, "
         "best first; each paper's score is its likeness, 0 to 1 (1: the closest found). Like "
         "`papers related ID... --json`. " + _BRIEF + " " + _NET,
         {"id": PAPER_ID, "with_ids": {**PAPER_IDS, "description": "More papers to rank "
                                       "by together with id (`papers related A B C`); "
                                       "one of them or id that cannot be had is left out "
                                       "with a warning, none had is an error."},
          **_FILTERS, "limit": LIMIT, "offset": OFFSET, "detail": DETAIL}, related_papers,
         required=("id",), ranks="topics"),
    Tool("trends", "Trends",
         "Papers per month (or week, or day) over the user's whole library, exactly "
         "counted: for the model families, organizations or AI keywords (by) with the "
         "most papers in the range, or for words given (each the papers holding it as a "
         "whole word). A period the library holds no listing of is null (not cached: "
         "unknown, not zero); the notes say what the library covers. Like `papers trends "
         "[WORD...] --json`. Never uses the network.",
         {"words": {"type": "array", "maxItems": 100,
                    "items": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": 'Rows of words (or "a phrase") instead of by: each '
                                   "counts the papers holding it, as the keyword filter "
                                   "reads a word."},
          "by": {"type": "string", "enum": ["family", "org", "keyword"],
                 "description": "What a row is: a model family (default), an organization "
                                "or an AI keyword (the Hub's, spellings merged)."},
          "every": {"type": "string", "enum": ["month", "week", "day"],
                    "description": "The period a count is of (default month)."},
          "top": {"type": "integer", "minimum": 0, "maximum": 100,
                  "description": "Rows: the N with the most papers (default 8; 0: all, "
                                 "up to 100)."},
          **_FILTERS,
          "since": {**_FILTERS["since"], "description": "The first day counted, back to "
                    "its period's start (YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, or back from "
                    "today: 2w, 6mo, 1y). Default: this month and the five before (every "
                    "week: this week and the 25 before; every day: the last 30 days, "
                    "today among them)."},
          "until": {**_FILTERS["until"], "description": "The last day counted, on to its "
                    "period's end (default: today)."}},
         trends, network=False),
    Tool("list_tags", "List the user's tags",
         "The user's tags, most used first, each with how many papers carry it: "
         '[{"tag": "video/gen", "papers": 12}, ...], the names the tag argument of the '
         "listing tools takes (a tag finds the tags nested under it too: video finds "
         "video/gen). Like `papers tags --json`. Never uses the network.",
         {}, list_tags, network=False),
    Tool("list_watches", "List the user's watches",
         "The user's watches (saved searches), each its name, its criteria (family, "
         "keyword, author, org...: empty lists and nulls for those it has none of) and "
         "how many library papers it matches, the papers the user hid not counted "
         '(papers; papers_exact false: at least that many): [{"name": "llava", "family": '
         '["LLaVA"], ..., "papers": 111, "papers_exact": true}, ...], the names '
         "for_you's watch argument takes. Like `papers watch list --json`. Never uses the "
         "network.",
         {}, list_watches, network=False),
    Tool("list_families", "List the model families",
         "The model families the family argument of the listing tools takes (built in, "
         "and the user's own from their config), in their own order, each with its "
         "aliases (other names the family argument takes for it, any case), whether it is "
         "built in, and how many library papers name it, the papers the user hid not "
         'counted: [{"name": "LLaVA", "aliases": ["llava-next", ...], "builtin": true, '
         '"papers": 111}, ...]. Like `papers families --json`. Never uses the network.',
         {}, list_families, network=False),
    Tool("list_orgs", "List the organizations",
         "The organizations the Hub names behind the library's papers (it names them "
         "since 2025-10), most papers first, each its Hub name, display name and how many "
         'papers, the papers the user hid not counted: [{"name": "nvidia", "fullname": '
         '"NVIDIA", "papers": 93}, ...]; the org argument of the listing tools takes '
         "either name, any case. Like `papers orgs --json`. Never uses the network.",
         {}, list_orgs, network=False),
    Tool("star", "Star papers",
         "Add papers to the user's reading list (kept with a snapshot of their record). "
         "Like `papers star ID...`: a paper whose record cannot be had is not starred, "
         "the others are, and it is named in \"failed\" and an error line.",
         {"ids": SOME_PAPER_IDS}, star, required=("ids",), writes=True),
    Tool("unstar", "Unstar papers",
         "Remove papers from the user's reading list (read marks are kept). Like `papers "
         "unstar ID...`.",
         {"ids": SOME_PAPER_IDS}, unstar, required=("ids",), writes=True, destructive=True,
         network=False),
    Tool("tag", "Tag papers",
         "Put the user's tags on papers (letters, digits, - _ / .; case-folded). Like "
         "`papers tag --ids ID,... TAG...`. The tag filter of the listing tools finds them.",
         {"ids": SOME_PAPER_IDS, "tags": TAGS}, tag, required=("ids", "tags"), writes=True),
    Tool("untag", "Untag papers",
         "Take the user's tags off papers. Like `papers untag --ids ID,... TAG...`.",
         {"ids": SOME_PAPER_IDS, "tags": TAGS}, untag, required=("ids", "tags"), writes=True,
         destructive=True, network=False),
    Tool("mark_read", "Mark papers read",
         "Mark papers as read by the user, or with unread as not read yet: for_you leaves "
         "the papers they read out. Like `papers read ID...` (`--unread`): a paper found "
         'nowhere is not marked, the others are, and it is named in "failed" and an error '
         'line. Answers with the ids marked ("marked_read") and those read already '
         '("already_read"); with unread, those unmarked ("marked_unread") and those not '
         'marked read ("not_read").',
         {"ids": SOME_PAPER_IDS,
          "unread": {"type": "boolean", "default": False,
                     "description": "Remove the read mark instead (`--unread`)."}},
         mark_read, required=("ids",), writes=True, destructive=True),
    Tool("note", "Write a note on a paper",
         "Set the user's note (Markdown) on a paper, replacing the one it has, or add a "
         'paragraph to it with append; text "" (empty) removes the note. Like `papers note '
         "ID -m TEXT`. Answers with the note's length in characters (chars, 0 once "
         f"removed) and its first line, cut to {NOTE_LINE} characters (first_line, null "
         "once removed), not the whole note: show_paper shows it (its first "
         f"{NOTE_IN_SHOW:,} characters), and search finds it.",
         {"id": PAPER_ID,
          "text": {"type": "string", "maxLength": MAX_NOTE,
                   "description": "The note (Markdown), replacing the "
                   f'paper\'s note, at most {MAX_NOTE:,} characters; "" removes the '
                   "note."},
          "append": {"type": "boolean", "default": False,
                     "description": "Add the text as a new paragraph after the note."}},
         note, required=("id", "text"), may_be_empty=("text",), writes=True,
         destructive=True, idempotent=False),
)


def tools(settings: Settings) -> list[Tool]:
    """The tools this server offers: the read-only ones, and the writing ones only with
    --allow-writes."""
    return [t for t in TOOLS if settings.allow_writes or not t.writes]


# -- calling a tool ---------------------------------------------------------------------------


class ToolFailure(Exception):
    """A tool call that failed, with the one line to tell the assistant."""


class UnknownTool(ToolFailure):
    """A tool this server does not offer (unknown, or writing without --allow-writes):
    the spec makes it a protocol error (invalid params), not a tool's failure."""


def call(name: str, arguments: Mapping[str, Any] | None, settings: Settings) -> Answer:
    """Run one tool as its command would: a fresh session (offline unless `online`), the
    view or core call, the JSON. Every failure is a `ToolFailure` of one line."""
    from papercli.db import records
    from papercli.session import AFTER, NOTIFY, Session

    chosen = {t.name: t for t in TOOLS}.get(name)
    offered = [t.name for t in tools(settings)]
    if chosen is None or (chosen.writes and not settings.allow_writes):
        meant = _meant(name, offered) if chosen is None else None
        hint = ("the user can start the server with `papers mcp --allow-writes` to allow it"
                if chosen is not None else f"did you mean {meant}? (see the tools list)"
                if meant else "see the tools list")
        raise UnknownTool(_line(f"{quoted(name)} is not a tool of this server", hint))

    def terms(text: str) -> str:
        offline = session.offline if session is not None else not settings.online
        return _tool_terms(text, chosen.properties, offered, offline=offline)

    records.begin()
    session: Session | None = None
    quiet = NOTIFY.set(None)  # the session's notices are the answer's, not stderr's
    fitted = FITTED.set({})  # the ways of the lines the core fitted, to fit them again
    after: list[str] = []  # and so are those said once it succeeded (an empty library's
    later = AFTER.set(after)  # why), not kept for when `papers mcp` ends
    try:
        args = Args(chosen, arguments)
        session = Session.create(offline=not settings.online, timeout=settings.timeout)
        needs = _needs(chosen, args, session)
        if needs is not None:  # the warm-up's fit, not a second one beside it
            with _VOCABULARY if needs == "vocabulary" else _PREPARING:
                pass
        answer = chosen.run(session, args)
        # The session's notices are the command line's warnings (`failures.call` says
        # them with output.warn; before, a search's "2401.01055 is hidden" came without
        # the kind `papers search` gives it), those said once it succeeded its notes.
        # (a note the core fitted to 80 columns, an empty library's why, said whole: an
        # answer has no columns to fit, and the whole names the folder and every fix)
        whole = FITTED.get() or {}
        answer.notes[:0] = [*(f"warning: {n}" for n in (
            *(n for n in _warm_up_notes() if n not in session.notices), *session.notices)),
            *(whole[n][0][0] if n in whole else n for n in after)]
        kept = (FITTED.get() or {}) if chosen.name in _FITTED_AGAIN else {}
        answer.notes[:] = [_fitted_again(_hidden_said(n, chosen.name, arguments), terms, kept)
                           for n in answer.notes]
        answer.notes[:0] = [
            f"warning: {_failure(e, session, settings, chosen.name, arguments, terms)}"
            for e in answer.went_without]
        answer.notes += [f"error: {_failure(e, session, settings, chosen.name, arguments, terms)}"
                         for e in answer.failures]
    except PapersError as exc:  # (several kinds of ids not done: a line each)
        raise ToolFailure("\n".join(
            _failure(e, session, settings, chosen.name, arguments, terms)
            for e in (exc.errors if isinstance(exc, Several) else [exc]))) from None
    except BaseException as exc:  # a bug, the disk, a panic below: one line
        if not is_failure(exc):
            raise
        raise ToolFailure(_unexpected(exc)) from None
    finally:
        AFTER.reset(later)
        NOTIFY.reset(quiet)
        FITTED.reset(fitted)
        if session is not None:
            session.close()
    damaged = records.report_line(records.take())
    if damaged:
        answer.notes.append(f"warning: {damaged}")
    return answer


def _meant(name: str, offered: Sequence[str]) -> str | None:
    """The tool an unknown `name` stands for, of those `offered`: the one that does the
    command of that name (show is show_paper, tags list_tags: each description says
    "Like `papers show ID --json`", and an assistant called the command), else the
    closest, a letter or two apart (`show_papers`, `fulltext`; not `get_paper`, which is
    as near list_papers as show_paper); None when none is (before: "see the tools list"
    alone, which the assistant had read)."""
    import difflib

    word = name.strip().lower().removeprefix("papers ").replace("_", "-")
    tool = {**{k: v[0] for k, v in _TOOL_COMMANDS.items()}, "tags": "list_tags",
            "watches": "list_watches", "read": "mark_read"}.get(word)
    if tool in offered:
        return tool
    near = difflib.get_close_matches(name.strip().lower(), offered, n=1, cutoff=0.8)
    return near[0] if near else None


def _failure(exc: PapersError, session: Session | None, settings: Settings, tool: str,
             arguments: Mapping[str, Any] | None, terms: Callable[[str], str]) -> str:
    """A failure as the tool says it, in one line: a tool's error, or what a call that
    did the rest could not do (`Answer.failures`)."""
    if isinstance(exc, OfflineMiss):
        # Its hint is the command line's ("without --offline"), said here as what lets
        # the server fetch; unless it has one of its own, which stands, as the command
        # line keeps it (`Session.offline_miss`): "… is a Sunday: Daily Papers lists
        # nothing on weekends" (before: replaced, the assistant sent to fetch nothing).
        own = exc.hint if exc.hint and "without --offline" not in exc.hint else None
        return _line(terms(exc.message), terms(own) if own else _offline_hint(
            session, settings, _user_fetch(tool, arguments, exc.message)))
    return _line(terms(exc.message), exc.hint and terms(exc.hint))


def _user_fetch(tool: str, arguments: Mapping[str, Any] | None, missed: str = "") -> str:
    """The user's command that fetches what an offline `tool` call found missing: the
    papers the miss `missed` names of those the call gave (`papers show 2412.99999
    2412.99998`; with --full for a text), else the paper (`papers show 2401.01055`) or
    the listing (`papers day 2024-01-05`); "the papers command" for the others. (Before,
    always that: which command was left for the assistant to guess; then the call's
    `id`, which related_papers missing a paper of `with_ids` has, or `ID`.)"""
    from papercli.models import InvalidPaperId, normalize_id

    given = dict(arguments or {})
    named = [pid for pid in _given_ids(given) if re.search(
        rf"(?<![\w./-]){re.escape(pid)}(?![\w/-]|\.\d)", missed)]
    if named:
        return f"`papers show {' '.join(named)}{' --full' if tool == 'full_text' else ''}`"
    pid = given.get("id")
    if tool in ("show_paper", "full_text", "related_papers", "note") and isinstance(pid, str):
        try:
            pid = normalize_id(pid)
        except InvalidPaperId:
            pid = "ID"
        return f"`papers show {pid}{' --full' if tool == 'full_text' else ''}`"
    period, date = given.get("period"), given.get("date")
    if tool == "list_papers" and isinstance(period, str) and period.lower() in PERIODS:
        when = f" {date.strip()}" if isinstance(date, str) and date.strip() else ""
        return f"`papers {period.lower()}{when}`"
    if tool in ("star", "tag", "for_you"):
        return "`papers show ID`"
    return "the papers command"


def _hidden_said(text: str, tool: str, arguments: Mapping[str, Any] | None) -> str:
    """A listing's "(--hidden lists it)" as the user's command that lists the papers the
    user hid (`papers day 2026-08-20 --hidden`): no tool takes --hidden, and the
    assistant was sent to an option it could not give."""
    if "(--hidden lists" not in text:
        return text
    given = dict(arguments or {})
    period, date, pid = given.get("period"), given.get("date"), given.get("id")
    if tool == "list_papers" and isinstance(period, str) and period.lower() in PERIODS:
        when = f" {date.strip()}" if isinstance(date, str) and date.strip() else ""
        command = f"`papers {period.lower()}{when} --hidden`"
    elif tool == "related_papers" and (ids := _given_ids({"id": pid})):
        command = f"`papers related {ids[0]} --hidden`"
    else:  # (search, or a list between since and until: the filters are the call's)
        command = "`papers search` with the same filters and --hidden"
    return text.replace("(--hidden lists", f"({_USERS_COMMAND}{command} lists")


def _given_ids(given: Mapping[str, Any]) -> list[str]:
    """The paper ids a call's arguments give (id, with_ids, ids, like), each once, as
    arXiv ids; those that are none are passed over (the call was refused for them)."""
    from papercli.models import InvalidPaperId, normalize_id

    out: dict[str, None] = {}
    for name in ("id", "with_ids", "ids", "like"):
        value = given.get(name)
        for text in [value] if isinstance(value, str) else (
                value if isinstance(value, list) else []):
            if isinstance(text, str):
                with contextlib.suppress(InvalidPaperId):
                    out[normalize_id(text)] = None
    return list(out)


def _offline_hint(session: Session | None, settings: Settings,
                  fetch: str = "the papers command") -> str:
    """What would let the server fetch: `--online`, or the user's `fetch` command;
    unless the user's network.offline keeps every command offline, --online or not (the
    setting is named, as the command line's `Session.offline_miss` names it)."""
    if session is None or session.config.values.get("network.offline") is not True:
        return OFFLINE_HINT.replace("the papers command", fetch)
    if session.config.sources.get("network.offline", "").startswith("env"):
        why = "PAPERS_OFFLINE is set in the server's environment"
        fix = "unset it (or set PAPERS_OFFLINE=0)"
    else:
        why = "network.offline is true in the user's config.toml"
        fix = "run `papers config set network.offline false`"
    if settings.online:
        return f"the server was started with --online, but {why}: the user can {fix} to " \
               "let it fetch"
    return (f"this server is offline, and {why}: the user can {fix} and start the server "
            "with `papers mcp --online` to let it fetch")


def _line(message: str, hint: str | None = None) -> str:
    """A failure as one clean line: "what happened — what to do"."""
    from papercli.sanitize import clean_line
    from papercli.secrets import redact

    text = message.rstrip(".") + (f" — {hint}" if hint else "")
    return clean_line(redact(text), 2000)


def _unexpected(exc: BaseException) -> str:
    import errno
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        from papercli.db.connection import storage_error

        problem = storage_error(exc, "a papercli database")
        if problem is not None:
            return _line(problem.message, problem.hint and _tool_terms(problem.hint, ()))
        return _line(f"a papercli database failed: {exc}")
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS,
                                                   errno.EFBIG, errno.EACCES, errno.EPERM):
        # What happened and what to do as the command line says them (`os_cause`), the
        # advice the user's (before: "No space left on device", nothing to do said)
        where = f" ({exc.filename})" if exc.filename else ""
        cause = os_cause(exc.errno)
        if cause is None:
            return _line(f"{exc.strerror}{where}")
        return _line(f"{cause[0]}{where}", _tool_terms(cause[1], ()))
    return _line(f"unexpected {exc.__class__.__name__}: {exc}")


# -- the server ---------------------------------------------------------------------------------

# Held while the server fits what ranking reads (`_prepare_ranking`): a ranking tool waits
# for it rather than fitting the same vocabulary and topics beside it; no other tool does.
# _VOCABULARY is let go once the vocabulary is fitted, which is all a taste reads
# (for_you, a listing sorted by relevance), _PREPARING once the topics are too (related).
# (Two fits side by side each took twice as long, sharing one interpreter: a search
# sorted by relevance as the server started took 34 s where `papers search` takes 7.)
_VOCABULARY = threading.Lock()
_PREPARING = threading.Lock()


def _needs(tool: Tool, args: Args, session: Session) -> str | None:
    """What of the warm-up's fit `tool` reads with these arguments (`Tool.ranks`): a
    listing reads the vocabulary when sorted by relevance, by its sort argument or else
    the user's display.sort."""
    if tool.ranks is not None:
        if session.offline and _lacking(session, args):
            return None  # it fails at once (before: once the fit it waited for was done)
        return tool.ranks
    if "sort" not in tool.properties:
        return None
    sort = args.choice("sort", SORTS) or session.config.get("display.sort")
    return "vocabulary" if sort == "relevance" else None


# What the warm-up's session had to say (the library moved aside), for the next answer:
# the assistant hears it as it would have from the call that opened the library.
_WARM_UP_NOTES: list[str] = []
_WARM_UP_NOTES_LOCK = threading.Lock()


def _warm_up_notes() -> list[str]:
    with _WARM_UP_NOTES_LOCK:
        taken = _WARM_UP_NOTES[:]
        _WARM_UP_NOTES.clear()
    return taken


def _lacking(session: Session, args: Args) -> bool:
    """Whether the library lacks every paper the call ranks by: all of id and with_ids
    (related_papers), or all of like (for_you); each ranks by those it has, the others
    warned of. Then an offline call fails without ranking anything, and need not wait
    for the warm-up."""
    store = session.store()
    return any(bool(pids) and all(store.get_paper(pid) is None for pid in pids) for pids in (
        [*([args.paper_id("id")] if "id" in args.values else []), *args.ids("with_ids")],
        args.ids("like")))


def _prepare_ranking() -> None:
    """Fit and cache what the first related_papers or for_you would (`ranking.prepare`,
    as an import or a sync ends with): a library imported with --no-prepare, or whose
    import was interrupted while preparing, left seconds of fitting to that call, near
    the time some clients give one. With fresh caches this only reads them; a small
    library is left alone. On its own thread with its own session, started with the
    server, so that no answer waits for it but a ranking one; `_VOCABULARY` is held
    until the vocabulary is fitted, `_PREPARING` until it ends. A failure here is left for
    the ranking call that meets it again to say."""
    released: list[bool] = []

    def vocabulary_ready() -> None:  # (once: here, or at the end when it was not)
        if not released:
            released.append(True)
            _VOCABULARY.release()

    try:
        from papercli import ranking
        from papercli.session import Session

        session = Session.create(offline=True)
        try:
            ranking.prepare(session.store(), vocabulary_ready=vocabulary_ready)
        finally:
            session.close()
            with _WARM_UP_NOTES_LOCK:
                _WARM_UP_NOTES.extend(session.notices)
    except BaseException as exc:
        if not is_failure(exc):
            raise
    finally:
        vocabulary_ready()
        _PREPARING.release()


def _start_warm_up() -> None:
    """`_prepare_ranking` on a daemon thread (the server never waits for it to end: a
    client that closes stdin ends the process), `_PREPARING` taken first so that a
    ranking call made at once already finds it held."""
    _VOCABULARY.acquire()
    _PREPARING.acquire()
    try:
        threading.Thread(target=_prepare_ranking, name="papers-mcp-prepare",
                         daemon=True).start()
    except BaseException:
        _VOCABULARY.release()
        _PREPARING.release()
        raise


def serve(settings: Settings) -> None:
    """Serve the tools over stdin/stdout until the client closes stdin (or Ctrl-C, which
    propagates as KeyboardInterrupt for the command line to report)."""
    import logging
    import signal

    import anyio
    import anyio.to_thread
    import mcp_types as types
    from mcp.server.lowlevel import Server
    from mcp.shared.exceptions import MCPError

    from papercli import __version__, output

    # The SDK's own messages: warnings and worse, plain, on stderr (never stdout).
    logging.basicConfig(level=logging.WARNING, format="papers mcp: %(message)s")
    offered = tools(settings)
    one_at_a_time = anyio.CapacityLimiter(1)

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        cursor = getattr(params, "cursor", None)
        if cursor is not None:  # the spec's answer to a cursor the server never gave
            raise MCPError(types.INVALID_PARAMS, "Invalid params: cursor "
                           f"{quoted(cursor)} is none this server gave: tools/list has "
                           "one page (no nextCursor); call it without a cursor")
        return types.ListToolsResult(tools=[
            types.Tool(name=t.name, title=t.title, description=t.described(settings),
                       input_schema=t.schema(settings),
                       annotations=types.ToolAnnotations(**t.annotations(settings)))
            for t in offered])

    async def call_tool(ctx: Any, params: types.CallToolRequestParams
                        ) -> types.CallToolResult:
        gone = threading.Event()  # set once nobody waits for the answer
        try:
            answer = await anyio.to_thread.run_sync(
                functools.partial(_in_turn, gone, params.name, params.arguments, settings),
                limiter=one_at_a_time, abandon_on_cancel=True)  # Ctrl-C does not wait
        except UnknownTool as exc:  # (its name quoted as sent: no prefix of it cleaned,
            output.warn(str(exc))  # "search\x1b[2J" logged as a failure of search)
            raise MCPError(types.INVALID_PARAMS, str(exc)) from None
        except ToolFailure as exc:
            output.warn(_logged(params.name, str(exc)))
            return types.CallToolResult(
                content=[types.TextContent(type="text", text=str(exc))], is_error=True)
        finally:
            gone.set()
        assert answer is not None  # (None only for a call given up, never answered)
        content: list[types.ContentBlock] = [
            types.TextContent(type="text", text=answer.document)]
        if answer.notes:
            content.append(types.TextContent(type="text", text="\n".join(answer.notes)))
        return types.CallToolResult(content=content)

    server: Any = Server("papercli", version=__version__, instructions=instructions(settings),
                         on_list_tools=list_tools, on_call_tool=call_tool)

    async def main() -> None:
        from papercli.wakeup import loop_woken_by_signals

        # (a signal just before the loop waits in epoll is not left for the client's next
        # message, which an idle client never sends)
        with _wire(0) as wire_in, _wire(1) as wire_out, loop_woken_by_signals():
            await _serve_wire(server, wire_in, wire_out)

    # Ctrl-C raises where the loop waits, as SIGTERM does (cli.main): asyncio's own SIGINT
    # handler would instead cancel the tasks and wait for the SDK's stdin reader, a thread
    # blocked on a read, that is, until the client closes stdin.
    previous = signal.signal(signal.SIGINT, _interrupt)
    _start_warm_up()
    try:
        anyio.run(main)
    finally:
        signal.signal(signal.SIGINT, previous)


def _logged(name: str, failure: str) -> str:
    """stderr's line for tool `name`'s failure: the failure, after the tool's name unless
    it starts with it ("show_paper needs id"; before: "show_paper: show_paper needs
    id")."""
    return failure if failure.startswith(f"{name} ") else f"{name}: {failure}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# Held by the tool call running, on its worker thread. The event loop's limiter lets the
# next call go as soon as one is cancelled, while the cancelled one runs on (a thread
# cannot be stopped): a client that gave up on a slow call and sent it again had both
# running side by side, each the slower (a fit of the vocabulary twice, sharing one
# interpreter). Calls run one at a time, cancelled or not.
_TURN = threading.Lock()


def _in_turn(gone: threading.Event, name: str, arguments: Mapping[str, Any] | None,
             settings: Settings) -> Answer | None:
    """`call`, once the call before it has ended; None, not run, if it was cancelled
    (`gone`) while it waited its turn."""
    with _TURN:
        if gone.is_set():
            return None
        return call(name, arguments, settings)


# The longest line read as one message, in bytes: the longest call, a note of MAX_NOTE
# characters each escaped as JSON's \uXXXX pairs at worst (12 bytes), fits in it.
MAX_MESSAGE = 4 * 1024 * 1024
# Tool calls read and not yet answered: they run one at a time, and those the client sends
# meanwhile wait, each holding its message (up to MAX_MESSAGE); past this many, a call is
# answered at once as BUSY, so the memory they hold is bounded.
MAX_WAITING = 16
BUSY = -32050  # (JSON-RPC 2.0 leaves -32000 to -32099 to the server)


@contextlib.contextmanager
def _wire(fd: int) -> Iterator[BinaryIO]:
    """The client's end of standard descriptor `fd` (0: its messages in, 1: ours out) on
    a private copy, while `fd` itself points elsewhere (stdin at the null device, stdout at
    stderr): nothing else reads the client's messages or writes among ours (as the SDK's
    stdio transport does). The standard stream itself if the descriptors fail."""
    import os
    import sys

    def standard() -> BinaryIO:
        return sys.stdin.buffer if fd == 0 else sys.stdout.buffer

    try:
        private = os.dup(fd)
    except OSError:
        yield standard()
        return
    try:
        away = os.open(os.devnull, os.O_RDONLY) if fd == 0 else os.dup(2)
        try:
            os.dup2(away, fd)
        finally:
            os.close(away)
    except OSError:
        os.close(private)
        yield standard()
        return
    try:  # closefd=False: the reading thread may still block on it after the end
        yield os.fdopen(private, "rb" if fd == 0 else "wb", closefd=False)
    finally:
        if fd == 1 and sys.stdout is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.stdout.flush()  # what was printed meanwhile, to stderr, not the wire
        os.dup2(private, fd)


async def _serve_wire(server: Any, wire_in: BinaryIO, wire_out: BinaryIO) -> None:
    """Serve the client's messages, one a line on `wire_in`, answering on `wire_out`,
    until the client closes it. Each line is read bounded (`MAX_MESSAGE`) and parsed
    once, on a worker thread; a line that is not a message the server can take is
    answered here with JSON-RPC 2.0's error (the SDK's server would drop it, or answer
    it without its id, leaving the client waiting)."""
    import anyio
    import anyio.to_thread
    import mcp_types as types
    from mcp.shared.message import SessionMessage

    to_server, from_client = anyio.create_memory_object_stream[SessionMessage](0)
    to_client, outgoing = anyio.create_memory_object_stream[SessionMessage](0)

    waiting: Counter[tuple[bool, int | str]] = Counter()  # the calls not answered yet
    # Other requests not answered yet (a ping, tools/list): answered at once, so that the
    # client's stdin closing right after one (`ping` then EOF) does not end the server
    # before its answer, as the SDK's server, its input ended, drops what it handles.
    quick: Counter[tuple[bool, int | str]] = Counter()

    def answered(key: tuple[bool, int | str]) -> None:
        if waiting[key] > 1:
            waiting[key] -= 1
        else:  # (no count of 0 kept: a long session's ids would pile up)
            waiting.pop(key, None)

    async def read() -> None:
        started = False  # an initialize request went in
        async with to_server, to_client.clone() as refusals:
            while (message := await anyio.to_thread.run_sync(
                    _receive, wire_in, abandon_on_cancel=True)) is not None:
                if isinstance(message, types.JSONRPCRequest):
                    started = started or message.method == "initialize"
                    if not started and message.method in _SERVED[2:]:
                        message = _refusal(message.id, types.INVALID_PARAMS, (
                            f"Invalid params: {message.method} before initialize: send "
                            "initialize, then notifications/initialized, first"))
                    elif message.method != "tools/call":
                        quick[_key(message.id)] += 1  # (answered at once: a ping is,
                        # however many calls wait)
                    elif waiting.total() >= MAX_WAITING:
                        message = _refusal(message.id, BUSY, (
                            f"Server busy: {MAX_WAITING} tool calls are waiting for their "
                            "answers (they run one at a time): send more once some are "
                            "answered"))
                    else:
                        waiting[_key(message.id)] += 1
                elif (isinstance(message, types.JSONRPCNotification)
                      and message.method == "notifications/cancelled"):
                    cancelled = (message.params or {}).get("requestId")
                    if isinstance(cancelled, int | str) and not isinstance(cancelled, bool):
                        answered(_key(cancelled))  # (a cancelled request is not answered)
                if isinstance(message, _Refusal):  # ours; a client's error goes on in
                    await refusals.send(SessionMessage(message.error))
                else:
                    await to_server.send(SessionMessage(message))
            for _ in range(200):  # the input ended: the quick answers out first (2 s)
                if not quick:
                    break
                await anyio.sleep(0.01)

    async def write() -> None:
        async with outgoing:
            async for item in outgoing:
                if isinstance(item.message, types.JSONRPCResponse | types.JSONRPCError) \
                        and item.message.id is not None:
                    answered(_key(item.message.id))
                    quick.pop(_key(item.message.id), None)
                line = _serialized(item.message)
                try:
                    await anyio.to_thread.run_sync(_send, wire_out, line)
                except (OSError, ValueError):  # the client closed its end: it is gone,
                    tasks.cancel_scope.cancel()  # as when it closes stdin (not a failure)
                    return

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(read)
        tasks.start_soon(write)
        async with to_client:  # (the writer ends once the reader's copy is closed too)
            await server.run(from_client, to_client, server.create_initialization_options())


def _key(pid: int | str) -> tuple[bool, int | str]:
    """A request id as counted: 1 and "1" are two ids."""
    return isinstance(pid, str), pid


@dataclass(frozen=True)
class _Refusal:
    """Our answer to a line that is not a message the server can take (`_receive`), told
    apart from a client's own error response, which goes to the server, not back."""

    error: Any  # a JSONRPCError


def _serialized(message: Any) -> str:
    """`message` as one line of JSON. A string of the client's holding half a surrogate
    pair (an id or a method sent as "\\ud800") is no UTF-8, which pydantic refuses to
    write (the server ended on it); it goes back escaped as it came."""
    try:
        return str(message.model_dump_json(by_alias=True, exclude_unset=True))
    except ValueError:
        return json.dumps(message.model_dump(by_alias=True, exclude_unset=True),
                          separators=(",", ":"), default=str)


def _send(wire: BinaryIO, line: str) -> None:
    wire.write(line.encode("utf-8") + b"\n")
    wire.flush()


def _receive(wire: BinaryIO) -> Any:
    """The client's next message, the `_Refusal` answering a line that is not one, or
    None at the end. A line over `MAX_MESSAGE` bytes is skipped a piece at a time, never
    held whole, and answered as an invalid request, of the id its start or end holds
    (`_overlong_id`), else of id null. A blank line (a stray CRLF, a keep-alive) holds
    no message and is passed over unanswered: an error of id null would answer nothing
    the client sent; so is a byte order mark (some Windows clients start with one)."""
    import mcp_types as types

    while True:
        line = wire.readline(MAX_MESSAGE + 1)
        if not line:
            return None
        if line.removeprefix(b"\xef\xbb\xbf").strip():
            break
    if len(line) > MAX_MESSAGE and not line.endswith(b"\n"):
        tail = line[-_TAIL:]
        while (rest := wire.readline(MAX_MESSAGE)) and not rest.endswith(b"\n"):
            tail = (tail + rest[-_TAIL:])[-_TAIL:]
        tail = (tail + rest[-_TAIL:])[-_TAIL:]
        head = line.removeprefix(b"\xef\xbb\xbf")[:_TAIL]
        return _refusal(_overlong_id(head, tail), types.INVALID_REQUEST,
                        f"Invalid Request: a message of more than {MAX_MESSAGE:,} bytes, "
                        "which no call needs: it was skipped unread; send a shorter one")
    return _message(line.decode("utf-8", errors="replace").removeprefix("\ufeff"))


# The bytes of an overlong line's start and end kept to find its id in (`_overlong_id`).
_TAIL = 1024
_ID = rb'(-?\d{1,18}|"(?:[^"\\\x00-\x1f]|\\.){0,200}")'
# The id among the first members, before any nested value (our client's order, and most:
# jsonrpc, id, method, params), or the last member (the TypeScript SDK's: method, params,
# jsonrpc, id). A quote inside a string is escaped, so neither matches inside one.
_HEAD_ID = re.compile(rb'\s*\{(?:\s*"(?:jsonrpc|method)"\s*:\s*"[^"\\]*"\s*,)*\s*"id"\s*:\s*'
                      + _ID + rb'\s*[,}]')
_TAIL_ID = re.compile(rb'[{,]\s*"id"\s*:\s*' + _ID + rb'\s*\}\s*\Z')


def _overlong_id(head: bytes, tail: bytes) -> int | str | None:
    """The id of a line too long to parse, read from its first or last bytes, so that the
    client's request is answered (an error of id null answers nothing it waits for: the
    SDK's client waited on until its own timeout, or for ever); None when neither holds
    it."""
    found = _HEAD_ID.match(head) or _TAIL_ID.search(tail)
    if found is None:
        return None
    try:
        pid = json.loads(found[1])
    except ValueError:
        return None
    return pid if isinstance(pid, int | str) else None


def _message(line: str) -> Any:
    """The JSON-RPC message `line` holds, parsed once; or the `_Refusal` answering it, id
    null unless the request's id can be read: not JSON (-32700), or not one JSON-RPC 2.0
    message (-32600): no "jsonrpc", a batch (MCP no longer has them), a request whose
    params are not an object, or one whose id is an object, an array, a boolean, a
    fraction or null, which the SDK would take for a notification and never answer."""
    import mcp_types as types
    from pydantic import ValidationError

    try:
        raw = json.loads(line)
    except RecursionError:  # JSON, nested deeper than the parser goes: its id is read as
        # an overlong line's is (before: "not JSON", of id null: the client waited on)
        ends = line.encode("utf-8")
        return _refusal(_overlong_id(ends[:_TAIL], ends[-_TAIL:]), types.INVALID_REQUEST,
                        "Invalid Request: arrays or objects nested too deep to read, "
                        "which no call needs: send a flatter message")
    except ValueError:
        return _refusal(None, types.PARSE_ERROR, "Parse error: the line is not JSON: send "
                        "each message as one line of JSON")
    try:
        message = types.jsonrpc_message_adapter.validate_python(raw, by_name=False)
    except ValidationError:
        pid = raw.get("id") if isinstance(raw, dict) else None
        if (isinstance(raw, dict) and raw.get("jsonrpc") == "2.0"
                and isinstance(raw.get("method"), str) and isinstance(pid, int | str)
                and not isinstance(pid, bool)):
            return _refusal(pid, types.INVALID_REQUEST,
                            "Invalid Request: params must be an object")
        if isinstance(raw, list):
            return _refusal(None, types.INVALID_REQUEST, "Invalid Request: a batch (an "
                            "array of messages), which MCP no longer takes: send each "
                            "message on a line of its own")
        return _refusal(None, types.INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 '
                        'message: an object with "jsonrpc": "2.0" and a "method" (and an '
                        '"id" of a string or an integer, for a request)')
    if isinstance(message, types.JSONRPCNotification) and "id" in raw:
        return _refusal(None, types.INVALID_REQUEST,
                        "Invalid Request: an id is a string or an integer")
    if isinstance(message, types.JSONRPCRequest) and message.method in _SERVED:
        problem = _bad_params(message.method, raw.get("params"))
        if problem is not None:
            return _refusal(message.id, types.INVALID_PARAMS, problem)
    return message


# The requests this server answers (the SDK's "Method not found" answers the others); those
# after ping only once the client has sent initialize.
_SERVED = ("initialize", "ping", "tools/list", "tools/call")
_SHOULD_BE = {"dict_type": "an object", "model_type": "an object",
              "string_type": "a string", "int_type": "an integer", "bool_type": "a boolean",
              "list_type": "an array"}


def _bad_params(method: str, params: Any) -> str | None:
    """What is wrong with a served request's params, in one line naming the field (the
    SDK says only "Invalid request parameters", and not which); None when they are
    good."""
    from mcp_types import methods
    from pydantic import ValidationError

    body = {"method": method, **({} if params is None else {"params": params})}
    try:
        methods.MONOLITH_REQUESTS[method].model_validate(body, by_name=False)
    except ValidationError as exc:
        errors = exc.errors()
    else:
        return None
    # The path as the client wrote it (a union's member names, such as "str", are not).
    path: list[str] = []
    at: Any = body
    for part in errors[0]["loc"]:
        if isinstance(at, dict) and part in at:
            at = at[part]
        elif not (isinstance(at, dict) and errors[0]["type"] == "missing"):
            break
        path.append(str(part))
    field = ".".join(path)
    kinds = list(dict.fromkeys(e["type"] for e in errors
                               if ".".join(map(str, e["loc"])).startswith(field)))
    if errors[0]["type"] == "missing":
        missing = [".".join(map(str, e["loc"])) for e in errors if e["type"] == "missing"]
        said = f"{method} needs {', '.join(missing)}"
    elif all(k in _SHOULD_BE for k in kinds):  # (a union: "a string or an integer")
        said = f"{method}'s {field} must be {' or '.join(_SHOULD_BE[k] for k in kinds)}"
    else:
        said = f"{method}'s {field} is not valid ({errors[0]['msg'].lower()})"
    return f"Invalid params: {said}: see the MCP specification of {method}"


def _refusal(pid: int | str | None, code: int, message: str) -> _Refusal:
    import mcp_types as types

    return _Refusal(types.JSONRPCError(jsonrpc="2.0", id=pid,
                                       error=types.ErrorData(code=code, message=message)))
