"""The browser's widgets: the paper list, the reading pane's text, the help and family
screens. Every string from a paper becomes a Rich `Text` after `clean_line`/`clean_block`:
never markup, never a control character, whatever the library holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Input, SelectionList, Static
from textual.widgets._footer import FooterKey
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

from papercli.sanitize import clean_block, clean_line

if TYPE_CHECKING:
    from papercli.errors import PapersError
    from papercli.models import Paper
    from papercli.tui.source import FamilyCount

# Fixed column widths; the title takes what is left.
RANK_W, UP_W, MARKS_W, FAMILIES_W = 4, 4, 3, 16
DAY_W = len("Listed")  # the listing day as MM-DD, under the CLI's heading for it
DATE_W = len("2026-08-21")  # the arXiv date, under the CLI's heading for it ("arXiv")
MARK_W = len("*")  # its mark of the day arXiv announced it (`output.ANNOUNCED_MARK`)
TITLE_FIRST = 30  # the cells a title gets before the families column gets any
TITLE_LEAST = 20  # the cells a title keeps before a week's day column ("Listed") gives way
# The cells a title keeps before the families column gets any, where the titles are
# that long (most of the Hub's are longer): the families are in the reading pane too.
TITLE_WANT = 60
FAMILIES_HEAD = len("Families")  # the narrowest the column is: its heading whole


class Widest(NamedTuple):
    """What a list's rows need of the columns that fit them: their widest families cell
    and title, the day column's cells (0: no day column), whether they have a ▲ column
    and the arXiv date column's cells (0: none; a cell more where a date is marked), and
    the ▲ column's cells: its widest count, UP_W at least (a count of 10000 or more
    pushed its row's marks and title a cell or two right of the others' and of the
    header's, and the row's end off the screen)."""

    families: int = 0
    title: int = TITLE_WANT
    day: int = 0
    upvotes: bool = True
    date: int = 0
    up: int = UP_W


def column_widths(width: int, widest: Widest = Widest()) -> tuple[int, int]:
    """(title, families) cells for a list `width` wide whose rows need `widest`: the
    families column is as wide as its widest cell (none where no row names a family),
    up to a quarter of the row or what the titles leave; it narrows, then goes, before
    a title that needs the room is cut (at 80 columns it kept 16 cells, titles cut at
    48 beside it). A day or date column takes its cells (and a space) first."""
    rest = width - RANK_W - MARKS_W - 3  # (the spaces between the columns)
    rest -= widest.up + 1 if widest.upvotes else 0
    rest -= widest.day + 1 if widest.day else 0
    rest -= widest.date + 1 if widest.date else 0
    if widest.families <= 0:
        return max(8, rest), 0
    wanted = min(max(FAMILIES_HEAD, widest.families),
                 max(FAMILIES_W, rest // 4, rest - widest.title))
    claim = max(TITLE_FIRST, min(widest.title, TITLE_WANT))
    families = min(wanted, max(0, rest - claim))
    if families < FAMILIES_HEAD:
        families = 0
    return max(8, rest - families), families


def fitted(width: int, need: Widest) -> Widest:
    """`need` less the arXiv date column where it would leave the titles fewer than
    `TITLE_FIRST` cells: it gives way first, as in the command's table; and less a week's
    or a month's day column where it would leave them fewer than `TITLE_LEAST` (at 30
    columns it kept its 7 cells to the title's 7, at 20 the title's none)."""
    if need.date and column_widths(width, need._replace(families=0))[0] < TITLE_FIRST:
        need = need._replace(date=0)
    if need.day and column_widths(width, need._replace(families=0))[0] < TITLE_LEAST:
        need = need._replace(day=0)
    return need


def marks_text(starred: bool, read: bool, hidden: bool = False) -> Text:
    """★ starred, ✓ read, × hidden (any of them can show)."""
    text = Text()
    text.append("★" if starred else " ", style="bold yellow" if starred else "")
    text.append("✓" if read else " ", style="green" if read else "")
    text.append("×" if hidden else " ", style="red" if hidden else "")
    return text


class Row(NamedTuple):
    """What one list row shows, already cleaned."""

    id: str
    rank: int
    upvotes: str  # "—" for a paper the Hub has not listed (`output.hub_count`)
    title: str
    families: str
    starred: bool
    read: bool
    hidden: bool = False
    day: str = ""  # the listing day (MM-DD) where a list spans days, else ""
    date: str = ""  # the arXiv date where the list has no ▲ column (`list_columns`)


class Columns(NamedTuple):
    """A list's optional columns, decided once for all its rows (`list_columns`)."""

    upvotes: bool = True
    date: bool = False


def list_columns(papers: Sequence[Paper], sort: str | None) -> Columns:
    """The ▲ column where the command's table would have it (`output.shows_column`:
    not for an announcement alone, where every cell is —), else the arXiv date in its
    place, as `papers arxiv` shows it."""
    from papercli.output import shows_column  # lazy: as render_paper's

    if not papers or shows_column("upvotes", papers, sort=sort):
        return Columns()
    return Columns(upvotes=False, date=shows_column("date", papers, sort=sort))


