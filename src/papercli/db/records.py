"""Records read back from disk are untrusted too: the one boundary they pass through.

A library or user database can be damaged by a crash of another tool, a sync service, a
disk or a person editing it with `sqlite3`. So every row is checked where it is read, the
way Hub JSON is checked where it arrives (models.py): a field of the wrong type or shape is
dropped (its default is used), and a row that cannot make a record at all (no valid id, no
title) is left out. Either way the row is counted here, once per command and file, and the
command line says once, at the end, how many it met (`report_line`). Nothing read from
disk can then end a command with "unexpected ... please report it".
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from papercli.models import (
    ACCOUNT,
    MAX_NAME,
    Account,
    Paper,
    _as_int,
    _as_stars,
    _as_url,
    is_valid_id,
    normalize_timestamp,
)

# The order of the library's paper columns (schema.PAPER_COLUMNS) and of Paper's fields.
COLUMNS = (
    "id", "title", "summary", "authors", "published_at", "submitted_at", "upvotes",
    "comments", "github_repo", "project_page", "ai_summary", "ai_keywords", "families",
    "github_stars", "submitter", "withdrawn_at", "thumbnail", "org_name", "org_fullname",
    "categories", "primary_category", "version", "updated_at", "comment", "journal_ref", "doi",
    "sources", "num_models", "num_datasets", "num_spaces", "author_accounts",
)

# -- the tally of damaged records met by this command ---------------------------------------

_lock = threading.Lock()  # the browser reads in worker threads
_found: dict[str, dict[str, bool]] = {}  # file name -> record key -> left out entirely?


def note(where: str, key: object, *, skipped: bool) -> None:
    """Count one damaged record of file `where` (each record once, however often read)."""
    name = key if isinstance(key, str) else repr(key)[:100]
    with _lock:
        records = _found.setdefault(where, {})
        records[name] = records.get(name, False) or skipped


def begin() -> None:
    """Forget what earlier commands met (the command line runs one command per call)."""
    with _lock:
        _found.clear()


def take() -> dict[str, tuple[int, int]]:
    """file -> (records left out, records shown without their damaged fields); resets."""
    with _lock:
        counts = {where: (sum(records.values()), len(records) - sum(records.values()))
                  for where, records in _found.items() if records}
        _found.clear()
    return counts


def report_line(counts: dict[str, tuple[int, int]]) -> str | None:
    """The one warning line for what `take` returned, naming what lists and repairs them."""
    if not counts:
        return None
    from papercli.words import plural

    parts = []
    for where in sorted(counts):
        skipped, partial = counts[where]
        bits = []
        if skipped:
            bits.append(f"skipped {plural(skipped, 'damaged record')}")
        if partial:
            bits.append(f"showed {plural(partial, 'damaged record')} without its bad fields"
                        if partial == 1 else
                        f"showed {plural(partial, 'damaged record')} without their bad fields")
        parts.append(f"{' and '.join(bits)} in {where}")
    hints = ["papers cache info --check lists them"]
    if any(where != "user.db" for where in counts):
        hints.append("papers cache clear then papers sync replaces the library's")
    if "user.db" in counts:
        hints.append("starring or marking a paper again rewrites its record in user.db")
    return f"{'; '.join(parts)} — {'; '.join(hints)}"


class Findings:
    """What a full check of one database found (`papers cache info --check`): how many damaged
    records, and the first few of them, each as {"table", "key", "fields", "skipped"}."""

    SAMPLE = 20

    def __init__(self) -> None:
        self.count = 0
        self.sample: list[dict[str, object]] = []

    def add(self, table: str, key: object, fields: Sequence[str], *, skipped: bool) -> None:
        self.count += 1
        if len(self.sample) < self.SAMPLE:
            shown = key if type(key) is str else repr(key)[:60]
            self.sample.append({"table": table, "key": shown, "fields": list(fields),
                                "skipped": skipped})

    def marks(self, table: str, rows: Iterable[Sequence[object]]) -> None:
        """Check (paper id, time) rows of a marks table."""
        for pid, when in rows:
            if not paper_id(pid):
                self.add(table, pid, ["paper_id"], skipped=True)
            elif not timestamp(when)[1] or when is None:
                self.add(table, pid, [f"{table}.time"], skipped=False)

    def meta(self, rows: Iterable[Sequence[object]]) -> None:
        for key, value in rows:
            if type(key) is not str or type(value) is not str:
                self.add("meta", key, ["value"], skipped=True)

    def as_dict(self) -> dict[str, object]:
        return {"count": self.count, "records": self.sample}


# -- compressed text ----------------------------------------------------------------------------

# Long text columns (abstract, AI summary) are stored zlib-compressed as a BLOB, which
# roughly halves the library; shorter text stays TEXT, where compressing gains nothing.
# The column's type says which it is. A blob that does not inflate to UTF-8 within the
# limit is a damaged field like any other (a hostile blob cannot balloon memory).
# Deflated by ISA-L (the `isal` package), read back by the standard zlib: the same
# format (zlib's wrapper, the same preset dictionary), so every papercli reads every
# library. ISA-L's level 3 took 15 us an abstract where zlib's level 6 took 37-49, for
# 10-16 bytes more (real archive: 634 against 623; the bench's papers: 772 against 755).
PACK_MIN = 160  # characters below which text is stored as it is
PACK_LEVEL = 3  # ISA-L's highest (0-3)
PACK_WINDOW = 12  # 4 KiB: the dictionary and a whole abstract
UNPACK_LIMIT = 1 << 18  # bytes a stored text may inflate to (20,000 characters of UTF-8)
# A preset dictionary of words every abstract uses: deflate can refer to them from the
# first sentence on, which a 1,400-character text otherwise cannot (11% smaller on real
# Daily Papers abstracts). Part of the stored format: zlib records its checksum in each
# blob, so it must never change (a new one would be a second constant, chosen by it).
PACK_DICTIONARY = (
    "the of and to in a is for we that with on this by as are our from an be which can "
    "model models language large learning data performance results show propose proposed "
    "method methods approach framework based using training trained task tasks existing "
    "across such these it its while however novel paper benchmark benchmarks experiments "
    "demonstrate state-of-the-art significantly improve improves improved generation "
    "reasoning multimodal visual vision text image images video tokens token inference "
    "efficient efficiency accuracy evaluation evaluate datasets dataset fine-tuning "
    "reinforcement LLMs large language models agents agent diffusion high quality achieves "
    "outperforms code available at https://github.com/ we introduce In this work, we "
    "propose To address this, Furthermore, Moreover, Additionally, Extensive experiments "
    "show that both not have has more than only also into through between their other new "
    "well different key challenges"
).encode("ascii")


def pack(text: str | None) -> str | bytes | None:
    """A text column's value as stored: compressed when long enough to gain."""
    if text is None or len(text) < PACK_MIN:
        return text
    from isal import isal_zlib  # lazy: only writes compress (2 ms to import)

    packer = isal_zlib.compressobj(PACK_LEVEL, isal_zlib.DEFLATED, PACK_WINDOW, 8,
                                   isal_zlib.Z_DEFAULT_STRATEGY, PACK_DICTIONARY)
    return packer.compress(text.encode("utf-8", "replace")) + packer.flush()


