"""Make untrusted text safe to show: no terminal escapes, no control characters, nothing
that reorders a line (bidi controls) or hides in it (zero-width and other invisible format
characters; a joiner only where it joins two characters of writing).

Everything from the Hub, a config file or an imported file goes through here on the way
in (so the library holds clean text) and again on the way out (so an old or hand-edited
library cannot smuggle escapes into a terminal or a document).
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and
# two-character escapes. Removed whole, so no "[2J" debris is left behind.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[@-Z\\-_]"  # 7-bit C1
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# Every Unicode Bidi_Control character: the marks (ALM U+061C, LRM U+200E, RLM U+200F), the
# embeddings and overrides (U+202A-U+202E) and the isolates (U+2066-U+2069). Any of them can
# make a line display in another order than it reads ("Trojan Source").
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# The line breaks that are not a newline: NEL (U+0085, a C1 control), LINE SEPARATOR and
# PARAGRAPH SEPARATOR (U+2028, U+2029). Each stands between two words, so it becomes a
# space: dropped, it glued them together ("word\x85next" read "wordnext").
_BREAKS = re.compile("[\x85\u2028\u2029]")
# Format characters that show as nothing, and so hide what a line holds: ZERO WIDTH SPACE
# (U+200B), WORD JOINER and the invisible maths operators (U+2060-U+2064), the deprecated
# format controls (U+206A-U+206F), ZERO WIDTH NO-BREAK SPACE / byte-order mark (U+FEFF),
# SOFT HYPHEN (U+00AD), MONGOLIAN VOWEL SEPARATOR (U+180E), the interlinear annotation
# marks (U+FFF9-U+FFFB) and the tag characters (U+E0000-U+E007F: invisible ASCII, the
# "ASCII smuggling" of hidden instructions). Inside a word they split it for the search
# index ("Trans\u200bformers" is not found by "transformers") and for a reader's eye alike.
_INVISIBLE = "\u00ad\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
# Unicode's noncharacters: U+FDD0-U+FDEF and the last two code points of every plane
# (U+FFFE, U+FFFF, U+1FFFE ... U+10FFFF), which Unicode keeps for a program's own use and
# never as text. They show as a box or nothing, split a word for the index, and passed
# into the CSV, BibTeX, RIS and Markdown exports.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
# What shows as nothing or reorders a line, wherever it stands: the bidi controls, the line
# breaks above (made spaces first), lone surrogates (JSON allows "\ud800"; they cannot be
# written as UTF-8), the invisible format characters and the noncharacters.
_HIDING = f"{_BIDI}\\u2028\\u2029\\ud800-\\udfff{_INVISIBLE}{_NONCHARACTERS}"
# What ZERO WIDTH JOINER and NON-JOINER (U+200D, U+200C) may stand between: a character
# that is neither ASCII, nor space, nor one of the controls and format characters here.
# Between two such they are writing (an emoji sequence 👩\u200d💻, a Devanagari conjunct
# क्\u200dष, Persian's half-space می\u200cخواهم) and are kept; anywhere else (in a Latin
# word, at an edge, beside a space) they only hide something, and go.
_JOINERS = "\\u200c\\u200d"
_JOINS = f"[^\\x00-\\x7f\\x85\\xa0\\s{_HIDING}{_JOINERS}]"
_LOOSE_JOINER = f"[{_JOINERS}](?:(?!{_JOINS})|(?<!{_JOINS}[{_JOINERS}]))"
# A subdivision flag (🏴 + tag letters + CANCEL TAG: England's, Scotland's, Wales'): the one
# use of tag characters that shows as something; kept whole (group 1, put back by `_KEEP`).
_FLAG = "(\U0001f3f4[\U000e0020-\U000e007e]{1,32}\U000e007f)"
_KEEP = r"\1"
# C0 (minus tab/newline), DEL, C1, everything `_HIDING`, and a joiner that joins nothing;
# substituted with `_KEEP`, so a flag stays.
_C0_C1 = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"
_CONTROL = re.compile(f"{_FLAG}|[{_C0_C1}{_HIDING}]|{_LOOSE_JOINER}")
# The same for a whole document on its way to stdout, which keeps its line endings (\r\n in
# CSV) as well as tabs and newlines; a lone \r (which redraws the line over) goes.
_C0_C1_DOC = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
_TERMINAL = re.compile(f"{_FLAG}|[{_C0_C1_DOC}{_HIDING}]|{_LOOSE_JOINER}|\\r(?!\\n)")
# Every character either may take out, as one class (a lone \r apart: `_LONE_CR`): a text
# without any (most text: one scan in C) is given back as it is, where the expressions'
# alternatives would cost ten times as much to learn so.
_SUSPECT = re.compile(f"[{_C0_C1}{_HIDING}{_JOINERS}]")
_SUSPECT_DOC = re.compile(f"[{_C0_C1_DOC}{_HIDING}{_JOINERS}]")
_LONE_CR = re.compile("\r(?!\n)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# arXiv's abstracts (its API, its snapshot, and the Hub's copies of them) are hard-wrapped,
# and a line that starts indented (two spaces, as arXiv writes it) begins a new paragraph
# ("...last line.\n  Next one"). One space is not taken for one: the Hub's copy has a line
# that starts " is designed" where it dropped a LaTeX macro, mid-sentence.
_INDENTED_BREAK = re.compile(r"\n\s*\n|\n[ \t]{2,}(?=\S)")


def strip_controls(text: str) -> str:
    """Drop escape sequences, control characters, bidi controls and invisible format
    characters, keep tabs and newlines; the other line breaks (`_BREAKS`) become spaces."""
    if not text:
        return ""
    # The common cases: printable ASCII has none of them (two scans in C, a fifth of the
    # expression's time on an abstract); else one scan of the expression, no copies.
    if (text.isascii() and text.isprintable()) or _SUSPECT.search(text) is None:
        return text
    return _CONTROL.sub(_KEEP, _spaced(_ANSI.sub("", text)))


def _spaced(text: str) -> str:
    """`text` with each of `_BREAKS` a space."""
    return _BREAKS.sub(" ", text) if _BREAKS.search(text) else text


def for_terminal(text: str) -> str:
    """A document (a table, JSON, a config listing) made safe to print: escape sequences and
    control characters gone, line endings, tabs and newlines kept. The last line of defence
    for stdout (`output.write_stdout`), whatever a command forgot to clean."""
    if not text or (_SUSPECT_DOC.search(text) is None
                     and ("\r" not in text or _LONE_CR.search(text) is None)):
        return text
    return _TERMINAL.sub(_KEEP, _spaced(_ANSI.sub("", text)))


def _folded(text: str) -> str:
    """Each run of whitespace as one space, none at either end: `" ".join(text.split())`,
    whose split and join cost 10 us an abstract on import, skipped where they would give
    the text back. Only for text `strip_controls` has been through: in ASCII text the
    whitespace left is then space, tab, newline and carriage return."""
    if (text.isascii() and "  " not in text and "\t" not in text and "\n" not in text
            and "\r" not in text and text[:1] != " " and text[-1:] != " "):
        return text
    return " ".join(text.split())


def clean_line(value: object, max_len: int = 2000) -> str:
    """A one-line field (title, author name): controls gone, whitespace folded."""
    if value is None:
        return ""
    return _folded(strip_controls(str(value)))[:max_len]


# `clean_block` cleans a prefix of a long text, not all of it: RAW_PER_KEPT raw characters
# for each one kept at first (folded whitespace and dropped controls make the clean text
# shorter), more while what the prefix gives falls short of the limit by BLOCK_SLACK. The
# slack is the cleaned prefix's last characters, which can differ from the whole text's
# (an escape sequence or a paragraph break cut in two at the prefix's end). Cleaning a
# 5 MB abstract whole before keeping its first 20,000 characters took ~1 s.
RAW_PER_KEPT = 4
BLOCK_SLACK = 1000


def clean_block(value: object, max_len: int = 20000, *, indents: bool = False) -> str:
    """A paragraph field (abstract): controls gone, line wraps folded, paragraphs kept,
    one blank line between two, cut after `max_len` characters. `indents`: a line that
    starts indented begins a paragraph too, as in arXiv's abstracts; not for other text,
    where an indented line is often a wrapped one (a .bib file's value lined up under its
    first line)."""
    if value is None:
        return ""
    text = str(value)
    raw = RAW_PER_KEPT * (max_len + BLOCK_SLACK)
    while len(text) > raw:  # (a long text: a prefix of it, see RAW_PER_KEPT)
        cleaned = _block(text[:raw], indents)
        if len(cleaned) >= max_len + BLOCK_SLACK:
            return cleaned[:max_len]
        raw *= RAW_PER_KEPT
    return _block(text, indents)[:max_len]


def _block(text: str, indents: bool) -> str:
    """`clean_block`'s text, whole."""
    text = strip_controls(text)
    if "\n" not in text and "\r" not in text:
        return _folded(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (_INDENTED_BREAK if indents else _PARAGRAPH_BREAK).split(text)
    return "\n\n".join(_folded(p) for p in paragraphs).strip()


QUOTED_MAX = 60  # characters of what was given that a message quotes
_MARKS_BACK = 16  # at most this many marks are taken off with their letter at a cut
# A byte kept by surrogateescape as repr writes it (`\\udce9`), after an even run of
# backslashes: an odd one would make it a backslash typed before the letters `udce9`.
_KEPT_BYTE = re.compile(r"(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])")


def quoted(text: str, limit: int = QUOTED_MAX) -> str:
    """`text` as a message quotes what was given (an argument, a tool's argument, a file's
    value): in quotes, with each control character, escape, bidi control or other
    unprintable character written as its escape (repr's `\\x1b`, `\\u202e`), so the message
    shows what was given and nothing in it acts on the terminal; a backslash typed shows
    once, as typed (`C:\\path`, not repr's doubled one). Cut after `limit`
    characters, "…" inside the quotes: a pasted page would fill the one error line and
    hide its hint. A cut never leaves a letter without its accents (`e` + U+0301). A byte
    that was not UTF-8 (an argument or a variable Python kept as U+DC80-U+DCFF) shows as
    the byte it was, `\\xe9`."""
    cut = len(text)
    if cut > limit:
        cut = limit
        while cut > max(0, limit - _MARKS_BACK) and _is_mark(text[cut]):
            cut -= 1  # (back to the letter the marks belong to, which goes with them)
        if cut == 0 or _is_mark(text[cut]):  # nothing would be left, or no letter holds
            cut = limit  # so many marks: the cut goes inside the run
    shown = repr(text[:cut])
    if not is_text(text):
        shown = _KEPT_BYTE.sub(r"\1\\x\2", shown)
    # A typed backslash once, as typed: repr's `\\` showed `papers search 'C:\path'` as
    # 'C:\\path'. (Its other escapes start with one backslash, so the pairs are typed ones.)
    # But not where a backslash once would make a quote read as escaped: before the closing
    # quote ('a\' looked unclosed) or where repr escaped a quote inside (text holding both
    # kinds); there repr's form, every backslash `\\`, is the one that reads right.
    if not _quote_after_backslash(text[:cut], shown[0], cut == len(text)):
        shown = shown.replace("\\\\", "\\")
    return shown if cut == len(text) else shown[:-1] + "…" + shown[-1]


def _quote_after_backslash(text: str, quote: str, whole: bool) -> bool:
    """Whether a backslash of `text`, shown once in `quoted`'s `quote`s, would stand before a
    quote: the closing one (`text` ends with it, and is `whole`, not cut before a "…") or
    one repr escaped (`\\'` inside)."""
    return "\\" in text and ((whole and text.endswith("\\")) or quote in text)


def _is_mark(char: str) -> bool:
    """Whether `char` is a combining mark (an accent, a vowel sign, a variation selector),
    which shows on the character before it."""
    return unicodedata.category(char).startswith("M")


def lookalike_digits(text: str) -> bool:
    """Whether `text` holds a digit other than 0-9 (fullwidth, Arabic-Indic, Devanagari,
    a superscript...): int() and date parsing read some of them, but whoever typed `５`
    had an input method left on and meant something else. Only such a digit: other text
    that is not ASCII beside the digits 0-9 (`août 2026`, `5é`) was told to "type it with
    the digits 0-9", which it was. The one test of the idea, for a number, a date and a
    paper id alike (`reading.parse_ids` never cuts such a digit off its error line)."""
    return not text.isascii() and any(ch.isdigit() and not ch.isascii() for ch in text)


def is_plain(text: str) -> bool:
    """Whether `text` shows as itself on one line: no control character, escape, bidi
    control, line or paragraph separator, or other unprintable character (a space is
    fine). For names a person types and a shell offers back (watches, families)."""
    return text.isprintable() and _CONTROL.search(text) is None


def candidates(values: list[str]) -> list[str]:
    """Shell-completion values safe to print: one that is not plain is dropped, not
    cleaned (cleaned, it would name something that does not exist; with a newline, the
    shell would take it for two values)."""
    return [v for v in values if v and is_plain(v)]


_WEB_SCHEMES = ("http", "https")


def safe_url(url: object) -> str | None:
    """`url` when it may be handed to a web browser: an http(s) link with a host and
    nothing unprintable; None otherwise (`javascript:`, `file:`, `data:`, a `-option`...).
    Every URL that is launched goes through here (`papers open`, the browser's keys):
    a library row or config value can be tampered with, so its scheme is checked at the
    last moment, not only where the Hub's JSON is parsed."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or not 0 < len(url) <= 8000 or not is_plain(url):
        return None
    if " " in url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # "http://[::1" and the like
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not host:
        return None
    return url



_SURROGATE = re.compile("[\\ud800-\\udfff]")


def is_text(value: str) -> bool:
    """Whether `value` can be written as UTF-8: no lone surrogate (what Python keeps of a
    byte an argument's encoding could not decode, and what JSON's "\\udcff" gives), which
    neither the search index, SQLite nor a file can hold as text."""
    return value.isascii() or _SURROGATE.search(value) is None
