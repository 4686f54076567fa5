"""`papers browse`: a Textual app over the library, the Hub and the user database.

`source` is the only part that knows papercli's core (listings, search, stars, marks); the
app (`app`) talks to it through a small interface, so the listing pipeline can change
underneath without touching the screens. Nothing here is imported on the start-up path.
"""
