"""An author's name in parts and back: the library keeps one string a name ("Hugo
Touvrel", as the Hub and arXiv give it), the reference formats a family and a given name
(CSL `{family, given}`, RIS `Last, First`, BibTeX `Last, First`).

`split_name` is the one rule that tells the parts of a library name (the exports' CSL
names, RIS `AU` lines and BibTeX authors), and `joined` its inverse for `papers import`:
the string whose parts `split_name` gives back as the file gave them, so a name read
from a file is exported again as it was written ("García Márquez, Gabriel" stays one
family name; `王, 小明` is "王 小明", family name first as it is written in CJK).
`shown_name` is how every view names an author: a file's "García Márquez, Gabriel" as
"Gabriel García Márquez", as the Hub's names are written.
No project imports but `sanitize` and `words`: the exporters and `bibimport` both read it.
"""

from __future__ import annotations

import re

from papercli.sanitize import clean_line
from papercli.words import has_cjk

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# A name in Han, kana or Hangul (`words.has_cjk`) and no Latin letter is written family name
# first, usually without a space.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

# The last word of a group's name, any case ("Kimi Team", "QX AI Research", "Loom Lab",
# "Xiaolanshu Inc"); "AI" only in capitals ("Confluence AI"), as "Ai" is a surname
# (Mingrui Ai). "Team" may come first too, as the Hub lists some ("Team Yunhai3D").
_GROUP_WORDS = frozenset(
    {"team", "collaboration", "consortium", "contributors", "lab", "labs", "inc", "research"}
)


def is_cjk_name(name: str) -> bool:
    """Whether `name` is written in CJK script alone (`王小明`, `王 小明`), family name
    first."""
    return has_cjk(name) and not _LATIN.search(name)


def is_group(name: str) -> bool:
    """Whether an author is a group ("Kimi Team", "The Varo-Team", "ATLAS Collaboration",
    "Team Yunhai3D", "Confluence AI"): a name kept whole, since split as a person's it is
    cited as "Team, K." or "Yunhai3D, T."."""
    words = re.split(r"[\s-]+", name.strip())
    if len(words) < 2 or "," in name:
        return False
    last = words[-1].lower().rstrip(".")  # ("Inc.")
    return last in _GROUP_WORDS or words[-1] == "AI" or words[0].lower() == "team"


def split_name(name: str) -> dict[str, str]:
    """`{family, given}` of one author name as the library has it ("Hugo Touvrel"), or
    `{literal}` of a group's. The family name is the last word of a "First Last" name with
    any lowercase particles before it (`van`, `de`), what comes before the comma of
    "Last, First", or the first word of a name in CJK script (`王 小明`); one written
    without a space (`王小明`) is one family name, whose parts no rule can tell."""
    text = clean_line(name, 300)
    if is_group(text):
        return {"literal": text}
    if "," in text:
        family, _, given = text.partition(",")
        out = {"family": family.strip(), "given": given.strip()}
        return {k: v for k, v in out.items() if v} or {"literal": text}
    words = text.split()
    if len(words) < 2:
        return {"family": text} if text else {}
    if is_cjk_name(text):
        return {"family": words[0], "given": " ".join(words[1:])}
    end = len(words)
    suffix = ""
    if words[-1].lower() in _SUFFIXES and len(words) > 2:
        suffix = words[-1]
        end -= 1
    start = end - 1
    while start > 1 and words[start - 1][:1].islower():  # van, de, von, da
        start -= 1
    out = {"family": " ".join(words[start:end]), "given": " ".join(words[:start])}
    if suffix:
        out["suffix"] = suffix
    return out


def joined(family: str, given: str = "", suffix: str = "") -> str:
    """The library's string for a name a file gives in parts: "Given Family Suffix" as
    the Hub writes names, when `split_name` reads those parts back from it; else, for a
    name in CJK script, "Family Given"; else "Family, Given" (a family name of two
    words, "García Márquez", which "Gabriel García Márquez" would lose to "Márquez"). A
    file's "Kimi Team" written as a person's parts stays the group's name."""
    family, given, suffix = (" ".join(part.split()) for part in (family, given, suffix))
    if not given:
        return " ".join(p for p in (family, suffix) if p)
    if not family:
        return " ".join(p for p in (given, suffix) if p)
    want = {"family": family, "given": given} | ({"suffix": suffix} if suffix else {})
    natural = " ".join(p for p in (given, family, suffix) if p)
    if is_group(natural) or split_name(natural) == want:
        return natural
    if suffix:
        return natural  # (no other form of ours keeps a suffix apart)
    for candidate in (f"{family} {given}", f"{family}, {given}"):
        if split_name(candidate) == want:
            return candidate
    return natural


def shown_name(name: str) -> str:
    """An author as the listings, `show` and the browser name one: "Given Family", as the
    Hub writes names. A name `joined` kept as "Family, Given" (a family name of two words
    a file gave: "Pérez Ortega, Lucía") reads "Lucía Pérez Ortega" (it was shown with its
    comma, unlike every other author); the stored string, which the exports split back
    into its parts, is left as it is. A name with more than one comma, or none, is shown
    as it is."""
    family, comma, given = name.partition(",")
    if not comma or "," in given or not family.strip() or not given.strip():
        return name
    return f"{given.strip()} {family.strip()}"