class _Damaged:
    """What a blob that cannot be read unpacks to: neither text nor NULL, so the row
    checks below count the field as damaged and use its default."""

    __slots__ = ()


DAMAGED = _Damaged()


def unpack(value: object) -> object:
    """A stored text column's value, inflated when it is a compressed BLOB; DAMAGED
    when such a blob is not one (anything else is returned as it is, to be checked)."""
    if type(value) is not bytes:
        return value
    try:
        inflater = zlib.decompressobj(zdict=PACK_DICTIONARY)
        data = inflater.decompress(value, UNPACK_LIMIT)
        if inflater.unconsumed_tail or not inflater.eof:
            return DAMAGED
        return data.decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return DAMAGED


# -- field checks ---------------------------------------------------------------------------


def text_or_none(value: object) -> tuple[str | None, bool]:
    """(value, ok): a text column that may be NULL; anything else is dropped."""
    if value is None or type(value) is str:
        return value, True
    return None, False


def timestamp(value: object) -> tuple[str | None, bool]:
    """(value, ok): a stored time is `YYYY-MM-DDTHH:MM:SSZ` (or NULL); other ISO forms are
    normalised, and a number, a BLOB or junk text is dropped."""
    if value is None:
        return None, True
    if type(value) is str:
        if len(value) == 20 and value[19] == "Z" and value[10] == "T":
            try:
                datetime.fromisoformat(value[:19])
                return value, True
            except ValueError:
                return None, False
        normal = normalize_timestamp(value)
        return normal, normal is not None
    return None, False