def row_for(rank: int, paper: Paper, starred: bool, read: bool, hidden: bool = False,
            day: bool = False, columns: Columns = Columns()) -> Row:
    """`day`: the row says the day the paper was listed (a week's or a month's list is
    the Hub's order day by day: without it upvotes fell to 0 and jumped back, unexplained).
    `columns`: the list's, for its ▲ and arXiv date cells ("" where it has none)."""
    from papercli.output import COLUMNS, hub_count  # lazy: as render_paper's
    from papercli.views import display_title  # (the title as the commands' rows give it)

    listed = (clean_line((paper.submitted_at or "")[5:10], 5) or "—") if day else ""
    upvotes = hub_count(paper, paper.upvotes) if columns.upvotes else ""
    # (the command's cell: the day arXiv announced a paper marked, as its table marks it;
    # cut to a day's cells, the mark went and the day read as v1's)
    date = clean_line(COLUMNS["date"].cell(paper, {}), DATE_W + MARK_W) if columns.date else ""
    return Row(paper.id, rank, upvotes, display_title(paper, 1000),
               " ".join(clean_line(f, 40) for f in paper.families), starred, read, hidden,
               listed, date)


_DIM, _STAR, _READ, _HIDDEN, _FAMILY = (
    Style.parse(x) for x in ("dim", "bold yellow", "green", "red", "cyan"))


def widest(rows: Sequence[Row]) -> Widest:
    """What the columns of `rows` need (`column_widths`)."""
    return Widest(max((cell_len(r.families) for r in rows), default=0),
                  max((cell_len(r.title) for r in rows), default=0),
                  DAY_W if any(r.day for r in rows) else 0,
                  not rows or any(r.upvotes for r in rows),
                  (DATE_W + MARK_W * any(marked(r) for r in rows))
                  if any(r.date for r in rows) else 0,
                  max(UP_W, max((cell_len(r.upvotes) for r in rows), default=0)))


def marked(row: Row) -> bool:
    """Whether the row's arXiv date is the day arXiv announced the paper, marked as the
    command's table marks it (`output.ANNOUNCED_MARK`)."""
    from papercli.output import ANNOUNCED_MARK  # lazy: as render_paper's

    return row.date.endswith(ANNOUNCED_MARK)


def row_strip(row: Row, width: int, base: Style, need: Widest = Widest()) -> Strip:
    """One row as painted: rank, upvotes (if any), the day or arXiv date (if any), marks,
    title (cut with …), families. Built from segments, not a Rich Text: a page of new
    rows (PgDn through 1,000 papers) is cheaper."""
    need = fitted(width, need)
    day_w, date_w = need.day, need.date
    title_w, families_w = column_widths(width, need)
    title = row.title if cell_len(row.title) <= title_w else (
        set_cell_size(row.title, title_w - 1) + "…")
    families = "" if not families_w else row.families if (
        cell_len(row.families) <= families_w) else (
        set_cell_size(row.families, families_w - 1) + "…")
    segments = [
        Segment(f"{row.rank:>{RANK_W}} ", base + _DIM),
        *([Segment(f"{row.upvotes:>{need.up}} ", base)] if need.upvotes else []),
        *([Segment(set_cell_size(row.day, day_w) + " ", base + _DIM)] if day_w else []),
        *([Segment(set_cell_size(row.date, date_w) + " ", base + _DIM)] if date_w else []),
        Segment("★" if row.starred else " ", base + _STAR),
        Segment("✓" if row.read else " ", base + _READ),
        Segment("×" if row.hidden else " ", base + _HIDDEN),
        Segment(" " + set_cell_size(title, title_w) + " ", base),
        Segment(families, base + _FAMILY),
    ]
    return Strip(segments).adjust_cell_length(width, base)


def header_text(width: int, need: Widest = Widest()) -> Text:
    need = fitted(width, need)
    title_w, families_w = column_widths(width, need)
    day_w, date_w = need.day, need.date
    upvotes = f"{'▲':>{need.up}} " if need.upvotes else ""
    day = f"{'Listed':<{day_w}} " if day_w else ""
    date = f"{'arXiv':<{date_w}} " if date_w else ""
    return Text(f"{'#':>{RANK_W}} {upvotes}{day}{date}{'':{MARKS_W}} {'Title':<{title_w}}"
                + (" Families" if families_w else ""),
                style="bold", no_wrap=True, overflow="ellipsis", end="")


