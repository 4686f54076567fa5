"""`papers browse`: a Textual app over the library, the Hub and the user database.

`source` is the only part that knows papercli's core (listings, search, stars, marks); the
app (`app`) talks to it through a small interface, so the listing pipeline can change
underneath without touching the screens. Nothing here is imported on the start-up path.
"""

# What `papers browse` lists (its WHAT): here, off the app's import path, so that shell
# completion can offer them without loading the browser. "filter" is the app's own.
KINDS = ("today", "day", "week", "month", "search", "starred", "new", "for-you", "arxiv",
         "related", "filter")
