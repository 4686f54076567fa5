"""The one place that writes to the terminal: tables, panels, documents, messages.

Stdout carries only what was asked for (a table, or a document in the chosen format);
notes, warnings and errors go to stderr. Every string from the Hub reaches Rich as a
`Text` object (never as markup) after `strip_controls`, so `[bold]` prints as typed and
escape sequences never reach the terminal. Rich itself is imported only when a table or
panel is drawn.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from papercli import terminal
from papercli.sanitize import clean_block, clean_line, for_terminal
from papercli.terminal import cell_width, fit, is_terminal, style, use_color

if TYPE_CHECKING:
    from rich.console import Console

    from papercli.models import Paper

PROG = "papers"
# -o FILE's extension -> format, when --format is not given (anything else: a table).
EXTENSIONS = {
    ".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv", ".bib": "bibtex",
    ".bibtex": "bibtex", ".html": "html", ".htm": "html", ".atom": "atom", ".xml": "atom",
    ".rss": "rss", ".txt": "ids",
}


def format_for(path: os.PathLike[str] | str | None) -> str | None:
    """The format a -o FILE's extension names, or None (a table, as without -o)."""
    if path is None:
        return None
    return EXTENSIONS.get(os.path.splitext(os.fspath(path))[1].lower())


# -- stderr messages (no Rich: errors must be cheap and plain) -----------------------------


def _stderr_line(text: str) -> None:
    from papercli.secrets import redact  # no token or URL password in any message

    sys.stderr.write(clean_line(redact(text), max_len=4000) + "\n")
    sys.stderr.flush()


def note(message: str) -> None:
    _stderr_line(f"{PROG}: {message}")


def warn(message: str) -> None:
    _stderr_line(f"{PROG}: warning: {message}")


def error(message: str, hint: str | None = None) -> None:
    text = f"{PROG}: error: {message.rstrip('.')}"
    if hint:
        text += f" — {hint}"
    _stderr_line(text)


# -- consoles ----------------------------------------------------------------------------


def console(*, stderr: bool = False, file: Any = None) -> Console:
    from rich.console import Console

    stream = file or (sys.stderr if stderr else sys.stdout)
    # A terminal (or our own stream): Rich measures it, NO_COLOR changes colour, not
    # width. A file someone handed in gets a fixed, readable width.
    width = None if file is None or is_terminal(file) else 100
    return Console(
        file=stream,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
    )


def write_stdout(text: str) -> None:
    """Everything a command prints goes through here, so nothing in it (a hand-edited watch
    name with an OSC 52 clipboard write, a bidi override) reaches the terminal raw."""
    sys.stdout.write(for_terminal(text))
    sys.stdout.flush()


# -- tables ------------------------------------------------------------------------------


def _authors_cell(authors: Sequence[str]) -> str:
    if not authors:
        return "—"
    first = clean_line(authors[0], 60)
    return first if len(authors) == 1 else f"{first} +{len(authors) - 1}"


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(width - cell_width(text), 0)
    return gap + text if right else text + gap


Segment = tuple[str, str | None]  # (text, style name such as "bold magenta", or None)
# An extra column after the rank: (header, one value per paper, style), e.g. relevance.
Lead = tuple[str, Sequence[str], str | None]

AUTHORS_WIDTH = 22  # the authors cell: "First Author +9", cut
AUTHORS_NARROW = 14
GAP = "  "


class _Column:
    def __init__(self, head: str, cells: Sequence[str], style: str | None,
                 right: bool = False) -> None:
        self.head, self.cells, self.style, self.right = head, list(cells), style, right
        self.width = max(cell_width(head), *(cell_width(c) for c in self.cells))

    def cut(self, width: int) -> None:
        self.cells = [fit(c, width) for c in self.cells]
        self.width = max(cell_width(self.head), *(cell_width(c) for c in self.cells))