class ColumnHeader(Widget):
    """The list's column header, drawn from the list as it is drawn (its width and what
    its rows need), so that both change in the same frame: drawn from a message passed up
    the screen once the rows had been, it headed a week's first rows without "Listed"
    ("Title" over their days) until the message came, a moment later on a busy machine."""

    def __init__(self, rows: PaperList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows

    def render(self) -> Text:
        rows = self.rows
        width = rows.scrollable_content_region.width or self.content_size.width
        return header_text(width, rows.need)


HEAD_KEPT = 16  # cells of a cut title that a cut between words must leave
HEAD_WORD = 12  # cells at most given up to cut a heading's title between words
HEAD_MIN = 8  # cells (with its …) a title is cut to before what is said before the count


class Counts(NamedTuple):
    """The heading's tail, by part: "since: give one… · 17 papers · cached now ·
    updating…". Each part is named where it is made (`Loaded.counted` and `about`, the
    app's words and states), never found in the text: the count, once taken for the
    first part to start with a digit, was missed when it had none ("nothing new") and
    cut away as words said before it."""

    said: str = ""  # before the count: "not shown: ID (Enter looks it up)", a qualifier's forms
    counted: str = ""  # always whole: "17 papers", "50 of 665 papers like it", "nothing new"
    notes: tuple[str, ...] = ()  # after it, given up first (the last first): "cached now"
    status: str = ""  # last, always shown: "loading…", "updating…", "not available"
    # Right after the count, what the list's mark of a date means ("* Announced: …"), its
    # forms longest first: shortened, then given up, once the notes have gone.
    legend: tuple[str, ...] = ()

    def __str__(self) -> str:
        return " · ".join(p for p in (self.said, self.counted, *self.legend[:1], *self.notes,
                                      self.status) if p)


def _cut(text: str, cells: int) -> str:
    """`text` in `cells` cells, cut with … between words when a word ends near the edge
    (not "2026-…", nor "2026-08-20 (latest;…"). Not `terminal.fit_words`, which drops a
    dangling "and" and gives up to half the width: a heading keeps every whole word that
    fits, cuts one rather than keep less than HEAD_KEPT cells, measured as Rich draws."""
    if cell_len(text) <= cells:
        return text
    cut = set_cell_size(text, cells - 1)
    if text.startswith(cut) and text[len(cut)] == " ":  # (a whole word ends at the edge)
        return cut.rstrip(" ·—–-:;,(") + "…"
    words, space, _ = cut.rpartition(" ")
    if space and cell_len(words) >= max(HEAD_KEPT, cell_len(cut) - HEAD_WORD):
        cut = words.rstrip(" ·—–-:;,(")
    return cut.rstrip(" ·") + "…"


def _fit_head(head: str, cells: int) -> str:
    """The view's title in `cells` cells as a table's title is fitted (`fit_title`): a
    list of categories said as its first ones and how many more ("cs.CL, cs.LG +4"),
    then a paper's title cut between words, so that what follows them (the day arXiv
    announced them, the filters) stays in view; only then the line cut (`_cut`)."""
    from papercli.terminal import fit_title  # lazy: as render_paper's

    return fit_title(head, cells, cut=_cut)


def heading_line(head: str, counts: Counts, width: int) -> Text:
    """The heading "head · counts" in `width` cells, the count always whole.

    What gives way, first to last: the notes after the count ("fetched now", "by
    relevance to your stars"), the last first; then the legend (`Counts.legend`), by
    its shorter forms (at 80 columns "* Announced: not v1's date"); then the title
    (`head`: a related paper's, a long query, the filters) as a table's title is
    (`_fit_head`: a list of categories shortened, a paper's title cut between words,
    before the parts after them are), else cut between words where one ends near the
    edge; then what is said before the count (a qualifier's forms, "not
    shown: ID (Enter looks it up)"), cut with …; then, too narrow even for the count and
    a few cells of title, the line at its end. At 80 columns the notes were kept and the
    filters cut ("Search: model · family… · 175 papers · 0 from the Hub, 175 in the
    library"), and at 60 a qualifier's forms before the count cut the count off."""
    head = clean_line(head, 500)
    said, count, status = (clean_line(p, 500)
                           for p in (counts.said, counts.counted, counts.status))
    notes = [clean_line(note, 500) for note in counts.notes if note]
    forms = [clean_line(form, 500) for form in counts.legend if form]
    kept = [part for part in (count, status) if part]
    tail = " · ".join(p for p in (said, count, *forms[:1], *notes, status) if p)

    def line(*parts: str) -> Text:
        return Text(" · ".join(p for p in parts if p), no_wrap=True, overflow="ellipsis")

    if width <= 0 or cell_len(head) + cell_len(tail) + 3 * bool(tail) <= width:
        return line(head, tail)

    def wider(*notes: str) -> bool:
        return cell_len(" · ".join(p for p in (head, said, *kept, *notes) if p)) > width

    while notes and wider(*forms[:1], *notes):
        notes.pop()
    while forms and wider(forms[0], *notes):  # (the notes gone: `notes` is empty)
        forms.pop(0)
    notes = forms[:1] + notes
    after = " · ".join([*kept, *notes])
    rest = " · ".join(p for p in (said, after) if p)
    room = width - cell_len(rest) - 3 * bool(rest)
    if room >= HEAD_MIN or not said:
        if room < HEAD_MIN:  # (too narrow even for the count: cut at the line's end)
            return line(head, rest)
        return line(_fit_head(head, room), rest)
    room = width - cell_len(after) - 3 * bool(after) - HEAD_MIN - 3
    if room < HEAD_MIN:  # (the title and the count, without what is said before it)
        return heading_line(head, counts._replace(said="", notes=tuple(notes), legend=()),
                            width)
    said = _cut(said, room)
    return line(_fit_head(head, width - cell_len(said) - cell_len(after) - 6), said, after)


class Heading(Widget):
    """The title bar: the view's title and its counts, drawn for the width it has (a
    resize draws it again), the counts kept whole (`heading_line`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.head = ""
        self.counts = Counts()

    @property
    def tail(self) -> str:
        """The counts as the heading says them whole: "17 papers · cached now"."""
        return str(self.counts)

    def show(self, head: str, counts: Counts = Counts()) -> None:
        """Show "head · counts" (`counts` may be empty)."""
        self.head, self.counts = head, counts
        self.refresh()

    def render(self) -> Text:
        return heading_line(self.head, self.counts, self.content_size.width)


class WholeCells(ScrollBarRender):
    """A scrollbar whose thumb fills whole cells: Textual's eighth-block ends ("▁▁", "▆▆")
    read as stray glyphs at the list's and the pane's right edge where the colours are few
    (tmux, 256 colours: the thumb all but vanished, its ends stayed)."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * len(ScrollBarRender.VERTICAL_BARS)


# A one-cell bar whose thumb stands out from the track, which is the widget's own surface.
SCROLLBAR_CSS = """
    scrollbar-size-vertical: 1;
    scrollbar-background: $surface; scrollbar-background-hover: $surface;
    scrollbar-background-active: $surface;
    scrollbar-color: $primary 70%; scrollbar-color-hover: $primary;
    scrollbar-color-active: $primary;
"""


class PaperList(ScrollView, can_focus=True):
    """The paper list, drawn line by line (Textual's line API): only the visible rows are
    painted, each row's strip is kept until the row or the width changes, so moving the
    cursor through 1,000 papers repaints two lines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"paper-list--cursor"}
    # The scrollbar's column is kept when the list is too short to scroll: it is the
    # gutter between the last column and the pane (a short list's families touched its
    # divider at 200 columns, "Gemini GPT Claude│ Your note").
    DEFAULT_CSS = """
    PaperList { background: $surface; overflow-x: hidden; scrollbar-gutter: stable;
                SCROLLBAR }
    PaperList > .paper-list--cursor { background: $accent 40%; text-style: bold; }
    PaperList:focus > .paper-list--cursor { background: $accent; color: $text; }
    PaperList.-waiting { opacity: 50%; }  /* a list left: the keys wait for the next one */
    """.replace("SCROLLBAR", SCROLLBAR_CSS)

    class Highlighted(Message):
        """The cursor moved to row `index`: by the user (`moved`), or a new list shown."""

        def __init__(self, index: int, moved: bool = True) -> None:
            self.index = index
            self.moved = moved
            super().__init__()

    class Width(Message):
        """The rows are now drawn `width` cells wide (a resize, the scrollbar coming or
        going) or what their columns need changed (another list): the column header
        above must be drawn for it too."""

        def __init__(self, width: int, need: Widest = Widest()) -> None:
            self.width = width
            self.need = need
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self.cursor = 0
        self._strips: dict[int, Strip] = {}
        self._drawn = (0, Widest())  # (width, what the columns need) the strips were
        # made for
        self._need = Widest()  # what the rows need of the columns

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def need(self) -> Widest:
        """What the rows need of the columns (the header is drawn for it too)."""
        return self._need

    @property
    def legend(self) -> tuple[str, ...]:
        """What the mark of a date in the list means (`Counts.legend`), while a row shows
        one in the arXiv date column as drawn (not given way at the width, `fitted`), as
        the command's table says it under itself; else ()."""
        from papercli.output import announced_legends  # lazy: as render_paper's

        width = self.scrollable_content_region.width
        if not any(marked(row) for row in self.rows) or (
                width and not fitted(width, self._need).date):
            return ()
        return announced_legends(hint=False)

    def show(self, rows: Sequence[Row], cursor: int = 0) -> None:
        """Show `rows`, the cursor on row `cursor`. Another list (other papers) is shown
        from its top as far as the cursor allows: the list left's scroll (a filter's hits
        scrolled to the end) kept the rows above the cursor out of view, a day's first
        papers hidden above its third; the same list painted again keeps its scroll."""
        other = [r.id for r in rows] != [r.id for r in self.rows]
        self.rows = list(rows)
        self._need = widest(self.rows)
        self._strips.clear()
        self.cursor = min(max(cursor, 0), max(len(self.rows) - 1, 0))
        self.virtual_size = Size(self.size.width, len(self.rows))
        if other:
            self.scroll_to(y=0, animate=False)
        self.refresh()
        self._follow()
        self.post_message(self.Highlighted(self.cursor, moved=False))

    def set_row(self, index: int, row: Row) -> None:
        if 0 <= index < len(self.rows):
            self.rows[index] = row
            self._strips.pop(index, None)
            need = widest([row])  # (a column grows: all again)
            if (need.families > self._need.families or need.title > self._need.title
                    or need.up > self._need.up):
                self._need = self._need._replace(
                    families=max(need.families, self._need.families),
                    title=max(need.title, self._need.title), up=max(need.up, self._need.up))
                self.refresh()
            self._refresh_row(index)

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = min(max(index, 0), len(self.rows) - 1)
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        self._refresh_row(old)
        self._refresh_row(index)
        self._follow()
        self.post_message(self.Highlighted(index))

    def _refresh_row(self, index: int) -> None:
        """Row `index` painted again. (`refresh_line` takes the row's place in the list and
        subtracts the scroll itself: subtracted here too, a list scrolled down repainted
        another row, so the cursor and a star stayed where they were drawn before.)"""
        self.refresh_line(index)

    def _follow(self) -> None:
        """Scroll just enough to keep the cursor's row in view."""
        top = int(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def on_mount(self) -> None:
        # (per instance, as ScrollBar.renderer's docstring offers; typed as a ClassVar)
        self.vertical_scrollbar.renderer = WholeCells  # type: ignore[misc]

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows))
        self._follow()

    def _tell_width(self, width: int, need: Widest) -> None:
        self.post_message(self.Width(width, need))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if (width, self._need) != self._drawn:
            self._drawn = (width, self._need)
            self._strips.clear()
            self.call_later(self._tell_width, width, self._need)  # (a message made while
            # painting would be the screen's, and stop there)
        index = int(self.scroll_offset.y) + y
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = row_strip(self.rows[index], width, self.rich_style, self._need)
            self._strips[index] = strip
        if index == self.cursor:
            # The cursor's colours win over the row's own (cyan families, a yellow star).
            cursor = self.get_component_rich_style("paper-list--cursor")
            strip = Strip(Segment.apply_style(strip, post_style=cursor), width)
        return strip

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.move_to(int(self.scroll_offset.y) + offset.y)

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.move_to(self.cursor + step * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, where: int) -> None:
        self.move_to(len(self.rows) - 1 if where < 0 else 0)


