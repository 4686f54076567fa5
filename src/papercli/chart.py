"""`papers trends` drawn as text: one row per series with a sparkline across the periods
(each row scaled to its own peak: the shape is the trend), its total and its change; and
the series as CSV. Part of the output layer (output.print_trends shows these lines); no
Rich, so it is cheap and testable at any width.

A period the library has no listing for is drawn `·` (ASCII `.`), never as a zero; a zero
is a blank. Every line fits `width` cells (None: piped, whole lines); series names are
untrusted text and go through clean_line before they are measured.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date

from papercli.sanitize import clean_line
from papercli.terminal import cell_width, fit, style, wrap
from papercli.trends import WORD_RULE, Series, Trends
from papercli.words import first_few, number, plural

BLOCKS = "▁▂▃▄▅▆▇█"
ASCII_BLOCKS = "_-=+*#%@"
UNCACHED, ASCII_UNCACHED = "·", "."
GAP = "  "
CHANGE_WIDTH = 6
HEADS = {"family": "Family", "org": "Organization", "keyword": "AI keyword", "word": "Word"}
UNITS = {"day": "day", "week": "week", "month": "month"}
RECORDED = {"org": "an organization", "keyword": "AI keywords"}  # (Period.recorded)


def can_draw_blocks(encoding: str | None) -> bool:
    """Whether a stream's encoding can show the block characters (else ASCII)."""
    try:
        (BLOCKS + UNCACHED + "…−").encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def spark(counts: Sequence[int | None], *, cell: int = 1, unicode: bool = True) -> str:
    """A sparkline, scaled to its own peak: any paper at all is at least the lowest bar."""
    blocks, gap = (BLOCKS, UNCACHED) if unicode else (ASCII_BLOCKS, ASCII_UNCACHED)
    peak = max((c for c in counts if c), default=0)
    out = []
    for c in counts:
        if c is None:
            out.append(gap * cell)
        elif not c:
            out.append(" " * cell)
        else:
            level = min(len(blocks), max(1, math.ceil(c / peak * len(blocks))))
            out.append(blocks[level - 1] * cell)
    return "".join(out)


def change_text(series: Series, *, unicode: bool = True) -> str:
    if series.new:
        return "new"
    if series.change is None:
        return ""
    pct = round(series.change * 100)
    if pct > 999:
        return ">999%"
    minus = "−" if unicode else "-"
    return f"+{pct}%" if pct >= 0 else f"{minus}{-pct}%"


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(width - cell_width(text), 0)
    return gap + text if right else text + gap


def title(trends: Trends) -> str:
    """The title in one line (piped: a fixed width would be wrapped again)."""
    return " · ".join(_title_parts(trends))


def _title_parts(trends: Trends) -> list[str]:
    """What the title says, "Papers per month by … · RANGE", then each filter's words."""
    unit = UNITS[trends.every]
    what = {"family": "model family", "org": "organization", "keyword": "AI keyword",
            "word": "word"}[trends.by]
    head = f"Papers per {unit} by {what}"
    first, last = trends.periods[0].name, trends.periods[-1].name
    rng = first if first == last else f"{first} to {last}"
    extra = clean_line(trends.filters, 300).split(" · ") if trends.filters else []
    return [f"{head} · {rng}", *extra]


def title_lines(trends: Trends, width: int | None) -> list[str]:
    """The title, in lines of at most `width` cells: past the width, the filters go on to
    lines of their own, each opening with `·`. Cut at the width, a title with a few
    filters lost the ones that say what was counted (`· keyword r…`). The range may be
    cut (the axis under the sparkline names it too)."""
    parts = _title_parts(trends)
    if width is None:
        return [" · ".join(parts)]
    out = [parts[0]]
    for piece in parts[1:]:
        joined = f"{out[-1]} · {piece}"
        if cell_width(joined) <= width:
            out[-1] = joined
        else:
            out.append(f"· {piece}")
    return [fit(line, width) for line in out]


