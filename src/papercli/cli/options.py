"""The options shared by the listing commands, declared once as data.

`_common` turns each `Opt` into a `typer.Option`; the groups travel into a command body as
one tuple each (`OutputOptions`, `FilterOptions`, `FetchOptions`). The filter options are
not written here: they come from the criteria table (`criteria.CRITERIA`). Nothing here
imports Typer, so the browser (tui/) can build the same tuples.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from papercli.config import DEFAULT_LIMITS, SORTS, UNCUT_BY_DISPLAY
from papercli.criteria import CRITERIA, Criterion

# Not the command line's own: a view and the browser (tui/) carry the same filter words.
from papercli.filters import FilterOptions
from papercli.output import COLUMNS
from papercli.sanitize import quoted, safe_url

if TYPE_CHECKING:
    from papercli.errors import UsageError

FORMATS = ("table", "json", "jsonl", "md", "csv", "bibtex", "ris", "csljson", "atom", "rss",
           "html", "ids")
# The other names a format goes by (`-f markdown`), taken as its own: Click passes every
# choice's value through the context's `token_normalize_func` (set on the root command).
FORMAT_ALIASES = {"markdown": "md", "csl-json": "csljson", "csl": "csljson", "ndjson": "jsonl",
                  "jsonlines": "jsonl", "bib": "bibtex"}


def format_alias(token: str) -> str:
    """A format's other name (`markdown`) as its own (`md`); any other token as it is."""
    return FORMAT_ALIASES.get(token.casefold(), token)


# Reference managers typed as a format (`-f zotero`): no format of papercli's is named
# after one, and "use table, json, jsonl, … (9 more in --help)" did not say which of
# them it imports. Each with the formats it reads, by their shortest names.
IMPORTED_BY = {"zotero": ("Zotero", ("ris", "bibtex", "csl")),
               "mendeley": ("Mendeley", ("ris", "bibtex")),
               "endnote": ("EndNote", ("ris",)),
               "jabref": ("JabRef", ("bibtex",))}

# A choice's value that is asked another way, and how: trends' summary reads "by family,
# organization, AI keyword or word" and its JSON's "by" says "word", yet words are its
# arguments ("did you mean keyword?" sent them to the Hub's keywords).
ASKED_OTHERWISE = {("--by", given): "give the words themselves: papers trends WORD..."
                   for given in ("word", "words")}


def imported_by(token: str, choices: "tuple[str, ...]") -> str | None:
    """What to give for a reference manager's name given as a format ("Zotero imports
    -f ris, -f bibtex or -f csl"), of the formats among `choices`; None for another."""
    app, formats = IMPORTED_BY.get(token.casefold(), ("", ()))
    given = [f"-f {name}" for name in formats if format_alias(name) in choices]
    if not given:
        return None
    listed = ", ".join(given[:-1]) + f" or {given[-1]}" if len(given) > 1 else given[0]
    return f"{app} imports {listed}"


class Opt(NamedTuple):
    """One option. `kind` says how its value is read:
    flag (no value), text, texts (repeatable), count (int >= 0), seconds (float >= 0.1),
    choice (one of `choices`, any case) or file (a path that is not a directory)."""

    dest: str
    flags: tuple[str, ...]
    kind: str
    help: str
    metavar: str | None = None
    choices: tuple[str, ...] = ()

    @property
    def default(self) -> Any:
        return False if self.kind == "flag" else None