class Parts(Group):
    """Content the reading pane draws a part at a time: what fills the screen at once, the
    rest between keys while it is read (a long full text took seconds to draw whole,
    the screen frozen meanwhile). Printed, it is the Group of its parts."""


class ReadingPane(ScrollView, can_focus=False):
    """The reading pane, drawn from lines rendered once per paper and width: showing the
    next paper does not lay the screen out again. `Parts` are drawn as they are needed."""

    DEFAULT_CSS = f"ReadingPane {{ background: $surface; overflow-x: hidden; {SCROLLBAR_CSS} }}"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.content: RenderableType = ""
        self._lines: list[Strip] = []
        self._width = 0
        self._todo: Iterator[RenderableType] | None = None  # the parts not drawn yet
        self._drawing = 0  # bumped at each new drawing: a step of an older one stops

    @property
    def drawing(self) -> bool:
        """Parts of the content are still to be drawn."""
        return self._todo is not None

    def show(self, content: RenderableType) -> None:
        """Show `content` from its top."""
        self.scroll_to(y=0, animate=False)
        self.show_again(content)

    def show_again(self, content: RenderableType) -> None:
        """Show `content` scrolled where the pane was: the same paper's panel again, a
        mark added (it went back to the top)."""
        self.content = content
        self._width = 0  # render again at the next paint
        self._render_lines(self.scrollable_content_region.width)
        self.refresh()

    def _render_lines(self, width: int) -> None:
        """Draw again at this width: as far as the screen shows, the rest a part at a time
        after each refresh."""
        if width <= 0:
            return
        self._lines, self._width = [], width
        content = self.content
        self._todo = iter(content.renderables if isinstance(content, Parts) else [content])
        self._drawing += 1
        self._draw_to(int(self.scroll_offset.y) + (self.size.height or self.app.size.height))
        if self._todo is not None:
            self.call_after_refresh(self._draw_more, self._drawing)

    def _draw_to(self, wanted: int) -> None:
        """Draw parts until `wanted` lines are drawn or none is left."""
        width = self._width
        if width <= 0:
            return
        console = self.app.console
        options = console.options.update(width=width, min_width=width, max_width=width,
                                         height=None, highlight=False, markup=False)
        while self._todo is not None and len(self._lines) < wanted:
            part = next(self._todo, None)
            if part is None:
                self._todo = None
                break
            lines = console.render_lines(part, options, style=self.rich_style, pad=True)
            self._lines += [Strip(line, width) for line in lines]
        self.virtual_size = Size(width, len(self._lines))

    def _draw_more(self, drawing: int) -> None:
        """One more part, then the next after the screen is refreshed (keys between)."""
        if drawing != self._drawing or self._todo is None:
            return
        self._draw_to(len(self._lines) + 1)
        if self._todo is not None:
            self.call_after_refresh(self._draw_more, drawing)

    def on_mount(self) -> None:
        # (per instance, as ScrollBar.renderer's docstring offers; typed as a ClassVar)
        self.vertical_scrollbar.renderer = WholeCells  # type: ignore[misc]

    def on_resize(self, event: events.Resize) -> None:
        self._render_lines(self.scrollable_content_region.width)

    def page(self, step: int) -> None:
        """A page down (1) or up (-1), one line of the last page kept in view (as less)."""
        self.lines(step * max(self.scrollable_content_region.height - 1, 1))

    def lines(self, step: int) -> None:
        """Scrolled from the list's keys (Space b J K): the pane never takes the focus, so
        the list's keys keep working while reading. Parts not drawn yet that this brings
        into view are drawn first."""
        y = int(self.scroll_offset.y) + step
        self._draw_to(y + self.size.height)
        self.scroll_to(y=y, animate=False)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._render_lines(width)
        index = int(self.scroll_offset.y) + y
        if 0 <= index < len(self._lines):
            return self._lines[index]  # rendered in the widget's style
        return Strip.blank(width, self.rich_style)


