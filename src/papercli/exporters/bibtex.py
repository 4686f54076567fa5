"""BibTeX: one @misc entry per paper, arXiv-style (eprint, archivePrefix), with stable keys.

Keys are `lastname` + `year` + first significant title word, ASCII letters and digits only
(`touvron2023llama`; `anon` without a usable author name, `nd` without a date). When
several papers in one export share a key, every one of them gets a suffix a, b, c …
assigned in arXiv-id order, so a paper's key does not depend on the order of the listing.

`url` is the arXiv abstract page (a citation should point at the paper, not at a
discussion page). Values are LaTeX-escaped with brace-free replacements for braces and
backslashes, so no title can unbalance an entry; the title is double-braced to keep its
capitalisation. The file is UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from papercli.models import Paper
from papercli.sanitize import clean_line

# fmt: off
STOPWORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "via", "from",
    "by", "at", "is", "are", "as", "towards", "toward", "into", "do", "does", "can", "we",
    "our", "your", "how", "what", "when", "why", "which",
})
# fmt: on
# Name parts that are not the surname: "Martin Luther King Jr." files under "king".
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd"})
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
# BibTeX splits an author list on a whitespace-delimited "and", in any case.
_AND = re.compile(r"\sand\s", re.IGNORECASE)


def latex_escape(text: str | None) -> str:
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], clean_line(text, 5000))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.lower()


def _last_name(authors: Sequence[str]) -> str:
    if not authors:
        return "anon"
    name = clean_line(authors[0], 300)
    if "," in name:  # "Touvron, Hugo": BibTeX's own "Last, First" form
        name = name.split(",", 1)[0]
    for token in reversed(name.split()):
        letters = re.sub(r"[^a-z]", "", _ascii(token))
        if letters and letters not in _SUFFIXES:
            return letters
    return "anon"


def _first_word(title: str) -> str:
    for token in re.split(r"[\W_]+", clean_line(title, 1000)):
        word = re.sub(r"[^a-z0-9]", "", _ascii(token))
        if re.search(r"[a-z]", word) and word not in STOPWORDS:
            return word
    return "paper"


def _year(paper: Paper) -> str:
    stamp = paper.published_at or paper.submitted_at or ""
    return stamp[:4] if len(stamp) >= 4 and stamp[:4].isdigit() else "nd"


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
            while candidate in taken:  # "smith2024llamaa" might be someone's base key
                suffix += "x"
                candidate = key + suffix
            taken.add(candidate)
            out[i] = candidate
    return out


def _suffix(n: int) -> str:
    """0 → a, 25 → z, 26 → aa: as many as needed."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def _author(name: str) -> str:
    """One name, braced whole when BibTeX would misread it ("R and D Team", "A, B, C, D")."""
    text = latex_escape(name)
    if _AND.search(text) or text.count(",") > 2:
        return "{" + text + "}"
    return text


def entry(paper: Paper, key: str) -> str:
    names = [n for n in (_author(a) for a in paper.authors) if n]
    fields = [("title", "{" + latex_escape(paper.title) + "}")]
    if names:
        fields.append(("author", " and ".join(names)))
    year = _year(paper)
    if year != "nd":  # the key says "nd"; the entry just has no year
        fields.append(("year", year))
    fields += [
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
