"""The browser's widgets: the paper list, the reading pane's text, the help and family
screens. Every string from a paper becomes a Rich `Text` after `clean_line`/`clean_block`:
never markup, never a control character, whatever the library holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import DataTable, SelectionList, Static

from papercli.sanitize import clean_block, clean_line

if TYPE_CHECKING:
    from papercli.models import Paper

# (key, width); the title column takes what is left.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("rank", "#", 3), ("upvotes", "▲", 4), ("marks", "", 2), ("title", "Title", 0),
    ("families", "Families", 16),
)
MAX_AUTHORS = 12


def marks_cell(starred: bool, read: bool) -> Text:
    """★ for starred, ✓ for read (both can show)."""
    text = Text()
    text.append("★" if starred else " ", style="bold yellow" if starred else "")
    text.append("✓" if read else " ", style="green" if read else "")
    return text


def families_cell(paper: Paper) -> Text:
    return Text(" ".join(clean_line(f, 40) for f in paper.families), style="cyan",
                no_wrap=True, overflow="ellipsis")


class PaperTable(DataTable[Any]):
    """The paper list: one row per paper, keyed by its id, a row cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_cursor=True, **kwargs)
        self.title_width = 40

    def fit(self, width: int) -> bool:
        """Size the title column for a list `width` cells wide; True if it changed."""
        fixed = sum(w for _, _, w in COLUMNS) + 2 * len(COLUMNS)  # cell padding
        wanted = max(12, width - fixed - 2)  # the scrollbar
        if wanted == self.title_width and self.columns:
            return False
        self.title_width = wanted
        return True

    def show(self, papers: Sequence[Paper], starred: frozenset[str] | set[str],
             read: frozenset[str] | set[str]) -> None:
        """Replace every row (columns rebuilt, so a new width applies)."""
        self.clear(columns=True)
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width or self.title_width)
        self.add_rows(
            [
                Text(str(n), style="dim", justify="right"),
                Text(str(p.upvotes), justify="right"),
                marks_cell(p.id in starred, p.id in read),
                Text(clean_line(p.title, 1000), no_wrap=True, overflow="ellipsis"),
                families_cell(p),
            ]
            for n, p in enumerate(papers, 1)
        )
        # add_rows keys rows by position; give each the paper id for update_cell.
        self._ids = [p.id for p in papers]

    def set_marks(self, row: int, starred: bool, read: bool) -> None:
        if 0 <= row < self.row_count:
            self.update_cell_at(Coordinate(row, 2), marks_cell(starred, read))

    def action_scroll_top(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


def render_paper(paper: Paper, *, endpoint: str, starred: bool, read: bool,
                 note: str | None = None) -> Group:
    """The reading pane: title, authors, dates, links, AI summary, keywords, abstract."""
    parts: list[Text] = [Text(clean_line(paper.title, 1000), style="bold")]
    authors = [clean_line(a, 300) for a in paper.authors[:MAX_AUTHORS]]
    if authors:
        more = len(paper.authors) - len(authors)
        parts.append(Text(", ".join(authors) + (f" and {more} more" if more else ""),
                          style="italic"))
    facts = [f"arXiv {paper.id}"]
    if paper.published_at:
        facts.append(f"published {paper.published_at[:10]}")
    if paper.submitted_at and paper.submitted_at[:10] != (paper.published_at or "")[:10]:
        facts.append(f"listed {paper.submitted_at[:10]}")
    facts.append(f"▲ {paper.upvotes}")
    if paper.comments:
        facts.append(f"{paper.comments} comment{'' if paper.comments == 1 else 's'}")
    marks = [m for m, on in (("★ starred", starred), ("✓ read", read)) if on]
    line = Text(" · ".join(facts), style="dim")
    if marks:
        line.append("   " + "  ".join(marks), style="bold")
    parts.append(line)
    if paper.families:
        parts.append(Text("Families: " + ", ".join(clean_line(f, 40) for f in paper.families),
                          style="cyan"))
    links = Text()
    for label, url in (("HF", paper.hf_url(endpoint or "https://huggingface.co")),
                       ("arXiv", paper.arxiv_url), ("PDF", paper.pdf_url),
                       ("code", paper.github_repo), ("project", paper.project_page)):
        if url:
            links.append(f"{label}: ", style="bold")
            links.append(clean_line(url, 2000) + "\n")
    parts.append(Text(""))
    parts.append(links)
    if note:
        parts.append(Text(clean_line(note, 500), style="dim italic"))
    if paper.ai_summary:
        parts.append(Text("AI summary", style="bold underline"))
        parts.append(Text(clean_block(paper.ai_summary, 5000) + "\n"))
    if paper.ai_keywords:
        parts.append(Text("Keywords: ", style="bold").append(
            ", ".join(clean_line(k, 200) for k in paper.ai_keywords), style=""))
        parts.append(Text(""))
    parts.append(Text("Abstract", style="bold underline"))
    parts.append(Text(clean_block(paper.summary) or "(no abstract)"))
    return Group(*parts)


KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "move through the list (the mouse works too)"),
    ("PgUp PgDn", "a page up or down"),
    ("g  G", "first / last paper"),
    ("s", "star or unstar (your reading list: papers starred)"),
    ("r", "mark read or unread"),
    ("o", "open the Hugging Face page"),
    ("a  p", "open the arXiv page / the PDF"),
    ("c", "open the code repository"),
    ("y  Y", "copy the arXiv id / the BibTeX entry"),
    ("/", "filter the library as you type (full-text; Esc: back)"),
    ("f", "choose families"),
    ("[  ]", "previous / next day (week, month)"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    """The keys, one per line; any of Esc, q, ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss_help", "Close"),
    ]

    def compose(self) -> ComposeResult:
        text = Text("Keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"{key:<12}", style="bold")
            text.append(f"{what}\n")
        text.append("\nMarks are the same as papers star / read / new make.", style="dim")
        yield Static(text, id="help")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


class FamilyScreen(ModalScreen[list[str] | None]):
    """Pick families (any of them) for the list; Enter applies, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(self, families: Sequence[tuple[str, int]], chosen: Sequence[str]) -> None:
        super().__init__()
        self.families = list(families)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(id="families"):
            yield Static(Text("Families: space toggles, Enter applies, Esc cancels",
                              style="bold"))
            yield SelectionList[str](
                *[(Text(f"{clean_line(name, 60)} ({count})"), name, name in self.chosen)
                  for name, count in self.families],
                id="families-list",
            )

    def action_apply(self) -> None:
        chosen = self.query_one(SelectionList).selected
        self.dismiss([str(c) for c in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