def render_paper(paper: Paper, *, endpoint: str, marks: Mapping[str, Any] | None = None,
                 note: str | None = None, tags: Sequence[str] = (),
                 your_note: str | None = None, watches: Sequence[str] = (),
                 why: str | None = None, listing_day: str | None = None) -> Group:
    """The reading pane: title, authors, dates, your marks (`marks`: "starred_at",
    "read_at" as `show` has them, True for a mark whose time is not known yet; "hidden"),
    what arXiv and the Hub say of it (categories, organization, submitter, GitHub stars),
    all in `papers show`'s words, links, your tags and note, AI summary, keywords,
    abstract (title and abstract as `show` gives them: what arXiv's LaTeX prints); in
    `browse new` the watches that listed it; `why`: `show`'s "For you" line, once there
    is a taste (`views.for_you_line`); `listing_day`: its Daily Papers day as `show` has
    it (`library.PaperResult.listing_day`), else its record's."""
    from papercli.exporters import untex
    from papercli.output import (
        Flow,
        arxiv_facts,
        author_line,
        dated_facts,
        for_you_text,
        hub_facts,
        mark_facts,
    )
    from papercli.views import display_title

    parts: list[Any] = [Text(display_title(paper, 1000), style="bold")]
    if paper.authors:
        parts.append(Text(author_line(paper.authors, paper.author_accounts), style="italic"))
    # The id (`show` has it in the panel's border), then show's line of dates and counts,
    # then its line of your marks with their days.
    parts.append(Flow([("", clean_line(paper.id, 64), "bold"), *dated_facts(paper, listing_day)],
                      sep=" · "))
    mine = mark_facts(marks or {})
    if mine:
        parts.append(Flow(mine, sep=" · "))
    if paper.withdrawn_at:  # (as show says it)
        parts.append(Text("Withdrawn: ", style="bold red").append(
            f"from arXiv on {paper.withdrawn_at[:10]}", style="red"))
    if paper.families:
        parts.append(Text("Families: " + ", ".join(clean_line(f, 40) for f in paper.families),
                          style="cyan"))
    if tags:
        parts.append(Text("Tags: " + " ".join(clean_line(t, 64) for t in tags),
                          style="green"))
    if watches:
        parts.append(Text(f"{'Watch' if len(watches) == 1 else 'Watches'}: "
                          + ", ".join(clean_line(w, 200) for w in watches), style="magenta"))
    for label, value in arxiv_facts(paper):  # what arXiv says: categories, DOI... (as show)
        parts.append(Text(f"{label}: ", style="dim").append(value, style=""))
    for label, value, aside in hub_facts(paper):  # the Hub's: organization... (as show)
        parts.append(Text(f"{label}: ", style="dim").append(value, style="").append(
            aside, style="dim"))
    links = Text()
    for label, url in paper.links(endpoint) if endpoint else paper.links():
        links.append(f"{label}: ", style="bold")
        links.append(clean_line(url, 2000) + "\n")
    parts.append(Text(""))
    parts.append(links)
    if note:
        parts.append(Text(clean_line(note, 500), style="dim italic"))
    if why:  # (as `show` says it, after the links)
        parts.append(for_you_text(why))
        parts.append(Text(""))
    if your_note:
        from papercli.notes import shown_lines

        parts.append(Text("Your note (n: edit)", style="bold underline green"))
        parts.append(Text("\n".join(shown_lines(your_note)) + "\n"))
    if paper.ai_summary:
        parts.append(Text("AI summary", style="bold underline"))
        parts.append(Text(clean_block(paper.ai_summary, 5000) + "\n"))
    if paper.ai_keywords:
        parts.append(Text("Keywords: ", style="bold").append(
            ", ".join(clean_line(k, 200) for k in paper.ai_keywords), style=""))
        parts.append(Text(""))
    parts.append(Text("Abstract", style="bold underline"))
    parts.append(Text(clean_block(untex(paper.summary)) or "(no abstract)"))
    return Group(*parts)