def _layout(width: int, fixed: list[_Column], titles: Sequence[str],
            badges: Sequence[str]) -> tuple[list[_Column], int, int]:
    """Which fixed columns fit beside the title, the title's width and the families
    column's width (0: none). The title gets the room: authors are cut, then dropped,
    then the date, before the title would get less than about a third of the line."""
    want = max(20, int(width * 0.35))
    fam = max((cell_width(b) for b in badges), default=0)
    if fam:
        fam = min(max(fam, len("Families")), max(8, width // 5))

    def room(cols: list[_Column]) -> int:
        used = sum(c.width + len(GAP) for c in cols)
        return width - used - (fam + len(GAP) if fam else 0)

    cols = list(fixed)
    names = [c.head for c in cols]
    if room(cols) < want and "Authors" in names:
        cols[names.index("Authors")].cut(AUTHORS_NARROW)
    for drop in ("Authors", "Date", "▲"):
        if room(cols) >= want:
            break
        cols = [c for c in cols if c.head != drop]
    title_width = min(max(room(cols), 10), max(cell_width(t) for t in titles))
    if fam and room(cols) < 10:  # a very narrow terminal: families give way to the title
        fam = max(width - sum(c.width + len(GAP) for c in cols) - title_width - len(GAP), 0)
        if fam < 4:
            fam = 0
    return cols, title_width, fam


def table_lines(
    papers: Sequence[Paper], *, width: int | None, start: int = 1, lead: Lead | None = None
) -> list[list[Segment]]:
    """The listing as styled lines: rank, upvotes, date, id, authors, title, families.

    `width=None` (piped, or a file): every column whole, the title in full and the
    families after it, one paper per line, so the output stays greppable. With a width
    (a terminal) every line fits it: the title gets the room, nothing wraps, and the
    families form their own column so the badges line up.
    """
    ranks = [str(i) for i in range(start, start + len(papers))]
    fixed = [_Column("#", ranks, "dim", right=True)]
    if lead is not None:
        fixed.append(_Column(lead[0], lead[1], lead[2], right=True))
    fixed += [
        _Column("▲", [str(p.upvotes) for p in papers], "yellow", right=True),
        _Column("Date", [p.date or "—" for p in papers], "dim"),
        _Column("ID", [clean_line(p.id, 64) for p in papers], "cyan"),
        _Column("Authors", [fit(_authors_cell(p.authors), AUTHORS_WIDTH) for p in papers],
                None),
    ]
    titles = [("[withdrawn] " if p.withdrawn_at else "") + clean_line(p.title) for p in papers]
    badges = [" ".join(clean_line(f, 40) for f in p.families) for p in papers]
    if width is None:
        cols, title_width, fam = fixed, 0, 0
    else:
        cols, title_width, fam = _layout(width, fixed, titles, badges)
    head = "".join(pad(c.head, c.width, right=c.right) + GAP for c in cols) + (
        pad("Title", title_width) + GAP + "Families" if fam else "Title")
    lines: list[list[Segment]] = [[(head if width is None else fit(head, width), "bold")]]
    for n in range(len(papers)):
        line: list[Segment] = [
            (pad(c.cells[n], c.width, right=c.right) + GAP, c.style) for c in cols]
        if width is None:
            line.append((titles[n], None))
            line.append((GAP + badges[n] if badges[n] else "", "bold magenta"))
        elif fam:
            line.append((pad(fit(titles[n], title_width), title_width) + GAP, None))
            line.append((fit(badges[n], fam), "bold magenta"))
        else:
            line.append((fit(titles[n], title_width), None))
        lines.append(line)
    return lines


def render_lines(lines: Sequence[Sequence[Segment]], *, color: bool) -> str:
    """Lines of segments as text: styled with SGR codes when `color`, trailing blanks
    trimmed either way."""
    out: list[str] = []
    for line in lines:
        parts = list(line)
        while parts and not parts[-1][0].strip():
            parts.pop()
        if parts:
            parts[-1] = (parts[-1][0].rstrip(), parts[-1][1])
        out.append("".join(style(t, s) if color else t for t, s in parts) + "\n")
    return "".join(out)


def _use_color(stream: Any) -> bool:
    return use_color(stream)


def print_table(
    papers: Sequence[Paper],
    title: str,
    *,
    caption: str | None = None,
    file: Any = None,
    lead: Lead | None = None,
    pager: bool = True,
) -> None:
    """A listing table. On a terminal it fits the width (with or without colour) and goes
    through the pager when taller than the screen; anywhere else (a pipe, `file`) it is
    plain text with whole titles."""
    stream = file or sys.stdout
    width = None if file is not None else terminal.width(stream)
    color = file is None and terminal.use_color(stream)

    def line(text: str) -> str:
        text = clean_line(text)
        return text if width is None else fit(text, width)

    lines: list[list[Segment]] = [[(line(title), "bold")]]
    if papers:
        lines.extend(table_lines(papers, width=width, lead=lead))
    else:
        lines.append([("No papers.", "dim")])
    if caption and papers:
        lines.append([(line(caption), "dim")])
    text = render_lines(lines, color=color)
    if file is not None:
        file.write(text)
        file.flush()
    else:
        terminal.show(text, pager=pager)


def print_paper(
    paper: Paper, *, endpoint: str, listing_day: str | None = None, file: Any = None,
    pager: bool = True, why: str | None = None,
) -> None:
    """One paper as a panel: metadata, links, AI summary and keywords, the abstract; on a
    terminal through the pager when taller than the screen."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    body: list[Any] = []
    meta = Text()
    authors = ", ".join(clean_line(a, 200) for a in paper.authors) or "unknown authors"
    meta.append(authors + "\n", style="italic")
    meta.append("arXiv ", style="dim")
    meta.append((paper.published_at or "—")[:10])
    if listing_day or paper.submitted_at:
        meta.append("   Daily Papers ", style="dim")
        meta.append((listing_day or paper.submitted_at or "")[:10])
    meta.append("   ▲ ", style="yellow")
    meta.append(str(paper.upvotes))
    meta.append("   comments ", style="dim")
    meta.append(str(paper.comments))
    if paper.families:
        meta.append("\nFamilies ", style="dim")
        meta.append(", ".join(clean_line(f, 40) for f in paper.families), style="bold magenta")
    if paper.org_name or paper.org_fullname:
        meta.append("\nOrganization ", style="dim")
        meta.append(clean_line(paper.org_fullname or paper.org_name, 100))
        if paper.org_name and paper.org_fullname and paper.org_name != paper.org_fullname:
            meta.append(f" ({clean_line(paper.org_name, 100)})", style="dim")
    if paper.submitter:
        meta.append("\nSubmitted by ", style="dim")
        meta.append(clean_line(paper.submitter, 100))
    if paper.github_stars is not None:
        meta.append("\nGitHub stars ", style="dim")
        meta.append(str(paper.github_stars))
    if paper.withdrawn_at:
        meta.append("\nWithdrawn ", style="bold red")
        meta.append(f"from arXiv on {paper.withdrawn_at[:10]}", style="red")
    body.append(meta)

    links = Text()
    for label, url in (
        ("HF", paper.hf_url(endpoint)),
        ("arXiv", paper.arxiv_url),
        ("PDF", paper.pdf_url),
        ("Code", paper.github_repo),
        ("Project", paper.project_page),
        ("Image", paper.thumbnail),
    ):
        if url:
            links.append(f"{label:<8}", style="dim")
            links.append(clean_line(url) + "\n", style="cyan")
    body.append(links)
    if why:
        reason = Text("For you ", style="bold green")
        reason.append(clean_line(why, 400))
        body.append(reason)
    if paper.ai_summary:
        tldr = Text("TL;DR ", style="bold")
        tldr.append(clean_block(paper.ai_summary))
        body.append(tldr)
    if paper.ai_keywords:
        keywords = Text("Keywords ", style="dim")
        keywords.append(", ".join(clean_line(k, 80) for k in paper.ai_keywords))
        body.append(keywords)
    if paper.ai_summary or paper.ai_keywords:
        body.append(Text(""))
    body.append(Text(clean_block(paper.summary) or "(no abstract)"))
    panel = Panel(
        Group(*body),
        title=Text(clean_line(paper.title), style="bold"),
        title_align="left",
        subtitle=Text(clean_line(paper.id, 64)),
        subtitle_align="right",
        padding=(0, 1),
    )
    out = console(file=file)
    if file is not None:
        out.print(panel)
        return
    with out.capture() as captured:
        out.print(panel)
    terminal.show(captured.get(), pager=pager)


# -- documents ---------------------------------------------------------------------------


def emit_papers(
    papers: Any,
    *,
    fmt: str,
    title: str,
    endpoint: str,
    output_path: Any = None,
    force: bool = False,
    abstract: bool = True,
    caption: str | None = None,
    sections: Sequence[tuple[str, str | None, Any]] | None = None,
    extras: Mapping[str, Mapping[str, Any]] | None = None,
    ranked: bool = False,
    pager: bool = True,
    **options: Any,
) -> None:
    """Render papers as a table or a document, to stdout or atomically to a file: the one
    owner of listing output (`cli._common.emit` calls it for every listing command).

    `papers` is a sequence or an `exporters.LazyPapers`; documents are written chunk by
    chunk as they are rendered. `sections` (title, caption, papers) make one table each,
    and a grouped Markdown or HTML document (`papers new`; other formats are one flat
    document). `extras` (paper id -> fields) are added to each JSON object as data
    ("score", "watches", "starred_at"), and `ranked` shows their "score" as a relevance
    column in the table. `options` go to the exporters' Context (md_tags, front_matter,
    feed_url, subtitle, watches). A CSV written to a file starts with a UTF-8 byte-order
    mark (Excel); a feed written to a file without --feed-url names that file as its
    self link. A table on a terminal is paged when taller than the screen unless `pager`
    is False (--no-pager).
    """
    chunks: Any
    if fmt == "table":
        import io

        buffer = io.StringIO() if output_path is not None else None
        _tables(papers, title, caption, sections, extras if ranked else None,
                file=buffer, pager=pager, tags=row_marks(extras))
        if buffer is None:
            return
        chunks = buffer.getvalue()
    else:
        from papercli import clock
        from papercli.exporters import Section, context, stream_sections

        ctx = context(fmt, title=title, endpoint=endpoint, abstract=abstract,
                      generated_at=clock.now(), output_path=output_path,
                      extras=extras or None, **options)
        groups = [Section(None, papers)]
        if sections and fmt in ("md", "html"):
            groups = [Section(f"{t} · {c}" if c else t, group) for t, c, group in sections]
        chunks = stream_sections(groups, fmt, ctx)
    count = len(papers)
    if output_path is None:
        if isinstance(chunks, str):
            write_stdout(chunks)
            return
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    from papercli.outfile import write_output

    written = write_output(output_path, chunks, force=force)
    from papercli.words import plural

    note(f"wrote {plural(count, 'paper')} to {written}")


def row_marks(extras: Mapping[str, Mapping[str, Any]] | None) -> dict[str, str]:
    """The table's mark before a title, as the browser's: ✓ read, × hidden (from the
    views' "read" and "hidden" JSON fields)."""
    return {pid: mark for pid, e in (extras or {}).items()
            if (mark := ("✓" if e.get("read") else "") + ("×" if e.get("hidden") else ""))}


def _tables(papers: Any, title: str, caption: str | None,
            sections: Sequence[tuple[str, str | None, Any]] | None,
            scores: Mapping[str, Mapping[str, Any]] | None, *, file: Any, pager: bool,
            tags: Mapping[str, str] | None = None) -> None:
    """The table form: one table, or one per section (a blank line between them), with a
    relevance column (score x 100) when `scores` has them."""
    groups = [(title, caption, papers)] if sections is None else list(sections)
    if not groups:
        print_table([], title, file=file, pager=pager)
        return
    if file is None and len(groups) > 1:
        with terminal.collected(pager=pager):  # several tables are paged as one
            _tables(papers, title, caption, groups[:1], scores, file=None, pager=pager,
                    tags=tags)
            for section in groups[1:]:
                terminal.show("\n")
                _tables(papers, title, caption, [section], scores, file=None, pager=pager,
                        tags=tags)
        return
    for n, (heading, note_line, group) in enumerate(groups):
        shown = group if isinstance(group, Sequence) else list(group)
        if tags:
            shown = [p._replace(title=f"{tags[p.id]} {p.title}") if p.id in tags else p
                     for p in shown]
        if n:
            file.write("\n")
        lead = None
        if scores is not None and any(
                scores.get(p.id, {}).get("score") is not None for p in shown):
            marks = [scores.get(p.id, {}).get("score") for p in shown]
            lead = ("Rel", ["—" if m is None else str(round(m * 100)) for m in marks], "green")
        print_table(shown, heading, caption=note_line, file=file, lead=lead, pager=pager)


def print_columns(rows: Sequence[Sequence[str]], *, header: Sequence[str] | None = None,
                  right: Sequence[int] = (), before: Sequence[str] = (),
                  after: Sequence[str] = ()) -> None:
    """Small aligned tables that are not paper listings (watch list, orgs, config show):
    every cell cleaned of controls, columns padded to their widest cell (wide characters
    count two), the last column left as it is; `before`/`after` are `# ` comment lines."""
    cells = [[clean_line(str(c), 400) for c in row] for row in
             ([list(header)] if header else []) + [list(r) for r in rows]]
    columns = len(cells[0]) if cells else 0
    widths = [max(cell_width(row[i]) for row in cells) for i in range(columns - 1)]
    lines = [f"# {clean_line(c, 4000)}" for c in before]
    for row in cells:
        parts = [pad(c, widths[i], right=i in right) for i, c in enumerate(row[:-1])]
        lines.append("  ".join([*parts, row[-1]]).rstrip())
    lines += [f"# {clean_line(c, 4000)}" for c in after]
    write_stdout("\n".join(lines) + "\n")


def emit_json(data: Any) -> None:
    import json

    write_stdout(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def print_cache_info(info: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    size = info["size_bytes"]
    human = f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"
    out.print(Text.assemble(("Library  ", "dim"), info["path"]))
    out.print(Text.assemble(("Size     ", "dim"), human))
    out.print(Text.assemble(("Papers   ", "dim"), str(info["papers"])))
    out.print(Text.assemble(("Listings ", "dim"), str(info["listings"])))
    if info["entries"]:
        table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
        table.add_column("Listing")
        table.add_column("Papers", justify="right")
        table.add_column("Fetched")
        table.add_column("Source", style="dim")
        for entry in info["entries"][:40]:
            table.add_row(entry["key"], str(entry["count"]), entry["fetched_at"],
                          entry["source"] or "")
        out.print(table)
        if len(info["entries"]) > 40:
            out.print(Text(f"… and {len(info['entries']) - 40} more (see --json)", style="dim"))


def print_families(rows: Sequence[dict[str, Any]]) -> None:
    """A table with a bar per family: which of my models does the library talk about."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    top = max((r["papers"] for r in rows), default=0) or 1
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=Text("Model families", style="bold"),
                  title_justify="left")
    table.add_column("Family", style="bold magenta", no_wrap=True)
    table.add_column("Aliases", style="dim", max_width=30)
    table.add_column("Papers", justify="right")
    table.add_column("", no_wrap=True, min_width=10)
    for row in rows:
        width = round(30 * row["papers"] / top)
        bar = Text("█" * width or ("▏" if row["papers"] else ""), style="cyan")
        name = clean_line(row["name"], 60) + ("" if row["builtin"] else " *")
        table.add_row(Text(name), Text(", ".join(clean_line(a, 40) for a in row["aliases"])),
                      str(row["papers"]), bar)
    out = console()
    out.print(table)
    if any(not r["builtin"] for r in rows):
        out.print(Text("* defined in your config file", style="dim"))
