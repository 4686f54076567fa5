"""Counted nouns for messages: "1 paper", "2 papers", "1 watch", "3 watches".

A leaf module (no imports) so that every layer, from the Hub client to the CLI, says its
counts the same way.
"""


def number(n: int) -> str:
    """A count as every human-facing message writes it: thousands separated (14,600)."""
    return f"{n:,}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """`n` (thousands separated: 14,600) and the noun, singular for exactly one; `many`
    for irregular plurals."""
    return f"{number(n)} {word}" if n == 1 else f"{number(n)} {many or word + 's'}"