# The characters of a full text the pane draws, at most (a long paper with its appendices,
# seconds to draw): a 15 MiB text took minutes and GiBs, its lines all kept for scrolling.
# The rest: `papers show ID --full`.
PANE_TEXT = 256 * 1024
# What a part of it the pane draws between keys costs (see output.PIECE): some hundredths
# of a second; the first screen is drawn at once, the rest while it is read.
PANE_PIECE = 2 * 1024


def render_full_text(paper: Paper, text: str) -> Parts:
    """The reading pane with a paper's full text: its title, then the Markdown rendered
    (links as text, LaTeX as typed); escapes and control characters removed first, and
    Rich markup in it never read as markup. A text longer than PANE_TEXT is cut between
    paragraphs, and the pane says where the rest is. In parts, drawn as they are needed."""
    from papercli.output import full_text_markdown
    from papercli.views import display_title

    shown = _pane_part(text)
    head = "Full text · t: back to the paper"
    parts: list[RenderableType] = [Text(display_title(paper, 1000), style="bold"),
                                   Text(head, style="dim"), Text(""),
                                   *full_text_markdown(shown, PANE_PIECE).renderables]
    if len(shown) < len(text):
        share = max(len(shown) * 100 // len(text), 1)
        more = (f"The pane shows the first {share}% of this full text; all of it: "
                f"papers show {clean_line(paper.id, 80)} --full")
        parts[1] = Text(f"{head} · {more}", style="dim")
        parts += [Text(""), Text(f"… {more}", style="dim")]
    return Parts(*parts)


def _pane_part(text: str) -> str:
    """The first PANE_TEXT characters of a full text, cut before a heading, after a
    paragraph or a line, the first of them found in their second half."""
    if len(text) <= PANE_TEXT:
        return text
    for end in ("\n\n#", "\n\n", "\n"):
        cut = text.rfind(end, PANE_TEXT // 2, PANE_TEXT)
        if cut > 0:
            return text[:cut]
    return text[:PANE_TEXT]


KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "move through the list (the mouse works too)"),
    ("PgUp PgDn", "a page up or down"),
    ("g  G", "first / last paper"),
    ("s", "star or unstar (your reading list: papers starred)"),
    ("r", "mark read or unread"),
    ("h  u", "hide/unhide (papers like it rank lower) / undo a hide"),
    ("o", "open the HF page (arXiv's, if only arXiv knows it)"),
    ("a  p", "open the arXiv page / the PDF"),
    ("c", "open the code repository"),
    ("y  Y", "copy the arXiv id / the BibTeX entry"),
    ("Space b J K", "scroll the reading pane a page / a line (down, up)"),
    ("t", "show the full text in the pane (again: the paper)"),
    ("n  T", "edit your note ($VISUAL / $EDITOR) / your tags"),
    ("/", "filter as you type (Esc: back; Enter fetches ids)"),
    ("l", "the papers most like this one (related; Esc: back)"),
    ("f", "choose families"),
    ("A", "browse new: every new paper, as --all"),
    ("[  ]", "previous / next day (week, month)"),
    ("?  ^p", "this help / every key and view by name (palette)"),
    ("q  ^z", "quit / suspend to the shell (fg: back)"),
)


