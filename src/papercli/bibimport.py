"""A reference manager's library in: BibTeX, CSL-JSON and RIS files, recognised by content.

What Zotero, Better BibTeX, Mendeley, Paperpile, JabRef, EndNote, DBLP, Semantic Scholar
and Google Scholar export is read entry by entry. An entry that names an arXiv paper
(`eprint` with `archivePrefix = {arXiv}` or `eprinttype = {arxiv}`, an arxiv.org link,
arXiv's DOI 10.48550/arXiv.ID, `arXiv:ID` in `journal`/`note`, DBLP's `journal = {CoRR}`
or Semantic Scholar's `journal = {ArXiv}` with `volume = {abs/ID}` (or the id); CSL's
`number`, `DOI`, `URL`, `note`; RIS's `DO`, `UR`, `AN`, `N1`, `M1`) is starred, its
keywords become tags, its `annote`, the note of an entry papercli wrote (`own_note`) or
the notes Zotero wrote into RIS (HTML, made Markdown: `zotero_notes`) its note, and its
record comes from the library, else the Hub (or arXiv), else the file's own fields
(offline, or when the fetch fails; dated in the month its arXiv id names,
`Reference.paper`). An entry without an arXiv id is counted and
its title kept for the summary; a malformed one is skipped and counted. A file that
cannot be read as what it looks like is an error (PapersError).

Memory stays bounded on a big file: BibTeX is cut into entries by a brace-counting scan
of a sliding window (one entry in memory, at most MAX_ENTRY characters), each entry
parsed alone by bibtexparser (1.x: stable, pure Python, and `@string` macros defined
earlier in the file carry over between entries); CSL-JSON is streamed item by item by
`jsonstream`; RIS is cut into records at its `TY  -` and `ER  -` lines, each parsed
alone by rispy; papers are written BATCH at a time.

The text is data: LaTeX accents are decoded by bibtexparser's own table (`{\\"u}` → ü),
the braces that protect capitals dropped, control characters removed. LaTeX's escapes are
the characters they print (`50\\%` → "50%"), as papercli's RIS and CSL-JSON exports write
arXiv's `50\\%`: a library filled from any of the three holds the same text, and writes
the same documents again (the text as arXiv sent it is JSON's, which keeps it).
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from papercli.errors import PapersError, Unreachable, briefly, naming
from papercli.jsonstream import Prefixed, unreadable
from papercli.latex import ACCENTS, LETTERS
from papercli.models import MAX_NAME, InvalidPaperId, Paper, fits_id, normalize_id
from papercli.names import joined
from papercli.repeats import IdSet
from papercli.sanitize import clean_block, clean_line

if TYPE_CHECKING:
    from papercli.db.userdb import UserDB
    from papercli.session import Session

BIBTEX = "bibtex"
CSLJSON = "csljson"
RIS = "ris"
HEAD = 64 << 10  # bytes looked at to tell the format
CHUNK = 1 << 20
MAX_ENTRY = 1 << 20  # characters one BibTeX entry or RIS record may take
BATCH = 200  # entries resolved, stored and starred per round
MAX_TITLES = 1000  # titles of entries without an arXiv id kept for the summary
MAX_REASONS = 20
MAX_NOTES = 200  # N1 values of one RIS record read (Zotero writes one per note, and Extra)
FETCH_GIVE_UP = 3  # failed fetches in a row before the rest come from the file

# Records of ids the library lacks, each or why not: (session, ids, sources found out of
# reach, failures in a row before the rest are not asked) -> a record or error per id.
GetPapers = Callable[["Session", Sequence[str], "Unreachable", int], list[Paper | PapersError]]

# -- telling the format ----------------------------------------------------------------

_BIB_HEADER = re.compile(r"(?m)^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]")
_NOT_ESCAPED = r'(?<!\\)"'
_CSL_MARKS = re.compile(
    _NOT_ESCAPED + r'(?:issued|date-parts|container-title|citation-key|citation-label|'
    r'collection-title|archive_location|citation-number)"\s*:'
    r'|' + _NOT_ESCAPED + r'author"\s*:\s*\[\s*\{\s*"(?:family|given|literal)"'
    r'|' + _NOT_ESCAPED + r'type"\s*:\s*"(?:article|article-journal|article-magazine|'
    r'article-newspaper|paper-conference|report|book|chapter|thesis|manuscript|webpage|'
    r'post|post-weblog|dataset|software|speech|entry|entry-encyclopedia|standard|patent|'
    r'preprint)"')
_HUB_MARKS = re.compile(_NOT_ESCAPED + r'(?:paper"\s*:\s*\{|upvotes"\s*:|publishedAt"\s*:|'
                        r'authors"\s*:|submittedOnDailyAt"\s*:)')


# A RIS tag: two characters, two spaces (one, from some exporters: Zotero takes either),
# a hyphen. A file's first tag is TY.
_RIS_TAG = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?= |\r?\n|$) ?")
_RIS_START = re.compile(r"TY {1,2}- ")
_MARKUP = re.compile(r"<(?:\?xml\b|!doctype\s+html\b|html\b)", re.IGNORECASE)


def detect(head: bytes) -> str | None:
    """BIBTEX, CSLJSON, RIS, or None (another format: Hub JSON, arXiv's snapshot)."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("[", "{")):
        if _CSL_MARKS.search(text) and not _HUB_MARKS.search(text):
            return CSLJSON
        return None
    if _RIS_START.match(text):
        return RIS
    if _MARKUP.match(text):  # an HTML page's CSS (`@media (…) {`) is no BibTeX entry
        return None
    if _BIB_HEADER.search(text):
        return BIBTEX
    return None


def sniff(stream: BinaryIO, name: str = "") -> tuple[BinaryIO, str | None]:
    """The stream (with what was looked at put back) and its format (see `detect`), else
    the one its `name` says (`by_name`)."""
    stream, head = _head(stream)
    return stream, detect(head) or by_name(head, name)


# What a file's extension says it is, where its content says no format: refs.bib of a
# line of text was refused as "not JSON (it starts with 'h')", and of binary data as
# "not UTF-8 text, so not JSON": it was taken for BibTeX, and is told it is not that.
_NAMED = {".bib": BIBTEX, ".bibtex": BIBTEX, ".ris": RIS}
LABELS = {BIBTEX: "BibTeX", RIS: "RIS", CSLJSON: "CSL-JSON"}
# C0 controls (and DEL) that no text file holds; tab, line ends and form feed aside.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def by_name(head: bytes, name: str) -> str | None:
    """BIBTEX or RIS where `name`'s extension says so and the file's start (`head`,
    which `detect` found no format in) is text of no other shape, to be read as that
    format, whose reader says what it lacks ("t.bib has no BibTeX entries"). Binary data
    is refused in those words ("x.bib is not text (binary data), so not BibTeX"); JSON, an
    empty file or another shape papers import names (a PDF, a zip archive) is None, left
    to the JSON reader to say what it is."""
    from pathlib import PurePath

    from papercli import jsonstream

    kind = _NAMED.get(PurePath(name).suffix.lower()) if name else None
    if kind is None:
        return None
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if not text or text.startswith(("[", "{")):
        return None
    shape = jsonstream.other_shape(text, len(head) < HEAD)
    if shape is not None and shape[0] not in jsonstream.BINARY:
        return None
    if shape is not None or "\0" in text or len(_CONTROLS.findall(text)) * 100 > len(text):
        raise not_text(name, kind)
    return kind


def not_text(name: str, kind: str) -> PapersError:
    """The error for a file whose name says BibTeX or RIS (`kind`) that is binary data."""
    from papercli.jsonstream import HINT

    label = LABELS[kind]
    error = PapersError(f"{name} is not text (binary data), so not {label}", hint=HINT)
    brief = f"{name} is binary data, not {label}"
    error.shorter = [(error.message, "see papers import --help"),
                     (brief, "see papers import --help"), (error.message, None), (brief, None)]
    return error


LEGACY = "windows-1252"


def encoding_of(head: bytes) -> str:
    """"utf-8", or LEGACY when the file's start is not UTF-8: what JabRef, BibDesk and
    EndNote on Windows wrote for years (Latin-1 is a part of it), read as such instead of
    every accented letter becoming U+FFFD. A start with a damaged byte or two among more
    letters UTF-8 spells (a file garbled in places) is UTF-8 all the same: read as
    Windows-1252 every accented name of the file came in garbled ("SÃ¡ez" for "Sáez"),
    where the damage costs a character or two. Windows-1252 text almost never spells
    UTF-8's letters (é is one byte of it, never followed by a byte of 0x80-0xBF)."""
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(head, final=False)
    bad = text.count("\ufffd")
    if not bad or head.count(b"\xef\xbf\xbd") >= bad:  # (U+FFFD itself, as UTF-8)
        return "utf-8"
    letters = sum(1 for char in text if char > "\x7f") - bad
    return "utf-8" if letters > bad else LEGACY


class _Counted(io.RawIOBase):
    """`stream`, telling `on_read` the bytes read so far after each read: a RIS or
    CSL-JSON file's progress bar (EndNote's export of a whole library is megabytes) did
    not move, only a BibTeX file's did."""

    def __init__(self, stream: BinaryIO, on_read: Callable[[int], None]) -> None:
        self.stream = stream
        self.on_read = on_read
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.stream.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if n:
            self.done += n
            self.on_read(self.done)
        return n


def _head(stream: BinaryIO) -> tuple[BinaryIO, bytes]:
    """The stream with its first HEAD bytes read and put back, and those bytes."""
    parts: list[bytes] = []
    size = 0
    read = getattr(stream, "read1", stream.read)  # (a read of all HEAD cut short by a
    while size < HEAD:  # gzip's early end dropped the bytes before it with the error)
        try:
            data = read(HEAD - size)
        except (OSError, EOFError):
            break
        if not data:
            break
        parts.append(data)
        size += len(data)
    head = b"".join(parts)
    return io.BufferedReader(Prefixed(head, stream)), head


# -- arXiv ids in a reference ----------------------------------------------------------

_ID = r"(?P<id>[0-9]{4}\.[0-9]{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?"
_URL_RE = re.compile(r"(?i:arxiv\.org)/(?:abs|pdf|html|format)/" + _ID + r"(?![0-9])")
_HF_RE = re.compile(r"(?i:huggingface\.co)/papers/" + _ID + r"(?![0-9])")
_DOI_RE = re.compile(r"10\.48550/(?i:arxiv)\." + _ID + r"(?![0-9])")
_TEXT_RE = re.compile(r"(?i:arxiv)\s*:\s*" + _ID + r"(?![0-9])")
_ABS_RE = re.compile(r"^abs/" + _ID + r"$")


def _valid(text: str) -> str | None:
    try:
        return normalize_id(text)
    except InvalidPaperId:
        return None


def _find(pattern: re.Pattern[str], value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = pattern.search(value[:4000])
    return _valid(match.group("id")) if match else None


def bibtex_arxiv_id(fields: Mapping[str, Any]) -> str | None:
    """The arXiv id a BibTeX entry names (field names lowercase), version dropped."""
    prefix = str(fields.get("archiveprefix") or fields.get("eprinttype") or "").strip()
    eprint = fields.get("eprint")
    if isinstance(eprint, str) and prefix.lower() in ("", "arxiv"):
        raw = eprint.strip()
        found = _valid(raw) or _find(_TEXT_RE, raw)
        if found:
            return found
    found = _find(_DOI_RE, fields.get("doi"))
    for key in ("url", "howpublished", "eprint", "note", "journal", "booktitle", "pdf"):
        found = found or _find(_URL_RE, fields.get(key)) or _find(_HF_RE, fields.get(key))
    for key in ("journal", "note", "howpublished", "volume", "number", "publisher"):
        found = found or _find(_TEXT_RE, fields.get(key))
    journal = str(fields.get("journal") or "").strip().lower()
    # DBLP's journal = {CoRR}, volume = {abs/ID}; Semantic Scholar's journal = {ArXiv},
    # and by hand {arXiv.org} or {arXiv e-prints} with the id alone
    if not found and (journal == "corr" or "arxiv" in journal):
        volume = str(fields.get("volume") or "").strip()
        found = _find(_ABS_RE, volume) or _valid(volume)
    return found


def csl_arxiv_id(item: Mapping[str, Any]) -> str | None:
    """The arXiv id a CSL-JSON item names (Zotero: `number` "arXiv:ID", DOI, URL)."""
    found = _find(_DOI_RE, item.get("DOI")) or _find(_URL_RE, item.get("URL"))
    found = found or _find(_HF_RE, item.get("URL"))
    number = item.get("number")
    if not found and isinstance(number, str):
        found = _find(_TEXT_RE, number)
        where = " ".join(str(item.get(k) or "") for k in (
            "publisher", "archive", "container-title", "genre", "source")).lower()
        if not found and "arxiv" in where:
            found = _valid(number.strip())
    for key in ("note", "archive_location", "container-title", "annote"):
        found = found or _find(_TEXT_RE, item.get(key))
    return found


def ris_arxiv_id(record: Mapping[str, Any]) -> str | None:
    """The arXiv id a RIS record names, as rispy gives it: Zotero writes arXiv's DOI
    (`DO`), the abs page (`UR`) and "arXiv:ID [cs]" (`N1`); papercli writes `AN`."""
    def texts(key: str) -> list[object]:
        value = record.get(key)
        return list(value[:50]) if isinstance(value, list) else [value]

    found = _find(_DOI_RE, record.get("doi"))
    for url in texts("urls"):
        found = found or _find(_URL_RE, url) or _find(_HF_RE, url)
    for key in ("accession_number", "notes", "note", "journal_name", "secondary_title"):
        for text in texts(key):
            found = found or _find(_TEXT_RE, text)
    return found


# -- one reference -----------------------------------------------------------------------


class Reference(NamedTuple):
    """What one entry says, cleaned: enough to star the paper without the network."""

    arxiv_id: str | None
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    date: str | None = None  # YYYY-MM-DD (month and day 01 when unknown)
    doi: str | None = None
    keywords: tuple[str, ...] = ()
    # the user's note: from papercli's own entries (own_note), Zotero's notes (zotero_notes)
    note: str | None = None
    to_the_day: bool = False  # whether the file gives `date` to the day
    journal_ref: str | None = None  # where it was published (`journal_of`)
    primary_category: str | None = None  # BibTeX `primaryClass` (`category_of`)

    def paper(self) -> Paper:
        """The paper as the file describes it (no source has seen this record)."""
        assert self.arxiv_id
        doi = self.doi if self.doi and not _DOI_RE.search(self.doi) else None
        date = _arxiv_date(self.date, self.to_the_day, self.arxiv_id)
        primary = self.primary_category
        return Paper(
            id=self.arxiv_id, title=self.title or self.arxiv_id, summary=self.abstract,
            authors=self.authors,
            published_at=f"{date}T00:00:00Z" if date else None,
            comments_known=False, doi=doi, journal_ref=self.journal_ref,
            primary_category=primary, categories=(primary,) if primary else (),
            sources=())


# A journal that is arXiv itself, as Google Scholar ("arXiv preprint arXiv:2404.14047"),
# DBLP ("CoRR") and papercli's own RIS (`T2  - arXiv`) name a preprint's: no journal.
_NOT_A_JOURNAL = re.compile(r"(?i)corr|.*arxiv.*")


def journal_of(*values: object) -> str | None:
    """The first of `values` that names where the paper was published (BibTeX `journal`,
    RIS `JO`/`T2`, CSL `container-title`), as arXiv's journal reference is kept and
    exported ("Phys. Rev. D 98 (2018) 123"): papercli writes arXiv's there, and a
    reference manager's journal is the same fact. A value that names arXiv is none."""
    for value in values:
        text = clean_line(value, 500) if isinstance(value, str) else ""
        if text and not _NOT_A_JOURNAL.fullmatch(text):
            return text
    return None


def category_of(value: object) -> str | None:
    """An arXiv category a file names (BibTeX `primaryClass`, biblatex `eprintclass`:
    "cs.CL", as papercli exports a paper's primary one), in arXiv's spelling; None for
    anything else, an archive with categories under it ("cs", as Zotero's "[cs]") too."""
    if not isinstance(value, str) or not value.strip():
        return None
    from papercli.sources.arxiv_taxonomy import canonical, is_archive

    found = canonical(clean_line(value, 40))
    return found if found and not is_archive(found) else None


def _arxiv_date(date: str | None, to_the_day: bool, arxiv_id: str) -> str | None:
    """The paper's arXiv day as far as a file can tell it, or None when it cannot: the
    file's date is kept only when it is given to the day and the id allows it (its month
    or the month before: `models.fits_id`, as papercli's own export cites a date). An
    arXiv id begins with its first version's YYMM (1412.6980: December 2014;
    hep-th/9901001: January 1999), so a paper without a day is dated by its id's month
    (`Paper.shown_date`, `cited_date`: "2014-12", cited to the month). A date given to the
    year or the month, a journal's later date or none was stored as the 1st of that
    month, and every export after cited a day no file had given; a BibTeX `year = {2014}`
    alone had read as January 1st, eleven months off."""
    if date is not None and to_the_day and fits_id(date, arxiv_id):
        return date
    return None


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_YMD = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")


class _Date(NamedTuple):
    ymd: str  # YYYY-MM-DD, month and day 01 when not given
    to_the_day: bool  # whether the day was given (else `Reference.paper` takes the 1st)


def _date(year: object, month: object = None, day: object = None) -> _Date | None:
    try:
        y = int(str(year).strip()[:4])
    except ValueError:
        return None
    m = 1
    text = str(month or "").strip().lower()
    if text.isdigit():
        m = int(text)
    elif text[:3] in _MONTHS:
        m = _MONTHS[text[:3]]
    given = str(day or "").strip().isdigit()
    d = int(str(day)) if given else 1
    if not (1000 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return _Date(f"{y:04d}-{m:02d}-{d:02d}", given)


def _ymd(text: object) -> _Date | None:
    match = _YMD.match(str(text or "").strip())
    return _date(*match.groups()) if match else None


def _dated(date: _Date | None) -> dict[str, Any]:
    """A Reference's `date` and `to_the_day` fields."""
    return {"date": date.ymd, "to_the_day": date.to_the_day} if date else {}


def _keywords(value: object) -> tuple[str, ...]:
    """Keywords of a `keywords` field or CSL `keyword`: comma or semicolon separated."""
    if isinstance(value, list):
        parts = [str(v) for v in value if isinstance(v, str)]
    elif isinstance(value, str):
        parts = re.split(r"[,;]", value[:20000])
    else:
        return ()
    words = [clean_line(p, 200) for p in parts]
    return tuple(dict.fromkeys(w for w in words if w))[:200]


def _person(name: str) -> str:
    """A BibTeX name ("Last, First", "Last, Jr, First", "First Last") as the library writes
    it (`names.joined`: "First Last", unless that would lose which words are the family
    name)."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and parts[1]:
        return clean_line(joined(parts[0], parts[1]), MAX_NAME)
    if len(parts) >= 3 and parts[2]:
        return clean_line(joined(parts[0], parts[2], parts[1]), MAX_NAME)
    return clean_line(name, MAX_NAME)


def _ris_person(name: str) -> str:
    """A RIS name ("Last, First" or, by the RIS specification, "Last, First, Suffix") as
    the library writes it (`_person`): BibTeX's "Last, Jr, First" order is not RIS's."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 3 and parts[1] and parts[2]:
        return clean_line(joined(parts[0], parts[1], parts[2]), MAX_NAME)
    return _person(name)


def _split_names(text: str) -> list[str]:
    """A BibTeX author list split on `and` outside braces ({R and D Team} is one)."""
    names: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        # (the word itself lowered: text.lower() is longer than text after an "İ", and
        # its indices would miss every "and" that follows)
        elif depth == 0 and ch.isspace() and text[i + 1:i + 4].lower() == "and" and (
                i + 4 < len(text) and text[i + 4].isspace()):
            names.append(text[start:i])
            start = i + 5
            i += 4
        i += 1
    names.append(text[start:])
    return [n.strip() for n in names if n.strip()][:5000]


def from_bibtex(fields: Mapping[str, Any]) -> Reference:
    """A Reference from one entry as bibtexparser gives it (LaTeX already decoded and
    braces dropped by `_customize`: a brace left is the text's own, `\\{`)."""
    authors = fields.get("author")
    names = authors if isinstance(authors, list) else []
    date = _ymd(fields.get("date")) or (
        _date(fields.get("year"), fields.get("month"), fields.get("day"))
        if fields.get("year") else None)
    return Reference(
        arxiv_id=bibtex_arxiv_id(fields),
        title=clean_line(str(fields.get("title") or ""), 1000),
        authors=tuple(n for n in (_person(str(a)) for a in names) if n),
        abstract=clean_block(str(fields.get("abstract") or "")),
        doi=clean_line(fields.get("doi"), 300) or None,
        keywords=_keywords(str(fields.get("keywords") or "")),
        note=_annotation(_annotes(fields, "annote") or _annotes(fields, "annotation")),
        journal_ref=journal_of(fields.get("journal"), fields.get("journaltitle")),
        primary_category=category_of(fields.get("primaryclass") or fields.get("eprintclass")),
        **_dated(date),
    )


def _annotes(fields: Mapping[str, Any], name: str) -> str | None:
    """Every `name` field of an entry, in the file's order, a blank line between them:
    Zotero writes one `annote` per note, and only the first was read, the note you
    wrote lost. The second and later are `annote_2` … (`_numbered_annotes`). One that is
    the item's Extra field (`_is_extra`: an arXiv item's "Comment: 12 pages" and
    "arXiv:2401.01055 [cs]") is left."""
    found = [(0, fields[name])] if isinstance(fields.get(name), str) else []
    for key, value in fields.items():
        number = key.removeprefix(f"{name}_")
        if key.startswith(f"{name}_") and number.isdigit() and isinstance(value, str):
            found.append((int(number), value))
    texts = [value for _, value in sorted(found) if value.strip() and not _is_extra(value)]
    return "\n\n".join(texts) if texts else None


# LaTeX's line break, `\\`, as Better BibTeX ends each line of a field with it: in a note
# (`annote`), a line end (`_customize`).
_LATEX_BREAK = re.compile(r"[ \t]*\\\\[ \t]*(?:\r?\n)?")

# A line of a Zotero item's Extra field, as Better BibTeX exports Extra into `annotation`
# (from its 5.2.63 on) and Zotero's arXiv import fills it: the arXiv id with its category
# ("arXiv:2206.07690 [cs]"), arXiv's comment, and the fields Zotero and its plugins keep
# there ("Citation Key: …", "Read_Status: …", `tex.` fields).
_EXTRA_LINE = re.compile(
    r"(?i)arxiv:\s*\S+(?:\s+\[[\w.\-]+\])?"
    r"|(?:comment|citation key|read_status(?:_date)?|pmid|pmcid|doi|isbn|issn"
    r"|original[ \-]date|(?:tex|bibtex|biblatex)\.[\w+\-]+)\s*:.*")


def _is_extra(text: str) -> bool:
    """Whether an annotation is a Zotero item's Extra field (`_EXTRA_LINE` every line of
    it), not a note of the user's: Better BibTeX writes Extra there, and the RIS reader
    leaves the same text, a plain `N1`, unread."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return all(_EXTRA_LINE.fullmatch(line) for line in lines)


# A field of an entry that is the annotation, at the start of a line as every program
# writes fields: the second and later are renamed `annote_2` … before bibtexparser reads
# the entry, which keeps one field of each name.
_ANNOTE_FIELD = re.compile(r"(?im)^([ \t]*)(annote|annotation)([ \t]*=)")


def _numbered_annotes(text: str) -> str:
    """The entry `text` with its second and later `annote` (`annotation`) fields named
    `annote_2`, `annote_3` …, so that each of Zotero's notes is read (`_annotes`)."""
    if len(_ANNOTE_FIELD.findall(text)) < 2:
        return text
    seen: dict[str, int] = {}

    def numbered(match: re.Match[str]) -> str:
        name = match[2].lower()
        seen[name] = seen.get(name, 0) + 1
        if seen[name] == 1:
            return match[0]
        return f"{match[1]}{match[2]}_{seen[name]}{match[3]}"

    return _ANNOTE_FIELD.sub(numbered, text)



def _annotation(value: object) -> str | None:
    """A BibTeX `annote` (biblatex: `annotation`) as a note: by the format's definition the
    reader's annotation, which citation styles do not print (where `note` is printed, and
    holds another program's text, such as "arXiv:2401.01055 [cs]")."""
    from papercli import notes
    from papercli.errors import UsageError

    if not isinstance(value, str):
        return None
    try:
        return notes.from_file(value)
    except UsageError:
        return None


# CSL's rich-text markup, as citeproc-js reads it (and Zotero writes it in a title):
# italics, bold, small caps, superscript, subscript, and the spans that keep a phrase's
# case or decoration. Any other "<...>" is text ("Let's <think> about ...").
_CSL_MARKUP = re.compile(
    r"<(/?)(i|b|sc|sup|sub)>"
    r'|<span\s+(?:class="no(?:case|decor)"|style="font-variant:\s*small-caps;?")[^>]*>'
    r"|</span>")


def csl_text(value: str) -> str:
    """A CSL rich-text value (a title; Zotero's own titles hold the same markup, which its
    RIS export writes as it is) as text: the markup gone, a superscript or subscript
    kept as the library's titles write one (`^2`, `_{10}`, as the Hub's "VILA^2"), so
    CO<sub>2</sub> is not CO2. A `</span>` that closes none of CSL's spans is text."""
    if "<" not in value:
        return value
    out: list[str] = []
    scripts: list[tuple[str, int]] = []  # (mark, where its text starts in out)
    spans = pos = 0
    for match in _CSL_MARKUP.finditer(value):
        out.append(value[pos:match.start()])
        pos = match.end()
        closing, tag = match.group(1), match.group(2)
        if tag in ("sup", "sub"):
            if not closing:
                scripts.append(("^" if tag == "sup" else "_", len(out)))
            elif scripts:
                mark, start = scripts.pop()
                inner = "".join(out[start:])
                del out[start:]
                out.append(mark + (inner if len(inner) == 1 else f"{{{inner}}}"))
        elif tag is None and match.group() == "</span>":
            if spans:
                spans -= 1
            else:
                out.append(match.group())
        elif tag is None:
            spans += 1
    out.append(value[pos:])
    return "".join(out)


def from_csl(item: object) -> Reference:
    """A Reference from one CSL-JSON item; ValueError when it is not an object."""
    if not isinstance(item, Mapping):
        raise ValueError("not an object")
    names: list[str] = []
    authors = item.get("author")
    for person in authors[:5000] if isinstance(authors, list) else ():
        if not isinstance(person, Mapping):
            continue
        literal = person.get("literal")
        first, *family, suffix = (p if isinstance(p, str) else "" for p in (
            person.get(k) for k in ("given", "dropping-particle", "non-dropping-particle",
                                    "family", "suffix")))
        # (the particles with the family name: "van der" Waals, as split_name reads it)
        text = joined(" ".join(family), first, suffix)
        name = clean_line(literal if isinstance(literal, str) else text, MAX_NAME)
        if name:
            names.append(name)
    date: _Date | None = None
    issued = item.get("issued")
    if isinstance(issued, Mapping):
        given = issued.get("date-parts")
        if isinstance(given, list) and given and isinstance(given[0], list) and given[0]:
            ymd = [*given[0][:3], None, None][:3]
            date = _date(*ymd)
        date = date or _ymd(issued.get("raw"))
    title = item.get("title")
    abstract = item.get("abstract")
    arxiv_id = csl_arxiv_id(item)
    return Reference(
        arxiv_id=arxiv_id,
        title=clean_line(csl_text(title[:5000]), 1000) if isinstance(title, str) else "",
        authors=tuple(names),
        abstract=clean_block(abstract) if isinstance(abstract, str) else "",
        doi=clean_line(item.get("DOI"), 300) or None,
        keywords=_keywords(item.get("keyword")),
        note=own_note(arxiv_id, item.get("id"), [_past_arxiv_line(item.get("note"), arxiv_id)]),
        journal_ref=journal_of(item.get("container-title")),
        **_dated(date),
    )


_ARXIV_LINE = re.compile(r"[ \t]*arXiv:[ \t]*(\S+)[ \t]*(?:\r?\n|$)", re.IGNORECASE)


def _past_arxiv_line(note: object, arxiv_id: str | None) -> object:
    """A CSL `note` without the "arXiv: ID" line a journal article's starts with (where
    papercli's export and Zotero's Extra keep the id): that line names the paper and is
    no part of the user's note."""
    if not isinstance(note, str) or arxiv_id is None:
        return note
    match = _ARXIV_LINE.match(note)
    if match and _valid(match.group(1)) == arxiv_id:
        return note[match.end():]
    return note


def from_ris(record: Mapping[str, Any]) -> Reference:
    """A Reference from one RIS record as rispy gives it ("Last, First" authors, dates
    as `YYYY/MM/DD/`)."""
    def first(*keys: str) -> str:
        for key in keys:
            value = record.get(key)
            if isinstance(value, str) and value.strip():
                return value
        return ""

    names = [n for key in ("authors", "first_authors")
             for n in (record.get(key) or [])[:5000] if isinstance(n, str)]
    date = first("date", "year", "publication_year").replace("/", "-").strip("-")
    arxiv_id = ris_arxiv_id(record)
    notes = record.get("notes")
    texts = notes[:MAX_NOTES] if isinstance(notes, list) else [notes]
    return Reference(
        arxiv_id=arxiv_id,
        # Zotero writes a title's rich text (<i>, <sub>...) into TI as it keeps it
        title=clean_line(csl_text(first("title", "primary_title")[:5000]), 1000),
        authors=tuple(n for n in (_ris_person(a) for a in names) if n),
        abstract=clean_block(first("abstract", "notes_abstract")),
        doi=clean_line(record.get("doi"), 300) or None,
        # One keyword a KW line, or several with ";" (as in a BibTeX `keywords`).
        keywords=_keywords("; ".join(k for k in (record.get("keywords") or [])[:200]
                                     if isinstance(k, str))),
        note=own_note(arxiv_id, record.get("id"), texts) or zotero_notes(arxiv_id, texts),
        # JO, then T2 (Zotero's "Publication"; papercli's own says "arXiv" for a preprint)
        journal_ref=journal_of(record.get("journal_name"), record.get("secondary_title"),
                               record.get("alternate_title3")),
        **_dated(_ymd(date)),
    )


def own_note(arxiv_id: str | None, entry_id: object, notes: Sequence[object]) -> str | None:
    """The user's note of an entry papercli wrote, whose id (CSL `id`, RIS `ID`) is the
    arXiv id itself: its CSL `note` or RIS `N1` (notes.from_file). Another program's entry
    has its own id (Zotero's item URI, a citation key, EndNote's record number) and its
    note field its own text (Zotero's "arXiv:2401.01055 [cs]", "Citation Key: ..."), which
    is no note of the user's, so it is not read."""
    from papercli import notes as user_notes
    from papercli.errors import UsageError

    if arxiv_id is None or not isinstance(entry_id, str) or _valid(entry_id) != arxiv_id:
        return None
    text = "\n\n".join(n for n in notes if isinstance(n, str) and n.strip())
    try:
        return user_notes.from_file(text)
    except UsageError:
        return None


# -- Zotero's notes ---------------------------------------------------------------------
# Which N1s are Zotero's notes is the RIS reader's to say; making their HTML Markdown is
# `htmlnotes`' (markdownify, imported only when a file has such a note).

# A note Zotero's RIS export writes into an N1, as Zotero keeps it: HTML, in its note
# editor's wrapper (`<div data-schema-version="8">`, from Zotero 5.0.97 on), Zotero 4's
# (`<div class="zotero-note znv1">`), or bare blocks in older notes (`<p>…</p>`, a heading,
# a list, a quote, preformatted text); it ends with a tag too. The item's Extra field
# ("arXiv: 2401.01055"), an EndNote "Notes: …" or "Comment: 12 pages" is plain text.
_ZOTERO_NOTE = re.compile(
    r'<(?:div\b[^>]*?\s(?:data-schema-version\s*=|class\s*=\s*["\']?zotero-note\b)'
    r"|(?:p|h[1-6]|ul|ol|blockquote|pre)\b)", re.IGNORECASE)


def is_zotero_note(value: object) -> bool:
    """Whether an N1 value is a note of Zotero's (HTML), not another program's text."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return text.endswith(">") and _ZOTERO_NOTE.match(text) is not None


def zotero_notes(arxiv_id: str | None, values: Sequence[object]) -> str | None:
    """The notes Zotero wrote into an entry's N1s (`is_zotero_note`) as one Markdown note,
    a blank line between them, as a BibTeX file's `annote`s are read (`_annotes`); None
    when there is none, or when they are longer than a note may be (notes.from_file).
    Plain text beside them (the item's Extra) is not the user's note, and is left."""
    from papercli import notes as user_notes
    from papercli.errors import UsageError

    if arxiv_id is None:
        return None
    html = [v for v in values if isinstance(v, str) and is_zotero_note(v)]
    if not html:
        return None
    from papercli import htmlnotes

    texts = [htmlnotes.markdown(v) for v in html]
    if None in texts:  # (one too long to be a note)
        return None
    try:
        return user_notes.from_file("\n\n".join(t for t in texts if t))
    except UsageError:
        return None


# -- reading BibTeX entry by entry -------------------------------------------------------

_HEADER = re.compile(r"@[ \t\r\n]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])")
_NEXT_HEADER = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]")


class Block(NamedTuple):
    kind: str  # the entry type, lowercase ("article", "string", ...); "" when malformed
    text: str
    line: int  # where it starts (1-based)
    problem: str = ""


def bibtex_blocks(stream: BinaryIO, name: str,
                  on_read: Callable[[int], None] | None = None,
                  encoding: str = "utf-8") -> Iterator[Block]:
    """Each `@type{...}` block of a BibTeX file in order, one at a time.

    A block ends at its matching brace (parenthesis). One that is still open when a new
    `@type{` starts a line, or that grows past MAX_ENTRY characters, is malformed: it is
    given as such and reading goes on at the next block. Text between blocks is a comment.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    buf = ""
    pos = 0
    line = 1  # the line at buf[pos]
    eof = False
    done = 0

    def more() -> bool:
        nonlocal buf, pos, eof, done
        if eof:
            return False
        try:  # (one read's worth: a read of CHUNK cut short by a gzip's early end
            # dropped the entries read before it)
            data = getattr(stream, "read1", stream.read)(CHUNK)
        except OSError as exc:
            raise unreadable(name, exc) from None
        done += len(data)
        if on_read is not None:
            on_read(done)
        buf = buf[pos:] + decoder.decode(data, final=not data)
        pos = 0
        if not data:
            eof = True
        return True

    more()
    if buf.startswith("\ufeff"):
        buf = buf[1:]
    while True:
        at = buf.find("@", pos)
        if at < 0:
            line += buf.count("\n", pos)
            pos = len(buf)
            if not more():
                return
            continue
        header = _HEADER.match(buf, at)
        if header is None and not eof and len(buf) - at < 200:
            line += buf.count("\n", pos, at)
            pos = at
            more()
            continue
        line += buf.count("\n", pos, at)
        pos = at
        if header is None:  # a stray @ in a comment
            pos = at + 1
            continue
        kind, opener = header.group(1).lower(), header.group(2)
        end, problem = _block_end(buf, header.end(), opener)
        while end is None and not problem and not eof:
            more()
            header = _HEADER.match(buf, pos)
            assert header is not None
            end, problem = _block_end(buf, header.end(), opener)
        if end is None and not problem:
            problem = "it is not closed before the end of the file"
        if problem:
            stop = _NEXT_HEADER.search(buf, pos + 1)
            cut = stop.start() + 1 if stop else len(buf)
            yield Block("", buf[pos:min(cut, pos + 200)], line, problem)
            line += buf.count("\n", pos, cut)
            pos = cut
            continue
        assert end is not None
        yield Block(kind, buf[pos:end], line)
        line += buf.count("\n", pos, end)
        pos = end


_BRACES = re.compile(r"[{}]")
_BRACES_PARENS = re.compile(r"[{}()]")


def _block_end(buf: str, start: int, opener: str) -> tuple[int | None, str]:
    """(index after the block's closing delimiter, "") when the block is complete in
    `buf`, (None, "") when more text is needed, (None, why) when it is malformed."""
    limit = start + MAX_ENTRY
    next_header = _NEXT_HEADER.search(buf, start)
    depth = 0
    pattern = _BRACES if opener == "{" else _BRACES_PARENS
    for match in pattern.finditer(buf, start):
        i = match.start()
        if i > limit:
            return None, f"it is longer than {MAX_ENTRY >> 20} MiB"
        if next_header is not None and i > next_header.start():
            return None, "it is not closed before the next entry"
        ch = match.group()
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                if opener == "{":
                    return i + 1, ""
                return None, "a '}' closes nothing"
            depth -= 1
        elif ch == ")" and depth == 0:
            return i + 1, ""
    if len(buf) - start > MAX_ENTRY:
        return None, f"it is longer than {MAX_ENTRY >> 20} MiB"
    if next_header is not None:
        return None, "it is not closed before the next entry"
    return None, ""


class _BibParser:
    """bibtexparser 1.x, one entry at a time, `@string` macros kept between entries."""

    def __init__(self) -> None:
        import logging

        from bibtexparser.bparser import BibTexParser  # type: ignore[import-untyped]

        # It logs a parse failure on the root logger's last-resort handler (stderr);
        # here a failure is counted and summarised instead.
        logging.getLogger("bibtexparser").setLevel(logging.CRITICAL + 1)
        self.parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False,
                                   interpolate_strings=True, customization=_customize)
        self.parser.expect_multiple_parse = True

    def parse(self, text: str) -> list[dict[str, Any]]:
        """The entries of one block; ValueError when bibtexparser cannot read it."""
        from pyparsing import ParseBaseException

        db = self.parser.bib_database
        try:
            self.parser.parse(_numbered_annotes(text))
        except (ParseBaseException, ValueError, TypeError, KeyError, IndexError,
                RecursionError) as exc:
            db.entries.clear()
            raise ValueError(str(exc).splitlines()[0][:120] if str(exc) else "unreadable") \
                from None
        entries = list(db.entries)
        db.entries.clear()
        return entries


# What bibtexparser's table lacks or misreads, taken out before it decodes the rest: the
# escapes papercli's own export writes for braces and the like (\textbraceleft{}), LaTeX's
# escaped braces and dollar (\{ \} \$, which it would strip to nothing or keep as is), and
# the TeX logos (\LaTeX is not \L, a Ł, and "aTeX").
_LITERALS = {
    r"\{": "{", r"\}": "}", r"\$": "$", r"\textbraceleft": "{", r"\textbraceright": "}",
    r"\textbackslash": "\\", r"\textasciicircum": "^", r"\textasciitilde": "~",
    r"\textless": "<", r"\textgreater": ">", r"\textbar": "|",
    r"\textdollar": "$", r"\LaTeXe": "LaTeX2e", r"\LaTeX": "LaTeX", r"\TeX": "TeX",
    r"\BibTeX": "BibTeX", r"\XeTeX": "XeTeX", r"\XeLaTeX": "XeLaTeX",
    r"\LuaTeX": "LuaTeX", r"\LuaLaTeX": "LuaLaTeX", "\\ ": " ",
}
_LITERAL_RE = re.compile(
    r"(\\[{}$ ]|(?:" + "|".join(re.escape(k) for k in sorted(
        (k for k in _LITERALS if k[1].isalpha()), key=len, reverse=True))
    + r")(?![A-Za-z])(?:\{\})?)")
# A tie (~) is a space. Accents on a letter are decoded here, not by bibtexparser, which
# reads an accent on a dotless i ({\'\i}, the usual way to write í) as "ı" and a combining
# mark, and a second {\'i} in one value as a stray "\'". Between the command and its
# letter, spaces and one line break, as TeX skips them; never a blank line, which ends
# TeX's paragraph (`baselines\'`, a blank line, `We …` is no Ẃ).
_TIE = re.compile(r"(?<!\\)~")
_GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
_ACCENT = re.compile(
    r"\\(?:([`'^\"~=.])" + _GAP + r"|([uvHckrdb])(?![A-Za-z])" + _GAP + r")"
    r"(?:\{\s*(?:([A-Za-z])|\\([ij])(?![A-Za-z]))\s*\}|([A-Za-z])|\\([ij])(?![A-Za-z]))")


def _accented(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(2)
    letter = next(g for g in match.groups()[2:] if g)
    return unicodedata.normalize("NFC", letter + ACCENTS[accent])


# The letters LaTeX has commands for (`latex.LETTERS`), shown as arXiv shows them: its
# abs pages and listings show an author's "Jos\'e Garc\'ia" as "José García".
_TEX_LETTER = r"\\(?:" + "|".join(sorted(LETTERS, key=len, reverse=True)) + \
    r")(?![A-Za-z])"
_TEX_UNIT = "(?:" + _ACCENT.pattern + "|" + _TEX_LETTER + ")"
# An accent or letter, alone in braces ({\"u}, the usual way) or not; as TeX (and arXiv)
# do, a letter command's name ends at the space or empty group after it (Gro\ss e, \o{}).
_TEX_TEXT = re.compile(r"\{\s*(?P<braced>" + _TEX_UNIT + r")\s*\}|(?<!\\)(?P<accent>"
                       + _ACCENT.pattern + r")|(?<!\\)(?P<letter>" + _TEX_LETTER
                       + r")(?:\{\}| )?")
# Maths, left as typed: $...$, $$...$$, \(...\), \[...\] (an escaped \$ starts none).
_TEX_MATH = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)|"
                       r"\\\[.+?\\\]", re.DOTALL)


def tex_accents(text: str) -> str:
    """`text` with LaTeX's accents and letters as Unicode (`Jos\\'e` "José", `{\\"u}`
    "ü", `\\c{c}` "ç", `\\ss` "ß"), outside maths; everything else as typed: what arXiv's
    pages show of a title or an author its snapshot keeps in TeX."""
    if "\\" not in text:
        return text
    out: list[str] = []
    pos = 0
    for math in _TEX_MATH.finditer(text):
        out += [_TEX_TEXT.sub(_tex_unit, text[pos:math.start()]), math.group()]
        pos = math.end()
    out.append(_TEX_TEXT.sub(_tex_unit, text[pos:]))
    return unicodedata.normalize("NFC", "".join(out))


def _tex_unit(match: re.Match[str]) -> str:
    unit = (match.group("braced") or match.group("accent") or match.group("letter")).strip()
    accent = _ACCENT.fullmatch(unit)
    if accent:
        return _accented(accent)
    return LETTERS[unit[1:]]


# \vphantom{...} prints nothing: Zotero writes a brace of the text as "\{\vphantom{\}}"
# and "\vphantom{\{}\}", so that the entry's braces still pair.
_PHANTOM = re.compile(r"\\vphantom\s*\{(?:\\[{}]|[^{}\\])*\}")


def _latex(text: str) -> str:
    """A BibTeX value as text: LaTeX accents and escapes decoded, braces dropped; maths
    kept as typed (`$\\alpha$` stays `$\\alpha$`, as papercli's own export writes it),
    but for braced maths of one symbol (`{$\\pi$}`), Zotero's way to write a π: a π."""
    if "$" not in text and "\\(" not in text and "\\[" not in text:
        return _latex_text(text)
    if "{$" in text:
        text = _ZOTERO_SYMBOL.sub(_zotero_symbol, text)
    out: list[str] = []
    pos = 0
    for math in _TEX_MATH.finditer(text):
        out += [_latex_text(text[pos:math.start()]), _ENSURED.sub(_symbol, math.group())]
        pos = math.end()
    out.append(_latex_text(text[pos:]))
    return "".join(out)


# Zotero's BibTeX export writes a Greek letter or maths sign of a title as braced maths of
# that one command (π as `{$\\pi$}`, ≤ as `{$\\leq$}`); papercli's own export never braces
# maths, so `$\\alpha$-Bench` it wrote still comes back as typed.
_ZOTERO_SYMBOL = re.compile(r"(?<!\\)\{\$\\([A-Za-z]+)\$\}")


def _zotero_symbol(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in LETTERS:  # \o, \i, \L...: text letters, no maths symbols
        return match.group()
    char = _WORDS.get(name) or _table().get(name)
    return char if char and char.strip() else match.group()  # (\par is no symbol)


# A symbol papercli's export writes for a character pdfLaTeX cannot read (`\ensuremath{
# \beta}` for β), inside maths too, where no one else writes \ensuremath: the character.
_ENSURED = re.compile(r"\\ensuremath\{\\([A-Za-z]+)\}")


def _symbol(match: re.Match[str]) -> str:
    name = match.group(1)
    return _WORDS.get(name) or _table().get(name) or match.group()


def _latex_text(text: str) -> str:
    pieces = _LITERAL_RE.split(_PHANTOM.sub("", text) if "\\vphantom" in text else text)
    out = []
    for n, piece in enumerate(pieces):
        if n % 2:  # an escape: its literal text
            out.append(_LITERALS[piece.removesuffix("{}")])
        elif piece:
            out.append(_decoded(_ACCENT.sub(_accented, _TIE.sub(" ", piece))))
    return "".join(out)


# bibtexparser replaces the commands of its table wherever their letters appear, so a
# longer command that starts like one is garbled: \ldots read "łdots" (\l), \cdots "·s",
# \url{...} "r̆l..." (\u), \cite{a} "i̧tea". So each command is read here by its whole
# name: a text style (\textit{Natrix}, Zotero's italics; {\em x}) keeps its text, a few
# text commands are their characters, one in bibtexparser's table is that table's
# character, and any other (\cite{a}, \href{...}{...}) is kept as typed, arguments and all.
_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_ARGUMENTS = re.compile(r"(?:\{[^{}]*\})*")
# Spacing and hyphenation hints: a thin or medium space (\, \; \:) is a space, \! \- \@ \/
# nothing (`\\,` is a line break, then a comma).
_SPACING = re.compile(r"(?<!\\)\\([,;:!\-@/])")
_STYLES = frozenset({
    "emph", "textit", "textbf", "textsc", "texttt", "textsf", "textrm", "textsl", "textup",
    "textmd", "textnormal", "underline", "uline", "mkbibemph", "mkbibitalic", "mkbibbold",
    "mkbibquote", "enquote", "NoCaseChange", "nocase", "url", "textsuperscript",
    "textsubscript", "em", "it", "bf", "sc", "tt", "sl", "sf", "rm", "itshape", "bfseries",
    "scshape", "ttfamily", "upshape", "mdseries", "normalfont", "noindent", "ensuremath",
})
_WORDS = {"par": "\n\n", "newline": " ", "linebreak": " ", "dots": "…", "textellipsis": "…",
          "copyright": "©", "dag": "†", "ddag": "‡", "S": "§", "P": "¶",
          # text commands bibtexparser's table lacks (or, \textperiodcentered, misreads
          # as a dot above): what Zotero and JabRef write for ’ ‘ " _ € µ ÷ ± ·
          "textquoteright": "’", "textquoteleft": "‘", "textquotedbl": '"',
          "textunderscore": "_", "texteuro": "€", "textmu": "µ", "textdiv": "÷",
          "textpm": "±", "textperiodcentered": "·",
          # maths the table lacks, as papercli's own export writes θ and ≠ (\ensuremath)
          "theta": "θ", "vartheta": "ϑ", "neq": "≠"}


def _table() -> dict[str, str]:
    """bibtexparser's commands by name (`ldots` → "…", `ss` → "ß"), read once."""
    if not _TABLE:
        from bibtexparser import latexenc  # type: ignore[import-untyped]

        for table in (latexenc.unicode_to_crappy_latex1, latexenc.unicode_to_latex,
                      latexenc.unicode_to_crappy_latex2):
            for char, latex in table:
                found = re.fullmatch(r"\{?\\([A-Za-z]+)\}?\s*(?:\{\})?", latex)
                if found:
                    _TABLE.setdefault(found.group(1), char)
    return _TABLE


_TABLE: dict[str, str] = {}


# Entries of bibtexparser's table that are no LaTeX but text anyone types, which it
# replaces wherever a value has a brace or a backslash: "50\% of our 'normal' tasks" came
# back "50% of our ŉormal' tasks", "x := y" "x ≔ y". They are kept as typed.
_TYPED = re.compile(r"'n|,,|:=|=:|'{4}")
# A braced apostrophe (`Don{'}t`, kept from a style's case changes) is the apostrophe, not
# the table's prime (′, which is `$'$` in LaTeX): the braces go, as around any other text.
_BRACED_QUOTES = re.compile(r"\{('+)\}")


def latex_to_unicode(text: str) -> str:
    """bibtexparser's latex_to_unicode, the text of `_TYPED` left as it is."""
    from bibtexparser.latexenc import latex_to_unicode as decode  # type: ignore[import-untyped]

    if "{'" in text:
        text = _BRACED_QUOTES.sub(r"\1", text)
    if _TYPED.search(text) is None:
        return str(decode(text))
    pieces = _TYPED.split(text)
    typed = [*_TYPED.findall(text), ""]
    return "".join(str(decode(piece)) + typed[n] for n, piece in enumerate(pieces))


def _decoded(text: str) -> str:
    """Text without the literal escapes (`_LITERALS`): commands by their whole names, the
    rest (maths letters, ligatures, braces) by bibtexparser."""
    if "\\" not in text:
        return str(latex_to_unicode(text))
    text = _SPACING.sub(lambda m: " " if m.group(1) in ",;:" else "", text)
    out: list[str] = []
    pos = 0
    for match in _COMMAND.finditer(text):
        if match.start() < pos:  # inside an unknown command's arguments, kept as typed
            continue
        name, end = match.group(1), match.end()
        if name in _STYLES:
            value = ""
        elif name in _WORDS:
            value = _WORDS[name]
        elif name in _table():
            value = _table()[name]
            if value.isalpha() and text[end:end + 1] == " ":  # Gro\ss e: TeX's "Große"
                end += 1
        else:
            arguments = _ARGUMENTS.match(text, end)
            end = arguments.end() if arguments else end
            value = text[match.start():end]
        out += [latex_to_unicode(text[pos:match.start()]), value]
        pos = end
    out.append(latex_to_unicode(text[pos:]))
    return unicodedata.normalize("NFC", "".join(out))


def _customize(record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if not isinstance(value, str) or key in ("ID", "ENTRYTYPE"):
            out[key] = value
        elif key == "author":
            out[key] = [_latex(n) for n in _split_names(value)
                        if n.lower() != "others"]  # BibTeX's "et al.", no author
        elif key in ("url", "doi", "eprint"):
            out[key] = value.strip()
        elif key.startswith(("annote", "annotation")):  # a note: its line breaks kept
            out[key] = _latex(_LATEX_BREAK.sub("\n", value))
        else:
            out[key] = _latex(value)
    return out


_SHAPES = {
    BIBTEX: "a BibTeX file is @type{key, field = {value}, ...} entries",
    RIS: "a RIS file is records, each from its TY line to its ER line",
    CSLJSON: "CSL-JSON is a list of objects with 'type', 'title' and 'issued'",
}


def bibtex_references(stream: BinaryIO, name: str, counts: Counts,
                      on_read: Callable[[int], None] | None = None) -> Iterator[Reference]:
    """Each entry of a BibTeX file as a Reference; malformed ones counted in `counts`.
    (bibtexparser 1.x reads about a hundred entries a second: `on_read` gets the bytes
    read so far, for a progress bar.)"""
    parser = _BibParser()
    blocks = 0
    for block in bibtex_blocks(stream, name, on_read, counts.encoding):
        blocks += 1
        if block.kind in ("comment", "preamble"):
            continue
        if not block.kind:
            counts.malformed(f"line {block.line}: {block.problem}")
            continue
        try:
            entries = parser.parse(block.text)
        except ValueError as exc:
            counts.malformed(f"line {block.line}: {exc}")
            continue
        if block.kind == "string":
            continue
        if not entries:
            counts.malformed(f"line {block.line}: not a BibTeX entry")
            continue
        for fields in entries:
            counts.entries += 1
            yield from_bibtex(fields)
    if not blocks:
        raise _no_entries(name, BIBTEX)


def _no_entries(name: str, kind: str) -> PapersError:
    """The error for a file read as BibTeX or RIS (its name says so: `by_name`) that holds
    not one entry: its shape said where it fits 80 columns (a short name), else where
    papers import's formats are."""
    error = PapersError(f"{name} has no {LABELS[kind]} {'records' if kind == RIS else 'entries'}",
                        hint=_SHAPES[kind])
    error.shorter = [(error.message, "see papers import --help"), (error.message, None)]
    return error


def _references(entries: Iterable[tuple[str, Any]], parse: Callable[[Any], Reference],
                counts: Counts) -> Iterator[Reference]:
    """`parse` of each (where, entry); one it cannot read is counted as malformed, by
    where it is ("item 3", "line 40"), and reading goes on."""
    for where, entry in entries:
        try:
            ref = parse(entry)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError,
                RecursionError) as exc:
            counts.malformed(f"{where}: {exc}"[:200])
            continue
        counts.entries += 1
        yield ref


def csl_references(stream: BinaryIO, name: str, counts: Counts) -> Iterator[Reference]:
    from papercli import jsonstream

    unwrapped = _csl_items(jsonstream.items(stream, name), name)
    return _references(((f"item {n}", raw) for n, raw in enumerate(unwrapped, 1)),
                       from_csl, counts)


def _csl_items(values: Iterable[Any], name: str) -> Iterator[Any]:
    """The CSL items of a file's JSON values: an object that is no item (no "type", no
    "title") holding them under "items", which Zotero's web API answers for
    `format=csljson`, gives those (one object, as the JSON reader bounds an item); such
    an object holding them under another key is refused, as a Hub file's wrapped list
    is (`jsonstream.wrapped_list`). Either was read as one untitled entry, exit 0."""
    from papercli import jsonstream

    for value in values:
        if not isinstance(value, dict) or {"type", "title"} & value.keys():
            yield value
            continue
        inner = value.get("items")
        if isinstance(inner, list):
            yield from inner
            continue
        key = next((str(k) for k, v in value.items() if isinstance(v, list) and v
                    and isinstance(v[0], dict) and {"type", "title"} & v[0].keys()), None)
        if key is not None:
            raise jsonstream.wrapped_list(name, key)
        yield value


def ris_records(stream: BinaryIO, name: str,
                counts: Counts) -> Iterator[tuple[int, str]]:
    """(line, text) of each RIS record, `TY  -` to `ER  -`, one at a time; a record not
    closed before the next one or the end of the file, or longer than MAX_ENTRY
    characters, is counted as malformed. Lines between records are ignored."""
    reader = io.TextIOWrapper(stream, encoding=counts.encoding, errors="replace",
                              newline=None)
    lines: list[str] = []
    size = 0
    start = number = 0
    too_long = f"line {{}}: longer than {MAX_ENTRY >> 20} MiB"
    try:
        while line := reader.readline(MAX_ENTRY + 1):  # a line without end is bounded too
            number += 1
            if len(line) > MAX_ENTRY:  # the rest of that line is passed over
                while not line.endswith("\n") and (line := reader.readline(CHUNK)):
                    pass
                if lines:
                    counts.malformed(too_long.format(start))
                    lines = []
                continue
            if number == 1:
                line = line.lstrip("\ufeff")
            tag = _RIS_TAG.match(line)
            if tag is not None:  # in the standard's own spacing, which rispy reads
                # (A1 and AU both name a primary author, in the byline's order: rispy keeps
                # them apart, and a record of both read its AU authors before its A1 ones)
                line = f"{'AU' if tag.group(1) == 'A1' else tag.group(1)}  - " \
                       f"{line[tag.end():]}"
            if line.startswith("TY  -"):
                if lines:
                    counts.malformed(f"line {start}: no ER before the next TY")
                lines, size, start = [line], len(line), number
            elif lines:
                size += len(line)
                if size > MAX_ENTRY:
                    counts.malformed(too_long.format(start))
                    lines = []
                    continue
                lines.append(line)
                if line.startswith("ER  -"):
                    yield start, "".join(lines)
                    lines = []
    except OSError as exc:
        raise unreadable(name, exc) from None
    if lines:
        counts.malformed(f"line {start}: no ER before the end of the file")
    if not start:  # no TY line at all (a .ris of other text): as a .bib of no entry
        raise _no_entries(name, RIS)


_MULTILINE = frozenset({"AB", "N2", "N1"})  # the fields whose lines are kept


def _ris_parser() -> type:
    """rispy's parser, but a line that continues an abstract or a note is joined to it
    with a line break, as Zotero reads it (rispy joins with a space, or makes a note's
    next line a note of its own): paragraphs and a note's lines come back; an abstract
    wrapped at 80 columns is folded again by clean_block."""
    import rispy  # type: ignore[import-untyped]

    class Parser(rispy.RisParser):  # type: ignore[misc]
        def _add_tag(self, record: dict[str, Any], tag: str, content: str,
                     extend_multiline: bool = False) -> None:
            name = self.mapping.get(tag)
            value = record.get(name) if extend_multiline and tag in _MULTILINE else None
            if isinstance(value, str):
                record[name] = f"{value}\n{content}"
            elif isinstance(value, list) and value and isinstance(value[-1], str):
                value[-1] = f"{value[-1]}\n{content}"
            else:
                super()._add_tag(record, tag, content, extend_multiline)

    return Parser


def ris_references(stream: BinaryIO, name: str, counts: Counts) -> Iterator[Reference]:
    import rispy

    parser = _ris_parser()

    def parse(text: str) -> Reference:
        # one record: ValueError when rispy finds none
        (record,) = rispy.loads(text, implementation=parser)
        return from_ris(record)

    records = ((f"line {line}", text) for line, text in ris_records(stream, name, counts))
    return _references(records, parse, counts)


# -- importing ---------------------------------------------------------------------------


class TagCounts:
    """Tags made of keywords (`tag_papers`): (paper, tag) pairs added, keywords that had
    to be changed to be tags (the first few shown), keywords that cannot be one."""

    def __init__(self) -> None:
        self.tagged = 0
        self.slugged: list[tuple[str, str]] = []  # (keyword, the tag made of it), first few
        self.slugged_count = 0  # distinct keywords: one on 40 papers is one keyword
        self.skipped_keywords = 0
        # distinct keywords cut to TAG_MAX_LENGTH (of those slugged): a tag cut short was
        # said as any keyword changed, "made into a tag", or not at all
        self.cut_keywords = 0
        self.keywords_seen: set[str] = set()  # slugged or skipped so far


class FileNotes:
    """What one file's notes did so far, by paper, for its later entries of the same
    paper (`restore_notes`): a paper named again, in a later batch or the same one, is
    the file's own repeat, not a paper with a note of the user's to keep."""

    __slots__ = ("kept", "named", "restored", "same")

    def __init__(self) -> None:
        self.restored: set[str] = set()  # given the file's note
        self.same: set[str] = set()  # whose own note was the file's already
        self.kept: dict[str, str] = {}  # whose own note was kept: the file's, not restored
        self.named: set[str] = set()  # those of `kept` this file named first


class NoteCounts(TagCounts):
    """Tags (TagCounts) and notes given back by an import (`restore_notes`): restored,
    already there, or not restored because the paper has a note of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.notes = 0
        self.notes_same = 0
        self.notes_kept = 0  # the paper's own note kept, the file's not restored
        self.kept_papers: set[str] = set()  # the papers of those, each once
        self.kept_ids: list[str] = []  # the first MAX_REASONS of them
        self.file = FileNotes()  # the file being read's (`next_file`)

    def next_file(self) -> None:
        """The notes of another file from now on: a paper it names again is not one of
        its repeats (each file's entries are counted, as its stars are)."""
        self.file = FileNotes()

    def notes_dict(self) -> dict[str, Any]:
        return {"notes_restored": self.notes, "notes_already_there": self.notes_same,
                "notes_not_restored": self.notes_kept, "notes_not_restored_ids": self.kept_ids}


class Counts(NoteCounts):
    """What `papers import` says about one reference-manager file."""

    def __init__(self, name: str, kind: str) -> None:
        super().__init__()
        self.name = name
        self.kind = kind
        self.entries = 0  # entries read (malformed ones not included)
        self.bad = 0  # malformed entries skipped
        self.reasons: list[str] = []
        self.papers = 0  # distinct arXiv papers starred
        self.newly_starred = 0
        self.fetched = 0  # records fetched from the Hub or arXiv
        self.from_file = 0  # records stored from the file's own fields
        self.in_library = 0  # records the library had already (not `updated`)
        self.updated = 0  # records the library had from a file's fields alone, fetched
        self.fetch_failed = 0  # records that could not be fetched (`not_asked` included)
        self.not_asked = 0  # of those, papers a source out of reach was not asked about
        self.not_asked_of = ""  # that source: "the Hub" or "arXiv"
        # What failed first, ways to say it, longest first (`errors.briefly`); [] for none
        self.fetch_error: list[str] = []
        self.without_id = 0
        self.titles: list[str] = []  # of entries without an arXiv id (the first MAX_TITLES)
        self.encoding = "utf-8"  # or LEGACY (BibTeX and RIS; JSON is UTF-8)
        # Entries with an arXiv id whose batch is stored, starred and tagged: what an
        # import Ctrl-C cut short says it kept (the other counts run ahead of the writes).
        self.kept = 0

    @property
    def read(self) -> int:
        """Entries read, malformed ones included."""
        return self.entries + self.bad

    @property
    def added(self) -> int:
        """Papers the library did not have: fetched, or stored from the file's fields."""
        return self.fetched + self.from_file

    @property
    def unchanged(self) -> int:
        """Papers the library had (not `updated`), and entries naming a paper an earlier
        entry named."""
        return self.entries - self.without_id - self.papers + self.in_library

    @property
    def repeated(self) -> int:
        """Entries naming a paper an earlier entry of the file named (counted in
        `unchanged` too, which the totals take them out of)."""
        return self.entries - self.without_id - self.papers

    @property
    def skipped(self) -> int:
        """Entries not imported: malformed, or without an arXiv id."""
        return self.bad + self.without_id

    def malformed(self, reason: str) -> None:
        self.bad += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(reason)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.name, "format": self.kind, "entries": self.entries,
            "malformed": self.bad, "malformed_reasons": self.reasons,
            "starred": self.papers, "newly_starred": self.newly_starred,
            "fetched": self.fetched, "from_file": self.from_file,
            "in_library": self.in_library, "updated": self.updated,
            "fetch_failed": self.fetch_failed,
            "not_asked": self.not_asked,
            "without_arxiv_id": self.without_id, "titles_without_arxiv_id": self.titles,
            "tags_added": self.tagged, "keywords_slugged": self.slugged_count,
            "keywords_skipped": self.skipped_keywords, "keywords_cut": self.cut_keywords,
            "encoding": self.encoding,
            **self.notes_dict(),
        }


def tag_of(keyword: str) -> tuple[str | None, bool, bool]:
    """(the tag a keyword becomes, whether it had to be changed, whether it was cut to
    TAG_MAX_LENGTH); (None, _, _) when nothing of it can be a tag. "Machine Learning" →
    machine-learning, "#todo" → todo; a keyword whose `+` or ending `#` would be dropped
    ("C++", "C#") is none: "c" is C's tag."""
    from papercli.db.records import TAG_MAX_LENGTH as MAX_LENGTH
    from papercli.errors import UsageError
    from papercli.tags import normalize_tag

    try:
        return normalize_tag(keyword), False, False
    except UsageError:
        pass
    text = unicodedata.normalize("NFC", keyword).casefold()
    if "+" in text or re.search(r"\w#", text):  # (a hashtag's "#todo" is todo)
        return None, True, False
    slug = re.sub(r"[^\w./-]+", "-", text)
    slug = re.sub(r"-*/-*", "/", re.sub(r"-{2,}", "-", slug)).strip("-./")  # "ml / vision"
    cut = len(slug) > MAX_LENGTH
    slug = slug[:MAX_LENGTH].strip("-./")
    try:
        return normalize_tag(slug), True, cut
    except UsageError:
        return None, True, False


def import_references(
    session: Session, stream: BinaryIO, name: str, kind: str, *,
    get_papers: GetPapers, unreachable: Unreachable, tags: Sequence[str] = (),
    progress: Callable[[str, int, int | None], None] | None = None, total: int | None = None,
    counts: Counts | None = None,
) -> Counts:
    """Read one BibTeX, CSL-JSON or RIS file into the library and the user database;
    `get_papers` finds records the library lacks (library.get_papers's: passed in, so
    reading a file never imports the library module that dispatches to it), not asking
    a source `unreachable` found out of reach (one for the whole import);
    `progress` (name, bytes read, bytes in all) follows the file's reading.
    `counts`, given, is filled in as batches are stored: after Ctrl-C, its `kept` says
    what was."""
    counts = counts if counts is not None else Counts(name, kind)
    if kind != CSLJSON:
        stream, head = _head(stream)
        counts.encoding = encoding_of(head)

    def on_read(done: int) -> None:
        if progress is not None:
            progress(name, done, total)

    if progress is not None and kind != BIBTEX:  # (BibTeX's reader counts its own)
        stream = io.BufferedReader(_Counted(stream, on_read))
    refs = (bibtex_references(stream, name, counts, on_read) if kind == BIBTEX
            else ris_references(stream, name, counts) if kind == RIS
            else csl_references(stream, name, counts))
    fetcher = _Fetcher(session, counts, get_papers, unreachable)
    seen = IdSet()  # every paper the file named so far, whichever batch
    made = IdSet()  # the papers stored from the file's own fields, whichever batch
    with session.userdb() as udb:
        batch: dict[str, Reference] = {}
        entries = 0  # in `batch`, each paper's every entry
        again: set[str] = set()  # the papers of `batch` an earlier batch named
        reading = iter(refs)
        while True:
            try:
                ref = next(reading)
            except StopIteration:
                break
            except PapersError as exc:  # the file breaks here (cut off, its gzip data
                # ending early): the entries before the break are kept, and said to be
                _store(session, udb, list(batch.values()), tags, counts, fetcher, entries,
                       again, made)
                if not counts.papers:
                    raise
                raise _cut_short(exc, counts.papers) from None
            if ref.arxiv_id is None:
                counts.without_id += 1
                if len(counts.titles) < MAX_TITLES:
                    counts.titles.append(ref.title or "(untitled)")
                continue
            pid = ref.arxiv_id
            first = seen.add(pid)
            known = batch.get(pid)
            if known is not None:  # the same paper twice: one star, every keyword, note,
                # and the later entry's fields, as a Hub file's later item is the one kept
                ref = ref._replace(keywords=tuple(dict.fromkeys(
                    known.keywords + ref.keywords)), note=_both_notes(known.note, ref.note))
            elif not first:
                again.add(pid)
            batch[pid] = ref
            entries += 1
            if len(batch) >= BATCH:
                _store(session, udb, list(batch.values()), tags, counts, fetcher, entries,
                       again, made)
                batch.clear()
                again.clear()
                entries = 0
        if counts.bad and not counts.entries:
            # Nothing read: a file that only looks like one (a web page's CSS @media), or
            # one cut short in its first entry. A failure, not "starred 0 papers".
            raise _none_readable(name, kind, counts)
        _store(session, udb, list(batch.values()), tags, counts, fetcher, entries, again,
               made)
    return counts


def _cut_short(error: PapersError, kept: int) -> PapersError:
    """The error of a file that breaks part-way (cut off, its gzip data ending early),
    told how many papers the entries before the break starred (`kept`), as a Hub JSON
    file cut off says it ("x.json is cut off at line 893; 891 papers before it kept"):
    a Zotero export cut off said "is cut off — import it once it is whole" alone, exit 1,
    as though nothing had come in, and the entries of the batch being read were lost."""
    from papercli.errors import lead_when_none_fits
    from papercli.words import plural

    briefly = error.shorter
    error.message += (f"; the {plural(kept, 'paper')} before it "
                      f"{'is' if kept == 1 else 'are'} starred")
    # (the count before what to do, where both do not fit 80 columns with the name)
    counted = [f"; {plural(kept, 'paper')} before it kept", f"; {plural(kept, 'paper')} kept"]
    least = min(briefly, key=lambda way: len(way[0]), default=None)
    error.shorter = lead_when_none_fits([
        *((said + count, hint) for count in counted for said, hint in briefly),
        *((said + count, None) for count in counted for said, _ in briefly), *briefly],
        (least[0] + counted[-1], least[1]) if least else (error.message, error.hint))
    return error


def _none_readable(name: str, kind: str, counts: Counts) -> PapersError:
    """The error for a file not one entry of which could be read: its reasons (the
    first three) and the format's shape, else, to fit 80 columns, the first reason and
    what to check (a file cut off in its first entry: "was it cut off?"), else where it
    broke alone. Each reason and the shape said whole made 148 to 196 columns piped,
    for a file of a short name."""
    label = LABELS[kind]
    reasons = counts.reasons[:3]
    first = reasons[0] if reasons else "?"
    cut = "before the end of the file" in first  # (an entry open at the end)
    check = "was it cut off?" if cut else f"is it {label}?"
    rest = "; …" if counts.bad > 1 else ""
    whole = f"{name} has no {label} entry that can be read"
    brief = f"{name}: no {label} entry can be read"
    where = first.partition(": ")[0]
    error = PapersError(f"{whole} ({'; '.join(reasons)}{'; …' if counts.bad > 3 else ''})",
                        hint=_SHAPES[kind])
    error.shorter = [(f"{whole} ({first}{rest})", _SHAPES[kind]),
                     (f"{whole} ({first}{rest})", check),
                     (f"{brief} ({first}{rest})", check),
                     (f"{brief} ({where}{', …' if rest else ''})", check),
                     (brief, check)]
    return naming(error, name)


class _Fetcher:
    """Records the library lacks, from the Hub (or arXiv) unless offline, a batch's at a
    time: the Hub asked about each, then arXiv about all the Hub's misses in one request
    (`get_papers`; asked one at a time, ~3 s apart, a file of 200 such papers took ten
    minutes). A source found out of reach (no answer) for one paper is not asked about
    the rest of the import (`unreachable`, shared by all its files): each of them waited
    its timeout. After FETCH_GIVE_UP failures of another kind in a row it stops asking
    as well."""

    def __init__(self, session: Session, counts: Counts, get_papers: GetPapers,
                 unreachable: Unreachable) -> None:
        self.session = session
        self.counts = counts
        self.get_papers = get_papers
        self.unreachable = unreachable
        self.failures = 0
        self.enabled = True  # False once given up on

    def __call__(self, ids: Sequence[str]) -> dict[str, Paper]:
        """The records found of `ids` (none of them in the library but from a file's
        fields), each not found counted (`Counts`): why not."""
        if self.session.offline or not ids:
            return {}
        counts = self.counts
        if not self.enabled:  # given up on (its first error is said)
            counts.fetch_failed += len(ids)
            return {}
        hub = self.unreachable.hub
        if hub is not None:  # out of reach (found so by this file, or an earlier one)
            for _ in ids:
                counts.fetch_failed += 1
                self._unasked("the Hub")
            counts.fetch_error = counts.fetch_error or briefly(hub)
            return {}
        answers = self.get_papers(self.session, ids, self.unreachable,
                                  FETCH_GIVE_UP - self.failures)
        found: dict[str, Paper] = {}
        seen: list[PapersError] = []  # errors given again to the ids not asked after them
        for pid, got in zip(ids, answers, strict=True):
            if isinstance(got, Paper):
                self.failures = 0
                found[pid] = got
                continue
            counts.fetch_failed += 1
            again = any(got is earlier for earlier in seen)
            if not again:
                seen.append(got)
            self._failed(got, again)
        return found

    def _failed(self, exc: PapersError, again: bool) -> None:
        """One paper not fetched; `again`: given the error of the paper before, unasked."""
        from papercli.errors import NotFoundError, UnaskedError

        counts = self.counts
        if isinstance(exc, UnaskedError):  # not on the Hub, and arXiv could not be asked
            self.failures = 0  # (the Hub answered)
            counts.fetch_error = counts.fetch_error or briefly(exc)
            if not exc.asked:
                self._unasked("arXiv")
        elif isinstance(exc, NotFoundError):
            self.failures = 0
        elif again and exc is self.unreachable.hub:  # the Hub out of reach: not asked
            self._unasked("the Hub")
        elif again:  # given up on
            self.enabled = False
        else:
            counts.fetch_error = counts.fetch_error or briefly(exc)
            self.failures += 1
            if self.failures >= FETCH_GIVE_UP:
                self.enabled = False

    def _unasked(self, source: str) -> None:
        """One paper more `source` was not asked about (the warning names the source)."""
        counts = self.counts
        counts.not_asked += 1
        if counts.not_asked_of not in ("", source):
            source = "the Hub or arXiv"
        counts.not_asked_of = source


def _store(session: Session, udb: UserDB, refs: list[Reference], tags: Sequence[str],
           counts: Counts, fetch: _Fetcher, entries: int, again: set[str],
           made_here: IdSet) -> None:
    """One batch (`entries` entries): each paper's record found or made (fetching may be
    cut short by Ctrl-C), then starred, tagged and counted in `kept`, or none of that.
    The papers in `again` an earlier batch named (`repeats.IdSet`): starred and tagged
    again, counted neither as starred nor as in the library, but as repeated (`Counts`:
    entries less papers); a repeat 200 entries on counted twice as starred. One of them
    an earlier batch stored from the file's fields (`made_here`, which gets each paper
    stored so) is stored again from this later entry's, as within a batch.

    A paper the library has only from a file's fields (no source has seen it: this
    file's or another's, imported --offline or while the Hub could not be asked) is
    fetched as one it lacks (`unseen`): counted as updated when it comes, else as in
    the library. A re-run of an import whose fetches failed said "250 already in the
    library" and never fetched them."""
    from papercli.db.schema import IMPORTED_AT
    from papercli.outfile import READ_SO_FAR, held_signals

    if not refs:
        return
    store = session.store()
    held: dict[str, Paper | None] = {}
    unseen: set[str] = set()  # in the library from a file's fields alone: asked again
    later = {r.arxiv_id for r in refs if r.arxiv_id in again and r.arxiv_id in made_here}
    for ref in refs:
        assert ref.arxiv_id
        if ref.arxiv_id in later:  # (neither in the library before the file, nor fetched)
            continue
        paper = store.get_paper(ref.arxiv_id)
        star = udb.star_of(ref.arxiv_id) if paper is None else None
        if star is not None:  # starred before a `cache clear`: its snapshot comes back
            store.upsert_papers([star.paper], fetched_at=IMPORTED_AT)
            paper = store.get_paper(ref.arxiv_id) or star.paper
        if (paper is not None and not paper.sources and ref.arxiv_id not in again
                and not session.offline):
            unseen.add(ref.arxiv_id)
        elif paper is not None and ref.arxiv_id not in again:
            counts.in_library += 1
        held[ref.arxiv_id] = paper
    fetched = fetch([pid for pid, paper in held.items() if paper is None or pid in unseen])
    for pid in held:
        if pid in fetched:
            if pid in unseen:
                counts.updated += 1
            else:
                counts.fetched += 1
        elif pid in unseen:  # (not fetched: kept as the library had it)
            counts.in_library += 1
    papers: list[Paper] = []
    made: list[Paper] = []
    for ref in refs:
        assert ref.arxiv_id
        if ref.arxiv_id in later:  # (counted as repeated: not as a paper from the file)
            made.append(paper := ref.paper())
            papers.append(paper)
            continue
        paper = fetched.get(ref.arxiv_id) or held[ref.arxiv_id]
        if paper is None:
            paper = ref.paper()
            made.append(paper)
            made_here.add(paper.id)
            counts.from_file += 1
        papers.append(paper)
    with held_signals(READ_SO_FAR):  # (seconds at most: a batch's few writes)
        if made:
            store.upsert_papers(made, fetched_at=IMPORTED_AT)
        added = udb.star(papers)
        counts.papers += sum(1 for paper in papers if paper.id not in again)
        counts.newly_starred += len(added)
        ids = [r.arxiv_id for r in refs if r.arxiv_id]
        tag_papers(udb, [(r.arxiv_id, r.keywords) for r in refs if r.arxiv_id], counts,
                   tags=tags, ids=ids)
        restore_notes(udb, [(r.arxiv_id, r.note) for r in refs if r.arxiv_id and r.note],
                      counts)
        counts.kept += entries


def tag_papers(udb: UserDB, keywords: Iterable[tuple[str, Sequence[str]]], counts: TagCounts,
               *, tags: Sequence[str] = (), ids: Sequence[str] = ()) -> None:
    """Each paper's keywords (paper id, keywords) made its tags (`tag_of`; a keyword that
    cannot be a tag is counted), and `tags` (already normalised) put on each of `ids`:
    a reference manager's keywords, and the tags of papercli's own export (exported.py)."""
    by_tag: dict[str, list[str]] = {tag: list(ids) for tag in tags}
    for paper_id, words in keywords:
        for keyword in words:
            tag, changed, cut = tag_of(keyword)
            # A keyword on many papers is one keyword: counted and shown once, not
            # "'Robot Learning' → robot-learning, 'Robot Learning' → robot-learning".
            first = (tag is None or changed) and keyword not in counts.keywords_seen
            if first:
                counts.keywords_seen.add(keyword)
            if tag is None:
                counts.skipped_keywords += first
                continue
            if changed and first:
                counts.slugged_count += 1
                counts.cut_keywords += cut
                if len(counts.slugged) < 5:
                    counts.slugged.append((keyword, tag))
            by_tag.setdefault(tag, []).append(paper_id)
    for tag, tagged in by_tag.items():
        counts.tagged += udb.add_tags(tagged, [tag])



def _as_lines(note: str) -> list[str]:
    """A note's lines as a RIS file keeps them (each trimmed, a run of blank lines one:
    every RIS reader trims lines), so the note a RIS export wrote reads back as the same
    note, not as one that differs from the paper's own."""
    lines = [line.strip() for line in note.split("\n")]
    return [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]


def _both_notes(first: str | None, second: str | None) -> str | None:
    """The note of a paper a file names twice (a duplicate item in Zotero, two exports put
    together): each entry's, a blank line between them, as an item's several notes are
    one; the same note once. The second was dropped without a word ("1 note restored").
    Where the two would be longer than a note may be, the later alone, as the later
    entry's fields are the ones kept."""
    from papercli.notes import MAX_NOTE

    if not first or not second or _as_lines(second) == _as_lines(first):
        return first or second
    both = f"{first}\n\n{second}"
    return both if len(both) <= MAX_NOTE else second


def restore_notes(udb: UserDB, notes: Iterable[tuple[str, str]], counts: NoteCounts) -> None:
    """Each (paper id, note) from a file put back where the paper has no note; a paper's
    own note is never overwritten (counted, and the first few ids kept, instead).

    A paper an earlier entry of the file gave a note (in an earlier batch, or earlier in
    this one) has this entry's note put with it (`_both_notes`), as two entries of it in
    one batch of a reference file are, and is counted once, by what the file's note of
    it, both entries', found: a batch later, the second entry's note was said to be "your
    own note", kept, and the file's "not restored", where in one batch the two entries
    said "1 note restored"."""
    wanted = list(notes)
    have = udb.notes_of([pid for pid, _ in wanted])
    file = counts.file
    for pid, note in wanted:
        old = have.get(pid)
        if pid in file.restored:  # (its note is the file's: both entries')
            both = _both_notes(old, note)
            if both is not None and both != old:
                udb.set_note(pid, both)
                have[pid] = both
            continue
        if pid in file.same:  # (the paper's own note was the file's so far)
            file.same.discard(pid)
            counts.notes_same -= 1
            note = _both_notes(old, note) or note
        elif pid in file.kept:  # (the file's so far differed from the paper's own)
            counts.notes_kept -= 1
            note = _both_notes(file.kept.pop(pid), note) or note
        if old is None:
            udb.set_note(pid, note)
            have[pid] = note
            counts.notes += 1
            file.restored.add(pid)
        elif old == note or _as_lines(old) == _as_lines(note):
            counts.notes_same += 1
            file.same.add(pid)
            if pid in file.named:  # (named by this file alone: no longer kept)
                file.named.discard(pid)
                counts.kept_papers.discard(pid)
                if pid in counts.kept_ids:
                    counts.kept_ids.remove(pid)
        else:
            counts.notes_kept += 1
            file.kept[pid] = note
            if pid not in counts.kept_papers:
                file.named.add(pid)
                counts.kept_papers.add(pid)
                if len(counts.kept_ids) < MAX_REASONS:
                    counts.kept_ids.append(pid)