def caption(trends: Trends, *, unicode: bool = True, drawn: int | None = None
            ) -> list[str]:
    """What the chart covers, in sentences (wrapped by the caller). `drawn`: how many of
    the latest periods the sparkline shows (None: all); a period it leaves out is not
    named, only counted ("and 3 earlier, not drawn"), as a name with no column to find
    it under read as a gap on screen that is not there."""
    gap = UNCACHED if unicode else ASCII_UNCACHED
    out: list[str] = []
    on_screen = trends.periods if drawn is None else trends.periods[-drawn:]
    seen = {p.name for p in on_screen}
    unit = UNITS[trends.every]
    missing = [p.name for p in trends.periods if not p.covered]
    # "partial": some days listed, or papers held with no listing (imported, opened).
    partial = [p.name for p in trends.periods if p.state == "partial" and p.cached_days]
    unlisted = [p.name for p in trends.periods if p.state == "partial" and not p.cached_days]
    if trends.source == "digest":
        out.append("Counts are this digest's papers.")
    elif not trends.cached_days:  # (no paper either: no chart, `Trends.why_empty`)
        out.append("The library has no listing in this range: the counts are the papers "
                   "it holds (imported or opened), which may not be all "
                   f"({trends.fetches('the listings')}).")
        unlisted = []  # every counted period is one: said once, above
    else:
        first, last = trends.first_cached, trends.last_cached
        held = f" ({_days(first, last)})" if first and last else ""
        out.append(f"The library covers {number(trends.cached_days)} of "
                   f"{plural(trends.days, 'day')}{held}.")
    if missing:
        out.append(f"{gap} not cached (no listing, so unknown, not zero): "
                   + _named(missing, seen, unit) + ".")
    unrecorded = [p.name for p in trends.periods if p.covered and not p.recorded]
    what = _recorded(trends)
    if unrecorded:
        out.append(f"{gap} in a row: no paper of " + _named(unrecorded, seen, unit)
                   + f" records {what}, so a row's count there is unknown, not zero.")
    # Recorded, but for under half the papers (the Hub's AI keywords in July 2026): a row
    # there counts only those, so its bar falls with the record, not with the keyword.
    sparse = [p.name for p in trends.periods if p.covered and p.recorded and p.named
              and p.named * 2 < (p.papers if p.pool is None else p.pool)]
    if sparse:
        out.append(f"Under half the papers of {_named(sparse, seen, unit)} record {what}: "
                   "a row's count there is of those only (its bar is short).")
    if partial and trends.source != "digest":
        out.append("Partly cached: " + _named(partial, seen, unit) + ".")
    if unlisted and trends.source != "digest":
        out.append("Papers held without a listing (counts may be short): "
                   + _named(unlisted, seen, unit) + ".")
    change = _change_words(trends)
    out.append(f"Counted by {trends.counted_by}"
               + ("; an AI keyword counts all its spellings (case, hyphens, plural, and an "
                  "acronym where the library's abstracts define it; --format json or csv "
                  "lists them)" if trends.by == "keyword" else "")
               + (f"; {WORD_RULE}" if trends.by == "word" else "")
               + (f"; {change}" if change else "") + ".")
    # By weeks or days, the papers dated only by their id's month (an old import's) are
    # among those left out, said apart: they have a date, and by months they count.
    by_month = trends.month_only if trends.every != "month" else 0
    if by_month:
        one = by_month == 1
        out.append(f"Not counted: {plural(by_month, 'paper')} dated only to "
                   f"{'its' if one else 'their'} month, not a day (--every month counts "
                   f"{'it' if one else 'them'}).")
    if nowhere := trends.undated - by_month:
        out.append(f"Not counted: {plural(nowhere, 'paper')} without a usable date.")
    return out


def _recorded(trends: Trends) -> str:
    """What a paper must record to count in a row (Period.recorded): an organization or
    AI keywords, and with --org an organization whatever the rows are."""
    what = RECORDED.get(trends.by, "a series")
    if any(p.pool is not None for p in trends.periods):  # --org: the Hub's record
        what = RECORDED["org"] + (f" and {what}" if trends.by == "keyword" else "")
    return what