def day(value: object) -> tuple[str | None, bool]:
    """(value, ok): a stored `YYYY-MM-DD` day (or NULL)."""
    if value is None:
        return None, True
    if type(value) is str and len(value) == 10:
        try:
            datetime.strptime(value, "%Y-%m-%d")
            return value, True
        except ValueError:
            pass
    return None, False


def count(value: object) -> tuple[int, bool]:
    """(value, ok): a non-negative integer within SQLite's range; anything else is 0."""
    if type(value) is int and 0 <= value <= 2**62:
        return value, True
    return _as_int(value), False


# What `_decoded` gives for text that is not JSON (no decoded value is this object).
_BAD = object()


# json's decoder read from the text's first character (`raw_decode`), without json.loads's
# wrapping (which strips whitespace around the text and refuses a byte order mark): what
# papercli stores has neither, and `_decoded` gives any other text to json.loads itself,
# so the answer is json.loads's.
_scan = json.JSONDecoder().raw_decode


def _decoded(value: object) -> object:
    """A column's stored JSON text decoded; anything else (a star snapshot's list, NULL)
    as it is; `_BAD` for text that is not JSON. Each reader checks the shape itself.
    Every listed row has four of these: an array as papercli writes it (nothing around
    it) is scanned directly, without json.loads's wrapping; any other text, or text the
    scan refuses or does not read to its end, goes through json.loads, which decides."""
    if type(value) is not str:
        return value
    if value[:1] == "[":
        try:
            found, end = _scan(value)
            if end == len(value):
                return found
        except (ValueError, RecursionError):
            pass
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return _BAD


def string_list(value: object) -> tuple[tuple[str, ...], bool]:
    """(items, ok): a JSON array of strings (as stored text, or already a list in a star's
    snapshot); not JSON, not an array, or items that are not strings are dropped."""
    items = _decoded(value)
    if not isinstance(items, list | tuple):
        return (), False
    kept = tuple(v for v in items if type(v) is str)
    return kept, len(kept) == len(items)


def _names(value: object) -> tuple[tuple[str, ...], bool]:
    """Authors as `string_list` reads them, each cut to MAX_NAME: papercli stores none
    longer (models._authors), so a longer one was written by something else; cut, the
    search index can hold every name whole (`--author`'s exact term)."""
    names, ok = string_list(value)
    if max(map(len, names), default=0) <= MAX_NAME:
        return names, ok
    return tuple(name[:MAX_NAME] for name in names), False


def _sound_accounts(value: object) -> tuple[Account, ...] | None:
    """The authors' Hub accounts (models.Account) as stored: a JSON array (or a star
    snapshot's list) of [byline, account, display name] strings, each name at most
    MAX_NAME characters and the account a Hub name or ""; NULL (a snapshot from before
    them) is none; None for anything else."""
    if value is None or value == "[]":
        return ()
    items = _decoded(value)
    if type(items) is not list:
        return None
    kept: list[Account] = []
    for item in items:  # plain checks, no generator: every read of a row comes here
        if type(item) is not list or len(item) != 3:
            return None
        name, account, shown = item
        if (type(name) is not str or type(account) is not str or type(shown) is not str
                or len(name) > MAX_NAME or len(shown) > MAX_NAME
                or (account and not ACCOUNT.fullmatch(account))):
            return None
        kept.append((name, account, shown))
    return tuple(kept)


def _accounts(value: object) -> tuple[tuple[Account, ...], bool]:
    """(accounts, ok): `_sound_accounts`, the sound ones of a damaged value kept."""
    found = _sound_accounts(value)
    if found is not None:
        return found, True
    items = _decoded(value)
    if type(items) is not list:
        return (), False
    return tuple(one for item in items for one in _sound_accounts([item]) or ()), False


def _url(value: object) -> tuple[str | None, bool]:
    if value is None:
        return None, True
    url = _as_url(value)
    return url, url is not None


def _stars(value: object) -> tuple[int | None, bool]:
    if value is None:
        return None, True
    if type(value) is int and 0 <= value <= 2**62:
        return value, True
    return _as_stars(value), False


# -- whole records -----------------------------------------------------------------------


T = TypeVar("T")


