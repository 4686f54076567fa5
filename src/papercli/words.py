"""Word helpers: counted nouns for messages ("1 paper", "2 papers", "3 watches"), a
word's singular (an AI keyword's spellings, a ranked paper's terms), the line an empty
library says (`empty_library`), and text as the search index parts it into words
(`indexed_text`: CJK as pairs of letters, C++ and C# as words of their own).

A leaf module (no project imports) so that every layer, from the Hub client to the CLI, says its
counts the same way, and the index and the word filters part text alike.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


def number(n: int) -> str:
    """A count as every human-facing message writes it: thousands separated (14,600)."""
    return f"{n:,}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """`n` (thousands separated: 14,600) and the noun, singular for exactly one; `many`
    for irregular plurals."""
    return f"{number(n)} {word}" if n == 1 else f"{number(n)} {many or word + 's'}"


def empty_library(so: str) -> str:
    """What a command with nothing to show of an empty library says, the one way for every
    one of them (search, for-you, export, families, orgs, trends): that it is empty, `so`
    what ("nothing is ranked yet"), and what fills it. (`papers sync` alone fills the last
    30 days; `so` of 24 characters or fewer keeps the note's line, "papers: the library
    is empty, so …", within 80 columns.)"""
    return f"the library is empty, so {so} (papers sync fills it)"


def none_match(n: int, noun: str, says: Sequence[str], *, whose: str = "the",
               then: str = "") -> str:
    """"none of the 3 listed papers has a model on the Hub": what none of `n` papers
    does, `says` the verb phrases each would have to ("has a code repository",
    `filters.Filter.says`). For exactly one, the phrase denied: "the only listed paper
    does not contain the word moe" ("none of the 1 listed paper matches" read as a slip).
    `whose`: "your"; `then`: words after the noun ("of 2026-08-20")."""
    after = f" {then}" if then else ""
    if n == 1:
        return f"{whose} only {noun}{after} {denied(says)}"
    return f"none of {whose} {plural(n, noun)}{after} {joined(says)}"


# Verbs a run of phrases says once: "is by Hinton and in category cs.LG".
_SHARED = ("is", "has")


def joined(says: Sequence[str]) -> str:
    """Verb phrases as one: "contains the word moe and is by Hinton"; a run of phrases
    with the same "is" or "has" says it once, with the words after it they share ("has a
    code repository and a model on the Hub", "is dated 2024-01-01 or later and
    2024-06-30 or earlier"), and three or more take commas ("matches 'x', is from arXiv
    and …")."""
    runs: list[list[list[str]]] = []
    for phrase in says:
        words = phrase.split(" ")
        if runs and words[0] in _SHARED and runs[-1][0][0] == words[0]:
            runs[-1].append(words)
        else:
            runs.append([words])
    return listed([_said_once(run) for run in runs])


def _said_once(run: Sequence[Sequence[str]]) -> str:
    """Phrases the words they start with said once: "is by X and in category Y"."""
    if len(run) == 1:
        return " ".join(run[0])
    shared = 0  # (each phrase keeps one word at least)
    while all(shared < len(words) - 1 and words[shared] == run[0][shared] for words in run):
        shared += 1
    while run[0][shared - 1] in ("a", "an", "the"):  # "a code repository and a model"
        shared -= 1
    return " ".join(run[0][:shared]) + " " + listed([" ".join(w[shared:]) for w in run])


def listed(parts: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"; "a, b and c, and d" where a part has an "and" of
    its own (which "and" ends the list was not clear)."""
    if len(parts) == 1:
        return parts[0]
    last = ", and " if len(parts) > 2 and any(" and " in p for p in parts) else " and "
    return ", ".join(parts[:-1]) + last + parts[-1]


def denied(says: Sequence[str]) -> str:
    """What one paper does not do, of verb phrases `joined` would say: "does not have a
    model on the Hub", "is not in category cs.*", "was not submitted by x"; of several,
    "is not one that contains the word moe and is by Hinton" (a bare "does not contain
    … and is not …" read as neither)."""
    if len(says) > 1:
        return f"is not one that {joined(says)}"
    verb, _, rest = says[0].partition(" ")
    if verb in ("is", "was"):
        return f"{verb} not {rest}"
    return f"does not {'have' if verb == 'has' else _base(verb)} {rest}"


def _base(verb: str) -> str:
    """A verb's base from its third person: "contains" contain, "matches" match."""
    if verb.endswith(("ches", "shes", "sses", "xes", "zes")):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def closest(name: str, known: Sequence[str]) -> str | None:
    """The one of `known` that `name` is most like, in any case (`lama` is LLaMA, not
    Mamba), for a "did you mean" (an unknown --family, a tag no paper carries, a choice);
    None when none is close. Of two as like it, the one it begins as (`riss` is ris, not
    rss: difflib alone took the later in the alphabet), then difflib's. difflib, imported
    only on this error path (~8 ms)."""
    import difflib
    from itertools import takewhile
    from operator import eq

    lowered = {k.lower(): k for k in known}
    typed = name.lower()
    matcher = difflib.SequenceMatcher(b=typed)

    def likeness(choice: str) -> tuple[float, int, str]:
        matcher.set_seq1(choice)  # (as difflib measures it: the choice first)
        begun = sum(1 for _ in takewhile(bool, map(eq, choice, typed)))  # letters alike
        return matcher.ratio(), begun, choice

    # The close ones alone measured again (difflib passes over the far ones cheaply).
    hits = difflib.get_close_matches(typed, list(lowered), n=len(lowered) or 1)
    return lowered[max(map(likeness, hits))[2]] if hits else None


def first_few(items: Sequence[str], shown: int) -> str:
    """"a, b, c and 12 more": the first `shown` items, and how many more (thousands
    separated), where naming them all would fill the message."""
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {number(more)} more" if more > 0 else "")


def count(shown: int, total: int, noun: str = "paper", at_least: bool = False) -> str:
    """"3 of 243 papers" when the limit cut, else "243 papers" ("1 paper"); "3 of at least
    243 papers" when the source counted only that many. A noun that does not take an s
    ("starred") stays as it is; every number is thousands separated ("3 of 1,100
    starred")."""
    words = plural(total, noun) if noun == "paper" else f"{number(total)} {noun}"
    if shown < total:
        cut = number(shown)
        return f"{cut} of at least {words}" if at_least else f"{cut} of {words}"
    return words


def singular(word: str) -> str:
    """A (lower-case) word's singular by English's regular rules, for telling that two
    words are one ("agents", "agent"; "policies", "policy"; "harnesses", "harness"): not
    a stemmer, and the few irregular plurals stay apart. A word of three letters or
    fewer, or ending in ss, us or is ("loss", "corpus", "analysis"), is its own."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


# Han (with 々 and 〇), Hiragana, Katakana (half-width too) and Hangul: scripts written
# without spaces between words (Korean between phrases only), as spans of code points.
_CJK_SPANS = ((0x1100, 0x11FF), (0x3005, 0x3005), (0x3007, 0x3007), (0x3040, 0x30FF),
              (0x3130, 0x318F), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F), (0x20000, 0x3134F))
# The same letters as the inside of a regular expression's class, "[{CJK}]".
CJK = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in _CJK_SPANS)
_CJK_RUN = "[{cjk}]+"


@cache
def cjk_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern`, where "{cjk}" stands for the CJK letters, compiled the first time it is
    asked for. A class of them costs re 5-10 ms to compile (it visits every code point of
    its ranges): compiled at import, five such classes took 30 ms of every start-up
    (`papers starred` took 210), while most runs never meet a CJK letter."""
    return re.compile(pattern.replace("{cjk}", CJK), flags)


def is_cjk(char: str) -> bool:
    """Whether the one character `char` is a CJK letter: no regular expression to compile."""
    point = ord(char)
    return point >= 0x1100 and any(a <= point <= b for a, b in _CJK_SPANS)


def has_cjk(text: str) -> bool:
    """Whether `text` holds a CJK letter (ASCII text is told at once)."""
    return not text.isascii() and cjk_pattern(_CJK_RUN).search(text) is not None


def cjk_bigrams(text: str) -> str:
    """`text` with each run of CJK letters as its overlapping pairs of letters, apart
    ("日本語の" -> " 日本 本語 語の "), a lone letter as itself: what the index holds and
    what a query asks, so a word inside a run is found without a dictionary, as search
    engines do. The tokenizer keeps a run whole (its letters are all word letters), so
    "日本語の大規模言語モデル" was one word, found by no part of it, and a run of 40 bytes
    or more was not held at all. Text without CJK is returned as it is."""
    if not has_cjk(text):
        return text
    return cjk_pattern(_CJK_RUN).sub(_pairs, text)


def _pairs(run: re.Match[str]) -> str:
    letters = run.group()
    if len(letters) == 1:
        return f" {letters} "
    return " " + " ".join(letters[i:i + 2] for i in range(len(letters) - 1)) + " "


# A language's or a tool's name that the index's tokenizer cut to its letters, dropping
# the marks: `++` after a word of letters (C++, g++, Notepad++), `#` after one letter
# (C#, F#, Q#; a hashtag or an issue's #12 is none). `symbol_words` holds each as a
# word of its own ("cplusplus", "csharp"), so `search C++` is no search for "c".
_SYMBOL_NAME = re.compile(r"(?<![\w+#.])(?:([^\W\d_]+)\+\+|([^\W\d_])#)(?![^\W\d_]|[+#])")


def symbol_words(text: str) -> str:
    """`text` with each `_SYMBOL_NAME` as one word apart ("C++17" -> " Cplusplus 17", "F#"
    -> " Fsharp "): what the index holds and what a query asks (`indexed_text`). Papers
    about C and C++ were one word, "c", found by both searches alike."""
    if "+" not in text and "#" not in text:  # (most text: no expression run)
        return text
    return _SYMBOL_NAME.sub(
        lambda m: f" {m[1]}plusplus " if m[1] else f" {m[2]}sharp ", text)


def indexed_text(text: str) -> str:
    """A text as the search index parts it into words, and a query as it asks them:
    `symbol_words`, then `cjk_bigrams`."""
    return cjk_bigrams(symbol_words(text))


def is_cjk_letter(text: str) -> bool:
    """Whether `text` is one CJK letter (`cjk_bigrams`)."""
    return len(text) == 1 and is_cjk(text)


# A word as `-k` takes it typed on a command line: letters and digits, hyphens inside, 30
# at most (a word the shell split off, offered back as `-k WORD`: `papers today llava`).
_KEYWORD = re.compile(r"[^\W_][\w-]{0,29}")
_LETTER = re.compile(r"[^\W\d_]")


def keyword_shaped(word: str, *, letter: bool = True) -> bool:
    """Whether `word` is one `-k` takes as typed (`_KEYWORD`), a letter among its
    characters unless `letter` is False: the command line's and the browser's "did you
    mean -k WORD?" read words by this one rule."""
    return bool(_KEYWORD.fullmatch(word)) and (not letter or bool(_LETTER.search(word)))