def _change_words(trends: Trends) -> str:
    """What the Change column compares, naming the periods when the latest is still in
    progress: its bar is short (the days so far), its change is not. A range of one
    period has no change to explain (its column is empty): "" then, or what the period
    still in progress counts."""
    compared, live = trends.compared, trends.in_progress
    per = "per cached day"
    if trends.series and any(p.named is not None for p in trends.periods):
        # (the Hub records them for some papers only: Series.change)
        per += f" (a row's: per paper that records {_recorded(trends)})"
    whole = f"change: the latest period against the one before, {per}"
    if len(trends.periods) < 2 or compared is None:  # (not two covered: none to show)
        whole = ""
    elif (compared[0], compared[1]) != trends.periods[-2:]:
        # The latest periods not cached (a library not synced for weeks), or one between
        # the two: "the latest against the one before" read as the last two columns.
        whole = (f"change: {compared[1].name} against {compared[0].name}, the two latest "
                 f"cached {UNITS[trends.every]}s, {per}")
    if live is None or not live.covered or (compared and compared[1] is not live):
        return whole
    so_far = f"{live.name} is in progress: its bar counts {_days(live.start, live.end)} only"
    if compared is None:
        return f"{so_far}; {whole}" if whole else so_far
    before, _, first, last = compared
    return (f"{so_far}; its change compares those days with the same days of "
            f"{before.name} ({_days(first, last)}), {per}")


