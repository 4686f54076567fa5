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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from papercli.sanitize import clean_block, clean_line, for_terminal

if TYPE_CHECKING:
    from rich.console import Console

    from papercli.models import Paper

PROG = "papers"


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

    width = None
    if file is not None:
        width = 100
    return Console(
        file=file or (sys.stderr if stderr else sys.stdout),
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


def cell_width(text: str) -> int:
    """Terminal cells a string takes: East Asian wide characters take two."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def fit(text: str, width: int) -> str:
    """Cut to `width` cells with an ellipsis, never splitting a wide character."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = cell_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(width - cell_width(text), 0)
    return gap + text if right else text + gap


Segment = tuple[str, str | None]  # (text, Rich style or None)


def table_lines(
    papers: Sequence[Paper], *, width: int | None, start: int = 1
) -> list[list[Segment]]:
    """The listing as styled lines: rank, upvotes, date, id, authors, then the title.

    Fixed columns first and the title last, one paper per line, so a piped table stays
    greppable; on a terminal the title is cut to the width (`width=None`: never cut).
    """
    ranks = [str(i) for i in range(start, start + len(papers))]
    votes = [str(p.upvotes) for p in papers]
    ids = [clean_line(p.id, 64) for p in papers]
    authors = [fit(_authors_cell(p.authors), 22) for p in papers]
    w_rank = max(len("#"), *(len(r) for r in ranks))
    w_vote = max(len("▲"), *(len(v) for v in votes))
    w_id = max(len("ID"), *(len(i) for i in ids))
    w_auth = max(len("Authors"), *(cell_width(a) for a in authors))
    fixed = w_rank + w_vote + 10 + w_id + w_auth + 2 * 5
    room = None if width is None else max(width - fixed, 20)
    lines: list[list[Segment]] = [[
        (pad("#", w_rank, right=True) + "  " + pad("▲", w_vote, right=True) + "  "
         + pad("Date", 10) + "  " + pad("ID", w_id) + "  " + pad("Authors", w_auth) + "  Title",
         "bold"),
    ]]
    for n, paper in enumerate(papers):
        title = ("[withdrawn] " if paper.withdrawn_at else "") + clean_line(paper.title)
        names = " ".join(clean_line(f, 40) for f in paper.families)
        badges = f"  {names}" if names else ""
        if room is not None and cell_width(title) + cell_width(badges) > room:
            title = fit(title, max(room - cell_width(badges), 10))
            badges = fit(badges, max(room - cell_width(title), 0)) if badges else ""
        lines.append([
            (pad(ranks[n], w_rank, right=True) + "  ", "dim"),
            (pad(votes[n], w_vote, right=True) + "  ", "yellow"),
            (pad(paper.date or "—", 10) + "  ", "dim"),
            (pad(ids[n], w_id) + "  ", "cyan"),
            (pad(authors[n], w_auth) + "  ", None),
            (title, None),
            (badges, "bold magenta"),
        ])
    return lines


def _use_color(stream: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def print_table(
    papers: Sequence[Paper], title: str, *, caption: str | None = None, file: Any = None
) -> None:
    """A listing table. On a terminal it is styled with Rich and fits the width; anywhere
    else it is plain text with whole titles, and Rich is not even imported."""
    stream = file or sys.stdout
    color = file is None and _use_color(stream)
    out = console(file=stream) if color else None
    width = out.width if out is not None else None
    lines: list[list[Segment]] = [[(clean_line(title), "bold")]]
    if papers:
        lines.extend(table_lines(papers, width=width))
    else:
        lines.append([("No papers.", "dim")])
    if caption and papers:
        lines.append([(clean_line(caption), "dim")])
    if out is None:
        stream.write("".join("".join(t for t, _ in line).rstrip() + "\n" for line in lines))
        stream.flush()
        return
    from rich.text import Text

    text = Text()
    for line in lines:
        for part, style in line:
            text.append(part, style=style)
        text.append("\n")
    out.print(text, end="", no_wrap=True, overflow="ellipsis", crop=True)


def print_paper(
    paper: Paper, *, endpoint: str, listing_day: str | None = None, file: Any = None
) -> None:
    """One paper as a panel: metadata, links, AI summary and keywords, the abstract."""
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
    console(file=file).print(panel)


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
    sections: Sequence[tuple[str | None, Any]] | None = None,
    **options: Any,
) -> None:
    """Render papers as a table or a document, to stdout or atomically to a file.

    `papers` is a sequence or an `exporters.LazyPapers`; documents are written chunk by
    chunk as they are rendered. `sections` (heading, papers) makes a grouped document
    (`papers new`); `options` go to the exporters' Context (md_tags, front_matter,
    feed_url, subtitle, watches). A CSV written to a file starts with a UTF-8 byte-order
    mark (Excel); a feed written to a file without --feed-url names that file as its
    self link.
    """
    chunks: Any
    if fmt == "table":
        shown = papers if isinstance(papers, Sequence) else list(papers)
        if output_path is None:
            print_table(shown, title, caption=caption)
            return
        import io

        buffer = io.StringIO()
        print_table(shown, title, caption=caption, file=buffer)
        chunks = buffer.getvalue()
    else:
        from papercli import clock
        from papercli.exporters import Section, context, stream_sections

        ctx = context(fmt, title=title, endpoint=endpoint, abstract=abstract,
                      generated_at=clock.now(), output_path=output_path, **options)
        groups = [Section(h, g) for h, g in sections] if sections is not None else [
            Section(None, papers)]
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
    note(f"wrote {count} paper{'s' if count != 1 else ''} to {written}")


def emit_json(data: Any) -> None:
    import json

    write_stdout(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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
