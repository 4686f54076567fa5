"""The `papers browse` app: a paper list and a reading pane that follows the selection.

Everything slow (the library, the Hub, the user database) runs in thread workers; results
come back to the event loop with `call_from_thread`, tagged with the load they answer so a
late answer for a view the user has already left is dropped. A view is painted twice: first
from the library alone (instant, offline), then from a fetch-or-cache pass; a fetch that
fails leaves the cached copy on screen and says so in a notification.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import RenderableType
from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from papercli.editor import ctrl_c_passed_on
from papercli.models import Paper
from papercli.reading import launchable
from papercli.tui.source import (
    FamilyCount,
    Loaded,
    Marks,
    Page,
    Source,
    View,
    nothing_found,
)
from papercli.tui.styles import CSS, WIDE, toast_room
from papercli.tui.widgets import (
    ColumnHeader,
    Columns,
    Counts,
    FamilyScreen,
    FilterBox,
    Heading,
    HelpScreen,
    KeyFooter,
    PaperList,
    ReadingPane,
    Row,
    TagScreen,
    list_columns,
    render_full_text,
    render_paper,
    row_for,
    tag_words,
)

if TYPE_CHECKING:
    from papercli.errors import PapersError, UsageError

DETAIL_DELAY = 0.4  # seconds the selection rests on a paper before its page is fetched
FILTER_DELAY = 0.15  # seconds after the last key before the filter runs
WAIT_DIM_DELAY = 0.25  # seconds a list left for another view stays bright (a cached view
# is painted sooner: no flicker), then dimmed while the keys wait for the new one
NOWHERE_BACK = "nothing to go back to: q quits"  # Esc on a view's own list (one line at 80)
ENTER_KEYS = "o opens the paper, t its full text"  # Enter on the list (one line at 80)
# A paper's key (s, o, t...) where no paper is listed: said, once however often pressed
# (the keys did nothing at all, though the help lists them).
NO_PAPER = "no paper here for {key} to act on"  # (one line at 80)
# A where it lists nothing more: already every new paper, or not `browse new`.
ALL_NEW_SHOWN = "A: every new paper is listed already, not only your watches' matches"
ALL_NEW_ELSEWHERE = "A is browse new's key: every new paper (papers browse new --all)"
# h in for-you or related, whose row goes at once: the way back (taken down once u took it).
HID_UNDO = "hid {pid}: u brings it back"
# The listings' titles (periods.Period.label), before the period's value.
PERIOD_TITLES = {"today": "Daily Papers", "day": "Daily Papers", "week": "Weekly Papers",
                 "month": "Monthly Papers"}
LINKS = {"o": "hf", "a": "arxiv", "p": "pdf", "c": "code"}
# The actions on the selected paper: with no paper listed they are off (and out of the footer).
PAPER_ACTIONS = frozenset({"star", "read", "hide", "open", "copy_id", "copy_bibtex",
                           "full_text", "note", "tags", "related"})
# Keys never held back while a view loads (see BrowseApp.on_event): quitting is at once;
# the help, and Esc back out of a view slow to come (`l` over a large library), are at once
# unless keys typed before them are waiting (they come first).
UNHELD_KEYS = frozenset({"q", "ctrl+c", "ctrl+z"})
AT_ONCE_KEYS = frozenset({"question_mark", "escape"})
# The command palette (Ctrl-P): the browser's own keys by name, each saying its key, so a
# key forgotten is found by typing what it does (it offered only Textual's Theme, Keys,
# Maximize, Quit and Screenshot). (title, what it does, action as in BINDINGS)
PALETTE_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Star or unstar (s)", "your reading list: papers starred", "star"),
    ("Mark read or unread (r)", "as papers read does", "read"),
    ("Hide or unhide (h)", "off every list; papers like it rank lower", "hide"),
    ("Undo the last hide (u)", "the paper h last hid is unhidden, back in its list",
     "undo_hide"),
    ("Open the Hugging Face page (o)", "in the browser, as papers open", "open('o')"),
    ("Open the arXiv page (a)", "in the browser, as papers open --arxiv", "open('a')"),
    ("Open the PDF (p)", "in the browser, as papers open --pdf", "open('p')"),
    ("Open the code repository (c)", "in the browser, as papers open --code", "open('c')"),
    ("Copy the arXiv id (y)", "to the terminal's clipboard", "copy_id"),
    ("Copy the BibTeX entry (Y)", "to the terminal's clipboard", "copy_bibtex"),
    ("Full text (t)", "in the reading pane; again: the paper", "full_text"),
    ("Note (n)", "edit your note on the paper ($VISUAL / $EDITOR)", "note"),
    ("Tags (T)", "put tags on the paper or take them off", "tags"),
    ("Papers like this one (l)", "related to the selected paper; Esc: back", "related"),
    ("Filter (/)", "the library as you type; Esc: back", "filter"),
    ("Families (f)", "only papers naming the families chosen", "families"),
    ("Every new paper (A)", "browse new as --all", "all_new"),
    ("Previous listing ([)", "the day, week or month before this one", "shift(-1)"),
    ("Next listing (])", "the day, week or month after this one", "shift(1)"),
    ("Keys (?)", "every key of the browser", "help"),
)
# The views the palette goes to (Esc comes back, as from `l`): (title, what, kind).
PALETTE_VIEWS: tuple[tuple[str, str, str], ...] = (
    ("Go to today", "the latest Daily Papers listing", "today"),
    ("Go to this week", "every paper of this ISO week", "week"),
    ("Go to this month", "every paper of this month", "month"),
    ("Go to starred", "your reading list, as papers starred", "starred"),
    ("Go to for you", "the papers you are most likely to want, as papers for-you", "for-you"),
)


def open_in_browser(url: str) -> bool:
    """The project's open logic (as `papers open`): the default browser, False if none.
    Only an http(s) link is ever handed over (`reading.launchable` raises otherwise)."""
    from papercli.reading import browser

    launchable(url, "the link")
    chosen = browser()
    return chosen is not None and chosen.open(url)


# Browsers that draw in the terminal they are started from.
TEXT_BROWSERS = frozenset({"www-browser", "w3m", "lynx", "links", "links2", "elinks",
                           "browsh", "carbonyl"})


def browser_in_terminal() -> bool:
    """Whether the default browser draws in this terminal (w3m, lynx: what `webbrowser`
    picks with no display, or $BROWSER naming one): it must be handed the screen, as the
    editor is, or both draw on it and the browser's keys run the app's actions."""
    import webbrowser

    from papercli.reading import browser as default_browser

    browser = default_browser()
    if browser is None:
        return False
    if not isinstance(browser, webbrowser.GenericBrowser) or isinstance(
            browser, webbrowser.BackgroundBrowser):
        return False  # a window of its own, or the platform's opener
    name = os.path.basename(getattr(browser, "name", ""))
    return name in TEXT_BROWSERS or not (os.environ.get("DISPLAY")
                                         or os.environ.get("WAYLAND_DISPLAY"))


def light_terminal() -> bool:
    """Whether the terminal says it has a light background (COLORFGBG="fg;bg")."""
    bg = os.environ.get("COLORFGBG", "").rsplit(";", 1)[-1]
    return bg.isascii() and bg.isdigit() and int(bg) in (7, 15)  # "²" is isdigit(), not int


class LeftBehind(ThreadPoolExecutor):
    """The app's thread workers, each on a daemon thread of its own, so quitting never waits
    for a read: the default executor's threads are joined on the way out, and q or Ctrl-C
    during a fetch from a Hub that does not answer left a blank terminal until the fetch
    timed out (a minute). What the user asked to keep (a star, a mark, a note: `keep`) is
    still waited for. (A ThreadPoolExecutor only because asyncio's default must be one.)"""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self._writing = 0
        self._idle = threading.Condition()
        self._last_kept: Future[Any] | None = None  # (kept from the event loop only)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self._start(lambda: fn(*args, **kwargs), kept=False)

    def keep(self, fn: Callable[[], Any]) -> Future[Any]:
        """`fn` started now, on a thread quitting waits for (it writes the user's marks),
        once the writes kept before it are done: in the order asked for (`s s`, star then
        unstar, ran on two threads at once, the last to reach the database winning)."""
        before = self._last_kept

        def after() -> Any:
            if before is not None:
                wait([before])
            return fn()

        future = self._last_kept = self._start(after, kept=True)
        return future

    def after_kept(self, fn: Callable[[], Any]) -> Callable[[], Any]:
        """`fn`, to run once the writes kept so far are done (a read of what they wrote),
        on any thread; quitting does not wait for it."""
        before = self._last_kept

        def after() -> Any:
            if before is not None:
                wait([before])
            return fn()

        return after

    def _start(self, fn: Callable[[], Any], *, kept: bool) -> Future[Any]:
        future: Future[Any] = Future()
        if kept:
            with self._idle:
                self._writing += 1

        def run() -> None:
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        result = fn()
                    except BaseException as exc:
                        future.set_exception(exc)
                    else:
                        future.set_result(result)
            finally:
                if kept:
                    with self._idle:
                        self._writing -= 1
                        self._idle.notify_all()

        threading.Thread(target=run, name="papers-browse", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if wait:
            with self._idle:
                self._idle.wait_for(lambda: self._writing == 0)
        super().shutdown(wait=wait, cancel_futures=cancel_futures)


def leaves_hidden(view: View) -> bool:
    """Whether the view's list leaves a paper out as soon as it is hidden (for-you and
    related, as the commands; the listings keep its row, marked, until the next load)."""
    return view.kind in ("for-you", "related") and not view.hidden


def without(loaded: Loaded, gone: set[str] | frozenset[str]) -> Loaded:
    """`loaded` without the papers `gone`, its count counting them out: "110 papers · …"
    and related's "50 of 665 papers · …" (which stayed as it was, over 49 rows)."""
    from papercli.words import count

    papers = [p for p in loaded.papers if p.id not in gone]
    before, after = len(loaded.papers), len(papers)
    if after == before:
        return loaded
    head = loaded.counted
    found = None if loaded.found is None else loaded.found - (before - after)
    if found is not None:
        head = count(after, found)
    elif head == count(before, before):
        head = count(after, after)
    return loaded._replace(papers=papers, counted=head,
                           found=found if found is not None and found > after else None)


def counts(loaded: Loaded) -> Counts:
    """The heading's counts for `loaded`: its count, then its caption's notes."""
    return Counts(counted=loaded.counted,
                  notes=tuple(loaded.about.split(" · ")) if loaded.about else ())


def marked_again(source: Source, loaded: Loaded,
                 stop: Callable[[], bool] | None = None) -> Loaded:
    """`loaded` with the marks as they are now (a list kept while `l` or a filter was
    shown must not bring back marks changed since). A list that leaves hidden papers out
    loses those hidden since, and is loaded again if that left room (`short`): related's
    49 rows under "49 of 664" stayed so after Esc back to it. `stop`: see Source.load."""
    fresh = source.with_fresh_marks(loaded)
    if not leaves_hidden(loaded.view):
        return fresh
    kept = without(fresh, fresh.hidden)
    if kept is fresh or not short(kept):
        return kept
    return source.load(loaded.view, cached_only=True, stop=stop)


def short(loaded: Loaded) -> bool:
    """Whether a list that leaves hidden papers out has room, once they are out, that a
    load fills again: more papers than it lists (related's best 50 of 665 stays 50), or
    none left, which a load says why of (as a freshly loaded empty list does)."""
    return leaves_hidden(loaded.view) and (loaded.found is not None or not loaded.papers)


def typed_query(text: str) -> str:
    """The filter box's query, its last word a prefix (`word*`, as papers search reads it)
    while it is being typed, not yet followed by a space: each letter of "transformer"
    emptied the list ("diffusion transf": no paper) until the word was whole. A word
    left out (-word), a field, an id or an open quote is searched as typed."""
    query = text.strip()
    last = query.rpartition(" ")[2]
    if (text.endswith((" ", "\t")) or len(last) < 2 or not last.isalnum()
            or query.count('"') % 2):
        return query
    return query + "*"


def half_typed(text: str) -> tuple[str, str] | None:
    """The filter box's query without its last word, and that word, when it is a
    qualifier still being typed (`since:`, `since:2`, not yet followed by a space), None
    for any other: each key of "since:2024-05-01" flashed an error ("'since:2' is no
    date") while the date was still coming."""
    from papercli.search import bare_qualifiers, prefixed  # lazy: off the start-up path

    if text.endswith((" ", "\t")):
        return None
    rest, _, last = text.strip().rpartition(" ")
    return (rest + " ", last) if prefixed(last) or bare_qualifiers(last) else None


def _said_text(message: str) -> str:
    """`message` as a notification says it: each line made safe to show."""
    from papercli.sanitize import clean_line

    return "\n".join(clean_line(line, 1000) for line in message.split("\n"))


def _message(exc: BaseException) -> str:
    from papercli.errors import PapersError

    if isinstance(exc, PapersError):
        return exc.message + (f" — {exc.hint}" if exc.hint else "")
    return f"unexpected {exc.__class__.__name__}: {exc}"


def _in_the_filter(exc: UsageError) -> UsageError:
    """`exc` as the filter box says it: a paper's id typed as a category
    (`category:2401.00001`) is told to be typed alone, which the box finds (Enter fetches
    it), where the command line's hint, `papers show`, meant leaving the browser."""
    from papercli.errors import UsageError
    from papercli.filters import CriterionError
    from papercli.sources.arxiv_taxonomy import PaperIdGiven

    given = exc.origin if isinstance(exc, CriterionError) else exc
    if not isinstance(given, PaperIdGiven):
        return exc
    return UsageError(exc.message, hint="type the id alone to find it")


class BrowseApp(App[int]):
    """Browse a view of papers; `q` quits (exit code 0)."""

    CSS = CSS
    TITLE = "papers browse"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "star", "Star"),
        Binding("r", "read", "Read"),
        Binding("h", "hide", "Hide", show=False),
        Binding("u", "undo_hide", "Undo hide", show=False),
        Binding("o", "open('o')", "HF"),
        # (a row only arXiv knows: `o` opens its arXiv page, and the footer says so)
        Binding("o", "open('o', 'arXiv')", "arXiv"),
        Binding("a", "open('a')", "arXiv", show=False),
        Binding("p", "open('p')", "PDF"),
        Binding("c", "open('c')", "Code", show=False),
        Binding("y", "copy_id", "Copy id", show=False),
        Binding("Y", "copy_bibtex", "BibTeX", show=False),
        # The reading pane scrolls from the list, as less and mutt's pager do.
        Binding("space", "pane_page(1)", "Scroll", show=False),
        Binding("b", "pane_page(-1)", "Scroll up", show=False),
        Binding("J", "pane_lines(1)", "Scroll a line", show=False),
        Binding("K", "pane_lines(-1)", "Scroll a line up", show=False),
        Binding("t", "full_text", "Full text", show=False),  # in the help (?)
        Binding("n", "note", "Note", show=False),
        Binding("T", "tags", "Tags", show=False),
        # A priority key: the box has the focus before the next key is routed, so "/llava"
        # typed in one burst filters (else `l` and `a` ran as the list's keys).
        Binding("slash", "filter", "Filter", priority=True),
        Binding("l", "related", "Like this", show=False),  # in the help (?)
        Binding("f", "families", "Families"),
        Binding("A", "all_new", "All new"),  # (browse new without --all only)
        Binding("A", "all_new_why", show=False),  # (elsewhere: why it does nothing)
        Binding("left_square_bracket", "shift(-1)", "Prev", show=False),
        Binding("right_square_bracket", "shift(1)", "Next", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "go_back", "Back", show=False),
        Binding("enter", "enter", "Open", show=False),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, priority=True),
    ]

    def __init__(self, source: Source, view: View, *,
                 opener: Callable[[str], bool] = open_in_browser,
                 fetch_details: bool | None = None,
                 on_ready: Callable[[BrowseApp], None] | None = None) -> None:
        super().__init__()
        self.source = source
        self.view = view
        self.opener = opener
        # The paper page has the AI summary and links a listing lacks: fetched once a
        # selection rests, unless offline.
        self.fetch_details = (not source.offline) if fetch_details is None else fetch_details
        self.on_ready = on_ready
        self.papers: list[Paper] = []
        self.starred: set[str] = set()
        self.read: set[str] = set()
        self.hidden: set[str] = set()
        # When each was starred and marked read, as the library has it: the pane's days
        # ("★ starred 2026-08-21", as `papers show`); a mark just pressed has none yet.
        self.starred_at: dict[str, str] = {}
        self.read_at: dict[str, str] = {}
        # Marks pressed (s, r, h), and whether a list shown since may have read the marks
        # before one of them was written (`_reread_marks`).
        self._presses = 0
        self._marks_unsure = False
        self.yours: dict[str, dict[str, Any]] = {}  # your tags and notes, by paper id
        # Each paper's Daily Papers day as `show` says it (the library's first listing of it):
        # read once a paper is shown in the pane, afresh for each list.
        self.listing_days: dict[str, str | None] = {}
        self.columns = Columns()  # the list's ▲ or arXiv date, decided as it is shown
        self.shown: Loaded | None = None
        self.base: Loaded | None = None  # the view's own list, while a filter is shown
        # The views `l` left, each with the paper selected there: Esc goes back to them.
        # (and its row: a paper hidden there meanwhile has left the list, and the row
        # that was below it is selected, not the first)
        self.trail: list[tuple[View, str | None, int]] = []
        # The related lists shown that Esc may come back to: shown again as they were (ranked
        # again, each Esc took as long as its `l` had, a second or more on a large library).
        self._related: dict[View, Loaded] = {}
        self._reselect: str | None = None  # the paper to select once a view comes back
        self._reselect_row = 0  # where it was, for when it is no longer listed
        # Whether the user moved in this view: a list painted again (the Hub's results after
        # the library's) keeps their paper selected, else it starts at the top again.
        self._moved = False
        # The paper selected when the filter began (and whether the user had moved):
        # Esc from the filter selects it again, as Esc from `l` does.
        self._before_filter: tuple[str | None, bool] = (None, False)
        self.detailed: set[str] = set()  # the papers whose page was asked for
        # Of those, the ones whose page a source out of reach kept (`Page.again`): asked
        # for again when selected again (the source says when it asks the network again).
        self.missed: set[str] = set()
        # `show`'s "For you" line of each paper asked (None: there is no taste), read off
        # the event loop one paper at a time (`_ask_why`); forgotten when a mark is
        # written or a list shown (the taste it came from may have changed).
        self.whys: dict[str, str | None] = {}
        self._asking_why = False
        self._whys_of = 0  # counts the forgettings: a line asked before one is dropped
        self._pane_why: str | None = None  # the line the paper's panel was drawn with
        self._seen: object = None  # the `new` result last recorded as seen (`_record_seen`)
        self._refills = 0  # the refills of a list hidden papers left short (`_refill`)
        # The papers `h` hid, last last, and whether it took each off its list (`u`).
        self._taken: list[tuple[str, bool]] = []
        self.generation = 0
        self._view_generation = 0  # the generation of the view's own load (`load`)
        self.loading = False
        self._detail_timer: Timer | None = None
        self._filter_timer: Timer | None = None
        self._last_error: str | None = None
        # Why the view asked for is not on screen (its load failed): Esc from a filter
        # over it says so again (there is no list of it to go back to).
        self._unavailable: str | None = None
        self.pane_content: RenderableType = ""  # what the reading pane shows
        self.full_shown: str | None = None  # the paper whose full text the pane shows
        self._panel_of: str | None = None  # the paper whose panel the pane shows
        # The last star, mark or hiding said, and the last copy: each in place of the one
        # before of its kind (`_say_instead`).
        self._said: dict[str, str] = {}
        # A paper's "no full text" said (the paper, what was said): taken down once that
        # paper is no longer shown (it stayed its 8 s over the next paper or view).
        self._no_text: tuple[str, str] | None = None
        self.failure: BaseException | None = None  # an exception the app died of
        # Keys typed while a view loads (the first, or one `[`, `l`, Esc... went to): replayed
        # once its list is shown, as a shell's type-ahead (`[` then at once `j j s` stars
        # the third paper of that day, not of the list being left); the list left stays on
        # screen, dimmed (`_dim_waiting`), under the new view's "loading…" heading.
        self._held: list[events.Key] | None = []
        self._dim_timer: Timer | None = None
        # Set when the view being loaded is no longer wanted (another view, Esc, quitting):
        # a related list's ranking then gives up (it ran on, a second or more of a core
        # of a small machine, for a list that was to be dropped).
        self._unwanted = threading.Event()
        self.threads = LeftBehind()
        if light_terminal():
            self.theme = "textual-light"

    def say(self, message: str, *, title: str = "papers", severity: str = "information",
            timeout: float = 4) -> None:
        """A notification, shown literally (Textual would read markup in it); its lines
        stay lines. Among the notifications at once (`_forget` finds it): Textual's
        `notify` only posts it, so a star and a read mark said in one turn of the loop
        (a burst of keys) both stayed, the first never found to be taken down."""
        from textual.notifications import Notification, SeverityLevel

        text = _said_text(message)
        level = cast(SeverityLevel, severity)
        if threading.get_ident() != self._thread_id:  # (not from the event loop)
            self.notify(text, title=title, markup=False, severity=level, timeout=timeout)
            return
        self._forget(text)  # the same said again: once, from now (`o o o` stacked three)
        self._notifications.add(Notification(text, title, level, timeout, markup=False))
        self._refresh_notifications()  # (as Textual's own handler of a posted one)

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any
                         ) -> Any:
        """As Textual's, but a thread left running by quitting (`LeftBehind`) that ends
        once the event loop has gone is told so (RuntimeError, kept in its future) before a
        coroutine is made for a loop that will never run it: Python reports that as
        "never awaited", on stderr after the browser's screen."""
        loop = self._loop
        if loop is None or loop.is_closed() or not loop.is_running():
            raise RuntimeError("the browser has quit")
        return super().call_from_thread(callback, *args, **kwargs)

    # -- failures of the app itself ----------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """A bug of ours: kept for the command line to report as one line (Textual would
        print a traceback with locals on exit), then the app exits as Textual does."""
        if self.failure is None:
            self.failure = error
        self._unwanted.set()  # (the app exits: as `exit`)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        from papercli.errors import debugging

        if debugging():
            super()._print_error_renderables()
        else:
            self._exit_renderables.clear()

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept as attributes: `query_one` searches the active screen, which may be help.
        self.title_bar = Heading(id="title")
        self.body = Container(id="body")
        self.paper_list = PaperList(id="list")
        self.header = ColumnHeader(self.paper_list, id="header")
        self.pane = ReadingPane(id="pane")
        self.filter_box = FilterBox(placeholder="filter the library (full-text); Esc: back",
                                    id="filter", on_enter=self._filter_done,
                                    on_escape=self.action_leave_filter)
        yield self.title_bar
        with self.body:
            with Vertical(id="listbox"):
                yield self.header
                yield self.paper_list
            yield self.pane
        yield self.filter_box
        yield KeyFooter()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self._again(event):
            return
        if (isinstance(event, events.Key) and not event.is_forwarded
                and self._held is not None and event.key not in UNHELD_KEYS
                and (self._held or event.key not in AT_ONCE_KEYS)
                and len(self.screen_stack) == 1):
            self._held.append(event)
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._no_paper(event)
        await super().on_event(event)

    def _no_paper(self, key: events.Key) -> None:
        """A paper's key with no paper listed (a view not available, a filter that found
        nothing): its action is off (and out of the footer), so the key did nothing,
        silently; what is missing is said."""
        if (self.current is not None or self._held is not None
                or len(self.screen_stack) > 1 or isinstance(self.focused, Input)):
            return
        actions = [b.action for b in self._bindings.key_to_bindings.get(key.key, ())]
        if any(a.partition("(")[0] in PAPER_ACTIONS for a in actions):
            said = NO_PAPER.format(key=key.character or key.key)
            if said not in (n.message for n in self._notifications):
                self.say(said, timeout=4)

    def _again(self, key: events.Key) -> bool:
        """`l` again on the paper whose related list is still being made (nothing typed
        between): the same list, already coming. Held as type-ahead, it ranked the papers
        like the first of that list once it came, a view the user never asked for."""
        return (key.key == "l" and self._held == [] and self.loading
                and self.view.kind == "related" and self.view.arg == self.selected
                and (self.shown is None or self.shown.view != self.view)
                and len(self.screen_stack) == 1)

    def _hold_keys(self) -> None:
        """Keys typed from now on wait for the next list shown (`_release_keys`)."""
        if self._held is None:
            self._held = []
        if self._dim_timer is None:
            self._dim_timer = self.set_timer(WAIT_DIM_DELAY, self._dim_waiting)

    def _dim_waiting(self) -> None:
        """The list on screen, dimmed: a view is loading and the keys wait for its list."""
        self._dim_timer = None
        if self._held is not None:
            self.paper_list.add_class("-waiting")

    def _release_keys(self, *, replay: bool = True) -> None:
        """The keys held until this list was shown, handled now, in the order typed
        (`replay` False: dropped)."""
        if self._dim_timer is not None:
            self._dim_timer.stop()
            self._dim_timer = None
        self.paper_list.remove_class("-waiting")
        held, self._held = self._held, None
        for key in held if replay and held else ():
            self.post_message(events.Key(key.key, key.character))

    def on_mount(self) -> None:
        import asyncio

        asyncio.get_running_loop().set_default_executor(self.threads)  # (before any worker)
        self._layout(self.size.width)
        self.paper_list.focus()
        self.load(self.view)
        self._pane()  # "Loading…" until the first list (the first for-you, a slow Hub)
        self.app_resume_signal.subscribe(self, self._repaint_all)

    def _repaint_all(self, _app: object = None) -> None:
        """Back from Ctrl-Z (`fg`): the shell drew over the screen, and Textual repaints
        only what changed since, which left it blank but for the rows moved over."""
        self.screen.refresh(layout=True)

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.body.set_class(width >= WIDE, "wide")

    def on_paper_list_width(self, event: PaperList.Width) -> None:
        """The header drawn again for the width the rows are drawn at, whenever it changes
        (a resize, the scrollbar coming or going), and the heading where the legend of
        the date column's mark comes or goes with the column."""
        self.header.refresh()
        if self.title_bar.counts.legend != self.paper_list.legend:
            self._title(self.title_bar.head, self.title_bar.counts)

    # -- loading -----------------------------------------------------------------------

    def load(self, view: View, kept: Loaded | None = None) -> None:
        """Show `view`: the library's copy first, then (online) a fetch-or-cache pass; or
        `kept`, its list as shown before, with the marks as they are now."""
        self.generation += 1
        generation = self._view_generation = self.generation
        self._unwanted.set()  # (the view being loaded before this one, if any)
        unwanted = self._unwanted = threading.Event()
        self.view = view
        self.base = None
        self.loading = True
        self._moved = False
        if self._unavailable is not None:  # the view left failed: what it said is done
            self._forget(self._unavailable)  # (browse new's "no watches … press A"
            # stood over the list A brought)
        self._unavailable = None
        self._hold_keys()  # (the keys are for the view asked for, not the list left)
        if self.filter_box.has_class("shown"):  # a new view ends the filter
            self._filter_shown(False)
            self.filter_box.value = ""
            self._focus(self.paper_list)
        self._title(self._label(view), Counts(status="loading…"))

        def again() -> Loaded:
            assert kept is not None  # (hidden since, in a list `l` went to: out)
            return marked_again(self.source, kept, stop=unwanted.is_set)

        def work() -> None:
            from papercli.errors import OfflineMiss

            if kept is not None:
                self._deliver(generation, again)
                return
            if not self.source.offline:
                # Its papers are all in the library: a related list from the library is
                # the list (the network pass ranked them all over again, as long again
                # under "updating…", for the same list).
                final = view.kind == "related"
                try:
                    shown = self._deliver(
                        generation, lambda: self.source.load(
                            view, cached_only=True, stop=unwanted.is_set),
                        final=final, passing=(OfflineMiss,))
                except OfflineMiss:
                    pass  # nothing cached yet: the fetch below is the first paint
                else:
                    if final or not shown:
                        return
            self._deliver(generation, lambda: self.source.load(view, stop=unwanted.is_set))

        self.run_worker(work, thread=True, group="load", exit_on_error=False)

    def _deliver(self, generation: int, make: Callable[[], Loaded], *, final: bool = True,
                 passing: tuple[type[BaseException], ...] = ()) -> bool:
        """On a worker thread: `make()`'s list handed to the event loop (`_loaded`) for the
        load `generation`, or its failure said (`_failed`); False after a failure.
        Exceptions `passing` are raised for the caller, as is a request to stop
        (KeyboardInterrupt). A panic below is a failure to show too: it would otherwise
        leave the list loading forever."""
        from papercli.errors import is_failure

        try:
            loaded = make()
        except passing:
            raise
        except BaseException as exc:
            if not is_failure(exc):
                raise
            self.call_from_thread(self._failed, generation, exc, final=True)
            return False
        self.call_from_thread(self._loaded, generation, loaded, final=final)
        return True

    def _loaded(self, generation: int, loaded: Loaded, *, final: bool) -> None:
        if generation != self.generation:
            if generation == self._view_generation:
                self._loaded_under_filter(loaded, final=final)
            return
        if final:
            self.loading = False
            if loaded.warnings and loaded.papers:  # one notification, a line each:
                # for-you's three notes of too few stars, one each, covered two thirds of
                # an 80x24 screen. An empty list's pane says them (`nothing_found`): said
                # twice, the same lines stood in the pane and in a box beside it.
                self.say("\n".join(loaded.warnings), severity="warning", timeout=8)
        self.view = loaded.view
        self._show(loaded)

    def _loaded_under_filter(self, loaded: Loaded, *, final: bool) -> None:
        """The view's list (its fetch, after the library's copy) come while a filter was
        typed over it: it is the list Esc goes back to, and the view is no longer loading.
        (It was dropped as a late answer: the heading said "updating…" and an empty
        filter's pane "Loading…" for as long as the browser ran.)"""
        if final:
            self.loading = False
            if loaded.warnings:
                self.say("\n".join(loaded.warnings), severity="warning", timeout=8)
        if self.base is not None:  # the filter is on screen: its list stays
            self.base = loaded
            self._retitle()
        else:  # back from the filter (or on the way): this list, the newer
            self.generation += 1  # (the one being read again is older)
            self.view = loaded.view
            self._show(loaded)

    def _retitle(self) -> None:
        """The heading and an empty list's pane said again (the view has loaded)."""
        if self.shown is not None:
            self._title(*self._heading(self.shown))
            if self.shown.view.kind == "filter":
                self._say_missing(self.shown)
        if self.current is None:
            self._pane()

    def _failed(self, generation: int, exc: BaseException, *, final: bool) -> None:
        if generation != self.generation:
            if generation == self._view_generation and self.loading:
                # The view's fetch, failed while a filter was on screen: said, and the
                # library's copy is the list Esc goes back to.
                self.loading = False
                self.say(_message(exc), severity="error", timeout=10)
                self._retitle()
            return
        self.loading = False
        self._reselect = None
        message = _message(exc)
        self._last_error = message
        self.say(message, title="papers", severity="error", timeout=10)
        if self.shown is None or self.shown.view != self.view:
            self._not_available(message)
        else:
            self._title(*self._heading(self.shown))
        self._painted()
        self._release_keys()

    def _not_available(self, message: str) -> None:
        """Nothing of this view on screen: say why in the title and the pane."""
        self._unavailable = message
        self.shown = None  # (a filter begun now has no list of the view to come back to)
        self.papers = []
        self._fill(keep=None)
        self._title(self._label(self.view), Counts(status="not available"))
        self.pane_content = message
        self._panel_of = None
        self.pane.show(message)

    def _show(self, loaded: Loaded) -> None:
        if loaded.view.kind == "related" and not self.loading:
            self._related[loaded.view] = loaded
        ways_back = {self.view, loaded.view, *(view for view, _, _ in self.trail)}
        self._related = {v: kept for v, kept in self._related.items() if v in ways_back}
        keep = self._reselect or (self.selected if self._moved else None)
        near = self._reselect_row if self._reselect else 0
        if not self.loading:
            self._reselect = None
        self.shown = loaded
        self._last_error = None  # (a failure of an earlier load is not this list's)
        self.papers = list(loaded.papers)
        self.starred = set(loaded.starred)
        self.read = set(loaded.read)
        self.starred_at, self.read_at = dict(loaded.starred), dict(loaded.read)
        self.hidden = set(loaded.hidden)
        self.yours = dict(loaded.yours or {})
        self.listing_days.clear()
        self._forget_whys()
        self._fill(keep=keep, near=near)
        self._title(*self._heading(loaded))
        if self._marks_unsure and not self.loading:
            self._reread_marks()
        self._record_seen(loaded)
        self._painted()
        self._release_keys()

    def _record_seen(self, loaded: Loaded) -> None:
        """`browse new`'s fetched list, seen now that it is shown (as `papers new` marks
        only what it printed), once: wherever it is shown, from its load or on Esc from a
        filter typed while it was fetched (it was kept under the filter and shown, but
        only a list shown by its load was marked, so `papers new` listed it all again)."""
        new = loaded.new
        if new is None or new is self._seen:
            return
        self._seen = new
        self._background(lambda: self.source.record_seen(loaded), lambda _: None, kept=True)

    def _painted(self) -> None:
        if self.on_ready is not None:
            callback, self.on_ready = self.on_ready, None
            self.call_after_refresh(callback, self)

    def _fill(self, keep: str | None, near: int = 0) -> None:
        """The list shown, `keep` selected, or if it is not listed the row `near` (the
        last row, for a shorter list)."""
        row = next((n for n, p in enumerate(self.papers) if p.id == keep),
                   max(0, min(near, len(self.papers) - 1)))
        self.columns = list_columns(self.papers, self.view.sort)
        self.paper_list.show(
            [self._row(n, p) for n, p in enumerate(self.papers, 1)], cursor=row)
        self.header.refresh()  # (in the frame the rows are drawn in: its columns are theirs)
        self._pane()
        self.refresh_bindings()  # the paper's keys, on or off as there is a paper or none

    def _row(self, rank: int, paper: Paper) -> Row:
        """A week's or a month's own list (not a filter's hits) says each paper's day, as
        `papers week --columns day` does: the Hub's order runs day by day."""
        pid = paper.id
        return row_for(rank, paper, pid in self.starred, pid in self.read, pid in self.hidden,
                       day=self.view.kind in ("week", "month") and self.base is None,
                       columns=self.columns)

    def _heading(self, loaded: Loaded) -> tuple[str, Counts]:
        """(title, counts) of the heading: the title is cut before the counts are."""
        return loaded.title, counts(loaded)._replace(
            status="updating…" if self.loading else "")

    def _label(self, view: View) -> str:
        """The heading of a view before its list comes (loading, or not available): the
        start of the title its list will have, so the heading goes on rather than changes
        ("Day 2026-08-14 · loading…" became "Daily Papers — 2026-08-14" at each `[`)."""
        if view.kind in ("search", "filter"):
            return f"{view.kind.title()}: {view.arg}"
        if view.kind == "related":
            return f"Related to {view.arg}"
        if view.kind == "arxiv" and view.arg:  # (as its list's: "arXiv · cs.CL, cs.LG")
            return f"arXiv · {', '.join(view.arg.split())}"
        if view.dated:
            return f"{PERIOD_TITLES[view.kind]}" + (f" — {view.arg}" if view.arg else "")
        name = {"for-you": "For you", "arxiv": "arXiv", "starred": "Starred papers",
                "new": "New papers"}.get(view.kind, view.kind.title())
        return name + (f" {view.arg}" if view.arg else "")

    def _title(self, head: str, tail: Counts = Counts()) -> None:
        """The heading "head · tail": `head` (the view's title) cut with … where the
        width is short, so that `tail`'s count and status ("loading…") show whole. With
        the legend of the list's mark of a date, where it shows one (`PaperList.legend`):
        the list cut "2024-01-16*" to its day, which read as v1's."""
        self.title_bar.show(head, tail._replace(legend=self.paper_list.legend))

    # -- the selection -----------------------------------------------------------------

    @property
    def selected(self) -> str | None:
        paper = self.current
        return paper.id if paper else None

    @property
    def current(self) -> Paper | None:
        row = self.paper_list.cursor
        return self.papers[row] if self.papers and 0 <= row < len(self.papers) else None

    def on_paper_list_highlighted(self, event: PaperList.Highlighted) -> None:
        self._moved = self._moved or event.moved
        self.full_shown = None  # another paper: its panel, not the last one's full text
        self._pane()
        self.refresh_bindings()  # `o HF` or `o arXiv`, as the row highlighted has
        if self.fetch_details:
            if self._detail_timer is not None:
                self._detail_timer.stop()
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._fetch_detail)

    def _pane(self, note: str | None = None) -> None:
        self._forget_no_text()
        paper = self.current
        widget = self.pane
        if paper is None:
            empty = ("Loading…" if self.loading else nothing_found(self.shown)
                     if self.shown is not None else "Nothing to show.")
            self.pane_content = (self._last_error if self._last_error and not self.loading
                                 else empty)
            self._panel_of = None
            widget.show(self.pane_content)
            return
        if self.full_shown == paper.id:
            return  # the full text stays until `t` again or another paper
        # The same paper's panel again (a star, a mark, its page fetched, the list painted
        # again): where it was read stays in view (the pane went back to its top).
        same, self._panel_of = self._panel_of == paper.id, paper.id
        self.pane_content = render_paper(paper, endpoint=self.source.endpoint,
                                         marks=self._marks_of(paper.id), note=note,
                                         tags=self.yours.get(paper.id, {}).get("tags") or (),
                                         watches=self._watches_of(paper.id),
                                         your_note=self.yours.get(paper.id, {}).get("note"),
                                         why=self.whys.get(paper.id),
                                         listing_day=self._listing_day(paper.id))
        self._pane_why = self.whys.get(paper.id)
        (widget.show_again if same else widget.show)(self.pane_content)
        self._ask_why()

    def _ask_why(self) -> None:
        """The selected paper's "For you" line (as `papers show` says it), read in a
        thread once, then its panel drawn again with it. One paper at a time: keys held
        down through a list asked for none but the one they stopped on."""
        paper = self.current
        if paper is None or paper.id in self.whys or self._asking_why:
            return
        self._asking_why = True
        asked = self._whys_of

        def work() -> None:
            try:
                line = self.source.why(paper)
            except Exception:  # no line, as `show` has none: the panel is whole without it
                line = None
            self.call_from_thread(done, line)

        def done(line: str | None) -> None:
            self._asking_why = False
            if asked != self._whys_of:  # marks written since: asked again
                self._ask_why()
                return
            self.whys[paper.id] = line
            if self.selected == paper.id and self.full_shown != paper.id and (
                    line != self._pane_why):  # (a line gone with a star taken back too)
                self._pane()
            else:
                self._ask_why()  # the paper selected meanwhile

        self.run_worker(work, thread=True, group="why", exit_on_error=False)

    def _forget_whys(self) -> None:
        """The "For you" lines asked again: a mark written (or a list shown, which
        another process's marks may have changed) changes the taste they come from."""
        self.whys.clear()
        self._whys_of += 1

    def _listing_day(self, pid: str) -> str | None:
        """The paper's Daily Papers day as `papers show` says it (the pane said the day
        of its record, the last of two listings, where `show` said the first)."""
        if pid not in self.listing_days:
            self.listing_days[pid] = self.source.listing_day(pid)
        return self.listing_days[pid]

    def _marks_of(self, pid: str) -> dict[str, Any]:
        """The paper's marks as `show` has them ("starred_at": when; True while a mark
        just pressed is being written, "hidden": True)."""
        return {key: when.get(pid, True) for key, marked, when in (
            ("starred_at", self.starred, self.starred_at), ("read_at", self.read, self.read_at),
            ("hidden", self.hidden, {})) if pid in marked}

    def _mark_times(self, marks: Marks, ids: Sequence[str]) -> None:
        """When the papers `ids` were starred and read, as `marks` (read from the
        library) says."""
        for pid in ids:
            for when, now in ((self.starred_at, marks[0]), (self.read_at, marks[1])):
                if pid in now:
                    when[pid] = now[pid]
                else:
                    when.pop(pid, None)

    def _forget_no_text(self) -> None:
        """A paper's "no full text" taken down when another paper (or view) is shown."""
        if self._no_text is not None and self.selected != self._no_text[0]:
            self._forget(self._no_text[1])
            self._no_text = None

    def _watches_of(self, pid: str) -> list[str]:
        """What listed the paper in `browse new` (its watches), as `papers new` heads its
        groups: the browser's list is one, so the pane says it (nothing did)."""
        shown = self.shown
        return list((shown.watches or {}).get(pid, ())) if shown is not None else []

    def _fetch_detail(self) -> None:
        paper = self.current
        if paper is None or (paper.id in self.detailed and paper.id not in self.missed):
            return
        pid = paper.id
        self.detailed.add(pid)
        self.missed.discard(pid)

        def work() -> None:
            try:
                page = self.source.detail(pid)
            except Exception:  # the listing record stays; the open keys still work
                return
            self.call_from_thread(self._page, pid, page)

        self.run_worker(work, thread=True, group="detail", exit_on_error=False)

    def _page(self, pid: str, page: Page) -> None:
        """A page asked for: its record shown, and asked for again later if it was kept."""
        if page.again:
            self.missed.add(pid)
        if page.paper is not None:
            self._detail(page.paper)

    def _detail(self, paper: Paper) -> None:
        """The paper's fetched record in place of its listing's. Its row says what the
        pane now says: the page's upvotes (the row kept the listing's 4 beside a pane
        saying "▲ 4325"), and the arXiv date, v1's once `show`'s fetch learnt it of a
        paper dated by the day arXiv announced it (the row kept "2024-01-16*", the
        heading's legend saying it was not v1's date, under a pane saying "arXiv
        2024-01-12")."""
        for n, p in enumerate(self.papers):
            if p.id == paper.id:
                self.papers[n] = paper._replace(families=paper.families or p.families)
                row = self._row(n + 1, self.papers[n])
                if n < self.paper_list.row_count and row != self.paper_list.rows[n]:
                    dated = row.date != self.paper_list.rows[n].date
                    self.paper_list.set_row(n, row)
                    if dated:
                        self._title(self.title_bar.head, self.title_bar.counts)  # (legend)
        if self.selected == paper.id:
            self._pane()

    # -- actions -----------------------------------------------------------------------

    def _background(self, work: Callable[[], Any], done: Callable[[Any], None], *,
                    kept: bool = False,
                    failed: Callable[[Exception], None] | None = None) -> None:
        """Run `work` in a thread; `done(result)` on the event loop, a failure notified
        (and `failed(exc)` called with it). `kept`: it writes what the user asked for, so
        it starts now (not when its worker gets a turn: `s` then at once `q` lost the
        star), after the writes asked for before it, and quitting waits for it."""
        if kept:
            work = self.threads.keep(work).result

        def said(exc: Exception) -> None:
            self.say(_message(exc), title="papers", severity="error", timeout=8)
            if failed is not None:
                failed(exc)

        def run() -> None:
            try:
                result = work()
            except Exception as exc:
                self.call_from_thread(said, exc)
            else:
                self.call_from_thread(done, result)

        self.run_worker(run, thread=True, group="action", exit_on_error=False)

    def _write_mark(self, pid: str, write: Callable[[], object]) -> None:
        """Write a mark already shown (`s`, `r`, `h` change the row, the pane and the
        note at the key: `s s` is a star then an unstar, each said in turn, where both
        read the mark before either was written, so the second starred again, and the
        notes came in the order the writes ended). A write that fails is said, and the
        paper's marks are read back from the library."""

        def restore(marks: Marks) -> None:
            for kept, now in zip((self.starred, self.read, self.hidden), marks, strict=True):
                (kept.add if pid in now else kept.discard)(pid)
            self._mark_times(marks, [pid])
            self._marks_changed(pid)

        def dated(marks: Marks) -> None:  # (the day written: the pane's "★ starred DAY")
            self._mark_times(marks, [pid])
            if self.selected == pid and self.full_shown != pid:
                self._pane()

        def written(_: object) -> None:
            self._recount()
            self._forget_whys()
            if self.selected is not None and self.full_shown != self.selected:
                self._ask_why()
            # (read after this write and before any pressed since, which are kept after)
            self._background(lambda: self.source.marks([pid]), dated, kept=True)

        self._presses += 1
        self._marks_unsure = True
        self._background(write, written, kept=True,
                         failed=lambda _: self._background(
                             lambda: self.source.marks([pid]), restore))

    def _reread_marks(self) -> None:
        """The marks of the list shown read again once every mark pressed so far is
        written. A list made while one was pressed (the view's second pass, under
        "updating…") or not yet written (a slow disk, as `l` or Esc brought the next list)
        read the marks before it: a star taken back showed again, ★ on its row and in
        the reading list's "3 starred", until the view was loaded again."""
        generation, presses = self.generation, self._presses
        ids = [p.id for p in self.papers]

        def apply(marks: Marks) -> None:
            if generation != self.generation:  # another list: read again when it is shown
                return
            if presses != self._presses:  # pressed meanwhile: read after that one's write
                self._reread_marks()
                return
            self._marks_unsure = False
            self._mark_times(marks, ids)
            leaves = leaves_hidden(self.view) and self.base is None
            removed = False
            for pid in ids:
                now = [pid in marked for marked in marks]
                if now == [pid in kept for kept in (self.starred, self.read, self.hidden)]:
                    continue
                for kept, on in zip((self.starred, self.read, self.hidden), now, strict=True):
                    (kept.add if on else kept.discard)(pid)
                if leaves and pid in self.hidden:  # (for-you and related drop it, as at h)
                    self._removed(pid)
                    removed = True
                else:
                    self._marks_changed(pid)
            if removed:
                self._refill()
            self._recount()

        # kept: read after the writes asked for before it (they are waited for in turn)
        self._background(lambda: self.source.marks(ids), apply, kept=True)

    def _marks_changed(self, pid: str) -> None:
        for n, p in enumerate(self.papers):
            if p.id == pid:
                self.paper_list.set_row(n, self._row(n + 1, p))
        if self.selected == pid:
            self._pane()

    def _recount(self) -> None:
        """The heading's counts after a mark: the reading list's ("3 starred · 3 unread")
        count marks, so they are asked again of the library (as the first paint is); its
        rows stay until the next load, so a star taken back can be given again."""
        shown = self.shown
        if shown is None or self.base is not None or self.loading or (
                shown.view.kind != "starred"):
            return
        generation = self.generation

        def done(loaded: Loaded) -> None:
            if generation == self.generation and self.shown is shown:
                self.shown = shown._replace(title=loaded.title, counted=loaded.counted,
                                            about=loaded.about)
                self._title(*self._heading(self.shown))

        self._background(lambda: self.source.load(shown.view, cached_only=True), done)

    def _removed(self, pid: str) -> None:
        """A row taken out at once (a paper hidden in for-you or related): the rest stay
        where they are, and the heading's count ("110 papers · …") counts one fewer. The
        list kept for Esc out of a filter loses it too (it came back, marked ×, under a
        count one short)."""
        keep = self.paper_list.cursor
        self.papers = [p for p in self.papers if p.id != pid]
        self._fill(keep=None)
        if self.papers:
            self.paper_list.move_to(min(keep, len(self.papers) - 1))
        if self.shown is not None:
            self.shown = without(self.shown, {pid})
            self._title(*self._heading(self.shown))

    def _refill(self, again: str | None = None) -> None:
        """A list that drops hidden papers at once, loaded again from the library once
        the hiding is written, if that left room (`short`): related's best 50 stays 50
        while more are like the paper ("3 of 5" became "0 of 2" as each was hidden), and
        a list emptied says why, as one loaded empty does (it said "Nothing to show.").
        The selection stays on its paper, else on its row. The last one asked for wins.
        `again`: a paper unhidden (`u`), loaded back into the list and selected."""
        shown = self.shown
        if (shown is None or self.base is not None
                or not (short(shown) or (again and leaves_hidden(shown.view)))):
            return
        self._refills += 1
        refill, generation, view = self._refills, self.generation, shown.view
        stop = self._unwanted.is_set

        def work() -> Loaded | None:
            from papercli.ranking import Stopped

            try:
                return self.source.load(view, cached_only=True, stop=stop)
            except Stopped:  # (the view was left meanwhile)
                return None

        def done(loaded: Loaded | None) -> None:
            if (loaded is None or refill != self._refills or generation != self.generation
                    or self.base is not None or self.loading):
                return  # another list meanwhile, or a newer refill to come
            self._reselect = again or self.selected
            self._reselect_row = self.paper_list.cursor
            self._show(loaded)

        self._background(self.threads.after_kept(work), done)

    def action_star(self) -> None:
        paper = self.current
        if paper is None:
            return
        pid, on = paper.id, paper.id not in self.starred
        (self.starred.add if on else self.starred.discard)(pid)
        self._marks_changed(pid)
        self._say_mark(f"{'starred' if on else 'unstarred'} {pid}", timeout=3)
        self._write_mark(pid, lambda: self.source.set_star(pid, on))

    def action_read(self) -> None:
        paper = self.current
        if paper is None:
            return
        pid, on = paper.id, paper.id not in self.read
        (self.read.add if on else self.read.discard)(pid)
        self._marks_changed(pid)
        self._say_mark(f"marked {pid} {'read' if on else 'unread'}", timeout=3)
        self._write_mark(pid, lambda: self.source.set_read(pid, on))

    def action_hide(self) -> None:
        paper = self.current
        if paper is None:
            return
        pid, on = paper.id, paper.id not in self.hidden
        (self.hidden.add if on else self.hidden.discard)(pid)
        gone = on and leaves_hidden(self.view) and self.base is None
        if gone:
            # for-you and related leave hidden papers out at once, as the commands do.
            self._removed(pid)
        else:
            self._marks_changed(pid)
        if not on:
            self._say_mark(f"unhid {pid}", timeout=3)
        elif gone:  # no row left to press h on again: `u` has it back
            # (its own: the way back is not replaced by the next mark's note)
            self.say(HID_UNDO.format(pid=pid), timeout=8)
        elif self.view.hidden:
            self._say_mark(f"hid {pid} (h again unhides it)", timeout=4)
        else:
            self._say_mark(f"hid {pid}: it leaves every list from now on (h again "
                           "unhides it)", timeout=6)
        if on:
            self._taken.append((pid, gone))
        self._write_mark(pid, lambda: self.source.set_hidden(pid, on))
        if gone:
            self._refill()  # (read once the hiding is written)

    def action_undo_hide(self) -> None:
        """Unhide the paper `h` last took off a list (for-you and related leave a hidden
        paper out at once, so no row is left to press `h` on again), and load the list
        again with it back in its place, selected. The way back had been to quit for
        `papers unhide ID`. The note that offered `u` for it goes (it stayed its 8 s beside
        "unhid ID", offering a `u` that had nothing left to undo). A hide that left its
        row (marked ×, a day's list) is undone in place: `u` said "nothing to undo" of
        the hide just made, as if `h` had done nothing."""
        while self._taken and self._taken[-1][0] not in self.hidden:
            self._taken.pop()  # (unhid since, by h again or in another list)
        if not self._taken:
            self.say("nothing to undo: u unhides the paper h last hid", timeout=5)
            return
        pid, gone = self._taken.pop()
        self.hidden.discard(pid)
        self._forget(HID_UNDO.format(pid=pid))
        self._say_mark(f"unhid {pid}", timeout=3)
        self._write_mark(pid, lambda: self.source.set_hidden(pid, False))
        if gone:
            self._refill(again=pid)
        else:
            self._marks_changed(pid)

    def action_open(self, key: str, _label: str = "") -> None:
        """Open the highlighted paper's link of `key` (`LINKS`); `_label` is the footer's
        word for `o` alone (see `check_action`): the page opened is the source's choice."""
        paper = self.current
        if paper is None:
            return
        pid, which = paper.id, LINKS[key]

        def work() -> tuple[str, bool | None, bool]:
            from papercli.reading import NoLink, browser

            try:
                found = self.source.url(pid, which)
            except NoLink as exc:  # (its hint is the command line's: "try papers open ID
                exc.hint = "o opens its page"  # for its page", a command to quit for)
                raise
            # Checked before any opener sees it (and copied nowhere when refused).
            url = launchable(found, f"the {which} link of {pid}")
            # (a browser named, $BROWSER, that fails is not "no browser here")
            named = self.opener is open_in_browser and browser() is not None
            if self.opener is open_in_browser and browser_in_terminal():
                return url, None, named  # opened from the event loop, the screen handed over
            return url, self.opener(url), named

        def done(result: tuple[str, bool | None, bool]) -> None:
            url, opened, named = result
            if opened is None:
                try:
                    opened = self._hand_over(lambda: self.opener(url))
                except Exception:  # (no terminal to hand over: copied, as with none)
                    opened = False
            if opened and which == "hf" and url.startswith("https://arxiv.org/"):
                # (reading.has_hub_page: a paper only arXiv knows has no Hub page)
                self.say(f"opened\n{self._link(url)}\nno Hugging Face page, only arXiv's",
                         timeout=5)
            elif opened:
                self.say(f"opened\n{self._link(url)}", timeout=3)
            else:
                why = "the browser did not start" if named else "no browser here"
                self._clip(url, f"{why}: the link", f":\n{self._link(url)}",
                           severity="warning", timeout=8)

        self._background(work, done)

    def _link(self, url: str) -> str:
        """`url` as a line of a notification says it, on a line of its own: whole where it
        fits, else its middle elided, never its id (`fit_url`). Wrapped with the words
        before it, a link was split at the toast's edge, mid-id, at 80 columns and less."""
        from papercli.terminal import fit_url

        return fit_url(url, toast_room(self.size.width))

    def _hand_over(self, run: Callable[[], Any]) -> Any:
        """`run()` with the terminal handed over (the app suspended): an editor, a text
        browser. What it raises is raised once the screen is back: Textual's suspend
        takes it back only when its block ends normally (an editor exiting 1 left the
        browser frozen)."""
        failure: BaseException | None = None
        result = None
        with self.suspend():
            try:
                with ctrl_c_passed_on():
                    result = run()
            except BaseException as exc:
                failure = exc
        if failure is not None:
            raise failure
        return result

    def action_note(self) -> None:
        """Edit the paper's note in the user's editor: the app is suspended while it
        runs; an editor that fails changes nothing (one notification says why)."""
        from papercli import notes
        from papercli.errors import PapersError

        paper = self.current
        if paper is None:
            return
        pid = paper.id
        old = self.yours.get(pid, {}).get("note") or ""
        try:
            edited = self._hand_over(lambda: notes.edit(
                old, current=lambda: self.source.note_of(pid)))
        except PapersError as exc:
            self.say(_message(exc), severity="error", timeout=8)
            return
        except Exception as exc:  # no terminal to hand over (suspend unsupported)
            self.say(f"cannot run the editor here: {exc}", severity="error", timeout=8)
            return
        unchanged = notes.tidy(edited) == notes.tidied(old)
        if unchanged:
            self.say(f"the note on {pid} is unchanged", timeout=3)
            return

        def done(stored: str | None) -> None:
            fields = self.yours.setdefault(pid, {})
            if stored is None:
                fields.pop("note", None)
            else:
                fields["note"] = stored
            if self.selected == pid:
                self._pane()
            self.say(f"{'saved' if stored else 'removed'} the note on {pid}", timeout=3)

        self._background(lambda: self.source.set_note(pid, edited), done, kept=True)

    def action_tags(self) -> None:
        """Edit the paper's tags in a line (as papers tag / untag); the pane shows them."""
        paper = self.current
        if paper is None:
            return
        pid = paper.id
        old = list(self.yours.get(pid, {}).get("tags") or ())

        def edited(line: str | None) -> None:
            wanted = tag_words(line or "")
            if line is None:
                return  # (Esc)
            if sorted(set(wanted)) == sorted(old):  # Enter on them as they were: said, as
                # for a note (the line went and nothing said whether they were kept)
                self.say(f"the tags on {pid} are unchanged", timeout=3)
                return

            def done(stored: list[str]) -> None:
                fields = self.yours.setdefault(pid, {})
                fields["tags"] = stored
                if self.selected == pid:
                    self._pane()
                self.say(f"tags on {pid}: {', '.join(stored)}" if stored
                         else f"took the tags off {pid}", timeout=3)

            self._background(lambda: self.source.set_tags(pid, wanted), done, kept=True)

        self._dialog(TagScreen(pid, old), edited)

    def _dialog(self, screen: Screen[Any], done: Callable[[Any], None]) -> None:
        """A dialog over the list, the notifications gone first, as for the help: at 80
        columns they stood over the tag line's box (what was typed hidden from its 30th
        letter on) and its title, for up to ten seconds."""
        self.clear_notifications()
        self.push_screen(screen, done)

    def _clip(self, text: str, what: str, tail: str = "", *, severity: str = "information",
              timeout: float = 4) -> None:
        """`text` handed to the terminal's clipboard (OSC 52), said as it is: the terminal
        never answers and many ignore it (or need it allowed), so nothing says "copied".
        Said in place of the copy said before (y y y, then Y, stacked four notes over half
        the screen)."""
        self.copy_to_clipboard(text)
        self._say_instead("copy", f"{what} sent to the terminal's clipboard (if it takes "
                          f"OSC 52){tail}", severity=severity, timeout=timeout)

    def action_copy_id(self) -> None:
        paper = self.current
        if paper is not None:
            self._clip(paper.id, paper.id)

    def action_copy_bibtex(self) -> None:
        paper = self.current
        if paper is not None:
            self._clip(self.source.bibtex(paper), f"the BibTeX entry of {paper.id}",
                       f"; papers show {paper.id} -f bibtex prints it", timeout=6)

    def action_full_text(self) -> None:
        """Show the paper's full text in the reading pane (fetched in the background and
        kept in the library); pressed again, the paper's panel comes back."""
        paper = self.current
        if paper is None:
            return
        if self.full_shown == paper.id:
            self.full_shown = None
            self._pane()
            return
        pid = paper.id
        # Said until the text is shown or its failure is said (it stayed two seconds
        # whatever came: over the text shown, beside the failure; gone while a slow Hub
        # was still answering).
        loading = f"loading the full text of {pid}…"

        def done(content: RenderableType) -> None:
            self._forget(loading)
            current = self.current
            if current is None or current.id != pid:
                return  # the selection moved on meanwhile
            self.full_shown = pid
            self.pane_content = content
            self._panel_of = None  # (`t` again: the panel from its top)
            self.pane.show(self.pane_content)

        def work() -> RenderableType:
            from papercli.errors import NotFoundError

            try:
                try:
                    text = self.source.full_text(pid)
                except NotFoundError as exc:  # the hint is the command line's: `papers
                    # show ID`
                    raise NotFoundError(exc.message,
                                        hint="the pane shows its abstract and links") from None
                # Its blocks found here, not on the screen's thread (a quarter of a second
                # for a long text); the pane draws it.
                return render_full_text(paper, text)
            except Exception:
                self.call_from_thread(self._forget, loading)  # (before the failure is said)
                raise

        def failed(exc: Exception) -> None:
            from papercli.errors import NotFoundError

            if isinstance(exc, NotFoundError):  # about this paper: said while it is shown
                self._no_text = (pid, _message(exc))
                self._forget_no_text()  # (the selection moved on meanwhile)

        self.say(loading, timeout=60)  # read, or fetched
        self._background(work, done, failed=failed)

    def _say_mark(self, message: str, *, timeout: float) -> None:
        """A star, read mark or hiding said, in place of the one said before it: marks made
        one after another (r j r j r) stacked a notification each, over half the screen,
        the heading's counts among it."""
        self._say_instead("mark", message, timeout=timeout)

    def _say_instead(self, kind: str, message: str, *, severity: str = "information",
                     timeout: float) -> None:
        """`message` said in place of the last one of its `kind` (a mark, a copy)."""
        before = self._said.get(kind)
        if before is not None:
            self._forget(before)
        self._said[kind] = message
        self.say(message, severity=severity, timeout=timeout)

    def _forget(self, message: str) -> None:
        """The notifications saying `message` taken down: what they said is done."""
        message = _said_text(message)
        for notification in list(self._notifications):
            if notification.message == message:
                self._unnotify(notification)

    def action_pane_page(self, step: int) -> None:
        self.pane.page(step)

    def action_pane_lines(self, step: int) -> None:
        self.pane.lines(step)

    def action_help(self) -> None:
        """The keys; a notification still showing would sit over them, so it goes."""
        self.clear_notifications()
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands: the browser's keys that apply now and its views, then
        Textual's Theme, Quit and Screenshot (its Keys panel is `?`'s help, and Maximize
        left a list with no key to come back from)."""
        for title, what, action in PALETTE_KEYS:
            if self._offered(action):
                yield SystemCommand(title, what, self._runner(action))
        for title, what, kind in PALETTE_VIEWS:
            if not self._on_screen(kind):
                yield SystemCommand(title, what, self._goer(kind))
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Maximize", "Minimize"):
                yield command

    def _on_screen(self, kind: str) -> bool:
        """Whether the palette's view `kind` is the one shown (no filter over it): going
        there does nothing. This week's own list offered "Go to this week", which did
        nothing at all; another week's (`[`) offers it."""
        if kind not in ("week", "month"):
            return kind == self.view.kind
        from papercli.errors import PapersError
        from papercli.tui.source import check_view

        try:
            here = check_view(View(kind, hidden=self.view.hidden))
        except PapersError:
            return False
        return here == self.view and self.base is None

    def _offered(self, action: str) -> bool:
        """Whether the palette offers `action` now: as its key would do something."""
        name, _, arg = action.partition("(")
        if name == "shift":
            from papercli import clock

            target = self.source.shifted(self.view, int(arg.rstrip(")")))
            start = None if target is None else self.source.starts(target)
            return target is not None and (start is None or start <= clock.today())
        if name == "filter":
            return True  # (its key is off while the palette's box has the focus)
        return self.check_action(name, ()) is not False

    def _runner(self, action: str) -> Callable[[], Any]:
        """The palette's callback for `action`, run once the palette has gone."""
        return lambda: self.run_action(action)

    def _goer(self, kind: str) -> Callable[[], None]:
        def go() -> None:
            from papercli.errors import PapersError
            from papercli.tui.source import check_view

            try:
                view = check_view(View(kind, hidden=self.view.hidden))
            except PapersError as exc:
                self.say(_message(exc), severity="error", timeout=8)
                return
            if view == self.view and self.base is None:
                return  # (this week, from this week)
            self._leave_for(self.selected)
            self.load(view)

        return go

    def action_interrupt(self) -> None:
        self.exit(return_code=130)

    def exit(self, result: int | None = None, return_code: int = 0,
             message: RenderableType | None = None) -> None:
        """As Textual's, the view still loading told it is no longer wanted: its thread
        is left behind (`LeftBehind`), and a ranking went on to its end."""
        self._unwanted.set()
        super().exit(result, return_code, message)

    def action_suspend_process(self) -> None:
        """Ctrl-Z: stopped, back to the shell, as any terminal program (`fg` comes back);
        with no shell to come back from, a note of why instead of a frozen screen."""
        from papercli.terminal import job_control

        if not job_control():
            self.say("Ctrl-Z: no shell started the browser as a job, so none could bring "
                     "it back (q quits)", severity="warning", timeout=6)
            return
        driver = self._driver
        if driver is None or not driver.can_suspend:
            return
        import signal

        # Textual stops its own process only: started from a script that runs it (a
        # wrapper without `exec`), the script went on waiting, so the shell never got the
        # terminal back and the screen stayed blank. The whole job stops, as vim's does,
        # once the terminal is given back: the shell takes it as soon as the script stops,
        # and a write from here after that stopped this process halfway (SIGTTOU), the
        # screen left raw.
        self._suspend_signal()
        driver.suspend_application_mode()
        driver._must_signal_resume = True  # type: ignore[attr-defined]  # (as Textual's
        # own Ctrl-Z: SIGCONT, `fg`, starts the screen again and says so: all repainted)
        textual_stop = signal.signal(signal.SIGTSTP,
                                     lambda *_: os.kill(os.getpid(), signal.SIGSTOP))
        try:
            os.killpg(os.getpgrp(), signal.SIGTSTP)
        finally:
            signal.signal(signal.SIGTSTP, textual_stop)

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """As Textual's, with a SIGINT from outside (`kill -INT`) quitting as Ctrl-C does,
        with 130: Ctrl-C typed is a key here (the terminal is raw), but asyncio's handler
        for the signal cancelled the app, which Textual ends as a normal exit (0)."""
        import signal

        if threading.current_thread() is not threading.main_thread():
            return super().run(*args, **kwargs)
        previous = signal.signal(signal.SIGINT, self._on_sigint)  # (asyncio keeps a
        try:  # handler set before it runs)
            return super().run(*args, **kwargs)
        finally:
            signal.signal(signal.SIGINT, previous)

    async def run_async(self, *args: Any, **kwargs: Any) -> int | None:
        """As Textual's, with a signal waking the event loop (`wakeup`): a `kill -INT` or
        `kill -TERM` landing as the idle loop went back to waiting (after Python last
        looked for one, before epoll began) was seen only at the next key or timer."""
        if threading.current_thread() is not threading.main_thread():
            return await super().run_async(*args, **kwargs)
        from papercli.wakeup import loop_woken_by_signals

        with loop_woken_by_signals():
            return await super().run_async(*args, **kwargs)

    def _on_sigint(self, signum: int, frame: object) -> None:
        """Quit with 130 on the event loop (as asyncio's own handler wakes it); before the
        loop runs or after it has stopped, Python's KeyboardInterrupt."""
        loop = self._loop
        if loop is None or loop.is_closed() or not loop.is_running():
            raise KeyboardInterrupt
        loop.call_soon_threadsafe(self.action_interrupt)

    def action_shift(self, step: int) -> None:
        target = self.source.shifted(self.view, step)
        if target is None:
            self.say("[ and ] move through a day, week or month listing", timeout=4)
            return
        from papercli import clock

        start = self.source.starts(target)
        if start is not None and start > clock.today():  # (the list on screen stays)
            self.say(f"{target.arg} has not "
                     f"{'happened' if target.kind == 'day' else 'begun'} yet", timeout=4)
            return
        self.load(target)

    def action_related(self) -> None:
        """The papers most like the selected one (`papers related`); Esc comes back."""
        paper = self.current
        if paper is None:
            return
        self._leave_for(paper.id)
        self.load(View("related", paper.id, hidden=self.view.hidden))

    def _leave_for(self, selected: str | None) -> None:
        """Where Esc comes back to from the view about to be loaded: this list, `selected`
        on it; from a filter's hits, the hits (Esc came back to the list under the filter,
        the hits and the paper `l` was pressed on lost), then the list under them."""
        if self.base is None:
            self.trail.append((self.view, selected, self.paper_list.cursor))
            return
        self.trail.append((self.base.view, self._before_filter[0], 0))
        if self.shown is not None and self.shown.view.kind == "filter":
            self.trail.append((self.shown.view, selected, self.paper_list.cursor))

    def action_go_back(self) -> None:
        """Esc: out of the filter first, else back to the view `l` left; with nothing to
        go back to, how to quit is said (Esc did nothing at all, and quitting on it would
        lose the list to a key pressed to close something)."""
        if self.filter_box.has_class("shown") or self.base is not None:
            self.action_leave_filter()
            return
        if self.trail:
            view, self._reselect, self._reselect_row = self.trail.pop()
            self.load(view, self._related.get(view))
            return
        if NOWHERE_BACK not in (
                n.message for n in self._notifications):  # (once, however often pressed)
            self.say(NOWHERE_BACK, timeout=4)

    def action_enter(self) -> None:
        """Enter on the list: the pane already shows the paper, so what opens it is said
        (Enter did nothing, and which key opens a paper was in the help only)."""
        if self.current is not None and len(self.screen_stack) == 1 and ENTER_KEYS not in (
                n.message for n in self._notifications):
            self.say(ENTER_KEYS, timeout=4)

    def action_all_new(self) -> None:
        """`browse new` over every new paper, as `--all` (without watches there is nothing
        else to show): no need to quit and start again."""
        if self.view.kind == "new" and not self.view.show_all:
            base = self.view if self.base is None else self.base.view
            self.load(base._replace(show_all=True))

    def action_all_new_why(self) -> None:
        """A where there is nothing more to list (every new paper is, or this is not
        `browse new`): why, rather than nothing at all, as the help lists the key."""
        if self.view.kind == "new":
            self.say(ALL_NEW_SHOWN, timeout=4)
        else:
            self.say(ALL_NEW_ELSEWHERE, timeout=5)

    def action_families(self) -> None:
        view, shown = self.view, list(self.papers)

        def work() -> list[FamilyCount]:
            return self.source.families(view, shown)

        def done(families: list[FamilyCount]) -> None:
            self._dialog(FamilyScreen(families, self.view.filters.family), self._families)

        # (read once the marks pressed are written: a paper hidden at h is counted out)
        self._background(self.threads.after_kept(work), done)

    def _families(self, chosen: list[str] | None) -> None:
        if chosen is None or chosen == list(self.view.filters.family):
            return
        filters = self.view.filters._replace(family=chosen)
        view, self._reselect = self.view, self.selected if self._moved else None
        self._reselect_row = 0  # (another list: its top, if the paper is not on it)
        self.load(view._replace(filters=filters))

    # -- filter as you type ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`/` (a priority key) typed in a text box, the filter's (a URL) or the command
        palette's, is the box's character; with no paper listed, the paper's keys are off
        (the footer offered `s Star` over an empty list)."""
        if action == "open" and parameters and parameters[0] == "o":
            # `o HF`, or `o arXiv` for a row only arXiv knows (whose HF page opens arXiv's)
            paper = self.current
            return paper is not None and paper.has_hub_page == (len(parameters) == 1)
        if action in PAPER_ACTIONS:
            return self.current is not None
        if action == "all_new":
            return self.view.kind == "new" and not self.view.show_all
        return action != "filter" or not isinstance(self.focused, Input)

    def _focus(self, widget: Widget) -> None:
        """Focus `widget` now (`Widget.focus` waits a turn of the loop): the keys typed
        right after are routed by it."""
        widget.screen.set_focus(widget)

    def action_filter(self) -> None:
        if len(self.screen_stack) > 1:
            return  # the help or a dialog is on top: not under it
        self._filter_shown(True)
        self._focus(self.filter_box)

    def _filter_shown(self, shown: bool) -> None:
        """The filter box shown or gone; notifications stand above it while it is shown
        (they sat over the box, half of what was typed hidden under "q quits" or a view's
        warnings for up to eight seconds)."""
        self.filter_box.set_class(shown, "shown")
        self.set_class(shown, "-filtering")

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.filter_box.has_class("shown"):
            return  # emptied on the way out
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._run_filter)

    def _filter_done(self) -> None:
        """Enter: to the list; a filter of paper ids the library lacks looks them up as
        `papers search ID` does (fetched, or named in a note offline); Esc comes back.
        Nothing typed: the box goes, as with Esc (it stayed open and empty over the pane's
        last lines, the list's keys offered under it, until Esc)."""
        if not self.filter_box.value.strip():
            self.action_leave_filter()
            return
        missing = self._missing_ids()
        if missing:
            # Esc comes back to the view under the filter, on the paper selected there.
            base, chosen = ((self.view, self.selected) if self.base is None
                            else (self.base.view, self._before_filter[0]))
            self.trail.append((base, chosen, self.paper_list.cursor if self.base is None
                               else 0))
            self.load(View("search", self.filter_box.value.strip(), self.view.filters,
                           hidden=self.view.hidden))
            return
        self._focus(self.paper_list)
        query = typed_query(self.filter_box.value)
        shown = self.shown.view if self.shown is not None else None
        if query and (shown is None or shown.kind != "filter" or shown.arg != query):
            # Enter came before the filter ran (a fast typist): it runs now, and the keys
            # typed after Enter wait for its list, as at start (they are for its papers).
            if self._filter_timer is not None:
                self._filter_timer.stop()
            self._hold_keys()
            self._run_filter(typing=False)

    def _missing_ids(self, *, hidden: bool = False) -> list[str]:
        """The paper ids the filter box names (every word an id or a paper URL) that its
        list does not show: those the library may lack, or (`hidden`) those you hid,
        which are not to be looked up (Enter asked the Hub for a paper hidden here)."""
        from papercli.search import ids_in  # lazy: off the start-up path

        if not self.filter_box.has_class("shown"):
            return []
        named = ids_in(self.filter_box.value) or []
        filtering = self.shown is not None and self.shown.view.kind == "filter"
        shown = {p.id for p in self.papers} if filtering else set()
        return [pid for pid in named
                if pid not in shown and (pid in self.hidden and filtering) == hidden]

    def _run_filter(self, *, typing: bool = True) -> None:
        """The filter box's query searched: as it is typed (`typing`), a qualifier still
        being typed (`half_typed`) whose value is none yet is left out, its hint in the
        heading (no error at each key); on Enter, its error is said."""
        query = typed_query(self.filter_box.value)
        if not query:
            self._restore()
            return
        if self.base is None and self.shown is not None:
            self.base = self.shown
            self._before_filter = (self.selected, self._moved)
        view = View("filter", query, self.view.filters, hidden=self.view.hidden)
        half = half_typed(self.filter_box.value) if typing else None
        base = self.base
        self.generation += 1
        generation = self.generation

        def work() -> None:
            from papercli.errors import UsageError

            try:
                loaded = self.source.load(view, cached_only=True)
            except UsageError as exc:
                exc = _in_the_filter(exc)
                if half is None:
                    self.call_from_thread(self._refused, generation, exc)
                    return
                rest, word = half
                before: Loaded | None = base  # (the list under the filter: nothing before)
                try:
                    if typed_query(rest):
                        before = self.source.load(view._replace(arg=typed_query(rest)),
                                                  cached_only=True)
                except Exception:
                    before = None  # (not the qualifier being typed: its error is said)
                if before is None:
                    self.call_from_thread(self._refused, generation, exc)
                else:
                    self.call_from_thread(self._filtered, generation, before, (word, exc))
            except Exception as exc:
                self.call_from_thread(self._failed, generation, exc, final=True)
            else:
                self.call_from_thread(self._filtered, generation, loaded)

        self.run_worker(work, thread=True, group="filter", exit_on_error=False)

    def _refused(self, generation: int, exc: PapersError) -> None:
        """The filter's query refused (a bad qualifier, `llava since:2025-13`): said, and
        the box keeps its text and the focus, to be put right, over the list on screen
        (the view's, or the hits so far). It was taken for the view failing: "not
        available" in the heading, the list emptied and the box left, Esc alone bringing
        anything back. Keys typed after Enter were for a list that did not come: dropped
        (replayed, they were typed into the query)."""
        if generation != self.generation:
            return
        self.say(_message(exc), severity="error", timeout=10)
        if self.shown is not None:  # (not a qualifier half typed before: the list's own)
            self._title(*self._heading(self.shown))
        if self.filter_box.has_class("shown"):
            self.filter_box.focus_keeping_text()
        self._release_keys(replay=False)

    def _filtered(self, generation: int, loaded: Loaded,
                  typed: tuple[str, PapersError] | None = None) -> None:
        """A filter's list shown; `typed`: the qualifier still being typed that it left
        out, and why, said in the heading."""
        if generation == self.generation:
            self._show(loaded)
            self._recount()  # back from a filter: marks made meanwhile counted
            self._say_missing(loaded)
            if typed is not None:  # (its name, not the value cut short: the count fits)
                word, why = typed
                self._title(loaded.title, counts(loaded)._replace(
                    said=f"{word.partition(':')[0]}: {why.hint or why.message}"))

    def _say_missing(self, loaded: Loaded) -> None:
        """A filter naming ids it does not list: the heading says Enter looks them up,
        or that they are hidden and where they show (as `papers search ID` says it)."""
        missing = self._missing_ids()
        hidden = self._missing_ids(hidden=True)
        ids = missing or hidden
        them = "it" if len(ids) == 1 else "them"
        named = f"{', '.join(ids[:3])}{' …' if len(ids) > 3 else ''}"
        if missing:  # before the counts: what to do next must not be cut off at 80
            self._title(loaded.title, counts(loaded)._replace(
                said=f"not shown: {named} (Enter looks {them} up)"))
        elif hidden:  # (as "not shown:", short: "B is hidden (/ in papers browse --hidden
            # shows it)" left no room for the query at 80 columns; the pane says it whole)
            self._title(loaded.title, counts(loaded)._replace(
                said=f"hidden: {named} (browse --hidden shows {them})"))

    def _restore(self) -> None:
        """Back from a filter to the view's own list, with the marks as they are now (a
        star made before or during the filter stays)."""
        if self.base is not None:
            base, self.base = self.base, None
            self._unavailable = None  # (a failure of the filter's own search)
            self._reselect, self._moved = self._before_filter
            self._reselect_row = 0
            self.generation += 1
            generation = self.generation
            self.view = base.view
            stop = self._unwanted.is_set

            def work() -> None:
                try:  # (hidden while the filter was shown: out)
                    fresh = marked_again(self.source, base, stop=stop)
                except Exception as exc:
                    self.call_from_thread(self._failed, generation, exc, final=True)
                else:
                    self.call_from_thread(self._filtered, generation, fresh)

            self.run_worker(work, thread=True, group="filter", exit_on_error=False)
            self._hold_keys()  # keys typed after Esc are for the view's list: they wait
            # for it, as after an early Enter
        elif self._unavailable is not None and self.shown is not None:
            # A filter over a view that failed: back to saying why (the hits stayed, under
            # "Filter:", with no key to leave them); a filter still running is dropped.
            self.generation += 1
            self._last_error = self._unavailable
            self._not_available(self._unavailable)

    def action_leave_filter(self) -> None:
        box = self.filter_box
        if box.has_class("shown"):
            box.value = ""
            self._filter_shown(False)
            if self._filter_timer is not None:
                self._filter_timer.stop()
            self._restore()
            self._focus(self.paper_list)
