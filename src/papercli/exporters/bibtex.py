"""BibTeX: one @misc entry per paper, arXiv-style (eprint, archivePrefix), with stable keys.

Keys are `lastname` + `year` + first significant title word, ASCII only. When several
papers in one export share a key, each gets a suffix a, b, c … assigned in arXiv-id order,
so a paper's key does not depend on the order of the listing. Values are LaTeX-escaped with
brace-free replacements for braces and backslashes, so no title can unbalance an entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from papercli.models import Paper
from papercli.sanitize import clean_line

STOPWORDS = frozenset(
    "a an the on of in for to and or with via from by at is are as towards toward into "
    "do does can we our your how what when why which".split()
)
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(k) for k in _SPECIAL))


def latex_escape(text: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], clean_line(text, 5000))


def _ascii_letters(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z]", "", folded.lower())


def _last_name(authors: Sequence[str]) -> str:
    if not authors:
        return "anon"
    for token in reversed(clean_line(authors[0]).split()):
        letters = _ascii_letters(token)
        if letters:
            return letters
    return "anon"


def _first_word(title: str) -> str:
    for token in re.split(r"[\s\-:/]+", clean_line(title)):
        letters = _ascii_letters(token)
        if letters and letters not in STOPWORDS:
            return letters
    return "paper"


def _year(paper: Paper) -> str:
    stamp = paper.published_at or paper.submitted_at or ""
    return stamp[:4] if stamp[:4].isdigit() else "nd"


def base_key(paper: Paper) -> str:
    return f"{_last_name(paper.authors)}{_year(paper)}{_first_word(paper.title)}"


def keys(papers: Sequence[Paper]) -> list[str]:
    """A unique key per paper; colliding keys get a, b, c … in arXiv-id order."""
    bases = [base_key(p) for p in papers]
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(bases):
        groups.setdefault(key, []).append(i)
    out = list(bases)
    taken = set(bases)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        for n, i in enumerate(sorted(members, key=lambda i: (papers[i].id, i))):
            suffix = _suffix(n)
            candidate = key + suffix
            while candidate in taken:  # "smith2024a" might already be someone's base key
                suffix += "x"
                candidate = key + suffix
            taken.add(candidate)
            out[i] = candidate
    return out


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def entry(paper: Paper, key: str) -> str:
    fields = [
        ("title", "{" + latex_escape(paper.title) + "}"),
        ("author", " and ".join(latex_escape(a) for a in paper.authors) or "Anonymous"),
        ("year", _year(paper)),
        ("eprint", latex_escape(paper.id)),
        ("archivePrefix", "arXiv"),
        ("url", latex_escape(paper.arxiv_url)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body},\n}}\n"


def render(
    papers: Sequence[Paper],
    *,
    title: str = "",
    endpoint: str = "",
    abstract: bool = True,
    generated_at: datetime | None = None,
) -> str:
    if not papers:
        return "% papercli: no papers\n"
    return "\n".join(entry(p, k) for p, k in zip(papers, keys(papers), strict=True))