class _Checker:
    """Takes a check's value and notes the field's name when the check failed."""

    __slots__ = ("bad",)

    def __init__(self, bad: list[str]) -> None:
        self.bad = bad

    def __call__(self, name: str, result: tuple[T, bool]) -> T:
        if not result[1]:
            self.bad.append(name)
        return result[0]


def paper(values: Sequence[object]) -> tuple[Paper | None, list[str]]:
    """(paper, names of the damaged fields) from values in COLUMNS order; paper is None
    when the values cannot make one (an id that is no paper id, no title).

    Every read of the library comes through here (an export of 200,000 papers too), so a
    sound row is taken in one pass of plain type checks; only a row that fails one is
    checked field by field."""
    (pid, title, summary, authors, published, submitted, upvotes, comments, repo, page,
     ai_summary, keywords, families, stars, submitter, withdrawn, thumbnail, org_name,
     org_fullname, categories, primary, version, updated, comment, journal_ref, doi,
     sources, models, datasets, spaces, accounts) = values
    if type(summary) is bytes or type(ai_summary) is bytes:
        summary, ai_summary = unpack(summary), unpack(ai_summary)
        values = (*values[:2], summary, *values[3:10], ai_summary, *values[11:])
    if type(pid) is not str or not is_valid_id(pid):
        return None, ["id"]
    if type(title) is not str or not title.strip():
        return None, ["title"]
    names, words, fams = _strings(authors), _strings(keywords), _strings(families)
    if (names is not None and words is not None and fams is not None
            and max(map(len, names), default=0) <= MAX_NAME
            and type(summary) is str and _sound_time(published) and _sound_time(submitted)
            and _sound_time(withdrawn) and type(upvotes) is int and 0 <= upvotes <= MAX
            and type(comments) is int and 0 <= comments <= MAX
            and (stars is None or (type(stars) is int and 0 <= stars <= MAX))
            and _sound_url(repo) and _sound_url(page) and _sound_url(thumbnail)
            and (ai_summary is None or type(ai_summary) is str)
            and (submitter is None or type(submitter) is str)
            and (org_name is None or type(org_name) is str)
            and (org_fullname is None or type(org_fullname) is str)
            and (cats := _word_list(categories, CATEGORY)) is not None
            and (seen := _word_list(sources, SOURCE)) is not None
            and _sound_word(primary, CATEGORY) and _sound_time(updated)
            and (version is None or (type(version) is int and 0 < version < 10_000))
            and short_text(comment) and short_text(journal_ref) and short_text(doi)
            and _sound_count(models) and _sound_count(datasets) and _sound_count(spaces)
            and (linked := _sound_accounts(accounts)) is not None):
        return Paper._make((pid, title, summary, names, published, submitted, upvotes,
                            comments, repo, page, ai_summary, words, fams, stars, submitter,
                            withdrawn, thumbnail, org_name, org_fullname, True, cats,
                            primary, version, updated, comment, journal_ref, doi,
                            seen, models, datasets, spaces, linked)), []
    return _checked_paper(pid, title, values)


# The columns a word filter (-k, -x, -a) reads, in `words_paper`'s order.
WORD_COLUMNS = ("id", "title", "summary", "authors", "ai_keywords", "author_accounts")


def words_paper(values: Sequence[object]) -> tuple[Paper | None, list[str]]:
    """`paper` for the WORD_COLUMNS alone: a paper with its id, title, abstract, authors,
    AI keywords and authors' accounts, every other field left at its default. Only to check the word
    filters of a row SQL has put through the other criteria, whose id is all that is
    kept (a count, `trends`): the abstract is inflated, but not the AI summary, and no
    other field is decoded. Each of the six is checked as `paper` checks it."""
    pid, title, summary, authors, keywords, accounts = values
    if type(summary) is bytes:
        summary = unpack(summary)
    if type(pid) is not str or not is_valid_id(pid):
        return None, ["id"]
    if type(title) is not str or not title.strip():
        return None, ["title"]
    names, words = _strings(authors), _strings(keywords)
    if (type(summary) is str and names is not None and words is not None
            and max(map(len, names), default=0) <= MAX_NAME
            and (linked := _sound_accounts(accounts)) is not None):
        return Paper(pid, title, summary, names, ai_keywords=words,
                     author_accounts=linked), []
    bad: list[str] = []
    check = _Checker(bad)
    if type(summary) is not str:
        bad.append("summary")
        summary = ""
    return Paper(pid, title, summary, check("authors", _names(authors)),
                 ai_keywords=check("ai_keywords", string_list(keywords)),
                 author_accounts=check("author_accounts", _accounts(accounts))), bad


