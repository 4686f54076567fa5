"""Which module defines each command and command group: the table `main()` builds only
the module asked for from, and completion reads the groups from (`papers watch help`).
Plain data, importable before anything else (no typing, no Typer)."""

# module -> [(attribute, group name or None to add its commands at top level)], in help order.
MODULES: dict[str, list[tuple[str, str | None]]] = {
    "listings": [("app", None)],
    "arxiv": [("app", None)],
    "search": [("app", None)],
    "papers": [("app", None)],
    "export": [("app", None)],
    "new": [("app", None)],
    "reading": [("app", None)],
    "tags": [("app", None)],
    "rank": [("app", None)],
    "trends": [("app", None)],
    "browse": [("app", None)],
    "mcp": [("app", None)],
    "sync": [("app", None)],
    "library": [("app", None), ("cache_app", "cache")],
    "watch": [("app", "watch")],
    "config_cmd": [("app", "config")],
}
# top-level command -> the module defining it
COMMANDS: dict[str, str] = {
    "today": "listings", "day": "listings", "week": "listings", "month": "listings",
    "arxiv": "arxiv",
    "search": "search", "families": "search", "orgs": "search",
    "show": "papers",
    "export": "export",
    "new": "new", "star": "reading", "unstar": "reading", "starred": "reading",
    "read": "reading", "open": "reading",
    "tag": "tags", "untag": "tags", "tags": "tags", "note": "tags",
    "for-you": "rank", "related": "rank", "hide": "rank", "unhide": "rank",
    "browse": "browse",
    "trends": "trends",
    "mcp": "mcp",
    "sync": "sync",
    "import": "library", "cache": "library",
    "watch": "watch",
    "config": "config_cmd",
}

# the command groups (`papers watch add`), which `papers GROUP help [COMMAND]` asks about
GROUPS = frozenset(group for entries in MODULES.values() for _, group in entries if group)
