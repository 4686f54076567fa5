"""Documents from papers: JSON, JSON Lines, Markdown, CSV, BibTeX, RIS, CSL-JSON, Atom,
RSS, HTML, ids. No Rich, no Typer.

Each exporter strips control characters again on the way out: the library may hold text
written by an older papercli or by hand. The formats a person reads (Markdown, HTML,
feeds) or a reference manager files (RIS, CSL-JSON) show arXiv's LaTeX escapes and
markup as the characters they stand for (`untex`: "97.3\\%" is "97.3%", `(\\"Ust\\"un
et al.)` "(Üstün et al.)"; BibTeX keeps the escapes as LaTeX, `plain`); JSON, JSON Lines
and CSV keep the text as the library holds it. Only the chosen format's
module is imported, so `papers today` (a table) pays nothing for the exporters it does
not use.

Every format is a generator of chunks (`stream`), one paper at a time where the format
allows it, so `papers export` of a whole library writes as it reads instead of building the
document in memory; `render` joins the chunks for callers that want one string. Papers come
as a `Sequence` or as a `LazyPapers` (a count and a way to read them again): a format that
needs a first look at every paper (BibTeX keys, a header count) iterates twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from importlib import import_module
from typing import Any, NamedTuple, Protocol

from papercli.models import DEFAULT_ENDPOINT, Paper

FORMATS: tuple[str, ...] = (
    "json", "jsonl", "md", "csv", "bibtex", "ris", "csljson", "atom", "rss", "html", "ids")
_MODULES = {
    "json": "jsonfmt", "jsonl": "jsonfmt", "md": "markdown", "csv": "csvfmt", "bibtex": "bibtex",
    "ris": "ris", "csljson": "csljson",
    "atom": "feed", "rss": "feed", "html": "html", "ids": "ids",
}


class Papers(Protocol):
    """What an exporter reads: it can be counted and iterated (more than once)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Paper]: ...


class LazyPapers:
    """Papers read on demand (a library cursor), so an export holds one paper at a time.

    `open` returns a fresh iterator each call; the count is known when given, else
    learnt from the first pass that reads every paper (an export's "wrote N papers" was a
    third pass over the library), else taken by one counting pass.
    """

    def __init__(self, opener: Callable[[], Iterable[Paper]], count: int | None = None) -> None:
        self._open = opener
        self._count = count

    def __iter__(self) -> Iterator[Paper]:
        if self._count is not None:
            return iter(self._open())
        return self._counting()

    def _counting(self) -> Iterator[Paper]:
        """The papers, and their count once all have gone by (not when a reader stops)."""
        seen = 0
        for paper in self._open():
            seen += 1
            yield paper
        self._count = seen

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self._open())
        return self._count


class Section(NamedTuple):
    """A group in a grouped document (`papers new`: one per watch); `heading` None for a
    flat document."""

    heading: str | None
    papers: Papers
    found: int | None = None  # the papers there were before a limit cut (2 of 66)

    @property
    def counted(self) -> str:
        """"66 papers", or "2 of 66 papers" when a limit cut the section (as a table's
        caption says it)."""
        from papercli.words import count

        shown = len(self.papers)
        return count(shown, max(shown, self.found or 0))


class Context(NamedTuple):
    """Everything a format may use besides the papers."""

    title: str
    endpoint: str = DEFAULT_ENDPOINT
    abstract: bool = True
    generated_at: datetime | None = None
    md_tags: bool = False  # Markdown: families and your tags as #tags (Obsidian)
    front_matter: bool = False  # Markdown: YAML front matter
    bom: bool = False  # CSV: a UTF-8 byte-order mark, so Excel reads UTF-8
    feed_url: str | None = None  # Atom/RSS: where the feed is published (self link, id)
    subtitle: str | None = None  # HTML header line (what the digest covers)
    watches: tuple[str, ...] = ()  # front matter: the watches a digest is for
    # JSON: paper id -> fields added to its object, as data ("score", "watches", ...)
    extras: Mapping[str, Mapping[str, Any]] | None = None
    ranked: bool = False  # in the order of a score (extras' "score"): CSV's last column


