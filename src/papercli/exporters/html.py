"""HTML digest: one self-contained page to open in a browser or send as an email.

No external requests (the styles are inline, there are no scripts, images or fonts),
readable on a phone (viewport, one fluid column) and in dark mode (prefers-color-scheme).
Every string reaches the page through Jinja2 with autoescaping, after the same cleaning as
the other formats, so a title with `<script>` is text; links are http(s) only. The page is
generated paper by paper (Template.generate), so a large export streams.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from papercli.exporters import HIDDEN_MARK, Context, Section, is_hidden, tags_and_note, untex
from papercli.exporters.markdown import page_url, safe_url
from papercli.models import Paper
from papercli.names import shown_name
from papercli.sanitize import clean_block, clean_line
from papercli.terminal import fit
from papercli.words import number, plural

MAX_AUTHORS = 3
# Noncharacters and the like, which an HTML parser reports as errors.
_NOT_HTML = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")


def _line(value: object, max_len: int = 2000) -> str:
    return _NOT_HTML.sub("", clean_line(value, max_len))


@cache
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("papercli.exporters", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("digest.html.j2")


def _authors(names: Sequence[str]) -> tuple[str, str]:
    """The byline's names ("A, B, C et al.") and, when they were cut, how many there are
    ("(12 authors)", kept on one line by the page)."""
    cleaned = [n for n in (_line(shown_name(n), 300) for n in names) if n]
    if not cleaned:
        return "Unknown authors", ""
    if len(cleaned) <= MAX_AUTHORS + 1:
        return ", ".join(cleaned), ""
    return f"{', '.join(cleaned[:MAX_AUTHORS])} et al.", f"({len(cleaned)} authors)"


def _view(paper: Paper, ctx: Context) -> dict[str, Any]:
    published = paper.shown_date  # a month (YYYY-MM) for a paper with no day
    listed = (paper.submitted_at or "")[:10]
    dates = [f"{paper.date_label} {published}"] if published else []  # (or "Announced")
    if listed and listed != published:
        dates.append(f"Daily Papers {listed}")
    links = [(label, safe) for label, safe in (
        ("arXiv", safe_url(paper.arxiv_url)),
        ("PDF", safe_url(paper.pdf_url)),
        ("Code", safe_url(paper.github_repo)),
        ("Project page", safe_url(paper.project_page)),
    ) if safe]
    abstract = [_NOT_HTML.sub("", untex(p)) for p in clean_block(paper.summary).split("\n\n")
                if p.strip()] if ctx.abstract else []
    authors, authors_count = _authors(paper.authors)
    return {
        "anchor": "p-" + re.sub(r"[^A-Za-z0-9.-]", "-", clean_line(paper.id, 64)),
        "title": untex(_line(paper.title, 1000)) or _line(paper.id, 64),
        "url": page_url(paper, ctx.endpoint),
        "authors": authors,
        "authors_count": authors_count,
        "dates": dates,
        "upvotes": paper.upvotes if paper.on_hub else None,  # None: not the Hub's paper
        "comments": paper.comments if paper.on_hub else 0,
        "families": [f for f in (_line(f, 60) for f in paper.families) if f],
        "tags": [t for t in (_line(t, 64) for t in tags_and_note(ctx, paper.id)[0]) if t],
        "tldr": _NOT_HTML.sub("", clean_block(paper.ai_summary, 5000)),
        "abstract": abstract,
        "links": links,
        # marked as every view marks them: withdrawn by arXiv, or hidden by you (--hidden)
        "withdrawn": _line(paper.withdrawn_at, 10) if paper.withdrawn_at else "",
        "hidden": HIDDEN_MARK if is_hidden(ctx, paper.id) else "",
    }


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "html") -> Iterator[str]:
    from papercli.exporters.markdown import _stamp
    from papercli.words import count

    counted = [(s, len(s.papers)) for s in sections]
    views = [
        {"heading": _line(s.heading, 1000) if s.heading else None, "counted": s.counted,
         "papers": (_view(p, ctx) for p in s.papers)}
        for s, n in counted
    ]
    yield from _template().generate(
        chart=_chart(_each_once(sections)),  # one more pass over the papers
        title=_line(ctx.title, 1000) or "Papers",
        subtitle=_line(ctx.subtitle, 1000) if ctx.subtitle else "",
        total=sum(n for _, n in counted),
        # "3 of 17 papers" when a limit cut the listing (or a digest's sections)
        counted=count(sum(n for _, n in counted),
                      sum(max(n, s.found or 0) for s, n in counted)),
        generated=_stamp(ctx.generated_at) if ctx.generated_at else "",
        sections=views,
    )


# -- the trends chart (papercli.trends.from_papers), drawn as inline SVG -----------------
# One row per family (the digest's top ones, after an "all papers" row): its name, a bar
# per period scaled to the row's peak, a dot for a period that is not cached, its total.
# Every number is computed here; the template only writes elements, escaping every text.
CHART_WIDTH, LABEL_WIDTH, TOTAL_WIDTH, ROW_HEIGHT, TOP = 640, 150, 60, 22, 20
# A row's name is drawn right-aligned in LABEL_WIDTH: 17 characters of 12px text fit even
# in capitals in a wide font (a wide character counts two); a longer name is cut with an
# ellipsis, not off its start (each bar's tooltip keeps the whole name).
LABEL_CELLS = 17


def _each_once(sections: Sequence[Section]) -> Iterator[Paper]:
    """The digest's papers, a paper in two sections (two watches) once; one section is
    read as it comes (a whole-library export keeps no set of ids)."""
    if len(sections) == 1:
        yield from sections[0].papers
        return
    seen: set[str] = set()
    for section in sections:
        for paper in section.papers:
            if paper.id not in seen:
                seen.add(paper.id)
                yield paper


def _chart(papers: Iterable[Paper]) -> dict[str, Any] | None:
    """The digest's chart, or None when no paper names a family (or has a day)."""
    from papercli import trends

    found = trends.from_papers(papers, by="family")
    if found is None:
        return None
    rows = [found.all_series, *found.series]
    n = len(found.periods)
    area = CHART_WIDTH - LABEL_WIDTH - TOTAL_WIDTH
    step = area / n
    bar_w = max(step - 2, 1.0)
    out_rows = []
    for i, series in enumerate(rows):
        y = TOP + i * ROW_HEIGHT
        peak = max((c for c in series.counts if c), default=0)
        bars, gaps = [], []
        for j, (count, period) in enumerate(zip(series.counts, found.periods, strict=True)):
            x = round(LABEL_WIDTH + j * step + 1, 2)
            label = f"{_line(series.label, 200)} · {period.name}"
            if count is None:
                gaps.append({"cx": round(x + bar_w / 2, 2), "cy": y + ROW_HEIGHT - 6,
                             "title": f"{label}: not cached"})
            elif count:
                h = round((ROW_HEIGHT - 6) * count / peak, 2)
                bars.append({"x": x, "y": round(y + ROW_HEIGHT - 4 - h, 2), "w": round(bar_w, 2),
                             "h": h, "title": f"{label}: {plural(count, 'paper')}"})
        out_rows.append({"label": fit(_line(series.label, 200), LABEL_CELLS) or "?",
                         "y": y + ROW_HEIGHT - 8, "total": number(series.total), "bars": bars,
                         "gaps": gaps, "all": i == 0})
    first, last = found.periods[0].name, found.periods[-1].name
    return {
        "width": CHART_WIDTH, "height": TOP + len(rows) * ROW_HEIGHT + 18,
        "label_x": LABEL_WIDTH - 8, "total_x": CHART_WIDTH - 4,
        "axis_y": TOP + len(rows) * ROW_HEIGHT + 12, "area_x": LABEL_WIDTH,
        "heading": f"Papers per {found.every} by model family",
        "first": first, "last": last if last != first else "",
        "rows": out_rows,
    }