class Conflict(ValueError):
    """Two options that cannot be combined, or (with `param_hint`) one option's value
    that cannot be used; the CLI reports either as a usage error. `hint`, what to give
    instead: the line ends with it, as every bad option value's does ("--keyword '' holds
    no WORD — give one, or leave --keyword out"), not with a pointer to --help."""

    def __init__(self, message: str, param_hint: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.param_hint = param_hint
        self.hint = hint


class Group(NamedTuple):
    """Options that travel together into one parameter (`arg`) of a command body."""

    arg: str
    opts: tuple[Opt, ...]
    build: Callable[[dict[str, Any]], Any]

    def with_help(self, **helps: str) -> "Group":
        """This group with some options' help (by dest) said for one command, where an
        option means more than the shared words say (`papers arxiv --since` also picks
        the days arXiv is asked for); the declaration stays one."""
        unknown = set(helps) - {o.dest for o in self.opts}
        if unknown:
            raise ValueError(f"no option {sorted(unknown)} in group {self.arg!r}")
        return self._replace(opts=tuple(o._replace(help=helps.get(o.dest, o.help))
                                        for o in self.opts))

    def without(self, *dests: str) -> "Group":
        """This group less some options (by dest), for a command where they mean nothing
        (`papers starred --starred`) or something else (`trends --since`): the build
        still gets each as not given, so the declaration and its checks stay one."""
        unknown = set(dests) - {o.dest for o in self.opts}
        if unknown:
            raise ValueError(f"no option {sorted(unknown)} in group {self.arg!r}")
        dropped = {o.dest: o.default for o in self.opts if o.dest in dests}
        build = self.build

        def build_without(kw: dict[str, Any]) -> Any:
            kw.update(dropped)  # (in place: a build pops what it takes from the command's)
            return build(kw)

        return self._replace(opts=tuple(o for o in self.opts if o.dest not in dests),
                             build=build_without)


OFFLINE = Opt("offline", ("--offline",), "flag",
              "Never touch the network; use the local library.")
REFRESH = Opt("refresh", ("--refresh",), "flag",
              "Ignore freshness and fetch from the Hub (or arXiv) now.")
JSON = Opt("json_", ("--json",), "flag", "Print JSON (same as --format json).")
# --watch NAME, as `for-you` and `new` take it (each says what it does with the watch).
WATCH = Opt("watch", ("--watch",), "text", "A watch, by its name (any case).", metavar="NAME")
TIMEOUT = Opt("timeout", ("--timeout",), "seconds",
              "Seconds one request attempt may take (default: network.timeout, 10 s).",
              metavar="SECONDS")


class OutputOptions(NamedTuple):
    format: str  # "table" unless --format/--json or the -o FILE's extension said otherwise
    explicit_format: bool  # --format, --json or -o FILE's extension chose it
    output: Path | None
    force: bool
    limit: int | None
    sort: str | None
    abstract: bool
    md_tags: bool = False
    front_matter: bool = False
    feed_url: str | None = None
    pager: bool = True  # --no-pager: never page (output.emit_papers(pager=...))
    columns: tuple[str, ...] | None = None  # --columns (None: display.columns or the default)
    hidden: bool = False  # --hidden: the papers you hid stay in the listing, marked
    format_by: str | None = None  # what chose it, for a line naming it: "-q", "--format csv"

    @property
    def table(self) -> bool:
        """Whether a table is written, which display.limit (a setting for tables) cuts:
        ids (-q), JSON and every document are cut by -n and the command's default alone
        (`views.limit_for`), as the ids piped to `papers export -` are meant whole."""
        return self.format == "table"

    def own_order(self) -> "OutputOptions":
        """These options for a command whose order without --sort is its own (a search's
        relevance, the library's newest first, the reading list's, `new`'s groups, a
        ranking's), not display.sort, which only the listings take: `emit` pinned that
        setting's column to the table all the same (a Stars column over papers not in
        stars order). `trending` is that own order, as --sort's help says."""
        return self if self.sort else self._replace(sort="trending")

    def doc(self) -> dict[str, Any]:
        """The document options, for `output.emit_papers(..., **out.doc())`."""
        return {"md_tags": self.md_tags, "front_matter": self.front_matter,
                "feed_url": self.feed_url}

    def refuse_unused(self, fmt: str, written: str | None = None) -> None:
        """A document option the format `fmt` has no use for (`--md-tags -f ris`,
        `--feed-url --split`) is a usage error naming what would be written (and the format
        to give, where one or two take it), not a flag dropped without a word. `written`
        says what is written, if not `fmt`."""
        from papercli.errors import UsageError

        given = {"--md-tags": self.md_tags, "--front-matter": self.front_matter,
                 "--feed-url": self.feed_url is not None, "--no-abstract": not self.abstract,
                 "--columns": self.columns is not None}
        for flag, formats in APPLIES_TO.items():
            if given[flag] and fmt not in formats:
                # One form, whichever fits: "--md-tags is for md, not bibtex — drop it, or
                # …" beside "--no-abstract is not for csv output — drop --no-abstract" (the
                # formats it is for, seven of them, made 113 columns: --help has them).
                what = written or f"{fmt} output"
                hint = "drop it" + (f", or give --format {formats[0]}"
                                    if written is None and len(formats) < 3 else "")
                error = UsageError(f"{flag} is not for {what}", hint=hint)
                error.shorter = [(error.message, "drop it")]
                raise error


# The formats each document option changes (the exporters read it there alone).
APPLIES_TO: dict[str, tuple[str, ...]] = {
    "--md-tags": ("md",), "--front-matter": ("md",), "--feed-url": ("atom", "rss"),
    "--no-abstract": ("md", "html", "atom", "rss", "ris", "csljson", "bibtex"),
    "--columns": ("table",),
}


class FetchOptions(NamedTuple):
    refresh: bool
    offline: bool
    timeout: float | None = None


def _build_output(kw: dict[str, Any]) -> OutputOptions:
    fmt: str | None = kw.pop("format")
    as_json: bool = kw.pop("json_")
    if as_json and fmt not in (None, "json"):
        raise Conflict(f"--json conflicts with --format {fmt}")
    sort: str | None = kw.pop("sort", None)  # (not every group has it)
    output: Path | None = kw.pop("output")
    if output is not None and str(output) == "-":  # `-o -`: stdout, as curl and wget read it
        output = None
    by = f"--format {fmt}" if fmt is not None else None
    if kw.pop("quiet"):
        if as_json or fmt not in (None, "ids"):
            # The option as typed: `--json -q` said "conflicts with --format json".
            raise Conflict("--quiet conflicts with " + ("--json" if as_json else f"--format {fmt}"))
        fmt, by = "ids", by or "-q"
    if as_json:
        fmt, by = "json", "--json"
    elif fmt is None:
        from papercli.outfile import is_stream
        from papercli.output import EXTENSIONS, format_for

        fmt = format_for(output)  # -o today.json: JSON
        if fmt is None and output is not None and (output.suffix or not is_stream(output)):
            # -o papers.yaml (or a typo of .bib), or -o today, wrote a table or Markdown
            # under that name; a device or a pipe (`-o /dev/stdout`, `-o >(gzip >x.gz)`)
            # is written as stdout would be.
            # All 17 extensions made a 230-column line: the common ones, and where the
            # rest are (-o's help), fit 80 columns.
            raise unknown_format(output, "name it " + " ".join(EXTENSIONS) + ", or give --format",
                                 "name it .md .json .csv … (--help lists all), or give --format",
                                 "name it .md .json .csv … (--help lists all)",
                                 "name it .md .json .csv …, or see --help")
        by = "-o" if fmt is not None else None
    return OutputOptions(
        format=str(fmt) if fmt else "table",
        explicit_format=fmt is not None,
        format_by=by,
        output=output,
        force=kw.pop("force"),
        limit=kw.pop("limit", None),
        sort=str(sort) if sort else None,
        abstract=not kw.pop("no_abstract"),
        md_tags=kw.pop("md_tags"),
        front_matter=kw.pop("front_matter"),
        feed_url=_feed_url(kw.pop("feed_url"), fmt),
        pager=not kw.pop("no_pager"),
        columns=_columns(kw.pop("columns", None)),  # (not every group has it)
        hidden=kw.pop("hidden", False),
    )


def _columns(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from papercli.columns import parse_columns

    try:
        return parse_columns(value)
    except ValueError as exc:
        raise Conflict(str(exc), "--columns") from None


def _feed_url(value: str | None, fmt: str | None) -> str | None:
    """The feed's address, checked for a feed; for another format it is kept as given,
    for `refuse_unused` to say it is not for that output (the address was refused first,
    and once mended, the option was)."""
    if value is None:
        return None
    if fmt not in APPLIES_TO["--feed-url"]:
        return value
    # As every link papercli hands on is checked (sanitize.safe_url): http(s), a host, and
    # nothing unprintable (a bidi override, DEL, an 8-bit CSI, a zero-width space), which
    # the feed would carry raw in its <id> and to the terminal.
    if safe_url(value.strip()) is None:
        raise Conflict(f"--feed-url {quoted(value, 100)}", "--feed-url",
                       hint="use an http(s) URL, the feed's own address")
    return value.strip()


def limit_help(command: str = "") -> str:
    """--limit's help with the command's default (`config.DEFAULT_LIMITS`): search's said
    only "(0: all)", and `papers search -o x.md` wrote 50 papers where all were meant."""
    default = DEFAULT_LIMITS.get(command) or "all"
    if command in UNCUT_BY_DISPLAY:  # (`export --help` said both "no default limit" and this)
        return f"Write at most N papers (0: all; default {default}, whatever display.limit says)."
    return (f"Show at most N papers (0: all; default {default}, or display.limit if set "
            "for a table).")


FORCE = Opt("force", ("--force",), "flag", "Let --output replace an existing file.")
NO_PAGER = Opt("no_pager", ("--no-pager",), "flag",
               "Never page: print a long table at once even on a terminal.")

# -- what a table shows: -q (ids only) and --columns (declared in output.COLUMNS) --------
QUIET = Opt("quiet", ("--quiet", "-q"), "flag",
            "Print only the ids, one per line (same as --format ids).")
COLUMNS_HELP = (
    "Table columns, in order, comma-separated (default: display.columns): "
    f"{', '.join(COLUMNS)} (rel: your taste's score, in any order; date: the arXiv "
    "date; day: the day it was listed). ")
COLUMNS_OPT = Opt("columns", ("--columns",), "text",
                  COLUMNS_HELP + "The column --sort orders by is always shown.",
                  metavar="LIST")

# --hidden: the papers you hid (left out of every listing) kept; `watch list` counts them.
HIDDEN = Opt("hidden", ("--hidden",), "flag",
             "Include the papers you hid (papers hide), marked × (JSON: \"hidden\": true).")

FRONT_MATTER = ("md: YAML front matter (title, date, ids, families, watches; tags with "
                "--md-tags).")
# export's own: --split is export's alone (a listing's help said it, with no --split).
FRONT_MATTER_SPLIT = (FRONT_MATTER.removesuffix(").")
                      + "; with --split, each note's own paper, tags included).")

OUTPUT = Group(
    "out",
    (
        Opt("limit", ("--limit", "-n"), "count", limit_help(), metavar="N"),
        Opt("sort", ("--sort", "-s"), "choice",
            "trending (the source's order: the Hub's for listings, relevance for a search), "
            "upvotes, new (newest arXiv date first), stars (GitHub) or relevance (your "
            "taste model).",
            choices=SORTS),
        Opt("format", ("--format", "-f"), "choice",
            "table, json, jsonl (JSON Lines: a paper a line), md (markdown), csv, bibtex, ris, "
            "csljson (CSL-JSON), atom, rss, html (a digest) or ids.", choices=FORMATS),
        JSON,
        Opt("output", ("--output", "-o"), "file",
            "Write to FILE (atomically) instead of stdout (`-o -`: stdout); without "
            "--format the format "
            "follows its extension (.md .json .jsonl .csv .bib .ris .csl.json .html .atom .xml "
            ".rss .txt; another, or none, is a usage error).",
            metavar="FILE"),
        FORCE,
        Opt("no_abstract", ("--no-abstract",), "flag",
            "Leave abstracts out of md, html, feed, ris, csljson and bibtex output."),
        Opt("md_tags", ("--md-tags",), "flag",
            "md: families and your own tags as #tags for Obsidian, Logseq (#ml/llava "
            "#to-read; x.y becomes #x-y)."),
        Opt("front_matter", ("--front-matter",), "flag", FRONT_MATTER),
        Opt("feed_url", ("--feed-url",), "text",
            "atom/rss: the URL the feed is published at (its id and self link).",
            metavar="URL"),
        NO_PAGER,
        *(QUIET, COLUMNS_OPT),
        HIDDEN,
    ),
    _build_output,
)
# A ranking has its own order (no --sort); `show` shows the papers asked for, as panels
# (no --limit, --sort, --hidden or --columns): each command lists only the options it
# honours.
RANKED = OUTPUT._replace(opts=tuple(o for o in OUTPUT.opts if o.dest != "sort")).with_help(
    # (with no --sort to name: `for-you --help` said "The column --sort orders by")
    columns=COLUMNS_HELP + "The column the papers are ranked by (rel, or upvotes without a "
    "ranking) is always shown.")
DOCUMENT = OUTPUT._replace(
    opts=tuple(o for o in OUTPUT.opts if o.dest not in ("limit", "sort", "hidden", "columns")))

def _build_fetch(kw: dict[str, Any]) -> FetchOptions:
    refresh, offline = bool(kw.pop("refresh")), bool(kw.pop("offline"))
    if refresh and offline:  # one says fetch now, the other never: neither can win quietly
        raise Conflict("--refresh conflicts with --offline")
    return FetchOptions(refresh=refresh, offline=offline, timeout=kw.pop("timeout"))


FETCH = Group("net", (REFRESH, OFFLINE, TIMEOUT), _build_fetch)

# The filter options, one per criterion of the table (criteria.CRITERIA), which says
# their names, help and kind; here they only become `Opt`s.
_KINDS = {"words": "texts", "date": "text", "count": "count", "flag": "flag"}


def _refuse_blank(c: Criterion, value: Any) -> None:
    """A filter option given an empty value (`--tag "$TAG"` with TAG unset, `-k '*'`) is
    a usage error (`Criterion.blank`)."""
    given = c.blank(value)
    if given is not None:
        said = c.blank_error(given)  # (worded once, as a search's `tag:""` is, there as typed)
        raise Conflict(said.message, c.option, hint=said.hint)


def _criteria_group(arg: str, *, watch: bool) -> Group:
    """The criteria as one option group: every one for the listings, or those a watch
    keeps, with their `watch add` help, in that command's order."""
    chosen = (sorted((c for c in CRITERIA if c.watch_help), key=lambda c: c.watch_rank)
              if watch else CRITERIA)
    opts = tuple(Opt(c.key, c.flags, _KINDS[c.kind], (c.watch_help or "") if watch else c.help,
                     metavar=c.metavar) for c in chosen)

    def build(kw: dict[str, Any]) -> FilterOptions:
        given = {c.key: kw.pop(c.key) for c in chosen}
        for c in chosen:
            _refuse_blank(c, given[c.key])
        return FilterOptions(**{c.key: c.default if given[c.key] is None else given[c.key]
                                for c in chosen})

    return Group(arg, opts, build)


FILTERS = _criteria_group("filters", watch=False)
WATCH_CRITERIA = _criteria_group("criteria", watch=True)

LISTING = (FILTERS, OUTPUT, FETCH)


def unknown_format(path: Path, whole: str, *shorter: str,
                   bare: str | None = None) -> "UsageError":
    """-o FILE whose name says no format: the whole hint (every extension) under
    PAPERS_DEBUG or where it fits, else the `shorter` hints, best first, and for a long
    name without an extension `bare` (else the last of them), as every command writing
    -o says it."""
    from papercli.errors import UsageError

    why = f"{path.suffix} names none" if path.suffix else "it has no extension"
    error = UsageError(f"cannot tell the format of {path.name}: {why}", hint=whole)
    short = f"{path.suffix} names no format" if path.suffix else f"{path.name} has no extension"
    ways: list[tuple[str, str | None]] = [(short, hint) for hint in shorter]
    if not path.suffix:  # (a long name)
        ways += [("-o FILE: no extension", bare or shorter[-1])]
    else:  # (a long extension: ".unknownext names no format — …" made 106 columns)
        ways += [("unknown extension", shorter[-1])]
    if not any(_fits(*way) for way in [(error.message, error.hint), *ways]):
        ways.insert(0, ways.pop())  # said when none fits: the shortest, not the first
    error.shorter = ways
    return error


def _fits(message: str, hint: str | None) -> bool:
    """Whether an error line of `message` and `hint` fits 80 columns."""
    from papercli.output import PROG
    from papercli.terminal import cell_width

    return cell_width(f"{PROG}: error: {message}" + (f" — {hint}" if hint else "")) <= 80