class FilterBox(Input):
    """The filter box. Enter and Esc are handled here, in order with the characters
    typed before them, and move the focus at once; a key routed here before the focus
    moved on ("/llava⏎js" in one burst: `j` and `s` were typed into the box) goes back to
    the app, which routes it again by the focus as it is now. Its keys are in the footer:
    the app's letter keys go into the box while it has the focus, so the footer showed
    nothing but Ctrl-P, and the placeholder's "Esc: back" goes with the first letter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Go to the hits"),
        Binding("escape", "back", "Leave the filter"),
    ]

    def __init__(self, *, on_enter: Callable[[], None], on_escape: Callable[[], None],
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_enter = on_enter
        self.on_escape = on_escape
        self._keep_text = False  # the next focus leaves the text unselected

    def focus_keeping_text(self) -> None:
        """The focus back in the box with its text as typed, the cursor where it was: a
        query to put right (a bad date), whose next key typed took the whole query's
        place when the focus selected it all (as `/` does, to type a new one)."""
        self._keep_text = True
        self.screen.set_focus(self)

    def _on_focus(self, event: events.Focus) -> None:
        # (before Input's own handler, which selects the text when `select_on_focus`)
        self.select_on_focus, self._keep_text = not self._keep_text, False

    async def _on_key(self, event: events.Key) -> None:
        done = {"enter": self.on_enter, "escape": self.on_escape}.get(event.key)
        focused = self.screen.focused is self  # (now: `has_focus` waits for the Blur)
        if not focused or done is not None:
            event.stop()
            event.prevent_default()
            if done is not None and focused:
                done()
            else:
                self.app.post_message(events.Key(event.key, event.character))
            return
        await super()._on_key(event)

    def action_done(self) -> None:  # (Enter is handled in `_on_key`; as the footer says)
        self.on_enter()

    def action_back(self) -> None:
        self.on_escape()


PALETTE_CLASS = "-command-palette"  # Footer's class for the command palette's key


class KeyFooter(Footer):
    """Textual's footer, fitted to the width: it shows whole keys only and drops the least
    important first (as less and htop do), so `? Help` and `q Quit` are always there;
    the command palette's key goes first, it is reachable from the help."""

    # Most important first: the order in which keys are kept as the terminal narrows.
    PRIORITY: ClassVar[tuple[str, ...]] = (
        "quit", "help", "star", "read", "filter", "open('o')", "open('p')", "families")

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[FooterSpec, ...] | None = None  # what the keys now show
        self._pending = False  # a refit is waiting for the next refresh

    def _specs(self) -> tuple[FooterSpec, ...]:
        """The keys to show at this width: (key, display, description, action,
        disabled, tooltip, classes), the palette's last."""
        width = self.app.size.width
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)

        def rank(action: str) -> int:
            return self.PRIORITY.index(action) if action in self.PRIORITY else len(self.PRIORITY)

        def cells(binding: Binding) -> int:  # " k " + "Description "
            return cell_len(self.app.get_key_display(binding)) + cell_len(binding.description) + 3

        kept: set[str] = set()
        used = 0
        for action in sorted(shown, key=rank):
            cost = cells(shown[action][0])
            if used + cost > width:
                break
            kept.add(action)
            used += cost
        specs = [FooterSpec(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action, not enabled, tooltip)
                 for action, (binding, enabled, tooltip) in shown.items() if action in kept]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tooltip = palette
            if used + cells(binding) + 1 <= width:  # + its border
                specs.append(FooterSpec(binding.key, self.app.get_key_display(binding),
                                        binding.description, binding.action, not enabled,
                                        binding.tooltip or binding.description,
                                        PALETTE_CLASS))
        return tuple(specs)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown = specs = self._specs()
        for spec in specs:
            key = FooterKey(spec.key, spec.display, spec.description, spec.action,
                            classes=spec.classes, disabled=spec.disabled,
                            tooltip=spec.tooltip)
            # (the palette's key keeps its own style, as in Footer)
            yield key if spec.classes == PALETTE_CLASS else key.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Footer's, but one refit per refresh, and none when the keys are the same:
        start-up refreshes the bindings 8 times (focus, each list painted, each row
        highlighted), and every recompose re-styled a dozen keys (0.5 s of CPU)."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._refit_later()

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready:
            self._refit_later()

    def _refit_later(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._refit)

    async def _refit(self) -> None:
        """Compose the keys again if what they would show has changed."""
        self._pending = False
        if self.is_attached and self._specs() != self._shown:
            await self.recompose()


class FooterSpec(NamedTuple):
    """One key as the footer shows it: a change to any field composes it again."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    classes: str = ""


class HelpScreen(ModalScreen[None]):
    """The keys, one per line; any of Esc, q, ? closes it. Its title sits on the border so
    the whole list fits an 80×24 terminal; a shorter one scrolls it (↑ ↓, PgUp PgDn)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss_help", "Close"),
        Binding("j", "scroll_help(1)", "Down", show=False),
        Binding("k", "scroll_help(-1)", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        from rich.table import Table

        # A grid, so a description too long for a narrow terminal goes on under itself,
        # not under the keys.
        keys_table = Table.grid(padding=0)
        keys_table.add_column(width=12, no_wrap=True, style="bold")
        keys_table.add_column(ratio=1)
        for key, what in KEYS:
            keys_table.add_row(key, what)
        marks = Text("Marks are the same as papers star / read / new make.", style="dim")
        with VerticalScroll(id="help") as keys:
            keys.border_title = "Keys"
            keys.border_subtitle = "Esc closes"
            yield Static(Group(keys_table, marks))
        yield KeyFooter()  # (its own keys: the list's showed under it, and did nothing)

    DEFAULT_CSS = f"HelpScreen #help {{ {SCROLLBAR_CSS} }}"

    def on_mount(self) -> None:
        """The list's and the pane's bar (`WholeCells`): Textual's two-cell one showed its
        thumb's ends as stray "▆▆"/"▂▂" beside the keys when the help scrolls."""
        bar = self.query_one("#help", VerticalScroll).vertical_scrollbar
        bar.renderer = WholeCells  # type: ignore[misc]

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll_help(self, lines: int) -> None:
        """j and k scroll the keys as they move through the list."""
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False)