# LaTeX's escape of one of its special characters, as arXiv's titles and abstracts carry
# them ("97.3\%", "R\&D", "\$400K"); not after a backslash ("\\%").
_TEX_ESCAPE = re.compile(r"(?<!\\)\\([%&$_#])")
# Maths, where TeX stays TeX ("$x \% y$": a % there would start a comment). An inline
# `$` pair is told from money as pandoc (and `md`) tell it: no space just inside either
# dollar, no backslash before the closing one, no digit after it, so "$60 GPUs and $200"
# is two prices and the text between them is text.
MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)"
                  r"|(?<![\\$])\$(?:[^\s$\\]|[^\s$][^$]*?[^\s$\\])\$(?!\d)", re.S)


def excerpt(text: str, limit: int) -> str:
    """`text` whole when it fits in `limit` characters, else cut at the last space before
    the limit, with an ellipsis: a preview (a feed entry's summary, a listing's gist for an
    assistant) cut mid-word ("the transfor") reads as a typo. Counted in characters, as a
    feed reader or an assistant takes them, where `terminal.fit_words` counts a terminal's
    cells (a Chinese abstract would keep half as much)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():
        space = max(cut.rfind(" "), cut.rfind("\n"))
        if space > limit // 2:  # a word longer than half the summary is cut, not dropped
            cut = cut[:space]
    return cut.rstrip(" \n,;:") + "…"


def untex(text: str) -> str:
    """arXiv's text as a reader means it: "97.3\\%" is "97.3%" (an HTML digest, a feed, a
    Markdown note or a reference manager's record would else show the backslash), and
    the rest of `plain`; maths is left as it is."""
    return _outside_maths(text, lambda piece: _TEX_ESCAPE.sub(r"\1", _plain(piece)))


def _outside_maths(text: str, change: Callable[[str], str]) -> str:
    if "\\" not in text:
        return text
    return "".join(change(piece) if not maths else piece
                   for maths, piece in tex_pieces(text))


def tex_pieces(text: str) -> Iterator[tuple[bool, str]]:
    """`text` as (is maths, piece) pieces, in order (`MATH`)."""
    pos = 0
    for match in MATH.finditer(text):
        if match.start() > pos:
            yield False, text[pos:match.start()]
        yield True, match.group(0)
        pos = match.end()
    if pos < len(text):
        yield False, text[pos:]


def plain(text: str) -> str:
    """The LaTeX markup arXiv's titles and abstracts carry, in a piece of text outside
    maths (`tex_pieces`), as the text it prints, its own escapes ("97.3\\%") kept: accents
    (`(\\"Ust\\"un et al.)` is "(Üstün et al.)"), spacing (`Network\\ for`, `300\\,k`), a
    style's text (`\\textbf{x}`, `{\\em x}`, `\\url{x}`: "x") and `query\\'s` ("query's",
    which LaTeX would print "queryś"). A reader (or a bibliography) otherwise shows the
    commands: Zotero's abstract of a RIS or BibTeX file read "(\\"Ust\\"un et al.)"."""
    return _plain(text)


# A text style around text without braces or commands (LaTeX's escapes allowed):
# `\textbf{x}`, `{\em x}` (TeX's old form).
_STYLE = re.compile(
    r"(?<!\\)\\(?:textbf|textit|emph|texttt|textsc|textsf|textrm|textsl|textup|textmd|"
    r"textnormal|underline|url)\s*\{((?:[^{}\\]|\\[%&$_#])*)\}"
    r"|\{\\(?:em|it|bf|sc|tt|sl|sf|rm|itshape|bfseries|scshape|ttfamily)\s+"
    r"((?:[^{}\\]|\\[%&$_#])*)\}")
# `\'s` after a letter and before none: what LaTeX prints "ś" and the writer meant "'s".
_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\\'s(?![A-Za-z])")
# Spaces (`\ `, thin `\,`, medium `\;` `\:`) and what prints nothing (`\-` a hyphenation
# point, `\/`, `\@`, `\!`), each right after a word as LaTeX writes them (`e.g.\ by`,
# `300\,k`); `\\,` is a line break, then a comma, and a backslash alone (" \ ") is text.
_SPACE = re.compile(r"(?<=[^\s\\])\\([ ,;:])")
_NOTHING = re.compile(r"(?<=[^\s\\])\\[-/@!]")