def _days(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def _names(names: list[str]) -> str:
    return ", ".join(names) if len(names) <= 6 else first_few(names, 5)


def _named(names: list[str], seen: set[str], unit: str) -> str:
    """`names` as _names says them, those not in `seen` (off the sparkline) counted as
    earlier `unit`s (days, weeks, months)."""
    shown = [n for n in names if n in seen]
    hidden = len(names) - len(shown)
    if not hidden:
        return _names(shown)
    from papercli.words import plural

    if shown:
        return f"{_names(shown)} (and {plural(hidden, 'earlier ' + unit)}, not drawn)"
    return f"{plural(hidden, 'earlier ' + unit)}, not drawn"


def lines(trends: Trends, *, width: int | None, unicode: bool = True,
          color: bool = False) -> list[str]:
    """The chart as lines, each at most `width` cells (None: no limit)."""
    def paint(text: str, name: str | None) -> str:
        return style(text, name) if color else text

    rows = [trends.all_series, *trends.series]
    labels = [clean_line(s.label, 200) or "?" for s in rows]
    if not unicode:  # (made ASCII before they are measured: a wide 清 is one `?` cell)
        labels = [_ascii(label) for label in labels]
    totals = [f"{s.total:,}" for s in rows]
    changes = [change_text(s, unicode=unicode) for s in rows]
    total_w = max(5, *(len(t) for t in totals))
    n = len(trends.periods)
    name_w = max(cell_width(HEADS[trends.by]), *(cell_width(lab) for lab in labels))
    shown = n
    cell = 2 if n <= 30 else 1
    if width is not None:
        fixed = total_w + CHANGE_WIDTH + 3 * len(GAP)
        # Names get a third of the line (at most 28 cells) while the sparkline needs the
        # room; what a short sparkline (and its heading) leaves, they may take whole.
        share = min(name_w, 28, max(8, width // 3))
        spark_room = max(n * cell, len(f"per {UNITS[trends.every]}"))
        name_w = max(share, min(name_w, width - fixed - spark_room))
        room = width - fixed - name_w
        if room < min(n, 8):  # the sparkline first: names give way down to 6 cells
            name_w = max(6, name_w - (min(n, 8) - room))
            room = width - fixed - name_w
        cell = max(1, min(2, room // max(n, 1)))
        shown = max(1, min(n, room // cell))
    periods = trends.periods[n - shown:]
    spark_w = shown * cell
    out: list[str] = []
    head = _pad(fit(HEADS[trends.by], name_w), name_w)
    axis = f"per {UNITS[trends.every]}"
    # A short sparkline (a few months) still gets its whole heading when there is room.
    col_w = max(spark_w, len(axis) if width is None else min(len(axis), room))
    out.append(GAP.join([paint(head, "bold"), _pad(fit(axis, col_w), col_w),
                         _pad("Total", total_w, right=True),
                         _pad("Change", CHANGE_WIDTH, right=True)]).rstrip())
    for i, (series, label) in enumerate(zip(rows, labels, strict=True)):
        counts = series.counts[n - shown:]
        cells = spark(counts, cell=cell, unicode=unicode)
        change = changes[i]
        tone = None if not change else "red" if change[0] in "-−" else "green"
        name = _pad(fit(label, name_w), name_w)
        out.append(GAP.join([
            paint(name, "bold" if i == 0 else "magenta"),
            paint(cells, "cyan") + " " * (col_w - spark_w),
            _pad(totals[i], total_w, right=True),
            paint(_pad(fit(change, CHANGE_WIDTH), CHANGE_WIDTH, right=True), tone),
        ]).rstrip())
    first, last = periods[0].name, periods[-1].name
    ends = first if shown == 1 else (
        f"{first} … {last}" if len(first) + len(last) + 3 > spark_w else
        first + " " * (spark_w - len(first) - len(last)) + last)
    out.append((" " * (name_w + len(GAP)) + paint(ends, "dim")).rstrip())
    notes = [] if shown == n else [
        f"Showing the latest {shown:,} of {n:,} periods (widen the terminal, or --format "
        f"json); Total counts all {n:,}."]
    body = [*title_lines(trends, width), *out]
    for sentence in [*notes, *caption(trends, unicode=unicode, drawn=shown), *trends.notes]:
        # Piped (no width), a sentence is one line, as a table's rows are: a fixed width
        # would be wrapped again by a narrower terminal the output ends up in.
        parts = [sentence] if width is None else wrap(sentence, max(width, 10))
        body.extend(paint(w, "dim") if color else w for w in parts)
    if not unicode:
        body = [_ascii(b) for b in body]
    if width is not None:  # a title or word longer than the width is cut, never wrapped
        body = [b if cell_width(b) <= width or color else fit(b, width) for b in body]
        body[0] = fit(body[0], width)
        if not unicode:
            body = [_ascii(b) for b in body]
    return body


_ASCII = str.maketrans({"·": ".", "…": "~", "−": "-", "—": "-"})


def _ascii(line: str) -> str:
    """A line for a terminal that cannot show more than ASCII: our marks become their
    ASCII kin, anything else (a name in another script) a `?` each."""
    return line.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def csv_text(trends: Trends) -> str:
    """The series in long form: one row per series and period (count empty where the
    period is not cached); the "all papers" rows first, with an empty series name. The
    `in_progress` column says which period is still running (its count is the days so
    far), as the chart's caption and the JSON's `in_progress` do; `recorded` is false
    where no paper of the period records what a row is (its count is then empty:
    unknown). `spellings` (last, as the JSON's): an AI keyword's spellings it counts,
    most used first, joined by "; " as a listing's CSV joins a list; empty for the other
    kinds."""
    import csv

    from papercli.exporters.csvfmt import defuse

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["by", "series", "label", "period", "start", "end", "state",
                     "cached_days", "days", "count", "in_progress", "recorded", "spellings"])
    live = trends.in_progress
    for s in (trends.all_series, *trends.series):
        # (each spelling cut on its own: the joined cell is not cut, so none is lost)
        spellings = defuse("; ".join(clean_line(w, 300) for w in s.spellings))
        for period, count in zip(trends.periods, s.counts, strict=True):
            writer.writerow([trends.by, _cell(s.name), _cell(s.label), period.name,
                             period.start.isoformat(), period.end.isoformat(), period.state,
                             period.cached_days, period.days,
                             "" if count is None else count,
                             "true" if period is live else "false",
                             "true" if period.recorded else "false", spellings])
    return buf.getvalue()


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (exporters.csvfmt.defuse)."""
    from papercli.exporters.csvfmt import defuse

    return defuse(clean_line(text, 300))