def tag_words(line: str) -> list[str]:
    """The tags a line of the tag editor gives: space or comma between them."""
    return line.replace(",", " ").split()


def bad_tag_hint(hint: str) -> str:
    """A bad tag's hint for the tag line: the command's "(no spaces)" read as a rule
    against the spaces this line puts between tags, and said nothing of what to do here."""
    from papercli.tags import RULE  # lazy: off the start-up path

    if hint.startswith(RULE):
        return f"{RULE}: change it or delete it, then Enter (Esc changes nothing)"
    if hint.startswith("at most "):  # (a tag too long, said shorter: `tag_error`)
        return f"{hint}: shorten it or delete it, then Enter (Esc changes nothing)"
    return hint


def tag_error(exc: PapersError, width: int) -> str:
    """What is wrong with the tag line, said under it in `width` cells a line: the
    error's first way whose words fit one line (`PapersError.shorter`), then its hint as
    this line takes it (`bad_tag_hint`). A tag too long was quoted whole, 64 characters,
    and wrapped with "the tag" alone on the line above it; what to do went unsaid."""
    ways = [(exc.message, exc.hint), *exc.shorter]
    said, hint = next(((m, h) for m, h in ways if cell_len(m) <= width), ways[0])
    return clean_line(f"{said} — {bad_tag_hint(hint)}" if hint else said, 400)


class TagScreen(ModalScreen[str | None]):
    """The paper's tags, to edit in one line (space between them): Enter keeps the line's
    tags and takes the others off, Esc changes nothing. A word that is not a tag is said
    under the line, which stays as typed to be put right (it closed, and a notification
    said why after the line had gone)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, paper_id: str, tags: Sequence[str]) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.tags = list(tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="tags"):
            yield Static(Text(f"Tags on {clean_line(self.paper_id, 40)} (space between): "
                              "Enter keeps, Esc cancels", style="bold"))
            value = " ".join(clean_line(t, 64) for t in self.tags)
            # Not selected on focus: a tag typed at once goes on beside the others, not
            # over them (which took them all off).
            yield Input(value + " " if value else "", placeholder="e.g. to-read rl",
                        id="tags-input", select_on_focus=False)
            yield Static("", id="tags-error")
        yield KeyFooter()  # (its own keys: the list's showed under it, and did nothing)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from papercli.errors import PapersError
        from papercli.tags import normalize_tags  # lazy: off the start-up path

        event.stop()
        try:
            normalize_tags(tag_words(event.value))
        except PapersError as exc:
            said = self.query_one("#tags-error", Static)
            said.update(Text(tag_error(exc, self.query_one("#tags").content_size.width)))
            said.add_class("shown")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def family_choice(family: FamilyCount) -> Text:
    """'Qwen: 3 here, 710 in the library': what choosing it shows, and how common it is."""
    name = clean_line(family.name, 60)
    if not family.here:
        return Text(f"{name}: {family.total} in the library", style="dim")
    return Text(f"{name}: {family.here} here, {family.total} in the library")


class FamilyList(SelectionList[str]):
    """Textual's selection list with the box empty where a family is not chosen: every box
    showed its X, chosen or not, told apart by colour alone (under NO_COLOR a light grey
    X from a dark one; on a terminal without colours, not at all). It moves with the paper
    list's keys too, j k g G (they did nothing here: j then Space chose the first family,
    not the second)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if option.value in self._selected:
            return line
        segments = list(line)
        for n, segment in enumerate(segments[:3]):
            if segment.text == ToggleButton.BUTTON_INNER:
                segments[n] = Segment(" " * cell_len(segment.text), segment.style,
                                      segment.control)
                return Strip(segments, line.cell_length)
        return line


class FamilyScreen(ModalScreen[list[str] | None]):
    """Pick families (any of them) for the list; Enter applies, Esc (or q, as q closes
    the help) cancels: q did nothing here, neither closing the dialog nor quitting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(self, families: Sequence[FamilyCount], chosen: Sequence[str]) -> None:
        super().__init__()
        self.families = list(families)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(id="families"):
            yield Static(Text("Families: space toggles, Enter applies, Esc cancels",
                              style="bold"))
            yield FamilyList(
                *[(family_choice(f), f.name, f.name in self.chosen) for f in self.families],
                id="families-list",
            )
        yield KeyFooter()  # (its own keys: the list's showed under it, and did nothing)

    DEFAULT_CSS = f"FamilyScreen #families-list {{ {SCROLLBAR_CSS} }}"

    def on_mount(self) -> None:
        """The list's and the pane's bar (`WholeCells`), not Textual's stray "▆▆"."""
        bar = self.query_one(SelectionList).vertical_scrollbar
        bar.renderer = WholeCells  # type: ignore[misc]

    def action_apply(self) -> None:
        chosen = self.query_one(SelectionList).selected
        self.dismiss([str(c) for c in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