def _plain(text: str) -> str:
    if "\\" not in text:
        return text
    from papercli.bibimport import tex_accents

    text = _STYLE.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _APOSTROPHE.sub("'s", text)
    text = _NOTHING.sub("", _SPACE.sub(" ", text))
    return tex_accents(text)


def tags_and_note(ctx: Context, paper_id: str) -> tuple[list[str], str | None]:
    """Your tags and note on a paper, from the "tags" and "note" fields a listing adds
    (`views`); ([], None) for a paper without them."""
    fields = (ctx.extras or {}).get(paper_id) or {}
    tags = fields.get("tags")
    note = fields.get("note")
    return ([t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
            note if isinstance(note, str) and note.strip() else None)


# A paper you hid, in an export with --hidden: the table's mark, and its word.
HIDDEN_MARK = "× hidden"


def is_hidden(ctx: Context, paper_id: str) -> bool:
    """Whether the listing marked the paper hidden (`--hidden` keeps the papers you hid;
    a digest would else show them as if nothing set them apart)."""
    return ((ctx.extras or {}).get(paper_id) or {}).get("hidden") is True


# What papercli's JSON export carries back to `papers import` (exported.py) that a
# citation format leaves out: no reference manager has a field for a read or hidden mark,
# and BibTeX leaves out the note (a .bib file is shared with a paper's sources, and a note
# is private). Extras' fields, in the order they are named.
NOT_CARRIED: dict[str, tuple[str, ...]] = {
    "bibtex": ("note", "read_at", "hidden"), "ris": ("read_at", "hidden"),
    "csljson": ("read_at", "hidden")}
LABELS = {"bibtex": "BibTeX", "ris": "RIS", "csljson": "CSL-JSON"}
# The formats `papers import` reads back.
IMPORTABLE = frozenset({"json", "jsonl", *NOT_CARRIED})


class Watched:
    """Papers read as they are given, the id of each one read that is in `wanted` added to
    `seen`: which of them an export wrote, known without a pass of its own (a streamed
    export reads the library once, BibTeX twice)."""

    def __init__(self, papers: Papers, wanted: set[str], seen: set[str]) -> None:
        self._papers = papers
        self._wanted = wanted
        self.seen = seen

    def __len__(self) -> int:
        return len(self._papers)

    def __iter__(self) -> Iterator[Paper]:
        for paper in self._papers:
            if paper.id in self._wanted:
                self.seen.add(paper.id)
            yield paper


def not_carried(fmt: str, extras: Mapping[str, Mapping[str, Any]] | None) -> set[str]:
    """The papers whose marks or note of yours (`extras`) the format `fmt` leaves out."""
    fields = NOT_CARRIED.get(fmt, ())
    return {pid for pid, mine in (extras or {}).items() if any(mine.get(f) for f in fields)}


def left_out(fmt: str, extras: Mapping[str, Mapping[str, Any]] | None,
             ids: Iterable[str]) -> str | None:
    """What of yours on the papers `ids` (those an export wrote) the format `fmt` leaves
    out, in words ("2 notes, 1 read mark, 1 hidden mark"), or None."""
    from papercli.words import plural

    extras = extras or {}
    counts = dict.fromkeys(NOT_CARRIED.get(fmt, ()), 0)
    for pid in ids:
        mine = extras.get(pid) or {}
        for field in counts:
            counts[field] += bool(mine.get(field))
    words = {"note": lambda n: plural(n, "note"),
             "read_at": lambda n: plural(n, "read mark"),
             "hidden": lambda n: plural(n, "hidden mark")}
    said = [words[field](n) for field, n in counts.items() if n]
    if not said:
        return None
    return ", ".join(said)


def stream_sections(sections: Sequence[Section], fmt: str, ctx: Context) -> Iterator[str]:
    """The document for grouped papers, chunk by chunk; each format's module loads on
    demand."""
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module = import_module(f"papercli.exporters.{_MODULES[fmt]}")
    last = ""
    for chunk in module.stream(sections, ctx, fmt):
        if chunk:
            last = chunk
            yield chunk
    if last and not last.endswith("\n"):
        yield "\n"


def stream(papers: Papers, fmt: str, ctx: Context) -> Iterator[str]:
    return stream_sections([Section(None, papers)], fmt, ctx)


def render_sections(sections: Sequence[Section], fmt: str, ctx: Context) -> str:
    return "".join(stream_sections(sections, fmt, ctx))


def render(
    papers: Sequence[Paper],
    fmt: str,
    *,
    title: str,
    endpoint: str = DEFAULT_ENDPOINT,
    abstract: bool = True,
    generated_at: datetime | None = None,
    **options: object,
) -> str:
    """The whole document as one string, ending with a newline."""
    ctx = Context(title=title, endpoint=endpoint, abstract=abstract,
                  generated_at=generated_at, **options)  # type: ignore[arg-type]
    return "".join(stream(papers, fmt, ctx))


def chain(sections: Sequence[Section]) -> Papers:
    """All the sections' papers as one (formats without sections: CSV, BibTeX, RIS,
    CSL-JSON, feeds)."""
    if len(sections) == 1:
        return sections[0].papers
    return LazyPapers(lambda: (p for s in sections for p in s.papers),
                      sum(len(s.papers) for s in sections))


def context(
    fmt: str, *, title: str, endpoint: str, abstract: bool = True,
    generated_at: datetime | None = None, output_path: object = None, **options: object,
) -> Context:
    """The Context for a document going to stdout or to `output_path`: a CSV file gets a
    byte-order mark (Excel), a feed file without a --feed-url names itself as its self
    link. None-valued options take the defaults."""
    given = {k: v for k, v in options.items() if v is not None}
    if output_path is not None and _names_a_file(output_path):
        if fmt == "csv":
            given["bom"] = True
        if fmt in ("atom", "rss") and not given.get("feed_url"):
            from papercli.outfile import expand_home

            given["feed_url"] = expand_home(str(output_path)).absolute().as_uri()
    return Context(title=title, endpoint=endpoint, abstract=abstract,
                   generated_at=generated_at, **given)  # type: ignore[arg-type]


def _names_a_file(path: object) -> bool:
    """A regular file or a new one; not `-o /dev/stdout` or a pipe (a stream, not a file
    that a spreadsheet opens)."""
    import os
    import stat

    try:
        return stat.S_ISREG(os.stat(os.path.expanduser(str(path))).st_mode)
    except OSError:
        return True


def document_for_groups(
    groups: Sequence[tuple[str, str | None, Sequence[Paper]]],
    *,
    fmt: str,
    title: str,
    endpoint: str,
    abstract: bool = True,
    output_path: object = None,
    **options: object,
) -> str:
    """A grouped document (`papers new`: one group per watch) as one string.

    `groups` are (name, caption, papers); a section is headed "name · caption". Markdown
    writes one `# ` document per group, HTML one `<h2>` per group under the digest's
    header; the other formats are one flat document in group order.
    """
    from papercli import clock

    ctx = context(fmt, title=title, endpoint=endpoint, abstract=abstract,
                  generated_at=clock.now(), output_path=output_path, **options)
    sections = [Section(f"{name} · {caption}" if caption else name, papers)
                for name, caption, papers in groups]
    if fmt not in ("md", "html") or not sections:
        sections = [Section(None, [p for _, _, group in groups for p in group])]
    return render_sections(sections, fmt, ctx)