MAX = 2**62  # models.MAX_COUNT: SQLite integers are 64-bit


def _sound_count(value: object) -> bool:
    """NULL (not known yet) or a count a parser leaves (linked models, datasets, Spaces)."""
    return value is None or (type(value) is int and 0 <= value <= MAX)


def _strings(value: object) -> tuple[str, ...] | None:
    """A sound JSON array of strings as a tuple; None for anything else."""
    if type(value) is not str:
        return None
    if value == "[]":  # most papers' keywords and families: nothing to decode
        return ()
    items = _decoded(value)
    if type(items) is not list:
        return None
    for item in items:
        if type(item) is not str:
            return None
    return tuple(items)


CATEGORY = re.compile(r"[A-Za-z][A-Za-z.\-]{0,39}")  # cs.CL, hep-th, math.GT
SOURCE = re.compile(r"arxiv|hf")


# Sound word columns already checked, by their text ("cs.CL cs.AI", "hf arxiv"): a library
# holds a few hundred different ones, each met thousands of times. Only sound ones are
# kept (a damaged one is checked, and so noted, each time it is read), _SEEN_MOST at most.
_seen_words: dict[tuple[str, re.Pattern[str]], tuple[str, ...]] = {}
_SEEN_MOST = 4096


def _word_list(value: object, word: re.Pattern[str]) -> tuple[str, ...] | None:
    """A space-separated column (or a snapshot's list) of words as a tuple: NULL or
    missing is none; a word of the wrong shape, or any other type, is None (damaged)."""
    if value is None:
        return ()
    if type(value) is str:
        if (known := _seen_words.get((value, word))) is not None:
            return known
        found = _word_list(value.split(), word)
        if found is not None and len(_seen_words) < _SEEN_MOST:
            _seen_words[value, word] = found
        return found
    if type(value) is not list:
        return None
    items: list[object] = value
    if len(items) > 200 or not all(type(i) is str and word.fullmatch(i) for i in items):
        return None
    return tuple(str(i) for i in items)


def _sound_word(value: object, word: re.Pattern[str]) -> bool:
    return value is None or (type(value) is str and bool(word.fullmatch(value)))


def short_text(value: object) -> bool:
    """NULL, or one printable line as the parsers leave it (comment, journal ref, DOI)."""
    return value is None or (type(value) is str and len(value) <= 4000
                             and value.isprintable())


def _words_checked(value: object, word: re.Pattern[str]) -> tuple[tuple[str, ...], bool]:
    """(words, ok): the sound words of a damaged column are kept, the rest dropped."""
    found = _word_list(value, word)
    if found is not None:
        return found, True
    items = value.split() if type(value) is str else value if type(value) is list else []
    return tuple(i for i in items if type(i) is str and word.fullmatch(i)), False


def _sound_time(value: object) -> bool:
    if value is None:
        return True
    if type(value) is not str or len(value) != 20 or value[19] != "Z" or value[10] != "T":
        return False
    try:
        datetime.fromisoformat(value[:19])
    except ValueError:
        return False
    return True


def _sound_url(value: object) -> bool:
    """NULL, or a link as models._as_url leaves it: http(s), printable, no spaces."""
    return value is None or (
        type(value) is str and value.startswith(("https://", "http://")) and 8 < len(value)
        <= 2000 and value.isprintable() and " " not in value)


