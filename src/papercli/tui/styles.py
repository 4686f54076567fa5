"""The browser's stylesheet. Kept in Python (not a .tcss file) so it ships with the code
whatever the packaging, and so the layout rules sit next to the breakpoint they use."""

WIDE = 120  # columns from which list and reading pane stand side by side
PANE_MAX = 84  # the reading pane's widest (a line of 80 cells): the list takes the rest
TOAST_MAX = 60  # a notification's widest, as Textual has it (half the screen, below that)


def toast_room(width: int) -> int:
    """The cells a line of a notification has on a screen `width` cells wide: Textual's
    toast is TOAST_MAX cells at most, else half of its rack (the screen less the rack's
    2-cell scrollbar), less its left border and its padding (3). What a link is fitted to
    (`terminal.fit_url`): wrapped, it was split wherever the edge fell."""
    return min(TOAST_MAX, (width - 2) // 2) - 3

CSS = """
Screen { layout: vertical; }

#title {
    height: 1;
    padding: 0 1;
    background: $panel;
    color: $text;
    text-style: bold;
    text-wrap: nowrap;
    text-overflow: ellipsis;  /* a heading too long for the width ends in … */
}

#body { layout: vertical; height: 1fr; }
#listbox { height: 45%; }
#header { height: 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
#list { height: 1fr; }
#pane {
    height: 1fr;
    border-top: solid $primary;
    padding: 0 1;
}
#body.wide { layout: horizontal; }
#body.wide #listbox { width: 1fr; height: 1fr; }
#body.wide #pane {
    width: 45%;
    max-width: PANE_MAX;
    height: 1fr;
    border-top: none;
    border-left: solid $primary;
}

#filter { dock: bottom; display: none; height: 3; margin-bottom: 1; }
#filter.shown { display: block; }
Toast { width: TOAST_MAX; max-width: 50%; padding: 1 1; }  /* as `toast_room` counts */
.-filtering ToastRack { margin-bottom: 4; }  /* notifications above the box (and the footer) */

HelpScreen, FamilyScreen, TagScreen { align: center middle; }
#help, #families, #tags {
    width: 72;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: round $primary;
    background: $surface;
    padding: 0 1;
}
#help { max-height: 100%; }
#families-list { height: auto; max-height: 20; }
#tags-error { display: none; color: $error; }
#tags-error.shown { display: block; }
""".replace("PANE_MAX", str(PANE_MAX)).replace("TOAST_MAX", str(TOAST_MAX))