def _checked_paper(pid: str, title: str, values: Sequence[object]
                   ) -> tuple[Paper | None, list[str]]:
    """`paper` for a row that failed a quick check: field by field, noting each bad one."""
    bad: list[str] = []
    check = _Checker(bad)
    summary = values[2]
    if type(summary) is not str:
        bad.append("summary")
        summary = ""
    found = Paper(
        id=pid,
        title=title,
        summary=summary,
        authors=check("authors", _names(values[3])),
        published_at=check("published_at", timestamp(values[4])),
        submitted_at=check("submitted_at", timestamp(values[5])),
        upvotes=check("upvotes", count(values[6])),
        comments=check("comments", count(values[7])),
        github_repo=check("github_repo", _url(values[8])),
        project_page=check("project_page", _url(values[9])),
        ai_summary=check("ai_summary", text_or_none(values[10])),
        ai_keywords=check("ai_keywords", string_list(values[11])),
        families=check("families", string_list(values[12])),
        github_stars=check("github_stars", _stars(values[13])),
        submitter=check("submitter", text_or_none(values[14])),
        withdrawn_at=check("withdrawn_at", timestamp(values[15])),
        thumbnail=check("thumbnail", _url(values[16])),
        org_name=check("org_name", text_or_none(values[17])),
        org_fullname=check("org_fullname", text_or_none(values[18])),
        categories=check("categories", _words_checked(values[19], CATEGORY)),
        primary_category=check("primary_category", _category(values[20])),
        version=check("version", _version(values[21])),
        updated_at=check("updated_at", timestamp(values[22])),
        comment=check("comment", _short(values[23])),
        journal_ref=check("journal_ref", _short(values[24])),
        doi=check("doi", _short(values[25])),
        sources=check("sources", _words_checked(values[26], SOURCE)),
        num_models=check("num_models", _stars(values[27])),
        num_datasets=check("num_datasets", _stars(values[28])),
        num_spaces=check("num_spaces", _stars(values[29])),
        author_accounts=check("author_accounts", _accounts(values[30])),
    )
    return found, bad


def _category(value: object) -> tuple[str | None, bool]:
    if value is None or (type(value) is str and CATEGORY.fullmatch(value)):
        return value, True
    return None, False


def _version(value: object) -> tuple[int | None, bool]:
    if value is None or (type(value) is int and 0 < value < 10_000):
        return value, True
    return None, False


def _short(value: object) -> tuple[str | None, bool]:
    if value is None or (type(value) is str and short_text(value)):
        return value, True
    return None, False


TAG_MAX_LENGTH = 64
TAG_MARKS = "-_/."
# Combining marks that only change how the letter before them is drawn: the vowel signs
# of हिंदी, the harakat of Arabic, the dot of the folded İ. Not enclosing marks (a letter
# in a circle) nor variation selectors and the grapheme joiner (invisible).
_TAG_COMBINING = ("Mn", "Mc")
_TAG_INVISIBLE = frozenset("\u034f") | {chr(c) for c in range(0xFE00, 0xFE10)}


def is_tag_text(text: str) -> bool:
    """A tag's characters (tags.normalize_tag's rule): letters and digits of any script,
    each with the combining marks that follow it, and the four marks `-_/.`."""
    if not text:
        return False
    if text.isascii():
        return all(c.isalnum() or c in TAG_MARKS for c in text)
    import unicodedata

    after_letter = False
    for char in text:
        if char.isalnum():
            after_letter = True
        elif char in TAG_MARKS:
            after_letter = False
        elif not (after_letter and char not in _TAG_INVISIBLE
                  and unicodedata.category(char) in _TAG_COMBINING):
            return False
    return True


def is_tag(value: object) -> bool:
    """Whether a stored value is a tag in its canonical form (NFC, case-folded, trimmed,
    at most TAG_MAX_LENGTH characters, not only dots and slashes): user.db's tags are read
    through this, like every other field."""
    if type(value) is not str or not value or len(value) > TAG_MAX_LENGTH:
        return False
    import unicodedata

    return (unicodedata.normalize("NFC", value.strip()).casefold() == value
            and is_tag_text(value) and value.strip("./") != "")


def paper_id(value: object) -> str | None:
    """A paper id column: a valid id, or None (the row is damaged)."""
    return value if type(value) is str and is_valid_id(value) else None


def row_to_paper(row: Sequence[Any], where: str = "library.db", *,
                 read: Callable[[Sequence[object]], tuple[Paper | None, list[str]]] | None
                 = None) -> Paper | None:
    """A papers row as a Paper, checked (`paper`, or `read`: `words_paper` for the word
    columns alone): a damaged field is dropped, a row that makes no paper is None;
    either way it is counted for the command's one warning."""
    found, bad = (read or paper)(row)
    if bad:
        note(where, row[0], skipped=found is None)
    return found


def rows_to_papers(rows: Iterable[Sequence[Any]], where: str = "library.db") -> list[Paper]:
    """The papers of these rows, damaged ones left out (and counted)."""
    return [p for r in rows if (p := row_to_paper(r, where)) is not None]
